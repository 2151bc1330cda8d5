#include "store/population.h"
#include "store/internal.h"
#include "util/error.h"

int kazi_store_population_put(kazi_db *db, int64_t org_unit_id, int year, const char *group,
                              int64_t count, int64_t now_ms)
{
    static const char sql[] =
        "INSERT INTO population(org_unit_id, year, population_group, count, updated_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (org_unit_id, year, population_group) "
        "DO UPDATE SET count = excluded.count, updated_at = excluded.updated_at";
    sqlite3_stmt *st = kazi_db_stmt(db, sql);
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, org_unit_id);
    sqlite3_bind_int(st, 2, year);
    kazi_db_bind_text(st, 3, group);
    sqlite3_bind_int64(st, 4, count);
    sqlite3_bind_int64(st, 5, now_ms);
    return kazi_db_step_done(db, st, "store population figure");
}

int kazi_store_population_each(kazi_db *db, const char *lo, const char *hi, int year,
                               int (*fn)(void *ctx, const kazi_population_figure *f), void *ctx)
{
    static const char sql[] = "SELECT f.org_unit_id, u.path, f.year, f.population_group, f.count "
                              "FROM org_unit u JOIN population f ON f.org_unit_id = u.id "
                              "WHERE u.path >= ?1 AND u.path < ?2 AND (?3 = 0 OR f.year = ?3) "
                              "ORDER BY f.year, f.population_group, u.path";
    sqlite3_stmt *st = kazi_db_stmt(db, sql);
    if (!st) return KAZI_ERROR;
    kazi_db_bind_text(st, 1, lo);
    kazi_db_bind_text(st, 2, hi);
    sqlite3_bind_int(st, 3, year);
    int rc, s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        kazi_population_figure f = {
            .org_unit_id = sqlite3_column_int64(st, 0),
            .path = (const char *)sqlite3_column_text(st, 1),
            .year = sqlite3_column_int(st, 2),
            .group = (const char *)sqlite3_column_text(st, 3),
            .count = sqlite3_column_int64(st, 4),
        };
        if ((rc = fn(ctx, &f)) < 0) {
            sqlite3_reset(st);
            return rc;
        }
    }
    rc = s == SQLITE_DONE ? KAZI_OK : kazi_db_fail(db, s, "read population figures");
    sqlite3_reset(st);
    return rc;
}
