/*
 * orgunits — the org-unit hierarchy API: browse, get with path, search, export,
 * create, rename, CSV import.
 * Owns: their handlers and route table.
 * Uses: domain/orgunit (which decides scope for the caller in req->auth), util/csv,
 * http/access.
 * Thread-safety: handlers run on any worker thread with its own connection.
 *
 * Scope: every read is limited to the caller's subtree; a unit outside it answers
 * 404 exactly like a unit that does not exist. The path of a unit in scope includes
 * its ancestors (names of the region and country above a district are not secret).
 */
#include "auth/access.h"
#include "domain/orgunit.h"
#include "domain/schema.h"
#include "http/access.h"
#include "http/router.h"
#include "util/csv.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int list(kazi_req *req, kazi_resp *resp)
{
    kazi_db *db;
    int limit, offset, rc;
    int64_t parent = 0;
    char q[128];
    json_t *arr;
    if ((rc = kazi_http_paging(&limit, &offset, req, 100, 1000)) < 0) return rc;
    int has_q = (rc = kazi_req_query(q, sizeof q, req, "q")) == KAZI_OK;
    if (rc < 0 && rc != KAZI_ENOTFOUND) return rc;
    if (has_q && !q[0]) return kazi_error_set(KAZI_EINVALID, "q", "q must not be empty");
    if (!has_q && (rc = kazi_http_query_int(&parent, req, "parent_id", 1, INT64_MAX)) < 0 &&
        rc != KAZI_ENOTFOUND)
        return rc;
    if ((rc = kazi_store_thread_db(&db)) < 0 ||
        (rc = kazi_orgunit_list_for(&arr, db, req->auth, has_q ? q : NULL, parent, limit, offset)) <
            0)
        return rc;
    return kazi_reply_json(resp, 200, json_pack("{s:o}", "org_units", arr));
}

static int get(kazi_req *req, kazi_resp *resp)
{
    kazi_db *db;
    int64_t id;
    json_t *doc;
    int rc = kazi_req_param_id(&id, req, "id");
    if (rc < 0 || (rc = kazi_store_thread_db(&db)) < 0 ||
        (rc = kazi_orgunit_get_for(&doc, db, req->auth, id)) < 0)
        return rc;
    return kazi_reply_json_etag(resp, req, doc);
}

static int children(kazi_req *req, kazi_resp *resp)
{
    kazi_db *db;
    int64_t id;
    int limit, offset;
    json_t *arr;
    int rc = kazi_http_paging(&limit, &offset, req, 100, 1000);
    if (rc < 0 || (rc = kazi_req_param_id(&id, req, "id")) < 0 ||
        (rc = kazi_store_thread_db(&db)) < 0 ||
        (rc = kazi_orgunit_children_for(&arr, db, req->auth, id, limit, offset)) < 0)
        return rc;
    return kazi_reply_json_etag(resp, req, json_pack("{s:o}", "org_units", arr));
}

static int export_row(void *ctx, const kazi_orgunit *u, const char *parent_code)
{
    const char *f[] = {u->code, u->name, parent_code, u->level_id};
    kazi_csv_out_row(ctx, f, 4);
    return ((kazi_csv_out *)ctx)->failed ? kazi_error_set(KAZI_ERROR, NULL, "out of memory") : 0;
}

static int export_csv(kazi_req *req, kazi_resp *resp)
{
    kazi_db *db;
    kazi_csv_out out = {0};
    static const char *const head[] = {"code", "name", "parent_code", "level"};
    int rc = kazi_store_thread_db(&db);
    if (rc < 0) return rc;
    kazi_csv_out_row(&out, head, 4);
    if ((rc = kazi_orgunit_each_for(db, req->auth, export_row, &out)) < 0 || out.failed) {
        free(out.buf);
        return rc < 0 ? rc : kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    }
    kazi_resp_header(resp, "Content-Disposition", "attachment; filename=\"org-units.csv\"");
    kazi_reply_take(resp, 200, "text/csv; charset=utf-8", out.buf, out.len);
    return KAZI_OK;
}

static int create(kazi_req *req, kazi_resp *resp)
{
    json_t *body;
    kazi_db *db;
    kazi_orgunit_spec s = {0};
    kazi_orgunit u;
    int rc;
    if ((rc = kazi_req_json_object(&body, req)) < 0) return rc;
    if ((rc = kazi_schema_known(kazi_schema_of("org_unit"), body)) < 0) return rc;
    if ((rc = kazi_json_string(&s.code, body, "code", 1, 64)) < 0) return rc;
    if ((rc = kazi_json_string(&s.name, body, "name", 1, 200)) < 0) return rc;
    if ((rc = kazi_json_string(&s.level, body, "level", 0, 32)) < 0 && rc != KAZI_ENOTFOUND)
        return rc;
    rc = kazi_json_int(&s.parent_id, body, "parent_id", 0, 1, INT64_MAX);
    if (rc < 0 && rc != KAZI_ENOTFOUND) return rc;
    if ((rc = kazi_store_thread_db(&db)) < 0 ||
        (rc = kazi_orgunit_create(&u, db, req->auth, &s)) < 0)
        return rc;
    return kazi_reply_json(resp, 201, kazi_orgunit_json(&u));
}

static int update(kazi_req *req, kazi_resp *resp)
{
    json_t *body;
    kazi_db *db;
    kazi_orgunit u;
    int64_t id;
    const char *code = NULL, *name = NULL;
    int rc;
    if ((rc = kazi_req_json_object(&body, req)) < 0) return rc;
    const char *key;
    json_t *v;
    json_object_foreach(body, key, v) if (strcmp(key, "code") && strcmp(key, "name"))
    {
        return kazi_error_set(KAZI_EINVALID, key, "'%.60s' cannot be changed here (code, name)",
                              key);
    }
    if ((rc = kazi_json_string(&code, body, "code", 0, 64)) < 0 && rc != KAZI_ENOTFOUND) return rc;
    if ((rc = kazi_json_string(&name, body, "name", 0, 200)) < 0 && rc != KAZI_ENOTFOUND) return rc;
    if ((rc = kazi_req_param_id(&id, req, "id")) < 0 || (rc = kazi_store_thread_db(&db)) < 0 ||
        (rc = kazi_orgunit_rename(&u, db, req->auth, id, code, name)) < 0)
        return rc;
    return kazi_reply_json(resp, 200, kazi_orgunit_json(&u));
}

static int import(kazi_req *req, kazi_resp *resp)
{
    kazi_db *db;
    json_t *report = NULL;
    int count = 0, rc;
    if (!req->body || !req->body_len)
        return kazi_error_set(KAZI_EINVALID, "body", "send the CSV file as the request body");
    if ((rc = kazi_store_thread_db(&db)) < 0) return rc;
    rc = kazi_orgunit_import_csv(&count, &report, db, req->auth, req->body, req->body_len);
    if (rc == KAZI_EINVALID && report) {
        const kazi_error *e = kazi_error_last();
        return kazi_reply_json(resp, 422,
                               json_pack("{s:{s:s,s:s,s:o}}", "error", "code", "invalid_csv",
                                         "message", e->message, "rows", report));
    }
    json_decref(report);
    if (rc < 0) return rc;
    return kazi_reply_json(resp, 200, json_pack("{s:i}", "created", count));
}

const kazi_route kazi_routes_orgunits[] = {
    {"GET", "/api/v1/org-units", list, "orgunits.read",
     "Top units of my scope, children (?parent_id=) or a search (?q=)", 0,
     .reply = "org_units:org_unit",
     .query = KAZI_QUERY({"q", "string"}, {"parent_id", "integer"}, {"limit", "integer"},
                         {"offset", "integer"})},
    {"GET", "/api/v1/org-units/export", export_csv, "orgunits.read",
     "My scope's units as CSV (code,name,parent_code,level)", 0, .reply = "Csv"},
    {"POST", "/api/v1/org-units/import", import, "orgunits.write",
     "Import units from CSV, all or nothing, with a row-numbered report", 32 * 1024 * 1024,
     .body = "Csv", .reply = "OrgUnitImport"},
    {"GET", "/api/v1/org-units/{id}", get, "orgunits.read", "One unit with its path", 0,
     .reply = "org_unit", .status_also = 304},
    {"GET", "/api/v1/org-units/{id}/children", children, "orgunits.read", "A unit's children", 0,
     .reply = "org_units:org_unit", .status_also = 304,
     .query = KAZI_QUERY({"limit", "integer"}, {"offset", "integer"})},
    {"POST", "/api/v1/org-units", create, "orgunits.write", "Create a unit", 4096,
     .body = "org_unit", .reply = "org_unit", .status = 201},
    {"PATCH", "/api/v1/org-units/{id}", update, "orgunits.write", "Change a unit's code or name",
     4096, .body = "OrgUnitChange", .reply = "org_unit"},
    KAZI_ROUTES_END,
};
