/*
 * internal — what the store/ modules share and nothing above store/ may see:
 * the kazi_db layout, the statement cache and SQLite result translation.
 * Thread-safety: as db.h.
 */
#ifndef KAZI_STORE_INTERNAL_H
#define KAZI_STORE_INTERNAL_H

#include <sqlite3.h>

#include "store/db.h"
#include "util/buf.h"
#include "util/json.h"

struct kazi_db {
    sqlite3 *h;
    char *path;
    int in_tx;
    /* Inside kazi_db_batch_begin: kazi_db_begin/end pairs are savepoints (nested holds
     * how many are open), the batch's one transaction commits at kazi_db_batch_end. */
    int batch, nested;
    /* The statement cache. It only grows: every `sql` has static storage, so it holds at
     * most one entry per SQL literal in the program, and a statement is finalized only
     * when the connection closes, never while a caller may still be stepping it. */
    struct kazi_stmt_entry {
        const char *sql; /* compared by address: callers pass string literals */
        sqlite3_stmt *stmt;
    } * cache;
    int ncache, capcache;
    /* Statements whose SQL is built at run time (searches: one text per combination of
     * filters), cached by their text: a ring of KAZI_DB_TEXT_STMTS, the oldest finalized
     * to make room. */
    struct kazi_text_stmt {
        char *sql; /* malloc'd copy */
        sqlite3_stmt *stmt;
    } text[32];
    int ntext, text_next;
};

#define KAZI_DB_TEXT_STMTS 32

/*
 * A reset, ready-to-bind statement for `sql`, prepared once per connection and reused.
 * `sql` must be a string with static storage (a literal). NULL on error (last error set).
 * The statement is lent: do not finalize it; it is reset on the next call with the same
 * `sql`, and lives until the connection closes (preparing others never frees it).
 */
sqlite3_stmt *kazi_db_stmt(kazi_db *db, const char *sql);

/*
 * A reset, unbound statement for SQL text built at run time, prepared once per connection
 * per distinct text and reused (at most KAZI_DB_TEXT_STMTS kept; the oldest is finalized
 * when another is needed). Lent like kazi_db_stmt's: reset it when done, never finalize
 * it, and do not hold it across another kazi_db_stmt_text call that may evict it (a
 * handful of texts between two uses of the same one). NULL on error (last error set).
 */
sqlite3_stmt *kazi_db_stmt_text(kazi_db *db, const char *sql);

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

/*
 * The statement's current row written as JSON text into b, the same object
 * kazi_db_row_json builds and jansson would dump (JSON columns copied as stored, not
 * parsed), each column as keep(ctx, name) says: KAZI_ROW_KEEP (all when keep is NULL),
 * KAZI_ROW_SKIP (left out) or KAZI_ROW_NULL (its name with null): a hot reply built
 * without a JSON tree. KAZI_OK or KAZI_ERROR (out of memory).
 */
int kazi_db_row_text(kazi_buf *b, sqlite3_stmt *st, const kazi_row_spec *spec,
                     int (*keep)(void *ctx, const char *name), void *ctx);

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

/* Bind a JSON value to a 1-based parameter: absent or null as NULL; strings, integers,
 * reals and booleans as themselves; objects and arrays as their JSON text. An SQLite
 * result code. */
int kazi_db_bind_json(sqlite3_stmt *st, int i, const json_t *v);

/* Bind the members of `o` named in the NULL-ended `keys` to parameters first, first + 1,
 * ... in order (kazi_db_bind_json); the number of keys. The record inserts and updates
 * of the store. */
int kazi_db_bind_keys(sqlite3_stmt *st, int first, const json_t *o, const char *const *keys);

/* Step `st` to the end, handing each row to fn (at most 32 columns); the statement is
 * reset. fn's negative answer stops and is returned; a failed step as kazi_db_fail. */
int kazi_db_each_row(kazi_db *db, sqlite3_stmt *st, kazi_row_fn fn, void *ctx, const char *what);

#endif
