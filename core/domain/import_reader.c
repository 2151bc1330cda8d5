#include "domain/import_reader.h"
#include "domain/words.h"
#include "util/csv.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

static char **copy_fields(char *const *fields, size_t n)
{
    char **c = calloc(n ? n : 1, sizeof *c);
    if (!c) return NULL;
    for (size_t i = 0; i < n; i++)
        if (!(c[i] = strdup(fields[i]))) {
            while (i)
                free(c[--i]);
            free(c);
            return NULL;
        }
    return c;
}

static void free_fields(char **f, size_t n)
{
    for (size_t i = 0; f && i < n; i++)
        free(f[i]);
    free(f);
}

static int on_row(void *ctx, int line, char *const *fields, size_t n)
{
    kazi_import_sheet *s = ctx;
    if (!s->header) {
        s->header = copy_fields(fields, n);
        s->ncols = s->header ? n : 0;
        return s->header ? KAZI_OK : kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    }
    if (s->nrows >= KAZI_IMPORT_MAX_ROWS)
        return kazi_error_set(KAZI_ETOOBIG, NULL, "the file has more than %d rows; split it",
                              KAZI_IMPORT_MAX_ROWS);
    if (s->nrows == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 256;
        kazi_import_row *rows = realloc(s->rows, cap * sizeof *rows);
        if (!rows) return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
        s->rows = rows;
        s->cap = cap;
    }
    char **cells = copy_fields(fields, n);
    if (!cells) return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    s->rows[s->nrows++] = (kazi_import_row){.line = line, .cells = cells, .n = n};
    return KAZI_OK;
}

int kazi_import_read(kazi_import_sheet *out, const char *buf, size_t len)
{
    return kazi_csv_parse(buf, len, on_row, out);
}

void kazi_import_sheet_free(kazi_import_sheet *s)
{
    if (!s) return;
    for (size_t i = 0; i < s->nrows; i++)
        free_fields(s->rows[i].cells, s->rows[i].n);
    free(s->rows);
    free_fields(s->header, s->ncols);
    memset(s, 0, sizeof *s);
}

int kazi_import_cell(char *out, const char *raw, const char *column, int col)
{
    size_t n = strlen(raw);
    if (n > KAZI_IMPORT_MAX_CELL) {
        char label[120];
        kazi_error_set(KAZI_EINVALID, column, "%s: the cell is longer than %d bytes",
                       kazi_words_field(label, sizeof label, column), KAZI_IMPORT_MAX_CELL);
        kazi_error_set_position(0, col);
        return KAZI_EINVALID;
    }
    /* Blanks that spreadsheets leave around a value. */
    while (*raw == ' ')
        raw++;
    /* util/csv's writer quotes a cell a spreadsheet would run as a formula. */
    if (raw[0] == '\'' && raw[1] && strchr("=+-@\t\r", raw[1])) raw++;
    n = strlen(raw);
    while (n && raw[n - 1] == ' ')
        n--;
    memcpy(out, raw, n);
    out[n] = '\0';
    return KAZI_OK;
}
