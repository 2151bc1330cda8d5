/* http/static: the web UI's files. Content types by extension, client-side routes get
 * index.html, hashed assets are cached for a year and others revalidated (ETag → 304),
 * a .br or .gz sibling goes to clients that accept that coding (brotli first), and no
 * path leaves the web folder. */
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
#include "http/static.h"
#include "util/error.h"

static int setup(void **state)
{
    if (kt_group_tmpdir(state) < 0) return -1;
    char cmd[900];
    snprintf(
        cmd, sizeof cmd,
        "mkdir -p %s/web/assets && printf '<title>Kazi</title>' > %s/web/index.html && "
        "printf 'body{}' > %s/web/style.css && printf 'js' > %s/web/assets/app-1.js && "
        "printf 'gz' > %s/web/assets/app-1.js.gz && printf 'br' > %s/web/assets/app-1.js.br && "
        "printf 'gz' > %s/web/style.css.gz && printf 'secret' > %s/secret.txt",
        kt_dir, kt_dir, kt_dir, kt_dir, kt_dir, kt_dir, kt_dir, kt_dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* The one request header a test sends. */
static const char *hname, *hvalue;
static const char *one_header(void *ctx, const char *name)
{
    (void)ctx;
    return hname && !strcasecmp(name, hname) ? hvalue : NULL;
}

/* Serve `path` from the test's web folder with an optional request header. */
static int serve(kazi_resp *resp, const char *path, const char *header, const char *value)
{
    char web[128];
    snprintf(web, sizeof web, "%s/web", kt_dir);
    hname = header;
    hvalue = value;
    kazi_req req = {.method = "GET", .path = path, .header_fn = one_header};
    memset(resp, 0, sizeof *resp);
    return kazi_static_serve(&req, resp, web);
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

static void test_static__types_fallback_and_caching(void **state)
{
    (void)state;
    kazi_resp resp;
    assert_int_equal(serve(&resp, "/style.css", NULL, NULL), KAZI_OK);
    assert_int_equal(resp.status, 200);
    assert_string_equal(resp.content_type, "text/css; charset=utf-8");
    assert_string_equal(header_of(&resp, "Cache-Control"), "no-cache");
    char etag[100];
    assert_true(snprintf(etag, sizeof etag, "%s", header_of(&resp, "ETag")) < (int)sizeof etag);
    kazi_resp_reset(&resp);
    assert_int_equal(serve(&resp, "/style.css", "If-None-Match", etag), KAZI_OK);
    assert_int_equal(resp.status, 304);
    kazi_resp_reset(&resp);

    /* a client-side route (no dot in its last segment) is the app */
    assert_int_equal(serve(&resp, "/people/42", NULL, NULL), KAZI_OK);
    assert_string_equal(resp.content_type, "text/html; charset=utf-8");
    kazi_resp_reset(&resp);

    assert_int_equal(serve(&resp, "/assets/app-1.js", "Accept-Encoding", "gzip"), KAZI_OK);
    assert_non_null(strstr(header_of(&resp, "Cache-Control"), "immutable"));
    assert_string_equal(header_of(&resp, "Content-Encoding"), "gzip");
    kazi_resp_reset(&resp);
    assert_int_equal(serve(&resp, "/assets/app-1.js", NULL, NULL), KAZI_OK);
    assert_null(header_of(&resp, "Content-Encoding"));
    kazi_resp_reset(&resp);
    assert_string_equal(kazi_static_type("x.svg"), "image/svg+xml");
    assert_string_equal(kazi_static_type("x.unknown"), "application/octet-stream");
}

/* Serve PATH with Accept-Encoding ACCEPT; the body sent and its Content-Encoding ("" for none). */
static void sent(const char *path, const char *accept, const char *body, const char *coding)
{
    kazi_resp resp;
    assert_int_equal(serve(&resp, path, "Accept-Encoding", accept), KAZI_OK);
    assert_int_equal(resp.status, 200);
    assert_int_equal(resp.body_len, strlen(body));
    assert_memory_equal(resp.body, body, strlen(body));
    const char *ce = header_of(&resp, "Content-Encoding");
    assert_string_equal(ce ? ce : "", coding);
    assert_string_equal(header_of(&resp, "Vary"), "Accept-Encoding");
    kazi_resp_reset(&resp);
}

static void test_static__brotli_first_then_gzip_as_the_browser_accepts(void **state)
{
    (void)state;
    /* what a browser sends: the smaller brotli file */
    sent("/assets/app-1.js", "gzip, deflate, br, zstd", "br", "br");
    sent("/assets/app-1.js", "BR;q=0.5", "br", "br");
    /* brotli refused or not offered: gzip; neither: the file itself */
    sent("/assets/app-1.js", "br;q=0, gzip", "gz", "gzip");
    sent("/assets/app-1.js", "gzip;q=1.0", "gz", "gzip");
    sent("/assets/app-1.js", "gzip;q=0", "js", "");
    sent("/assets/app-1.js", "xbr, gzipped", "js", "");
    /* a file with only a .gz sibling: gzip even to a brotli client */
    sent("/style.css", "br, gzip", "gz", "gzip");
    sent("/style.css", "br", "body{}", "");

    /* each coding is its own version of the file (ETag), so a 304 never crosses them */
    kazi_resp resp;
    char etag[100];
    assert_int_equal(serve(&resp, "/assets/app-1.js", "Accept-Encoding", "br"), KAZI_OK);
    assert_true(snprintf(etag, sizeof etag, "%s", header_of(&resp, "ETag")) < (int)sizeof etag);
    kazi_resp_reset(&resp);
    assert_int_equal(serve(&resp, "/assets/app-1.js", "Accept-Encoding", "gzip"), KAZI_OK);
    assert_string_not_equal(header_of(&resp, "ETag"), etag);
    kazi_resp_reset(&resp);
}

static void test_static__nothing_outside_the_folder(void **state)
{
    (void)state;
    kazi_resp resp;
    static const char *const paths[] = {"/../secret.txt", "/assets/../../secret.txt",
                                        "/assets\\..\\..\\secret.txt", "/missing.js"};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        assert_int_equal(serve(&resp, paths[i], NULL, NULL), KAZI_ENOTFOUND);
        kazi_resp_reset(&resp);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_static__types_fallback_and_caching),
        cmocka_unit_test(test_static__brotli_first_then_gzip_as_the_browser_accepts),
        cmocka_unit_test(test_static__nothing_outside_the_folder),
    };
    return cmocka_run_group_tests(tests, setup, kt_group_rmtree);
}
