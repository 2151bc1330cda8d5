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

#include "store/db.h"
#include "store/meta.h"
#include "store/migrate.h"
#include "util/error.h"

static char dir[] = "/tmp/kazi-test-meta-XXXXXX";
static kazi_db *db;

static int setup(void **state)
{
    (void)state;
    char path[256];
    if (!mkdtemp(dir)) return -1;
    snprintf(path, sizeof path, "%s/kazi.db", dir);
    if (kazi_db_open(&db, path, KAZI_DB_CREATE) < 0 || kazi_migrate(db, -1) < 0) return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[300];
    kazi_db_close(db);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd) == 0 ? 0 : -1;
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
