/*
 * schema — what a record is: one static field table per entity (person, position,
 * assignment, org unit), and the rules every field kind follows (one UTF-8 length rule,
 * one date rule, one phone rule with one stored form). The tables drive input
 * validation (unknown fields are refused by name), the output allow-list (only declared
 * fields leave the server), the CSV columns of imports and exports, and the JSON Schemas
 * of the OpenAPI document. The configuration's custom fields join under "custom".
 * Owns: the static tables; nothing mutable.
 * Uses: domain/catalogue (custom fields, the country's calling code), util/json.
 * Thread-safety: reentrant; the tables are constant.
 */
#ifndef KAZI_DOMAIN_SCHEMA_H
#define KAZI_DOMAIN_SCHEMA_H

#include <stddef.h>

#include "util/error.h"
#include "util/json.h"

typedef enum {
    KAZI_SCHEMA_CREATE = 1,
    KAZI_SCHEMA_UPDATE = 2,
    KAZI_SCHEMA_OUTPUT = 3
} kazi_schema_use;

/* What a field holds; each kind has exactly one rule (kazi_schema_check_field). */
typedef enum kazi_field_kind {
    KAZI_F_TEXT = 1,    /* one line of text, max characters (UTF-8) */
    KAZI_F_MULTILINE,   /* text that may hold line breaks */
    KAZI_F_ENUM,        /* one of `options` */
    KAZI_F_DATE,        /* YYYY-MM-DD, a day that exists */
    KAZI_F_PHONE,       /* local or international form, stored in one normal form */
    KAZI_F_ID,          /* a positive integer naming another record */
    KAZI_F_INTEGER,     /* any integer */
    KAZI_F_NUMBER,      /* a number >= 0 */
    KAZI_F_BOOL,        /* true or false */
    KAZI_F_CURRENCY,    /* ISO 4217 code */
    KAZI_F_TEXT_LIST,   /* array of short texts (max items in `max`, 40 chars each) */
    KAZI_F_IDENTIFIERS, /* [{type, value}]: checked by the registry */
    KAZI_F_CUSTOM,      /* the configuration's custom fields: checked by the catalogue */
    KAZI_F_TIMESTAMP,   /* output only: ISO 8601 date-time */
    KAZI_F_OBJECT,      /* output only: a nested object (e.g. a position's holder) */
    KAZI_F_ID_LIST,     /* array of positive ids (max items in `max`) */
    KAZI_F_OBJECT_LIST, /* output only: an array of nested objects (e.g. an org unit's path) */
    KAZI_F_LIST,        /* output only: an array of texts or objects (what a rule found missing) */
} kazi_field_kind;

/* Where a field may appear. */
#define KAZI_FIELD_REQUIRED   0x01 /* create must send it (non-empty) */
#define KAZI_FIELD_INPUT      0x02 /* a client may send it */
#define KAZI_FIELD_OUTPUT     0x04 /* the API returns it */
#define KAZI_FIELD_NOT_FUTURE 0x08 /* dates: not after today */
#define KAZI_FIELD_NULLABLE   0x10 /* output may be null */
#define KAZI_FIELD_PERSONAL   0x20 /* personal data (left out for callers without the right) */
#define KAZI_FIELD_SOMETIMES  0x40 /* output only in some answers (e.g. a single record's) */

typedef struct kazi_field {
    const char *name;
    kazi_field_kind kind;
    unsigned flags;
    size_t max;                 /* characters (text), items (lists); 0: no limit */
    const char *const *options; /* KAZI_F_ENUM */
    const char *csv;            /* the CSV column (NULL: the field's name; "": none) */
} kazi_field;

typedef struct kazi_schema {
    const char *entity;
    const kazi_field *fields; /* terminated by {NULL} */
} kazi_schema;

/* The tables of domain/schema_support.c (supervision, pay, support, returns). */
extern const kazi_field kazi_schema_supervision_fields[];
extern const kazi_field kazi_schema_supervision_end_fields[];
extern const kazi_field kazi_schema_supervision_session_fields[];
extern const kazi_field kazi_schema_payment_fields[];
extern const kazi_field kazi_schema_support_activity_fields[];
extern const kazi_field kazi_schema_activity_return_fields[];
extern const kazi_field kazi_schema_activity_count_fields[];

/* The tables kept beside their area, NULL-terminated: training and careers records
 * (schema_training.c). Reach them through kazi_schema_of. */
extern const kazi_schema kazi_schemas_training[];

/* The table of `entity`, or NULL. Lent, static. */
const kazi_schema *kazi_schema_of(const char *entity);

/* The entity names that have a table, NULL-terminated (lent, static). */
const char *const *kazi_schema_entities(void);

/* The field `name` of `s`, or NULL. */
const kazi_field *kazi_schema_field(const kazi_schema *s, const char *name);

/*
 * The JSON Schema (the OpenAPI 3.0 subset: type, properties, required, format, maxLength,
 * enum, nullable, items, additionalProperties) of `entity` ("person", "position",
 * "assignment", "org_unit", ...) for `use`, including the live configuration's custom
 * fields; a new reference, or NULL for an entity without a table.
 */
json_t *kazi_schema_openapi(const char *entity, kazi_schema_use use);

/* ---- the rules --------------------------------------------------------------------- */

/* 1 when s is a valid YYYY-MM-DD date of a day that exists (1800 on), else 0. */
int kazi_schema_date_valid(const char *s);

/*
 * The one text rule: `s` (n bytes) is valid UTF-8 of at most `max` characters (0: any)
 * without control characters (tabs allowed; line breaks when `multiline`).
 * KAZI_OK or KAZI_EINVALID naming `field`.
 */
int kazi_schema_text(const char *field, const char *s, size_t n, size_t max, int multiline);

/*
 * The one phone rule. `in` may use spaces, dots, dashes and brackets between digits,
 * and be international (+<code>..., 00<code>...) or local (0...). The normal form is
 * "+<code><number>" when the number is international or `calling_code` (digits, e.g.
 * "255", NULL or "" when the configuration declares none) is known, else the local
 * digits ("0757108306"). 7 to 15 digits. KAZI_OK with `out` (size bytes) filled, or
 * KAZI_EINVALID naming `field`.
 */
int kazi_schema_phone(char *out, size_t size, const char *field, const char *in,
                      const char *calling_code);

/* The calling code the live configuration declares (kazi.country{calling_code}) into
 * buf (digits only), or "" when none. */
void kazi_schema_calling_code(char *buf, size_t size);

/*
 * Check `in` (an API body) against the table for `use` (CREATE or UPDATE): a field the
 * table does not declare as input is refused by name ("unknown field 'x'"); required
 * fields (CREATE) must be present and non-empty; each present value follows its kind's
 * rule. Identifier lists and custom values are left to their owners. KAZI_OK or
 * KAZI_EINVALID naming the field.
 */
int kazi_schema_check(const kazi_schema *s, const json_t *in, kazi_schema_use use);
/* kazi_schema_check noting every invalid field in `l` (util/error.h) instead of stopping
 * at the first; returns only errors that are not KAZI_EINVALID (an unknown field too). */
int kazi_schema_check_each(const kazi_schema *s, const json_t *in, kazi_schema_use use,
                           kazi_check_list *l);

/* Only the names of `in`: KAZI_EINVALID naming the first field the table does not
 * declare as input (updates check names before scope, values after). */
int kazi_schema_known(const kazi_schema *s, const json_t *in);

/* Bring values into their stored form in place (phones, also a custom field with a
 * built-in phone's name). `in` must be the caller's own object. KAZI_OK or
 * KAZI_EINVALID naming the field. */
int kazi_schema_normalise(const kazi_schema *s, json_t *in);

/* The output allow-list: delete from `record` (or from each record of a list) every key
 * the table does not declare as output (a new store column stays inside the server until
 * it is declared). */
void kazi_schema_output(const kazi_schema *s, json_t *record);

#endif
