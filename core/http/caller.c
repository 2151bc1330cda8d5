#include "http/caller.h"
#include "http/dispatch.h"
#include "http/router.h"
#include "store/db.h"
#include "store/registry.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

/*
 * The registry permissions by role. When the access layer lands, its role table
 * grants these (the lead merges this list into it) and this table goes.
 */
static const struct {
    const char *role;
    const char *perms;
} grants[] = {
    {"administrator", "people.read people.write positions.read positions.write imports.run exports.run"},
    {"national_hr_officer", "people.read people.write positions.read positions.write imports.run exports.run"},
    {"district_hr_officer", "people.read people.write positions.read positions.write imports.run exports.run"},
    {"supervisor", "people.read positions.read"},
    {"trainer", "people.read"},
    {"analyst", "positions.read exports.run"},
};

int kazi_http_role_allows(const char *role, const char *permission)
{
    size_t n = strlen(permission);
    for (size_t i = 0; i < sizeof grants / sizeof grants[0]; i++) {
        if (strcmp(grants[i].role, role)) continue;
        for (const char *p = grants[i].perms; (p = strstr(p, permission)); p += n)
            if ((p == grants[i].perms || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
                return 1;
    }
    return 0;
}

typedef struct test_principal {
    int64_t user_id;
    char role[40];
    char name[64];
    char scope_path[KAZI_PATH_MAX];
} test_principal;

static void copy_item(char *dst, size_t size, const char *src, const char *key)
{
    const char *p = strstr(src, key);
    dst[0] = '\0';
    if (!p) return;
    p += strlen(key);
    size_t n = strcspn(p, ";");
    if (n >= size) n = size - 1;
    memcpy(dst, p, n);
    dst[n] = '\0';
}

/* "role=district_hr_officer;scope=TZ-03-02;user=7" */
static int test_authorize(kazi_req *req, kazi_resp *resp)
{
    (void)resp;
    const char *h = kazi_req_header(req, "X-Kazi-Test-Principal");
    if (!h) return kazi_error_set(KAZI_EUNAUTH, NULL, "this resource needs an authenticated user");
    test_principal *p = calloc(1, sizeof *p);
    if (!p) return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    char scope[80], user[24];
    copy_item(p->role, sizeof p->role, h, "role=");
    copy_item(scope, sizeof scope, h, "scope=");
    copy_item(user, sizeof user, h, "user=");
    p->user_id = atoll(user);
    snprintf(p->name, sizeof p->name, "test:%s:%s", p->role, user);
    req->auth = p;
    if (scope[0]) {
        kazi_db *db;
        int64_t id;
        int rc = kazi_store_thread_db(&db);
        if (rc == KAZI_OK) rc = kazi_store_org_unit_by_code(&id, db, scope, "scope");
        if (rc == KAZI_OK) rc = kazi_store_org_unit_path(p->scope_path, db, id, "scope");
        if (rc < 0) return kazi_error_set(KAZI_EUNAUTH, NULL, "unknown scope");
    }
    if (!kazi_http_role_allows(p->role, req->route->permission))
        return kazi_error_set(KAZI_EDENIED, NULL, "your role may not do this");
    return KAZI_OK;
}

static void test_release(kazi_req *req)
{
    free(req->auth);
    req->auth = NULL;
}

void kazi_http_caller_install_test_auth(void)
{
    static const kazi_auth_hooks hooks = {test_authorize, test_release};
    kazi_dispatch_set_auth(&hooks);
}

int kazi_http_actor(kazi_actor *out, const kazi_req *req)
{
    const test_principal *p = req->auth;
    if (!p) return kazi_error_set(KAZI_EUNAUTH, NULL, "this resource needs an authenticated user");
    memset(out, 0, sizeof *out);
    out->user_id = p->user_id;
    out->name = p->name;
    out->scope_path = p->scope_path[0] ? p->scope_path : NULL;
    out->personal_data = strcmp(p->role, "analyst") != 0;
    out->request_id = req->request_id;
    out->client_addr = req->remote_addr;
    return KAZI_OK;
}
