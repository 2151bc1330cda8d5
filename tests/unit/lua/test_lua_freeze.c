/* Nothing carries from one call to the next, no file changes what another sees, and a
 * rule error stays in its item (issue 13, points 4 and 5): file-level locals are put
 * back after every call (every dossier of a batch), module tables and everything a rule
 * reaches are read-only after loading (rawset does not exist; next, rawget, pairs and
 * metatables still read them), a module is read-only from the moment its require
 * returns, and a rule failing for one dossier is that dossier's error while the others
 * answer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "domain/catalogue.h"
#include "fixture.h"
#include "lua/runtime.h"
#include "util/error.h"
#include "util/log.h"

/* A module with data, a class (a table used as a metatable) and a file-level local. */
static const char module_lua[] =
    "local M = {}\n"
    "M.order = { 'primary', 'secondary' }\n"
    "local strict = true\n"
    "function M.lenient() strict = false end\n"
    "function M.strict() return strict end\n"
    "function M.completed(d) return false end\n"
    "local Gap = {}\n"
    "Gap.__index = Gap\n"
    "function Gap:need(ok, words) if not ok then self.missing[#self.missing + 1] = words end end\n"
    "function Gap:result() return #self.missing == 0, self.missing end\n"
    "function M.gap() return setmetatable({ missing = {} }, Gap) end\n"
    "return M\n";

static const char rules_lua[] =
    "local M = require 'm'\n"
    "local last\n"
    "local seen = {}\n"
    "counter = 0\n"
    "kazi.certification { id = 'remember', name = 'remember', rule = function(d)\n"
    "  local before = last\n"
    "  last = d.person.family_name\n"
    "  return false, { before or 'nobody' }\n"
    "end }\n"
    "kazi.certification { id = 'collect', name = 'collect', rule = function(d)\n"
    "  seen[#seen + 1] = d.person.family_name\n" /* line 11 */
    "  return false, seen\n"
    "end }\n"
    "kazi.certification { id = 'count', name = 'count', rule = function(d)\n"
    "  counter = counter + 1\n" /* line 15 */
    "  return false, {}\n"
    "end }\n"
    "kazi.certification { id = 'hijack', name = 'hijack', rule = function(d)\n"
    "  M.gap = function() return { result = function() return true, {} end } end\n" /* 19 */
    "end }\n"
    "kazi.certification { id = 'class', name = 'class', rule = function(d)\n"
    "  getmetatable(M.gap()).result = function() return true, {} end\n" /* line 22 */
    "end }\n"
    "kazi.certification { id = 'honest', name = 'honest', rule = function(d)\n"
    "  local gap = M.gap()\n"
    "  gap:need(M.completed(d), 'the course')\n"
    "  return gap:result()\n"
    "end }\n"
    "kazi.certification { id = 'reads', name = 'reads', rule = function(d)\n"
    "  local n = 0 for _ in pairs(M) do n = n + 1 end\n"
    "  local ok = n == 5 and next(M) ~= nil and rawget(M, 'order') == M.order\n"
    "    and #M.order == 2 and rawlen(M.order) == 2 and table.concat(M.order, ',') == "
    "'primary,secondary'\n"
    "    and rawget == rawget and rawset == nil and getmetatable(M) == nil\n"
    "    and not pcall(table.insert, M.order, 'x') and not pcall(setmetatable, M, {})\n"
    "    and not pcall(table.sort, M.order, function(a, b) return a > b end)\n"
    "    and not pcall(function() getmetatable('').__index.upper = nil end)\n"
    "    and getmetatable(M.gap()).__index == getmetatable(M.gap())\n"
    "    and rawequal(select(2, pairs(M)), M) and not pcall(function() select(2, pairs(M)).gap = 1 "
    "end)\n"
    "  return ok, { ok and 'read' or 'broken' }\n"
    "end }\n"
    "kazi.certification { id = 'const', name = 'const', rule = function(d) return false, M.order "
    "end }\n"
    "kazi.certification { id = 'hours', name = 'hours', rule = function(d)\n"
    "  return d.supervised_hours >= 40, { ('40 hours (has %d)'):format(d.supervised_hours) }\n"
    "end }\n"; /* line 44 */

static kazi_lua_gen *build(size_t n, const char *const *paths, const char *const *texts)
{
    kazi_lua_limits limits = {.memory = 16u << 20, .instructions = 200000};
    return kt_lua_gen("c-freeze", n, paths, texts, &limits);
}

static kazi_lua_gen *gen;

static int setup(void **state)
{
    (void)state;
    kazi_log_set_level(KAZI_LOG_ERROR + 1);
    kazi_registry_field_check_install(); /* a person.validate hook runs the domain's field check */
    const char *paths[] = {"lib/m.lua", "lib/late.lua", "rules.lua", "zlate.lua"},
               *texts[] = {module_lua, "return { n = 0 }\n", rules_lua,
                           "kazi.certification { id = 'late', name = 'late', rule = function(d)\n"
                           "  local L = require 'late'\n"
                           "  return L.n == 0, {}\n"
                           "end }\n"};
    gen = build(4, paths, texts);
    if (!gen) fprintf(stderr, "setup: %s\n", kazi_error_last()->message);
    return gen ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    kt_lua_release(gen);
    return 0;
}

static json_t *person(const char *family, double hours)
{
    return json_pack("{s:{s:s},s:f}", "person", "family_name", family, "supervised_hours", hours);
}

/* Evaluate rule `id` for the dossiers; returns the call's code. */
static int eval(kazi_lua_decision *out, const char *id, json_t **ds, size_t n)
{
    return kazi_lua_rules_eval(out, gen, "certification", id, ds, n);
}

static const char *first_missing(const kazi_lua_decision *d)
{
    return json_string_value(json_array_get(d->missing, 0));
}

static const char *error_message(const kazi_lua_decision *d)
{
    return json_string_value(json_object_get(d->error, "message"));
}

static void release(kazi_lua_decision *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        json_decref(out[i].missing);
        json_decref(out[i].error);
    }
}

/* A district officer asks about Amani (region A), the next request on the thread about
 * Baraka: the rule that kept Amani's name in a file-level local shows nothing of her. */
static void test_freeze__a_file_level_local_does_not_carry_a_person_to_the_next_call(void **state)
{
    (void)state;
    json_t *a = person("Amani", 0), *b = person("Baraka", 0);
    kazi_lua_decision out[2];
    assert_int_equal(eval(out, "remember", &a, 1), KAZI_OK);
    assert_string_equal(first_missing(&out[0]), "nobody");
    release(out, 1);
    assert_int_equal(eval(out, "remember", &b, 1), KAZI_OK);
    assert_string_equal(first_missing(&out[0]), "nobody"); /* not "Amani" */
    release(out, 1);
    /* nor from one dossier of a batch to the next */
    json_t *both[] = {a, b};
    assert_int_equal(eval(out, "remember", both, 2), KAZI_OK);
    assert_string_equal(first_missing(&out[0]), "nobody");
    assert_string_equal(first_missing(&out[1]), "nobody");
    release(out, 2);
    /* a file-level table cannot collect them: the write fails that item, file and line */
    assert_int_equal(eval(out, "collect", both, 2), KAZI_OK);
    for (int i = 0; i < 2; i++) {
        assert_non_null(out[i].error);
        assert_non_null(strstr(error_message(&out[i]), "rules.lua:11:"));
        assert_non_null(strstr(error_message(&out[i]), "read-only"));
        assert_int_equal(json_integer_value(json_object_get(out[i].error, "line")), 11);
    }
    release(out, 2);
    /* a global set while loading cannot be changed later either */
    assert_int_equal(eval(out, "count", both, 2), KAZI_OK);
    assert_non_null(strstr(error_message(&out[1]), "rules.lua:15: cannot set global 'counter'"));
    release(out, 2);
    json_decref(a);
    json_decref(b);
}

/* D.gap = function() return true, {} end would make every later worker eligible. */
static void test_freeze__a_rule_cannot_change_a_module(void **state)
{
    (void)state;
    json_t *a = person("Amani", 0);
    kazi_lua_decision out[1];
    static const char *const attacks[] = {"hijack", "class"};
    static const int lines[] = {19, 22};
    for (int k = 0; k < 2; k++) {
        assert_int_equal(eval(out, attacks[k], &a, 1), KAZI_OK);
        assert_non_null(out[0].error);
        char where[32];
        snprintf(where, sizeof where, "rules.lua:%d:", lines[k]);
        if (!strstr(error_message(&out[0]), where) ||
            !strstr(error_message(&out[0]), "cannot be changed"))
            fail_msg("%s: %s", attacks[k], error_message(&out[0]));
        release(out, 1);
        assert_int_equal(eval(out, "honest", &a, 1), KAZI_OK);
        assert_null(out[0].error);
        assert_false(out[0].eligible);
        assert_string_equal(first_missing(&out[0]), "the course");
        release(out, 1);
    }
    /* a module first required at run time would be a fresh, unfrozen table kept in the
     * require cache for the next call: refused, naming the rule's line */
    assert_int_equal(eval(out, "late", &a, 1), KAZI_OK);
    assert_non_null(out[0].error);
    if (!strstr(error_message(&out[0]), "zlate.lua:2: require 'late' at run time"))
        fail_msg("late: %s", error_message(&out[0]));
    release(out, 1);
    /* a read-only list answered as what is missing */
    assert_int_equal(eval(out, "const", &a, 1), KAZI_OK);
    assert_int_equal(json_array_size(out[0].missing), 2);
    assert_string_equal(first_missing(&out[0]), "primary");
    release(out, 1);
    assert_int_equal(kazi_lua_rules_count(out, gen, "certification", "const", &a, 1), KAZI_OK);
    assert_int_equal(out[0].nmissing, 2);
    release(out, 1);
    /* read-only, yet every ordinary way of reading still works */
    assert_int_equal(eval(out, "reads", &a, 1), KAZI_OK);
    if (!out[0].eligible)
        fail_msg("reads: %s", out[0].error ? error_message(&out[0]) : first_missing(&out[0]));
    release(out, 1);
    json_decref(a);
}

/* At load time, one file replacing D.completed must not change the rules of another. */
static void test_freeze__one_file_cannot_change_what_anothers_require_returns(void **state)
{
    (void)state;
    static const char a_lua[] = "local M = require 'm'\n"
                                "M.completed = function() return true end\n";
    const char *paths[] = {"lib/m.lua", "a.lua"}, *texts[] = {module_lua, a_lua};
    assert_null(build(2, paths, texts));
    const kazi_error *e = kazi_error_last();
    if (!strstr(e->message, "a.lua:2:") || !strstr(e->message, "'completed' cannot be changed"))
        fail_msg("%s", e->message);
    assert_int_equal(e->line, 2);
    /* Tried quietly, and through the module's own file-level local: b.lua (loaded after
     * a.lua) still sees the module as its require returned it. */
    static const char quiet_lua[] =
        "local M = require 'm'\n"
        "pcall(function() M.completed = function() return true end end)\n"
        "M.lenient()\n";
    static const char b_lua[] = "local M = require 'm'\n"
                                "kazi.certification { id = 'b', name = 'b', rule = function(d)\n"
                                "  return M.completed(d) == false and M.strict(), {}\n"
                                "end }\n";
    const char *paths2[] = {"lib/m.lua", "a.lua", "b.lua"},
               *texts2[] = {module_lua, quiet_lua, b_lua};
    kazi_lua_gen *g = build(3, paths2, texts2);
    assert_non_null(g);
    json_t *d = person("Amani", 0), *out = NULL;
    assert_int_equal(kazi_lua_rule(&out, g, "certification", "b", d), KAZI_OK);
    assert_true(json_is_true(json_object_get(out, "eligible")));
    json_decref(out);
    json_decref(d);
    kazi_lua_gen_unref(g);
}

/* Modules that require each other fail the load with the cycle named, at the require
 * that closes it, instead of recursing down to Lua's C-call limit; a module required
 * twice, one after the other, is no cycle. */
static void test_freeze__a_require_cycle_is_named(void **state)
{
    (void)state;
    static const char a_lua[] = "local B = require 'b'\nreturn { b = B }\n";
    static const char b_lua[] = "local A = require 'a'\nreturn { a = A }\n";
    static const char main_lua[] = "local A = require 'a'\n";
    const char *paths[] = {"lib/a.lua", "lib/b.lua", "main.lua"},
               *texts[] = {a_lua, b_lua, main_lua};
    assert_null(build(3, paths, texts));
    const char *m = kazi_error_last()->message;
    if (!strstr(m, "lib/b.lua:1:") || !strstr(m, "require 'a': it is still loading"))
        fail_msg("%s", m);
    static const char twice_lua[] = "local A = require 'm'\nlocal B = require 'm'\n"
                                    "assert(A == B)\n";
    const char *paths2[] = {"lib/m.lua", "twice.lua"}, *texts2[] = {module_lua, twice_lua};
    kazi_lua_gen *g = build(2, paths2, texts2);
    if (!g) fail_msg("%s", kazi_error_last()->message);
    kazi_lua_gen_unref(g);
}

/* ("%d"):format(1.5) fails for the dossier with 1.5 hours; the others answer, and the
 * state goes on serving without being rebuilt. */
static void test_items__a_rule_error_stays_in_its_dossier(void **state)
{
    (void)state;
    json_t *ds[] = {person("Amani", 40), person("Baraka", 1.5), person("Chausiku", 12)};
    kazi_lua_decision out[3];
    assert_int_equal(eval(out, "hours", ds, 1), KAZI_OK); /* this thread's state for gen */
    release(out, 1);
    uint64_t built = kazi_lua_thread_states_built();
    assert_int_equal(eval(out, "hours", ds, 3), KAZI_OK);
    assert_true(out[0].eligible);
    assert_null(out[0].error);
    assert_null(out[1].missing);
    assert_false(out[1].eligible);
    assert_non_null(strstr(error_message(&out[1]), "rules.lua:43:"));
    assert_non_null(strstr(error_message(&out[1]), "number has no integer representation"));
    assert_string_equal(json_string_value(json_object_get(out[1].error, "file")), "rules.lua");
    assert_int_equal(json_integer_value(json_object_get(out[1].error, "line")), 43);
    assert_false(out[2].eligible);
    assert_string_equal(first_missing(&out[2]), "40 hours (has 12)");
    release(out, 3);
    /* counting callers (impact previews) get the same per-item error */
    assert_int_equal(kazi_lua_rules_count(out, gen, "certification", "hours", ds, 3), KAZI_OK);
    assert_true(out[0].eligible && !out[2].eligible && out[1].error);
    release(out, 3);
    assert_true(kazi_lua_thread_states_built() == built);
    /* one rule, one dossier (kazi_lua_rule): the error is the call's */
    json_t *o = NULL;
    assert_int_equal(kazi_lua_rule(&o, gen, "certification", "hours", ds[1]), KAZI_EPLUGIN);
    assert_string_equal(kazi_error_last()->field, "rules.lua");
    assert_int_equal(kazi_error_last()->line, 43);
    for (int i = 0; i < 3; i++)
        json_decref(ds[i]);
}

/* An item that runs out of budget fails alone: the next dossier has a whole budget. */
static void test_items__a_budget_error_stays_in_its_dossier(void **state)
{
    (void)state;
    static const char loop_lua[] =
        "kazi.certification { id = 'loop', name = 'loop', rule = function(d)\n"
        "  if d.person.family_name == 'Baraka' then while true do end end\n"
        "  return true, {}\n"
        "end }\n";
    const char *paths[] = {"loop.lua"}, *texts[] = {loop_lua};
    kazi_lua_gen *g = build(1, paths, texts);
    assert_non_null(g);
    json_t *ds[] = {person("Amani", 0), person("Baraka", 0), person("Chausiku", 0)};
    kazi_lua_decision out[3];
    assert_int_equal(kazi_lua_rules_eval(out, g, "certification", "loop", ds, 3), KAZI_OK);
    assert_true(out[0].eligible && out[2].eligible);
    assert_non_null(strstr(error_message(&out[1]), "loop.lua:2: instruction budget exceeded"));
    release(out, 3);
    for (int i = 0; i < 3; i++)
        json_decref(ds[i]);
    kazi_lua_gen_unref(g);
}

/* A coroutine or gmatch iterator made while loading would carry its position from call
 * to call: refused when the configuration loads. */
static void test_freeze__a_kept_coroutine_is_refused_at_load(void **state)
{
    (void)state;
    static const char *const kept[] = {
        "local co = coroutine.wrap(function() local n = 0 while true do n = n + 1 "
        "coroutine.yield(n) end end)\n"
        "kazi.certification { id = 'co', name = 'co', rule = function(d) return co() == 1, {} "
        "end }\n",
        "local co = coroutine.create(function() end)\n"
        "kazi.certification { id = 'co', name = 'co', rule = function(d) "
        "return coroutine.status(co) == 'suspended', {} end }\n",
        "local it = ('a b c'):gmatch('%a')\n"
        "kazi.certification { id = 'co', name = 'co', rule = function(d) return it() == 'a', {} "
        "end }\n",
    };
    for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++) {
        const char *paths[] = {"co.lua"}, *texts[] = {kept[i]};
        assert_null(build(1, paths, texts));
        if (!strstr(kazi_error_last()->message, "co.lua:2: a coroutine") ||
            !strstr(kazi_error_last()->message, "kept for later calls"))
            fail_msg("%zu: %s", i, kazi_error_last()->message);
        assert_string_equal(kazi_error_last()->field, "co.lua");
        assert_int_equal(kazi_error_last()->line, 2);
    }
}

/* A module whose __index function memoises into the table it is called with: it is
 * called with the read-only table, so it cannot keep anything between calls. */
static void test_freeze__a_memoising_index_function_cannot_keep_state(void **state)
{
    (void)state;
    static const char memo_lua[] = "local M = setmetatable({}, { __index = function(t, k)\n"
                                   "  local n = (rawget(t, 'count') or 0) + 1\n"
                                   "  t.count = n\n" /* line 3 */
                                   "  return n\n"
                                   "end })\n"
                                   "return M\n";
    static const char rule_lua[] =
        "local M = require 'memo'\n"
        "kazi.certification { id = 'memo', name = 'memo', rule = function(d)\n"
        "  local ok, n = pcall(function() return M.anything end)\n"
        "  return ok, { tostring(n) }\n"
        "end }\n";
    const char *paths[] = {"lib/memo.lua", "memo_rule.lua"}, *texts[] = {memo_lua, rule_lua};
    kazi_lua_gen *g = build(2, paths, texts);
    assert_non_null(g);
    json_t *d = person("Amani", 0);
    for (int i = 0; i < 2; i++) {
        kazi_lua_decision out[1];
        assert_int_equal(kazi_lua_rules_eval(out, g, "certification", "memo", &d, 1), KAZI_OK);
        assert_false(out[0].eligible);
        if (!strstr(first_missing(&out[0]), "memo.lua:3:") ||
            !strstr(first_missing(&out[0]), "'count' cannot be changed"))
            fail_msg("%s", first_missing(&out[0]));
        release(out, 1);
    }
    json_decref(d);
    kazi_lua_gen_unref(g);
}

/* Hooks and tests are calls too: a hook's file-level local is put back after it. */
static void test_freeze__a_hook_keeps_nothing_between_calls(void **state)
{
    (void)state;
    static const char hook_lua[] =
        "local last\n"
        "kazi.hook('person.validate', function(r)\n"
        "  local before = last\n"
        "  last = r.given_name\n"
        "  return false, 'given_name', 'previous: ' .. (before or 'nobody')\n"
        "end)\n";
    const char *paths[] = {"hook.lua"}, *texts[] = {hook_lua};
    kazi_lua_gen *g = build(1, paths, texts);
    assert_non_null(g);
    static const char *const names[] = {"Amani", "Baraka"};
    for (int i = 0; i < 2; i++) {
        json_t *r = json_pack("{s:s}", "given_name", names[i]);
        assert_int_equal(kazi_lua_run_hook(g, "person.validate", r), KAZI_EINVALID);
        assert_string_equal(kazi_error_last()->message, "previous: nobody");
        json_decref(r);
    }
    kazi_lua_gen_unref(g);
}

/* A declaration may use a module's (read-only) tables: names, lists, levels. */
static void test_freeze__declarations_read_module_tables(void **state)
{
    (void)state;
    static const char w_lua[] =
        "return { names = { en = 'Case work', sw = 'Usimamizi wa mashauri' },\n"
        "  levels = { { id = 'country', name = 'Country' }, { id = 'district', name = 'District' } "
        "} }\n";
    static const char decl_lua[] =
        "local W = require 'w'\n"
        "kazi.country { id = 'x', name = W.names, languages = { 'en', 'sw' }, currency = 'XEX',\n"
        "  levels = W.levels }\n"
        "kazi.group { id = 'g', name = W.names }\n";
    const char *paths[] = {"lib/w.lua", "country.lua"}, *texts[] = {w_lua, decl_lua};
    kazi_lua_gen *g = build(2, paths, texts);
    if (!g) fail_msg("%s", kazi_error_last()->message);
    const json_t *cat = kazi_lua_gen_catalogue(g);
    const json_t *group = json_array_get(json_object_get(cat, "groups"), 0);
    assert_string_equal(json_string_value(json_object_get(json_object_get(group, "name"), "sw")),
                        "Usimamizi wa mashauri");
    const json_t *country = json_object_get(cat, "country");
    assert_int_equal(json_array_size(json_object_get(country, "levels")), 2);
    kazi_lua_gen_unref(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_freeze__a_file_level_local_does_not_carry_a_person_to_the_next_call),
        cmocka_unit_test(test_freeze__a_rule_cannot_change_a_module),
        cmocka_unit_test(test_freeze__one_file_cannot_change_what_anothers_require_returns),
        cmocka_unit_test(test_freeze__a_require_cycle_is_named),
        cmocka_unit_test(test_items__a_rule_error_stays_in_its_dossier),
        cmocka_unit_test(test_items__a_budget_error_stays_in_its_dossier),
        cmocka_unit_test(test_freeze__a_kept_coroutine_is_refused_at_load),
        cmocka_unit_test(test_freeze__declarations_read_module_tables),
        cmocka_unit_test(test_freeze__a_hook_keeps_nothing_between_calls),
        cmocka_unit_test(test_freeze__a_memoising_index_function_cannot_keep_state),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
