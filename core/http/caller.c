#include "http/caller.h"
#include "auth/access.h"
#include "store/db.h"
#include "util/error.h"

#include <string.h>

int kazi_http_actor(kazi_actor *out, const kazi_req *req)
{
    const kazi_principal *p = req->auth;
    if (!p) return kazi_error_set(KAZI_EUNAUTH, NULL, "this resource needs an authenticated user");
    memset(out, 0, sizeof *out);
    out->user_id = p->user_id;
    out->name = p->name;
    out->scope_path = kazi_auth_is_national(p) ? NULL : p->scope_path;
    /* The analyst's ban on personal data: only roles that may read people see it. */
    out->personal_data = kazi_auth_can(p, "people.read");
    out->request_id = req->request_id;
    out->client_addr = req->remote_addr;
    return KAZI_OK;
}

int kazi_http_setup(kazi_actor *actor, kazi_db **db, const kazi_req *req)
{
    int rc = kazi_http_actor(actor, req);
    if (rc < 0) return rc;
    return kazi_store_thread_db(db);
}

int kazi_http_create(kazi_req *req, kazi_resp *resp, kazi_http_create_fn fn, int status)
{
    kazi_actor actor;
    kazi_db *db;
    json_t *body, *out;
    int rc = kazi_http_setup(&actor, &db, req);
    if (rc < 0 || (rc = kazi_req_json_object(&body, req)) < 0) return rc;
    if ((rc = fn(&out, db, &actor, body)) < 0) return rc;
    return kazi_reply_json(resp, status, out);
}

int kazi_http_read(kazi_req *req, kazi_resp *resp, kazi_http_read_fn fn, int wrap_items)
{
    kazi_actor actor;
    kazi_db *db;
    int64_t id;
    json_t *out;
    int rc = kazi_http_setup(&actor, &db, req);
    if (rc < 0 || (rc = kazi_req_param_id(&id, req, "id")) < 0) return rc;
    if ((rc = fn(&out, db, &actor, id)) < 0) return rc;
    return kazi_reply_json(resp, 200, wrap_items ? json_pack("{s:o}", "items", out) : out);
}

int kazi_http_change(kazi_req *req, kazi_resp *resp, kazi_http_change_fn fn, int status)
{
    kazi_actor actor;
    kazi_db *db;
    int64_t id;
    json_t *body, *out;
    int rc = kazi_http_setup(&actor, &db, req);
    if (rc < 0 || (rc = kazi_req_param_id(&id, req, "id")) < 0 ||
        (rc = kazi_req_json_object(&body, req)) < 0)
        return rc;
    if ((rc = fn(&out, db, &actor, id, body)) < 0) return rc;
    return kazi_reply_json(resp, status, out);
}

int kazi_http_person_body(kazi_actor *actor, kazi_db **db, int64_t *id, json_t **body,
                          kazi_req *req)
{
    json_t *seen;
    int rc = kazi_http_setup(actor, db, req);
    if (rc < 0 || (rc = kazi_req_param_id(id, req, "id")) < 0) return rc;
    if ((rc = kazi_registry_person_get(&seen, *db, actor, *id)) < 0) return rc;
    json_decref(seen);
    return kazi_req_json_object(body, req);
}
