/*
 * schema — one field table per entity: validation, store binding, output allow-list,
 * CSV columns and the OpenAPI request and response schemas.
 * Owns: the entities' field tables.
 * Uses: util/json.
 * Thread-safety: the tables are constant; every function is reentrant.
 */
#ifndef KAZI_DOMAIN_SCHEMA_H
#define KAZI_DOMAIN_SCHEMA_H

#include "util/json.h"

/* What a schema describes: the body that creates, the body that changes, or the output. */
typedef enum {
    KAZI_SCHEMA_CREATE = 1,
    KAZI_SCHEMA_UPDATE = 2,
    KAZI_SCHEMA_OUTPUT = 3
} kazi_schema_use;

/* The JSON Schema (OpenAPI dialect) of `entity` for `use`: a new reference the caller
 * decrefs, or NULL for an entity without a field table. */
json_t *kazi_schema_openapi(const char *entity, kazi_schema_use use); /* new ref or NULL */

/* The entity names with a field table ("person", "position", ...): NULL-terminated,
 * static. */
const char *const *kazi_schema_entities(void); /* NULL-terminated, static */

#endif
