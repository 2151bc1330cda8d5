/* The summaries the monthly-return indicators read (migration 0018, issue 16 point 6):
 * the published views answer from the summaries, never from every return (asserted on
 * the query plan, not on a time), and triggers keep the summaries equal to the returns
 * as they are entered, re-entered, removed and as their workers move house. */
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
#include "fixture.h"
#include "store/report.h"
#include "util/error.h"

static char dir[] = "/tmp/kazi-test-indspeed-XXXXXX";
static char path[256];
static kazi_db *db;
static kazi_report_db *rdb;

static int setup(void **state)
{
    (void)state;
    if (!mkdtemp(dir)) return -1;
    snprintf(path, sizeof path, "%s/k.db", dir);
    if (kazi_db_open(&db, path, KAZI_DB_CREATE) < 0 || kazi_migrate(db, -1) < 0) return -1;
    /* a country, two villages, three workers */
    int rc = kazi_db_exec(
        db, "INSERT INTO org_unit VALUES (1, 'C', 'Country', NULL, 0, 'country', '/1/', 0, 0),"
            " (2, 'V2', 'North', 1, 1, 'village', '/1/2/', 0, 0),"
            " (3, 'V3', 'South', 1, 1, 'village', '/1/3/', 0, 0);"
            "INSERT INTO person (id, given_name, family_name, name_key, given_key, "
            " residence_org_unit_id, org_path, created_at, updated_at) VALUES"
            " (1, 'Asha', 'A', 'a asha', 'asha', 2, '/1/2/', 0, 0),"
            " (2, 'Baraka', 'B', 'b baraka', 'baraka', 2, '/1/2/', 0, 0),"
            " (3, 'Chausiku', 'C', 'c chausiku', 'chausiku', 3, '/1/3/', 0, 0);");
    if (rc < 0) return -1;
    return kazi_report_db_open(&rdb, path);
}

static int teardown(void **state)
{
    (void)state;
    kazi_report_db_close(rdb);
    kazi_db_close(db);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static json_t *query(const char *sql)
{
    json_t *rows = NULL, *cols = NULL;
    assert_int_equal(kazi_report_db_query(&rows, &cols, rdb, sql, NULL, NULL, NULL), KAZI_OK);
    json_decref(cols);
    return rows;
}

static int64_t integer(const char *sql)
{
    json_t *rows = query(sql);
    json_t *first = json_array_get(rows, 0);
    const char *key = NULL;
    json_t *v = NULL;
    json_object_foreach(first, key, v) break;
    int64_t n = json_integer_value(v);
    json_decref(rows);
    return n;
}

static void put(int64_t person, const char *period, const char *activity, int count)
{
    char sql[300];
    snprintf(sql, sizeof sql,
             "INSERT INTO activity_return (person_id, period, activity, count, updated_at) "
             "VALUES (%lld, '%s', '%s', %d, 0) ON CONFLICT (person_id, period, activity) DO "
             "UPDATE SET count = excluded.count",
             (long long)person, period, activity, count);
    assert_int_equal(kazi_db_exec(db, sql), KAZI_OK);
}

static void test_indicator_speed__return_indicators_read_the_summaries(void **state)
{
    (void)state;
    char plan[2048];
    /* as ind-activity-totals and ind-return-completeness group them */
    kt_report_plan(rdb, plan, sizeof plan,
                   "SELECT kazi_path_at(m.org_path, 1) AS u, m.activity, sum(m.total) "
                   "FROM report_activity_months m WHERE m.period BETWEEN '2026-01' AND '2026-12' "
                   "GROUP BY u, m.activity");
    /* one scan of the summary: no return read, no look-up of each worker */
    assert_non_null(strstr(plan, "SCAN activity_month"));
    assert_null(strstr(plan, "SEARCH"));
    kt_report_plan(
        rdb, plan, sizeof plan,
        "SELECT kazi_path_at(m.org_path, 1) AS u, sum(m.workers) FROM report_return_months m "
        "WHERE m.period BETWEEN '2026-01' AND '2026-12' GROUP BY u");
    assert_non_null(strstr(plan, "SCAN return_month"));
    assert_null(strstr(plan, "SEARCH"));
}

/* Sum of counts and distinct worker-months of a village, as the summaries say and as
 * the returns say. */
static void check(const char *where, int64_t total, int64_t worker_months)
{
    char sql[400];
    snprintf(sql, sizeof sql,
             "SELECT coalesce(sum(total), 0) AS n FROM report_activity_months WHERE org_path = "
             "'%s'",
             where);
    assert_int_equal(integer(sql), total);
    snprintf(sql, sizeof sql,
             "SELECT coalesce(sum(workers), 0) AS n FROM report_return_months WHERE org_path = "
             "'%s'",
             where);
    assert_int_equal(integer(sql), worker_months);
    snprintf(sql, sizeof sql,
             "SELECT coalesce(sum(r.count), 0) AS n FROM report_activity_returns r WHERE "
             "r.org_path = '%s'",
             where);
    assert_int_equal(integer(sql), total);
}

static void test_indicator_speed__summaries_follow_the_returns(void **state)
{
    (void)state;
    put(1, "2026-01", "visits", 4);
    put(1, "2026-01", "referrals", 2); /* the same worker-month */
    put(2, "2026-01", "visits", 5);
    put(1, "2026-02", "visits", 1);
    put(3, "2026-01", "visits", 7);
    check("/1/2/", 12, 3); /* Asha: Jan, Feb; Baraka: Jan */
    check("/1/3/", 7, 1);
    put(1, "2026-01", "visits", 10); /* re-entered: replaces 4 */
    check("/1/2/", 18, 3);
    assert_int_equal(kazi_db_exec(db, "DELETE FROM activity_return WHERE person_id = 1 AND "
                                      "period = '2026-01' AND activity = 'referrals'"),
                     KAZI_OK);
    check("/1/2/", 16, 3); /* Asha still returned visits in January */
    assert_int_equal(kazi_db_exec(db, "DELETE FROM activity_return WHERE person_id = 1 AND "
                                      "period = '2026-02'"),
                     KAZI_OK);
    check("/1/2/", 15, 2);
    /* Asha moves to South: her returns go with her */
    assert_int_equal(kazi_db_exec(db, "UPDATE person SET residence_org_unit_id = 3, org_path = "
                                      "'/1/3/' WHERE id = 1"),
                     KAZI_OK);
    check("/1/2/", 5, 1);
    check("/1/3/", 17, 2);
    /* nothing left: no rows at all, not rows of 0 */
    assert_int_equal(kazi_db_exec(db, "DELETE FROM activity_return WHERE person_id = 2"), KAZI_OK);
    assert_int_equal(integer("SELECT count(org_path) AS n FROM report_activity_months WHERE "
                             "org_path = '/1/2/'"),
                     0);
    assert_int_equal(
        integer("SELECT count(org_path) AS n FROM report_return_months WHERE org_path = '/1/2/'"),
        0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_indicator_speed__return_indicators_read_the_summaries),
        cmocka_unit_test(test_indicator_speed__summaries_follow_the_returns),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
