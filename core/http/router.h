/*
 * router — the route table: method + path pattern → handler + permission.
 * Owns: the flattened, validated route list built from each resource's table.
 * Uses: http/request.
 * Thread-safety: built once before serving, then read-only and shared.
 */
#ifndef KAZI_HTTP_ROUTER_H
#define KAZI_HTTP_ROUTER_H

#include <stddef.h>

#include "http/request.h"

/* A handler answers through resp and returns KAZI_OK, or a negative code with the
 * thread's last error set; the dispatcher turns that into the JSON error body. */
typedef int (*kazi_handler)(kazi_req *req, kazi_resp *resp);

/* Permission of a route that needs no authentication at all. */
#define KAZI_PERM_PUBLIC "public"

/* A query parameter an operation reads: its name and JSON Schema type. */
typedef struct kazi_query_param {
    const char *name;
    const char *type; /* "string", "integer" or "boolean" */
} kazi_query_param;

/* A route row's query list: `.query = KAZI_QUERY({"q", "string"}, {"limit", "integer"})`. */
#define KAZI_QUERY(...) ((const kazi_query_param[]){__VA_ARGS__, {0}})

/*
 * A route row. The first six fields route and guard the request; the rest are the
 * contract the OpenAPI document publishes (http/openapi.c). Schema names are either a
 * component of http/schemas.c ("Login"), an entity of domain/schema.h ("person": its
 * create, update or output schema by method), or a wrapper of either: "items:person"
 * ({items: [...]}) or "page:person" ({items: [...], next}). Add them with designated
 * initialisers so a row reads as a sentence.
 */
typedef struct kazi_route {
    const char *method;  /* "GET", "POST", "PUT", "PATCH", "DELETE" */
    const char *pattern; /* "/api/v1/people/{id}" — literal segments and {params} */
    kazi_handler handler;
    const char *permission; /* KAZI_PERM_PUBLIC, or a permission name the auth layer checks */
    const char *summary;    /* one line for the OpenAPI document */
    size_t max_body;        /* request body limit in bytes; 0 = KAZI_DEFAULT_MAX_BODY */
    const char *body;       /* request body schema name; NULL = the operation reads none */
    const char *reply;      /* success body schema name; NULL = no body */
    int status;             /* success status; 0 = 200 with a reply, 204 without */
    int status_also;        /* a second success status with the same body, or 0 */
    const kazi_query_param *query; /* KAZI_QUERY(...) list, or NULL */
    int secret; /* the reply carries a secret (session, CSRF, TOTP, token): never compressed
                   (BREACH; http/compress.h, docs/security.md) */
} kazi_route;

/* A resource's table ends with an entry whose method is NULL. */
#define KAZI_ROUTES_END                                                                            \
    {                                                                                              \
        0                                                                                          \
    }

/*
 * Build the router from NULL-terminated list of route tables. Validates every pattern
 * (starts with '/', balanced braces, at most KAZI_MAX_PARAMS params) and rejects a
 * duplicate method+pattern: KAZI_EINVALID naming the pattern. Replaces any previous table.
 */
int kazi_router_build(const kazi_route *const *tables);

/* Free the table (for tests and shutdown). */
void kazi_router_free(void);

/*
 * Match method and req->path. A path belongs to its most specific pattern: segment by
 * segment from the left, a literal beats a {param}, so /org-units/import is that path
 * and never /org-units/{id} with id "import". On KAZI_OK sets req->route,
 * req->route_index and the path params. KAZI_ENOTFOUND when no pattern matches the
 * path; KAZI_EMETHOD when the path's pattern exists but not with this method — `allow`
 * then lists its methods ("GET, POST"). A param longer than KAZI_PARAM_MAX-1 bytes does
 * not match.
 */
int kazi_router_match(kazi_req *req, char *allow, size_t allow_size);

/* Number of routes and route i (0-based), for OpenAPI and the permission tests. */
int kazi_router_count(void);
const kazi_route *kazi_router_at(int i);

#endif
