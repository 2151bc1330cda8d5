/* store/personnames: a page of people named with one bounded statement per 50 — each
 * person's current post (the open assignment started last; an ended one does not count)
 * and the village they live in, across the batch boundary, and ids that are not people
 * left alone. TZ /1/ > village V /1/2/ (Makole) and W /1/3/ (Kaloleni). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "store/internal.h"
#include "store/personnames.h"
#include "util/error.h"

enum { PEOPLE = 60 }; /* more than one batch */

static const char register_sql[] =
    "INSERT INTO org_unit(id, code, name, parent_id, depth, level_id, path, created_at, "
    "updated_at) VALUES (1, 'TZ', 'Tanzania', NULL, 0, 'country', '/1/', 1, 1), "
    "(2, 'V', 'Makole', 1, 1, 'village', '/1/2/', 1, 1), "
    "(3, 'W', 'Kaloleni', 1, 1, 'village', '/1/3/', 1, 1);"
    "INSERT INTO organisation(id, code, name, kind, org_unit_id, created_at, updated_at) "
    "VALUES (1, 'GOV', 'Government', 'government', 1, 1, 1);"
    "INSERT INTO position(id, title, org_unit_id, org_path, organisation_id, cadre, "
    "created_at, updated_at) VALUES (1, 'Old post', 2, '/1/2/', 1, 'psw', 1, 1), "
    "(2, 'Ward officer', 3, '/1/3/', 1, 'swa', 1, 1), "
    "(3, 'Village worker', 2, '/1/2/', 1, 'psw', 1, 1), "
    "(4, 'Far post', 3, '/1/3/', 1, 'pcdw', 1, 1);";

static int setup(void **state)
{
    if (kt_group_db(state) < 0) return -1;
    if (kazi_db_exec(kt_db, register_sql) < 0) return -1;
    for (int i = 1; i <= PEOPLE; i++) {
        char sql[400];
        snprintf(sql, sizeof sql,
                 "INSERT INTO person(id, given_name, family_name, name_key, given_key, "
                 "residence_org_unit_id, org_path, created_at, updated_at) VALUES "
                 "(%d, 'P%d', 'F', 'f p%d', 'p%d', %d, '%s', 1, 1)",
                 i, i, i, i, i % 2 ? 2 : 3, i % 2 ? "/1/2/" : "/1/3/");
        if (kazi_db_exec(kt_db, sql) < 0) return -1;
    }
    /* 1: an ended post, then the open one started last wins over an older open one.
     * 55 (second batch): one open post. The rest: none. */
    return kazi_db_exec(
               kt_db,
               "INSERT INTO assignment(person_id, position_id, start_date, end_date, engagement, "
               "created_at, updated_at) VALUES (1, 1, '2019-01-01', '2020-01-01', 'volunteer', 1, "
               "1), (1, 3, '2021-01-01', NULL, 'stipend', 1, 1), (1, 2, '2023-06-01', NULL, "
               "'salaried', 1, 1), (55, 4, '2024-01-01', NULL, 'stipend', 1, 1)") < 0
               ? -1
               : 0;
}

static const char *text(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static void test_personnames__each_row_gets_post_cadre_and_village(void **state)
{
    (void)state;
    json_t *items = json_array();
    for (int i = 1; i <= PEOPLE; i++)
        json_array_append_new(items, json_pack("{s:i}", "id", i));
    json_array_append_new(items, json_pack("{s:s}", "note", "not a person")); /* no id */
    assert_int_equal(kazi_store_person_names(items, kt_db), KAZI_OK);

    json_t *p1 = json_array_get(items, 0);
    assert_string_equal(text(p1, "position_title"), "Ward officer");
    assert_string_equal(text(p1, "cadre"), "swa");
    assert_string_equal(text(p1, "residence_name"), "Makole");

    json_t *p2 = json_array_get(items, 1);
    assert_true(json_is_null(json_object_get(p2, "position_title")));
    assert_true(json_is_null(json_object_get(p2, "cadre")));
    assert_string_equal(text(p2, "residence_name"), "Kaloleni");

    json_t *p55 = json_array_get(items, 54); /* in the second batch */
    assert_string_equal(text(p55, "position_title"), "Far post");
    assert_string_equal(text(p55, "cadre"), "pcdw");
    assert_string_equal(text(p55, "residence_name"), "Makole");
    for (int i = 0; i < PEOPLE; i++) /* every row named, across the boundary */
        assert_non_null(text(json_array_get(items, (size_t)i), "residence_name"));

    json_t *other = json_array_get(items, PEOPLE);
    assert_int_equal(json_object_size(other), 1); /* left alone */
    json_decref(items);
}

static void test_personnames__an_empty_page_and_an_unknown_id(void **state)
{
    (void)state;
    json_t *items = json_array();
    assert_int_equal(kazi_store_person_names(items, kt_db), KAZI_OK);
    json_array_append_new(items, json_pack("{s:i}", "id", 999));
    assert_int_equal(kazi_store_person_names(items, kt_db), KAZI_OK);
    assert_null(json_object_get(json_array_get(items, 0), "residence_name")); /* no such person */
    json_decref(items);
}

/* Naming a page reads a fixed handful of index entries per person at any register size:
 * no table is scanned, and the current post comes from assignment_current_person
 * (migration 0023) without reading an assignment row, ended ones included. */
static void test_personnames__the_plan_reads_no_assignment_row(void **state)
{
    (void)state;
    json_t *plan;
    assert_int_equal(kazi_store_person_names_plan(&plan, kt_db), KAZI_OK);
    int covering = 0;
    size_t i;
    json_t *d;
    json_array_foreach(plan, i, d)
    {
        const char *detail = json_string_value(d);
        assert_null(strstr(detail, "SCAN"));
        if (strstr(detail, "USING COVERING INDEX assignment_current_person (person_id=?)"))
            covering = 1;
    }
    assert_true(covering);
    json_decref(plan);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_personnames__each_row_gets_post_cadre_and_village),
        cmocka_unit_test(test_personnames__an_empty_page_and_an_unknown_id),
        cmocka_unit_test(test_personnames__the_plan_reads_no_assignment_row),
    };
    return cmocka_run_group_tests(tests, setup, kt_group_db_close);
}
