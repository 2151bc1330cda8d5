/* util/clock: the one place Kazi reads the time; tests move it with an offset. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "util/clock.h"

static void test_clock__formats_rfc3339_utc_with_milliseconds(void **state)
{
    (void)state;
    char buf[32];
    kazi_clock_format(buf, sizeof buf, 0);
    assert_string_equal(buf, "1970-01-01T00:00:00.000Z");
    kazi_clock_format(buf, sizeof buf, 1709164800123LL); /* a leap day */
    assert_string_equal(buf, "2024-02-29T00:00:00.123Z");
    kazi_clock_format(buf, sizeof buf, 1735689599999LL); /* the last millisecond of 2024 */
    assert_string_equal(buf, "2024-12-31T23:59:59.999Z");
    /* every field with its leading zeros, and a buffer too small is cut, terminated */
    kazi_clock_format(buf, sizeof buf, 1000000000001LL);
    assert_string_equal(buf, "2001-09-09T01:46:40.001Z");
    kazi_clock_format(buf, sizeof buf, 253402300799999LL); /* the last millisecond of 9999 */
    assert_string_equal(buf, "9999-12-31T23:59:59.999Z");
    char small[11];
    kazi_clock_format(small, sizeof small, 1709164800123LL);
    assert_string_equal(small, "2024-02-29");
}

/* The date is computed without gmtime_r: the same text as gmtime_r gives, for every day
 * from 1970 to 2400 (the leap years of 2000, 2100, 2200, 2300 and 2400), every 13th day
 * from then to 9999, each at another time of day and at midnight. */
static void test_clock__every_day_formats_as_gmtime_gives(void **state)
{
    (void)state;
    char got[32], want[32];
    const int64_t day = 86400000, last = 253402300799999LL, y2401 = 13601088000000LL;
    for (int64_t ms = 0, n = 0; ms <= last; ms += ms < y2401 ? day : 13 * day, n++) {
        int64_t at = ms + (n * 3600007 + n % 1000) % day; /* another hour, minute, millisecond */
        for (int k = 0; k < 2; k++, at = ms) {
            time_t secs = (time_t)(at / 1000);
            struct tm tm;
            gmtime_r(&secs, &tm);
            int w = snprintf(want, sizeof want, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                             tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                             tm.tm_sec, (int)(at % 1000));
            assert_true(w > 0 && w < (int)sizeof want);
            kazi_clock_format(got, sizeof got, at);
            if (strcmp(got, want)) fail_msg("%lld: %s, gmtime_r %s", (long long)at, got, want);
        }
    }
    kazi_clock_format(got, sizeof got, 951782400000LL - 1); /* 2000: a leap year of 400 */
    assert_string_equal(got, "2000-02-28T23:59:59.999Z");
    kazi_clock_format(got, sizeof got, 4107542400000LL); /* 2100: not a leap year */
    assert_string_equal(got, "2100-03-01T00:00:00.000Z");
}

static void test_clock__the_offset_moves_the_wall_clock_only(void **state)
{
    (void)state;
    const int64_t day = 86400000;
    int64_t wall = kazi_clock_now_ms(), mono = kazi_clock_mono_ns();
    assert_true(wall > 1700000000000LL); /* after 2023: the system clock, in ms */
    kazi_clock_set_offset_ms(30 * day);
    int64_t moved = kazi_clock_now_ms();
    assert_true(moved - wall >= 30 * day && moved - wall < 30 * day + 60000);
    assert_true(kazi_clock_mono_ns() >= mono); /* durations are not affected */
    assert_true(kazi_clock_mono_ns() - mono < 60LL * 1000000000);
    kazi_clock_set_offset_ms(0);
    assert_true(kazi_clock_now_ms() - wall < 60000);
}

static void test_clock__dates_must_name_a_day_that_exists(void **state)
{
    (void)state;
    assert_true(kazi_clock_date_valid("2026-02-28", 1900, 2200));
    assert_true(kazi_clock_date_valid("2024-02-29", 1900, 2200)); /* a leap year */
    assert_true(kazi_clock_date_valid("2000-02-29", 1900, 2200)); /* divisible by 400 */
    assert_false(kazi_clock_date_valid("2026-02-29", 1900, 2200));
    assert_false(kazi_clock_date_valid("2100-02-29", 1900, 2200)); /* divisible by 100 */
    assert_false(kazi_clock_date_valid("2026-02-30", 1900, 2200));
    assert_false(kazi_clock_date_valid("2026-04-31", 1900, 2200));
    assert_false(kazi_clock_date_valid("2026-13-01", 1900, 2200));
    assert_false(kazi_clock_date_valid("2026-00-10", 1900, 2200));
    assert_false(kazi_clock_date_valid("2026-01-00", 1900, 2200));
    assert_false(kazi_clock_date_valid("1899-12-31", 1900, 2200)); /* outside the years */
    assert_false(kazi_clock_date_valid("2201-01-01", 1900, 2200));
    assert_false(kazi_clock_date_valid("2026-1-01", 1900, 2200));
    assert_false(kazi_clock_date_valid("2026-01-011", 1900, 2200));
    assert_false(kazi_clock_date_valid("2026/01/01", 1900, 2200));
    assert_false(kazi_clock_date_valid("+026-01-01", 1900, 2200));
    assert_false(kazi_clock_date_valid("2026-01", 1900, 2200));
    assert_false(kazi_clock_date_valid("", 1900, 2200));
    assert_false(kazi_clock_date_valid(NULL, 1900, 2200));
}

/* A day written as text is held at the calendar's ends, never wrapped (year 10003
 * would otherwise print as 0003 and a certificate would have expired long ago). */
static void test_clock__days_are_written_within_the_calendar(void **state)
{
    (void)state;
    char out[11];
    kazi_clock_ymd(out, 2026, 12, 4);
    assert_string_equal(out, "2026-12-04");
    kazi_clock_ymd(out, 7, 1, 9);
    assert_string_equal(out, "0007-01-09");
    kazi_clock_ymd(out, 9999, 12, 31);
    assert_string_equal(out, "9999-12-31");
    kazi_clock_ymd(out, 10003, 2, 1);
    assert_string_equal(out, "9999-12-31");
    kazi_clock_ymd(out, -1, 6, 6);
    assert_string_equal(out, "0000-01-01");
    for (int y = 1900; y <= 2200; y += 37) { /* what it writes is a valid day */
        kazi_clock_ymd(out, y, 2, 28);
        assert_true(kazi_clock_date_valid(out, 1900, 2200));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clock__formats_rfc3339_utc_with_milliseconds),
        cmocka_unit_test(test_clock__every_day_formats_as_gmtime_gives),
        cmocka_unit_test(test_clock__the_offset_moves_the_wall_clock_only),
        cmocka_unit_test(test_clock__dates_must_name_a_day_that_exists),
        cmocka_unit_test(test_clock__days_are_written_within_the_calendar),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
