/*
 * population (http) — population denominators: an org unit's figures by year with
 * the roll-up (GET /api/v1/org-units/{id}/population) and the CSV import
 * (POST /api/v1/population/import).
 * Owns: their handlers and route table.
 * Uses: domain/population (which decides scope for the caller in req->auth).
 * Thread-safety: handlers run on any worker thread with its own connection.
 */
#include "domain/population.h"
#include "http/access.h"
#include "http/router.h"
#include "util/error.h"

#include <stdint.h>

static int get(kazi_req *req, kazi_resp *resp)
{
    kazi_db *db;
    int64_t id, year = 0;
    json_t *doc;
    int rc = kazi_req_param_id(&id, req, "id");
    if (rc < 0) return rc;
    if ((rc = kazi_http_query_int(&year, req, "year", 1900, 2200)) < 0 && rc != KAZI_ENOTFOUND)
        return rc;
    if ((rc = kazi_store_thread_db(&db)) < 0 ||
        (rc = kazi_population_get_for(&doc, db, req->auth, id, (int)year)) < 0)
        return rc;
    return kazi_reply_json(resp, 200, doc);
}

static int import(kazi_req *req, kazi_resp *resp)
{
    kazi_db *db;
    json_t *report = NULL;
    int figures = 0, rows = 0, rc;
    if (!req->body || !req->body_len)
        return kazi_error_set(KAZI_EINVALID, "body", "send the CSV file as the request body");
    if ((rc = kazi_store_thread_db(&db)) < 0) return rc;
    rc = kazi_population_import_csv(&figures, &rows, &report, db, req->auth, req->body,
                                    req->body_len);
    if (rc == KAZI_EINVALID && report)
        return kazi_reply_json(resp, 422,
                               json_pack("{s:{s:s,s:s,s:o}}", "error", "code", "invalid_csv",
                                         "message", kazi_error_last()->message, "rows", report));
    json_decref(report);
    if (rc < 0) return rc;
    return kazi_reply_json(resp, 200, json_pack("{s:i,s:i}", "figures", figures, "rows", rows));
}

const kazi_route kazi_routes_population[] = {
    {"GET", "/api/v1/org-units/{id}/population", get, "orgunits.read",
     "A unit's population by year and group: its own figure, else the sum of the units below "
     "(source), a missing year said (missing)",
     0, .reply = "PopulationFigures", .query = KAZI_QUERY({"year", "integer"})},
    {"POST", "/api/v1/population/import", import, "population.write",
     "Import population figures from CSV (org_unit,year,<group>...), all or nothing, with a "
     "row-numbered report",
     8 * 1024 * 1024, .body = "Csv", .reply = "PopulationImport"},
    KAZI_ROUTES_END,
};
