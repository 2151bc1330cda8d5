#include "cli/args.h"
#include "cli/commands.h"
#include "cli/password.h"
#include "domain/install.h"
#include "domain/plugins.h"
#include "lua/runtime.h"
#include "util/error.h"

#include <sodium.h>
#include <stdio.h>

int kazi_cmd_init(int argc, char **argv)
{
    static const char usage[] = "kazi init --data DIR (--config DIR|GIT-URL | --country NAME) "
                                "[--admin USER --admin-password-file FILE]";
    const char *data = NULL, *country = NULL, *config = NULL, *admin = NULL, *admin_pw_file = NULL;
    const kazi_opt opts[] = {
        {"--data", "DIR", &data, NULL, "new or empty directory for the database and config"},
        {"--config", "DIR|GIT-URL", &config, NULL,
         "the country's configuration: a folder, or a git repository (its default branch)"},
        {"--country", "NAME", &country, NULL,
         "a configuration shipped in country-config/ (e.g. tanzania)"},
        {"--admin", "USER", &admin, NULL, "also create this first administrator"},
        {"--admin-password-file", "FILE", &admin_pw_file, NULL,
         "the administrator's password (first line; '-' for stdin)"},
        {0},
    };
    int rc = kazi_args_parse(argc, argv, 2, opts, usage, NULL, 0, NULL);
    if (rc) return rc < 0 ? KAZI_EXIT_OK : rc;
    if (!data) return kazi_cli_usage(usage, "--data DIR is required");
    if (!country && !config) return kazi_cli_usage(usage, "--config DIR|GIT-URL is required");
    if (country && config) return kazi_cli_usage(usage, "give --config or --country, not both");
    if (admin_pw_file && !admin)
        return kazi_cli_usage(usage, "--admin-password-file needs --admin USER");
    if (admin && !admin_pw_file)
        return kazi_cli_usage(usage, "--admin USER needs --admin-password-file FILE");
    char pw[1100] = "";
    if (admin && kazi_cli_read_password(pw, sizeof pw, admin_pw_file) < 0)
        return kazi_cli_fail_last("init");
    /* The first administrator also authors the first configuration commit. */
    char installed[65] = "";
    kazi_install_opts io = {.data_dir = data,
                            .country = country,
                            .config = config,
                            .country_out = installed,
                            .admin_username = admin,
                            .admin_password = admin ? pw : NULL,
                            .author_name = admin};
    /* The first commit is validated like every later one, Lua checks included. */
    kazi_plugins_register_config_hooks(0, NULL);
    rc = kazi_install_create(&io);
    kazi_lua_thread_exit();
    sodium_memzero(pw, sizeof pw);
    if (rc < 0) return kazi_cli_fail_last("init");
    printf("Created Kazi data directory %s for %s.\n", data, installed);
    if (admin) printf("Created administrator %s.\n", admin);
    return KAZI_EXIT_OK;
}
