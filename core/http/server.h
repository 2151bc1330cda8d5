/*
 * server — CivetWeb: listening, worker threads, reading bodies (only once the caller is
 * authorised; under the route's limit; large uploads spooled to an unlinked file),
 * writing responses, access log, metrics, graceful drain. CivetWeb's CORS answers are
 * off: no Access-Control-* header is ever sent.
 * Owns: the CivetWeb context and the worker threads' lifetime hooks.
 * Uses: CivetWeb (only http/ includes civetweb.h), http/dispatch, http/metrics,
 * store/db for per-thread connections.
 * Thread-safety: start/stop from the main thread; requests run on CivetWeb workers.
 */
#ifndef KAZI_HTTP_SERVER_H
#define KAZI_HTTP_SERVER_H

typedef struct kazi_server kazi_server;

/* Defaults of kazi_server_opts' timeouts (docs/deployment.md says why). */
#define KAZI_REQUEST_TIMEOUT_MS    10000
#define KAZI_KEEP_ALIVE_TIMEOUT_MS 2000

typedef struct kazi_server_opts {
    const char *listen;        /* "HOST:PORT"; port 0 picks a free port */
    int threads;               /* worker threads; each open connection holds one */
    const char *web_dir;       /* built web UI, or NULL */
    int behind_tls_proxy;      /* a TLS-terminating proxy is in front: Secure cookies, HSTS */
    int request_timeout_ms;    /* a request's headers must arrive within this; also bounds
                                  each body read and response write (0: the default) */
    int keep_alive_timeout_ms; /* the next request on a kept-alive connection must arrive
                                  within this (0: the default) */
    const char *tmp_dir;       /* large uploads are spooled here; NULL: $TMPDIR or /tmp */
} kazi_server_opts;

/* Called on a worker thread as it exits, for per-thread state of upper layers
 * (e.g. Lua states). At most 8 hooks. */
void kazi_server_on_thread_exit(void (*fn)(void));

/* Free this thread's per-thread state: the exit hooks, then its database connection.
 * Worker threads do this as they end; a thread of Kazi's own (an import job) calls it
 * before returning. */
void kazi_server_thread_cleanup(void);

/*
 * Start serving. The router must already be built. Errors: KAZI_EINVALID for a bad
 * listen address (field "listen"), KAZI_EEXISTS when the port is in use, KAZI_ERROR
 * otherwise, with CivetWeb's reason in the message.
 */
int kazi_server_start(kazi_server **out, const kazi_server_opts *opts);

/* The port actually bound (useful with port 0). */
int kazi_server_port(const kazi_server *srv);

/* Start draining: from now on new requests get 503 and Connection: close (what
 * kazi_server_stop does first; call it before saying so, so nobody is told "draining"
 * while a new request can still be served). */
void kazi_server_drain(kazi_server *srv);

/* Stop accepting; requests in flight complete (their connections close after the
 * response); returns when every worker has finished. Frees srv. */
void kazi_server_stop(kazi_server *srv);

#endif
