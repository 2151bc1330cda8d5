/*
 * dhis2 (store) — the counts behind the figures Kazi sends to DHIS2, grouped by the
 * org-unit path they belong to and their dimensions (cadre, sex, activity type). The
 * domain rolls them up to the reporting org units (domain/dhis2_figures.c).
 * Owns: the figures' SQL.
 * Uses: store/internal (SQLite).
 * Thread-safety: as db.h (one connection per thread).
 */
#ifndef KAZI_STORE_DHIS2_H
#define KAZI_STORE_DHIS2_H

#include <stdint.h>

#include "store/db.h"

/* What the counts are restricted to. Paths are org_unit.path values, lo <= path < hi. */
typedef struct kazi_dhis2_span {
    const char *lo, *hi;                  /* the org-unit range (scope and --org-unit) */
    const char *first_month, *last_month; /* "YYYY-MM": the period's months, inclusive */
    const char *first_day, *last_day;     /* "YYYY-MM-DD": the period's days, inclusive */
} kazi_dhis2_span;

/* One group of a figure. Strings are lent for the call; NULL when the figure has no
 * such dimension. */
typedef struct kazi_dhis2_count {
    const char *path; /* where it is counted: the post's org unit or the worker's residence */
    const char *cadre, *sex, *activity;
    int64_t count;
} kazi_dhis2_count;

/* Receives each group; a negative return stops the query and is returned. */
typedef int (*kazi_dhis2_count_fn)(void *ctx, const kazi_dhis2_count *c);

/* Active people in a current post, where the post is, by cadre and sex. */
int kazi_store_dhis2_headcount(kazi_db *db, const kazi_dhis2_span *s, kazi_dhis2_count_fn fn,
                               void *ctx);

/* Approved posts by cadre; vacant: approved posts with no current holder. */
int kazi_store_dhis2_positions(kazi_db *db, const kazi_dhis2_span *s, int vacant_only,
                               kazi_dhis2_count_fn fn, void *ctx);

/* As headcount, only those holding a valid certificate not expired on the period's
 * last day. */
int kazi_store_dhis2_certified(kazi_db *db, const kazi_dhis2_span *s, kazi_dhis2_count_fn fn,
                               void *ctx);

/* As headcount, only those with a current supervisor. */
int kazi_store_dhis2_supervised(kazi_db *db, const kazi_dhis2_span *s, kazi_dhis2_count_fn fn,
                                void *ctx);

/* Supervision sessions dated in the period, where the worker lives. */
int kazi_store_dhis2_sessions(kazi_db *db, const kazi_dhis2_span *s, kazi_dhis2_count_fn fn,
                              void *ctx);

/* Activity return counts of the period's months summed, where the worker lives, by
 * activity type. */
int kazi_store_dhis2_activity(kazi_db *db, const kazi_dhis2_span *s, kazi_dhis2_count_fn fn,
                              void *ctx);

#endif
