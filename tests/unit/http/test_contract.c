/* The route table as the contract: a path belongs to its most specific pattern (405,
 * not a param match, for a literal path's wrong method), and every row's contract
 * reaches the OpenAPI document. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "http/openapi.h"
#include "http/router.h"
#include "http/routes.h"
#include "http/schemas.h"
#include "util/error.h"

static int h(kazi_req *req, kazi_resp *resp)
{
    (void)req;
    (void)resp;
    return 0;
}

static const kazi_route units[] = {
    {"GET", "/units/{id}", h, "u.read", "get", 0, .reply = "Health"},
    {"PATCH", "/units/{id}", h, "u.write", "update", 0, .reply = "Health"},
    {"POST", "/units/import", h, "u.write", "import", 0, .reply = "Health"},
    {"GET", "/units/export", h, "u.read", "export", 0, .reply = "Csv"},
    {"GET", "/a/{x}/b", h, "p", "xb", 0, .reply = "Health"},
    {"GET", "/a/c/{y}", h, "p", "cy", 0, .reply = "Health"},
    KAZI_ROUTES_END,
};

static void expect(const char *method, const char *path, int rc, const char *what)
{
    kazi_req req = {.method = method, .path = path};
    char allow[64];
    assert_int_equal(kazi_router_match(&req, allow, sizeof allow), rc);
    if (rc == KAZI_OK)
        assert_string_equal(req.route->summary, what);
    else
        assert_string_equal(allow, what);
}

static void test_router__a_literal_segment_beats_a_param(void **state)
{
    (void)state;
    const kazi_route *const tables[] = {units, NULL};
    assert_int_equal(kazi_router_build(tables), KAZI_OK);
    expect("GET", "/units/7", KAZI_OK, "get");
    expect("GET", "/units/export", KAZI_OK, "export");
    expect("POST", "/units/import", KAZI_OK, "import");
    /* the wrong method on a literal path is 405 with its own methods, not /units/{id} */
    expect("GET", "/units/import", KAZI_EMETHOD, "POST");
    expect("PATCH", "/units/export", KAZI_EMETHOD, "GET");
    expect("DELETE", "/units/7", KAZI_EMETHOD, "GET, PATCH");
    /* the leftmost differing segment decides */
    expect("GET", "/a/c/b", KAZI_OK, "cy");
    expect("GET", "/a/z/b", KAZI_OK, "xb");
    expect("POST", "/a/c/b", KAZI_EMETHOD, "GET");
    kazi_router_free();
}

static json_t *operation(json_t *doc, const char *path, const char *method)
{
    return json_object_get(json_object_get(json_object_get(doc, "paths"), path), method);
}

static void test_openapi__every_row_has_a_success_status_and_error_list(void **state)
{
    (void)state;
    assert_int_equal(kazi_routes_install(1), KAZI_OK);
    json_t *doc = kazi_openapi_document();
    assert_non_null(doc);
    for (int i = 0; i < kazi_router_count(); i++) {
        const kazi_route *r = kazi_router_at(i);
        /* FHIR rows answer FHIR resources, described by /fhir/metadata */
        if (!strncmp(r->pattern, "/fhir/", 6)) continue;
        /* a row says what it answers: a body, or explicitly nothing (204) */
        if (!r->reply) assert_int_equal(r->status, 204);
    }
    json_t *create = operation(doc, "/api/v1/people", "post");
    json_t *responses = json_object_get(create, "responses");
    assert_non_null(json_object_get(responses, "201"));
    assert_null(json_object_get(responses, "200"));
    assert_null(json_object_get(responses, "default"));
    assert_string_equal(
        json_string_value(json_object_get(
            json_object_get(
                json_object_get(json_object_get(json_object_get(create, "requestBody"), "content"),
                                "application/json"),
                "schema"),
            "$ref")),
        "#/components/schemas/person_create");
    /* reads cannot conflict or fill the disk; public operations need no sign-in */
    json_t *list = json_object_get(operation(doc, "/api/v1/people", "get"), "responses");
    assert_null(json_object_get(list, "409"));
    assert_null(json_object_get(list, "507"));
    assert_non_null(json_object_get(list, "401"));
    json_t *health = json_object_get(operation(doc, "/healthz", "get"), "responses");
    assert_null(json_object_get(health, "401"));
    /* query parameters are typed */
    json_t *p =
        json_array_get(json_object_get(operation(doc, "/api/v1/people", "get"), "parameters"), 0);
    assert_string_equal(json_string_value(json_object_get(p, "in")), "query");
    json_decref(doc);
    kazi_router_free();
}

static void test_openapi__an_undeclared_schema_name_yields_no_document(void **state)
{
    (void)state;
    static const kazi_route typo[] = {{"GET", "/x", h, "p", "x", 0, .reply = "Helth"},
                                      KAZI_ROUTES_END};
    const kazi_route *const tables[] = {typo, NULL};
    assert_int_equal(kazi_router_build(tables), KAZI_OK);
    assert_null(kazi_openapi_document());
    kazi_router_free();
}

static void test_schemas__a_strict_body_schema_refuses_unlisted_fields(void **state)
{
    (void)state;
    json_t *ok = json_pack("{s:s,s:s,s:s}", "username", "u", "password", "p", "role", "analyst");
    json_t *extra = json_pack("{s:s,s:s}", "username", "u", "colour", "red");
    assert_int_equal(kazi_http_schema_known("UserCreate", ok), KAZI_OK);
    assert_int_equal(kazi_http_schema_known("UserCreate", extra), KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "colour");
    /* not a strict object schema of the table (entities check their own fields) */
    assert_int_equal(kazi_http_schema_known("person", extra), KAZI_OK);
    assert_int_equal(kazi_http_schema_known("Csv", extra), KAZI_OK);
    json_decref(ok);
    json_decref(extra);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_router__a_literal_segment_beats_a_param),
        cmocka_unit_test(test_openapi__every_row_has_a_success_status_and_error_list),
        cmocka_unit_test(test_openapi__an_undeclared_schema_name_yields_no_document),
        cmocka_unit_test(test_schemas__a_strict_body_schema_refuses_unlisted_fields),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
