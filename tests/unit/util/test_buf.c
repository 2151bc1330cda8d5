/* util/buf: the growing, always NUL-terminated byte buffer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/error.h"

static void test_buf__appends_grow_and_stay_terminated(void **state)
{
    (void)state;
    kazi_buf b = {0};
    assert_int_equal(kazi_buf_append(&b, "", 0), KAZI_OK);
    assert_non_null(b.data);
    assert_string_equal(b.data, ""); /* terminated even after an empty append */
    char chunk[1000];
    memset(chunk, 'k', sizeof chunk);
    for (int i = 0; i < 100; i++) /* 100,000 bytes: several doublings */
        assert_int_equal(kazi_buf_append(&b, chunk, sizeof chunk), KAZI_OK);
    assert_int_equal(b.len, 100000);
    assert_true(b.cap > b.len);
    assert_int_equal(b.data[b.len], '\0');
    assert_int_equal(strspn(b.data, "k"), 100000);
    free(b.data);
}

static void test_buf__bytes_are_kept_as_given(void **state)
{
    (void)state;
    kazi_buf b = {0};
    assert_int_equal(kazi_buf_append(&b, "a\0b", 3), KAZI_OK); /* an embedded NUL */
    assert_int_equal(kazi_buf_append(&b, "\xc3\xa9", 2), KAZI_OK);
    assert_int_equal(b.len, 5);
    assert_memory_equal(b.data, "a\0b\xc3\xa9", 6);
    free(b.data);
}

/* A length no buffer can hold is refused with an error and the buffer unchanged —
 * not a wrapped size computation and a write past the end (or a doubling that never
 * ends). */
static void test_buf__an_impossible_length_is_refused(void **state)
{
    (void)state;
    kazi_buf b = {0};
    assert_int_equal(kazi_buf_append(&b, "abc", 3), KAZI_OK);
    char *before = b.data;
    assert_int_equal(kazi_buf_append(&b, "x", SIZE_MAX), KAZI_ERROR);
    assert_int_equal(kazi_buf_append(&b, "x", SIZE_MAX - 3), KAZI_ERROR);
    assert_int_equal(kazi_buf_append(&b, "x", SIZE_MAX / 2 + 1), KAZI_ERROR);
    assert_ptr_equal(b.data, before);
    assert_int_equal(b.len, 3);
    assert_string_equal(b.data, "abc");
    free(b.data);
}

static void test_buf__a_copied_string_is_cut_and_terminated(void **state)
{
    (void)state;
    char small[4];
    memset(small, 'x', sizeof small);
    assert_int_equal(kazi_str_copy(small, sizeof small, "abcdef"), 3);
    assert_string_equal(small, "abc");
    char big[16];
    memset(big, 'x', sizeof big);
    assert_int_equal(kazi_str_copy(big, sizeof big, "sw"), 2);
    assert_string_equal(big, "sw");
    assert_int_equal(big[3], 'x'); /* nothing written past the terminator */
    char one[1] = {'x'};
    assert_int_equal(kazi_str_copy(one, sizeof one, "abc"), 0);
    assert_int_equal(one[0], '\0');
}

static void test_buf__an_integer_is_written_as_printf_writes_it(void **state)
{
    (void)state;
    const long long values[] = {0, 7, -7, 10, 1234567890123LL, LLONG_MAX, LLONG_MIN};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        char got[KAZI_INT_TEXT], want[32];
        size_t n = kazi_str_int(got, values[i]);
        snprintf(want, sizeof want, "%lld", values[i]);
        assert_string_equal(got, want);
        assert_int_equal(n, strlen(want));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buf__appends_grow_and_stay_terminated),
        cmocka_unit_test(test_buf__bytes_are_kept_as_given),
        cmocka_unit_test(test_buf__an_impossible_length_is_refused),
        cmocka_unit_test(test_buf__a_copied_string_is_cut_and_terminated),
        cmocka_unit_test(test_buf__an_integer_is_written_as_printf_writes_it),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
