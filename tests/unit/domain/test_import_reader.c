/* domain/import_reader: a CSV file read into a sheet (header, rows with their record
 * numbers) and one cell read as a spreadsheet meant it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "domain/import_reader.h"
#include "util/error.h"

static void test_import_reader__header_and_rows_keep_their_record_numbers(void **state)
{
    (void)state;
    /* a quoted line break does not shift the record numbers the report gives */
    static const char csv[] = "\xEF\xBB\xBFgiven_name;family_name\r\n"
                              "Amina;\"Mushi\nwa Pili\"\r\n"
                              "Juma;Ali\r\n";
    kazi_import_sheet s = {0};
    assert_int_equal(kazi_import_read(&s, csv, sizeof csv - 1), KAZI_OK);
    assert_int_equal(s.ncols, 2);
    assert_string_equal(s.header[0], "given_name");
    assert_string_equal(s.header[1], "family_name");
    assert_int_equal(s.nrows, 2);
    assert_int_equal(s.rows[0].line, 2);
    assert_string_equal(s.rows[0].cells[1], "Mushi\nwa Pili");
    assert_int_equal(s.rows[1].line, 3);
    assert_string_equal(s.rows[1].cells[0], "Juma");
    kazi_import_sheet_free(&s);
    assert_null(s.header);
    kazi_import_sheet_free(NULL);
}

static void test_import_reader__an_empty_file_has_no_header(void **state)
{
    (void)state;
    kazi_import_sheet s = {0};
    assert_int_equal(kazi_import_read(&s, "", 0), KAZI_OK);
    assert_null(s.header);
    assert_int_equal(s.nrows, 0);
    kazi_import_sheet_free(&s);
}

static void test_import_reader__bad_bytes_are_refused_with_row_and_column(void **state)
{
    (void)state;
    static const char csv[] = "given_name,family_name\nAmina,Mu\xE9shi\n";
    kazi_import_sheet s = {0};
    assert_int_equal(kazi_import_read(&s, csv, sizeof csv - 1), KAZI_EMALFORMED);
    assert_int_equal(kazi_error_last()->line, 2);
    assert_int_equal(kazi_error_last()->column, 2);
    assert_non_null(strstr(kazi_error_last()->message, "UTF-8"));
    kazi_import_sheet_free(&s); /* what was read before is freed too */
}

static void test_import_reader__cells_lose_blanks_and_the_exports_formula_quote(void **state)
{
    (void)state;
    char out[KAZI_IMPORT_MAX_CELL + 1];
    assert_int_equal(kazi_import_cell(out, "  Amina  ", "given_name", 1), KAZI_OK);
    assert_string_equal(out, "Amina");
    assert_int_equal(kazi_import_cell(out, "'+255757108306", "phone", 6), KAZI_OK);
    assert_string_equal(out, "+255757108306");
    assert_int_equal(kazi_import_cell(out, " '=1+1 ", "education", 8), KAZI_OK);
    assert_string_equal(out, "=1+1");
    /* a quote before ordinary text is the text's own */
    assert_int_equal(kazi_import_cell(out, "'Neema", "other_names", 3), KAZI_OK);
    assert_string_equal(out, "'Neema");
    assert_int_equal(kazi_import_cell(out, "'", "other_names", 3), KAZI_OK);
    assert_string_equal(out, "'");
    assert_int_equal(kazi_import_cell(out, "   ", "other_names", 3), KAZI_OK);
    assert_string_equal(out, "");
}

static void test_import_reader__an_over_long_cell_names_its_column(void **state)
{
    (void)state;
    char big[KAZI_IMPORT_MAX_CELL + 2], out[KAZI_IMPORT_MAX_CELL + 1];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_int_equal(kazi_import_cell(out, big, "education", 8), KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "education");
    assert_int_equal(kazi_error_last()->column, 8);
    big[KAZI_IMPORT_MAX_CELL] = '\0'; /* exactly the limit is a cell */
    assert_int_equal(kazi_import_cell(out, big, "education", 8), KAZI_OK);
    assert_int_equal(strlen(out), KAZI_IMPORT_MAX_CELL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_import_reader__header_and_rows_keep_their_record_numbers),
        cmocka_unit_test(test_import_reader__an_empty_file_has_no_header),
        cmocka_unit_test(test_import_reader__bad_bytes_are_refused_with_row_and_column),
        cmocka_unit_test(test_import_reader__cells_lose_blanks_and_the_exports_formula_quote),
        cmocka_unit_test(test_import_reader__an_over_long_cell_names_its_column),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
