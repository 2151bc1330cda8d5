/* store/training: training events, enrolments and prior learning as the rules read them
 * — an event's trainers and head count, events listed by scope and course, a person
 * enrolled once, and a dossier's completed courses being only passed enrolments and
 * prior learning with an equivalent course (the rest of prior learning a credential).
 * TZ /1/ > R /1/2/ and S /1/3/; people 1 Asha, 2 Bakari, 3 Chausiku (a trainer). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "store/internal.h"
#include "store/training.h"
#include "util/error.h"

static const char register_sql[] =
    "INSERT INTO org_unit(id, code, name, parent_id, depth, level_id, path, created_at, "
    "updated_at) VALUES (1, 'TZ', 'Tanzania', NULL, 0, 'country', '/1/', 1, 1), "
    "(2, 'R', 'Region R', 1, 1, 'region', '/1/2/', 1, 1), "
    "(3, 'S', 'Region S', 1, 1, 'region', '/1/3/', 1, 1);"
    "INSERT INTO person(id, given_name, family_name, name_key, given_key, "
    "residence_org_unit_id, org_path, created_at, updated_at) VALUES "
    "(1, 'Asha', 'A', 'a', 'asha', 2, '/1/2/', 1, 1), "
    "(2, 'Bakari', 'B', 'b', 'bakari', 2, '/1/2/', 1, 1), "
    "(3, 'Chausiku', 'C', 'c', 'chausiku', 2, '/1/2/', 1, 1);";

static int64_t event(const char *course, int64_t unit, const char *path, const char *start)
{
    json_t *e =
        json_pack("{s:s,s:s,s:s,s:I,s:s,s:s,s:s,s:i,s:s}", "course", course, "course_version", "1",
                  "title", course, "venue_org_unit_id", (json_int_t)unit, "venue_path", path,
                  "start_date", start, "end_date", start, "capacity", 20, "config_id", "c0ffee");
    int64_t id = 0;
    assert_int_equal(kazi_store_event_insert(&id, kt_db, e, 1000), KAZI_OK);
    json_decref(e);
    return id;
}

static int setup(void **state)
{
    if (kt_group_db(state) < 0) return -1;
    return kazi_db_exec(kt_db, register_sql) < 0 ? -1 : 0;
}

static void test_training_store__events_trainers_and_enrolments(void **state)
{
    (void)state;
    int64_t ev = event("psw-basic", 2, "/1/2/", "2026-03-01");
    assert_int_equal(kazi_store_trainer_add(kt_db, ev, 3), KAZI_OK);
    int64_t en = 0;
    assert_int_equal(kazi_store_enrolment_insert(&en, kt_db, ev, 1, 1, 0, 1000), KAZI_OK);
    assert_true(en > 0);
    assert_int_equal(kazi_store_enrolment_insert(&en, kt_db, ev, 2, 0, 1, 1000), KAZI_OK);
    assert_int_equal(kazi_store_enrolment_insert(&en, kt_db, ev, 1, 0, 0, 1001), KAZI_EEXISTS);
    assert_string_equal(kazi_error_last()->field, "person_id");
    int64_t n;
    assert_int_equal(kazi_store_enrolment_count(&n, kt_db, ev), KAZI_OK);
    assert_int_equal(n, 2);

    json_t *e;
    assert_int_equal(kazi_store_event_get(&e, kt_db, ev), KAZI_OK);
    assert_string_equal(json_string_value(json_object_get(e, "course")), "psw-basic");
    assert_int_equal(json_integer_value(json_object_get(e, "enrolled")), 2);
    json_t *trainers = json_object_get(e, "trainers");
    assert_int_equal(json_array_size(trainers), 1);
    assert_int_equal(json_integer_value(json_array_get(trainers, 0)), 3);
    json_decref(e);
    assert_int_equal(kazi_store_event_get(&e, kt_db, ev + 100), KAZI_ENOTFOUND);
    assert_string_equal(kazi_error_last()->field, "id");

    json_t *r = json_pack("{s:b,s:b,s:f,s:s}", "attended", 1, "passed", 1, "score", 81.5,
                          "completed_date", "2026-03-05");
    assert_int_equal(kazi_store_enrolment_result(kt_db, ev, 1, r, 2000), KAZI_OK);
    json_decref(r);
    r = json_pack("{s:b,s:b,s:n,s:n}", "attended", 1, "passed", 0, "score", "completed_date");
    assert_int_equal(kazi_store_enrolment_result(kt_db, ev, 2, r, 2000), KAZI_OK);
    json_decref(r);
    json_t *one;
    assert_int_equal(kazi_store_enrolment_get(&one, kt_db, ev, 1), KAZI_OK);
    assert_true(json_is_true(json_object_get(one, "passed")));
    assert_string_equal(json_string_value(json_object_get(one, "completed_date")), "2026-03-05");
    json_decref(one);
    assert_int_equal(kazi_store_enrolment_get(&one, kt_db, ev, 3), KAZI_ENOTFOUND);
    assert_string_equal(kazi_error_last()->field, "person_id");
    json_t *list;
    assert_int_equal(kazi_store_enrolment_list(&list, kt_db, ev), KAZI_OK);
    assert_int_equal(json_array_size(list), 2);
    json_decref(list);
}

static void test_training_store__events_by_scope_and_course(void **state)
{
    (void)state;
    event("psw-basic", 3, "/1/3/", "2026-01-10");
    event("swa-certificate", 2, "/1/2/", "2026-02-01");
    json_t *l;
    assert_int_equal(kazi_store_event_list(&l, kt_db, "/1/2/", "/1/20", NULL, 100), KAZI_OK);
    assert_int_equal(json_array_size(l), 2); /* R's two, not S's */
    /* newest first */
    assert_string_equal(json_string_value(json_object_get(json_array_get(l, 0), "start_date")),
                        "2026-03-01");
    json_decref(l);
    assert_int_equal(kazi_store_event_list(&l, kt_db, NULL, NULL, "psw-basic", 100), KAZI_OK);
    assert_int_equal(json_array_size(l), 2); /* R's and S's */
    assert_string_equal(json_string_value(json_object_get(json_array_get(l, 1), "venue_path")),
                        "/1/3/");
    json_decref(l);
    assert_int_equal(kazi_store_event_list(&l, kt_db, NULL, NULL, NULL, 1), KAZI_OK);
    assert_int_equal(json_array_size(l), 1);
    json_decref(l);
}

static void test_training_store__what_counts_as_a_completed_course(void **state)
{
    (void)state;
    json_t *p = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:i}", "person_id", (json_int_t)2, "kind",
                          "training", "what", "NGO case work course", "evidence", "certificate",
                          "approved_by", "neema", "approved_date", "2026-04-01",
                          "equivalent_course", "swa-certificate", "hours", 120);
    int64_t id;
    assert_int_equal(kazi_store_prior_insert(&id, kt_db, p, 3000), KAZI_OK);
    json_decref(p);
    p = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:i}", "person_id", (json_int_t)2, "kind", "experience",
                  "what", "five years volunteering", "evidence", "letter", "approved_by", "neema",
                  "approved_date", "2026-04-02", "hours", 400);
    assert_int_equal(kazi_store_prior_insert(&id, kt_db, p, 3000), KAZI_OK);
    json_decref(p);

    json_t *courses = json_array();
    assert_int_equal(kazi_store_dossier_courses(kt_db, "[1,2,3]", kt_row_to_json, courses),
                     KAZI_OK);
    /* Asha passed psw-basic; Bakari failed it but has the swa-certificate by prior
     * learning; Chausiku only trained others */
    assert_int_equal(json_array_size(courses), 2);
    json_t *a = json_array_get(courses, 0), *b = json_array_get(courses, 1);
    assert_int_equal(json_integer_value(json_object_get(a, "person_id")), 1);
    assert_string_equal(json_string_value(json_object_get(a, "id")), "psw-basic");
    assert_string_equal(json_string_value(json_object_get(a, "source")), "training");
    assert_int_equal(json_integer_value(json_object_get(b, "person_id")), 2);
    assert_string_equal(json_string_value(json_object_get(b, "id")), "swa-certificate");
    assert_string_equal(json_string_value(json_object_get(b, "source")), "prior_learning");
    json_decref(courses);

    json_t *cred = json_array();
    assert_int_equal(kazi_store_dossier_credentials(kt_db, "[2]", kt_row_to_json, cred), KAZI_OK);
    assert_int_equal(json_array_size(cred), 1); /* the experience, as a credential */
    json_t *c = json_array_get(cred, 0);
    assert_string_equal(json_string_value(json_object_get(c, "kind")), "prior_learning");
    assert_string_equal(json_string_value(json_object_get(c, "what")), "five years volunteering");
    json_decref(cred);
    json_t *list;
    assert_int_equal(kazi_store_prior_list(&list, kt_db, 2), KAZI_OK);
    assert_int_equal(json_array_size(list), 2);
    json_decref(list);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_training_store__events_trainers_and_enrolments),
        cmocka_unit_test(test_training_store__events_by_scope_and_course),
        cmocka_unit_test(test_training_store__what_counts_as_a_completed_course),
    };
    return cmocka_run_group_tests(tests, setup, kt_group_db_close);
}
