#define _GNU_SOURCE /* pthread_getattr_np */
#include "util/thread.h"
#include "util/error.h"
#include "util/log.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    int (*fn)(void *);
    void *arg;
    char request_id[64];
    int rc;
    kazi_error err;
} job;

static void *trampoline(void *p)
{
    job *j = p;
    kazi_log_set_request_id(j->request_id[0] ? j->request_id : NULL);
    kazi_error_clear();
    j->rc = j->fn(j->arg);
    j->err = *kazi_error_last();
    kazi_log_set_request_id(NULL);
    return NULL;
}

static size_t current_stack(void)
{
    pthread_attr_t attr;
    size_t size = 0;
    if (pthread_getattr_np(pthread_self(), &attr) != 0) return 0;
    pthread_attr_getstacksize(&attr, &size);
    pthread_attr_destroy(&attr);
    return size;
}

int kazi_thread_run_deep(int (*fn)(void *arg), void *arg)
{
    if (current_stack() >= KAZI_DEEP_STACK) return fn(arg);
    job j = {fn, arg, "", 0, {0}};
    const char *rid = kazi_log_request_id();
    if (rid) snprintf(j.request_id, sizeof j.request_id, "%s", rid);
    pthread_attr_t attr;
    pthread_t t;
    if (pthread_attr_init(&attr) != 0)
        return kazi_error_set(KAZI_ERROR, NULL, "cannot create a thread");
    pthread_attr_setstacksize(&attr, KAZI_DEEP_STACK);
    int rc = pthread_create(&t, &attr, trampoline, &j);
    pthread_attr_destroy(&attr);
    if (rc != 0)
        return kazi_error_set(KAZI_ERROR, NULL, "cannot create a thread: %s", strerror(rc));
    pthread_join(t, NULL);
    if (j.err.slug)
        kazi_error_set_slug(j.err.code, j.err.slug, j.err.field[0] ? j.err.field : NULL, "%s",
                            j.err.message);
    else
        kazi_error_set(j.err.code, j.err.field[0] ? j.err.field : NULL, "%s", j.err.message);
    kazi_error_set_position(j.err.line, j.err.column);
    return j.rc;
}
