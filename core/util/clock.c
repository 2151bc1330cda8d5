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

/* The calendar date of `days` (>= 0) after 1970-01-01, proleptic Gregorian: counted in
 * 400-year eras of 146,097 days from 0000-03-01, so that a leap day ends its year. */
static void civil_date(int64_t days, int *year, int *month, int *day)
{
    days += 719468; /* 0000-03-01 to 1970-01-01 */
    int64_t era = days / 146097, doe = days - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    *day = (int)(doy - (153 * mp + 2) / 5 + 1);
    *month = (int)(mp < 10 ? mp + 3 : mp - 9);
    *year = (int)(era * 400 + yoe + (*month <= 2));
}

void kazi_clock_format(char *buf, size_t size, int64_t ms)
{
    if (ms < 0 || ms > 253402300799999LL || size < sizeof "2026-01-31T00:00:00.000Z") {
        time_t secs = (time_t)(ms / 1000);
        struct tm tm;
        gmtime_r(&secs, &tm);
        snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(ms % 1000));
        return;
    }
    /* The usual case (1970 to 9999) by arithmetic, digit by digit, without gmtime_r: two
     * timestamps a record, written on every read, and one a log line. */
    int year, month, day, msec = (int)(ms % 1000);
    int64_t secs = ms / 1000, in_day = secs % 86400;
    civil_date(secs / 86400, &year, &month, &day);
    kazi_clock_ymd(buf, year, month, day);
    const int parts[] = {(int)(in_day / 3600), (int)(in_day / 60 % 60), (int)(in_day % 60)};
    static const char before[] = "T::"; /* what precedes each part */
    char *p = buf + 10;
    for (int i = 0; i < 3; i++) {
        *p++ = before[i];
        *p++ = (char)('0' + parts[i] / 10);
        *p++ = (char)('0' + parts[i] % 10);
    }
    *p++ = '.';
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

/* The last n decimal digits of v, zero-padded, at p; returns the end. */
static char *digits(char *p, unsigned v, int n)
{
    for (int i = n - 1; i >= 0; i--, v /= 10)
        p[i] = (char)('0' + v % 10);
    return p + n;
}

void kazi_clock_ymd(char *out, int year, int month, int day)
{
    if (year > 9999) year = 9999, month = 12, day = 31;
    if (year < 0) year = 0, month = 1, day = 1;
    char *p = digits(out, (unsigned)year, 4);
    *p++ = '-';
    p = digits(p, (unsigned)month, 2);
    *p++ = '-';
    p = digits(p, (unsigned)day, 2);
    *p = '\0';
}
