/*
 * testing — routes that exist only for the black-box test suite, installed when
 * `kazi serve` runs with KAZI_TEST_ROUTES=1 in its environment: a JSON echo that
 * reads a body, so tests can hold a request in flight and exercise body limits
 * independently of any feature.
 * Owns: the test route table.
 * Uses: http/request.
 * Thread-safety: stateless.
 */
#include "http/router.h"
#include "util/error.h"

static int echo(kazi_req *req, kazi_resp *resp)
{
    json_t *body;
    int rc = kazi_req_json_object(&body, req);
    if (rc < 0) return rc;
    const char *name;
    rc = kazi_json_string(&name, body, "name", 1, 100);
    if (rc < 0) return rc;
    return kazi_reply_json(resp, 200, json_pack("{s:s,s:O}", "request_id", req->request_id,
                                                "echo", body));
}

const kazi_route kazi_routes_testing[] = {
    {"POST", "/api/test/echo", echo, KAZI_PERM_PUBLIC, "Test only: echo a JSON object", 4096},
    KAZI_ROUTES_END,
};
