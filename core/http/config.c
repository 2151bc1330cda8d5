/*
 * config — the versioned configuration's API: history, files, diffs, tags, proposals,
 * validation, activation (compare-and-swap of refs/kazi/live) and the rollout log.
 * Owns: the /api/v1/config/... handlers and their route table.
 * Uses: config/repo, config/rollout, store/db (this thread's connection), http/dispatch
 * (the request's identity for authorship and audit).
 * Thread-safety: handlers run on any worker thread; config/ opens its own repository
 * objects per call, and activations are serialised inside config/rollout. libgit2 needs
 * more stack than CivetWeb's worker threads have, so every handler body runs through
 * kazi_thread_run_deep (util/thread.h); on such a thread the handler opens its own
 * database connection, closed when it returns.
 */
#include "config/repo.h"
#include "config/rollout.h"
#include "domain/impact.h"
#include "http/access.h"
#include "http/dispatch.h"
#include "http/router.h"
#include "lua/runtime.h"
#include "store/configdb.h"
#include "store/db.h"
#include "util/error.h"
#include "util/thread.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SPEC_MAX 201

static int repo_of(const char **out)
{
    *out = kazi_config_repo();
    if (!*out) return kazi_error_set(KAZI_ERROR, NULL, "no configuration repository is configured");
    return KAZI_OK;
}

/* Optional ?limit=N within 1..max (default def). */
static int query_limit(int *out, const kazi_req *req, int def, int max)
{
    char buf[16];
    *out = def;
    int rc = kazi_req_query(buf, sizeof buf, req, "limit");
    if (rc == KAZI_ENOTFOUND) return KAZI_OK;
    if (rc < 0) return rc;
    char *end;
    long v = strtol(buf, &end, 10);
    if (!buf[0] || *end || v < 1 || v > max)
        return kazi_error_set(KAZI_EINVALID, "limit", "limit must be a number from 1 to %d", max);
    *out = (int)v;
    return KAZI_OK;
}

/* A required query parameter. */
static int query_required(char *buf, size_t size, const kazi_req *req, const char *name)
{
    int rc = kazi_req_query(buf, size, req, name);
    if (rc == KAZI_ENOTFOUND || (rc == KAZI_OK && !buf[0]))
        return kazi_error_set(KAZI_EINVALID, name, "the query parameter %s is required", name);
    return rc;
}

static int versions_list(kazi_req *req, kazi_resp *resp)
{
    const char *repo;
    kazi_db *db;
    json_t *list;
    int limit, rc;
    if ((rc = query_limit(&limit, req, 100, 1000)) < 0 || (rc = repo_of(&repo)) < 0 ||
        (rc = kazi_store_thread_db(&db)) < 0 ||
        (rc = kazi_config_versions(&list, db, repo, limit)) < 0)
        return rc;
    return kazi_reply_json(resp, 200, json_pack("{s:o}", "versions", list));
}

static int version_propose(kazi_req *req, kazi_resp *resp)
{
    const char *repo, *message, *parent = NULL, *name, *email;
    json_t *body, *files;
    char commit[KAZI_OID_HEX], location[128];
    int rc;
    if ((rc = kazi_req_json_object(&body, req)) < 0) return rc;
    if ((rc = kazi_json_string(&message, body, "message", 1, 4096)) < 0) return rc;
    rc = kazi_json_string(&parent, body, "parent", 0, 40);
    if (rc == KAZI_ENOTFOUND)
        parent = NULL; /* optional: no compare-and-swap on main */
    else if (rc < 0)
        return rc;
    files = json_object_get(body, "files");
    if (!json_is_object(files))
        return kazi_error_set(KAZI_EINVALID, "files",
                              "files must be an object mapping each path to its text, or to "
                              "null to delete it");
    if ((rc = repo_of(&repo)) < 0) return rc;
    kazi_req_identity(req, &name, &email);
    kazi_config_author author = {name, email};
    if ((rc = kazi_config_propose(commit, repo, parent, files, 0, &author, message)) < 0) return rc;
    snprintf(location, sizeof location, "/api/v1/config/versions/%s/files", commit);
    kazi_resp_header(resp, "Location", location);
    return kazi_reply_json(resp, 201, json_pack("{s:s,s:s}", "commit", commit, "author", name));
}

static int files_list(kazi_req *req, kazi_resp *resp)
{
    const char *repo;
    char commit[KAZI_OID_HEX];
    json_t *files;
    int rc;
    if ((rc = repo_of(&repo)) < 0 ||
        (rc = kazi_config_resolve(commit, repo, kazi_req_param(req, "commit"))) < 0 ||
        (rc = kazi_config_files(&files, repo, commit)) < 0)
        return rc == KAZI_EINVALID ? kazi_error_set(KAZI_ENOTFOUND, "commit", "no such version")
                                   : rc;
    return kazi_reply_json(resp, 200, json_pack("{s:s,s:o}", "commit", commit, "files", files));
}

static int valid_utf8(const char *s, size_t n)
{
    json_t *j = json_stringn(s, n);
    json_decref(j);
    return j != NULL;
}

static int file_get(kazi_req *req, kazi_resp *resp)
{
    const char *repo;
    char commit[KAZI_OID_HEX], path[600];
    char *buf;
    size_t len;
    int rc;
    if ((rc = query_required(path, sizeof path, req, "path")) < 0) return rc;
    if ((rc = repo_of(&repo)) < 0) return rc;
    if ((rc = kazi_config_resolve(commit, repo, kazi_req_param(req, "commit"))) < 0)
        return rc == KAZI_EINVALID ? kazi_error_set(KAZI_ENOTFOUND, "commit", "no such version")
                                   : rc;
    if ((rc = kazi_config_read(&buf, &len, repo, commit, path)) < 0) return rc;
    kazi_resp_header(resp, "X-Kazi-Commit", commit);
    kazi_reply_take(resp, 200,
                    valid_utf8(buf, len) ? "text/plain; charset=utf-8" : "application/octet-stream",
                    buf, len);
    return KAZI_OK;
}

static int version_validate(kazi_req *req, kazi_resp *resp)
{
    const char *repo, *name, *email;
    kazi_db *db;
    json_t *report;
    int rc;
    if ((rc = repo_of(&repo)) < 0 || (rc = kazi_store_thread_db(&db)) < 0) return rc;
    kazi_req_identity(req, &name, &email);
    if ((rc = kazi_config_validate(&report, db, repo, kazi_req_param(req, "commit"), name)) < 0)
        return rc == KAZI_EINVALID ? kazi_error_set(KAZI_ENOTFOUND, "commit", "no such version")
                                   : rc;
    return kazi_reply_json(resp, 200, report);
}

static int version_impact(kazi_req *req, kazi_resp *resp)
{
    kazi_db *db;
    json_t *report;
    int rc;
    if ((rc = kazi_store_thread_db(&db)) < 0) return rc;
    if ((rc = kazi_config_impact(&report, db, kazi_req_param(req, "commit"))) < 0) {
        if (rc == KAZI_EINVALID) return kazi_error_set(KAZI_ENOTFOUND, "commit", "no such version");
        /* The candidate's fault, not the server's: 422 naming the file and line. */
        if (rc == KAZI_EPLUGIN) {
            char msg[sizeof kazi_error_last()->message];
            snprintf(msg, sizeof msg, "%s", kazi_error_last()->message);
            return kazi_error_set(KAZI_EINVALID, "commit", "%s", msg);
        }
        return rc;
    }
    return kazi_reply_json(resp, 200, report);
}

static int validation_get(kazi_req *req, kazi_resp *resp)
{
    const char *repo;
    char commit[KAZI_OID_HEX];
    kazi_db *db;
    json_t *report;
    int rc;
    if ((rc = repo_of(&repo)) < 0 || (rc = kazi_store_thread_db(&db)) < 0) return rc;
    if ((rc = kazi_config_resolve(commit, repo, kazi_req_param(req, "commit"))) < 0)
        return rc == KAZI_EINVALID ? kazi_error_set(KAZI_ENOTFOUND, "commit", "no such version")
                                   : rc;
    if ((rc = kazi_configdb_validation_latest(&report, db, commit)) < 0) return rc;
    return kazi_reply_json(resp, 200, report);
}

static int diff(kazi_req *req, kazi_resp *resp)
{
    const char *repo;
    char from[SPEC_MAX], to[SPEC_MAX];
    json_t *d;
    int rc;
    if ((rc = query_required(from, sizeof from, req, "from")) < 0 ||
        (rc = query_required(to, sizeof to, req, "to")) < 0 || (rc = repo_of(&repo)) < 0 ||
        (rc = kazi_config_diff(&d, repo, from, to)) < 0)
        return rc;
    return kazi_reply_json(resp, 200, d);
}

static int tag_create(kazi_req *req, kazi_resp *resp)
{
    const char *repo, *tag, *commit, *message = NULL, *name, *email;
    json_t *body, *out;
    int rc;
    if ((rc = kazi_req_json_object(&body, req)) < 0) return rc;
    if ((rc = kazi_json_string(&tag, body, "name", 1, 100)) < 0 ||
        (rc = kazi_json_string(&commit, body, "commit", 1, SPEC_MAX - 1)) < 0)
        return rc;
    if ((rc = kazi_json_string(&message, body, "message", 0, 4096)) < 0 && rc != KAZI_ENOTFOUND)
        return rc;
    if ((rc = repo_of(&repo)) < 0) return rc;
    kazi_req_identity(req, &name, &email);
    kazi_config_author who = {name, email};
    if ((rc = kazi_config_tag(&out, repo, tag, commit, &who, message)) < 0) return rc;
    return kazi_reply_json(resp, 201, out);
}

static int activate(kazi_req *req, kazi_resp *resp)
{
    const char *repo, *commit, *expected, *reason, *name, *email;
    kazi_db *db;
    json_t *body, *out;
    int rc;
    if ((rc = kazi_req_json_object(&body, req)) < 0) return rc;
    if ((rc = kazi_json_string(&commit, body, "commit", 1, SPEC_MAX - 1)) < 0 ||
        (rc = kazi_json_string(&expected, body, "expected_live", 1, 40)) < 0 ||
        (rc = kazi_json_string(&reason, body, "reason", 1, 1000)) < 0)
        return rc;
    if ((rc = repo_of(&repo)) < 0 || (rc = kazi_store_thread_db(&db)) < 0) return rc;
    kazi_req_identity(req, &name, &email);
    kazi_config_activation a = {commit, expected, reason, name, req->request_id, req->auth};
    if ((rc = kazi_config_activate(&out, db, repo, &a)) < 0) return rc;
    return kazi_reply_json(resp, 200, out);
}

static int rollouts(kazi_req *req, kazi_resp *resp)
{
    kazi_db *db;
    json_t *list;
    int limit, rc;
    if ((rc = query_limit(&limit, req, 100, 1000)) < 0 || (rc = kazi_store_thread_db(&db)) < 0 ||
        (rc = kazi_configdb_rollouts(&list, db, limit)) < 0)
        return rc;
    return kazi_reply_json(resp, 200, json_pack("{s:o}", "rollouts", list));
}

static int live(kazi_req *req, kazi_resp *resp)
{
    (void)req;
    const char *repo;
    char commit[KAZI_OID_HEX], serving[KAZI_OID_HEX];
    int rc;
    if ((rc = repo_of(&repo)) < 0 || (rc = kazi_config_live(commit, repo)) < 0) return rc;
    kazi_config_serving(serving);
    return kazi_reply_json(resp, 200,
                           json_pack("{s:s,s:s,s:s}", "live", commit, "serving",
                                     serving[0] ? serving : commit, "checks",
                                     kazi_config_checks()));
}

typedef struct {
    kazi_handler handler;
    kazi_req *req;
    kazi_resp *resp;
    pthread_t caller;
} deep_call;

static int deep_body(void *p)
{
    deep_call *c = p;
    int rc = c->handler(c->req, c->resp);
    /* A connection opened by this helper thread must not outlive it. */
    if (!pthread_equal(pthread_self(), c->caller)) {
        kazi_lua_thread_exit(); /* Lua states a validation or activation left here */
        kazi_store_thread_close();
    }
    return rc;
}

static int deep(kazi_handler h, kazi_req *req, kazi_resp *resp)
{
    deep_call c = {h, req, resp, pthread_self()};
    return kazi_thread_run_deep(deep_body, &c);
}

#define DEEP(name)                                                                                 \
    static int name##_deep(kazi_req *req, kazi_resp *resp)                                         \
    {                                                                                              \
        return deep(name, req, resp);                                                              \
    }
DEEP(versions_list)
DEEP(version_propose)
DEEP(files_list)
DEEP(file_get)
DEEP(version_validate)
DEEP(validation_get)
DEEP(version_impact)
DEEP(diff)
DEEP(tag_create)
DEEP(activate)
DEEP(live)

const kazi_route kazi_routes_config[] = {
    {"GET", "/api/v1/config/versions", versions_list_deep, "config.read",
     "Configuration history: commits, tags, live and ever-live flags, validation", 0,
     .reply = "ConfigVersions", .query = KAZI_QUERY({"limit", "integer"})},
    {"POST", "/api/v1/config/versions", version_propose_deep, "config.propose",
     "Propose a version: changed files and a message become a commit on main", 8 << 20,
     .body = "ConfigProposal", .reply = "ConfigCommit", .status = 201},
    {"GET", "/api/v1/config/versions/{commit}/files", files_list_deep, "config.read",
     "The files of a configuration version", 0, .reply = "ConfigFiles"},
    {"GET", "/api/v1/config/versions/{commit}/file", file_get_deep, "config.read",
     "One file of a configuration version (?path=dir/name.lua)", 0, .reply = "ConfigFile",
     .query = KAZI_QUERY({"path", "string"})},
    {"POST", "/api/v1/config/versions/{commit}/validate", version_validate_deep, "config.propose",
     "Validate a configuration version and record the result", 0, .reply = "ConfigValidation"},
    {"GET", "/api/v1/config/versions/{commit}/validation", validation_get_deep, "config.read",
     "The latest validation of a configuration version", 0, .reply = "ConfigValidation"},
    {"POST", "/api/v1/config/versions/{commit}/impact", version_impact_deep, "config.read",
     "Impact preview: who gains or loses each certification and move, fields made required", 0,
     .reply = "ConfigImpact"},
    {"GET", "/api/v1/config/diff", diff_deep, "config.read",
     "Per-file unified diff between two versions (?from=&to=)", 0, .reply = "ConfigDiff",
     .query = KAZI_QUERY({"from", "string"}, {"to", "string"})},
    {"POST", "/api/v1/config/tags", tag_create_deep, "config.activate",
     "Tag a configuration version as a release (e.g. TZ-2026.1)", 16384, .body = "ConfigTag",
     .reply = "ConfigTagged", .status = 201},
    {"POST", "/api/v1/config/activate", activate_deep, "config.activate",
     "Make a validated version live (compare-and-swap on expected_live); rollback too", 16384,
     .body = "ConfigActivate", .reply = "ConfigRollout"},
    {"GET", "/api/v1/config/rollouts", rollouts, "config.read",
     "Every activation: from, to, who, why, when", 0, .reply = "ConfigRollouts",
     .query = KAZI_QUERY({"limit", "integer"})},
    {"GET", "/api/v1/config/live", live_deep, "config.read",
     "The live configuration commit and the one this server serves", 0, .reply = "ConfigLive"},
    KAZI_ROUTES_END,
};
