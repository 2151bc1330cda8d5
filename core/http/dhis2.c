/*
 * dhis2 (http) — GET /api/v1/exports/dhis2: a period's aggregate data as DHIS2
 * `dataValueSets` JSON or ADX XML, for the caller's scope (docs/interoperability.md).
 * Owns: this route and its parameters. Uses: domain/dhis2, http/caller.
 * Thread-safety: handlers run on any worker thread with its own connection.
 */
#include "domain/dhis2.h"
#include "http/caller.h"
#include "http/router.h"
#include "util/error.h"

#include <stdio.h>

static int export_dhis2(kazi_req *req, kazi_resp *resp)
{
    kazi_caller actor;
    kazi_db *db;
    char pbuf[16], fbuf[8], obuf[80];
    const char *period, *format, *unit;
    kazi_dhis2_format f;
    int rc = kazi_http_setup(&actor, &db, req);
    if (rc < 0 || (rc = kazi_req_query_opt(&period, pbuf, sizeof pbuf, req, "period")) < 0 ||
        (rc = kazi_req_query_opt(&format, fbuf, sizeof fbuf, req, "format")) < 0 ||
        (rc = kazi_req_query_opt(&unit, obuf, sizeof obuf, req, "org_unit")) < 0 ||
        (rc = kazi_dhis2_format_parse(&f, format)) < 0)
        return rc;
    if (!period) return kazi_error_set(KAZI_EINVALID, "period", "period is required (YYYYMM)");
    kazi_dhis2_doc doc;
    if ((rc = kazi_dhis2_export(&doc, db, &actor, NULL, period, f, unit)) < 0) return rc;
    char disp[80];
    snprintf(disp, sizeof disp, "attachment; filename=\"dhis2-%s.%s\"", period,
             f == KAZI_DHIS2_ADX ? "adx.xml" : "json");
    kazi_resp_header(resp, "Content-Disposition", disp);
    kazi_reply_take(resp, 200, doc.content_type, doc.data, doc.len);
    return KAZI_OK;
}

const kazi_route kazi_routes_dhis2[] = {
    {"GET", "/api/v1/exports/dhis2", export_dhis2, "reports.aggregate",
     "A period's aggregate figures as DHIS2 dataValueSets JSON or ADX XML (kazi.dhis2 mapping), "
     "within the caller's scope",
     0, .reply = "Dhis2DataValueSet",
     .query = KAZI_QUERY({"period", "string"}, {"format", "string"}, {"org_unit", "string"})},
    KAZI_ROUTES_END,
};
