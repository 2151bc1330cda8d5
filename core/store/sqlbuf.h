/*
 * sqlbuf — a statement assembled at run time from optional conditions (searches: one
 * text per combination of filters), with its parameters bound in the order the
 * conditions were added.
 * Owns: the SQL text while it is built; lends the bound strings (the caller keeps them
 * alive until kazi_sqlbuf_prepare returns).
 * Uses: SQLite's sqlite3_str, store/internal (the statement cache).
 * Thread-safety: a builder lives on one thread's stack for one query.
 */
#ifndef KAZI_STORE_SQLBUF_H
#define KAZI_STORE_SQLBUF_H

#include <stdint.h>

#include "store/internal.h"

/* The most parameters one statement binds; a builder given more fails at prepare. */
#define KAZI_SQLBUF_PARAMS 24

typedef struct kazi_sqlbuf {
    sqlite3_str *s;
    int n;
    int too_many; /* a parameter beyond KAZI_SQLBUF_PARAMS was added */
    struct {
        int is_text;
        const char *text;
        int64_t num;
    } p[KAZI_SQLBUF_PARAMS];
} kazi_sqlbuf;

/* Start an empty statement for db (its length limit applies). */
void kazi_sqlbuf_init(kazi_sqlbuf *b, kazi_db *db);

/* Append SQL text with no parameter; printf-style (SQLite's formats) for the second. */
void kazi_sqlbuf_add(kazi_sqlbuf *b, const char *sql);
void kazi_sqlbuf_addf(kazi_sqlbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Append `sql` (which holds the value's one "?"; "" to bind a "?" already appended) and
 * bind the next parameter: text (NULL binds SQL NULL; lent, not copied) or an integer. */
void kazi_sqlbuf_text(kazi_sqlbuf *b, const char *sql, const char *v);
void kazi_sqlbuf_int(kazi_sqlbuf *b, const char *sql, int64_t v);

/*
 * Finish the text, prepare it and bind every parameter. cached: the statement comes from
 * the connection's cache of run-time texts (kazi_db_stmt_text): reset it when done, never
 * finalize it; otherwise *out is the caller's to finalize. The builder is consumed either
 * way. KAZI_OK; KAZI_ERROR when memory ran out or more than KAZI_SQLBUF_PARAMS parameters
 * were added; a failed prepare as kazi_db_fail, its message naming `what`.
 */
int kazi_sqlbuf_prepare(sqlite3_stmt **out, kazi_db *db, kazi_sqlbuf *b, int cached,
                        const char *what);

#endif
