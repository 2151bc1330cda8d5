/* The dossier rules receive (domain/dossier): batch and single builds agree, prior
 * learning counts as a course or as credited hours, the supervised-hours hook, unknown
 * people; and the certificate date arithmetic (domain/certificate). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domain/certificate.h"
#include "domain/dossier.h"
#include "domain/registry.h"
#include "fixture.h"
#include "store/db.h"
#include "store/internal.h"
#include "store/migrate.h"
#include "store/orgunit.h"
#include "store/support.h"
#include "store/training.h"
#include "util/error.h"

static char dir[] = "/tmp/kazi-test-dossier-XXXXXX";
static kazi_db *db;
static int64_t village, amina, baraka;
static const kazi_caller national = {.name = "unit-test", .personal_data = 1};

static int64_t person(const char *given)
{
    char body[300];
    snprintf(body, sizeof body,
             "{\"given_name\":\"%s\",\"family_name\":\"Mushi\",\"birth_date\":\"1990-04-12\","
             "\"education\":\"secondary\",\"residence_org_unit_id\":%lld}",
             given, (long long)village);
    json_t *in = json_loads(body, 0, NULL), *out;
    assert_int_equal(kazi_registry_person_create(&out, db, &national, in), KAZI_OK);
    int64_t id = json_integer_value(json_object_get(out, "id"));
    json_decref(in);
    json_decref(out);
    return id;
}

static void prior(int64_t pid, const char *course, double hours)
{
    json_t *p = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s?,s:f}", "person_id", (json_int_t)pid,
                          "kind", "experience", "what", "MVC volunteer", "evidence", "letter",
                          "approved_by", "DSWO", "approved_date", "2025-01-01", "equivalent_course",
                          course, "hours", hours);
    int64_t id;
    assert_int_equal(kazi_store_prior_insert(&id, db, p, 1), KAZI_OK);
    json_decref(p);
}

static int setup(void **state)
{
    (void)state;
    if (kt_db_create(&db, dir) < 0 || kt_db_places(db, &village, NULL) < 0) return -1;
    amina = person("Amina");
    baraka = person("Baraka");
    prior(amina, "psw-level-1", 120);
    prior(baraka, NULL, 300);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return kt_db_destroy(db, dir);
}

static void test_dossier__batch_and_single_builds_agree_in_order(void **state)
{
    (void)state;
    int64_t ids[] = {baraka, amina, baraka};
    json_t *many[3], *a, *b;
    assert_int_equal(kazi_dossier_build_many(many, db, ids, 3, "2026-01-15"), KAZI_OK);
    assert_int_equal(kazi_dossier_build(&a, db, amina, "2026-01-15"), KAZI_OK);
    assert_int_equal(kazi_dossier_build(&b, db, baraka, "2026-01-15"), KAZI_OK);
    assert_true(json_equal(many[0], b));
    assert_true(json_equal(many[1], a));
    assert_true(json_equal(many[2], b));
    assert_string_equal(json_string_value(json_object_get(a, "as_of")), "2026-01-15");
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(a, "person"), "birth_date")),
        "1990-04-12");
    assert_int_equal(json_real_value(json_object_get(a, "supervised_hours")), 0);
    for (int i = 0; i < 3; i++)
        json_decref(many[i]);
    json_decref(a);
    json_decref(b);
}

static void test_dossier__prior_learning_is_a_course_or_credited_hours(void **state)
{
    (void)state;
    json_t *a, *b;
    assert_int_equal(kazi_dossier_build(&a, db, amina, NULL), KAZI_OK);
    assert_int_equal(kazi_dossier_build(&b, db, baraka, NULL), KAZI_OK);
    json_t *course = json_array_get(json_object_get(a, "courses"), 0);
    assert_string_equal(json_string_value(json_object_get(course, "id")), "psw-level-1");
    assert_string_equal(json_string_value(json_object_get(course, "completed")), "2025-01-01");
    assert_string_equal(json_string_value(json_object_get(course, "source")), "prior_learning");
    assert_null(json_object_get(course, "version")); /* null columns are absent */
    assert_int_equal(json_array_size(json_object_get(a, "credentials")), 0);
    assert_int_equal(json_array_size(json_object_get(b, "courses")), 0);
    json_t *cred = json_array_get(json_object_get(b, "credentials"), 0);
    assert_string_equal(json_string_value(json_object_get(cred, "kind")), "prior_learning");
    assert_int_equal((int)json_number_value(json_object_get(cred, "hours")), 300);
    json_decref(a);
    json_decref(b);
}

static void test_dossier__an_unknown_person_fails_and_leaves_nothing(void **state)
{
    (void)state;
    int64_t ids[] = {amina, 999999};
    json_t *out[2] = {(json_t *)1, (json_t *)1};
    assert_int_equal(kazi_dossier_build_many(out, db, ids, 2, NULL), KAZI_ENOTFOUND);
    assert_null(out[0]);
    assert_null(out[1]);
}

/* Supervision sessions (migration 0007_support): a dossier's supervised hours are the
 * minutes of the sessions up to its date, by 60 (90 + 30 minutes before 2026-01-15 are
 * 2 hours; with the 600 of 2026-06-01, 12). (Runs last: it adds sessions.) */
static void test_dossier__supervised_hours_read_supervision_sessions(void **state)
{
    (void)state;
    char sql[1024];
    snprintf(sql, sizeof sql,
             "INSERT INTO supervision_session (person_id, supervisor_person_id, session_date, "
             "duration_minutes, mode, created_at) VALUES (%lld, %lld, '2025-06-01', 90, "
             "'in_person', 1), (%lld, %lld, '2025-07-01', 30, 'phone', 1), (%lld, %lld, "
             "'2026-06-01', 600, 'in_person', 1);",
             (long long)amina, (long long)baraka, (long long)amina, (long long)baraka,
             (long long)amina, (long long)baraka);
    assert_int_equal(kazi_db_exec(db, sql), KAZI_OK);
    json_t *d[2];
    int64_t ids[] = {amina, baraka};
    assert_int_equal(kazi_dossier_build_many(d, db, ids, 2, "2026-01-15"), KAZI_OK);
    assert_true(json_real_value(json_object_get(d[0], "supervised_hours")) == 2.0);
    assert_true(json_real_value(json_object_get(d[1], "supervised_hours")) == 0.0);
    json_decref(d[0]);
    json_decref(d[1]);
    /* one query for the batch: any order, repeats, and the same answer as one by one */
    json_t *m[3], *one;
    int64_t mixed[] = {baraka, amina, amina};
    assert_int_equal(kazi_dossier_build_many(m, db, mixed, 3, "2026-01-15"), KAZI_OK);
    assert_true(json_real_value(json_object_get(m[0], "supervised_hours")) == 0.0);
    assert_true(json_real_value(json_object_get(m[1], "supervised_hours")) == 2.0);
    assert_true(json_real_value(json_object_get(m[2], "supervised_hours")) == 2.0);
    int64_t minutes;
    assert_int_equal(kazi_store_supervised_minutes(&minutes, db, amina, NULL), KAZI_OK);
    assert_int_equal(minutes, 720);
    assert_int_equal(kazi_store_supervised_minutes(&minutes, db, amina, "2025-07-01"), KAZI_OK);
    assert_int_equal(minutes, 630);
    assert_int_equal(kazi_dossier_build(&one, db, amina, NULL), KAZI_OK);
    assert_true(json_real_value(json_object_get(one, "supervised_hours")) == 12.0);
    for (int i = 0; i < 3; i++)
        json_decref(m[i]);
    json_decref(one);
}

static void test_certificate__expiry_arithmetic(void **state)
{
    (void)state;
    char buf[16];
    kazi_certificate_add_years(buf, "2026-01-15", 3);
    assert_string_equal(buf, "2029-01-15");
    kazi_certificate_add_years(buf, "2024-02-29", 3);
    assert_string_equal(buf, "2027-02-28");
    kazi_certificate_add_years(buf, "2024-02-29", 4);
    assert_string_equal(buf, "2028-02-29");
    kazi_certificate_add_days(buf, "2026-12-30", 5);
    assert_string_equal(buf, "2027-01-04");
    kazi_certificate_add_days(buf, "2026-03-01", 0);
    assert_string_equal(buf, "2026-03-01");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dossier__batch_and_single_builds_agree_in_order),
        cmocka_unit_test(test_dossier__prior_learning_is_a_course_or_credited_hours),
        cmocka_unit_test(test_dossier__an_unknown_person_fails_and_leaves_nothing),
        cmocka_unit_test(test_certificate__expiry_arithmetic),
        cmocka_unit_test(test_dossier__supervised_hours_read_supervision_sessions),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
