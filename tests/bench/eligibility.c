/*
 * Benchmark: eligibility at scale (issue 7, point 5). Workers per second through
 * kazi_career_batch — each worker's dossier built from the database with the
 * connection's prepared statements, then every declared certification rule of the
 * live configuration evaluated in batches of 1000 on one reused Lua state — against
 * plain Lua evaluating a rule of the same shape over in-memory tables (the baseline of
 * tests/bench/rules.c), measured in the same run. Every path streams in batches of
 * 1000 workers, so memory stays flat at 1,000,000 workers: the plain-Lua baselines
 * build one batch of in-memory tables at a time (not timed) and time only the rule
 * over it.
 * usage: kazi-bench-eligibility DATA_DIR N [ROUNDS]   (a data dir filled by
 *        `kazi demo-data`; ROUNDS, default 2: each path's best round counts)
 * Output, one figure per line:  name value unit
 *   eligibility.workers       <workers per second, every certification rule>  workers/s
 *                             (dossiers built here, rules on two threads: this one
 *                             and a helper, each with its own Lua state)
 *   eligibility.all_rules_seconds <the same as the time for all N workers>   s
 *   eligibility.all_rules_cpu_seconds <the CPU time of that run, both threads> s
 *                             (on a machine shared with other work the wall time
 *                             also counts the waits for a core; on a quiet 2-core
 *                             machine it is about half this, the two threads apart)
 *   eligibility.workers_one   <workers per second, one rule (psw-certificate)> workers/s
 *   eligibility.dossiers      <dossiers built per second, no rule (compact records, as
 *                             the batch builds them)>                          workers/s
 *   eligibility.plain_lua     <evaluations per second>                          eval/s
 *   eligibility.ratio         <workers_one / plain_lua>                         x
 *   eligibility.plain_lua_same_rule  the Tanzanian psw-certificate rule itself in plain
 *                             Lua over the same dossiers as in-memory tables  eval/s
 *   eligibility.ratio_same_rule <workers_one / plain_lua_same_rule>            x
 *   eligibility.seconds       <wall time of the whole measurement>             s
 * (This measuring tool includes lua.h directly for the plain-Lua baseline.)
 */
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "domain/career.h"
#include "domain/dossier.h"
#include "domain/install.h"
#include "domain/plugins.h"
#include "lua/runtime.h"
#include "util/error.h"
#include "util/log.h"
#include "util/thread.h"

#define RULE                                                                                       \
    "function(d)\n"                                                                                \
    "  local missing = {}\n"                                                                       \
    "  if (d.supervised_hours or 0) < 40 then missing[#missing + 1] = '40 supervised hours' end\n" \
    "  local l1, l2 = false, false\n"                                                              \
    "  for _, c in ipairs(d.courses) do\n"                                                         \
    "    if c.id == 'psw-level-1' and c.completed then l1 = true end\n"                            \
    "    if c.id == 'psw-level-2' and c.completed then l2 = true end\n"                            \
    "  end\n"                                                                                      \
    "  if not l1 then missing[#missing + 1] = 'PSW level 1' end\n"                                 \
    "  if not l2 then missing[#missing + 1] = 'PSW level 2' end\n"                                 \
    "  if d.person.birth_date > '2008-01-01' then missing[#missing + 1] = 'age 18' end\n"          \
    "  return #missing == 0, missing\n"                                                            \
    "end"

/* CPU time of the whole process (both threads), user and system. */
static double cpu_now(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return (double)u.ru_utime.tv_sec + (double)u.ru_utime.tv_usec / 1e6 +
           (double)u.ru_stime.tv_sec + (double)u.ru_stime.tv_usec / 1e6;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

enum { BATCH = 1000 };

static double run_kazi(kazi_db *db, int n, const char *rule, kazi_helper *helper)
{
    static int64_t ids[BATCH];
    static int eligible[BATCH];
    double t0 = now();
    for (int i = 0; i < n; i += BATCH) {
        size_t m = (size_t)(n - i < BATCH ? n - i : BATCH);
        for (size_t k = 0; k < m; k++)
            ids[k] = i + (int64_t)k + 1;
        if (kazi_career_batch(eligible, db, "certification", rule, ids, m, helper) < 0) {
            fprintf(stderr, "bench: %s\n", kazi_error_last()->message);
            exit(1);
        }
    }
    return now() - t0;
}

/* A JSON value as a plain Lua value (tables for objects and arrays). */
static void push_json(lua_State *L, const json_t *v)
{
    if (json_is_object(v)) {
        lua_newtable(L);
        const char *k;
        json_t *x;
        json_object_foreach((json_t *)v, k, x)
        {
            push_json(L, x);
            lua_setfield(L, -2, k);
        }
    } else if (json_is_array(v)) {
        lua_newtable(L);
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x)
        {
            push_json(L, x);
            lua_rawseti(L, -2, (lua_Integer)i + 1);
        }
    } else if (json_is_string(v)) {
        lua_pushstring(L, json_string_value(v));
    } else if (json_is_integer(v)) {
        lua_pushinteger(L, (lua_Integer)json_integer_value(v));
    } else if (json_is_real(v)) {
        lua_pushnumber(L, json_real_value(v));
    } else if (json_is_boolean(v)) {
        lua_pushboolean(L, json_is_true(v));
    } else {
        lua_pushnil(L);
    }
}

/* The same Tanzanian rule (certifications.lua with plugins/lib and the country's lib)
 * in plain Lua. Leaves on the stack a function run(ds) → eligible count over a list of
 * dossiers as in-memory tables. */
static int same_rule_setup(lua_State *L, const char *share)
{
    char setup[2048];
    snprintf(
        setup, sizeof setup,
        "package.path = '%s/plugins/lib/?.lua;%s/country-config/tanzania/lib/?.lua'\n"
        "local rules = {}\n"
        "kazi = { certification = function(t) rules[t.id] = t.rule end,\n"
        "         today = function() return '2026-01-15' end }\n"
        "dofile('%s/country-config/tanzania/certifications.lua')\n"
        "local rule = rules['psw-certificate']\n"
        "return function(ds)\n"
        "  local eligible = 0\n"
        "  for i = 1, #ds do local ok = rule(ds[i]) if ok then eligible = eligible + 1 end end\n"
        "  return eligible\n"
        "end\n",
        share, share, share);
    if (luaL_loadstring(L, setup) != LUA_OK || lua_pcall(L, 0, 1, 0) != LUA_OK) {
        fprintf(stderr, "bench: %s\n", lua_tostring(L, -1));
        return -1;
    }
    return 0;
}

/* The same rule over the same dossiers, a batch at a time: each batch is read from the
 * database and made into Lua tables untimed; only run(ds) is timed. */
static double run_same_rule(lua_State *L, kazi_db *db, int n, long *eligible)
{
    static int64_t ids[BATCH];
    static json_t *ds[BATCH];
    double timed = 0;
    *eligible = 0;
    for (int i = 0; i < n; i += BATCH) {
        size_t m = (size_t)(n - i < BATCH ? n - i : BATCH);
        for (size_t k = 0; k < m; k++)
            ids[k] = i + (int64_t)k + 1;
        if (kazi_dossier_build_many(ds, db, ids, m, NULL) < 0) {
            fprintf(stderr, "bench: %s\n", kazi_error_last()->message);
            exit(1);
        }
        lua_pushvalue(L, -1);
        lua_createtable(L, (int)m, 0);
        for (size_t k = 0; k < m; k++) {
            push_json(L, ds[k]);
            lua_rawseti(L, -2, (lua_Integer)k + 1);
            json_decref(ds[k]);
        }
        double t0 = now();
        lua_call(L, 1, 1);
        timed += now() - t0;
        *eligible += (long)lua_tointeger(L, -1);
        lua_pop(L, 1);
    }
    return timed;
}

/* The tiny rule of tests/bench/rules.c over synthetic dossiers, a batch at a time:
 * make(first, m) builds a batch of tables untimed, run(ds) is timed. Expects make and
 * run on the stack (make below run). */
static double run_tiny(lua_State *L, int n)
{
    double timed = 0;
    for (int i = 0; i < n; i += BATCH) {
        int m = n - i < BATCH ? n - i : BATCH;
        lua_pushvalue(L, -1); /* run */
        lua_pushvalue(L, -3); /* make */
        lua_pushinteger(L, i);
        lua_pushinteger(L, m);
        lua_call(L, 2, 1);
        double t0 = now();
        lua_call(L, 1, 1);
        timed += now() - t0;
        lua_pop(L, 1);
    }
    return timed;
}

/* Building the dossiers alone (no rule), as batch eligibility builds them (compact
 * records), to show where the time goes. */
static double run_dossiers(kazi_db *db, int n)
{
    static int64_t ids[BATCH];
    static kazi_record *ds[BATCH];
    double t0 = now();
    for (int i = 0; i < n; i += BATCH) {
        size_t m = (size_t)(n - i < BATCH ? n - i : BATCH);
        for (size_t k = 0; k < m; k++)
            ids[k] = i + (int64_t)k + 1;
        if (kazi_dossier_records(ds, db, ids, m, NULL) < 0) {
            fprintf(stderr, "bench: %s\n", kazi_error_last()->message);
            exit(1);
        }
        for (size_t k = 0; k < m; k++)
            kazi_record_free(ds[k]);
    }
    return now() - t0;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: kazi-bench-eligibility DATA_DIR N [ROUNDS]\n");
        return 2;
    }
    int n = atoi(argv[2]);
    int rounds = argc > 3 ? atoi(argv[3]) : 2;
    if (rounds < 1) rounds = 1;
    double started = now();
    kazi_log_set_level(KAZI_LOG_ERROR + 1);
    kazi_db *db;
    if (kazi_install_open(&db, argv[1]) < 0 || kazi_plugins_activate_country(db) < 0) {
        fprintf(stderr, "bench: %s\n", kazi_error_last()->message);
        return 1;
    }
    lua_State *L = luaL_newstate();
    luaL_openlibs(L);
    static const char setup[] =
        "local rule = " RULE "\n"
        "local function make(first, m)\n"
        "  local ds = {}\n"
        "  for i = first, first + m - 1 do\n"
        "    local courses = {}\n"
        "    if i % 3 ~= 0 then courses[#courses + 1] = { id = 'psw-level-1', completed = "
        "'2020-01-01' } end\n"
        "    if i % 5 ~= 0 then courses[#courses + 1] = { id = 'psw-level-2', completed = "
        "'2021-01-01' } end\n"
        "    ds[#ds + 1] = { person = { birth_date = string.format('%04d-06-01', 1960 + i % 55) "
        "},\n"
        "                    courses = courses, supervised_hours = i % 80 }\n"
        "  end\n"
        "  return ds\n"
        "end\n"
        "local function run(ds)\n"
        "  local eligible = 0\n"
        "  for i = 1, #ds do local ok = rule(ds[i]) if ok then eligible = eligible + 1 end end\n"
        "  return eligible\n"
        "end\n"
        "return make, run\n";
    if (luaL_loadstring(L, setup) != LUA_OK || lua_pcall(L, 0, 2, 0) != LUA_OK) return 1;
    lua_State *S = luaL_newstate();
    luaL_openlibs(S);
    if (same_rule_setup(S, kazi_install_share_dir()) < 0) return 1;
    /* all rules: batches split over two cores (a helper thread with its own Lua state);
     * one rule, compared with plain Lua: on this thread alone */
    kazi_helper *helper = kazi_helper_start(kazi_lua_thread_exit);
    run_kazi(db, n < BATCH ? n : BATCH, "psw-certificate", NULL); /* warm the cache and state */
    run_kazi(db, n < BATCH ? n : BATCH, NULL, helper);
    double same_s = 1e30;
    double one_s = 1e30, all_s = 1e30, plain_s = 1e30, dossier_s = 1e30, all_cpu = 1e30;
    long same_eligible = 0;
    for (int round = 0; round < rounds; round++) {
        double s = run_dossiers(db, n);
        if (s < dossier_s) dossier_s = s;
        s = run_kazi(db, n, "psw-certificate", NULL);
        if (s < one_s) one_s = s;
        double c0 = cpu_now();
        s = run_kazi(db, n, NULL, helper);
        if (s < all_s) all_s = s;
        if (cpu_now() - c0 < all_cpu) all_cpu = cpu_now() - c0;
        s = run_tiny(L, n);
        if (s < plain_s) plain_s = s;
        s = run_same_rule(S, db, n, &same_eligible);
        if (s < same_s) same_s = s;
    }
    kazi_helper_stop(helper);
    lua_close(S);
    lua_close(L);
    kazi_lua_activate(NULL);
    kazi_lua_thread_exit();
    kazi_db_close(db);
    printf("eligibility.workers %.0f workers/s\n", n / all_s);
    printf("eligibility.all_rules_seconds %.1f s\n", all_s);
    printf("eligibility.all_rules_cpu_seconds %.1f s\n", all_cpu);
    printf("eligibility.workers_one %.0f workers/s\n", n / one_s);
    printf("eligibility.dossiers %.0f workers/s\n", n / dossier_s);
    printf("eligibility.plain_lua %.0f eval/s\n", n / plain_s);
    printf("eligibility.ratio %.3f x\n", (n / one_s) / (n / plain_s));
    printf("eligibility.plain_lua_same_rule %.0f eval/s\n", n / same_s);
    printf("eligibility.ratio_same_rule %.3f x\n", (n / one_s) / (n / same_s));
    printf("eligibility.seconds %.0f s\n", now() - started);
    return 0;
}
