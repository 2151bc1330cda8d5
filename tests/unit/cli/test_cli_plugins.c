/* cli/plugins: `kazi config check DIR` loads a configuration folder and runs its tests
 * (exit 1 when one fails or the folder does not load, naming the file); `kazi report`
 * lists and runs the live configuration's reports, as JSON with its run id or as CSV. */
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

static char data[128], country[600];

static int setup(void **state)
{
    const char *share = getenv("KAZI_SHARE_DIR");
    snprintf(country, sizeof country, "%s/country-config/tanzania", share ? share : ".");
    if (kt_group_tmpdir_rand(state) < 0) return -1;
    return kt_install(data, sizeof data, kt_dir, "tanzania");
}

static void test_config_check__a_country_loads_and_its_tests_pass(void **state)
{
    (void)state;
    kt_cli_run *r = kt_cli(kazi_cmd_config_check, "config", "check", country, NULL);
    assert_int_equal(r->exit, KAZI_EXIT_OK);
    assert_non_null(strstr(r->out, ": loaded ("));
    assert_non_null(strstr(r->out, " failed\n"));
    assert_null(strstr(r->out, "FAIL "));
    r = kt_cli(kazi_cmd_config_check, "config", "check", country, "--json", NULL);
    assert_int_equal(r->exit, KAZI_EXIT_OK);
    json_t *doc;
    assert_int_equal(kazi_json_parse(&doc, r->out, strlen(r->out)), KAZI_OK);
    const json_t *results = json_object_get(doc, "tests");
    assert_true(json_is_array(results) && json_array_size(results) > 0);
    /* how complete each language is: Tanzania's English and Swahili */
    const json_t *langs = json_object_get(doc, "languages");
    assert_int_equal(json_array_size(langs), 2);
    const json_t *messages = json_object_get(json_array_get(langs, 1), "messages");
    assert_string_equal(json_string_value(json_object_get(json_array_get(langs, 1), "language")),
                        "sw");
    assert_true(json_integer_value(json_object_get(messages, "of")) > 0);
    json_decref(doc);
}

static void test_config_check__a_folder_that_does_not_load_is_named(void **state)
{
    (void)state;
    char dir[128];
    snprintf(dir, sizeof dir, "%s/broken", kt_dir);
    kt_sh("mkdir -p %s && printf 'kazi.cadre {\\n  id = \\n' > %s/cadres.lua", dir, dir);
    kt_cli_run *r = kt_cli(kazi_cmd_config_check, "config", "check", dir, NULL);
    assert_int_equal(r->exit, KAZI_EXIT_FAIL);
    assert_non_null(strstr(r->err, "does not load"));
    assert_non_null(strstr(r->err, "cadres.lua"));
    r = kt_cli(kazi_cmd_config_check, "config", "check", NULL);
    assert_int_equal(r->exit, KAZI_EXIT_USAGE);
    assert_non_null(strstr(r->err, "DIR is required"));
}

static void test_report__list_and_run_as_json_and_csv(void **state)
{
    (void)state;
    kt_cli_run *r = kt_cli(kazi_cmd_report, "report", "list", "--data", data, NULL);
    assert_int_equal(r->exit, KAZI_EXIT_OK);
    assert_non_null(strstr(r->out, "tz-career-ladder"));
    assert_non_null(strstr(r->out, "Career ladder and minimum pay"));

    r = kt_cli(kazi_cmd_report, "report", "run", "tz-career-ladder", "--data", data, "--param",
               "lang=sw", NULL);
    assert_int_equal(r->exit, KAZI_EXIT_OK);
    json_t *result;
    assert_int_equal(kazi_json_parse(&result, r->out, strlen(r->out)), KAZI_OK);
    assert_true(json_integer_value(json_object_get(result, "run_id")) > 0);
    assert_true(json_array_size(json_object_get(result, "rows")) > 0);
    json_decref(result);

    r = kt_cli(kazi_cmd_report, "report", "run", "tz-curricula", "--data", data, "--csv", NULL);
    assert_int_equal(r->exit, KAZI_EXIT_OK);
    assert_int_equal(strncmp(r->out, "course,version,hours,outcomes,bridging,method", 45), 0);
    assert_non_null(strstr(r->err, "report run "));
}

static void test_report__errors(void **state)
{
    (void)state;
    kt_cli_run *r =
        kt_cli(kazi_cmd_report, "report", "run", "no-such-report", "--data", data, NULL);
    assert_int_equal(r->exit, KAZI_EXIT_FAIL);
    assert_non_null(strstr(r->err, "kazi: report: "));
    r = kt_cli(kazi_cmd_report, "report", "run", "tz-career-ladder", "--data", data, "--param",
               "lang", NULL);
    assert_int_equal(r->exit, KAZI_EXIT_USAGE);
    assert_non_null(strstr(r->err, "--param needs NAME=VALUE"));
    r = kt_cli(kazi_cmd_report, "report", "run", "--data", data, NULL);
    assert_int_equal(r->exit, KAZI_EXIT_USAGE);
    r = kt_cli(kazi_cmd_report, "report", "delete", NULL);
    assert_int_equal(r->exit, KAZI_EXIT_USAGE);
    assert_non_null(strstr(r->err, "expected 'run' or 'list'"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_config_check__a_country_loads_and_its_tests_pass),
        cmocka_unit_test(test_config_check__a_folder_that_does_not_load_is_named),
        cmocka_unit_test(test_report__list_and_run_as_json_and_csv),
        cmocka_unit_test(test_report__errors),
    };
    return cmocka_run_group_tests(tests, setup, kt_group_rmtree);
}
