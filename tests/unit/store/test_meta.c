/* store/meta: the installation's small facts (country, created_at, instance id). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixture.h"
#include "store/db.h"
#include "store/meta.h"
#include "store/migrate.h"
#include "util/error.h"

static void test_meta__set_replaces_and_get_reads(void **state)
{
    (void)state;
    char *v = NULL;
    assert_int_equal(kazi_meta_get(&v, kt_db, "test.key"), KAZI_ENOTFOUND);
    assert_int_equal(kazi_meta_set(kt_db, "test.key", "one"), KAZI_OK);
    assert_int_equal(kazi_meta_set(kt_db, "test.key", "two"), KAZI_OK);
    assert_int_equal(kazi_meta_get(&v, kt_db, "test.key"), KAZI_OK);
    assert_string_equal(v, "two");
    free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_meta__set_replaces_and_get_reads),
    };
    return cmocka_run_group_tests(tests, kt_group_db, kt_group_db_close);
}
