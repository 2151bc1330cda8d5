/*
 * Benchmark: rule evaluations per second through the Kazi runtime (dossier as a
 * compact record, as batch eligibility and the impact preview build them → read-only
 * proxy → sandboxed call under the instruction hook and memory cap → decision) against
 * the same rule in plain Lua over in-memory tables, in the same run on the same
 * machine (CPU time). Target: ratio >= 0.40. The records are made from the synthetic
 * JSON dossiers before timing, as the baseline's tables are; rules.kazi_single goes
 * through kazi_lua_rule, which converts its JSON dossier on every call.
 * usage: kazi-bench-rules [N]   (default 100000 synthetic dossiers)
 * Output, one figure per line:  name value unit
 *   rules.kazi         <evaluations per second>  eval/s   (kazi_lua_records_count, batches of 1000:
 *                      decisions counted, as the baseline counts them)
 *   rules.kazi_missing <evaluations per second>  eval/s   (kazi_lua_records_eval: also the JSON
 *                      list of what is missing for every dossier)
 *   rules.kazi_single  <evaluations per second>  eval/s   (kazi_lua_rule, one call per dossier)
 *   rules.plain_lua    <evaluations per second>  eval/s
 *   rules.ratio        <kazi / plain_lua>        x        (target >= 0.40)
 *   rules.ratio_missing <kazi_missing / plain_lua> x
 *   rules.kazi_modules <evaluations per second>  eval/s   (the same rule written with a
 *                      required helper module and a gap class, as country rules are: what
 *                      freezing modules and putting upvalues back after each dossier cost)
 *   rules.ratio_modules <kazi_modules / plain_lua> x
 * Each path runs 5 times, interleaved, and the best time of each counts, so that a
 * busy machine disturbs the ratio less.
 * (This measuring tool includes lua.h directly for the plain-Lua baseline.)
 */
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config/memory.h"
#include "lua/runtime.h"
#include "util/error.h"
#include "util/json.h"
#include "util/log.h"

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

/* The same decisions through a helper module, as country rules use plugins/lib/dossier. */
#define HELPERS                                                                                    \
    "local M = {}\n"                                                                               \
    "local Gap = {}\n"                                                                             \
    "Gap.__index = Gap\n"                                                                          \
    "function Gap:need(ok, w) if not ok then self.missing[#self.missing + 1] = w end return self " \
    "end\n"                                                                                        \
    "function Gap:result() return #self.missing == 0, self.missing end\n"                          \
    "function M.gap() return setmetatable({ missing = {} }, Gap) end\n"                            \
    "local function has(d, id)\n"                                                                  \
    "  for _, c in ipairs(d.courses) do if c.id == id and c.completed then return true end end\n"  \
    "  return false\n"                                                                             \
    "end\n"                                                                                        \
    "M.completed = has\n"                                                                          \
    "function M.hours(d) return d.supervised_hours or 0 end\n"                                     \
    "function M.born_before(d, date) return d.person.birth_date <= date end\n"                     \
    "return M\n"
#define MODULE_RULE                                                                                \
    "local H = require 'h'\n"                                                                      \
    "kazi.certification { id = 'psw_h', name = 'PSW', rule = function(d)\n"                        \
    "  local gap = H.gap()\n"                                                                      \
    "  gap:need(H.hours(d) >= 40, '40 supervised hours')\n"                                        \
    "  gap:need(H.completed(d, 'psw-level-1'), 'PSW level 1')\n"                                   \
    "  gap:need(H.completed(d, 'psw-level-2'), 'PSW level 2')\n"                                   \
    "  gap:need(H.born_before(d, '2008-01-01'), 'age 18')\n"                                       \
    "  return gap:result()\n"                                                                      \
    "end }\n"

/* CPU time of this (single-threaded) process: on a machine shared with other work,
 * time spent waiting for a core counts against neither path. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static json_t *dossier(int i)
{
    json_t *courses = json_array();
    if (i % 3)
        json_array_append_new(
            courses, json_pack("{s:s,s:s}", "id", "psw-level-1", "completed", "2020-01-01"));
    if (i % 5)
        json_array_append_new(
            courses, json_pack("{s:s,s:s}", "id", "psw-level-2", "completed", "2021-01-01"));
    char birth[16];
    snprintf(birth, sizeof birth, "%04d-06-01", 1960 + i % 55);
    return json_pack("{s:{s:s},s:o,s:i}", "person", "birth_date", birth, "courses", courses,
                     "supervised_hours", i % 80);
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 100000;
    if (n < 1) n = 100000;
    kazi_log_set_level(KAZI_LOG_ERROR + 1);

    /* ---- Kazi runtime ---- */
    const char *paths[] = {"rule.lua", "lib/h.lua", "rule_h.lua"};
    const char *texts[] = {"kazi.certification { id = 'psw', name = 'PSW', rule = " RULE " }\n",
                           HELPERS, MODULE_RULE};
    kazi_config_source *src;
    kazi_lua_gen *g;
    if (kazi_config_source_memory(&src, "bench", paths, texts, NULL, 3) < 0 ||
        kazi_lua_gen_build(&g, src, NULL, NULL) < 0) {
        fprintf(stderr, "bench: %s\n", kazi_error_last()->message);
        return 1;
    }
    json_t **ds = malloc(sizeof *ds * (size_t)n);
    kazi_record **rs = malloc(sizeof *rs * (size_t)n);
    for (int i = 0; i < n; i++) {
        ds[i] = dossier(i);
        if (kazi_record_from_json(&rs[i], ds[i]) < 0) return 1;
    }
    const kazi_record *const *recs = (const kazi_record *const *)rs;
    json_t *warm;
    if (kazi_lua_rule(&warm, g, "certification", "psw", ds[0]) < 0) return 1;
    json_decref(warm);
    long eligible_single = 0, eligible_kazi = 0;
    double t0 = now();
    for (int i = 0; i < n; i++) {
        json_t *out;
        if (kazi_lua_rule(&out, g, "certification", "psw", ds[i]) < 0) {
            fprintf(stderr, "bench: %s\n", kazi_error_last()->message);
            return 1;
        }
        eligible_single += json_is_true(json_object_get(out, "eligible"));
        json_decref(out);
    }
    double single_s = now() - t0;
    enum { BATCH = 1000 };
    static kazi_lua_decision dec[BATCH];

    /* plain Lua over in-memory tables, prepared before timing */
    lua_State *L = luaL_newstate();
    luaL_openlibs(L);
    static const char setup[] =
        "local n = ...\n"
        "local ds = {}\n"
        "for i = 0, n - 1 do\n"
        "  local courses = {}\n"
        "  if i % 3 ~= 0 then courses[#courses + 1] = { id = 'psw-level-1', completed = "
        "'2020-01-01' } end\n"
        "  if i % 5 ~= 0 then courses[#courses + 1] = { id = 'psw-level-2', completed = "
        "'2021-01-01' } end\n"
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
    if (lua_pcall(L, 1, 1, 0) != LUA_OK) {
        fprintf(stderr, "bench: %s\n", lua_tostring(L, -1));
        return 1;
    }
    double kazi_s = 1e30, plain_s = 1e30, missing_s = 1e30, modules_s = 1e30;
    long eligible_plain = 0, eligible_missing = 0, eligible_modules = 0;
    for (int round = 0; round < 5; round++) {
        eligible_kazi = 0;
        t0 = now();
        for (int i = 0; i < n; i += BATCH) {
            size_t m = (size_t)(n - i < BATCH ? n - i : BATCH);
            if (kazi_lua_records_count(dec, g, "certification", "psw", recs + i, m) < 0) {
                fprintf(stderr, "bench: %s\n", kazi_error_last()->message);
                return 1;
            }
            for (size_t k = 0; k < m; k++) {
                eligible_kazi += dec[k].eligible;
            }
        }
        double s = now() - t0;
        if (s < kazi_s) kazi_s = s;
        eligible_missing = 0;
        t0 = now();
        for (int i = 0; i < n; i += BATCH) {
            size_t m = (size_t)(n - i < BATCH ? n - i : BATCH);
            if (kazi_lua_records_eval(dec, g, "certification", "psw", recs + i, m) < 0) {
                fprintf(stderr, "bench: %s\n", kazi_error_last()->message);
                return 1;
            }
            for (size_t k = 0; k < m; k++) {
                eligible_missing += dec[k].eligible;
                json_decref(dec[k].missing);
            }
        }
        s = now() - t0;
        if (s < missing_s) missing_s = s;
        eligible_modules = 0;
        t0 = now();
        for (int i = 0; i < n; i += BATCH) {
            size_t m = (size_t)(n - i < BATCH ? n - i : BATCH);
            if (kazi_lua_records_count(dec, g, "certification", "psw_h", recs + i, m) < 0) {
                fprintf(stderr, "bench: %s\n", kazi_error_last()->message);
                return 1;
            }
            for (size_t k = 0; k < m; k++)
                eligible_modules += dec[k].eligible;
        }
        s = now() - t0;
        if (s < modules_s) modules_s = s;
        t0 = now();
        lua_pushvalue(L, -1);
        lua_call(L, 0, 1);
        s = now() - t0;
        if (s < plain_s) plain_s = s;
        eligible_plain = (long)lua_tointeger(L, -1);
        lua_pop(L, 1);
    }
    lua_close(L);
    for (int i = 0; i < n; i++) {
        json_decref(ds[i]);
        kazi_record_free(rs[i]);
    }
    free(ds);
    free(rs);
    kazi_lua_gen_unref(g);
    kazi_lua_thread_exit();
    if (eligible_plain != eligible_kazi || eligible_single != eligible_kazi ||
        eligible_missing != eligible_kazi || eligible_modules != eligible_kazi) {
        fprintf(stderr, "bench: the two paths disagree (%ld vs %ld eligible)\n", eligible_kazi,
                eligible_plain);
        return 1;
    }
    double kr = n / kazi_s, pr = n / plain_s;
    printf("rules.kazi %.0f eval/s\n", kr);
    printf("rules.kazi_missing %.0f eval/s\n", n / missing_s);
    printf("rules.kazi_single %.0f eval/s\n", n / single_s);
    printf("rules.plain_lua %.0f eval/s\n", pr);
    printf("rules.ratio %.2f x\n", kr / pr);
    printf("rules.ratio_missing %.2f x\n", (n / missing_s) / pr);
    printf("rules.kazi_modules %.0f eval/s\n", n / modules_s);
    printf("rules.ratio_modules %.2f x\n", (n / modules_s) / pr);
    return 0;
}
