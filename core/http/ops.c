/*
 * ops — operations endpoints: /healthz, /metrics, /api/openapi.json.
 * Owns: their handlers and route table.
 * Uses: store/db, store/migrate, http/metrics, http/openapi.
 * Thread-safety: handlers run on any worker thread with its own connection.
 */
#include "http/metrics.h"
#include "http/openapi.h"
#include "http/router.h"
#include "store/db.h"
#include "store/migrate.h"
#include "util/error.h"
#include "version.h"

#include <stdlib.h>
#include <string.h>

static int healthz(kazi_req *req, kazi_resp *resp)
{
    (void)req;
    kazi_db *db;
    int version = 0;
    int rc = kazi_store_thread_db(&db);
    /* Reading the schema version reads the database header: one statement proves the
     * database answers (kazi_db_ping would be a second one for no more certainty). */
    if (rc == KAZI_OK) rc = kazi_migrate_version(&version, db);
    if (rc < 0)
        return kazi_reply_json(resp, 503,
                               json_pack("{s:s,s:s,s:s}", "status", "unavailable", "database",
                                         kazi_error_last()->message, "version", KAZI_VERSION));
    return kazi_reply_json(resp, 200,
                           json_pack("{s:s,s:s,s:s,s:i}", "status", "ok", "database", "ok",
                                     "version", KAZI_VERSION, "schema_version", version));
}

static int metrics(kazi_req *req, kazi_resp *resp)
{
    (void)req;
    char *text = kazi_metrics_render();
    if (!text) return kazi_error_set(KAZI_ERROR, NULL, "out of memory rendering metrics");
    kazi_reply_take(resp, 200, "text/plain; version=0.0.4; charset=utf-8", text, strlen(text));
    return KAZI_OK;
}

static int openapi(kazi_req *req, kazi_resp *resp)
{
    (void)req;
    return kazi_reply_json(resp, 200, kazi_openapi_document());
}

const kazi_route kazi_routes_ops[] = {
    {"GET", "/healthz", healthz, KAZI_PERM_PUBLIC, "Liveness and database check", 0},
    {"GET", "/metrics", metrics, KAZI_PERM_PUBLIC, "Prometheus metrics", 0},
    {"GET", "/api/openapi.json", openapi, KAZI_PERM_PUBLIC, "This API's OpenAPI 3 document", 0},
    KAZI_ROUTES_END,
};
