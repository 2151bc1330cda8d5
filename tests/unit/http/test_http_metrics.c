/* http/metrics: request counters by route, method and status; a latency histogram per
 * route whose buckets are cumulative; the connection and in-flight gauges. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/metrics.h"
#include "http/router.h"
#include "http/routes.h"
#include "util/error.h"

/* The value of the metric line that starts with `line` in text, or -1. */
static double value_of(const char *text, const char *line)
{
    char at[240];
    snprintf(at, sizeof at, "\n%s", line);
    const char *p = strstr(text, at);
    return p ? strtod(p + strlen(at), NULL) : -1;
}

static int route_of(const char *method, const char *pattern)
{
    for (int i = 0; i < kazi_router_count(); i++)
        if (!strcmp(kazi_router_at(i)->method, method) &&
            !strcmp(kazi_router_at(i)->pattern, pattern))
            return i;
    return -1;
}

static void test_metrics__counts_histogram_and_gauges(void **state)
{
    (void)state;
    assert_int_equal(kazi_routes_install(0), KAZI_OK);
    int health = route_of("GET", "/healthz");
    assert_true(health >= 0);
    kazi_metrics_observe(health, 200, 2 * 1000 * 1000);   /* 2 ms */
    kazi_metrics_observe(health, 200, 300 * 1000 * 1000); /* 300 ms */
    kazi_metrics_observe(health, 503, 1000);
    kazi_metrics_observe(-1, 404, 1000);
    kazi_metrics_connection(+3);
    kazi_metrics_connection(-1);
    kazi_metrics_in_flight(+1);
    char *text = kazi_metrics_render();
    assert_non_null(text);
    const char *lab = "method=\"GET\",route=\"/healthz\"";
    char line[200];
    snprintf(line, sizeof line, "kazi_http_requests_total{%s,status=\"200\"} ", lab);
    assert_true(value_of(text, line) == 2);
    snprintf(line, sizeof line, "kazi_http_requests_total{%s,status=\"503\"} ", lab);
    assert_true(value_of(text, line) == 1);
    assert_true(value_of(text, "kazi_http_requests_total{method=\"\",route=\"unmatched\","
                               "status=\"404\"} ") == 1);
    /* cumulative buckets: 1 ms holds the 1 µs request, 5 ms also the 2 ms one, 0.5 s all */
    snprintf(line, sizeof line, "kazi_http_request_duration_seconds_bucket{%s,le=\"0.001\"} ", lab);
    assert_true(value_of(text, line) == 1);
    snprintf(line, sizeof line, "kazi_http_request_duration_seconds_bucket{%s,le=\"0.005\"} ", lab);
    assert_true(value_of(text, line) == 2);
    snprintf(line, sizeof line, "kazi_http_request_duration_seconds_bucket{%s,le=\"0.5\"} ", lab);
    assert_true(value_of(text, line) == 3);
    snprintf(line, sizeof line, "kazi_http_request_duration_seconds_count{%s} ", lab);
    assert_true(value_of(text, line) == 3);
    assert_true(value_of(text, "kazi_http_open_connections ") == 2);
    assert_true(value_of(text, "kazi_http_requests_in_flight ") == 1);
    free(text);
    kazi_metrics_connection(-2);
    kazi_metrics_in_flight(-1);
    kazi_router_free();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_metrics__counts_histogram_and_gauges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
