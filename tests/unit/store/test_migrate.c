/* Migrations: a database made at every earlier step upgrades to the same schema as a
 * new one; a newer database is refused; each step is atomic. */
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
#include "store/backup.h"
#include "store/db.h"
#include "store/meta.h"
#include "store/migrate.h"
#include "util/error.h"

static void db_path(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/%s.db", kt_dir, name);
}

static char *schema_at(const char *name, int version)
{
    char path[256];
    kazi_db *db;
    db_path(path, sizeof path, name);
    assert_int_equal(kazi_db_open(&db, path, KAZI_DB_CREATE), KAZI_OK);
    assert_int_equal(kazi_migrate(db, version), KAZI_OK);
    char *schema;
    assert_int_equal(kazi_migrate_schema(&schema, db), KAZI_OK);
    kazi_db_close(db);
    return schema;
}

/* A database `name` at the latest version, its path into path[256], opened anew. */
static kazi_db *latest_db(char path[256], const char *name)
{
    kazi_db *db;
    free(schema_at(name, -1));
    db_path(path, 256, name);
    assert_int_equal(kazi_db_open(&db, path, 0), KAZI_OK);
    return db;
}

static void test_migrate__every_earlier_step_upgrades_to_latest(void **state)
{
    (void)state;
    int latest = kazi_migrate_latest();
    assert_true(latest >= 1);
    char *fresh = schema_at("fresh", -1);
    for (int step = 0; step < latest; step++) {
        char name[32], path[256];
        snprintf(name, sizeof name, "step%d", step);
        free(schema_at(name, step));
        kazi_db *db;
        db_path(path, sizeof path, name);
        assert_int_equal(kazi_db_open(&db, path, 0), KAZI_OK);
        int v;
        assert_int_equal(kazi_migrate_version(&v, db), KAZI_OK);
        assert_int_equal(v, step);
        assert_int_equal(kazi_migrate(db, -1), KAZI_OK);
        assert_int_equal(kazi_migrate_version(&v, db), KAZI_OK);
        assert_int_equal(v, latest);
        char *upgraded;
        assert_int_equal(kazi_migrate_schema(&upgraded, db), KAZI_OK);
        assert_string_equal(upgraded, fresh);
        free(upgraded);
        kazi_db_close(db);
    }
    free(fresh);
}

static void test_migrate__newer_database_is_refused(void **state)
{
    (void)state;
    char path[256];
    kazi_db *db = latest_db(path, "newer");
    /* Pretend a later kazi wrote it. */
    assert_int_equal(kazi_migrate(db, -1), KAZI_OK);
    kazi_db_close(db);
    kt_sh("sqlite3 %s 'PRAGMA user_version=%d'", path, kazi_migrate_latest() + 1);
    assert_int_equal(kazi_db_open(&db, path, 0), KAZI_OK);
    assert_int_equal(kazi_migrate(db, -1), KAZI_EVERSION);
    assert_non_null(strstr(kazi_error_last()->message, "newer"));
    kazi_db_close(db);
}

static void test_migrate__names_are_numbered(void **state)
{
    (void)state;
    for (int v = 1; v <= kazi_migrate_latest(); v++) {
        char prefix[16];
        snprintf(prefix, sizeof prefix, "%04d_", v);
        assert_memory_equal(kazi_migrate_name(v), prefix, 5);
    }
    assert_null(kazi_migrate_name(0));
    assert_null(kazi_migrate_name(kazi_migrate_latest() + 1));
}

static void test_db__pragmas_and_meta(void **state)
{
    (void)state;
    char path[256];
    kazi_db *db = latest_db(path, "meta");
    assert_int_equal(kazi_db_begin(db), KAZI_OK);
    assert_int_equal(kazi_meta_set(db, "country", "tanzania"), KAZI_OK);
    kazi_db_rollback(db);
    char *v = NULL;
    assert_int_equal(kazi_meta_get(&v, db, "country"), KAZI_ENOTFOUND);
    assert_int_equal(kazi_db_begin(db), KAZI_OK);
    assert_int_equal(kazi_meta_set(db, "country", "tanzania"), KAZI_OK);
    assert_int_equal(kazi_db_commit(db), KAZI_OK);
    assert_int_equal(kazi_meta_get(&v, db, "country"), KAZI_OK);
    assert_string_equal(v, "tanzania");
    free(v);
    kazi_db_close(db);
    /* The journal is WAL: the -wal file exists while a connection is open. */
    assert_int_equal(kazi_db_open(&db, path, 0), KAZI_OK);
    assert_int_equal(kazi_db_ping(db), KAZI_OK);
    char wal[300];
    snprintf(wal, sizeof wal, "%s-wal", path);
    assert_int_equal(access(wal, F_OK), 0);
    kazi_db_close(db);
}

static void test_db__backup_is_a_complete_copy(void **state)
{
    (void)state;
    char path[256], copy[256];
    kazi_db *db = latest_db(path, "src"), *db2;
    db_path(copy, sizeof copy, "copy");
    assert_int_equal(kazi_meta_set(db, "k", "v"), KAZI_OK);
    assert_int_equal(kazi_db_backup(db, copy), KAZI_OK);
    assert_int_equal(kazi_db_backup(db, copy), KAZI_EEXISTS);
    kazi_db_close(db);
    assert_int_equal(kazi_db_open(&db2, copy, 0), KAZI_OK);
    char *v;
    assert_int_equal(kazi_meta_get(&v, db2, "k"), KAZI_OK);
    assert_string_equal(v, "v");
    free(v);
    kazi_db_close(db2);
}

/* kazi backup pins a snapshot (and copies the configuration repository meanwhile):
 * the copy is the database as of kazi_db_read_begin, whatever other connections commit
 * after it, and they are not blocked while it is held. */
static void test_db__backup_copies_the_pinned_snapshot_while_others_write(void **state)
{
    (void)state;
    char path[256], copy[256];
    kazi_db *db = latest_db(path, "snap"), *writer;
    db_path(copy, sizeof copy, "snap-copy");
    assert_int_equal(kazi_db_open(&writer, path, 0), KAZI_OK);
    assert_int_equal(kazi_meta_set(writer, "k", "before"), KAZI_OK);
    assert_int_equal(kazi_db_read_begin(db), KAZI_OK);
    assert_int_equal(kazi_meta_set(writer, "k", "after"), KAZI_OK); /* not blocked */
    assert_int_equal(kazi_db_backup(db, copy), KAZI_OK);
    kazi_db_read_end(db);
    assert_int_equal(kazi_db_check_file(copy, NULL), KAZI_OK);
    kazi_db *c;
    char *v;
    assert_int_equal(kazi_db_open(&c, copy, 0), KAZI_OK);
    assert_int_equal(kazi_meta_get(&v, c, "k"), KAZI_OK);
    assert_string_equal(v, "before");
    free(v);
    kazi_db_close(c);
    kazi_db_close(writer);
    kazi_db_close(db);
}

static void test_db__check_file_refuses_a_damaged_copy(void **state)
{
    (void)state;
    char path[256];
    db_path(path, sizeof path, "garbage");
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    for (int i = 0; i < 4096; i++)
        fputc(i * 7 % 251, f);
    fclose(f);
    assert_int_equal(kazi_db_check_file(path, NULL), KAZI_ERROR);
    assert_non_null(strstr(kazi_error_last()->message, "integrity check"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_migrate__every_earlier_step_upgrades_to_latest),
        cmocka_unit_test(test_migrate__newer_database_is_refused),
        cmocka_unit_test(test_migrate__names_are_numbered),
        cmocka_unit_test(test_db__pragmas_and_meta),
        cmocka_unit_test(test_db__backup_is_a_complete_copy),
        cmocka_unit_test(test_db__backup_copies_the_pinned_snapshot_while_others_write),
        cmocka_unit_test(test_db__check_file_refuses_a_damaged_copy),
    };
    return cmocka_run_group_tests(tests, kt_group_tmpdir, kt_group_rmtree);
}
