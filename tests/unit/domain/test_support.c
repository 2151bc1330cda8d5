/* domain/support through the API in process: support and wellness records, and the
 * reach rule the supervision, pay and return records share — a supervisor records only
 * for the workers they currently supervise (others answer as absent), and a supervisor
 * whose account is linked to no person reaches nobody. Bad records name the field.
 * TZ(1) > W(2); P1 Asha supervised by P3 Chausiku; P2 Bakari supervised by nobody. */
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

static kt_client admin, sam;
static long long sam_id;

static const char register_sql[] =
    "INSERT INTO org_unit(id, code, name, parent_id, depth, level_id, path, created_at, "
    "updated_at) VALUES (1, 'TZ', 'Tanzania', NULL, 0, 'country', '/1/', 1, 1), "
    "(2, 'W', 'Ward', 1, 1, 'region', '/1/2/', 1, 1);"
    "INSERT INTO person(id, given_name, family_name, name_key, given_key, "
    "residence_org_unit_id, org_path, created_at, updated_at) VALUES "
    "(1, 'Asha', 'A', 'a', 'asha', 2, '/1/2/', 1, 1), "
    "(2, 'Bakari', 'B', 'b', 'bakari', 2, '/1/2/', 1, 1), "
    "(3, 'Chausiku', 'C', 'c', 'chausiku', 2, '/1/2/', 1, 1);"
    "INSERT INTO supervision(person_id, supervisor_person_id, type, start_date, created_at, "
    "updated_at) VALUES (1, 3, 'individual', '2026-01-01', 1, 1);";

static void link_sam(long long person)
{
    char target[80];
    snprintf(target, sizeof target, "/api/v1/users/%lld/person", sam_id);
    kt_resp r = person ? kt_callf(&admin, "PUT", target, "{s:I}", "person_id", (json_int_t)person)
                       : kt_call(&admin, "PUT", target, "{\"person_id\":null}"); /* unlink */
    if (r.status != 200) fail_msg("link: %d %s", r.status, kt_error(&r));
    kt_resp_free(&r);
}

static int setup(void **state)
{
    (void)state;
    if (kt_server_start_with("tanzania", register_sql, &admin) < 0) return -1;
    if (kt_user(&sam, "sam", "supervisor", 0) != 200) return -1;
    kt_resp r = kt_call(&admin, "GET", "/api/v1/users", NULL);
    size_t i;
    json_t *u;
    json_t *items = json_object_get(r.json, "users");
    json_array_foreach(items, i,
                       u) if (!strcmp(json_string_value(json_object_get(u, "username")), "sam"))
        sam_id = json_integer_value(json_object_get(u, "id"));
    kt_resp_free(&r);
    return sam_id > 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    kt_server_stop();
    return 0;
}

static kt_resp record(const kt_client *c, int person, const char *kind, const char *date)
{
    return kt_callf(c, "POST", "/api/v1/support-activities", "{s:i,s:s,s:s,s:s}", "person_id",
                    person, "kind", kind, "activity_date", date, "note", "monthly debrief");
}

static void test_support__a_supervisor_reaches_only_their_supervisees(void **state)
{
    (void)state;
    link_sam(3);
    kt_resp r = record(&sam, 1, "debriefing", "2026-02-01");
    if (r.status != 201) fail_msg("%d %s", r.status, kt_error(&r));
    assert_int_equal(json_integer_value(json_object_get(r.json, "person_id")), 1);
    kt_resp_free(&r);
    r = record(&sam, 2, "debriefing", "2026-02-01");
    assert_int_equal(r.status, 422);
    assert_string_equal(kt_error(&r), "There is no such person in the register"); /* as if absent */
    kt_resp_free(&r);
    r = kt_call(&sam, "GET", "/api/v1/support-activities?person_id=1", NULL);
    assert_int_equal(r.status, 200);
    kt_resp_free(&r);
    r = kt_call(&sam, "GET", "/api/v1/support-activities?person_id=2", NULL);
    assert_int_equal(r.status, 404);
    kt_resp_free(&r);

    link_sam(0); /* unlinked: nobody */
    r = kt_call(&sam, "GET", "/api/v1/support-activities?person_id=1", NULL);
    assert_int_equal(r.status, 404);
    kt_resp_free(&r);
    r = record(&sam, 1, "debriefing", "2026-02-02");
    assert_int_equal(r.status, 422);
    kt_resp_free(&r);
}

static void test_support__bad_records_name_the_field(void **state)
{
    (void)state;
    kt_resp r = record(&admin, 2, "karaoke", "2026-02-01");
    assert_int_equal(r.status, 422);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(r.json, "error"), "field")), "kind");
    kt_resp_free(&r);
    r = record(&admin, 2, "wellness", "2999-01-01");
    assert_int_equal(r.status, 422);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(r.json, "error"), "field")),
        "activity_date");
    kt_resp_free(&r);
    r = record(&admin, 2, "wellness", "2026-02-30");
    assert_int_equal(r.status, 422);
    kt_resp_free(&r);
    r = kt_call(&admin, "GET", "/api/v1/support-activities?person_id=2", NULL);
    assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0); /* nothing kept */
    kt_resp_free(&r);
}

static void test_support__listed_newest_first(void **state)
{
    (void)state;
    const char *dates[] = {"2026-01-10", "2026-03-05", "2026-02-20"};
    for (int i = 0; i < 3; i++) {
        kt_resp r = record(&admin, 2, "peer_support", dates[i]);
        assert_int_equal(r.status, 201);
        kt_resp_free(&r);
    }
    kt_resp r = kt_call(&admin, "GET", "/api/v1/support-activities?person_id=2", NULL);
    json_t *items = json_object_get(r.json, "items");
    assert_int_equal(json_array_size(items), 3);
    assert_string_equal(
        json_string_value(json_object_get(json_array_get(items, 0), "activity_date")),
        "2026-03-05");
    assert_string_equal(
        json_string_value(json_object_get(json_array_get(items, 2), "activity_date")),
        "2026-01-10");
    kt_resp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_support__a_supervisor_reaches_only_their_supervisees),
        cmocka_unit_test(test_support__bad_records_name_the_field),
        cmocka_unit_test(test_support__listed_newest_first),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
