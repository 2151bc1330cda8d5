/* Access (auth/access.h): the permission check the dispatcher runs before every handler
 * (role, a pending second factor, the CLI) and the caller as /api/v1/auth/me shows it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "auth/access.h"
#include "auth/roles.h"
#include "fixture.h"
#include "util/error.h"

static kazi_caller district(int64_t unit)
{
    kazi_caller c = {.kind = KAZI_CALLER_USER,
                     .user_id = 3,
                     .name = "dora",
                     .role = "district_hr_officer",
                     .scope_org_unit_id = unit,
                     .scope_path = "/1/2/7/",
                     .scope_end = "/1/2/70"};
    return c;
}

static void test_access__role_grants_and_pending_second_factor(void **state)
{
    (void)state;
    kazi_caller d = district(7);
    assert_true(kazi_auth_can(&d, "people.read"));
    assert_false(kazi_auth_can(&d, "users.read"));
    assert_false(kazi_auth_can(&d, NULL));
    kazi_caller pending = {.role = "administrator", .mfa_pending = 1};
    assert_true(kazi_auth_can(&pending, "self"));
    assert_false(kazi_auth_can(&pending, "users.read"));
    assert_false(kazi_auth_can(NULL, "self"));
    kazi_caller unknown = {.kind = KAZI_CALLER_USER, .role = "root"};
    assert_true(kazi_auth_can(&unknown, KAZI_PERM_SELF)); /* every principal: its own session */
    assert_false(kazi_auth_can(&unknown, "people.read"));
    assert_true(kazi_auth_can(kazi_caller_cli(), "users.write"));
    assert_true(kazi_auth_can(kazi_caller_cli(), "anything.at_all"));
}

static int perms_contain(json_t *perms, const char *p)
{
    size_t i;
    json_t *v;
    json_array_foreach(perms, i, v) if (!strcmp(json_string_value(v), p)) return 1;
    return 0;
}

static void test_access__me_shows_role_permissions_and_scope(void **state)
{
    (void)state;
    int64_t village;
    assert_int_equal(kt_db_places(kt_db, &village, NULL), 0);
    kazi_caller d = district(village);
    json_t *me = kazi_auth_caller_json(&d, kt_db);
    assert_string_equal(json_string_value(json_object_get(me, "kind")), "user");
    assert_string_equal(json_string_value(json_object_get(me, "name")), "dora");
    assert_string_equal(json_string_value(json_array_get(json_object_get(me, "roles"), 0)),
                        "district_hr_officer");
    json_t *perms = json_object_get(me, "permissions");
    assert_true(perms_contain(perms, "people.read"));
    assert_false(perms_contain(perms, "users.read"));
    json_t *scope = json_object_get(me, "scope");
    assert_true(json_is_object(scope));
    assert_int_equal(json_integer_value(json_object_get(scope, "id")), village);
    assert_string_equal(json_string_value(json_object_get(scope, "name")), "Makole");
    assert_false(json_is_true(json_object_get(me, "mfa_pending")));
    json_decref(me);

    /* National: no scope. A token says so. */
    kazi_caller t = {
        .kind = KAZI_CALLER_TOKEN, .token_id = 4, .name = "token:4", .role = "analyst"};
    me = kazi_auth_caller_json(&t, kt_db);
    assert_string_equal(json_string_value(json_object_get(me, "kind")), "token");
    assert_true(json_is_null(json_object_get(me, "scope")));
    assert_false(perms_contain(json_object_get(me, "permissions"), "people.read"));
    json_decref(me);
}

static void test_access__me_before_enrolment_lists_only_self(void **state)
{
    (void)state;
    kazi_caller a = {.kind = KAZI_CALLER_USER,
                     .user_id = 1,
                     .name = "admin",
                     .role = KAZI_ROLE_ADMIN,
                     .mfa_pending = 1};
    json_t *me = kazi_auth_caller_json(&a, kt_db);
    json_t *perms = json_object_get(me, "permissions");
    assert_int_equal(json_array_size(perms), 1);
    assert_string_equal(json_string_value(json_array_get(perms, 0)), KAZI_PERM_SELF);
    assert_true(json_is_true(json_object_get(me, "mfa_pending")));
    json_decref(me);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_access__role_grants_and_pending_second_factor),
        cmocka_unit_test(test_access__me_shows_role_permissions_and_scope),
        cmocka_unit_test(test_access__me_before_enrolment_lists_only_self),
    };
    return cmocka_run_group_tests(tests, kt_group_db, kt_group_db_close);
}
