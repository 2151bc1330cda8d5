/*
 * figures — the figures a ministry reads per org unit from the supervision, pay,
 * support, return and assignment records: supervision coverage and ratios, pay
 * compliance, support gaps, activity totals, retention (issue 8, principles 7, 15–18).
 * Owns: what each figure means (which declarations of the configuration it reads, the
 * shares and means built from the counts) and the answer's shape. The counting itself
 * is SQL (store/figures: GROUP BY per child unit and for the total).
 * Uses: store/figures, store/registry (paths), domain/pay (the minimum lookup),
 * lua/runtime (the active configuration's kazi.supervision, kazi.pay, country levels).
 * Thread-safety: reentrant; each call uses the connection passed in.
 */
#ifndef KAZI_DOMAIN_FIGURES_H
#define KAZI_DOMAIN_FIGURES_H

#include <stdint.h>

#include "auth/caller.h"
#include "store/db.h"
#include "util/json.h"

/*
 * Figures per direct child of org unit `org_unit` (0: the caller's scope unit, or the
 * roots), each row {org_unit:{id,code,name}, ...} plus "total". `which`:
 * "supervision" (workers, without_supervisor, no_recent_session, supervisors,
 * workers_per_supervisor, supervisors_over_ratio; max_ratio by cadre in the total),
 * "pay" for `period` (workers, with_minimum, below_minimum, volunteers,
 * volunteers_without_reimbursement, by_funder), "support" (workers, without_support),
 * "activity" for `period` (totals by activity), "retention" from `period` to `until`
 * (entries, exits, exit_reasons, mean_service_days_of_exits, serving, home_ward,
 * home_district and their shares, and home_levels {ward, district}: which levels these
 * are). An org unit outside the caller's scope is refused
 * like an absent one (KAZI_EINVALID naming "org_unit"); bad periods KAZI_EINVALID
 * naming the parameter; an unknown `which` KAZI_ENOTFOUND.
 */
int kazi_figures_get(json_t **out, kazi_db *db, const kazi_caller *c, const char *which,
                     int64_t org_unit, const char *period, const char *until);

/*
 * The workers behind a figure of kazi_figures_get, by name, with why they are counted:
 * `figure` "without_supervisor" or "no_recent_session" (supervision), "without_support"
 * (support), "below_minimum" or "volunteers_without_reimbursement" (pay, for month
 * `period`). Same area rule as kazi_figures_get; the HTTP route asks for permission to
 * read people (names are personal data). *out {figure, period?, org_unit (0:
 * everywhere), total, items: [{person_id, given_name, family_name, org_unit_id,
 * org_unit_name, ...why}]} (store/figures: kazi_store_figures_people). KAZI_ENOTFOUND
 * naming "figure" for a figure without names; KAZI_EINVALID for a bad period/org_unit.
 */
int kazi_figures_people(json_t **out, kazi_db *db, const kazi_caller *c, const char *figure,
                        int64_t org_unit, const char *period);

/*
 * Everything the dashboard shows for the caller's area, in one answer (issue 18: one
 * request on a slow link): {org_unit (0: everywhere), names {cadres, certifications:
 * [{id, name}] as the configuration declares them, in its order}, period (YYYY-MM, this month when
 * NULL), people? {active, by_cadre {cadre: n}, by_unit [{org_unit, people}]} with
 * people.read, vacant? {total, by_cadre} with positions.read, expiring? {days, total,
 * by_certification} with careers.read, supervision? and pay? (the total rows of
 * kazi_figures_get) with reports.aggregate}. A part the caller's role may not read is
 * left out. KAZI_EINVALID naming "period" for a bad month.
 */
int kazi_figures_dashboard(json_t **out, kazi_db *db, const kazi_caller *c, int expiring_days,
                           const char *period);

/*
 * The index (0: the top) among catalogue `cat`'s country levels of a worker's "home
 * ward": the level whose id is "ward", else the fourth, or the deepest of a country with
 * fewer (Savane's communes). The "home district" is the level above. Retention and a
 * training enrolment's distance (domain/training) both count by it.
 */
int kazi_figures_ward_level(const json_t *cat);

/* {ward, district}: the ids of the levels kazi_figures_ward_level counts by (the screens
 * name them by the country's level names); a level the country lacks is left out. */
json_t *kazi_figures_home_levels(const json_t *cat);

#endif
