/*
 * dhis2 — Kazi's figures as DHIS2 aggregate data: the configuration's kazi.dhis2{}
 * mapping applied to the register for one period, as a dataValueSets JSON document or
 * an ADX XML document, and its push to a DHIS2 instance (POST /api/dataValueSets) with
 * the import summary recorded in the audit trail. docs/interoperability.md, "DHIS2".
 * Owns: period parsing, the roll-up to reporting org units, both document formats, the
 *       push's request and the reading of DHIS2's import summary.
 * Uses: domain/dhis2_figures (counts), domain/plugins (indicator reports), lua/runtime
 *       (the live mapping), store/orgunit,
 *       domain/audit, util/httpc.
 * Thread-safety: reentrant.
 */
#ifndef KAZI_DOMAIN_DHIS2_H
#define KAZI_DOMAIN_DHIS2_H

#include <stddef.h>

#include "auth/caller.h"
#include "lua/runtime.h"
#include "store/db.h"
#include "util/json.h"

typedef enum { KAZI_DHIS2_JSON, KAZI_DHIS2_ADX } kazi_dhis2_format;

/* "json" (or NULL) or "adx"; else KAZI_EINVALID naming field "format". */
int kazi_dhis2_format_parse(kazi_dhis2_format *out, const char *s);

/* A document to send (or serve). */
typedef struct kazi_dhis2_doc {
    char *data;               /* malloc'd, NUL-terminated; kazi_dhis2_doc_free */
    size_t len;               /* bytes in data */
    const char *content_type; /* "application/json" or "application/adx+xml" (static) */
    size_t values;            /* data values in it */
    char id_scheme[8];        /* "uid" or "code": data set, data elements, combos */
    char org_unit_scheme[8];  /* "uid" or "code": org units */
} kazi_dhis2_doc;

void kazi_dhis2_doc_free(kazi_dhis2_doc *doc);

/*
 * The document for `period` — "YYYYMM" (monthly), "YYYYQn" (quarterly) or "YYYY"
 * (yearly) — under the mapping of generation g (NULL: the active one), for the caller's
 * scope, narrowed to the subtree of the org unit with code `org_unit` when given. One
 * value per reporting org unit (a unit at one of the mapping's levels inside the range)
 * and mapping row, zeros included. A row naming an indicator runs that report as the
 * caller (kazi_report_run_for: scope, run recorded) for the period's months at each
 * mapped level, once per indicator and breakdown; a number it leaves empty is not sent. Errors:
 * KAZI_EINVALID naming "period", "org_unit" (unknown or outside the scope, alike) or "dhis2" (no
 * mapping configured, or an org unit without a DHIS2 id when the org-unit id scheme is uid); the
 * store's.
 */
int kazi_dhis2_export(kazi_dhis2_doc *out, kazi_db *db, const kazi_caller *caller, kazi_lua_gen *g,
                      const char *period, kazi_dhis2_format format, const char *org_unit);

/* Where and how to push. */
typedef struct kazi_dhis2_target {
    const char *url;             /* the DHIS2 base URL, e.g. https://dhis2.example.org */
    const char *token;           /* a DHIS2 personal access token (d2pat_...) */
    int dry_run;                 /* dryRun=true: DHIS2 checks and answers, saves nothing */
    const char *import_strategy; /* NULL: CREATE_AND_UPDATE */
    long timeout_s;              /* 0: 120 */
} kazi_dhis2_target;

/*
 * Export as kazi_dhis2_export and POST it to {url}/api/dataValueSets with dryRun,
 * importStrategy, idScheme and orgUnitIdScheme, the token as "Authorization: ApiToken
 * <token>". Whatever DHIS2 answers is recorded in the audit trail (action "dhis2.push",
 * entity "dhis2" / the period): the import summary's status, import counts and conflicts,
 * the HTTP status, the URL, format, dry run and number of values sent. *out is a new
 * object of that summary. Errors: the export's; KAZI_EINVALID "url"; KAZI_ERROR when
 * DHIS2 cannot be reached (nothing recorded) or answers without an import summary
 * (recorded, then the error names the status).
 */
int kazi_dhis2_push(json_t **out, kazi_db *db, const kazi_caller *caller, kazi_lua_gen *g,
                    const kazi_dhis2_target *target, const char *period, kazi_dhis2_format format,
                    const char *org_unit);

#endif
