/* Roles (auth/roles.h): deny by default, which roles need a scope, the supervisor who
 * sees only their own supervisees, and the role list /api/v1/roles serves. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "auth/roles.h"

static void test_roles__deny_by_default(void **state)
{
    (void)state;
    assert_true(kazi_role_has("administrator", "anything.at_all"));
    assert_true(kazi_role_has("analyst", "reports.aggregate"));
    assert_false(kazi_role_has("analyst", "people.read"));
    assert_false(kazi_role_has("analyst", "reports.personal"));
    assert_false(kazi_role_has("district_hr_officer", "users.write"));
    assert_false(kazi_role_has("nobody", "self"));
    assert_false(kazi_role_has(NULL, "self"));
    assert_false(kazi_role_has("trainer", NULL));
    assert_int_equal(kazi_role_scope_rule("district_hr_officer"), KAZI_SCOPE_REQUIRED);
    assert_int_equal(kazi_role_scope_rule("administrator"), KAZI_SCOPE_NATIONAL);
    json_t *r = kazi_roles_json();
    assert_int_equal(json_array_size(r), 6);
    json_decref(r);
}

static void test_roles__analyst_never_reads_personal_data(void **state)
{
    (void)state;
    static const char *const personal[] = {"people.read",   "people.export",   "positions.read",
                                           "exports.run",   "careers.read",    "pay.read",
                                           "training.read", "supervision.read"};
    for (size_t i = 0; i < sizeof personal / sizeof personal[0]; i++)
        assert_false(kazi_role_has("analyst", personal[i]));
    assert_true(kazi_role_has("analyst", KAZI_PERM_SELF));
    assert_true(kazi_role_has("analyst", "reports.run"));
}

static void test_roles__scope_rules_and_supervisees(void **state)
{
    (void)state;
    assert_int_equal(kazi_role_scope_rule("national_hr_officer"), KAZI_SCOPE_NATIONAL);
    assert_int_equal(kazi_role_scope_rule("analyst"), KAZI_SCOPE_NATIONAL);
    assert_int_equal(kazi_role_scope_rule("supervisor"), KAZI_SCOPE_OPTIONAL);
    assert_int_equal(kazi_role_scope_rule("trainer"), KAZI_SCOPE_OPTIONAL);
    assert_int_equal(kazi_role_scope_rule("no_such_role"), KAZI_SCOPE_NATIONAL);
    assert_true(kazi_role_own_supervisees("supervisor"));
    assert_false(kazi_role_own_supervisees("district_hr_officer"));
    assert_false(kazi_role_own_supervisees(NULL));
    assert_true(kazi_role_valid("trainer"));
    assert_false(kazi_role_valid("Trainer")); /* names are exact */
    assert_false(kazi_role_valid(""));
    assert_false(kazi_role_valid(NULL));
}

/* Every role the JSON lists is valid, named in kazi_role_names, and grants exactly the
 * permissions it lists (the administrator lists "*"). */
static void test_roles__json_matches_the_table(void **state)
{
    (void)state;
    json_t *roles = kazi_roles_json();
    size_t i;
    json_t *r;
    json_array_foreach(roles, i, r)
    {
        const char *name = json_string_value(json_object_get(r, "role"));
        assert_non_null(name);
        assert_true(kazi_role_valid(name));
        assert_non_null(strstr(kazi_role_names(), name));
        assert_non_null(json_string_value(json_object_get(r, "description")));
        const char *scope = json_string_value(json_object_get(r, "scope"));
        static const char *const names[] = {"national", "required", "optional"};
        assert_string_equal(scope, names[kazi_role_scope_rule(name)]);
        json_t *perms = json_object_get(r, "permissions");
        assert_true(json_array_size(perms) > 0);
        size_t k;
        json_t *p;
        json_array_foreach(perms, k, p)
        {
            const char *perm = json_string_value(p);
            if (!strcmp(perm, "*"))
                assert_string_equal(name, KAZI_ROLE_ADMIN);
            else
                assert_true(kazi_role_has(name, perm));
        }
    }
    json_decref(roles);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roles__deny_by_default),
        cmocka_unit_test(test_roles__analyst_never_reads_personal_data),
        cmocka_unit_test(test_roles__scope_rules_and_supervisees),
        cmocka_unit_test(test_roles__json_matches_the_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
