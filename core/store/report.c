#include "store/report.h"
#include "store/internal.h"
#include "store/migrate.h"
#include "util/clock.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

#define DEFAULT_MAX_ROWS  10000
#define DEFAULT_MAX_STEPS 50000000
/* The default budget grows with the register: an indicator reads each worker's rows a
 * few times (about 50 to 200 steps a worker), a runaway query grows without bound. */
#define STEPS_PER_PERSON 500
#define PROGRESS_EVERY   1000

struct kazi_report_db {
    kazi_db *db;
    const kazi_report_scope *scope; /* during a query */
    int64_t steps_left;
    int checking;     /* kazi_report_db_check: compile only, as a caller with personal data */
    int personal_ban; /* the refusal was a personal view read without reports.personal */
    char denied[128]; /* the object the authorizer refused, for the message */
};

/* May this query read the published view `name` (report_*)? Personal views only with
 * reports.personal (or when only checking a configuration's SQL). */
static int personal_allowed(const kazi_report_db *r, const char *name)
{
    if (strncmp(name, KAZI_REPORT_PERSONAL_PREFIX, strlen(KAZI_REPORT_PERSONAL_PREFIX)) != 0)
        return 1;
    return r->checking || (r->scope && r->scope->personal);
}

/* Tables that reports must never see, even through a published view: anything
 * holding users, credentials to log in, sessions or tokens. Matched as substrings
 * of the table name so that later tables (user_role, session_log, ...) are covered. */
static const char *const secret_words[] = {"user",  "session",  "token",  "recovery",
                                           "login", "password", "secret", NULL};

/* Tables whose names contain a secret word but hold none: supervision sessions are
 * meetings of a supervisor with a worker (issue 8), not sign-in sessions. SQLite
 * also reports the columns of the view a query names, so the view over them is
 * listed too (without it report_supervision_sessions could not be read at all). */
static const char *const not_secret[] = {"supervision_session", "report_supervision_sessions",
                                         NULL};

static int is_secret(const char *table)
{
    if (!table) return 0;
    for (const char *const *t = not_secret; *t; t++)
        if (!strcmp(table, *t)) return 0;
    for (const char *const *w = secret_words; *w; w++)
        if (strstr(table, *w)) return 1;
    return 0;
}

static int authorize(void *ud, int action, const char *a1, const char *a2, const char *db_name,
                     const char *view)
{
    kazi_report_db *r = ud;
    switch (action) {
    case SQLITE_FUNCTION:
        if (a2 && (!strcmp(a2, "load_extension") || !strcmp(a2, "fts3_tokenizer") ||
                   !strcmp(a2, "readfile") || !strcmp(a2, "writefile") || !strcmp(a2, "edit"))) {
            if (!r->denied[0]) snprintf(r->denied, sizeof r->denied, "%s()", a2);
            return SQLITE_DENY;
        }
        return SQLITE_OK;
    case SQLITE_SELECT:
    case SQLITE_RECURSIVE:
        return SQLITE_OK;
    case SQLITE_READ:
        if (is_secret(a1)) break;
        if (!a2 || !a2[0]) {
            /* count(*) and the like read no column, and SQLite then reports the table
             * without the view it was reached through: refuse rather than guess. */
            if (!r->denied[0])
                snprintf(r->denied, sizeof r->denied,
                         "%s (count a column, e.g. count(id), "
                         "rather than count(*))",
                         a1 ? a1 : "?");
            return SQLITE_DENY;
        }
        if (db_name && strcmp(db_name, "main") != 0) break;
        /* a column of a published view, or a table read through one */
        if (!strncmp(a1, "report_", 7) || (view && !strncmp(view, "report_", 7))) {
            const char *name = view && !strncmp(view, "report_", 7) ? view : a1;
            if (personal_allowed(r, name)) return SQLITE_OK;
            if (!r->denied[0]) {
                snprintf(r->denied, sizeof r->denied, "%s", name);
                r->personal_ban = 1;
            }
            return SQLITE_DENY;
        }
        break;
    default:
        a1 = NULL;
        break;
    }
    if (!r->denied[0]) {
        if (action == SQLITE_READ && a1)
            snprintf(r->denied, sizeof r->denied, "%s", a1);
        else
            snprintf(r->denied, sizeof r->denied, "(statement other than SELECT)");
    }
    return SQLITE_DENY;
}

static int progress(void *ud)
{
    kazi_report_db *r = ud;
    r->steps_left -= PROGRESS_EVERY;
    return r->steps_left < 0;
}

/* kazi_in_scope(path): 1 when an org unit's materialised path lies in the caller's
 * scope. Published views over personal data filter on it. */
static void in_scope(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    kazi_report_db *r = sqlite3_user_data(ctx);
    (void)argc;
    const kazi_report_scope *s = r->scope;
    if (!s || s->all) {
        sqlite3_result_int(ctx, 1);
        return;
    }
    const char *path = (const char *)sqlite3_value_text(argv[0]);
    if (!path) {
        sqlite3_result_int(ctx, 0);
        return;
    }
    for (int i = 0; i < s->npaths; i++) {
        if (s->paths[i] && !strncmp(path, s->paths[i], strlen(s->paths[i]))) {
            sqlite3_result_int(ctx, 1);
            return;
        }
    }
    sqlite3_result_int(ctx, 0);
}

/* kazi_path_at(path, depth): the materialised path of the ancestor at `depth` (0: the
 * country) of the unit whose path is `path` — "/1/5/" for ("/1/5/23/", 1) — or NULL
 * when the unit lies above that depth. Grouping by it counts per unit of a level in
 * one pass, without joining every row to every unit of the level. */
static void path_at(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *path = (const char *)sqlite3_value_text(argv[0]);
    if (!path || path[0] != '/' || sqlite3_value_type(argv[1]) != SQLITE_INTEGER) {
        sqlite3_result_null(ctx);
        return;
    }
    sqlite3_int64 depth = sqlite3_value_int64(argv[1]);
    if (depth < 0) {
        sqlite3_result_null(ctx);
        return;
    }
    const char *p = path + 1;
    for (sqlite3_int64 d = 0; d <= depth; d++) {
        const char *slash = strchr(p, '/');
        if (!slash) {
            sqlite3_result_null(ctx);
            return;
        }
        p = slash + 1;
    }
    sqlite3_result_text(ctx, path, (int)(p - path), SQLITE_TRANSIENT);
}

/* kazi_today(): today as YYYY-MM-DD (UTC) by Kazi's clock, as kazi.today() in Lua:
 * views that depend on the day (age groups, expired certificates) follow the clock
 * tests move, not SQLite's own date('now'). */
static void today(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    char buf[32];
    kazi_clock_format(buf, sizeof buf, kazi_clock_now_ms());
    sqlite3_result_text(ctx, buf, 10, SQLITE_TRANSIENT);
}

/* kazi_age_group(birth_date): the age group (whole years on kazi_today()) of someone
 * born on `birth_date` (YYYY-MM-DD): 'under-25', '25-34', '35-44', '45-54', '55-64',
 * '65-plus', or 'unknown' without a date. The one definition report_people and
 * report_assignments share; someone born on 29 February turns a year older on 1 March
 * in a common year, as SQLite's date(birth, '+N years') counts. */
static void age_group(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *b = (const char *)sqlite3_value_text(argv[0]);
    int by, bm, bd, ty, tm, td;
    char now[32];
    kazi_clock_format(now, sizeof now, kazi_clock_now_ms());
    if (!b || sscanf(b, "%4d-%2d-%2d", &by, &bm, &bd) != 3 ||
        sscanf(now, "%4d-%2d-%2d", &ty, &tm, &td) != 3) {
        sqlite3_result_text(ctx, "unknown", -1, SQLITE_STATIC);
        return;
    }
    int age = ty - by - (tm < bm || (tm == bm && td < bd));
    static const char *const groups[] = {"under-25", "25-34", "35-44", "45-54", "55-64"};
    for (int i = 0; i < 5; i++) {
        if (age < 25 + 10 * i) {
            sqlite3_result_text(ctx, groups[i], -1, SQLITE_STATIC);
            return;
        }
    }
    sqlite3_result_text(ctx, "65-plus", -1, SQLITE_STATIC);
}

static int install(kazi_report_db *r)
{
    sqlite3 *h = r->db->h;
    sqlite3_db_config(h, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, (int *)NULL);
    sqlite3_db_config(h, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
    sqlite3_limit(h, SQLITE_LIMIT_ATTACHED, 0);
    sqlite3_limit(h, SQLITE_LIMIT_SQL_LENGTH, 100000);
    if (sqlite3_create_function_v2(h, "kazi_in_scope", 1, SQLITE_UTF8 | SQLITE_INNOCUOUS, r,
                                   in_scope, NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_create_function_v2(h, "kazi_path_at", 2,
                                   SQLITE_UTF8 | SQLITE_INNOCUOUS | SQLITE_DETERMINISTIC, NULL,
                                   path_at, NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_create_function_v2(h, "kazi_today", 0, SQLITE_UTF8 | SQLITE_INNOCUOUS, NULL, today,
                                   NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_create_function_v2(h, "kazi_age_group", 1, SQLITE_UTF8 | SQLITE_INNOCUOUS, NULL,
                                   age_group, NULL, NULL, NULL) != SQLITE_OK)
        return kazi_db_fail(r->db, SQLITE_ERROR, "report connection");
    sqlite3_set_authorizer(h, authorize, r);
    sqlite3_progress_handler(h, PROGRESS_EVERY, progress, r);
    return KAZI_OK;
}

int kazi_report_db_open_schema(kazi_report_db **out)
{
    kazi_report_db *r = calloc(1, sizeof *r);
    if (!r) return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    int rc = kazi_db_open(&r->db, ":memory:", KAZI_DB_CREATE);
    if (rc < 0) {
        free(r);
        return rc;
    }
    if ((rc = kazi_migrate(r->db, -1)) < 0 || (rc = install(r)) < 0) {
        kazi_report_db_close(r);
        return rc;
    }
    r->checking = 1;
    *out = r;
    return KAZI_OK;
}

int kazi_report_db_check(kazi_report_db *r, const char *sql)
{
    r->denied[0] = '\0';
    r->personal_ban = 0;
    r->scope = NULL;
    sqlite3_stmt *st = NULL;
    const char *tail = NULL;
    int rc = sqlite3_prepare_v2(r->db->h, sql, -1, &st, &tail);
    if (rc != SQLITE_OK) {
        if (rc == SQLITE_AUTH || r->denied[0])
            rc = kazi_error_set(KAZI_EDENIED, "sql",
                                "reports may only SELECT from published views (report_*); "
                                "'%s' is not allowed",
                                r->denied[0] ? r->denied : "?");
        else
            rc = kazi_error_set(KAZI_EINVALID, "sql", "%s", sqlite3_errmsg(r->db->h));
    } else if (!st) {
        rc = kazi_error_set(KAZI_EINVALID, "sql", "the report query is empty");
    } else if (!sqlite3_stmt_readonly(st)) {
        rc = kazi_error_set(KAZI_EDENIED, "sql", "a report query must only read");
    } else {
        rc = KAZI_OK;
    }
    sqlite3_finalize(st);
    return rc;
}

int kazi_report_db_open(kazi_report_db **out, const char *path)
{
    kazi_report_db *r = calloc(1, sizeof *r);
    if (!r) return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    int rc = kazi_db_open(&r->db, path, KAZI_DB_READONLY);
    if (rc < 0) {
        free(r);
        return rc;
    }
    if ((rc = install(r)) < 0) {
        kazi_report_db_close(r);
        return rc;
    }
    *out = r;
    return KAZI_OK;
}

void kazi_report_db_close(kazi_report_db *r)
{
    if (!r) return;
    kazi_db_close(r->db);
    free(r);
}

static int bind_params(sqlite3_stmt *st, const json_t *params)
{
    if (!params) return KAZI_OK;
    if (!json_is_array(params))
        return kazi_error_set(KAZI_EINVALID, "params", "query parameters must be a list");
    if ((int)json_array_size(params) > sqlite3_bind_parameter_count(st))
        return kazi_error_set(KAZI_EINVALID, "params",
                              "the query has %d parameters but %zu values were given",
                              sqlite3_bind_parameter_count(st), json_array_size(params));
    size_t i;
    json_t *v;
    json_array_foreach(params, i, v)
    {
        int n = (int)i + 1, rc;
        switch (json_typeof(v)) {
        case JSON_STRING:
            rc = sqlite3_bind_text(st, n, json_string_value(v), (int)json_string_length(v),
                                   SQLITE_TRANSIENT);
            break;
        case JSON_INTEGER:
            rc = sqlite3_bind_int64(st, n, json_integer_value(v));
            break;
        case JSON_REAL:
            rc = sqlite3_bind_double(st, n, json_real_value(v));
            break;
        case JSON_TRUE:
            rc = sqlite3_bind_int(st, n, 1);
            break;
        case JSON_FALSE:
            rc = sqlite3_bind_int(st, n, 0);
            break;
        case JSON_NULL:
            rc = sqlite3_bind_null(st, n);
            break;
        default:
            return kazi_error_set(KAZI_EINVALID, "params",
                                  "query parameter %d must be a string, number or boolean", n);
        }
        if (rc != SQLITE_OK) return kazi_error_set(KAZI_ERROR, "params", "bind failed");
    }
    return KAZI_OK;
}

static json_t *column_value(sqlite3_stmt *st, int i)
{
    switch (sqlite3_column_type(st, i)) {
    case SQLITE_INTEGER:
        return json_integer(sqlite3_column_int64(st, i));
    case SQLITE_FLOAT:
        return json_real(sqlite3_column_double(st, i));
    case SQLITE_TEXT: {
        json_t *s = json_stringn((const char *)sqlite3_column_text(st, i),
                                 (size_t)sqlite3_column_bytes(st, i));
        return s ? s : json_null();
    }
    default:
        return json_null();
    }
}

static int only_space(const char *s)
{
    for (; s && *s; s++)
        if (!strchr(" \t\r\n;", *s)) return 0;
    return 1;
}

/* How many people the register has held (the largest person id: one look-up), asked
 * without the authorizer: Kazi's own question, not the report's. 0 without a register. */
static int64_t register_size(kazi_report_db *r)
{
    sqlite3 *h = r->db->h;
    sqlite3_stmt *st = NULL;
    int64_t n = 0;
    r->steps_left = DEFAULT_MAX_STEPS; /* the progress handler watches this too */
    sqlite3_set_authorizer(h, NULL, NULL);
    if (sqlite3_prepare_v2(h, "SELECT max(rowid) FROM person", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_set_authorizer(h, authorize, r);
    return n;
}

int kazi_report_db_query(json_t **rows_out, json_t **columns_out, kazi_report_db *r,
                         const char *sql, const json_t *params, const kazi_report_scope *scope,
                         const kazi_report_limits *limits)
{
    int64_t max_rows = limits && limits->max_rows > 0 ? limits->max_rows : DEFAULT_MAX_ROWS;
    r->steps_left = limits && limits->max_steps > 0
                        ? limits->max_steps
                        : DEFAULT_MAX_STEPS + STEPS_PER_PERSON * register_size(r);
    r->denied[0] = '\0';
    r->personal_ban = 0;
    r->scope = scope;
    sqlite3_stmt *st = NULL;
    const char *tail = NULL;
    json_t *rows = NULL, *cols = NULL;
    int rc = sqlite3_prepare_v2(r->db->h, sql, -1, &st, &tail);
    if (rc != SQLITE_OK) {
        if (r->personal_ban)
            rc = kazi_error_set(KAZI_EDENIED, "sql",
                                "'%s' holds personal data: reading it needs the permission "
                                "reports.personal",
                                r->denied);
        else if (rc == SQLITE_AUTH || r->denied[0])
            rc = kazi_error_set(KAZI_EDENIED, "sql",
                                "reports may only SELECT from published views (report_*); "
                                "'%s' is not allowed",
                                r->denied[0] ? r->denied : "?");
        else
            rc = kazi_error_set(KAZI_EINVALID, "sql", "the report query does not compile: %s",
                                sqlite3_errmsg(r->db->h));
        goto done;
    }
    if (!st) {
        rc = kazi_error_set(KAZI_EINVALID, "sql", "the report query is empty");
        goto done;
    }
    if (!only_space(tail)) {
        rc = kazi_error_set(KAZI_EDENIED, "sql", "a report query must be a single statement");
        goto done;
    }
    if (!sqlite3_stmt_readonly(st)) {
        rc = kazi_error_set(KAZI_EDENIED, "sql", "a report query must only read");
        goto done;
    }
    if ((rc = bind_params(st, params)) < 0) goto done;
    int ncol = sqlite3_column_count(st);
    rows = json_array();
    cols = json_array();
    for (int i = 0; i < ncol; i++)
        json_array_append_new(cols, json_string(sqlite3_column_name(st, i)));
    for (;;) {
        int s = sqlite3_step(st);
        if (s == SQLITE_DONE) break;
        if (s == SQLITE_ROW) {
            if ((int64_t)json_array_size(rows) >= max_rows) {
                rc = kazi_error_set(KAZI_ETOOBIG, "sql",
                                    "the report query returned more than %lld rows",
                                    (long long)max_rows);
                goto done;
            }
            json_t *row = json_object();
            for (int i = 0; i < ncol; i++)
                json_object_set_new(row, sqlite3_column_name(st, i), column_value(st, i));
            json_array_append_new(rows, row);
            continue;
        }
        if (s == SQLITE_INTERRUPT)
            rc = kazi_error_set(KAZI_ETIMEOUT, "sql",
                                "the report query ran too long and was stopped");
        else
            rc = kazi_db_fail(r->db, s, "report query");
        goto done;
    }
    *rows_out = rows;
    *columns_out = cols;
    rows = cols = NULL;
    rc = KAZI_OK;
done:
    sqlite3_finalize(st);
    json_decref(rows);
    json_decref(cols);
    r->scope = NULL;
    return rc;
}

static _Thread_local kazi_report_db *thread_report;

int kazi_report_thread_db(kazi_report_db **out)
{
    if (!thread_report) {
        kazi_db *main_db;
        int rc = kazi_store_thread_db(&main_db);
        if (rc < 0) return rc;
        if ((rc = kazi_report_db_open(&thread_report, kazi_db_path(main_db))) < 0) return rc;
    }
    *out = thread_report;
    return KAZI_OK;
}

kazi_report_db *kazi_report_thread_swap(kazi_report_db *db)
{
    kazi_report_db *old = thread_report;
    thread_report = db;
    return old;
}

void kazi_report_thread_close(void)
{
    kazi_report_db_close(thread_report);
    thread_report = NULL;
}
