/*
 * registry (store) — every SQL statement of the registry: person, person_identifier,
 * position, assignment, their searches, and the registry's change history (from audit).
 * Owns: the registry tables' rows and the translation between rows and JSON records.
 * Uses: store/db (statement cache), util/json, util/clock.
 * Thread-safety: as the connection passed in. Callers hold the transaction.
 *
 * Records cross this boundary as JSON objects whose keys are the column names
 * (see core/store/migrations/0005_registry.sql); the domain layer validates them.
 */
#ifndef KAZI_STORE_REGISTRY_H
#define KAZI_STORE_REGISTRY_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "util/buf.h"
#include "util/json.h"

#define KAZI_PATH_MAX 256

/* The materialised path of org unit `id` into path (KAZI_PATH_MAX bytes).
 * KAZI_ENOTFOUND (field `field`) when there is no such unit. */
int kazi_store_org_unit_path(char *path, kazi_db *db, int64_t id, const char *field);

/* Id of the org unit / organisation with `code`; KAZI_ENOTFOUND (field `field`). */
int kazi_store_org_unit_by_code(int64_t *out, kazi_db *db, const char *code, const char *field);
int kazi_store_organisation_by_code(int64_t *out, kazi_db *db, const char *code, const char *field);
/* KAZI_OK when organisation `id` exists, KAZI_ENOTFOUND (field "organisation_id"). */
int kazi_store_organisation_exists(kazi_db *db, int64_t id);

/* Upper bound of the subtree range of `path` ("/1/7/" → "/1/70"): every descendant's
 * path p has path <= p < end. `end` holds KAZI_PATH_MAX bytes. */
void kazi_store_subtree_end(char *end, const char *path);

/* ---- people ------------------------------------------------------------------------ */

/*
 * Insert a person from `p` (keys: given_name, family_name, other_names, name_key,
 * given_key, sex, birth_date, phone, languages (array), education,
 * residence_org_unit_id, org_path, custom (object), review_duplicate_of) with
 * status active; *out is the new id.
 */
int kazi_store_person_insert(int64_t *out, kazi_db *db, const json_t *p, int64_t now_ms);

/* The same, for a person created by a bulk import: `import_audit_id` is the import's
 * audit row, which the person's history then lists (0: none). */
int kazi_store_person_insert_imported(int64_t *out, kazi_db *db, const json_t *p,
                                      int64_t import_audit_id, int64_t now_ms);

/* Point the people a bulk import created at `from` (the audit id it reserved) to `to`
 * (the id its audit row got: rows the import appended meanwhile, such as updates of
 * people found again, moved it). Inside the import's transaction. */
int kazi_store_person_import_audit_move(kazi_db *db, int64_t from, int64_t to);

/* Overwrite the editable columns of person `id` from `p` (same keys as insert). */
int kazi_store_person_update(kazi_db *db, int64_t id, const json_t *p, int64_t now_ms);

/* Set status, reason and merged_into_id (0: NULL) of person `id`. */
int kazi_store_person_set_status(kazi_db *db, int64_t id, const char *status, const char *reason,
                                 int64_t merged_into, int64_t now_ms);

/* Clear (or set) the duplicate-review flag of person `id`. */
int kazi_store_person_set_review(kazi_db *db, int64_t id, int64_t duplicate_of, int64_t now_ms);

/* The person as a new JSON object, with "identifiers" [{type,value}] and the internal
 * "org_path". KAZI_ENOTFOUND (field "id") when absent. */
int kazi_store_person_get(json_t **out, kazi_db *db, int64_t id);

/* What kazi_store_person_text tells of the person beside the text. */
typedef struct kazi_person_where {
    char org_path[KAZI_PATH_MAX]; /* where they live, for the caller's scope */
    int64_t review_duplicate_of;  /* 0: not flagged */
} kazi_person_where;

/* The same person as kazi_store_person_get, written as JSON text into `out` (appended;
 * the caller frees out->data) with only the columns keep(ctx, name) allows, and where
 * they live. KAZI_ENOTFOUND (field "id") when absent. */
int kazi_store_person_text(kazi_buf *out, kazi_person_where *where, kazi_db *db, int64_t id,
                           int (*keep)(void *ctx, const char *name), void *ctx);

/* Replace the identifiers of person `id` with `ids` ([{type,value}]). KAZI_EEXISTS
 * (field "identifiers") when a (type, value) belongs to another person. */
int kazi_store_identifiers_replace(kazi_db *db, int64_t id, const json_t *ids);

/* Add one identifier (type, value) to person `id`. KAZI_EEXISTS (field "identifiers")
 * when another person holds it. */
int kazi_store_identifier_add(kazi_db *db, int64_t id, const char *type, const char *value);

/* Move every identifier and assignment of person `from` to person `to` (merge). */
int kazi_store_person_move(kazi_db *db, int64_t from, int64_t to);

/* The identifier types any person holds, sorted: a new JSON array of strings. */
int kazi_store_identifier_types(json_t **out, kazi_db *db);

/* Owner of identifier (type, value): *out = person id, or KAZI_ENOTFOUND. With type
 * NULL, any type, as long as the value names exactly one person. */
int kazi_store_identifier_owner(int64_t *out, kazi_db *db, const char *type, const char *value);

/* A likely duplicate of a new or changed person: same name_key and birth date, or same
 * name_key and residence unit; not `exclude` and not merged. *out = its id, or
 * KAZI_ENOTFOUND. */
int kazi_store_person_likely_duplicate(int64_t *out, kazi_db *db, const char *name_key,
                                       const char *birth_date, int64_t residence, int64_t exclude);

typedef struct kazi_person_query {
    const char *q;          /* name prefix (family-first or given-first) or identifier */
    const char *identifier; /* exact identifier value, any type */
    const char *cadre;      /* holds a current assignment in a position of this cadre */
    const char *status;
    const char *sex;
    const char *org_lo, *org_hi;     /* residence within this path range (org_unit filter) */
    const char *scope_lo, *scope_hi; /* the caller's scope; NULL: national */
    int64_t place; /* only people living in or under this org unit, read from person_place
                    * in name order (the org_unit filter, else a scoped caller's unit);
                    * 0: none. org_lo/org_hi and scope_lo/scope_hi still apply. */
    int review;    /* only records flagged as likely duplicates */
    int64_t after; /* keyset cursor: the last id of the previous page */
    int limit;
} kazi_person_query;

/* One page: {"items":[person...], "total":n, "next": id|null}. Sorted by
 * (name_key, id), which person_place (q->place) or the index person_name serve: a page
 * reads about its own rows, not every match. */
int kazi_store_person_search(json_t **out, kazi_db *db, const kazi_person_query *q);

/* What a page of kazi_store_person_search holds before its people are read. */
typedef struct kazi_person_page {
    int64_t ids[501]; /* the page's people in order (ids[n] is scratch) */
    int n;
    int64_t total; /* every match */
    int64_t next;  /* the cursor of the next page (the last id), 0 on the last page */
} kazi_person_page;

/* The ids, total and cursor of the page kazi_store_person_search returns for q. */
int kazi_store_person_page(kazi_person_page *out, kazi_db *db, const kazi_person_query *q);

/* What kazi_store_people_text asks of its caller for each person it writes. */
typedef struct kazi_person_text_ops {
    /* Before the row of the page's person i: who they are and where they live. */
    int (*row)(void *ctx, int i, const kazi_person_where *where);
    /* How each column of that row is written (KAZI_ROW_*: kept, left out, null). */
    int (*keep)(void *ctx, const char *name);
    /* After its columns, inside its object: members to append, each led by ','. */
    int (*extra)(void *ctx, kazi_buf *b, int i);
    void *ctx;
} kazi_person_text_ops;

/* The people ids (n of them, at most 501) as JSON objects of kazi_store_person_get's
 * columns, comma-separated, in that order, appended to `out` (a person gone meanwhile
 * is left out): a search page written without JSON trees. KAZI_OK, a store error, or
 * the first error an op returns. */
int kazi_store_people_text(kazi_buf *out, kazi_db *db, const int64_t *ids, int n,
                           const kazi_person_text_ops *ops);

/* The SQL the search runs for `q` (for EXPLAIN QUERY PLAN tests): a new JSON array of
 * the plan's detail strings. */
int kazi_store_person_search_plan(json_t **out, kazi_db *db, const kazi_person_query *q);

/* Every person in the range (NULL: all), in id order, streamed to fn; stops at the
 * first negative return. Rows also carry "identifier_list" ("type:value;...") and
 * "residence_code"; positions "org_unit_code" and "organisation_code"; assignments
 * "position_code" and "person_identifier" (national_id first). */
int kazi_store_person_each(kazi_db *db, const char *lo, const char *hi,
                           int (*fn)(void *ctx, json_t *person), void *ctx);

/* Like kazi_store_person_each, for the people the search `q` finds (its filters and
 * scope; q->after and q->limit are not used), in id order. */
int kazi_store_person_each_query(kazi_db *db, const kazi_person_query *q,
                                 int (*fn)(void *ctx, json_t *person), void *ctx);

/* A person with exactly this name_key, birth date (NULL matches NULL) and residence:
 * *out = id, or KAZI_ENOTFOUND. Imports treat it as the same row imported before. */
int kazi_store_person_find_exact(int64_t *out, kazi_db *db, const char *name_key,
                                 const char *birth_date, int64_t residence);

/* The name_key of person id (into buf of size), KAZI_ENOTFOUND if absent. */
int kazi_store_person_name_key(char *buf, size_t size, kazi_db *db, int64_t id);

/* An assignment of person to position starting on start_date: *out = id or
 * KAZI_ENOTFOUND. */
int kazi_store_assignment_find(int64_t *out, kazi_db *db, int64_t person, int64_t position,
                               const char *start_date);

/*
 * Bulk writing (imports, demo data): a page cache of `mib` MiB for this connection so
 * that a large transaction's index pages stay in memory instead of spilling to the
 * WAL mid-transaction; 0 restores SQLite's default.
 */
int kazi_store_bulk_cache(kazi_db *db, int mib);

/*
 * Many small transactions in a row (demo data's payments, recorded one by one through
 * the domain): wait = 0 lets commits return before the disk has them (WAL with
 * synchronous=NORMAL: a power cut may lose the last commits but leaves the database
 * whole); wait = 1 restores the default, every commit on disk.
 */
int kazi_store_bulk_sync(kazi_db *db, int wait);

/*
 * Filling an empty register in one long transaction (demo data): bulk = 1 writes with a
 * rollback journal instead of the WAL — pages added past the file's end need no
 * journal, so each page is written once, where the WAL writes it twice (the frame, then
 * the checkpoint) and makes every page read that misses the cache search a WAL index
 * as large as the transaction; still atomic (a crash rolls back to the empty register).
 * bulk = 0 returns to the WAL. Outside a transaction only; while another connection has
 * the database open SQLite keeps the WAL, which is only slower.
 */
int kazi_store_bulk_journal(kazi_db *db, int bulk);

/*
 * Loading many people at once (inside the caller's transaction): drop the non-unique
 * indexes of person and person_identifier, returning their definitions in *out (a new
 * JSON array of SQL), and build them again afterwards in one sorted pass each, which
 * is several times faster than keeping them up to date row by row. Readers on other
 * connections keep the indexes of their own snapshot; the transaction commits only
 * with the indexes back.
 */
int kazi_store_person_indexes_drop(json_t **out, kazi_db *db);
/* (The triggers keeping person_place are dropped with them; restoring rebuilds
 * person_place and person_place_count from person first, then puts them back.) */
int kazi_store_person_indexes_restore(kazi_db *db, const json_t *saved);

/* Savepoints inside the caller's transaction: op 0 = SAVEPOINT, 1 = RELEASE,
 * 2 = ROLLBACK TO (and release). */
int kazi_store_savepoint(kazi_db *db, int op);

/* ---- positions ---------------------------------------------------------------------- */

/* Insert from p (code, title, org_unit_id, org_path, organisation_id, cadre, level,
 * approved, funded_by, custom). KAZI_EEXISTS (field "code") for a taken code. */
int kazi_store_position_insert(int64_t *out, kazi_db *db, const json_t *p, int64_t now_ms);
int kazi_store_position_update(kazi_db *db, int64_t id, const json_t *p, int64_t now_ms);
/* With "vacant" and "holder" (current assignment or null). */
int kazi_store_position_get(json_t **out, kazi_db *db, int64_t id);
int kazi_store_position_by_code(int64_t *out, kazi_db *db, const char *code);

typedef struct kazi_position_query {
    const char *cadre;
    int vacant;   /* -1 any, 0 filled, 1 vacant */
    int approved; /* 0 any, 1 approved in the scheme of service, 2 not approved */
    int64_t organisation_id;
    const char *org_lo, *org_hi;
    const char *scope_lo, *scope_hi;
    int64_t after;
    int limit;
} kazi_position_query;

int kazi_store_position_search(json_t **out, kazi_db *db, const kazi_position_query *q);
int kazi_store_position_each(kazi_db *db, const char *lo, const char *hi,
                             int (*fn)(void *ctx, json_t *position), void *ctx);

/* ---- assignments -------------------------------------------------------------------- */

/* Insert from a (person_id, position_id, start_date, end_date, engagement, pay_amount,
 * pay_currency). KAZI_EEXISTS (field "position_id") if the position is already held. */
int kazi_store_assignment_insert(int64_t *out, kazi_db *db, const json_t *a, int64_t now_ms);
int kazi_store_assignment_get(json_t **out, kazi_db *db, int64_t id);
int kazi_store_assignment_end(kazi_db *db, int64_t id, const char *end_date, const char *reason,
                              int64_t now_ms);
/* Assignments of a person (person_id > 0) or of a position, newest first. */
int kazi_store_assignment_list(json_t **out, kazi_db *db, int64_t person_id, int64_t position_id);
/* Every assignment whose position lies in the range, streamed. */
int kazi_store_assignment_each(kazi_db *db, const char *lo, const char *hi,
                               int (*fn)(void *ctx, json_t *assignment), void *ctx);

/* ---- audit ------------------------------------------------------------------------- */

/* Audit rows of an entity (and of the people merged into it, and for a person the
 * bulk import that created it), oldest first, as a new
 * JSON array of {at, actor, action, before, after, request_id}. */
int kazi_store_registry_history(json_t **out, kazi_db *db, const char *entity_type, int64_t id);

/* Up to `max` ids of active people with id > after, ascending, into ids (impact
 * previews walk every worker in pages); *n receives how many. */
int kazi_store_person_active_ids(int64_t *ids, size_t *n, kazi_db *db, int64_t after, size_t max);

/* Every active person, ordered by the cadre of their latest current post ("" for none)
 * then id: fn(ctx, id, cadre) per person (a validation's stratified sample); a negative
 * answer from fn stops the walk and is returned. */
int kazi_store_person_active_by_cadre(kazi_db *db,
                                      int (*fn)(void *ctx, int64_t id, const char *cadre),
                                      void *ctx);

/* How many records of `table` ("person": active people, or "position") have no value
 * (absent or null) for custom field `field` in their custom object. */
int kazi_store_custom_missing(int64_t *out, kazi_db *db, const char *table, const char *field);

/* Run `sql` literal-free helpers for tests: number of rows in `table` (registry tables
 * only). */
int kazi_store_registry_count(int64_t *out, kazi_db *db, const char *table);

#endif
