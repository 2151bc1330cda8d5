/* Plugin errors never escape the sandbox, and time limits hold inside C: an error
 * value whose metamethods loop or fail, a result that is cyclic or explodes when
 * converted, and C functions that run long (backtracking patterns, rep, gsub, concat,
 * sort, move) each fail only their call, with a clear message, within the call's
 * time limit; the state is rebuilt and the next call works. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fixture.h"
#include "lua/internal.h" /* the panic handler's recovery point */
#include "lua/runtime.h"
#include "util/error.h"
#include "util/log.h"

/* The rule runs the dossier's `code` with the file's own environment. */
static const char probe_lua[] = KT_LUA_PROBE /* lines 1 to 8 */
    "kazi.test('eq of tables that refuse to print', function(t)\n"
    "  local a = setmetatable({}, { __tostring = function() while true do end end })\n"
    "  local b = setmetatable({}, { __tostring = function() error('no') end })\n"
    "  t.eq(a, b)\n"
    "end)\n";

/* TIME_MS is the per-call time limit of these tests; the instruction budget is made
 * so large that only the deadline can stop a call. BOUND_MS is the liveness bound the
 * tests assert: the limit plus generous slack for a loaded CI machine and sanitizers
 * (the promise in docs/plugins.md is the limit plus at most a few hundred ms). */
#define TIME_MS  300
#define BOUND_MS 6000

static kazi_lua_gen *gen;   /* budget: only the deadline stops a call */
static kazi_lua_gen *tight; /* a small instruction budget, as the default is small */

static int setup(void **state)
{
    (void)state;
    kazi_log_set_level(KAZI_LOG_ERROR + 1);
    kazi_lua_limits l = {.memory = 64u << 20, .instructions = 4000000000, .time_ms = TIME_MS};
    gen = kt_lua_gen1("probe.lua", probe_lua, &l);
    kazi_lua_limits t = {.memory = 16u << 20, .instructions = 2000000};
    tight = kt_lua_gen1("probe.lua", probe_lua, &t);
    return gen && tight ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    kazi_lua_gen_unref(gen);
    kt_lua_release(tight);
    return 0;
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Run `code` as a rule of g: the return code; *ms the time it took. */
static int run(kazi_lua_gen *g, const char *code, int64_t *ms, json_t **out)
{
    json_t *d = json_pack("{s:s,s:{s:i}}", "code", code, "person", "age", 30);
    int64_t t0 = now_ms();
    *out = NULL;
    int rc = kazi_lua_rule(out, g, "certification", "probe", d);
    *ms = now_ms() - t0;
    json_decref(d);
    return rc;
}

/* The call fails with KAZI_EPLUGIN, a message containing `words`, within BOUND_MS;
 * then the (rebuilt) state answers a normal call. */
static void expect_fails_either(kazi_lua_gen *g, const char *code, const char *words,
                                const char *or_words)
{
    int64_t ms;
    json_t *out;
    int rc = run(g, code, &ms, &out);
    json_decref(out);
    if (rc != KAZI_EPLUGIN)
        fail_msg("expected a plugin error, got %d (%s) for: %s", rc,
                 rc < 0 ? kazi_error_last()->message : "ok", code);
    const char *msg = kazi_error_last()->message;
    if (!strstr(msg, words) && !strstr(msg, or_words))
        fail_msg("expected '%s' in: %s (for: %s)", words, msg, code);
    if (ms > BOUND_MS) fail_msg("took %lld ms (bound %d): %s", (long long)ms, BOUND_MS, code);
    rc = run(g, "return true, {}", &ms, &out);
    assert_int_equal(rc, KAZI_OK);
    json_decref(out);
}

static void expect_fails(kazi_lua_gen *g, const char *code, const char *words)
{
    expect_fails_either(g, code, words, words);
}

/* ---- point 2: error values and results that would run plugin code ------------------ */

static void test_guard__error_objects_with_hostile_metamethods(void **state)
{
    (void)state;
    static const char *const metas[] = {
        "{ __index = function() while true do end end }",
        "{ __index = function() error('index fails') end }",
        "{ __tostring = function() while true do end end }",
        "{ __tostring = function() error('tostring fails') end }",
        "{ __tostring = function() return {} end }",
        "{ __name = 'fake', __tostring = function() return 1 end }",
        "{ __eq = function() while true do end end, __len = function() while true do end end }",
        "{ __concat = function() error('concat fails') end, __index = function() return 1 end }",
        "{ __index = setmetatable({}, { __index = function() while true do end end }) }",
    };
    for (size_t i = 0; i < sizeof metas / sizeof metas[0]; i++) {
        char code[400];
        snprintf(code, sizeof code, "error(setmetatable({}, %s))", metas[i]);
        expect_fails(gen, code, "attempt):1: error object is a table value");
        expect_fails(tight, code, "attempt):1: error object is a table value");
    }
    /* other non-string error values: plain text, never a metamethod */
    expect_fails(tight, "error(nil)", "error object is a nil value");
    expect_fails(tight, "error(42)", "attempt):1: 42");
    expect_fails(tight, "error(function() end)", "error object is a function value");
    /* a structured error keeps its message (read raw) */
    expect_fails(tight, "error({ field = 'x', message = 'plain words' })", "plain words");
}

static void test_guard__close_and_gc_metamethods_stay_in_the_budget(void **state)
{
    (void)state;
    /* __close runs while the error unwinds: inside the call, so under its limits */
    expect_fails(tight,
                 "local x <close> = setmetatable({}, { __close = function() while true do end "
                 "end }) error('boom')",
                 "budget exceeded");
    expect_fails(gen,
                 "local x <close> = setmetatable({}, { __close = function() while true do end "
                 "end }) return true, {}",
                 "time limit exceeded");
    /* __gc given to a metatable after setmetatable never makes a finaliser (Lua marks an
     * object for finalisation only in setmetatable, which refuses __gc) */
    int64_t ms;
    json_t *out;
    assert_int_equal(run(tight,
                         "local mt = {} local t = setmetatable({}, mt) "
                         "mt.__gc = function() while true do end end "
                         "t = nil collectgarbage() collectgarbage() return true, {}",
                         &ms, &out),
                     KAZI_OK);
    json_decref(out);
    expect_fails(tight, "setmetatable({}, { __gc = false })", "finalisers (__gc) are not allowed");
}

static void test_guard__results_that_explode_when_converted(void **state)
{
    (void)state;
    /* a cycle, and a table sharing one subtable 2^40 times (exponential when converted) */
    expect_fails(tight, "local t = {} t[1] = t return true, { t }",
                 "missing[1] must be text (or names per language): table nested too deeply");
    /* a million values converted, or the time limit on a loaded machine: either way
     * a clean error, soon */
    expect_fails_either(tight, "local t = {} for i = 1, 40 do t = { t, t } end return true, { t }",
                        "missing[1]", "time limit exceeded");
    expect_fails_either(gen, "local t = {} for i = 1, 40 do t = { t, t } end return true, { t }",
                        "missing[1]", "time limit exceeded");
    /* the same in a declaration, converted while loading (raises with the reason) */
    kazi_lua_limits l = {.memory = 16u << 20};
    int64_t t0 = now_ms();
    assert_null(kt_lua_gen1(
        "probe.lua",
        "local t = {} for i = 1, 40 do t = { t, t } end\n"
        "kazi.job { cadre = 'c', purpose = 'p', functions = { 'f' }, supervision = t }\n",
        &l));
    assert_true(now_ms() - t0 < BOUND_MS);
    if (!strstr(kazi_error_last()->message, "probe.lua:2: table too large to convert"))
        fail_msg("message: %s", kazi_error_last()->message);
    assert_null(
        kt_lua_gen1("probe.lua",
                    "local t = {} t.t = t\nkazi.job { cadre = 'c', purpose = 'p', functions = { "
                    "'f' }, supervision = t }\n",
                    &l));
    if (!strstr(kazi_error_last()->message, "probe.lua:2: table nested too deeply"))
        fail_msg("message: %s", kazi_error_last()->message);
}

static void test_guard__test_assertions_never_run_tostring(void **state)
{
    (void)state;
    json_t *out = NULL;
    int nfailed = 0;
    int64_t t0 = now_ms();
    assert_int_equal(kazi_lua_run_tests(&out, &nfailed, tight), KAZI_OK);
    assert_true(now_ms() - t0 < BOUND_MS);
    assert_int_equal(nfailed, 1);
    const char *err = json_string_value(json_object_get(json_array_get(out, 0), "error"));
    assert_non_null(err);
    if (!strstr(err, "expected a table, got a table")) fail_msg("message: %s", err);
    json_decref(out);
}

/* ---- point 3: time limits that hold inside C ---------------------------------------- */

static void test_guard__backtracking_pattern(void **state)
{
    (void)state;
    /* exponential backtracking inside one string.find: the matcher counts its steps */
    static const char find[] = "return string.find(('a'):rep(40), ('a*'):rep(20) .. 'b'), {}";
    expect_fails(gen, find, "time limit exceeded");
    expect_fails(tight, find, "instruction budget exceeded");
    expect_fails(gen, "return (('a'):rep(40)):match(('a-'):rep(20) .. 'b'), {}",
                 "time limit exceeded");
    expect_fails(gen, "for w in (('a'):rep(40)):gmatch(('a?'):rep(30) .. 'b') do end",
                 "time limit exceeded");
    /* caught with pcall, the next pattern call fails again at once */
    expect_fails(gen, "while true do pcall(string.find, ('a'):rep(40), ('a*'):rep(20) .. 'b') end",
                 "time limit exceeded");
}

static void test_guard__rep(void **state)
{
    (void)state;
    /* Lua's rep loops n times even for an empty result */
    int64_t ms;
    json_t *out;
    assert_int_equal(run(gen,
                         "return ('').rep('', 1 << 62) == '' and ('x'):rep(3, ',') == 'x,x,x', {}",
                         &ms, &out),
                     KAZI_OK);
    assert_true(json_is_true(json_object_get(out, "eligible")));
    assert_true(ms < BOUND_MS);
    json_decref(out);
    expect_fails(gen, "local s = ('x'):rep(1 << 40)", "memory limit exceeded");
    /* refused by the allocator before the count hook ever ran: the error still names
     * the plugin file (the called function's own line), never "?" */
    assert_int_equal(run(gen, "local s = ('x'):rep(1 << 40)", &ms, &out), KAZI_EPLUGIN);
    assert_string_equal(kazi_error_last()->field, "probe.lua");
    assert_true(strncmp(kazi_error_last()->message, "probe.lua:", 10) == 0);
    /* each call allocates: the allocator reads the deadline */
    expect_fails(gen, "while true do local s = ('x'):rep(4000000) end", "time limit exceeded");
}

static void test_guard__gsub(void **state)
{
    (void)state;
    expect_fails(gen, "local s = ('a'):rep(30) return s:gsub(('a*'):rep(15) .. 'b', ''), {}",
                 "time limit exceeded");
    expect_fails(gen, "local s = ('ab'):rep(500000) while true do s:gsub('a', 'c') end",
                 "time limit exceeded");
}

static void test_guard__concat_and_linear_functions(void **state)
{
    (void)state;
    expect_fails(gen,
                 "local t = {} for i = 1, 1000000 do t[i] = '' end "
                 "while true do table.concat(t) end",
                 "time limit exceeded");
    expect_fails(gen, "local s = ('\\u{e9}'):rep(4000000) while true do utf8.len(s) end",
                 "time limit exceeded");
    expect_fails(gen, "table.move({}, 1, 1 << 50, 1, {})", "time limit exceeded");
    expect_fails(tight, "table.move({}, 1, 1 << 50, 1, {})", "instruction budget exceeded");
}

static void test_guard__c_work_that_allocates(void **state)
{
    (void)state;
    /* compiling a chunk is one C call that allocates as it goes (a 200,000-line chunk
     * takes about 50 ms): a loop of them runs a few instructions per compile, so the
     * count hook alone would read the deadline only after hundreds of compiles; the
     * allocator reads it, and refuses to grow past it */
    expect_fails(gen,
                 "local src = ('x = {1, 2, 3} '):rep(200000) "
                 "while true do local f = load(src, 'big', 't', {}) end",
                 "time limit exceeded");
}

static void test_guard__sort(void **state)
{
    (void)state;
    /* a plugin comparator: the hook runs in it */
    expect_fails(gen,
                 "local t = {} for i = 1, 200000 do t[i] = i end "
                 "table.sort(t, function(a, b) for k = 1, 100 do end return a > b end)",
                 "time limit exceeded");
    /* Lua's own comparison: each one is charged, and the deadline read */
    expect_fails(gen,
                 "local t = {} for i = 1, 1000000 do t[i] = i end "
                 "while true do table.sort(t) end",
                 "time limit exceeded");
    /* sorting still sorts */
    int64_t ms;
    json_t *out;
    assert_int_equal(run(tight,
                         "local t = { 3, 1, 2 } table.sort(t) local u = { 'b', 'c', 'a' } "
                         "table.sort(u, function(a, b) return a > b end) "
                         "return t[1] == 1 and t[3] == 3 and u[1] == 'c' and u[3] == 'a', {}",
                         &ms, &out),
                     KAZI_OK);
    assert_true(json_is_true(json_object_get(out, "eligible")));
    json_decref(out);
}

static void test_guard__big_strings_in_vm_instructions(void **state)
{
    (void)state;
    /* one piece is at most a quarter of the memory cap, so a single comparison or
     * concatenation stays short, and the hook's deadline check comes soon enough */
    expect_fails(gen, "local s = ('a'):rep(8000000) while true do local _ = s < s .. '' end",
                 "limit exceeded");
    expect_fails(gen, "local s = ('a'):rep(20000000)", "memory limit exceeded");
}

static void test_guard__loading_has_a_time_limit(void **state)
{
    (void)state;
    kazi_lua_limits l = {.memory = 64u << 20,
                         .instructions = 4000000000,
                         .load_instructions = 4000000000,
                         .load_time_ms = TIME_MS};
    int64_t t0 = now_ms();
    assert_null(
        kt_lua_gen1("probe.lua", "local s = ('a'):rep(40) s:find(('a*'):rep(20) .. 'b')\n", &l));
    assert_true(now_ms() - t0 < BOUND_MS);
    if (!strstr(kazi_error_last()->message, "probe.lua:1: time limit exceeded"))
        fail_msg("message: %s", kazi_error_last()->message);
}

static void test_guard__a_batch_has_its_own_limit(void **state)
{
    (void)state;
    /* each dossier spends 100 ms of CPU (under its own limit, 2 s); ten of them
     * pass the batch's 1 s limit, and the batch ends there */
    static const char rule[] =
        "kazi.certification { id = 'slow', name = 'slow', rule = function(d)\n"
        "  local t0 = os.clock() while os.clock() - t0 < 0.1 do end\n"
        "  return true, {} end }\n";
    kazi_lua_limits l = {
        .memory = 16u << 20, .instructions = 4000000000, .time_ms = 2000, .batch_time_ms = 1000};
    kazi_lua_gen *g = kt_lua_gen1("probe.lua", rule, &l);
    assert_non_null(g);
    json_t *d[10];
    kazi_lua_decision out[10];
    for (int i = 0; i < 10; i++)
        d[i] = json_pack("{s:i}", "n", i);
    int rc = kazi_lua_rules_count(out, g, "certification", "slow", d, 2);
    if (rc != KAZI_OK) fail_msg("two dossiers: %s", kazi_error_last()->message); /* two fit */
    for (int i = 0; i < 2; i++) /* under heavy load even these may have run out of time */
        json_decref(out[i].error);
    int64_t t0 = now_ms();
    rc = kazi_lua_rules_count(out, g, "certification", "slow", d, 10);
    int64_t ms = now_ms() - t0;
    /* the batch answers; the dossiers it had no time left for say so in their own item
     * (a rule error stays in its item), the earlier ones are decided */
    if (rc != KAZI_OK) fail_msg("ten dossiers: %s", kazi_error_last()->message);
    assert_true(ms < BOUND_MS);
    /* every item is decided or says it had no time left (on a quiet machine the first
     * ones are decided; under heavy load even the first may not fit in the batch) */
    for (int i = 0; i < 10; i++) {
        if (!out[i].error) {
            assert_true(out[i].eligible);
            continue;
        }
        const char *m = json_string_value(json_object_get(out[i].error, "message"));
        if (!m || !strstr(m, "time limit exceeded (the plugin ran longer than 1000 ms)"))
            fail_msg("item %d: %s", i, m ? m : "(none)");
    }
    assert_non_null(out[9].error);
    for (int i = 0; i < 10; i++) {
        json_decref(out[i].error);
        json_decref(d[i]);
    }
    kazi_lua_gen_unref(g);
}

/* ---- the watch: rule items run without the count hook -------------------------------- */

/* Evaluate one batch of the probe rule over `codes` (NULL-ended) on g: every item is
 * either eligible or fails with `words` (or `or_words`) in its own error; returns how
 * many failed. The batch as a whole answers. */
static int batch_of(kazi_lua_gen *g, const char *const *codes, const char *words,
                    const char *or_words)
{
    json_t *d[16];
    kazi_lua_decision out[16];
    size_t n = 0;
    while (codes[n] && n < 16) {
        d[n] = json_pack("{s:s}", "code", codes[n]);
        n++;
    }
    int64_t t0 = now_ms();
    int rc = kazi_lua_rules_count(out, g, "certification", "probe", d, n);
    int64_t ms = now_ms() - t0;
    if (rc != KAZI_OK) fail_msg("the batch: %s", kazi_error_last()->message);
    int failed = 0;
    for (size_t i = 0; i < n; i++) {
        if (out[i].error) {
            const char *m = json_string_value(json_object_get(out[i].error, "message"));
            if (!m || (!strstr(m, words) && !strstr(m, or_words)))
                fail_msg("item %zu (%s): %s", i, codes[i], m ? m : "(none)");
            failed++;
        } else if (!out[i].eligible) {
            fail_msg("item %zu (%s) neither eligible nor failed", i, codes[i]);
        }
        json_decref(out[i].error);
        json_decref(d[i]);
    }
    if (ms > (int64_t)n * BOUND_MS) fail_msg("the batch took %lld ms", (long long)ms);
    return failed;
}

/* The dossiers of a rule batch run with no hook (Lua then checks no hook on every
 * instruction); a per-thread timer sets the count hook on a dossier still running two
 * ticks on, so a rule that loops is stopped as before: a loop with no function call in
 * it, a loop that catches the budget error, a loop in a coroutine, a loop of string
 * work, deep recursion. The dossiers around them answer, unhooked. */
static const char *const hostile[] = {
    "return true, {}",
    "while true do end",
    "return true, {}",
    "while true do pcall(function() while true do end end) end",
    "local co = coroutine.wrap(function() while true do end end) co()",
    "local co = coroutine.create(function() local n = 0 while true do n = n + 1 end end)\n"
    "local ok, err = coroutine.resume(co) error(err)", /* the coroutine's own error */
    "local s = ('ab'):rep(2000) while true do s = s:gsub('a', 'a'):rep(1) end",
    "local function f(n) return 1 + f(n + 1) end return f(1)",
    "return true, {}",
    NULL};

static void test_guard__rule_items_run_unhooked_and_loops_still_stop(void **state)
{
    (void)state;
    uint64_t unhooked0, counted0, unhooked, counted;
    kazi_lua_thread_watch_counts(&unhooked0, &counted0);
    /* the small budget: each loop ends in "instruction budget exceeded" once counted */
    int failed = batch_of(tight, hostile, "instruction budget exceeded", "recursion too deep");
    assert_int_equal(failed, 6);
    kazi_lua_thread_watch_counts(&unhooked, &counted);
    assert_int_equal(unhooked - unhooked0, 9); /* every dossier started unhooked */
    /* the two plain loops and the recursion could only be stopped once the watch
     * counted them (a tick, the allocator); the coroutines count themselves from their
     * first instruction, and the gsub loop may spend its budget in the matcher first */
    assert_true(counted - counted0 >= 3);
    /* only the deadline: each loop ends at the time limit */
    failed = batch_of(gen, hostile, "time limit exceeded", "recursion too deep");
    assert_int_equal(failed, 6);
    /* and a quiet batch after them is still unhooked */
    static const char *const quiet[] = {"return true, {}", "return #(...).code > 0, {}", NULL};
    kazi_lua_thread_watch_counts(&unhooked0, &counted0);
    assert_int_equal(batch_of(tight, quiet, "-", "-"), 0);
    kazi_lua_thread_watch_counts(&unhooked, &counted);
    assert_int_equal(unhooked - unhooked0, 2);
}

/* Each thread has its own watch: a rule batch on another thread is stopped there. */
static void *batch_thread(void *arg)
{
    (void)arg;
    static const char *const loops[] = {"while true do end", "return true, {}", NULL};
    int *failed = malloc(sizeof *failed);
    *failed = batch_of(tight, loops, "instruction budget exceeded", "-");
    kazi_lua_thread_exit();
    return failed;
}

static void test_guard__each_thread_has_its_own_watch(void **state)
{
    (void)state;
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, batch_thread, NULL), 0);
    void *failed;
    assert_int_equal(pthread_join(t, &failed), 0);
    assert_int_equal(*(int *)failed, 1);
    free(failed);
}

/* A configuration that asks for an exact budget (the demo generator, whose answers must
 * not depend on the machine) counts every dossier from its first instruction: a rule
 * just over its budget fails however fast the machine. */
static void test_guard__an_exact_budget_counts_from_the_first_instruction(void **state)
{
    (void)state;
    kazi_lua_limits l = {.memory = 16u << 20, .instructions = 2000000, .exact_budget = 1};
    kazi_lua_gen *g = kt_lua_gen1("probe.lua", probe_lua, &l);
    assert_non_null(g);
    static const char *const codes[] = {
        "return true, {}", "local n = 0 for i = 1, 1500000 do n = n + i end return true, {}",
        "return true, {}", NULL};
    uint64_t unhooked0, counted0, unhooked, counted;
    kazi_lua_thread_watch_counts(&unhooked0, &counted0);
    assert_int_equal(batch_of(g, codes, "instruction budget exceeded", "-"), 1);
    kazi_lua_thread_watch_counts(&unhooked, &counted);
    assert_int_equal(unhooked - unhooked0, 0);
    kazi_lua_gen_unref(g);
}

/* An error outside every protected call reaches the panic handler: it jumps back to
 * the running call's recovery point and marks the state broken (Lua's default would
 * abort the process), and a broken state refuses every further call. */
static int raise_outside(lua_State *L)
{
    (void)L;
    return 0;
}

static void test_guard__panic_never_aborts(void **state)
{
    (void)state;
    kazi_lstate *ls = calloc(1, sizeof *ls);
    ls->mem_limit = 8u << 20;
    ls->max_instructions = 1000000;
    lua_State *L = kazi_sandbox_new(ls);
    assert_non_null(L);
    jmp_buf recover;
    volatile int jumped = 0;
    ls->recover = &recover;
    if (setjmp(recover) == 0) {
        lua_pushliteral(L, "an error no pcall catches");
        lua_error(L); /* unprotected: Lua calls the panic handler */
    } else {
        jumped = 1;
    }
    ls->recover = NULL;
    assert_true(jumped);
    assert_true(ls->broken);
    lua_settop(L, 0);
    lua_pushcfunction(L, raise_outside);
    assert_int_equal(kazi_sandbox_call(L, 0, 0), KAZI_EPLUGIN);
    assert_non_null(strstr(kazi_error_last()->message, "failed earlier"));
    kazi_sandbox_close(L);
    free(ls);
}

/* The state's allocator keeps small freed pieces for reuse (what a rule makes and
 * drops for every dossier): the memory cap still counts exactly what Lua holds, what
 * is kept stays bounded however much was freed, kept pieces are handed out again, and
 * closing the state frees them (LeakSanitizer checks this under -DKAZI_SANITIZE=ON). */
static void test_guard__small_pieces_are_reused_and_bounded(void **state)
{
    (void)state;
    kazi_lstate *ls = calloc(1, sizeof *ls);
    ls->mem_limit = 64u << 20;
    ls->max_instructions = 1000000000;
    lua_State *L = kazi_sandbox_new(ls);
    assert_non_null(L);
    lua_gc(L, LUA_GCCOLLECT);
    size_t base = ls->mem_used;
    /* about 10 MB of small tables, then dropped */
    static const char make[] = "local t = {} for i = 1, 150000 do t[i] = { i } end return #t";
    for (int round = 0; round < 2; round++) {
        assert_int_equal(luaL_loadstring(L, make), LUA_OK);
        assert_int_equal(lua_pcall(L, 0, 1, 0), LUA_OK);
        assert_int_equal(lua_tointeger(L, -1), 150000);
        assert_true(ls->mem_used > base + (4u << 20)); /* counted while held */
        lua_settop(L, 0);
        lua_gc(L, LUA_GCCOLLECT);
        lua_gc(L, LUA_GCCOLLECT);
        /* freed: counted back to where it was, and at most 4 MiB kept */
        assert_true(ls->mem_used < base + (256u << 10));
        assert_true(ls->small_kept > 0);
        assert_true(ls->small_kept <= (4u << 20) + 256);
    }
    /* kept pieces are handed out first */
    size_t kept = ls->small_kept;
    assert_int_equal(luaL_loadstring(L, "local t = {} for i = 1, 1000 do t[i] = { i } end"),
                     LUA_OK);
    assert_int_equal(lua_pcall(L, 0, 0, 0), LUA_OK);
    assert_true(ls->small_kept < kept);
    kazi_sandbox_close(L);
    assert_int_equal(ls->small_kept, 0);
    for (size_t c = 0; c < sizeof ls->small / sizeof ls->small[0]; c++)
        assert_null(ls->small[c]);
    free(ls);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_guard__error_objects_with_hostile_metamethods),
        cmocka_unit_test(test_guard__close_and_gc_metamethods_stay_in_the_budget),
        cmocka_unit_test(test_guard__results_that_explode_when_converted),
        cmocka_unit_test(test_guard__test_assertions_never_run_tostring),
        cmocka_unit_test(test_guard__backtracking_pattern),
        cmocka_unit_test(test_guard__rep),
        cmocka_unit_test(test_guard__gsub),
        cmocka_unit_test(test_guard__concat_and_linear_functions),
        cmocka_unit_test(test_guard__c_work_that_allocates),
        cmocka_unit_test(test_guard__sort),
        cmocka_unit_test(test_guard__big_strings_in_vm_instructions),
        cmocka_unit_test(test_guard__loading_has_a_time_limit),
        cmocka_unit_test(test_guard__a_batch_has_its_own_limit),
        cmocka_unit_test(test_guard__rule_items_run_unhooked_and_loops_still_stop),
        cmocka_unit_test(test_guard__each_thread_has_its_own_watch),
        cmocka_unit_test(test_guard__an_exact_budget_counts_from_the_first_instruction),
        cmocka_unit_test(test_guard__panic_never_aborts),
        cmocka_unit_test(test_guard__small_pieces_are_reused_and_bounded),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
