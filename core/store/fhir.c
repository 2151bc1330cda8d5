#include "store/fhir.h"
#include "store/internal.h"
#include "util/buf.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A statement assembled from optional conditions; parameters are bound in the order the
 * conditions were added. At most MAXP parameters. */
#define MAXP 24

/* Rows as they are: integers stay integers (updated_ms is epoch ms). */
static const kazi_row_spec plain = {0};

typedef struct sql {
    kazi_buf b;
    int np;
    struct {
        int is_text;
        const char *text;
        int64_t num;
    } p[MAXP];
    int failed;
} sql;

static void add(sql *s, const char *text)
{
    if (kazi_buf_append(&s->b, text, strlen(text)) < 0) s->failed = 1;
}

static void num(sql *s, int64_t v)
{
    if (s->np == MAXP) {
        s->failed = 1;
        return;
    }
    s->p[s->np].is_text = 0;
    s->p[s->np++].num = v;
}

static void text(sql *s, const char *v)
{
    if (s->np == MAXP) {
        s->failed = 1;
        return;
    }
    s->p[s->np].is_text = 1;
    s->p[s->np++].text = v;
}

/* " AND <col> >= ? AND <col> < ?" for the scope range. */
static void scope(sql *s, const kazi_fhir_filter *f, const char *col)
{
    if (!f->lo) return;
    add(s, " AND ");
    add(s, col);
    add(s, " >= ? AND ");
    add(s, col);
    add(s, " < ?");
    text(s, f->lo);
    text(s, f->hi);
}

/* The keyset and order: search by id ascending; history newest change first. `at` and
 * `id` name the columns; Organization also orders by its kind column `k`. */
static void order(sql *s, const kazi_fhir_filter *f, const char *at, const char *id, const char *k)
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
            add(s, buf);
            num(s, f->after_at);
            num(s, f->after_at);
            if (k) {
                static char kinds[2][2] = {"e", "u"};
                const char *kk = f->after_kind == 'u' ? kinds[1] : kinds[0];
                text(s, kk);
                text(s, kk);
            }
            num(s, f->after_id);
        }
        snprintf(buf, sizeof buf, " ORDER BY %s DESC,%s%s%s %s DESC", at, k ? " " : "", k ? k : "",
                 k ? " DESC," : "", id);
    } else {
        if (f->after_id || f->after_kind) {
            if (k) {
                snprintf(buf, sizeof buf, " AND (%s > ? OR (%s = ? AND %s > ?))", k, k, id);
                add(s, buf);
                static char kinds[2][2] = {"e", "u"};
                const char *kk = f->after_kind == 'u' ? kinds[1] : kinds[0];
                text(s, kk);
                text(s, kk);
            } else {
                snprintf(buf, sizeof buf, " AND %s > ?", id);
                add(s, buf);
            }
            num(s, f->after_id);
        }
        snprintf(buf, sizeof buf, " ORDER BY %s%s%s ASC", k ? k : "", k ? " ASC, " : "", id);
    }
    add(s, buf);
    add(s, " LIMIT ?");
    num(s, f->limit > 0 ? f->limit : 50);
}

static void practitioner(sql *s, const kazi_fhir_filter *f)
{
    add(s, "SELECT id, given_name, family_name, other_names, sex, birth_date, phone, status, "
           "merged_into_id, updated_at AS updated_ms FROM person p WHERE 1");
    scope(s, f, "org_path");
    if (!f->history) add(s, " AND status <> 'merged'");
    if (f->id) {
        add(s, " AND id = ?");
        num(s, f->id);
    }
    if (f->updated_after) {
        add(s, " AND updated_at > ?");
        num(s, f->updated_after);
    }
    if (f->name) {
        /* FHIR's name search: any part of the name starts with the text */
        add(s, " AND (name_key >= ? AND name_key < ? || x'ff' OR given_key >= ? AND "
               "given_key < ? || x'ff')");
        for (int i = 0; i < 4; i++)
            text(s, f->name);
    }
    if (f->active == 1) add(s, " AND status = 'active'");
    if (f->active == 0) add(s, " AND status <> 'active'");
    if (f->identifier) {
        add(s, " AND id IN (SELECT person_id FROM person_identifier WHERE value = ?)");
        text(s, f->identifier);
    }
    order(s, f, "updated_at", "id", NULL);
}

static void role(sql *s, const kazi_fhir_filter *f)
{
    add(s, "SELECT a.id, a.person_id, a.start_date, a.end_date, po.cadre, po.title, "
           "po.org_unit_id, po.organisation_id, a.updated_at AS updated_ms "
           "FROM assignment a JOIN position po ON po.id = a.position_id WHERE 1");
    scope(s, f, "po.org_path");
    if (f->id) {
        add(s, " AND a.id = ?");
        num(s, f->id);
    }
    if (f->updated_after) {
        add(s, " AND a.updated_at > ?");
        num(s, f->updated_after);
    }
    if (f->practitioner) {
        add(s, " AND a.person_id = ?");
        num(s, f->practitioner);
    }
    if (f->location) {
        add(s, " AND po.org_unit_id = ?");
        num(s, f->location);
    }
    if (f->employer) {
        add(s, " AND po.organisation_id = ?");
        num(s, f->employer);
    }
    if (f->active == 1) add(s, " AND (a.end_date IS NULL OR a.end_date >= date('now'))");
    if (f->active == 0) add(s, " AND a.end_date < date('now')");
    order(s, f, "a.updated_at", "a.id", NULL);
}

static void location(sql *s, const kazi_fhir_filter *f)
{
    add(s, "SELECT id, code, name, parent_id, level_id, updated_at AS updated_ms "
           "FROM org_unit WHERE 1");
    scope(s, f, "path");
    if (f->id) {
        add(s, " AND id = ?");
        num(s, f->id);
    }
    if (f->updated_after) {
        add(s, " AND updated_at > ?");
        num(s, f->updated_after);
    }
    if (f->name) {
        add(s, " AND lower(name) LIKE ? || '%' ESCAPE '\\'");
        text(s, f->name);
    }
    if (f->identifier) {
        add(s, " AND code = ?");
        text(s, f->identifier);
    }
    if (f->partof) {
        add(s, " AND parent_id = ?");
        num(s, f->partof);
    }
    order(s, f, "updated_at", "id", NULL);
}

static void organization(sql *s, const kazi_fhir_filter *f)
{
    /* Both kinds as one ordered list: org units in scope, and employers attached in the
     * scope or above it (the context a scoped caller sees). */
    add(s, "SELECT * FROM (SELECT 'u' AS kind, id, code, name, parent_id, level_id AS type, "
           "updated_at AS updated_ms, path FROM org_unit UNION ALL "
           "SELECT 'e', o.id, o.code, o.name, NULL, o.kind, o.updated_at, u.path "
           "FROM organisation o JOIN org_unit u ON u.id = o.org_unit_id) WHERE 1");
    if (f->lo) {
        add(s, " AND (path >= ? AND path < ? OR kind = 'e' AND ? >= path AND "
               "substr(?, 1, length(path)) = path)");
        text(s, f->lo);
        text(s, f->hi);
        text(s, f->scope_path ? f->scope_path : f->lo);
        text(s, f->scope_path ? f->scope_path : f->lo);
    }
    if (f->kind) {
        add(s, f->kind == 'u' ? " AND kind = 'u'" : " AND kind = 'e'");
    }
    if (f->id) {
        add(s, " AND id = ?");
        num(s, f->id);
    }
    if (f->updated_after) {
        add(s, " AND updated_ms > ?");
        num(s, f->updated_after);
    }
    if (f->name) {
        add(s, " AND lower(name) LIKE ? || '%' ESCAPE '\\'");
        text(s, f->name);
    }
    if (f->identifier) {
        add(s, " AND code = ?");
        text(s, f->identifier);
    }
    if (f->partof) {
        add(s, " AND kind = 'u' AND parent_id = ?");
        num(s, f->partof);
    }
    order(s, f, "updated_ms", "id", "kind");
}

int kazi_store_fhir_each(kazi_db *db, kazi_fhir_type type, const kazi_fhir_filter *f,
                         int (*fn)(void *ctx, json_t *row), void *ctx)
{
    sql s = {0};
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
        s.failed = 1;
    }
    if (s.failed) {
        free(s.b.data);
        return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    }
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(db->h, s.b.data, -1, &st, NULL);
    free(s.b.data);
    if (rc != SQLITE_OK) return kazi_db_fail(db, rc, "fhir search");
    for (int i = 0; i < s.np; i++) {
        int at = i + 1;
        if (s.p[i].is_text)
            kazi_db_bind_text(st, at, s.p[i].text);
        else
            sqlite3_bind_int64(st, at, s.p[i].num);
    }
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
