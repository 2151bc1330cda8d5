/*
 * Benchmark: eligibility at scale (issue 7, point 5). Workers per second through
 * kazi_career_batch — each worker's dossier built from the database with the
 * connection's prepared statements, then every declared certification rule of the
 * live configuration evaluated in batches of 1000 on one reused Lua state — against
 * plain Lua evaluating a rule of the same shape over in-memory tables (the baseline of
 * tests/bench/rules.c), measured in the same run.
 * usage: kazi-bench-eligibility DATA_DIR N   (a data dir filled by `kazi demo-data`)
 * Output, one figure per line:  name value unit
 *   eligibility.workers       <workers per second, every certification rule>  workers/s
 *   eligibility.workers_one   <workers per second, one rule (psw-certificate)> workers/s
 *   eligibility.plain_lua     <evaluations per second>                          eval/s
 *   eligibility.ratio         <workers_one / plain_lua>                         x
 * (This measuring tool includes lua.h directly for the plain-Lua baseline.)
 */
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "domain/career.h"
#include "domain/install.h"
#include "domain/plugins.h"
#include "lua/runtime.h"
#include "util/error.h"
#include "util/log.h"

#define RULE                                                                                 \
    "function(d)\n"                                                                          \
    "  local missing = {}\n"                                                                 \
    "  if (d.supervised_hours or 0) < 40 then missing[#missing + 1] = '40 supervised hours' end\n" \
    "  local l1, l2 = false, false\n"                                                        \
    "  for _, c in ipairs(d.courses) do\n"                                                   \
    "    if c.id == 'psw-level-1' and c.completed then l1 = true end\n"                      \
    "    if c.id == 'psw-level-2' and c.completed then l2 = true end\n"                      \
    "  end\n"                                                                                \
    "  if not l1 then missing[#missing + 1] = 'PSW level 1' end\n"                           \
    "  if not l2 then missing[#missing + 1] = 'PSW level 2' end\n"                           \
    "  if d.person.birth_date > '2008-01-01' then missing[#missing + 1] = 'age 18' end\n"    \
    "  return #missing == 0, missing\n"                                                      \
    "end"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

enum { BATCH = 1000 };

static double run_kazi(kazi_db *db, int n, const char *rule)
{
    static int64_t ids[BATCH];
    static int eligible[BATCH];
    double t0 = now();
    for (int i = 0; i < n; i += BATCH) {
        size_t m = (size_t)(n - i < BATCH ? n - i : BATCH);
        for (size_t k = 0; k < m; k++) ids[k] = i + (int64_t)k + 1;
        if (kazi_career_batch(eligible, db, "certification", rule, ids, m) < 0) {
            fprintf(stderr, "bench: %s\n", kazi_error_last()->message);
            exit(1);
        }
    }
    return now() - t0;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: kazi-bench-eligibility DATA_DIR N\n");
        return 2;
    }
    int n = atoi(argv[2]);
    kazi_log_set_level(KAZI_LOG_ERROR + 1);
    kazi_db *db;
    if (kazi_install_open(&db, argv[1]) < 0 || kazi_plugins_activate_country(db) < 0) {
        fprintf(stderr, "bench: %s\n", kazi_error_last()->message);
        return 1;
    }
    lua_State *L = luaL_newstate();
    luaL_openlibs(L);
    static const char setup[] =
        "local n = ...\n"
        "local ds = {}\n"
        "for i = 0, n - 1 do\n"
        "  local courses = {}\n"
        "  if i % 3 ~= 0 then courses[#courses + 1] = { id = 'psw-level-1', completed = '2020-01-01' } end\n"
        "  if i % 5 ~= 0 then courses[#courses + 1] = { id = 'psw-level-2', completed = '2021-01-01' } end\n"
        "  ds[i + 1] = { person = { birth_date = string.format('%04d-06-01', 1960 + i % 55) },\n"
        "                courses = courses, supervised_hours = i % 80 }\n"
        "end\n"
        "local rule = " RULE "\n"
        "return function()\n"
        "  local eligible = 0\n"
        "  for i = 1, n do local ok = rule(ds[i]) if ok then eligible = eligible + 1 end end\n"
        "  return eligible\n"
        "end\n";
    if (luaL_loadstring(L, setup) != LUA_OK) return 1;
    lua_pushinteger(L, n);
    if (lua_pcall(L, 1, 1, 0) != LUA_OK) return 1;
    run_kazi(db, n < BATCH ? n : BATCH, "psw-certificate"); /* warm the cache and state */
    double one_s = 1e30, all_s = 1e30, plain_s = 1e30;
    for (int round = 0; round < 2; round++) {
        double s = run_kazi(db, n, "psw-certificate");
        if (s < one_s) one_s = s;
        s = run_kazi(db, n, NULL);
        if (s < all_s) all_s = s;
        double t0 = now();
        lua_pushvalue(L, -1);
        lua_call(L, 0, 1);
        s = now() - t0;
        lua_pop(L, 1);
        if (s < plain_s) plain_s = s;
    }
    lua_close(L);
    kazi_lua_activate(NULL);
    kazi_lua_thread_exit();
    kazi_db_close(db);
    printf("eligibility.workers %.0f workers/s\n", n / all_s);
    printf("eligibility.workers_one %.0f workers/s\n", n / one_s);
    printf("eligibility.plain_lua %.0f eval/s\n", n / plain_s);
    printf("eligibility.ratio %.3f x\n", (n / one_s) / (n / plain_s));
    return 0;
}
