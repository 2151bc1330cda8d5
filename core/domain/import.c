#include "domain/import.h"
#include "domain/import_bulk.h"
#include "domain/import_reader.h"
#include "domain/import_rows.h"
#include "domain/organisation.h"
#include "domain/words.h"
#include "lua/runtime.h"
#include "store/orgunit.h"
#include "store/registry.h"
#include "util/csv.h"
#include "util/error.h"

#include <ctype.h>
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
        rc = kazi_error_set(KAZI_EINVALID, NULL, "the file is empty");
        kazi_import_rows_report(&rows, 1, 0, NULL, kazi_error_last()->message);
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
 * column without one, such as a custom field's, gets an empty cell). The values that
 * belong to a country — org-unit codes, cadre, level, post title, pay and currency,
 * education, languages — come from the live configuration and the installation's own
 * org units (kazi_import_template); these are the rest. */
static const struct {
    const char *column, *example;
} examples[] = {
    {"given_name", "Amina"},
    {"family_name", "Mushi"},
    {"other_names", "Neema"},
    {"sex", "female"},
    {"birth_date", "1990-04-12"},
    {"phone", "0754 000 111"},
    {"identifier.national_id", "19900412-14115-00001-21"},
    {"identifier.programme_number", "PSW-000123"},
    {"approved", "yes"},
    {"funded_by", "Government"},
    {"person_identifier", "19900412-14115-00001-21"},
    {"start_date", "2020-01-01"},
    {"engagement", "stipend"},
};

/* The country's examples, looked up once per template. */
typedef struct {
    char unit[65];   /* an org unit of the installation at the post's level */
    char cadre[64];  /* the configuration's first cadre */
    char level[33];  /* where it works (else the last declared level) */
    char title[200]; /* its name in the current language */
    char post[80];   /* a post code made of it: "CCV-0001" */
    char amount[32]; /* its first declared pay */
    char engagement[33];
    char currency[8];      /* the country's */
    char education[64];    /* the lowest declared education level but one, else none */
    char languages[64];    /* the configuration's languages, "|"-joined */
    char organisation[65]; /* an organisation of the installation in the caller's scope */
} country_examples;

static const char *example_of(const country_examples *x, const char *column)
{
    const struct {
        const char *column, *value;
    } own[] = {
        {"residence_code", x->unit},
        {"org_unit_code", x->unit},
        {"cadre", x->cadre},
        {"level", x->level},
        {"title", x->title},
        {"code", x->post},
        {"position_code", x->post},
        {"pay_amount", x->amount},
        {"pay_currency", x->currency},
        {"education", x->education},
        {"languages", x->languages},
        {"engagement", x->engagement},
        {"organisation_code", x->organisation},
    };
    for (size_t i = 0; i < sizeof own / sizeof own[0]; i++)
        if (!strcmp(own[i].column, column) && own[i].value[0]) return own[i].value;
    for (size_t i = 0; i < sizeof examples / sizeof examples[0]; i++)
        if (!strcmp(examples[i].column, column)) return examples[i].example;
    return "";
}

/* The first org unit of the caller's scope at `level` (else the deepest met first). */
typedef struct {
    const char *level;
    char code[65];
    int depth, found;
} unit_search;

static int unit_at(void *ctx, const kazi_orgunit *u, const char *parent_code)
{
    (void)parent_code;
    unit_search *s = ctx;
    if (s->level && !strcmp(u->level_id, s->level)) {
        snprintf(s->code, sizeof s->code, "%s", u->code);
        s->found = 1;
        return KAZI_ECONFLICT; /* stop: found */
    }
    if (u->depth > s->depth || !s->code[0]) {
        snprintf(s->code, sizeof s->code, "%s", u->code);
        s->depth = u->depth;
    } else if (!s->level) {
        return KAZI_ECONFLICT; /* the first branch's deepest unit */
    }
    return KAZI_OK;
}

static void country_examples_get(country_examples *x, kazi_db *db, const kazi_caller *caller)
{
    memset(x, 0, sizeof *x);
    kazi_lua_gen *g = kazi_lua_current();
    const json_t *cat = g ? kazi_lua_gen_catalogue(g) : NULL;
    const json_t *country = json_object_get(cat, "country");
    const json_t *cadre = json_array_get(json_object_get(cat, "cadres"), 0);
    const json_t *levels = json_object_get(country, "levels");
    const char *id = json_string_value(json_object_get(cadre, "id"));
    const char *level = json_string_value(json_object_get(cadre, "works_at"));
    if (!level)
        level = json_string_value(
            json_object_get(json_array_get(levels, json_array_size(levels) - 1), "id"));
    if (id) {
        snprintf(x->cadre, sizeof x->cadre, "%s", id);
        kazi_words_name(x->title, sizeof x->title, "cadres", id);
        size_t n = 0;
        for (const char *c = id; *c && n + 6 < sizeof x->post; c++)
            x->post[n++] = isalnum((unsigned char)*c) ? (char)toupper((unsigned char)*c) : '-';
        snprintf(x->post + n, sizeof x->post - n, "-0001");
    }
    if (level) snprintf(x->level, sizeof x->level, "%s", level);
    const char *cur = json_string_value(json_object_get(country, "currency"));
    if (cur) snprintf(x->currency, sizeof x->currency, "%s", cur);
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(cat, "pay"), i, e)
    {
        const char *c = json_string_value(json_object_get(e, "cadre"));
        if (!id || !c || strcmp(c, id) || !json_is_number(json_object_get(e, "amount"))) continue;
        snprintf(x->amount, sizeof x->amount, "%.0f",
                 json_number_value(json_object_get(e, "amount")));
        const char *eng = json_string_value(json_object_get(e, "engagement"));
        if (eng) snprintf(x->engagement, sizeof x->engagement, "%.*s", (int)strcspn(eng, "+"), eng);
        if (!cur) cur = json_string_value(json_object_get(e, "currency"));
        if (cur) snprintf(x->currency, sizeof x->currency, "%s", cur);
        break;
    }
    const json_t *edu = json_object_get(country, "education");
    const char *ed = json_string_value(
        json_object_get(json_array_get(edu, json_array_size(edu) > 1 ? 1 : 0), "id"));
    if (ed) snprintf(x->education, sizeof x->education, "%s", ed);
    size_t at = 0;
    json_array_foreach(json_object_get(country, "languages"), i, e)
    {
        if (json_string_value(e) && at < sizeof x->languages)
            at += (size_t)snprintf(x->languages + at, sizeof x->languages - at, "%s%s",
                                   at ? "|" : "", json_string_value(e));
    }
    kazi_lua_gen_unref(g);
    if (db) {
        const char *lo, *hi;
        kazi_caller_scope_range(caller, &lo, &hi);
        unit_search s = {.level = x->level[0] ? x->level : NULL};
        kazi_orgunit_each(db, lo, hi, unit_at, &s);
        if (!s.found && s.level) { /* no unit at that level: the first branch's deepest */
            unit_search d = {0};
            kazi_orgunit_each(db, lo, hi, unit_at, &d);
            memcpy(s.code, d.code, sizeof s.code);
        }
        snprintf(x->unit, sizeof x->unit, "%s", s.code);
        json_t *orgs = NULL;
        if (kazi_organisation_list_for(&orgs, db, caller, NULL, 1, 0) == KAZI_OK) {
            const char *code = json_string_value(json_object_get(json_array_get(orgs, 0), "code"));
            if (code) snprintf(x->organisation, sizeof x->organisation, "%s", code);
        }
        json_decref(orgs);
        kazi_error_clear();
    }
}

int kazi_import_template(char **out, size_t *len, kazi_db *db, const kazi_caller *caller,
                         kazi_import_kind kind)
{
    country_examples x;
    country_examples_get(&x, db, caller);
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
            values[i] = example_of(&x, names[i]);
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
