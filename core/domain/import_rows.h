/*
 * import_rows — what a column of an import means: the columns of each kind come from
 * the entity's schema field table (each input field's `csv` column; a reference by code
 * or identifier where the API takes an id; identifiers as identifier.<type> and the
 * configuration's custom fields as custom.<name>), so the import, its template and the
 * re-importable export cannot list different columns. Checks a header, and turns one
 * row of a sheet into the API-shaped record the registry validates.
 * Owns: the header rule, the cell conversions, the column list (import/export).
 * Uses: domain/schema, domain/catalogue (custom fields), domain/import_reader (the
 * sheet), store/registry (look-ups by code and identifier), util/strmap.
 * Thread-safety: reentrant; a kazi_import_rows belongs to one import.
 */
#ifndef KAZI_DOMAIN_IMPORT_ROWS_H
#define KAZI_DOMAIN_IMPORT_ROWS_H

#include "domain/import.h"
#include "domain/import_reader.h"
#include "domain/schema.h"
#include "util/strmap.h"

/* Most errors one import reports (the rows after still count as rejected). */
#define KAZI_IMPORT_MAX_ERRORS 1000

typedef struct kazi_import_rows {
    kazi_db *db;
    const kazi_caller *actor;
    kazi_import_kind kind;
    const kazi_schema *schema;
    const kazi_import_sheet *sheet; /* lent */
    json_t *errors;                 /* lent: where kazi_import_rows_report appends */
    json_t *decls;                  /* the configuration's custom fields by name */
    kazi_strmap units;              /* org-unit code → id, looked up once per file */
} kazi_import_rows;

/* The schema entity an import kind fills ("person", "position", "assignment"). */
const char *kazi_import_entity(kazi_import_kind kind);

/* Set up *out for `sheet` (lent, as are db, actor and errors): loads the custom field
 * declarations. Free with kazi_import_rows_close (also after a failure). */
int kazi_import_rows_open(kazi_import_rows *out, kazi_db *db, const kazi_caller *actor,
                          kazi_import_kind kind, const kazi_import_sheet *sheet, json_t *errors);

void kazi_import_rows_close(kazi_import_rows *r);

/*
 * The header rule: every column is one of the kind's columns, an identifier.<type>
 * (people), a custom.<name> the configuration declares, or a column the server itself
 * writes ("id" of an export, "error" of rejects.csv, both ignored); none appears twice;
 * every required field's column is there (and a position's code, by which a re-run
 * finds it). KAZI_OK, or KAZI_EINVALID naming the column, reported at row 1.
 */
int kazi_import_rows_header(kazi_import_rows *r);

/*
 * The API-shaped record of `row` (codes and identifiers resolved to ids, empty cells
 * left out) into *out (new reference). KAZI_EINVALID / KAZI_ENOTFOUND naming the field,
 * with the column as the last error's position when a cell is at fault; KAZI_ERROR
 * when the store fails.
 */
int kazi_import_rows_record(json_t **out, kazi_import_rows *r, const kazi_import_row *row);

/* The column (1-based) of the sheet that a record field came from, or 0. */
int kazi_import_rows_column(const kazi_import_rows *r, const char *field);

/* Append {row, column, column_name, field, message} to the errors (at most
 * KAZI_IMPORT_MAX_ERRORS). */
void kazi_import_rows_report(kazi_import_rows *r, int line, int column, const char *field,
                             const char *msg);

/*
 * The CSV columns of `kind` in table order (array of strings, new reference): the
 * schema's input fields under their columns, identifiers as identifier.<type> for the
 * template's types (and, with db, every type the register holds), custom fields as
 * custom.<name> for the live configuration. The import template's header and the
 * re-importable export's columns (after its "id").
 */
int kazi_import_columns(json_t **out, kazi_db *db, kazi_import_kind kind);

#endif
