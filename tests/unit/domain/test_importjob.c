/* domain/importjob: an import run for a caller, now or on a thread of its own; its
 * report and rejects.csv are its principal's only, and only while that principal's
 * scope and rights still cover the job's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/importjob.h"
#include "fixture.h"
#include "store/db.h"
#include "util/error.h"

static kazi_db *db;
static int64_t village, organisation;
/* A national officer, the same user later scoped to the village, and an API token the
 * user made (a principal of its own). */
static kazi_caller alice = {
    .kind = KAZI_CALLER_USER, .user_id = 1, .name = "alice", .personal_data = 1};
static kazi_caller alice_in_village,
    alice_token = {.kind = KAZI_CALLER_TOKEN, .token_id = 1, .name = "token:1", .personal_data = 1};
static const kazi_caller bob = {
    .kind = KAZI_CALLER_USER, .user_id = 2, .name = "bob", .personal_data = 1};

static int setup(void **state)
{
    char path[128];
    if (kt_group_db(state) < 0 || kt_db_places(kt_db, &village, &organisation) < 0) return -1;
    db = kt_db;
    snprintf(path, sizeof path, "%s/kazi.db", kt_dir);
    kazi_store_set_path(path); /* a background job opens its own connection */
    alice_in_village = alice;
    alice_in_village.scope_org_unit_id = village;
    return kazi_caller_load_scope(&alice_in_village, db) < 0 ? -1 : 0;
}

static int releases;
static void count_release(void *ctx)
{
    (void)ctx;
    releases++;
}

/* A file of two good people and one without a family name. */
static const char people[] = "given_name,family_name,residence_code,identifier.national_id\n"
                             "Amina,Mushi,V1,J-%d-1\n"
                             "Juma,,V1,J-%d-2\n"
                             "Neema,Ali,V1,J-%d-3\n";

static kazi_upload upload_of(char *buf, size_t size, int seq)
{
    int n = snprintf(buf, size, people, seq, seq, seq);
    return (kazi_upload){buf, (size_t)n, count_release, NULL};
}

static int64_t field(const json_t *o, const char *key)
{
    return json_integer_value(json_object_get(o, key));
}

static int64_t wait_job(const kazi_caller *who, int seq, int partial, json_t **report)
{
    char buf[512];
    kazi_upload up = upload_of(buf, sizeof buf, seq);
    kazi_import_opts o = {.kind = KAZI_IMPORT_PEOPLE, .partial = partial};
    int64_t id;
    int rc = kazi_importjob_start(report, &id, db, who, &o, &up, KAZI_IMPORTJOB_WAIT);
    assert_int_equal(rc, partial ? KAZI_OK : KAZI_EINVALID);
    assert_true(id > 0);
    return id;
}

static void test_importjob__wait_runs_now_and_keeps_report_and_rejects(void **state)
{
    (void)state;
    json_t *report, *doc;
    releases = 0;
    int64_t id = wait_job(&alice, 1, 1, &report);
    assert_int_equal(releases, 1);
    assert_int_equal(field(report, "rows"), 3);
    assert_int_equal(field(report, "created"), 2);
    assert_int_equal(field(report, "rejected"), 1);
    const char *inline_rejects = json_string_value(json_object_get(report, "rejects_csv"));
    assert_non_null(inline_rejects);
    char *csv;
    size_t len;
    assert_int_equal(kazi_importjob_rejects(&csv, &len, &alice, id), KAZI_OK);
    assert_int_equal(len, strlen(inline_rejects));
    assert_memory_equal(csv, inline_rejects, len);
    assert_non_null(strstr(csv, ",error\r\n"));
    assert_non_null(strstr(csv, "Juma"));
    free(csv);
    assert_int_equal(kazi_importjob_get(&doc, &alice, id), KAZI_OK);
    assert_string_equal(json_string_value(json_object_get(doc, "status")), "done");
    assert_string_equal(json_string_value(json_object_get(doc, "kind")), "people");
    assert_int_equal(field(json_object_get(doc, "result"), "created"), 2);
    assert_null(json_object_get(json_object_get(doc, "result"), "rejects_csv"));
    assert_non_null(json_object_get(doc, "rejects_url"));
    json_decref(doc);
    json_decref(report);
}

static void test_importjob__a_failed_import_is_a_failed_job(void **state)
{
    (void)state;
    json_t *report, *doc;
    int64_t id = wait_job(&alice, 2, 0, &report);
    json_t *err = json_object_get(report, "error");
    assert_string_equal(json_string_value(json_object_get(err, "code")), "import_invalid");
    assert_int_equal(field(report, "created"), 0);
    assert_int_equal(kazi_importjob_get(&doc, &alice, id), KAZI_OK);
    assert_string_equal(json_string_value(json_object_get(doc, "status")), "failed");
    json_decref(doc);
    json_decref(report);
    char *csv;
    size_t len;
    assert_int_equal(kazi_importjob_rejects(&csv, &len, &alice, id), KAZI_ENOTFOUND);
}

static int64_t progress_done, progress_total;
static void on_progress(void *ctx, int64_t done, int64_t total)
{
    (void)ctx;
    progress_done = done;
    progress_total = total;
}

static void test_importjob__a_background_job_runs_on_its_own_thread(void **state)
{
    (void)state;
    char buf[512];
    kazi_upload up = upload_of(buf, sizeof buf, 3);
    kazi_import_opts o = {.kind = KAZI_IMPORT_PEOPLE, .partial = 1, .progress = on_progress};
    json_t *doc;
    int64_t id;
    releases = 0;
    progress_done = progress_total = 0;
    assert_int_equal(
        kazi_importjob_start(&doc, &id, NULL, &alice, &o, &up, KAZI_IMPORTJOB_BACKGROUND), KAZI_OK);
    assert_string_equal(json_string_value(json_object_get(doc, "status")), "running");
    assert_int_equal(field(doc, "id"), id);
    assert_true(json_is_true(json_object_get(doc, "partial")));
    json_decref(doc);
    kazi_importjob_drain();
    assert_int_equal(releases, 1);
    assert_int_equal(progress_total, 3);
    assert_int_equal(progress_done, 3);
    assert_int_equal(kazi_importjob_get(&doc, &alice, id), KAZI_OK);
    assert_string_equal(json_string_value(json_object_get(doc, "status")), "done");
    assert_int_equal(field(doc, "done"), 3);
    assert_int_equal(field(json_object_get(doc, "result"), "created"), 2);
    json_decref(doc);
}

/* The job's reads all answer "not found" to `who`. */
static void hidden_from(const kazi_caller *who, int64_t id)
{
    json_t *doc = NULL, *list;
    char *csv;
    size_t len;
    assert_int_equal(kazi_importjob_get(&doc, who, id), KAZI_ENOTFOUND);
    assert_null(doc);
    assert_int_equal(kazi_importjob_rejects(&csv, &len, who, id), KAZI_ENOTFOUND);
    assert_int_equal(kazi_importjob_list(&list, who), KAZI_OK);
    size_t i;
    json_t *j;
    json_array_foreach(list, i, j) assert_int_not_equal(field(j, "id"), id);
    json_decref(list);
}

static void test_importjob__a_job_is_its_principals_alone(void **state)
{
    (void)state;
    json_t *report;
    int64_t mine = wait_job(&alice, 4, 1, &report);
    json_decref(report);
    /* a token is not its creator, and the reverse; nor is another user */
    hidden_from(&alice_token, mine);
    hidden_from(&bob, mine);
    int64_t token_job = wait_job(&alice_token, 5, 1, &report);
    json_decref(report);
    hidden_from(&alice, token_job);
    json_t *doc;
    assert_int_equal(kazi_importjob_get(&doc, &alice_token, token_job), KAZI_OK);
    json_decref(doc);
}

static void test_importjob__a_job_hides_once_its_owner_sees_less(void **state)
{
    (void)state;
    json_t *report, *doc;
    int64_t national = wait_job(&alice, 6, 1, &report);
    json_decref(report);
    /* the same user, since scoped to a village: the national job's rows are not hers */
    hidden_from(&alice_in_village, national);
    /* nor once her role lost the right to personal data */
    kazi_caller no_personal = alice;
    no_personal.personal_data = 0;
    hidden_from(&no_personal, national);
    /* a job run in the village stays hers when she sees more */
    int64_t local = wait_job(&alice_in_village, 7, 1, &report);
    json_decref(report);
    assert_int_equal(kazi_importjob_get(&doc, &alice_in_village, local), KAZI_OK);
    json_decref(doc);
    assert_int_equal(kazi_importjob_get(&doc, &alice, local), KAZI_OK);
    json_decref(doc);
}

static void test_importjob__list_is_the_callers_newest_first(void **state)
{
    (void)state;
    json_t *report, *list;
    int64_t a = wait_job(&bob, 8, 1, &report);
    json_decref(report);
    int64_t b = wait_job(&bob, 9, 1, &report);
    json_decref(report);
    assert_int_equal(kazi_importjob_list(&list, &bob), KAZI_OK);
    assert_int_equal(json_array_size(list), 2);
    assert_int_equal(field(json_array_get(list, 0), "id"), b);
    assert_int_equal(field(json_array_get(list, 1), "id"), a);
    json_decref(list);
}

/* The table keeps KAZI_IMPORTJOB_KEEP jobs: a new one replaces the oldest finished. */
static void test_importjob__finished_jobs_make_room(void **state)
{
    (void)state;
    json_t *report, *doc;
    int64_t first = wait_job(&bob, 10, 1, &report), last = 0;
    json_decref(report);
    for (int i = 0; i < KAZI_IMPORTJOB_KEEP; i++) {
        last = wait_job(&bob, 11 + i, 1, &report);
        json_decref(report);
    }
    assert_int_equal(kazi_importjob_get(&doc, &bob, first), KAZI_ENOTFOUND);
    assert_int_equal(kazi_importjob_get(&doc, &bob, last), KAZI_OK);
    json_decref(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_importjob__wait_runs_now_and_keeps_report_and_rejects),
        cmocka_unit_test(test_importjob__a_failed_import_is_a_failed_job),
        cmocka_unit_test(test_importjob__a_background_job_runs_on_its_own_thread),
        cmocka_unit_test(test_importjob__a_job_is_its_principals_alone),
        cmocka_unit_test(test_importjob__a_job_hides_once_its_owner_sees_less),
        cmocka_unit_test(test_importjob__list_is_the_callers_newest_first),
        cmocka_unit_test(test_importjob__finished_jobs_make_room),
    };
    return cmocka_run_group_tests(tests, setup, kt_group_db_close);
}
