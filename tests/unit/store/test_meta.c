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

static char dir[] = "/tmp/kazi-test-meta-XXXXXX";
static kazi_db *db;

static int setup(void **state)
{
    (void)state;
    return kt_db_create(&db, dir);
}

static int teardown(void **state)
{
    (void)state;
    return kt_db_destroy(db, dir);
}

static void test_meta__set_replaces_and_get_reads(void **state)
{
    (void)state;
    char *v = NULL;
    assert_int_equal(kazi_meta_get(&v, db, "test.key"), KAZI_ENOTFOUND);
    assert_int_equal(kazi_meta_set(db, "test.key", "one"), KAZI_OK);
    assert_int_equal(kazi_meta_set(db, "test.key", "two"), KAZI_OK);
    assert_int_equal(kazi_meta_get(&v, db, "test.key"), KAZI_OK);
    assert_string_equal(v, "two");
    free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_meta__set_replaces_and_get_reads),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
