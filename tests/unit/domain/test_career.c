/* domain/career through the API in process, under the Tanzanian configuration's swa -> swo
 * move (a diploma and three years as an SWA): a worker's options say what is missing,
 * candidates rank the eligible first, recording the move ends the old post as a
 * promotion and starts the new one, the old post awaits a trained replacement — and an
 * ineligible worker's move is refused with nothing changed.
 *
 * TZ(1) > R(2) > D(3) > W(4), funder GOV.
 *   P1 Amina: swa since 2020 with a diploma (eligible)
 *   P2 Baraka: swa since 2025, form four (missing both)
 *   post 3: a vacant swo post at W
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/install.h"
#include "inproc.h"
#include "store/db.h"
#include "store/internal.h"
#include "util/error.h"

static kt_client admin;
static char move_id[100];

static const char register_sql[] =
    "INSERT INTO org_unit(id, code, name, parent_id, depth, level_id, path, created_at, "
    "updated_at) VALUES (1, 'TZ', 'Tanzania', NULL, 0, 'country', '/1/', 1, 1), "
    "(2, 'R', 'Region', 1, 1, 'region', '/1/2/', 1, 1), "
    "(3, 'D', 'District', 2, 2, 'district', '/1/2/3/', 1, 1), "
    "(4, 'W', 'Ward', 3, 3, 'ward', '/1/2/3/4/', 1, 1);"
    "INSERT INTO organisation(id, code, name, kind, org_unit_id, created_at, updated_at) "
    "VALUES (1, 'GOV', 'Government', 'government', 1, 1, 1);"
    "INSERT INTO person(id, given_name, family_name, name_key, given_key, education, "
    "residence_org_unit_id, org_path, created_at, updated_at) VALUES "
    "(1, 'Amina', 'A', 'a', 'amina', 'diploma', 4, '/1/2/3/4/', 1, 1), "
    "(2, 'Baraka', 'B', 'b', 'baraka', 'form_four', 4, '/1/2/3/4/', 1, 1);"
    "INSERT INTO position(id, title, org_unit_id, org_path, organisation_id, cadre, level, "
    "created_at, updated_at) VALUES (1, 'SWA W', 4, '/1/2/3/4/', 1, 'swa', '3', 1, 1), "
    "(2, 'SWA W b', 4, '/1/2/3/4/', 1, 'swa', '3', 1, 1), "
    "(3, 'SWO W', 4, '/1/2/3/4/', 1, 'swo', '4', 1, 1);"
    "INSERT INTO assignment(person_id, position_id, start_date, end_date, engagement, "
    "end_reason, created_at, updated_at) VALUES "
    "(1, 1, '2020-01-01', NULL, 'salaried', NULL, 1, 1), "
    "(2, 2, '2025-06-01', NULL, 'salaried', NULL, 1, 1);";

static int setup(void **state)
{
    (void)state;
    return kt_server_start_with("tanzania", register_sql, &admin);
}

static int teardown(void **state)
{
    (void)state;
    kt_server_stop();
    return 0;
}

/* The entry of `arr` whose `key` is `value`, or NULL. */
static json_t *find(json_t *arr, const char *key, const char *value)
{
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
    {
        const char *s = json_string_value(json_object_get(v, key));
        if (s && !strcmp(s, value)) return v;
    }
    return NULL;
}

static void test_career__lattice_has_the_move(void **state)
{
    (void)state;
    kt_resp r = kt_call(&admin, "GET", "/api/v1/careers/lattice", NULL);
    assert_int_equal(r.status, 200);
    json_t *edges = json_object_get(r.json, "edges");
    size_t i;
    json_t *e;
    json_array_foreach(edges, i, e)
    {
        if (!strcmp(json_string_value(json_object_get(e, "from")), "swa") &&
            !strcmp(json_string_value(json_object_get(e, "to")), "swo")) {
            snprintf(move_id, sizeof move_id, "%s", json_string_value(json_object_get(e, "id")));
            assert_string_equal(json_string_value(json_object_get(e, "kind")), "vertical");
        }
    }
    assert_true(move_id[0]);
    assert_non_null(find(json_object_get(r.json, "nodes"), "id", "swo"));
    kt_resp_free(&r);
}

static void test_career__options_say_what_is_missing(void **state)
{
    (void)state;
    kt_resp r = kt_call(&admin, "GET", "/api/v1/people/1/career", NULL);
    assert_int_equal(r.status, 200);
    assert_non_null(find(json_object_get(r.json, "eligible"), "move", move_id));
    kt_resp_free(&r);
    r = kt_call(&admin, "GET", "/api/v1/people/2/career", NULL);
    assert_int_equal(r.status, 200);
    assert_null(find(json_object_get(r.json, "eligible"), "move", move_id));
    json_t *other = find(json_object_get(r.json, "others"), "move", move_id);
    assert_non_null(other);
    assert_int_equal(json_array_size(json_object_get(other, "missing")), 2);
    kt_resp_free(&r);
    r = kt_call(&admin, "GET", "/api/v1/people/999/career", NULL);
    assert_int_equal(r.status, 404);
    kt_resp_free(&r);
}

static void test_career__candidates_rank_the_eligible_first(void **state)
{
    (void)state;
    char target[200];
    snprintf(target, sizeof target, "/api/v1/careers/candidates?move=%s&org_unit_id=3", move_id);
    kt_resp r = kt_call(&admin, "GET", target, NULL);
    assert_int_equal(r.status, 200);
    json_t *items = json_object_get(r.json, "items");
    assert_int_equal(json_array_size(items), 2);
    json_t *first = json_array_get(items, 0), *second = json_array_get(items, 1);
    assert_int_equal(json_integer_value(json_object_get(first, "person_id")), 1);
    assert_true(json_is_true(json_object_get(first, "eligible")));
    assert_int_equal(json_integer_value(json_object_get(second, "person_id")), 2);
    assert_false(json_is_true(json_object_get(second, "eligible")));
    kt_resp_free(&r);
}

static void test_career__an_ineligible_move_changes_nothing(void **state)
{
    (void)state;
    kt_resp r = kt_callf(&admin, "POST", "/api/v1/people/2/moves", "{s:s,s:i,s:s}", "move", move_id,
                         "position_id", 3, "date", "2026-07-01");
    assert_int_equal(r.status, 409);
    kt_resp_free(&r);
    r = kt_call(&admin, "GET", "/api/v1/careers/replacements", NULL);
    assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0);
    kt_resp_free(&r);
    r = kt_call(&admin, "GET", "/api/v1/people/2/moves", NULL);
    assert_int_equal(r.status, 200);
    assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0);
    kt_resp_free(&r);
}

static void test_career__recording_ends_the_old_post_as_a_promotion(void **state)
{
    (void)state;
    kt_resp r = kt_callf(&admin, "POST", "/api/v1/people/1/moves", "{s:s,s:i,s:s}", "move", move_id,
                         "position_id", 3, "date", "2026-07-01");
    if (r.status != 201) fail_msg("%d %s", r.status, kt_error(&r));
    json_t *ended = json_object_get(r.json, "ended"), *started = json_object_get(r.json, "started");
    assert_string_equal(json_string_value(json_object_get(ended, "end_reason")), "promotion");
    assert_int_equal(json_integer_value(json_object_get(ended, "position_id")), 1);
    assert_int_equal(json_integer_value(json_object_get(started, "position_id")), 3);
    assert_string_equal(json_string_value(json_object_get(started, "start_date")), "2026-07-01");
    kt_resp_free(&r);

    /* the old post now awaits a trained replacement; the new one is no longer vacant */
    r = kt_call(&admin, "GET", "/api/v1/careers/replacements", NULL);
    assert_int_equal(r.status, 200);
    json_t *items = json_object_get(r.json, "items");
    assert_int_equal(json_array_size(items), 1);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 0), "position_id")),
                     1);
    kt_resp_free(&r);
    r = kt_callf(&admin, "POST", "/api/v1/people/1/moves", "{s:s,s:i,s:s}", "move", move_id,
                 "position_id", 3, "date", "2026-08-01");
    assert_int_equal(r.status, 422); /* no swa post left to move from: said so, not done twice */
    assert_non_null(strstr(kt_error(&r), "holds no current Social welfare assistant post"));
    kt_resp_free(&r);
    r = kt_call(&admin, "GET", "/api/v1/people/1/moves", NULL);
    assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
    kt_resp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_career__lattice_has_the_move),
        cmocka_unit_test(test_career__options_say_what_is_missing),
        cmocka_unit_test(test_career__candidates_rank_the_eligible_first),
        cmocka_unit_test(test_career__an_ineligible_move_changes_nothing),
        cmocka_unit_test(test_career__recording_ends_the_old_post_as_a_promotion),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
