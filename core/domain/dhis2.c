/*
 * dhis2 — the kazi.dhis2{} mapping applied to the register: documents and the push.
 * See dhis2.h.
 */
#include "domain/dhis2.h"
#include "domain/audit.h"
#include "domain/dhis2_figures.h"
#include "domain/plugins.h"
#include "lua/dhis2.h"
#include "store/orgunit.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/httpc.h"
#include "util/strmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int kazi_dhis2_format_parse(kazi_dhis2_format *out, const char *s)
{
    if (!s || !strcmp(s, "json")) {
        *out = KAZI_DHIS2_JSON;
        return KAZI_OK;
    }
    if (!strcmp(s, "adx")) {
        *out = KAZI_DHIS2_ADX;
        return KAZI_OK;
    }
    return kazi_error_set(KAZI_EINVALID, "format", "format must be \"json\" or \"adx\"");
}

void kazi_dhis2_doc_free(kazi_dhis2_doc *doc)
{
    if (!doc) return;
    free(doc->data);
    memset(doc, 0, sizeof *doc);
}

/* ---- periods ---------------------------------------------------------------------------- */

typedef struct period {
    char dhis2[8];       /* as DHIS2 names it: 202611, 2026Q4, 2026 */
    char adx[24];        /* ISO 8601 start/duration: 2026-11-01/P1M */
    char first_month[8]; /* 2026-11 */
    char last_month[8];  /* 2026-11 */
    char first_day[11];  /* 2026-11-01 */
    char last_day[11];   /* 2026-11-30 */
} period;

static int days_in(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

static int all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return 1;
}

static int parse_period(period *p, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    int y = n >= 4 && all_digits(s, 4) ? atoi((char[5]){s[0], s[1], s[2], s[3], 0}) : 0;
    int m1 = 0, months = 0;
    const char *dur = NULL;
    if (y >= 1900 && y <= 9999) {
        if (n == 6 && all_digits(s + 4, 2)) {
            m1 = (s[4] - '0') * 10 + (s[5] - '0');
            months = 1, dur = "P1M";
        } else if (n == 6 && s[4] == 'Q' && s[5] >= '1' && s[5] <= '4') {
            m1 = (s[5] - '1') * 3 + 1;
            months = 3, dur = "P3M";
        } else if (n == 4) {
            m1 = 1;
            months = 12, dur = "P1Y";
        }
    }
    if (!dur || m1 < 1 || m1 > 12)
        return kazi_error_set(KAZI_EINVALID, "period",
                              "period must be YYYYMM (monthly, e.g. 202611), YYYYQn (quarterly, "
                              "e.g. 2026Q4) or YYYY (yearly)");
    int m2 = m1 + months - 1;
    snprintf(p->dhis2, sizeof p->dhis2, "%s", s);
    snprintf(p->adx, sizeof p->adx, "%04d-%02d-01/%s", y, m1, dur);
    snprintf(p->first_month, sizeof p->first_month, "%04d-%02d", y, m1);
    snprintf(p->last_month, sizeof p->last_month, "%04d-%02d", y, m2);
    snprintf(p->first_day, sizeof p->first_day, "%04d-%02d-01", y, m1);
    snprintf(p->last_day, sizeof p->last_day, "%04d-%02d-%02d", y, m2, days_in(y, m2));
    return KAZI_OK;
}

/* ---- the roll-up ------------------------------------------------------------------------ */

typedef struct unit {
    char *path;
    char *id; /* what DHIS2 is sent: map[code], or the code */
} unit;

/* A figure's count, or an indicator's number; absent (an indicator's ratio without a
 * denominator) is left out of the document. */
typedef struct total {
    double n;
    int absent;
} total;

typedef struct rollup {
    const json_t *decl, *values, *levels, *map;
    int uid_units; /* org_units.id_scheme = "uid" */
    unit *units;
    size_t nunits, capunits;
    kazi_strmap by_path; /* path → index in units */
    kazi_strmap by_code; /* Kazi code → index in units */
    total *totals;       /* [unit * nvalues + value] */
    size_t nvalues;
    int figure; /* the figure being counted */
    int error;
} rollup;

static int at_level(const rollup *r, const char *level)
{
    size_t i;
    json_t *l;
    json_array_foreach(r->levels, i, l)
    {
        if (!strcmp(json_string_value(l), level)) return 1;
    }
    return 0;
}

static int collect_unit(void *ctx, const kazi_orgunit *u, const char *parent_code)
{
    (void)parent_code;
    rollup *r = ctx;
    if (!at_level(r, u->level_id)) return KAZI_OK;
    const char *id = json_string_value(json_object_get(r->map, u->code));
    if (!id && r->uid_units)
        return kazi_error_set(KAZI_EINVALID, "dhis2",
                              "org unit %s (%s) has no DHIS2 id: kazi.dhis2's org_units.map names "
                              "none and org_units.id_scheme is \"uid\"",
                              u->code, u->name);
    if (r->nunits == r->capunits) {
        size_t cap = r->capunits ? r->capunits * 2 : 64;
        unit *n = realloc(r->units, cap * sizeof *n);
        if (!n) return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
        r->units = n;
        r->capunits = cap;
    }
    unit *x = &r->units[r->nunits];
    x->path = strdup(u->path);
    x->id = strdup(id ? id : u->code);
    if (!x->path || !x->id) {
        free(x->path);
        free(x->id);
        return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    }
    r->nunits++;
    int rc = kazi_strmap_put(&r->by_path, u->path, (int64_t)(r->nunits - 1));
    return rc < 0 ? rc : kazi_strmap_put(&r->by_code, u->code, (int64_t)(r->nunits - 1));
}

static int dim_matches(const json_t *row, const char *key, const char *value)
{
    const char *want = json_string_value(json_object_get(row, key));
    return !want || (value && !strcmp(want, value));
}

/* A group of the figure being counted: added to every reporting unit whose path is a
 * prefix of the group's, for every mapping row of the figure its dimensions match. */
static int add_count(void *ctx, const kazi_dhis2_count *c)
{
    rollup *r = ctx;
    if (!c->path) return KAZI_OK;
    char prefix[KAZI_ORGUNIT_PATH_MAX];
    size_t n = strlen(c->path);
    if (n >= sizeof prefix) return KAZI_OK;
    for (size_t i = 1; i < n; i++) {
        if (c->path[i] != '/') continue;
        memcpy(prefix, c->path, i + 1);
        prefix[i + 1] = '\0';
        int64_t u;
        if (!kazi_strmap_get(&r->by_path, prefix, &u)) continue;
        size_t v;
        json_t *row;
        json_array_foreach(r->values, v, row)
        {
            if (kazi_dhis2_figure_find(json_string_value(json_object_get(row, "figure"))) !=
                r->figure)
                continue;
            if (!dim_matches(row, "cadre", c->cadre) || !dim_matches(row, "sex", c->sex) ||
                !dim_matches(row, "activity", c->activity))
                continue;
            r->totals[(size_t)u * r->nvalues + v].n += (double)c->count;
        }
    }
    return KAZI_OK;
}

/* ---- indicators ------------------------------------------------------------------------- */

static int same_text(const json_t *a, const json_t *b)
{
    const char *x = json_string_value(a), *y = json_string_value(b);
    return (!x && !y) || (x && y && !strcmp(x, y));
}

/* Mapping rows v and w ask the same run of an indicator (its id and breakdown). */
static int same_run(const json_t *v, const json_t *w)
{
    return json_object_get(w, "indicator") &&
           same_text(json_object_get(v, "indicator"), json_object_get(w, "indicator")) &&
           same_text(json_object_get(v, "breakdown"), json_object_get(w, "breakdown"));
}

/* Report row x into the mapping rows from `first` on that ask for
 * this run, for the unit the row names (rows of units outside the roll-up are not sent). */
static void take_row(rollup *r, size_t first, const json_t *x)
{
    int64_t u;
    const char *code = json_string_value(json_object_get(x, "org_unit_code"));
    if (!code || !kazi_strmap_get(&r->by_code, code, &u)) return;
    const json_t *model = json_array_get(r->values, first);
    size_t v;
    json_t *row;
    json_array_foreach(r->values, v, row)
    {
        if (v < first || !same_run(model, row)) continue;
        const char *group = json_string_value(json_object_get(row, "group"));
        const char *got = json_string_value(json_object_get(x, "group"));
        if (group && (!got || strcmp(group, got))) continue;
        const char *kind = json_string_value(json_object_get(row, "value"));
        const json_t *n = json_object_get(x, kind ? kind : "value");
        total *t = &r->totals[(size_t)u * r->nvalues + v];
        t->absent = !json_is_number(n);
        t->n = json_is_number(n) ? json_number_value(n) : 0;
    }
}

/* Every mapping row naming an indicator: the indicator report run once per indicator,
 * breakdown and reporting level, as the caller (its scope, the report-run record), for
 * the period; a unit without a row for the group has a numerator of 0 (and a value of 0
 * when the indicator is a count), nothing else. */
static int run_indicators(rollup *r, kazi_db *db, const kazi_caller *caller, kazi_lua_gen *g,
                          const period *p, const char *org_unit)
{
    char months[24];
    snprintf(months, sizeof months, "%s..%s", p->first_month, p->last_month);
    const json_t *cat = kazi_lua_gen_catalogue(g);
    const char *via = caller && caller->kind == KAZI_CALLER_CLI ? "cli" : "api";
    size_t v, w;
    json_t *row, *other;
    json_array_foreach(r->values, v, row)
    {
        const char *id = json_string_value(json_object_get(row, "indicator"));
        if (!id) continue;
        int done = 0;
        json_array_foreach(r->values, w, other)
        {
            if (w >= v) break;
            done |= same_run(row, other);
        }
        if (done) continue;
        /* nothing reported yet: a numerator is 0, a count's value too; others absent */
        const json_t *report = kazi_dhis2_indicator_find(cat, id);
        const char *unit_word =
            json_string_value(json_object_get(json_object_get(report, "indicator"), "unit"));
        int count = unit_word && !strcmp(unit_word, "count");
        json_array_foreach(r->values, w, other)
        {
            if (w < v || !same_run(row, other)) continue;
            const char *kind = json_string_value(json_object_get(other, "value"));
            int zero =
                kind ? !strcmp(kind, "numerator") || (count && !strcmp(kind, "value")) : count;
            for (size_t u = 0; u < r->nunits; u++)
                r->totals[u * r->nvalues + w].absent = !zero;
        }
        size_t l;
        json_t *level;
        json_array_foreach(r->levels, l, level)
        {
            json_t *params = json_pack("{s:O,s:s}", "level", level, "period", months);
            json_t *breakdown = json_object_get(row, "breakdown");
            if (params && breakdown) json_object_set(params, "breakdown", breakdown);
            if (params && org_unit && org_unit[0])
                json_object_set_new(params, "org_unit", json_string(org_unit));
            json_t *result = NULL;
            int rc = params ? kazi_report_run_for(&result, db, g, caller, id, params, "json", via)
                            : kazi_error_set(KAZI_ERROR, NULL, "out of memory");
            json_decref(params);
            if (rc < 0) return rc;
            size_t i;
            json_t *x;
            json_array_foreach(json_object_get(result, "rows"), i, x) take_row(r, v, x);
            json_decref(result);
        }
    }
    return KAZI_OK;
}

static void rollup_free(rollup *r)
{
    for (size_t i = 0; i < r->nunits; i++) {
        free(r->units[i].path);
        free(r->units[i].id);
    }
    free(r->units);
    free(r->totals);
    kazi_strmap_free(&r->by_path);
    kazi_strmap_free(&r->by_code);
}

/* ---- the documents ---------------------------------------------------------------------- */

static int put(kazi_buf *b, const char *s)
{
    return kazi_buf_append(b, s, strlen(s));
}

/* s as XML attribute text. */
static int put_xml(kazi_buf *b, const char *s)
{
    int rc = KAZI_OK;
    for (; *s && rc == KAZI_OK; s++) {
        switch (*s) {
        case '&':
            rc = put(b, "&amp;");
            break;
        case '<':
            rc = put(b, "&lt;");
            break;
        case '>':
            rc = put(b, "&gt;");
            break;
        case '"':
            rc = put(b, "&quot;");
            break;
        case '\'':
            rc = put(b, "&apos;");
            break;
        default:
            rc = kazi_buf_append(b, s, 1);
        }
    }
    return rc;
}

static int put_attr(kazi_buf *b, const char *name, const char *value)
{
    int rc;
    if ((rc = put(b, " ")) < 0 || (rc = put(b, name)) < 0 || (rc = put(b, "=\"")) < 0 ||
        (rc = put_xml(b, value)) < 0)
        return rc;
    return put(b, "\"");
}

static int write_adx(kazi_buf *b, const rollup *r, const period *p)
{
    const char *ds = json_string_value(json_object_get(r->decl, "data_set"));
    const char *aoc = json_string_value(json_object_get(r->decl, "attribute_option_combo"));
    char exported[40];
    kazi_clock_format(exported, sizeof exported, kazi_clock_now_ms());
    int rc;
    if ((rc = put(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                     "<adx xmlns=\"urn:ihe:qrph:adx:2015\"")) < 0 ||
        (rc = put_attr(b, "exported", exported)) < 0 || (rc = put(b, ">\n")) < 0)
        return rc;
    for (size_t u = 0; u < r->nunits; u++) {
        if ((rc = put(b, "  <group")) < 0 || (rc = put_attr(b, "orgUnit", r->units[u].id)) < 0 ||
            (rc = put_attr(b, "period", p->adx)) < 0 || (rc = put_attr(b, "dataSet", ds)) < 0 ||
            (aoc && (rc = put_attr(b, "attributeOptionCombo", aoc)) < 0) ||
            (rc = put(b, ">\n")) < 0)
            return rc;
        size_t v;
        json_t *row;
        json_array_foreach(r->values, v, row)
        {
            const char *coc = json_string_value(json_object_get(row, "category_option_combo"));
            const total *t = &r->totals[u * r->nvalues + v];
            if (t->absent) continue;
            char value[32];
            snprintf(value, sizeof value, "%.15g", t->n);
            if ((rc = put(b, "    <dataValue")) < 0 ||
                (rc = put_attr(b, "dataElement",
                               json_string_value(json_object_get(row, "data_element")))) < 0 ||
                (coc && (rc = put_attr(b, "categoryOptionCombo", coc)) < 0) ||
                (rc = put_attr(b, "value", value)) < 0 || (rc = put(b, "/>\n")) < 0)
                return rc;
        }
        if ((rc = put(b, "  </group>\n")) < 0) return rc;
    }
    return put(b, "</adx>\n");
}

static json_t *json_doc(const rollup *r, const period *p, const char *id_scheme,
                        const char *ou_scheme)
{
    const json_t *aoc = json_object_get(r->decl, "attribute_option_combo");
    json_t *values = json_array();
    json_t *doc = json_pack("{s:O,s:s,s:s,s:s,s:o}", "dataSet",
                            json_object_get(r->decl, "data_set"), "period", p->dhis2, "idScheme",
                            id_scheme, "orgUnitIdScheme", ou_scheme, "dataValues", values);
    if (!doc) return NULL;
    if (aoc) json_object_set(doc, "attributeOptionCombo", (json_t *)aoc);
    for (size_t u = 0; u < r->nunits; u++) {
        size_t v;
        json_t *row;
        json_array_foreach(r->values, v, row)
        {
            const total *t = &r->totals[u * r->nvalues + v];
            if (t->absent) continue;
            char value[32];
            snprintf(value, sizeof value, "%.15g", t->n);
            json_t *dv =
                json_pack("{s:O,s:s,s:s}", "dataElement", json_object_get(row, "data_element"),
                          "period", p->dhis2, "orgUnit", r->units[u].id);
            if (!dv) {
                json_decref(doc);
                return NULL;
            }
            const json_t *coc = json_object_get(row, "category_option_combo");
            if (coc) json_object_set(dv, "categoryOptionCombo", (json_t *)coc);
            json_object_set_new(dv, "value", json_string(value));
            json_array_append_new(values, dv);
        }
    }
    return doc;
}

/* ---- export ----------------------------------------------------------------------------- */

/* The org-unit range: the caller's scope, or the subtree of `code` inside it. */
static int range_for(char lo[KAZI_ORGUNIT_PATH_MAX], char hi[KAZI_ORGUNIT_PATH_MAX], kazi_db *db,
                     const kazi_caller *caller, const char *code)
{
    const char *slo, *shi;
    kazi_caller_scope_range(caller, &slo, &shi);
    if (!code || !code[0]) {
        snprintf(lo, KAZI_ORGUNIT_PATH_MAX, "%s", slo);
        snprintf(hi, KAZI_ORGUNIT_PATH_MAX, "%s", shi);
        return KAZI_OK;
    }
    kazi_orgunit u;
    int rc = kazi_orgunit_get_by_code(&u, db, code);
    if (rc == KAZI_ENOTFOUND || (rc == KAZI_OK && !kazi_caller_sees(caller, u.path)))
        return kazi_error_set(KAZI_EINVALID, "org_unit", "org_unit: no org unit with code %s",
                              code);
    if (rc < 0) return rc;
    snprintf(lo, KAZI_ORGUNIT_PATH_MAX, "%s", u.path);
    kazi_orgunit_subtree_end(hi, u.path);
    return KAZI_OK;
}

static const char *scheme_of(const json_t *v)
{
    const char *s = json_string_value(v);
    return s && !strcmp(s, "code") ? "code" : "uid";
}

int kazi_dhis2_export(kazi_dhis2_doc *out, kazi_db *db, const kazi_caller *caller, kazi_lua_gen *g,
                      const char *period_text, kazi_dhis2_format format, const char *org_unit)
{
    memset(out, 0, sizeof *out);
    period p;
    rollup r = {0};
    kazi_buf b = {0};
    char lo[KAZI_ORGUNIT_PATH_MAX], hi[KAZI_ORGUNIT_PATH_MAX];
    kazi_lua_gen *live = g ? kazi_lua_gen_ref(g) : kazi_lua_current();
    int rc;
    if ((rc = parse_period(&p, period_text)) < 0) goto done;
    r.decl = live ? json_object_get(kazi_lua_gen_catalogue(live), "dhis2") : NULL;
    if (!r.decl) {
        rc = kazi_error_set(KAZI_EINVALID, "dhis2",
                            "the live configuration maps nothing to DHIS2 (no kazi.dhis2{})");
        goto done;
    }
    const json_t *ou = json_object_get(r.decl, "org_units");
    r.values = json_object_get(r.decl, "values");
    r.levels = json_object_get(ou, "levels");
    r.map = json_object_get(ou, "map");
    /* org units go by code unless the mapping says uid (then each needs a map entry) */
    const char *ou_scheme =
        json_object_get(ou, "id_scheme") ? scheme_of(json_object_get(ou, "id_scheme")) : "code";
    r.uid_units = !strcmp(ou_scheme, "uid");
    r.nvalues = json_array_size(r.values);
    if ((rc = range_for(lo, hi, db, caller, org_unit)) < 0) goto done;
    if ((rc = kazi_orgunit_each(db, lo, hi, collect_unit, &r)) < 0) goto done;
    if (r.nunits && !(r.totals = calloc(r.nunits * r.nvalues, sizeof *r.totals))) {
        rc = kazi_error_set(KAZI_ERROR, NULL, "out of memory");
        goto done;
    }
    /* each figure the mapping uses is counted once */
    kazi_dhis2_span span = {lo, hi, p.first_month, p.last_month, p.first_day, p.last_day};
    for (int f = 0; r.nunits && f < KAZI_DHIS2_NFIGURES; f++) {
        size_t v;
        json_t *row;
        int used = 0;
        json_array_foreach(r.values, v, row)
        {
            used |= kazi_dhis2_figure_find(json_string_value(json_object_get(row, "figure"))) == f;
        }
        if (!used) continue;
        r.figure = f;
        if ((rc = kazi_dhis2_figure_count(db, f, &span, add_count, &r)) < 0) goto done;
    }
    if (r.nunits && (rc = run_indicators(&r, db, caller, live, &p, org_unit)) < 0) goto done;
    snprintf(out->id_scheme, sizeof out->id_scheme, "%s",
             scheme_of(json_object_get(r.decl, "id_scheme")));
    snprintf(out->org_unit_scheme, sizeof out->org_unit_scheme, "%s", ou_scheme);
    if (format == KAZI_DHIS2_ADX) {
        if ((rc = write_adx(&b, &r, &p)) < 0) goto done;
        out->content_type = "application/adx+xml";
    } else {
        json_t *doc = json_doc(&r, &p, out->id_scheme, out->org_unit_scheme);
        char *text = doc ? json_dumps(doc, JSON_INDENT(1) | JSON_PRESERVE_ORDER) : NULL;
        json_decref(doc);
        if (!text || (rc = put(&b, text)) < 0 || (rc = put(&b, "\n")) < 0) {
            free(text);
            rc = kazi_error_set(KAZI_ERROR, NULL, "out of memory");
            goto done;
        }
        free(text);
        out->content_type = "application/json";
    }
    out->data = b.data;
    out->len = b.len;
    for (size_t i = 0; i < r.nunits * r.nvalues; i++)
        out->values += !r.totals[i].absent;
    b.data = NULL;
    rc = KAZI_OK;
done:
    free(b.data);
    rollup_free(&r);
    kazi_lua_gen_unref(live);
    return rc;
}

/* ---- push ------------------------------------------------------------------------------- */

static json_t *count_of(const json_t *counts, const char *name)
{
    const json_t *v = json_object_get(counts, name);
    return json_integer(json_is_integer(v) ? json_integer_value(v) : 0);
}

/* DHIS2's import summary — bare (before 2.38) or as the `response` of a web message —
 * reduced to what Kazi records: status, counts, conflicts (object, value, errorCode). NULL
 * when the body is not one. */
static json_t *read_summary(const char *body)
{
    json_t *doc = json_loads(body, 0, NULL);
    const json_t *s = json_object_get(doc, "response");
    if (!json_is_object(s)) s = doc;
    const json_t *counts = json_object_get(s, "importCount");
    const char *status = json_string_value(json_object_get(s, "status"));
    if (!json_is_object(counts) || !status) {
        json_decref(doc);
        return NULL;
    }
    json_t *conflicts = json_array();
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(s, "conflicts"), i, c)
    {
        if (i >= 100) break; /* the audit row keeps the first hundred */
        json_t *x = json_object();
        static const char *const keep[] = {"object", "value", "errorCode", "property", NULL};
        for (const char *const *k = keep; *k; k++) {
            const json_t *v = json_object_get(c, *k);
            if (json_is_string(v)) json_object_set(x, *k, (json_t *)v);
        }
        json_array_append_new(conflicts, x);
    }
    json_t *out = json_pack("{s:s,s:o,s:o,s:o,s:o,s:o}", "status", status, "imported",
                            count_of(counts, "imported"), "updated", count_of(counts, "updated"),
                            "ignored", count_of(counts, "ignored"), "deleted",
                            count_of(counts, "deleted"), "conflicts", conflicts);
    const json_t *desc = json_object_get(s, "description");
    if (out && json_is_string(desc)) json_object_set(out, "description", (json_t *)desc);
    json_decref(doc);
    return out;
}

static int record(kazi_db *db, const kazi_caller *caller, const char *period_text, json_t *row)
{
    kazi_audit_ctx ctx;
    kazi_caller_audit(&ctx, caller);
    int rc = kazi_db_begin(db);
    if (rc < 0) return rc;
    return kazi_db_end(db,
                       kazi_audit_append(db, &ctx, "dhis2.push", "dhis2", period_text, NULL, row));
}

int kazi_dhis2_push(json_t **out, kazi_db *db, const kazi_caller *caller, kazi_lua_gen *g,
                    const kazi_dhis2_target *t, const char *period_text, kazi_dhis2_format format,
                    const char *org_unit)
{
    *out = NULL;
    kazi_dhis2_doc doc;
    kazi_httpc_reply reply = {0};
    kazi_buf url = {0}, auth = {0};
    json_t *row = NULL;
    int rc = kazi_dhis2_export(&doc, db, caller, g, period_text, format, org_unit);
    if (rc < 0) return rc;
    if (!t->token || !t->token[0] || strpbrk(t->token, "\r\n")) {
        rc = kazi_error_set(KAZI_EINVALID, "token", "the DHIS2 token is empty or not one line");
        goto done;
    }
    size_t n = t->url ? strlen(t->url) : 0;
    while (n && t->url[n - 1] == '/')
        n--;
    char params[200];
    snprintf(params, sizeof params,
             "/api/dataValueSets?dryRun=%s&importStrategy=%s&idScheme=%s&orgUnitIdScheme=%s",
             t->dry_run ? "true" : "false",
             t->import_strategy ? t->import_strategy : "CREATE_AND_UPDATE", doc.id_scheme,
             doc.org_unit_scheme);
    if ((rc = kazi_buf_append(&url, t->url ? t->url : "", n)) < 0 || (rc = put(&url, params)) < 0 ||
        (rc = put(&auth, "Authorization: ApiToken ")) < 0 || (rc = put(&auth, t->token)) < 0)
        goto done;
    char ctype[64];
    snprintf(ctype, sizeof ctype, "Content-Type: %s", doc.content_type);
    const char *headers[] = {auth.data, ctype, "Accept: application/json", NULL};
    if ((rc = kazi_httpc_post(&reply, url.data, headers, doc.data, doc.len, t->timeout_s)) < 0)
        goto done;
    json_t *summary = read_summary(reply.body);
    row = summary ? summary : json_pack("{s:s}", "status", "NO_SUMMARY");
    /* the URL without the token (it never is in the URL) and what was sent */
    json_object_set_new(row, "http_status", json_integer(reply.status));
    json_object_set_new(row, "url", json_stringn(url.data, n));
    json_object_set_new(row, "period", json_string(period_text));
    json_object_set_new(row, "format", json_string(format == KAZI_DHIS2_ADX ? "adx" : "json"));
    json_object_set_new(row, "dry_run", json_boolean(t->dry_run));
    json_object_set_new(row, "values", json_integer((json_int_t)doc.values));
    if ((rc = record(db, caller, period_text, row)) < 0) goto done;
    if (!summary) {
        rc = kazi_error_set(KAZI_ERROR, NULL,
                            "DHIS2 answered %ld without an import summary (recorded in the audit "
                            "trail)%s%.200s",
                            reply.status, reply.len ? ": " : "", reply.body ? reply.body : "");
        goto done;
    }
    *out = json_incref(row);
done:
    json_decref(row);
    kazi_httpc_reply_free(&reply);
    free(url.data);
    if (auth.data) {
        memset(auth.data, 0, auth.len);
        free(auth.data);
    }
    kazi_dhis2_doc_free(&doc);
    return rc;
}
