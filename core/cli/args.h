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

/* Print "kazi: <message>" to stderr; returns KAZI_EXIT_FAIL. */
int kazi_cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print the last Kazi error to stderr ("kazi: message (field)") and return KAZI_EXIT_FAIL. */
int kazi_cli_fail_last(const char *context);

/* Print a usage error and return KAZI_EXIT_USAGE. */
int kazi_cli_usage(const char *usage, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
