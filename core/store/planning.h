/*
 * planning — the counts workforce planning is computed from: org units of a level,
 * the active workforce in posts of a cadre, exits from those posts, and the training
 * funnel (enrolled → passed → certified → placed) that feeds a cadre.
 * Owns: those read-only queries.
 * Uses: store/db.
 * Thread-safety: as the connection passed in.
 */
#ifndef KAZI_STORE_PLANNING_H
#define KAZI_STORE_PLANNING_H

#include <stdint.h>

#include "store/db.h"
#include "util/json.h"

/* The org units of level `level_id` with lo <= path < hi, as a new JSON array of
 * {id, code, name, path} ordered by name then id, at most `limit` of them. */
int kazi_store_planning_units(json_t **out, kazi_db *db, const char *lo, const char *hi,
                              const char *level_id, int limit);

/* *out: how many org units of level `level_id` have lo <= path < hi. */
int kazi_store_planning_level_count(int64_t *out, kazi_db *db, const char *lo, const char *hi,
                                    const char *level_id);

/* *out: the active workforce of `cadre` in posts with lo <= post path < hi: people
 * (status active) holding such a post now (one assignment with no end date). */
int kazi_store_planning_supply(int64_t *out, kazi_db *db, const char *lo, const char *hi,
                               const char *cadre);

/* *out: exits from posts of `cadre` with lo <= post path < hi whose end_date is on or
 * after `from` and before `to` (ISO dates), counting the reasons that lose the worker
 * (resignation, retirement, death, dismissal), not promotions or transfers. */
int kazi_store_planning_exits(int64_t *out, kazi_db *db, const char *lo, const char *hi,
                              const char *cadre, const char *from, const char *to);

/* The training funnel of one cadre over a window of years. */
typedef struct kazi_store_funnel {
    int64_t enrolled;  /* people enrolled in an event of a course that leads to the cadre */
    int64_t passed;    /* of them, people who passed one such event */
    int64_t certified; /* of them, people holding one of the cadre's certifications
                          issued on or after their first such event */
    int64_t placed;    /* of them, people who started in a post of the cadre on or after it */
} kazi_store_funnel;

/* The funnel of `cadre`: people living in lo <= path < hi enrolled in an event of one
 * of `courses` (a JSON array of course ids) that started on or after `from` and before
 * `to`; `certifications` (a JSON array of ids) are the cadre's certifications. */
int kazi_store_planning_funnel(kazi_store_funnel *out, kazi_db *db, const char *lo, const char *hi,
                               const char *cadre, const json_t *courses,
                               const json_t *certifications, const char *from, const char *to);

#endif
