/*
 * report — the read-only connection that Lua reports query through: SELECT only,
 * only on published views (named report_*), never on tables of users, sessions,
 * tokens or logins, under a step budget, filtered by the caller's org-unit scope.
 * Owns: the report connection (one per thread), its authorizer, its progress
 * budget, the kazi_in_scope(path) SQL function that published views call and
 * kazi_path_at(path, depth) (the ancestor's path at a depth, for GROUP BY a level)
 * and kazi_today() (today by Kazi's clock).
 * Uses: store/db (a KAZI_DB_READONLY connection), util/json.
 * Thread-safety: a kazi_report_db is used by one thread at a time; each worker
 * thread has its own (kazi_report_thread_db).
 */
#ifndef KAZI_STORE_REPORT_H
#define KAZI_STORE_REPORT_H

#include <stdint.h>

#include "util/json.h"

typedef struct kazi_report_db kazi_report_db;

/* The caller's org-unit scope: the materialised paths ("/1/5/") of the subtrees
 * the caller may see. `all` = 1 means the whole country (no filter). `personal` = 1
 * when the caller holds reports.personal: only then may a query read the views named
 * report_personal_* (names, birth dates, phones, identifiers). */
typedef struct kazi_report_scope {
    int all;
    const char *const *paths; /* npaths org-unit paths, each ending in '/' */
    int npaths;
    int personal;
} kazi_report_scope;

/* Views whose names start with this hold personal data (see kazi_report_scope). */
#define KAZI_REPORT_PERSONAL_PREFIX "report_personal_"

/* Limits of one query. */
typedef struct kazi_report_limits {
    int64_t max_rows;  /* rows returned at most (0: 10000); more is KAZI_ETOOBIG */
    int64_t max_steps; /* VM steps at most (0: 50 million and 500 a person registered);
                          more is KAZI_ETIMEOUT */
} kazi_report_limits;

/*
 * Open `path` read-only for reports with the authorizer installed. Errors as
 * kazi_db_open. *out is the caller's (kazi_report_db_close).
 */
int kazi_report_db_open(kazi_report_db **out, const char *path);

/* Close; NULL-safe. */
void kazi_report_db_close(kazi_report_db *db);

/*
 * Run one SELECT. `params` is NULL or a JSON array of scalars bound to ?1, ?2, ...
 * On KAZI_OK *rows is a new JSON array of objects (column → value) and *columns a
 * new array of the column names in order (both the caller's; json_decref).
 * Errors: KAZI_EDENIED (field "sql") when the statement is not a single SELECT over
 * published views; KAZI_EINVALID (field "sql") for SQL that does not compile or
 * binds a non-scalar; KAZI_ETOOBIG past max_rows; KAZI_ETIMEOUT past max_steps.
 */
int kazi_report_db_query(json_t **rows, json_t **columns, kazi_report_db *db, const char *sql,
                         const json_t *params, const kazi_report_scope *scope,
                         const kazi_report_limits *limits);

/*
 * A report connection over an empty database holding only Kazi's schema (every
 * migration applied, in memory), to check report SQL without data: configuration
 * validation calls kazi_report_db_check with it. *out is the caller's
 * (kazi_report_db_close). Errors: those of opening or migrating.
 */
int kazi_report_db_open_schema(kazi_report_db **out);

/*
 * Compile `sql` as kazi_report_db_query would, without running it, as a caller with
 * reports.personal (personal views pass; run time decides who may read them).
 * KAZI_OK when it would be allowed; KAZI_EDENIED (field "sql") naming the table or
 * view the authorizer refuses; KAZI_EINVALID (field "sql") when it does not compile
 * (message: SQLite's, e.g. "no such table: report_peple").
 */
int kazi_report_db_check(kazi_report_db *db, const char *sql);

/*
 * This thread's report connection over the database named by kazi_store_set_path,
 * opened on first use (lent). kazi_report_thread_close closes it (called when a
 * worker thread ends).
 */
int kazi_report_thread_db(kazi_report_db **out);
void kazi_report_thread_close(void);

/* Make `db` (lent; NULL: none) this thread's report connection and return the one it
 * replaces, so a caller that holds a connection of its own — validation trying the
 * reports on the installation being validated — can lend it and put the old one back. */
kazi_report_db *kazi_report_thread_swap(kazi_report_db *db);

#endif
