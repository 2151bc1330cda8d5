#define _GNU_SOURCE /* pthread_getattr_np */
#include "util/thread.h"
#include "util/error.h"
#include "util/log.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* ---- a helper thread ----------------------------------------------------------------- */

struct kazi_helper {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int (*fn)(void *);
    void *arg;
    int posted, done, stop;
    void (*at_exit)(void);
    char request_id[64];
    int rc;
    kazi_error err;
};

static void *helper_main(void *p)
{
    kazi_helper *h = p;
    kazi_log_set_request_id(h->request_id[0] ? h->request_id : NULL);
    pthread_mutex_lock(&h->lock);
    for (;;) {
        while (!h->posted && !h->stop)
            pthread_cond_wait(&h->cond, &h->lock);
        if (h->stop) break;
        h->posted = 0;
        pthread_mutex_unlock(&h->lock);
        kazi_error_clear();
        int rc = h->fn(h->arg);
        pthread_mutex_lock(&h->lock);
        h->rc = rc;
        h->err = *kazi_error_last();
        h->done = 1;
        pthread_cond_broadcast(&h->cond);
    }
    pthread_mutex_unlock(&h->lock);
    if (h->at_exit) h->at_exit();
    kazi_log_set_request_id(NULL);
    return NULL;
}

kazi_helper *kazi_helper_start(void (*at_exit)(void))
{
    if (sysconf(_SC_NPROCESSORS_ONLN) < 2) return NULL;
    kazi_helper *h = calloc(1, sizeof *h);
    if (!h) return NULL;
    h->at_exit = at_exit;
    const char *rid = kazi_log_request_id();
    if (rid) snprintf(h->request_id, sizeof h->request_id, "%s", rid);
    pthread_mutex_init(&h->lock, NULL);
    pthread_cond_init(&h->cond, NULL);
    pthread_attr_t attr;
    int ok = pthread_attr_init(&attr) == 0;
    if (ok) {
        pthread_attr_setstacksize(&attr, KAZI_DEEP_STACK);
        ok = pthread_create(&h->thread, &attr, helper_main, h) == 0;
        pthread_attr_destroy(&attr);
    }
    if (!ok) {
        pthread_cond_destroy(&h->cond);
        pthread_mutex_destroy(&h->lock);
        free(h);
        return NULL;
    }
    return h;
}

void kazi_helper_post(kazi_helper *h, int (*fn)(void *arg), void *arg)
{
    pthread_mutex_lock(&h->lock);
    h->fn = fn;
    h->arg = arg;
    h->done = 0;
    h->posted = 1;
    pthread_cond_broadcast(&h->cond);
    pthread_mutex_unlock(&h->lock);
}

int kazi_helper_wait(kazi_helper *h)
{
    pthread_mutex_lock(&h->lock);
    while (!h->done)
        pthread_cond_wait(&h->cond, &h->lock);
    int rc = h->rc;
    kazi_error err = h->err;
    pthread_mutex_unlock(&h->lock);
    if (rc < 0) {
        if (err.slug)
            kazi_error_set_slug(err.code, err.slug, err.field[0] ? err.field : NULL, "%s",
                                err.message);
        else
            kazi_error_set(err.code, err.field[0] ? err.field : NULL, "%s", err.message);
        kazi_error_set_position(err.line, err.column);
    }
    return rc;
}

void kazi_helper_stop(kazi_helper *h)
{
    if (!h) return;
    pthread_mutex_lock(&h->lock);
    h->stop = 1;
    pthread_cond_broadcast(&h->cond);
    pthread_mutex_unlock(&h->lock);
    pthread_join(h->thread, NULL);
    pthread_cond_destroy(&h->cond);
    pthread_mutex_destroy(&h->lock);
    free(h);
}
