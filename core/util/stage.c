#include "util/stage.h"
#include "util/clock.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

/* One thread's counters: written only by that thread (a plain load and store, no
 * read-modify-write on a line other threads write), read by kazi_stage_total_ns. Blocks
 * are linked once per thread and never freed, so a thread that ends keeps its part of
 * the totals. */
typedef struct block {
    _Atomic uint64_t ns[KAZI_STAGE_COUNT];
    struct block *next;
} block;

static pthread_mutex_t blocks_lock = PTHREAD_MUTEX_INITIALIZER;
static _Atomic(block *) blocks;
static _Thread_local block *mine;
static _Thread_local int64_t since; /* 0: not in a request */
static _Thread_local kazi_stage current;

static const char *names[KAZI_STAGE_COUNT] = {"other", "session", "scope", "query",
                                              "json",  "send",    "log"};

/* This thread's block, linked at its first request; NULL when out of memory (its time
 * is then not counted). */
static block *my_block(void)
{
    if (mine) return mine;
    block *b = calloc(1, sizeof *b);
    if (!b) return NULL;
    pthread_mutex_lock(&blocks_lock);
    b->next = atomic_load_explicit(&blocks, memory_order_relaxed);
    atomic_store_explicit(&blocks, b, memory_order_release);
    pthread_mutex_unlock(&blocks_lock);
    return mine = b;
}

void kazi_stage_start(void)
{
    since = my_block() ? kazi_clock_mono_ns() : 0;
    current = KAZI_STAGE_OTHER;
}

kazi_stage kazi_stage_enter(kazi_stage s)
{
    kazi_stage was = current;
    if (!since) return was;
    int64_t now = kazi_clock_mono_ns();
    _Atomic uint64_t *c = &mine->ns[was];
    atomic_store_explicit(c,
                          atomic_load_explicit(c, memory_order_relaxed) + (uint64_t)(now - since),
                          memory_order_relaxed);
    since = now;
    current = s;
    return was;
}

void kazi_stage_stop(void)
{
    kazi_stage_enter(KAZI_STAGE_OTHER);
    since = 0;
}

uint64_t kazi_stage_total_ns(kazi_stage s)
{
    if (s >= KAZI_STAGE_COUNT) return 0;
    uint64_t total = 0;
    for (block *b = atomic_load_explicit(&blocks, memory_order_acquire); b; b = b->next)
        total += atomic_load_explicit(&b->ns[s], memory_order_relaxed);
    return total;
}

const char *kazi_stage_name(kazi_stage s)
{
    return s < KAZI_STAGE_COUNT ? names[s] : "";
}
