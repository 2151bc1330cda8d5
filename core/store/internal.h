/*
 * internal — what the store/ modules share and nothing above store/ may see:
 * the kazi_db layout, the statement cache and SQLite result translation.
 * Thread-safety: as db.h.
 */
#ifndef KAZI_STORE_INTERNAL_H
#define KAZI_STORE_INTERNAL_H

#include <sqlite3.h>

#include "store/db.h"
#include "util/json.h"

struct kazi_db {
    sqlite3 *h;
    char *path;
    int in_tx;
    /* The statement cache. It only grows: every `sql` has static storage, so it holds at
     * most one entry per SQL literal in the program, and a statement is finalized only
     * when the connection closes, never while a caller may still be stepping it. */
    struct kazi_stmt_entry {
        const char *sql; /* compared by address: callers pass string literals */
        sqlite3_stmt *stmt;
    } * cache;
    int ncache, capcache;
};

/*
 * A reset, ready-to-bind statement for `sql`, prepared once per connection and reused.
 * `sql` must be a string with static storage (a literal). NULL on error (last error set).
 * The statement is lent: do not finalize it; it is reset on the next call with the same
 * `sql`, and lives until the connection closes (preparing others never frees it).
 */
sqlite3_stmt *kazi_db_stmt(kazi_db *db, const char *sql);

/* Translate a SQLite result code into a Kazi error (last error set); `what` names the
 * operation in the message. Constraint violations become KAZI_EEXISTS / KAZI_EINVALID. */
int kazi_db_fail(kazi_db *db, int sqlite_rc, const char *what);

/* Run SQL text with no results (migrations, pragmas). */
int kazi_db_exec(kazi_db *db, const char *sql);

/* Step a statement that returns no rows; KAZI_OK on SQLITE_DONE. */
int kazi_db_step_done(kazi_db *db, sqlite3_stmt *st, const char *what);

/* Which integer columns of a row are 0/1 flags, which text columns hold JSON and which
 * integer columns are millisecond timestamps shown as ISO 8601 (NULL-terminated name
 * lists; any may be NULL). Only listed columns are converted: a new column ending in
 * "_at" is an integer until it is declared. */
typedef struct kazi_row_spec {
    const char *const *booleans;
    const char *const *json;
    const char *const *timestamps;
} kazi_row_spec;

/* The statement's current row as a new JSON object keyed by column name: integer
 * columns named *_at (epoch ms) become RFC 3339 text, flag columns booleans, JSON
 * columns parsed values (kept as text if they do not parse). */
json_t *kazi_db_row_json(sqlite3_stmt *st, const kazi_row_spec *spec);

/* Step `st` for exactly one row as kazi_db_row_json; the statement is reset.
 * KAZI_ENOTFOUND naming `field` ("no such <what>") when there is none. */
int kazi_db_one_row(json_t **out, kazi_db *db, sqlite3_stmt *st, const kazi_row_spec *spec,
                    const char *what, const char *field);

/* Step `st` to the end, collecting every row (kazi_db_row_json) into a new array;
 * the statement is reset. */
int kazi_db_all_rows(json_t **out, kazi_db *db, sqlite3_stmt *st, const kazi_row_spec *spec,
                     const char *what);

/* Bind a NUL-terminated string or NULL (as SQL NULL) to a 1-based parameter. */
int kazi_db_bind_text(sqlite3_stmt *st, int i, const char *s);

/* Step `st` to the end, handing each row to fn (at most 32 columns); the statement is
 * reset. fn's negative answer stops and is returned; a failed step as kazi_db_fail. */
int kazi_db_each_row(kazi_db *db, sqlite3_stmt *st, kazi_row_fn fn, void *ctx, const char *what);

#endif
