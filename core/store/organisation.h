/*
 * organisation — the organisation table: employers and funders of workers.
 * Owns: organisation rows.
 * Uses: store/db, util/json.
 * Thread-safety: as the connection passed in.
 */
#ifndef KAZI_STORE_ORGANISATION_H
#define KAZI_STORE_ORGANISATION_H

#include <stdint.h>

#include "store/db.h"
#include "store/orgunit.h"
#include "util/json.h"

typedef struct kazi_organisation {
    int64_t id;
    char code[65];
    char name[201];
    char kind[16]; /* government, ngo, private, faith_based */
    int64_t org_unit_id;
    char org_unit_path[KAZI_ORGUNIT_PATH_MAX]; /* read-only: the unit's path */
} kazi_organisation;

/* By id; KAZI_ENOTFOUND when absent. */
int kazi_organisation_get(kazi_organisation *out, kazi_db *db, int64_t id);
/* Insert (sets o->id) / update name, code, kind, org unit. KAZI_EEXISTS for a taken code. */
int kazi_organisation_insert(kazi_organisation *o, kazi_db *db);
int kazi_organisation_update(kazi_db *db, const kazi_organisation *o);
/* Public view. New reference. */
json_t *kazi_organisation_json(const kazi_organisation *o);
/*
 * Organisations visible from the scope `path` ("/" for national): those whose unit is
 * inside the subtree [path, end) or is an ancestor of path (on the way to the root),
 * optionally filtered by a name/code substring q (NULL: all). New JSON array.
 */
int kazi_organisation_list(json_t **out, kazi_db *db, const char *path, const char *q, int limit,
                           int offset);

#endif
