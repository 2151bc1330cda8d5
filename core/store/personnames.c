#include "store/personnames.h"
#include "store/internal.h"
#include "util/error.h"

#define P10 "?,?,?,?,?,?,?,?,?,?"

/* The current post is the open assignment started last (as the cadre filter and the
 * position's holder read it); a person with none gets NULLs. Unused places are bound
 * to NULL, which matches nothing, so one prepared statement serves every page. */
static const char names_sql[] =
    "SELECT p.id, u.name, pos.title, pos.cadre FROM person p "
    "LEFT JOIN org_unit u ON u.id = p.residence_org_unit_id "
    "LEFT JOIN position pos ON pos.id = (SELECT a.position_id FROM assignment a "
    "WHERE a.person_id = p.id AND a.end_date IS NULL ORDER BY a.start_date DESC, a.id DESC "
    "LIMIT 1) WHERE p.id IN (" P10 "," P10 "," P10 "," P10 "," P10 ")";

_Static_assert(KAZI_STORE_PERSON_NAMES_BATCH == 50, "names_sql has 50 places");

/* One statement for the people ids (n <= KAZI_STORE_PERSON_NAMES_BATCH). */
static int name_batch(kazi_db *db, const int64_t *ids, size_t n,
                      int (*fn)(void *ctx, const kazi_person_names *names), void *ctx)
{
    sqlite3_stmt *st = kazi_db_stmt(db, names_sql);
    if (!st) return KAZI_ERROR;
    int k = 1;
    for (size_t i = 0; i < n; i++, k++)
        if (ids[i] > 0)
            sqlite3_bind_int64(st, k, ids[i]);
        else
            sqlite3_bind_null(st, k);
    for (; k <= KAZI_STORE_PERSON_NAMES_BATCH; k++)
        sqlite3_bind_null(st, k);
    int rc = SQLITE_DONE, frc = KAZI_OK;
    while (frc >= 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        kazi_person_names names = {
            sqlite3_column_int64(st, 0),
            (const char *)sqlite3_column_text(st, 1),
            (const char *)sqlite3_column_text(st, 2),
            (const char *)sqlite3_column_text(st, 3),
        };
        frc = fn(ctx, &names);
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (frc < 0) return frc;
    return rc == SQLITE_DONE ? KAZI_OK : kazi_db_fail(db, rc, "name the people of a page");
}

int kazi_store_person_names_each(kazi_db *db, const int64_t *ids, size_t n,
                                 int (*fn)(void *ctx, const kazi_person_names *names), void *ctx)
{
    for (size_t from = 0; from < n; from += KAZI_STORE_PERSON_NAMES_BATCH) {
        size_t k =
            n - from < KAZI_STORE_PERSON_NAMES_BATCH ? n - from : KAZI_STORE_PERSON_NAMES_BATCH;
        int rc = name_batch(db, ids + from, k, fn, ctx);
        if (rc < 0) return rc;
    }
    return KAZI_OK;
}

int kazi_store_person_names_plan(json_t **out, kazi_db *db)
{
    char *sql = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", names_sql);
    if (!sql) return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(db->h, sql, -1, &st, NULL);
    sqlite3_free(sql);
    if (rc != SQLITE_OK) return kazi_db_fail(db, rc, "plan the naming of a page");
    json_t *details = json_array();
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        json_array_append_new(details, json_string((const char *)sqlite3_column_text(st, 3)));
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        json_decref(details);
        return kazi_db_fail(db, rc, "plan the naming of a page");
    }
    *out = details;
    return KAZI_OK;
}

static json_t *text_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

/* kazi_store_person_names' batch: the items it names. */
typedef struct item_batch {
    json_t *items;
    size_t from, to;
} item_batch;

static int name_items(void *ctx, const kazi_person_names *names)
{
    item_batch *b = ctx;
    for (size_t i = b->from; i < b->to; i++) {
        json_t *x = json_array_get(b->items, i);
        json_t *xid = json_object_get(x, "id");
        if (!json_is_integer(xid) || json_integer_value(xid) != names->id) continue;
        json_object_set_new(x, "residence_name", text_or_null(names->residence_name));
        json_object_set_new(x, "position_title", text_or_null(names->position_title));
        json_object_set_new(x, "cadre", text_or_null(names->cadre));
    }
    return KAZI_OK;
}

int kazi_store_person_names(json_t *items, kazi_db *db)
{
    size_t n = json_array_size(items);
    for (size_t from = 0; from < n; from += KAZI_STORE_PERSON_NAMES_BATCH) {
        item_batch b = {
            items, from,
            from + KAZI_STORE_PERSON_NAMES_BATCH < n ? from + KAZI_STORE_PERSON_NAMES_BATCH : n};
        int64_t ids[KAZI_STORE_PERSON_NAMES_BATCH];
        for (size_t i = b.from; i < b.to; i++) {
            json_t *id = json_object_get(json_array_get(items, i), "id");
            ids[i - b.from] = json_is_integer(id) ? json_integer_value(id) : 0;
        }
        int rc = name_batch(db, ids, b.to - b.from, name_items, &b);
        if (rc < 0) return rc;
    }
    return KAZI_OK;
}
