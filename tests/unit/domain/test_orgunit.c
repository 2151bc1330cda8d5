/* The org-unit hierarchy: materialised paths, level checks and the levels hook,
 * all-or-nothing CSV import, scope checks, and subtree queries at 20,000 units. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth/access.h"
#include "domain/orgunit.h"
#include "fixture.h"
#include "store/migrate.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/rand.h"

static const char small[] = "code,name,parent_code,level\n"
                            "TZ,Tanzania,,country\n"
                            "R1,Arusha,TZ,region\n"
                            "D1,Arusha City,R1,district\n"
                            "D2,Meru,R1,2\n";

static void import_ok(kazi_db *db, const char *csv, int expect)
{
    int count;
    json_t *report;
    int rc = kazi_orgunit_import_csv(&count, &report, db, kazi_caller_cli(), csv, strlen(csv));
    if (rc != KAZI_OK) {
        char *s = report ? json_dumps(report, 0) : NULL;
        fail_msg("import failed: %s %s", kazi_error_last()->message, s ? s : "");
    }
    assert_int_equal(count, expect);
}

static void test_orgunit__paths_and_levels(void **state)
{
    (void)state;
    kazi_db *db = kt_db_fresh(kt_dir);
    import_ok(db, small, 4);
    kazi_orgunit tz, d1;
    assert_int_equal(kazi_orgunit_get_by_code(&tz, db, "TZ"), KAZI_OK);
    assert_int_equal(kazi_orgunit_get_by_code(&d1, db, "D1"), KAZI_OK);
    assert_string_equal(tz.path, "/1/");
    assert_string_equal(d1.path, "/1/2/3/");
    assert_int_equal(d1.depth, 2);
    assert_string_equal(d1.level_id, "district");
    json_t *path;
    assert_int_equal(kazi_orgunit_path_json(&path, db, d1.path), KAZI_OK);
    assert_int_equal(json_array_size(path), 3);
    json_decref(path);
    char end[KAZI_ORGUNIT_PATH_MAX];
    kazi_orgunit_subtree_end(end, "/1/2/");
    assert_string_equal(end, "/1/20");
    kazi_db_close(db);
}

static void test_orgunit__import_is_all_or_nothing_with_a_report(void **state)
{
    (void)state;
    kazi_db *db = kt_db_fresh(kt_dir);
    static const char bad[] = "name;code;level;parent_code\n" /* other column order */
                              "Tanzania;TZ;country;\n"
                              "Arusha;R1;district;TZ\n"    /* row 3: wrong level */
                              "Meru;M1;district;NOWHERE\n" /* row 4: unknown parent */
                              "Again;TZ;region;TZ\n";      /* row 5: duplicate code */
    int count = -1;
    json_t *report = NULL;
    assert_int_equal(
        kazi_orgunit_import_csv(&count, &report, db, kazi_caller_cli(), bad, sizeof bad - 1),
        KAZI_EINVALID);
    assert_int_equal(count, 0);
    assert_non_null(report);
    assert_int_equal(json_array_size(report), 3);
    json_t *e = json_array_get(report, 0);
    assert_int_equal(json_integer_value(json_object_get(e, "row")), 3);
    assert_int_equal(json_integer_value(json_object_get(e, "column")), 3);
    assert_string_equal(json_string_value(json_object_get(e, "field")), "level");
    assert_int_equal(json_integer_value(json_object_get(json_array_get(report, 1), "row")), 4);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(report, 2), "row")), 5);
    json_decref(report);
    int64_t n;
    assert_int_equal(kazi_orgunit_count(&n, db, 0), KAZI_OK);
    assert_int_equal(n, 0);
    kazi_audit_report rep;
    assert_int_equal(kazi_audit_verify(&rep, db), KAZI_OK);
    assert_int_equal(rep.rows, 0); /* nothing audited either */
    static const char nohead[] = "code,name\nTZ,Tanzania\n";
    assert_int_equal(
        kazi_orgunit_import_csv(&count, &report, db, kazi_caller_cli(), nohead, sizeof nohead - 1),
        KAZI_EINVALID);
    json_decref(report);
    kazi_db_close(db);
}

static void test_orgunit__levels_hook(void **state)
{
    (void)state;
    const char *three[] = {"nation", "province", "commune"};
    assert_int_equal(kazi_orgunit_set_levels(three, 3), KAZI_OK);
    char out[33];
    assert_int_equal(kazi_orgunit_resolve_level(out, 1, "province"), KAZI_OK);
    assert_string_equal(out, "province");
    assert_int_equal(kazi_orgunit_resolve_level(out, 1, "1"), KAZI_OK);
    assert_int_equal(kazi_orgunit_resolve_level(out, 1, "region"), KAZI_EINVALID);
    assert_int_equal(kazi_orgunit_resolve_level(out, 3, NULL), KAZI_EINVALID);
    assert_int_equal(kazi_orgunit_set_levels(three, 0), KAZI_EINVALID);
    const char *tz[] = {"country", "region", "district", "ward", "village"};
    assert_int_equal(kazi_orgunit_set_levels(tz, 5), KAZI_OK);
}

static void test_orgunit__scope_check_hides_outside_units(void **state)
{
    (void)state;
    kazi_db *db = kt_db_fresh(kt_dir);
    import_ok(db, small, 4);
    kazi_orgunit d1;
    assert_int_equal(kazi_orgunit_get_by_code(&d1, db, "D1"), KAZI_OK);
    kazi_caller p = {
        .kind = KAZI_CALLER_USER, .role = "district_hr_officer", .scope_org_unit_id = d1.id};
    assert_int_equal(kazi_caller_load_scope(&p, db), KAZI_OK);
    assert_int_equal(kazi_caller_check_orgunit(&p, db, d1.id, NULL), KAZI_OK);
    assert_int_equal(kazi_caller_check_orgunit(&p, db, 4, NULL), KAZI_ENOTFOUND); /* sibling */
    assert_int_equal(kazi_caller_check_orgunit(&p, db, 2, NULL), KAZI_ENOTFOUND); /* parent */
    assert_int_equal(kazi_caller_check_orgunit(&p, db, 999, NULL), KAZI_ENOTFOUND);
    kazi_caller gone = {.role = "district_hr_officer", .scope_org_unit_id = 999};
    assert_int_equal(kazi_caller_load_scope(&gone, db), KAZI_OK);
    assert_int_equal(kazi_caller_check_orgunit(&gone, db, 1, NULL), KAZI_ENOTFOUND);
    kazi_db_close(db);
}

/* Tanzania's shape: 31 regions × 6 districts × 21 wards × 5 villages ≈ 23,000 units. */
/* The newest audit row of `action`, as JSON (the test owns it). */
static json_t *last_audit(kazi_db *db, const char *action)
{
    json_t *rows;
    kazi_audit_filter f = {.action = action, .limit = 1};
    assert_int_equal(kazi_audit_query(&rows, db, &f), KAZI_OK);
    assert_int_equal(json_array_size(rows), 1);
    json_t *row = json_incref(json_array_get(rows, 0));
    json_decref(rows);
    return row;
}

/* Writes take the caller, never an audit context: the domain refuses a parent outside
 * the caller's scope like an absent one (create and CSV import alike), answers 404 for
 * renaming an outside unit, and writes the audit row as the caller — a user with its id,
 * request and address, an API token as itself (not its creator). */
static void test_orgunit__writes_are_scoped_and_audited_as_the_caller(void **state)
{
    (void)state;
    kazi_db *db = kt_db_fresh(kt_dir);
    import_ok(db, small, 4);
    kazi_orgunit d1, d2, u;
    assert_int_equal(kazi_orgunit_get_by_code(&d1, db, "D1"), KAZI_OK);
    assert_int_equal(kazi_orgunit_get_by_code(&d2, db, "D2"), KAZI_OK);
    kazi_caller dora = {.kind = KAZI_CALLER_USER,
                        .user_id = 7,
                        .name = "dora",
                        .role = "administrator",
                        .scope_org_unit_id = d1.id,
                        .request_id = "req-9",
                        .client_addr = "10.0.0.9"};
    assert_int_equal(kazi_caller_load_scope(&dora, db), KAZI_OK);

    kazi_orgunit_spec outside = {"W2", "Outside ward", d2.id, NULL};
    assert_int_equal(kazi_orgunit_create(&u, db, &dora, &outside), KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "parent_id");
    kazi_orgunit_spec inside = {"W1", "Inside ward", d1.id, NULL};
    assert_int_equal(kazi_orgunit_create(&u, db, &dora, &inside), KAZI_OK);
    json_t *row = last_audit(db, "orgunit.create");
    assert_string_equal(json_string_value(json_object_get(row, "actor")), "dora");
    assert_int_equal(json_integer_value(json_object_get(row, "actor_user_id")), 7);
    assert_string_equal(json_string_value(json_object_get(row, "request_id")), "req-9");
    assert_string_equal(json_string_value(json_object_get(row, "client_addr")), "10.0.0.9");
    json_decref(row);
    assert_int_equal(kazi_orgunit_rename(NULL, db, &dora, d2.id, NULL, "Renamed"), KAZI_ENOTFOUND);

    /* The import: a parent outside reads like one that is nowhere; nothing is written. */
    static const char out_csv[] = "code,name,parent_code,level\nW3,Ward,D2,ward\n";
    int count = -1;
    json_t *report = NULL;
    assert_int_equal(
        kazi_orgunit_import_csv(&count, &report, db, &dora, out_csv, sizeof out_csv - 1),
        KAZI_EINVALID);
    assert_string_equal(json_string_value(json_object_get(json_array_get(report, 0), "field")),
                        "parent_code");
    assert_non_null(strstr(json_string_value(json_object_get(json_array_get(report, 0), "message")),
                           "neither in the database"));
    json_decref(report);
    assert_int_equal(kazi_orgunit_get_by_code(&u, db, "W3"), KAZI_ENOTFOUND);

    kazi_caller token = {.kind = KAZI_CALLER_TOKEN,
                         .user_id = 0,
                         .token_id = 3,
                         .name = "token:3",
                         .role = "administrator",
                         .scope_org_unit_id = d1.id};
    assert_int_equal(kazi_caller_load_scope(&token, db), KAZI_OK);
    static const char in_csv[] = "code,name,parent_code,level\nW4,Ward,D1,ward\n";
    assert_int_equal(
        kazi_orgunit_import_csv(&count, &report, db, &token, in_csv, sizeof in_csv - 1), KAZI_OK);
    assert_int_equal(count, 1);
    row = last_audit(db, "orgunit.import");
    assert_string_equal(json_string_value(json_object_get(row, "actor")), "token:3");
    assert_true(json_is_null(json_object_get(row, "actor_user_id")));
    json_decref(row);
    kazi_db_close(db);
}

static void test_orgunit__subtree_queries_fast_at_20000_units(void **state)
{
    (void)state;
    kazi_db *db = kt_db_fresh(kt_dir);
    size_t cap = 2 * 1024 * 1024, len = 0;
    char *csv = malloc(cap);
    len += (size_t)snprintf(csv + len, cap - len,
                            "code,name,parent_code,level\nTZ,Tanzania,,country\n");
    int units = 1;
    for (int r = 0; r < 31; r++) {
        len += (size_t)snprintf(csv + len, cap - len, "R%d,Region %d,TZ,region\n", r, r);
        units++;
        for (int d = 0; d < 6; d++) {
            len += (size_t)snprintf(csv + len, cap - len, "R%dD%d,District %d-%d,R%d,district\n", r,
                                    d, r, d, r);
            units++;
            for (int w = 0; w < 21; w++) {
                len += (size_t)snprintf(csv + len, cap - len, "R%dD%dW%d,Ward %d,R%dD%d,ward\n", r,
                                        d, w, w, r, d);
                units++;
                for (int v = 0; v < 5; v++) {
                    len += (size_t)snprintf(csv + len, cap - len,
                                            "R%dD%dW%dV%d,Village %d,R%dD%dW%d,village\n", r, d, w,
                                            v, v, r, d, w);
                    units++;
                }
            }
        }
    }
    assert_true(units >= 20000);
    import_ok(db, csv, units);
    free(csv);
    kazi_orgunit dist;
    assert_int_equal(kazi_orgunit_get_by_code(&dist, db, "R17D3"), KAZI_OK);
    kazi_caller p = {.role = "district_hr_officer", .scope_org_unit_id = dist.id};
    assert_int_equal(kazi_caller_load_scope(&p, db), KAZI_OK);
    const char *lo, *hi;
    kazi_caller_scope_range(&p, &lo, &hi);
    int64_t t0 = kazi_clock_mono_ns();
    int rows = 0;
    for (int i = 0; i < 100; i++) {
        json_t *arr;
        assert_int_equal(kazi_orgunit_search(&arr, db, "Village 4", lo, hi, 1000), KAZI_OK);
        rows = (int)json_array_size(arr);
        json_decref(arr);
    }
    double per_query_ms = (double)(kazi_clock_mono_ns() - t0) / 1e6 / 100;
    assert_int_equal(rows, 21); /* one "Village 4" per ward of this district only */
    /* A full-table scan of 23,000 rows would take several ms; the path index range
     * reads only this district's ~127 rows. Generous bound for sanitizer builds. */
    assert_true(per_query_ms < 5.0);
    /* And it scales with the subtree, not the table: the same search nationally
     * (the whole range) is many times slower. */
    t0 = kazi_clock_mono_ns();
    for (int i = 0; i < 20; i++) {
        json_t *arr;
        assert_int_equal(kazi_orgunit_search(&arr, db, "Village 4", "/", "0", 1000), KAZI_OK);
        json_decref(arr);
    }
    double national_ms = (double)(kazi_clock_mono_ns() - t0) / 1e6 / 20;
    printf("# subtree search %.3f ms, national %.3f ms\n", per_query_ms, national_ms);
    assert_true(national_ms > 5 * per_query_ms);
    t0 = kazi_clock_mono_ns();
    for (int i = 0; i < 1000; i++)
        assert_int_equal(kazi_caller_check_orgunit(&p, db, dist.id + 3, NULL), KAZI_OK);
    assert_true((double)(kazi_clock_mono_ns() - t0) / 1e6 / 1000 < 1.0);
    kazi_db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_orgunit__paths_and_levels),
        cmocka_unit_test(test_orgunit__import_is_all_or_nothing_with_a_report),
        cmocka_unit_test(test_orgunit__levels_hook),
        cmocka_unit_test(test_orgunit__scope_check_hides_outside_units),
        cmocka_unit_test(test_orgunit__writes_are_scoped_and_audited_as_the_caller),
        cmocka_unit_test(test_orgunit__subtree_queries_fast_at_20000_units),
    };
    return cmocka_run_group_tests(tests, kt_group_tmpdir_rand, kt_group_rmtree);
}
