/* domain/catalogue and its look-ups: a declaration is found by kind and id through the
 * generation's one hashed index (kazi_lua_gen_find), which the registry's catalogue
 * (cadre and level checks), training (declared courses and certifications) and careers
 * (moves) all use; the index belongs to its generation and is read by many threads. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "domain/catalogue.h"
#include "domain/catalogue_lua.h"
#include "domain/training.h"
#include "fixture.h"
#include "lua/runtime.h"
#include "util/error.h"

#define CADRES 300 /* enough entries that a look-up is not the first one by luck */

static char source[64 * 1024];

/* A configuration with the country's levels, a group, CADRES cadres c0..c299 and two
 * courses; `extra` is appended (a second generation's difference). */
static kazi_lua_gen *build(const char *extra)
{
    size_t n =
        (size_t)snprintf(source, sizeof source,
                         "kazi.country { id = 'x', name = 'X', languages = { 'en' }, "
                         "currency = 'XXX',\n  levels = { { id = 'nation', name = 'Nation' },"
                         " { id = 'parish', name = 'Parish' } } }\n"
                         "kazi.group { id = 'g', name = 'G' }\n");
    for (int i = 0; i < CADRES; i++)
        n += (size_t)snprintf(source + n, sizeof source - n,
                              "kazi.cadre { id = 'c%d', name = 'Cadre %d', group = 'g', level = 1 "
                              "}\n",
                              i, i);
    snprintf(source + n, sizeof source - n,
             "kazi.course { id = 'intro', name = 'Intro', version = '2012', hours = 10, "
             "outcomes = {} }\n"
             "kazi.course { id = 'advanced', name = 'Advanced', version = '3', hours = 20, "
             "outcomes = {} }\n"
             "kazi.field { id = 'grade', applies_to = 'position', type = 'integer', label = 'G' "
             "}\n%s",
             extra ? extra : "");
    return kt_lua_gen1("catalogue.lua", source, NULL);
}

static void test_catalogue__find_by_kind_and_id(void **state)
{
    (void)state;
    kazi_lua_gen *g = build(NULL);
    assert_non_null(g);
    const json_t *c = kazi_lua_gen_find(g, "cadres", "c257");
    assert_non_null(c);
    assert_string_equal(json_string_value(json_object_get(c, "name")), "Cadre 257");
    /* the entry itself, lent from the catalogue, not a copy */
    assert_ptr_equal(c, json_array_get(json_object_get(kazi_lua_gen_catalogue(g), "cadres"), 257));
    const json_t *course = kazi_lua_gen_find(g, "courses", "advanced");
    assert_string_equal(json_string_value(json_object_get(course, "version")), "3");
    const json_t *field = kazi_lua_gen_find(g, "fields", "grade");
    assert_string_equal(json_string_value(json_object_get(field, "applies_to")), "position");
    const json_t *level = kazi_lua_gen_find(g, "levels", "parish");
    assert_string_equal(json_string_value(json_object_get(level, "name")), "Parish");
    /* an id of another kind, an unknown id, a prefix and missing arguments are not found */
    assert_null(kazi_lua_gen_find(g, "courses", "c1"));
    assert_null(kazi_lua_gen_find(g, "cadres", "intro"));
    assert_null(kazi_lua_gen_find(g, "cadres", "c3000"));
    assert_null(kazi_lua_gen_find(g, "cadres", "c"));
    assert_null(kazi_lua_gen_find(g, "cadres", ""));
    assert_null(kazi_lua_gen_find(g, "nothing", "c1"));
    assert_null(kazi_lua_gen_find(g, "cadres", NULL));
    assert_null(kazi_lua_gen_find(NULL, "cadres", "c1"));
    char longid[KAZI_LUA_ID_KEY_MAX * 2];
    memset(longid, 'c', sizeof longid - 1);
    longid[sizeof longid - 1] = 0;
    assert_null(kazi_lua_gen_find(g, "cadres", longid));
    kt_lua_release(g);
}

/* Every user of the catalogue answers from the active generation's index: the
 * registry's cadre and level checks and training's declared courses. */
static void test_catalogue__registry_and_training_use_the_active_generation(void **state)
{
    (void)state;
    kazi_lua_gen *g1 = build(NULL);
    kazi_lua_gen *g2 =
        build("kazi.cadre { id = 'newcomer', name = 'N', group = 'g', level = 1 }\n");
    assert_non_null(g1);
    assert_non_null(g2);
    kazi_catalogue_lua_install();
    const kazi_registry_catalogue *cat = kazi_registry_catalogue_get();
    kazi_lua_activate(g1);
    assert_int_equal(cat->cadre_exists(cat->ctx, "c0"), KAZI_OK);
    assert_int_equal(cat->cadre_exists(cat->ctx, "c299"), KAZI_OK);
    assert_int_equal(cat->cadre_exists(cat->ctx, "newcomer"), KAZI_ENOTFOUND);
    assert_int_equal(cat->level_exists(cat->ctx, "parish"), KAZI_OK);
    assert_int_equal(cat->level_exists(cat->ctx, "village"), KAZI_ENOTFOUND);
    json_t *decl = NULL;
    char src[128];
    assert_int_equal(kazi_training_declared(&decl, src, "courses", "intro", "course"), KAZI_OK);
    assert_string_equal(json_string_value(json_object_get(decl, "version")), "2012");
    assert_string_equal(src, "test-commit");
    json_decref(decl);
    assert_int_equal(kazi_training_declared(&decl, NULL, "courses", "c0", "course"), KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "course");
    assert_non_null(strstr(kazi_error_last()->message, "declares no course \"c0\""));
    kazi_lua_activate(g2); /* a new version goes live: its own index answers */
    assert_int_equal(cat->cadre_exists(cat->ctx, "newcomer"), KAZI_OK);
    kazi_lua_activate(NULL);
    kazi_registry_set_catalogue(NULL);
    kazi_lua_gen_unref(g1);
    kt_lua_release(g2);
}

/* The index is read without a lock by every worker thread at once. */
typedef struct {
    const kazi_lua_gen *g;
    int found;
} reader;

static void *read_all(void *arg)
{
    reader *r = arg;
    char id[16];
    for (int round = 0; round < 20; round++)
        for (int i = 0; i < CADRES; i++) {
            snprintf(id, sizeof id, "c%d", i);
            const json_t *c = kazi_lua_gen_find(r->g, "cadres", id);
            if (c && !strcmp(json_string_value(json_object_get(c, "id")), id)) r->found++;
        }
    return NULL;
}

static void test_catalogue__threads_read_one_index(void **state)
{
    (void)state;
    kazi_lua_gen *g = build(NULL);
    assert_non_null(g);
    enum { THREADS = 4 };
    pthread_t t[THREADS];
    reader r[THREADS];
    for (int i = 0; i < THREADS; i++) {
        r[i] = (reader){g, 0};
        assert_int_equal(pthread_create(&t[i], NULL, read_all, &r[i]), 0);
    }
    for (int i = 0; i < THREADS; i++) {
        assert_int_equal(pthread_join(t[i], NULL), 0);
        assert_int_equal(r[i].found, 20 * CADRES);
    }
    kt_lua_release(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_catalogue__find_by_kind_and_id),
        cmocka_unit_test(test_catalogue__registry_and_training_use_the_active_generation),
        cmocka_unit_test(test_catalogue__threads_read_one_index),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
