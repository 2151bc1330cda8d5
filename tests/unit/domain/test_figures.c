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
#include "inproc.h"
#include "store/db.h"
#include "store/figures.h"
#include "store/internal.h"
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
    kazi_db_close(db);
    assert_int_equal(rc, KAZI_OK);
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
 * whether an expiring certificate is renewed is an index probe, not a scan. */
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
        } else if (!strcmp(name, "expiring")) {
            assert_true(plan_has(plan, "certificate_renews"));
            assert_false(plan_has(plan, "SCAN r"));
            seen++;
        }
    }
    assert_int_equal(seen, 3);
    json_decref(plans);
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
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
