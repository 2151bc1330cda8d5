/* Bearer secrets and TOTP (auth/secret.h): 256-bit ids stored only as hashes,
 * recovery codes however they are typed, RFC 6238 codes with one step of drift and no
 * replay, and the otpauth:// URI an authenticator app scans. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "auth/secret.h"
#include "util/error.h"
#include "util/rand.h"

static void test_secret__ids_are_256_bit_and_hashed(void **state)
{
    (void)state;
    char a[65], b[65], ha[65], ha2[65], hb[65];
    kazi_secret_new(a);
    kazi_secret_new(b);
    assert_int_equal(strlen(a), 64);
    assert_string_not_equal(a, b);
    kazi_secret_hash(ha, a);
    kazi_secret_hash(ha2, a);
    kazi_secret_hash(hb, b);
    assert_string_equal(ha, ha2);
    assert_string_not_equal(ha, hb);
    assert_string_not_equal(ha, a);
    assert_true(kazi_secret_equal(a, a));
    assert_false(kazi_secret_equal(a, b));
    assert_false(kazi_secret_equal("abc", "abcd"));
}

static void test_secret__recovery_codes_normalise(void **state)
{
    (void)state;
    char c[15], n1[32], n2[32];
    kazi_secret_recovery_code(c);
    assert_int_equal(strlen(c), 14);
    assert_int_equal(c[4], '-');
    char typed[32];
    snprintf(typed, sizeof typed, " %.4s %.4s-%.4s ", c, c + 5, c + 10);
    for (char *p = typed; *p; p++)
        if (*p >= 'a' && *p <= 'z') *p = (char)(*p - 32);
    kazi_secret_normalise_code(n1, sizeof n1, c);
    kazi_secret_normalise_code(n2, sizeof n2, typed);
    assert_string_equal(n1, n2);
}

/* RFC 6238 appendix B, SHA-1 seed "12345678901234567890" (base32 below), 6 digits. */
#define RFC_SECRET "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

static void test_totp__rfc6238_vectors(void **state)
{
    (void)state;
    static const struct {
        int64_t t;
        const char *code;
    } v[] = {
        {59, "287082"}, {1111111109, "081804"}, {1234567890, "005924"}, {2000000000, "279037"}};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        char code[7];
        assert_int_equal(kazi_totp_generate(code, RFC_SECRET, v[i].t * 1000), KAZI_OK);
        assert_string_equal(code, v[i].code);
        int64_t step;
        assert_int_equal(kazi_totp_check(&step, RFC_SECRET, v[i].code, v[i].t * 1000, 0), KAZI_OK);
        assert_int_equal(step, v[i].t / 30);
    }
}

static void test_totp__drift_replay_and_garbage(void **state)
{
    (void)state;
    int64_t now = 1700000000000, step;
    char code[7];
    assert_int_equal(kazi_totp_generate(code, RFC_SECRET, now - 30000), KAZI_OK);
    assert_int_equal(kazi_totp_check(&step, RFC_SECRET, code, now, 0), KAZI_OK); /* one step late */
    assert_int_equal(kazi_totp_check(&step, RFC_SECRET, code, now, step),
                     KAZI_EUNAUTH); /* replay */
    assert_int_equal(kazi_totp_generate(code, RFC_SECRET, now - 120000), KAZI_OK);
    assert_int_equal(kazi_totp_check(&step, RFC_SECRET, code, now, 0), KAZI_EUNAUTH); /* too old */
    assert_int_equal(kazi_totp_check(&step, RFC_SECRET, "12345", now, 0), KAZI_EUNAUTH);
    assert_int_equal(kazi_totp_check(&step, RFC_SECRET, "12a456", now, 0), KAZI_EUNAUTH);
    assert_int_equal(kazi_totp_check(&step, RFC_SECRET, NULL, now, 0), KAZI_EUNAUTH);
    char fresh[33];
    assert_int_equal(kazi_totp_secret_new(fresh), KAZI_OK);
    assert_int_equal(strlen(fresh), 32);
}

static void test_secret__recovery_codes_differ_and_use_plain_letters(void **state)
{
    (void)state;
    char a[15], b[15];
    kazi_secret_recovery_code(a);
    kazi_secret_recovery_code(b);
    assert_string_not_equal(a, b);
    for (int i = 0; i < 14; i++) {
        if (i == 4 || i == 9) {
            assert_int_equal(a[i], '-');
            continue;
        }
        /* lowercase letters and digits, none that reads like another (0/o, 1/l/i) */
        assert_true((a[i] >= 'a' && a[i] <= 'z') || (a[i] >= '2' && a[i] <= '9'));
        assert_null(strchr("oli", a[i]));
    }
    char small[5];
    kazi_secret_normalise_code(small, sizeof small, "AB-CD EF");
    assert_string_equal(small, "abcd"); /* truncated to the buffer, still terminated */
}

static void test_totp__wrong_secret_and_uri(void **state)
{
    (void)state;
    /* Deterministic: another fixed secret's code at t = 59 s is not RFC_SECRET's. */
    char code[7];
    int64_t step;
    assert_int_equal(kazi_totp_generate(code, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", 59000), KAZI_OK);
    assert_string_not_equal(code, "287082");
    assert_int_equal(kazi_totp_check(&step, RFC_SECRET, code, 59000, 0), KAZI_EUNAUTH);
    char uri[256];
    kazi_totp_uri(uri, sizeof uri, "Kazi", "admin", RFC_SECRET);
    assert_string_equal(uri, "otpauth://totp/Kazi:admin?secret=" RFC_SECRET
                             "&issuer=Kazi&digits=6&period=30");
}

int main(void)
{
    if (kazi_rand_init() < 0) return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_secret__ids_are_256_bit_and_hashed),
        cmocka_unit_test(test_secret__recovery_codes_normalise),
        cmocka_unit_test(test_secret__recovery_codes_differ_and_use_plain_letters),
        cmocka_unit_test(test_totp__rfc6238_vectors),
        cmocka_unit_test(test_totp__drift_replay_and_garbage),
        cmocka_unit_test(test_totp__wrong_secret_and_uri),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
