/* cli/audit: `kazi audit verify` walks the hash chain of an installed country: an
 * intact trail prints its row count and head; a head other than the one recorded earlier
 * (newest rows deleted) exits 1 saying so. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "fixture.h"

static char data[128];

static int setup(void **state)
{
    char pw[128];
    if (kt_group_tmpdir_rand(state) < 0 || kt_install(data, sizeof data, kt_dir, "tanzania") < 0)
        return -1;
    /* one audited change: an account made from the shell */
    snprintf(pw, sizeof pw, "%s/pw", kt_dir);
    FILE *f = fopen(pw, "w");
    if (!f || fputs("a long enough password\n", f) < 0 || fclose(f) != 0) return -1;
    return kt_cli(kazi_cmd_user, "user", "add", "--data", data, "--username", "neema", "--role",
                  "analyst", "--password-file", pw, NULL)
        ->exit;
}

static void test_audit__an_intact_trail_prints_rows_and_head(void **state)
{
    (void)state;
    kt_cli_run *r = kt_cli(kazi_cmd_audit, "audit", "verify", "--data", data, NULL);
    assert_int_equal(r->exit, KAZI_EXIT_OK);
    long long rows = 0;
    char head[80] = "";
    assert_int_equal(sscanf(r->out, "audit trail intact: %lld rows, head %79s", &rows, head), 2);
    assert_true(rows >= 1);
    assert_int_equal(strlen(head), 64);
    /* the head recorded now is the head still */
    r = kt_cli(kazi_cmd_audit, "audit", "verify", "--data", data, "--expect-head", head, NULL);
    assert_int_equal(r->exit, KAZI_EXIT_OK);
}

static void test_audit__another_head_than_the_recorded_one_fails(void **state)
{
    (void)state;
    const char *recorded = "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";
    kt_cli_run *r =
        kt_cli(kazi_cmd_audit, "audit", "verify", "--data", data, "--expect-head", recorded, NULL);
    assert_int_equal(r->exit, KAZI_EXIT_FAIL);
    assert_non_null(strstr(r->err, "rows were deleted or the trail was rewritten"));
    assert_non_null(strstr(r->err, recorded));
}

static void test_audit__usage_and_a_missing_data_dir(void **state)
{
    (void)state;
    kt_cli_run *r = kt_cli(kazi_cmd_audit, "audit", NULL);
    assert_int_equal(r->exit, KAZI_EXIT_USAGE);
    assert_non_null(strstr(r->err, "which audit command? verify"));
    assert_int_equal(kt_cli(kazi_cmd_audit, "audit", "check", "--data", data, NULL)->exit,
                     KAZI_EXIT_USAGE);
    r = kt_cli(kazi_cmd_audit, "audit", "verify", NULL);
    assert_int_equal(r->exit, KAZI_EXIT_USAGE);
    assert_non_null(strstr(r->err, "--data DIR is required"));
    r = kt_cli(kazi_cmd_audit, "audit", "verify", "--data", "/nonexistent/kazi", NULL);
    assert_int_equal(r->exit, KAZI_EXIT_FAIL);
    assert_non_null(strstr(r->err, "kazi: audit verify: "));
    r = kt_cli(kazi_cmd_audit, "audit", "--help", NULL);
    assert_int_equal(r->exit, KAZI_EXIT_OK);
    assert_non_null(strstr(r->out, "usage: kazi audit verify"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_audit__an_intact_trail_prints_rows_and_head),
        cmocka_unit_test(test_audit__another_head_than_the_recorded_one_fails),
        cmocka_unit_test(test_audit__usage_and_a_missing_data_dir),
    };
    return cmocka_run_group_tests(tests, setup, kt_group_rmtree);
}
