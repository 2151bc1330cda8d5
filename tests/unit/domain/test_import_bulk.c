/* domain/import_bulk: rows written, found again, updated or rejected in one
 * transaction, and the counts the report gives for what happened. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/import.h"
#include "domain/registry.h"
#include "fixture.h"
#include "store/registry.h"
#include "util/error.h"

static const kazi_caller national = {.name = "unit-test", .personal_data = 1};
static kazi_db *db;
static int64_t village, organisation;

static int setup(void **state)
{
    if (kt_group_db(state) < 0) return -1;
    db = kt_db;
    return kt_db_places(db, &village, &organisation);
}

static int run(kazi_import_result *r, kazi_import_kind kind, int partial, const char *csv)
{
    kazi_import_opts o = {.kind = kind, .partial = partial};
    return kazi_import_run(r, db, &national, &o, csv, strlen(csv));
}

static const char *phone_of(const char *national_id)
{
    static char phone[40];
    int64_t id;
    json_t *p;
    assert_int_equal(kazi_store_identifier_owner(&id, db, "national_id", national_id), KAZI_OK);
    assert_int_equal(kazi_registry_person_get(&p, db, &national, id), KAZI_OK);
    const char *s = json_string_value(json_object_get(p, "phone"));
    snprintf(phone, sizeof phone, "%s", s ? s : "");
    json_decref(p);
    return phone;
}

static void test_import_bulk__a_rerun_finds_updates_and_counts(void **state)
{
    (void)state;
    kazi_import_result r;
    static const char first[] =
        "given_name,family_name,residence_code,phone,identifier.national_id\n"
        "Amina,Mushi,V1,0754 000 111,B-1\n"
        "Juma,Ali,V1,,B-2\n";
    assert_int_equal(run(&r, KAZI_IMPORT_PEOPLE, 0, first), KAZI_OK);
    assert_int_equal(r.created, 2);
    kazi_import_result_free(&r);
    /* the same file again: nothing new; one row with another phone: an update */
    static const char again[] =
        "given_name,family_name,residence_code,phone,identifier.national_id\n"
        "Amina,Mushi,V1,0754 000 111,B-1\n"
        "Juma,Ali,V1,0754 000 222,B-2\n";
    assert_int_equal(run(&r, KAZI_IMPORT_PEOPLE, 0, again), KAZI_OK);
    assert_int_equal(r.created, 0);
    assert_int_equal(r.existing, 1);
    assert_int_equal(r.updated, 1);
    kazi_import_result_free(&r);
    assert_non_null(strstr(phone_of("B-2"), "754000222"));
}

/* A file refused as a whole changed nothing, and its report says so: no row counts as
 * updated (it used to report the updates it had rolled back). */
static void test_import_bulk__a_refused_file_reports_no_updates(void **state)
{
    (void)state;
    kazi_import_result r;
    static const char csv[] = "given_name,family_name,residence_code,phone,identifier.national_id\n"
                              "Amina,Mushi,V1,0754 000 999,B-1\n"
                              "Nobody,,V1,,B-9\n";
    assert_int_equal(run(&r, KAZI_IMPORT_PEOPLE, 0, csv), KAZI_EINVALID);
    assert_int_equal(r.rejected, 1);
    assert_int_equal(r.updated, 0);
    assert_int_equal(r.created, 0);
    assert_int_equal(r.existing, 0);
    kazi_import_result_free(&r);
    assert_null(strstr(phone_of("B-1"), "999"));
}

/* rejects.csv is the file's header and rows with the reason after them, and the
 * corrected file uploads as it is. */
static void test_import_bulk__corrected_rejects_upload_again(void **state)
{
    (void)state;
    kazi_import_result r;
    static const char csv[] = "given_name,family_name,residence_code,identifier.national_id\n"
                              "Neema,Ali,V1,B-3\n"
                              "Baraka,,V1,B-4\n";
    assert_int_equal(run(&r, KAZI_IMPORT_PEOPLE, 1, csv), KAZI_OK);
    assert_int_equal(r.created, 1);
    assert_int_equal(r.rejected, 1);
    assert_non_null(r.rejects);
    assert_true(!strncmp(r.rejects,
                         "given_name,family_name,residence_code,identifier.national_id,error\r\n"
                         "Baraka,,V1,B-4,",
                         strlen("given_name,family_name,residence_code,identifier.national_id,"
                                "error\r\nBaraka,,V1,B-4,")));
    /* the family name the row lacked, typed in before the reason */
    char fixed[512];
    const char *empty = strstr(r.rejects, "Baraka,,");
    assert_non_null(empty);
    snprintf(fixed, sizeof fixed, "%.*sBaraka,Issa,%s", (int)(empty - r.rejects), r.rejects,
             empty + strlen("Baraka,,"));
    kazi_import_result_free(&r);
    assert_int_equal(run(&r, KAZI_IMPORT_PEOPLE, 0, fixed), KAZI_OK);
    assert_int_equal(r.created, 1);
    kazi_import_result_free(&r);
}

static void test_import_bulk__a_bad_position_row_leaves_no_trace(void **state)
{
    (void)state;
    kazi_import_result r;
    int64_t before, after;
    assert_int_equal(kazi_store_registry_count(&before, db, "position"), KAZI_OK);
    static const char csv[] = "code,title,org_unit_code,organisation_code,cadre\n"
                              "B-P1,PSW,V1,GOV,psw\n"
                              "B-P2,PSW,V1,NO-ORG,psw\n";
    assert_int_equal(run(&r, KAZI_IMPORT_POSITIONS, 0, csv), KAZI_EINVALID);
    json_t *e = json_array_get(r.errors, 0);
    assert_int_equal(json_integer_value(json_object_get(e, "row")), 3);
    assert_int_equal(json_integer_value(json_object_get(e, "column")), 4);
    assert_int_equal(r.created, 0);
    kazi_import_result_free(&r);
    assert_int_equal(kazi_store_registry_count(&after, db, "position"), KAZI_OK);
    assert_int_equal(before, after);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_import_bulk__a_rerun_finds_updates_and_counts),
        cmocka_unit_test(test_import_bulk__a_refused_file_reports_no_updates),
        cmocka_unit_test(test_import_bulk__corrected_rejects_upload_again),
        cmocka_unit_test(test_import_bulk__a_bad_position_row_leaves_no_trace),
    };
    return cmocka_run_group_tests(tests, setup, kt_group_db_close);
}
