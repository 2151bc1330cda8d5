/*
 * reportrun — the record of every report run (report_runs): who, in which scope,
 * when, with which parameters, under which configuration commit, how many rows.
 * Owns: the SQL of report_runs.
 * Uses: store/db, util/json.
 * Thread-safety: as the connection passed in.
 */
#ifndef KAZI_STORE_REPORTRUN_H
#define KAZI_STORE_REPORTRUN_H

#include <stdint.h>

#include "store/db.h"
#include "util/json.h"

typedef struct kazi_report_run {
    const char *report_id;
    const json_t *params;      /* object, or NULL for none */
    const char *run_by;        /* username, "token:<id>", "cli:<login>" */
    int64_t user_id;           /* 0: none (CLI) */
    const char *scope_path;    /* org-unit path of what the run could see; NULL: national */
    const char *config_commit; /* the configuration source id the report ran under */
    const char *format;        /* "json" or "csv" */
    const char *via;           /* "api" or "cli" */
    int64_t row_count;
    const char *request_id; /* may be NULL */
    int64_t run_at;         /* epoch ms */
} kazi_report_run;

/*
 * Record one run (autocommit, or in the caller's transaction). Its id goes to *id
 * (may be NULL). KAZI_EINVALID for a missing report id, commit, format or via; database
 * errors as kazi_db.
 */
int kazi_reportrun_add(int64_t *id, kazi_db *db, const kazi_report_run *r);

/*
 * The newest `limit` (1..1000) runs visible to a caller, newest first, as a new array
 * of {id, report_id, params, run_by, user_id, scope_path, config_commit, format, via,
 * row_count, request_id, run_at (RFC 3339)}. Visible: runs whose scope_path lies in
 * [lo, hi) (the caller's subtree: kazi_caller_scope_range; lo NULL: every run) and the
 * caller's own runs (a user's by user_id, 0 for none; a token's by run_by "token:<id>",
 * NULL for none). `report_id` NULL: every report.
 */
int kazi_reportrun_list(json_t **out, kazi_db *db, const char *lo, const char *hi, int64_t user_id,
                        const char *run_by, const char *report_id, int limit);

#endif
