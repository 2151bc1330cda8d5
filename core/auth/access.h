/*
 * access — the authenticated principal and the scope checks every handler uses.
 * Owns: kazi_principal (what req->auth points at) and the kazi_auth_* helpers.
 * Uses: auth/roles, store/orgunit, domain/audit.
 * Thread-safety: a principal belongs to one request; the helpers are reentrant.
 *
 * How a handler uses it (registry, training, supervision, ...):
 *
 *   const kazi_principal *p = req->auth;           // set before the handler runs
 *   // the route's permission was already checked; check the object's scope:
 *   if ((rc = kazi_auth_check_orgunit(p, db, person.org_unit_id)) < 0) return rc; // 404
 *   // for lists and searches, restrict the query to the caller's subtree:
 *   const char *lo, *hi; kazi_auth_scope_range(p, &lo, &hi);
 *   //   ... WHERE org_unit.path >= lo AND org_unit.path < hi
 *
 * Objects outside the caller's scope are reported as not found (404), never 403, so
 * that ids cannot be probed to learn what exists elsewhere (docs/security.md).
 */
#ifndef KAZI_AUTH_ACCESS_H
#define KAZI_AUTH_ACCESS_H

#include <stdint.h>

#include "domain/audit.h"
#include "store/db.h"
#include "store/orgunit.h"
#include "util/json.h"

typedef enum { KAZI_PRINCIPAL_USER = 1, KAZI_PRINCIPAL_TOKEN = 2 } kazi_principal_kind;

typedef struct kazi_principal {
    kazi_principal_kind kind;
    int64_t user_id;  /* the user (KAZI_PRINCIPAL_USER) or the token's creator (0 if none) */
    int64_t token_id; /* KAZI_PRINCIPAL_TOKEN only */
    char name[80];    /* username, or "token:<id>" */
    char role[33];
    int64_t scope_org_unit_id;              /* 0: national */
    char scope_path[KAZI_ORGUNIT_PATH_MAX]; /* "/" when national */
    char scope_end[KAZI_ORGUNIT_PATH_MAX];  /* "0" when national */
    int mfa_pending;                        /* admin who must enrol TOTP first */
    char session_hash[65];                  /* sessions only */
    char csrf_token[65];                    /* sessions only */
} kazi_principal;

/* 1 if the principal's role grants `permission` (and no TOTP enrolment is pending,
 * except for KAZI_PERM_SELF). */
int kazi_auth_can(const kazi_principal *p, const char *permission);

/* 1 if the principal sees the whole country. */
int kazi_auth_is_national(const kazi_principal *p);

/* 1 if the org unit with materialised path `path` lies inside the principal's
 * subtree (the scope unit itself included). */
int kazi_auth_path_in_scope(const kazi_principal *p, const char *path);

/* 1 if `path` is an ancestor of the principal's scope unit (above it, not in it). */
int kazi_auth_path_above_scope(const kazi_principal *p, const char *path);

/*
 * KAZI_OK if org unit `org_unit_id` exists and is inside the principal's scope;
 * KAZI_ENOTFOUND (404, "no such org unit") when it does not exist *or* is outside,
 * so callers return the code unchanged. `unit` (may be NULL) receives the row.
 */
int kazi_auth_check_orgunit(const kazi_principal *p, kazi_db *db, int64_t org_unit_id,
                            kazi_orgunit *unit);

/* The principal's subtree as a half-open range of org_unit.path values: every unit in
 * scope has lo <= path < hi. Lent from p. */
void kazi_auth_scope_range(const kazi_principal *p, const char **lo, const char **hi);

/* An audit context for changes made by p (strings lent from p and the arguments). */
void kazi_auth_audit_ctx(kazi_audit_ctx *out, const kazi_principal *p, const char *request_id,
                         const char *client_addr);

/* Fill p's scope fields from its scope_org_unit_id (0: national). */
int kazi_auth_load_scope(kazi_principal *p, kazi_db *db);

/* {kind, name, role, permissions, scope:{...}|null, mfa_pending}. New reference. */
json_t *kazi_auth_principal_json(const kazi_principal *p, kazi_db *db);

#endif
