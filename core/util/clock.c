#include "util/clock.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static int64_t system_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static _Atomic int64_t offset_ms;

int64_t kazi_clock_now_ms(void)
{
    return system_now_ms() + offset_ms;
}

int64_t kazi_clock_mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void kazi_clock_set_offset_ms(int64_t offset)
{
    offset_ms = offset;
}

void kazi_clock_format(char *buf, size_t size, int64_t ms)
{
    time_t secs = (time_t)(ms / 1000);
    struct tm tm;
    gmtime_r(&secs, &tm);
    int year = tm.tm_year + 1900;
    if (ms < 0 || year > 9999 || size < sizeof "2026-01-31T00:00:00.000Z") {
        snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", year, tm.tm_mon + 1, tm.tm_mday,
                 tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(ms % 1000));
        return;
    }
    /* The usual case digit by digit: two timestamps a record, written on every read. */
    int msec = (int)(ms % 1000);
    const int parts[] = {year / 100, year % 100, tm.tm_mon + 1, tm.tm_mday,
                         tm.tm_hour, tm.tm_min,  tm.tm_sec};
    static const char after[] = "\0--T::."; /* what follows each part ('\0': nothing) */
    char *p = buf;
    for (int i = 0; i < 7; i++) {
        *p++ = (char)('0' + parts[i] / 10);
        *p++ = (char)('0' + parts[i] % 10);
        if (after[i]) *p++ = after[i];
    }
    *p++ = (char)('0' + msec / 100);
    *p++ = (char)('0' + msec / 10 % 10);
    *p++ = (char)('0' + msec % 10);
    *p++ = 'Z';
    *p = '\0';
}

int kazi_clock_date_valid(const char *s, int min_year, int max_year)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    for (int i = 0; i < 10; i++)
        if (!s || !s[i] || (i == 4 || i == 7 ? s[i] != '-' : s[i] < '0' || s[i] > '9')) return 0;
    if (s[10]) return 0;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    if (y < min_year || y > max_year || m < 1 || m > 12 || d < 1 || d > mdays[m - 1]) return 0;
    if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 0;
    return 1;
}
