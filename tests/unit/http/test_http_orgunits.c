/* http/orgunits: the org-unit routes in process. A CSV import is all or nothing with a
 * row-numbered report; a district officer sees and exports only the district's subtree
 * (a unit outside answers 404 like a missing one); a unit reads with its path from the
 * top; only a national role changes the hierarchy, and PATCH only code and name. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "inproc.h"

static kt_client admin, district;
static long long kin, ilala, msasani;

#define UNITS                                                                                      \
    "code,name,parent_code,level\n"                                                                \
    "TZ,Tanzania,,country\n"                                                                       \
    "DSM,Dar es Salaam,TZ,region\n"                                                                \
    "KIN,Kinondoni,DSM,district\n"                                                                 \
    "ILA,Ilala,DSM,district\n"                                                                     \
    "MSA,Msasani,KIN,ward\n"

static int setup(void **state)
{
    (void)state;
    if (kt_server_start("tanzania", 0) < 0 || kt_login(&admin, KT_ADMIN, KT_PASSWORD) != 200 ||
        kt_units(&admin, UNITS) != 200)
        return -1;
    kin = kt_unit_id(&admin, "KIN");
    ilala = kt_unit_id(&admin, "ILA");
    msasani = kt_unit_id(&admin, "MSA");
    if (!kin || !ilala || !msasani) return -1;
    return kt_user(&district, "neema", "district_hr_officer", kin) == 200 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    kt_server_stop();
    return 0;
}

static void test_orgunits__a_bad_import_stores_nothing_and_names_the_row(void **state)
{
    (void)state;
    char cookie[256], csrf[128];
    snprintf(cookie, sizeof cookie, "Cookie: kazi_session=%s", admin.cookie);
    snprintf(csrf, sizeof csrf, "X-CSRF-Token: %s", admin.csrf);
    const char *headers[] = {cookie, csrf, "Content-Type: text/csv", NULL};
    kt_resp r = kt_request("POST", "/api/v1/org-units/import",
                           "code,name,parent_code,level\nARU,Arusha,TZ,region\nX,Lost,NOPE,ward\n",
                           headers);
    assert_int_equal(r.status, 422);
    json_t *rows = json_object_get(json_object_get(r.json, "error"), "rows");
    assert_int_equal(json_array_size(rows), 1);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(rows, 0), "row")), 3);
    kt_resp_free(&r);
    assert_int_equal(kt_unit_id(&admin, "ARU"), 0);
    /* an empty body is refused by name */
    r = kt_request("POST", "/api/v1/org-units/import", "", headers);
    assert_int_equal(r.status, 422);
    kt_resp_free(&r);
}

static void test_orgunits__a_district_sees_only_its_subtree(void **state)
{
    (void)state;
    char target[80];
    kt_resp r = kt_call(&district, "GET", "/api/v1/org-units", NULL);
    assert_int_equal(r.status, 200);
    json_t *top = json_object_get(r.json, "org_units");
    assert_int_equal(json_array_size(top), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(top, 0), "code")), "KIN");
    kt_resp_free(&r);
    snprintf(target, sizeof target, "/api/v1/org-units/%lld", ilala);
    r = kt_call(&district, "GET", target, NULL);
    assert_int_equal(r.status, 404);
    kt_resp_free(&r);
    snprintf(target, sizeof target, "/api/v1/org-units/%lld/children", ilala);
    r = kt_call(&district, "GET", target, NULL);
    assert_int_equal(r.status, 404);
    kt_resp_free(&r);
    assert_int_equal(kt_unit_id(&district, "ILA"), 0);
    assert_int_equal(kt_unit_id(&district, "MSA"), msasani);

    r = kt_call(&district, "GET", "/api/v1/org-units/export", NULL);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.content_type, "text/csv; charset=utf-8");
    assert_non_null(strstr(r.body, "code,name,parent_code,level"));
    assert_non_null(strstr(r.body, "MSA,Msasani,KIN,ward"));
    assert_null(strstr(r.body, "ILA"));
    kt_resp_free(&r);
}

static void test_orgunits__a_unit_reads_with_its_path_from_the_top(void **state)
{
    (void)state;
    char target[80];
    snprintf(target, sizeof target, "/api/v1/org-units/%lld", msasani);
    kt_resp r = kt_call(&district, "GET", target, NULL);
    assert_int_equal(r.status, 200);
    json_t *path = json_object_get(r.json, "path");
    assert_int_equal(json_array_size(path), 4);
    assert_string_equal(json_string_value(json_object_get(json_array_get(path, 0), "code")), "TZ");
    assert_string_equal(json_string_value(json_object_get(json_array_get(path, 3), "code")), "MSA");
    assert_int_equal(json_integer_value(json_object_get(r.json, "parent_id")), kin);
    kt_resp_free(&r);
}

static void test_orgunits__create_and_rename(void **state)
{
    (void)state;
    char target[80];
    /* a district officer reads the hierarchy but does not change it */
    kt_resp r = kt_callf(&district, "POST", "/api/v1/org-units", "{s:s,s:s,s:s,s:I}", "code", "MIK",
                         "name", "Mikocheni", "level", "ward", "parent_id", (json_int_t)kin);
    assert_int_equal(r.status, 403);
    kt_resp_free(&r);
    r = kt_callf(&admin, "POST", "/api/v1/org-units", "{s:s,s:s,s:s,s:I}", "code", "MIK", "name",
                 "Mikocheni", "level", "ward", "parent_id", (json_int_t)kin);
    assert_int_equal(r.status, 201);
    long long id = json_integer_value(json_object_get(r.json, "id"));
    kt_resp_free(&r);
    assert_int_equal(kt_unit_id(&district, "MIK"), id); /* inside the district */
    /* a field the table does not know is refused by name */
    r = kt_callf(&admin, "POST", "/api/v1/org-units", "{s:s,s:s,s:s}", "code", "X1", "name", "X",
                 "colour", "red");
    assert_int_equal(r.status, 422);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(r.json, "error"), "field")), "colour");
    kt_resp_free(&r);
    snprintf(target, sizeof target, "/api/v1/org-units/%lld", id);
    r = kt_callf(&admin, "PATCH", target, "{s:s}", "name", "Mikocheni A");
    assert_int_equal(r.status, 200);
    assert_string_equal(json_string_value(json_object_get(r.json, "name")), "Mikocheni A");
    kt_resp_free(&r);
    /* only code and name change here: a new parent is refused by name */
    r = kt_callf(&admin, "PATCH", target, "{s:I}", "parent_id", (json_int_t)msasani);
    assert_int_equal(r.status, 422);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(r.json, "error"), "field")), "parent_id");
    kt_resp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_orgunits__a_bad_import_stores_nothing_and_names_the_row),
        cmocka_unit_test(test_orgunits__a_district_sees_only_its_subtree),
        cmocka_unit_test(test_orgunits__a_unit_reads_with_its_path_from_the_top),
        cmocka_unit_test(test_orgunits__create_and_rename),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
