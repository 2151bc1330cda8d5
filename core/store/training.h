/*
 * training (store) — every SQL statement of training events, enrolments, prior
 * learning, certificates, recorded career moves and positions awaiting a trained
 * replacement, and the reads that build a worker's dossier.
 * Owns: the rows of the tables of migration 0006_training.sql and their JSON shapes.
 * Uses: store/db (statement cache), util/json, util/clock.
 * Thread-safety: as the connection passed in. Callers hold the transaction.
 *
 * Records cross this boundary as JSON objects keyed by column name; the domain layer
 * (domain/training, domain/certificate, domain/career) validates them.
 */
#ifndef KAZI_STORE_TRAINING_H
#define KAZI_STORE_TRAINING_H

#include <stdint.h>

#include "store/db.h"
#include "util/json.h"

/* ---- events ---------------------------------------------------------------------------- */

/* Insert an event from `e` (course, course_version, title, venue_org_unit_id, venue_path,
 * start_date, end_date, capacity, config_id). *out: the new id. */
int kazi_store_event_insert(int64_t *out, kazi_db *db, const json_t *e, int64_t now_ms);

/* The event row with "trainers" (array of person ids) and "enrolled" (count);
 * KAZI_ENOTFOUND (field "id"). *out is the caller's. */
int kazi_store_event_get(json_t **out, kazi_db *db, int64_t id);

/* Events whose venue path lies in [lo, hi) (NULL: all), optionally of one course,
 * by start date then id, at most `limit`. *out: new array. */
int kazi_store_event_list(json_t **out, kazi_db *db, const char *lo, const char *hi,
                          const char *course, int limit);

int kazi_store_trainer_add(kazi_db *db, int64_t event_id, int64_t person_id);

/* Number of trainees enrolled in an event. */
int kazi_store_enrolment_count(int64_t *out, kazi_db *db, int64_t event_id);

/* Enrol; KAZI_EEXISTS (field "person_id") if already enrolled. */
int kazi_store_enrolment_insert(int64_t *out, kazi_db *db, int64_t event_id, int64_t person_id,
                                int travelled, int outside_ward, int64_t now_ms);

/* One enrolment (KAZI_ENOTFOUND, field "person_id") / all of an event, with the
 * trainee's name. *out is the caller's. */
int kazi_store_enrolment_get(json_t **out, kazi_db *db, int64_t event_id, int64_t person_id);
int kazi_store_enrolment_list(json_t **out, kazi_db *db, int64_t event_id);

/* Every enrolment of one person, newest event first, each with its event's course,
 * course_version, title, venue_org_unit_id, start_date and end_date. *out is the
 * caller's. */
int kazi_store_enrolment_person_list(json_t **out, kazi_db *db, int64_t person_id);

/* Record attendance and results (NULL json values store NULL). */
int kazi_store_enrolment_result(kazi_db *db, int64_t event_id, int64_t person_id, const json_t *r,
                                int64_t now_ms);

/* ---- prior learning ------------------------------------------------------------------------ */

/* Insert from `p` (person_id, kind, what, evidence, approved_by, approved_date,
 * equivalent_course, hours). */
int kazi_store_prior_insert(int64_t *out, kazi_db *db, const json_t *p, int64_t now_ms);
int kazi_store_prior_get(json_t **out, kazi_db *db, int64_t id);
int kazi_store_prior_list(json_t **out, kazi_db *db, int64_t person_id);

/* ---- dossier reads --------------------------------------------------------------------------- */

/* A dossier's lists (kazi_store_dossier_* below): courses completed are passed
 * enrolments and approved prior learning with an equivalent course ({id, version,
 * completed, hours, source}); assignments {cadre, level, org_unit (path), from, to,
 * engagement, position_id, assignment_id}; credentials are valid certificates ({id,
 * kind:"certificate", number, issued, expires}) and prior learning without an
 * equivalent course ({id:"prior-learning", kind:"prior_learning", what, hours, issued}). */

/*
 * The reads for a batch of people, one query each: `ids` is the JSON array text of
 * their ids; each row goes to fn as it is read (no JSON built). Every row's first
 * column is "person_id"; rows of one person are adjacent, in the order of the
 * single-person reads. People: the person fields a dossier needs ("custom" as its JSON
 * text). fn's negative answer stops the read and is returned.
 */
int kazi_store_dossier_people(kazi_db *db, const char *ids, kazi_row_fn fn, void *ctx);
int kazi_store_dossier_assignments(kazi_db *db, const char *ids, kazi_row_fn fn, void *ctx);
int kazi_store_dossier_courses(kazi_db *db, const char *ids, kazi_row_fn fn, void *ctx);
int kazi_store_dossier_credentials(kazi_db *db, const char *ids, kazi_row_fn fn, void *ctx);

/* ---- certificates --------------------------------------------------------------------------- */

/* The next free certificate id (inside the caller's write transaction). */
int kazi_store_certificate_next_id(int64_t *out, kazi_db *db);

/* Insert from `c` (id, number, person_id, certification, issued_date, expires_date,
 * evidence (object), config_id, override_reason, renews_id). */
int kazi_store_certificate_insert(kazi_db *db, const json_t *c, int64_t now_ms);
int kazi_store_certificate_get(json_t **out, kazi_db *db, int64_t id);
/* With the holder's given and family names and org_path; KAZI_ENOTFOUND. */
int kazi_store_certificate_by_number(json_t **out, kazi_db *db, const char *number);
int kazi_store_certificate_list(json_t **out, kazi_db *db, int64_t person_id);
int kazi_store_certificate_revoke(kazi_db *db, int64_t id, const char *reason, const char *date,
                                  int64_t now_ms);

/* Valid certificates with expires_date in [from, to] whose holder's path is in
 * [lo, hi) (NULL: all), with holder names; by expiry. */
int kazi_store_certificate_expiring(json_t **out, kazi_db *db, const char *from, const char *to,
                                    const char *lo, const char *hi, int limit);

/* Valid certificates of `certification` in [lo, hi), each with "last_refresher": the
 * latest completion of `course` by the holder (or null) and holder names. */
int kazi_store_certificate_refresher(json_t **out, kazi_db *db, const char *certification,
                                     const char *course, const char *lo, const char *hi, int limit);

/* ---- careers --------------------------------------------------------------------------------- */

/* People with a current assignment in `cadre` in [lo, hi): [{person_id, assignment_id,
 * position_id, org_path}] by person id. */
int kazi_store_cadre_holders(json_t **out, kazi_db *db, const char *cadre, const char *lo,
                             const char *hi, int limit);

int kazi_store_career_move_insert(int64_t *out, kazi_db *db, const json_t *m, int64_t now_ms);
int kazi_store_career_move_list(json_t **out, kazi_db *db, int64_t person_id);

/* Flag a position as needing a trained replacement (replaces an older flag). */
int kazi_store_replacement_set(kazi_db *db, int64_t position_id, const char *since,
                               int64_t career_move_id);
/* The flag of a position (KAZI_ENOTFOUND when none). */
int kazi_store_replacement_get(json_t **out, kazi_db *db, int64_t position_id);

/* Positions flagged by a move whose path is in [lo, hi) and that have no current
 * holder yet, oldest first, with the title, cadre and the move that emptied them. */
int kazi_store_replacements(json_t **out, kazi_db *db, const char *lo, const char *hi, int limit);

#endif
