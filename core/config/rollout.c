#include "config/rollout.h"
#include "store/configdb.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/fault.h"
#include "util/log.h"
#include "util/utf8.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static struct {
    char name[32];
    kazi_config_validator_fn fn;
    void *ctx;
    char checks[48];
} validator = {"", NULL, NULL, "builtin"};

static kazi_config_activation_hooks hooks;
static pthread_mutex_t activation_lock = PTHREAD_MUTEX_INITIALIZER;
static char serving[KAZI_OID_HEX];

/* The database of the installation whose commit this thread is validating. */
static _Thread_local kazi_db *validating;

kazi_db *kazi_config_validating_db(void)
{
    return validating;
}

/* What the validator running on this thread said of the version's languages. */
static _Thread_local json_t *validating_langs;
static _Thread_local int validating_now;

void kazi_config_validating_languages(json_t *languages)
{
    if (!validating_now) {
        json_decref(languages);
        return;
    }
    json_decref(validating_langs);
    validating_langs = languages;
}

void kazi_config_set_validator(const char *name, kazi_config_validator_fn fn, void *ctx)
{
    validator.fn = fn;
    validator.ctx = ctx;
    snprintf(validator.name, sizeof validator.name, "%s", fn && name ? name : "");
    if (fn)
        snprintf(validator.checks, sizeof validator.checks, "builtin+%s", validator.name);
    else
        snprintf(validator.checks, sizeof validator.checks, "builtin");
}

const char *kazi_config_checks(void)
{
    return validator.checks;
}

void kazi_config_on_activate(const kazi_config_activation_hooks *h)
{
    if (h)
        hooks = *h;
    else
        memset(&hooks, 0, sizeof hooks);
}

void kazi_config_serving(char out[KAZI_OID_HEX])
{
    pthread_mutex_lock(&activation_lock);
    memcpy(out, serving, KAZI_OID_HEX);
    pthread_mutex_unlock(&activation_lock);
}

/* ---- built-in checks ---- */

static void problem(json_t *errors, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void problem(json_t *errors, const char *file, int line, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    json_t *e = json_object();
    if (file) {
        json_t *f = json_string(file);
        json_object_set_new(e, "file", f ? f : json_string("(name is not UTF-8)"));
    }
    if (line > 0) json_object_set_new(e, "line", json_integer(line));
    json_object_set_new(e, "message", json_string(msg));
    json_array_append_new(errors, e);
}

/* 0 when buf is valid UTF-8 without NUL; otherwise the 1-based line of the first bad
 * byte, and *nul says whether it was a NUL. */
static int bad_text_line(const char *buf, size_t len, int *nul)
{
    const unsigned char *s = (const unsigned char *)buf;
    int line = 1;
    for (size_t i = 0; i < len;) {
        if (s[i] == 0) {
            *nul = 1;
            return line;
        }
        size_t k = kazi_utf8_char(s + i, len - i);
        if (!k) {
            *nul = 0;
            return line;
        }
        if (s[i] == '\n') line++;
        i += k;
    }
    return 0;
}

int kazi_config_check_files(json_t *errors, const char *repo, const char *commit)
{
    json_t *files = NULL;
    kazi_config_source *src = NULL;
    int rc = kazi_config_files(&files, repo, commit);
    if (rc < 0) return rc;
    if ((rc = kazi_config_source_commit(&src, repo, commit)) < 0) goto done;
    size_t i, total = 0, nfiles = json_array_size(files);
    int have_required = 0;
    json_t *f;
    if (nfiles > KAZI_CONFIG_MAX_FILES)
        problem(errors, NULL, 0, "%zu files; a configuration holds at most %d", nfiles,
                KAZI_CONFIG_MAX_FILES);
    json_array_foreach(files, i, f)
    {
        const char *path = json_string_value(json_object_get(f, "path"));
        const char *kind = json_string_value(json_object_get(f, "kind"));
        json_int_t size = json_integer_value(json_object_get(f, "size"));
        if (strcmp(kind, "file") != 0 && strcmp(kind, "executable") != 0) {
            problem(errors, path, 0,
                    "is a %s; a configuration holds only regular files, nothing pointing "
                    "outside its tree",
                    kind);
            continue;
        }
        if (kazi_config_path_check(path) < 0) {
            problem(errors, path, 0, "is not a plain relative path");
            continue;
        }
        if (!strcmp(path, KAZI_CONFIG_REQUIRED_FILE)) have_required = 1;
        total += (size_t)size;
        if (size > KAZI_CONFIG_MAX_FILE_BYTES) {
            problem(errors, path, 0, "is %lld bytes; a file may have at most %d", (long long)size,
                    KAZI_CONFIG_MAX_FILE_BYTES);
            continue;
        }
        char *buf;
        size_t len;
        if ((rc = src->read(src, path, &buf, &len)) < 0) goto done;
        int nul = 0, line = bad_text_line(buf, len, &nul);
        if (line)
            problem(errors, path, line,
                    nul ? "contains a NUL byte; configuration files are text"
                        : "is not valid UTF-8");
        free(buf);
    }
    if (total > KAZI_CONFIG_MAX_TOTAL_BYTES)
        problem(errors, NULL, 0, "%zu bytes in all; a configuration holds at most %d", total,
                KAZI_CONFIG_MAX_TOTAL_BYTES);
    if (!have_required)
        problem(errors, KAZI_CONFIG_REQUIRED_FILE, 0,
                "is missing; every configuration declares its country there");
    rc = KAZI_OK;
done:
    kazi_config_source_free(src);
    json_decref(files);
    return rc;
}

/* ---- validation ---- */

int kazi_config_validate(json_t **out, kazi_db *db, const char *repo, const char *spec,
                         const char *by)
{
    char commit[KAZI_OID_HEX], at[40];
    kazi_config_source *src = NULL;
    json_t *errors = json_array(), *warnings = json_array(), *langs = NULL;
    int rc = kazi_config_resolve(commit, repo, spec);
    if (rc < 0) goto done;
    if ((rc = kazi_config_check_files(errors, repo, commit)) < 0) goto done;
    if (json_array_size(errors) == 0 && validator.fn) {
        if ((rc = kazi_config_source_commit(&src, repo, commit)) < 0) goto done;
        validating = db;
        validating_now = 1;
        rc = validator.fn(src, errors, validator.ctx);
        validating = NULL;
        validating_now = 0;
        langs = validating_langs;
        validating_langs = NULL;
        if (rc < 0) goto done;
    }
    /* problems marked "severity": "warning" are reported but do not fail validation */
    size_t nerr = 0, i;
    json_t *e;
    json_array_foreach(errors, i, e)
    {
        const char *sev = json_string_value(json_object_get(e, "severity"));
        if (sev && !strcmp(sev, "warning"))
            json_array_append(warnings, e);
        else
            nerr++;
    }
    int ok = nerr == 0;
    kazi_clock_format(at, sizeof at, kazi_clock_now_ms());
    if (!by || !*by) by = "unknown";
    if (!langs) langs = json_array();
    if ((rc = kazi_configdb_validation_add(db, commit, ok, errors, langs, validator.checks, at,
                                           by)) < 0)
        goto done;
    for (i = json_array_size(errors); i-- > 0;) {
        const char *sev = json_string_value(json_object_get(json_array_get(errors, i), "severity"));
        if (sev && !strcmp(sev, "warning")) json_array_remove(errors, i);
    }
    *out = json_pack("{s:s,s:b,s:O,s:O,s:s,s:s,s:s,s:O}", "commit", commit, "ok", ok, "errors",
                     errors, "warnings", warnings, "checks", validator.checks, "validated_at", at,
                     "validated_by", by, "languages", langs);
    rc = *out ? KAZI_OK : kazi_error_set(KAZI_ERROR, NULL, "out of memory");
done:
    kazi_config_source_free(src);
    json_decref(errors);
    json_decref(warnings);
    json_decref(langs);
    return rc;
}

/* ---- activation ---- */

static int require_validated(kazi_db *db, const char *commit)
{
    json_t *v = NULL;
    int rc = kazi_configdb_validation_latest(&v, db, commit);
    if (rc == KAZI_ENOTFOUND)
        return kazi_error_set(KAZI_EINVALID, "commit",
                              "%.12s has not been validated; validate it before activating it",
                              commit);
    if (rc < 0) return rc;
    const char *checks = json_string_value(json_object_get(v, "checks"));
    int ok = json_is_true(json_object_get(v, "ok"));
    if (!ok)
        rc = kazi_error_set(KAZI_EINVALID, "commit",
                            "%.12s failed validation; fix the errors and propose a new version",
                            commit);
    else if (!checks || strcmp(checks, validator.checks) != 0)
        rc = kazi_error_set(KAZI_EINVALID, "commit",
                            "%.12s was validated with checks '%s' but activation needs '%s'; "
                            "validate it again",
                            commit, checks ? checks : "", validator.checks);
    json_decref(v);
    return rc;
}

/* ---- the activation lock ---- */

/* How long to wait for another process's activation (or a backup's brief hold). An
 * activation holds the lock while it prepares a generation, which takes a second or so. */
#define LOCK_WAIT_MS 30000
#define LOCK_POLL_MS 10

/* Take the cross-process half of the activation lock: flock(2) on a file inside the
 * repository. The caller holds activation_lock (the in-process half). */
static int lock_file(int *fd_out, const char *repo)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/kazi-activation.lock", repo);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return kazi_error_set(KAZI_ERROR, NULL, "cannot open the activation lock %s: %s", path,
                              strerror(errno));
    for (int64_t waited = 0; flock(fd, LOCK_EX | LOCK_NB) != 0; waited += LOCK_POLL_MS) {
        if (errno != EWOULDBLOCK && errno != EINTR) {
            int e = errno;
            close(fd);
            return kazi_error_set(KAZI_ERROR, NULL, "cannot lock %s: %s", path, strerror(e));
        }
        if (waited >= LOCK_WAIT_MS) {
            close(fd);
            return kazi_error_set(KAZI_EBUSY, NULL,
                                  "another activation or backup holds %s; try again", path);
        }
        struct timespec ts = {0, LOCK_POLL_MS * 1000000L};
        nanosleep(&ts, NULL);
    }
    *fd_out = fd;
    return KAZI_OK;
}

static void unlock_file(int fd)
{
    if (fd >= 0) close(fd); /* closing the only descriptor releases the flock */
}

int kazi_config_with_activation_lock(const char *repo, int (*fn)(void *ctx), void *ctx)
{
    int fd = -1, rc;
    pthread_mutex_lock(&activation_lock);
    if ((rc = lock_file(&fd, repo)) == KAZI_OK) rc = fn(ctx);
    unlock_file(fd);
    pthread_mutex_unlock(&activation_lock);
    return rc;
}

/* ---- audit and recovery ---- */

static kazi_config_audit_fn auditor;

void kazi_config_set_auditor(kazi_config_audit_fn fn)
{
    auditor = fn;
}

static int audit(kazi_db *db, const struct kazi_caller *caller, const char *action, int64_t id,
                 json_t *after)
{
    char sid[24];
    snprintf(sid, sizeof sid, "%lld", (long long)id);
    int rc = auditor ? auditor(db, caller, action, sid, after) : KAZI_OK;
    json_decref(after);
    return rc;
}

/* Settle one interrupted activation and say so in the audit trail and the log. */
static int recover(json_t *done, kazi_db *db, int64_t id, const char *from, const char *to,
                   const char *outcome)
{
    json_t *what = json_pack("{s:I,s:s?,s:s,s:s}", "rollout", (json_int_t)id, "from", from, "to",
                             to, "outcome", outcome);
    if (!what) return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    int rc = audit(db, NULL, "config.recover", id, json_incref(what));
    if (rc < 0) {
        json_decref(what);
        return rc;
    }
    char extra[256];
    snprintf(extra, sizeof extra,
             "\"event\":\"config_recovered\",\"rollout\":%lld,\"outcome\":\"%s\"", (long long)id,
             outcome);
    kazi_log(KAZI_LOG_WARN, extra,
             "an interrupted activation %.12s -> %.12s (rollout %lld) was found and %s",
             from ? from : "(none)", to, (long long)id, outcome);
    json_array_append_new(done, what);
    return KAZI_OK;
}

/* kazi_config_reconcile with the activation lock held. */
static int reconcile_locked(json_t *done, kazi_db *db, const char *repo)
{
    char live[KAZI_OID_HEX], last[KAZI_OID_HEX], at[40];
    json_t *pending = NULL, *p;
    int rc, in_tx = 0;
    size_t i;
    if ((rc = kazi_config_live(live, repo)) < 0) return rc;
    /* The usual case, read without the write lock: no intent pending and the history
     * names the live commit. Only activations change either, and they hold our lock. */
    if ((rc = kazi_configdb_rollouts_pending(&pending, db)) < 0) return rc;
    size_t n = json_array_size(pending);
    json_decref(pending);
    pending = NULL;
    if (n == 0 && kazi_configdb_rollout_last(last, db) == KAZI_OK && !strcmp(last, live))
        return KAZI_OK;
    if ((rc = kazi_db_begin(db)) < 0) return rc;
    in_tx = 1;
    if ((rc = kazi_configdb_rollouts_pending(&pending, db)) < 0) goto done;
    n = json_array_size(pending);
    json_array_foreach(pending, i, p)
    {
        int64_t id = json_integer_value(json_object_get(p, "id"));
        const char *from = json_string_value(json_object_get(p, "from"));
        const char *to = json_string_value(json_object_get(p, "to"));
        /* Only the newest intent can have moved the ref: each activation settles the
         * ones before it. */
        int moved = i == n - 1 && !strcmp(to, live);
        const char *state = moved ? KAZI_ROLLOUT_DONE : KAZI_ROLLOUT_ABANDONED;
        if ((rc = kazi_configdb_rollout_settle(db, id, state)) < 0 ||
            (rc = recover(done, db, id, from, to, moved ? "completed" : "abandoned")) < 0)
            goto done;
    }
    rc = kazi_configdb_rollout_last(last, db);
    if (rc == KAZI_ENOTFOUND) {
        last[0] = '\0';
        rc = KAZI_OK;
    } else if (rc < 0) {
        goto done;
    }
    if (strcmp(last, live) != 0) {
        int64_t id = 0;
        kazi_clock_format(at, sizeof at, kazi_clock_now_ms());
        if ((rc = kazi_configdb_rollout_add(
                 &id, db, last[0] ? last : NULL, live, "kazi (recovery)",
                 "refs/kazi/live named a commit no completed activation recorded; recorded "
                 "as found at start-up",
                 at, NULL, KAZI_ROLLOUT_DONE)) < 0 ||
            (rc = recover(done, db, id, last[0] ? last : NULL, live, "adopted")) < 0)
            goto done;
    }
done:
    if (in_tx) rc = kazi_db_end(db, rc);
    json_decref(pending);
    return rc;
}

typedef struct {
    json_t *done;
    kazi_db *db;
    const char *repo;
} reconcile_call;

static int reconcile_fn(void *p)
{
    reconcile_call *c = p;
    char live[KAZI_OID_HEX];
    /* A damaged repository has no live ref to reconcile with. Say so and let the caller
     * go on: kazi serve refuses it with its own diagnosis (kazi_config_check), and
     * commands that do not need it (kazi audit verify, kazi backup) still work. */
    if (kazi_config_live(live, c->repo) < 0) {
        kazi_log_warn("cannot check the rollout history against %s: %s", c->repo,
                      kazi_error_last()->message);
        return KAZI_OK;
    }
    return reconcile_locked(c->done, c->db, c->repo);
}

int kazi_config_reconcile(json_t **out, kazi_db *db, const char *repo)
{
    struct stat st;
    reconcile_call c = {json_array(), db, repo};
    int rc = KAZI_OK;
    if (stat(repo, &st) == 0) rc = kazi_config_with_activation_lock(repo, reconcile_fn, &c);
    if (rc == KAZI_OK && out)
        *out = c.done;
    else
        json_decref(c.done);
    return rc;
}

/* ---- activation ---- */

/* Settle rollout `id` (pending) as `state`, in its own transaction; with the audit row
 * of a completed activation. */
static int settle(kazi_db *db, int64_t id, const char *state, const struct kazi_caller *caller,
                  json_t *after)
{
    int rc = kazi_db_begin(db);
    if (rc == KAZI_OK) {
        rc = kazi_configdb_rollout_settle(db, id, state);
        if (rc >= 0 && after) rc = audit(db, caller, "config.activate", id, json_incref(after));
        rc = kazi_db_end(db, rc);
    }
    json_decref(after);
    return rc;
}

int kazi_config_activate(json_t **out, kazi_db *db, const char *repo,
                         const kazi_config_activation *a)
{
    char to[KAZI_OID_HEX], from[KAZI_OID_HEX], at[40], logmsg[1200];
    kazi_config_source *src = NULL;
    void *prepared = NULL;
    json_t *done = json_array(), *record = NULL;
    int64_t id = 0;
    int rc, fd = -1, intent = 0, moved = 0, have_prepared = 0;
    const char *by = a->by && *a->by ? a->by : "unknown";
    if (!a->reason || !*a->reason || strlen(a->reason) > 1000)
        rc = kazi_error_set(KAZI_EINVALID, "reason",
                            "an activation needs a reason (at most 1000 bytes)");
    else if (!a->expected_live || strlen(a->expected_live) != 40)
        rc = kazi_error_set(KAZI_EINVALID, "expected_live",
                            "expected_live must be the 40-hex id of the live commit");
    else
        rc = kazi_config_resolve(to, repo, a->commit);
    if (rc < 0) {
        json_decref(done);
        return rc;
    }

    pthread_mutex_lock(&activation_lock);
    /* With the lock held nobody else activates, in this process or another, so the live
     * commit read below stays put until the compare-and-swap; and a pending rollout can
     * only be one whose process died. */
    if ((rc = lock_file(&fd, repo)) < 0) goto done;
    if ((rc = reconcile_locked(done, db, repo)) < 0) goto done;
    if ((rc = kazi_config_live(from, repo)) < 0) goto done;
    if (strcmp(from, a->expected_live) != 0) {
        rc = kazi_error_set(KAZI_ECONFLICT, "expected_live",
                            "the live configuration is %s, not %s: someone activated another "
                            "version; reload and decide again",
                            from, a->expected_live);
        goto done;
    }
    if (!strcmp(from, to)) {
        rc = kazi_error_set(KAZI_ECONFLICT, "commit", "%.12s is already the live version", to);
        goto done;
    }
    if ((rc = require_validated(db, to)) < 0) goto done;
    if (hooks.prepare) {
        if ((rc = kazi_config_source_commit(&src, repo, to)) < 0) goto done;
        if ((rc = hooks.prepare(&prepared, src, hooks.ctx)) < 0) goto done;
        have_prepared = 1;
    }
    kazi_clock_format(at, sizeof at, kazi_clock_now_ms());
    KAZI_FAULT("activate.before-intent");
    /* (1) the intent, durable before the ref moves */
    if ((rc = kazi_db_begin(db)) < 0 ||
        (rc = kazi_db_end(db, kazi_configdb_rollout_add(&id, db, from, to, by, a->reason, at,
                                                        a->request_id, KAZI_ROLLOUT_PENDING))) < 0)
        goto done;
    intent = 1;
    KAZI_FAULT("activate.after-intent");
    /* (2) the ref */
    snprintf(logmsg, sizeof logmsg, "kazi activate by %s: %s", by, a->reason);
    for (char *p = logmsg; *p; p++)
        if (*p == '\n' || *p == '\r') *p = ' ';
    if ((rc = kazi_config_move_live(repo, to, from, logmsg)) < 0) goto done;
    moved = 1;
    KAZI_FAULT("activate.after-ref");
    /* (3) the record, with its audit row */
    record = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s?}", "id", (json_int_t)id, "from", from, "to",
                       to, "activated_by", by, "reason", a->reason, "activated_at", at,
                       "request_id", a->request_id);
    if (!record) {
        rc = kazi_error_set(KAZI_ERROR, NULL, "out of memory");
        goto done;
    }
    if ((rc = settle(db, id, KAZI_ROLLOUT_DONE, a->caller, json_incref(record))) < 0) goto done;
    intent = moved = 0;
    KAZI_FAULT("activate.after-commit");
    if (have_prepared && hooks.commit) hooks.commit(prepared, hooks.ctx);
    have_prepared = 0;
    memcpy(serving, to, KAZI_OID_HEX);
    *out = record;
    record = NULL;
    char extra[256];
    snprintf(extra, sizeof extra, "\"event\":\"config_activated\",\"from\":\"%s\",\"to\":\"%s\"",
             from, to);
    kazi_log(KAZI_LOG_INFO, extra, "configuration %.12s is live (was %.12s)", to, from);
done:
    if (rc < 0) {
        kazi_error last = *kazi_error_last();
        int undone = 1;
        if (moved && kazi_config_move_live(repo, from, to, "kazi activate: undo") < 0) {
            undone = 0;
            kazi_log_error("could not move %s back to %s after a failed activation: %s",
                           KAZI_CONFIG_LIVE_REF, from, kazi_error_last()->message);
        }
        /* If this fails too, the row stays pending and the next reconcile settles it
         * from where the ref is. */
        if (intent && undone) settle(db, id, KAZI_ROLLOUT_ABANDONED, NULL, NULL);
        if (have_prepared && hooks.abort) hooks.abort(prepared, hooks.ctx);
        kazi_error_set(last.code, last.field[0] ? last.field : NULL, "%s", last.message);
    }
    unlock_file(fd);
    pthread_mutex_unlock(&activation_lock);
    kazi_config_source_free(src);
    json_decref(record);
    json_decref(done);
    return rc;
}

/* ---- listing ---- */

int kazi_config_versions(json_t **out, kazi_db *db, const char *repo, int limit)
{
    json_t *list = NULL, *ever = NULL, *v;
    size_t i;
    int rc = kazi_config_log(&list, repo, limit);
    if (rc < 0) return rc;
    if ((rc = kazi_configdb_ever_live(&ever, db)) < 0) goto done;
    json_array_foreach(list, i, v)
    {
        const char *c = json_string_value(json_object_get(v, "commit"));
        json_t *val = NULL;
        json_object_set_new(
            v, "ever_live",
            json_boolean(json_object_get(ever, c) || json_is_true(json_object_get(v, "live"))));
        rc = kazi_configdb_validation_latest(&val, db, c);
        if (rc == KAZI_ENOTFOUND)
            val = json_null();
        else if (rc < 0)
            goto done;
        else
            json_object_del(val, "commit");
        json_object_set_new(v, "validation", val);
    }
    *out = list;
    list = NULL;
    rc = KAZI_OK;
done:
    json_decref(list);
    json_decref(ever);
    return rc;
}

/* ---- start-up and init ---- */

int kazi_config_load_live(char out[KAZI_OID_HEX], const char *repo)
{
    char live[KAZI_OID_HEX];
    kazi_config_source *src = NULL;
    void *prepared = NULL;
    int rc = kazi_config_check(live, repo);
    if (rc < 0) return rc;
    if (hooks.prepare) {
        if ((rc = kazi_config_source_commit(&src, repo, live)) < 0 ||
            (rc = hooks.prepare(&prepared, src, hooks.ctx)) < 0) {
            kazi_config_source_free(src);
            return kazi_error_set(KAZI_ERROR, NULL,
                                  "%s: the live configuration %.12s does not load: %s", repo, live,
                                  kazi_error_last()->message);
        }
        if (hooks.commit) hooks.commit(prepared, hooks.ctx);
        kazi_config_source_free(src);
    }
    pthread_mutex_lock(&activation_lock);
    memcpy(serving, live, KAZI_OID_HEX);
    pthread_mutex_unlock(&activation_lock);
    memcpy(out, live, KAZI_OID_HEX);
    return KAZI_OK;
}

int kazi_config_record_init(kazi_db *db, const char *repo, const char *commit, const char *by)
{
    json_t *report = NULL;
    char at[40];
    int rc = kazi_config_validate(&report, db, repo, commit, by);
    if (rc < 0) return rc;
    if (!json_is_true(json_object_get(report, "ok"))) {
        json_t *first = json_array_get(json_object_get(report, "errors"), 0);
        const char *file = json_string_value(json_object_get(first, "file"));
        const char *msg = json_string_value(json_object_get(first, "message"));
        if (!msg) msg = "";
        if (file && !strncmp(msg, file, strlen(file))) file = NULL; /* "file:line: ..." */
        rc = kazi_error_set(KAZI_EINVALID, "country",
                            "the country configuration fails validation: %s%s%s",
                            file && *file ? file : "", file && *file ? ": " : "", msg);
        json_decref(report);
        return rc;
    }
    json_decref(report);
    kazi_clock_format(at, sizeof at, kazi_clock_now_ms());
    return kazi_configdb_rollout_add(NULL, db, NULL, commit, by ? by : "kazi init", "kazi init", at,
                                     NULL, KAZI_ROLLOUT_DONE);
}
