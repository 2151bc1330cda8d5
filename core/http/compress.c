#include "http/compress.h"
#include "http/router.h"
#include "util/error.h"
#include "util/gzip.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The q of one Accept-Encoding element's parameters (";q=0.5"): 1 when absent. */
static double element_q(const char *p, const char *end)
{
    while (p < end) {
        const char *semi = memchr(p, ';', (size_t)(end - p));
        if (!semi) break;
        p = semi + 1;
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        if (end - p >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') return atof(p + 2);
    }
    return 1;
}

int kazi_compress_accepts_gzip(const char *accept_encoding)
{
    double gzip = -1, star = -1;
    const char *p = accept_encoding;
    while (p && *p) {
        const char *comma = strchr(p, ',');
        const char *end = comma ? comma : p + strlen(p);
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        size_t n = 0;
        while (p + n < end && p[n] != ';' && p[n] != ' ' && p[n] != '\t')
            n++;
        if ((n == 4 && !strncasecmp(p, "gzip", 4)) || (n == 6 && !strncasecmp(p, "x-gzip", 6)))
            gzip = element_q(p + n, end);
        else if (n == 1 && *p == '*')
            star = element_q(p + n, end);
        p = comma ? comma + 1 : NULL;
    }
    return gzip >= 0 ? gzip > 0 : star > 0;
}

/* JSON (application/json, any +json) and CSV: the text the API answers with. */
static int compressible_type(const char *type)
{
    if (!type) return 1; /* the server's default: application/json */
    size_t n = strcspn(type, ";");
    while (n && isspace((unsigned char)type[n - 1]))
        n--;
    if (n == 16 && !strncasecmp(type, "application/json", 16)) return 1;
    if (n == 8 && !strncasecmp(type, "text/csv", 8)) return 1;
    return n > 17 && !strncasecmp(type, "application/", 12) &&
           !strncasecmp(type + n - 5, "+json", 5);
}

/* The start of header line `name` in resp->headers, or NULL. */
static char *find_header(kazi_resp *resp, const char *name)
{
    size_t n = strlen(name);
    char *p = resp->headers, *end = resp->headers + resp->headers_len;
    while (p < end) {
        if ((size_t)(end - p) > n && !strncasecmp(p, name, n) && p[n] == ':') return p;
        char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol) break;
        p = eol + 1;
    }
    return NULL;
}

void kazi_compress_reply(const kazi_req *req, kazi_resp *resp)
{
    if (!req->route || req->route->secret) return;
    if (resp->status == 204 || resp->status == 304 || resp->status < 200) return;
    if (!resp->stream && resp->body_len < KAZI_COMPRESS_MIN) return;
    if (!compressible_type(resp->content_type)) return;
    if (find_header(resp, "Set-Cookie") || find_header(resp, "Content-Encoding")) return;
    if (kazi_resp_header(resp, "Vary", "Accept-Encoding") < 0) return;
    if (!kazi_compress_accepts_gzip(kazi_req_header(req, "Accept-Encoding"))) return;
    size_t before = resp->headers_len;
    if (kazi_resp_header(resp, "Content-Encoding", "gzip") < 0) { /* no room: sent as it is */
        kazi_error_clear();
        return;
    }
    if (resp->stream) {
        resp->gzip = 1;
        return;
    }
    char *gz;
    size_t gz_len;
    if (kazi_gzip(&gz, &gz_len, resp->body, resp->body_len, KAZI_GZIP_BEST) < 0) {
        resp->headers_len = before; /* sent as it is */
        resp->headers[before] = '\0';
        kazi_error_clear();
        return;
    }
    free(resp->body);
    resp->body = gz;
    resp->body_len = gz_len;
}

typedef struct gz_sink {
    kazi_gzip_stream *z;
} gz_sink;

/* The producer's writes, compressed; the stream's own sink is the connection's writer. */
static int gz_write(void *wctx, const char *buf, size_t len)
{
    return kazi_gzip_write(((gz_sink *)wctx)->z, buf, len);
}

int kazi_compress_stream(kazi_resp_producer fn, void *ctx, kazi_resp_write_fn write, void *wctx)
{
    gz_sink s = {NULL};
    int rc = kazi_gzip_begin(&s.z, KAZI_GZIP_FAST, write, wctx);
    if (rc == KAZI_OK) rc = fn(ctx, gz_write, &s);
    if (rc >= 0) rc = kazi_gzip_finish(s.z);
    kazi_gzip_free(s.z);
    return rc;
}
