/* The spells of service the flow indicators read (migration 0022, issue 16 point 6):
 * distribution, entry/exit/promotion rates and length of service group one row a worker
 * (and cadre), never every worker's posts (asserted on the query plans, not on a time);
 * triggers keep the spells equal to the assignments after every kind of change, and the
 * migration counts them for an existing register. "Equal" is checked against the
 * indicators' own definitions read from the assignments: on every day where something
 * starts or ends (and the day before), the people holding a post (any, and per cadre)
 * are exactly those with a spell over that day, each once, with the worker's residence,
 * sex and birth date and their first start. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/internal.h"
#include "store/migrate.h"
#include "store/report.h"
#include "fixture.h"
#include "util/error.h"

static const char register_sql[] =
    "INSERT INTO org_unit(id, code, name, parent_id, depth, level_id, path, created_at, "
    "updated_at) VALUES (1, 'C', 'Country', NULL, 0, 'country', '/1/', 0, 0),"
    " (2, 'N', 'North', 1, 1, 'region', '/1/2/', 0, 0),"
    " (3, 'S', 'South', 1, 1, 'region', '/1/3/', 0, 0);"
    "INSERT INTO organisation(id, code, name, kind, org_unit_id, created_at, updated_at) "
    "VALUES (1, 'GOV', 'Government', 'government', 1, 0, 0);"
    "INSERT INTO person(id, given_name, family_name, name_key, given_key, sex, birth_date, "
    "residence_org_unit_id, org_path, created_at, updated_at) VALUES"
    " (1, 'Asha', 'A', 'a', 'asha', 'female', '1990-05-01', 2, '/1/2/', 0, 0),"
    " (2, 'Baraka', 'B', 'b', 'baraka', 'male', '1970-01-15', 2, '/1/2/', 0, 0),"
    " (3, 'Chausiku', 'C', 'c', 'chausiku', NULL, NULL, 3, '/1/3/', 0, 0),"
    " (4, 'Daudi', 'D', 'd', 'daudi', 'male', '2000-12-31', 3, '/1/3/', 0, 0);"
    "INSERT INTO position(id, title, org_unit_id, org_path, organisation_id, cadre, level, "
    "created_at, updated_at) VALUES (1, 'PSW N1', 2, '/1/2/', 1, 'psw', '1', 0, 0),"
    " (2, 'PSW N2', 2, '/1/2/', 1, 'psw', '1', 0, 0),"
    " (3, 'SWO N', 2, '/1/2/', 1, 'swo', '4', 0, 0),"
    " (4, 'PSW S', 3, '/1/3/', 1, 'psw', '1', 0, 0),"
    " (5, 'No cadre', 3, '/1/3/', 1, '', '1', 0, 0),"
    " (6, 'SWA S', 3, '/1/3/', 1, 'swa', '3', 0, 0);"
    /* Asha: two overlapping posts of two cadres, then a gap, then back; Baraka: one post
     * ended by promotion the day the next starts (one spell); Chausiku: a post of no
     * cadre (left out) and a post ended the day it started (a spell of no length) */
    "INSERT INTO assignment(id, person_id, position_id, start_date, end_date, end_reason, "
    "engagement, created_at, updated_at) VALUES"
    " (1, 1, 1, '2020-01-01', '2022-06-30', 'resignation', 'volunteer', 0, 0),"
    " (2, 1, 3, '2021-03-01', '2022-01-31', 'transfer', 'salaried', 0, 0),"
    " (3, 1, 2, '2024-02-01', NULL, NULL, 'volunteer', 0, 0),"
    " (4, 2, 4, '2018-07-01', '2023-01-01', 'promotion', 'volunteer', 0, 0),"
    " (5, 2, 6, '2023-01-01', NULL, NULL, 'salaried', 0, 0),"
    " (6, 3, 5, '2019-01-01', NULL, NULL, 'volunteer', 0, 0),"
    " (7, 3, 6, '2025-05-05', '2025-05-05', 'death', 'salaried', 0, 0);";

static char dir[] = "/tmp/kazi-test-spells-XXXXXX";
static char path[256];
static kazi_db *db;

static int setup(void **state)
{
    (void)state;
    if (kt_tmpdir(dir) != 0) return -1;
    snprintf(path, sizeof path, "%s/k.db", dir);
    if (kazi_db_open(&db, path, KAZI_DB_CREATE) < 0 || kazi_migrate(db, -1) < 0) return -1;
    return kazi_db_exec(db, register_sql) == KAZI_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    kazi_db_close(db);
    return kt_rmtree(dir);
}

/* The indicators' definitions read from the assignments (the days that matter, who holds
 * a post of any cadre '' or of each cadre on each, with what), against the spells. */
static const char days_sql[] =
    "WITH d(day) AS (SELECT start_date FROM assignment UNION SELECT end_date FROM assignment "
    " UNION SELECT date(start_date, '-1 day') FROM assignment "
    " UNION SELECT date(end_date, '-1 day') FROM assignment UNION SELECT '2030-01-01'),"
    " k(any) AS (VALUES (0), (1)),"
    " want AS (SELECT DISTINCT d.day, iif(k.any, '', pos.cadre) AS cadre, a.person_id, "
    "  p.org_path, p.sex, p.birth_date, (SELECT min(b.start_date) FROM assignment b JOIN "
    "  position q ON q.id = b.position_id AND q.cadre <> '' WHERE b.person_id = a.person_id "
    "  AND (k.any OR q.cadre = pos.cadre)) AS first "
    "  FROM d, k, assignment a JOIN position pos ON pos.id = a.position_id AND pos.cadre <> '' "
    "  JOIN person p ON p.id = a.person_id "
    "  WHERE a.start_date <= d.day AND (a.end_date IS NULL OR a.end_date > d.day)),"
    " got AS (SELECT d.day, s.cadre, s.person_id, s.org_path, s.sex, s.birth_date, "
    "  s.first_start FROM d, service_spell s "
    "  WHERE s.start_date <= d.day AND (s.end_date IS NULL OR s.end_date > d.day)) ";

static void assert_spells_equal_a_recount(kazi_db *d, const char *after)
{
    char sql[4096];
    /* the same holders on every day, with the same residence, sex, birth date, first start */
    snprintf(sql, sizeof sql,
             "%sSELECT (SELECT count(*) FROM (SELECT * FROM want EXCEPT SELECT * FROM got)) + "
             "(SELECT count(*) FROM (SELECT * FROM got EXCEPT SELECT * FROM want))",
             days_sql);
    int64_t differ = kt_db_integer(d, sql);
    if (differ) fprintf(stderr, "after %s: %lld holder-days differ\n", after, (long long)differ);
    assert_int_equal(differ, 0);
    /* each once: no two spells of a person and cadre over one day */
    snprintf(sql, sizeof sql, "%sSELECT (SELECT count(*) FROM got) - (SELECT count(*) FROM want)",
             days_sql);
    assert_int_equal(kt_db_integer(d, sql), 0);
    /* every person and cadre with a post has exactly one spell starting at their first start
     * (the entry), even when no day of it is held */
    int64_t entries = kt_db_integer(
        d,
        "SELECT (SELECT count(*) FROM (SELECT person_id, cadre, start_date FROM service_spell "
        "WHERE start_date = first_start EXCEPT SELECT a.person_id, iif(k.any, '', pos.cadre), "
        "min(a.start_date) FROM assignment a JOIN position pos ON pos.id = a.position_id AND "
        "pos.cadre <> '', (SELECT 0 AS any UNION ALL SELECT 1) k GROUP BY 1, 2)) + "
        "(SELECT count(*) FROM (SELECT a.person_id, iif(k.any, '', pos.cadre), min(a.start_date) "
        "FROM assignment a JOIN position pos ON pos.id = a.position_id AND pos.cadre <> '', "
        "(SELECT 0 AS any UNION ALL SELECT 1) k GROUP BY 1, 2 EXCEPT SELECT person_id, cadre, "
        "start_date FROM service_spell WHERE start_date = first_start)) + "
        "(SELECT count(*) - count(DISTINCT person_id || '/' || cadre) FROM service_spell "
        "WHERE start_date = first_start)");
    if (entries) fprintf(stderr, "after %s: %lld entries differ\n", after, (long long)entries);
    assert_int_equal(entries, 0);
    assert_int_equal(kt_db_integer(d, "SELECT count(*) FROM service_spell_stale"), 0);
}

static void test_service_spells__the_register_as_spells(void **state)
{
    (void)state;
    assert_spells_equal_a_recount(db, "the register");
    /* Asha: any post 2020-01-01..2022-06-30 and from 2024-02-01; Baraka one spell from
     * 2018-07-01; Chausiku a spell of no length; Daudi none */
    assert_int_equal(kt_db_integer(db, "SELECT count(*) FROM service_spell WHERE cadre = ''"), 4);
    assert_int_equal(kt_db_integer(db, "SELECT count(*) FROM service_spell WHERE person_id = 1 AND "
                                       "cadre = '' AND start_date = '2020-01-01' AND end_date = "
                                       "'2022-06-30' AND first_start = '2020-01-01'"),
                     1);
    assert_int_equal(kt_db_integer(db, "SELECT count(*) FROM service_spell WHERE person_id = 2 AND "
                                       "cadre = '' AND end_date IS NULL AND start_date = "
                                       "'2018-07-01'"),
                     1);
    assert_int_equal(kt_db_integer(db, "SELECT count(*) FROM service_spell WHERE person_id = 3 AND "
                                       "start_date = end_date"),
                     2);
}

static void test_service_spells__follow_every_change(void **state)
{
    (void)state;
    static const struct {
        const char *what, *sql;
    } steps[] = {
        {"a first post", "INSERT INTO assignment(id, person_id, position_id, start_date, "
                         "engagement, created_at, updated_at) VALUES (10, 4, 4, '2026-02-01', "
                         "'volunteer', 1, 1);"},
        {"a post filling the gap", "INSERT INTO assignment(id, person_id, position_id, start_date, "
                                   "end_date, engagement, created_at, updated_at) VALUES (11, 1, "
                                   "4, '2022-06-30', '2024-02-01', 'volunteer', 1, 1);"},
        {"a post's start moved earlier", "UPDATE assignment SET start_date = '2015-01-01' WHERE "
                                         "id = 2;"},
        {"the end of a post", "UPDATE assignment SET end_date = '2026-03-31', end_reason = "
                              "'retirement' WHERE id = 5;"},
        {"an ended post reopened", "UPDATE assignment SET end_date = NULL, end_reason = NULL "
                                   "WHERE id = 1;"},
        {"a post given another holder", "UPDATE assignment SET person_id = 3 WHERE id = 11;"},
        {"a post moved to another position", "UPDATE assignment SET position_id = 3 WHERE id = "
                                             "3;"},
        {"a position given another cadre", "UPDATE position SET cadre = 'swa' WHERE id = 4;"},
        {"a position given a cadre", "UPDATE position SET cadre = 'psw' WHERE id = 5;"},
        {"a position saved unchanged", "UPDATE position SET cadre = cadre, title = title;"},
        {"a worker moving house", "UPDATE person SET residence_org_unit_id = 3, org_path = "
                                  "'/1/3/' WHERE id = 1;"},
        {"a sex corrected", "UPDATE person SET sex = 'female' WHERE id = 3;"},
        {"a birth date corrected", "UPDATE person SET birth_date = '1985-02-02' WHERE id = 2;"},
        {"a birth date removed", "UPDATE person SET birth_date = NULL WHERE id = 4;"},
        {"a person saved unchanged", "UPDATE person SET given_name = given_name, sex = sex;"},
        {"a post removed", "DELETE FROM assignment WHERE id = 4;"},
        {"a person's last post removed", "DELETE FROM assignment WHERE person_id = 4;"},
        {"a person removed with their posts", "DELETE FROM assignment WHERE person_id = 2;"
                                              "DELETE FROM person WHERE id = 2;"},
        {"posts filled in bulk",
         "WITH RECURSIVE x(i) AS (SELECT 100 UNION ALL SELECT i + 1 FROM x WHERE i < 159) "
         "INSERT INTO assignment(id, person_id, position_id, start_date, end_date, end_reason, "
         "engagement, created_at, updated_at) SELECT i, 1 + i % 4 - (i % 4 = 1), 1 + i % 6, "
         "date('2016-01-01', '+' || (i * 47 % 3000) || ' days'), date('2016-01-01', '+' || "
         "(i * 47 % 3000 + i % 5 * 100) || ' days'), 'transfer', 'volunteer', 1, 1 FROM x;"},
        {"posts' ends moved in bulk", "UPDATE assignment SET end_date = date(end_date, '+200 "
                                      "days') WHERE id BETWEEN 100 AND 130;"},
        {"posts removed in bulk", "DELETE FROM assignment WHERE id % 2 = 0 AND id >= 100;"},
    };
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        if (kazi_db_exec(db, steps[i].sql) != KAZI_OK)
            fail_msg("%s: %s", steps[i].what, kazi_error_last()->message);
        assert_spells_equal_a_recount(db, steps[i].what);
    }
}

/* An existing register (migrated to the version before) gets its spells counted. */
static void test_service_spells__migrated_from_an_existing_register(void **state)
{
    (void)state;
    char d2[] = "/tmp/kazi-test-spells-m-XXXXXX", p2[64];
    assert_int_equal(kt_tmpdir(d2), 0);
    snprintf(p2, sizeof p2, "%s/kazi.db", d2);
    kazi_db *old = kt_db_before(p2, "0022_service_spells");
    assert_int_equal(kazi_db_exec(old, register_sql), KAZI_OK);
    assert_int_equal(kazi_migrate(old, -1), KAZI_OK);
    assert_int_equal(kt_db_integer(old, "SELECT count(*) FROM service_spell"), 10);
    assert_spells_equal_a_recount(old, "migration 0022");
    kazi_db_close(old);
    assert_int_equal(kt_rmtree(d2), 0);
}

/* As plugins/indicators.lua asks (its SQL shapes, parameters inlined). */
static void test_service_spells__indicators_read_spells_not_every_post(void **state)
{
    (void)state;
    kazi_report_db *rdb;
    assert_int_equal(kazi_report_db_open(&rdb, path), KAZI_OK);
    char plan[4096];
    /* holding a post on a day, by unit and age group: one pass over the spells of any
     * post (a range of the key), summed per village, then per unit; no look-up of each
     * worker, no grouping of a worker's posts */
    kt_report_plan(
        rdb, plan, sizeof plan,
        "SELECT kazi_path_at(v.path, 1) AS upath, v.grp, sum(v.num) FROM (SELECT "
        "s.residence_path AS path, s.age_group AS grp, count(*) AS num FROM "
        "report_service_spells s WHERE s.cadre BETWEEN iif('age_group' = 'cadre', char(1), "
        "'') AND iif('age_group' = 'cadre', char(1114111), '') AND s.start_date <= "
        "'2026-12-31' AND (s.end_date IS NULL OR s.end_date > '2026-12-31') GROUP BY path, "
        "grp LIMIT -1) v WHERE kazi_path_at(v.path, 1) IS NOT NULL GROUP BY upath, v.grp");
    assert_string_equal(plan, "CO-ROUTINE v; SEARCH s USING PRIMARY KEY (cadre>? AND cadre<?); "
                              "USE TEMP B-TREE FOR GROUP BY; SCAN v; USE TEMP B-TREE FOR GROUP "
                              "BY; ");
    kazi_report_db_close(rdb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_service_spells__the_register_as_spells),
        cmocka_unit_test(test_service_spells__follow_every_change),
        cmocka_unit_test(test_service_spells__migrated_from_an_existing_register),
        cmocka_unit_test(test_service_spells__indicators_read_spells_not_every_post),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
