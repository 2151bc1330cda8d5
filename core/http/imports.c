/*
 * imports (http) — /api/v1/imports and /api/v1/exports: CSV uploads of people, positions and
 * assignments run as jobs with progress to poll (or inline with ?wait=true), the templates, and the
 * CSV/JSON extracts. Owns: the in-memory job table (the last KAZI_IMPORT_JOBS jobs; lost on restart
 * — an import is one transaction, so a restart mid-job leaves nothing half-written). Uses:
 * domain/import, http/caller, store/db (each job thread opens its connection). Thread-safety: the
 * job table is guarded by one mutex; each job runs on its own detached thread with its own
 * connection.
 */
#include "domain/export.h"
#include "domain/import.h"
#include "domain/registry.h"
#include "store/registry.h"
#include "http/caller.h"
#include "http/imports.h"
#include "http/router.h"
#include "http/server.h"
#include "store/db.h"
#include "util/clock.h"
#include "util/error.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KAZI_IMPORT_JOBS 32
#define MAX_UPLOAD       (64 * 1024 * 1024)

typedef struct import_job {
    int64_t id;
    kazi_caller caller; /* the job belongs to this user or token (request_id: below) */
    char request_id[40];
    kazi_import_opts opts;
    kazi_body csv; /* the upload, taken from the request (a temporary file when large) */
    /* guarded by lock: */
    int status; /* 0 running, 1 done, 2 failed */
    int64_t done, total;
    json_t *result; /* report (done or failed) */
    char *rejects;
    size_t rejects_len;
    int64_t started_ms, finished_ms;
} import_job;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static import_job *jobs[KAZI_IMPORT_JOBS];
static int64_t next_id = 1;
/* Job threads not yet returned (guarded by lock): kazi_http_imports_drain waits for 0. */
static int threads_alive;
static pthread_cond_t threads_done = PTHREAD_COND_INITIALIZER;

void kazi_http_imports_drain(void)
{
    pthread_mutex_lock(&lock);
    while (threads_alive > 0)
        pthread_cond_wait(&threads_done, &lock);
    pthread_mutex_unlock(&lock);
}

static void job_free(import_job *j)
{
    if (!j) return;
    kazi_body_free(&j->csv);
    json_decref(j->result);
    free(j->rejects);
    free(j);
}

static void on_progress(void *ctx, int64_t done, int64_t total)
{
    import_job *j = ctx;
    pthread_mutex_lock(&lock);
    j->done = done;
    j->total = total;
    pthread_mutex_unlock(&lock);
}

static void run_job(import_job *j, kazi_db *db)
{
    kazi_import_result res;
    int rc = kazi_import_run(&res, db, &j->caller, &j->opts, j->csv.data, j->csv.len);
    json_t *report = kazi_import_result_json(&res);
    json_object_del(report, "rejects_csv");
    if (rc < 0)
        json_object_set_new(
            report, "error",
            json_pack("{s:s,s:s}", "code",
                      kazi_error_last()->slug ? kazi_error_last()->slug : kazi_error_name(rc),
                      "message", kazi_error_last()->message));
    pthread_mutex_lock(&lock);
    j->status = rc < 0 ? 2 : 1;
    j->result = report;
    j->rejects = res.rejects;
    j->rejects_len = res.rejects_len;
    res.rejects = NULL;
    j->finished_ms = kazi_clock_now_ms();
    kazi_body_free(&j->csv);
    pthread_mutex_unlock(&lock);
    kazi_import_result_free(&res);
}

static void *job_thread(void *arg)
{
    import_job *j = arg;
    kazi_db *db;
    if (kazi_store_thread_db(&db) < 0) {
        pthread_mutex_lock(&lock);
        j->status = 2;
        j->result = json_pack("{s:{s:s,s:s}}", "error", "code", "internal", "message",
                              kazi_error_last()->message);
        pthread_mutex_unlock(&lock);
    } else {
        kazi_store_bulk_cache(db, 64); /* this thread's own connection, closed below */
        run_job(j, db);
    }
    kazi_server_thread_cleanup(); /* Lua states and the connection this job used */
    pthread_mutex_lock(&lock);
    if (--threads_alive == 0) pthread_cond_broadcast(&threads_done);
    pthread_mutex_unlock(&lock);
    return NULL;
}

static json_t *job_json(const import_job *j)
{
    static const char *const names[] = {"running", "done", "failed"};
    json_t *o = json_pack("{s:I,s:s,s:s,s:I,s:I}", "id", (json_int_t)j->id, "kind",
                          j->opts.kind == KAZI_IMPORT_PEOPLE      ? "people"
                          : j->opts.kind == KAZI_IMPORT_POSITIONS ? "positions"
                                                                  : "assignments",
                          "status", names[j->status], "done", (json_int_t)j->done, "total",
                          (json_int_t)j->total);
    json_object_set_new(o, "partial", json_boolean(j->opts.partial));
    if (j->result) json_object_set(o, "result", j->result);
    if (j->rejects) {
        char url[80];
        snprintf(url, sizeof url, "/api/v1/imports/%lld/rejects.csv", (long long)j->id);
        json_object_set_new(o, "rejects_url", json_string(url));
    }
    return o;
}

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
    if (wait) {
        kazi_db *db;
        if ((rc = kazi_store_thread_db(&db)) < 0) return rc;
        kazi_import_result res;
        kazi_store_bulk_cache(db, 64);
        rc = kazi_import_run(&res, db, &actor, &opts, req->body, req->body_len);
        kazi_store_bulk_cache(db, 0);
        json_t *report = kazi_import_result_json(&res);
        if (rc < 0)
            json_object_set_new(
                report, "error",
                json_pack("{s:s,s:s}", "code",
                          kazi_error_last()->slug ? kazi_error_last()->slug : kazi_error_name(rc),
                          "message", kazi_error_last()->message));
        kazi_import_result_free(&res);
        return kazi_reply_json(resp, rc < 0 ? kazi_http_status_for(rc) : 200, report);
    }
    import_job *j = calloc(1, sizeof *j);
    if (!j) return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    if ((rc = kazi_req_take_body(&j->csv, req)) < 0) {
        free(j);
        return rc;
    }
    j->caller = actor;
    snprintf(j->request_id, sizeof j->request_id, "%s", req->request_id);
    j->caller.request_id = j->request_id;
    j->caller.client_addr = NULL; /* lent from the request, which ends before the job */
    j->opts = opts;
    j->opts.progress = on_progress;
    j->opts.progress_ctx = j;
    j->started_ms = kazi_clock_now_ms();
    pthread_mutex_lock(&lock);
    /* Take a free slot, else the slot of the job that finished first. */
    int slot = -1;
    for (int i = 0; i < KAZI_IMPORT_JOBS && slot < 0; i++)
        if (!jobs[i]) slot = i;
    if (slot < 0)
        for (int i = 0; i < KAZI_IMPORT_JOBS; i++)
            if (jobs[i]->status != 0 &&
                (slot < 0 || jobs[i]->finished_ms < jobs[slot]->finished_ms))
                slot = i;
    if (slot < 0) {
        pthread_mutex_unlock(&lock);
        job_free(j);
        return kazi_error_set(KAZI_EBUSY, NULL, "too many imports are running; try again later");
    }
    job_free(jobs[slot]);
    jobs[slot] = j;
    j->id = next_id++;
    pthread_t t;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    threads_alive++;
    if (pthread_create(&t, &attr, job_thread, j) != 0) {
        threads_alive--;
        jobs[slot] = NULL;
        pthread_mutex_unlock(&lock);
        pthread_attr_destroy(&attr);
        job_free(j);
        return kazi_error_set(KAZI_ERROR, NULL, "cannot start the import");
    }
    pthread_attr_destroy(&attr);
    json_t *doc = job_json(j);
    pthread_mutex_unlock(&lock);
    char loc[64];
    snprintf(loc, sizeof loc, "/api/v1/imports/%lld",
             (long long)json_integer_value(json_object_get(doc, "id")));
    kazi_resp_header(resp, "Location", loc);
    return kazi_reply_json(resp, 202, doc);
}

/* The caller's job `id` under the lock, or NULL (404) — other principals' jobs do not
 * exist: a token's jobs are the token's, not its creator's, and the reverse. */
static import_job *find_job(const kazi_req *req, const kazi_caller *actor)
{
    int64_t id;
    if (kazi_req_param_id(&id, req, "id") < 0) return NULL;
    for (int i = 0; i < KAZI_IMPORT_JOBS; i++)
        if (jobs[i] && jobs[i]->id == id && jobs[i]->caller.kind == actor->kind &&
            jobs[i]->caller.user_id == actor->user_id &&
            jobs[i]->caller.token_id == actor->token_id)
            return jobs[i];
    return NULL;
}

static int imports_get(kazi_req *req, kazi_resp *resp)
{
    kazi_caller actor;
    int rc = kazi_http_actor(&actor, req);
    if (rc < 0) return rc;
    pthread_mutex_lock(&lock);
    import_job *j = find_job(req, &actor);
    json_t *doc = j ? job_json(j) : NULL;
    pthread_mutex_unlock(&lock);
    if (!doc) return kazi_error_set(KAZI_ENOTFOUND, "id", "no such import");
    return kazi_reply_json(resp, 200, doc);
}

static int imports_rejects(kazi_req *req, kazi_resp *resp)
{
    kazi_caller actor;
    int rc = kazi_http_actor(&actor, req);
    if (rc < 0) return rc;
    pthread_mutex_lock(&lock);
    import_job *j = find_job(req, &actor);
    if (!j || !j->rejects) {
        pthread_mutex_unlock(&lock);
        return kazi_error_set(KAZI_ENOTFOUND, "id", "no rejects for this import");
    }
    rc = kazi_reply_bytes(resp, 200, "text/csv; charset=utf-8", j->rejects, j->rejects_len);
    pthread_mutex_unlock(&lock);
    return rc;
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
    char *csv;
    size_t len;
    int rc = kazi_import_template(&csv, &len, k);
    if (rc < 0) return rc;
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
} export_job;

static int export_produce(void *ctx, kazi_resp_write_fn write, void *wctx)
{
    export_job *e = ctx;
    kazi_db *db;
    int rc = kazi_store_thread_db(&db);
    if (rc < 0) return rc;
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
    /* The rows are read and sent after the headers, in chunks (memory stays flat for a
     * register of any size); the job keeps its own copies of what it needs. */
    export_job *e = calloc(1, sizeof *e);
    if (!e) return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
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
     "Export people, positions or assignments as .csv or .json (?org_unit=); no personal data for "
     "analysts",
     0, .reply = "Export", .query = KAZI_QUERY({"org_unit", "string"})},
    KAZI_ROUTES_END,
};
