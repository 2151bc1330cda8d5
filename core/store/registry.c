#include "store/registry.h"
#include "store/internal.h"
#include "store/sqlbuf.h"
#include "util/clock.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- helpers ------------------------------------------------------------------------- */

/*
 * Run an INSERT whose parameters are the record's `keys` in order, then `extra` when
 * given (an id, 0 binding NULL), then the creation and update times; *out = new id.
 * Person, position and assignment inserts share it.
 */
static int insert_keys(int64_t *out, kazi_db *db, sqlite3_stmt *st, const json_t *rec,
                       const char *const *keys, const int64_t *extra, int64_t now_ms,
                       const char *what)
{
    if (!st) return KAZI_ERROR;
    int i = kazi_db_bind_keys(st, 1, rec, keys);
    if (extra) {
        i++;
        if (*extra)
            sqlite3_bind_int64(st, i, *extra);
        else
            sqlite3_bind_null(st, i);
    }
    sqlite3_bind_int64(st, i + 1, now_ms);
    sqlite3_bind_int64(st, i + 2, now_ms);
    int rc = kazi_db_step_done(db, st, what);
    if (rc == KAZI_OK) *out = sqlite3_last_insert_rowid(db->h);
    return rc;
}

static const char *const bool_columns[] = {"approved", "vacant", NULL};
static const char *const json_columns[] = {"languages", "custom",      "before", "after",
                                           "holder",    "identifiers", NULL};
static const char *const time_columns[] = {"created_at", "updated_at", "changed_at", NULL};
static const kazi_row_spec row_spec = {bool_columns, json_columns, time_columns};

static json_t *row_json(sqlite3_stmt *st)
{
    return kazi_db_row_json(st, &row_spec);
}

static int one_row(json_t **out, kazi_db *db, sqlite3_stmt *st, const char *what, const char *field)
{
    return kazi_db_one_row(out, db, st, &row_spec, what, field);
}

static int one_id(int64_t *out, kazi_db *db, sqlite3_stmt *st, const char *what, const char *field)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *out = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        return KAZI_OK;
    }
    sqlite3_reset(st);
    if (rc == SQLITE_DONE) return kazi_error_set(KAZI_ENOTFOUND, field, "no such %s", what);
    return kazi_db_fail(db, rc, what);
}

static int all_rows(json_t **out, kazi_db *db, sqlite3_stmt *st, const char *what)
{
    return kazi_db_all_rows(out, db, st, &row_spec, what);
}

void kazi_store_subtree_end(char *end, const char *path)
{
    snprintf(end, KAZI_PATH_MAX, "%s", path);
    size_t n = strlen(end);
    if (n && end[n - 1] == '/') end[n - 1] = '0';
}

int kazi_store_org_unit_path(char *path, kazi_db *db, int64_t id, const char *field)
{
    sqlite3_stmt *st = kazi_db_stmt(db, "SELECT path FROM org_unit WHERE id = ?");
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        snprintf(path, KAZI_PATH_MAX, "%s", (const char *)sqlite3_column_text(st, 0));
        sqlite3_reset(st);
        return KAZI_OK;
    }
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return kazi_error_set(KAZI_EINVALID, field, "There is no org unit with id %lld",
                              (long long)id);
    return kazi_db_fail(db, rc, "read org unit");
}

int kazi_store_org_unit_by_code(int64_t *out, kazi_db *db, const char *code, const char *field)
{
    sqlite3_stmt *st = kazi_db_stmt(db, "SELECT id FROM org_unit WHERE code = ?");
    if (!st) return KAZI_ERROR;
    kazi_db_bind_text(st, 1, code);
    int rc = one_id(out, db, st, "org unit", field);
    if (rc == KAZI_ENOTFOUND)
        return kazi_error_set(KAZI_EINVALID, field, "There is no org unit with the code '%.80s'",
                              code);
    return rc;
}

int kazi_store_organisation_by_code(int64_t *out, kazi_db *db, const char *code, const char *field)
{
    sqlite3_stmt *st = kazi_db_stmt(db, "SELECT id FROM organisation WHERE code = ?");
    if (!st) return KAZI_ERROR;
    kazi_db_bind_text(st, 1, code);
    int rc = one_id(out, db, st, "organisation", field);
    if (rc == KAZI_ENOTFOUND)
        return kazi_error_set(KAZI_EINVALID, field,
                              "There is no organisation with the code '%.80s'", code);
    return rc;
}

int kazi_store_organisation_exists(kazi_db *db, int64_t id)
{
    sqlite3_stmt *st = kazi_db_stmt(db, "SELECT id FROM organisation WHERE id = ?");
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, id);
    int64_t x;
    int rc = one_id(&x, db, st, "organisation", "organisation_id");
    if (rc == KAZI_ENOTFOUND)
        return kazi_error_set(KAZI_EINVALID, "organisation_id",
                              "There is no organisation with id %lld", (long long)id);
    return rc;
}

/* ---- people -------------------------------------------------------------------------- */

static const char *const person_keys[] = {
    "given_name",
    "family_name",
    "other_names",
    "name_key",
    "given_key",
    "sex",
    "birth_date",
    "phone",
    "languages",
    "education",
    "residence_org_unit_id",
    "org_path",
    "custom",
    "review_duplicate_of",
    NULL,
};

int kazi_store_person_insert(int64_t *out, kazi_db *db, const json_t *p, int64_t now_ms)
{
    return kazi_store_person_insert_imported(out, db, p, 0, now_ms);
}

int kazi_store_person_insert_imported(int64_t *out, kazi_db *db, const json_t *p,
                                      int64_t import_audit_id, int64_t now_ms)
{
    sqlite3_stmt *st = kazi_db_stmt(
        db, "INSERT INTO person (given_name, family_name, other_names, name_key, given_key, "
            "sex, birth_date, phone, languages, education, residence_org_unit_id, org_path, "
            "custom, review_duplicate_of, import_audit_id, status, created_at, updated_at) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,'active',?,?)");
    return insert_keys(out, db, st, p, person_keys, &import_audit_id, now_ms, "insert person");
}

int kazi_store_person_import_audit_move(kazi_db *db, int64_t from, int64_t to)
{
    sqlite3_stmt *st =
        kazi_db_stmt(db, "UPDATE person SET import_audit_id = ? WHERE import_audit_id = ?");
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, to);
    sqlite3_bind_int64(st, 2, from);
    return kazi_db_step_done(db, st, "move the import's audit reference");
}

int kazi_store_person_update(kazi_db *db, int64_t id, const json_t *p, int64_t now_ms)
{
    sqlite3_stmt *st = kazi_db_stmt(
        db, "UPDATE person SET given_name=?, family_name=?, other_names=?, name_key=?, "
            "given_key=?, sex=?, birth_date=?, phone=?, languages=?, education=?, "
            "residence_org_unit_id=?, org_path=?, custom=?, review_duplicate_of=?, "
            "updated_at=? WHERE id=?");
    if (!st) return KAZI_ERROR;
    kazi_db_bind_keys(st, 1, p, person_keys);
    sqlite3_bind_int64(st, 15, now_ms);
    sqlite3_bind_int64(st, 16, id);
    return kazi_db_step_done(db, st, "update person");
}

int kazi_store_person_set_status(kazi_db *db, int64_t id, const char *status, const char *reason,
                                 int64_t merged_into, int64_t now_ms)
{
    sqlite3_stmt *st = kazi_db_stmt(db, "UPDATE person SET status=?, status_reason=?, "
                                        "merged_into_id=?, updated_at=? WHERE id=?");
    if (!st) return KAZI_ERROR;
    kazi_db_bind_text(st, 1, status);
    kazi_db_bind_text(st, 2, reason);
    if (merged_into)
        sqlite3_bind_int64(st, 3, merged_into);
    else
        sqlite3_bind_null(st, 3);
    sqlite3_bind_int64(st, 4, now_ms);
    sqlite3_bind_int64(st, 5, id);
    return kazi_db_step_done(db, st, "update person status");
}

int kazi_store_person_set_review(kazi_db *db, int64_t id, int64_t duplicate_of, int64_t now_ms)
{
    sqlite3_stmt *st =
        kazi_db_stmt(db, "UPDATE person SET review_duplicate_of=?, updated_at=? WHERE id=?");
    if (!st) return KAZI_ERROR;
    if (duplicate_of)
        sqlite3_bind_int64(st, 1, duplicate_of);
    else
        sqlite3_bind_null(st, 1);
    sqlite3_bind_int64(st, 2, now_ms);
    sqlite3_bind_int64(st, 3, id);
    return kazi_db_step_done(db, st, "update person");
}

#define PERSON_COLUMNS                                                                             \
    "id, given_name, family_name, other_names, sex, birth_date, phone, languages, "                \
    "education, residence_org_unit_id, custom, status, status_reason, merged_into_id, "            \
    "review_duplicate_of, created_at, updated_at, org_path"

/* A person's row with its identifiers: the JSON array the triggers of migration
 * 0024_person_identifiers keep on the row (one row read, no second look-up). */
#define PERSON_SELECT "SELECT " PERSON_COLUMNS ", identifiers FROM person "

int kazi_store_person_get(json_t **out, kazi_db *db, int64_t id)
{
    sqlite3_stmt *st = kazi_db_stmt(db, PERSON_SELECT "WHERE id = ?");
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, id);
    return one_row(out, db, st, "person", "id");
}

int kazi_store_person_text(kazi_buf *out, kazi_person_where *where, kazi_db *db, int64_t id,
                           int (*keep)(void *ctx, const char *name), void *ctx)
{
    /* the statement of kazi_store_person_get: one prepared statement for both */
    sqlite3_stmt *st = kazi_db_stmt(db, PERSON_SELECT "WHERE id = ?");
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return rc == SQLITE_DONE ? kazi_error_set(KAZI_ENOTFOUND, "id", "no such person")
                                 : kazi_db_fail(db, rc, "person");
    }
    /* PERSON_COLUMNS: review_duplicate_of is the 15th, org_path the 18th */
    const char *path = (const char *)sqlite3_column_text(st, 17);
    snprintf(where->org_path, sizeof where->org_path, "%s", path ? path : "");
    where->review_duplicate_of = sqlite3_column_int64(st, 14);
    rc = kazi_db_row_text(out, st, &row_spec, keep, ctx);
    sqlite3_reset(st);
    return rc;
}

int kazi_store_identifier_add(kazi_db *db, int64_t id, const char *type, const char *value)
{
    sqlite3_stmt *st =
        kazi_db_stmt(db, "INSERT INTO person_identifier (type, value, person_id) VALUES (?, ?, ?)");
    if (!st) return KAZI_ERROR;
    kazi_db_bind_text(st, 1, type);
    kazi_db_bind_text(st, 2, value);
    sqlite3_bind_int64(st, 3, id);
    int rc = kazi_db_step_done(db, st, "insert identifier");
    if (rc == KAZI_EEXISTS)
        return kazi_error_set(KAZI_EEXISTS, "identifiers",
                              "identifier %s '%s' already belongs to another person", type, value);
    return rc;
}

int kazi_store_identifiers_replace(kazi_db *db, int64_t id, const json_t *ids)
{
    sqlite3_stmt *del = kazi_db_stmt(db, "DELETE FROM person_identifier WHERE person_id = ?");
    if (!del) return KAZI_ERROR;
    sqlite3_bind_int64(del, 1, id);
    int rc = kazi_db_step_done(db, del, "replace identifiers");
    if (rc < 0) return rc;
    size_t i;
    const json_t *x;
    json_array_foreach(ids, i, x)
    {
        if ((rc = kazi_store_identifier_add(db, id, json_string_value(json_object_get(x, "type")),
                                            json_string_value(json_object_get(x, "value")))) < 0)
            return rc;
    }
    return KAZI_OK;
}

int kazi_store_person_move(kazi_db *db, int64_t from, int64_t to)
{
    sqlite3_stmt *st =
        kazi_db_stmt(db, "UPDATE person_identifier SET person_id = ? WHERE person_id = ?");
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, to);
    sqlite3_bind_int64(st, 2, from);
    int rc = kazi_db_step_done(db, st, "move identifiers");
    if (rc < 0) return rc;
    st = kazi_db_stmt(db, "UPDATE assignment SET person_id = ? WHERE person_id = ?");
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, to);
    sqlite3_bind_int64(st, 2, from);
    return kazi_db_step_done(db, st, "move assignments");
}

int kazi_store_identifier_owner(int64_t *out, kazi_db *db, const char *type, const char *value)
{
    if (!type) {
        /* Any type: the value must name one person. */
        sqlite3_stmt *q = kazi_db_stmt(
            db, "SELECT min(person_id), count(DISTINCT person_id) FROM person_identifier "
                "WHERE value = ?");
        if (!q) return KAZI_ERROR;
        kazi_db_bind_text(q, 1, value);
        int rc = sqlite3_step(q);
        int64_t n = rc == SQLITE_ROW ? sqlite3_column_int64(q, 1) : 0;
        *out = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
        sqlite3_reset(q);
        if (rc != SQLITE_ROW) return kazi_db_fail(db, rc, "find identifier");
        if (n == 0) return kazi_error_set(KAZI_ENOTFOUND, "identifiers", "no such identifier");
        if (n > 1)
            return kazi_error_set(KAZI_ENOTFOUND, "identifiers",
                                  "identifier '%s' names more than one person", value);
        return KAZI_OK;
    }
    sqlite3_stmt *st =
        kazi_db_stmt(db, "SELECT person_id FROM person_identifier WHERE type = ? AND value = ?");
    if (!st) return KAZI_ERROR;
    kazi_db_bind_text(st, 1, type);
    kazi_db_bind_text(st, 2, value);
    return one_id(out, db, st, "identifier", "identifiers");
}

int kazi_store_person_likely_duplicate(int64_t *out, kazi_db *db, const char *name_key,
                                       const char *birth_date, int64_t residence, int64_t exclude)
{
    sqlite3_stmt *st = kazi_db_stmt(
        db, "SELECT id FROM person WHERE name_key = ? AND id <> ? AND status <> 'merged' "
            "AND ((birth_date IS NOT NULL AND birth_date = ?) OR residence_org_unit_id = ?) "
            "ORDER BY id LIMIT 1");
    if (!st) return KAZI_ERROR;
    kazi_db_bind_text(st, 1, name_key);
    sqlite3_bind_int64(st, 2, exclude);
    kazi_db_bind_text(st, 3, birth_date);
    sqlite3_bind_int64(st, 4, residence);
    return one_id(out, db, st, "person", NULL);
}

int kazi_store_person_find_exact(int64_t *out, kazi_db *db, const char *name_key,
                                 const char *birth_date, int64_t residence)
{
    sqlite3_stmt *st = kazi_db_stmt(
        db, "SELECT id FROM person WHERE name_key = ? AND residence_org_unit_id = ? AND "
            "(birth_date = ? OR (birth_date IS NULL AND ? IS NULL)) AND status <> 'merged' "
            "ORDER BY id LIMIT 1");
    if (!st) return KAZI_ERROR;
    kazi_db_bind_text(st, 1, name_key);
    sqlite3_bind_int64(st, 2, residence);
    kazi_db_bind_text(st, 3, birth_date);
    kazi_db_bind_text(st, 4, birth_date);
    return one_id(out, db, st, "person", NULL);
}

int kazi_store_person_name_key(char *buf, size_t size, kazi_db *db, int64_t id)
{
    sqlite3_stmt *st = kazi_db_stmt(db, "SELECT name_key FROM person WHERE id = ?");
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        snprintf(buf, size, "%s", (const char *)sqlite3_column_text(st, 0));
        sqlite3_reset(st);
        return KAZI_OK;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? kazi_error_set(KAZI_ENOTFOUND, "id", "no such person")
                             : kazi_db_fail(db, rc, "read person");
}

int kazi_store_assignment_find(int64_t *out, kazi_db *db, int64_t person, int64_t position,
                               const char *start_date)
{
    sqlite3_stmt *st = kazi_db_stmt(db, "SELECT id FROM assignment WHERE person_id = ? AND "
                                        "position_id = ? AND start_date = ?");
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, person);
    sqlite3_bind_int64(st, 2, position);
    kazi_db_bind_text(st, 3, start_date);
    return one_id(out, db, st, "assignment", NULL);
}

/* Rebuilding person_place and its counts from person in one pass each, in key order:
 * after a bulk load, far cheaper than its triggers row by row. */
#define PLACE_UNITS(p)                                                                             \
    "json_each('[' || replace(substr(" p ".org_path, 2, length(" p ".org_path) - 2), '/', ',') "   \
    "|| ']')"
static const char *const place_rebuild[] = {
    "DELETE FROM person_place", "DELETE FROM person_place_count",
    "INSERT INTO person_place (org_unit_id, name_key, person_id, status, sex) SELECT u.value, "
    "p.name_key, p.id, p.status, p.sex FROM person AS p, " PLACE_UNITS("p") " AS u ORDER BY "
                                                                            "1, 2, 3",
    "INSERT INTO person_place_count (org_unit_id, status, sex, n) SELECT org_unit_id, status, "
    "coalesce(sex, ''), count(*) FROM person_place GROUP BY 1, 2, 3",
    NULL};

int kazi_store_person_indexes_drop(json_t **out, kazi_db *db)
{
    /* Unique indexes stay: they are what refuses a taken identifier while writing. The
     * triggers that keep person_place go too; the saved list rebuilds it, then puts
     * them back. */
    sqlite3_stmt *st = kazi_db_stmt(
        db, "SELECT name, sql, type FROM sqlite_master WHERE sql IS NOT NULL AND ((type = "
            "'index' AND tbl_name IN ('person', 'person_identifier') AND sql NOT LIKE 'CREATE "
            "UNIQUE%') OR (type = 'trigger' AND name LIKE 'person_place_%')) "
            "ORDER BY type, name");
    if (!st) return KAZI_ERROR;
    json_t *saved = json_array(), *names = json_array(), *triggers = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int trigger = !strcmp((const char *)sqlite3_column_text(st, 2), "trigger");
        json_array_append_new(trigger ? triggers : names,
                              json_string((const char *)sqlite3_column_text(st, 0)));
        json_array_append_new(saved, json_string((const char *)sqlite3_column_text(st, 1)));
    }
    if (json_array_size(triggers)) { /* the rebuild runs before the triggers come back */
        json_t *rebuilt = json_array();
        for (int i = 0; place_rebuild[i]; i++)
            json_array_append_new(rebuilt, json_string(place_rebuild[i]));
        for (size_t i = 0; i < json_array_size(saved); i++) {
            const char *sql = json_string_value(json_array_get(saved, i));
            json_array_insert(rebuilt,
                              strncmp(sql, "CREATE TRIGGER", 14) ? 0 : json_array_size(rebuilt),
                              json_array_get(saved, i));
        }
        json_decref(saved);
        saved = rebuilt;
    }
    sqlite3_reset(st);
    rc = rc == SQLITE_DONE ? KAZI_OK : kazi_db_fail(db, rc, "list indexes");
    size_t i;
    json_t *n;
    json_array_foreach(names, i, n)
    {
        if (rc < 0) break;
        char *sql = sqlite3_mprintf("DROP INDEX \"%w\"", json_string_value(n));
        rc = sql ? kazi_db_exec(db, sql) : kazi_error_set(KAZI_ERROR, NULL, "out of memory");
        sqlite3_free(sql);
    }
    json_array_foreach(triggers, i, n)
    {
        if (rc < 0) break;
        char *sql = sqlite3_mprintf("DROP TRIGGER \"%w\"", json_string_value(n));
        rc = sql ? kazi_db_exec(db, sql) : kazi_error_set(KAZI_ERROR, NULL, "out of memory");
        sqlite3_free(sql);
    }
    json_decref(names);
    json_decref(triggers);
    if (rc < 0) {
        json_decref(saved);
        return rc;
    }
    *out = saved;
    return KAZI_OK;
}

int kazi_store_person_indexes_restore(kazi_db *db, const json_t *saved)
{
    size_t i;
    json_t *sql;
    json_array_foreach(saved, i, sql)
    {
        int rc = kazi_db_exec(db, json_string_value(sql));
        if (rc < 0) return rc;
    }
    return KAZI_OK;
}

int kazi_store_bulk_cache(kazi_db *db, int mib)
{
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA cache_size = %d", mib > 0 ? -mib * 1024 : -2000);
    return kazi_db_exec(db, sql);
}

int kazi_store_bulk_sync(kazi_db *db, int wait)
{
    return kazi_db_exec(db, wait ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
}

int kazi_store_bulk_journal(kazi_db *db, int bulk)
{
    return kazi_db_exec(db, bulk ? "PRAGMA journal_mode = DELETE" : "PRAGMA journal_mode = WAL");
}

static int exec_cached(kazi_db *db, sqlite3_stmt *st, const char *what)
{
    return st ? kazi_db_step_done(db, st, what) : KAZI_ERROR;
}

int kazi_store_savepoint(kazi_db *db, int op)
{
    if (op == 0) return exec_cached(db, kazi_db_stmt(db, "SAVEPOINT kazi_row"), "savepoint");
    if (op == 1) return exec_cached(db, kazi_db_stmt(db, "RELEASE kazi_row"), "savepoint");
    int rc = exec_cached(db, kazi_db_stmt(db, "ROLLBACK TO kazi_row"), "savepoint");
    if (rc == KAZI_OK) rc = exec_cached(db, kazi_db_stmt(db, "RELEASE kazi_row"), "savepoint");
    return rc;
}

/* A prefix's range end: the prefix followed by the largest code point. */
static void prefix_end(char *end, size_t size, const char *prefix)
{
    snprintf(end, size, "%s\xf4\x8f\xbf\xbf", prefix);
}

static void lower_key(char *out, size_t size, const char *in)
{
    size_t j = 0;
    int space = 1;
    for (size_t i = 0; in[i] && j + 1 < size; i++) {
        unsigned char c = (unsigned char)in[i];
        if (c == ' ' || c == '\t' || c == ',') {
            if (!space) out[j++] = ' ';
            space = 1;
            continue;
        }
        space = 0;
        out[j++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    while (j && out[j - 1] == ' ')
        j--;
    out[j] = '\0';
}

/*
 * The FROM clause and conditions of a search. With q->place the people of that unit
 * come from person_place in (name_key, person_id) order, status and sex read from the
 * same rows; person is joined (CROSS JOIN: person_place stays the outer loop, so the
 * order needs no sort) only for the conditions that need its columns.
 */
static void person_where(kazi_sqlbuf *b, const kazi_person_query *q, char *qlo, char *qhi,
                         size_t qsize, int with_cursor)
{
    if (q->place) {
        int join = q->scope_lo || q->org_lo || q->review || (q->q && *q->q);
        kazi_sqlbuf_add(b, join ? " FROM person_place AS pp CROSS JOIN person ON "
                                  "person.id = pp.person_id"
                                : " FROM person_place AS pp");
        kazi_sqlbuf_int(b, " WHERE pp.org_unit_id = ?", q->place);
        if (q->status)
            kazi_sqlbuf_text(b, " AND pp.status = ?", q->status);
        else
            kazi_sqlbuf_add(b, " AND pp.status <> 'merged'");
        if (q->sex) kazi_sqlbuf_text(b, " AND pp.sex = ?", q->sex);
    } else {
        kazi_sqlbuf_add(b, " FROM person WHERE 1=1");
        if (q->status)
            kazi_sqlbuf_text(b, " AND person.status = ?", q->status);
        else
            kazi_sqlbuf_add(b, " AND person.status <> 'merged'");
        if (q->sex) kazi_sqlbuf_text(b, " AND person.sex = ?", q->sex);
    }
    const char *id = q->place ? "pp.person_id" : "person.id";
    const char *key = q->place ? "pp.name_key" : "person.name_key";
    if (q->scope_lo) {
        kazi_sqlbuf_text(b, " AND person.org_path >= ?", q->scope_lo);
        kazi_sqlbuf_text(b, " AND person.org_path < ?", q->scope_hi);
    }
    if (q->org_lo) {
        kazi_sqlbuf_text(b, " AND person.org_path >= ?", q->org_lo);
        kazi_sqlbuf_text(b, " AND person.org_path < ?", q->org_hi);
    }
    if (q->review) kazi_sqlbuf_add(b, " AND person.review_duplicate_of IS NOT NULL");
    if (q->identifier) {
        kazi_sqlbuf_addf(b, " AND %s", id);
        kazi_sqlbuf_text(b, " IN (SELECT person_id FROM person_identifier WHERE value = ?)",
                         q->identifier);
    }
    if (q->q && *q->q) {
        lower_key(qlo, qsize, q->q);
        prefix_end(qhi, qsize, qlo);
        kazi_sqlbuf_text(b, " AND ((person.name_key >= ?", qlo);
        kazi_sqlbuf_text(b, " AND person.name_key < ?)", qhi);
        kazi_sqlbuf_text(b, " OR (person.given_key >= ?", qlo);
        kazi_sqlbuf_text(b, " AND person.given_key < ?)", qhi);
        kazi_sqlbuf_text(
            b, " OR person.id IN (SELECT person_id FROM person_identifier WHERE value = ?))", q->q);
    }
    if (q->cadre) {
        kazi_sqlbuf_addf(b,
                         " AND EXISTS (SELECT 1 FROM assignment a JOIN position p ON p.id = "
                         "a.position_id WHERE a.person_id = %s AND a.end_date IS NULL AND ",
                         id);
        kazi_sqlbuf_text(b, "p.cadre = ?)", q->cadre);
    }
    if (with_cursor && q->after > 0) {
        kazi_sqlbuf_addf(b, " AND (%s, %s)", key, id);
        kazi_sqlbuf_int(b, " > ((SELECT name_key FROM person WHERE id = ?)", q->after);
        kazi_sqlbuf_int(b, ", ?)", q->after);
    }
}

/* The search's ORDER BY: the order person_place or person_name keeps. */
static const char *person_order(const kazi_person_query *q)
{
    return q->place ? " ORDER BY pp.name_key, pp.person_id"
                    : " ORDER BY person.name_key, person.id";
}

/* A statement of kazi_sqlbuf_prepare(..., 1, ...) is done: reset and left in the cache. */
static void done(sqlite3_stmt *st)
{
    sqlite3_reset(st);
}

static int person_search_sql(sqlite3_stmt **st, kazi_db *db, const kazi_person_query *q, int count,
                             char *qlo, char *qhi, size_t qsize)
{
    kazi_sqlbuf b;
    kazi_sqlbuf_init(&b, db);
    if (count)
        kazi_sqlbuf_add(&b, "SELECT count(*)");
    else
        kazi_sqlbuf_add(&b, q->place ? "SELECT pp.person_id" : "SELECT person.id");
    person_where(&b, q, qlo, qhi, qsize, !count);
    if (!count) {
        kazi_sqlbuf_add(&b, person_order(q));
        kazi_sqlbuf_int(&b, " LIMIT ?", q->limit + 1);
    }
    return kazi_sqlbuf_prepare(st, db, &b, 1, "prepare search");
}

/* The page's people by id, in one statement (not one per person). */
static sqlite3_stmt *people_by_ids(kazi_db *db, const int64_t *ids, int n)
{
    sqlite3_stmt *st =
        kazi_db_stmt(db, PERSON_SELECT "WHERE id IN (SELECT value FROM json_each(?))");
    if (!st) return NULL;
    sqlite3_str *list = sqlite3_str_new(db->h);
    sqlite3_str_appendchar(list, 1, '[');
    for (int i = 0; i < n; i++)
        sqlite3_str_appendf(list, i ? ",%lld" : "%lld", (long long)ids[i]);
    sqlite3_str_appendchar(list, 1, ']');
    char *text = sqlite3_str_finish(list);
    if (!text) {
        kazi_error_set(KAZI_ERROR, NULL, "out of memory");
        return NULL;
    }
    sqlite3_bind_text(st, 1, text, -1, sqlite3_free);
    return st;
}

/* Where in ids (n of them) the row's person is, among the places not yet filled; -1. */
static int page_index(sqlite3_stmt *st, const int64_t *ids, int n, const char *filled)
{
    int64_t id = sqlite3_column_int64(st, 0);
    for (int i = 0; i < n; i++)
        if (ids[i] == id && !filled[i]) return i;
    return -1;
}

/* The people `ids` (n of them, at most 501) appended to `items` in that order. */
static int persons_by_ids(json_t *items, kazi_db *db, const int64_t *ids, int n)
{
    if (!n) return KAZI_OK;
    sqlite3_stmt *st = people_by_ids(db, ids, n);
    if (!st) return KAZI_ERROR;
    json_t *got[501] = {0};
    char filled[501] = {0};
    int rc, i;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if ((i = page_index(st, ids, n, filled)) >= 0) {
            got[i] = row_json(st);
            filled[i] = 1;
        }
    sqlite3_reset(st);
    rc = rc == SQLITE_DONE ? KAZI_OK : kazi_db_fail(db, rc, "read people");
    for (i = 0; i < n; i++) /* a row deleted meanwhile is left out */
        if (got[i]) json_array_append_new(items, got[i]);
    if (rc < 0) json_array_clear(items);
    return rc;
}

int kazi_store_people_text(kazi_buf *out, kazi_db *db, const int64_t *ids, int n,
                           const kazi_person_text_ops *ops)
{
    if (!n) return KAZI_OK;
    sqlite3_stmt *st = people_by_ids(db, ids, n);
    if (!st) return KAZI_ERROR;
    /* Rows come in the order SQLite reads them: each is written into `rows`, then
     * copied out in the page's order. */
    kazi_buf rows = {0};
    size_t from[501], len[501];
    char filled[501] = {0};
    kazi_person_where where;
    int rc, i;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if ((i = page_index(st, ids, n, filled)) < 0) continue;
        /* PERSON_COLUMNS: review_duplicate_of is the 15th, org_path the 18th */
        const char *path = (const char *)sqlite3_column_text(st, 17);
        snprintf(where.org_path, sizeof where.org_path, "%s", path ? path : "");
        where.review_duplicate_of = sqlite3_column_int64(st, 14);
        from[i] = rows.len;
        if ((rc = ops->row(ops->ctx, i, &where)) < 0 ||
            (rc = kazi_db_row_text(&rows, st, &row_spec, ops->keep, ops->ctx)) < 0)
            break;
        rows.len--; /* the row's closing brace, written again after the extra members */
        if ((rc = ops->extra(ops->ctx, &rows, i)) < 0 || (rc = kazi_buf_append(&rows, "}", 1)) < 0)
            break;
        len[i] = rows.len - from[i];
        filled[i] = 1;
    }
    sqlite3_reset(st);
    if (rc == SQLITE_DONE) {
        rc = KAZI_OK;
        int first = 1;
        for (i = 0; i < n && rc == KAZI_OK; i++) /* a row deleted meanwhile is left out */
            if (filled[i]) {
                rc = kazi_buf_append(out, ",", first ? 0 : 1);
                if (rc == KAZI_OK) rc = kazi_buf_append(out, rows.data + from[i], len[i]);
                first = 0;
            }
    } else if (rc >= 0) {
        rc = kazi_db_fail(db, rc, "read people");
    }
    free(rows.data);
    return rc;
}

/*
 * The total of a search that filters by place, status and sex only: summed from
 * person_place_count (a few rows per unit) instead of counting every match. Other
 * searches count their matches (*pure = 0).
 */
static int person_count_fast(int64_t *total, int *pure, kazi_db *db, const kazi_person_query *q)
{
    *pure =
        !(q->q && *q->q) && !q->identifier && !q->cadre && !q->review && !q->scope_lo && !q->org_lo;
    if (!*pure) return KAZI_OK;
    kazi_sqlbuf b;
    kazi_sqlbuf_init(&b, db);
    kazi_sqlbuf_add(&b, "SELECT coalesce(sum(n), 0) FROM person_place_count WHERE ");
    if (q->place)
        kazi_sqlbuf_int(&b, "org_unit_id = ?", q->place);
    else /* everyone: the counts of the root units */
        kazi_sqlbuf_add(&b, "org_unit_id IN (SELECT id FROM org_unit WHERE parent_id IS NULL)");
    if (q->status)
        kazi_sqlbuf_text(&b, " AND status = ?", q->status);
    else
        kazi_sqlbuf_add(&b, " AND status <> 'merged'");
    if (q->sex) kazi_sqlbuf_text(&b, " AND sex = ?", q->sex);
    sqlite3_stmt *st;
    int rc = kazi_sqlbuf_prepare(&st, db, &b, 1, "prepare search");
    if (rc < 0) return rc;
    rc = sqlite3_step(st);
    *total = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    done(st);
    return rc == SQLITE_ROW ? KAZI_OK : kazi_db_fail(db, rc, "count people");
}

/*
 * Two steps: the ids of the page in order (from an index, often without touching the
 * table), then each row by primary key — so sorting a district never reads thousands
 * of full rows.
 */
int kazi_store_person_page(kazi_person_page *out, kazi_db *db, const kazi_person_query *q)
{
    char qlo[KAZI_PATH_MAX], qhi[KAZI_PATH_MAX + 8];
    sqlite3_stmt *st = NULL;
    int rc = person_search_sql(&st, db, q, 0, qlo, qhi, sizeof qlo);
    if (rc < 0) return rc;
    int n = 0;
    while (n <= q->limit && n < 501 && (rc = sqlite3_step(st)) == SQLITE_ROW)
        out->ids[n++] = sqlite3_column_int64(st, 0);
    if (n <= q->limit && rc != SQLITE_DONE) {
        done(st);
        return kazi_db_fail(db, rc, "search people");
    }
    done(st);
    out->next = 0;
    if (n > q->limit) {
        n = q->limit;
        out->next = out->ids[n - 1];
    }
    out->n = n;
    int pure;
    out->total = 0;
    if ((rc = person_count_fast(&out->total, &pure, db, q)) < 0 || pure) return rc;
    if ((rc = person_search_sql(&st, db, q, 1, qlo, qhi, sizeof qlo)) < 0) return rc;
    if ((rc = sqlite3_step(st)) == SQLITE_ROW) out->total = sqlite3_column_int64(st, 0);
    done(st);
    return KAZI_OK;
}

int kazi_store_person_search(json_t **out, kazi_db *db, const kazi_person_query *q)
{
    kazi_person_page page;
    int rc = kazi_store_person_page(&page, db, q);
    if (rc < 0) return rc;
    json_t *items = json_array();
    if ((rc = persons_by_ids(items, db, page.ids, page.n)) < 0) {
        json_decref(items);
        return rc;
    }
    *out = json_pack("{s:o,s:I,s:o}", "items", items, "total", (json_int_t)page.total, "next",
                     page.next ? json_integer(page.next) : json_null());
    return KAZI_OK;
}

int kazi_store_person_search_plan(json_t **out, kazi_db *db, const kazi_person_query *q)
{
    char qlo[KAZI_PATH_MAX], qhi[KAZI_PATH_MAX + 8];
    kazi_sqlbuf b;
    kazi_sqlbuf_init(&b, db);
    kazi_sqlbuf_add(&b, q->place ? "EXPLAIN QUERY PLAN SELECT pp.person_id"
                                 : "EXPLAIN QUERY PLAN SELECT person.id");
    person_where(&b, q, qlo, qhi, sizeof qlo, 1);
    kazi_sqlbuf_add(&b, person_order(q));
    kazi_sqlbuf_add(&b, " LIMIT 51");
    sqlite3_stmt *st;
    int rc = kazi_sqlbuf_prepare(&st, db, &b, 0, "prepare search");
    if (rc < 0) return rc;
    json_t *a = json_array();
    while (sqlite3_step(st) == SQLITE_ROW)
        json_array_append_new(a, json_string((const char *)sqlite3_column_text(st, 3)));
    sqlite3_finalize(st);
    *out = a;
    return KAZI_OK;
}

static int each_rows(kazi_db *db, sqlite3_stmt *st, int (*fn)(void *, json_t *), void *ctx,
                     const char *what)
{
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *o = row_json(st);
        int r = fn(ctx, o);
        json_decref(o);
        if (r < 0) {
            sqlite3_reset(st);
            return r;
        }
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? KAZI_OK : kazi_db_fail(db, rc, what);
}

/* What an extract's row carries besides the person's columns. */
#define PERSON_EXPORT_EXTRA                                                                        \
    "(SELECT group_concat(type || ':' || value, ';') FROM person_identifier WHERE person_id = "    \
    "person.id) AS identifier_list, (SELECT code FROM org_unit WHERE org_unit.id = "               \
    "person.residence_org_unit_id) AS residence_code"

int kazi_store_person_each(kazi_db *db, const char *lo, const char *hi,
                           int (*fn)(void *ctx, json_t *person), void *ctx)
{
    sqlite3_stmt *st = kazi_db_stmt(
        db, "SELECT " PERSON_COLUMNS ", " PERSON_EXPORT_EXTRA
            " FROM person WHERE org_path >= ? AND org_path < ? AND status <> 'merged' ORDER BY id");
    if (!st) return KAZI_ERROR;
    kazi_db_bind_text(st, 1, lo ? lo : "");
    kazi_db_bind_text(st, 2, hi ? hi : "\x7f");
    return each_rows(db, st, fn, ctx, "export people");
}

int kazi_store_person_each_query(kazi_db *db, const kazi_person_query *q,
                                 int (*fn)(void *ctx, json_t *person), void *ctx)
{
    char qlo[KAZI_PATH_MAX], qhi[KAZI_PATH_MAX + 8];
    /* the whole rows, in id order: from person itself (person_where writes the FROM) */
    kazi_person_query whole = *q;
    whole.place = 0;
    kazi_sqlbuf b;
    kazi_sqlbuf_init(&b, db);
    kazi_sqlbuf_add(&b, "SELECT " PERSON_COLUMNS ", " PERSON_EXPORT_EXTRA);
    person_where(&b, &whole, qlo, qhi, sizeof qlo, 0);
    kazi_sqlbuf_add(&b, " ORDER BY person.id");
    sqlite3_stmt *st = NULL;
    int rc = kazi_sqlbuf_prepare(&st, db, &b, 0, "prepare search");
    if (rc < 0) return rc;
    rc = each_rows(db, st, fn, ctx, "export people");
    sqlite3_finalize(st);
    return rc;
}

/* ---- positions ------------------------------------------------------------------------ */

static const char *const position_keys[] = {
    "code",     "title",     "org_unit_id", "org_path", "organisation_id", "cadre", "level",
    "approved", "funded_by", "custom",      NULL,
};

int kazi_store_position_insert(int64_t *out, kazi_db *db, const json_t *p, int64_t now_ms)
{
    sqlite3_stmt *st = kazi_db_stmt(
        db, "INSERT INTO position (code, title, org_unit_id, org_path, organisation_id, cadre, "
            "level, approved, funded_by, custom, created_at, updated_at) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
    int rc = insert_keys(out, db, st, p, position_keys, NULL, now_ms, "insert position");
    if (rc == KAZI_EEXISTS)
        return kazi_error_set(KAZI_EEXISTS, "code", "a position with code '%s' already exists",
                              json_string_value(json_object_get(p, "code")));
    return rc;
}

int kazi_store_position_update(kazi_db *db, int64_t id, const json_t *p, int64_t now_ms)
{
    sqlite3_stmt *st = kazi_db_stmt(
        db, "UPDATE position SET code=?, title=?, org_unit_id=?, org_path=?, organisation_id=?, "
            "cadre=?, level=?, approved=?, funded_by=?, custom=?, updated_at=? WHERE id=?");
    if (!st) return KAZI_ERROR;
    kazi_db_bind_keys(st, 1, p, position_keys);
    sqlite3_bind_int64(st, 11, now_ms);
    sqlite3_bind_int64(st, 12, id);
    int rc = kazi_db_step_done(db, st, "update position");
    if (rc == KAZI_EEXISTS)
        return kazi_error_set(KAZI_EEXISTS, "code", "a position with code '%s' already exists",
                              json_string_value(json_object_get(p, "code")));
    return rc;
}

#define POSITION_COLUMNS                                                                           \
    "position.id, code, title, org_unit_id, organisation_id, cadre, level, approved, "             \
    "funded_by, custom, position.created_at, position.updated_at, org_path, "                      \
    "(SELECT json_object('assignment_id', a.id, 'person_id', a.person_id, 'start_date', "          \
    "a.start_date, 'engagement', a.engagement) FROM assignment a WHERE a.position_id = "           \
    "position.id AND a.end_date IS NULL) AS holder"

static void position_fix(json_t *p)
{
    json_object_set_new(p, "vacant", json_boolean(json_is_null(json_object_get(p, "holder"))));
}

int kazi_store_position_get(json_t **out, kazi_db *db, int64_t id)
{
    sqlite3_stmt *st =
        kazi_db_stmt(db, "SELECT " POSITION_COLUMNS " FROM position WHERE position.id = ?");
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, id);
    int rc = one_row(out, db, st, "position", "id");
    if (rc == KAZI_OK) position_fix(*out);
    return rc;
}

int kazi_store_position_by_code(int64_t *out, kazi_db *db, const char *code)
{
    sqlite3_stmt *st = kazi_db_stmt(db, "SELECT id FROM position WHERE code = ?");
    if (!st) return KAZI_ERROR;
    kazi_db_bind_text(st, 1, code);
    return one_id(out, db, st, "position", "position_code");
}

static int position_search_sql(sqlite3_stmt **st, kazi_db *db, const kazi_position_query *q,
                               int count)
{
    kazi_sqlbuf b;
    kazi_sqlbuf_init(&b, db);
    if (count)
        kazi_sqlbuf_add(&b, "SELECT count(*) FROM position WHERE 1=1");
    else
        kazi_sqlbuf_add(&b, "SELECT " POSITION_COLUMNS " FROM position WHERE 1=1");
    if (q->scope_lo) {
        kazi_sqlbuf_text(&b, " AND org_path >= ?", q->scope_lo);
        kazi_sqlbuf_text(&b, " AND org_path < ?", q->scope_hi);
    }
    if (q->org_lo) {
        kazi_sqlbuf_text(&b, " AND org_path >= ?", q->org_lo);
        kazi_sqlbuf_text(&b, " AND org_path < ?", q->org_hi);
    }
    if (q->cadre) kazi_sqlbuf_text(&b, " AND cadre = ?", q->cadre);
    if (q->organisation_id > 0) kazi_sqlbuf_int(&b, " AND organisation_id = ?", q->organisation_id);
    if (q->vacant == 1)
        kazi_sqlbuf_add(&b, " AND NOT EXISTS (SELECT 1 FROM assignment a WHERE "
                            "a.position_id = position.id AND a.end_date IS NULL)");
    if (q->vacant == 0)
        kazi_sqlbuf_add(&b, " AND EXISTS (SELECT 1 FROM assignment a WHERE "
                            "a.position_id = position.id AND a.end_date IS NULL)");
    if (q->approved) kazi_sqlbuf_int(&b, " AND approved = ?", q->approved == 1);
    if (!count) {
        if (q->after > 0) kazi_sqlbuf_int(&b, " AND position.id > ?", q->after);
        kazi_sqlbuf_int(&b, " ORDER BY position.id LIMIT ?", q->limit + 1);
    }
    return kazi_sqlbuf_prepare(st, db, &b, 1, "prepare search");
}

int kazi_store_position_search(json_t **out, kazi_db *db, const kazi_position_query *q)
{
    sqlite3_stmt *st;
    int rc = position_search_sql(&st, db, q, 0);
    if (rc < 0) return rc;
    json_t *items = json_array(), *next = json_null();
    int n = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == q->limit) {
            json_decref(next);
            next = json_integer(
                json_integer_value(json_object_get(json_array_get(items, (size_t)n - 1), "id")));
            break;
        }
        json_t *p = row_json(st);
        position_fix(p);
        json_array_append_new(items, p);
        n++;
    }
    done(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        json_decref(items);
        json_decref(next);
        return kazi_db_fail(db, rc, "search positions");
    }
    if ((rc = position_search_sql(&st, db, q, 1)) < 0) {
        json_decref(items);
        json_decref(next);
        return rc;
    }
    int64_t total = 0;
    if (sqlite3_step(st) == SQLITE_ROW) total = sqlite3_column_int64(st, 0);
    done(st);
    *out = json_pack("{s:o,s:I,s:o}", "items", items, "total", (json_int_t)total, "next", next);
    return KAZI_OK;
}

int kazi_store_position_each(kazi_db *db, const char *lo, const char *hi,
                             int (*fn)(void *ctx, json_t *position), void *ctx)
{
    sqlite3_stmt *st = kazi_db_stmt(
        db, "SELECT " POSITION_COLUMNS ", (SELECT code FROM org_unit WHERE org_unit.id = "
            "position.org_unit_id) AS org_unit_code, (SELECT code FROM organisation WHERE "
            "organisation.id = position.organisation_id) AS organisation_code FROM position "
            "WHERE org_path >= ? AND org_path < ? ORDER BY id");
    if (!st) return KAZI_ERROR;
    kazi_db_bind_text(st, 1, lo ? lo : "");
    kazi_db_bind_text(st, 2, hi ? hi : "\x7f");
    return each_rows(db, st, fn, ctx, "export positions");
}

int kazi_store_identifier_types(json_t **out, kazi_db *db)
{
    sqlite3_stmt *st =
        kazi_db_stmt(db, "SELECT DISTINCT type FROM person_identifier ORDER BY type");
    if (!st) return KAZI_ERROR;
    json_t *a = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        json_array_append_new(a, json_string((const char *)sqlite3_column_text(st, 0)));
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        json_decref(a);
        return kazi_db_fail(db, rc, "identifier types");
    }
    *out = a;
    return KAZI_OK;
}

/* ---- assignments ---------------------------------------------------------------------- */

static const char *const assignment_keys[] = {
    "person_id",  "position_id",  "start_date", "end_date", "engagement",
    "pay_amount", "pay_currency", "end_reason", NULL,
};

int kazi_store_assignment_insert(int64_t *out, kazi_db *db, const json_t *a, int64_t now_ms)
{
    sqlite3_stmt *st = kazi_db_stmt(
        db, "INSERT INTO assignment (person_id, position_id, start_date, end_date, engagement, "
            "pay_amount, pay_currency, end_reason, created_at, updated_at) "
            "VALUES (?,?,?,?,?,?,?,?,?,?)");
    int rc = insert_keys(out, db, st, a, assignment_keys, NULL, now_ms, "insert assignment");
    if (rc == KAZI_EEXISTS)
        return kazi_error_set(KAZI_EEXISTS, "position_id",
                              "the position already has a current holder; end that "
                              "assignment first");
    return rc;
}

#define ASSIGNMENT_COLUMNS                                                                         \
    "id, person_id, position_id, start_date, end_date, engagement, pay_amount, "                   \
    "pay_currency, end_reason, created_at, updated_at"

int kazi_store_assignment_get(json_t **out, kazi_db *db, int64_t id)
{
    sqlite3_stmt *st =
        kazi_db_stmt(db, "SELECT " ASSIGNMENT_COLUMNS " FROM assignment WHERE id = ?");
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, id);
    return one_row(out, db, st, "assignment", "id");
}

int kazi_store_assignment_end(kazi_db *db, int64_t id, const char *end_date, const char *reason,
                              int64_t now_ms)
{
    sqlite3_stmt *st =
        kazi_db_stmt(db, "UPDATE assignment SET end_date=?, end_reason=?, updated_at=? WHERE id=?");
    if (!st) return KAZI_ERROR;
    kazi_db_bind_text(st, 1, end_date);
    kazi_db_bind_text(st, 2, reason);
    sqlite3_bind_int64(st, 3, now_ms);
    sqlite3_bind_int64(st, 4, id);
    return kazi_db_step_done(db, st, "end assignment");
}

int kazi_store_assignment_list(json_t **out, kazi_db *db, int64_t person_id, int64_t position_id)
{
    sqlite3_stmt *st;
    if (person_id > 0) {
        st = kazi_db_stmt(db, "SELECT " ASSIGNMENT_COLUMNS " FROM assignment WHERE person_id = ? "
                              "ORDER BY start_date DESC, id DESC");
        if (!st) return KAZI_ERROR;
        sqlite3_bind_int64(st, 1, person_id);
    } else {
        st = kazi_db_stmt(db, "SELECT " ASSIGNMENT_COLUMNS " FROM assignment WHERE "
                              "position_id = ? ORDER BY start_date DESC, id DESC");
        if (!st) return KAZI_ERROR;
        sqlite3_bind_int64(st, 1, position_id);
    }
    return all_rows(out, db, st, "list assignments");
}

int kazi_store_assignment_each(kazi_db *db, const char *lo, const char *hi,
                               int (*fn)(void *ctx, json_t *assignment), void *ctx)
{
    sqlite3_stmt *st = kazi_db_stmt(
        db, "SELECT a.id, a.person_id, a.position_id, p.code AS position_code, a.start_date, "
            "a.end_date, a.engagement, a.pay_amount, a.pay_currency, a.end_reason, (SELECT "
            "i.value FROM person_identifier i WHERE i.person_id = a.person_id ORDER BY i.type = "
            "'national_id' DESC, i.type, i.value LIMIT 1) AS person_identifier FROM "
            "assignment a JOIN position p ON p.id = a.position_id WHERE p.org_path >= ? AND "
            "p.org_path < ? ORDER BY a.id");
    if (!st) return KAZI_ERROR;
    kazi_db_bind_text(st, 1, lo ? lo : "");
    kazi_db_bind_text(st, 2, hi ? hi : "\x7f");
    return each_rows(db, st, fn, ctx, "export assignments");
}

/* ---- history (rows written by domain/audit)
 * ---------------------------------------------------------------------------- */

int kazi_store_registry_history(json_t **out, kazi_db *db, const char *entity_type, int64_t id)
{
    char idbuf[32];
    snprintf(idbuf, sizeof idbuf, "%lld", (long long)id);
    sqlite3_stmt *st = kazi_db_stmt(
        db, "SELECT id, at AS changed_at, actor, action, entity_id, before_json AS before, "
            "after_json AS after, request_id FROM audit WHERE entity_type = ?1 AND (entity_id "
            "= ?2 OR entity_id IN (SELECT CAST(id AS TEXT) FROM person WHERE merged_into_id = "
            "CAST(?2 AS INTEGER) AND ?1 = 'person')) OR (?1 = 'person' AND id = (SELECT "
            "import_audit_id FROM person WHERE id = CAST(?2 AS INTEGER))) ORDER BY id");
    if (!st) return KAZI_ERROR;
    kazi_db_bind_text(st, 1, entity_type);
    kazi_db_bind_text(st, 2, idbuf);
    return all_rows(out, db, st, "read history");
}

int kazi_store_registry_count(int64_t *out, kazi_db *db, const char *table)
{
    sqlite3_stmt *st;
    if (!strcmp(table, "person"))
        st = kazi_db_stmt(db, "SELECT count(*) FROM person");
    else if (!strcmp(table, "position"))
        st = kazi_db_stmt(db, "SELECT count(*) FROM position");
    else if (!strcmp(table, "assignment"))
        st = kazi_db_stmt(db, "SELECT count(*) FROM assignment");
    else if (!strcmp(table, "person_identifier"))
        st = kazi_db_stmt(db, "SELECT count(*) FROM person_identifier");
    else if (!strcmp(table, "audit"))
        st = kazi_db_stmt(db, "SELECT count(*) FROM audit");
    else
        return kazi_error_set(KAZI_EINVALID, "table", "not a registry table");
    if (!st) return KAZI_ERROR;
    return one_id(out, db, st, "count", NULL);
}

int kazi_store_person_active_ids(int64_t *ids, size_t *n, kazi_db *db, int64_t after, size_t max)
{
    sqlite3_stmt *st = kazi_db_stmt(
        db, "SELECT id FROM person WHERE id > ? AND status = 'active' ORDER BY id LIMIT ?");
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, after);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)max);
    size_t k = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && k < max)
        ids[k++] = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) return kazi_db_fail(db, rc, "list active people");
    *n = k;
    return KAZI_OK;
}

int kazi_store_person_active_by_cadre(kazi_db *db,
                                      int (*fn)(void *ctx, int64_t id, const char *cadre),
                                      void *ctx)
{
    sqlite3_stmt *st = kazi_db_stmt(
        db, "SELECT p.id, coalesce((SELECT pos.cadre FROM assignment a JOIN position pos ON "
            "pos.id = a.position_id WHERE a.person_id = p.id AND a.end_date IS NULL "
            "ORDER BY a.start_date DESC LIMIT 1), '') AS cadre "
            "FROM person p WHERE p.status = 'active' ORDER BY cadre, p.id");
    if (!st) return KAZI_ERROR;
    int rc, out = KAZI_OK;
    while (out == KAZI_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
        out = fn(ctx, sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1));
    sqlite3_reset(st);
    if (out < 0) return out;
    if (rc != SQLITE_DONE) return kazi_db_fail(db, rc, "list active people by cadre");
    return KAZI_OK;
}

int kazi_store_custom_missing(int64_t *out, kazi_db *db, const char *table, const char *field)
{
    sqlite3_stmt *st;
    if (!strcmp(table, "person"))
        st = kazi_db_stmt(db, "SELECT count(*) FROM person WHERE status = 'active' AND "
                              "coalesce(json_type(custom, '$.\"' || ? || '\"'), 'null') = 'null'");
    else if (!strcmp(table, "position"))
        st = kazi_db_stmt(db, "SELECT count(*) FROM position WHERE "
                              "coalesce(json_type(custom, '$.\"' || ? || '\"'), 'null') = 'null'");
    else
        return kazi_error_set(KAZI_EINVALID, "table", "not a table with custom fields");
    if (!st) return KAZI_ERROR;
    kazi_db_bind_text(st, 1, field);
    return one_id(out, db, st, "count", NULL);
}
