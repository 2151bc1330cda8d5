/*
 * training — training events of declared courses, enrolment (one by one or in bulk),
 * attendance and results, how far trainees travelled (principle 12), and credit for
 * prior learning and experience (principle 8). Every change writes an audit row in
 * its own transaction.
 * Owns: the rules of these records and their API shapes.
 * Uses: store/training, store/registry, domain/registry (actor, scope), domain/audit,
 *       lua/runtime (the declared courses of the active configuration).
 * Thread-safety: reentrant; each call uses the connection passed in.
 */
#ifndef KAZI_DOMAIN_TRAINING_H
#define KAZI_DOMAIN_TRAINING_H

#include <stdint.h>

#include "domain/registry.h"
#include "store/db.h"
#include "util/json.h"

/*
 * Create an event from {course, course_version?, title?, venue_org_unit_id, start_date,
 * end_date, capacity, trainer_ids?[]}. The course must be declared by the active
 * configuration (course_version defaults to the declared version and must equal it);
 * the venue must be inside the actor's scope; trainers must be people in the register
 * whom the actor may see (a national officer can name master trainers from anywhere).
 * *out: the new event. Errors: KAZI_EINVALID naming the field.
 */
int kazi_training_event_create(json_t **out, kazi_db *db, const kazi_caller *actor,
                               const json_t *in);

/* The event when its venue is in the actor's scope, else KAZI_ENOTFOUND. */
int kazi_training_event_get(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t id);

/* Events in the actor's scope (optionally of one course), by start date. */
int kazi_training_event_list(json_t **out, kazi_db *db, const kazi_caller *actor,
                             const char *course, int limit);

/*
 * Enrol {person_id} or {person_ids:[...]} (at most 1000; not both) all or nothing: each person
 * visible to the actor, active and not yet enrolled, and the event's capacity not
 * exceeded (KAZI_ECONFLICT, field "capacity"). Each enrolment records whether the
 * venue lies outside the trainee's home district (travelled) and ward
 * (outside_ward). *out: {"items":[enrolment...]}.
 */
int kazi_training_enrol(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t event_id,
                        const json_t *in);

/* The event's enrolments with results ({items}), and home_levels {ward, district}: the
 * levels each enrolment's travelled and outside_ward were counted by. */
int kazi_training_enrolments(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t event_id);

/*
 * Record {person_id, attended, passed?, score?, completion_date?} for an enrolled
 * trainee: passed needs attended and a completion_date within [start_date, end_date
 * + 1 year], and a completion_date is taken only with a pass; score 0..100. The body
 * follows the "training_result" field table (unknown fields refused by name).
 * KAZI_EINVALID (field "person_id") when the person is not enrolled. *out: the
 * enrolment (the "enrolment" table's allow-list).
 */
int kazi_training_result(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t event_id,
                         const json_t *in);

/*
 * Record prior learning for a visible person: {kind: "training"|"experience", what,
 * evidence, approved_by, approved_date, equivalent_course?, hours?}. An
 * equivalent_course must be declared; rules then count it as completed. *out: the row.
 */
int kazi_training_prior_add(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t person_id,
                            const json_t *in);
int kazi_training_prior_list(json_t **out, kazi_db *db, const kazi_caller *actor,
                             int64_t person_id);

/*
 * A visible person's training history: every enrolment with attendance, result and
 * travel, and its event's course, version, title, venue and dates, newest first.
 * KAZI_ENOTFOUND (field "id") for a person outside the actor's area. *out: the list.
 */
int kazi_training_person_enrolments(json_t **out, kazi_db *db, const kazi_caller *actor,
                                    int64_t person_id);

/* The person row (store shape, with org_path) when visible to the actor, else
 * KAZI_ENOTFOUND naming `field`. Shared by certificate and career. */
int kazi_training_person(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t id,
                         const char *field);

/* Append an audit row for a change by the actor (NULL before/after allowed). */
int kazi_training_audit(kazi_db *db, const kazi_caller *actor, const char *action, const char *type,
                        int64_t id, const json_t *before, const json_t *after);

/* The declared catalogue entry of `kind` ("courses", "certifications", "moves") with
 * id `id` in the active configuration: a new reference, or KAZI_EINVALID naming
 * `field`. `source` (may be NULL) receives the configuration id (>= 128 bytes). */
int kazi_training_declared(json_t **out, char *source, const char *kind, const char *id,
                           const char *field);

#endif
