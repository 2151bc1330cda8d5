/*
 * db — the SQLite database: opening with Kazi's pragmas, transactions,
 * the per-thread connection, online backup.
 * Owns: every sqlite3 handle and the prepared-statement cache of each.
 * Uses: SQLite (only store/ includes sqlite3.h), util/error.
 * Thread-safety: a kazi_db is used by one thread at a time. The server gives
 * each worker thread its own connection (kazi_store_thread_db).
 */
#ifndef KAZI_STORE_DB_H
#define KAZI_STORE_DB_H

#include <stddef.h>
#include <stdint.h>

typedef struct kazi_db kazi_db;

/* One column of a row handed to a row visitor: SQLite's value as it is, no JSON built.
 * name and text are valid until the visitor returns. */
enum { KAZI_CELL_NULL, KAZI_CELL_INTEGER, KAZI_CELL_REAL, KAZI_CELL_TEXT };
typedef struct kazi_cell {
    const char *name;
    int type;
    int64_t i;
    double d;
    const char *text; /* KAZI_CELL_TEXT: len bytes (NUL-terminated) */
    size_t len;
} kazi_cell;

/* A row visitor: called once per row with its n cells; a negative answer stops the
 * read and is returned by it. */
typedef int (*kazi_row_fn)(void *ctx, const kazi_cell *cells, int n);

/* How a row written as JSON text (kazi_store_person_text, kazi_store_people_text) shows
 * one of its columns. */
enum { KAZI_ROW_SKIP = 0, KAZI_ROW_KEEP = 1, KAZI_ROW_NULL = 2 };

enum {
    KAZI_DB_CREATE = 1,   /* create the file if missing */
    KAZI_DB_READONLY = 2, /* open read-only (reports) */
};

/*
 * Open `path` with WAL, synchronous=FULL, foreign keys and a busy timeout.
 * Does not migrate. *out is owned by the caller (kazi_db_close).
 * Errors: KAZI_ENOTFOUND if the file is missing and KAZI_DB_CREATE is unset,
 * KAZI_EFULL when the disk is full, KAZI_ERROR for anything else SQLite reports
 * (message carries SQLite's text). Every statement of store/ maps SQLite's result the
 * same way (kazi_db_fail): SQLITE_FULL, or an I/O error with errno ENOSPC/EDQUOT, is
 * KAZI_EFULL, which the HTTP layer answers with 507 insufficient_storage.
 */
int kazi_db_open(kazi_db **out, const char *path, int flags);

/* Close and free; NULL-safe. Finalises cached statements. */
void kazi_db_close(kazi_db *db);

/* BEGIN IMMEDIATE; KAZI_EBUSY if the write lock cannot be had within the timeout. */
int kazi_db_begin(kazi_db *db);
/* COMMIT; on failure the transaction is rolled back and the error returned. */
int kazi_db_commit(kazi_db *db);
/* ROLLBACK if a transaction is open; never fails. */
void kazi_db_rollback(kazi_db *db);

/*
 * End the transaction kazi_db_begin opened, by the outcome `rc` of the work done in it:
 * COMMIT when rc >= 0 (returning rc, or the commit's error, the transaction then rolled
 * back), ROLLBACK otherwise (returning rc; the error the work set stays the last one).
 * The one way a write ends, so no function hand-writes its own commit/rollback tail:
 *     if ((rc = kazi_db_begin(db)) < 0) return rc;
 *     rc = kazi_db_end(db, work(db));
 */
int kazi_db_end(kazi_db *db, int rc);

/*
 * One transaction for many writes that each end their own (a bulk writer recording
 * thousands of domain writes: demo data's payments): until kazi_db_batch_end, every
 * kazi_db_begin/kazi_db_end pair is a savepoint inside it (a write that fails is rolled
 * back alone, the others stay), and nothing is committed before the batch ends;
 * kazi_db_batch_end(db, rc) commits when rc >= 0, else rolls back all, as kazi_db_end.
 * Saves a commit (and its WAL frames) per write.
 */
int kazi_db_batch_begin(kazi_db *db);
int kazi_db_batch_end(kazi_db *db, int rc);

/* A trivial query proving the database answers (for /healthz). */
int kazi_db_ping(kazi_db *db);

/* Copy the whole database to the new file `to_path` in one pass of SQLite's online
 * backup API, from the snapshot of the caller's read transaction (kazi_db_read_begin,
 * store/backup.h) or of one it opens for the copy; other connections keep writing and
 * never restart it. The copy is synced and then checked (PRAGMA integrity_check); a
 * failed copy is removed. Refuses to overwrite an existing file (KAZI_EEXISTS, "to"). */
int kazi_db_backup(kazi_db *db, const char *to_path);

/* Path of the database file this connection opened (lent). */
const char *kazi_db_path(const kazi_db *db);

/* Bytes an unprivileged writer may still use on the file system holding the database
 * (statvfs f_bavail), into *out. KAZI_ERROR if the file system cannot be asked. */
int kazi_db_free_space(uint64_t *out, const kazi_db *db);

/* A counter that moves each time a write met a full disk (any connection): a cached
 * free-space answer older than the last move is stale. */
unsigned kazi_db_full_epoch(void);

/* A counter that moves with every commit on any connection this process opened: what
 * was read before it moved may have changed since. */
unsigned kazi_db_commit_epoch(void);

/*
 * Per-thread connections. kazi_store_set_path names the database once at start-up;
 * kazi_store_thread_db lends this thread's connection, opening it on first use;
 * kazi_store_thread_close closes it (the server calls it when a worker thread ends).
 */
void kazi_store_set_path(const char *path);
int kazi_store_thread_db(kazi_db **out);
void kazi_store_thread_close(void);

#endif
