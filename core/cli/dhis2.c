/*
 * dhis2 (cli) — `kazi export dhis2` (print the dataValueSets JSON or ADX document of a
 * period) and `kazi push dhis2` (send it to a DHIS2 instance; the import summary goes
 * to the audit trail). docs/interoperability.md, "DHIS2".
 * Owns: their arguments and output.
 * Uses: domain/dhis2, domain/plugins (the live configuration), domain/install.
 * Thread-safety: single-threaded commands.
 */
#include "cli/args.h"
#include "cli/commands.h"
#include "config/repo.h"
#include "domain/dhis2.h"
#include "domain/install.h"
#include "domain/plugins.h"
#include "store/meta.h"
#include "util/error.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The first line of the token file, without surrounding blanks. */
static int read_token(char *out, size_t size, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return kazi_error_set(KAZI_ENOTFOUND, "token-file", "cannot read %s: %s", path,
                              strerror(errno));
    char line[1024];
    char *got = fgets(line, sizeof line, f);
    fclose(f);
    char *s = got ? line : (char *)"";
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && strchr(" \t\r\n", s[n - 1]))
        s[--n] = '\0';
    if (!n || n >= size)
        return kazi_error_set(KAZI_EINVALID, "token-file",
                              "%s must hold the DHIS2 personal access token on its first line",
                              path);
    memcpy(out, s, n + 1);
    return KAZI_OK;
}

/* Open the data directory and its live configuration (what the server serves). */
static int open_data(kazi_db **db, kazi_lua_gen **g, const char *data)
{
    char db_path[1024], repo[1100];
    int rc = kazi_install_open(db, data);
    if (rc < 0) return rc;
    kazi_install_db_path(db_path, sizeof db_path, data);
    kazi_store_set_path(db_path);
    kazi_config_repo_path(repo, sizeof repo, data);
    return kazi_plugins_load_live(g, repo, NULL);
}

static void close_data(kazi_db *db, kazi_lua_gen *g)
{
    kazi_lua_gen_unref(g);
    kazi_lua_thread_exit();
    kazi_store_thread_close();
    kazi_db_close(db);
}

/* kazi export dhis2 --data DIR --period P [--format json|adx] [--org-unit CODE] */
int kazi_cmd_export(int argc, char **argv)
{
    static const char usage[] = "kazi export dhis2 --data DIR --period PERIOD "
                                "[--format json|adx] [--org-unit CODE]";
    if (argc < 3 || strcmp(argv[2], "dhis2")) {
        if (argc >= 3 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h"))) {
            printf("usage: %s\n", usage);
            return KAZI_EXIT_OK;
        }
        return kazi_cli_usage(usage, "expected 'dhis2'");
    }
    const char *data = NULL, *period = NULL, *format = NULL, *unit = NULL;
    const kazi_opt opts[] = {
        {"--data", "DIR", &data, NULL, "the data directory"},
        {"--period", "PERIOD", &period, NULL, "YYYYMM (monthly), YYYYQn (quarterly) or YYYY"},
        {"--format", "FORMAT", &format, NULL, "json (dataValueSets, default) or adx"},
        {"--org-unit", "CODE", &unit, NULL, "only this org unit's subtree"},
        {0},
    };
    int rc = kazi_args_parse(argc, argv, 3, opts, usage, NULL, 0, NULL);
    if (rc) return rc < 0 ? KAZI_EXIT_OK : rc;
    if (!data || !period) return kazi_cli_usage(usage, "--data DIR and --period are required");
    kazi_dhis2_format f;
    if (kazi_dhis2_format_parse(&f, format) < 0) return kazi_cli_fail_last("export dhis2");
    kazi_db *db = NULL;
    kazi_lua_gen *g = NULL;
    kazi_dhis2_doc doc = {0};
    if ((rc = open_data(&db, &g, data)) < 0 ||
        (rc = kazi_dhis2_export(&doc, db, kazi_caller_cli(), g, period, f, unit)) < 0)
        goto done;
    if (fwrite(doc.data, 1, doc.len, stdout) != doc.len || fflush(stdout) != 0)
        rc = kazi_error_set(KAZI_ERROR, NULL, "could not write the document: %s", strerror(errno));
    else
        fprintf(stderr, "%zu data values for %s\n", doc.values, period);
done:
    kazi_dhis2_doc_free(&doc);
    close_data(db, g);
    return rc < 0 ? kazi_cli_fail_last("export dhis2") : KAZI_EXIT_OK;
}

/* kazi push dhis2 --data DIR --period P --url URL --token-file F [--dry-run] ... */
int kazi_cmd_push(int argc, char **argv)
{
    static const char usage[] =
        "kazi push dhis2 --data DIR --period PERIOD --url URL --token-file FILE [--dry-run] "
        "[--format json|adx] [--org-unit CODE] [--import-strategy S]";
    if (argc < 3 || strcmp(argv[2], "dhis2")) {
        if (argc >= 3 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h"))) {
            printf("usage: %s\n", usage);
            return KAZI_EXIT_OK;
        }
        return kazi_cli_usage(usage, "expected 'dhis2'");
    }
    const char *data = NULL, *period = NULL, *format = NULL, *unit = NULL, *url = NULL,
               *token_file = NULL, *strategy = NULL;
    int dry_run = 0;
    const kazi_opt opts[] = {
        {"--data", "DIR", &data, NULL, "the data directory"},
        {"--period", "PERIOD", &period, NULL, "YYYYMM (monthly), YYYYQn (quarterly) or YYYY"},
        {"--url", "URL", &url, NULL, "the DHIS2 base URL (https://dhis2.example.org)"},
        {"--token-file", "FILE", &token_file, NULL, "a file holding a DHIS2 personal access token"},
        {"--dry-run", NULL, NULL, &dry_run, "DHIS2 checks the data and saves nothing"},
        {"--format", "FORMAT", &format, NULL, "json (dataValueSets, default) or adx"},
        {"--org-unit", "CODE", &unit, NULL, "only this org unit's subtree"},
        {"--import-strategy", "S", &strategy, NULL,
         "CREATE_AND_UPDATE (default), CREATE, UPDATE or DELETE"},
        {0},
    };
    int rc = kazi_args_parse(argc, argv, 3, opts, usage, NULL, 0, NULL);
    if (rc) return rc < 0 ? KAZI_EXIT_OK : rc;
    if (!data || !period || !url || !token_file)
        return kazi_cli_usage(usage, "--data, --period, --url and --token-file are required");
    static const char *const strategies[] = {"CREATE_AND_UPDATE", "CREATE", "UPDATE", "DELETE",
                                             NULL};
    const char *const *s = strategies;
    while (strategy && *s && strcmp(*s, strategy))
        s++;
    if (strategy && !*s)
        return kazi_cli_usage(usage,
                              "--import-strategy must be CREATE_AND_UPDATE, CREATE, UPDATE or "
                              "DELETE");
    kazi_dhis2_format f;
    if (kazi_dhis2_format_parse(&f, format) < 0) return kazi_cli_fail_last("push dhis2");
    char token[512];
    if (read_token(token, sizeof token, token_file) < 0) return kazi_cli_fail_last("push dhis2");
    kazi_db *db = NULL;
    kazi_lua_gen *g = NULL;
    json_t *summary = NULL;
    kazi_dhis2_target t = {url, token, dry_run, strategy, 0};
    if ((rc = open_data(&db, &g, data)) < 0 ||
        (rc = kazi_dhis2_push(&summary, db, kazi_caller_cli(), g, &t, period, f, unit)) < 0)
        goto done;
    char *text = json_dumps(summary, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    printf("%s\n", text ? text : "{}");
    free(text);
    const char *status = json_string_value(json_object_get(summary, "status"));
    /* a summary other than SUCCESS (WARNING: some values ignored; ERROR) fails the command */
    if (strcmp(status, "SUCCESS") && strcmp(status, "OK")) {
        fprintf(stderr, "kazi: push dhis2: DHIS2 answered %s (%lld conflicts); see above\n", status,
                (long long)json_array_size(json_object_get(summary, "conflicts")));
        rc = 1;
    }
done:
    memset(token, 0, sizeof token);
    json_decref(summary);
    close_data(db, g);
    if (rc < 0) return kazi_cli_fail_last("push dhis2");
    return rc ? KAZI_EXIT_FAIL : KAZI_EXIT_OK;
}
