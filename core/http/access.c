#include "http/access.h"
#include "auth/password.h"
#include "auth/roles.h"
#include "auth/secret.h"
#include "auth/session.h"
#include "http/dispatch.h"
#include "http/router.h"
#include "store/db.h"
#include "store/support.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/stage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define COOKIE_NAME "kazi_session"

int kazi_http_cookie(char *buf, size_t size, const kazi_req *req, const char *name)
{
    const char *h = kazi_req_header(req, "Cookie");
    size_t nlen = strlen(name);
    while (h && *h) {
        while (*h == ' ' || *h == ';')
            h++;
        const char *end = strchr(h, ';');
        size_t len = end ? (size_t)(end - h) : strlen(h);
        if (len > nlen && !strncmp(h, name, nlen) && h[nlen] == '=') {
            size_t vlen = len - nlen - 1;
            if (vlen + 1 > size) return KAZI_ENOTFOUND;
            memcpy(buf, h + nlen + 1, vlen);
            buf[vlen] = '\0';
            return KAZI_OK;
        }
        h = end;
    }
    return KAZI_ENOTFOUND;
}

int kazi_http_set_session_cookie(kazi_resp *resp, const kazi_req *req, const char *value)
{
    char c[256];
    snprintf(c, sizeof c, COOKIE_NAME "=%s; Path=/; HttpOnly; SameSite=Strict%s%s",
             value ? value : "", value ? "" : "; Max-Age=0", req->is_tls ? "; Secure" : "");
    return kazi_resp_header(resp, "Set-Cookie", c);
}

static int is_safe_method(const char *m)
{
    return !strcmp(m, "GET") || !strcmp(m, "HEAD") || !strcmp(m, "OPTIONS");
}

/*
 * Who a session is, kept per worker thread so a signed-in user's requests pay no
 * look-up: an entry serves for at most SESSION_KEEP_MS and only while nothing has been
 * committed in this process since it was read (kazi_db_commit_epoch: a sign-out, a
 * disabled account, a changed role or scope, a session touch all commit). A change made
 * by another process (the command line) is seen within SESSION_KEEP_MS.
 */
#define SESSION_KEEP_MS 1000
#define SESSION_SLOTS   4

typedef struct session_slot {
    char sid[65];
    kazi_caller who;
    int64_t at_ms; /* kazi_clock_now_ms, so a moved test clock ends it too; 0: empty */
    unsigned epoch;
} session_slot;

static _Thread_local session_slot slots[SESSION_SLOTS];
static _Thread_local unsigned next_slot;

static int caller_from_session(kazi_caller *p, kazi_db *db, const char *sid)
{
    int64_t now = kazi_clock_now_ms();
    unsigned epoch = kazi_db_commit_epoch(); /* before reading: a commit after it ends the entry */
    if (strlen(sid) == 64)
        for (int i = 0; i < SESSION_SLOTS; i++) {
            session_slot *s = &slots[i];
            if (s->at_ms && s->epoch == epoch && now >= s->at_ms &&
                now - s->at_ms < SESSION_KEEP_MS && kazi_secret_equal(s->sid, sid)) {
                *p = s->who;
                return KAZI_OK;
            }
        }
    int rc = kazi_auth_from_session(p, db, sid);
    if (rc < 0) return rc;
    session_slot *s = &slots[next_slot++ % SESSION_SLOTS];
    memcpy(s->sid, sid, 65);
    s->who = *p;
    s->at_ms = now;
    s->epoch = epoch;
    return KAZI_OK;
}

static int authorize_caller(kazi_req *req, kazi_resp *resp)
{
    (void)resp;
    kazi_db *db;
    int rc = kazi_store_thread_db(&db);
    if (rc < 0) return rc;
    kazi_caller *p = calloc(1, sizeof *p);
    if (!p) return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    req->auth = p;
    const char *authz = kazi_req_header(req, "Authorization");
    char sid[128];
    if (authz && *authz) {
        if (strncasecmp(authz, "Bearer ", 7) != 0)
            return kazi_error_set(KAZI_EUNAUTH, NULL,
                                  "the Authorization header must be 'Bearer <token>'");
        if ((rc = kazi_auth_from_token(p, db, authz + 7)) < 0) return rc;
    } else if (kazi_http_cookie(sid, sizeof sid, req, COOKIE_NAME) == KAZI_OK) {
        if ((rc = caller_from_session(p, db, sid)) < 0) return rc;
        if (!is_safe_method(req->method)) {
            const char *csrf = kazi_req_header(req, "X-CSRF-Token");
            if (!csrf || !kazi_secret_equal(csrf, p->csrf_token))
                return kazi_error_set_slug(KAZI_EDENIED, "csrf_failed", NULL,
                                           "missing or wrong X-CSRF-Token header (it is returned "
                                           "by POST /api/v1/auth/login and GET /api/v1/auth/me)");
        }
    } else {
        return kazi_error_set(KAZI_EUNAUTH, NULL, "this resource needs you to sign in");
    }
    kazi_stage_enter(KAZI_STAGE_SCOPE); /* the caller is known: now what it may do */
    if (!kazi_auth_can(p, req->route->permission)) {
        if (p->mfa_pending)
            return kazi_error_set_slug(KAZI_EDENIED, "totp_enrolment_required", NULL,
                                       "administrators must enrol two-factor sign-in first "
                                       "(POST /api/v1/auth/totp)");
        return kazi_error_set(KAZI_EDENIED, NULL, "your role (%s) does not allow this (%s)",
                              p->role, req->route->permission);
    }
    /* The rest of the caller, built here once for every handler and domain call. */
    p->request_id = req->request_id;
    p->client_addr = req->remote_addr;
    p->personal_data = kazi_auth_can(p, "people.read"); /* the analyst's ban on personal data */
    p->reports_personal = kazi_auth_can(p, "reports.personal");
    p->own_supervisees = kazi_role_own_supervisees(p->role);
    if (p->own_supervisees && p->user_id &&
        (rc = kazi_store_user_person_get(&p->person_id, db, p->user_id)) < 0)
        return rc;
    return KAZI_OK;
}

static int authorize(kazi_req *req, kazi_resp *resp)
{
    kazi_stage prev = kazi_stage_enter(KAZI_STAGE_SESSION);
    int rc = authorize_caller(req, resp);
    kazi_stage_enter(prev);
    return rc;
}

static void release(kazi_req *req)
{
    free(req->auth);
    req->auth = NULL;
}

/* Who the request is, for authorship and audit outside the access layer (configuration
 * commits, validations, activations). Accounts have no e-mail address yet, so the git
 * author's address is derived from the username; it lives in a per-thread buffer that
 * stays valid until this thread's next request. */
static int identity(const kazi_req *req, const char **name, const char **email)
{
    static _Thread_local char address[128];
    const kazi_caller *p = req->auth;
    if (!p || !p->name[0]) return KAZI_ENOTFOUND;
    snprintf(address, sizeof address, "%s@localhost", p->name);
    *name = p->name;
    *email = address;
    return KAZI_OK;
}

void kazi_http_access_install(void)
{
    static const kazi_auth_hooks hooks = {authorize, release};
    kazi_password_warm();
    kazi_dispatch_set_auth(&hooks);
    kazi_dispatch_set_identity(identity);
}

const kazi_caller *kazi_http_principal(const kazi_req *req)
{
    return req->auth;
}

int kazi_http_query_int(int64_t *out, const kazi_req *req, const char *name, int64_t min,
                        int64_t max)
{
    char buf[32];
    int rc = kazi_req_query(buf, sizeof buf, req, name);
    if (rc < 0) return rc;
    char *end;
    long long v = strtoll(buf, &end, 10);
    if (!buf[0] || *end || v < min || v > max)
        return kazi_error_set(KAZI_EINVALID, name, "%s must be a whole number from %lld to %lld",
                              name, (long long)min, (long long)max);
    *out = v;
    return KAZI_OK;
}

int kazi_http_paging(int *limit, int *offset, const kazi_req *req, int def, int max)
{
    int64_t v = 0;
    int rc = kazi_http_query_int(&v, req, "limit", 1, max);
    if (rc == KAZI_OK)
        *limit = (int)v;
    else if (rc == KAZI_ENOTFOUND)
        *limit = def;
    else
        return rc;
    rc = kazi_http_query_int(&v, req, "offset", 0, 1000000000);
    if (rc == KAZI_OK)
        *offset = (int)v;
    else if (rc == KAZI_ENOTFOUND)
        *offset = 0;
    else
        return rc;
    return KAZI_OK;
}
