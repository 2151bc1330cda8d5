/*
 * training (http) — /api/v1/training-events, prior learning, eligibility,
 * certificates (issue, revoke, expiring, refreshers due, public verification),
 * career options, candidates, the lattice and recorded moves.
 * Owns: these routes, their query parsing and reply shapes.
 * Uses: domain/training, domain/certificate, domain/career, http/caller, auth/access.
 * Thread-safety: handlers run on any worker thread with its own connection.
 */
#include "auth/access.h"
#include "domain/career.h"
#include "domain/certificate.h"
#include "domain/training.h"
#include "http/caller.h"
#include "http/router.h"
#include "http/routes.h"
#include "store/db.h"
#include "util/error.h"
#include "util/ratelimit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct ctx {
    kazi_db *db;
    kazi_caller actor;
} ctx;

static int setup(ctx *c, kazi_req *req)
{
    return kazi_http_setup(&c->actor, &c->db, req);
}

static int may_override(const kazi_req *req)
{
    return req->auth && kazi_auth_can(req->auth, "certificates.override");
}

/* ---- training events ------------------------------------------------------------------ */

static int events_list(kazi_req *req, kazi_resp *resp)
{
    ctx c;
    char cb[100];
    const char *course;
    int64_t limit;
    json_t *out;
    int rc = setup(&c, req);
    if (rc < 0 || (rc = kazi_req_query_opt(&course, cb, sizeof cb, req, "course")) < 0 ||
        (rc = kazi_req_query_int(&limit, req, "limit", 1, 500, 100)) < 0)
        return rc;
    if ((rc = kazi_training_event_list(&out, c.db, &c.actor, course, (int)limit)) < 0) return rc;
    return kazi_reply_json(resp, 200, json_pack("{s:o}", "items", out));
}

static int events_create(kazi_req *req, kazi_resp *resp)
{
    return kazi_http_create(req, resp, kazi_training_event_create, 201);
}

static int events_get(kazi_req *req, kazi_resp *resp)
{
    return kazi_http_read(req, resp, kazi_training_event_get, 0);
}

static int enrolments_list(kazi_req *req, kazi_resp *resp)
{
    return kazi_http_read(req, resp, kazi_training_enrolments, 0);
}

static int enrolments_create(kazi_req *req, kazi_resp *resp)
{
    return kazi_http_change(req, resp, kazi_training_enrol, 201);
}

static int results_record(kazi_req *req, kazi_resp *resp)
{
    return kazi_http_change(req, resp, kazi_training_result, 200);
}

/* ---- prior learning, eligibility, certificates ------------------------------------------ */

static int prior_list(kazi_req *req, kazi_resp *resp)
{
    return kazi_http_read(req, resp, kazi_training_prior_list, 1);
}

static int person_training(kazi_req *req, kazi_resp *resp)
{
    return kazi_http_read(req, resp, kazi_training_person_enrolments, 1);
}

static int prior_add(kazi_req *req, kazi_resp *resp)
{
    return kazi_http_change(req, resp, kazi_training_prior_add, 201);
}

static int eligibility(kazi_req *req, kazi_resp *resp)
{
    return kazi_http_read(req, resp, kazi_certificate_eligibility, 0);
}

static int certificates_list(kazi_req *req, kazi_resp *resp)
{
    return kazi_http_read(req, resp, kazi_certificate_list, 1);
}

static int certificates_issue(kazi_req *req, kazi_resp *resp)
{
    ctx c;
    int64_t id;
    json_t *body, *out;
    int rc = kazi_http_person_body(&c.actor, &c.db, &id, &body, req);
    if (rc < 0) return rc;
    if ((rc = kazi_certificate_issue(&out, c.db, &c.actor, id, body, may_override(req))) < 0)
        return rc;
    return kazi_reply_json(resp, 201, out);
}

static int certificates_revoke(kazi_req *req, kazi_resp *resp)
{
    return kazi_http_change(req, resp, kazi_certificate_revoke, 200);
}

static int certificates_expiring(kazi_req *req, kazi_resp *resp)
{
    ctx c;
    int64_t days, unit;
    json_t *out;
    int rc = setup(&c, req);
    if (rc < 0 || (rc = kazi_req_query_int(&days, req, "days", 0, 3660, 90)) < 0 ||
        (rc = kazi_req_query_int(&unit, req, "org_unit", 1, INT64_MAX, 0)) < 0)
        return rc;
    if ((rc = kazi_certificate_expiring(&out, c.db, &c.actor, (int)days, unit)) < 0) return rc;
    return kazi_reply_json(resp, 200, out);
}

static int refresher_due(kazi_req *req, kazi_resp *resp)
{
    ctx c;
    int64_t days, unit;
    json_t *out;
    int rc = setup(&c, req);
    if (rc < 0 || (rc = kazi_req_query_int(&days, req, "days", 0, 3660, 90)) < 0 ||
        (rc = kazi_req_query_int(&unit, req, "org_unit", 1, INT64_MAX, 0)) < 0)
        return rc;
    if ((rc = kazi_certificate_refresher_due(&out, c.db, &c.actor, (int)days, unit)) < 0) return rc;
    return kazi_reply_json(resp, 200, out);
}

/* The public check is limited per client address, so numbers cannot be tried in bulk. */
static kazi_ratelimit *verify_limit;

int kazi_routes_verify_limit(int per_minute)
{
    if (verify_limit) {
        kazi_ratelimit_configure(verify_limit, per_minute, 60000);
        return KAZI_OK;
    }
    return kazi_ratelimit_new(&verify_limit, per_minute, 60000);
}

/* Public: no principal; answers only valid / for whom / until when. */
static int certificate_verify(kazi_req *req, kazi_resp *resp)
{
    kazi_db *db;
    json_t *out;
    int secs, rc;
    if (verify_limit && (rc = kazi_ratelimit_hit(verify_limit, req->remote_addr, &secs)) < 0) {
        char text[16];
        snprintf(text, sizeof text, "%d", secs);
        kazi_resp_header(resp, "Retry-After", text);
        return rc;
    }
    if ((rc = kazi_store_thread_db(&db)) < 0) return rc;
    if ((rc = kazi_certificate_verify(&out, db, kazi_req_param(req, "number"))) < 0) return rc;
    return kazi_reply_json(resp, 200, out);
}

/* ---- careers ------------------------------------------------------------------------------- */

static int career_options(kazi_req *req, kazi_resp *resp)
{
    return kazi_http_read(req, resp, kazi_career_options, 0);
}

static int moves_list(kazi_req *req, kazi_resp *resp)
{
    return kazi_http_read(req, resp, kazi_career_moves, 1);
}

static int moves_record(kazi_req *req, kazi_resp *resp)
{
    ctx c;
    int64_t id;
    json_t *body, *out;
    int rc = kazi_http_person_body(&c.actor, &c.db, &id, &body, req);
    if (rc < 0) return rc;
    if ((rc = kazi_career_record(&out, c.db, &c.actor, id, body, may_override(req))) < 0) return rc;
    return kazi_reply_json(resp, 201, out);
}

static int replacements(kazi_req *req, kazi_resp *resp)
{
    ctx c;
    int64_t unit;
    json_t *out;
    int rc = setup(&c, req);
    if (rc < 0 || (rc = kazi_req_query_int(&unit, req, "org_unit", 1, INT64_MAX, 0)) < 0) return rc;
    if ((rc = kazi_career_replacements(&out, c.db, &c.actor, unit)) < 0) return rc;
    return kazi_reply_json(resp, 200, out);
}

static int lattice(kazi_req *req, kazi_resp *resp)
{
    json_t *out;
    (void)req;
    int rc = kazi_career_lattice(&out);
    if (rc < 0) return rc;
    return kazi_reply_json(resp, 200, out);
}

static int candidates(kazi_req *req, kazi_resp *resp)
{
    ctx c;
    char mb[200];
    const char *move;
    int64_t unit, limit;
    json_t *out;
    int rc = setup(&c, req);
    if (rc < 0 || (rc = kazi_req_query_opt(&move, mb, sizeof mb, req, "move")) < 0 ||
        (rc = kazi_req_query_int(&unit, req, "org_unit", 1, INT64_MAX, 0)) < 0 ||
        (rc = kazi_req_query_int(&limit, req, "limit", 1, 1000, 100)) < 0)
        return rc;
    if (!move) return kazi_error_set(KAZI_EINVALID, "move", "move is required (e.g. psw->swa)");
    if ((rc = kazi_career_candidates(&out, c.db, &c.actor, move, unit, (int)limit)) < 0) return rc;
    return kazi_reply_json(resp, 200, out);
}

const kazi_route kazi_routes_training[] = {
    {"GET", "/api/v1/training-events", events_list, "training.read",
     "Training events in the caller's area (course filter)", 0, .reply = "items:training_event",
     .query = KAZI_QUERY({"course", "string"}, {"limit", "integer"})},
    {"POST", "/api/v1/training-events", events_create, "training.write",
     "Plan a training event of a declared course at a venue", 16 * 1024, .body = "training_event",
     .reply = "training_event", .status = 201},
    {"GET", "/api/v1/training-events/{id}", events_get, "training.read", "One training event", 0,
     .reply = "training_event"},
    {"GET", "/api/v1/training-events/{id}/enrolments", enrolments_list, "training.read",
     "Trainees of an event with attendance, results and travel", 0, .reply = "Enrolments"},
    {"POST", "/api/v1/training-events/{id}/enrolments", enrolments_create, "training.write",
     "Enrol one person or a list of person ids (capacity checked)", 64 * 1024, .body = "enrolment",
     .reply = "items:enrolment", .status = 201},
    {"POST", "/api/v1/training-events/{id}/results", results_record, "training.write",
     "Record a trainee's attendance and result", 4096, .body = "training_result",
     .reply = "enrolment"},
    {"GET", "/api/v1/people/{id}/training", person_training, "training.read",
     "A person's training history: enrolments with results, travel and the event", 0,
     .reply = "items:enrolment"},
    {"GET", "/api/v1/people/{id}/prior-learning", prior_list, "training.read",
     "A person's recognised prior learning and experience", 0, .reply = "items:prior_learning"},
    {"POST", "/api/v1/people/{id}/prior-learning", prior_add, "prior_learning.write",
     "Record credit for prior learning or experience", 16 * 1024, .body = "prior_learning",
     .reply = "prior_learning", .status = 201},
    {"GET", "/api/v1/people/{id}/eligibility", eligibility, "careers.read",
     "Every declared certification rule for a person: decision, missing, configuration", 0,
     .reply = "Eligibility"},
    {"GET", "/api/v1/people/{id}/certificates", certificates_list, "careers.read",
     "A person's certificates", 0, .reply = "items:certificate"},
    {"POST", "/api/v1/people/{id}/certificates", certificates_issue, "certificates.issue",
     "Issue a certificate when the rule passes (override: administrators, with a reason)",
     16 * 1024, .body = "certificate_issue", .reply = "certificate", .status = 201},
    {"POST", "/api/v1/certificates/{id}/revoke", certificates_revoke, "certificates.issue",
     "Revoke a certificate with a reason", 4096, .body = "certificate_revoke",
     .reply = "certificate"},
    {"GET", "/api/v1/certificates/expiring", certificates_expiring, "careers.read",
     "Certificates expiring in the next N days, per org unit", 0, .reply = "CertificatesDue",
     .query = KAZI_QUERY({"days", "integer"}, {"org_unit", "integer"})},
    {"GET", "/api/v1/certificates/refresher-due", refresher_due, "careers.read",
     "Certified people due refresher training in the next N days, per org unit", 0,
     .reply = "CertificatesDue", .query = KAZI_QUERY({"days", "integer"}, {"org_unit", "integer"})},
    {"GET", "/api/v1/verify/certificates/{number}", certificate_verify, KAZI_PERM_PUBLIC,
     "Public check of a certificate number: valid, for whom, until when", 0,
     .reply = "CertificateCheck"},
    {"GET", "/api/v1/people/{id}/career", career_options, "careers.read",
     "Moves a person is eligible for now, and what is missing for the others", 0,
     .reply = "CareerOptions"},
    {"GET", "/api/v1/people/{id}/moves", moves_list, "careers.read",
     "A person's recorded promotions and lateral moves", 0, .reply = "items:career_move"},
    {"POST", "/api/v1/people/{id}/moves", moves_record, "careers.move",
     "Record a promotion or lateral move (ends the old assignment, starts the new)", 4096,
     .body = "career_move", .reply = "MoveRecorded", .status = 201},
    {"GET", "/api/v1/careers/lattice", lattice, "catalogue.read",
     "The career lattice as a graph: cadres and vertical/lateral moves", 0, .reply = "Lattice"},
    {"GET", "/api/v1/careers/replacements", replacements, "careers.read",
     "Posts left by a promotion or move that still await a trained replacement", 0,
     .reply = "Replacements", .query = KAZI_QUERY({"org_unit", "integer"})},
    {"GET", "/api/v1/careers/candidates", candidates, "careers.read",
     "Ranked candidates for a move in an org unit", 0, .reply = "Candidates",
     .query = KAZI_QUERY({"move", "string"}, {"org_unit", "integer"}, {"limit", "integer"})},
    KAZI_ROUTES_END,
};
