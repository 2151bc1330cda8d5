/*
 * support (store) — SQL of supervision, sessions, payments, support activities,
 * activity returns and the user→person link (the figures' SQL is store/figures).
 * Owns: the statements that write and list supervision, supervision_session, payment,
 * support_activity, activity_return and user_person (the figures read them in
 * store/figures).
 * Uses: store/db (internal), util/json.
 * Thread-safety: as the connection passed in.
 */
#ifndef KAZI_STORE_SUPPORT_H
#define KAZI_STORE_SUPPORT_H

#include <stdint.h>

#include "store/db.h"
#include "util/json.h"

/* The person linked to user `user_id` into *out, 0 when none. */
int kazi_store_user_person_get(int64_t *out, kazi_db *db, int64_t user_id);
/* Link (person_id > 0) or unlink (0) a user; KAZI_ENOTFOUND (field "id") for no user. */
int kazi_store_user_person_set(kazi_db *db, int64_t user_id, int64_t person_id);

/* One record by table kind ("supervision"; "session"), with the worker's org_path. */
int kazi_store_supervision_get(json_t **out, kazi_db *db, int64_t id);
int kazi_store_supervision_insert(int64_t *out, kazi_db *db, const json_t *s, int64_t now_ms);
int kazi_store_supervision_end(kazi_db *db, int64_t id, const char *end_date, const char *reason,
                               int64_t now_ms);
/* Supervisions of a worker (person_id) or of a supervisor (supervisor_id), newest first. */
int kazi_store_supervision_list(json_t **out, kazi_db *db, int64_t person_id,
                                int64_t supervisor_id);
/* 1 in *out when `supervisor` currently supervises `person` (on date `on`). */
int kazi_store_supervises(int *out, kazi_db *db, int64_t supervisor, int64_t person);
/* Current supervisions of `person` by `supervisor` (duplicates are refused). */
int kazi_store_supervision_current(int64_t *out, kazi_db *db, int64_t person, int64_t supervisor);

int kazi_store_session_insert(int64_t *out, kazi_db *db, const json_t *s, int64_t now_ms);
int kazi_store_session_list(json_t **out, kazi_db *db, int64_t person_id);

/*
 * Supervised minutes of a person: the sum of duration_minutes of their supervision
 * sessions, on or after `since` (YYYY-MM-DD; NULL: all). Certification rules count
 * these (issue 7). *out is 0 for a person with none (or no such person).
 */
int kazi_store_supervised_minutes(int64_t *out, kazi_db *db, int64_t person_id, const char *since);

/* The same for the people in `ids` (a JSON array of person ids) in one query, sessions
 * dated within [since, until] (either NULL: open): a row (person_id, minutes) to fn for
 * each person with sessions, by person_id. Dossiers read supervised hours with it. */
int kazi_store_supervised_minutes_of(kazi_db *db, const char *ids, const char *since,
                                     const char *until, kazi_row_fn fn, void *ctx);

int kazi_store_payment_insert(int64_t *out, kazi_db *db, const json_t *p, int64_t now_ms);
int kazi_store_payment_list(json_t **out, kazi_db *db, int64_t person_id);
int kazi_store_support_insert(int64_t *out, kazi_db *db, const json_t *s, int64_t now_ms);
int kazi_store_support_list(json_t **out, kazi_db *db, int64_t person_id);

/* Set one count of a monthly return (insert or replace). */
int kazi_store_return_put(kazi_db *db, int64_t person_id, const char *period, const char *activity,
                          int64_t count, int64_t now_ms);
/* A worker's returns, optionally of one period (NULL: all), by period then activity. */
int kazi_store_return_list(json_t **out, kazi_db *db, int64_t person_id, const char *period);

/* Current cadres of a person: new array of {"cadre","level","engagement","org_path"}. */
int kazi_store_person_posts(json_t **out, kazi_db *db, int64_t person_id);

#endif
