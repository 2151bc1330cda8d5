/*
 * orgunit — the org_unit table: the country's hierarchy as a materialised path.
 * Owns: org_unit rows, their `path` ("/1/7/42/") and subtree range queries.
 * Uses: store/db, util/json.
 * Thread-safety: as the connection passed in.
 */
#ifndef KAZI_STORE_ORGUNIT_H
#define KAZI_STORE_ORGUNIT_H

#include <stdint.h>

#include "store/db.h"
#include "util/json.h"

#define KAZI_ORGUNIT_PATH_MAX 256

typedef struct kazi_orgunit {
    int64_t id;
    int64_t parent_id; /* 0 for the root */
    int depth;         /* 0 = country */
    char code[65];
    char name[201];
    char level_id[33];
    char path[KAZI_ORGUNIT_PATH_MAX];
} kazi_orgunit;

/* Row by id / by code into *out. KAZI_ENOTFOUND when absent. */
int kazi_orgunit_get(kazi_orgunit *out, kazi_db *db, int64_t id);
int kazi_orgunit_get_by_code(kazi_orgunit *out, kazi_db *db, const char *code);

/* Insert a unit under `parent` (NULL for the root); computes the path. Sets out->id and
 * out->path. KAZI_EEXISTS when the code is taken. */
int kazi_orgunit_insert(kazi_orgunit *unit, kazi_db *db, const kazi_orgunit *parent);

/* Update code and name of unit->id. KAZI_EEXISTS for a taken code. */
int kazi_orgunit_update(kazi_db *db, const kazi_orgunit *unit);

/* Number of units (all, or with no parent when roots_only). */
int kazi_orgunit_count(int64_t *out, kazi_db *db, int roots_only);

/*
 * Upper bound of the subtree range of `path`: every descendant's path p satisfies
 * path <= p < end. `end` must hold KAZI_ORGUNIT_PATH_MAX bytes.
 */
void kazi_orgunit_subtree_end(char *end, const char *path);

/* JSON object of a unit: {id, code, name, parent_id, depth, level}. New reference. */
json_t *kazi_orgunit_json(const kazi_orgunit *u);

/*
 * Children of parent_id (0: the roots) whose paths lie in [lo, hi), sorted by name,
 * as a new JSON array. Pass lo "/" and hi "0" for no restriction.
 */
int kazi_orgunit_children(json_t **out, kazi_db *db, int64_t parent_id, const char *lo,
                          const char *hi, int limit, int offset);

/* Units whose name or code contains `q` (case-insensitive), within [lo, hi), at most
 * `limit`, as a new JSON array. */
int kazi_orgunit_search(json_t **out, kazi_db *db, const char *q, const char *lo, const char *hi,
                        int limit);

/* The units named by the ids in `path`, root first, as a new JSON array. */
int kazi_orgunit_path_json(json_t **out, kazi_db *db, const char *path);

/* Call fn for every unit with lo <= path < hi in path order (so every parent comes
 * before its children), with its parent's code ("" for the root). Stops at the first
 * negative return and returns it. */
int kazi_orgunit_each(kazi_db *db, const char *lo, const char *hi,
                      int (*fn)(void *ctx, const kazi_orgunit *u, const char *parent_code),
                      void *ctx);

#endif
