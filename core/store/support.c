#include "store/support.h"
#include "store/internal.h"
#include "util/clock.h"
#include "util/error.h"

#include <stdio.h>
#include <string.h>

static const char *const time_columns[] = {"created_at", "updated_at", NULL};
static const char *const flag_columns[] = {"below_minimum", NULL};
static const char *const json_columns[] = {"minimum", NULL};
static const kazi_row_spec row_spec = {flag_columns, json_columns, time_columns};

static int all_rows(json_t **out, kazi_db *db, sqlite3_stmt *st, const char *what)
{
    return kazi_db_all_rows(out, db, st, &row_spec, what);
}

static int one_int(int64_t *out, kazi_db *db, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st);
    *out = 0;
    if (rc == SQLITE_ROW) {
        *out = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        return KAZI_OK;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? KAZI_OK : kazi_db_fail(db, rc, what);
}

static int insert(int64_t *out, kazi_db *db, sqlite3_stmt *st, const json_t *o,
                  const char *const *keys, int64_t now_ms, const char *what)
{
    if (!st) return KAZI_ERROR;
    int n = kazi_db_bind_keys(st, 1, o, keys);
    sqlite3_bind_int64(st, n + 1, now_ms);
    int rc = kazi_db_step_done(db, st, what);
    if (rc < 0) return rc;
    *out = sqlite3_last_insert_rowid(db->h);
    return KAZI_OK;
}

int kazi_store_user_person_get(int64_t *out, kazi_db *db, int64_t user_id)
{
    sqlite3_stmt *st = kazi_db_stmt(db, "SELECT person_id FROM user_person WHERE user_id = ?");
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, user_id);
    return one_int(out, db, st, "read user's person");
}

int kazi_store_user_person_set(kazi_db *db, int64_t user_id, int64_t person_id)
{
    int64_t exists;
    sqlite3_stmt *st = kazi_db_stmt(db, "SELECT count(id) FROM app_user WHERE id = ?");
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, user_id);
    int rc = one_int(&exists, db, st, "read user");
    if (rc < 0) return rc;
    if (!exists) return kazi_error_set(KAZI_ENOTFOUND, "id", "no such user");
    if (person_id > 0) {
        st = kazi_db_stmt(db, "INSERT INTO user_person (user_id, person_id) VALUES (?, ?) "
                              "ON CONFLICT (user_id) DO UPDATE SET person_id = excluded.person_id");
        if (!st) return KAZI_ERROR;
        sqlite3_bind_int64(st, 1, user_id);
        sqlite3_bind_int64(st, 2, person_id);
    } else {
        st = kazi_db_stmt(db, "DELETE FROM user_person WHERE user_id = ?");
        if (!st) return KAZI_ERROR;
        sqlite3_bind_int64(st, 1, user_id);
    }
    return kazi_db_step_done(db, st, "link user to person");
}

#define SUPERVISION_COLUMNS                                                                        \
    "s.id, s.person_id, s.supervisor_person_id, s.type, s.start_date, s.end_date, s.end_reason, "  \
    "s.config_source, s.created_at, s.updated_at, p.org_path AS org_path"

int kazi_store_supervision_get(json_t **out, kazi_db *db, int64_t id)
{
    sqlite3_stmt *st = kazi_db_stmt(db, "SELECT " SUPERVISION_COLUMNS " FROM supervision s "
                                        "JOIN person p ON p.id = s.person_id WHERE s.id = ?");
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, id);
    json_t *a;
    int rc = all_rows(&a, db, st, "read supervision");
    if (rc < 0) return rc;
    if (!json_array_size(a)) {
        json_decref(a);
        return kazi_error_set(KAZI_ENOTFOUND, NULL, "no such supervision");
    }
    *out = json_incref(json_array_get(a, 0));
    json_decref(a);
    return KAZI_OK;
}

int kazi_store_supervision_insert(int64_t *out, kazi_db *db, const json_t *s, int64_t now_ms)
{
    static const char *const keys[] = {"person_id", "supervisor_person_id", "type", "start_date",
                                       "end_date",  "config_source",        NULL};
    return insert(out, db,
                  kazi_db_stmt(db, "INSERT INTO supervision (person_id, supervisor_person_id, "
                                   "type, start_date, end_date, config_source, created_at, "
                                   "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)"),
                  s, keys, now_ms, "store supervision");
}

int kazi_store_supervision_end(kazi_db *db, int64_t id, const char *end_date, const char *reason,
                               int64_t now_ms)
{
    sqlite3_stmt *st = kazi_db_stmt(db, "UPDATE supervision SET end_date = ?, end_reason = ?, "
                                        "updated_at = ? WHERE id = ?");
    if (!st) return KAZI_ERROR;
    kazi_db_bind_text(st, 1, end_date);
    kazi_db_bind_text(st, 2, reason);
    sqlite3_bind_int64(st, 3, now_ms);
    sqlite3_bind_int64(st, 4, id);
    return kazi_db_step_done(db, st, "end supervision");
}

int kazi_store_supervision_list(json_t **out, kazi_db *db, int64_t person_id, int64_t supervisor_id)
{
    sqlite3_stmt *st = kazi_db_stmt(
        db, "SELECT " SUPERVISION_COLUMNS " FROM supervision s JOIN person p ON p.id = "
            "s.person_id WHERE (?1 = 0 OR s.person_id = ?1) AND (?2 = 0 OR "
            "s.supervisor_person_id = ?2) ORDER BY s.start_date DESC, s.id DESC LIMIT 1000");
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, person_id);
    sqlite3_bind_int64(st, 2, supervisor_id);
    return all_rows(out, db, st, "list supervisions");
}

int kazi_store_supervision_current(int64_t *out, kazi_db *db, int64_t person, int64_t supervisor)
{
    sqlite3_stmt *st = kazi_db_stmt(db, "SELECT count(id) FROM supervision WHERE person_id = ? "
                                        "AND supervisor_person_id = ? AND end_date IS NULL");
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, person);
    sqlite3_bind_int64(st, 2, supervisor);
    return one_int(out, db, st, "read supervision");
}

int kazi_store_supervises(int *out, kazi_db *db, int64_t supervisor, int64_t person)
{
    int64_t n;
    int rc = kazi_store_supervision_current(&n, db, person, supervisor);
    *out = rc == KAZI_OK && n > 0;
    return rc;
}

int kazi_store_session_insert(int64_t *out, kazi_db *db, const json_t *s, int64_t now_ms)
{
    static const char *const keys[] = {"person_id",    "supervisor_person_id",
                                       "session_date", "duration_minutes",
                                       "mode",         "topics",
                                       "follow_up",    NULL};
    return insert(out, db,
                  kazi_db_stmt(db,
                               "INSERT INTO supervision_session (person_id, "
                               "supervisor_person_id, session_date, duration_minutes, mode, "
                               "topics, follow_up, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                  s, keys, now_ms, "store supervision session");
}

int kazi_store_session_list(json_t **out, kazi_db *db, int64_t person_id)
{
    sqlite3_stmt *st = kazi_db_stmt(
        db, "SELECT id, person_id, supervisor_person_id, session_date, duration_minutes, mode, "
            "topics, follow_up, created_at FROM supervision_session WHERE person_id = ? "
            "ORDER BY session_date DESC, id DESC LIMIT 1000");
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, person_id);
    return all_rows(out, db, st, "list supervision sessions");
}

/* The one reader of supervised time: minutes per person of a JSON array of ids, sessions
 * within [since, until] (either NULL: open). */
static sqlite3_stmt *supervised_minutes_stmt(kazi_db *db, const char *ids, const char *since,
                                             const char *until)
{
    sqlite3_stmt *st = kazi_db_stmt(
        db, "SELECT s.person_id, sum(s.duration_minutes) AS minutes FROM json_each(?1) j "
            "JOIN supervision_session s ON s.person_id = j.value AND "
            "(?2 IS NULL OR s.session_date >= ?2) AND (?3 IS NULL OR s.session_date <= ?3) "
            "GROUP BY s.person_id ORDER BY 1");
    if (!st) return NULL;
    kazi_db_bind_text(st, 1, ids);
    kazi_db_bind_text(st, 2, since);
    kazi_db_bind_text(st, 3, until);
    return st;
}

int kazi_store_supervised_minutes(int64_t *out, kazi_db *db, int64_t person_id, const char *since)
{
    char ids[32];
    snprintf(ids, sizeof ids, "[%lld]", (long long)person_id);
    *out = 0;
    sqlite3_stmt *st = supervised_minutes_stmt(db, ids, since, NULL);
    if (!st) return KAZI_ERROR;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) *out = sqlite3_column_int64(st, 1);
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? KAZI_OK
                                                 : kazi_db_fail(db, rc, "sum supervised minutes");
}

int kazi_store_supervised_minutes_of(kazi_db *db, const char *ids, const char *since,
                                     const char *until, kazi_row_fn fn, void *ctx)
{
    sqlite3_stmt *st = supervised_minutes_stmt(db, ids, since, until);
    if (!st) return KAZI_ERROR;
    return kazi_db_each_row(db, st, fn, ctx, "sum supervised minutes");
}

int kazi_store_payment_insert(int64_t *out, kazi_db *db, const json_t *p, int64_t now_ms)
{
    static const char *const keys[] = {
        "person_id", "kind",    "period",        "amount",         "currency",         "purpose",
        "funder_id", "paid_on", "below_minimum", "minimum_amount", "minimum_currency", NULL};
    return insert(out, db,
                  kazi_db_stmt(db, "INSERT INTO payment (person_id, kind, period, amount, "
                                   "currency, purpose, funder_id, paid_on, below_minimum, "
                                   "minimum_amount, minimum_currency, created_at) VALUES "
                                   "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                  p, keys, now_ms, "store payment");
}

int kazi_store_payment_list(json_t **out, kazi_db *db, int64_t person_id)
{
    sqlite3_stmt *st = kazi_db_stmt(
        db, "SELECT id, person_id, kind, period, amount, currency, purpose, funder_id, paid_on, "
            "below_minimum, CASE WHEN minimum_amount IS NULL THEN NULL ELSE json_object('amount', "
            "minimum_amount, 'currency', minimum_currency, 'period', 'month') END AS minimum, "
            "created_at FROM payment WHERE person_id = ? ORDER BY period DESC, id DESC LIMIT 1000");
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, person_id);
    return all_rows(out, db, st, "list payments");
}

int kazi_store_support_insert(int64_t *out, kazi_db *db, const json_t *s, int64_t now_ms)
{
    static const char *const keys[] = {"person_id", "kind", "activity_date", "note", NULL};
    return insert(out, db,
                  kazi_db_stmt(db, "INSERT INTO support_activity (person_id, kind, "
                                   "activity_date, note, created_at) VALUES (?, ?, ?, ?, ?)"),
                  s, keys, now_ms, "store support activity");
}

int kazi_store_support_list(json_t **out, kazi_db *db, int64_t person_id)
{
    sqlite3_stmt *st = kazi_db_stmt(
        db, "SELECT id, person_id, kind, activity_date, note, created_at FROM support_activity "
            "WHERE person_id = ? ORDER BY activity_date DESC, id DESC LIMIT 1000");
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, person_id);
    return all_rows(out, db, st, "list support activities");
}

int kazi_store_return_put(kazi_db *db, int64_t person_id, const char *period, const char *activity,
                          int64_t count, int64_t now_ms)
{
    sqlite3_stmt *st = kazi_db_stmt(
        db, "INSERT INTO activity_return (person_id, period, activity, count, updated_at) VALUES "
            "(?, ?, ?, ?, ?) ON CONFLICT (person_id, period, activity) DO UPDATE SET count = "
            "excluded.count, updated_at = excluded.updated_at");
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, person_id);
    kazi_db_bind_text(st, 2, period);
    kazi_db_bind_text(st, 3, activity);
    sqlite3_bind_int64(st, 4, count);
    sqlite3_bind_int64(st, 5, now_ms);
    return kazi_db_step_done(db, st, "store activity return");
}

int kazi_store_return_list(json_t **out, kazi_db *db, int64_t person_id, const char *period)
{
    sqlite3_stmt *st = kazi_db_stmt(
        db, "SELECT person_id, period, activity, count, updated_at FROM activity_return WHERE "
            "person_id = ?1 AND (?2 IS NULL OR period = ?2) ORDER BY period DESC, activity "
            "LIMIT 5000");
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, person_id);
    kazi_db_bind_text(st, 2, period);
    return all_rows(out, db, st, "list activity returns");
}

int kazi_store_person_posts(json_t **out, kazi_db *db, int64_t person_id)
{
    sqlite3_stmt *st = kazi_db_stmt(
        db, "SELECT pos.cadre AS cadre, pos.level AS level, a.engagement AS engagement, "
            "pos.org_path AS org_path FROM assignment a JOIN position pos ON pos.id = "
            "a.position_id WHERE a.person_id = ? AND a.end_date IS NULL ORDER BY a.start_date");
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, person_id);
    return all_rows(out, db, st, "read posts");
}
