/*
 * import_registry — `kazi import people|positions|assignments FILE.csv`: the
 * registry's CSV imports from the server's shell, with a progress bar on a terminal,
 * all-or-nothing by default or --partial with a rejects CSV.
 * Uses: domain/importjob (the API's import jobs, run on this thread), domain/install.
 */
#include "cli/args.h"
#include "domain/plugins.h"
#include "cli/commands.h"
#include "domain/audit.h"
#include "domain/import.h"
#include "domain/importjob.h"
#include "domain/install.h"
#include "store/registry.h"
#include "util/error.h"

#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_FILE (512L * 1024 * 1024)

static int slurp(char **out, size_t *len, const char *path)
{
    struct stat st;
    *out = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return kazi_error_set(KAZI_ENOTFOUND, "file", "cannot read %s: %s", path, strerror(errno));
    if (fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode)) {
        fclose(f);
        return kazi_error_set(KAZI_EINVALID, "file", "%s is not a regular file", path);
    }
    if (st.st_size > MAX_FILE) {
        fclose(f);
        return kazi_error_set(KAZI_ETOOBIG, "file", "%s is larger than 512 MiB; split it", path);
    }
    char *buf = malloc((size_t)st.st_size + 1);
    size_t n = buf ? fread(buf, 1, (size_t)st.st_size, f) : 0;
    int err = ferror(f);
    fclose(f);
    if (!buf) return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    if (err || n != (size_t)st.st_size) {
        free(buf);
        return kazi_error_set(KAZI_ERROR, "file", "error reading %s", path);
    }
    *out = buf;
    *len = n;
    return KAZI_OK;
}

static void progress_bar(void *ctx, int64_t done, int64_t total)
{
    (void)ctx;
    int width = 40, filled = total ? (int)(done * width / total) : width;
    fprintf(stderr, "\r[%.*s%*s] %3d%% %lld/%lld rows", filled,
            "########################################", width - filled, "",
            total ? (int)(done * 100 / total) : 100, (long long)done, (long long)total);
    if (done == total) fputc('\n', stderr);
    fflush(stderr);
}

int kazi_cmd_import_registry(int argc, char **argv)
{
    static const char usage[] =
        "kazi import people|positions|assignments --data DIR [--partial] [--rejects FILE] FILE.csv";
    const char *data = NULL, *rejects = NULL, *pos[1];
    int partial = 0, quiet = 0, npos = 0;
    const kazi_opt opts[] = {
        {"--data", "DIR", &data, NULL, "the data directory"},
        {"--partial", NULL, NULL, &partial,
         "import the valid rows and write the others to a rejects CSV"},
        {"--rejects", "FILE", &rejects, NULL,
         "where --partial writes rejected rows (FILE.rejects.csv)"},
        {"--quiet", NULL, NULL, &quiet, "no progress bar"},
        {0},
    };
    kazi_import_opts io = {0};
    if (kazi_import_kind_parse(&io.kind, argv[2]) < 0) return kazi_cli_fail_last("import");
    int rc = kazi_args_parse(argc, argv, 3, opts, usage, pos, 1, &npos);
    if (rc) return rc < 0 ? KAZI_EXIT_OK : rc;
    if (!data) return kazi_cli_usage(usage, "--data DIR is required");
    if (npos != 1) return kazi_cli_usage(usage, "give the CSV FILE to import");
    if (rejects && !partial) return kazi_cli_usage(usage, "--rejects goes with --partial");
    io.partial = partial;
    if (!quiet && isatty(STDERR_FILENO)) io.progress = progress_bar;
    char *csv;
    size_t len;
    if (slurp(&csv, &len, pos[0]) < 0) return kazi_cli_fail_last("import");
    kazi_db *db;
    if (kazi_install_open(&db, data) < 0) {
        free(csv);
        return kazi_cli_fail_last("import");
    }
    if (kazi_plugins_activate_country(db) < 0) {
        free(csv);
        kazi_db_close(db);
        kazi_lua_thread_exit();
        return kazi_cli_fail("import: the configuration does not load: %s",
                             kazi_error_last()->message);
    }
    io.cache_mib = 512; /* a short-lived process: keep the indexes in memory */
    /* An import allocates and frees millions of small objects between the page cache's
     * large blocks; without fast bins glibc does not re-sort them on every large block
     * (measured: a third off a 100,000-row import). */
    mallopt(M_MXFAST, 0);
    /* The same job the API runs, on this thread: the CLI's import is the API's. */
    kazi_upload upload = {csv, len, free, csv};
    json_t *report;
    int64_t id;
    rc = kazi_importjob_start(&report, &id, db, kazi_caller_cli(), &io, &upload,
                              KAZI_IMPORTJOB_WAIT);
    kazi_db_close(db);
    kazi_lua_thread_exit();
    kazi_lua_shutdown();
    if (!report) return kazi_cli_fail_last("import");
    json_t *errors = json_object_get(report, "errors");
    long long created = json_integer_value(json_object_get(report, "created")),
              existing = json_integer_value(json_object_get(report, "existing")),
              rejected = json_integer_value(json_object_get(report, "rejected"));
    int exit = KAZI_EXIT_OK;
    char *bad = NULL;
    size_t bad_len = 0;
    if (rc < 0) {
        fprintf(stderr, "kazi: import %s: %s\n", argv[2], kazi_error_last()->message);
        kazi_cli_row_errors(errors, "column_name");
        exit = KAZI_EXIT_FAIL;
    } else {
        char line[512]; /* in the command's language (--lang, KAZI_LANG) */
        printf("%s\n",
               kazi_error_format(line, sizeof line,
                                 "Imported %lld %s from %s (%lld already present, %lld rejected).",
                                 created, argv[2], pos[0], existing, rejected));
        if (rejected && kazi_importjob_rejects(&bad, &bad_len, kazi_caller_cli(), id) < 0) {
            fprintf(stderr, "kazi: import: %s\n", kazi_error_last()->message);
            exit = KAZI_EXIT_FAIL;
        } else if (rejected) {
            char path[4096];
            if (!rejects) {
                snprintf(path, sizeof path, "%s.rejects.csv", pos[0]);
                rejects = path;
            }
            FILE *f = fopen(rejects, "wb");
            if (!f || fwrite(bad, 1, bad_len, f) != bad_len) {
                fprintf(stderr, "kazi: import: cannot write %s: %s\n", rejects, strerror(errno));
                exit = KAZI_EXIT_FAIL;
            }
            if (f && fclose(f) != 0) exit = KAZI_EXIT_FAIL;
            fprintf(stderr, "Rejected rows are in %s:\n", rejects);
            kazi_cli_row_errors(errors, "column_name");
        }
    }
    free(bad);
    json_decref(report);
    return exit;
}
