/*
 * access — the HTTP side of authentication and authorization: reads the
 * `kazi_session` cookie or `Authorization: Bearer`, enforces CSRF on
 * state-changing cookie requests, checks the route's permission, and leaves the
 * principal in req->auth for handlers' scope checks (auth/access.h).
 * Owns: the dispatch auth hooks, cookie parsing, the session cookie's attributes.
 * Uses: auth/session, auth/access, http/dispatch, store/db.
 * Thread-safety: install once before serving; hooks run on worker threads.
 */
#ifndef KAZI_HTTP_ACCESS_H
#define KAZI_HTTP_ACCESS_H

#include "auth/access.h"
#include "http/request.h"

/* Register the access layer with the dispatcher (kazi_dispatch_set_auth). */
void kazi_http_access_install(void);

/* The request's principal (set by the access layer before any non-public handler
 * runs); NULL on public routes. */
const kazi_caller *kazi_http_principal(const kazi_req *req);

/* Value of cookie `name` into buf; KAZI_ENOTFOUND when absent. */
int kazi_http_cookie(char *buf, size_t size, const kazi_req *req, const char *name);

/* Add Set-Cookie for the session (value NULL: clear it). Secure when req->is_tls. */
int kazi_http_set_session_cookie(kazi_resp *resp, const kazi_req *req, const char *value);

/* Paging from ?limit=&offset= (limit 1..max, default def). KAZI_EINVALID naming the
 * parameter when it is not a number in range. */
int kazi_http_paging(int *limit, int *offset, const kazi_req *req, int def, int max);

/* Parse query parameter `name` as an integer; KAZI_ENOTFOUND when absent,
 * KAZI_EINVALID when malformed or outside [min, max]. */
int kazi_http_query_int(int64_t *out, const kazi_req *req, const char *name, int64_t min,
                        int64_t max);

#endif
