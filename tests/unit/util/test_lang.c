/* util/lang: the language a thread's work speaks; only plain codes are taken. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <string.h>

#include "util/lang.h"

static void test_lang__only_plain_codes_are_valid(void **state)
{
    (void)state;
    const char *good[] = {"en", "sw", "ny", "kin", "pt-BR", "sw-KE", "zh-Hant"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        assert_true(kazi_lang_valid(good[i]));
    const char *bad[] = {NULL,    "",        "e",        "EN",     "engl",         "en-", "en-B",
                         "en_GB", "en-GB-x", "en;q=0.5", "../etc", "en-123456789", "e n"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(kazi_lang_valid(bad[i]));
}

static void test_lang__an_invalid_choice_resets_to_none(void **state)
{
    (void)state;
    kazi_lang_set("ny");
    assert_string_equal(kazi_lang_current(), "ny");
    kazi_lang_set("<script>");
    assert_string_equal(kazi_lang_current(), "");
    kazi_lang_set("sw");
    kazi_lang_set(NULL);
    assert_string_equal(kazi_lang_current(), "");
}

static void *other_thread(void *arg)
{
    (void)arg;
    const char *verdict = kazi_lang_current()[0] == '\0' ? "none" : "some";
    kazi_lang_set("ny");
    return (void *)verdict;
}

static void test_lang__each_thread_has_its_own(void **state)
{
    (void)state;
    kazi_lang_set("sw");
    pthread_t t;
    void *res = NULL;
    assert_int_equal(pthread_create(&t, NULL, other_thread, NULL), 0);
    assert_int_equal(pthread_join(t, &res), 0);
    assert_string_equal((const char *)res, "none"); /* a new thread starts with no choice */
    assert_string_equal(kazi_lang_current(), "sw"); /* and its choice stays its own */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lang__only_plain_codes_are_valid),
        cmocka_unit_test(test_lang__an_invalid_choice_resets_to_none),
        cmocka_unit_test(test_lang__each_thread_has_its_own),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
