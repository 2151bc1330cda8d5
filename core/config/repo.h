/*
 * repo — the configuration repository: a bare git repository DATA/config.git read and
 * written with libgit2, never through a work tree. Its refs: refs/heads/main (proposals
 * land here), refs/kazi/live (the active commit, moved only by compare-and-swap),
 * refs/tags/NAME (releases such as TZ-2026.1).
 * Owns: libgit2 initialisation, every git_repository handle, the translation of libgit2
 * errors into Kazi errors (only config/ includes git2.h), the commit-tree source.
 * Uses: libgit2, config/source, util/json, util/clock.
 * Thread-safety: libgit2 is initialised once (pthread_once). libgit2 forbids using one
 * git_repository from two threads at once, so every function here opens its own
 * repository object for the duration of the call and shares none; a commit source keeps
 * one repository object guarded by its own mutex. All functions may therefore be called
 * from any thread concurrently. Across processes, ref updates rely on libgit2's ref lock
 * files (a concurrent update fails instead of interleaving).
 */
#ifndef KAZI_CONFIG_REPO_H
#define KAZI_CONFIG_REPO_H

#include <stddef.h>

#include "config/source.h"
#include "util/json.h"

#define KAZI_CONFIG_LIVE_REF "refs/kazi/live"
#define KAZI_CONFIG_MAIN_REF "refs/heads/main"
#define KAZI_OID_HEX         41 /* 40 hex digits + NUL */

/* Who makes a commit, a tag or a decision. Name and email must not contain '<', '>'
 * or line breaks. */
typedef struct kazi_config_author {
    const char *name;
    const char *email;
} kazi_config_author;

/* Initialise libgit2 once per process (idempotent, thread-safe) and isolate it from
 * the user's and the system's git configuration. KAZI_ERROR if libgit2 was built
 * without thread support. Every function below calls it. */
int kazi_config_git_init(void);

/* DATA_DIR/config.git into buf. */
void kazi_config_repo_path(char *buf, size_t size, const char *data_dir);

/* The repository the server and its handlers use (set once at start-up, like
 * kazi_store_set_path); NULL until set. The string is copied. */
void kazi_config_set_repo(const char *repo_path);
const char *kazi_config_repo(void);

/*
 * Create the bare repository `repo` whose first commit holds every file below `dir`
 * (a country-config folder), authored by `author` (NULL: "Kazi init <kazi@localhost>"),
 * with HEAD, refs/heads/main and refs/kazi/live on it. The repository refuses pushes
 * that move refs/kazi/... (a pre-receive hook), delete refs or rewrite history, so plain
 * `git push` can propose but never activate. The new commit id goes to out.
 * KAZI_EEXISTS if `repo` exists; on failure nothing is left behind.
 */
int kazi_config_repo_create(char out[KAZI_OID_HEX], const char *repo, const char *dir,
                            const kazi_config_author *author, const char *message);

/* The same from any source: every file of `files`, and — when `plugins` is not NULL —
 * every file of `plugins` below "plugins/" (the plugins library pinned with the
 * configuration, docs/configuration.md). */
int kazi_config_repo_create_from(char out[KAZI_OID_HEX], const char *path,
                                 const kazi_config_source *files, const kazi_config_source *plugins,
                                 const kazi_config_author *author, const char *message);

/* Clone the git repository at `url` (a path, file://, or any URL libgit2 reaches) as a
 * new bare repository `dest`, and put the commit of its default branch (HEAD) in out.
 * KAZI_ENOTFOUND (field "config") naming the URL when it cannot be cloned or has no
 * commit; dest is then removed. */
int kazi_config_clone(char out[KAZI_OID_HEX], const char *url, const char *dest);

/* Remove a directory tree (used to undo a failed create). */
void kazi_config_remove_tree(const char *path);

/*
 * Copy the repository `repo` to the new directory `dest` (kazi backup), file by file,
 * each synced: HEAD, packed-refs and refs/ first, objects/ last, so every ref copied
 * names an object that is copied too even while proposals land (git objects are
 * written before the refs that name them, and never change). The hooks and settings
 * that refuse pushes to refs/kazi come along. Hold the activation lock
 * (kazi_config_with_activation_lock) so refs/kazi/live stands still. KAZI_EEXISTS
 * (field "to") if dest exists; KAZI_ERROR naming the file on an I/O error, with dest
 * removed.
 */
int kazi_config_repo_copy(const char *repo, const char *dest);

/*
 * Resolve `spec` to a full commit id: 40 hex digits, a unique hex prefix (at least 4),
 * "live", "main", or a tag name. KAZI_ENOTFOUND (field "commit") when nothing matches,
 * KAZI_EINVALID (field "commit") for a malformed spec.
 */
int kazi_config_resolve(char out[KAZI_OID_HEX], const char *repo, const char *spec);

/* The commit refs/kazi/live points at. KAZI_ERROR with a clear message when the
 * repository or the ref is missing or damaged. */
int kazi_config_live(char out[KAZI_OID_HEX], const char *repo);

/*
 * Open the repository and prove the live commit loads completely: the commit, its tree
 * and every blob in it are read (and hash-checked). For `kazi serve` at start-up: on
 * failure KAZI_ERROR with a message naming the repository and what is wrong. The live
 * commit id goes to out.
 */
int kazi_config_check(char out[KAZI_OID_HEX], const char *repo);

/*
 * The history reachable from every branch and refs/kazi/live, newest first, at most
 * `limit` commits: a new JSON array of {commit, parents[], author{name,email}, date,
 * message, tags[], live}. Tags are the names of tags pointing at the commit.
 */
int kazi_config_log(json_t **out, const char *repo, int limit);

/* The files of `commit` (a full id or any resolve() spec): a new JSON array of
 * {path, size, kind} with kind "file", "executable", "symlink" or "submodule", sorted
 * by path. KAZI_ENOTFOUND (field "commit") for an unknown commit. */
int kazi_config_files(json_t **out, const char *repo, const char *commit);

/* Read file `path` of `commit` into a new NUL-terminated buffer (*out, free()).
 * KAZI_ENOTFOUND (field "path") when the commit has no such regular file;
 * KAZI_EINVALID (field "path") for a malformed path. */
int kazi_config_read(char **out, size_t *len, const char *repo, const char *commit,
                     const char *path);

/*
 * Per-file differences from commit `from` to `to`: a new JSON object {from, to, files:
 * [{path, old_path, status, binary, patch}]} where status is added, deleted, modified,
 * renamed or typechange and patch a unified diff (absent for binary files).
 */
int kazi_config_diff(json_t **out, const char *repo, const char *from, const char *to);

/*
 * Create the annotated tag `name` (e.g. "TZ-2026.1") on `commit`, tagged by `who` with
 * `message`. *out is a new {name, commit, tagger, message}. KAZI_EEXISTS (field "name")
 * if the tag exists; KAZI_EINVALID (field "name") for a name git refuses or one that is
 * not letters, digits, '.', '-', '_' (at most 100 bytes).
 */
int kazi_config_tag(json_t **out, const char *repo, const char *name, const char *commit,
                    const kazi_config_author *who, const char *message);

/*
 * Propose a version: a commit on refs/heads/main by `author` whose tree is main's tree
 * with `files` applied — an object mapping each path to its new text or to null to
 * delete it (with `replace_all`, the tree is exactly `files`: nothing of main's kept).
 * `expected_main` (NULL: any) is a compare-and-swap on main: KAZI_ECONFLICT (field
 * "parent") when main has moved. KAZI_EINVALID naming "files", "message" or the bad
 * path; KAZI_EINVALID (field "files") if nothing changes. The new id goes to out.
 */
int kazi_config_propose(char out[KAZI_OID_HEX], const char *repo, const char *expected_main,
                        const json_t *files, int replace_all, const kazi_config_author *author,
                        const char *message);

/* Propose the whole content of directory `dir` (the directory source's files) as the
 * next version on main, replacing everything (kazi config import). As propose. */
int kazi_config_import(char out[KAZI_OID_HEX], const char *repo, const char *dir,
                       const kazi_config_author *author, const char *message);

/*
 * Move refs/kazi/live from `expected` to `to` atomically (compare-and-swap, under
 * libgit2's ref lock file, so it holds across processes). KAZI_ECONFLICT (field
 * "expected_live") when the ref is not at `expected` or another update holds the lock;
 * KAZI_ENOTFOUND (field "commit") when `to` is not a commit of this repository.
 */
int kazi_config_move_live(const char *repo, const char *to, const char *expected,
                          const char *log_message);

/*
 * A configuration source over the tree of `commit` (any resolve() spec): files are read
 * straight from blobs, no work tree. Its id is the 40-hex commit id. Symlinks and
 * submodules are neither listed nor readable. The source keeps its own repository
 * object behind a mutex, so read and list are safe from any thread.
 */
int kazi_config_source_commit(kazi_config_source **out, const char *repo, const char *commit);

#endif
