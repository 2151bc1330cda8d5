/* domain/import_rows: an import's columns are the schema tables' csv columns (the
 * template's and the re-importable export's alike), the header rule, and one row read
 * into the record the registry checks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/catalogue.h"
#include "domain/export.h"
#include "domain/import_rows.h"
#include "fixture.h"
#include "util/error.h"

static const kazi_caller national = {.name = "unit-test", .personal_data = 1};
static kazi_db *db;
static int64_t village, organisation;

static int fake_fields(void *ctx, const char *entity, json_t **out)
{
    (void)ctx;
    *out = strcmp(entity, KAZI_ENTITY_PERSON)
               ? json_array()
               : json_pack("[{s:s,s:s},{s:s,s:s}]", "name", "ward_committee_member", "type",
                           "boolean", "name", "skills", "type", "multienum");
    return KAZI_OK;
}

static int setup(void **state)
{
    (void)state;
    if (kt_group_db(state) < 0) return -1;
    db = kt_db;
    return kt_db_places(db, &village, &organisation);
}

/* The sheet of `csv` read into *s and a rows context for `kind` on it. */
static void open_sheet(kazi_import_rows *r, kazi_import_sheet *s, json_t **errors,
                       kazi_import_kind kind, const char *csv)
{
    memset(s, 0, sizeof *s);
    *errors = json_array();
    assert_int_equal(kazi_import_read(s, csv, strlen(csv)), KAZI_OK);
    assert_int_equal(kazi_import_rows_open(r, db, &national, kind, s, *errors), KAZI_OK);
}

static void close_sheet(kazi_import_rows *r, kazi_import_sheet *s, json_t *errors)
{
    kazi_import_rows_close(r);
    kazi_import_sheet_free(s);
    json_decref(errors);
}

/* Every column is an input field's csv column of the entity's table, and every such
 * field has its column: the list has no source of its own. */
static void test_import_rows__columns_are_the_schema_tables_csv_columns(void **state)
{
    (void)state;
    for (int k = KAZI_IMPORT_PEOPLE; k <= KAZI_IMPORT_ASSIGNMENTS; k++) {
        const kazi_schema *s = kazi_schema_of(kazi_import_entity((kazi_import_kind)k));
        assert_non_null(s);
        json_t *cols;
        assert_int_equal(kazi_import_columns(&cols, NULL, (kazi_import_kind)k), KAZI_OK);
        size_t i;
        json_t *c;
        json_array_foreach(cols, i, c)
        {
            const char *name = json_string_value(c);
            int found = 0;
            for (const kazi_field *f = s->fields; f->name && !found; f++) {
                if (!(f->flags & KAZI_FIELD_INPUT) || (f->csv && !*f->csv)) continue;
                const char *col = f->csv ? f->csv : f->name;
                size_t n = strlen(col);
                found = col[n - 1] == '.' ? !strncmp(name, col, n) : !strcmp(name, col);
            }
            if (!found) fail_msg("%s: column %s is not in the field table", s->entity, name);
        }
        for (const kazi_field *f = s->fields; f->name; f++) {
            if (!(f->flags & KAZI_FIELD_INPUT) || (f->csv && !*f->csv) || f->kind == KAZI_F_CUSTOM)
                continue;
            const char *col = f->csv ? f->csv : f->name;
            int found = 0;
            json_array_foreach(cols, i, c) found |=
                !strncmp(json_string_value(c), col, strlen(col));
            if (!found) fail_msg("%s: field %s has no column", s->entity, f->name);
        }
        json_decref(cols);
    }
}

/* The template's header is the export's after its "id", custom fields included: an
 * export of any kind uploads again. */
static void test_import_rows__template_and_export_have_the_same_columns(void **state)
{
    (void)state;
    kazi_registry_catalogue fake = *kazi_registry_catalogue_get();
    fake.fields = fake_fields;
    kazi_registry_set_catalogue(&fake);
    for (int k = KAZI_IMPORT_PEOPLE; k <= KAZI_IMPORT_ASSIGNMENTS; k++) {
        char *tpl, *exp;
        size_t tlen, elen;
        assert_int_equal(kazi_import_template(&tpl, &tlen, NULL, NULL, (kazi_import_kind)k),
                         KAZI_OK);
        assert_int_equal(kazi_export_run(&exp, &elen, db, &national, (kazi_import_kind)k,
                                         KAZI_EXPORT_CSV, NULL, NULL),
                         KAZI_OK);
        char *eol = strstr(tpl, "\r\n");
        assert_non_null(eol);
        *eol = '\0';
        assert_true(!strncmp(exp, "id,", 3));
        assert_true(!strncmp(exp + 3, tpl, strlen(tpl)));
        assert_true(!strncmp(exp + 3 + strlen(tpl), "\r\n", 2));
        if (k == KAZI_IMPORT_PEOPLE)
            assert_non_null(strstr(tpl, ",custom.ward_committee_member,custom.skills"));
        free(tpl);
        free(exp);
    }
    kazi_registry_set_catalogue(NULL);
}

/* The header's first error, or "" when it passes. */
static const char *header_error(kazi_import_kind kind, const char *csv, int *column)
{
    static char field[64];
    kazi_import_rows r;
    kazi_import_sheet s;
    json_t *errors;
    open_sheet(&r, &s, &errors, kind, csv);
    int rc = kazi_import_rows_header(&r);
    field[0] = '\0';
    *column = -1;
    if (rc < 0) {
        assert_int_equal(rc, KAZI_EINVALID);
        snprintf(field, sizeof field, "%s", kazi_error_last()->field);
        json_t *e = json_array_get(errors, 0);
        assert_int_equal(json_integer_value(json_object_get(e, "row")), 1);
        *column = (int)json_integer_value(json_object_get(e, "column"));
    }
    close_sheet(&r, &s, errors);
    return field;
}

static void test_import_rows__header_rule(void **state)
{
    (void)state;
    int col;
    /* the server's own columns (export id, rejects error) and any identifier type */
    assert_string_equal(header_error(KAZI_IMPORT_PEOPLE,
                                     "id,given_name,family_name,residence_code,"
                                     "identifier.voter_card,error\n",
                                     &col),
                        "");
    /* output-only fields have no column */
    assert_string_equal(
        header_error(KAZI_IMPORT_PEOPLE, "given_name,family_name,residence_code,status\n", &col),
        "status");
    assert_int_equal(col, 4);
    assert_string_equal(header_error(KAZI_IMPORT_PEOPLE,
                                     "given_name,family_name,residence_code,given_name\n", &col),
                        "given_name");
    assert_int_equal(col, 4);
    assert_string_equal(header_error(KAZI_IMPORT_PEOPLE, "given_name,family_name\n", &col),
                        "residence_code");
    assert_int_equal(col, 0);
    assert_string_equal(header_error(KAZI_IMPORT_PEOPLE,
                                     "given_name,family_name,residence_code,identifier.Bad-Type\n",
                                     &col),
                        "identifier.Bad-Type");
    /* custom fields only as the configuration declares them (none by default) */
    assert_string_equal(
        header_error(KAZI_IMPORT_PEOPLE, "given_name,family_name,residence_code,custom.x\n", &col),
        "custom.x");
    /* identifiers are people's */
    assert_string_equal(header_error(KAZI_IMPORT_POSITIONS,
                                     "code,title,org_unit_code,organisation_code,cadre,"
                                     "identifier.national_id\n",
                                     &col),
                        "identifier.national_id");
    /* a position's code is how a re-run finds it: required although the API's is not */
    assert_string_equal(
        header_error(KAZI_IMPORT_POSITIONS, "title,org_unit_code,organisation_code,cadre\n", &col),
        "code");
    assert_string_equal(
        header_error(KAZI_IMPORT_ASSIGNMENTS, "person_identifier,position_code,start_date\n", &col),
        "engagement");
}

static void test_import_rows__a_row_becomes_the_api_record(void **state)
{
    (void)state;
    kazi_registry_catalogue fake = *kazi_registry_catalogue_get();
    fake.fields = fake_fields;
    kazi_registry_set_catalogue(&fake);
    kazi_import_rows r;
    kazi_import_sheet s;
    json_t *errors, *rec;
    open_sheet(&r, &s, &errors, KAZI_IMPORT_PEOPLE,
               "id,given_name,family_name,residence_code,languages,identifier.national_id,"
               "custom.ward_committee_member,custom.skills,phone\n"
               "77, Amina ,Mushi,V1,sw | en,N-1,yes,a|b,'+255757108306\n");
    assert_int_equal(kazi_import_rows_header(&r), KAZI_OK);
    assert_int_equal(kazi_import_rows_record(&rec, &r, &s.rows[0]), KAZI_OK);
    json_t *want =
        json_pack("{s:s,s:s,s:I,s:[s,s],s:[{s:s,s:s}],s:{s:b,s:[s,s]},s:s}", "given_name", "Amina",
                  "family_name", "Mushi", "residence_org_unit_id", (json_int_t)village, "languages",
                  "sw", "en", "identifiers", "type", "national_id", "value", "N-1", "custom",
                  "ward_committee_member", 1, "skills", "a", "b", "phone", "+255757108306");
    if (!json_equal(rec, want)) {
        char *got = json_dumps(rec, JSON_SORT_KEYS);
        fail_msg("record: %s", got);
    }
    json_decref(want);
    json_decref(rec);
    close_sheet(&r, &s, errors);
    kazi_registry_set_catalogue(NULL);
}

static void test_import_rows__a_bad_cell_names_its_field_and_column(void **state)
{
    (void)state;
    kazi_import_rows r;
    kazi_import_sheet s;
    json_t *errors, *rec = NULL;
    open_sheet(&r, &s, &errors, KAZI_IMPORT_POSITIONS,
               "code,title,org_unit_code,organisation_code,cadre,approved\n"
               "P1,PSW,V1,GOV,psw,maybe\n"
               "P2,PSW,NOWHERE,GOV,psw,yes\n"
               "P3,PSW,V1,GOV\n");
    assert_int_equal(kazi_import_rows_header(&r), KAZI_OK);
    assert_int_equal(kazi_import_rows_record(&rec, &r, &s.rows[0]), KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "approved");
    assert_int_equal(kazi_error_last()->column, 6);
    /* a code that names nothing: the field is the record's, the column the code's */
    assert_int_equal(kazi_import_rows_record(&rec, &r, &s.rows[1]), KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "org_unit_id");
    assert_int_equal(kazi_import_rows_column(&r, "org_unit_id"), 3);
    assert_int_equal(kazi_import_rows_column(&r, "title"), 2);
    assert_int_equal(kazi_import_rows_column(&r, "funded_by"), 0);
    assert_int_equal(kazi_import_rows_record(&rec, &r, &s.rows[2]), KAZI_EINVALID);
    assert_non_null(strstr(kazi_error_last()->message, "4 cells but the header has 6"));
    assert_null(rec);
    close_sheet(&r, &s, errors);

    open_sheet(&r, &s, &errors, KAZI_IMPORT_ASSIGNMENTS,
               "person_identifier,position_code,start_date,engagement,pay_amount\n"
               "N-404,P-404,2020-01-01,stipend,50000\n");
    assert_int_equal(kazi_import_rows_record(&rec, &r, &s.rows[0]), KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "person_id");
    assert_int_equal(kazi_error_last()->column, 1);
    assert_non_null(strstr(kazi_error_last()->message, "no person with identifier 'N-404'"));
    close_sheet(&r, &s, errors);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_import_rows__columns_are_the_schema_tables_csv_columns),
        cmocka_unit_test(test_import_rows__template_and_export_have_the_same_columns),
        cmocka_unit_test(test_import_rows__header_rule),
        cmocka_unit_test(test_import_rows__a_row_becomes_the_api_record),
        cmocka_unit_test(test_import_rows__a_bad_cell_names_its_field_and_column),
    };
    return cmocka_run_group_tests(tests, setup, kt_group_db_close);
}
