/* http/users: the user-account routes in process (tests/unit/support/inproc.h: the real
 * access layer, no socket). Only the administrator lists and creates accounts; a refused
 * account says which field is wrong; a created one can sign in and its password is never
 * shown. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "inproc.h"

static kt_client admin;

static int setup(void **state)
{
    (void)state;
    if (kt_server_start("tanzania", 0) < 0) return -1;
    return kt_login(&admin, KT_ADMIN, KT_PASSWORD) == 200 ? 0 : -1;
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

static int listed(const kt_resp *r, const char *username)
{
    size_t i;
    json_t *u;
    json_array_foreach(json_object_get(r->json, "users"), i, u)
    {
        const char *n = json_string_value(json_object_get(u, "username"));
        if (n && !strcmp(n, username)) return 1;
    }
    return 0;
}

static void test_users__only_the_administrator_manages_accounts(void **state)
{
    (void)state;
    kt_resp r = kt_call(NULL, "GET", "/api/v1/users", NULL);
    assert_int_equal(r.status, 401);
    assert_non_null(json_object_get(r.json, "error")); /* the JSON error body */
    kt_resp_free(&r);

    kt_client hr;
    assert_int_equal(kt_user(&hr, "neema", "national_hr_officer", 0), 200);
    r = kt_call(&hr, "GET", "/api/v1/users", NULL);
    assert_int_equal(r.status, 403);
    kt_resp_free(&r);
    r = kt_callf(&hr, "POST", "/api/v1/users", "{s:s,s:s,s:s}", "username", "sneaky", "password",
                 KT_PASSWORD, "role", "administrator");
    assert_int_equal(r.status, 403);
    kt_resp_free(&r);
    r = kt_call(&admin, "GET", "/api/v1/users", NULL);
    assert_int_equal(r.status, 200);
    assert_true(listed(&r, "neema"));
    assert_false(listed(&r, "sneaky"));
    kt_resp_free(&r);
}

static void test_users__a_refused_account_names_its_field(void **state)
{
    (void)state;
    kt_resp r = kt_callf(&admin, "POST", "/api/v1/users", "{s:s,s:s,s:s}", "username", "juma",
                         "password", KT_PASSWORD, "role", "chief");
    assert_int_equal(r.status, 422);
    assert_string_equal(field_of(&r), "role");
    assert_non_null(strstr(kt_error(&r), "chief"));
    kt_resp_free(&r);
    r = kt_callf(&admin, "POST", "/api/v1/users", "{s:s,s:s,s:s}", "username", "juma", "password",
                 "short", "role", "analyst");
    assert_int_equal(r.status, 422);
    assert_string_equal(field_of(&r), "password");
    kt_resp_free(&r);
    /* a district officer needs a scope */
    r = kt_callf(&admin, "POST", "/api/v1/users", "{s:s,s:s,s:s}", "username", "juma", "password",
                 KT_PASSWORD, "role", "district_hr_officer");
    assert_int_equal(r.status, 422);
    assert_non_null(strstr(kt_error(&r), "scope"));
    kt_resp_free(&r);
    r = kt_call(&admin, "POST", "/api/v1/users", "{\"username\": ");
    assert_int_equal(r.status, 400);
    kt_resp_free(&r);
    /* none of these was created */
    r = kt_call(&admin, "GET", "/api/v1/users", NULL);
    assert_false(listed(&r, "juma"));
    kt_resp_free(&r);
}

static void test_users__a_created_account_signs_in_and_its_password_is_never_shown(void **state)
{
    (void)state;
    kt_resp r = kt_callf(&admin, "POST", "/api/v1/users", "{s:s,s:s,s:s,s:s}", "username", "amani",
                         "password", KT_PASSWORD, "role", "analyst", "display_name", "Amani M.");
    assert_int_equal(r.status, 201);
    assert_null(strstr(r.body, KT_PASSWORD));
    assert_string_equal(json_string_value(json_object_get(r.json, "role")), "analyst");
    kt_resp_free(&r);
    r = kt_callf(&admin, "POST", "/api/v1/users", "{s:s,s:s,s:s}", "username", "amani", "password",
                 KT_PASSWORD, "role", "analyst");
    assert_int_equal(r.status, 409);
    assert_string_equal(field_of(&r), "username");
    kt_resp_free(&r);
    kt_client amani;
    assert_int_equal(kt_login(&amani, "amani", KT_PASSWORD), 200);
    assert_int_equal(kt_login(&amani, "amani", "not the password at all"), 401);
    r = kt_call(&admin, "GET", "/api/v1/users", NULL);
    assert_true(listed(&r, "amani"));
    assert_null(strstr(r.body, KT_PASSWORD));
    assert_null(strstr(r.body, "argon2"));
    kt_resp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_users__only_the_administrator_manages_accounts),
        cmocka_unit_test(test_users__a_refused_account_names_its_field),
        cmocka_unit_test(test_users__a_created_account_signs_in_and_its_password_is_never_shown),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
