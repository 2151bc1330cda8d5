#include "domain/figures.h"
#include "auth/roles.h"
#include "domain/certificate.h"
#include "domain/pay.h"
#include "domain/registry.h"
#include "domain/support.h"
#include "lua/runtime.h"
#include "store/figures.h"
#include "store/registry.h"
#include "util/clock.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The depth at which a country without a "ward" level is assumed to have its wards (a
 * country with fewer levels: its deepest, see ward_depth). */
#define DEFAULT_WARD_DEPTH 3

/* Date `days` before today (injected clock) as YYYY-MM-DD. */
static void days_ago(char *buf, size_t size, double days)
{
    time_t t = (time_t)(kazi_clock_now_ms() / 1000 - (int64_t)days * 86400);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, size, "%Y-%m-%d", &tm);
}

/* The kazi.supervision declarations as the store's rules: [{cadre, session_since,
 * support_since, max_ratio}], the dates counted back from today. New JSON text. */
static char *supervision_rules(const json_t *cat)
{
    json_t *rules = json_array();
    size_t i;
    json_t *d;
    json_array_foreach(json_object_get(cat, "supervision"), i, d)
    {
        const json_t *cadre = json_object_get(d, "cadre");
        const json_t *session = json_object_get(d, "session_every_days");
        const json_t *support = json_object_get(d, "support_every_days");
        char s1[16], s2[16];
        if (session) days_ago(s1, sizeof s1, json_number_value(session));
        if (support) days_ago(s2, sizeof s2, json_number_value(support));
        json_array_append_new(rules,
                              json_pack("{s:O,s:s?,s:s?,s:O?}", "cadre", cadre, "session_since",
                                        session ? s1 : NULL, "support_since", support ? s2 : NULL,
                                        "max_ratio", json_object_get(d, "max_ratio")));
    }
    char *text = json_dumps(rules, JSON_COMPACT);
    json_decref(rules);
    return text;
}

/* A level's id: levels are {id, name} (or bare ids). */
static const char *level_id(const json_t *l)
{
    return json_is_string(l) ? json_string_value(l) : json_string_value(json_object_get(l, "id"));
}

/* Depth of the country level named `id` (country.levels), or dflt. */
static int level_depth(const json_t *cat, const char *id, int dflt)
{
    size_t i;
    json_t *l;
    json_array_foreach(json_object_get(json_object_get(cat, "country"), "levels"), i, l)
    {
        const char *x = level_id(l);
        if (x && !strcmp(x, id)) return (int)i;
    }
    return dflt;
}

/* The answer's rows: one per child unit with `zero` (the figure's keys at 0), then the
 * total; each store row (its "ix": the child's index, -1 the total) fills its own. */
static json_t *place(const json_t *units, const json_t *counted, const json_t *zero)
{
    json_t *rows = json_array();
    size_t i, n = json_array_size(units);
    json_t *u, *r;
    json_array_foreach(units, i, u)
    {
        r = json_deep_copy(zero);
        json_object_set_new(r, "org_unit",
                            json_pack("{s:O,s:O,s:O}", "id", json_object_get(u, "id"), "code",
                                      json_object_get(u, "code"), "name",
                                      json_object_get(u, "name")));
        json_array_append_new(rows, r);
    }
    json_array_append_new(rows, json_deep_copy(zero));
    json_array_foreach(counted, i, r)
    {
        json_int_t ix = json_integer_value(json_object_get(r, "ix"));
        json_t *dst = json_array_get(rows, ix < 0 || (size_t)ix >= n ? n : (size_t)ix);
        const char *k;
        json_t *v;
        json_object_foreach(r, k, v)
        {
            if (strcmp(k, "ix") && !json_is_null(v)) json_object_set(dst, k, v);
        }
    }
    return rows;
}

/* a / b, or null when b is 0. */
static json_t *share(const json_t *row, const char *a, const char *b)
{
    json_int_t d = json_integer_value(json_object_get(row, b));
    return d ? json_real((double)json_integer_value(json_object_get(row, a)) / (double)d)
             : json_null();
}

static int supervision(json_t **rows, kazi_db *db, const json_t *cat, const json_t *units,
                       int64_t parent, const char *lo, const char *hi)
{
    char *rules = supervision_rules(cat);
    json_t *counted;
    int rc = kazi_store_figures_supervision(&counted, db, parent, lo, hi, rules);
    free(rules);
    if (rc < 0) return rc;
    json_t *zero = json_pack("{s:i,s:i,s:i,s:i,s:i}", "workers", 0, "without_supervisor", 0,
                             "no_recent_session", 0, "supervisors", 0, "supervisors_over_ratio", 0);
    *rows = place(units, counted, zero);
    json_decref(zero);
    json_decref(counted);
    size_t i;
    json_t *r;
    json_array_foreach(*rows, i, r)
    {
        json_int_t supervised = json_integer_value(json_object_get(r, "workers")) -
                                json_integer_value(json_object_get(r, "without_supervisor"));
        json_int_t sups = json_integer_value(json_object_get(r, "supervisors"));
        json_object_set_new(r, "workers_per_supervisor",
                            sups ? json_real((double)supervised / (double)sups) : json_null());
    }
    json_t *maxes = json_object();
    json_array_foreach(json_object_get(cat, "supervision"), i, r)
    {
        json_t *mr = json_object_get(r, "max_ratio");
        if (mr) json_object_set(maxes, json_string_value(json_object_get(r, "cadre")), mr);
    }
    json_object_set_new(json_array_get(*rows, json_array_size(*rows) - 1), "max_ratio", maxes);
    return KAZI_OK;
}

static int pay(json_t **rows, kazi_db *db, const json_t *cat, const json_t *units, int64_t parent,
               const char *lo, const char *hi, const char *period)
{
    char *minima = kazi_pay_minima(cat);
    json_t *counted;
    int rc = kazi_store_figures_pay(&counted, db, parent, lo, hi, minima, period);
    free(minima);
    if (rc < 0) return rc;
    json_t *zero =
        json_pack("{s:i,s:i,s:i,s:i,s:i,s:{}}", "workers", 0, "with_minimum", 0, "below_minimum", 0,
                  "volunteers", 0, "volunteers_without_reimbursement", 0, "by_funder");
    *rows = place(units, counted, zero);
    json_decref(zero);
    json_decref(counted);
    return KAZI_OK;
}

static int support(json_t **rows, kazi_db *db, const json_t *cat, const json_t *units,
                   int64_t parent, const char *lo, const char *hi)
{
    char *rules = supervision_rules(cat);
    json_t *counted;
    int rc = kazi_store_figures_support(&counted, db, parent, lo, hi, rules);
    free(rules);
    if (rc < 0) return rc;
    json_t *zero = json_pack("{s:i,s:i}", "workers", 0, "without_support", 0);
    *rows = place(units, counted, zero);
    json_decref(zero);
    json_decref(counted);
    return KAZI_OK;
}

static int activity(json_t **rows, kazi_db *db, const json_t *units, int64_t parent, const char *lo,
                    const char *hi, const char *period)
{
    json_t *counted;
    int rc = kazi_store_figures_activity(&counted, db, parent, lo, hi, period);
    if (rc < 0) return rc;
    json_t *zero = json_pack("{s:{}}", "totals");
    *rows = place(units, counted, zero);
    json_decref(zero);
    json_decref(counted);
    return KAZI_OK;
}

int kazi_figures_ward_level(const json_t *cat)
{
    int levels = (int)json_array_size(json_object_get(json_object_get(cat, "country"), "levels"));
    int dflt = levels > 0 && levels - 1 < DEFAULT_WARD_DEPTH ? levels - 1 : DEFAULT_WARD_DEPTH;
    return level_depth(cat, "ward", dflt);
}

json_t *kazi_figures_home_levels(const json_t *cat)
{
    const json_t *levels = json_object_get(json_object_get(cat, "country"), "levels");
    int d = kazi_figures_ward_level(cat);
    json_t *out = json_object();
    const json_t *w = json_array_get(levels, (size_t)d);
    const json_t *up = d > 0 ? json_array_get(levels, (size_t)d - 1) : NULL;
    if (w) json_object_set_new(out, "ward", json_string(level_id(w)));
    if (up) json_object_set_new(out, "district", json_string(level_id(up)));
    return out;
}

static int retention(json_t **rows, kazi_db *db, const json_t *cat, const json_t *units,
                     int64_t parent, const char *lo, const char *hi, const char *from,
                     const char *until)
{
    json_t *counted;
    int rc = kazi_store_figures_retention(&counted, db, parent, lo, hi, from, until,
                                          kazi_figures_ward_level(cat));
    if (rc < 0) return rc;
    json_t *zero =
        json_pack("{s:i,s:i,s:{},s:i,s:i,s:i,s:i}", "entries", 0, "exits", 0, "exit_reasons",
                  "service_days_of_exits", 0, "serving", 0, "home_ward", 0, "home_district", 0);
    *rows = place(units, counted, zero);
    json_decref(zero);
    json_decref(counted);
    size_t i;
    json_t *r;
    json_array_foreach(*rows, i, r)
    {
        json_object_set_new(r, "mean_service_days_of_exits",
                            share(r, "service_days_of_exits", "exits"));
        json_object_set_new(r, "home_ward_share", share(r, "home_ward", "serving"));
        json_object_set_new(r, "home_district_share", share(r, "home_district", "serving"));
    }
    return KAZI_OK;
}

/* The area a figure covers: org unit *org_unit (0: the caller's scope unit, which
 * *org_unit becomes, or everywhere for a national caller) as its path in base ("" for
 * everywhere); outside the caller's scope reads as absent. */
static int area(char base[KAZI_PATH_MAX], int64_t *org_unit, kazi_db *db, const kazi_caller *c)
{
    int rc;
    base[0] = 0;
    if (*org_unit) {
        if ((rc = kazi_store_org_unit_path(base, db, *org_unit, "org_unit")) < 0) return rc;
        if (kazi_caller_check_path(c, base, "org unit") < 0)
            return kazi_error_set(KAZI_EINVALID, "org_unit", "There is no org unit with id %lld",
                                  (long long)*org_unit);
    } else if (!kazi_caller_is_national(c)) {
        snprintf(base, KAZI_PATH_MAX, "%s", c->scope_path);
        /* the scope unit's id is the last segment of its path */
        const char *e = base + strlen(base) - 1, *s = e;
        while (s > base && s[-1] != '/')
            s--;
        *org_unit = strtoll(s, NULL, 10);
    }
    return KAZI_OK;
}

/* kazi_figures_get; total_only: the total row alone, no split by child unit. */
static int figures_get(json_t **out, kazi_db *db, const kazi_caller *c, const char *which,
                       int64_t org_unit, const char *period, const char *until, int total_only)
{
    char base[KAZI_PATH_MAX] = "", hi[KAZI_PATH_MAX];
    int rc;
    if ((rc = area(base, &org_unit, db, c)) < 0) return rc;
    if (!strcmp(which, "pay") && (!period || !kazi_support_is_period(period)))
        return kazi_error_set(KAZI_EINVALID, "period", "period must be a month (YYYY-MM)");
    if (!strcmp(which, "activity") && period && !kazi_support_is_period(period))
        return kazi_error_set(KAZI_EINVALID, "period", "period must be a month (YYYY-MM)");
    if (!strcmp(which, "retention") &&
        ((period && !kazi_registry_is_date(period)) || (until && !kazi_registry_is_date(until))))
        return kazi_error_set(KAZI_EINVALID,
                              period && !kazi_registry_is_date(period) ? "from" : "to",
                              "from and to must be dates (YYYY-MM-DD)");
    char today[16];
    kazi_registry_today(today, sizeof today);
    json_t *units, *rows = NULL, *levels = NULL;
    if (total_only) {
        units = json_array();
        org_unit = KAZI_FIGURES_TOTAL_ONLY; /* the store's parent: no children */
    } else if ((rc = kazi_store_figures_units(&units, db, org_unit)) < 0) {
        return rc;
    }
    const char *lo = base[0] ? base : NULL;
    if (lo) kazi_store_subtree_end(hi, base);
    kazi_lua_gen *g = kazi_lua_current();
    const json_t *cat = g ? kazi_lua_gen_catalogue(g) : NULL;
    if (!strcmp(which, "supervision"))
        rc = supervision(&rows, db, cat, units, org_unit, lo, lo ? hi : NULL);
    else if (!strcmp(which, "pay"))
        rc = pay(&rows, db, cat, units, org_unit, lo, lo ? hi : NULL, period);
    else if (!strcmp(which, "support"))
        rc = support(&rows, db, cat, units, org_unit, lo, lo ? hi : NULL);
    else if (!strcmp(which, "activity"))
        rc = activity(&rows, db, units, org_unit, lo, lo ? hi : NULL, period);
    else if (!strcmp(which, "retention")) {
        rc = retention(&rows, db, cat, units, org_unit, lo, lo ? hi : NULL, period,
                       until ? until : today);
        if (rc >= 0) levels = kazi_figures_home_levels(cat);
    } else
        rc = kazi_error_set(KAZI_ENOTFOUND, NULL, "no figures '%s'", which);
    kazi_lua_gen_unref(g);
    json_decref(units);
    if (rc < 0) return rc;
    json_t *total = json_incref(json_array_get(rows, json_array_size(rows) - 1));
    json_array_remove(rows, json_array_size(rows) - 1);
    *out = json_pack("{s:s,s:s?,s:o,s:o}", "figures", which, "period", period, "rows", rows,
                     "total", total);
    if (until) json_object_set_new(*out, "to", json_string(until));
    if (levels) json_object_set_new(*out, "home_levels", levels);
    return KAZI_OK;
}

int kazi_figures_get(json_t **out, kazi_db *db, const kazi_caller *c, const char *which,
                     int64_t org_unit, const char *period, const char *until)
{
    return figures_get(out, db, c, which, org_unit, period, until, 0);
}

int kazi_figures_people(json_t **out, kazi_db *db, const kazi_caller *c, const char *figure,
                        int64_t org_unit, const char *period)
{
    char base[KAZI_PATH_MAX], hi[KAZI_PATH_MAX];
    int pay =
        !strcmp(figure, "below_minimum") || !strcmp(figure, "volunteers_without_reimbursement");
    int rc = area(base, &org_unit, db, c);
    if (rc < 0) return rc;
    if (pay && (!period || !kazi_support_is_period(period)))
        return kazi_error_set(KAZI_EINVALID, "period", "period must be a month (YYYY-MM)");
    const char *lo = base[0] ? base : NULL;
    if (lo) kazi_store_subtree_end(hi, base);
    kazi_lua_gen *g = kazi_lua_current();
    const json_t *cat = g ? kazi_lua_gen_catalogue(g) : NULL;
    char *rules = pay ? kazi_pay_minima(cat) : supervision_rules(cat);
    json_t *items = NULL;
    rc = kazi_store_figures_people(&items, db, figure, lo, lo ? hi : NULL, rules,
                                   pay ? period : NULL);
    free(rules);
    kazi_lua_gen_unref(g);
    if (rc < 0) return rc;
    *out = json_pack("{s:s,s:s?,s:I,s:I,s:o}", "figure", figure, "period", pay ? period : NULL,
                     "org_unit", (json_int_t)org_unit, "total", (json_int_t)json_array_size(items),
                     "items", items);
    return *out ? KAZI_OK : kazi_error_set(KAZI_ERROR, NULL, "out of memory");
}

/* Whether the dashboard may show caller c the part that needs `perm`: an administrator
 * who has yet to set up two-step sign-in gets nothing, and a supervisor limited to their
 * own supervisees no counts of the whole area. */
static int may(const kazi_caller *c, const char *perm)
{
    return !c->mfa_pending && !c->own_supervisees && kazi_role_has(c->role, perm);
}

/* The rows of a store answer [{key, n}] as an object {key: n}. */
static json_t *by_key(const json_t *rows, const char *key)
{
    json_t *o = json_object();
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r)
    {
        const char *k = json_string_value(json_object_get(r, key));
        if (k) json_object_set(o, k, json_object_get(r, "n"));
    }
    return o;
}

/* The part of the dashboard the register gives: people and vacant posts. */
static int register_part(json_t *doc, kazi_db *db, const kazi_caller *c, int64_t area,
                         int64_t parent, const char *lo, const char *hi)
{
    json_t *counts, *units;
    int rc = kazi_store_figures_register(&counts, db, area, parent, lo, hi);
    if (rc < 0) return rc;
    if ((rc = kazi_store_figures_units(&units, db, parent)) < 0) {
        json_decref(counts);
        return rc;
    }
    if (may(c, "people.read")) {
        json_t *per_unit = json_array(), *u;
        size_t i;
        json_array_foreach(units, i, u)
        {
            json_int_t n = 0;
            size_t k;
            json_t *r;
            json_array_foreach(json_object_get(counts, "by_unit"), k, r)
            {
                if (json_integer_value(json_object_get(r, "ix")) == (json_int_t)i)
                    n = json_integer_value(json_object_get(r, "n"));
            }
            json_array_append_new(per_unit, json_pack("{s:{s:O,s:O,s:O},s:I}", "org_unit", "id",
                                                      json_object_get(u, "id"), "code",
                                                      json_object_get(u, "code"), "name",
                                                      json_object_get(u, "name"), "people", n));
        }
        json_object_set_new(
            doc, "people",
            json_pack("{s:O,s:o,s:o}", "active",
                      json_object_get(json_array_get(json_object_get(counts, "active"), 0), "n"),
                      "by_cadre", by_key(json_object_get(counts, "by_cadre"), "cadre"), "by_unit",
                      per_unit));
    }
    if (may(c, "positions.read")) {
        json_t *vacant = by_key(json_object_get(counts, "vacant_by_cadre"), "cadre");
        json_int_t total = 0;
        const char *k;
        json_t *v;
        json_object_foreach(vacant, k, v) total += json_integer_value(v);
        json_object_set_new(doc, "vacant",
                            json_pack("{s:I,s:o}", "total", total, "by_cadre", vacant));
    }
    json_decref(units);
    json_decref(counts);
    return KAZI_OK;
}

/* The total row of figure `which` for the dashboard's area, into doc[which]. */
static int total_part(json_t *doc, kazi_db *db, const kazi_caller *c, const char *which,
                      int64_t org_unit, const char *period)
{
    json_t *f;
    int rc = figures_get(&f, db, c, which, org_unit, period, NULL, 1);
    if (rc < 0) return rc;
    json_object_set(doc, which, json_object_get(f, "total"));
    json_decref(f);
    return KAZI_OK;
}

int kazi_figures_dashboard(json_t **out, kazi_db *db, const kazi_caller *c, int expiring_days,
                           const char *period)
{
    char base[KAZI_PATH_MAX], hi[KAZI_PATH_MAX], month[8];
    int64_t org_unit = 0;
    int rc = area(base, &org_unit, db, c);
    if (rc < 0) return rc;
    if (period && !kazi_support_is_period(period))
        return kazi_error_set(KAZI_EINVALID, "period", "period must be a month (YYYY-MM)");
    if (!period) {
        char today[16];
        kazi_registry_today(today, sizeof today);
        snprintf(month, sizeof month, "%.7s", today);
        period = month;
    }
    const char *lo = base[0] ? base : NULL;
    if (lo) kazi_store_subtree_end(hi, base);
    /* A register with one root (the country) is split by its children, as a national
     * officer reads it. */
    int64_t parent = org_unit;
    if (!parent) {
        json_t *roots;
        if ((rc = kazi_store_figures_units(&roots, db, 0)) < 0) return rc;
        if (json_array_size(roots) == 1)
            parent = json_integer_value(json_object_get(json_array_get(roots, 0), "id"));
        json_decref(roots);
    }
    json_t *doc = json_pack("{s:I,s:s}", "org_unit", (json_int_t)org_unit, "period", period);
    /* The names the figures are shown with, so the dashboard needs no catalogue request. */
    kazi_lua_gen *g = kazi_lua_current();
    const json_t *cat = g ? kazi_lua_gen_catalogue(g) : NULL;
    json_t *names = json_pack("{s:[],s:[]}", "cadres", "certifications");
    static const char *const kinds[] = {"cadres", "certifications"};
    for (size_t k = 0; k < 2; k++) {
        size_t i;
        json_t *d;
        json_array_foreach(json_object_get(cat, kinds[k]), i, d)
        {
            json_t *name = json_object_get(d, "name");
            json_array_append_new(json_object_get(names, kinds[k]),
                                  json_pack("{s:O,s:O}", "id", json_object_get(d, "id"), "name",
                                            name ? name : json_object_get(d, "id")));
        }
    }
    kazi_lua_gen_unref(g);
    json_object_set_new(doc, "names", names);
    if (may(c, "people.read") || may(c, "positions.read"))
        rc = register_part(doc, db, c, org_unit, parent, lo, lo ? hi : NULL);
    if (rc == KAZI_OK && may(c, "careers.read")) { /* counted per certification in SQL */
        char today[16], until[16];
        kazi_registry_today(today, sizeof today);
        kazi_certificate_add_days(until, today, expiring_days);
        json_t *counts;
        if ((rc = kazi_store_figures_expiring(&counts, db, today, until, lo, lo ? hi : NULL)) ==
            KAZI_OK) {
            json_t *byc = by_key(counts, "certification");
            json_int_t total = 0;
            const char *k;
            json_t *v;
            json_object_foreach(byc, k, v) total += json_integer_value(v);
            json_object_set_new(doc, "expiring",
                                json_pack("{s:i,s:I,s:o}", "days", expiring_days, "total", total,
                                          "by_certification", byc));
            json_decref(counts);
        }
    }
    if (rc == KAZI_OK && may(c, "reports.aggregate")) {
        rc = total_part(doc, db, c, "supervision", 0, NULL);
        if (rc == KAZI_OK) rc = total_part(doc, db, c, "pay", 0, period);
    }
    if (rc < 0) {
        json_decref(doc);
        return rc;
    }
    *out = doc;
    return KAZI_OK;
}
