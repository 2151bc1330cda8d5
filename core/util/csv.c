#include "util/csv.h"
#include "util/error.h"
#include "util/utf8.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    kazi_csv_row_fn fn;
    void *ctx;
    char *fields[KAZI_CSV_MAX_FIELDS];
    size_t nfields;
    int row;
    int rc; /* first failure; later callbacks do nothing */
} reader;

static void clear_fields(reader *r)
{
    for (size_t i = 0; i < r->nfields; i++)
        free(r->fields[i]);
    r->nfields = 0;
}

static void on_field(void *data, size_t len, void *p)
{
    reader *r = p;
    if (r->rc < 0) return;
    int row = r->row + 1, col = (int)r->nfields + 1;
    if (r->nfields >= KAZI_CSV_MAX_FIELDS) {
        r->rc = kazi_error_set_slug(KAZI_EMALFORMED, "malformed_csv", NULL,
                                    "row %d has more than %d fields", row, KAZI_CSV_MAX_FIELDS);
        kazi_error_set_position(row, col);
        return;
    }
    if ((data && memchr(data, '\0', len)) || (data && !kazi_utf8_valid(data, len))) {
        r->rc = kazi_error_set_slug(KAZI_EMALFORMED, "malformed_csv", NULL,
                                    "row %d column %d is not valid UTF-8 text (save the file "
                                    "as CSV UTF-8)",
                                    row, col);
        kazi_error_set_position(row, col);
        return;
    }
    char *copy = malloc(len + 1);
    if (!copy) {
        r->rc = kazi_error_set(KAZI_ERROR, NULL, "out of memory reading CSV");
        return;
    }
    if (len) memcpy(copy, data, len);
    copy[len] = '\0';
    r->fields[r->nfields++] = copy;
}

static void on_record(int c, void *p)
{
    (void)c;
    reader *r = p;
    if (r->rc < 0) return;
    r->row++;
    int rc = r->fn(r->ctx, r->row, r->fields, r->nfields);
    if (rc < 0) r->rc = rc;
    clear_fields(r);
}

char kazi_csv_detect_delimiter(const char *buf, size_t len)
{
    size_t commas = 0, semis = 0;
    int quoted = 0;
    for (size_t i = 0; i < len; i++) {
        char c = buf[i];
        if (c == '"')
            quoted = !quoted;
        else if (!quoted && (c == '\n' || c == '\r'))
            break;
        else if (!quoted && c == ',')
            commas++;
        else if (!quoted && c == ';')
            semis++;
    }
    return semis > commas ? ';' : ',';
}

int kazi_csv_parse(const char *buf, size_t len, kazi_csv_row_fn fn, void *ctx)
{
    if (len >= 3 && (unsigned char)buf[0] == 0xef && (unsigned char)buf[1] == 0xbb &&
        (unsigned char)buf[2] == 0xbf) {
        buf += 3;
        len -= 3;
    }
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        return kazi_error_set(KAZI_ERROR, NULL, "cannot initialise the CSV reader");
    csv_set_delim(&p, (unsigned char)kazi_csv_detect_delimiter(buf, len));
    /* libcsv grows a field's buffer by this much at a time (128 bytes by default): a
     * multi-megabyte cell would be copied thousands of times over (quadratic where
     * realloc cannot grow in place, as under the sanitizers) */
    csv_set_blk_size(&p, 64 * 1024);
    reader r = {.fn = fn, .ctx = ctx};
    size_t done = csv_parse(&p, buf, len, on_field, on_record, &r);
    int bad = done != len;
    if (!bad && r.rc == 0) bad = csv_fini(&p, on_field, on_record, &r) != 0;
    if (bad && r.rc == 0) {
        int row = r.row + 1, col = (int)r.nfields + 1;
        r.rc = kazi_error_set_slug(KAZI_EMALFORMED, "malformed_csv", NULL,
                                   "row %d column %d: %s (a quote inside a field must be doubled, "
                                   "and every quoted field closed)",
                                   row, col, csv_strerror(csv_error(&p)));
        kazi_error_set_position(row, col);
    }
    clear_fields(&r);
    csv_free(&p);
    return r.rc;
}

static void put(kazi_csv_out *o, const char *s, size_t n)
{
    if (o->failed) return;
    if (o->len + n + 1 > o->cap) {
        size_t cap = o->cap ? o->cap : 4096;
        while (o->len + n + 1 > cap)
            cap *= 2;
        char *b = realloc(o->buf, cap);
        if (!b) {
            o->failed = 1;
            return;
        }
        o->buf = b;
        o->cap = cap;
    }
    memcpy(o->buf + o->len, s, n);
    o->len += n;
    o->buf[o->len] = '\0';
}

void kazi_csv_out_row(kazi_csv_out *o, const char *const *fields, size_t n)
{
    kazi_csv_out_cells(o, fields, NULL, n);
}

void kazi_csv_out_cells(kazi_csv_out *o, const char *const *fields, const char *numbers, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *f = fields[i] ? fields[i] : "";
        if (i) put(o, ",", 1);
        int formula = !(numbers && numbers[i]) && strchr("=+-@\t\r", f[0]) != NULL && f[0];
        int quote = formula || strpbrk(f, ",\"\r\n") != NULL;
        if (quote) put(o, "\"", 1);
        if (formula) put(o, "'", 1);
        for (const char *p = f; *p; p++) {
            if (*p == '"')
                put(o, "\"\"", 2);
            else
                put(o, p, 1);
        }
        if (quote) put(o, "\"", 1);
    }
    put(o, "\r\n", 2);
}

void kazi_csv_problem(json_t *report, size_t max, int row, int column, const char *field,
                      const char *message)
{
    if (max && json_array_size(report) >= max) return;
    json_t *e = json_pack("{s:i,s:i,s:s}", "row", row, "column", column, "message", message);
    if (!e)
        e = json_pack("{s:i,s:i,s:s}", "row", row, "column", column, "message",
                      "(message not valid text)");
    if (field && *field) json_object_set_new(e, "field", json_string(field));
    json_array_append_new(report, e);
}
