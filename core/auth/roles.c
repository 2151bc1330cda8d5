#include "auth/roles.h"

#include <string.h>

typedef struct {
    const char *role;
    const char *description;
    kazi_scope_rule scope;
    const char *const *permissions; /* NULL-terminated; NULL list: every permission */
    int own_supervisees;            /* sees only the workers its linked person supervises */
} role_def;

static const char *const national_hr[] = {
    KAZI_PERM_SELF,
    "orgunits.read",
    "organisations.read",
    "organisations.write",
    "people.read",
    "people.write",
    "people.export",
    "positions.read",
    "positions.write",
    "training.read",
    "supervision.read",
    "reports.aggregate",
    "reports.personal",
    "imports.run",
    "population.write",
    "exports.run",
    "catalogue.read",
    "reports.run",
    "training.write",
    "prior_learning.write",
    "careers.read",
    "certificates.issue",
    "careers.move",
    "supervision.write",
    "pay.read",
    "pay.write",
    "support.read",
    "support.write",
    "activity.read",
    "activity.write",
    NULL,
};
static const char *const district_hr[] = {
    KAZI_PERM_SELF,
    "orgunits.read",
    "organisations.read",
    "people.read",
    "people.write",
    "people.export",
    "positions.read",
    "positions.write",
    "training.read",
    "supervision.read",
    "reports.aggregate",
    "reports.personal",
    "imports.run",
    "population.write",
    "exports.run",
    "catalogue.read",
    "reports.run",
    "training.write",
    "prior_learning.write",
    "careers.read",
    "certificates.issue",
    "careers.move",
    "supervision.write",
    "pay.read",
    "pay.write",
    "support.read",
    "support.write",
    "activity.read",
    "activity.write",
    NULL,
};
static const char *const supervisor[] = {
    KAZI_PERM_SELF,     "orgunits.read",     "organisations.read", "people.read",
    "supervision.read", "supervision.write", "catalogue.read",     "support.read",
    "support.write",    "activity.read",     "activity.write",     NULL,
};
static const char *const trainer[] = {
    KAZI_PERM_SELF,
    "orgunits.read",
    "organisations.read",
    "training.read",
    "training.write",
    "catalogue.read",
    NULL,
};
/* Aggregates only (docs/security.md): no people, positions (holders, pay per post) or
 * exports. */
static const char *const analyst[] = {
    KAZI_PERM_SELF,
    "orgunits.read",
    "organisations.read",
    "reports.aggregate",
    "catalogue.read",
    "reports.run",
    NULL,
};

static const role_def roles[] = {
    {KAZI_ROLE_ADMIN, "Runs the installation: users, tokens, org units, audit, configuration",
     KAZI_SCOPE_NATIONAL, NULL, 0},
    {"national_hr_officer", "Manages the whole national register", KAZI_SCOPE_NATIONAL, national_hr,
     0},
    {"district_hr_officer", "Manages the register of one org-unit subtree (a region or district)",
     KAZI_SCOPE_REQUIRED, district_hr, 0},
    {"supervisor", "Sees and records supervision of their own supervisees", KAZI_SCOPE_OPTIONAL,
     supervisor, 1},
    {"trainer", "Runs training events and records attendance and results", KAZI_SCOPE_OPTIONAL,
     trainer, 0},
    {"analyst", "Reads aggregate reports only, never personal data", KAZI_SCOPE_NATIONAL, analyst,
     0},
};

#define NROLES (sizeof roles / sizeof roles[0])

static const role_def *find(const char *role)
{
    for (size_t i = 0; role && i < NROLES; i++)
        if (!strcmp(roles[i].role, role)) return &roles[i];
    return NULL;
}

int kazi_role_valid(const char *role)
{
    return find(role) != NULL;
}

int kazi_role_has(const char *role, const char *permission)
{
    const role_def *r = find(role);
    if (!r || !permission) return 0;
    if (!r->permissions) return 1;
    for (const char *const *p = r->permissions; *p; p++)
        if (!strcmp(*p, permission)) return 1;
    return 0;
}

kazi_scope_rule kazi_role_scope_rule(const char *role)
{
    const role_def *r = find(role);
    return r ? r->scope : KAZI_SCOPE_NATIONAL;
}

int kazi_role_own_supervisees(const char *role)
{
    const role_def *r = find(role);
    return r && r->own_supervisees;
}

json_t *kazi_roles_json(void)
{
    static const char *const scope_names[] = {"national", "required", "optional"};
    json_t *arr = json_array();
    for (size_t i = 0; i < NROLES; i++) {
        json_t *perms = json_array();
        if (roles[i].permissions)
            for (const char *const *p = roles[i].permissions; *p; p++)
                json_array_append_new(perms, json_string(*p));
        else
            json_array_append_new(perms, json_string("*"));
        json_array_append_new(arr, json_pack("{s:s,s:s,s:s,s:o}", "role", roles[i].role,
                                             "description", roles[i].description, "scope",
                                             scope_names[roles[i].scope], "permissions", perms));
    }
    return arr;
}

const char *kazi_role_names(void)
{
    return "administrator, national_hr_officer, district_hr_officer, supervisor, trainer, "
           "analyst";
}
