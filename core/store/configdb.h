/*
 * configdb — what the database keeps about configuration versions: validation
 * records (config_validations) and activations (config_rollouts).
 * Owns: the SQL of those two tables.
 * Uses: store/db, util/json.
 * Thread-safety: as the connection passed in.
 */
#ifndef KAZI_STORE_CONFIGDB_H
#define KAZI_STORE_CONFIGDB_H

#include <stdint.h>

#include "store/db.h"
#include "util/json.h"

/* Record a validation of `commit`: ok (1/0), the problems as a JSON array (borrowed;
 * warnings are kept in the same column, marked "severity": "warning"), how complete
 * each language is (a JSON array, borrowed; NULL: not known), which checks ran, when
 * (RFC 3339) and by whom. Runs in the caller's transaction if one is open. */
int kazi_configdb_validation_add(kazi_db *db, const char *commit, int ok, const json_t *errors,
                                 const json_t *languages, const char *checks, const char *at,
                                 const char *by);

/* The latest validation of `commit` as a new {commit, ok, errors, warnings, checks,
 * validated_at, validated_by, languages} (problems marked "severity": "warning" under
 * warnings; languages [] when not known);
 * KAZI_ENOTFOUND (field "commit") if it was never validated. */
int kazi_configdb_validation_latest(json_t **out, kazi_db *db, const char *commit);

/* A rollout row's state: an intent recorded before refs/kazi/live moves, a completed
 * activation (the history), or an intent whose ref never moved. */
#define KAZI_ROLLOUT_PENDING   "pending"
#define KAZI_ROLLOUT_DONE      "done"
#define KAZI_ROLLOUT_ABANDONED "abandoned"

/* Record an activation in `state` (one of KAZI_ROLLOUT_*); `from` is NULL for the first
 * version. The new row id goes to *id (may be NULL). Runs in the caller's transaction
 * if one is open. */
int kazi_configdb_rollout_add(int64_t *id, kazi_db *db, const char *from, const char *to,
                              const char *by, const char *reason, const char *at,
                              const char *request_id, const char *state);

/* Move rollout `id` from 'pending' to `state`; KAZI_ENOTFOUND when no pending row has
 * that id. Runs in the caller's transaction if one is open. */
int kazi_configdb_rollout_settle(kazi_db *db, int64_t id, const char *state);

/* Every pending rollout, oldest first, as a new array of {id, from, to, activated_by,
 * reason, activated_at, request_id}. */
int kazi_configdb_rollouts_pending(json_t **out, kazi_db *db);

/* The `to` commit of the newest completed rollout into out; KAZI_ENOTFOUND when none. */
int kazi_configdb_rollout_last(char out[41], kazi_db *db);

/* The newest `limit` completed activations, newest first, as a new array of {id, from,
 * to, activated_by, reason, activated_at, request_id}. */
int kazi_configdb_rollouts(json_t **out, kazi_db *db, int limit);

/* Every commit that a completed activation made live, as a new object
 * {commit: true, ...}. */
int kazi_configdb_ever_live(json_t **out, kazi_db *db);

#endif
