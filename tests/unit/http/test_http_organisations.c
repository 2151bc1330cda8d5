/* http/organisations: employers and funders in process. A district officer sees the
 * organisations based in the district and above it (a national NGO), not those of
 * another district (404, as if absent); a create names its missing or unknown field. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "inproc.h"

static kt_client admin, district;
static long long tz, kin, ilala;

static int setup(void **state)
{
    (void)state;
    if (kt_server_start("tanzania", 0) < 0 || kt_login(&admin, KT_ADMIN, KT_PASSWORD) != 200 ||
        kt_units(&admin, "code,name,parent_code,level\nTZ,Tanzania,,country\n"
                         "DSM,Dar es Salaam,TZ,region\nKIN,Kinondoni,DSM,district\n"
                         "ILA,Ilala,DSM,district\n") != 200)
        return -1;
    tz = kt_unit_id(&admin, "TZ");
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

static long long create(const char *code, long long unit)
{
    kt_resp r = kt_callf(&admin, "POST", "/api/v1/organisations", "{s:s,s:s,s:s,s:I}", "code", code,
                         "name", code, "kind", "ngo", "org_unit_id", (json_int_t)unit);
    assert_int_equal(r.status, 201);
    long long id = json_integer_value(json_object_get(r.json, "id"));
    kt_resp_free(&r);
    return id;
}

static int listed(const kt_client *c, const char *code)
{
    kt_resp r = kt_call(c, "GET", "/api/v1/organisations", NULL);
    assert_int_equal(r.status, 200);
    int found = 0;
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(r.json, "organisations"), i, o) found |=
        !strcmp(json_string_value(json_object_get(o, "code")), code);
    kt_resp_free(&r);
    return found;
}

static void test_organisations__a_district_sees_its_own_and_those_above(void **state)
{
    (void)state;
    create("NGO-TZ", tz);
    long long own = create("NGO-KIN", kin), other = create("NGO-ILA", ilala);
    assert_true(listed(&district, "NGO-TZ"));
    assert_true(listed(&district, "NGO-KIN"));
    assert_false(listed(&district, "NGO-ILA"));
    assert_true(listed(&admin, "NGO-ILA"));
    char target[64];
    snprintf(target, sizeof target, "/api/v1/organisations/%lld", other);
    kt_resp r = kt_call(&district, "GET", target, NULL);
    assert_int_equal(r.status, 404);
    kt_resp_free(&r);
    snprintf(target, sizeof target, "/api/v1/organisations/%lld", own);
    r = kt_call(&district, "GET", target, NULL);
    assert_int_equal(r.status, 200);
    assert_string_equal(json_string_value(json_object_get(r.json, "kind")), "ngo");
    kt_resp_free(&r);
    r = kt_callf(&admin, "PATCH", target, "{s:s}", "name", "Kinondoni NGO");
    assert_int_equal(r.status, 200);
    assert_string_equal(json_string_value(json_object_get(r.json, "name")), "Kinondoni NGO");
    assert_string_equal(json_string_value(json_object_get(r.json, "code")), "NGO-KIN");
    kt_resp_free(&r);
}

static void test_organisations__a_missing_or_unknown_field_is_named(void **state)
{
    (void)state;
    kt_resp r = kt_callf(&admin, "POST", "/api/v1/organisations", "{s:s,s:s,s:s}", "code", "X",
                         "name", "X", "kind", "ngo");
    assert_int_equal(r.status, 422);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(r.json, "error"), "field")),
        "org_unit_id");
    kt_resp_free(&r);
    assert_false(listed(&admin, "X"));
    /* a field the document does not list is refused by name, not dropped */
    r = kt_callf(&admin, "POST", "/api/v1/organisations", "{s:s,s:s,s:s,s:I,s:s}", "code", "Y",
                 "name", "Y", "kind", "ngo", "org_unit_id", (json_int_t)tz, "website", "y.org");
    assert_int_equal(r.status, 422);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(r.json, "error"), "field")), "website");
    kt_resp_free(&r);
    assert_false(listed(&admin, "Y"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_organisations__a_district_sees_its_own_and_those_above),
        cmocka_unit_test(test_organisations__a_missing_or_unknown_field_is_named),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
