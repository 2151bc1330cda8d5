#include "domain/export.h"
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

int kazi_export_stream(kazi_db *db, const kazi_caller *actor, kazi_import_kind kind,
                       kazi_export_format format, const char *lo, const char *hi,
                       kazi_export_sink sink, void *sink_ctx)
{
    ctx c = {
        .personal = actor->personal_data, .format = format, .sink = sink, .sink_ctx = sink_ctx};
    c.cols = kind == KAZI_IMPORT_PEOPLE      ? people_cols
             : kind == KAZI_IMPORT_POSITIONS ? position_cols
                                             : assignment_cols;
    if (!lo && !kazi_caller_is_national(actor)) /* national: no range, the plain scan */
        kazi_caller_scope_range(actor, &lo, &hi);
    if (format == KAZI_EXPORT_CSV) {
        const char *names[32];
        size_t n = 0;
        for (const col *k = c.cols; k->name; k++)
            if (!k->personal || c.personal) names[n++] = k->name;
        kazi_csv_out_row(&c.csv, names, n);
    }
    int rc;
    if (kind == KAZI_IMPORT_PEOPLE)
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
    return rc;
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
