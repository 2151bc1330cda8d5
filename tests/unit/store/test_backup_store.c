/* store/backup: the snapshot a backup copies is the database as of kazi_db_read_begin
 * (writes made meanwhile by another connection are not in the copy and are not blocked),
 * the copy checks out, a damaged or missing file does not, and an existing target is
 * never overwritten. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "store/backup.h"
#include "store/db.h"
#include "store/internal.h"
#include "util/error.h"

static int64_t count_units(kazi_db *db)
{
    sqlite3_stmt *st = kazi_db_stmt(db, "SELECT count(*) FROM org_unit");
    assert_non_null(st);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return n;
}

static void test_backup_store__copy_is_the_snapshot(void **state)
{
    (void)state;
    int64_t village;
    assert_int_equal(kt_db_places(kt_db, &village, NULL), 0); /* two units */
    char path[128], to[160];
    snprintf(path, sizeof path, "%s/kazi.db", kt_dir);
    snprintf(to, sizeof to, "%s/copy.db", kt_dir);
    kazi_db *writer;
    assert_int_equal(kazi_db_open(&writer, path, 0), KAZI_OK);

    assert_int_equal(kazi_db_read_begin(kt_db), KAZI_OK);
    /* another connection writes after the snapshot: not blocked */
    assert_int_equal(kazi_db_exec(writer,
                                  "INSERT INTO org_unit(id, code, name, parent_id, depth, "
                                  "level_id, path, created_at, updated_at) VALUES (99, 'LATE', "
                                  "'Late', 1, 1, 'village', '/1/99/', 1, 1)"),
                     KAZI_OK);
    assert_int_equal(kazi_db_backup(kt_db, to), KAZI_OK);
    kazi_db_read_end(kt_db);
    assert_int_equal(count_units(writer), 3);

    int64_t bytes = 0;
    assert_int_equal(kazi_db_check_file(to, &bytes), KAZI_OK);
    assert_true(bytes > 0);
    kazi_db *copy;
    assert_int_equal(kazi_db_open(&copy, to, 0), KAZI_OK);
    assert_int_equal(count_units(copy), 2); /* as of read_begin */
    kazi_db_close(copy);
    kazi_db_close(writer);

    /* never overwrites */
    assert_int_equal(kazi_db_backup(kt_db, to), KAZI_EEXISTS);
    assert_string_equal(kazi_error_last()->field, "to");
    assert_int_equal(kazi_db_check_file(to, NULL), KAZI_OK); /* the first copy is intact */
}

static void test_backup_store__damaged_or_missing_files_fail_the_check(void **state)
{
    (void)state;
    char bad[160], missing[160];
    snprintf(bad, sizeof bad, "%s/garbage.db", kt_dir);
    snprintf(missing, sizeof missing, "%s/none.db", kt_dir);
    FILE *f = fopen(bad, "w");
    assert_non_null(f);
    for (int i = 0; i < 512; i++)
        fputs("not a database at all ", f);
    fclose(f);
    assert_true(kazi_db_check_file(bad, NULL) < 0);
    assert_true(kazi_db_check_file(missing, NULL) < 0);
    /* a real copy with two pages in the middle zeroed (the same pages every run) */
    char cut[160];
    snprintf(cut, sizeof cut, "%s/cut.db", kt_dir);
    assert_int_equal(kazi_db_backup(kt_db, cut), KAZI_OK);
    int64_t bytes;
    assert_int_equal(kazi_db_check_file(cut, &bytes), KAZI_OK);
    kt_sh("dd if=/dev/zero of=%s bs=4096 seek=%lld count=2 conv=notrunc status=none", cut,
          (long long)(bytes / 4096 / 2));
    assert_true(kazi_db_check_file(cut, NULL) < 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_backup_store__copy_is_the_snapshot),
        cmocka_unit_test(test_backup_store__damaged_or_missing_files_fail_the_check),
    };
    return cmocka_run_group_tests(tests, kt_group_db, kt_group_db_close);
}
