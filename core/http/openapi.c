#include "http/openapi.h"
#include "domain/schema.h"
#include "http/router.h"
#include "http/schemas.h"
#include "version.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JSON_MEDIA "application/json"

/* The errors an operation may answer, and when: every status a handler, the router's
 * guards (authentication, permission, body limit, rate limit) or the store can send. */
enum { ANY = 0, AUTHENTICATED = 1, WRITES = 2, PRIVATE = 3 };
static const struct {
    const char *status, *description;
    int when;
} errors[] = {
    {"400", "Malformed request: bad JSON, query or path", ANY},
    {"401", "Not signed in, the session or token expired, or wrong credentials", AUTHENTICATED},
    {"403", "Signed in, but not allowed this operation or record", PRIVATE},
    {"404", "No such record (or outside the caller's scope)", ANY},
    {"409", "Conflicts with the stored state (exists, changed meanwhile)", WRITES},
    {"413", "The request body is larger than this operation's limit", ANY},
    {"422", "A field or parameter is invalid; the error names it", ANY},
    {"429", "Too many requests; try again later", ANY},
    {"500", "Internal error; the request id is in the log", ANY},
    {"503", "Busy or timed out; try again", ANY},
    {"507", "The disk is full; nothing was saved", WRITES},
};

static json_t *ref(const char *name)
{
    char buf[128];
    snprintf(buf, sizeof buf, "#/components/schemas/%s", name);
    return json_pack("{s:s}", "$ref", buf);
}

static int is_entity(const char *name)
{
    for (const char *const *e = kazi_schema_entities(); *e; e++)
        if (!strcmp(*e, name)) return 1;
    return 0;
}

/*
 * The schema for a row's schema name (see router.h), adding an entity's component on
 * first use. Sets *media (and *also, a second content type, or NULL). NULL for a name
 * nothing declares: a route row's typo, which the document refuses to hide.
 */
static json_t *resolve(json_t *components, const char *name, kazi_schema_use use,
                       const char **media, const char **also)
{
    *media = JSON_MEDIA;
    *also = NULL;
    const char *colon = strchr(name, ':');
    if (colon) {
        const char *m, *a;
        json_t *inner = resolve(components, colon + 1, use, &m, &a);
        if (!inner) return NULL;
        json_t *items = json_pack("{s:s,s:o}", "type", "array", "items", inner);
        char key[64];
        snprintf(key, sizeof key, "%.*s", (int)(colon - name), name);
        if (!strcmp(key, "page"))
            return json_pack("{s:s,s:[s,s,s],s:{s:o,s:{s:s,s:s},s:{s:s,s:b,s:s}},s:b}", "type",
                             "object", "required", "items", "total", "next", "properties", "items",
                             items, "total", "type", "integer", "description",
                             "how many match, on every page", "next", "type", "integer", "nullable",
                             1, "description", "the `after` of the next page, null on the last",
                             "additionalProperties", 0);
        return json_pack("{s:s,s:[s],s:{s:o},s:b}", "type", "object", "required", key, "properties",
                         key, items, "additionalProperties", 0);
    }
    const kazi_http_schema *s = kazi_http_schema_find(name);
    if (s) {
        *media = s->media;
        *also = s->also;
        return ref(name);
    }
    if (!is_entity(name)) return NULL;
    static const char *const suffix[] = {"", "_create", "_update", ""};
    char component[96];
    snprintf(component, sizeof component, "%s%s", name, suffix[use]);
    if (!json_object_get(components, component)) {
        json_t *schema = kazi_schema_openapi(name, use);
        json_object_set_new(components, component,
                            schema ? schema : json_pack("{s:s}", "type", "object"));
    }
    return ref(component);
}

static json_t *content(json_t *schema, const char *media, const char *also)
{
    json_t *c = json_pack("{s:{s:o}}", media, "schema", schema);
    if (also) json_object_set_new(c, also, json_pack("{s:{s:s}}", "schema", "type", "string"));
    return c;
}

static json_t *operation(json_t *components, const kazi_route *r)
{
    int public = !strcmp(r->permission, KAZI_PERM_PUBLIC), get = !strcmp(r->method, "GET");
    const char *media, *also;
    char id[160];
    size_t n = 0;
    for (const char *c = r->method; *c && n + 1 < sizeof id; c++)
        id[n++] = (char)tolower((unsigned char)*c);
    for (const char *c = r->pattern; *c && n + 1 < sizeof id; c++)
        if (isalnum((unsigned char)*c))
            id[n++] = *c;
        else if (id[n - 1] != '_')
            id[n++] = '_';
    while (n && id[n - 1] == '_')
        n--;
    id[n] = '\0';
    json_t *op =
        json_pack("{s:s,s:s,s:s,s:I}", "operationId", id, "summary", r->summary ? r->summary : "",
                  "x-kazi-permission", r->permission, "x-kazi-max-body",
                  (json_int_t)(r->max_body ? r->max_body : KAZI_DEFAULT_MAX_BODY));
    json_t *params = json_array();
    for (const char *p = strchr(r->pattern, '{'); p; p = strchr(p + 1, '{')) {
        const char *close = strchr(p, '}');
        int is_id = close - p - 1 == 2 && !strncmp(p + 1, "id", 2);
        json_array_append_new(params, json_pack("{s:s%,s:s,s:b,s:{s:s}}", "name", p + 1,
                                                (size_t)(close - p - 1), "in", "path", "required",
                                                1, "schema", "type", is_id ? "integer" : "string"));
    }
    for (const kazi_query_param *q = r->query; q && q->name; q++)
        json_array_append_new(params, json_pack("{s:s,s:s,s:b,s:{s:s}}", "name", q->name, "in",
                                                "query", "required", 0, "schema", "type", q->type));
    /* Every operation's: the language of its messages (http/dispatch.c). */
    json_array_append_new(
        params, json_pack("{s:s,s:s,s:b,s:{s:s},s:s}", "name", "lang", "in", "query", "required", 0,
                          "schema", "type", "string", "description",
                          "the language of the reply's messages: one of GET /api/v1/languages (400 "
                          "naming lang otherwise); wins over Accept-Language"));
    json_object_set_new(op, "parameters", params);
    if (r->body) {
        json_t *schema = resolve(
            components, r->body,
            !strcmp(r->method, "POST") ? KAZI_SCHEMA_CREATE : KAZI_SCHEMA_UPDATE, &media, &also);
        if (!schema) goto fail;
        json_object_set_new(
            op, "requestBody",
            json_pack("{s:b,s:o}", "required", 1, "content", content(schema, media, also)));
    }
    json_t *responses = json_object();
    json_object_set_new(op, "responses", responses);
    char status[8];
    snprintf(status, sizeof status, "%d", r->status ? r->status : r->reply ? 200 : 204);
    json_t *ok = json_pack("{s:s}", "description", "Success");
    json_object_set_new(responses, status, ok);
    if (r->reply) {
        json_t *schema = resolve(components, r->reply, KAZI_SCHEMA_OUTPUT, &media, &also);
        if (!schema) goto fail;
        json_object_set_new(ok, "content", content(schema, media, also));
    }
    if (r->status_also == 304) /* kazi_reply_json_etag: the client's copy is current */
        json_object_set_new(responses, "304",
                            json_pack("{s:s}", "description",
                                      "Not modified: If-None-Match names the current ETag"));
    else if (r->status_also) {
        snprintf(status, sizeof status, "%d", r->status_also);
        json_object_set(responses, status, ok);
    }
    /* A reply whose schema is also a failure's body (healthz's 503): either body. */
    const kazi_http_schema *rs = r->reply ? kazi_http_schema_find(r->reply) : NULL;
    for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++) {
        /* A public operation answers 401 only when its body carries credentials (sign-in). */
        if ((errors[i].when == AUTHENTICATED && public && !r->body) ||
            (errors[i].when == PRIVATE && public) || (errors[i].when == WRITES && get))
            continue;
        json_t *schema = ref("Error");
        if (rs && rs->failure == atoi(errors[i].status))
            schema = json_pack("{s:[o,o]}", "anyOf", ref(r->reply), schema);
        json_object_set_new(responses, errors[i].status,
                            json_pack("{s:s,s:o}", "description", errors[i].description, "content",
                                      content(schema, JSON_MEDIA, NULL)));
    }
    if (public) json_object_set_new(op, "security", json_array());
    /* Tag by the first path segment after the version: /api/v1/people/{id} → people. */
    const char *seg = r->pattern;
    if (!strncmp(seg, "/api/v1/", 8))
        seg += 8;
    else if (*seg == '/')
        seg++;
    size_t len = strcspn(seg, "/{");
    json_object_set_new(op, "tags", json_pack("[s%]", len ? seg : "ops", len ? len : 3));
    return op;
fail:
    json_decref(op);
    return NULL;
}

json_t *kazi_openapi_document(void)
{
    json_t *components = json_object(), *paths = json_object();
    for (int i = 0; kazi_http_schema_at(i); i++) {
        const kazi_http_schema *s = kazi_http_schema_at(i);
        json_t *schema;
        if (kazi_json_parse(&schema, s->schema, strlen(s->schema)) < 0) goto fail;
        json_object_set_new(components, s->name, schema);
    }
    for (int i = 0; i < kazi_router_count(); i++) {
        const kazi_route *r = kazi_router_at(i);
        /* The FHIR API's contract is its CapabilityStatement (/fhir/metadata). */
        if (!strncmp(r->pattern, "/fhir/", 6)) continue;
        json_t *item = json_object_get(paths, r->pattern);
        if (!item) {
            item = json_object();
            json_object_set_new(paths, r->pattern, item);
        }
        char method[16];
        size_t k;
        for (k = 0; r->method[k] && k + 1 < sizeof method; k++)
            method[k] = (char)tolower((unsigned char)r->method[k]);
        method[k] = '\0';
        json_t *op = operation(components, r);
        if (!op) goto fail;
        json_object_set_new(item, method, op);
    }
    /* Every entity's record, also those only named inside another schema (a $ref). */
    for (const char *const *e = kazi_schema_entities(); *e; e++) {
        if (json_object_get(components, *e)) continue;
        json_t *schema = kazi_schema_openapi(*e, KAZI_SCHEMA_OUTPUT);
        if (schema) json_object_set_new(components, *e, schema);
    }
    return json_pack(
        "{s:s,s:{s:s,s:s,s:s},s:o,s:{s:o,s:{s:{s:s,s:s,s:s},s:{s:s,s:s}}},s:[{s:[]},{s:[]}]}",
        "openapi", "3.0.3", "info", "title", "Kazi API", "version", KAZI_VERSION, "description",
        "National information system for the social service workforce. Every operation lists "
        "the statuses it answers; an error is always the Error body. A known path with a "
        "method it does not serve answers 405 with an Allow header. Every operation takes "
        "?lang= (a language of GET /api/v1/languages) and honours Accept-Language; the reply "
        "says which it used in Content-Language.",
        "paths", paths, "components", "schemas", components, "securitySchemes", "session", "type",
        "apiKey", "in", "cookie", "name", "kazi_session", "bearer", "type", "http", "scheme",
        "bearer", "security", "session", "bearer");
fail:
    json_decref(components);
    json_decref(paths);
    return NULL;
}
