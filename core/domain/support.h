/*
 * support — supervision, sessions, pay, support and self-care, activity returns and
 * the figures a ministry needs from them (coverage, pay compliance, support gaps,
 * activity totals, retention): issue 8, principles 7 and 15–18.
 * Owns: the validation and scope rules of these records and the figures' arithmetic.
 * Uses: store/support, domain/registry (scope, people), domain/audit, lua/runtime
 * (kazi.supervision, kazi.pay, kazi.activity of the active configuration), util/csv.
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

/*
 * Assign a supervisor: {person_id, supervisor_person_id, type: individual|group|
 * job_sharing|shadowing, start_date, end_date?}. Both people visible and active, the
 * worker holding a current post; the configuration's kazi.supervision rule for the
 * worker's cadre must allow it, else KAZI_EINVALID naming "supervisor_person_id" with
 * the rule's reason. Audited. *out: the record.
 */
int kazi_support_supervision_create(json_t **out, kazi_db *db, const kazi_caller *c,
                                    const json_t *in);
int kazi_support_supervision_get(json_t **out, kazi_db *db, const kazi_caller *c, int64_t id);
/* End a current supervision: {end_date (>= start), reason?}. */
int kazi_support_supervision_end(json_t **out, kazi_db *db, const kazi_caller *c, int64_t id,
                                 const json_t *in);
/* Supervisions of worker `person_id` or of supervisor `supervisor_id` (one of them). */
int kazi_support_supervision_list(json_t **out, kazi_db *db, const kazi_caller *c,
                                  int64_t person_id, int64_t supervisor_id);

/* Record a session {person_id, supervisor_person_id? (default: the caller's person),
 * session_date (not in the future), duration_minutes 1..1440, mode, topics?,
 * follow_up?}. */
int kazi_support_session_create(json_t **out, kazi_db *db, const kazi_caller *c, const json_t *in);
/* A worker's sessions (newest first) and their supervised_minutes, counted on or after
 * `since` (YYYY-MM-DD; NULL: all). */
int kazi_support_session_list(json_t **out, kazi_db *db, const kazi_caller *c, int64_t person_id,
                              const char *since);

/*
 * Supervised minutes of a person: sum of their sessions' duration_minutes on or after
 * `since` (YYYY-MM-DD, NULL: all). No scope check: for rule dossiers (certification,
 * issue 7), which build a worker's dossier after their own scope check.
 */
int kazi_support_supervised_minutes(int64_t *out, kazi_db *db, int64_t person_id,
                                    const char *since);

/* Payments {person_id, kind: payment|stipend|allowance|materials|reimbursement, period
 * YYYY-MM, amount >= 0, currency, purpose? (required for materials and
 * reimbursement), funder_id?, paid_on?}. */
int kazi_support_payment_create(json_t **out, kazi_db *db, const kazi_caller *c, const json_t *in);
int kazi_support_payment_list(json_t **out, kazi_db *db, const kazi_caller *c, int64_t person_id);

/* Support activities {person_id, kind: debriefing|peer_support|counselling|wellness,
 * activity_date, note?}. */
int kazi_support_activity_create(json_t **out, kazi_db *db, const kazi_caller *c, const json_t *in);
int kazi_support_activity_list(json_t **out, kazi_db *db, const kazi_caller *c, int64_t person_id);

/* A monthly return {person_id, period YYYY-MM, counts: {activity id: n >= 0}} with
 * activity ids declared by kazi.activity; replaces those counts of that month. */
int kazi_support_return_put(json_t **out, kazi_db *db, const kazi_caller *c, const json_t *in);
int kazi_support_return_list(json_t **out, kazi_db *db, const kazi_caller *c, int64_t person_id,
                             const char *period);

/*
 * Import returns from CSV (header person_id, period, then one column per activity
 * id). All or nothing: every row is checked first; on any problem nothing is written
 * and *out is {"ok":false,"errors":[{"row","column","field","message"}]} with
 * KAZI_EINVALID returned; else {"ok":true,"rows":n,"counts":m}.
 */
int kazi_support_returns_import(json_t **out, kazi_db *db, const kazi_caller *c, const char *csv,
                                size_t len);

/*
 * Figures per direct child of org unit `org_unit` (0: the caller's scope unit, or the
 * roots), each row {org_unit:{id,code,name}, ...} plus "total". `which`:
 * "supervision" (workers, without_supervisor, no_recent_session, supervisors,
 * workers_per_supervisor, max_ratio, supervisors_over_ratio), "pay" for `period`
 * (below_minimum, volunteers_without_reimbursement, and by funder), "support"
 * (without_support), "activity" for `period` (totals by activity), "retention" from
 * `period` to `until` (entries, exits, exit_reasons, mean_service_days, serving,
 * home_ward, home_district).
 */
int kazi_support_figures(json_t **out, kazi_db *db, const kazi_caller *c, const char *which,
                         int64_t org_unit, const char *period, const char *until);

/* Link user `user_id` to person `person_id` (0 unlinks); audited. */
int kazi_support_user_person(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t user_id,
                             int64_t person_id);

#endif
