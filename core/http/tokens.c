/*
 * tokens — administrator endpoints for API tokens (integrations).
 * Owns: their handlers and route table ("tokens.manage": administrator).
 * Uses: auth/account, store/session, http/access.
 * Thread-safety: handlers run on any worker thread with its own connection.
 */
#include "auth/account.h"
#include "http/access.h"
#include "http/router.h"
#include "util/error.h"

static int list(kazi_req *req, kazi_resp *resp)
{
    (void)req;
    kazi_db *db;
    json_t *arr;
    int rc = kazi_store_thread_db(&db);
    if (rc < 0 || (rc = kazi_token_list(&arr, db)) < 0) return rc;
    return kazi_reply_json(resp, 200, json_pack("{s:o}", "tokens", arr));
}

static int create(kazi_req *req, kazi_resp *resp)
{
    json_t *body;
    kazi_db *db;
    const char *name, *role;
    int64_t scope = 0, days;
    char token[68];
    kazi_token_row t;
    int rc;
    if ((rc = kazi_req_json_object(&body, req)) < 0) return rc;
    if ((rc = kazi_json_string(&name, body, "name", 1, 100)) < 0) return rc;
    if ((rc = kazi_json_string(&role, body, "role", 1, 32)) < 0) return rc;
    if ((rc = kazi_json_int(&days, body, "expires_in_days", 1, 1, 730)) < 0) return rc;
    rc = kazi_json_int(&scope, body, "scope_org_unit_id", 0, 1, INT64_MAX);
    if (rc < 0 && rc != KAZI_ENOTFOUND) return rc;
    if ((rc = kazi_store_thread_db(&db)) < 0) return rc;
    if ((rc = kazi_account_token_create(token, &t, db, req->auth, name, role, scope, (int)days)) <
        0)
        return rc;
    json_t *doc = kazi_token_json(&t);
    json_object_set_new(doc, "token", json_string(token));
    return kazi_reply_json(resp, 201, doc);
}

static int revoke(kazi_req *req, kazi_resp *resp)
{
    kazi_db *db;
    int64_t id;
    int rc;
    if ((rc = kazi_req_param_id(&id, req, "id")) < 0) return rc;
    if ((rc = kazi_store_thread_db(&db)) < 0) return rc;
    if ((rc = kazi_account_token_revoke(db, req->auth, id)) < 0) return rc;
    resp->status = 204;
    return KAZI_OK;
}

const kazi_route kazi_routes_tokens[] = {
    {"GET", "/api/v1/tokens", list, "tokens.manage", "List API tokens (never their secrets)", 0,
     .reply = "tokens:Token"},
    {"POST", "/api/v1/tokens", create, "tokens.manage",
     "Create an API token with a role, scope and expiry; the secret is shown once", 4096,
     .body = "TokenRequest", .reply = "NewToken", .status = 201, .secret = 1},
    {"DELETE", "/api/v1/tokens/{id}", revoke, "tokens.manage", "Revoke an API token", 0,
     .status = 204},
    KAZI_ROUTES_END,
};
