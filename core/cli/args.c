#include "cli/args.h"
#include "domain/i18n.h"
#include "util/error.h"
#include "util/lang.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int kazi_cli_language(int *argc, char **argv)
{
    const char *code = getenv("KAZI_LANG"), *from = "KAZI_LANG";
    if (code && !*code) code = NULL;
    for (int i = 1; i < *argc; i++) {
        int joined = !strncmp(argv[i], "--lang=", 7);
        if (strcmp(argv[i], "--lang") != 0 && !joined) continue;
        if (!joined && i + 1 >= *argc) {
            fprintf(stderr, "kazi: --lang needs a language code (such as en, sw, ny)\n");
            return KAZI_EXIT_USAGE;
        }
        code = joined ? argv[i] + 7 : argv[i + 1];
        from = "--lang";
        int drop = joined ? 1 : 2;
        for (int j = i; j + drop <= *argc; j++) /* argv[argc] (NULL) moves too */
            argv[j] = argv[j + drop];
        *argc -= drop;
        i--;
    }
    if (code && !kazi_lang_valid(code)) {
        fprintf(stderr, "kazi: %s: '%s' is not a language code (such as en, sw, ny, pt-BR)\n", from,
                code);
        return KAZI_EXIT_USAGE;
    }
    kazi_lang_set(code);
    kazi_i18n_install(); /* every message a command sets is worded in that language */
    return KAZI_EXIT_OK;
}

static void print_usage(FILE *f, const char *usage, const kazi_opt *opts)
{
    fprintf(f, "usage: %s\n", usage);
    if (opts[0].name) fprintf(f, "\noptions:\n");
    for (const kazi_opt *o = opts; o->name; o++) {
        char left[64];
        snprintf(left, sizeof left, "%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
        fprintf(f, "  %-30s %s\n", left, o->help ? o->help : "");
    }
    fprintf(f, "  %-30s %s\n", "--help", "show this help");
}

int kazi_cli_usage(const char *usage, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "kazi: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nusage: %s\n", usage);
    return KAZI_EXIT_USAGE;
}

int kazi_args_parse(int argc, char **argv, int first, const kazi_opt *opts, const char *usage,
                    const char **positional, int max_positional, int *npositional)
{
    int npos = 0;
    for (int i = first; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            print_usage(stdout, usage, opts);
            return -1;
        }
        if (a[0] == '-' && a[1] == '-') {
            const kazi_opt *o = opts;
            const char *eq = strchr(a, '=');
            size_t nlen = eq ? (size_t)(eq - a) : strlen(a);
            while (o->name && !(strlen(o->name) == nlen && !strncmp(o->name, a, nlen)))
                o++;
            if (!o->name) return kazi_cli_usage(usage, "unknown option %s", a);
            if (o->arg) {
                if (eq)
                    *o->value = eq + 1;
                else if (i + 1 < argc)
                    *o->value = argv[++i];
                else
                    return kazi_cli_usage(usage, "%s needs a value (%s)", o->name, o->arg);
            } else {
                if (eq) return kazi_cli_usage(usage, "%s takes no value", o->name);
                *o->flag = 1;
            }
            continue;
        }
        if (npos >= max_positional) return kazi_cli_usage(usage, "unexpected argument %s", a);
        positional[npos++] = a;
    }
    if (npositional) *npositional = npos;
    return KAZI_EXIT_OK;
}

int kazi_cli_fail(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "kazi: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return KAZI_EXIT_FAIL;
}

int kazi_cli_fail_last(const char *context)
{
    const kazi_error *e = kazi_error_last();
    if (e->field[0]) return kazi_cli_fail("%s: %s (%s)", context, e->message, e->field);
    return kazi_cli_fail("%s: %s", context, e->message);
}
