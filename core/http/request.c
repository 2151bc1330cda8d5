#include "http/request.h"
#include "domain/fhir.h"
#include "http/router.h"
#include "http/schemas.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/stage.h"

#include <ctype.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

/* Zero the bytes of `obj` (of `size`) before `from` and from `to` on. */
static void zero_around(void *obj, size_t size, size_t from, size_t to)
{
    memset(obj, 0, from);
    memset((char *)obj + to, 0, size - to);
}

void kazi_req_init(kazi_req *req)
{
    zero_around(req, sizeof *req, offsetof(kazi_req, params),
                offsetof(kazi_req, params) + sizeof req->params);
}

void kazi_resp_init(kazi_resp *resp)
{
    zero_around(resp, sizeof *resp, offsetof(kazi_resp, headers),
                offsetof(kazi_resp, headers) + sizeof resp->headers);
}

void kazi_req_reset(kazi_req *req)
{
    if (req->json) json_decref(req->json);
    req->json = NULL;
}

void kazi_resp_reset(kazi_resp *resp)
{
    free(resp->body);
    resp->body = NULL;
    resp->body_len = 0;
    free(resp->stream_ctx);
    resp->stream_ctx = NULL;
    resp->stream = NULL;
}

void kazi_body_free(kazi_body *body)
{
    if (!body) return;
    if (body->mapped)
        munmap(body->data, body->mapped);
    else
        free(body->data);
    body->data = NULL;
    body->len = body->mapped = 0;
}

int kazi_req_take_body(kazi_body *out, kazi_req *req)
{
    if (req->owned_body && req->owned_body->data == req->body) {
        *out = *req->owned_body;
        /* The request keeps reading it until it ends; the server no longer frees it. */
        req->owned_body->data = NULL;
        req->owned_body->len = req->owned_body->mapped = 0;
        return KAZI_OK;
    }
    char *copy = malloc(req->body_len + 1);
    if (!copy) return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    if (req->body_len) memcpy(copy, req->body, req->body_len);
    copy[req->body_len] = '\0';
    *out = (kazi_body){copy, req->body_len, 0};
    return KAZI_OK;
}

const char *kazi_req_header(const kazi_req *req, const char *name)
{
    return req->header_fn ? req->header_fn(req->header_ctx, name) : NULL;
}

const char *kazi_req_param(const kazi_req *req, const char *name)
{
    size_t n = strlen(name);
    for (int i = 0; i < req->nparams; i++)
        if (req->params[i].name_len == n && memcmp(req->params[i].name, name, n) == 0)
            return req->params[i].value;
    return NULL;
}

int kazi_req_param_id(int64_t *out, const kazi_req *req, const char *name)
{
    const char *s = kazi_req_param(req, name);
    if (!s || !*s || strlen(s) > 18)
        return kazi_error_set(KAZI_ENOTFOUND, name, "no such %s", name);
    int64_t v = 0;
    for (const char *p = s; *p; p++) {
        if (!isdigit((unsigned char)*p))
            return kazi_error_set(KAZI_ENOTFOUND, name, "no such %s", name);
        v = v * 10 + (*p - '0');
    }
    if (v <= 0) return kazi_error_set(KAZI_ENOTFOUND, name, "no such %s", name);
    *out = v;
    return KAZI_OK;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    c = tolower(c);
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

/* Decode application/x-www-form-urlencoded text of length n into buf. */
static int url_decode(char *buf, size_t size, const char *s, size_t n, const char *name)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        int c = (unsigned char)s[i];
        if (c == '+')
            c = ' ';
        else if (c == '%') {
            int hi = i + 1 < n ? hexval(s[i + 1]) : -1, lo = i + 2 < n ? hexval(s[i + 2]) : -1;
            if (hi < 0 || lo < 0)
                return kazi_error_set(KAZI_EINVALID, name, "%s has a bad %% escape", name);
            c = hi * 16 + lo;
            i += 2;
        }
        if (c == 0) return kazi_error_set(KAZI_EINVALID, name, "%s must not contain NUL", name);
        if (k + 1 >= size)
            return kazi_error_set(KAZI_EINVALID, name, "%s is too long (at most %zu bytes)", name,
                                  size - 1);
        buf[k++] = (char)c;
    }
    buf[k] = '\0';
    return KAZI_OK;
}

int kazi_req_query(char *buf, size_t size, const kazi_req *req, const char *name)
{
    size_t nlen = strlen(name);
    const char *q = req->query;
    while (q && *q) {
        const char *amp = strchr(q, '&');
        size_t len = amp ? (size_t)(amp - q) : strlen(q);
        const char *eq = memchr(q, '=', len);
        size_t klen = eq ? (size_t)(eq - q) : len;
        if (klen == nlen && memcmp(q, name, nlen) == 0) {
            if (!eq) {
                if (size) buf[0] = '\0';
                return KAZI_OK;
            }
            return url_decode(buf, size, eq + 1, len - klen - 1, name);
        }
        q = amp ? amp + 1 : NULL;
    }
    return KAZI_ENOTFOUND;
}

int kazi_req_query_opt(const char **out, char *buf, size_t size, const kazi_req *req,
                       const char *name)
{
    int rc = kazi_req_query(buf, size, req, name);
    if (rc == KAZI_ENOTFOUND || (rc == KAZI_OK && !buf[0])) {
        *out = NULL;
        return KAZI_OK;
    }
    if (rc < 0) return rc;
    *out = buf;
    return KAZI_OK;
}

int kazi_req_query_int(int64_t *out, const kazi_req *req, const char *name, int64_t min,
                       int64_t max, int64_t dflt)
{
    char buf[32];
    const char *s;
    int rc = kazi_req_query_opt(&s, buf, sizeof buf, req, name);
    if (rc < 0) return rc;
    if (!s) {
        *out = dflt;
        return KAZI_OK;
    }
    char *end;
    long long v = strtoll(s, &end, 10);
    if (*end || v < min || v > max)
        return kazi_error_set(KAZI_EINVALID, name, "%s must be a whole number from %lld to %lld",
                              name, (long long)min, (long long)max);
    *out = v;
    return KAZI_OK;
}

int kazi_req_json_object(json_t **out, kazi_req *req)
{
    if (!req->json) {
        if (!req->body || req->body_len == 0)
            return kazi_error_set_slug(KAZI_EMALFORMED, "malformed_json", NULL,
                                       "the request needs a JSON body");
        int rc = kazi_json_parse_object(&req->json, req->body, req->body_len);
        if (rc < 0) return rc;
    }
    /* A field the route's body schema does not list is refused, never dropped. */
    if (req->route && req->route->body) {
        int rc = kazi_http_schema_known(req->route->body, req->json);
        if (rc < 0) return rc;
    }
    *out = req->json;
    return KAZI_OK;
}

int kazi_resp_header(kazi_resp *resp, const char *name, const char *value)
{
    size_t need = strlen(name) + strlen(value) + 4;
    if (resp->headers_len + need >= sizeof resp->headers)
        return kazi_error_set(KAZI_ETOOBIG, NULL, "too many response headers");
    for (const char *p = value; *p; p++) /* no header splitting, ever */
        if (*p == '\r' || *p == '\n')
            return kazi_error_set(KAZI_EINVALID, NULL, "header value contains a line break");
    memcpy(resp->headers + resp->headers_len, name, strlen(name));
    resp->headers_len += strlen(name);
    memcpy(resp->headers + resp->headers_len, ": ", 2);
    resp->headers_len += 2;
    memcpy(resp->headers + resp->headers_len, value, strlen(value));
    resp->headers_len += strlen(value);
    memcpy(resp->headers + resp->headers_len, "\r\n", 3);
    resp->headers_len += 2;
    return KAZI_OK;
}

void kazi_reply_take(kazi_resp *resp, int status, const char *content_type, char *data, size_t len)
{
    /* Any reply replaces a streamed one set before (an error after kazi_reply_stream). */
    free(resp->stream_ctx);
    resp->stream_ctx = NULL;
    resp->stream = NULL;
    free(resp->body);
    resp->status = status;
    resp->content_type = content_type;
    resp->body = data;
    resp->body_len = len;
}

void kazi_reply_stream(kazi_resp *resp, int status, const char *content_type, kazi_resp_producer fn,
                       void *ctx)
{
    kazi_reply_take(resp, status, content_type, NULL, 0);
    resp->stream = fn;
    resp->stream_ctx = ctx;
}

static int collect_write(void *wctx, const char *buf, size_t len)
{
    return kazi_buf_append(wctx, buf, len);
}

void kazi_resp_collect(kazi_resp *resp)
{
    if (!resp->stream) return;
    kazi_buf c = {0};
    int rc = resp->stream(resp->stream_ctx, collect_write, &c);
    if (rc < 0) {
        free(c.data);
        kazi_reply_error(resp, rc);
        return;
    }
    kazi_reply_take(resp, resp->status, resp->content_type, c.data ? c.data : calloc(1, 1), c.len);
}

int kazi_reply_bytes(kazi_resp *resp, int status, const char *content_type, const char *data,
                     size_t len)
{
    char *copy = malloc(len + 1);
    if (!copy) return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    memcpy(copy, data, len);
    copy[len] = '\0';
    kazi_reply_take(resp, status, content_type, copy, len);
    return KAZI_OK;
}

int kazi_reply_json(kazi_resp *resp, int status, json_t *doc)
{
    if (!doc) return kazi_error_set(KAZI_ERROR, NULL, "out of memory building the response");
    kazi_stage prev = kazi_stage_enter(KAZI_STAGE_JSON);
    char *text = kazi_json_dump(doc);
    json_decref(doc);
    kazi_stage_enter(prev);
    if (!text) return kazi_error_set(KAZI_ERROR, NULL, "out of memory building the response");
    kazi_reply_take(resp, status, "application/json", text, strlen(text));
    return KAZI_OK;
}

int kazi_reply_json_etag(kazi_resp *resp, const kazi_req *req, json_t *doc)
{
    if (!doc) return kazi_error_set(KAZI_ERROR, NULL, "out of memory building the response");
    char *text = kazi_json_dump(doc);
    json_decref(doc);
    if (!text) return kazi_error_set(KAZI_ERROR, NULL, "out of memory building the response");
    size_t len = strlen(text);
    uint64_t h = 14695981039346656037ull; /* FNV-1a 64 of the body: a validator, not a secret */
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)text[i]) * 1099511628211ull;
    char etag[48];
    snprintf(etag, sizeof etag, "\"%016llx-%zx\"", (unsigned long long)h, len);
    kazi_resp_header(resp, "ETag", etag);
    const char *match = kazi_req_header(req, "If-None-Match");
    if (match && (strstr(match, etag) || !strcmp(match, "*"))) {
        free(text);
        resp->status = 304;
        return KAZI_OK;
    }
    kazi_reply_take(resp, 200, "application/json", text, len);
    return KAZI_OK;
}

static const struct {
    int code, status;
} status_map[] = {
    {KAZI_ENOTFOUND, 404}, {KAZI_EEXISTS, 409},  {KAZI_EINVALID, 422},  {KAZI_EDENIED, 403},
    {KAZI_EBUSY, 503},     {KAZI_ETIMEOUT, 503}, {KAZI_EPLUGIN, 500},   {KAZI_EMALFORMED, 400},
    {KAZI_ETOOBIG, 413},   {KAZI_EUNAUTH, 401},  {KAZI_ECONFLICT, 409}, {KAZI_ERATELIMIT, 429},
    {KAZI_EMETHOD, 405},   {KAZI_EVERSION, 500}, {KAZI_EFULL, 507},
};

int kazi_http_status_for(int code)
{
    for (size_t i = 0; i < sizeof status_map / sizeof status_map[0]; i++)
        if (status_map[i].code == code) return status_map[i].status;
    return 500;
}

/* FHIR's issue type for each error code. */
static const char *fhir_issue(int code)
{
    switch (code) {
    case KAZI_ENOTFOUND:
        return "not-found";
    case KAZI_EINVALID:
    case KAZI_EMALFORMED:
        return "invalid";
    case KAZI_EUNAUTH:
        return "login";
    case KAZI_EDENIED:
        return "forbidden";
    case KAZI_EMETHOD:
        return "not-supported";
    case KAZI_ETOOBIG:
        return "too-costly";
    case KAZI_ERATELIMIT:
        return "throttled";
    case KAZI_EBUSY:
    case KAZI_ETIMEOUT:
        return "transient";
    default:
        return "exception";
    }
}

/* The /fhir/ API answers every error with an OperationOutcome (a merged record: 410). */
static void reply_outcome(kazi_resp *resp, int code, int status, const char *msg)
{
    const kazi_error *e = kazi_error_last();
    int gone = e->code == code && e->slug && !strcmp(e->slug, "gone");
    json_t *doc = kazi_fhir_outcome(gone ? "deleted" : fhir_issue(code), msg,
                                    e->code == code ? e->field : NULL);
    char *text = doc ? kazi_json_dump(doc) : NULL;
    json_decref(doc);
    if (!text) {
        static const char fallback[] =
            "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
            "\"code\":\"exception\"}]}";
        kazi_reply_bytes(resp, 500, "application/fhir+json", fallback, sizeof fallback - 1);
        return;
    }
    /* FHIR answers a search or read it cannot understand with 400, not 422 */
    if (status == 422) status = 400;
    kazi_reply_take(resp, gone ? 410 : status, "application/fhir+json", text, strlen(text));
}

void kazi_reply_error(kazi_resp *resp, int code)
{
    const kazi_error *e = kazi_error_last();
    int status = kazi_http_status_for(code);
    json_t *err = json_object();
    const char *slug = (e->code == code && e->slug) ? e->slug : kazi_error_name(code);
    json_object_set_new(err, "code", json_string(slug));
    const char *msg = e->code == code && e->message[0] ? e->message : kazi_error_name(code);
    /* Internal failures are logged in full by the caller; the client gets no internals. */
    if (status == 500 && code != KAZI_EPLUGIN) msg = "internal error; the request id is in the log";
    if (resp->fhir_errors) {
        json_decref(err);
        reply_outcome(resp, code, status, msg);
        return;
    }
    json_t *m = json_string(msg);
    json_object_set_new(err, "message", m ? m : json_string("(message was not valid UTF-8)"));
    if (e->code == code && e->field[0]) {
        json_t *f = json_string(e->field);
        if (f) json_object_set_new(err, "field", f);
    }
    int nfields = 0;
    const kazi_field_error *fe = kazi_error_fields(&nfields);
    if (e->code == code && nfields > 1) { /* every field error of the request, first included */
        json_t *list = json_array();
        for (int i = 0; i < nfields; i++) {
            json_t *x = json_object();
            json_t *fm = json_string(fe[i].message);
            if (fe[i].field[0]) json_object_set_new(x, "field", json_string(fe[i].field));
            json_object_set_new(x, "message", fm ? fm : json_string("(not valid UTF-8)"));
            json_array_append_new(list, x);
        }
        json_object_set_new(err, "errors", list);
    }
    if (e->code == code && e->line > 0) {
        json_object_set_new(err, "line", json_integer(e->line));
        json_object_set_new(err, "column", json_integer(e->column));
    }
    json_t *doc = json_pack("{s:o}", "error", err);
    if (kazi_reply_json(resp, status, doc) < 0) {
        static const char fallback[] =
            "{\"error\":{\"code\":\"internal_error\",\"message\":\"out of memory\"}}";
        kazi_reply_bytes(resp, 500, "application/json", fallback, sizeof fallback - 1);
    }
}
