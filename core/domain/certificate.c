#include "domain/certificate.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/dossier.h"
#include "domain/schema.h"
#include "domain/training.h"
#include "domain/words.h"
#include "lua/runtime.h"
#include "store/registry.h"
#include "store/training.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/rand.h"

/* The output allow-list of certificates (domain/schema_training.c), on one or a list. */
static void output(json_t *v)
{
    kazi_schema_output(kazi_schema_of("certificate"), v);
}

void kazi_certificate_add_years(char *out, const char *date, int years)
{
    int y = 0, m = 0, d = 0;
    sscanf(date, "%d-%d-%d", &y, &m, &d);
    y += years;
    if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) d = 28;
    kazi_clock_ymd(out, y, m, d);
}

void kazi_certificate_add_days(char *out, const char *date, int days)
{
    struct tm tm = {0};
    int y = 1970, m = 1, d = 1;
    sscanf(date, "%d-%d-%d", &y, &m, &d);
    tm.tm_year = y - 1900;
    tm.tm_mon = m - 1;
    tm.tm_mday = d + days;
    tm.tm_hour = 12;
    time_t t = timegm(&tm);
    gmtime_r(&t, &tm);
    kazi_clock_ymd(out, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

int kazi_certificate_range(const char **lo, const char **hi, char *lobuf, char *hibuf, kazi_db *db,
                           const kazi_caller *actor, int64_t org_unit_id)
{
    *lo = *hi = NULL;
    if (org_unit_id) {
        if (kazi_store_org_unit_path(lobuf, db, org_unit_id, "org_unit") < 0 ||
            kazi_caller_check_path(actor, lobuf, "org unit") < 0)
            return kazi_error_set(KAZI_EINVALID, "org_unit", "There is no org unit with id %lld",
                                  (long long)org_unit_id);
    } else if (!kazi_caller_is_national(actor)) {
        snprintf(lobuf, KAZI_PATH_MAX, "%s", actor->scope_path);
    } else {
        return KAZI_OK;
    }
    kazi_store_subtree_end(hibuf, lobuf);
    *lo = lobuf;
    *hi = hibuf;
    return KAZI_OK;
}

int kazi_certificate_eligibility(json_t **out, kazi_db *db, const kazi_caller *actor,
                                 int64_t person_id)
{
    json_t *p = NULL, *dossier = NULL, *items = NULL;
    kazi_lua_gen *g = NULL;
    int rc = kazi_training_person(&p, db, actor, person_id, "id");
    if (rc < 0) return rc;
    if (!(g = kazi_lua_current())) {
        rc = kazi_error_set(KAZI_ERROR, NULL, "no configuration is active");
        goto done;
    }
    if ((rc = kazi_dossier_build(&dossier, db, person_id, NULL)) < 0) goto done;
    items = json_array();
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(kazi_lua_gen_catalogue(g), "certifications"), i, c)
    {
        const char *id = json_string_value(json_object_get(c, "id"));
        kazi_lua_decision dec;
        if ((rc = kazi_lua_rules_eval(&dec, g, "certification", id, &dossier, 1)) < 0) goto done;
        /* a rule that fails is this item's error ({file, line, message}); the others answer */
        json_t *item = json_pack("{s:s,s:O?,s:b,s:o,s:s}", "certification", id, "name",
                                 json_object_get(c, "name"), "eligible", dec.eligible, "missing",
                                 dec.missing ? dec.missing : json_array(), "config_id", dec.source);
        kazi_words_missing(json_object_get(item, "missing"));
        if (dec.error) json_object_set_new(item, "error", dec.error);
        json_array_append_new(items, item);
    }
    *out = json_pack("{s:I,s:O,s:s,s:O}", "person_id", (json_int_t)person_id, "as_of",
                     json_object_get(dossier, "as_of"), "config_id", kazi_lua_gen_source_id(g),
                     "items", items);
done:
    kazi_lua_gen_unref(g);
    json_decref(p);
    json_decref(dossier);
    json_decref(items);
    return rc;
}

/* The random part of a certificate number: CHECK_LEN characters of Crockford's base-32
 * alphabet (no I, L, O or U, so nothing is misread), 40 bits, so that knowing one number
 * tells nothing about the next. */
#define CHECK_LEN 8
static void random_part(char out[CHECK_LEN + 1])
{
    static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    unsigned char raw[CHECK_LEN];
    kazi_rand_bytes(raw, sizeof raw);
    for (int i = 0; i < CHECK_LEN; i++)
        out[i] = alphabet[raw[i] & 31];
    out[CHECK_LEN] = 0;
}

/* The person's newest valid certificate of `certification` (not revoked), or NULL. */
static json_t *current_of(const json_t *certs, const char *certification)
{
    size_t i;
    json_t *c, *found = NULL;
    json_array_foreach(certs, i, c)
    {
        if (!strcmp(json_string_value(json_object_get(c, "certification")), certification) &&
            !strcmp(json_string_value(json_object_get(c, "status")), "valid"))
            found = c;
    }
    return found;
}

int kazi_certificate_issue(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t person_id,
                           const json_t *in, int may_override)
{
    json_t *p = NULL, *decl = NULL, *dossier = NULL, *certs = NULL, *row = NULL, *after = NULL,
           *missing = NULL;
    kazi_lua_gen *g = NULL;
    const char *certification, *issued = NULL, *override = NULL;
    char today[16], source[128];
    int rc = kazi_training_person(&p, db, actor, person_id, "id");
    if (rc < 0) return rc;
    /* The field table (domain/schema_training.c): names, text lengths, a past date. */
    if ((rc = kazi_schema_check(kazi_schema_of("certificate_issue"), in, KAZI_SCHEMA_CREATE)) < 0)
        goto done;
    certification = json_string_value(json_object_get(in, "certification"));
    kazi_registry_today(today, sizeof today);
    issued = json_string_value(json_object_get(in, "issued_date"));
    if (!issued || !*issued) issued = today;
    override = json_string_value(json_object_get(in, "override_reason"));
    if (override && !*override) override = NULL;
    if (override && !may_override) {
        rc = kazi_error_set(KAZI_EDENIED, "override_reason",
                            "only an administrator may issue a certificate by override");
        goto done;
    }
    json_t *evidence_in = json_object_get(in, "evidence");
    if ((rc = kazi_training_declared(&decl, source, "certifications", certification,
                                     "certification")) < 0)
        goto done;
    if (!(g = kazi_lua_current())) {
        rc = kazi_error_set(KAZI_ERROR, NULL, "no configuration is active");
        goto done;
    }
    if ((rc = kazi_dossier_build(&dossier, db, person_id, issued)) < 0) goto done;
    kazi_lua_decision dec;
    if ((rc = kazi_lua_rules_eval(&dec, g, "certification", certification, &dossier, 1)) < 0)
        goto done;
    if (dec.error) { /* the rule failed: nothing is issued */
        rc = kazi_lua_decision_error(&dec);
        json_decref(dec.error);
        goto done;
    }
    missing = dec.missing;
    int eligible = dec.eligible;
    snprintf(source, sizeof source, "%s", dec.source);
    if ((rc = kazi_db_begin(db)) < 0) goto done;
    if ((rc = kazi_store_certificate_list(&certs, db, person_id)) < 0) goto rollback;
    json_t *prev = current_of(certs, certification);
    /* Renewal: the declared refresher must have been passed since the previous issue. */
    const json_t *refresher = json_object_get(decl, "refresher");
    const char *rcourse = json_string_value(json_object_get(refresher, "course"));
    if (prev && rcourse) {
        const char *since = json_string_value(json_object_get(prev, "issued_date"));
        int done_refresher = 0;
        size_t i;
        json_t *c;
        json_array_foreach(json_object_get(dossier, "courses"), i, c)
        {
            const char *cid = json_string_value(json_object_get(c, "id"));
            const char *when = json_string_value(json_object_get(c, "completed"));
            if (cid && when && !strcmp(cid, rcourse) && strcmp(when, since) >= 0)
                done_refresher = 1;
        }
        if (!done_refresher) {
            eligible = 0;
            json_array_append_new(missing, kazi_words_item("refresher_course", "courses", rcourse,
                                                           "complete the refresher course %s "
                                                           "since %s",
                                                           since));
        }
    }
    if (!eligible && !override) {
        char why[600], who[200], what[200];
        rc = kazi_error_set_slug(
            KAZI_ECONFLICT, "not_eligible", "certification", "%s is not yet eligible for %s: %s",
            kazi_words_person(who, sizeof who, p),
            kazi_words_name(what, sizeof what, "certifications", certification),
            kazi_words_missing_join(why, sizeof why, missing));
        goto rollback;
    }
    int64_t id;
    if ((rc = kazi_store_certificate_next_id(&id, db)) < 0) goto rollback;
    char number[160], prefix[100], expires[16];
    size_t j = 0;
    for (const char *s = certification; *s && j + 1 < sizeof prefix; s++)
        prefix[j++] = isalnum((unsigned char)*s) ? (char)toupper((unsigned char)*s) : '-';
    prefix[j] = 0;
    char check[CHECK_LEN + 1];
    random_part(check);
    snprintf(number, sizeof number, "%s-%.4s-%06lld-%s", prefix, issued, (long long)id, check);
    json_t *years = json_object_get(decl, "valid_years");
    if (json_is_number(years) && json_number_value(years) > 0)
        kazi_certificate_add_years(expires, issued, (int)json_number_value(years));
    json_t *evidence = json_pack("{s:b,s:O,s:O,s:O,s:O,s:s?}", "eligible", eligible, "missing",
                                 missing, "courses", json_object_get(dossier, "courses"),
                                 "credentials", json_object_get(dossier, "credentials"),
                                 "supervised_hours", json_object_get(dossier, "supervised_hours"),
                                 "note", json_string_value(evidence_in));
    row = json_pack("{s:I,s:s,s:I,s:s,s:s,s:s?,s:o,s:s,s:s?,s:O?}", "id", (json_int_t)id, "number",
                    number, "person_id", (json_int_t)person_id, "certification", certification,
                    "issued_date", issued, "expires_date",
                    json_is_number(years) && json_number_value(years) > 0 ? expires : NULL,
                    "evidence", evidence, "config_id", source, "override_reason", override,
                    "renews_id", prev ? json_object_get(prev, "id") : NULL);
    if ((rc = kazi_store_certificate_insert(db, row, kazi_clock_now_ms())) < 0) goto rollback;
    if ((rc = kazi_store_certificate_get(&after, db, id)) < 0) goto rollback;
    output(after);
    if ((rc = kazi_training_audit(
             db, actor, override && !eligible ? "certificate.issue_override" : "certificate.issue",
             "certificate", id, NULL, after)) < 0 ||
        (rc = kazi_training_audit(db, actor, "certificate.issue", "person", person_id, NULL,
                                  after)) < 0)
        goto rollback;
rollback: /* or commit: kazi_db_end decides by rc */
    if ((rc = kazi_db_end(db, rc)) < 0) goto done;
    *out = after;
    after = NULL;
done:
    kazi_lua_gen_unref(g);
    json_decref(p);
    json_decref(decl);
    json_decref(dossier);
    json_decref(certs);
    json_decref(row);
    json_decref(after);
    json_decref(missing);
    return rc;
}

int kazi_certificate_list(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t person_id)
{
    json_t *p;
    int rc = kazi_training_person(&p, db, actor, person_id, "id");
    if (rc < 0) return rc;
    json_decref(p);
    if ((rc = kazi_store_certificate_list(out, db, person_id)) == KAZI_OK) output(*out);
    return rc;
}

int kazi_certificate_revoke(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t id,
                            const json_t *in)
{
    json_t *before = NULL, *after = NULL;
    const char *reason;
    char today[16];
    int rc = kazi_store_certificate_get(&before, db, id);
    if (rc < 0) return rc;
    if (kazi_caller_check_path(actor, json_string_value(json_object_get(before, "org_path")),
                               "certificate") < 0) {
        rc = kazi_error_set(KAZI_ENOTFOUND, "id", "no such certificate");
        goto done;
    }
    if ((rc = kazi_schema_check(kazi_schema_of("certificate_revoke"), in, KAZI_SCHEMA_CREATE)) < 0)
        goto done;
    reason = json_string_value(json_object_get(in, "reason"));
    if (strcmp(json_string_value(json_object_get(before, "status")), "valid")) {
        rc = kazi_error_set(KAZI_ECONFLICT, "status", "the certificate is already revoked");
        goto done;
    }
    kazi_registry_today(today, sizeof today);
    output(before);
    if ((rc = kazi_db_begin(db)) < 0) goto done;
    if ((rc = kazi_store_certificate_revoke(db, id, reason, today, kazi_clock_now_ms())) < 0 ||
        (rc = kazi_store_certificate_get(&after, db, id)) < 0)
        goto rollback;
    output(after);
    int64_t pid = json_integer_value(json_object_get(after, "person_id"));
    if ((rc = kazi_training_audit(db, actor, "certificate.revoke", "certificate", id, before,
                                  after)) < 0 ||
        (rc = kazi_training_audit(db, actor, "certificate.revoke", "person", pid, before, after)) <
            0)
        goto rollback;
rollback: /* or commit: kazi_db_end decides by rc */
    if ((rc = kazi_db_end(db, rc)) < 0) goto done;
    *out = after;
    after = NULL;
done:
    json_decref(before);
    json_decref(after);
    return rc;
}

int kazi_certificate_verify(json_t **out, kazi_db *db, const char *typed)
{
    json_t *c;
    char today[16], holder[300], number[160];
    /* Numbers are issued in capitals; a number typed or scanned in any case, with spaces
     * around it, is the same number. Only the whole number finds a certificate. */
    while (typed && isspace((unsigned char)*typed))
        typed++;
    size_t n = typed ? strlen(typed) : 0;
    while (n && isspace((unsigned char)typed[n - 1]))
        n--;
    if (!n || n > 150) return kazi_error_set(KAZI_ENOTFOUND, "number", "no such certificate");
    for (size_t i = 0; i < n; i++)
        number[i] = (char)toupper((unsigned char)typed[i]);
    number[n] = 0;
    int rc = kazi_store_certificate_by_number(&c, db, number);
    if (rc < 0) return rc;
    kazi_registry_today(today, sizeof today);
    const char *status = json_string_value(json_object_get(c, "status"));
    const char *until = json_string_value(json_object_get(c, "expires_date"));
    if (!strcmp(status, "valid") && until && strcmp(until, today) < 0) status = "expired";
    snprintf(holder, sizeof holder, "%s %s", json_string_value(json_object_get(c, "given_name")),
             json_string_value(json_object_get(c, "family_name")));
    *out = json_pack("{s:s,s:O,s:O,s:b,s:s,s:s,s:s?}", "number", number, "certification",
                     json_object_get(c, "certification"), "issued_date",
                     json_object_get(c, "issued_date"), "valid", !strcmp(status, "valid"), "status",
                     status, "holder", holder, "valid_until", until);
    json_decref(c);
    return KAZI_OK;
}

int kazi_certificate_expiring(json_t **out, kazi_db *db, const kazi_caller *actor, int days,
                              int64_t org_unit_id)
{
    char lob[KAZI_PATH_MAX], hib[KAZI_PATH_MAX], today[16], until[16];
    const char *lo, *hi;
    int rc = kazi_certificate_range(&lo, &hi, lob, hib, db, actor, org_unit_id);
    if (rc < 0) return rc;
    kazi_registry_today(today, sizeof today);
    kazi_certificate_add_days(until, today, days);
    json_t *items;
    if ((rc = kazi_store_certificate_expiring(&items, db, today, until, lo, hi, 5000)) < 0)
        return rc;
    output(items);
    *out = json_pack("{s:s,s:s,s:o}", "from", today, "until", until, "items", items);
    return KAZI_OK;
}

int kazi_certificate_refresher_due(json_t **out, kazi_db *db, const kazi_caller *actor, int days,
                                   int64_t org_unit_id)
{
    char lob[KAZI_PATH_MAX], hib[KAZI_PATH_MAX], today[16], until[16];
    const char *lo, *hi;
    int rc = kazi_certificate_range(&lo, &hi, lob, hib, db, actor, org_unit_id);
    if (rc < 0) return rc;
    kazi_registry_today(today, sizeof today);
    kazi_certificate_add_days(until, today, days);
    kazi_lua_gen *g = kazi_lua_current();
    if (!g) return kazi_error_set(KAZI_ERROR, NULL, "no configuration is active");
    json_t *items = json_array();
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(kazi_lua_gen_catalogue(g), "certifications"), i, c)
    {
        const json_t *r = json_object_get(c, "refresher");
        const char *course = json_string_value(json_object_get(r, "course"));
        json_t *every = json_object_get(r, "every_years");
        if (!course || !json_is_number(every)) continue;
        json_t *rows;
        if ((rc = kazi_store_certificate_refresher(
                 &rows, db, json_string_value(json_object_get(c, "id")), course, lo, hi, 5000)) < 0)
            break;
        size_t j;
        json_t *x;
        json_array_foreach(rows, j, x)
        {
            const char *last = json_string_value(json_object_get(x, "last_refresher"));
            const char *issued = json_string_value(json_object_get(x, "issued_date"));
            const char *from = last && strcmp(last, issued) > 0 ? last : issued;
            char due[16];
            kazi_certificate_add_years(due, from, (int)json_number_value(every));
            if (strcmp(due, until) > 0) continue;
            json_object_set_new(x, "refresher_course", json_string(course));
            json_object_set_new(x, "refresher_due", json_string(due));
            json_object_del(x, "evidence"); /* the list is about dates, not the decision */
            output(x);
            json_array_append(items, x);
        }
        json_decref(rows);
    }
    kazi_lua_gen_unref(g);
    if (rc < 0) {
        json_decref(items);
        return rc;
    }
    *out = json_pack("{s:s,s:s,s:o}", "from", today, "until", until, "items", items);
    return KAZI_OK;
}
