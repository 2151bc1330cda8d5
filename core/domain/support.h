/*
 * support — support and self-care records (debriefing, peer support, counselling,
 * wellness: principle 18), the user→person link, and what the supervision, pay and
 * return modules share: who the caller may record for, the month rule, and storing a
 * checked record with its audit row in one transaction.
 * Owns: the reach rule of these records (a supervisor reaches only their own current
 * supervisees) and the support activity records.
 * Uses: store/support, domain/registry (people, scope), domain/schema (field tables),
 * domain/audit.
 * Thread-safety: reentrant; each call uses the connection passed in.
 */
#ifndef KAZI_DOMAIN_SUPPORT_H
#define KAZI_DOMAIN_SUPPORT_H

#include <stddef.h>
#include <stdint.h>

#include "domain/registry.h"
#include "store/db.h"
#include "util/json.h"

/*
 * Who acts: the caller (auth/caller.h). When its `own_supervisees` is set (the
 * supervisor role) it sees and records only for the workers it currently supervises,
 * i.e. those with a current supervision whose supervisor is its `person_id` (the
 * person linked to its user account; 0 when none is linked: it sees nobody).
 */

/* KAZI_OK when the caller may see worker `person_id`, else KAZI_ENOTFOUND (field NULL,
 * "no such person") — objects outside the caller's reach answer 404. */
int kazi_support_person_visible(kazi_db *db, const kazi_caller *c, int64_t person_id);

/* A person named in a request body's `field`: one the caller may not see is
 * KAZI_EINVALID "<field>: no person with id N" (422), like an absent one. */
int kazi_support_body_person(kazi_db *db, const kazi_caller *c, int64_t id, const char *field);

/* 1 when s is a month YYYY-MM (01..12), else 0. */
int kazi_support_is_period(const char *s);

/* Check body `in` against the field table of `entity` for a create (unknown fields,
 * required ones, each kind's rule): KAZI_OK or KAZI_EINVALID naming the field. */
int kazi_support_check(const char *entity, const json_t *in);

/* Keep in `record` only what the field table of `entity` returns (the allow-list);
 * applied to each item of an array. Returns `record`. */
json_t *kazi_support_output(const char *entity, json_t *record);

/* An audit row for `type` `id` by caller `c`. */
int kazi_support_audit(kazi_db *db, const kazi_caller *c, const char *action, const char *type,
                       int64_t id, const json_t *before, const json_t *after);

/*
 * Store `row` (stolen) with `insert` and audit "<type>.create" in one transaction; on
 * success *out is the row with its "id" and "created_at", through the output
 * allow-list of `entity`. `complete` (may be NULL) runs first inside the transaction
 * to add what depends on the stored records (a payment's below-minimum flag), so no
 * concurrent write slips between its reads and the insert. Errors from it, the store
 * or the audit; nothing is written then.
 */
typedef int (*kazi_support_insert_fn)(int64_t *out, kazi_db *db, const json_t *row, int64_t now_ms);
typedef int (*kazi_support_complete_fn)(json_t *row, kazi_db *db);
int kazi_support_store(json_t **out, kazi_db *db, const kazi_caller *c, json_t *row,
                       kazi_support_complete_fn complete, kazi_support_insert_fn insert,
                       const char *type, const char *entity);

/* Support activities {person_id, kind: debriefing|peer_support|counselling|wellness,
 * activity_date (not in the future), note?} (table "support_activity"). Audited. */
int kazi_support_activity_create(json_t **out, kazi_db *db, const kazi_caller *c, const json_t *in);
/* A worker's support activities, newest first. */
int kazi_support_activity_list(json_t **out, kazi_db *db, const kazi_caller *c, int64_t person_id);

/* Link user `user_id` to person `person_id` (0 unlinks); audited. */
int kazi_support_user_person(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t user_id,
                             int64_t person_id);

#endif
