/* auth/account: accounts and tokens on a migrated database. A bad username, role or
 * password is refused naming the field, a taken username is a conflict; disabling a
 * user ends their sessions; a second factor is enrolled with a current code and its
 * recovery codes come once; a token is shown once and, revoked, signs nothing in. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "auth/account.h"
#include "auth/secret.h"
#include "auth/session.h"
#include "fixture.h"
#include "store/user.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/rand.h"
#include <stdio.h>
#include "auth/roles.h"

#define PW "a long enough password"

static int setup(void **state)
{
    if (kazi_rand_init() < 0 || kt_group_db(state) < 0) return -1;
    kazi_auth_opts o = {.idle_ms = 60000,
                        .absolute_ms = 300000,
                        .admin_totp_required = 0,
                        .user_limit = 100,
                        .addr_limit = 100,
                        .window_ms = 60000};
    kazi_auth_configure(&o);
    return 0;
}

static void test_account__bad_fields_are_named(void **state)
{
    (void)state;
    static const struct {
        kazi_account_spec s;
        const char *field;
    } bad[] = {
        {{"Amina", NULL, PW, "analyst", 0, NULL}, "username"},
        {{"am", NULL, PW, "analyst", 0, NULL}, "username"},
        {{"amina", NULL, PW, "emperor", 0, NULL}, "role"},
        {{"amina", NULL, "short", "analyst", 0, NULL}, "password"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(kazi_account_create(NULL, kt_db, kazi_caller_cli(), &bad[i].s),
                         KAZI_EINVALID);
        assert_string_equal(kazi_error_last()->field, bad[i].field);
    }
    kazi_account_spec ok = {"amina", "Amina M.", PW, "analyst", 0, NULL};
    kazi_user u;
    assert_int_equal(kazi_account_create(&u, kt_db, kazi_caller_cli(), &ok), KAZI_OK);
    assert_string_equal(u.display_name, "Amina M.");
    assert_int_equal(kazi_account_create(NULL, kt_db, kazi_caller_cli(), &ok), KAZI_EEXISTS);
    assert_string_equal(kazi_error_last()->field, "username");
}

static void test_account__disabling_ends_the_sessions(void **state)
{
    (void)state;
    kazi_account_spec s = {"juma", NULL, PW, "national_hr_officer", 0, NULL};
    kazi_user u;
    assert_int_equal(kazi_account_create(&u, kt_db, kazi_caller_cli(), &s), KAZI_OK);
    kazi_login_req in = {"juma", PW, NULL, NULL, "10.0.0.1", "r-1", NULL};
    kazi_login_result res;
    kazi_caller c;
    assert_int_equal(kazi_auth_login(&res, kt_db, &in), KAZI_OK);
    json_decref(res.session);
    res.session = NULL;
    kazi_account_patch p = {.disabled = 1};
    assert_int_equal(kazi_account_update(&u, kt_db, kazi_caller_cli(), u.id, &p), KAZI_OK);
    assert_true(u.disabled);
    assert_int_equal(kazi_auth_from_session(&c, kt_db, res.session_id), KAZI_EUNAUTH);
    assert_int_equal(kazi_auth_login(&res, kt_db, &in), KAZI_EUNAUTH);
}

static void test_account__a_second_factor_is_enrolled_with_a_code(void **state)
{
    (void)state;
    kazi_account_spec s = {"rehema", NULL, PW, "administrator", 0, NULL};
    kazi_user u;
    assert_int_equal(kazi_account_create(&u, kt_db, kazi_caller_cli(), &s), KAZI_OK);
    char secret[33], code[7], codes[KAZI_RECOVERY_CODES][15];
    /* a second factor is the signed-in user's own */
    kazi_caller me = {.kind = KAZI_CALLER_USER, .user_id = u.id, .name = "rehema"};
    assert_int_equal(kazi_account_totp_begin(secret, kt_db, &me), KAZI_OK);
    assert_int_equal(kazi_account_totp_confirm(codes, kt_db, &me, "000000"), KAZI_EINVALID);
    assert_int_equal(kazi_totp_generate(code, secret, kazi_clock_now_ms()), KAZI_OK);
    assert_int_equal(kazi_account_totp_confirm(codes, kt_db, &me, code), KAZI_OK);
    assert_int_equal(strlen(codes[0]), strlen(codes[KAZI_RECOVERY_CODES - 1]));
    assert_string_not_equal(codes[0], codes[1]);
    assert_int_equal(kazi_user_get(&u, kt_db, u.id), KAZI_OK);
    assert_true(u.totp_enabled);
    /* enrolled once: a second enrolment is a conflict until it is turned off */
    assert_int_equal(kazi_account_totp_begin(secret, kt_db, &me), KAZI_ECONFLICT);
    assert_int_equal(kazi_account_totp_reset(kt_db, kazi_caller_cli(), u.id), KAZI_OK);
    assert_int_equal(kazi_user_get(&u, kt_db, u.id), KAZI_OK);
    assert_false(u.totp_enabled);
}

static void test_account__a_revoked_token_signs_nothing_in(void **state)
{
    (void)state;
    char token[68];
    kazi_token_row t;
    kazi_caller c;
    assert_int_equal(
        kazi_account_token_create(token, &t, kt_db, kazi_caller_cli(), "dhis2", "analyst", 0, 30),
        KAZI_OK);
    assert_int_equal(strncmp(token, "kz_", 3), 0);
    assert_int_equal(kazi_auth_from_token(&c, kt_db, token), KAZI_OK);
    assert_int_equal(c.kind, KAZI_CALLER_TOKEN);
    assert_int_equal(c.user_id, 0);
    assert_int_equal(
        kazi_account_token_create(token, &t, kt_db, kazi_caller_cli(), "x", "analyst", 0, 731),
        KAZI_EINVALID);
    assert_int_equal(kazi_account_token_revoke(kt_db, kazi_caller_cli(), c.token_id), KAZI_OK);
    assert_int_equal(kazi_auth_from_token(&c, kt_db, token), KAZI_EUNAUTH);
    assert_int_equal(kazi_account_token_revoke(kt_db, kazi_caller_cli(), 9999), KAZI_ENOTFOUND);
}

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
        cmocka_unit_test(test_account__bad_fields_are_named),
        cmocka_unit_test(test_account__disabling_ends_the_sessions),
        cmocka_unit_test(test_account__a_second_factor_is_enrolled_with_a_code),
        cmocka_unit_test(test_account__a_revoked_token_signs_nothing_in),
    };
    /* the tests written with their own scratch directory */
    const struct CMUnitTest own_dir[] = {
        cmocka_unit_test(test_account__an_administrator_cannot_lock_themselves_out),
        cmocka_unit_test(test_account__own_password_and_factor_are_the_signed_in_users),
    };
    int failed = cmocka_run_group_tests(tests, setup, kt_group_db_close);
    return failed + cmocka_run_group_tests(own_dir, kt_group_tmpdir_rand, kt_group_rmtree);
}
