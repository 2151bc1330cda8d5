/* What counts as UTF-8 text: every length of character, and each way bytes fail to
 * be one (the CSV reader, configuration files, field values and demo names use it). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "util/utf8.h"

static size_t first(const char *s)
{
    return kazi_utf8_char((const unsigned char *)s, strlen(s));
}

static void test_utf8__characters_of_each_length(void **state)
{
    (void)state;
    assert_int_equal(first("a"), 1);
    assert_int_equal(first("\xc3\xa9"), 2);         /* é */
    assert_int_equal(first("\xc5\x8b"), 2);         /* ŋ */
    assert_int_equal(first("\xe2\x82\xb9"), 3);     /* ₹ */
    assert_int_equal(first("\xef\xbf\xbd"), 3);     /* U+FFFD */
    assert_int_equal(first("\xf0\x9f\x98\x80"), 4); /* U+1F600 */
    assert_int_equal(first("\xf4\x8f\xbf\xbf"), 4); /* U+10FFFF, the last */
    static const char mixed[] = "Mw\xc3\xa9nda \xe2\x82\xb9 \xf0\x9f\x98\x80";
    assert_true(kazi_utf8_valid(mixed, sizeof mixed - 1));
    assert_true(kazi_utf8_valid("", 0));
    assert_true(kazi_utf8_valid("a\0b", 3)); /* NUL is the caller's concern */
}

static void test_utf8__bytes_that_are_not_a_character(void **state)
{
    (void)state;
    assert_int_equal(first("\x80"), 0);             /* a stray continuation byte */
    assert_int_equal(first("\xc3"), 0);             /* cut short */
    assert_int_equal(first("\xe2\x82"), 0);         /* cut short */
    assert_int_equal(first("\xc3\x41"), 0);         /* not followed by a continuation */
    assert_int_equal(first("\xc0\x80"), 0);         /* overlong NUL */
    assert_int_equal(first("\xc1\xbf"), 0);         /* overlong */
    assert_int_equal(first("\xe0\x80\xaf"), 0);     /* overlong '/' */
    assert_int_equal(first("\xf0\x80\x80\xaf"), 0); /* overlong '/' */
    assert_int_equal(first("\xed\xa0\x80"), 0);     /* a surrogate */
    assert_int_equal(first("\xf4\x90\x80\x80"), 0); /* past U+10FFFF */
    assert_int_equal(first("\xf8\x88\x80\x80\x80"), 0);
    assert_int_equal(first("\xff"), 0);
    assert_false(kazi_utf8_valid("ok \xe0\x80\xaf", 6));
    assert_false(kazi_utf8_valid("ok \xc3", 4));
    /* n bounds the look: a sequence is not completed by bytes past n. */
    assert_int_equal(kazi_utf8_char((const unsigned char *)"\xc3\xa9", 1), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8__characters_of_each_length),
        cmocka_unit_test(test_utf8__bytes_that_are_not_a_character),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
