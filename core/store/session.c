#include "store/session.h"
#include "store/internal.h"
#include "util/error.h"

#include <stdio.h>

static void copy_col(char *buf, size_t size, sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    snprintf(buf, size, "%s", t ? (const char *)t : "");
}

int kazi_session_insert(kazi_db *db, const kazi_session_row *s, const char *client_addr)
{
    static const char sql[] =
        "INSERT INTO session(id_hash, user_id, csrf_token, created_at, last_seen_at, "
        "mfa_pending, client_addr) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
    sqlite3_stmt *st = kazi_db_stmt(db, sql);
    if (!st) return KAZI_ERROR;
    kazi_db_bind_text(st, 1, s->id_hash);
    sqlite3_bind_int64(st, 2, s->user_id);
    kazi_db_bind_text(st, 3, s->csrf_token);
    sqlite3_bind_int64(st, 4, s->created_at);
    sqlite3_bind_int64(st, 5, s->last_seen_at);
    sqlite3_bind_int(st, 6, s->mfa_pending);
    kazi_db_bind_text(st, 7, client_addr);
    return kazi_db_step_done(db, st, "create session");
}

int kazi_session_get(kazi_session_row *out, kazi_db *db, const char *id_hash)
{
    static const char sql[] = "SELECT id_hash, user_id, csrf_token, created_at, last_seen_at, "
                              "mfa_pending FROM session WHERE id_hash = ?1";
    sqlite3_stmt *st = kazi_db_stmt(db, sql);
    if (!st) return KAZI_ERROR;
    kazi_db_bind_text(st, 1, id_hash);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        copy_col(out->id_hash, sizeof out->id_hash, st, 0);
        out->user_id = sqlite3_column_int64(st, 1);
        copy_col(out->csrf_token, sizeof out->csrf_token, st, 2);
        out->created_at = sqlite3_column_int64(st, 3);
        out->last_seen_at = sqlite3_column_int64(st, 4);
        out->mfa_pending = sqlite3_column_int(st, 5);
        sqlite3_reset(st);
        return KAZI_OK;
    }
    sqlite3_reset(st);
    if (rc == SQLITE_DONE) return kazi_error_set(KAZI_ENOTFOUND, NULL, "no such session");
    return kazi_db_fail(db, rc, "read session");
}

int kazi_session_touch(kazi_db *db, const char *id_hash, int64_t now)
{
    static const char sql[] = "UPDATE session SET last_seen_at = ?2 WHERE id_hash = ?1";
    sqlite3_stmt *st = kazi_db_stmt(db, sql);
    if (!st) return KAZI_ERROR;
    kazi_db_bind_text(st, 1, id_hash);
    sqlite3_bind_int64(st, 2, now);
    return kazi_db_step_done(db, st, "touch session");
}

int kazi_session_clear_mfa(kazi_db *db, int64_t user_id)
{
    static const char sql[] = "UPDATE session SET mfa_pending = 0 WHERE user_id = ?1";
    sqlite3_stmt *st = kazi_db_stmt(db, sql);
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, user_id);
    return kazi_db_step_done(db, st, "update session");
}

int kazi_session_purge_user(kazi_db *db, int64_t user_id, int64_t idle_before,
                            int64_t created_before)
{
    static const char sql[] = "DELETE FROM session WHERE user_id = ?1 AND "
                              "(last_seen_at < ?2 OR created_at < ?3)";
    sqlite3_stmt *st = kazi_db_stmt(db, sql);
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_int64(st, 2, idle_before);
    sqlite3_bind_int64(st, 3, created_before);
    return kazi_db_step_done(db, st, "purge sessions");
}

int kazi_session_delete(kazi_db *db, const char *id_hash)
{
    static const char sql[] = "DELETE FROM session WHERE id_hash = ?1";
    sqlite3_stmt *st = kazi_db_stmt(db, sql);
    if (!st) return KAZI_ERROR;
    kazi_db_bind_text(st, 1, id_hash);
    return kazi_db_step_done(db, st, "delete session");
}

int kazi_session_delete_user(kazi_db *db, int64_t user_id, const char *keep_hash)
{
    static const char sql[] =
        "DELETE FROM session WHERE user_id = ?1 AND id_hash IS NOT coalesce(?2, '')";
    sqlite3_stmt *st = kazi_db_stmt(db, sql);
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, user_id);
    kazi_db_bind_text(st, 2, keep_hash);
    return kazi_db_step_done(db, st, "delete sessions");
}

/* ---- API tokens ---- */

#define TOKEN_COLS                                                                                 \
    "id, name, prefix, role, coalesce(scope_org_unit_id, 0), expires_at, coalesce(created_by, "    \
    "0), "                                                                                         \
    "created_at, coalesce(revoked_at, 0), coalesce(last_used_at, 0)"

static void read_token(kazi_token_row *t, sqlite3_stmt *st)
{
    t->id = sqlite3_column_int64(st, 0);
    copy_col(t->name, sizeof t->name, st, 1);
    copy_col(t->prefix, sizeof t->prefix, st, 2);
    copy_col(t->role, sizeof t->role, st, 3);
    t->scope_org_unit_id = sqlite3_column_int64(st, 4);
    t->expires_at = sqlite3_column_int64(st, 5);
    t->created_by = sqlite3_column_int64(st, 6);
    t->created_at = sqlite3_column_int64(st, 7);
    t->revoked_at = sqlite3_column_int64(st, 8);
    t->last_used_at = sqlite3_column_int64(st, 9);
}

int kazi_token_insert(kazi_token_row *t, kazi_db *db, const char *token_hash)
{
    static const char sql[] =
        "INSERT INTO api_token(name, token_hash, prefix, role, scope_org_unit_id, expires_at, "
        "created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
    sqlite3_stmt *st = kazi_db_stmt(db, sql);
    if (!st) return KAZI_ERROR;
    kazi_db_bind_text(st, 1, t->name);
    kazi_db_bind_text(st, 2, token_hash);
    kazi_db_bind_text(st, 3, t->prefix);
    kazi_db_bind_text(st, 4, t->role);
    if (t->scope_org_unit_id)
        sqlite3_bind_int64(st, 5, t->scope_org_unit_id);
    else
        sqlite3_bind_null(st, 5);
    sqlite3_bind_int64(st, 6, t->expires_at);
    if (t->created_by)
        sqlite3_bind_int64(st, 7, t->created_by);
    else
        sqlite3_bind_null(st, 7);
    sqlite3_bind_int64(st, 8, t->created_at);
    int rc = kazi_db_step_done(db, st, "create token");
    if (rc < 0) return rc;
    t->id = sqlite3_last_insert_rowid(db->h);
    return KAZI_OK;
}

static int token_one(kazi_token_row *out, kazi_db *db, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        read_token(out, st);
        sqlite3_reset(st);
        return KAZI_OK;
    }
    sqlite3_reset(st);
    if (rc == SQLITE_DONE) return kazi_error_set(KAZI_ENOTFOUND, NULL, "no such token");
    return kazi_db_fail(db, rc, "read token");
}

int kazi_token_get_by_hash(kazi_token_row *out, kazi_db *db, const char *token_hash)
{
    static const char sql[] = "SELECT " TOKEN_COLS " FROM api_token WHERE token_hash = ?1";
    sqlite3_stmt *st = kazi_db_stmt(db, sql);
    if (!st) return KAZI_ERROR;
    kazi_db_bind_text(st, 1, token_hash);
    return token_one(out, db, st);
}

int kazi_token_get(kazi_token_row *out, kazi_db *db, int64_t id)
{
    static const char sql[] = "SELECT " TOKEN_COLS " FROM api_token WHERE id = ?1";
    sqlite3_stmt *st = kazi_db_stmt(db, sql);
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, id);
    return token_one(out, db, st);
}

int kazi_token_touch(kazi_db *db, int64_t id, int64_t now)
{
    static const char sql[] = "UPDATE api_token SET last_used_at = ?2 WHERE id = ?1";
    sqlite3_stmt *st = kazi_db_stmt(db, sql);
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, now);
    return kazi_db_step_done(db, st, "touch token");
}

int kazi_token_revoke(kazi_db *db, int64_t id, int64_t now)
{
    static const char sql[] =
        "UPDATE api_token SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL";
    sqlite3_stmt *st = kazi_db_stmt(db, sql);
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, now);
    return kazi_db_step_done(db, st, "revoke token");
}

json_t *kazi_token_json(const kazi_token_row *t)
{
    json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:I,s:I}", "id", (json_int_t)t->id, "name", t->name,
                          "prefix", t->prefix, "role", t->role, "expires_at",
                          (json_int_t)t->expires_at, "created_at", (json_int_t)t->created_at);
    if (!o) return NULL;
    json_object_set_new(o, "scope_org_unit_id",
                        t->scope_org_unit_id ? json_integer(t->scope_org_unit_id) : json_null());
    json_object_set_new(o, "revoked_at", t->revoked_at ? json_integer(t->revoked_at) : json_null());
    json_object_set_new(o, "last_used_at",
                        t->last_used_at ? json_integer(t->last_used_at) : json_null());
    return o;
}

int kazi_token_list(json_t **out, kazi_db *db)
{
    static const char sql[] = "SELECT " TOKEN_COLS " FROM api_token ORDER BY id";
    sqlite3_stmt *st = kazi_db_stmt(db, sql);
    if (!st) return KAZI_ERROR;
    json_t *arr = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        kazi_token_row t;
        read_token(&t, st);
        json_array_append_new(arr, kazi_token_json(&t));
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        json_decref(arr);
        return kazi_db_fail(db, rc, "list tokens");
    }
    *out = arr;
    return KAZI_OK;
}

/* ---- login failures ---- */

int kazi_loginfail_add(kazi_db *db, const char *kind, const char *key, int64_t at,
                       int64_t forget_before)
{
    static const char ins[] = "INSERT INTO login_failure(kind, key, at) VALUES (?1, ?2, ?3)";
    static const char del[] = "DELETE FROM login_failure WHERE kind = ?1 AND key = ?2 AND at < ?3";
    sqlite3_stmt *st = kazi_db_stmt(db, del);
    if (!st) return KAZI_ERROR;
    kazi_db_bind_text(st, 1, kind);
    kazi_db_bind_text(st, 2, key);
    sqlite3_bind_int64(st, 3, forget_before);
    int rc = kazi_db_step_done(db, st, "forget login failures");
    if (rc < 0) return rc;
    if (!(st = kazi_db_stmt(db, ins))) return KAZI_ERROR;
    kazi_db_bind_text(st, 1, kind);
    kazi_db_bind_text(st, 2, key);
    sqlite3_bind_int64(st, 3, at);
    return kazi_db_step_done(db, st, "record login failure");
}

int kazi_loginfail_count(int *count, int64_t *oldest, kazi_db *db, const char *kind,
                         const char *key, int64_t since)
{
    static const char sql[] = "SELECT count(*), coalesce(min(at), 0) FROM login_failure "
                              "WHERE kind = ?1 AND key = ?2 AND at >= ?3";
    sqlite3_stmt *st = kazi_db_stmt(db, sql);
    if (!st) return KAZI_ERROR;
    kazi_db_bind_text(st, 1, kind);
    kazi_db_bind_text(st, 2, key);
    sqlite3_bind_int64(st, 3, since);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return kazi_db_fail(db, rc, "count login failures");
    }
    *count = sqlite3_column_int(st, 0);
    *oldest = sqlite3_column_int64(st, 1);
    sqlite3_reset(st);
    return KAZI_OK;
}

int kazi_loginfail_clear(kazi_db *db, const char *kind, const char *key)
{
    static const char sql[] = "DELETE FROM login_failure WHERE kind = ?1 AND key = ?2";
    sqlite3_stmt *st = kazi_db_stmt(db, sql);
    if (!st) return KAZI_ERROR;
    kazi_db_bind_text(st, 1, kind);
    kazi_db_bind_text(st, 2, key);
    return kazi_db_step_done(db, st, "clear login failures");
}
