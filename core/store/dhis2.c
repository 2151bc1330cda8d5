/*
 * dhis2 (store) — the figures' SQL: one grouped query per figure, streamed to a callback.
 * Owns: the queries. Uses: store/internal. Thread-safety: as db.h.
 */
#include "store/dhis2.h"
#include "store/internal.h"
#include "util/error.h"

/* Which result columns (after the path, before the count) a query has. */
enum { COL_CADRE = 1, COL_SEX = 2, COL_ACTIVITY = 4 };

/* Step `st` (bound already) and hand each row to fn: path, the `cols` dimensions in
 * order, then the count. */
static int each(kazi_db *db, sqlite3_stmt *st, int cols, kazi_dhis2_count_fn fn, void *ctx,
                const char *what)
{
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        kazi_dhis2_count c = {0};
        int i = 0;
        c.path = (const char *)sqlite3_column_text(st, i++);
        if (cols & COL_CADRE) c.cadre = (const char *)sqlite3_column_text(st, i++);
        if (cols & COL_SEX) c.sex = (const char *)sqlite3_column_text(st, i++);
        if (cols & COL_ACTIVITY) c.activity = (const char *)sqlite3_column_text(st, i++);
        c.count = sqlite3_column_int64(st, i);
        int frc = fn(ctx, &c);
        if (frc < 0) {
            sqlite3_reset(st);
            return frc;
        }
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? KAZI_OK : kazi_db_fail(db, rc, what);
}

static int bind_range(sqlite3_stmt *st, const kazi_dhis2_span *s)
{
    if (!st) return KAZI_ERROR;
    kazi_db_bind_text(st, 1, s->lo);
    kazi_db_bind_text(st, 2, s->hi);
    return KAZI_OK;
}

/* Workers in posts: the same join for headcount, certified and supervised, with a
 * condition of its own each. Sex NULL counts as 'unknown'. */
#define IN_POST_SELECT                                                                             \
    "SELECT pos.org_path, pos.cadre, coalesce(p.sex, 'unknown'), count(DISTINCT p.id) "            \
    "FROM assignment a JOIN position pos ON pos.id = a.position_id "                               \
    "JOIN person p ON p.id = a.person_id "                                                         \
    "WHERE a.end_date IS NULL AND p.status = 'active' AND pos.org_path >= ? AND pos.org_path < ? "
#define IN_POST_GROUP " GROUP BY 1, 2, 3"

int kazi_store_dhis2_headcount(kazi_db *db, const kazi_dhis2_span *s, kazi_dhis2_count_fn fn,
                               void *ctx)
{
    sqlite3_stmt *st = kazi_db_stmt(db, IN_POST_SELECT IN_POST_GROUP);
    if (bind_range(st, s) < 0) return KAZI_ERROR;
    return each(db, st, COL_CADRE | COL_SEX, fn, ctx, "count workers in posts");
}

int kazi_store_dhis2_certified(kazi_db *db, const kazi_dhis2_span *s, kazi_dhis2_count_fn fn,
                               void *ctx)
{
    sqlite3_stmt *st = kazi_db_stmt(
        db, IN_POST_SELECT "AND EXISTS (SELECT 1 FROM certificate c WHERE c.person_id = p.id "
                           "AND c.status = 'valid' AND c.issued_date <= ?3 "
                           "AND (c.expires_date IS NULL OR c.expires_date >= ?3))" IN_POST_GROUP);
    if (bind_range(st, s) < 0) return KAZI_ERROR;
    kazi_db_bind_text(st, 3, s->last_day);
    return each(db, st, COL_CADRE | COL_SEX, fn, ctx, "count certified workers");
}

int kazi_store_dhis2_supervised(kazi_db *db, const kazi_dhis2_span *s, kazi_dhis2_count_fn fn,
                                void *ctx)
{
    sqlite3_stmt *st = kazi_db_stmt(
        db, IN_POST_SELECT "AND EXISTS (SELECT 1 FROM supervision sv WHERE sv.person_id = p.id "
                           "AND sv.end_date IS NULL)" IN_POST_GROUP);
    if (bind_range(st, s) < 0) return KAZI_ERROR;
    return each(db, st, COL_CADRE | COL_SEX, fn, ctx, "count supervised workers");
}

int kazi_store_dhis2_positions(kazi_db *db, const kazi_dhis2_span *s, int vacant_only,
                               kazi_dhis2_count_fn fn, void *ctx)
{
    sqlite3_stmt *st =
        vacant_only
            ? kazi_db_stmt(db, "SELECT pos.org_path, pos.cadre, count(*) FROM position pos "
                               "WHERE pos.approved = 1 AND pos.org_path >= ? AND pos.org_path < ? "
                               "AND NOT EXISTS (SELECT 1 FROM assignment a WHERE "
                               "a.position_id = pos.id AND a.end_date IS NULL) GROUP BY 1, 2")
            : kazi_db_stmt(db, "SELECT pos.org_path, pos.cadre, count(*) FROM position pos "
                               "WHERE pos.approved = 1 AND pos.org_path >= ? AND pos.org_path < ? "
                               "GROUP BY 1, 2");
    if (bind_range(st, s) < 0) return KAZI_ERROR;
    return each(db, st, COL_CADRE, fn, ctx, "count posts");
}

int kazi_store_dhis2_sessions(kazi_db *db, const kazi_dhis2_span *s, kazi_dhis2_count_fn fn,
                              void *ctx)
{
    sqlite3_stmt *st = kazi_db_stmt(
        db, "SELECT p.org_path, count(*) FROM supervision_session ss "
            "JOIN person p ON p.id = ss.person_id WHERE p.org_path >= ? AND p.org_path < ? "
            "AND ss.session_date >= ? AND ss.session_date <= ? GROUP BY 1");
    if (bind_range(st, s) < 0) return KAZI_ERROR;
    kazi_db_bind_text(st, 3, s->first_day);
    kazi_db_bind_text(st, 4, s->last_day);
    return each(db, st, 0, fn, ctx, "count supervision sessions");
}

int kazi_store_dhis2_activity(kazi_db *db, const kazi_dhis2_span *s, kazi_dhis2_count_fn fn,
                              void *ctx)
{
    sqlite3_stmt *st = kazi_db_stmt(
        db, "SELECT p.org_path, ar.activity, sum(ar.count) FROM activity_return ar "
            "JOIN person p ON p.id = ar.person_id WHERE p.org_path >= ? AND p.org_path < ? "
            "AND ar.period >= ? AND ar.period <= ? GROUP BY 1, 2");
    if (bind_range(st, s) < 0) return KAZI_ERROR;
    kazi_db_bind_text(st, 3, s->first_month);
    kazi_db_bind_text(st, 4, s->last_month);
    return each(db, st, COL_ACTIVITY, fn, ctx, "sum activity returns");
}
