/*
 * dossier — one worker's dossier, the read-only record every certification and move
 * rule receives (docs/plugins.md "Dossiers and rules"): person, custom fields,
 * assignments, courses completed (training events passed and prior learning with an
 * equivalent course), credentials, supervised hours, residence, as_of.
 * Owns: the dossier's JSON shape and the supervised-hours hook.
 * Uses: store/registry, store/training.
 * Thread-safety: reentrant; the hook is set once before serving.
 *
 * Supervised hours (issue 8): by default kazi_store_supervised_hours reads
 * sum(duration_minutes) / 60 of table supervision_session by person_id, sessions on
 * or before the dossier's as_of, when that table exists (branch `support`), and 0
 * otherwise. The supervision module may instead register its own
 * reader with kazi_dossier_set_supervised_hours (same contract).
 */
#ifndef KAZI_DOMAIN_DOSSIER_H
#define KAZI_DOMAIN_DOSSIER_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "util/json.h"

/* Reader of a person's supervised hours up to `as_of` (YYYY-MM-DD). */
typedef int (*kazi_supervised_hours_fn)(double *out, kazi_db *db, int64_t person_id,
                                        const char *as_of);

/* Replace the supervised-hours reader (NULL restores the default). */
void kazi_dossier_set_supervised_hours(kazi_supervised_hours_fn fn);

/*
 * Build the dossier of person `id` as of `as_of` (NULL: today from the injected
 * clock). No scope check: callers check the person is visible first. *out is a new
 * object; KAZI_ENOTFOUND (field "id") for an unknown person.
 */
int kazi_dossier_build(json_t **out, kazi_db *db, int64_t id, const char *as_of);

/*
 * The dossiers of n people in four queries whatever n (batch eligibility, candidate
 * lists): out[i] receives the dossier of ids[i] (new objects, the caller's). On error
 * nothing is left in out. KAZI_ENOTFOUND (field "id") when an id is no person.
 */
int kazi_dossier_build_many(json_t **out, kazi_db *db, const int64_t *ids, size_t n,
                            const char *as_of);

#endif
