/*
 * Fuzz target: HTTP request routing, query decoding and JSON body parsing through
 * the in-process dispatcher (every installed route, the test echo included).
 * Input: "METHOD PATH[?QUERY]\n" then the body.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/repo.h"
#include "config/rollout.h"
#include "domain/install.h"
#include "http/dispatch.h"
#include "http/routes.h"
#include "util/log.h"
#include "util/rand.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *no_header(void *ctx, const char *name)
{
    (void)ctx;
    (void)name;
    return NULL;
}

/* The harness grants every permission so that handlers behind non-public routes are
 * reached too; the access layer's own checks are fuzzed by its own target. */
static int allow_all(kazi_req *req, kazi_resp *resp)
{
    (void)req;
    (void)resp;
    return 0;
}

static int fuzz_identity(const kazi_req *req, const char **name, const char **email)
{
    (void)req;
    *name = "fuzz";
    *email = "fuzz@localhost";
    return 0;
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
    kazi_install_opts o = {.data_dir = data, .country = "tanzania"};
    if (kazi_install_create(&o) < 0) abort();
    kazi_install_db_path(db, sizeof db, data);
    kazi_store_set_path(db);
    char repo[256], live[KAZI_OID_HEX];
    kazi_config_repo_path(repo, sizeof repo, data);
    kazi_config_set_repo(repo);
    if (kazi_config_load_live(live, repo) < 0) abort();
    static const kazi_auth_hooks hooks = {allow_all, NULL};
    kazi_dispatch_set_auth(&hooks);
    kazi_dispatch_set_identity(fuzz_identity);
    if (kazi_routes_install(1) < 0) abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char line[1024];
    const uint8_t *nl = memchr(data, '\n', size);
    size_t llen = nl ? (size_t)(nl - data) : size;
    if (llen >= sizeof line) return 0;
    memcpy(line, data, llen);
    line[llen] = '\0';
    if (memchr(line, '\0', llen)) return 0;
    char *sp = strchr(line, ' ');
    if (!sp) return 0;
    *sp = '\0';
    char *path = sp + 1, *q = strchr(path, '?');
    if (q) *q++ = '\0';
    kazi_req req = {.method = line, .path = path, .query = q, .remote_addr = "127.0.0.1",
                    .header_fn = no_header};
    strcpy(req.request_id, "fuzz");
    size_t off = nl ? llen + 1 : size;
    char *body = malloc(size - off + 1);
    memcpy(body, data + off, size - off);
    req.body = body;
    req.body_len = size - off;
    kazi_resp resp = {0};
    kazi_dispatch(&req, &resp);
    if (resp.status < 100 || resp.status > 599) abort();
    kazi_dispatch_done(&req);
    kazi_resp_reset(&resp);
    free(body);
    return 0;
}
