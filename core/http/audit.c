/*
 * audit — the audit trail API (administrator only): filtered listing and a
 * verification of the hash chain.
 * Owns: their handlers and route table ("audit.read").
 * Uses: domain/audit, store/audit, http/access.
 * Thread-safety: handlers run on any worker thread with its own connection.
 */
#include "domain/audit.h"
#include "http/access.h"
#include "http/router.h"
#include "util/error.h"

static int text_filter(const char **out, char *buf, size_t size, kazi_req *req, const char *name)
{
    int rc = kazi_req_query(buf, size, req, name);
    if (rc == KAZI_OK) *out = buf;
    return rc == KAZI_ENOTFOUND ? KAZI_OK : rc;
}

static int int_filter(int64_t *out, kazi_req *req, const char *name)
{
    int rc = kazi_http_query_int(out, req, name, 1, INT64_MAX);
    return rc == KAZI_ENOTFOUND ? KAZI_OK : rc;
}

static int list(kazi_req *req, kazi_resp *resp)
{
    kazi_audit_filter f = {0};
    char et[64], eid[64], action[64], actor[80];
    int64_t limit = 100;
    kazi_db *db;
    json_t *arr;
    int rc;
    if ((rc = text_filter(&f.entity_type, et, sizeof et, req, "entity_type")) < 0 ||
        (rc = text_filter(&f.entity_id, eid, sizeof eid, req, "entity_id")) < 0 ||
        (rc = text_filter(&f.action, action, sizeof action, req, "action")) < 0 ||
        (rc = text_filter(&f.actor, actor, sizeof actor, req, "actor")) < 0 ||
        (rc = int_filter(&f.actor_user_id, req, "actor_user_id")) < 0 ||
        (rc = int_filter(&f.since, req, "since")) < 0 ||
        (rc = int_filter(&f.until, req, "until")) < 0 ||
        (rc = int_filter(&f.before_id, req, "before_id")) < 0)
        return rc;
    rc = kazi_http_query_int(&limit, req, "limit", 1, 1000);
    if (rc < 0 && rc != KAZI_ENOTFOUND) return rc;
    f.limit = (int)limit;
    if ((rc = kazi_store_thread_db(&db)) < 0) return rc;
    if ((rc = kazi_audit_query(&arr, db, &f)) < 0) return rc;
    return kazi_reply_json(resp, 200, json_pack("{s:o}", "audit", arr));
}

static int verify(kazi_req *req, kazi_resp *resp)
{
    (void)req;
    kazi_db *db;
    kazi_audit_report rep;
    int rc = kazi_store_thread_db(&db);
    if (rc < 0) return rc;
    rc = kazi_audit_verify(&rep, db);
    if (rc < 0 && rc != KAZI_ECONFLICT) return rc;
    json_t *doc = json_pack("{s:b,s:I,s:s}", "ok", rc == KAZI_OK, "rows", (json_int_t)rep.rows,
                            "head", rep.head);
    if (rc == KAZI_ECONFLICT) {
        json_object_set_new(doc, "bad_row", json_integer(rep.bad_id));
        json_object_set_new(doc, "problem", json_string(rep.problem));
    }
    return kazi_reply_json(resp, 200, doc);
}

const kazi_route kazi_routes_audit[] = {
    {"GET", "/api/v1/audit", list, "audit.read",
     "Audit rows, newest first; filters: entity_type, entity_id, action, actor, actor_user_id, "
     "since, until, before_id, limit",
     0, .reply = "audit:AuditRow",
     .query = KAZI_QUERY({"entity_type", "string"}, {"entity_id", "string"}, {"action", "string"},
                         {"actor", "string"}, {"actor_user_id", "integer"}, {"since", "integer"},
                         {"until", "integer"}, {"before_id", "integer"}, {"limit", "integer"})},
    {"GET", "/api/v1/audit/verify", verify, "audit.read", "Check the audit hash chain", 0,
     .reply = "AuditVerify"},
    KAZI_ROUTES_END,
};
