#include "store/audit.h"
#include "store/internal.h"
#include "util/error.h"

#include <stdio.h>
#include <string.h>

#define COLS                                                                                       \
    "id, at, coalesce(actor_user_id, 0), actor, action, entity_type, entity_id, before_json, "     \
    "after_json, request_id, client_addr, config_version, prev_hash, hash"

static const char *text(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

static void read_row(kazi_audit_row *r, sqlite3_stmt *st)
{
    r->id = sqlite3_column_int64(st, 0);
    r->at = sqlite3_column_int64(st, 1);
    r->actor_user_id = sqlite3_column_int64(st, 2);
    r->actor = text(st, 3);
    r->action = text(st, 4);
    r->entity_type = text(st, 5);
    r->entity_id = text(st, 6);
    r->before_json = text(st, 7);
    r->after_json = text(st, 8);
    r->request_id = text(st, 9);
    r->client_addr = text(st, 10);
    r->config_version = text(st, 11);
    snprintf(r->prev_hash, sizeof r->prev_hash, "%s", text(st, 12) ? text(st, 12) : "");
    snprintf(r->hash, sizeof r->hash, "%s", text(st, 13) ? text(st, 13) : "");
}

int kazi_audit_head(int64_t *id, char hash[65], kazi_db *db)
{
    static const char sql[] = "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1";
    sqlite3_stmt *st = kazi_db_stmt(db, sql);
    if (!st) return KAZI_ERROR;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(st, 0);
        snprintf(hash, 65, "%s", text(st, 1) ? text(st, 1) : "");
        sqlite3_reset(st);
        return KAZI_OK;
    }
    sqlite3_reset(st);
    if (rc == SQLITE_DONE) return KAZI_ENOTFOUND;
    return kazi_db_fail(db, rc, "read audit head");
}

int kazi_audit_insert(kazi_db *db, const kazi_audit_row *r)
{
    static const char sql[] =
        "INSERT INTO audit(id, at, actor_user_id, actor, action, entity_type, entity_id, "
        "before_json, after_json, request_id, client_addr, config_version, prev_hash, hash) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";
    sqlite3_stmt *st = kazi_db_stmt(db, sql);
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, r->id);
    sqlite3_bind_int64(st, 2, r->at);
    if (r->actor_user_id)
        sqlite3_bind_int64(st, 3, r->actor_user_id);
    else
        sqlite3_bind_null(st, 3);
    kazi_db_bind_text(st, 4, r->actor);
    kazi_db_bind_text(st, 5, r->action);
    kazi_db_bind_text(st, 6, r->entity_type);
    kazi_db_bind_text(st, 7, r->entity_id);
    kazi_db_bind_text(st, 8, r->before_json);
    kazi_db_bind_text(st, 9, r->after_json);
    kazi_db_bind_text(st, 10, r->request_id);
    kazi_db_bind_text(st, 11, r->client_addr);
    kazi_db_bind_text(st, 12, r->config_version);
    kazi_db_bind_text(st, 13, r->prev_hash);
    kazi_db_bind_text(st, 14, r->hash);
    return kazi_db_step_done(db, st, "append audit row");
}

int kazi_audit_each(kazi_db *db, int (*fn)(void *ctx, const kazi_audit_row *row), void *ctx)
{
    /* Not cached: the callback may itself use cached statements on this connection. */
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db->h, "SELECT " COLS " FROM audit ORDER BY id", -1, &st, NULL);
    if (rc != SQLITE_OK) return kazi_db_fail(db, rc, "read audit");
    int out = KAZI_OK;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        kazi_audit_row r;
        read_row(&r, st);
        if ((out = fn(ctx, &r)) < 0) break;
    }
    if (out == KAZI_OK && rc != SQLITE_DONE) out = kazi_db_fail(db, rc, "read audit");
    sqlite3_finalize(st);
    return out;
}

static json_t *maybe_json(const char *s)
{
    if (!s) return json_null();
    json_t *v = json_loads(s, JSON_DECODE_ANY, NULL);
    return v ? v : json_string(s);
}

static json_t *maybe_str(const char *s)
{
    return s ? json_string(s) : json_null();
}

int kazi_audit_query(json_t **out, kazi_db *db, const kazi_audit_filter *f)
{
    static const char sql[] =
        "SELECT " COLS " FROM audit WHERE (?1 IS NULL OR entity_type = ?1) AND "
        "(?2 IS NULL OR entity_id = ?2) AND (?3 IS NULL OR action = ?3) AND "
        "(?4 = 0 OR actor_user_id = ?4) AND (?5 = 0 OR at >= ?5) AND (?6 = 0 OR at < ?6) AND "
        "(?7 = 0 OR id < ?7) AND (?8 IS NULL OR actor = ?8) ORDER BY id DESC LIMIT ?9";
    sqlite3_stmt *st = kazi_db_stmt(db, sql);
    if (!st) return KAZI_ERROR;
    kazi_db_bind_text(st, 1, f->entity_type);
    kazi_db_bind_text(st, 2, f->entity_id);
    kazi_db_bind_text(st, 3, f->action);
    sqlite3_bind_int64(st, 4, f->actor_user_id);
    sqlite3_bind_int64(st, 5, f->since);
    sqlite3_bind_int64(st, 6, f->until);
    sqlite3_bind_int64(st, 7, f->before_id);
    kazi_db_bind_text(st, 8, f->actor);
    sqlite3_bind_int(st, 9, f->limit > 0 ? f->limit : 100);
    json_t *arr = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        kazi_audit_row r;
        read_row(&r, st);
        json_t *o = json_pack(
            "{s:I,s:I,s:s,s:s,s:s,s:s,s:s}", "id", (json_int_t)r.id, "at", (json_int_t)r.at,
            "actor", r.actor ? r.actor : "", "action", r.action ? r.action : "", "entity_type",
            r.entity_type ? r.entity_type : "", "prev_hash", r.prev_hash, "hash", r.hash);
        if (!o) continue;
        json_object_set_new(o, "actor_user_id",
                            r.actor_user_id ? json_integer(r.actor_user_id) : json_null());
        json_object_set_new(o, "entity_id", maybe_str(r.entity_id));
        json_object_set_new(o, "before", maybe_json(r.before_json));
        json_object_set_new(o, "after", maybe_json(r.after_json));
        json_object_set_new(o, "request_id", maybe_str(r.request_id));
        json_object_set_new(o, "client_addr", maybe_str(r.client_addr));
        json_object_set_new(o, "config_version", maybe_str(r.config_version));
        json_array_append_new(arr, o);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        json_decref(arr);
        return kazi_db_fail(db, rc, "query audit");
    }
    *out = arr;
    return KAZI_OK;
}
