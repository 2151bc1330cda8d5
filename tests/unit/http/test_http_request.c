/* http/request: what handlers read from a request and how they answer. Query values
 * are decoded and a value that does not fit or is not a number in range is refused by
 * name; a path id that is not a positive number reads as absent (404); no header value
 * can split the response; every error is the one JSON shape with the mapped status. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "http/request.h"
#include "util/error.h"

static void test_request__query_values_are_decoded_and_checked(void **state)
{
    (void)state;
    kazi_req req = {.query = "q=Amina%20M&limit=5&empty=&big=123456789&n=x1"};
    char buf[8];
    assert_int_equal(kazi_req_query(buf, sizeof buf, &req, "q"), KAZI_OK);
    assert_string_equal(buf, "Amina M");
    assert_int_equal(kazi_req_query(buf, sizeof buf, &req, "absent"), KAZI_ENOTFOUND);
    assert_int_equal(kazi_req_query(buf, 4, &req, "big"), KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "big");
    const char *opt;
    assert_int_equal(kazi_req_query_opt(&opt, buf, sizeof buf, &req, "empty"), KAZI_OK);
    assert_null(opt);
    int64_t v;
    assert_int_equal(kazi_req_query_int(&v, &req, "limit", 1, 100, 50), KAZI_OK);
    assert_int_equal(v, 5);
    assert_int_equal(kazi_req_query_int(&v, &req, "absent", 1, 100, 50), KAZI_OK);
    assert_int_equal(v, 50);
    assert_int_equal(kazi_req_query_int(&v, &req, "limit", 10, 100, 50), KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "limit");
    assert_int_equal(kazi_req_query_int(&v, &req, "n", 1, 100, 50), KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "n");
}

static void test_request__a_path_id_that_is_not_one_reads_as_absent(void **state)
{
    (void)state;
    kazi_req req = {.nparams = 1};
    req.params[0].name = "id}";
    req.params[0].name_len = 2;
    static const char *const bad[] = {"abc", "0", "-1", "1x", "99999999999999999999", ""};
    int64_t id;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        strcpy(req.params[0].value, bad[i]);
        assert_int_equal(kazi_req_param_id(&id, &req, "id"), KAZI_ENOTFOUND);
    }
    strcpy(req.params[0].value, "42");
    assert_int_equal(kazi_req_param_id(&id, &req, "id"), KAZI_OK);
    assert_int_equal(id, 42);
    assert_string_equal(kazi_req_param(&req, "id"), "42");
    assert_null(kazi_req_param(&req, "other"));
}

static void test_request__headers_never_split_and_errors_have_one_shape(void **state)
{
    (void)state;
    kazi_resp resp = {0};
    assert_int_equal(kazi_resp_header(&resp, "X-Name", "value\r\nSet-Cookie: evil=1"),
                     KAZI_EINVALID);
    assert_int_equal(resp.headers_len, 0);
    assert_int_equal(kazi_resp_header(&resp, "X-Name", "ok"), KAZI_OK);
    assert_string_equal(resp.headers, "X-Name: ok\r\n");
    kazi_error_set(KAZI_EINVALID, "birth_date", "no such date");
    kazi_reply_error(&resp, KAZI_EINVALID);
    assert_int_equal(resp.status, 422);
    json_t *j;
    assert_int_equal(kazi_json_parse(&j, resp.body, resp.body_len), KAZI_OK);
    json_t *e = json_object_get(j, "error");
    assert_string_equal(json_string_value(json_object_get(e, "field")), "birth_date");
    assert_string_equal(json_string_value(json_object_get(e, "message")), "no such date");
    assert_non_null(json_string_value(json_object_get(e, "code")));
    json_decref(j);
    kazi_resp_reset(&resp);
    assert_int_equal(kazi_http_status_for(KAZI_ENOTFOUND), 404);
    assert_int_equal(kazi_http_status_for(KAZI_EDENIED), 403);
    assert_int_equal(kazi_http_status_for(KAZI_EUNAUTH), 401);
    assert_int_equal(kazi_http_status_for(KAZI_ECONFLICT), 409);
    assert_int_equal(kazi_http_status_for(KAZI_EFULL), 507);
}

static void test_request__the_body_must_be_a_json_object(void **state)
{
    (void)state;
    json_t *body;
    kazi_req none = {0};
    assert_int_equal(kazi_req_json_object(&body, &none), KAZI_EMALFORMED);
    kazi_req array = {.body = "[1]", .body_len = 3};
    assert_int_equal(kazi_req_json_object(&body, &array), KAZI_EMALFORMED);
    kazi_req_reset(&array);
    kazi_req ok = {.body = "{\"a\":1}", .body_len = 7};
    assert_int_equal(kazi_req_json_object(&body, &ok), KAZI_OK);
    assert_int_equal(json_integer_value(json_object_get(body, "a")), 1);
    kazi_req_reset(&ok);
}

/* A request and a response made empty by kazi_req_init / kazi_resp_init read as `= {0}`:
 * every field but the buffers whose length another field says is zero, and those
 * buffers read as empty (no parameter, no header line). */
static void test_request__init_empties_like_zero(void **state)
{
    (void)state;
    kazi_req req, zreq = {0};
    kazi_resp resp, zresp = {0};
    memset(&req, 0xA5, sizeof req);
    memset(&resp, 0xA5, sizeof resp);
    kazi_req_init(&req);
    kazi_resp_init(&resp);
    size_t p0 = offsetof(kazi_req, params), p1 = p0 + sizeof req.params;
    assert_memory_equal(&req, &zreq, p0);
    assert_memory_equal((char *)&req + p1, (char *)&zreq + p1, sizeof req - p1);
    size_t h0 = offsetof(kazi_resp, headers), h1 = h0 + sizeof resp.headers;
    assert_memory_equal(&resp, &zresp, h0);
    assert_memory_equal((char *)&resp + h1, (char *)&zresp + h1, sizeof resp - h1);
    assert_int_equal(req.nparams, 0);
    assert_null(kazi_req_param(&req, "id"));
    assert_int_equal(resp.headers_len, 0);
    assert_int_equal(kazi_resp_header(&resp, "Vary", "Accept-Language"), KAZI_OK);
    assert_memory_equal(resp.headers, "Vary: Accept-Language\r\n", resp.headers_len);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_request__query_values_are_decoded_and_checked),
        cmocka_unit_test(test_request__a_path_id_that_is_not_one_reads_as_absent),
        cmocka_unit_test(test_request__headers_never_split_and_errors_have_one_shape),
        cmocka_unit_test(test_request__the_body_must_be_a_json_object),
        cmocka_unit_test(test_request__init_empties_like_zero),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
