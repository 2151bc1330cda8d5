/*
 * registry — the rules of the register of people, positions and assignments:
 * validation (built-in fields, the configuration's custom fields and validate hooks),
 * scope, duplicates, deactivation, merging, and an audit row for every change in the
 * change's own transaction.
 * Owns: the registry's record shapes (JSON) and the change operations.
 * Uses: store/registry, domain/catalogue, util/json, util/clock.
 * Thread-safety: reentrant; each call uses the connection passed in.
 */
#ifndef KAZI_DOMAIN_REGISTRY_H
#define KAZI_DOMAIN_REGISTRY_H

#include <stdint.h>

#include "auth/caller.h"
#include "store/db.h"
#include "store/registry.h"
#include "util/buf.h"
#include "util/json.h"

/* The JSON a caller sees of a stored `entity` record: only the fields its schema table
 * declares as output (domain/schema.h). */
void kazi_registry_public(json_t *record, const char *entity);

/* ---- people ------------------------------------------------------------------------ */

/*
 * Create a person from the API shape (given_name, family_name, other_names, sex,
 * birth_date, phone, languages, education, residence_org_unit_id, identifiers
 * [{type,value}], custom {}). Validates everything, refuses an identifier that
 * another person holds (KAZI_EEXISTS, field "identifiers"), flags a likely duplicate
 * (review_duplicate_of) instead of refusing it, writes the person and an audit row in
 * one transaction. *out: the new record (caller's reference).
 */
int kazi_registry_person_create(json_t **out, kazi_db *db, const kazi_caller *actor,
                                const json_t *in);

/* The field rules (built-in and custom fields, the validate hook, the residence's scope;
 * not identifiers), and on success the row the store writes (*row, a new
 * reference: the record without identifiers, with name_key, given_key and org_path).
 * Bulk imports check every row this way, then write the rows themselves. */
int kazi_registry_person_prepare(json_t **row, kazi_db *db, const kazi_caller *actor,
                                 const json_t *in);

/* Same as create but inside the caller's transaction (imports). */
int kazi_registry_person_create_tx(json_t **out, kazi_db *db, const kazi_caller *actor,
                                   const json_t *in);

/* Change the fields present in `in` (others keep their values); audited. */
int kazi_registry_person_update(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t id,
                                const json_t *in);

/* Same as update but inside the caller's transaction (imports update by identifier). */
int kazi_registry_person_update_tx(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t id,
                                   const json_t *in);

/* The person visible to the actor, or KAZI_ENOTFOUND. */
int kazi_registry_person_get(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t id);

/* The same record as kazi_registry_person_get, as JSON text appended to `out` (the
 * caller frees out->data): the hot read of GET /api/v1/people/{id}, built without a
 * JSON tree. KAZI_ENOTFOUND as there. */
int kazi_registry_person_text(kazi_buf *out, kazi_db *db, const kazi_caller *actor, int64_t id);

/* Deactivate a visible person: IN is {"reason": text up to 500, "status": "inactive"
 * (default) or "deceased"}. 404 outside scope (checked before the body), 422 naming a
 * bad field, 409 when an inactive person is deactivated again; audited. */
int kazi_registry_person_deactivate(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t id,
                                    const json_t *in);

/* Merge IN's {"duplicate_id"} into `keep`: identifiers and assignments move to `keep`,
 * the duplicate becomes status "merged" (never deleted), both get audit rows, and the
 * history of `keep` includes the duplicate's. 404 when `keep` is outside scope (checked
 * before the body); a duplicate outside scope is 404 naming duplicate_id. */
int kazi_registry_person_merge(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t keep,
                               const json_t *in);

/* Clear the "possible duplicate" flag of a visible person after review: IN is
 * {"reason": text up to 500}, kept in the audit row. 404 outside scope (checked first),
 * 422 without a reason, 409 when the record is not flagged. */
int kazi_registry_person_not_duplicate(json_t **out, kazi_db *db, const kazi_caller *actor,
                                       int64_t id, const json_t *in);

/* Change history (audit rows) of a visible person. */
int kazi_registry_person_history(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t id);

/* ---- positions and assignments --------------------------------------------------------- */

int kazi_registry_position_create(json_t **out, kazi_db *db, const kazi_caller *actor,
                                  const json_t *in);
int kazi_registry_position_create_tx(json_t **out, kazi_db *db, const kazi_caller *actor,
                                     const json_t *in);
int kazi_registry_position_update(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t id,
                                  const json_t *in);
/* Same as update but inside the caller's transaction (imports update by code). */
int kazi_registry_position_update_tx(json_t **out, kazi_db *db, const kazi_caller *actor,
                                     int64_t id, const json_t *in);
int kazi_registry_position_get(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t id);

/* Place a person in a position (both visible; the person active; the position vacant). */
int kazi_registry_assignment_create(json_t **out, kazi_db *db, const kazi_caller *actor,
                                    const json_t *in);
int kazi_registry_assignment_create_tx(json_t **out, kazi_db *db, const kazi_caller *actor,
                                       const json_t *in);
/* End a visible current assignment: IN is {"end_date" (>= start), "reason" (one of the
 * end reasons)}. 404 outside scope (checked before the body), 422 naming a bad field,
 * 409 when it has ended already; audited on the assignment and the person. */
int kazi_registry_assignment_end(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t id,
                                 const json_t *in);
/* The same with the fields given, inside the caller's transaction (imports end what a
 * file ends); NULL end_date or reason is refused (after the scope check). */
int kazi_registry_assignment_end_tx(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t id,
                                    const char *end_date, const char *reason);
int kazi_registry_assignment_get(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t id);
/* The assignments (newest first) of person `person` and/or position `position` (0: any);
 * the person, or else the position, must be visible to the caller (404 otherwise). */
int kazi_registry_assignment_list(json_t **out, kazi_db *db, const kazi_caller *caller,
                                  int64_t person, int64_t position);

/* ---- outside the caller's scope reads like absent ----------------------------------------- */

/* 1 if person `id` exists and lies inside the caller's scope. */
int kazi_registry_sees_person(kazi_db *db, const kazi_caller *caller, int64_t id);

/* The KAZI_EEXISTS error (naming `field`) for identifier type/value held by person
 * `owner`: names the owner only when the caller may see them, else says "a record
 * with this identifier exists outside your area; ask a national officer". */
int kazi_registry_identifier_taken(kazi_db *db, const kazi_caller *caller, const char *field,
                                   const char *type, const char *value, int64_t owner);

/* ---- lists --------------------------------------------------------------------------- */

/*
 * The ?org_unit= filter of every list and export, one rule: *lo and *hi receive the subtree
 * of `org_unit` as a half-open path range (written into lobuf/hibuf, KAZI_PATH_MAX each),
 * or NULL when org_unit is 0. An org unit outside the caller's scope — an ancestor of the
 * caller's scope unit included — is refused exactly like one that does not exist:
 * KAZI_EINVALID, field "org_unit", "org_unit: no org unit with id N" (docs/security.md).
 */
int kazi_registry_org_filter(const char **lo, const char **hi, char *lobuf, char *hibuf,
                             kazi_db *db, const kazi_caller *caller, int64_t org_unit);

/* A page of people for the caller: q's scope range is set from the caller, q's org range
 * from `org_unit` (kazi_registry_org_filter); internal columns dropped. KAZI_EINVALID
 * naming status when q->status is not one the person table declares. */
int kazi_registry_person_search(json_t **out, kazi_db *db, const kazi_caller *caller,
                                kazi_person_query *q, int64_t org_unit);

/* The same page as kazi_registry_person_search, as JSON text appended to `out` (the
 * caller frees out->data): GET /api/v1/people, written from the rows without a JSON
 * tree per person. Errors as there. */
int kazi_registry_person_search_text(kazi_buf *out, kazi_db *db, const kazi_caller *caller,
                                     kazi_person_query *q, int64_t org_unit);

/* A page of positions for the caller, as kazi_registry_person_search. */
int kazi_registry_position_search(json_t **out, kazi_db *db, const kazi_caller *caller,
                                  kazi_position_query *q, int64_t org_unit);

/* ---- helpers shared with imports -------------------------------------------------------- */

/* 1 when s is a valid YYYY-MM-DD date. */
int kazi_registry_is_date(const char *s);

/* Today's date (from the injected clock) as YYYY-MM-DD into buf (>= 11 bytes). */
void kazi_registry_today(char *buf, size_t size);

#endif
