/* domain/plugins: where a generation's sources come from — a configuration's own pinned
 * plugins/ or else the shipped one, a directory that is not there named as "dir", a
 * broken file named with its line, and validation that reports a failing kazi.test of
 * the configuration (what stops a bad version from being activated). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/memory.h"
#include "domain/install.h"
#include "domain/plugins.h"
#include "fixture.h"
#include "util/error.h"
#include "util/log.h"

static int has(const kazi_config_source *src, const char *path)
{
    char **list;
    assert_int_equal(src->list(src, &list), KAZI_OK);
    int found = 0;
    for (char **p = list; *p; p++)
        found |= !strcmp(*p, path);
    kazi_config_paths_free(list);
    return found;
}

static void test_plugins__pinned_library_or_the_shipped_one(void **state)
{
    (void)state;
    const char *paths[] = {"country.lua", "plugins/standards.lua"}, *texts[] = {"c", "pinned"};
    kazi_config_source *src, *config, *plugins;
    assert_int_equal(kazi_config_source_memory(&src, "abc", paths, texts, NULL, 2), KAZI_OK);
    assert_int_equal(kazi_plugins_split(&config, &plugins, src), KAZI_OK);
    assert_true(has(config, "country.lua"));
    assert_false(has(config, "plugins/standards.lua"));
    char *buf;
    size_t len;
    assert_int_equal(plugins->read(plugins, "standards.lua", &buf, &len), KAZI_OK);
    assert_string_equal(buf, "pinned"); /* the configuration's own, not the shipped one */
    free(buf);
    assert_false(has(plugins, "reports.lua"));
    kazi_config_source_free(config);
    kazi_config_source_free(plugins);
    kazi_config_source_free(src);

    assert_int_equal(kazi_config_source_memory(&src, "old", paths, texts, NULL, 1), KAZI_OK);
    assert_int_equal(kazi_plugins_split(&config, &plugins, src), KAZI_OK);
    assert_true(has(plugins, "standards.lua")); /* none pinned: the shipped library */
    assert_true(has(plugins, "reports.lua"));
    assert_int_equal(plugins->read(plugins, "standards.lua", &buf, &len), KAZI_OK);
    assert_string_not_equal(buf, "pinned");
    free(buf);
    kazi_config_source_free(config);
    kazi_config_source_free(plugins);
    kazi_config_source_free(src);
}

static void test_plugins__load_dir_errors_name_the_dir_or_the_line(void **state)
{
    (void)state;
    kazi_lua_gen *g = NULL;
    assert_int_equal(kazi_plugins_load_dir(&g, "/nonexistent/kazi-config", NULL), KAZI_ENOTFOUND);
    assert_null(g);
    assert_string_equal(kazi_error_last()->field, "dir");

    char dir[] = "/tmp/kazi-test-plugins-XXXXXX";
    assert_int_equal(kt_tmpdir(dir), 0);
    kt_sh(
        "cp -r %s/country-config/tanzania/. %s/ && printf 'local x = 1\\nkazi.cadre { id = 7 }\\n'"
        " > %s/zz-broken.lua",
        kazi_install_share_dir(), dir, dir);
    assert_int_equal(kazi_plugins_load_dir(&g, dir, NULL), KAZI_EPLUGIN);
    assert_null(g);
    if (!strstr(kazi_error_last()->message, "zz-broken.lua:2"))
        fail_msg("%s", kazi_error_last()->message);
    kt_sh("rm %s/zz-broken.lua", dir);
    assert_int_equal(kazi_plugins_load_dir(&g, dir, NULL), KAZI_OK);
    assert_non_null(json_object_get(kazi_lua_gen_catalogue(g), "country"));
    kazi_lua_gen_unref(g);

    /* validation reports a failing test of the configuration, with its name */
    kt_sh("printf \"kazi.test('always fails', function(t) t.eq(1, 2) end)\\n\" > %s/zz-test.lua",
          dir);
    kazi_config_source *src;
    assert_int_equal(kazi_config_source_dir(&src, dir), KAZI_OK);
    json_t *errors = json_array();
    assert_int_equal(kazi_plugins_validate(src, errors, NULL), KAZI_OK);
    char *text = json_dumps(errors, JSON_COMPACT);
    if (!strstr(text, "always fails")) fail_msg("not reported: %s", text);
    free(text);
    json_decref(errors);
    kt_sh("rm %s/zz-test.lua", dir);
    kazi_config_source_free(src);
    assert_int_equal(kazi_config_source_dir(&src, dir), KAZI_OK);
    errors = json_array();
    assert_int_equal(kazi_plugins_validate(src, errors, NULL), KAZI_OK);
    text = json_dumps(errors, JSON_COMPACT);
    /* none at all, warnings included: a clean start of the shipped country says nothing */
    size_t failing = json_array_size(errors);
    if (failing) fail_msg("the shipped country has problems: %s", text);
    free(text);
    json_decref(errors);
    kazi_config_source_free(src);

    /* default_language, no longer read, is refused by validation with what to do */
    kt_sh("sed -i 's/^  languages = .*/&\\n  default_language = \"sw\",/' %s/country.lua", dir);
    assert_int_equal(kazi_config_source_dir(&src, dir), KAZI_OK);
    errors = json_array();
    assert_int_equal(kazi_plugins_validate(src, errors, NULL), KAZI_OK);
    text = json_dumps(errors, JSON_COMPACT);
    const json_t *e0 = json_array_get(errors, 0);
    if (json_array_size(errors) != 1 ||
        strcmp(json_string_value(json_object_get(e0, "severity")) ?: "", "error") ||
        !strstr(json_string_value(json_object_get(e0, "message")),
                "country.lua:4: kazi.country: default_language is not read: the default "
                "language is the first of languages ('en'); remove default_language, and list "
                "'sw' first in languages to make it the default"))
        fail_msg("not refused: %s", text);
    free(text);
    json_decref(errors);
    kazi_config_source_free(src);
    kazi_lua_thread_exit();
    assert_int_equal(kt_rmtree(dir), 0);
}

/* Each shipped country loads without a finding (warning or refusal): `kazi init` and
 * every start of either says nothing about its configuration (tanzania once warned that
 * its default_language was not used). */
static void test_plugins__shipped_countries_load_without_findings(void **state)
{
    (void)state;
    static const char *const countries[] = {"tanzania", "kenya"};
    for (size_t i = 0; i < sizeof countries / sizeof *countries; i++) {
        char dir[512];
        snprintf(dir, sizeof dir, "%s/country-config/%s", kazi_install_share_dir(), countries[i]);
        kazi_lua_gen *g = NULL;
        assert_int_equal(kazi_plugins_load_dir(&g, dir, NULL), KAZI_OK);
        const json_t *w = json_object_get(kazi_lua_gen_catalogue(g), "warnings");
        if (json_array_size(w)) {
            char *text = json_dumps(w, JSON_COMPACT);
            fail_msg("%s: %s", countries[i], text);
        }
        kazi_lua_gen_unref(g);
    }
    kazi_lua_thread_exit();
}

int main(void)
{
    kazi_log_set_level(KAZI_LOG_ERROR + 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plugins__pinned_library_or_the_shipped_one),
        cmocka_unit_test(test_plugins__load_dir_errors_name_the_dir_or_the_line),
        cmocka_unit_test(test_plugins__shipped_countries_load_without_findings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
