/* The per-person summaries the certification, supervision and support indicators read
 * (migration 0021, issue 16 point 6): triggers keep person_summary and supervisor_place
 * equal to a recount from the detail tables after every kind of change, the migration
 * fills them from an existing register, and the published views answer from them alone
 * (asserted on the query plan, not on a time). */
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

static char dir[] = "/tmp/kazi-test-personsum-XXXXXX";
static char path[256];
static kazi_db *db;

/* a country, two villages, four people, an organisation, three posts */
static const char register_sql[] =
    "INSERT INTO org_unit VALUES (1, 'C', 'Country', NULL, 0, 'country', '/1/', 0, 0),"
    " (2, 'V2', 'North', 1, 1, 'village', '/1/2/', 0, 0),"
    " (3, 'V3', 'South', 1, 1, 'village', '/1/3/', 0, 0);"
    "INSERT INTO organisation (id, code, name, kind, org_unit_id, created_at, updated_at)"
    " VALUES (1, 'MOH', 'Ministry', 'government', 1, 0, 0);"
    "INSERT INTO person (id, given_name, family_name, name_key, given_key, sex, birth_date,"
    " residence_org_unit_id, org_path, created_at, updated_at) VALUES"
    " (1, 'Asha', 'A', 'a asha', 'asha', 'female', '1990-01-01', 2, '/1/2/', 0, 0),"
    " (2, 'Baraka', 'B', 'b baraka', 'baraka', 'male', NULL, 2, '/1/2/', 0, 0),"
    " (3, 'Chausiku', 'C', 'c chausiku', 'chausiku', NULL, NULL, 3, '/1/3/', 0, 0),"
    " (4, 'Daudi', 'D', 'd daudi', 'daudi', 'male', NULL, 3, '/1/3/', 0, 0);"
    "INSERT INTO position (id, title, org_unit_id, org_path, organisation_id, cadre,"
    " created_at, updated_at) VALUES (1, 'PSW', 2, '/1/2/', 1, 'psw', 0, 0),"
    " (2, 'SWO', 2, '/1/2/', 1, 'swo', 0, 0), (3, 'PSW', 3, '/1/3/', 1, 'psw', 0, 0);";

static int setup(void **state)
{
    (void)state;
    if (!mkdtemp(dir)) return -1;
    snprintf(path, sizeof path, "%s/k.db", dir);
    if (kazi_db_open(&db, path, KAZI_DB_CREATE) < 0 || kazi_migrate(db, -1) < 0) return -1;
    return kazi_db_exec(db, register_sql) < 0 ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    kazi_db_close(db);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static const char *text_on(kazi_db *d, const char *sql, char *buf, size_t size)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(d->h, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    const unsigned char *t = sqlite3_column_text(st, 0);
    snprintf(buf, size, "%s", t ? (const char *)t : "NULL");
    sqlite3_finalize(st);
    return buf;
}

static void exec(const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(db->h, sql, NULL, NULL, &err) != SQLITE_OK)
        fail_msg("%s: %s", sql, err ? err : "?");
}

/* Both summaries equal a recount from scratch, row for row, both ways. */
static void assert_summaries_equal_a_recount(kazi_db *d, const char *after)
{
    int64_t differ = kt_db_integer(
        d, "SELECT (SELECT count(*) FROM (SELECT * FROM person_summary EXCEPT SELECT * FROM "
           "person_summary_recount)) + (SELECT count(*) FROM (SELECT * FROM "
           "person_summary_recount EXCEPT SELECT * FROM person_summary))");
    if (differ) fail_msg("person_summary differs from a recount after %s", after);
    differ = kt_db_integer(
        d, "WITH r AS (SELECT p.org_path, s.supervisor_person_id, count(s.id) AS n FROM "
           "supervision s JOIN person p ON p.id = s.person_id WHERE s.end_date IS NULL GROUP BY "
           "1, 2) SELECT (SELECT count(*) FROM (SELECT * FROM supervisor_place EXCEPT SELECT * "
           "FROM r)) + (SELECT count(*) FROM (SELECT * FROM r EXCEPT SELECT * FROM "
           "supervisor_place))");
    if (differ) fail_msg("supervisor_place differs from a recount after %s", after);
    differ = kt_db_integer(
        d, "WITH r AS (SELECT cadres, supervisors > 0 AS supervised, coalesce(last_session, '') "
           "AS last_session, count(person_id) AS n FROM person_summary_recount WHERE status = "
           "'active' AND cadres IS NOT NULL GROUP BY 1, 2, 3) SELECT (SELECT count(*) FROM "
           "(SELECT * FROM supervised_count EXCEPT SELECT * FROM r)) + (SELECT count(*) FROM "
           "(SELECT * FROM r EXCEPT SELECT * FROM supervised_count))");
    if (differ) fail_msg("supervised_count differs from a recount after %s", after);
    differ = kt_db_integer(
        d, "WITH r AS (SELECT s.supervisor_person_id, coalesce((SELECT pos.cadre FROM assignment "
           "a JOIN position pos ON pos.id = a.position_id WHERE a.person_id = p.id AND "
           "a.end_date IS NULL ORDER BY a.start_date, a.id LIMIT 1), '') AS cadre, count(s.id) "
           "AS n FROM supervision s JOIN person p ON p.id = s.person_id AND p.status = 'active' "
           "WHERE s.end_date IS NULL GROUP BY 1, 2) SELECT (SELECT count(*) FROM (SELECT * FROM "
           "supervisor_load EXCEPT SELECT * FROM r)) + (SELECT count(*) FROM (SELECT * FROM r "
           "EXCEPT SELECT * FROM supervisor_load))");
    if (differ) fail_msg("supervisor_load differs from a recount after %s", after);
    /* 0025: supervisors by their set of cadres and load; the certificates that can expire */
    differ = kt_db_integer(
        d, "WITH s AS (SELECT ',' || group_concat(cadre, ',') || ',' AS cadres, sum(n) AS load "
           "FROM (SELECT * FROM supervisor_load WHERE n > 0 ORDER BY supervisor_person_id, "
           "cadre) GROUP BY supervisor_person_id), r AS (SELECT cadres, load, count(*) AS n FROM "
           "s GROUP BY 1, 2) SELECT (SELECT count(*) FROM (SELECT * FROM supervisor_mix EXCEPT "
           "SELECT * FROM r)) + (SELECT count(*) FROM (SELECT * FROM r EXCEPT SELECT * FROM "
           "supervisor_mix))");
    if (differ) fail_msg("supervisor_mix differs from a recount after %s", after);
    differ = kt_db_integer(
        d, "WITH r AS (SELECT c.id, c.expires_date, p.org_path, c.certification FROM "
           "certificate c JOIN person p ON p.id = c.person_id WHERE c.status = 'valid' AND "
           "c.expires_date IS NOT NULL AND c.id NOT IN (SELECT renews_id FROM certificate WHERE "
           "status = 'valid' AND renews_id IS NOT NULL)) SELECT (SELECT count(*) FROM (SELECT * "
           "FROM certificate_due EXCEPT SELECT * FROM r)) + (SELECT count(*) FROM (SELECT * FROM "
           "r EXCEPT SELECT * FROM certificate_due))");
    if (differ) fail_msg("certificate_due differs from a recount after %s", after);
    static const char *const pay[][2] = {
        {"pay_count", "SELECT posts, count(person_id) AS n FROM person_summary_recount WHERE "
                      "status = 'active' AND posts IS NOT NULL GROUP BY posts"},
        {"person_month", "SELECT * FROM person_month_recount"},
        {"pay_month_count",
         "SELECT s.posts, m.period, m.paid, m.reimbursed, count(m.person_id) AS n FROM "
         "person_month_recount m JOIN person_summary_recount s ON s.person_id = m.person_id "
         "WHERE s.status = 'active' AND s.posts IS NOT NULL GROUP BY 1, 2, 3, 4"},
    };
    for (size_t i = 0; i < sizeof pay / sizeof pay[0]; i++) {
        char sql[1024];
        snprintf(sql, sizeof sql,
                 "WITH r AS (%s) SELECT (SELECT count(*) FROM (SELECT * FROM %s EXCEPT SELECT * "
                 "FROM r)) + (SELECT count(*) FROM (SELECT * FROM r EXCEPT SELECT * FROM %s))",
                 pay[i][1], pay[i][0], pay[i][0]);
        if (kt_db_integer(d, sql)) fail_msg("%s differs from a recount after %s", pay[i][0], after);
    }
}

static const char *column(const char *col, int person, char *buf, size_t size)
{
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT %s FROM person_summary WHERE person_id = %d", col, person);
    return text_on(db, sql, buf, size);
}

static void test_person_summary__follows_every_change(void **state)
{
    (void)state;
    char b[64];
    assert_summaries_equal_a_recount(db, "people were added");
    assert_int_equal(kt_db_integer(db, "SELECT count(person_id) FROM person_summary"), 4);

    /* posts: taken, a second one, ended, moved to another holder, removed */
    exec("INSERT INTO assignment (id, person_id, position_id, start_date, engagement, "
         "created_at, updated_at) VALUES (1, 1, 1, '2024-03-01', 'volunteer', 0, 0),"
         " (2, 1, 2, '2023-01-01', 'salaried', 0, 0), (3, 3, 3, '2025-01-01', 'stipend', 0, 0)");
    assert_summaries_equal_a_recount(db, "assignments were inserted");
    assert_string_equal(column("cadres", 1, b, sizeof b), ",swo,psw,"); /* in start order */
    assert_string_equal(column("post_start", 1, b, sizeof b), "2023-01-01");
    exec("UPDATE assignment SET end_date = '2026-02-01', end_reason = 'transfer' WHERE id = 2");
    assert_summaries_equal_a_recount(db, "an assignment ended");
    assert_string_equal(column("cadres", 1, b, sizeof b), ",psw,");
    assert_string_equal(column("ended_until", 1, b, sizeof b), "2026-02-01");
    exec("UPDATE assignment SET person_id = 2 WHERE id = 1"); /* a merge moves posts */
    assert_summaries_equal_a_recount(db, "an assignment changed holder");
    assert_string_equal(column("cadres", 1, b, sizeof b), "NULL");
    assert_string_equal(column("cadres", 2, b, sizeof b), ",psw,");
    exec("UPDATE position SET cadre = 'swa' WHERE id = 1");
    assert_summaries_equal_a_recount(db, "a post's cadre changed");
    assert_string_equal(column("cadres", 2, b, sizeof b), ",swa,");
    exec("UPDATE assignment SET start_date = '2022-05-05' WHERE id = 3");
    assert_summaries_equal_a_recount(db, "an assignment's start changed");
    exec("DELETE FROM assignment WHERE id = 3");
    assert_summaries_equal_a_recount(db, "an assignment was removed");

    /* certificates: issued, with and without expiry, revoked, re-dated, removed */
    exec("INSERT INTO certificate (id, number, person_id, certification, issued_date, "
         "expires_date, config_id, created_at, updated_at) VALUES"
         " (1, 'N1', 1, 'psw-basic', '2020-01-01', '2022-01-01', 'c', 0, 0),"
         " (2, 'N2', 1, 'psw-basic', '2022-01-01', '2027-01-01', 'c', 0, 0),"
         " (3, 'N3', 2, 'psw-basic', '2022-01-01', NULL, 'c', 0, 0)");
    exec("INSERT INTO certificate (id, number, person_id, certification, issued_date, "
         "expires_date, config_id, status, created_at, updated_at) VALUES (4, 'N4', 1, "
         "'psw-basic', '2022-01-01', '2030-01-01', 'c', 'revoked', 0, 0)"); /* left out */
    assert_summaries_equal_a_recount(db, "certificates were issued");
    assert_string_equal(column("cert_until", 1, b, sizeof b), "2027-01-01");
    assert_string_equal(column("cert_until", 2, b, sizeof b), "9999-12-31");
    exec("UPDATE certificate SET status = 'revoked', revoked_reason = 'x' WHERE id = 2");
    assert_summaries_equal_a_recount(db, "a certificate was revoked");
    assert_string_equal(column("cert_until", 1, b, sizeof b), "2022-01-01");
    exec("UPDATE certificate SET expires_date = '2021-06-30' WHERE id = 1");
    exec("UPDATE certificate SET person_id = 3 WHERE id = 3");
    assert_summaries_equal_a_recount(db, "certificates were changed");
    assert_string_equal(column("certs", 2, b, sizeof b), "0");
    /* renewals: a valid renewal takes the certificate it renews out of those that can
     * expire; revoked, pointed elsewhere or removed, it puts it back */
    const char *due1 = "SELECT count(*) FROM certificate_due WHERE certificate_id = 1";
    assert_int_equal(kt_db_integer(db, due1), 1);
    exec("INSERT INTO certificate (id, number, person_id, certification, issued_date, "
         "expires_date, config_id, renews_id, created_at, updated_at) VALUES (5, 'N5', 1, "
         "'psw-basic', '2021-06-01', '2026-06-30', 'c', 1, 0, 0)");
    assert_summaries_equal_a_recount(db, "a certificate was renewed");
    assert_int_equal(kt_db_integer(db, due1), 0);
    exec("UPDATE certificate SET status = 'revoked', revoked_reason = 'x' WHERE id = 5");
    assert_summaries_equal_a_recount(db, "a renewal was revoked");
    assert_int_equal(kt_db_integer(db, due1), 1);
    exec("UPDATE certificate SET status = 'valid', revoked_reason = NULL WHERE id = 5");
    assert_summaries_equal_a_recount(db, "a renewal was reinstated");
    exec("UPDATE certificate SET renews_id = 3 WHERE id = 5");
    assert_summaries_equal_a_recount(db, "a renewal was pointed at another certificate");
    assert_int_equal(kt_db_integer(db, due1), 1);
    exec("UPDATE certificate SET renews_id = 1 WHERE id = 5");
    exec("DELETE FROM certificate WHERE id = 5");
    assert_summaries_equal_a_recount(db, "a renewal was removed");
    assert_int_equal(kt_db_integer(db, due1), 1);
    exec("DELETE FROM certificate WHERE id = 1");
    assert_summaries_equal_a_recount(db, "a certificate was removed");
    assert_string_equal(column("certs", 1, b, sizeof b), "0");

    /* supervision links: two supervisors, one ended, one moved, one removed */
    exec("INSERT INTO supervision (id, person_id, supervisor_person_id, type, start_date, "
         "created_at, updated_at) VALUES (1, 1, 4, 'individual', '2025-01-01', 0, 0),"
         " (2, 2, 4, 'individual', '2025-01-01', 0, 0), (3, 1, 3, 'group', '2025-01-01', 0, 0)");
    exec("INSERT INTO supervision (id, person_id, supervisor_person_id, type, start_date, "
         "end_date, created_at, updated_at) VALUES (4, 1, 2, 'individual', '2024-01-01', "
         "'2024-12-31', 0, 0)"); /* already ended */
    assert_summaries_equal_a_recount(db, "supervision links were added");
    assert_string_equal(column("supervisors", 1, b, sizeof b), "2");
    /* two supervisors of the same set and load (3 and 2: one worker without a post); one
     * of them takes a second such worker (a row met by an upsert: it leaves its count
     * once), then loses both */
    exec("INSERT INTO supervision (id, person_id, supervisor_person_id, type, start_date, "
         "created_at, updated_at) VALUES (6, 3, 2, 'individual', '2025-01-01', 0, 0)");
    assert_summaries_equal_a_recount(db, "a second supervisor had the same set and load");
    const char *mix_of_one = "SELECT n FROM supervisor_mix WHERE cadres = ',,' AND load = 1";
    assert_int_equal(kt_db_integer(db, mix_of_one), 2);
    exec("INSERT INTO supervision (id, person_id, supervisor_person_id, type, start_date, "
         "created_at, updated_at) VALUES (7, 4, 2, 'individual', '2025-01-01', 0, 0)");
    assert_summaries_equal_a_recount(db, "a supervisor's load grew in a cadre they had");
    assert_int_equal(kt_db_integer(db, mix_of_one), 1);
    exec("DELETE FROM supervision WHERE id IN (6, 7)");
    assert_summaries_equal_a_recount(db, "a supervisor's last links were removed");
    /* a supervisor's load in one cadre grows and falls (workers 1 and 3 have no post) */
    exec("INSERT INTO supervision (id, person_id, supervisor_person_id, type, start_date, "
         "created_at, updated_at) VALUES (5, 3, 4, 'individual', '2025-02-01', 0, 0)");
    assert_summaries_equal_a_recount(db, "a supervisor's load grew");
    assert_int_equal(kt_db_integer(db, "SELECT n FROM supervisor_mix WHERE cadres = ',,swa,' "
                                       "AND load = 3"),
                     1);
    exec("UPDATE supervision SET end_date = '2026-01-01' WHERE id = 5");
    assert_summaries_equal_a_recount(db, "a supervisor's load fell");
    exec("UPDATE supervision SET end_date = '2026-01-01' WHERE id = 3");
    assert_summaries_equal_a_recount(db, "a supervision link ended");
    exec("UPDATE supervision SET end_date = NULL WHERE id = 3");
    assert_summaries_equal_a_recount(db, "a supervision link was reopened");
    exec("UPDATE supervision SET supervisor_person_id = 2 WHERE id = 3");
    exec("UPDATE supervision SET person_id = 3 WHERE id = 1");
    assert_summaries_equal_a_recount(db, "supervision links were moved");
    /* a supervised worker goes inactive (their supervisor's row for no post falls to 0
     * and goes), changes cadre (one row goes, another comes), comes back (a row that
     * sorts before the others comes) */
    exec("UPDATE person SET status = 'inactive' WHERE id = 3");
    assert_summaries_equal_a_recount(db, "a supervised worker became inactive");
    exec("UPDATE position SET cadre = 'psw' WHERE id = 1");
    assert_summaries_equal_a_recount(db, "a supervised worker's cadre changed");
    exec("UPDATE person SET status = 'active' WHERE id = 3");
    assert_summaries_equal_a_recount(db, "a supervised worker became active again");
    assert_int_equal(kt_db_integer(db, "SELECT n FROM supervisor_mix WHERE cadres = ',,psw,' "
                                       "AND load = 2"),
                     1);
    exec("UPDATE position SET cadre = 'swa' WHERE id = 1");
    assert_summaries_equal_a_recount(db, "a supervised worker's cadre changed back");
    exec("DELETE FROM supervision WHERE id = 2");
    assert_summaries_equal_a_recount(db, "a supervision link was removed");

    /* sessions and support: the latest date follows insertions, edits and removals */
    exec("INSERT INTO supervision_session (id, person_id, supervisor_person_id, session_date, "
         "duration_minutes, mode, created_at) VALUES (1, 1, 4, '2026-01-10', 30, 'phone', 0),"
         " (2, 1, 4, '2026-03-10', 30, 'phone', 0)");
    assert_summaries_equal_a_recount(db, "sessions were recorded");
    assert_string_equal(column("last_session", 1, b, sizeof b), "2026-03-10");
    exec("UPDATE supervision_session SET session_date = '2025-12-01' WHERE id = 2");
    exec("UPDATE supervision_session SET person_id = 2 WHERE id = 1");
    assert_summaries_equal_a_recount(db, "sessions were changed");
    exec("DELETE FROM supervision_session WHERE id = 2");
    assert_summaries_equal_a_recount(db, "a session was removed");
    assert_string_equal(column("last_session", 1, b, sizeof b), "NULL");
    exec("INSERT INTO support_activity (id, person_id, kind, activity_date, created_at) VALUES "
         "(1, 3, 'debriefing', '2026-02-02', 0), (2, 3, 'wellness', '2026-04-04', 0),"
         " (3, 3, 'wellness', '2026-03-03', 0)"); /* an earlier one after a later one */
    assert_summaries_equal_a_recount(db, "support was recorded");
    assert_string_equal(column("last_support", 3, b, sizeof b), "2026-04-04");
    exec("UPDATE support_activity SET activity_date = '2026-01-01' WHERE id = 2");
    exec("UPDATE support_activity SET person_id = 4 WHERE id = 1");
    assert_summaries_equal_a_recount(db, "support was changed");
    exec("DELETE FROM support_activity WHERE id = 2");
    assert_summaries_equal_a_recount(db, "support was removed");

    /* payments: recorded (two in a month), changed, moved to another month, removed */
    exec("INSERT INTO payment (id, person_id, kind, period, amount, currency, created_at) VALUES "
         "(1, 2, 'stipend', '2026-03', 50000, 'TZS', 0), (2, 2, 'allowance', '2026-03', 10000, "
         "'TZS', 0), (3, 2, 'reimbursement', '2026-04', 5000, 'TZS', 0), (4, 1, 'payment', "
         "'2026-03', 70000, 'TZS', 0)");
    assert_summaries_equal_a_recount(db, "payments were recorded");
    assert_int_equal(kt_db_integer(db, "SELECT paid FROM person_month WHERE person_id = 2 AND "
                                       "period = '2026-03'"),
                     60000);
    exec("UPDATE payment SET amount = 20000 WHERE id = 2");
    exec("UPDATE payment SET period = '2026-04' WHERE id = 1");
    exec("UPDATE payment SET kind = 'materials' WHERE id = 3");
    assert_summaries_equal_a_recount(db, "payments were changed");
    exec("DELETE FROM payment WHERE id = 2");
    assert_summaries_equal_a_recount(db, "a payment was removed");
    /* the employer of a post changes; an engagement changes */
    exec("INSERT INTO organisation (id, code, name, kind, org_unit_id, created_at, updated_at) "
         "VALUES (2, 'NGO', 'An NGO', 'ngo', 1, 0, 0); UPDATE position SET organisation_id = 2 "
         "WHERE id = 1");
    assert_summaries_equal_a_recount(db, "a post's employer changed");
    assert_string_equal(column("posts", 2, b, sizeof b), "swa|volunteer|2");
    exec("UPDATE assignment SET engagement = 'stipend' WHERE id = 1");
    assert_summaries_equal_a_recount(db, "an engagement changed");

    /* people: they move house (taking their links along), change status and sex, go */
    exec("INSERT INTO certificate (id, number, person_id, certification, issued_date, "
         "expires_date, config_id, created_at, updated_at) VALUES (6, 'N6', 1, 'psw-basic', "
         "'2025-05-01', '2027-05-01', 'c', 0, 0)");
    exec("UPDATE person SET residence_org_unit_id = 3, org_path = '/1/3/' WHERE id = 1");
    assert_summaries_equal_a_recount(db, "a worker moved house");
    assert_int_equal(kt_db_integer(db, "SELECT count(*) FROM certificate_due WHERE "
                                       "certificate_id = 6 AND org_path = '/1/3/'"),
                     1);
    exec("UPDATE person SET status = 'inactive', sex = 'female', birth_date = '1980-02-02' "
         "WHERE id = 2");
    assert_summaries_equal_a_recount(db, "a person was edited");
    exec("DELETE FROM payment WHERE person_id = 1;"
         "DELETE FROM supervision WHERE person_id = 4 OR supervisor_person_id = 4;"
         "DELETE FROM supervision_session WHERE person_id = 4 OR supervisor_person_id = 4;"
         "DELETE FROM support_activity WHERE person_id = 4; DELETE FROM person WHERE id = 4");
    assert_summaries_equal_a_recount(db, "a person was removed");
    assert_int_equal(kt_db_integer(db, "SELECT count(person_id) FROM person_summary"), 3);
    /* nothing left of a link: no row, not a row of 0 */
    exec("DELETE FROM supervision");
    assert_summaries_equal_a_recount(db, "every link was removed");
    assert_int_equal(kt_db_integer(db, "SELECT count(org_path) FROM supervisor_place"), 0);
}

/* A register written before migration 0021 gets its summaries from what it holds. */
static void test_person_summary__migrated_from_an_existing_register(void **state)
{
    (void)state;
    char d2[] = "/tmp/kazi-test-personsum-mig-XXXXXX", p2[300];
    assert_int_equal(kt_tmpdir(d2), 0);
    snprintf(p2, sizeof p2, "%s/k.db", d2);
    kazi_db *old = kt_db_before(p2, "0021_person_summary");
    assert_int_equal(kazi_db_exec(old, register_sql), KAZI_OK);
    assert_int_equal(
        kazi_db_exec(old, "INSERT INTO assignment (person_id, position_id, start_date, engagement, "
                          "created_at, updated_at) VALUES (1, 1, '2024-03-01', 'volunteer', 0, 0);"
                          "INSERT INTO certificate (number, person_id, certification, issued_date, "
                          "expires_date, config_id, created_at, updated_at) VALUES ('N1', 1, "
                          "'psw-basic', '2020-01-01', '2021-01-01', 'c', 0, 0);"
                          "INSERT INTO supervision (person_id, supervisor_person_id, type, "
                          "start_date, created_at, updated_at) VALUES (1, 2, 'individual', "
                          "'2025-01-01', 0, 0), (3, 2, 'individual', '2025-01-01', 0, 0);"
                          "INSERT INTO supervision_session (person_id, supervisor_person_id, "
                          "session_date, duration_minutes, mode, created_at) VALUES (1, 2, "
                          "'2026-01-10', 30, 'phone', 0);"
                          "INSERT INTO support_activity (person_id, kind, activity_date, "
                          "created_at) VALUES (3, 'debriefing', '2026-02-02', 0);"),
        KAZI_OK);
    assert_int_equal(kazi_migrate(old, -1), KAZI_OK);
    assert_summaries_equal_a_recount(old, "migration 0021");
    char b[64];
    assert_int_equal(kt_db_integer(old, "SELECT count(person_id) FROM person_summary"), 4);
    assert_string_equal(text_on(old,
                                "SELECT cadres || cert_until || supervisors || last_session "
                                "FROM person_summary WHERE person_id = 1",
                                b, sizeof b),
                        ",psw,2021-01-0112026-01-10");
    assert_int_equal(kt_db_integer(old, "SELECT sum(n) FROM supervisor_place"), 2);
    kazi_db_close(old);
    assert_int_equal(kt_rmtree(d2), 0);
}

/* The plan of `sql` on the register's own connection, trigger programs included
 * (SQLITE_DBCONFIG_TRIGGER_EQP), its details joined by "; " into `out`. */
static void plan_with_triggers(char *out, size_t size, const char *sql)
{
    char explain[1024];
    snprintf(explain, sizeof explain, "EXPLAIN QUERY PLAN %s", sql);
    assert_int_equal(sqlite3_db_config(db->h, SQLITE_DBCONFIG_TRIGGER_EQP, 1, NULL), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db->h, explain, -1, &st, NULL), SQLITE_OK);
    out[0] = '\0';
    while (sqlite3_step(st) == SQLITE_ROW) {
        size_t n = strlen(out);
        snprintf(out + n, size - n, "%s; ", (const char *)sqlite3_column_text(st, 3));
    }
    sqlite3_finalize(st);
    assert_int_equal(sqlite3_db_config(db->h, SQLITE_DBCONFIG_TRIGGER_EQP, 0, NULL), SQLITE_OK);
}

/* A link that starts, ends or goes, or a supervised worker who leaves, moves the
 * supervisor in supervisor_mix (0025) by reading that supervisor's rows of
 * supervisor_load by the key, never the whole table (658,000 rows at 5,000,000 people):
 * asserted on the plans of the triggers themselves. */
static void test_person_summary__supervisor_mix_reads_one_supervisor(void **state)
{
    (void)state;
    static const char *const changes[] = {
        ("INSERT INTO supervision (person_id, supervisor_person_id, type, start_date, "
         "created_at, updated_at) VALUES (1, 3, 'individual', '2025-01-01', 0, 0)"),
        "UPDATE supervision SET end_date = '2026-01-01' WHERE id = 1",
        "DELETE FROM supervision WHERE id = 1",
        "UPDATE person SET status = 'inactive' WHERE id = 1",
    };
    for (size_t i = 0; i < sizeof changes / sizeof changes[0]; i++) {
        char plan[16384];
        plan_with_triggers(plan, sizeof plan, changes[i]);
        assert_true(strlen(plan) < sizeof plan - 1); /* all of it */
        if (!strstr(plan, "TRIGGER supervisor_mix_add; ") ||
            !strstr(plan, "SEARCH supervisor_load USING PRIMARY KEY (supervisor_person_id=?); ") ||
            strstr(plan, "SCAN supervisor_load"))
            fail_msg("%s: %s", changes[i], plan);
    }
}

/* As the certification, supervision and support indicators ask (plugins/indicators.lua):
 * one scan of the summary, no certificate, link, session or support activity read. */
static void test_person_summary__indicators_read_the_summary(void **state)
{
    (void)state;
    kazi_report_db *rdb;
    assert_int_equal(kazi_report_db_open(&rdb, path), KAZI_OK);
    char plan[4096];
    kt_report_plan(
        rdb, plan, sizeof plan,
        "SELECT kazi_path_at(w.org_path, 1) AS u, sum(CASE WHEN w.cert_until >= '2026-06-01' "
        "THEN 2 WHEN w.certs > 0 THEN 1 ELSE 0 END = 2), sum(w.supervisors > 0), "
        "sum(w.last_support BETWEEN '2026-01-01' AND '2026-06-01'), count(w.person_id) FROM "
        "report_person_summaries w WHERE w.post_start <= '2026-06-01' AND w.status = "
        "'active' GROUP BY u");
    assert_non_null(strstr(plan, "SCAN s")); /* person_summary, as the view names it */
    assert_null(strstr(plan, "SEARCH"));
    assert_null(strstr(plan, "certificate"));
    assert_null(strstr(plan, "assignment"));
    kt_report_plan(
        rdb, plan, sizeof plan,
        "SELECT kazi_path_at(l.org_path, 1) AS u, count(DISTINCT l.supervisor_person_id) "
        "FROM report_supervisor_places l GROUP BY u");
    assert_non_null(strstr(plan, "supervisor_place"));
    assert_null(strstr(plan, "supervision"));
    kazi_report_db_close(rdb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_person_summary__follows_every_change),
        cmocka_unit_test(test_person_summary__migrated_from_an_existing_register),
        cmocka_unit_test(test_person_summary__indicators_read_the_summary),
        cmocka_unit_test(test_person_summary__supervisor_mix_reads_one_supervisor),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
