#include "domain/install.h"
#include "auth/account.h"
#include "auth/roles.h"
#include "config/repo.h"
#include "config/rollout.h"
#include "domain/audit.h"
#include "domain/plugins.h"
#include "config/memory.h"
#include "store/meta.h"
#include "store/migrate.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/rand.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef KAZI_SOURCE_DIR
#define KAZI_SOURCE_DIR "/usr/share/kazi"
#endif

const char *kazi_install_share_dir(void)
{
    const char *env = getenv("KAZI_SHARE_DIR");
    if (env && *env) return env;
    struct stat st;
    if (stat(KAZI_SOURCE_DIR "/country-config", &st) == 0) return KAZI_SOURCE_DIR;
    return "/usr/share/kazi";
}

int kazi_install_country_dir(char *buf, size_t size, const char *share, const char *country)
{
    if (!share) share = kazi_install_share_dir();
    struct stat st;
    int ok = country && *country && !strchr(country, '/') && country[0] != '.';
    if (ok) {
        snprintf(buf, size, "%s/country-config/%s", share, country);
        if (stat(buf, &st) == 0 && S_ISDIR(st.st_mode)) return KAZI_OK;
    }
    char known[256] = "";
    char root[1024];
    snprintf(root, sizeof root, "%s/country-config", share);
    DIR *d = opendir(root);
    for (struct dirent *e; d && (e = readdir(d));) {
        if (e->d_name[0] == '.') continue;
        size_t k = strlen(known);
        int w = snprintf(known + k, sizeof known - k, "%s%s", k ? ", " : "", e->d_name);
        if (w < 0 || (size_t)w >= sizeof known - k) { /* no half names: the list ends here */
            known[k] = '\0';
            break;
        }
    }
    if (d) closedir(d);
    return kazi_error_set(KAZI_ENOTFOUND, "country", "unknown country '%s'; known: %s",
                          country ? country : "", known[0] ? known : "(none)");
}

void kazi_install_db_path(char *buf, size_t size, const char *data_dir)
{
    snprintf(buf, size, "%s/kazi.db", data_dir);
}

/* config/ sits below the audit trail; activations and recoveries reach it through this
 * hook, with the caller who activated (NULL for a recovery: the system). */
static int audit_config(kazi_db *db, const kazi_caller *caller, const char *action,
                        const char *rollout_id, const json_t *after)
{
    kazi_audit_ctx ctx;
    kazi_caller_audit(&ctx, caller);
    return kazi_audit_append(db, &ctx, action, "config_rollout", rollout_id, NULL, after);
}

static int dir_is_empty(const char *path)
{
    DIR *d = opendir(path);
    if (!d) return 0;
    int empty = 1;
    for (struct dirent *e; (e = readdir(d));)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) empty = 0;
    closedir(d);
    return empty;
}

static void remove_db_files(const char *db_path)
{
    char p[1100];
    unlink(db_path);
    snprintf(p, sizeof p, "%s-wal", db_path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", db_path);
    unlink(p);
}

int kazi_install_config_is_git(const char *config)
{
    if (strstr(config, "://") || (strchr(config, '@') && strchr(config, ':'))) return 1;
    /* a bare repository: HEAD, objects/ and refs/ at its top */
    char p[1100];
    struct stat st;
    snprintf(p, sizeof p, "%s/HEAD", config);
    if (stat(p, &st) != 0 || !S_ISREG(st.st_mode)) return 0;
    snprintf(p, sizeof p, "%s/objects", config);
    if (stat(p, &st) != 0 || !S_ISDIR(st.st_mode)) return 0;
    snprintf(p, sizeof p, "%s/refs", config);
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The configuration to install, as one source: a shipped country's folder, a folder,
 * or the default branch of a git repository (cloned into `clone`, removed by the
 * caller). `label` says where it came from, for the first commit's message. */
static int config_source(kazi_config_source **out, char *label, size_t size,
                         const kazi_install_opts *o, const char *clone)
{
    char dir[1024];
    int rc;
    if (o->config && o->country)
        return kazi_error_set(KAZI_EINVALID, "config", "give --country or --config, not both");
    if (o->config && *o->config && kazi_install_config_is_git(o->config)) {
        char commit[KAZI_OID_HEX];
        if ((rc = kazi_config_clone(commit, o->config, clone)) < 0) return rc;
        snprintf(label, size, "%s at %.12s", o->config, commit);
        return kazi_config_source_commit(out, clone, commit);
    }
    if (o->config) {
        if ((rc = kazi_config_source_dir(out, o->config)) < 0)
            return kazi_error_set(KAZI_ENOTFOUND, "config",
                                  "%s is neither a configuration folder nor a git repository",
                                  o->config);
        snprintf(label, size, "%s", (*out)->id + 4); /* "dir:<name>" */
        return KAZI_OK;
    }
    if ((rc = kazi_install_country_dir(dir, sizeof dir, o->share_dir, o->country)) < 0) return rc;
    snprintf(label, size, "country-config/%s", o->country);
    return kazi_config_source_dir(out, dir);
}

/* Load the configuration (with the plugins it will be pinned with) to learn the
 * country it declares: kazi.country's id. */
static int declared_country(char *id, size_t size, const kazi_config_source *config,
                            const kazi_config_source *plugins)
{
    kazi_config_source *c = NULL, *p = NULL;
    kazi_lua_gen *g = NULL;
    int rc = kazi_config_source_copy(&c, config);
    if (rc == KAZI_OK && (rc = kazi_config_source_copy(&p, plugins)) < 0)
        kazi_config_source_free(c);
    if (rc == KAZI_OK) rc = kazi_lua_gen_build(&g, c, p, NULL);
    kazi_lua_thread_exit();
    if (rc < 0) {
        char why[sizeof kazi_error_last()->message];
        snprintf(why, sizeof why, "%s", kazi_error_last()->message);
        return kazi_error_set(KAZI_EINVALID, "config", "the configuration does not load: %s", why);
    }
    const char *cid = json_string_value(
        json_object_get(json_object_get(kazi_lua_gen_catalogue(g), "country"), "id"));
    int w = cid ? snprintf(id, size, "%s", cid) : 0;
    kazi_lua_gen_unref(g);
    if (w < 0 || (size_t)w >= size)
        return kazi_error_set(KAZI_EINVALID, "config",
                              "the country's id is longer than %zu characters", size - 1);
    if (!cid)
        return kazi_error_set(KAZI_EINVALID, "config",
                              "the configuration declares no country: add kazi.country { id = "
                              "..., ... } (conventionally in country.lua)");
    return KAZI_OK;
}

int kazi_install_create(const kazi_install_opts *o)
{
    char label[1200], db_path[1024], stamp[32], instance[33], repo[1100], clone[1100];
    char first[KAZI_OID_HEX], country[65], message[1300];
    int rc, created_dir = 0;
    struct stat st;
    kazi_db *db = NULL;
    kazi_config_source *src = NULL, *config = NULL, *plugins = NULL;

    if (!o->data_dir || !*o->data_dir)
        return kazi_error_set(KAZI_EINVALID, "data", "--data DIR is required");
    if (!o->config && !o->country)
        return kazi_error_set(KAZI_EINVALID, "config", "give --config DIR|GIT-URL or --country");
    if (stat(o->data_dir, &st) == 0) {
        if (!S_ISDIR(st.st_mode))
            return kazi_error_set(KAZI_EEXISTS, "data", "%s exists and is not a directory",
                                  o->data_dir);
        kazi_install_db_path(db_path, sizeof db_path, o->data_dir);
        if (stat(db_path, &st) == 0)
            return kazi_error_set(KAZI_EEXISTS, "data",
                                  "%s already exists: kazi init never replaces a database "
                                  "(restore a backup into it, or choose a new directory)",
                                  db_path);
        if (!dir_is_empty(o->data_dir))
            return kazi_error_set(KAZI_EEXISTS, "data",
                                  "%s is not empty; kazi init needs a new or empty directory",
                                  o->data_dir);
    } else if (mkdir(o->data_dir, 0700) != 0) {
        return kazi_error_set(KAZI_ERROR, "data", "cannot create %s: %s", o->data_dir,
                              strerror(errno));
    } else {
        created_dir = 1;
    }
    kazi_install_db_path(db_path, sizeof db_path, o->data_dir);
    kazi_config_repo_path(repo, sizeof repo, o->data_dir);
    snprintf(clone, sizeof clone, "%s/config.clone", o->data_dir);
    /* The configuration, split from the plugins/ library it brings or pinned to the
     * shipped one; its country is whatever its kazi.country declares. */
    if ((rc = config_source(&src, label, sizeof label, o, clone)) < 0 ||
        (rc = kazi_plugins_split(&config, &plugins, src)) < 0 ||
        (rc = declared_country(country, sizeof country, config, plugins)) < 0)
        goto fail;
    snprintf(message, sizeof message, "Initial configuration (%s)", label);
    kazi_config_set_auditor(audit_config);
    if ((rc = kazi_db_open(&db, db_path, KAZI_DB_CREATE)) < 0) goto fail;
    if ((rc = kazi_migrate(db, -1)) < 0) goto fail;
    kazi_clock_format(stamp, sizeof stamp, kazi_clock_now_ms());
    kazi_rand_hex(instance, 16);
    if ((rc = kazi_db_begin(db)) < 0) goto fail;
    kazi_config_author author = {o->author_name,
                                 o->author_email ? o->author_email : "kazi@localhost"};
    if ((rc = kazi_meta_set(db, "country", country)) >= 0 &&
        (rc = kazi_meta_set(db, "created_at", stamp)) >= 0 &&
        (rc = kazi_meta_set(db, "instance_id", instance)) >= 0 &&
        (rc = kazi_config_repo_create_from(first, repo, config, plugins,
                                           o->author_name ? &author : NULL, message)) >= 0)
        rc =
            kazi_config_record_init(db, repo, first, o->author_name ? o->author_name : "kazi init");
    if ((rc = kazi_db_end(db, rc)) < 0) goto fail;
    if (o->admin_username) {
        kazi_account_spec admin = {o->admin_username, NULL, o->admin_password,
                                   KAZI_ROLE_ADMIN,   0,    NULL};
        if ((rc = kazi_account_create(NULL, db, kazi_caller_cli(), &admin)) < 0) goto fail;
    }
    kazi_db_close(db);
    if (o->country_out) snprintf(o->country_out, 65, "%s", country);
    kazi_config_source_free(src);
    kazi_config_source_free(config);
    kazi_config_source_free(plugins);
    kazi_config_remove_tree(clone);
    return KAZI_OK;

fail:
    kazi_config_source_free(src);
    kazi_config_source_free(config);
    kazi_config_source_free(plugins);
    kazi_config_remove_tree(clone);
    kazi_db_close(db);
    remove_db_files(db_path);
    kazi_config_remove_tree(repo);
    if (created_dir) rmdir(o->data_dir);
    return rc;
}

/* What an operator can do about a data directory whose database Kazi refuses. */
#define RECOVERY_HINT                                                                              \
    "restore kazi.db from a backup (docs/deployment.md, \"Backups\"), or run "                     \
    "kazi init on a new directory to start an empty register"

/*
 * Look at an existing database before anything writes to it: a zero-byte file, a file
 * that is not a SQLite database, one without Kazi's schema or without the installation
 * record `kazi init` writes last are refused. Migrating such a file would silently turn
 * it into a new, empty register (no users, an "intact" empty audit trail). The check
 * uses a read-only connection, so a refused file is left exactly as it was.
 */
static int check_database(const char *db_path)
{
    struct stat st;
    kazi_db *db = NULL;
    char *instance = NULL;
    int version = 0, rc;

    if (stat(db_path, &st) != 0) {
        if (errno != ENOENT) return kazi_error_errno(errno, "data", "cannot read %s", db_path);
        return kazi_error_set(KAZI_ENOTFOUND, "data",
                              "%s does not exist: Kazi will not run "
                              "without its database; " RECOVERY_HINT,
                              db_path);
    }
    if (!S_ISREG(st.st_mode))
        return kazi_error_set(KAZI_EINVALID, "data", "%s is not a file; " RECOVERY_HINT, db_path);
    if (st.st_size == 0)
        return kazi_error_set(KAZI_EINVALID, "data",
                              "%s is empty (0 bytes): it holds no register and Kazi will not "
                              "use it; " RECOVERY_HINT,
                              db_path);
    if (access(db_path, R_OK | W_OK) != 0)
        return kazi_error_errno(errno, "data", "%s cannot be read and written", db_path);
    if ((rc = kazi_db_open(&db, db_path, KAZI_DB_READONLY)) == KAZI_OK)
        rc = kazi_migrate_version(&version, db);
    if (rc == KAZI_EFULL) {
        /* A WAL database cannot even be read without room for its -shm file. */
        rc = kazi_error_set(KAZI_EFULL, "data",
                            "cannot open %s: the disk holding it is full (SQLite needs room "
                            "for its -wal and -shm files); free space on that file system and "
                            "try again",
                            db_path);
        goto done;
    }
    if (rc < 0) {
        if (rc != KAZI_EBUSY) {
            char why[sizeof kazi_error_last()->message];
            snprintf(why, sizeof why, "%s", kazi_error_last()->message);
            rc = kazi_error_set(KAZI_EINVALID, "data",
                                "%s is not a readable Kazi database (%s); " RECOVERY_HINT, db_path,
                                why);
        }
        goto done;
    }
    if (version == 0) {
        rc = kazi_error_set(KAZI_EINVALID, "data",
                            "%s has no Kazi schema (schema version 0): it is not a Kazi "
                            "register and Kazi will not use it; " RECOVERY_HINT,
                            db_path);
        goto done;
    }
    if (version <= kazi_migrate_latest() &&
        (rc = kazi_meta_get(&instance, db, "instance_id")) < 0) {
        if (rc != KAZI_EBUSY)
            rc = kazi_error_set(KAZI_EINVALID, "data",
                                "%s has no installation record (kazi init did not finish, or "
                                "the file was damaged); " RECOVERY_HINT,
                                db_path);
        goto done;
    }
    rc = KAZI_OK;
done:
    free(instance);
    kazi_db_close(db);
    return rc;
}

int kazi_install_open(kazi_db **out, const char *data_dir)
{
    char db_path[1024];
    struct stat st;
    if (!data_dir || !*data_dir)
        return kazi_error_set(KAZI_EINVALID, "data", "--data DIR is required");
    if (stat(data_dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return kazi_error_set(KAZI_ENOTFOUND, "data",
                              "%s is not a Kazi data directory (run kazi init first)", data_dir);
    kazi_install_db_path(db_path, sizeof db_path, data_dir);
    int rc = check_database(db_path);
    if (rc < 0) return rc;
    kazi_db *db;
    if ((rc = kazi_db_open(&db, db_path, 0)) < 0) return rc;
    if ((rc = kazi_migrate(db, -1)) < 0) {
        kazi_db_close(db);
        return rc;
    }
    /* Whoever opens the data directory first after a crash settles an activation the
     * crash interrupted, so the rollout history and refs/kazi/live agree before anything
     * reads either. */
    char repo[1100];
    kazi_config_repo_path(repo, sizeof repo, data_dir);
    kazi_config_set_auditor(audit_config);
    if ((rc = kazi_config_reconcile(NULL, db, repo)) < 0) {
        kazi_db_close(db);
        return rc;
    }
    *out = db;
    return KAZI_OK;
}
