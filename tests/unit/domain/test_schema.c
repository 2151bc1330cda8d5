/* domain/schema: the one text, date and phone rule, the field tables' input check and
 * output allow-list, and OpenAPI schemas that describe what the registry really returns. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domain/catalogue.h"
#include "domain/export.h"
#include "domain/import.h"
#include "domain/registry.h"
#include "domain/schema.h"
#include "fixture.h"
#include "store/db.h"
#include "store/migrate.h"
#include "store/organisation.h"
#include "store/orgunit.h"
#include "util/error.h"

static char dir[] = "/tmp/kazi-test-schema-XXXXXX";
static kazi_db *db;
static int64_t village, organisation;
static const kazi_caller national = {.name = "unit-test", .personal_data = 1};

/* A configuration that declares the calling code 255 and one custom person field. */
static int cfg_country(void *ctx, json_t **out)
{
    (void)ctx;
    *out = json_pack("{s:s,s:s}", "id", "tanzania", "calling_code", "255");
    return KAZI_OK;
}

static int cfg_fields(void *ctx, const char *entity, json_t **out)
{
    (void)ctx;
    *out = strcmp(entity, "person") ? json_array()
                                    : json_pack("[{s:s,s:s,s:b}]", "name", "certified_on", "type",
                                                "date", "required", 0);
    return KAZI_OK;
}

static kazi_registry_catalogue cfg;

static int setup(void **state)
{
    (void)state;
    cfg = *kazi_registry_catalogue_default();
    cfg.country = cfg_country;
    cfg.fields = cfg_fields;
    if (kt_db_create(&db, dir) < 0) return -1;
    return kt_db_places(db, &village, &organisation);
}

static int teardown(void **state)
{
    (void)state;
    kazi_registry_set_catalogue(NULL);
    return kt_db_destroy(db, dir);
}

static json_t *person_body(void)
{
    return json_pack("{s:s,s:s,s:s,s:s,s:s,s:[s],s:I,s:[{s:s,s:s}],s:{s:s}}", "given_name",
                     "Zuhura", "family_name", "Mwakyusa", "sex", "female", "birth_date",
                     "1988-07-01", "phone", "0757 108 306", "languages", "sw",
                     "residence_org_unit_id", (json_int_t)village, "identifiers", "type",
                     "national_id", "value", "19880701-0000-00001-1", "custom", "certified_on",
                     "2020-02-29");
}

/* ---- the rules ------------------------------------------------------------------------ */

static void test_schema__date_rule_refuses_days_that_do_not_exist(void **state)
{
    (void)state;
    assert_true(kazi_schema_date_valid("2024-02-29"));
    assert_true(kazi_schema_date_valid("1990-12-31"));
    assert_false(kazi_schema_date_valid("2024-02-30"));
    assert_false(kazi_schema_date_valid("2023-02-29"));
    assert_false(kazi_schema_date_valid("1900-02-29"));
    assert_false(kazi_schema_date_valid("2024-04-31"));
    assert_false(kazi_schema_date_valid("2024-13-01"));
    assert_false(kazi_schema_date_valid("30/02/2024"));
    assert_false(kazi_schema_date_valid("2024-2-3"));
    assert_false(kazi_schema_date_valid(""));
}

static void test_schema__phone_rule_accepts_local_and_international_forms(void **state)
{
    (void)state;
    char out[40];
    assert_int_equal(kazi_schema_phone(out, sizeof out, "phone", "0757 108 306", "255"), KAZI_OK);
    assert_string_equal(out, "+255757108306");
    assert_int_equal(kazi_schema_phone(out, sizeof out, "phone", "+255 757 108 306", "255"),
                     KAZI_OK);
    assert_string_equal(out, "+255757108306");
    assert_int_equal(kazi_schema_phone(out, sizeof out, "phone", "00255-757-108-306", NULL),
                     KAZI_OK);
    assert_string_equal(out, "+255757108306");
    assert_int_equal(kazi_schema_phone(out, sizeof out, "phone", "(0757) 108.306", ""), KAZI_OK);
    assert_string_equal(out, "0757108306"); /* no calling code declared: kept local */
    assert_int_equal(kazi_schema_phone(out, sizeof out, "phone", "call me", "255"), KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "phone");
    assert_int_equal(kazi_schema_phone(out, sizeof out, "phone", "12 34", "255"), KAZI_EINVALID);
    assert_int_equal(kazi_schema_phone(out, sizeof out, "phone", "+1 234 567 890 123 456", NULL),
                     KAZI_EINVALID);
}

static void test_schema__text_rule_counts_characters_not_bytes(void **state)
{
    (void)state;
    char s[512] = "";
    for (int i = 0; i < 100; i++)
        strcat(s, "\xc3\xa9"); /* é: two bytes, one character */
    assert_int_equal(kazi_schema_text("name", s, strlen(s), 100, 0), KAZI_OK);
    strcat(s, "e");
    assert_int_equal(kazi_schema_text("name", s, strlen(s), 100, 0), KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "name");
    assert_int_equal(kazi_schema_text("name", "a\xff", 2, 10, 0), KAZI_EINVALID);
    assert_int_equal(kazi_schema_text("name", "a\nb", 3, 10, 0), KAZI_EINVALID);
    assert_int_equal(kazi_schema_text("name", "a\nb", 3, 10, 1), KAZI_OK);
}

/* ---- the tables ------------------------------------------------------------------------ */

static void test_schema__unknown_fields_are_refused_by_name(void **state)
{
    (void)state;
    for (const char *const *e = kazi_schema_entities(); *e; e++)
        assert_non_null(kazi_schema_of(*e));
    json_t *in = person_body();
    json_object_set_new(in, "nickname", json_string("Zu"));
    assert_int_equal(kazi_schema_check(kazi_schema_of("person"), in, KAZI_SCHEMA_CREATE),
                     KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "nickname");
    json_object_del(in, "nickname");
    json_object_set_new(in, "status", json_string("active")); /* output only */
    assert_int_equal(kazi_schema_check(kazi_schema_of("person"), in, KAZI_SCHEMA_CREATE),
                     KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "status");
    json_decref(in);
}

static void test_schema__output_allow_list_drops_undeclared_columns(void **state)
{
    (void)state;
    json_t *rec = json_pack("{s:i,s:s,s:s,s:s,s:s}", "id", 1, "given_name", "Zuhura", "org_path",
                            "/1/2/", "name_key", "mwakyusa zuhura", "new_secret_column", "x");
    kazi_schema_output(kazi_schema_of("person"), rec);
    assert_non_null(json_object_get(rec, "given_name"));
    assert_null(json_object_get(rec, "org_path"));
    assert_null(json_object_get(rec, "name_key"));
    assert_null(json_object_get(rec, "new_secret_column"));
    json_decref(rec);
}

/* ---- the registry through the tables ------------------------------------------------ */

static void test_schema__birth_date_30_february_is_a_field_error(void **state)
{
    (void)state;
    kazi_registry_set_catalogue(&cfg);
    json_t *in = person_body(), *out = NULL;
    json_object_set_new(in, "birth_date", json_string("1990-02-30"));
    assert_int_equal(kazi_registry_person_create(&out, db, &national, in), KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "birth_date");
    assert_null(out);
    json_decref(in);
    kazi_registry_set_catalogue(NULL);
}

static void test_schema__local_phone_is_stored_in_normal_form_and_edits_save(void **state)
{
    (void)state;
    kazi_registry_set_catalogue(&cfg);
    json_t *in = person_body(), *out = NULL, *edit = NULL, *after = NULL;
    json_object_set_new(in, "given_name", json_string("Neema"));
    json_array_clear(json_object_get(in, "identifiers"));
    assert_int_equal(kazi_registry_person_create(&out, db, &national, in), KAZI_OK);
    assert_string_equal(json_string_value(json_object_get(out, "phone")), "+255757108306");
    edit = json_pack("{s:s}", "education", "Form VI");
    assert_int_equal(kazi_registry_person_update(&after, db, &national,
                                                 json_integer_value(json_object_get(out, "id")),
                                                 edit),
                     KAZI_OK);
    assert_string_equal(json_string_value(json_object_get(after, "phone")), "+255757108306");
    json_decref(in);
    json_decref(out);
    json_decref(edit);
    json_decref(after);
    kazi_registry_set_catalogue(NULL);
}

static const char *json_type_name(const json_t *v)
{
    return json_is_string(v)    ? "string"
           : json_is_integer(v) ? "integer"
           : json_is_real(v)    ? "number"
           : json_is_boolean(v) ? "boolean"
           : json_is_array(v)   ? "array"
           : json_is_object(v)  ? "object"
                                : "null";
}

/* Every key of `rec` is a property of `schema` with the right type; required ones are
 * present; nothing else (additionalProperties false). */
static void matches(const json_t *rec, const json_t *schema)
{
    const json_t *props = json_object_get(schema, "properties");
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)rec, key, v)
    {
        const json_t *p = json_object_get(props, key);
        if (!p) fail_msg("'%s' is returned but not in the schema", key);
        const char *want = json_string_value(json_object_get(p, "type"));
        const char *got = json_type_name(v);
        if (!strcmp(got, "null")) {
            if (!json_is_true(json_object_get(p, "nullable"))) fail_msg("'%s' is null", key);
            continue;
        }
        if (strcmp(want, got) && !(!strcmp(want, "number") && !strcmp(got, "integer")))
            fail_msg("'%s' is %s but the schema says %s", key, got, want);
        if (!strcmp(want, "object") && json_object_get(p, "properties")) matches(v, p);
    }
    size_t i;
    json_array_foreach(json_object_get(schema, "required"), i, v)
    {
        if (!json_object_get(rec, json_string_value(v)))
            fail_msg("required '%s' is missing", json_string_value(v));
    }
}

static void test_schema__openapi_output_schemas_describe_real_records(void **state)
{
    (void)state;
    kazi_registry_set_catalogue(&cfg);
    json_t *in = person_body(), *person = NULL, *got = NULL;
    assert_int_equal(kazi_registry_person_create(&person, db, &national, in), KAZI_OK);
    assert_int_equal(kazi_registry_person_get(&got, db, &national,
                                              json_integer_value(json_object_get(person, "id"))),
                     KAZI_OK);
    json_t *s = kazi_schema_openapi("person", KAZI_SCHEMA_OUTPUT);
    matches(got, s);
    assert_non_null(json_object_get(
        json_object_get(json_object_get(json_object_get(s, "properties"), "custom"), "properties"),
        "certified_on"));
    json_decref(s);
    /* The create schema requires what create requires. */
    s = kazi_schema_openapi("person", KAZI_SCHEMA_CREATE);
    assert_true(json_dumpb(json_object_get(s, "required"), NULL, 0, 0) > 0);
    assert_null(json_object_get(json_object_get(s, "properties"), "status"));
    json_decref(s);

    json_t *pos = NULL, *asg = NULL,
           *pin = json_pack("{s:s,s:s,s:I,s:I,s:s,s:s,s:b}", "code", "PSW-1", "title", "PSW",
                            "org_unit_id", (json_int_t)village, "organisation_id",
                            (json_int_t)organisation, "cadre", "psw", "level", "village",
                            "approved", 1);
    assert_int_equal(kazi_registry_position_create(&pos, db, &national, pin), KAZI_OK);
    json_t *ain = json_pack("{s:O,s:O,s:s,s:s,s:f,s:s}", "person_id", json_object_get(person, "id"),
                            "position_id", json_object_get(pos, "id"), "start_date", "2020-01-01",
                            "engagement", "stipend", "pay_amount", 50000.0, "pay_currency", "TZS");
    assert_int_equal(kazi_registry_assignment_create(&asg, db, &national, ain), KAZI_OK);
    json_decref(pos);
    assert_int_equal(
        kazi_registry_position_get(&pos, db, &national,
                                   json_integer_value(json_object_get(asg, "position_id"))),
        KAZI_OK);
    s = kazi_schema_openapi("position", KAZI_SCHEMA_OUTPUT);
    matches(pos, s);
    json_decref(s);
    s = kazi_schema_openapi("assignment", KAZI_SCHEMA_OUTPUT);
    matches(asg, s);
    json_decref(s);
    kazi_orgunit top;
    assert_int_equal(kazi_orgunit_get(&top, db, village), KAZI_OK);
    json_t *unit = kazi_orgunit_json(&top);
    s = kazi_schema_openapi("org_unit", KAZI_SCHEMA_OUTPUT);
    matches(unit, s);
    json_decref(s);
    json_decref(unit);
    assert_null(kazi_schema_openapi("no_such_entity", KAZI_SCHEMA_OUTPUT));
    json_decref(in);
    json_decref(person);
    json_decref(got);
    json_decref(pin);
    json_decref(ain);
    json_decref(pos);
    json_decref(asg);
    kazi_registry_set_catalogue(NULL);
}

/* The first line of a CSV text (without the line break), malloc'd. */
static char *first_line(const char *text, size_t len)
{
    size_t n = 0;
    while (n < len && text[n] != '\r' && text[n] != '\n')
        n++;
    return strndup(text, n);
}

/* The export's CSV columns come from the field tables; they are the import template's
 * columns with the exporting installation's id in front, for every kind. */
static void test_schema__export_columns_are_the_import_template_columns(void **state)
{
    (void)state;
    kazi_registry_set_catalogue(&cfg);
    const kazi_import_kind kinds[] = {KAZI_IMPORT_PEOPLE, KAZI_IMPORT_POSITIONS,
                                      KAZI_IMPORT_ASSIGNMENTS};
    for (size_t k = 0; k < 3; k++) {
        char *tpl = NULL, *exp = NULL;
        size_t tlen = 0, elen = 0;
        assert_int_equal(kazi_import_template(&tpl, &tlen, NULL, NULL, kinds[k]), KAZI_OK);
        assert_int_equal(
            kazi_export_run(&exp, &elen, db, &national, kinds[k], KAZI_EXPORT_CSV, NULL, NULL),
            KAZI_OK);
        char *th = first_line(tpl, tlen), *eh = first_line(exp, elen);
        char want[2048];
        snprintf(want, sizeof want, "id,%s", th);
        assert_string_equal(eh, want);
        free(th);
        free(eh);
        free(tpl);
        free(exp);
    }
    kazi_registry_set_catalogue(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_schema__date_rule_refuses_days_that_do_not_exist),
        cmocka_unit_test(test_schema__phone_rule_accepts_local_and_international_forms),
        cmocka_unit_test(test_schema__text_rule_counts_characters_not_bytes),
        cmocka_unit_test(test_schema__unknown_fields_are_refused_by_name),
        cmocka_unit_test(test_schema__output_allow_list_drops_undeclared_columns),
        cmocka_unit_test(test_schema__birth_date_30_february_is_a_field_error),
        cmocka_unit_test(test_schema__local_phone_is_stored_in_normal_form_and_edits_save),
        cmocka_unit_test(test_schema__openapi_output_schemas_describe_real_records),
        cmocka_unit_test(test_schema__export_columns_are_the_import_template_columns),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
