/*
 * import — bulk import of people, positions and assignments from spreadsheet CSV:
 * header mapping, per-row validation with a row-and-column error report before
 * anything is written, all-or-nothing or partial (with a rejects CSV), idempotent
 * re-runs, and the templates generated from the active catalogue. The work is done in
 * three steps, each its own module: import_reader (CSV → rows), import_rows (row →
 * record, by the schema's CSV columns) and import_bulk (records → the register, in one
 * transaction). Jobs that run an import for a caller are domain/importjob.
 * Owns: the import report shape, the template's example row.
 * Uses: domain/import_reader, domain/import_rows, domain/import_bulk, util/csv.
 * Thread-safety: reentrant; one import per connection at a time.
 */
#ifndef KAZI_DOMAIN_IMPORT_H
#define KAZI_DOMAIN_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "domain/registry.h"
#include "store/db.h"
#include "util/json.h"

/* Longest cell accepted, in bytes (an over-long cell is a row error). */
#define KAZI_IMPORT_MAX_CELL 1000
/* Most data rows in one file. */
#define KAZI_IMPORT_MAX_ROWS 2000000

typedef enum {
    KAZI_IMPORT_PEOPLE,
    KAZI_IMPORT_POSITIONS,
    KAZI_IMPORT_ASSIGNMENTS
} kazi_import_kind;

/* "people" | "positions" | "assignments" → kind; KAZI_EINVALID (field "kind") otherwise. */
int kazi_import_kind_parse(kazi_import_kind *out, const char *name);

/* The name of a kind ("people", "positions", "assignments"); static. */
const char *kazi_import_kind_name(kazi_import_kind kind);

typedef struct kazi_import_opts {
    kazi_import_kind kind;
    int partial; /* write the valid rows and reject the others */
    /* Called now and then with rows processed so far (validation counts the first half,
     * writing the second: done runs to 2 * total). May be NULL. */
    void (*progress)(void *ctx, int64_t done, int64_t total);
    void *progress_ctx;
    /* Page cache (MiB) of the connection while the import writes, so a large
     * transaction's index pages stay in memory; 0: KAZI_IMPORT_CACHE_MIB. The
     * connection's default is restored afterwards. */
    int cache_mib;
} kazi_import_opts;

/* The import's page cache when the caller names none (a server's request thread). */
#define KAZI_IMPORT_CACHE_MIB 64

typedef struct kazi_import_result {
    int64_t rows;     /* data rows in the file */
    int64_t created;  /* records written */
    int64_t existing; /* rows already in the register (re-runs), not written again */
    int64_t updated;  /* people found by identifier whose row changed a value: updated */
    int64_t rejected; /* rows with errors */
    json_t *errors;   /* [{row, column, column_name, field, message}] (row 1 = header) */
    char *rejects;    /* partial mode: header + "error" column + the rejected rows; or NULL */
    size_t rejects_len;
} kazi_import_result;

/* Free what a result owns; NULL-safe. */
void kazi_import_result_free(kazi_import_result *r);

/* {rows, created, existing, updated, rejected, errors[, rejects_csv]} as a new JSON
 * object. */
json_t *kazi_import_result_json(const kazi_import_result *r);

/*
 * Import `len` bytes of CSV. Every row is validated first (inside one write
 * transaction). Default mode: if any row is invalid nothing is written and
 * KAZI_EINVALID is returned with the report in *out. Partial mode: the valid rows are
 * written, KAZI_OK is returned, the invalid ones are in out->errors and out->rejects.
 * A file that cannot be read (bad encoding, broken quotes, wrong header) is
 * KAZI_EINVALID / KAZI_EMALFORMED with one error naming the row and column. *out is
 * always filled and must be freed with kazi_import_result_free.
 */
int kazi_import_run(kazi_import_result *out, kazi_db *db, const kazi_caller *actor,
                    const kazi_import_opts *opts, const char *buf, size_t len);

/* The template CSV (header line and one example row) of `kind` for the active
 * catalogue, custom fields included. The example row is the country's: an org unit of
 * the installation inside the caller's scope (db may be NULL: that cell is empty), the
 * configuration's first cadre with its level, name, pay and currency, its education
 * levels and languages. Caller frees *out (malloc). */
int kazi_import_template(char **out, size_t *len, kazi_db *db, const kazi_caller *caller,
                         kazi_import_kind kind);

#endif
