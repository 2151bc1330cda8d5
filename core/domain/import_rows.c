#include "domain/import_rows.h"
#include "domain/words.h"
#include "domain/catalogue.h"
#include "store/registry.h"
#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The identifier types the template offers a column for, in this order, when the country
 * declares none of its own (kazi.country{identifiers}: then those, in their order). */
static const char *const template_id_types[] = {"national_id", "programme_number", NULL};

/* The identifier types the template offers: the country's declared ones, else the
 * defaults above, as a new array of strings. */
static json_t *template_types(void)
{
    const kazi_registry_catalogue *cat = kazi_registry_catalogue_get();
    json_t *country = NULL, *out = json_array();
    if (cat->country) cat->country(cat->ctx, &country);
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(country, "identifiers"), i, x)
    {
        const char *t =
            json_is_string(x) ? json_string_value(x) : json_string_value(json_object_get(x, "id"));
        if (t) json_array_append_new(out, json_string(t));
    }
    json_decref(country);
    for (int t = 0; !json_array_size(out) && template_id_types[t]; t++)
        json_array_append_new(out, json_string(template_id_types[t]));
    return out;
}

/* Longest identifier type a column may name (identifier.<type>). */
#define ID_TYPE_MAX 40

const char *kazi_import_entity(kazi_import_kind kind)
{
    return kind == KAZI_IMPORT_PEOPLE      ? KAZI_ENTITY_PERSON
           : kind == KAZI_IMPORT_POSITIONS ? KAZI_ENTITY_POSITION
                                           : "assignment";
}

/* The field a re-run finds an existing record by, when the API does not require it. */
static const char *key_field(kazi_import_kind kind)
{
    return kind == KAZI_IMPORT_POSITIONS ? "code" : NULL;
}

/* A field's CSV column, or NULL when it has none (output only, or csv ""). A column
 * ending in '.' names a family (identifier.<type>, custom.<name>). */
static const char *column_name(const kazi_field *f)
{
    if (!(f->flags & KAZI_FIELD_INPUT) || (f->csv && !*f->csv)) return NULL;
    return f->csv ? f->csv : f->name;
}

static int is_family(const char *column)
{
    size_t n = strlen(column);
    return n && column[n - 1] == '.';
}

/* The field whose column is `h` (a family's member included), or NULL. */
static const kazi_field *field_of_column(const kazi_schema *s, const char *h)
{
    for (const kazi_field *f = s->fields; f->name; f++) {
        const char *c = column_name(f);
        if (!c) continue;
        if (is_family(c) ? !strncmp(h, c, strlen(c)) : !strcmp(h, c)) return f;
    }
    return NULL;
}

/*
 * Columns the server itself writes, so its files upload again: an export's "id" (the
 * exporting installation's number; rows are matched by identifier, code, or person,
 * position and start date, so the same file imports into a fresh installation) and
 * the "error" column of rejects.csv (the reason a row was refused, not data).
 */
static int server_column(const char *h)
{
    return !strcmp(h, "id") || !strcmp(h, "error");
}

static int has_custom(const kazi_schema *s)
{
    for (const kazi_field *f = s->fields; f->name; f++)
        if (f->kind == KAZI_F_CUSTOM && column_name(f)) return 1;
    return 0;
}

int kazi_import_rows_open(kazi_import_rows *out, kazi_db *db, const kazi_caller *actor,
                          kazi_import_kind kind, const kazi_import_sheet *sheet, json_t *errors)
{
    memset(out, 0, sizeof *out);
    out->db = db;
    out->actor = actor;
    out->kind = kind;
    out->sheet = sheet;
    out->errors = errors;
    out->schema = kazi_schema_of(kazi_import_entity(kind));
    out->decls = json_object();
    if (!out->schema || !out->decls)
        return kazi_error_set(KAZI_ERROR, NULL, "no field table for the import");
    if (!has_custom(out->schema)) return KAZI_OK;
    const kazi_registry_catalogue *cat = kazi_registry_catalogue_get();
    json_t *arr;
    int rc = cat->fields(cat->ctx, out->schema->entity, &arr);
    if (rc < 0) return rc;
    size_t i;
    json_t *d;
    json_array_foreach(arr, i, d)
    {
        const char *name = json_string_value(json_object_get(d, "name"));
        if (name) json_object_set(out->decls, name, d);
    }
    json_decref(arr);
    return KAZI_OK;
}

void kazi_import_rows_close(kazi_import_rows *r)
{
    if (!r) return;
    json_decref(r->decls);
    kazi_strmap_free(&r->units);
    r->decls = NULL;
}

void kazi_import_rows_report(kazi_import_rows *r, int line, int column, const char *field,
                             const char *msg)
{
    if (json_array_size(r->errors) >= KAZI_IMPORT_MAX_ERRORS) return;
    const kazi_import_sheet *s = r->sheet;
    const char *cname = column > 0 && (size_t)column <= s->ncols ? s->header[column - 1] : NULL;
    json_array_append_new(r->errors,
                          json_pack("{s:i,s:i,s:s?,s:s?,s:s}", "row", line, "column", column,
                                    "column_name", cname, "field", field, "message", msg));
}

int kazi_import_rows_column(const kazi_import_rows *r, const char *field)
{
    if (!field || !*field) return 0;
    const kazi_field *f = kazi_schema_field(r->schema, field);
    const char *c = f ? column_name(f) : NULL;
    for (size_t i = 0; i < r->sheet->ncols; i++) {
        const char *h = r->sheet->header[i];
        if (!strcmp(h, field)) return (int)i + 1;
        if (c && (is_family(c) ? !strncmp(h, c, strlen(c)) : !strcmp(h, c))) return (int)i + 1;
    }
    return 0;
}

/* Report a header error and set it as the last error. */
static int header_error(kazi_import_rows *r, int column, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int header_error(kazi_import_rows *r, int column, const char *field, const char *fmt, ...)
{
    char msg[sizeof kazi_error_last()->message];
    va_list ap;
    va_start(ap, fmt);
    kazi_error_vset(KAZI_EINVALID, field, fmt, ap); /* worded in the current language */
    va_end(ap);
    snprintf(msg, sizeof msg, "%s", kazi_error_last()->message);
    kazi_import_rows_report(r, 1, column, field, msg);
    return kazi_error_set(KAZI_EINVALID, field, "%s", msg);
}

/* Whether header cell `h` names a column this import reads or ignores. */
static int known_column(const kazi_import_rows *r, const char *h)
{
    if (server_column(h)) return 1;
    const kazi_field *f = field_of_column(r->schema, h);
    if (!f) return 0;
    const char *c = column_name(f);
    if (!is_family(c)) return 1;
    const char *member = h + strlen(c);
    if (f->kind == KAZI_F_CUSTOM) return json_object_get(r->decls, member) != NULL;
    if (f->kind == KAZI_F_IDENTIFIERS)
        return *member && strlen(member) <= ID_TYPE_MAX &&
               strspn(member, "abcdefghijklmnopqrstuvwxyz0123456789_") == strlen(member);
    return 0;
}

int kazi_import_rows_header(kazi_import_rows *r)
{
    const kazi_import_sheet *s = r->sheet;
    for (size_t c = 0; c < s->ncols; c++) {
        const char *h = s->header[c];
        if (!known_column(r, h))
            return header_error(r, (int)c + 1, h,
                                "unknown column '%.80s'; see the template for this import", h);
        for (size_t d = 0; d < c; d++)
            if (!strcmp(s->header[d], h))
                return header_error(r, (int)c + 1, h, "column '%.80s' appears twice", h);
    }
    const char *key = key_field(r->kind);
    for (const kazi_field *f = r->schema->fields; f->name; f++) {
        const char *col = column_name(f);
        if (!col || is_family(col)) continue;
        if (!(f->flags & KAZI_FIELD_REQUIRED) && !(key && !strcmp(key, f->name))) continue;
        int found = 0;
        for (size_t c = 0; c < s->ncols && !found; c++)
            found = !strcmp(s->header[c], col);
        if (!found) return header_error(r, 0, col, "the header has no '%s' column", col);
    }
    return KAZI_OK;
}

/* A column's label in plain words for a message (domain/words). */
#define LABEL(column) kazi_words_field((char[120]){0}, 120, (column))

static int cell_error(int col, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int cell_error(int col, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kazi_error_vset(KAZI_EINVALID, field, fmt, ap);
    va_end(ap);
    kazi_error_set_position(0, col);
    return KAZI_EINVALID;
}

/* "yes"/"true"/"1" → 1, "no"/"false"/"0" → 0, else -1. */
static int yes_no(const char *v)
{
    if (!strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "1")) return 1;
    if (!strcmp(v, "no") || !strcmp(v, "false") || !strcmp(v, "0")) return 0;
    return -1;
}

/* Options in one cell, separated by '|' (commas and semicolons may be the file's
 * delimiter): "sw|en"; blanks around each and empty ones dropped. */
static json_t *bar_list(const char *v)
{
    json_t *a = json_array();
    const char *p = v;
    while (a && *p) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);
        while (n && *p == ' ')
            p++, n--;
        while (n && p[n - 1] == ' ')
            n--;
        if (n) json_array_append_new(a, json_stringn(p, n));
        if (!bar) break;
        p = bar + 1;
    }
    return a;
}

/* A custom cell converted to its declared type. */
static int custom_value(json_t **out, const json_t *decl, const char *field, const char *v, int col)
{
    const char *type = json_string_value(json_object_get(decl, "type"));
    if (!type) type = "string";
    char *end;
    if (!strcmp(type, "integer")) {
        long long x = strtoll(v, &end, 10);
        if (*end || end == v)
            return cell_error(col, field, "%s: '%.40s' is not a whole number", LABEL(field), v);
        *out = json_integer(x);
    } else if (!strcmp(type, "number")) {
        double x = strtod(v, &end);
        if (*end || end == v)
            return cell_error(col, field, "%s: '%.40s' is not a number", LABEL(field), v);
        *out = json_real(x);
    } else if (!strcmp(type, "boolean")) {
        int b = yes_no(v);
        if (b < 0) return cell_error(col, field, "%s: '%.40s' is not yes or no", LABEL(field), v);
        *out = json_boolean(b);
    } else if (!strcmp(type, "multienum")) {
        *out = bar_list(v);
    } else {
        *out = json_string(v);
    }
    return KAZI_OK;
}

/*
 * A reference cell (a field holding another record's id) read by what people write:
 * org units and organisations by code, positions by code, people by an identifier.
 */
static int reference(int64_t *id, kazi_import_rows *r, const kazi_field *f, const char *h,
                     const char *val, int col)
{
    const char *name = f->name;
    int rc;
    if (!strcmp(name, "residence_org_unit_id") || !strcmp(name, "org_unit_id")) {
        if (kazi_strmap_get(&r->units, val, id)) return KAZI_OK;
        if ((rc = kazi_store_org_unit_by_code(id, r->db, val, name)) < 0) return rc;
        return kazi_strmap_put(&r->units, val, *id);
    }
    if (!strcmp(name, "organisation_id"))
        return kazi_store_organisation_by_code(id, r->db, val, name);
    if (!strcmp(name, "position_id")) {
        if ((rc = kazi_store_position_by_code(id, r->db, val)) < 0)
            return rc == KAZI_ENOTFOUND
                       ? cell_error(col, name, "%s: no position with code '%.64s'", LABEL(h), val)
                       : rc;
        return KAZI_OK;
    }
    if (!strcmp(name, "person_id")) {
        if ((rc = kazi_store_identifier_owner(id, r->db, NULL, val)) < 0)
            return rc == KAZI_ENOTFOUND
                       ? cell_error(col, name, "%s: no person with identifier '%.64s'", LABEL(h),
                                    val)
                       : rc;
        return KAZI_OK;
    }
    char *end;
    long long x = strtoll(val, &end, 10);
    if (*end || end == val || x <= 0)
        return cell_error(col, name, "%s: '%.40s' is not an id", LABEL(h), val);
    *id = x;
    return KAZI_OK;
}

/* The JSON value of a plain field's cell, by the field's kind. */
static int plain_value(json_t **out, kazi_import_rows *r, const kazi_field *f, const char *h,
                       const char *val, int col)
{
    char *end;
    int64_t id;
    int rc;
    switch (f->kind) {
    case KAZI_F_ID:
        if ((rc = reference(&id, r, f, h, val, col)) < 0) return rc;
        *out = json_integer(id);
        return KAZI_OK;
    case KAZI_F_TEXT_LIST:
        *out = bar_list(val);
        return KAZI_OK;
    case KAZI_F_BOOL: {
        int b = yes_no(val);
        if (b < 0)
            return cell_error(col, f->name, "%s: '%.40s' is not yes or no", LABEL(f->name), val);
        *out = json_boolean(b);
        return KAZI_OK;
    }
    case KAZI_F_NUMBER: {
        double x = strtod(val, &end);
        if (*end || end == val)
            return cell_error(col, f->name, "%s: '%.40s' is not a number", LABEL(f->name), val);
        *out = json_real(x);
        return KAZI_OK;
    }
    case KAZI_F_INTEGER: {
        long long x = strtoll(val, &end, 10);
        if (*end || end == val)
            return cell_error(col, f->name, "%s: '%.40s' is not a whole number", LABEL(f->name),
                              val);
        *out = json_integer(x);
        return KAZI_OK;
    }
    default:
        *out = json_string(val);
        return KAZI_OK;
    }
}

int kazi_import_rows_record(json_t **out, kazi_import_rows *r, const kazi_import_row *row)
{
    const kazi_import_sheet *s = r->sheet;
    json_t *rec = json_object(), *ids = json_array(), *custom = json_object();
    int rc = KAZI_OK;
    if (row->n != s->ncols) {
        rc = kazi_error_set(KAZI_EINVALID, NULL, "the row has %zu cells but the header has %zu",
                            row->n, s->ncols);
        goto done;
    }
    for (size_t c = 0; c < row->n && rc == KAZI_OK; c++) {
        const char *h = s->header[c];
        int col = (int)c + 1;
        char val[KAZI_IMPORT_MAX_CELL + 1];
        if ((rc = kazi_import_cell(val, row->cells[c], h, col)) < 0) break;
        if (!val[0] || server_column(h)) continue;
        const kazi_field *f = field_of_column(r->schema, h);
        if (!f) continue; /* the header was checked: cannot happen */
        json_t *x = NULL;
        if (f->kind == KAZI_F_IDENTIFIERS) {
            x = json_pack("{s:s,s:s}", "type", h + strlen(column_name(f)), "value", val);
            json_array_append_new(ids, x);
        } else if (f->kind == KAZI_F_CUSTOM) {
            const char *name = h + strlen(column_name(f));
            if ((rc = custom_value(&x, json_object_get(r->decls, name), h, val, col)) == KAZI_OK)
                json_object_set_new(custom, name, x);
        } else if ((rc = plain_value(&x, r, f, h, val, col)) == KAZI_OK) {
            json_object_set_new(rec, f->name, x);
        }
    }
    if (rc == KAZI_OK) {
        if (json_array_size(ids)) json_object_set(rec, "identifiers", ids);
        if (json_object_size(custom)) json_object_set(rec, "custom", custom);
        *out = rec;
        rec = NULL;
    }
done:
    json_decref(rec);
    json_decref(ids);
    json_decref(custom);
    return rc;
}

int kazi_import_columns(json_t **out, kazi_db *db, kazi_import_kind kind)
{
    const kazi_schema *s = kazi_schema_of(kazi_import_entity(kind));
    json_t *names = json_array();
    int rc = s && names ? KAZI_OK : kazi_error_set(KAZI_ERROR, NULL, "no field table");
    for (const kazi_field *f = s ? s->fields : NULL; f && f->name && rc == KAZI_OK; f++) {
        const char *c = column_name(f);
        if (!c) continue;
        if (f->kind == KAZI_F_IDENTIFIERS) {
            json_t *offered = template_types();
            size_t k;
            json_t *x;
            json_array_foreach(offered, k, x)
                json_array_append_new(names, json_sprintf("%s%s", c, json_string_value(x)));
            json_t *types = NULL;
            if (db && (rc = kazi_store_identifier_types(&types, db)) < 0) {
                json_decref(offered);
                break;
            }
            json_array_foreach(types, k, x)
            {
                int listed = 0;
                size_t t;
                json_t *y;
                json_array_foreach(offered, t, y) listed |=
                    !strcmp(json_string_value(x), json_string_value(y));
                if (!listed)
                    json_array_append_new(names, json_sprintf("%s%s", c, json_string_value(x)));
            }
            json_decref(types);
            json_decref(offered);
        } else if (f->kind == KAZI_F_CUSTOM) {
            const kazi_registry_catalogue *cat = kazi_registry_catalogue_get();
            json_t *decls = NULL;
            if ((rc = cat->fields(cat->ctx, s->entity, &decls)) < 0) break;
            size_t k;
            json_t *d;
            json_array_foreach(decls, k, d)
            {
                const char *name = json_string_value(json_object_get(d, "name"));
                if (name) json_array_append_new(names, json_sprintf("%s%s", c, name));
            }
            json_decref(decls);
        } else {
            json_array_append_new(names, json_string(c));
        }
    }
    if (rc < 0) {
        json_decref(names);
        return rc;
    }
    *out = names;
    return KAZI_OK;
}
