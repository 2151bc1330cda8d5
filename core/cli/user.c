/*
 * user — `kazi user add|passwd|disable|enable|list`: account administration from the
 * server's shell (for the first administrator and for recovery). Changes are audited
 * with actor "cli:<login>".
 */
#include "auth/account.h"
#include "auth/roles.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/password.h"
#include "domain/install.h"
#include "store/orgunit.h"
#include "util/error.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static const char usage[] =
    "kazi user add --data DIR --username NAME --role ROLE [--scope ORG_UNIT_CODE] "
    "[--display-name TEXT] [--password-file FILE]\n"
    "       kazi user passwd --data DIR --username NAME [--password-file FILE]\n"
    "       kazi user disable|enable|reset-totp --data DIR --username NAME\n"
    "       kazi user list --data DIR\n"
    "(without --password-file the password is read from the first line of stdin)";

int kazi_cmd_user(int argc, char **argv)
{
    const char *data = NULL, *username = NULL, *role = NULL, *scope = NULL, *display = NULL,
               *pwfile = NULL;
    const kazi_opt opts[] = {
        {"--data", "DIR", &data, NULL, "the data directory"},
        {"--username", "NAME", &username, NULL, "lowercase letters, digits, . _ -"},
        {"--role", "ROLE", &role, NULL,
         "administrator, national_hr_officer, district_hr_officer, "
         "supervisor, trainer, analyst"},
        {"--scope", "CODE", &scope, NULL, "org unit code of the user's subtree"},
        {"--display-name", "TEXT", &display, NULL, "the name shown in the UI"},
        {"--password-file", "FILE", &pwfile, NULL, "read the password from FILE's first line"},
        {0},
    };
    if (argc < 3 || argv[2][0] == '-') {
        if (argc >= 3 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h"))) {
            printf("usage: %s\n", usage);
            return KAZI_EXIT_OK;
        }
        return kazi_cli_usage(usage, "which user command? add, passwd, disable, enable, "
                                     "reset-totp or list");
    }
    const char *sub = argv[2];
    int rc = kazi_args_parse(argc, argv, 3, opts, usage, NULL, 0, NULL);
    if (rc) return rc < 0 ? KAZI_EXIT_OK : rc;
    if (!data) return kazi_cli_usage(usage, "--data DIR is required");
    int known = !strcmp(sub, "add") || !strcmp(sub, "passwd") || !strcmp(sub, "disable") ||
                !strcmp(sub, "enable") || !strcmp(sub, "list") || !strcmp(sub, "reset-totp");
    if (!known) return kazi_cli_usage(usage, "unknown user command '%s'", sub);
    if (strcmp(sub, "list") && !username) return kazi_cli_usage(usage, "--username is required");
    if (!strcmp(sub, "add") && !role) return kazi_cli_usage(usage, "--role is required");

    kazi_db *db;
    if (kazi_install_open(&db, data) < 0) return kazi_cli_fail_last("user");
    char pw[1100];
    int64_t id = 0;
    int exit = KAZI_EXIT_OK;
    if (!strcmp(sub, "list")) {
        json_t *arr;
        if (kazi_user_list(&arr, db) < 0) {
            exit = kazi_cli_fail_last("user list");
        } else {
            size_t i;
            json_t *u;
            printf("%-24s %-22s %-10s %-8s %s\n", "USERNAME", "ROLE", "SCOPE", "STATUS", "TOTP");
            json_array_foreach(arr, i, u)
            {
                kazi_orgunit unit;
                char sc[sizeof unit.code] = "national";
                json_t *s = json_object_get(u, "scope_org_unit_id");
                if (json_is_integer(s) &&
                    kazi_orgunit_get(&unit, db, json_integer_value(s)) == KAZI_OK)
                    snprintf(sc, sizeof sc, "%s", unit.code);
                printf("%-24s %-22s %-10s %-8s %s\n",
                       json_string_value(json_object_get(u, "username")),
                       json_string_value(json_object_get(u, "role")), sc,
                       json_is_true(json_object_get(u, "disabled")) ? "disabled" : "active",
                       json_is_true(json_object_get(u, "totp_enabled")) ? "on" : "off");
            }
            json_decref(arr);
        }
    } else if (!strcmp(sub, "add")) {
        if (kazi_cli_read_password(pw, sizeof pw, pwfile) < 0) {
            exit = kazi_cli_fail_last("user add");
        } else {
            kazi_account_spec s = {username, display, pw, role, 0, scope};
            if (kazi_account_create(NULL, db, kazi_caller_cli(), &s) < 0)
                exit = kazi_cli_fail_last("user add");
            else
                printf("Created user %s (%s).\n", username, role);
        }
    } else if (kazi_account_lookup(&id, db, username) < 0) {
        exit = kazi_cli_fail_last(sub);
    } else if (!strcmp(sub, "passwd")) {
        if (kazi_cli_read_password(pw, sizeof pw, pwfile) < 0 ||
            kazi_account_set_password(db, kazi_caller_cli(), id, pw, NULL) < 0)
            exit = kazi_cli_fail_last("user passwd");
        else
            printf("Changed the password of %s; their sessions have ended.\n", username);
    } else if (!strcmp(sub, "reset-totp")) {
        if (kazi_account_totp_reset(db, kazi_caller_cli(), id) < 0)
            exit = kazi_cli_fail_last("user reset-totp");
        else
            printf("Two-factor sign-in of %s is off; they enrol again at next sign-in.\n",
                   username);
    } else {
        kazi_account_patch p = {.disabled = !strcmp(sub, "disable")};
        if (kazi_account_update(NULL, db, kazi_caller_cli(), id, &p) < 0)
            exit = kazi_cli_fail_last(sub);
        else
            printf("%s %s.\n", p.disabled ? "Disabled" : "Enabled", username);
    }
    sodium_memzero(pw, sizeof pw);
    kazi_db_close(db);
    return exit;
}
