/* cli/user: `kazi user` through its entry function on an installed country — accounts
 * made, changed and listed from the server's shell, usage errors named (exit 2), and
 * failures from the account layer reported with the field (exit 1). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "auth/account.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "domain/install.h"
#include "fixture.h"
#include "store/user.h"
#include "util/error.h"

static char data[128], pwfile[128];

static int setup(void **state)
{
    if (kt_group_tmpdir_rand(state) < 0 || kt_install(data, sizeof data, kt_dir, "tanzania") < 0)
        return -1;
    snprintf(pwfile, sizeof pwfile, "%s/pw", kt_dir);
    FILE *f = fopen(pwfile, "w");
    if (!f) return -1;
    fputs("a long enough password\n", f);
    if (fclose(f) != 0) return -1;
    /* a district to scope users to */
    char units[128];
    snprintf(units, sizeof units, "%s/units.csv", kt_dir);
    if (!(f = fopen(units, "w"))) return -1;
    fputs("code,name,parent_code,level\nTZ,Tanzania,,country\nTZ-DSM,Dar es Salaam,TZ,region\n"
          "TZ-DSM-KIN,Kinondoni,TZ-DSM,district\n",
          f);
    if (fclose(f) != 0) return -1;
    return kt_cli(kazi_cmd_import, "import", "org-units", "--data", data, units, NULL)->exit;
}

/* The stored account `username`; the test fails when there is none. */
static kazi_user stored(const char *username)
{
    kazi_db *db;
    kazi_user u;
    int64_t id;
    assert_int_equal(kazi_install_open(&db, data), KAZI_OK);
    assert_int_equal(kazi_account_lookup(&id, db, username), KAZI_OK);
    assert_int_equal(kazi_user_get(&u, db, id), KAZI_OK);
    kazi_db_close(db);
    return u;
}

static void test_user__add_list_disable_enable(void **state)
{
    (void)state;
    kt_cli_run *r = kt_cli(kazi_cmd_user, "user", "add", "--data", data, "--username", "neema",
                           "--role", "district_hr_officer", "--scope", "TZ-DSM-KIN",
                           "--display-name", "Neema M.", "--password-file", pwfile, NULL);
    assert_int_equal(r->exit, KAZI_EXIT_OK);
    assert_string_equal(r->out, "Created user neema (district_hr_officer).\n");
    kazi_user u = stored("neema");
    assert_string_equal(u.role, "district_hr_officer");
    assert_string_equal(u.display_name, "Neema M.");
    assert_true(u.scope_org_unit_id > 0);

    r = kt_cli(kazi_cmd_user, "user", "list", "--data", data, NULL);
    assert_int_equal(r->exit, KAZI_EXIT_OK);
    assert_non_null(strstr(r->out, "USERNAME"));
    assert_non_null(strstr(r->out, "neema"));
    assert_non_null(strstr(r->out, "TZ-DSM-KIN"));

    r = kt_cli(kazi_cmd_user, "user", "disable", "--data", data, "--username", "neema", NULL);
    assert_int_equal(r->exit, KAZI_EXIT_OK);
    assert_string_equal(r->out, "Disabled neema.\n");
    assert_true(stored("neema").disabled);
    r = kt_cli(kazi_cmd_user, "user", "list", "--data", data, NULL);
    assert_non_null(strstr(r->out, "disabled"));
    r = kt_cli(kazi_cmd_user, "user", "enable", "--data", data, "--username", "neema", NULL);
    assert_int_equal(r->exit, KAZI_EXIT_OK);
    assert_false(stored("neema").disabled);
}

static void test_user__passwd_changes_the_password(void **state)
{
    (void)state;
    char other[160];
    snprintf(other, sizeof other, "%s/pw2", kt_dir);
    kt_sh("printf 'another long password\\n' > %s", other);
    assert_int_equal(kt_cli(kazi_cmd_user, "user", "add", "--data", data, "--username", "juma",
                            "--role", "analyst", "--password-file", pwfile, NULL)
                         ->exit,
                     KAZI_EXIT_OK);
    kazi_user before = stored("juma");
    kt_cli_run *r = kt_cli(kazi_cmd_user, "user", "passwd", "--data", data, "--username", "juma",
                           "--password-file", other, NULL);
    assert_int_equal(r->exit, KAZI_EXIT_OK);
    assert_non_null(strstr(r->out, "Changed the password of juma"));
    assert_string_not_equal(stored("juma").password_hash, before.password_hash);
}

static void test_user__usage_errors_exit_2(void **state)
{
    (void)state;
    static const char *const cases[][8] = {
        {"user", NULL},
        {"user", "add", "--username", "x", "--role", "analyst", NULL}, /* no --data */
        {"user", "rename", "--data", "/nowhere", NULL},
        {"user", "add", "--data", "/nowhere", "--role", "analyst", NULL},
        {"user", "add", "--data", "/nowhere", "--username", "x", NULL},
        {"user", "list", "--data", "/nowhere", "--colour", NULL},
    };
    static const char *const messages[] = {
        "which user command?",    "--data DIR is required", "unknown user command 'rename'",
        "--username is required", "--role is required",     "unknown option --colour",
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *const *a = cases[i];
        kt_cli_run *r = kt_cli(kazi_cmd_user, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]);
        assert_int_equal(r->exit, KAZI_EXIT_USAGE);
        assert_non_null(strstr(r->err, messages[i]));
    }
    kt_cli_run *r = kt_cli(kazi_cmd_user, "user", "--help", NULL);
    assert_int_equal(r->exit, KAZI_EXIT_OK);
    assert_non_null(strstr(r->out, "usage: kazi user add"));
}

static void test_user__failures_exit_1_naming_the_field(void **state)
{
    (void)state;
    /* an unknown role, an unknown scope code, an unknown user, a missing data dir */
    kt_cli_run *r = kt_cli(kazi_cmd_user, "user", "add", "--data", data, "--username", "baraka",
                           "--role", "emperor", "--password-file", pwfile, NULL);
    assert_int_equal(r->exit, KAZI_EXIT_FAIL);
    assert_non_null(strstr(r->err, "kazi: user add: "));
    assert_non_null(strstr(r->err, "(role)"));
    r = kt_cli(kazi_cmd_user, "user", "add", "--data", data, "--username", "baraka", "--role",
               "district_hr_officer", "--scope", "NO-SUCH-UNIT", "--password-file", pwfile, NULL);
    assert_int_equal(r->exit, KAZI_EXIT_FAIL);
    assert_non_null(strstr(r->err, "scope"));
    r = kt_cli(kazi_cmd_user, "user", "disable", "--data", data, "--username", "nobody", NULL);
    assert_int_equal(r->exit, KAZI_EXIT_FAIL);
    assert_non_null(strstr(r->err, "kazi: disable: "));
    r = kt_cli(kazi_cmd_user, "user", "list", "--data", "/nonexistent/kazi", NULL);
    assert_int_equal(r->exit, KAZI_EXIT_FAIL);
    assert_non_null(strstr(r->err, "kazi: user: "));
    /* nothing was half-made: baraka does not exist */
    kazi_db *db;
    int64_t id;
    assert_int_equal(kazi_install_open(&db, data), KAZI_OK);
    assert_int_equal(kazi_account_lookup(&id, db, "baraka"), KAZI_ENOTFOUND);
    kazi_db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_user__add_list_disable_enable),
        cmocka_unit_test(test_user__passwd_changes_the_password),
        cmocka_unit_test(test_user__usage_errors_exit_2),
        cmocka_unit_test(test_user__failures_exit_1_naming_the_field),
    };
    return cmocka_run_group_tests(tests, setup, kt_group_rmtree);
}
