/* util/error: the thread-local last error every layer reports through. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#include "util/error.h"

/* 1 when s is well-formed UTF-8 (no cut sequence at the end). */
static int valid_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int n = *p < 0x80             ? 0
                : (*p & 0xe0) == 0xc0 ? 1
                : (*p & 0xf0) == 0xe0 ? 2
                : (*p & 0xf8) == 0xf0 ? 3
                                      : -1;
        if (n < 0) return 0;
        p++;
        for (int i = 0; i < n; i++, p++)
            if ((*p & 0xc0) != 0x80) return 0;
    }
    return 1;
}

static void test_error__set_returns_the_code_and_records_field_and_message(void **state)
{
    (void)state;
    assert_int_equal(kazi_error_set(KAZI_EINVALID, "birth_date", "no day %d in %s", 30, "February"),
                     KAZI_EINVALID);
    const kazi_error *e = kazi_error_last();
    assert_int_equal(e->code, KAZI_EINVALID);
    assert_string_equal(e->field, "birth_date");
    assert_string_equal(e->message, "no day 30 in February");
    assert_null(e->slug);
    kazi_error_set_slug(KAZI_EMALFORMED, "malformed_json", NULL, "bad");
    assert_string_equal(kazi_error_last()->slug, "malformed_json");
    assert_string_equal(kazi_error_last()->field, "");
    /* a later set forgets the earlier slug and position */
    kazi_error_set_position(3, 7);
    kazi_error_set(KAZI_ENOTFOUND, NULL, "gone");
    assert_null(kazi_error_last()->slug);
    assert_int_equal(kazi_error_last()->line, 0);
    kazi_error_clear();
    assert_int_equal(kazi_error_last()->code, KAZI_OK);
    assert_string_equal(kazi_error_last()->message, "");
}

/* A message longer than the buffer is cut, but never inside a character: the HTTP layer
 * puts it in a JSON body, and a cut UTF-8 sequence would replace the whole message
 * with "(message was not valid UTF-8)". */
static void test_error__a_long_message_is_cut_at_a_character_boundary(void **state)
{
    (void)state;
    char text[1200];
    for (int shift = 0; shift < 4; shift++) {
        size_t n = 0;
        for (int i = 0; i < shift; i++)
            text[n++] = 'x';
        while (n + 5 < sizeof text) { /* "é" (2 bytes) and "₹" (3 bytes) in turn */
            memcpy(text + n, "\xc3\xa9\xe2\x82\xb9", 5);
            n += 5;
        }
        text[n] = '\0';
        kazi_error_set(KAZI_EINVALID, "name", "%s", text);
        const kazi_error *e = kazi_error_last();
        assert_true(strlen(e->message) > 400);
        assert_true(valid_utf8(e->message));
        assert_int_equal(strncmp(e->message, text, strlen(e->message)), 0);
    }
    /* the field is bounded the same way */
    kazi_error_set(KAZI_EINVALID, text, "x");
    assert_true(valid_utf8(kazi_error_last()->field));
}

static void *other_thread(void *arg)
{
    (void)arg;
    static int saw;
    saw = kazi_error_last()->code; /* a new thread starts with no error */
    kazi_error_set(KAZI_EDENIED, "other", "from the other thread");
    return &saw;
}

static void test_error__each_thread_has_its_own(void **state)
{
    (void)state;
    kazi_error_set(KAZI_EBUSY, "mine", "from this thread");
    pthread_t t;
    void *saw;
    assert_int_equal(pthread_create(&t, NULL, other_thread, NULL), 0);
    assert_int_equal(pthread_join(t, &saw), 0);
    assert_int_equal(*(int *)saw, KAZI_OK);
    assert_int_equal(kazi_error_last()->code, KAZI_EBUSY);
    assert_string_equal(kazi_error_last()->field, "mine");
}

static void test_error__names_are_distinct_and_stable(void **state)
{
    (void)state;
    static const int codes[] = {KAZI_ERROR,      KAZI_ENOTFOUND, KAZI_EEXISTS,  KAZI_EINVALID,
                                KAZI_EDENIED,    KAZI_EBUSY,     KAZI_ETIMEOUT, KAZI_EPLUGIN,
                                KAZI_EMALFORMED, KAZI_ETOOBIG,   KAZI_EUNAUTH,  KAZI_ECONFLICT,
                                KAZI_ERATELIMIT, KAZI_EMETHOD,   KAZI_EVERSION, KAZI_EFULL};
    size_t n = sizeof codes / sizeof codes[0];
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            assert_string_not_equal(kazi_error_name(codes[i]), kazi_error_name(codes[j]));
    assert_string_equal(kazi_error_name(KAZI_ENOTFOUND), "not_found");
    assert_string_equal(kazi_error_name(-999), "internal_error");
    /* errno: a full disk is KAZI_EFULL, anything else an internal error */
    assert_int_equal(kazi_error_errno(ENOSPC, NULL, "write %s", "x"), KAZI_EFULL);
    assert_non_null(strstr(kazi_error_last()->message, "full"));
    assert_int_equal(kazi_error_errno(EACCES, NULL, "open %s", "x"), KAZI_ERROR);
    assert_non_null(strstr(kazi_error_last()->message, strerror(EACCES)));
}

static void test_error__a_check_list_keeps_every_field_error_until_the_next_set(void **state)
{
    (void)state;
    kazi_check_list l = {.n = 0};
    int n = -1;
    assert_int_equal(kazi_check_note(&l, KAZI_OK), KAZI_OK);
    assert_int_equal(kazi_check_done(&l), KAZI_OK);
    assert_int_equal(kazi_check_note(&l, kazi_error_set(KAZI_EINVALID, "sex", "sex: no")), KAZI_OK);
    assert_int_equal(kazi_check_note(&l, kazi_error_set(KAZI_EINVALID, "phone", "bad phone")),
                     KAZI_OK);
    /* a field already noted keeps its first message */
    assert_int_equal(kazi_check_note(&l, kazi_error_set(KAZI_EINVALID, "sex", "again")), KAZI_OK);
    /* an error that is not about a field's value stops the check */
    assert_int_equal(kazi_check_note(&l, kazi_error_set(KAZI_ERROR, NULL, "disk")), KAZI_ERROR);
    assert_int_equal(kazi_check_done(&l), KAZI_EINVALID);
    const kazi_error *e = kazi_error_last();
    assert_string_equal(e->field, "sex");
    assert_string_equal(e->message, "sex: no");
    const kazi_field_error *f = kazi_error_fields(&n);
    assert_int_equal(n, 2);
    assert_string_equal(f[0].field, "sex");
    assert_string_equal(f[1].field, "phone");
    assert_string_equal(f[1].message, "bad phone");
    kazi_error_set(KAZI_ENOTFOUND, NULL, "later");
    kazi_error_fields(&n);
    assert_int_equal(n, 0);
    /* one error alone carries no list: the single-field shape */
    kazi_check_list one = {.n = 0};
    kazi_check_note(&one, kazi_error_set(KAZI_EINVALID, "x", "x bad"));
    assert_int_equal(kazi_check_done(&one), KAZI_EINVALID);
    kazi_error_fields(&n);
    assert_int_equal(n, 0);
}

/* ---- translations: a template with {n}, rendered by the English format's conversions ---- */

static const char *translation_of; /* the msgid the fake translator answers for */
static const char *translation;    /* ... with this template */

static int fake_translator(char *buf, size_t size, const char *msgid)
{
    if (!translation_of || strcmp(msgid, translation_of) != 0) return 0;
    snprintf(buf, size, "%s", translation);
    return 1;
}

static int translate_teardown(void **state)
{
    (void)state;
    kazi_error_set_translator(NULL);
    translation_of = translation = NULL;
    return 0;
}

static void translate(const char *msgid, const char *tmpl)
{
    translation_of = msgid;
    translation = tmpl;
    kazi_error_set_translator(fake_translator);
}

static void test_error__a_translation_puts_each_value_in_its_place(void **state)
{
    (void)state;
    translate("%s is %d years old on %s", "Tarehe {3}: {1} ana miaka {2}");
    kazi_error_set(KAZI_EINVALID, "birth_date", "%s is %d years old on %s", "Amina", 17,
                   "2026-12-03");
    assert_string_equal(kazi_error_last()->message, "Tarehe 2026-12-03: Amina ana miaka 17");
    assert_string_equal(kazi_error_last()->field, "birth_date");
    /* a message without a translation stays English */
    kazi_error_set(KAZI_EINVALID, NULL, "no day %d in %s", 30, "February");
    assert_string_equal(kazi_error_last()->message, "no day 30 in February");
}

static void test_error__each_value_keeps_its_english_conversion(void **state)
{
    (void)state;
#define FMT "%.3s|%5d|%-4u|%ld|%lld|%lu|%llu|%zu|%zd|%g|%.2f|%c|%x|%%|%.*s|%i"
    const char *fmt = FMT;
    translate(fmt, "{1} {2} {3} {4} {5} {6} {7} {8} {9} {10} {11} {12} {13} {14} {15}");
    kazi_error_set(KAZI_EINVALID, NULL, FMT, "abcdef", 42, 7u, -5L, -6LL, 8UL, 9ULL, (size_t)10,
                   (ssize_t)-11, 0.5, 3.14159, 'z', 255u, 2, "xyz", -3);
    assert_string_equal(kazi_error_last()->message,
                        "abc    42 7    -5 -6 8 9 10 -11 0.5 3.14 z ff xy -3");
    assert_int_equal(kazi_error_format_args(fmt), 16);
    assert_int_equal(kazi_error_format_values(fmt), 15);
}

static void test_error__a_hostile_translation_cannot_inject_a_conversion(void **state)
{
    (void)state;
    /* %n, %s and %p in a translation are text: the only values are the format's own */
    translate("unknown cadre %s", "%n%s%p %x {1} {2} {0} {abc} {");
    kazi_error_set(KAZI_EINVALID, "cadre", "unknown cadre %s", "psw");
    assert_string_equal(kazi_error_last()->message, "%n%s%p %x psw {2} {0} {abc} {");
}

static void test_error__a_template_beyond_the_format_values_is_refused(void **state)
{
    (void)state;
    char why[200];
    assert_int_equal(
        kazi_error_template_check("%s is before %s", "{2} kabla ya {1}", why, sizeof why), KAZI_OK);
    assert_int_equal(kazi_error_template_check("%s is before %s", "{3}", why, sizeof why),
                     KAZI_EINVALID);
    assert_non_null(strstr(why, "{3}"));
    assert_non_null(strstr(why, "{1} to {2}"));
    assert_int_equal(kazi_error_template_check("no values", "{1}", why, sizeof why), KAZI_EINVALID);
    assert_int_equal(kazi_error_template_check("%s", "{0}", why, sizeof why), KAZI_EINVALID);
    /* "%.*s" shows one value (the precision is not one) */
    assert_int_equal(kazi_error_template_check("%.*s!", "{2}", why, sizeof why), KAZI_EINVALID);
    /* a format Kazi does not render cannot be translated */
    assert_int_equal(kazi_error_template_check("%n", "x", why, sizeof why), KAZI_EINVALID);
    assert_int_equal(kazi_error_format_args("%ls"), -1);
    /* plain braces are text */
    assert_int_equal(kazi_error_template_check("%s", "{x} {1}", why, sizeof why), KAZI_OK);
}

static void test_error__a_translated_errno_message_is_translated_before_its_reason(void **state)
{
    (void)state;
    translate("cannot write %s", "haiwezekani kuandika {1}");
    kazi_error_errno(EACCES, NULL, "cannot write %s", "people.csv");
    assert_string_equal(kazi_error_last()->message,
                        "haiwezekani kuandika people.csv: Permission denied");
}

static void test_error__a_long_translated_message_is_cut_at_a_character_boundary(void **state)
{
    (void)state;
    char big[600];
    memset(big, 'a', sizeof big);
    big[sizeof big - 1] = '\0';
    translate("x %s", "ä{1}");
    kazi_error_set(KAZI_EINVALID, NULL, "x %s", big);
    assert_true(strlen(kazi_error_last()->message) < sizeof kazi_error_last()->message);
    assert_true(valid_utf8(kazi_error_last()->message));
    translate("y %s", "{1}ää");
    kazi_error_set(KAZI_EINVALID, NULL, "y %s", big + 90); /* 509 bytes: ends mid-ä */
    assert_true(valid_utf8(kazi_error_last()->message));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_error__set_returns_the_code_and_records_field_and_message),
        cmocka_unit_test(test_error__a_long_message_is_cut_at_a_character_boundary),
        cmocka_unit_test(test_error__each_thread_has_its_own),
        cmocka_unit_test(test_error__names_are_distinct_and_stable),
        cmocka_unit_test(test_error__a_check_list_keeps_every_field_error_until_the_next_set),
        cmocka_unit_test_teardown(test_error__a_translation_puts_each_value_in_its_place,
                                  translate_teardown),
        cmocka_unit_test_teardown(test_error__each_value_keeps_its_english_conversion,
                                  translate_teardown),
        cmocka_unit_test_teardown(test_error__a_hostile_translation_cannot_inject_a_conversion,
                                  translate_teardown),
        cmocka_unit_test_teardown(test_error__a_template_beyond_the_format_values_is_refused,
                                  translate_teardown),
        cmocka_unit_test_teardown(
            test_error__a_translated_errno_message_is_translated_before_its_reason,
            translate_teardown),
        cmocka_unit_test_teardown(
            test_error__a_long_translated_message_is_cut_at_a_character_boundary,
            translate_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
