#include "auth/access.h"
#include "auth/roles.h"
#include "util/error.h"

#include <stdio.h>
#include <string.h>

int kazi_auth_can(const kazi_principal *p, const char *permission)
{
    if (!p || !permission) return 0;
    if (!strcmp(permission, KAZI_PERM_SELF)) return 1;
    if (p->mfa_pending) return 0;
    return kazi_role_has(p->role, permission);
}

int kazi_auth_is_national(const kazi_principal *p)
{
    return p && p->scope_org_unit_id == 0;
}

int kazi_auth_path_in_scope(const kazi_principal *p, const char *path)
{
    if (!p || !path) return 0;
    if (kazi_auth_is_national(p)) return 1;
    size_t n = strlen(p->scope_path);
    return n && strncmp(path, p->scope_path, n) == 0;
}

int kazi_auth_path_above_scope(const kazi_principal *p, const char *path)
{
    if (!p || !path || kazi_auth_is_national(p)) return 0;
    size_t n = strlen(path);
    return n < strlen(p->scope_path) && strncmp(p->scope_path, path, n) == 0;
}

int kazi_auth_check_orgunit(const kazi_principal *p, kazi_db *db, int64_t id, kazi_orgunit *unit)
{
    kazi_orgunit u;
    int rc = kazi_orgunit_get(&u, db, id);
    if (rc < 0) return rc;
    if (!kazi_auth_path_in_scope(p, u.path))
        return kazi_error_set(KAZI_ENOTFOUND, NULL, "no such org unit");
    if (unit) *unit = u;
    return KAZI_OK;
}

void kazi_auth_scope_range(const kazi_principal *p, const char **lo, const char **hi)
{
    *lo = p->scope_path;
    *hi = p->scope_end;
}

void kazi_auth_audit_ctx(kazi_audit_ctx *out, const kazi_principal *p, const char *request_id,
                         const char *client_addr)
{
    out->actor_user_id = p ? p->user_id : 0;
    out->actor = p ? p->name : "anonymous";
    out->request_id = request_id;
    out->client_addr = client_addr;
}

int kazi_auth_load_scope(kazi_principal *p, kazi_db *db)
{
    if (!p->scope_org_unit_id) {
        snprintf(p->scope_path, sizeof p->scope_path, "/");
        snprintf(p->scope_end, sizeof p->scope_end, "0");
        return KAZI_OK;
    }
    kazi_orgunit u;
    int rc = kazi_orgunit_get(&u, db, p->scope_org_unit_id);
    if (rc == KAZI_ENOTFOUND) {
        /* A scope unit that vanished must not widen access: match nothing. */
        snprintf(p->scope_path, sizeof p->scope_path, "/~");
        snprintf(p->scope_end, sizeof p->scope_end, "/~");
        return KAZI_OK;
    }
    if (rc < 0) return rc;
    memcpy(p->scope_path, u.path, sizeof p->scope_path);
    kazi_orgunit_subtree_end(p->scope_end, u.path);
    return KAZI_OK;
}

json_t *kazi_auth_principal_json(const kazi_principal *p, kazi_db *db)
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
                     p->kind == KAZI_PRINCIPAL_TOKEN ? "token" : "user", "name", p->name, "roles",
                     p->role, "permissions", perms, "scope", scope, "mfa_pending", p->mfa_pending);
}
