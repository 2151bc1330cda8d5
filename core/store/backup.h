/*
 * backup — a consistent copy of a live database, made in one pass whatever the write
 * rate, and verified (kazi_db_backup in db.h; kazi backup uses both).
 * Owns: the read snapshot a backup copies from, the check of a finished copy.
 * Uses: SQLite's online backup API, store/db.
 * Thread-safety: as the connection passed in.
 *
 * Why one step under one read transaction: SQLite's online backup copies N pages per
 * step and, when another connection writes between two steps, starts again from page
 * 1; with steady writes a large database is never finished (360 MB at ~10 writes/s
 * never completed). In WAL mode a read transaction sees one snapshot for as long as it
 * lasts and does not block writers, so copying every page in one step inside it
 * (sqlite3_backup_step(-1)) finishes in time proportional to the database size, while
 * writers go on appending to the WAL (which cannot be checkpointed past the snapshot
 * until the copy ends, so it grows by the writes made meanwhile). VACUUM INTO would
 * also work from a snapshot but rebuilds every table and index: several times slower
 * than a page copy for the same result.
 */
#ifndef KAZI_STORE_BACKUP_H
#define KAZI_STORE_BACKUP_H

#include <stdint.h>

#include "store/db.h"

/* Open a read transaction on `db` and take its snapshot now (not at the next read):
 * what kazi_db_backup then copies is the database as of this call. End it with
 * kazi_db_read_end. */
int kazi_db_read_begin(kazi_db *db);
void kazi_db_read_end(kazi_db *db);

/* Open the database file at `path` read-only and run PRAGMA integrity_check: KAZI_OK
 * when it answers "ok", KAZI_ERROR with SQLite's first complaint otherwise. The file's
 * size in bytes goes to *bytes (may be NULL). */
int kazi_db_check_file(const char *path, int64_t *bytes);

#endif
