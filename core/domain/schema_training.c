/*
 * schema_training — the field tables of training and careers records (see schema.h):
 * enrolments and their results, recognised prior learning, certificates (issue and
 * revocation bodies apart, since their "evidence" is a note and the record's a summary)
 * and career moves. The same rules and allow-list as every table; only the rows are
 * here, to keep schema.c about the registry.
 */
#include "domain/schema.h"

#define IN        KAZI_FIELD_INPUT
#define OUT       KAZI_FIELD_OUTPUT
#define REQ       KAZI_FIELD_REQUIRED
#define NUL       KAZI_FIELD_NULLABLE
#define PAST      KAZI_FIELD_NOT_FUTURE
#define SOMETIMES KAZI_FIELD_SOMETIMES

/* At most this many people enrolled by one request (all or nothing). */
#define MAX_ENROL 1000

static const char *const prior_kinds[] = {"training", "experience", NULL};
static const char *const certificate_statuses[] = {"valid", "revoked", NULL};
static const char *const move_kinds[] = {"vertical", "lateral", NULL};

/* An enrolment (domain/training.c): the body enrols one person or a list; the record
 * says how far the trainee travelled and, once recorded, the result. A person's
 * training history adds the event's course, title, venue and dates. */
static const kazi_field enrolment_fields[] = {
    {"id", KAZI_F_ID, OUT, 0, NULL, ""},
    {"event_id", KAZI_F_ID, OUT, 0, NULL, ""},
    {"person_id", KAZI_F_ID, IN | OUT, 0, NULL, NULL},
    {"person_ids", KAZI_F_ID_LIST, IN, MAX_ENROL, NULL, ""},
    {"given_name", KAZI_F_TEXT, OUT, 100, NULL, ""},
    {"family_name", KAZI_F_TEXT, OUT, 100, NULL, ""},
    /* the venue lies outside the trainee's home district / ward */
    {"travelled", KAZI_F_BOOL, OUT, 0, NULL, ""},
    {"outside_ward", KAZI_F_BOOL, OUT, 0, NULL, ""},
    {"attended", KAZI_F_BOOL, OUT | NUL, 0, NULL, ""},
    {"passed", KAZI_F_BOOL, OUT | NUL, 0, NULL, ""},
    {"score", KAZI_F_NUMBER, OUT | NUL, 0, NULL, ""},
    {"completed_date", KAZI_F_DATE, OUT | NUL, 0, NULL, ""},
    {"course", KAZI_F_TEXT, OUT | SOMETIMES, 80, NULL, ""},
    {"course_version", KAZI_F_TEXT, OUT | SOMETIMES, 40, NULL, ""},
    {"title", KAZI_F_TEXT, OUT | NUL | SOMETIMES, 200, NULL, ""},
    {"venue_org_unit_id", KAZI_F_ID, OUT | SOMETIMES, 0, NULL, ""},
    {"start_date", KAZI_F_DATE, OUT | SOMETIMES, 0, NULL, ""},
    {"end_date", KAZI_F_DATE, OUT | SOMETIMES, 0, NULL, ""},
    {"created_at", KAZI_F_TIMESTAMP, OUT, 0, NULL, ""},
    {"updated_at", KAZI_F_TIMESTAMP, OUT, 0, NULL, ""},
    {NULL, 0, 0, 0, NULL, NULL},
};

/* The body recording a trainee's attendance and result (the reply is the enrolment). */
static const kazi_field training_result_fields[] = {
    {"person_id", KAZI_F_ID, IN | REQ, 0, NULL, NULL},
    {"attended", KAZI_F_BOOL, IN | REQ, 0, NULL, NULL},
    {"passed", KAZI_F_BOOL, IN, 0, NULL, NULL},
    {"score", KAZI_F_NUMBER, IN, 0, NULL, NULL}, /* 0..100: domain/training.c */
    {"completion_date", KAZI_F_DATE, IN, 0, NULL, NULL},
    {NULL, 0, 0, 0, NULL, NULL},
};

/* Credit for prior learning or experience: its evidence is text (a certificate's is a
 * JSON summary). */
static const kazi_field prior_learning_fields[] = {
    {"id", KAZI_F_ID, OUT, 0, NULL, ""},
    {"person_id", KAZI_F_ID, OUT, 0, NULL, ""},
    {"kind", KAZI_F_ENUM, IN | OUT | REQ, 0, prior_kinds, NULL},
    {"what", KAZI_F_MULTILINE, IN | OUT | REQ, 500, NULL, NULL},
    {"evidence", KAZI_F_MULTILINE, IN | OUT | REQ, 1000, NULL, NULL},
    {"approved_by", KAZI_F_TEXT, IN | OUT | REQ, 200, NULL, NULL},
    {"approved_date", KAZI_F_DATE, IN | OUT | REQ, 0, NULL, NULL},
    {"equivalent_course", KAZI_F_TEXT, IN | OUT | NUL, 80, NULL, NULL},
    {"hours", KAZI_F_NUMBER, IN | OUT | NUL, 0, NULL, NULL}, /* above 0: domain/training.c */
    {"created_at", KAZI_F_TIMESTAMP, OUT, 0, NULL, ""},
    {NULL, 0, 0, 0, NULL, NULL},
};

/* A certificate. The lists of certificates expiring and of refreshers due add the
 * holder's names and residence (and the refresher's course and due date, without the
 * evidence). */
static const kazi_field certificate_fields[] = {
    {"id", KAZI_F_ID, OUT, 0, NULL, ""},
    {"number", KAZI_F_TEXT, OUT, 160, NULL, ""},
    {"person_id", KAZI_F_ID, OUT, 0, NULL, ""},
    {"certification", KAZI_F_TEXT, OUT, 80, NULL, ""},
    {"issued_date", KAZI_F_DATE, OUT, 0, NULL, ""},
    {"expires_date", KAZI_F_DATE, OUT | NUL, 0, NULL, ""},
    /* the decision and the dossier's summary when issued */
    {"evidence", KAZI_F_OBJECT, OUT | SOMETIMES, 0, NULL, ""},
    {"config_id", KAZI_F_TEXT, OUT, 0, NULL, ""},
    {"override_reason", KAZI_F_MULTILINE, OUT | NUL, 500, NULL, ""},
    {"renews_id", KAZI_F_ID, OUT | NUL, 0, NULL, ""},
    {"status", KAZI_F_ENUM, OUT, 0, certificate_statuses, ""},
    {"revoked_reason", KAZI_F_MULTILINE, OUT | NUL, 500, NULL, ""},
    {"revoked_date", KAZI_F_DATE, OUT | NUL, 0, NULL, ""},
    {"given_name", KAZI_F_TEXT, OUT | SOMETIMES, 100, NULL, ""},
    {"family_name", KAZI_F_TEXT, OUT | SOMETIMES, 100, NULL, ""},
    {"residence_org_unit_id", KAZI_F_ID, OUT | SOMETIMES, 0, NULL, ""},
    {"last_refresher", KAZI_F_DATE, OUT | NUL | SOMETIMES, 0, NULL, ""},
    {"refresher_course", KAZI_F_TEXT, OUT | SOMETIMES, 80, NULL, ""},
    {"refresher_due", KAZI_F_DATE, OUT | SOMETIMES, 0, NULL, ""},
    {"created_at", KAZI_F_TIMESTAMP, OUT, 0, NULL, ""},
    {"updated_at", KAZI_F_TIMESTAMP, OUT, 0, NULL, ""},
    {NULL, 0, 0, 0, NULL, NULL},
};

/* The body issuing a certificate: its evidence is the officer's note. */
static const kazi_field certificate_issue_fields[] = {
    {"certification", KAZI_F_TEXT, IN | REQ, 80, NULL, NULL},
    {"issued_date", KAZI_F_DATE, IN | PAST, 0, NULL, NULL},
    {"evidence", KAZI_F_MULTILINE, IN, 2000, NULL, NULL},
    {"override_reason", KAZI_F_MULTILINE, IN, 500, NULL, NULL},
    {NULL, 0, 0, 0, NULL, NULL},
};

static const kazi_field certificate_revoke_fields[] = {
    {"reason", KAZI_F_MULTILINE, IN | REQ, 500, NULL, NULL},
    {NULL, 0, 0, 0, NULL, NULL},
};

/* A recorded move of the career lattice; the body names the move, the new post and the
 * day (domain/career.c). */
static const kazi_field career_move_fields[] = {
    {"id", KAZI_F_ID, OUT, 0, NULL, ""},
    {"person_id", KAZI_F_ID, OUT, 0, NULL, ""},
    {"move", KAZI_F_TEXT, IN | OUT | REQ, 200, NULL, NULL},
    {"kind", KAZI_F_ENUM, OUT, 0, move_kinds, ""},
    {"position_id", KAZI_F_ID, IN | REQ, 0, NULL, NULL},
    {"date", KAZI_F_DATE, IN | REQ, 0, NULL, NULL},
    {"engagement", KAZI_F_TEXT, IN, 20, NULL, NULL},
    {"override_reason", KAZI_F_MULTILINE, IN | OUT | NUL, 500, NULL, NULL},
    {"from_assignment_id", KAZI_F_ID, OUT, 0, NULL, ""},
    {"to_assignment_id", KAZI_F_ID, OUT, 0, NULL, ""},
    {"move_date", KAZI_F_DATE, OUT, 0, NULL, ""},
    {"outcome", KAZI_F_TEXT, OUT, 40, NULL, ""},
    {"config_id", KAZI_F_TEXT, OUT, 0, NULL, ""},
    /* when recorded: what the rule found missing (an override) */
    {"missing", KAZI_F_LIST, OUT | SOMETIMES, 0, NULL, ""},
    {"created_at", KAZI_F_TIMESTAMP, OUT | SOMETIMES, 0, NULL, ""},
    {NULL, 0, 0, 0, NULL, NULL},
};

const kazi_schema kazi_schemas_training[] = {
    {"enrolment", enrolment_fields},
    {"training_result", training_result_fields},
    {"prior_learning", prior_learning_fields},
    {"certificate", certificate_fields},
    {"certificate_issue", certificate_issue_fields},
    {"certificate_revoke", certificate_revoke_fields},
    {"career_move", career_move_fields},
    {NULL, NULL},
};
