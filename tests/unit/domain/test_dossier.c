/* The dossier rules receive (domain/dossier): batch and single builds agree (for 450
 * workers too, and batch eligibility on one or two threads), prior
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

#include "domain/career.h"
#include "domain/certificate.h"
#include "domain/dossier.h"
#include "domain/registry.h"
#include "fixture.h"
#include "lua/runtime.h"
#include "store/db.h"
#include "store/internal.h"
#include "store/migrate.h"
#include "store/orgunit.h"
#include "store/support.h"
#include "store/training.h"
#include "util/error.h"
#include "util/thread.h"

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

/* Many workers at once, as the impact preview and batch eligibility read them: 450
 * people of different ages, every third with a course and every fifth with credited
 * hours. */
enum { MANY = 450 };
static int64_t many_ids[MANY];

static void make_many(void)
{
    if (many_ids[0]) return;
    for (int i = 0; i < MANY; i++) {
        char body[300];
        snprintf(body, sizeof body,
                 "{\"given_name\":\"W%d\",\"family_name\":\"Many\",\"birth_date\":\"%d-0%d-1%d\","
                 "\"residence_org_unit_id\":%lld}",
                 i, 1950 + i % 55, 1 + i % 9, i % 10, (long long)village);
        json_t *in = json_loads(body, 0, NULL), *out;
        assert_int_equal(kazi_registry_person_create(&out, db, &national, in), KAZI_OK);
        many_ids[i] = json_integer_value(json_object_get(out, "id"));
        json_decref(in);
        json_decref(out);
        if (i % 3 == 0) prior(many_ids[i], "psw-level-1", 40);
        if (i % 5 == 0) prior(many_ids[i], NULL, 100 + i);
    }
}

static void test_dossier__bulk_equals_single_for_every_worker(void **state)
{
    (void)state;
    make_many();
    json_t **bulk = calloc(MANY, sizeof *bulk);
    assert_int_equal(kazi_dossier_build_many(bulk, db, many_ids, MANY, "2026-01-15"), KAZI_OK);
    for (int i = 0; i < MANY; i++) {
        json_t *one;
        assert_int_equal(kazi_dossier_build(&one, db, many_ids[i], "2026-01-15"), KAZI_OK);
        if (!json_equal(bulk[i], one)) fail_msg("worker %d: the bulk dossier differs", i);
        json_decref(one);
        json_decref(bulk[i]);
    }
    free(bulk);
}

/* Batch eligibility gives every worker the same count of rules passed on one thread, on
 * two (a helper taking half of the batch), and asked one worker and one rule at a time. */
static void test_dossier__batch_eligibility_same_on_one_or_two_threads(void **state)
{
    (void)state;
    make_many();
    kazi_lua_gen *gen = kt_lua_gen1(
        "rules.lua",
        "kazi.certification { id = 'older', name = 'older', rule = function(d)\n"
        "  return d.person.birth_date < '1980-01-01', {}\n"
        "end }\n"
        "kazi.certification { id = 'trained', name = 'trained', rule = function(d)\n"
        "  for _, c in ipairs(d.courses) do if c.id == 'psw-level-1' then return true, {} end end\n"
        "  return false, { 'psw-level-1' }\n"
        "end }\n"
        "kazi.certification { id = 'credited', name = 'credited', rule = function(d)\n"
        "  return #d.credentials > 0 and d.person.birth_date > '1970-01-01', {}\n"
        "end }\n",
        NULL);
    assert_non_null(gen);
    kazi_lua_activate(gen);
    int one[MANY], two[MANY];
    kazi_helper *helper = kazi_helper_start(kazi_lua_thread_exit);
    assert_int_equal(kazi_career_batch(one, db, "certification", NULL, many_ids, MANY, NULL),
                     KAZI_OK);
    assert_int_equal(kazi_career_batch(two, db, "certification", NULL, many_ids, MANY, helper),
                     KAZI_OK);
    kazi_helper_stop(helper);
    static const char *const rules[] = {"older", "trained", "credited"};
    int spread[4] = {0};
    for (int i = 0; i < MANY; i++) {
        json_t *d, *out;
        int expect = 0;
        assert_int_equal(kazi_dossier_build(&d, db, many_ids[i], NULL), KAZI_OK);
        for (int r = 0; r < 3; r++) {
            assert_int_equal(kazi_lua_rule(&out, gen, "certification", rules[r], d), KAZI_OK);
            expect += json_is_true(json_object_get(out, "eligible"));
            json_decref(out);
        }
        json_decref(d);
        if (one[i] != expect || two[i] != expect)
            fail_msg("worker %d: %d rules passed alone, %d on one thread, %d on two", i, expect,
                     one[i], two[i]);
        spread[expect]++;
    }
    for (int k = 0; k < 3; k++) /* the data exercises every count the rules can give */
        assert_true(spread[k] > 0);
    kazi_lua_activate(NULL);
    kt_lua_release(gen);
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
    /* Past the calendar's end an expiry is held at its last day, not wrapped to 0003. */
    kazi_certificate_add_years(buf, "9998-06-01", 5);
    assert_string_equal(buf, "9999-12-31");
    kazi_certificate_add_days(buf, "9999-12-30", 5);
    assert_string_equal(buf, "9999-12-31");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dossier__batch_and_single_builds_agree_in_order),
        cmocka_unit_test(test_dossier__prior_learning_is_a_course_or_credited_hours),
        cmocka_unit_test(test_dossier__an_unknown_person_fails_and_leaves_nothing),
        cmocka_unit_test(test_certificate__expiry_arithmetic),
        cmocka_unit_test(test_dossier__bulk_equals_single_for_every_worker),
        cmocka_unit_test(test_dossier__batch_eligibility_same_on_one_or_two_threads),
        cmocka_unit_test(test_dossier__supervised_hours_read_supervision_sessions),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
