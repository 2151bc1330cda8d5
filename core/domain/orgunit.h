/*
 * orgunit — the org-unit hierarchy's rules: levels by depth, creating and renaming
 * units, and the all-or-nothing CSV import (`kazi import org-units FILE`).
 * Owns: the level list (a hook the configuration runtime fills), the import format.
 * Uses: store/orgunit, domain/audit, util/csv.
 * Thread-safety: set the levels once before serving; the rest is reentrant.
 *
 * CSV format (header required, columns in any order, comma or semicolon):
 *   code,name,parent_code,level
 *   TZ,Tanzania,,country
 *   TZ-01,Arusha,TZ,region
 * `level` is the level id at the unit's depth (its parent's depth + 1; the root has
 * depth 0) or that depth as a number. Parents may come earlier in the file or exist
 * already.
 */
#ifndef KAZI_DOMAIN_ORGUNIT_H
#define KAZI_DOMAIN_ORGUNIT_H

#include <stddef.h>
#include <stdint.h>

#include "domain/audit.h"
#include "store/orgunit.h"

#define KAZI_ORGUNIT_MAX_LEVELS 12

/*
 * HOOK for the country configuration: the level ids, top (depth 0) first, e.g.
 * {"country","region","district","ward","village"} from country.lua's `levels`.
 * Until the configuration runtime calls this, a default five-level list matching
 * country-config/tanzania is used. Copies the ids. KAZI_EINVALID for n outside
 * 1..KAZI_ORGUNIT_MAX_LEVELS or an empty id.
 */
int kazi_orgunit_set_levels(const char *const *ids, int n);

/* Number of levels and the id at `depth` (NULL when out of range). */
int kazi_orgunit_level_count(void);
const char *kazi_orgunit_level_id(int depth);

/*
 * Resolve a level given as an id or a depth number for a unit at `depth`: KAZI_OK with
 * the canonical id in out (33 bytes), KAZI_EINVALID (field "level") when it names
 * another depth or nothing.
 */
int kazi_orgunit_resolve_level(char out[33], int depth, const char *level);

typedef struct kazi_orgunit_spec {
    const char *code, *name;
    int64_t parent_id; /* 0: the root (only one root may exist) */
    const char *level; /* NULL: the level at the depth */
} kazi_orgunit_spec;

/* Create a unit as the caller, in its own transaction, audited "orgunit.create" as the
 * caller (kazi_caller_audit): a parent absent or outside the caller's scope is refused
 * alike (KAZI_EINVALID naming parent_id). */
int kazi_orgunit_create(kazi_orgunit *out, kazi_db *db, const kazi_caller *caller,
                        const kazi_orgunit_spec *spec);

/* Change unit `id`'s code and/or name (NULL: unchanged) as the caller: KAZI_ENOTFOUND
 * when absent or outside its scope; audited "orgunit.update" as the caller. */
int kazi_orgunit_rename(kazi_orgunit *out, kazi_db *db, const kazi_caller *caller, int64_t id,
                        const char *code, const char *name);

/*
 * Import units from CSV text, all or nothing: every row is validated (and inserted
 * inside one transaction); if any row is bad nothing is written and KAZI_EINVALID is
 * returned with *report a new JSON array of {row, column, field, message} (at most 100
 * entries, row numbers counting the header as row 1). On success *count is the number
 * of units created and *report is NULL. One audit row ("orgunit.import") records the
 * import as the caller. A parent outside the caller's scope reads like an absent one.
 */
int kazi_orgunit_import_csv(int *count, json_t **report, kazi_db *db, const kazi_caller *caller,
                            const char *csv, size_t len);

/* ---- as a caller (scope decided here, not in handlers) ------------------------------- */

/*
 * The units the caller may browse: a name/code search `q` (non-NULL), the children of
 * `parent` (> 0; a parent outside the scope is 404 like an absent one), else the top
 * of the caller's scope (the roots for national callers, the scope unit otherwise).
 * Paged by limit/offset. *out: new JSON array.
 */
int kazi_orgunit_list_for(json_t **out, kazi_db *db, const kazi_caller *caller, const char *q,
                          int64_t parent, int limit, int offset);

/* Unit `id` with its "path" (ancestors included: their names are not secret), or
 * KAZI_ENOTFOUND when absent or outside the caller's scope. *out: new object. */
int kazi_orgunit_get_for(json_t **out, kazi_db *db, const kazi_caller *caller, int64_t id);

/* The children of unit `id` inside the caller's scope (404 for a unit outside it). */
int kazi_orgunit_children_for(json_t **out, kazi_db *db, const kazi_caller *caller, int64_t id,
                              int limit, int offset);

/* Call fn for every unit of the caller's scope, parents before children. */
int kazi_orgunit_each_for(kazi_db *db, const kazi_caller *caller,
                          int (*fn)(void *ctx, const kazi_orgunit *u, const char *parent_code),
                          void *ctx);

#endif
