#include "domain/orgunit.h"
#include "domain/schema.h"
#include "domain/words.h"
#include "util/csv.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char level_ids[KAZI_ORGUNIT_MAX_LEVELS][33] = {"country", "region", "district", "ward",
                                                      "village"};
static int nlevels = 5;

int kazi_orgunit_set_levels(const char *const *ids, int n)
{
    if (n < 1 || n > KAZI_ORGUNIT_MAX_LEVELS)
        return kazi_error_set(KAZI_EINVALID, "levels", "a hierarchy has 1 to %d levels",
                              KAZI_ORGUNIT_MAX_LEVELS);
    for (int i = 0; i < n; i++)
        if (!ids[i] || !*ids[i] || strlen(ids[i]) > 32)
            return kazi_error_set(KAZI_EINVALID, "levels",
                                  "level %d needs an id of 1 to 32 "
                                  "characters",
                                  i + 1);
    for (int i = 0; i < n; i++)
        snprintf(level_ids[i], sizeof level_ids[i], "%s", ids[i]);
    nlevels = n;
    return KAZI_OK;
}

int kazi_orgunit_level_count(void)
{
    return nlevels;
}

const char *kazi_orgunit_level_id(int depth)
{
    return depth >= 0 && depth < nlevels ? level_ids[depth] : NULL;
}

int kazi_orgunit_resolve_level(char out[33], int depth, const char *level)
{
    const char *want = kazi_orgunit_level_id(depth);
    if (!want)
        return kazi_error_set(KAZI_EINVALID, "parent",
                              "the hierarchy has only %d levels; this unit would be level %d",
                              nlevels, depth + 1);
    if (!level || !*level || !strcmp(level, want)) {
        snprintf(out, 33, "%s", want);
        return KAZI_OK;
    }
    char *end;
    long d = strtol(level, &end, 10);
    if (!*end && d == depth) {
        snprintf(out, 33, "%s", want);
        return KAZI_OK;
    }
    char name[200];
    return kazi_error_set(KAZI_EINVALID, "level",
                          "The level '%s' does not match the unit's place in the hierarchy: under "
                          "this parent it must be '%s' (%s)",
                          level, want, kazi_words_name(name, sizeof name, "levels", want));
}

static int check_text(const char *v, const char *field, size_t max)
{
    size_t n = v ? strlen(v) : 0;
    if (n < 1)
        return kazi_error_set(KAZI_EINVALID, field, "%s must be 1 to %zu characters", field, max);
    /* The one text rule (domain/schema); names may keep a spreadsheet's line break. */
    int rc = kazi_schema_text(field, v, n, max, !strcmp(field, "name"));
    if (rc < 0) return rc;
    if (!strcmp(field, "code"))
        for (const char *p = v; *p; p++)
            if (*p <= ' ' || *p == '/' || *p == '\x7f')
                return kazi_error_set(KAZI_EINVALID, field,
                                      "code must not contain spaces, '/' or control characters");
    return KAZI_OK;
}

/* Validate and insert one unit; the caller holds the transaction. */
static int insert_unit(kazi_orgunit *u, kazi_db *db, const kazi_orgunit *parent, const char *code,
                       const char *name, const char *level)
{
    int rc;
    memset(u, 0, sizeof *u);
    if ((rc = check_text(code, "code", 64)) < 0) return rc;
    if ((rc = check_text(name, "name", 200)) < 0) return rc;
    u->depth = parent ? parent->depth + 1 : 0;
    if ((rc = kazi_orgunit_resolve_level(u->level_id, u->depth, level)) < 0) return rc;
    if (!parent) {
        int64_t roots = 0;
        if ((rc = kazi_orgunit_count(&roots, db, 1)) < 0) return rc;
        if (roots > 0)
            return kazi_error_set(KAZI_EINVALID, "parent",
                                  "the hierarchy already has its root; give a parent");
    }
    snprintf(u->code, sizeof u->code, "%s", code);
    snprintf(u->name, sizeof u->name, "%s", name);
    return kazi_orgunit_insert(u, db, parent);
}

/* The unit's audit row: its id, before (NULL on create) and after. */
static int audit_unit(kazi_db *db, const kazi_caller *caller, const char *action,
                      const json_t *before, const kazi_orgunit *u)
{
    kazi_audit_ctx ctx;
    char id[32];
    kazi_caller_audit(&ctx, caller);
    snprintf(id, sizeof id, "%lld", (long long)u->id);
    json_t *after = kazi_orgunit_json(u);
    int rc = kazi_audit_append(db, &ctx, action, "org_unit", id, before, after);
    json_decref(after);
    return rc;
}

int kazi_orgunit_create(kazi_orgunit *out, kazi_db *db, const kazi_caller *caller,
                        const kazi_orgunit_spec *spec)
{
    kazi_orgunit parent, u;
    int rc;
    if (spec->parent_id) {
        rc = kazi_caller_check_orgunit(caller, db, spec->parent_id, &parent);
        if (rc == KAZI_ENOTFOUND)
            return kazi_error_set(KAZI_EINVALID, "parent_id", "There is no org unit with id %lld",
                                  (long long)spec->parent_id);
        if (rc < 0) return rc;
    }
    if ((rc = kazi_db_begin(db)) < 0) return rc;
    rc = insert_unit(&u, db, spec->parent_id ? &parent : NULL, spec->code, spec->name, spec->level);
    if (rc == KAZI_OK) rc = audit_unit(db, caller, "orgunit.create", NULL, &u);
    if ((rc = kazi_db_end(db, rc)) == KAZI_OK && out) *out = u;
    return rc;
}

int kazi_orgunit_rename(kazi_orgunit *out, kazi_db *db, const kazi_caller *caller, int64_t id,
                        const char *code, const char *name)
{
    kazi_orgunit u;
    int rc = kazi_caller_check_orgunit(caller, db, id, &u);
    if (rc < 0) return rc;
    json_t *before = kazi_orgunit_json(&u);
    if (code && (rc = check_text(code, "code", 64)) < 0) goto done;
    if (name && (rc = check_text(name, "name", 200)) < 0) goto done;
    if (code) snprintf(u.code, sizeof u.code, "%s", code);
    if (name) snprintf(u.name, sizeof u.name, "%s", name);
    if ((rc = kazi_db_begin(db)) < 0) goto done;
    rc = kazi_orgunit_update(db, &u);
    if (rc == KAZI_OK) rc = audit_unit(db, caller, "orgunit.update", before, &u);
    if ((rc = kazi_db_end(db, rc)) == KAZI_OK && out) *out = u;
done:
    json_decref(before);
    return rc;
}

/* ---- CSV import ---- */

#define MAX_REPORT 100

typedef struct {
    kazi_db *db;
    const kazi_caller *caller;
    int col_code, col_name, col_parent, col_level;
    int created;
    json_t *report;
    int failed; /* a row failed: keep validating but stop inserting */
} import;

static void note(import *im, int row, int column, const char *field, const char *message)
{
    kazi_csv_problem(im->report, MAX_REPORT, row, column, field, message);
}

static int header(import *im, char *const *f, size_t n)
{
    im->col_code = im->col_name = im->col_parent = im->col_level = -1;
    for (size_t i = 0; i < n; i++) {
        const char *h = f[i];
        if (!strcmp(h, "code"))
            im->col_code = (int)i;
        else if (!strcmp(h, "name"))
            im->col_name = (int)i;
        else if (!strcmp(h, "parent_code") || !strcmp(h, "parent"))
            im->col_parent = (int)i;
        else if (!strcmp(h, "level"))
            im->col_level = (int)i;
        else {
            char msg[300];
            kazi_error_format(msg, sizeof msg,
                              "unknown column '%.60s' (columns: code, name, parent_code, level)",
                              h);
            note(im, 1, (int)i + 1, h, msg);
            return kazi_error_set(KAZI_EINVALID, h, "%s", msg);
        }
    }
    const char *missing = im->col_code < 0     ? "code"
                          : im->col_name < 0   ? "name"
                          : im->col_parent < 0 ? "parent_code"
                          : im->col_level < 0  ? "level"
                                               : NULL;
    if (missing) {
        char msg[300];
        kazi_error_format(
            msg, sizeof msg,
            "the header row needs the column '%s' (columns: code, name, parent_code, level)",
            missing);
        note(im, 1, 0, missing, msg);
        return kazi_error_set(KAZI_EINVALID, missing, "%s", msg);
    }
    return KAZI_OK;
}

static int column_of(const import *im, const char *field)
{
    if (!strcmp(field, "code")) return im->col_code + 1;
    if (!strcmp(field, "name")) return im->col_name + 1;
    if (!strcmp(field, "parent") || !strcmp(field, "parent_code")) return im->col_parent + 1;
    if (!strcmp(field, "level")) return im->col_level + 1;
    return 0;
}

static int on_row(void *p, int row, char *const *f, size_t n)
{
    import *im = p;
    if (row == 1) return header(im, f, n);
    int need = im->col_code;
    if (im->col_name > need) need = im->col_name;
    if (im->col_parent > need) need = im->col_parent;
    if (im->col_level > need) need = im->col_level;
    if ((int)n <= need) {
        char msg[200];
        kazi_error_format(msg, sizeof msg, "the row has %zu fields; the header has at least %d", n,
                          need + 1);
        note(im, row, (int)n + 1, NULL, msg);
        im->failed = 1;
        return json_array_size(im->report) >= MAX_REPORT ? KAZI_EINVALID : KAZI_OK;
    }
    const char *code = f[im->col_code], *name = f[im->col_name], *pcode = f[im->col_parent],
               *level = f[im->col_level];
    kazi_orgunit parent, u;
    int rc = KAZI_OK;
    if (*pcode) {
        rc = kazi_orgunit_get_by_code(&parent, im->db, pcode);
        if (rc == KAZI_OK && !kazi_caller_sees(im->caller, parent.path)) rc = KAZI_ENOTFOUND;
        if (rc == KAZI_ENOTFOUND)
            rc = kazi_error_set(KAZI_EINVALID, "parent_code",
                                "parent '%s' is neither in the database nor on an earlier row",
                                pcode);
    }
    if (rc == KAZI_OK) rc = insert_unit(&u, im->db, *pcode ? &parent : NULL, code, name, level);
    if (rc == KAZI_OK) {
        im->created++;
        return KAZI_OK;
    }
    if (rc != KAZI_EINVALID && rc != KAZI_EEXISTS) return rc; /* the database failed */
    const kazi_error *e = kazi_error_last();
    note(im, row, column_of(im, e->field), e->field, e->message);
    im->failed = 1;
    return json_array_size(im->report) >= MAX_REPORT ? KAZI_EINVALID : KAZI_OK;
}

int kazi_orgunit_import_csv(int *count, json_t **report, kazi_db *db, const kazi_caller *caller,
                            const char *csv, size_t len)
{
import im = {.db = db, .caller = caller, .report = json_array() };
    *count = 0;
    *report = NULL;
    int rc = kazi_db_begin(db);
    if (rc < 0) {
        json_decref(im.report);
        return rc;
    }
    rc = kazi_csv_parse(csv, len, on_row, &im);
    if (rc == KAZI_EMALFORMED) {
        const kazi_error *e = kazi_error_last();
        note(&im, e->line, e->column, NULL, e->message);
    }
    if (rc == KAZI_OK && im.created == 0 && !im.failed) {
        char msg[200];
        note(&im, 1, 0, NULL,
             kazi_error_format(msg, sizeof msg, "the file has no rows after the header"));
        im.failed = 1;
    }
    if (rc == KAZI_OK && !im.failed) {
        kazi_audit_ctx ctx;
        kazi_caller_audit(&ctx, caller);
        json_t *after = json_pack("{s:i}", "created", im.created);
        rc = kazi_audit_append(db, &ctx, "orgunit.import", "org_unit", NULL, NULL, after);
        json_decref(after);
        if ((rc = kazi_db_end(db, rc)) == KAZI_OK) *count = im.created;
        json_decref(im.report);
        return rc;
    }
    kazi_db_rollback(db);
    if (rc < 0 && rc != KAZI_EINVALID && rc != KAZI_EMALFORMED) {
        json_decref(im.report);
        return rc;
    }
    *report = im.report;
    return kazi_error_set_slug(
        KAZI_EINVALID, "invalid_csv", NULL,
        "the file was not imported: %zu problem(s), first at row %d", json_array_size(im.report),
        (int)json_integer_value(json_object_get(json_array_get(im.report, 0), "row")));
}

/* ---- as a caller ------------------------------------------------------------------------ */

int kazi_orgunit_list_for(json_t **out, kazi_db *db, const kazi_caller *caller, const char *q,
                          int64_t parent, int limit, int offset)
{
    const char *lo, *hi;
    kazi_caller_scope_range(caller, &lo, &hi);
    if (q) return kazi_orgunit_search(out, db, q, lo, hi, limit);
    int rc;
    if (parent) {
        if ((rc = kazi_caller_check_orgunit(caller, db, parent, NULL)) < 0) return rc;
        return kazi_orgunit_children(out, db, parent, lo, hi, limit, offset);
    }
    if (kazi_caller_is_national(caller))
        return kazi_orgunit_children(out, db, 0, lo, hi, limit, offset);
    /* A scoped caller's top is their own scope unit. */
    kazi_orgunit top;
    json_t *arr = json_array();
    rc = kazi_caller_check_orgunit(caller, db, caller->scope_org_unit_id, &top);
    if (rc == KAZI_OK && offset == 0) json_array_append_new(arr, kazi_orgunit_json(&top));
    if (rc < 0 && rc != KAZI_ENOTFOUND) {
        json_decref(arr);
        return rc;
    }
    *out = arr;
    return KAZI_OK;
}

int kazi_orgunit_get_for(json_t **out, kazi_db *db, const kazi_caller *caller, int64_t id)
{
    kazi_orgunit u;
    json_t *path;
    int rc = kazi_caller_check_orgunit(caller, db, id, &u);
    if (rc < 0 || (rc = kazi_orgunit_path_json(&path, db, u.path)) < 0) return rc;
    *out = kazi_orgunit_json(&u);
    json_object_set_new(*out, "path", path);
    return KAZI_OK;
}

int kazi_orgunit_children_for(json_t **out, kazi_db *db, const kazi_caller *caller, int64_t id,
                              int limit, int offset)
{
    const char *lo, *hi;
    int rc = kazi_caller_check_orgunit(caller, db, id, NULL);
    if (rc < 0) return rc;
    kazi_caller_scope_range(caller, &lo, &hi);
    return kazi_orgunit_children(out, db, id, lo, hi, limit, offset);
}

int kazi_orgunit_each_for(kazi_db *db, const kazi_caller *caller,
                          int (*fn)(void *ctx, const kazi_orgunit *u, const char *parent_code),
                          void *ctx)
{
    const char *lo, *hi;
    kazi_caller_scope_range(caller, &lo, &hi);
    return kazi_orgunit_each(db, lo, hi, fn, ctx);
}
