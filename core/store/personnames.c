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

static json_t *text_or_null(sqlite3_stmt *st, int col)
{
    const unsigned char *s = sqlite3_column_text(st, col);
    return s ? json_string((const char *)s) : json_null();
}

static int name_batch(json_t *items, size_t from, size_t to, kazi_db *db)
{
    sqlite3_stmt *st = kazi_db_stmt(db, names_sql);
    if (!st) return KAZI_ERROR;
    int k = 1;
    for (size_t i = from; i < to; i++) {
        json_t *id = json_object_get(json_array_get(items, i), "id");
        if (json_is_integer(id))
            sqlite3_bind_int64(st, k, json_integer_value(id));
        else
            sqlite3_bind_null(st, k);
        k++;
    }
    for (; k <= KAZI_STORE_PERSON_NAMES_BATCH; k++)
        sqlite3_bind_null(st, k);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        for (size_t i = from; i < to; i++) {
            json_t *x = json_array_get(items, i);
            json_t *xid = json_object_get(x, "id");
            if (!json_is_integer(xid) || json_integer_value(xid) != id) continue;
            json_object_set_new(x, "residence_name", text_or_null(st, 1));
            json_object_set_new(x, "position_title", text_or_null(st, 2));
            json_object_set_new(x, "cadre", text_or_null(st, 3));
        }
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_DONE ? KAZI_OK : kazi_db_fail(db, rc, "name the people of a page");
}

int kazi_store_person_names(json_t *items, kazi_db *db)
{
    size_t n = json_array_size(items);
    for (size_t from = 0; from < n; from += KAZI_STORE_PERSON_NAMES_BATCH) {
        size_t to =
            from + KAZI_STORE_PERSON_NAMES_BATCH < n ? from + KAZI_STORE_PERSON_NAMES_BATCH : n;
        int rc = name_batch(items, from, to, db);
        if (rc < 0) return rc;
    }
    return KAZI_OK;
}
