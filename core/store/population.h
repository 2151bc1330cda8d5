/*
 * population — the population table: how many people of a population group live in
 * an org unit in a year (the denominators of workforce indicators).
 * Owns: population rows.
 * Uses: store/db.
 * Thread-safety: as the connection passed in.
 */
#ifndef KAZI_STORE_POPULATION_H
#define KAZI_STORE_POPULATION_H

#include <stdint.h>

#include "store/db.h"

/* One figure: `count` people of `group` in unit `org_unit_id` (path `path`) in `year`. */
typedef struct kazi_population_figure {
    int64_t org_unit_id;
    const char *path;  /* lent for the callback */
    const char *group; /* lent for the callback */
    int year;
    int64_t count;
} kazi_population_figure;

/* Set the figure of (org_unit_id, year, group), replacing one already stored.
 * KAZI_EINVALID when the database's checks refuse it (year, count). */
int kazi_store_population_put(kazi_db *db, int64_t org_unit_id, int year, const char *group,
                              int64_t count, int64_t now_ms);

/*
 * Call fn for every figure of the units with lo <= path < hi, of `year` (0: every
 * year), ordered by year, group, then path (so a unit comes before its descendants).
 * Stops at fn's first negative return and returns it.
 */
int kazi_store_population_each(kazi_db *db, const char *lo, const char *hi, int year,
                               int (*fn)(void *ctx, const kazi_population_figure *f), void *ctx);

#endif
