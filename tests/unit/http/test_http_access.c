/* http/access: the access layer in process. A cookie session must send its CSRF token
 * on writes (reads need none); the Authorization header is a bearer token or nothing;
 * a route's permission is checked before the handler, naming role and permission; the
 * session cookie is HttpOnly and SameSite=Strict, Secure over TLS. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "http/access.h"
#include "inproc.h"
#include "util/error.h"

static kt_client admin;

static int setup(void **state)
{
    (void)state;
    if (kt_server_start("tanzania", 0) < 0) return -1;
    return kt_login(&admin, KT_ADMIN, KT_PASSWORD) == 200 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    kt_server_stop();
    return 0;
}

static const char *code_of(const kt_resp *r)
{
    const char *c = json_string_value(json_object_get(json_object_get(r->json, "error"), "code"));
    return c ? c : "";
}

static void test_access__a_cookie_write_needs_the_csrf_token(void **state)
{
    (void)state;
    char cookie[256], csrf[128];
    snprintf(cookie, sizeof cookie, "Cookie: kazi_session=%s", admin.cookie);
    const char *no_token[] = {cookie, "Content-Type: application/json", NULL};
    kt_resp r =
        kt_request("POST", "/api/v1/organisations",
                   "{\"code\":\"X\",\"name\":\"X\",\"kind\":\"ngo\",\"org_unit_id\":1}", no_token);
    assert_int_equal(r.status, 403);
    assert_string_equal(code_of(&r), "csrf_failed");
    kt_resp_free(&r);
    snprintf(csrf, sizeof csrf, "X-CSRF-Token: %s", "not-the-token");
    const char *wrong[] = {cookie, csrf, "Content-Type: application/json", NULL};
    r = kt_request("POST", "/api/v1/auth/logout", NULL, wrong);
    assert_int_equal(r.status, 403);
    kt_resp_free(&r);
    /* reads need no token; the session is still there */
    const char *read[] = {cookie, NULL};
    r = kt_request("GET", "/api/v1/auth/me", NULL, read);
    assert_int_equal(r.status, 200);
    kt_resp_free(&r);
}

static void test_access__authorization_is_a_bearer_token_or_nothing(void **state)
{
    (void)state;
    const char *basic[] = {"Authorization: Basic YWRtaW46cHc=", NULL};
    kt_resp r = kt_request("GET", "/api/v1/auth/me", NULL, basic);
    assert_int_equal(r.status, 401);
    assert_non_null(strstr(kt_error(&r), "Bearer"));
    kt_resp_free(&r);
    const char *bad[] = {"Authorization: Bearer kz_nope", NULL};
    r = kt_request("GET", "/api/v1/auth/me", NULL, bad);
    assert_int_equal(r.status, 401);
    kt_resp_free(&r);
    r = kt_request("GET", "/api/v1/auth/me", NULL, NULL);
    assert_int_equal(r.status, 401);
    kt_resp_free(&r);
    /* a public route needs nothing */
    r = kt_request("GET", "/healthz", NULL, NULL);
    assert_int_equal(r.status, 200);
    kt_resp_free(&r);
}

static void test_access__the_permission_is_named(void **state)
{
    (void)state;
    kt_client analyst;
    assert_int_equal(kt_user(&analyst, "juma", "analyst", 0), 200);
    kt_resp r = kt_call(&analyst, "GET", "/api/v1/people", NULL);
    assert_int_equal(r.status, 403);
    assert_non_null(strstr(kt_error(&r), "analyst"));
    assert_non_null(strstr(kt_error(&r), "people.read"));
    kt_resp_free(&r);
}

static void test_access__the_session_cookie_attributes(void **state)
{
    (void)state;
    kazi_req req = {.method = "POST", .path = "/api/v1/auth/login"};
    kazi_resp resp = {0};
    assert_int_equal(kazi_http_set_session_cookie(&resp, &req, "abc"), KAZI_OK);
    assert_non_null(strstr(resp.headers, "Set-Cookie: kazi_session=abc; Path=/; HttpOnly; "
                                         "SameSite=Strict\r\n"));
    kazi_resp_reset(&resp);
    memset(&resp, 0, sizeof resp);
    req.is_tls = 1;
    assert_int_equal(kazi_http_set_session_cookie(&resp, &req, NULL), KAZI_OK);
    assert_non_null(strstr(resp.headers, "Max-Age=0; Secure"));
    kazi_resp_reset(&resp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_access__a_cookie_write_needs_the_csrf_token),
        cmocka_unit_test(test_access__authorization_is_a_bearer_token_or_nothing),
        cmocka_unit_test(test_access__the_permission_is_named),
        cmocka_unit_test(test_access__the_session_cookie_attributes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
