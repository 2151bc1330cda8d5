#include "store/planning.h"
#include "store/internal.h"
#include "util/error.h"

#include <stdlib.h>

/* One row of one integer from a prepared statement already bound. */
static int one_count(int64_t *out, kazi_db *db, sqlite3_stmt *st, const char *what)
{
    int s = sqlite3_step(st);
    int rc = KAZI_OK;
    if (s == SQLITE_ROW)
        *out = sqlite3_column_int64(st, 0);
    else
        rc = kazi_db_fail(db, s, what);
    sqlite3_reset(st);
    return rc;
}

int kazi_store_planning_units(json_t **out, kazi_db *db, const char *lo, const char *hi,
                              const char *level_id, int limit)
{
    static const char sql[] = "SELECT id, code, name, path FROM org_unit "
                              "WHERE path >= ?1 AND path < ?2 AND level_id = ?3 "
                              "ORDER BY name, id LIMIT ?4";
    sqlite3_stmt *st = kazi_db_stmt(db, sql);
    if (!st) return KAZI_ERROR;
    kazi_db_bind_text(st, 1, lo);
    kazi_db_bind_text(st, 2, hi);
    kazi_db_bind_text(st, 3, level_id);
    sqlite3_bind_int(st, 4, limit);
    static const kazi_row_spec plain = {0}; /* columns as they are */
    return kazi_db_all_rows(out, db, st, &plain, "read org units of a level");
}

int kazi_store_planning_level_count(int64_t *out, kazi_db *db, const char *lo, const char *hi,
                                    const char *level_id)
{
    static const char sql[] = "SELECT count(id) FROM org_unit "
                              "WHERE path >= ?1 AND path < ?2 AND level_id = ?3";
    sqlite3_stmt *st = kazi_db_stmt(db, sql);
    if (!st) return KAZI_ERROR;
    kazi_db_bind_text(st, 1, lo);
    kazi_db_bind_text(st, 2, hi);
    kazi_db_bind_text(st, 3, level_id);
    return one_count(out, db, st, "count org units of a level");
}

int kazi_store_planning_supply(int64_t *out, kazi_db *db, const char *lo, const char *hi,
                               const char *cadre)
{
    static const char sql[] = "SELECT count(DISTINCT a.person_id) FROM position pos "
                              "JOIN assignment a ON a.position_id = pos.id AND a.end_date IS NULL "
                              "JOIN person p ON p.id = a.person_id AND p.status = 'active' "
                              "WHERE pos.org_path >= ?1 AND pos.org_path < ?2 AND pos.cadre = ?3";
    sqlite3_stmt *st = kazi_db_stmt(db, sql);
    if (!st) return KAZI_ERROR;
    kazi_db_bind_text(st, 1, lo);
    kazi_db_bind_text(st, 2, hi);
    kazi_db_bind_text(st, 3, cadre);
    return one_count(out, db, st, "count the workforce of a cadre");
}

int kazi_store_planning_exits(int64_t *out, kazi_db *db, const char *lo, const char *hi,
                              const char *cadre, const char *from, const char *to)
{
    static const char sql[] =
        "SELECT count(a.id) FROM position pos JOIN assignment a ON a.position_id = pos.id "
        "WHERE pos.org_path >= ?1 AND pos.org_path < ?2 AND pos.cadre = ?3 "
        "AND a.end_date >= ?4 AND a.end_date < ?5 "
        "AND a.end_reason IN ('resignation', 'retirement', 'death', 'dismissal')";
    sqlite3_stmt *st = kazi_db_stmt(db, sql);
    if (!st) return KAZI_ERROR;
    kazi_db_bind_text(st, 1, lo);
    kazi_db_bind_text(st, 2, hi);
    kazi_db_bind_text(st, 3, cadre);
    kazi_db_bind_text(st, 4, from);
    kazi_db_bind_text(st, 5, to);
    return one_count(out, db, st, "count exits of a cadre");
}

int kazi_store_planning_funnel(kazi_store_funnel *out, kazi_db *db, const char *lo, const char *hi,
                               const char *cadre, const json_t *courses,
                               const json_t *certifications, const char *from, const char *to)
{
    /* per person: the first event of the window and whether any was passed; then the
     * certificate issued since, then a post of the cadre taken up since */
    static const char sql[] =
        "WITH e AS (SELECT n.person_id, min(t.start_date) AS since, max(coalesce(n.passed, 0)) "
        "AS passed FROM enrolment n JOIN training_event t ON t.id = n.event_id "
        "JOIN person p ON p.id = n.person_id "
        "WHERE t.course IN (SELECT value FROM json_each(?4)) AND t.start_date >= ?6 "
        "AND t.start_date < ?7 AND p.org_path >= ?1 AND p.org_path < ?2 GROUP BY n.person_id), "
        "c AS (SELECT e.person_id, e.since FROM e WHERE e.passed = 1 AND EXISTS (SELECT 1 FROM "
        "certificate x WHERE x.person_id = e.person_id AND x.status = 'valid' "
        "AND x.certification IN (SELECT value FROM json_each(?5)) AND x.issued_date >= e.since)) "
        "SELECT (SELECT count(*) FROM e), (SELECT count(*) FROM e WHERE passed = 1), "
        "(SELECT count(*) FROM c), (SELECT count(*) FROM c WHERE EXISTS (SELECT 1 FROM "
        "assignment a JOIN position pos ON pos.id = a.position_id WHERE a.person_id = c.person_id "
        "AND pos.cadre = ?3 AND a.start_date >= c.since))";
    char *cj = json_dumps(courses, JSON_COMPACT), *xj = json_dumps(certifications, JSON_COMPACT);
    int rc = KAZI_ERROR;
    sqlite3_stmt *st = cj && xj ? kazi_db_stmt(db, sql) : NULL;
    if (!st) goto done;
    kazi_db_bind_text(st, 1, lo);
    kazi_db_bind_text(st, 2, hi);
    kazi_db_bind_text(st, 3, cadre);
    kazi_db_bind_text(st, 4, cj);
    kazi_db_bind_text(st, 5, xj);
    kazi_db_bind_text(st, 6, from);
    kazi_db_bind_text(st, 7, to);
    int s = sqlite3_step(st);
    if (s == SQLITE_ROW) {
        out->enrolled = sqlite3_column_int64(st, 0);
        out->passed = sqlite3_column_int64(st, 1);
        out->certified = sqlite3_column_int64(st, 2);
        out->placed = sqlite3_column_int64(st, 3);
        rc = KAZI_OK;
    } else {
        rc = kazi_db_fail(db, s, "read the training funnel");
    }
    sqlite3_reset(st);
done:
    free(cj);
    free(xj);
    return rc;
}
