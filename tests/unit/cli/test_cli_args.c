/* cli/args: the option parsing every `kazi` command shares — both value forms, flags,
 * positionals, and a usage error (exit 2, the problem named) for everything else. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "cli/args.h"
#include "fixture.h"
#include "util/error.h"
#include "util/lang.h"

#include <stdlib.h>

static const char *data, *limit;
static int json;
static const char *pos[2];
static int npos;

static const kazi_opt opts[] = {
    {"--data", "DIR", &data, NULL, "the data directory"},
    {"--limit", "N", &limit, NULL, "how many"},
    {"--json", NULL, NULL, &json, "print JSON"},
    {0},
};

/* kazi_args_parse over argv as a command gets it (argv[1] the command), as an entry
 * function so kt_cli captures what it prints. */
static int parse(int argc, char **argv)
{
    data = limit = pos[0] = pos[1] = NULL;
    json = npos = 0;
    return kazi_args_parse(argc, argv, 2, opts, "kazi thing --data DIR [--json] [A [B]]", pos, 2,
                           &npos);
}

static void test_args__both_value_forms_flags_and_positionals(void **state)
{
    (void)state;
    kt_cli_run *r =
        kt_cli(parse, "thing", "--data", "/d", "first", "--limit=5", "--json", "second", NULL);
    assert_int_equal(r->exit, KAZI_EXIT_OK);
    assert_string_equal(data, "/d");
    assert_string_equal(limit, "5");
    assert_int_equal(json, 1);
    assert_int_equal(npos, 2);
    assert_string_equal(pos[0], "first");
    assert_string_equal(pos[1], "second");
    assert_string_equal(r->err, "");
    /* an empty value after = is a value, not a missing one */
    assert_int_equal(kt_cli(parse, "thing", "--data=", NULL)->exit, KAZI_EXIT_OK);
    assert_string_equal(data, "");
}

static void test_args__usage_errors_exit_2_naming_the_problem(void **state)
{
    (void)state;
    static const struct {
        const char *a, *b, *c, *message;
    } cases[] = {
        {"--colour", NULL, NULL, "unknown option --colour"},
        {"--data", NULL, NULL, "--data needs a value (DIR)"},
        {"--json=yes", NULL, NULL, "--json takes no value"},
        {"a", "b", "c", "unexpected argument c"},
        /* a prefix of an option is not that option */
        {"--dat", "x", NULL, "unknown option --dat"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kt_cli_run *r = kt_cli(parse, "thing", cases[i].a, cases[i].b, cases[i].c, NULL);
        assert_int_equal(r->exit, KAZI_EXIT_USAGE);
        assert_non_null(strstr(r->err, cases[i].message));
        assert_non_null(strstr(r->err, "usage: kazi thing --data DIR"));
        assert_string_equal(r->out, "");
    }
}

static void test_args__help_prints_every_option_to_stdout(void **state)
{
    (void)state;
    for (int i = 0; i < 2; i++) {
        kt_cli_run *r = kt_cli(parse, "thing", "--data", "/d", i ? "-h" : "--help", NULL);
        assert_int_equal(r->exit, -1);
        assert_string_equal(r->err, "");
        assert_non_null(strstr(r->out, "usage: kazi thing"));
        assert_non_null(strstr(r->out, "--data DIR"));
        assert_non_null(strstr(r->out, "--limit N"));
        assert_non_null(strstr(r->out, "--json"));
        assert_non_null(strstr(r->out, "--help"));
    }
}

static int fail_last(int argc, char **argv)
{
    (void)argc;
    kazi_error_set(KAZI_EINVALID, argv[1], "the value is wrong");
    return kazi_cli_fail_last("thing");
}

static void test_args__a_failure_names_the_context_and_the_field(void **state)
{
    (void)state;
    kt_cli_run *r = kt_cli(fail_last, "scope", NULL);
    assert_int_equal(r->exit, KAZI_EXIT_FAIL);
    assert_string_equal(r->err, "kazi: thing: the value is wrong (scope)\n");
    r = kt_cli(fail_last, "", NULL);
    assert_string_equal(r->err, "kazi: thing: the value is wrong\n");
}

static void test_args__lang_is_taken_from_anywhere_and_removed(void **state)
{
    (void)state;
    unsetenv("KAZI_LANG");
    char *a[] = {"kazi", "import", "--lang", "ny", "people", "--lang=sw", "f.csv", NULL};
    int argc = 7;
    assert_int_equal(kazi_cli_language(&argc, a), KAZI_EXIT_OK);
    assert_int_equal(argc, 4);
    assert_string_equal(a[1], "import");
    assert_string_equal(a[2], "people");
    assert_string_equal(a[3], "f.csv");
    assert_null(a[4]);
    assert_string_equal(kazi_lang_current(), "sw"); /* the last one given */
    char *b[] = {"kazi", "import", NULL};
    argc = 2;
    setenv("KAZI_LANG", "ny", 1);
    assert_int_equal(kazi_cli_language(&argc, b), KAZI_EXIT_OK);
    assert_string_equal(kazi_lang_current(), "ny");
    setenv("KAZI_LANG", "Not a code", 1);
    assert_int_equal(kazi_cli_language(&argc, b), KAZI_EXIT_USAGE);
    unsetenv("KAZI_LANG");
    char *c[] = {"kazi", "import", "--lang", NULL};
    argc = 3;
    assert_int_equal(kazi_cli_language(&argc, c), KAZI_EXIT_USAGE);
    kazi_lang_set(NULL);
    kazi_error_set_translator(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_args__both_value_forms_flags_and_positionals),
        cmocka_unit_test(test_args__usage_errors_exit_2_naming_the_problem),
        cmocka_unit_test(test_args__help_prints_every_option_to_stdout),
        cmocka_unit_test(test_args__a_failure_names_the_context_and_the_field),
        cmocka_unit_test(test_args__lang_is_taken_from_anywhere_and_removed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
