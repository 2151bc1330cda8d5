/*
 * auth — sign-in endpoints: login, logout, me, own password, TOTP enrolment, roles.
 * Owns: their handlers and route table.
 * Uses: auth/session, auth/account, auth/roles, http/access.
 * Thread-safety: handlers run on any worker thread with its own connection.
 */
#include "auth/account.h"
#include "auth/roles.h"
#include "auth/secret.h"
#include "auth/session.h"
#include "http/access.h"
#include "http/router.h"
#include "store/db.h"
#include "util/error.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static int login(kazi_req *req, kazi_resp *resp)
{
    json_t *body;
    kazi_db *db;
    const char *username, *password, *totp = NULL, *recovery = NULL;
    int rc;
    /* A cross-site HTML form cannot send this content type without a CORS preflight
     * (which Kazi never grants), so nobody can sign a victim in to another account. */
    const char *ctype = kazi_req_header(req, "Content-Type");
    if (!ctype || strncasecmp(ctype, "application/json", 16) != 0)
        return kazi_error_set(KAZI_EMALFORMED, "Content-Type",
                              "sign in with a JSON body and Content-Type: application/json");
    if ((rc = kazi_req_json_object(&body, req)) < 0) return rc;
    if ((rc = kazi_json_string(&username, body, "username", 1, 64)) < 0) return rc;
    if ((rc = kazi_json_string(&password, body, "password", 1, 1024)) < 0) return rc;
    if ((rc = kazi_json_string(&totp, body, "totp", 0, 16)) < 0 && rc != KAZI_ENOTFOUND) return rc;
    if ((rc = kazi_json_string(&recovery, body, "recovery_code", 0, 32)) < 0 &&
        rc != KAZI_ENOTFOUND)
        return rc;
    if ((rc = kazi_store_thread_db(&db)) < 0) return rc;
    char old[128];
    int had = kazi_http_cookie(old, sizeof old, req, "kazi_session") == KAZI_OK;
    kazi_login_req in = {username,        password,        totp, recovery, req->remote_addr,
                         req->request_id, had ? old : NULL};
    kazi_login_result res;
    rc = kazi_auth_login(&res, db, &in);
    if (rc == KAZI_ERATELIMIT) {
        char secs[16];
        snprintf(secs, sizeof secs, "%d", res.retry_after_s);
        kazi_resp_header(resp, "Retry-After", secs);
    }
    if (rc < 0) return rc;
    if ((rc = kazi_http_set_session_cookie(resp, req, res.session_id)) < 0) {
        json_decref(res.session);
        return rc;
    }
    return kazi_reply_json(resp, 200, res.session);
}

static int logout(kazi_req *req, kazi_resp *resp)
{
    kazi_db *db;
    int rc = kazi_store_thread_db(&db);
    if (rc < 0) return rc;
    if ((rc = kazi_auth_logout(db, req->auth)) < 0) return rc;
    kazi_http_set_session_cookie(resp, req, NULL);
    resp->status = 204;
    return KAZI_OK;
}

static int me(kazi_req *req, kazi_resp *resp)
{
    kazi_db *db;
    int rc = kazi_store_thread_db(&db);
    if (rc < 0) return rc;
    const kazi_caller *p = req->auth;
    json_t *doc;
    if ((rc = kazi_auth_session_json(&doc, db, p,
                                     p->kind == KAZI_CALLER_USER ? p->csrf_token : NULL)) < 0)
        return rc;
    return kazi_reply_json(resp, 200, doc);
}

/* The self routes below act on the caller's own account; the account module refuses an
 * API token (it has no password or second factor) and names a wrong code or password. */
static int password(kazi_req *req, kazi_resp *resp)
{
    json_t *body;
    kazi_db *db;
    const char *current, *fresh;
    int rc;
    if ((rc = kazi_req_json_object(&body, req)) < 0 ||
        (rc = kazi_json_string(&current, body, "current_password", 1, 1024)) < 0 ||
        (rc = kazi_json_string(&fresh, body, "new_password", 1, 4096)) < 0 ||
        (rc = kazi_store_thread_db(&db)) < 0 ||
        (rc = kazi_account_change_own_password(db, req->auth, current, fresh)) < 0)
        return rc;
    resp->status = 204;
    return KAZI_OK;
}

static int totp_begin(kazi_req *req, kazi_resp *resp)
{
    kazi_db *db;
    char secret[33], uri[256];
    int rc;
    if ((rc = kazi_store_thread_db(&db)) < 0 ||
        (rc = kazi_account_totp_begin(secret, db, req->auth)) < 0)
        return rc;
    kazi_totp_uri(uri, sizeof uri, "Kazi", kazi_http_principal(req)->name, secret);
    return kazi_reply_json(resp, 200,
                           json_pack("{s:s,s:s,s:i,s:i}", "secret", secret, "otpauth_uri", uri,
                                     "digits", KAZI_TOTP_DIGITS, "period", KAZI_TOTP_STEP_S));
}

static int totp_confirm(kazi_req *req, kazi_resp *resp)
{
    json_t *body;
    kazi_db *db;
    const char *code;
    char codes[KAZI_RECOVERY_CODES][15];
    int rc;
    if ((rc = kazi_req_json_object(&body, req)) < 0 ||
        (rc = kazi_json_string(&code, body, "code", 1, 16)) < 0 ||
        (rc = kazi_store_thread_db(&db)) < 0 ||
        (rc = kazi_account_totp_confirm(codes, db, req->auth, code)) < 0)
        return rc;
    json_t *list = json_array();
    for (int i = 0; i < KAZI_RECOVERY_CODES; i++)
        json_array_append_new(list, json_string(codes[i]));
    return kazi_reply_json(resp, 200,
                           json_pack("{s:b,s:o}", "totp_enabled", 1, "recovery_codes", list));
}

static int totp_disable(kazi_req *req, kazi_resp *resp)
{
    json_t *body;
    kazi_db *db;
    const char *code;
    int rc;
    if ((rc = kazi_req_json_object(&body, req)) < 0 ||
        (rc = kazi_json_string(&code, body, "code", 1, 16)) < 0 ||
        (rc = kazi_store_thread_db(&db)) < 0 ||
        (rc = kazi_account_totp_disable(db, req->auth, code)) < 0)
        return rc;
    resp->status = 204;
    return KAZI_OK;
}

static int roles(kazi_req *req, kazi_resp *resp)
{
    (void)req;
    return kazi_reply_json(resp, 200, json_pack("{s:o}", "roles", kazi_roles_json()));
}

const kazi_route kazi_routes_auth[] = {
    {"POST", "/api/v1/auth/login", login, KAZI_PERM_PUBLIC,
     "Sign in with username and password (+ TOTP); sets the kazi_session cookie", 4096,
     .body = "Login", .reply = "Session", .secret = 1},
    {"POST", "/api/v1/auth/logout", logout, KAZI_PERM_SELF, "End this session", 0, .status = 204},
    {"GET", "/api/v1/auth/me", me, KAZI_PERM_SELF,
     "Who am I: user, role, permissions, scope, CSRF token", 0, .reply = "Session", .secret = 1},
    {"POST", "/api/v1/auth/password", password, KAZI_PERM_SELF, "Change my own password", 8192,
     .body = "PasswordChange", .status = 204, .secret = 1},
    {"POST", "/api/v1/auth/totp", totp_begin, KAZI_PERM_SELF,
     "Start two-factor enrolment: returns a new TOTP secret", 1024, .reply = "TotpSecret",
     .secret = 1},
    {"POST", "/api/v1/auth/totp/confirm", totp_confirm, KAZI_PERM_SELF,
     "Confirm enrolment with a code; returns one-time recovery codes", 1024, .body = "TotpCode",
     .reply = "TotpEnabled", .secret = 1},
    {"POST", "/api/v1/auth/totp/disable", totp_disable, KAZI_PERM_SELF,
     "Turn two-factor sign-in off (needs a current code)", 1024, .body = "TotpCode", .status = 204},
    {"GET", "/api/v1/auth/roles", roles, KAZI_PERM_SELF, "The roles and their permissions", 0,
     .reply = "Roles"},
    KAZI_ROUTES_END,
};
