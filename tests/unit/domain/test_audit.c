/* The audit hash chain: appends chain onto the previous row, verification names an
 * edited, deleted or reordered row, and the table refuses UPDATE and DELETE. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domain/audit.h"
#include "fixture.h"
#include "store/internal.h"
#include "store/migrate.h"
#include "util/error.h"
#include "util/rand.h"

static void append_n(kazi_db *db, int n)
{
    kazi_audit_ctx ctx = {7, "asha", "req-1", "10.0.0.1"};
    for (int i = 0; i < n; i++) {
        char id[16];
        snprintf(id, sizeof id, "%d", i);
        json_t *after = json_pack("{s:i,s:s}", "n", i, "name", "Ilala; \"quoted\"\nline");
        assert_int_equal(kazi_db_begin(db), KAZI_OK);
        assert_int_equal(kazi_audit_append(db, &ctx, "thing.create", "thing", id, NULL, after),
                         KAZI_OK);
        assert_int_equal(kazi_db_commit(db), KAZI_OK);
        json_decref(after);
    }
}

static void test_audit__chain_verifies(void **state)
{
    (void)state;
    kazi_db *db = kt_db_fresh(kt_dir);
    kazi_audit_report rep;
    assert_int_equal(kazi_audit_verify(&rep, db), KAZI_OK);
    assert_int_equal(rep.rows, 0);
    assert_string_equal(rep.head, KAZI_AUDIT_GENESIS);
    append_n(db, 5);
    assert_int_equal(kazi_audit_verify(&rep, db), KAZI_OK);
    assert_int_equal(rep.rows, 5);
    int64_t id;
    char head[65];
    assert_int_equal(kazi_audit_head(&id, head, db), KAZI_OK);
    assert_int_equal(id, 5);
    assert_string_equal(head, rep.head);
    kazi_db_close(db);
}

static void test_audit__hash_covers_every_field(void **state)
{
    (void)state;
    kazi_audit_row r = {.id = 1,
                        .at = 1000,
                        .actor_user_id = 2,
                        .actor = "a",
                        .action = "x",
                        .entity_type = "t",
                        .entity_id = "1",
                        .before_json = NULL,
                        .after_json = "{}",
                        .request_id = "r",
                        .client_addr = "c"};
    snprintf(r.prev_hash, sizeof r.prev_hash, "%s", KAZI_AUDIT_GENESIS);
    char base[65], h[65];
    kazi_audit_hash(base, &r);
    kazi_audit_row m = r;
    m.at = 1001;
    kazi_audit_hash(h, &m);
    assert_string_not_equal(base, h);
    m = r;
    m.before_json = ""; /* NULL and empty differ */
    kazi_audit_hash(h, &m);
    assert_string_not_equal(base, h);
    m = r;
    m.actor = "ax";
    m.action = ""; /* moving bytes between fields changes the hash */
    kazi_audit_hash(h, &m);
    assert_string_not_equal(base, h);
    m = r;
    m.prev_hash[0] = '1';
    kazi_audit_hash(h, &m);
    assert_string_not_equal(base, h);
    m = r;
    kazi_audit_hash(h, &m);
    assert_string_equal(base, h);
}

static void test_audit__table_is_append_only(void **state)
{
    (void)state;
    kazi_db *db = kt_db_fresh(kt_dir);
    append_n(db, 2);
    assert_int_not_equal(kazi_db_exec(db, "UPDATE audit SET actor = 'x' WHERE id = 1"), KAZI_OK);
    assert_int_not_equal(kazi_db_exec(db, "DELETE FROM audit WHERE id = 1"), KAZI_OK);
    kazi_db_close(db);
}

static void test_audit__edited_row_is_named(void **state)
{
    (void)state;
    kazi_db *db = kt_db_fresh(kt_dir);
    append_n(db, 5);
    assert_int_equal(kazi_db_exec(db, "DROP TRIGGER audit_no_update; "
                                      "UPDATE audit SET after_json = '{\"n\":99}' WHERE id = 3"),
                     KAZI_OK);
    kazi_audit_report rep;
    assert_int_equal(kazi_audit_verify(&rep, db), KAZI_ECONFLICT);
    assert_int_equal(rep.bad_id, 3);
    assert_non_null(strstr(kazi_error_last()->message, "row 3"));
    kazi_db_close(db);
}

static void test_audit__rehashed_row_breaks_the_next_link(void **state)
{
    (void)state;
    kazi_db *db = kt_db_fresh(kt_dir);
    append_n(db, 4);
    /* A tamperer who recomputes row 2's own hash still breaks row 3's prev_hash. */
    assert_int_equal(kazi_db_exec(db, "DROP TRIGGER audit_no_update; "
                                      "UPDATE audit SET actor = 'mallory' WHERE id = 2"),
                     KAZI_OK);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db->h,
                                        "SELECT id, at, coalesce(actor_user_id,0), actor, action, "
                                        "entity_type, entity_id, before_json, after_json, "
                                        "request_id, client_addr, config_version, prev_hash "
                                        "FROM audit WHERE id = 2",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    kazi_audit_row r = {0};
    r.id = sqlite3_column_int64(st, 0);
    r.at = sqlite3_column_int64(st, 1);
    r.actor_user_id = sqlite3_column_int64(st, 2);
    r.actor = (const char *)sqlite3_column_text(st, 3);
    r.action = (const char *)sqlite3_column_text(st, 4);
    r.entity_type = (const char *)sqlite3_column_text(st, 5);
    r.entity_id = (const char *)sqlite3_column_text(st, 6);
    r.before_json = (const char *)sqlite3_column_text(st, 7);
    r.after_json = (const char *)sqlite3_column_text(st, 8);
    r.request_id = (const char *)sqlite3_column_text(st, 9);
    r.client_addr = (const char *)sqlite3_column_text(st, 10);
    r.config_version = (const char *)sqlite3_column_text(st, 11);
    snprintf(r.prev_hash, sizeof r.prev_hash, "%s", sqlite3_column_text(st, 12));
    char h[65], sql[160];
    kazi_audit_hash(h, &r);
    sqlite3_finalize(st);
    snprintf(sql, sizeof sql, "UPDATE audit SET hash = '%s' WHERE id = 2", h);
    assert_int_equal(kazi_db_exec(db, sql), KAZI_OK);
    kazi_audit_report rep;
    assert_int_equal(kazi_audit_verify(&rep, db), KAZI_ECONFLICT);
    assert_int_equal(rep.bad_id, 3);
    kazi_db_close(db);
}

static void test_audit__deleted_row_is_named(void **state)
{
    (void)state;
    kazi_db *db = kt_db_fresh(kt_dir);
    append_n(db, 5);
    assert_int_equal(
        kazi_db_exec(db, "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 2"), KAZI_OK);
    kazi_audit_report rep;
    assert_int_equal(kazi_audit_verify(&rep, db), KAZI_ECONFLICT);
    assert_int_equal(rep.bad_id, 3);
    assert_non_null(strstr(rep.problem, "deleted"));
    kazi_db_close(db);
}

static void test_audit__rolled_back_change_leaves_no_row(void **state)
{
    (void)state;
    kazi_db *db = kt_db_fresh(kt_dir);
    append_n(db, 1);
    kazi_audit_ctx ctx = {0, "cli:test", NULL, NULL};
    assert_int_equal(kazi_db_begin(db), KAZI_OK);
    assert_int_equal(kazi_audit_append(db, &ctx, "x", "y", NULL, NULL, NULL), KAZI_OK);
    kazi_db_rollback(db);
    append_n(db, 1);
    kazi_audit_report rep;
    assert_int_equal(kazi_audit_verify(&rep, db), KAZI_OK);
    assert_int_equal(rep.rows, 2);
    kazi_db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_audit__chain_verifies),
        cmocka_unit_test(test_audit__hash_covers_every_field),
        cmocka_unit_test(test_audit__table_is_append_only),
        cmocka_unit_test(test_audit__edited_row_is_named),
        cmocka_unit_test(test_audit__rehashed_row_breaks_the_next_link),
        cmocka_unit_test(test_audit__deleted_row_is_named),
        cmocka_unit_test(test_audit__rolled_back_change_leaves_no_row),
    };
    return cmocka_run_group_tests(tests, kt_group_tmpdir_rand, kt_group_rmtree);
}
