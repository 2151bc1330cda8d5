/* http/audit: the audit trail routes in process. Every change through the API leaves a
 * row naming who did what (filterable, newest first); the chain verifies; only the
 * administrator reads it; a filter that is not a number is refused by name. */
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

static void test_audit__a_change_is_a_row_and_the_chain_verifies(void **state)
{
    (void)state;
    kt_client hr;
    assert_int_equal(kt_user(&hr, "neema", "national_hr_officer", 0), 200);
    kt_resp r =
        kt_call(&admin, "GET", "/api/v1/audit?entity_type=user&action=user.create&limit=5", NULL);
    assert_int_equal(r.status, 200);
    json_t *rows = json_object_get(r.json, "audit");
    assert_true(json_array_size(rows) >= 1);
    json_t *row = json_array_get(rows, 0);
    assert_string_equal(json_string_value(json_object_get(row, "actor")), KT_ADMIN);
    assert_string_equal(json_string_value(json_object_get(row, "entity_type")), "user");
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(row, "after"), "username")), "neema");
    /* the password never reaches the trail */
    assert_null(strstr(r.body, KT_PASSWORD));
    assert_null(strstr(r.body, "password_hash"));
    long long newest = json_integer_value(json_object_get(row, "id"));
    kt_resp_free(&r);

    char target[120];
    snprintf(target, sizeof target, "/api/v1/audit?before_id=%lld&limit=1000", newest);
    r = kt_call(&admin, "GET", target, NULL);
    assert_int_equal(r.status, 200);
    size_t i;
    json_array_foreach(json_object_get(r.json, "audit"), i, row)
        assert_true(json_integer_value(json_object_get(row, "id")) < newest);
    kt_resp_free(&r);

    r = kt_call(&admin, "GET", "/api/v1/audit/verify", NULL);
    assert_int_equal(r.status, 200);
    assert_true(json_is_true(json_object_get(r.json, "ok")));
    assert_true(json_integer_value(json_object_get(r.json, "rows")) >= 1);
    assert_int_equal(strlen(json_string_value(json_object_get(r.json, "head"))), 64);
    kt_resp_free(&r);
}

static void test_audit__only_the_administrator_and_filters_are_checked(void **state)
{
    (void)state;
    kt_client hr;
    assert_int_equal(kt_user(&hr, "juma", "national_hr_officer", 0), 200);
    kt_resp r = kt_call(&hr, "GET", "/api/v1/audit", NULL);
    assert_int_equal(r.status, 403);
    kt_resp_free(&r);
    r = kt_call(&hr, "GET", "/api/v1/audit/verify", NULL);
    assert_int_equal(r.status, 403);
    kt_resp_free(&r);
    static const char *const bad[] = {"limit=0", "limit=1001", "since=soon", "actor_user_id=-1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char target[80], field[32];
        snprintf(target, sizeof target, "/api/v1/audit?%s", bad[i]);
        snprintf(field, sizeof field, "%.*s", (int)strcspn(bad[i], "="), bad[i]);
        r = kt_call(&admin, "GET", target, NULL);
        assert_true(r.status == 400 || r.status == 422);
        assert_string_equal(
            json_string_value(json_object_get(json_object_get(r.json, "error"), "field")), field);
        kt_resp_free(&r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_audit__a_change_is_a_row_and_the_chain_verifies),
        cmocka_unit_test(test_audit__only_the_administrator_and_filters_are_checked),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
