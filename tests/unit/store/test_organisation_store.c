/* store/organisation: employers and funders — a taken code is refused naming "code",
 * and the list from a district shows the organisations inside it and those above it
 * (the ministry at the country), never a sibling region's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "store/organisation.h"
#include "store/orgunit.h"
#include "util/error.h"

static kazi_orgunit unit(const char *code, const kazi_orgunit *parent)
{
    kazi_orgunit u = {.depth = parent ? parent->depth + 1 : 0};
    snprintf(u.code, sizeof u.code, "%s", code);
    snprintf(u.name, sizeof u.name, "Unit %s", code);
    snprintf(u.level_id, sizeof u.level_id, "%s", parent ? "region" : "country");
    assert_int_equal(kazi_orgunit_insert(&u, kt_db, parent), KAZI_OK);
    return u;
}

static int64_t org(const char *code, const char *name, const char *kind, int64_t unit_id)
{
    kazi_organisation o = {.org_unit_id = unit_id};
    snprintf(o.code, sizeof o.code, "%s", code);
    snprintf(o.name, sizeof o.name, "%s", name);
    snprintf(o.kind, sizeof o.kind, "%s", kind);
    assert_int_equal(kazi_organisation_insert(&o, kt_db), KAZI_OK);
    return o.id;
}

static kazi_orgunit tz, r1, r2, d1;

static void codes(json_t *list, const char *want)
{
    char got[256] = "";
    size_t i;
    json_t *o;
    json_array_foreach(list, i, o)
    {
        if (i) strcat(got, ",");
        strcat(got, json_string_value(json_object_get(o, "code")));
    }
    assert_string_equal(got, want);
}

static void test_organisation_store__insert_get_update(void **state)
{
    (void)state;
    tz = unit("TZ", NULL);
    r1 = unit("R1", &tz);
    r2 = unit("R2", &tz);
    d1 = unit("D1", &r1);
    int64_t gov = org("MOH", "Ministry of Health", "government", tz.id);
    kazi_organisation o;
    assert_int_equal(kazi_organisation_get(&o, kt_db, gov), KAZI_OK);
    assert_string_equal(o.name, "Ministry of Health");
    assert_string_equal(o.kind, "government");
    assert_string_equal(o.org_unit_path, tz.path);
    json_t *j = kazi_organisation_json(&o);
    assert_int_equal(json_integer_value(json_object_get(j, "org_unit_id")), tz.id);
    assert_string_equal(json_string_value(json_object_get(j, "code")), "MOH");
    json_decref(j);

    kazi_organisation dup = {.org_unit_id = r1.id};
    strcpy(dup.code, "MOH");
    strcpy(dup.name, "Another");
    strcpy(dup.kind, "ngo");
    assert_int_equal(kazi_organisation_insert(&dup, kt_db), KAZI_EEXISTS);
    assert_string_equal(kazi_error_last()->field, "code");

    int64_t ngo = org("CARE", "Care Trust", "ngo", r1.id);
    assert_int_equal(kazi_organisation_get(&o, kt_db, ngo), KAZI_OK);
    strcpy(o.code, "MOH"); /* renaming onto a taken code is refused too */
    assert_int_equal(kazi_organisation_update(kt_db, &o), KAZI_EEXISTS);
    assert_string_equal(kazi_error_last()->field, "code");
    strcpy(o.code, "CARE2");
    strcpy(o.name, "Care Trust Tanzania");
    o.org_unit_id = d1.id;
    assert_int_equal(kazi_organisation_update(kt_db, &o), KAZI_OK);
    assert_int_equal(kazi_organisation_get(&o, kt_db, ngo), KAZI_OK);
    assert_string_equal(o.code, "CARE2");
    assert_string_equal(o.name, "Care Trust Tanzania");
    assert_string_equal(o.org_unit_path, d1.path);
    assert_int_equal(kazi_organisation_get(&o, kt_db, 999999), KAZI_ENOTFOUND);
}

static void test_organisation_store__list_from_a_scope(void **state)
{
    (void)state;
    org("FBO", "Faith Homes", "faith_based", r2.id); /* the sibling region */
    org("PRV", "Private Clinic", "private", r1.id);
    json_t *l;
    assert_int_equal(kazi_organisation_list(&l, kt_db, "/", NULL, 100, 0), KAZI_OK);
    codes(l, "CARE2,FBO,MOH,PRV"); /* by name */
    json_decref(l);
    assert_int_equal(kazi_organisation_list(&l, kt_db, r1.path, NULL, 100, 0), KAZI_OK);
    codes(l, "CARE2,MOH,PRV"); /* inside R1, and the ministry above it; not FBO */
    json_decref(l);
    assert_int_equal(kazi_organisation_list(&l, kt_db, d1.path, NULL, 100, 0), KAZI_OK);
    codes(l, "CARE2,MOH,PRV"); /* the region's too: it is on the way to the root */
    json_decref(l);
    assert_int_equal(kazi_organisation_list(&l, kt_db, "/", "CLINIC", 100, 0), KAZI_OK);
    codes(l, "PRV"); /* the name, any case */
    json_decref(l);
    assert_int_equal(kazi_organisation_list(&l, kt_db, "/", "fb", 100, 0), KAZI_OK);
    codes(l, "FBO"); /* or the code */
    json_decref(l);
    assert_int_equal(kazi_organisation_list(&l, kt_db, r1.path, "faith", 100, 0), KAZI_OK);
    codes(l, "");
    json_decref(l);
    assert_int_equal(kazi_organisation_list(&l, kt_db, "/", NULL, 2, 1), KAZI_OK);
    codes(l, "FBO,MOH"); /* a page */
    json_decref(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_organisation_store__insert_get_update),
        cmocka_unit_test(test_organisation_store__list_from_a_scope),
    };
    return cmocka_run_group_tests(tests, kt_group_db, kt_group_db_close);
}
