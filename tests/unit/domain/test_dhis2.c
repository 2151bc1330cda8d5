/* domain/dhis2: the org-unit id scheme of kazi.dhis2{} (uid needs a DHIS2 id for every
 * reported unit; code sends the Kazi code unless mapped), and the periods DHIS2 names
 * (monthly, quarterly, yearly) with their ADX form, and an indicator's rows as values
 * (value, numerator, denominator, a group; an empty number left out). The documents' values are
 * checked end to end in tests/api/dhis2.test.mjs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "domain/dhis2.h"
#include "fixture.h"
#include "util/error.h"

static const char country[] =
    "kazi.country { id = 'x', name = 'X', languages = {'en'}, currency = 'TZS',\n"
    "  levels = { { id = 'country', name = 'C' }, { id = 'village', name = 'V' } } }\n";

static kazi_lua_gen *mapping(const char *org_units)
{
    char text[2048];
    snprintf(text, sizeof text,
             "%skazi.dhis2 { data_set = 'pBOMPrpg1QX', attribute_option_combo = 'HllvX50cXC0', "
             "org_units = %s, values = { { figure = 'positions_approved', data_element = "
             "'f7n9E0hX8qk' } } }\n",
             country, org_units);
    kazi_lua_gen *g = kt_lua_gen1("dhis2.lua", text, NULL);
    if (!g) fail_msg("%s", kazi_error_last()->message);
    return g;
}

static void test_dhis2__uid_org_units_need_a_map_entry(void **state)
{
    (void)state;
    kazi_dhis2_doc doc;
    kazi_lua_gen *g = mapping("{ levels = { 'country' }, id_scheme = 'uid' }");
    assert_int_equal(
        kazi_dhis2_export(&doc, kt_db, kazi_caller_cli(), g, "202611", KAZI_DHIS2_JSON, NULL),
        KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "dhis2");
    assert_non_null(strstr(kazi_error_last()->message, "org unit TZ (Tanzania) has no DHIS2 id"));
    kazi_lua_gen_unref(g);

    g = mapping("{ levels = { 'country' }, id_scheme = 'uid', map = { TZ = 'ImspTQPwCqd' } }");
    assert_int_equal(
        kazi_dhis2_export(&doc, kt_db, kazi_caller_cli(), g, "202611", KAZI_DHIS2_JSON, NULL),
        KAZI_OK);
    assert_string_equal(doc.org_unit_scheme, "uid");
    assert_string_equal(doc.id_scheme, "uid");
    json_t *d = json_loads(doc.data, 0, NULL);
    json_t *v = json_array_get(json_object_get(d, "dataValues"), 0);
    assert_string_equal(json_string_value(json_object_get(v, "orgUnit")), "ImspTQPwCqd");
    assert_string_equal(json_string_value(json_object_get(d, "attributeOptionCombo")),
                        "HllvX50cXC0");
    assert_string_equal(json_string_value(json_object_get(d, "orgUnitIdScheme")), "uid");
    json_decref(d);
    kazi_dhis2_doc_free(&doc);
    kazi_lua_gen_unref(g);

    /* by code (the default), a unit without a map entry goes by its Kazi code */
    g = mapping("{ levels = { 'country' } }");
    assert_int_equal(
        kazi_dhis2_export(&doc, kt_db, kazi_caller_cli(), g, "2026Q1", KAZI_DHIS2_ADX, NULL),
        KAZI_OK);
    assert_string_equal(doc.org_unit_scheme, "code");
    assert_string_equal(doc.content_type, "application/adx+xml");
    assert_non_null(strstr(doc.data, "<group orgUnit=\"TZ\" period=\"2026-01-01/P3M\" "
                                     "dataSet=\"pBOMPrpg1QX\" "
                                     "attributeOptionCombo=\"HllvX50cXC0\">"));
    kazi_dhis2_doc_free(&doc);
    kazi_lua_gen_unref(g);
}

static void test_dhis2__periods(void **state)
{
    (void)state;
    kazi_lua_gen *g = mapping("{ levels = { 'country' } }");
    static const struct {
        const char *period, *adx;
    } good[] = {{"202402", "2024-02-01/P1M"},
                {"2026Q4", "2026-10-01/P3M"},
                {"2025", "2025-01-01/P1Y"},
                {"202612", "2026-12-01/P1M"}};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        kazi_dhis2_doc doc;
        assert_int_equal(kazi_dhis2_export(&doc, kt_db, kazi_caller_cli(), g, good[i].period,
                                           KAZI_DHIS2_ADX, NULL),
                         KAZI_OK);
        char want[64];
        snprintf(want, sizeof want, "period=\"%s\"", good[i].adx);
        if (!strstr(doc.data, want)) fail_msg("%s: no %s in %s", good[i].period, want, doc.data);
        kazi_dhis2_doc_free(&doc);
    }
    static const char *const bad[] = {"",       "2026-11", "202600", "202613",  "2026Q0",
                                      "2026Q5", "26Q1",    "20261",  "2026W01", "1899"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        kazi_dhis2_doc doc;
        assert_int_equal(
            kazi_dhis2_export(&doc, kt_db, kazi_caller_cli(), g, bad[i], KAZI_DHIS2_JSON, NULL),
            KAZI_EINVALID);
        assert_string_equal(kazi_error_last()->field, "period");
    }
    kazi_lua_gen_unref(g);
}

/* An indicator report that answers fixed rows for TZ: undivided a rate (1 of 3 = 33.33,
 * its numerator 2 when the period is the months of 2026Q4), by sex a female row with no
 * value (no denominator) and no male row at all. */
static const char indicator[] =
    "kazi.report { id = 'ind-r', title = 'R', indicator = { unit = '%' },\n"
    "  params = { { id = 'level', type = 'level' }, { id = 'org_unit', type = 'text' },\n"
    "    { id = 'period', type = 'period' }, { id = 'breakdown', type = 'text', options = "
    "{ 'none', 'sex' } } },\n"
    "  run = function(p)\n"
    "    if p.breakdown == 'sex' then return { { org_unit_code = 'TZ', group = 'female', "
    "numerator = 0, denominator = 0 } } end\n"
    "    return { { org_unit_code = 'TZ', group = '', numerator = p.period == "
    "'2026-10..2026-12' and 2 or 1, denominator = 3, value = 33.33 },\n"
    "             { org_unit_code = nil, group = '', numerator = 1, denominator = 3 } }\n"
    "  end }\n";

static void test_dhis2__indicator_values_are_the_report_rows(void **state)
{
    (void)state;
    char text[4096];
    snprintf(text, sizeof text,
             "%skazi.dhis2 { data_set = 'DS', id_scheme = 'code', org_units = { levels = { "
             "'country' } }, values = {\n"
             "  { indicator = 'ind-r', data_element = 'RATE' },\n"
             "  { indicator = 'ind-r', value = 'numerator', data_element = 'NUM' },\n"
             "  { indicator = 'ind-r', value = 'denominator', data_element = 'DEN' },\n"
             "  { indicator = 'ind-r', breakdown = 'sex', group = 'female', data_element = 'F' },\n"
             "  { indicator = 'ind-r', breakdown = 'sex', group = 'male', value = 'numerator', "
             "data_element = 'M' },\n"
             "  { indicator = 'ind-r', breakdown = 'sex', group = 'male', data_element = 'MV' } "
             "} }\n%s",
             country, indicator);
    kazi_lua_gen *g = kt_lua_gen1("dhis2.lua", text, NULL);
    if (!g) fail_msg("%s", kazi_error_last()->message);
    kazi_dhis2_doc doc;
    if (kazi_dhis2_export(&doc, kt_db, kazi_caller_cli(), g, "202611", KAZI_DHIS2_JSON, NULL) < 0)
        fail_msg("%s", kazi_error_last()->message);
    json_t *d = json_loads(doc.data, 0, NULL);
    const json_t *values = json_object_get(d, "dataValues");
    /* RATE 33.33, NUM 1, DEN 3, M 0 (a numerator nobody reached); F and MV have no value */
    static const char *const want[][2] = {
        {"RATE", "33.33"}, {"NUM", "1"}, {"DEN", "3"}, {"M", "0"}};
    assert_int_equal(json_array_size(values), 4);
    assert_int_equal(doc.values, 4);
    for (size_t i = 0; i < 4; i++) {
        const json_t *v = json_array_get(values, i);
        assert_string_equal(json_string_value(json_object_get(v, "dataElement")), want[i][0]);
        assert_string_equal(json_string_value(json_object_get(v, "orgUnit")), "TZ");
        assert_string_equal(json_string_value(json_object_get(v, "value")), want[i][1]);
    }
    json_decref(d);
    kazi_dhis2_doc_free(&doc);
    /* the DHIS2 quarter reaches the report as its months */
    if (kazi_dhis2_export(&doc, kt_db, kazi_caller_cli(), g, "2026Q4", KAZI_DHIS2_ADX, NULL) < 0)
        fail_msg("%s", kazi_error_last()->message);
    assert_non_null(strstr(doc.data, "<dataValue dataElement=\"NUM\" value=\"2\"/>"));
    assert_null(strstr(doc.data, "dataElement=\"F\""));
    kazi_dhis2_doc_free(&doc);
    kazi_lua_gen_unref(g);
}

static int setup(void **state)
{
    int64_t village, org;
    if (kt_group_db(state) < 0) return -1;
    return kt_db_places(kt_db, &village, &org);
}

static int teardown(void **state)
{
    kazi_lua_thread_exit();
    return kt_group_db_close(state);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dhis2__uid_org_units_need_a_map_entry),
        cmocka_unit_test(test_dhis2__periods),
        cmocka_unit_test(test_dhis2__indicator_values_are_the_report_rows),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
