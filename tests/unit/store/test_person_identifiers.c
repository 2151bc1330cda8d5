/* A person's identifiers kept on the person row (migration 0024_person_identifiers,
 * issue 19): after every kind of write of identifiers — a person registered with them,
 * updated with others or none, merged, an import (bulk into an empty register, with
 * person_identifier's indexes dropped, and an update by identifier), a raw update of a
 * type, value or holder, a delete — and after the migration of an existing register,
 * person.identifiers equals, byte for byte, the array the statement before 0024 built
 * from person_identifier: what GET /api/v1/people/{id} and a search page answer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/import.h"
#include "domain/registry.h"
#include "fixture.h"
#include "store/db.h"
#include "store/internal.h"
#include "store/migrate.h"
#include "util/error.h"

static const kazi_caller national = {.name = "unit-test", .personal_data = 1};
static kazi_db *db;
static int64_t village, organisation;

static int setup(void **state)
{
    if (kt_group_db(state) < 0) return -1;
    db = kt_db;
    return kt_db_places(db, &village, &organisation);
}

/* The identifiers as the person-by-id statement gathered them before 0024. */
#define RECOUNT                                                                                    \
    "(SELECT json_group_array(json_object('type', type, 'value', value)) FROM (SELECT type, "      \
    "value FROM person_identifier WHERE person_id = person.id ORDER BY type, value))"

static void assert_identifiers_equal_a_recount(kazi_db *d, const char *after)
{
    int64_t differ =
        kt_db_integer(d, "SELECT count(*) FROM person WHERE identifiers IS NOT " RECOUNT);
    if (differ)
        fail_msg("%lld people's identifiers differ from a recount after %s", (long long)differ,
                 after);
}

static const char *identifiers_of(kazi_db *d, int64_t id)
{
    static char buf[512];
    sqlite3_stmt *st = NULL;
    assert_int_equal(
        sqlite3_prepare_v2(d->h, "SELECT identifiers FROM person WHERE id = ?", -1, &st, NULL),
        SQLITE_OK);
    sqlite3_bind_int64(st, 1, id);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    snprintf(buf, sizeof buf, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return buf;
}

static int64_t create(const char *given, const char *identifiers_json)
{
    json_t *in = json_pack("{s:s,s:s,s:I}", "given_name", given, "family_name", "Mrema",
                           "residence_org_unit_id", (json_int_t)village);
    if (identifiers_json)
        json_object_set_new(in, "identifiers", json_loads(identifiers_json, 0, NULL));
    json_t *out = NULL;
    if (kazi_registry_person_create(&out, db, &national, in) != KAZI_OK)
        fail_msg("create %s: %s", given, kazi_error_last()->message);
    int64_t id = json_integer_value(json_object_get(out, "id"));
    json_decref(in);
    json_decref(out);
    return id;
}

static void update_identifiers(int64_t id, const char *identifiers_json)
{
    json_t *in = json_pack("{s:o}", "identifiers", json_loads(identifiers_json, 0, NULL));
    json_t *out = NULL;
    assert_int_equal(kazi_registry_person_update(&out, db, &national, id, in), KAZI_OK);
    json_decref(in);
    json_decref(out);
}

static void exec(kazi_db *d, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(d->h, sql, NULL, NULL, &err) != SQLITE_OK)
        fail_msg("%s: %s", sql, err ? err : "?");
}

static void test_person_identifiers__follow_every_write(void **state)
{
    (void)state;
    /* given out of order, with quotes, a backslash and non-ASCII letters */
    int64_t a = create("Asha", "[{\"type\":\"programme_number\",\"value\":\"P-\\\"1\\\\\"},"
                               "{\"type\":\"national_id\",\"value\":\"N-1 Jos\\u00e9\"},"
                               "{\"type\":\"aa_first\",\"value\":\"A-0\"}]");
    int64_t b = create("Baraka", NULL);
    int64_t c = create("Chausiku", "[{\"type\":\"voter_id\",\"value\":\"V-9\"}]");
    assert_identifiers_equal_a_recount(db, "registering");
    assert_string_equal(identifiers_of(db, a),
                        "[{\"type\":\"aa_first\",\"value\":\"A-0\"},{\"type\":\"national_id\","
                        "\"value\":\"N-1 Jos\xc3\xa9\"},{\"type\":\"programme_number\","
                        "\"value\":\"P-\\\"1\\\\\"}]");
    assert_string_equal(identifiers_of(db, b), "[]");

    update_identifiers(a, "[{\"type\":\"programme_number\",\"value\":\"P-2\"},"
                          "{\"type\":\"national_id\",\"value\":\"N-0\"}]");
    assert_identifiers_equal_a_recount(db, "an update with other identifiers");
    update_identifiers(b, "[{\"type\":\"national_id\",\"value\":\"N-5\"}]");
    assert_identifiers_equal_a_recount(db, "an update giving the first identifier");
    update_identifiers(a, "[]");
    assert_identifiers_equal_a_recount(db, "an update removing every identifier");
    assert_string_equal(identifiers_of(db, a), "[]");

    /* c's identifiers move to b, in order among b's own */
    json_t *in = json_pack("{s:I}", "duplicate_id", (json_int_t)c), *out = NULL;
    assert_int_equal(kazi_registry_person_merge(&out, db, &national, b, in), KAZI_OK);
    json_decref(in);
    json_decref(out);
    assert_identifiers_equal_a_recount(db, "a merge");
    assert_string_equal(identifiers_of(db, b), "[{\"type\":\"national_id\",\"value\":\"N-5\"},"
                                               "{\"type\":\"voter_id\",\"value\":\"V-9\"}]");
    assert_string_equal(identifiers_of(db, c), "[]");

    /* writes no handler makes today, kept all the same */
    exec(db, "UPDATE person_identifier SET value = 'V-0' WHERE value = 'V-9'");
    assert_identifiers_equal_a_recount(db, "a changed value");
    exec(db, "UPDATE person_identifier SET type = 'zz_other' WHERE value = 'V-0'");
    assert_identifiers_equal_a_recount(db, "a changed type");
    exec(db, "DELETE FROM person_identifier WHERE value = 'V-0'");
    assert_identifiers_equal_a_recount(db, "a delete");

    /* an import that finds people again by identifier and updates them */
    kazi_import_opts o = {.kind = KAZI_IMPORT_PEOPLE};
    kazi_import_result r;
    static const char csv[] = "given_name,family_name,residence_code,identifier.national_id,"
                              "identifier.programme_number\n"
                              "Imani,Kweka,V1,N-100,P-100\n"
                              "Juma,Ali,V1,N-101,\n";
    assert_int_equal(kazi_import_run(&r, db, &national, &o, csv, strlen(csv)), KAZI_OK);
    assert_int_equal(r.created, 2);
    kazi_import_result_free(&r);
    assert_identifiers_equal_a_recount(db, "an import");
    static const char again[] = "given_name,family_name,residence_code,identifier.national_id,"
                                "identifier.programme_number\n"
                                "Juma,Ali,V1,N-101,P-101\n";
    assert_int_equal(kazi_import_run(&r, db, &national, &o, again, strlen(again)), KAZI_OK);
    kazi_import_result_free(&r);
    assert_identifiers_equal_a_recount(db, "an import updating by identifier");
    assert_int_equal(
        kt_db_integer(db, "SELECT count(*) FROM person WHERE identifiers LIKE '%P-101%'"), 1);
}

/* Into an empty register, 5,000 rows and more: person_identifier's non-unique indexes
 * and person_place's triggers are dropped for the load and built again after it. */
static void test_person_identifiers__follow_a_bulk_import(void **state)
{
    (void)state;
    char where[] = "/tmp/kazi-test-personids-bulk-XXXXXX";
    kazi_db *empty;
    int64_t v, org;
    assert_int_equal(kt_db_create(&empty, where), 0);
    assert_int_equal(kt_db_places(empty, &v, &org), 0);
    size_t cap = 6000 * 64 + 100, k;
    char *csv = malloc(cap);
    k = (size_t)snprintf(csv, cap,
                         "given_name,family_name,residence_code,"
                         "identifier.programme_number,identifier.national_id\n");
    for (int i = 0; i < 6000; i++) { /* a national ID for every third, after the number */
        if (i % 3)
            k += (size_t)snprintf(csv + k, cap - k, "Bulk%d,Load,V1,P-%d,\n", i, 6000 - i);
        else
            k += (size_t)snprintf(csv + k, cap - k, "Bulk%d,Load,V1,P-%d,N-%d\n", i, 6000 - i, i);
    }
    kazi_import_opts o = {.kind = KAZI_IMPORT_PEOPLE};
    kazi_import_result r;
    assert_int_equal(kazi_import_run(&r, empty, &national, &o, csv, k), KAZI_OK);
    assert_int_equal(r.created, 6000);
    kazi_import_result_free(&r);
    free(csv);
    assert_int_equal(kt_db_integer(empty, "SELECT count(*) FROM person WHERE identifiers = '[]'"),
                     0);
    assert_identifiers_equal_a_recount(empty, "a bulk import into an empty register");
    assert_int_equal(kt_db_destroy(empty, where), 0);
}

static void test_person_identifiers__migrated_from_an_existing_register(void **state)
{
    (void)state;
    char d2[] = "/tmp/kazi-test-personids-mig-XXXXXX", p2[300];
    assert_int_equal(kt_tmpdir(d2), 0);
    snprintf(p2, sizeof p2, "%s/k.db", d2);
    kazi_db *old = kt_db_before(p2, "0024_person_identifiers");
    exec(old, "INSERT INTO org_unit VALUES (1, 'C', 'Country', NULL, 0, 'country', '/1/', 0, 0);"
              "INSERT INTO person (id, given_name, family_name, name_key, given_key,"
              " residence_org_unit_id, org_path, created_at, updated_at) VALUES"
              " (1, 'Asha', 'A', 'a asha', 'asha', 1, '/1/', 0, 0),"
              " (2, 'Baraka', 'B', 'b baraka', 'baraka', 1, '/1/', 0, 0),"
              " (3, 'Chausiku', 'C', 'c chausiku', 'chausiku', 1, '/1/', 0, 0);"
              "INSERT INTO person_identifier (type, value, person_id) VALUES"
              " ('programme_number', 'P\"1', 1), ('national_id', 'N\\1', 1),"
              " ('national_id', 'N-3', 3), ('zz', 'L' || char(10) || 'x', 2);");
    assert_int_equal(kazi_migrate(old, -1), KAZI_OK);
    assert_identifiers_equal_a_recount(old, "the migration");
    assert_string_equal(identifiers_of(old, 1),
                        "[{\"type\":\"national_id\",\"value\":\"N\\\\1\"},"
                        "{\"type\":\"programme_number\",\"value\":\"P\\\"1\"}]");
    assert_string_equal(identifiers_of(old, 2), "[{\"type\":\"zz\",\"value\":\"L\\nx\"}]");
    kazi_db_close(old);
    assert_int_equal(kt_rmtree(d2), 0);
}

/* Person by id answers the identifiers the row keeps. */
static void test_person_identifiers__person_by_id_answers_them(void **state)
{
    (void)state;
    int64_t id = create("Daudi", "[{\"type\":\"national_id\",\"value\":\"N-text\"}]");
    kazi_buf text = {0};
    assert_int_equal(kazi_registry_person_text(&text, db, &national, id), KAZI_OK);
    assert_non_null(strstr(text.data, "\"identifiers\":[{\"type\":\"national_id\",\"value\":"
                                      "\"N-text\"}]"));
    free(text.data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_person_identifiers__follow_every_write),
        cmocka_unit_test(test_person_identifiers__follow_a_bulk_import),
        cmocka_unit_test(test_person_identifiers__migrated_from_an_existing_register),
        cmocka_unit_test(test_person_identifiers__person_by_id_answers_them),
    };
    return cmocka_run_group_tests(tests, setup, kt_group_db_close);
}
