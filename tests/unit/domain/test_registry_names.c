/* domain/registry: a people search page names each row's post, cadre and village — the
 * cadre in the request's language (kazi_lang_current), falling back to the catalogue's
 * own name — and leaves the post out for a caller whose role may not read posts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "domain/catalogue.h"
#include "domain/registry.h"
#include "fixture.h"
#include "util/error.h"
#include "util/lang.h"

static char dir[] = "/tmp/kazi-test-registry-names-XXXXXX";
static kazi_db *db;
static int64_t village, organisation;
static const kazi_caller national = {.name = "unit-test", .personal_data = 1};

static int cadre_exists(void *ctx, const char *cadre)
{
    (void)ctx;
    return !strcmp(cadre, "cw") ? KAZI_OK : KAZI_ENOTFOUND;
}

static int level_exists(void *ctx, const char *level)
{
    (void)ctx;
    (void)level;
    return KAZI_ENOTFOUND;
}

/* As the Lua catalogue lists cadres: a display name and the declared names. */
static int cadres(void *ctx, json_t **out)
{
    (void)ctx;
    *out = json_pack("[{s:s,s:s,s:{s:s,s:s}}]", "id", "cw", "name", "Community worker", "names",
                     "en", "Community worker", "sw", "Mfanyakazi wa jamii");
    return KAZI_OK;
}

static int empty(void *ctx, json_t **out)
{
    (void)ctx;
    *out = json_array();
    return KAZI_OK;
}

static int fields(void *ctx, const char *entity, json_t **out)
{
    (void)ctx;
    (void)entity;
    *out = json_array();
    return KAZI_OK;
}

static const kazi_registry_catalogue catalogue = {
    NULL, cadre_exists, level_exists, cadres, empty, fields, NULL, NULL,
};

static int setup(void **state)
{
    (void)state;
    if (kt_db_create(&db, dir) < 0 || kt_db_places(db, &village, &organisation) < 0) return -1;
    kazi_registry_set_catalogue(&catalogue);
    json_t *p = json_pack("{s:s,s:s,s:I}", "given_name", "Asha", "family_name", "Named",
                          "residence_org_unit_id", (json_int_t)village);
    json_t *pos =
        json_pack("{s:s,s:I,s:I,s:s}", "title", "Village worker", "org_unit_id",
                  (json_int_t)village, "organisation_id", (json_int_t)organisation, "cadre", "cw");
    json_t *person = NULL, *post = NULL, *a = NULL;
    int rc = kazi_registry_person_create(&person, db, &national, p);
    if (rc == KAZI_OK) rc = kazi_registry_position_create(&post, db, &national, pos);
    if (rc == KAZI_OK) {
        json_t *in = json_pack("{s:O,s:O,s:s,s:s}", "person_id", json_object_get(person, "id"),
                               "position_id", json_object_get(post, "id"), "start_date",
                               "2024-01-01", "engagement", "volunteer");
        rc = kazi_registry_assignment_create(&a, db, &national, in);
        json_decref(in);
    }
    json_decref(p);
    json_decref(pos);
    json_decref(person);
    json_decref(post);
    json_decref(a);
    return rc == KAZI_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    kazi_registry_set_catalogue(NULL);
    kazi_lang_set(NULL);
    return kt_db_destroy(db, dir);
}

/* The first row of a search for "named" by CALLER, as a new reference. */
static json_t *first_row(const kazi_caller *caller)
{
    kazi_person_query q = {.q = "named", .limit = 25};
    json_t *page = NULL;
    assert_int_equal(kazi_registry_person_search(&page, db, caller, &q, 0), KAZI_OK);
    assert_int_equal(json_array_size(json_object_get(page, "items")), 1);
    json_t *row = json_incref(json_array_get(json_object_get(page, "items"), 0));
    json_decref(page);
    return row;
}

static const char *text(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static void test_registry_names__cadre_in_the_request_language(void **state)
{
    (void)state;
    kazi_lang_set("sw");
    json_t *row = first_row(&national);
    assert_string_equal(text(row, "cadre"), "cw");
    assert_string_equal(text(row, "cadre_name"), "Mfanyakazi wa jamii");
    assert_string_equal(text(row, "position_title"), "Village worker");
    assert_string_equal(text(row, "residence_name"), "Makole");
    json_decref(row);
    kazi_lang_set("ny"); /* a language the catalogue does not name it in */
    row = first_row(&national);
    assert_string_equal(text(row, "cadre_name"), "Community worker");
    json_decref(row);
    kazi_lang_set(NULL);
    row = first_row(&national);
    assert_string_equal(text(row, "cadre_name"), "Community worker");
    json_decref(row);
}

static void test_registry_names__no_post_for_a_role_that_may_not_read_posts(void **state)
{
    (void)state;
    kazi_caller supervisor = {.name = "sup", .personal_data = 1, .kind = KAZI_CALLER_USER};
    snprintf(supervisor.role, sizeof supervisor.role, "supervisor");
    json_t *row = first_row(&supervisor);
    assert_string_equal(text(row, "residence_name"), "Makole");
    assert_null(json_object_get(row, "position_title"));
    assert_null(json_object_get(row, "cadre"));
    assert_null(json_object_get(row, "cadre_name"));
    json_decref(row);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_registry_names__cadre_in_the_request_language),
        cmocka_unit_test(test_registry_names__no_post_for_a_role_that_may_not_read_posts),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
