/* http/compress: JSON and CSV replies of 1 KB or more are gzipped for a client that
 * accepts gzip (its ETag unchanged); small replies, other types, static files
 * and replies that carry a secret (a route marked .secret, a Set-Cookie) never are;
 * every route whose reply holds a secret is marked so (BREACH, docs/security.md). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fixture.h"
#include "http/compress.h"
#include "http/router.h"
#include "http/routes.h"
#include "http/schemas.h"
#include "util/buf.h"
#include "util/error.h"

static const char *accept_encoding;
static const char *one_header(void *ctx, const char *name)
{
    (void)ctx;
    return !strcasecmp(name, "Accept-Encoding") ? accept_encoding : NULL;
}

static const kazi_route plain_route = {"GET", "/api/v1/people", NULL, "people.read", .secret = 0};
static const kazi_route secret_route = {"GET", "/api/v1/auth/me", NULL, "self", .secret = 1};

/* A JSON reply of `n` bytes to a GET of `route` by a client sending `accept`. */
static void reply(kazi_req *req, kazi_resp *resp, const kazi_route *route, const char *accept,
                  size_t n)
{
    accept_encoding = accept;
    *req =
        (kazi_req){.method = "GET", .path = "/api/v1/x", .route = route, .header_fn = one_header};
    memset(resp, 0, sizeof *resp);
    char *body = malloc(n + 1);
    assert_non_null(body);
    for (size_t i = 0; i < n; i++)
        body[i] = "{\"name\":\"Amani\"},"[i % 17];
    body[n] = '\0';
    kazi_reply_take(resp, 200, "application/json", body, n);
}

static const char *header_of(const kazi_resp *resp, const char *name)
{
    static char value[200];
    const char *h = strstr(resp->headers, name);
    if (!h) return NULL;
    h += strlen(name) + 2;
    snprintf(value, sizeof value, "%.*s", (int)strcspn(h, "\r"), h);
    return value;
}

static void test_compress__accept_encoding_is_read_with_its_q_values(void **state)
{
    (void)state;
    static const struct {
        const char *value;
        int gzip;
    } cases[] = {
        {"gzip", 1},
        {"GZip", 1},
        {"x-gzip", 1},
        {"gzip, deflate, br", 1},
        {"br;q=1, gzip;q=0.1", 1},
        {"*", 1},
        {"deflate, *;q=0.5", 1},
        {NULL, 0},
        {"", 0},
        {"identity", 0},
        {"deflate, br", 0},
        {"gzip;q=0", 0},
        {"gzip; q=0.000", 0},
        {"*;q=0", 0},
        {"gzip;q=0, *", 0},
        {"gzipped", 0},
        {"x-gzip2", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        print_message("Accept-Encoding: %s\n", cases[i].value ? cases[i].value : "(none)");
        assert_int_equal(kazi_compress_accepts_gzip(cases[i].value), cases[i].gzip);
    }
}

static void test_compress__a_large_json_reply_is_gzipped_keeping_its_etag(void **state)
{
    (void)state;
    kazi_req req;
    kazi_resp resp;
    reply(&req, &resp, &plain_route, "gzip, deflate", 20000);
    char *plain = strdup(resp.body);
    assert_int_equal(kazi_resp_header(&resp, "ETag", "\"abc-4e20\""), KAZI_OK);
    kazi_compress_reply(&req, &resp);
    assert_string_equal(header_of(&resp, "Content-Encoding"), "gzip");
    assert_string_equal(header_of(&resp, "ETag"), "\"abc-4e20\""); /* the uncompressed body's */
    assert_string_equal(header_of(&resp, "Vary"), "Accept-Encoding");
    assert_int_equal(resp.headers[resp.headers_len], '\0');
    assert_true(resp.body_len < 1000);
    size_t n;
    char *back = kt_gunzip(&n, resp.body, resp.body_len);
    assert_int_equal(n, 20000);
    assert_string_equal(back, plain);
    free(back);
    free(plain);
    kazi_resp_reset(&resp);
}

static void test_compress__what_is_not_gzipped_stays_as_it_was(void **state)
{
    (void)state;
    kazi_req req;
    kazi_resp resp;
    /* The client does not accept gzip: the same body, saying it varies. */
    reply(&req, &resp, &plain_route, "identity", 20000);
    kazi_compress_reply(&req, &resp);
    assert_int_equal(resp.body_len, 20000);
    assert_null(header_of(&resp, "Content-Encoding"));
    assert_string_equal(header_of(&resp, "Vary"), "Accept-Encoding");
    kazi_resp_reset(&resp);
    /* Small (healthz, a person by id): untouched, not even Vary. */
    reply(&req, &resp, &plain_route, "gzip", KAZI_COMPRESS_MIN - 1);
    kazi_compress_reply(&req, &resp);
    assert_int_equal(resp.body_len, KAZI_COMPRESS_MIN - 1);
    assert_int_equal(resp.headers_len, 0);
    kazi_resp_reset(&resp);
    /* A route marked secret, and a reply that sets a cookie: never (BREACH). */
    reply(&req, &resp, &secret_route, "gzip", 20000);
    kazi_compress_reply(&req, &resp);
    assert_int_equal(resp.body_len, 20000);
    assert_int_equal(resp.headers_len, 0);
    kazi_resp_reset(&resp);
    reply(&req, &resp, &plain_route, "gzip", 20000);
    kazi_resp_header(&resp, "Set-Cookie", "kazi_session=s3cret; HttpOnly");
    kazi_compress_reply(&req, &resp);
    assert_int_equal(resp.body_len, 20000);
    assert_null(header_of(&resp, "Content-Encoding"));
    kazi_resp_reset(&resp);
    /* A static file (no route: the web folder's own .gz is used), other types, 204. */
    reply(&req, &resp, NULL, "gzip", 20000);
    kazi_compress_reply(&req, &resp);
    assert_int_equal(resp.headers_len, 0);
    resp.content_type = "application/adx+xml";
    req.route = &plain_route;
    kazi_compress_reply(&req, &resp);
    assert_int_equal(resp.headers_len, 0);
    assert_int_equal(resp.body_len, 20000);
    resp.content_type = "text/csv; charset=utf-8"; /* CSV is */
    kazi_compress_reply(&req, &resp);
    assert_string_equal(header_of(&resp, "Content-Encoding"), "gzip");
    kazi_resp_reset(&resp);
    /* Headers with no room left for Content-Encoding: sent as it was. */
    reply(&req, &resp, &plain_route, "gzip", 20000);
    assert_int_equal(kazi_resp_header(&resp, "ETag", "\"abc\""), KAZI_OK);
    char filler[1981]; /* room for Vary, none for Content-Encoding */
    memset(filler, 'f', sizeof filler - 1);
    filler[sizeof filler - 1] = '\0';
    assert_int_equal(kazi_resp_header(&resp, "X-Filler", filler), KAZI_OK);
    size_t before = resp.headers_len;
    kazi_compress_reply(&req, &resp);
    assert_int_equal(resp.body_len, 20000);
    assert_null(header_of(&resp, "Content-Encoding"));
    assert_string_equal(header_of(&resp, "ETag"), "\"abc\"");
    assert_true(resp.headers_len <= before + strlen("Vary: Accept-Encoding\r\n"));
    kazi_resp_reset(&resp);
}

/* A streamed export: rows written one by one. */
static int rows(void *ctx, kazi_resp_write_fn write, void *wctx)
{
    (void)ctx;
    for (int i = 0; i < 3000; i++) {
        char row[64];
        int n = snprintf(row, sizeof row, "%d,Amani,Said,para-social,%d\n", i, i * 37 % 101);
        int rc = write(wctx, row, (size_t)n);
        if (rc < 0) return rc;
    }
    return KAZI_OK;
}

static int to_buf(void *wctx, const char *buf, size_t len)
{
    return kazi_buf_append(wctx, buf, len);
}

static void test_compress__a_streamed_csv_is_gzipped_as_it_is_sent(void **state)
{
    (void)state;
    kazi_req req;
    kazi_resp resp;
    reply(&req, &resp, &plain_route, "gzip", 0);
    kazi_reply_stream(&resp, 200, "text/csv; charset=utf-8", rows, NULL);
    kazi_compress_reply(&req, &resp);
    assert_int_equal(resp.gzip, 1);
    assert_string_equal(header_of(&resp, "Content-Encoding"), "gzip");
    kazi_buf plain = {0}, packed = {0};
    assert_int_equal(rows(NULL, to_buf, &plain), KAZI_OK);
    assert_int_equal(kazi_compress_stream(resp.stream, resp.stream_ctx, to_buf, &packed), KAZI_OK);
    assert_true(packed.len * 3 < plain.len);
    size_t n;
    char *back = kt_gunzip(&n, packed.data, packed.len);
    assert_int_equal(n, plain.len);
    assert_memory_equal(back, plain.data, n);
    free(back);
    free(plain.data);
    free(packed.data);
    kazi_resp_reset(&resp);
}

/* Does the reply schema `name` (or the schema a wrapper "key:Name" holds) carry a
 * secret: a session's CSRF token, a TOTP secret, recovery codes, an API token? */
static int holds_secret(const char *name)
{
    const char *colon = strrchr(name, ':');
    const kazi_http_schema *s = kazi_http_schema_find(colon ? colon + 1 : name);
    if (!s) return 0; /* an entity: records, never secrets */
    static const char *const keys[] = {
        "\"csrf_token\":", "\"secret\":", "\"recovery_codes\":", "\"token\":"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (strstr(s->schema, keys[i])) return 1;
    return 0;
}

static void test_compress__every_route_answering_a_secret_is_marked_secret(void **state)
{
    (void)state;
    assert_int_equal(kazi_routes_install(1), KAZI_OK);
    int secret = 0;
    for (int i = 0; i < kazi_router_count(); i++) {
        const kazi_route *r = kazi_router_at(i);
        int holds = r->reply && holds_secret(r->reply);
        if (holds) print_message("%s %s: %s\n", r->method, r->pattern, r->reply);
        if (holds) assert_int_equal(r->secret, 1);
        secret += holds;
    }
    assert_true(secret >= 5); /* sign-in, me, TOTP begin and confirm, a new API token */
    kazi_router_free();
}
int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compress__accept_encoding_is_read_with_its_q_values),
        cmocka_unit_test(test_compress__a_large_json_reply_is_gzipped_keeping_its_etag),
        cmocka_unit_test(test_compress__what_is_not_gzipped_stays_as_it_was),
        cmocka_unit_test(test_compress__a_streamed_csv_is_gzipped_as_it_is_sent),
        cmocka_unit_test(test_compress__every_route_answering_a_secret_is_marked_secret),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
