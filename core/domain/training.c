#include "domain/training.h"

#include <stdio.h>
#include <string.h>

#include "domain/audit.h"
#include "domain/figures.h"
#include "domain/schema.h"
#include "domain/words.h"
#include "lua/runtime.h"
#include "store/registry.h"
#include "store/training.h"
#include "util/clock.h"
#include "util/error.h"

int kazi_training_audit(kazi_db *db, const kazi_caller *actor, const char *action, const char *type,
                        int64_t id, const json_t *before, const json_t *after)
{
    kazi_audit_ctx ctx;
    kazi_caller_audit(&ctx, actor);
    char idbuf[32];
    snprintf(idbuf, sizeof idbuf, "%lld", (long long)id);
    return kazi_audit_append(db, &ctx, action, type, idbuf, before, after);
}

int kazi_training_declared(json_t **out, char *source, const char *kind, const char *id,
                           const char *field)
{
    kazi_lua_gen *g = kazi_lua_current();
    if (!g) return kazi_error_set(KAZI_EINVALID, field, "No configuration is active");
    const json_t *x = kazi_lua_gen_find(g, kind, id);
    int rc = KAZI_OK;
    if (x) {
        *out = json_deep_copy(x);
        if (source) snprintf(source, 128, "%s", kazi_lua_gen_source_id(g));
    } else {
        rc =
            !strcmp(kind, "courses")
                ? kazi_error_set(KAZI_EINVALID, field,
                                 "The configuration declares no course \"%s\"", id ? id : "")
            : !strcmp(kind, "certifications")
                ? kazi_error_set(KAZI_EINVALID, field,
                                 "The configuration declares no certification \"%s\"", id ? id : "")
                : kazi_error_set(KAZI_EINVALID, field, "The configuration declares no \"%s\"",
                                 id ? id : "");
    }
    kazi_lua_gen_unref(g);
    return rc;
}

int kazi_training_person(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t id,
                         const char *field)
{
    json_t *p;
    int rc = kazi_store_person_get(&p, db, id);
    if (rc == KAZI_ENOTFOUND) return kazi_error_set(rc, field, "no such person");
    if (rc < 0) return rc;
    if (kazi_caller_check_path(actor, json_string_value(json_object_get(p, "org_path")), "person") <
        0) {
        json_decref(p);
        return kazi_error_set(KAZI_ENOTFOUND, field, "no such person");
    }
    *out = p;
    return KAZI_OK;
}

/* The output allow-list of `entity` (domain/schema_training.c) on a record or a list. */
static void output(const char *entity, json_t *v)
{
    kazi_schema_output(kazi_schema_of(entity), v);
}

static const char *version_of(const json_t *course)
{
    const json_t *v = json_object_get(course, "version");
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* ---- events ---------------------------------------------------------------------------- */

int kazi_training_event_create(json_t **out, kazi_db *db, const kazi_caller *actor,
                               const json_t *in)
{
    const char *course, *version = NULL, *title = NULL, *start, *end;
    int64_t venue, capacity, id;
    json_t *decl = NULL, *row = NULL, *after = NULL;
    char venue_path[KAZI_PATH_MAX], source[128];
    int rc;
    /* The field table (domain/schema.c): names, the text and date rules, ids. */
    if ((rc = kazi_schema_check(kazi_schema_of("training_event"), in, KAZI_SCHEMA_CREATE)) < 0)
        return rc;
    course = json_string_value(json_object_get(in, "course"));
    version = json_string_value(json_object_get(in, "course_version"));
    title = json_string_value(json_object_get(in, "title"));
    venue = json_integer_value(json_object_get(in, "venue_org_unit_id"));
    start = json_string_value(json_object_get(in, "start_date"));
    end = json_string_value(json_object_get(in, "end_date"));
    if (strcmp(end, start) < 0)
        return kazi_error_set(KAZI_EINVALID, "end_date", "The end date is before the start date");
    if ((rc = kazi_json_int(&capacity, in, "capacity", 1, 1, 10000)) < 0) return rc;
    json_t *trainers = json_object_get(in, "trainer_ids");
    if (trainers && !json_is_null(trainers) &&
        (!json_is_array(trainers) || json_array_size(trainers) > 50))
        return kazi_error_set(KAZI_EINVALID, "trainer_ids",
                              "The trainers must be a list of at most 50 people");
    if ((rc = kazi_training_declared(&decl, source, "courses", course, "course")) < 0) return rc;
    const char *declared = version_of(decl);
    if (version && declared && strcmp(version, declared)) {
        char name[200];
        rc = kazi_error_set(KAZI_EINVALID, "course_version",
                            "The configuration declares version %s of the course %s", declared,
                            kazi_words_name(name, sizeof name, "courses", course));
        goto done;
    }
    if (!version) version = declared ? declared : "1";
    if ((rc = kazi_store_org_unit_path(venue_path, db, venue, "venue_org_unit_id")) < 0 ||
        (rc = kazi_caller_check_path(actor, venue_path, "org unit")) < 0) {
        rc = kazi_error_set(KAZI_EINVALID, "venue_org_unit_id",
                            "The venue is not an org unit you can see");
        goto done;
    }
    if ((rc = kazi_db_begin(db)) < 0) goto done;
    row = json_pack("{s:s,s:s,s:s?,s:I,s:s,s:s,s:s,s:I,s:s}", "course", course, "course_version",
                    version, "title", title, "venue_org_unit_id", (json_int_t)venue, "venue_path",
                    venue_path, "start_date", start, "end_date", end, "capacity",
                    (json_int_t)capacity, "config_id", source);
    if ((rc = kazi_store_event_insert(&id, db, row, kazi_clock_now_ms())) < 0) goto rollback;
    size_t i;
    json_t *t;
    json_array_foreach(trainers, i, t)
    {
        json_t *p;
        /* Visible to the caller, like every person (an id elsewhere is no person). */
        if (!json_is_integer(t) ||
            kazi_training_person(&p, db, actor, json_integer_value(t), "trainer_ids") < 0) {
            rc = kazi_error_set(KAZI_EINVALID, "trainer_ids",
                                "Trainer %zu is not a person in the register", i + 1);
            goto rollback;
        }
        json_decref(p);
        if ((rc = kazi_store_trainer_add(db, id, json_integer_value(t))) < 0) goto rollback;
    }
    if ((rc = kazi_store_event_get(&after, db, id)) < 0) goto rollback;
    if ((rc = kazi_training_audit(db, actor, "training_event.create", "training_event", id, NULL,
                                  after)) < 0)
        goto rollback;
rollback: /* or commit: kazi_db_end decides by rc */
    if ((rc = kazi_db_end(db, rc)) < 0) goto done;
    output("training_event", after);
    *out = after;
    after = NULL;
done:
    json_decref(decl);
    json_decref(row);
    json_decref(after);
    return rc;
}

static int event_visible(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t id)
{
    json_t *e;
    int rc = kazi_store_event_get(&e, db, id);
    if (rc < 0) return rc;
    if (kazi_caller_check_path(actor, json_string_value(json_object_get(e, "venue_path")),
                               "training event") < 0) {
        json_decref(e);
        return kazi_error_set(KAZI_ENOTFOUND, "id", "no such training event");
    }
    *out = e;
    return KAZI_OK;
}

int kazi_training_event_get(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t id)
{
    int rc = event_visible(out, db, actor, id);
    if (rc == KAZI_OK) output("training_event", *out);
    return rc;
}

int kazi_training_event_list(json_t **out, kazi_db *db, const kazi_caller *actor,
                             const char *course, int limit)
{
    const char *lo = NULL, *hip = NULL;
    if (!kazi_caller_is_national(actor)) kazi_caller_scope_range(actor, &lo, &hip);
    int rc = kazi_store_event_list(out, db, lo, hip, course, limit);
    if (rc == KAZI_OK) output("training_event", *out);
    return rc;
}

/* The first `depth` segments of a materialised path ("/1/4/27/310/", 3 → "/1/4/27/"). */
static void ancestor(char *out, size_t size, const char *path, int depth)
{
    snprintf(out, size, "%s", path ? path : "");
    int seen = 0;
    for (size_t i = 1; out[i]; i++)
        if (out[i] == '/' && ++seen == depth) {
            out[i + 1] = 0;
            return;
        }
}

static int enrol_one(json_t *items, kazi_db *db, const kazi_caller *actor, const json_t *event,
                     int64_t pid, const char *field)
{
    json_t *p = NULL, *row = NULL;
    int64_t id;
    int rc = kazi_training_person(&p, db, actor, pid, field);
    if (rc < 0) {
        return kazi_error_set(KAZI_EINVALID, field, "There is no such person in the register");
    }
    if (strcmp(json_string_value(json_object_get(p, "status")), "active")) {
        char who[200];
        rc = kazi_error_set(KAZI_EINVALID, field, "%s is not active in the register",
                            kazi_words_person(who, sizeof who, p));
        goto done;
    }
    const char *home = json_string_value(json_object_get(p, "org_path"));
    const char *venue = json_string_value(json_object_get(event, "venue_path"));
    /* The home ward and district as retention counts them (a path's depth is its level's
     * index + 1: "/1/" is the top): Tanzania's ward and district council, Savane's
     * commune and departement. */
    kazi_lua_gen *g = kazi_lua_current();
    int ward_depth = kazi_figures_ward_level(g ? kazi_lua_gen_catalogue(g) : NULL) + 1;
    kazi_lua_gen_unref(g);
    char district[KAZI_PATH_MAX], ward[KAZI_PATH_MAX];
    ancestor(district, sizeof district, home, ward_depth - 1);
    ancestor(ward, sizeof ward, home, ward_depth);
    int travelled = strncmp(venue, district, strlen(district)) != 0;
    int outside_ward = strncmp(venue, ward, strlen(ward)) != 0;
    int64_t eid = json_integer_value(json_object_get(event, "id"));
    if ((rc = kazi_store_enrolment_insert(&id, db, eid, pid, travelled, outside_ward,
                                          kazi_clock_now_ms())) < 0) {
        if (rc == KAZI_EEXISTS) {
            char who[200];
            rc = kazi_error_set(KAZI_EEXISTS, field, "%s is already enrolled in this event",
                                kazi_words_person(who, sizeof who, p));
        }
        goto done;
    }
    if ((rc = kazi_store_enrolment_get(&row, db, eid, pid)) < 0) goto done;
    output("enrolment", row);
    if ((rc = kazi_training_audit(db, actor, "enrolment.create", "training_event", eid, NULL,
                                  row)) < 0 ||
        (rc = kazi_training_audit(db, actor, "enrolment.create", "person", pid, NULL, row)) < 0)
        goto done;
    json_array_append(items, row);
done:
    json_decref(p);
    json_decref(row);
    return rc;
}

int kazi_training_enrol(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t event_id,
                        const json_t *in)
{
    json_t *event = NULL, *items = NULL;
    int64_t count;
    int rc = event_visible(&event, db, actor, event_id);
    if (rc < 0) return rc;
    /* The field table (domain/schema_training.c): names, ids, the most in one list. */
    if ((rc = kazi_schema_check(kazi_schema_of("enrolment"), in, KAZI_SCHEMA_CREATE)) < 0)
        goto done;
    json_t *many = json_object_get(in, "person_ids"), *single = json_object_get(in, "person_id");
    if (json_is_null(many)) many = NULL;
    if (json_is_null(single)) single = NULL;
    if (many && single) { /* one of them would be left unused */
        rc = kazi_error_set(KAZI_EINVALID, "person_ids", "Give one trainee or a list, not both");
        goto done;
    }
    if (!many && !single) {
        rc = kazi_error_set(KAZI_EINVALID, "person_id", "Choose the trainee (or trainees)");
        goto done;
    }
    if (many && !json_array_size(many)) {
        rc = kazi_error_set(KAZI_EINVALID, "person_ids", "Choose at least one trainee");
        goto done;
    }
    int64_t one = single ? json_integer_value(single) : 0;
    size_t n = many ? json_array_size(many) : 1;
    if ((rc = kazi_db_begin(db)) < 0) goto done;
    if ((rc = kazi_store_enrolment_count(&count, db, event_id)) < 0) goto rollback;
    int64_t capacity = json_integer_value(json_object_get(event, "capacity"));
    if (count + (int64_t)n > capacity) {
        rc = kazi_error_set(KAZI_ECONFLICT, "capacity",
                            "the event has %lld places and %lld are taken: %zu more do not fit",
                            (long long)capacity, (long long)count, n);
        goto rollback;
    }
    items = json_array();
    for (size_t i = 0; i < n; i++) {
        int64_t pid = many ? json_integer_value(json_array_get(many, i)) : one;
        char field[40];
        if (many)
            snprintf(field, sizeof field, "person_ids");
        else
            snprintf(field, sizeof field, "person_id");
        if ((rc = enrol_one(items, db, actor, event, pid, field)) < 0) goto rollback;
    }
rollback: /* or commit: kazi_db_end decides by rc */
    if ((rc = kazi_db_end(db, rc)) < 0) goto done;
    *out = json_pack("{s:O}", "items", items);
done:
    json_decref(event);
    json_decref(items);
    return rc;
}

int kazi_training_enrolments(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t event_id)
{
    json_t *event;
    int rc = event_visible(&event, db, actor, event_id);
    if (rc < 0) return rc;
    json_decref(event);
    json_t *items;
    if ((rc = kazi_store_enrolment_list(&items, db, event_id)) < 0) return rc;
    output("enrolment", items);
    /* which levels travelled and outside_ward were counted by, for the screen's words */
    kazi_lua_gen *g = kazi_lua_current();
    *out = json_pack("{s:o,s:o}", "items", items, "home_levels",
                     kazi_figures_home_levels(g ? kazi_lua_gen_catalogue(g) : NULL));
    kazi_lua_gen_unref(g);
    return KAZI_OK;
}

int kazi_training_result(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t event_id,
                         const json_t *in)
{
    json_t *event = NULL, *before = NULL, *after = NULL, *row = NULL;
    int rc = event_visible(&event, db, actor, event_id);
    if (rc < 0) return rc;
    /* The field table (domain/schema_training.c): names, id, booleans, number, date. */
    if ((rc = kazi_schema_check(kazi_schema_of("training_result"), in, KAZI_SCHEMA_CREATE)) < 0)
        goto done;
    int64_t pid = json_integer_value(json_object_get(in, "person_id"));
    int attended = json_is_true(json_object_get(in, "attended"));
    int passed = json_is_true(json_object_get(in, "passed"));
    const char *date = json_string_value(json_object_get(in, "completion_date"));
    json_t *score = json_object_get(in, "score");
    if (score && !json_is_null(score) && json_number_value(score) > 100) {
        rc = kazi_error_set(KAZI_EINVALID, "score", "The score must be a number from 0 to 100");
        goto done;
    }
    if (passed && !attended) {
        rc = kazi_error_set(KAZI_EINVALID, "passed", "a trainee who did not attend cannot pass");
        goto done;
    }
    if (date && !passed) { /* it would not be kept */
        rc = kazi_error_set(KAZI_EINVALID, "completion_date",
                            "The completion date is recorded only for a trainee who passed");
        goto done;
    }
    if (passed && !date) {
        rc = kazi_error_set(KAZI_EINVALID, "completion_date",
                            "The completion date is required when the trainee passed");
        goto done;
    }
    if (date && strcmp(date, json_string_value(json_object_get(event, "start_date"))) < 0) {
        rc = kazi_error_set(KAZI_EINVALID, "completion_date",
                            "The completion date is before the event started");
        goto done;
    }
    if ((rc = kazi_db_begin(db)) < 0) goto done;
    if ((rc = kazi_store_enrolment_get(&before, db, event_id, pid)) < 0) {
        rc =
            kazi_error_set(KAZI_EINVALID, "person_id", "This person is not enrolled in this event");
        goto rollback;
    }
    row = json_pack("{s:b,s:b,s:O?,s:s?}", "attended", attended, "passed", passed, "score", score,
                    "completed_date", passed ? date : NULL);
    if ((rc = kazi_store_enrolment_result(db, event_id, pid, row, kazi_clock_now_ms())) < 0)
        goto rollback;
    if ((rc = kazi_store_enrolment_get(&after, db, event_id, pid)) < 0) goto rollback;
    output("enrolment", after);
    if ((rc = kazi_training_audit(db, actor, "enrolment.result", "training_event", event_id, before,
                                  after)) < 0 ||
        (rc = kazi_training_audit(db, actor, "enrolment.result", "person", pid, before, after)) < 0)
        goto rollback;
rollback: /* or commit: kazi_db_end decides by rc */
    if ((rc = kazi_db_end(db, rc)) < 0) goto done;
    *out = after;
    after = NULL;
done:
    json_decref(event);
    json_decref(before);
    json_decref(after);
    json_decref(row);
    return rc;
}

/* ---- prior learning ------------------------------------------------------------------------ */

int kazi_training_prior_add(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t person_id,
                            const json_t *in)
{
    json_t *p = NULL, *decl = NULL, *row = NULL, *after = NULL;
    int64_t id;
    int rc = kazi_training_person(&p, db, actor, person_id, "id");
    if (rc < 0) return rc;
    /* The field table (domain/schema_training.c): names, kinds, text lengths, dates. */
    if ((rc = kazi_schema_check(kazi_schema_of("prior_learning"), in, KAZI_SCHEMA_CREATE)) < 0)
        goto done;
    const char *kind = json_string_value(json_object_get(in, "kind"));
    const char *what = json_string_value(json_object_get(in, "what"));
    const char *evidence = json_string_value(json_object_get(in, "evidence"));
    const char *by = json_string_value(json_object_get(in, "approved_by"));
    const char *date = json_string_value(json_object_get(in, "approved_date"));
    const char *course = json_string_value(json_object_get(in, "equivalent_course"));
    if (course && !*course) course = NULL;
    json_t *hours = json_object_get(in, "hours");
    if (hours && !json_is_null(hours) &&
        (json_number_value(hours) <= 0 || json_number_value(hours) > 100000)) {
        rc = kazi_error_set(KAZI_EINVALID, "hours", "The hours must be a number above 0");
        goto done;
    }
    if (!course && (!hours || json_is_null(hours))) {
        rc = kazi_error_set(KAZI_EINVALID, "equivalent_course",
                            "give the equivalent course or the hours credited");
        goto done;
    }
    if (course &&
        (rc = kazi_training_declared(&decl, NULL, "courses", course, "equivalent_course")) < 0)
        goto done;
    row = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s?,s:O?}", "person_id", (json_int_t)person_id,
                    "kind", kind, "what", what, "evidence", evidence, "approved_by", by,
                    "approved_date", date, "equivalent_course", course, "hours", hours);
    if ((rc = kazi_db_begin(db)) < 0) goto done;
    if ((rc = kazi_store_prior_insert(&id, db, row, kazi_clock_now_ms())) >= 0 &&
        (rc = kazi_store_prior_get(&after, db, id)) >= 0) {
        output("prior_learning", after);
        rc = kazi_training_audit(db, actor, "prior_learning.create", "person", person_id, NULL,
                                 after);
    }
    if ((rc = kazi_db_end(db, rc)) < 0) goto done;
    *out = after;
    after = NULL;
done:
    json_decref(p);
    json_decref(decl);
    json_decref(row);
    json_decref(after);
    return rc;
}

int kazi_training_person_enrolments(json_t **out, kazi_db *db, const kazi_caller *actor,
                                    int64_t person_id)
{
    json_t *p = NULL;
    int rc = kazi_training_person(&p, db, actor, person_id, "id");
    if (rc < 0) return rc;
    json_decref(p);
    if ((rc = kazi_store_enrolment_person_list(out, db, person_id)) == KAZI_OK)
        output("enrolment", *out);
    return rc;
}

int kazi_training_prior_list(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t person_id)
{
    json_t *p = NULL;
    int rc = kazi_training_person(&p, db, actor, person_id, "id");
    if (rc < 0) return rc;
    json_decref(p);
    if ((rc = kazi_store_prior_list(out, db, person_id)) == KAZI_OK) output("prior_learning", *out);
    return rc;
}
