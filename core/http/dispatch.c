#include "http/dispatch.h"
#include "domain/i18n.h"
#include "http/forwarded.h"
#include "http/static.h"
#include "util/error.h"
#include "util/lang.h"
#include "util/log.h"

#include <string.h>

static kazi_auth_hooks auth;
static kazi_dispatch_opts opts;

#define SECURITY_HEADERS                                                                           \
    "Content-Security-Policy: default-src 'self'; frame-ancestors 'none'; base-uri 'none'; "       \
    "form-action 'self'; object-src 'none'\r\n"                                                    \
    "X-Content-Type-Options: nosniff\r\n"                                                          \
    "Referrer-Policy: no-referrer\r\n"                                                             \
    "X-Frame-Options: DENY\r\n"                                                                    \
    "Cross-Origin-Opener-Policy: same-origin\r\n"                                                  \
    "Permissions-Policy: camera=(), microphone=(), geolocation=()\r\n"

static const char security_headers[] = SECURITY_HEADERS;
static const char security_headers_hsts[] =
    SECURITY_HEADERS "Strict-Transport-Security: max-age=31536000\r\n";

const char *kazi_dispatch_security_headers(void)
{
    return opts.hsts ? security_headers_hsts : security_headers;
}

void kazi_dispatch_set_auth(const kazi_auth_hooks *hooks)
{
    if (hooks)
        auth = *hooks;
    else
        memset(&auth, 0, sizeof auth);
}

void kazi_dispatch_configure(const kazi_dispatch_opts *o)
{
    opts = *o;
}

/*
 * The request's language (domain/i18n: ?lang= wins, then Accept-Language, limited to the
 * configuration's languages; else its default) for every message of the request, said
 * in Content-Language. An undeclared ?lang= is refused (400 naming lang), in the
 * default language.
 */
static int choose_language(kazi_req *req, kazi_resp *resp)
{
    char query[KAZI_LANG_MAX * 2] = "", lang[KAZI_LANG_MAX];
    int rc = kazi_req_query(query, sizeof query, req, "lang");
    if (rc == KAZI_ENOTFOUND)
        rc = KAZI_OK;
    else if (rc == KAZI_OK)
        rc = kazi_i18n_negotiate(lang, sizeof lang, query[0] ? query : NULL, NULL);
    if (rc == KAZI_OK && !query[0])
        rc = kazi_i18n_negotiate(lang, sizeof lang, NULL, kazi_req_header(req, "Accept-Language"));
    if (rc < 0) {
        kazi_i18n_default(lang, sizeof lang);
        kazi_lang_set(lang);
        rc = kazi_error_set(KAZI_EMALFORMED, "lang",
                            "the language %s is not one of this installation's languages (GET "
                            "/api/v1/languages lists them)",
                            query);
    } else
        kazi_lang_set(lang);
    kazi_resp_header(resp, "Content-Language", kazi_lang_current());
    kazi_resp_header(resp, "Vary", "Accept-Language");
    return rc;
}

int kazi_dispatch_route(kazi_req *req, kazi_resp *resp)
{
    char allow[64];
    kazi_forwarded_apply(req); /* the client's address behind the proxy, if trusted */
    resp->fhir_errors = !strncmp(req->path, "/fhir/", 6) || !strcmp(req->path, "/fhir");
    int rc = choose_language(req, resp);
    if (rc < 0) {
        kazi_reply_error(resp, rc);
        return rc;
    }
    rc = kazi_router_match(req, allow, sizeof allow);
    if (rc == KAZI_OK) return KAZI_OK;
    if (rc == KAZI_ENOTFOUND && opts.web_dir && strncmp(req->path, "/api/", 5) != 0 &&
        !resp->fhir_errors && (!strcmp(req->method, "GET") || !strcmp(req->method, "HEAD"))) {
        if (kazi_static_serve(req, resp, opts.web_dir) == KAZI_OK) return KAZI_ENOTFOUND;
        resp->headers_len = 0; /* drop headers of a file that failed to load */
        kazi_resp_header(resp, "Content-Language", kazi_lang_current());
        kazi_resp_header(resp, "Vary", "Accept-Language");
        rc = kazi_error_set(KAZI_ENOTFOUND, NULL, "no such resource: %s", req->path);
    }
    kazi_reply_error(resp, rc);
    if (rc == KAZI_EMETHOD) kazi_resp_header(resp, "Allow", allow);
    return rc;
}

size_t kazi_dispatch_max_body(const kazi_req *req)
{
    return req->route && req->route->max_body ? req->route->max_body : KAZI_DEFAULT_MAX_BODY;
}

int kazi_dispatch_authorize(kazi_req *req, kazi_resp *resp)
{
    kazi_error_clear();
    if (!strcmp(req->route->permission, KAZI_PERM_PUBLIC)) return KAZI_OK;
    int rc = auth.authorize
                 ? auth.authorize(req, resp)
                 : kazi_error_set(KAZI_EUNAUTH, NULL, "this resource needs an authenticated user");
    if (rc < 0) kazi_reply_error(resp, rc);
    return rc;
}

void kazi_dispatch_run(kazi_req *req, kazi_resp *resp)
{
    kazi_error_clear();
    int rc = req->route->handler(req, resp);
    if (rc < 0) {
        if (kazi_http_status_for(rc) >= 500)
            kazi_log_error("%s %s failed: %s", req->method, req->path, kazi_error_last()->message);
        kazi_reply_error(resp, rc);
    } else if (resp->status == 0) {
        resp->status = 204;
    }
}

void kazi_dispatch(kazi_req *req, kazi_resp *resp)
{
    if (kazi_dispatch_route(req, resp) < 0 || kazi_dispatch_authorize(req, resp) < 0) return;
    if (req->body_len > kazi_dispatch_max_body(req)) {
        kazi_reply_error(resp, kazi_error_set(KAZI_ETOOBIG, NULL,
                                              "the request body is larger than %zu bytes",
                                              kazi_dispatch_max_body(req)));
        resp->close = 1;
        return;
    }
    kazi_dispatch_run(req, resp);
    kazi_resp_collect(resp); /* no connection to stream to here */
}

void kazi_dispatch_done(kazi_req *req)
{
    if (auth.release && req->auth) auth.release(req);
    req->auth = NULL;
    kazi_req_reset(req);
    kazi_lang_set(NULL); /* the next request on this thread chooses its own */
}

static kazi_identity_fn identity;

void kazi_dispatch_set_identity(kazi_identity_fn fn)
{
    identity = fn;
}

void kazi_req_identity(const kazi_req *req, const char **name, const char **email)
{
    *name = NULL;
    *email = NULL;
    if (!identity || identity(req, name, email) < 0 || !*name || !**name) *name = "unknown";
    if (!*email || !**email) *email = "unknown@localhost";
}
