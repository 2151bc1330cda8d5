#include "domain/export.h"
#include "domain/import_rows.h"
#include "store/registry.h"
#include "util/buf.h"
#include "util/csv.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Buffered output goes to the sink in pieces of about this size. */
#define FLUSH_AT 65536

/* Columns of each extract; `personal` ones are left out for analysts. */
typedef struct col {
    const char *name;
    int personal;
} col;

static const col people_cols[] = {
    {"id", 1},
    {"given_name", 1},
    {"family_name", 1},
    {"other_names", 1},
    {"sex", 0},
    {"birth_date", 1},
    {"birth_year", 0},
    {"phone", 1},
    {"languages", 0},
    {"education", 0},
    {"residence_org_unit_id", 0},
    {"identifiers", 1},
    {"status", 0},
    {"status_reason", 1},
    {"custom", 1},
    {"created_at", 0},
    {"updated_at", 0},
    {NULL, 0},
};
static const col position_cols[] = {
    {"id", 0},     {"code", 0},  {"title", 0},    {"org_unit_id", 0}, {"organisation_id", 0},
    {"cadre", 0},  {"level", 0}, {"approved", 0}, {"funded_by", 0},   {"vacant", 0},
    {"custom", 0}, {NULL, 0},
};
static const col assignment_cols[] = {
    {"id", 0},           {"person_id", 1},  {"position_id", 0}, {"position_code", 0},
    {"start_date", 0},   {"end_date", 0},   {"engagement", 0},  {"pay_amount", 0},
    {"pay_currency", 0}, {"end_reason", 0}, {NULL, 0},
};

typedef struct ctx {
    const col *cols;
    json_t *names; /* CSV for personal callers: the import's columns (array of strings) */
    int personal;
    kazi_export_format format;
    kazi_csv_out csv;
    kazi_buf json; /* JSON text not yet written: objects are serialised as they come, so a
                    * large extract never holds a tree of json_t */
    size_t nrows;
    int failed;
    kazi_export_sink sink; /* where full buffers go */
    void *sink_ctx;
} ctx;

/* Hand what is buffered to the sink once it passes `at` bytes (0: everything). */
static int flush(ctx *c, size_t at)
{
    int rc = KAZI_OK;
    if (c->csv.len > at || (!at && c->csv.len)) {
        rc = c->sink(c->sink_ctx, c->csv.buf, c->csv.len);
        c->csv.len = 0;
    }
    if (rc == KAZI_OK && (c->json.len > at || (!at && c->json.len))) {
        rc = c->sink(c->sink_ctx, c->json.data, c->json.len);
        c->json.len = 0;
    }
    return rc;
}

/* The record as the export shows it: derived columns added, others dropped. */
static void shape(json_t *rec, ctx *c)
{
    const char *bd = json_string_value(json_object_get(rec, "birth_date"));
    if (bd && strlen(bd) >= 4) {
        char y[5];
        memcpy(y, bd, 4);
        y[4] = '\0';
        json_object_set_new(rec, "birth_year", json_integer(atoi(y)));
    }
    const char *ids = json_string_value(json_object_get(rec, "identifier_list"));
    if (ids) json_object_set_new(rec, "identifiers", json_string(ids));
    if (json_object_get(rec, "holder"))
        json_object_set_new(rec, "vacant",
                            json_boolean(json_is_null(json_object_get(rec, "holder"))));
}

static char *cell_text(const json_t *v)
{
    if (!v || json_is_null(v)) return strdup("");
    if (json_is_string(v)) return strdup(json_string_value(v));
    if (json_is_true(v)) return strdup("true");
    if (json_is_false(v)) return strdup("false");
    if (json_is_array(v)) {
        /* languages: "sw|en" as the importer reads them */
        size_t n = 1, i;
        json_t *x;
        json_array_foreach(v, i, x) n += json_string_length(x) + 1;
        char *s = calloc(1, n);
        if (!s) return NULL;
        json_array_foreach(v, i, x)
        {
            if (i) strcat(s, "|");
            if (json_is_string(x)) strcat(s, json_string_value(x));
        }
        return s;
    }
    if (json_is_object(v) && !json_object_size(v)) return strdup("");
    return kazi_json_dump(v);
}

static int put(ctx *c, const char *s, size_t n)
{
    return kazi_buf_append(&c->json, s, n);
}

/* The value of import column `h` of an exported record. */
static char *template_cell(const json_t *rec, const char *h)
{
    if (!strncmp(h, "identifier.", 11)) {
        /* identifier_list: "type:value;type:value" */
        const char *list = json_string_value(json_object_get(rec, "identifier_list"));
        size_t tn = strlen(h + 11);
        for (const char *p = list; p && *p;) {
            const char *end = strchr(p, ';');
            size_t n = end ? (size_t)(end - p) : strlen(p);
            if (n > tn && !strncmp(p, h + 11, tn) && p[tn] == ':')
                return strndup(p + tn + 1, n - tn - 1);
            p = end ? end + 1 : NULL;
        }
        return strdup("");
    }
    if (!strncmp(h, "custom.", 7)) {
        json_t *v = json_object_get(json_object_get(rec, "custom"), h + 7);
        return json_is_true(v) ? strdup("yes") : json_is_false(v) ? strdup("no") : cell_text(v);
    }
    json_t *v = json_object_get(rec, h);
    if (json_is_real(v)) { /* 50000 as the importer's pay_amount, not 50000.0 */
        char num[64];
        snprintf(num, sizeof num, "%.17g", json_real_value(v));
        return strdup(num);
    }
    return json_is_true(v) ? strdup("yes") : json_is_false(v) ? strdup("no") : cell_text(v);
}

static int emit_template(ctx *c, const json_t *rec)
{
    size_t n = json_array_size(c->names), i;
    const char **cells = calloc(n ? n : 1, sizeof *cells);
    char **owned = calloc(n ? n : 1, sizeof *owned);
    int rc = KAZI_OK;
    if (!cells || !owned) rc = kazi_error_set(KAZI_ERROR, NULL, "out of memory exporting");
    for (i = 0; rc == KAZI_OK && i < n; i++) {
        owned[i] = template_cell(rec, json_string_value(json_array_get(c->names, i)));
        cells[i] = owned[i] ? owned[i] : "";
    }
    if (rc == KAZI_OK) kazi_csv_out_row(&c->csv, cells, n);
    for (i = 0; owned && i < n; i++)
        free(owned[i]);
    free(owned);
    free(cells);
    if (rc < 0) return rc;
    return c->csv.failed ? kazi_error_set(KAZI_ERROR, NULL, "out of memory exporting")
                         : flush(c, FLUSH_AT);
}

/*
 * The CSV columns of a re-importable extract: "id" (the exporting installation's
 * number, for the reader; the import matches rows by identifier or code), then the
 * import's own columns (domain/import_rows: the schema table's), with every
 * identifier type the register holds.
 */
static int template_names(json_t **out, kazi_db *db, kazi_import_kind kind)
{
    json_t *columns;
    int rc = kazi_import_columns(&columns, db, kind);
    if (rc < 0) return rc;
    json_t *names = json_array();
    json_array_append_new(names, json_string("id"));
    json_array_extend(names, columns);
    json_decref(columns);
    *out = names;
    return KAZI_OK;
}

static int emit(void *vctx, json_t *rec)
{
    ctx *c = vctx;
    shape(rec, c);
    if (c->format == KAZI_EXPORT_JSON) {
        json_t *o = json_object();
        for (const col *k = c->cols; k->name; k++) {
            if (k->personal && !c->personal) continue;
            json_t *v = json_object_get(rec, k->name);
            json_object_set(o, k->name, v ? v : json_null());
        }
        char *text = json_dumps(o, JSON_COMPACT);
        json_decref(o);
        if (!text) return kazi_error_set(KAZI_ERROR, NULL, "out of memory exporting");
        int rc = put(c, c->nrows++ ? "," : "[", 1);
        if (rc == KAZI_OK) rc = put(c, text, strlen(text));
        free(text);
        return rc == KAZI_OK ? flush(c, FLUSH_AT) : rc;
    }
    if (c->names) return emit_template(c, rec);
    const char *cells[32];
    char *owned[32];
    size_t n = 0;
    for (const col *k = c->cols; k->name; k++) {
        if (k->personal && !c->personal) continue;
        owned[n] = cell_text(json_object_get(rec, k->name));
        cells[n] = owned[n] ? owned[n] : "";
        n++;
    }
    kazi_csv_out_row(&c->csv, cells, n);
    for (size_t i = 0; i < n; i++)
        free(owned[i]);
    return c->csv.failed ? kazi_error_set(KAZI_ERROR, NULL, "out of memory exporting")
                         : flush(c, FLUSH_AT);
}

static int stream(kazi_db *db, const kazi_caller *actor, kazi_import_kind kind,
                  kazi_export_format format, const char *lo, const char *hi,
                  const kazi_export_people_filter *f, kazi_export_sink sink, void *sink_ctx)
{
    ctx c = {
        .personal = actor->personal_data, .format = format, .sink = sink, .sink_ctx = sink_ctx};
    c.cols = kind == KAZI_IMPORT_PEOPLE      ? people_cols
             : kind == KAZI_IMPORT_POSITIONS ? position_cols
                                             : assignment_cols;
    if (!lo && !kazi_caller_is_national(actor)) /* national: no range, the plain scan */
        kazi_caller_scope_range(actor, &lo, &hi);
    int rc;
    if (format == KAZI_EXPORT_CSV && c.personal) {
        if ((rc = template_names(&c.names, db, kind)) < 0) return rc;
        size_t n = json_array_size(c.names);
        const char **names = calloc(n, sizeof *names);
        if (!names) {
            json_decref(c.names);
            return kazi_error_set(KAZI_ERROR, NULL, "out of memory exporting");
        }
        for (size_t i = 0; i < n; i++)
            names[i] = json_string_value(json_array_get(c.names, i));
        kazi_csv_out_row(&c.csv, names, n);
        free(names);
    } else if (format == KAZI_EXPORT_CSV) {
        const char *names[32];
        size_t n = 0;
        for (const col *k = c.cols; k->name; k++)
            if (!k->personal || c.personal) names[n++] = k->name;
        kazi_csv_out_row(&c.csv, names, n);
    }
    if (kind == KAZI_IMPORT_PEOPLE && f) {
        /* The search's own WHERE: the same people the People screen lists. */
        kazi_person_query q = {
            .q = f->q, .cadre = f->cadre, .status = f->status, .scope_lo = lo, .scope_hi = hi};
        rc = kazi_store_person_each_query(db, &q, emit, &c);
    } else if (kind == KAZI_IMPORT_PEOPLE)
        rc = kazi_store_person_each(db, lo, hi, emit, &c);
    else if (kind == KAZI_IMPORT_POSITIONS)
        rc = kazi_store_position_each(db, lo, hi, emit, &c);
    else
        rc = kazi_store_assignment_each(db, lo, hi, emit, &c);
    if (rc == KAZI_OK && format == KAZI_EXPORT_JSON)
        rc = put(&c, c.nrows ? "]" : "[]", c.nrows ? 1 : 2);
    if (rc == KAZI_OK && c.csv.failed)
        rc = kazi_error_set(KAZI_ERROR, NULL, "out of memory exporting");
    if (rc == KAZI_OK) rc = flush(&c, 0);
    free(c.csv.buf);
    free(c.json.data);
    json_decref(c.names);
    return rc;
}

int kazi_export_stream(kazi_db *db, const kazi_caller *actor, kazi_import_kind kind,
                       kazi_export_format format, const char *lo, const char *hi,
                       kazi_export_sink sink, void *sink_ctx)
{
    return stream(db, actor, kind, format, lo, hi, NULL, sink, sink_ctx);
}

int kazi_export_people(kazi_db *db, const kazi_caller *actor, kazi_export_format format,
                       const char *lo, const char *hi, const kazi_export_people_filter *f,
                       kazi_export_sink sink, void *sink_ctx)
{
    return stream(db, actor, KAZI_IMPORT_PEOPLE, format, lo, hi, f, sink, sink_ctx);
}

static int append(void *vctx, const char *buf, size_t len)
{
    return kazi_buf_append(vctx, buf, len);
}

int kazi_export_run(char **out, size_t *len, kazi_db *db, const kazi_caller *actor,
                    kazi_import_kind kind, kazi_export_format format, const char *lo,
                    const char *hi)
{
    kazi_buf w = {0};
    int rc = kazi_export_stream(db, actor, kind, format, lo, hi, append, &w);
    if (rc == KAZI_OK && !w.data) rc = append(&w, "", 0);
    if (rc < 0) {
        free(w.data);
        return rc;
    }
    *out = w.data;
    *len = w.len;
    return KAZI_OK;
}
