/* Passwords (auth/password.h): argon2id hashes that verify only the right password, a
 * wrong or missing hash that fails like a wrong password, and the length policy. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "auth/password.h"
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

int main(void)
{
    if (kazi_rand_init() < 0) return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_password__hash_verifies_and_rejects),
        cmocka_unit_test(test_password__missing_hash_fails_after_real_work),
        cmocka_unit_test(test_password__policy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
