/*
 * schema_support — the field tables of the supervision, pay, support and monthly
 * return records (domain/supervision, domain/pay, domain/support, domain/returns):
 * what a client may send, what the API returns, and their OpenAPI schemas. The rules
 * of each kind are domain/schema's; rules across fields (an end before its start, the
 * purpose a reimbursement needs) stay with the record's module.
 * Owns: the static tables below; nothing mutable.
 * Uses: domain/schema (the kinds and flags).
 * Thread-safety: constant data.
 */
#include "domain/schema.h"

#include <stddef.h>

#define IN   KAZI_FIELD_INPUT
#define OUT  KAZI_FIELD_OUTPUT
#define REQ  KAZI_FIELD_REQUIRED
#define NUL  KAZI_FIELD_NULLABLE
#define PAST KAZI_FIELD_NOT_FUTURE

/* Notes, topics and reasons may run over several lines. */
#define NOTE_MAX 2000

static const char *const supervision_types[] = {"individual", "group", "job_sharing", "shadowing",
                                                NULL};
static const char *const session_modes[] = {"in_person", "phone", "video", "field_visit", NULL};
static const char *const payment_kinds[] = {"payment",   "stipend",       "allowance",
                                            "materials", "reimbursement", NULL};
static const char *const support_kinds[] = {"debriefing", "peer_support", "counselling", "wellness",
                                            NULL};

/* A supervisor assigned to a worker (POST /supervisions). */
const kazi_field kazi_schema_supervision_fields[] = {
    {"id", KAZI_F_ID, OUT, 0, NULL, ""},
    {"person_id", KAZI_F_ID, IN | OUT | REQ, 0, NULL, NULL},
    {"supervisor_person_id", KAZI_F_ID, IN | OUT | REQ, 0, NULL, NULL},
    {"type", KAZI_F_ENUM, IN | OUT | REQ, 0, supervision_types, NULL},
    {"start_date", KAZI_F_DATE, IN | OUT | REQ, 0, NULL, NULL},
    {"end_date", KAZI_F_DATE, IN | OUT | NUL, 0, NULL, NULL},
    {"end_reason", KAZI_F_MULTILINE, OUT | NUL, 200, NULL, NULL},
    /* the configuration whose kazi.supervision allowed it */
    {"config_source", KAZI_F_TEXT, OUT | NUL, 0, NULL, ""},
    {"created_at", KAZI_F_TIMESTAMP, OUT, 0, NULL, ""},
    {"updated_at", KAZI_F_TIMESTAMP, OUT, 0, NULL, ""},
    {NULL, 0, 0, 0, NULL, NULL},
};

/* Ending a supervision (POST /supervisions/{id}/end). */
const kazi_field kazi_schema_supervision_end_fields[] = {
    {"end_date", KAZI_F_DATE, IN | REQ, 0, NULL, NULL},
    {"reason", KAZI_F_MULTILINE, IN, 200, NULL, NULL},
    {NULL, 0, 0, 0, NULL, NULL},
};

/* A supervision session (POST /supervision-sessions); the supervisor defaults to the
 * caller's own person. */
const kazi_field kazi_schema_supervision_session_fields[] = {
    {"id", KAZI_F_ID, OUT, 0, NULL, ""},
    {"person_id", KAZI_F_ID, IN | OUT | REQ, 0, NULL, NULL},
    {"supervisor_person_id", KAZI_F_ID, IN | OUT, 0, NULL, NULL},
    {"session_date", KAZI_F_DATE, IN | OUT | REQ | PAST, 0, NULL, NULL},
    {"duration_minutes", KAZI_F_INTEGER, IN | OUT | REQ, 0, NULL, NULL},
    {"mode", KAZI_F_ENUM, IN | OUT | REQ, 0, session_modes, NULL},
    {"topics", KAZI_F_MULTILINE, IN | OUT | NUL, NOTE_MAX, NULL, NULL},
    {"follow_up", KAZI_F_MULTILINE, IN | OUT | NUL, NOTE_MAX, NULL, NULL},
    {"created_at", KAZI_F_TIMESTAMP, OUT, 0, NULL, ""},
    {NULL, 0, 0, 0, NULL, NULL},
};

/* A payment, stipend, allowance, materials or a reimbursement (POST /payments). The
 * minimum it was checked against is the store's (domain/pay). */
const kazi_field kazi_schema_payment_fields[] = {
    {"id", KAZI_F_ID, OUT, 0, NULL, ""},
    {"person_id", KAZI_F_ID, IN | OUT | REQ, 0, NULL, NULL},
    {"kind", KAZI_F_ENUM, IN | OUT | REQ, 0, payment_kinds, NULL},
    {"period", KAZI_F_TEXT, IN | OUT | REQ, 7, NULL, NULL},
    {"amount", KAZI_F_NUMBER, IN | OUT | REQ, 0, NULL, NULL},
    {"currency", KAZI_F_CURRENCY, IN | OUT | REQ, 3, NULL, NULL},
    {"purpose", KAZI_F_MULTILINE, IN | OUT | NUL, 200, NULL, NULL},
    {"funder_id", KAZI_F_ID, IN | OUT | NUL, 0, NULL, NULL},
    {"paid_on", KAZI_F_DATE, IN | OUT | NUL | PAST, 0, NULL, NULL},
    /* the month's pay so far is below the worker's minimum (null: recorded before
     * minimums were checked) */
    {"below_minimum", KAZI_F_BOOL, OUT | NUL, 0, NULL, ""},
    /* {amount, currency, period: "month"} the payment was checked against, or null */
    {"minimum", KAZI_F_OBJECT, OUT | NUL, 0, NULL, ""},
    {"created_at", KAZI_F_TIMESTAMP, OUT, 0, NULL, ""},
    {NULL, 0, 0, 0, NULL, NULL},
};

/* A support or self-care activity (POST /support-activities). */
const kazi_field kazi_schema_support_activity_fields[] = {
    {"id", KAZI_F_ID, OUT, 0, NULL, ""},
    {"person_id", KAZI_F_ID, IN | OUT | REQ, 0, NULL, NULL},
    {"kind", KAZI_F_ENUM, IN | OUT | REQ, 0, support_kinds, NULL},
    {"activity_date", KAZI_F_DATE, IN | OUT | REQ | PAST, 0, NULL, NULL},
    {"note", KAZI_F_MULTILINE, IN | OUT | NUL, NOTE_MAX, NULL, NULL},
    {"created_at", KAZI_F_TIMESTAMP, OUT, 0, NULL, ""},
    {NULL, 0, 0, 0, NULL, NULL},
};

/* A monthly return as entered (PUT /activity-returns): counts by activity id. */
const kazi_field kazi_schema_activity_return_fields[] = {
    {"person_id", KAZI_F_ID, IN | REQ, 0, NULL, NULL},
    {"period", KAZI_F_TEXT, IN | REQ, 7, NULL, NULL},
    {"counts", KAZI_F_OBJECT, IN | REQ, 0, NULL, NULL},
    {NULL, 0, 0, 0, NULL, NULL},
};

/* One count of a monthly return as stored (GET /activity-returns). */
const kazi_field kazi_schema_activity_count_fields[] = {
    {"person_id", KAZI_F_ID, OUT, 0, NULL, NULL},
    {"period", KAZI_F_TEXT, OUT, 7, NULL, NULL},
    {"activity", KAZI_F_TEXT, OUT, 0, NULL, NULL},
    {"count", KAZI_F_INTEGER, OUT, 0, NULL, NULL},
    {"updated_at", KAZI_F_TIMESTAMP, OUT, 0, NULL, ""},
    {NULL, 0, 0, 0, NULL, NULL},
};
