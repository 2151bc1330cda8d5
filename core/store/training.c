#include "store/training.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"
#include "util/clock.h"
#include "util/error.h"

static const char *const bool_columns[] = {"travelled", "outside_ward", "attended", "passed", NULL};
static const char *const json_columns[] = {"evidence", "trainers", "custom", NULL};
static const char *const time_columns[] = {"created_at", "updated_at", NULL};
static const kazi_row_spec row_spec = {bool_columns, json_columns, time_columns};

static int one_row(json_t **out, kazi_db *db, sqlite3_stmt *st, const char *what, const char *field)
{
    return kazi_db_one_row(out, db, st, &row_spec, what, field);
}

static int all_rows(json_t **out, kazi_db *db, sqlite3_stmt *st, const char *what)
{
    return kazi_db_all_rows(out, db, st, &row_spec, what);
}

static int insert_id(int64_t *out, kazi_db *db, sqlite3_stmt *st, const char *what)
{
    int rc = kazi_db_step_done(db, st, what);
    if (rc == KAZI_OK && out) *out = sqlite3_last_insert_rowid(db->h);
    return rc;
}

/* Range bounds: NULL means unbounded ("" .. "\x7f"). */
static void bind_range(sqlite3_stmt *st, int i, const char *lo, const char *hi)
{
    sqlite3_bind_text(st, i, lo ? lo : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, i + 1, hi ? hi : "\x7f", -1, SQLITE_TRANSIENT);
}

/* ---- events ---------------------------------------------------------------------------- */

static const char *const event_keys[] = {
    "course",     "course_version", "title",    "venue_org_unit_id", "venue_path",
    "start_date", "end_date",       "capacity", "config_id",         NULL};

int kazi_store_event_insert(int64_t *out, kazi_db *db, const json_t *e, int64_t now_ms)
{
    sqlite3_stmt *st = kazi_db_stmt(
        db, "INSERT INTO training_event (course, course_version, title, venue_org_unit_id, "
            "venue_path, start_date, end_date, capacity, config_id, created_at, updated_at) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?)");
    if (!st) return KAZI_ERROR;
    kazi_db_bind_keys(st, 1, e, event_keys);
    sqlite3_bind_int64(st, 10, now_ms);
    sqlite3_bind_int64(st, 11, now_ms);
    return insert_id(out, db, st, "training event");
}

#define EVENT_COLUMNS                                                                              \
    "e.id, e.course, e.course_version, e.title, e.venue_org_unit_id, e.venue_path, "               \
    "e.start_date, e.end_date, e.capacity, e.config_id, e.created_at, e.updated_at, "              \
    "(SELECT count(*) FROM enrolment n WHERE n.event_id = e.id) AS enrolled, "                     \
    "(SELECT json_group_array(person_id) FROM (SELECT person_id FROM training_trainer t "          \
    "WHERE t.event_id = e.id ORDER BY person_id)) AS trainers"

int kazi_store_event_get(json_t **out, kazi_db *db, int64_t id)
{
    sqlite3_stmt *st =
        kazi_db_stmt(db, "SELECT " EVENT_COLUMNS " FROM training_event e WHERE e.id = ?");
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, id);
    return one_row(out, db, st, "training event", "id");
}

int kazi_store_event_list(json_t **out, kazi_db *db, const char *lo, const char *hi,
                          const char *course, int limit)
{
    sqlite3_stmt *st = kazi_db_stmt(db, "SELECT " EVENT_COLUMNS
                                        " FROM training_event e WHERE e.venue_path >= ? AND "
                                        "e.venue_path < ? AND (?3 IS NULL OR e.course = ?3) "
                                        "ORDER BY e.start_date DESC, e.id DESC "
                                        "LIMIT ?4");
    if (!st) return KAZI_ERROR;
    bind_range(st, 1, lo, hi);
    kazi_db_bind_text(st, 3, course);
    sqlite3_bind_int(st, 4, limit);
    return all_rows(out, db, st, "training events");
}

int kazi_store_trainer_add(kazi_db *db, int64_t event_id, int64_t person_id)
{
    sqlite3_stmt *st = kazi_db_stmt(
        db, "INSERT OR IGNORE INTO training_trainer (event_id, person_id) VALUES (?, ?)");
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, event_id);
    sqlite3_bind_int64(st, 2, person_id);
    return kazi_db_step_done(db, st, "trainer");
}

int kazi_store_enrolment_count(int64_t *out, kazi_db *db, int64_t event_id)
{
    sqlite3_stmt *st = kazi_db_stmt(db, "SELECT count(*) FROM enrolment WHERE event_id = ?");
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, event_id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return kazi_db_fail(db, rc, "enrolment count");
    }
    *out = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return KAZI_OK;
}

int kazi_store_enrolment_insert(int64_t *out, kazi_db *db, int64_t event_id, int64_t person_id,
                                int travelled, int outside_ward, int64_t now_ms)
{
    sqlite3_stmt *st = kazi_db_stmt(
        db, "INSERT INTO enrolment (event_id, person_id, travelled, outside_ward, created_at, "
            "updated_at) VALUES (?,?,?,?,?,?)");
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, event_id);
    sqlite3_bind_int64(st, 2, person_id);
    sqlite3_bind_int(st, 3, travelled);
    sqlite3_bind_int(st, 4, outside_ward);
    sqlite3_bind_int64(st, 5, now_ms);
    sqlite3_bind_int64(st, 6, now_ms);
    int rc = insert_id(out, db, st, "enrolment");
    if (rc == KAZI_EEXISTS || rc == KAZI_EINVALID)
        return kazi_error_set(KAZI_EEXISTS, "person_id",
                              "This person is already enrolled in this event");
    return rc;
}

#define ENROLMENT_COLUMNS                                                                          \
    "n.id, n.event_id, n.person_id, p.given_name, p.family_name, n.travelled, n.outside_ward, "    \
    "n.attended, n.passed, n.score, n.completed_date, n.created_at, n.updated_at"

int kazi_store_enrolment_get(json_t **out, kazi_db *db, int64_t event_id, int64_t person_id)
{
    sqlite3_stmt *st = kazi_db_stmt(db, "SELECT " ENROLMENT_COLUMNS
                                        " FROM enrolment n JOIN person p ON p.id = n.person_id "
                                        "WHERE n.event_id = ? AND n.person_id = ?");
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, event_id);
    sqlite3_bind_int64(st, 2, person_id);
    return one_row(out, db, st, "enrolment", "person_id");
}

int kazi_store_enrolment_list(json_t **out, kazi_db *db, int64_t event_id)
{
    sqlite3_stmt *st = kazi_db_stmt(db, "SELECT " ENROLMENT_COLUMNS
                                        " FROM enrolment n JOIN person p ON p.id = n.person_id "
                                        "WHERE n.event_id = ? ORDER BY n.id");
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, event_id);
    return all_rows(out, db, st, "enrolments");
}

int kazi_store_enrolment_person_list(json_t **out, kazi_db *db, int64_t person_id)
{
    sqlite3_stmt *st = kazi_db_stmt(
        db, "SELECT " ENROLMENT_COLUMNS ", e.course, e.course_version, e.title, "
            "e.venue_org_unit_id, e.start_date, e.end_date FROM enrolment n "
            "JOIN person p ON p.id = n.person_id JOIN training_event e ON e.id = n.event_id "
            "WHERE n.person_id = ? ORDER BY e.start_date DESC, n.id DESC");
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, person_id);
    return all_rows(out, db, st, "enrolments");
}

int kazi_store_enrolment_result(kazi_db *db, int64_t event_id, int64_t person_id, const json_t *r,
                                int64_t now_ms)
{
    sqlite3_stmt *st = kazi_db_stmt(
        db, "UPDATE enrolment SET attended = ?, passed = ?, score = ?, completed_date = ?, "
            "updated_at = ? WHERE event_id = ? AND person_id = ?");
    if (!st) return KAZI_ERROR;
    static const char *const keys[] = {"attended", "passed", "score", "completed_date", NULL};
    kazi_db_bind_keys(st, 1, r, keys);
    sqlite3_bind_int64(st, 5, now_ms);
    sqlite3_bind_int64(st, 6, event_id);
    sqlite3_bind_int64(st, 7, person_id);
    return kazi_db_step_done(db, st, "enrolment result");
}

/* ---- prior learning ------------------------------------------------------------------------ */

int kazi_store_prior_insert(int64_t *out, kazi_db *db, const json_t *p, int64_t now_ms)
{
    static const char *const keys[] = {"person_id",         "kind",        "what",
                                       "evidence",          "approved_by", "approved_date",
                                       "equivalent_course", "hours",       NULL};
    sqlite3_stmt *st = kazi_db_stmt(
        db, "INSERT INTO prior_learning (person_id, kind, what, evidence, approved_by, "
            "approved_date, equivalent_course, hours, created_at) VALUES (?,?,?,?,?,?,?,?,?)");
    if (!st) return KAZI_ERROR;
    kazi_db_bind_keys(st, 1, p, keys);
    sqlite3_bind_int64(st, 9, now_ms);
    return insert_id(out, db, st, "prior learning");
}

#define PRIOR_COLUMNS                                                                              \
    "id, person_id, kind, what, evidence AS evidence_text, approved_by, approved_date, "           \
    "equivalent_course, hours, created_at"

int kazi_store_prior_get(json_t **out, kazi_db *db, int64_t id)
{
    sqlite3_stmt *st =
        kazi_db_stmt(db, "SELECT " PRIOR_COLUMNS " FROM prior_learning WHERE id = ?");
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, id);
    int rc = one_row(out, db, st, "prior learning", "id");
    if (rc == KAZI_OK) {
        json_object_set(*out, "evidence", json_object_get(*out, "evidence_text"));
        json_object_del(*out, "evidence_text");
    }
    return rc;
}

int kazi_store_prior_list(json_t **out, kazi_db *db, int64_t person_id)
{
    sqlite3_stmt *st = kazi_db_stmt(db, "SELECT " PRIOR_COLUMNS
                                        " FROM prior_learning WHERE person_id = ? ORDER BY id");
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, person_id);
    int rc = all_rows(out, db, st, "prior learning");
    if (rc == KAZI_OK) {
        size_t i;
        json_t *x;
        json_array_foreach(*out, i, x)
        {
            json_object_set(x, "evidence", json_object_get(x, "evidence_text"));
            json_object_del(x, "evidence_text");
        }
    }
    return rc;
}

/* ---- certificates --------------------------------------------------------------------------- */

int kazi_store_certificate_next_id(int64_t *out, kazi_db *db)
{
    sqlite3_stmt *st = kazi_db_stmt(db, "SELECT coalesce(max(id), 0) + 1 FROM certificate");
    if (!st) return KAZI_ERROR;
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return kazi_db_fail(db, rc, "certificate id");
    }
    *out = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return KAZI_OK;
}

int kazi_store_certificate_insert(kazi_db *db, const json_t *c, int64_t now_ms)
{
    static const char *const keys[] = {
        "id",       "number",    "person_id",       "certification", "issued_date", "expires_date",
        "evidence", "config_id", "override_reason", "renews_id",     NULL};
    sqlite3_stmt *st = kazi_db_stmt(
        db, "INSERT INTO certificate (id, number, person_id, certification, issued_date, "
            "expires_date, evidence, config_id, override_reason, renews_id, created_at, "
            "updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
    if (!st) return KAZI_ERROR;
    kazi_db_bind_keys(st, 1, c, keys);
    sqlite3_bind_int64(st, 11, now_ms);
    sqlite3_bind_int64(st, 12, now_ms);
    return kazi_db_step_done(db, st, "certificate");
}

#define CERT_COLUMNS                                                                               \
    "c.id, c.number, c.person_id, c.certification, c.issued_date, c.expires_date, c.evidence, "    \
    "c.config_id, c.override_reason, c.renews_id, c.status, c.revoked_reason, c.revoked_date, "    \
    "c.created_at, c.updated_at"

int kazi_store_certificate_get(json_t **out, kazi_db *db, int64_t id)
{
    sqlite3_stmt *st = kazi_db_stmt(db, "SELECT " CERT_COLUMNS ", p.org_path FROM certificate c "
                                        "JOIN person p ON p.id = c.person_id WHERE c.id = ?");
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, id);
    return one_row(out, db, st, "certificate", "id");
}

int kazi_store_certificate_by_number(json_t **out, kazi_db *db, const char *number)
{
    sqlite3_stmt *st = kazi_db_stmt(
        db, "SELECT " CERT_COLUMNS ", p.given_name, p.family_name, p.status AS person_status "
            "FROM certificate c JOIN person p ON p.id = c.person_id WHERE c.number = ?");
    if (!st) return KAZI_ERROR;
    kazi_db_bind_text(st, 1, number);
    return one_row(out, db, st, "certificate", "number");
}

int kazi_store_certificate_list(json_t **out, kazi_db *db, int64_t person_id)
{
    sqlite3_stmt *st = kazi_db_stmt(db, "SELECT " CERT_COLUMNS
                                        " FROM certificate c WHERE c.person_id = ? ORDER BY c.id");
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, person_id);
    return all_rows(out, db, st, "certificates");
}

int kazi_store_certificate_revoke(kazi_db *db, int64_t id, const char *reason, const char *date,
                                  int64_t now_ms)
{
    sqlite3_stmt *st = kazi_db_stmt(
        db, "UPDATE certificate SET status = 'revoked', revoked_reason = ?, revoked_date = ?, "
            "updated_at = ? WHERE id = ?");
    if (!st) return KAZI_ERROR;
    kazi_db_bind_text(st, 1, reason);
    kazi_db_bind_text(st, 2, date);
    sqlite3_bind_int64(st, 3, now_ms);
    sqlite3_bind_int64(st, 4, id);
    return kazi_db_step_done(db, st, "certificate revocation");
}

int kazi_store_certificate_expiring(json_t **out, kazi_db *db, const char *from, const char *to,
                                    const char *lo, const char *hi, int limit)
{
    sqlite3_stmt *st = kazi_db_stmt(
        db, "SELECT " CERT_COLUMNS ", p.given_name, p.family_name, p.residence_org_unit_id "
            "FROM certificate c JOIN person p ON p.id = c.person_id WHERE c.status = 'valid' "
            "AND c.expires_date >= ? AND c.expires_date <= ? AND p.org_path >= ? AND "
            "p.org_path < ? AND NOT EXISTS (SELECT 1 FROM certificate r WHERE r.renews_id = c.id "
            "AND r.status = 'valid') ORDER BY c.expires_date, c.id LIMIT ?");
    if (!st) return KAZI_ERROR;
    kazi_db_bind_text(st, 1, from);
    kazi_db_bind_text(st, 2, to);
    bind_range(st, 3, lo, hi);
    sqlite3_bind_int(st, 5, limit);
    return all_rows(out, db, st, "expiring certificates");
}

int kazi_store_certificate_refresher(json_t **out, kazi_db *db, const char *certification,
                                     const char *course, const char *lo, const char *hi, int limit)
{
    sqlite3_stmt *st = kazi_db_stmt(
        db,
        "SELECT " CERT_COLUMNS ", p.given_name, p.family_name, p.residence_org_unit_id, "
        "(SELECT max(n.completed_date) FROM enrolment n JOIN training_event e ON "
        "e.id = n.event_id WHERE n.person_id = c.person_id AND n.passed = 1 AND "
        "e.course = ?2) AS last_refresher FROM certificate c JOIN person p ON "
        "p.id = c.person_id WHERE c.status = 'valid' AND c.certification = ?1 AND "
        "p.org_path >= ?3 AND p.org_path < ?4 AND NOT EXISTS (SELECT 1 FROM certificate r "
        "WHERE r.renews_id = c.id AND r.status = 'valid') ORDER BY c.issued_date, c.id LIMIT ?5");
    if (!st) return KAZI_ERROR;
    kazi_db_bind_text(st, 1, certification);
    kazi_db_bind_text(st, 2, course);
    bind_range(st, 3, lo, hi);
    sqlite3_bind_int(st, 5, limit);
    return all_rows(out, db, st, "refreshers due");
}

/* ---- careers --------------------------------------------------------------------------------- */

int kazi_store_cadre_holders(json_t **out, kazi_db *db, const char *cadre, const char *lo,
                             const char *hi, int limit)
{
    sqlite3_stmt *st = kazi_db_stmt(
        db, "SELECT a.person_id, a.id AS assignment_id, a.position_id, p.org_path, "
            "pe.given_name, pe.family_name FROM assignment a JOIN position p ON "
            "p.id = a.position_id JOIN person pe ON pe.id = a.person_id WHERE a.end_date IS NULL "
            "AND p.cadre = ? AND p.org_path >= ? AND p.org_path < ? AND pe.status = 'active' "
            "ORDER BY a.person_id LIMIT ?");
    if (!st) return KAZI_ERROR;
    kazi_db_bind_text(st, 1, cadre);
    bind_range(st, 2, lo, hi);
    sqlite3_bind_int(st, 4, limit);
    return all_rows(out, db, st, "cadre holders");
}

int kazi_store_career_move_insert(int64_t *out, kazi_db *db, const json_t *m, int64_t now_ms)
{
    static const char *const keys[] = {"person_id",
                                       "move",
                                       "kind",
                                       "from_assignment_id",
                                       "to_assignment_id",
                                       "move_date",
                                       "config_id",
                                       "override_reason",
                                       NULL};
    sqlite3_stmt *st =
        kazi_db_stmt(db, "INSERT INTO career_move (person_id, move, kind, from_assignment_id, "
                         "to_assignment_id, move_date, config_id, override_reason, created_at) "
                         "VALUES (?,?,?,?,?,?,?,?,?)");
    if (!st) return KAZI_ERROR;
    kazi_db_bind_keys(st, 1, m, keys);
    sqlite3_bind_int64(st, 9, now_ms);
    return insert_id(out, db, st, "career move");
}

int kazi_store_career_move_list(json_t **out, kazi_db *db, int64_t person_id)
{
    sqlite3_stmt *st = kazi_db_stmt(
        db, "SELECT id, person_id, move, kind, from_assignment_id, to_assignment_id, move_date, "
            "outcome, config_id, override_reason, created_at FROM career_move WHERE person_id = ? "
            "ORDER BY id");
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, person_id);
    return all_rows(out, db, st, "career moves");
}

int kazi_store_replacement_set(kazi_db *db, int64_t position_id, const char *since,
                               int64_t career_move_id)
{
    sqlite3_stmt *st = kazi_db_stmt(
        db, "INSERT OR REPLACE INTO replacement_needed (position_id, since_date, career_move_id) "
            "VALUES (?, ?, ?)");
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, position_id);
    kazi_db_bind_text(st, 2, since);
    sqlite3_bind_int64(st, 3, career_move_id);
    return kazi_db_step_done(db, st, "replacement flag");
}

int kazi_store_replacement_get(json_t **out, kazi_db *db, int64_t position_id)
{
    sqlite3_stmt *st =
        kazi_db_stmt(db, "SELECT position_id, since_date, career_move_id FROM replacement_needed "
                         "WHERE position_id = ?");
    if (!st) return KAZI_ERROR;
    sqlite3_bind_int64(st, 1, position_id);
    return one_row(out, db, st, "replacement flag", "position_id");
}

/* ---- dossiers of many people at once ------------------------------------------------------ */

/* `ids` is a JSON array text of person ids; json_each keeps it one prepared statement
 * whatever the batch size (SQLite's JSON1; a PostgreSQL backend would use
 * unnest(?::bigint[]) here). */
int kazi_store_dossier_people(kazi_db *db, const char *ids, kazi_row_fn fn, void *ctx)
{
    sqlite3_stmt *st = kazi_db_stmt(
        db, "SELECT p.id AS person_id, p.given_name, p.family_name, p.other_names, p.sex, "
            "p.birth_date, p.education, p.status, p.custom, p.residence_org_unit_id, p.org_path "
            "FROM json_each(?) j JOIN person p ON p.id = j.value");
    if (!st) return KAZI_ERROR;
    kazi_db_bind_text(st, 1, ids);
    return kazi_db_each_row(db, st, fn, ctx, "dossier people");
}

int kazi_store_dossier_assignments(kazi_db *db, const char *ids, kazi_row_fn fn, void *ctx)
{
    sqlite3_stmt *st = kazi_db_stmt(
        db,
        "SELECT a.person_id, p.cadre, p.level, p.org_path AS org_unit, a.start_date AS \"from\", "
        "a.end_date AS \"to\", a.engagement, a.position_id, a.id AS assignment_id "
        "FROM json_each(?) j JOIN assignment a ON a.person_id = j.value "
        "JOIN position p ON p.id = a.position_id ORDER BY a.person_id, a.start_date, a.id");
    if (!st) return KAZI_ERROR;
    kazi_db_bind_text(st, 1, ids);
    return kazi_db_each_row(db, st, fn, ctx, "dossier assignments");
}

int kazi_store_dossier_courses(kazi_db *db, const char *ids, kazi_row_fn fn, void *ctx)
{
    sqlite3_stmt *st = kazi_db_stmt(
        db, "SELECT n.person_id, e.course AS id, e.course_version AS version, "
            "n.completed_date AS completed, NULL AS hours, 'training' AS source, e.id AS event_id "
            "FROM json_each(?1) j JOIN enrolment n ON n.person_id = j.value "
            "JOIN training_event e ON e.id = n.event_id WHERE n.passed = 1 "
            "UNION ALL SELECT l.person_id, l.equivalent_course, NULL, l.approved_date, l.hours, "
            "'prior_learning', NULL FROM json_each(?1) j JOIN prior_learning l "
            "ON l.person_id = j.value WHERE l.equivalent_course IS NOT NULL ORDER BY 1, 4");
    if (!st) return KAZI_ERROR;
    kazi_db_bind_text(st, 1, ids);
    return kazi_db_each_row(db, st, fn, ctx, "dossier courses");
}

int kazi_store_dossier_credentials(kazi_db *db, const char *ids, kazi_row_fn fn, void *ctx)
{
    sqlite3_stmt *st = kazi_db_stmt(
        db, "SELECT c.person_id, c.certification AS id, 'certificate' AS kind, c.number, "
            "c.issued_date AS issued, c.expires_date AS expires, NULL AS what, NULL AS hours "
            "FROM json_each(?1) j JOIN certificate c ON c.person_id = j.value "
            "WHERE c.status = 'valid' UNION ALL SELECT l.person_id, 'prior-learning', "
            "'prior_learning', NULL, l.approved_date, NULL, l.what, l.hours FROM json_each(?1) j "
            "JOIN prior_learning l ON l.person_id = j.value WHERE l.equivalent_course IS NULL "
            "ORDER BY 1, 5");
    if (!st) return KAZI_ERROR;
    kazi_db_bind_text(st, 1, ids);
    return kazi_db_each_row(db, st, fn, ctx, "dossier credentials");
}

int kazi_store_replacements(json_t **out, kazi_db *db, const char *lo, const char *hi, int limit)
{
    sqlite3_stmt *st = kazi_db_stmt(
        db, "SELECT r.position_id, r.since_date, r.career_move_id, p.title, p.cadre, p.level, "
            "p.org_unit_id, m.person_id AS promoted_person_id, m.move FROM replacement_needed r "
            "JOIN position p ON p.id = r.position_id LEFT JOIN career_move m ON "
            "m.id = r.career_move_id WHERE p.org_path >= ? AND p.org_path < ? AND NOT EXISTS "
            "(SELECT 1 FROM assignment a WHERE a.position_id = r.position_id AND a.end_date IS "
            "NULL) ORDER BY r.since_date, r.position_id LIMIT ?");
    if (!st) return KAZI_ERROR;
    bind_range(st, 1, lo, hi);
    sqlite3_bind_int(st, 3, limit);
    return all_rows(out, db, st, "replacements");
}
