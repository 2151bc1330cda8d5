#include "cli/args.h"
#include "cli/commands.h"
#include "domain/install.h"
#include "util/error.h"

#include <stdio.h>

int kazi_cmd_init(int argc, char **argv)
{
    static const char usage[] = "kazi init --data DIR --country NAME";
    const char *data = NULL, *country = NULL;
    const kazi_opt opts[] = {
        {"--data", "DIR", &data, NULL, "new or empty directory for the database and config"},
        {"--country", "NAME", &country, NULL, "a folder of country-config/ (e.g. tanzania)"},
        {0},
    };
    int rc = kazi_args_parse(argc, argv, 2, opts, usage, NULL, 0, NULL);
    if (rc) return rc < 0 ? KAZI_EXIT_OK : rc;
    if (!data) return kazi_cli_usage(usage, "--data DIR is required");
    if (!country) return kazi_cli_usage(usage, "--country NAME is required");
    kazi_install_opts io = {.data_dir = data, .country = country};
    if (kazi_install_create(&io) < 0) return kazi_cli_fail_last("init");
    printf("Created Kazi data directory %s for %s.\n", data, country);
    return KAZI_EXIT_OK;
}
