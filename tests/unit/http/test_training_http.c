/* The training, certificate, careers, catalogue and report routes describe their
 * replies exactly in the OpenAPI document: every success body is a schema with its
 * properties (a record's field table or a strict schema of http/schemas.c), never a
 * bare {type: object} a client cannot be generated from. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "http/openapi.h"
#include "http/router.h"
#include "http/routes.h"
#include "http/schemas.h"
#include "lua/runtime.h"
#include "util/error.h"

extern const kazi_route kazi_routes_training[];
extern const kazi_route kazi_routes_catalogue[];

static const json_t *components;

static const json_t *deref(const json_t *s)
{
    const char *ref = json_string_value(json_object_get(s, "$ref"));
    if (!ref) return s;
    const char *name = strrchr(ref, '/');
    const json_t *target = json_object_get(components, name ? name + 1 : ref);
    if (!target) fail_msg("unresolved %s", ref);
    return target;
}

/* 1 when `s` says what it holds: an object with properties whose objects (and arrays'
 * items) say so too, down to `depth` levels. */
static int described(const json_t *s, int depth, const char *where)
{
    s = deref(s);
    const char *type = json_string_value(json_object_get(s, "type"));
    if (!type || depth == 0) return 1; /* a value of any type (a declaration's name) */
    if (!strcmp(type, "array")) return described(json_object_get(s, "items"), depth - 1, where);
    if (strcmp(type, "object")) return 1;
    const json_t *props = json_object_get(s, "properties");
    if (!json_object_size(props)) {
        print_error("%s: an object without properties\n", where);
        return 0;
    }
    /* free-form by nature: a certificate's evidence, a report's rows and parameters, the
     * country's and the DHIS2 mapping's declarations */
    static const char *const free_form[] = {"evidence", "rows",   "params", "country",
                                            "dhis2",    "labels", NULL};
    const char *k;
    json_t *p;
    json_object_foreach((json_t *)props, k, p)
    {
        int skip = 0;
        for (int i = 0; free_form[i]; i++)
            skip |= !strcmp(k, free_form[i]);
        if (!skip && !described(p, depth - 1, where)) return 0;
    }
    return 1;
}

static void test_training_http__replies_are_described(void **state)
{
    (void)state;
    assert_int_equal(kazi_routes_install(0), KAZI_OK);
    json_t *doc = kazi_openapi_document();
    components = json_object_get(json_object_get(doc, "components"), "schemas");
    const kazi_route *const tables[] = {kazi_routes_training, kazi_routes_catalogue};
    int checked = 0;
    for (size_t t = 0; t < 2; t++)
        for (const kazi_route *r = tables[t]; r->method; r++) {
            char method[16], where[200];
            size_t n;
            for (n = 0; r->method[n]; n++)
                method[n] = (char)tolower((unsigned char)r->method[n]);
            method[n] = '\0';
            snprintf(where, sizeof where, "%s %s", r->method, r->pattern);
            const json_t *op =
                json_object_get(json_object_get(json_object_get(doc, "paths"), r->pattern), method);
            char status[8];
            snprintf(status, sizeof status, "%d", r->status ? r->status : 200);
            const json_t *schema = json_object_get(
                json_object_get(
                    json_object_get(json_object_get(json_object_get(op, "responses"), status),
                                    "content"),
                    "application/json"),
                "schema");
            if (!schema) fail_msg("%s: no JSON reply", where);
            if (!described(schema, 4, where)) fail_msg("%s: the reply is not described", where);
            checked++;
        }
    assert_true(checked >= 25);
    json_decref(doc);
    kazi_router_free();
}

/* The catalogue's schema describes kazi.demo field by field: every list lua/api.c
 * accepts (kazi_demo_lists) is there with its type (a text or a list of texts), and
 * nothing else is, so the schema cannot fall behind a new list. */
static void test_training_http__catalogue_schema_lists_every_demo_list(void **state)
{
    (void)state;
    const kazi_http_schema *s = kazi_http_schema_find("Catalogue");
    assert_non_null(s);
    json_t *schema = NULL;
    assert_int_equal(kazi_json_parse(&schema, s->schema, strlen(s->schema)), KAZI_OK);
    const json_t *props = json_object_get(
        json_object_get(json_object_get(schema, "properties"), "demo"), "properties");
    size_t described = 0;
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)props, k, v)
    {
        if (strcmp(k, "source")) /* a group counts its lists */
            described += json_object_get(v, "properties")
                             ? json_object_size(json_object_get(v, "properties"))
                             : 1;
    }
    for (int l = 0; l < KAZI_DEMO_LISTS; l++) {
        const kazi_demo_list *d = &kazi_demo_lists[l];
        const json_t *p =
            d->group ? json_object_get(
                           json_object_get(json_object_get(props, d->group), "properties"), d->name)
                     : json_object_get(props, d->name);
        if (!p)
            fail_msg("demo.%s%s%s is not described", d->group ? d->group : "", d->group ? "." : "",
                     d->name);
        assert_string_equal(json_string_value(json_object_get(p, "type")),
                            d->one ? "string" : "array");
    }
    assert_int_equal(described, KAZI_DEMO_LISTS);
    json_decref(schema);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_training_http__replies_are_described),
        cmocka_unit_test(test_training_http__catalogue_schema_lists_every_demo_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
