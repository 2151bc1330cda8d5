/*
 * boundaries — org-unit boundaries for the coverage map: a GeoJSON FeatureCollection
 * whose features carry the org unit's code (properties.code), imported all or nothing,
 * each geometry checked (Polygon or MultiPolygon, longitude and latitude in range,
 * closed rings) and simplified when large; read back per level as a FeatureCollection.
 * Owns: the checks and the simplification.
 * Uses: store/boundary, store/orgunit, auth/caller (scope), domain/audit, util/json.
 * Thread-safety: reentrant; each call uses the connection it is given.
 */
#ifndef KAZI_DOMAIN_BOUNDARIES_H
#define KAZI_DOMAIN_BOUNDARIES_H

#include <stddef.h>

#include "auth/caller.h"
#include "store/db.h"
#include "util/json.h"

#define KAZI_BOUNDARY_MAX_POINTS 2000 /* positions kept per org unit; more are thinned */

/*
 * Import a GeoJSON FeatureCollection (text of `len` bytes). All or nothing: on any
 * problem nothing is stored, *report is a new JSON array of {row (the feature's
 * number, from 1), column 0, field?, message} and the result is KAZI_EINVALID (slug
 * "invalid_geojson"). A code outside the caller's scope reads like an unknown code.
 * On KAZI_OK *stored is the number of boundaries stored and *simplified how many of
 * them were thinned to KAZI_BOUNDARY_MAX_POINTS positions.
 */
int kazi_boundaries_import(int *stored, int *simplified, json_t **report, kazi_db *db,
                           const kazi_caller *caller, const char *text, size_t len);

/* The boundaries of the org units of level `level` in the caller's scope as a new
 * GeoJSON FeatureCollection, each feature's properties {org_unit_id, code, name}.
 * KAZI_EINVALID (field "level") for a level the country does not have. */
int kazi_boundaries_get_for(json_t **out, kazi_db *db, const kazi_caller *caller,
                            const char *level);

#endif
