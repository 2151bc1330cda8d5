/*
 * import_bulk — the writing step of an import: each record of a checked sheet is
 * created, found again (a re-run: left as it is, or updated where the row changes a
 * value), or rejected with its row and column, inside the caller's one transaction.
 * People are checked row by row and written in batches through reused statements with
 * one audit row for the file; positions and assignments go row by row, each in a
 * savepoint, through the registry's own create, update and end.
 * Owns: the in-file duplicate tables, the rejects CSV being built.
 * Uses: domain/import_rows (records), domain/registry, domain/audit, store/registry.
 * Thread-safety: reentrant; one import per connection at a time.
 */
#ifndef KAZI_DOMAIN_IMPORT_BULK_H
#define KAZI_DOMAIN_IMPORT_BULK_H

#include "domain/import.h"
#include "domain/import_rows.h"
#include "util/csv.h"

typedef struct kazi_import_bulk {
    kazi_db *db;
    const kazi_caller *actor;
    const kazi_import_opts *opts;
    kazi_import_rows *rows;  /* lent: the sheet and how its rows read */
    kazi_import_result *res; /* lent: the counts and errors being made */
    kazi_csv_out rejects;    /* partial mode: the sheet's header + "error", then each
                              * rejected row with its reason (the caller frees buf) */
} kazi_import_bulk;

/*
 * Write every data row of b->rows's sheet in the transaction the caller has begun on
 * b->db, counting into b->res (created, existing, updated, rejected, errors) and, in
 * partial mode, copying rejected rows to b->rejects. A row's own fault is a rejection,
 * not a failure; KAZI_OK then, and the caller decides (without partial mode) to roll
 * back. A failure that is not a row's (store, busy) is returned; roll back. `buf`/`len`
 * are the file, whose hash the people import audits.
 */
int kazi_import_bulk_write(kazi_import_bulk *b, const char *buf, size_t len);

#endif
