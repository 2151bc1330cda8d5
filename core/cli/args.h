/*
 * args — option parsing shared by every `kazi` command.
 * Owns: the option table format and usage errors.
 * Uses: libc.
 * Thread-safety: single-threaded (command start-up).
 */
#ifndef KAZI_CLI_ARGS_H
#define KAZI_CLI_ARGS_H

typedef struct kazi_opt {
    const char *name;   /* "--data" */
    const char *arg;    /* metavariable for usage ("DIR"), or NULL for a flag */
    const char **value; /* where an option's argument goes */
    int *flag;          /* where a flag is set to 1 */
    const char *help;
} kazi_opt;

enum { KAZI_EXIT_OK = 0, KAZI_EXIT_FAIL = 1, KAZI_EXIT_USAGE = 2 };

/*
 * Parse argv[first..] against opts (terminated by a zero entry). Positional arguments
 * go to positional[0..max_positional-1] and their count to *npositional (may be NULL
 * when none are allowed). Returns KAZI_EXIT_OK, KAZI_EXIT_USAGE after printing the
 * problem, or -1 when --help was asked for (usage already printed to stdout).
 */
int kazi_args_parse(int argc, char **argv, int first, const kazi_opt *opts, const char *usage,
                    const char **positional, int max_positional, int *npositional);

/*
 * The language a command speaks (every command): `--lang CODE` (or --lang=CODE)
 * anywhere, before or after the command name (removed from argv, *argc adjusted), else the
 * environment's KAZI_LANG, else none (messages in the configuration's default language, then
 * English). A code that is not a language code is a usage error: KAZI_EXIT_USAGE after printing it;
 * else KAZI_EXIT_OK with util/lang set. A language the configuration does not declare
 * falls back as a missing translation does.
 */
int kazi_cli_language(int *argc, char **argv);

/* Print "kazi: <message>" to stderr; returns KAZI_EXIT_FAIL. */
int kazi_cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print the last Kazi error to stderr ("kazi: message (field)") and return KAZI_EXIT_FAIL. */
int kazi_cli_fail_last(const char *context);

/* Print a usage error and return KAZI_EXIT_USAGE. */
int kazi_cli_usage(const char *usage, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
