/*
 * planning (http) — workforce planning: need, supply and shortfall by org unit and
 * cadre from the staffing norms, and the projection with its assumptions
 * (GET /api/v1/planning).
 * Owns: its handler and route table.
 * Uses: domain/planning (which decides scope for the caller in req->auth).
 * Thread-safety: handlers run on any worker thread with its own connection.
 */
#include "domain/planning.h"
#include "http/access.h"
#include "http/router.h"
#include "util/error.h"

#include <stdint.h>
#include <stdlib.h>

/* An optional decimal query parameter into *out (left as it is when absent). */
static int query_number(double *out, const kazi_req *req, const char *name)
{
    char buf[40];
    const char *v;
    int rc = kazi_req_query_opt(&v, buf, sizeof buf, req, name);
    if (rc < 0 || !v) return rc;
    char *end;
    double d = strtod(v, &end);
    if (*end || end == v || d != d)
        return kazi_error_set(KAZI_EINVALID, name, "%s must be a number, not '%.20s'", name, v);
    *out = d;
    return KAZI_OK;
}

static int get(kazi_req *req, kazi_resp *resp)
{
    char level[65], cadre[65];
    const char *lv = NULL, *cd = NULL;
    int64_t years, window, year;
    kazi_planning_request rq = {
        .set = {KAZI_PLANNING_UNSET, KAZI_PLANNING_UNSET, KAZI_PLANNING_UNSET, KAZI_PLANNING_UNSET,
                KAZI_PLANNING_UNSET},
        .population_growth = KAZI_PLANNING_UNSET,
        .extra_intake = KAZI_PLANNING_UNSET,
        .alt_exit_rate = KAZI_PLANNING_UNSET,
        .alt_population_growth = KAZI_PLANNING_UNSET,
        .alt_norm_scale = KAZI_PLANNING_UNSET,
    };
    int rc;
    if ((rc = kazi_req_query_opt(&lv, level, sizeof level, req, "level")) < 0 ||
        (rc = kazi_req_query_opt(&cd, cadre, sizeof cadre, req, "cadre")) < 0 ||
        (rc = kazi_req_query_int(&years, req, "years", 1, KAZI_PLANNING_MAX_YEARS, 5)) < 0 ||
        (rc = kazi_req_query_int(&window, req, "window", 1, KAZI_PLANNING_MAX_WINDOW, 3)) < 0 ||
        (rc = kazi_req_query_int(&year, req, "year", 1900, 2200, 0)) < 0 ||
        (rc = query_number(&rq.set.intake_per_year, req, "intake_per_year")) < 0 ||
        (rc = query_number(&rq.set.pass_rate, req, "pass_rate")) < 0 ||
        (rc = query_number(&rq.set.certify_rate, req, "certify_rate")) < 0 ||
        (rc = query_number(&rq.set.place_rate, req, "place_rate")) < 0 ||
        (rc = query_number(&rq.set.exit_rate, req, "exit_rate")) < 0 ||
        (rc = query_number(&rq.extra_intake, req, "extra_intake")) < 0 ||
        (rc = query_number(&rq.population_growth, req, "population_growth")) < 0 ||
        (rc = query_number(&rq.alt_exit_rate, req, "alt_exit_rate")) < 0 ||
        (rc = query_number(&rq.alt_population_growth, req, "alt_population_growth")) < 0 ||
        (rc = query_number(&rq.alt_norm_scale, req, "alt_norm_scale")) < 0)
        return rc;
    if (!lv) return kazi_error_set(KAZI_EINVALID, "level", "give the org-unit level (level=...)");
    rq.level = lv;
    rq.cadre = cd;
    rq.years = (int)years;
    rq.window = (int)window;
    rq.year = (int)year;
    kazi_db *db;
    json_t *doc;
    if ((rc = kazi_store_thread_db(&db)) < 0 ||
        (rc = kazi_planning_get_for(&doc, db, req->auth, &rq)) < 0)
        return rc;
    return kazi_reply_json(resp, 200, doc);
}

const kazi_route kazi_routes_planning[] = {
    {"GET", "/api/v1/planning", get, "reports.aggregate",
     "Need (from the staffing norms), supply and shortfall per org unit of a level and cadre, "
     "and the projection of supply and need with its assumptions (observed, or overridden in "
     "the query; population growth) beside a second scenario (extra intake, another exit rate, "
     "population growth or norm scale): docs/plugins.md, \"Staffing norms and planning\"",
     0, .reply = "Planning",
     .query = KAZI_QUERY(
         {"level", "string"}, {"cadre", "string"}, {"years", "integer"}, {"window", "integer"},
         {"year", "integer"}, {"intake_per_year", "number"}, {"pass_rate", "number"},
         {"certify_rate", "number"}, {"place_rate", "number"}, {"exit_rate", "number"},
         {"extra_intake", "number"}, {"population_growth", "number"}, {"alt_exit_rate", "number"},
         {"alt_population_growth", "number"}, {"alt_norm_scale", "number"})},
    KAZI_ROUTES_END,
};
