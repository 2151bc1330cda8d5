/* util/strmap: the import's string → int64 table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "util/error.h"
#include "util/strmap.h"

static void test_strmap__empty_table_finds_nothing(void **state)
{
    (void)state;
    kazi_strmap m = {0};
    int64_t v = 7;
    assert_int_equal(kazi_strmap_get(&m, "TZ", &v), 0);
    assert_int_equal(v, 7);
    kazi_strmap_free(&m);
    kazi_strmap_free(NULL);
}

static void test_strmap__the_first_value_stays(void **state)
{
    (void)state;
    kazi_strmap m = {0};
    int64_t v;
    assert_int_equal(kazi_strmap_put(&m,
                                     "national_id\x1f"
                                     "123",
                                     4),
                     KAZI_OK);
    assert_int_equal(kazi_strmap_put(&m,
                                     "national_id\x1f"
                                     "123",
                                     9),
                     KAZI_OK);
    assert_int_equal(kazi_strmap_get(&m,
                                     "national_id\x1f"
                                     "123",
                                     &v),
                     1);
    assert_int_equal(v, 4);
    assert_int_equal(m.n, 1);
    assert_int_equal(kazi_strmap_get(&m,
                                     "national_id\x1f"
                                     "124",
                                     &v),
                     0);
    kazi_strmap_free(&m);
    assert_int_equal(m.n, 0);
    assert_null(m.keys);
}

/* Past several growths every key keeps its value, and the table stays at most half full. */
static void test_strmap__grows_and_keeps_every_key(void **state)
{
    (void)state;
    kazi_strmap m = {0};
    char key[32];
    enum { N = 50000 };
    for (int i = 0; i < N; i++) {
        snprintf(key, sizeof key, "row-%d", i);
        assert_int_equal(kazi_strmap_put(&m, key, i * 3), KAZI_OK);
    }
    assert_int_equal(m.n, N);
    assert_true(m.cap >= 2 * m.n);
    assert_int_equal(m.cap & (m.cap - 1), 0);
    for (int i = 0; i < N; i++) {
        int64_t v = -1;
        snprintf(key, sizeof key, "row-%d", i);
        assert_int_equal(kazi_strmap_get(&m, key, &v), 1);
        assert_int_equal(v, i * 3);
    }
    assert_int_equal(kazi_strmap_get(&m, "row-50000", &(int64_t){0}), 0);
    kazi_strmap_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strmap__empty_table_finds_nothing),
        cmocka_unit_test(test_strmap__the_first_value_stays),
        cmocka_unit_test(test_strmap__grows_and_keeps_every_key),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
