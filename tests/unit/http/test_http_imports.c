/* http/imports: the import routes in process (tests/unit/support/inproc.h: the real
 * access layer, no socket). Each handler parses the request, makes one domain call
 * (domain/importjob) and replies: an upload answered with its report (?wait=true) or
 * as a job to poll (202 + Location), the caller's list of jobs, and another user's job
 * reading like none. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "domain/importjob.h"
#include "inproc.h"

static kt_client admin, hr;

static kt_resp csv_call(const kt_client *c, const char *method, const char *target, const char *csv)
{
    char cookie[256], csrf[128];
    snprintf(cookie, sizeof cookie, "Cookie: kazi_session=%s", c->cookie);
    snprintf(csrf, sizeof csrf, "X-CSRF-Token: %s", c->csrf);
    const char *headers[] = {cookie, csrf, "Content-Type: text/csv", NULL};
    return kt_request(method, target, csv, headers);
}

static int setup(void **state)
{
    (void)state;
    if (kt_server_start("tanzania", 0) < 0 || kt_login(&admin, KT_ADMIN, KT_PASSWORD) != 200 ||
        kt_user(&hr, "neema", "national_hr_officer", 0) != 200)
        return -1;
    kt_resp r = csv_call(&admin, "POST", "/api/v1/org-units/import",
                         "code,name,parent_code,level\nTZ,Tanzania,,country\n");
    int ok = r.status == 200 || r.status == 201;
    kt_resp_free(&r);
    return ok ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    kazi_importjob_drain();
    kt_server_stop();
    return 0;
}

static const char *field_of(const kt_resp *r)
{
    const char *f = json_string_value(json_object_get(json_object_get(r->json, "error"), "field"));
    return f ? f : "";
}

static long long num(const json_t *o, const char *key)
{
    return (long long)json_integer_value(json_object_get(o, key));
}

static void test_imports__wait_answers_with_the_report(void **state)
{
    (void)state;
    kt_resp r = csv_call(&hr, "POST", "/api/v1/imports?kind=people&wait=true",
                         "given_name,family_name,residence_code,identifier.national_id\n"
                         "Amina,Mushi,TZ,H-1\n");
    assert_int_equal(r.status, 200);
    assert_int_equal(num(r.json, "created"), 1);
    kt_resp_free(&r);
    /* a file with a bad row: the report with its error, and nothing kept */
    r = csv_call(&hr, "POST", "/api/v1/imports?kind=people&wait=true",
                 "given_name,family_name,residence_code\nJuma,,TZ\n");
    assert_int_equal(r.status, 422);
    assert_int_equal(num(r.json, "rejected"), 1);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(r.json, "error"), "code")),
        "import_invalid");
    kt_resp_free(&r);
}

static void test_imports__a_job_is_polled_and_is_its_users_alone(void **state)
{
    (void)state;
    kt_resp r = csv_call(&hr, "POST", "/api/v1/imports?kind=people&partial=true",
                         "given_name,family_name,residence_code,identifier.national_id\n"
                         "Neema,Ali,TZ,H-2\n"
                         "Baraka,,TZ,H-3\n");
    assert_int_equal(r.status, 202);
    long long id = num(r.json, "id");
    char want[96], path[96];
    snprintf(want, sizeof want, "Location: /api/v1/imports/%lld\r\n", id);
    assert_non_null(strstr(r.headers, want));
    kt_resp_free(&r);
    kazi_importjob_drain(); /* the job's thread has returned */
    snprintf(path, sizeof path, "/api/v1/imports/%lld", id);
    r = kt_call(&hr, "GET", path, NULL);
    assert_int_equal(r.status, 200);
    assert_string_equal(json_string_value(json_object_get(r.json, "status")), "done");
    assert_int_equal(num(json_object_get(r.json, "result"), "created"), 1);
    char rejects[96];
    const char *url = json_string_value(json_object_get(r.json, "rejects_url"));
    assert_non_null(url);
    snprintf(rejects, sizeof rejects, "%s", url);
    kt_resp rej = kt_call(&hr, "GET", rejects, NULL);
    assert_int_equal(rej.status, 200);
    assert_non_null(strstr(rej.content_type, "text/csv"));
    assert_non_null(strstr(rej.body, "Baraka,,TZ,H-3,"));
    kt_resp_free(&rej);
    kt_resp_free(&r);

    r = kt_call(&hr, "GET", "/api/v1/imports", NULL);
    assert_int_equal(r.status, 200);
    assert_int_equal(num(json_array_get(json_object_get(r.json, "imports"), 0), "id"), id);
    kt_resp_free(&r);

    /* the administrator is another principal: the job is not there for them */
    r = kt_call(&admin, "GET", path, NULL);
    assert_int_equal(r.status, 404);
    kt_resp_free(&r);
    r = kt_call(&admin, "GET", rejects, NULL);
    assert_int_equal(r.status, 404);
    assert_null(strstr(r.body, "Baraka"));
    kt_resp_free(&r);
    r = kt_call(&admin, "GET", "/api/v1/imports", NULL);
    assert_int_equal(r.status, 200);
    size_t i;
    json_t *j;
    json_array_foreach(json_object_get(r.json, "imports"), i, j)
        assert_int_not_equal(num(j, "id"), id);
    kt_resp_free(&r);
}

static void test_imports__bad_requests_name_their_field(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"/api/v1/imports?kind=planets", "kind"},
        {"/api/v1/imports", "kind"},
        {"/api/v1/imports?kind=people&partial=maybe", "partial"},
        {"/api/v1/imports?kind=people&wait=1", "wait"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kt_resp r = csv_call(&hr, "POST", cases[i][0], "given_name\nA\n");
        assert_int_equal(r.status, 422);
        assert_string_equal(field_of(&r), cases[i][1]);
        kt_resp_free(&r);
    }
    kt_resp r = csv_call(&hr, "POST", "/api/v1/imports?kind=people", "");
    assert_int_equal(r.status, 422);
    assert_string_equal(field_of(&r), "body");
    kt_resp_free(&r);
    r = kt_call(&hr, "GET", "/api/v1/imports/not-a-number", NULL);
    assert_int_equal(r.status, 404);
    kt_resp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_imports__wait_answers_with_the_report),
        cmocka_unit_test(test_imports__a_job_is_polled_and_is_its_users_alone),
        cmocka_unit_test(test_imports__bad_requests_name_their_field),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
