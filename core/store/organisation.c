#include "store/organisation.h"
#include "store/internal.h"
#include "util/clock.h"
#include "util/error.h"

#include <stdio.h>

#define COLS "o.id, o.code, o.name, o.kind, o.org_unit_id, u.path"

static void copy_col(char *buf, size_t size, sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    snprintf(buf, size, "%s", t ? (const char *)t : "");
}

static void read_row(kazi_organisation *o, sqlite3_stmt *st)
{
    o->id = sqlite3_column_int64(st, 0);
    copy_col(o->code, sizeof o->code, st, 1);
    copy_col(o->name, sizeof o->name, st, 2);
    copy_col(o->kind, sizeof o->kind, st, 3);
    o->org_unit_id = sqlite3_column_int64(st, 4);
    copy_col(o->org_unit_path, sizeof o->org_unit_path, st, 5);
}

int kazi_organisation_get(kazi_organisation *out, kazi_db *db, int64_t id)
{
    static const char sql[] = "SELECT " COLS " FROM organisation o JOIN org_unit u ON "
                              "u.id = o.org_unit_id WHERE o.id = ?1";
    sqlite3_stmt *st = kazi_db_stmt(db, sql);
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        read_row(out, st);
        sqlite3_reset(st);
        return KAZI_OK;
    }
    sqlite3_reset(st);
    if (rc == SQLITE_DONE) return kazi_error_set(KAZI_ENOTFOUND, NULL, "no such organisation");
    return kazi_db_fail(db, rc, "read organisation");
}

static int conflict(int rc, const kazi_organisation *o)
{
    if (rc == KAZI_EEXISTS)
        return kazi_error_set(KAZI_EEXISTS, "code", "an organisation with code %s already exists",
                              o->code);
    return rc;
}

int kazi_organisation_insert(kazi_organisation *o, kazi_db *db)
{
    static const char sql[] = "INSERT INTO organisation(code, name, kind, org_unit_id, "
                              "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)";
    sqlite3_stmt *st = kazi_db_stmt(db, sql);
    if (!st) return KAZI_ERROR;
    kazi_db_bind_text(st, 1, o->code);
    kazi_db_bind_text(st, 2, o->name);
    kazi_db_bind_text(st, 3, o->kind);
    sqlite3_bind_int64(st, 4, o->org_unit_id);
    sqlite3_bind_int64(st, 5, kazi_clock_now_ms());
    int rc = conflict(kazi_db_step_done(db, st, "insert organisation"), o);
    if (rc < 0) return rc;
    o->id = sqlite3_last_insert_rowid(db->h);
    return KAZI_OK;
}

int kazi_organisation_update(kazi_db *db, const kazi_organisation *o)
{
    static const char sql[] = "UPDATE organisation SET code = ?2, name = ?3, kind = ?4, "
                              "org_unit_id = ?5, updated_at = ?6 WHERE id = ?1";
    sqlite3_stmt *st = kazi_db_stmt(db, sql);
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, o->id);
    kazi_db_bind_text(st, 2, o->code);
    kazi_db_bind_text(st, 3, o->name);
    kazi_db_bind_text(st, 4, o->kind);
    sqlite3_bind_int64(st, 5, o->org_unit_id);
    sqlite3_bind_int64(st, 6, kazi_clock_now_ms());
    return conflict(kazi_db_step_done(db, st, "update organisation"), o);
}

json_t *kazi_organisation_json(const kazi_organisation *o)
{
    return json_pack("{s:I,s:s,s:s,s:s,s:I}", "id", (json_int_t)o->id, "code", o->code, "name",
                     o->name, "kind", o->kind, "org_unit_id", (json_int_t)o->org_unit_id);
}

int kazi_organisation_list(json_t **out, kazi_db *db, const char *path, const char *q, int limit,
                           int offset)
{
    static const char sql[] =
        "SELECT " COLS " FROM organisation o JOIN org_unit u ON u.id = o.org_unit_id "
        "WHERE ((u.path >= ?1 AND u.path < ?2) OR substr(?1, 1, length(u.path)) = u.path) "
        "AND (?3 IS NULL OR instr(lower(o.name), lower(?3)) > 0 OR "
        "instr(lower(o.code), lower(?3)) > 0) ORDER BY o.name, o.id LIMIT ?4 OFFSET ?5";
    char end[KAZI_ORGUNIT_PATH_MAX];
    kazi_orgunit_subtree_end(end, path);
    sqlite3_stmt *st = kazi_db_stmt(db, sql);
    if (!st) return KAZI_ERROR;
    kazi_db_bind_text(st, 1, path);
    kazi_db_bind_text(st, 2, end);
    kazi_db_bind_text(st, 3, q);
    sqlite3_bind_int(st, 4, limit);
    sqlite3_bind_int(st, 5, offset);
    json_t *arr = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        kazi_organisation o;
        read_row(&o, st);
        json_array_append_new(arr, kazi_organisation_json(&o));
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        json_decref(arr);
        return kazi_db_fail(db, rc, "list organisations");
    }
    *out = arr;
    return KAZI_OK;
}
