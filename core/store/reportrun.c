#include "store/reportrun.h"
#include "store/internal.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

static const char *const json_columns[] = {"params", NULL};
static const char *const time_columns[] = {"run_at", NULL};
static const kazi_row_spec row_spec = {NULL, json_columns, time_columns};

int kazi_reportrun_add(int64_t *id, kazi_db *db, const kazi_report_run *r)
{
    static const char sql[] =
        "INSERT INTO report_runs(report_id, params, run_by, user_id, scope_path, "
        "config_commit, format, via, row_count, request_id, run_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
    if (!r->report_id || !*r->report_id)
        return kazi_error_set(KAZI_EINVALID, "report_id", "a report run needs the report id");
    if (!r->config_commit || !*r->config_commit)
        return kazi_error_set(KAZI_EINVALID, "config_commit",
                              "a report run needs the configuration it ran under");
    if (!r->format || (strcmp(r->format, "json") && strcmp(r->format, "csv")))
        return kazi_error_set(KAZI_EINVALID, "format", "format must be json or csv");
    if (!r->via || (strcmp(r->via, "api") && strcmp(r->via, "cli")))
        return kazi_error_set(KAZI_EINVALID, "via", "via must be api or cli");
    char *params = r->params ? kazi_json_dump(r->params) : NULL;
    sqlite3_stmt *st = kazi_db_stmt(db, sql);
    if (!st) {
        free(params);
        return KAZI_ERROR;
    }
    kazi_db_bind_text(st, 1, r->report_id);
    kazi_db_bind_text(st, 2, params ? params : "{}");
    kazi_db_bind_text(st, 3, r->run_by && *r->run_by ? r->run_by : "unknown");
    if (r->user_id > 0)
        sqlite3_bind_int64(st, 4, r->user_id);
    else
        sqlite3_bind_null(st, 4);
    kazi_db_bind_text(st, 5, r->scope_path && *r->scope_path ? r->scope_path : "/");
    kazi_db_bind_text(st, 6, r->config_commit);
    kazi_db_bind_text(st, 7, r->format);
    kazi_db_bind_text(st, 8, r->via);
    sqlite3_bind_int64(st, 9, r->row_count);
    kazi_db_bind_text(st, 10, r->request_id);
    sqlite3_bind_int64(st, 11, r->run_at);
    free(params);
    int rc = kazi_db_step_done(db, st, "record report run");
    if (rc == KAZI_OK && id) *id = sqlite3_last_insert_rowid(db->h);
    return rc;
}

int kazi_reportrun_list(json_t **out, kazi_db *db, const char *lo, const char *hi, int64_t user_id,
                        const char *run_by, const char *report_id, int limit)
{
    static const char sql[] =
        "SELECT id, report_id, params, run_by, user_id, scope_path, config_commit, format, "
        "via, row_count, request_id, run_at FROM report_runs "
        "WHERE (?1 IS NULL OR (scope_path >= ?1 AND scope_path < ?2) OR user_id = ?3 OR "
        "run_by = ?6) AND (?4 IS NULL OR report_id = ?4) ORDER BY id DESC LIMIT ?5";
    if (limit < 1 || limit > 1000)
        return kazi_error_set(KAZI_EINVALID, "limit", "limit must be between 1 and 1000");
    sqlite3_stmt *st = kazi_db_stmt(db, sql);
    if (!st) return KAZI_ERROR;
    kazi_db_bind_text(st, 1, lo);
    kazi_db_bind_text(st, 2, hi);
    sqlite3_bind_int64(st, 3, user_id > 0 ? user_id : -1);
    kazi_db_bind_text(st, 4, report_id);
    sqlite3_bind_int(st, 5, limit);
    kazi_db_bind_text(st, 6, run_by);
    return kazi_db_all_rows(out, db, st, &row_spec, "report runs");
}
