/*
 * personnames (store) — the names a list of people is shown with: each person's current
 * post (title and cadre) and the area they live in, for a page of search results.
 * Owns: one bounded statement over person, assignment, position and org_unit.
 * Uses: store/db (statement cache), util/json.
 * Thread-safety: as the connection passed in.
 */
#ifndef KAZI_STORE_PERSONNAMES_H
#define KAZI_STORE_PERSONNAMES_H

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

#endif
