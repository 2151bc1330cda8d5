/*
 * oracle — what every fuzz target checks besides crashes and sanitizer reports, so that
 * a wrong answer is a finding too (libFuzzer reports an abort as a crash):
 *  - an HTTP response is never 5xx, and an error response (4xx) has the one error shape
 *    of core/http/request.c: {"error":{"code":"…","message":"…"[,"field":"…"]
 *    [,"line":n,"column":n]}} as application/json (an import adds its report);
 *  - a failing function called with bad input fails with a code that maps to a 4xx
 *    (never KAZI_ERROR, the internal failure) and a message;
 *  - HTTP requests run on a thread with a server worker's small stack (fuzz_on_worker).
 * Header-only: each target includes it once.
 */
#ifndef KAZI_FUZZ_ORACLE_H
#define KAZI_FUZZ_ORACLE_H

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http/request.h"
#include "util/error.h"
#include "util/thread.h"
#include "util/json.h"

static inline void fuzz_fail(const char *what, const char *detail)
{
    fprintf(stderr, "fuzz oracle: %s: %.2000s\n", what, detail ? detail : "");
    abort();
}

/* The error body of core/http/request.c: an object whose member "error" is an object
 * with non-empty string code and message, optional string field and optional integer
 * line and column. Other members are allowed: the CSV imports add their row-numbered
 * report (beside the error, or as error.rows). */
static inline int fuzz_error_shape_ok(const char *body, size_t len)
{
    json_error_t err;
    json_t *doc = json_loadb(body, len, 0, &err);
    const json_t *e = json_object_get(doc, "error");
    int ok = json_is_object(doc) && json_is_object(e) &&
             json_is_string(json_object_get(e, "code")) &&
             json_string_length(json_object_get(e, "code")) > 0 &&
             json_is_string(json_object_get(e, "message")) &&
             json_string_length(json_object_get(e, "message")) > 0;
    const char *k;
    const json_t *v;
    json_object_foreach((json_t *)e, k, v)
    {
        if (!ok) break;
        if (!strcmp(k, "field"))
            ok = json_is_string(v);
        else if (!strcmp(k, "line") || !strcmp(k, "column"))
            ok = json_is_integer(v);
    }
    json_decref(doc);
    return ok;
}

/* Abort on a response a client must never see: no status, a 5xx, or an error in
 * another shape. `what` names the request in the report. */
static inline void fuzz_check_response(const kazi_resp *resp, const char *what)
{
    char detail[2300];
    snprintf(detail, sizeof detail, "%s -> %d %.*s", what, resp->status,
             resp->body ? (int)(resp->body_len > 2000 ? 2000 : resp->body_len) : 0,
             resp->body ? resp->body : "");
    if (resp->status < 100 || resp->status > 599) fuzz_fail("no valid status", detail);
    if (resp->status >= 500) fuzz_fail("a 5xx answer", detail);
    if (resp->status >= 400 && resp->fhir_errors) {
        /* the /fhir/ API's one error shape: an OperationOutcome with an issue */
        json_t *doc = resp->body ? json_loadb(resp->body, resp->body_len, 0, NULL) : NULL;
        const json_t *issue = json_array_get(json_object_get(doc, "issue"), 0);
        int ok = resp->content_type && !strcmp(resp->content_type, "application/fhir+json") &&
                 !strcmp(json_string_value(json_object_get(doc, "resourceType")) ?: "",
                         "OperationOutcome") &&
                 json_is_string(json_object_get(issue, "code")) &&
                 json_is_string(json_object_get(issue, "diagnostics"));
        json_decref(doc);
        if (!ok) fuzz_fail("a FHIR error that is not an OperationOutcome", detail);
    } else if (resp->status >= 400) {
        if (resp->content_type && strcmp(resp->content_type, "application/json") != 0)
            fuzz_fail("an error that is not JSON", detail);
        if (!resp->body || !fuzz_error_shape_ok(resp->body, resp->body_len))
            fuzz_fail("an error body not in the one error shape", detail);
    }
}

/* Abort when a function given bad input failed as an internal error (what HTTP would
 * answer 500) or without saying why. KAZI_OK and ordinary refusals pass. */
static inline void fuzz_check_code(int rc, const char *what)
{
    if (rc >= 0) return;
    const kazi_error *e = kazi_error_last();
    char detail[700];
    snprintf(detail, sizeof detail, "%s -> %s (%d): %s", what, kazi_error_name(rc), rc,
             e->code == rc ? e->message : "(no message)");
    if (kazi_http_status_for(rc) >= 500) fuzz_fail("an internal failure on bad input", detail);
    if (e->code != rc || !e->message[0]) fuzz_fail("a failure without a message", detail);
}

/*
 * Run fn(arg) on a long-lived thread whose stack is a server worker's: KAZI_DEEP_STACK,
 * which core/stack.c gives every thread of the kazi program, CivetWeb's workers included
 * (Debian's libcivetweb asks for 100 KiB; this harness used that size and found a
 * configuration recursing through require, pcall or gsub down to Lua's C-call limit
 * overflowing it). What would overflow a server worker (unbounded recursion on client
 * data) crashes under the fuzzer too, not only in production. The same thread runs every
 * input: its per-thread state (database connection, Lua states) is made once.
 * Sanitizers make frames larger, so the stack grows with them.
 */
#if defined(__SANITIZE_ADDRESS__)
#define FUZZ_STACK_SCALE 4
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FUZZ_STACK_SCALE 4
#endif
#endif
#ifndef FUZZ_STACK_SCALE
#define FUZZ_STACK_SCALE 1
#endif
#define FUZZ_WORKER_STACK (KAZI_DEEP_STACK * FUZZ_STACK_SCALE)

static pthread_mutex_t fuzz_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t fuzz_cond = PTHREAD_COND_INITIALIZER;
static void (*fuzz_job)(void *);
static void *fuzz_job_arg;
static int fuzz_job_done;

static inline void *fuzz_worker(void *unused)
{
    (void)unused;
    pthread_mutex_lock(&fuzz_lock);
    for (;;) {
        while (!fuzz_job)
            pthread_cond_wait(&fuzz_cond, &fuzz_lock);
        void (*fn)(void *) = fuzz_job;
        pthread_mutex_unlock(&fuzz_lock);
        fn(fuzz_job_arg);
        pthread_mutex_lock(&fuzz_lock);
        fuzz_job = NULL;
        fuzz_job_done = 1;
        pthread_cond_broadcast(&fuzz_cond);
    }
    return NULL;
}

/* An input that holds the worker longer than this is a finding (a hung request): the
 * worker is sent SIGABRT, so the report shows where it was stuck. Below run.sh's
 * libFuzzer -timeout, which would only show the waiting main thread. */
#define FUZZ_HANG_SECONDS 8

static inline void fuzz_on_worker(void (*fn)(void *), void *arg)
{
    static pthread_t worker;
    static int started;
    if (!started) {
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setstacksize(&attr, FUZZ_WORKER_STACK);
        if (pthread_create(&worker, &attr, fuzz_worker, NULL) != 0) abort();
        pthread_attr_destroy(&attr);
        started = 1;
    }
    pthread_mutex_lock(&fuzz_lock);
    fuzz_job_arg = arg;
    fuzz_job_done = 0;
    fuzz_job = fn;
    pthread_cond_broadcast(&fuzz_cond);
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += FUZZ_HANG_SECONDS;
    while (!fuzz_job_done)
        if (pthread_cond_timedwait(&fuzz_cond, &fuzz_lock, &deadline) == ETIMEDOUT) {
            fprintf(stderr, "fuzz oracle: an input held the worker for %d s; aborting it\n",
                    FUZZ_HANG_SECONDS);
            pthread_kill(worker, SIGABRT);
            deadline.tv_sec += FUZZ_HANG_SECONDS;
        }
    pthread_mutex_unlock(&fuzz_lock);
}

/* One fuzz input run as fn(data, size) on the worker thread (fuzz_on_worker). */
typedef void (*fuzz_input_fn)(const uint8_t *data, size_t size);
typedef struct fuzz_input {
    fuzz_input_fn fn;
    const uint8_t *data;
    size_t size;
} fuzz_input;

static inline void fuzz_input_run(void *arg)
{
    const fuzz_input *in = arg;
    in->fn(in->data, in->size);
}

static inline void fuzz_run_on_worker(fuzz_input_fn fn, const uint8_t *data, size_t size)
{
    fuzz_input in = {fn, data, size};
    fuzz_on_worker(fuzz_input_run, &in);
}

#endif
