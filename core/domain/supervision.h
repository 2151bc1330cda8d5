/*
 * supervision — who supervises whom and the sessions they hold (principle 17): the
 * assignment of a supervisor checked against the configuration's kazi.supervision
 * (the `supervisors` list of cadres, then its rule), ending it, and the sessions whose
 * minutes certification rules count.
 * Owns: the supervision and session rules (self-supervision, an active supervisor,
 * a worker holding a post, no duplicate, a session only under a current supervision)
 * and who may supervise whom: a kazi.supervision declaration's `supervisors` list,
 * then its rule.
 * Uses: store/support, domain/support (reach, storing), domain/registry, lua/runtime
 * (the declaration's rule function).
 * Thread-safety: reentrant; each call uses the connection passed in.
 */
#ifndef KAZI_DOMAIN_SUPERVISION_H
#define KAZI_DOMAIN_SUPERVISION_H

#include <stddef.h>
#include <stdint.h>

#include "domain/registry.h"
#include "lua/runtime.h"
#include "store/db.h"
#include "util/json.h"

/*
 * Assign a supervisor: {person_id, supervisor_person_id, type: individual|group|
 * job_sharing|shadowing, start_date, end_date?} (table "supervision"). Both people
 * visible and active, the worker holding a current post; the configuration's
 * kazi.supervision for the worker's cadre must allow it, else KAZI_EINVALID naming
 * "supervisor_person_id" with the reason. Audited. *out: the record.
 */
int kazi_supervision_create(json_t **out, kazi_db *db, const kazi_caller *c, const json_t *in);
int kazi_supervision_get(json_t **out, kazi_db *db, const kazi_caller *c, int64_t id);
/* End a current supervision: {end_date (>= start), reason?} (table "supervision_end").
 * A supervision out of reach is KAZI_ENOTFOUND before the body is looked at. */
int kazi_supervision_end(json_t **out, kazi_db *db, const kazi_caller *c, int64_t id,
                         const json_t *in);
/* Supervisions of worker `person_id` or of supervisor `supervisor_id` (one of them). */
int kazi_supervision_list(json_t **out, kazi_db *db, const kazi_caller *c, int64_t person_id,
                          int64_t supervisor_id);

/* Record a session {person_id, supervisor_person_id? (default: the caller's person),
 * session_date (not in the future), duration_minutes 1..1440, mode, topics?,
 * follow_up?} (table "supervision_session"). */
int kazi_supervision_session_create(json_t **out, kazi_db *db, const kazi_caller *c,
                                    const json_t *in);
/* A worker's sessions (newest first) and their supervised_minutes, counted on or after
 * `since` (YYYY-MM-DD; NULL: all). */
int kazi_supervision_session_list(json_t **out, kazi_db *db, const kazi_caller *c,
                                  int64_t person_id, const char *since);

/*
 * May `supervisor` supervise `worker`, whose cadre is `cadre`, under generation `g`
 * (NULL: the active one)? The kazi.supervision declaration of the cadre decides: its
 * `supervisors` list (the supervisor's "cadres" list or "cadre" must name one), then
 * its rule function (which lua/runtime runs). No declaration: allowed. *out is a new
 * {"allowed":bool, "reason":text|null, "source", "declaration":"file:line"|null}.
 * KAZI_EPLUGIN when the rule fails; KAZI_EBUSY when no configuration is loaded.
 */
int kazi_supervision_check(json_t **out, kazi_lua_gen *g, const char *cadre, const json_t *worker,
                           const json_t *supervisor);

/* The `supervisors` list of the kazi.supervision of `cadre` in catalogue `cat` against
 * the supervisor's "cadres" list or "cadre": 1 allowed (or no list), 0 refused with the
 * reason in `reason`, -1 when the cadre has no declaration. */
int kazi_supervision_supervisors_allow(const json_t *cat, const char *cadre,
                                       const json_t *supervisor, char *reason, size_t size);

/* Install kazi_supervision_supervisors_allow as the check t.supervision applies in
 * configuration tests (lua/runtime). Idempotent; domain/plugins calls it before it
 * builds a generation. */
void kazi_supervision_install(void);

/* What a supervision rule sees of a person (a new object): cadres and levels of their
 * current `posts` (as the store lists them), the first post's cadre, level and
 * engagement, and their supervised minutes. The demo generator asks the rule with it. */
json_t *kazi_supervision_view(kazi_db *db, int64_t person, const json_t *posts);

#endif
