/*
 * fhir (store) — the rows behind the FHIR registry API: people, assignments with their
 * posts, org units and employers, filtered, scoped and in keyset order, read one at a
 * time so a feed of any length keeps memory flat.
 * Owns: the SQL of /fhir searches and histories; the index-backed change order.
 * Uses: store/internal (statement cache, row → JSON).
 * Thread-safety: as db.h (one connection per thread).
 */
#ifndef KAZI_STORE_FHIR_H
#define KAZI_STORE_FHIR_H

#include <stdint.h>

#include "store/db.h"
#include "util/json.h"

typedef enum kazi_fhir_type {
    KAZI_FHIR_ORGANIZATION = 0, /* org units as jurisdictions ('u') and employers ('e') */
    KAZI_FHIR_LOCATION,         /* org units */
    KAZI_FHIR_PRACTITIONER,     /* people */
    KAZI_FHIR_ROLE,             /* assignments (PractitionerRole) with their posts */
    KAZI_FHIR_NTYPES
} kazi_fhir_type;

/* What a search or a history page asks for. Zero means "any" for every field. */
typedef struct kazi_fhir_filter {
    const char *lo, *hi;    /* the caller's scope range of org-unit paths (NULL: national) */
    const char *scope_path; /* the caller's scope unit's path (employers above it show) */
    int64_t id;             /* _id */
    char kind;              /* Organization ids: 'u' (org unit) or 'e' (employer) */
    int64_t updated_after;  /* epoch ms: _lastUpdated=gt..., _since */
    const char *name;       /* name prefix, lower case */
    const char *identifier; /* Practitioner: an identifier value; others: the code */
    int active;             /* -1 any, 0 inactive only, 1 active only */
    int64_t partof;         /* Location, Organization: parent org unit */
    int64_t practitioner;   /* PractitionerRole filters */
    int64_t location;       /* ... the post's org unit */
    int64_t employer;       /* ... the post's employer */
    int history;            /* 1: merged people too; newest change first */
    int64_t after_at;       /* keyset: history (after_at, after_kind, after_id) ... */
    char after_kind;        /* ... Organization's kind in both orders */
    int64_t after_id;       /* ... search: ids above after_id */
    int limit;              /* rows (1..) */
} kazi_fhir_filter;

/*
 * Every row matching `f`, in keyset order (search: id; history: newest change first), at
 * most f->limit, each as a new JSON object handed to fn (which takes it); stops at fn's
 * first negative return (returned). Columns: Practitioner id, given_name, family_name,
 * other_names, sex, birth_date, phone, status, merged_into_id, updated_ms; PractitionerRole
 * id, person_id, start_date, end_date, cadre, title, org_unit_id, organisation_id,
 * updated_ms; Location id, code, name, parent_id, level_id, updated_ms; Organization kind,
 * id, code, name, parent_id, type, updated_ms.
 */
int kazi_store_fhir_each(kazi_db *db, kazi_fhir_type type, const kazi_fhir_filter *f,
                         int (*fn)(void *ctx, json_t *row), void *ctx);

/* A person's identifiers [{type, value}] and certificates [{number, certification,
 * issued_date, expires_date, status}] (new arrays). */
int kazi_store_fhir_identifiers(json_t **out, kazi_db *db, int64_t person_id);
int kazi_store_fhir_certificates(json_t **out, kazi_db *db, int64_t person_id);

#endif
