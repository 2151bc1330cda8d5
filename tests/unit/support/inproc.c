#include "inproc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "auth/session.h"
#include "config/repo.h"
#include "config/rollout.h"
#include "domain/install.h"
#include "domain/plugins.h"
#include "http/access.h"
#include "http/dispatch.h"
#include "http/router.h"
#include "http/routes.h"
#include "lua/runtime.h"
#include "store/db.h"
#include "store/internal.h"
#include "util/error.h"
#include "util/log.h"
#include "util/rand.h"

static char root[64];
static char data[128];

int kt_server_start(const char *country, int test_routes)
{
    int rc;
    char db[300], repo[300], live[KAZI_OID_HEX];
    if ((rc = kazi_rand_init()) < 0) return rc;
    kazi_log_set_level(KAZI_LOG_ERROR + 1);
    snprintf(root, sizeof root, "/tmp/kazi-test-inproc-XXXXXX");
    if (!mkdtemp(root)) return kazi_error_set(KAZI_ERROR, NULL, "mkdtemp failed");
    snprintf(data, sizeof data, "%s/data", root);
    kazi_install_opts o = {.data_dir = data,
                           .country = country,
                           .admin_username = KT_ADMIN,
                           .admin_password = KT_PASSWORD};
    if ((rc = kazi_install_create(&o)) < 0) return rc;
    kazi_auth_opts ao = {.admin_totp_required = 0};
    kazi_auth_configure(&ao);
    kazi_install_db_path(db, sizeof db, data);
    kazi_store_set_path(db);
    kazi_plugins_register_config_hooks(1, NULL);
    kazi_config_repo_path(repo, sizeof repo, data);
    kazi_config_set_repo(repo);
    if ((rc = kazi_config_load_live(live, repo)) < 0) return rc;
    if ((rc = kazi_routes_install(test_routes)) < 0) return rc;
    kazi_http_access_install();
    return KAZI_OK;
}

void kt_server_stop(void)
{
    char cmd[200];
    kazi_dispatch_set_auth(NULL);
    kazi_dispatch_set_identity(NULL);
    kazi_router_free();
    kazi_lua_thread_exit();
    kazi_lua_shutdown();
    kazi_store_thread_close();
    if (root[0]) {
        snprintf(cmd, sizeof cmd, "rm -rf %s", root);
        if (system(cmd) != 0) fprintf(stderr, "inproc: could not remove %s\n", root);
        root[0] = '\0';
    }
}

const char *kt_server_data(void)
{
    return data;
}

static const char *header_of(void *ctx, const char *name)
{
    const char *const *h = ctx;
    size_t n = strlen(name);
    for (; h && *h; h++)
        if (!strncasecmp(*h, name, n) && (*h)[n] == ':') {
            const char *v = *h + n + 1;
            while (*v == ' ')
                v++;
            return v;
        }
    return NULL;
}

typedef struct {
    char *buf;
    size_t len, cap;
} collected;

static int collect(void *wctx, const char *buf, size_t len)
{
    collected *c = wctx;
    if (c->len + len + 1 > c->cap) {
        size_t cap = (c->len + len + 1) * 2;
        char *b = realloc(c->buf, cap);
        if (!b) return -1;
        c->buf = b;
        c->cap = cap;
    }
    memcpy(c->buf + c->len, buf, len);
    c->len += len;
    return 0;
}

kt_resp kt_request(const char *method, const char *target, const char *body,
                   const char *const *headers)
{
    char path[2048];
    snprintf(path, sizeof path, "%s", target);
    char *q = strchr(path, '?');
    if (q) *q++ = '\0';
    kazi_req req = {.method = method,
                    .path = path,
                    .query = q,
                    .remote_addr = "127.0.0.1",
                    .body = body,
                    .body_len = body ? strlen(body) : 0,
                    .header_fn = header_of,
                    .header_ctx = (void *)headers};
    snprintf(req.request_id, sizeof req.request_id, "%s", KT_REQUEST_ID);
    kazi_resp resp = {0};
    kazi_dispatch(&req, &resp);
    kt_resp r = {.status = resp.status};
    collected c = {0};
    if (resp.stream) {
        if (resp.stream(resp.stream_ctx, collect, &c) < 0) r.status = -1;
    } else if (resp.body) {
        collect(&c, resp.body, resp.body_len);
    }
    collect(&c, "", 0);
    if (c.buf) c.buf[c.len] = '\0';
    r.body = c.buf ? c.buf : strdup("");
    r.body_len = c.len;
    snprintf(r.content_type, sizeof r.content_type, "%s",
             resp.content_type ? resp.content_type : "application/json");
    if (!strncmp(r.content_type, "application/json", 16))
        r.json = json_loadb(r.body, r.body_len, 0, NULL);
    size_t hl = resp.headers_len < sizeof r.headers ? resp.headers_len : sizeof r.headers - 1;
    memcpy(r.headers, resp.headers, hl);
    r.headers[hl] = '\0';
    kazi_dispatch_done(&req);
    kazi_resp_reset(&resp);
    return r;
}

kt_resp kt_call(const kt_client *c, const char *method, const char *target, const char *body)
{
    char cookie[256], csrf[128];
    const char *headers[4] = {NULL};
    int n = 0;
    if (c) {
        snprintf(cookie, sizeof cookie, "Cookie: kazi_session=%s", c->cookie);
        snprintf(csrf, sizeof csrf, "X-CSRF-Token: %s", c->csrf);
        headers[n++] = cookie;
        headers[n++] = csrf;
    }
    if (body) headers[n++] = "Content-Type: application/json";
    return kt_request(method, target, body, headers);
}

kt_resp kt_callf(const kt_client *c, const char *method, const char *target, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    json_t *v = json_vpack_ex(NULL, 0, fmt, ap);
    va_end(ap);
    char *text = v ? json_dumps(v, JSON_COMPACT) : NULL;
    json_decref(v);
    kt_resp r = kt_call(c, method, target, text ? text : "{}");
    free(text);
    return r;
}

int kt_login(kt_client *out, const char *username, const char *password)
{
    char body[512];
    memset(out, 0, sizeof *out);
    snprintf(body, sizeof body, "{\"username\":\"%s\",\"password\":\"%s\"}", username, password);
    kt_resp r = kt_call(NULL, "POST", "/api/v1/auth/login", body);
    int status = r.status;
    const char *set = strstr(r.headers, "kazi_session=");
    const char *csrf = json_string_value(json_object_get(r.json, "csrf_token"));
    if (status == 200 && set && csrf) {
        set += strlen("kazi_session=");
        size_t n = strcspn(set, ";\r\n");
        if (n >= sizeof out->cookie) n = sizeof out->cookie - 1;
        memcpy(out->cookie, set, n);
        snprintf(out->csrf, sizeof out->csrf, "%s", csrf);
    } else if (status == 200) {
        status = -1;
    }
    kt_resp_free(&r);
    return status;
}

int kt_user(kt_client *out, const char *username, const char *role, long long scope_org_unit_id)
{
    kt_client admin;
    int status = kt_login(&admin, KT_ADMIN, KT_PASSWORD);
    if (status != 200) return status;
    json_t *b =
        json_pack("{s:s,s:s,s:s}", "username", username, "password", KT_PASSWORD, "role", role);
    if (scope_org_unit_id > 0)
        json_object_set_new(b, "scope_org_unit_id", json_integer(scope_org_unit_id));
    char *text = json_dumps(b, JSON_COMPACT);
    json_decref(b);
    kt_resp r = kt_call(&admin, "POST", "/api/v1/users", text);
    free(text);
    status = r.status;
    kt_resp_free(&r);
    if (status != 201) return status;
    return kt_login(out, username, KT_PASSWORD);
}

int kt_units(const kt_client *c, const char *csv)
{
    char cookie[256], csrf[128];
    snprintf(cookie, sizeof cookie, "Cookie: kazi_session=%s", c->cookie);
    snprintf(csrf, sizeof csrf, "X-CSRF-Token: %s", c->csrf);
    const char *headers[] = {cookie, csrf, "Content-Type: text/csv", NULL};
    kt_resp r = kt_request("POST", "/api/v1/org-units/import", csv, headers);
    int status = r.status;
    kt_resp_free(&r);
    return status;
}

long long kt_unit_id(const kt_client *c, const char *code)
{
    char target[200];
    snprintf(target, sizeof target, "/api/v1/org-units?q=%s", code);
    kt_resp r = kt_call(c, "GET", target, NULL);
    long long id = 0;
    size_t i;
    json_t *u;
    json_array_foreach(json_object_get(r.json, "org_units"), i, u)
    {
        const char *k = json_string_value(json_object_get(u, "code"));
        if (k && !strcmp(k, code)) id = json_integer_value(json_object_get(u, "id"));
    }
    kt_resp_free(&r);
    return id;
}

void kt_resp_free(kt_resp *r)
{
    json_decref(r->json);
    free(r->body);
    r->json = NULL;
    r->body = NULL;
}

const char *kt_error(const kt_resp *r)
{
    const char *m =
        json_string_value(json_object_get(json_object_get(r->json, "error"), "message"));
    return m ? m : "";
}

int kt_server_start_with(const char *country, const char *sql, kt_client *admin)
{
    if (kt_server_start(country, 0) < 0) {
        fprintf(stderr, "start: %s\n", kazi_error_last()->message);
        return -1;
    }
    kazi_db *db;
    if (kazi_install_open(&db, kt_server_data()) < 0) return -1;
    int rc = kazi_db_exec(db, sql);
    kazi_db_close(db);
    if (rc < 0) {
        fprintf(stderr, "register: %s\n", kazi_error_last()->message);
        return -1;
    }
    return kt_login(admin, KT_ADMIN, KT_PASSWORD) == 200 ? 0 : -1;
}
