#include "http/catalogue.h"
#include "auth/access.h"
#include "domain/plugins.h"
#include "http/router.h"
#include "lua/runtime.h"
#include "store/db.h"
#include "store/reportrun.h"
#include "util/clock.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

static int pinned(kazi_lua_gen **out)
{
    *out = kazi_lua_current();
    if (!*out) return kazi_error_set(KAZI_EBUSY, NULL, "no configuration is loaded");
    return KAZI_OK;
}

static int catalogue_all(kazi_req *req, kazi_resp *resp)
{
    kazi_lua_gen *g;
    int rc = pinned(&g);
    if (rc < 0) return rc;
    json_t *doc = json_deep_copy(kazi_lua_gen_catalogue(g));
    json_object_set_new(doc, "source", json_string(kazi_lua_gen_source_id(g)));
    json_object_set_new(doc, "generation", json_integer((json_int_t)kazi_lua_gen_number(g)));
    kazi_lua_gen_unref(g);
    return kazi_reply_json_etag(resp, req, doc);
}

static int catalogue_kind(kazi_req *req, kazi_resp *resp)
{
    const char *kind = kazi_req_param(req, "kind");
    kazi_lua_gen *g;
    int rc = pinned(&g);
    if (rc < 0) return rc;
    const json_t *cat = kazi_lua_gen_catalogue(g);
    json_t *v = json_object_get(cat, kind);
    if (!v) {
        kazi_lua_gen_unref(g);
        return kazi_error_set(
            KAZI_ENOTFOUND, "kind",
            "no catalogue kind '%s' (country, groups, cadres, jobs, fields, "
            "courses, certifications, moves, pay, reports, standards, hooks, tests)",
            kind);
    }
    json_t *doc =
        json_pack("{s:s,s:o,s:s,s:I}", "kind", kind, "items", json_deep_copy(v), "source",
                  kazi_lua_gen_source_id(g), "generation", (json_int_t)kazi_lua_gen_number(g));
    kazi_lua_gen_unref(g);
    return kazi_reply_json_etag(resp, req, doc);
}

static int reports_list(kazi_req *req, kazi_resp *resp)
{
    (void)req;
    kazi_lua_gen *g;
    int rc = pinned(&g);
    if (rc < 0) return rc;
    json_t *items = json_deep_copy(json_object_get(kazi_lua_gen_catalogue(g), "reports"));
    kazi_lua_gen_unref(g);
    return kazi_reply_json(resp, 200, json_pack("{s:o}", "reports", items));
}

static int wants_csv(const kazi_req *req)
{
    char fmt[16];
    if (kazi_req_query(fmt, sizeof fmt, req, "format") == KAZI_OK) return !strcmp(fmt, "csv");
    const char *accept = kazi_req_header(req, "Accept");
    return accept && strstr(accept, "text/csv") && !strstr(accept, "application/json");
}

static int report_run(kazi_req *req, kazi_resp *resp)
{
    const char *id = kazi_req_param(req, "id");
    char fmt[16];
    if (kazi_req_query(fmt, sizeof fmt, req, "format") == KAZI_OK && strcmp(fmt, "csv") &&
        strcmp(fmt, "json"))
        return kazi_error_set(KAZI_EINVALID, "format", "format must be json or csv");
    json_t *params = NULL;
    if (req->body_len > 0) {
        json_t *body;
        int rc = kazi_req_json_object(&body, req);
        if (rc < 0) return rc;
        const char *k;
        json_t *v;
        json_object_foreach(body, k, v) if (strcmp(k, "params")) /* nothing ignored */
            return kazi_error_set(KAZI_EINVALID, k, "unknown field '%.60s' (give params)", k);
        params = json_object_get(body, "params");
        if (params && !json_is_object(params))
            return kazi_error_set(KAZI_EINVALID, "params", "params must be an object");
    }
    kazi_lua_gen *g;
    kazi_db *db;
    int rc = pinned(&g);
    if (rc < 0) return rc;
    int csv = wants_csv(req);
    json_t *result = NULL;
    if ((rc = kazi_store_thread_db(&db)) == KAZI_OK)
        rc =
            kazi_report_run_for(&result, db, g, req->auth, id, params, csv ? "csv" : "json", "api");
    kazi_lua_gen_unref(g);
    if (rc < 0) return rc;
    int64_t run_id = json_integer_value(json_object_get(result, "run_id"));
    const char *commit = json_string_value(json_object_get(result, "source"));
    if (csv) {
        char *text, num[32];
        size_t len;
        rc = kazi_report_csv(&text, &len, result);
        if (rc == KAZI_OK) {
            snprintf(num, sizeof num, "%lld", (long long)run_id);
            kazi_resp_header(resp, "X-Kazi-Config-Commit", commit ? commit : "");
            kazi_resp_header(resp, "X-Kazi-Report-Run", num);
        }
        json_decref(result);
        if (rc < 0) return rc;
        kazi_reply_take(resp, 200, "text/csv; charset=utf-8", text, len);
        return KAZI_OK;
    }
    return kazi_reply_json(resp, 200, result);
}

/* GET /api/v1/reports/runs[?report=ID&limit=N]: the runs the caller may see — every
 * run for a national role; for a scoped role, the runs made within their subtree (by
 * them or by anyone scoped inside it) and their own. */
static int report_runs(kazi_req *req, kazi_resp *resp)
{
    const char *report = NULL;
    char buf[80];
    int64_t limit;
    kazi_db *db;
    json_t *runs;
    int rc = kazi_req_query_opt(&report, buf, sizeof buf, req, "report");
    if (rc < 0 || (rc = kazi_req_query_int(&limit, req, "limit", 1, 1000, 100)) < 0 ||
        (rc = kazi_store_thread_db(&db)) < 0 ||
        (rc = kazi_report_runs_for(&runs, db, req->auth, report, (int)limit)) < 0)
        return rc;
    return kazi_reply_json(resp, 200, json_pack("{s:o}", "runs", runs));
}

const kazi_route kazi_routes_catalogue[] = {
    {"GET", "/api/v1/catalogue", catalogue_all, "catalogue.read",
     "Everything the configuration declares (cadres, jobs, courses, ...)", 0, .reply = "Catalogue",
     .status_also = 304},
    {"GET", "/api/v1/catalogue/{kind}", catalogue_kind, "catalogue.read",
     "One kind of declaration (cadres, jobs, fields, courses, certifications, moves, pay, ...)", 0,
     .reply = "CatalogueKind", .status_also = 304},
    {"GET", "/api/v1/reports", reports_list, "catalogue.read",
     "The reports the configuration declares", 0, .reply = "Reports"},
    {"POST", "/api/v1/reports/{id}/run", report_run, "reports.run",
     "Run a report: JSON, or CSV with Accept: text/csv or ?format=csv", 16384,
     .body = "ReportParams", .reply = "ReportResult", .query = KAZI_QUERY({"format", "string"})},
    {"GET", "/api/v1/reports/runs", report_runs, "reports.run",
     "Report runs with who, when, parameters, configuration commit and row count (scoped)", 0,
     .reply = "ReportRuns", .query = KAZI_QUERY({"report", "string"}, {"limit", "integer"})},
    KAZI_ROUTES_END,
};
