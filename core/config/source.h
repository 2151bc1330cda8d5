/*
 * source — where a country configuration's files come from. One small interface
 * with two implementations: a plain directory (country-config/<country>/ in the
 * source tree, plugins/, `kazi config check DIR`) and a git commit tree (the live
 * configuration, read with libgit2 by core/config/repo.c).
 * Owns: the kazi_config_source interface and the directory implementation.
 * Uses: libc only (the git implementation lives with libgit2 in config/).
 * Thread-safety: a source is immutable once made; read/list may be called from
 * any thread concurrently (implementations must ensure this).
 */
#ifndef KAZI_CONFIG_SOURCE_H
#define KAZI_CONFIG_SOURCE_H

#include <stddef.h>

typedef struct kazi_config_source kazi_config_source;

struct kazi_config_source {
    /* Read the file at `path` (relative, '/'-separated, e.g. "cadres/psw.lua") into a
     * new NUL-terminated buffer (*out, free()) of *len bytes. KAZI_ENOTFOUND (field
     * "path") if there is no such file; KAZI_EINVALID for an absolute path or one
     * with a ".." segment. */
    int (*read)(const kazi_config_source *src, const char *path, char **out, size_t *len);
    /* Every file path in the source, sorted bytewise, as a NULL-terminated array the
     * caller frees with kazi_config_paths_free. */
    int (*list)(const kazi_config_source *src, char ***out);
    void (*free)(kazi_config_source *src);
    /* What this source is: a commit id (40 hex) or "dir:<folder name>" (never
     * the server's path). Lent. */
    char id[1040];
    void *impl;
};

/* A source over the files below directory `dir` (symlinks and dot-files ignored).
 * KAZI_ENOTFOUND (field "dir") if it is not a directory. */
int kazi_config_source_dir(kazi_config_source **out, const char *dir);

/* Free any source; NULL-safe. */
void kazi_config_source_free(kazi_config_source *src);

/* Free a list returned by ->list; NULL-safe. */
void kazi_config_paths_free(char **paths);

/* Check a relative path: no leading '/', no "." or ".." segments, no NUL, no
 * backslash, at most 512 bytes. KAZI_OK or KAZI_EINVALID (field "path"). */
int kazi_config_path_check(const char *path);

#endif
