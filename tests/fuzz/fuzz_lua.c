/*
 * Fuzz target: the Lua plugin runtime.
 * Input byte 0 selects what the rest is:
 *   'L' (or anything else): Lua source of one configuration file, loaded in the
 *       sandbox with small limits; if it loads, every declared certification and move
 *       is evaluated on a fixed dossier, every report run (on a real database through
 *       the read-only connection), the person.validate hooks run, and its tests run;
 *   'D': a dossier (JSON) evaluated by every rule of the Tanzanian configuration and
 *       validated as a person record by its hooks and custom fields;
 *   'C': a whole configuration of several files, each "@@@ PATH\n" then its text (the
 *       seed is Tanzania's, with its tests), run as for 'L' with a country's limits;
 *   'H': "METHOD PATH[?QUERY]\n" then a body: an authenticated request to the catalogue
 *       and report routes (a stub access layer lets every request in); the answer must
 *       pass the HTTP oracle (no 5xx, the one error shape: oracle.h).
 * Every kazi.* API function is reachable from Lua source; after a replay, every function
 * of the kazi table and of a test's helper table must be used by some corpus
 * configuration that loaded (kazi_fuzz_replay_done).
 */
#include <ctype.h>
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
#include "lua/internal.h"
#include "lua/runtime.h"
#include "oracle.h"
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
    char what[1200];
    snprintf(what, sizeof what, "%s %s%s%s", line, path, q ? "?" : "", q ? q : "");
    fuzz_check_response(&resp, what);
    kazi_dispatch_done(&req);
    kazi_resp_reset(&resp);
}
static json_t *fixed_dossier;

/* ---- 'C': several files -------------------------------------------------------------- */

#define MAX_FILES 48
#define FILE_MARK "@@@ "

/* Split "@@@ path\n<text>@@@ path\n<text>..." into files (paths and texts point into a
 * copy that lives until the next input). Returns the number of files, 0 if malformed. */
static size_t split_files(const char **path, const char **text, size_t *len, const uint8_t *data,
                          size_t size)
{
    static char *copy;
    free(copy);
    copy = malloc(size + 1);
    if (!copy) return 0;
    memcpy(copy, data, size);
    copy[size] = '\0';
    size_t n = 0;
    char *p = copy, *end = copy + size;
    while (p < end && n < MAX_FILES) {
        if (strncmp(p, FILE_MARK, strlen(FILE_MARK)) != 0) return 0;
        char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) return 0;
        *nl = '\0';
        path[n] = p + strlen(FILE_MARK);
        text[n] = nl + 1;
        char *next = nl + 1;
        while (next < end && !(next[-1] == '\n' && !strncmp(next, FILE_MARK, strlen(FILE_MARK))))
            next++;
        len[n] = (size_t)(next - (nl + 1));
        n++;
        p = next;
    }
    return p < end ? 0 : n;
}

/* ---- which API functions the corpus exercises ----------------------------------------- */

#define MAX_API 64
static char api_used[MAX_API][40];
static int napi_used;

static void mark_used(const char *name, size_t n)
{
    if (n >= sizeof api_used[0]) return;
    for (int i = 0; i < napi_used; i++)
        if (strlen(api_used[i]) == n && !memcmp(api_used[i], name, n)) return;
    if (napi_used < MAX_API) {
        memcpy(api_used[napi_used], name, n);
        api_used[napi_used++][n] = '\0';
    }
}

/* Note every "kazi.NAME" and test helper "t.NAME" in a configuration that loaded. */
static void note_api_use(const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        size_t start = i;
        if (i + 5 <= len && !memcmp(text + i, "kazi.", 5))
            i += 5;
        else if (i + 2 <= len && !memcmp(text + i, "t.", 2) &&
                 (i == 0 || !(isalnum((unsigned char)text[i - 1]) || text[i - 1] == '_')))
            i += 2;
        else
            continue;
        while (i < len && (isalnum((unsigned char)text[i]) || text[i] == '_'))
            i++;
        mark_used(text + start, i - start);
        i--;
    }
}

/* The names of a space-separated list that no corpus configuration used; prints each. */
static int unused_names(const char *p)
{
    int missing = 0;
    while (*p) {
        const char *sp = strchr(p, ' ');
        if (!sp) break;
        int found = 0;
        for (int i = 0; i < napi_used && !found; i++)
            found = strlen(api_used[i]) == (size_t)(sp - p) && !memcmp(api_used[i], p, sp - p);
        if (!found) {
            fprintf(stderr, "no corpus configuration uses %.*s\n", (int)(sp - p), p);
            missing++;
        }
        p = sp + 1;
    }
    return missing;
}

int kazi_fuzz_replay_done(void);

/*
 * After a corpus replay: every function of the kazi table and of a test's helper table
 * — listed from the sandbox's own tables, so functions added later are included — must
 * appear in some configuration of the corpus that loaded.
 */
int kazi_fuzz_replay_done(void)
{
    /* The kazi table is what kazi_api_open builds (core/lua/sandbox.c installs exactly
     * that); a test's helper table is listed by a test, in its error. */
    static const char lister[] = "kazi.test('api', function(t)\n"
                                 "  local h = {}\n"
                                 "  for k in pairs(t) do h[#h + 1] = 't.' .. k end\n"
                                 "  error('API ' .. table.concat(h, ' ') .. ' ', 0)\n"
                                 "end)\n";
    char kazi_names[2048] = "API ";
    lua_State *L = luaL_newstate();
    lua_newtable(L);
    kazi_api_open(L);
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        size_t at = strlen(kazi_names);
        snprintf(kazi_names + at, sizeof kazi_names - at, "kazi.%s ", lua_tostring(L, -2));
        lua_pop(L, 1);
    }
    lua_close(L);
    const char *path[] = {"api.lua"}, *text[] = {lister};
    size_t len[] = {sizeof lister - 1};
    kazi_config_source *src;
    kazi_lua_gen *g;
    json_t *results = NULL;
    int failed, missing = 0;
    kazi_lua_limits limits = {.memory = 4u << 20, .instructions = 100000};
    if (kazi_config_source_memory(&src, "api", path, text, len, 1) < 0 ||
        kazi_lua_gen_build(&g, src, NULL, &limits) < 0 ||
        kazi_lua_run_tests(&results, &failed, g) < 0) {
        fprintf(stderr, "cannot list the Lua API: %s\n", kazi_error_last()->message);
        return 1;
    }
    const json_t *result = json_array_get(results, 0);
    const char *lists[2] = {kazi_names, json_string_value(json_object_get(result, "error"))};
    for (int l = 0; l < 2; l++) {
        const char *api = lists[l] ? strstr(lists[l], "API ") : NULL;
        if (!api) {
            fprintf(stderr, "cannot list the Lua API: %s\n", lists[l] ? lists[l] : "(none)");
            missing++;
            continue;
        }
        missing += unused_names(api + 4);
    }
    json_decref(results);
    kazi_lua_gen_unref(g);
    kazi_lua_thread_exit();
    return missing != 0;
}

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

static void one_input(const uint8_t *data, size_t size);

/* Plugins run on server workers: so do the inputs, on a worker-sized stack (oracle.h). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 64 * 1024) return 0;
    fuzz_run_on_worker(one_input, data, size);
    return 0;
}

static void one_input(const uint8_t *data, size_t size)
{
    if (data[0] == 'H') {
        http(data + 1, size - 1);
        return;
    }
    if (data[0] == 'D') {
        /* Parsed as the server parses JSON (depth-limited): a worker's stack is small. */
        json_t *d = NULL;
        if (kazi_json_parse_object(&d, (const char *)data + 1, size - 1) == KAZI_OK)
            evaluate_all(tanzania, d);
        json_decref(d);
        return;
    }
    const char *path[MAX_FILES] = {"fuzz.lua"};
    const char *text[MAX_FILES] = {(const char *)data + 1};
    size_t len[MAX_FILES] = {size - 1};
    size_t nfiles = 1;
    if (data[0] == 'C' && (nfiles = split_files(path, text, len, data + 1, size - 1)) == 0) return;
    kazi_config_source *src;
    if (kazi_config_source_memory(&src, "fuzz", path, text, len, nfiles) < 0) return;
    kazi_lua_limits limits = {
        .memory = 4u << 20, .instructions = 100000, .load_instructions = 300000};
    if (data[0] == 'C') { /* a whole country's configuration: its own size of limits */
        limits.memory = 16u << 20;
        limits.instructions = 200000;
        limits.load_instructions = 0;
    }
    kazi_lua_gen *g;
    if (kazi_lua_gen_build(&g, src, NULL, &limits) == KAZI_OK) {
        for (size_t f = 0; f < nfiles; f++)
            note_api_use(text[f], len[f]);
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
    } else {
        if (getenv("KAZI_FUZZ_VERBOSE"))
            fprintf(stderr, "configuration not loaded: %s\n", kazi_error_last()->message);
        if (kazi_error_last()->code != KAZI_EPLUGIN && kazi_error_last()->code != KAZI_ERROR)
            abort(); /* a configuration that fails to load is a plugin error, nothing else */
    }
    kazi_lua_thread_exit();
    return;
}
