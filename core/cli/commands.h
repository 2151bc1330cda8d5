/*
 * commands — the `kazi` subcommands. Each takes the whole argv (argv[1] is the
 * command name) and returns a process exit code (cli/args.h).
 * Owns: nothing; each command is a thin shell over domain/ and http/.
 * Thread-safety: called once from main.
 */
#ifndef KAZI_CLI_COMMANDS_H
#define KAZI_CLI_COMMANDS_H

int kazi_cmd_init(int argc, char **argv);
int kazi_cmd_serve(int argc, char **argv);
int kazi_cmd_backup(int argc, char **argv);
int kazi_cmd_version(int argc, char **argv);
int kazi_cmd_user(int argc, char **argv);
int kazi_cmd_audit(int argc, char **argv);
int kazi_cmd_import(int argc, char **argv);
int kazi_cmd_config(int argc, char **argv);

#endif
