/* cli/password: a command's password comes from the first line of a file or stdin,
 * without its line end; an unreadable file or an over-long line is refused by name. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "cli/password.h"
#include "fixture.h"
#include "util/error.h"

static void test_password__first_line_without_its_line_end(void **state)
{
    (void)state;
    char path[128], pw[64];
    snprintf(path, sizeof path, "%s/pw", kt_dir);
    kt_sh("printf 'a long enough password\\r\\nsecond line\\n' > %s", path);
    assert_int_equal(kazi_cli_read_password(pw, sizeof pw, path), KAZI_OK);
    assert_string_equal(pw, "a long enough password");
    /* no line end at all, and an empty file (an empty password: the account layer
     * refuses it with its own rule) */
    kt_sh("printf 'no newline' > %s", path);
    assert_int_equal(kazi_cli_read_password(pw, sizeof pw, path), KAZI_OK);
    assert_string_equal(pw, "no newline");
    kt_sh(": > %s", path);
    assert_int_equal(kazi_cli_read_password(pw, sizeof pw, path), KAZI_OK);
    assert_string_equal(pw, "");
}

static void test_password__a_missing_file_and_a_long_line_are_refused(void **state)
{
    (void)state;
    char path[128], pw[16];
    snprintf(path, sizeof path, "%s/absent", kt_dir);
    assert_int_equal(kazi_cli_read_password(pw, sizeof pw, path), KAZI_ENOTFOUND);
    assert_string_equal(kazi_error_last()->field, "password-file");
    assert_non_null(strstr(kazi_error_last()->message, path));
    snprintf(path, sizeof path, "%s/long", kt_dir);
    kt_sh("printf '0123456789abcdefXYZ\\n' > %s", path);
    assert_int_equal(kazi_cli_read_password(pw, sizeof pw, path), KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "password");
    /* exactly fitting (15 characters and the line end cut) is not too long */
    kt_sh("printf '0123456789abcde\\n' > %s", path);
    char fits[17];
    assert_int_equal(kazi_cli_read_password(fits, sizeof fits, path), KAZI_OK);
    assert_string_equal(fits, "0123456789abcde");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_password__first_line_without_its_line_end),
        cmocka_unit_test(test_password__a_missing_file_and_a_long_line_are_refused),
    };
    return cmocka_run_group_tests(tests, kt_group_tmpdir, kt_group_rmtree);
}
