#include "domain/supervision.h"
#include "domain/support.h"
#include "domain/words.h"
#include "store/registry.h"
#include "store/support.h"
#include "util/clock.h"
#include "util/error.h"

#include <stdio.h>
#include <string.h>

/* The most minutes one session may last (a day). */
#define SESSION_MINUTES_MAX 1440

static const char *text_of(const json_t *v)
{
    const char *s = json_string_value(v);
    return s ? s : "";
}

/* A non-empty string value of `in`, or NULL. */
static const char *given(const json_t *in, const char *field)
{
    const json_t *v = json_object_get(in, field);
    return json_string_length(v) ? json_string_value(v) : NULL;
}

/* ---- who may supervise whom ------------------------------------------------------- */

/* The kazi.supervision declaration for workers of `cadre`, or NULL. */
static const json_t *declaration(const json_t *cat, const char *cadre)
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

/* A refusal by a declaration's `supervisors` list, in names (the current language): the
 * worker's cadre, the cadres allowed ("A or B"), and the supervisor's (first) cadre, "" when
 * the supervisor holds no post. The formats are the messages' msgids. */
#define REFUSED_CADRE   "A %s must be supervised by a %s (the supervisor is a %s)"
#define REFUSED_NO_POST "A %s must be supervised by a %s (the supervisor holds no post)"
typedef struct {
    char cadre[200], allowed[600], is[200];
} refusal;

/* The declaration's `supervisors` list against the supervisor's cadres ("cadres" list
 * or "cadre"): 1 when allowed (or no list), else 0 with the refusal's names in *why. */
static int list_allows(const json_t *cat, const json_t *entry, const json_t *supervisor,
                       refusal *why)
{
    const json_t *list = json_object_get(entry, "supervisors");
    if (!json_array_size(list)) return 1;
    const json_t *mine = json_object_get(supervisor, "cadres");
    const char *one = json_string_value(json_object_get(supervisor, "cadre"));
    size_t i, k;
    json_t *a, *b;
    json_array_foreach(list, i, a)
    {
        const char *want = json_string_value(a);
        if (!want) continue;
        if (one && !strcmp(one, want)) return 1;
        json_array_foreach(mine, k, b)
        {
            if (json_string_value(b) && !strcmp(json_string_value(b), want)) return 1;
        }
    }
    kazi_words_cat_name(why->cadre, sizeof why->cadre, cat, "cadres",
                        json_string_value(json_object_get(entry, "cadre")));
    kazi_words_or(why->allowed, sizeof why->allowed, cat, "cadres", list);
    const char *is = one ? one : json_string_value(json_array_get(mine, 0));
    why->is[0] = '\0';
    if (is) kazi_words_cat_name(why->is, sizeof why->is, cat, "cadres", is);
    return 0;
}

/* The refusal as text (the English format, names in the current language). */
static void refusal_text(char *buf, size_t size, const refusal *why)
{
    if (why->is[0])
        snprintf(buf, size, REFUSED_CADRE, why->cadre, why->allowed, why->is);
    else
        snprintf(buf, size, REFUSED_NO_POST, why->cadre, why->allowed);
}

/* The refusal as the thread's error, naming `field`. */
static int refusal_error(const char *field, const refusal *why)
{
    return why->is[0]
               ? kazi_error_set(KAZI_EINVALID, field, REFUSED_CADRE, why->cadre, why->allowed,
                                why->is)
               : kazi_error_set(KAZI_EINVALID, field, REFUSED_NO_POST, why->cadre, why->allowed);
}

int kazi_supervision_supervisors_allow(const json_t *cat, const char *cadre,
                                       const json_t *supervisor, char *reason, size_t size)
{
    const json_t *e = declaration(cat, cadre);
    if (!e) return -1;
    refusal why;
    int ok = list_allows(cat, e, supervisor, &why);
    if (!ok) refusal_text(reason, size, &why);
    return ok;
}

void kazi_supervision_install(void)
{
    kazi_lua_set_supervisors_check(kazi_supervision_supervisors_allow);
}

int kazi_supervision_check(json_t **out, kazi_lua_gen *g, const char *cadre, const json_t *worker,
                           const json_t *supervisor)
{
    kazi_lua_gen *pinned = NULL;
    int rc = KAZI_OK;
    *out = NULL;
    if (!g && !(g = pinned = kazi_lua_current()))
        return kazi_error_set(KAZI_EBUSY, NULL, "no configuration is loaded");
    const json_t *e = declaration(kazi_lua_gen_catalogue(g), cadre);
    const char *source = kazi_lua_gen_source_id(g);
    char reason[1200];
    refusal why;
    if (!e) {
        *out =
            json_pack("{s:b,s:n,s:s,s:n}", "allowed", 1, "reason", "source", source, "declaration");
    } else if (!list_allows(kazi_lua_gen_catalogue(g), e, supervisor, &why)) {
        refusal_text(reason, sizeof reason, &why);
        *out = json_pack("{s:b,s:s,s:s,s:O}", "allowed", 0, "reason", reason, "source", source,
                         "declaration", json_object_get(e, "source"));
    } else if (json_is_true(json_object_get(e, "has_rule"))) {
        /* the configuration's rule, run by the Lua runtime */
        json_t *d = json_pack("{s:O,s:O}", "worker", worker, "supervisor", supervisor);
        kazi_lua_decision dec;
        rc = kazi_lua_rules_eval(&dec, g, "supervision", cadre, &d, 1);
        json_decref(d);
        if (rc == KAZI_OK && dec.error) {
            rc = kazi_lua_decision_error(&dec);
            json_decref(dec.error);
        } else if (rc == KAZI_OK) {
            kazi_words_missing_join(reason, sizeof reason, dec.missing);
            *out = json_pack("{s:b,s:s?,s:s,s:O}", "allowed", dec.eligible, "reason",
                             dec.eligible ? NULL
                                          : (reason[0] ? reason
                                                       : "The configuration's supervision rule "
                                                         "refuses it"),
                             "source", dec.source, "declaration", json_object_get(e, "source"));
            json_decref(dec.missing);
        }
    } else {
        *out = json_pack("{s:b,s:n,s:s,s:O}", "allowed", 1, "reason", "source", source,
                         "declaration", json_object_get(e, "source"));
    }
    kazi_lua_gen_unref(pinned);
    return rc;
}

/* ---- supervisions --------------------------------------------------------------------- */

json_t *kazi_supervision_view(kazi_db *db, int64_t person, const json_t *posts)
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
    (void)sup; /* the same answer for every person the caller may not learn about */
    return kazi_error_set(KAZI_EINVALID, "supervisor_person_id",
                          "There is no such person in the register");
}

/* The stored supervision `id` as the API shows it, in *out. */
static int stored(json_t **out, kazi_db *db, int64_t id)
{
    int rc = kazi_store_supervision_get(out, db, id);
    if (rc == KAZI_OK) kazi_support_output("supervision", *out);
    return rc;
}

int kazi_supervision_create(json_t **out, kazi_db *db, const kazi_caller *c, const json_t *in)
{
    int rc = kazi_support_check("supervision", in);
    if (rc < 0) return rc;
    int64_t person = json_integer_value(json_object_get(in, "person_id"));
    int64_t sup = json_integer_value(json_object_get(in, "supervisor_person_id"));
    const char *type = given(in, "type"), *start = given(in, "start_date");
    const char *end = given(in, "end_date");
    if (end && strcmp(end, start) < 0)
        return kazi_error_set(KAZI_EINVALID, "end_date", "The end date is before the start date");
    if (person == sup)
        return kazi_error_set(KAZI_EINVALID, "supervisor_person_id",
                              "a worker cannot supervise themselves");
    if ((rc = kazi_support_body_person(db, c, person, "person_id")) < 0) return rc;
    if (c->own_supervisees && sup != c->person_id)
        return kazi_error_set(KAZI_EINVALID, "supervisor_person_id",
                              "a supervisor assigns supervisees to themselves only");
    json_t *sp;
    /* A supervisor may sit above the caller's subtree (looked up as the system, NULL).
     * Outside the scope, every refusal about the supervisor reads like absence. */
    int outside = kazi_registry_person_get(&sp, db, c, sup) < 0;
    if (outside && kazi_registry_person_get(&sp, db, NULL, sup) < 0) return no_supervisor(sup);
    int active = !strcmp(text_of(json_object_get(sp, "status")), "active");
    char sname[200], wname[200];
    kazi_words_person(sname, sizeof sname, sp);
    json_decref(sp);
    if (!active && outside) return no_supervisor(sup);
    if (!active)
        return kazi_error_set(KAZI_EINVALID, "supervisor_person_id",
                              "%s is not active in the register", sname);
    json_t *wp = NULL;
    if (kazi_registry_person_get(&wp, db, c, person) < 0) kazi_error_clear();
    kazi_words_person(wname, sizeof wname, wp);
    json_decref(wp);
    json_t *wposts = NULL, *sposts = NULL, *decision = NULL, *rec = NULL;
    if ((rc = kazi_store_person_posts(&wposts, db, person)) < 0) goto done;
    if ((rc = kazi_store_person_posts(&sposts, db, sup)) < 0) goto done;
    if (!json_array_size(wposts)) {
        rc = kazi_error_set(KAZI_EINVALID, "person_id",
                            "%s holds no current post, so no cadre decides who may supervise them",
                            wname);
        goto done;
    }
    int64_t dup;
    if ((rc = kazi_store_supervision_current(&dup, db, person, sup)) < 0) goto done;
    if (dup && !end) {
        rc = outside ? kazi_error_set(KAZI_EEXISTS, "supervisor_person_id",
                                      "This supervisor already supervises %s", wname)
                     : kazi_error_set(KAZI_EEXISTS, "supervisor_person_id",
                                      "%s already supervises %s", sname, wname);
        goto done;
    }
    const char *cadre = json_string_value(json_object_get(json_array_get(wposts, 0), "cadre"));
    json_t *wd = kazi_supervision_view(db, person, wposts),
           *sd = kazi_supervision_view(db, sup, sposts);
    rc = kazi_supervision_check(&decision, NULL, cadre, wd, sd);
    json_decref(wd);
    if (rc == KAZI_EBUSY) rc = KAZI_OK; /* no configuration loaded: nothing to check */
    if (rc < 0) {
        json_decref(sd);
        goto done;
    }
    if (decision && !json_is_true(json_object_get(decision, "allowed"))) {
        /* refused by the declared list: the message names the cadres (its own msgid);
         * refused by the rule: the rule's words in the current language */
        refusal why;
        kazi_lua_gen *g = kazi_lua_current();
        const json_t *e = g ? declaration(kazi_lua_gen_catalogue(g), cadre) : NULL;
        int listed = e && !list_allows(kazi_lua_gen_catalogue(g), e, sd, &why);
        kazi_lua_gen_unref(g);
        json_decref(sd);
        rc = outside  ? no_supervisor(sup)
             : listed ? refusal_error("supervisor_person_id", &why)
                      : kazi_error_set(KAZI_EINVALID, "supervisor_person_id", "%s",
                                       json_string_value(json_object_get(decision, "reason")));
        goto done;
    }
    json_decref(sd);
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
    if (rc == KAZI_OK && (rc = stored(&rec, db, id)) == KAZI_OK)
        rc = kazi_support_audit(db, c, "supervision.create", "supervision", id, NULL, rec);
    if ((rc = kazi_db_end(db, rc)) < 0) goto done;
    *out = rec;
    rec = NULL;
done:
    json_decref(rec);
    json_decref(wposts);
    json_decref(sposts);
    json_decref(decision);
    return rc;
}

int kazi_supervision_get(json_t **out, kazi_db *db, const kazi_caller *c, int64_t id)
{
    json_t *s;
    int rc = kazi_store_supervision_get(&s, db, id);
    if (rc < 0) return rc;
    int64_t person = json_integer_value(json_object_get(s, "person_id"));
    if ((rc = kazi_support_person_visible(db, c, person)) < 0) {
        json_decref(s);
        return kazi_error_set(KAZI_ENOTFOUND, NULL, "no such supervision");
    }
    *out = kazi_support_output("supervision", s);
    return KAZI_OK;
}

int kazi_supervision_end(json_t **out, kazi_db *db, const kazi_caller *c, int64_t id,
                         const json_t *in)
{
    json_t *before, *after = NULL;
    int rc = kazi_supervision_get(&before, db, c, id);
    if (rc < 0) return rc;
    if ((rc = kazi_support_check("supervision_end", in)) < 0) goto done;
    const char *end = given(in, "end_date"), *reason = given(in, "reason");
    if (!json_is_null(json_object_get(before, "end_date")) && json_object_get(before, "end_date")) {
        rc = kazi_error_set(KAZI_EINVALID, "end_date", "this supervision has already ended");
        goto done;
    }
    if (strcmp(end, text_of(json_object_get(before, "start_date"))) < 0) {
        rc = kazi_error_set(KAZI_EINVALID, "end_date", "The end date is before the start date");
        goto done;
    }
    if ((rc = kazi_db_begin(db)) < 0) goto done;
    rc = kazi_store_supervision_end(db, id, end, reason, kazi_clock_now_ms());
    if (rc == KAZI_OK && (rc = stored(&after, db, id)) == KAZI_OK)
        rc = kazi_support_audit(db, c, "supervision.end", "supervision", id, before, after);
    if ((rc = kazi_db_end(db, rc)) < 0) goto done;
    *out = after;
    after = NULL;
done:
    json_decref(before);
    json_decref(after);
    return rc;
}

int kazi_supervision_list(json_t **out, kazi_db *db, const kazi_caller *c, int64_t person_id,
                          int64_t supervisor_id)
{
    int rc;
    if (!person_id && !supervisor_id)
        return kazi_error_set(KAZI_EINVALID, "person_id", "give person_id or supervisor_id");
    if (person_id && (rc = kazi_support_person_visible(db, c, person_id)) < 0) return rc;
    json_t *rows;
    if ((rc = kazi_store_supervision_list(&rows, db, person_id, supervisor_id)) < 0) return rc;
    /* only the supervisions of workers the caller may see */
    for (size_t i = json_array_size(rows); i-- > 0;) {
        json_t *r = json_array_get(rows, i);
        if (kazi_support_person_visible(db, c,
                                        json_integer_value(json_object_get(r, "person_id"))) < 0)
            json_array_remove(rows, i);
    }
    kazi_error_clear();
    *out = kazi_support_output("supervision", rows);
    return KAZI_OK;
}

/* ---- sessions ----------------------------------------------------------------------- */

int kazi_supervision_session_create(json_t **out, kazi_db *db, const kazi_caller *c,
                                    const json_t *in)
{
    int rc = kazi_support_check("supervision_session", in);
    if (rc < 0) return rc;
    int64_t person = json_integer_value(json_object_get(in, "person_id"));
    int64_t sup = json_integer_value(json_object_get(in, "supervisor_person_id"));
    int64_t minutes = json_integer_value(json_object_get(in, "duration_minutes"));
    if (minutes < 1 || minutes > SESSION_MINUTES_MAX)
        return kazi_error_set(KAZI_EINVALID, "duration_minutes",
                              "The duration must be from 1 to %d minutes", SESSION_MINUTES_MAX);
    if (!sup) sup = c->person_id;
    if (!sup)
        return kazi_error_set(KAZI_EINVALID, "supervisor_person_id",
                              "Choose the supervisor (your account is not linked to a person)");
    if (c->own_supervisees && sup != c->person_id)
        return kazi_error_set(KAZI_EINVALID, "supervisor_person_id",
                              "a supervisor records their own sessions only");
    if (sup == person)
        return kazi_error_set(KAZI_EINVALID, "supervisor_person_id",
                              "a worker cannot supervise themselves");
    if ((rc = kazi_support_body_person(db, c, person, "person_id")) < 0) return rc;
    int64_t n;
    if ((rc = kazi_store_supervision_current(&n, db, person, sup)) < 0) return rc;
    if (!n) {
        /* the worker is in the caller's scope (checked above); the supervisor is named only
         * when the caller may see them */
        json_t *w = NULL, *sp = NULL;
        char wn[200], sn[200];
        if (kazi_registry_person_get(&w, db, c, person) < 0) kazi_error_clear();
        int named = kazi_registry_person_get(&sp, db, c, sup) == KAZI_OK;
        kazi_words_person(wn, sizeof wn, w);
        kazi_words_person(sn, sizeof sn, sp);
        json_decref(w);
        json_decref(sp);
        return named ? kazi_error_set(KAZI_EINVALID, "supervisor_person_id",
                                      "%s is not currently supervised by %s: assign the "
                                      "supervisor first",
                                      wn, sn)
                     : kazi_error_set(KAZI_EINVALID, "supervisor_person_id",
                                      "%s is not currently supervised by this supervisor: assign "
                                      "the supervisor first",
                                      wn);
    }
    json_t *row = json_pack("{s:I,s:I,s:s,s:I,s:s,s:s?,s:s?}", "person_id", (json_int_t)person,
                            "supervisor_person_id", (json_int_t)sup, "session_date",
                            given(in, "session_date"), "duration_minutes", (json_int_t)minutes,
                            "mode", given(in, "mode"), "topics", given(in, "topics"), "follow_up",
                            given(in, "follow_up"));
    if (!json_object_get(row, "topics")) json_object_set_new(row, "topics", json_null());
    if (!json_object_get(row, "follow_up")) json_object_set_new(row, "follow_up", json_null());
    return kazi_support_store(out, db, c, row, NULL, kazi_store_session_insert,
                              "supervision_session", "supervision_session");
}

int kazi_supervision_session_list(json_t **out, kazi_db *db, const kazi_caller *c,
                                  int64_t person_id, const char *since)
{
    int rc = kazi_support_person_visible(db, c, person_id);
    if (rc < 0) return rc;
    if (since && !kazi_registry_is_date(since))
        return kazi_error_set(KAZI_EINVALID, "since", "since must be a date (YYYY-MM-DD)");
    int64_t minutes;
    if ((rc = kazi_store_supervised_minutes(&minutes, db, person_id, since)) < 0) return rc;
    json_t *items;
    if ((rc = kazi_store_session_list(&items, db, person_id)) < 0) return rc;
    *out = json_pack("{s:o,s:I,s:s?}", "items", kazi_support_output("supervision_session", items),
                     "supervised_minutes", (json_int_t)minutes, "since", since);
    return KAZI_OK;
}
