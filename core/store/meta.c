#include "store/meta.h"
#include "store/internal.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

int kazi_meta_get(char **out, kazi_db *db, const char *key)
{
    static const char sql[] = "SELECT value FROM kazi_meta WHERE key = ?1";
    sqlite3_stmt *st = kazi_db_stmt(db, sql);
    if (!st) return KAZI_ERROR;
    kazi_db_bind_text(st, 1, key);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *out = strdup((const char *)sqlite3_column_text(st, 0));
        sqlite3_reset(st);
        return *out ? KAZI_OK : kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    }
    sqlite3_reset(st);
    if (rc == SQLITE_DONE) return kazi_error_set(KAZI_ENOTFOUND, key, "%s is not set", key);
    return kazi_db_fail(db, rc, "read meta");
}

int kazi_meta_set(kazi_db *db, const char *key, const char *value)
{
    static const char sql[] = "INSERT INTO kazi_meta(key, value) VALUES (?1, ?2) "
                              "ON CONFLICT(key) DO UPDATE SET value = excluded.value";
    sqlite3_stmt *st = kazi_db_stmt(db, sql);
    if (!st) return KAZI_ERROR;
    kazi_db_bind_text(st, 1, key);
    kazi_db_bind_text(st, 2, value);
    return kazi_db_step_done(db, st, "write meta");
}
