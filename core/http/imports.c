/*
 * imports (http) — /api/v1/imports and /api/v1/exports: CSV uploads of people, positions and
 * assignments run as import jobs of the caller (domain/importjob) with progress to poll (or
 * inline with ?wait=true), the templates, and the CSV/JSON extracts. Each handler parses the
 * request, makes one domain call and replies.
 * Uses: domain/importjob, domain/import (templates), domain/export, http/caller.
 * Thread-safety: the handlers are reentrant; jobs are the domain's.
 */
#include "domain/export.h"
#include "domain/import.h"
#include "domain/importjob.h"
#include "domain/registry.h"
#include "http/caller.h"
#include "http/router.h"
#include "store/db.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_UPLOAD (64 * 1024 * 1024)

static int flag(int *out, const kazi_req *req, const char *name)
{
    char buf[8];
    int rc = kazi_req_query(buf, sizeof buf, req, name);
    *out = 0;
    if (rc == KAZI_ENOTFOUND) return KAZI_OK;
    if (rc < 0 || (strcmp(buf, "true") && strcmp(buf, "false")))
        return kazi_error_set(KAZI_EINVALID, name, "%s must be true or false", name);
    *out = !strcmp(buf, "true");
    return KAZI_OK;
}

/* A request body handed to a background job (kazi_upload.release). */
static void body_release(void *ctx)
{
    kazi_body_free(ctx);
    free(ctx);
}

static int imports_create(kazi_req *req, kazi_resp *resp)
{
    kazi_caller actor;
    char kind[20];
    int rc = kazi_http_actor(&actor, req), partial, wait;
    if (rc < 0) return rc;
    if ((rc = kazi_req_query(kind, sizeof kind, req, "kind")) < 0)
        return kazi_error_set(KAZI_EINVALID, "kind",
                              "kind must be people, positions or assignments");
    kazi_import_opts opts = {0};
    if ((rc = kazi_import_kind_parse(&opts.kind, kind)) < 0 ||
        (rc = flag(&partial, req, "partial")) < 0 || (rc = flag(&wait, req, "wait")) < 0)
        return rc;
    opts.partial = partial;
    if (!req->body_len)
        return kazi_error_set(KAZI_EINVALID, "body", "send the CSV file as the request body");
    kazi_db *db = NULL;
    /* ?wait=true reads the body while the request lasts; a background job takes it. */
    kazi_upload upload = {req->body, req->body_len, NULL, NULL};
    if (wait && (rc = kazi_store_thread_db(&db)) < 0) return rc;
    if (!wait) {
        kazi_body *body = calloc(1, sizeof *body);
        if (!body) return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
        if ((rc = kazi_req_take_body(body, req)) < 0) {
            free(body);
            return rc;
        }
        upload = (kazi_upload){body->data, body->len, body_release, body};
    }
    json_t *doc;
    int64_t id;
    rc = kazi_importjob_start(&doc, &id, db, &actor, &opts, &upload,
                              wait ? KAZI_IMPORTJOB_WAIT : KAZI_IMPORTJOB_BACKGROUND);
    if (!doc) return rc;
    if (wait) return kazi_reply_json(resp, rc < 0 ? kazi_http_status_for(rc) : 200, doc);
    char loc[64];
    snprintf(loc, sizeof loc, "/api/v1/imports/%lld", (long long)id);
    kazi_resp_header(resp, "Location", loc);
    return kazi_reply_json(resp, 202, doc);
}

static int imports_list(kazi_req *req, kazi_resp *resp)
{
    kazi_caller actor;
    json_t *list;
    int rc = kazi_http_actor(&actor, req);
    if (rc < 0 || (rc = kazi_importjob_list(&list, &actor)) < 0) return rc;
    return kazi_reply_json(resp, 200, json_pack("{s:o}", "imports", list));
}

static int imports_get(kazi_req *req, kazi_resp *resp)
{
    kazi_caller actor;
    json_t *doc;
    int64_t id;
    int rc = kazi_http_actor(&actor, req);
    if (rc < 0) return rc;
    if (kazi_req_param_id(&id, req, "id") < 0)
        return kazi_error_set(KAZI_ENOTFOUND, "id", "no such import");
    if ((rc = kazi_importjob_get(&doc, &actor, id)) < 0) return rc;
    return kazi_reply_json(resp, 200, doc);
}

static int imports_rejects(kazi_req *req, kazi_resp *resp)
{
    kazi_caller actor;
    char *csv;
    size_t len;
    int64_t id;
    int rc = kazi_http_actor(&actor, req);
    if (rc < 0) return rc;
    if (kazi_req_param_id(&id, req, "id") < 0)
        return kazi_error_set(KAZI_ENOTFOUND, "id", "no rejects for this import");
    if ((rc = kazi_importjob_rejects(&csv, &len, &actor, id)) < 0) return rc;
    kazi_reply_take(resp, 200, "text/csv; charset=utf-8", csv, len);
    return KAZI_OK;
}

static int imports_template(kazi_req *req, kazi_resp *resp)
{
    const char *file = kazi_req_param(req, "file");
    char kind[20];
    size_t n = file ? strlen(file) : 0;
    if (n < 5 || n - 4 >= sizeof kind || strcmp(file + n - 4, ".csv"))
        return kazi_error_set(KAZI_ENOTFOUND, NULL, "no such template");
    memcpy(kind, file, n - 4);
    kind[n - 4] = '\0';
    kazi_import_kind k;
    if (kazi_import_kind_parse(&k, kind) < 0)
        return kazi_error_set(KAZI_ENOTFOUND, NULL, "no such template");
    kazi_caller actor;
    kazi_db *db;
    int rc = kazi_http_setup(&actor, &db, req);
    if (rc < 0) return rc;
    char *csv;
    size_t len;
    if ((rc = kazi_import_template(&csv, &len, db, &actor, k)) < 0) return rc;
    char disp[80];
    snprintf(disp, sizeof disp, "attachment; filename=\"%s\"", file);
    kazi_resp_header(resp, "Content-Disposition", disp);
    kazi_reply_take(resp, 200, "text/csv; charset=utf-8", csv, len);
    return KAZI_OK;
}

const kazi_route kazi_routes_imports[] = {
    {"POST", "/api/v1/imports", imports_create, "imports.run",
     "Import a CSV of people, positions or assignments (?kind=, ?partial=, ?wait=)", MAX_UPLOAD,
     .body = "Csv", .reply = "ImportJob", .status = 202, .status_also = 200,
     .query = KAZI_QUERY({"kind", "string"}, {"partial", "boolean"}, {"wait", "boolean"})},
    {"GET", "/api/v1/imports", imports_list, "imports.run",
     "The caller's import jobs, newest first (the last few of this server's run)", 0,
     .reply = "ImportJobs"},
    {"GET", "/api/v1/imports/{id}", imports_get, "imports.run",
     "An import job's progress and report", 0, .reply = "ImportJob"},
    {"GET", "/api/v1/imports/{id}/rejects.csv", imports_rejects, "imports.run",
     "The rows a partial import rejected, with the reason", 0, .reply = "Csv"},
    {"GET", "/api/v1/imports/templates/{file}", imports_template, "imports.run",
     "The CSV template (people.csv, positions.csv, assignments.csv) for the active configuration",
     0, .reply = "Csv"},
    KAZI_ROUTES_END,
};

/* ---- exports ---------------------------------------------------------------------------- */

typedef struct export_job {
    kazi_caller actor;
    char lo[KAZI_PATH_MAX], hi[KAZI_PATH_MAX];
    kazi_import_kind kind;
    kazi_export_format format;
    int filtered; /* people narrowed by the People screen's filters below */
    char q[101], cadre[65], status[16];
} export_job;

static int export_produce(void *ctx, kazi_resp_write_fn write, void *wctx)
{
    export_job *e = ctx;
    kazi_db *db;
    int rc = kazi_store_thread_db(&db);
    if (rc < 0) return rc;
    if (e->filtered) {
        kazi_export_people_filter f = {e->q[0] ? e->q : NULL, e->cadre[0] ? e->cadre : NULL,
                                       e->status[0] ? e->status : NULL};
        return kazi_export_people(db, &e->actor, e->format, e->lo[0] ? e->lo : NULL,
                                  e->lo[0] ? e->hi : NULL, &f, write, wctx);
    }
    return kazi_export_stream(db, &e->actor, e->kind, e->format, e->lo[0] ? e->lo : NULL,
                              e->lo[0] ? e->hi : NULL, write, wctx);
}

static int exports_get(kazi_req *req, kazi_resp *resp)
{
    kazi_caller actor;
    int rc = kazi_http_actor(&actor, req);
    if (rc < 0) return rc;
    const char *file = kazi_req_param(req, "file");
    char kind[20];
    const char *dot = file ? strrchr(file, '.') : NULL;
    if (!dot || (size_t)(dot - file) >= sizeof kind)
        return kazi_error_set(KAZI_ENOTFOUND, NULL, "no such export");
    memcpy(kind, file, (size_t)(dot - file));
    kind[dot - file] = '\0';
    kazi_import_kind k;
    kazi_export_format f;
    if (kazi_import_kind_parse(&k, kind) < 0)
        return kazi_error_set(KAZI_ENOTFOUND, NULL, "no such export");
    if (!strcmp(dot, ".csv"))
        f = KAZI_EXPORT_CSV;
    else if (!strcmp(dot, ".json"))
        f = KAZI_EXPORT_JSON;
    else
        return kazi_error_set(KAZI_ENOTFOUND, NULL, "no such export");
    kazi_db *db;
    if ((rc = kazi_store_thread_db(&db)) < 0) return rc;
    /* ?org_unit= narrows the extract to a subtree inside the caller's scope (the same
     * rule as the lists: kazi_registry_org_filter). */
    char lo[KAZI_PATH_MAX], hi[KAZI_PATH_MAX];
    const char *plo, *phi;
    int64_t unit;
    if ((rc = kazi_req_query_int(&unit, req, "org_unit", 1, INT64_MAX, 0)) < 0 ||
        (rc = kazi_registry_org_filter(&plo, &phi, lo, hi, db, &actor, unit)) < 0)
        return rc;
    /* People may be narrowed as the People screen narrows its list (?q=&cadre=&status=). */
    char qb[101], cb[65], sb[16];
    const char *q, *cadre, *status;
    if ((rc = kazi_req_query_opt(&q, qb, sizeof qb, req, "q")) < 0 ||
        (rc = kazi_req_query_opt(&cadre, cb, sizeof cb, req, "cadre")) < 0 ||
        (rc = kazi_req_query_opt(&status, sb, sizeof sb, req, "status")) < 0)
        return rc;
    if ((q || cadre || status) && k != KAZI_IMPORT_PEOPLE)
        return kazi_error_set(KAZI_EINVALID,
                              q       ? "q"
                              : cadre ? "cadre"
                                      : "status",
                              "q, cadre and status narrow people exports only");
    if (status && strcmp(status, "active") && strcmp(status, "inactive") &&
        strcmp(status, "deceased") && strcmp(status, "merged"))
        return kazi_error_set(KAZI_EINVALID, "status",
                              "status must be active, inactive, deceased or merged");
    /* The rows are read and sent after the headers, in chunks (memory stays flat for a
     * register of any size); the job keeps its own copies of what it needs. */
    export_job *e = calloc(1, sizeof *e);
    if (!e) return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    if (q || cadre || status) {
        e->filtered = 1;
        snprintf(e->q, sizeof e->q, "%s", q ? q : "");
        snprintf(e->cadre, sizeof e->cadre, "%s", cadre ? cadre : "");
        snprintf(e->status, sizeof e->status, "%s", status ? status : "");
    }
    e->actor = actor;
    e->actor.request_id = NULL;
    e->actor.client_addr = NULL;
    if (plo) {
        snprintf(e->lo, sizeof e->lo, "%s", plo);
        snprintf(e->hi, sizeof e->hi, "%s", phi);
    }
    e->kind = k;
    e->format = f;
    char disp[80];
    snprintf(disp, sizeof disp, "attachment; filename=\"%s\"", file);
    kazi_resp_header(resp, "Content-Disposition", disp);
    kazi_reply_stream(resp, 200,
                      f == KAZI_EXPORT_CSV ? "text/csv; charset=utf-8" : "application/json",
                      export_produce, e);
    return KAZI_OK;
}

const kazi_route kazi_routes_exports[] = {
    {"GET", "/api/v1/exports/{file}", exports_get, "exports.run",
     "Export people, positions or assignments as .csv or .json (?org_unit=; people also "
     "?q=&cadre=&status=, the People screen's filters); no personal data for analysts",
     0, .reply = "Export",
     .query = KAZI_QUERY({"org_unit", "string"}, {"q", "string"}, {"cadre", "string"},
                         {"status", "string"})},
    KAZI_ROUTES_END,
};
