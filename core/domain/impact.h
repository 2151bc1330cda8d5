/*
 * impact — the impact preview of a candidate configuration version (issue 5 point 5):
 * every certification and move rule evaluated for every active worker under the live
 * and the candidate generation, and the custom fields the candidate makes required.
 * Owns: the preview's reply shape.
 * Uses: domain/dossier, domain/plugins, config/repo, lua/runtime, store/registry.
 * Thread-safety: reentrant; uses the connection passed in and this thread's Lua states.
 */
#ifndef KAZI_DOMAIN_IMPACT_H
#define KAZI_DOMAIN_IMPACT_H

#include "store/db.h"
#include "util/json.h"

/* Workers read and evaluated per batch: few enough that a batch's dossiers stay in the
 * core's cache while every rule of both versions reads them (200 took a quarter less
 * CPU than 1000 over a demo register). */
#define KAZI_IMPACT_BATCH 200
/* Names given per change. */
#define KAZI_IMPACT_SAMPLE 5

/*
 * Preview `candidate_commit` (any kazi_config_resolve spec) against the live
 * configuration: the active generation, or — when none is active (the CLI) — one built
 * from refs/kazi/live of the repository kazi_config_repo(). *out (new) is
 * {"live","candidate" (commit ids),"workers" (active people evaluated),
 *  "certifications":[{id,status,gain,lose,gain_sample,lose_sample,errors,live_errors,
 *                      error_sample}],
 *  "moves":[same],
 *  "fields_now_required":[{id,applies_to,label,invalid_records}]}
 * where status is "kept" (declared in both; the rule itself may differ), "added" or
 * "removed" (a rule missing on one side is never eligible there), gain counts workers eligible
 * under the candidate and not live (lose the reverse), a sample holds up to KAZI_IMPACT_SAMPLE
 * {"person_id","name"}, and invalid_records counts the records (active people or
 * positions) without a value for a field required by the candidate but not by live.
 * A rule error stays with its worker and rule: errors (live_errors) counts the workers
 * for whom the candidate's (the live) rule failed, who then count neither as gain nor
 * lose, and error_sample holds up to KAZI_IMPACT_SAMPLE {"person_id","name","version"
 * ("candidate"|"live"),"file","line","message"}; the other rules still answer.
 * Errors: KAZI_ENOTFOUND (field "commit") for an unknown version, KAZI_EINVALID for a
 * malformed one, KAZI_EPLUGIN when the candidate does not load, KAZI_ERROR without a
 * repository. Nothing is stored.
 */
int kazi_config_impact(json_t **out, kazi_db *db, const char *candidate_commit);

#endif
