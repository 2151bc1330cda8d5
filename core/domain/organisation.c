#include "domain/organisation.h"
#include "util/error.h"

#include <stdio.h>
#include <string.h>

int kazi_organisation_check_kind(const char *kind)
{
    static const char *const kinds[] = {"government", "ngo", "private", "faith_based"};
    for (size_t i = 0; kind && i < sizeof kinds / sizeof kinds[0]; i++)
        if (!strcmp(kind, kinds[i])) return KAZI_OK;
    return kazi_error_set(KAZI_EINVALID, "kind",
                          "kind must be one of government, ngo, private, faith_based");
}

static int validate(kazi_organisation *o, kazi_db *db)
{
    if (!o->code[0] || strchr(o->code, ' '))
        return kazi_error_set(KAZI_EINVALID, "code", "code must be 1 to 64 characters, no spaces");
    if (!o->name[0]) return kazi_error_set(KAZI_EINVALID, "name", "name must not be empty");
    int rc = kazi_organisation_check_kind(o->kind);
    if (rc < 0) return rc;
    kazi_orgunit u;
    rc = kazi_orgunit_get(&u, db, o->org_unit_id);
    if (rc == KAZI_ENOTFOUND)
        return kazi_error_set(KAZI_EINVALID, "org_unit_id", "There is no org unit with id %lld",
                              (long long)o->org_unit_id);
    if (rc < 0) return rc;
    memcpy(o->org_unit_path, u.path, sizeof o->org_unit_path);
    return KAZI_OK;
}

/* Validate and write `o` (insert when `before` is NULL), with its audit row as the
 * caller, in one transaction. */
static int write(kazi_organisation *o, kazi_db *db, const kazi_caller *caller,
                 const kazi_organisation *before)
{
    int rc = validate(o, db);
    if (rc < 0 || (rc = kazi_db_begin(db)) < 0) return rc;
    rc = before ? kazi_organisation_update(db, o) : kazi_organisation_insert(o, db);
    if (rc == KAZI_OK) {
        kazi_audit_ctx ctx;
        char id[32];
        kazi_caller_audit(&ctx, caller);
        snprintf(id, sizeof id, "%lld", (long long)o->id);
        json_t *b = before ? kazi_organisation_json(before) : NULL, *a = kazi_organisation_json(o);
        rc = kazi_audit_append(db, &ctx, before ? "organisation.update" : "organisation.create",
                               "organisation", id, b, a);
        json_decref(b);
        json_decref(a);
    }
    return kazi_db_end(db, rc);
}

int kazi_organisation_get_for(kazi_organisation *out, kazi_db *db, const kazi_caller *caller,
                              int64_t id)
{
    int rc = kazi_organisation_get(out, db, id);
    if (rc < 0) return rc;
    if (!kazi_caller_sees(caller, out->org_unit_path) &&
        !kazi_caller_above(caller, out->org_unit_path))
        return kazi_error_set(KAZI_ENOTFOUND, NULL, "no such organisation");
    return KAZI_OK;
}

int kazi_organisation_list_for(json_t **out, kazi_db *db, const kazi_caller *caller, const char *q,
                               int limit, int offset)
{
    return kazi_organisation_list(
        out, db, kazi_caller_is_national(caller) ? "/" : caller->scope_path, q, limit, offset);
}

static int unit_in_scope(kazi_db *db, const kazi_caller *caller, int64_t unit)
{
    int rc = kazi_caller_check_orgunit(caller, db, unit, NULL);
    if (rc == KAZI_ENOTFOUND)
        return kazi_error_set(KAZI_EINVALID, "org_unit_id", "There is no org unit with id %lld",
                              (long long)unit);
    return rc;
}

int kazi_organisation_create(kazi_organisation *o, kazi_db *db, const kazi_caller *caller)
{
    int rc = kazi_organisation_check_kind(o->kind);
    if (rc < 0 || (rc = unit_in_scope(db, caller, o->org_unit_id)) < 0) return rc;
    return write(o, db, caller, NULL);
}

int kazi_organisation_change(kazi_organisation *out, kazi_db *db, const kazi_caller *caller,
                             int64_t id, const kazi_organisation *patch)
{
    kazi_organisation before;
    int rc = kazi_organisation_get_for(&before, db, caller, id);
    if (rc < 0) return rc;
    if (!kazi_caller_sees(caller, before.org_unit_path))
        return kazi_error_set(KAZI_EDENIED, NULL,
                              "this organisation is based above your scope; a national officer "
                              "must change it");
    *out = before;
    if (patch->code[0]) snprintf(out->code, sizeof out->code, "%s", patch->code);
    if (patch->name[0]) snprintf(out->name, sizeof out->name, "%s", patch->name);
    if (patch->kind[0]) snprintf(out->kind, sizeof out->kind, "%s", patch->kind);
    if (patch->org_unit_id) out->org_unit_id = patch->org_unit_id;
    if ((rc = unit_in_scope(db, caller, out->org_unit_id)) < 0) return rc;
    return write(out, db, caller, &before);
}
