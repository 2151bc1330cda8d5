/* Lua sandbox and limits: every escape attempt fails; loops, allocation, recursion and
 * errors fail only the call, with file and line; the state is rebuilt afterwards;
 * nothing a call does leaks into the next. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "fixture.h"
#include "lua/runtime.h"
#include "util/error.h"
#include "util/log.h"

/* A configuration whose certification "probe" runs the dossier's `code` with the file's
 * own environment, so each attempt runs exactly as a rule would. */
static const char probe_lua[] = KT_LUA_PROBE /* lines 1 to 8 */
    "kazi.certification { id = 'loop', name = 'loop', rule = function(d)\n"
    "  while true do end\n" /* line 10 */
    "end }\n"
    "kazi.certification { id = 'alloc', name = 'alloc', rule = function(d)\n"
    "  local t = {}\n"
    "  for i = 1, 1e12 do t[i] = string.rep('x', 64) .. i end\n" /* line 14 */
    "end }\n"
    "kazi.certification { id = 'recurse', name = 'recurse', rule = function(d)\n"
    "  local function f(n) return 1 + f(n + 1) end\n" /* line 17 */
    "  return f(1)\n"
    "end }\n"
    "kazi.certification { id = 'boom', name = 'boom', rule = function(d)\n"
    "  error('the plugin is broken')\n" /* line 21 */
    "end }\n"
    "kazi.certification { id = 'fine', name = 'fine', rule = function(d)\n"
    "  return d.person.age >= 18, { 'be an adult' }\n"
    "end }\n"
    "kazi.certification { id = 'catcher', name = 'catcher', rule = function(d)\n"
    "  while true do pcall(function() while true do end end) end\n"
    "end }\n"
    "kazi.certification { id = 'coro', name = 'coro', rule = function(d)\n"
    "  local co = coroutine.wrap(function() while true do coroutine.yield() end end)\n"
    "  while true do co() end\n"
    "end }\n"
    "kazi.certification { id = 'declare_late', name = 'late', rule = function(d)\n"
    "  kazi.cadre { id = 'x', name = 'x', group = 'g', level = 1 }\n"
    "end }\n"
    "local stash = {}\n"
    "kazi.certification { id = 'keep', name = 'keep', rule = function(d)\n"
    "  stash[1] = d; stash[2] = d.person; return true, {} end }\n"
    "kazi.certification { id = 'peek', name = 'peek', rule = function(d)\n"
    "  return stash[2].age == 30, {} end }\n"
    /* a kept record read after this call has lent records of its own */
    "kazi.certification { id = 'peek_later', name = 'peek', rule = function(d)\n"
    "  local mine = d.person.age\n"
    "  local ok, age = pcall(function() return stash[2].age end)\n"
    "  local wrote = pcall(function() stash[2].age = 1 end)\n"
    "  return not wrote and (not ok or age == mine) and age ~= 30, {} end }\n";

static kazi_lua_gen *gen;

static int setup(void **state)
{
    (void)state;
    kazi_log_set_level(KAZI_LOG_ERROR + 1);
    kazi_lua_limits limits = {.memory = 8u << 20, .instructions = 2000000};
    gen = kt_lua_gen1("probe.lua", probe_lua, &limits);
    return gen ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    kt_lua_release(gen);
    return 0;
}

/* Run `code` as the body of a rule: returns the rule's verdict (1 eligible, 0 not) or
 * the negative error code. */
static int attempt(const char *code)
{
    json_t *d = json_pack("{s:s,s:{s:i}}", "code", code, "person", "age", 30), *out = NULL;
    int rc = kazi_lua_rule(&out, gen, "certification", "probe", d);
    json_decref(d);
    if (rc < 0) return rc;
    rc = json_is_true(json_object_get(out, "eligible"));
    json_decref(out);
    return rc;
}

/* Each snippet returns true (and an empty list) only if the escape was blocked. */
static void test_sandbox__escape_attempts_fail(void **state)
{
    (void)state;
    static const char *const blocked[] = {
        "return io == nil, {}",
        "return os.execute == nil and os.getenv == nil and os.exit == nil and os.remove == nil, {}",
        "return os.rename == nil and os.tmpname == nil and os.setlocale == nil, {}",
        "return debug == nil, {}",
        "return dofile == nil and loadfile == nil and loadstring == nil, {}",
        "return package == nil, {}",
        "return rawset == nil, {}",
        "return string.dump == nil, {}",
        /* bytecode is refused even with an explicit environment */
        "local f, err = load('\\27LuaT\\0\\25\\147\\r\\n\\26\\n', 'x', 'b', {}) "
        "return f == nil and err:find('binary') ~= nil, {}",
        /* load without an explicit environment is refused */
        "return not pcall(load, 'return 1'), {}",
        /* a function chunk (which could feed bytecode) is refused */
        "return not pcall(load, function() return nil end, 'x', 't', {}), {}",
        "local ok, err = pcall(require, '../../../etc/passwd') "
        "return not ok and err:find('module names') ~= nil, {}",
        "local ok, err = pcall(require, 'io') return not ok and err:find('no lib/io.lua') ~= nil, "
        "{}",
        "local ok = pcall(require, '/etc/passwd') return not ok, {}",
        "return not pcall(setmetatable, string, {}), {}",
        "return not pcall(setmetatable, kazi, {}), {}",
        "return not pcall(setmetatable, _ENV, {}), {}",
        "return not pcall(function() string.upper = nil end), {}",
        "return not pcall(function() kazi.cadre = print end), {}",
        "return not pcall(function() math.floor = nil end), {}",
        "return getmetatable('') == false and getmetatable(string) == false, {}",
        "return not pcall(function() getmetatable('').__index.upper = nil end), {}",
        "return not pcall(collectgarbage, 'stop'), {}",
        /* finalisers run with hooks off, so none may be set */
        "return not pcall(setmetatable, {}, { __gc = function() while true do end end }), {}",
        "local t = setmetatable({}, { __index = { a = 1 } }) return t.a == 1, {}",
        "return not pcall(collectgarbage, 'incremental'), {}",
        "return type(collectgarbage('count')) == 'number', {}",
        /* the raw globals and the registry are out of reach */
        "return _G == _ENV and rawget(_ENV, 'io') == nil, {}",
        "return not pcall(function() leaked_global = 1 end), {}",
        "return not pcall(function() _ENV.x = 1 end), {}",
    };
    for (size_t i = 0; i < sizeof blocked / sizeof blocked[0]; i++) {
        int rc = attempt(blocked[i]);
        if (rc != 1)
            fail_msg("escape not blocked (%d: %s): %s", rc, kazi_error_last()->message, blocked[i]);
    }
}

static void test_sandbox__tampering_does_not_leak_across_calls(void **state)
{
    (void)state;
    /* first call tries every way to change shared behaviour, ignoring failures */
    attempt("pcall(function() getmetatable('').__index.upper = function() return 'pwned' end end) "
            "pcall(function() string.upper = function() return 'pwned' end end) "
            "pcall(function() kazi.today = function() return 'pwned' end end) "
            "pcall(function() leak = 'pwned' end) "
            "pcall(setmetatable, _ENV, {__index = function() return 'pwned' end}) "
            "return true, {}");
    assert_int_equal(attempt("return ('a'):upper() == 'A' and string.upper('b') == 'B' and "
                             "kazi.today() ~= 'pwned' and leak == nil and nothing == nil, {}"),
                     1);
}

static void test_sandbox__dossier_is_read_only(void **state)
{
    (void)state;
    static const char *const blocked[] = {
        ("local d = ... return not pcall(function() d.person.age = 99 end) and d.person.age == 30, "
         "{}"),
        "local d = ... return not pcall(function() d.new = 1 end) and d.new == nil, {}",
        "local d = ... return not pcall(setmetatable, d, {}) and getmetatable(d) == false, {}",
        "local d = ... return not pcall(setmetatable, d.person, {}), {}",
        "local d = ... return type(d) == 'userdata' and d.person.age == 30 and #d.code > 0, {}",
        "local d = ... local n = 0 for k, v in pairs(d) do n = n + 1 end return n == 2, {}",
    };
    for (size_t i = 0; i < sizeof blocked / sizeof blocked[0]; i++) {
        int rc = attempt(blocked[i]);
        if (rc != 1)
            fail_msg("dossier not read-only (%d: %s): %s", rc, kazi_error_last()->message,
                     blocked[i]);
    }
}

static void expect_plugin_error(const char *id, const char *where, const char *words)
{
    json_t *d = json_pack("{s:{s:i}}", "person", "age", 30), *out = NULL;
    assert_int_equal(kazi_lua_rule(&out, gen, "certification", "fine", d),
                     KAZI_OK); /* a live state */
    json_decref(out);
    uint64_t built = kazi_lua_thread_states_built();
    assert_int_equal(kazi_lua_rule(&out, gen, "certification", id, d), KAZI_EPLUGIN);
    const kazi_error *e = kazi_error_last();
    if (!strstr(e->message, where) || !strstr(e->message, words))
        fail_msg("%s: expected '%s' and '%s' in: %s", id, where, words, e->message);
    assert_string_equal(e->field, "probe.lua");
    assert_true(e->line > 0);
    /* the failing state was discarded: the next call builds a new one and works */
    assert_int_equal(kazi_lua_rule(&out, gen, "certification", "fine", d), KAZI_OK);
    assert_true(json_is_true(json_object_get(out, "eligible")));
    assert_string_equal(json_string_value(json_object_get(out, "source")), "test-commit");
    assert_true(kazi_lua_thread_states_built() == built + 1);
    json_decref(out);
    json_decref(d);
}

static void test_limits__infinite_loop_fails_only_that_call(void **state)
{
    (void)state;
    expect_plugin_error("loop", "probe.lua:10:", "instruction budget exceeded");
}

static void test_limits__catching_the_budget_error_does_not_help(void **state)
{
    (void)state;
    expect_plugin_error("catcher", "probe.lua:", "instruction budget exceeded");
    expect_plugin_error("coro", "probe.lua:", "instruction budget exceeded");
}

static void test_limits__unbounded_allocation_fails_only_that_call(void **state)
{
    (void)state;
    expect_plugin_error("alloc", "probe.lua:14:", "memory limit exceeded");
}

static void test_limits__unbounded_recursion_fails_only_that_call(void **state)
{
    (void)state;
    expect_plugin_error("recurse", "probe.lua:17:", "recursion too deep");
}

static void test_limits__error_names_file_and_line(void **state)
{
    (void)state;
    expect_plugin_error("boom", "probe.lua:21:", "the plugin is broken");
}

static void test_limits__declarations_only_while_loading(void **state)
{
    (void)state;
    expect_plugin_error("declare_late", "probe.lua:", "only be used while the configuration loads");
}

static void test_sandbox__a_kept_dossier_cannot_be_read_after_its_call(void **state)
{
    (void)state;
    /* keeping it is refused: a file-level table is read-only once the configuration has
     * loaded (and a file-level local is put back after the call) */
    json_t *d = json_pack("{s:{s:i}}", "person", "age", 30), *out;
    assert_int_equal(kazi_lua_rule(&out, gen, "certification", "keep", d), KAZI_EPLUGIN);
    assert_non_null(strstr(kazi_error_last()->message, "probe.lua:38:"));
    assert_non_null(strstr(kazi_error_last()->message, "read-only"));
    json_decref(d);
    /* so a later call finds nothing kept: never an earlier call's record, never writable */
    d = json_pack("{s:{s:i}}", "person", "age", 31);
    assert_int_equal(kazi_lua_rule(&out, gen, "certification", "peek_later", d), KAZI_OK);
    assert_true(json_is_true(json_object_get(out, "eligible")));
    json_decref(out);
    json_decref(d);
}

/* Date rules call os.time{...}; with TZ unset glibc re-reads /etc/localtime on every
 * call. The runtime pins TZ (keeping the same zone) before the first state, and the
 * conversion still agrees with the C library's local time. */
static void test_sandbox__timezone_is_loaded_once_and_kept(void **state)
{
    (void)state;
    assert_non_null(getenv("TZ"));
    struct tm tm = {.tm_year = 126, .tm_mon = 0, .tm_mday = 15, .tm_hour = 12, .tm_isdst = -1};
    char code[200];
    snprintf(code, sizeof code,
             "return os.time{ year = 2026, month = 1, day = 15, hour = 12 } == %lld, {}",
             (long long)mktime(&tm));
    assert_int_equal(attempt(code), 1);
}

static void test_limits__state_is_reused_between_calls(void **state)
{
    (void)state;
    json_t *d = json_pack("{s:{s:i}}", "person", "age", 10), *out = NULL;
    assert_int_equal(kazi_lua_rule(&out, gen, "certification", "fine", d), KAZI_OK);
    json_decref(out);
    uint64_t built = kazi_lua_thread_states_built();
    for (int i = 0; i < 50; i++) {
        assert_int_equal(kazi_lua_rule(&out, gen, "certification", "fine", d), KAZI_OK);
        assert_false(json_is_true(json_object_get(out, "eligible")));
        assert_string_equal(json_string_value(json_array_get(json_object_get(out, "missing"), 0)),
                            "be an adult");
        json_decref(out);
    }
    assert_true(kazi_lua_thread_states_built() == built);
    json_decref(d);
}

/* The impact preview asks a live and a candidate version in turn, rule after rule: each
 * keeps its own state on this thread, so alternating builds no new state. */
static void test_limits__two_versions_in_turn_keep_their_states(void **state)
{
    (void)state;
    kazi_lua_gen *other =
        kt_lua_gen1("other.lua",
                    "kazi.certification { id = 'fine', name = 'fine', rule = function(d)\n"
                    "  return d.person.age >= 5, { 'be five' }\n"
                    "end }\n",
                    NULL);
    assert_non_null(other);
    json_t *d = json_pack("{s:{s:i}}", "person", "age", 10), *out = NULL;
    kazi_lua_gen *both[] = {gen, other};
    for (int g = 0; g < 2; g++) { /* each version's state built once */
        assert_int_equal(kazi_lua_rule(&out, both[g], "certification", "fine", d), KAZI_OK);
        json_decref(out);
    }
    uint64_t built = kazi_lua_thread_states_built();
    for (int i = 0; i < 20; i++) {
        assert_int_equal(kazi_lua_rule(&out, both[i % 2], "certification", "fine", d), KAZI_OK);
        /* each version answers with its own rule */
        assert_int_equal(json_is_true(json_object_get(out, "eligible")), i % 2);
        json_decref(out);
    }
    assert_true(kazi_lua_thread_states_built() == built);
    json_decref(d);
    kazi_lua_gen_unref(other);
}

static void test_limits__configurable_budget_applies_to_loading(void **state)
{
    (void)state;
    kazi_lua_limits tight = {
        .memory = 4u << 20, .instructions = 10000, .load_instructions = 100000};
    assert_null(kt_lua_gen1("slow.lua", "local x = 0\nfor i = 1, 1e9 do x = x + i end\n", &tight));
    assert_int_equal(kazi_error_last()->code, KAZI_EPLUGIN);
    assert_non_null(strstr(kazi_error_last()->message, "slow.lua:2: instruction budget exceeded"));
    assert_null(kt_lua_gen1("big.lua", "local s = string.rep('x', 8 * 1024 * 1024)\n", &tight));
    assert_non_null(strstr(kazi_error_last()->message, "memory limit exceeded"));
}

static void test_load__syntax_and_runtime_errors_name_file_and_line(void **state)
{
    (void)state;
    assert_null(kt_lua_gen1("cadres.lua",
                            "kazi.group{ id='g', name='G' }\n\nkazi.cadre {\n id = 'psw'\n", NULL));
    assert_non_null(strstr(kazi_error_last()->message, "cadres.lua:"));
    assert_null(kt_lua_gen1("x.lua", "local a = nil\nlocal b = a.field\n", NULL));
    assert_non_null(strstr(kazi_error_last()->message, "x.lua:2:"));
    assert_int_equal(kazi_error_last()->line, 2);
    assert_null(kt_lua_gen1("bin.lua", "\x1bLua\x54\x00", NULL));
    assert_int_equal(kazi_error_last()->code, KAZI_EPLUGIN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sandbox__escape_attempts_fail),
        cmocka_unit_test(test_sandbox__tampering_does_not_leak_across_calls),
        cmocka_unit_test(test_sandbox__dossier_is_read_only),
        cmocka_unit_test(test_sandbox__a_kept_dossier_cannot_be_read_after_its_call),
        cmocka_unit_test(test_limits__infinite_loop_fails_only_that_call),
        cmocka_unit_test(test_limits__catching_the_budget_error_does_not_help),
        cmocka_unit_test(test_limits__unbounded_allocation_fails_only_that_call),
        cmocka_unit_test(test_limits__unbounded_recursion_fails_only_that_call),
        cmocka_unit_test(test_limits__error_names_file_and_line),
        cmocka_unit_test(test_limits__declarations_only_while_loading),
        cmocka_unit_test(test_limits__state_is_reused_between_calls),
        cmocka_unit_test(test_sandbox__timezone_is_loaded_once_and_kept),
        cmocka_unit_test(test_limits__two_versions_in_turn_keep_their_states),
        cmocka_unit_test(test_limits__configurable_budget_applies_to_loading),
        cmocka_unit_test(test_load__syntax_and_runtime_errors_name_file_and_line),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
