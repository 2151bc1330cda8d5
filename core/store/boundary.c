#include "store/boundary.h"
#include "store/internal.h"
#include "util/error.h"

int kazi_store_boundary_put(kazi_db *db, int64_t org_unit_id, const char *geometry, int64_t points,
                            int64_t now_ms)
{
    static const char sql[] =
        "INSERT INTO org_unit_boundary(org_unit_id, geometry, points, updated_at) "
        "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (org_unit_id) DO UPDATE SET "
        "geometry = excluded.geometry, points = excluded.points, updated_at = excluded.updated_at";
    sqlite3_stmt *st = kazi_db_stmt(db, sql);
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, org_unit_id);
    kazi_db_bind_text(st, 2, geometry);
    sqlite3_bind_int64(st, 3, points);
    sqlite3_bind_int64(st, 4, now_ms);
    return kazi_db_step_done(db, st, "store an org-unit boundary");
}

int kazi_store_boundary_list(json_t **out, kazi_db *db, const char *lo, const char *hi,
                             const char *level_id, int limit)
{
    static const char sql[] = "SELECT u.id, u.code, u.name, b.geometry FROM org_unit u "
                              "JOIN org_unit_boundary b ON b.org_unit_id = u.id "
                              "WHERE u.path >= ?1 AND u.path < ?2 AND u.level_id = ?3 "
                              "ORDER BY u.code LIMIT ?4";
    sqlite3_stmt *st = kazi_db_stmt(db, sql);
    if (!st) return KAZI_ERROR;
    kazi_db_bind_text(st, 1, lo);
    kazi_db_bind_text(st, 2, hi);
    kazi_db_bind_text(st, 3, level_id);
    sqlite3_bind_int(st, 4, limit);
    static const kazi_row_spec plain = {0}; /* columns as they are */
    return kazi_db_all_rows(out, db, st, &plain, "read org-unit boundaries");
}
