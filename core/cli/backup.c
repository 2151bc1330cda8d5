#include "cli/args.h"
#include "cli/commands.h"
#include "domain/install.h"
#include "util/error.h"

#include <stdio.h>

int kazi_cmd_backup(int argc, char **argv)
{
    static const char usage[] = "kazi backup --data DIR --to FILE";
    const char *data = NULL, *to = NULL;
    const kazi_opt opts[] = {
        {"--data", "DIR", &data, NULL, "the data directory to back up (may be serving)"},
        {"--to", "FILE", &to, NULL, "new file to write the consistent copy to"},
        {0},
    };
    int rc = kazi_args_parse(argc, argv, 2, opts, usage, NULL, 0, NULL);
    if (rc) return rc < 0 ? KAZI_EXIT_OK : rc;
    if (!data) return kazi_cli_usage(usage, "--data DIR is required");
    if (!to) return kazi_cli_usage(usage, "--to FILE is required");
    kazi_db *db;
    if (kazi_install_open(&db, data) < 0) return kazi_cli_fail_last("backup");
    rc = kazi_db_backup(db, to);
    kazi_db_close(db);
    if (rc < 0) return kazi_cli_fail_last("backup");
    printf("Backed up %s to %s.\n", data, to);
    return KAZI_EXIT_OK;
}
