/* Router: pattern matching, params, 404 vs 405 with Allow, table validation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "http/router.h"
#include "util/error.h"

static int h(kazi_req *req, kazi_resp *resp)
{
    (void)req;
    (void)resp;
    return 0;
}

static const kazi_route table[] = {
    {"GET", "/api/v1/people", h, "people.read", "list", 0, .status = 0},
    {"POST", "/api/v1/people", h, "people.write", "create", 0, .status = 0},
    {"GET", "/api/v1/people/{id}", h, "people.read", "get", 0, .status = 0},
    {"PUT", "/api/v1/people/{id}", h, "people.write", "update", 0, .status = 0},
    {"GET", "/api/v1/people/{id}/posts/{post}", h, "people.read", "post", 0, .status = 0},
    KAZI_ROUTES_END,
};
static const kazi_route *const tables[] = {table, NULL};

static int setup(void **state)
{
    (void)state;
    return kazi_router_build(tables);
}

static int teardown(void **state)
{
    (void)state;
    kazi_router_free();
    return 0;
}

static void test_router__matches_literal_and_params(void **state)
{
    (void)state;
    kazi_req req = {.method = "GET", .path = "/api/v1/people/42/posts/7"};
    char allow[64];
    assert_int_equal(kazi_router_match(&req, allow, sizeof allow), KAZI_OK);
    assert_string_equal(req.route->summary, "post");
    assert_string_equal(kazi_req_param(&req, "id"), "42");
    assert_string_equal(kazi_req_param(&req, "post"), "7");
    assert_null(kazi_req_param(&req, "nope"));
    int64_t id;
    assert_int_equal(kazi_req_param_id(&id, &req, "id"), KAZI_OK);
    assert_int_equal(id, 42);
}

static void test_router__method_decides_between_same_pattern(void **state)
{
    (void)state;
    kazi_req req = {.method = "POST", .path = "/api/v1/people"};
    char allow[64];
    assert_int_equal(kazi_router_match(&req, allow, sizeof allow), KAZI_OK);
    assert_string_equal(req.route->summary, "create");
    assert_int_equal(req.route_index, 1);
}

static void test_router__unknown_path_is_not_found(void **state)
{
    (void)state;
    const char *paths[] = {
        "/api/v1/peoplex",           "/api/v1/people/", "/api/v1/people/1/posts", "/api/v1", "/",
        "/api/v1/people/1/posts/2/x"};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        kazi_req req = {.method = "GET", .path = paths[i]};
        char allow[64];
        assert_int_equal(kazi_router_match(&req, allow, sizeof allow), KAZI_ENOTFOUND);
        assert_null(req.route);
    }
}

static void test_router__wrong_method_lists_allowed(void **state)
{
    (void)state;
    kazi_req req = {.method = "DELETE", .path = "/api/v1/people/9"};
    char allow[64];
    assert_int_equal(kazi_router_match(&req, allow, sizeof allow), KAZI_EMETHOD);
    assert_string_equal(allow, "GET, PUT");
}

static void test_router__non_numeric_id_is_not_found(void **state)
{
    (void)state;
    kazi_req req = {.method = "GET", .path = "/api/v1/people/abc"};
    char allow[64];
    assert_int_equal(kazi_router_match(&req, allow, sizeof allow), KAZI_OK);
    int64_t id;
    assert_int_equal(kazi_req_param_id(&id, &req, "id"), KAZI_ENOTFOUND);
}

static void test_router__overlong_param_does_not_match(void **state)
{
    (void)state;
    char path[600] = "/api/v1/people/";
    memset(path + strlen(path), '9', 400);
    kazi_req req = {.method = "GET", .path = path};
    char allow[64];
    assert_int_equal(kazi_router_match(&req, allow, sizeof allow), KAZI_ENOTFOUND);
}

static void test_router__rejects_bad_and_duplicate_patterns(void **state)
{
    (void)state;
    static const kazi_route dup[] = {{"GET", "/a", h, "p", "", 0, .status = 0},
                                     {"GET", "/a", h, "p", "", 0, .status = 0},
                                     KAZI_ROUTES_END};
    static const kazi_route bad1[] = {{"GET", "a/b", h, "p", "", 0, .status = 0}, KAZI_ROUTES_END};
    static const kazi_route bad2[] = {{"GET", "/a/{id", h, "p", "", 0, .status = 0},
                                      KAZI_ROUTES_END};
    static const kazi_route bad3[] = {{"GET", "/a/x{id}", h, "p", "", 0, .status = 0},
                                      KAZI_ROUTES_END};
    static const kazi_route noperm[] = {{"GET", "/a", h, NULL, "", 0, .status = 0},
                                        KAZI_ROUTES_END};
    /* more segments than the router indexes: refused, not silently unreachable */
    static const kazi_route deep[] = {
        {"GET", "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p", h, "p", "", 0, .status = 0}, KAZI_ROUTES_END};
    const kazi_route *const t1[] = {dup, NULL}, *const t2[] = {bad1, NULL},
                            *const t3[] = {bad2, NULL}, *const t4[] = {bad3, NULL},
                            *const t5[] = {noperm, NULL}, *const t6[] = {deep, NULL};
    assert_int_equal(kazi_router_build(t1), KAZI_EINVALID);
    assert_int_equal(kazi_router_build(t2), KAZI_EINVALID);
    assert_int_equal(kazi_router_build(t3), KAZI_EINVALID);
    assert_int_equal(kazi_router_build(t4), KAZI_EINVALID);
    assert_int_equal(kazi_router_build(t5), KAZI_EINVALID);
    assert_int_equal(kazi_router_build(t6), KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "pattern");
    /* a failed build keeps the previous table */
    assert_int_equal(kazi_router_count(), 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_router__matches_literal_and_params),
        cmocka_unit_test(test_router__method_decides_between_same_pattern),
        cmocka_unit_test(test_router__unknown_path_is_not_found),
        cmocka_unit_test(test_router__wrong_method_lists_allowed),
        cmocka_unit_test(test_router__non_numeric_id_is_not_found),
        cmocka_unit_test(test_router__overlong_param_does_not_match),
        cmocka_unit_test(test_router__rejects_bad_and_duplicate_patterns),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
