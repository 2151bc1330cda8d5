#include "store/user.h"
#include "store/internal.h"
#include "util/clock.h"
#include "util/error.h"

#include <stdio.h>
#include <string.h>

#define COLS                                                                                       \
    "id, username, display_name, password_hash, role, coalesce(scope_org_unit_id, 0), disabled, "  \
    "coalesce(totp_secret, ''), totp_enabled, totp_last_step"

static void copy_col(char *buf, size_t size, sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    snprintf(buf, size, "%s", t ? (const char *)t : "");
}

static void read_row(kazi_user *u, sqlite3_stmt *st)
{
    u->id = sqlite3_column_int64(st, 0);
    copy_col(u->username, sizeof u->username, st, 1);
    copy_col(u->display_name, sizeof u->display_name, st, 2);
    copy_col(u->password_hash, sizeof u->password_hash, st, 3);
    copy_col(u->role, sizeof u->role, st, 4);
    u->scope_org_unit_id = sqlite3_column_int64(st, 5);
    u->disabled = sqlite3_column_int(st, 6);
    copy_col(u->totp_secret, sizeof u->totp_secret, st, 7);
    u->totp_enabled = sqlite3_column_int(st, 8);
    u->totp_last_step = sqlite3_column_int64(st, 9);
}

int kazi_user_get_by_session(kazi_user *u, kazi_session_row *s, char *scope_path, size_t path_size,
                             kazi_db *db, const char *id_hash)
{
    /* The session, its user and the user's scope unit in one statement: a request pays
     * one look-up to learn who it is. */
    static const char sql[] =
        "SELECT " COLS ", s.csrf_token, s.created_at, s.last_seen_at, s.mfa_pending, "
        "(SELECT path FROM org_unit WHERE org_unit.id = app_user.scope_org_unit_id) "
        "FROM session AS s JOIN app_user ON app_user.id = s.user_id WHERE s.id_hash = ?1";
    sqlite3_stmt *st = kazi_db_stmt(db, sql);
    if (!st) return KAZI_ERROR;
    kazi_db_bind_text(st, 1, id_hash);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        read_row(u, st);
        snprintf(s->id_hash, sizeof s->id_hash, "%s", id_hash);
        s->user_id = u->id;
        copy_col(s->csrf_token, sizeof s->csrf_token, st, 10);
        s->created_at = sqlite3_column_int64(st, 11);
        s->last_seen_at = sqlite3_column_int64(st, 12);
        s->mfa_pending = sqlite3_column_int(st, 13);
        const unsigned char *path = sqlite3_column_text(st, 14);
        if (path)
            snprintf(scope_path, path_size, "%s", (const char *)path);
        else
            scope_path[0] = '\0';
        sqlite3_reset(st);
        return KAZI_OK;
    }
    sqlite3_reset(st);
    if (rc == SQLITE_DONE) return kazi_error_set(KAZI_ENOTFOUND, NULL, "no such session");
    return kazi_db_fail(db, rc, "read session");
}

static int get_one(kazi_user *out, kazi_db *db, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        read_row(out, st);
        sqlite3_reset(st);
        return KAZI_OK;
    }
    sqlite3_reset(st);
    if (rc == SQLITE_DONE) return kazi_error_set(KAZI_ENOTFOUND, NULL, "no such user");
    return kazi_db_fail(db, rc, "read user");
}

int kazi_user_get(kazi_user *out, kazi_db *db, int64_t id)
{
    static const char sql[] = "SELECT " COLS " FROM app_user WHERE id = ?1";
    sqlite3_stmt *st = kazi_db_stmt(db, sql);
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, id);
    return get_one(out, db, st);
}

int kazi_user_get_by_name(kazi_user *out, kazi_db *db, const char *username)
{
    static const char sql[] = "SELECT " COLS " FROM app_user WHERE username = ?1";
    sqlite3_stmt *st = kazi_db_stmt(db, sql);
    if (!st) return KAZI_ERROR;
    kazi_db_bind_text(st, 1, username);
    return get_one(out, db, st);
}

static void bind_mutable(sqlite3_stmt *st, const kazi_user *u)
{
    kazi_db_bind_text(st, 2, u->display_name);
    kazi_db_bind_text(st, 3, u->password_hash);
    kazi_db_bind_text(st, 4, u->role);
    if (u->scope_org_unit_id)
        sqlite3_bind_int64(st, 5, u->scope_org_unit_id);
    else
        sqlite3_bind_null(st, 5);
    sqlite3_bind_int(st, 6, u->disabled);
    kazi_db_bind_text(st, 7, u->totp_secret[0] ? u->totp_secret : NULL);
    sqlite3_bind_int(st, 8, u->totp_enabled);
    sqlite3_bind_int64(st, 9, u->totp_last_step);
    sqlite3_bind_int64(st, 10, kazi_clock_now_ms());
}

int kazi_user_insert(kazi_user *u, kazi_db *db)
{
    static const char sql[] =
        "INSERT INTO app_user(username, display_name, password_hash, role, scope_org_unit_id, "
        "disabled, totp_secret, totp_enabled, totp_last_step, created_at, updated_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)";
    sqlite3_stmt *st = kazi_db_stmt(db, sql);
    if (!st) return KAZI_ERROR;
    kazi_db_bind_text(st, 1, u->username);
    bind_mutable(st, u);
    int rc = kazi_db_step_done(db, st, "insert user");
    if (rc == KAZI_EEXISTS)
        return kazi_error_set(KAZI_EEXISTS, "username", "the username %s is taken", u->username);
    if (rc < 0) return rc;
    u->id = sqlite3_last_insert_rowid(db->h);
    return KAZI_OK;
}

int kazi_user_update(kazi_db *db, const kazi_user *u)
{
    static const char sql[] =
        "UPDATE app_user SET display_name = ?2, password_hash = ?3, role = ?4, "
        "scope_org_unit_id = ?5, disabled = ?6, totp_secret = ?7, totp_enabled = ?8, "
        "totp_last_step = ?9, updated_at = ?10 WHERE id = ?1";
    sqlite3_stmt *st = kazi_db_stmt(db, sql);
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, u->id);
    bind_mutable(st, u);
    return kazi_db_step_done(db, st, "update user");
}

json_t *kazi_user_json(const kazi_user *u)
{
    json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:b,s:b}", "id", (json_int_t)u->id, "username",
                          u->username, "display_name", u->display_name, "role", u->role, "disabled",
                          u->disabled, "totp_enabled", u->totp_enabled);
    if (o)
        json_object_set_new(o, "scope_org_unit_id",
                            u->scope_org_unit_id ? json_integer(u->scope_org_unit_id)
                                                 : json_null());
    return o;
}

int kazi_user_list(json_t **out, kazi_db *db)
{
    static const char sql[] = "SELECT " COLS " FROM app_user ORDER BY username";
    sqlite3_stmt *st = kazi_db_stmt(db, sql);
    if (!st) return KAZI_ERROR;
    json_t *arr = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        kazi_user u;
        read_row(&u, st);
        json_array_append_new(arr, kazi_user_json(&u));
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        json_decref(arr);
        return kazi_db_fail(db, rc, "list users");
    }
    *out = arr;
    return KAZI_OK;
}

int kazi_recovery_replace(kazi_db *db, int64_t user_id, char hashes[][65], int n)
{
    static const char del[] = "DELETE FROM recovery_code WHERE user_id = ?1";
    static const char ins[] = "INSERT INTO recovery_code(user_id, code_hash) VALUES (?1, ?2)";
    sqlite3_stmt *st = kazi_db_stmt(db, del);
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, user_id);
    int rc = kazi_db_step_done(db, st, "replace recovery codes");
    for (int i = 0; rc == KAZI_OK && i < n; i++) {
        if (!(st = kazi_db_stmt(db, ins))) return KAZI_ERROR;
        sqlite3_bind_int64(st, 1, user_id);
        kazi_db_bind_text(st, 2, hashes[i]);
        rc = kazi_db_step_done(db, st, "replace recovery codes");
    }
    return rc;
}

int kazi_recovery_use(kazi_db *db, int64_t user_id, const char *hash, int64_t now)
{
    static const char sql[] = "UPDATE recovery_code SET used_at = ?3 WHERE user_id = ?1 AND "
                              "code_hash = ?2 AND used_at IS NULL";
    sqlite3_stmt *st = kazi_db_stmt(db, sql);
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, user_id);
    kazi_db_bind_text(st, 2, hash);
    sqlite3_bind_int64(st, 3, now);
    int rc = kazi_db_step_done(db, st, "use recovery code");
    if (rc < 0) return rc;
    if (sqlite3_changes(db->h) != 1)
        return kazi_error_set(KAZI_ENOTFOUND, "recovery_code", "unknown or used recovery code");
    return KAZI_OK;
}
