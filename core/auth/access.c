#include "auth/access.h"
#include "auth/roles.h"
#include "util/error.h"

#include <stdio.h>
#include <string.h>

int kazi_auth_can(const kazi_caller *p, const char *permission)
{
    if (!p || !permission) return 0;
    if (p->kind == KAZI_CALLER_CLI) return 1;
    if (!strcmp(permission, KAZI_PERM_SELF)) return 1;
    if (p->mfa_pending) return 0;
    return kazi_role_has(p->role, permission);
}

json_t *kazi_auth_caller_json(const kazi_caller *p, kazi_db *db)
{
    json_t *perms = json_array();
    json_t *roles = kazi_roles_json();
    size_t i;
    json_t *r;
    json_array_foreach(roles, i, r)
    {
        if (strcmp(json_string_value(json_object_get(r, "role")), p->role)) continue;
        if (p->mfa_pending) { /* until enrolment, only the self routes */
            json_array_append_new(perms, json_string(KAZI_PERM_SELF));
            break;
        }
        json_array_extend(perms, json_object_get(r, "permissions"));
    }
    json_decref(roles);
    json_t *scope = json_null();
    kazi_orgunit u;
    if (p->scope_org_unit_id && kazi_orgunit_get(&u, db, p->scope_org_unit_id) == KAZI_OK)
        scope = kazi_orgunit_json(&u);
    return json_pack("{s:s,s:s,s:[s],s:o,s:o,s:b}", "kind",
                     p->kind == KAZI_CALLER_TOKEN ? "token" : "user", "name", p->name, "roles",
                     p->role, "permissions", perms, "scope", scope, "mfa_pending", p->mfa_pending);
}
