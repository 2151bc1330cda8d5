/*
 * dhis2 (lua) — the figure vocabulary of kazi.dhis2{} and its checks after loading.
 * Owns: kazi_dhis2_figures, kazi_dhis2_check.
 * Uses: util/json, util/error.
 * Thread-safety: reentrant (constant tables).
 */
#include "lua/dhis2.h"
#include "lua/runtime.h"
#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const kazi_dhis2_figure kazi_dhis2_figures[KAZI_DHIS2_NFIGURES] = {
    [KAZI_DHIS2_HEADCOUNT] = {"headcount", KAZI_DHIS2_DIM_CADRE | KAZI_DHIS2_DIM_SEX,
                              "active workers in a current post, where the post is"},
    [KAZI_DHIS2_POSITIONS_APPROVED] = {"positions_approved", KAZI_DHIS2_DIM_CADRE,
                                       "approved posts (scheme of service)"},
    [KAZI_DHIS2_POSITIONS_VACANT] = {"positions_vacant", KAZI_DHIS2_DIM_CADRE,
                                     "approved posts without a current holder"},
    [KAZI_DHIS2_CERTIFIED] = {"certified", KAZI_DHIS2_DIM_CADRE | KAZI_DHIS2_DIM_SEX,
                              "active workers in a current post holding a valid, unexpired "
                              "certificate"},
    [KAZI_DHIS2_SUPERVISED] = {"supervised", KAZI_DHIS2_DIM_CADRE | KAZI_DHIS2_DIM_SEX,
                               "active workers in a current post with a current supervisor"},
    [KAZI_DHIS2_SUPERVISION_SESSIONS] = {"supervision_sessions", 0,
                                         "supervision sessions held in the period, where the "
                                         "worker lives"},
    [KAZI_DHIS2_ACTIVITY] = {"activity", KAZI_DHIS2_DIM_ACTIVITY,
                             "monthly activity returns of the period summed, where the worker "
                             "lives"},
};

const char *const kazi_dhis2_sexes[] = {"female", "male", "other", "unknown", NULL};

int kazi_dhis2_figure_find(const char *name)
{
    for (int i = 0; name && i < KAZI_DHIS2_NFIGURES; i++)
        if (kazi_dhis2_figures[i].name && !strcmp(kazi_dhis2_figures[i].name, name)) return i;
    return -1;
}

static int fail(const json_t *decl, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* KAZI_EPLUGIN "file:line: kazi.dhis2: <message>", the line in the error's position. */
static int fail(const json_t *decl, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const char *src = json_string_value(json_object_get(decl, "source"));
    int rc = kazi_error_set_slug(KAZI_EPLUGIN, "plugin_error", NULL, "%s: kazi.dhis2: %s",
                                 src ? src : "?", msg);
    const char *colon = src ? strrchr(src, ':') : NULL;
    if (colon) kazi_error_set_position(atoi(colon + 1), 0);
    return rc;
}

static int declared(const json_t *cat, const char *kind, const char *id)
{
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(cat, kind), i, e)
    {
        const char *x = json_string_value(json_object_get(e, "id"));
        if (x && !strcmp(x, id)) return 1;
    }
    return 0;
}

static int one_of(const char *v, const char *const *list)
{
    for (; *list; list++)
        if (!strcmp(*list, v)) return 1;
    return 0;
}

static int nonempty_string(const json_t *v)
{
    return json_is_string(v) && json_string_length(v) > 0 && json_string_length(v) <= 230;
}

static int check_scheme(const json_t *decl, const json_t *v, const char *where)
{
    static const char *const schemes[] = {"uid", "code", NULL};
    if (v && (!json_is_string(v) || !one_of(json_string_value(v), schemes)))
        return fail(decl, "%s must be \"uid\" or \"code\"", where);
    return KAZI_OK;
}

static int check_org_units(const json_t *cat, const json_t *decl)
{
    const json_t *ou = json_object_get(decl, "org_units");
    if (!json_is_object(ou))
        return fail(decl, "'org_units' must be a table: { levels = {\"district\"}, "
                          "id_scheme = \"code\", map = { [\"KAZI-CODE\"] = \"DHIS2 id\" } }");
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)ou, key, v)
    {
        if (strcmp(key, "levels") && strcmp(key, "id_scheme") && strcmp(key, "map"))
            return fail(decl, "org_units: unknown field '%s' (known: levels, id_scheme, map)", key);
    }
    int rc = check_scheme(decl, json_object_get(ou, "id_scheme"), "org_units.id_scheme");
    if (rc < 0) return rc;
    const json_t *levels = json_object_get(ou, "levels");
    if (!json_is_array(levels) || !json_array_size(levels))
        return fail(decl, "org_units.levels must list the org-unit levels reported, e.g. "
                          "{\"district\"}");
    size_t i;
    json_array_foreach(levels, i, v)
    {
        const char *lv = json_string_value(v);
        if (!lv) return fail(decl, "org_units.levels[%zu] must be a level id", i + 1);
        if (!declared(json_object_get(cat, "country"), "levels", lv))
            return fail(decl, "org_units.levels[%zu]: kazi.country declares no level '%s'", i + 1,
                        lv);
    }
    const json_t *map = json_object_get(ou, "map");
    if (map && !json_is_object(map))
        return fail(decl, "org_units.map must be a table { [\"KAZI-CODE\"] = \"DHIS2 id\" }");
    json_object_foreach((json_t *)map, key, v)
    {
        if (!nonempty_string(v))
            return fail(decl, "org_units.map[\"%s\"] must be the DHIS2 org unit's id or code", key);
    }
    return KAZI_OK;
}

const json_t *kazi_dhis2_indicator_find(const json_t *cat, const char *id)
{
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(cat, "reports"), i, e)
    {
        const char *x = json_string_value(json_object_get(e, "id"));
        if (x && id && !strcmp(x, id) && json_object_get(e, "indicator")) return e;
    }
    return NULL;
}

/* The options of the indicator report's "breakdown" parameter (NULL: it has none). */
static const json_t *breakdowns_of(const json_t *report)
{
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(report, "params"), i, p)
    {
        const char *id = json_string_value(json_object_get(p, "id"));
        if (id && !strcmp(id, "breakdown")) return json_object_get(p, "options");
    }
    return NULL;
}

/* One row of `values` naming an indicator: {indicator, value?, breakdown?, group?,
 * data_element, category_option_combo?}. */
static int check_indicator_value(const json_t *cat, const json_t *decl, size_t n, const json_t *row)
{
    static const char *const kinds[] = {"numerator", "value", "denominator", NULL};
    static const char *const fields[] = {
        "indicator", "value", "breakdown", "group", "data_element", "category_option_combo", NULL};
    const char *id = json_string_value(json_object_get(row, "indicator"));
    if (!id) return fail(decl, "values[%zu]: 'indicator' must be an indicator report's id", n);
    const json_t *report = kazi_dhis2_indicator_find(cat, id);
    if (!report)
        return fail(decl,
                    "values[%zu]: no indicator '%s' is declared (a kazi.report with an "
                    "'indicator' field, e.g. ind-headcount)",
                    n, id);
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)row, key, v)
    {
        if (!one_of(key, fields))
            return fail(decl, "values[%zu] (%s): unknown field '%s'", n, id, key);
    }
    const json_t *kind = json_object_get(row, "value");
    if (kind && (!json_is_string(kind) || !one_of(json_string_value(kind), kinds)))
        return fail(decl,
                    "values[%zu] (%s): value must be \"numerator\", \"value\" or "
                    "\"denominator\"",
                    n, id);
    const json_t *bd = json_object_get(row, "breakdown");
    const json_t *group = json_object_get(row, "group");
    if (bd) {
        const json_t *options = breakdowns_of(report);
        if (!json_is_string(bd) || !kazi_lua_option_allowed(options, bd))
            return fail(decl, "values[%zu] (%s): indicator '%s' offers no breakdown '%s'", n, id,
                        id, json_is_string(bd) ? json_string_value(bd) : "?");
        if (!nonempty_string(group))
            return fail(decl,
                        "values[%zu] (%s): a breakdown needs the 'group' sent, e.g. "
                        "breakdown = \"sex\", group = \"female\"",
                        n, id);
    } else if (group)
        return fail(decl, "values[%zu] (%s): 'group' needs a 'breakdown'", n, id);
    if (!nonempty_string(json_object_get(row, "data_element")))
        return fail(decl,
                    "values[%zu] (%s): 'data_element' is required (the DHIS2 data "
                    "element's id or code)",
                    n, id);
    const json_t *coc = json_object_get(row, "category_option_combo");
    if (coc && !nonempty_string(coc))
        return fail(decl, "values[%zu] (%s): 'category_option_combo' must be a DHIS2 id or code", n,
                    id);
    return KAZI_OK;
}

/* One row of `values`: {figure, data_element, category_option_combo?, cadre?, sex?,
 * activity?}, or an indicator's (check_indicator_value). */
static int check_value(const json_t *cat, const json_t *decl, size_t n, const json_t *row)
{
    if (!json_is_object(row))
        return fail(decl, "values[%zu] must be a table { figure = ..., data_element = ... }", n);
    if (json_object_get(row, "indicator")) {
        if (json_object_get(row, "figure"))
            return fail(decl, "values[%zu]: name a figure or an indicator, not both", n);
        return check_indicator_value(cat, decl, n, row);
    }
    const char *fname = json_string_value(json_object_get(row, "figure"));
    if (!fname) return fail(decl, "values[%zu]: 'figure' (or 'indicator') is required", n);
    int f = kazi_dhis2_figure_find(fname);
    if (f < 0) {
        char known[400] = "";
        for (int i = 0; i < KAZI_DHIS2_NFIGURES; i++) {
            size_t len = strlen(known);
            snprintf(known + len, sizeof known - len, "%s%s", len ? ", " : "",
                     kazi_dhis2_figures[i].name);
        }
        return fail(decl, "values[%zu]: no figure '%s' (known: %s)", n, fname, known);
    }
    if (!nonempty_string(json_object_get(row, "data_element")))
        return fail(decl,
                    "values[%zu] (%s): 'data_element' is required (the DHIS2 data "
                    "element's id or code)",
                    n, fname);
    const json_t *coc = json_object_get(row, "category_option_combo");
    if (coc && !nonempty_string(coc))
        return fail(decl, "values[%zu] (%s): 'category_option_combo' must be a DHIS2 id or code", n,
                    fname);
    int dims = kazi_dhis2_figures[f].dims;
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)row, key, v)
    {
        int dim = !strcmp(key, "cadre")      ? KAZI_DHIS2_DIM_CADRE
                  : !strcmp(key, "sex")      ? KAZI_DHIS2_DIM_SEX
                  : !strcmp(key, "activity") ? KAZI_DHIS2_DIM_ACTIVITY
                                             : 0;
        if (!dim) {
            if (strcmp(key, "figure") && strcmp(key, "data_element") &&
                strcmp(key, "category_option_combo"))
                return fail(decl, "values[%zu] (%s): unknown field '%s'", n, fname, key);
            continue;
        }
        if (!(dims & dim))
            return fail(decl, "values[%zu]: figure '%s' is not broken down by %s", n, fname, key);
        const char *s = json_string_value(v);
        if (!s) return fail(decl, "values[%zu] (%s): '%s' must be text", n, fname, key);
        if (dim == KAZI_DHIS2_DIM_CADRE && !declared(cat, "cadres", s))
            return fail(decl, "values[%zu] (%s): no cadre '%s' is declared", n, fname, s);
        if (dim == KAZI_DHIS2_DIM_ACTIVITY && !declared(cat, "activities", s))
            return fail(decl, "values[%zu] (%s): no activity '%s' is declared", n, fname, s);
        if (dim == KAZI_DHIS2_DIM_SEX && !one_of(s, kazi_dhis2_sexes))
            return fail(decl,
                        "values[%zu] (%s): sex must be \"female\", \"male\", \"other\" or "
                        "\"unknown\", not \"%s\"",
                        n, fname, s);
    }
    return KAZI_OK;
}

int kazi_dhis2_check(json_t *cat)
{
    const json_t *decl = json_object_get(cat, "dhis2");
    if (!decl) return KAZI_OK;
    int rc;
    if (!nonempty_string(json_object_get(decl, "data_set")))
        return fail(decl, "'data_set' must be the DHIS2 data set's id or code");
    if ((rc = check_scheme(decl, json_object_get(decl, "id_scheme"), "'id_scheme'")) < 0) return rc;
    const json_t *aoc = json_object_get(decl, "attribute_option_combo");
    if (aoc && !nonempty_string(aoc))
        return fail(decl, "'attribute_option_combo' must be a DHIS2 id or code");
    if ((rc = check_org_units(cat, decl)) < 0) return rc;
    const json_t *values = json_object_get(decl, "values");
    if (!json_is_array(values) || !json_array_size(values))
        return fail(decl, "'values' must list what each figure is in DHIS2: { { figure = "
                          "\"headcount\", cadre = ..., sex = ..., data_element = ..., "
                          "category_option_combo = ... }, ... }");
    size_t i, j;
    json_t *row, *other;
    json_array_foreach(values, i, row)
    {
        if ((rc = check_value(cat, decl, i + 1, row)) < 0) return rc;
        const char *de = json_string_value(json_object_get(row, "data_element"));
        const char *coc = json_string_value(json_object_get(row, "category_option_combo"));
        json_array_foreach(values, j, other)
        {
            if (j >= i) break;
            const char *de2 = json_string_value(json_object_get(other, "data_element"));
            const char *coc2 = json_string_value(json_object_get(other, "category_option_combo"));
            if (!strcmp(de, de2) && ((!coc && !coc2) || (coc && coc2 && !strcmp(coc, coc2))))
                return fail(decl,
                            "values[%zu] maps data element '%s'%s%s again (first in values[%zu])",
                            i + 1, de, coc ? " with combo " : "", coc ? coc : "", j + 1);
        }
    }
    return KAZI_OK;
}
