/* store/reportrun: every report run is recorded (who, scope, parameters, configuration,
 * rows), an incomplete record is refused naming the field, and the list shows a caller
 * the runs in its subtree and its own — never a sibling district's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "fixture.h"
#include "store/reportrun.h"
#include "util/error.h"

static int64_t add(const char *report, const char *by, int64_t user, const char *scope)
{
    json_t *params = json_pack("{s:s}", "period", "2026");
    kazi_report_run r = {.report_id = report,
                         .params = params,
                         .run_by = by,
                         .user_id = user,
                         .scope_path = scope,
                         .config_commit = "c0ffee",
                         .format = "json",
                         .via = "api",
                         .row_count = 4,
                         .request_id = "req-9",
                         .run_at = 1767225600000};
    int64_t id = 0;
    assert_int_equal(kazi_reportrun_add(&id, kt_db, &r), KAZI_OK);
    json_decref(params);
    assert_true(id > 0);
    return id;
}

static void refused(const char *field, kazi_report_run r)
{
    assert_int_equal(kazi_reportrun_add(NULL, kt_db, &r), KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, field);
}

static void test_reportrun__incomplete_records_are_refused(void **state)
{
    (void)state;
    kazi_report_run ok = {.report_id = "r", .config_commit = "c", .format = "csv", .via = "cli"};
    kazi_report_run r = ok;
    r.report_id = "";
    refused("report_id", r);
    r = ok;
    r.config_commit = NULL;
    refused("config_commit", r);
    r = ok;
    r.format = "xlsx";
    refused("format", r);
    r = ok;
    r.via = "email";
    refused("via", r);
    json_t *all;
    assert_int_equal(kazi_reportrun_list(&all, kt_db, NULL, NULL, 0, NULL, NULL, 1000), KAZI_OK);
    assert_int_equal(json_array_size(all), 0); /* nothing half-written */
    json_decref(all);
    assert_int_equal(kazi_reportrun_add(NULL, kt_db, &ok), KAZI_OK); /* CLI: no user, national */
    assert_int_equal(kazi_reportrun_list(&all, kt_db, NULL, NULL, 0, NULL, NULL, 1000), KAZI_OK);
    json_t *run = json_array_get(all, 0);
    assert_string_equal(json_string_value(json_object_get(run, "scope_path")), "/");
    assert_true(json_is_null(json_object_get(run, "user_id")));
    assert_string_equal(json_string_value(json_object_get(run, "run_by")), "unknown");
    json_decref(all);
}

static void test_reportrun__list_by_scope_owner_and_report(void **state)
{
    (void)state;
    int64_t mine = add("staffing", "dora", 7, "/1/2/");
    int64_t inside = add("staffing", "dan", 8, "/1/2/5/");
    int64_t sibling = add("staffing", "sam", 9, "/1/20/"); /* a longer id, not inside /1/2/ */
    int64_t national = add("coverage", "nat", 10, NULL);
    int64_t token = add("coverage", "token:3", 0, NULL);

    json_t *l;
    assert_int_equal(kazi_reportrun_list(&l, kt_db, "/1/2/", "/1/20", 0, NULL, NULL, 100), KAZI_OK);
    assert_int_equal(json_array_size(l), 2);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(l, 0), "id")), inside);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(l, 1), "id")), mine);
    json_t *first = json_array_get(l, 0);
    assert_string_equal(json_string_value(json_object_get(first, "report_id")), "staffing");
    assert_string_equal(json_string_value(json_object_get(first, "run_by")), "dan");
    assert_string_equal(json_string_value(json_object_get(first, "config_commit")), "c0ffee");
    assert_int_equal(json_integer_value(json_object_get(first, "row_count")), 4);
    assert_string_equal(json_string_value(json_object_get(first, "run_at")),
                        "2026-01-01T00:00:00.000Z");
    json_t *params = json_object_get(first, "params");
    assert_string_equal(json_string_value(json_object_get(params, "period")), "2026");
    json_decref(l);

    /* a caller also sees its own runs outside the range (user 9), as does a token */
    assert_int_equal(kazi_reportrun_list(&l, kt_db, "/1/2/", "/1/20", 9, "token:3", NULL, 100),
                     KAZI_OK);
    assert_int_equal(json_array_size(l), 4);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(l, 0), "id")), token);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(l, 1), "id")), sibling);
    json_decref(l);

    /* national (lo NULL): every run; by report; newest first; the limit */
    assert_int_equal(kazi_reportrun_list(&l, kt_db, NULL, NULL, 0, NULL, "coverage", 100), KAZI_OK);
    assert_int_equal(json_array_size(l), 2);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(l, 1), "id")), national);
    json_decref(l);
    assert_int_equal(kazi_reportrun_list(&l, kt_db, NULL, NULL, 0, NULL, NULL, 1), KAZI_OK);
    assert_int_equal(json_array_size(l), 1);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(l, 0), "id")), token);
    json_decref(l);
    assert_int_equal(kazi_reportrun_list(&l, kt_db, NULL, NULL, 0, NULL, NULL, 0), KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "limit");
    assert_int_equal(kazi_reportrun_list(&l, kt_db, NULL, NULL, 0, NULL, NULL, 1001),
                     KAZI_EINVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reportrun__incomplete_records_are_refused),
        cmocka_unit_test(test_reportrun__list_by_scope_owner_and_report),
    };
    return cmocka_run_group_tests(tests, kt_group_db, kt_group_db_close);
}
