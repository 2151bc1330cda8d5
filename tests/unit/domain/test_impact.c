/* domain/impact through the API in process: before a candidate configuration goes live,
 * the preview says who would gain or lose each certification, names them, keeps a rule
 * that fails for one worker with that worker (the others still count), and stores
 * nothing. Under the Tanzanian configuration with two active workers:
 *   P1 Amina (swa since 2020), P2 Baraka (swa since 2025).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/install.h"
#include "inproc.h"
#include "store/db.h"
#include "store/internal.h"
#include "util/error.h"

static kt_client admin;

static const char register_sql[] =
    "INSERT INTO org_unit(id, code, name, parent_id, depth, level_id, path, created_at, "
    "updated_at) VALUES (1, 'TZ', 'Tanzania', NULL, 0, 'country', '/1/', 1, 1), "
    "(2, 'W', 'Ward', 1, 1, 'region', '/1/2/', 1, 1);"
    "INSERT INTO organisation(id, code, name, kind, org_unit_id, created_at, updated_at) "
    "VALUES (1, 'GOV', 'Government', 'government', 1, 1, 1);"
    "INSERT INTO person(id, given_name, family_name, name_key, given_key, "
    "residence_org_unit_id, org_path, created_at, updated_at) VALUES "
    "(1, 'Amina', 'A', 'a', 'amina', 2, '/1/2/', 1, 1), "
    "(2, 'Baraka', 'B', 'b', 'baraka', 2, '/1/2/', 1, 1);"
    "INSERT INTO position(id, title, org_unit_id, org_path, organisation_id, cadre, level, "
    "created_at, updated_at) VALUES (1, 'SWA 1', 2, '/1/2/', 1, 'swa', '3', 1, 1), "
    "(2, 'SWA 2', 2, '/1/2/', 1, 'swa', '3', 1, 1);"
    "INSERT INTO assignment(person_id, position_id, start_date, end_date, engagement, "
    "end_reason, created_at, updated_at) VALUES "
    "(1, 1, '2020-01-01', NULL, 'salaried', NULL, 1, 1), "
    "(2, 2, '2025-06-01', NULL, 'salaried', NULL, 1, 1);";

static int setup(void **state)
{
    (void)state;
    return kt_server_start_with("tanzania", register_sql, &admin);
}

static int teardown(void **state)
{
    (void)state;
    kt_server_stop();
    return 0;
}

/* Propose `file` with `text` on top of main; the new commit into out. */
static void propose(char out[41], const char *file, const char *text)
{
    kt_resp r = kt_callf(&admin, "POST", "/api/v1/config/versions", "{s:s,s:{s:s}}", "message",
                         "candidate", "files", file, text);
    if (r.status != 201) fail_msg("propose: %d %s", r.status, kt_error(&r));
    snprintf(out, 41, "%s", json_string_value(json_object_get(r.json, "commit")));
    kt_resp_free(&r);
}

static json_t *entry(json_t *arr, const char *id)
{
    size_t i;
    json_t *v;
    json_array_foreach(arr, i,
                       v) if (!strcmp(json_string_value(json_object_get(v, "id")), id)) return v;
    return NULL;
}

static void test_impact__gain_errors_and_names(void **state)
{
    (void)state;
    char commit[41], target[200];
    propose(commit, "impact-probe.lua",
            "kazi.certification { id = 'probe-cert', name = 'Probe',\n"
            "  rule = function(d)\n"
            "    if d.person.given_name == 'Baraka' then error('no dossier for Baraka') end\n"
            "    return true\n"
            "  end }\n");
    snprintf(target, sizeof target, "/api/v1/config/versions/%s/impact", commit);
    kt_resp r = kt_call(&admin, "POST", target, NULL);
    if (r.status != 200) fail_msg("impact: %d %s", r.status, kt_error(&r));
    assert_string_equal(json_string_value(json_object_get(r.json, "candidate")), commit);
    assert_int_equal(json_integer_value(json_object_get(r.json, "workers")), 2);
    json_t *c = entry(json_object_get(r.json, "certifications"), "probe-cert");
    assert_non_null(c);
    assert_string_equal(json_string_value(json_object_get(c, "status")), "added");
    assert_int_equal(json_integer_value(json_object_get(c, "gain")), 1);
    assert_int_equal(json_integer_value(json_object_get(c, "lose")), 0);
    assert_int_equal(json_integer_value(json_object_get(c, "errors")), 1);
    json_t *gained = json_array_get(json_object_get(c, "gain_sample"), 0);
    assert_int_equal(json_integer_value(json_object_get(gained, "person_id")), 1);
    assert_non_null(strstr(json_string_value(json_object_get(gained, "name")), "Amina"));
    json_t *err = json_array_get(json_object_get(c, "error_sample"), 0);
    assert_int_equal(json_integer_value(json_object_get(err, "person_id")), 2);
    assert_string_equal(json_string_value(json_object_get(err, "version")), "candidate");
    assert_string_equal(json_string_value(json_object_get(err, "file")), "impact-probe.lua");
    assert_int_equal(json_integer_value(json_object_get(err, "line")), 3);
    assert_non_null(strstr(json_string_value(json_object_get(err, "message")), "no dossier"));
    /* the live rules are all "kept" with nobody gaining or losing */
    size_t i;
    json_t *m;
    json_array_foreach(json_object_get(r.json, "moves"), i, m)
    {
        assert_string_equal(json_string_value(json_object_get(m, "status")), "kept");
        assert_int_equal(json_integer_value(json_object_get(m, "gain")), 0);
        assert_int_equal(json_integer_value(json_object_get(m, "lose")), 0);
    }
    kt_resp_free(&r);

    /* nothing stored: live is unchanged and the certification is not served */
    r = kt_call(&admin, "GET", "/api/v1/config/live", NULL);
    assert_int_equal(r.status, 200);
    assert_null(strstr(r.body, commit));
    kt_resp_free(&r);
}

static void test_impact__unknown_or_malformed_version(void **state)
{
    (void)state;
    kt_resp r =
        kt_call(&admin, "POST",
                "/api/v1/config/versions/0123456789abcdef0123456789abcdef01234567/impact", NULL);
    assert_int_equal(r.status, 404);
    kt_resp_free(&r);
    r = kt_call(&admin, "POST", "/api/v1/config/versions/not-a-commit!/impact", NULL);
    assert_int_equal(r.status, 404); /* any spec that names no version */
    kt_resp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_impact__gain_errors_and_names),
        cmocka_unit_test(test_impact__unknown_or_malformed_version),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
