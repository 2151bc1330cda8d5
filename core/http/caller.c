#include "http/caller.h"
#include "auth/access.h"
#include "store/db.h"
#include "util/error.h"
#include "util/stage.h"

#include <string.h>

int kazi_http_actor(kazi_caller *out, const kazi_req *req)
{
    const kazi_caller *p = req->auth;
    if (!p) return kazi_error_set(KAZI_EUNAUTH, NULL, "this resource needs an authenticated user");
    *out = *p; /* built once by the access layer (http/access.c) */
    return KAZI_OK;
}

int kazi_http_setup(kazi_caller *actor, kazi_db **db, const kazi_req *req)
{
    int rc = kazi_http_actor(actor, req);
    if (rc < 0) return rc;
    return kazi_store_thread_db(db);
}

int kazi_http_create(kazi_req *req, kazi_resp *resp, kazi_http_create_fn fn, int status)
{
    kazi_caller actor;
    kazi_db *db;
    json_t *body, *out;
    int rc = kazi_http_setup(&actor, &db, req);
    if (rc < 0 || (rc = kazi_req_json_object(&body, req)) < 0) return rc;
    if ((rc = fn(&out, db, &actor, body)) < 0) return rc;
    return kazi_reply_json(resp, status, out);
}

int kazi_http_read(kazi_req *req, kazi_resp *resp, kazi_http_read_fn fn, int wrap_items)
{
    kazi_caller actor;
    kazi_db *db;
    int64_t id;
    json_t *out;
    int rc = kazi_http_setup(&actor, &db, req);
    if (rc < 0 || (rc = kazi_req_param_id(&id, req, "id")) < 0) return rc;
    kazi_stage prev = kazi_stage_enter(KAZI_STAGE_QUERY);
    rc = fn(&out, db, &actor, id);
    kazi_stage_enter(prev);
    if (rc < 0) return rc;
    return kazi_reply_json(resp, 200, wrap_items ? json_pack("{s:o}", "items", out) : out);
}

int kazi_http_change(kazi_req *req, kazi_resp *resp, kazi_http_change_fn fn, int status)
{
    kazi_caller actor;
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

int kazi_http_person_body(kazi_caller *actor, kazi_db **db, int64_t *id, json_t **body,
                          kazi_req *req)
{
    int rc = kazi_http_setup(actor, db, req);
    if (rc < 0 || (rc = kazi_req_param_id(id, req, "id")) < 0) return rc;
    return kazi_req_json_object(body, req);
}
