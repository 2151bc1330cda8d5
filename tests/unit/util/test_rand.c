/* util/rand: secure randomness for ids, tokens and secrets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "util/error.h"
#include "util/rand.h"

static void test_rand__hex_is_lowercase_of_the_asked_length_and_differs(void **state)
{
    (void)state;
    assert_int_equal(kazi_rand_init(), KAZI_OK);
    assert_int_equal(kazi_rand_init(), KAZI_OK); /* idempotent */
    char a[33], b[33];
    memset(a, 'Z', sizeof a);
    kazi_rand_hex(a, 16);
    kazi_rand_hex(b, 16);
    assert_int_equal(strlen(a), 32);
    assert_int_equal(strspn(a, "0123456789abcdef"), 32);
    assert_string_not_equal(a, b);
    char one[3];
    kazi_rand_hex(one, 1);
    assert_int_equal(strlen(one), 2);
}

static void test_rand__bytes_cover_every_value(void **state)
{
    (void)state;
    unsigned char buf[65536];
    int seen[256] = {0}, distinct = 0;
    kazi_rand_bytes(buf, sizeof buf);
    for (size_t i = 0; i < sizeof buf; i++)
        if (!seen[buf[i]]++) distinct++;
    /* 65,536 uniform bytes miss a given value with probability (255/256)^65536 ~ 1e-111 */
    assert_int_equal(distinct, 256);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rand__hex_is_lowercase_of_the_asked_length_and_differs),
        cmocka_unit_test(test_rand__bytes_cover_every_value),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
