/* domain/i18n: Kazi's messages in the language of the request — the built-in Swahili
 * catalogue (core/i18n/sw.json) stays true to the sources, a request's language comes
 * from ?lang= or Accept-Language limited to the configuration's languages, and a
 * message missing in the requested language falls back to the configuration's default,
 * then English. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "domain/i18n.h"
#include "fixture.h"
#include "lua/runtime.h"
#include "util/error.h"
#include "util/lang.h"
#include "util/log.h"

/* ---- the catalogue against the sources ---------------------------------------------- */

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    if (buf) buf[n] = '\0';
    if (len) *len = (size_t)n;
    fclose(f);
    return buf;
}

/* Every string literal of C source `s`, adjacent literals joined as the compiler joins
 * them, escapes decoded, as keys of `set`. Comments and character literals skipped. */
static void collect_literals(json_t *set, const char *s)
{
    char *lit = malloc(strlen(s) + 1);
    size_t n = 0;
    int open = 0; /* a literal is being joined */
    while (*s) {
        if (s[0] == '/' && s[1] == '/') {
            s = strchr(s, '\n');
            if (!s) break;
            continue;
        }
        if (s[0] == '/' && s[1] == '*') {
            const char *e = strstr(s + 2, "*/");
            if (!e) break;
            s = e + 2;
            continue;
        }
        if (*s == '\'') {
            s++;
            while (*s && *s != '\'')
                s += (*s == '\\' && s[1]) ? 2 : 1;
            if (*s) s++;
            continue;
        }
        if (*s == '"') {
            s++;
            while (*s && *s != '"') {
                if (*s == '\\' && s[1]) {
                    s++;
                    lit[n++] = *s == 'n' ? '\n' : *s == 't' ? '\t' : *s;
                } else
                    lit[n++] = *s;
                s++;
            }
            if (*s) s++;
            open = 1;
            continue;
        }
        if (open && (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')) {
            s++;
            continue;
        }
        if (open) {
            lit[n] = '\0';
            json_object_set_new(set, lit, json_true());
            n = 0;
            open = 0;
        }
        s++;
    }
    free(lit);
}

static void collect_dir(json_t *set, const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        char path[2048];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(path, &st) < 0) continue;
        size_t len = strlen(e->d_name);
        if (S_ISDIR(st.st_mode))
            collect_dir(set, path);
        else if (len > 2 && !strcmp(e->d_name + len - 2, ".c")) {
            char *text = slurp(path, NULL);
            assert_non_null(text);
            collect_literals(set, text);
            free(text);
        }
    }
    closedir(d);
}

static json_t *sw_catalogue(char **text)
{
    *text = slurp(KAZI_SOURCE_DIR "/core/i18n/sw.json", NULL);
    assert_non_null(*text);
    json_error_t err;
    json_t *doc = json_loads(*text, 0, &err);
    if (!doc) fail_msg("core/i18n/sw.json is not JSON: line %d: %s", err.line, err.text);
    assert_true(json_is_object(doc));
    return doc;
}

static void test_i18n__every_swahili_msgid_is_a_message_of_kazi(void **state)
{
    (void)state;
    char *text;
    json_t *sw = sw_catalogue(&text), *literals = json_object();
    collect_dir(literals, KAZI_SOURCE_DIR "/core");
    const char *msgid;
    json_t *t;
    int stale = 0;
    json_object_foreach(sw, msgid, t)
    {
        if (!json_object_get(literals, msgid)) {
            print_message("core/i18n/sw.json: \"%s\" is no longer a message in core/\n", msgid);
            stale++;
        }
    }
    assert_int_equal(stale, 0);
    assert_true(json_object_size(sw) > 0);
    json_decref(literals);
    json_decref(sw);
    free(text);
}

static void test_i18n__every_swahili_template_fits_its_message(void **state)
{
    (void)state;
    char *text, why[300];
    json_t *sw = sw_catalogue(&text);
    const char *msgid;
    json_t *t;
    int bad = 0;
    json_object_foreach(sw, msgid, t)
    {
        if (!json_is_string(t) ||
            kazi_error_template_check(msgid, json_string_value(t), why, sizeof why) != KAZI_OK) {
            print_message("core/i18n/sw.json: \"%s\": %s\n", msgid,
                          json_is_string(t) ? why : "not text");
            bad++;
        }
    }
    assert_int_equal(bad, 0);
    json_decref(sw);
    free(text);
}

/* One entry per line, keys sorted (byte order): two helpers' additions merge as a union. */
static void test_i18n__the_swahili_file_is_one_sorted_entry_per_line(void **state)
{
    (void)state;
    char *text;
    json_t *sw = sw_catalogue(&text);
    char prev[1024] = "";
    size_t lines = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        if (!strcmp(line, "{") || !strcmp(line, "}")) continue;
        json_t *one;
        char wrapped[4096];
        size_t len = strlen(line);
        snprintf(wrapped, sizeof wrapped, "{%.*s}",
                 (int)(len && line[len - 1] == ',' ? len - 1 : len), line);
        one = json_loads(wrapped, 0, NULL);
        if (json_object_size(one) != 1) fail_msg("not one entry on this line: %s", line);
        const char *key = json_object_iter_key(json_object_iter(one));
        if (strcmp(prev, key) >= 0) fail_msg("\"%s\" is not sorted after \"%s\"", key, prev);
        snprintf(prev, sizeof prev, "%s", key);
        json_decref(one);
        lines++;
    }
    assert_int_equal(lines, json_object_size(sw));
    json_decref(sw);
    free(text);
}

/* ---- a request's language and the fallbacks ---------------------------------------- */

static const char lakeland[] =
    "kazi.country { id = 'lakeland', name = 'Lakeland', languages = { 'en', 'ny' },\n"
    "  currency = 'MWK', levels = { { id = 'country', name = 'Country' } } }\n"
    "kazi.translation { language = 'ny', name = 'Chichewa',\n"
    "  ui = { ['nav.people'] = 'Anthu' },\n"
    "  messages = { ['%s is required'] = '{1} chikufunika' } }\n"
    "kazi.translation { language = 'en', name = 'English',\n"
    "  messages = { ['%s must be text'] = 'Please write {1} as text' } }\n";

static kazi_lua_gen *gen;

static int setup(void **state)
{
    (void)state;
    kazi_log_set_level(KAZI_LOG_ERROR + 1);
    kazi_i18n_install();
    gen = kt_lua_gen1("lakeland.lua", lakeland, NULL);
    if (!gen) return -1;
    kazi_lua_activate(gen);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    kazi_lang_set(NULL);
    kazi_lua_activate(NULL);
    kt_lua_release(gen);
    kazi_error_set_translator(NULL);
    return 0;
}

static void test_i18n__lang_wins_then_accept_language_by_quality(void **state)
{
    (void)state;
    char lang[KAZI_LANG_MAX];
    assert_int_equal(kazi_i18n_negotiate(lang, sizeof lang, "ny", "en"), KAZI_OK);
    assert_string_equal(lang, "ny");
    assert_int_equal(kazi_i18n_negotiate(lang, sizeof lang, NULL, "fr, en;q=0.3, ny-MW;q=0.8"),
                     KAZI_OK);
    assert_string_equal(lang, "ny");
    /* sw is Kazi's own but Lakeland does not declare it: skipped */
    assert_int_equal(kazi_i18n_negotiate(lang, sizeof lang, NULL, "sw, en;q=0.1"), KAZI_OK);
    assert_string_equal(lang, "en");
    assert_int_equal(kazi_i18n_negotiate(lang, sizeof lang, NULL, "fr"), KAZI_OK);
    assert_string_equal(lang, "en"); /* the configuration's first */
    assert_int_equal(kazi_i18n_negotiate(lang, sizeof lang, "sw", NULL), KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "lang");
    assert_int_equal(kazi_i18n_negotiate(lang, sizeof lang, "x'); --", NULL), KAZI_EINVALID);
}

static void test_i18n__a_message_falls_back_to_the_default_then_english(void **state)
{
    (void)state;
    kazi_lang_set("ny");
    kazi_error_set(KAZI_EINVALID, "birth_date", "%s is required", "birth_date");
    assert_string_equal(kazi_error_last()->message, "birth_date chikufunika");
    kazi_error_set(KAZI_EINVALID, "x", "%s must be a number", "x"); /* not in ny */
    assert_string_equal(kazi_error_last()->message, "x must be a number");
    kazi_lang_set("en");
    kazi_error_set(KAZI_EINVALID, "birth_date", "%s is required", "birth_date");
    assert_string_equal(kazi_error_last()->message, "birth_date is required");
    /* a configuration may reword even English; ny falls back to it too */
    kazi_error_set(KAZI_EINVALID, "x", "%s must be text", "x");
    assert_string_equal(kazi_error_last()->message, "Please write x as text");
    kazi_lang_set("ny");
    kazi_error_set(KAZI_EINVALID, "x", "%s must be text", "x");
    assert_string_equal(kazi_error_last()->message, "Please write x as text");
}

static void test_i18n__swahili_is_built_in(void **state)
{
    (void)state;
    kazi_lua_activate(NULL); /* no configuration: en and sw */
    kazi_lang_set("sw");
    kazi_error_set(KAZI_EINVALID, "birth_date", "%s is required", "birth_date");
    assert_string_equal(kazi_error_last()->message, "birth_date inahitajika");
    json_t *doc;
    assert_int_equal(kazi_i18n_languages(&doc), KAZI_OK);
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(doc, "languages"), 1), "name")),
                        "Kiswahili");
    json_decref(doc);
    kazi_lua_activate(gen);
}

static void test_i18n__languages_and_a_translation_with_its_completeness(void **state)
{
    (void)state;
    json_t *doc;
    assert_int_equal(kazi_i18n_languages(&doc), KAZI_OK);
    json_t *want = json_loads("{\"languages\":[{\"code\":\"en\",\"name\":\"English\"},"
                              "{\"code\":\"ny\",\"name\":\"Chichewa\"}],\"default\":\"en\"}",
                              0, NULL);
    assert_true(json_equal(doc, want));
    json_decref(want);
    json_decref(doc);
    assert_int_equal(kazi_i18n_translation(&doc, "ny"), KAZI_OK);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(doc, "ui"), "nav.people")), "Anthu");
    json_t *msgs = json_object_get(json_object_get(doc, "complete"), "messages");
    assert_int_equal(json_integer_value(json_object_get(msgs, "have")), 1);
    assert_true(json_integer_value(json_object_get(msgs, "of")) > 50);
    json_decref(doc);
    assert_int_equal(kazi_i18n_translation(&doc, "sw"), KAZI_ENOTFOUND);
    assert_string_equal(kazi_error_last()->field, "code");
}

static void test_i18n__a_bad_translation_does_not_load(void **state)
{
    (void)state;
    static const char *const bad[][2] = {
        {"kazi.translation { language = 'fr', name = 'Français' }", "does not declare"},
        {"kazi.translation { language = 'ny', name = 'C', messages = { ['%s is required'] = "
         "'{2}' } }",
         "{2} has no value"},
        {"kazi.translation { language = 'NY!', name = 'C' }", "language code"},
        {"kazi.translation { language = 'ny', name = 'C', ui = { 'x' } }", "maps text to text"},
        {"kazi.translation { language = 'ny', name = 'C' }\n"
         "kazi.translation { language = 'ny', name = 'D' }",
         "declared twice"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[2048];
        snprintf(text, sizeof text,
                 "kazi.country { id = 'l', name = 'L', languages = { 'en', 'ny' },\n"
                 "  currency = 'MWK', levels = { { id = 'country', name = 'Country' } } }\n%s\n",
                 bad[i][0]);
        kazi_lua_gen *g = kt_lua_gen1("bad.lua", text, NULL);
        assert_null(g);
        if (!strstr(kazi_error_last()->message, bad[i][1]))
            fail_msg("%s: %s", bad[i][0], kazi_error_last()->message);
    }
}

/* A key that is not one of Kazi's messages fails validation, not loading: a live
 * configuration must still serve after an upgrade of Kazi rewords a message. */
static void test_i18n__a_key_kazi_does_not_have_fails_validation_not_loading(void **state)
{
    (void)state;
    kazi_lua_gen *g =
        kt_lua_gen1("ny.lua",
                    "kazi.country { id = 'l', name = 'L', languages = { 'en', 'ny' },\n"
                    "  currency = 'MWK', levels = { { id = 'country', name = 'Country' } } }\n"
                    "kazi.translation { language = 'ny', name = 'C',\n"
                    "  messages = { ['%s is requird'] = '{1} ikufunika', ['%s is required'] = '{1} "
                    "ikufunika' } }\n",
                    NULL);
    assert_non_null(g);
    json_t *problems = json_array();
    assert_int_equal(kazi_i18n_check(problems, kazi_lua_gen_catalogue(g)), 1);
    json_t *p = json_array_get(problems, 0);
    assert_string_equal(json_string_value(json_object_get(p, "file")), "ny.lua");
    assert_int_equal(json_integer_value(json_object_get(p, "line")), 3);
    assert_non_null(strstr(json_string_value(json_object_get(p, "message")),
                           "messages[\"%s is requird\"]: not one of Kazi's messages"));
    json_decref(problems);
    kazi_lua_gen_unref(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_i18n__every_swahili_msgid_is_a_message_of_kazi),
        cmocka_unit_test(test_i18n__every_swahili_template_fits_its_message),
        cmocka_unit_test(test_i18n__the_swahili_file_is_one_sorted_entry_per_line),
        cmocka_unit_test(test_i18n__lang_wins_then_accept_language_by_quality),
        cmocka_unit_test(test_i18n__a_message_falls_back_to_the_default_then_english),
        cmocka_unit_test(test_i18n__swahili_is_built_in),
        cmocka_unit_test(test_i18n__languages_and_a_translation_with_its_completeness),
        cmocka_unit_test(test_i18n__a_bad_translation_does_not_load),
        cmocka_unit_test(test_i18n__a_key_kazi_does_not_have_fails_validation_not_loading),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
