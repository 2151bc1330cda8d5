/* domain/returns through the API in process: a worker's monthly activity counts under
 * the Tanzanian configuration's kazi.activity types — a month's counts replace that
 * month's, only declared activities and whole counts of one valid month are taken (the
 * error names the field), a worker outside the caller's scope reads as absent, and a CSV
 * import with one bad row writes nothing.
 * TZ(1) > R(2), S(3); P1 Asha at R, P2 Zawadi at S. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/install.h"
#include "inproc.h"
#include "store/db.h"
#include "store/internal.h"
#include "util/error.h"

static kt_client admin, district;

static const char register_sql[] =
    "INSERT INTO org_unit(id, code, name, parent_id, depth, level_id, path, created_at, "
    "updated_at) VALUES (1, 'TZ', 'Tanzania', NULL, 0, 'country', '/1/', 1, 1), "
    "(2, 'R', 'Region R', 1, 1, 'region', '/1/2/', 1, 1), "
    "(3, 'S', 'Region S', 1, 1, 'region', '/1/3/', 1, 1);"
    "INSERT INTO person(id, given_name, family_name, name_key, given_key, "
    "residence_org_unit_id, org_path, created_at, updated_at) VALUES "
    "(1, 'Asha', 'A', 'a', 'asha', 2, '/1/2/', 1, 1), "
    "(2, 'Zawadi', 'Z', 'z', 'zawadi', 3, '/1/3/', 1, 1);";

static int setup(void **state)
{
    (void)state;
    if (kt_server_start_with("tanzania", register_sql, &admin) < 0) return -1;
    return kt_user(&district, "dora", "district_hr_officer", 2) == 200 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    kt_server_stop();
    return 0;
}

/* The count of `activity` in a list reply, or -1. */
static long long count_of(const kt_resp *r, const char *period, const char *activity)
{
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(r->json, "items"), i, v)
    {
        if (!strcmp(json_string_value(json_object_get(v, "period")), period) &&
            !strcmp(json_string_value(json_object_get(v, "activity")), activity))
            return json_integer_value(json_object_get(v, "count"));
    }
    return -1;
}

static void test_returns__a_month_replaces_that_month(void **state)
{
    (void)state;
    kt_resp r =
        kt_callf(&district, "PUT", "/api/v1/activity-returns", "{s:i,s:s,s:{s:i,s:i}}", "person_id",
                 1, "period", "2026-05", "counts", "home-visits", 12, "referrals-made", 3);
    if (r.status != 200) fail_msg("%d %s", r.status, kt_error(&r));
    assert_int_equal(count_of(&r, "2026-05", "home-visits"), 12);
    kt_resp_free(&r);
    r = kt_callf(&district, "PUT", "/api/v1/activity-returns", "{s:i,s:s,s:{s:i}}", "person_id", 1,
                 "period", "2026-06", "counts", "home-visits", 7);
    assert_int_equal(r.status, 200);
    kt_resp_free(&r);
    r = kt_callf(&district, "PUT", "/api/v1/activity-returns", "{s:i,s:s,s:{s:i}}", "person_id", 1,
                 "period", "2026-05", "counts", "home-visits", 14);
    assert_int_equal(r.status, 200);
    kt_resp_free(&r);
    r = kt_call(&district, "GET", "/api/v1/activity-returns?person_id=1", NULL);
    assert_int_equal(r.status, 200);
    assert_int_equal(count_of(&r, "2026-05", "home-visits"), 14); /* corrected */
    assert_int_equal(count_of(&r, "2026-06", "home-visits"), 7);  /* another month kept */
    kt_resp_free(&r);
    r = kt_call(&district, "GET", "/api/v1/activity-returns?person_id=1&period=2026-06", NULL);
    assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
    kt_resp_free(&r);
}

static void refused(const char *body, const char *field)
{
    kt_resp r = kt_call(&district, "PUT", "/api/v1/activity-returns", body);
    if (r.status != 422) fail_msg("%s: %d %s", body, r.status, kt_error(&r));
    const char *got = json_string_value(json_object_get(json_object_get(r.json, "error"), "field"));
    if (!got || strncmp(got, field, strlen(field)))
        fail_msg("%s: field %s, not %s", body, got ? got : "(none)", field);
    kt_resp_free(&r);
}

static void test_returns__bad_counts_name_the_field(void **state)
{
    (void)state;
    refused("{\"person_id\":1,\"period\":\"2026-07\",\"counts\":{\"dancing\":1}}", "counts");
    refused("{\"person_id\":1,\"period\":\"2026-07\",\"counts\":{\"home-visits\":-1}}", "counts");
    refused("{\"person_id\":1,\"period\":\"2026-07\",\"counts\":{\"home-visits\":1.5}}", "counts");
    refused("{\"person_id\":1,\"period\":\"2026-13\",\"counts\":{\"home-visits\":1}}", "period");
    refused("{\"person_id\":1,\"period\":\"2026-07-01\",\"counts\":{\"home-visits\":1}}", "period");
    kt_resp r =
        kt_call(&district, "GET", "/api/v1/activity-returns?person_id=1&period=2026-07", NULL);
    assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0); /* nothing kept */
    kt_resp_free(&r);
}

static void test_returns__outside_the_scope_reads_as_absent(void **state)
{
    (void)state;
    /* Zawadi (at S) and a person who does not exist get the same answer */
    kt_resp r = kt_callf(&district, "PUT", "/api/v1/activity-returns", "{s:i,s:s,s:{s:i}}",
                         "person_id", 2, "period", "2026-05", "counts", "home-visits", 1);
    assert_int_equal(r.status, 422);
    assert_string_equal(kt_error(&r), "There is no such person in the register");
    kt_resp_free(&r);
    r = kt_callf(&district, "PUT", "/api/v1/activity-returns", "{s:i,s:s,s:{s:i}}", "person_id",
                 999, "period", "2026-05", "counts", "home-visits", 1);
    assert_int_equal(r.status, 422);
    assert_string_equal(kt_error(&r), "There is no such person in the register");
    kt_resp_free(&r);
    r = kt_call(&district, "GET", "/api/v1/activity-returns?person_id=2", NULL);
    assert_int_equal(r.status, 404);
    kt_resp_free(&r);
    r = kt_call(&admin, "GET", "/api/v1/activity-returns?person_id=2", NULL);
    assert_int_equal(r.status, 200);
    assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0);
    kt_resp_free(&r);
}

static kt_resp import_csv(const char *csv)
{
    char cookie[256], csrf[128];
    snprintf(cookie, sizeof cookie, "Cookie: kazi_session=%s", admin.cookie);
    snprintf(csrf, sizeof csrf, "X-CSRF-Token: %s", admin.csrf);
    const char *headers[] = {cookie, csrf, "Content-Type: text/csv", NULL};
    return kt_request("POST", "/api/v1/activity-returns/import", csv, headers);
}

static void test_returns__an_import_with_one_bad_row_writes_nothing(void **state)
{
    (void)state;
    kt_resp r = import_csv("person_id,period,home-visits,referrals-made\n"
                           "1,2026-08,5,1\n"
                           "2,2026-08,x,0\n");
    assert_int_equal(r.status, 422);
    json_t *errors = json_object_get(r.json, "errors");
    if (!errors) errors = json_object_get(json_object_get(r.json, "error"), "errors");
    assert_int_equal(json_array_size(errors), 1);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(errors, 0), "row")), 3);
    kt_resp_free(&r);
    r = kt_call(&admin, "GET", "/api/v1/activity-returns?person_id=1&period=2026-08", NULL);
    assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0);
    kt_resp_free(&r);

    r = import_csv("person_id,period,home-visits,referrals-made\n"
                   "1,2026-08,5,1\n"
                   "2,2026-08,2,0\n");
    if (r.status != 200) fail_msg("%d %s", r.status, r.body);
    assert_int_equal(json_integer_value(json_object_get(r.json, "rows")), 2);
    kt_resp_free(&r);
    r = kt_call(&admin, "GET", "/api/v1/activity-returns?person_id=2&period=2026-08", NULL);
    assert_int_equal(count_of(&r, "2026-08", "home-visits"), 2);
    kt_resp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_returns__a_month_replaces_that_month),
        cmocka_unit_test(test_returns__bad_counts_name_the_field),
        cmocka_unit_test(test_returns__outside_the_scope_reads_as_absent),
        cmocka_unit_test(test_returns__an_import_with_one_bad_row_writes_nothing),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
