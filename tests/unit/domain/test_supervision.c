/* domain/supervision: who may supervise whom — a kazi.supervision declaration's
 * `supervisors` list, then its rule (which the Lua runtime runs) — as an assignment
 * is checked and as t.supervision checks it in a configuration's tests. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/supervision.h"
#include "fixture.h"
#include "lua/runtime.h"
#include "util/error.h"
#include "util/lang.h"

static const char decl[] =
    "kazi.group { id = 'g', name = 'G' }\n"
    "kazi.cadre { id = 'w', name = { en = 'Worker', sw = 'Mfanyakazi' }, group = 'g', level = 1 "
    "}\n"
    "kazi.cadre { id = 's', name = { en = 'Supervisor', sw = 'Msimamizi' }, group = 'g', level "
    "= 2 }\n"
    "kazi.cadre { id = 'o', name = { en = 'Officer', sw = 'Afisa' }, group = 'g', level = 3 }\n"
    "kazi.supervision { cadre = 'w', supervisors = { 's', 'o' }, max_ratio = 5,\n"
    "  rule = function(w, s) if s.person_id == 9 then return false, 'not person 9' end\n"
    "  return true end }\n";

static void test_supervision__the_list_then_the_rule(void **state)
{
    (void)state;
    kazi_lua_gen *g = kt_lua_gen1("decl.lua", decl, NULL);
    assert_non_null(g);
    json_t *w = json_pack("{s:s}", "cadre", "w");
    json_t *ok = json_pack("{s:i,s:[s]}", "person_id", 2, "cadres", "s");
    json_t *nine = json_pack("{s:i,s:[s]}", "person_id", 9, "cadres", "s");
    json_t *peer = json_pack("{s:i,s:[s]}", "person_id", 3, "cadres", "w");
    json_t *d;
    assert_int_equal(kazi_supervision_check(&d, g, "w", w, ok), KAZI_OK);
    assert_true(json_is_true(json_object_get(d, "allowed")));
    assert_string_equal(json_string_value(json_object_get(d, "declaration")), "decl.lua:5");
    json_decref(d);
    /* the list allows an s, the rule refuses person 9 with its reason */
    assert_int_equal(kazi_supervision_check(&d, g, "w", w, nine), KAZI_OK);
    assert_false(json_is_true(json_object_get(d, "allowed")));
    assert_string_equal(json_string_value(json_object_get(d, "reason")), "not person 9");
    json_decref(d);
    /* the list refuses another w before the rule runs, and says who may by the cadres' names
     * (in the current language, the alternatives joined by its "or") */
    assert_int_equal(kazi_supervision_check(&d, g, "w", w, peer), KAZI_OK);
    assert_false(json_is_true(json_object_get(d, "allowed")));
    assert_string_equal(
        json_string_value(json_object_get(d, "reason")),
        "A Worker must be supervised by a Supervisor or Officer (the supervisor is a Worker)");
    json_decref(d);
    kazi_lang_set("sw");
    assert_int_equal(kazi_supervision_check(&d, g, "w", w, peer), KAZI_OK);
    assert_non_null(strstr(json_string_value(json_object_get(d, "reason")), "Msimamizi au Afisa"));
    assert_non_null(strstr(json_string_value(json_object_get(d, "reason")), "Mfanyakazi"));
    json_decref(d);
    kazi_lang_set(NULL);
    /* no declaration for s: anyone may */
    assert_int_equal(kazi_supervision_check(&d, g, "s", w, peer), KAZI_OK);
    assert_true(json_is_true(json_object_get(d, "allowed")));
    json_decref(d);
    json_decref(w);
    json_decref(ok);
    json_decref(nine);
    json_decref(peer);
    kazi_lua_gen_unref(g);
    kazi_lua_thread_exit();
}

static void test_supervision__a_rule_that_fails_names_file_and_line(void **state)
{
    (void)state;
    kazi_lua_gen *g = kt_lua_gen1("decl.lua",
                                  "kazi.group { id = 'g', name = 'G' }\n"
                                  "kazi.cadre { id = 'w', name = 'W', group = 'g', level = 1 }\n"
                                  "kazi.supervision { cadre = 'w', rule = function(w, s)\n"
                                  "  return s.nothing.here end }\n",
                                  NULL);
    assert_non_null(g);
    json_t *w = json_pack("{s:s}", "cadre", "w"), *s = json_pack("{s:i}", "person_id", 2), *d;
    assert_int_equal(kazi_supervision_check(&d, g, "w", w, s), KAZI_EPLUGIN);
    assert_null(d);
    assert_non_null(strstr(kazi_error_last()->field, "decl.lua"));
    assert_int_equal(kazi_error_last()->line, 4);
    json_decref(w);
    json_decref(s);
    kazi_lua_gen_unref(g);
    kazi_lua_thread_exit();
}

/* A configuration's test sees the same decision through t.supervision. */
static void test_supervision__t_supervision_applies_the_same_check(void **state)
{
    (void)state;
    char text[2048];
    snprintf(
        text, sizeof text,
        "%skazi.test('s may', function(t) t.eq(t.supervision('w', {}, { cadres = { 's' }, "
        "person_id = 2 }), true) end)\n"
        "kazi.test('w may not', function(t) local ok, why = t.supervision('w', {}, { cadre "
        "= 'w' })\n  t.eq(ok, false) t.eq(why, 'A Worker must be supervised by a Supervisor or "
        "Officer (the supervisor is a Worker)') end)\n"
        "kazi.test('the rule', function(t) local ok, why = t.supervision('w', {}, { cadres "
        "= { 's' }, person_id = 9 })\n  t.eq(ok, false) t.eq(why, 'not person 9') end)\n",
        decl);
    kazi_lua_gen *g = kt_lua_gen1("decl.lua", text, NULL);
    assert_non_null(g);
    kazi_supervision_install();
    json_t *results;
    int failed;
    assert_int_equal(kazi_lua_run_tests(&results, &failed, g), KAZI_OK);
    if (failed) {
        char *s = json_dumps(results, 0);
        fail_msg("%s", s);
    }
    assert_int_equal(json_array_size(results), 3);
    json_decref(results);
    kazi_lua_gen_unref(g);
    kazi_lua_thread_exit();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_supervision__the_list_then_the_rule),
        cmocka_unit_test(test_supervision__a_rule_that_fails_names_file_and_line),
        cmocka_unit_test(test_supervision__t_supervision_applies_the_same_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
