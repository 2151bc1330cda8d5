/* The kazi API: declarations and their argument errors (file and line), the catalogue,
 * the checks after loading (references, minimum standards), rules, hooks, reports
 * through the read-only connection, tests, and generation swaps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/memory.h"
#include "domain/catalogue.h"
#include "domain/install.h"
#include "domain/orgunit.h"
#include "domain/pay.h"
#include "domain/plugins.h"
#include "fixture.h"
#include "lua/runtime.h"
#include "store/db.h"
#include "util/error.h"
#include "util/log.h"

static kazi_lua_gen *build_files(const char *const *paths, const char *const *texts, size_t n,
                                 const char *id)
{
    return kt_lua_gen(id, n, paths, texts, NULL);
}

static kazi_lua_gen *build1(const char *text)
{
    const char *p[] = {"decl.lua"}, *t[] = {text};
    return build_files(p, t, 1, "c1");
}

static void expect_load_error(const char *text, const char *where, const char *words)
{
    kazi_lua_gen *g = build1(text);
    if (g) fail_msg("loaded but should not: %s", text);
    const kazi_error *e = kazi_error_last();
    assert_int_equal(e->code, KAZI_EPLUGIN);
    if (!strstr(e->message, where) || !strstr(e->message, words))
        fail_msg("expected '%s' and '%s' in: %s", where, words, e->message);
}

static void test_api__argument_errors_name_file_and_line(void **state)
{
    (void)state;
    expect_load_error(
        "kazi.group { id = 'g', name = 'G' }\nkazi.cadre { id = 'a', group = 'g', level = 1 }\n",
        "decl.lua:2:", "'name' is required");
    expect_load_error(
        "\n\nkazi.cadre { id = 'a', name = 'A', group = 'g', level = 1, colour = 'red' }\n",
        "decl.lua:3:", "unknown field 'colour'");
    expect_load_error(
        "kazi.course { id = 'c', name = 'C', version = '1', hours = 0, outcomes = {} }\n",
        "decl.lua:1:", "'hours' must be more than 0");
    expect_load_error(
        "kazi.move { from = 'a', to = 'b', kind = 'diagonal', requires = function() end }\n",
        "decl.lua:1:", "'kind' must be one of \"vertical\", \"lateral\"");
    expect_load_error("kazi.cadre 'psw'\n", "decl.lua:1:", "kazi.cadre expects a table");
    expect_load_error("kazi.cadre { id = 'has space', name = 'A', group = 'g', level = 1 }\n",
                      "decl.lua:1:", "'id' must be an identifier");
    expect_load_error("kazi.group { id = 'g', name = 'G' }\nkazi.group { id = 'g', name = 'G2' }\n",
                      "decl.lua:2:", "'g' is declared twice (first at decl.lua:1)");
    expect_load_error(
        "kazi.field { id = 'f', applies_to = 'person', type = 'choice', label = 'F' }\n",
        "decl.lua:1:", "needs 'options'");
    expect_load_error("kazi.hook('validate', function() end)\n", "decl.lua:1:", "person.validate");
    expect_load_error("kazi.pay { cadre = 'a', amount = -1, currency = 'TZS', period = 'month' }\n",
                      "decl.lua:1:", "cannot be negative");
}

static void test_api__supervision_and_activity_declarations(void **state)
{
    (void)state;
    static const char cad[] = "kazi.cadre { id = 'w', name = 'W', group = 'g', level = 1 }\n"
                              "kazi.cadre { id = 's', name = 'S', group = 'g', level = 2 }\n";
    char text[1024];
    expect_load_error("kazi.supervision { cadre = 'w', max_ratio = 0, supervisors = { 's' } }\n",
                      "decl.lua:1:", "'max_ratio' must be a number from 1");
    expect_load_error("\nkazi.supervision { cadre = 'w' }\n", "decl.lua:2:", "give 'supervisors'");
    expect_load_error("kazi.supervision { cadre = 'w', supervisors = { 'has space' } }\n",
                      "decl.lua:1:", "'supervisors'[1] must be a cadre id");
    expect_load_error("kazi.supervision { cadre = 'w', rule = 'yes' }\n",
                      "decl.lua:1:", "'rule' must be a function");
    snprintf(text, sizeof text, "%skazi.supervision { cadre = 'w', supervisors = { 'x' } }\n", cad);
    expect_load_error(text, "decl.lua:3:", "no cadre 'x'");
    snprintf(text, sizeof text,
             "%skazi.supervision { cadre = 'w', supervisors = { 's' } }\n"
             "kazi.supervision { cadre = 'w', supervisors = { 's' } }\n",
             cad);
    expect_load_error(text, "decl.lua:4:", "'w' is declared twice");
    expect_load_error("kazi.activity { id = 'visits' }\n", "decl.lua:1:", "'name' is required");

    /* the list, then the rule with its reason */
    snprintf(text, sizeof text,
             "%skazi.supervision { cadre = 'w', supervisors = { 's' }, max_ratio = 5,\n"
             "  rule = function(w, s) if s.person_id == 9 then return false, 'not person 9' end\n"
             "  return true end }\n"
             "kazi.activity { id = 'visits', name = { en = 'Visits', sw = 'Ziara' } }\n",
             cad);
    kazi_lua_gen *g = build1(text);
    assert_non_null(g);
    assert_int_equal(json_array_size(json_object_get(kazi_lua_gen_catalogue(g), "activities")), 1);
    /* the runtime runs the rule function only (who may supervise whom, the `supervisors`
     * list included, is domain/supervision's: tests/unit/domain/test_supervision.c) */
    json_t *d = json_pack("{s:{s:s},s:{s:i,s:[s]}}", "worker", "cadre", "w", "supervisor",
                          "person_id", 9, "cadres", "s");
    kazi_lua_decision dec;
    assert_int_equal(kazi_lua_rules_eval(&dec, g, "supervision", "w", &d, 1), KAZI_OK);
    assert_null(dec.error);
    assert_false(dec.eligible);
    assert_string_equal(json_string_value(json_array_get(dec.missing, 0)), "not person 9");
    json_decref(dec.missing);
    json_decref(d);
    kazi_lua_gen_unref(g);
    kazi_lua_thread_exit();
}

static void test_api__references_are_checked_after_loading(void **state)
{
    (void)state;
    expect_load_error("kazi.group { id = 'g', name = 'G' }\n"
                      "kazi.cadre { id = 'a', name = 'A', group = 'nope', level = 1 }\n",
                      "decl.lua:2:", "no group 'nope'");
    expect_load_error(
        "kazi.cadre { id = 'a', name = 'A', group = 'g', level = 1 }\n"
        "kazi.move { from = 'a', to = 'b', kind = 'vertical', requires = function() end }\n",
        "decl.lua:2:", "no cadre 'b'");
    expect_load_error("kazi.cadre { id = 'a', name = 'A', group = 'g', level = 1 }\n"
                      "kazi.pay { cadre = 'z', amount = 1, currency = 'TZS', period = 'month' }\n",
                      "decl.lua:2:", "no cadre 'z'");
}

/* kazi.demo: the names `kazi demo-data` gives, each part optional, every text checked;
 * an error names the field, the file and the line. */
static void test_api__demo_names_are_declared_and_checked(void **state)
{
    (void)state;
    kazi_lua_gen *g = build1("kazi.demo { given_names = { female = { 'Aïssata', 'Awa' }, male = "
                             "{ 'Moussa' } },\n family_names = { 'Maïga' }, organisations = { "
                             "national = 'Direction', ngo = { 'Enfance' } },\n places = { first = "
                             "{ 'Ti' } }, reimbursement_purposes = { 'Transport' },\n"
                             " supervision_topics = { 'Revue des cas', 'Tenue des registres' },\n"
                             " funders = { government = 'État', others = { 'Partenaire' } },\n"
                             " prior_learning = { what = { 'Animation' }, evidence = { 'Lettre' "
                             "}, approved_by = { 'Chef de service' } },\n"
                             " revocation_reasons = { 'Faute grave' }, support_note = 'Démo' }\n");
    if (!g) fail_msg("it must load: %s", kazi_error_last()->message);
    const json_t *demo = json_object_get(kazi_lua_gen_catalogue(g), "demo");
    /* the texts written into records, read back as declared */
    assert_string_equal(
        json_string_value(json_array_get(json_object_get(demo, "supervision_topics"), 1)),
        "Tenue des registres");
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(demo, "funders"), "government")), "État");
    assert_string_equal(json_string_value(json_array_get(
                            json_object_get(json_object_get(demo, "funders"), "others"), 0)),
                        "Partenaire");
    assert_string_equal(
        json_string_value(json_array_get(
            json_object_get(json_object_get(demo, "prior_learning"), "approved_by"), 0)),
        "Chef de service");
    assert_string_equal(
        json_string_value(json_array_get(json_object_get(demo, "revocation_reasons"), 0)),
        "Faute grave");
    assert_string_equal(json_string_value(json_object_get(demo, "support_note")), "Démo");
    assert_string_equal(json_string_value(json_array_get(
                            json_object_get(json_object_get(demo, "given_names"), "female"), 0)),
                        "Aïssata");
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(demo, "organisations"), "national")),
        "Direction");
    assert_string_equal(json_string_value(json_object_get(demo, "source")), "decl.lua:1");
    kazi_lua_gen_unref(g);
    g = build1("kazi.demo {}\n");
    if (!g) fail_msg("an empty declaration loads: %s", kazi_error_last()->message);
    kazi_lua_gen_unref(g);
    static const char *const bad[][2] = {
        {"kazi.demo { nicknames = { 'x' } }",
         "unknown field 'nicknames' (known: given_names, family_names, organisations, places, "
         "reimbursement_purposes, supervision_topics, funders, prior_learning, "
         "revocation_reasons, support_note)"},
        {"kazi.demo { supervision_topics = 'Revue' }",
         "'supervision_topics' must be a list of one or more texts"},
        {"kazi.demo { supervision_topics = { 'Revue', '' } }",
         "'supervision_topics'[2] must be a text of 1 to 200 characters on one line"},
        {"kazi.demo { funders = { 'État' } }",
         "'funders' must be a table of lists ({ government, others })"},
        {"kazi.demo { funders = { government = { 'État' } } }",
         "'funders.government' must be a text of 1 to 200 characters"},
        {"kazi.demo { funders = { others = 'Partenaire' } }",
         "'funders.others' must be a list of one or more texts"},
        {"kazi.demo { funders = { donors = { 'x' } } }",
         "unknown field 'funders.donors' (known in 'funders': government, others)"},
        {"kazi.demo { prior_learning = { who = { 'x' } } }",
         "unknown field 'prior_learning.who' (known in 'prior_learning': what, evidence, "
         "approved_by)"},
        {"kazi.demo { prior_learning = { evidence = { 'Lettre', 'a\\nb' } } }",
         "'prior_learning.evidence'[2] must be a text of 1 to 200 characters on one line"},
        {"kazi.demo { revocation_reasons = {} }",
         "'revocation_reasons' must be a list of one or more texts"},
        {"kazi.demo { support_note = { 'Démo' } }",
         "'support_note' must be a text of 1 to 200 characters on one line"},
        {"kazi.demo { given_names = { women = { 'Awa' } } }",
         "unknown field 'given_names.women' (known in 'given_names': female, male)"},
        {"kazi.demo { given_names = { 'Awa' } }", "'given_names' must be a table of lists"},
        {"kazi.demo { family_names = 'Maïga' }", "'family_names' must be a list of one or more"},
        {"kazi.demo { given_names = { male = {} } }",
         "'given_names.male' must be a list of one or more texts"},
        {"kazi.demo { family_names = { 'Maïga', 7 } }",
         "'family_names'[2] must be a text of 1 to 60 characters on one line"},
        {"kazi.demo { family_names = { 'Maïga', '  ' } }", "'family_names'[2] must be a text"},
        {"kazi.demo { family_names = { 'Ma\\nïga' } }", "'family_names'[1] must be a text"},
        {"kazi.demo { family_names = { 'Ma\\xc3ga' } }", "text is not valid UTF-8"},
        {"kazi.demo { places = { first = { 'Abcdefghijklmnopqrstu' } } }",
         "'places.first'[1] must be a text of 1 to 20 characters"},
        {"kazi.demo { organisations = { national = { 'Direction' } } }",
         "'organisations.national' must be a text of 1 to 120 characters"},
        {"kazi.demo 'names'", "kazi.demo expects a table"},
        {"kazi.demo {}\nkazi.demo {}", "kazi.demo: declared twice (first at decl.lua:1)"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        expect_load_error(bad[i][0],
                          strstr(bad[i][0], "\n") ? "decl.lua:2:" : "decl.lua:1:", bad[i][1]);
}

/* kazi.norm: per level or per population, its references checked (issue 16, point 4). */
static void test_api__norms_name_a_cadre_and_a_level_or_population_group(void **state)
{
    (void)state;
    static const char base[] =
        "kazi.country { id = 'x', name = 'X', languages = { 'en' }, currency = 'XXX',\n"
        "  levels = { { id = 'country', name = 'C' }, { id = 'village', name = 'V' } } }\n"
        "kazi.cadre { id = 'a', name = 'A', group = 'g', level = 1 }\n";
    char text[1024];
    snprintf(text, sizeof text, "%skazi.norm { cadre = 'a', per = 'village', count = 0 }\n", base);
    expect_load_error(text, "decl.lua:4:", "'count' must be more than 0");
    snprintf(text, sizeof text, "%skazi.norm { cadre = 'a', count = 1 }\n", base);
    expect_load_error(text, "decl.lua:4:", "not neither");
    snprintf(text, sizeof text,
             "%skazi.norm { cadre = 'a', per = 'village', count = 1,\n"
             "  per_population = { group = 'children', size = 10 } }\n",
             base);
    expect_load_error(text, "decl.lua:4:", "not both");
    snprintf(text, sizeof text,
             "%skazi.norm { cadre = 'a', per_population = { group = 'children', size = 0 }, "
             "count = 1 }\n",
             base);
    expect_load_error(text, "decl.lua:4:", "'per_population.size' must be");
    snprintf(text, sizeof text, "%skazi.norm { cadre = 'a', per = 'ward', count = 1 }\n", base);
    expect_load_error(text, "decl.lua:4:", "no org-unit level 'ward'");
    snprintf(text, sizeof text, "%skazi.norm { cadre = 'b', per = 'village', count = 1 }\n", base);
    expect_load_error(text, "decl.lua:4:", "no cadre 'b'");
    snprintf(text, sizeof text,
             "%skazi.norm { cadre = 'a', per_population = { group = 'elders', size = 9 }, count = "
             "1 }\n",
             base);
    expect_load_error(text, "decl.lua:4:", "no population group 'elders'");
    snprintf(text, sizeof text,
             "%skazi.norm { cadre = 'a', per = 'village', count = 1 }\n"
             "kazi.norm { cadre = 'a', per_population = { group = 'children', size = 2000 }, "
             "count = 1 }\n",
             base);
    kazi_lua_gen *g = build1(text);
    if (!g) fail_msg("%s", kazi_error_last()->message);
    const json_t *norms = json_object_get(kazi_lua_gen_catalogue(g), "norms");
    assert_int_equal(json_array_size(norms), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(norms, 0), "id")),
                        "a:village");
    assert_string_equal(json_string_value(json_object_get(json_array_get(norms, 1), "id")),
                        "a:population:children");
    kt_lua_release(g);
}

/* kazi.pay: a minimum per cadre and engagement (issue 15, point 6). */
static void test_api__pay_minimums_per_cadre_and_engagement(void **state)
{
    (void)state;
    static const char cad[] = "kazi.group { id = 'g', name = 'G' }\n"
                              "kazi.cadre { id = 'a', name = 'A', group = 'g', level = 1 }\n";
    char text[1024];
    /* a misspelt engagement would leave its workers without a minimum */
    snprintf(text, sizeof text,
             "%skazi.pay { cadre = 'a', engagement = { 'volunteer', 'salary' }, amount = 1,\n"
             "  currency = 'TZS', period = 'month' }\n",
             cad);
    expect_load_error(text, "decl.lua:3:", "not \"salary\"");
    /* two minimums for one cadre and engagement: which one holds would be chance */
    snprintf(text, sizeof text,
             "%skazi.pay { cadre = 'a', engagement = { 'volunteer', 'stipend' }, amount = 1,\n"
             "  currency = 'TZS', period = 'month' }\n"
             "kazi.pay { id = 'a2', cadre = 'a', engagement = 'stipend', amount = 2, currency = "
             "'TZS', period = 'month' }\n",
             cad);
    expect_load_error(text, "decl.lua:5:", "already has a minimum for this engagement");
    /* a list, one engagement, and none (any other engagement) load side by side */
    snprintf(text, sizeof text,
             "%skazi.pay { cadre = 'a', engagement = { 'volunteer', 'stipend' }, amount = 1,\n"
             "  currency = 'TZS', period = 'month' }\n"
             "kazi.pay { cadre = 'a', engagement = 'salaried', amount = 3, currency = 'TZS', "
             "period = 'month' }\n"
             "kazi.pay { cadre = 'a', amount = 2, currency = 'TZS', period = 'month' }\n",
             cad);
    kazi_lua_gen *g = build1(text);
    assert_non_null(g);
    const json_t *pay = json_object_get(kazi_lua_gen_catalogue(g), "pay");
    assert_int_equal(json_array_size(pay), 3);
    const json_t *first = json_array_get(pay, 0);
    assert_string_equal(json_string_value(json_object_get(first, "id")), "a:volunteer+stipend");
    assert_int_equal(json_array_size(json_object_get(first, "engagement")), 2);
    kazi_lua_gen_unref(g);
}

/* A minimum by the week is a month's rounded as the country writes its currency: whole
 * units unless kazi.country{currency_decimals} says otherwise, which must be 0 to 3. */
static void test_api__a_monthly_minimum_is_rounded_as_the_currency_is_written(void **state)
{
    (void)state;
    static const char fmt[] = "kazi.group { id = 'g', name = 'G' }\n"
                              "kazi.cadre { id = 'a', name = 'A', group = 'g', level = 1 }\n"
                              "kazi.country { id = 'x', name = 'X', languages = { 'en' },\n"
                              "  currency = 'XXX', %s levels = { { id = 'n', name = 'N' } } }\n"
                              "kazi.pay { cadre = 'a', amount = 20000, currency = 'XXX', period = "
                              "'week' }\n";
    static const char *const decimals[] = {"", "currency_decimals = 2,"};
    static const double monthly[] = {86667, 86666.67};
    for (int i = 0; i < 2; i++) {
        char text[1024];
        snprintf(text, sizeof text, fmt, decimals[i]);
        kazi_lua_gen *g = build1(text);
        if (!g) fail_msg("it must load: %s", kazi_error_last()->message);
        const json_t *cat = kazi_lua_gen_catalogue(g);
        double m = kazi_pay_monthly(cat, json_array_get(json_object_get(cat, "pay"), 0));
        assert_float_equal(m, monthly[i], 1e-9);
        kazi_lua_gen_unref(g);
    }
    char text[1024];
    snprintf(text, sizeof text, fmt, "currency_decimals = 1.5,");
    expect_load_error(text,
                      "decl.lua:3:", "'currency_decimals' must be a whole number from 0 to 3");
    snprintf(text, sizeof text, fmt, "currency_decimals = 4,");
    expect_load_error(text,
                      "decl.lua:3:", "'currency_decimals' must be a whole number from 0 to 3");
}

static void test_api__para_jobs_must_meet_the_minimum_standard(void **state)
{
    (void)state;
    static const char std[] =
        "kazi.standard { id = 'min', name = 'Minimum', applies_to = 'para',\n"
        "  functions = { { id = 'identify', text = 'x' }, { id = 'assess', text = 'y' } } }\n"
        "kazi.cadre { id = 'p', name = 'P', group = 'g', level = 1, para = true }\n";
    char text[1024];
    snprintf(text, sizeof text, "%s", std);
    expect_load_error(text, "decl.lua:3:", "cadre 'p' has no job description");
    snprintf(text, sizeof text,
             "%skazi.job { cadre = 'p', purpose = 'x',\n functions = { { standard = 'identify', "
             "text = 'find' } } }\n",
             std);
    expect_load_error(text, "decl.lua:4:", "lacks functions of the minimum standard 'min': assess");
    snprintf(text, sizeof text,
             "%skazi.job { cadre = 'p', purpose = 'x', functions = { 'identify', { standard = "
             "'assess' } } }\n",
             std);
    kazi_lua_gen *g = build1(text);
    assert_non_null(g);
    kazi_lua_gen_unref(g);
}

/* #5 point 4: the configuration sets how strictly a minimum standard applies. */
static void test_api__standard_severity_comes_from_the_config(void **state)
{
    (void)state;
    static const char std[] =
        "kazi.standard { id = 'min', name = 'Minimum', applies_to = 'para',\n"
        "  functions = { { id = 'identify', text = 'x' }, { id = 'assess', text = 'y' } } }\n"
        "kazi.cadre { id = 'p', name = 'P', group = 'g', level = 1, para = true }\n"
        "kazi.job { cadre = 'p', purpose = 'x',\n functions = { 'identify' } }\n";
    char text[1024];
    snprintf(text, sizeof text, "%skazi.standards { min = 'warning' }\n", std);
    kazi_lua_gen *g = build1(text);
    if (!g) fail_msg("a warning must not stop loading: %s", kazi_error_last()->message);
    const json_t *cat = kazi_lua_gen_catalogue(g);
    json_t *w = json_object_get(cat, "warnings");
    assert_int_equal(json_array_size(w), 1);
    json_t *w0 = json_array_get(w, 0);
    assert_string_equal(json_string_value(json_object_get(w0, "file")), "decl.lua");
    assert_int_equal(json_integer_value(json_object_get(w0, "line")), 4);
    assert_string_equal(json_string_value(json_object_get(w0, "standard")), "min");
    assert_non_null(strstr(json_string_value(json_object_get(w0, "message")),
                           "decl.lua:4: the job description of cadre 'p' lacks functions of the "
                           "minimum standard 'min': assess"));
    json_t *s0 = json_array_get(json_object_get(cat, "standards"), 0);
    assert_string_equal(json_string_value(json_object_get(s0, "severity")), "warning");
    assert_string_equal(json_string_value(json_object_get(s0, "severity_source")), "decl.lua:6");
    kazi_lua_gen_unref(g);

    snprintf(text, sizeof text, "%skazi.standards { min = 'error' }\n", std);
    expect_load_error(text, "decl.lua:4:", "lacks functions of the minimum standard 'min': assess");
    expect_load_error(std, "decl.lua:4:", "lacks functions"); /* unset: error */
    snprintf(text, sizeof text, "%skazi.standards { other = 'warning' }\n", std);
    expect_load_error(text, "decl.lua:6:", "no standard 'other' is declared (declared: 'min')");
    snprintf(text, sizeof text, "%skazi.standards { min = 'loud' }\n", std);
    expect_load_error(text, "decl.lua:6:", "'min' must be \"error\" or \"warning\"");
    snprintf(text, sizeof text,
             "%skazi.standards { min = 'warning' }\nkazi.standards { min = 'error' }\n", std);
    expect_load_error(text, "decl.lua:7:", "set twice (first at decl.lua:6)");
    /* a complete job: no warning, and the default severity is shown */
    g = build1(
        "kazi.standard { id = 'min', name = 'M', applies_to = 'para', functions = { 'a' } }\n");
    assert_non_null(g);
    cat = kazi_lua_gen_catalogue(g);
    assert_int_equal(json_array_size(json_object_get(cat, "warnings")), 0);
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(cat, "standards"), 0), "severity")),
                        "error");
    kazi_lua_gen_unref(g);
}

/* kazi.country{default_language} is not read (the first language is the default): a
 * configuration naming it still loads (a live one keeps serving after an upgrade) but
 * carries a finding of severity "error", with file and line and what to do, that
 * validation refuses (docs/configuration.md, "Languages"). */
static void test_api__default_language_is_refused_with_what_to_do(void **state)
{
    (void)state;
    static const char fmt[] = "kazi.group { id = 'g', name = 'G' }\n"
                              "kazi.country { id = 'x', name = 'X', languages = { 'en', 'sw' },\n"
                              "  default_language = '%s', currency = 'XXX',\n"
                              "  levels = { { id = 'country', name = 'Country' } } }\n";
    static const char *const said[] = {"sw", "en"};
    static const char *const expect[] = {
        "decl.lua:2: kazi.country: default_language is not read: the default language is the "
        "first of languages ('en'); remove default_language, and list 'sw' first in languages "
        "to make it the default",
        "decl.lua:2: kazi.country: default_language is not read: the default language is the "
        "first of languages; remove default_language",
    };
    for (int i = 0; i < 2; i++) {
        char text[512];
        snprintf(text, sizeof text, fmt, said[i]);
        kazi_lua_gen *g = build1(text);
        if (!g) fail_msg("it must still load: %s", kazi_error_last()->message);
        const json_t *w = json_object_get(kazi_lua_gen_catalogue(g), "warnings");
        assert_int_equal(json_array_size(w), 1);
        const json_t *w0 = json_array_get(w, 0);
        assert_string_equal(json_string_value(json_object_get(w0, "file")), "decl.lua");
        assert_int_equal(json_integer_value(json_object_get(w0, "line")), 2);
        assert_string_equal(json_string_value(json_object_get(w0, "severity")), "error");
        assert_null(json_object_get(w0, "standard"));
        assert_string_equal(json_string_value(json_object_get(w0, "message")), expect[i]);
        kazi_lua_gen_unref(g);
    }
}

static void test_api__catalogue_lists_declarations_with_source(void **state)
{
    (void)state;
    kazi_lua_gen *g =
        build1("kazi.country { id = 'x', name = { en = 'X', sw = 'Eksi' }, languages = { 'en' }, "
               "currency = 'XXX',\n"
               "  levels = { { id = 'country', name = 'Country' } } }\n"
               "kazi.group { id = 'g', name = 'G' }\n"
               "kazi.cadre { id = 'a', name = { en = 'A', sw = 'Aa' }, group = 'g', level = 1 }\n"
               "kazi.certification { id = 'c', name = 'C', valid_years = 3, rule = function(d) "
               "return true end }\n"
               "kazi.hook('person.validate', function() return true end)\n"
               "kazi.test('t', function() end)\n");
    assert_non_null(g);
    const json_t *cat = kazi_lua_gen_catalogue(g);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(cat, "country"), "currency")), "XXX");
    const json_t *cadre = json_array_get(json_object_get(cat, "cadres"), 0);
    assert_string_equal(json_string_value(json_object_get(json_object_get(cadre, "name"), "sw")),
                        "Aa");
    assert_string_equal(json_string_value(json_object_get(cadre, "source")), "decl.lua:4");
    const json_t *cert = json_array_get(json_object_get(cat, "certifications"), 0);
    assert_true(json_is_true(json_object_get(cert, "has_rule")));
    assert_null(json_object_get(cert, "rule")); /* functions are not data */
    assert_int_equal(json_array_size(json_object_get(cat, "hooks")), 1);
    assert_int_equal(json_array_size(json_object_get(cat, "tests")), 1);
    assert_string_equal(kazi_lua_gen_source_id(g), "c1");
    kazi_lua_gen_unref(g);
}

static const char rules_lua[] =
    "kazi.group { id = 'g', name = 'G' }\n"
    "kazi.cadre { id = 'a', name = 'A', group = 'g', level = 1 }\n"
    "kazi.cadre { id = 'b', name = 'B', group = 'g', level = 2 }\n"
    "kazi.move { from = 'a', to = 'b', kind = 'vertical', requires = function(d)\n"
    "  local missing = {}\n"
    "  if (d.supervised_hours or 0) < 40 then missing[#missing + 1] = 'forty supervised hours' "
    "end\n"
    "  for _, c in ipairs(d.courses) do if c.id == 'x' then return #missing == 0, missing end end\n"
    "  missing[#missing + 1] = { en = 'course x', sw = 'kozi x' }\n"
    "  return false, missing\n"
    "end }\n"
    "kazi.certification { id = 'bad', name = 'B', rule = function(d) return 'yes' end }\n"
    "kazi.field { id = 'nida', applies_to = 'person', type = 'text', label = { en = 'NIDA' },\n"
    "  pattern = '^%d+$', validate = function(v, r) return #v == 4, 'must have 4 digits' end }\n"
    "kazi.field { id = 'langs', applies_to = 'person', type = 'multichoice', required = true,\n"
    "  label = 'Languages', options = { 'sw', 'en' } }\n"
    "kazi.hook('person.validate', function(r)\n"
    "  if r.person.birth_date and r.person.birth_date > '2026-01-01' then\n"
    "    return false, 'person.birth_date', 'is in the future' end\n"
    "  return true\n"
    "end)\n"
    "kazi.hook('position.validate', function(r) error('hook crashed') end)\n"
    "kazi.certification { id = 'odd', name = 'O', rule = function(d) return false, { 'x', 5 } end "
    "}\n";

static void test_rules__decision_missing_and_source(void **state)
{
    (void)state;
    kazi_lua_gen *g = build1(rules_lua);
    assert_non_null(g);
    json_t *d = json_pack("{s:i,s:[{s:s}]}", "supervised_hours", 12, "courses", "id", "y"), *out;
    assert_int_equal(kazi_lua_rule(&out, g, "move", "a->b", d), KAZI_OK);
    assert_false(json_is_true(json_object_get(out, "eligible")));
    json_t *missing = json_object_get(out, "missing");
    assert_int_equal(json_array_size(missing), 2);
    assert_string_equal(json_string_value(json_array_get(missing, 0)), "forty supervised hours");
    assert_string_equal(json_string_value(json_object_get(json_array_get(missing, 1), "sw")),
                        "kozi x");
    assert_string_equal(json_string_value(json_object_get(out, "source")), "c1");
    json_decref(out);
    json_decref(d);
    d = json_pack("{s:i,s:[{s:s}]}", "supervised_hours", 50, "courses", "id", "x");
    assert_int_equal(kazi_lua_rule(&out, g, "move", "a->b", d), KAZI_OK);
    assert_true(json_is_true(json_object_get(out, "eligible")));
    json_decref(out);
    assert_int_equal(kazi_lua_rule(&out, g, "move", "nope", d), KAZI_ENOTFOUND);
    assert_int_equal(kazi_lua_rule(&out, g, "certification", "bad", d), KAZI_EPLUGIN);
    assert_non_null(strstr(kazi_error_last()->message, "must return true or false"));
    json_decref(d);
    kazi_lua_gen_unref(g);
}

/* Counting callers (batch eligibility, impact previews) get the same decisions and
 * counts without the JSON of what is missing, and malformed answers still fail. */
static void test_rules__count_matches_eval_without_json(void **state)
{
    (void)state;
    kazi_lua_gen *g = build1(rules_lua);
    assert_non_null(g);
    enum { N = 300 };
    json_t *ds[N];
    for (int i = 0; i < N; i++)
        ds[i] = json_pack("{s:i,s:[{s:s}]}", "supervised_hours", i % 80, "courses", "id",
                          i % 3 ? "x" : "y");
    static kazi_lua_decision full[N], counted[N];
    assert_int_equal(kazi_lua_rules_eval(full, g, "move", "a->b", ds, N), KAZI_OK);
    assert_int_equal(kazi_lua_rules_count(counted, g, "move", "a->b", ds, N), KAZI_OK);
    int eligible = 0;
    for (int i = 0; i < N; i++) {
        assert_int_equal(counted[i].eligible, full[i].eligible);
        assert_null(counted[i].missing);
        assert_int_equal(counted[i].nmissing, json_array_size(full[i].missing));
        assert_int_equal(full[i].nmissing, json_array_size(full[i].missing));
        assert_int_equal(counted[i].eligible, (i % 80) >= 40 && i % 3 != 0);
        assert_string_equal(counted[i].source, "c1");
        eligible += counted[i].eligible;
        json_decref(full[i].missing);
    }
    assert_true(eligible > 0 && eligible < N);
    /* a malformed answer is that dossier's error, with the rule's file and line */
    assert_int_equal(kazi_lua_rules_count(counted, g, "certification", "bad", ds, 1), KAZI_OK);
    assert_false(counted[0].eligible);
    assert_non_null(strstr(json_string_value(json_object_get(counted[0].error, "message")),
                           "must return true or false"));
    assert_string_equal(json_string_value(json_object_get(counted[0].error, "file")), "decl.lua");
    assert_true(json_integer_value(json_object_get(counted[0].error, "line")) > 0);
    json_decref(counted[0].error);
    assert_int_equal(kazi_lua_rules_count(counted, g, "certification", "odd", ds, 1), KAZI_OK);
    assert_non_null(strstr(json_string_value(json_object_get(counted[0].error, "message")),
                           "missing[2] must be text"));
    json_decref(counted[0].error);
    assert_int_equal(kazi_lua_rules_count(counted, g, "move", "nope", ds, 1), KAZI_ENOTFOUND);
    for (int i = 0; i < N; i++)
        json_decref(ds[i]);
    kazi_lua_gen_unref(g);
}

static void test_hooks__invalid_record_names_the_field(void **state)
{
    (void)state;
    kazi_lua_gen *g = build1(rules_lua);
    assert_non_null(g);
    json_t *rec = json_pack("{s:{s:s},s:{s:[s]}}", "person", "birth_date", "1990-01-01", "fields",
                            "langs", "sw");
    assert_int_equal(kazi_lua_run_hook(g, "person.validate", rec), KAZI_OK);
    json_object_set_new(json_object_get(rec, "person"), "birth_date", json_string("2030-01-01"));
    assert_int_equal(kazi_lua_run_hook(g, "person.validate", rec), KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "person.birth_date");
    assert_string_equal(kazi_error_last()->message, "is in the future");
    json_object_set_new(json_object_get(rec, "person"), "birth_date", json_string("1990-01-01"));
    /* custom fields: required, options, pattern, validate function */
    json_object_del(json_object_get(rec, "fields"), "langs");
    assert_int_equal(kazi_lua_run_hook(g, "person.validate", rec), KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "fields.langs");
    json_object_set_new(json_object_get(rec, "fields"), "langs", json_pack("[s]", "fr"));
    assert_int_equal(kazi_lua_run_hook(g, "person.validate", rec), KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "fields.langs");
    json_object_set_new(json_object_get(rec, "fields"), "langs", json_pack("[s,s]", "sw", "en"));
    json_object_set_new(json_object_get(rec, "fields"), "nida", json_string("12a4"));
    assert_int_equal(kazi_lua_run_hook(g, "person.validate", rec), KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "fields.nida");
    assert_non_null(strstr(kazi_error_last()->message, "expected form"));
    json_object_set_new(json_object_get(rec, "fields"), "nida", json_string("12345"));
    assert_int_equal(kazi_lua_run_hook(g, "person.validate", rec), KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->message, "NIDA must have 4 digits");
    json_object_set_new(json_object_get(rec, "fields"), "nida", json_string("1234"));
    assert_int_equal(kazi_lua_run_hook(g, "person.validate", rec), KAZI_OK);
    /* a crashing hook is a plugin error naming file and line, not a validation error */
    json_t *position = json_object(); /* (the person's custom fields are not a position's) */
    assert_int_equal(kazi_lua_run_hook(g, "position.validate", position), KAZI_EPLUGIN);
    json_decref(position);
    assert_non_null(strstr(kazi_error_last()->message, "decl.lua:21: hook crashed"));
    /* an event without hooks is fine */
    assert_int_equal(kazi_lua_run_hook(g, "training.validate", rec), KAZI_OK);
    json_decref(rec);
    kazi_lua_gen_unref(g);
}

static void test_hooks__tanzania_nida_fixture(void **state)
{
    (void)state;
    char dir[1024];
    assert_int_equal(kazi_install_country_dir(dir, sizeof dir, NULL, "tanzania"), KAZI_OK);
    kazi_lua_gen *g;
    assert_int_equal(kazi_plugins_load_dir(&g, dir, NULL), KAZI_OK);
    json_t *rec = json_pack("{s:{s:s},s:{s:s,s:[s]}}", "person", "birth_date", "1996-04-02",
                            "fields", "nida", "19960402-12345-00001-22", "languages", "sw");
    assert_int_equal(kazi_lua_run_hook(g, "person.validate", rec), KAZI_OK);
    json_object_set_new(json_object_get(rec, "fields"), "nida",
                        json_string("19960403-12345-00001-22"));
    assert_int_equal(kazi_lua_run_hook(g, "person.validate", rec), KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "fields.nida");
    json_decref(rec);
    kazi_lua_gen_unref(g);
}

static void test_generations__requests_finish_on_the_generation_they_pinned(void **state)
{
    (void)state;
    const char *p[] = {"a.lua"};
    const char *v1[] = {
        "kazi.certification { id = 'c', name = 'C', rule = function() return true, {} end }"};
    const char *v2[] = {"kazi.certification { id = 'c', name = 'C', rule = function() return "
                        "false, { 'new rule' } end }"};
    kazi_lua_gen *g1 = build_files(p, v1, 1, "commit-1"), *g2 = build_files(p, v2, 1, "commit-2");
    assert_non_null(g1);
    assert_non_null(g2);
    assert_true(kazi_lua_gen_number(g2) > kazi_lua_gen_number(g1));
    kazi_lua_activate(g1);
    kazi_lua_gen_unref(g1);
    kazi_lua_gen *pinned = kazi_lua_current(); /* a request starts */
    kazi_lua_activate(g2);                     /* a new version goes live meanwhile */
    kazi_lua_gen_unref(g2);
    json_t *d = json_object(), *out;
    assert_int_equal(kazi_lua_rule(&out, pinned, "certification", "c", d), KAZI_OK);
    assert_true(json_is_true(json_object_get(out, "eligible")));
    assert_string_equal(json_string_value(json_object_get(out, "source")), "commit-1");
    json_decref(out);
    kazi_lua_gen_unref(pinned); /* the request ends; commit-1 is freed */
    assert_int_equal(kazi_lua_rule(&out, NULL, "certification", "c", d), KAZI_OK);
    assert_false(json_is_true(json_object_get(out, "eligible")));
    assert_string_equal(json_string_value(json_object_get(out, "source")), "commit-2");
    json_decref(out);
    json_decref(d);
    kazi_lua_shutdown();
    assert_null(kazi_lua_current());
    assert_int_equal(kazi_lua_rule(&out, NULL, "certification", "c", d), KAZI_EBUSY);
}

static void test_tests__config_tests_report_failures(void **state)
{
    (void)state;
    kazi_lua_gen *g = build1(
        "kazi.certification { id = 'c', name = 'C', rule = function(d) return d.age >= 18, {} end "
        "}\n"
        "kazi.test('adult', function(t) t.eq(t.certification('c', { age = 20 }), true) end)\n"
        "kazi.test('child', function(t) t.eq(t.certification('c', { age = 10 }), true) end)\n");
    assert_non_null(g);
    json_t *results;
    int failed;
    assert_int_equal(kazi_lua_run_tests(&results, &failed, g), KAZI_OK);
    assert_int_equal(failed, 1);
    assert_true(json_is_true(json_object_get(json_array_get(results, 0), "ok")));
    json_t *bad = json_array_get(results, 1);
    assert_false(json_is_true(json_object_get(bad, "ok")));
    assert_non_null(strstr(json_string_value(json_object_get(bad, "error")),
                           "decl.lua:3: expected true, got false"));
    json_decref(results);
    kazi_lua_gen_unref(g);
}

/* Reports against a real database through the read-only connection. */
static char tmp[] = "/tmp/kazi-test-lua-api-XXXXXX";

static void test_reports__q_reads_published_views_only(void **state)
{
    (void)state;
    char data[256];
    assert_int_equal(kt_install(data, sizeof data, tmp, "tanzania"), KAZI_OK);
    kazi_lua_gen *g =
        build1("kazi.report { id = 'ok', title = 'OK', params = { { id = 'min', type = 'integer', "
               "required = true } },\n"
               "  columns = { 'country', 'n' },\n"
               "  run = function(p, q) local rows = q('SELECT country FROM report_installation') \n"
               "    return { { country = rows[1].country, n = p.min } } end }\n"
               "kazi.report { id = 'sneaky', title = 'S', run = function(p, q) return q('SELECT * "
               "FROM kazi_meta') end }\n"
               "kazi.report { id = 'writer', title = 'W', run = function(p, q) return q('DELETE "
               "FROM kazi_meta') end }\n"
               "kazi.report { id = 'caught', title = 'C', run = function(p, q)\n"
               "  local ok, err = pcall(q, 'SELECT * FROM sqlite_master') return { { ok = ok, err "
               "= err } } end }\n");
    assert_non_null(g);
    json_t *params = json_pack("{s:i}", "min", 3), *out;
    if (kazi_lua_report_run(&out, g, "ok", params, NULL) != KAZI_OK)
        fail_msg("%s", kazi_error_last()->message);
    json_t *row = json_array_get(json_object_get(out, "rows"), 0);
    assert_string_equal(json_string_value(json_object_get(row, "country")), "tanzania");
    assert_int_equal(json_integer_value(json_object_get(row, "n")), 3);
    assert_string_equal(json_string_value(json_array_get(json_object_get(out, "columns"), 1)), "n");
    json_decref(out);
    json_t *empty = json_object();
    assert_int_equal(kazi_lua_report_run(&out, g, "ok", empty, NULL), KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "min");
    /* a query the authorizer refuses is a refusal (403), not a plugin fault */
    assert_int_equal(kazi_lua_report_run(&out, g, "sneaky", NULL, NULL), KAZI_EDENIED);
    assert_non_null(strstr(kazi_error_last()->message, "published views"));
    assert_string_equal(kazi_error_last()->field, "sql");
    assert_int_equal(kazi_lua_report_run(&out, g, "writer", NULL, NULL), KAZI_EDENIED);
    assert_int_equal(kazi_lua_report_run(&out, g, "caught", NULL, NULL), KAZI_OK);
    row = json_array_get(json_object_get(out, "rows"), 0);
    assert_false(json_is_true(json_object_get(row, "ok")));
    json_decref(out);
    assert_int_equal(kazi_lua_report_run(&out, g, "nope", NULL, NULL), KAZI_ENOTFOUND);
    /* the data is intact */
    assert_int_equal(kazi_lua_report_run(&out, g, "ok", params, NULL), KAZI_OK);
    json_decref(out);
    json_decref(params);
    json_decref(empty);
    kazi_lua_gen_unref(g);
}

static void test_reports__csv_quotes_and_defuses_formulas(void **state)
{
    (void)state;
    json_t *r = json_pack("{s:[s,s,s],s:[{s:s,s:i,s:s},{s:s,s:n,s:s}]}", "columns", "a", "b", "c",
                          "rows", "a", "x,y", "b", 1, "c", "=HYPERLINK(\"x\")", "a", "say \"hi\"",
                          "b", "c", "plain");
    char *text;
    size_t len;
    assert_int_equal(kazi_report_csv(&text, &len, r), KAZI_OK);
    assert_string_equal(
        text, "a,b,c\r\n\"x,y\",1,\"'=HYPERLINK(\"\"x\"\")\"\r\n\"say \"\"hi\"\"\",,plain\r\n");
    free(text);
    json_decref(r);
}

/* The adapters the configuration repository calls: validation loads and tests a
 * commit's files; activation swaps the generation in. */
static void test_plugins__validate_and_activate_a_lent_source(void **state)
{
    (void)state;
    const char *p[] = {"country.lua", "tests/t.lua"};
    const char *good[] = {
        "kazi.certification { id = 'c', name = 'C', rule = function(d) return true, {} end }\n",
        "kazi.test('fine', function(t) t.eq(t.certification('c', {}), true) end)\n"};
    const char *failing[] = {good[0], "kazi.test('broken', function(t)\n  t.eq(1, 2)\nend)\n"};
    const char *broken[] = {"kazi.cadre { id = 'x' }\n", "\n"};
    kazi_config_source *src;
    json_t *errors = json_array();
    assert_int_equal(kazi_config_source_memory(&src, "aaaa", p, good, NULL, 2), KAZI_OK);
    assert_int_equal(kazi_plugins_validate(src, errors, NULL), KAZI_OK);
    assert_int_equal(json_array_size(errors), 0);
    void *prepared;
    assert_int_equal(kazi_plugins_prepare(&prepared, src, NULL), KAZI_OK);
    kazi_config_source_free(src); /* lent only for the call: the generation keeps a copy */
    kazi_plugins_commit(prepared, NULL);
    kazi_lua_gen *g = kazi_lua_current();
    assert_string_equal(kazi_lua_gen_source_id(g), "aaaa");
    json_t *out, *d = json_object();
    assert_int_equal(kazi_lua_rule(&out, g, "certification", "c", d), KAZI_OK);
    json_decref(out);
    json_decref(d);
    kazi_lua_gen_unref(g);
    kazi_lua_shutdown();

    assert_int_equal(kazi_config_source_memory(&src, "bbbb", p, failing, NULL, 2), KAZI_OK);
    assert_int_equal(kazi_plugins_validate(src, errors, NULL), KAZI_OK);
    assert_int_equal(json_array_size(errors), 1);
    json_t *e = json_array_get(errors, 0);
    assert_string_equal(json_string_value(json_object_get(e, "file")), "tests/t.lua");
    assert_int_equal(json_integer_value(json_object_get(e, "line")), 2);
    kazi_config_source_free(src);

    json_array_clear(errors);
    assert_int_equal(kazi_config_source_memory(&src, "cccc", p, broken, NULL, 2), KAZI_OK);
    assert_int_equal(kazi_plugins_validate(src, errors, NULL), KAZI_OK);
    assert_int_equal(json_array_size(errors), 1);
    assert_non_null(strstr(json_string_value(json_object_get(json_array_get(errors, 0), "message")),
                           "country.lua:1: kazi.cadre: 'name' is required"));
    assert_int_equal(kazi_plugins_prepare(&prepared, src, NULL), KAZI_EPLUGIN);
    kazi_config_source_free(src);
    json_decref(errors);
}

/* A configuration's org-unit levels reach the hierarchy when it is activated. */
static void test_plugins__activation_sets_org_unit_levels(void **state)
{
    (void)state;
    char dir[1024];
    kazi_lua_gen *g;
    assert_int_equal(kazi_install_country_dir(dir, sizeof dir, NULL, "kenya"), KAZI_OK);
    assert_int_equal(kazi_plugins_load_dir(&g, dir, NULL), KAZI_OK);
    assert_int_equal(kazi_plugins_activate(g), KAZI_OK);
    kazi_lua_gen_unref(g);
    assert_int_equal(kazi_orgunit_level_count(), 5);
    assert_string_equal(kazi_orgunit_level_id(1), "county");
    assert_string_equal(kazi_orgunit_level_id(4), "location");
    assert_int_equal(kazi_install_country_dir(dir, sizeof dir, NULL, "tanzania"), KAZI_OK);
    assert_int_equal(kazi_plugins_load_dir(&g, dir, NULL), KAZI_OK);
    assert_int_equal(kazi_plugins_activate(g), KAZI_OK);
    kazi_lua_gen_unref(g);
    assert_string_equal(kazi_orgunit_level_id(1), "region");
    kazi_lua_shutdown();
}

static int setup(void **state)
{
    (void)state;
    kazi_log_set_level(KAZI_LOG_ERROR + 1);
    kazi_registry_field_check_install(); /* custom fields are the domain's check */
    return kt_tmpdir(tmp);
}

static int teardown(void **state)
{
    (void)state;
    kazi_lua_thread_exit();
    kazi_store_thread_close();
    return kt_rmtree(tmp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_api__argument_errors_name_file_and_line),
        cmocka_unit_test(test_api__references_are_checked_after_loading),
        cmocka_unit_test(test_api__pay_minimums_per_cadre_and_engagement),
        cmocka_unit_test(test_api__a_monthly_minimum_is_rounded_as_the_currency_is_written),
        cmocka_unit_test(test_api__para_jobs_must_meet_the_minimum_standard),
        cmocka_unit_test(test_api__standard_severity_comes_from_the_config),
        cmocka_unit_test(test_api__default_language_is_refused_with_what_to_do),
        cmocka_unit_test(test_api__catalogue_lists_declarations_with_source),
        cmocka_unit_test(test_rules__decision_missing_and_source),
        cmocka_unit_test(test_rules__count_matches_eval_without_json),
        cmocka_unit_test(test_hooks__invalid_record_names_the_field),
        cmocka_unit_test(test_hooks__tanzania_nida_fixture),
        cmocka_unit_test(test_generations__requests_finish_on_the_generation_they_pinned),
        cmocka_unit_test(test_tests__config_tests_report_failures),
        cmocka_unit_test(test_api__supervision_and_activity_declarations),
        cmocka_unit_test(test_reports__q_reads_published_views_only),
        cmocka_unit_test(test_reports__csv_quotes_and_defuses_formulas),
        cmocka_unit_test(test_plugins__validate_and_activate_a_lent_source),
        cmocka_unit_test(test_plugins__activation_sets_org_unit_levels),
        cmocka_unit_test(test_api__norms_name_a_cadre_and_a_level_or_population_group),
        cmocka_unit_test(test_api__demo_names_are_declared_and_checked),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
