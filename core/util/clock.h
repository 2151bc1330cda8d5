/*
 * clock — the one place Kazi reads the time, so tests can move it (an offset).
 * Owns: the process-wide clock offset.
 * Uses: clock_gettime.
 * Thread-safety: reading is safe from any thread; set the clock only before
 * serving or from single-threaded tests.
 */
#ifndef KAZI_UTIL_CLOCK_H
#define KAZI_UTIL_CLOCK_H

#include <stdint.h>
#include <stddef.h>

/* Wall-clock time in milliseconds since the epoch. */
int64_t kazi_clock_now_ms(void);

/* Monotonic time in nanoseconds, for durations. Not affected by the offset. */
int64_t kazi_clock_mono_ns(void);

/* Set a fixed offset added to the system clock (used by `--clock-offset-file`
 * in test servers). */
void kazi_clock_set_offset_ms(int64_t offset);

/* Format `ms` as RFC 3339 UTC with milliseconds into buf (>= 25 bytes). */
void kazi_clock_format(char *buf, size_t size, int64_t ms);

/* 1 when s is YYYY-MM-DD naming a day that exists (leap years counted) in a year from
 * `min_year` to `max_year`, else 0. The one calendar check of dates given as text. */
int kazi_clock_date_valid(const char *s, int min_year, int max_year);

/* Write YYYY-MM-DD into out[11]. A year past 9999 is written as 9999-12-31 and one
 * before 0 as 0000-01-01 (held at the ends, never wrapped); month and day are taken
 * as given (1-12, 1-31). */
void kazi_clock_ymd(char *out, int year, int month, int day);

#endif
