/*
 * export — CSV and JSON extracts of people, positions and assignments within the
 * caller's scope; for callers without the right to personal data (the analyst) the
 * people and assignment extracts carry no names, birth dates, contacts, identifiers
 * or person ids. CSV cells that a spreadsheet would run as formulas are neutralised.
 * Owns: the export column lists.
 * Uses: store/registry (streaming reads), util/csv (writer), domain/registry (actor).
 * Thread-safety: reentrant.
 */
#ifndef KAZI_DOMAIN_EXPORT_H
#define KAZI_DOMAIN_EXPORT_H

#include <stddef.h>

#include "domain/import.h"
#include "domain/registry.h"

typedef enum { KAZI_EXPORT_CSV, KAZI_EXPORT_JSON } kazi_export_format;

/* Receives the extract in pieces; a negative return stops the export and is returned. */
typedef int (*kazi_export_sink)(void *ctx, const char *buf, size_t len);

/*
 * Export `kind` as CSV (header + rows) or JSON (an array of objects) for the actor,
 * restricted as kazi_export_run, handing it to `sink` in pieces of about 64 KiB as the
 * rows are read, so memory does not grow with the number of rows.
 */
int kazi_export_stream(kazi_db *db, const kazi_caller *actor, kazi_import_kind kind,
                       kazi_export_format format, const char *lo, const char *hi,
                       kazi_export_sink sink, void *sink_ctx);

/* The People screen's filters for a people extract; NULL members are not applied. */
typedef struct kazi_export_people_filter {
    const char *q;      /* name prefix (family-first or given-first) or identifier */
    const char *cadre;  /* holds a current assignment in a post of this cadre */
    const char *status; /* active, inactive, deceased, merged (default: all but merged) */
} kazi_export_people_filter;

/* kazi_export_stream for people, narrowed by `f` as the people search narrows its list. */
int kazi_export_people(kazi_db *db, const kazi_caller *actor, kazi_export_format format,
                       const char *lo, const char *hi, const kazi_export_people_filter *f,
                       kazi_export_sink sink, void *sink_ctx);

/*
 * Export `kind` as CSV (header + rows) or JSON (an array of objects) for the actor,
 * restricted to the org-unit range [lo, hi) when lo is given (the caller checks it
 * lies within scope) and always to the actor's scope. *out (malloc, caller frees).
 */
int kazi_export_run(char **out, size_t *len, kazi_db *db, const kazi_caller *actor,
                    kazi_import_kind kind, kazi_export_format format, const char *lo,
                    const char *hi);

#endif
