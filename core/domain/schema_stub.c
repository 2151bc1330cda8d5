/*
 * TEMPORARY stand-in for core/domain/schema.c (issue #14 point 2, helper "schema"):
 * every entity's schema is a permissive object until the field tables land. The lead
 * deletes this file when merging the real schema.c.
 */
#include "domain/schema.h"

#include <string.h>

static const char *const entities[] = {
    "person", "position", "assignment", "org_unit", "training_event", NULL,
};

json_t *kazi_schema_openapi(const char *entity, kazi_schema_use use)
{
    (void)use;
    for (size_t i = 0; entities[i]; i++)
        if (!strcmp(entities[i], entity)) return json_pack("{s:s}", "type", "object");
    return NULL;
}

const char *const *kazi_schema_entities(void)
{
    return entities;
}
