/* domain/registry: a people search page names each row's post, cadre and village — the
 * cadre in the request's language (kazi_lang_current), falling back to the catalogue's
 * own name — and leaves the post out for a caller whose role may not read posts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/catalogue.h"
#include "domain/registry.h"
#include "fixture.h"
#include "store/orgunit.h"
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

/* Two custom fields of a person (text, number), none of a position. */
static int fields(void *ctx, const char *entity, json_t **out)
{
    (void)ctx;
    *out = strcmp(entity, KAZI_ENTITY_PERSON)
               ? json_array()
               : json_pack("[{s:s,s:s},{s:s,s:s}]", "name", "nickname", "type", "text", "name",
                           "height", "type", "number");
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

/* The page's text is CALLER's tree page dumped, byte for byte. */
static void same_page(const kazi_caller *caller, kazi_person_query q, int64_t org_unit)
{
    json_t *tree = NULL;
    kazi_person_query tq = q;
    assert_int_equal(kazi_registry_person_search(&tree, db, caller, &tq, org_unit), KAZI_OK);
    kazi_buf text = {0};
    assert_int_equal(kazi_registry_person_search_text(&text, db, caller, &q, org_unit), KAZI_OK);
    char *dump = kazi_json_dump(tree);
    assert_string_equal(text.data, dump);
    free(dump);
    free(text.data);
    json_decref(tree);
}

/* GET /api/v1/people writes its page as text from the rows
 * (kazi_registry_person_search_text): it is, byte for byte, the page the JSON trees give
 * — identifiers, custom values (text with quotes, a backslash and a slash; a number), non-ASCII
 * letters, each row's post, cadre and village names (the cadre in the request's language; no post
 * for a role that may not read posts), a likely duplicate named or hidden outside the caller's
 * scope, the total and the cursor — and refuses what the tree refuses. */
static void test_registry_names__page_text_is_the_page_the_tree_gives(void **state)
{
    (void)state;
    kazi_orgunit country, far_unit = {.depth = 1};
    assert_int_equal(kazi_orgunit_get_by_code(&country, db, "TZ"), KAZI_OK);
    strcpy(far_unit.code, "V2-PAGE");
    strcpy(far_unit.name, "Mbali \"far\" k\xc3\xa9ti");
    strcpy(far_unit.level_id, "village");
    assert_int_equal(kazi_db_begin(db), KAZI_OK);
    assert_int_equal(kazi_db_end(db, kazi_orgunit_insert(&far_unit, db, &country)), KAZI_OK);
    json_t *out = NULL,
           *in = json_pack("{s:s,s:s,s:s,s:s,s:I,s:s,s:[s,s],s:[{s:s,s:s},{s:s,s:s}],s:{s:s,s:f}}",
                           "given_name", "Zawadi \"Zee\"", "family_name", "Named\\Mr\xc3\xa9ma",
                           "birth_date", "1990-01-01", "education", "Form 4\nDiploma\tteaching",
                           "residence_org_unit_id", (json_int_t)far_unit.id, "sex", "female",
                           "languages", "sw", "en", "identifiers", "type", "national_id", "value",
                           "PAGE-1", "type", "voter_id", "value", "V\"9", "custom", "nickname",
                           "Zee \"\\ \xe2\x82\xac/", "height", 1.5);
    assert_int_equal(kazi_registry_person_create(&out, db, &national, in), KAZI_OK);
    json_decref(out);
    /* The same names and birth date in the caller's village: a likely duplicate of the
     * far one, which a caller scoped to the village does not see. */
    json_object_set_new(in, "residence_org_unit_id", json_integer(village));
    json_object_del(in, "identifiers");
    assert_int_equal(kazi_registry_person_create(&out, db, &national, in), KAZI_OK);
    assert_true(json_is_integer(json_object_get(out, "review_duplicate_of")));
    json_decref(out);
    json_decref(in);
    /* First in name order, last in id order: rows are read by id, the page is by name. */
    in = json_pack("{s:s,s:s,s:I}", "given_name", "Aaron", "family_name", "Named",
                   "residence_org_unit_id", (json_int_t)village);
    assert_int_equal(kazi_registry_person_create(&out, db, &national, in), KAZI_OK);
    json_decref(out);
    json_decref(in);

    kazi_caller local = {.kind = KAZI_CALLER_USER,
                         .name = "local",
                         .role = "district_hr_officer",
                         .scope_org_unit_id = village,
                         .personal_data = 1},
                supervisor = {.name = "sup", .personal_data = 1, .kind = KAZI_CALLER_USER};
    snprintf(supervisor.role, sizeof supervisor.role, "supervisor");
    assert_int_equal(kazi_caller_load_scope(&local, db), KAZI_OK);
    const kazi_caller *callers[] = {&national, &local, &supervisor};
    const char *langs[] = {NULL, "sw"};
    for (size_t l = 0; l < 2; l++) {
        kazi_lang_set(langs[l]);
        for (size_t c = 0; c < 3; c++) {
            same_page(callers[c], (kazi_person_query){.limit = 50}, 0);
            same_page(callers[c], (kazi_person_query){.q = "named", .limit = 50}, 0);
            same_page(callers[c], (kazi_person_query){.limit = 1}, 0); /* with a cursor */
            same_page(callers[c], (kazi_person_query){.limit = 50, .status = "active"}, village);
            same_page(callers[c], (kazi_person_query){.limit = 50, .sex = "male"}, village);
        }
    }
    kazi_lang_set(NULL);

    /* The page holds every kind of field: what the local caller reads of it. */
    kazi_person_query q = {.q = "named", .limit = 50};
    kazi_buf text = {0};
    assert_int_equal(kazi_registry_person_search_text(&text, db, &local, &q, 0), KAZI_OK);
    assert_non_null(strstr(text.data, "\"review_duplicate_of\":null"));
    assert_non_null(strstr(text.data, "\"review_duplicate_outside\":true"));
    assert_non_null(strstr(text.data, "\"education\":\"Form 4\\nDiploma\\tteaching\""));
    assert_non_null(strstr(text.data, "\"cadre_name\":\"Community worker\""));
    assert_non_null(strstr(text.data, "\"residence_name\":\"Makole\""));
    assert_non_null(strstr(text.data, "\"nickname\":\"Zee \\\"\\\\ \xe2\x82\xac/\""));
    free(text.data);
    text = (kazi_buf){0};
    q = (kazi_person_query){.q = "named", .limit = 50};
    assert_int_equal(kazi_registry_person_search_text(&text, db, &national, &q, 0), KAZI_OK);
    assert_non_null(strstr(text.data, "{\"type\":\"voter_id\",\"value\":\"V\\\"9\"}"));
    assert_non_null(strstr(text.data, "\"residence_name\":\"Mbali \\\"far\\\" k\xc3\xa9ti\""));
    assert_non_null(strstr(text.data, "\"height\":1.5"));
    assert_null(strstr(text.data, "review_duplicate_outside"));
    free(text.data);

    /* Refused as the tree refuses: an undeclared status, by name, nothing written. */
    text = (kazi_buf){0};
    q = (kazi_person_query){.status = "retired", .limit = 10};
    assert_int_equal(kazi_registry_person_search_text(&text, db, &national, &q, 0), KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "status");
    assert_true(text.len == 0);
    free(text.data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_registry_names__cadre_in_the_request_language),
        cmocka_unit_test(test_registry_names__no_post_for_a_role_that_may_not_read_posts),
        cmocka_unit_test(test_registry_names__page_text_is_the_page_the_tree_gives),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
