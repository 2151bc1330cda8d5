/* http/tokens: API tokens in process. The administrator makes one (its secret shown
 * once, never listed), it signs requests in as itself with its own role, and once
 * revoked it signs nothing in; anyone else is refused, and a bad field is named. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "inproc.h"

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

static kt_resp as_token(const char *secret, const char *method, const char *target)
{
    char authz[200];
    snprintf(authz, sizeof authz, "Authorization: Bearer %s", secret);
    const char *headers[] = {authz, NULL};
    return kt_request(method, target, NULL, headers);
}

static const char *field_of(const kt_resp *r)
{
    const char *f = json_string_value(json_object_get(json_object_get(r->json, "error"), "field"));
    return f ? f : "";
}

static void test_tokens__made_used_listed_without_secret_and_revoked(void **state)
{
    (void)state;
    kt_resp r = kt_callf(&admin, "POST", "/api/v1/tokens", "{s:s,s:s,s:i}", "name", "dhis2", "role",
                         "analyst", "expires_in_days", 30);
    assert_int_equal(r.status, 201);
    char secret[128], target[64];
    snprintf(secret, sizeof secret, "%s", json_string_value(json_object_get(r.json, "token")));
    long long id = json_integer_value(json_object_get(r.json, "id"));
    const char *prefix = json_string_value(json_object_get(r.json, "prefix"));
    assert_non_null(prefix);
    assert_int_equal(strncmp(secret, prefix, strlen(prefix)), 0);
    kt_resp_free(&r);

    /* the token is a principal of its own: kind token, its role */
    r = as_token(secret, "GET", "/api/v1/auth/me");
    assert_int_equal(r.status, 200);
    assert_string_equal(json_string_value(json_object_get(r.json, "kind")), "token");
    char me[32];
    snprintf(me, sizeof me, "token:%lld", id);
    assert_string_equal(json_string_value(json_object_get(r.json, "name")), me);
    assert_true(json_is_null(json_object_get(r.json, "csrf_token")));
    kt_resp_free(&r);
    /* an analyst's token cannot manage tokens */
    r = as_token(secret, "GET", "/api/v1/tokens");
    assert_int_equal(r.status, 403);
    kt_resp_free(&r);

    r = kt_call(&admin, "GET", "/api/v1/tokens", NULL);
    assert_int_equal(r.status, 200);
    assert_int_equal(json_array_size(json_object_get(r.json, "tokens")), 1);
    json_t *listed = json_array_get(json_object_get(r.json, "tokens"), 0);
    assert_null(json_object_get(listed, "token"));
    assert_null(strstr(r.body, secret));
    assert_true(json_is_integer(json_object_get(listed, "last_used_at")));
    kt_resp_free(&r);

    snprintf(target, sizeof target, "/api/v1/tokens/%lld", id);
    r = kt_call(&admin, "DELETE", target, NULL);
    assert_int_equal(r.status, 204);
    kt_resp_free(&r);
    r = as_token(secret, "GET", "/api/v1/auth/me");
    assert_int_equal(r.status, 401);
    kt_resp_free(&r);
}

static void test_tokens__only_the_administrator_and_fields_are_named(void **state)
{
    (void)state;
    kt_client hr;
    assert_int_equal(kt_user(&hr, "neema", "national_hr_officer", 0), 200);
    kt_resp r = kt_callf(&hr, "POST", "/api/v1/tokens", "{s:s,s:s,s:i}", "name", "mine", "role",
                         "administrator", "expires_in_days", 30);
    assert_int_equal(r.status, 403);
    kt_resp_free(&r);
    static const struct {
        const char *role;
        int days;
        const char *field;
    } bad[] = {{"analyst", 0, "expires_in_days"},
               {"analyst", 731, "expires_in_days"},
               {"emperor", 30, "role"}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        r = kt_callf(&admin, "POST", "/api/v1/tokens", "{s:s,s:s,s:i}", "name", "x", "role",
                     bad[i].role, "expires_in_days", bad[i].days);
        assert_int_equal(r.status, 422);
        assert_string_equal(field_of(&r), bad[i].field);
        kt_resp_free(&r);
    }
    r = kt_call(&admin, "DELETE", "/api/v1/tokens/999", NULL);
    assert_int_equal(r.status, 404);
    kt_resp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tokens__made_used_listed_without_secret_and_revoked),
        cmocka_unit_test(test_tokens__only_the_administrator_and_fields_are_named),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
