/* store/db: a full disk is KAZI_EFULL (507 insufficient_storage, the JSON error body),
 * never a 500, and a failed write leaves nothing behind. SQLite's max_page_count makes
 * the database "full" without a small file system, so this runs on every machine;
 * tests/drills/disk_full.drill.mjs does the same on a real full tmpfs. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixture.h"
#include "http/request.h"
#include "store/db.h"
#include "store/internal.h"
#include "util/error.h"

static kazi_db *open_small(void)
{
    char path[256];
    kazi_db *db;
    snprintf(path, sizeof path, "%s/full.db", kt_dir);
    unlink(path);
    assert_int_equal(kazi_db_open(&db, path, KAZI_DB_CREATE), KAZI_OK);
    assert_int_equal(kazi_db_exec(db, "CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB)"), KAZI_OK);
    assert_int_equal(kazi_db_exec(db, "INSERT INTO t(v) VALUES (zeroblob(100))"), KAZI_OK);
    /* No page beyond what the file has now: the next big row does not fit. */
    assert_int_equal(kazi_db_exec(db, "PRAGMA max_page_count = 3"), KAZI_OK);
    return db;
}

static int64_t rows(kazi_db *db)
{
    sqlite3_stmt *st = kazi_db_stmt(db, "SELECT count(*) FROM t");
    assert_non_null(st);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return n;
}

static void test_db__full_disk_is_efull_and_nothing_is_written(void **state)
{
    (void)state;
    kazi_db *db = open_small();
    assert_int_equal(kazi_db_begin(db), KAZI_OK);
    assert_int_equal(kazi_db_exec(db, "INSERT INTO t(v) VALUES (zeroblob(100))"), KAZI_OK);
    assert_int_equal(kazi_db_exec(db, "INSERT INTO t(v) VALUES (zeroblob(200000))"), KAZI_EFULL);
    assert_non_null(strstr(kazi_error_last()->message, "full"));
    kazi_db_rollback(db);
    /* The whole transaction is gone, the small row of it too. */
    assert_int_equal(rows(db), 1);
    /* Space comes back (here: a larger page limit): writes work again on the same
     * connection, no reopening. */
    assert_int_equal(kazi_db_exec(db, "PRAGMA max_page_count = 1000"), KAZI_OK);
    assert_int_equal(kazi_db_exec(db, "INSERT INTO t(v) VALUES (zeroblob(200000))"), KAZI_OK);
    assert_int_equal(rows(db), 2);
    kazi_db_close(db);
}

static void test_db__full_disk_answers_507_with_the_error_body(void **state)
{
    (void)state;
    kazi_db *db = open_small();
    int rc = kazi_db_exec(db, "INSERT INTO t(v) VALUES (zeroblob(200000))");
    assert_int_equal(rc, KAZI_EFULL);
    assert_int_equal(kazi_http_status_for(rc), 507);
    kazi_resp resp = {0};
    kazi_reply_error(&resp, rc);
    assert_int_equal(resp.status, 507);
    assert_non_null(strstr(resp.body, "\"code\":\"insufficient_storage\""));
    assert_non_null(strstr(resp.body, "nothing was saved"));
    kazi_resp_reset(&resp);
    kazi_db_close(db);
}

static void test_error__enospc_from_any_writer_is_efull(void **state)
{
    (void)state;
    assert_int_equal(kazi_error_errno(ENOSPC, "file", "cannot write %s", "x.csv"), KAZI_EFULL);
    assert_string_equal(kazi_error_last()->field, "file");
    assert_non_null(strstr(kazi_error_last()->message, "cannot write x.csv: the disk is full"));
    assert_int_equal(kazi_error_errno(EDQUOT, NULL, "quota"), KAZI_EFULL);
    assert_int_equal(kazi_error_errno(EACCES, NULL, "denied"), KAZI_ERROR);
    assert_string_equal(kazi_error_name(KAZI_EFULL), "insufficient_storage");
}

/* The statement cache lends statements by SQL text. A caller stepping through the rows
 * of one statement may call code that prepares many others (a report walking people and
 * looking each one up); the statement it holds must stay alive and keep its place. The
 * cache used to evict (finalize) its oldest entry once it held 128, so the 129th distinct
 * statement freed the one being stepped: a use-after-free under ASan. */
#define OTHER_STATEMENTS 300
static char other_sql[OTHER_STATEMENTS][40]; /* static storage, one address each */

static void test_db__cache_never_finalizes_a_statement_being_stepped(void **state)
{
    (void)state;
    char path[256];
    kazi_db *db;
    snprintf(path, sizeof path, "%s/cache.db", kt_dir);
    unlink(path);
    assert_int_equal(kazi_db_open(&db, path, KAZI_DB_CREATE), KAZI_OK);
    sqlite3_stmt *walk = kazi_db_stmt(db, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL "
                                          "SELECT i + 1 FROM n WHERE i < 3) SELECT i FROM n");
    assert_non_null(walk);
    assert_int_equal(sqlite3_step(walk), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(walk, 0), 1);
    /* Between two rows: many distinct statements, each run once. */
    for (int i = 0; i < OTHER_STATEMENTS; i++) {
        snprintf(other_sql[i], sizeof other_sql[i], "SELECT %d", i);
        sqlite3_stmt *st = kazi_db_stmt(db, other_sql[i]);
        assert_non_null(st);
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        assert_int_equal(sqlite3_column_int(st, 0), i);
        sqlite3_reset(st);
    }
    /* The walk goes on where it was. */
    assert_int_equal(sqlite3_step(walk), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(walk, 0), 2);
    assert_int_equal(sqlite3_step(walk), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(walk, 0), 3);
    assert_int_equal(sqlite3_step(walk), SQLITE_DONE);
    sqlite3_reset(walk);
    /* Every statement is still cached: asking again gives the same one back. */
    assert_ptr_equal(kazi_db_stmt(db, other_sql[0]), kazi_db_stmt(db, other_sql[0]));
    kazi_db_close(db);
}

/* kazi_db_end is how every write transaction ends: the work's failure rolls back all
 * of it (the first of two writes too) and keeps the work's error; success commits and
 * keeps a positive result; a COMMIT that fails (here a deferred foreign key the
 * transaction broke) rolls back and returns that error although the work succeeded. */
static int write_two(kazi_db *db, int fail_second)
{
    int rc = kazi_db_exec(db, "INSERT INTO t(v) VALUES ('first')");
    if (rc < 0) return rc;
    if (fail_second) return kazi_error_set(KAZI_EINVALID, "v", "the second write is refused");
    if ((rc = kazi_db_exec(db, "INSERT INTO t(v) VALUES ('second')")) < 0) return rc;
    return 2; /* a count */
}

static void test_db__end_rolls_back_a_failure_and_commits_success(void **state)
{
    (void)state;
    char path[256];
    kazi_db *db;
    snprintf(path, sizeof path, "%s/end.db", kt_dir);
    unlink(path);
    assert_int_equal(kazi_db_open(&db, path, KAZI_DB_CREATE), KAZI_OK);
    assert_int_equal(kazi_db_exec(db, "CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB)"), KAZI_OK);
    assert_int_equal(kazi_db_exec(db, "CREATE TABLE p(id INTEGER PRIMARY KEY)"), KAZI_OK);
    assert_int_equal(kazi_db_exec(db, "CREATE TABLE c(id INTEGER PRIMARY KEY, p INTEGER "
                                      "REFERENCES p(id) DEFERRABLE INITIALLY DEFERRED)"),
                     KAZI_OK);

    /* The work fails after its first write: nothing of it stays, its error does. */
    assert_int_equal(kazi_db_begin(db), KAZI_OK);
    assert_int_equal(kazi_db_end(db, write_two(db, 1)), KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "v");
    assert_int_equal(rows(db), 0);

    /* The work succeeds: both rows are there and its count comes back. */
    assert_int_equal(kazi_db_begin(db), KAZI_OK);
    assert_int_equal(kazi_db_end(db, write_two(db, 0)), 2);
    assert_int_equal(rows(db), 2);

    /* The work succeeds but COMMIT fails: the error, and nothing written. */
    assert_int_equal(kazi_db_begin(db), KAZI_OK);
    int rc = write_two(db, 0);
    assert_int_equal(rc, 2);
    assert_int_equal(kazi_db_exec(db, "INSERT INTO c(p) VALUES (99)"), KAZI_OK);
    assert_true(kazi_db_end(db, rc) < 0);
    assert_int_equal(rows(db), 2);
    /* No transaction is left open: the next one begins. */
    assert_int_equal(kazi_db_begin(db), KAZI_OK);
    assert_int_equal(kazi_db_end(db, KAZI_OK), KAZI_OK);
    kazi_db_close(db);
}

/* A batch (demo data's payments): each begin/end pair inside it is a savepoint, a failed
 * one rolled back alone; nothing is visible to another connection before the batch ends;
 * a batch that fails leaves nothing. */
static void test_db__batch_keeps_each_write_and_commits_once(void **state)
{
    (void)state;
    char path[256];
    kazi_db *db, *other;
    snprintf(path, sizeof path, "%s/batch.db", kt_dir);
    unlink(path);
    assert_int_equal(kazi_db_open(&db, path, KAZI_DB_CREATE), KAZI_OK);
    assert_int_equal(kazi_db_exec(db, "CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB)"), KAZI_OK);
    assert_int_equal(kazi_db_open(&other, path, 0), KAZI_OK);

    assert_int_equal(kazi_db_batch_begin(db), KAZI_OK);
    assert_int_equal(kazi_db_begin(db), KAZI_OK);
    assert_int_equal(kazi_db_end(db, write_two(db, 0)), 2);
    assert_int_equal(kazi_db_begin(db), KAZI_OK);
    assert_int_equal(kazi_db_end(db, write_two(db, 1)), KAZI_EINVALID); /* alone */
    assert_int_equal(kazi_db_begin(db), KAZI_OK);
    assert_int_equal(kazi_db_end(db, write_two(db, 0)), 2);
    assert_int_equal(rows(db), 4);
    assert_int_equal(rows(other), 0); /* not committed yet */
    assert_int_equal(kazi_db_batch_end(db, KAZI_OK), KAZI_OK);
    assert_int_equal(rows(other), 4);

    /* A batch that fails: none of its writes stay, even those that succeeded. */
    assert_int_equal(kazi_db_batch_begin(db), KAZI_OK);
    assert_int_equal(kazi_db_begin(db), KAZI_OK);
    assert_int_equal(kazi_db_end(db, write_two(db, 0)), 2);
    assert_int_equal(kazi_db_begin(db), KAZI_OK); /* left open by an error path */
    assert_int_equal(kazi_db_batch_end(db, KAZI_EINVALID), KAZI_EINVALID);
    assert_int_equal(rows(db), 4);
    /* Afterwards a begin is a transaction again, committed at its end. */
    assert_int_equal(kazi_db_begin(db), KAZI_OK);
    assert_int_equal(kazi_db_end(db, write_two(db, 0)), 2);
    assert_int_equal(rows(other), 6);
    kazi_db_close(other);
    kazi_db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_db__full_disk_is_efull_and_nothing_is_written),
        cmocka_unit_test(test_db__full_disk_answers_507_with_the_error_body),
        cmocka_unit_test(test_error__enospc_from_any_writer_is_efull),
        cmocka_unit_test(test_db__cache_never_finalizes_a_statement_being_stepped),
        cmocka_unit_test(test_db__end_rolls_back_a_failure_and_commits_success),
        cmocka_unit_test(test_db__batch_keeps_each_write_and_commits_once),
    };
    return cmocka_run_group_tests(tests, kt_group_tmpdir, kt_group_rmtree);
}
