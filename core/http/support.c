/*
 * support (http) — /api/v1/supervisions, /supervision-sessions, /payments,
 * /support-activities, /activity-returns, /figures/... and PUT /users/{id}/person.
 * Owns: these routes (the supervisor role's limit to their own supervisees is the
 * caller's own_supervisees, decided in domain/support.c).
 * Uses: domain/supervision, domain/pay, domain/returns, domain/support,
 * domain/figures, http/caller, auth/access.
 * Thread-safety: handlers run on any worker thread with its own connection.
 */
#include "auth/access.h"
#include "auth/roles.h"
#include "domain/figures.h"
#include "domain/pay.h"
#include "domain/returns.h"
#include "domain/supervision.h"
#include "domain/support.h"
#include "http/caller.h"
#include "http/router.h"
#include "store/db.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

static int setup(kazi_caller *c, kazi_db **db, kazi_req *req)
{
    return kazi_http_setup(c, db, req);
}

static int query_id(int64_t *out, const kazi_req *req, const char *name, int required)
{
    char buf[32];
    const char *s;
    int rc = kazi_req_query_opt(&s, buf, sizeof buf, req, name);
    *out = 0;
    if (rc < 0) return rc;
    if (!s) {
        if (required) return kazi_error_set(KAZI_EINVALID, name, "%s is required", name);
        return KAZI_OK;
    }
    char *end;
    long long v = strtoll(s, &end, 10);
    if (*end || v < 1) return kazi_error_set(KAZI_EINVALID, name, "%s must be an id", name);
    *out = v;
    return KAZI_OK;
}

static int items(kazi_resp *resp, json_t *list)
{
    return kazi_reply_json(resp, 200, json_pack("{s:o}", "items", list));
}

#define CREATE(name, fn)                                                                           \
    static int name(kazi_req *req, kazi_resp *resp)                                                \
    {                                                                                              \
        kazi_caller c;                                                                             \
        kazi_db *db;                                                                               \
        json_t *body, *out;                                                                        \
        int rc = setup(&c, &db, req);                                                              \
        if (rc < 0 || (rc = kazi_req_json_object(&body, req)) < 0) return rc;                      \
        if ((rc = fn(&out, db, &c, body)) < 0) return rc;                                          \
        return kazi_reply_json(resp, 201, out);                                                    \
    }

#define LIST(name, fn)                                                                             \
    static int name(kazi_req *req, kazi_resp *resp)                                                \
    {                                                                                              \
        kazi_caller c;                                                                             \
        kazi_db *db;                                                                               \
        json_t *out;                                                                               \
        int64_t person;                                                                            \
        int rc = setup(&c, &db, req);                                                              \
        if (rc < 0 || (rc = query_id(&person, req, "person_id", 1)) < 0) return rc;                \
        if ((rc = fn(&out, db, &c, person)) < 0) return rc;                                        \
        return items(resp, out);                                                                   \
    }

CREATE(supervisions_create, kazi_supervision_create)
CREATE(sessions_create, kazi_supervision_session_create)
CREATE(payments_create, kazi_pay_create)
CREATE(support_create, kazi_support_activity_create)
LIST(payments_list, kazi_pay_list)
LIST(support_list, kazi_support_activity_list)

static int supervisions_list(kazi_req *req, kazi_resp *resp)
{
    kazi_caller c;
    kazi_db *db;
    json_t *out;
    int64_t person, sup;
    int rc = setup(&c, &db, req);
    if (rc < 0 || (rc = query_id(&person, req, "person_id", 0)) < 0 ||
        (rc = query_id(&sup, req, "supervisor_id", 0)) < 0)
        return rc;
    if ((rc = kazi_supervision_list(&out, db, &c, person, sup)) < 0) return rc;
    return items(resp, out);
}

static int supervisions_get(kazi_req *req, kazi_resp *resp)
{
    kazi_caller c;
    kazi_db *db;
    json_t *out;
    int64_t id;
    int rc = setup(&c, &db, req);
    if (rc < 0 || (rc = kazi_req_param_id(&id, req, "id")) < 0) return rc;
    if ((rc = kazi_supervision_get(&out, db, &c, id)) < 0) return rc;
    return kazi_reply_json(resp, 200, out);
}

static int supervisions_end(kazi_req *req, kazi_resp *resp)
{
    kazi_caller c;
    kazi_db *db;
    json_t *out, *body;
    int64_t id;
    int rc = setup(&c, &db, req);
    if (rc < 0 || (rc = kazi_req_param_id(&id, req, "id")) < 0 ||
        (rc = kazi_req_json_object(&body, req)) < 0)
        return rc;
    if ((rc = kazi_supervision_end(&out, db, &c, id, body)) < 0) return rc;
    return kazi_reply_json(resp, 200, out);
}

static int sessions_list(kazi_req *req, kazi_resp *resp)
{
    kazi_caller c;
    kazi_db *db;
    json_t *out;
    int64_t person;
    char sb[16];
    const char *since;
    int rc = setup(&c, &db, req);
    if (rc < 0 || (rc = query_id(&person, req, "person_id", 1)) < 0 ||
        (rc = kazi_req_query_opt(&since, sb, sizeof sb, req, "since")) < 0)
        return rc;
    if ((rc = kazi_supervision_session_list(&out, db, &c, person, since)) < 0) return rc;
    return kazi_reply_json(resp, 200, out);
}

static int returns_put(kazi_req *req, kazi_resp *resp)
{
    kazi_caller c;
    kazi_db *db;
    json_t *body, *out;
    int rc = setup(&c, &db, req);
    if (rc < 0 || (rc = kazi_req_json_object(&body, req)) < 0) return rc;
    if ((rc = kazi_returns_put(&out, db, &c, body)) < 0) return rc;
    return kazi_reply_json(resp, 200, out);
}

static int returns_list(kazi_req *req, kazi_resp *resp)
{
    kazi_caller c;
    kazi_db *db;
    json_t *out;
    int64_t person;
    char pb[16];
    const char *period;
    int rc = setup(&c, &db, req);
    if (rc < 0 || (rc = query_id(&person, req, "person_id", 1)) < 0 ||
        (rc = kazi_req_query_opt(&period, pb, sizeof pb, req, "period")) < 0)
        return rc;
    if ((rc = kazi_returns_list(&out, db, &c, person, period)) < 0) return rc;
    return kazi_reply_json(resp, 200, out);
}

static int returns_import(kazi_req *req, kazi_resp *resp)
{
    kazi_caller c;
    kazi_db *db;
    json_t *out = NULL;
    int rc = setup(&c, &db, req);
    if (rc < 0) return rc;
    rc = kazi_returns_import(&out, db, &c, req->body, req->body_len);
    if (rc == KAZI_EINVALID && out) {
        /* the one error shape, plus every problem by row and column */
        const kazi_error *e = kazi_error_last();
        json_t *doc = json_pack("{s:{s:s,s:s,s:s?},s:O}", "error", "code", "invalid_field",
                                "message", e->message, "field", e->field[0] ? e->field : NULL,
                                "errors", json_object_get(out, "errors"));
        json_decref(out);
        return kazi_reply_json(resp, 422, doc);
    }
    if (rc < 0) {
        json_decref(out);
        return rc;
    }
    return kazi_reply_json(resp, 200, out);
}

static int figures(kazi_req *req, kazi_resp *resp, const char *which, const char *from_name,
                   const char *to_name)
{
    kazi_caller c;
    kazi_db *db;
    json_t *out;
    int64_t unit;
    char pb[16], tb[16];
    const char *period = NULL, *until = NULL;
    int rc = setup(&c, &db, req);
    if (rc < 0 || (rc = query_id(&unit, req, "org_unit", 0)) < 0 ||
        (from_name && (rc = kazi_req_query_opt(&period, pb, sizeof pb, req, from_name)) < 0) ||
        (to_name && (rc = kazi_req_query_opt(&until, tb, sizeof tb, req, to_name)) < 0))
        return rc;
    if ((rc = kazi_figures_get(&out, db, &c, which, unit, period, until)) < 0) return rc;
    return kazi_reply_json(resp, 200, out);
}

static int fig_supervision(kazi_req *q, kazi_resp *r)
{
    return figures(q, r, "supervision", NULL, NULL);
}
static int fig_pay(kazi_req *q, kazi_resp *r)
{
    return figures(q, r, "pay", "period", NULL);
}
static int fig_support(kazi_req *q, kazi_resp *r)
{
    return figures(q, r, "support", NULL, NULL);
}
static int fig_activity(kazi_req *q, kazi_resp *r)
{
    return figures(q, r, "activity", "period", NULL);
}
static int fig_retention(kazi_req *q, kazi_resp *r)
{
    return figures(q, r, "retention", "from", "to");
}

/* The workers behind one figure, by name: personal data, so the route needs people.read. */
static int fig_people(kazi_req *req, kazi_resp *resp)
{
    kazi_caller c;
    kazi_db *db;
    json_t *out;
    int64_t unit;
    char fb[64], pb[16];
    const char *figure = NULL, *period = NULL;
    int rc = setup(&c, &db, req);
    if (rc < 0 || (rc = query_id(&unit, req, "org_unit", 0)) < 0 ||
        (rc = kazi_req_query_opt(&figure, fb, sizeof fb, req, "figure")) < 0 ||
        (rc = kazi_req_query_opt(&period, pb, sizeof pb, req, "period")) < 0)
        return rc;
    if (!figure) return kazi_error_set(KAZI_EINVALID, "figure", "figure is required");
    if ((rc = kazi_figures_people(&out, db, &c, figure, unit, period)) < 0) return rc;
    return kazi_reply_json(resp, 200, out);
}

/* The dashboard's figures for the caller's area in one answer. */
static int fig_dashboard(kazi_req *req, kazi_resp *resp)
{
    kazi_caller c;
    kazi_db *db;
    json_t *out;
    int64_t days;
    char pb[16];
    const char *period = NULL;
    int rc = setup(&c, &db, req);
    if (rc < 0 || (rc = kazi_req_query_int(&days, req, "days", 1, 3660, 90)) < 0 ||
        (rc = kazi_req_query_opt(&period, pb, sizeof pb, req, "period")) < 0)
        return rc;
    if ((rc = kazi_figures_dashboard(&out, db, &c, (int)days, period)) < 0) return rc;
    return kazi_reply_json(resp, 200, out);
}

static int user_person(kazi_req *req, kazi_resp *resp)
{
    kazi_caller c;
    kazi_db *db;
    json_t *body, *out;
    int64_t id, person;
    int rc = setup(&c, &db, req);
    if (rc < 0 || (rc = kazi_req_param_id(&id, req, "id")) < 0 ||
        (rc = kazi_req_json_object(&body, req)) < 0)
        return rc;
    const json_t *v = json_object_get(body, "person_id");
    if (json_is_null(v))
        person = 0;
    else if ((rc = kazi_json_int(&person, body, "person_id", 1, 1, INT64_MAX)) < 0)
        return rc;
    if ((rc = kazi_support_user_person(&out, db, &c, id, person)) < 0) return rc;
    return kazi_reply_json(resp, 200, out);
}

const kazi_route kazi_routes_support[] = {
    {"PUT", "/api/v1/users/{id}/person", user_person, "users.write",
     "Link a user account to the person it is (null unlinks)", 4096, .body = "UserPerson",
     .reply = "Result"},
    {"GET", "/api/v1/supervisions", supervisions_list, "supervision.read",
     "Supervisions of a worker (person_id) or a supervisor (supervisor_id)", 0,
     .reply = "items:supervision",
     .query = KAZI_QUERY({"person_id", "integer"}, {"supervisor_id", "integer"})},
    {"POST", "/api/v1/supervisions", supervisions_create, "supervision.write",
     "Assign a supervisor to a worker (checked against kazi.supervision)", 8192,
     .body = "supervision", .reply = "supervision", .status = 201},
    {"GET", "/api/v1/supervisions/{id}", supervisions_get, "supervision.read", "One supervision", 0,
     .reply = "supervision"},
    {"POST", "/api/v1/supervisions/{id}/end", supervisions_end, "supervision.write",
     "End a supervision", 4096, .body = "supervision_end", .reply = "supervision"},
    {"GET", "/api/v1/supervision-sessions", sessions_list, "supervision.read",
     "A worker's supervision sessions and supervised minutes (since a date)", 0,
     .reply = "SupervisionSessions",
     .query = KAZI_QUERY({"person_id", "integer"}, {"since", "string"})},
    {"POST", "/api/v1/supervision-sessions", sessions_create, "supervision.write",
     "Record a supervision session", 16384, .body = "supervision_session",
     .reply = "supervision_session", .status = 201},
    {"GET", "/api/v1/payments", payments_list, "pay.read", "A worker's payments", 0,
     .reply = "items:payment", .query = KAZI_QUERY({"person_id", "integer"})},
    {"POST", "/api/v1/payments", payments_create, "pay.write",
     "Record a payment, stipend, allowance, materials or a reimbursement", 8192, .body = "payment",
     .reply = "payment", .status = 201},
    {"GET", "/api/v1/support-activities", support_list, "support.read",
     "A worker's support and wellness activities", 0, .reply = "items:support_activity",
     .query = KAZI_QUERY({"person_id", "integer"})},
    {"POST", "/api/v1/support-activities", support_create, "support.write",
     "Record a support or wellness activity", 8192, .body = "support_activity",
     .reply = "support_activity", .status = 201},
    {"GET", "/api/v1/activity-returns", returns_list, "activity.read",
     "A worker's monthly activity returns", 0, .reply = "items:activity_count",
     .query = KAZI_QUERY({"person_id", "integer"}, {"period", "string"})},
    {"PUT", "/api/v1/activity-returns", returns_put, "activity.write",
     "Enter a worker's monthly counts by activity type", 16384, .body = "activity_return",
     .reply = "items:activity_count"},
    {"POST", "/api/v1/activity-returns/import", returns_import, "activity.write",
     "Import monthly returns from CSV (all or nothing)", 8 * 1024 * 1024, .body = "Csv",
     .reply = "Result"},
    {"GET", "/api/v1/figures/supervision", fig_supervision, "reports.aggregate",
     "Supervision coverage and ratios per org unit", 0, .reply = "Figures",
     .query = KAZI_QUERY({"org_unit", "integer"})},
    {"GET", "/api/v1/figures/pay", fig_pay, "reports.aggregate",
     "Pay compliance per org unit and funder for a month", 0, .reply = "Figures",
     .query = KAZI_QUERY({"org_unit", "integer"}, {"period", "string"})},
    {"GET", "/api/v1/figures/support", fig_support, "reports.aggregate",
     "Workers without support in the configured period, per org unit", 0, .reply = "Figures",
     .query = KAZI_QUERY({"org_unit", "integer"})},
    {"GET", "/api/v1/figures/activity", fig_activity, "reports.aggregate",
     "Activity return totals per org unit", 0, .reply = "Figures",
     .query = KAZI_QUERY({"org_unit", "integer"}, {"period", "string"})},
    {"GET", "/api/v1/figures/dashboard", fig_dashboard, KAZI_PERM_SELF,
     "The dashboard's figures for the caller's area in one answer (parts by permission)", 0,
     .reply = "Dashboard", .query = KAZI_QUERY({"days", "integer"}, {"period", "string"})},
    {"GET", "/api/v1/figures/people", fig_people, "people.read",
     "The workers behind a figure, by name, with why each is counted", 0, .reply = "FigurePeople",
     .query = KAZI_QUERY({"figure", "string"}, {"org_unit", "integer"}, {"period", "string"})},
    {"GET", "/api/v1/figures/retention", fig_retention, "reports.aggregate",
     "Entries, exits, length of service, home-area share per org unit", 0, .reply = "Figures",
     .query = KAZI_QUERY({"org_unit", "integer"}, {"from", "string"}, {"to", "string"})},
    KAZI_ROUTES_END,
};
