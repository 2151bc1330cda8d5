#include "http/caller.h"
#include "auth/access.h"
#include "util/error.h"

#include <string.h>

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
