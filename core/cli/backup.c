/*
 * backup — `kazi backup --data DIR --to NEWDIR`: a consistent copy of a data directory,
 * while it serves: the database (one pass from a read snapshot, verified) and the
 * configuration repository, both as of one instant with no activation in between, so
 * NEWDIR is itself a data directory (`kazi serve --data NEWDIR` serves it).
 * Uses: domain/install, config/rollout (the activation lock), config/repo, store/backup.
 * Thread-safety: single-threaded command.
 */
#include "cli/args.h"
#include "cli/commands.h"
#include "config/repo.h"
#include "config/rollout.h"
#include "domain/install.h"
#include "store/backup.h"
#include "util/clock.h"
#include "util/error.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
    kazi_db *db;
    const char *repo;
    char repo_copy[1100];
    int reading;
} snapshot;

/* With the activation lock held, the rollout history and refs/kazi/live agree and stand
 * still: pin the database's snapshot and copy the repository now. The database pages
 * are copied after the lock is released, from the pinned snapshot. */
static int take_snapshot(void *p)
{
    snapshot *s = p;
    int rc = kazi_db_read_begin(s->db);
    if (rc < 0) return rc;
    s->reading = 1;
    return kazi_config_repo_copy(s->repo, s->repo_copy);
}

int kazi_cmd_backup(int argc, char **argv)
{
    static const char usage[] = "kazi backup --data DIR --to NEWDIR";
    const char *data = NULL, *to = NULL;
    const kazi_opt opts[] = {
        {"--data", "DIR", &data, NULL, "the data directory to back up (may be serving)"},
        {"--to", "NEWDIR", &to, NULL,
         "new directory for the copy: kazi.db and config.git, itself a data directory"},
        {0},
    };
    int rc = kazi_args_parse(argc, argv, 2, opts, usage, NULL, 0, NULL);
    if (rc) return rc < 0 ? KAZI_EXIT_OK : rc;
    if (!data) return kazi_cli_usage(usage, "--data DIR is required");
    if (!to) return kazi_cli_usage(usage, "--to NEWDIR is required");
    struct stat st;
    if (stat(to, &st) == 0)
        return kazi_cli_fail("backup: %s already exists; choose a new directory", to);
    char repo[1100], db_copy[1100];
    snapshot s = {0};
    int64_t t0 = kazi_clock_mono_ns(), bytes = 0;
    int made = 0;
    if ((rc = kazi_install_open(&s.db, data)) < 0) goto done;
    if (mkdir(to, 0700) != 0) {
        rc = kazi_error_set(KAZI_ERROR, "to", "cannot create %s: %s", to, strerror(errno));
        goto done;
    }
    made = 1;
    kazi_config_repo_path(repo, sizeof repo, data);
    kazi_config_repo_path(s.repo_copy, sizeof s.repo_copy, to);
    kazi_install_db_path(db_copy, sizeof db_copy, to);
    s.repo = repo;
    if ((rc = kazi_config_with_activation_lock(repo, take_snapshot, &s)) < 0) goto done;
    if ((rc = kazi_db_backup(s.db, db_copy)) < 0) goto done;
    kazi_db_read_end(s.db);
    s.reading = 0;
    if (stat(db_copy, &st) == 0) bytes = (int64_t)st.st_size;
done:
    if (s.reading) kazi_db_read_end(s.db);
    kazi_db_close(s.db);
    if (rc < 0) {
        kazi_error keep = *kazi_error_last();
        if (made) kazi_config_remove_tree(to);
        kazi_error_set(keep.code, keep.field[0] ? keep.field : NULL, "%s", keep.message);
        return kazi_cli_fail_last("backup");
    }
    printf("Backed up %s to %s: database %.1f MB (integrity ok) and the configuration "
           "repository, in %.1f s.\n",
           data, to, (double)bytes / (1024 * 1024), (double)(kazi_clock_mono_ns() - t0) / 1e9);
    return KAZI_EXIT_OK;
}
