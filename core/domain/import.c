#include "domain/import.h"
#include "domain/import_bulk.h"
#include "domain/import_reader.h"
#include "domain/import_rows.h"
#include "store/registry.h"
#include "util/csv.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int kazi_import_kind_parse(kazi_import_kind *out, const char *name)
{
    if (name && !strcmp(name, "people"))
        *out = KAZI_IMPORT_PEOPLE;
    else if (name && !strcmp(name, "positions"))
        *out = KAZI_IMPORT_POSITIONS;
    else if (name && !strcmp(name, "assignments"))
        *out = KAZI_IMPORT_ASSIGNMENTS;
    else
        return kazi_error_set(KAZI_EINVALID, "kind",
                              "kind must be people, positions or assignments");
    return KAZI_OK;
}

const char *kazi_import_kind_name(kazi_import_kind kind)
{
    return kind == KAZI_IMPORT_PEOPLE      ? "people"
           : kind == KAZI_IMPORT_POSITIONS ? "positions"
                                           : "assignments";
}

int kazi_import_run(kazi_import_result *out, kazi_db *db, const kazi_caller *actor,
                    const kazi_import_opts *opts, const char *buf, size_t len)
{
    memset(out, 0, sizeof *out);
    out->errors = json_array();
    kazi_import_sheet sheet = {0};
    kazi_import_rows rows;
    kazi_import_bulk bulk = {.db = db, .actor = actor, .opts = opts, .rows = &rows, .res = out};
    int rc = kazi_import_rows_open(&rows, db, actor, opts->kind, &sheet, out->errors);
    if (rc < 0) goto done;
    if ((rc = kazi_import_read(&sheet, buf, len)) < 0) {
        const kazi_error *e = kazi_error_last();
        char msg[512];
        snprintf(msg, sizeof msg, "%s", e->message);
        kazi_import_rows_report(&rows, e->line, e->column, NULL, msg);
        kazi_error_set_slug(rc, rc == KAZI_EMALFORMED ? "malformed_csv" : NULL, NULL, "%s", msg);
        goto done;
    }
    if (!sheet.header) {
        kazi_import_rows_report(&rows, 1, 0, NULL, "the file is empty");
        rc = kazi_error_set(KAZI_EINVALID, NULL, "the file is empty");
        goto done;
    }
    if ((rc = kazi_import_rows_header(&rows)) < 0) goto done;
    out->rows = (int64_t)sheet.nrows;
    /* One transaction for the whole file, so by default any bad row leaves no trace of
     * the file at all. */
    /* The cache is a speed hint: an import that cannot have it runs slower, not fails. */
    (void)kazi_store_bulk_cache(db, opts->cache_mib > 0 ? opts->cache_mib : KAZI_IMPORT_CACHE_MIB);
    if ((rc = kazi_db_begin(db)) < 0) goto done;
    int wrote = kazi_import_bulk_write(&bulk, buf, len);
    rc = wrote >= 0 && out->rejected && !opts->partial
             ? kazi_error_set_slug(KAZI_EINVALID, "import_invalid", NULL,
                                   "%lld of %lld rows have errors; nothing was imported",
                                   (long long)out->rejected, (long long)out->rows)
             : wrote;
    if ((rc = kazi_db_end(db, rc)) < 0) {
        /* written, then refused or not committed: nothing of it stays */
        if (wrote >= 0) out->created = out->existing = out->updated = 0;
        goto done;
    }
    if (opts->partial && out->rejected) {
        out->rejects = bulk.rejects.buf;
        out->rejects_len = bulk.rejects.len;
        bulk.rejects.buf = NULL;
    }
done:
    (void)kazi_store_bulk_cache(db, 0);
    free(bulk.rejects.buf);
    kazi_import_rows_close(&rows);
    kazi_import_sheet_free(&sheet);
    return rc;
}

void kazi_import_result_free(kazi_import_result *r)
{
    if (!r) return;
    json_decref(r->errors);
    free(r->rejects);
    memset(r, 0, sizeof *r);
}

json_t *kazi_import_result_json(const kazi_import_result *r)
{
    json_t *o = json_pack("{s:I,s:I,s:I,s:I,s:I,s:O}", "rows", (json_int_t)r->rows, "created",
                          (json_int_t)r->created, "existing", (json_int_t)r->existing, "updated",
                          (json_int_t)r->updated, "rejected", (json_int_t)r->rejected, "errors",
                          r->errors ? r->errors : json_array());
    if (r->rejects) json_object_set_new(o, "rejects_csv", json_stringn(r->rejects, r->rejects_len));
    return o;
}

/* The template's example row: a believable value for each column that has one (a
 * column without one, such as a custom field's, gets an empty cell). */
static const struct {
    const char *column, *example;
} examples[] = {
    {"given_name", "Amina"},
    {"family_name", "Mushi"},
    {"other_names", "Neema"},
    {"sex", "female"},
    {"birth_date", "1990-04-12"},
    {"phone", "0754 000 111"},
    {"languages", "sw|en"},
    {"education", "Form IV"},
    {"residence_code", "TZ-01-01-01-01"},
    {"identifier.national_id", "19900412-14115-00001-21"},
    {"identifier.programme_number", "PSW-000123"},
    {"code", "PSW-V-0001"},
    {"title", "Para social worker"},
    {"org_unit_code", "TZ-01-01-01-01"},
    {"organisation_code", "GOV-DSW"},
    {"cadre", "psw"},
    {"level", "village"},
    {"approved", "yes"},
    {"funded_by", "Government"},
    {"person_identifier", "19900412-14115-00001-21"},
    {"position_code", "PSW-V-0001"},
    {"start_date", "2020-01-01"},
    {"engagement", "stipend"},
    {"pay_amount", "50000"},
    {"pay_currency", "TZS"},
};

static const char *example_of(const char *column)
{
    for (size_t i = 0; i < sizeof examples / sizeof examples[0]; i++)
        if (!strcmp(examples[i].column, column)) return examples[i].example;
    return "";
}

int kazi_import_template(char **out, size_t *len, kazi_import_kind kind)
{
    json_t *columns;
    int rc = kazi_import_columns(&columns, NULL, kind);
    if (rc < 0) return rc;
    size_t n = json_array_size(columns);
    const char **names = calloc(n ? n : 1, sizeof *names),
               **values = calloc(n ? n : 1, sizeof *values);
    kazi_csv_out o = {0};
    int ok = names && values;
    if (ok) {
        for (size_t i = 0; i < n; i++) {
            names[i] = json_string_value(json_array_get(columns, i));
            values[i] = example_of(names[i]);
        }
        kazi_csv_out_row(&o, names, n);
        kazi_csv_out_row(&o, values, n);
    }
    free(names);
    free(values);
    json_decref(columns);
    if (!ok || o.failed) {
        free(o.buf);
        return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    }
    *out = o.buf;
    *len = o.len;
    return KAZI_OK;
}
