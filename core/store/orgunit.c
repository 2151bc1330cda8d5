#include "store/orgunit.h"
#include "store/internal.h"
#include "util/clock.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COLS "id, coalesce(parent_id, 0), depth, code, name, level_id, path"

static void copy_col(char *buf, size_t size, sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    snprintf(buf, size, "%s", t ? (const char *)t : "");
}

static void read_row(kazi_orgunit *u, sqlite3_stmt *st)
{
    u->id = sqlite3_column_int64(st, 0);
    u->parent_id = sqlite3_column_int64(st, 1);
    u->depth = sqlite3_column_int(st, 2);
    copy_col(u->code, sizeof u->code, st, 3);
    copy_col(u->name, sizeof u->name, st, 4);
    copy_col(u->level_id, sizeof u->level_id, st, 5);
    copy_col(u->path, sizeof u->path, st, 6);
}

static int get_one(kazi_orgunit *out, kazi_db *db, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        read_row(out, st);
        sqlite3_reset(st);
        return KAZI_OK;
    }
    sqlite3_reset(st);
    if (rc == SQLITE_DONE) return kazi_error_set(KAZI_ENOTFOUND, NULL, "no such org unit");
    return kazi_db_fail(db, rc, what);
}

int kazi_orgunit_get(kazi_orgunit *out, kazi_db *db, int64_t id)
{
    static const char sql[] = "SELECT " COLS " FROM org_unit WHERE id = ?1";
    sqlite3_stmt *st = kazi_db_stmt(db, sql);
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, id);
    return get_one(out, db, st, "read org unit");
}

int kazi_orgunit_get_by_code(kazi_orgunit *out, kazi_db *db, const char *code)
{
    static const char sql[] = "SELECT " COLS " FROM org_unit WHERE code = ?1";
    sqlite3_stmt *st = kazi_db_stmt(db, sql);
    if (!st) return KAZI_ERROR;
    kazi_db_bind_text(st, 1, code);
    return get_one(out, db, st, "read org unit");
}

int kazi_orgunit_insert(kazi_orgunit *u, kazi_db *db, const kazi_orgunit *parent)
{
    static const char ins[] =
        "INSERT INTO org_unit(code, name, parent_id, depth, level_id, path, created_at, "
        "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)";
    static const char upd[] = "UPDATE org_unit SET path = ?2 WHERE id = ?1";
    char tmp[80];
    int64_t now = kazi_clock_now_ms();
    sqlite3_stmt *st = kazi_db_stmt(db, ins);
    if (!st) return KAZI_ERROR;
    /* A placeholder unique within this transaction until the id is known. */
    snprintf(tmp, sizeof tmp, "~pending-%lld", (long long)now);
    kazi_db_bind_text(st, 1, u->code);
    kazi_db_bind_text(st, 2, u->name);
    if (parent)
        sqlite3_bind_int64(st, 3, parent->id);
    else
        sqlite3_bind_null(st, 3);
    sqlite3_bind_int(st, 4, u->depth);
    kazi_db_bind_text(st, 5, u->level_id);
    kazi_db_bind_text(st, 6, tmp);
    sqlite3_bind_int64(st, 7, now);
    int rc = kazi_db_step_done(db, st, "insert org unit");
    if (rc == KAZI_EEXISTS)
        return kazi_error_set(KAZI_EEXISTS, "code", "an org unit with code %s already exists",
                              u->code);
    if (rc < 0) return rc;
    u->id = sqlite3_last_insert_rowid(db->h);
    u->parent_id = parent ? parent->id : 0;
    int n =
        snprintf(u->path, sizeof u->path, "%s%lld/", parent ? parent->path : "/", (long long)u->id);
    if (n < 0 || (size_t)n >= sizeof u->path)
        return kazi_error_set(KAZI_EINVALID, "parent", "the hierarchy is too deep");
    st = kazi_db_stmt(db, upd);
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, u->id);
    kazi_db_bind_text(st, 2, u->path);
    return kazi_db_step_done(db, st, "insert org unit");
}

int kazi_orgunit_update(kazi_db *db, const kazi_orgunit *u)
{
    static const char sql[] =
        "UPDATE org_unit SET code = ?2, name = ?3, updated_at = ?4 WHERE id = ?1";
    sqlite3_stmt *st = kazi_db_stmt(db, sql);
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, u->id);
    kazi_db_bind_text(st, 2, u->code);
    kazi_db_bind_text(st, 3, u->name);
    sqlite3_bind_int64(st, 4, kazi_clock_now_ms());
    int rc = kazi_db_step_done(db, st, "update org unit");
    if (rc == KAZI_EEXISTS)
        return kazi_error_set(KAZI_EEXISTS, "code", "an org unit with code %s already exists",
                              u->code);
    return rc;
}

int kazi_orgunit_count(int64_t *out, kazi_db *db, int roots_only)
{
    static const char all[] = "SELECT count(*) FROM org_unit";
    static const char roots[] = "SELECT count(*) FROM org_unit WHERE parent_id IS NULL";
    sqlite3_stmt *st = kazi_db_stmt(db, roots_only ? roots : all);
    if (!st) return KAZI_ERROR;
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return kazi_db_fail(db, rc, "count org units");
    }
    *out = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return KAZI_OK;
}

void kazi_orgunit_subtree_end(char *end, const char *path)
{
    snprintf(end, KAZI_ORGUNIT_PATH_MAX, "%s", path);
    size_t n = strlen(end);
    /* Paths are digits and '/', and '0' follows '/' in every collation we use, so
     * replacing the final '/' with '0' bounds exactly the strings starting with path. */
    if (n && end[n - 1] == '/') end[n - 1] = '0';
}

json_t *kazi_orgunit_json(const kazi_orgunit *u)
{
    json_t *o = json_pack("{s:I,s:s,s:s,s:i,s:s}", "id", (json_int_t)u->id, "code", u->code, "name",
                          u->name, "depth", u->depth, "level", u->level_id);
    if (!o) return NULL;
    json_object_set_new(o, "parent_id", u->parent_id ? json_integer(u->parent_id) : json_null());
    return o;
}

static int rows_json(json_t **out, kazi_db *db, sqlite3_stmt *st, const char *what)
{
    json_t *arr = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        kazi_orgunit u;
        read_row(&u, st);
        json_array_append_new(arr, kazi_orgunit_json(&u));
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        json_decref(arr);
        return kazi_db_fail(db, rc, what);
    }
    *out = arr;
    return KAZI_OK;
}

int kazi_orgunit_children(json_t **out, kazi_db *db, int64_t parent_id, const char *lo,
                          const char *hi, int limit, int offset)
{
    static const char kids[] = "SELECT " COLS " FROM org_unit WHERE parent_id = ?1 "
                               "AND path >= ?2 AND path < ?3 ORDER BY name, id LIMIT ?4 OFFSET ?5";
    static const char roots[] = "SELECT " COLS " FROM org_unit WHERE parent_id IS NULL "
                                "AND path >= ?2 AND path < ?3 ORDER BY name, id LIMIT ?4 OFFSET ?5";
    sqlite3_stmt *st = kazi_db_stmt(db, parent_id ? kids : roots);
    if (!st) return KAZI_ERROR;
    if (parent_id) sqlite3_bind_int64(st, 1, parent_id);
    kazi_db_bind_text(st, 2, lo);
    kazi_db_bind_text(st, 3, hi);
    sqlite3_bind_int(st, 4, limit);
    sqlite3_bind_int(st, 5, offset);
    return rows_json(out, db, st, "list org units");
}

int kazi_orgunit_search(json_t **out, kazi_db *db, const char *q, const char *lo, const char *hi,
                        int limit)
{
    static const char sql[] =
        "SELECT " COLS " FROM org_unit WHERE path >= ?2 AND path < ?3 AND "
        "(instr(lower(name), lower(?1)) > 0 OR instr(lower(code), lower(?1)) > 0) "
        "ORDER BY depth, name, id LIMIT ?4";
    sqlite3_stmt *st = kazi_db_stmt(db, sql);
    if (!st) return KAZI_ERROR;
    kazi_db_bind_text(st, 1, q);
    kazi_db_bind_text(st, 2, lo);
    kazi_db_bind_text(st, 3, hi);
    sqlite3_bind_int(st, 4, limit);
    return rows_json(out, db, st, "search org units");
}

int kazi_orgunit_path_json(json_t **out, kazi_db *db, const char *path)
{
    json_t *arr = json_array();
    const char *p = path;
    while (p && *p == '/' && p[1]) {
        char *end;
        long long id = strtoll(p + 1, &end, 10);
        if (end == p + 1) break;
        kazi_orgunit u;
        int rc = kazi_orgunit_get(&u, db, id);
        if (rc < 0) {
            json_decref(arr);
            return rc;
        }
        json_array_append_new(arr, kazi_orgunit_json(&u));
        p = end;
    }
    *out = arr;
    return KAZI_OK;
}

int kazi_orgunit_each(kazi_db *db, const char *lo, const char *hi,
                      int (*fn)(void *ctx, const kazi_orgunit *u, const char *parent_code),
                      void *ctx)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db->h,
                                "SELECT u.id, coalesce(u.parent_id, 0), u.depth, u.code, u.name, "
                                "u.level_id, u.path, coalesce(p.code, '') FROM org_unit u "
                                "LEFT JOIN org_unit p ON p.id = u.parent_id "
                                "WHERE u.path >= ?1 AND u.path < ?2 ORDER BY u.path",
                                -1, &st, NULL);
    if (rc != SQLITE_OK) return kazi_db_fail(db, rc, "export org units");
    kazi_db_bind_text(st, 1, lo);
    kazi_db_bind_text(st, 2, hi);
    int out = KAZI_OK;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        kazi_orgunit u;
        read_row(&u, st);
        if ((out = fn(ctx, &u, (const char *)sqlite3_column_text(st, 7))) < 0) break;
    }
    if (out == KAZI_OK && rc != SQLITE_DONE) out = kazi_db_fail(db, rc, "export org units");
    sqlite3_finalize(st);
    return out;
}
