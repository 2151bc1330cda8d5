/*
 * access — what a caller's role grants: the permission check the dispatcher runs
 * before a handler, and the caller as JSON for /auth/me. The caller itself and its
 * scope primitives live in auth/caller.h.
 * Owns: kazi_auth_can and kazi_auth_caller_json.
 * Uses: auth/caller, auth/roles, store/orgunit.
 * Thread-safety: reentrant.
 */
#ifndef KAZI_AUTH_ACCESS_H
#define KAZI_AUTH_ACCESS_H

#include "auth/caller.h"
#include "store/db.h"
#include "util/json.h"

/* 1 if the caller's role grants `permission` (and no TOTP enrolment is pending,
 * except for KAZI_PERM_SELF). The CLI caller holds every permission. */
int kazi_auth_can(const kazi_caller *c, const char *permission);

/* {kind, name, role, permissions, scope:{...}|null, mfa_pending}. New reference. */
json_t *kazi_auth_caller_json(const kazi_caller *c, kazi_db *db);

#endif
