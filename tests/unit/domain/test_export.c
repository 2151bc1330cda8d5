/* domain/export: the extracts a district or national officer downloads — only the
 * caller's subtree, no names or ids for a caller without personal data, cells a
 * spreadsheet would run as formulas defused, JSON as an array of objects, the People
 * screen's filters, and a sink that refuses stops the export.
 * TZ(1) > R(2) with Asha and a worker whose name is a formula; TZ > S(3) with Zawadi. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/export.h"
#include "domain/install.h"
#include "inproc.h"
#include "store/db.h"
#include "store/internal.h"
#include "util/buf.h"
#include "util/error.h"

static kazi_db *db;

static const char register_sql[] =
    "INSERT INTO org_unit(id, code, name, parent_id, depth, level_id, path, created_at, "
    "updated_at) VALUES (1, 'TZ', 'Tanzania', NULL, 0, 'country', '/1/', 1, 1), "
    "(2, 'R', 'Region R', 1, 1, 'region', '/1/2/', 1, 1), "
    "(3, 'S', 'Region S', 1, 1, 'region', '/1/3/', 1, 1);"
    "INSERT INTO person(id, given_name, family_name, name_key, given_key, sex, "
    "residence_org_unit_id, org_path, created_at, updated_at) VALUES "
    "(1, 'Asha', 'Mwita', 'mwita', 'asha', 'female', 2, '/1/2/', 1, 1), "
    "(2, '=HYPERLINK(\"http://x\")', 'Formula', 'formula', 'hyperlink', 'male', 2, '/1/2/', 1, "
    "1), "
    "(3, 'Zawadi', 'Juma', 'juma', 'zawadi', 'female', 3, '/1/3/', 1, 1);";

static int setup(void **state)
{
    (void)state;
    if (kt_server_start("tanzania", 0) < 0) {
        fprintf(stderr, "start: %s\n", kazi_error_last()->message);
        return -1;
    }
    if (kazi_install_open(&db, kt_server_data()) < 0) return -1;
    if (kazi_db_exec(db, register_sql) < 0) {
        fprintf(stderr, "register: %s\n", kazi_error_last()->message);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    kazi_db_close(db);
    kt_server_stop();
    return 0;
}

static kazi_caller national(int personal)
{
    kazi_caller c = {
        .kind = KAZI_CALLER_USER, .user_id = 5, .name = "nat", .personal_data = personal};
    snprintf(c.role, sizeof c.role, "%s", personal ? "national_hr_officer" : "analyst");
    return c;
}

static char *export(const kazi_caller *c, kazi_import_kind kind, kazi_export_format f)
{
    char *out = NULL;
    size_t len = 0;
    if (kazi_export_run(&out, &len, db, c, kind, f, NULL, NULL) != KAZI_OK)
        fail_msg("export: %s", kazi_error_last()->message);
    assert_int_equal(strlen(out), len);
    return out;
}

static void test_export__csv_with_formulas_defused(void **state)
{
    (void)state;
    kazi_caller n = national(1);
    char *csv = export(&n, KAZI_IMPORT_PEOPLE, KAZI_EXPORT_CSV);
    assert_non_null(strstr(csv, "given_name"));
    assert_non_null(strstr(csv, "Asha"));
    assert_non_null(strstr(csv, "Zawadi"));
    /* a spreadsheet sees text, not a formula: quoted and led by an apostrophe */
    assert_non_null(strstr(csv, "\"'=HYPERLINK(\"\"http://x\"\")\""));
    assert_null(strstr(csv, ",=HYPERLINK"));
    free(csv);
}

static void test_export__only_the_callers_subtree(void **state)
{
    (void)state;
    kazi_caller d = {.kind = KAZI_CALLER_USER,
                     .user_id = 6,
                     .name = "dora",
                     .role = "district_hr_officer",
                     .scope_org_unit_id = 3,
                     .scope_path = "/1/3/",
                     .scope_end = "/1/30",
                     .personal_data = 1};
    char *csv = export(&d, KAZI_IMPORT_PEOPLE, KAZI_EXPORT_CSV);
    assert_non_null(strstr(csv, "Zawadi"));
    assert_null(strstr(csv, "Asha"));
    free(csv);
    /* narrowed further to a range inside the scope: still nobody from outside */
    char *out;
    size_t len;
    assert_int_equal(
        kazi_export_run(&out, &len, db, &d, KAZI_IMPORT_PEOPLE, KAZI_EXPORT_JSON, "/1/3/", "/1/30"),
        KAZI_OK);
    json_t *arr = json_loads(out, 0, NULL);
    assert_int_equal(json_array_size(arr), 1);
    json_decref(arr);
    free(out);
}

static void test_export__no_personal_data_without_the_right(void **state)
{
    (void)state;
    kazi_caller a = national(0);
    char *csv = export(&a, KAZI_IMPORT_PEOPLE, KAZI_EXPORT_CSV);
    char *head = strndup(csv, strcspn(csv, "\n")); /* the header line */
    assert_non_null(head);
    assert_int_equal(csv[strlen(head)], '\n');
    assert_null(strstr(head, "given_name"));
    assert_null(strstr(head, "family_name"));
    assert_null(strstr(head, "birth_date"));
    assert_null(strstr(head, "phone"));
    assert_int_equal(strncmp(head, "sex,", 4), 0); /* no id column either */
    free(head);
    assert_null(strstr(csv, "Asha"));
    assert_null(strstr(csv, "Mwita"));
    assert_non_null(strstr(csv, "female"));
    free(csv);
    char *json = export(&a, KAZI_IMPORT_PEOPLE, KAZI_EXPORT_JSON);
    json_t *arr = json_loads(json, 0, NULL);
    assert_int_equal(json_array_size(arr), 3);
    json_t *o = json_array_get(arr, 0);
    assert_null(json_object_get(o, "id"));
    assert_null(json_object_get(o, "given_name"));
    assert_non_null(json_object_get(o, "sex"));
    json_decref(arr);
    free(json);
}

static int collect(void *ctx, const char *buf, size_t len)
{
    return kazi_buf_append(ctx, buf, len);
}

static void test_export__json_and_the_people_filters(void **state)
{
    (void)state;
    kazi_caller n = national(1);
    char *json = export(&n, KAZI_IMPORT_PEOPLE, KAZI_EXPORT_JSON);
    json_error_t err;
    json_t *arr = json_loads(json, 0, &err);
    if (!arr) fail_msg("not JSON: %s", err.text);
    assert_int_equal(json_array_size(arr), 3);
    json_decref(arr);
    free(json);
    json = export(&n, KAZI_IMPORT_POSITIONS, KAZI_EXPORT_JSON);
    assert_string_equal(json, "[]"); /* none: still a JSON array */
    free(json);

    kazi_buf b = {0};
    kazi_export_people_filter f = {.q = "Zaw"};
    assert_int_equal(kazi_export_people(db, &n, KAZI_EXPORT_JSON, NULL, NULL, &f, collect, &b),
                     KAZI_OK);
    arr = json_loads(b.data, 0, NULL);
    assert_int_equal(json_array_size(arr), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(arr, 0), "given_name")),
                        "Zawadi");
    json_decref(arr);
    free(b.data);
}

static int refuse(void *ctx, const char *buf, size_t len)
{
    (void)buf;
    (void)len;
    (*(int *)ctx)++;
    return kazi_error_set(KAZI_ERROR, NULL, "disk full");
}

static void test_export__a_refusing_sink_stops_it(void **state)
{
    (void)state;
    kazi_caller n = national(1);
    int calls = 0;
    assert_int_equal(
        kazi_export_stream(db, &n, KAZI_IMPORT_PEOPLE, KAZI_EXPORT_CSV, NULL, NULL, refuse, &calls),
        KAZI_ERROR);
    assert_int_equal(calls, 1);
    assert_string_equal(kazi_error_last()->message, "disk full");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_export__csv_with_formulas_defused),
        cmocka_unit_test(test_export__only_the_callers_subtree),
        cmocka_unit_test(test_export__no_personal_data_without_the_right),
        cmocka_unit_test(test_export__json_and_the_people_filters),
        cmocka_unit_test(test_export__a_refusing_sink_stops_it),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
