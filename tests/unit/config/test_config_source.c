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

/* A configuration that carries its own plugins/ (kazi init pins it there) splits into
 * the configuration and the library; one without has no library of its own. */
static void test_source__split_takes_plugins_apart(void **state)
{
    (void)state;
    const char *paths[] = {"country.lua", "plugins/lib/dossier.lua", "plugins/standards.lua",
                           "plugins-notes.lua", "tests/plugins/x.lua"};
    const char *texts[] = {"c", "d", "s", "n", "t"};
    kazi_config_source *src, *rest, *under;
    assert_int_equal(kazi_config_source_memory(&src, "abc", paths, texts, NULL, 5), KAZI_OK);
    assert_int_equal(kazi_config_source_split(&rest, &under, src, "plugins/"), KAZI_OK);
    char **list;
    assert_int_equal(rest->list(rest, &list), KAZI_OK);
    assert_string_equal(list[0], "country.lua");
    assert_string_equal(list[1], "plugins-notes.lua");
    assert_string_equal(list[2], "tests/plugins/x.lua");
    assert_null(list[3]);
    kazi_config_paths_free(list);
    assert_string_equal(rest->id, "abc");
    assert_non_null(under);
    assert_string_equal(under->id, "abc:plugins");
    assert_int_equal(under->list(under, &list), KAZI_OK);
    assert_string_equal(list[0], "lib/dossier.lua");
    assert_string_equal(list[1], "standards.lua");
    assert_null(list[2]);
    kazi_config_paths_free(list);
    char *buf;
    size_t len;
    assert_int_equal(under->read(under, "standards.lua", &buf, &len), KAZI_OK);
    assert_string_equal(buf, "s");
    free(buf);
    kazi_config_source_free(rest);
    kazi_config_source_free(under);
    kazi_config_source_free(src);

    assert_int_equal(kazi_config_source_memory(&src, "old", paths, texts, NULL, 1), KAZI_OK);
    assert_int_equal(kazi_config_source_split(&rest, &under, src, "plugins/"), KAZI_OK);
    assert_null(under); /* a commit from before plugins/ was pinned */
    kazi_config_source_free(rest);
    kazi_config_source_free(src);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_source__dir_reads_and_lists_sorted),
        cmocka_unit_test(test_source__split_takes_plugins_apart),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
