/*
 * roles — the roles and the permissions each grants: one static table, deny by default.
 * Owns: role names, permission names, which roles need an org-unit scope.
 * Uses: util/json.
 * Thread-safety: constant data.
 *
 * Adding a feature: name its permissions "<resource>.<verb>" (people.read,
 * people.write, people.export ...), grant them below, and use the name in the
 * route table's `permission`. A permission no role lists is granted only to the
 * administrator, who holds every permission.
 */
#ifndef KAZI_AUTH_ROLES_H
#define KAZI_AUTH_ROLES_H

#include "util/json.h"

/* The permission every signed-in principal holds: their own session, password,
 * second factor. An administrator who must still enrol TOTP holds only this one. */
#define KAZI_PERM_SELF "self"

#define KAZI_ROLE_ADMIN "administrator"

typedef enum {
    KAZI_SCOPE_NATIONAL, /* never scoped (administrator, national HR officer, analyst) */
    KAZI_SCOPE_REQUIRED, /* always an org-unit subtree (district HR officer) */
    KAZI_SCOPE_OPTIONAL, /* national or a subtree (supervisor, trainer) */
} kazi_scope_rule;

/* 1 if `role` exists. */
int kazi_role_valid(const char *role);

/* 1 if `role` grants `permission` (the administrator holds every permission). */
int kazi_role_has(const char *role, const char *permission);

/* How the role relates to org-unit scope; KAZI_SCOPE_NATIONAL for unknown roles. */
kazi_scope_rule kazi_role_scope_rule(const char *role);

/* 1 if the role sees and records only for the workers its linked person currently
 * supervises (the supervisor role). */
int kazi_role_own_supervisees(const char *role);

/* [{"role":..,"description":..,"scope":"national|required|optional","permissions":[..]}].
 * New reference. */
json_t *kazi_roles_json(void);

/* A comma-separated list of role names (for messages). Static. */
const char *kazi_role_names(void);

#endif
