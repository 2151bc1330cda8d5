/*
 * fhir (http) — /fhir/: the FHIR R4 mCSD read API (metadata, read, search, _history).
 * Owns: these routes, their parameter parsing (unknown parameters refused by name) and
 * the service base URL of links.
 * Uses: domain/fhir, http/caller. Errors become OperationOutcome in http/request.c.
 * Thread-safety: handlers run on any worker thread with its own connection.
 */
#include "domain/fhir.h"
#include "http/caller.h"
#include "http/router.h"
#include "util/error.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FHIR_JSON "application/fhir+json"

static int reply(kazi_resp *resp, json_t *doc)
{
    char *text = doc ? kazi_json_dump(doc) : NULL;
    json_decref(doc);
    if (!text) return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    kazi_reply_take(resp, 200, FHIR_JSON, text, strlen(text));
    return KAZI_OK;
}

/* "http(s)://<host>/fhir", the host as the client named it (checked characters only). */
static void base_url(char *buf, size_t size, const kazi_req *req)
{
    const char *host = kazi_req_header(req, "Host");
    int ok = host && *host && strlen(host) < 200;
    for (const char *h = host; ok && *h; h++)
        ok = isalnum((unsigned char)*h) || strchr(".-:[]", *h);
    snprintf(buf, size, "%s://%s/fhir", req->is_tls ? "https" : "http", ok ? host : "localhost");
}

/* The resource type: the path's second segment ("/fhir/Practitioner/..."). */
static int type_of(char *buf, size_t size, const kazi_req *req)
{
    const char *t = req->path + strlen("/fhir/");
    size_t n = strcspn(t, "/");
    if (n == 0 || n >= size) return kazi_error_set(KAZI_ENOTFOUND, NULL, "no such resource type");
    memcpy(buf, t, n);
    buf[n] = '\0';
    return KAZI_OK;
}

/* Every query parameter must be one the operation reads; _format=json and lang (the
 * language of every Kazi reply, http/dispatch.c) are accepted. */
static int check_names(const kazi_req *req, const char *const *allowed)
{
    const char *q = req->query;
    while (q && *q) {
        size_t len = strcspn(q, "&");
        size_t klen = strcspn(q, "=&");
        int known =
            (klen == 7 && !strncmp(q, "_format", 7)) || (klen == 4 && !strncmp(q, "lang", 4));
        for (int i = 0; allowed && allowed[i] && !known; i++)
            known = strlen(allowed[i]) == klen && !strncmp(q, allowed[i], klen);
        if (!known && klen) {
            char name[64];
            snprintf(name, sizeof name, "%.*s", (int)(klen < 60 ? klen : 60), q);
            return kazi_error_set(
                KAZI_EINVALID, name,
                "search parameter '%s' is not supported here (see /fhir/metadata)", name);
        }
        q += len;
        if (*q == '&') q++;
    }
    return KAZI_OK;
}

typedef struct pbuf {
    char id[40], last_updated[48], since[48], name[120], identifier[200], active[8], partof[48],
        organization[48], location[48], practitioner[48], include[48], cursor[80], count[12];
} pbuf;

static int params(kazi_fhir_params *p, pbuf *b, const kazi_req *req)
{
    memset(p, 0, sizeof *p);
    int rc;
    if ((rc = kazi_req_query_opt(&p->id, b->id, sizeof b->id, req, "_id")) < 0 ||
        (rc = kazi_req_query_opt(&p->last_updated, b->last_updated, sizeof b->last_updated, req,
                                 "_lastUpdated")) < 0 ||
        (rc = kazi_req_query_opt(&p->since, b->since, sizeof b->since, req, "_since")) < 0 ||
        (rc = kazi_req_query_opt(&p->name, b->name, sizeof b->name, req, "name")) < 0 ||
        (rc = kazi_req_query_opt(&p->identifier, b->identifier, sizeof b->identifier, req,
                                 "identifier")) < 0 ||
        (rc = kazi_req_query_opt(&p->active, b->active, sizeof b->active, req, "active")) < 0 ||
        (rc = kazi_req_query_opt(&p->partof, b->partof, sizeof b->partof, req, "partof")) < 0 ||
        (rc = kazi_req_query_opt(&p->organization, b->organization, sizeof b->organization, req,
                                 "organization")) < 0 ||
        (rc = kazi_req_query_opt(&p->location, b->location, sizeof b->location, req, "location")) <
            0 ||
        (rc = kazi_req_query_opt(&p->practitioner, b->practitioner, sizeof b->practitioner, req,
                                 "practitioner")) < 0 ||
        (rc = kazi_req_query_opt(&p->include, b->include, sizeof b->include, req, "_include")) <
            0 ||
        (rc = kazi_req_query_opt(&p->cursor, b->cursor, sizeof b->cursor, req, "_cursor")) < 0 ||
        (rc = kazi_req_query_opt(&p->count, b->count, sizeof b->count, req, "_count")) < 0)
        return rc;
    return KAZI_OK;
}

static int metadata(kazi_req *req, kazi_resp *resp)
{
    char base[256];
    base_url(base, sizeof base, req);
    return reply(resp, kazi_fhir_capability(base));
}

static int read_one(kazi_req *req, kazi_resp *resp)
{
    kazi_caller c;
    kazi_db *db;
    char type[40];
    json_t *out;
    int rc = kazi_http_setup(&c, &db, req);
    if (rc < 0 || (rc = type_of(type, sizeof type, req)) < 0 || (rc = check_names(req, NULL)) < 0 ||
        (rc = kazi_fhir_read(&out, db, &c, type, kazi_req_param(req, "id"))) < 0)
        return rc;
    return reply(resp, out);
}

static int search(kazi_req *req, kazi_resp *resp, int history)
{
    kazi_caller c;
    kazi_db *db;
    char type[40], base[256];
    int system = !strcmp(req->path, "/fhir/_history");
    int rc = kazi_http_setup(&c, &db, req);
    if (rc < 0) return rc;
    if (!system && (rc = type_of(type, sizeof type, req)) < 0) return rc;
    if ((rc = check_names(req, kazi_fhir_param_names(system ? NULL : type, history))) < 0)
        return rc;
    kazi_fhir_params p;
    pbuf b;
    char *out;
    size_t len;
    base_url(base, sizeof base, req);
    if ((rc = params(&p, &b, req)) < 0 ||
        (rc = kazi_fhir_search_text(&out, &len, db, &c, system ? NULL : type, history, &p, base)) <
            0)
        return rc;
    kazi_reply_take(resp, 200, FHIR_JSON, out, len);
    return KAZI_OK;
}

static int search_type(kazi_req *req, kazi_resp *resp)
{
    return search(req, resp, 0);
}

static int history(kazi_req *req, kazi_resp *resp)
{
    return search(req, resp, 1);
}

#define FHIR_ROUTES(type, perm)                                                                    \
    {"GET", "/fhir/" type, search_type, perm, "FHIR search of " type, .max_body = 0},              \
        {"GET", "/fhir/" type "/_history", history, perm, "FHIR history of " type, .max_body = 0}, \
    {                                                                                              \
        "GET", "/fhir/" type "/{id}", read_one, perm, "FHIR read of " type, .max_body = 0          \
    }

const kazi_route kazi_routes_fhir[] = {
    {"GET", "/fhir/metadata", metadata, KAZI_PERM_PUBLIC, "FHIR CapabilityStatement",
     .max_body = 0},
    {"GET", "/fhir/_history", history, "people.read", "FHIR history of every type", .max_body = 0},
    FHIR_ROUTES("Practitioner", "people.read"),
    FHIR_ROUTES("PractitionerRole", "positions.read"),
    FHIR_ROUTES("Location", "orgunits.read"),
    FHIR_ROUTES("Organization", "orgunits.read"),
    KAZI_ROUTES_END,
};
