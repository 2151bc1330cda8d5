#include "http/caller.h"
#include "auth/access.h"
#include "http/dispatch.h"
#include "http/router.h"
#include "store/db.h"
#include "store/registry.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

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

/* "role=district_hr_officer;scope=D1;user=7": a kazi_principal like the access layer's. */
static int test_authorize(kazi_req *req, kazi_resp *resp)
{
    (void)resp;
    const char *h = kazi_req_header(req, "X-Kazi-Test-Principal");
    if (!h) return kazi_error_set(KAZI_EUNAUTH, NULL, "this resource needs an authenticated user");
    kazi_principal *p = calloc(1, sizeof *p);
    if (!p) return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    char scope[80], user[24];
    p->kind = KAZI_PRINCIPAL_USER;
    copy_item(p->role, sizeof p->role, h, "role=");
    copy_item(scope, sizeof scope, h, "scope=");
    copy_item(user, sizeof user, h, "user=");
    p->user_id = atoll(user);
    snprintf(p->name, sizeof p->name, "test:%s:%s", p->role, user);
    req->auth = p;
    kazi_db *db;
    int rc = kazi_store_thread_db(&db);
    if (rc < 0) return rc;
    if (scope[0] && kazi_store_org_unit_by_code(&p->scope_org_unit_id, db, scope, "scope") < 0)
        return kazi_error_set(KAZI_EUNAUTH, NULL, "unknown scope");
    if ((rc = kazi_auth_load_scope(p, db)) < 0) return rc;
    if (!kazi_auth_can(p, req->route->permission))
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
    const kazi_principal *p = req->auth;
    if (!p) return kazi_error_set(KAZI_EUNAUTH, NULL, "this resource needs an authenticated user");
    memset(out, 0, sizeof *out);
    out->user_id = p->user_id;
    out->name = p->name;
    out->scope_path = kazi_auth_is_national(p) ? NULL : p->scope_path;
    /* The analyst's ban on personal data: only roles that may read people see it. */
    out->personal_data = kazi_auth_can(p, "people.read");
    out->request_id = req->request_id;
    out->client_addr = req->remote_addr;
    return KAZI_OK;
}
