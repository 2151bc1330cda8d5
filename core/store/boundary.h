/*
 * boundary — org-unit boundaries: one GeoJSON geometry per org unit, for the map.
 * Owns: org_unit_boundary rows.
 * Uses: store/db.
 * Thread-safety: as the connection passed in.
 */
#ifndef KAZI_STORE_BOUNDARY_H
#define KAZI_STORE_BOUNDARY_H

#include <stdint.h>

#include "store/db.h"
#include "util/json.h"

/* Set the geometry (GeoJSON text, `points` positions) of org unit `org_unit_id`,
 * replacing one already stored. */
int kazi_store_boundary_put(kazi_db *db, int64_t org_unit_id, const char *geometry, int64_t points,
                            int64_t now_ms);

/* The org units of level `level_id` with lo <= path < hi that have a boundary, as a new
 * JSON array of {id, code, name, geometry (text)} ordered by code, at most `limit`. */
int kazi_store_boundary_list(json_t **out, kazi_db *db, const char *lo, const char *hi,
                             const char *level_id, int limit);

#endif
