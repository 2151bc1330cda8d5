/*
 * commands — the `kazi` subcommands. Each takes the whole argv (argv[1] is the
 * command name) and returns a process exit code (cli/args.h).
 * Owns: nothing; each command is a thin shell over domain/ and http/.
 * Thread-safety: called once from main.
 */
#ifndef KAZI_CLI_COMMANDS_H
#define KAZI_CLI_COMMANDS_H

#include "util/json.h"

int kazi_cmd_init(int argc, char **argv);
int kazi_cmd_serve(int argc, char **argv);
int kazi_cmd_backup(int argc, char **argv);
int kazi_cmd_version(int argc, char **argv);
int kazi_cmd_user(int argc, char **argv);
int kazi_cmd_audit(int argc, char **argv);
int kazi_cmd_import(int argc, char **argv);
int kazi_cmd_config(int argc, char **argv);
int kazi_cmd_config_check(int argc, char **argv);
int kazi_cmd_report(int argc, char **argv);
/* Print how complete each language of catalogue `cat` is, one line each
 * (`kazi config check` and `kazi config validate`; cli/plugins.c). */
void kazi_cli_print_languages(const json_t *cat);
/* `kazi export dhis2` and `kazi push dhis2` (cli/dhis2.c). */
int kazi_cmd_export(int argc, char **argv);
int kazi_cmd_push(int argc, char **argv);

/* The options every command that runs plugins takes: --lua-memory MB, --lua-instructions N
 * and --lua-time MS (kazi_opt rows; the three variables are `const char *`). */
#define KAZI_CLI_LUA_OPTS(memory, instructions, time_ms)                                           \
    {"--lua-memory", "MB", &(memory), NULL, "memory cap of each Lua state (default 64)"},          \
        {"--lua-instructions", "N", &(instructions), NULL,                                         \
         "instruction budget of each call into Lua (default 20 million)"},                         \
    {                                                                                              \
        "--lua-time", "MS", &(time_ms), NULL,                                                      \
            "wall-clock limit of each call into Lua, in ms (default 1000)"                         \
    }

/* Those options into limits (NULL: defaults). */
struct kazi_lua_limits;
int kazi_cli_lua_limits(struct kazi_lua_limits *l, const char *memory, const char *instructions,
                        const char *time_ms);

/* An import's row problems on stderr, one line each: "row R, column C (NAME): message"
 * in the command's language; NAME is each error's `column_key` member when it has one
 * (cli/import.c; both imports print them so). */
void kazi_cli_row_errors(const json_t *errors, const char *column_key);

/* `kazi import people|positions|assignments` (cli/import_registry.c). */
int kazi_cmd_import_registry(int argc, char **argv);
/* `kazi demo-data` (tools/demo/cli.c: linked into the program, not the core library). */
int kazi_cmd_demo_data(int argc, char **argv);

#endif
