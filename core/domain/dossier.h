/*
 * dossier — one worker's dossier, the read-only record every certification and move
 * rule receives (docs/plugins.md "Dossiers and rules"): person, custom fields,
 * assignments, courses completed (training events passed and prior learning with an
 * equivalent course), credentials, supervised hours, residence, as_of.
 * Owns: the dossier's shape, written straight from the batch's rows into a compact
 * record (util/record); the JSON dossier is converted from it.
 * Uses: domain/registry (today), store/training, store/support (supervised time),
 * util/record.
 * Thread-safety: reentrant.
 *
 * Supervised hours: the minutes of the person's supervision sessions dated on or
 * before the dossier's as_of (kazi_store_supervised_minutes_of, the same reader the
 * supervision pages use), divided by 60; 0 for a person with none.
 */
#ifndef KAZI_DOMAIN_DOSSIER_H
#define KAZI_DOMAIN_DOSSIER_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "util/json.h"
#include "util/record.h"

/*
 * Build the dossier of person `id` as of `as_of` (NULL: today from the injected
 * clock). No scope check: callers check the person is visible first. *out is a new
 * object; KAZI_ENOTFOUND (field "id") for an unknown person.
 */
int kazi_dossier_build(json_t **out, kazi_db *db, int64_t id, const char *as_of);

/*
 * The dossiers of n people in five queries whatever n (one per table: people,
 * assignments, courses, credentials, supervised minutes), for candidate lists and the
 * configuration's validation: out[i] receives the dossier of ids[i] (new objects, the
 * caller's). On error nothing is left in out. KAZI_ENOTFOUND (field "id") when an id
 * is no person.
 */
int kazi_dossier_build_many(json_t **out, kazi_db *db, const int64_t *ids, size_t n,
                            const char *as_of);

/*
 * The same dossiers laid out as compact records (util/record), what long runs hand to
 * kazi_lua_records_count: out[i] for ids[i] (the caller's; kazi_record_free). The same
 * queries as kazi_dossier_build_many; on error nothing is left in out.
 */
int kazi_dossier_records(kazi_record **out, kazi_db *db, const int64_t *ids, size_t n,
                         const char *as_of);

#endif
