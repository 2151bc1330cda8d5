/*
 * organisation — employers and funders: validation and audited changes.
 * Owns: the list of organisation kinds.
 * Uses: store/organisation, store/orgunit, domain/audit.
 * Thread-safety: reentrant.
 */
#ifndef KAZI_DOMAIN_ORGANISATION_H
#define KAZI_DOMAIN_ORGANISATION_H

#include "domain/audit.h"
#include "store/organisation.h"

/* The organisation `id` if the caller may see it — its unit inside the caller's
 * subtree or on the way up to the root — else KAZI_ENOTFOUND ("no such organisation"). */
int kazi_organisation_get_for(kazi_organisation *out, kazi_db *db, const kazi_caller *caller,
                              int64_t id);

/* The organisations the caller sees (as kazi_organisation_get_for), filtered by a
 * name/code substring q (NULL: all). New JSON array into *out. */
int kazi_organisation_list_for(json_t **out, kazi_db *db, const kazi_caller *caller, const char *q,
                               int limit, int offset);

/* Validate and insert `o` (o->id set) as the caller: its unit must be inside the
 * caller's scope (else KAZI_EINVALID naming org_unit_id, like an absent unit);
 * KAZI_EINVALID naming any other bad field, KAZI_EEXISTS for a taken code. Audited
 * "organisation.create" as the caller (kazi_caller_audit). */
int kazi_organisation_create(kazi_organisation *o, kazi_db *db, const kazi_caller *caller);

/* Change organisation `id` as the caller with the non-empty fields of `patch` (code,
 * name, kind; org_unit_id when > 0): 404 when the caller may not see it (before any
 * field is looked at), 403 when it is based above the caller's scope (visible, but a
 * national officer must change it), the new unit inside the scope. Audited
 * "organisation.update" with before/after as the caller. *out: the changed organisation. */
int kazi_organisation_change(kazi_organisation *out, kazi_db *db, const kazi_caller *caller,
                             int64_t id, const kazi_organisation *patch);

/* KAZI_EINVALID (field "kind") unless government, ngo, private or faith_based. */
int kazi_organisation_check_kind(const char *kind);

#endif
