/* http/dispatch: the pipeline on a table of its own with a stub access layer. Deny by
 * default until an access layer registers; 404 and 405 (with Allow) before
 * authorisation; a refused caller's handler never runs; a body over the route's limit
 * is 413 after authorisation; an error is the one JSON body and every reply carries
 * the security headers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "http/dispatch.h"
#include "util/error.h"

static int ran;

static int ok_handler(kazi_req *req, kazi_resp *resp)
{
    (void)req;
    ran++;
    return kazi_reply_json(resp, 200, json_pack("{s:b}", "ok", 1));
}

static int failing_handler(kazi_req *req, kazi_resp *resp)
{
    (void)req;
    (void)resp;
    ran++;
    return kazi_error_set(KAZI_EINVALID, "when", "when must be a date");
}

static const kazi_route table[] = {
    {"GET", "/open", ok_handler, KAZI_PERM_PUBLIC, "open", 0, .reply = "Health"},
    {"POST", "/things", ok_handler, "things.write", "write", 16, .body = "Test", .reply = "Test"},
    {"GET", "/things/{id}", failing_handler, "things.read", "read", 0, .reply = "Test"},
    KAZI_ROUTES_END,
};

static const char *granted;

static int stub_authorize(kazi_req *req, kazi_resp *resp)
{
    (void)resp;
    if (!granted) return kazi_error_set(KAZI_EUNAUTH, NULL, "sign in");
    if (strcmp(granted, req->route->permission)) return kazi_error_set(KAZI_EDENIED, NULL, "no");
    return KAZI_OK;
}

static void stub_release(kazi_req *req)
{
    (void)req;
}

static kazi_resp call(const char *method, const char *path, const char *body)
{
    kazi_req req = {.method = method,
                    .path = path,
                    .body = body,
                    .body_len = body ? strlen(body) : 0,
                    .request_id = "r-1"};
    kazi_resp resp = {0};
    kazi_dispatch(&req, &resp);
    kazi_dispatch_done(&req);
    return resp;
}

static const char *code_of(const kazi_resp *resp)
{
    static char code[64];
    json_t *j;
    code[0] = '\0';
    if (kazi_json_parse(&j, resp->body, resp->body_len) == KAZI_OK) {
        const char *c = json_string_value(json_object_get(json_object_get(j, "error"), "code"));
        snprintf(code, sizeof code, "%s", c ? c : "");
        json_decref(j);
    }
    return code;
}

static int setup(void **state)
{
    (void)state;
    const kazi_route *const tables[] = {table, NULL};
    return kazi_router_build(tables);
}

static int teardown(void **state)
{
    (void)state;
    kazi_dispatch_set_auth(NULL);
    kazi_router_free();
    return 0;
}

static void test_dispatch__deny_by_default_without_an_access_layer(void **state)
{
    (void)state;
    kazi_dispatch_set_auth(NULL);
    ran = 0;
    kazi_resp r = call("POST", "/things", "{}");
    assert_int_equal(r.status, 401);
    assert_int_equal(ran, 0);
    kazi_resp_reset(&r);
    r = call("GET", "/open", NULL);
    assert_int_equal(r.status, 200);
    assert_int_equal(ran, 1);
    assert_non_null(strstr(kazi_dispatch_security_headers(), "X-Content-Type-Options: nosniff"));
    kazi_resp_reset(&r);
}

static void test_dispatch__routing_answers_before_authorisation(void **state)
{
    (void)state;
    static const kazi_auth_hooks hooks = {stub_authorize, stub_release};
    kazi_dispatch_set_auth(&hooks);
    granted = NULL;
    kazi_resp r = call("GET", "/nowhere", NULL);
    assert_int_equal(r.status, 404);
    kazi_resp_reset(&r);
    r = call("DELETE", "/things", NULL);
    assert_int_equal(r.status, 405);
    assert_non_null(strstr(r.headers, "Allow: POST"));
    assert_string_equal(code_of(&r), "method_not_allowed");
    kazi_resp_reset(&r);
}

static void test_dispatch__refusals_limits_and_the_error_body(void **state)
{
    (void)state;
    static const kazi_auth_hooks hooks = {stub_authorize, stub_release};
    kazi_dispatch_set_auth(&hooks);
    ran = 0;
    granted = "things.read";
    kazi_resp r = call("POST", "/things", "{}");
    assert_int_equal(r.status, 403);
    assert_int_equal(ran, 0);
    kazi_resp_reset(&r);
    granted = "things.write";
    r = call("POST", "/things", "{\"name\":\"0123456789\"}"); /* 21 bytes, limit 16 */
    assert_int_equal(r.status, 413);
    assert_int_equal(ran, 0);
    kazi_resp_reset(&r);
    r = call("POST", "/things", "{}");
    assert_int_equal(r.status, 200);
    assert_int_equal(ran, 1);
    kazi_resp_reset(&r);
    granted = "things.read";
    r = call("GET", "/things/7", NULL);
    assert_int_equal(r.status, 422);
    assert_non_null(strstr(r.body, "\"field\":\"when\""));
    assert_non_null(strstr(r.body, "when must be a date"));
    assert_string_equal(r.content_type, "application/json");
    kazi_resp_reset(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dispatch__deny_by_default_without_an_access_layer),
        cmocka_unit_test(test_dispatch__routing_answers_before_authorisation),
        cmocka_unit_test(test_dispatch__refusals_limits_and_the_error_body),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
