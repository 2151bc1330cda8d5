/* cli/config: `kazi config` from the server's shell — a folder proposed as a version,
 * validated, compared, tagged, activated (compare-and-swap on the live commit) and
 * listed; a broken version is named by file and line and never made live. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "fixture.h"
#include "util/error.h"
#include "util/json.h"

static char data[128], folder[128];

static int setup(void **state)
{
    if (kt_group_tmpdir_rand(state) < 0 || kt_install(data, sizeof data, kt_dir, "tanzania") < 0)
        return -1;
    const char *share = getenv("KAZI_SHARE_DIR");
    char cmd[600];
    snprintf(folder, sizeof folder, "%s/edit", kt_dir);
    snprintf(cmd, sizeof cmd, "cp -r %s/country-config/tanzania %s", share ? share : ".", folder);
    return system(cmd) == 0 ? 0 : -1;
}

/* The live commit, from `config log --json`. */
static void live_commit(char *out)
{
    kt_cli_run *r = kt_cli(kazi_cmd_config, "config", "log", "--data", data, "--json", NULL);
    assert_int_equal(r->exit, KAZI_EXIT_OK);
    json_t *list;
    assert_int_equal(kazi_json_parse(&list, r->out, strlen(r->out)), KAZI_OK);
    size_t i;
    json_t *v;
    out[0] = '\0';
    json_array_foreach(list, i, v) if (json_is_true(json_object_get(v, "live")))
        snprintf(out, 41, "%s", json_string_value(json_object_get(v, "commit")));
    json_decref(list);
    assert_int_equal(strlen(out), 40);
}

/* `config import` of the folder; the new commit into out. */
static void propose(char *out, const char *message)
{
    kt_cli_run *r =
        kt_cli(kazi_cmd_config, "config", "import", "--data", data, folder, "-m", message, NULL);
    assert_int_equal(r->exit, KAZI_EXIT_OK);
    assert_int_equal(sscanf(r->out, "%40s", out), 1);
    assert_int_equal(strlen(out), 40);
}

static void test_config__propose_validate_diff_tag_activate(void **state)
{
    (void)state;
    char before[41], commit[41];
    live_commit(before);
    kt_sh("printf '\\n-- a comment from the unit test\\n' >> %s/country.lua", folder);
    propose(commit, "A comment");

    kt_cli_run *r = kt_cli(kazi_cmd_config, "config", "validate", "--data", data, commit, NULL);
    assert_int_equal(r->exit, KAZI_EXIT_OK);
    assert_non_null(strstr(r->out, "is valid"));

    r = kt_cli(kazi_cmd_config, "config", "diff", "--data", data, before, commit, NULL);
    assert_int_equal(r->exit, KAZI_EXIT_OK);
    assert_non_null(strstr(r->out, "+-- a comment from the unit test"));

    r = kt_cli(kazi_cmd_config, "config", "show", "--data", data, commit, NULL);
    assert_int_equal(r->exit, KAZI_EXIT_OK);
    assert_non_null(strstr(r->out, "country.lua"));
    char spec[80];
    snprintf(spec, sizeof spec, "%s:country.lua", commit);
    r = kt_cli(kazi_cmd_config, "config", "show", "--data", data, spec, NULL);
    assert_int_equal(r->exit, KAZI_EXIT_OK);
    assert_non_null(strstr(r->out, "a comment from the unit test"));

    r = kt_cli(kazi_cmd_config, "config", "tag", "--data", data, "TZ-TEST.1", commit, "-m",
               "test release", NULL);
    assert_int_equal(r->exit, KAZI_EXIT_OK);
    assert_non_null(strstr(r->out, "as TZ-TEST.1"));

    /* activating against a live commit that is no longer live is refused */
    r = kt_cli(kazi_cmd_config, "config", "activate", "--data", data, commit, "--reason", "test",
               "--expected-live", commit, NULL);
    assert_int_equal(r->exit, KAZI_EXIT_FAIL);
    char live[41];
    live_commit(live);
    assert_string_equal(live, before);

    r = kt_cli(kazi_cmd_config, "config", "activate", "--data", data, commit, "--reason",
               "a comment", "--by", "tester", NULL);
    assert_int_equal(r->exit, KAZI_EXIT_OK);
    assert_non_null(strstr(r->out, "is live"));
    live_commit(live);
    assert_string_equal(live, commit);

    r = kt_cli(kazi_cmd_config, "config", "log", "--data", data, NULL);
    assert_non_null(strstr(r->out, "(tag: TZ-TEST.1)"));
    assert_non_null(strstr(r->out, "[live]"));
    r = kt_cli(kazi_cmd_config, "config", "rollouts", "--data", data, NULL);
    assert_int_equal(r->exit, KAZI_EXIT_OK);
    assert_non_null(strstr(r->out, "by tester: a comment"));
}

static void test_config__a_broken_version_is_named_and_never_live(void **state)
{
    (void)state;
    char before[41], commit[41];
    live_commit(before);
    kt_sh("printf 'kazi.cadre {\\n  id = \\n' > %s/zz_broken.lua", folder);
    propose(commit, "Broken");
    kt_cli_run *r = kt_cli(kazi_cmd_config, "config", "validate", "--data", data, commit, NULL);
    assert_int_equal(r->exit, KAZI_EXIT_FAIL);
    assert_non_null(strstr(r->out, "is NOT valid"));
    assert_non_null(strstr(r->err, "zz_broken.lua"));
    r = kt_cli(kazi_cmd_config, "config", "activate", "--data", data, commit, "--reason", "no",
               NULL);
    assert_int_equal(r->exit, KAZI_EXIT_FAIL);
    char live[41];
    live_commit(live);
    assert_string_equal(live, before);
    kt_sh("rm %s/zz_broken.lua", folder);
}

static void test_config__usage_errors(void **state)
{
    (void)state;
    kt_cli_run *r = kt_cli(kazi_cmd_config, "config", NULL);
    assert_int_equal(r->exit, KAZI_EXIT_USAGE);
    assert_non_null(strstr(r->err, "subcommands:"));
    r = kt_cli(kazi_cmd_config, "config", "rebase", "--data", data, NULL);
    assert_int_equal(r->exit, KAZI_EXIT_USAGE);
    assert_non_null(strstr(r->err, "unknown config subcommand 'rebase'"));
    r = kt_cli(kazi_cmd_config, "config", "import", "--data", data, folder, NULL);
    assert_int_equal(r->exit, KAZI_EXIT_USAGE);
    assert_non_null(strstr(r->err, "-m MESSAGE is required"));
    r = kt_cli(kazi_cmd_config, "config", "activate", "--data", data, "abc", NULL);
    assert_int_equal(r->exit, KAZI_EXIT_USAGE);
    assert_non_null(strstr(r->err, "--reason TEXT is required"));
    r = kt_cli(kazi_cmd_config, "config", "log", "--data", data, "--limit", "0", NULL);
    assert_int_equal(r->exit, KAZI_EXIT_USAGE);
    r = kt_cli(kazi_cmd_config, "config", "validate", "--data", data, "nosuchcommit", NULL);
    assert_int_equal(r->exit, KAZI_EXIT_FAIL);
    r = kt_cli(kazi_cmd_config, "config", "--help", NULL);
    assert_int_equal(r->exit, KAZI_EXIT_OK);
    assert_non_null(strstr(r->out, "activate"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_config__propose_validate_diff_tag_activate),
        cmocka_unit_test(test_config__a_broken_version_is_named_and_never_live),
        cmocka_unit_test(test_config__usage_errors),
    };
    return cmocka_run_group_tests(tests, setup, kt_group_rmtree);
}
