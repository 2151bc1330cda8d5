/* store/support: the reads the supervisor's reach and certification rules rest on — a
 * user linked to a person, who supervises whom now (an ended supervision no longer
 * counts), and supervised minutes within a window, for one person or a batch.
 * People 1 Asha, 2 Bakari (workers), 3 Chausiku (supervisor). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "store/internal.h"
#include "store/support.h"
#include "store/user.h"
#include "util/error.h"

static const char register_sql[] =
    "INSERT INTO org_unit(id, code, name, parent_id, depth, level_id, path, created_at, "
    "updated_at) VALUES (1, 'TZ', 'Tanzania', NULL, 0, 'country', '/1/', 1, 1);"
    "INSERT INTO person(id, given_name, family_name, name_key, given_key, "
    "residence_org_unit_id, org_path, created_at, updated_at) VALUES "
    "(1, 'Asha', 'A', 'a', 'asha', 1, '/1/', 1, 1), "
    "(2, 'Bakari', 'B', 'b', 'bakari', 1, '/1/', 1, 1), "
    "(3, 'Chausiku', 'C', 'c', 'chausiku', 1, '/1/', 1, 1);"
    "INSERT INTO supervision_session(person_id, supervisor_person_id, session_date, "
    "duration_minutes, mode, created_at) VALUES "
    "(1, 3, '2025-12-20', 60, 'in_person', 1), (1, 3, '2026-01-15', 90, 'phone', 1), "
    "(1, 3, '2026-02-10', 30, 'video', 1), (2, 3, '2026-01-20', 45, 'field_visit', 1);";

static int setup(void **state)
{
    if (kt_group_db(state) < 0) return -1;
    return kazi_db_exec(kt_db, register_sql) < 0 ? -1 : 0;
}

static void test_support_store__user_person_link(void **state)
{
    (void)state;
    kazi_user u = {.role = "supervisor"};
    strcpy(u.username, "sam");
    strcpy(u.display_name, "Sam");
    strcpy(u.password_hash, "x");
    assert_int_equal(kazi_user_insert(&u, kt_db), KAZI_OK);
    int64_t person = -1;
    assert_int_equal(kazi_store_user_person_get(&person, kt_db, u.id), KAZI_OK);
    assert_int_equal(person, 0); /* none yet */
    assert_int_equal(kazi_store_user_person_set(kt_db, u.id, 3), KAZI_OK);
    assert_int_equal(kazi_store_user_person_get(&person, kt_db, u.id), KAZI_OK);
    assert_int_equal(person, 3);
    assert_int_equal(kazi_store_user_person_set(kt_db, u.id, 0), KAZI_OK);
    assert_int_equal(kazi_store_user_person_get(&person, kt_db, u.id), KAZI_OK);
    assert_int_equal(person, 0);
    assert_int_equal(kazi_store_user_person_set(kt_db, u.id + 100, 3), KAZI_ENOTFOUND);
    assert_string_equal(kazi_error_last()->field, "id");
}

static void test_support_store__who_supervises_whom_now(void **state)
{
    (void)state;
    json_t *s = json_pack("{s:i,s:i,s:s,s:s}", "person_id", 1, "supervisor_person_id", 3, "type",
                          "individual", "start_date", "2026-01-01");
    int64_t id;
    assert_int_equal(kazi_store_supervision_insert(&id, kt_db, s, 1000), KAZI_OK);
    json_decref(s);
    int yes = -1;
    assert_int_equal(kazi_store_supervises(&yes, kt_db, 3, 1), KAZI_OK);
    assert_true(yes);
    assert_int_equal(kazi_store_supervises(&yes, kt_db, 3, 2), KAZI_OK);
    assert_false(yes);
    assert_int_equal(kazi_store_supervises(&yes, kt_db, 1, 3), KAZI_OK);
    assert_false(yes); /* not the other way round */
    int64_t current;
    assert_int_equal(kazi_store_supervision_current(&current, kt_db, 1, 3), KAZI_OK);
    assert_int_equal(current, 1);

    assert_int_equal(kazi_store_supervision_end(kt_db, id, "2026-03-01", "moved", 2000), KAZI_OK);
    assert_int_equal(kazi_store_supervises(&yes, kt_db, 3, 1), KAZI_OK);
    assert_false(yes); /* ended: no longer in reach */
    assert_int_equal(kazi_store_supervision_current(&current, kt_db, 1, 3), KAZI_OK);
    assert_int_equal(current, 0);
    json_t *list;
    assert_int_equal(kazi_store_supervision_list(&list, kt_db, 0, 3), KAZI_OK);
    assert_int_equal(json_array_size(list), 1); /* still in the history */
    assert_string_equal(json_string_value(json_object_get(json_array_get(list, 0), "end_date")),
                        "2026-03-01");
    json_decref(list);
}

static void test_support_store__supervised_minutes_in_a_window(void **state)
{
    (void)state;
    int64_t m;
    assert_int_equal(kazi_store_supervised_minutes(&m, kt_db, 1, NULL), KAZI_OK);
    assert_int_equal(m, 180);
    assert_int_equal(kazi_store_supervised_minutes(&m, kt_db, 1, "2026-01-15"), KAZI_OK);
    assert_int_equal(m, 120); /* on or after */
    assert_int_equal(kazi_store_supervised_minutes(&m, kt_db, 3, NULL), KAZI_OK);
    assert_int_equal(m, 0); /* the supervisor's own */
    assert_int_equal(kazi_store_supervised_minutes(&m, kt_db, 999, NULL), KAZI_OK);
    assert_int_equal(m, 0);

    json_t *of = json_array();
    assert_int_equal(kazi_store_supervised_minutes_of(kt_db, "[2,1,3]", "2026-01-01", "2026-01-31",
                                                      kt_row_to_json, of),
                     KAZI_OK);
    assert_int_equal(json_array_size(of), 2); /* only those with sessions, by person */
    assert_int_equal(json_integer_value(json_object_get(json_array_get(of, 0), "person_id")), 1);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(of, 0), "minutes")), 90);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(of, 1), "person_id")), 2);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(of, 1), "minutes")), 45);
    json_decref(of);
    of = json_array();
    assert_int_equal(kazi_store_supervised_minutes_of(kt_db, "[1]", NULL, NULL, kt_row_to_json, of),
                     KAZI_OK);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(of, 0), "minutes")), 180);
    json_decref(of);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_support_store__user_person_link),
        cmocka_unit_test(test_support_store__who_supervises_whom_now),
        cmocka_unit_test(test_support_store__supervised_minutes_in_a_window),
    };
    return cmocka_run_group_tests(tests, setup, kt_group_db_close);
}
