/* auth/account: the rules of changing an account live in the module, whoever calls it
 * (the API, the CLI): an administrator cannot lock themselves out. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "auth/account.h"
#include "auth/roles.h"
#include "fixture.h"
#include "util/error.h"

#define PASSWORD "a long enough password"

/* The self-lockout rules used to be checked by the HTTP handler only, so another caller
 * of kazi_account_update could disable the acting administrator's own account. */
static void test_account__an_administrator_cannot_lock_themselves_out(void **state)
{
    (void)state;
    kazi_db *db = kt_db_fresh(kt_dir);
    kazi_user ana, bahati;
    kazi_account_spec a = {"ana", NULL, PASSWORD, KAZI_ROLE_ADMIN, 0, NULL};
    kazi_account_spec b = {"bahati", NULL, PASSWORD, KAZI_ROLE_ADMIN, 0, NULL};
    assert_int_equal(kazi_account_create(&ana, db, kazi_caller_cli(), &a), KAZI_OK);
    assert_int_equal(kazi_account_create(&bahati, db, kazi_caller_cli(), &b), KAZI_OK);
    kazi_caller me = {
        .kind = KAZI_CALLER_USER, .user_id = ana.id, .name = "ana", .role = KAZI_ROLE_ADMIN};

    kazi_account_patch off = {.disabled = 1};
    assert_int_equal(kazi_account_update(NULL, db, &me, ana.id, &off), KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "disabled");
    kazi_account_patch demote = {.role = "national_hr_officer", .disabled = -1};
    assert_int_equal(kazi_account_update(NULL, db, &me, ana.id, &demote), KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "role");
    kazi_user now;
    assert_int_equal(kazi_user_get(&now, db, ana.id), KAZI_OK);
    assert_false(now.disabled);
    assert_string_equal(now.role, KAZI_ROLE_ADMIN);

    /* Another administrator may do both. */
    assert_int_equal(kazi_account_update(&now, db, &me, bahati.id, &demote), KAZI_OK);
    assert_string_equal(now.role, "national_hr_officer");
    assert_int_equal(kazi_account_update(&now, db, &me, bahati.id, &off), KAZI_OK);
    assert_true(now.disabled);
    kazi_db_close(db);
}

/* The caller's own password and second factor: the module, not the handler, refuses an
 * API token and names the wrong field (422, not the 401 of a lost session). */
static void test_account__own_password_and_factor_are_the_signed_in_users(void **state)
{
    (void)state;
    kazi_db *db = kt_db_fresh(kt_dir);
    kazi_user u;
    kazi_account_spec spec = {"neema", NULL, PASSWORD, "national_hr_officer", 0, NULL};
    assert_int_equal(kazi_account_create(&u, db, kazi_caller_cli(), &spec), KAZI_OK);
    kazi_caller me = {
        .kind = KAZI_CALLER_USER, .user_id = u.id, .name = "neema", .role = "national_hr_officer"};
    kazi_caller token = {
        .kind = KAZI_CALLER_TOKEN, .token_id = 1, .name = "token:1", .role = "national_hr_officer"};
    char secret[33];
    assert_int_equal(kazi_account_change_own_password(db, &token, PASSWORD, "another long one"),
                     KAZI_EDENIED);
    assert_int_equal(kazi_account_totp_begin(secret, db, &token), KAZI_EDENIED);
    assert_int_equal(kazi_account_totp_disable(db, &token, "000000"), KAZI_EDENIED);

    assert_int_equal(kazi_account_change_own_password(db, &me, "not it", "another long one"),
                     KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "current_password");
    assert_int_equal(kazi_account_change_own_password(db, &me, PASSWORD, "short"), KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "new_password");
    assert_int_equal(kazi_account_change_own_password(db, &me, PASSWORD, "another long one"),
                     KAZI_OK);

    char codes[KAZI_RECOVERY_CODES][15];
    assert_int_equal(kazi_account_totp_begin(secret, db, &me), KAZI_OK);
    assert_int_equal(kazi_account_totp_confirm(codes, db, &me, "not a code"), KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "code");
    kazi_db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_account__an_administrator_cannot_lock_themselves_out),
        cmocka_unit_test(test_account__own_password_and_factor_are_the_signed_in_users),
    };
    return cmocka_run_group_tests(tests, kt_group_tmpdir_rand, kt_group_rmtree);
}
