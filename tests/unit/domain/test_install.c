/* domain/install: a data directory is made once and opened many times. Making one over
 * a directory that holds anything is refused, an unknown country names those that
 * exist, a bad first password leaves nothing behind; opening never creates a database
 * and refuses, naming the file and leaving it as it was, one that is missing, empty,
 * not SQLite or not Kazi's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "domain/install.h"
#include "fixture.h"
#include "util/error.h"

static void path_of(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/%s", kt_dir, name);
}

static void test_install__made_once_then_opened(void **state)
{
    (void)state;
    char data[128], db[1100];
    path_of(data, sizeof data, "data");
    kazi_install_opts o = {.data_dir = data, .country = "tanzania"};
    assert_int_equal(kazi_install_create(&o), KAZI_OK);
    kazi_db *h;
    assert_int_equal(kazi_install_open(&h, data), KAZI_OK);
    kazi_db_close(h);
    assert_int_equal(kazi_install_create(&o), KAZI_EEXISTS);
    assert_string_equal(kazi_error_last()->field, "data");
    assert_int_equal(kazi_install_open(&h, data), KAZI_OK); /* still whole */
    kazi_db_close(h);
    kazi_install_db_path(db, sizeof db, data);
    assert_non_null(strstr(db, "/data/kazi.db"));
}

static void test_install__a_refused_creation_leaves_nothing(void **state)
{
    (void)state;
    char data[128];
    struct stat st;
    path_of(data, sizeof data, "atlantis");
    kazi_install_opts o = {.data_dir = data, .country = "atlantis"};
    assert_int_equal(kazi_install_create(&o), KAZI_ENOTFOUND);
    assert_string_equal(kazi_error_last()->field, "country");
    assert_non_null(strstr(kazi_error_last()->message, "tanzania"));
    path_of(data, sizeof data, "weak");
    kazi_install_opts w = {.data_dir = data,
                           .country = "tanzania",
                           .admin_username = "root",
                           .admin_password = "short"};
    assert_int_equal(kazi_install_create(&w), KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "password");
    char db[1100];
    kazi_install_db_path(db, sizeof db, data);
    assert_int_not_equal(stat(db, &st), 0);
}

static void test_install__open_never_creates_and_names_the_file(void **state)
{
    (void)state;
    char data[128], db[1100];
    kazi_db *h;
    path_of(data, sizeof data, "nothing");
    assert_int_equal(kazi_install_open(&h, data), KAZI_ENOTFOUND);
    assert_string_equal(kazi_error_last()->field, "data");
    static const char *const contents[] = {"", "not a database at all, just text"};
    for (size_t i = 0; i < 2; i++) {
        path_of(data, sizeof data, i ? "text" : "empty");
        kazi_install_db_path(db, sizeof db, data);
        kt_sh("mkdir -p %s && printf '%s' > %s", data, contents[i], db);
        assert_int_equal(kazi_install_open(&h, data), KAZI_EINVALID);
        assert_string_equal(kazi_error_last()->field, "data");
        assert_non_null(strstr(kazi_error_last()->message, db));
        /* left as it was */
        kt_sh("test \"$(cat %s)\" = '%s'", db, contents[i]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_install__made_once_then_opened),
        cmocka_unit_test(test_install__a_refused_creation_leaves_nothing),
        cmocka_unit_test(test_install__open_never_creates_and_names_the_file),
    };
    return cmocka_run_group_tests(tests, kt_group_tmpdir_rand, kt_group_rmtree);
}
