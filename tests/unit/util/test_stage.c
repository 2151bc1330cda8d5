/* util/stage: where a request's time goes (/metrics, scripts/bench) — each stretch is
 * charged to exactly one stage, nested stages exclusively, the stages add up to the
 * request's time, and nothing is charged outside a request. No sleeps: each stretch
 * waits (bounded) for the monotonic clock to pass a mark. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "util/clock.h"
#include "util/stage.h"

#define STRETCH_NS 200000 /* 0.2 ms */

static void spend(void)
{
    int64_t until = kazi_clock_mono_ns() + STRETCH_NS;
    for (long i = 0; i < 1000000000L && kazi_clock_mono_ns() < until; i++)
        ;
}

static void totals(uint64_t *out)
{
    for (int s = 0; s < KAZI_STAGE_COUNT; s++)
        out[s] = kazi_stage_total_ns((kazi_stage)s);
}

static void test_stage__nothing_is_charged_outside_a_request(void **state)
{
    (void)state;
    uint64_t before[KAZI_STAGE_COUNT], after[KAZI_STAGE_COUNT];
    totals(before);
    assert_int_equal(kazi_stage_enter(KAZI_STAGE_QUERY), KAZI_STAGE_OTHER);
    spend();
    assert_int_equal(kazi_stage_enter(KAZI_STAGE_JSON), KAZI_STAGE_OTHER); /* never entered */
    totals(after);
    assert_memory_equal(before, after, sizeof before);
}

static void test_stage__nested_stages_are_exclusive_and_add_up(void **state)
{
    (void)state;
    uint64_t before[KAZI_STAGE_COUNT], after[KAZI_STAGE_COUNT], d[KAZI_STAGE_COUNT];
    totals(before);
    int64_t t0 = kazi_clock_mono_ns();
    kazi_stage_start();
    spend(); /* other */
    assert_int_equal(kazi_stage_enter(KAZI_STAGE_SESSION), KAZI_STAGE_OTHER);
    spend(); /* session */
    kazi_stage was = kazi_stage_enter(KAZI_STAGE_SCOPE);
    assert_int_equal(was, KAZI_STAGE_SESSION);
    spend(); /* scope, inside the session check */
    assert_int_equal(kazi_stage_enter(was), KAZI_STAGE_SCOPE);
    spend(); /* session again */
    assert_int_equal(kazi_stage_enter(KAZI_STAGE_QUERY), KAZI_STAGE_SESSION);
    spend(); /* query */
    kazi_stage_stop();
    int64_t t1 = kazi_clock_mono_ns();
    spend(); /* after the request: charged to nobody */
    kazi_stage_enter(KAZI_STAGE_LOG);
    totals(after);
    uint64_t sum = 0;
    for (int s = 0; s < KAZI_STAGE_COUNT; s++)
        sum += d[s] = after[s] - before[s];
    assert_true(d[KAZI_STAGE_OTHER] >= STRETCH_NS);
    assert_true(d[KAZI_STAGE_SESSION] >= 2 * STRETCH_NS);
    assert_true(d[KAZI_STAGE_SCOPE] >= STRETCH_NS);
    assert_true(d[KAZI_STAGE_QUERY] >= STRETCH_NS);
    assert_int_equal(d[KAZI_STAGE_JSON], 0);
    assert_int_equal(d[KAZI_STAGE_LOG], 0);
    /* every stretch once: the sum is the request's time, never more */
    assert_true(sum <= (uint64_t)(t1 - t0));
    assert_true(sum >= 5 * STRETCH_NS);
}

static void test_stage__names(void **state)
{
    (void)state;
    static const char *const want[] = {"other", "session", "scope", "query", "json", "send", "log"};
    assert_int_equal(KAZI_STAGE_COUNT, sizeof want / sizeof want[0]);
    for (int s = 0; s < KAZI_STAGE_COUNT; s++)
        assert_string_equal(kazi_stage_name((kazi_stage)s), want[s]);
    assert_string_equal(kazi_stage_name(KAZI_STAGE_COUNT), "");
    assert_int_equal(kazi_stage_total_ns(KAZI_STAGE_COUNT), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stage__nothing_is_charged_outside_a_request),
        cmocka_unit_test(test_stage__nested_stages_are_exclusive_and_add_up),
        cmocka_unit_test(test_stage__names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
