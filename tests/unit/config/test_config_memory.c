/* The in-memory configuration source (config/memory.h): what tests, the fuzzer and the
 * live configuration (a commit copied before it is activated) read — its own copies of
 * the files, paths checked when it is made, bytes exactly as given, and the split of a
 * configuration's pinned plugins/. */
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

static void test_memory__reads_its_own_copies(void **state)
{
    (void)state;
    char path[] = "b/cadres.lua", text[] = "kazi.cadre {}";
    const char *paths[] = {path, "a.lua"};
    const char *texts[] = {text, "x\0y"};
    size_t lens[] = {strlen(text), 3}; /* bytes as given, a NUL among them */
    kazi_config_source *src;
    assert_int_equal(kazi_config_source_memory(&src, NULL, paths, texts, lens, 2), KAZI_OK);
    assert_string_equal(src->id, "memory");
    memset(path, 'z', sizeof path - 1); /* the caller's buffers are not kept */
    memset(text, 'z', sizeof text - 1);
    char *buf;
    size_t len;
    assert_int_equal(src->read(src, "b/cadres.lua", &buf, &len), KAZI_OK);
    assert_int_equal(len, 13);
    assert_string_equal(buf, "kazi.cadre {}");
    free(buf);
    assert_int_equal(src->read(src, "a.lua", &buf, &len), KAZI_OK);
    assert_int_equal(len, 3);
    assert_memory_equal(buf, "x\0y", 4); /* NUL-terminated after the bytes */
    free(buf);
    char **list;
    assert_int_equal(src->list(src, &list), KAZI_OK);
    assert_string_equal(list[0], "a.lua"); /* sorted */
    assert_string_equal(list[1], "b/cadres.lua");
    assert_null(list[2]);
    kazi_config_paths_free(list);
    assert_int_equal(src->read(src, "c.lua", &buf, &len), KAZI_ENOTFOUND);
    assert_string_equal(kazi_error_last()->field, "path");
    assert_int_equal(src->read(src, "../a.lua", &buf, &len), KAZI_EINVALID);
    assert_int_equal(src->read(src, "/a.lua", &buf, &len), KAZI_EINVALID);
    kazi_config_source_free(src);
    kazi_config_source_free(NULL);
}

static void test_memory__bad_paths_are_refused_when_made(void **state)
{
    (void)state;
    static const char *const bad[] = {"/etc/passwd", "../up.lua", "a/../b.lua", "a//b.lua",
                                      "./a.lua",     "a\\b.lua",  "",           "dir/"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *paths[] = {"ok.lua", bad[i]}, *texts[] = {"", ""};
        kazi_config_source *src = NULL;
        if (kazi_config_source_memory(&src, "x", paths, texts, NULL, 2) != KAZI_EINVALID)
            fail_msg("'%s' was accepted", bad[i]);
        assert_null(src);
        assert_string_equal(kazi_error_last()->field, "path");
    }
}

/* A copy outlives the source it was made from (a directory removed, a commit freed). */
static void test_memory__copy_outlives_its_source(void **state)
{
    (void)state;
    char dir[] = "/tmp/kazi-test-memory-XXXXXX";
    assert_int_equal(kt_tmpdir(dir), 0);
    kt_sh("mkdir -p %s/jobs && printf 'kazi.job {}' > %s/jobs/psw.lua && printf c > %s/country.lua",
          dir, dir, dir);
    kazi_config_source *d, *copy;
    assert_int_equal(kazi_config_source_dir(&d, dir), KAZI_OK);
    assert_int_equal(kazi_config_source_copy(&copy, d), KAZI_OK);
    assert_string_equal(copy->id, d->id);
    kazi_config_source_free(d);
    assert_int_equal(kt_rmtree(dir), 0);
    char *buf;
    size_t len;
    assert_int_equal(copy->read(copy, "jobs/psw.lua", &buf, &len), KAZI_OK);
    assert_string_equal(buf, "kazi.job {}");
    free(buf);
    char **list;
    assert_int_equal(copy->list(copy, &list), KAZI_OK);
    assert_string_equal(list[0], "country.lua");
    assert_string_equal(list[1], "jobs/psw.lua");
    assert_null(list[2]);
    kazi_config_paths_free(list);
    kazi_config_source_free(copy);
}

/* A configuration that carries its own plugins/ (kazi init pins it there) splits into
 * the configuration and the library; one without has no library of its own. */
static void test_memory__split_takes_plugins_apart(void **state)
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
        cmocka_unit_test(test_memory__reads_its_own_copies),
        cmocka_unit_test(test_memory__bad_paths_are_refused_when_made),
        cmocka_unit_test(test_memory__copy_outlives_its_source),
        cmocka_unit_test(test_memory__split_takes_plugins_apart),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
