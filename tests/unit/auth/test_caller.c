/* The caller's primitives (auth/caller.h): "may see this org unit", "scope range" and
 * "audit context", for a district user, a national user, a token and the CLI. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "auth/access.h"
#include "auth/caller.h"
#include "auth/roles.h"
#include "util/error.h"

static kazi_caller district(void)
{
    kazi_caller c = {.kind = KAZI_CALLER_USER,
                     .user_id = 7,
                     .name = "dora",
                     .role = "district_hr_officer",
                     .scope_org_unit_id = 2,
                     .scope_path = "/1/2/",
                     .scope_end = "/1/20",
                     .request_id = "req-1",
                     .client_addr = "127.0.0.1"};
    return c;
}

static void test_caller__sees_only_its_subtree(void **state)
{
    (void)state;
    kazi_caller d = district();
    assert_true(kazi_caller_sees(&d, "/1/2/"));
    assert_true(kazi_caller_sees(&d, "/1/2/9/"));
    assert_false(kazi_caller_sees(&d, "/1/"));    /* an ancestor is outside */
    assert_false(kazi_caller_sees(&d, "/1/3/"));  /* a sibling */
    assert_false(kazi_caller_sees(&d, "/1/22/")); /* a prefix of digits is not a child */
    assert_false(kazi_caller_sees(&d, NULL));
    assert_true(kazi_caller_above(&d, "/1/"));
    assert_false(kazi_caller_above(&d, "/1/2/"));
    kazi_caller n = {.kind = KAZI_CALLER_USER, .user_id = 1, .name = "nat"};
    assert_true(kazi_caller_is_national(&n));
    assert_true(kazi_caller_sees(&n, "/5/"));
    assert_true(kazi_caller_sees(NULL, "/5/")); /* the system itself */
}

static void test_caller__outside_reads_like_absent(void **state)
{
    (void)state;
    kazi_caller d = district();
    assert_int_equal(kazi_caller_check_path(&d, "/1/2/4/", "person"), KAZI_OK);
    assert_int_equal(kazi_caller_check_path(&d, "/1/3/", "person"), KAZI_ENOTFOUND);
    assert_string_equal(kazi_error_last()->message, "no such person");
}

static void test_caller__scope_range(void **state)
{
    (void)state;
    kazi_caller d = district();
    const char *lo, *hi;
    kazi_caller_scope_range(&d, &lo, &hi);
    assert_string_equal(lo, "/1/2/");
    assert_string_equal(hi, "/1/20");
    assert_true(strcmp("/1/20/", hi) >= 0); /* a sibling with a longer id is outside */
    kazi_caller n = {.kind = KAZI_CALLER_USER};
    kazi_caller_scope_range(&n, &lo, &hi);
    assert_string_equal(lo, "/");
    assert_string_equal(hi, "0");
    assert_true(strcmp("/9/9/", lo) >= 0 && strcmp("/9/9/", hi) < 0);
}

static void test_caller__audit_context_names_the_principal(void **state)
{
    (void)state;
    kazi_caller d = district();
    kazi_audit_ctx a;
    kazi_caller_audit(&a, &d);
    assert_int_equal(a.actor_user_id, 7);
    assert_string_equal(a.actor, "dora");
    assert_string_equal(a.request_id, "req-1");
    assert_string_equal(a.client_addr, "127.0.0.1");
    /* a token's rows are the token's, not its creator's */
    kazi_caller t = {.kind = KAZI_CALLER_TOKEN, .token_id = 3, .name = "token:3"};
    kazi_caller_audit(&a, &t);
    assert_int_equal(a.actor_user_id, 0);
    assert_string_equal(a.actor, "token:3");
    kazi_caller_audit(&a, NULL);
    assert_string_equal(a.actor, "system");
}

static void test_caller__cli_is_national_with_personal_data(void **state)
{
    (void)state;
    const kazi_caller *c = kazi_caller_cli();
    assert_int_equal(c->kind, KAZI_CALLER_CLI);
    assert_true(kazi_caller_is_national(c));
    assert_true(c->personal_data);
    assert_true(strncmp(c->name, "cli:", 4) == 0);
    assert_true(kazi_auth_can(c, "people.write"));
}

static void test_caller__analyst_has_aggregates_only(void **state)
{
    (void)state;
    for (const char *p = "positions.read\0exports.run\0people.read\0"; *p; p += strlen(p) + 1)
        assert_false(kazi_role_has("analyst", p));
    assert_true(kazi_role_has("analyst", "reports.aggregate"));
    assert_true(kazi_role_own_supervisees("supervisor"));
    assert_false(kazi_role_own_supervisees("administrator"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_caller__sees_only_its_subtree),
        cmocka_unit_test(test_caller__outside_reads_like_absent),
        cmocka_unit_test(test_caller__scope_range),
        cmocka_unit_test(test_caller__audit_context_names_the_principal),
        cmocka_unit_test(test_caller__cli_is_national_with_personal_data),
        cmocka_unit_test(test_caller__analyst_has_aggregates_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
