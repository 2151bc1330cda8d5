/*
 * plugins — the commands of the Lua runtime: `kazi config check DIR` (load a
 * configuration directory with plugins/ and run its kazi.test cases) and
 * `kazi report run ID --data DIR` (run a declared report, JSON or CSV).
 * Owns: their arguments and output.
 * Uses: domain/plugins, lua/runtime, domain/install.
 * Thread-safety: single-threaded commands.
 */
#include "cli/args.h"
#include "domain/i18n.h"
#include "cli/commands.h"
#include "config/repo.h"
#include "domain/install.h"
#include "domain/plugins.h"
#include "domain/reportcheck.h"
#include "lua/runtime.h"
#include "store/meta.h"
#include "store/reportrun.h"
#include "util/clock.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int parse_size(const char *s, long long min, long long max, long long *out)
{
    char *end;
    long long v = strtoll(s, &end, 10);
    if (*end || v < min || v > max) return -1;
    *out = v;
    return 0;
}

/* --lua-memory MB, --lua-instructions N and --lua-time MS, shared by serve, config check,
 * report. */
int kazi_cli_lua_limits(kazi_lua_limits *l, const char *memory, const char *instructions,
                        const char *time_ms)
{
    long long v;
    memset(l, 0, sizeof *l);
    if (memory) {
        if (parse_size(memory, 1, 4096, &v) < 0)
            return kazi_error_set(KAZI_EINVALID, "lua-memory",
                                  "--lua-memory must be 1 to 4096 (MiB)");
        l->memory = (size_t)v << 20;
    }
    if (instructions) {
        if (parse_size(instructions, 1000, 100000000000LL, &v) < 0)
            return kazi_error_set(KAZI_EINVALID, "lua-instructions",
                                  "--lua-instructions must be 1000 to 100000000000");
        l->instructions = v;
    }
    if (time_ms) {
        if (parse_size(time_ms, 10, 600000, &v) < 0)
            return kazi_error_set(KAZI_EINVALID, "lua-time",
                                  "--lua-time must be 10 to 600000 (milliseconds)");
        l->time_ms = v;
    }
    return KAZI_OK;
}

/* The folder's report SQL against the report authorizer (domain/reportcheck) and its
 * translations against Kazi's messages (domain/i18n): each problem joins the results as
 * a failed check named "report SQL" or "translations". */
static int check_report_sql(json_t *results, int *failed, const char *dir, const json_t *cat)
{
    kazi_config_source *src = NULL;
    json_t *problems = json_array();
    int rc = kazi_config_source_dir(&src, dir);
    if (rc == KAZI_OK) rc = kazi_reportcheck_source(problems, src);
    kazi_config_source_free(src);
    size_t sql = json_array_size(problems), i;
    kazi_i18n_check(problems, cat);
    json_t *p;
    json_array_foreach(problems, i, p)
    {
        char where[600];
        snprintf(where, sizeof where, "%s:%lld", json_string_value(json_object_get(p, "file")),
                 (long long)json_integer_value(json_object_get(p, "line")));
        json_array_append_new(
            results, json_pack("{s:s,s:s,s:b,s:O}", "name", i < sql ? "report SQL" : "translations",
                               "source", where, "ok", 0, "error", json_object_get(p, "message")));
        (*failed)++;
    }
    json_decref(problems);
    return rc < 0 ? rc : KAZI_OK;
}

/* How complete each declared language is (domain/i18n): what is missing falls back to
 * the configuration's default language, then English. */
void kazi_cli_print_languages(const json_t *cat)
{
    json_t *langs = NULL;
    if (kazi_i18n_completeness(&langs, cat) < 0) return;
    size_t i;
    json_t *l;
    json_array_foreach(langs, i, l)
    {
        const json_t *ui = json_object_get(l, "ui"), *msgs = json_object_get(l, "messages");
        json_int_t uh = json_integer_value(json_object_get(ui, "have")),
                   uo = json_integer_value(json_object_get(ui, "of")),
                   mh = json_integer_value(json_object_get(msgs, "have")),
                   mo = json_integer_value(json_object_get(msgs, "of"));
        const char *code = json_string_value(json_object_get(l, "language"));
        const char *fallback = json_string_value(json_object_get(l, "fallback"));
        printf("language %s (%s): interface %lld of %lld strings, messages %lld of %lld", code,
               json_string_value(json_object_get(l, "name")), (long long)uh, (long long)uo,
               (long long)mh, (long long)mo);
        if ((uh < uo || mh < mo) && fallback && strcmp(code, fallback) != 0)
            printf("; missing ones fall back to %s%s", fallback,
                   strcmp(fallback, "en") ? ", then en" : "");
        else if (uh < uo || mh < mo)
            printf("; missing ones fall back to en");
        printf("\n");
    }
    json_decref(langs);
}

int kazi_cmd_config_check(int argc, char **argv)
{
    static const char usage[] = "kazi config check DIR [--json]";
    const char *pos[1] = {0}, *memory = NULL, *instr = NULL, *time_ms = NULL;
    int npos = 0, as_json = 0;
    const kazi_opt opts[] = {
        {"--json", NULL, NULL, &as_json, "print the results as JSON"},
        KAZI_CLI_LUA_OPTS(memory, instr, time_ms),
        {0},
    };
    int rc = kazi_args_parse(argc, argv, 3, opts, usage, pos, 1, &npos);
    if (rc) return rc < 0 ? KAZI_EXIT_OK : rc;
    if (npos != 1)
        return kazi_cli_usage(usage, "DIR is required (a country-config folder or plugins/)");
    kazi_lua_limits limits;
    if (kazi_cli_lua_limits(&limits, memory, instr, time_ms) < 0)
        return kazi_cli_fail_last("config check");
    kazi_lua_gen *g;
    if (kazi_plugins_load_dir(&g, pos[0], &limits) < 0) {
        kazi_lua_thread_exit();
        return kazi_cli_fail("config check: %s does not load: %s", pos[0],
                             kazi_error_last()->message);
    }
    json_t *results = NULL;
    int failed = 0;
    rc = kazi_lua_run_tests(&results, &failed, g);
    if (rc == KAZI_OK) rc = check_report_sql(results, &failed, pos[0], kazi_lua_gen_catalogue(g));
    if (rc == KAZI_OK) {
        if (as_json) { /* {"tests":[...],"languages":[...]}: how complete each language is */
            json_t *langs = NULL;
            if (kazi_i18n_completeness(&langs, kazi_lua_gen_catalogue(g)) < 0) langs = json_array();
            json_t *doc = json_pack("{s:O,s:o}", "tests", results, "languages", langs);
            char *s = doc ? json_dumps(doc, JSON_INDENT(2)) : NULL;
            printf("%s\n", s ? s : "{}");
            free(s);
            json_decref(doc);
        } else {
            const json_t *cat = kazi_lua_gen_catalogue(g);
            printf("%s: loaded (%zu cadres, %zu jobs, %zu courses, %zu certifications, %zu moves, "
                   "%zu reports, %zu hooks)\n",
                   pos[0], json_array_size(json_object_get(cat, "cadres")),
                   json_array_size(json_object_get(cat, "jobs")),
                   json_array_size(json_object_get(cat, "courses")),
                   json_array_size(json_object_get(cat, "certifications")),
                   json_array_size(json_object_get(cat, "moves")),
                   json_array_size(json_object_get(cat, "reports")),
                   json_array_size(json_object_get(cat, "hooks")));
            size_t i;
            json_t *r;
            json_array_foreach(results, i, r)
            {
                int ok = json_is_true(json_object_get(r, "ok"));
                printf("%s %s (%s)%s%s\n", ok ? "ok  " : "FAIL",
                       json_string_value(json_object_get(r, "name")),
                       json_string_value(json_object_get(r, "source")), ok ? "" : "\n     ",
                       ok ? "" : json_string_value(json_object_get(r, "error")));
            }
            printf("%zu tests, %d failed\n", json_array_size(results), failed);
            kazi_cli_print_languages(cat);
        }
        /* findings that do not stop loading: a warning, or one validation refuses */
        size_t w;
        json_t *finding;
        json_array_foreach(json_object_get(kazi_lua_gen_catalogue(g), "warnings"), w, finding)
        {
            const char *sev = json_string_value(json_object_get(finding, "severity"));
            int warning = sev && !strcmp(sev, "warning");
            failed += !warning;
            fprintf(stderr, "%s: %s\n", warning ? "warning" : "error",
                    json_string_value(json_object_get(finding, "message")));
        }
    }
    json_decref(results);
    kazi_lua_gen_unref(g);
    kazi_lua_thread_exit();
    if (rc < 0) return kazi_cli_fail_last("config check");
    return failed ? KAZI_EXIT_FAIL : KAZI_EXIT_OK;
}

/* kazi report run ID --data DIR [--param NAME=VALUE ...] [--csv] */
int kazi_cmd_report(int argc, char **argv)
{
    static const char usage[] =
        "kazi report run ID --data DIR [--param NAME=VALUE] [--csv] | kazi report list --data DIR";
    if (argc < 3 || (strcmp(argv[2], "run") && strcmp(argv[2], "list"))) {
        if (argc >= 3 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h"))) {
            printf("usage: %s\n", usage);
            return KAZI_EXIT_OK;
        }
        return kazi_cli_usage(usage, "expected 'run' or 'list'");
    }
    int list = !strcmp(argv[2], "list");
    const char *data = NULL, *pos[1] = {0};
    int npos = 0, csv = 0;
    json_t *params = json_object();
    /* --param may repeat: take them out before the common parser sees argv. */
    char **rest = calloc((size_t)argc + 1, sizeof *rest);
    int nrest = 0;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--param") && i + 1 < argc) {
            char *eq = strchr(argv[i + 1], '=');
            if (!eq) {
                free(rest);
                json_decref(params);
                return kazi_cli_usage(usage, "--param needs NAME=VALUE");
            }
            char name[128];
            snprintf(name, sizeof name, "%.*s", (int)(eq - argv[i + 1]), argv[i + 1]);
            json_t *v = json_loads(eq + 1, JSON_DECODE_ANY, NULL);
            if (!v || json_is_object(v) || json_is_array(v)) {
                json_decref(v);
                v = json_string(eq + 1);
            }
            json_object_set_new(params, name, v);
            i++;
            continue;
        }
        rest[nrest++] = argv[i];
    }
    const char *memory = NULL, *instr = NULL, *time_ms = NULL;
    const kazi_opt opts[] = {
        {"--data", "DIR", &data, NULL, "the data directory"},
        {"--csv", NULL, NULL, &csv, "print CSV instead of JSON"},
        KAZI_CLI_LUA_OPTS(memory, instr, time_ms),
        {0},
    };
    int rc = kazi_args_parse(nrest, rest, 3, opts, usage, pos, 1, &npos);
    free(rest);
    if (rc) {
        json_decref(params);
        return rc < 0 ? KAZI_EXIT_OK : rc;
    }
    if (!data || (!list && npos != 1)) {
        json_decref(params);
        return kazi_cli_usage(usage,
                              list ? "--data DIR is required" : "ID and --data DIR are required");
    }
    kazi_db *db = NULL;
    kazi_lua_gen *g = NULL;
    json_t *result = NULL;
    char db_path[1024];
    if ((rc = kazi_install_open(&db, data)) < 0) goto done;
    kazi_install_db_path(db_path, sizeof db_path, data);
    kazi_store_set_path(db_path);
    char repo[1100];
    kazi_config_repo_path(repo, sizeof repo, data);
    kazi_lua_limits limits;
    if ((rc = kazi_cli_lua_limits(&limits, memory, instr, time_ms)) < 0 ||
        (rc = kazi_plugins_load_live(&g, repo, &limits)) < 0) /* what the server serves */
        goto done;
    if (list) {
        size_t i;
        json_t *r;
        json_array_foreach(json_object_get(kazi_lua_gen_catalogue(g), "reports"), i, r)
        {
            const json_t *t = json_object_get(r, "title");
            printf("%-28s %s\n", json_string_value(json_object_get(r, "id")),
                   json_is_string(t) ? json_string_value(t)
                                     : json_string_value(json_object_get(t, "en")));
        }
        goto done;
    }
    /* provenance: recorded as the API's runs are, by the CLI's caller (national) */
    if ((rc = kazi_report_run_for(&result, db, g, kazi_caller_cli(), pos[0], params,
                                  csv ? "csv" : "json", "cli")) < 0)
        goto done;
    int64_t run_id = json_integer_value(json_object_get(result, "run_id"));
    const char *commit = json_string_value(json_object_get(result, "config_commit"));
    if (csv) {
        fprintf(stderr, "report run %lld under configuration %s\n", (long long)run_id, commit);
        char *text;
        size_t len;
        if ((rc = kazi_report_csv(&text, &len, result)) < 0) goto done;
        fwrite(text, 1, len, stdout);
        free(text);
    } else {
        char *s = json_dumps(result, JSON_INDENT(2));
        printf("%s\n", s ? s : "{}");
        free(s);
    }
done:
    json_decref(result);
    json_decref(params);
    kazi_lua_gen_unref(g);
    kazi_lua_thread_exit();
    kazi_store_thread_close();
    kazi_db_close(db);
    if (rc < 0) return kazi_cli_fail_last("report");
    return KAZI_EXIT_OK;
}
