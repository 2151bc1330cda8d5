#include "domain/plugins.h"
#include "domain/catalogue.h"
#include "store/reportrun.h"
#include "util/clock.h"
#include "domain/catalogue_lua.h"
#include "config/memory.h"
#include "config/repo.h"
#include "config/rollout.h"
#include "config/source.h"
#include "domain/dossier.h"
#include "domain/i18n.h"
#include "domain/install.h"
#include "store/registry.h"
#include "domain/orgunit.h"
#include "domain/supervision.h"
#include "domain/reportcheck.h"
#include "util/log.h"
#include "store/meta.h"
#include "util/csv.h"
#include "util/error.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int build_lent(kazi_lua_gen **out, const kazi_config_source *src,
                      const kazi_lua_limits *limits);

void kazi_plugins_dir(char *buf, size_t size)
{
    snprintf(buf, size, "%s/plugins", kazi_install_share_dir());
}

/* The shipped plugins/ library of the share directory as a source. */
static int shipped_plugins(kazi_config_source **out)
{
    char pdir[1024];
    kazi_plugins_dir(pdir, sizeof pdir);
    if (kazi_config_source_dir(out, pdir) < 0)
        return kazi_error_set(KAZI_ENOTFOUND, "dir", "no plugins/ folder at %s", pdir);
    return KAZI_OK;
}

int kazi_plugins_split(kazi_config_source **config, kazi_config_source **plugins,
                       const kazi_config_source *src)
{
    int rc = kazi_config_source_split(config, plugins, src, "plugins/");
    if (rc < 0) return rc;
    if (!*plugins && (rc = shipped_plugins(plugins)) < 0) {
        kazi_config_source_free(*config);
        *config = NULL;
    }
    return rc;
}

int kazi_plugins_load_dir(kazi_lua_gen **out, const char *dir, const kazi_lua_limits *limits)
{
    char pdir[1024], a[PATH_MAX], b[PATH_MAX];
    kazi_plugins_dir(pdir, sizeof pdir);
    kazi_config_source *config = NULL;
    int rc = kazi_config_source_dir(&config, dir);
    if (rc < 0) return kazi_error_set(KAZI_ENOTFOUND, "dir", "%s is not a directory", dir);
    kazi_supervision_install();          /* t.supervision's check */
    kazi_registry_field_check_install(); /* custom fields, hooks and t.hook */
    kazi_i18n_install();                 /* kazi.translation's messages; translated errors */
    if (realpath(dir, a) && realpath(pdir, b) && !strcmp(a, b))
        return kazi_lua_gen_build(out, config, NULL, limits);
    rc = build_lent(out, config, limits);
    kazi_config_source_free(config);
    return rc;
}

/* DATA/config.git of the database's data directory (DATA/kazi.db). */
static void repo_of(char *buf, size_t size, kazi_db *db)
{
    const char *path = kazi_db_path(db);
    const char *slash = path ? strrchr(path, '/') : NULL;
    char data[1024];
    snprintf(data, sizeof data, "%.*s", slash ? (int)(slash - path) : 1, slash ? path : ".");
    kazi_config_repo_path(buf, size, data);
}

int kazi_plugins_load_country(kazi_lua_gen **out, kazi_db *db, const kazi_lua_limits *limits)
{
    char repo[1100];
    repo_of(repo, sizeof repo, db);
    return kazi_plugins_load_live(out, repo, limits);
}

int kazi_plugins_load_live(kazi_lua_gen **out, const char *repo, const kazi_lua_limits *limits)
{
    return kazi_plugins_load_version(out, repo, "live", limits);
}

int kazi_plugins_load_version(kazi_lua_gen **out, const char *repo, const char *spec,
                              const kazi_lua_limits *limits)
{
    kazi_config_source *src = NULL;
    int rc = kazi_config_source_commit(&src, repo, spec);
    if (rc < 0) return rc;
    kazi_lua_gen *g = NULL;
    rc = build_lent(&g, src, limits);
    kazi_config_source_free(src);
    if (rc == KAZI_OK) *out = g;
    return rc;
}

int kazi_plugins_activate(kazi_lua_gen *g)
{
    const json_t *levels =
        json_object_get(json_object_get(kazi_lua_gen_catalogue(g), "country"), "levels");
    if (json_array_size(levels)) {
        const char *ids[KAZI_ORGUNIT_MAX_LEVELS];
        size_t i, n = json_array_size(levels);
        if (n > KAZI_ORGUNIT_MAX_LEVELS)
            return kazi_error_set(KAZI_EINVALID, "levels",
                                  "the country declares %zu org-unit levels; at most %d", n,
                                  KAZI_ORGUNIT_MAX_LEVELS);
        for (i = 0; i < n; i++)
            ids[i] = json_string_value(json_object_get(json_array_get(levels, i), "id"));
        int rc = kazi_orgunit_set_levels(ids, (int)n);
        if (rc < 0) return rc;
    }
    kazi_lua_activate(g);
    kazi_catalogue_lua_install();
    kazi_i18n_install();
    return KAZI_OK;
}

int kazi_plugins_activate_country(kazi_db *db)
{
    kazi_lua_gen *g;
    int rc = kazi_plugins_load_country(&g, db, NULL);
    if (rc < 0) return rc;
    rc = kazi_plugins_activate(g);
    kazi_lua_gen_unref(g);
    return rc;
}

/* A generation of a lent source: its own pinned plugins/ when it carries them, else
 * the shipped ones (a commit made before plugins/ was pinned, a development folder). */
static int build_lent(kazi_lua_gen **out, const kazi_config_source *src,
                      const kazi_lua_limits *limits)
{
    kazi_config_source *config = NULL, *plugins = NULL;
    int rc = kazi_plugins_split(&config, &plugins, src);
    if (rc < 0) return rc;
    kazi_supervision_install();          /* t.supervision's check */
    kazi_registry_field_check_install(); /* custom fields, hooks and t.hook */
    kazi_i18n_install();                 /* kazi.translation's messages; translated errors */
    return kazi_lua_gen_build(out, config, plugins, limits);
}

static void add_problem(json_t *errors, const char *message)
{
    /* "file.lua:12: message" → file, line, message */
    json_t *e = json_object();
    const char *c = strstr(message, ".lua:");
    if (c && c[5] >= '0' && c[5] <= '9') {
        json_object_set_new(e, "file", json_stringn(message, (size_t)(c + 4 - message)));
        json_object_set_new(e, "line", json_integer(atoi(c + 5)));
    } else {
        json_object_set_new(e, "file", json_string(""));
    }
    json_object_set_new(e, "message", json_string(message));
    json_array_append_new(errors, e);
}

int kazi_plugins_propose_shipped(char out[KAZI_OID_HEX], const char *repo,
                                 const kazi_config_author *author, const char *message)
{
    kazi_config_source *shipped = NULL;
    json_t *files = json_object(), *mainfiles = NULL;
    char **paths = NULL;
    int rc = shipped_plugins(&shipped);
    if (rc == KAZI_OK) rc = shipped->list(shipped, &paths);
    for (char **p = paths; rc == KAZI_OK && p && *p; p++) {
        char *text, key[1100];
        size_t len;
        if ((rc = shipped->read(shipped, *p, &text, &len)) < 0) break;
        snprintf(key, sizeof key, "plugins/%s", *p);
        json_object_set_new(files, key, json_stringn(text, len));
        free(text);
    }
    /* what main pins and this Kazi no longer ships goes */
    if (rc == KAZI_OK && (rc = kazi_config_files(&mainfiles, repo, "main")) == KAZI_OK) {
        size_t i;
        json_t *f;
        json_array_foreach(mainfiles, i, f)
        {
            const char *path = json_string_value(json_object_get(f, "path"));
            if (path && !strncmp(path, "plugins/", 8) && !json_object_get(files, path))
                json_object_set_new(files, path, json_null());
        }
    }
    if (rc == KAZI_OK)
        rc = kazi_config_propose(out, repo, NULL, files, 0, author,
                                 message ? message : "plugins/: the library shipped with Kazi");
    json_decref(mainfiles);
    json_decref(files);
    kazi_config_paths_free(paths);
    kazi_config_source_free(shipped);
    return rc;
}

/* ---- trying every rule before activation (issue 15) ---- */

#define TRY_SAMPLE      2000 /* about this many of the installation's active workers */
#define TRY_MIN_STRATUM 20   /* at least this many of each cadre (or all it has) */
#define TRY_BATCH       500

/* Dossiers rules meet in real registers but fixtures forget: nobody in post,
 * fractional hours, missing dates, one post in each declared cadre. labels[i] says
 * what dossiers[i] is. */
static size_t edge_dossiers(json_t **dossiers, const char **labels, size_t max, const json_t *cat)
{
    char today[32];
    kazi_clock_format(today, sizeof today, kazi_clock_now_ms());
    today[10] = '\0';
    const json_t *cadres = json_object_get(cat, "cadres");
    const char *course = json_string_value(
        json_object_get(json_array_get(json_object_get(cat, "courses"), 0), "id"));
    const char *cadre = json_string_value(json_object_get(json_array_get(cadres, 0), "id"));
    const json_t *edu = json_object_get(json_object_get(cat, "country"), "education");
    const json_t *e0 = json_array_get(edu, 0);
    const char *lowest = json_is_string(e0) ? json_string_value(e0)
                         : e0               ? json_string_value(json_object_get(e0, "id"))
                                            : "none";
    size_t n = 0;
    labels[n] = "a worker with no posts, courses or credentials";
    dossiers[n++] = json_pack("{s:s,s:{},s:[],s:[],s:[],s:i}", "as_of", today, "person",
                              "assignments", "courses", "credentials", "supervised_hours", 0);
    labels[n] = "a worker with missing dates and fractional hours";
    dossiers[n++] =
        json_pack("{s:s,s:{s:s},s:[{s:s?}],s:[{s:s?,s:f}],s:[{s:s}],s:f}", "as_of", today, "person",
                  "sex", "female", "assignments", "cadre", cadre, "courses", "id", course, "hours",
                  0.5, "credentials", "id", "unknown", "supervised_hours", 1.5);
    size_t i;
    json_t *c;
    json_array_foreach(cadres, i, c)
    {
        if (n >= max) break;
        labels[n] = json_string_value(json_object_get(c, "id"));
        dossiers[n++] =
            json_pack("{s:s,s:{s:s,s:s},s:[{s:O,s:s,s:s}],s:[{s:s?,s:s,s:f}],s:[],s:f}", "as_of",
                      today, "person", "birth_date", "1990-01-01", "education", lowest,
                      "assignments", "cadre", json_object_get(c, "id"), "from", "2020-01-01",
                      "engagement", "volunteer", "courses", "id", course, "completed", "2021-06-30",
                      "hours", 2.5, "credentials", "supervised_hours", 7.5);
    }
    return n;
}

/* Run every certification rule and move of g on n dossiers; the first failure of each
 * rule (not reported before: `seen`) becomes a problem naming file, line and the
 * example (labels[i], or the worker id ids[i]). */
static int try_rules(kazi_lua_gen *g, json_t *errors, json_t *seen, json_t *const *dossiers,
                     const char *const *labels, const int64_t *ids, size_t n)
{
    static const char *const kinds[][2] = {{"certification", "certifications"}, {"move", "moves"}};
    kazi_lua_decision *dec = calloc(n ? n : 1, sizeof *dec);
    if (!dec) return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    int rc = KAZI_OK;
    for (size_t k = 0; rc == KAZI_OK && k < 2; k++) {
        size_t r;
        json_t *rule;
        json_array_foreach(json_object_get(kazi_lua_gen_catalogue(g), kinds[k][1]), r, rule)
        {
            const char *id = json_string_value(json_object_get(rule, "id"));
            char key[200];
            snprintf(key, sizeof key, "%s:%s", kinds[k][0], id ? id : "");
            if (!id || json_object_get(seen, key)) continue;
            if ((rc = kazi_lua_rules_count(dec, g, kinds[k][0], id, dossiers, n)) < 0) break;
            for (size_t i = 0; i < n; i++) {
                if (!dec[i].error) continue;
                if (!json_object_get(seen, key)) {
                    const json_t *e = dec[i].error;
                    const char *msg = json_string_value(json_object_get(e, "message"));
                    char example[120], text[900];
                    if (labels)
                        snprintf(example, sizeof example, "a generated dossier: %s", labels[i]);
                    else
                        snprintf(example, sizeof example, "worker %lld", (long long)ids[i]);
                    snprintf(text, sizeof text, "%s (the %s '%s' fails at run time on %s)",
                             msg ? msg : "error", kinds[k][0], id, example);
                    json_t *p = json_pack("{s:s,s:O,s:s}", "file",
                                          json_string_value(json_object_get(e, "file"))
                                              ? json_string_value(json_object_get(e, "file"))
                                              : "",
                                          "line", json_object_get(e, "line"), "message", text);
                    if (!labels) json_object_set_new(p, "person_id", json_integer(ids[i]));
                    json_array_append_new(errors, p);
                    json_object_set_new(seen, key, json_true());
                }
                json_decref(dec[i].error);
                dec[i].error = NULL;
            }
        }
    }
    free(dec);
    return rc;
}

typedef struct {
    int64_t *ids;
    size_t n, cap;
    size_t *starts; /* where each cadre's stratum begins in ids */
    size_t nstrata, scap;
    char last[65];
} roster;

static int roster_add(void *ctx, int64_t id, const char *cadre)
{
    roster *r = ctx;
    if (!cadre) cadre = "";
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 4096;
        int64_t *ids = realloc(r->ids, cap * sizeof *ids);
        if (!ids) return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
        r->ids = ids;
        r->cap = cap;
    }
    if (r->n == 0 || strncmp(r->last, cadre, sizeof r->last - 1) != 0) {
        if (r->nstrata == r->scap) {
            size_t cap = r->scap ? r->scap * 2 : 64;
            size_t *starts = realloc(r->starts, cap * sizeof *starts);
            if (!starts) return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
            r->starts = starts;
            r->scap = cap;
        }
        r->starts[r->nstrata++] = r->n;
        snprintf(r->last, sizeof r->last, "%s", cadre);
    }
    r->ids[r->n++] = id;
    return KAZI_OK;
}

/* The installation's own active workers: all when few, else a sample stratified by
 * the cadre of their current post (no post is a stratum too): each stratum gives its
 * share of TRY_SAMPLE, at least TRY_MIN_STRATUM (or all it has), spread evenly over
 * its ids, so a rule that fails only for a small cadre is still tried. */
static int try_rules_on_register(kazi_lua_gen *g, json_t *errors, json_t *seen, kazi_db *db)
{
    roster r = {0};
    int rc = kazi_store_person_active_by_cadre(db, roster_add, &r);
    size_t m = 0;
    for (size_t s = 0; rc == KAZI_OK && s < r.nstrata; s++) {
        size_t from = r.starts[s], size = (s + 1 < r.nstrata ? r.starts[s + 1] : r.n) - from;
        size_t want = r.n <= TRY_SAMPLE ? size : (size * TRY_SAMPLE + r.n - 1) / r.n;
        if (want < TRY_MIN_STRATUM) want = TRY_MIN_STRATUM;
        if (want > size) want = size;
        for (size_t k = 0; k < want; k++) /* in place: the kept ids never pass the read ones */
            r.ids[m++] = r.ids[from + k * size / want];
    }
    json_t *dossiers[TRY_BATCH];
    for (size_t off = 0; rc == KAZI_OK && off < m; off += TRY_BATCH) {
        size_t b = m - off < TRY_BATCH ? m - off : TRY_BATCH;
        if ((rc = kazi_dossier_build_many(dossiers, db, r.ids + off, b, NULL)) < 0) break;
        rc = try_rules(g, errors, seen, dossiers, NULL, r.ids + off, b);
        for (size_t i = 0; i < b; i++)
            json_decref(dossiers[i]);
    }
    free(r.ids);
    free(r.starts);
    return rc;
}

/* Whether a report's error is a limit its SQL met on this data (too many rows, too
 * many steps; store/report.c) rather than a mistake in the code. */
static int past_a_limit(const char *msg)
{
    return strstr(msg, "the report query returned more than") ||
           strstr(msg, "the report query ran too long");
}

/* Every report, with its default parameters and the whole country in scope, on the
 * installation's data: a run-time error is a problem naming file, line and the report.
 * A report that needs a parameter without a default is not run. */
static void try_reports(kazi_lua_gen *g, json_t *errors, kazi_db *db)
{
    kazi_report_db *rdb = NULL;
    if (kazi_report_db_open(&rdb, kazi_db_path(db)) < 0) return; /* nothing to read */
    kazi_report_db *prev = kazi_report_thread_swap(rdb);
    const kazi_report_scope all = {.all = 1};
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(kazi_lua_gen_catalogue(g), "reports"), i, r)
    {
        const char *id = json_string_value(json_object_get(r, "id"));
        json_t *out = NULL;
        if (!id) continue;
        int rc = kazi_lua_report_run(&out, g, id, NULL, &all);
        json_decref(out);
        if (rc != KAZI_EPLUGIN) continue; /* ran, or needs parameters */
        const char *msg = kazi_error_last()->message;
        int limit = past_a_limit(msg);
        char text[900];
        snprintf(text, sizeof text, "%s (the report '%s' %s on the installation's data)", msg, id,
                 limit ? "runs past a limit, for the whole country," : "fails at run time");
        add_problem(errors, text);
        if (limit) /* it depends on the data and the caller's scope: reported, not blocking */
            json_object_set_new(json_array_get(errors, json_array_size(errors) - 1), "severity",
                                json_string("warning"));
    }
    kazi_report_thread_swap(prev);
    kazi_report_db_close(rdb);
}

/* Every rule and move on generated edge cases, then on the installation's workers;
 * every report on the installation's data. */
static int try_every_rule(kazi_lua_gen *g, json_t *errors)
{
    json_t *dossiers[64];
    const char *labels[64];
    json_t *seen = json_object();
    size_t n = edge_dossiers(dossiers, labels, 64, kazi_lua_gen_catalogue(g));
    int rc = try_rules(g, errors, seen, dossiers, labels, NULL, n);
    for (size_t i = 0; i < n; i++)
        json_decref(dossiers[i]);
    kazi_db *db = kazi_config_validating_db();
    if (rc == KAZI_OK && db) rc = try_rules_on_register(g, errors, seen, db);
    if (rc == KAZI_OK && db) try_reports(g, errors, db);
    json_decref(seen);
    return rc;
}

int kazi_plugins_validate(const kazi_config_source *src, json_t *errors, void *ctx)
{
    kazi_lua_gen *g;
    int rc = build_lent(&g, src, ctx);
    if (rc == KAZI_EPLUGIN) {
        add_problem(errors, kazi_error_last()->message);
        kazi_lua_thread_exit();
        return KAZI_OK;
    }
    if (rc < 0) return rc;
    /* what the configuration chose to treat as warnings (kazi.standards) */
    size_t w;
    json_t *warning;
    json_array_foreach(json_object_get(kazi_lua_gen_catalogue(g), "warnings"), w, warning)
        json_array_append_new(errors, json_deep_copy(warning));
    kazi_i18n_check(errors, kazi_lua_gen_catalogue(g)); /* translations of Kazi's messages */
    json_t *langs = NULL; /* how complete each language is: kept with the record */
    if (kazi_i18n_completeness(&langs, kazi_lua_gen_catalogue(g)) == KAZI_OK)
        kazi_config_validating_languages(langs);
    json_t *results = NULL;
    int failed = 0;
    rc = kazi_lua_run_tests(&results, &failed, g);
    size_t i;
    json_t *r;
    json_array_foreach(results, i, r)
    {
        if (json_is_true(json_object_get(r, "ok"))) continue;
        char msg[700];
        snprintf(msg, sizeof msg, "%s (test \"%s\")",
                 json_string_value(json_object_get(r, "error")),
                 json_string_value(json_object_get(r, "name")));
        add_problem(errors, msg);
    }
    json_decref(results);
    if (rc == KAZI_OK) rc = try_every_rule(g, errors);
    kazi_lua_gen_unref(g);
    kazi_lua_thread_exit();
    /* report SQL against the report authorizer, now rather than at run time */
    int sql = kazi_reportcheck_source(errors, src);
    return rc < 0 ? rc : sql < 0 ? sql : KAZI_OK;
}

int kazi_plugins_prepare(void **prepared, const kazi_config_source *src, void *ctx)
{
    kazi_lua_gen *g;
    int rc = build_lent(&g, src, ctx);
    if (rc < 0) return rc;
    *prepared = g;
    return KAZI_OK;
}

void kazi_plugins_commit(void *prepared, void *ctx)
{
    (void)ctx;
    if (kazi_plugins_activate(prepared) < 0) {
        /* commit cannot fail: serve the new rules with the previous level names */
        kazi_log_warn("configuration levels not applied: %s", kazi_error_last()->message);
        kazi_lua_activate(prepared);
    }
    kazi_lua_gen_unref(prepared);
}

void kazi_plugins_abort(void *prepared, void *ctx)
{
    (void)ctx;
    kazi_lua_gen_unref(prepared);
}

void kazi_plugins_register_config_hooks(int hot_reload, const kazi_lua_limits *limits)
{
    kazi_config_activation_hooks h = {kazi_plugins_prepare,
                                      hot_reload ? kazi_plugins_commit : kazi_plugins_abort,
                                      kazi_plugins_abort, (void *)limits};
    kazi_config_set_validator("lua", kazi_plugins_validate, (void *)limits);
    kazi_config_on_activate(&h);
}

/* A report cell as CSV text: strings as they are, numbers as JSON writes them (integers
 * whole, reals to 15 digits), booleans as true/false, null empty, anything else its
 * compact JSON (into *owned, freed by the caller). */
static const char *cell_text(const json_t *v, char num[64], char **owned)
{
    switch (json_typeof(v)) {
    case JSON_STRING:
        return json_string_value(v);
    case JSON_INTEGER:
        snprintf(num, 64, "%lld", (long long)json_integer_value(v));
        return num;
    case JSON_REAL:
        snprintf(num, 64, "%.15g", json_real_value(v));
        return num;
    case JSON_TRUE:
        return "true";
    case JSON_FALSE:
        return "false";
    case JSON_NULL:
        return "";
    default:
        *owned = json_dumps(v, JSON_COMPACT);
        return *owned ? *owned : "";
    }
}

int kazi_report_csv(char **out, size_t *len, const json_t *result)
{
    kazi_csv_out o = {0};
    const json_t *cols = json_object_get(result, "columns");
    size_t n = json_array_size(cols), i, j;
    const char **fields = calloc(n ? n : 1, sizeof *fields);
    char **owned = calloc(n ? n : 1, sizeof *owned);
    char(*nums)[64] = calloc(n ? n : 1, sizeof *nums);
    char *numeric = calloc(n ? n : 1, 1);
    if (!fields || !owned || !nums || !numeric) o.failed = 1;
    json_t *c, *row;
    if (!o.failed) {
        json_array_foreach(cols, i, c) fields[i] = json_string_value(c) ? json_string_value(c) : "";
        kazi_csv_out_row(&o, fields, n);
        json_array_foreach(json_object_get(result, "rows"), j, row)
        {
            json_array_foreach(cols, i, c)
            {
                const json_t *v = json_is_array(row) ? json_array_get(row, i)
                                                     : json_object_get(row, json_string_value(c));
                fields[i] = v ? cell_text(v, nums[i], &owned[i]) : "";
                numeric[i] = v && json_is_number(v);
            }
            kazi_csv_out_cells(&o, fields, numeric, n);
            for (i = 0; i < n; i++) {
                free(owned[i]);
                owned[i] = NULL;
            }
        }
    }
    free(fields);
    free(owned);
    free(nums);
    free(numeric);
    if (o.failed) {
        free(o.buf);
        return kazi_error_set(KAZI_ERROR, NULL, "out of memory writing CSV");
    }
    *out = o.buf;
    *len = o.len;
    return KAZI_OK;
}

int kazi_report_run_for(json_t **out, kazi_db *db, kazi_lua_gen *g, const kazi_caller *caller,
                        const char *id, const json_t *params, const char *format, const char *via)
{
    const char *path = caller ? caller->scope_path : NULL;
    kazi_report_scope scope = {.all = kazi_caller_is_national(caller),
                               .paths = &path,
                               .personal = caller ? caller->reports_personal : 1};
    scope.npaths = scope.all ? 0 : 1;
    json_t *result = NULL;
    int rc = kazi_lua_report_run(&result, g, id, params, &scope);
    if (rc < 0) return rc;
    const char *commit = json_string_value(json_object_get(result, "source"));
    kazi_report_run r = {
        .report_id = id,
        .params = params,
        .run_by = caller ? caller->name : NULL,
        .user_id = caller && caller->kind == KAZI_CALLER_USER ? caller->user_id : 0,
        .scope_path = scope.all ? "/" : path,
        .config_commit = commit,
        .format = format,
        .via = via,
        .row_count = (int64_t)json_array_size(json_object_get(result, "rows")),
        .request_id =
            caller && caller->request_id && caller->request_id[0] ? caller->request_id : NULL,
        .run_at = kazi_clock_now_ms(),
    };
    int64_t run_id = 0;
    if ((rc = kazi_reportrun_add(&run_id, db, &r)) < 0) {
        json_decref(result);
        return rc;
    }
    json_object_set_new(result, "config_commit", json_string(commit ? commit : ""));
    json_object_set_new(result, "run_id", json_integer(run_id));
    *out = result;
    return KAZI_OK;
}

int kazi_report_runs_for(json_t **out, kazi_db *db, const kazi_caller *caller, const char *report,
                         int limit)
{
    const char *lo = NULL, *hi = NULL;
    if (!caller)
        lo = hi = ""; /* nobody: nothing */
    else if (!kazi_caller_is_national(caller))
        kazi_caller_scope_range(caller, &lo, &hi);
    return kazi_reportrun_list(
        out, db, lo, hi, caller && caller->kind == KAZI_CALLER_USER ? caller->user_id : 0,
        caller && caller->kind == KAZI_CALLER_TOKEN ? caller->name : NULL, report, limit);
}
