/* http/testing: the test-only routes exist only when asked for (KAZI_TEST_ROUTES=1 for
 * `kazi serve`). The echo reads a JSON body and answers it with the request id; the
 * clock moves the server's time forward and back to the real time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "inproc.h"
#include "util/clock.h"

static void test_testing__the_routes_exist_only_when_asked_for(void **state)
{
    (void)state;
    assert_int_equal(kt_server_start("tanzania", 0), 0);
    kt_resp r = kt_call(NULL, "POST", "/api/test/clock", "{\"advance_ms\":1}");
    assert_int_equal(r.status, 404);
    kt_resp_free(&r);
    kt_server_stop();
}

static void test_testing__echo_and_clock(void **state)
{
    (void)state;
    assert_int_equal(kt_server_start("tanzania", 1), 0);
    kt_resp r = kt_call(NULL, "POST", "/api/test/echo", "{\"name\":\"in flight\"}");
    assert_int_equal(r.status, 200);
    assert_string_equal(json_string_value(json_object_get(r.json, "request_id")), KT_REQUEST_ID);
    assert_string_equal(json_string_value(json_object_get(json_object_get(r.json, "echo"), "name")),
                        "in flight");
    kt_resp_free(&r);
    r = kt_call(NULL, "POST", "/api/test/echo", "{}");
    assert_int_equal(r.status, 422);
    kt_resp_free(&r);

    int64_t before = kazi_clock_now_ms();
    r = kt_call(NULL, "POST", "/api/test/clock", "{\"advance_ms\":3600000}");
    assert_int_equal(r.status, 200);
    assert_int_equal(json_integer_value(json_object_get(r.json, "offset_ms")), 3600000);
    assert_true(kazi_clock_now_ms() - before >= 3600000);
    kt_resp_free(&r);
    r = kt_call(NULL, "POST", "/api/test/clock", "{\"reset\":true}");
    assert_int_equal(r.status, 200);
    assert_int_equal(json_integer_value(json_object_get(r.json, "offset_ms")), 0);
    assert_true(kazi_clock_now_ms() - before < 3600000);
    kt_resp_free(&r);
    kt_server_stop();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_testing__the_routes_exist_only_when_asked_for),
        cmocka_unit_test(test_testing__echo_and_clock),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
