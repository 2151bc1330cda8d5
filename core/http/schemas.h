/*
 * schemas — the JSON Schemas of the bodies that are not entities (sign-in, tokens,
 * configuration proposals, reports, figures, ...), declared once for the OpenAPI
 * document. Entities' schemas come from domain/schema.
 * Owns: the table of named non-entity schemas and their media types, and the check
 * that a JSON body has no field its strict schema does not list.
 * Uses: util/json (the schema text, parsed once).
 * Thread-safety: constant data; the parsed schemas are built once (pthread_once).
 */
#ifndef KAZI_HTTP_SCHEMAS_H
#define KAZI_HTTP_SCHEMAS_H

#include "util/json.h"

typedef struct kazi_http_schema {
    const char *name;   /* component name, as route rows name it ("Login") */
    const char *media;  /* the body's content type */
    const char *schema; /* JSON Schema text, OpenAPI 3.0 dialect */
    const char *also;   /* a second content type the same operation may answer (string body) */
    int failure;        /* an error status whose body may be this schema instead of Error */
} kazi_http_schema;

/* The named schema, or NULL. */
const kazi_http_schema *kazi_http_schema_find(const char *name);

/* Row i of the table (0-based), NULL past the end: every one is a component. */
const kazi_http_schema *kazi_http_schema_at(int i);

/*
 * Whether `body` keeps to the schema `name` declares for it: when `name` is a row of the
 * table whose object schema refuses other properties (additionalProperties: false), every
 * top-level key of body must be one of its properties, so nothing a client sends is
 * dropped unread and the document is not narrower than the server. KAZI_OK otherwise
 * (an entity's name, a permissive schema, a body that is not an object); KAZI_EINVALID
 * naming the first unknown field.
 */
int kazi_http_schema_known(const char *name, const json_t *body);

#endif
