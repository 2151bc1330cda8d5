#include "domain/planning.h"
#include "domain/orgunit.h"
#include "domain/population.h"
#include "domain/words.h"
#include "lua/runtime.h"
#include "store/orgunit.h"
#include "store/planning.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/json.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define MAX_UNITS      2000     /* units of one level listed at most */
#define MAX_INTAKE     10000000 /* people a year an override may name */
#define DAY_MS         86400000LL
#define SHOWN_DECIMALS 10.0    /* figures shown to one decimal */
#define RATE_DECIMALS  10000.0 /* rates to four */
#define NEED_EPSILON   1e-9    /* 3.0000000001 workers needed is 3 */
#define MAX_NORM_SCALE 100

void kazi_planning_project(kazi_planning_year *out, int years, double supply,
                           const kazi_planning_assumptions *a)
{
    double graduates = a->intake_per_year * a->pass_rate * a->certify_rate * a->place_rate;
    for (int t = 0; t < years; t++) {
        double exits = supply * a->exit_rate;
        supply = supply + graduates - exits;
        if (supply < 0) supply = 0;
        out[t] = (kazi_planning_year){.graduates = graduates, .exits = exits, .supply = supply};
    }
}

static double shown(double v, double scale)
{
    return round(v * scale) / scale;
}

static void iso_date(char out[11], int64_t ms, int years_back)
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    tm.tm_year -= years_back;
    strftime(out, 11, "%Y-%m-%d", &tm);
}

static int level_known(const char *level)
{
    for (int d = 0; d < kazi_orgunit_level_count(); d++)
        if (!strcmp(kazi_orgunit_level_id(d), level)) return 1;
    return 0;
}

/* The latest figure of `group` up to `year` in a population document
 * (kazi_population_get_for); -1 when there is none, *at its year. */
static int64_t population_at(const json_t *doc, const char *group, int year, int *at)
{
    int64_t best = -1;
    int best_year = 0;
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(doc, "figures"), i, f)
    {
        int y = (int)json_integer_value(json_object_get(f, "year"));
        const json_t *count = json_object_get(f, "count");
        if (!json_is_integer(count) || y > year || y <= best_year) continue;
        if (strcmp(json_string_value(json_object_get(f, "group")), group) != 0) continue;
        best = json_integer_value(count);
        best_year = y;
    }
    *at = best_year;
    return best;
}

/* Need of `cadre` in `unit` from the norms for `year`: a population norm reads the
 * latest figure up to that year grown by `growth` a year for the years past it (none
 * when the figure is of that year), and every norm's count is multiplied by `scale`.
 * -1 when a population figure it needs is missing (listed in `missing` when given).
 * `counts` caches the units of a level below each unit (the same for every year). */
static int unit_need(int64_t *out, kazi_db *db, const json_t *norms, const char *cadre,
                     const json_t *unit, const json_t *pop, int year, double growth, double scale,
                     json_t *counts, int *pop_year, json_t *missing)
{
    const char *path = json_string_value(json_object_get(unit, "path"));
    int64_t need = 0;
    int known = 1, rc;
    size_t i;
    json_t *n;
    json_array_foreach(norms, i, n)
    {
        if (strcmp(json_string_value(json_object_get(n, "cadre")), cadre) != 0) continue;
        double count = scale * json_number_value(json_object_get(n, "count"));
        const char *per = json_string_value(json_object_get(n, "per"));
        if (per) {
            char key[KAZI_ORGUNIT_PATH_MAX + 80];
            snprintf(key, sizeof key, "%s %.64s", path, per);
            int64_t units;
            const json_t *cached = json_object_get(counts, key);
            if (cached) {
                units = json_integer_value(cached);
            } else {
                char end[KAZI_ORGUNIT_PATH_MAX];
                kazi_orgunit_subtree_end(end, path);
                if ((rc = kazi_store_planning_level_count(&units, db, path, end, per)) < 0)
                    return rc;
                json_object_set_new(counts, key, json_integer(units));
            }
            need += (int64_t)ceil(count * (double)units - NEED_EPSILON);
            continue;
        }
        const json_t *pp = json_object_get(n, "per_population");
        const char *group = json_string_value(json_object_get(pp, "group"));
        double size = json_number_value(json_object_get(pp, "size"));
        int at = 0;
        int64_t people = population_at(pop, group, year, &at);
        if (people < 0) {
            known = 0;
            if (missing) json_array_append_new(missing, json_string(group));
            continue;
        }
        if (at > *pop_year) *pop_year = at;
        double grown = (double)people * pow(1 + growth, year - at);
        need += (int64_t)ceil(count * grown / size - NEED_EPSILON);
    }
    *out = known ? need : -1;
    return KAZI_OK;
}

static json_t *opt_int(int64_t v)
{
    return v < 0 ? json_null() : json_integer(v);
}

/* The observed flows of one cadre over the window and the assumptions used. */
static int observe(json_t **observed, kazi_planning_assumptions *used, kazi_db *db, const char *lo,
                   const char *hi, const json_t *cat, const char *cadre, int64_t supply,
                   const kazi_planning_request *rq, const char *from, const char *to)
{
    json_t *courses = json_array(), *certs = json_array();
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(cat, "certifications"), i, c)
    {
        const char *cc = json_string_value(json_object_get(c, "cadre"));
        const char *course = json_string_value(json_object_get(c, "course"));
        if (!cc || strcmp(cc, cadre) != 0) continue;
        json_array_append(certs, json_object_get(c, "id"));
        if (course) json_array_append_new(courses, json_string(course));
    }
    kazi_store_funnel f = {0};
    int64_t exits = 0;
    int rc = kazi_store_planning_funnel(&f, db, lo, hi, cadre, courses, certs, from, to);
    if (rc == KAZI_OK) rc = kazi_store_planning_exits(&exits, db, lo, hi, cadre, from, to);
    if (rc < 0) goto done;
    kazi_planning_assumptions o = {
        .intake_per_year = (double)f.enrolled / rq->window,
        .pass_rate = f.enrolled ? (double)f.passed / (double)f.enrolled : 0,
        .certify_rate = f.passed ? (double)f.certified / (double)f.passed : 0,
        .place_rate = f.certified ? (double)f.placed / (double)f.certified : 0,
        .exit_rate = supply ? (double)exits / rq->window / (double)supply : 0,
    };
    const kazi_planning_assumptions *s = &rq->set;
#define PICK(f) (s->f >= 0 ? s->f : o.f)
    *used = (kazi_planning_assumptions){PICK(intake_per_year), PICK(pass_rate), PICK(certify_rate),
                                        PICK(place_rate), PICK(exit_rate)};
#undef PICK
    *observed = json_pack(
        "{s:O,s:O,s:I,s:I,s:I,s:I,s:I,s:I,s:f,s:f,s:f,s:f,s:f}", "courses", courses,
        "certifications", certs, "enrolled", (json_int_t)f.enrolled, "passed", (json_int_t)f.passed,
        "certified", (json_int_t)f.certified, "placed", (json_int_t)f.placed, "exits",
        (json_int_t)exits, "supply", (json_int_t)supply, "intake_per_year",
        shown(o.intake_per_year, SHOWN_DECIMALS), "pass_rate", shown(o.pass_rate, RATE_DECIMALS),
        "certify_rate", shown(o.certify_rate, RATE_DECIMALS), "place_rate",
        shown(o.place_rate, RATE_DECIMALS), "exit_rate", shown(o.exit_rate, RATE_DECIMALS));
done:
    json_decref(courses);
    json_decref(certs);
    return rc;
}

static json_t *assumptions_json(const kazi_planning_assumptions *a, const kazi_planning_request *rq)
{
    const kazi_planning_assumptions *s = &rq->set;
    json_t *overridden = json_array();
#define NOTE(f)                                                                                    \
    if (s->f >= 0) json_array_append_new(overridden, json_string(#f))
    NOTE(intake_per_year);
    NOTE(pass_rate);
    NOTE(certify_rate);
    NOTE(place_rate);
    NOTE(exit_rate);
#undef NOTE
    if (rq->population_growth >= 0)
        json_array_append_new(overridden, json_string("population_growth"));
    return json_pack("{s:f,s:f,s:f,s:f,s:f,s:f,s:o}", "intake_per_year",
                     shown(a->intake_per_year, SHOWN_DECIMALS), "pass_rate",
                     shown(a->pass_rate, RATE_DECIMALS), "certify_rate",
                     shown(a->certify_rate, RATE_DECIMALS), "place_rate",
                     shown(a->place_rate, RATE_DECIMALS), "exit_rate",
                     shown(a->exit_rate, RATE_DECIMALS), "population_growth",
                     shown(rq->population_growth >= 0 ? rq->population_growth : 0, RATE_DECIMALS),
                     "overridden", overridden);
}

/* One scenario: the assumptions `used` with `extra` more enrolled a year and the exit
 * rate `exit_rate` (< 0: as used); need[t] the need of projection year t (< 0: unknown). */
static json_t *scenario(const char *id, double extra, double exit_rate, double growth, double scale,
                        const kazi_planning_assumptions *used, int64_t supply, const int64_t *need,
                        int this_year, int years)
{
    kazi_planning_year ys[KAZI_PLANNING_MAX_YEARS];
    kazi_planning_assumptions a = *used;
    a.intake_per_year += extra;
    if (exit_rate >= 0) a.exit_rate = exit_rate;
    kazi_planning_project(ys, years, (double)supply, &a);
    json_t *rows = json_array();
    for (int t = 0; t < years; t++) {
        json_t *r = json_pack(
            "{s:i,s:f,s:f,s:f,s:o,s:o}", "year", this_year + t + 1, "graduates",
            shown(ys[t].graduates, SHOWN_DECIMALS), "exits", shown(ys[t].exits, SHOWN_DECIMALS),
            "supply", shown(ys[t].supply, SHOWN_DECIMALS), "need", opt_int(need[t]), "shortfall",
            need[t] < 0 ? json_null()
                        : json_real(shown((double)need[t] - ys[t].supply, SHOWN_DECIMALS)));
        json_array_append_new(rows, r);
    }
    return json_pack("{s:s,s:f,s:f,s:f,s:f,s:o}", "id", id, "extra_intake_per_year", extra,
                     "exit_rate", shown(a.exit_rate, RATE_DECIMALS), "population_growth",
                     shown(growth, RATE_DECIMALS), "norm_scale", shown(scale, RATE_DECIMALS),
                     "years", rows);
}

/* The need of `cadre` summed over `units` (those with every figure they need) for each
 * projection year, population grown by `growth`, norms scaled by `scale`. */
static int projected_need(int64_t *need, kazi_db *db, const json_t *norms, const char *cadre,
                          const json_t *units, const json_t *pops, json_t *counts, double growth,
                          double scale, int this_year, int years)
{
    for (int t = 0; t < years; t++)
        need[t] = 0;
    size_t j;
    json_t *u;
    json_array_foreach(units, j, u)
    {
        char key[32];
        snprintf(key, sizeof key, "%lld", (long long)json_integer_value(json_object_get(u, "id")));
        const json_t *pop = json_object_get(pops, key);
        for (int t = 0; t < years; t++) {
            int64_t n;
            int at = 0;
            int rc = unit_need(&n, db, norms, cadre, u, pop, this_year + t + 1, growth, scale,
                               counts, &at, NULL);
            if (rc < 0) return rc;
            if (n >= 0) need[t] += n;
        }
    }
    return KAZI_OK;
}

static int check_request(const kazi_planning_request *rq, const json_t *cat)
{
    if (!rq->level || !level_known(rq->level))
        return kazi_error_set(KAZI_EINVALID, "level",
                              "level must be one of the country's org-unit "
                              "levels (e.g. district)");
    if (rq->cadre && !kazi_json_find_id(json_object_get(cat, "cadres"), rq->cadre))
        return kazi_error_set(KAZI_EINVALID, "cadre", "no cadre '%.64s' is declared", rq->cadre);
    if (rq->years < 1 || rq->years > KAZI_PLANNING_MAX_YEARS)
        return kazi_error_set(KAZI_EINVALID, "years", "years must be from 1 to %d",
                              KAZI_PLANNING_MAX_YEARS);
    if (rq->window < 1 || rq->window > KAZI_PLANNING_MAX_WINDOW)
        return kazi_error_set(KAZI_EINVALID, "window", "window must be from 1 to %d years",
                              KAZI_PLANNING_MAX_WINDOW);
    const kazi_planning_assumptions *s = &rq->set;
    const struct {
        const char *name;
        double v, max;
    } given[] = {{"intake_per_year", s->intake_per_year, MAX_INTAKE},
                 {"pass_rate", s->pass_rate, 1},
                 {"certify_rate", s->certify_rate, 1},
                 {"place_rate", s->place_rate, 1},
                 {"exit_rate", s->exit_rate, 1},
                 {"extra_intake", rq->extra_intake, MAX_INTAKE},
                 {"population_growth", rq->population_growth, 1},
                 {"alt_exit_rate", rq->alt_exit_rate, 1},
                 {"alt_population_growth", rq->alt_population_growth, 1},
                 {"alt_norm_scale", rq->alt_norm_scale, MAX_NORM_SCALE}};
    for (size_t i = 0; i < sizeof given / sizeof *given; i++) {
        double v = given[i].v;
        if (isnan(v)) continue; /* not given */
        if (!(v >= 0 && v <= given[i].max))
            return kazi_error_set(KAZI_EINVALID, given[i].name, "%s must be from 0 to %g",
                                  given[i].name, given[i].max);
    }
    return KAZI_OK;
}

int kazi_planning_get_for(json_t **out, kazi_db *db, const kazi_caller *caller,
                          const kazi_planning_request *rq)
{
    kazi_lua_gen *g = kazi_lua_current();
    const json_t *cat = g ? kazi_lua_gen_catalogue(g) : NULL;
    json_t *units = NULL, *cadres = json_array(), *rows = json_array(), *totals = json_array(),
           *projections = json_array(), *pops = json_object(), *counts = json_object();
    int rc = check_request(rq, cat);
    if (rc < 0) goto done;
    const json_t *norms = json_object_get(cat, "norms");
    size_t i, j;
    json_t *n, *u;
    json_array_foreach(norms, i, n)
    {
        const char *c = json_string_value(json_object_get(n, "cadre"));
        if (rq->cadre && strcmp(c, rq->cadre) != 0) continue;
        if (!kazi_json_find_id(cadres, c))
            json_array_append_new(cadres, json_pack("{s:s}", "id", c));
    }
    if (rq->cadre && !json_array_size(cadres)) {
        char name[200];
        rc = kazi_error_set(KAZI_EINVALID, "cadre", "No staffing norm names the cadre %s",
                            kazi_words_name(name, sizeof name, "cadres", rq->cadre));
        goto done;
    }
    int64_t now = kazi_clock_now_ms();
    char today[11], from[11], to[11];
    iso_date(today, now, 0);
    iso_date(from, now, rq->window);
    iso_date(to, now + DAY_MS, 0);
    int this_year = atoi(today);
    int year = rq->year ? rq->year : this_year;
    double growth = rq->population_growth >= 0 ? rq->population_growth : 0;
    const char *lo, *hi;
    kazi_caller_scope_range(caller, &lo, &hi);
    if ((rc = kazi_store_planning_units(&units, db, lo, hi, rq->level, MAX_UNITS)) < 0) goto done;
    json_t *cd;
    json_array_foreach(cadres, i, cd)
    {
        const char *cadre = json_string_value(json_object_get(cd, "id"));
        int64_t need_total = 0, supply_total = 0;
        int need_missing = 0;
        json_array_foreach(units, j, u)
        {
            char key[32];
            int64_t uid = json_integer_value(json_object_get(u, "id"));
            snprintf(key, sizeof key, "%lld", (long long)uid);
            json_t *pop = json_object_get(pops, key);
            if (!pop) {
                if ((rc = kazi_population_get_for(&pop, db, caller, uid, 0)) < 0) goto done;
                json_object_set_new(pops, key, pop);
            }
            const char *path = json_string_value(json_object_get(u, "path"));
            char end[KAZI_ORGUNIT_PATH_MAX];
            kazi_orgunit_subtree_end(end, path);
            int64_t need, supply;
            int pop_year = 0;
            json_t *missing = json_array();
            if ((rc = unit_need(&need, db, norms, cadre, u, pop, year, growth, 1, counts, &pop_year,
                                missing)) < 0 ||
                (rc = kazi_store_planning_supply(&supply, db, path, end, cadre)) < 0) {
                json_decref(missing);
                goto done;
            }
            if (need < 0)
                need_missing++;
            else
                need_total += need;
            supply_total += supply;
            json_array_append_new(
                rows,
                json_pack("{s:I,s:s,s:s,s:s,s:o,s:I,s:o,s:o,s:o}", "org_unit_id", (json_int_t)uid,
                          "org_unit_code", json_string_value(json_object_get(u, "code")),
                          "org_unit_name", json_string_value(json_object_get(u, "name")), "cadre",
                          cadre, "need", opt_int(need), "supply", (json_int_t)supply, "shortfall",
                          need < 0 ? json_null() : json_integer(need - supply), "population_year",
                          pop_year ? json_integer(pop_year) : json_null(), "missing", missing));
        }
        json_array_append_new(totals,
                              json_pack("{s:s,s:I,s:I,s:I,s:i}", "cadre", cadre, "need",
                                        (json_int_t)need_total, "supply", (json_int_t)supply_total,
                                        "shortfall", (json_int_t)(need_total - supply_total),
                                        "units_missing_population", need_missing));
        /* the projection starts from the caller's whole workforce of the cadre */
        int64_t supply0;
        if ((rc = kazi_store_planning_supply(&supply0, db, lo, hi, cadre)) < 0) goto done;
        json_t *observed = NULL;
        kazi_planning_assumptions used;
        if ((rc = observe(&observed, &used, db, lo, hi, cat, cadre, supply0, rq, from, to)) < 0)
            goto done;
        json_t *scen = json_array();
        int64_t need_years[KAZI_PLANNING_MAX_YEARS];
        if ((rc = projected_need(need_years, db, norms, cadre, units, pops, counts, growth, 1,
                                 this_year, rq->years)) < 0) {
            json_decref(observed);
            json_decref(scen);
            goto done;
        }
        json_array_append_new(scen, scenario("baseline", 0, -1, growth, 1, &used, supply0,
                                             need_years, this_year, rq->years));
        if (rq->extra_intake > 0 || rq->alt_exit_rate >= 0 || rq->alt_population_growth >= 0 ||
            rq->alt_norm_scale >= 0) {
            double g2 = rq->alt_population_growth >= 0 ? rq->alt_population_growth : growth;
            double k2 = rq->alt_norm_scale >= 0 ? rq->alt_norm_scale : 1;
            if ((rc = projected_need(need_years, db, norms, cadre, units, pops, counts, g2, k2,
                                     this_year, rq->years)) < 0) {
                json_decref(observed);
                json_decref(scen);
                goto done;
            }
            json_array_append_new(scen, scenario("extra_intake",
                                                 rq->extra_intake > 0 ? rq->extra_intake : 0,
                                                 rq->alt_exit_rate, g2, k2, &used, supply0,
                                                 need_years, this_year, rq->years));
        }
        json_array_append_new(projections,
                              json_pack("{s:s,s:I,s:I,s:o,s:o,s:o}", "cadre", cadre, "supply",
                                        (json_int_t)supply0, "need", (json_int_t)need_total,
                                        "observed", observed, "assumptions",
                                        assumptions_json(&used, rq), "scenarios", scen));
    }
    *out = json_pack("{s:s,s:i,s:s,s:i,s:i,s:o,s:o,s:o}", "level", rq->level, "year", year, "as_of",
                     today, "window_years", rq->window, "years", rq->years, "units", rows, "totals",
                     totals, "projections", projections);
    rows = totals = projections = NULL;
    rc = KAZI_OK;
done:
    kazi_lua_gen_unref(g);
    json_decref(units);
    json_decref(cadres);
    json_decref(rows);
    json_decref(totals);
    json_decref(projections);
    json_decref(pops);
    json_decref(counts);
    return rc;
}
