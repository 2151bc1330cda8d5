#include "util/stage.h"
#include "util/clock.h"

#include <stdatomic.h>

static _Atomic uint64_t totals[KAZI_STAGE_COUNT];
static _Thread_local int64_t since; /* 0: not in a request */
static _Thread_local kazi_stage current;

static const char *names[KAZI_STAGE_COUNT] = {"other", "session", "scope", "query",
                                              "json",  "send",    "log"};

void kazi_stage_start(void)
{
    since = kazi_clock_mono_ns();
    current = KAZI_STAGE_OTHER;
}

kazi_stage kazi_stage_enter(kazi_stage s)
{
    kazi_stage was = current;
    if (!since) return was;
    int64_t now = kazi_clock_mono_ns();
    atomic_fetch_add_explicit(&totals[was], (uint64_t)(now - since), memory_order_relaxed);
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
    return s < KAZI_STAGE_COUNT ? atomic_load(&totals[s]) : 0;
}

const char *kazi_stage_name(kazi_stage s)
{
    return s < KAZI_STAGE_COUNT ? names[s] : "";
}
