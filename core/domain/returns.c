#include "domain/returns.h"
#include "domain/support.h"
#include "lua/runtime.h"
#include "store/support.h"
#include "util/clock.h"
#include "util/csv.h"
#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The largest count one return may give an activity. */
#define COUNT_MAX 1000000
/* Rows one import may hold, and problems one import reports. */
#define IMPORT_ROWS_MAX   100000
#define IMPORT_ERRORS_MAX 200

static const json_t *catalogue_of(kazi_lua_gen **pinned)
{
    *pinned = kazi_lua_current();
    return *pinned ? kazi_lua_gen_catalogue(*pinned) : NULL;
}

/* ---- activity returns ---------------------------------------------------------------- */

static int activity_declared(const json_t *cat, const char *id)
{
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(cat, "activities"), i, e)
    {
        const char *x = json_string_value(json_object_get(e, "id"));
        if (x && !strcmp(x, id)) return 1;
    }
    return 0;
}

int kazi_returns_put(json_t **out, kazi_db *db, const kazi_caller *c, const json_t *in)
{
    int rc = kazi_support_check("activity_return", in);
    if (rc < 0) return rc;
    int64_t person = json_integer_value(json_object_get(in, "person_id"));
    const char *period = json_string_value(json_object_get(in, "period"));
    if (!kazi_support_is_period(period))
        return kazi_error_set(KAZI_EINVALID, "period", "The period must be a month (YYYY-MM)");
    const json_t *counts = json_object_get(in, "counts");
    if (!json_is_object(counts) || !json_object_size(counts))
        return kazi_error_set(KAZI_EINVALID, "counts",
                              "The counts must be an object of activity id → count");
    kazi_lua_gen *g;
    const json_t *cat = catalogue_of(&g);
    const char *k;
    const json_t *v;
    rc = KAZI_OK;
    json_object_foreach((json_t *)counts, k, v)
    {
        char field[120];
        snprintf(field, sizeof field, "counts.%.100s", k);
        if (!activity_declared(cat, k)) {
            rc = kazi_error_set(KAZI_EINVALID, field,
                                "%s: no activity type '%.100s' is declared (kazi.activity)", field,
                                k);
            break;
        }
        if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > COUNT_MAX) {
            rc = kazi_error_set(KAZI_EINVALID, field, "%s must be a whole number from 0 to %d",
                                field, COUNT_MAX);
            break;
        }
    }
    kazi_lua_gen_unref(g);
    if (rc < 0) return rc;
    if ((rc = kazi_support_body_person(db, c, person, "person_id")) < 0) return rc;
    if ((rc = kazi_db_begin(db)) < 0) return rc;
    json_object_foreach((json_t *)counts, k, v)
    {
        if ((rc = kazi_store_return_put(db, person, period, k, json_integer_value(v),
                                        kazi_clock_now_ms())) < 0)
            break;
    }
    if (rc == KAZI_OK)
        rc = kazi_support_audit(db, c, "activity_return.put", "person", person, NULL, in);
    if ((rc = kazi_db_end(db, rc)) < 0) return rc;
    return kazi_returns_list(out, db, c, person, period);
}

int kazi_returns_list(json_t **out, kazi_db *db, const kazi_caller *c, int64_t person_id,
                      const char *period)
{
    int rc = kazi_support_person_visible(db, c, person_id);
    if (rc < 0) return rc;
    if (period && !kazi_support_is_period(period))
        return kazi_error_set(KAZI_EINVALID, "period", "The period must be a month (YYYY-MM)");
    json_t *items;
    if ((rc = kazi_store_return_list(&items, db, person_id, period)) < 0) return rc;
    *out = json_pack("{s:o}", "items", kazi_support_output("activity_count", items));
    return KAZI_OK;
}

typedef struct {
    kazi_db *db;
    const kazi_caller *c;
    const json_t *cat;
    json_t *header; /* activity id per column (null for person_id/period) */
    int person_col, period_col;
    json_t *rows; /* [{person_id, period, counts}] */
    json_t *errors;
} import_ctx;

static void import_error(import_ctx *x, int row, int col, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void import_error(import_ctx *x, int row, int col, const char *field, const char *fmt, ...)
{
    char msg[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (json_array_size(x->errors) < IMPORT_ERRORS_MAX)
        json_array_append_new(x->errors, json_pack("{s:i,s:i,s:s,s:s}", "row", row, "column", col,
                                                   "field", field, "message", msg));
}

static int import_row(void *ctx, int row, char *const *f, size_t n)
{
    import_ctx *x = ctx;
    if (row == 1) {
        x->header = json_array();
        x->person_col = x->period_col = -1;
        for (size_t i = 0; i < n; i++) {
            if (!strcmp(f[i], "person_id")) {
                x->person_col = (int)i;
                json_array_append_new(x->header, json_null());
            } else if (!strcmp(f[i], "period")) {
                x->period_col = (int)i;
                json_array_append_new(x->header, json_null());
            } else if (activity_declared(x->cat, f[i])) {
                json_array_append_new(x->header, json_string(f[i]));
            } else {
                json_array_append_new(x->header, json_null());
                import_error(x, 1, (int)i + 1, "header",
                             "column %zu: no activity type '%.60s' is declared (kazi.activity)",
                             i + 1, f[i]);
            }
        }
        if (x->person_col < 0)
            import_error(x, 1, 0, "header", "the header needs a person_id column");
        if (x->period_col < 0) import_error(x, 1, 0, "header", "the header needs a period column");
        return KAZI_OK;
    }
    if (x->person_col < 0 || x->period_col < 0) return KAZI_OK;
    if (json_array_size(x->rows) >= IMPORT_ROWS_MAX) {
        import_error(x, row, 0, "file", "more than %d rows: split the file", IMPORT_ROWS_MAX);
        return kazi_error_set(KAZI_ETOOBIG, NULL, "too many rows");
    }
    if (n != json_array_size(x->header)) {
        import_error(x, row, 0, "row", "row %d has %zu cells, the header %zu", row, n,
                     json_array_size(x->header));
        return KAZI_OK;
    }
    char *end;
    long long pid = strtoll(f[x->person_col], &end, 10);
    int ok = 1;
    if (!f[x->person_col][0] || *end || pid < 1) {
        import_error(x, row, x->person_col + 1, "person_id", "person_id must be a person's id");
        ok = 0;
    } else if (kazi_support_person_visible(x->db, x->c, pid) < 0) {
        import_error(x, row, x->person_col + 1, "person_id", "no person with id %lld", pid);
        ok = 0;
    }
    if (!kazi_support_is_period(f[x->period_col])) {
        import_error(x, row, x->period_col + 1, "period", "The period must be a month (YYYY-MM)");
        ok = 0;
    }
    json_t *counts = json_object();
    for (size_t i = 0; i < n; i++) {
        const char *act = json_string_value(json_array_get(x->header, i));
        if (!act || !f[i][0]) continue;
        long long v = strtoll(f[i], &end, 10);
        if (*end || v < 0 || v > COUNT_MAX) {
            import_error(x, row, (int)i + 1, act, "%s must be a whole number from 0 to %d", act,
                         COUNT_MAX);
            ok = 0;
            continue;
        }
        json_object_set_new(counts, act, json_integer(v));
    }
    if (ok)
        json_array_append_new(x->rows, json_pack("{s:I,s:s,s:o}", "person_id", (json_int_t)pid,
                                                 "period", f[x->period_col], "counts", counts));
    else
        json_decref(counts);
    return KAZI_OK;
}

int kazi_returns_import(json_t **out, kazi_db *db, const kazi_caller *c, const char *csv,
                        size_t len)
{
    kazi_lua_gen *g;
    import_ctx x = {db, c, catalogue_of(&g), NULL, -1, -1, json_array(), json_array()};
    int rc = kazi_csv_parse(csv ? csv : "", len, import_row, &x);
    kazi_lua_gen_unref(g);
    if (rc < 0 && rc != KAZI_ETOOBIG) {
        const kazi_error *e = kazi_error_last();
        import_error(&x, e->line, e->column, "file", "%s", e->message);
    }
    if (!x.header) import_error(&x, 1, 0, "file", "the file is empty: it needs a header row");
    json_decref(x.header);
    if (json_array_size(x.errors)) {
        json_decref(x.rows);
        const json_t *first = json_array_get(x.errors, 0);
        rc = kazi_error_set(KAZI_EINVALID, json_string_value(json_object_get(first, "field")),
                            "row %d, column %d: %s (nothing was imported)",
                            (int)json_integer_value(json_object_get(first, "row")),
                            (int)json_integer_value(json_object_get(first, "column")),
                            json_string_value(json_object_get(first, "message")));
        *out = json_pack("{s:b,s:o}", "ok", 0, "errors", x.errors);
        return rc;
    }
    json_decref(x.errors);
    size_t i, ncounts = 0;
    json_t *r;
    if ((rc = kazi_db_begin(db)) < 0) {
        json_decref(x.rows);
        return rc;
    }
    json_array_foreach(x.rows, i, r)
    {
        const char *k;
        json_t *v;
        json_object_foreach(json_object_get(r, "counts"), k, v)
        {
            if ((rc = kazi_store_return_put(db, json_integer_value(json_object_get(r, "person_id")),
                                            json_string_value(json_object_get(r, "period")), k,
                                            json_integer_value(v), kazi_clock_now_ms())) < 0)
                break;
            ncounts++;
        }
        if (rc < 0) break;
    }
    if (rc == KAZI_OK) {
        json_t *summary = json_pack("{s:I,s:I}", "rows", (json_int_t)json_array_size(x.rows),
                                    "counts", (json_int_t)ncounts);
        rc = kazi_support_audit(db, c, "activity_return.import", "activity_return", 0, NULL,
                                summary);
        json_decref(summary);
    }
    size_t nrows = json_array_size(x.rows);
    json_decref(x.rows);
    if ((rc = kazi_db_end(db, rc)) < 0) return rc;
    *out = json_pack("{s:b,s:I,s:I}", "ok", 1, "rows", (json_int_t)nrows, "counts",
                     (json_int_t)ncounts);
    return KAZI_OK;
}
