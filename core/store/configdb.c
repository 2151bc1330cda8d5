#include "store/configdb.h"
#include "store/internal.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int kazi_configdb_validation_add(kazi_db *db, const char *commit, int ok, const json_t *errors,
                                 const json_t *languages, const char *checks, const char *at,
                                 const char *by)
{
    static const char sql[] =
        "INSERT INTO config_validations(commit_id, ok, errors, checks, validated_at, "
        "validated_by, languages) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
    char *text = kazi_json_dump(errors);
    char *langs = languages ? kazi_json_dump(languages) : NULL;
    if (!text || (languages && !langs)) {
        free(text);
        free(langs);
        return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    }
    sqlite3_stmt *st = kazi_db_stmt(db, sql);
    if (!st) {
        free(text);
        free(langs);
        return KAZI_ERROR;
    }
    kazi_db_bind_text(st, 1, commit);
    sqlite3_bind_int(st, 2, ok ? 1 : 0);
    kazi_db_bind_text(st, 3, text);
    kazi_db_bind_text(st, 4, checks);
    kazi_db_bind_text(st, 5, at);
    kazi_db_bind_text(st, 6, by);
    kazi_db_bind_text(st, 7, langs);
    free(text);
    int rc = kazi_db_step_done(db, st, "record validation");
    free(langs);
    return rc;
}

static json_t *col_text(sqlite3_stmt *st, int i)
{
    const char *s = (const char *)sqlite3_column_text(st, i);
    return s ? json_string(s) : json_null();
}

int kazi_configdb_validation_latest(json_t **out, kazi_db *db, const char *commit)
{
    static const char sql[] =
        "SELECT commit_id, ok, errors, checks, validated_at, validated_by, languages "
        "FROM config_validations WHERE commit_id = ?1 ORDER BY id DESC LIMIT 1";
    sqlite3_stmt *st = kazi_db_stmt(db, sql);
    if (!st) return KAZI_ERROR;
    kazi_db_bind_text(st, 1, commit);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        if (rc == SQLITE_DONE)
            return kazi_error_set(KAZI_ENOTFOUND, "commit", "%s has not been validated", commit);
        return kazi_db_fail(db, rc, "read validation");
    }
    const char *errs = (const char *)sqlite3_column_text(st, 2);
    json_t *all = errs ? json_loads(errs, 0, NULL) : NULL;
    json_t *errors = json_array(), *warnings = json_array(), *e;
    size_t i;
    json_array_foreach(all, i, e)
    {
        const char *sev = json_string_value(json_object_get(e, "severity"));
        json_array_append(sev && !strcmp(sev, "warning") ? warnings : errors, e);
    }
    json_decref(all);
    const char *ltext = (const char *)sqlite3_column_text(st, 6);
    json_t *langs = ltext ? json_loads(ltext, 0, NULL) : NULL;
    if (!json_is_array(langs)) {
        json_decref(langs);
        langs = json_array(); /* recorded before languages were kept */
    }
    *out = json_pack("{s:o,s:b,s:o,s:o,s:o,s:o,s:o,s:o}", "commit", col_text(st, 0), "ok",
                     sqlite3_column_int(st, 1), "errors", errors, "warnings", warnings, "checks",
                     col_text(st, 3), "validated_at", col_text(st, 4), "validated_by",
                     col_text(st, 5), "languages", langs);
    sqlite3_reset(st);
    return *out ? KAZI_OK : kazi_error_set(KAZI_ERROR, NULL, "out of memory");
}

int kazi_configdb_rollout_add(int64_t *id, kazi_db *db, const char *from, const char *to,
                              const char *by, const char *reason, const char *at,
                              const char *request_id, const char *state)
{
    static const char sql[] =
        "INSERT INTO config_rollouts(from_commit, to_commit, activated_by, reason, "
        "activated_at, request_id, state) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
    sqlite3_stmt *st = kazi_db_stmt(db, sql);
    if (!st) return KAZI_ERROR;
    kazi_db_bind_text(st, 1, from);
    kazi_db_bind_text(st, 2, to);
    kazi_db_bind_text(st, 3, by);
    kazi_db_bind_text(st, 4, reason);
    kazi_db_bind_text(st, 5, at);
    kazi_db_bind_text(st, 6, request_id);
    kazi_db_bind_text(st, 7, state);
    int rc = kazi_db_step_done(db, st, "record activation");
    if (rc == KAZI_OK && id) *id = sqlite3_last_insert_rowid(db->h);
    return rc;
}

int kazi_configdb_rollout_settle(kazi_db *db, int64_t id, const char *state)
{
    static const char sql[] =
        "UPDATE config_rollouts SET state = ?2 WHERE id = ?1 AND state = 'pending'";
    sqlite3_stmt *st = kazi_db_stmt(db, sql);
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, id);
    kazi_db_bind_text(st, 2, state);
    int rc = kazi_db_step_done(db, st, "settle activation");
    if (rc == KAZI_OK && sqlite3_changes(db->h) != 1)
        rc = kazi_error_set(KAZI_ENOTFOUND, NULL, "no pending activation %lld", (long long)id);
    return rc;
}

int kazi_configdb_rollout_last(char out[41], kazi_db *db)
{
    static const char sql[] =
        "SELECT to_commit FROM config_rollouts WHERE state = 'done' ORDER BY id DESC LIMIT 1";
    sqlite3_stmt *st = kazi_db_stmt(db, sql);
    if (!st) return KAZI_ERROR;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        snprintf(out, 41, "%s", (const char *)sqlite3_column_text(st, 0));
        sqlite3_reset(st);
        return KAZI_OK;
    }
    sqlite3_reset(st);
    if (rc == SQLITE_DONE) return KAZI_ENOTFOUND;
    return kazi_db_fail(db, rc, "read the last activation");
}

static int rollout_rows(json_t **out, kazi_db *db, sqlite3_stmt *st);

int kazi_configdb_rollouts(json_t **out, kazi_db *db, int limit)
{
    static const char sql[] =
        "SELECT id, from_commit, to_commit, activated_by, reason, activated_at, request_id "
        "FROM config_rollouts WHERE state = 'done' ORDER BY id DESC LIMIT ?1";
    sqlite3_stmt *st = kazi_db_stmt(db, sql);
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int(st, 1, limit > 0 ? limit : -1);
    return rollout_rows(out, db, st);
}

int kazi_configdb_rollouts_pending(json_t **out, kazi_db *db)
{
    static const char sql[] =
        "SELECT id, from_commit, to_commit, activated_by, reason, activated_at, request_id "
        "FROM config_rollouts WHERE state = 'pending' ORDER BY id";
    sqlite3_stmt *st = kazi_db_stmt(db, sql);
    if (!st) return KAZI_ERROR;
    return rollout_rows(out, db, st);
}

static int rollout_rows(json_t **out, kazi_db *db, sqlite3_stmt *st)
{
    json_t *list = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        json_array_append_new(list,
                              json_pack("{s:I,s:o,s:o,s:o,s:o,s:o,s:o}", "id",
                                        (json_int_t)sqlite3_column_int64(st, 0), "from",
                                        col_text(st, 1), "to", col_text(st, 2), "activated_by",
                                        col_text(st, 3), "reason", col_text(st, 4), "activated_at",
                                        col_text(st, 5), "request_id", col_text(st, 6)));
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        json_decref(list);
        return kazi_db_fail(db, rc, "list activations");
    }
    *out = list;
    return KAZI_OK;
}

int kazi_configdb_ever_live(json_t **out, kazi_db *db)
{
    static const char sql[] = "SELECT DISTINCT to_commit FROM config_rollouts WHERE state = 'done'";
    sqlite3_stmt *st = kazi_db_stmt(db, sql);
    if (!st) return KAZI_ERROR;
    json_t *set = json_object();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        json_object_set_new(set, (const char *)sqlite3_column_text(st, 0), json_true());
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        json_decref(set);
        return kazi_db_fail(db, rc, "list activations");
    }
    *out = set;
    return KAZI_OK;
}
