/*
 * csv — reading CSV files people make with spreadsheets, over Debian's libcsv.
 * Owns: BOM and delimiter detection, UTF-8 checking, row/column error positions.
 * Uses: libcsv (only this module includes csv.h), util/error.
 * Thread-safety: reentrant; no shared state.
 */
#ifndef KAZI_UTIL_CSV_H
#define KAZI_UTIL_CSV_H

#include <stddef.h>

#include "util/json.h"

#define KAZI_CSV_MAX_FIELDS 256

/*
 * Called once per record. `row` is the 1-based record number (the header is row 1;
 * a quoted field spanning lines still counts as one row). `fields` are NUL-terminated,
 * valid UTF-8 and lent until the callback returns. Return KAZI_OK to continue or a
 * negative code (with the last error set) to stop; to point at a cell, call
 * kazi_error_set_position(row, column) after kazi_error_set (columns are 1-based).
 */
typedef int (*kazi_csv_row_fn)(void *ctx, int row, char *const *fields, size_t nfields);

/*
 * Parse `len` bytes of CSV. Handles a UTF-8 byte-order mark, comma or semicolon
 * delimiters (whichever occurs more often outside quotes in the first line), quoted
 * fields containing delimiters, doubled quotes and line breaks, CRLF or LF line ends
 * and blank lines (skipped). Errors: KAZI_EMALFORMED with the row and column in the
 * last error for a malformed quote, invalid UTF-8, a NUL byte or more than
 * KAZI_CSV_MAX_FIELDS fields; whatever the callback returned otherwise.
 */
int kazi_csv_parse(const char *buf, size_t len, kazi_csv_row_fn fn, void *ctx);

/* The delimiter kazi_csv_parse would use for buf (',' or ';'). */
char kazi_csv_detect_delimiter(const char *buf, size_t len);

/* A growing CSV document (comma-separated, CRLF line ends, RFC 4180 quoting). */
typedef struct kazi_csv_out {
    char *buf; /* malloc'd, NUL-terminated; the caller frees (or hands to a response) */
    size_t len, cap;
    int failed; /* out of memory: the document is incomplete */
} kazi_csv_out;

/*
 * Append one row. Fields containing a comma, quote, CR or LF are quoted; a field that
 * a spreadsheet would run as a formula (starting with = + - @, a tab or a CR) is prefixed
 * with a single quote (CSV injection).
 */
void kazi_csv_out_row(kazi_csv_out *out, const char *const *fields, size_t n);

/* As kazi_csv_out_row, but a field whose numbers[i] is non-zero is a number Kazi wrote
 * itself ("-12.5"): written as it is, without the formula prefix a text would get, so a
 * spreadsheet reads it as a number. numbers may be NULL (every field is text). */
void kazi_csv_out_cells(kazi_csv_out *out, const char *const *fields, const char *numbers,
                        size_t n);

/*
 * Append one problem of a CSV file to `report` (a JSON array): {row, column, message,
 * field when given}. At most `max` problems are kept (0: no limit); a message that is not
 * valid UTF-8 is replaced by a note saying so. The one shape of an import's report.
 */
void kazi_csv_problem(json_t *report, size_t max, int row, int column, const char *field,
                      const char *message);

#endif
