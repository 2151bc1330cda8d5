#include "store/fhir.h"
#include "store/internal.h"
#include "store/sqlbuf.h"
#include "util/error.h"

#include <stdio.h>

/* Rows as they are: integers stay integers (updated_ms is epoch ms). */
static const kazi_row_spec plain = {0};

/* " AND <col> >= ? AND <col> < ?" for the scope range. */
static void scope(kazi_sqlbuf *s, const kazi_fhir_filter *f, const char *col)
{
    if (!f->lo) return;
    kazi_sqlbuf_addf(s, " AND %s >= ?", col);
    kazi_sqlbuf_text(s, "", f->lo);
    kazi_sqlbuf_addf(s, " AND %s < ?", col);
    kazi_sqlbuf_text(s, "", f->hi);
}

/* The keyset and order: search by id ascending; history newest change first. `at` and
 * `id` name the columns; Organization also orders by its kind column `k`. */
static void order(kazi_sqlbuf *s, const kazi_fhir_filter *f, const char *at, const char *id,
                  const char *k)
{
    char buf[400];
    if (f->history) {
        if (f->after_at) {
            if (k)
                snprintf(buf, sizeof buf,
                         " AND (%s < ? OR (%s = ? AND (%s < ? OR (%s = ? AND %s < ?))))", at, at, k,
                         k, id);
            else
                snprintf(buf, sizeof buf, " AND (%s < ? OR (%s = ? AND %s < ?))", at, at, id);
            kazi_sqlbuf_add(s, buf);
            kazi_sqlbuf_int(s, "", f->after_at);
            kazi_sqlbuf_int(s, "", f->after_at);
            if (k) {
                static char kinds[2][2] = {"e", "u"};
                const char *kk = f->after_kind == 'u' ? kinds[1] : kinds[0];
                kazi_sqlbuf_text(s, "", kk);
                kazi_sqlbuf_text(s, "", kk);
            }
            kazi_sqlbuf_int(s, "", f->after_id);
        }
        snprintf(buf, sizeof buf, " ORDER BY %s DESC,%s%s%s %s DESC", at, k ? " " : "", k ? k : "",
                 k ? " DESC," : "", id);
    } else {
        if (f->after_id || f->after_kind) {
            if (k) {
                snprintf(buf, sizeof buf, " AND (%s > ? OR (%s = ? AND %s > ?))", k, k, id);
                kazi_sqlbuf_add(s, buf);
                static char kinds[2][2] = {"e", "u"};
                const char *kk = f->after_kind == 'u' ? kinds[1] : kinds[0];
                kazi_sqlbuf_text(s, "", kk);
                kazi_sqlbuf_text(s, "", kk);
            } else {
                snprintf(buf, sizeof buf, " AND %s > ?", id);
                kazi_sqlbuf_add(s, buf);
            }
            kazi_sqlbuf_int(s, "", f->after_id);
        }
        snprintf(buf, sizeof buf, " ORDER BY %s%s%s ASC", k ? k : "", k ? " ASC, " : "", id);
    }
    kazi_sqlbuf_add(s, buf);
    kazi_sqlbuf_int(s, " LIMIT ?", f->limit > 0 ? f->limit : 50);
}

static void practitioner(kazi_sqlbuf *s, const kazi_fhir_filter *f)
{
    kazi_sqlbuf_add(
        s, "SELECT id, given_name, family_name, other_names, sex, birth_date, phone, status, "
           "merged_into_id, updated_at AS updated_ms FROM person p WHERE 1");
    scope(s, f, "org_path");
    if (!f->history) kazi_sqlbuf_add(s, " AND status <> 'merged'");
    if (f->id) kazi_sqlbuf_int(s, " AND id = ?", f->id);
    if (f->updated_after) kazi_sqlbuf_int(s, " AND updated_at > ?", f->updated_after);
    if (f->name) {
        /* FHIR's name search: any part of the name starts with the text */
        kazi_sqlbuf_add(s, " AND (name_key >= ? AND name_key < ? || x'ff' OR given_key >= ? AND "
                           "given_key < ? || x'ff')");
        for (int i = 0; i < 4; i++)
            kazi_sqlbuf_text(s, "", f->name);
    }
    if (f->active == 1) kazi_sqlbuf_add(s, " AND status = 'active'");
    if (f->active == 0) kazi_sqlbuf_add(s, " AND status <> 'active'");
    if (f->identifier)
        kazi_sqlbuf_text(s, " AND id IN (SELECT person_id FROM person_identifier WHERE value = ?)",
                         f->identifier);
    order(s, f, "updated_at", "id", NULL);
}

static void role(kazi_sqlbuf *s, const kazi_fhir_filter *f)
{
    kazi_sqlbuf_add(s, "SELECT a.id, a.person_id, a.start_date, a.end_date, po.cadre, po.title, "
                       "po.org_unit_id, po.organisation_id, a.updated_at AS updated_ms "
                       "FROM assignment a JOIN position po ON po.id = a.position_id WHERE 1");
    scope(s, f, "po.org_path");
    if (f->id) kazi_sqlbuf_int(s, " AND a.id = ?", f->id);
    if (f->updated_after) kazi_sqlbuf_int(s, " AND a.updated_at > ?", f->updated_after);
    if (f->practitioner) kazi_sqlbuf_int(s, " AND a.person_id = ?", f->practitioner);
    if (f->location) kazi_sqlbuf_int(s, " AND po.org_unit_id = ?", f->location);
    if (f->employer) kazi_sqlbuf_int(s, " AND po.organisation_id = ?", f->employer);
    if (f->active == 1)
        kazi_sqlbuf_add(s, " AND (a.end_date IS NULL OR a.end_date >= date('now'))");
    if (f->active == 0) kazi_sqlbuf_add(s, " AND a.end_date < date('now')");
    order(s, f, "a.updated_at", "a.id", NULL);
}

static void location(kazi_sqlbuf *s, const kazi_fhir_filter *f)
{
    kazi_sqlbuf_add(s, "SELECT id, code, name, parent_id, level_id, updated_at AS updated_ms "
                       "FROM org_unit WHERE 1");
    scope(s, f, "path");
    if (f->id) kazi_sqlbuf_int(s, " AND id = ?", f->id);
    if (f->updated_after) kazi_sqlbuf_int(s, " AND updated_at > ?", f->updated_after);
    if (f->name) kazi_sqlbuf_text(s, " AND lower(name) LIKE ? || '%' ESCAPE '\\'", f->name);
    if (f->identifier) kazi_sqlbuf_text(s, " AND code = ?", f->identifier);
    if (f->partof) kazi_sqlbuf_int(s, " AND parent_id = ?", f->partof);
    order(s, f, "updated_at", "id", NULL);
}

static void organization(kazi_sqlbuf *s, const kazi_fhir_filter *f)
{
    /* Both kinds as one ordered list: org units in scope, and employers attached in the
     * scope or above it (the context a scoped caller sees). */
    kazi_sqlbuf_add(
        s, "SELECT * FROM (SELECT 'u' AS kind, id, code, name, parent_id, level_id AS type, "
           "updated_at AS updated_ms, path FROM org_unit UNION ALL "
           "SELECT 'e', o.id, o.code, o.name, NULL, o.kind, o.updated_at, u.path "
           "FROM organisation o JOIN org_unit u ON u.id = o.org_unit_id) WHERE 1");
    if (f->lo) {
        kazi_sqlbuf_add(s, " AND (path >= ? AND path < ? OR kind = 'e' AND ? >= path AND "
                           "substr(?, 1, length(path)) = path)");
        kazi_sqlbuf_text(s, "", f->lo);
        kazi_sqlbuf_text(s, "", f->hi);
        kazi_sqlbuf_text(s, "", f->scope_path ? f->scope_path : f->lo);
        kazi_sqlbuf_text(s, "", f->scope_path ? f->scope_path : f->lo);
    }
    if (f->kind) kazi_sqlbuf_add(s, f->kind == 'u' ? " AND kind = 'u'" : " AND kind = 'e'");
    if (f->id) kazi_sqlbuf_int(s, " AND id = ?", f->id);
    if (f->updated_after) kazi_sqlbuf_int(s, " AND updated_ms > ?", f->updated_after);
    if (f->name) kazi_sqlbuf_text(s, " AND lower(name) LIKE ? || '%' ESCAPE '\\'", f->name);
    if (f->identifier) kazi_sqlbuf_text(s, " AND code = ?", f->identifier);
    if (f->partof) kazi_sqlbuf_int(s, " AND kind = 'u' AND parent_id = ?", f->partof);
    order(s, f, "updated_ms", "id", "kind");
}

int kazi_store_fhir_each(kazi_db *db, kazi_fhir_type type, const kazi_fhir_filter *f,
                         int (*fn)(void *ctx, json_t *row), void *ctx)
{
    kazi_sqlbuf s;
    kazi_sqlbuf_init(&s, db);
    switch (type) {
    case KAZI_FHIR_PRACTITIONER:
        practitioner(&s, f);
        break;
    case KAZI_FHIR_ROLE:
        role(&s, f);
        break;
    case KAZI_FHIR_LOCATION:
        location(&s, f);
        break;
    case KAZI_FHIR_ORGANIZATION:
        organization(&s, f);
        break;
    default:
        sqlite3_free(sqlite3_str_finish(s.s));
        return kazi_error_set(KAZI_ERROR, NULL, "no such FHIR resource type");
    }
    sqlite3_stmt *st;
    int rc = kazi_sqlbuf_prepare(&st, db, &s, 0, "fhir search");
    if (rc < 0) return rc;
    rc = KAZI_OK;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *row = kazi_db_row_json(st, &plain);
        if (!row) {
            rc = kazi_error_set(KAZI_ERROR, NULL, "out of memory");
            break;
        }
        json_object_del(row, "path");
        if ((rc = fn(ctx, row)) < 0) break;
    }
    if (rc == KAZI_OK && step != SQLITE_DONE) rc = kazi_db_fail(db, step, "fhir search");
    sqlite3_finalize(st);
    return rc;
}

int kazi_store_fhir_identifiers(json_t **out, kazi_db *db, int64_t person_id)
{
    sqlite3_stmt *st = kazi_db_stmt(
        db, "SELECT type, value FROM person_identifier WHERE person_id = ? ORDER BY type, value");
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, person_id);
    return kazi_db_all_rows(out, db, st, &plain, "identifiers");
}

int kazi_store_fhir_certificates(json_t **out, kazi_db *db, int64_t person_id)
{
    sqlite3_stmt *st =
        kazi_db_stmt(db, "SELECT number, certification, issued_date, expires_date, status "
                         "FROM certificate WHERE person_id = ? ORDER BY issued_date, id");
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, person_id);
    return kazi_db_all_rows(out, db, st, &plain, "certificates");
}
