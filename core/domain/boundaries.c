#include "domain/boundaries.h"
#include "domain/audit.h"
#include "domain/orgunit.h"
#include "store/boundary.h"
#include "store/orgunit.h"
#include "util/clock.h"
#include "util/error.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FEATURES 5000
#define MAX_REPORT   100
#define MAX_LIST     5000
#define DECIMALS     100000.0 /* five decimals of a degree: about a metre */
#define RING_MIN     4        /* a closed ring: three corners and the first again */

static void note(json_t *report, int feature, const char *field, const char *message)
{
    if (json_array_size(report) >= MAX_REPORT) return;
    json_t *e = json_pack("{s:i,s:i,s:s}", "row", feature, "column", 0, "message", message);
    if (!e) e = json_pack("{s:i,s:i,s:s}", "row", feature, "column", 0, "message", "(not text)");
    if (field) json_object_set_new(e, "field", json_string(field));
    json_array_append_new(report, e);
}

/* Check one ring; the number of positions, or -1 with *why set. */
static int ring_ok(const json_t *ring, const char **why)
{
    size_t n = json_array_size(ring), i;
    json_t *p;
    if (!json_is_array(ring) || n < RING_MIN) {
        *why = "a ring needs at least 4 positions (the first repeated last)";
        return -1;
    }
    json_array_foreach(ring, i, p)
    {
        const json_t *x = json_array_get(p, 0), *y = json_array_get(p, 1);
        if (!json_is_array(p) || !json_is_number(x) || !json_is_number(y)) {
            *why = "a position must be [longitude, latitude]";
            return -1;
        }
        double lon = json_number_value(x), lat = json_number_value(y);
        if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) {
            *why = "a longitude is from -180 to 180 and a latitude from -90 to 90";
            return -1;
        }
    }
    const json_t *a = json_array_get(ring, 0), *b = json_array_get(ring, n - 1);
    if (json_number_value(json_array_get(a, 0)) != json_number_value(json_array_get(b, 0)) ||
        json_number_value(json_array_get(a, 1)) != json_number_value(json_array_get(b, 1))) {
        *why = "a ring must end where it starts";
        return -1;
    }
    return (int)n;
}

/* The polygons of a geometry (a Polygon is one), or NULL with *why set; *points counts
 * the positions. */
static json_t *polygons_of(const json_t *geometry, int64_t *points, const char **why)
{
    const char *type = json_string_value(json_object_get(geometry, "type"));
    const json_t *coords = json_object_get(geometry, "coordinates");
    json_t *polys;
    if (type && !strcmp(type, "Polygon") && json_is_array(coords)) {
        polys = json_pack("[O]", coords);
    } else if (type && !strcmp(type, "MultiPolygon") && json_is_array(coords)) {
        polys = json_incref((json_t *)coords);
    } else {
        *why = "the geometry must be a Polygon or a MultiPolygon";
        return NULL;
    }
    *points = 0;
    size_t i, j;
    json_t *poly, *ring;
    json_array_foreach(polys, i, poly)
    {
        if (!json_is_array(poly) || !json_array_size(poly)) {
            *why = "a polygon must be a list of rings";
            json_decref(polys);
            return NULL;
        }
        json_array_foreach(poly, j, ring)
        {
            int n = ring_ok(ring, why);
            if (n < 0) {
                json_decref(polys);
                return NULL;
            }
            *points += n;
        }
    }
    return polys;
}

/* A ring keeping every `step`-th position (and the closing one), rounded. */
static json_t *thin_ring(const json_t *ring, int step, int64_t *kept)
{
    size_t n = json_array_size(ring);
    if (step > 1 && (n - 1) / (size_t)step + 1 < RING_MIN) step = (int)((n - 1) / (RING_MIN - 1));
    if (step < 1) step = 1;
    json_t *out = json_array();
    for (size_t i = 0; i < n; i++) {
        if (i % (size_t)step && i != n - 1) continue;
        const json_t *p = json_array_get(ring, i);
        double lon = round(json_number_value(json_array_get(p, 0)) * DECIMALS) / DECIMALS;
        double lat = round(json_number_value(json_array_get(p, 1)) * DECIMALS) / DECIMALS;
        json_array_append_new(out, json_pack("[f,f]", lon, lat));
        (*kept)++;
    }
    return out;
}

static json_t *simplified(const json_t *polys, int step, int64_t *kept)
{
    json_t *out = json_array();
    size_t i, j;
    json_t *poly, *ring;
    json_array_foreach(polys, i, poly)
    {
        json_t *p = json_array();
        json_array_foreach(poly, j, ring) json_array_append_new(p, thin_ring(ring, step, kept));
        json_array_append_new(out, p);
    }
    return json_pack("{s:s,s:o}", "type", "MultiPolygon", "coordinates", out);
}

int kazi_boundaries_import(int *stored, int *simplified_n, json_t **report, kazi_db *db,
                           const kazi_caller *caller, const char *text, size_t len)
{
    json_t *doc = NULL, *rep = json_array(), *seen = json_object();
    *report = NULL;
    int rc = kazi_json_parse(&doc, text, len);
    if (rc < 0) goto done;
    const json_t *features = json_object_get(doc, "features");
    const char *type = json_string_value(json_object_get(doc, "type"));
    if (!type || strcmp(type, "FeatureCollection") != 0 || !json_is_array(features)) {
        rc = kazi_error_set(
            KAZI_EINVALID, "type",
            "send a GeoJSON FeatureCollection (type \"FeatureCollection\", features)");
        goto done;
    }
    if (!json_array_size(features) || json_array_size(features) > MAX_FEATURES) {
        rc = kazi_error_set(KAZI_EINVALID, "features", "send from 1 to %d features", MAX_FEATURES);
        goto done;
    }
    if ((rc = kazi_db_begin(db)) < 0) goto done;
    int64_t now = kazi_clock_now_ms();
    int n = 0, thinned = 0;
    size_t i;
    json_t *f;
    char msg[300];
    json_array_foreach(features, i, f)
    {
        int row = (int)i + 1;
        const char *code =
            json_string_value(json_object_get(json_object_get(f, "properties"), "code"));
        if (!code) {
            note(rep, row, "code", "the feature needs properties.code, the org unit's code");
            continue;
        }
        kazi_orgunit u;
        int r = kazi_orgunit_get_by_code(&u, db, code);
        if (r == KAZI_OK && !kazi_caller_sees(caller, u.path)) r = KAZI_ENOTFOUND;
        if (r == KAZI_ENOTFOUND) {
            snprintf(msg, sizeof msg, "no such org unit '%.64s'", code);
            note(rep, row, "code", msg);
            continue;
        }
        if (r < 0) {
            rc = r;
            break;
        }
        if (json_object_get(seen, code)) {
            snprintf(msg, sizeof msg, "org unit '%.64s' has a feature already (feature %lld)", code,
                     (long long)json_integer_value(json_object_get(seen, code)));
            note(rep, row, "code", msg);
            continue;
        }
        json_object_set_new(seen, code, json_integer(row));
        const char *why = NULL;
        int64_t points = 0, kept = 0;
        json_t *polys = polygons_of(json_object_get(f, "geometry"), &points, &why);
        if (!polys) {
            note(rep, row, "geometry", why);
            continue;
        }
        if (json_array_size(rep)) {
            json_decref(polys);
            continue; /* keep checking, store nothing */
        }
        int step = (int)((points + KAZI_BOUNDARY_MAX_POINTS - 1) / KAZI_BOUNDARY_MAX_POINTS);
        json_t *g = simplified(polys, step, &kept);
        json_decref(polys);
        char *textg = json_dumps(g, JSON_COMPACT | JSON_REAL_PRECISION(10));
        json_decref(g);
        r = textg ? kazi_store_boundary_put(db, u.id, textg, kept, now)
                  : kazi_error_set(KAZI_ERROR, NULL, "out of memory");
        free(textg);
        if (r < 0) {
            rc = r;
            break;
        }
        n++;
        thinned += step > 1;
    }
    if (rc == KAZI_OK && !json_array_size(rep)) {
        kazi_audit_ctx ctx;
        kazi_caller_audit(&ctx, caller);
        json_t *after = json_pack("{s:i,s:i}", "stored", n, "simplified", thinned);
        rc = kazi_audit_append(db, &ctx, "boundaries.import", "org_unit_boundary", NULL, NULL,
                               after);
        json_decref(after);
        rc = kazi_db_end(db, rc);
        if (rc == KAZI_OK) {
            *stored = n;
            *simplified_n = thinned;
        }
        goto done;
    }
    kazi_db_rollback(db);
    if (rc < 0) goto done;
    *report = rep;
    rep = NULL;
    rc = kazi_error_set_slug(
        KAZI_EINVALID, "invalid_geojson", NULL,
        "the file was not imported: %zu problem(s), first at feature %d", json_array_size(*report),
        (int)json_integer_value(json_object_get(json_array_get(*report, 0), "row")));
done:
    json_decref(doc);
    json_decref(rep);
    json_decref(seen);
    return rc;
}

int kazi_boundaries_get_for(json_t **out, kazi_db *db, const kazi_caller *caller, const char *level)
{
    int known = 0;
    char ids[512] = "";
    size_t at = 0;
    for (int d = 0; d < kazi_orgunit_level_count(); d++) {
        known |= level && !strcmp(kazi_orgunit_level_id(d), level);
        if (at < sizeof ids)
            at += (size_t)snprintf(ids + at, sizeof ids - at, "%s%s", d ? ", " : "",
                                   kazi_orgunit_level_id(d));
    }
    if (!known) /* the country's own levels, not Tanzania's */
        return kazi_error_set(KAZI_EINVALID, "level",
                              "level must be one of the country's org-unit levels: %s", ids);
    const char *lo, *hi;
    kazi_caller_scope_range(caller, &lo, &hi);
    json_t *rows;
    int rc = kazi_store_boundary_list(&rows, db, lo, hi, level, MAX_LIST);
    if (rc < 0) return rc;
    json_t *features = json_array();
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r)
    {
        json_t *g = NULL;
        const char *text = json_string_value(json_object_get(r, "geometry"));
        if (kazi_json_parse(&g, text, strlen(text)) < 0) continue; /* stored by us: never */
        json_array_append_new(
            features, json_pack("{s:s,s:o,s:{s:O,s:O,s:O}}", "type", "Feature", "geometry", g,
                                "properties", "org_unit_id", json_object_get(r, "id"), "code",
                                json_object_get(r, "code"), "name", json_object_get(r, "name")));
    }
    json_decref(rows);
    *out = json_pack("{s:s,s:s,s:o}", "type", "FeatureCollection", "level", level, "features",
                     features);
    return KAZI_OK;
}
