/*
 * testing — routes that exist only for the black-box test suite, installed when
 * `kazi serve` runs with KAZI_TEST_ROUTES=1 in its environment: a JSON echo that
 * reads a body, so tests can hold a request in flight and exercise body limits
 * independently of any feature; and a clock control, so tests of session expiry and
 * login lockout move the server's time instead of sleeping.
 * Owns: the test route table.
 * Uses: http/request.
 * Thread-safety: stateless.
 */
#include "http/router.h"
#include "util/clock.h"
#include "util/error.h"

#include <stdatomic.h>

static int echo(kazi_req *req, kazi_resp *resp)
{
    json_t *body;
    int rc = kazi_req_json_object(&body, req);
    if (rc < 0) return rc;
    const char *name;
    rc = kazi_json_string(&name, body, "name", 1, 100);
    if (rc < 0) return rc;
    return kazi_reply_json(resp, 200,
                           json_pack("{s:s,s:O}", "request_id", req->request_id, "echo", body));
}

/* POST {"advance_ms": N} moves the server's wall clock N ms forward (cumulative);
 * {"reset": true} goes back to the real time. Answers the offset now in force. */
static int clock_route(kazi_req *req, kazi_resp *resp)
{
    static _Atomic int64_t offset;
    json_t *body;
    int64_t advance = 0;
    int reset = 0;
    int rc = kazi_req_json_object(&body, req);
    if (rc < 0) return rc;
    rc = kazi_json_int(&advance, body, "advance_ms", 0, 0, (int64_t)1000 * 86400 * 3650);
    if (rc < 0 && rc != KAZI_ENOTFOUND) return rc;
    rc = kazi_json_bool(&reset, body, "reset", 0);
    if (rc < 0 && rc != KAZI_ENOTFOUND) return rc;
    int64_t now =
        reset ? (atomic_store(&offset, 0), 0) : atomic_fetch_add(&offset, advance) + advance;
    kazi_clock_set_offset_ms(now);
    return kazi_reply_json(resp, 200,
                           json_pack("{s:I,s:I}", "offset_ms", (json_int_t)now, "now_ms",
                                     (json_int_t)kazi_clock_now_ms()));
}

const kazi_route kazi_routes_testing[] = {
    {"POST", "/api/test/clock", clock_route, KAZI_PERM_PUBLIC,
     "Test only: move the server clock forward", 1024, .body = "Test", .reply = "Test"},
    {"POST", "/api/test/echo", echo, KAZI_PERM_PUBLIC, "Test only: echo a JSON object", 4096,
     .body = "Test", .reply = "Test"},
    KAZI_ROUTES_END,
};
