/*
 * dispatch — the request pipeline that does not depend on CivetWeb:
 * route → authorize → handler → error body, plus the security headers every
 * response carries. The server, the unit tests and the fuzzer all enter here.
 * Owns: the authorization hook point and the response headers policy.
 * Uses: http/router, http/request, http/static.
 * Thread-safety: safe; hooks are set once before serving.
 */
#ifndef KAZI_HTTP_DISPATCH_H
#define KAZI_HTTP_DISPATCH_H

#include "http/request.h"
#include "http/router.h"

/*
 * The access layer plugs in here. `authorize` runs before every handler of a route
 * whose permission is not KAZI_PERM_PUBLIC; it may set req->auth and returns KAZI_OK,
 * KAZI_EUNAUTH (401) or KAZI_EDENIED (403). `release` frees req->auth after the response.
 * Until an access layer registers, every non-public route answers 401: deny by default.
 */
typedef struct kazi_auth_hooks {
    int (*authorize)(kazi_req *req, kazi_resp *resp);
    void (*release)(kazi_req *req);
} kazi_auth_hooks;

void kazi_dispatch_set_auth(const kazi_auth_hooks *hooks);

/* Server-wide response policy. */
typedef struct kazi_dispatch_opts {
    const char *web_dir; /* built web UI to serve for non-API GETs, or NULL */
    int hsts;            /* add Strict-Transport-Security (served over TLS) */
} kazi_dispatch_opts;

void kazi_dispatch_configure(const kazi_dispatch_opts *opts);

/*
 * Phase 1: route the request (method + path). On failure the response already holds
 * the 404/405 error (with Allow) or a static file, and a negative code is returned.
 * On success req->route is set.
 */
int kazi_dispatch_route(kazi_req *req, kazi_resp *resp);

/*
 * Phase 2: authenticate and authorise from the headers alone (session or token, CSRF,
 * the route's permission), BEFORE any of the body is read: a caller who may not use
 * the route never makes the server hold its body. KAZI_OK for a public route or an
 * allowed caller (req->auth set); otherwise the response holds the 401/403 and the
 * code is returned. Only then does the caller read the body within
 * kazi_dispatch_max_body(req).
 */
int kazi_dispatch_authorize(kazi_req *req, kazi_resp *resp);

/* Body limit for the routed request. */
size_t kazi_dispatch_max_body(const kazi_req *req);

/* Phase 3: run the handler of an authorized request; always leaves a complete response. */
void kazi_dispatch_run(kazi_req *req, kazi_resp *resp);

/* All phases for a request whose body is already in memory (tests, fuzzer):
 * a body over the route's limit gets 413 (after authorisation, as in the server). */
void kazi_dispatch(kazi_req *req, kazi_resp *resp);

/* Finish: release auth, parsed JSON. The response is the caller's to reset. */
void kazi_dispatch_done(kazi_req *req);

/* The security headers every response carries, as CRLF-terminated lines. */
const char *kazi_dispatch_security_headers(void);

/*
 * Who is making a request, for authorship (configuration commits) and audit records.
 * The access layer registers a function that, for an authorized request, sets *name
 * (login or display name) and *email of req->auth's user, lent for the request's
 * lifetime, and returns KAZI_OK. Set once before serving; NULL unregisters.
 */
typedef int (*kazi_identity_fn)(const kazi_req *req, const char **name, const char **email);
void kazi_dispatch_set_identity(kazi_identity_fn fn);

/* The request's user as the identity hook reports it; "unknown" and
 * "unknown@localhost" when no hook is registered or it has no answer. */
void kazi_req_identity(const kazi_req *req, const char **name, const char **email);

#endif
