/*
 * planning — workforce planning: the need for each cadre per org unit from the
 * configuration's staffing norms (kazi.norm), the supply (the active workforce in
 * posts of the cadre), the shortfall, and a projection of supply over the next years
 * from the training funnel's observed rates and the observed exit rate, under
 * assumptions the request may override, with a second scenario (extra intake) beside
 * the baseline.
 * Owns: the norms' arithmetic and the projection.
 * Uses: store/planning, domain/population (the denominators), auth/caller (scope),
 * lua/runtime (the catalogue: norms, certifications, country levels).
 * Thread-safety: reentrant; each call uses the connection it is given.
 */
#ifndef KAZI_DOMAIN_PLANNING_H
#define KAZI_DOMAIN_PLANNING_H

#include "auth/caller.h"
#include "store/db.h"
#include "util/json.h"

#include <math.h>

#define KAZI_PLANNING_MAX_YEARS  20
#define KAZI_PLANNING_MAX_WINDOW 10

/* The flows of a projection. A rate is a share from 0 to 1. */
typedef struct kazi_planning_assumptions {
    double intake_per_year; /* people enrolled per year in courses leading to the cadre */
    double pass_rate;       /* passed / enrolled */
    double certify_rate;    /* certified / passed */
    double place_rate;      /* placed in a post of the cadre / certified */
    double exit_rate;       /* exits per year / supply */
} kazi_planning_assumptions;

/* One projected year. */
typedef struct kazi_planning_year {
    double graduates; /* intake × pass × certify × place rates */
    double exits;     /* the previous year's supply × exit rate */
    double supply;    /* the previous year's supply + graduates − exits */
} kazi_planning_year;

/*
 * Project `years` years (1..KAZI_PLANNING_MAX_YEARS) from `supply` today into out[0..
 * years-1]: each year graduates = intake × pass × certify × place, exits = last year's
 * supply × exit rate, supply = last year's supply + graduates − exits (never below 0).
 * No rounding: callers round what they show.
 */
void kazi_planning_project(kazi_planning_year *out, int years, double supply,
                           const kazi_planning_assumptions *a);

/* What a planning request asks; a double left at KAZI_PLANNING_UNSET is observed. Not a
 * number, so no value a request gives (-1 included) can pass for "not given". */
#define KAZI_PLANNING_UNSET NAN
typedef struct kazi_planning_request {
    const char *level;             /* the org-unit level to break need and supply down by */
    const char *cadre;             /* NULL: every cadre a norm names */
    int years;                     /* projection years, 1..KAZI_PLANNING_MAX_YEARS */
    int window;                    /* years of history the rates are observed over, 1..MAX_WINDOW */
    int year;                      /* population year (0: this year); the latest figure up to it */
    kazi_planning_assumptions set; /* overrides, each KAZI_PLANNING_UNSET or a value */
    double population_growth;      /* yearly growth of a population past its latest figure
                                      (UNSET: 0, the figure stays) */
    /* The second scenario ("extra_intake"), there when any of these is set: the baseline
     * with this many more enrolled a year, another exit rate, another population growth,
     * every norm's count multiplied by norm_scale (1500 children per worker instead of
     * 2000: 2000 / 1500). Each KAZI_PLANNING_UNSET or a value. */
    double extra_intake;
    double alt_exit_rate;
    double alt_population_growth;
    double alt_norm_scale;
} kazi_planning_request;

/*
 * The planning view for the caller as a new JSON object (docs/plugins.md, "Staffing
 * norms and planning"): {level, year, as_of, window_years, units: [{org_unit_id,
 * org_unit_code, org_unit_name, cadre, need, supply, shortfall, population_year,
 * missing}], totals: [{cadre, need, supply, shortfall}], projections: [{cadre,
 * observed, assumptions, scenarios: [{id, extra_intake_per_year, exit_rate,
 * population_growth, norm_scale, years: [{year, graduates, exits, supply, need,
 * shortfall}]}]}]}. A year's need is the norms' need with that year's population (its
 * figure when the register has one, else the latest figure grown by the scenario's
 * population_growth a year). Only units in the caller's scope are counted.
 * KAZI_EINVALID naming the field for an unknown level or cadre, a cadre no norm names,
 * a rate or growth outside 0..1, a norm scale outside 0..100 or years/window out of
 * range.
 */
int kazi_planning_get_for(json_t **out, kazi_db *db, const kazi_caller *caller,
                          const kazi_planning_request *rq);

#endif
