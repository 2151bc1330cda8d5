/* http/registry: people in process. A create names an unknown or missing field; a
 * district officer reads people of the district and gets 404 for anyone else; search
 * pages carry total and next; a deactivation needs a reason and shows in the history. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "inproc.h"

static kt_client admin, district;
static long long kin, ilala;

static int setup(void **state)
{
    (void)state;
    if (kt_server_start("tanzania", 0) < 0 || kt_login(&admin, KT_ADMIN, KT_PASSWORD) != 200 ||
        kt_units(&admin, "code,name,parent_code,level\nTZ,Tanzania,,country\n"
                         "DSM,Dar es Salaam,TZ,region\nKIN,Kinondoni,DSM,district\n"
                         "ILA,Ilala,DSM,district\n") != 200)
        return -1;
    kin = kt_unit_id(&admin, "KIN");
    ilala = kt_unit_id(&admin, "ILA");
    return kt_user(&district, "neema", "district_hr_officer", kin) == 200 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    kt_server_stop();
    return 0;
}

static const char *field_of(const kt_resp *r)
{
    const char *f = json_string_value(json_object_get(json_object_get(r->json, "error"), "field"));
    return f ? f : "";
}

static long long person(const char *given, const char *family, long long unit)
{
    kt_resp r = kt_callf(&admin, "POST", "/api/v1/people", "{s:s,s:s,s:I}", "given_name", given,
                         "family_name", family, "residence_org_unit_id", (json_int_t)unit);
    assert_int_equal(r.status, 201);
    long long id = json_integer_value(json_object_get(r.json, "id"));
    kt_resp_free(&r);
    return id;
}

static void test_registry__fields_are_named(void **state)
{
    (void)state;
    kt_resp r = kt_callf(&admin, "POST", "/api/v1/people", "{s:s,s:s,s:I,s:s}", "given_name",
                         "Amina", "family_name", "Mushi", "residence_org_unit_id", (json_int_t)kin,
                         "nickname", "Mimi");
    assert_int_equal(r.status, 422);
    assert_string_equal(field_of(&r), "nickname");
    kt_resp_free(&r);
    r = kt_callf(&admin, "POST", "/api/v1/people", "{s:s,s:I}", "given_name", "Amina",
                 "residence_org_unit_id", (json_int_t)kin);
    assert_int_equal(r.status, 422);
    assert_string_equal(field_of(&r), "family_name");
    kt_resp_free(&r);
    r = kt_callf(&admin, "POST", "/api/v1/people", "{s:s,s:s,s:I,s:s}", "given_name", "Amina",
                 "family_name", "Mushi", "residence_org_unit_id", (json_int_t)kin, "birth_date",
                 "1990-02-30");
    assert_int_equal(r.status, 422);
    assert_string_equal(field_of(&r), "birth_date");
    kt_resp_free(&r);
}

static void test_registry__scope_and_pages(void **state)
{
    (void)state;
    long long inside = person("Juma", "Kimaro", kin), outside = person("Baraka", "Said", ilala);
    char target[80];
    snprintf(target, sizeof target, "/api/v1/people/%lld", inside);
    kt_resp r = kt_call(&district, "GET", target, NULL);
    assert_int_equal(r.status, 200);
    kt_resp_free(&r);
    snprintf(target, sizeof target, "/api/v1/people/%lld", outside);
    r = kt_call(&district, "GET", target, NULL);
    assert_int_equal(r.status, 404);
    kt_resp_free(&r);
    r = kt_call(&district, "GET", "/api/v1/people?limit=1", NULL);
    assert_int_equal(r.status, 200);
    assert_true(json_is_integer(json_object_get(r.json, "total")));
    assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
    assert_null(strstr(r.body, "Baraka"));
    kt_resp_free(&r);
}

static void test_registry__deactivation_needs_a_reason_and_is_history(void **state)
{
    (void)state;
    long long id = person("Rehema", "Mollel", kin);
    char target[96];
    snprintf(target, sizeof target, "/api/v1/people/%lld/deactivate", id);
    kt_resp r = kt_callf(&admin, "POST", target, "{}");
    assert_int_equal(r.status, 422);
    assert_string_equal(field_of(&r), "reason");
    kt_resp_free(&r);
    r = kt_callf(&admin, "POST", target, "{s:s}", "reason", "left the programme");
    assert_int_equal(r.status, 200);
    assert_string_equal(json_string_value(json_object_get(r.json, "status")), "inactive");
    kt_resp_free(&r);
    snprintf(target, sizeof target, "/api/v1/people/%lld/history", id);
    r = kt_call(&admin, "GET", target, NULL);
    assert_int_equal(r.status, 200);
    json_t *items = json_object_get(r.json, "items");
    assert_int_equal(json_array_size(items), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "action")),
                        "person.create");
    assert_non_null(json_object_get(json_array_get(items, 1), "changed_at"));
    kt_resp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_registry__fields_are_named),
        cmocka_unit_test(test_registry__scope_and_pages),
        cmocka_unit_test(test_registry__deactivation_needs_a_reason_and_is_history),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
