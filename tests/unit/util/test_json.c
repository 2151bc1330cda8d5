/* JSON helpers and the one error shape. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "http/request.h"
#include "util/error.h"
#include "util/json.h"

static void test_json__malformed_reports_line_and_column(void **state)
{
    (void)state;
    json_t *v = NULL;
    const char *text = "{\n  \"a\": 1,\n  \"b\": }";
    assert_int_equal(kazi_json_parse(&v, text, strlen(text)), KAZI_EMALFORMED);
    assert_null(v);
    assert_int_equal(kazi_error_last()->line, 3);
    assert_true(kazi_error_last()->column > 0);
    assert_string_equal(kazi_error_last()->slug, "malformed_json");
}

static void test_json__duplicate_keys_are_rejected(void **state)
{
    (void)state;
    json_t *v = NULL;
    const char *text = "{\"a\":1,\"a\":2}";
    assert_int_equal(kazi_json_parse(&v, text, strlen(text)), KAZI_EMALFORMED);
}

static void test_json__object_required(void **state)
{
    (void)state;
    json_t *v = NULL;
    assert_int_equal(kazi_json_parse_object(&v, "[1]", 3), KAZI_EMALFORMED);
    assert_int_equal(kazi_json_parse_object(&v, "{}", 2), KAZI_OK);
    json_decref(v);
}

/* `depth` opening brackets (arrays, or objects {"a": ...}) around 1, then the closers. */
static char *nested(size_t *len, size_t depth, int objects)
{
    const char *open = objects ? "{\"a\":" : "[";
    size_t olen = strlen(open), n = 0;
    char *s = malloc(depth * (olen + 1) + 2);
    for (size_t i = 0; i < depth; i++, n += olen)
        memcpy(s + n, open, olen);
    s[n++] = '1';
    for (size_t i = 0; i < depth; i++)
        s[n++] = objects ? '}' : ']';
    s[n] = '\0';
    *len = n;
    return s;
}

static void test_json__nesting_deeper_than_the_limit_is_refused(void **state)
{
    (void)state;
    static const size_t depths[] = {KAZI_JSON_MAX_DEPTH + 1, 500, 10000, 1000000};
    for (int objects = 0; objects < 2; objects++) {
        size_t len;
        json_t *v = NULL;
        char *s = nested(&len, KAZI_JSON_MAX_DEPTH, objects);
        assert_int_equal(kazi_json_parse(&v, s, len), KAZI_OK);
        json_decref(v);
        free(s);
        for (size_t i = 0; i < sizeof depths / sizeof depths[0]; i++) {
            s = nested(&len, depths[i], objects);
            v = NULL;
            assert_int_equal(kazi_json_parse(&v, s, len), KAZI_EMALFORMED);
            assert_null(v);
            assert_string_equal(kazi_error_last()->slug, "json_too_deep");
            assert_non_null(strstr(kazi_error_last()->message, "deeper than 64"));
            free(s);
        }
    }
}

static void test_json__brackets_in_strings_do_not_count(void **state)
{
    (void)state;
    char text[512];
    /* 200 brackets inside a string, with an escaped quote before them. */
    int n = snprintf(text, sizeof text, "{\"a\":\"\\\"");
    for (int i = 0; i < 200; i++)
        text[n++] = '[';
    n += snprintf(text + n, sizeof text - (size_t)n, "\",\"b\":[[1]]}");
    json_t *v = NULL;
    assert_int_equal(kazi_json_parse(&v, text, (size_t)n), KAZI_OK);
    assert_int_equal(json_string_length(json_object_get(v, "a")), 201);
    json_decref(v);
}

static void *parse_on_thread(void *arg)
{
    size_t len;
    char *s = nested(&len, 2000, 0);
    json_t *v = NULL;
    *(int *)arg = kazi_json_parse(&v, s, len);
    json_decref(v);
    free(s);
    return NULL;
}

/* A worker thread's stack is small (CivetWeb: ~100 KiB): 2,000 levels (under jansson's own
 * limit of 2,048) must be refused there, not overflow the stack. */
static void test_json__deep_nesting_on_a_small_stack(void **state)
{
    (void)state;
    pthread_attr_t attr;
    pthread_t t;
    int rc = 1;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 64 * 1024);
    assert_int_equal(pthread_create(&t, &attr, parse_on_thread, &rc), 0);
    pthread_join(t, NULL);
    pthread_attr_destroy(&attr);
    assert_int_equal(rc, KAZI_EMALFORMED);
}

static void test_json__getters_name_the_field(void **state)
{
    (void)state;
    json_t *o =
        json_pack("{s:s,s:i,s:b,s:s,s:n}", "name", "Asha", "n", 5, "b", 1, "empty", "", "nul");
    const char *s;
    int64_t n;
    int b;
    assert_int_equal(kazi_json_string(&s, o, "name", 1, 10), KAZI_OK);
    assert_string_equal(s, "Asha");
    assert_int_equal(kazi_json_string(&s, o, "name", 1, 3), KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "name");
    assert_int_equal(kazi_json_string(&s, o, "missing", 1, 10), KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "missing");
    assert_int_equal(kazi_json_string(&s, o, "missing", 0, 10), KAZI_ENOTFOUND);
    assert_int_equal(kazi_json_string(&s, o, "nul", 0, 10), KAZI_ENOTFOUND);
    assert_int_equal(kazi_json_string(&s, o, "empty", 1, 10), KAZI_EINVALID);
    assert_int_equal(kazi_json_string(&s, o, "n", 1, 10), KAZI_EINVALID);
    assert_int_equal(kazi_json_int(&n, o, "n", 1, 0, 10), KAZI_OK);
    assert_int_equal(n, 5);
    assert_int_equal(kazi_json_int(&n, o, "n", 1, 6, 10), KAZI_EINVALID);
    assert_int_equal(kazi_json_int(&n, o, "name", 1, 0, 10), KAZI_EINVALID);
    assert_int_equal(kazi_json_bool(&b, o, "b", 1), KAZI_OK);
    assert_true(b);
    assert_int_equal(kazi_json_bool(&b, o, "n", 1), KAZI_EINVALID);
    json_decref(o);
}

static void test_error__body_has_code_message_field(void **state)
{
    (void)state;
    kazi_resp resp = {0};
    kazi_reply_error(&resp, kazi_error_set(KAZI_EINVALID, "birth_date", "must be a date"));
    assert_int_equal(resp.status, 422);
    json_t *doc;
    assert_int_equal(kazi_json_parse(&doc, resp.body, resp.body_len), KAZI_OK);
    json_t *e = json_object_get(doc, "error");
    assert_string_equal(json_string_value(json_object_get(e, "code")), "invalid_field");
    assert_string_equal(json_string_value(json_object_get(e, "message")), "must be a date");
    assert_string_equal(json_string_value(json_object_get(e, "field")), "birth_date");
    json_decref(doc);
    kazi_resp_reset(&resp);
}

static void test_error__internal_errors_hide_details(void **state)
{
    (void)state;
    kazi_resp resp = {0};
    kazi_reply_error(&resp, kazi_error_set(KAZI_ERROR, NULL, "disk I/O error at /secret/path"));
    assert_int_equal(resp.status, 500);
    assert_null(strstr(resp.body, "/secret/path"));
    kazi_resp_reset(&resp);
}

static void test_error__status_mapping(void **state)
{
    (void)state;
    assert_int_equal(kazi_http_status_for(KAZI_ENOTFOUND), 404);
    assert_int_equal(kazi_http_status_for(KAZI_EMALFORMED), 400);
    assert_int_equal(kazi_http_status_for(KAZI_EUNAUTH), 401);
    assert_int_equal(kazi_http_status_for(KAZI_EDENIED), 403);
    assert_int_equal(kazi_http_status_for(KAZI_EMETHOD), 405);
    assert_int_equal(kazi_http_status_for(KAZI_ECONFLICT), 409);
    assert_int_equal(kazi_http_status_for(KAZI_ETOOBIG), 413);
    assert_int_equal(kazi_http_status_for(KAZI_ERATELIMIT), 429);
    assert_int_equal(kazi_http_status_for(KAZI_ERROR), 500);
}

static void test_request__query_decoding(void **state)
{
    (void)state;
    kazi_req req = {.query = "q=Asha+M%C3%BCller&cadre=psw&flag&bad=%zz"};
    char buf[64];
    assert_int_equal(kazi_req_query(buf, sizeof buf, &req, "q"), KAZI_OK);
    assert_string_equal(buf, "Asha M\xc3\xbcller");
    assert_int_equal(kazi_req_query(buf, sizeof buf, &req, "cadre"), KAZI_OK);
    assert_string_equal(buf, "psw");
    assert_int_equal(kazi_req_query(buf, sizeof buf, &req, "flag"), KAZI_OK);
    assert_string_equal(buf, "");
    assert_int_equal(kazi_req_query(buf, sizeof buf, &req, "none"), KAZI_ENOTFOUND);
    assert_int_equal(kazi_req_query(buf, sizeof buf, &req, "bad"), KAZI_EINVALID);
    assert_int_equal(kazi_req_query(buf, 3, &req, "cadre"), KAZI_EINVALID);
}

static void test_request__take_body_moves_or_copies(void **state)
{
    (void)state;
    kazi_req req = {0};
    kazi_body taken;
    /* No storage of its own (in-process requests): a NUL-terminated copy. */
    req.body = "a,b\n1,2\n";
    req.body_len = 8;
    assert_int_equal(kazi_req_take_body(&taken, &req), KAZI_OK);
    assert_ptr_not_equal(taken.data, req.body);
    assert_int_equal(taken.len, 8);
    assert_string_equal(taken.data, "a,b\n1,2\n");
    kazi_body_free(&taken);
    assert_null(taken.data);
    /* The server's storage: moved, so the request no longer frees it. */
    kazi_body owned = {strdup("x,y"), 3, 0};
    req.body = owned.data;
    req.body_len = owned.len;
    req.owned_body = &owned;
    assert_int_equal(kazi_req_take_body(&taken, &req), KAZI_OK);
    assert_ptr_equal(taken.data, req.body);
    assert_null(owned.data);
    kazi_body_free(&owned); /* what the server does when the request ends: nothing left */
    kazi_body_free(&taken);
}

static void test_response__header_injection_refused(void **state)
{
    (void)state;
    kazi_resp resp = {0};
    assert_int_equal(kazi_resp_header(&resp, "X-A", "ok"), KAZI_OK);
    assert_int_equal(kazi_resp_header(&resp, "X-B", "bad\r\nSet-Cookie: x"), KAZI_EINVALID);
    assert_int_equal(resp.headers_len, strlen("X-A: ok\r\n"));
}

/* The plain reader gives what json_loads gives, key order included, for the stored
 * JSON it accepts, and declines (NULL) everything else so json_loads reads it. */
static void test_json__a_declaration_is_found_by_its_id(void **state)
{
    (void)state;
    json_t *list = json_pack("[{s:s, s:i}, {s:i}, {s:s, s:i}, {s:s, s:i}]", "id", "psw", "n", 1,
                             "id", 7, "id", "swa", "n", 2, "id", "swa", "n", 3);
    assert_int_equal(json_integer_value(json_object_get(kazi_json_find_id(list, "swa"), "n")), 2);
    assert_int_equal(json_integer_value(json_object_get(kazi_json_find_id(list, "psw"), "n")), 1);
    assert_null(kazi_json_find_id(list, "ps")); /* whole ids only */
    assert_null(kazi_json_find_id(list, "7"));  /* a number is not the text "7" */
    assert_null(kazi_json_find_id(list, NULL));
    assert_null(kazi_json_find_id(json_object_get(list, "x"), "psw")); /* not an array */
    json_decref(list);
}

static void test_json__plain_reader_matches_jansson(void **state)
{
    (void)state;
    static const char *const same[] = {
        "[]",
        "{}",
        "null",
        "true",
        "false",
        "0",
        "-0",
        "42",
        "-9223372036854775808",
        "9223372036854775807",
        "\"\"",
        "\"abc\"",
        "[\"sw\",\"en\"]",
        " { \"b\" : 1 , \"a\" : [ true , null , { } ] } ",
        "{\"nida\":\"19880707-12816-77844-90\",\"languages\":[\"sw\",\"en\"],\"n\":-3}",
        "[{\"type\":\"national_id\",\"value\":\"X-1\"},{\"type\":\"b\",\"value\":\"y\"}]",
        "{\"a\":1,\"b\":2,\"a\":3}", /* a repeated key: the last value, the first place */
    };
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        json_t *mine = kazi_json_parse_plain(same[i], strlen(same[i]));
        json_t *theirs = json_loads(same[i], JSON_DECODE_ANY, NULL);
        if (!mine || !theirs) fail_msg("not read: %s", same[i]);
        char *a = kazi_json_dump(mine), *b = kazi_json_dump(theirs);
        assert_string_equal(a, b);
        free(a);
        free(b);
        json_decref(mine);
        json_decref(theirs);
    }
    static const char *const declined[] = {
        "",
        " ",
        "\"a\\nb\"",
        "\"caf\xc3\xa9\"",
        "1.5",
        "1e3",
        "01",
        "-",
        "[1,]",
        "{\"a\"}",
        "{\"a\":1",
        "[1] 2",
        "9223372036854775808",
        "tru",
        "\"open",
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", /* 34 deep */
    };
    for (size_t i = 0; i < sizeof declined / sizeof declined[0]; i++) {
        json_t *mine = kazi_json_parse_plain(declined[i], strlen(declined[i]));
        if (mine) fail_msg("read, should decline: %s", declined[i]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json__malformed_reports_line_and_column),
        cmocka_unit_test(test_json__duplicate_keys_are_rejected),
        cmocka_unit_test(test_json__object_required),
        cmocka_unit_test(test_json__getters_name_the_field),
        cmocka_unit_test(test_json__a_declaration_is_found_by_its_id),
        cmocka_unit_test(test_json__nesting_deeper_than_the_limit_is_refused),
        cmocka_unit_test(test_json__brackets_in_strings_do_not_count),
        cmocka_unit_test(test_json__deep_nesting_on_a_small_stack),
        cmocka_unit_test(test_json__plain_reader_matches_jansson),
        cmocka_unit_test(test_error__body_has_code_message_field),
        cmocka_unit_test(test_error__internal_errors_hide_details),
        cmocka_unit_test(test_error__status_mapping),
        cmocka_unit_test(test_request__query_decoding),
        cmocka_unit_test(test_request__take_body_moves_or_copies),
        cmocka_unit_test(test_response__header_injection_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
