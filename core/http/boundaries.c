/*
 * boundaries (http) — org-unit boundaries for the coverage map: the GeoJSON import
 * (POST /api/v1/boundaries/import) and the boundaries of one level
 * (GET /api/v1/boundaries?level=district).
 * Owns: their handlers and route table.
 * Uses: domain/boundaries (which decides scope for the caller in req->auth).
 * Thread-safety: handlers run on any worker thread with its own connection.
 */
#include "domain/boundaries.h"
#include "http/access.h"
#include "http/router.h"
#include "util/error.h"

static int get(kazi_req *req, kazi_resp *resp)
{
    char buf[65];
    const char *level = NULL;
    kazi_db *db;
    json_t *doc;
    int rc = kazi_req_query_opt(&level, buf, sizeof buf, req, "level");
    if (rc < 0) return rc;
    if ((rc = kazi_store_thread_db(&db)) < 0 ||
        (rc = kazi_boundaries_get_for(&doc, db, req->auth, level)) < 0)
        return rc;
    return kazi_reply_json(resp, 200, doc);
}

static int import(kazi_req *req, kazi_resp *resp)
{
    kazi_db *db;
    json_t *report = NULL;
    int stored = 0, simplified = 0, rc;
    if (!req->body || !req->body_len)
        return kazi_error_set(KAZI_EINVALID, "body", "send the GeoJSON file as the request body");
    if ((rc = kazi_store_thread_db(&db)) < 0) return rc;
    rc = kazi_boundaries_import(&stored, &simplified, &report, db, req->auth, req->body,
                                req->body_len);
    if (rc == KAZI_EINVALID && report)
        return kazi_reply_json(resp, 422,
                               json_pack("{s:{s:s,s:s,s:o}}", "error", "code", "invalid_geojson",
                                         "message", kazi_error_last()->message, "rows", report));
    json_decref(report);
    if (rc < 0) return rc;
    return kazi_reply_json(resp, 200,
                           json_pack("{s:i,s:i}", "stored", stored, "simplified", simplified));
}

const kazi_route kazi_routes_boundaries[] = {
    {"GET", "/api/v1/boundaries", get, "orgunits.read",
     "The boundaries of the org units of a level in the caller's scope, as a GeoJSON "
     "FeatureCollection (properties org_unit_id, code, name)",
     0, .reply = "Boundaries", .query = KAZI_QUERY({"level", "string"})},
    {"POST", "/api/v1/boundaries/import", import, "orgunits.write",
     "Import org-unit boundaries from a GeoJSON FeatureCollection keyed by properties.code, "
     "all or nothing, large ones simplified",
     16 * 1024 * 1024, .body = "GeoJson", .reply = "BoundaryImport"},
    KAZI_ROUTES_END,
};
