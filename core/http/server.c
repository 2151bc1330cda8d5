#include "http/server.h"
#include "http/compress.h"
#include "http/dispatch.h"
#include "http/metrics.h"
#include "store/db.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/log.h"
#include "util/rand.h"
#include "util/stage.h"

#include <civetweb.h>
#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>
#include <stdint.h>
#include <time.h>
#include <ctype.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define DRAIN_SECONDS 30

struct kazi_server {
    struct mg_context *ctx;
    int port;
    int tls;
    char spool_dir[1024]; /* where large uploads are spooled */
};

static atomic_int draining;
static atomic_int in_flight;
static pthread_mutex_t drain_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t drain_done = PTHREAD_COND_INITIALIZER;
static void (*exit_hooks[8])(void);
static int nexit_hooks;

void kazi_server_on_thread_exit(void (*fn)(void))
{
    if (nexit_hooks < 8) exit_hooks[nexit_hooks++] = fn;
}

static const char *conn_header(void *ctx, const char *name)
{
    return mg_get_header((const struct mg_connection *)ctx, name);
}

/* A fresh id: this thread's random 64-bit prefix and a counter, so ids stay
 * unpredictable across restarts without a getrandom() call per request. */
static void new_request_id(char *out, size_t size)
{
    static _Thread_local char prefix[17];
    static _Thread_local uint64_t counter;
    if (!prefix[0]) kazi_rand_hex(prefix, 8);
    if (size < 33) {
        snprintf(out, size, "%s", prefix);
        return;
    }
    memcpy(out, prefix, 16);
    uint64_t c = ++counter;
    for (int i = 31; i >= 16; i--, c >>= 4)
        out[i] = "0123456789abcdef"[c & 15];
    out[32] = '\0';
}

/* Accept a client-supplied request id only if it is short and plain. */
static void request_id(char *out, size_t size, const char *given)
{
    if (given) {
        size_t n = strlen(given);
        int ok = n >= 8 && n < size;
        for (size_t i = 0; ok && i < n; i++)
            ok = isalnum((unsigned char)given[i]) || given[i] == '-' || given[i] == '_';
        if (ok) {
            memcpy(out, given, n + 1);
            return;
        }
    }
    new_request_id(out, size);
}

/* Bodies of routes that allow more than this (CSV uploads) are spooled to a temporary
 * file as they arrive; smaller ones (JSON) are read into memory. */
#define SPOOL_ABOVE KAZI_DEFAULT_MAX_BODY
#define SPOOL_CHUNK (64 * 1024)
/* How long the rest of a refused body is read and discarded so the answer reaches the
 * client (see discard_unread). */
#define UNREAD_LINGER_MS 2000

static int too_big(size_t limit)
{
    return kazi_error_set(KAZI_ETOOBIG, NULL, "the request body is larger than %zu bytes", limit);
}

/* Read the body into memory; KAZI_ETOOBIG past `limit`. */
static int read_body_memory(kazi_body *out, struct mg_connection *conn, long long declared,
                            size_t limit)
{
    size_t cap = declared > 0 ? (size_t)declared : 8192;
    if (cap > limit) cap = limit;
    char *buf = malloc(cap + 1);
    if (!buf) return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    size_t n = 0;
    for (;;) {
        if (n == cap) {
            if (cap >= limit) {
                char probe;
                if (mg_read(conn, &probe, 1) > 0) {
                    free(buf);
                    return too_big(limit);
                }
                break;
            }
            cap = cap * 2 > limit ? limit : cap * 2;
            char *bigger = realloc(buf, cap + 1);
            if (!bigger) {
                free(buf);
                return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
            }
            buf = bigger;
        }
        int r = mg_read(conn, buf + n, cap - n);
        if (r < 0) {
            free(buf);
            return kazi_error_set(KAZI_EMALFORMED, NULL, "the request body could not be read");
        }
        if (r == 0) break;
        n += (size_t)r;
    }
    buf[n] = '\0';
    *out = (kazi_body){buf, n, 0};
    return KAZI_OK;
}

/* An anonymous file in `dir`: gone from the directory at once, so nothing is left behind
 * if the process dies. */
static int open_spool(const char *dir)
{
    char path[1100];
    snprintf(path, sizeof path, "%s/kazi-upload-XXXXXX", dir);
    int tfd = mkstemp(path);
    if (tfd >= 0) unlink(path);
    return tfd;
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Stream the body to an unlinked temporary file and map it read-only: memory stays
 * flat however large the upload (the pages are the file's, reclaimable page cache). */
static int read_body_spooled(kazi_body *out, struct mg_connection *conn, size_t limit,
                             const char *dir)
{
    int rc = KAZI_OK;
    int fd = open_spool(dir);
    char *chunk = malloc(SPOOL_CHUNK);
    size_t n = 0;
    if (fd < 0 || !chunk) {
        rc = kazi_error_errno(errno, NULL, "cannot create a temporary file in %s", dir);
        goto done;
    }
    for (;;) {
        int r = mg_read(conn, chunk, SPOOL_CHUNK);
        if (r < 0) {
            rc = kazi_error_set(KAZI_EMALFORMED, NULL, "the request body could not be read");
            goto done;
        }
        if (r == 0) break;
        if (n + (size_t)r > limit) {
            rc = too_big(limit);
            goto done;
        }
        if (write_all(fd, chunk, (size_t)r) < 0) {
            rc = kazi_error_errno(errno, NULL, "cannot write the upload to %s", dir);
            goto done;
        }
        n += (size_t)r;
    }
    if (write_all(fd, "", 1) < 0) { /* the NUL after the last byte */
        rc = kazi_error_errno(errno, NULL, "cannot write the upload to %s", dir);
        goto done;
    }
    void *map = mmap(NULL, n + 1, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map == MAP_FAILED) {
        rc = kazi_error_set(KAZI_ERROR, NULL, "cannot map the upload: %s", strerror(errno));
        goto done;
    }
    *out = (kazi_body){map, n, n + 1};
done:
    free(chunk);
    if (fd >= 0) close(fd);
    return rc;
}

/*
 * Read the body of an authorized request: KAZI_ETOOBIG past `limit` (the declared length
 * is checked before a byte is read), KAZI_EMALFORMED when the client stops early.
 */
static int read_body(kazi_body *out, struct mg_connection *conn, long long declared, size_t limit,
                     const char *spool_dir)
{
    *out = (kazi_body){0};
    if (declared > (long long)limit) return too_big(limit);
    /* No Content-Length and no Transfer-Encoding: HTTP/1.1 has no body (RFC 9112, 6.3),
     * so a GET costs no buffer and no read. */
    if (declared == 0 || (declared < 0 && !mg_get_header(conn, "Transfer-Encoding")))
        return KAZI_OK;
    int rc = limit > SPOOL_ABOVE ? read_body_spooled(out, conn, limit, spool_dir)
                                 : read_body_memory(out, conn, declared, limit);
    if (rc == KAZI_OK && declared >= 0 && (long long)out->len != declared) {
        kazi_body_free(out);
        return kazi_error_set(KAZI_EMALFORMED, NULL, "the request body ended early");
    }
    return rc;
}

/*
 * After answering a request whose body was not read (refused, unrouted, too large), let
 * the client see the answer: closing a socket that still has unread data makes the
 * kernel send a reset, which can destroy the answer in the client's buffers before it is
 * read (RFC 9112, 9.6). So what keeps arriving is read and thrown away — never kept —
 * until the client stops or for at most UNREAD_LINGER_MS (checked between reads, so a
 * client that trickles holds the worker one read timeout longer), as nginx's lingering
 * close.
 */
static void discard_unread(struct mg_connection *conn)
{
    char sink[4096];
    int64_t deadline = kazi_clock_mono_ns() + (int64_t)UNREAD_LINGER_MS * 1000000;
    while (kazi_clock_mono_ns() < deadline && mg_read(conn, sink, sizeof sink) > 0)
        ;
}

/* Append s (n bytes) to buf at *at, cut at size - 1 (a NUL is written by the caller). */
static void put(char *buf, size_t *at, size_t size, const char *s, size_t n)
{
    if (*at + n > size - 1) n = size - 1 > *at ? size - 1 - *at : 0;
    memcpy(buf + *at, s, n);
    *at += n;
}

static void put_str(char *buf, size_t *at, size_t size, const char *s)
{
    put(buf, at, size, s, strlen(s));
}

/* An unsigned number in decimal. */
static void put_num(char *buf, size_t *at, size_t size, unsigned long long v)
{
    char d[24];
    size_t i = sizeof d;
    do
        d[--i] = (char)('0' + v % 10);
    while ((v /= 10));
    put(buf, at, size, d + i, sizeof d - i);
}

/* "Keep-Alive: timeout=N" with N the idle timeout in whole seconds (at least 1): a
 * client pooling connections (undici, curl) then stops reusing one before Kazi closes
 * it, instead of writing a request into a socket the server has just closed. */
static char keep_alive_hint[48] = "Keep-Alive: timeout=1\r\n";

static void send_response(struct mg_connection *conn, const kazi_req *req, const kazi_resp *resp,
                          int close)
{
    char head[4096];
    size_t n = 0, size = sizeof head;
    /* The head is copied together piece by piece (no format string per request). */
    put_str(head, &n, size, "HTTP/1.1 ");
    put_num(head, &n, size, (unsigned long long)resp->status);
    put_str(head, &n, size, " ");
    put_str(head, &n, size, mg_get_response_code_text(conn, resp->status));
    put_str(head, &n, size, "\r\n");
    put_str(head, &n, size, kazi_dispatch_security_headers());
    put_str(head, &n, size, "X-Request-Id: ");
    put_str(head, &n, size, req->request_id);
    put_str(head, &n, size, "\r\n");
    if (resp->stream) {
        put_str(head, &n, size, "Transfer-Encoding: chunked\r\n");
    } else {
        put_str(head, &n, size, "Content-Length: ");
        put_num(head, &n, size, resp->body_len);
        put_str(head, &n, size, "\r\n");
    }
    if (resp->status != 304 && resp->status != 204) {
        put_str(head, &n, size, "Content-Type: ");
        put_str(head, &n, size, resp->content_type ? resp->content_type : "application/json");
        put_str(head, &n, size, "\r\n");
    }
    if (!strncmp(req->path, "/api/", 5) || !strcmp(req->path, "/metrics"))
        put_str(head, &n, size, "Cache-Control: no-store\r\n");
    if (close)
        put_str(head, &n, size, "Connection: close\r\n");
    else /* say how long an idle connection stays open, so clients never reuse a closed one */
        put_str(head, &n, size, keep_alive_hint);
    if (n + resp->headers_len + 3 < sizeof head)
        put(head, &n, size, resp->headers, resp->headers_len);
    put_str(head, &n, size, "\r\n");
    if (resp->stream) {
        mg_write(conn, head, n);
        return;
    }
    int with_body = resp->body_len && strcmp(req->method, "HEAD") != 0;
    if (with_body && n + resp->body_len <= sizeof head) {
        memcpy(head + n, resp->body, resp->body_len); /* one segment for small replies */
        mg_write(conn, head, n + resp->body_len);
        return;
    }
    mg_write(conn, head, n);
    if (with_body) mg_write(conn, resp->body, resp->body_len);
}

typedef struct chunks {
    struct mg_connection *conn;
    size_t sent;
} chunks;

/* One HTTP/1.1 chunk: its length in hex, the bytes, CRLF. */
static int chunk_write(void *wctx, const char *buf, size_t len)
{
    chunks *c = wctx;
    if (!len) return KAZI_OK; /* an empty chunk would end the body */
    char size[24];
    int n = snprintf(size, sizeof size, "%zx\r\n", len);
    if (mg_write(c->conn, size, (size_t)n) != n || mg_write(c->conn, buf, len) != (int)len ||
        mg_write(c->conn, "\r\n", 2) != 2)
        return kazi_error_set(KAZI_ERROR, NULL, "the client went away");
    c->sent += len;
    return KAZI_OK;
}

/*
 * The body of a streamed reply, produced while it is sent. A failure after the headers
 * went out cannot change the status: the body is cut short without its last chunk and
 * the connection closed, so the client sees an incomplete reply, not a complete one.
 */
static void send_stream(struct mg_connection *conn, const kazi_req *req, kazi_resp *resp)
{
    chunks c = {conn, 0};
    if (!strcmp(req->method, "HEAD")) return; /* the headers only */
    int rc = resp->gzip ? kazi_compress_stream(resp->stream, resp->stream_ctx, chunk_write, &c)
                        : resp->stream(resp->stream_ctx, chunk_write, &c);
    if (rc == KAZI_OK) {
        mg_write(conn, "0\r\n\r\n", 5);
    } else {
        kazi_log_error("%s %s: streamed reply cut short after %zu bytes: %s", req->method,
                       req->path, c.sent, kazi_error_last()->message);
        mg_disable_keep_alive(conn);
        resp->close = 1;
    }
    resp->body_len = c.sent;
}

static void access_log(const kazi_req *req, const kazi_resp *resp, int64_t ns)
{
    char path[512], extra[1024];
    size_t n = 0, size = sizeof extra;
    kazi_log_escape(path, sizeof path, req->path);
    /* duration in ms with three decimals: whole microseconds, rounded */
    unsigned long long us = ns > 0 ? ((unsigned long long)ns + 500) / 1000 : 0;
    char frac[4] = {(char)('0' + us / 100 % 10), (char)('0' + us / 10 % 10), (char)('0' + us % 10),
                    0};
    put_str(extra, &n, size, "\"type\":\"access\",\"method\":\"");
    put_str(extra, &n, size, req->method);
    put_str(extra, &n, size, "\",\"path\":\"");
    put_str(extra, &n, size, path);
    put_str(extra, &n, size, "\",\"route\":\"");
    put_str(extra, &n, size, req->route ? req->route->pattern : "");
    put_str(extra, &n, size, "\",\"status\":");
    put_num(extra, &n, size, (unsigned long long)(resp->status > 0 ? resp->status : 0));
    put_str(extra, &n, size, ",\"bytes\":");
    put_num(extra, &n, size, resp->body_len);
    put_str(extra, &n, size, ",\"duration_ms\":");
    put_num(extra, &n, size, us / 1000);
    put_str(extra, &n, size, ".");
    put_str(extra, &n, size, frac);
    put_str(extra, &n, size, ",\"remote\":\"");
    put_str(extra, &n, size, req->remote_addr);
    put_str(extra, &n, size, "\"");
    extra[n] = '\0';
    kazi_stage prev = kazi_stage_enter(KAZI_STAGE_LOG);
    kazi_log_deferred(KAZI_LOG_INFO, extra, "request"); /* off the request path */
    kazi_stage_enter(prev);
}

static int handle(struct mg_connection *conn, void *cbdata)
{
    const kazi_server *srv = cbdata;
    const struct mg_request_info *ri = mg_get_request_info(conn);
    int64_t t0 = kazi_clock_mono_ns();
    kazi_stage_start();
    kazi_req req;
    kazi_resp resp;
    kazi_body body = {0};
    kazi_req_init(&req);
    kazi_resp_init(&resp);
    int close = 0, unread = 0;
    atomic_fetch_add(&in_flight, 1);
    kazi_metrics_in_flight(+1);

    req.method = ri->request_method;
    req.path = ri->local_uri ? ri->local_uri : "/";
    req.query = ri->query_string;
    req.remote_addr = ri->remote_addr;
    req.is_tls = ri->is_ssl || srv->tls;
    req.header_fn = conn_header;
    req.header_ctx = conn;
    request_id(req.request_id, sizeof req.request_id, mg_get_header(conn, "X-Request-Id"));
    kazi_log_set_request_id(req.request_id);

    if (atomic_load(&draining)) {
        kazi_reply_error(&resp, kazi_error_set(KAZI_EBUSY, NULL, "the server is shutting down"));
        close = 1;
    } else if (kazi_dispatch_route(&req, &resp) == KAZI_OK &&
               kazi_dispatch_authorize(&req, &resp) == KAZI_OK) {
        /* Only now, for a caller allowed to use the route, is the body read. */
        int rc = read_body(&body, conn, ri->content_length, kazi_dispatch_max_body(&req),
                           srv->spool_dir);
        if (rc < 0) {
            kazi_reply_error(&resp, rc);
            close = unread = 1; /* the rest of the body must not be parsed as a request */
        } else {
            req.body = body.data;
            req.body_len = body.len;
            req.owned_body = &body;
            kazi_dispatch_run(&req, &resp);
        }
    } else if (ri->content_length > 0 || mg_get_header(conn, "Transfer-Encoding")) {
        close = unread = 1; /* unrouted or refused: the body is never read, the connection ends */
    }
    close |= resp.close | atomic_load(&draining);
    if (close) mg_disable_keep_alive(conn);
    kazi_stage_enter(KAZI_STAGE_SEND);
    kazi_compress_reply(&req, &resp);
    send_response(conn, &req, &resp, close);
    if (resp.stream) send_stream(conn, &req, &resp);
    kazi_stage_enter(KAZI_STAGE_OTHER);
    if (unread && !atomic_load(&draining)) discard_unread(conn);

    int64_t ns = kazi_clock_mono_ns() - t0;
    kazi_metrics_observe(req.route_index, resp.status, ns);
    access_log(&req, &resp, ns);
    kazi_dispatch_done(&req);
    kazi_resp_reset(&resp);
    kazi_body_free(&body);
    kazi_log_set_request_id(NULL);
    kazi_metrics_in_flight(-1);
    kazi_stage_stop();
    if (atomic_fetch_sub(&in_flight, 1) == 1 && atomic_load(&draining)) {
        pthread_mutex_lock(&drain_lock);
        pthread_cond_broadcast(&drain_done);
        pthread_mutex_unlock(&drain_lock);
    }
    return resp.status;
}

static int log_message(const struct mg_connection *conn, const char *message)
{
    (void)conn;
    kazi_log(KAZI_LOG_WARN, "\"type\":\"civetweb\"", "%s", message);
    return 1;
}

static int init_connection(const struct mg_connection *conn, void **data)
{
    (void)conn;
    (void)data;
    kazi_metrics_connection(+1);
    return 0;
}

static void connection_close(const struct mg_connection *conn)
{
    (void)conn;
    kazi_metrics_connection(-1);
}

static void exit_thread(const struct mg_context *ctx, int type, void *data)
{
    (void)ctx;
    (void)data;
    if (type != 1) return; /* 1: a worker thread */
    kazi_server_thread_cleanup();
}

void kazi_server_thread_cleanup(void)
{
    for (int i = 0; i < nexit_hooks; i++)
        exit_hooks[i]();
    kazi_store_thread_close();
}

int kazi_server_start(kazi_server **out, const kazi_server_opts *opts)
{
    char threads[16], queue[16], req_to[16], ka_to[16], ports[128];
    const char *colon = opts->listen ? strrchr(opts->listen, ':') : NULL;
    if (!colon || colon == opts->listen || !colon[1] || strlen(opts->listen) >= sizeof ports - 1)
        return kazi_error_set(KAZI_EINVALID, "listen", "--listen must be HOST:PORT, got %s",
                              opts->listen ? opts->listen : "(none)");
    for (const char *p = colon + 1; *p; p++)
        if (!isdigit((unsigned char)*p))
            return kazi_error_set(KAZI_EINVALID, "listen", "--listen port must be a number");
    snprintf(ports, sizeof ports, "%s", opts->listen);
    /* The reason for each value is in docs/deployment.md ("Slow and many clients"). */
    int nthreads = opts->threads > 0 ? opts->threads : 8;
    snprintf(threads, sizeof threads, "%d", nthreads);
    snprintf(queue, sizeof queue, "%d", nthreads); /* accepted, waiting for a worker */
    snprintf(req_to, sizeof req_to, "%d",
             opts->request_timeout_ms > 0 ? opts->request_timeout_ms : KAZI_REQUEST_TIMEOUT_MS);
    snprintf(ka_to, sizeof ka_to, "%d",
             opts->keep_alive_timeout_ms > 0 ? opts->keep_alive_timeout_ms
                                             : KAZI_KEEP_ALIVE_TIMEOUT_MS);
    int ka_s = atoi(ka_to) / 1000;
    snprintf(keep_alive_hint, sizeof keep_alive_hint, "Keep-Alive: timeout=%d\r\n",
             ka_s > 0 ? ka_s : 1);
    const char *options[] = {"listening_ports", ports, "num_threads", threads, "request_timeout_ms",
                             req_to, "keep_alive_timeout_ms", ka_to, "connection_queue", queue,
                             "listen_backlog", "1024", "enable_keep_alive", "yes",
                             "enable_directory_listing", "no", "decode_url", "yes", "tcp_nodelay",
                             "1", "linger_timeout_ms", "500",
                             /* No CORS: CivetWeb would otherwise answer a preflight
                              * OPTIONS itself with Access-Control-Allow-Origin: * and
                              * echo the requested methods and headers. */
                             "access_control_allow_origin", "", "access_control_allow_methods", "",
                             "access_control_allow_headers", "", NULL};
    /* No fast bins: a request builds and frees hundreds of small JSON nodes, and the
     * first allocation above a kilobyte after them (a reply, a page of rows) made glibc
     * sweep the fast bins back into its free lists on every request (malloc_consolidate,
     * up to a tenth of a search page's time). The per-thread tcache still serves small
     * blocks without a lock. */
    mallopt(M_MXFAST, 0);
    kazi_server *srv = calloc(1, sizeof *srv);
    if (!srv) return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    srv->tls = opts->behind_tls_proxy;
    const char *spool = opts->tmp_dir ? opts->tmp_dir : getenv("TMPDIR");
    snprintf(srv->spool_dir, sizeof srv->spool_dir, "%s", spool && *spool ? spool : "/tmp");
    kazi_dispatch_opts dopts = {opts->web_dir, opts->behind_tls_proxy};
    kazi_dispatch_configure(&dopts);
    atomic_store(&draining, 0);

    static struct mg_callbacks cb;
    cb.log_message = log_message;
    cb.init_connection = init_connection;
    cb.connection_close = connection_close;
    cb.exit_thread = exit_thread;
    char errtext[256] = "";
    unsigned errcode = 0;
    struct mg_error_data err = {&errcode, errtext, sizeof errtext};
    struct mg_init_data init = {&cb, srv, options};
    mg_init_library(0);
    srv->ctx = mg_start2(&init, &err);
    if (!srv->ctx) {
        free(srv);
        mg_exit_library();
        if (strstr(errtext, "in use") || strstr(errtext, "bind"))
            return kazi_error_set(KAZI_EEXISTS, "listen",
                                  "cannot listen on %s: the port is in use (%s)", opts->listen,
                                  errtext);
        return kazi_error_set(KAZI_ERROR, "listen", "cannot start the server on %s: %s",
                              opts->listen, errtext[0] ? errtext : "unknown error");
    }
    mg_set_request_handler(srv->ctx, "/", handle, srv);
    kazi_log_writer_start(); /* the access log; on failure its lines are written at once */
    struct mg_server_port sp[4];
    int np = mg_get_server_ports(srv->ctx, 4, sp);
    srv->port = np > 0 ? sp[0].port : 0;
    *out = srv;
    return KAZI_OK;
}

int kazi_server_port(const kazi_server *srv)
{
    return srv->port;
}

void kazi_server_drain(kazi_server *srv)
{
    (void)srv;
    atomic_store(&draining, 1);
}

void kazi_server_stop(kazi_server *srv)
{
    if (!srv) return;
    /* CivetWeb aborts reads and writes in progress once mg_stop begins, so first let
     * the requests in flight finish (new ones get 503 and Connection: close). */
    atomic_store(&draining, 1);
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += DRAIN_SECONDS;
    pthread_mutex_lock(&drain_lock);
    while (atomic_load(&in_flight) > 0)
        if (pthread_cond_timedwait(&drain_done, &drain_lock, &deadline) == ETIMEDOUT) break;
    pthread_mutex_unlock(&drain_lock);
    mg_stop(srv->ctx);
    mg_exit_library();
    kazi_log_writer_stop();
    free(srv);
}
