#include "store/sqlbuf.h"
#include "util/error.h"

#include <stdarg.h>

void kazi_sqlbuf_init(kazi_sqlbuf *b, kazi_db *db)
{
    b->s = sqlite3_str_new(db->h);
    b->n = 0;
    b->too_many = 0;
}

void kazi_sqlbuf_add(kazi_sqlbuf *b, const char *sql)
{
    sqlite3_str_appendall(b->s, sql);
}

void kazi_sqlbuf_addf(kazi_sqlbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sqlite3_str_vappendf(b->s, fmt, ap);
    va_end(ap);
}

/* The next parameter's slot, or NULL (and the builder marked) when all are used. */
static int next(kazi_sqlbuf *b, const char *sql)
{
    sqlite3_str_appendall(b->s, sql);
    if (b->n == KAZI_SQLBUF_PARAMS) {
        b->too_many = 1;
        return -1;
    }
    return b->n++;
}

void kazi_sqlbuf_text(kazi_sqlbuf *b, const char *sql, const char *v)
{
    int i = next(b, sql);
    if (i < 0) return;
    b->p[i].is_text = 1;
    b->p[i].text = v;
}

void kazi_sqlbuf_int(kazi_sqlbuf *b, const char *sql, int64_t v)
{
    int i = next(b, sql);
    if (i < 0) return;
    b->p[i].is_text = 0;
    b->p[i].num = v;
}

int kazi_sqlbuf_prepare(sqlite3_stmt **out, kazi_db *db, kazi_sqlbuf *b, int cached,
                        const char *what)
{
    *out = NULL;
    char *sql = sqlite3_str_finish(b->s);
    b->s = NULL;
    if (!sql) return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    if (b->too_many) {
        sqlite3_free(sql);
        return kazi_error_set(KAZI_ERROR, NULL, "too many conditions in one search");
    }
    int rc = SQLITE_OK;
    if (cached)
        *out = kazi_db_stmt_text(db, sql);
    else
        rc = sqlite3_prepare_v2(db->h, sql, -1, out, NULL);
    sqlite3_free(sql);
    if (cached && !*out) return KAZI_ERROR;
    if (rc != SQLITE_OK) return kazi_db_fail(db, rc, what);
    for (int i = 0; i < b->n; i++) {
        if (b->p[i].is_text)
            kazi_db_bind_text(*out, i + 1, b->p[i].text);
        else
            sqlite3_bind_int64(*out, i + 1, b->p[i].num);
    }
    return KAZI_OK;
}
