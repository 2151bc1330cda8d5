/*
 * dhis2 (lua) — the figures a configuration may map to DHIS2 with kazi.dhis2{} and the
 * checks of that declaration once the configuration has loaded (every figure known,
 * every dimension value declared, every code given).
 * Owns: the figure vocabulary (kazi_dhis2_figures: name and dimensions of each figure);
 *       domain/dhis2_figures.c computes them, indexed by the same kazi_dhis2_figure_id.
 * Uses: util/json, util/error.
 * Thread-safety: the table is constant; kazi_dhis2_check touches only its argument.
 */
#ifndef KAZI_LUA_DHIS2_H
#define KAZI_LUA_DHIS2_H

#include "util/json.h"

/* Dimensions a figure is broken down by, besides the org unit. */
enum {
    KAZI_DHIS2_DIM_CADRE = 1 << 0,    /* a declared cadre (the post's cadre) */
    KAZI_DHIS2_DIM_SEX = 1 << 1,      /* female, male, other, unknown */
    KAZI_DHIS2_DIM_ACTIVITY = 1 << 2, /* a declared activity type (kazi.activity) */
};

/* Adding a figure (the indicator pack's counts, say): a name here, a row in
 * kazi_dhis2_figures (lua/dhis2.c) and its provider in domain/dhis2_figures.c. */
typedef enum {
    KAZI_DHIS2_HEADCOUNT,
    KAZI_DHIS2_POSITIONS_APPROVED,
    KAZI_DHIS2_POSITIONS_VACANT,
    KAZI_DHIS2_CERTIFIED,
    KAZI_DHIS2_SUPERVISED,
    KAZI_DHIS2_SUPERVISION_SESSIONS,
    KAZI_DHIS2_ACTIVITY,
    KAZI_DHIS2_NFIGURES
} kazi_dhis2_figure_id;

typedef struct kazi_dhis2_figure {
    const char *name; /* what kazi.dhis2{ values = {{ figure = name, ... }} } says */
    int dims;         /* KAZI_DHIS2_DIM_* it may be broken down by */
    const char *what; /* one line for docs and error messages */
} kazi_dhis2_figure;

/* Indexed by kazi_dhis2_figure_id. */
extern const kazi_dhis2_figure kazi_dhis2_figures[KAZI_DHIS2_NFIGURES];

/* The sexes a figure can be broken down by (NULL-terminated): the register's values. */
extern const char *const kazi_dhis2_sexes[];

/* The figure called `name`, or -1. */
int kazi_dhis2_figure_find(const char *name);

/* The indicator report `id` of catalogue `cat` (a kazi.report with an `indicator`
 * field), or NULL. A value of kazi.dhis2{} may name one instead of a figure. */
const json_t *kazi_dhis2_indicator_find(const json_t *cat, const char *id);

/*
 * Check the catalogue's "dhis2" declaration (if any) against the rest of the catalogue:
 * data set and data elements given, figures known, each mapping row's dimensions those
 * of its figure with declared values (cadres, activities, sexes), or an indicator
 * declared with the breakdown named and value one of numerator/value/denominator, org-unit levels
 * declared by kazi.country, no data element and combo mapped twice. KAZI_EPLUGIN with
 * "file:line: kazi.dhis2: ..." (the declaration's position) on the first problem.
 */
int kazi_dhis2_check(json_t *catalogue);

#endif
