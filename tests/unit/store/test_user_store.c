/* store/user: accounts — a taken username refused naming "username", exact look-ups,
 * the public view without the password hash or TOTP secret, a session resolved to its
 * user and scope in one read, and recovery codes that work once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "store/session.h"
#include "store/user.h"
#include "util/error.h"

static kazi_user make(const char *name, const char *role, int64_t scope)
{
    kazi_user u = {.scope_org_unit_id = scope};
    snprintf(u.username, sizeof u.username, "%s", name);
    snprintf(u.display_name, sizeof u.display_name, "User %s", name);
    snprintf(u.password_hash, sizeof u.password_hash, "$argon2id$secret-hash-%s", name);
    snprintf(u.role, sizeof u.role, "%s", role);
    return u;
}

static void test_user_store__insert_lookup_update(void **state)
{
    (void)state;
    kazi_user u = make("neema", "national_hr_officer", 0);
    strcpy(u.totp_secret, "GEZDGNBVGY3TQOJQ");
    assert_int_equal(kazi_user_insert(&u, kt_db), KAZI_OK);
    assert_true(u.id > 0);
    kazi_user dup = make("neema", "trainer", 0);
    assert_int_equal(kazi_user_insert(&dup, kt_db), KAZI_EEXISTS);
    assert_string_equal(kazi_error_last()->field, "username");

    kazi_user g;
    assert_int_equal(kazi_user_get_by_name(&g, kt_db, "neema"), KAZI_OK);
    assert_int_equal(g.id, u.id);
    assert_string_equal(g.password_hash, u.password_hash);
    assert_string_equal(g.totp_secret, "GEZDGNBVGY3TQOJQ");
    assert_int_equal(kazi_user_get_by_name(&g, kt_db, "Neema"), KAZI_ENOTFOUND); /* exact */
    assert_int_equal(kazi_user_get(&g, kt_db, u.id + 1000), KAZI_ENOTFOUND);

    u.disabled = 1;
    u.totp_enabled = 1;
    u.totp_last_step = 57;
    strcpy(u.role, "trainer");
    assert_int_equal(kazi_user_update(kt_db, &u), KAZI_OK);
    assert_int_equal(kazi_user_get(&g, kt_db, u.id), KAZI_OK);
    assert_true(g.disabled);
    assert_true(g.totp_enabled);
    assert_int_equal(g.totp_last_step, 57);
    assert_string_equal(g.role, "trainer");
}

static void test_user_store__public_view_keeps_secrets_out(void **state)
{
    (void)state;
    kazi_user a = make("amani", "analyst", 0);
    strcpy(a.totp_secret, "MFRGGZDFMZTWQ2LK");
    assert_int_equal(kazi_user_insert(&a, kt_db), KAZI_OK);
    json_t *list;
    assert_int_equal(kazi_user_list(&list, kt_db), KAZI_OK);
    assert_true(json_array_size(list) >= 2);
    /* by username */
    const char *prev = "";
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v)
    {
        const char *name = json_string_value(json_object_get(v, "username"));
        assert_true(strcmp(prev, name) < 0);
        prev = name;
    }
    char *text = json_dumps(list, JSON_COMPACT);
    assert_null(strstr(text, "argon2id"));
    assert_null(strstr(text, "MFRGGZDFMZTWQ2LK"));
    assert_null(strstr(text, "password"));
    assert_null(strstr(text, "totp_secret"));
    assert_non_null(strstr(text, "\"username\":\"amani\""));
    free(text);
    json_decref(list);
}

static void test_user_store__session_resolves_user_and_scope(void **state)
{
    (void)state;
    int64_t village;
    assert_int_equal(kt_db_places(kt_db, &village, NULL), 0);
    kazi_user d = make("dora", "district_hr_officer", village);
    assert_int_equal(kazi_user_insert(&d, kt_db), KAZI_OK);
    kazi_session_row s = {.user_id = d.id, .created_at = 1, .last_seen_at = 2};
    strcpy(s.id_hash, "session-hash-dora");
    strcpy(s.csrf_token, "csrf-dora");
    assert_int_equal(kazi_session_insert(kt_db, &s, NULL), KAZI_OK);
    kazi_user u;
    kazi_session_row got;
    char path[64];
    assert_int_equal(
        kazi_user_get_by_session(&u, &got, path, sizeof path, kt_db, "session-hash-dora"), KAZI_OK);
    assert_string_equal(u.username, "dora");
    assert_string_equal(got.csrf_token, "csrf-dora");
    assert_true(strlen(path) > 1 && path[0] == '/'); /* the village's path */
    assert_int_equal(
        kazi_user_get_by_session(&u, &got, path, sizeof path, kt_db, "session-hash-none"),
        KAZI_ENOTFOUND);
    kazi_user n;
    assert_int_equal(kazi_user_get_by_name(&n, kt_db, "neema"), KAZI_OK);
    strcpy(s.id_hash, "session-hash-neema");
    s.user_id = n.id;
    assert_int_equal(kazi_session_insert(kt_db, &s, NULL), KAZI_OK);
    assert_int_equal(
        kazi_user_get_by_session(&u, &got, path, sizeof path, kt_db, "session-hash-neema"),
        KAZI_OK);
    assert_string_equal(path, ""); /* national */
}

static void test_user_store__recovery_codes_work_once(void **state)
{
    (void)state;
    kazi_user u;
    assert_int_equal(kazi_user_get_by_name(&u, kt_db, "neema"), KAZI_OK);
    char codes[2][65] = {"hash-one", "hash-two"};
    assert_int_equal(kazi_recovery_replace(kt_db, u.id, codes, 2), KAZI_OK);
    assert_int_equal(kazi_recovery_use(kt_db, u.id, "hash-one", 100), KAZI_OK);
    assert_int_equal(kazi_recovery_use(kt_db, u.id, "hash-one", 101), KAZI_ENOTFOUND);
    assert_string_equal(kazi_error_last()->field, "recovery_code");
    kazi_user other;
    assert_int_equal(kazi_user_get_by_name(&other, kt_db, "amani"), KAZI_OK);
    assert_int_equal(kazi_recovery_use(kt_db, other.id, "hash-two", 102), KAZI_ENOTFOUND);
    /* new codes replace the old ones, used or not */
    char fresh[1][65] = {"hash-three"};
    assert_int_equal(kazi_recovery_replace(kt_db, u.id, fresh, 1), KAZI_OK);
    assert_int_equal(kazi_recovery_use(kt_db, u.id, "hash-two", 103), KAZI_ENOTFOUND);
    assert_int_equal(kazi_recovery_use(kt_db, u.id, "hash-three", 104), KAZI_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_user_store__insert_lookup_update),
        cmocka_unit_test(test_user_store__public_view_keeps_secrets_out),
        cmocka_unit_test(test_user_store__session_resolves_user_and_scope),
        cmocka_unit_test(test_user_store__recovery_codes_work_once),
    };
    return cmocka_run_group_tests(tests, kt_group_db, kt_group_db_close);
}
