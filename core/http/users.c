/*
 * users — administrator endpoints for user accounts.
 * Owns: their handlers and route table ("users.read", "users.write": administrator).
 * Uses: auth/account, store/user, http/access.
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
    if (rc < 0 || (rc = kazi_user_list(&arr, db)) < 0) return rc;
    return kazi_reply_json(resp, 200, json_pack("{s:o}", "users", arr));
}

static int get(kazi_req *req, kazi_resp *resp)
{
    kazi_db *db;
    int64_t id;
    kazi_user u;
    int rc;
    if ((rc = kazi_req_param_id(&id, req, "id")) < 0) return rc;
    if ((rc = kazi_store_thread_db(&db)) < 0) return rc;
    if ((rc = kazi_user_get(&u, db, id)) < 0) return rc;
    return kazi_reply_json(resp, 200, kazi_user_json(&u));
}

/* Optional positive id field; 0 when absent or null. */
static int opt_id(int64_t *out, int *present, const json_t *body, const char *field)
{
    json_t *v = json_object_get(body, field);
    *out = 0;
    if (present) *present = v != NULL;
    if (!v || json_is_null(v)) return KAZI_OK;
    int rc = kazi_json_int(out, body, field, 1, 1, INT64_MAX);
    return rc;
}

static int create(kazi_req *req, kazi_resp *resp)
{
    json_t *body;
    kazi_db *db;
    kazi_account_spec s = {0};
    kazi_user u;
    int rc;
    if ((rc = kazi_req_json_object(&body, req)) < 0) return rc;
    if ((rc = kazi_json_string(&s.username, body, "username", 1, 64)) < 0) return rc;
    if ((rc = kazi_json_string(&s.password, body, "password", 1, 4096)) < 0) return rc;
    if ((rc = kazi_json_string(&s.role, body, "role", 1, 32)) < 0) return rc;
    if ((rc = kazi_json_string(&s.display_name, body, "display_name", 0, 200)) < 0 &&
        rc != KAZI_ENOTFOUND)
        return rc;
    if ((rc = opt_id(&s.scope_org_unit_id, NULL, body, "scope_org_unit_id")) < 0) return rc;
    if ((rc = kazi_store_thread_db(&db)) < 0) return rc;
    if ((rc = kazi_account_create(&u, db, req->auth, &s)) < 0) return rc;
    return kazi_reply_json(resp, 201, kazi_user_json(&u));
}

static int update(kazi_req *req, kazi_resp *resp)
{
    json_t *body;
    kazi_db *db;
    kazi_account_patch p = {.disabled = -1};
    kazi_user u;
    int64_t id;
    int rc, dis;
    if ((rc = kazi_req_param_id(&id, req, "id")) < 0) return rc;
    if ((rc = kazi_req_json_object(&body, req)) < 0) return rc;
    if ((rc = kazi_json_string(&p.display_name, body, "display_name", 0, 200)) < 0 &&
        rc != KAZI_ENOTFOUND)
        return rc;
    if ((rc = kazi_json_string(&p.role, body, "role", 0, 32)) < 0 && rc != KAZI_ENOTFOUND)
        return rc;
    if ((rc = opt_id(&p.scope_org_unit_id, &p.set_scope, body, "scope_org_unit_id")) < 0) return rc;
    rc = kazi_json_bool(&dis, body, "disabled", 0);
    if (rc == KAZI_OK)
        p.disabled = dis;
    else if (rc != KAZI_ENOTFOUND)
        return rc;
    if ((rc = kazi_store_thread_db(&db)) < 0) return rc;
    if ((rc = kazi_account_update(&u, db, req->auth, id, &p)) < 0) return rc;
    return kazi_reply_json(resp, 200, kazi_user_json(&u));
}

static int set_password(kazi_req *req, kazi_resp *resp)
{
    json_t *body;
    kazi_db *db;
    const char *pw;
    int64_t id;
    int rc;
    if ((rc = kazi_req_param_id(&id, req, "id")) < 0) return rc;
    if ((rc = kazi_req_json_object(&body, req)) < 0) return rc;
    if ((rc = kazi_json_string(&pw, body, "password", 1, 4096)) < 0) return rc;
    if ((rc = kazi_store_thread_db(&db)) < 0) return rc;
    if ((rc = kazi_account_set_password(db, req->auth, id, pw, NULL)) < 0) return rc;
    resp->status = 204;
    return KAZI_OK;
}

const kazi_route kazi_routes_users[] = {
    {"GET", "/api/v1/users", list, "users.read", "List user accounts", 0, .reply = "users:User"},
    {"POST", "/api/v1/users", create, "users.write", "Create a user account", 8192,
     .body = "UserCreate", .reply = "User", .status = 201},
    {"GET", "/api/v1/users/{id}", get, "users.read", "One user account", 0, .reply = "User"},
    {"PATCH", "/api/v1/users/{id}", update, "users.write",
     "Change a user's name, role, scope or disabled flag", 8192, .body = "UserChange",
     .reply = "User"},
    {"POST", "/api/v1/users/{id}/password", set_password, "users.write",
     "Set a user's password (ends their sessions)", 8192, .body = "PasswordSet", .status = 204,
     .secret = 1},
    KAZI_ROUTES_END,
};
