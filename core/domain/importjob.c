#include "domain/importjob.h"
#include "lua/runtime.h"
#include "store/db.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/lang.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { JOB_RUNNING = 0, JOB_DONE = 1, JOB_FAILED = 2 } job_status;

typedef struct job {
    int64_t id;
    kazi_caller caller; /* who the job belongs to, as it was when it started */
    char request_id[40], client_addr[64];
    char lang[KAZI_LANG_MAX]; /* the request's language: the report's messages speak it */
    kazi_import_opts opts;    /* progress: on_progress, which passes it on to: */
    void (*progress)(void *ctx, int64_t done, int64_t total);
    void *progress_ctx;
    kazi_upload upload; /* released when the run ends */
    /* guarded by lock: */
    job_status status;
    int64_t done, total;
    json_t *result; /* the report, once finished */
    char *rejects;
    size_t rejects_len;
    int64_t finished_ms;
} job;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static job *jobs[KAZI_IMPORTJOB_KEEP];
static int64_t next_id = 1;
/* Job threads not yet returned (guarded by lock): kazi_importjob_drain waits for 0. */
static int threads_alive;
static pthread_cond_t threads_done = PTHREAD_COND_INITIALIZER;

void kazi_importjob_drain(void)
{
    pthread_mutex_lock(&lock);
    while (threads_alive > 0)
        pthread_cond_wait(&threads_done, &lock);
    pthread_mutex_unlock(&lock);
}

static void upload_release(kazi_upload *u)
{
    if (u->release) u->release(u->ctx);
    memset(u, 0, sizeof *u);
}

static void job_free(job *j)
{
    if (!j) return;
    upload_release(&j->upload);
    json_decref(j->result);
    free(j->rejects);
    free(j);
}

static int same_principal(const kazi_caller *a, const kazi_caller *b)
{
    return a->kind == b->kind && a->user_id == b->user_id && a->token_id == b->token_id;
}

/*
 * Whether `c` may read job j: the same principal (a token's jobs are the token's, not
 * its creator's, and the reverse), whose scope still covers the scope the job ran in
 * and who still has the right to personal data if the job had it (a report and
 * rejects.csv hold the file's rows). Anything else reads like no job at all.
 */
static int visible(const job *j, const kazi_caller *c)
{
    if (!same_principal(&j->caller, c)) return 0;
    if (j->caller.personal_data && !c->personal_data) return 0;
    if (kazi_caller_is_national(c)) return 1;
    return !kazi_caller_is_national(&j->caller) && kazi_caller_sees(c, j->caller.scope_path);
}

static json_t *job_json(const job *j)
{
    static const char *const names[] = {"running", "done", "failed"};
    json_t *o =
        json_pack("{s:I,s:s,s:s,s:I,s:I,s:b}", "id", (json_int_t)j->id, "kind",
                  kazi_import_kind_name(j->opts.kind), "status", names[j->status], "done",
                  (json_int_t)j->done, "total", (json_int_t)j->total, "partial", j->opts.partial);
    if (o && j->result) json_object_set(o, "result", j->result);
    if (o && j->rejects) {
        char url[80];
        snprintf(url, sizeof url, "/api/v1/imports/%lld/rejects.csv", (long long)j->id);
        json_object_set_new(o, "rejects_url", json_string(url));
    }
    return o;
}

static void on_progress(void *ctx, int64_t done, int64_t total)
{
    job *j = ctx;
    pthread_mutex_lock(&lock);
    j->done = done;
    j->total = total;
    pthread_mutex_unlock(&lock);
    if (j->progress) j->progress(j->progress_ctx, done, total);
}

/* The report of a finished import, with {error: {code, message}} when it failed. */
static json_t *report_of(const kazi_import_result *res, int rc)
{
    json_t *report = kazi_import_result_json(res);
    if (report && rc < 0) {
        const kazi_error *e = kazi_error_last();
        json_object_set_new(report, "error",
                            json_pack("{s:s,s:s}", "code", e->slug ? e->slug : kazi_error_name(rc),
                                      "message", e->message));
    }
    return report;
}

/* Run j on db and record how it ended; *report (may be NULL) receives the full report
 * (rejects_csv included). j is not touched after it is marked finished. */
static int run(job *j, kazi_db *db, json_t **report)
{
    kazi_import_result res;
    int rc = kazi_import_run(&res, db, &j->caller, &j->opts, j->upload.data, j->upload.len);
    json_t *full = report_of(&res, rc), *kept = json_deep_copy(full);
    json_object_del(kept, "rejects_csv"); /* the job serves the bytes themselves */
    if (report)
        *report = full;
    else
        json_decref(full);
    upload_release(&j->upload);
    pthread_mutex_lock(&lock);
    j->status = rc < 0 ? JOB_FAILED : JOB_DONE;
    j->result = kept;
    j->rejects = res.rejects;
    j->rejects_len = res.rejects_len;
    res.rejects = NULL;
    j->finished_ms = kazi_clock_now_ms();
    pthread_mutex_unlock(&lock);
    kazi_import_result_free(&res);
    return rc;
}

static void *job_thread(void *arg)
{
    job *j = arg;
    kazi_db *db;
    kazi_lang_set(j->lang);
    if (kazi_store_thread_db(&db) < 0) {
        json_t *r = json_pack("{s:{s:s,s:s}}", "error", "code", "internal", "message",
                              kazi_error_last()->message);
        upload_release(&j->upload);
        pthread_mutex_lock(&lock);
        j->status = JOB_FAILED;
        j->result = r;
        j->finished_ms = kazi_clock_now_ms();
        pthread_mutex_unlock(&lock);
    } else {
        run(j, db, NULL);
    }
    /* What this thread acquired through the import: its Lua states and connection. */
    kazi_lua_thread_exit();
    kazi_store_thread_close();
    pthread_mutex_lock(&lock);
    if (--threads_alive == 0) pthread_cond_broadcast(&threads_done);
    pthread_mutex_unlock(&lock);
    return NULL;
}

/* Put j in a free slot, else in the slot of the job that finished first, and number
 * it; under the lock. KAZI_EBUSY when every job is running. */
static int enter(job *j)
{
    int slot = -1;
    for (int i = 0; i < KAZI_IMPORTJOB_KEEP && slot < 0; i++)
        if (!jobs[i]) slot = i;
    if (slot < 0)
        for (int i = 0; i < KAZI_IMPORTJOB_KEEP; i++)
            if (jobs[i]->status != JOB_RUNNING &&
                (slot < 0 || jobs[i]->finished_ms < jobs[slot]->finished_ms))
                slot = i;
    if (slot < 0)
        return kazi_error_set(KAZI_EBUSY, NULL, "too many imports are running; try again later");
    job_free(jobs[slot]);
    jobs[slot] = j;
    j->id = next_id++;
    return KAZI_OK;
}

/* Take j out of the table again (a thread that could not start); under the lock. */
static void leave(job *j)
{
    for (int i = 0; i < KAZI_IMPORTJOB_KEEP; i++)
        if (jobs[i] == j) jobs[i] = NULL;
}

int kazi_importjob_start(json_t **out, int64_t *id, kazi_db *db, const kazi_caller *caller,
                         const kazi_import_opts *opts, kazi_upload *upload,
                         kazi_importjob_mode mode)
{
    *out = NULL;
    if (id) *id = 0;
    job *j = calloc(1, sizeof *j);
    if (!j) {
        upload_release(upload);
        return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    }
    j->upload = *upload;
    memset(upload, 0, sizeof *upload);
    j->caller = *caller;
    snprintf(j->lang, sizeof j->lang, "%s", kazi_lang_current());
    snprintf(j->request_id, sizeof j->request_id, "%s",
             caller->request_id ? caller->request_id : "");
    snprintf(j->client_addr, sizeof j->client_addr, "%s",
             caller->client_addr ? caller->client_addr : "");
    /* The request's strings end with it; the job keeps its own. */
    j->caller.request_id = caller->request_id ? j->request_id : NULL;
    j->caller.client_addr = caller->client_addr ? j->client_addr : NULL;
    j->opts = *opts;
    j->progress = opts->progress;
    j->progress_ctx = opts->progress_ctx;
    j->opts.progress = on_progress;
    j->opts.progress_ctx = j;
    pthread_mutex_lock(&lock);
    int rc = enter(j);
    if (rc < 0) {
        pthread_mutex_unlock(&lock);
        job_free(j);
        return rc;
    }
    if (id) *id = j->id;
    if (mode == KAZI_IMPORTJOB_WAIT) {
        pthread_mutex_unlock(&lock);
        rc = run(j, db, out);
        return *out || rc < 0 ? rc : kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    }
    pthread_t t;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    threads_alive++;
    if (pthread_create(&t, &attr, job_thread, j) != 0) {
        threads_alive--;
        leave(j);
        pthread_mutex_unlock(&lock);
        pthread_attr_destroy(&attr);
        job_free(j);
        if (id) *id = 0;
        return kazi_error_set(KAZI_ERROR, NULL, "cannot start the import");
    }
    pthread_attr_destroy(&attr);
    *out = job_json(j);
    pthread_mutex_unlock(&lock);
    return *out ? KAZI_OK : kazi_error_set(KAZI_ERROR, NULL, "out of memory");
}

/* The caller's job `id`, under the lock, or NULL. */
static job *find(const kazi_caller *caller, int64_t id)
{
    for (int i = 0; i < KAZI_IMPORTJOB_KEEP; i++)
        if (jobs[i] && jobs[i]->id == id && visible(jobs[i], caller)) return jobs[i];
    return NULL;
}

int kazi_importjob_get(json_t **out, const kazi_caller *caller, int64_t id)
{
    pthread_mutex_lock(&lock);
    job *j = find(caller, id);
    *out = j ? job_json(j) : NULL;
    pthread_mutex_unlock(&lock);
    if (!j) return kazi_error_set(KAZI_ENOTFOUND, "id", "no such import");
    return *out ? KAZI_OK : kazi_error_set(KAZI_ERROR, NULL, "out of memory");
}

int kazi_importjob_list(json_t **out, const kazi_caller *caller)
{
    json_t *list = json_array();
    if (!list) return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    pthread_mutex_lock(&lock);
    /* Ids grow with time: newest first is highest id first. */
    int64_t below = INT64_MAX;
    for (;;) {
        const job *next = NULL;
        for (int i = 0; i < KAZI_IMPORTJOB_KEEP; i++)
            if (jobs[i] && jobs[i]->id < below && visible(jobs[i], caller) &&
                (!next || jobs[i]->id > next->id))
                next = jobs[i];
        if (!next) break;
        json_array_append_new(list, job_json(next));
        below = next->id;
    }
    pthread_mutex_unlock(&lock);
    *out = list;
    return KAZI_OK;
}

int kazi_importjob_rejects(char **out, size_t *len, const kazi_caller *caller, int64_t id)
{
    int rc = KAZI_OK;
    pthread_mutex_lock(&lock);
    job *j = find(caller, id);
    if (!j || !j->rejects)
        rc = kazi_error_set(KAZI_ENOTFOUND, "id", "no rejects for this import");
    else if (!(*out = malloc(j->rejects_len + 1)))
        rc = kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    else {
        memcpy(*out, j->rejects, j->rejects_len);
        (*out)[j->rejects_len] = '\0';
        *len = j->rejects_len;
    }
    pthread_mutex_unlock(&lock);
    return rc;
}
