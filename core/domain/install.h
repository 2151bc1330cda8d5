/*
 * install — a Kazi data directory: its layout, its creation by `kazi init`,
 * and opening it (with migration) for every other command.
 * Owns: the data directory layout (DIR/kazi.db, ...) and where country
 * configurations and plugins are found (the share directory).
 * Uses: store/db, store/migrate, store/meta.
 * Thread-safety: call from one thread at start-up.
 */
#ifndef KAZI_DOMAIN_INSTALL_H
#define KAZI_DOMAIN_INSTALL_H

#include <stddef.h>

#include "store/db.h"

/*
 * The directory holding country-config/ and plugins/: $KAZI_SHARE_DIR if set, else
 * the source tree the binary was built from (when it still exists), else
 * /usr/share/kazi. Lent, process lifetime.
 */
const char *kazi_install_share_dir(void);

/* Path of a country's configuration folder under `share` (NULL: the share dir) into buf.
 * KAZI_ENOTFOUND (field "country") naming the countries that do exist. */
int kazi_install_country_dir(char *buf, size_t size, const char *share, const char *country);

/* DIR/kazi.db into buf. */
void kazi_install_db_path(char *buf, size_t size, const char *data_dir);

/* Whether `config` (kazi init --config) names a git repository — a URL (scheme://...,
 * user@host:path) or a bare repository's directory — rather than a folder of files. */
int kazi_install_config_is_git(const char *config);

typedef struct kazi_install_opts {
    const char *data_dir;
    const char *country;   /* a folder of the share dir's country-config/ (or NULL) */
    const char *config;    /* or: a configuration folder or git URL/path (kazi init --config) */
    char *country_out;     /* NULL, or 65 bytes for the installed country's id */
    const char *share_dir; /* NULL: kazi_install_share_dir() */
    const char *admin_username; /* NULL: no first administrator */
    const char *admin_password;
    const char *author_name;  /* author of the first configuration commit (the initial */
    const char *author_email; /* administrator); NULL: "Kazi init <kazi@localhost>" */
} kazi_install_opts;

/*
 * Create a data directory: refuse a non-empty existing one, and above all one that
 * already holds a kazi.db, whatever its size (KAZI_EEXISTS, field "data"); read the
 * configuration (`country`: a shipped folder; `config`: a folder, or a git repository
 * cloned for its default branch), load it to learn its kazi.country id (KAZI_EINVALID,
 * field "config", naming file and line when it does not load), create the database at
 * the newest schema, record that country, create the first administrator when
 * admin_username is set (the password must meet the policy: KAZI_EINVALID, field
 * "password"), and create the configuration repository DIR/config.git whose first
 * commit (validated, live) is the configuration with the plugins/ library pinned in it
 * (its own plugins/ folder, else a copy of the shipped one), authored by author_name.
 * On any failure, whatever this call created is removed.
 */
int kazi_install_create(const kazi_install_opts *opts);

/*
 * Open an existing data directory's database for serving or a command, bringing its
 * schema up to date and settling an activation a crash interrupted (kazi_config_reconcile;
 * it also registers the audit hook of config/). Never creates a database: KAZI_ENOTFOUND
 * (field "data") when DIR or its database is missing; KAZI_EINVALID (field "data") when the
 * database is empty (0 bytes), not a SQLite file, without Kazi's schema or without the
 * installation record kazi init writes last — the file is looked at read-only and left as
 * it was, and the message names it and says what to do; KAZI_EFULL when it cannot be opened
 * for lack of space; KAZI_EVERSION when the database is newer than this binary.
 * *out is the caller's (kazi_db_close).
 */
int kazi_install_open(kazi_db **out, const char *data_dir);

#endif
