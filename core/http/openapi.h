/*
 * openapi — the OpenAPI 3 document, generated from the router's own table so it
 * cannot drift from the routes that exist: each row's query parameters, request body,
 * success status and body, and the errors its guards and handler can answer (always
 * the one Error body). tests/api/lib/contract.mjs holds every API test's responses to it.
 * Owns: the document's layout and the rule for which error statuses an operation lists.
 * Uses: http/router, http/schemas (non-entity bodies), domain/schema (entities).
 * Thread-safety: reentrant (builds a new document per call).
 */
#ifndef KAZI_HTTP_OPENAPI_H
#define KAZI_HTTP_OPENAPI_H

#include "util/json.h"

/* A new OpenAPI 3.0 document describing every installed route (caller decrefs), or NULL
 * when a route row names a schema that neither http/schemas nor domain/schema declares. */
json_t *kazi_openapi_document(void);

#endif
