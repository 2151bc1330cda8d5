/*
 * schema_population — the field table of a population figure (domain/population.c),
 * registered in schema.c's list like the other entities: it drives the output
 * allow-list of GET /api/v1/org-units/{id}/population, the OpenAPI component
 * "population" and names the CSV columns of the import (org_unit, year; the count
 * columns are the population groups).
 */
#include "domain/schema.h"

#include <stddef.h>

static const char *const sources[] = {"own", "sum", NULL};

const kazi_field kazi_schema_population_fields[] = {
    /* input (CSV): the unit by its code */
    {"org_unit", KAZI_F_TEXT, KAZI_FIELD_INPUT | KAZI_FIELD_REQUIRED, 64, NULL, "org_unit"},
    {"year", KAZI_F_INTEGER, KAZI_FIELD_INPUT | KAZI_FIELD_OUTPUT | KAZI_FIELD_REQUIRED, 0, NULL,
     "year"},
    {"group", KAZI_F_TEXT, KAZI_FIELD_INPUT | KAZI_FIELD_OUTPUT | KAZI_FIELD_REQUIRED, 64, NULL,
     ""},
    {"count", KAZI_F_INTEGER, KAZI_FIELD_INPUT | KAZI_FIELD_OUTPUT | KAZI_FIELD_NULLABLE, 0, NULL,
     ""},
    /* output: how the figure was found */
    {"source", KAZI_F_ENUM, KAZI_FIELD_OUTPUT | KAZI_FIELD_NULLABLE, 0, sources, ""},
    {"missing", KAZI_F_BOOL, KAZI_FIELD_OUTPUT, 0, NULL, ""},
    {"figures", KAZI_F_INTEGER, KAZI_FIELD_OUTPUT, 0, NULL, ""},
    {"missing_units", KAZI_F_TEXT_LIST, KAZI_FIELD_OUTPUT, 0, NULL, ""},
    {NULL, 0, 0, 0, NULL, NULL},
};
