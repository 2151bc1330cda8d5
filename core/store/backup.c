#include "store/backup.h"
#include "store/internal.h"
#include "util/error.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* How long a copy waits out SQLITE_BUSY on the source (a WAL recovery by another
 * connection, the only time a reader is refused) before giving up. */
#define BUSY_RETRIES 500
#define BUSY_WAIT_MS 10

int kazi_db_read_begin(kazi_db *db)
{
    /* BEGIN alone is deferred: the snapshot would be taken at the first read. */
    int rc = kazi_db_exec(db, "BEGIN; SELECT count(*) FROM sqlite_schema;");
    if (rc == KAZI_OK) db->in_tx = 1;
    return rc;
}

void kazi_db_read_end(kazi_db *db)
{
    kazi_db_rollback(db);
}

int kazi_db_check_file(const char *path, int64_t *bytes)
{
    sqlite3 *h = NULL;
    sqlite3_stmt *st = NULL;
    struct stat sb;
    int rc = sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &st, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_step(st);
    const char *first = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
    if (rc == SQLITE_ROW && first && !strcmp(first, "ok"))
        rc = KAZI_OK;
    else
        rc = kazi_error_set(KAZI_ERROR, NULL, "%s fails the integrity check: %s", path,
                            first ? first : sqlite3_errmsg(h));
    sqlite3_finalize(st);
    sqlite3_close(h);
    if (rc == KAZI_OK && bytes) *bytes = stat(path, &sb) == 0 ? (int64_t)sb.st_size : 0;
    return rc;
}

int kazi_db_backup(kazi_db *db, const char *to_path)
{
    if (access(to_path, F_OK) == 0)
        return kazi_error_set(KAZI_EEXISTS, "to", "%s already exists; choose a new file", to_path);
    int own_tx = sqlite3_get_autocommit(db->h), rc;
    if (own_tx && (rc = kazi_db_read_begin(db)) < 0) return rc;
    sqlite3 *dst = NULL;
    sqlite3_backup *b = NULL;
    rc = sqlite3_open_v2(to_path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc != SQLITE_OK) {
        rc = kazi_error_set(KAZI_ERROR, "to", "cannot create %s: %s", to_path, sqlite3_errmsg(dst));
        goto done;
    }
    /* A new file has nothing to roll back to (a failed copy is deleted), so no journal;
     * synchronous=FULL still syncs the copy when the backup commits. */
    sqlite3_exec(dst, "PRAGMA journal_mode=OFF; PRAGMA synchronous=FULL", NULL, NULL, NULL);
    if (!(b = sqlite3_backup_init(dst, "main", db->h, "main"))) {
        rc = kazi_error_set(KAZI_ERROR, NULL, "backup failed: %s", sqlite3_errmsg(dst));
        goto done;
    }
    /* Every page in one step, from the snapshot of the read transaction: nothing a
     * writer does can restart it (store/backup.h says why). */
    int tries = 0;
    do {
        rc = sqlite3_backup_step(b, -1);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(BUSY_WAIT_MS);
    } while ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && ++tries < BUSY_RETRIES);
    int fin = sqlite3_backup_finish(b);
    b = NULL;
    if (rc != SQLITE_DONE || fin != SQLITE_OK) {
        rc = kazi_error_set(KAZI_ERROR, NULL, "backup failed: %s",
                            sqlite3_errstr(rc != SQLITE_DONE ? rc : fin));
        goto done;
    }
    rc = sqlite3_close(dst);
    dst = NULL;
    if (rc != SQLITE_OK) {
        rc = kazi_error_set(KAZI_ERROR, NULL, "backup failed on close: %s", sqlite3_errstr(rc));
        goto done;
    }
    rc = kazi_db_check_file(to_path, NULL);
done:
    if (own_tx) kazi_db_read_end(db);
    if (dst) sqlite3_close(dst);
    if (rc < 0) unlink(to_path);
    return rc;
}
