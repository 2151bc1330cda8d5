/*
 * registry (http) — /api/v1/people, /api/v1/positions, /api/v1/assignments.
 * Owns: these routes, their query parsing and reply shapes.
 * Uses: domain/registry, store/registry (searches), http/caller.
 * Thread-safety: handlers run on any worker thread with its own connection.
 */
#include "domain/registry.h"
#include "http/caller.h"
#include "http/router.h"
#include "store/db.h"
#include "util/error.h"
#include "util/stage.h"

#include <stdlib.h>
#include <string.h>

typedef struct ctx {
    kazi_db *db;
    kazi_caller actor;
} ctx;

static int setup(ctx *c, kazi_req *req)
{
    return kazi_http_setup(&c->actor, &c->db, req);
}

/* A JSON document written as text (rc >= 0) handed over as the 200 reply; on an error
 * the text is dropped and rc returned for the error reply. */
static int reply_text(kazi_resp *resp, int rc, kazi_buf *text)
{
    if (rc < 0) {
        free(text->data);
        return rc;
    }
    kazi_reply_take(resp, 200, "application/json", text->data, text->len);
    return KAZI_OK;
}

/* ---- people ------------------------------------------------------------------------ */

static int people_search(kazi_req *req, kazi_resp *resp)
{
    ctx c;
    int rc = setup(&c, req);
    if (rc < 0) return rc;
    char qb[200], idb[80], cadreb[80], statusb[20], sexb[20], reviewb[8];
    kazi_person_query q = {0};
    int64_t limit, after, unit;
    const char *review;
    if ((rc = kazi_req_query_opt(&q.q, qb, sizeof qb, req, "q")) < 0 ||
        (rc = kazi_req_query_opt(&q.identifier, idb, sizeof idb, req, "identifier")) < 0 ||
        (rc = kazi_req_query_opt(&q.cadre, cadreb, sizeof cadreb, req, "cadre")) < 0 ||
        (rc = kazi_req_query_opt(&q.status, statusb, sizeof statusb, req, "status")) < 0 ||
        (rc = kazi_req_query_opt(&q.sex, sexb, sizeof sexb, req, "sex")) < 0 ||
        (rc = kazi_req_query_opt(&review, reviewb, sizeof reviewb, req, "review")) < 0 ||
        (rc = kazi_req_query_int(&limit, req, "limit", 1, 500, 50)) < 0 ||
        (rc = kazi_req_query_int(&after, req, "after", 1, INT64_MAX, 0)) < 0 ||
        (rc = kazi_req_query_int(&unit, req, "org_unit", 1, INT64_MAX, 0)) < 0)
        return rc;
    q.review = review && !strcmp(review, "true");
    q.limit = (int)limit;
    q.after = after;
    /* Written as text from the rows (kazi_registry_person_search's page, no JSON tree
     * per person). */
    kazi_buf page = {0};
    kazi_stage prev = kazi_stage_enter(KAZI_STAGE_QUERY);
    rc = kazi_registry_person_search_text(&page, c.db, &c.actor, &q, unit);
    kazi_stage_enter(prev);
    return reply_text(resp, rc, &page);
}

static int people_create(kazi_req *req, kazi_resp *resp)
{
    return kazi_http_create(req, resp, kazi_registry_person_create, 201);
}

/* The most read record: written as text straight from its row (no JSON tree to build,
 * strip and dump), the same document kazi_registry_person_get gives. */
static int people_get(kazi_req *req, kazi_resp *resp)
{
    ctx c;
    int64_t id;
    int rc = setup(&c, req);
    if (rc < 0 || (rc = kazi_req_param_id(&id, req, "id")) < 0) return rc;
    kazi_buf text = {0};
    kazi_stage prev = kazi_stage_enter(KAZI_STAGE_QUERY);
    rc = kazi_registry_person_text(&text, c.db, &c.actor, id);
    kazi_stage_enter(prev);
    return reply_text(resp, rc, &text);
}

static int people_update(kazi_req *req, kazi_resp *resp)
{
    return kazi_http_change(req, resp, kazi_registry_person_update, 200);
}

static int people_deactivate(kazi_req *req, kazi_resp *resp)
{
    return kazi_http_change(req, resp, kazi_registry_person_deactivate, 200);
}

static int people_not_duplicate(kazi_req *req, kazi_resp *resp)
{
    return kazi_http_change(req, resp, kazi_registry_person_not_duplicate, 200);
}

static int people_merge(kazi_req *req, kazi_resp *resp)
{
    return kazi_http_change(req, resp, kazi_registry_person_merge, 200);
}

static int people_history(kazi_req *req, kazi_resp *resp)
{
    return kazi_http_read(req, resp, kazi_registry_person_history, 1);
}

static int people_assignments(kazi_req *req, kazi_resp *resp)
{
    ctx c;
    int64_t id;
    json_t *out;
    int rc = setup(&c, req);
    if (rc < 0 || (rc = kazi_req_param_id(&id, req, "id")) < 0 ||
        (rc = kazi_registry_assignment_list(&out, c.db, &c.actor, id, 0)) < 0)
        return rc;
    return kazi_reply_json(resp, 200, json_pack("{s:o}", "items", out));
}

/* ---- positions ------------------------------------------------------------------------ */

static int positions_search(kazi_req *req, kazi_resp *resp)
{
    ctx c;
    int rc = setup(&c, req);
    if (rc < 0) return rc;
    char cadreb[80], vacb[8], apprb[8];
    kazi_position_query q = {.vacant = -1};
    const char *vac, *appr;
    int64_t limit, after, org, unit;
    if ((rc = kazi_req_query_opt(&q.cadre, cadreb, sizeof cadreb, req, "cadre")) < 0 ||
        (rc = kazi_req_query_opt(&vac, vacb, sizeof vacb, req, "vacant")) < 0 ||
        (rc = kazi_req_query_opt(&appr, apprb, sizeof apprb, req, "approved")) < 0 ||
        (rc = kazi_req_query_int(&org, req, "organisation", 1, INT64_MAX, 0)) < 0 ||
        (rc = kazi_req_query_int(&limit, req, "limit", 1, 500, 50)) < 0 ||
        (rc = kazi_req_query_int(&after, req, "after", 1, INT64_MAX, 0)) < 0 ||
        (rc = kazi_req_query_int(&unit, req, "org_unit", 1, INT64_MAX, 0)) < 0)
        return rc;
    if (vac) {
        if (!strcmp(vac, "true"))
            q.vacant = 1;
        else if (!strcmp(vac, "false"))
            q.vacant = 0;
        else
            return kazi_error_set(KAZI_EINVALID, "vacant", "vacant must be true or false");
    }
    if (appr) {
        if (!strcmp(appr, "true"))
            q.approved = 1;
        else if (!strcmp(appr, "false"))
            q.approved = 2;
        else
            return kazi_error_set(KAZI_EINVALID, "approved", "approved must be true or false");
    }
    q.organisation_id = org;
    q.limit = (int)limit;
    q.after = after;
    json_t *page;
    if ((rc = kazi_registry_position_search(&page, c.db, &c.actor, &q, unit)) < 0) return rc;
    return kazi_reply_json(resp, 200, page);
}

static int positions_create(kazi_req *req, kazi_resp *resp)
{
    return kazi_http_create(req, resp, kazi_registry_position_create, 201);
}

static int positions_get(kazi_req *req, kazi_resp *resp)
{
    return kazi_http_read(req, resp, kazi_registry_position_get, 0);
}

static int positions_update(kazi_req *req, kazi_resp *resp)
{
    return kazi_http_change(req, resp, kazi_registry_position_update, 200);
}

/* ---- assignments ---------------------------------------------------------------------- */

static int assignments_list(kazi_req *req, kazi_resp *resp)
{
    ctx c;
    int64_t person, position;
    json_t *out;
    int rc = setup(&c, req);
    if (rc < 0 || (rc = kazi_req_query_int(&person, req, "person_id", 1, INT64_MAX, 0)) < 0 ||
        (rc = kazi_req_query_int(&position, req, "position_id", 1, INT64_MAX, 0)) < 0)
        return rc;
    if (!person && !position)
        return kazi_error_set(KAZI_EINVALID, "person_id", "give person_id or position_id");
    if ((rc = kazi_registry_assignment_list(&out, c.db, &c.actor, person, position)) < 0) return rc;
    return kazi_reply_json(resp, 200, json_pack("{s:o}", "items", out));
}

static int assignments_create(kazi_req *req, kazi_resp *resp)
{
    return kazi_http_create(req, resp, kazi_registry_assignment_create, 201);
}

static int assignments_get(kazi_req *req, kazi_resp *resp)
{
    return kazi_http_read(req, resp, kazi_registry_assignment_get, 0);
}

static int assignments_end(kazi_req *req, kazi_resp *resp)
{
    return kazi_http_change(req, resp, kazi_registry_assignment_end, 200);
}

const kazi_route kazi_routes_registry[] = {
    {"GET", "/api/v1/people", people_search, "people.read",
     "Search people (name prefix, identifier, filters; keyset pages)", 0, .reply = "page:person",
     .query = KAZI_QUERY({"q", "string"}, {"identifier", "string"}, {"cadre", "string"},
                         {"status", "string"}, {"sex", "string"}, {"review", "string"},
                         {"org_unit", "integer"}, {"limit", "integer"}, {"after", "integer"})},
    {"POST", "/api/v1/people", people_create, "people.write", "Register a person", 64 * 1024,
     .body = "person", .reply = "person", .status = 201},
    {"GET", "/api/v1/people/{id}", people_get, "people.read", "One person", 0, .reply = "person"},
    {"PATCH", "/api/v1/people/{id}", people_update, "people.write", "Change a person's fields",
     64 * 1024, .body = "person", .reply = "person"},
    {"POST", "/api/v1/people/{id}/deactivate", people_deactivate, "people.write",
     "Deactivate a person with a reason", 4096, .body = "Reason", .reply = "person"},
    {"POST", "/api/v1/people/{id}/merge", people_merge, "people.write",
     "Merge a duplicate record into this person", 4096, .body = "Action", .reply = "person"},
    {"POST", "/api/v1/people/{id}/not-duplicate", people_not_duplicate, "people.write",
     "Clear the possible-duplicate flag after review, with a reason", 4096, .body = "Reason",
     .reply = "person"},
    {"GET", "/api/v1/people/{id}/history", people_history, "people.read",
     "A person's change history from the audit trail", 0, .reply = "items:PersonChange"},
    {"GET", "/api/v1/people/{id}/assignments", people_assignments, "people.read",
     "A person's assignments, newest first", 0, .reply = "items:assignment"},
    {"GET", "/api/v1/positions", positions_search, "positions.read",
     "Search positions (cadre, org unit, vacant, approved)", 0, .reply = "page:position",
     .query = KAZI_QUERY({"cadre", "string"}, {"vacant", "string"}, {"approved", "string"},
                         {"organisation", "integer"}, {"org_unit", "integer"}, {"limit", "integer"},
                         {"after", "integer"})},
    {"POST", "/api/v1/positions", positions_create, "positions.write", "Create a position",
     64 * 1024, .body = "position", .reply = "position", .status = 201},
    {"GET", "/api/v1/positions/{id}", positions_get, "positions.read",
     "One position with its current holder", 0, .reply = "position"},
    {"PATCH", "/api/v1/positions/{id}", positions_update, "positions.write", "Change a position",
     64 * 1024, .body = "position", .reply = "position"},
    {"GET", "/api/v1/assignments", assignments_list, "positions.read",
     "Assignments of a person or a position", 0, .reply = "items:assignment",
     .query = KAZI_QUERY({"person_id", "integer"}, {"position_id", "integer"})},
    {"POST", "/api/v1/assignments", assignments_create, "positions.write",
     "Place a person in a position", 16 * 1024, .body = "assignment", .reply = "assignment",
     .status = 201},
    {"GET", "/api/v1/assignments/{id}", assignments_get, "positions.read", "One assignment", 0,
     .reply = "assignment"},
    {"POST", "/api/v1/assignments/{id}/end", assignments_end, "positions.write",
     "End an assignment with a reason", 4096, .body = "Reason", .reply = "assignment"},
    KAZI_ROUTES_END,
};
