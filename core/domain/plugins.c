#include "domain/plugins.h"
#include "store/reportrun.h"
#include "util/clock.h"
#include "domain/catalogue_lua.h"
#include "config/memory.h"
#include "config/repo.h"
#include "config/rollout.h"
#include "config/source.h"
#include "domain/install.h"
#include "domain/orgunit.h"
#include "domain/reportcheck.h"
#include "util/log.h"
#include "store/meta.h"
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

int kazi_plugins_load_dir(kazi_lua_gen **out, const char *dir, const kazi_lua_limits *limits)
{
    char pdir[1024], a[PATH_MAX], b[PATH_MAX];
    kazi_plugins_dir(pdir, sizeof pdir);
    kazi_config_source *config = NULL, *plugins = NULL;
    int rc = kazi_config_source_dir(&config, dir);
    if (rc < 0) return kazi_error_set(KAZI_ENOTFOUND, "dir", "%s is not a directory", dir);
    int same = realpath(dir, a) && realpath(pdir, b) && !strcmp(a, b);
    if (!same && (rc = kazi_config_source_dir(&plugins, pdir)) < 0) {
        kazi_config_source_free(config);
        return kazi_error_set(KAZI_ENOTFOUND, "dir", "no plugins/ folder at %s", pdir);
    }
    return kazi_lua_gen_build(out, config, plugins, limits);
}

int kazi_plugins_load_country(kazi_lua_gen **out, kazi_db *db, const kazi_lua_limits *limits)
{
    char *country = NULL, dir[1024];
    int rc = kazi_meta_get(&country, db, "country");
    if (rc < 0) return rc;
    rc = kazi_install_country_dir(dir, sizeof dir, NULL, country);
    free(country);
    if (rc < 0) return rc;
    return kazi_plugins_load_dir(out, dir, limits);
}

int kazi_plugins_load_live(kazi_lua_gen **out, const char *repo, const kazi_lua_limits *limits)
{
    kazi_config_source *src = NULL;
    int rc = kazi_config_source_commit(&src, repo, "live");
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

static int build_lent(kazi_lua_gen **out, const kazi_config_source *src,
                      const kazi_lua_limits *limits)
{
    char pdir[1024];
    kazi_config_source *copy = NULL, *plugins = NULL;
    int rc = kazi_config_source_copy(&copy, src);
    if (rc < 0) return rc;
    kazi_plugins_dir(pdir, sizeof pdir);
    if ((rc = kazi_config_source_dir(&plugins, pdir)) < 0) {
        kazi_config_source_free(copy);
        return kazi_error_set(KAZI_ENOTFOUND, "dir", "no plugins/ folder at %s", pdir);
    }
    return kazi_lua_gen_build(out, copy, plugins, limits);
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

typedef struct {
    char *p;
    size_t n, cap;
    int oom;
} buf;

static void put(buf *b, const char *s, size_t n)
{
    if (b->oom) return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 1024;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->oom = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void put_field(buf *b, const char *s)
{
    int formula = s[0] && strchr("=+-@\t\r", s[0]);
    int quote = formula || strpbrk(s, ",\"\r\n") != NULL;
    if (!quote) {
        put(b, s, strlen(s));
        return;
    }
    put(b, "\"", 1);
    if (formula) put(b, "'", 1);
    for (const char *c = s; *c; c++) {
        if (*c == '"') put(b, "\"", 1);
        put(b, c, 1);
    }
    put(b, "\"", 1);
}

static void put_value(buf *b, const json_t *v)
{
    char num[64];
    switch (json_typeof(v)) {
    case JSON_STRING:
        put_field(b, json_string_value(v));
        break;
    case JSON_INTEGER:
        snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
        put(b, num, strlen(num));
        break;
    case JSON_REAL:
        snprintf(num, sizeof num, "%.15g", json_real_value(v));
        put(b, num, strlen(num));
        break;
    case JSON_TRUE:
        put(b, "true", 4);
        break;
    case JSON_FALSE:
        put(b, "false", 5);
        break;
    case JSON_NULL:
        break;
    default: {
        char *s = json_dumps(v, JSON_COMPACT);
        if (s) put_field(b, s);
        free(s);
    }
    }
}

int kazi_report_csv(char **out, size_t *len, const json_t *result)
{
    buf b = {0};
    const json_t *cols = json_object_get(result, "columns");
    size_t i, j;
    json_t *c, *row;
    json_array_foreach(cols, i, c)
    {
        if (i) put(&b, ",", 1);
        put_field(&b, json_string_value(c) ? json_string_value(c) : "");
    }
    put(&b, "\r\n", 2);
    json_array_foreach(json_object_get(result, "rows"), j, row)
    {
        json_array_foreach(cols, i, c)
        {
            if (i) put(&b, ",", 1);
            const json_t *v = json_is_array(row) ? json_array_get(row, i)
                                                 : json_object_get(row, json_string_value(c));
            if (v) put_value(&b, v);
        }
        put(&b, "\r\n", 2);
    }
    if (b.oom) {
        free(b.p);
        return kazi_error_set(KAZI_ERROR, NULL, "out of memory writing CSV");
    }
    *out = b.p;
    *len = b.n;
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
