/*
 * schemas — the JSON Schemas of the bodies that are not entities (sign-in, tokens,
 * configuration proposals, reports, figures, ...), declared once for the OpenAPI
 * document. Entities' schemas come from domain/schema.
 * Owns: the table of named non-entity schemas and their media types.
 * Uses: nothing (constant text, parsed by http/openapi).
 * Thread-safety: constant data.
 */
#ifndef KAZI_HTTP_SCHEMAS_H
#define KAZI_HTTP_SCHEMAS_H

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

#endif
