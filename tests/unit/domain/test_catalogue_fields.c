/* domain/catalogue's one custom-field check: the registry (POST /people, imports) and
 * the configuration's validate hooks and t.hook (configuration tests) give the same
 * verdict on the same field for every field type, option, max_length, required and
 * date rule, and on names not declared. A table of declarations × values runs through
 * kazi_registry_check_custom and through t.hook in configuration tests generated from the
 * registry's verdicts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/catalogue.h"
#include "domain/catalogue_lua.h"
#include "fixture.h"
#include "lua/runtime.h"
#include "util/error.h"

static const char fields_lua[] =
    "kazi.field { id = 'req', applies_to = 'person', type = 'text', label = 'Req',"
    " required = true }\n"
    "kazi.field { id = 't', applies_to = 'person', type = 'text', label = 'T', max_length = 5 }\n"
    "kazi.field { id = 'long', applies_to = 'person', type = 'text', label = 'Long' }\n"
    "kazi.field { id = 'n', applies_to = 'person', type = 'number', label = 'N' }\n"
    "kazi.field { id = 'i', applies_to = 'person', type = 'integer', label = 'I' }\n"
    "kazi.field { id = 'b', applies_to = 'person', type = 'boolean', label = 'B' }\n"
    "kazi.field { id = 'd', applies_to = 'person', type = 'date', label = 'D' }\n"
    "kazi.field { id = 'c', applies_to = 'person', type = 'choice', label = 'C',"
    " options = { 'a', { id = 'b', label = 'Bee' } } }\n"
    "kazi.field { id = 'm', applies_to = 'person', type = 'multichoice', label = 'M',"
    " options = { 'a', 'b' } }\n";

/* One value of one field (JSON text; NULL: absent), and whether a user may store it. */
typedef struct {
    const char *field, *json;
    int ok;
} field_case;

static const field_case cases[] = {
    {"req", NULL, 0},
    {"req", "\"\"", 0}, /* empty text is no answer */
    {"req", "\"x\"", 1},
    {"t", NULL, 1},
    {"t", "\"\"", 1},
    {"t", "\"abcde\"", 1},
    {"t", "\"abcdef\"", 0},    /* max_length */
    {"t", "\"a\\u0001b\"", 0}, /* a control character */
    {"t", "5", 0},
    {"long", "\"LONG500\"", 1},
    {"long", "\"LONG501\"", 0}, /* 500 characters when no max_length is declared */
    {"n", "2.5", 1},
    {"n", "3", 1},
    {"n", "\"3\"", 0},
    {"i", "3", 1},
    {"i", "2.5", 0},
    {"i", "\"3\"", 0},
    {"b", "true", 1},
    {"b", "\"yes\"", 0},
    {"b", "1", 0},
    {"d", "\"2024-02-29\"", 1},
    {"d", "\"2023-02-29\"", 0}, /* not a day that exists */
    {"d", "\"2024-04-31\"", 0},
    {"d", "\"2024-13-01\"", 0},
    {"d", "\"24-01-01\"", 0},
    {"d", "20240101", 0},
    {"c", "\"a\"", 1},
    {"c", "\"b\"", 1}, /* a labelled option, by its id */
    {"c", "\"z\"", 0},
    {"c", "[\"a\"]", 0},
    {"m", "[\"a\", \"b\"]", 1},
    {"m", "[\"a\", \"z\"]", 0},
    {"m", "\"a\"", 0},
    {"zz", "\"1\"", 0}, /* a name the configuration does not declare */
};

#define NCASES (sizeof cases / sizeof cases[0])

static json_t *case_value(const field_case *c)
{
    if (!c->json) return NULL;
    if (!strncmp(c->json, "\"LONG", 5)) {
        static char s[600];
        int n = atoi(c->json + 5);
        memset(s, 'x', (size_t)n);
        s[n] = 0;
        return json_string(s);
    }
    json_t *v = json_loads(c->json, JSON_DECODE_ANY, NULL);
    assert_non_null(v);
    return v;
}

/* The custom values of case c: the required field answered, then c's own value. */
static json_t *case_custom(const field_case *c)
{
    json_t *custom = json_pack("{s:s}", "req", "x");
    json_t *v = case_value(c);
    if (v)
        json_object_set_new(custom, c->field, v);
    else
        json_object_del(custom, c->field);
    return custom;
}

static size_t lua_literal(char *out, size_t size, const json_t *v)
{
    size_t n = 0;
#define PUT(...) n += (size_t)snprintf(out + n, n < size ? size - n : 0, __VA_ARGS__)
    if (json_is_string(v)) {
        PUT("\"");
        for (const unsigned char *p = (const unsigned char *)json_string_value(v); *p; p++)
            if (*p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\')
                PUT("%c", *p);
            else
                PUT("\\%03u", *p);
        PUT("\"");
    } else if (json_is_integer(v)) {
        PUT("%" JSON_INTEGER_FORMAT, json_integer_value(v));
    } else if (json_is_real(v)) {
        PUT("%.17g", json_real_value(v));
    } else if (json_is_boolean(v)) {
        PUT("%s", json_is_true(v) ? "true" : "false");
    } else if (json_is_array(v)) {
        size_t i;
        json_t *x;
        PUT("{ ");
        json_array_foreach(v, i, x)
        {
            n += lua_literal(out + n, n < size ? size - n : 0, x);
            PUT(", ");
        }
        PUT("}");
    } else if (json_is_object(v)) {
        const char *k;
        json_t *x;
        PUT("{ ");
        json_object_foreach((json_t *)v, k, x)
        {
            PUT("[\"%s\"] = ", k);
            n += lua_literal(out + n, n < size ? size - n : 0, x);
            PUT(", ");
        }
        PUT("}");
    }
#undef PUT
    return n;
}

static char source[256 * 1024];

static void test_fields__registry_and_t_hook_agree(void **state)
{
    (void)state;
    kazi_lua_gen *g = kt_lua_gen1("fields.lua", fields_lua, NULL);
    assert_non_null(g);
    kazi_lua_activate(g);
    kazi_catalogue_lua_install();
    /* the registry's verdicts, which must be the table's */
    int ok[NCASES];
    char field[NCASES][80];
    size_t n = (size_t)snprintf(source, sizeof source, "%s", fields_lua);
    for (size_t i = 0; i < NCASES; i++) {
        json_t *custom = case_custom(&cases[i]);
        int rc = kazi_registry_check_custom(KAZI_ENTITY_PERSON, custom);
        ok[i] = rc == KAZI_OK;
        field[i][0] = 0;
        if (!ok[i]) {
            assert_int_equal(rc, KAZI_EINVALID);
            const char *f = kazi_error_last()->field;
            assert_true(!strncmp(f, "custom", 6));
            snprintf(field[i], sizeof field[i], "fields%s", f + 6);
        }
        if (ok[i] != cases[i].ok)
            fail_msg("registry: %s = %s %s", cases[i].field, cases[i].json ? cases[i].json : "-",
                     ok[i] ? "accepted" : kazi_error_last()->message);
        if (!ok[i]) {
            char want[80], decl[40];
            snprintf(decl, sizeof decl, "id = '%s'", cases[i].field);
            snprintf(want, sizeof want, "fields%s%s", strstr(fields_lua, decl) ? "." : "",
                     strstr(fields_lua, decl) ? cases[i].field : "");
            assert_string_equal(field[i], want);
        }
        /* the same record through t.hook in a configuration test */
        n += (size_t)snprintf(source + n, sizeof source - n,
                              "kazi.test('case %zu', function(t)\n"
                              "  local ok, field, message = t.hook('person.validate', "
                              "{ person = {}, fields = ",
                              i);
        n += lua_literal(source + n, sizeof source - n, custom);
        n += (size_t)snprintf(source + n, sizeof source - n,
                              " })\n  t.eq(ok, %s, message)\n  t.eq(field, %s%s%s)\nend)\n",
                              ok[i] ? "true" : "false", ok[i] ? "" : "'", ok[i] ? "nil" : field[i],
                              ok[i] ? "" : "'");
        assert_true(n < sizeof source);
        json_decref(custom);
    }
    kazi_lua_gen *gt = kt_lua_gen1("fields.lua", source, NULL);
    if (!gt) fail_msg("%s", kazi_error_last()->message);
    json_t *results = NULL;
    int failed = -1;
    assert_int_equal(kazi_lua_run_tests(&results, &failed, gt), KAZI_OK);
    assert_int_equal(json_array_size(results), NCASES);
    size_t i;
    json_t *r;
    json_array_foreach(results, i, r)
    {
        if (json_is_true(json_object_get(r, "ok"))) continue;
        const char *name = json_string_value(json_object_get(r, "name"));
        size_t k = name ? (size_t)atoi(name + 5) : 0;
        fail_msg("t.hook disagrees with the registry on %s = %s: %s", cases[k].field,
                 cases[k].json ? cases[k].json : "-",
                 json_string_value(json_object_get(r, "error")));
    }
    assert_int_equal(failed, 0);
    json_decref(results);
    kazi_lua_activate(NULL);
    kazi_registry_set_catalogue(NULL);
    kazi_lua_gen_unref(gt);
    kt_lua_release(g);
}

/* One rule, one message: the registry names a field "custom.<name>", the configuration's
 * hooks "fields.<id>", both messages by its label; only the kind's declarations count. */
static void test_fields__one_message_per_rule(void **state)
{
    (void)state;
    json_t *decls = json_pack("[{s:s,s:s,s:s,s:{s:s}},{s:s,s:s,s:s,s:b}]", "id", "d", "applies_to",
                              "person", "type", "date", "label", "en", "Birth", "id", "p",
                              "applies_to", "position", "type", "text", "required", 1);
    json_t *values = json_pack("{s:s}", "d", "2023-02-29");
    assert_int_equal(kazi_registry_check_values(decls, "person", values, "fields"), KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "fields.d");
    assert_string_equal(kazi_error_last()->message,
                        "Birth must be a date that exists (YYYY-MM-DD)");
    assert_int_equal(kazi_registry_check_values(decls, "person", values, "custom"), KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "custom.d");
    assert_string_equal(kazi_error_last()->message,
                        "Birth must be a date that exists (YYYY-MM-DD)");
    json_object_set_new(values, "d", json_string("2024-02-29"));
    assert_int_equal(kazi_registry_check_values(decls, "person", values, "fields"), KAZI_OK);
    /* the position's required field is not the person's */
    assert_int_equal(kazi_registry_check_values(decls, "position", NULL, "fields"), KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "fields.p");
    assert_int_equal(kazi_registry_check_values(decls, "position", values, "fields"),
                     KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "fields");
    json_decref(values);
    json_decref(decls);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fields__registry_and_t_hook_agree),
        cmocka_unit_test(test_fields__one_message_per_rule),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
