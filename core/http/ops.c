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
#include "util/buf.h"
#include "util/clock.h"
#include "util/error.h"
#include "version.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Below this much free space on the file system holding the database, writes are about
 * to fail (or already do: they answer 507), so /healthz says "degraded". One write of a
 * person with its audit row needs a few pages of WAL; 1 MiB leaves room for any ordinary
 * request while still meaning "full" to an operator. */
#define HEALTH_MIN_FREE_BYTES (1024 * 1024)

/*
 * The checks behind /healthz, shared by every worker thread for at most HEALTH_TTL_MS:
 * a monitor polling many times a second costs one database statement and one statvfs a
 * second, not one per poll. A failed check is never kept (the next poll checks again),
 * and a write that meets a full disk (kazi_db_full_epoch) ends the kept answer at once.
 */
#define HEALTH_TTL_MS 1000
/* Near full, every poll checks again: only an answer with this much room is kept. */
#define HEALTH_KEEP_ABOVE ((uint64_t)64 * HEALTH_MIN_FREE_BYTES)

static _Atomic int64_t health_at_ns; /* when the kept answer was checked; 0: none */
static atomic_uint health_epoch;
static atomic_int health_version;
static _Atomic uint64_t health_avail;

static int health_check(int *version, uint64_t *avail)
{
    int64_t now = kazi_clock_mono_ns();
    unsigned epoch = kazi_db_full_epoch();
    int64_t at = atomic_load(&health_at_ns);
    if (at && now - at < (int64_t)HEALTH_TTL_MS * 1000000 && atomic_load(&health_epoch) == epoch) {
        *version = atomic_load(&health_version);
        *avail = atomic_load(&health_avail);
        return KAZI_OK;
    }
    kazi_db *db;
    int rc = kazi_store_thread_db(&db);
    /* Reading the schema version reads the database header: one statement proves the
     * database answers (kazi_db_ping would be a second one for no more certainty). */
    if (rc == KAZI_OK) rc = kazi_migrate_version(version, db);
    if (rc == KAZI_OK) rc = kazi_db_free_space(avail, db);
    if (rc < 0 || *avail < HEALTH_KEEP_ABOVE) { /* only a healthy answer is kept */
        atomic_store(&health_at_ns, 0);
        return rc;
    }
    atomic_store(&health_version, *version);
    atomic_store(&health_avail, *avail);
    atomic_store(&health_epoch, epoch);
    atomic_store(&health_at_ns, now);
    return KAZI_OK;
}

/*
 * 200 {"status":"ok"} when the database answers and its disk has room; 503
 * {"status":"degraded","reason":"storage_full"} while the disk is full (reads are still
 * served; writes answer 507 until space is freed, and then both recover without a
 * restart); 503 {"status":"unavailable"} when the database does not answer. A load
 * balancer or monitor treats any non-2xx as unhealthy (docs/deployment.md, Monitoring).
 * The checks are at most HEALTH_TTL_MS old (health_check).
 */
static int healthz(kazi_req *req, kazi_resp *resp)
{
    (void)req;
    int version = 0;
    uint64_t avail = 0;
    int rc = health_check(&version, &avail);
    if (rc < 0)
        return kazi_reply_json(resp, 503,
                               json_pack("{s:s,s:s,s:s}", "status", "unavailable", "database",
                                         kazi_error_last()->message, "version", KAZI_VERSION));
    if (avail < HEALTH_MIN_FREE_BYTES)
        return kazi_reply_json(
            resp, 503,
            json_pack("{s:s,s:s,s:s,s:s,s:s,s:i}", "status", "degraded", "reason", "storage_full",
                      "message",
                      "the disk holding the database is full: reads are served, writes answer "
                      "507 until space is freed",
                      "database", "ok", "version", KAZI_VERSION, "schema_version", version));
    /* The healthy answer, the same document as jansson would write, copied together
     * without building a tree or formatting one per poll. */
    static const char head[] = "{\"status\":\"ok\",\"database\":\"ok\",\"version\":\"" KAZI_VERSION
                               "\",\"schema_version\":";
    char body[sizeof head + KAZI_INT_TEXT + 1];
    size_t n = sizeof head - 1;
    memcpy(body, head, n);
    n += kazi_str_int(body + n, version);
    body[n++] = '}';
    return kazi_reply_bytes(resp, 200, "application/json", body, n);
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
    {"GET", "/healthz", healthz, KAZI_PERM_PUBLIC, "Liveness and database check", 0,
     .reply = "Health"},
    {"GET", "/metrics", metrics, KAZI_PERM_PUBLIC, "Prometheus metrics", 0, .reply = "Metrics"},
    {"GET", "/api/openapi.json", openapi, KAZI_PERM_PUBLIC, "This API's OpenAPI 3 document", 0,
     .reply = "OpenApi"},
    KAZI_ROUTES_END,
};
