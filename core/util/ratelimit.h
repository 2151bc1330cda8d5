/*
 * ratelimit — a fixed-window request counter per key (a client address), in memory.
 * Owns: the table of keys seen in the current window (bounded; the oldest key is
 *       forgotten when the table is full).
 * Uses: util/clock (so tests move time instead of sleeping), pthreads.
 * Thread-safety: kazi_ratelimit_hit may be called from any thread; configure before serving.
 */
#ifndef KAZI_UTIL_RATELIMIT_H
#define KAZI_UTIL_RATELIMIT_H

#include <stdint.h>

typedef struct kazi_ratelimit kazi_ratelimit;

/* A limiter allowing `limit` hits per key in each window of `window_ms`
 * (limit 0: no limit). KAZI_ERROR if memory runs out. Free with kazi_ratelimit_free. */
int kazi_ratelimit_new(kazi_ratelimit **out, int limit, int64_t window_ms);

/* Change the limit and window of an existing limiter (forgets the counts). */
void kazi_ratelimit_configure(kazi_ratelimit *rl, int limit, int64_t window_ms);

/* Count one hit for `key` at the clock's time. KAZI_OK if it is within the limit; else
 * KAZI_ERATELIMIT with a message, and *retry_after_s (if not NULL) is set to the whole
 * seconds until the key's window ends (at least 1). */
int kazi_ratelimit_hit(kazi_ratelimit *rl, const char *key, int *retry_after_s);

void kazi_ratelimit_free(kazi_ratelimit *rl);

#endif
