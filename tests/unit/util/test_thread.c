/* Deep-stack calls: a function needing far more stack than a CivetWeb worker has runs
 * fine when called through kazi_thread_run_deep from such a thread, and its result,
 * last error and the caller's request id cross the thread boundary. A helper thread
 * runs work after work on its own thread, with the same guarantees, and its at_exit
 * runs there when it stops. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <string.h>

#include "util/error.h"
#include "util/log.h"
#include "util/thread.h"

static int greedy(void *arg)
{
    volatile char big[1 << 20]; /* 1 MiB: ten times a CivetWeb worker's whole stack */
    memset((char *)big, 1, sizeof big);
    const char *rid = kazi_log_request_id();
    *(int *)arg = big[12345] + (rid && !strcmp(rid, "req-42"));
    return kazi_error_set(KAZI_ECONFLICT, "expected_live", "lost the race");
}

static void *small_worker(void *arg)
{
    kazi_log_set_request_id("req-42");
    int *rc = arg;
    rc[0] = kazi_thread_run_deep(greedy, &rc[1]);
    rc[2] = kazi_error_last()->code;
    rc[3] = !strcmp(kazi_error_last()->field, "expected_live");
    kazi_log_set_request_id(NULL);
    return NULL;
}

static void test_thread__deep_call_from_a_shallow_thread(void **state)
{
    (void)state;
    pthread_attr_t attr;
    pthread_t t;
    int rc[4] = {0};
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 0x19000); /* what libcivetweb gives its workers */
    assert_int_equal(pthread_create(&t, &attr, small_worker, rc), 0);
    pthread_join(t, NULL);
    pthread_attr_destroy(&attr);
    assert_int_equal(rc[0], KAZI_ECONFLICT);
    assert_int_equal(rc[1], 2); /* ran, and saw the caller's request id */
    assert_int_equal(rc[2], KAZI_ECONFLICT);
    assert_int_equal(rc[3], 1);
}

static pthread_t helper_thread;
static int exits;

static int where_am_i(void *arg)
{
    *(pthread_t *)arg = pthread_self();
    return KAZI_OK;
}

static void helper_exit(void)
{
    if (pthread_equal(pthread_self(), helper_thread)) exits++;
}

static void test_thread__a_helper_runs_work_after_work_on_its_own_thread(void **state)
{
    (void)state;
    kazi_log_set_request_id("req-42");
    kazi_helper *h = kazi_helper_start(helper_exit);
    kazi_log_set_request_id(NULL);
    assert_non_null(h); /* the test machines have two cores or more */
    kazi_helper_post(h, where_am_i, &helper_thread);
    assert_int_equal(kazi_helper_wait(h), KAZI_OK);
    assert_false(pthread_equal(helper_thread, pthread_self()));
    for (int i = 0; i < 3; i++) { /* the same thread each time; its error comes back */
        int out = 0;
        kazi_error_clear();
        kazi_helper_post(h, greedy, &out);
        assert_int_equal(kazi_helper_wait(h), KAZI_ECONFLICT);
        assert_int_equal(out, 2); /* deep stack, and the starter's request id */
        assert_int_equal(kazi_error_last()->code, KAZI_ECONFLICT);
        assert_string_equal(kazi_error_last()->field, "expected_live");
        pthread_t again;
        kazi_helper_post(h, where_am_i, &again);
        assert_int_equal(kazi_helper_wait(h), KAZI_OK);
        assert_true(pthread_equal(again, helper_thread));
    }
    kazi_helper_stop(h);
    assert_int_equal(exits, 1);
    kazi_helper_stop(NULL);
}

static void test_thread__runs_inline_on_a_deep_stack(void **state)
{
    (void)state;
    int out = 0;
    assert_int_equal(kazi_thread_run_deep(greedy, &out), KAZI_ECONFLICT);
    assert_int_equal(out, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_thread__deep_call_from_a_shallow_thread),
        cmocka_unit_test(test_thread__runs_inline_on_a_deep_stack),
        cmocka_unit_test(test_thread__a_helper_runs_work_after_work_on_its_own_thread),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
