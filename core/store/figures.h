/*
 * figures (store) — the SQL of the figures a ministry reads per org unit: supervision
 * coverage, pay compliance, support gaps, activity totals and retention. Each figure is
 * one statement that groups in SQL (GROUP BY the child unit a worker lives under, and
 * once more for the total), so no figure walks the register row by row in C.
 * Owns: those statements and the pay-minimum lookup they share with the recording of
 * a payment (PAY_POSTS below: one expression decides a worker's minimum).
 * Uses: store/db (internal), util/json.
 * Thread-safety: as the connection passed in.
 */
#ifndef KAZI_STORE_FIGURES_H
#define KAZI_STORE_FIGURES_H

#include <stdint.h>

#include "store/db.h"
#include "util/json.h"

/*
 * Every figure is computed for the subtree [lo, hi) of person.org_path (lo NULL: the
 * whole register), split by the direct children of org unit `parent` (0: the roots).
 * *out is a new array of rows, each with "ix": the child's index in the order
 * kazi_store_figures_units lists them, or -1 for the total (which also counts the
 * workers who live in no child, e.g. in the parent unit itself). A child without
 * anything to count has no row. `parent` KAZI_FIGURES_TOTAL_ONLY: no split, the total
 * row alone (what the dashboard shows), without matching every worker to a child; with
 * lo NULL too (the whole register), supervision and pay read the counts migration 0021
 * keeps (supervised_count, supervisor_load, pay_count, pay_month_count), not the workers.
 */
#define KAZI_FIGURES_TOTAL_ONLY (-1)

/* The direct children of org unit `parent` (0: the roots), ordered by name then id:
 * a new array of {id, code, name, path}. */
int kazi_store_figures_units(json_t **out, kazi_db *db, int64_t parent);

/*
 * Supervision. `rules` is a JSON array of {cadre, session_since (YYYY-MM-DD or null),
 * max_ratio (or null)} for every cadre with a kazi.supervision declaration. A worker is
 * an active person with a current post of such a cadre (their earliest such post
 * decides the cadre). Rows: workers, without_supervisor, no_recent_session (no session
 * on or after session_since), supervisors (each supervisor once per child where they
 * have supervisees, once in the total), supervisors_over_ratio (more current
 * supervisees in the subtree than the smallest max_ratio of their supervisees' cadres).
 */
int kazi_store_figures_supervision(json_t **out, kazi_db *db, int64_t parent, const char *lo,
                                   const char *hi, const char *rules);

/*
 * Pay for month `period`. `minima` is a JSON array of {cadre, engagement (null: any),
 * monthly, currency}: a post's minimum is the declaration of its cadre naming its
 * engagement, else the one naming none. A worker (active, with a current post) counts
 * once, against the post with the highest minimum. Rows: workers, with_minimum,
 * below_minimum (payments, stipends and allowances of the month below it), volunteers,
 * volunteers_without_reimbursement, by_funder {code: {workers, below_minimum,
 * volunteers_without_reimbursement}} by the funder (organisation) of that post.
 */
int kazi_store_figures_pay(json_t **out, kazi_db *db, int64_t parent, const char *lo,
                           const char *hi, const char *minima, const char *period);

/*
 * A person's minimum by the same lookup as the pay figure: *out a new {monthly,
 * currency, cadre, engagement} of their current post with the highest minimum, or
 * NULL when none of their current posts has one.
 */
int kazi_store_pay_minimum(json_t **out, kazi_db *db, const char *minima, int64_t person_id);

/* The month's pay of a person so far (payments, stipends and allowances of `period` in
 * `currency`), into *out. */
int kazi_store_pay_month(double *out, kazi_db *db, int64_t person_id, const char *period,
                         const char *currency);

/*
 * Support. `rules` as for supervision with {cadre, support_since}: a worker is an
 * active person with a current post of a cadre whose support_since is set (the
 * earliest such post). Rows: workers, without_support (no support activity on or after
 * support_since).
 */
int kazi_store_figures_support(json_t **out, kazi_db *db, int64_t parent, const char *lo,
                               const char *hi, const char *rules);

/* Activity returns of month `period` (NULL: all months). Rows: totals {activity: n}. */
int kazi_store_figures_activity(json_t **out, kazi_db *db, int64_t parent, const char *lo,
                                const char *hi, const char *period);

/*
 * Retention from `from` (NULL: the beginning) to `until` (dates), over every
 * assignment of a person living in the subtree. `ward` is the depth of the country's
 * ward level (the district is the level above). Rows: entries (starts in the window),
 * exits (ends in the window), exit_reasons {reason: n} ("unknown" when none was
 * given), service_days_of_exits, serving (started by `until`, not ended by then),
 * home_ward and home_district (serving where they live, at that level).
 */
int kazi_store_figures_retention(json_t **out, kazi_db *db, int64_t parent, const char *lo,
                                 const char *hi, const char *from, const char *until, int ward);

/*
 * The workers behind one figure, in the subtree [lo, hi) (lo NULL: everywhere): figure
 * "without_supervisor" or "no_recent_session" (rules as for supervision), "without_support"
 * (rules as for support), "below_minimum" or "volunteers_without_reimbursement" (minima
 * and `period` as for pay). The same statements decide membership as the counts, so a
 * list is as long as its figure. *out a new array, by family then given name, of
 * {given_name, family_name, org_unit_id, org_unit_name (where they live)} plus why:
 * last_session and since; last_support and since; paid, minimum, currency, funder (its
 * code), funder_name, engagement; funder, funder_name, engagement. KAZI_ENOTFOUND naming "figure"
 * for another figure.
 */
int kazi_store_figures_people(json_t **out, kazi_db *db, const char *figure, const char *lo,
                              const char *hi, const char *rules, const char *period);

/*
 * The register's counts in org unit `area`'s subtree [lo, hi) (area 0, lo NULL: the whole
 * register), for the dashboard: *out a new {active: [{n}], by_cadre: [{cadre, n}] (active
 * people holding a current post of the cadre), by_unit: [{ix, n}] (active people under
 * each direct child of `parent`, ix as in kazi_store_figures_units), vacant_by_cadre:
 * [{cadre, n}] (posts without a current assignment)}. Every count is read from the running
 * counts per unit (person_place_count, cadre_place_count, vacant_place_count: a few rows
 * per unit), not counted person by person or post by post.
 */
int kazi_store_figures_register(json_t **out, kazi_db *db, int64_t area, int64_t parent,
                                const char *lo, const char *hi);

/*
 * Valid certificates expiring between the dates `from` and `to` (inclusive) that no
 * valid certificate renews, held by people in [lo, hi) (lo NULL: everyone), counted per
 * certification: *out a new array [{certification, n}] (only certifications with some).
 */
int kazi_store_figures_expiring(json_t **out, kazi_db *db, const char *from, const char *to,
                                const char *lo, const char *hi);

/* EXPLAIN QUERY PLAN of each statement the dashboard runs (kazi_store_figures_register,
 * kazi_store_figures_expiring; supervision and pay totals), of the supervision, pay and
 * support figures of an area ("<figure>_area") and of the people behind each figure
 * ("people_<figure>"): *out a new array of {statement, plan: [detail...]} so a test can
 * assert how they read the register. */
int kazi_store_figures_dashboard_plans(json_t **out, kazi_db *db);

#endif
