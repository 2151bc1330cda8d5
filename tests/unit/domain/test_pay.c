/* domain/pay: a payment below its minimum is flagged where it is recorded, by the same
 * lookup the pay figure uses (issue 15, point 6), on a small hand-made register under
 * the Tanzanian configuration: psw 30,000 TZS a month for volunteers and stipend
 * workers alike; swa 420,000 for any engagement (a minimum naming none).
 *
 * TZ(1) > R(2) > D(3) > W(4), funder GOV.
 *   P1 psw on a stipend (before minimums took a list of engagements, a stipend psw
 *      had no minimum at all)
 *   P2 swa as a volunteer (the swa minimum names no engagement: it holds for all)
 *   P3 psw without a current post (no cadre, so no minimum)
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
    "(2, 'R', 'Region', 1, 1, 'region', '/1/2/', 1, 1), "
    "(3, 'D', 'District', 2, 2, 'district', '/1/2/3/', 1, 1), "
    "(4, 'W', 'Ward', 3, 3, 'ward', '/1/2/3/4/', 1, 1);"
    "INSERT INTO organisation(id, code, name, kind, org_unit_id, created_at, updated_at) "
    "VALUES (1, 'GOV', 'Government', 'government', 1, 1, 1);"
    "INSERT INTO person(id, given_name, family_name, name_key, given_key, "
    "residence_org_unit_id, org_path, created_at, updated_at) VALUES "
    "(1, 'Asha', 'A', 'a', 'asha', 4, '/1/2/3/4/', 1, 1), "
    "(2, 'Bakari', 'B', 'b', 'bakari', 4, '/1/2/3/4/', 1, 1), "
    "(3, 'Chausiku', 'C', 'c', 'chausiku', 4, '/1/2/3/4/', 1, 1);"
    "INSERT INTO position(id, title, org_unit_id, org_path, organisation_id, cadre, level, "
    "created_at, updated_at) VALUES (1, 'PSW W', 4, '/1/2/3/4/', 1, 'psw', '1', 1, 1), "
    "(2, 'SWA W', 4, '/1/2/3/4/', 1, 'swa', '3', 1, 1), "
    "(3, 'PSW W b', 4, '/1/2/3/4/', 1, 'psw', '1', 1, 1);"
    "INSERT INTO assignment(person_id, position_id, start_date, end_date, engagement, "
    "end_reason, created_at, updated_at) VALUES "
    "(1, 1, '2025-01-01', NULL, 'stipend', NULL, 1, 1), "
    "(2, 2, '2025-01-01', NULL, 'volunteer', NULL, 1, 1), "
    "(3, 3, '2024-01-01', '2024-12-31', 'volunteer', 'resignation', 1, 1);";

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

/* Record a payment; the 201 reply. */
static kt_resp pay(int person, const char *kind, const char *period, int amount, const char *extra)
{
    char body[400];
    snprintf(body, sizeof body,
             "{\"person_id\":%d,\"kind\":\"%s\",\"period\":\"%s\",\"amount\":%d,"
             "\"currency\":\"TZS\"%s}",
             person, kind, period, amount, extra ? extra : "");
    kt_resp r = kt_call(&admin, "POST", "/api/v1/payments", body);
    if (r.status != 201) fail_msg("payment: %d %s", r.status, kt_error(&r));
    return r;
}

static void assert_minimum(const json_t *rec, double amount)
{
    const json_t *m = json_object_get(rec, "minimum");
    assert_true(json_is_object(m));
    assert_true(json_number_value(json_object_get(m, "amount")) == amount);
    assert_string_equal(json_string_value(json_object_get(m, "currency")), "TZS");
    assert_string_equal(json_string_value(json_object_get(m, "period")), "month");
}

static void test_pay__a_stipend_below_the_minimum_is_flagged_when_recorded(void **state)
{
    (void)state;
    /* 1,000 of 30,000: below; then 29,000 more in the same month makes 30,000: met. */
    kt_resp r = pay(1, "stipend", "2026-01", 1000, NULL);
    assert_true(json_is_true(json_object_get(r.json, "below_minimum")));
    assert_minimum(r.json, 30000);
    kt_resp_free(&r);
    r = pay(1, "allowance", "2026-01", 29000, NULL);
    assert_true(json_is_false(json_object_get(r.json, "below_minimum")));
    assert_minimum(r.json, 30000);
    kt_resp_free(&r);
    /* Materials are not pay: nothing to hold against a minimum. */
    r = pay(1, "materials", "2026-01", 500, ",\"purpose\":\"a notebook\"");
    assert_true(json_is_false(json_object_get(r.json, "below_minimum")));
    assert_true(json_is_null(json_object_get(r.json, "minimum")));
    kt_resp_free(&r);
    /* The stored records say the same. */
    r = kt_call(&admin, "GET", "/api/v1/payments?person_id=1", NULL);
    assert_int_equal(r.status, 200);
    json_t *items = json_object_get(r.json, "items");
    assert_int_equal(json_array_size(items), 3);
    size_t i;
    json_t *p;
    int flagged = 0;
    json_array_foreach(items, i, p)
    {
        const char *kind = json_string_value(json_object_get(p, "kind"));
        if (!strcmp(kind, "stipend")) {
            assert_true(json_is_true(json_object_get(p, "below_minimum")));
            assert_minimum(p, 30000);
            flagged++;
        } else {
            assert_true(json_is_false(json_object_get(p, "below_minimum")));
        }
    }
    assert_int_equal(flagged, 1);
    kt_resp_free(&r);
}

static void test_pay__a_minimum_without_engagement_holds_for_every_engagement(void **state)
{
    (void)state;
    kt_resp r = pay(2, "payment", "2026-01", 400000, NULL);
    assert_true(json_is_true(json_object_get(r.json, "below_minimum")));
    assert_minimum(r.json, 420000);
    kt_resp_free(&r);
    /* P3 holds no post now: no cadre, no minimum. */
    r = pay(3, "payment", "2026-01", 10, NULL);
    assert_true(json_is_false(json_object_get(r.json, "below_minimum")));
    assert_true(json_is_null(json_object_get(r.json, "minimum")));
    kt_resp_free(&r);
}

static void test_pay__the_figure_uses_the_same_minimum(void **state)
{
    (void)state;
    /* February: P1 paid 1,000 (flagged), P2 nothing. */
    kt_resp r = pay(1, "stipend", "2026-02", 1000, NULL);
    assert_true(json_is_true(json_object_get(r.json, "below_minimum")));
    kt_resp_free(&r);
    r = kt_call(&admin, "GET", "/api/v1/figures/pay?org_unit=3&period=2026-02", NULL);
    assert_int_equal(r.status, 200);
    json_t *t = json_object_get(r.json, "total");
    assert_int_equal(json_integer_value(json_object_get(t, "workers")), 2);
    assert_int_equal(json_integer_value(json_object_get(t, "with_minimum")), 2);
    assert_int_equal(json_integer_value(json_object_get(t, "below_minimum")), 2);
    kt_resp_free(&r);
    /* March: P1 30,000 and P2 420,000, each exactly their minimum. */
    r = pay(1, "stipend", "2026-03", 30000, NULL);
    assert_true(json_is_false(json_object_get(r.json, "below_minimum")));
    kt_resp_free(&r);
    r = pay(2, "payment", "2026-03", 420000, NULL);
    assert_true(json_is_false(json_object_get(r.json, "below_minimum")));
    kt_resp_free(&r);
    r = kt_call(&admin, "GET", "/api/v1/figures/pay?org_unit=3&period=2026-03", NULL);
    assert_int_equal(r.status, 200);
    t = json_object_get(r.json, "total");
    assert_int_equal(json_integer_value(json_object_get(t, "with_minimum")), 2);
    assert_int_equal(json_integer_value(json_object_get(t, "below_minimum")), 0);
    kt_resp_free(&r);
}

static void test_pay__fields_are_checked_by_the_table(void **state)
{
    (void)state;
    kt_resp r = kt_call(&admin, "POST", "/api/v1/payments",
                        "{\"person_id\":1,\"kind\":\"stipend\",\"period\":\"2026-01\","
                        "\"amount\":1,\"currency\":\"TZS\",\"below_minimum\":false}");
    assert_int_equal(r.status, 422);
    assert_non_null(strstr(kt_error(&r), "below_minimum"));
    kt_resp_free(&r);
    r = kt_call(&admin, "POST", "/api/v1/payments",
                "{\"person_id\":1,\"kind\":\"stipend\",\"period\":\"2026-13\",\"amount\":1,"
                "\"currency\":\"TZS\"}");
    assert_int_equal(r.status, 422);
    assert_non_null(strstr(kt_error(&r), "period"));
    kt_resp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pay__a_stipend_below_the_minimum_is_flagged_when_recorded),
        cmocka_unit_test(test_pay__a_minimum_without_engagement_holds_for_every_engagement),
        cmocka_unit_test(test_pay__the_figure_uses_the_same_minimum),
        cmocka_unit_test(test_pay__fields_are_checked_by_the_table),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
