#include "store/figures.h"
#include "store/internal.h"
#include "util/error.h"

#include <string.h>

static const char *const json_columns[] = {"by_funder", "totals", "exit_reasons", NULL};
static const kazi_row_spec row_spec = {NULL, json_columns, NULL};

/* The children of ?1 with their index in the answer (the order of
 * kazi_store_figures_units). */
#define UNITS                                                                                      \
    "u AS (SELECT id, path, row_number() OVER (ORDER BY name, id) - 1 AS ix FROM (SELECT id, "     \
    "path, name FROM org_unit WHERE coalesce(parent_id, 0) = ?1 ORDER BY name, id LIMIT 2000))"

/* Rows of CTE x once under the child they live in, and once more for the total (-1). */
#define PLACE(x)                                                                                   \
    "SELECT u.ix AS ix, " x ".* FROM " x " JOIN u ON substr(" x ".org_path, 1, length(u.path)) "   \
    "= u.path UNION ALL SELECT -1 AS ix, " x ".* FROM " x

#define IN_SUBTREE "p.org_path >= ?2 AND p.org_path < ?3"

/* The active people of the subtree, CTE ws of {id, org_path}: a range of person_scope's
 * covering index, read first. Materialised and joined onwards with CROSS JOIN, so SQLite
 * cannot start from every post of a declared cadre, or scan every person in id order to
 * spare the window functions a sort: at 5,000,000 people either plan read the whole
 * country for one district's figure (1-6 s instead of 0.3). Plans asserted in
 * tests/unit/domain/test_figures.c. */
#define WORKERS_IN_SUBTREE                                                                         \
    "ws AS MATERIALIZED (SELECT id, org_path FROM person WHERE status = 'active' AND org_path >= " \
    "?2 AND org_path < ?3)"

/* The kazi.pay minima of ?4, and every current post with its minimum: the declaration
 * naming the post's engagement, else the one naming none; a person's posts numbered
 * from the highest minimum (n = 1 decides their minimum, funder and engagement). `people`
 * is the source of p (person p, or ws p of WORKERS_IN_SUBTREE). */
#define PAY_POSTS(people, where)                                                                   \
    "m AS (SELECT json_extract(value, '$.cadre') AS cadre, json_extract(value, "                   \
    "'$.engagement') AS engagement, json_extract(value, '$.monthly') AS monthly, "                 \
    "json_extract(value, '$.currency') AS currency FROM json_each(?4)), "                          \
    "pp AS (SELECT p.id AS person_id, p.org_path AS org_path, pos.cadre AS cadre, a.engagement "   \
    "AS engagement, o.code AS funder, o.name AS funder_name, coalesce(me.monthly, mg.monthly) AS " \
    "monthly, CASE WHEN "                                                                          \
    "me.cadre IS NOT NULL THEN me.currency ELSE mg.currency END AS currency, row_number() OVER "   \
    "(PARTITION BY p.id ORDER BY coalesce(me.monthly, mg.monthly) IS NULL, "                       \
    "coalesce(me.monthly, mg.monthly) DESC, a.start_date, a.id) AS n FROM " people " CROSS JOIN "  \
    "assignment a ON a.person_id = p.id AND a.end_date IS NULL CROSS JOIN position pos ON pos.id " \
    "= "                                                                                           \
    "a.position_id JOIN organisation o ON o.id = pos.organisation_id LEFT JOIN m me ON "           \
    "me.cadre = pos.cadre AND me.engagement = a.engagement LEFT JOIN m mg ON mg.cadre = "          \
    "pos.cadre AND mg.engagement IS NULL WHERE " where ")"

#define PAID_KINDS "('payment', 'stipend', 'allowance')"

/* The workers a kazi.supervision declaration (?4) covers in the subtree: CTE w of
 * {person_id, org_path, since (session_since), supervised, last_session}; also d, the
 * declarations. Shared by the figure and the names behind it. */
#define SUP_WORKERS                                                                                \
    "d AS (SELECT json_extract(value, '$.cadre') AS cadre, json_extract(value, "                   \
    "'$.session_since') AS since, json_extract(value, '$.max_ratio') AS max_ratio FROM "           \
    "json_each(?4)), " WORKERS_IN_SUBTREE ", posts AS (SELECT p.id AS person_id, "                 \
    "p.org_path AS org_path, d.since AS since, row_number() OVER (PARTITION BY p.id ORDER BY "     \
    "a.start_date, a.id) AS n FROM ws p CROSS JOIN assignment a ON a.person_id = p.id AND "        \
    "a.end_date IS NULL CROSS JOIN position pos ON pos.id = a.position_id JOIN d ON d.cadre = "    \
    "pos.cadre), w AS (SELECT person_id, org_path, since, EXISTS (SELECT 1 FROM supervision s "    \
    "WHERE "                                                                                       \
    "s.person_id = posts.person_id AND s.end_date IS NULL) AS supervised, (SELECT "                \
    "max(ss.session_date) FROM supervision_session ss WHERE ss.person_id = posts.person_id) AS "   \
    "last_session FROM posts WHERE n = 1)"

/* The workers whose cadre declares support_since (?4): CTE w of {person_id, org_path,
 * since, last_support}. */
#define SUPPORT_WORKERS                                                                            \
    "d AS (SELECT json_extract(value, '$.cadre') AS cadre, json_extract(value, "                   \
    "'$.support_since') AS since FROM json_each(?4) WHERE json_extract(value, "                    \
    "'$.support_since') IS NOT NULL), " WORKERS_IN_SUBTREE ", posts AS (SELECT p.id AS "           \
    "person_id, p.org_path AS org_path, d.since AS since, row_number() OVER (PARTITION BY p.id "   \
    "ORDER BY a.start_date, a.id) AS n FROM ws p CROSS JOIN assignment a ON a.person_id = p.id "   \
    "AND a.end_date IS NULL CROSS JOIN position pos ON pos.id = a.position_id JOIN d ON d.cadre "  \
    "= pos.cadre), w AS (SELECT person_id, org_path, since, (SELECT "                              \
    "max(sa.activity_date) FROM support_activity sa WHERE sa.person_id = posts.person_id) AS "     \
    "last_support FROM posts WHERE n = 1)"

/* Each active worker with a current post, against the minimum of month ?5 (minima ?4):
 * CTE x of {person_id, org_path, funder, engagement, volunteer, monthly, currency, paid,
 * reimbursed}. */
#define PAY_WORKERS                                                                                \
    WORKERS_IN_SUBTREE ", " PAY_POSTS(                                                             \
        "ws p",                                                                                    \
        "1") ", x AS (SELECT person_id, org_path, funder, funder_name, engagement, engagement = "  \
             "'volunteer' AS "                                                                     \
             "volunteer, monthly, currency, (SELECT coalesce(sum(pm.amount), 0) FROM payment pm "  \
             "WHERE "                                                                              \
             "pm.person_id = pp.person_id AND pm.period = ?5 AND pm.kind IN " PAID_KINDS           \
             ") AS paid, "                                                                         \
             "EXISTS (SELECT 1 FROM payment pm WHERE pm.person_id = pp.person_id AND pm.period = " \
             "?5 AND "                                                                             \
             "pm.kind = 'reimbursement') AS reimbursed FROM pp WHERE n = 1)"

static int run(json_t **out, kazi_db *db, sqlite3_stmt *st, int64_t parent, const char *lo,
               const char *hi)
{
    if (!st) return KAZI_ERROR;
    int np = sqlite3_bind_parameter_count(st); /* a statement may not use them all */
    if (np >= 1) sqlite3_bind_int64(st, 1, parent);
    if (np >= 2) kazi_db_bind_text(st, 2, lo ? lo : "");
    if (np >= 3) kazi_db_bind_text(st, 3, hi ? hi : "\x7f");
    return kazi_db_all_rows(out, db, st, &row_spec, "read figures");
}

int kazi_store_figures_units(json_t **out, kazi_db *db, int64_t parent)
{
    sqlite3_stmt *st = kazi_db_stmt(db, "SELECT id, code, name, path FROM org_unit WHERE "
                                        "coalesce(parent_id, 0) = ? ORDER BY name, id LIMIT 2000");
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, parent);
    return kazi_db_all_rows(out, db, st, &row_spec, "list org units");
}

/* The supervision total of the whole register from the counts migrations 0021 and 0025
 * keep (supervised_count; supervisor_mix, supervisors by the set of cadres they
 * supervise and their load): the declarations ?4 applied to a few thousand rows. Each
 * set of current cadres (',psw,swo,', start order) is taken apart once to find its
 * earliest declared cadre, as SUP_WORKERS's n = 1 does worker by worker, and its
 * smallest ratio. */
#define SUP_NATIONAL                                                                               \
    "WITH RECURSIVE d AS (SELECT json_extract(value, '$.cadre') AS cadre, json_extract(value, "    \
    "'$.session_since') AS since, json_extract(value, '$.max_ratio') AS max_ratio FROM "           \
    "json_each(?4)), part(cadres, rest, cadre, pos) AS (SELECT cadres, substr(cadres, 2), NULL, "  \
    "0 FROM (SELECT cadres FROM supervised_count UNION SELECT cadres FROM supervisor_mix) "        \
    "UNION ALL SELECT cadres, "                                                                    \
    "substr(rest, instr(rest, ',') + 1), substr(rest, 1, instr(rest, ',') - 1), pos + 1 FROM "     \
    "part WHERE instr(rest, ',') > 0), first AS (SELECT cadres, since FROM (SELECT part.cadres "   \
    "AS cadres, d.since AS since, row_number() OVER (PARTITION BY part.cadres ORDER BY "           \
    "part.pos) AS n FROM part JOIN d ON d.cadre = part.cadre) WHERE n = 1), wa AS (SELECT "        \
    "sum(supervised_count.n) AS workers, sum(CASE WHEN supervised_count.supervised THEN 0 ELSE "   \
    "supervised_count.n END) AS without_supervisor, sum(CASE WHEN first.since IS NOT NULL AND "    \
    "supervised_count.last_session < first.since THEN supervised_count.n ELSE 0 END) AS "          \
    "no_recent_session FROM supervised_count JOIN first ON first.cadres = "                        \
    "supervised_count.cadres), mr AS (SELECT part.cadres AS cadres, "                              \
    "min(d.max_ratio) AS ratio FROM part LEFT JOIN d ON d.cadre = part.cadre GROUP BY "            \
    "part.cadres), sv AS (SELECT sum(m.n) AS supervisors, sum(CASE WHEN mr.ratio IS NOT NULL AND " \
    "m.load > mr.ratio THEN m.n ELSE 0 END) AS over_ratio FROM supervisor_mix m JOIN mr ON "       \
    "mr.cadres = m.cadres) SELECT -1 AS ix, coalesce(wa.workers, 0) AS workers, "                  \
    "coalesce(wa.without_supervisor, 0) AS without_supervisor, coalesce(wa.no_recent_session, 0) " \
    "AS no_recent_session, coalesce(sv.supervisors, 0) AS supervisors, coalesce(sv.over_ratio, "   \
    "0) AS supervisors_over_ratio FROM wa, sv"

/* The supervision figure of each child of ?1 and the total, in the subtree ?2-?3. */
#define SUP_AREA                                                                                   \
    "WITH " UNITS ", " SUP_WORKERS ", wp AS (" PLACE(                                              \
        "w") "), l AS (SELECT s.supervisor_person_id "                                             \
             "AS sup, p.org_path AS org_path, (SELECT pos.cadre FROM assignment a JOIN position "  \
             "pos ON "                                                                             \
             "pos.id = a.position_id WHERE a.person_id = p.id AND a.end_date IS NULL ORDER BY "    \
             "a.start_date, a.id LIMIT 1) AS cadre FROM supervision s JOIN person p ON p.id = "    \
             "s.person_id WHERE s.end_date IS NULL AND p.status = 'active' AND " IN_SUBTREE        \
             "), sv AS (SELECT l.sup AS sup, count(*) AS load, min(d.max_ratio) AS ratio FROM l "  \
             "LEFT "                                                                               \
             "JOIN d ON d.cadre = l.cadre GROUP BY l.sup), lp AS (SELECT DISTINCT ix, sup FROM "   \
             "(" PLACE(                                                                            \
                 "l") ")), wa AS (SELECT ix, count(*) AS workers, sum(NOT supervised) AS "         \
                      "without_supervisor, "                                                       \
                      "sum(since IS NOT NULL AND (last_session IS NULL OR last_session < since)) " \
                      "AS "                                                                        \
                      "no_recent_session FROM wp GROUP BY ix), sa AS (SELECT lp.ix AS ix, "        \
                      "count(*) AS "                                                               \
                      "supervisors, sum(sv.ratio IS NOT NULL AND sv.load > sv.ratio) AS "          \
                      "supervisors_over_ratio "                                                    \
                      "FROM lp JOIN sv ON sv.sup = lp.sup GROUP BY lp.ix), ixs AS (SELECT ix "     \
                      "FROM wa UNION "                                                             \
                      "SELECT ix FROM sa) SELECT ixs.ix AS ix, coalesce(wa.workers, 0) AS "        \
                      "workers, "                                                                  \
                      "coalesce(wa.without_supervisor, 0) AS without_supervisor, "                 \
                      "coalesce(wa.no_recent_session, "                                            \
                      "0) AS no_recent_session, coalesce(sa.supervisors, 0) AS supervisors, "      \
                      "coalesce(sa.supervisors_over_ratio, 0) AS supervisors_over_ratio FROM ixs " \
                      "LEFT JOIN wa "                                                              \
                      "ON wa.ix = ixs.ix LEFT JOIN sa ON sa.ix = ixs.ix ORDER BY ixs.ix"

int kazi_store_figures_supervision(json_t **out, kazi_db *db, int64_t parent, const char *lo,
                                   const char *hi, const char *rules)
{
    if (parent == KAZI_FIGURES_TOTAL_ONLY && !lo) {
        sqlite3_stmt *st = kazi_db_stmt(db, SUP_NATIONAL);
        if (st) kazi_db_bind_text(st, 4, rules);
        return run(out, db, st, parent, lo, hi);
    }
    sqlite3_stmt *st = kazi_db_stmt(db, SUP_AREA);
    if (st) kazi_db_bind_text(st, 4, rules);
    return run(out, db, st, parent, lo, hi);
}

/* The pay total of the whole register for month ?5 from the counts migration 0021 keeps
 * (pay_count, pay_month_count): each set of posts (cadre|engagement|organisation_id,
 * ';' between them, start order) taken apart once and its deciding post chosen by the
 * minima ?4 as PAY_POSTS chooses it worker by worker; the month's paid amounts compared
 * with that post's minimum per set, not per worker. */
#define PAY_NATIONAL                                                                               \
    "WITH RECURSIVE m AS (SELECT json_extract(value, '$.cadre') AS cadre, json_extract(value, "    \
    "'$.engagement') AS engagement, json_extract(value, '$.monthly') AS monthly FROM "             \
    "json_each(?4)), part(posts, rest, item, pos) AS (SELECT posts, posts || ';', NULL, 0 FROM "   \
    "pay_count UNION ALL SELECT posts, substr(rest, instr(rest, ';') + 1), substr(rest, 1, "       \
    "instr(rest, ';') - 1), pos + 1 FROM part WHERE instr(rest, ';') > 0), el AS (SELECT posts, "  \
    "pos, substr(item, 1, instr(item, '|') - 1) AS cadre, substr(item, instr(item, '|') + 1) AS "  \
    "tail FROM part WHERE item IS NOT NULL), el2 AS (SELECT posts, pos, cadre, substr(tail, 1, "   \
    "instr(tail, '|') - 1) AS engagement, CAST(substr(tail, instr(tail, '|') + 1) AS INTEGER) AS " \
    "org FROM el), win AS (SELECT * FROM (SELECT el2.posts AS posts, el2.engagement AS "           \
    "engagement, el2.org AS org, coalesce(me.monthly, mg.monthly) AS monthly, row_number() OVER "  \
    "(PARTITION BY el2.posts ORDER BY coalesce(me.monthly, mg.monthly) IS NULL, "                  \
    "coalesce(me.monthly, mg.monthly) DESC, el2.pos) AS n FROM el2 LEFT JOIN m me ON me.cadre = "  \
    "el2.cadre AND me.engagement = el2.engagement LEFT JOIN m mg ON mg.cadre = el2.cadre AND "     \
    "mg.engagement IS NULL) WHERE n = 1), mo AS (SELECT pay_month_count.posts AS posts, "          \
    "sum(pay_month_count.n) AS months, sum(pay_month_count.n) FILTER (WHERE "                      \
    "pay_month_count.paid < win.monthly) AS paid_less, "                                           \
    "sum(pay_month_count.n) FILTER (WHERE pay_month_count.reimbursed) AS reimbursed FROM "         \
    "pay_month_count JOIN win ON win.posts = pay_month_count.posts WHERE pay_month_count.period "  \
    "= ?5 GROUP BY pay_month_count.posts), k AS (SELECT o.code AS funder, pay_count.n AS "         \
    "workers, CASE WHEN win.monthly IS NOT NULL THEN pay_count.n ELSE 0 END AS with_minimum, "     \
    "CASE WHEN win.monthly IS NOT NULL THEN coalesce(mo.paid_less, 0) + CASE WHEN 0 < "            \
    "win.monthly THEN pay_count.n - coalesce(mo.months, 0) ELSE 0 END ELSE 0 END AS "              \
    "below_minimum, CASE WHEN win.engagement = 'volunteer' THEN pay_count.n ELSE 0 END "           \
    "AS volunteers, CASE WHEN win.engagement = 'volunteer' THEN pay_count.n - "                    \
    "coalesce(mo.reimbursed, 0) ELSE 0 END AS volunteers_without_reimbursement FROM pay_count "    \
    "JOIN win ON win.posts = pay_count.posts JOIN organisation o ON o.id = win.org LEFT JOIN mo "  \
    "ON mo.posts = pay_count.posts), f AS (SELECT coalesce(funder, '?') AS funder, "               \
    "sum(workers) AS workers, sum(with_minimum) AS with_minimum, sum(below_minimum) AS "           \
    "below_minimum, sum(volunteers) AS volunteers, sum(volunteers_without_reimbursement) AS "      \
    "volunteers_without_reimbursement FROM k GROUP BY coalesce(funder, '?')) SELECT -1 AS ix, "    \
    "sum(workers) AS workers, sum(with_minimum) AS with_minimum, sum(below_minimum) AS "           \
    "below_minimum, sum(volunteers) AS volunteers, sum(volunteers_without_reimbursement) AS "      \
    "volunteers_without_reimbursement, json_group_object(funder, json_object('workers', "          \
    "workers, 'below_minimum', below_minimum, 'volunteers_without_reimbursement', "                \
    "volunteers_without_reimbursement)) AS by_funder FROM f HAVING count(funder) > 0"

/* The pay figure of month ?5 of each child of ?1 and the total, in the subtree ?2-?3. */
#define PAY_AREA                                                                                   \
    "WITH " UNITS ", " PAY_WORKERS ", xp AS (" PLACE(                                              \
        "x") "), f AS (SELECT ix, "                                                                \
             "coalesce(funder, '?') AS funder, count(*) AS workers, sum(monthly IS NOT NULL) AS "  \
             "with_minimum, sum(monthly IS NOT NULL AND paid < monthly) AS below_minimum, "        \
             "sum(volunteer) AS volunteers, sum(volunteer AND NOT reimbursed) AS "                 \
             "volunteers_without_reimbursement FROM xp GROUP BY ix, coalesce(funder, '?')) "       \
             "SELECT ix, "                                                                         \
             "sum(workers) AS workers, sum(with_minimum) AS with_minimum, sum(below_minimum) AS "  \
             "below_minimum, sum(volunteers) AS volunteers, "                                      \
             "sum(volunteers_without_reimbursement) AS "                                           \
             "volunteers_without_reimbursement, json_group_object(funder, json_object('workers', " \
             "workers, 'below_minimum', below_minimum, 'volunteers_without_reimbursement', "       \
             "volunteers_without_reimbursement)) AS by_funder FROM f GROUP BY ix ORDER BY ix"

int kazi_store_figures_pay(json_t **out, kazi_db *db, int64_t parent, const char *lo,
                           const char *hi, const char *minima, const char *period)
{
    if (parent == KAZI_FIGURES_TOTAL_ONLY && !lo) {
        sqlite3_stmt *st = kazi_db_stmt(db, PAY_NATIONAL);
        if (st) {
            kazi_db_bind_text(st, 4, minima);
            kazi_db_bind_text(st, 5, period);
        }
        return run(out, db, st, parent, lo, hi);
    }
    sqlite3_stmt *st = kazi_db_stmt(db, PAY_AREA);
    if (st) {
        kazi_db_bind_text(st, 4, minima);
        kazi_db_bind_text(st, 5, period);
    }
    return run(out, db, st, parent, lo, hi);
}

int kazi_store_pay_minimum(json_t **out, kazi_db *db, const char *minima, int64_t person_id)
{
    sqlite3_stmt *st = kazi_db_stmt(
        db, "WITH " PAY_POSTS("person p",
                              "p.id = ?1") " SELECT monthly, currency, cadre, engagement FROM pp "
                                           "WHERE n = 1 AND monthly IS NOT NULL");
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, person_id);
    kazi_db_bind_text(st, 4, minima);
    json_t *rows;
    int rc = kazi_db_all_rows(&rows, db, st, &row_spec, "read pay minimum");
    if (rc < 0) return rc;
    *out = json_incref(json_array_get(rows, 0));
    json_decref(rows);
    return KAZI_OK;
}

int kazi_store_pay_month(double *out, kazi_db *db, int64_t person_id, const char *period,
                         const char *currency)
{
    sqlite3_stmt *st = kazi_db_stmt(db, "SELECT coalesce(sum(amount), 0) FROM payment "
                                        "WHERE person_id = ? AND period = ? AND "
                                        "currency = ? AND kind IN " PAID_KINDS);
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, person_id);
    kazi_db_bind_text(st, 2, period);
    kazi_db_bind_text(st, 3, currency);
    int rc = sqlite3_step(st);
    *out = rc == SQLITE_ROW ? sqlite3_column_double(st, 0) : 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? KAZI_OK : kazi_db_fail(db, rc, "read the month's pay");
}

/* The support figure of each child of ?1 and the total, in the subtree ?2-?3. */
#define SUPPORT_AREA                                                                               \
    "WITH " UNITS ", " SUPPORT_WORKERS                                                             \
    ", wp AS (" PLACE("w") ") SELECT ix, count(*) AS "                                             \
                           "workers, sum(last_support IS NULL OR last_support < since) AS "        \
                           "without_support FROM wp "                                              \
                           "GROUP BY ix ORDER BY ix"

int kazi_store_figures_support(json_t **out, kazi_db *db, int64_t parent, const char *lo,
                               const char *hi, const char *rules)
{
    sqlite3_stmt *st = kazi_db_stmt(db, SUPPORT_AREA);
    if (st) kazi_db_bind_text(st, 4, rules);
    return run(out, db, st, parent, lo, hi);
}

int kazi_store_figures_activity(json_t **out, kazi_db *db, int64_t parent, const char *lo,
                                const char *hi, const char *period)
{
    sqlite3_stmt *st = kazi_db_stmt(
        db, "WITH " UNITS ", x AS (SELECT p.org_path AS org_path, ar.activity AS activity, "
            "ar.count AS count FROM activity_return ar JOIN person p ON p.id = "
            "ar.person_id WHERE "
            "" IN_SUBTREE " AND (?4 IS NULL OR ar.period = ?4)), xp AS (" PLACE(
                "x") "), "
                     "g AS (SELECT ix, activity, sum(count) AS n FROM xp GROUP BY ix, "
                     "activity) "
                     "SELECT ix, json_group_object(activity, n) AS totals FROM g GROUP BY "
                     "ix ORDER "
                     "BY ix");
    if (st) kazi_db_bind_text(st, 4, period);
    return run(out, db, st, parent, lo, hi);
}

int kazi_store_figures_retention(json_t **out, kazi_db *db, int64_t parent, const char *lo,
                                 const char *hi, const char *from, const char *until, int ward)
{
    /* `cut` takes each path apart one level at a time ("/1/" at depth 0, "/1/2/" at 1,
     * ...) so "lives and serves in the same ward" compares the two paths' ancestors. */
    sqlite3_stmt *st = kazi_db_stmt(
        db, "WITH RECURSIVE " UNITS ", "
            "r AS (SELECT p.org_path AS org_path, pos.org_path AS post_path, a.start_date "
            "AS "
            "start_date, a.end_date AS end_date, a.end_reason AS end_reason FROM "
            "assignment a JOIN "
            "person p ON p.id = a.person_id JOIN position pos ON pos.id = a.position_id "
            "WHERE " IN_SUBTREE
            "), paths(path) AS (SELECT org_path FROM r UNION SELECT post_path FROM r), "
            "cut(path, rest, prefix, d) AS (SELECT path, substr(path, 2), '/', -1 FROM "
            "paths UNION "
            "ALL SELECT path, substr(rest, instr(rest, '/') + 1), prefix || substr(rest, "
            "1, "
            "instr(rest, '/')), d + 1 FROM cut WHERE instr(rest, '/') > 0 AND d < ?6), "
            "anc AS (SELECT path, max(CASE WHEN d = ?6 THEN prefix END) AS ward, max(CASE "
            "WHEN d = "
            "?6 - 1 THEN prefix END) AS district FROM cut GROUP BY path), "
            "x AS (SELECT r.*, r.start_date IS NOT NULL AND (?4 IS NULL OR r.start_date >= "
            "?4) AND "
            "r.start_date <= ?5 AS entry, r.end_date IS NOT NULL AND (?4 IS NULL OR "
            "r.end_date >= "
            "?4) AND r.end_date <= ?5 AS leaving, r.start_date IS NOT NULL AND "
            "r.start_date <= ?5 "
            "AND (r.end_date IS NULL OR r.end_date > ?5) AS serving, hw.ward IS NOT NULL "
            "AND "
            "hw.ward = pw.ward AS same_ward, hw.district IS NOT NULL AND hw.district = "
            "pw.district "
            "AS same_district FROM r JOIN anc hw ON hw.path = r.org_path JOIN anc pw ON "
            "pw.path = "
            "r.post_path), xp AS (" PLACE(
                "x") "), "
                     "why AS (SELECT ix, json_group_object(reason, n) AS exit_reasons FROM "
                     "(SELECT ix, "
                     "coalesce(end_reason, 'unknown') AS reason, count(*) AS n FROM xp "
                     "WHERE leaving "
                     "GROUP "
                     "BY ix, reason) GROUP BY ix) "
                     "SELECT xp.ix AS ix, sum(entry) AS entries, sum(leaving) AS exits, "
                     "max(why.exit_reasons) "
                     "AS exit_reasons, coalesce(sum(CASE WHEN leaving THEN "
                     "CAST(julianday(end_date) - "
                     "julianday(start_date) AS INTEGER) END), 0) AS service_days_of_exits, "
                     "sum(serving) AS "
                     "serving, sum(serving AND same_ward) AS home_ward, sum(serving AND "
                     "same_district) "
                     "AS "
                     "home_district FROM xp LEFT JOIN why ON why.ix = xp.ix GROUP BY xp.ix "
                     "ORDER BY "
                     "xp.ix");
    if (!st) return KAZI_ERROR;
    kazi_db_bind_text(st, 4, from);
    kazi_db_bind_text(st, 5, until);
    sqlite3_bind_int(st, 6, ward);
    return run(out, db, st, parent, lo, hi);
}

/* The people behind each figure that counts workers: the CTE y of their figure (who is
 * in it and why), then their names and where they live. */
#define PEOPLE_OF(y)                                                                               \
    y " SELECT p.given_name, p.family_name, p.residence_org_unit_id AS org_unit_id, ou.name AS "   \
      "org_unit_name, y.* FROM y JOIN person p ON p.id = y.person_id JOIN org_unit ou ON ou.id = " \
      "p.residence_org_unit_id ORDER BY p.family_name, p.given_name, p.id LIMIT 10000"

static const struct {
    const char *figure, *sql;
} people_sql[] = {
    {"without_supervisor", PEOPLE_OF("WITH " SUP_WORKERS ", y AS (SELECT person_id FROM w WHERE "
                                     "NOT supervised)")},
    {"no_recent_session", PEOPLE_OF("WITH " SUP_WORKERS ", y AS (SELECT person_id, last_session, "
                                    "since FROM w WHERE since IS NOT NULL AND (last_session IS "
                                    "NULL OR last_session < since))")},
    {"without_support", PEOPLE_OF("WITH " SUPPORT_WORKERS ", y AS (SELECT person_id, last_support, "
                                  "since FROM w WHERE last_support IS NULL OR last_support < "
                                  "since)")},
    {"below_minimum",
     PEOPLE_OF("WITH " PAY_WORKERS ", y AS (SELECT person_id, paid, monthly AS "
               "minimum, currency, funder, funder_name, engagement FROM x WHERE monthly IS "
               "NOT NULL AND paid < monthly)")},
    {"volunteers_without_reimbursement",
     PEOPLE_OF("WITH " PAY_WORKERS ", y AS (SELECT person_id, funder, funder_name, engagement FROM "
               "x WHERE volunteer AND NOT reimbursed)")},
};

int kazi_store_figures_people(json_t **out, kazi_db *db, const char *figure, const char *lo,
                              const char *hi, const char *rules, const char *period)
{
    for (size_t i = 0; i < sizeof people_sql / sizeof people_sql[0]; i++) {
        if (strcmp(people_sql[i].figure, figure)) continue;
        sqlite3_stmt *st = kazi_db_stmt(db, people_sql[i].sql);
        if (!st) return KAZI_ERROR;
        kazi_db_bind_text(st, 2, lo ? lo : "");
        kazi_db_bind_text(st, 3, hi ? hi : "\x7f");
        kazi_db_bind_text(st, 4, rules);
        if (period) kazi_db_bind_text(st, 5, period);
        return kazi_db_all_rows(out, db, st, &row_spec, "read the people behind a figure");
    }
    return kazi_error_set(KAZI_ENOTFOUND, "figure", "no figure '%s' lists people", figure);
}

/* The register's counts for the dashboard, one statement each (people are active;
 * a cadre counts a person once however many current posts of it they hold, as the
 * people search's cadre filter does; posts are vacant without a current assignment).
 * ?4 is the area's unit (0: the whole register): each is summed from the running counts
 * per unit the triggers keep (person_place_count, 0014; cadre_place_count and
 * vacant_place_count, 0018), the area's own rows or the roots', and each child's. */
#define AREA_UNITS                                                                                 \
    "org_unit_id IN (SELECT id FROM org_unit WHERE CASE WHEN ?4 > 0 THEN id = ?4 ELSE "            \
    "parent_id IS NULL END)"

static const char *const register_sql[] = {
    "SELECT coalesce(sum(n), 0) AS n FROM person_place_count WHERE status = 'active' "
    "AND "
    "" AREA_UNITS,
    "SELECT cadre, sum(n) AS n FROM cadre_place_count WHERE " AREA_UNITS " GROUP BY cadre "
    "HAVING sum(n) > 0 ORDER BY cadre",
    "WITH " UNITS " SELECT u.ix AS ix, sum(c.n) AS n FROM u JOIN person_place_count c ON "
    "c.org_unit_id = u.id AND c.status = 'active' GROUP BY u.ix ORDER BY u.ix",
    "SELECT cadre, sum(n) AS n FROM vacant_place_count WHERE " AREA_UNITS " GROUP BY cadre "
    "HAVING sum(n) > 0 ORDER BY cadre",
};

int kazi_store_figures_register(json_t **out, kazi_db *db, int64_t area, int64_t parent,
                                const char *lo, const char *hi)
{
    static const char *const keys[] = {"active", "by_cadre", "by_unit", "vacant_by_cadre"};
    json_t *doc = json_object();
    int rc = KAZI_OK;
    for (size_t i = 0; i < sizeof register_sql / sizeof register_sql[0] && rc == KAZI_OK; i++) {
        json_t *rows;
        sqlite3_stmt *st = kazi_db_stmt(db, register_sql[i]);
        /* run() binds ?1-?3 (a number a statement skips is still bound); ?4 where used
         */
        if (st && sqlite3_bind_parameter_count(st) >= 4) sqlite3_bind_int64(st, 4, area);
        if ((rc = run(&rows, db, st, parent, lo, hi)) < 0) break;
        json_object_set_new(doc, keys[i], rows);
    }
    if (rc < 0) {
        json_decref(doc);
        return rc;
    }
    *out = doc;
    return KAZI_OK;
}

/* Certificates expiring between ?4 and ?5 in the subtree, per certification: a range of
 * certificate_due's covering index (0025), no certificate or person row read. */
#define EXPIRING_SQL                                                                               \
    "SELECT certification, count(*) AS n FROM certificate_due WHERE expires_date >= ?4 AND "       \
    "expires_date <= ?5 AND org_path >= ?2 AND org_path < ?3 GROUP BY certification ORDER BY "     \
    "certification"

int kazi_store_figures_expiring(json_t **out, kazi_db *db, const char *from, const char *to,
                                const char *lo, const char *hi)
{
    sqlite3_stmt *st = kazi_db_stmt(db, EXPIRING_SQL);
    if (st) {
        kazi_db_bind_text(st, 4, from);
        kazi_db_bind_text(st, 5, to);
    }
    return run(out, db, st, 0, lo, hi);
}

/* The plan of `sql` (its parameters unbound) as [detail...]. */
static int plan_of(json_t **out, kazi_db *db, const char *sql)
{
    char *text = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", sql);
    sqlite3_stmt *st = NULL;
    int rc = text ? sqlite3_prepare_v2(db->h, text, -1, &st, NULL) : SQLITE_NOMEM;
    sqlite3_free(text);
    if (rc != SQLITE_OK) return kazi_db_fail(db, rc, "explain");
    json_t *a = json_array();
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        json_array_append_new(a, json_string((const char *)sqlite3_column_text(st, 3)));
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        json_decref(a);
        return kazi_db_fail(db, rc, "explain");
    }
    *out = a;
    return KAZI_OK;
}

/* Appends {statement: name (+ suffix), plan} to a. */
static int add_plan(json_t *a, kazi_db *db, const char *name, const char *suffix, const char *sql)
{
    json_t *plan = NULL;
    int rc = plan_of(&plan, db, sql);
    if (rc < 0) return rc;
    json_array_append_new(a, json_pack("{s:s+,s:o}", "statement", name, suffix, "plan", plan));
    return KAZI_OK;
}

int kazi_store_figures_dashboard_plans(json_t **out, kazi_db *db)
{
    const struct {
        const char *name, *sql;
    } stmts[] = {
        {"active", register_sql[0]},  {"by_cadre", register_sql[1]},
        {"by_unit", register_sql[2]}, {"vacant_by_cadre", register_sql[3]},
        {"expiring", EXPIRING_SQL},   {"supervision", SUP_NATIONAL},
        {"pay", PAY_NATIONAL},        {"supervision_area", SUP_AREA},
        {"pay_area", PAY_AREA},       {"support_area", SUPPORT_AREA},
    };
    json_t *a = json_array();
    int rc = KAZI_OK;
    for (size_t i = 0; i < sizeof stmts / sizeof stmts[0] && rc == KAZI_OK; i++)
        rc = add_plan(a, db, stmts[i].name, "", stmts[i].sql);
    for (size_t i = 0; i < sizeof people_sql / sizeof people_sql[0] && rc == KAZI_OK; i++)
        rc = add_plan(a, db, "people_", people_sql[i].figure, people_sql[i].sql);
    if (rc < 0) {
        json_decref(a);
        return rc;
    }
    *out = a;
    return KAZI_OK;
}
