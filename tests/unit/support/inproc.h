/*
 * inproc — the HTTP API in process, for unit tests of handlers: a request goes through
 * kazi_dispatch (routing, the real access layer, the handler, the error body) as the
 * server would send it, with no socket. kt_server_start installs a fresh data directory
 * and opens it as `kazi serve` does; kt_login signs a user in through
 * POST /api/v1/auth/login and kt_call sends its session cookie and CSRF token.
 * Tests that need a stub access layer instead call kazi_dispatch_set_auth themselves
 * and send requests with kt_request.
 * Thread-safety: one server per process; requests may come from several threads.
 */
#ifndef KAZI_TESTS_INPROC_H
#define KAZI_TESTS_INPROC_H

#include <stddef.h>

#include "util/json.h"

#define KT_ADMIN    "admin"
#define KT_PASSWORD "a long enough password"
/* The request id of every request sent (audit rows and error bodies carry it). */
#define KT_REQUEST_ID "inproc-request-1"

typedef struct kt_resp {
    int status;
    char *body; /* the whole body (a streamed one collected), NUL-terminated */
    size_t body_len;
    json_t *json; /* the body parsed when it is JSON, else NULL */
    char content_type[64];
    char headers[2048]; /* the extra header lines, "Name: value\r\n" */
} kt_resp;

/* Install `country` into a new temporary directory with administrator KT_ADMIN /
 * KT_PASSWORD (no second factor required) and open it as the server does: database,
 * configuration repository, the live configuration and its plugins, the routes (with
 * the test-only ones when `test_routes`) and the access layer. KAZI_OK or a negative
 * code with the last error set. */
int kt_server_start(const char *country, int test_routes);

/* Undo kt_server_start and remove the directory. */
void kt_server_stop(void);

/* The data directory of the running installation. */
const char *kt_server_data(void);

/* One request: `target` is the path with an optional ?query; `headers` a NULL-ended list
 * of "Name: value" (or NULL); `body` NULL or text. Always returns a response. */
kt_resp kt_request(const char *method, const char *target, const char *body,
                   const char *const *headers);

/* A signed-in user: the session cookie and CSRF token. */
typedef struct kt_client {
    char cookie[200];
    char csrf[80];
} kt_client;

/* Sign in through the API; the login's HTTP status (200 on success). */
int kt_login(kt_client *out, const char *username, const char *password);

/* kt_server_start(country, 0), then `sql` run on the new database (a hand-made register:
 * rows the test computes its answers from) and the administrator signed in into *admin.
 * 0, or -1 with the reason printed. */
int kt_server_start_with(const char *country, const char *sql, kt_client *admin);

/* Create a user (as the administrator, through POST /api/v1/users) with KT_PASSWORD,
 * `role` and, when scope_org_unit_id > 0, that scope, and sign it in. The creation's or
 * the login's failing status, or 200. */
int kt_user(kt_client *out, const char *username, const char *role, long long scope_org_unit_id);

/* A request as `c` (NULL: anonymous), a JSON body when body is set. */
kt_resp kt_call(const kt_client *c, const char *method, const char *target, const char *body);

/* The same with the body built from a json_pack format (the value is consumed). */
kt_resp kt_callf(const kt_client *c, const char *method, const char *target, const char *fmt, ...);

/* Import org units from `csv` (code,name,parent_code,level) as `c` through
 * POST /api/v1/org-units/import; the response status (200 when imported). */
int kt_units(const kt_client *c, const char *csv);

/* The id of the org unit with `code` as `c` sees it (GET /api/v1/org-units?q=), or 0. */
long long kt_unit_id(const kt_client *c, const char *code);

void kt_resp_free(kt_resp *r);

/* The response's error message ("" when there is none), for assertion messages. */
const char *kt_error(const kt_resp *r);

#endif
