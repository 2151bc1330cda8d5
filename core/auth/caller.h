/*
 * caller — who is acting and what they may see: the one identity type every layer
 * above passes down (a signed-in user, an API token, or the command line).
 * Owns: kazi_caller and its only primitives — "may see this org unit" (by path or id),
 * "scope range" (for list queries) and "audit context" (for the audit trail).
 * Uses: store/orgunit (to load a scope unit's path), util/error.
 * Thread-safety: a caller belongs to one request or command; the helpers are reentrant.
 *
 * Built once by the HTTP layer from the session or the token (auth/session.c, then
 * http/access.c adds the request id, address and linked person) and once by the CLI
 * (kazi_caller_cli). A NULL caller is the system itself (rules, internal look-ups):
 * national. Domain functions take `const kazi_caller *` and decide scope
 * with these primitives; handlers never do.
 */
#ifndef KAZI_AUTH_CALLER_H
#define KAZI_AUTH_CALLER_H

#include <stdint.h>

#include "store/db.h"
#include "store/orgunit.h"

typedef enum {
    KAZI_CALLER_USER = 1,  /* a signed-in user (session cookie) */
    KAZI_CALLER_TOKEN = 2, /* an API token: a principal of its own, not its creator */
    KAZI_CALLER_CLI = 3,   /* the command line: national, personal data */
} kazi_caller_kind;

typedef struct kazi_caller {
    kazi_caller_kind kind;
    int64_t user_id;  /* KAZI_CALLER_USER: the user; 0 for tokens and the CLI */
    int64_t token_id; /* KAZI_CALLER_TOKEN only */
    char name[80];    /* username, "token:<id>" or "cli:<login>" (the audit trail's actor) */
    char role[33];
    int64_t scope_org_unit_id;              /* 0: national */
    char scope_path[KAZI_ORGUNIT_PATH_MAX]; /* "" when national */
    char scope_end[KAZI_ORGUNIT_PATH_MAX];  /* "" when national */
    int personal_data;       /* may see names, birth dates, identifiers (people.read) */
    int reports_personal;    /* reports may read the personal views (reports.personal) */
    int own_supervisees;     /* sees only the workers `person_id` supervises (supervision.own) */
    int64_t person_id;       /* the person linked to the user (0: none) */
    int mfa_pending;         /* admin who must enrol TOTP first */
    const char *request_id;  /* lent; NULL allowed */
    const char *client_addr; /* lent; NULL allowed */
    char session_hash[65];   /* sessions only */
    char csrf_token[65];     /* sessions only */
} kazi_caller;

/* Who is acting and from where, as the audit trail records it. Strings are lent. */
typedef struct kazi_audit_ctx {
    int64_t actor_user_id; /* 0 when not a signed-in user (tokens, CLI) */
    const char *actor;     /* "alice", "token:3", "cli:root", "anonymous" */
    const char *request_id;
    const char *client_addr;
} kazi_audit_ctx;

/* 1 if the caller sees the whole country. */
int kazi_caller_is_national(const kazi_caller *c);

/* May see this org unit: 1 if the org unit with materialised path `path` lies inside
 * the caller's subtree (the scope unit itself included). The only prefix test. */
int kazi_caller_sees(const kazi_caller *c, const char *path);

/* 1 if `path` is a strict ancestor of the caller's scope unit (above it, not in it):
 * the units a scoped caller sees as context (organisations attached there). */
int kazi_caller_above(const kazi_caller *c, const char *path);

/* KAZI_OK when c sees `path`, else KAZI_ENOTFOUND "no such <what>" (field NULL):
 * outside the scope answers exactly like absent. */
int kazi_caller_check_path(const kazi_caller *c, const char *path, const char *what);

/*
 * KAZI_OK if org unit `org_unit_id` exists and is inside the caller's scope;
 * KAZI_ENOTFOUND ("no such org unit") when it does not exist *or* is outside, so
 * callers return the code unchanged. `unit` (may be NULL) receives the row.
 */
int kazi_caller_check_orgunit(const kazi_caller *c, kazi_db *db, int64_t org_unit_id,
                              kazi_orgunit *unit);

/* Scope range: the caller's subtree as a half-open range of org_unit.path values, every
 * unit in scope having lo <= path < hi; for national callers the whole tree, "/" to
 * "0". Lent from c (or static). Store queries that read a NULL range as "everything"
 * are given NULL for national callers instead (the domain tests kazi_caller_is_national),
 * so the planner keeps its name and keyset indexes for national searches. */
void kazi_caller_scope_range(const kazi_caller *c, const char **lo, const char **hi);

/* Audit context for changes made by c (strings lent from c; c NULL: "system"). A
 * token's rows belong to the token (actor "token:<id>", actor_user_id 0). */
void kazi_caller_audit(kazi_audit_ctx *out, const kazi_caller *c);

/* Fill c's scope_path/scope_end from its scope_org_unit_id (0: national). A scope
 * unit that no longer exists matches nothing. */
int kazi_caller_load_scope(kazi_caller *c, kazi_db *db);

/* The same from the scope unit's path already read (NULL or "": the unit no longer
 * exists, so the caller matches nothing), without a look-up. */
void kazi_caller_set_scope(kazi_caller *c, const char *path);

/* The command line's caller: national, personal data, actor "cli:<login name>".
 * Lent, static. */
const kazi_caller *kazi_caller_cli(void);

#endif
