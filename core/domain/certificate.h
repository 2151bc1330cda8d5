/*
 * certificate — eligibility for every declared certification, issuing certificates
 * when the rule passes (or by an administrator's override with a reason), renewals
 * with the declared refresher, revocation, public verification, and the lists of
 * certificates expiring and of people due a refresher (principles 1, 10, 11).
 * Owns: certificate numbers, expiry arithmetic, the eligibility reply shape.
 * Uses: domain/dossier, domain/training (person scope, audit, declarations),
 *       store/training, lua/runtime (rules).
 * Thread-safety: reentrant; each call uses the connection passed in.
 */
#ifndef KAZI_DOMAIN_CERTIFICATE_H
#define KAZI_DOMAIN_CERTIFICATE_H

#include <stdint.h>

#include "domain/registry.h"
#include "store/db.h"
#include "util/json.h"

/*
 * Run every declared certification rule on the dossier of a visible person.
 * *out: {"person_id","as_of","config_id","items":[{"certification","name",
 * "eligible","missing":[...],"config_id"}]}. A rule that fails for this person is its
 * item's "error": {"file","line","message"} (eligible false, missing []); the other
 * items still answer.
 */
int kazi_certificate_eligibility(json_t **out, kazi_db *db, const kazi_caller *actor,
                                 int64_t person_id);

/*
 * Issue {certification, issued_date?, evidence?, override_reason?} to a visible person.
 * The rule must pass; renewing a certification with a declared refresher also needs
 * the refresher course passed since the previous certificate was issued. Otherwise
 * KAZI_ECONFLICT (slug "not_eligible", field "certification", message listing what is
 * missing), unless `may_override` and an override_reason is given. The certificate
 * gets a unique number, expiry = issue + valid_years, the decision and dossier
 * summary as evidence, and the configuration id. *out: the certificate.
 */
int kazi_certificate_issue(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t person_id,
                           const json_t *in, int may_override);

/* A visible person's certificates. */
int kazi_certificate_list(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t person_id);

/* Revoke {reason} a valid certificate of a visible person; KAZI_ECONFLICT when revoked. */
int kazi_certificate_revoke(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t id,
                            const json_t *in);

/* Public answer for a whole number (any case, spaces around ignored): {"number" (as issued),
 * "certification","issued_date","valid":bool,"status":"valid"|"expired"|
 * "revoked","holder":"Given Family","valid_until"}; KAZI_ENOTFOUND otherwise. */
int kazi_certificate_verify(json_t **out, kazi_db *db, const char *number);

/* Valid certificates (not yet renewed) expiring within `days` of today, of people in
 * org unit `org_unit_id` (0: the actor's whole scope). */
int kazi_certificate_expiring(json_t **out, kazi_db *db, const kazi_caller *actor, int days,
                              int64_t org_unit_id);

/* Holders of a certification with a declared refresher whose refresher falls due
 * within `days` (last refresher, or the issue, + every_years), per org unit. */
int kazi_certificate_refresher_due(json_t **out, kazi_db *db, const kazi_caller *actor, int days,
                                   int64_t org_unit_id);

/* "YYYY-MM-DD" + years / + days into out (>= 11 bytes); 29 Feb becomes 28 Feb. */
void kazi_certificate_add_years(char *out, const char *date, int years);
void kazi_certificate_add_days(char *out, const char *date, int days);

/* The scope range for an org-unit filter: the unit's subtree when it is inside the
 * actor's scope (else KAZI_EINVALID naming "org_unit"), the actor's scope for 0.
 * lo/hi buffers hold KAZI_PATH_MAX bytes; *lo and *hi are NULL when national. */
int kazi_certificate_range(const char **lo, const char **hi, char *lobuf, char *hibuf, kazi_db *db,
                           const kazi_caller *actor, int64_t org_unit_id);

#endif
