/*
 * fhir — the register as a FHIR R4 mCSD Health Worker Registry: people as
 * Practitioner, assignments as PractitionerRole, org units as Location and as
 * jurisdiction Organization, employers as Organization; read, search with paging, and
 * `_history` feeds so a mirror stays in sync. Read-only.
 * Owns: the mapping from Kazi's records to FHIR resources, search parameters, Bundles,
 * the CapabilityStatement.
 * Uses: store/fhir (rows), auth/caller (scope, personal data), domain/catalogue (the
 * configuration's identifier systems, cadre names and ISCO-08 codes).
 * Thread-safety: reentrant; one db connection per thread.
 *
 * Resource ids: Practitioner/<person id>, PractitionerRole/<assignment id>,
 * Location/<org unit id>, Organization/u<org unit id> (a jurisdiction) and
 * Organization/e<organisation id> (an employer).
 */
#ifndef KAZI_DOMAIN_FHIR_H
#define KAZI_DOMAIN_FHIR_H

#include "auth/caller.h"
#include "store/db.h"
#include "util/json.h"

/* Search and history parameters as received (decoded text; NULL when absent). */
typedef struct kazi_fhir_params {
    const char *id;           /* _id */
    const char *last_updated; /* _lastUpdated: [gt|ge]<date or instant> */
    const char *since;        /* _since (history): <instant> */
    const char *name;
    const char *identifier; /* [system|]value */
    const char *active;     /* true | false */
    const char *partof;
    const char *organization;
    const char *location;
    const char *practitioner;
    const char *include; /* _include: PractitionerRole:practitioner only */
    const char *cursor;  /* _cursor: from a next link */
    const char *count;   /* _count: 1..1000 (default 50) */
} kazi_fhir_params;

/* The names of the parameters a search (history: 0) or a history (1) of `type` accepts,
 * NULL-terminated, for refusing the others by name. NULL for an unknown type. */
const char *const *kazi_fhir_param_names(const char *type, int history);

/* 1 for a resource type this API serves. */
int kazi_fhir_type_known(const char *type);

/*
 * Read one resource. KAZI_ENOTFOUND when it does not exist or lies outside the caller's
 * scope (the same answer); a merged Practitioner is KAZI_ENOTFOUND with slug "gone".
 * `base` is the service base URL ("https://host/fhir"), used in references nowhere but
 * kept for symmetry with search. *out is a new reference.
 */
int kazi_fhir_read(json_t **out, kazi_db *db, const kazi_caller *c, const char *type,
                   const char *id);

/*
 * A searchset (history 0) or history (1) Bundle of `type` (NULL with history: every
 * type, Organization, Location, Practitioner then PractitionerRole, so a mirror loads
 * what others point to first), with `self` and `next` links under `base`, as JSON text
 * (*out malloc'd, *len bytes; the caller frees), each entry serialised as soon as it is
 * made, so a page's memory is its text. Bad parameters: KAZI_EINVALID naming the
 * parameter, before anything is written.
 */
int kazi_fhir_search_text(char **out, size_t *len, kazi_db *db, const kazi_caller *c,
                          const char *type, int history, const kazi_fhir_params *p,
                          const char *base);

/* The CapabilityStatement: exactly what this API supports. New reference. */
json_t *kazi_fhir_capability(const char *base);

/* An OperationOutcome for an error: severity error, `code` (FHIR issue type:
 * "not-found", "invalid", "security", "exception", ...), the message as diagnostics,
 * the field (when given) as expression. New reference. */
json_t *kazi_fhir_outcome(const char *code, const char *message, const char *field);

#endif
