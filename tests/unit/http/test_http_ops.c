/* http/ops: the operations routes in process, without signing in — /healthz answers ok
 * with the version and schema version, /metrics is Prometheus text, and
 * /api/openapi.json is the document of the routes this server serves. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "inproc.h"

static int setup(void **state)
{
    (void)state;
    return kt_server_start("tanzania", 0);
}

static int teardown(void **state)
{
    (void)state;
    kt_server_stop();
    return 0;
}

static void test_ops__healthz_metrics_and_the_document(void **state)
{
    (void)state;
    kt_resp r = kt_request("GET", "/healthz", NULL, NULL);
    assert_int_equal(r.status, 200);
    assert_string_equal(json_string_value(json_object_get(r.json, "status")), "ok");
    assert_string_equal(json_string_value(json_object_get(r.json, "database")), "ok");
    assert_true(json_integer_value(json_object_get(r.json, "schema_version")) > 0);
    kt_resp_free(&r);

    r = kt_request("GET", "/metrics", NULL, NULL);
    assert_int_equal(r.status, 200);
    assert_int_equal(strncmp(r.content_type, "text/plain", 10), 0);
    assert_non_null(strstr(r.body, "# TYPE"));
    kt_resp_free(&r);

    r = kt_request("GET", "/api/openapi.json", NULL, NULL);
    assert_int_equal(r.status, 200);
    json_t *paths = json_object_get(r.json, "paths");
    assert_non_null(json_object_get(json_object_get(paths, "/healthz"), "get"));
    assert_non_null(json_object_get(json_object_get(paths, "/api/v1/people"), "post"));
    /* the test-only routes are not served here (kt_server_start without them) */
    assert_null(json_object_get(paths, "/api/test/clock"));
    kt_resp_free(&r);
}

static void test_ops__a_write_method_on_healthz_is_405(void **state)
{
    (void)state;
    kt_resp r = kt_request("POST", "/healthz", "{}", NULL);
    assert_int_equal(r.status, 405);
    assert_non_null(strstr(r.headers, "Allow: GET"));
    kt_resp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ops__healthz_metrics_and_the_document),
        cmocka_unit_test(test_ops__a_write_method_on_healthz_is_405),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
