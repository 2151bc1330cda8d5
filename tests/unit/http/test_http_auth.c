/* http/auth: sign-in routes in process. Sign-in needs a JSON body (a cross-site form
 * cannot send one) and answers 401 for a wrong password without saying which part was
 * wrong; a session reads itself (me), changes its own password (the wrong current one
 * is a field error, not a lost session) and ends (logout). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "inproc.h"

static int setup(void **state)
{
    (void)state;
    return kt_server_start("tanzania", 0);
}

static int teardown(void **state)
{
    (void)state;
    kt_server_stop();
    return 0;
}

static const char *field_of(const kt_resp *r)
{
    const char *f = json_string_value(json_object_get(json_object_get(r->json, "error"), "field"));
    return f ? f : "";
}

static void test_auth__sign_in_needs_json_and_the_right_password(void **state)
{
    (void)state;
    const char *form[] = {"Content-Type: application/x-www-form-urlencoded", NULL};
    kt_resp r = kt_request("POST", "/api/v1/auth/login",
                           "{\"username\":\"admin\",\"password\":\"" KT_PASSWORD "\"}", form);
    assert_int_equal(r.status, 400);
    assert_string_equal(field_of(&r), "Content-Type");
    kt_resp_free(&r);
    kt_client c;
    assert_int_equal(kt_login(&c, KT_ADMIN, "not the password"), 401);
    assert_int_equal(kt_login(&c, "nobody", KT_PASSWORD), 401);
    r = kt_callf(NULL, "POST", "/api/v1/auth/login", "{s:s}", "username", KT_ADMIN);
    assert_int_equal(r.status, 422);
    assert_string_equal(field_of(&r), "password");
    kt_resp_free(&r);
}

static void test_auth__me_roles_and_logout(void **state)
{
    (void)state;
    kt_client hr;
    assert_int_equal(kt_user(&hr, "neema", "national_hr_officer", 0), 200);
    kt_resp r = kt_call(&hr, "GET", "/api/v1/auth/me", NULL);
    assert_int_equal(r.status, 200);
    assert_string_equal(json_string_value(json_object_get(r.json, "kind")), "user");
    assert_string_equal(json_string_value(json_object_get(r.json, "csrf_token")), hr.csrf);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(r.json, "user"), "username")), "neema");
    assert_true(json_array_size(json_object_get(r.json, "permissions")) > 0);
    assert_null(strstr(r.body, "password"));
    kt_resp_free(&r);
    r = kt_call(&hr, "GET", "/api/v1/auth/roles", NULL);
    assert_int_equal(r.status, 200);
    assert_true(json_array_size(json_object_get(r.json, "roles")) >= 6);
    kt_resp_free(&r);
    r = kt_call(&hr, "POST", "/api/v1/auth/logout", NULL);
    assert_int_equal(r.status, 204);
    kt_resp_free(&r);
    r = kt_call(&hr, "GET", "/api/v1/auth/me", NULL);
    assert_int_equal(r.status, 401);
    kt_resp_free(&r);
}

static void test_auth__own_password_change(void **state)
{
    (void)state;
    kt_client me;
    assert_int_equal(kt_user(&me, "juma", "analyst", 0), 200);
    kt_resp r = kt_callf(&me, "POST", "/api/v1/auth/password", "{s:s,s:s}", "current_password",
                         "wrong", "new_password", "another long password");
    assert_int_equal(r.status, 422);
    assert_string_equal(field_of(&r), "current_password");
    kt_resp_free(&r);
    r = kt_callf(&me, "POST", "/api/v1/auth/password", "{s:s,s:s}", "current_password", KT_PASSWORD,
                 "new_password", "another long password");
    assert_int_equal(r.status, 204);
    kt_resp_free(&r);
    kt_client again;
    assert_int_equal(kt_login(&again, "juma", KT_PASSWORD), 401);
    assert_int_equal(kt_login(&again, "juma", "another long password"), 200);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_auth__sign_in_needs_json_and_the_right_password),
        cmocka_unit_test(test_auth__me_roles_and_logout),
        cmocka_unit_test(test_auth__own_password_change),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
