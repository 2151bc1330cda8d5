/*
 * personnames (store) — the names a list of people is shown with: each person's current
 * post (title and cadre) and the area they live in, for a page of search results.
 * Owns: one bounded statement over person, assignment, position and org_unit.
 * Uses: store/db (statement cache), util/json.
 * Thread-safety: as the connection passed in.
 */
#ifndef KAZI_STORE_PERSONNAMES_H
#define KAZI_STORE_PERSONNAMES_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "util/json.h"

/* How many people one statement names; a longer list takes one statement per this many. */
enum { KAZI_STORE_PERSON_NAMES_BATCH = 50 };

/*
 * For each object of the array `items` that has an integer "id" (a person), set
 * "position_title" and "cadre" (of the current assignment: no end date, the latest
 * started; null without one) and "residence_name" (the name of the org unit they live
 * in). One statement per KAZI_STORE_PERSON_NAMES_BATCH people (a page of 25 or 50 is
 * one), whatever the register's size. KAZI_OK, or a store error (items unchanged for
 * the batch that failed).
 */
int kazi_store_person_names(json_t *items, kazi_db *db);

/* One person's names as kazi_store_person_names reads them; NULL where there is none.
 * The strings last until the callback returns. */
typedef struct kazi_person_names {
    int64_t id;
    const char *residence_name, *position_title, *cadre;
} kazi_person_names;

/* The same names for the people `ids` (n of them; an id <= 0 is skipped), one call of
 * fn per person found, in no particular order; stops at fn's first negative return.
 * KAZI_OK, a store error, or fn's error. */
int kazi_store_person_names_each(kazi_db *db, const int64_t *ids, size_t n,
                                 int (*fn)(void *ctx, const kazi_person_names *names), void *ctx);

/* The plan of the statement above (EXPLAIN QUERY PLAN, for tests): a new JSON array of
 * its detail strings. Each person costs a fixed handful of index look-ups — their row,
 * their unit, their current post from assignment_current_person without reading an
 * assignment, the post — whatever the register's size. */
int kazi_store_person_names_plan(json_t **out, kazi_db *db);

#endif
