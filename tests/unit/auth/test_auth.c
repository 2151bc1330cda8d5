/* Password hashing, bearer-secret hashing, TOTP (RFC 6238 vectors), roles and the
 * scope helpers every handler relies on. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "auth/access.h"
#include "auth/password.h"
#include "auth/roles.h"
#include "auth/secret.h"
#include "util/error.h"
#include "util/rand.h"

static void test_password__hash_verifies_and_rejects(void **state)
{
    (void)state;
    char h[KAZI_PASSWORD_HASH_MAX];
    assert_int_equal(kazi_password_hash(h, "correct horse battery"), KAZI_OK);
    assert_true(strncmp(h, "$argon2id$v=19$m=19456,t=2,p=1$", 31) == 0);
    assert_int_equal(kazi_password_verify(h, "correct horse battery"), KAZI_OK);
    assert_int_equal(kazi_password_verify(h, "correct horse batterY"), KAZI_EUNAUTH);
    assert_int_equal(kazi_password_verify(h, ""), KAZI_EUNAUTH);
    char h2[KAZI_PASSWORD_HASH_MAX];
    assert_int_equal(kazi_password_hash(h2, "correct horse battery"), KAZI_OK);
    assert_string_not_equal(h, h2); /* salted */
}

static void test_password__missing_hash_fails_after_real_work(void **state)
{
    (void)state;
    assert_int_equal(kazi_password_verify(NULL, "anything at all"), KAZI_EUNAUTH);
    assert_int_equal(kazi_password_verify("plain-text", "plain-text"), KAZI_EUNAUTH);
    assert_string_equal(kazi_error_last()->message, "wrong username or password");
}

static void test_password__policy(void **state)
{
    (void)state;
    assert_int_equal(kazi_password_check_policy("elevenchars", "password"), KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "password");
    assert_int_equal(kazi_password_check_policy("twelve chars", "password"), KAZI_OK);
    assert_int_equal(kazi_password_check_policy(NULL, "pw"), KAZI_EINVALID);
    char big[1100];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_int_equal(kazi_password_check_policy(big, "password"), KAZI_EINVALID);
}

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

static void test_roles__deny_by_default(void **state)
{
    (void)state;
    assert_true(kazi_role_has("administrator", "anything.at_all"));
    assert_true(kazi_role_has("analyst", "reports.aggregate"));
    assert_false(kazi_role_has("analyst", "people.read"));
    assert_false(kazi_role_has("analyst", "reports.personal"));
    assert_false(kazi_role_has("district_hr_officer", "users.write"));
    assert_false(kazi_role_has("nobody", "self"));
    assert_false(kazi_role_has(NULL, "self"));
    assert_false(kazi_role_has("trainer", NULL));
    assert_int_equal(kazi_role_scope_rule("district_hr_officer"), KAZI_SCOPE_REQUIRED);
    assert_int_equal(kazi_role_scope_rule("administrator"), KAZI_SCOPE_NATIONAL);
    json_t *r = kazi_roles_json();
    assert_int_equal(json_array_size(r), 6);
    json_decref(r);
}

static void test_access__scope_helpers(void **state)
{
    (void)state;
    kazi_caller national = {.kind = KAZI_CALLER_USER,
                            .role = "national_hr_officer",
                            .scope_path = "/",
                            .scope_end = "0"};
    kazi_caller district = {.kind = KAZI_CALLER_USER,
                            .role = "district_hr_officer",
                            .scope_org_unit_id = 7,
                            .scope_path = "/1/2/7/",
                            .scope_end = "/1/2/70"};
    assert_true(kazi_caller_sees(&national, "/1/3/9/"));
    assert_true(kazi_caller_sees(&district, "/1/2/7/"));
    assert_true(kazi_caller_sees(&district, "/1/2/7/44/"));
    assert_false(kazi_caller_sees(&district, "/1/2/70/")); /* id 70 is not inside 7 */
    assert_false(kazi_caller_sees(&district, "/1/2/"));
    assert_false(kazi_caller_sees(&district, NULL));
    assert_true(kazi_caller_above(&district, "/1/2/"));
    assert_true(kazi_caller_above(&district, "/1/"));
    assert_false(kazi_caller_above(&district, "/1/2/7/"));
    assert_false(kazi_caller_above(&district, "/1/3/"));
    assert_true(kazi_auth_can(&district, "people.read"));
    assert_false(kazi_auth_can(&district, "users.read"));
    kazi_caller pending = {.role = "administrator", .mfa_pending = 1};
    assert_true(kazi_auth_can(&pending, "self"));
    assert_false(kazi_auth_can(&pending, "users.read"));
    assert_false(kazi_auth_can(NULL, "self"));
    const char *lo, *hi;
    kazi_caller_scope_range(&district, &lo, &hi);
    assert_true(strcmp(lo, "/1/2/7/") <= 0 && strcmp("/1/2/7/44/", hi) < 0);
    assert_true(strcmp("/1/2/70/", hi) >= 0); /* a sibling with a longer id is outside */
}

int main(void)
{
    if (kazi_rand_init() < 0) return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_password__hash_verifies_and_rejects),
        cmocka_unit_test(test_password__missing_hash_fails_after_real_work),
        cmocka_unit_test(test_password__policy),
        cmocka_unit_test(test_secret__ids_are_256_bit_and_hashed),
        cmocka_unit_test(test_secret__recovery_codes_normalise),
        cmocka_unit_test(test_totp__rfc6238_vectors),
        cmocka_unit_test(test_totp__drift_replay_and_garbage),
        cmocka_unit_test(test_roles__deny_by_default),
        cmocka_unit_test(test_access__scope_helpers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
