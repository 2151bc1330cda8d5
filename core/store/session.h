/*
 * session — the session, api_token and login_failure tables.
 * Owns: rows keyed by hashes of secrets (never the secrets themselves).
 * Uses: store/db, util/json.
 * Thread-safety: as the connection passed in.
 */
#ifndef KAZI_STORE_SESSION_H
#define KAZI_STORE_SESSION_H

#include <stdint.h>

#include "store/db.h"
#include "util/json.h"

typedef struct kazi_session_row {
    char id_hash[65];
    int64_t user_id;
    char csrf_token[65];
    int64_t created_at, last_seen_at;
    int mfa_pending;
} kazi_session_row;

/* Insert a new session. */
int kazi_session_insert(kazi_db *db, const kazi_session_row *s, const char *client_addr);
/* By id hash; KAZI_ENOTFOUND when absent. */
int kazi_session_get(kazi_session_row *out, kazi_db *db, const char *id_hash);
/* Set last_seen_at. */
int kazi_session_touch(kazi_db *db, const char *id_hash, int64_t now);
/* Clear mfa_pending (the administrator has enrolled a second factor). */
int kazi_session_clear_mfa(kazi_db *db, int64_t user_id);
/* Delete the user's sessions last seen before idle_before or created before
 * created_before (housekeeping at login). */
int kazi_session_purge_user(kazi_db *db, int64_t user_id, int64_t idle_before,
                            int64_t created_before);
/* Delete one session / every session of a user except `keep_hash` (NULL: all). */
int kazi_session_delete(kazi_db *db, const char *id_hash);
int kazi_session_delete_user(kazi_db *db, int64_t user_id, const char *keep_hash);

typedef struct kazi_token_row {
    int64_t id;
    char name[101];
    char prefix[16];
    char role[33];
    int64_t scope_org_unit_id; /* 0: national */
    int64_t expires_at, created_by, created_at, revoked_at, last_used_at;
} kazi_token_row;

/* Insert; sets t->id. */
int kazi_token_insert(kazi_token_row *t, kazi_db *db, const char *token_hash);
/* By hash / by id; KAZI_ENOTFOUND when absent. */
int kazi_token_get_by_hash(kazi_token_row *out, kazi_db *db, const char *token_hash);
int kazi_token_get(kazi_token_row *out, kazi_db *db, int64_t id);
/* Set last_used_at. */
int kazi_token_touch(kazi_db *db, int64_t id, int64_t now);
/* Set revoked_at. */
int kazi_token_revoke(kazi_db *db, int64_t id, int64_t now);
/* Public view (no hash). New reference. */
json_t *kazi_token_json(const kazi_token_row *t);
/* Every token's public view as a new JSON array. */
int kazi_token_list(json_t **out, kazi_db *db);

/* Login failures: record one (forgetting that key's failures before forget_before); count those at
 * or after `since` (and the oldest's time); forget those of a key. `kind` is "user" or "addr". */
int kazi_loginfail_add(kazi_db *db, const char *kind, const char *key, int64_t at,
                       int64_t forget_before);
int kazi_loginfail_count(int *count, int64_t *oldest, kazi_db *db, const char *kind,
                         const char *key, int64_t since);
int kazi_loginfail_clear(kazi_db *db, const char *kind, const char *key);

#endif
