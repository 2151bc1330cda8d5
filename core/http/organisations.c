/*
 * organisations — employers and funders API.
 * Owns: their handlers and route table.
 * Uses: domain/organisation (which decides scope for the caller in req->auth),
 * http/access.
 * Thread-safety: handlers run on any worker thread with its own connection.
 *
 * Scope: a caller sees organisations based in their subtree and those based above
 * it (a national NGO is visible to a district officer); organisations based in
 * another district answer 404. Writes need the organisation's unit inside the scope.
 */
#include "auth/access.h"
#include "domain/organisation.h"
#include "http/access.h"
#include "http/router.h"
#include "util/error.h"

#include <stdio.h>

static int load(kazi_organisation *o, kazi_db **db, kazi_req *req)
{
    int64_t id;
    int rc = kazi_req_param_id(&id, req, "id");
    if (rc < 0 || (rc = kazi_store_thread_db(db)) < 0) return rc;
    return kazi_organisation_get_for(o, *db, req->auth, id);
}

static int list(kazi_req *req, kazi_resp *resp)
{
    kazi_db *db;
    const kazi_caller *p = req->auth;
    int limit, offset, rc;
    char q[128];
    json_t *arr;
    if ((rc = kazi_http_paging(&limit, &offset, req, 100, 1000)) < 0) return rc;
    int has_q = (rc = kazi_req_query(q, sizeof q, req, "q")) == KAZI_OK;
    if (rc < 0 && rc != KAZI_ENOTFOUND) return rc;
    if ((rc = kazi_store_thread_db(&db)) < 0) return rc;
    if ((rc = kazi_organisation_list_for(&arr, db, p, has_q ? q : NULL, limit, offset)) < 0)
        return rc;
    return kazi_reply_json(resp, 200, json_pack("{s:o}", "organisations", arr));
}

static int get(kazi_req *req, kazi_resp *resp)
{
    kazi_db *db;
    kazi_organisation o;
    int rc = load(&o, &db, req);
    if (rc < 0) return rc;
    return kazi_reply_json(resp, 200, kazi_organisation_json(&o));
}

/* Copy the body's fields into o; `required` for create. */
static int read_fields(kazi_organisation *o, json_t *body, int required)
{
    const char *code = NULL, *name = NULL, *kind = NULL;
    int64_t unit = 0;
    int rc;
    if ((rc = kazi_json_string(&code, body, "code", required, 64)) < 0 && rc != KAZI_ENOTFOUND)
        return rc;
    if ((rc = kazi_json_string(&name, body, "name", required, 200)) < 0 && rc != KAZI_ENOTFOUND)
        return rc;
    if ((rc = kazi_json_string(&kind, body, "kind", required, 15)) < 0 && rc != KAZI_ENOTFOUND)
        return rc;
    if ((rc = kazi_json_int(&unit, body, "org_unit_id", required, 1, INT64_MAX)) < 0 &&
        rc != KAZI_ENOTFOUND)
        return rc;
    if (code) snprintf(o->code, sizeof o->code, "%s", code);
    if (name) snprintf(o->name, sizeof o->name, "%s", name);
    if (kind) snprintf(o->kind, sizeof o->kind, "%s", kind);
    if (unit) o->org_unit_id = unit;
    return KAZI_OK;
}

static int create(kazi_req *req, kazi_resp *resp)
{
    json_t *body;
    kazi_db *db;
    kazi_organisation o = {0};
    int rc;
    if ((rc = kazi_req_json_object(&body, req)) < 0 || (rc = read_fields(&o, body, 1)) < 0 ||
        (rc = kazi_store_thread_db(&db)) < 0 ||
        (rc = kazi_organisation_create(&o, db, req->auth)) < 0)
        return rc;
    return kazi_reply_json(resp, 201, kazi_organisation_json(&o));
}

static int update(kazi_req *req, kazi_resp *resp)
{
    json_t *body;
    kazi_db *db;
    kazi_organisation patch = {0}, o;
    int64_t id;
    int rc;
    /* A malformed field answers alike for every id; the domain checks scope first. */
    if ((rc = kazi_req_json_object(&body, req)) < 0 ||
        (rc = kazi_req_param_id(&id, req, "id")) < 0 || (rc = read_fields(&patch, body, 0)) < 0 ||
        (rc = kazi_store_thread_db(&db)) < 0 ||
        (rc = kazi_organisation_change(&o, db, req->auth, id, &patch)) < 0)
        return rc;
    return kazi_reply_json(resp, 200, kazi_organisation_json(&o));
}

const kazi_route kazi_routes_organisations[] = {
    {"GET", "/api/v1/organisations", list, "organisations.read",
     "Organisations visible from my scope (?q= filters by name or code)", 0,
     .reply = "organisations:Organisation",
     .query = KAZI_QUERY({"q", "string"}, {"limit", "integer"}, {"offset", "integer"})},
    {"GET", "/api/v1/organisations/{id}", get, "organisations.read", "One organisation", 0,
     .reply = "Organisation"},
    {"POST", "/api/v1/organisations", create, "organisations.write", "Create an organisation", 4096,
     .body = "OrganisationCreate", .reply = "Organisation", .status = 201},
    {"PATCH", "/api/v1/organisations/{id}", update, "organisations.write", "Change an organisation",
     4096, .body = "OrganisationChange", .reply = "Organisation"},
    KAZI_ROUTES_END,
};
