#include "http/openapi.h"
#include "http/router.h"
#include "version.h"

#include <ctype.h>
#include <string.h>

static json_t *error_response(const char *description)
{
    return json_pack("{s:s,s:{s:{s:{s:s}}}}", "description", description, "content",
                     "application/json", "schema", "$ref", "#/components/schemas/Error");
}

static json_t *operation(const kazi_route *r)
{
    json_t *op = json_pack("{s:s,s:s}", "summary", r->summary ? r->summary : "",
                           "x-kazi-permission", r->permission);
    json_t *params = json_array();
    for (const char *p = strchr(r->pattern, '{'); p; p = strchr(p + 1, '{')) {
        const char *close = strchr(p, '}');
        json_array_append_new(params, json_pack("{s:s%,s:s,s:b,s:{s:s}}", "name", p + 1,
                                                (size_t)(close - p - 1), "in", "path", "required",
                                                1, "schema", "type", "string"));
    }
    json_object_set_new(op, "parameters", params);
    json_t *responses = json_object();
    json_object_set_new(responses, "200", json_pack("{s:s}", "description", "Success"));
    json_object_set_new(responses, "default", error_response("Error"));
    json_object_set_new(op, "responses", responses);
    if (strcmp(r->permission, KAZI_PERM_PUBLIC) == 0) {
        json_object_set_new(op, "security", json_array());
    }
    /* Tag by the first path segment after the version: /api/v1/people/{id} → people. */
    const char *seg = r->pattern;
    if (!strncmp(seg, "/api/v1/", 8))
        seg += 8;
    else if (*seg == '/')
        seg++;
    size_t n = strcspn(seg, "/{");
    json_object_set_new(op, "tags", json_pack("[s%]", n ? seg : "ops", n ? n : 3));
    return op;
}

json_t *kazi_openapi_document(void)
{
    json_t *paths = json_object();
    for (int i = 0; i < kazi_router_count(); i++) {
        const kazi_route *r = kazi_router_at(i);
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
        json_object_set_new(item, method, operation(r));
    }
    json_t *error_schema =
        json_pack("{s:s,s:[s],s:{s:{s:s,s:[s,s],s:{s:{s:s},s:{s:s},s:{s:s}}}}}", "type", "object",
                  "required", "error", "properties", "error", "type", "object", "required", "code",
                  "message", "properties", "code", "type", "string", "message", "type", "string",
                  "field", "type", "string");
    return json_pack(
        "{s:s,s:{s:s,s:s,s:s},s:o,s:{s:{s:o},s:{s:{s:s,s:s,s:s},s:{s:s,s:s}}},s:[{s:[]},{s:[]}]}",
        "openapi", "3.0.3", "info", "title", "Kazi API", "version", KAZI_VERSION, "description",
        "National information system for the social service workforce.", "paths", paths,
        "components", "schemas", "Error", error_schema, "securitySchemes", "session", "type",
        "apiKey", "in", "cookie", "name", "kazi_session", "bearer", "type", "http", "scheme",
        "bearer", "security", "session", "bearer");
}
