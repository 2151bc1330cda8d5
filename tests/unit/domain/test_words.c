/* domain/words: the names a message shows — a declared thing by its name in the current
 * language (then the configuration's first language, English, the id), lists joined with
 * the language's "or", a person by their name, a field by its plain label, and a rule's
 * missing items resolved to one text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "domain/words.h"
#include "fixture.h"
#include "lua/runtime.h"
#include "util/lang.h"

/* A country in Chichewa first, then English; Swahili only for one cadre. */
static const char decl[] =
    "kazi.country { id = 'x', name = 'X', languages = { 'ny', 'en' }, currency = 'MWK',\n"
    "  levels = { { id = 'country', name = { en = 'Country', ny = 'Dziko' } } },\n"
    "  identifiers = { { id = 'national_id', name = { en = 'National ID', ny = 'Chiphaso' } } } "
    "}\n"
    "kazi.group { id = 'g', name = 'G' }\n"
    "kazi.cadre { id = 'ccv', name = { en = 'Volunteer', ny = 'Wodzipereka', sw = 'Mjitolea' }, "
    "group = 'g', level = 1 }\n"
    "kazi.cadre { id = 'cpw', name = { en = 'Protection worker' }, group = 'g', level = 2 }\n"
    "kazi.cadre { id = 'swo', name = { en = 'Officer', sw = 'Afisa' }, group = 'g', level = 3 }\n";

static int setup(void **state)
{
    (void)state;
    kazi_lua_gen *g = kt_lua_gen1("decl.lua", decl, NULL);
    if (!g) return -1;
    kazi_lua_activate(g);
    kazi_lua_gen_unref(g);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    kazi_lua_activate(NULL);
    kazi_lang_set(NULL);
    kazi_lua_thread_exit();
    return 0;
}

static void test_words__a_name_in_the_language_then_the_first_then_english_then_the_id(void **state)
{
    (void)state;
    char b[100];
    kazi_lang_set("sw");
    assert_string_equal(kazi_words_name(b, sizeof b, "cadres", "ccv"), "Mjitolea");
    /* no Swahili: the configuration's first language (ny) */
    kazi_lang_set("sw");
    assert_string_equal(kazi_words_name(b, sizeof b, "levels", "country"), "Dziko");
    /* neither: English */
    assert_string_equal(kazi_words_name(b, sizeof b, "cadres", "cpw"), "Protection worker");
    /* not declared: the id */
    assert_string_equal(kazi_words_name(b, sizeof b, "cadres", "nope"), "nope");
    kazi_lang_set(NULL); /* no choice made: the first language */
    assert_string_equal(kazi_words_name(b, sizeof b, "cadres", "ccv"), "Wodzipereka");
    kazi_lang_set("en");
    assert_string_equal(kazi_words_name(b, sizeof b, "identifiers", "national_id"), "National ID");
    assert_string_equal(kazi_words_name_in(b, sizeof b, "cadres", "ccv", "sw"), "Mjitolea");
}

static void test_words__alternatives_are_joined_with_the_languages_or(void **state)
{
    (void)state;
    char b[200];
    json_t *two = json_pack("[s,s]", "ccv", "swo"),
           *three = json_pack("[s,s,s]", "ccv", "cpw", "swo"), *one = json_pack("[s]", "swo");
    kazi_lang_set("en");
    assert_string_equal(kazi_words_or(b, sizeof b, NULL, "cadres", one), "Officer");
    assert_string_equal(kazi_words_or(b, sizeof b, NULL, "cadres", two), "Volunteer or Officer");
    assert_string_equal(kazi_words_or(b, sizeof b, NULL, "cadres", three),
                        "Volunteer, Protection worker or Officer");
    kazi_lang_set("sw");
    assert_string_equal(kazi_words_or(b, sizeof b, NULL, "cadres", two), "Mjitolea au Afisa");
    json_decref(one);
    json_decref(two);
    json_decref(three);
}

static void test_words__a_person_and_a_field_in_plain_words(void **state)
{
    (void)state;
    char b[200];
    json_t *p = json_pack("{s:s,s:s}", "given_name", "Chisomo", "family_name", "Banda");
    assert_string_equal(kazi_words_person(b, sizeof b, p), "Chisomo Banda");
    json_decref(p);
    assert_string_equal(kazi_words_person(b, sizeof b, NULL), "this person");
    kazi_lang_set("en");
    assert_string_equal(kazi_words_field(b, sizeof b, "end_date"), "End date");
    assert_string_equal(kazi_words_field(b, sizeof b, "residence_org_unit_id"),
                        "Place of residence");
    assert_string_equal(kazi_words_field(b, sizeof b, "custom.shoe_size"), "Shoe size");
    assert_string_equal(kazi_words_field(b, sizeof b, "identifier.national_id"), "National ID");
    kazi_lang_set("sw");
    assert_string_equal(kazi_words_field(b, sizeof b, "end_date"), "Tarehe ya mwisho");
    assert_string_equal(kazi_words_currency(b, sizeof b), "MWK");
}

static void test_words__missing_items_get_their_text_in_the_language(void **state)
{
    (void)state;
    json_t *m = json_pack("[{s:s,s:s},{s:s},s,{s:s,s:s}]", "en", "two years", "ny", "zaka ziwiri",
                          "en", "MSCE", "plain words", "from_cadre", "ccv", "en", "hold a post");
    kazi_lang_set("ny");
    kazi_words_missing(m);
    assert_string_equal(json_string_value(json_object_get(json_array_get(m, 0), "text")),
                        "zaka ziwiri");
    assert_string_equal(json_string_value(json_object_get(json_array_get(m, 1), "text")), "MSCE");
    assert_string_equal(json_string_value(json_object_get(json_array_get(m, 3), "text")),
                        "hold a post");
    char b[200];
    kazi_lang_set("en");
    json_object_del(json_array_get(m, 0), "text"); /* resolved again in English */
    assert_string_equal(kazi_words_missing_join(b, sizeof b, m),
                        "two years; MSCE; plain words; hold a post");
    json_decref(m);
}

/* Kazi's own words (a field's label, the list's "or", its own missing items) are msgids a
 * configuration translates for a language Kazi does not ship; one it leaves out reads in the
 * first language, then English. */
static void test_words__kazis_own_words_in_a_language_the_configuration_ships(void **state)
{
    (void)state;
    static const char translation[] =
        "kazi.translation { language = 'ny', name = 'Chichewa', messages = {\n"
        "  ['or'] = 'kapena', ['End date'] = 'Tsiku lotha',\n"
        "  ['hold a current %s post'] = 'khalani ndi udindo wa {1} pano' } }\n";
    char both[sizeof decl + sizeof translation];
    snprintf(both, sizeof both, "%s%s", decl, translation);
    kazi_lua_gen *g = kt_lua_gen1("decl.lua", both, NULL);
    assert_non_null(g);
    kazi_lua_activate(g);
    kazi_lua_gen_unref(g);
    char b[200];
    json_t *two = json_pack("[s,s]", "ccv", "swo");
    kazi_lang_set("ny");
    assert_string_equal(kazi_words_or(b, sizeof b, NULL, "cadres", two),
                        "Wodzipereka kapena Officer");
    assert_string_equal(kazi_words_field(b, sizeof b, "end_date"), "Tsiku lotha");
    assert_string_equal(kazi_words_field(b, sizeof b, "start_date"), "Start date"); /* not given */
    kazi_lang_set("sw"); /* Kazi's own Swahili still speaks */
    assert_string_equal(kazi_words_field(b, sizeof b, "end_date"), "Tarehe ya mwisho");
    kazi_lang_set("en");
    assert_string_equal(kazi_words_or(b, sizeof b, NULL, "cadres", two), "Volunteer or Officer");
    /* an item of Kazi's own in every language of the configuration, each in its words */
    json_t *item = kazi_words_item("from_cadre", "cadres", "ccv", "hold a current %s post", NULL);
    assert_string_equal(json_string_value(json_object_get(item, "from_cadre")), "ccv");
    assert_string_equal(json_string_value(json_object_get(item, "ny")),
                        "khalani ndi udindo wa Wodzipereka pano");
    assert_string_equal(json_string_value(json_object_get(item, "en")),
                        "hold a current Volunteer post");
    json_decref(item);
    json_decref(two);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_words__a_name_in_the_language_then_the_first_then_english_then_the_id, setup,
            teardown),
        cmocka_unit_test_setup_teardown(test_words__alternatives_are_joined_with_the_languages_or,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_words__a_person_and_a_field_in_plain_words, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_words__missing_items_get_their_text_in_the_language,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_words__kazis_own_words_in_a_language_the_configuration_ships, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
