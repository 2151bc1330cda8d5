/* The OpenAPI document lists every installed route, with its method and permission. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <ctype.h>
#include <string.h>

#include "http/openapi.h"
#include "http/router.h"
#include "http/routes.h"
#include "util/error.h"

static void test_openapi__every_route_is_documented(void **state)
{
    (void)state;
    for (int with_test = 0; with_test <= 1; with_test++) {
        assert_int_equal(kazi_routes_install(with_test), KAZI_OK);
        assert_true(kazi_router_count() >= 3);
        json_t *doc = kazi_openapi_document();
        json_t *paths = json_object_get(doc, "paths");
        size_t documented = 0;
        const char *k;
        json_t *item;
        json_object_foreach(paths, k, item) documented += json_object_size(item);
        /* the FHIR API (/fhir/) is described by its CapabilityStatement instead */
        size_t fhir = 0;
        for (int i = 0; i < kazi_router_count(); i++)
            fhir += !strncmp(kazi_router_at(i)->pattern, "/fhir/", 6);
        assert_true(fhir >= 14);
        assert_int_equal(documented + fhir, (size_t)kazi_router_count());
        for (int i = 0; i < kazi_router_count(); i++) {
            const kazi_route *r = kazi_router_at(i);
            if (!strncmp(r->pattern, "/fhir/", 6)) {
                assert_null(json_object_get(paths, r->pattern));
                continue;
            }
            char method[16];
            size_t n;
            for (n = 0; r->method[n]; n++)
                method[n] = (char)tolower((unsigned char)r->method[n]);
            method[n] = '\0';
            json_t *op = json_object_get(json_object_get(paths, r->pattern), method);
            assert_non_null(op);
            assert_string_equal(json_string_value(json_object_get(op, "x-kazi-permission")),
                                r->permission);
            /* every {param} of the pattern is a documented path parameter */
            size_t nparams = 0;
            for (const char *p = strchr(r->pattern, '{'); p; p = strchr(p + 1, '{'))
                nparams++;
            size_t in_path = 0, j;
            json_t *param;
            json_array_foreach(json_object_get(op, "parameters"), j, param) in_path +=
                !strcmp(json_string_value(json_object_get(param, "in")), "path");
            assert_int_equal(in_path, nparams);
        }
        json_decref(doc);
    }
    kazi_router_free();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_openapi__every_route_is_documented),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
