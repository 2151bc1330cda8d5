/*
 * user — the app_user and recovery_code tables: who can sign in, with which role
 * and scope, and their second-factor state.
 * Owns: app_user rows (password hashes and TOTP secrets never leave through JSON).
 * Uses: store/db, util/json.
 * Thread-safety: as the connection passed in.
 */
#ifndef KAZI_STORE_USER_H
#define KAZI_STORE_USER_H

#include <stdint.h>

#include "store/db.h"
#include "store/session.h"
#include "util/json.h"

typedef struct kazi_user {
    int64_t id;
    char username[65];
    char display_name[201];
    char password_hash[256];
    char role[33];
    int64_t scope_org_unit_id; /* 0: national */
    int disabled;
    char totp_secret[65]; /* base32, "" when none */
    int totp_enabled;
    int64_t totp_last_step;
} kazi_user;

/* By id / by username (exact). KAZI_ENOTFOUND when absent. */
int kazi_user_get(kazi_user *out, kazi_db *db, int64_t id);
int kazi_user_get_by_name(kazi_user *out, kazi_db *db, const char *username);

/* A session (by id hash) with its user and the path of the user's scope unit ("" when
 * national or when the unit no longer exists), in one statement. KAZI_ENOTFOUND when
 * the session or its user is absent. */
int kazi_user_get_by_session(kazi_user *u, kazi_session_row *s, char *scope_path, size_t path_size,
                             kazi_db *db, const char *id_hash);

/* Insert; sets u->id. KAZI_EEXISTS (field "username") when the name is taken. */
int kazi_user_insert(kazi_user *u, kazi_db *db);

/* Write every mutable column of u (by u->id). */
int kazi_user_update(kazi_db *db, const kazi_user *u);

/* The public view {id, username, display_name, role, scope_org_unit_id, disabled,
 * totp_enabled}. New reference. */
json_t *kazi_user_json(const kazi_user *u);

/* Every user's public view, by username, as a new JSON array. */
int kazi_user_list(json_t **out, kazi_db *db);

/* Replace the user's recovery codes with `n` hashes. */
int kazi_recovery_replace(kazi_db *db, int64_t user_id, char hashes[][65], int n);

/* Mark an unused recovery code (by hash) used; KAZI_ENOTFOUND if none matches. */
int kazi_recovery_use(kazi_db *db, int64_t user_id, const char *hash, int64_t now);

#endif
