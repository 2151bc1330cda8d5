#include "domain/registry.h"
#include "auth/roles.h"
#include "domain/audit.h"
#include "domain/catalogue.h"
#include "domain/schema.h"
#include "domain/words.h"
#include "store/personnames.h"
#include "store/registry.h"
#include "util/lang.h"
#include "util/clock.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A field's label in plain words for a message (domain/words). */
#define LABEL(field) kazi_words_field((char[120]){0}, 120, (field))

/* ---- small helpers ---------------------------------------------------------------------- */

int kazi_registry_is_date(const char *s)
{
    return kazi_schema_date_valid(s);
}

void kazi_registry_today(char *buf, size_t size)
{
    time_t t = (time_t)(kazi_clock_now_ms() / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, size, "%Y-%m-%d", &tm);
}

void kazi_registry_public(json_t *record, const char *entity)
{
    kazi_schema_output(kazi_schema_of(entity), record);
}

static int audit(kazi_db *db, const kazi_caller *actor, const char *action, const char *type,
                 int64_t id, const json_t *before, const json_t *after)
{
    kazi_audit_ctx ctx;
    kazi_caller_audit(&ctx, actor);
    char idbuf[32];
    snprintf(idbuf, sizeof idbuf, "%lld", (long long)id);
    return kazi_audit_append(db, &ctx, action, type, idbuf, before, after);
}

/* Normalised name key: lower-case ASCII, runs of blanks as one space. */
static void name_key(char *out, size_t size, const char *a, const char *b, const char *c)
{
    char tmp[400];
    snprintf(tmp, sizeof tmp, "%s %s %s", a ? a : "", b ? b : "", c ? c : "");
    size_t j = 0;
    int space = 1;
    for (size_t i = 0; tmp[i] && j + 1 < size; i++) {
        unsigned char ch = (unsigned char)tmp[i];
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == ',') {
            if (!space) out[j++] = ' ';
            space = 1;
            continue;
        }
        space = 0;
        out[j++] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
    }
    while (j && out[j - 1] == ' ')
        j--;
    out[j] = '\0';
}

/* What a write in its own transaction gives back: `r` (set by the work, so read it
 * after the work ran) into *out when the transaction committed, else freed. */
static int take(json_t **out, json_t *r, int rc)
{
    if (rc < 0) {
        json_decref(r);
        return rc;
    }
    *out = r;
    return rc;
}

/* A required choice (assignment end reasons): the schema's text rule and options. */
static int enum_field(const json_t *in, const char *field, const char *const *allowed)
{
    json_t *v = json_object_get(in, field);
    if (!json_is_string(v) || !json_string_length(v))
        return kazi_error_set(KAZI_EINVALID, field, "%s is required", LABEL(field));
    int rc = kazi_schema_text(field, json_string_value(v), json_string_length(v), 40, 0);
    if (rc < 0) return rc;
    for (int i = 0; allowed[i]; i++)
        if (!strcmp(allowed[i], json_string_value(v))) return KAZI_OK;
    char list[200] = "";
    for (int i = 0; allowed[i]; i++) {
        strncat(list, i ? ", " : "", sizeof list - strlen(list) - 1);
        strncat(list, allowed[i], sizeof list - strlen(list) - 1);
    }
    return kazi_error_set(KAZI_EINVALID, field, "%s must be one of: %s", LABEL(field), list);
}

static int id_field(int64_t *out, const json_t *in, const char *field, int required)
{
    json_t *v = json_object_get(in, field);
    if (!v || json_is_null(v)) {
        *out = 0;
        if (required) return kazi_error_set(KAZI_EINVALID, field, "%s is required", LABEL(field));
        return KAZI_OK;
    }
    if (!json_is_integer(v) || json_integer_value(v) <= 0)
        return kazi_error_set(KAZI_EINVALID, field, "%s must be a positive id", LABEL(field));
    *out = json_integer_value(v);
    return KAZI_OK;
}

/* An update's complete record: the input fields of `in`, the others from `before`. */
static json_t *merge_input(const char *entity, const json_t *in, const json_t *before)
{
    json_t *merged = json_object();
    for (const kazi_field *f = kazi_schema_of(entity)->fields; f->name; f++) {
        if (!(f->flags & KAZI_FIELD_INPUT)) continue;
        json_t *v = json_object_get(in, f->name);
        if (!v) v = json_object_get(before, f->name);
        if (v) json_object_set(merged, f->name, v);
    }
    return merged;
}

/*
 * Validate a complete person record (API shape) and build the row for the store in
 * *row (new reference): normalised keys, org_path. Checks scope of the residence.
 */
/* The identifier list's shape: {type, value} pairs, each type once. */
static int check_identifier_list(const json_t *ids)
{
    int rc;
    if (!ids || json_is_null(ids)) return KAZI_OK;
    if (!json_is_array(ids) || json_array_size(ids) > 20)
        return kazi_error_set(KAZI_EINVALID, "identifiers",
                              "identifiers must be a list of {type, value}");
    size_t i, j;
    json_t *x, *y;
    json_array_foreach(ids, i, x)
    {
        if (!json_is_object(x))
            return kazi_error_set(KAZI_EINVALID, "identifiers",
                                  "identifiers must be a list of {type, value}");
        const char *t = json_string_value(json_object_get(x, "type"));
        const char *v = json_string_value(json_object_get(x, "value"));
        if (!t || !*t || strlen(t) > 40 ||
            strspn(t, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(t))
            return kazi_error_set(KAZI_EINVALID, "identifiers",
                                  "identifier type must be a lower-case name such as national_id");
        if (!v || !*v)
            return kazi_error_set(KAZI_EINVALID, "identifiers",
                                  "identifier value must be text of 1 to 64 characters");
        if ((rc = kazi_schema_text("identifiers", v, strlen(v), 64, 0)) < 0) return rc;
        json_array_foreach(ids, j, y)
        {
            if (j < i && !strcmp(t, json_string_value(json_object_get(y, "type"))))
                return kazi_error_set(KAZI_EINVALID, "identifiers",
                                      "identifier type %s is given twice", t);
        }
    }
    return KAZI_OK;
}

/* The residence's path, which must lie in the caller's scope. */
static int residence_path(char *path, kazi_db *db, const kazi_caller *actor, const json_t *in)
{
    int64_t residence;
    int rc;
    if ((rc = id_field(&residence, in, "residence_org_unit_id", 1)) < 0) return rc;
    if ((rc = kazi_store_org_unit_path(path, db, residence, "residence_org_unit_id")) < 0)
        return rc;
    if (kazi_caller_check_path(actor, path, "org unit") < 0)
        return kazi_error_set(KAZI_EINVALID, "residence_org_unit_id",
                              "There is no org unit with id %lld in your scope",
                              (long long)residence);
    return KAZI_OK;
}

/*
 * Validate a complete person record (API shape) and build the row for the store in
 * *row (new reference): normalised keys, org_path. Checks scope of the residence.
 * Every field error is found, not just the first (kazi_check_done): the fields, the
 * identifiers, the residence, phones and custom values; the configuration's own
 * validation runs once those are right.
 */
static int person_row(json_t **row, kazi_db *db, const kazi_caller *actor, const json_t *in)
{
    kazi_check_list l = {.n = 0};
    char path[KAZI_PATH_MAX] = "";
    int rc;
    if ((rc = kazi_schema_check_each(kazi_schema_of(KAZI_ENTITY_PERSON), in, KAZI_SCHEMA_CREATE,
                                     &l)) < 0 ||
        (rc = kazi_check_note(&l, check_identifier_list(json_object_get(in, "identifiers")))) < 0 ||
        (rc = kazi_check_note(&l, residence_path(path, db, actor, in))) < 0)
        return rc;
    json_t *langs = json_object_get(in, "languages");
    /* The stored form (phones) is what the configuration's rules see and what is kept. */
    json_t *r = json_deep_copy(in);
    if (!r) return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    json_t *custom = json_object_get(r, "custom");
    if (json_is_null(custom)) custom = NULL;
    const kazi_registry_catalogue *cat = kazi_registry_catalogue_get();
    if ((rc = kazi_check_note(&l, kazi_schema_normalise(kazi_schema_of(KAZI_ENTITY_PERSON), r))) <
            0 ||
        (rc = kazi_check_note(&l, kazi_registry_check_custom(KAZI_ENTITY_PERSON, custom))) < 0) {
        json_decref(r);
        return rc;
    }
    /* The configuration's checks too; one that cannot run on a record whose fields are
     * already wrong gives way to those field errors. */
    if (cat->validate && (rc = cat->validate(cat->ctx, KAZI_ENTITY_PERSON, r)) < 0 &&
        (rc = kazi_check_note(&l, rc)) < 0 && !l.n) {
        json_decref(r);
        return rc;
    }
    if ((rc = kazi_check_done(&l)) < 0) {
        json_decref(r);
        return rc;
    }

    const char *g = json_string_value(json_object_get(in, "given_name"));
    const char *f = json_string_value(json_object_get(in, "family_name"));
    const char *o = json_string_value(json_object_get(in, "other_names"));
    char nk[320], gk[320];
    name_key(nk, sizeof nk, f, g, o);
    name_key(gk, sizeof gk, g, f, o);
    json_object_del(r, "identifiers");
    json_object_set_new(r, "name_key", json_string(nk));
    json_object_set_new(r, "given_key", json_string(gk));
    json_object_set_new(r, "org_path", json_string(path));
    if (!custom) json_object_set_new(r, "custom", json_object());
    if (!langs || json_is_null(langs)) json_object_set_new(r, "languages", json_array());
    *row = r;
    return KAZI_OK;
}

int kazi_registry_sees_person(kazi_db *db, const kazi_caller *caller, int64_t id)
{
    if (kazi_caller_is_national(caller)) return 1;
    json_t *p;
    if (kazi_store_person_get(&p, db, id) < 0) return 0;
    int seen = kazi_caller_sees(caller, json_string_value(json_object_get(p, "org_path")));
    json_decref(p);
    return seen;
}

int kazi_registry_identifier_taken(kazi_db *db, const kazi_caller *caller, const char *field,
                                   const char *type, const char *value, int64_t owner)
{
    char who[200], what[200], type_column[100];
    snprintf(type_column, sizeof type_column, "identifier.%s", type);
    if (!kazi_registry_sees_person(db, caller, owner))
        return kazi_error_set(KAZI_EEXISTS, field,
                              "The %s '%s': a record with this identifier exists outside your "
                              "area; ask a national officer",
                              kazi_words_field(what, sizeof what, type_column), value);
    json_t *p = NULL;
    if (kazi_store_person_get(&p, db, owner) < 0) kazi_error_clear();
    kazi_words_person(who, sizeof who, p);
    json_decref(p);
    return kazi_error_set(KAZI_EEXISTS, field, "The %s '%s' already belongs to %s",
                          kazi_words_field(what, sizeof what, type_column), value, who);
}

/* The person's flag as the caller may see it: a likely duplicate outside the caller's
 * scope is not named (review_duplicate_of null, review_duplicate_outside true). */
static void hide_outside_duplicate(json_t *rec, kazi_db *db, const kazi_caller *caller)
{
    json_t *d = json_object_get(rec, "review_duplicate_of");
    if (!json_is_integer(d) || kazi_registry_sees_person(db, caller, json_integer_value(d))) return;
    json_object_set_new(rec, "review_duplicate_of", json_null());
    json_object_set_new(rec, "review_duplicate_outside", json_true());
}

static int check_identifiers(kazi_db *db, const kazi_caller *actor, const json_t *ids, int64_t self)
{
    size_t i;
    json_t *x;
    json_array_foreach(ids, i, x)
    {
        int64_t owner;
        const char *t = json_string_value(json_object_get(x, "type"));
        const char *v = json_string_value(json_object_get(x, "value"));
        int rc = kazi_store_identifier_owner(&owner, db, t, v);
        if (rc == KAZI_OK && owner != self)
            return kazi_registry_identifier_taken(db, actor, "identifiers", t, v, owner);
        if (rc < 0 && rc != KAZI_ENOTFOUND) return rc;
    }
    return KAZI_OK;
}

int kazi_registry_person_prepare(json_t **row, kazi_db *db, const kazi_caller *actor,
                                 const json_t *in)
{
    int rc = kazi_schema_known(kazi_schema_of(KAZI_ENTITY_PERSON), in);
    return rc == KAZI_OK ? person_row(row, db, actor, in) : rc;
}

static int person_visible(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t id)
{
    json_t *p;
    int rc = kazi_store_person_get(&p, db, id);
    if (rc < 0) return rc == KAZI_ENOTFOUND ? kazi_error_set(rc, "id", "no such person") : rc;
    if (kazi_caller_check_path(actor, json_string_value(json_object_get(p, "org_path")), "person") <
        0) {
        json_decref(p);
        return kazi_error_set(KAZI_ENOTFOUND, "id", "no such person");
    }
    *out = p;
    return KAZI_OK;
}

int kazi_registry_person_create_tx(json_t **out, kazi_db *db, const kazi_caller *actor,
                                   const json_t *in)
{
    json_t *row = NULL, *after = NULL;
    int64_t id, dup;
    int rc = kazi_schema_known(kazi_schema_of(KAZI_ENTITY_PERSON), in);
    if (rc < 0) return rc;
    if ((rc = person_row(&row, db, actor, in)) < 0) return rc;
    json_t *ids = json_object_get(in, "identifiers");
    if ((rc = check_identifiers(db, actor, ids, 0)) < 0) goto done;
    rc = kazi_store_person_likely_duplicate(
        &dup, db, json_string_value(json_object_get(row, "name_key")),
        json_string_value(json_object_get(row, "birth_date")),
        json_integer_value(json_object_get(row, "residence_org_unit_id")), 0);
    if (rc == KAZI_OK)
        json_object_set_new(row, "review_duplicate_of", json_integer(dup));
    else if (rc != KAZI_ENOTFOUND)
        goto done;
    int64_t now = kazi_clock_now_ms();
    if ((rc = kazi_store_person_insert(&id, db, row, now)) < 0) goto done;
    if (ids && json_is_array(ids) && (rc = kazi_store_identifiers_replace(db, id, ids)) < 0)
        goto done;
    if ((rc = kazi_store_person_get(&after, db, id)) < 0) goto done;
    kazi_registry_public(after, KAZI_ENTITY_PERSON);
    if ((rc = audit(db, actor, "person.create", "person", id, NULL, after)) < 0) goto done;
    hide_outside_duplicate(after, db, actor);
    *out = after;
    after = NULL;
done:
    json_decref(row);
    json_decref(after);
    return rc;
}

int kazi_registry_person_create(json_t **out, kazi_db *db, const kazi_caller *actor,
                                const json_t *in)
{
    json_t *r = NULL;
    int rc = kazi_db_begin(db);
    if (rc < 0) return rc;
    rc = kazi_db_end(db, kazi_registry_person_create_tx(&r, db, actor, in));
    return take(out, r, rc);
}

int kazi_registry_person_get(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t id)
{
    int rc = person_visible(out, db, actor, id);
    if (rc == KAZI_OK) {
        kazi_registry_public(*out, KAZI_ENTITY_PERSON);
        hide_outside_duplicate(*out, db, actor);
    }
    return rc;
}

/* kazi_db_row_text's filter: the person table's output fields (kazi_registry_public). */
static int person_output(void *ctx, const char *name)
{
    const kazi_field *f = kazi_schema_field(ctx, name);
    return f && (f->flags & KAZI_FIELD_OUTPUT);
}

int kazi_registry_person_text(kazi_buf *out, kazi_db *db, const kazi_caller *actor, int64_t id)
{
    kazi_person_where where;
    size_t start = out->len;
    int rc = kazi_store_person_text(out, &where, db, id, person_output,
                                    (void *)kazi_schema_of(KAZI_ENTITY_PERSON));
    if (rc == KAZI_ENOTFOUND) return kazi_error_set(rc, "id", "no such person");
    if (rc < 0) return rc;
    if (kazi_caller_check_path(actor, where.org_path, "person") < 0) {
        out->len = start;
        return kazi_error_set(KAZI_ENOTFOUND, "id", "no such person");
    }
    if (!where.review_duplicate_of ||
        kazi_registry_sees_person(db, actor, where.review_duplicate_of))
        return KAZI_OK;
    /* Flagged as a likely duplicate of someone the caller does not see: the record tells
     * only that (hide_outside_duplicate), built the ordinary way. */
    out->len = start;
    json_t *p;
    if ((rc = kazi_registry_person_get(&p, db, actor, id)) < 0) return rc;
    char *text = kazi_json_dump(p);
    json_decref(p);
    if (!text) return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    rc = kazi_buf_append(out, text, strlen(text));
    free(text);
    return rc;
}

/* The refusal to change a record merged into `into`: naming that person when the actor
 * sees them (another record otherwise, as outside the scope reads like absent). */
static int merged_refusal(kazi_db *db, const kazi_caller *actor, int64_t into)
{
    json_t *p = NULL;
    if (person_visible(&p, db, actor, into) < 0)
        return kazi_error_set(KAZI_ECONFLICT, "status",
                              "this record was merged into another record; change that one");
    char who[200];
    kazi_words_person(who, sizeof who, p);
    json_decref(p);
    return kazi_error_set(KAZI_ECONFLICT, "status",
                          "this record was merged into the record of %s; change that one", who);
}

int kazi_registry_person_update_tx(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t id,
                                   const json_t *in)
{
    json_t *before = NULL, *merged = NULL, *row = NULL, *after = NULL;
    int rc = kazi_schema_known(kazi_schema_of(KAZI_ENTITY_PERSON), in);
    if (rc < 0) return rc;
    if ((rc = person_visible(&before, db, actor, id)) < 0) goto done;
    kazi_registry_public(before, KAZI_ENTITY_PERSON);
    if (!strcmp(json_string_value(json_object_get(before, "status")), "merged")) {
        rc = merged_refusal(db, actor,
                            json_integer_value(json_object_get(before, "merged_into_id")));
        goto done;
    }
    merged = merge_input(KAZI_ENTITY_PERSON, in, before);
    if ((rc = person_row(&row, db, actor, merged)) < 0) goto done;
    json_object_set(row, "review_duplicate_of", json_object_get(before, "review_duplicate_of"));
    json_t *ids = json_object_get(merged, "identifiers");
    if ((rc = check_identifiers(db, actor, ids, id)) < 0) goto done;
    int64_t now = kazi_clock_now_ms();
    if ((rc = kazi_store_person_update(db, id, row, now)) < 0) goto done;
    if (json_object_get(in, "identifiers") &&
        (rc = kazi_store_identifiers_replace(db, id, ids)) < 0)
        goto done;
    if ((rc = kazi_store_person_get(&after, db, id)) < 0) goto done;
    kazi_registry_public(after, KAZI_ENTITY_PERSON);
    rc = audit(db, actor, "person.update", "person", id, before, after);
done:
    if (rc == KAZI_OK) {
        hide_outside_duplicate(after, db, actor);
        *out = after;
        after = NULL;
    }
    json_decref(before);
    json_decref(merged);
    json_decref(row);
    json_decref(after);
    return rc;
}

int kazi_registry_person_update(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t id,
                                const json_t *in)
{
    json_t *r = NULL;
    int rc = kazi_db_begin(db);
    if (rc < 0) return rc;
    rc = kazi_db_end(db, kazi_registry_person_update_tx(&r, db, actor, id, in));
    return take(out, r, rc);
}

/* Deactivate inside the caller's transaction: scope first, then the body. */
static int deactivate(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t id,
                      const json_t *in)
{
    json_t *before = NULL, *after = NULL;
    const char *status = "inactive", *reason;
    int rc = person_visible(&before, db, actor, id);
    if (rc < 0) return rc;
    kazi_registry_public(before, KAZI_ENTITY_PERSON);
    if ((rc = kazi_json_string(&reason, in, "reason", 1, 500)) < 0 ||
        ((rc = kazi_json_string(&status, in, "status", 0, 20)) < 0 && rc != KAZI_ENOTFOUND))
        goto done;
    if (rc == KAZI_ENOTFOUND) status = "inactive";
    if (strcmp(status, "inactive") && strcmp(status, "deceased")) {
        rc = kazi_error_set(KAZI_EINVALID, "status", "status must be inactive or deceased");
        goto done;
    }
    if (!*reason) {
        rc = kazi_error_set(KAZI_EINVALID, "reason",
                            "a reason (up to 500 characters) is required to deactivate");
        goto done;
    }
    if (strcmp(json_string_value(json_object_get(before, "status")), "active") &&
        strcmp(status, "deceased")) {
        rc = kazi_error_set(KAZI_ECONFLICT, "status", "the person is not active");
        goto done;
    }
    int64_t now = kazi_clock_now_ms();
    if ((rc = kazi_store_person_set_status(db, id, status, reason, 0, now)) < 0) goto done;
    if ((rc = kazi_store_person_get(&after, db, id)) < 0) goto done;
    kazi_registry_public(after, KAZI_ENTITY_PERSON);
    if ((rc = audit(db, actor, "person.deactivate", "person", id, before, after)) < 0) goto done;
    *out = after;
    after = NULL;
done:
    json_decref(before);
    json_decref(after);
    return rc;
}

int kazi_registry_person_deactivate(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t id,
                                    const json_t *in)
{
    json_t *r = NULL;
    int rc = kazi_db_begin(db);
    if (rc < 0) return rc;
    rc = kazi_db_end(db, deactivate(&r, db, actor, id, in));
    return take(out, r, rc);
}

/* Merge inside the caller's transaction: `keep` in scope first, then the body. */
static int merge(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t keep,
                 const json_t *in)
{
    json_t *k0 = NULL, *d0 = NULL, *k1 = NULL, *d1 = NULL;
    int64_t duplicate;
    int rc = person_visible(&k0, db, actor, keep);
    if (rc < 0) return rc;
    if ((rc = kazi_json_int(&duplicate, in, "duplicate_id", 1, 1, INT64_MAX)) < 0) goto done;
    if (keep == duplicate) {
        rc = kazi_error_set(KAZI_EINVALID, "duplicate_id", "a person cannot be merged into itself");
        goto done;
    }
    if ((rc = person_visible(&d0, db, actor, duplicate)) < 0) {
        rc = kazi_error_set(rc, "duplicate_id", "no such person");
        goto done;
    }
    kazi_registry_public(k0, KAZI_ENTITY_PERSON);
    kazi_registry_public(d0, KAZI_ENTITY_PERSON);
    if (!strcmp(json_string_value(json_object_get(k0, "status")), "merged") ||
        !strcmp(json_string_value(json_object_get(d0, "status")), "merged")) {
        rc = kazi_error_set(KAZI_ECONFLICT, "duplicate_id", "one of the records is already merged");
        goto done;
    }
    /* Identifiers of the same type on both: keep's value wins only if equal; differing
     * values of one type mean these may not be the same person. */
    json_t *kid = json_object_get(k0, "identifiers"), *did = json_object_get(d0, "identifiers");
    size_t i, j;
    json_t *x, *y;
    json_array_foreach(did, i, x) json_array_foreach(kid, j, y)
    {
        if (!strcmp(json_string_value(json_object_get(x, "type")),
                    json_string_value(json_object_get(y, "type"))) &&
            strcmp(json_string_value(json_object_get(x, "value")),
                   json_string_value(json_object_get(y, "value")))) {
            rc = kazi_error_set(KAZI_ECONFLICT, "identifiers",
                                "The records hold different %s identifiers; they are not the "
                                "same person",
                                kazi_words_name((char[200]){0}, 200, "identifiers",
                                                json_string_value(json_object_get(x, "type"))));
            goto done;
        }
    }
    int64_t now = kazi_clock_now_ms();
    if ((rc = kazi_store_person_move(db, duplicate, keep)) < 0) goto done;
    if ((rc = kazi_store_person_set_status(db, duplicate, "merged", "merged as a duplicate", keep,
                                           now)) < 0)
        goto done;
    if ((rc = kazi_store_person_set_review(db, duplicate, 0, now)) < 0) goto done;
    if ((rc = kazi_store_person_set_review(db, keep, 0, now)) < 0) goto done;
    if ((rc = kazi_store_person_get(&k1, db, keep)) < 0) goto done;
    if ((rc = kazi_store_person_get(&d1, db, duplicate)) < 0) goto done;
    kazi_registry_public(k1, KAZI_ENTITY_PERSON);
    kazi_registry_public(d1, KAZI_ENTITY_PERSON);
    if ((rc = audit(db, actor, "person.merge", "person", keep, k0, k1)) < 0) goto done;
    if ((rc = audit(db, actor, "person.merged_into", "person", duplicate, d0, d1)) < 0) goto done;
    *out = k1;
    k1 = NULL;
done:
    json_decref(k0);
    json_decref(d0);
    json_decref(k1);
    json_decref(d1);
    return rc;
}

int kazi_registry_person_merge(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t keep,
                               const json_t *in)
{
    json_t *r = NULL;
    int rc = kazi_db_begin(db);
    if (rc < 0) return rc;
    rc = kazi_db_end(db, merge(&r, db, actor, keep, in));
    return take(out, r, rc);
}

static int not_duplicate(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t id,
                         const json_t *in)
{
    json_t *before = NULL, *after = NULL;
    const char *reason;
    int rc = person_visible(&before, db, actor, id);
    if (rc < 0) return rc;
    kazi_registry_public(before, KAZI_ENTITY_PERSON);
    if ((rc = kazi_json_string(&reason, in, "reason", 1, 500)) < 0) goto done;
    if (!*reason) {
        rc = kazi_error_set(KAZI_EINVALID, "reason", "say why the records are not the same person");
        goto done;
    }
    json_t *flag = json_object_get(before, "review_duplicate_of");
    if (!flag || json_is_null(flag)) {
        rc = kazi_error_set(KAZI_ECONFLICT, "review_duplicate_of",
                            "this record is not flagged as a possible duplicate");
        goto done;
    }
    if ((rc = kazi_store_person_set_review(db, id, 0, kazi_clock_now_ms())) < 0) goto done;
    if ((rc = kazi_store_person_get(&after, db, id)) < 0) goto done;
    kazi_registry_public(after, KAZI_ENTITY_PERSON);
    json_t *noted = json_deep_copy(after);
    json_object_set_new(noted, "not_duplicate_reason", json_string(reason));
    rc = audit(db, actor, "person.not_duplicate", "person", id, before, noted);
    json_decref(noted);
    if (rc < 0) goto done;
    *out = after;
    after = NULL;
done:
    json_decref(before);
    json_decref(after);
    return rc;
}

int kazi_registry_person_not_duplicate(json_t **out, kazi_db *db, const kazi_caller *actor,
                                       int64_t id, const json_t *in)
{
    json_t *r = NULL;
    int rc = kazi_db_begin(db);
    if (rc < 0) return rc;
    rc = kazi_db_end(db, not_duplicate(&r, db, actor, id, in));
    return take(out, r, rc);
}

int kazi_registry_person_history(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t id)
{
    json_t *p;
    int rc = person_visible(&p, db, actor, id);
    if (rc < 0) return rc;
    json_decref(p);
    if ((rc = kazi_store_registry_history(out, db, "person", id)) < 0) return rc;
    size_t i;
    json_t *x;
    json_array_foreach(*out, i, x)
    {
        hide_outside_duplicate(json_object_get(x, "before"), db, actor);
        hide_outside_duplicate(json_object_get(x, "after"), db, actor);
    }
    return KAZI_OK;
}

/* ---- positions ------------------------------------------------------------------------ */

static int position_row(json_t **row, kazi_db *db, const kazi_caller *actor, const json_t *in)
{
    int rc;
    if ((rc = kazi_schema_check(kazi_schema_of(KAZI_ENTITY_POSITION), in, KAZI_SCHEMA_CREATE)) < 0)
        return rc;
    json_t *appr = json_object_get(in, "approved");
    const kazi_registry_catalogue *cat = kazi_registry_catalogue_get();
    const char *cadre = json_string_value(json_object_get(in, "cadre"));
    if (cat->cadre_exists(cat->ctx, cadre) < 0)
        return kazi_error_set(KAZI_EINVALID, "cadre",
                              "The configuration declares no cadre \"%.64s\"", cadre);
    const char *level = json_string_value(json_object_get(in, "level"));
    if (level && *level && cat->level_exists(cat->ctx, level) < 0)
        return kazi_error_set(KAZI_EINVALID, "level",
                              "The configuration declares no org-unit level \"%.64s\"", level);
    int64_t unit, org;
    if ((rc = id_field(&unit, in, "org_unit_id", 1)) < 0) return rc;
    if ((rc = id_field(&org, in, "organisation_id", 1)) < 0) return rc;
    char path[KAZI_PATH_MAX];
    if ((rc = kazi_store_org_unit_path(path, db, unit, "org_unit_id")) < 0) return rc;
    if (kazi_caller_check_path(actor, path, "org unit") < 0)
        return kazi_error_set(KAZI_EINVALID, "org_unit_id",
                              "There is no org unit with id %lld in your scope", (long long)unit);
    if ((rc = kazi_store_organisation_exists(db, org)) < 0) return rc;
    json_t *custom = json_object_get(in, "custom");
    if (json_is_null(custom)) custom = NULL;
    if ((rc = kazi_registry_check_custom(KAZI_ENTITY_POSITION, custom)) < 0) return rc;
    if (cat->validate && (rc = cat->validate(cat->ctx, KAZI_ENTITY_POSITION, in)) < 0) return rc;
    json_t *r = json_deep_copy(in);
    json_object_set_new(r, "org_path", json_string(path));
    json_object_set_new(r, "approved", json_integer(json_is_true(appr)));
    if (!custom) json_object_set_new(r, "custom", json_object());
    *row = r;
    return KAZI_OK;
}

static int position_visible(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t id)
{
    json_t *p;
    int rc = kazi_store_position_get(&p, db, id);
    if (rc < 0) return rc == KAZI_ENOTFOUND ? kazi_error_set(rc, "id", "no such position") : rc;
    if (kazi_caller_check_path(actor, json_string_value(json_object_get(p, "org_path")),
                               "position") < 0) {
        json_decref(p);
        return kazi_error_set(KAZI_ENOTFOUND, "id", "no such position");
    }
    *out = p;
    return KAZI_OK;
}

int kazi_registry_position_get(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t id)
{
    int rc = position_visible(out, db, actor, id);
    if (rc == KAZI_OK) kazi_registry_public(*out, KAZI_ENTITY_POSITION);
    return rc;
}

int kazi_registry_position_create_tx(json_t **out, kazi_db *db, const kazi_caller *actor,
                                     const json_t *in)
{
    json_t *row = NULL, *after = NULL;
    int64_t id;
    int rc = position_row(&row, db, actor, in);
    if (rc < 0) return rc;
    if ((rc = kazi_store_position_insert(&id, db, row, kazi_clock_now_ms())) < 0) goto done;
    if ((rc = kazi_store_position_get(&after, db, id)) < 0) goto done;
    kazi_registry_public(after, KAZI_ENTITY_POSITION);
    if ((rc = audit(db, actor, "position.create", "position", id, NULL, after)) < 0) goto done;
    *out = after;
    after = NULL;
done:
    json_decref(row);
    json_decref(after);
    return rc;
}

int kazi_registry_position_create(json_t **out, kazi_db *db, const kazi_caller *actor,
                                  const json_t *in)
{
    json_t *r = NULL;
    int rc = kazi_db_begin(db);
    if (rc < 0) return rc;
    rc = kazi_db_end(db, kazi_registry_position_create_tx(&r, db, actor, in));
    return take(out, r, rc);
}

int kazi_registry_position_update_tx(json_t **out, kazi_db *db, const kazi_caller *actor,
                                     int64_t id, const json_t *in)
{
    json_t *before = NULL, *merged = NULL, *row = NULL, *after = NULL;
    int rc = kazi_schema_known(kazi_schema_of(KAZI_ENTITY_POSITION), in);
    if (rc < 0) return rc;
    if ((rc = position_visible(&before, db, actor, id)) < 0) goto done;
    kazi_registry_public(before, KAZI_ENTITY_POSITION);
    merged = merge_input(KAZI_ENTITY_POSITION, in, before);
    if ((rc = position_row(&row, db, actor, merged)) < 0) goto done;
    if ((rc = kazi_store_position_update(db, id, row, kazi_clock_now_ms())) < 0) goto done;
    if ((rc = kazi_store_position_get(&after, db, id)) < 0) goto done;
    kazi_registry_public(after, KAZI_ENTITY_POSITION);
    rc = audit(db, actor, "position.update", "position", id, before, after);
done:
    if (rc == KAZI_OK) {
        hide_outside_duplicate(after, db, actor);
        *out = after;
        after = NULL;
    }
    json_decref(before);
    json_decref(merged);
    json_decref(row);
    json_decref(after);
    return rc;
}

int kazi_registry_position_update(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t id,
                                  const json_t *in)
{
    json_t *r = NULL;
    int rc = kazi_db_begin(db);
    if (rc < 0) return rc;
    rc = kazi_db_end(db, kazi_registry_position_update_tx(&r, db, actor, id, in));
    return take(out, r, rc);
}

/* ---- assignments ------------------------------------------------------------------------ */

/* The refusal of a second current holder: naming the one who holds the post when the
 * caller may see them, else as a plain sentence. */
static int taken_post(kazi_db *db, const kazi_caller *actor, int64_t position_id)
{
    json_t *pos = NULL, *holder = NULL;
    int64_t pid = 0;
    if (kazi_store_position_get(&pos, db, position_id) == KAZI_OK)
        pid = json_integer_value(json_object_get(json_object_get(pos, "holder"), "person_id"));
    json_decref(pos);
    int named = pid > 0 && kazi_registry_sees_person(db, actor, pid) &&
                kazi_store_person_get(&holder, db, pid) == KAZI_OK;
    int rc = named ? kazi_error_set(KAZI_EEXISTS, "position_id",
                                    "%s already holds this position; end that assignment first",
                                    kazi_words_person((char[200]){0}, 200, holder))
                   : kazi_error_set(KAZI_EEXISTS, "position_id",
                                    "The position already has a current holder; end that "
                                    "assignment first");
    json_decref(holder);
    return rc;
}

int kazi_registry_assignment_create_tx(json_t **out, kazi_db *db, const kazi_caller *actor,
                                       const json_t *in)
{
    json_t *person = NULL, *position = NULL, *row = NULL, *after = NULL;
    int64_t pid, posid, id;
    int rc = kazi_schema_check(kazi_schema_of("assignment"), in, KAZI_SCHEMA_CREATE);
    if (rc < 0) return rc;
    pid = json_integer_value(json_object_get(in, "person_id"));
    posid = json_integer_value(json_object_get(in, "position_id"));
    /* A past assignment may be recorded whole: end date and reason together. */
    const char *end = json_string_value(json_object_get(in, "end_date"));
    const char *why = json_string_value(json_object_get(in, "end_reason"));
    if (!end != !why)
        return kazi_error_set(KAZI_EINVALID, end ? "end_reason" : "end_date",
                              "The end date and the reason for ending go together");
    if (end && strcmp(end, json_string_value(json_object_get(in, "start_date"))) < 0)
        return kazi_error_set(KAZI_EINVALID, "end_date", "The end date is before the start date");
    json_t *pay = json_object_get(in, "pay_amount");
    const char *cur = json_string_value(json_object_get(in, "pay_currency"));
    if (pay && !json_is_null(pay) && !cur)
        return kazi_error_set(KAZI_EINVALID, "pay_currency",
                              "The pay currency is required with the pay");
    if ((rc = person_visible(&person, db, actor, pid)) < 0) {
        rc = kazi_error_set(KAZI_EINVALID, "person_id", "There is no such person in the register");
        goto done;
    }
    if (strcmp(json_string_value(json_object_get(person, "status")), "active")) {
        rc = kazi_error_set(KAZI_EINVALID, "person_id", "%s is not active in the register",
                            kazi_words_person((char[200]){0}, 200, person));
        goto done;
    }
    if ((rc = position_visible(&position, db, actor, posid)) < 0) {
        rc = kazi_error_set(KAZI_EINVALID, "position_id", "There is no such position");
        goto done;
    }
    row = json_deep_copy(in);
    if ((rc = kazi_store_assignment_insert(&id, db, row, kazi_clock_now_ms())) < 0) {
        if (rc == KAZI_EEXISTS) rc = taken_post(db, actor, posid);
        goto done;
    }
    if ((rc = kazi_store_assignment_get(&after, db, id)) < 0) goto done;
    if ((rc = audit(db, actor, "assignment.create", "assignment", id, NULL, after)) < 0) goto done;
    /* The person's own history shows the placement too. */
    if ((rc = audit(db, actor, "assignment.create", "person", pid, NULL, after)) < 0) goto done;
    *out = after;
    after = NULL;
done:
    json_decref(person);
    json_decref(position);
    json_decref(row);
    json_decref(after);
    return rc;
}

int kazi_registry_assignment_create(json_t **out, kazi_db *db, const kazi_caller *actor,
                                    const json_t *in)
{
    json_t *r = NULL;
    int rc = kazi_db_begin(db);
    if (rc < 0) return rc;
    rc = kazi_db_end(db, kazi_registry_assignment_create_tx(&r, db, actor, in));
    return take(out, r, rc);
}

static int assignment_visible(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t id)
{
    json_t *a, *pos = NULL;
    int rc = kazi_store_assignment_get(&a, db, id);
    if (rc < 0) return rc == KAZI_ENOTFOUND ? kazi_error_set(rc, "id", "no such assignment") : rc;
    rc = position_visible(&pos, db, actor, json_integer_value(json_object_get(a, "position_id")));
    json_decref(pos);
    if (rc < 0) {
        json_decref(a);
        return kazi_error_set(KAZI_ENOTFOUND, "id", "no such assignment");
    }
    *out = a;
    return KAZI_OK;
}

int kazi_registry_assignment_get(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t id)
{
    return assignment_visible(out, db, actor, id);
}

int kazi_registry_assignment_end_tx(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t id,
                                    const char *end_date, const char *reason)
{
    json_t *before = NULL, *after = NULL;
    int rc = assignment_visible(&before, db, actor, id); /* scope before the fields */
    if (rc < 0) return rc;
    if (!end_date || !kazi_registry_is_date(end_date)) {
        rc = kazi_error_set(KAZI_EINVALID, "end_date", "The end date must be a date (YYYY-MM-DD)");
        goto done;
    }
    json_t *tmp = json_pack("{s:s?}", "reason", reason);
    rc = enum_field(tmp, "reason",
                    kazi_schema_field(kazi_schema_of("assignment"), "end_reason")->options);
    json_decref(tmp);
    if (rc < 0) goto done;
    if (!json_is_null(json_object_get(before, "end_date"))) {
        rc = kazi_error_set(KAZI_ECONFLICT, "end_date", "the assignment has already ended");
        goto done;
    }
    if (strcmp(end_date, json_string_value(json_object_get(before, "start_date"))) < 0) {
        rc = kazi_error_set(KAZI_EINVALID, "end_date", "The end date is before the start date");
        goto done;
    }
    if ((rc = kazi_store_assignment_end(db, id, end_date, reason, kazi_clock_now_ms())) < 0)
        goto done;
    if ((rc = kazi_store_assignment_get(&after, db, id)) < 0) goto done;
    if ((rc = audit(db, actor, "assignment.end", "assignment", id, before, after)) < 0) goto done;
    if ((rc = audit(db, actor, "assignment.end", "person",
                    json_integer_value(json_object_get(after, "person_id")), before, after)) < 0)
        goto done;
done:
    if (rc == KAZI_OK) {
        *out = after;
        after = NULL;
    }
    json_decref(before);
    json_decref(after);
    return rc;
}

int kazi_registry_assignment_end(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t id,
                                 const json_t *in)
{
    json_t *r = NULL;
    int rc = kazi_db_begin(db);
    if (rc < 0) return rc;
    /* A missing or non-text field reads as NULL: refused after the scope check. */
    rc = kazi_registry_assignment_end_tx(&r, db, actor, id,
                                         json_string_value(json_object_get(in, "end_date")),
                                         json_string_value(json_object_get(in, "reason")));
    rc = kazi_db_end(db, rc);
    return take(out, r, rc);
}

/* ---- lists ---------------------------------------------------------------------------- */

int kazi_registry_assignment_list(json_t **out, kazi_db *db, const kazi_caller *caller,
                                  int64_t person, int64_t position)
{
    json_t *seen;
    int rc = person ? kazi_registry_person_get(&seen, db, caller, person)
                    : kazi_registry_position_get(&seen, db, caller, position);
    if (rc < 0) return rc;
    json_decref(seen);
    return kazi_store_assignment_list(out, db, person, position);
}

int kazi_registry_org_filter(const char **lo, const char **hi, char *lobuf, char *hibuf,
                             kazi_db *db, const kazi_caller *caller, int64_t org_unit)
{
    *lo = *hi = NULL;
    if (!org_unit) return KAZI_OK;
    if (kazi_store_org_unit_path(lobuf, db, org_unit, "org_unit") < 0 ||
        !kazi_caller_sees(caller, lobuf))
        return kazi_error_set(KAZI_EINVALID, "org_unit", "There is no org unit with id %lld",
                              (long long)org_unit);
    kazi_store_subtree_end(hibuf, lobuf);
    *lo = lobuf;
    *hi = hibuf;
    return KAZI_OK;
}

static void public_items(json_t *page, const char *entity)
{
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(page, "items"), i, x) kazi_registry_public(x, entity);
}

/* A cadre's name in the request's language, else as the catalogue shows it (its first
 * language, then English); the id when the configuration does not declare it. */
static const char *cadre_label(const json_t *cadres, const char *id)
{
    const json_t *c = kazi_json_find_id(cadres, id);
    const char *s = c ? kazi_words_pick(json_object_get(c, "names")) : NULL;
    if (!s && c) s = json_string_value(json_object_get(c, "name"));
    return s ? s : id;
}

/* A post's title and cadre are what positions.read shows, so a caller without it (a
 * supervisor) is shown only the village of each person in a list. */
static int shows_posts(const kazi_caller *caller)
{
    return !caller || caller->kind == KAZI_CALLER_CLI || !caller->role[0] ||
           kazi_role_has(caller->role, "positions.read");
}

/* The names a page of people is shown with (post, cadre, where they live): one bounded
 * store query for the page, so a list needs no request per row. */
static int name_rows(json_t *items, kazi_db *db, const kazi_caller *caller)
{
    int rc = kazi_store_person_names(items, db);
    if (rc < 0) return rc;
    size_t i;
    json_t *x;
    if (!shows_posts(caller)) {
        json_array_foreach(items, i, x)
        {
            json_object_del(x, "position_title");
            json_object_del(x, "cadre");
        }
        return KAZI_OK;
    }
    json_t *cadres = NULL;
    const kazi_registry_catalogue *cat = kazi_registry_catalogue_get();
    json_array_foreach(items, i, x)
    {
        const char *cadre = json_string_value(json_object_get(x, "cadre"));
        if (!cadre) {
            json_object_set_new(x, "cadre_name", json_null());
            continue;
        }
        if (!cadres && (rc = cat->cadres(cat->ctx, &cadres)) < 0) return rc;
        json_object_set_new(x, "cadre_name", json_string(cadre_label(cadres, cadre)));
    }
    json_decref(cadres);
    return KAZI_OK;
}

/* What a search checks and sets before reading: the status is one the person table
 * declares, the org_unit filter a unit the caller sees, and q->place the unit whose
 * people are read. */
static int search_setup(kazi_person_query *q, char *lo, char *hi, kazi_db *db,
                        const kazi_caller *caller, int64_t org_unit)
{
    int rc = KAZI_OK;
    if (q->status) { /* one of the statuses the person table declares */
        json_t *tmp = json_pack("{s:s}", "status", q->status);
        rc = enum_field(tmp, "status",
                        kazi_schema_field(kazi_schema_of(KAZI_ENTITY_PERSON), "status")->options);
        json_decref(tmp);
    }
    const char *org_lo, *org_hi;
    if (rc < 0 ||
        (rc = kazi_registry_org_filter(&org_lo, &org_hi, lo, hi, db, caller, org_unit)) < 0)
        return rc;
    /* The people of one unit, in name order, from person_place: the org_unit filter (a
     * unit the caller sees, so inside their scope) or else a scoped caller's own unit. A
     * page then reads about its own rows at any register size. */
    q->place = org_unit ? org_unit : caller ? caller->scope_org_unit_id : 0;
    return KAZI_OK;
}

int kazi_registry_person_search(json_t **out, kazi_db *db, const kazi_caller *caller,
                                kazi_person_query *q, int64_t org_unit)
{
    char lo[KAZI_PATH_MAX], hi[KAZI_PATH_MAX];
    int rc = search_setup(q, lo, hi, db, caller, org_unit);
    if (rc < 0 || (rc = kazi_store_person_search(out, db, q)) < 0) return rc;
    public_items(*out, KAZI_ENTITY_PERSON);
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(*out, "items"), i, x) hide_outside_duplicate(x, db, caller);
    if ((rc = name_rows(json_object_get(*out, "items"), db, caller)) < 0) {
        json_decref(*out);
        *out = NULL;
    }
    return rc;
}

/* The text path's state: per person of the page (by place), the names written ahead
 * (names.data + from[i], len[i]; none when named[i] is 0) and whether the current
 * row's duplicate flag is hidden. */
typedef struct page_text {
    kazi_db *db;
    const kazi_caller *caller;
    const int64_t *ids;
    int n, posts, hide;
    kazi_buf names;
    size_t from[501], len[501];
    char named[501];
    json_t *cadres; /* the catalogue's, read at the first person with a cadre */
    /* column_text's answers by column name: SQLite gives every row of a statement the
     * same name pointers, so the schema is looked up once per column, not per row */
    const char *cols[32];
    signed char how[32]; /* KAZI_ROW_*, or -1 for review_duplicate_of */
    int ncols;
} page_text;

static int names_member(kazi_buf *b, const char *key, const char *value)
{
    int rc = kazi_buf_append(b, key, strlen(key));
    if (rc == KAZI_OK)
        rc = value ? kazi_buf_json_string(b, value, strlen(value)) : kazi_buf_append(b, "null", 4);
    return rc;
}

/* One person's names as name_rows adds them to the tree, as members. */
static int names_text(void *ctx, const kazi_person_names *names)
{
    page_text *t = ctx;
    int i = 0;
    while (i < t->n && (t->ids[i] != names->id || t->named[i]))
        i++;
    if (i == t->n) return KAZI_OK;
    t->from[i] = t->names.len;
    int rc = names_member(&t->names, ",\"residence_name\":", names->residence_name);
    if (rc == KAZI_OK && t->posts) {
        const kazi_registry_catalogue *cat = kazi_registry_catalogue_get();
        if (names->cadre && !t->cadres && (rc = cat->cadres(cat->ctx, &t->cadres)) < 0) return rc;
        if ((rc = names_member(&t->names, ",\"position_title\":", names->position_title)) ==
                KAZI_OK &&
            (rc = names_member(&t->names, ",\"cadre\":", names->cadre)) == KAZI_OK)
            rc = names_member(&t->names, ",\"cadre_name\":",
                              names->cadre ? cadre_label(t->cadres, names->cadre) : NULL);
    }
    t->len[i] = t->names.len - t->from[i];
    t->named[i] = 1;
    return rc;
}

/* Before a person's row: a likely duplicate outside the caller's scope is not named
 * (hide_outside_duplicate). */
static int row_text(void *ctx, int i, const kazi_person_where *where)
{
    (void)i;
    page_text *t = ctx;
    t->hide = where->review_duplicate_of &&
              !kazi_registry_sees_person(t->db, t->caller, where->review_duplicate_of);
    return KAZI_OK;
}

/* The person table's output fields (kazi_registry_public), the flag nulled when hidden. */
static int column_text(void *ctx, const char *name)
{
    page_text *t = ctx;
    int k = 0;
    while (k < t->ncols && t->cols[k] != name)
        k++;
    int how;
    if (k < t->ncols) {
        how = t->how[k];
    } else {
        const kazi_field *f = kazi_schema_field(kazi_schema_of(KAZI_ENTITY_PERSON), name);
        how = !f || !(f->flags & KAZI_FIELD_OUTPUT)  ? KAZI_ROW_SKIP
              : !strcmp(name, "review_duplicate_of") ? -1
                                                     : KAZI_ROW_KEEP;
        if (t->ncols < (int)(sizeof t->cols / sizeof t->cols[0])) {
            t->cols[t->ncols] = name;
            t->how[t->ncols++] = (signed char)how;
        }
    }
    return how >= 0 ? how : t->hide ? KAZI_ROW_NULL : KAZI_ROW_KEEP;
}

/* After a person's columns: the hidden flag's mark, then their names. */
static int extra_text(void *ctx, kazi_buf *b, int i)
{
    page_text *t = ctx;
    static const char outside[] = ",\"review_duplicate_outside\":true",
                      no_cadre[] = ",\"cadre_name\":null";
    int rc = t->hide ? kazi_buf_append(b, outside, sizeof outside - 1) : KAZI_OK;
    if (rc == KAZI_OK && t->named[i])
        rc = kazi_buf_append(b, t->names.data + t->from[i], t->len[i]);
    else if (rc == KAZI_OK && t->posts) /* not named (gone meanwhile): as name_rows */
        rc = kazi_buf_append(b, no_cadre, sizeof no_cadre - 1);
    return rc;
}

int kazi_registry_person_search_text(kazi_buf *out, kazi_db *db, const kazi_caller *caller,
                                     kazi_person_query *q, int64_t org_unit)
{
    char lo[KAZI_PATH_MAX], hi[KAZI_PATH_MAX];
    kazi_person_page page;
    int rc = search_setup(q, lo, hi, db, caller, org_unit);
    if (rc < 0 || (rc = kazi_store_person_page(&page, db, q)) < 0) return rc;
    page_text *t = malloc(sizeof *t);
    if (!t) return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    *t = (page_text){
        .db = db, .caller = caller, .ids = page.ids, .n = page.n, .posts = shows_posts(caller)};
    kazi_person_text_ops ops = {row_text, column_text, extra_text, t};
    size_t start = out->len;
    char tail[80];
    if (page.next)
        snprintf(tail, sizeof tail, "],\"total\":%lld,\"next\":%lld}", (long long)page.total,
                 (long long)page.next);
    else
        snprintf(tail, sizeof tail, "],\"total\":%lld,\"next\":null}", (long long)page.total);
    if ((rc = kazi_store_person_names_each(db, page.ids, (size_t)page.n, names_text, t)) ==
            KAZI_OK &&
        (rc = kazi_buf_append(out, "{\"items\":[", 10)) == KAZI_OK &&
        (rc = kazi_store_people_text(out, db, page.ids, page.n, &ops)) == KAZI_OK)
        rc = kazi_buf_append(out, tail, strlen(tail));
    if (rc < 0) out->len = start;
    json_decref(t->cadres);
    free(t->names.data);
    free(t);
    return rc;
}

int kazi_registry_position_search(json_t **out, kazi_db *db, const kazi_caller *caller,
                                  kazi_position_query *q, int64_t org_unit)
{
    char lo[KAZI_PATH_MAX], hi[KAZI_PATH_MAX];
    int rc = kazi_registry_org_filter(&q->org_lo, &q->org_hi, lo, hi, db, caller, org_unit);
    if (rc < 0) return rc;
    if (!kazi_caller_is_national(caller)) /* national: no range, so the planner keeps its index */
        kazi_caller_scope_range(caller, &q->scope_lo, &q->scope_hi);
    if ((rc = kazi_store_position_search(out, db, q)) == KAZI_OK)
        public_items(*out, KAZI_ENTITY_POSITION);
    return rc;
}
