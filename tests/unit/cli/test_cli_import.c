/* cli/import: `kazi import org-units` imports a CSV all or nothing — a bad row is
 * reported by row, column and field and nothing is stored — and `kazi import` hands
 * the registry kinds to cli/import_registry. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "domain/install.h"
#include "fixture.h"
#include "store/orgunit.h"
#include "util/error.h"

static char data[128];

static int setup(void **state)
{
    if (kt_group_tmpdir_rand(state) < 0) return -1;
    return kt_install(data, sizeof data, kt_dir, "tanzania");
}

static int unit_exists(const char *code)
{
    kazi_db *db;
    kazi_orgunit u;
    assert_int_equal(kazi_install_open(&db, data), KAZI_OK);
    int rc = kazi_orgunit_get_by_code(&u, db, code);
    kazi_db_close(db);
    return rc == KAZI_OK;
}

static void test_import__org_units_all_or_nothing(void **state)
{
    (void)state;
    char bad[128], good[128];
    snprintf(bad, sizeof bad, "%s/bad.csv", kt_dir);
    snprintf(good, sizeof good, "%s/good.csv", kt_dir);
    /* the third row names a parent nobody declared: nothing is imported */
    kt_sh("printf 'code,name,parent_code,level\\nTZ,Tanzania,,country\\n"
          "TZ-ARU,Arusha,TZ,region\\nTZ-X,Lost,TZ-NOPE,region\\n' > %s",
          bad);
    kt_cli_run *r = kt_cli(kazi_cmd_import, "import", "org-units", "--data", data, bad, NULL);
    assert_int_equal(r->exit, KAZI_EXIT_FAIL);
    assert_non_null(strstr(r->err, "nothing was imported"));
    assert_non_null(strstr(r->err, "row 4"));
    assert_false(unit_exists("TZ"));
    assert_false(unit_exists("TZ-ARU"));

    kt_sh("printf 'code,name,parent_code,level\\nTZ,Tanzania,,country\\n"
          "TZ-ARU,Arusha,TZ,region\\n' > %s",
          good);
    r = kt_cli(kazi_cmd_import, "import", "org-units", "--data", data, good, NULL);
    assert_int_equal(r->exit, KAZI_EXIT_OK);
    assert_non_null(strstr(r->out, "Imported 2 org units"));
    assert_true(unit_exists("TZ-ARU"));
}

static void test_import__usage_and_missing_files(void **state)
{
    (void)state;
    kt_cli_run *r = kt_cli(kazi_cmd_import, "import", NULL);
    assert_int_equal(r->exit, KAZI_EXIT_USAGE);
    assert_non_null(strstr(r->err, "what to import?"));
    r = kt_cli(kazi_cmd_import, "import", "cadres", "--data", data, "x.csv", NULL);
    assert_int_equal(r->exit, KAZI_EXIT_USAGE);
    assert_non_null(strstr(r->err, "unknown import kind 'cadres'"));
    r = kt_cli(kazi_cmd_import, "import", "org-units", "--data", data, NULL);
    assert_int_equal(r->exit, KAZI_EXIT_USAGE);
    assert_non_null(strstr(r->err, "give the FILE to import"));
    r = kt_cli(kazi_cmd_import, "import", "org-units", "x.csv", NULL);
    assert_int_equal(r->exit, KAZI_EXIT_USAGE);
    r = kt_cli(kazi_cmd_import, "import", "org-units", "--data", data, "/nonexistent.csv", NULL);
    assert_int_equal(r->exit, KAZI_EXIT_FAIL);
    assert_non_null(strstr(r->err, "cannot read /nonexistent.csv"));
    /* a registry kind goes to import_registry, whose own usage answers */
    r = kt_cli(kazi_cmd_import, "import", "people", "--data", data, NULL);
    assert_int_equal(r->exit, KAZI_EXIT_USAGE);
    assert_non_null(strstr(r->err, "kazi import people|positions|assignments"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_import__org_units_all_or_nothing),
        cmocka_unit_test(test_import__usage_and_missing_files),
    };
    return cmocka_run_group_tests(tests, setup, kt_group_rmtree);
}
