/* auth/session: sign-in and sessions on a migrated database, with the clock injected.
 * A session is a principal of its own kind; it ends after the idle timeout, and after
 * the absolute one however active; a wrong password is 401 without saying which part
 * was wrong, and repeated failures are rate-limited with a retry time; logout ends it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "auth/account.h"
#include "auth/session.h"
#include "fixture.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/rand.h"
#include <stdio.h>
#include <stdlib.h>

#define PW "a long enough password"

static int setup(void **state)
{
    if (kazi_rand_init() < 0 || kt_group_db(state) < 0) return -1;
    kazi_auth_opts o = {.idle_ms = 60000,
                        .absolute_ms = 300000,
                        .admin_totp_required = 0,
                        .user_limit = 3,
                        .addr_limit = 100,
                        .window_ms = 60000};
    kazi_auth_configure(&o);
    kazi_account_spec s = {"amina", NULL, PW, "national_hr_officer", 0, NULL};
    return kazi_account_create(NULL, kt_db, kazi_caller_cli(), &s);
}

static int teardown(void **state)
{
    kazi_clock_set_offset_ms(0);
    return kt_group_db_close(state);
}

static int login(kazi_login_result *out, const char *user, const char *pw, const char *addr)
{
    kazi_login_req in = {user, pw, NULL, NULL, addr, "r-1", NULL};
    out->session = NULL;
    int rc = kazi_auth_login(out, kt_db, &in);
    json_decref(out->session); /* the session document: not what these tests look at */
    out->session = NULL;
    return rc;
}

static void test_session__a_session_is_the_user_until_idle(void **state)
{
    (void)state;
    kazi_clock_set_offset_ms(0);
    kazi_login_result res;
    assert_int_equal(login(&res, "amina", PW, "10.0.0.1"), KAZI_OK);
    kazi_caller c;
    assert_int_equal(kazi_auth_from_session(&c, kt_db, res.session_id), KAZI_OK);
    assert_int_equal(c.kind, KAZI_CALLER_USER);
    assert_string_equal(c.name, "amina");
    assert_string_equal(c.role, "national_hr_officer");
    assert_string_equal(c.csrf_token, res.csrf_token);
    kazi_clock_set_offset_ms(59000); /* within the idle time: still signed in */
    assert_int_equal(kazi_auth_from_session(&c, kt_db, res.session_id), KAZI_OK);
    kazi_clock_set_offset_ms(59000 + 60001); /* idle longer than 60 s since the last use */
    assert_int_equal(kazi_auth_from_session(&c, kt_db, res.session_id), KAZI_EUNAUTH);
    kazi_clock_set_offset_ms(0);
}

static void test_session__the_absolute_timeout_ends_an_active_session(void **state)
{
    (void)state;
    kazi_clock_set_offset_ms(0);
    kazi_login_result res;
    kazi_caller c;
    assert_int_equal(login(&res, "amina", PW, "10.0.0.2"), KAZI_OK);
    int64_t t = 0;
    for (; t + 30000 < 300000; t += 30000) { /* used every 30 s */
        kazi_clock_set_offset_ms(t);
        assert_int_equal(kazi_auth_from_session(&c, kt_db, res.session_id), KAZI_OK);
    }
    kazi_clock_set_offset_ms(300001);
    assert_int_equal(kazi_auth_from_session(&c, kt_db, res.session_id), KAZI_EUNAUTH);
    kazi_clock_set_offset_ms(0);
}

static void test_session__wrong_passwords_then_a_rate_limit(void **state)
{
    (void)state;
    kazi_clock_set_offset_ms(10 * 60000); /* a fresh window */
    kazi_login_result res;
    assert_int_equal(login(&res, "amina", "wrong", "10.0.0.3"), KAZI_EUNAUTH);
    assert_int_equal(login(&res, "nobody", PW, "10.0.0.3"), KAZI_EUNAUTH);
    assert_int_equal(login(&res, "amina", "wrong", "10.0.0.3"), KAZI_EUNAUTH);
    assert_int_equal(login(&res, "amina", "wrong", "10.0.0.3"), KAZI_EUNAUTH);
    /* the account's limit (3 a window) is reached: even the right password waits */
    assert_int_equal(login(&res, "amina", PW, "10.0.0.4"), KAZI_ERATELIMIT);
    assert_true(res.retry_after_s > 0 && res.retry_after_s <= 60);
    kazi_clock_set_offset_ms(10 * 60000 + 60001);
    assert_int_equal(login(&res, "amina", PW, "10.0.0.4"), KAZI_OK);
    kazi_clock_set_offset_ms(0);
}

static void test_session__logout_ends_it(void **state)
{
    (void)state;
    kazi_clock_set_offset_ms(30 * 60000);
    kazi_login_result res;
    kazi_caller c;
    assert_int_equal(login(&res, "amina", PW, "10.0.0.5"), KAZI_OK);
    assert_int_equal(kazi_auth_from_session(&c, kt_db, res.session_id), KAZI_OK);
    assert_int_equal(kazi_auth_logout(kt_db, &c), KAZI_OK);
    assert_int_equal(kazi_auth_from_session(&c, kt_db, res.session_id), KAZI_EUNAUTH);
    assert_int_equal(kazi_auth_from_session(&c, kt_db, "not-a-session"), KAZI_EUNAUTH);
    kazi_clock_set_offset_ms(0);
}

#define PASSWORD "a long enough password"

static void test_session__login_replaces_the_session_the_client_had(void **state)
{
    (void)state;
    kazi_db *db = kt_db_fresh(kt_dir);
    kazi_account_spec spec = {"neema", "Neema", PASSWORD, "national_hr_officer", 0, NULL};
    assert_int_equal(kazi_account_create(NULL, db, kazi_caller_cli(), &spec), KAZI_OK);

    kazi_login_req in = {"neema", PASSWORD, NULL, NULL, "127.0.0.1", "req-1", NULL};
    kazi_login_result first, second;
    assert_int_equal(kazi_auth_login(&first, db, &in), KAZI_OK);
    json_decref(first.session);
    kazi_caller p;
    assert_int_equal(kazi_auth_from_session(&p, db, first.session_id), KAZI_OK);

    in.replaces = first.session_id;
    assert_int_equal(kazi_auth_login(&second, db, &in), KAZI_OK);
    assert_string_not_equal(second.session_id, first.session_id);
    assert_int_equal(kazi_auth_from_session(&p, db, first.session_id), KAZI_EUNAUTH);
    assert_int_equal(kazi_auth_from_session(&p, db, second.session_id), KAZI_OK);

    /* The reply's document: the new session's CSRF token, the account, no secret. */
    json_t *doc = second.session;
    assert_non_null(doc);
    assert_string_equal(json_string_value(json_object_get(doc, "csrf_token")), second.csrf_token);
    assert_string_equal(json_string_value(json_object_get(doc, "name")), "neema");
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(doc, "user"), "username")), "neema");
    char *text = json_dumps(doc, 0);
    assert_null(strstr(text, second.session_id));
    free(text);
    json_decref(doc);
    kazi_db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_session__a_session_is_the_user_until_idle),
        cmocka_unit_test(test_session__the_absolute_timeout_ends_an_active_session),
        cmocka_unit_test(test_session__wrong_passwords_then_a_rate_limit),
        cmocka_unit_test(test_session__logout_ends_it),
    };
    /* the tests written with their own scratch directory */
    const struct CMUnitTest own_dir[] = {
        cmocka_unit_test(test_session__login_replaces_the_session_the_client_had),
    };
    int failed = cmocka_run_group_tests(tests, setup, teardown);
    return failed + cmocka_run_group_tests(own_dir, kt_group_tmpdir_rand, kt_group_rmtree);
}
