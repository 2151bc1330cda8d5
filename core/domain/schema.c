#include "domain/schema.h"
#include "domain/catalogue.h"
#include "domain/words.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A field's label in plain words for a message (domain/words), in a buffer that lasts
 * for the statement. */
#define LABEL(field) kazi_words_field((char[120]){0}, 120, (field))

/* ---- the tables ---------------------------------------------------------------------- */

#define IN        KAZI_FIELD_INPUT
#define OUT       KAZI_FIELD_OUTPUT
#define REQ       KAZI_FIELD_REQUIRED
#define NUL       KAZI_FIELD_NULLABLE
#define PAST      KAZI_FIELD_NOT_FUTURE
#define PERSONAL  KAZI_FIELD_PERSONAL
#define SOMETIMES KAZI_FIELD_SOMETIMES

static const char *const sexes[] = {"female", "male", "other", "unknown", NULL};
static const char *const person_statuses[] = {"active", "inactive", "deceased", "merged", NULL};
static const char *const engagements[] = {"volunteer", "stipend", "salaried", NULL};
static const char *const end_reasons[] = {"promotion", "transfer",  "resignation", "retirement",
                                          "death",     "dismissal", NULL};

/* A person: the CSV columns are the import template's (residence by code). */
static const kazi_field person_fields[] = {
    {"id", KAZI_F_ID, OUT, 0, NULL, "id"},
    {"given_name", KAZI_F_TEXT, IN | OUT | REQ | PERSONAL, 100, NULL, NULL},
    {"family_name", KAZI_F_TEXT, IN | OUT | REQ | PERSONAL, 100, NULL, NULL},
    {"other_names", KAZI_F_TEXT, IN | OUT | NUL | PERSONAL, 100, NULL, NULL},
    {"sex", KAZI_F_ENUM, IN | OUT | NUL, 0, sexes, NULL},
    {"birth_date", KAZI_F_DATE, IN | OUT | NUL | PAST | PERSONAL, 0, NULL, NULL},
    {"phone", KAZI_F_PHONE, IN | OUT | NUL | PERSONAL, 30, NULL, NULL},
    {"languages", KAZI_F_TEXT_LIST, IN | OUT, 20, NULL, NULL},
    {"education", KAZI_F_MULTILINE, IN | OUT | NUL, 200, NULL, NULL},
    {"residence_org_unit_id", KAZI_F_ID, IN | OUT | REQ, 0, NULL, "residence_code"},
    {"identifiers", KAZI_F_IDENTIFIERS, IN | OUT | PERSONAL, 20, NULL, "identifier."},
    {"custom", KAZI_F_CUSTOM, IN | OUT, 0, NULL, "custom."},
    {"status", KAZI_F_ENUM, OUT, 0, person_statuses, ""},
    {"status_reason", KAZI_F_TEXT, OUT | NUL | PERSONAL, 500, NULL, ""},
    {"merged_into_id", KAZI_F_ID, OUT | NUL, 0, NULL, ""},
    {"review_duplicate_of", KAZI_F_ID, OUT | NUL, 0, NULL, ""},
    /* true when the likely duplicate lies outside the caller's area (its id is not shown) */
    {"review_duplicate_outside", KAZI_F_BOOL, OUT | SOMETIMES, 0, NULL, ""},
    /* a search page's rows: the current post's title and cadre (id and name in the
     * request's language; null without a post) and the area lived in, by name */
    {"position_title", KAZI_F_TEXT, OUT | NUL | SOMETIMES, 200, NULL, ""},
    {"cadre", KAZI_F_TEXT, OUT | NUL | SOMETIMES, 64, NULL, ""},
    {"cadre_name", KAZI_F_TEXT, OUT | NUL | SOMETIMES, 0, NULL, ""},
    {"residence_name", KAZI_F_TEXT, OUT | NUL | SOMETIMES, 0, NULL, ""},
    {"created_at", KAZI_F_TIMESTAMP, OUT, 0, NULL, ""},
    {"updated_at", KAZI_F_TIMESTAMP, OUT, 0, NULL, ""},
    {NULL, 0, 0, 0, NULL, NULL},
};

static const kazi_field position_fields[] = {
    {"id", KAZI_F_ID, OUT, 0, NULL, ""},
    {"code", KAZI_F_TEXT, IN | OUT | NUL, 64, NULL, NULL},
    {"title", KAZI_F_TEXT, IN | OUT | REQ, 200, NULL, NULL},
    {"org_unit_id", KAZI_F_ID, IN | OUT | REQ, 0, NULL, "org_unit_code"},
    {"organisation_id", KAZI_F_ID, IN | OUT | REQ, 0, NULL, "organisation_code"},
    {"cadre", KAZI_F_TEXT, IN | OUT | REQ, 64, NULL, NULL},
    {"level", KAZI_F_TEXT, IN | OUT | NUL, 64, NULL, NULL},
    {"approved", KAZI_F_BOOL, IN | OUT, 0, NULL, NULL},
    {"funded_by", KAZI_F_TEXT, IN | OUT | NUL, 200, NULL, NULL},
    {"custom", KAZI_F_CUSTOM, IN | OUT, 0, NULL, "custom."},
    {"vacant", KAZI_F_BOOL, OUT, 0, NULL, ""},
    {"holder", KAZI_F_OBJECT, OUT | NUL, 0, NULL, ""},
    {"created_at", KAZI_F_TIMESTAMP, OUT, 0, NULL, ""},
    {"updated_at", KAZI_F_TIMESTAMP, OUT, 0, NULL, ""},
    {NULL, 0, 0, 0, NULL, NULL},
};

static const kazi_field assignment_fields[] = {
    {"id", KAZI_F_ID, OUT, 0, NULL, ""},
    {"person_id", KAZI_F_ID, IN | OUT | REQ, 0, NULL, "person_identifier"},
    {"position_id", KAZI_F_ID, IN | OUT | REQ, 0, NULL, "position_code"},
    {"start_date", KAZI_F_DATE, IN | OUT | REQ, 0, NULL, NULL},
    {"end_date", KAZI_F_DATE, IN | OUT | NUL, 0, NULL, NULL},
    {"end_reason", KAZI_F_ENUM, IN | OUT | NUL, 0, end_reasons, NULL},
    {"engagement", KAZI_F_ENUM, IN | OUT | REQ, 0, engagements, NULL},
    {"pay_amount", KAZI_F_NUMBER, IN | OUT | NUL, 0, NULL, NULL},
    {"pay_currency", KAZI_F_CURRENCY, IN | OUT | NUL, 3, NULL, NULL},
    {"created_at", KAZI_F_TIMESTAMP, OUT, 0, NULL, ""},
    {"updated_at", KAZI_F_TIMESTAMP, OUT, 0, NULL, ""},
    {NULL, 0, 0, 0, NULL, NULL},
};

/* A training event (domain/training.c). */
static const kazi_field training_event_fields[] = {
    {"id", KAZI_F_ID, OUT, 0, NULL, ""},
    {"course", KAZI_F_TEXT, IN | OUT | REQ, 80, NULL, NULL},
    {"course_version", KAZI_F_TEXT, IN | OUT, 40, NULL, NULL},
    {"title", KAZI_F_TEXT, IN | OUT | NUL, 200, NULL, NULL},
    {"venue_org_unit_id", KAZI_F_ID, IN | OUT | REQ, 0, NULL, NULL},
    {"start_date", KAZI_F_DATE, IN | OUT | REQ, 0, NULL, NULL},
    {"end_date", KAZI_F_DATE, IN | OUT | REQ, 0, NULL, NULL},
    {"capacity", KAZI_F_INTEGER, IN | OUT | REQ, 0, NULL, NULL},
    {"trainer_ids", KAZI_F_ID_LIST, IN, 50, NULL, ""},
    {"trainers", KAZI_F_ID_LIST, OUT, 0, NULL, ""},
    {"enrolled", KAZI_F_INTEGER, OUT, 0, NULL, ""},
    {"config_id", KAZI_F_TEXT, OUT | NUL, 0, NULL, ""},
    {"created_at", KAZI_F_TIMESTAMP, OUT, 0, NULL, ""},
    {"updated_at", KAZI_F_TIMESTAMP, OUT, 0, NULL, ""},
    {NULL, 0, 0, 0, NULL, NULL},
};

/* An org unit (kazi_orgunit_json; the CSV of org-units/import names the parent by code). */
static const kazi_field org_unit_fields[] = {
    {"id", KAZI_F_ID, OUT, 0, NULL, ""},
    {"code", KAZI_F_TEXT, IN | OUT | REQ, 64, NULL, NULL},
    {"name", KAZI_F_MULTILINE, IN | OUT | REQ, 200, NULL, NULL},
    {"parent_id", KAZI_F_ID, IN | OUT | NUL, 0, NULL, "parent_code"},
    {"depth", KAZI_F_INTEGER, OUT, 0, NULL, ""},
    {"level", KAZI_F_TEXT, IN | OUT, 32, NULL, NULL},
    /* GET /org-units/{id}: the units from the top down to this one, for a breadcrumb */
    {"path", KAZI_F_OBJECT_LIST, OUT | SOMETIMES, 0, NULL, ""},
    {NULL, 0, 0, 0, NULL, NULL},
};

extern const kazi_field kazi_schema_population_fields[]; /* schema_population.c */

static const kazi_schema schemas[] = {
    {"person", person_fields},
    {"position", position_fields},
    {"assignment", assignment_fields},
    {"org_unit", org_unit_fields},
    {"training_event", training_event_fields},
    /* domain/schema_support.c */
    {"supervision", kazi_schema_supervision_fields},
    {"supervision_end", kazi_schema_supervision_end_fields},
    {"supervision_session", kazi_schema_supervision_session_fields},
    {"payment", kazi_schema_payment_fields},
    {"support_activity", kazi_schema_support_activity_fields},
    {"activity_return", kazi_schema_activity_return_fields},
    {"activity_count", kazi_schema_activity_count_fields},
    {"population", kazi_schema_population_fields},
    {NULL, NULL},
};

static const char *const entity_names[] = {
    "person", "position", "assignment", "org_unit", "training_event",
    /* domain/schema_support.c */
    "supervision", "supervision_end", "supervision_session", "payment", "support_activity",
    "activity_return", "activity_count",
    /* domain/schema_training.c */
    "enrolment", "training_result", "prior_learning", "certificate", "certificate_issue",
    "certificate_revoke", "career_move",
    /* domain/schema_population.c */
    "population", NULL};

/* Every group of tables kazi_schema_of searches. */
static const kazi_schema *const groups[] = {schemas, kazi_schemas_training, NULL};

const kazi_schema *kazi_schema_of(const char *entity)
{
    for (const kazi_schema *const *g = groups; entity && *g; g++)
        for (const kazi_schema *s = *g; s->entity; s++)
            if (!strcmp(s->entity, entity)) return s;
    return NULL;
}

const char *const *kazi_schema_entities(void)
{
    return entity_names;
}

const kazi_field *kazi_schema_field(const kazi_schema *s, const char *name)
{
    for (const kazi_field *f = s ? s->fields : NULL; f && f->name; f++)
        if (f->name[0] == name[0] && !strcmp(f->name, name)) return f;
    return NULL;
}

/* ---- the rules ------------------------------------------------------------------------ */

int kazi_schema_date_valid(const char *s)
{
    return kazi_clock_date_valid(s, 1800, 9999);
}

int kazi_schema_text(const char *field, const char *s, size_t n, size_t max, int multiline)
{
    size_t chars = 0;
    for (size_t i = 0; i < n;) {
        unsigned char ch = (unsigned char)s[i];
        size_t len = kazi_utf8_char((const unsigned char *)s + i, n - i);
        if (!len)
            return kazi_error_set(KAZI_EINVALID, field, "%s is not valid UTF-8 text", LABEL(field));
        if ((ch < 0x20 && ch != '\t' && !(multiline && (ch == '\n' || ch == '\r'))) || ch == 0x7f)
            return kazi_error_set(KAZI_EINVALID, field, "%s contains a control character",
                                  LABEL(field));
        chars++;
        i += len;
    }
    if (max && chars > max)
        return kazi_error_set(KAZI_EINVALID, field, "%s is longer than %zu characters",
                              LABEL(field), max);
    return KAZI_OK;
}

int kazi_schema_phone(char *out, size_t size, const char *field, const char *in,
                      const char *calling_code)
{
    char digits[32];
    size_t n = 0;
    int plus = 0;
    const char *p = in ? in : "";
    while (*p == ' ')
        p++;
    if (*p == '+') {
        plus = 1;
        p++;
    }
    for (; *p; p++) {
        if (*p >= '0' && *p <= '9') {
            if (n + 1 >= sizeof digits) break;
            digits[n++] = *p;
        } else if (!strchr(" .-()", *p)) {
            return kazi_error_set(KAZI_EINVALID, field,
                                  "%s may contain only digits, spaces, +, -, dots and brackets "
                                  "(such as 0757 108 306 or +255 757 108 306)",
                                  LABEL(field));
        }
    }
    digits[n] = '\0';
    const char *d = digits;
    if (!plus && n >= 2 && d[0] == '0' && d[1] == '0') { /* 00<code>: the international prefix */
        plus = 1;
        d += 2;
    }
    size_t nd = strlen(d);
    if (*p || nd < 7 || nd > 15)
        return kazi_error_set(KAZI_EINVALID, field,
                              "%s must have 7 to 15 digits (such as 0757 108 306 or "
                              "+255 757 108 306)",
                              LABEL(field));
    int w;
    if (plus)
        w = snprintf(out, size, "+%s", d);
    else if (calling_code && *calling_code && d[0] == '0')
        w = snprintf(out, size, "+%s%s", calling_code, d + 1);
    else
        w = snprintf(out, size, "%s", d);
    if (w < 0 || (size_t)w >= size)
        return kazi_error_set(KAZI_EINVALID, field, "%s is too long", LABEL(field));
    return KAZI_OK;
}

void kazi_schema_calling_code(char *buf, size_t size)
{
    buf[0] = '\0';
    const kazi_registry_catalogue *cat = kazi_registry_catalogue_get();
    json_t *country = NULL;
    if (!cat->country || cat->country(cat->ctx, &country) < 0 || !country) return;
    json_t *v = json_object_get(country, "calling_code");
    char tmp[16];
    if (json_is_integer(v))
        snprintf(tmp, sizeof tmp, "%lld", (long long)json_integer_value(v));
    else
        snprintf(tmp, sizeof tmp, "%s", json_is_string(v) ? json_string_value(v) : "");
    size_t j = 0;
    for (const char *c = tmp; *c && j + 1 < size; c++)
        if (*c >= '0' && *c <= '9') buf[j++] = *c;
    buf[j] = '\0';
    json_decref(country);
}

static int today_before(const char *s)
{
    char today[16];
    time_t t = (time_t)(kazi_clock_now_ms() / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(today, sizeof today, "%Y-%m-%d", &tm);
    return strcmp(s, today) > 0;
}

/* The rule of one present, non-null value. */
static int check_value(const kazi_field *f, const json_t *v)
{
    const char *name = f->name;
    switch (f->kind) {
    case KAZI_F_TEXT:
    case KAZI_F_MULTILINE:
    case KAZI_F_ENUM:
    case KAZI_F_DATE:
    case KAZI_F_PHONE:
    case KAZI_F_CURRENCY: {
        if (!json_is_string(v))
            return kazi_error_set(KAZI_EINVALID, name, "%s must be text", LABEL(name));
        const char *s = json_string_value(v);
        size_t max = f->kind == KAZI_F_ENUM ? 40 : f->kind == KAZI_F_DATE ? 10 : f->max;
        int rc = kazi_schema_text(name, s, json_string_length(v), max, f->kind == KAZI_F_MULTILINE);
        if (rc < 0) return rc;
        if (f->kind == KAZI_F_ENUM) {
            for (int i = 0; f->options[i]; i++)
                if (!strcmp(f->options[i], s)) return KAZI_OK;
            char list[200] = "";
            for (int i = 0; f->options[i]; i++) {
                strncat(list, i ? ", " : "", sizeof list - strlen(list) - 1);
                strncat(list, f->options[i], sizeof list - strlen(list) - 1);
            }
            return kazi_error_set(KAZI_EINVALID, name, "%s must be one of: %s", LABEL(name), list);
        }
        if (f->kind == KAZI_F_DATE) {
            if (!kazi_schema_date_valid(s))
                return kazi_error_set(KAZI_EINVALID, name,
                                      "%s must be a date that exists (YYYY-MM-DD): '%.10s'",
                                      LABEL(name), s);
            if ((f->flags & PAST) && today_before(s))
                return kazi_error_set(KAZI_EINVALID, name, "%s is in the future", LABEL(name));
        }
        if (f->kind == KAZI_F_PHONE) {
            char norm[40];
            return kazi_schema_phone(norm, sizeof norm, name, s, NULL);
        }
        if (f->kind == KAZI_F_CURRENCY &&
            (strlen(s) != 3 || strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != 3)) {
            char cur[8];
            return kazi_error_set(KAZI_EINVALID, name, "%s must be an ISO 4217 code such as %s",
                                  LABEL(name), kazi_words_currency(cur, sizeof cur));
        }
        return KAZI_OK;
    }
    case KAZI_F_ID:
        if (!json_is_integer(v) || json_integer_value(v) <= 0)
            return kazi_error_set(KAZI_EINVALID, name, "%s must be a positive id", LABEL(name));
        return KAZI_OK;
    case KAZI_F_INTEGER:
        if (!json_is_integer(v))
            return kazi_error_set(KAZI_EINVALID, name, "%s must be a whole number", LABEL(name));
        return KAZI_OK;
    case KAZI_F_NUMBER:
        if (!json_is_number(v) || json_number_value(v) < 0)
            return kazi_error_set(KAZI_EINVALID, name, "%s must be a number >= 0", LABEL(name));
        return KAZI_OK;
    case KAZI_F_BOOL:
        if (!json_is_boolean(v))
            return kazi_error_set(KAZI_EINVALID, name, "%s must be true or false", LABEL(name));
        return KAZI_OK;
    case KAZI_F_ID_LIST: {
        size_t i;
        json_t *x;
        if (!json_is_array(v) || (f->max && json_array_size(v) > f->max))
            return kazi_error_set(KAZI_EINVALID, name, "%s must be a list of at most %zu ids",
                                  LABEL(name), f->max);
        json_array_foreach(v, i, x) if (!json_is_integer(x) || json_integer_value(x) <= 0)
        {
            return kazi_error_set(KAZI_EINVALID, name, "%s: item %zu is not an id", LABEL(name),
                                  i + 1);
        }
        return KAZI_OK;
    }
    case KAZI_F_TEXT_LIST: {
        if (!json_is_array(v) || (f->max && json_array_size(v) > f->max))
            return kazi_error_set(KAZI_EINVALID, name, "%s must be a list of at most %zu names",
                                  LABEL(name), f->max);
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x)
        {
            if (!json_is_string(x) || !json_string_length(x))
                return kazi_error_set(KAZI_EINVALID, name,
                                      "each of %s must be text of 1 to 40 characters", LABEL(name));
            int rc = kazi_schema_text(name, json_string_value(x), json_string_length(x), 40, 0);
            if (rc < 0) return rc;
        }
        return KAZI_OK;
    }
    default: /* identifiers, custom: their owners check them */
        return KAZI_OK;
    }
}

int kazi_schema_known(const kazi_schema *s, const json_t *in)
{
    if (!json_is_object(in))
        return kazi_error_set(KAZI_EINVALID, NULL, "the body must be an object");
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)in, key, v)
    {
        const kazi_field *f = kazi_schema_field(s, key);
        if (!f || !(f->flags & IN))
            return kazi_error_set(KAZI_EINVALID, key, "unknown field '%.60s'", key);
    }
    return KAZI_OK;
}

/* Check each input field; with a list, note every invalid one and go on. */
static int check_fields(const kazi_schema *s, const json_t *in, kazi_schema_use use,
                        kazi_check_list *l)
{
    int rc = kazi_schema_known(s, in);
    if (rc < 0) return rc;
    json_t *v;
    for (const kazi_field *f = s->fields; f->name; f++) {
        if (!(f->flags & IN)) continue;
        v = json_object_get(in, f->name);
        int empty = !v || json_is_null(v) || (json_is_string(v) && !json_string_length(v));
        if (empty && (f->flags & REQ) && (use == KAZI_SCHEMA_CREATE || v))
            rc = kazi_error_set(KAZI_EINVALID, f->name, "%s is required", LABEL(f->name));
        else if (!v || json_is_null(v))
            continue;
        else
            rc = check_value(f, v);
        if (rc < 0 && (!l || (rc = kazi_check_note(l, rc)) < 0)) return rc;
    }
    return KAZI_OK;
}

int kazi_schema_check(const kazi_schema *s, const json_t *in, kazi_schema_use use)
{
    return check_fields(s, in, use, NULL);
}

int kazi_schema_check_each(const kazi_schema *s, const json_t *in, kazi_schema_use use,
                           kazi_check_list *l)
{
    return check_fields(s, in, use, l);
}

int kazi_schema_normalise(const kazi_schema *s, json_t *in)
{
    char code[16];
    int have_code = 0;
    for (const kazi_field *f = s->fields; f->name; f++) {
        if (f->kind != KAZI_F_PHONE) continue;
        if (!have_code) {
            kazi_schema_calling_code(code, sizeof code);
            have_code = 1;
        }
        json_t *custom = json_object_get(in, "custom");
        json_t *holders[2] = {in, json_is_object(custom) ? custom : NULL};
        for (int h = 0; h < 2; h++) {
            if (!holders[h]) continue;
            json_t *v = json_object_get(holders[h], f->name);
            if (!json_is_string(v) || !json_string_length(v)) continue;
            char norm[40], field[80];
            snprintf(field, sizeof field, "%s%s", h ? "custom." : "", f->name);
            int rc = kazi_schema_phone(norm, sizeof norm, field, json_string_value(v), code);
            if (rc < 0) return rc;
            json_object_set_new(holders[h], f->name, json_string(norm));
        }
    }
    return KAZI_OK;
}

void kazi_schema_output(const kazi_schema *s, json_t *record)
{
    if (json_is_array(record)) {
        size_t i;
        json_t *x;
        json_array_foreach(record, i, x) kazi_schema_output(s, x);
        return;
    }
    const char *key;
    json_t *v;
    void *tmp;
    json_object_foreach_safe(record, tmp, key, v)
    {
        const kazi_field *f = kazi_schema_field(s, key);
        if (!f || !(f->flags & OUT)) json_object_del(record, key);
    }
}

/* ---- OpenAPI --------------------------------------------------------------------------- */

static json_t *custom_schema(const char *entity, kazi_schema_use use)
{
    json_t *props = json_object(), *required = json_array(), *decls = NULL;
    const kazi_registry_catalogue *cat = kazi_registry_catalogue_get();
    if (cat->fields && cat->fields(cat->ctx, entity, &decls) == KAZI_OK) {
        size_t i;
        json_t *d;
        json_array_foreach(decls, i, d)
        {
            const char *name = json_string_value(json_object_get(d, "name"));
            const char *type = json_string_value(json_object_get(d, "type"));
            if (!name) continue;
            json_t *p = json_object();
            if (type && !strcmp(type, "integer"))
                json_object_set_new(p, "type", json_string("integer"));
            else if (type && !strcmp(type, "number"))
                json_object_set_new(p, "type", json_string("number"));
            else if (type && !strcmp(type, "boolean"))
                json_object_set_new(p, "type", json_string("boolean"));
            else if (type && !strcmp(type, "multienum")) {
                json_object_set_new(p, "type", json_string("array"));
                json_t *items = json_pack("{s:s}", "type", "string");
                json_t *opt = json_object_get(d, "options");
                if (json_is_array(opt)) json_object_set(items, "enum", opt);
                json_object_set_new(p, "items", items);
            } else {
                json_object_set_new(p, "type", json_string("string"));
                if (type && !strcmp(type, "date"))
                    json_object_set_new(p, "format", json_string("date"));
                json_t *opt = json_object_get(d, "options");
                if (type && !strcmp(type, "enum") && json_is_array(opt))
                    json_object_set(p, "enum", opt);
                json_t *max = json_object_get(d, "max_length");
                if (json_is_integer(max)) json_object_set(p, "maxLength", max);
            }
            if (use == KAZI_SCHEMA_OUTPUT) json_object_set_new(p, "nullable", json_true());
            json_object_set_new(props, name, p);
            if (use == KAZI_SCHEMA_CREATE && json_is_true(json_object_get(d, "required")))
                json_array_append_new(required, json_string(name));
        }
    }
    json_decref(decls);
    json_t *o = json_pack("{s:s,s:o,s:b}", "type", "object", "properties", props,
                          "additionalProperties", use == KAZI_SCHEMA_OUTPUT);
    if (json_array_size(required))
        json_object_set_new(o, "required", required);
    else
        json_decref(required);
    return o;
}

static json_t *field_schema(const char *entity, const kazi_field *f, kazi_schema_use use)
{
    json_t *p = json_object();
    switch (f->kind) {
    case KAZI_F_ID:
    case KAZI_F_INTEGER:
        json_object_set_new(p, "type", json_string("integer"));
        break;
    case KAZI_F_NUMBER:
        json_object_set_new(p, "type", json_string("number"));
        break;
    case KAZI_F_BOOL:
        json_object_set_new(p, "type", json_string("boolean"));
        break;
    case KAZI_F_TEXT_LIST:
        json_object_set_new(p, "type", json_string("array"));
        json_object_set_new(p, "items", json_pack("{s:s,s:i}", "type", "string", "maxLength", 40));
        break;
    case KAZI_F_ID_LIST:
        json_object_set_new(p, "type", json_string("array"));
        json_object_set_new(p, "items", json_pack("{s:s}", "type", "integer"));
        break;
    case KAZI_F_IDENTIFIERS:
        json_object_set_new(p, "type", json_string("array"));
        json_object_set_new(p, "items",
                            json_pack("{s:s,s:[s,s],s:{s:{s:s,s:i},s:{s:s,s:i}},s:b}", "type",
                                      "object", "required", "type", "value", "properties", "type",
                                      "type", "string", "maxLength", 40, "value", "type", "string",
                                      "maxLength", 64, "additionalProperties", 0));
        break;
    case KAZI_F_CUSTOM:
        json_decref(p);
        p = custom_schema(entity, use);
        break;
    case KAZI_F_OBJECT:
        json_object_set_new(p, "type", json_string("object"));
        break;
    case KAZI_F_OBJECT_LIST:
        json_object_set_new(p, "type", json_string("array"));
        json_object_set_new(p, "items", json_pack("{s:s}", "type", "object"));
        break;
    case KAZI_F_LIST:
        json_object_set_new(p, "type", json_string("array"));
        json_object_set_new(p, "items", json_object());
        break;
    default:
        json_object_set_new(p, "type", json_string("string"));
        if (f->kind == KAZI_F_DATE) json_object_set_new(p, "format", json_string("date"));
        if (f->kind == KAZI_F_TIMESTAMP) json_object_set_new(p, "format", json_string("date-time"));
        if (f->kind == KAZI_F_ENUM) {
            json_t *e = json_array();
            for (int i = 0; f->options[i]; i++)
                json_array_append_new(e, json_string(f->options[i]));
            json_object_set_new(p, "enum", e);
        }
        if (f->kind == KAZI_F_DATE) json_object_set_new(p, "maxLength", json_integer(10));
        if (f->max && f->kind != KAZI_F_DATE)
            json_object_set_new(p, "maxLength", json_integer((json_int_t)f->max));
    }
    /* Optional input may be sent as null (cleared); output says which may be null. */
    if ((f->flags & NUL) || (use != KAZI_SCHEMA_OUTPUT && !(f->flags & REQ))) {
        json_object_set_new(p, "nullable", json_true());
        /* OpenAPI 3.0: "nullable" widens the type, not an enum; null must be listed */
        json_t *e = json_object_get(p, "enum");
        if (json_is_array(e)) json_array_append_new(e, json_null());
    }
    return p;
}

json_t *kazi_schema_openapi(const char *entity, kazi_schema_use use)
{
    const kazi_schema *s = kazi_schema_of(entity);
    if (!s) return NULL;
    json_t *props = json_object(), *required = json_array();
    for (const kazi_field *f = s->fields; f->name; f++) {
        unsigned want = use == KAZI_SCHEMA_OUTPUT ? OUT : IN;
        if (!(f->flags & want)) continue;
        json_object_set_new(props, f->name, field_schema(entity, f, use));
        /* Output: every declared field is present (null when empty); personal ones are
         * left out for callers without the right, so they are not required. */
        int req = use == KAZI_SCHEMA_OUTPUT   ? !(f->flags & (PERSONAL | SOMETIMES))
                  : use == KAZI_SCHEMA_CREATE ? (f->flags & REQ) != 0
                                              : 0;
        if (req) json_array_append_new(required, json_string(f->name));
    }
    json_t *o = json_pack("{s:s,s:o,s:b}", "type", "object", "properties", props,
                          "additionalProperties", 0);
    if (json_array_size(required))
        json_object_set_new(o, "required", required);
    else
        json_decref(required);
    return o;
}
