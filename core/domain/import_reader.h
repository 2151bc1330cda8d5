/*
 * import_reader — the first step of an import: a CSV file read into a sheet (the
 * header and the data rows as text, each row with its record number), and one cell
 * brought into the form a spreadsheet meant (blanks around it and the quote our
 * exports put before formula-like text taken off). Nothing here knows what a column
 * means; domain/import_rows does.
 * Owns: kazi_import_sheet and its cells.
 * Uses: util/csv (libcsv), util/error.
 * Thread-safety: reentrant.
 */
#ifndef KAZI_DOMAIN_IMPORT_READER_H
#define KAZI_DOMAIN_IMPORT_READER_H

#include <stddef.h>

#include "domain/import.h"

typedef struct kazi_import_row {
    int line; /* CSV record number, the header being 1 */
    char **cells;
    size_t n;
} kazi_import_row;

typedef struct kazi_import_sheet {
    char **header; /* NULL: the file holds no record at all */
    size_t ncols;
    kazi_import_row *rows;
    size_t nrows, cap;
} kazi_import_sheet;

/*
 * Read `len` bytes of CSV (delimiter detected, BOM and CRLF allowed) into *out, which
 * must be zeroed. The first record is the header. More than KAZI_IMPORT_MAX_ROWS data
 * rows is KAZI_ETOOBIG; a file that is not CSV (broken quotes, bad encoding) is
 * KAZI_EMALFORMED or KAZI_EINVALID with the last error's position naming the record
 * and column. *out holds what was read in every case: free it with
 * kazi_import_sheet_free.
 */
int kazi_import_read(kazi_import_sheet *out, const char *buf, size_t len);

/* Free a sheet's cells and leave it zeroed; NULL-safe. */
void kazi_import_sheet_free(kazi_import_sheet *s);

/*
 * The value of one cell as the import reads it, into out (KAZI_IMPORT_MAX_CELL + 1
 * bytes): blanks around it dropped, and a leading quote that an export put before
 * = + - @ tab or CR (so a spreadsheet does not run it as a formula) taken off, so
 * "'+255757108306" reads as the phone. A cell longer than KAZI_IMPORT_MAX_CELL bytes is
 * KAZI_EINVALID naming `column` (at position 0, `col`).
 */
int kazi_import_cell(char *out, const char *raw, const char *column, int col);

#endif
