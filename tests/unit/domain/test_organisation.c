/* domain/organisation: employers and funders as a caller sees them. A scoped caller
 * sees those based in their subtree and above it, creates only inside it (a unit
 * outside reads like an absent one), may not change one based above (403: visible, but
 * national), and a kind outside the list is refused by name. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "domain/organisation.h"
#include "fixture.h"
#include "store/orgunit.h"
#include "util/error.h"

static int64_t village, government;
static kazi_caller district;

static int setup(void **state)
{
    if (kt_group_db(state) < 0 || kt_db_places(kt_db, &village, &government) < 0) return -1;
    district = (kazi_caller){.kind = KAZI_CALLER_USER,
                             .name = "neema",
                             .role = "district_hr_officer",
                             .scope_org_unit_id = village};
    return kazi_caller_load_scope(&district, kt_db);
}

static void test_organisation__a_scoped_caller_creates_inside_and_sees_above(void **state)
{
    (void)state;
    kazi_organisation o = {.org_unit_id = village};
    strcpy(o.code, "NGO-V1");
    strcpy(o.name, "Village NGO");
    strcpy(o.kind, "ngo");
    assert_int_equal(kazi_organisation_create(&o, kt_db, &district), KAZI_OK);
    assert_true(o.id > 0);
    /* the government, based at the country above the village, is visible */
    kazi_organisation got;
    assert_int_equal(kazi_organisation_get_for(&got, kt_db, &district, government), KAZI_OK);
    json_t *list;
    assert_int_equal(kazi_organisation_list_for(&list, kt_db, &district, "NGO-V1", 100, 0),
                     KAZI_OK);
    assert_int_equal(json_array_size(list), 1);
    json_decref(list);
    assert_int_equal(kazi_organisation_list_for(&list, kt_db, &district, "Government", 100, 0),
                     KAZI_OK);
    assert_int_equal(json_array_size(list), 1);
    json_decref(list);
    /* but it is the national officers' to change */
    kazi_organisation patch = {0};
    strcpy(patch.name, "Renamed");
    assert_int_equal(kazi_organisation_change(&got, kt_db, &district, government, &patch),
                     KAZI_EDENIED);
    assert_int_equal(kazi_organisation_change(&got, kt_db, &district, o.id, &patch), KAZI_OK);
    assert_string_equal(got.name, "Renamed");
}

static void test_organisation__outside_the_scope_is_absent(void **state)
{
    (void)state;
    kazi_orgunit country, other = {.depth = 1};
    assert_int_equal(kazi_orgunit_get_by_code(&country, kt_db, "TZ"), KAZI_OK);
    strcpy(other.code, "V2");
    strcpy(other.name, "Other village");
    strcpy(other.level_id, "village");
    assert_int_equal(kazi_orgunit_insert(&other, kt_db, &country), KAZI_OK);
    kazi_organisation o = {.org_unit_id = other.id};
    strcpy(o.code, "NGO-V2");
    strcpy(o.name, "Elsewhere");
    strcpy(o.kind, "ngo");
    assert_int_equal(kazi_organisation_create(&o, kt_db, &district), KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "org_unit_id");
    assert_int_equal(kazi_organisation_create(&o, kt_db, kazi_caller_cli()), KAZI_OK);
    kazi_organisation got;
    assert_int_equal(kazi_organisation_get_for(&got, kt_db, &district, o.id), KAZI_ENOTFOUND);
    assert_int_equal(kazi_organisation_get_for(&got, kt_db, kazi_caller_cli(), o.id), KAZI_OK);
}

static void test_organisation__the_kind_and_the_code_are_checked(void **state)
{
    (void)state;
    assert_int_equal(kazi_organisation_check_kind("ngo"), KAZI_OK);
    assert_int_equal(kazi_organisation_check_kind("club"), KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "kind");
    kazi_organisation o = {.org_unit_id = village}, again;
    strcpy(o.code, "NGO-DUP");
    strcpy(o.name, "First");
    strcpy(o.kind, "ngo");
    again = o;
    assert_int_equal(kazi_organisation_create(&o, kt_db, kazi_caller_cli()), KAZI_OK);
    assert_int_equal(kazi_organisation_create(&again, kt_db, kazi_caller_cli()), KAZI_EEXISTS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_organisation__a_scoped_caller_creates_inside_and_sees_above),
        cmocka_unit_test(test_organisation__outside_the_scope_is_absent),
        cmocka_unit_test(test_organisation__the_kind_and_the_code_are_checked),
    };
    return cmocka_run_group_tests(tests, setup, kt_group_db_close);
}
