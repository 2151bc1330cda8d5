#include "auth/caller.h"
#include "util/error.h"
#include "util/stage.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int kazi_caller_is_national(const kazi_caller *c)
{
    return !c || c->scope_org_unit_id == 0;
}

int kazi_caller_sees(const kazi_caller *c, const char *path)
{
    if (kazi_caller_is_national(c)) return 1;
    if (!path) return 0;
    size_t n = strlen(c->scope_path);
    return n && strncmp(path, c->scope_path, n) == 0;
}

int kazi_caller_check_path(const kazi_caller *c, const char *path, const char *what)
{
    if (kazi_caller_sees(c, path)) return KAZI_OK;
    return kazi_error_set(KAZI_ENOTFOUND, NULL, "no such %s", what);
}

int kazi_caller_check_orgunit(const kazi_caller *c, kazi_db *db, int64_t id, kazi_orgunit *unit)
{
    kazi_orgunit u;
    int rc = kazi_orgunit_get(&u, db, id);
    if (rc < 0) return rc;
    if (!kazi_caller_sees(c, u.path))
        return kazi_error_set(KAZI_ENOTFOUND, NULL, "no such org unit");
    if (unit) *unit = u;
    return KAZI_OK;
}

void kazi_caller_scope_range(const kazi_caller *c, const char **lo, const char **hi)
{
    if (kazi_caller_is_national(c)) { /* every path starts with '/', and '0' follows '/' */
        *lo = "/";
        *hi = "0";
        return;
    }
    *lo = c->scope_path;
    *hi = c->scope_end;
}

void kazi_caller_audit(kazi_audit_ctx *out, const kazi_caller *c)
{
    out->actor_user_id = c && c->kind == KAZI_CALLER_USER ? c->user_id : 0;
    out->actor = c ? c->name : "system";
    out->request_id = c ? c->request_id : NULL;
    out->client_addr = c ? c->client_addr : NULL;
}

void kazi_caller_set_scope(kazi_caller *c, const char *path)
{
    c->scope_path[0] = c->scope_end[0] = '\0';
    if (!c->scope_org_unit_id) return;
    if (!path || !*path) {
        /* A scope unit that vanished must not widen access: match nothing. */
        snprintf(c->scope_path, sizeof c->scope_path, "/~");
        snprintf(c->scope_end, sizeof c->scope_end, "/~");
        return;
    }
    snprintf(c->scope_path, sizeof c->scope_path, "%s", path);
    kazi_orgunit_subtree_end(c->scope_end, c->scope_path);
}

int kazi_caller_load_scope(kazi_caller *c, kazi_db *db)
{
    c->scope_path[0] = c->scope_end[0] = '\0';
    if (!c->scope_org_unit_id) return KAZI_OK;
    kazi_orgunit u;
    kazi_stage prev = kazi_stage_enter(KAZI_STAGE_SCOPE);
    int rc = kazi_orgunit_get(&u, db, c->scope_org_unit_id);
    kazi_stage_enter(prev);
    if (rc == KAZI_ENOTFOUND) {
        /* A scope unit that vanished must not widen access: match nothing. */
        snprintf(c->scope_path, sizeof c->scope_path, "/~");
        snprintf(c->scope_end, sizeof c->scope_end, "/~");
        return KAZI_OK;
    }
    if (rc < 0) return rc;
    memcpy(c->scope_path, u.path, sizeof c->scope_path);
    kazi_orgunit_subtree_end(c->scope_end, u.path);
    return KAZI_OK;
}

const kazi_caller *kazi_caller_cli(void)
{
    static kazi_caller cli;
    if (!cli.kind) {
        const char *name = getenv("USER");
        struct passwd *pw = getpwuid(getuid());
        if (pw && pw->pw_name) name = pw->pw_name;
        snprintf(cli.name, sizeof cli.name, "cli:%s", name ? name : "unknown");
        snprintf(cli.role, sizeof cli.role, "cli");
        cli.personal_data = 1;
        cli.reports_personal = 1;
        cli.kind = KAZI_CALLER_CLI;
    }
    return &cli;
}

int kazi_caller_above(const kazi_caller *c, const char *path)
{
    if (!path || kazi_caller_is_national(c)) return 0;
    size_t n = strlen(path);
    return n < strlen(c->scope_path) && strncmp(c->scope_path, path, n) == 0;
}
