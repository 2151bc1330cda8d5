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

#include <jansson.h>

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

/* A string written as JSON is what jansson writes for it (but for the hex digits of a
 * \u escape: lower case, as Kazi has always written them): every ASCII byte, escapes at
 * the start, middle and end, non-ASCII letters as they are, and a string of escapes only
 * long enough to make the buffer grow while it is written. */
static void test_buf__a_json_string_is_what_jansson_writes(void **state)
{
    (void)state;
    char ascii[128];
    for (int i = 1; i < 128; i++)
        ascii[i - 1] = (char)i;
    ascii[127] = '\0';
    char *escapes = malloc(9001);
    for (int i = 0; i < 9000; i++)
        escapes[i] = "\x01\"\\\n"[i % 4];
    escapes[9000] = '\0';
    const char *cases[] = {"",
                           "plain",
                           "\"at the start",
                           "at the end\\",
                           "mid\tdle\r\n",
                           "Jos\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\x1f\x7f",
                           ascii,
                           escapes};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        kazi_buf b = {0};
        assert_int_equal(kazi_buf_append(&b, "x", 1), KAZI_OK);
        assert_int_equal(kazi_buf_json_string(&b, cases[i], strlen(cases[i])), KAZI_OK);
        json_t *j = json_string(cases[i]);
        char *want = json_dumps(j, JSON_ENCODE_ANY);
        for (char *u = want; (u = strstr(u, "\\u00")); u += 6)
            for (int k = 4; k < 6; k++)
                if (u[k] >= 'A' && u[k] <= 'F') u[k] = (char)(u[k] - 'A' + 'a');
        assert_int_equal(b.len, strlen(want) + 1);
        assert_string_equal(b.data + 1, want);
        free(want);
        json_decref(j);
        free(b.data);
    }
    free(escapes);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buf__appends_grow_and_stay_terminated),
        cmocka_unit_test(test_buf__bytes_are_kept_as_given),
        cmocka_unit_test(test_buf__an_impossible_length_is_refused),
        cmocka_unit_test(test_buf__a_copied_string_is_cut_and_terminated),
        cmocka_unit_test(test_buf__an_integer_is_written_as_printf_writes_it),
        cmocka_unit_test(test_buf__a_json_string_is_what_jansson_writes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
