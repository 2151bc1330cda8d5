#include "domain/support.h"
#include "domain/audit.h"
#include "domain/schema.h"
#include "store/support.h"
#include "util/clock.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int kazi_support_audit(kazi_db *db, const kazi_caller *c, const char *action, const char *type,
                       int64_t id, const json_t *before, const json_t *after)
{
    kazi_audit_ctx ctx;
    kazi_caller_audit(&ctx, c);
    char idbuf[32];
    snprintf(idbuf, sizeof idbuf, "%lld", (long long)id);
    return kazi_audit_append(db, &ctx, action, type, idbuf, before, after);
}

int kazi_support_is_period(const char *s)
{
    if (!s || strlen(s) != 7 || s[4] != '-') return 0;
    for (int i = 0; i < 7; i++)
        if (i != 4 && (s[i] < '0' || s[i] > '9')) return 0;
    int month = atoi(s + 5);
    return s[0] >= '1' && s[0] <= '2' && month >= 1 && month <= 12;
}

int kazi_support_person_visible(kazi_db *db, const kazi_caller *c, int64_t person_id)
{
    json_t *p;
    int rc = kazi_registry_person_get(&p, db, c, person_id);
    if (rc < 0) return kazi_error_set(KAZI_ENOTFOUND, NULL, "no such person");
    json_decref(p);
    if (!c->own_supervisees) return KAZI_OK;
    int yes = 0;
    if (c->person_id > 0 && (rc = kazi_store_supervises(&yes, db, c->person_id, person_id)) < 0)
        return rc;
    if (!yes) return kazi_error_set(KAZI_ENOTFOUND, NULL, "no such person");
    return KAZI_OK;
}

int kazi_support_body_person(kazi_db *db, const kazi_caller *c, int64_t id, const char *field)
{
    if (kazi_support_person_visible(db, c, id) < 0)
        return kazi_error_set(KAZI_EINVALID, field, "There is no such person in the register");
    return KAZI_OK;
}

int kazi_support_check(const char *entity, const json_t *in)
{
    return kazi_schema_check(kazi_schema_of(entity), in, KAZI_SCHEMA_CREATE);
}

json_t *kazi_support_output(const char *entity, json_t *record)
{
    const kazi_schema *s = kazi_schema_of(entity);
    if (json_is_array(record)) {
        size_t i;
        json_t *r;
        json_array_foreach(record, i, r) kazi_schema_output(s, r);
    } else if (record) {
        kazi_schema_output(s, record);
    }
    return record;
}

int kazi_support_store(json_t **out, kazi_db *db, const kazi_caller *c, json_t *row,
                       kazi_support_complete_fn complete, kazi_support_insert_fn insert,
                       const char *type, const char *entity)
{
    int64_t id, now = kazi_clock_now_ms();
    int rc = kazi_db_begin(db);
    if (rc < 0) {
        json_decref(row);
        return rc;
    }
    if (!complete || (rc = complete(row, db)) == KAZI_OK) rc = insert(&id, db, row, now);
    if (rc == KAZI_OK) {
        char action[64], at[40];
        json_object_set_new(row, "id", json_integer(id));
        kazi_clock_format(at, sizeof at, now);
        json_object_set_new(row, "created_at", json_string(at));
        snprintf(action, sizeof action, "%s.create", type);
        rc = kazi_support_audit(db, c, action, type, id, NULL, row);
    }
    if ((rc = kazi_db_end(db, rc)) < 0) {
        json_decref(row);
        return rc;
    }
    *out = kazi_support_output(entity, row);
    return KAZI_OK;
}

int kazi_support_activity_create(json_t **out, kazi_db *db, const kazi_caller *c, const json_t *in)
{
    int rc = kazi_support_check("support_activity", in);
    if (rc < 0) return rc;
    int64_t person = json_integer_value(json_object_get(in, "person_id"));
    if ((rc = kazi_support_body_person(db, c, person, "person_id")) < 0) return rc;
    const json_t *note = json_object_get(in, "note");
    json_t *row = json_pack("{s:I,s:O,s:O,s:O}", "person_id", (json_int_t)person, "kind",
                            json_object_get(in, "kind"), "activity_date",
                            json_object_get(in, "activity_date"), "note",
                            json_string_length(note) ? note : json_null());
    return kazi_support_store(out, db, c, row, NULL, kazi_store_support_insert, "support_activity",
                              "support_activity");
}

int kazi_support_activity_list(json_t **out, kazi_db *db, const kazi_caller *c, int64_t person_id)
{
    int rc = kazi_support_person_visible(db, c, person_id);
    if (rc < 0 || (rc = kazi_store_support_list(out, db, person_id)) < 0) return rc;
    kazi_support_output("support_activity", *out);
    return KAZI_OK;
}

int kazi_support_user_person(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t user_id,
                             int64_t person_id)
{
    int rc;
    if (person_id) {
        json_t *p;
        if (kazi_registry_person_get(&p, db, actor, person_id) < 0)
            return kazi_error_set(KAZI_EINVALID, "person_id",
                                  "There is no such person in the register");
        json_decref(p);
    }
    if ((rc = kazi_db_begin(db)) < 0) return rc;
    rc = kazi_store_user_person_set(db, user_id, person_id);
    json_t *after =
        json_pack("{s:I,s:I}", "user_id", (json_int_t)user_id, "person_id", (json_int_t)person_id);
    if (rc == KAZI_OK)
        rc = kazi_support_audit(db, actor, "user.person", "user", user_id, NULL, after);
    if ((rc = kazi_db_end(db, rc)) < 0) {
        json_decref(after);
        return rc;
    }
    *out = after;
    return KAZI_OK;
}
