/* The registry's domain rules through the catalogue interface the Lua runtime will
 * implement (custom fields, validate hooks, cadres), and the search's use of indexes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domain/catalogue.h"
#include "domain/export.h"
#include "domain/import.h"
#include "domain/registry.h"
#include "fixture.h"
#include "store/db.h"
#include "store/internal.h"
#include "store/migrate.h"
#include "store/organisation.h"
#include "store/orgunit.h"
#include "store/registry.h"
#include "util/error.h"

static char dir[] = "/tmp/kazi-test-registry-XXXXXX";
static kazi_db *db;
static int64_t village, organisation;
static const kazi_caller national = {.name = "unit-test", .personal_data = 1};

/* ---- a fake configuration ------------------------------------------------------------ */

static int fake_cadre_exists(void *ctx, const char *cadre)
{
    (void)ctx;
    return !strcmp(cadre, "community_worker") ? KAZI_OK : KAZI_ENOTFOUND;
}

static int fake_level_exists(void *ctx, const char *level)
{
    (void)ctx;
    return !strcmp(level, "kijiji") ? KAZI_OK : KAZI_ENOTFOUND;
}

static int fake_list(void *ctx, json_t **out)
{
    (void)ctx;
    *out = json_array();
    return KAZI_OK;
}

static int fake_fields(void *ctx, const char *entity, json_t **out)
{
    (void)ctx;
    if (strcmp(entity, KAZI_ENTITY_PERSON)) {
        *out = json_array();
        return KAZI_OK;
    }
    *out = json_pack("[{s:s,s:s,s:b},{s:s,s:s,s:[s,s,{s:s,s:{s:s,s:s}}]},{s:s,s:s}]", "name",
                     "ward_committee_member", "type", "boolean", "required", 1, "name", "psw_level",
                     "type", "enum", "options", "1", "2", "id", "4", "label", "en", "Four", "ny",
                     "Zinayi", "name", "certified_on", "type", "date");
    return KAZI_OK;
}

static int validate_calls;

/* The configuration's person.validate hook: phone numbers must not start with +999
 * (the hook sees the stored form, spaces taken out). */
static int fake_validate(void *ctx, const char *entity, const json_t *record)
{
    (void)ctx;
    validate_calls++;
    if (!strcmp(entity, KAZI_ENTITY_PERSON)) {
        const char *phone = json_string_value(json_object_get(record, "phone"));
        if (phone && !strncmp(phone, "+999", 4))
            return kazi_error_set(KAZI_EINVALID, "phone", "phone: not a Tanzanian number");
    }
    return KAZI_OK;
}

static const kazi_registry_catalogue fake = {
    NULL,      fake_cadre_exists, fake_level_exists, fake_list,
    fake_list, fake_fields,       fake_validate,     NULL,
};

/* ---- fixtures ------------------------------------------------------------------------- */

/* A new register in `where` (a mkdtemp template) with the country and village V1. */
static int open_register(kazi_db **out, char *where)
{
    if (kt_db_create(out, where) < 0) return -1;
    return kt_db_places(*out, &village, &organisation);
}

static int setup(void **state)
{
    (void)state;
    return open_register(&db, dir);
}

static int teardown(void **state)
{
    (void)state;
    return kt_db_destroy(db, dir);
}

static json_t *person(const char *custom_json)
{
    json_t *p = json_pack("{s:s,s:s,s:I}", "given_name", "Asha", "family_name", "Mrema",
                          "residence_org_unit_id", (json_int_t)village);
    if (custom_json) json_object_set_new(p, "custom", json_loads(custom_json, 0, NULL));
    return p;
}

static void expect_invalid(json_t *in, const char *field)
{
    json_t *out = NULL;
    int rc = kazi_registry_person_create(&out, db, &national, in);
    json_decref(in);
    assert_int_equal(rc, KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, field);
    assert_null(out);
}

/* ---- tests ---------------------------------------------------------------------------- */

static void test_registry__required_custom_field_is_named(void **state)
{
    (void)state;
    kazi_registry_set_catalogue(&fake);
    int64_t before, after;
    assert_int_equal(kazi_store_registry_count(&before, db, "person"), KAZI_OK);
    expect_invalid(person(NULL), "custom.ward_committee_member");
    expect_invalid(person("{\"ward_committee_member\": \"yes\"}"), "custom.ward_committee_member");
    expect_invalid(person("{\"ward_committee_member\": true, \"psw_level\": \"3\"}"),
                   "custom.psw_level");
    expect_invalid(person("{\"ward_committee_member\": true, \"certified_on\": \"2020-13-01\"}"),
                   "custom.certified_on");
    expect_invalid(person("{\"ward_committee_member\": true, \"shoe_size\": 41}"), "custom");
    assert_int_equal(kazi_store_registry_count(&after, db, "person"), KAZI_OK);
    assert_int_equal(before, after);
    kazi_registry_set_catalogue(NULL);
}

/* An option written with labels ({id, label}) is chosen by its id, as the configuration's
 * own check (lua/runtime.c) takes it: one option check (issue 15). */
static void test_registry__labelled_option_is_taken_by_its_id(void **state)
{
    (void)state;
    kazi_registry_set_catalogue(&fake);
    json_t *in = person("{\"ward_committee_member\": true, \"psw_level\": \"4\"}"), *out;
    assert_int_equal(kazi_registry_person_create(&out, db, &national, in), KAZI_OK);
    json_decref(in);
    json_decref(out);
    expect_invalid(person("{\"ward_committee_member\": true, \"psw_level\": \"Four\"}"),
                   "custom.psw_level");
    kazi_registry_set_catalogue(NULL);
}

static void test_registry__valid_custom_fields_are_stored(void **state)
{
    (void)state;
    kazi_registry_set_catalogue(&fake);
    json_t *in = person("{\"ward_committee_member\": true, \"psw_level\": \"2\"}"), *out;
    assert_int_equal(kazi_registry_person_create(&out, db, &national, in), KAZI_OK);
    assert_true(
        json_is_true(json_object_get(json_object_get(out, "custom"), "ward_committee_member")));
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(out, "custom"), "psw_level")), "2");
    json_decref(in);
    json_decref(out);
    kazi_registry_set_catalogue(NULL);
}

static void test_registry__validate_hook_runs_and_names_its_field(void **state)
{
    (void)state;
    kazi_registry_set_catalogue(&fake);
    validate_calls = 0;
    json_t *in = person("{\"ward_committee_member\": false}");
    json_object_set_new(in, "phone", json_string("+999 123 456"));
    expect_invalid(in, "phone");
    assert_true(validate_calls > 0);
    kazi_registry_set_catalogue(NULL);
}

static void test_registry__default_catalogue_has_no_custom_fields(void **state)
{
    (void)state;
    kazi_registry_set_catalogue(NULL);
    expect_invalid(person("{\"ward_committee_member\": true}"), "custom");
    json_t *in = person(NULL), *out;
    assert_int_equal(kazi_registry_person_create(&out, db, &national, in), KAZI_OK);
    json_decref(in);
    json_decref(out);
}

static void test_registry__positions_take_cadres_from_the_catalogue(void **state)
{
    (void)state;
    kazi_registry_set_catalogue(&fake);
    json_t *in =
        json_pack("{s:s,s:I,s:I,s:s,s:s}", "title", "CW", "org_unit_id", (json_int_t)village,
                  "organisation_id", (json_int_t)organisation, "cadre", "psw", "level", "kijiji");
    json_t *out = NULL;
    assert_int_equal(kazi_registry_position_create(&out, db, &national, in), KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "cadre");
    json_object_set_new(in, "cadre", json_string("community_worker"));
    assert_int_equal(kazi_registry_position_create(&out, db, &national, in), KAZI_OK);
    json_decref(out);
    kazi_registry_set_catalogue(NULL);
    assert_int_equal(kazi_registry_position_create(&out, db, &national, in), KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "cadre");
    json_decref(in);
}

static void test_registry__people_template_lists_custom_fields(void **state)
{
    (void)state;
    char *csv;
    size_t len;
    kazi_registry_set_catalogue(&fake);
    assert_int_equal(kazi_import_template(&csv, &len, NULL, NULL, KAZI_IMPORT_PEOPLE), KAZI_OK);
    assert_non_null(strstr(csv, "residence_code"));
    assert_non_null(
        strstr(csv, ",custom.ward_committee_member,custom.psw_level,custom.certified_on\r\n"));
    free(csv);
    kazi_registry_set_catalogue(NULL);
    assert_int_equal(kazi_import_template(&csv, &len, NULL, NULL, KAZI_IMPORT_PEOPLE), KAZI_OK);
    assert_null(strstr(csv, "custom."));
    free(csv);
}

static void test_registry__import_checks_custom_fields_by_column(void **state)
{
    (void)state;
    kazi_registry_set_catalogue(&fake);
    static const char csv[] = "given_name,family_name,residence_code,custom.ward_committee_member,"
                              "custom.psw_level\nA,B,V1,yes,2\nC,D,V1,,1\nE,F,V1,maybe,1\n";
    kazi_import_opts o = {.kind = KAZI_IMPORT_PEOPLE};
    kazi_import_result r;
    int64_t before, after;
    assert_int_equal(kazi_store_registry_count(&before, db, "person"), KAZI_OK);
    assert_int_equal(kazi_import_run(&r, db, &national, &o, csv, sizeof csv - 1), KAZI_EINVALID);
    assert_int_equal(json_array_size(r.errors), 2);
    json_t *e = json_array_get(r.errors, 0);
    assert_int_equal(json_integer_value(json_object_get(e, "row")), 3);
    assert_string_equal(json_string_value(json_object_get(e, "field")),
                        "custom.ward_committee_member");
    e = json_array_get(r.errors, 1);
    assert_int_equal(json_integer_value(json_object_get(e, "row")), 4);
    assert_int_equal(json_integer_value(json_object_get(e, "column")), 4);
    kazi_import_result_free(&r);
    assert_int_equal(kazi_store_registry_count(&after, db, "person"), KAZI_OK);
    assert_int_equal(before, after);
    kazi_registry_set_catalogue(NULL);
}

static int plan_uses(const json_t *plan, const char *index)
{
    size_t i;
    json_t *row;
    json_array_foreach(plan, i, row)
    {
        const char *d = json_string_value(row);
        if (strstr(d, "SCAN person") && !strstr(d, "USING")) return 0; /* full table scan */
    }
    json_array_foreach(plan, i, row) if (strstr(json_string_value(row), index)) return 1;
    return 0;
}

static void test_registry__search_uses_an_index(void **state)
{
    (void)state;
    json_t *plan;
    char scope_hi[KAZI_PATH_MAX];
    kazi_orgunit v;
    assert_int_equal(kazi_orgunit_get(&v, db, village), KAZI_OK);
    kazi_store_subtree_end(scope_hi, v.path);

    kazi_person_query q = {.q = "mrem", .limit = 50};
    assert_int_equal(kazi_store_person_search_plan(&plan, db, &q), KAZI_OK);
    assert_true(plan_uses(plan, "INDEX person_name"));
    assert_true(plan_uses(plan, "INDEX person_given"));
    json_decref(plan);

    kazi_person_query scoped = {.scope_lo = v.path, .scope_hi = scope_hi, .limit = 50};
    assert_int_equal(kazi_store_person_search_plan(&plan, db, &scoped), KAZI_OK);
    assert_true(plan_uses(plan, "INDEX person_scope"));
    json_decref(plan);

    kazi_person_query page = {.after = 5, .limit = 50};
    assert_int_equal(kazi_store_person_search_plan(&plan, db, &page), KAZI_OK);
    assert_true(plan_uses(plan, "INDEX person_name"));
    json_decref(plan);

    kazi_person_query ident = {.identifier = "X-1", .limit = 50};
    assert_int_equal(kazi_store_person_search_plan(&plan, db, &ident), KAZI_OK);
    assert_true(plan_uses(plan, "person_identifier_value"));
    json_decref(plan);
}

/* No full scan of person, no sort: the plan reads rows in the page's order. */
static void assert_plan_bounded(const kazi_person_query *q, const char *index)
{
    json_t *plan;
    assert_int_equal(kazi_store_person_search_plan(&plan, db, q), KAZI_OK);
    size_t i;
    json_t *row;
    json_array_foreach(plan, i, row)
    {
        const char *d = json_string_value(row);
        if (strstr(d, "TEMP B-TREE") || (strstr(d, "SCAN") && !strstr(d, "USING"))) {
            char *text = json_dumps(plan, 0);
            fail_msg("an unbounded plan for status=%s sex=%s place=%lld after=%lld: %s",
                     q->status ? q->status : "-", q->sex ? q->sex : "-", (long long)q->place,
                     (long long)q->after, text);
        }
    }
    if (!plan_uses(plan, index)) {
        char *text = json_dumps(plan, 0);
        fail_msg("the plan does not use %s: %s", index, text);
    }
    json_decref(plan);
}

/* Every combination of the place (org_unit filter or scope unit), status, sex and page
 * cursor pages through an index in name order: the rows read are bounded by the page,
 * whatever the register's size. */
static void test_registry__filtered_search_plans_are_bounded_by_the_page(void **state)
{
    (void)state;
    const char *statuses[] = {NULL, "active", "inactive"};
    const char *sexes[] = {NULL, "female", "male"};
    const int64_t places[] = {0, village};
    const int64_t afters[] = {0, 5};
    for (size_t p = 0; p < 2; p++)
        for (size_t st = 0; st < 3; st++)
            for (size_t sx = 0; sx < 3; sx++)
                for (size_t a = 0; a < 2; a++) {
                    kazi_person_query q = {.status = statuses[st],
                                           .sex = sexes[sx],
                                           .place = places[p],
                                           .after = afters[a],
                                           .limit = 50};
                    assert_plan_bounded(&q, places[p] ? "SEARCH pp USING PRIMARY KEY (org_unit_id=?"
                                                      : "INDEX person_name");
                }
}

/* The count of matches the brute-force way, to check the search's total against. */
static int64_t count_where(const char *where)
{
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM person WHERE %s", where);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db->h, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

static int64_t search_total(int64_t org_unit, const char *status, const char *sex)
{
    kazi_person_query q = {.status = status, .sex = sex, .limit = 50};
    json_t *page;
    assert_int_equal(kazi_registry_person_search(&page, db, &national, &q, org_unit), KAZI_OK);
    int64_t n = json_integer_value(json_object_get(page, "total"));
    json_decref(page);
    return n;
}

/* Totals come from per-unit counts kept by triggers: they stay equal to the rows
 * through creations, status changes and moves. */
static void test_registry__search_totals_follow_every_change(void **state)
{
    (void)state;
    int64_t ids[6];
    for (int i = 0; i < 6; i++) {
        json_t *in = person(NULL), *out;
        json_object_set_new(in, "given_name", json_sprintf("Count%d", i));
        json_object_set_new(in, "sex", json_string(i % 2 ? "male" : "female"));
        assert_int_equal(kazi_registry_person_create(&out, db, &national, in), KAZI_OK);
        ids[i] = json_integer_value(json_object_get(out, "id"));
        json_decref(in);
        json_decref(out);
    }
    json_t *why = json_pack("{s:s}", "reason", "left the service"), *out;
    assert_int_equal(kazi_registry_person_deactivate(&out, db, &national, ids[0], why), KAZI_OK);
    json_decref(out);
    json_decref(why);
    /* a move: the person's residence is the country itself, then back */
    assert_int_equal(sqlite3_exec(db->h,
                                  "UPDATE person SET org_path = (SELECT path FROM org_unit WHERE "
                                  "parent_id IS NULL) WHERE given_name = 'Count3'",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    char path[KAZI_PATH_MAX], where[300];
    assert_int_equal(kazi_store_org_unit_path(path, db, village, "org_unit"), KAZI_OK);
    const char *statuses[] = {NULL, "active", "inactive"};
    const char *sexes[] = {NULL, "female", "male"};
    for (int round = 0; round < 2; round++) {
        for (size_t st = 0; st < 3; st++)
            for (size_t sx = 0; sx < 3; sx++) {
                int w = snprintf(where, sizeof where, "org_path = '%s' AND %s%s%s AND %s%s%s", path,
                                 statuses[st] ? "status = '" : "status <> 'merged'",
                                 statuses[st] ? statuses[st] : "", statuses[st] ? "'" : "",
                                 sexes[sx] ? "sex = '" : "1", sexes[sx] ? sexes[sx] : "",
                                 sexes[sx] ? "'" : "");
                assert_true(w < (int)sizeof where);
                assert_int_equal(search_total(village, statuses[st], sexes[sx]),
                                 count_where(where));
                assert_int_equal(
                    search_total(0, statuses[st], sexes[sx]),
                    count_where(where + strlen("org_path = '") + strlen(path) + strlen("' AND ")));
            }
        assert_true(snprintf(where, sizeof where,
                             "UPDATE person SET org_path = '%s' WHERE given_name = 'Count3'",
                             path) < (int)sizeof where);
        assert_int_equal(sqlite3_exec(db->h, where, NULL, NULL, NULL), SQLITE_OK);
    }
}

/* A file of `n` people in village V1 with identifiers prefix-0..n-1. */
static char *people_csv(size_t *len, int n, const char *prefix)
{
    size_t cap = (size_t)n * 80 + 100;
    char *csv = malloc(cap);
    size_t k = (size_t)snprintf(csv, cap,
                                "given_name,family_name,birth_date,residence_code,"
                                "identifier.national_id\n");
    for (int i = 0; i < n; i++)
        k += (size_t)snprintf(csv + k, cap - k, "Bulk%d,%s,1985-01-01,V1,%s-%d\n", i, prefix,
                              prefix, i);
    *len = k;
    return csv;
}

static void test_registry__bulk_import_rebuilds_indexes_and_is_idempotent(void **state)
{
    (void)state;
    /* An empty register of its own: the indexes are dropped for the load. */
    char where[] = "/tmp/kazi-test-registry-bulk-XXXXXX";
    kazi_db *shared = db;
    int64_t shared_village = village, shared_organisation = organisation;
    assert_int_equal(open_register(&db, where), 0);
    size_t len;
    char *csv = people_csv(&len, 6000, "BULKIDX"); /* above the re-indexing threshold */
    kazi_import_opts o = {.kind = KAZI_IMPORT_PEOPLE};
    kazi_import_result r;
    int64_t before, after, audits, audits_after;
    assert_int_equal(kazi_store_registry_count(&before, db, "person"), KAZI_OK);
    assert_int_equal(kazi_store_registry_count(&audits, db, "audit"), KAZI_OK);

    /* A bad last row: nothing is kept, the dropped indexes come back with the rollback. */
    char *bad = malloc(len + 64);
    memcpy(bad, csv, len);
    size_t blen = len + (size_t)snprintf(bad + len, 64, "Late,Bad,1985-13-01,V1,BULKIDX-X\n");
    assert_int_equal(kazi_import_run(&r, db, &national, &o, bad, blen), KAZI_EINVALID);
    assert_int_equal(r.rejected, 1);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(r.errors, 0), "row")), 6002);
    kazi_import_result_free(&r);
    free(bad);
    assert_int_equal(kazi_store_registry_count(&after, db, "person"), KAZI_OK);
    assert_int_equal(after, before);
    json_t *plan;
    kazi_person_query q = {.q = "bulkidx", .limit = 50};
    assert_int_equal(kazi_store_person_search_plan(&plan, db, &q), KAZI_OK);
    assert_true(plan_uses(plan, "INDEX person_name"));
    json_decref(plan);

    assert_int_equal(kazi_import_run(&r, db, &national, &o, csv, len), KAZI_OK);
    assert_int_equal(r.created, 6000);
    kazi_import_result_free(&r);
    assert_int_equal(kazi_store_registry_count(&after, db, "person"), KAZI_OK);
    assert_int_equal(after, before + 6000);
    assert_int_equal(kazi_store_registry_count(&audits_after, db, "audit"), KAZI_OK);
    assert_int_equal(audits_after, audits + 1); /* one audit row for the file */

    /* The indexes dropped for the load are back. */
    assert_int_equal(kazi_store_person_search_plan(&plan, db, &q), KAZI_OK);
    assert_true(plan_uses(plan, "INDEX person_name"));
    json_decref(plan);
    kazi_person_query ident = {.identifier = "BULKIDX-5999", .limit = 50};
    assert_int_equal(kazi_store_person_search_plan(&plan, db, &ident), KAZI_OK);
    assert_true(plan_uses(plan, "person_identifier_value"));
    json_decref(plan);

    /* Again: every row is already there, nothing is written, not even an audit row. */
    assert_int_equal(kazi_import_run(&r, db, &national, &o, csv, len), KAZI_OK);
    assert_int_equal(r.existing, 6000);
    assert_int_equal(r.created, 0);
    kazi_import_result_free(&r);
    assert_int_equal(kazi_store_registry_count(&after, db, "person"), KAZI_OK);
    assert_int_equal(after, before + 6000);
    assert_int_equal(kazi_store_registry_count(&audits_after, db, "audit"), KAZI_OK);
    assert_int_equal(audits_after, audits + 1);
    /* person_place was rebuilt in one pass and its triggers are back: totals match the
     * rows, and go on following new people. */
    char vpath[KAZI_PATH_MAX], vwhere[KAZI_PATH_MAX + 64];
    assert_int_equal(kazi_store_org_unit_path(vpath, db, village, "org_unit"), KAZI_OK);
    snprintf(vwhere, sizeof vwhere, "org_path = '%s' AND status <> 'merged'", vpath);
    assert_int_equal(search_total(village, NULL, NULL), count_where(vwhere));
    json_t *one = person(NULL), *made;
    assert_int_equal(kazi_registry_person_create(&made, db, &national, one), KAZI_OK);
    json_decref(one);
    json_decref(made);
    assert_int_equal(search_total(village, NULL, NULL), count_where(vwhere));

    free(csv);
    kazi_db_close(db);
    db = shared;
    village = shared_village;
    organisation = shared_organisation;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", where);
    assert_int_equal(system(cmd), 0);
}

/* A row that repeats an earlier one more than a batch later is the same person again,
 * whether or not the earlier rows were written (a failed row stops writing, not
 * checking): only the bad row is reported. */
static void test_registry__bulk_import_recognises_rows_batches_apart(void **state)
{
    (void)state;
    size_t cap = 200000, len = 0;
    char *csv = malloc(cap);
    len += (size_t)snprintf(csv + len, cap - len,
                            "given_name,family_name,birth_date,residence_code,"
                            "identifier.national_id\nBad,Date,1985-02-30,V1,APART-BAD\n");
    for (int i = 0; i < 1500; i++)
        len +=
            (size_t)snprintf(csv + len, cap - len, "Apart%d,Rows,1985-01-01,V1,APART-%d\n", i, i);
    len += (size_t)snprintf(csv + len, cap - len, "Apart0,Rows,1985-01-01,V1,APART-0\n");
    kazi_import_result r;
    kazi_import_opts all = {.kind = KAZI_IMPORT_PEOPLE},
                     part = {.kind = KAZI_IMPORT_PEOPLE, .partial = 1};
    assert_int_equal(kazi_import_run(&r, db, &national, &all, csv, len), KAZI_EINVALID);
    assert_int_equal(r.rejected, 1);
    assert_int_equal(json_array_size(r.errors), 1);
    kazi_import_result_free(&r);
    assert_int_equal(kazi_import_run(&r, db, &national, &part, csv, len), KAZI_OK);
    assert_int_equal(r.rejected, 1);
    assert_int_equal(r.created, 1500);
    assert_int_equal(r.existing, 1);
    kazi_import_result_free(&r);
    free(csv);
}

typedef struct pieces {
    size_t n, max, total;
} pieces;

static int count_piece(void *ctx, const char *buf, size_t len)
{
    (void)buf;
    pieces *p = ctx;
    p->n++;
    p->total += len;
    if (len > p->max) p->max = len;
    return KAZI_OK;
}

/* Memory of an export does not grow with the rows: it reaches the sink in pieces of
 * about 64 KiB whatever the size of the register, and the pieces add up to the whole. */
static void test_registry__export_streams_in_bounded_pieces(void **state)
{
    (void)state;
    size_t len;
    char *csv = people_csv(&len, 3000, "STREAMX");
    kazi_import_opts o = {.kind = KAZI_IMPORT_PEOPLE};
    kazi_import_result r;
    assert_int_equal(kazi_import_run(&r, db, &national, &o, csv, len), KAZI_OK);
    kazi_import_result_free(&r);
    free(csv);
    for (int f = 0; f < 2; f++) {
        kazi_export_format fmt = f ? KAZI_EXPORT_JSON : KAZI_EXPORT_CSV;
        pieces small = {0}, large = {0};
        kazi_orgunit v;
        char hi[KAZI_PATH_MAX];
        assert_int_equal(kazi_orgunit_get(&v, db, village), KAZI_OK);
        kazi_store_subtree_end(hi, v.path);
        assert_int_equal(kazi_export_stream(db, &national, KAZI_IMPORT_PEOPLE, fmt, v.path, hi,
                                            count_piece, &large),
                         KAZI_OK);
        /* (CSV rows are the import's columns, about 70 bytes each.) */
        assert_true(large.total > 2 * 65536);
        assert_true(large.n >= 3);
        assert_true(large.max < 65536 + 8192);
        char *whole;
        size_t wlen;
        assert_int_equal(
            kazi_export_run(&whole, &wlen, db, &national, KAZI_IMPORT_PEOPLE, fmt, v.path, hi),
            KAZI_OK);
        assert_int_equal(wlen, large.total);
        if (fmt == KAZI_EXPORT_JSON) {
            json_t *doc = json_loadb(whole, wlen, 0, NULL);
            assert_non_null(doc);
            assert_true(json_array_size(doc) >= 3000);
            json_decref(doc);
        }
        free(whole);
        /* A small extract needs no larger piece than a big one. */
        assert_int_equal(kazi_export_stream(db, &national, KAZI_IMPORT_POSITIONS, fmt, NULL, NULL,
                                            count_piece, &small),
                         KAZI_OK);
        assert_true(small.max <= large.max);
    }
}

/* Actions on a record named by the path take the body and check scope first: for a
 * record outside the caller's scope, an empty body answers 404 exactly like an absent
 * record (the domain used to read the fields first — reason, duplicate_id, end_date —
 * and the handler had to make a second call to hide that). Inside, the fields are
 * checked and named. */
/* The record a call that must succeed wrote to *out. A pointer, not the value: the
 * order in which a call's arguments are read is unspecified, and an optimised build
 * read `out` before the call had written it. */
static json_t *made(int rc, json_t **out)
{
    assert_int_equal(rc, KAZI_OK);
    return *out;
}

/* A village `code` under the country, outside the fixture village's scope. */
static kazi_orgunit another_village(const char *code, const char *name)
{
    kazi_orgunit country, v = {.depth = 1};
    assert_int_equal(kazi_orgunit_get_by_code(&country, db, "TZ"), KAZI_OK);
    snprintf(v.code, sizeof v.code, "%s", code);
    snprintf(v.name, sizeof v.name, "%s", name);
    strcpy(v.level_id, "village");
    assert_int_equal(kazi_db_begin(db), KAZI_OK);
    assert_int_equal(kazi_db_end(db, kazi_orgunit_insert(&v, db, &country)), KAZI_OK);
    return v;
}

/* A district HR officer whose scope is the fixture's village, scope loaded. */
static kazi_caller village_officer(void)
{
    kazi_caller local = {.kind = KAZI_CALLER_USER,
                         .name = "local",
                         .role = "district_hr_officer",
                         .scope_org_unit_id = village,
                         .personal_data = 1};
    assert_int_equal(kazi_caller_load_scope(&local, db), KAZI_OK);
    return local;
}

static void test_registry__actions_check_scope_before_the_body(void **state)
{
    (void)state;
    kazi_orgunit v2 = another_village("V2-ACT", "Elsewhere");
    kazi_caller local = village_officer();

    json_t *out, *in = person(NULL);
    json_object_set_new(in, "residence_org_unit_id", json_integer(v2.id));
    json_t *far = made(kazi_registry_person_create(&out, db, &national, in), &out);
    json_decref(in);
    in = json_pack("{s:s,s:I,s:I,s:s}", "title", "Far post", "org_unit_id", (json_int_t)v2.id,
                   "organisation_id", (json_int_t)organisation, "cadre", "psw");
    json_t *post = made(kazi_registry_position_create(&out, db, &national, in), &out);
    json_decref(in);
    in = json_pack("{s:O,s:O,s:s,s:s}", "person_id", json_object_get(far, "id"), "position_id",
                   json_object_get(post, "id"), "start_date", "2020-01-01", "engagement",
                   "volunteer");
    json_t *asg = made(kazi_registry_assignment_create(&out, db, &national, in), &out);
    json_decref(in);
    int64_t pid = json_integer_value(json_object_get(far, "id"));
    int64_t aid = json_integer_value(json_object_get(asg, "id"));

    json_t *empty = json_object();
    assert_int_equal(kazi_registry_person_deactivate(&out, db, &local, pid, empty), KAZI_ENOTFOUND);
    assert_int_equal(kazi_registry_person_merge(&out, db, &local, pid, empty), KAZI_ENOTFOUND);
    assert_int_equal(kazi_registry_assignment_end(&out, db, &local, aid, empty), KAZI_ENOTFOUND);
    assert_int_equal(kazi_registry_person_deactivate(&out, db, &local, 999999, empty),
                     KAZI_ENOTFOUND);

    /* In scope (national): the fields are checked and named, then the change is made. */
    assert_int_equal(kazi_registry_person_deactivate(&out, db, &national, pid, empty),
                     KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "reason");
    assert_int_equal(kazi_registry_person_merge(&out, db, &national, pid, empty), KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "duplicate_id");
    assert_int_equal(kazi_registry_assignment_end(&out, db, &national, aid, empty), KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "end_date");
    in = json_pack("{s:s,s:s}", "end_date", "2021-06-30", "reason", "sacked");
    assert_int_equal(kazi_registry_assignment_end(&out, db, &national, aid, in), KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "reason");
    json_object_set_new(in, "reason", json_string("resignation"));
    json_t *ended = made(kazi_registry_assignment_end(&out, db, &national, aid, in), &out);
    assert_string_equal(json_string_value(json_object_get(ended, "end_date")), "2021-06-30");
    json_decref(in);
    in = json_pack("{s:s}", "reason", "moved away");
    json_t *gone = made(kazi_registry_person_deactivate(&out, db, &national, pid, in), &out);
    assert_string_equal(json_string_value(json_object_get(gone, "status")), "inactive");
    json_decref(in);
    json_decref(gone);
    json_decref(ended);
    json_decref(empty);
    json_decref(far);
    json_decref(post);
    json_decref(asg);
}

/* kazi_registry_person_text (GET /api/v1/people/{id}) is, byte for byte, the record
 * kazi_registry_person_get builds and the JSON dump writes: quotes, backslashes, line
 * breaks and non-ASCII letters escaped alike, identifiers and languages as arrays, the
 * duplicate flag hidden when it points outside the caller's scope, and absent outside
 * the scope. */
static void test_registry__person_text_is_the_record_the_tree_gives(void **state)
{
    (void)state;
    kazi_orgunit v2 = another_village("V2-TXT", "Far village");
    kazi_caller local = village_officer();
    json_t *out,
        *in = json_pack("{s:s,s:s,s:s,s:s,s:I,s:s,s:[s,s],s:[{s:s,s:s}]}", "given_name",
                        "Zawadi \"Zee\"", "family_name", "Mr\xc3\xa9ma\\Kweli", "birth_date",
                        "1990-01-01", "education", "Form 4\nDiploma\tteaching",
                        "residence_org_unit_id", (json_int_t)v2.id, "sex", "female", "languages",
                        "sw", "en", "identifiers", "type", "national_id", "value", "TXT-1");
    json_t *far = made(kazi_registry_person_create(&out, db, &national, in), &out);
    /* The same names and birth date in the caller's village: flagged as a likely
     * duplicate of the far one, which the local caller does not see. */
    json_object_set_new(in, "residence_org_unit_id", json_integer(village));
    json_object_del(in, "identifiers");
    json_t *near = made(kazi_registry_person_create(&out, db, &national, in), &out);
    json_decref(in);
    assert_true(json_is_integer(json_object_get(near, "review_duplicate_of")));
    int64_t ids[] = {json_integer_value(json_object_get(far, "id")),
                     json_integer_value(json_object_get(near, "id")), 999999};
    const kazi_caller *callers[] = {&national, &local};
    for (size_t c = 0; c < 2; c++) {
        for (size_t i = 0; i < 3; i++) {
            kazi_buf text = {0};
            json_t *tree = NULL;
            int rt = kazi_registry_person_text(&text, db, callers[c], ids[i]);
            int rj = kazi_registry_person_get(&tree, db, callers[c], ids[i]);
            assert_int_equal(rt, rj);
            if (rj == KAZI_OK) {
                char *dump = kazi_json_dump(tree);
                assert_string_equal(text.data, dump);
                free(dump);
            } else {
                assert_int_equal(rj, KAZI_ENOTFOUND);
                assert_string_equal(kazi_error_last()->field, "id");
            }
            json_decref(tree);
            free(text.data);
        }
    }
    /* What the local caller reads of the flagged one: the flag, not whom it points at. */
    kazi_buf text = {0};
    assert_int_equal(kazi_registry_person_text(&text, db, &local, ids[1]), KAZI_OK);
    assert_non_null(strstr(text.data, "\"review_duplicate_of\":null"));
    assert_non_null(strstr(text.data, "\"review_duplicate_outside\":true"));
    assert_non_null(strstr(text.data, "\"education\":\"Form 4\\nDiploma\\tteaching\""));
    free(text.data);
    json_decref(far);
    json_decref(near);
}

/* The statuses a search may filter by are the person table's, checked by the domain
 * (the API handler used to keep its own list): anything else is refused by name. */
/* The store's search with every filter it takes at once (the caller's scope, the unit
 * read from person_place, an org range, status, sex, identifier, name and cadre) on a page
 * after the first binds 17 values, each to its own "?" (store/sqlbuf). The builder
 * store/registry.c had before held 16: the 17th overwrote its count, the later values
 * were never bound, and such a page came back empty. */
static void test_registry__a_page_with_every_filter_finds_its_person(void **state)
{
    (void)state;
    json_t *out,
        *in = json_pack("{s:s,s:s,s:I,s:s}", "given_name", "Abeid", "family_name", "Aaberg",
                        "residence_org_unit_id", (json_int_t)village, "sex", "female");
    json_t *before = made(kazi_registry_person_create(&out, db, &national, in), &out);
    json_decref(in);
    in = json_pack("{s:s,s:s,s:I,s:s,s:[{s:s,s:s}]}", "given_name", "Zuhura", "family_name",
                   "Zanzibari", "residence_org_unit_id", (json_int_t)village, "sex", "female",
                   "identifiers", "type", "national_id", "value", "EVERY-17");
    json_t *match = made(kazi_registry_person_create(&out, db, &national, in), &out);
    json_decref(in);
    in =
        json_pack("{s:s,s:I,s:I,s:s}", "title", "Every filter post", "org_unit_id",
                  (json_int_t)village, "organisation_id", (json_int_t)organisation, "cadre", "psw");
    json_t *post = made(kazi_registry_position_create(&out, db, &national, in), &out);
    json_decref(in);
    in = json_pack("{s:O,s:O,s:s,s:s}", "person_id", json_object_get(match, "id"), "position_id",
                   json_object_get(post, "id"), "start_date", "2020-01-01", "engagement",
                   "volunteer");
    json_decref(made(kazi_registry_assignment_create(&out, db, &national, in), &out));
    json_decref(in);

    kazi_person_query q = {.q = "zanzibari",
                           .identifier = "EVERY-17",
                           .cadre = "psw",
                           .status = "active",
                           .sex = "female",
                           .after = json_integer_value(json_object_get(before, "id")),
                           .limit = 10};
    char path[KAZI_PATH_MAX], end[KAZI_PATH_MAX + 8];
    assert_int_equal(kazi_store_org_unit_path(path, db, village, "org_unit"), KAZI_OK);
    snprintf(end, sizeof end, "%s\xf4\x8f\xbf\xbf", path);
    q.place = village;
    q.scope_lo = q.org_lo = path;
    q.scope_hi = q.org_hi = end;
    json_t *page;
    assert_int_equal(kazi_store_person_search(&page, db, &q), KAZI_OK);
    const json_t *items = json_object_get(page, "items");
    if (json_array_size(items) != 1) {
        char *text = json_dumps(page, JSON_COMPACT);
        fail_msg("expected Zuhura Zanzibari alone: %s", text);
    }
    assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 0), "id")),
                     json_integer_value(json_object_get(match, "id")));
    json_decref(page);
    json_decref(before);
    json_decref(match);
    json_decref(post);
}

static void test_registry__search_refuses_an_undeclared_status(void **state)
{
    (void)state;
    json_t *out = NULL;
    kazi_person_query q = {.status = "retired", .limit = 10};
    assert_int_equal(kazi_registry_person_search(&out, db, &national, &q, 0), KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "status");
    assert_null(out);
    q.status = "deceased";
    assert_int_equal(kazi_registry_person_search(&out, db, &national, &q, 0), KAZI_OK);
    json_decref(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_registry__filtered_search_plans_are_bounded_by_the_page),
        cmocka_unit_test(test_registry__search_totals_follow_every_change),
        cmocka_unit_test(test_registry__required_custom_field_is_named),
        cmocka_unit_test(test_registry__labelled_option_is_taken_by_its_id),
        cmocka_unit_test(test_registry__valid_custom_fields_are_stored),
        cmocka_unit_test(test_registry__validate_hook_runs_and_names_its_field),
        cmocka_unit_test(test_registry__default_catalogue_has_no_custom_fields),
        cmocka_unit_test(test_registry__positions_take_cadres_from_the_catalogue),
        cmocka_unit_test(test_registry__search_uses_an_index),
        cmocka_unit_test(test_registry__people_template_lists_custom_fields),
        cmocka_unit_test(test_registry__import_checks_custom_fields_by_column),
        cmocka_unit_test(test_registry__bulk_import_rebuilds_indexes_and_is_idempotent),
        cmocka_unit_test(test_registry__bulk_import_recognises_rows_batches_apart),
        cmocka_unit_test(test_registry__export_streams_in_bounded_pieces),
        cmocka_unit_test(test_registry__actions_check_scope_before_the_body),
        cmocka_unit_test(test_registry__a_page_with_every_filter_finds_its_person),
        cmocka_unit_test(test_registry__search_refuses_an_undeclared_status),
        cmocka_unit_test(test_registry__person_text_is_the_record_the_tree_gives),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
