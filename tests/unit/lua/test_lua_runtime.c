/* lua/runtime: the generation's indexed look-up (kazi_lua_gen_find) that handlers and
 * rules use for every catalogue id, a report's parameters checked before its code
 * runs — required ones, types, periods, levels, options and defaults —, and rules that
 * still stop when the watch cannot have its signal. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "lua/internal.h" /* KAZI_LUA_WATCH_SIGNAL */
#include "lua/runtime.h"
#include "util/error.h"
#include "util/log.h"

static const char decl[] =
    "kazi.country { id = 'tz', name = 'Tanzania', languages = { 'en' }, currency = 'TZS',\n"
    "  levels = { { id = 'country', name = 'Country' }, { id = 'district', name = 'District' } } "
    "}\n"
    "kazi.report { id = 'r1', title = 'First', run = function(p, q) return {} end }\n"
    "kazi.report { id = 'echo', title = 'Echo',\n"
    "  params = {\n"
    "    { id = 'region', type = 'text', required = true },\n"
    "    { id = 'year', type = 'integer', default = 2026 },\n"
    "    { id = 'share', type = 'number' },\n"
    "    { id = 'active', type = 'boolean' },\n"
    "    { id = 'on', type = 'date' },\n"
    "    { id = 'period', type = 'period' },\n"
    "    { id = 'level', type = 'level' },\n"
    "    { id = 'sex', type = 'text', options = { 'f', { id = 'm', label = 'Male' } } },\n"
    "  },\n"
    "  run = function(p, q)\n"
    "    return { { region = p.region, year = p.year, period = p.period, sex = p.sex } }\n"
    "  end }\n";

static kazi_lua_gen *gen;

static int setup(void **state)
{
    (void)state;
    kazi_log_set_level(KAZI_LOG_ERROR + 1);
    gen = kt_lua_gen1("reports.lua", decl, NULL);
    return gen ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    kt_lua_release(gen);
    return 0;
}

static void test_lua_runtime__find_by_kind_and_id(void **state)
{
    (void)state;
    const json_t *r = kazi_lua_gen_find(gen, "reports", "r1");
    assert_non_null(r);
    assert_string_equal(json_string_value(json_object_get(r, "id")), "r1");
    assert_string_equal(json_string_value(json_object_get(r, "source")), "reports.lua:3");
    const json_t *e = kazi_lua_gen_find(gen, "reports", "echo");
    assert_non_null(e);
    assert_string_equal(json_string_value(json_object_get(e, "source")), "reports.lua:4");
    assert_null(kazi_lua_gen_find(gen, "reports", "R1")); /* ids are exact */
    assert_null(kazi_lua_gen_find(gen, "reports", "r"));
    assert_null(kazi_lua_gen_find(gen, "cadres", "r1")); /* the kind matters */
    assert_null(kazi_lua_gen_find(gen, "no-such-kind", "r1"));
    assert_null(kazi_lua_gen_find(gen, NULL, "r1"));
    assert_null(kazi_lua_gen_find(gen, "reports", NULL));
    assert_null(kazi_lua_gen_find(NULL, "reports", "r1"));
    char longid[KAZI_LUA_ID_KEY_MAX + 50];
    memset(longid, 'r', sizeof longid - 1);
    longid[sizeof longid - 1] = '\0';
    assert_null(kazi_lua_gen_find(gen, "reports", longid));
    /* the country's levels are found by id too (what a "level" parameter checks) */
    const json_t *levels =
        json_object_get(json_object_get(kazi_lua_gen_catalogue(gen), "country"), "levels");
    const char *first = json_string_value(json_object_get(json_array_get(levels, 0), "id"));
    assert_non_null(first);
    assert_non_null(kazi_lua_gen_find(gen, "levels", first));
    assert_null(kazi_lua_gen_find(gen, "levels", "no-such-level"));
}

/* Run "echo" with the parameters in json_pack format `fmt`; expect KAZI_EINVALID naming
 * `field` with `words` in the message. */
static void refused(const char *field, const char *words, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    json_t *params = json_vpack_ex(NULL, 0, fmt, ap);
    va_end(ap);
    assert_non_null(params);
    json_t *out = NULL;
    if (kazi_lua_report_run(&out, gen, "echo", params, NULL) != KAZI_EINVALID)
        fail_msg("parameter '%s' was not refused", field);
    assert_null(out);
    assert_string_equal(kazi_error_last()->field, field);
    if (!strstr(kazi_error_last()->message, words))
        fail_msg("'%s' does not say '%s'", kazi_error_last()->message, words);
    json_decref(params);
}

static void test_lua_runtime__report_params_are_checked_first(void **state)
{
    (void)state;
    refused("region", "needs parameter 'region'", "{}");
    refused("region", "needs parameter 'region'", "{s:n}", "region");
    refused("region", "must be a text", "{s:i}", "region", 5);
    refused("year", "must be a integer", "{s:s,s:f}", "region", "/1/", "year", 2026.5);
    refused("share", "must be a number", "{s:s,s:s}", "region", "/1/", "share", "half");
    refused("active", "must be a boolean", "{s:s,s:i}", "region", "/1/", "active", 1);
    refused("on", "must be a date", "{s:s,s:s}", "region", "/1/", "on", "2026-02-30");
    refused("period", "must be a period", "{s:s,s:s}", "region", "/1/", "period",
            "2026-13..2027-01");
    refused("period", "must be a period", "{s:s,s:s}", "region", "/1/", "period", "2027..2026");
    refused("period", "must be a period", "{s:s,s:s}", "region", "/1/", "period",
            "2026-06..2026-01");
    refused("level", "org-unit level", "{s:s,s:s}", "region", "/1/", "level", "galaxy");
    refused("sex", "not one of its options", "{s:s,s:s}", "region", "/1/", "sex", "x");
    char big[300];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    refused("region", "must be a text", "{s:s}", "region", big); /* over 200 characters */

    json_t *out = NULL, *notobj = json_array();
    assert_int_equal(kazi_lua_report_run(&out, gen, "echo", notobj, NULL), KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "params");
    json_decref(notobj);
    assert_int_equal(kazi_lua_report_run(&out, gen, "nope", NULL, NULL), KAZI_ENOTFOUND);
    assert_string_equal(kazi_error_last()->field, "id");
}

static void test_lua_runtime__report_defaults_and_year_period(void **state)
{
    (void)state;
    json_t *params = json_pack("{s:s,s:i,s:s}", "region", "/1/", "period", 2025, "sex", "m");
    json_t *out = NULL;
    if (kazi_lua_report_run(&out, gen, "echo", params, NULL) != KAZI_OK)
        fail_msg("%s", kazi_error_last()->message);
    json_t *row = json_array_get(json_object_get(out, "rows"), 0);
    assert_string_equal(json_string_value(json_object_get(row, "region")), "/1/");
    assert_int_equal(json_integer_value(json_object_get(row, "year")), 2026); /* the default */
    assert_string_equal(json_string_value(json_object_get(row, "period")), "2025"); /* a year */
    assert_string_equal(json_string_value(json_object_get(row, "sex")), "m");
    json_decref(out);
    json_decref(params);
    params = json_pack("{s:s,s:s}", "region", "/1/", "period", "2026-01..2026-06");
    assert_int_equal(kazi_lua_report_run(&out, gen, "echo", params, NULL), KAZI_OK);
    row = json_array_get(json_object_get(out, "rows"), 0);
    assert_string_equal(json_string_value(json_object_get(row, "period")), "2026-01..2026-06");
    json_decref(out);
    json_decref(params);
}

/* The watch's signal already has a handler in this process (no test before this one
 * evaluates a rule, so the watch has not taken it): the watch stands aside, the other
 * handler stays, and every dossier runs hooked from its first instruction, as before
 * the watch: a loop with no call in it still ends at the budget. */
static volatile sig_atomic_t theirs;

static void their_handler(int sig)
{
    (void)sig;
    theirs++;
}

static void test_lua_runtime__rules_run_hooked_when_the_watch_signal_is_taken(void **state)
{
    (void)state;
    struct sigaction sa, now;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = their_handler;
    sigemptyset(&sa.sa_mask);
    assert_int_equal(sigaction(KAZI_LUA_WATCH_SIGNAL, &sa, NULL), 0);
    kazi_lua_limits l = {.memory = 16u << 20, .instructions = 2000000};
    kazi_lua_gen *g = kt_lua_gen1("probe.lua", KT_LUA_PROBE, &l);
    assert_non_null(g);
    json_t *d[2] = {json_pack("{s:s}", "code", "while true do end"),
                    json_pack("{s:s}", "code", "return true, {}")};
    kazi_lua_decision out[2];
    uint64_t unhooked0, counted0, unhooked, counted;
    kazi_lua_thread_watch_counts(&unhooked0, &counted0);
    assert_int_equal(kazi_lua_rules_count(out, g, "certification", "probe", d, 2), KAZI_OK);
    kazi_lua_thread_watch_counts(&unhooked, &counted);
    assert_int_equal(unhooked - unhooked0, 0);
    assert_non_null(out[0].error);
    const char *m = json_string_value(json_object_get(out[0].error, "message"));
    assert_non_null(strstr(m, "instruction budget exceeded"));
    assert_null(out[1].error);
    assert_true(out[1].eligible);
    assert_int_equal(sigaction(KAZI_LUA_WATCH_SIGNAL, NULL, &now), 0);
    assert_true(now.sa_handler == their_handler);
    for (int i = 0; i < 2; i++) {
        json_decref(out[i].error);
        json_decref(d[i]);
    }
    kazi_lua_gen_unref(g);
    kazi_lua_thread_exit();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lua_runtime__find_by_kind_and_id),
        cmocka_unit_test(test_lua_runtime__report_params_are_checked_first),
        cmocka_unit_test(test_lua_runtime__report_defaults_and_year_period),
        cmocka_unit_test(test_lua_runtime__rules_run_hooked_when_the_watch_signal_is_taken),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
