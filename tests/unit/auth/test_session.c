/* auth/session: signing in in one call — a new session id every time, the session the
 * client still had ended (docs/security.md: "a new id on every login, the previous
 * session of that browser deleted"), and the new session's document. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/account.h"
#include "auth/session.h"
#include "fixture.h"
#include "util/error.h"

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
        cmocka_unit_test(test_session__login_replaces_the_session_the_client_had),
    };
    return cmocka_run_group_tests(tests, kt_group_tmpdir_rand, kt_group_rmtree);
}
