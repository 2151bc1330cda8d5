/* cli/serve: `kazi serve` checks every option before it opens anything — each bad value
 * is a usage error naming the option and its range (exit 2), and a data directory that
 * is not one is exit 1 — so a typo in a unit file never starts a half-configured server. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "fixture.h"

static void test_serve__each_bad_option_is_named_with_its_range(void **state)
{
    (void)state;
    static const struct {
        const char *flag, *value, *message;
    } cases[] = {
        {"--threads", "0", "--threads must be a number from 1 to 256"},
        {"--threads", "257", "--threads must be a number from 1 to 256"},
        {"--threads", "8x", "--threads must be a number from 1 to 256"},
        {"--request-timeout-ms", "99", "--request-timeout-ms must be a number from 100 to 600000"},
        {"--keep-alive-timeout-ms", "600001",
         "--keep-alive-timeout-ms must be a number from 100 to 600000"},
        {"--session-idle-minutes", "0", "--session-idle-minutes must be a number from 1 to 1440"},
        {"--session-max-hours", "721", "--session-max-hours must be a number from 1 to 720"},
        {"--admin-totp", "sometimes", "--admin-totp must be required or optional"},
        {"--colour", "red", "unknown option --colour"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kt_cli_run *r = kt_cli(kazi_cmd_serve, "serve", "--data", "/nonexistent/kazi",
                               cases[i].flag, cases[i].value, NULL);
        assert_int_equal(r->exit, KAZI_EXIT_USAGE);
        assert_non_null(strstr(r->err, cases[i].message));
        assert_non_null(strstr(r->err, "usage: kazi serve"));
    }
    kt_cli_run *r = kt_cli(kazi_cmd_serve, "serve", NULL);
    assert_int_equal(r->exit, KAZI_EXIT_USAGE);
    assert_non_null(strstr(r->err, "--data DIR is required"));
}

static void test_serve__lua_limits_and_the_data_directory_are_checked(void **state)
{
    (void)state;
    kt_cli_run *r = kt_cli(kazi_cmd_serve, "serve", "--data", "/nonexistent/kazi", "--lua-memory",
                           "lots", NULL);
    assert_int_equal(r->exit, KAZI_EXIT_FAIL);
    assert_non_null(strstr(r->err, "kazi: serve: "));
    assert_non_null(strstr(r->err, "lua-memory"));
    r = kt_cli(kazi_cmd_serve, "serve", "--data", "/nonexistent/kazi", NULL);
    assert_int_equal(r->exit, KAZI_EXIT_FAIL);
    assert_non_null(strstr(r->err, "kazi: serve: "));
    r = kt_cli(kazi_cmd_serve, "serve", "--help", NULL);
    assert_int_equal(r->exit, KAZI_EXIT_OK);
    assert_non_null(strstr(r->out, "--behind-tls-proxy"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_serve__each_bad_option_is_named_with_its_range),
        cmocka_unit_test(test_serve__lua_limits_and_the_data_directory_are_checked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
