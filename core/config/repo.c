#define _XOPEN_SOURCE 700 /* nftw */
#include "config/repo.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/thread.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <git2.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- libgit2 initialisation and error translation ---- */

static pthread_once_t git_once = PTHREAD_ONCE_INIT;
static int git_init_rc;

static void git_shutdown(void)
{
    git_libgit2_shutdown();
}

static void git_init_once(void)
{
    if (git_libgit2_init() < 0) {
        git_init_rc = KAZI_ERROR;
        return;
    }
    if (!(git_libgit2_features() & GIT_FEATURE_THREADS)) {
        git_init_rc = KAZI_ERROR;
        return;
    }
    /* The repository's behaviour must not depend on whoever runs the server: ignore
     * ~/.gitconfig, XDG and /etc/gitconfig. */
    git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_GLOBAL, "");
    git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_XDG, "");
    git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_SYSTEM, "");
    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 1);
    atexit(git_shutdown);
}

int kazi_config_git_init(void)
{
    pthread_once(&git_once, git_init_once);
    if (git_init_rc < 0)
        return kazi_error_set(KAZI_ERROR, NULL,
                              "libgit2 could not be initialised (or lacks thread support)");
    return KAZI_OK;
}

/* Translate a libgit2 failure into a Kazi error naming `what`. */
static int gitfail(int rc, const char *field, const char *what)
{
    int err = errno; /* libgit2 does not always record an OS failure (loose objects) */
    const git_error *e = git_error_last();
    const char *msg = e && e->message ? e->message : "unknown libgit2 error";
    switch (rc) {
    case GIT_ENOTFOUND:
        return kazi_error_set(KAZI_ENOTFOUND, field, "%s: not found (%s)", what, msg);
    case GIT_EEXISTS:
        return kazi_error_set(KAZI_EEXISTS, field, "%s: already exists", what);
    case GIT_EMODIFIED:
    case GIT_ELOCKED:
        return kazi_error_set(KAZI_ECONFLICT, field, "%s: changed concurrently (%s)", what, msg);
    case GIT_EAMBIGUOUS:
        return kazi_error_set(KAZI_EINVALID, field, "%s: ambiguous (%s)", what, msg);
    case GIT_EINVALIDSPEC:
        return kazi_error_set(KAZI_EINVALID, field, "%s: invalid (%s)", what, msg);
    default:
        /* A full disk reaches us as an OS error whose text is strerror(ENOSPC); it is
         * KAZI_EFULL like the database's (507), not an internal error. */
        if (((!e || e->klass == GIT_ERROR_OS) && (err == ENOSPC || err == EDQUOT)) ||
            (e && e->klass == GIT_ERROR_OS &&
             (strstr(msg, strerror(ENOSPC)) || strstr(msg, strerror(EDQUOT)))))
            return kazi_error_set(KAZI_EFULL, field,
                                  "%s: the disk holding the configuration repository is full; "
                                  "nothing was saved (%s)",
                                  what, msg);
        return kazi_error_set(KAZI_ERROR, field, "%s: %s", what, msg);
    }
}

static int repo_open(git_repository **out, const char *path)
{
    int rc = kazi_config_git_init();
    if (rc < 0) return rc;
    struct stat st;
    if (!path || stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return kazi_error_set(KAZI_ERROR, NULL,
                              "the configuration repository %s is missing (run kazi init)",
                              path ? path : "(unset)");
    if ((rc = git_repository_open_bare(out, path)) < 0)
        return kazi_error_set(KAZI_ERROR, NULL,
                              "the configuration repository %s cannot be opened: %s", path,
                              git_error_last() ? git_error_last()->message : "unknown error");
    return KAZI_OK;
}

/* ---- paths and the server's repository ---- */

static char *server_repo;

void kazi_config_repo_path(char *buf, size_t size, const char *data_dir)
{
    snprintf(buf, size, "%s/config.git", data_dir);
}

void kazi_config_set_repo(const char *repo_path)
{
    free(server_repo);
    server_repo = repo_path ? strdup(repo_path) : NULL;
}

const char *kazi_config_repo(void)
{
    return server_repo;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    if (flag == FTW_DP)
        rmdir(path);
    else
        unlink(path);
    return 0;
}

void kazi_config_remove_tree(const char *path)
{
    nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* ---- copying (kazi backup) ---- */

static int copy_file(const char *from, const char *to, mode_t mode)
{
    char buf[65536];
    int in = open(from, O_RDONLY | O_CLOEXEC), out = -1, rc = KAZI_OK;
    if (in < 0) {
        /* A lock file or a temporary object that went away meanwhile: not ours to copy. */
        if (errno == ENOENT) return KAZI_OK;
        return kazi_error_set(KAZI_ERROR, NULL, "cannot read %s: %s", from, strerror(errno));
    }
    out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode & 0777);
    if (out < 0) {
        rc = kazi_error_set(KAZI_ERROR, "to", "cannot create %s: %s", to, strerror(errno));
        goto done;
    }
    for (;;) {
        ssize_t n = read(in, buf, sizeof buf);
        if (n == 0) break;
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            rc = kazi_error_set(KAZI_ERROR, NULL, "cannot read %s: %s", from, strerror(errno));
            goto done;
        }
        for (ssize_t off = 0; off < n;) {
            ssize_t w = write(out, buf + off, (size_t)(n - off));
            if (w < 0 && errno == EINTR) continue;
            if (w < 0) {
                rc = kazi_error_set(KAZI_ERROR, "to", "cannot write %s: %s", to, strerror(errno));
                goto done;
            }
            off += w;
        }
    }
    if (fsync(out) != 0)
        rc = kazi_error_set(KAZI_ERROR, "to", "cannot sync %s: %s", to, strerror(errno));
done:
    if (out >= 0 && close(out) != 0 && rc == KAZI_OK)
        rc = kazi_error_set(KAZI_ERROR, "to", "cannot write %s: %s", to, strerror(errno));
    close(in);
    return rc;
}

/* Copy `from` (a file or a directory tree) to `to`. At the top of the repository,
 * `only` selects which entries are copied in this pass (NULL: all but `skip`). */
static int copy_tree(const char *from, const char *to, const char *const *only,
                     const char *const *skip)
{
    struct stat st;
    if (lstat(from, &st) != 0)
        return errno == ENOENT
                   ? KAZI_OK
                   : kazi_error_set(KAZI_ERROR, NULL, "cannot read %s: %s", from, strerror(errno));
    if (S_ISREG(st.st_mode)) return copy_file(from, to, st.st_mode);
    if (!S_ISDIR(st.st_mode)) return KAZI_OK; /* a bare repository holds nothing else */
    if (mkdir(to, st.st_mode & 0777) != 0 && errno != EEXIST)
        return kazi_error_set(KAZI_ERROR, "to", "cannot create %s: %s", to, strerror(errno));
    DIR *d = opendir(from);
    if (!d) return kazi_error_set(KAZI_ERROR, NULL, "cannot read %s: %s", from, strerror(errno));
    int rc = KAZI_OK;
    for (struct dirent *e; rc == KAZI_OK && (e = readdir(d));) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        int take = !only;
        for (int i = 0; only && only[i]; i++)
            if (!strcmp(only[i], e->d_name)) take = 1;
        for (int i = 0; skip && skip[i]; i++)
            if (!strcmp(skip[i], e->d_name)) take = 0;
        if (!take) continue;
        char a[4096], b[4096];
        snprintf(a, sizeof a, "%s/%s", from, e->d_name);
        snprintf(b, sizeof b, "%s/%s", to, e->d_name);
        rc = copy_tree(a, b, NULL, NULL);
    }
    closedir(d);
    return rc;
}

int kazi_config_repo_copy(const char *repo, const char *dest)
{
    static const char *const refs[] = {"HEAD", "packed-refs", "refs", NULL};
    static const char *const rest_skip[] = {"HEAD",    "packed-refs",          "refs",
                                            "objects", "kazi-activation.lock", NULL};
    static const char *const objects[] = {"objects", NULL};
    struct stat st;
    if (stat(dest, &st) == 0) return kazi_error_set(KAZI_EEXISTS, "to", "%s already exists", dest);
    if (mkdir(dest, 0700) != 0)
        return kazi_error_set(KAZI_ERROR, "to", "cannot create %s: %s", dest, strerror(errno));
    int rc = copy_tree(repo, dest, refs, NULL);
    if (rc == KAZI_OK) rc = copy_tree(repo, dest, NULL, rest_skip);
    if (rc == KAZI_OK) rc = copy_tree(repo, dest, objects, NULL);
    if (rc < 0) kazi_config_remove_tree(dest);
    return rc;
}

/* ---- signatures ---- */

static int valid_ident(const char *s)
{
    if (!s || !*s || strlen(s) > 200) return 0;
    for (; *s; s++)
        if (*s == '<' || *s == '>' || *s == '\n' || *s == '\r') return 0;
    return 1;
}

static int signature(git_signature **out, const kazi_config_author *who)
{
    static const kazi_config_author fallback = {"Kazi", "kazi@localhost"};
    if (!who) who = &fallback;
    if (!valid_ident(who->name) || !valid_ident(who->email))
        return kazi_error_set(KAZI_EINVALID, "author",
                              "an author needs a name and an email without < > or line breaks");
    git_time_t t = (git_time_t)(kazi_clock_now_ms() / 1000);
    int rc = git_signature_new(out, who->name, who->email, t, 0);
    return rc < 0 ? gitfail(rc, "author", "author") : KAZI_OK;
}

/* ---- building trees from files ---- */

static int valid_message(const char *message)
{
    return message && *message && strlen(message) <= 4096;
}

/* Refuse paths git itself refuses to check out (.git anywhere) besides the source
 * path rules. */
static int proposal_path_check(const char *path)
{
    int rc = kazi_config_path_check(path);
    if (rc < 0) return rc;
    for (const char *seg = path; seg;) {
        const char *slash = strchr(seg, '/');
        size_t len = slash ? (size_t)(slash - seg) : strlen(seg);
        if (len == 4 && !strncasecmp(seg, ".git", 4))
            return kazi_error_set(KAZI_EINVALID, "path", "a configuration path may not use .git");
        seg = slash ? slash + 1 : NULL;
    }
    return KAZI_OK;
}

/* Write `data` as a blob and stage it at `path` in an in-memory index (one not backed
 * by a repository, so no index file is ever written). */
static int index_put(git_index *idx, git_repository *repo, const char *path, const char *data,
                     size_t len)
{
    git_index_entry e;
    memset(&e, 0, sizeof e);
    int rc = git_blob_create_from_buffer(&e.id, repo, data, len);
    if (rc < 0) return gitfail(rc, "files", "write file");
    e.path = path;
    e.mode = GIT_FILEMODE_BLOB;
    e.file_size = (uint32_t)len;
    rc = git_index_add(idx, &e);
    return rc < 0 ? gitfail(rc, "files", "add file") : KAZI_OK;
}

/* Write a commit of tree `tree_id` with `parent` (may be NULL) and return its id. */
static int write_commit(git_oid *out, git_repository *repo, const git_oid *tree_id,
                        git_commit *parent, const kazi_config_author *author, const char *message)
{
    git_signature *sig = NULL;
    git_tree *tree = NULL;
    int rc = signature(&sig, author);
    if (rc < 0) return rc;
    if ((rc = git_tree_lookup(&tree, repo, tree_id)) < 0) {
        rc = gitfail(rc, NULL, "new tree");
        goto done;
    }
    const git_commit *parents[1] = {parent};
    rc = git_commit_create(out, repo, NULL, sig, sig, "UTF-8", message, tree, parent ? 1 : 0,
                           parents);
    if (rc < 0) rc = gitfail(rc, NULL, "commit");
done:
    git_tree_free(tree);
    git_signature_free(sig);
    return rc;
}

/* Fill an in-memory index with every file of a source, each path behind `prefix`. */
static int index_from_source(git_index *idx, git_repository *repo, const kazi_config_source *src,
                             const char *prefix)
{
    char **paths = NULL;
    int rc = src->list(src, &paths);
    if (rc < 0) return rc;
    for (char **p = paths; *p; p++) {
        char *buf, full[1100];
        size_t len;
        snprintf(full, sizeof full, "%s%s", prefix, *p);
        if ((rc = proposal_path_check(full)) < 0) break;
        if ((rc = src->read(src, *p, &buf, &len)) < 0) break;
        rc = index_put(idx, repo, full, buf, len);
        free(buf);
        if (rc < 0) break;
    }
    kazi_config_paths_free(paths);
    return rc;
}

/* Fill an in-memory index with every file of a directory source. */
static int index_from_dir(git_index *idx, git_repository *repo, const char *dir)
{
    kazi_config_source *src = NULL;
    int rc = kazi_config_source_dir(&src, dir);
    if (rc < 0) return rc;
    rc = index_from_source(idx, repo, src, "");
    kazi_config_source_free(src);
    return rc;
}

static const char pre_receive_hook[] =
    "#!/bin/sh\n"
    "# Installed by kazi init. refs/kazi/* (the live configuration) moves only through\n"
    "# `kazi config activate` or POST /api/v1/config/activate, after validation.\n"
    "status=0\n"
    "while read old new ref; do\n"
    "  case \"$ref\" in\n"
    "    refs/kazi/*)\n"
    "      echo \"kazi: $ref is managed by Kazi; push a branch and activate it with\" >&2\n"
    "      echo \"kazi: kazi config activate or POST /api/v1/config/activate\" >&2\n"
    "      status=1 ;;\n"
    "  esac\n"
    "done\n"
    "exit $status\n";

static int install_guards(git_repository *repo, const char *path)
{
    git_config *cfg = NULL;
    int rc = git_repository_config(&cfg, repo);
    if (rc == 0) rc = git_config_set_bool(cfg, "receive.denyNonFastForwards", 1);
    if (rc == 0) rc = git_config_set_bool(cfg, "receive.denyDeletes", 1);
    if (rc == 0) rc = git_config_set_bool(cfg, "core.logAllRefUpdates", 1);
    git_config_free(cfg);
    if (rc < 0) return gitfail(rc, NULL, "configure the repository");
    char hook[1200];
    snprintf(hook, sizeof hook, "%s/hooks", path);
    mkdir(hook, 0755);
    snprintf(hook, sizeof hook, "%s/hooks/pre-receive", path);
    FILE *f = fopen(hook, "w");
    if (!f || fputs(pre_receive_hook, f) < 0 || fclose(f) != 0 || chmod(hook, 0755) != 0)
        return kazi_error_errno(errno, NULL, "cannot write %s", hook);
    return KAZI_OK;
}

int kazi_config_repo_create(char out[KAZI_OID_HEX], const char *path, const char *dir,
                            const kazi_config_author *author, const char *message)
{
    kazi_config_source *src = NULL;
    int rc = kazi_config_source_dir(&src, dir);
    if (rc < 0) return rc;
    rc = kazi_config_repo_create_from(out, path, src, NULL, author, message);
    kazi_config_source_free(src);
    return rc;
}

int kazi_config_repo_create_from(char out[KAZI_OID_HEX], const char *path,
                                 const kazi_config_source *files, const kazi_config_source *plugins,
                                 const kazi_config_author *author, const char *message)
{
    static const kazi_config_author init_author = {"Kazi init", "kazi@localhost"};
    git_repository *repo = NULL;
    git_index *idx = NULL;
    git_reference *ref = NULL;
    git_oid tree_id, commit_id;
    struct stat st;
    int rc = kazi_config_git_init(), created = 0;
    if (rc < 0) return rc;
    if (stat(path, &st) == 0)
        return kazi_error_set(KAZI_EEXISTS, "data", "%s already exists", path);
    git_repository_init_options o;
    git_repository_init_options_init(&o, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
    o.flags = GIT_REPOSITORY_INIT_BARE | GIT_REPOSITORY_INIT_MKPATH | GIT_REPOSITORY_INIT_NO_REINIT;
    o.initial_head = "main";
    o.description = "Kazi country configuration";
    if ((rc = git_repository_init_ext(&repo, path, &o)) < 0) {
        rc = gitfail(rc, "data", "create the configuration repository");
        goto done;
    }
    created = 1;
    if ((rc = install_guards(repo, path)) < 0) goto done;
    if ((rc = git_index_new(&idx)) < 0) {
        rc = gitfail(rc, NULL, "index");
        goto done;
    }
    if ((rc = index_from_source(idx, repo, files, "")) < 0) goto done;
    if (plugins && (rc = index_from_source(idx, repo, plugins, "plugins/")) < 0) goto done;
    if ((rc = git_index_write_tree_to(&tree_id, idx, repo)) < 0) {
        rc = gitfail(rc, NULL, "write tree");
        goto done;
    }
    if ((rc = write_commit(&commit_id, repo, &tree_id, NULL, author ? author : &init_author,
                           message ? message : "Initial configuration")) < 0)
        goto done;
    if ((rc = git_reference_create(&ref, repo, KAZI_CONFIG_MAIN_REF, &commit_id, 0, "kazi init")) <
        0) {
        rc = gitfail(rc, NULL, "create main");
        goto done;
    }
    git_reference_free(ref);
    ref = NULL;
    if ((rc = git_reference_create(&ref, repo, KAZI_CONFIG_LIVE_REF, &commit_id, 0, "kazi init")) <
        0) {
        rc = gitfail(rc, NULL, "create live");
        goto done;
    }
    git_oid_tostr(out, KAZI_OID_HEX, &commit_id);
    rc = KAZI_OK;
done:
    git_reference_free(ref);
    git_index_free(idx);
    git_repository_free(repo);
    if (rc < 0 && created) kazi_config_remove_tree(path);
    return rc;
}

/* ---- resolving ---- */

static int is_hex(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isxdigit((unsigned char)s[i]) || isupper((unsigned char)s[i])) return 0;
    return 1;
}

static int valid_tag_name(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > 100 || s[0] == '.' || s[0] == '-' || strstr(s, "..") || s[n - 1] == '.')
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && s[i] != '.' && s[i] != '-' && s[i] != '_') return 0;
    return !(n >= 5 && !strcmp(s + n - 5, ".lock"));
}

/* Look up the commit named by spec in an open repository. */
static int lookup_commit(git_commit **out, git_repository *repo, const char *spec,
                         const char *field)
{
    git_oid oid;
    git_object *obj = NULL;
    int rc;
    size_t n = spec ? strlen(spec) : 0;
    if (n == 0 || n > 200)
        return kazi_error_set(KAZI_EINVALID, field, "%s must name a commit", field);
    if (n >= 4 && n <= 40 && is_hex(spec, n)) {
        if ((rc = git_oid_fromstrn(&oid, spec, n)) < 0) return gitfail(rc, field, field);
        rc = git_object_lookup_prefix(&obj, repo, &oid, n, GIT_OBJECT_COMMIT);
        if (rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC)
            return kazi_error_set(KAZI_ENOTFOUND, field, "no commit %s in the configuration", spec);
        if (rc < 0) return gitfail(rc, field, spec);
        *out = (git_commit *)obj;
        return KAZI_OK;
    }
    char refname[256];
    if (!strcmp(spec, "live"))
        snprintf(refname, sizeof refname, "%s", KAZI_CONFIG_LIVE_REF);
    else if (!strcmp(spec, "main"))
        snprintf(refname, sizeof refname, "%s", KAZI_CONFIG_MAIN_REF);
    else if (valid_tag_name(spec))
        snprintf(refname, sizeof refname, "refs/tags/%s", spec);
    else
        return kazi_error_set(KAZI_EINVALID, field, "'%s' is not a commit id or tag", spec);
    git_reference *ref = NULL;
    rc = git_reference_lookup(&ref, repo, refname);
    if (rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC)
        return kazi_error_set(KAZI_ENOTFOUND, field, "no version %s in the configuration", spec);
    if (rc < 0) return gitfail(rc, field, spec);
    rc = git_reference_peel(&obj, ref, GIT_OBJECT_COMMIT);
    git_reference_free(ref);
    if (rc < 0) return gitfail(rc == GIT_ENOTFOUND ? GIT_ENOTFOUND : rc, field, spec);
    *out = (git_commit *)obj;
    return KAZI_OK;
}

int kazi_config_resolve(char out[KAZI_OID_HEX], const char *path, const char *spec)
{
    git_repository *repo;
    git_commit *c;
    int rc = repo_open(&repo, path);
    if (rc < 0) return rc;
    if ((rc = lookup_commit(&c, repo, spec, "commit")) == KAZI_OK) {
        git_oid_tostr(out, KAZI_OID_HEX, git_commit_id(c));
        git_commit_free(c);
    }
    git_repository_free(repo);
    return rc;
}

static int live_of(git_oid *out, git_repository *repo, const char *path)
{
    git_reference *ref = NULL;
    int rc = git_reference_lookup(&ref, repo, KAZI_CONFIG_LIVE_REF);
    if (rc < 0)
        return kazi_error_set(KAZI_ERROR, NULL, "%s has no usable %s: %s", path,
                              KAZI_CONFIG_LIVE_REF,
                              git_error_last() ? git_error_last()->message : "missing");
    const git_oid *id = git_reference_target(ref);
    if (!id) {
        git_reference_free(ref);
        return kazi_error_set(KAZI_ERROR, NULL, "%s: %s is not a direct reference", path,
                              KAZI_CONFIG_LIVE_REF);
    }
    git_oid_cpy(out, id);
    git_reference_free(ref);
    return KAZI_OK;
}

int kazi_config_live(char out[KAZI_OID_HEX], const char *path)
{
    git_repository *repo;
    git_oid id;
    int rc = repo_open(&repo, path);
    if (rc < 0) return rc;
    if ((rc = live_of(&id, repo, path)) == KAZI_OK) git_oid_tostr(out, KAZI_OID_HEX, &id);
    git_repository_free(repo);
    return rc;
}

/* ---- checking a commit completely ---- */

typedef struct {
    git_repository *repo;
    int rc;
    char bad[600];
} check_ctx;

static int check_entry(const char *root, const git_tree_entry *e, void *payload)
{
    check_ctx *c = payload;
    if (git_tree_entry_type(e) != GIT_OBJECT_BLOB) return 0;
    git_blob *blob = NULL;
    if (git_blob_lookup(&blob, c->repo, git_tree_entry_id(e)) < 0) {
        c->rc = KAZI_ERROR;
        snprintf(c->bad, sizeof c->bad, "%s%s: %s", root, git_tree_entry_name(e),
                 git_error_last() ? git_error_last()->message : "unreadable");
        return -1;
    }
    git_blob_free(blob);
    return 0;
}

int kazi_config_check(char out[KAZI_OID_HEX], const char *path)
{
    git_repository *repo;
    git_commit *commit = NULL;
    git_tree *tree = NULL;
    git_oid id;
    char hex[KAZI_OID_HEX];
    int rc = repo_open(&repo, path);
    if (rc < 0) return rc;
    if ((rc = live_of(&id, repo, path)) < 0) goto done;
    git_oid_tostr(hex, sizeof hex, &id);
    if (git_commit_lookup(&commit, repo, &id) < 0) {
        rc = kazi_error_set(KAZI_ERROR, NULL,
                            "%s: the live configuration %s cannot be read (%s); the repository "
                            "is damaged or the commit is missing",
                            path, hex, git_error_last() ? git_error_last()->message : "missing");
        goto done;
    }
    if (git_commit_tree(&tree, commit) < 0) {
        rc = kazi_error_set(KAZI_ERROR, NULL, "%s: the tree of live commit %s cannot be read (%s)",
                            path, hex, git_error_last() ? git_error_last()->message : "missing");
        goto done;
    }
    check_ctx c = {repo, KAZI_OK, ""};
    if (git_tree_walk(tree, GIT_TREEWALK_PRE, check_entry, &c) < 0 || c.rc < 0) {
        rc = kazi_error_set(KAZI_ERROR, NULL, "%s: file %s of live commit %s cannot be read", path,
                            c.bad[0] ? c.bad : (git_error_last() ? git_error_last()->message : "?"),
                            hex);
        goto done;
    }
    memcpy(out, hex, KAZI_OID_HEX);
    rc = KAZI_OK;
done:
    git_tree_free(tree);
    git_commit_free(commit);
    git_repository_free(repo);
    return rc;
}

/* ---- history ---- */

typedef struct {
    git_repository *repo;
    json_t *tags; /* commit hex -> [names] */
} tag_ctx;

static int collect_tag(const char *name, git_oid *oid, void *payload)
{
    tag_ctx *t = payload;
    git_object *obj = NULL, *peeled = NULL;
    if (git_object_lookup(&obj, t->repo, oid, GIT_OBJECT_ANY) < 0) return 0;
    if (git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) == 0) {
        char hex[KAZI_OID_HEX];
        git_oid_tostr(hex, sizeof hex, git_object_id(peeled));
        json_t *list = json_object_get(t->tags, hex);
        if (!list) {
            list = json_array();
            json_object_set_new(t->tags, hex, list);
        }
        if (!strncmp(name, "refs/tags/", 10)) name += 10;
        json_array_append_new(list, json_string(name));
    }
    git_object_free(peeled);
    git_object_free(obj);
    return 0;
}

static void iso_date(char *buf, size_t size, git_time_t t)
{
    kazi_clock_format(buf, size, (int64_t)t * 1000);
}

static json_t *commit_json(git_commit *c, json_t *tags, const git_oid *live)
{
    char hex[KAZI_OID_HEX], date[40];
    git_oid_tostr(hex, sizeof hex, git_commit_id(c));
    const git_signature *a = git_commit_author(c);
    iso_date(date, sizeof date, a->when.time);
    json_t *parents = json_array();
    for (unsigned i = 0; i < git_commit_parentcount(c); i++) {
        char p[KAZI_OID_HEX];
        git_oid_tostr(p, sizeof p, git_commit_parent_id(c, i));
        json_array_append_new(parents, json_string(p));
    }
    json_t *t = json_object_get(tags, hex);
    const char *msg = git_commit_message(c);
    json_t *m = msg ? json_string(msg) : NULL;
    json_t *an = json_string(a->name ? a->name : ""), *ae = json_string(a->email ? a->email : "");
    return json_pack(
        "{s:s,s:o,s:{s:o,s:o},s:s,s:o,s:o,s:b}", "commit", hex, "parents", parents, "author",
        "name", an ? an : json_string("?"), "email", ae ? ae : json_string("?"), "date", date,
        "message", m ? m : json_string("(message is not UTF-8)"), "tags",
        t ? json_incref(t) : json_array(), "live", live && git_oid_equal(live, git_commit_id(c)));
}

int kazi_config_log(json_t **out, const char *path, int limit)
{
    git_repository *repo;
    git_revwalk *walk = NULL;
    git_oid live, id;
    int have_live, rc = repo_open(&repo, path);
    if (rc < 0) return rc;
    json_t *list = json_array();
    tag_ctx t = {repo, json_object()};
    have_live = live_of(&live, repo, path) == KAZI_OK;
    if ((rc = git_revwalk_new(&walk, repo)) < 0) {
        rc = gitfail(rc, NULL, "history");
        goto done;
    }
    git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
    git_revwalk_push_glob(walk, "refs/heads/*");
    if (have_live) git_revwalk_push(walk, &live);
    git_tag_foreach(repo, collect_tag, &t);
    while ((limit <= 0 || (int)json_array_size(list) < limit) && git_revwalk_next(&id, walk) == 0) {
        git_commit *c;
        if (git_commit_lookup(&c, repo, &id) < 0) continue;
        json_array_append_new(list, commit_json(c, t.tags, have_live ? &live : NULL));
        git_commit_free(c);
    }
    *out = list;
    list = NULL;
    rc = KAZI_OK;
done:
    json_decref(list);
    json_decref(t.tags);
    git_revwalk_free(walk);
    git_repository_free(repo);
    return rc;
}

/* ---- files ---- */

typedef struct {
    git_repository *repo;
    json_t *list;
} files_ctx;

static const char *kind_of(git_filemode_t mode)
{
    switch (mode) {
    case GIT_FILEMODE_BLOB:
        return "file";
    case GIT_FILEMODE_BLOB_EXECUTABLE:
        return "executable";
    case GIT_FILEMODE_LINK:
        return "symlink";
    case GIT_FILEMODE_COMMIT:
        return "submodule";
    default:
        return "other";
    }
}

static int collect_file(const char *root, const git_tree_entry *e, void *payload)
{
    files_ctx *f = payload;
    if (git_tree_entry_type(e) == GIT_OBJECT_TREE) return 0;
    char p[1200];
    snprintf(p, sizeof p, "%s%s", root, git_tree_entry_name(e));
    git_object_size_t size = 0;
    git_blob *b = NULL;
    if (git_tree_entry_type(e) == GIT_OBJECT_BLOB &&
        git_blob_lookup(&b, f->repo, git_tree_entry_id(e)) == 0) {
        size = git_blob_rawsize(b);
        git_blob_free(b);
    }
    json_t *path = json_string(p);
    if (!path) return 0; /* a name that is not UTF-8 cannot be listed; validation flags it */
    json_array_append_new(f->list,
                          json_pack("{s:o,s:I,s:s}", "path", path, "size", (json_int_t)size, "kind",
                                    kind_of(git_tree_entry_filemode(e))));
    return 0;
}

static int cmp_path(const void *a, const void *b)
{
    const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
    return strcmp(json_string_value(json_object_get(x, "path")),
                  json_string_value(json_object_get(y, "path")));
}

static void sort_by_path(json_t *list)
{
    size_t n = json_array_size(list);
    if (n < 2) return;
    json_t **v = malloc(n * sizeof *v);
    if (!v) return;
    for (size_t i = 0; i < n; i++)
        v[i] = json_incref(json_array_get(list, i));
    qsort(v, n, sizeof *v, cmp_path);
    json_array_clear(list);
    for (size_t i = 0; i < n; i++)
        json_array_append_new(list, v[i]);
    free(v);
}

static int commit_tree(git_tree **tree, git_commit **commit, git_repository *repo, const char *spec,
                       const char *field)
{
    int rc = lookup_commit(commit, repo, spec, field);
    if (rc < 0) return rc;
    if ((rc = git_commit_tree(tree, *commit)) < 0) {
        git_commit_free(*commit);
        *commit = NULL;
        return gitfail(rc, field, "read the commit's tree");
    }
    return KAZI_OK;
}

int kazi_config_files(json_t **out, const char *path, const char *spec)
{
    git_repository *repo;
    git_commit *c = NULL;
    git_tree *tree = NULL;
    int rc = repo_open(&repo, path);
    if (rc < 0) return rc;
    if ((rc = commit_tree(&tree, &c, repo, spec, "commit")) < 0) goto done;
    files_ctx f = {repo, json_array()};
    if ((rc = git_tree_walk(tree, GIT_TREEWALK_PRE, collect_file, &f)) < 0) {
        json_decref(f.list);
        rc = gitfail(rc, NULL, "list files");
        goto done;
    }
    sort_by_path(f.list);
    *out = f.list;
    rc = KAZI_OK;
done:
    git_tree_free(tree);
    git_commit_free(c);
    git_repository_free(repo);
    return rc;
}

/* Read a regular file of a tree into a new buffer. */
static int tree_read(char **out, size_t *len, git_repository *repo, git_tree *tree,
                     const char *path)
{
    git_tree_entry *e = NULL;
    git_blob *blob = NULL;
    int rc = kazi_config_path_check(path);
    if (rc < 0) return rc;
    rc = git_tree_entry_bypath(&e, tree, path);
    if (rc < 0 || git_tree_entry_type(e) != GIT_OBJECT_BLOB ||
        git_tree_entry_filemode(e) == GIT_FILEMODE_LINK) {
        git_tree_entry_free(e);
        if (rc < 0 && rc != GIT_ENOTFOUND) return gitfail(rc, "path", path);
        return kazi_error_set(KAZI_ENOTFOUND, "path", "no file %s in the configuration", path);
    }
    rc = git_blob_lookup(&blob, repo, git_tree_entry_id(e));
    git_tree_entry_free(e);
    if (rc < 0) return gitfail(rc, "path", path);
    size_t n = (size_t)git_blob_rawsize(blob);
    char *buf = malloc(n + 1);
    if (!buf) {
        git_blob_free(blob);
        return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    }
    memcpy(buf, git_blob_rawcontent(blob), n);
    buf[n] = '\0';
    git_blob_free(blob);
    *out = buf;
    *len = n;
    return KAZI_OK;
}

int kazi_config_read(char **out, size_t *len, const char *path, const char *spec, const char *file)
{
    git_repository *repo;
    git_commit *c = NULL;
    git_tree *tree = NULL;
    int rc = kazi_config_path_check(file);
    if (rc < 0) return rc;
    if ((rc = repo_open(&repo, path)) < 0) return rc;
    if ((rc = commit_tree(&tree, &c, repo, spec, "commit")) == KAZI_OK)
        rc = tree_read(out, len, repo, tree, file);
    git_tree_free(tree);
    git_commit_free(c);
    git_repository_free(repo);
    return rc;
}

/* ---- diff ---- */

static const char *status_name(git_delta_t s)
{
    switch (s) {
    case GIT_DELTA_ADDED:
        return "added";
    case GIT_DELTA_DELETED:
        return "deleted";
    case GIT_DELTA_RENAMED:
        return "renamed";
    case GIT_DELTA_TYPECHANGE:
        return "typechange";
    default:
        return "modified";
    }
}

int kazi_config_diff(json_t **out, const char *path, const char *from, const char *to)
{
    git_repository *repo;
    git_commit *ca = NULL, *cb = NULL;
    git_tree *ta = NULL, *tb = NULL;
    git_diff *diff = NULL;
    json_t *files = NULL;
    char ha[KAZI_OID_HEX], hb[KAZI_OID_HEX];
    int rc = repo_open(&repo, path);
    if (rc < 0) return rc;
    if ((rc = commit_tree(&ta, &ca, repo, from, "from")) < 0) goto done;
    if ((rc = commit_tree(&tb, &cb, repo, to, "to")) < 0) goto done;
    git_diff_options o;
    git_diff_options_init(&o, GIT_DIFF_OPTIONS_VERSION);
    if ((rc = git_diff_tree_to_tree(&diff, repo, ta, tb, &o)) < 0) {
        rc = gitfail(rc, NULL, "diff");
        goto done;
    }
    git_diff_find_options fo;
    git_diff_find_options_init(&fo, GIT_DIFF_FIND_OPTIONS_VERSION);
    fo.flags = GIT_DIFF_FIND_RENAMES;
    git_diff_find_similar(diff, &fo);
    files = json_array();
    size_t n = git_diff_num_deltas(diff);
    for (size_t i = 0; i < n; i++) {
        git_patch *patch = NULL;
        git_buf buf = GIT_BUF_INIT;
        /* The patch loads both sides, which is when libgit2 decides "binary". */
        int have_patch = git_patch_from_diff(&patch, diff, i) == 0 && patch;
        const git_diff_delta *d =
            have_patch ? git_patch_get_delta(patch) : git_diff_get_delta(diff, i);
        int binary = (d->flags & GIT_DIFF_FLAG_BINARY) != 0;
        json_t *f = json_pack("{s:s?,s:s?,s:s,s:b}", "path", d->new_file.path, "old_path",
                              d->old_file.path, "status", status_name(d->status), "binary", binary);
        if (!f)
            f = json_pack("{s:s,s:s,s:b}", "path", "(not UTF-8)", "status", status_name(d->status),
                          "binary", binary);
        if (have_patch && !binary && git_patch_to_buf(&buf, patch) == 0) {
            json_t *text = json_stringn(buf.ptr, buf.size);
            if (text)
                json_object_set_new(f, "patch", text);
            else
                json_object_set_new(f, "binary", json_true()); /* not UTF-8: no text */
        }
        git_buf_dispose(&buf);
        git_patch_free(patch);
        json_array_append_new(files, f);
    }
    git_oid_tostr(ha, sizeof ha, git_commit_id(ca));
    git_oid_tostr(hb, sizeof hb, git_commit_id(cb));
    *out = json_pack("{s:s,s:s,s:o}", "from", ha, "to", hb, "files", files);
    files = NULL;
    rc = *out ? KAZI_OK : kazi_error_set(KAZI_ERROR, NULL, "out of memory");
done:
    json_decref(files);
    git_diff_free(diff);
    git_tree_free(ta);
    git_tree_free(tb);
    git_commit_free(ca);
    git_commit_free(cb);
    git_repository_free(repo);
    return rc;
}

/* ---- tags ---- */

int kazi_config_tag(json_t **out, const char *path, const char *name, const char *spec,
                    const kazi_config_author *who, const char *message)
{
    git_repository *repo;
    git_commit *c = NULL;
    git_signature *sig = NULL;
    git_oid tag_id;
    char hex[KAZI_OID_HEX];
    if (!valid_tag_name(name))
        return kazi_error_set(KAZI_EINVALID, "name",
                              "a tag name is letters, digits, '.', '-' and '_' (e.g. TZ-2026.1)");
    size_t nlen = strlen(name);
    if (!strcmp(name, "live") || !strcmp(name, "main") ||
        (nlen >= 4 && nlen <= 40 && is_hex(name, nlen)))
        return kazi_error_set(KAZI_EINVALID, "name",
                              "'%s' would be read as a commit id or as live/main; choose a name "
                              "such as TZ-2026.1",
                              name);
    if (!message || !*message) message = name;
    if (strlen(message) > 4096)
        return kazi_error_set(KAZI_EINVALID, "message", "the message is too long");
    int rc = repo_open(&repo, path);
    if (rc < 0) return rc;
    if ((rc = lookup_commit(&c, repo, spec, "commit")) < 0) goto done;
    if ((rc = signature(&sig, who)) < 0) goto done;
    rc = git_tag_create(&tag_id, repo, name, (const git_object *)c, sig, message, 0);
    if (rc == GIT_EEXISTS) {
        rc = kazi_error_set(KAZI_EEXISTS, "name", "tag %s already exists", name);
        goto done;
    }
    if (rc < 0) {
        rc = gitfail(rc, "name", "create tag");
        goto done;
    }
    git_oid_tostr(hex, sizeof hex, git_commit_id(c));
    *out = json_pack("{s:s,s:s,s:s,s:s}", "name", name, "commit", hex, "tagger", sig->name,
                     "message", message);
    rc = *out ? KAZI_OK : kazi_error_set(KAZI_ERROR, NULL, "out of memory");
done:
    git_signature_free(sig);
    git_commit_free(c);
    git_repository_free(repo);
    return rc;
}

/* ---- proposing ---- */

static int add_plugin_entry(const char *root, const git_tree_entry *e, void *payload)
{
    git_index *idx = payload;
    if (git_tree_entry_type(e) != GIT_OBJECT_BLOB) return 0;
    char path[1100];
    snprintf(path, sizeof path, "%s%s", root, git_tree_entry_name(e));
    if (strncmp(path, "plugins/", 8) != 0) return 0;
    git_index_entry ie;
    memset(&ie, 0, sizeof ie);
    git_oid_cpy(&ie.id, git_tree_entry_id(e));
    ie.path = path;
    ie.mode = GIT_FILEMODE_BLOB;
    return git_index_add(idx, &ie) < 0 ? -1 : 0;
}

/* A folder proposed without a plugins/ folder keeps the plugins library main pins
 * (kazi init copies it into the first commit): replacing the tree with a country folder
 * must not silently unpin it. */
static int keep_pinned_plugins(git_index *idx, git_tree *base)
{
    size_t pos;
    if (!base || git_index_find_prefix(&pos, idx, "plugins/") == 0) return KAZI_OK;
    int rc = git_tree_walk(base, GIT_TREEWALK_PRE, add_plugin_entry, idx);
    return rc < 0 ? gitfail(rc, NULL, "keep plugins/") : KAZI_OK;
}

static int propose_index(git_index *idx, git_repository *repo, git_tree *base, const json_t *files,
                         int replace_all, const char *dir)
{
    int rc;
    if (dir) {
        if ((rc = index_from_dir(idx, repo, dir)) < 0) return rc;
        return keep_pinned_plugins(idx, base);
    }
    if (!replace_all && base && (rc = git_index_read_tree(idx, base)) < 0)
        return gitfail(rc, NULL, "read main's tree");
    const char *p;
    json_t *v;
    json_object_foreach((json_t *)files, p, v)
    {
        char why[sizeof kazi_error_last()->message];
        if ((rc = proposal_path_check(p)) < 0) {
            snprintf(why, sizeof why, "%s", kazi_error_last()->message);
            return kazi_error_set(KAZI_EINVALID, "files", "bad path '%s': %s", p, why);
        }
        if (json_is_null(v)) {
            if (git_index_get_bypath(idx, p, 0) == NULL)
                return kazi_error_set(KAZI_EINVALID, "files",
                                      "cannot delete %s: it is not in the configuration", p);
            if ((rc = git_index_remove_bypath(idx, p)) < 0) return gitfail(rc, "files", p);
        } else if (json_is_string(v)) {
            if ((rc = index_put(idx, repo, p, json_string_value(v), json_string_length(v))) < 0) {
                /* A full disk is the server's condition, not the file's (507). */
                if (rc == KAZI_EFULL) return rc;
                snprintf(why, sizeof why, "%s", kazi_error_last()->message);
                return kazi_error_set(KAZI_EINVALID, "files", "cannot add %s: %s", p, why);
            }
        } else {
            return kazi_error_set(KAZI_EINVALID, "files",
                                  "files.%s must be the file's text or null to delete it", p);
        }
    }
    return KAZI_OK;
}

static int propose(char out[KAZI_OID_HEX], const char *path, const char *expected_main,
                   const json_t *files, int replace_all, const char *dir,
                   const kazi_config_author *author, const char *message)
{
    git_repository *repo = NULL;
    git_reference *mainref = NULL, *newref = NULL;
    git_commit *parent = NULL;
    git_tree *base = NULL;
    git_index *idx = NULL;
    git_oid tree_id, commit_id, expected;
    int rc;
    if (!valid_message(message))
        return kazi_error_set(KAZI_EINVALID, "message",
                              "a proposal needs a message (at most 4096 bytes)");
    if (!dir && !json_is_object(files))
        return kazi_error_set(KAZI_EINVALID, "files",
                              "files must map each path to its text (or null to delete it)");
    if (!dir && json_object_size(files) == 0)
        return kazi_error_set(KAZI_EINVALID, "files", "the proposal changes no file");
    if (expected_main && (strlen(expected_main) != 40 || !is_hex(expected_main, 40) ||
                          git_oid_fromstr(&expected, expected_main) < 0))
        return kazi_error_set(KAZI_EINVALID, "parent", "parent must be a 40-hex commit id");
    if ((rc = repo_open(&repo, path)) < 0) return rc;
    rc = git_reference_lookup(&mainref, repo, KAZI_CONFIG_MAIN_REF);
    if (rc < 0) {
        rc = gitfail(rc, NULL, "main");
        goto done;
    }
    const git_oid *head = git_reference_target(mainref);
    if (!head) {
        rc = kazi_error_set(KAZI_ERROR, NULL, "main is not a direct reference");
        goto done;
    }
    if (expected_main && !git_oid_equal(head, &expected)) {
        char now[KAZI_OID_HEX];
        git_oid_tostr(now, sizeof now, head);
        rc = kazi_error_set(KAZI_ECONFLICT, "parent",
                            "main has moved to %s since %s; start from the new version", now,
                            expected_main);
        goto done;
    }
    if ((rc = git_commit_lookup(&parent, repo, head)) < 0 ||
        (rc = git_commit_tree(&base, parent)) < 0) {
        rc = gitfail(rc, NULL, "read main");
        goto done;
    }
    if ((rc = git_index_new(&idx)) < 0) {
        rc = gitfail(rc, NULL, "index");
        goto done;
    }
    if ((rc = propose_index(idx, repo, base, files, replace_all, dir)) < 0) goto done;
    if ((rc = git_index_write_tree_to(&tree_id, idx, repo)) < 0) {
        rc = gitfail(rc, NULL, "write tree");
        goto done;
    }
    if (git_oid_equal(&tree_id, git_tree_id(base))) {
        rc = kazi_error_set(KAZI_EINVALID, dir ? "dir" : "files",
                            "nothing changed: the proposal is identical to main");
        goto done;
    }
    if ((rc = write_commit(&commit_id, repo, &tree_id, parent, author, message)) < 0) goto done;
    /* Compare-and-swap main: a concurrent proposal or push makes this fail cleanly. */
    rc = git_reference_create_matching(&newref, repo, KAZI_CONFIG_MAIN_REF, &commit_id, 1, head,
                                       "kazi config propose");
    if (rc == GIT_EMODIFIED || rc == GIT_ELOCKED) {
        rc = kazi_error_set(KAZI_ECONFLICT, "parent",
                            "main moved while the proposal was written; retry");
        goto done;
    }
    if (rc < 0) {
        rc = gitfail(rc, NULL, "update main");
        goto done;
    }
    git_oid_tostr(out, KAZI_OID_HEX, &commit_id);
    rc = KAZI_OK;
done:
    git_reference_free(newref);
    git_reference_free(mainref);
    git_index_free(idx);
    git_tree_free(base);
    git_commit_free(parent);
    git_repository_free(repo);
    return rc;
}

int kazi_config_propose(char out[KAZI_OID_HEX], const char *path, const char *expected_main,
                        const json_t *files, int replace_all, const kazi_config_author *author,
                        const char *message)
{
    return propose(out, path, expected_main, files, replace_all, NULL, author, message);
}

int kazi_config_import(char out[KAZI_OID_HEX], const char *path, const char *dir,
                       const kazi_config_author *author, const char *message)
{
    struct stat st;
    if (!dir || stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return kazi_error_set(KAZI_ENOTFOUND, "dir", "%s is not a directory", dir ? dir : "");
    return propose(out, path, NULL, NULL, 1, dir, author, message);
}

/* ---- activation's compare-and-swap ---- */

int kazi_config_move_live(const char *path, const char *to, const char *expected,
                          const char *log_message)
{
    git_repository *repo;
    git_commit *c = NULL;
    git_reference *ref = NULL;
    git_oid want;
    if (!expected || strlen(expected) != 40 || !is_hex(expected, 40) ||
        git_oid_fromstr(&want, expected) < 0)
        return kazi_error_set(KAZI_EINVALID, "expected_live",
                              "expected_live must be the 40-hex id of the live commit");
    int rc = repo_open(&repo, path);
    if (rc < 0) return rc;
    if ((rc = lookup_commit(&c, repo, to, "commit")) < 0) goto done;
    rc = git_reference_create_matching(&ref, repo, KAZI_CONFIG_LIVE_REF, git_commit_id(c), 1, &want,
                                       log_message ? log_message : "kazi activate");
    if (rc == GIT_EMODIFIED || rc == GIT_ELOCKED || rc == GIT_ENOTFOUND) {
        rc = kazi_error_set(KAZI_ECONFLICT, "expected_live",
                            "the live configuration is no longer %s (another activation won); "
                            "reload and retry",
                            expected);
        goto done;
    }
    if (rc < 0) rc = gitfail(rc, NULL, "move the live configuration");
done:
    git_reference_free(ref);
    git_commit_free(c);
    git_repository_free(repo);
    return rc;
}

/* ---- the commit-tree source ---- */

typedef struct {
    pthread_mutex_t lock;
    git_repository *repo;
    git_commit *commit;
    git_tree *tree;
} commit_impl;

typedef struct {
    commit_impl *c;
    const char *path;
    char **out;
    size_t *len;
} read_args;

static int src_read_deep(void *p)
{
    read_args *a = p;
    pthread_mutex_lock(&a->c->lock);
    int rc = tree_read(a->out, a->len, a->c->repo, a->c->tree, a->path);
    pthread_mutex_unlock(&a->c->lock);
    return rc;
}

/* Sources are read from any thread, including CivetWeb workers with shallow stacks. */
static int src_read(const kazi_config_source *src, const char *path, char **out, size_t *len)
{
    read_args a = {src->impl, path, out, len};
    return kazi_thread_run_deep(src_read_deep, &a);
}

typedef struct {
    char **v;
    size_t n, cap;
    int failed;
} pathvec;

static int collect_blob(const char *root, const git_tree_entry *e, void *payload)
{
    pathvec *pv = payload;
    git_filemode_t m = git_tree_entry_filemode(e);
    if (m != GIT_FILEMODE_BLOB && m != GIT_FILEMODE_BLOB_EXECUTABLE) return 0;
    if (pv->n + 2 > pv->cap) {
        size_t cap = pv->cap ? pv->cap * 2 : 32;
        char **v = realloc(pv->v, cap * sizeof *v);
        if (!v) {
            pv->failed = 1;
            return -1;
        }
        pv->v = v;
        pv->cap = cap;
    }
    size_t n = strlen(root) + strlen(git_tree_entry_name(e)) + 1;
    char *p = malloc(n);
    if (!p) {
        pv->failed = 1;
        return -1;
    }
    snprintf(p, n, "%s%s", root, git_tree_entry_name(e));
    pv->v[pv->n++] = p;
    pv->v[pv->n] = NULL;
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

typedef struct {
    commit_impl *c;
    char ***out;
} list_args;

static int src_list_deep(void *p);

static int src_list(const kazi_config_source *src, char ***out)
{
    list_args a = {src->impl, out};
    return kazi_thread_run_deep(src_list_deep, &a);
}

static int src_list_deep(void *p)
{
    list_args *a = p;
    commit_impl *c = a->c;
    char ***out = a->out;
    pathvec pv = {0};
    pthread_mutex_lock(&c->lock);
    int rc = git_tree_walk(c->tree, GIT_TREEWALK_PRE, collect_blob, &pv);
    pthread_mutex_unlock(&c->lock);
    if (!pv.v && !pv.failed) {
        pv.v = calloc(1, sizeof *pv.v);
        if (!pv.v) pv.failed = 1;
    }
    if (rc < 0 || pv.failed) {
        kazi_config_paths_free(pv.v);
        return pv.failed ? kazi_error_set(KAZI_ERROR, NULL, "out of memory listing files")
                         : gitfail(rc, NULL, "list files");
    }
    qsort(pv.v, pv.n, sizeof *pv.v, cmp_str);
    *out = pv.v;
    return KAZI_OK;
}

static void src_free(kazi_config_source *src)
{
    commit_impl *c = src->impl;
    if (c) {
        git_tree_free(c->tree);
        git_commit_free(c->commit);
        git_repository_free(c->repo);
        pthread_mutex_destroy(&c->lock);
        free(c);
    }
    free(src);
}

int kazi_config_source_commit(kazi_config_source **out, const char *path, const char *spec)
{
    kazi_config_source *src = calloc(1, sizeof *src);
    commit_impl *c = calloc(1, sizeof *c);
    int rc;
    if (!src || !c) {
        free(src);
        free(c);
        return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    }
    pthread_mutex_init(&c->lock, NULL);
    src->impl = c;
    src->read = src_read;
    src->list = src_list;
    src->free = src_free;
    if ((rc = repo_open(&c->repo, path)) < 0 ||
        (rc = commit_tree(&c->tree, &c->commit, c->repo, spec, "commit")) < 0) {
        src_free(src);
        return rc;
    }
    git_oid_tostr(src->id, KAZI_OID_HEX, git_commit_id(c->commit));
    *out = src;
    return KAZI_OK;
}

/* ---- a configuration from elsewhere (kazi init --config GIT-URL) ---- */

/* The clone's remote, without url.<base>.insteadOf rewriting: Kazi's libgit2 is isolated
 * from any user's git configuration anyway, and the rewriting's lookup leaks in
 * libgit2 1.5 (a pcre2 match block per lookup). */
static int clone_remote(git_remote **out, git_repository *repo, const char *name, const char *url,
                        void *payload)
{
    (void)payload;
    git_remote_create_options o;
    git_remote_create_options_init(&o, GIT_REMOTE_CREATE_OPTIONS_VERSION);
    o.repository = repo;
    o.name = name;
    o.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF;
    return git_remote_create_with_opts(out, url, &o);
}

int kazi_config_clone(char out[KAZI_OID_HEX], const char *url, const char *dest)
{
    int rc = kazi_config_git_init();
    if (rc < 0) return rc;
    git_repository *repo = NULL;
    git_object *head = NULL;
    git_clone_options o;
    git_clone_options_init(&o, GIT_CLONE_OPTIONS_VERSION);
    o.bare = 1;
    o.remote_cb = clone_remote;
    if ((rc = git_clone(&repo, url, dest, &o)) < 0) {
        const git_error *e = git_error_last();
        rc = kazi_error_set(KAZI_ENOTFOUND, "config", "cannot clone %s: %s", url,
                            e && e->message ? e->message : "unknown error");
        kazi_config_remove_tree(dest);
        return rc;
    }
    if ((rc = git_revparse_single(&head, repo, "HEAD^{commit}")) < 0) {
        rc = kazi_error_set(KAZI_ENOTFOUND, "config",
                            "%s has no commit on its default branch to install", url);
    } else {
        git_oid_tostr(out, KAZI_OID_HEX, git_object_id(head));
        rc = KAZI_OK;
    }
    git_object_free(head);
    git_repository_free(repo);
    if (rc < 0) kazi_config_remove_tree(dest);
    return rc;
}
