/*
 * account — managing who can sign in: users (create, update, password, disable),
 * second-factor enrolment and recovery codes, API tokens. Every change is audited
 * in the same transaction.
 * Owns: the validation rules for usernames, roles and scopes.
 * Uses: auth/password, auth/secret, auth/roles, auth/session, store/user,
 * store/session, store/orgunit, domain/audit.
 * Thread-safety: reentrant (each call takes the caller's connection).
 */
#ifndef KAZI_AUTH_ACCOUNT_H
#define KAZI_AUTH_ACCOUNT_H

#include <stdint.h>

#include "auth/caller.h"
#include "domain/audit.h"
#include "store/session.h"
#include "store/user.h"

typedef struct kazi_account_spec {
    const char *username;      /* 3..64 of a-z 0-9 . _ - (lowercase) */
    const char *display_name;  /* NULL: the username */
    const char *password;      /* policy: auth/password.h */
    const char *role;          /* auth/roles.h */
    int64_t scope_org_unit_id; /* 0: none */
    const char *scope_code;    /* alternative to the id (CLI); NULL: none */
} kazi_account_spec;

/* Create a user (audited "user.create"). KAZI_EINVALID naming the bad field,
 * KAZI_EEXISTS (field "username") when taken. `out` (may be NULL) receives the row. */
int kazi_account_create(kazi_user *out, kazi_db *db, const kazi_caller *caller,
                        const kazi_account_spec *spec);

typedef struct kazi_account_patch {
    const char *display_name; /* NULL: unchanged */
    const char *role;         /* NULL: unchanged */
    int set_scope;            /* 1: scope_org_unit_id applies (0 = national) */
    int64_t scope_org_unit_id;
    int disabled; /* -1: unchanged */
} kazi_account_patch;

/* Update (audited "user.update"; disabling also ends the user's sessions). A signed-in
 * caller cannot disable their own account or take away their own administrator role
 * (KAZI_EINVALID naming disabled or role). */
int kazi_account_update(kazi_user *out, kazi_db *db, const kazi_caller *caller, int64_t id,
                        const kazi_account_patch *patch);

/* Set a new password (audited "user.password") and end the user's other sessions
 * (keep_session_hash: the one to keep, or NULL). */
int kazi_account_set_password(kazi_db *db, const kazi_caller *caller, int64_t id,
                              const char *password, const char *keep_session_hash);

/* The signed-in caller changing their own password; their other sessions end.
 * KAZI_EDENIED for an API token (it has none), KAZI_EINVALID naming current_password when
 * `current` does not verify or new_password when `password` fails the policy. */
int kazi_account_change_own_password(kazi_db *db, const kazi_caller *caller, const char *current,
                                     const char *password);

/* Find a user id by username (KAZI_ENOTFOUND). */
int kazi_account_lookup(int64_t *out, kazi_db *db, const char *username);

#define KAZI_RECOVERY_CODES 10

/* The signed-in caller's own second factor (KAZI_EDENIED for an API token: it has
 * none). Start enrolment: a new secret stored (not yet enabled) and returned in secret
 * (33 bytes). KAZI_ECONFLICT when TOTP is already enabled. */
int kazi_account_totp_begin(char secret[33], kazi_db *db, const kazi_caller *caller);

/* Confirm enrolment with a current code: enables TOTP, replaces the recovery codes
 * (returned once in codes, stored hashed), lifts a pending-enrolment restriction on the
 * user's sessions. KAZI_EINVALID (field "code") for a wrong code. */
int kazi_account_totp_confirm(char codes[KAZI_RECOVERY_CODES][15], kazi_db *db,
                              const kazi_caller *caller, const char *code);

/* Turn TOTP off after checking a current code (KAZI_EINVALID, field "code", when wrong). */
int kazi_account_totp_disable(kazi_db *db, const kazi_caller *caller, const char *code);

/* Turn TOTP off without a code and forget the recovery codes (audited
 * "user.totp_reset"): the shell's way back in for someone who lost both. */
int kazi_account_totp_reset(kazi_db *db, const kazi_caller *caller, int64_t user_id);

/* Create an API token (audited "token.create"): `token` (68 bytes: "kz_" + 64 hex)
 * is shown once; only its hash is stored. expires_in_days 1..730. */
int kazi_account_token_create(char token[68], kazi_token_row *out, kazi_db *db,
                              const kazi_caller *caller, const char *name, const char *role,
                              int64_t scope_org_unit_id, int expires_in_days);

/* Revoke a token (audited "token.revoke"). KAZI_ENOTFOUND for an unknown id. */
int kazi_account_token_revoke(kazi_db *db, const kazi_caller *caller, int64_t id);

#endif
