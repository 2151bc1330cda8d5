/* store/configdb: what the database keeps about configuration versions — validations
 * (the latest one counts, warnings apart from errors) and activations (pending intents
 * settled or abandoned; the history is of completed ones). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/configdb.h"
#include "fixture.h"
#include "store/db.h"
#include "store/migrate.h"
#include "util/error.h"

#define C1 "1111111111111111111111111111111111111111"
#define C2 "2222222222222222222222222222222222222222"
#define C3 "3333333333333333333333333333333333333333"

static void test_configdb__the_latest_validation_counts(void **state)
{
    (void)state;
    json_t *v;
    assert_int_equal(kazi_configdb_validation_latest(&v, kt_db, C1), KAZI_ENOTFOUND);
    assert_string_equal(kazi_error_last()->field, "commit");
    json_t *problems = json_pack("[{s:s,s:s},{s:s,s:s,s:s}]", "file", "a.lua", "message", "boom",
                                 "file", "b.lua", "message", "slow", "severity", "warning");
    assert_int_equal(kazi_configdb_validation_add(kt_db, C1, 0, problems, NULL, "builtin+lua",
                                                  "2026-01-01T00:00:00.000Z", "neema"),
                     KAZI_OK);
    assert_int_equal(kazi_configdb_validation_latest(&v, kt_db, C1), KAZI_OK);
    assert_false(json_is_true(json_object_get(v, "ok")));
    assert_int_equal(json_array_size(json_object_get(v, "errors")), 1);
    assert_int_equal(json_array_size(json_object_get(v, "warnings")), 1);
    assert_string_equal(json_string_value(json_object_get(v, "validated_by")), "neema");
    assert_int_equal(json_array_size(json_object_get(v, "languages")), 0); /* not known: [] */
    json_decref(v);
    /* validated again after a fix: the newer record is the answer, with its languages */
    json_t *none = json_array();
    json_t *langs = json_pack("[{s:s}]", "language", "ny");
    assert_int_equal(kazi_configdb_validation_add(kt_db, C1, 1, none, langs, "builtin+lua",
                                                  "2026-01-02T00:00:00.000Z", "juma"),
                     KAZI_OK);
    assert_int_equal(kazi_configdb_validation_latest(&v, kt_db, C1), KAZI_OK);
    assert_true(json_is_true(json_object_get(v, "ok")));
    assert_int_equal(json_array_size(json_object_get(v, "errors")), 0);
    assert_string_equal(json_string_value(json_object_get(v, "validated_by")), "juma");
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(v, "languages"), 0), "language")),
                        "ny");
    json_decref(langs);
    json_decref(v);
    json_decref(problems);
    json_decref(none);
}

static void test_configdb__rollouts_pending_done_and_abandoned(void **state)
{
    (void)state;
    char last[41];
    json_t *list;
    assert_int_equal(kazi_configdb_rollout_last(last, kt_db), KAZI_ENOTFOUND);
    int64_t first, second, third;
    assert_int_equal(kazi_configdb_rollout_add(&first, kt_db, NULL, C1, "init", "first", "t1", "r1",
                                               KAZI_ROLLOUT_DONE),
                     KAZI_OK);
    /* an intent recorded before the live ref moves */
    assert_int_equal(kazi_configdb_rollout_add(&second, kt_db, C1, C2, "neema", "second", "t2",
                                               "r2", KAZI_ROLLOUT_PENDING),
                     KAZI_OK);
    assert_int_equal(kazi_configdb_rollouts_pending(&list, kt_db), KAZI_OK);
    assert_int_equal(json_array_size(list), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(list, 0), "to")), C2);
    json_decref(list);
    /* pending rows are not history */
    assert_int_equal(kazi_configdb_rollout_last(last, kt_db), KAZI_OK);
    assert_string_equal(last, C1);
    assert_int_equal(kazi_configdb_rollout_settle(kt_db, second, KAZI_ROLLOUT_DONE), KAZI_OK);
    assert_int_equal(kazi_configdb_rollout_last(last, kt_db), KAZI_OK);
    assert_string_equal(last, C2);
    /* settled once: not again */
    assert_int_equal(kazi_configdb_rollout_settle(kt_db, second, KAZI_ROLLOUT_ABANDONED),
                     KAZI_ENOTFOUND);
    /* an intent whose ref never moved */
    assert_int_equal(kazi_configdb_rollout_add(&third, kt_db, C2, C3, "neema", "third", "t3", "r3",
                                               KAZI_ROLLOUT_PENDING),
                     KAZI_OK);
    assert_int_equal(kazi_configdb_rollout_settle(kt_db, third, KAZI_ROLLOUT_ABANDONED), KAZI_OK);
    assert_int_equal(kazi_configdb_rollouts_pending(&list, kt_db), KAZI_OK);
    assert_int_equal(json_array_size(list), 0);
    json_decref(list);
    assert_int_equal(kazi_configdb_rollout_last(last, kt_db), KAZI_OK);
    assert_string_equal(last, C2);
    /* the history: completed activations, newest first, limited */
    assert_int_equal(kazi_configdb_rollouts(&list, kt_db, 10), KAZI_OK);
    assert_int_equal(json_array_size(list), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(list, 0), "to")), C2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(list, 1), "to")), C1);
    json_decref(list);
    assert_int_equal(kazi_configdb_rollouts(&list, kt_db, 1), KAZI_OK);
    assert_int_equal(json_array_size(list), 1);
    json_decref(list);
    assert_int_equal(kazi_configdb_ever_live(&list, kt_db), KAZI_OK);
    assert_non_null(json_object_get(list, C1));
    assert_non_null(json_object_get(list, C2));
    assert_null(json_object_get(list, C3)); /* abandoned: never live */
    json_decref(list);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_configdb__the_latest_validation_counts),
        cmocka_unit_test(test_configdb__rollouts_pending_done_and_abandoned),
    };
    return cmocka_run_group_tests(tests, kt_group_db, kt_group_db_close);
}
