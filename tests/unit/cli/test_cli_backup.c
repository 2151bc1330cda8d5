/* cli/backup: `kazi backup` copies a data directory into a new one that is itself a
 * working data directory (the same accounts, the same audit head); an existing target
 * is refused and left alone. */
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
#include "util/error.h"

static char data[128];

static int setup(void **state)
{
    if (kt_group_tmpdir_rand(state) < 0) return -1;
    return kt_install(data, sizeof data, kt_dir, "tanzania");
}

/* The audit head `audit verify` prints for dir. */
static void head_of(char *head, const char *dir)
{
    kt_cli_run *r = kt_cli(kazi_cmd_audit, "audit", "verify", "--data", dir, NULL);
    assert_int_equal(r->exit, KAZI_EXIT_OK);
    const char *h = strstr(r->out, "head ");
    assert_non_null(h);
    snprintf(head, 65, "%s", h + 5);
}

static void test_backup__the_copy_is_a_data_directory_with_the_same_trail(void **state)
{
    (void)state;
    char pw[128], to[128], a[65], b[65];
    snprintf(pw, sizeof pw, "%s/pw", kt_dir);
    snprintf(to, sizeof to, "%s/copy", kt_dir);
    kt_sh("printf 'a long enough password\\n' > %s", pw);
    assert_int_equal(kt_cli(kazi_cmd_user, "user", "add", "--data", data, "--username", "neema",
                            "--role", "analyst", "--password-file", pw, NULL)
                         ->exit,
                     KAZI_EXIT_OK);
    kt_cli_run *r = kt_cli(kazi_cmd_backup, "backup", "--data", data, "--to", to, NULL);
    assert_int_equal(r->exit, KAZI_EXIT_OK);
    assert_non_null(strstr(r->out, "(integrity ok)"));
    kazi_db *db;
    int64_t id;
    assert_int_equal(kazi_install_open(&db, to), KAZI_OK);
    assert_int_equal(kazi_account_lookup(&id, db, "neema"), KAZI_OK);
    kazi_db_close(db);
    head_of(a, data);
    head_of(b, to);
    assert_string_equal(a, b);
    /* its configuration repository came along: the copy's history lists the first commit */
    r = kt_cli(kazi_cmd_config, "config", "log", "--data", to, NULL);
    assert_int_equal(r->exit, KAZI_EXIT_OK);
    assert_non_null(strstr(r->out, "[live]"));
}

static void test_backup__an_existing_target_is_refused_and_kept(void **state)
{
    (void)state;
    char to[128], keep[160];
    snprintf(to, sizeof to, "%s/taken", kt_dir);
    snprintf(keep, sizeof keep, "%s/mine.txt", to);
    kt_sh("mkdir %s && echo precious > %s", to, keep);
    kt_cli_run *r = kt_cli(kazi_cmd_backup, "backup", "--data", data, "--to", to, NULL);
    assert_int_equal(r->exit, KAZI_EXIT_FAIL);
    assert_non_null(strstr(r->err, "already exists"));
    kt_sh("grep -q precious %s", keep);
    assert_int_equal(kt_cli(kazi_cmd_backup, "backup", "--data", data, NULL)->exit,
                     KAZI_EXIT_USAGE);
    assert_int_equal(kt_cli(kazi_cmd_backup, "backup", "--to", to, NULL)->exit, KAZI_EXIT_USAGE);
    /* a source that is not a data directory leaves no half-made copy */
    char fresh[128];
    snprintf(fresh, sizeof fresh, "%s/fresh", kt_dir);
    r = kt_cli(kazi_cmd_backup, "backup", "--data", "/nonexistent/kazi", "--to", fresh, NULL);
    assert_int_equal(r->exit, KAZI_EXIT_FAIL);
    kt_sh("test ! -e %s", fresh);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_backup__the_copy_is_a_data_directory_with_the_same_trail),
        cmocka_unit_test(test_backup__an_existing_target_is_refused_and_kept),
    };
    return cmocka_run_group_tests(tests, setup, kt_group_rmtree);
}
