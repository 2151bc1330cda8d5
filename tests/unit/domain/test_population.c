/* Population denominators on a hand-made hierarchy: the roll-up (own figure first,
 * else the sum of the top-most figures below, the children left out named), a missing
 * year said, the all-or-nothing import and its scope, and the published roll-up view
 * agreeing with the domain's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/access.h"
#include "domain/orgunit.h"
#include "domain/population.h"
#include "fixture.h"
#include "store/report.h"
#include "util/error.h"

/*        TZ
 *       /  \
 *     R1    R2
 *    /  \     \
 *   D1   D2    D3
 *  /  \
 * W1   W2                                                                        */
static const char units[] = "code,name,parent_code,level\n"
                            "TZ,Tanzania,,country\n"
                            "R1,Arusha,TZ,region\n"
                            "D1,Arusha City,R1,district\n"
                            "W1,Kaloleni,D1,ward\n"
                            "W2,Levolosi,D1,ward\n"
                            "D2,Meru,R1,district\n"
                            "R2,Dodoma,TZ,region\n"
                            "D3,Kondoa,R2,district\n";

/* 2025: wards only in D1, D2 its own, nothing in R2. 2026: D1 has its own figure and
 * so does W1 below it (D1's wins). Children: W1 only. */
static const char figures[] = "org_unit,year,total,children\n"
                              "W1,2025,100,40\n"
                              "W2,2025,50,\n"
                              "D2,2025,70,\n"
                              "D1,2026,200,\n"
                              "W1,2026,120,\n";

static const kazi_caller national = {.name = "unit-test", .personal_data = 1};

static kazi_db *hierarchy(void)
{
    kazi_db *db = kt_db_fresh(kt_dir);
    int count;
    json_t *report = NULL;
    assert_int_equal(
        kazi_orgunit_import_csv(&count, &report, db, kazi_caller_cli(), units, sizeof units - 1),
        KAZI_OK);
    int n = 0, rows = 0;
    int rc =
        kazi_population_import_csv(&n, &rows, &report, db, &national, figures, sizeof figures - 1);
    if (rc != KAZI_OK) {
        char *s = report ? json_dumps(report, 0) : NULL;
        fail_msg("import: %s %s", kazi_error_last()->message, s ? s : "");
    }
    assert_int_equal(n, 6);
    assert_int_equal(rows, 5);
    return db;
}

static int64_t unit(kazi_db *db, const char *code)
{
    kazi_orgunit u;
    assert_int_equal(kazi_orgunit_get_by_code(&u, db, code), KAZI_OK);
    return u.id;
}

/* The figure of (year, group) in a kazi_population_get_for answer. */
static const json_t *figure(const json_t *doc, int year, const char *group)
{
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(doc, "figures"), i, f)
    {
        if (json_integer_value(json_object_get(f, "year")) == year &&
            !strcmp(json_string_value(json_object_get(f, "group")), group))
            return f;
    }
    fail_msg("no figure for %d %s", year, group);
    return NULL;
}

static json_t *get(kazi_db *db, const kazi_caller *c, const char *code, int year)
{
    json_t *doc = NULL;
    int rc = kazi_population_get_for(&doc, db, c, unit(db, code), year);
    if (rc != KAZI_OK) fail_msg("get %s: %s", code, kazi_error_last()->message);
    return doc;
}

static void expect(const json_t *f, json_int_t count, const char *source, int nfigures,
                   const char *missing_units)
{
    assert_int_equal(json_integer_value(json_object_get(f, "count")), count);
    assert_string_equal(json_string_value(json_object_get(f, "source")), source);
    assert_false(json_is_true(json_object_get(f, "missing")));
    assert_int_equal(json_integer_value(json_object_get(f, "figures")), nfigures);
    char *gaps = json_dumps(json_object_get(f, "missing_units"), JSON_COMPACT);
    assert_string_equal(gaps, missing_units);
    free(gaps);
}

static void test_population__rolls_up_the_hierarchy(void **state)
{
    (void)state;
    kazi_db *db = hierarchy();
    json_t *d;
    expect(figure(d = get(db, &national, "D1", 2025), 2025, "total"), 150, "sum", 2, "[]");
    json_decref(d);
    expect(figure(d = get(db, &national, "D2", 2025), 2025, "total"), 70, "own", 1, "[]");
    json_decref(d);
    expect(figure(d = get(db, &national, "R1", 2025), 2025, "total"), 220, "sum", 3, "[]");
    json_decref(d);
    /* R2 has no figure at all below it: the country's sum says it leaves R2 out */
    expect(figure(d = get(db, &national, "TZ", 2025), 2025, "total"), 220, "sum", 3, "[\"R2\"]");
    /* children: only W1 has a figure; D1's other ward and D2 are said to be missing */
    expect(figure(d, 2025, "children"), 40, "sum", 1, "[\"R2\"]");
    json_decref(d);
    expect(figure(d = get(db, &national, "R1", 2025), 2025, "children"), 40, "sum", 1, "[\"D2\"]");
    json_decref(d);
    expect(figure(d = get(db, &national, "D1", 2025), 2025, "children"), 40, "sum", 1, "[\"W2\"]");
    json_decref(d);
    /* 2026: D1's own figure wins over its ward's, and counts once above it */
    expect(figure(d = get(db, &national, "D1", 2026), 2026, "total"), 200, "own", 1, "[]");
    json_decref(d);
    expect(figure(d = get(db, &national, "TZ", 2026), 2026, "total"), 200, "sum", 1, "[\"R2\"]");
    json_decref(d);
    kazi_db_close(db);
}

static void test_population__a_missing_year_is_said(void **state)
{
    (void)state;
    kazi_db *db = hierarchy();
    json_t *d = get(db, &national, "R2", 2025);
    const json_t *f = figure(d, 2025, "total");
    assert_true(json_is_null(json_object_get(f, "count")));
    assert_true(json_is_null(json_object_get(f, "source")));
    assert_true(json_is_true(json_object_get(f, "missing")));
    json_decref(d);
    d = get(db, &national, "R1", 2030);
    assert_int_equal(json_array_size(json_object_get(d, "figures")), 2); /* total, children */
    assert_true(json_is_true(json_object_get(figure(d, 2030, "total"), "missing")));
    assert_true(json_is_true(json_object_get(figure(d, 2030, "children"), "missing")));
    json_decref(d);
    /* every year: each year with a figure below R1, each group, missing ones said */
    d = get(db, &national, "R1", 0);
    assert_int_equal(json_array_size(json_object_get(d, "figures")), 4);
    assert_true(json_is_true(json_object_get(figure(d, 2026, "children"), "missing")));
    expect(figure(d, 2026, "total"), 200, "sum", 1, "[\"D2\"]");
    json_decref(d);
    assert_int_equal(kazi_population_get_for(&d, db, &national, unit(db, "R1"), 1800),
                     KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "year");
    kazi_db_close(db);
}

static void test_population__import_is_all_or_nothing_and_scoped(void **state)
{
    (void)state;
    kazi_db *db = hierarchy();
    kazi_caller district = {.kind = KAZI_CALLER_USER,
                            .role = "district_hr_officer",
                            .scope_org_unit_id = unit(db, "D1")};
    assert_int_equal(kazi_caller_load_scope(&district, db), KAZI_OK);
    static const char outside[] = "org_unit,year,total\n"
                                  "W1,2027,1\n"
                                  "D2,2027,2\n"; /* outside D1 */
    int n = -1, rows = -1;
    json_t *report = NULL, *d;
    assert_int_equal(
        kazi_population_import_csv(&n, &rows, &report, db, &district, outside, sizeof outside - 1),
        KAZI_EINVALID);
    assert_int_equal(json_array_size(report), 1);
    const json_t *e = json_array_get(report, 0);
    assert_int_equal(json_integer_value(json_object_get(e, "row")), 3);
    assert_string_equal(json_string_value(json_object_get(e, "message")), "no such org unit 'D2'");
    json_decref(report);
    /* nothing was written: W1's row was good, but the file was refused whole */
    d = get(db, &national, "W1", 2027);
    assert_true(json_is_true(json_object_get(figure(d, 2027, "total"), "missing")));
    json_decref(d);
    /* the district officer sees its units, not the region above nor its neighbour */
    expect(figure(d = get(db, &district, "D1", 2025), 2025, "total"), 150, "sum", 2, "[]");
    json_decref(d);
    assert_int_equal(kazi_population_get_for(&d, db, &district, unit(db, "R1"), 2025),
                     KAZI_ENOTFOUND);
    assert_int_equal(kazi_population_get_for(&d, db, &district, unit(db, "D2"), 2025),
                     KAZI_ENOTFOUND);
    static const char bad[] = "org_unit,year,total,children\n"
                              "W1,2027,12 000,\n"
                              "W1,2o27,1,\n";
    assert_int_equal(
        kazi_population_import_csv(&n, &rows, &report, db, &national, bad, sizeof bad - 1),
        KAZI_EINVALID);
    assert_int_equal(json_array_size(report), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(report, 0), "field")),
                        "total");
    assert_string_equal(json_string_value(json_object_get(json_array_get(report, 1), "field")),
                        "year");
    json_decref(report);
    kazi_db_close(db);
}

/* The published view report_population_rollup gives what the domain gives. */
static void test_population__the_rollup_view_agrees(void **state)
{
    (void)state;
    kazi_db *db = hierarchy();
    kazi_report_db *rdb;
    assert_int_equal(kazi_report_db_open(&rdb, kazi_db_path(db)), KAZI_OK);
    json_t *rows, *cols;
    kazi_report_scope all = {.all = 1};
    assert_int_equal(kazi_report_db_query(&rows, &cols, rdb,
                                          "SELECT code, year, population_group AS g, count, "
                                          "source, figures FROM report_population_rollup "
                                          "ORDER BY year, g, path",
                                          NULL, &all, NULL),
                     KAZI_OK);
    char *got = json_dumps(rows, JSON_COMPACT);
    static const char *const want[] = {
        "{\"code\":\"TZ\",\"year\":2025,\"g\":\"children\",\"count\":40,\"source\":\"sum\","
        "\"figures\":1}",
        "{\"code\":\"R1\",\"year\":2025,\"g\":\"total\",\"count\":220,\"source\":\"sum\","
        "\"figures\":3}",
        "{\"code\":\"D1\",\"year\":2025,\"g\":\"total\",\"count\":150,\"source\":\"sum\","
        "\"figures\":2}",
        "{\"code\":\"D2\",\"year\":2025,\"g\":\"total\",\"count\":70,\"source\":\"own\","
        "\"figures\":1}",
        "{\"code\":\"D1\",\"year\":2026,\"g\":\"total\",\"count\":200,\"source\":\"own\","
        "\"figures\":1}",
        "{\"code\":\"TZ\",\"year\":2026,\"g\":\"total\",\"count\":200,\"source\":\"sum\","
        "\"figures\":1}",
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        if (!strstr(got, want[i])) fail_msg("missing %s in %s", want[i], got);
    /* no row for a unit without any figure (R2, D3): missing, not zero */
    assert_null(strstr(got, "\"R2\""));
    assert_null(strstr(got, "\"D3\""));
    /* W1's 2026 figure is inside D1's own: it is not added above D1 */
    assert_null(strstr(got, "\"count\":320"));
    free(got);
    json_decref(rows);
    json_decref(cols);
    kazi_report_db_close(rdb);
    kazi_db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_population__rolls_up_the_hierarchy),
        cmocka_unit_test(test_population__a_missing_year_is_said),
        cmocka_unit_test(test_population__import_is_all_or_nothing_and_scoped),
        cmocka_unit_test(test_population__the_rollup_view_agrees),
    };
    return cmocka_run_group_tests(tests, kt_group_tmpdir_rand, kt_group_rmtree);
}
