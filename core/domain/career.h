/*
 * career — the career ladder and lattice declared by kazi.move (principles 8, 9, 11):
 * a person's options (eligible moves and what is missing for the others), ranked
 * candidates for a move in an org unit (batch evaluation), the lattice as a graph,
 * and recording a move: the old assignment ends (promotion / transfer), the new one
 * starts, the move is a successful outcome and the old post awaits a trained
 * replacement.
 * Owns: the reply shapes of these operations.
 * Uses: domain/dossier, domain/training, domain/registry, store/training,
 *       store/registry, lua/runtime.
 * Thread-safety: reentrant; each call uses the connection passed in.
 */
#ifndef KAZI_DOMAIN_CAREER_H
#define KAZI_DOMAIN_CAREER_H

#include <stddef.h>
#include <stdint.h>

#include "domain/registry.h"
#include "store/db.h"
#include "util/json.h"
#include "util/thread.h"

/* {"person_id","current":[cadres],"config_id","eligible":[{move,to,kind,...}],
 * "others":[{move,to,kind,missing}]} over every declared move: eligible are those
 * from a cadre the person holds now whose rule passes; for a move from another cadre
 * the first missing item is {"from_cadre", "en": "hold a current <cadre> post"}. A move
 * whose rule fails for this person is in "others" with "error": {"file","line",
 * "message"}; the other moves still answer. */
int kazi_career_options(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t person_id);

/* Holders of the move's from-cadre in org unit `org_unit_id` (0: the actor's scope),
 * evaluated in one batch: {"move","config_id","items":[{person_id,given_name,
 * family_name,eligible,missing,error?}]}, eligible first, then by fewest missing items;
 * a person for whom the rule fails has "error" {"file","line","message"} and comes last. */
int kazi_career_candidates(json_t **out, kazi_db *db, const kazi_caller *actor, const char *move,
                           int64_t org_unit_id, int limit);

/* {"nodes":[{id,name,group,level}],"edges":[{id,from,to,kind,bridging}],"config_id"}. */
int kazi_career_lattice(json_t **out);

/*
 * Record {move, position_id, date, engagement?, override_reason?} for a visible
 * person holding the move's from-cadre in an open assignment: the rule must pass
 * (KAZI_ECONFLICT slug "not_eligible" otherwise, unless may_override and a reason),
 * the position must be vacant, visible and of the move's to-cadre. In one
 * transaction: the old assignment ends with reason "promotion" (vertical) or
 * "transfer" (lateral), the new one starts, a career_move row (outcome "success",
 * config id) is written and the old position is flagged as needing a trained
 * replacement; every change is audited. *out: {"career_move","ended","started",
 * "replacement"}.
 */
int kazi_career_record(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t person_id,
                       const json_t *in, int may_override);

/* Posts left by a move (in org unit `org_unit_id`, 0: the actor's scope) still
 * without a holder: a replacement must be trained. {"items":[...]} */
int kazi_career_replacements(json_t **out, kazi_db *db, const kazi_caller *actor,
                             int64_t org_unit_id);

/* A visible person's recorded moves. */
int kazi_career_moves(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t person_id);

/*
 * Batch eligibility: build the dossiers of `n` people once (with the connection's
 * prepared statements) and evaluate rule `id` of `kind` — or, with id NULL, every
 * declared rule of that kind — one entry into Lua per rule on this thread's state.
 * eligible[i] receives how many of the rules person i passes (missing lists are
 * dropped). With a helper (util/thread: kazi_helper_start(kazi_lua_thread_exit); NULL:
 * none), the second half of the batch is evaluated on the helper's thread, so a batch
 * uses two cores; the answers are the same. For reports and the benchmark
 * (tests/bench/eligibility.c).
 */
int kazi_career_batch(int *eligible, kazi_db *db, const char *kind, const char *id,
                      const int64_t *people, size_t n, kazi_helper *helper);

#endif
