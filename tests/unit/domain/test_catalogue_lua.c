/* domain/catalogue_lua: the registry asks the active configuration what cadres, levels
 * and custom fields exist — in the registry's words (choice -> enum, options by id) —
 * and runs its person.validate hook with custom values where the hook expects them, an
 * error naming "custom.<field>"; with no active configuration it answers as the
 * built-in default. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "domain/catalogue.h"
#include "domain/catalogue_lua.h"
#include "fixture.h"
#include "lua/runtime.h"
#include "util/error.h"
#include "util/log.h"

static const char config[] =
    "kazi.country { id = 'xx', name = { en = 'Lakeland', sw = 'Nchi ya Maziwa' },\n"
    "  languages = { 'en' }, currency = 'XLK',\n"
    "  levels = { { id = 'country', name = { en = 'Country' } },\n"
    "             { id = 'parish', name = { en = 'Parish' } } } }\n"
    "kazi.group { id = 'care', name = 'Care work' }\n"
    "kazi.cadre { id = 'carer', name = { en = 'Carer', sw = 'Mlezi' }, group = 'care', level = 2,\n"
    "  works_at = 'parish' }\n"
    "kazi.field { id = 'tribe', applies_to = 'person', type = 'choice', label = 'Tribe',\n"
    "  required = true, options = { 'a', { id = 'b', label = { en = 'Bee' } } } }\n"
    "kazi.field { id = 'langs', applies_to = 'person', type = 'multichoice', label = 'Languages',\n"
    "  options = { 'en', 'sw' } }\n"
    "kazi.field { id = 'post_ref', applies_to = 'position', type = 'text', label = 'Ref',\n"
    "  max_length = 12 }\n"
    "kazi.hook('person.validate', function(r)\n"
    "  if r.fields.tribe == 'b' and r.person.sex == 'male' then\n"
    "    return false, 'fields.tribe', 'tribe b is for women in this test'\n"
    "  end\n"
    "  if r.person.given_name == 'X' then return false, 'given_name', 'not a name' end\n"
    "  return true\n"
    "end)\n";

static kazi_lua_gen *gen;

static int setup(void **state)
{
    (void)state;
    kazi_log_set_level(KAZI_LOG_ERROR + 1);
    gen = kt_lua_gen1("lakeland.lua", config, NULL);
    if (!gen) return -1;
    kazi_catalogue_lua_install();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    kazi_lua_activate(NULL);
    kazi_registry_set_catalogue(NULL);
    kt_lua_release(gen);
    return 0;
}

static void test_catalogue_lua__without_a_generation_the_default_answers(void **state)
{
    (void)state;
    kazi_lua_activate(NULL);
    const kazi_registry_catalogue *c = kazi_registry_catalogue_get();
    const kazi_registry_catalogue *d = kazi_registry_catalogue_default();
    assert_ptr_not_equal(c, d); /* the Lua one is installed ... */
    json_t *mine, *theirs;
    assert_int_equal(c->cadres(c->ctx, &mine), KAZI_OK);
    assert_int_equal(d->cadres(d->ctx, &theirs), KAZI_OK);
    assert_true(json_equal(mine, theirs)); /* ... and answers as the default */
    json_decref(mine);
    json_decref(theirs);
    assert_int_equal(c->cadre_exists(c->ctx, "carer"), KAZI_ENOTFOUND);
    json_t *country = (json_t *)1;
    assert_int_equal(c->country(c->ctx, &country), KAZI_OK);
    assert_null(country);
}

static void test_catalogue_lua__cadres_levels_and_fields_in_registry_words(void **state)
{
    (void)state;
    kazi_lua_activate(gen);
    const kazi_registry_catalogue *c = kazi_registry_catalogue_get();
    assert_int_equal(c->cadre_exists(c->ctx, "carer"), KAZI_OK);
    assert_int_equal(c->cadre_exists(c->ctx, "psw"), KAZI_ENOTFOUND); /* the default's */
    assert_int_equal(c->level_exists(c->ctx, "parish"), KAZI_OK);
    assert_int_equal(c->level_exists(c->ctx, "village"), KAZI_ENOTFOUND);

    json_t *a;
    assert_int_equal(c->cadres(c->ctx, &a), KAZI_OK);
    assert_int_equal(json_array_size(a), 1);
    json_t *carer = json_array_get(a, 0);
    assert_string_equal(json_string_value(json_object_get(carer, "name")), "Carer"); /* English */
    assert_string_equal(json_string_value(json_object_get(carer, "group")), "care");
    assert_string_equal(json_string_value(json_object_get(carer, "level")), "parish");
    json_decref(a);
    assert_int_equal(c->levels(c->ctx, &a), KAZI_OK);
    assert_int_equal(json_array_size(a), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(a, 1), "name")), "Parish");
    json_decref(a);

    assert_int_equal(c->fields(c->ctx, "person", &a), KAZI_OK);
    assert_int_equal(json_array_size(a), 2);
    json_t *tribe = json_array_get(a, 0), *langs = json_array_get(a, 1);
    assert_string_equal(json_string_value(json_object_get(tribe, "name")), "tribe");
    assert_string_equal(json_string_value(json_object_get(tribe, "type")), "enum");
    assert_true(json_is_true(json_object_get(tribe, "required")));
    json_t *opts = json_object_get(tribe, "options"); /* by id, labelled or not */
    assert_int_equal(json_array_size(opts), 2);
    assert_string_equal(json_string_value(json_array_get(opts, 1)), "b");
    assert_non_null(json_object_get(tribe, "option_labels"));
    assert_string_equal(json_string_value(json_object_get(langs, "type")), "multienum");
    assert_null(json_object_get(langs, "option_labels"));
    json_decref(a);
    assert_int_equal(c->fields(c->ctx, "position", &a), KAZI_OK);
    assert_int_equal(json_array_size(a), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(a, 0), "type")), "string");
    assert_int_equal(json_integer_value(json_object_get(json_array_get(a, 0), "max_length")), 12);
    json_decref(a);

    json_t *country;
    assert_int_equal(c->country(c->ctx, &country), KAZI_OK);
    assert_string_equal(json_string_value(json_object_get(country, "id")), "xx");
    json_decref(country);

    /* the registry's own check uses these declarations */
    json_t *custom = json_pack("{s:s}", "tribe", "c");
    assert_int_equal(kazi_registry_check_custom("person", custom), KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "custom.tribe");
    json_decref(custom);
    custom = json_pack("{s:s,s:[s]}", "tribe", "b", "langs", "sw");
    assert_int_equal(kazi_registry_check_custom("person", custom), KAZI_OK);
    json_decref(custom);
}

static void test_catalogue_lua__the_hook_sees_custom_values(void **state)
{
    (void)state;
    kazi_lua_activate(gen);
    const kazi_registry_catalogue *c = kazi_registry_catalogue_get();
    json_t *ok = json_pack("{s:s,s:s,s:{s:s}}", "given_name", "Ann", "sex", "female", "custom",
                           "tribe", "b");
    assert_int_equal(c->validate(c->ctx, "person", ok), KAZI_OK);
    json_decref(ok);
    json_t *bad =
        json_pack("{s:s,s:s,s:{s:s}}", "given_name", "Abe", "sex", "male", "custom", "tribe", "b");
    assert_int_equal(c->validate(c->ctx, "person", bad), KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "custom.tribe"); /* the registry's name */
    assert_non_null(strstr(kazi_error_last()->message, "tribe b is for women"));
    json_decref(bad);
    json_t *named = json_pack("{s:s,s:s}", "given_name", "X", "sex", "female");
    assert_int_equal(c->validate(c->ctx, "person", named), KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "custom.tribe"); /* required, before the hook */
    json_object_set_new(named, "custom", json_pack("{s:s}", "tribe", "a"));
    assert_int_equal(c->validate(c->ctx, "person", named), KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "given_name"); /* a core field as it is */
    json_decref(named);
    json_t *post = json_pack("{s:s}", "title", "anything");
    assert_int_equal(c->validate(c->ctx, "position", post), KAZI_OK); /* no position hook */
    json_decref(post);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_catalogue_lua__without_a_generation_the_default_answers),
        cmocka_unit_test(test_catalogue_lua__cadres_levels_and_fields_in_registry_words),
        cmocka_unit_test(test_catalogue_lua__the_hook_sees_custom_values),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
