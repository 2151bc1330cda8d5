/* cli/import_registry: `kazi import people|positions|assignments` checks its options
 * before reading anything: --rejects only with --partial, one FILE, a readable file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "fixture.h"

static void test_import_registry__options_are_checked_first(void **state)
{
    (void)state;
    kt_cli_run *r = kt_cli(kazi_cmd_import_registry, "import", "people", "--data", "/d",
                           "--rejects", "r.csv", "p.csv", NULL);
    assert_int_equal(r->exit, KAZI_EXIT_USAGE);
    assert_non_null(strstr(r->err, "--rejects goes with --partial"));
    r = kt_cli(kazi_cmd_import_registry, "import", "positions", "--data", "/d", NULL);
    assert_int_equal(r->exit, KAZI_EXIT_USAGE);
    assert_non_null(strstr(r->err, "give the CSV FILE to import"));
    r = kt_cli(kazi_cmd_import_registry, "import", "assignments", "a.csv", NULL);
    assert_int_equal(r->exit, KAZI_EXIT_USAGE);
    assert_non_null(strstr(r->err, "--data DIR is required"));
    r = kt_cli(kazi_cmd_import_registry, "import", "people", "--data", "/d", "a.csv", "b.csv",
               NULL);
    assert_int_equal(r->exit, KAZI_EXIT_USAGE);
    assert_non_null(strstr(r->err, "unexpected argument b.csv"));
}

static void test_import_registry__an_unreadable_file_or_kind_exits_1(void **state)
{
    (void)state;
    kt_cli_run *r = kt_cli(kazi_cmd_import_registry, "import", "people", "--data", "/d",
                           "/nonexistent/people.csv", NULL);
    assert_int_equal(r->exit, KAZI_EXIT_FAIL);
    assert_non_null(strstr(r->err, "kazi: import: "));
    assert_non_null(strstr(r->err, "/nonexistent/people.csv"));
    r = kt_cli(kazi_cmd_import_registry, "import", "cadres", "--data", "/d", "c.csv", NULL);
    assert_int_equal(r->exit, KAZI_EXIT_FAIL);
    assert_non_null(strstr(r->err, "kazi: import: "));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_import_registry__options_are_checked_first),
        cmocka_unit_test(test_import_registry__an_unreadable_file_or_kind_exits_1),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
