/*
 * registry_testing — a test-only fixture route (KAZI_TEST_ROUTES=1): a small
 * hierarchy (country TZ, regions R1 and R2, a district under each, two wards and
 * villages) and two organisations, so the registry's HTTP suite can run before the
 * access layer's org-unit API exists. Answers {code: id} for every unit and
 * organisation. Idempotent per data directory (a second call answers 409).
 * Owns: the fixture route. Uses: store/registry.
 */
#include "http/router.h"
#include "store/db.h"
#include "store/registry.h"
#include "util/clock.h"
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
    int64_t now = kazi_clock_now_ms();
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        int64_t id, parent = 0;
        if (units[i].parent)
            parent = json_integer_value(json_object_get(ids, units[i].parent));
        if ((rc = kazi_store_org_unit_add(&id, db, parent, units[i].code, units[i].name,
                                          units[i].level, now)) < 0)
            goto fail;
        json_object_set_new(ids, units[i].code, json_integer(id));
    }
    int64_t org;
    if ((rc = kazi_store_organisation_add(&org, db, "GOV", "Department of Social Welfare",
                                          "government",
                                          json_integer_value(json_object_get(ids, "TZ")), now)) < 0)
        goto fail;
    json_object_set_new(ids, "GOV", json_integer(org));
    if ((rc = kazi_store_organisation_add(&org, db, "NGO", "Kiota Children's Trust", "ngo",
                                          json_integer_value(json_object_get(ids, "D2")), now)) < 0)
        goto fail;
    json_object_set_new(ids, "NGO", json_integer(org));
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
