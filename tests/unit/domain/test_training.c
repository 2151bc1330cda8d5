/* domain/training through its field tables (domain/schema_training.c): enrolments,
 * results and prior learning are checked by the one rule of each field kind (text
 * length in characters, control characters, dates that exist), a field the table does
 * not know is refused by name, nothing sent is dropped silently, and what comes back
 * is the table's allow-list. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/registry.h"
#include "domain/schema.h"
#include "domain/training.h"
#include "fixture.h"
#include "lua/runtime.h"
#include "store/db.h"
#include "util/error.h"

static char dir[] = "/tmp/kazi-test-training-XXXXXX";
static kazi_db *db;
static int64_t village, amina, baraka, event;
static kazi_lua_gen *gen;
static const kazi_caller national = {.name = "unit-test", .personal_data = 1};

static const char config[] = "kazi.course { id = 'intro', name = 'Intro', version = '2012', "
                             "hours = 10, outcomes = {} }\n";

static int64_t person(const char *given)
{
    json_t *in = json_pack("{s:s,s:s,s:I}", "given_name", given, "family_name", "Mushi",
                           "residence_org_unit_id", (json_int_t)village),
           *out;
    assert_int_equal(kazi_registry_person_create(&out, db, &national, in), KAZI_OK);
    int64_t id = json_integer_value(json_object_get(out, "id"));
    json_decref(in);
    json_decref(out);
    return id;
}

static int setup(void **state)
{
    (void)state;
    if (kt_db_create(&db, dir) < 0 || kt_db_places(db, &village, NULL) < 0) return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return kt_db_destroy(db, dir);
}

/* Every test starts with the course declared, two people and one event. */
static int each(void **state)
{
    (void)state;
    gen = kt_lua_gen1("training.lua", config, NULL);
    kazi_lua_activate(gen);
    amina = person("Amina");
    baraka = person("Baraka");
    json_t *in = json_pack("{s:s,s:I,s:s,s:s,s:i}", "course", "intro", "venue_org_unit_id",
                           (json_int_t)village, "start_date", "2026-03-02", "end_date",
                           "2026-03-06", "capacity", 10),
           *out;
    assert_int_equal(kazi_training_event_create(&out, db, &national, in), KAZI_OK);
    event = json_integer_value(json_object_get(out, "id"));
    json_decref(in);
    json_decref(out);
    return 0;
}

static int each_done(void **state)
{
    (void)state;
    kazi_lua_activate(NULL);
    kt_lua_release(gen);
    return 0;
}

/* The keys of `record` are all declared outputs of `entity`. */
static void only_declared(const char *entity, const json_t *record)
{
    const kazi_schema *s = kazi_schema_of(entity);
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)record, k, v)
    {
        const kazi_field *f = kazi_schema_field(s, k);
        if (!f || !(f->flags & KAZI_FIELD_OUTPUT))
            fail_msg("%s: undeclared output '%s'", entity, k);
    }
}

static int refused(int rc, const char *field)
{
    assert_int_equal(rc, KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, field);
    return 1;
}

static void test_training__enrol_refuses_unknown_and_unused_fields(void **state)
{
    (void)state;
    json_t *out = NULL, *in = json_pack("{s:I,s:b}", "person_id", (json_int_t)amina, "paid", 1);
    refused(kazi_training_enrol(&out, db, &national, event, in), "paid");
    json_decref(in);
    /* both forms at once: one of them would be ignored, so neither is taken */
    in = json_pack("{s:I,s:[I]}", "person_id", (json_int_t)amina, "person_ids", (json_int_t)baraka);
    refused(kazi_training_enrol(&out, db, &national, event, in), "person_ids");
    json_decref(in);
    in = json_pack("{s:[I,s]}", "person_ids", (json_int_t)amina, "two");
    refused(kazi_training_enrol(&out, db, &national, event, in), "person_ids");
    json_decref(in);
    in = json_object();
    refused(kazi_training_enrol(&out, db, &national, event, in), "person_id");
    json_decref(in);
    assert_int_equal(kazi_training_enrolments(&out, db, &national, event), KAZI_OK);
    assert_true(json_is_array(json_object_get(out, "items")));
    assert_int_equal(json_array_size(json_object_get(out, "items")), 0); /* nothing half-written */
    assert_true(json_is_object(json_object_get(out, "home_levels")));
    json_decref(out);

    in = json_pack("{s:[I,I]}", "person_ids", (json_int_t)amina, (json_int_t)baraka);
    assert_int_equal(kazi_training_enrol(&out, db, &national, event, in), KAZI_OK);
    json_t *items = json_object_get(out, "items");
    assert_int_equal(json_array_size(items), 2);
    only_declared("enrolment", json_array_get(items, 0));
    assert_true(json_is_false(json_object_get(json_array_get(items, 0), "travelled")));
    json_decref(in);
    json_decref(out);
    assert_int_equal(kazi_training_person_enrolments(&out, db, &national, amina), KAZI_OK);
    only_declared("enrolment", json_array_get(out, 0));
    assert_string_equal(json_string_value(json_object_get(json_array_get(out, 0), "course")),
                        "intro");
    json_decref(out);
}

static void test_training__result_follows_the_date_and_number_rules(void **state)
{
    (void)state;
    json_t *out = NULL, *in = json_pack("{s:I}", "person_id", (json_int_t)amina);
    assert_int_equal(kazi_training_enrol(&out, db, &national, event, in), KAZI_OK);
    json_decref(out);
    json_decref(in);
    /* 30 February does not exist: refused by name, never saved as no date */
    in = json_pack("{s:I,s:b,s:b,s:s}", "person_id", (json_int_t)amina, "attended", 1, "passed", 1,
                   "completion_date", "2026-02-30");
    refused(kazi_training_result(&out, db, &national, event, in), "completion_date");
    json_decref(in);
    /* a completion date without a pass would not be kept: refused, not dropped */
    in = json_pack("{s:I,s:b,s:b,s:s}", "person_id", (json_int_t)amina, "attended", 1, "passed", 0,
                   "completion_date", "2026-03-06");
    refused(kazi_training_result(&out, db, &national, event, in), "completion_date");
    json_decref(in);
    in = json_pack("{s:I,s:b,s:f}", "person_id", (json_int_t)amina, "attended", 1, "score", 100.5);
    refused(kazi_training_result(&out, db, &national, event, in), "score");
    json_decref(in);
    in = json_pack("{s:I,s:s}", "person_id", (json_int_t)amina, "attended", "yes");
    refused(kazi_training_result(&out, db, &national, event, in), "attended");
    json_decref(in);
    in = json_pack("{s:I,s:b,s:s}", "person_id", (json_int_t)amina, "attended", 1, "grade", "A");
    refused(kazi_training_result(&out, db, &national, event, in), "grade");
    json_decref(in);
    in = json_pack("{s:I,s:b,s:b,s:f,s:s}", "person_id", (json_int_t)amina, "attended", 1, "passed",
                   1, "score", 87.5, "completion_date", "2026-03-06");
    assert_int_equal(kazi_training_result(&out, db, &national, event, in), KAZI_OK);
    only_declared("enrolment", out);
    assert_string_equal(json_string_value(json_object_get(out, "completed_date")), "2026-03-06");
    assert_true(json_is_true(json_object_get(out, "passed")));
    json_decref(in);
    json_decref(out);
}

/* `n` copies of the two-byte character "é". */
static char *accented(size_t n)
{
    char *s = malloc(2 * n + 1);
    for (size_t i = 0; i < n; i++)
        memcpy(s + 2 * i, "\xc3\xa9", 2);
    s[2 * n] = 0;
    return s;
}

static json_t *prior_body(void)
{
    return json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "kind", "training", "what",
                     "MVC caregiver course", "evidence", "Certificate seen\nby the DSWO",
                     "approved_by", "DSWO Arusha", "approved_date", "2025-01-05",
                     "equivalent_course", "intro");
}

static void test_training__prior_learning_text_is_counted_in_characters(void **state)
{
    (void)state;
    json_t *out = NULL, *in = prior_body();
    /* 500 characters of two bytes each: within the limit of 500 characters */
    char *what = accented(500);
    json_object_set_new(in, "what", json_string(what));
    assert_int_equal(kazi_training_prior_add(&out, db, &national, amina, in), KAZI_OK);
    only_declared("prior_learning", out);
    assert_string_equal(json_string_value(json_object_get(out, "what")), what);
    assert_string_equal(json_string_value(json_object_get(out, "evidence")),
                        "Certificate seen\nby the DSWO");
    json_decref(out);
    free(what);
    what = accented(501);
    json_object_set_new(in, "what", json_string(what));
    refused(kazi_training_prior_add(&out, db, &national, amina, in), "what");
    free(what);
    json_decref(in);

    in = prior_body();
    json_object_set_new(in, "approved_by", json_string("DSWO\x01"));
    refused(kazi_training_prior_add(&out, db, &national, amina, in), "approved_by");
    json_object_set_new(in, "approved_by", json_string("DSWO\nArusha")); /* one line */
    refused(kazi_training_prior_add(&out, db, &national, amina, in), "approved_by");
    json_decref(in);
    in = prior_body();
    json_object_set_new(in, "approved_date", json_string("2025-02-29"));
    refused(kazi_training_prior_add(&out, db, &national, amina, in), "approved_date");
    json_object_set_new(in, "approved_date", json_string("2025-01-05"));
    json_object_set_new(in, "kind", json_string("hobby"));
    refused(kazi_training_prior_add(&out, db, &national, amina, in), "kind");
    json_object_set_new(in, "kind", json_string("training"));
    json_object_set_new(in, "credits", json_integer(3));
    refused(kazi_training_prior_add(&out, db, &national, amina, in), "credits");
    json_decref(in);
    assert_int_equal(kazi_training_prior_list(&out, db, &national, amina), KAZI_OK);
    assert_int_equal(json_array_size(out), 1); /* only the accepted one */
    only_declared("prior_learning", json_array_get(out, 0));
    json_decref(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_training__enrol_refuses_unknown_and_unused_fields,
                                        each, each_done),
        cmocka_unit_test_setup_teardown(test_training__result_follows_the_date_and_number_rules,
                                        each, each_done),
        cmocka_unit_test_setup_teardown(test_training__prior_learning_text_is_counted_in_characters,
                                        each, each_done),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
