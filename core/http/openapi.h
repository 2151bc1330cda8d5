/*
 * openapi — the OpenAPI 3 document, generated from the router's own table so it
 * cannot drift from the routes that exist.
 * Owns: the document's layout.
 * Uses: http/router.
 * Thread-safety: reentrant (builds a new document per call).
 */
#ifndef KAZI_HTTP_OPENAPI_H
#define KAZI_HTTP_OPENAPI_H

#include "util/json.h"

/* A new OpenAPI 3.0 document describing every installed route (caller decrefs). */
json_t *kazi_openapi_document(void);

#endif
