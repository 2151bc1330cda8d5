/*
 * importjob — imports run for a caller: a job holds the uploaded file, runs the import
 * (domain/import) with the caller's rights and scope, and keeps its progress, report
 * and rejects.csv for its owner. A job belongs to the principal that started it (a
 * user, or an API token in its own right, never the token's creator) and is read only
 * by that principal while its scope still covers the scope the job ran in; any other
 * caller finds no such job. The HTTP API and the command line both go through here, so
 * they cannot disagree on what an import does or who may read its results.
 * Owns: the job table (the last KAZI_IMPORTJOB_KEEP jobs of this process, lost on
 * restart: an import is one transaction, so a restart mid-job leaves nothing
 * half-written) and the background job threads.
 * Uses: domain/import, store/db (a background job opens its thread's own connection),
 * lua/runtime (a job thread releases its Lua states when it ends), auth/caller.
 * Thread-safety: every function may be called from any thread; the table is guarded
 * by one mutex, and each background job runs on its own detached thread.
 */
#ifndef KAZI_DOMAIN_IMPORTJOB_H
#define KAZI_DOMAIN_IMPORTJOB_H

#include <stddef.h>
#include <stdint.h>

#include "domain/import.h"

/* Jobs kept: at most this many run at once; a new one replaces the oldest finished. */
#define KAZI_IMPORTJOB_KEEP 32

/* An uploaded file handed to a job. The job calls release(ctx) once, when it no longer
 * reads data (release may be NULL: the data outlives the job's run). */
typedef struct kazi_upload {
    const char *data;
    size_t len;
    void (*release)(void *ctx);
    void *ctx;
} kazi_upload;

typedef enum {
    KAZI_IMPORTJOB_BACKGROUND = 0, /* on a thread of its own, with its own connection */
    KAZI_IMPORTJOB_WAIT = 1        /* on `db`, before kazi_importjob_start returns */
} kazi_importjob_mode;

/*
 * Start a job of `caller` (copied) importing `upload` with `opts` (kind, partial, and a
 * progress function that is called, besides the job's own, on the job's thread; a
 * background job's must outlive it). The upload is released in every case.
 * BACKGROUND: *out is the job as kazi_importjob_get shows it (status "running");
 * KAZI_OK. WAIT: the import runs on `db` now and *out is its report ({rows, created,
 * existing, updated, rejected, errors[, rejects_csv]}, with {error: {code, message}}
 * when it failed); the return code is the import's (KAZI_EINVALID when rows were
 * refused without partial mode, ...). In both modes *id (may be NULL) is the job's id,
 * and the finished job stays readable. KAZI_EBUSY when KAZI_IMPORTJOB_KEEP jobs are
 * running (*out NULL); KAZI_ERROR when no thread can be started.
 */
int kazi_importjob_start(json_t **out, int64_t *id, kazi_db *db, const kazi_caller *caller,
                         const kazi_import_opts *opts, kazi_upload *upload,
                         kazi_importjob_mode mode);

/*
 * Job `id` as {id, kind, status (running|done|failed), done, total, partial[, result]
 * [, rejects_url]} into *out (new reference). KAZI_ENOTFOUND ("no such import", field
 * "id") when there is none or it is not the caller's (see above).
 */
int kazi_importjob_get(json_t **out, const kazi_caller *caller, int64_t id);

/* The caller's jobs, newest first, as kazi_importjob_get shows each (a new array). */
int kazi_importjob_list(json_t **out, const kazi_caller *caller);

/*
 * The rejects CSV of job `id` (a partial import that refused rows): a copy into *out
 * (malloc, caller frees) and *len. KAZI_ENOTFOUND when the job is not the caller's or
 * has no rejects.
 */
int kazi_importjob_rejects(char **out, size_t *len, const kazi_caller *caller, int64_t id);

/* Wait until every background job thread has returned (and released its connection
 * and Lua states): at shutdown, and in the HTTP fuzzer after each input. */
void kazi_importjob_drain(void);

#endif
