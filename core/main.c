/*
 * main — the `kazi` command: dispatches to one subcommand.
 * Owns: the command table and process start-up (libsodium, logging).
 * Uses: cli/.
 */
#include "cli/args.h"
#include "cli/commands.h"
#include "util/fault.h"
#include "util/rand.h"
#include "version.h"

#include <stdio.h>
#include <string.h>

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} commands[] = {
    {"init", kazi_cmd_init, "create a data directory for a country"},
    {"serve", kazi_cmd_serve, "serve the web UI and the API"},
    {"backup", kazi_cmd_backup,
     "copy the data directory (database and configuration), even while serving"},
    {"version", kazi_cmd_version, "print the version"},
    {"user", kazi_cmd_user, "add, change, disable and list user accounts"},
    {"audit", kazi_cmd_audit, "verify the audit trail's hash chain"},
    {"config", kazi_cmd_config,
     "configuration versions: log, show, diff, import, validate, activate"},
    {"report", kazi_cmd_report, "list and run the configuration's reports"},
    {"demo-data", kazi_cmd_demo_data, "fill an empty register with a synthetic country"},
    {"import", kazi_cmd_import, "import data from CSV (org-units, people, positions, assignments)"},
    {"export", kazi_cmd_export,
     "print the DHIS2 aggregate document of a period (dataValueSets, ADX)"},
    {"push", kazi_cmd_push,
     "send a period's aggregate data to DHIS2 (recorded in the audit trail)"},
};

int kazi_cmd_version(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    /* The drills look for this mark to know the crash points are compiled in. */
    printf("kazi %s%s\n", KAZI_VERSION, KAZI_FAULT_BUILD ? " (fault injection build)" : "");
    return KAZI_EXIT_OK;
}

static void usage(FILE *f)
{
    fprintf(f, "usage: kazi COMMAND [options]   (kazi COMMAND --help for its options)\n\n"
               "commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\nevery command: --lang CODE (or KAZI_LANG=CODE) for its messages' language\n");
}

int main(int argc, char **argv)
{
    int rc = kazi_cli_language(&argc, argv);
    if (rc != KAZI_EXIT_OK) return rc;
    if (argc < 2) {
        usage(stderr);
        return KAZI_EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return KAZI_EXIT_OK;
    }
    if (!strcmp(argv[1], "--version")) return kazi_cmd_version(argc, argv);
    if (kazi_rand_init() < 0) {
        fprintf(stderr, "kazi: no source of randomness\n");
        return KAZI_EXIT_FAIL;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name)) return commands[i].run(argc, argv);
    fprintf(stderr, "kazi: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return KAZI_EXIT_USAGE;
}
