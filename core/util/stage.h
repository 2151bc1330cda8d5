/*
 * stage — where a request's time goes: session, scope, query, JSON, send, log, other.
 * Owns: each thread's nanosecond counters per stage (kept as long as the process, so the
 * totals never go back) and its current stage.
 * Uses: util/clock.
 * Thread-safety: safe; each thread charges its own elapsed time to its own counters
 * (no shared write per request: on two cores a counter shared by every worker thread
 * moved between the cores' caches at each switch); the totals sum every thread's.
 *
 * A thread is always "in" one stage; kazi_stage_enter charges the time since the last
 * switch to the stage it leaves, so nested stages are counted exclusively (the scope
 * look-up inside the session check is scope, not session). /metrics publishes the
 * totals (kazi_http_stage_seconds_total) and scripts/bench divides them by requests.
 */
#ifndef KAZI_UTIL_STAGE_H
#define KAZI_UTIL_STAGE_H

#include <stdint.h>

typedef enum {
    KAZI_STAGE_OTHER,   /* routing, parsing, CivetWeb: everything not named below */
    KAZI_STAGE_SESSION, /* who the caller is: session or token, user */
    KAZI_STAGE_SCOPE,   /* what the caller may see: scope unit, permissions, linked person */
    KAZI_STAGE_QUERY,   /* the domain call: SQL and the record it builds */
    KAZI_STAGE_JSON,    /* serialising the reply */
    KAZI_STAGE_SEND,    /* writing the reply to the socket */
    KAZI_STAGE_LOG,     /* the access-log line */
    KAZI_STAGE_COUNT
} kazi_stage;

/* Begin a request on this thread: the clock starts in KAZI_STAGE_OTHER. */
void kazi_stage_start(void);

/* Switch this thread to `s`, charging the time since the last switch to the stage it
 * was in; returns that stage, to switch back to. Outside a request (no start), free. */
kazi_stage kazi_stage_enter(kazi_stage s);

/* End the request: charge the last stretch and stop the clock. */
void kazi_stage_stop(void);

/* Nanoseconds charged to `s` since the process started. */
uint64_t kazi_stage_total_ns(kazi_stage s);

/* "session", "scope", ... */
const char *kazi_stage_name(kazi_stage s);

#endif
