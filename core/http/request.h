/*
 * request — Kazi's own request/response pair, independent of CivetWeb, so that
 * handlers run the same in the server, in unit tests and under the fuzzer.
 * Owns: kazi_req and kazi_resp, query/path parameter access, JSON replies and
 * the error → HTTP status/body mapping (the one place that mapping lives).
 * Uses: util/error, util/json.
 * Thread-safety: a request and its response belong to one thread.
 */
#ifndef KAZI_HTTP_REQUEST_H
#define KAZI_HTTP_REQUEST_H

#include <stddef.h>
#include <stdint.h>

#include "util/json.h"

#define KAZI_MAX_PARAMS       8
#define KAZI_PARAM_MAX        256
#define KAZI_DEFAULT_MAX_BODY (1024 * 1024)

struct kazi_route;

/*
 * A request body that can outlive its request (a background import keeps it): bytes in
 * memory (malloc'd) or, for uploads too large to hold in memory, a read-only mapping of
 * an unlinked temporary file (`mapped` is then the mapping's length). Either way
 * data[len] is a NUL byte.
 */
typedef struct kazi_body {
    char *data;
    size_t len;
    size_t mapped; /* 0: malloc'd */
} kazi_body;

/* Release a body (free or unmap). NULL-safe; leaves it empty. */
void kazi_body_free(kazi_body *body);

typedef struct kazi_req {
    const char *method; /* "GET", "POST", ... */
    const char *path;   /* URL-decoded path without the query */
    const char *query;  /* raw query string without '?', or NULL */
    const char *body;   /* request body (not NUL-terminated), or NULL */
    size_t body_len;
    const char *remote_addr; /* client address as text */
    int is_tls;              /* reached over TLS (directly or via a trusted proxy) */
    char request_id[40];
    const struct kazi_route *route; /* set by the router */
    int route_index;                /* index in the router table; -1 when unmatched */
    int nparams;
    struct {
        const char *name; /* lent from the route pattern */
        size_t name_len;
        char value[KAZI_PARAM_MAX];
    } params[KAZI_MAX_PARAMS];
    /* Header lookup supplied by whoever built the request (server, test, fuzzer). */
    const char *(*header_fn)(void *ctx, const char *name);
    void *header_ctx;
    kazi_body *owned_body; /* the body's storage when a handler may take it (the server), or
                              NULL (in-process: kazi_req_take_body copies req->body) */
    void *auth;            /* the authenticated principal, owned by the auth layer */
    json_t *json; /* parsed body, cached by kazi_req_json_object; released by kazi_req_reset */
} kazi_req;

/* Writes `len` bytes of a streamed body; negative when the client has gone. */
typedef int (*kazi_resp_write_fn)(void *wctx, const char *buf, size_t len);
/* Produces a streamed body through `write`, after the status and headers have gone out;
 * a negative return stops it (the client sees a reply cut short, never a complete one). */
typedef int (*kazi_resp_producer)(void *ctx, kazi_resp_write_fn write, void *wctx);

typedef struct kazi_resp {
    int status;
    const char *content_type; /* literal; default application/json */
    char *body;               /* malloc'd; owned by the response */
    size_t body_len;
    char headers[2048]; /* extra header lines "Name: value\r\n" */
    size_t headers_len;
    int close;                 /* ask the server to close the connection after this response */
    kazi_resp_producer stream; /* set: the body is produced while it is sent (no body above) */
    void *stream_ctx;          /* malloc'd; owned by the response */
    int fhir_errors;           /* errors as FHIR OperationOutcome (the /fhir/ API) */
    int gzip;                  /* the stream is gzipped as it is sent (http/compress.h) */
} kazi_resp;

/*
 * Reply `status` with a body of unknown length that `fn` produces row by row while it is
 * sent (the server uses chunked transfer, so memory stays flat however large the body).
 * Takes ownership of `ctx` (malloc'd; freed with the response).
 */
void kazi_reply_stream(kazi_resp *resp, int status, const char *content_type, kazi_resp_producer fn,
                       void *ctx);

/* Run a streamed reply into resp->body (in-process dispatch: tests and fuzzers). On
 * failure the reply becomes the error. No-op for a reply that is not streamed. */
void kazi_resp_collect(kazi_resp *resp);

/* Empty a request and a response as `= {0}` would, except the buffers whose used length
 * another field says (the path parameters' values, the extra header lines): a server
 * request does not write 4 KiB of zeros it never reads. */
void kazi_req_init(kazi_req *req);
void kazi_resp_init(kazi_resp *resp);

/* Release what a request and a response own (parsed JSON, body). Safe to call twice. */
void kazi_req_reset(kazi_req *req);
void kazi_resp_reset(kazi_resp *resp);

/* Value of request header `name` (case-insensitive), or NULL. Lent. */
const char *kazi_req_header(const kazi_req *req, const char *name);

/* Path parameter `{name}` of the matched route, or NULL. Lent. */
const char *kazi_req_param(const kazi_req *req, const char *name);

/* Path parameter as a positive 64-bit id; KAZI_ENOTFOUND if it is not one (so that
 * /people/abc answers 404 like an unknown id). */
int kazi_req_param_id(int64_t *out, const kazi_req *req, const char *name);

/* Decoded query parameter `name` into buf. KAZI_ENOTFOUND if absent,
 * KAZI_EINVALID (naming the parameter) if longer than the buffer. */
int kazi_req_query(char *buf, size_t size, const kazi_req *req, const char *name);

/* An optional query parameter: *out points into buf, or is NULL when the parameter is
 * absent or empty. KAZI_EINVALID (naming it) when it does not fit or decode. */
int kazi_req_query_opt(const char **out, char *buf, size_t size, const kazi_req *req,
                       const char *name);

/* An optional whole-number query parameter from min to max; `dflt` when absent or
 * empty. KAZI_EINVALID naming the parameter otherwise. */
int kazi_req_query_int(int64_t *out, const kazi_req *req, const char *name, int64_t min,
                       int64_t max, int64_t dflt);

/* Move the request body into *out (the server's storage, or a copy when the request does
 * not own one), for work that outlives the request; the caller releases it with
 * kazi_body_free. req->body must not be read after this call (its new owner may free
 * it at any time). KAZI_ERROR when a copy cannot be allocated. */
int kazi_req_take_body(kazi_body *out, kazi_req *req);

/* The body parsed as a JSON object, lent for the request's lifetime.
 * KAZI_EMALFORMED (400, with line and column) when it is not one; KAZI_EINVALID naming
 * a field the route's strict body schema does not list (http/schemas.h). */
int kazi_req_json_object(json_t **out, kazi_req *req);

/* Add a response header line; KAZI_ETOOBIG if it does not fit. */
int kazi_resp_header(kazi_resp *resp, const char *name, const char *value);

/* Reply with a JSON document (reference stolen) and status. */
int kazi_reply_json(kazi_resp *resp, int status, json_t *doc);

/* Reply 200 with `doc` (taken) and an ETag of its text; when the request's If-None-Match
 * names that ETag, reply 304 with no body instead, so a client that kept the answer
 * (the web UI's look-ups on a slow link) does not download it again. Routes answering
 * this way declare .status_also = 304. KAZI_ERROR when memory runs out. */
int kazi_reply_json_etag(kazi_resp *resp, const kazi_req *req, json_t *doc);

/* Reply with raw bytes (copied) and a content type literal. */
int kazi_reply_bytes(kazi_resp *resp, int status, const char *content_type, const char *data,
                     size_t len);

/* Take ownership of a malloc'd buffer as the body. */
void kazi_reply_take(kazi_resp *resp, int status, const char *content_type, char *data, size_t len);

/* HTTP status for a Kazi error code (KAZI_EINVALID → 422, ...). */
int kazi_http_status_for(int code);

/* Reply with the one error shape, from this thread's last error:
 * {"error":{"code":"invalid_field","message":"...","field":"birth_date"}} */
void kazi_reply_error(kazi_resp *resp, int code);

#endif
