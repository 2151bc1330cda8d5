/* The directory configuration source: reading, listing, refusing escapes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/memory.h"
#include "config/source.h"
#include "fixture.h"
#include "util/error.h"

static void test_source__dir_reads_and_lists_sorted(void **state)
{
    (void)state;
    char dir[] = "/tmp/kazi-src-XXXXXX";
    assert_non_null(mkdtemp(dir));
    kt_sh("mkdir -p %s/cadres %s/.git && echo 'x=1' > %s/country.lua && echo 'y' > "
          "%s/cadres/psw.lua && echo s > %s/.git/HEAD && ln -s /etc/passwd %s/link.lua",
          dir, dir, dir, dir, dir, dir);
    kazi_config_source *src;
    assert_int_equal(kazi_config_source_dir(&src, dir), KAZI_OK);
    char **paths;
    assert_int_equal(src->list(src, &paths), KAZI_OK);
    assert_string_equal(paths[0], "cadres/psw.lua");
    assert_string_equal(paths[1], "country.lua");
    assert_null(paths[2]); /* no dot-dirs, no symlinks */
    kazi_config_paths_free(paths);
    char *buf;
    size_t len;
    assert_int_equal(src->read(src, "country.lua", &buf, &len), KAZI_OK);
    assert_string_equal(buf, "x=1\n");
    assert_int_equal(len, 4);
    free(buf);
    assert_int_equal(src->read(src, "missing.lua", &buf, &len), KAZI_ENOTFOUND);
    assert_int_equal(src->read(src, "link.lua", &buf, &len), KAZI_ENOTFOUND);
    assert_int_equal(src->read(src, "../etc/passwd", &buf, &len), KAZI_EINVALID);
    assert_int_equal(src->read(src, "/etc/passwd", &buf, &len), KAZI_EINVALID);
    assert_int_equal(src->read(src, "cadres/../country.lua", &buf, &len), KAZI_EINVALID);
    assert_int_equal(src->read(src, "cadres//psw.lua", &buf, &len), KAZI_EINVALID);
    kazi_config_source_free(src);
    kt_sh("rm -rf %s", dir);
    assert_int_equal(kazi_config_source_dir(&src, "/nonexistent"), KAZI_ENOTFOUND);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_source__dir_reads_and_lists_sorted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
