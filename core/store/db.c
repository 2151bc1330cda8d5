#include "store/internal.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/json.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#define BUSY_TIMEOUT_MS 5000

/* The disk holding the database is full: SQLite rolled the statement (or the whole
 * transaction) back, so nothing of the change is stored. */
static atomic_uint full_epoch;

unsigned kazi_db_full_epoch(void)
{
    return atomic_load(&full_epoch);
}

static atomic_uint commit_epoch;

unsigned kazi_db_commit_epoch(void)
{
    return atomic_load(&commit_epoch);
}

static int on_commit(void *arg)
{
    (void)arg;
    atomic_fetch_add(&commit_epoch, 1);
    return 0; /* let the commit go ahead */
}

static int full(const char *what)
{
    atomic_fetch_add(&full_epoch, 1);
    return kazi_error_set(KAZI_EFULL, NULL,
                          "%s: the disk holding the database is full; nothing was saved. "
                          "Try again once the administrator has freed space",
                          what);
}

int kazi_db_fail(kazi_db *db, int rc, const char *what)
{
    const char *msg = db && db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc);
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return kazi_error_set(KAZI_EBUSY, NULL, "%s: database is busy, try again", what);
    case SQLITE_CONSTRAINT:
        if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
            return kazi_error_set(KAZI_EEXISTS, NULL, "%s: %s", what, msg);
        return kazi_error_set(KAZI_EINVALID, NULL, "%s: %s", what, msg);
    case SQLITE_CANTOPEN:
        return kazi_error_set(KAZI_ERROR, NULL, "%s: cannot open database file (%s)", what, msg);
    case SQLITE_FULL:
        return full(what);
    case SQLITE_IOERR: {
        /* A write of the WAL or the shared-memory file that met a full disk comes back
         * as an I/O error whose system errno says so. */
        int err = db && db->h ? sqlite3_system_errno(db->h) : 0;
        if (err == ENOSPC || err == EDQUOT) return full(what);
        return kazi_error_set(KAZI_ERROR, NULL, "%s: %s", what, msg);
    }
    default:
        return kazi_error_set(KAZI_ERROR, NULL, "%s: %s", what, msg);
    }
}

int kazi_db_exec(kazi_db *db, const char *sql)
{
    char *err = NULL;
    int rc = sqlite3_exec(db->h, sql, NULL, NULL, &err);
    if (rc != SQLITE_OK) {
        int code = kazi_db_fail(db, rc, "sql");
        if (err && code != KAZI_EFULL) {
            kazi_error_set(code, NULL, "%s", err);
        }
        sqlite3_free(err);
        return code;
    }
    return KAZI_OK;
}

/* Before the first connection: SQLite's memory statistics off. Kazi never reads them,
 * and keeping them takes one process-wide mutex on every allocation SQLite makes, which
 * the worker threads then queue on (futex wake-ups in every search). */
static void sqlite_setup(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); /* SQLITE_MISUSE if already initialized */
    sqlite3_initialize();
}

int kazi_db_open(kazi_db **out, const char *path, int flags)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, sqlite_setup);
    struct stat st;
    if (!(flags & KAZI_DB_CREATE) && stat(path, &st) != 0)
        return kazi_error_set(KAZI_ENOTFOUND, NULL, "database %s does not exist", path);
    kazi_db *db = calloc(1, sizeof *db);
    if (!db) return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    db->path = strdup(path);
    int oflags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
    oflags |= (flags & KAZI_DB_READONLY) ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    if (flags & KAZI_DB_CREATE) oflags |= SQLITE_OPEN_CREATE;
    int rc = sqlite3_open_v2(path, &db->h, oflags, NULL);
    if (rc != SQLITE_OK) {
        rc = kazi_db_fail(db, rc, "open database");
        kazi_db_close(db);
        return rc;
    }
    sqlite3_extended_result_codes(db->h, 1);
    sqlite3_commit_hook(db->h, on_commit, NULL);
    sqlite3_busy_timeout(db->h, BUSY_TIMEOUT_MS);
    const char *pragmas = (flags & KAZI_DB_READONLY)
                              ? "PRAGMA foreign_keys=ON; PRAGMA query_only=ON;"
                              : "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                                "PRAGMA foreign_keys=ON;";
    if ((rc = kazi_db_exec(db, pragmas)) < 0) {
        kazi_db_close(db);
        return rc;
    }
    *out = db;
    return KAZI_OK;
}

void kazi_db_close(kazi_db *db)
{
    if (!db) return;
    for (int i = 0; i < db->ncache; i++)
        sqlite3_finalize(db->cache[i].stmt);
    free(db->cache);
    for (int i = 0; i < db->ntext; i++) {
        sqlite3_finalize(db->text[i].stmt);
        free(db->text[i].sql);
    }
    if (db->h) sqlite3_close_v2(db->h);
    free(db->path);
    free(db);
}

sqlite3_stmt *kazi_db_stmt(kazi_db *db, const char *sql)
{
    for (int i = 0; i < db->ncache; i++) {
        if (db->cache[i].sql == sql) {
            sqlite3_reset(db->cache[i].stmt);
            sqlite3_clear_bindings(db->cache[i].stmt);
            return db->cache[i].stmt;
        }
    }
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
    if (rc != SQLITE_OK) {
        kazi_db_fail(db, rc, "prepare");
        return NULL;
    }
    if (db->ncache == db->capcache) {
        int cap = db->capcache ? db->capcache * 2 : 64;
        struct kazi_stmt_entry *grown = realloc(db->cache, sizeof *grown * (size_t)cap);
        if (!grown) {
            sqlite3_finalize(st);
            kazi_error_set(KAZI_ERROR, NULL, "out of memory");
            return NULL;
        }
        db->cache = grown;
        db->capcache = cap;
    }
    db->cache[db->ncache].sql = sql;
    db->cache[db->ncache].stmt = st;
    db->ncache++;
    return st;
}

sqlite3_stmt *kazi_db_stmt_text(kazi_db *db, const char *sql)
{
    for (int i = 0; i < db->ntext; i++) {
        if (!strcmp(db->text[i].sql, sql)) {
            sqlite3_reset(db->text[i].stmt);
            sqlite3_clear_bindings(db->text[i].stmt);
            return db->text[i].stmt;
        }
    }
    sqlite3_stmt *st = NULL;
    char *copy = strdup(sql);
    int rc = copy ? sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL)
                  : SQLITE_NOMEM;
    if (rc != SQLITE_OK) {
        free(copy);
        kazi_db_fail(db, rc, "prepare");
        return NULL;
    }
    int slot;
    if (db->ntext < KAZI_DB_TEXT_STMTS) {
        slot = db->ntext++;
    } else { /* full: the oldest goes */
        slot = db->text_next;
        db->text_next = (slot + 1) % KAZI_DB_TEXT_STMTS;
        sqlite3_finalize(db->text[slot].stmt);
        free(db->text[slot].sql);
    }
    db->text[slot].sql = copy;
    db->text[slot].stmt = st;
    return st;
}

int kazi_db_step_done(kazi_db *db, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE || rc == SQLITE_ROW) {
        sqlite3_reset(st);
        return KAZI_OK;
    }
    rc = kazi_db_fail(db, rc, what);
    sqlite3_reset(st);
    return rc;
}

int kazi_db_bind_text(sqlite3_stmt *st, int i, const char *s)
{
    int rc = s ? sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, i);
    return rc == SQLITE_OK ? KAZI_OK : kazi_error_set(KAZI_ERROR, NULL, "bind failed");
}

int kazi_db_bind_json(sqlite3_stmt *st, int i, const json_t *v)
{
    if (!v || json_is_null(v)) return sqlite3_bind_null(st, i);
    if (json_is_string(v))
        return sqlite3_bind_text(st, i, json_string_value(v), (int)json_string_length(v),
                                 SQLITE_TRANSIENT);
    if (json_is_integer(v)) return sqlite3_bind_int64(st, i, json_integer_value(v));
    if (json_is_real(v)) return sqlite3_bind_double(st, i, json_real_value(v));
    if (json_is_boolean(v)) return sqlite3_bind_int(st, i, json_is_true(v));
    /* Most people have no custom values: skip the serialiser for the empty ones. */
    if (json_is_object(v) && !json_object_size(v)) return sqlite3_bind_text(st, i, "{}", 2, NULL);
    if (json_is_array(v) && !json_array_size(v)) return sqlite3_bind_text(st, i, "[]", 2, NULL);
    char *s = kazi_json_dump(v);
    int rc = sqlite3_bind_text(st, i, s ? s : "null", -1, SQLITE_TRANSIENT);
    free(s);
    return rc;
}

int kazi_db_bind_keys(sqlite3_stmt *st, int first, const json_t *o, const char *const *keys)
{
    int i = 0;
    for (; keys[i]; i++)
        kazi_db_bind_json(st, first + i, json_object_get(o, keys[i]));
    return i;
}

static int listed(const char *const *names, const char *name)
{
    for (int i = 0; names && names[i]; i++)
        if (names[i][0] == name[0] && !strcmp(names[i], name)) return 1;
    return 0;
}

json_t *kazi_db_row_json(sqlite3_stmt *st, const kazi_row_spec *spec)
{
    json_t *o = json_object();
    int n = sqlite3_column_count(st);
    for (int i = 0; i < n; i++) {
        const char *name = sqlite3_column_name(st, i);
        json_t *v;
        switch (sqlite3_column_type(st, i)) {
        case SQLITE_INTEGER: {
            sqlite3_int64 x = sqlite3_column_int64(st, i);
            if (listed(spec->timestamps, name)) {
                char buf[40];
                kazi_clock_format(buf, sizeof buf, x);
                v = json_string(buf);
            } else if (listed(spec->booleans, name)) {
                v = json_boolean(x);
            } else {
                v = json_integer(x);
            }
            break;
        }
        case SQLITE_FLOAT:
            v = json_real(sqlite3_column_double(st, i));
            break;
        case SQLITE_TEXT: {
            const char *t = (const char *)sqlite3_column_text(st, i);
            if (listed(spec->json, name)) {
                v = kazi_json_parse_plain(t, (size_t)sqlite3_column_bytes(st, i));
                if (!v) v = json_loads(t, JSON_DECODE_ANY, NULL);
                if (!v) v = json_string(t);
            } else {
                v = json_stringn(t, (size_t)sqlite3_column_bytes(st, i));
            }
            break;
        }
        default:
            v = json_null();
        }
        json_object_set_new(o, name, v ? v : json_null());
    }
    return o;
}

int kazi_db_row_text(kazi_buf *b, sqlite3_stmt *st, const kazi_row_spec *spec,
                     int (*keep)(void *ctx, const char *name), void *ctx)
{
    int n = sqlite3_column_count(st), first = 1, rc = kazi_buf_append(b, "{", 1);
    for (int i = 0; i < n && rc == KAZI_OK; i++) {
        const char *name = sqlite3_column_name(st, i);
        int how = keep ? keep(ctx, name) : KAZI_ROW_KEEP;
        if (how == KAZI_ROW_SKIP) continue;
        rc = kazi_buf_append(b, ",", first ? 0 : 1);
        if (rc == KAZI_OK) rc = kazi_buf_json_string(b, name, strlen(name));
        if (rc == KAZI_OK) rc = kazi_buf_append(b, ":", 1);
        first = 0;
        char num[48];
        int len;
        switch (rc == KAZI_OK && how == KAZI_ROW_KEEP ? sqlite3_column_type(st, i) : SQLITE_NULL) {
        case SQLITE_INTEGER: {
            sqlite3_int64 x = sqlite3_column_int64(st, i);
            if (listed(spec->timestamps, name)) {
                kazi_clock_format(num, sizeof num, x);
                rc = kazi_buf_json_string(b, num, strlen(num));
            } else if (listed(spec->booleans, name)) {
                rc = x ? kazi_buf_append(b, "true", 4) : kazi_buf_append(b, "false", 5);
            } else {
                rc = kazi_buf_append(b, num, kazi_str_int(num, x));
            }
            break;
        }
        case SQLITE_FLOAT: { /* as jansson writes a real: %.17g, with a ".0" if integral */
            len = snprintf(num, sizeof num, "%.17g", sqlite3_column_double(st, i));
            rc = kazi_buf_append(b, num, (size_t)len);
            if (rc == KAZI_OK && !strpbrk(num, ".eEn")) rc = kazi_buf_append(b, ".0", 2);
            break;
        }
        case SQLITE_TEXT: {
            const char *t = (const char *)sqlite3_column_text(st, i);
            size_t tl = (size_t)sqlite3_column_bytes(st, i);
            rc = listed(spec->json, name) ? kazi_buf_append(b, t, tl)
                                          : kazi_buf_json_string(b, t, tl);
            break;
        }
        default:
            if (rc == KAZI_OK) rc = kazi_buf_append(b, "null", 4);
        }
    }
    if (rc == KAZI_OK) rc = kazi_buf_append(b, "}", 1);
    return rc;
}

int kazi_db_one_row(json_t **out, kazi_db *db, sqlite3_stmt *st, const kazi_row_spec *spec,
                    const char *what, const char *field)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *out = kazi_db_row_json(st, spec);
        sqlite3_reset(st);
        return KAZI_OK;
    }
    sqlite3_reset(st);
    if (rc == SQLITE_DONE) return kazi_error_set(KAZI_ENOTFOUND, field, "no such %s", what);
    return kazi_db_fail(db, rc, what);
}

int kazi_db_all_rows(json_t **out, kazi_db *db, sqlite3_stmt *st, const kazi_row_spec *spec,
                     const char *what)
{
    json_t *a = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        json_array_append_new(a, kazi_db_row_json(st, spec));
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        json_decref(a);
        return kazi_db_fail(db, rc, what);
    }
    *out = a;
    return KAZI_OK;
}

int kazi_db_each_row(kazi_db *db, sqlite3_stmt *st, kazi_row_fn fn, void *ctx, const char *what)
{
    kazi_cell cells[32];
    int n = sqlite3_column_count(st), rc, out = KAZI_OK;
    if (n > 32) n = 32;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        for (int i = 0; i < n; i++) {
            kazi_cell *c = &cells[i];
            c->name = sqlite3_column_name(st, i);
            switch (sqlite3_column_type(st, i)) {
            case SQLITE_INTEGER:
                c->type = KAZI_CELL_INTEGER;
                c->i = sqlite3_column_int64(st, i);
                break;
            case SQLITE_FLOAT:
                c->type = KAZI_CELL_REAL;
                c->d = sqlite3_column_double(st, i);
                break;
            case SQLITE_TEXT:
                c->type = KAZI_CELL_TEXT;
                c->text = (const char *)sqlite3_column_text(st, i);
                c->len = (size_t)sqlite3_column_bytes(st, i);
                break;
            default:
                c->type = KAZI_CELL_NULL;
            }
        }
        if ((out = fn(ctx, cells, n)) < 0) break;
    }
    sqlite3_reset(st);
    if (out < 0) return out;
    return rc == SQLITE_DONE ? KAZI_OK : kazi_db_fail(db, rc, what);
}

int kazi_db_begin(kazi_db *db)
{
    if (db->batch) {
        int rc = kazi_db_exec(db, "SAVEPOINT kazi_batch");
        if (rc == KAZI_OK) db->nested++;
        return rc;
    }
    int rc = kazi_db_exec(db, "BEGIN IMMEDIATE");
    if (rc == KAZI_OK) db->in_tx = 1;
    return rc;
}

int kazi_db_commit(kazi_db *db)
{
    if (db->batch && db->nested) {
        int rc = kazi_db_exec(db, "RELEASE kazi_batch");
        if (rc < 0) {
            kazi_db_rollback(db);
            return rc;
        }
        db->nested--;
        return KAZI_OK;
    }
    int rc = kazi_db_exec(db, "COMMIT");
    if (rc < 0) {
        int keep = rc;
        kazi_db_rollback(db);
        return keep;
    }
    db->in_tx = 0;
    return KAZI_OK;
}

void kazi_db_rollback(kazi_db *db)
{
    if (db->batch && db->nested) {
        sqlite3_exec(db->h, "ROLLBACK TO kazi_batch; RELEASE kazi_batch", NULL, NULL, NULL);
        db->nested--;
        return;
    }
    if (!sqlite3_get_autocommit(db->h)) sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
    db->in_tx = 0;
}

int kazi_db_end(kazi_db *db, int rc)
{
    if (rc < 0) {
        kazi_db_rollback(db);
        return rc;
    }
    int done = kazi_db_commit(db);
    return done < 0 ? done : rc;
}

int kazi_db_batch_begin(kazi_db *db)
{
    int rc = kazi_db_begin(db);
    if (rc == KAZI_OK) db->batch = 1;
    return rc;
}

int kazi_db_batch_end(kazi_db *db, int rc)
{
    while (db->nested) /* a pair left open by an error path */
        kazi_db_rollback(db);
    db->batch = 0;
    return kazi_db_end(db, rc);
}

int kazi_db_ping(kazi_db *db)
{
    static const char sql[] = "SELECT count(*) FROM kazi_meta";
    sqlite3_stmt *st = kazi_db_stmt(db, sql);
    if (!st) return KAZI_ERROR;
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? KAZI_OK : kazi_db_fail(db, rc, "ping");
}

const char *kazi_db_path(const kazi_db *db)
{
    return db->path;
}

int kazi_db_free_space(uint64_t *out, const kazi_db *db)
{
    struct statvfs vfs;
    if (statvfs(db->path, &vfs) != 0)
        return kazi_error_errno(errno, NULL, "cannot read the free space of %s", db->path);
    *out = (uint64_t)vfs.f_bavail * (uint64_t)vfs.f_frsize;
    return KAZI_OK;
}

/* ---- per-thread connections ---- */

static char *thread_path;
static _Thread_local kazi_db *thread_db;

void kazi_store_set_path(const char *path)
{
    free(thread_path);
    thread_path = path ? strdup(path) : NULL;
}

int kazi_store_thread_db(kazi_db **out)
{
    if (!thread_db) {
        if (!thread_path) return kazi_error_set(KAZI_ERROR, NULL, "no database configured");
        int rc = kazi_db_open(&thread_db, thread_path, 0);
        if (rc < 0) return rc;
    }
    *out = thread_db;
    return KAZI_OK;
}

void kazi_store_thread_close(void)
{
    kazi_db_close(thread_db);
    thread_db = NULL;
}
