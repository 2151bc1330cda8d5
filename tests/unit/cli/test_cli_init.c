/* cli/init: `kazi init` makes a data directory for a country (with a first
 * administrator when asked), refuses incomplete options by name (exit 2), and refuses a
 * directory already in use or an unknown country (exit 1) without harming what is there. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "auth/account.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "domain/install.h"
#include "fixture.h"
#include "store/user.h"
#include "util/error.h"

static void test_init__creates_the_directory_and_the_administrator(void **state)
{
    (void)state;
    char data[128], pw[128];
    snprintf(data, sizeof data, "%s/one", kt_dir);
    snprintf(pw, sizeof pw, "%s/pw", kt_dir);
    kt_sh("printf 'first admin password\\n' > %s", pw);
    kt_cli_run *r = kt_cli(kazi_cmd_init, "init", "--data", data, "--country", "tanzania",
                           "--admin", "root", "--admin-password-file", pw, NULL);
    assert_int_equal(r->exit, KAZI_EXIT_OK);
    assert_non_null(strstr(r->out, "Created Kazi data directory"));
    assert_non_null(strstr(r->out, "Created administrator root."));
    kazi_db *db;
    int64_t id;
    kazi_user u;
    assert_int_equal(kazi_install_open(&db, data), KAZI_OK);
    assert_int_equal(kazi_account_lookup(&id, db, "root"), KAZI_OK);
    assert_int_equal(kazi_user_get(&u, db, id), KAZI_OK);
    assert_string_equal(u.role, "administrator");
    kazi_db_close(db);

    /* the same directory again: refused, and the installation still opens */
    r = kt_cli(kazi_cmd_init, "init", "--data", data, "--country", "tanzania", NULL);
    assert_int_equal(r->exit, KAZI_EXIT_FAIL);
    assert_non_null(strstr(r->err, "kazi: init: "));
    assert_int_equal(kazi_install_open(&db, data), KAZI_OK);
    assert_int_equal(kazi_account_lookup(&id, db, "root"), KAZI_OK);
    kazi_db_close(db);
}

static void test_init__an_unknown_country_makes_nothing(void **state)
{
    (void)state;
    char data[128];
    struct stat st;
    snprintf(data, sizeof data, "%s/two", kt_dir);
    kt_cli_run *r = kt_cli(kazi_cmd_init, "init", "--data", data, "--country", "atlantis", NULL);
    assert_int_equal(r->exit, KAZI_EXIT_FAIL);
    assert_non_null(strstr(r->err, "atlantis"));
    char db[1100];
    kazi_install_db_path(db, sizeof db, data);
    assert_int_not_equal(stat(db, &st), 0);
}

static void test_init__incomplete_options_exit_2(void **state)
{
    (void)state;
    static const char *const cases[][6] = {
        {"--country", "tanzania", NULL},
        {"--data", "/tmp/x", NULL},
        {"--data", "/tmp/x", "--country", "tanzania", "--admin", "root"},
        {"--data", "/tmp/x", "--country", "tanzania", "--admin-password-file", "/tmp/pw"},
    };
    static const char *const messages[] = {
        "--data DIR is required",
        "--config DIR|GIT-URL is required",
        "--admin USER needs --admin-password-file FILE",
        "--admin-password-file needs --admin USER",
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *const *a = cases[i];
        kt_cli_run *r = kt_cli(kazi_cmd_init, "init", a[0], a[1], a[2], a[3], a[4], a[5], NULL);
        assert_int_equal(r->exit, KAZI_EXIT_USAGE);
        assert_non_null(strstr(r->err, messages[i]));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init__creates_the_directory_and_the_administrator),
        cmocka_unit_test(test_init__an_unknown_country_makes_nothing),
        cmocka_unit_test(test_init__incomplete_options_exit_2),
    };
    return cmocka_run_group_tests(tests, kt_group_tmpdir_rand, kt_group_rmtree);
}
