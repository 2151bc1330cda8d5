/*
 * Fuzz target: HTTP request routing, query decoding and JSON body parsing through
 * the in-process dispatcher (every installed route, the test echo included), with
 * the access layer installed. A finding is a crash, a sanitizer report, or an answer
 * the oracle refuses (a 5xx, an error not in the one error shape: oracle.h). The
 * replay also fails when some route's handler is reached by no corpus input.
 * Input: "METHOD PATH[?QUERY]\n" then the body. A first character of '@' sends the
 * request as a signed-in administrator (session cookie + CSRF token), '%' as a
 * district HR officer scoped to one district, '!' with that officer's API token.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "auth/account.h"
#include "auth/session.h"
#include "config/repo.h"
#include "config/rollout.h"
#include "domain/install.h"
#include "domain/plugins.h"
#include "domain/orgunit.h"
#include "http/access.h"
#include "http/dispatch.h"
#include "domain/importjob.h"
#include "http/server.h"
#include "http/router.h"
#include "http/routes.h"
#include "oracle.h"
#include "util/error.h"
#include "util/log.h"
#include "util/rand.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int kazi_fuzz_replay_done(void);

/* Routes whose handler ran (the request was routed and authorised) during this run. */
#define MAX_ROUTES 512
static unsigned char reached[MAX_ROUTES];

/*
 * After a corpus replay: every route of the table must have been reached by some input,
 * so the corpus keeps the fuzzer in front of every handler (a new route fails the
 * replay until a seed for it is added to tests/fuzz/corpus/http/).
 */
int kazi_fuzz_replay_done(void)
{
    int missing = 0;
    for (int i = 0; i < kazi_router_count(); i++) {
        const kazi_route *r = kazi_router_at(i);
        if (i < MAX_ROUTES && reached[i]) continue;
        fprintf(stderr, "no corpus input reaches the handler of %s %s\n", r->method, r->pattern);
        missing++;
    }
    if (kazi_router_count() > MAX_ROUTES) fprintf(stderr, "raise MAX_ROUTES\n");
    return missing || kazi_router_count() > MAX_ROUTES;
}

typedef struct {
    char cookie[96], csrf[65], authz[80];
} creds;

static creds admin_creds, district_creds, token_creds;

static const char *no_header(void *ctx, const char *name)
{
    (void)ctx;
    return strcasecmp(name, "Content-Type") ? NULL : "application/json";
}

static const char *cred_header(void *ctx, const char *name)
{
    const creds *c = ctx;
    if (!strcasecmp(name, "Cookie") && c->cookie[0]) return c->cookie;
    if (!strcasecmp(name, "X-CSRF-Token") && c->csrf[0]) return c->csrf;
    if (!strcasecmp(name, "Authorization") && c->authz[0]) return c->authz;
    return no_header(ctx, name);
}

#define FUZZ_PW "fuzzing password 123"

/* (Re)establish a session or token when an input logged out, expired or revoked it. */
static void ensure(creds *c, const char *username, int token)
{
    kazi_db *db;
    kazi_caller p;
    if (kazi_store_thread_db(&db) < 0) abort();
    if (token) {
        if (c->authz[0] && kazi_auth_from_token(&p, db, c->authz + 7) == KAZI_OK) return;
        char t[68];
        kazi_orgunit d;
        if (kazi_orgunit_get_by_code(&d, db, "D1") < 0) abort();
        if (kazi_account_token_create(t, NULL, db, kazi_caller_cli(), "fuzz", "district_hr_officer",
                                      d.id, 730) < 0)
            abort();
        snprintf(c->authz, sizeof c->authz, "Bearer %s", t);
        return;
    }
    if (c->cookie[0] && kazi_auth_from_session(&p, db, c->cookie + 13) == KAZI_OK) return;
    kazi_login_req in = {username, FUZZ_PW, NULL, NULL, "127.0.0.1", "fuzz", NULL};
    kazi_login_result r;
    /* Inputs may have changed the password or disabled the user: put them back. */
    int64_t id;
    if (kazi_account_lookup(&id, db, username) < 0) abort();
    kazi_account_patch enable = {.disabled = 0};
    kazi_account_update(NULL, db, kazi_caller_cli(), id, &enable);
    kazi_account_set_password(db, kazi_caller_cli(), id, FUZZ_PW, NULL);
    if (kazi_auth_login(&r, db, &in) < 0) abort();
    json_decref(r.session);
    snprintf(c->cookie, sizeof c->cookie, "kazi_session=%s", r.session_id);
    snprintf(c->csrf, sizeof c->csrf, "%s", r.csrf_token);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    static char dir[] = "/tmp/kazi-fuzz-http-XXXXXX";
    char data[128], db[256];
    kazi_rand_init();
    kazi_log_set_level(KAZI_LOG_ERROR + 1);
    if (!mkdtemp(dir)) abort();
    snprintf(data, sizeof data, "%s/data", dir);
    kazi_install_opts o = {.data_dir = data,
                           .country = "tanzania",
                           .admin_username = "admin",
                           .admin_password = FUZZ_PW};
    if (kazi_install_create(&o) < 0) abort();
    kazi_install_db_path(db, sizeof db, data);
    kazi_store_set_path(db);
    char repo[256], live[KAZI_OID_HEX];
    kazi_config_repo_path(repo, sizeof repo, data);
    kazi_config_set_repo(repo);
    if (kazi_config_load_live(live, repo) < 0) abort();
    if (kazi_routes_install(1) < 0) abort();
    kazi_http_access_install();
    /* As `kazi serve` does: threads (import jobs) free their Lua states as they end. */
    kazi_server_on_thread_exit(kazi_lua_thread_exit);
    /* The Tanzanian configuration, so the catalogue and report routes answer. */
    char country[1024];
    kazi_lua_gen *gen;
    kazi_lua_limits limits = {.memory = 16u << 20, .instructions = 200000};
    if (kazi_install_country_dir(country, sizeof country, NULL, "tanzania") < 0 ||
        kazi_plugins_load_dir(&gen, country, &limits) < 0 || kazi_plugins_activate(gen) < 0)
        abort();
    kazi_lua_gen_unref(gen);
    kazi_auth_opts unlimited = {
        .admin_totp_required = 0, .user_limit = 1 << 30, .addr_limit = 1 << 30};
    kazi_auth_configure(&unlimited);
    static const char units[] = "code,name,parent_code,level\nTZ,Tanzania,,country\n"
                                "R1,Arusha,TZ,region\nD1,Arusha City,R1,district\n"
                                "D2,Meru,R1,district\nW1,Kaloleni,D1,ward\n";
    kazi_db *h;
    int count;
    json_t *report;
    if (kazi_store_thread_db(&h) < 0 ||
        kazi_orgunit_import_csv(&count, &report, h, kazi_caller_cli(), units, sizeof units - 1) < 0)
        abort();
    kazi_account_spec district = {"district", NULL, FUZZ_PW, "district_hr_officer", 3, NULL};
    if (kazi_account_create(NULL, h, kazi_caller_cli(), &district) < 0) abort();
    return 0;
}

static void one_input(const uint8_t *data, size_t size);

/* Each request runs where the server would run it: on a thread with a worker's stack. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_run_on_worker(one_input, data, size);
    return 0;
}

static void one_input(const uint8_t *data, size_t size)
{
    char line[1024];
    const uint8_t *nl = memchr(data, '\n', size);
    size_t llen = nl ? (size_t)(nl - data) : size;
    if (llen >= sizeof line) return;
    memcpy(line, data, llen);
    line[llen] = '\0';
    if (memchr(line, '\0', llen)) return;
    char *sp = strchr(line, ' ');
    if (!sp) return;
    *sp = '\0';
    char *path = sp + 1, *q = strchr(path, '?');
    if (q) *q++ = '\0';
    char *method = line;
    const creds *c = NULL;
    if (*method == '@')
        ensure(&admin_creds, "admin", 0), c = &admin_creds;
    else if (*method == '%')
        ensure(&district_creds, "district", 0), c = &district_creds;
    else if (*method == '!')
        ensure(&token_creds, NULL, 1), c = &token_creds;
    if (c) method++;
    kazi_req req = {.method = method,
                    .path = path,
                    .query = q,
                    .remote_addr = "127.0.0.1",
                    .header_fn = c ? cred_header : no_header,
                    .header_ctx = (void *)c};
    strcpy(req.request_id, "fuzz");
    size_t off = nl ? llen + 1 : size;
    char *body = malloc(size - off + 1);
    memcpy(body, data + off, size - off);
    req.body = body;
    req.body_len = size - off;
    kazi_resp resp = {0};
    /* The server's phases (core/http/server.c): route, authorise from the headers, then
     * the body within the route's limit, then the handler. */
    if (kazi_dispatch_route(&req, &resp) == KAZI_OK &&
        kazi_dispatch_authorize(&req, &resp) == KAZI_OK) {
        if (req.body_len > kazi_dispatch_max_body(&req)) {
            kazi_reply_error(&resp, kazi_error_set(KAZI_ETOOBIG, NULL,
                                                   "the request body is larger than %zu bytes",
                                                   kazi_dispatch_max_body(&req)));
        } else {
            if (req.route_index >= 0 && req.route_index < MAX_ROUTES) reached[req.route_index] = 1;
            kazi_dispatch_run(&req, &resp);
            kazi_resp_collect(&resp);
        }
    }
    if (getenv("KAZI_FUZZ_VERBOSE")) fprintf(stderr, "%s %s -> %d\n", line, path, resp.status);
    char what[1200];
    snprintf(what, sizeof what, "%s %s%s%s", line, path, q ? "?" : "", q ? q : "");
    fuzz_check_response(&resp, what);
    kazi_dispatch_done(&req);
    kazi_resp_reset(&resp);
    free(body);
    kazi_importjob_drain(); /* a background import still running is not a leak */
    return;
}
