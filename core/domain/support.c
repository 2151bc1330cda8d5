#include "domain/support.h"
#include "domain/schema.h"
#include "domain/audit.h"
#include "lua/runtime.h"
#include "store/registry.h"
#include "store/support.h"
#include "util/clock.h"
#include "util/csv.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <stdarg.h>

/* ---- helpers ------------------------------------------------------------------------ */

/* A JSON string's text, or "" for anything else. */
static const char *text_of(const json_t *v)
{
    const char *s = json_string_value(v);
    return s ? s : "";
}

static int audit(kazi_db *db, const kazi_caller *a, const char *action, const char *type,
                 int64_t id, const json_t *before, const json_t *after)
{
    kazi_audit_ctx ctx;
    kazi_caller_audit(&ctx, a);
    char idbuf[32];
    snprintf(idbuf, sizeof idbuf, "%lld", (long long)id);
    return kazi_audit_append(db, &ctx, action, type, idbuf, before, after);
}

static int is_period(const char *s)
{
    return s && strlen(s) == 7 && s[4] == '-' && s[0] >= '1' && s[0] <= '2' &&
           strspn(s, "0123456789-") == 7 && s[0] != '-' && atoi(s + 5) >= 1 && atoi(s + 5) <= 12 &&
           s[5] != '-' && s[6] != '-';
}

/* Date `days` before today (injected clock) as YYYY-MM-DD. */
static void days_ago(char *buf, size_t size, int64_t days)
{
    time_t t = (time_t)(kazi_clock_now_ms() / 1000 - days * 86400);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, size, "%Y-%m-%d", &tm);
}

static int64_t day_number(const char *d)
{
    struct tm tm = {0};
    if (!kazi_registry_is_date(d)) return 0;
    tm.tm_year = atoi(d) - 1900;
    tm.tm_mon = atoi(d + 5) - 1;
    tm.tm_mday = atoi(d + 8);
    return (int64_t)(timegm(&tm) / 86400);
}

/* A required/optional text field of at most max characters, no control characters. */
static int text(const char **out, const json_t *in, const char *field, int required, size_t max)
{
    const json_t *v = json_object_get(in, field);
    *out = NULL;
    if (!v || json_is_null(v)) {
        if (required) return kazi_error_set(KAZI_EINVALID, field, "%s is required", field);
        return KAZI_OK;
    }
    if (!json_is_string(v)) return kazi_error_set(KAZI_EINVALID, field, "%s must be text", field);
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    int rc = kazi_schema_text(field, s, n, max, 1); /* the one text rule (domain/schema) */
    if (rc < 0) return rc;
    if (required && !n) return kazi_error_set(KAZI_EINVALID, field, "%s is required", field);
    *out = n ? s : NULL;
    return KAZI_OK;
}

static int one_of(const char **out, const json_t *in, const char *field, const char *const *allowed)
{
    int rc = text(out, in, field, 1, 40);
    if (rc < 0) return rc;
    char list[200] = "";
    for (const char *const *a = allowed; *a; a++) {
        if (!strcmp(*a, *out)) return KAZI_OK;
        size_t n = strlen(list);
        snprintf(list + n, sizeof list - n, "%s%s", n ? ", " : "", *a);
    }
    return kazi_error_set(KAZI_EINVALID, field, "%s must be one of %s", field, list);
}

static int date_field(const char **out, const json_t *in, const char *field, int required,
                      int not_future)
{
    int rc = text(out, in, field, required, 10);
    if (rc < 0 || !*out) return rc;
    if (!kazi_registry_is_date(*out))
        return kazi_error_set(KAZI_EINVALID, field, "%s must be a date (YYYY-MM-DD)", field);
    char today[16];
    kazi_registry_today(today, sizeof today);
    if (not_future && strcmp(*out, today) > 0)
        return kazi_error_set(KAZI_EINVALID, field, "%s cannot be in the future", field);
    return KAZI_OK;
}

static int id_field(int64_t *out, const json_t *in, const char *field, int required)
{
    const json_t *v = json_object_get(in, field);
    *out = 0;
    if (!v || json_is_null(v)) {
        if (required) return kazi_error_set(KAZI_EINVALID, field, "%s is required", field);
        return KAZI_OK;
    }
    if (!json_is_integer(v) || json_integer_value(v) < 1)
        return kazi_error_set(KAZI_EINVALID, field, "%s must be a positive whole number", field);
    *out = json_integer_value(v);
    return KAZI_OK;
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

/* A person named in a request body: invisible ones are "no person with id" (422). */
static int body_person(kazi_db *db, const kazi_caller *c, int64_t id, const char *field)
{
    if (kazi_support_person_visible(db, c, id) < 0)
        return kazi_error_set(KAZI_EINVALID, field, "%s: no person with id %lld", field,
                              (long long)id);
    return KAZI_OK;
}

/* Finish a write: commit and return the record, or roll back. */
static int finish(kazi_db *db, int rc)
{
    if (rc < 0) {
        kazi_db_rollback(db);
        return rc;
    }
    return kazi_db_commit(db);
}

static const json_t *catalogue_of(kazi_lua_gen **pinned)
{
    *pinned = kazi_lua_current();
    return *pinned ? kazi_lua_gen_catalogue(*pinned) : NULL;
}

static const json_t *supervision_decl(const json_t *cat, const char *cadre)
{
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(cat, "supervision"), i, e)
    {
        const char *x = json_string_value(json_object_get(e, "cadre"));
        if (x && cadre && !strcmp(x, cadre)) return e;
    }
    return NULL;
}

/* ---- supervision -------------------------------------------------------------------- */

static json_t *dossier(kazi_db *db, int64_t person, const json_t *posts)
{
    json_t *cadres = json_array(), *levels = json_array();
    size_t i;
    json_t *x;
    json_array_foreach(posts, i, x)
    {
        json_array_append(cadres, json_object_get(x, "cadre"));
        json_array_append(levels, json_object_get(x, "level"));
    }
    const json_t *first = json_array_get(posts, 0);
    int64_t minutes = 0;
    kazi_store_supervised_minutes(&minutes, db, person, NULL);
    json_t *d = json_pack("{s:I,s:o,s:o,s:I}", "person_id", (json_int_t)person, "cadres", cadres,
                          "levels", levels, "supervised_minutes", (json_int_t)minutes);
    if (first) {
        json_object_set(d, "cadre", json_object_get(first, "cadre"));
        json_object_set(d, "level", json_object_get(first, "level"));
        json_object_set(d, "engagement", json_object_get(first, "engagement"));
    }
    return d;
}

/* The one answer for a supervisor the caller may not learn about. */
static int no_supervisor(int64_t sup)
{
    return kazi_error_set(KAZI_EINVALID, "supervisor_person_id",
                          "supervisor_person_id: no person with id %lld", (long long)sup);
}

int kazi_support_supervision_create(json_t **out, kazi_db *db, const kazi_caller *c,
                                    const json_t *in)
{
    static const char *const types[] = {"individual", "group", "job_sharing", "shadowing", NULL};
    int64_t person, sup;
    const char *type, *start, *end;
    int rc;
    if ((rc = id_field(&person, in, "person_id", 1)) < 0 ||
        (rc = id_field(&sup, in, "supervisor_person_id", 1)) < 0 ||
        (rc = one_of(&type, in, "type", types)) < 0 ||
        (rc = date_field(&start, in, "start_date", 1, 0)) < 0 ||
        (rc = date_field(&end, in, "end_date", 0, 0)) < 0)
        return rc;
    if (end && strcmp(end, start) < 0)
        return kazi_error_set(KAZI_EINVALID, "end_date", "end_date is before start_date");
    if (person == sup)
        return kazi_error_set(KAZI_EINVALID, "supervisor_person_id",
                              "a worker cannot supervise themselves");
    if ((rc = body_person(db, c, person, "person_id")) < 0) return rc;
    if (c->own_supervisees && sup != c->person_id)
        return kazi_error_set(KAZI_EINVALID, "supervisor_person_id",
                              "a supervisor assigns supervisees to themselves only");
    json_t *sp;
    /* A supervisor may sit above the caller's subtree (looked up as the system, NULL).
     * Outside the scope, every refusal about the supervisor reads like absence. */
    int outside = kazi_registry_person_get(&sp, db, c, sup) < 0;
    if (outside && kazi_registry_person_get(&sp, db, NULL, sup) < 0) return no_supervisor(sup);
    int active = !strcmp(text_of(json_object_get(sp, "status")), "active");
    json_decref(sp);
    if (!active && outside) return no_supervisor(sup);
    if (!active)
        return kazi_error_set(KAZI_EINVALID, "supervisor_person_id",
                              "the supervisor is not active in the register");
    json_t *wposts = NULL, *sposts = NULL, *decision = NULL, *rec = NULL;
    if ((rc = kazi_store_person_posts(&wposts, db, person)) < 0) goto done;
    if ((rc = kazi_store_person_posts(&sposts, db, sup)) < 0) goto done;
    if (!json_array_size(wposts)) {
        rc = kazi_error_set(KAZI_EINVALID, "person_id",
                            "the worker holds no current post (assignment), so no cadre decides "
                            "who may supervise them");
        goto done;
    }
    int64_t dup;
    if ((rc = kazi_store_supervision_current(&dup, db, person, sup)) < 0) goto done;
    if (dup && !end) {
        rc = kazi_error_set(KAZI_EEXISTS, "supervisor_person_id",
                            "this supervisor already supervises this worker");
        goto done;
    }
    const char *cadre = json_string_value(json_object_get(json_array_get(wposts, 0), "cadre"));
    json_t *wd = dossier(db, person, wposts), *sd = dossier(db, sup, sposts);
    rc = kazi_lua_supervision_check(&decision, NULL, cadre, wd, sd);
    json_decref(wd);
    json_decref(sd);
    if (rc == KAZI_EBUSY) rc = KAZI_OK; /* no configuration loaded: nothing to check */
    if (rc < 0) goto done;
    if (decision && !json_is_true(json_object_get(decision, "allowed"))) {
        rc = outside ? no_supervisor(sup)
                     : kazi_error_set(KAZI_EINVALID, "supervisor_person_id", "%s",
                                      json_string_value(json_object_get(decision, "reason")));
        goto done;
    }
    json_t *row = json_pack("{s:I,s:I,s:s,s:s,s:s?,s:O?}", "person_id", (json_int_t)person,
                            "supervisor_person_id", (json_int_t)sup, "type", type, "start_date",
                            start, "end_date", end, "config_source",
                            decision ? json_object_get(decision, "source") : NULL);
    int64_t id;
    if ((rc = kazi_db_begin(db)) < 0) {
        json_decref(row);
        goto done;
    }
    rc = kazi_store_supervision_insert(&id, db, row, kazi_clock_now_ms());
    json_decref(row);
    if (rc == KAZI_OK && (rc = kazi_store_supervision_get(&rec, db, id)) == KAZI_OK) {
        json_object_del(rec, "org_path");
        rc = audit(db, c, "supervision.create", "supervision", id, NULL, rec);
    }
    if ((rc = finish(db, rc)) < 0) goto done;
    *out = rec;
    rec = NULL;
done:
    json_decref(rec);
    json_decref(wposts);
    json_decref(sposts);
    json_decref(decision);
    return rc;
}

/* The supervision if the caller may see its worker (else 404). */
static int supervision_visible(json_t **out, kazi_db *db, const kazi_caller *c, int64_t id)
{
    json_t *s;
    int rc = kazi_store_supervision_get(&s, db, id);
    if (rc < 0) return rc;
    int64_t person = json_integer_value(json_object_get(s, "person_id"));
    if ((rc = kazi_support_person_visible(db, c, person)) < 0) {
        json_decref(s);
        return kazi_error_set(KAZI_ENOTFOUND, NULL, "no such supervision");
    }
    json_object_del(s, "org_path");
    *out = s;
    return KAZI_OK;
}

int kazi_support_supervision_get(json_t **out, kazi_db *db, const kazi_caller *c, int64_t id)
{
    return supervision_visible(out, db, c, id);
}

int kazi_support_supervision_end(json_t **out, kazi_db *db, const kazi_caller *c, int64_t id,
                                 const json_t *in)
{
    json_t *before, *after = NULL;
    int rc = supervision_visible(&before, db, c, id);
    if (rc < 0) return rc;
    const char *end, *reason;
    if ((rc = date_field(&end, in, "end_date", 1, 0)) < 0 ||
        (rc = text(&reason, in, "reason", 0, 200)) < 0)
        goto done;
    if (!json_is_null(json_object_get(before, "end_date")) && json_object_get(before, "end_date")) {
        rc = kazi_error_set(KAZI_EINVALID, "end_date", "this supervision has already ended");
        goto done;
    }
    if (strcmp(end, json_string_value(json_object_get(before, "start_date"))) < 0) {
        rc = kazi_error_set(KAZI_EINVALID, "end_date", "end_date is before start_date");
        goto done;
    }
    if ((rc = kazi_db_begin(db)) < 0) goto done;
    rc = kazi_store_supervision_end(db, id, end, reason, kazi_clock_now_ms());
    if (rc == KAZI_OK && (rc = kazi_store_supervision_get(&after, db, id)) == KAZI_OK) {
        json_object_del(after, "org_path");
        rc = audit(db, c, "supervision.end", "supervision", id, before, after);
    }
    if ((rc = finish(db, rc)) < 0) goto done;
    *out = after;
    after = NULL;
done:
    json_decref(before);
    json_decref(after);
    return rc;
}

/* Keep only the rows whose worker (field "person_id") the caller may see. */
static int filter_visible(json_t *rows, kazi_db *db, const kazi_caller *c)
{
    for (size_t i = json_array_size(rows); i-- > 0;) {
        json_t *r = json_array_get(rows, i);
        if (kazi_support_person_visible(db, c,
                                        json_integer_value(json_object_get(r, "person_id"))) < 0)
            json_array_remove(rows, i);
        else
            json_object_del(r, "org_path");
    }
    kazi_error_clear();
    return KAZI_OK;
}

int kazi_support_supervision_list(json_t **out, kazi_db *db, const kazi_caller *c,
                                  int64_t person_id, int64_t supervisor_id)
{
    int rc;
    if (!person_id && !supervisor_id)
        return kazi_error_set(KAZI_EINVALID, "person_id", "give person_id or supervisor_id");
    if (person_id && (rc = kazi_support_person_visible(db, c, person_id)) < 0) return rc;
    if ((rc = kazi_store_supervision_list(out, db, person_id, supervisor_id)) < 0) return rc;
    return filter_visible(*out, db, c);
}

/* ---- sessions ----------------------------------------------------------------------- */

int kazi_support_session_create(json_t **out, kazi_db *db, const kazi_caller *c, const json_t *in)
{
    static const char *const modes[] = {"in_person", "phone", "video", "field_visit", NULL};
    int64_t person, sup, minutes;
    const char *date, *mode, *topics, *follow;
    int rc;
    if ((rc = id_field(&person, in, "person_id", 1)) < 0 ||
        (rc = id_field(&sup, in, "supervisor_person_id", 0)) < 0 ||
        (rc = date_field(&date, in, "session_date", 1, 1)) < 0 ||
        (rc = kazi_json_int(&minutes, in, "duration_minutes", 1, 1, 1440)) < 0 ||
        (rc = one_of(&mode, in, "mode", modes)) < 0 ||
        (rc = text(&topics, in, "topics", 0, 2000)) < 0 ||
        (rc = text(&follow, in, "follow_up", 0, 2000)) < 0)
        return rc;
    if (!sup) sup = c->person_id;
    if (!sup)
        return kazi_error_set(KAZI_EINVALID, "supervisor_person_id",
                              "supervisor_person_id is required (your account is not linked to "
                              "a person)");
    if (c->own_supervisees && sup != c->person_id)
        return kazi_error_set(KAZI_EINVALID, "supervisor_person_id",
                              "a supervisor records their own sessions only");
    if (sup == person)
        return kazi_error_set(KAZI_EINVALID, "supervisor_person_id",
                              "a worker cannot supervise themselves");
    if ((rc = body_person(db, c, person, "person_id")) < 0) return rc;
    int64_t n;
    if ((rc = kazi_store_supervision_current(&n, db, person, sup)) < 0) return rc;
    if (!n)
        return kazi_error_set(KAZI_EINVALID, "supervisor_person_id",
                              "person %lld is not currently supervised by person %lld: assign "
                              "the supervisor first",
                              (long long)person, (long long)sup);
    json_t *row =
        json_pack("{s:I,s:I,s:s,s:I,s:s,s:s?,s:s?}", "person_id", (json_int_t)person,
                  "supervisor_person_id", (json_int_t)sup, "session_date", date, "duration_minutes",
                  (json_int_t)minutes, "mode", mode, "topics", topics, "follow_up", follow);
    int64_t id;
    if ((rc = kazi_db_begin(db)) < 0) {
        json_decref(row);
        return rc;
    }
    rc = kazi_store_session_insert(&id, db, row, kazi_clock_now_ms());
    if (rc == KAZI_OK) {
        json_object_set_new(row, "id", json_integer(id));
        rc = audit(db, c, "supervision_session.create", "supervision_session", id, NULL, row);
    }
    if ((rc = finish(db, rc)) < 0) {
        json_decref(row);
        return rc;
    }
    *out = row;
    return KAZI_OK;
}

int kazi_support_session_list(json_t **out, kazi_db *db, const kazi_caller *c, int64_t person_id,
                              const char *since)
{
    int rc = kazi_support_person_visible(db, c, person_id);
    if (rc < 0) return rc;
    int64_t minutes;
    if ((rc = kazi_support_supervised_minutes(&minutes, db, person_id, since)) < 0) return rc;
    json_t *items;
    if ((rc = kazi_store_session_list(&items, db, person_id)) < 0) return rc;
    *out = json_pack("{s:o,s:I,s:s?}", "items", items, "supervised_minutes", (json_int_t)minutes,
                     "since", since);
    return KAZI_OK;
}

int kazi_support_supervised_minutes(int64_t *out, kazi_db *db, int64_t person_id, const char *since)
{
    if (since && !kazi_registry_is_date(since))
        return kazi_error_set(KAZI_EINVALID, "since", "since must be a date (YYYY-MM-DD)");
    return kazi_store_supervised_minutes(out, db, person_id, since);
}

/* ---- pay and support ---------------------------------------------------------------- */

typedef int (*insert_fn)(int64_t *out, kazi_db *db, const json_t *row, int64_t now_ms);

static int store_record(json_t **out, kazi_db *db, const kazi_caller *c, json_t *row, insert_fn fn,
                        const char *type)
{
    int64_t id;
    int rc = kazi_db_begin(db);
    if (rc < 0) {
        json_decref(row);
        return rc;
    }
    rc = fn(&id, db, row, kazi_clock_now_ms());
    if (rc == KAZI_OK) {
        json_object_set_new(row, "id", json_integer(id));
        char action[64];
        snprintf(action, sizeof action, "%s.create", type);
        rc = audit(db, c, action, type, id, NULL, row);
    }
    if ((rc = finish(db, rc)) < 0) {
        json_decref(row);
        return rc;
    }
    *out = row;
    return KAZI_OK;
}

int kazi_support_payment_create(json_t **out, kazi_db *db, const kazi_caller *c, const json_t *in)
{
    static const char *const kinds[] = {"payment",   "stipend",       "allowance",
                                        "materials", "reimbursement", NULL};
    int64_t person, funder;
    const char *kind, *period, *currency, *purpose, *paid_on;
    int rc;
    if ((rc = id_field(&person, in, "person_id", 1)) < 0 ||
        (rc = one_of(&kind, in, "kind", kinds)) < 0 || (rc = text(&period, in, "period", 1, 7)) < 0)
        return rc;
    if (!is_period(period))
        return kazi_error_set(KAZI_EINVALID, "period", "period must be a month (YYYY-MM)");
    const json_t *amount = json_object_get(in, "amount");
    if (!json_is_number(amount) || json_number_value(amount) < 0 ||
        json_number_value(amount) > 1e12)
        return kazi_error_set(KAZI_EINVALID, "amount",
                              "amount must be a number from 0 to 1000000000000");
    if ((rc = text(&currency, in, "currency", 1, 3)) < 0) return rc;
    if (strlen(currency) != 3 || strspn(currency, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != 3)
        return kazi_error_set(KAZI_EINVALID, "currency",
                              "currency must be a three-letter ISO 4217 code (e.g. TZS)");
    int needs_purpose = !strcmp(kind, "materials") || !strcmp(kind, "reimbursement");
    if ((rc = text(&purpose, in, "purpose", needs_purpose, 200)) < 0 ||
        (rc = id_field(&funder, in, "funder_id", 0)) < 0 ||
        (rc = date_field(&paid_on, in, "paid_on", 0, 1)) < 0)
        return rc;
    if (funder && kazi_store_organisation_exists(db, funder) != KAZI_OK)
        return kazi_error_set(KAZI_EINVALID, "funder_id", "funder_id: no organisation with id %lld",
                              (long long)funder);
    if ((rc = body_person(db, c, person, "person_id")) < 0) return rc;
    json_t *row = json_pack("{s:I,s:s,s:s,s:O,s:s,s:s?,s:s?}", "person_id", (json_int_t)person,
                            "kind", kind, "period", period, "amount", amount, "currency", currency,
                            "purpose", purpose, "paid_on", paid_on);
    json_object_set_new(row, "funder_id", funder ? json_integer(funder) : json_null());
    return store_record(out, db, c, row, kazi_store_payment_insert, "payment");
}

int kazi_support_payment_list(json_t **out, kazi_db *db, const kazi_caller *c, int64_t person_id)
{
    int rc = kazi_support_person_visible(db, c, person_id);
    if (rc < 0) return rc;
    return kazi_store_payment_list(out, db, person_id);
}

int kazi_support_activity_create(json_t **out, kazi_db *db, const kazi_caller *c, const json_t *in)
{
    static const char *const kinds[] = {"debriefing", "peer_support", "counselling", "wellness",
                                        NULL};
    int64_t person;
    const char *kind, *date, *note;
    int rc;
    if ((rc = id_field(&person, in, "person_id", 1)) < 0 ||
        (rc = one_of(&kind, in, "kind", kinds)) < 0 ||
        (rc = date_field(&date, in, "activity_date", 1, 1)) < 0 ||
        (rc = text(&note, in, "note", 0, 2000)) < 0)
        return rc;
    if ((rc = body_person(db, c, person, "person_id")) < 0) return rc;
    json_t *row = json_pack("{s:I,s:s,s:s,s:s?}", "person_id", (json_int_t)person, "kind", kind,
                            "activity_date", date, "note", note);
    return store_record(out, db, c, row, kazi_store_support_insert, "support_activity");
}

int kazi_support_activity_list(json_t **out, kazi_db *db, const kazi_caller *c, int64_t person_id)
{
    int rc = kazi_support_person_visible(db, c, person_id);
    if (rc < 0) return rc;
    return kazi_store_support_list(out, db, person_id);
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

int kazi_support_return_put(json_t **out, kazi_db *db, const kazi_caller *c, const json_t *in)
{
    int64_t person;
    const char *period;
    int rc;
    if ((rc = id_field(&person, in, "person_id", 1)) < 0 ||
        (rc = text(&period, in, "period", 1, 7)) < 0)
        return rc;
    if (!is_period(period))
        return kazi_error_set(KAZI_EINVALID, "period", "period must be a month (YYYY-MM)");
    const json_t *counts = json_object_get(in, "counts");
    if (!json_is_object(counts) || !json_object_size(counts))
        return kazi_error_set(KAZI_EINVALID, "counts",
                              "counts must be an object of activity id → count");
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
        if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 1000000) {
            rc = kazi_error_set(KAZI_EINVALID, field, "%s must be a whole number from 0 to 1000000",
                                field);
            break;
        }
    }
    kazi_lua_gen_unref(g);
    if (rc < 0) return rc;
    if ((rc = body_person(db, c, person, "person_id")) < 0) return rc;
    if ((rc = kazi_db_begin(db)) < 0) return rc;
    json_object_foreach((json_t *)counts, k, v)
    {
        if ((rc = kazi_store_return_put(db, person, period, k, json_integer_value(v),
                                        kazi_clock_now_ms())) < 0)
            break;
    }
    if (rc == KAZI_OK) rc = audit(db, c, "activity_return.put", "person", person, NULL, in);
    if ((rc = finish(db, rc)) < 0) return rc;
    return kazi_support_return_list(out, db, c, person, period);
}

int kazi_support_return_list(json_t **out, kazi_db *db, const kazi_caller *c, int64_t person_id,
                             const char *period)
{
    int rc = kazi_support_person_visible(db, c, person_id);
    if (rc < 0) return rc;
    if (period && !is_period(period))
        return kazi_error_set(KAZI_EINVALID, "period", "period must be a month (YYYY-MM)");
    json_t *items;
    if ((rc = kazi_store_return_list(&items, db, person_id, period)) < 0) return rc;
    *out = json_pack("{s:o}", "items", items);
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
    if (json_array_size(x->errors) < 200)
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
    if (json_array_size(x->rows) >= 100000) {
        import_error(x, row, 0, "file", "more than 100000 rows: split the file");
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
    if (!is_period(f[x->period_col])) {
        import_error(x, row, x->period_col + 1, "period", "period must be a month (YYYY-MM)");
        ok = 0;
    }
    json_t *counts = json_object();
    for (size_t i = 0; i < n; i++) {
        const char *act = json_string_value(json_array_get(x->header, i));
        if (!act || !f[i][0]) continue;
        long long v = strtoll(f[i], &end, 10);
        if (*end || v < 0 || v > 1000000) {
            import_error(x, row, (int)i + 1, act, "%s must be a whole number from 0 to 1000000",
                         act);
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

int kazi_support_returns_import(json_t **out, kazi_db *db, const kazi_caller *c, const char *csv,
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
        rc = audit(db, c, "activity_return.import", "activity_return", 0, NULL, summary);
        json_decref(summary);
    }
    size_t nrows = json_array_size(x.rows);
    json_decref(x.rows);
    if ((rc = finish(db, rc)) < 0) return rc;
    *out = json_pack("{s:b,s:I,s:I}", "ok", 1, "rows", (json_int_t)nrows, "counts",
                     (json_int_t)ncounts);
    return KAZI_OK;
}

/* ---- figures ------------------------------------------------------------------------ */

typedef struct {
    json_t *units; /* [{id,code,name,path}] */
    json_t *rows;  /* one object per unit, then the total last */
} table;

/* Index of the unit whose path prefixes `path`, or -1 (only the total counts it). */
static int unit_of(const table *t, const char *path)
{
    size_t i;
    json_t *u;
    json_array_foreach(t->units, i, u)
    {
        const char *p = json_string_value(json_object_get(u, "path"));
        if (path && p && !strncmp(path, p, strlen(p))) return (int)i;
    }
    return -1;
}

static void add(json_t *row, const char *key, double by)
{
    json_t *v = json_object_get(row, key);
    double cur = v ? json_number_value(v) : 0;
    if (by == (double)(json_int_t)by && cur == (double)(json_int_t)cur)
        json_object_set_new(row, key, json_integer((json_int_t)(cur + by)));
    else
        json_object_set_new(row, key, json_real(cur + by));
}

/* Add `by` to key in the row of the unit containing path and in the total. */
static void count(table *t, const char *path, const char *key, double by)
{
    int u = unit_of(t, path);
    if (u >= 0) add(json_array_get(t->rows, (size_t)u), key, by);
    add(json_array_get(t->rows, json_array_size(t->rows) - 1), key, by);
}

static void count_in(table *t, const char *path, const char *obj, const char *key, double by)
{
    int u = unit_of(t, path);
    json_t *rows[2] = {u >= 0 ? json_array_get(t->rows, (size_t)u) : NULL,
                       json_array_get(t->rows, json_array_size(t->rows) - 1)};
    for (int i = 0; i < 2; i++) {
        if (!rows[i]) continue;
        json_t *o = json_object_get(rows[i], obj);
        if (!o) {
            o = json_object();
            json_object_set_new(rows[i], obj, o);
        }
        add(o, key, by);
    }
}

/* Monthly equivalent of a kazi.pay minimum; < 0 when its period does not compare. */
static double monthly(const json_t *pay)
{
    const char *p = json_string_value(json_object_get(pay, "period"));
    double a = json_number_value(json_object_get(pay, "amount"));
    if (!p) return -1;
    if (!strcmp(p, "month")) return a;
    if (!strcmp(p, "year")) return a / 12;
    if (!strcmp(p, "week")) return a * 52 / 12;
    if (!strcmp(p, "day")) return a * 22;
    if (!strcmp(p, "hour")) return a * 176;
    return -1;
}

/* The monthly minimum for a worker's cadre, level and engagement (most specific
 * declaration); < 0 when none applies. Currency into cur. */
static double minimum_for(const json_t *cat, const json_t *w, const char **cur)
{
    size_t i;
    json_t *p;
    double best = -1;
    int best_score = -1;
    json_array_foreach(json_object_get(cat, "pay"), i, p)
    {
        const char *cadre = json_string_value(json_object_get(p, "cadre"));
        const char *eng = json_string_value(json_object_get(p, "engagement"));
        if (!cadre || strcmp(cadre, text_of(json_object_get(w, "cadre")))) continue;
        if (eng && strcmp(eng, text_of(json_object_get(w, "engagement")))) continue;
        int score = eng != NULL;
        double m = monthly(p);
        if (m >= 0 && score > best_score) {
            best = m;
            best_score = score;
            *cur = json_string_value(json_object_get(p, "currency"));
        }
    }
    return best;
}

/* Depth of the country level named `id` (country.levels), or dflt. */
static int level_depth(const json_t *cat, const char *id, int dflt)
{
    size_t i;
    json_t *l;
    json_array_foreach(json_object_get(json_object_get(cat, "country"), "levels"), i, l)
    {
        const char *x =
            json_is_string(l) ? json_string_value(l) : json_string_value(json_object_get(l, "id"));
        if (x && !strcmp(x, id)) return (int)i;
    }
    return dflt;
}

/* 1 when paths a and b share their ancestor at `depth` (both at least that deep). */
static int same_ancestor(const char *a, const char *b, int depth)
{
    if (!a || !b || depth < 0) return 0;
    size_t i = 0;
    int seen = 0;
    for (; a[i] && a[i] == b[i]; i++)
        if (a[i] == '/' && i > 0 && ++seen == depth + 1) return 1;
    return 0;
}

static int figures_supervision(table *t, kazi_db *db, const json_t *cat, const char *lo,
                               const char *hi)
{
    json_t *workers, *loads;
    int rc = kazi_store_support_rows(&workers, db, "workers", lo, hi, NULL);
    if (rc < 0) return rc;
    if ((rc = kazi_store_support_rows(&loads, db, "loads", lo, hi, NULL)) < 0) {
        json_decref(workers);
        return rc;
    }
    size_t i;
    json_t *w, *r;
    json_array_foreach(t->rows, i, r)
    {
        json_object_set_new(r, "workers", json_integer(0));
        json_object_set_new(r, "without_supervisor", json_integer(0));
        json_object_set_new(r, "no_recent_session", json_integer(0));
        json_object_set_new(r, "supervisors", json_integer(0));
        json_object_set_new(r, "supervisors_over_ratio", json_integer(0));
    }
    json_t *seen = json_object(); /* person_id → 1: a worker counts once */
    json_array_foreach(workers, i, w)
    {
        const char *cadre = json_string_value(json_object_get(w, "cadre"));
        const json_t *d = supervision_decl(cat, cadre);
        char key[32];
        snprintf(key, sizeof key, "%lld",
                 (long long)json_integer_value(json_object_get(w, "person_id")));
        if (!d || json_object_get(seen, key)) continue;
        json_object_set_new(seen, key, json_true());
        const char *path = json_string_value(json_object_get(w, "org_path"));
        count(t, path, "workers", 1);
        if (!json_integer_value(json_object_get(w, "supervisors")))
            count(t, path, "without_supervisor", 1);
        const json_t *every = json_object_get(d, "session_every_days");
        if (every) {
            char since[16];
            days_ago(since, sizeof since, (int64_t)json_number_value(every));
            const char *last = json_string_value(json_object_get(w, "last_session"));
            if (!last || strcmp(last, since) < 0) count(t, path, "no_recent_session", 1);
        }
    }
    /* Supervisors: their supervisee count against the smallest max_ratio of the
     * cadres they supervise; each counts once per unit where they have supervisees. */
    json_t *load = json_object(), *ratio = json_object(), *placed = json_object();
    json_array_foreach(loads, i, w)
    {
        char key[32];
        snprintf(key, sizeof key, "%lld",
                 (long long)json_integer_value(json_object_get(w, "supervisor")));
        add(load, key, 1);
        const json_t *d = supervision_decl(cat, json_string_value(json_object_get(w, "cadre")));
        const json_t *mr = d ? json_object_get(d, "max_ratio") : NULL;
        const json_t *cur = json_object_get(ratio, key);
        if (mr && (!cur || json_number_value(mr) < json_number_value(cur)))
            json_object_set_new(ratio, key, json_real(json_number_value(mr)));
    }
    json_array_foreach(loads, i, w)
    {
        char key[32], ukey[64];
        snprintf(key, sizeof key, "%lld",
                 (long long)json_integer_value(json_object_get(w, "supervisor")));
        const char *path = json_string_value(json_object_get(w, "org_path"));
        int u = unit_of(t, path);
        snprintf(ukey, sizeof ukey, "%s@%d", key, u);
        int over =
            json_object_get(ratio, key) && json_number_value(json_object_get(load, key)) >
                                               json_number_value(json_object_get(ratio, key));
        if (!json_object_get(placed, ukey)) {
            json_object_set_new(placed, ukey, json_true());
            if (u >= 0) {
                add(json_array_get(t->rows, (size_t)u), "supervisors", 1);
                if (over) add(json_array_get(t->rows, (size_t)u), "supervisors_over_ratio", 1);
            }
        }
        if (!json_object_get(placed, key)) {
            json_object_set_new(placed, key, json_true());
            json_t *total = json_array_get(t->rows, json_array_size(t->rows) - 1);
            add(total, "supervisors", 1);
            if (over) add(total, "supervisors_over_ratio", 1);
        }
    }
    json_array_foreach(t->rows, i, r)
    {
        json_int_t ws = json_integer_value(json_object_get(r, "workers")) -
                        json_integer_value(json_object_get(r, "without_supervisor"));
        json_int_t ss = json_integer_value(json_object_get(r, "supervisors"));
        json_object_set_new(r, "workers_per_supervisor",
                            ss ? json_real((double)ws / (double)ss) : json_null());
    }
    json_t *maxes = json_object();
    json_array_foreach(json_object_get(cat, "supervision"), i, w)
    {
        json_t *mr = json_object_get(w, "max_ratio");
        if (mr) json_object_set(maxes, json_string_value(json_object_get(w, "cadre")), mr);
    }
    json_object_set_new(json_array_get(t->rows, json_array_size(t->rows) - 1), "max_ratio", maxes);
    json_decref(seen);
    json_decref(load);
    json_decref(ratio);
    json_decref(placed);
    json_decref(workers);
    json_decref(loads);
    return KAZI_OK;
}

static int figures_pay(table *t, kazi_db *db, const json_t *cat, const char *lo, const char *hi,
                       const char *period)
{
    json_t *workers;
    int rc = kazi_store_support_rows(&workers, db, "workers", lo, hi, period);
    if (rc < 0) return rc;
    size_t i;
    json_t *w, *r;
    json_array_foreach(t->rows, i, r)
    {
        json_object_set_new(r, "workers", json_integer(0));
        json_object_set_new(r, "with_minimum", json_integer(0));
        json_object_set_new(r, "below_minimum", json_integer(0));
        json_object_set_new(r, "volunteers", json_integer(0));
        json_object_set_new(r, "volunteers_without_reimbursement", json_integer(0));
        json_object_set_new(r, "by_funder", json_object());
    }
    /* One row per current post, ordered by person: a person holding two posts counts
     * once, against the higher of their posts' minimums (their pay is not per post). */
    size_t nrows = json_array_size(workers);
    for (i = 0; i < nrows; i++) {
        w = json_array_get(workers, i);
        const char *cur = NULL;
        double min = minimum_for(cat, w, &cur);
        json_int_t who = json_integer_value(json_object_get(w, "person_id"));
        while (i + 1 < nrows && json_integer_value(json_object_get(json_array_get(workers, i + 1),
                                                                   "person_id")) == who) {
            json_t *next = json_array_get(workers, ++i);
            const char *next_cur = NULL;
            double next_min = minimum_for(cat, next, &next_cur);
            if (next_min > min) {
                min = next_min;
                w = next;
            }
        }
        const char *path = json_string_value(json_object_get(w, "org_path"));
        const char *funder = json_string_value(json_object_get(w, "funder"));
        char fk[120];
        count(t, path, "workers", 1);
        int below = 0, vol_nr = 0;
        if (min >= 0) {
            count(t, path, "with_minimum", 1);
            below = json_number_value(json_object_get(w, "paid")) < min;
            if (below) count(t, path, "below_minimum", 1);
        }
        if (!strcmp(text_of(json_object_get(w, "engagement")), "volunteer")) {
            count(t, path, "volunteers", 1);
            vol_nr = !json_integer_value(json_object_get(w, "reimbursed"));
            if (vol_nr) count(t, path, "volunteers_without_reimbursement", 1);
        }
        snprintf(fk, sizeof fk, "%s", funder ? funder : "?");
        int u = unit_of(t, path);
        json_t *rows[2] = {u >= 0 ? json_array_get(t->rows, (size_t)u) : NULL,
                           json_array_get(t->rows, json_array_size(t->rows) - 1)};
        for (int k = 0; k < 2; k++) {
            if (!rows[k]) continue;
            json_t *bf = json_object_get(rows[k], "by_funder");
            json_t *f = json_object_get(bf, fk);
            if (!f) {
                f = json_pack("{s:i,s:i,s:i}", "workers", 0, "below_minimum", 0,
                              "volunteers_without_reimbursement", 0);
                json_object_set_new(bf, fk, f);
            }
            add(f, "workers", 1);
            add(f, "below_minimum", below);
            add(f, "volunteers_without_reimbursement", vol_nr);
        }
    }
    json_decref(workers);
    return KAZI_OK;
}

static int figures_support(table *t, kazi_db *db, const json_t *cat, const char *lo, const char *hi)
{
    json_t *workers;
    int rc = kazi_store_support_rows(&workers, db, "workers", lo, hi, NULL);
    if (rc < 0) return rc;
    size_t i;
    json_t *w, *r;
    json_array_foreach(t->rows, i, r)
    {
        json_object_set_new(r, "workers", json_integer(0));
        json_object_set_new(r, "without_support", json_integer(0));
    }
    json_t *seen = json_object();
    json_array_foreach(workers, i, w)
    {
        const json_t *d = supervision_decl(cat, json_string_value(json_object_get(w, "cadre")));
        const json_t *every = d ? json_object_get(d, "support_every_days") : NULL;
        char key[32];
        snprintf(key, sizeof key, "%lld",
                 (long long)json_integer_value(json_object_get(w, "person_id")));
        if (!every || json_object_get(seen, key)) continue;
        json_object_set_new(seen, key, json_true());
        const char *path = json_string_value(json_object_get(w, "org_path"));
        count(t, path, "workers", 1);
        char since[16];
        days_ago(since, sizeof since, (int64_t)json_number_value(every));
        const char *last = json_string_value(json_object_get(w, "last_support"));
        if (!last || strcmp(last, since) < 0) count(t, path, "without_support", 1);
    }
    json_decref(seen);
    json_decref(workers);
    return KAZI_OK;
}

static int figures_activity(table *t, kazi_db *db, const char *lo, const char *hi,
                            const char *period)
{
    json_t *rows;
    int rc = kazi_store_support_rows(&rows, db, "returns", lo, hi, period);
    if (rc < 0) return rc;
    size_t i;
    json_t *w, *r;
    json_array_foreach(t->rows, i, r) json_object_set_new(r, "totals", json_object());
    json_array_foreach(rows, i, w)
    {
        count_in(t, json_string_value(json_object_get(w, "org_path")), "totals",
                 json_string_value(json_object_get(w, "activity")),
                 (double)json_integer_value(json_object_get(w, "count")));
    }
    json_decref(rows);
    return KAZI_OK;
}

static int figures_retention(table *t, kazi_db *db, const json_t *cat, const char *lo,
                             const char *hi, const char *from, const char *until)
{
    json_t *rows;
    int rc = kazi_store_support_rows(&rows, db, "service", lo, hi, NULL);
    if (rc < 0) return rc;
    int ward = level_depth(cat, "ward", 3), district = ward - 1;
    char today[16];
    kazi_registry_today(today, sizeof today);
    if (!until) until = today;
    size_t i;
    json_t *w, *r;
    json_array_foreach(t->rows, i, r)
    {
        json_object_set_new(r, "entries", json_integer(0));
        json_object_set_new(r, "exits", json_integer(0));
        json_object_set_new(r, "exit_reasons", json_object());
        json_object_set_new(r, "service_days_of_exits", json_integer(0));
        json_object_set_new(r, "serving", json_integer(0));
        json_object_set_new(r, "home_ward", json_integer(0));
        json_object_set_new(r, "home_district", json_integer(0));
    }
    json_array_foreach(rows, i, w)
    {
        const char *path = json_string_value(json_object_get(w, "org_path"));
        const char *post = json_string_value(json_object_get(w, "post_path"));
        const char *start = json_string_value(json_object_get(w, "start_date"));
        const char *end = json_string_value(json_object_get(w, "end_date"));
        if (start && (!from || strcmp(start, from) >= 0) && strcmp(start, until) <= 0)
            count(t, path, "entries", 1);
        if (end && (!from || strcmp(end, from) >= 0) && strcmp(end, until) <= 0) {
            const char *why = json_string_value(json_object_get(w, "end_reason"));
            count(t, path, "exits", 1);
            count_in(t, path, "exit_reasons", why ? why : "unknown", 1);
            count(t, path, "service_days_of_exits", (double)(day_number(end) - day_number(start)));
        }
        if (start && strcmp(start, until) <= 0 && (!end || strcmp(end, until) > 0)) {
            count(t, path, "serving", 1);
            if (same_ancestor(path, post, ward)) count(t, path, "home_ward", 1);
            if (same_ancestor(path, post, district)) count(t, path, "home_district", 1);
        }
    }
    json_array_foreach(t->rows, i, r)
    {
        json_int_t ex = json_integer_value(json_object_get(r, "exits"));
        json_int_t sv = json_integer_value(json_object_get(r, "serving"));
        json_object_set_new(
            r, "mean_service_days_of_exits",
            ex ? json_real((double)json_integer_value(json_object_get(r, "service_days_of_exits")) /
                           (double)ex)
               : json_null());
        json_object_set_new(
            r, "home_ward_share",
            sv ? json_real((double)json_integer_value(json_object_get(r, "home_ward")) / (double)sv)
               : json_null());
        json_object_set_new(
            r, "home_district_share",
            sv ? json_real((double)json_integer_value(json_object_get(r, "home_district")) /
                           (double)sv)
               : json_null());
    }
    json_decref(rows);
    return KAZI_OK;
}

int kazi_support_figures(json_t **out, kazi_db *db, const kazi_caller *c, const char *which,
                         int64_t org_unit, const char *period, const char *until)
{
    char base[KAZI_PATH_MAX] = "", hi[KAZI_PATH_MAX];
    int rc;
    if (org_unit) {
        if ((rc = kazi_store_org_unit_path(base, db, org_unit, "org_unit")) < 0) return rc;
        if (kazi_caller_check_path(c, base, "org unit") < 0)
            return kazi_error_set(KAZI_EINVALID, "org_unit", "org_unit: no org unit with id %lld",
                                  (long long)org_unit);
    } else if (!kazi_caller_is_national(c)) {
        snprintf(base, sizeof base, "%s", c->scope_path);
        /* the scope unit's id is the last segment of its path */
        const char *e = base + strlen(base) - 1, *s = e;
        while (s > base && s[-1] != '/')
            s--;
        org_unit = strtoll(s, NULL, 10);
    }
    if (!strcmp(which, "pay") && (!period || !is_period(period)))
        return kazi_error_set(KAZI_EINVALID, "period", "period must be a month (YYYY-MM)");
    if (!strcmp(which, "activity") && period && !is_period(period))
        return kazi_error_set(KAZI_EINVALID, "period", "period must be a month (YYYY-MM)");
    if (!strcmp(which, "retention") &&
        ((period && !kazi_registry_is_date(period)) || (until && !kazi_registry_is_date(until))))
        return kazi_error_set(KAZI_EINVALID,
                              period && !kazi_registry_is_date(period) ? "from" : "to",
                              "from and to must be dates (YYYY-MM-DD)");
    table t = {0};
    if ((rc = kazi_store_org_children(&t.units, db, org_unit)) < 0) return rc;
    t.rows = json_array();
    size_t i;
    json_t *u;
    json_array_foreach(t.units, i, u)
    {
        json_array_append_new(t.rows, json_pack("{s:{s:O,s:O,s:O}}", "org_unit", "id",
                                                json_object_get(u, "id"), "code",
                                                json_object_get(u, "code"), "name",
                                                json_object_get(u, "name")));
    }
    json_array_append_new(t.rows, json_object());
    const char *lo = base[0] ? base : NULL;
    if (lo) kazi_store_subtree_end(hi, base);
    kazi_lua_gen *g;
    const json_t *cat = catalogue_of(&g);
    if (!strcmp(which, "supervision"))
        rc = figures_supervision(&t, db, cat, lo, lo ? hi : NULL);
    else if (!strcmp(which, "pay"))
        rc = figures_pay(&t, db, cat, lo, lo ? hi : NULL, period);
    else if (!strcmp(which, "support"))
        rc = figures_support(&t, db, cat, lo, lo ? hi : NULL);
    else if (!strcmp(which, "activity"))
        rc = figures_activity(&t, db, lo, lo ? hi : NULL, period);
    else if (!strcmp(which, "retention"))
        rc = figures_retention(&t, db, cat, lo, lo ? hi : NULL, period, until);
    else
        rc = kazi_error_set(KAZI_ENOTFOUND, NULL, "no figures '%s'", which);
    kazi_lua_gen_unref(g);
    json_decref(t.units);
    if (rc < 0) {
        json_decref(t.rows);
        return rc;
    }
    json_t *total = json_incref(json_array_get(t.rows, json_array_size(t.rows) - 1));
    json_array_remove(t.rows, json_array_size(t.rows) - 1);
    *out = json_pack("{s:s,s:s?,s:o,s:o}", "figures", which, "period", period, "rows", t.rows,
                     "total", total);
    if (until) json_object_set_new(*out, "to", json_string(until));
    return KAZI_OK;
}

int kazi_support_user_person(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t user_id,
                             int64_t person_id)
{
    int rc;
    if (person_id) {
        json_t *p;
        if (kazi_registry_person_get(&p, db, actor, person_id) < 0)
            return kazi_error_set(KAZI_EINVALID, "person_id", "person_id: no person with id %lld",
                                  (long long)person_id);
        json_decref(p);
    }
    if ((rc = kazi_db_begin(db)) < 0) return rc;
    rc = kazi_store_user_person_set(db, user_id, person_id);
    json_t *after =
        json_pack("{s:I,s:I}", "user_id", (json_int_t)user_id, "person_id", (json_int_t)person_id);
    if (rc == KAZI_OK) rc = audit(db, actor, "user.person", "user", user_id, NULL, after);
    if ((rc = finish(db, rc)) < 0) {
        json_decref(after);
        return rc;
    }
    *out = after;
    return KAZI_OK;
}
