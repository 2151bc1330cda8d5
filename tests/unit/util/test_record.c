/* util/record: the compact read-only layout of dossiers. A value comes back from its
 * record exactly (types, order of members, text with NUL bytes and non-ASCII), the
 * members of each object or list lie side by side, and a member is found by its name
 * only (a prefix or a longer name is not it). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/record.h"

static const char doc[] =
    "{\"as_of\":\"2026-01-15\",\"person_id\":42,\"person\":{\"given_name\":\"Amina\","
    "\"sex\":\"female\",\"birth_date\":\"1990-04-12\"},\"fields\":{\"languages\":[\"sw\","
    "\"en\"],\"nida\":\"T\\u00e9\\u0000x\"},\"residence\":{\"org_unit_id\":null,\"org_unit\":"
    "\"/1/4/\"},\"assignments\":[],\"courses\":[{\"id\":\"psw-level-1\",\"hours\":12.5},{\"id\":"
    "\"psw-level-2\",\"done\":true,\"failed\":false}],\"credentials\":{},\"supervised_hours\":1.5,"
    "\"\":\"empty key\"}";

static void test_record__a_value_comes_back_exactly(void **state)
{
    (void)state;
    json_t *v = json_loads(doc, JSON_ALLOW_NUL, NULL);
    assert_non_null(v);
    kazi_record *r;
    assert_int_equal(kazi_record_from_json(&r, v), KAZI_OK);
    json_t *back = kazi_record_to_json(r, 0);
    assert_true(json_equal(v, back));
    /* members keep their order: the same text once dumped */
    char *a = json_dumps(v, JSON_COMPACT), *b = json_dumps(back, JSON_COMPACT);
    assert_string_equal(a, b);
    free(a);
    free(b);
    json_decref(back);
    json_decref(v);
    kazi_record_free(r);
    kazi_record_free(NULL);
}

static void test_record__members_lie_side_by_side_and_are_found_by_name(void **state)
{
    (void)state;
    json_t *v = json_loads(doc, JSON_ALLOW_NUL, NULL);
    kazi_record *r;
    assert_int_equal(kazi_record_from_json(&r, v), KAZI_OK);
    const kazi_rnode *root = &r->nodes[0];
    assert_int_equal(root->type, KAZI_RN_OBJECT);
    assert_int_equal(root->n, 10);
    assert_int_equal(root->v.at, 1); /* the root's members right after it */
    const kazi_rnode *courses = kazi_record_member(r, root, "courses", 7);
    assert_non_null(courses);
    assert_int_equal(courses->type, KAZI_RN_ARRAY);
    assert_int_equal(courses->n, 2);
    const kazi_rnode *c2 = &r->nodes[courses->v.at + 1];
    assert_int_equal(c2->type, KAZI_RN_OBJECT);
    const kazi_rnode *done = kazi_record_member(r, c2, "done", 4);
    assert_non_null(done);
    assert_int_equal(done->type, KAZI_RN_TRUE);
    assert_int_equal(kazi_record_member(r, c2, "failed", 6)->type, KAZI_RN_FALSE);
    const kazi_rnode *hours =
        kazi_record_member(r, &r->nodes[courses->v.at], "hours", 5); /* a real stays real */
    assert_int_equal(hours->type, KAZI_RN_REAL);
    assert_true(hours->v.d == 12.5);
    assert_int_equal(kazi_record_member(r, root, "person_id", 9)->v.i, 42);
    /* a prefix, a longer name and a name differing in its last byte are not members */
    assert_null(kazi_record_member(r, root, "course", 6));
    assert_null(kazi_record_member(r, root, "coursesx", 8));
    assert_null(kazi_record_member(r, root, "coursez", 7));
    assert_non_null(kazi_record_member(r, root, "", 0));
    /* text with a NUL byte keeps its length */
    const kazi_rnode *nida =
        kazi_record_member(r, kazi_record_member(r, root, "fields", 6), "nida", 4);
    assert_int_equal(nida->type, KAZI_RN_STRING);
    assert_int_equal(nida->n, 5);
    assert_memory_equal(r->text + nida->v.at, "T\xc3\xa9\0x", 5);
    assert_int_equal(
        kazi_record_member(r, kazi_record_member(r, root, "residence", 9), "org_unit_id", 11)->type,
        KAZI_RN_NULL);
    json_decref(v);
    kazi_record_free(r);
}

/* What domain/dossier does: write a record node by node, the writer reused. */
static void test_record__a_writer_builds_records_one_after_another(void **state)
{
    (void)state;
    kazi_record_writer w = {0};
    for (int round = 0; round < 3; round++) {
        uint32_t root = kazi_record_reserve(&w, 1);
        uint32_t m = kazi_record_put_container(&w, root, KAZI_RN_OBJECT, 3);
        kazi_record_put_key(&w, m, "id", 2);
        kazi_record_put_integer(&w, m++, round);
        kazi_record_put_key(&w, m, "list", 4);
        uint32_t l = kazi_record_put_container(&w, m++, KAZI_RN_ARRAY, 300);
        for (int i = 0; i < 300; i++) /* past the first buffers' sizes */
            kazi_record_put_string(&w, l + (uint32_t)i, "psw-level-1", 11);
        kazi_record_put_key(&w, m, "hours", 5);
        kazi_record_put_real(&w, m, 1.5);
        kazi_record *r;
        assert_int_equal(kazi_record_finish(&r, &w), KAZI_OK);
        json_t *j = kazi_record_to_json(r, 0);
        assert_int_equal(json_integer_value(json_object_get(j, "id")), round);
        assert_int_equal(json_array_size(json_object_get(j, "list")), 300);
        assert_string_equal(json_string_value(json_array_get(json_object_get(j, "list"), 299)),
                            "psw-level-1");
        assert_true(json_real_value(json_object_get(j, "hours")) == 1.5);
        json_decref(j);
        kazi_record_free(r);
    }
    kazi_record_writer_free(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_record__a_value_comes_back_exactly),
        cmocka_unit_test(test_record__members_lie_side_by_side_and_are_found_by_name),
        cmocka_unit_test(test_record__a_writer_builds_records_one_after_another),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
