/*
 * config_lua — a stand-in `kazi config` dispatcher that knows only `check`, until the
 * configuration-repository branch (with its own `kazi config` table in cli/config.c)
 * is merged. MERGE NOTE: delete this file and add to cli/config.c's subcommands:
 *   {"check", kazi_cmd_config_check, "load a configuration directory and run its tests"},
 */
#include "cli/args.h"
#include "cli/commands.h"

#include <stdio.h>
#include <string.h>

int kazi_cmd_config(int argc, char **argv)
{
    if (argc >= 3 && !strcmp(argv[2], "check")) return kazi_cmd_config_check(argc, argv);
    fprintf(stderr, "usage: kazi config check DIR\n");
    return KAZI_EXIT_USAGE;
}
