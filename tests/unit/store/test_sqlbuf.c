/* store/sqlbuf: a search's statement built from optional conditions binds each value to
 * its own "?" in the order added (text, integer, NULL), from the connection's cache or
 * prepared anew, and a statement with more parameters than the builder holds is an error,
 * never a statement with values dropped or bound to the wrong "?". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "store/db.h"
#include "store/internal.h"
#include "store/sqlbuf.h"
#include "util/error.h"

static kazi_db *open_db(void)
{
    kazi_db *db;
    assert_int_equal(kazi_db_open(&db, ":memory:", KAZI_DB_CREATE), KAZI_OK);
    assert_int_equal(kazi_db_exec(db, "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, n INT)"),
                     KAZI_OK);
    assert_int_equal(kazi_db_exec(db, "INSERT INTO t VALUES (1, 'Asha', 10), (2, 'Baraka', 20), "
                                      "(3, 'Asha', 30), (4, NULL, 40)"),
                     KAZI_OK);
    return db;
}

/* The ids a filtered search finds: each optional condition only when asked for. */
static void ids(char *out, size_t size, kazi_db *db, const char *name, int64_t min_n, int is_null,
                int cached)
{
    kazi_sqlbuf b;
    kazi_sqlbuf_init(&b, db);
    kazi_sqlbuf_add(&b, "SELECT id FROM t WHERE 1");
    if (name) kazi_sqlbuf_text(&b, " AND name = ?", name);
    if (min_n) kazi_sqlbuf_int(&b, " AND n >= ?", min_n);
    if (is_null) {
        kazi_sqlbuf_addf(&b, " AND %s IS ?", "name");
        kazi_sqlbuf_text(&b, "", NULL);
    }
    kazi_sqlbuf_int(&b, " ORDER BY id LIMIT ?", 10);
    sqlite3_stmt *st;
    assert_int_equal(kazi_sqlbuf_prepare(&st, db, &b, cached, "test search"), KAZI_OK);
    size_t used = 0;
    out[0] = '\0';
    while (sqlite3_step(st) == SQLITE_ROW)
        used += (size_t)snprintf(out + used, size - used, "%s%lld", used ? "," : "",
                                 (long long)sqlite3_column_int64(st, 0));
    if (cached)
        sqlite3_reset(st);
    else
        sqlite3_finalize(st);
}

static void test_sqlbuf__each_value_binds_to_its_own_parameter_in_order(void **state)
{
    (void)state;
    kazi_db *db = open_db();
    char got[64];
    for (int cached = 0; cached < 2; cached++) {
        ids(got, sizeof got, db, NULL, 0, 0, cached);
        assert_string_equal(got, "1,2,3,4");
        ids(got, sizeof got, db, "Asha", 0, 0, cached);
        assert_string_equal(got, "1,3");
        ids(got, sizeof got, db, "Asha", 20, 0, cached);
        assert_string_equal(got, "3");
        ids(got, sizeof got, db, NULL, 20, 0, cached);
        assert_string_equal(got, "2,3,4");
        ids(got, sizeof got, db, NULL, 0, 1, cached); /* a NULL text binds SQL NULL */
        assert_string_equal(got, "4");
    }
    kazi_db_close(db);
}

static void test_sqlbuf__every_parameter_up_to_the_limit_is_bound(void **state)
{
    (void)state;
    kazi_db *db = open_db();
    kazi_sqlbuf b;
    kazi_sqlbuf_init(&b, db);
    /* id = 1 + 1 + ... : each "?" its own value, the last one decides the row. */
    kazi_sqlbuf_add(&b, "SELECT id FROM t WHERE id = 0");
    for (int i = 0; i < KAZI_SQLBUF_PARAMS; i++)
        kazi_sqlbuf_int(&b, " + ?", i == KAZI_SQLBUF_PARAMS - 1 ? 3 : 0);
    sqlite3_stmt *st;
    assert_int_equal(kazi_sqlbuf_prepare(&st, db, &b, 0, "test search"), KAZI_OK);
    assert_int_equal(sqlite3_bind_parameter_count(st), KAZI_SQLBUF_PARAMS);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int64(st, 0), 3);
    sqlite3_finalize(st);
    kazi_db_close(db);
}

static void test_sqlbuf__one_parameter_too_many_is_an_error_not_a_wrong_search(void **state)
{
    (void)state;
    kazi_db *db = open_db();
    kazi_sqlbuf b;
    kazi_sqlbuf_init(&b, db);
    kazi_sqlbuf_add(&b, "SELECT id FROM t WHERE 1");
    for (int i = 0; i <= KAZI_SQLBUF_PARAMS; i++)
        kazi_sqlbuf_text(&b, " AND name IS NOT ?", "Baraka");
    sqlite3_stmt *st = (sqlite3_stmt *)&b; /* anything not NULL */
    assert_int_equal(kazi_sqlbuf_prepare(&st, db, &b, 1, "test search"), KAZI_ERROR);
    assert_null(st);
    assert_non_null(strstr(kazi_error_last()->message, "too many conditions"));
    kazi_db_close(db);
}

static void test_sqlbuf__a_failed_prepare_names_the_search(void **state)
{
    (void)state;
    kazi_db *db = open_db();
    kazi_sqlbuf b;
    kazi_sqlbuf_init(&b, db);
    kazi_sqlbuf_text(&b, "SELECT id FROM no_such_table WHERE name = ?", "Asha");
    sqlite3_stmt *st;
    assert_true(kazi_sqlbuf_prepare(&st, db, &b, 0, "test search") < 0);
    assert_null(st);
    assert_non_null(strstr(kazi_error_last()->message, "test search"));
    kazi_db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sqlbuf__each_value_binds_to_its_own_parameter_in_order),
        cmocka_unit_test(test_sqlbuf__every_parameter_up_to_the_limit_is_bound),
        cmocka_unit_test(test_sqlbuf__one_parameter_too_many_is_an_error_not_a_wrong_search),
        cmocka_unit_test(test_sqlbuf__a_failed_prepare_names_the_search),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
