/*
 * Fuzz target: the Lua plugin runtime.
 * Input byte 0 selects what the rest is:
 *   'L' (or anything else): Lua source of one configuration file, loaded in the
 *       sandbox with small limits; if it loads, every declared certification and move
 *       is evaluated on a fixed dossier, every report run (on a real database through
 *       the read-only connection), the person.validate hooks run, and its tests run;
 *   'D': a dossier (JSON) evaluated by every rule of the Tanzanian configuration and
 *       validated as a person record by its hooks and custom fields;
 *   'H': "METHOD PATH[?QUERY]\n" then a body: an authenticated request to the catalogue
 *       and report routes (a stub access layer lets every request in).
 * Every kazi.* API function is reachable from Lua source.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/memory.h"
#include "domain/install.h"
#include "domain/plugins.h"
#include "http/dispatch.h"
#include "http/routes.h"
#include "lua/runtime.h"
#include "util/error.h"
#include "util/log.h"
#include "util/rand.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static kazi_lua_gen *tanzania;

static int allow_all(kazi_req *req, kazi_resp *resp)
{
    (void)req;
    (void)resp;
    return KAZI_OK;
}

static const char *accept_csv(void *ctx, const char *name)
{
    (void)ctx;
    return strcmp(name, "Accept") ? NULL : "text/csv";
}

static void http(const uint8_t *data, size_t size)
{
    char line[1024];
    const uint8_t *nl = memchr(data, '\n', size);
    size_t llen = nl ? (size_t)(nl - data) : size;
    if (llen >= sizeof line) return;
    memcpy(line, data, llen);
    line[llen] = '\0';
    if (memchr(line, '\0', llen)) return;
    char *sp = strchr(line, ' ');
    if (!sp) return;
    *sp = '\0';
    char *path = sp + 1, *q = strchr(path, '?');
    if (q) *q++ = '\0';
    kazi_req req = {.method = line,
                    .path = path,
                    .query = q,
                    .remote_addr = "127.0.0.1",
                    .header_fn = accept_csv};
    strcpy(req.request_id, "fuzz");
    size_t off = nl ? llen + 1 : size;
    req.body = (const char *)data + off;
    req.body_len = size - off;
    kazi_resp resp = {0};
    kazi_dispatch(&req, &resp);
    if (resp.status < 100 || resp.status > 599) abort();
    kazi_dispatch_done(&req);
    kazi_resp_reset(&resp);
}
static json_t *fixed_dossier;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    static char dir[] = "/tmp/kazi-fuzz-lua-XXXXXX";
    char data[128], db[256], country[1024];
    kazi_rand_init();
    kazi_log_set_level(KAZI_LOG_ERROR + 1);
    if (!mkdtemp(dir)) abort();
    snprintf(data, sizeof data, "%s/data", dir);
    kazi_install_opts o = {.data_dir = data, .country = "tanzania"};
    if (kazi_install_create(&o) < 0) abort();
    kazi_install_db_path(db, sizeof db, data);
    kazi_store_set_path(db);
    if (kazi_install_country_dir(country, sizeof country, NULL, "tanzania") < 0) abort();
    kazi_lua_limits limits = {.memory = 16u << 20, .instructions = 200000};
    if (kazi_plugins_load_dir(&tanzania, country, &limits) < 0) abort();
    kazi_lua_activate(tanzania);
    if (kazi_routes_install(0) < 0) abort();
    static const kazi_auth_hooks stub = {allow_all, NULL};
    kazi_dispatch_set_auth(&stub);
    fixed_dossier = json_pack("{s:s,s:{s:s,s:s},s:[{s:s,s:s}],s:[],s:[{s:s,s:s}],s:i,s:{s:s}}",
                              "as_of", "2026-01-01", "person", "birth_date", "1990-01-01",
                              "education", "secondary", "courses", "id", "psw-level-1", "completed",
                              "2020-01-01", "credentials", "assignments", "cadre", "psw", "from",
                              "2019-01-01", "supervised_hours", 50, "residence", "village", "X");
    return 0;
}

static void evaluate_all(kazi_lua_gen *g, const json_t *dossier)
{
    const json_t *cat = kazi_lua_gen_catalogue(g);
    static const char *const kinds[][2] = {{"certifications", "certification"}, {"moves", "move"}};
    for (int k = 0; k < 2; k++) {
        size_t i;
        json_t *e;
        json_array_foreach(json_object_get(cat, kinds[k][0]), i, e)
        {
            json_t *out = NULL;
            const char *id = json_string_value(json_object_get(e, "id"));
            if (id && kazi_lua_rule(&out, g, kinds[k][1], id, dossier) == KAZI_OK) {
                if (!json_is_boolean(json_object_get(out, "eligible"))) abort();
                json_decref(out);
            }
        }
    }
    kazi_lua_run_hook(g, "person.validate", dossier);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 64 * 1024) return 0;
    if (data[0] == 'H') {
        http(data + 1, size - 1);
        return 0;
    }
    if (data[0] == 'D') {
        json_t *d = json_loadb((const char *)data + 1, size - 1, JSON_DECODE_ANY, NULL);
        if (json_is_object(d)) evaluate_all(tanzania, d);
        json_decref(d);
        return 0;
    }
    const char *path[] = {"fuzz.lua"};
    const char *text[] = {(const char *)data + 1};
    size_t len[] = {size - 1};
    kazi_config_source *src;
    if (kazi_config_source_memory(&src, "fuzz", path, text, len, 1) < 0) return 0;
    kazi_lua_limits limits = {
        .memory = 4u << 20, .instructions = 100000, .load_instructions = 300000};
    kazi_lua_gen *g;
    if (kazi_lua_gen_build(&g, src, NULL, &limits) == KAZI_OK) {
        evaluate_all(g, fixed_dossier);
        size_t i;
        json_t *r;
        json_array_foreach(json_object_get(kazi_lua_gen_catalogue(g), "reports"), i, r)
        {
            json_t *out = NULL;
            const char *id = json_string_value(json_object_get(r, "id"));
            if (id && kazi_lua_report_run(&out, g, id, NULL, NULL) == KAZI_OK) json_decref(out);
        }
        json_t *results = NULL;
        int failed;
        if (kazi_lua_run_tests(&results, &failed, g) == KAZI_OK) json_decref(results);
        json_t *all = json_deep_copy(kazi_lua_gen_catalogue(g));
        json_decref(all);
        kazi_lua_gen_unref(g);
    } else if (kazi_error_last()->code != KAZI_EPLUGIN && kazi_error_last()->code != KAZI_ERROR) {
        abort(); /* a configuration that fails to load is a plugin error, nothing else */
    }
    kazi_lua_thread_exit();
    return 0;
}
