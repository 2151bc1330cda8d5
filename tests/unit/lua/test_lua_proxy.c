/* lua/proxy: what a rule sees of the JSON records Kazi hands it (read-only proxies that
 * read like tables) and what comes back when it returns Lua values (converted to JSON,
 * proxies unwrapped, with limits). Driven through a rule, as plugins meet them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "lua/runtime.h"
#include "util/error.h"
#include "util/log.h"

/* The rule runs the dossier's `code` with the file's own environment. */
static const char probe_lua[] = "kazi.certification {\n"
                                "  id = 'probe', name = 'probe',\n"
                                "  rule = function(d)\n"
                                "    local f, err = load(d.code, '=probe', 't', _ENV)\n"
                                "    if not f then error(err) end\n"
                                "    return f(d)\n"
                                "  end,\n"
                                "}\n";

static kazi_lua_gen *gen;
static json_t *record;

static int setup(void **state)
{
    (void)state;
    kazi_log_set_level(KAZI_LOG_ERROR + 1);
    /* A time limit no loaded machine reaches: converting a million values under the
     * sanitizers can take longer than the default second, and these tests are about the
     * conversion's own limits (the time limit has its tests in test_lua_guard.c). */
    kazi_lua_limits limits = {.time_ms = 120000};
    if (!(gen = kt_lua_gen1("probe.lua", probe_lua, &limits))) return -1;
    record = json_loads("{\"person\": {\"name\": \"Asha\", \"age\": 30, \"tags\": [\"a\", \"b\", "
                        "\"c\"]}, \"list\": [1, 2.5, true, null, \"x\"], \"big\": {\"k1\": 1, "
                        "\"k2\": 2, \"k3\": 3, \"k4\": 4, \"k5\": 5, \"k6\": 6, \"k7\": 7, "
                        "\"k8\": 8, \"k9\": 9, \"k10\": 10}}",
                        0, NULL);
    return record ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    json_decref(record);
    kt_lua_release(gen);
    return 0;
}

/* Call the probe rule with `code` (after `local d = ...`) on a copy of the record: the
 * rule's return code, its answer in *out. */
static int call(json_t **out, const char *code)
{
    json_t *d = json_deep_copy(record);
    char text[4096];
    snprintf(text, sizeof text, "local d = ...\n%s", code);
    json_object_set_new(d, "code", json_string(text));
    *out = NULL;
    int rc = kazi_lua_rule(out, gen, "certification", "probe", d);
    json_decref(d);
    return rc;
}

/* Run `code` on the record; it returns false, { <one table> }: that table as JSON. */
static json_t *run(const char *code)
{
    json_t *out;
    int rc = call(&out, code);
    if (rc < 0) fail_msg("%s: %s", code, kazi_error_last()->message);
    json_t *first = json_incref(json_array_get(json_object_get(out, "missing"), 0));
    json_decref(out);
    if (!first) fail_msg("no result from: %s", code);
    return first;
}

/* Run `code`, expect the call to fail with `words` in the message. */
static void fails(const char *code, const char *words)
{
    json_t *out;
    int rc = call(&out, code);
    json_decref(out);
    if (rc != KAZI_EPLUGIN) fail_msg("expected a plugin error for: %s", code);
    if (!strstr(kazi_error_last()->message, words))
        fail_msg("expected '%s' in: %s", words, kazi_error_last()->message);
}

static void test_proxy__records_read_like_tables(void **state)
{
    (void)state;
    json_t *r =
        run("local p = d.person\n"
            "return false, { { name = p.name, age = p.age, n = #p.tags, third = p.tags[3],\n"
            "  beyond = p.tags[4], absent = p.nothing, wrong_key = p.tags.x,\n"
            "  small = d.big.k1, hashed = d.big.k10, nbig = #d.big, s = tostring(p),\n"
            "  l = tostring(p.tags), isint = math.type(p.age), half = d.list[2] } }");
    assert_string_equal(json_string_value(json_object_get(r, "name")), "Asha");
    assert_int_equal(json_integer_value(json_object_get(r, "age")), 30);
    assert_string_equal(json_string_value(json_object_get(r, "isint")), "integer");
    assert_int_equal(json_integer_value(json_object_get(r, "n")), 3);
    assert_string_equal(json_string_value(json_object_get(r, "third")), "c");
    assert_null(json_object_get(r, "beyond")); /* nil: not converted */
    assert_null(json_object_get(r, "absent"));
    assert_null(json_object_get(r, "wrong_key"));
    assert_int_equal(json_integer_value(json_object_get(r, "small")), 1);
    assert_int_equal(json_integer_value(json_object_get(r, "hashed")), 10);
    assert_int_equal(json_integer_value(json_object_get(r, "nbig")), 10);
    assert_string_equal(json_string_value(json_object_get(r, "s")), "record (read-only)");
    assert_string_equal(json_string_value(json_object_get(r, "l")), "list (read-only)");
    assert_true(json_real_value(json_object_get(r, "half")) == 2.5);
    json_decref(r);
}

/* Short texts read from a dossier come from a per-state cache of Lua strings: each reads
 * exactly as written, whatever its length (0 to 29 bytes, a NUL inside), read once or
 * again, among 3,000 that share the cache's 1,024 slots. */
static void test_proxy__texts_read_exactly_through_the_string_cache(void **state)
{
    (void)state;
    json_t *d = json_object(), *texts = json_array();
    char text[64];
    for (int i = 1; i <= 3000; i++) {
        int n = i % 25;
        memset(text, 'x', (size_t)n);
        snprintf(text + n, sizeof text - (size_t)n, "%d", i);
        json_array_append_new(texts, json_string(text));
    }
    json_object_set_new(d, "texts", texts);
    json_object_set_new(d, "empty", json_string(""));
    json_object_set_new(d, "nul", json_stringn("a\0b", 3));
    json_object_set_new(
        d, "code",
        json_string("local d = ...\n"
                    "local bad = 0\n"
                    "for pass = 1, 2 do\n"
                    "  for i, t in ipairs(d.texts) do\n"
                    "    if t ~= ('x'):rep(i % 25) .. i then bad = bad + 1 end\n"
                    "  end\n"
                    "end\n"
                    "return false, { { bad = bad, n = #d.texts, empty = d.empty == '',\n"
                    "  nul = d.nul == 'a\\0b', again = d.nul == 'a\\0b' } }"));
    json_t *out;
    assert_int_equal(kazi_lua_rule(&out, gen, "certification", "probe", d), KAZI_OK);
    json_t *r = json_array_get(json_object_get(out, "missing"), 0);
    assert_int_equal(json_integer_value(json_object_get(r, "bad")), 0);
    assert_int_equal(json_integer_value(json_object_get(r, "n")), 3000);
    assert_true(json_is_true(json_object_get(r, "empty")));
    assert_true(json_is_true(json_object_get(r, "nul")));
    assert_true(json_is_true(json_object_get(r, "again")));
    json_decref(out);
    json_decref(d);
}

static void test_proxy__pairs_and_ipairs_walk_records_and_lists(void **state)
{
    (void)state;
    json_t *r = run("local keys = {}\n"
                    "for k in pairs(d.person) do keys[#keys + 1] = k end\n"
                    "table.sort(keys)\n"
                    "local seen, n = 0, #d.list\n"
                    "for i in pairs(d.list) do seen = seen + 1 end\n"
                    "local upto = 0\n"
                    "for i, v in ipairs(d.list) do upto = i end\n"
                    "local tags = {}\n"
                    "for i, v in ipairs(d.person.tags) do tags[i] = v end\n"
                    "return false, { { keys = table.concat(keys, ','), seen = seen, n = n,\n"
                    "  upto = upto, tags = table.concat(tags) } }");
    assert_string_equal(json_string_value(json_object_get(r, "keys")), "age,name,tags");
    assert_int_equal(json_integer_value(json_object_get(r, "n")), 5);
    assert_int_equal(json_integer_value(json_object_get(r, "seen")), 5);
    assert_int_equal(json_integer_value(json_object_get(r, "upto")), 3); /* stops at the null */
    assert_string_equal(json_string_value(json_object_get(r, "tags")), "abc");
    json_decref(r);
}

/* The catalogue is lent for the state's life: each of its values is one read-only
 * object, handed out again at every read (no new proxy, nothing for the collector, per
 * dossier), and it still cannot be changed. */
static void test_proxy__catalogue_values_are_made_once(void **state)
{
    (void)state;
    json_t *r = run("local a, b = kazi.catalogue(), kazi.catalogue()\n"
                    "local c1, c2 = a.certifications, b.certifications\n"
                    "local ok = pcall(function() c1[1] = 'x' end)\n"
                    "return false, { { same = rawequal(a, b), same_child = rawequal(c1, c2),\n"
                    "  same_kind = rawequal(kazi.catalogue('certifications'), c1),\n"
                    "  id = c1[1].id, n = #c2, changed = ok } }");
    assert_true(json_is_true(json_object_get(r, "same")));
    assert_true(json_is_true(json_object_get(r, "same_child")));
    assert_true(json_is_true(json_object_get(r, "same_kind")));
    assert_string_equal(json_string_value(json_object_get(r, "id")), "probe");
    assert_int_equal(json_integer_value(json_object_get(r, "n")), 1);
    assert_true(json_is_false(json_object_get(r, "changed")));
    json_decref(r);
    /* and in the next call: the very same object */
    json_t *again = run("return false, { { id = kazi.catalogue().certifications[1].id } }");
    assert_string_equal(json_string_value(json_object_get(again, "id")), "probe");
    json_decref(again);
}

static void test_proxy__records_cannot_be_changed(void **state)
{
    (void)state;
    fails("d.person.age = 1 return true, {}", "read-only");
    fails("d.new_field = 1 return true, {}", "read-only");
    fails("d.person.tags[4] = 'd' return true, {}", "read-only");
    fails("table.insert(d.person.tags, 'd') return true, {}", "read-only");
    fails("setmetatable(d.person, {}) return true, {}", "table expected");
    /* a failed write left the record as it was */
    json_t *r = run("local ok = pcall(function() d.person.age = 99 end)\n"
                    "return false, { { ok = ok, age = d.person.age } }");
    assert_false(json_boolean_value(json_object_get(r, "ok")));
    assert_int_equal(json_integer_value(json_object_get(r, "age")), 30);
    json_decref(r);
}

static void test_proxy__lua_values_come_back_as_json(void **state)
{
    (void)state;
    json_t *r = run("local t = setmetatable({}, {})\n"
                    "return false, { { whole = d.person, list = { 1, 2, 3 }, empty = {},\n"
                    "  mixed = { 10, 20, x = 'y' }, nan = 0/0, inf = math.huge, f = print,\n"
                    "  yes = true, real = 0.25, nested = { a = { b = { c = 'deep' } } } } }");
    json_t *person = json_object_get(record, "person");
    /* a part of the dossier returned inside a table comes back whole (it was dropped
     * silently when the call's proxies were invalidated before the result was read) */
    assert_true(json_equal(json_object_get(r, "whole"), person));
    json_t *list = json_object_get(r, "list");
    assert_int_equal(json_array_size(list), 3);
    assert_int_equal(json_integer_value(json_array_get(list, 2)), 3);
    assert_true(json_is_array(json_object_get(r, "empty")));
    json_t *mixed = json_object_get(r, "mixed");
    assert_int_equal(json_integer_value(json_object_get(mixed, "1")), 10);
    assert_string_equal(json_string_value(json_object_get(mixed, "x")), "y");
    assert_true(json_is_null(json_object_get(r, "nan")));
    assert_true(json_is_null(json_object_get(r, "inf")));
    assert_null(json_object_get(r, "f")); /* functions are not data */
    assert_true(json_is_true(json_object_get(r, "yes")));
    assert_true(json_real_value(json_object_get(r, "real")) == 0.25);
    assert_string_equal(
        json_string_value(json_object_get(
            json_object_get(json_object_get(json_object_get(r, "nested"), "a"), "b"), "c")),
        "deep");
    json_decref(r);
}

static void test_proxy__conversion_limits_fail_the_call_clearly(void **state)
{
    (void)state;
    fails("local t = {} local x = t for i = 1, 80 do x.n = {} x = x.n end\n"
          "return false, { t }",
          "nested too deeply");
    fails("local t = {} t.self = t return false, { t }", "nested too deeply");
    fails("local t = { 1 } for i = 1, 21 do t = { t, t } end return false, { t }",
          "too large to convert");
    fails("return false, { { ['\\xff'] = 1 } }", "UTF-8");
    /* and the state answers the next call */
    json_t *r = run("return false, { { ok = true } }");
    assert_true(json_is_true(json_object_get(r, "ok")));
    json_decref(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_proxy__records_read_like_tables),
        cmocka_unit_test(test_proxy__pairs_and_ipairs_walk_records_and_lists),
        cmocka_unit_test(test_proxy__texts_read_exactly_through_the_string_cache),
        cmocka_unit_test(test_proxy__records_cannot_be_changed),
        cmocka_unit_test(test_proxy__catalogue_values_are_made_once),
        cmocka_unit_test(test_proxy__lua_values_come_back_as_json),
        cmocka_unit_test(test_proxy__conversion_limits_fail_the_call_clearly),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
