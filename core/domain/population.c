#include "domain/population.h"
#include "domain/audit.h"
#include "domain/schema.h"
#include "lua/runtime.h"
#include "store/orgunit.h"
#include "store/population.h"
#include "util/clock.h"
#include "util/csv.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define YEAR_MIN          1900
#define YEAR_MAX          2200
#define MAX_REPORT        100  /* problems reported at most */
#define MAX_MISSING_UNITS 50   /* child codes listed at most per figure */
#define MAX_CHILDREN      5000 /* children of one unit looked at for missing_units */

static const char *const default_groups[] = {"total", "children", NULL};

json_t *kazi_population_groups(void)
{
    json_t *out = json_array();
    kazi_lua_gen *g = kazi_lua_current();
    size_t i;
    json_t *e;
    if (g) json_array_foreach(json_object_get(kazi_lua_gen_catalogue(g), "population_groups"), i, e)
        {
            const char *id = json_string_value(json_object_get(e, "id"));
            if (id) json_array_append_new(out, json_string(id));
        }
    kazi_lua_gen_unref(g);
    if (!json_array_size(out))
        for (const char *const *d = default_groups; *d; d++)
            json_array_append_new(out, json_string(*d));
    return out;
}

static int group_known(const json_t *groups, const char *id)
{
    size_t i;
    json_t *e;
    json_array_foreach(groups, i, e) if (!strcmp(json_string_value(e), id)) return 1;
    return 0;
}

/* A whole number from a cell: digits only (spaces around allowed), at most `max`. */
static int parse_whole(int64_t *out, const char *s, int64_t max)
{
    while (*s == ' ')
        s++;
    if (*s < '0' || *s > '9') return -1;
    int64_t v = 0;
    for (; *s >= '0' && *s <= '9'; s++) {
        v = v * 10 + (*s - '0');
        if (v > max) return -1;
    }
    while (*s == ' ')
        s++;
    if (*s) return -1;
    *out = v;
    return 0;
}

/* ---- CSV import ---------------------------------------------------------------------- */

typedef struct {
    kazi_db *db;
    const kazi_caller *caller;
    json_t *groups;
    int col_unit, col_year;
    int ncols;
    const char *col_group[KAZI_CSV_MAX_FIELDS]; /* group id of each column, or NULL */
    char *names[KAZI_CSV_MAX_FIELDS];           /* header names (copies) */
    json_t *seen;                               /* "code\nyear" → row */
    json_t *report;
    int figures, rows, failed;
    int64_t now;
} import;

static void note(import *im, int row, int column, const char *field, const char *message)
{
    im->failed = 1;
    kazi_csv_problem(im->report, MAX_REPORT, row, column, field, message);
}

static int stop_or_go(const import *im)
{
    return json_array_size(im->report) >= MAX_REPORT ? KAZI_EINVALID : KAZI_OK;
}

static int header(import *im, char *const *f, size_t n)
{
    const kazi_schema *s = kazi_schema_of("population");
    const char *unit_col = kazi_schema_field(s, "org_unit")->csv;
    const char *year_col = kazi_schema_field(s, "year")->csv;
    im->col_unit = im->col_year = -1;
    im->ncols = (int)n;
    char msg[400];
    int ngroups = 0;
    for (size_t i = 0; i < n; i++) {
        im->names[i] = strdup(f[i]);
        if (!strcmp(f[i], unit_col)) {
            im->col_unit = (int)i;
        } else if (!strcmp(f[i], year_col)) {
            im->col_year = (int)i;
        } else if (group_known(im->groups, f[i])) {
            im->col_group[i] = im->names[i];
            ngroups++;
        } else {
            char *list = json_dumps(im->groups, JSON_COMPACT);
            snprintf(msg, sizeof msg,
                     "unknown column '%.60s' (columns: %s, %s and the population groups %.200s)",
                     f[i], unit_col, year_col, list ? list : "");
            free(list);
            note(im, 1, (int)i + 1, f[i], msg);
        }
    }
    const char *missing = im->col_unit < 0 ? unit_col : im->col_year < 0 ? year_col : NULL;
    if (missing) {
        snprintf(msg, sizeof msg, "the header row needs the column '%s'", missing);
        note(im, 1, 0, missing, msg);
    } else if (!ngroups) {
        note(im, 1, 0, NULL, "the header row names no population group column (e.g. total)");
    }
    /* an unknown column is reported and the rows still checked; without the unit,
     * the year or any group there is nothing to check them against */
    return missing || !ngroups ? KAZI_EINVALID : KAZI_OK;
}

static int on_row(void *p, int row, char *const *f, size_t n)
{
    import *im = p;
    char msg[300];
    if (row == 1) return header(im, f, n);
    im->rows++;
    if ((int)n != im->ncols) {
        snprintf(msg, sizeof msg, "the row has %zu fields; the header has %d", n, im->ncols);
        note(im, row, (int)n + 1, NULL, msg);
        return stop_or_go(im);
    }
    const char *code = f[im->col_unit];
    kazi_orgunit u;
    int rc = kazi_orgunit_get_by_code(&u, im->db, code);
    if (rc == KAZI_OK && !kazi_caller_sees(im->caller, u.path)) rc = KAZI_ENOTFOUND;
    if (rc == KAZI_ENOTFOUND) {
        /* outside the caller's scope reads exactly like absent */
        snprintf(msg, sizeof msg, "no such org unit '%.64s'", code);
        note(im, row, im->col_unit + 1, "org_unit", msg);
        return stop_or_go(im);
    }
    if (rc < 0) return rc;
    int64_t year;
    if (parse_whole(&year, f[im->col_year], YEAR_MAX) < 0 || year < YEAR_MIN) {
        snprintf(msg, sizeof msg, "year must be a year from %d to %d, not '%.20s'", YEAR_MIN,
                 YEAR_MAX, f[im->col_year]);
        note(im, row, im->col_year + 1, "year", msg);
        return stop_or_go(im);
    }
    char key[100];
    snprintf(key, sizeof key, "%lld\n%lld", (long long)u.id, (long long)year);
    const json_t *before = json_object_get(im->seen, key);
    if (before) {
        snprintf(msg, sizeof msg, "org unit '%.64s' has a row for %lld already (row %lld)", code,
                 (long long)year, (long long)json_integer_value(before));
        note(im, row, im->col_unit + 1, "org_unit", msg);
        return stop_or_go(im);
    }
    json_object_set_new(im->seen, key, json_integer(row));
    for (int i = 0; i < im->ncols; i++) {
        if (!im->col_group[i] || !f[i][0]) continue;
        int64_t count;
        if (parse_whole(&count, f[i], INT64_MAX / 10) < 0) {
            snprintf(msg, sizeof msg,
                     "%.64s must be a whole number of people (0 or more), not '%.20s'",
                     im->col_group[i], f[i]);
            note(im, row, i + 1, im->col_group[i], msg);
            continue;
        }
        if (im->failed) continue; /* keep checking, write nothing */
        if ((rc = kazi_store_population_put(im->db, u.id, (int)year, im->col_group[i], count,
                                            im->now)) < 0)
            return rc;
        im->figures++;
    }
    return stop_or_go(im);
}

int kazi_population_import_csv(int *figures, int *rows, json_t **report, kazi_db *db,
                               const kazi_caller *caller, const char *csv, size_t len)
{
import im = {.db = db, .caller = caller, .groups = kazi_population_groups(), .seen = json_object(), .report = json_array(), .now = kazi_clock_now_ms() };
    *report = NULL;
    int rc = kazi_db_begin(db);
    if (rc < 0) goto done;
    rc = kazi_csv_parse(csv, len, on_row, &im);
    if (rc == KAZI_EMALFORMED) {
        const kazi_error *e = kazi_error_last();
        note(&im, e->line, e->column, NULL, e->message);
    }
    if (rc == KAZI_OK && !im.failed && im.rows == 0)
        note(&im, 1, 0, NULL, "the file has no rows after the header");
    if (rc == KAZI_OK && !im.failed) {
        kazi_audit_ctx ctx;
        kazi_caller_audit(&ctx, caller);
        json_t *after = json_pack("{s:i,s:i}", "figures", im.figures, "rows", im.rows);
        rc = kazi_audit_append(db, &ctx, "population.import", "population", NULL, NULL, after);
        json_decref(after);
        rc = kazi_db_end(db, rc);
        if (rc == KAZI_OK) {
            *figures = im.figures;
            *rows = im.rows;
        }
        goto done;
    }
    kazi_db_rollback(db);
    if (rc < 0 && rc != KAZI_EINVALID && rc != KAZI_EMALFORMED) goto done;
    *report = im.report;
    im.report = NULL;
    rc = kazi_error_set_slug(
        KAZI_EINVALID, "invalid_csv", NULL,
        "the file was not imported: %zu problem(s), first at row %d", json_array_size(*report),
        (int)json_integer_value(json_object_get(json_array_get(*report, 0), "row")));
done:
    for (int i = 0; i < KAZI_CSV_MAX_FIELDS; i++)
        free(im.names[i]);
    json_decref(im.groups);
    json_decref(im.seen);
    json_decref(im.report);
    return rc;
}

/* ---- the roll-up --------------------------------------------------------------------- */

/* One (year, group) being summed for the unit. Figures arrive ordered by year, group,
 * path, so a unit's descendants follow it: a figure below the last top-most figure
 * (`top`) is inside it and already counted. */
typedef struct {
    const kazi_orgunit *unit;
    const json_t *children; /* [{id, code}] */
    json_t *years;          /* year (text) → {group → figure} */
    int year, open;
    char group[65];
    char top[KAZI_ORGUNIT_PATH_MAX];
    int64_t own, sum;
    int has_own, nfigures;
    unsigned char *covered; /* per child */
} rollup;

/* The direct child of r->unit whose subtree holds `path` (index in r->children), or -1. */
static int child_of(const rollup *r, const char *path)
{
    size_t n = strlen(r->unit->path);
    const char *rest = path + n;
    const char *slash = strchr(rest, '/');
    if (!slash) return -1;
    int64_t id = strtoll(rest, NULL, 10);
    size_t i;
    json_t *c;
    json_array_foreach(r->children, i,
                       c) if (json_integer_value(json_object_get(c, "id")) == id) return (int)i;
    return -1;
}

static json_t *year_of(json_t *years, int year)
{
    char key[16];
    snprintf(key, sizeof key, "%d", year);
    json_t *y = json_object_get(years, key);
    if (!y) {
        y = json_object();
        json_object_set_new(years, key, y);
    }
    return y;
}

static void close_group(rollup *r)
{
    if (!r->open) return;
    json_t *f;
    if (r->has_own) {
        f = json_pack("{s:i,s:s,s:I,s:s,s:b,s:i,s:[]}", "year", r->year, "group", r->group, "count",
                      (json_int_t)r->own, "source", "own", "missing", 0, "figures", 1,
                      "missing_units");
    } else {
        json_t *gaps = json_array();
        size_t i;
        json_t *c;
        json_array_foreach(r->children, i, c)
        {
            if (r->covered[i] || json_array_size(gaps) >= MAX_MISSING_UNITS) continue;
            json_array_append_new(gaps, json_string(json_string_value(json_object_get(c, "code"))));
        }
        f = json_pack("{s:i,s:s,s:I,s:s,s:b,s:i,s:o}", "year", r->year, "group", r->group, "count",
                      (json_int_t)r->sum, "source", "sum", "missing", 0, "figures", r->nfigures,
                      "missing_units", gaps);
    }
    json_object_set_new(year_of(r->years, r->year), r->group, f);
    r->open = 0;
}

static int on_figure(void *ctx, const kazi_population_figure *f)
{
    rollup *r = ctx;
    if (!r->open || f->year != r->year || strcmp(f->group, r->group) != 0) {
        close_group(r);
        r->open = 1;
        r->year = f->year;
        snprintf(r->group, sizeof r->group, "%s", f->group);
        r->top[0] = '\0';
        r->own = r->sum = 0;
        r->has_own = r->nfigures = 0;
        memset(r->covered, 0, json_array_size(r->children) + 1);
    }
    if (!strcmp(f->path, r->unit->path)) {
        r->has_own = 1;
        r->own = f->count;
        return KAZI_OK;
    }
    if (r->top[0] && !strncmp(f->path, r->top, strlen(r->top))) return KAZI_OK; /* inside */
    snprintf(r->top, sizeof r->top, "%s", f->path);
    r->sum += f->count;
    r->nfigures++;
    int c = child_of(r, f->path);
    if (c >= 0) r->covered[c] = 1;
    return KAZI_OK;
}

static json_t *missing_figure(int year, const char *group)
{
    return json_pack("{s:i,s:s,s:n,s:n,s:b,s:i,s:[]}", "year", year, "group", group, "count",
                     "source", "missing", 1, "figures", 0, "missing_units");
}

int kazi_population_get_for(json_t **out, kazi_db *db, const kazi_caller *caller,
                            int64_t org_unit_id, int year)
{
    if (year && (year < YEAR_MIN || year > YEAR_MAX))
        return kazi_error_set(KAZI_EINVALID, "year", "year must be from %d to %d", YEAR_MIN,
                              YEAR_MAX);
    kazi_orgunit u;
    int rc = kazi_caller_check_orgunit(caller, db, org_unit_id, &u);
    if (rc < 0) return rc;
    json_t *children = NULL, *groups = kazi_population_groups();
    rollup r = {.unit = &u, .years = json_object()};
    if ((rc = kazi_orgunit_children(&children, db, u.id, "/", "0", MAX_CHILDREN, 0)) < 0) goto done;
    r.children = children;
    if (!(r.covered = calloc(json_array_size(children) + 1, 1))) {
        rc = kazi_error_set(KAZI_ERROR, NULL, "out of memory");
        goto done;
    }
    char end[KAZI_ORGUNIT_PATH_MAX];
    kazi_orgunit_subtree_end(end, u.path);
    if ((rc = kazi_store_population_each(db, u.path, end, year, on_figure, &r)) < 0) goto done;
    close_group(&r);
    /* every declared group of every year asked for (or found), missing ones said */
    if (year) year_of(r.years, year);
    const kazi_schema *s = kazi_schema_of("population");
    json_t *figs = json_array();
    const char *ykey;
    json_t *ygroups;
    json_object_foreach(r.years, ykey, ygroups)
    {
        int y = atoi(ykey);
        size_t i;
        json_t *gid;
        json_array_foreach(groups, i, gid)
        {
            json_t *f = json_object_get(ygroups, json_string_value(gid));
            json_array_append_new(figs,
                                  f ? json_incref(f) : missing_figure(y, json_string_value(gid)));
        }
        const char *gk;
        json_t *f;
        json_object_foreach(ygroups, gk, f) if (!group_known(groups, gk))
            json_array_append_new(figs, json_incref(f)); /* a group no longer declared */
    }
    size_t i;
    json_t *f;
    json_array_foreach(figs, i, f) kazi_schema_output(s, f);
    *out = json_pack("{s:I,s:o,s:O,s:o}", "org_unit_id", (json_int_t)u.id, "year",
                     year ? json_integer(year) : json_null(), "groups", groups, "figures", figs);
    rc = KAZI_OK;
done:
    free(r.covered);
    json_decref(children);
    json_decref(groups);
    json_decref(r.years);
    return rc;
}
