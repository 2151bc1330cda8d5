/*
 * returns — monthly activity returns (principle 7): how many of each activity type
 * (declared with kazi.activity) a worker did in a month, entered one worker at a time
 * or imported from CSV.
 * Owns: the return rules (declared activity ids, whole counts, one month) and the
 * all-or-nothing CSV import of returns.
 * Uses: store/support, domain/support (reach), lua/runtime (kazi.activity of the
 * active configuration), util/csv.
 * Thread-safety: reentrant; each call uses the connection passed in.
 */
#ifndef KAZI_DOMAIN_RETURNS_H
#define KAZI_DOMAIN_RETURNS_H

#include <stddef.h>
#include <stdint.h>

#include "domain/registry.h"
#include "store/db.h"
#include "util/json.h"

/* A monthly return {person_id, period YYYY-MM, counts: {activity id: n >= 0}} (table
 * "activity_return") with activity ids declared by kazi.activity; replaces those
 * counts of that month. *out as kazi_returns_list for that month. Audited. */
int kazi_returns_put(json_t **out, kazi_db *db, const kazi_caller *c, const json_t *in);

/* A worker's counts, optionally of one month (NULL: all): {"items": [{person_id,
 * period, activity, count, updated_at}]} (table "activity_count"). */
int kazi_returns_list(json_t **out, kazi_db *db, const kazi_caller *c, int64_t person_id,
                      const char *period);

/*
 * Import returns from CSV (header person_id, period, then one column per activity
 * id). All or nothing: every row is checked first; on any problem nothing is written
 * and *out is {"ok":false,"errors":[{"row","column","field","message"}]} with
 * KAZI_EINVALID returned; else {"ok":true,"rows":n,"counts":m}.
 */
int kazi_returns_import(json_t **out, kazi_db *db, const kazi_caller *c, const char *csv,
                        size_t len);

#endif
