/* The CSV reader: BOM, delimiters, quoting, line breaks in fields, row/column errors,
 * UTF-8 checks; and the writer's quoting and formula guard. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/csv.h"
#include "util/error.h"

typedef struct {
    char cells[16][8][64];
    size_t widths[16];
    int rows[16];
    int n;
    int fail_at; /* row to fail at, 0: never */
} sink;

static int collect(void *p, int row, char *const *f, size_t n)
{
    sink *s = p;
    if (s->fail_at == row) {
        kazi_error_set(KAZI_EINVALID, "name", "bad name");
        kazi_error_set_position(row, 2);
        return KAZI_EINVALID;
    }
    if (s->n >= 16) return KAZI_OK;
    s->rows[s->n] = row;
    s->widths[s->n] = n;
    for (size_t i = 0; i < n && i < 8; i++)
        snprintf(s->cells[s->n][i], 64, "%s", f[i]);
    s->n++;
    return KAZI_OK;
}

static void test_csv__bom_semicolon_quotes_newlines(void **state)
{
    (void)state;
    static const char in[] = "\xef\xbb\xbf"
                             "code;name\r\n"
                             "A;\"Ilala; Municipal\"\r\n"
                             "\r\n"
                             "B;\"two\nlines \"\"quoted\"\"\"\n"
                             "C;Dar es Salaam";
    sink s = {0};
    assert_int_equal(kazi_csv_parse(in, sizeof in - 1, collect, &s), KAZI_OK);
    assert_int_equal(s.n, 4);
    assert_string_equal(s.cells[0][0], "code"); /* BOM stripped */
    assert_string_equal(s.cells[1][1], "Ilala; Municipal");
    assert_string_equal(s.cells[2][1], "two\nlines \"quoted\"");
    assert_int_equal(s.rows[2], 3); /* blank line skipped, multi-line field is one row */
    assert_string_equal(s.cells[3][1], "Dar es Salaam");
    assert_int_equal(s.rows[3], 4);
}

static void test_csv__comma_default_and_detection(void **state)
{
    (void)state;
    assert_int_equal(kazi_csv_detect_delimiter("a,b;c,d\n", 8), ',');
    assert_int_equal(kazi_csv_detect_delimiter("a;b;c,d\n", 8), ';');
    assert_int_equal(kazi_csv_detect_delimiter("\"a;b;c\",d\n", 10), ',');
    sink s = {0};
    static const char in[] = "a,b,c\n1,,3\n";
    assert_int_equal(kazi_csv_parse(in, sizeof in - 1, collect, &s), KAZI_OK);
    assert_int_equal(s.widths[1], 3);
    assert_string_equal(s.cells[1][1], "");
}

static void test_csv__unclosed_quote_reports_row_and_column(void **state)
{
    (void)state;
    static const char in[] = "a,b\nx,y\nz,\"never closed\n";
    sink s = {0};
    assert_int_equal(kazi_csv_parse(in, sizeof in - 1, collect, &s), KAZI_EMALFORMED);
    assert_int_equal(kazi_error_last()->line, 3);
    assert_int_equal(kazi_error_last()->column, 2);
    static const char stray[] = "a,b\nx,y\"z\n";
    assert_int_equal(kazi_csv_parse(stray, sizeof stray - 1, collect, &s), KAZI_EMALFORMED);
    assert_int_equal(kazi_error_last()->line, 2);
}

static void test_csv__invalid_utf8_and_nul_are_refused(void **state)
{
    (void)state;
    static const char latin1[] = "a,b\nx,Dar es Sal\xe1\x61m\n";
    sink s = {0};
    assert_int_equal(kazi_csv_parse(latin1, sizeof latin1 - 1, collect, &s), KAZI_EMALFORMED);
    assert_int_equal(kazi_error_last()->line, 2);
    assert_int_equal(kazi_error_last()->column, 2);
    static const char nul[] = "a,b\nx,y\0z\n";
    assert_int_equal(kazi_csv_parse(nul, sizeof nul - 1, collect, &s), KAZI_EMALFORMED);
    static const char ok[] = "a\nMwanza \xc3\xa9\xe2\x82\xac\n";
    sink s2 = {0};
    assert_int_equal(kazi_csv_parse(ok, sizeof ok - 1, collect, &s2), KAZI_OK);
}

static void test_csv__callback_failure_stops_with_its_error(void **state)
{
    (void)state;
    static const char in[] = "a,b\n1,2\n3,4\n5,6\n";
    sink s = {.fail_at = 3};
    assert_int_equal(kazi_csv_parse(in, sizeof in - 1, collect, &s), KAZI_EINVALID);
    assert_int_equal(s.n, 2);
    assert_int_equal(kazi_error_last()->line, 3);
    assert_string_equal(kazi_error_last()->field, "name");
}

static void test_csv__writer_quotes_and_guards_formulas(void **state)
{
    (void)state;
    kazi_csv_out o = {0};
    const char *row[] = {"plain", "a,b", "say \"hi\"", "=cmd()", "two\nlines"};
    kazi_csv_out_row(&o, row, 5);
    assert_false(o.failed);
    assert_string_equal(o.buf, "plain,\"a,b\",\"say \"\"hi\"\"\",\"'=cmd()\",\"two\nlines\"\r\n");
    sink s = {0};
    assert_int_equal(kazi_csv_parse(o.buf, o.len, collect, &s), KAZI_OK);
    assert_string_equal(s.cells[0][2], "say \"hi\"");
    free(o.buf);
    /* A number Kazi wrote stays a number; the same text from a user is guarded. */
    kazi_csv_out n = {0};
    const char *cells[] = {"-12.5", "-12.5", "+1"};
    const char numbers[] = {1, 0, 1};
    kazi_csv_out_cells(&n, cells, numbers, 3);
    assert_string_equal(n.buf, "-12.5,\"'-12.5\",+1\r\n");
    free(n.buf);
}

/* An import's report: one shape for every CSV importer, bounded, never dropping a
 * problem whose message is not text. */
static void test_csv__problems_have_one_shape_and_a_bound(void **state)
{
    (void)state;
    json_t *report = json_array();
    kazi_csv_problem(report, 2, 3, 4, "birth_date", "birth_date must be a date");
    kazi_csv_problem(report, 2, 5, 1, NULL, "bad \xff text");
    kazi_csv_problem(report, 2, 6, 1, NULL, "beyond the bound");
    assert_int_equal(json_array_size(report), 2);
    json_t *a = json_array_get(report, 0), *b = json_array_get(report, 1);
    assert_int_equal(json_integer_value(json_object_get(a, "row")), 3);
    assert_int_equal(json_integer_value(json_object_get(a, "column")), 4);
    assert_string_equal(json_string_value(json_object_get(a, "field")), "birth_date");
    assert_null(json_object_get(b, "field"));
    assert_string_equal(json_string_value(json_object_get(b, "message")),
                        "(message not valid text)");
    json_decref(report);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv__bom_semicolon_quotes_newlines),
        cmocka_unit_test(test_csv__comma_default_and_detection),
        cmocka_unit_test(test_csv__unclosed_quote_reports_row_and_column),
        cmocka_unit_test(test_csv__problems_have_one_shape_and_a_bound),
        cmocka_unit_test(test_csv__invalid_utf8_and_nul_are_refused),
        cmocka_unit_test(test_csv__callback_failure_stops_with_its_error),
        cmocka_unit_test(test_csv__writer_quotes_and_guards_formulas),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
