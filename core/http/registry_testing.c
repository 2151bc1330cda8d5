/*
 * registry_testing — a test-only fixture route (KAZI_TEST_ROUTES=1): a small
 * hierarchy (country TZ, regions R1 and R2, a district under each, two wards and
 * villages) and two organisations, so the registry's HTTP suite can run before the
 * access layer's org-unit API exists. Answers {code: id} for every unit and
 * organisation. Idempotent per data directory (a second call answers 409).
 * Owns: the fixture route. Uses: store/orgunit, store/organisation.
 */
#include "http/router.h"
#include "store/db.h"
#include "store/organisation.h"
#include "store/orgunit.h"

#include <stdio.h>
#include <string.h>
#include "util/error.h"

static int fixture(kazi_req *req, kazi_resp *resp)
{
    (void)req;
    static const struct {
        const char *code, *name, *parent, *level;
    } units[] = {
        {"TZ", "Tanzania", NULL, "country"},
        {"R1", "Dodoma", "TZ", "region"},
        {"D1", "Dodoma City", "R1", "district"},
        {"W1", "Makole", "D1", "ward"},
        {"V1", "Makole Kati", "W1", "village"},
        {"V2", "Chang'ombe", "W1", "village"},
        {"R2", "Mwanza", "TZ", "region"},
        {"D2", "Ilemela", "R2", "district"},
        {"W2", "Buswelu", "D2", "ward"},
        {"V3", "Nyamadoke", "W2", "village"},
    };
    kazi_db *db;
    int rc = kazi_store_thread_db(&db);
    if (rc < 0 || (rc = kazi_db_begin(db)) < 0) return rc;
    json_t *ids = json_object();
    kazi_orgunit made[sizeof units / sizeof units[0]];
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        const kazi_orgunit *parent = NULL;
        for (size_t j = 0; j < i; j++)
            if (units[i].parent && !strcmp(units[j].code, units[i].parent)) parent = &made[j];
        memset(&made[i], 0, sizeof made[i]);
        snprintf(made[i].code, sizeof made[i].code, "%s", units[i].code);
        snprintf(made[i].name, sizeof made[i].name, "%s", units[i].name);
        snprintf(made[i].level_id, sizeof made[i].level_id, "%s", units[i].level);
        made[i].depth = parent ? parent->depth + 1 : 0;
        if ((rc = kazi_orgunit_insert(&made[i], db, parent)) < 0) goto fail;
        json_object_set_new(ids, units[i].code, json_integer(made[i].id));
    }
    static const struct {
        const char *code, *name, *kind, *unit;
    } orgs[] = {{"GOV", "Department of Social Welfare", "government", "TZ"},
                {"NGO", "Kiota Children's Trust", "ngo", "D2"}};
    for (size_t i = 0; i < 2; i++) {
        kazi_organisation o = {0};
        snprintf(o.code, sizeof o.code, "%s", orgs[i].code);
        snprintf(o.name, sizeof o.name, "%s", orgs[i].name);
        snprintf(o.kind, sizeof o.kind, "%s", orgs[i].kind);
        o.org_unit_id = json_integer_value(json_object_get(ids, orgs[i].unit));
        if ((rc = kazi_organisation_insert(&o, db)) < 0) goto fail;
        json_object_set_new(ids, orgs[i].code, json_integer(o.id));
    }
    if ((rc = kazi_db_commit(db)) < 0) goto fail2;
    return kazi_reply_json(resp, 201, ids);
fail:
    kazi_db_rollback(db);
fail2:
    json_decref(ids);
    return rc;
}

const kazi_route kazi_routes_registry_testing[] = {
    {"POST", "/api/test/registry/fixture", fixture, KAZI_PERM_PUBLIC,
     "Test only: a small org-unit hierarchy and two organisations", 64},
    KAZI_ROUTES_END,
};
