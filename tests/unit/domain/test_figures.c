/* domain/figures: the figures' arithmetic on a small hand-made register whose answers
 * are worked out by hand below. The rows are written straight into the database (the
 * figures read the store, not the request validation), and the figures are read through
 * the in-process HTTP API (tests/unit/support/inproc.h) as the administrator, against
 * the Tanzanian configuration: psw and pcdw minimum 30,000 TZS a month for volunteers,
 * swa 420,000 and swo 780,000 salaried; supervision max_ratio psw 25, pcdw 25, swa 10,
 * sessions every 90 days (psw, pcdw) or 180 (swa); support every 180 days (psw, pcdw);
 * swo has no kazi.supervision.
 *
 * The tree: TZ(1) > R(2) > district D(3) > wards W1(4), W2(5) > villages V1(6) in W1,
 * V2(7) in W2; another district D2(8) > W3(9).
 *   P1 psw volunteer, lives V1, post V1 (GOV), supervised by P3, session 10 days ago,
 *      paid a 20,000 stipend (+ a reimbursement), support 10 days ago, started 2025-03-01
 *   P2 psw volunteer, lives V1, post V2 (NGO), no supervisor, session 200 days ago,
 *      30,000 allowance (exactly the minimum), no reimbursement, started 2024-06-01
 *   P3 swa salaried, lives W1, post W1 (GOV), supervised by P4, no session, paid 400,000;
 *      an earlier post 2015-01-01..2019-12-31 (promotion), current since 2020-01-01
 *   P4 swo salaried, lives in D itself, post D (GOV), paid nothing, since 2019-01-01
 *   P5 pcdw volunteer, lives W2, post W3 in the other district (NGO), supervised by P3,
 *      session 30 days ago, only materials (not pay), started 2025-05-01
 *   X1..X11 swa salaried, live V2, posts in W2 (GOV), supervised by P4, no session,
 *      paid 420,000 each, since 2024-01-01
 *   P6 psw, lives V1, served 2025-01-10..2025-07-10 (resignation: 181 days), no post now
 *   P7 psw, lives W2, served 2024-02-01..2025-03-02 (retirement: 395 days), no post now
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/install.h"
#include "fixture.h"
#include "inproc.h"
#include "store/db.h"
#include "store/figures.h"
#include "store/internal.h"
#include "store/migrate.h"
#include "store/registry.h"
#include "util/error.h"

static kt_client admin;

static const char register_sql[] =
    "INSERT INTO org_unit(id, code, name, parent_id, depth, level_id, path, created_at, "
    "updated_at) VALUES (1, 'TZ', 'Tanzania', NULL, 0, 'country', '/1/', 1, 1), "
    "(2, 'R', 'Region', 1, 1, 'region', '/1/2/', 1, 1), "
    "(3, 'D', 'District', 2, 2, 'district', '/1/2/3/', 1, 1), "
    "(4, 'W1', 'Ward one', 3, 3, 'ward', '/1/2/3/4/', 1, 1), "
    "(5, 'W2', 'Ward two', 3, 3, 'ward', '/1/2/3/5/', 1, 1), "
    "(6, 'V1', 'Village one', 4, 4, 'village', '/1/2/3/4/6/', 1, 1), "
    "(7, 'V2', 'Village two', 5, 4, 'village', '/1/2/3/5/7/', 1, 1), "
    "(8, 'D2', 'District two', 2, 2, 'district', '/1/2/8/', 1, 1), "
    "(9, 'W3', 'Ward three', 8, 3, 'ward', '/1/2/8/9/', 1, 1);"
    "INSERT INTO organisation(id, code, name, kind, org_unit_id, created_at, updated_at) "
    "VALUES (1, 'GOV', 'Government', 'government', 1, 1, 1), (2, 'NGO', 'An NGO', 'ngo', 1, 1, 1);"
    "INSERT INTO person(id, given_name, family_name, name_key, given_key, "
    "residence_org_unit_id, org_path, created_at, updated_at) VALUES "
    "(1, 'Asha', 'A', 'a', 'asha', 6, '/1/2/3/4/6/', 1, 1), "
    "(2, 'Bakari', 'B', 'b', 'bakari', 6, '/1/2/3/4/6/', 1, 1), "
    "(3, 'Chausiku', 'C', 'c', 'chausiku', 4, '/1/2/3/4/', 1, 1), "
    "(4, 'Daudi', 'D', 'd', 'daudi', 3, '/1/2/3/', 1, 1), "
    "(5, 'Elia', 'E', 'e', 'elia', 5, '/1/2/3/5/', 1, 1), "
    "(6, 'Fatuma', 'F', 'f', 'fatuma', 6, '/1/2/3/4/6/', 1, 1), "
    "(7, 'Gabrieli', 'G', 'g', 'gabrieli', 5, '/1/2/3/5/', 1, 1);"
    "WITH RECURSIVE x(i) AS (SELECT 100 UNION ALL SELECT i + 1 FROM x WHERE i < 110) "
    "INSERT INTO person(id, given_name, family_name, name_key, given_key, "
    "residence_org_unit_id, org_path, created_at, updated_at) "
    "SELECT i, 'X', 'X' || i, 'x' || i, 'x', 7, '/1/2/3/5/7/', 1, 1 FROM x;"
    "INSERT INTO position(id, title, org_unit_id, org_path, organisation_id, cadre, level, "
    "created_at, updated_at) VALUES "
    "(1, 'PSW V1', 6, '/1/2/3/4/6/', 1, 'psw', '1', 1, 1), "
    "(2, 'PSW V2', 7, '/1/2/3/5/7/', 2, 'psw', '1', 1, 1), "
    "(3, 'SWA W1', 4, '/1/2/3/4/', 1, 'swa', '3', 1, 1), "
    "(4, 'SWO D', 3, '/1/2/3/', 1, 'swo', '4', 1, 1), "
    "(5, 'PCDW W3', 9, '/1/2/8/9/', 2, 'pcdw', '1', 1, 1), "
    "(6, 'PSW V1 b', 6, '/1/2/3/4/6/', 1, 'psw', '1', 1, 1), "
    "(7, 'PSW W2', 5, '/1/2/3/5/', 1, 'psw', '1', 1, 1), "
    "(8, 'Old post', 4, '/1/2/3/4/', 1, 'psw-supervisor', '2', 1, 1);"
    "WITH RECURSIVE x(i) AS (SELECT 100 UNION ALL SELECT i + 1 FROM x WHERE i < 110) "
    "INSERT INTO position(id, title, org_unit_id, org_path, organisation_id, cadre, level, "
    "created_at, updated_at) SELECT i, 'SWA ' || i, 5, '/1/2/3/5/', 1, 'swa', '3', 1, 1 FROM x;"
    "INSERT INTO assignment(person_id, position_id, start_date, end_date, engagement, "
    "end_reason, created_at, updated_at) VALUES "
    "(1, 1, '2025-03-01', NULL, 'volunteer', NULL, 1, 1), "
    "(2, 2, '2024-06-01', NULL, 'volunteer', NULL, 1, 1), "
    "(3, 8, '2015-01-01', '2019-12-31', 'stipend', 'promotion', 1, 1), "
    "(3, 3, '2020-01-01', NULL, 'salaried', NULL, 1, 1), "
    "(4, 4, '2019-01-01', NULL, 'salaried', NULL, 1, 1), "
    "(5, 5, '2025-05-01', NULL, 'volunteer', NULL, 1, 1), "
    "(6, 6, '2025-01-10', '2025-07-10', 'volunteer', 'resignation', 1, 1), "
    "(7, 7, '2024-02-01', '2025-03-02', 'volunteer', 'retirement', 1, 1);"
    "INSERT INTO assignment(person_id, position_id, start_date, engagement, created_at, "
    "updated_at) SELECT id, id, '2024-01-01', 'salaried', 1, 1 FROM person WHERE id >= 100;"
    "INSERT INTO supervision(person_id, supervisor_person_id, type, start_date, created_at, "
    "updated_at) VALUES (1, 3, 'individual', '2025-03-01', 1, 1), "
    "(3, 4, 'individual', '2020-01-01', 1, 1), (5, 3, 'individual', '2025-05-01', 1, 1);"
    "INSERT INTO supervision(person_id, supervisor_person_id, type, start_date, created_at, "
    "updated_at) SELECT id, 4, 'group', '2024-01-01', 1, 1 FROM person WHERE id >= 100;"
    "INSERT INTO supervision_session(person_id, supervisor_person_id, session_date, "
    "duration_minutes, mode, created_at) VALUES "
    "(1, 3, date('now', '-10 days'), 60, 'in_person', 1), "
    "(2, 3, date('now', '-200 days'), 60, 'in_person', 1), "
    "(5, 3, date('now', '-30 days'), 60, 'phone', 1);"
    "INSERT INTO payment(person_id, kind, period, amount, currency, purpose, created_at) VALUES "
    "(1, 'stipend', '2026-01', 20000, 'TZS', NULL, 1), "
    "(1, 'reimbursement', '2026-01', 5000, 'TZS', 'bus fares', 1), "
    "(2, 'allowance', '2026-01', 30000, 'TZS', NULL, 1), "
    "(2, 'payment', '2025-12', 100000, 'TZS', NULL, 1), "
    "(3, 'payment', '2026-01', 400000, 'TZS', NULL, 1), "
    "(5, 'materials', '2026-01', 50000, 'TZS', 'a bicycle', 1);"
    "INSERT INTO payment(person_id, kind, period, amount, currency, created_at) "
    "SELECT id, 'payment', '2026-01', 420000, 'TZS', 1 FROM person WHERE id >= 100;"
    "INSERT INTO support_activity(person_id, kind, activity_date, created_at) VALUES "
    "(1, 'debriefing', date('now', '-10 days'), 1);";

static int setup(void **state)
{
    (void)state;
    return kt_server_start_with("tanzania", register_sql, &admin);
}

static int teardown(void **state)
{
    (void)state;
    kt_server_stop();
    return 0;
}

/* The figures' rows by org unit code, and the total. */
static json_t *row(const kt_resp *r, const char *code)
{
    size_t i;
    json_t *x;
    if (!strcmp(code, "total")) return json_object_get(r->json, "total");
    json_array_foreach(json_object_get(r->json, "rows"), i, x)
    {
        const char *c = json_string_value(json_object_get(json_object_get(x, "org_unit"), "code"));
        if (c && !strcmp(c, code)) return x;
    }
    fail_msg("no row for %s", code);
    return NULL;
}

static long long num(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    if (!json_is_integer(v)) fail_msg("%s is not an integer", key);
    return (long long)json_integer_value(v);
}

static double real(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    if (!json_is_number(v)) fail_msg("%s is not a number", key);
    return json_number_value(v);
}

static kt_resp figures(const char *target)
{
    kt_resp r = kt_call(&admin, "GET", target, NULL);
    if (r.status != 200) fail_msg("%s: %d %s", target, r.status, kt_error(&r));
    return r;
}

static void test_figures__supervision_coverage_and_ratios(void **state)
{
    (void)state;
    kt_resp r = figures("/api/v1/figures/supervision?org_unit=3");
    assert_int_equal(json_array_size(json_object_get(r.json, "rows")), 2); /* W1, W2 */
    /* W1: P1, P2 (psw), P3 (swa); P2 has no supervisor; P2's session is older than 90
     * days and P3 has none. Supervisors with supervisees living in W1: P3 (P1) and P4
     * (P3); P4 supervises 12 swa (P3 and X1..X11) against swa's max_ratio 10: over. */
    json_t *w1 = row(&r, "W1");
    assert_int_equal(num(w1, "workers"), 3);
    assert_int_equal(num(w1, "without_supervisor"), 1);
    assert_int_equal(num(w1, "no_recent_session"), 2);
    assert_int_equal(num(w1, "supervisors"), 2);
    assert_int_equal(num(w1, "supervisors_over_ratio"), 1);
    assert_true(real(w1, "workers_per_supervisor") == (3.0 - 1.0) / 2.0);
    /* W2: P5 (pcdw, session 30 days ago) and X1..X11 (swa, no session); supervisors P3
     * (P5) and P4 (the X's). */
    json_t *w2 = row(&r, "W2");
    assert_int_equal(num(w2, "workers"), 12);
    assert_int_equal(num(w2, "without_supervisor"), 0);
    assert_int_equal(num(w2, "no_recent_session"), 11);
    assert_int_equal(num(w2, "supervisors"), 2);
    assert_int_equal(num(w2, "supervisors_over_ratio"), 1);
    assert_true(real(w2, "workers_per_supervisor") == 12.0 / 2.0);
    /* The total counts each supervisor once; P4 (swo) is no supervised cadre. */
    json_t *t = row(&r, "total");
    assert_int_equal(num(t, "workers"), 15);
    assert_int_equal(num(t, "without_supervisor"), 1);
    assert_int_equal(num(t, "no_recent_session"), 13);
    assert_int_equal(num(t, "supervisors"), 2);
    assert_int_equal(num(t, "supervisors_over_ratio"), 1);
    assert_true(real(t, "workers_per_supervisor") == (15.0 - 1.0) / 2.0);
    assert_int_equal(num(json_object_get(t, "max_ratio"), "swa"), 10);
    assert_int_equal(num(json_object_get(t, "max_ratio"), "psw"), 25);
    kt_resp_free(&r);
}

static void test_figures__pay_against_the_minimums(void **state)
{
    (void)state;
    kt_resp r = figures("/api/v1/figures/pay?org_unit=3&period=2026-01");
    /* W1: P1 20,000 < 30,000 (below; reimbursed), P2 30,000 = 30,000 (not below; no
     * reimbursement; December's 100,000 is another month), P3 400,000 < 420,000. */
    json_t *w1 = row(&r, "W1");
    assert_int_equal(num(w1, "workers"), 3);
    assert_int_equal(num(w1, "with_minimum"), 3);
    assert_int_equal(num(w1, "below_minimum"), 2);
    assert_int_equal(num(w1, "volunteers"), 2);
    assert_int_equal(num(w1, "volunteers_without_reimbursement"), 1);
    json_t *gov = json_object_get(json_object_get(w1, "by_funder"), "GOV");
    json_t *ngo = json_object_get(json_object_get(w1, "by_funder"), "NGO");
    assert_int_equal(num(gov, "workers"), 2);
    assert_int_equal(num(gov, "below_minimum"), 2);
    assert_int_equal(num(gov, "volunteers_without_reimbursement"), 0);
    assert_int_equal(num(ngo, "workers"), 1);
    assert_int_equal(num(ngo, "below_minimum"), 0);
    assert_int_equal(num(ngo, "volunteers_without_reimbursement"), 1);
    /* W2: P5 has only materials (not pay): 0 < 30,000; the X's 420,000 each meet it. */
    json_t *w2 = row(&r, "W2");
    assert_int_equal(num(w2, "workers"), 12);
    assert_int_equal(num(w2, "below_minimum"), 1);
    assert_int_equal(num(w2, "volunteers"), 1);
    assert_int_equal(num(w2, "volunteers_without_reimbursement"), 1);
    /* Total: P4 (lives in D itself) paid nothing against 780,000 joins only here. */
    json_t *t = row(&r, "total");
    assert_int_equal(num(t, "workers"), 16);
    assert_int_equal(num(t, "with_minimum"), 16);
    assert_int_equal(num(t, "below_minimum"), 4);
    assert_int_equal(num(t, "volunteers"), 3);
    assert_int_equal(num(t, "volunteers_without_reimbursement"), 2);
    gov = json_object_get(json_object_get(t, "by_funder"), "GOV");
    ngo = json_object_get(json_object_get(t, "by_funder"), "NGO");
    assert_int_equal(num(gov, "workers"), 14);
    assert_int_equal(num(gov, "below_minimum"), 3);
    assert_int_equal(num(ngo, "workers"), 2);
    assert_int_equal(num(ngo, "below_minimum"), 1);
    assert_int_equal(num(ngo, "volunteers_without_reimbursement"), 2);
    kt_resp_free(&r);
    /* A month without payments: everyone with a minimum is below it. */
    r = figures("/api/v1/figures/pay?org_unit=3&period=2025-11");
    assert_int_equal(num(row(&r, "total"), "below_minimum"), 16);
    kt_resp_free(&r);
}

/* Run SQL on the test's register (between figures reads). */
static void exec_sql(const char *sql)
{
    kazi_db *db;
    assert_int_equal(kazi_install_open(&db, kt_server_data()), KAZI_OK);
    int rc = kazi_db_exec(db, sql);
    if (rc != KAZI_OK) fail_msg("%s: %s", sql, kazi_error_last()->message);
    kazi_db_close(db);
}

static void test_figures__a_worker_with_two_posts_is_counted_once(void **state)
{
    (void)state;
    /* P3 (swa, paid 400,000) also holds the swo post of W2 for now: one worker, against
     * the higher minimum (780,000), still below; under the funder of that post. */
    exec_sql("INSERT INTO position(id, title, org_unit_id, org_path, organisation_id, cadre, "
             "level, created_at, updated_at) VALUES (9, 'SWO W2', 5, '/1/2/3/5/', 2, 'swo', '4', "
             "1, 1);"
             "INSERT INTO assignment(person_id, position_id, start_date, engagement, "
             "created_at, updated_at) VALUES (3, 9, '2020-01-01', 'salaried', 1, 1);");
    kt_resp r = figures("/api/v1/figures/pay?org_unit=3&period=2026-01");
    json_t *t = row(&r, "total");
    assert_int_equal(num(t, "workers"), 16);
    assert_int_equal(num(t, "with_minimum"), 16);
    assert_int_equal(num(t, "below_minimum"), 4);
    json_t *gov = json_object_get(json_object_get(t, "by_funder"), "GOV");
    json_t *ngo = json_object_get(json_object_get(t, "by_funder"), "NGO");
    assert_int_equal(num(gov, "workers"), 13);
    assert_int_equal(num(ngo, "workers"), 3);
    assert_int_equal(num(ngo, "below_minimum"), 2);
    assert_int_equal(num(row(&r, "W1"), "workers"), 3);
    kt_resp_free(&r);
    exec_sql("DELETE FROM assignment WHERE position_id = 9; DELETE FROM position WHERE id = 9;");
}

static void test_figures__support_within_its_period(void **state)
{
    (void)state;
    kt_resp r = figures("/api/v1/figures/support?org_unit=3");
    /* psw and pcdw need support every 180 days: P1 had it 10 days ago, P2 and P5 never. */
    assert_int_equal(num(row(&r, "W1"), "workers"), 2);
    assert_int_equal(num(row(&r, "W1"), "without_support"), 1);
    assert_int_equal(num(row(&r, "W2"), "workers"), 1);
    assert_int_equal(num(row(&r, "W2"), "without_support"), 1);
    assert_int_equal(num(row(&r, "total"), "without_support"), 2);
    kt_resp_free(&r);
}

static void test_figures__retention_over_a_year(void **state)
{
    (void)state;
    kt_resp r = figures("/api/v1/figures/retention?org_unit=3&from=2025-01-01&to=2025-12-31");
    /* W1: entries P1 (03-01) and P6 (01-10); exit P6 after 181 days (21 + 28 + 31 + 30 +
     * 31 + 30 + 10); serving at the end P1, P2, P3 (P3's 2019 promotion is outside); in
     * their home ward P1 (V1 in W1) and P3 (W1), in their home district all three. */
    json_t *w1 = row(&r, "W1");
    assert_int_equal(num(w1, "entries"), 2);
    assert_int_equal(num(w1, "exits"), 1);
    assert_int_equal(num(json_object_get(w1, "exit_reasons"), "resignation"), 1);
    assert_true(real(w1, "mean_service_days_of_exits") == 181.0);
    assert_int_equal(num(w1, "serving"), 3);
    assert_int_equal(num(w1, "home_ward"), 2);
    assert_int_equal(num(w1, "home_district"), 3);
    assert_true(real(w1, "home_ward_share") == 2.0 / 3.0);
    assert_true(real(w1, "home_district_share") == 1.0);
    /* W2: entry P5 (05-01); exit P7 after 395 days (2024 is a leap year: 366 to
     * 2025-02-01, then 29); serving P5 (post in another district) and the 11 X's (V2's
     * ward is W2). */
    json_t *w2 = row(&r, "W2");
    assert_int_equal(num(w2, "entries"), 1);
    assert_int_equal(num(w2, "exits"), 1);
    assert_int_equal(num(json_object_get(w2, "exit_reasons"), "retirement"), 1);
    assert_true(real(w2, "mean_service_days_of_exits") == 395.0);
    assert_int_equal(num(w2, "serving"), 12);
    assert_int_equal(num(w2, "home_ward"), 11);
    assert_int_equal(num(w2, "home_district"), 11);
    assert_true(real(w2, "home_ward_share") == 11.0 / 12.0);
    /* Total: P4 serves in the district he lives in (no ward of his own). */
    json_t *t = row(&r, "total");
    assert_int_equal(num(t, "entries"), 3);
    assert_int_equal(num(t, "exits"), 2);
    assert_true(real(t, "mean_service_days_of_exits") == (181.0 + 395.0) / 2.0);
    assert_int_equal(num(t, "serving"), 16);
    assert_int_equal(num(t, "home_ward"), 13);
    assert_int_equal(num(t, "home_district"), 15);
    assert_true(real(t, "home_ward_share") == 13.0 / 16.0);
    assert_true(real(t, "home_district_share") == 15.0 / 16.0);
    kt_resp_free(&r);
    /* 2024: entries P2, P7 and the 11 X's; nobody left, so the mean is null, not 0;
     * serving at its end P2, P3, P4, P7 and the X's (P1, P5 and P6 came later). */
    r = figures("/api/v1/figures/retention?org_unit=3&from=2024-01-01&to=2024-12-31");
    t = row(&r, "total");
    assert_int_equal(num(t, "entries"), 13);
    assert_int_equal(num(t, "exits"), 0);
    assert_true(json_is_null(json_object_get(t, "mean_service_days_of_exits")));
    assert_int_equal(num(t, "serving"), 15);
    kt_resp_free(&r);
}

/* The dashboard's totals are the figures' totals, its people counts the register's,
 * and every expiring certificate is counted (not the first 5,000 listed). */
static void test_figures__dashboard_totals_and_every_expiring_certificate(void **state)
{
    (void)state;
    /* 5,002 certificates of P1 expiring in 10 days, alternately psw and swa; the first is
     * renewed by a valid certificate (expiring in 3 years), so it is not expiring. */
    exec_sql("WITH RECURSIVE x(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM x WHERE i < 5002) "
             "INSERT INTO certificate(id, number, person_id, certification, issued_date, "
             "expires_date, config_id, created_at, updated_at) SELECT 1000 + i, 'C' || i, 1, "
             "CASE WHEN i % 2 THEN 'psw-certificate' ELSE 'swa-certificate' END, '2020-01-01', "
             "date('now', '+10 days'), 'x', 1, 1 FROM x;"
             "INSERT INTO certificate(id, number, person_id, certification, issued_date, "
             "expires_date, config_id, renews_id, created_at, updated_at) VALUES (9000, 'R1', 1, "
             "'psw-certificate', date('now'), date('now', '+3 years'), 'x', 1001, 1, 1);");
    kt_resp d = figures("/api/v1/figures/dashboard?days=30&period=2026-01");
    json_t *exp = json_object_get(d.json, "expiring");
    assert_int_equal(num(exp, "total"), 5001);
    assert_int_equal(num(json_object_get(exp, "by_certification"), "psw-certificate"), 2500);
    assert_int_equal(num(json_object_get(exp, "by_certification"), "swa-certificate"), 2501);
    /* People: the 7 named and the 11 X's are active, all under the region. */
    json_t *people = json_object_get(d.json, "people");
    assert_int_equal(num(people, "active"), 18);
    json_t *unit = json_array_get(json_object_get(people, "by_unit"), 0);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(unit, "org_unit"), "code")), "R");
    assert_int_equal(num(unit, "people"), 18);
    /* Supervision and pay: the totals the figures give for everywhere. */
    kt_resp s = figures("/api/v1/figures/supervision");
    kt_resp p = figures("/api/v1/figures/pay?period=2026-01");
    assert_true(json_equal(json_object_get(d.json, "supervision"), row(&s, "total")));
    assert_true(json_equal(json_object_get(d.json, "pay"), row(&p, "total")));
    assert_int_equal(num(json_object_get(d.json, "supervision"), "workers"), 15);
    assert_int_equal(num(json_object_get(d.json, "pay"), "below_minimum"), 4);
    kt_resp_free(&s);
    kt_resp_free(&p);
    kt_resp_free(&d);
    exec_sql("DELETE FROM certificate WHERE id >= 1000;");
}

/* Whether any step of `plan` mentions `text`. */
static int plan_has(const json_t *plan, const char *text)
{
    size_t i;
    json_t *x;
    json_array_foreach(plan, i, x)
    {
        if (strstr(json_string_value(x), text)) return 1;
    }
    return 0;
}

/* The dashboard's people counts read person_place_count, never the people one by one;
 * its counts by cadre and of vacant posts read cadre_place_count and vacant_place_count,
 * never the people, posts or assignments; expiring certificates are a window of an index
 * (renewals already applied by 0025's triggers), and the supervisors over their ratio
 * are counted from supervisor_mix, not supervisor by supervisor. */
static void test_figures__dashboard_plans_read_counts_not_people(void **state)
{
    (void)state;
    kazi_db *db;
    json_t *plans;
    assert_int_equal(kazi_install_open(&db, kt_server_data()), KAZI_OK);
    assert_int_equal(kazi_store_figures_dashboard_plans(&plans, db), KAZI_OK);
    kazi_db_close(db);
    size_t i;
    json_t *x;
    int seen = 0;
    json_array_foreach(plans, i, x)
    {
        const char *name = json_string_value(json_object_get(x, "statement"));
        const json_t *plan = json_object_get(x, "plan");
        if (!strcmp(name, "active") || !strcmp(name, "by_unit")) {
            /* person_place_count's key; person_place's has no status */
            assert_true(plan_has(plan, "PRIMARY KEY (org_unit_id=? AND status=?)"));
            assert_false(plan_has(plan, "person p") || plan_has(plan, "person_scope"));
            seen++;
        } else if (!strcmp(name, "by_cadre") || !strcmp(name, "vacant_by_cadre")) {
            /* the running counts' key, the area's unit; no person, post or assignment read */
            assert_true(plan_has(plan, name[0] == 'b' ? "SEARCH cadre_place_count USING PRIMARY "
                                                        "KEY (org_unit_id=?)"
                                                      : "SEARCH vacant_place_count USING PRIMARY "
                                                        "KEY (org_unit_id=?)"));
            assert_false(plan_has(plan, "person") || plan_has(plan, "assignment") ||
                         plan_has(plan, " position") || plan_has(plan, "SCAN c"));
            seen++;
        } else if (!strcmp(name, "expiring")) {
            /* a window of certificate_due's covering index (0025): no certificate, no person */
            assert_true(plan_has(plan, "SEARCH certificate_due USING COVERING INDEX "
                                       "certificate_due_window (expires_date>? AND "
                                       "expires_date<?)"));
            assert_false(plan_has(plan, "person") || plan_has(plan, "SCAN"));
            seen++;
        } else if (!strcmp(name, "supervision")) {
            /* the whole register's total: the counts of 0021 and 0025, no worker, link,
             * session or supervisor's load read one by one */
            assert_true(plan_has(plan, "supervised_count") && plan_has(plan, "supervisor_mix"));
            assert_false(plan_has(plan, "person") || plan_has(plan, "assignment") ||
                         plan_has(plan, "supervision ") || plan_has(plan, "session_person") ||
                         plan_has(plan, "supervisor_load"));
            seen++;
        } else if (!strcmp(name, "pay")) {
            /* the month's counts by posts, no worker, post or payment read one by one */
            assert_true(plan_has(plan, "pay_count") && plan_has(plan, "pay_month_count"));
            assert_false(plan_has(plan, "person") || plan_has(plan, "assignment") ||
                         plan_has(plan, "SCAN payment") || plan_has(plan, "payment_person"));
            seen++;
        } else if (strstr(name, "_area") || !strncmp(name, "people_", 7)) {
            /* an area's figures and the names behind them start from the area's people
             * (a range of person_scope, materialised as ws), then their posts: never from
             * every post of a cadre or every person of the country */
            if (!plan_has(plan, "MATERIALIZE ws")) {
                char *text = json_dumps(plan, JSON_INDENT(1));
                fail_msg("%s does not start from ws: %s", name, text);
            }
            assert_true(plan_has(plan, "USING COVERING INDEX person_scope (org_path>? AND "
                                       "org_path<?)"));
            assert_false(plan_has(plan, "position_cadre") || plan_has(plan, "SCAN person") ||
                         plan_has(plan, "assignment_position"));
            seen++;
        }
    }
    assert_int_equal(seen, 7 + 3 + 5);
    json_decref(plans);
}

static const kazi_row_spec plain = {NULL, NULL, NULL};

/* The dashboard's counts by cadre and of vacant posts counted from scratch, person by
 * person and post by post, in the area of org unit `id` (0: everywhere). */
static json_t *recount(kazi_db *db, const char *lo, const char *hi)
{
    static const char *const sql[] = {
        "SELECT pos.cadre AS cadre, count(DISTINCT p.id) AS n FROM person p JOIN assignment a "
        "ON a.person_id = p.id AND a.end_date IS NULL JOIN position pos ON pos.id = "
        "a.position_id WHERE p.status = 'active' AND (?1 = '' OR (p.org_path >= ?1 AND "
        "p.org_path < ?2)) GROUP BY pos.cadre ORDER BY pos.cadre",
        "SELECT p.cadre AS cadre, count(*) AS n FROM position p WHERE (?1 = '' OR (p.org_path "
        ">= ?1 AND p.org_path < ?2)) AND NOT EXISTS (SELECT 1 FROM assignment a WHERE "
        "a.position_id = p.id AND a.end_date IS NULL) GROUP BY p.cadre ORDER BY p.cadre",
    };
    static const char *const keys[] = {"by_cadre", "vacant_by_cadre"};
    json_t *doc = json_object();
    for (size_t i = 0; i < 2; i++) {
        sqlite3_stmt *st = kazi_db_stmt(db, sql[i]);
        assert_non_null(st);
        kazi_db_bind_text(st, 1, lo);
        kazi_db_bind_text(st, 2, hi);
        json_t *rows;
        assert_int_equal(kazi_db_all_rows(&rows, db, st, &plain, "recount"), KAZI_OK);
        json_object_set_new(doc, keys[i], rows);
    }
    return doc;
}

/* The register counts of every org unit's area and of the whole register in db equal
 * a recount. */
static void assert_db_counts_equal_a_recount(kazi_db *db, const char *after)
{
    json_t *units;
    sqlite3_stmt *st = kazi_db_stmt(db, "SELECT 0 AS id, '' AS path UNION ALL SELECT id, path "
                                        "FROM org_unit ORDER BY id");
    assert_int_equal(kazi_db_all_rows(&units, db, st, &plain, "units"), KAZI_OK);
    size_t i;
    json_t *u;
    json_array_foreach(units, i, u)
    {
        int64_t id = json_integer_value(json_object_get(u, "id"));
        const char *path = json_string_value(json_object_get(u, "path"));
        char hi[KAZI_PATH_MAX] = "";
        if (id) kazi_store_subtree_end(hi, path);
        json_t *counts, *want = recount(db, path, hi);
        assert_int_equal(
            kazi_store_figures_register(&counts, db, id, id, id ? path : NULL, id ? hi : NULL),
            KAZI_OK);
        for (size_t k = 0; k < 2; k++) {
            const char *key = k ? "vacant_by_cadre" : "by_cadre";
            if (!json_equal(json_object_get(counts, key), json_object_get(want, key))) {
                char *a = json_dumps(json_object_get(counts, key), JSON_COMPACT),
                     *b = json_dumps(json_object_get(want, key), JSON_COMPACT);
                fail_msg("after %s, unit %lld, %s: counted %s, recount %s", after, (long long)id,
                         key, a, b);
            }
        }
        json_decref(counts);
        json_decref(want);
    }
    json_decref(units);
}

/* The same in the server's register; the national dashboard shows the same. */
static void assert_counts_equal_a_recount(const char *after)
{
    kazi_db *db;
    assert_int_equal(kazi_install_open(&db, kt_server_data()), KAZI_OK);
    assert_db_counts_equal_a_recount(db, after);
    json_t *national = recount(db, "", "");
    kazi_db_close(db);
    kt_resp d = figures("/api/v1/figures/dashboard?period=2026-01");
    size_t k;
    json_t *r;
    json_array_foreach(json_object_get(national, "by_cadre"), k, r)
    {
        const char *c = json_string_value(json_object_get(r, "cadre"));
        assert_int_equal(num(json_object_get(json_object_get(d.json, "people"), "by_cadre"), c),
                         num(r, "n"));
    }
    assert_int_equal(
        json_object_size(json_object_get(json_object_get(d.json, "people"), "by_cadre")),
        json_array_size(json_object_get(national, "by_cadre")));
    json_array_foreach(json_object_get(national, "vacant_by_cadre"), k, r)
    {
        const char *c = json_string_value(json_object_get(r, "cadre"));
        assert_int_equal(num(json_object_get(json_object_get(d.json, "vacant"), "by_cadre"), c),
                         num(r, "n"));
    }
    assert_int_equal(
        json_object_size(json_object_get(json_object_get(d.json, "vacant"), "by_cadre")),
        json_array_size(json_object_get(national, "vacant_by_cadre")));
    kt_resp_free(&d);
    json_decref(national);
}

/* The counts by cadre and of vacant posts are running counts kept by triggers: after
 * every change that moves one, they equal a recount from scratch in every area. */
static void test_figures__dashboard_counts_follow_every_change(void **state)
{
    (void)state;
    static const struct {
        const char *what, *sql;
    } steps[] = {
        {"nothing", ""},
        {"an assignment to a vacant post",
         "INSERT INTO assignment(person_id, position_id, start_date, engagement, created_at, "
         "updated_at) VALUES (6, 6, '2026-01-01', 'volunteer', 1, 1);"},
        {"a second post of the same cadre",
         "INSERT INTO assignment(person_id, position_id, start_date, engagement, created_at, "
         "updated_at) VALUES (1, 7, '2026-01-01', 'volunteer', 1, 1);"},
        {"the end of one of two posts",
         "UPDATE assignment SET end_date = '2026-01-31', end_reason = 'transfer', updated_at = 2 "
         "WHERE person_id = 1 AND position_id = 1;"},
        {"a transfer",
         "UPDATE assignment SET end_date = '2026-02-01', end_reason = 'transfer', updated_at = 2 "
         "WHERE person_id = 2 AND end_date IS NULL;"
         "INSERT INTO assignment(person_id, position_id, start_date, engagement, created_at, "
         "updated_at) VALUES (2, 1, '2026-02-02', 'volunteer', 1, 1);"},
        {"a position created",
         "INSERT INTO position(id, title, org_unit_id, org_path, organisation_id, cadre, level, "
         "created_at, updated_at) VALUES (20, 'SWO W3', 9, '/1/2/8/9/', 1, 'swo', '4', 1, 1);"},
        {"a held position moved and given another cadre",
         "UPDATE position SET org_unit_id = 9, org_path = '/1/2/8/9/', cadre = 'swo' WHERE id = "
         "3;"},
        {"a vacant position moved",
         "UPDATE position SET org_unit_id = 7, org_path = '/1/2/3/5/7/' WHERE id = 20;"},
        {"a position saved unchanged",
         "UPDATE position SET code = code, title = title, org_unit_id = org_unit_id, org_path = "
         "org_path, cadre = cadre, updated_at = 3 WHERE id IN (1, 2, 20);"},
        {"a position closed", "DELETE FROM position WHERE id = 20;"},
        {"a person deactivated", "UPDATE person SET status = 'inactive' WHERE id = 4;"},
        {"a person reactivated", "UPDATE person SET status = 'active' WHERE id = 4;"},
        {"a person who died", "UPDATE person SET status = 'deceased' WHERE id = 104;"},
        {"a person moving house",
         "UPDATE person SET residence_org_unit_id = 9, org_path = '/1/2/8/9/' WHERE id = 5;"},
        {"a current assignment removed", "DELETE FROM assignment WHERE person_id = 105;"},
        {"a current assignment given another holder and post",
         "UPDATE assignment SET person_id = 7, position_id = 105 WHERE person_id = 106 AND "
         "end_date IS NULL;"},
        {"an ended assignment reopened",
         "UPDATE assignment SET end_date = NULL, end_reason = NULL WHERE person_id = 3 AND "
         "position_id = 8;"},
        {"a supervision link started and ended, a payment recorded",
         "INSERT INTO supervision(person_id, supervisor_person_id, type, start_date, created_at, "
         "updated_at) VALUES (2, 3, 'individual', '2026-01-01', 1, 1);"
         "UPDATE supervision SET end_date = '2026-01-31' WHERE person_id = 1;"
         "INSERT INTO payment(person_id, kind, period, amount, currency, created_at) VALUES "
         "(6, 'stipend', '2026-01', 30000, 'TZS', 1);"},
        {"people imported in bulk, posts created and filled in bulk",
         "WITH RECURSIVE x(i) AS (SELECT 1000 UNION ALL SELECT i + 1 FROM x WHERE i < 2999) "
         "INSERT INTO person(id, given_name, family_name, name_key, given_key, "
         "residence_org_unit_id, org_path, status, created_at, updated_at) SELECT i, 'Y', 'Y' "
         "|| i, 'y' || i, 'y', CASE i % 3 WHEN 0 THEN 6 WHEN 1 THEN 7 ELSE 9 END, CASE i % 3 "
         "WHEN 0 THEN '/1/2/3/4/6/' WHEN 1 THEN '/1/2/3/5/7/' ELSE '/1/2/8/9/' END, CASE WHEN i "
         "% 7 THEN 'active' ELSE 'inactive' END, 1, 1 FROM x;"
         "WITH RECURSIVE x(i) AS (SELECT 1000 UNION ALL SELECT i + 1 FROM x WHERE i < 2999) "
         "INSERT INTO position(id, title, org_unit_id, org_path, organisation_id, cadre, level, "
         "created_at, updated_at) SELECT i, 'P' || i, CASE i % 2 WHEN 0 THEN 4 ELSE 9 END, CASE "
         "i % 2 WHEN 0 THEN '/1/2/3/4/' ELSE '/1/2/8/9/' END, 1, CASE i % 4 WHEN 0 THEN 'psw' "
         "WHEN 1 THEN 'swa' WHEN 2 THEN 'pcdw' ELSE 'swo' END, '1', 1, 1 FROM x;"
         "INSERT INTO assignment(person_id, position_id, start_date, engagement, created_at, "
         "updated_at) SELECT id, id, '2026-01-01', 'salaried', 1, 1 FROM person WHERE id >= "
         "1000 AND id % 5 <> 0;"
         "INSERT INTO assignment(person_id, position_id, start_date, engagement, created_at, "
         "updated_at) SELECT id + 1, id, '2026-01-01', 'salaried', 1, 1 FROM position WHERE id "
         ">= 1000 AND id % 5 = 0;"},
        {"many posts ended at once",
         "UPDATE assignment SET end_date = '2026-03-01', end_reason = 'resignation' WHERE "
         "person_id >= 1000 AND person_id % 3 = 0 AND end_date IS NULL;"},
        {"many people deactivated at once",
         "UPDATE person SET status = 'inactive' WHERE id >= 1000 AND id % 11 = 0;"},
    };
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        if (steps[i].sql[0]) exec_sql(steps[i].sql);
        assert_counts_equal_a_recount(steps[i].what);
    }
}

/* A register written before migration 0020 gets its counts from what it holds. */
static void test_figures__dashboard_counts_migrated_from_an_existing_register(void **state)
{
    (void)state;
    char dir[] = "/tmp/kazi-figures-XXXXXX", path[64];
    assert_int_equal(kt_tmpdir(dir), 0);
    snprintf(path, sizeof path, "%s/kazi.db", dir);
    kazi_db *db = kt_db_before(path, "0020_register_counts");
    assert_int_equal(kazi_db_exec(db, register_sql), KAZI_OK);
    /* a person with two posts of one cadre, one inactive with a post */
    assert_int_equal(kazi_db_exec(db, "INSERT INTO assignment(person_id, position_id, start_date, "
                                      "engagement, created_at, updated_at) VALUES (1, 7, "
                                      "'2026-01-01', 'volunteer', 1, 1);"
                                      "UPDATE person SET status = 'inactive' WHERE id = 101;"),
                     KAZI_OK);
    assert_int_equal(kazi_migrate(db, -1), KAZI_OK);
    assert_db_counts_equal_a_recount(db, "migration 0020");
    kazi_db_close(db);
    assert_int_equal(kt_rmtree(dir), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_figures__supervision_coverage_and_ratios),
        cmocka_unit_test(test_figures__pay_against_the_minimums),
        cmocka_unit_test(test_figures__a_worker_with_two_posts_is_counted_once),
        cmocka_unit_test(test_figures__support_within_its_period),
        cmocka_unit_test(test_figures__retention_over_a_year),
        cmocka_unit_test(test_figures__dashboard_totals_and_every_expiring_certificate),
        cmocka_unit_test(test_figures__dashboard_plans_read_counts_not_people),
        cmocka_unit_test(test_figures__dashboard_counts_follow_every_change),
        cmocka_unit_test(test_figures__dashboard_counts_migrated_from_an_existing_register),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
