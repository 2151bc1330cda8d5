/*
 * population — the denominators: how many people of each population group live in
 * an org unit in a year, imported from CSV, and the figure of any unit rolled up
 * its hierarchy (its own figure, else the sum of the figures below it), with a
 * missing year said rather than guessed.
 * Owns: the population groups in force (kazi.population_group declarations of the
 * live configuration; plugins/population.lua declares "total" and "children"), the
 * CSV import of figures and the roll-up.
 * Uses: store/population, store/orgunit, auth/caller (scope), domain/audit,
 * lua/runtime (the catalogue), util/csv.
 * Thread-safety: reentrant; each call uses the connection it is given.
 */
#ifndef KAZI_DOMAIN_POPULATION_H
#define KAZI_DOMAIN_POPULATION_H

#include <stddef.h>
#include <stdint.h>

#include "auth/caller.h"
#include "store/db.h"
#include "util/json.h"

/* The population group ids in force, in declaration order, as a new JSON array of
 * strings: the live configuration's, or "total" and "children" when no configuration
 * is loaded. */
json_t *kazi_population_groups(void);

/*
 * Import figures from CSV: a header `org_unit,year,<group>,<group>...` (the unit's
 * code, the year, one column per population group; docs/plugins.md, "Population
 * denominators") and one row per unit and year. An empty cell gives no figure (a
 * stored one is kept); a figure replaces the stored one. All or nothing: on any
 * problem nothing is written,
 * *report is a new JSON array of {row, column, field?, message} (the caller's) and
 * the result is KAZI_EINVALID (slug "invalid_csv"). A unit outside the caller's
 * scope is reported exactly like a unit that does not exist. On KAZI_OK *figures is
 * the number of figures written and *rows the number of data rows.
 */
int kazi_population_import_csv(int *figures, int *rows, json_t **report, kazi_db *db,
                               const kazi_caller *caller, const char *csv, size_t len);

/*
 * The population of org unit `org_unit_id` for `year` (0: every year with a figure at
 * or below the unit) as a new JSON object {org_unit_id, year, groups, figures}: one
 * figure per year and group, {year, group, count, source, missing, figures,
 * missing_units}. `source` is "own" (the unit's own figure) or "sum" (the sum of the
 * top-most figures below it: `figures` of them; `missing_units` lists the codes of
 * child units with no figure at or below them, whose people the sum leaves out);
 * a year with no figure at or below the unit has count null and missing true.
 * KAZI_ENOTFOUND when the unit does not exist or is outside the caller's scope;
 * KAZI_EINVALID (field "year") for a year outside 1900..2200.
 */
int kazi_population_get_for(json_t **out, kazi_db *db, const kazi_caller *caller,
                            int64_t org_unit_id, int year);

#endif
