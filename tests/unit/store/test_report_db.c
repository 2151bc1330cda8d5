/* The report connection: SELECT only, on published views only, never on users,
 * sessions or tokens (even through a view), scoped by org unit, under a step and row
 * budget. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/db.h"
#include "store/internal.h"
#include "store/migrate.h"
#include "store/report.h"
#include "util/clock.h"
#include "util/error.h"

static char dir[] = "/tmp/kazi-test-report-XXXXXX";
static char path[256];
static kazi_report_db *rdb;

static int setup(void **state)
{
    (void)state;
    if (!mkdtemp(dir)) return -1;
    snprintf(path, sizeof path, "%s/k.db", dir);
    kazi_db *db;
    if (kazi_db_open(&db, path, KAZI_DB_CREATE) < 0 || kazi_migrate(db, -1) < 0) return -1;
    /* Stand-ins for tables other modules own: a unit hierarchy with people, and secrets. */
    int rc = kazi_db_exec(
        db, "INSERT INTO kazi_meta VALUES ('country', 'tanzania'), ('created_at', '2026-01-01');"
            "CREATE TABLE t_unit (id INTEGER PRIMARY KEY, path TEXT);"
            "CREATE TABLE t_worker (id INTEGER PRIMARY KEY, name TEXT, unit_id INTEGER);"
            "INSERT INTO t_unit VALUES (1, '/1/'), (2, '/1/2/'), (3, '/1/3/');"
            "INSERT INTO t_worker VALUES (1, 'Asha', 2), (2, 'Baraka', 3), (3, 'Chausiku', 2);"
            "CREATE VIEW report_workers AS SELECT w.id, w.name, u.path FROM t_worker w "
            "  JOIN t_unit u ON u.id = w.unit_id WHERE kazi_in_scope(u.path);"
            "CREATE VIEW report_personal_workers AS SELECT w.id, w.name FROM t_worker w;"
            /* published views over the access layer's secret tables must still be refused */
            "CREATE VIEW report_users AS SELECT id FROM app_user;"
            "CREATE VIEW report_sneaky AS SELECT t.id FROM api_token t;"
            "CREATE VIEW report_logins AS SELECT s.user_id AS n FROM session s;");
    kazi_db_close(db);
    if (rc < 0) return -1;
    return kazi_report_db_open(&rdb, path);
}

static int teardown(void **state)
{
    (void)state;
    kazi_report_db_close(rdb);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static int run(json_t **rows, const char *sql, const kazi_report_scope *scope)
{
    json_t *cols = NULL;
    *rows = NULL;
    int rc = kazi_report_db_query(rows, &cols, rdb, sql, NULL, scope, NULL);
    json_decref(cols);
    return rc;
}

static void test_report_db__published_views_are_readable(void **state)
{
    (void)state;
    json_t *rows, *cols, *params = json_pack("[s]", "tanzania");
    assert_int_equal(kazi_report_db_query(
                         &rows, &cols, rdb,
                         "SELECT country, created_at FROM report_installation WHERE country = ?1",
                         params, NULL, NULL),
                     KAZI_OK);
    assert_int_equal(json_array_size(rows), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 0), "country")),
                        "tanzania");
    assert_string_equal(json_string_value(json_array_get(cols, 1)), "created_at");
    json_decref(rows);
    json_decref(cols);
    json_decref(params);
    assert_int_equal(
        run(&rows, "WITH w AS (SELECT name FROM report_workers) SELECT count(name) AS n FROM w",
            NULL),
        KAZI_OK);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(rows, 0), "n")), 3);
    json_decref(rows);
}

static void test_report_db__everything_else_is_denied(void **state)
{
    (void)state;
    static const char *const denied[] = {
        "SELECT * FROM kazi_meta",
        "SELECT count(*) FROM kazi_meta",
        "SELECT * FROM t_worker",
        "SELECT name FROM sqlite_master",
        "SELECT * FROM app_user",
        "SELECT * FROM report_users",  /* a published view over users */
        "SELECT * FROM report_sneaky", /* a published view over tokens */
        "SELECT n FROM report_logins", /* a published view over sessions */
        "SELECT * FROM session",
        "SELECT (SELECT id FROM app_user) FROM report_installation",
        "DELETE FROM kazi_meta",
        "INSERT INTO kazi_meta VALUES ('x', 'y')",
        "UPDATE t_worker SET name = 'x'",
        "DROP VIEW report_workers",
        "CREATE TABLE x (a)",
        "PRAGMA table_info(kazi_meta)",
        "ATTACH DATABASE '/tmp/x.db' AS x",
        "SELECT country FROM report_installation; DELETE FROM kazi_meta",
        "SELECT load_extension('/tmp/evil')",
    };
    for (size_t i = 0; i < sizeof denied / sizeof denied[0]; i++) {
        json_t *rows;
        int rc = run(&rows, denied[i], NULL);
        if (rc != KAZI_EDENIED && rc != KAZI_EINVALID)
            fail_msg("not denied (%d): %s", rc, denied[i]);
        assert_null(rows);
        assert_string_equal(kazi_error_last()->field, "sql");
    }
    json_t *rows;
    assert_int_equal(run(&rows, "SELECT * FROM kazi_meta", NULL), KAZI_EDENIED);
    assert_non_null(strstr(kazi_error_last()->message, "published views"));
    /* nothing was changed */
    assert_int_equal(run(&rows, "SELECT count(name) AS n FROM report_workers", NULL), KAZI_OK);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(rows, 0), "n")), 3);
    json_decref(rows);
}

static void test_report_db__scope_filters_published_views(void **state)
{
    (void)state;
    const char *const paths[] = {"/1/2/"};
    kazi_report_scope ward = {0, paths, 1, 0}, nothing = {0, NULL, 0, 0}, all = {1, NULL, 0, 0};
    json_t *rows;
    assert_int_equal(run(&rows, "SELECT name FROM report_workers ORDER BY name", &ward), KAZI_OK);
    assert_int_equal(json_array_size(rows), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 1), "name")),
                        "Chausiku");
    json_decref(rows);
    assert_int_equal(run(&rows, "SELECT name FROM report_workers", &nothing), KAZI_OK);
    assert_int_equal(json_array_size(rows), 0);
    json_decref(rows);
    assert_int_equal(run(&rows, "SELECT name FROM report_workers", &all), KAZI_OK);
    assert_int_equal(json_array_size(rows), 3);
    json_decref(rows);
}

static void test_report_db__runaway_queries_stop(void **state)
{
    (void)state;
    json_t *rows, *cols;
    kazi_report_limits small = {.max_rows = 10, .max_steps = 100000};
    assert_int_equal(
        kazi_report_db_query(&rows, &cols, rdb,
                             "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
                             "SELECT count(i) FROM n",
                             NULL, NULL, &small),
        KAZI_ETIMEOUT);
    assert_int_equal(kazi_report_db_query(
                         &rows, &cols, rdb,
                         "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n LIMIT 50) "
                         "SELECT i FROM n",
                         NULL, NULL, &small),
                     KAZI_ETOOBIG);
    json_t *bad = json_pack("[{}]");
    assert_int_equal(kazi_report_db_query(&rows, &cols, rdb, "SELECT ?1", bad, NULL, NULL),
                     KAZI_EINVALID);
    json_decref(bad);
}

/* The default step budget grows with the register (50 million and 500 a person): an
 * indicator over a large register finishes; on a small one the same query stops. */
static void test_report_db__step_budget_grows_with_the_register(void **state)
{
    (void)state;
    /* about 72 million steps (18 an iteration): past the budget of a small register */
    const char *sql = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                      "WHERE i < 4000000) SELECT count(i) AS c FROM n";
    json_t *rows;
    assert_int_equal(run(&rows, sql, NULL), KAZI_ETIMEOUT);
    kazi_db *db;
    assert_int_equal(kazi_db_open(&db, path, 0), KAZI_OK);
    /* a register that has held 100,000 people: 100 million steps */
    assert_int_equal(
        kazi_db_exec(db, "INSERT INTO org_unit VALUES (1, 'C', 'Country', NULL, 0, 'country', "
                         "'/1/', 0, 0); INSERT INTO person (id, given_name, family_name, "
                         "name_key, given_key, residence_org_unit_id, org_path, created_at, "
                         "updated_at) VALUES (100000, 'A', 'B', 'b a', 'a', 1, '/1/', 0, 0)"),
        KAZI_OK);
    assert_int_equal(run(&rows, sql, NULL), KAZI_OK);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(rows, 0), "c")), 4000000);
    json_decref(rows);
    assert_int_equal(kazi_db_exec(db, "DELETE FROM person; DELETE FROM org_unit"), KAZI_OK);
    kazi_db_close(db);
}

static void test_report_db__personal_views_need_reports_personal(void **state)
{
    (void)state;
    kazi_report_scope aggregate = {.all = 1}, personal = {.all = 1, .personal = 1};
    json_t *rows;
    static const char *const reads[] = {
        "SELECT name FROM report_personal_workers",
        ("SELECT w.path FROM report_workers w WHERE w.name IN (SELECT name FROM "
         "report_personal_workers)"),
        "WITH x AS (SELECT name FROM report_personal_workers) SELECT name FROM x",
    };
    for (size_t i = 0; i < sizeof reads / sizeof reads[0]; i++) {
        assert_int_equal(run(&rows, reads[i], &aggregate), KAZI_EDENIED);
        assert_non_null(strstr(kazi_error_last()->message, "report_personal_workers"));
        assert_non_null(strstr(kazi_error_last()->message, "reports.personal"));
        assert_int_equal(run(&rows, reads[i], &personal), KAZI_OK);
        json_decref(rows);
    }
    /* no scope at all (a request without a principal): no personal data either */
    assert_int_equal(run(&rows, reads[0], NULL), KAZI_EDENIED);
}

static void test_report_db__path_at_gives_the_ancestor_of_a_level(void **state)
{
    (void)state;
    json_t *rows;
    assert_int_equal(run(&rows,
                         "SELECT kazi_path_at('/1/5/23/', 0) AS a, kazi_path_at('/1/5/23/', 1) AS "
                         "b, kazi_path_at('/1/5/23/', 2) AS c, kazi_path_at('/1/5/23/', 3) AS d, "
                         "kazi_path_at('/1/5/', -1) AS e, kazi_path_at(NULL, 1) AS f",
                         NULL),
                     KAZI_OK);
    char *s = json_dumps(json_array_get(rows, 0), JSON_COMPACT | JSON_SORT_KEYS);
    assert_string_equal(
        s, "{\"a\":\"/1/\",\"b\":\"/1/5/\",\"c\":\"/1/5/23/\",\"d\":null,\"e\":null,\"f\":null}");
    free(s);
    json_decref(rows);
    /* kazi_today() follows Kazi's clock, as kazi.today() does */
    kazi_clock_set_offset_ms(-kazi_clock_now_ms() + 1767225600000LL); /* 2026-01-01 */
    assert_int_equal(run(&rows, "SELECT kazi_today() AS d", NULL), KAZI_OK);
    assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 0), "d")),
                        "2026-01-01");
    kazi_clock_set_offset_ms(0);
    json_decref(rows);
}

/* The schema-only connection configuration validation checks report SQL with. */
static void test_report_db__check_without_data(void **state)
{
    (void)state;
    kazi_report_db *schema;
    assert_int_equal(kazi_report_db_open_schema(&schema), KAZI_OK);
    assert_int_equal(kazi_report_db_check(schema, "SELECT cadre, sum(vacant) AS v FROM "
                                                  "report_positions GROUP BY cadre"),
                     KAZI_OK);
    assert_int_equal(kazi_report_db_check(schema, "SELECT given_name FROM report_personal_people"),
                     KAZI_OK);
    assert_int_equal(kazi_report_db_check(schema, "SELECT cadre FROM position"), KAZI_EDENIED);
    assert_non_null(strstr(kazi_error_last()->message, "'position'"));
    assert_int_equal(kazi_report_db_check(schema, "SELECT x FROM report_nothing"), KAZI_EINVALID);
    assert_non_null(strstr(kazi_error_last()->message, "no such table: report_nothing"));
    assert_int_equal(kazi_report_db_check(schema, "DELETE FROM population"), KAZI_EDENIED);
    kazi_report_db_close(schema);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report_db__published_views_are_readable),
        cmocka_unit_test(test_report_db__everything_else_is_denied),
        cmocka_unit_test(test_report_db__scope_filters_published_views),
        cmocka_unit_test(test_report_db__runaway_queries_stop),
        cmocka_unit_test(test_report_db__step_budget_grows_with_the_register),
        cmocka_unit_test(test_report_db__personal_views_need_reports_personal),
        cmocka_unit_test(test_report_db__path_at_gives_the_ancestor_of_a_level),
        cmocka_unit_test(test_report_db__check_without_data),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
