/* kazi.dhis2{}: a mapping of Kazi's figures to DHIS2 is checked when the configuration
 * loads, and every mistake is an error naming the file and the line of the declaration:
 * an unknown figure, a missing code, a cadre, sex, activity or level that is not
 * declared, a dimension the figure does not have, a data element mapped twice, an
 * indicator that is not declared, a breakdown it does not offer, a value kind not its. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "domain/dhis2_figures.h"
#include "fixture.h"
#include "lua/dhis2.h"
#include "lua/runtime.h"
#include "util/error.h"

/* A country with two levels, a cadre and an activity type; the mapping follows on line 5. */
static const char base[] =
    "kazi.country { id = 'x', name = 'X', languages = {'en'}, currency = 'TZS',\n"
    "  levels = { { id = 'country', name = 'C' }, { id = 'district', name = 'D' } } }\n"
    "kazi.cadre { id = 'psw', name = 'PSW', group = 'g', level = 1 }\n"
    "kazi.activity { id = 'home-visits', name = 'Home visits' }\n";

static kazi_lua_gen *build(const char *mapping)
{
    char text[4096];
    snprintf(text, sizeof text, "%s%s", base, mapping);
    return kt_lua_gen1("dhis2.lua", text, NULL);
}

#define OU "org_units = { levels = { 'district' } }, "

static void expect_error(const char *mapping, const char *words)
{
    kazi_lua_gen *g = build(mapping);
    if (g) {
        kazi_lua_gen_unref(g);
        fail_msg("loaded but should not: %s", mapping);
    }
    const kazi_error *e = kazi_error_last();
    assert_int_equal(e->code, KAZI_EPLUGIN);
    if (!strstr(e->message, "dhis2.lua:5:") || !strstr(e->message, words))
        fail_msg("expected 'dhis2.lua:5:' and '%s' in: %s", words, e->message);
}

static void test_dhis2__a_good_mapping_loads_into_the_catalogue(void **state)
{
    (void)state;
    kazi_lua_gen *g = build(
        "kazi.dhis2 { data_set = 'DS', id_scheme = 'code', " OU
        "values = { { figure = 'headcount', cadre = 'psw', sex = 'female', data_element = 'HC', "
        "category_option_combo = 'F' }, { figure = 'headcount', cadre = 'psw', data_element = "
        "'HC' }, { figure = 'activity', activity = 'home-visits', data_element = 'HV' } } }\n");
    if (!g) fail_msg("%s", kazi_error_last()->message);
    const json_t *d = json_object_get(kazi_lua_gen_catalogue(g), "dhis2");
    assert_string_equal(json_string_value(json_object_get(d, "data_set")), "DS");
    assert_int_equal(json_array_size(json_object_get(d, "values")), 3);
    assert_string_equal(json_string_value(json_object_get(d, "source")), "dhis2.lua:5");
    kazi_lua_gen_unref(g);
}

static void test_dhis2__mistakes_name_file_and_line(void **state)
{
    (void)state;
    expect_error("kazi.dhis2 { data_set = 'DS', " OU
                 "values = { { figure = 'nurses', data_element = 'N' } } }\n",
                 "values[1]: no figure 'nurses' (known: headcount, positions_approved");
    expect_error("kazi.dhis2 { data_set = 'DS', " OU "values = { { figure = 'headcount' } } }\n",
                 "values[1] (headcount): 'data_element' is required");
    expect_error("kazi.dhis2 { data_set = 'DS', " OU
                 "values = { { figure = 'headcount', cadre = 'nurse', data_element = 'N' } } }\n",
                 "no cadre 'nurse' is declared");
    expect_error("kazi.dhis2 { data_set = 'DS', " OU
                 "values = { { figure = 'headcount', sex = 'f', data_element = 'N' } } }\n",
                 "sex must be \"female\", \"male\", \"other\" or \"unknown\", not \"f\"");
    expect_error(
        "kazi.dhis2 { data_set = 'DS', " OU
        "values = { { figure = 'activity', activity = 'dancing', data_element = 'N' } } }\n",
        "no activity 'dancing' is declared");
    expect_error(
        "kazi.dhis2 { data_set = 'DS', " OU
        "values = { { figure = 'positions_vacant', sex = 'male', data_element = 'N' } } }\n",
        "figure 'positions_vacant' is not broken down by sex");
    expect_error("kazi.dhis2 { data_set = 'DS', org_units = { levels = { 'ward' } }, "
                 "values = { { figure = 'headcount', data_element = 'N' } } }\n",
                 "org_units.levels[1]: kazi.country declares no level 'ward'");
    expect_error("kazi.dhis2 { data_set = '', " OU
                 "values = { { figure = 'headcount', data_element = 'N' } } }\n",
                 "'data_set' must be the DHIS2 data set's id or code");
    expect_error("kazi.dhis2 { data_set = 'DS', id_scheme = 'name', " OU
                 "values = { { figure = 'headcount', data_element = 'N' } } }\n",
                 "'id_scheme' must be \"uid\" or \"code\"");
    expect_error("kazi.dhis2 { data_set = 'DS', " OU
                 "values = { { figure = 'headcount', data_element = 'N', category_option_combo = "
                 "'F' }, { figure = 'certified', data_element = 'N', category_option_combo = 'F' } "
                 "} }\n",
                 "values[2] maps data element 'N' with combo F again (first in values[1])");
    expect_error("kazi.dhis2 { data_set = 'DS', " OU
                 "values = { { figure = 'headcount', data_element = 'N', colour = 'red' } } }\n",
                 "unknown field 'colour'");
    expect_error("kazi.dhis2 { data_set = 'DS', " OU "values = {} }\n",
                 "'values' must list what each figure is in DHIS2");
}

/* An indicator report (offering breakdowns none and sex) and a report that is not an
 * indicator, declared after the mapping (which stays on line 5). */
#define REPORTS                                                                                    \
    "kazi.report { id = 'ind-x', title = 'X', indicator = { unit = 'count' }, params = { { id "    \
    "= 'breakdown', type = 'text', options = { 'none', 'sex' } } }, run = function() return {} "   \
    "end }\n"                                                                                      \
    "kazi.report { id = 'plain', title = 'P', run = function() return {} end }\n"

static void test_dhis2__an_indicator_value_names_a_declared_indicator(void **state)
{
    (void)state;
    kazi_lua_gen *g = build("kazi.dhis2 { data_set = 'DS', " OU
                            "values = { { indicator = 'ind-x', value = 'numerator', data_element = "
                            "'I' }, { indicator = 'ind-x', breakdown = 'sex', group = 'female', "
                            "data_element = 'I', category_option_combo = 'F' } } }\n" REPORTS);
    if (!g) fail_msg("%s", kazi_error_last()->message);
    kazi_lua_gen_unref(g);
    expect_error("kazi.dhis2 { data_set = 'DS', " OU
                 "values = { { indicator = 'ind-nope', data_element = 'I' } } }\n" REPORTS,
                 "values[1]: no indicator 'ind-nope' is declared");
    expect_error("kazi.dhis2 { data_set = 'DS', " OU
                 "values = { { indicator = 'plain', data_element = 'I' } } }\n" REPORTS,
                 "values[1]: no indicator 'plain' is declared");
    expect_error("kazi.dhis2 { data_set = 'DS', " OU
                 "values = { { indicator = 'ind-x', breakdown = 'cadre', group = 'psw', "
                 "data_element = 'I' } } }\n" REPORTS,
                 "values[1] (ind-x): indicator 'ind-x' offers no breakdown 'cadre'");
    expect_error(
        "kazi.dhis2 { data_set = 'DS', " OU
        "values = { { indicator = 'ind-x', value = 'rate', data_element = 'I' } } }\n" REPORTS,
        "values[1] (ind-x): value must be \"numerator\", \"value\" or \"denominator\"");
    expect_error(
        "kazi.dhis2 { data_set = 'DS', " OU
        "values = { { indicator = 'ind-x', breakdown = 'sex', data_element = 'I' } } }\n" REPORTS,
        "a breakdown needs the 'group' sent");
    expect_error(
        "kazi.dhis2 { data_set = 'DS', " OU
        "values = { { indicator = 'ind-x', group = 'female', data_element = 'I' } } }\n" REPORTS,
        "'group' needs a 'breakdown'");
    expect_error("kazi.dhis2 { data_set = 'DS', " OU
                 "values = { { indicator = 'ind-x', figure = 'headcount', data_element = 'I' } } "
                 "}\n" REPORTS,
                 "name a figure or an indicator, not both");
    expect_error("kazi.dhis2 { data_set = 'DS', " OU
                 "values = { { indicator = 'ind-x' } } }\n" REPORTS,
                 "values[1] (ind-x): 'data_element' is required");
}

static void test_dhis2__only_known_fields_and_a_data_set(void **state)
{
    (void)state;
    expect_error("kazi.dhis2 { data_set = 'DS', " OU "values = {}, server = 'x' }\n",
                 "unknown field 'server'");
    expect_error("kazi.dhis2 { " OU "values = {} }\n", "'data_set' is required");
}

static void test_dhis2__every_figure_has_a_provider(void **state)
{
    (void)state;
    assert_true(kazi_dhis2_figures_complete());
    for (int i = 0; i < KAZI_DHIS2_NFIGURES; i++)
        assert_int_equal(kazi_dhis2_figure_find(kazi_dhis2_figures[i].name), i);
    assert_int_equal(kazi_dhis2_figure_find("nurses"), -1);
}

static int teardown(void **state)
{
    (void)state;
    kazi_lua_thread_exit();
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dhis2__a_good_mapping_loads_into_the_catalogue),
        cmocka_unit_test(test_dhis2__mistakes_name_file_and_line),
        cmocka_unit_test(test_dhis2__an_indicator_value_names_a_declared_indicator),
        cmocka_unit_test(test_dhis2__only_known_fields_and_a_data_set),
        cmocka_unit_test(test_dhis2__every_figure_has_a_provider),
    };
    return cmocka_run_group_tests(tests, NULL, teardown);
}
