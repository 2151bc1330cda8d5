/* http/routes: the one list of route tables the server serves — it builds (no two
 * tables claim the same method and path), only the few public routes need no sign-in,
 * every other one names a permission the access layer can check, and the test-only
 * routes exist only when asked for. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "auth/roles.h"
#include "http/request.h"
#include "http/router.h"
#include "http/routes.h"
#include "util/error.h"

static int matches(const char *method, const char *path)
{
    kazi_req req = {.method = method, .path = path};
    char allow[128];
    return kazi_router_match(&req, allow, sizeof allow) == KAZI_OK;
}

/* A permission name the roles table could grant: "self" or "<resource>.<verb>" in
 * lowercase letters and underscores. */
static int well_formed(const char *p)
{
    if (!strcmp(p, KAZI_PERM_SELF)) return 1;
    const char *dot = strchr(p, '.');
    if (!dot || dot == p || !dot[1] || strchr(dot + 1, '.')) return 0;
    for (const char *c = p; *c; c++)
        if (c != dot && !((*c >= 'a' && *c <= 'z') || *c == '_')) return 0;
    return 1;
}

static void test_http_routes__only_the_public_few_need_no_sign_in(void **state)
{
    (void)state;
    assert_int_equal(kazi_routes_install(0), KAZI_OK);
    static const char *const public_routes[] = {"POST /api/v1/auth/login",
                                                "GET /fhir/metadata",
                                                "GET /healthz",
                                                "GET /metrics",
                                                "GET /api/openapi.json",
                                                "GET /api/v1/verify/certificates/{number}",
                                                "GET /api/v1/languages",
                                                "GET /api/v1/translations/{code}"};
    size_t npublic = 0;
    int n = kazi_router_count();
    assert_true(n > 50);
    for (int i = 0; i < n; i++) {
        const kazi_route *r = kazi_router_at(i);
        char line[300];
        snprintf(line, sizeof line, "%s %s", r->method, r->pattern);
        assert_non_null(r->handler);
        if (!r->summary || !*r->summary) fail_msg("%s has no summary", line);
        if (!r->permission) fail_msg("%s has no permission", line);
        if (!strcmp(r->permission, KAZI_PERM_PUBLIC)) {
            size_t k = 0;
            while (k < sizeof public_routes / sizeof public_routes[0] &&
                   strcmp(public_routes[k], line))
                k++;
            if (k == sizeof public_routes / sizeof public_routes[0])
                fail_msg("%s is public but not on the list", line);
            npublic++;
        } else if (!well_formed(r->permission)) {
            fail_msg("%s: permission '%s' is not <resource>.<verb>", line, r->permission);
        }
        if (strncmp(r->pattern, "/api/test/", 10) == 0) fail_msg("%s without test routes", line);
        /* a read or a delete takes no request body */
        if ((!strcmp(r->method, "GET") || !strcmp(r->method, "DELETE")) && r->body)
            fail_msg("%s reads a body", line);
    }
    assert_int_equal(npublic, sizeof public_routes / sizeof public_routes[0]);
    /* what was built is what requests are matched against */
    assert_true(matches("GET", "/api/v1/users"));
    assert_false(matches("POST", "/api/test/echo"));
    kazi_router_free();
}

static void test_http_routes__test_routes_only_when_asked(void **state)
{
    (void)state;
    assert_int_equal(kazi_routes_install(0), KAZI_OK);
    int plain = kazi_router_count();
    assert_false(matches("POST", "/api/test/clock"));
    assert_int_equal(kazi_routes_install(1), KAZI_OK); /* replaces the table */
    assert_true(kazi_router_count() > plain);
    assert_true(matches("POST", "/api/test/clock"));
    assert_true(matches("POST", "/api/test/echo"));
    assert_true(matches("GET", "/healthz")); /* the rest is still there */
    for (int i = plain; i < kazi_router_count(); i++) {
        const kazi_route *r = kazi_router_at(i);
        assert_int_equal(strncmp(r->pattern, "/api/test/", 10), 0); /* the extra ones only */
    }
    assert_int_equal(kazi_routes_install(0), KAZI_OK);
    assert_int_equal(kazi_router_count(), plain);
    assert_false(matches("POST", "/api/test/clock"));
    kazi_router_free();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_http_routes__only_the_public_few_need_no_sign_in),
        cmocka_unit_test(test_http_routes__test_routes_only_when_asked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
