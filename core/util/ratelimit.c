#include "util/ratelimit.h"
#include "util/clock.h"
#include "util/error.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS   4096 /* keys remembered at once */
#define PROBE   8    /* slots looked at per key */
#define KEY_MAX 64

typedef struct {
    char key[KEY_MAX];
    int64_t start; /* window start, ms; 0: empty */
    int count;
} slot;

struct kazi_ratelimit {
    pthread_mutex_t lock;
    int limit;
    int64_t window_ms;
    slot slots[SLOTS];
};

int kazi_ratelimit_new(kazi_ratelimit **out, int limit, int64_t window_ms)
{
    kazi_ratelimit *rl = calloc(1, sizeof *rl);
    if (!rl) return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    pthread_mutex_init(&rl->lock, NULL);
    rl->limit = limit;
    rl->window_ms = window_ms > 0 ? window_ms : 1;
    *out = rl;
    return KAZI_OK;
}

void kazi_ratelimit_configure(kazi_ratelimit *rl, int limit, int64_t window_ms)
{
    pthread_mutex_lock(&rl->lock);
    rl->limit = limit;
    rl->window_ms = window_ms > 0 ? window_ms : 1;
    memset(rl->slots, 0, sizeof rl->slots);
    pthread_mutex_unlock(&rl->lock);
}

static uint32_t hash(const char *s)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

int kazi_ratelimit_hit(kazi_ratelimit *rl, const char *key, int *retry_after_s)
{
    char k[KEY_MAX];
    snprintf(k, sizeof k, "%s", key ? key : "");
    int64_t now = kazi_clock_now_ms();
    int rc = KAZI_OK, secs = 0;
    pthread_mutex_lock(&rl->lock);
    if (rl->limit <= 0) goto done;
    uint32_t h = hash(k);
    slot *use = NULL, *oldest = NULL;
    for (int i = 0; i < PROBE; i++) {
        slot *s = &rl->slots[(h + (uint32_t)i) % SLOTS];
        if (s->start && !strcmp(s->key, k)) {
            use = s;
            break;
        }
        if (!oldest || s->start < oldest->start) oldest = s;
    }
    if (!use) { /* a new key takes the emptiest (oldest) slot of its run */
        use = oldest;
        snprintf(use->key, sizeof use->key, "%s", k);
        use->start = 0;
    }
    if (!use->start || now - use->start >= rl->window_ms || now < use->start) {
        use->start = now ? now : 1;
        use->count = 0;
    }
    if (use->count >= rl->limit) {
        int64_t wait = use->start + rl->window_ms - now;
        secs = (int)((wait + 999) / 1000);
        if (secs < 1) secs = 1;
        rc = KAZI_ERATELIMIT;
    } else
        use->count++;
done:
    pthread_mutex_unlock(&rl->lock);
    if (retry_after_s) *retry_after_s = secs;
    if (rc < 0)
        return kazi_error_set(KAZI_ERATELIMIT, NULL, "too many requests; try again in %d seconds",
                              secs);
    return KAZI_OK;
}

void kazi_ratelimit_free(kazi_ratelimit *rl)
{
    if (!rl) return;
    pthread_mutex_destroy(&rl->lock);
    free(rl);
}
