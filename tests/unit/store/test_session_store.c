/* store/session: sessions, API tokens and login failures as rows keyed by the hashes of
 * secrets — signing out ends exactly the sessions it should, a token's public view never
 * carries its hash, and failures are counted per key within the window. */
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

static int64_t user(const char *name)
{
    kazi_user u = {.role = "national_hr_officer"};
    snprintf(u.username, sizeof u.username, "%s", name);
    snprintf(u.display_name, sizeof u.display_name, "%s", name);
    snprintf(u.password_hash, sizeof u.password_hash, "x");
    assert_int_equal(kazi_user_insert(&u, kt_db), KAZI_OK);
    return u.id;
}

static void session(const char *hash, int64_t uid, int64_t created, int64_t seen)
{
    kazi_session_row s = {.user_id = uid, .created_at = created, .last_seen_at = seen};
    snprintf(s.id_hash, sizeof s.id_hash, "%s", hash);
    snprintf(s.csrf_token, sizeof s.csrf_token, "csrf-%s", hash);
    assert_int_equal(kazi_session_insert(kt_db, &s, "127.0.0.1"), KAZI_OK);
}

static int exists(const char *hash)
{
    kazi_session_row s;
    int rc = kazi_session_get(&s, kt_db, hash);
    assert_true(rc == KAZI_OK || rc == KAZI_ENOTFOUND);
    return rc == KAZI_OK;
}

static void test_session_store__round_trip_touch_and_mfa(void **state)
{
    (void)state;
    int64_t uid = user("sam");
    session("h-sam-1", uid, 1000, 1000);
    kazi_session_row s;
    assert_int_equal(kazi_session_get(&s, kt_db, "h-sam-1"), KAZI_OK);
    assert_int_equal(s.user_id, uid);
    assert_string_equal(s.csrf_token, "csrf-h-sam-1");
    assert_int_equal(s.created_at, 1000);
    assert_int_equal(kazi_session_touch(kt_db, "h-sam-1", 5000), KAZI_OK);
    assert_int_equal(kazi_session_get(&s, kt_db, "h-sam-1"), KAZI_OK);
    assert_int_equal(s.last_seen_at, 5000);
    assert_int_equal(s.created_at, 1000);

    kazi_session_row p = {.user_id = uid, .created_at = 1, .last_seen_at = 1, .mfa_pending = 1};
    strcpy(p.id_hash, "h-sam-mfa");
    assert_int_equal(kazi_session_insert(kt_db, &p, NULL), KAZI_OK);
    assert_int_equal(kazi_session_get(&p, kt_db, "h-sam-mfa"), KAZI_OK);
    assert_int_equal(p.mfa_pending, 1);
    assert_int_equal(kazi_session_clear_mfa(kt_db, uid), KAZI_OK);
    assert_int_equal(kazi_session_get(&p, kt_db, "h-sam-mfa"), KAZI_OK);
    assert_int_equal(p.mfa_pending, 0);
    assert_int_equal(kazi_session_get(&s, kt_db, "no-such-hash"), KAZI_ENOTFOUND);
}

static void test_session_store__sign_out_ends_only_what_it_should(void **state)
{
    (void)state;
    int64_t a = user("ann"), b = user("ben");
    session("h-ann-1", a, 100, 100);
    session("h-ann-2", a, 100, 100);
    session("h-ann-3", a, 100, 100);
    session("h-ben-1", b, 100, 100);
    /* "sign out everywhere else": the current session and other users' stay */
    assert_int_equal(kazi_session_delete_user(kt_db, a, "h-ann-2"), KAZI_OK);
    assert_false(exists("h-ann-1"));
    assert_true(exists("h-ann-2"));
    assert_false(exists("h-ann-3"));
    assert_true(exists("h-ben-1"));
    assert_int_equal(kazi_session_delete(kt_db, "h-ann-2"), KAZI_OK);
    assert_false(exists("h-ann-2"));
    assert_int_equal(kazi_session_delete_user(kt_db, b, NULL), KAZI_OK);
    assert_false(exists("h-ben-1"));
}

static void test_session_store__purge_idle_or_too_old(void **state)
{
    (void)state;
    int64_t uid = user("pia");
    session("h-pia-idle", uid, 5000, 1000); /* last seen long ago */
    session("h-pia-old", uid, 1000, 9000);  /* busy, but created before the cap */
    session("h-pia-live", uid, 5000, 9000);
    int64_t other = user("pat");
    session("h-pat-idle", other, 5000, 1000);
    assert_int_equal(kazi_session_purge_user(kt_db, uid, 2000, 2000), KAZI_OK);
    assert_false(exists("h-pia-idle"));
    assert_false(exists("h-pia-old"));
    assert_true(exists("h-pia-live"));
    assert_true(exists("h-pat-idle")); /* only the user signing in is purged */
}

static void test_session_store__token_view_has_no_hash(void **state)
{
    (void)state;
    int64_t uid = user("tia");
    kazi_token_row t = {
        .role = "analyst", .expires_at = 90000, .created_by = uid, .created_at = 100};
    strcpy(t.name, "dashboard feed");
    strcpy(t.prefix, "kz_ab12");
    assert_int_equal(kazi_token_insert(&t, kt_db, "tokenhash-tia"), KAZI_OK);
    assert_true(t.id > 0);
    kazi_token_row g;
    assert_int_equal(kazi_token_get_by_hash(&g, kt_db, "tokenhash-tia"), KAZI_OK);
    assert_int_equal(g.id, t.id);
    assert_string_equal(g.name, "dashboard feed");
    assert_int_equal(g.revoked_at, 0);
    assert_int_equal(kazi_token_get_by_hash(&g, kt_db, "tokenhash-none"), KAZI_ENOTFOUND);
    assert_int_equal(kazi_token_touch(kt_db, t.id, 200), KAZI_OK);
    assert_int_equal(kazi_token_revoke(kt_db, t.id, 300), KAZI_OK);
    assert_int_equal(kazi_token_get(&g, kt_db, t.id), KAZI_OK);
    assert_int_equal(g.last_used_at, 200);
    assert_int_equal(g.revoked_at, 300);

    json_t *list;
    assert_int_equal(kazi_token_list(&list, kt_db), KAZI_OK);
    char *text = json_dumps(list, JSON_COMPACT);
    assert_null(strstr(text, "tokenhash-tia")); /* the stored hash is never shown */
    assert_non_null(strstr(text, "\"prefix\":\"kz_ab12\""));
    free(text);
    json_t *one = kazi_token_json(&g);
    assert_true(json_is_null(json_object_get(one, "scope_org_unit_id")));
    assert_int_equal(json_integer_value(json_object_get(one, "revoked_at")), 300);
    json_decref(one);
    json_decref(list);
}

static void test_session_store__login_failures_per_key_and_window(void **state)
{
    (void)state;
    int n;
    int64_t oldest;
    for (int64_t at = 10; at <= 50; at += 10)
        assert_int_equal(kazi_loginfail_add(kt_db, "user", "ola", at, 0), KAZI_OK);
    assert_int_equal(kazi_loginfail_add(kt_db, "addr", "ola", 45, 0), KAZI_OK);
    assert_int_equal(kazi_loginfail_count(&n, &oldest, kt_db, "user", "ola", 30), KAZI_OK);
    assert_int_equal(n, 3);
    assert_int_equal(oldest, 30);
    assert_int_equal(kazi_loginfail_count(&n, &oldest, kt_db, "user", "nobody", 0), KAZI_OK);
    assert_int_equal(n, 0);
    /* a new failure forgets the key's failures before forget_before */
    assert_int_equal(kazi_loginfail_add(kt_db, "user", "ola", 60, 40), KAZI_OK);
    assert_int_equal(kazi_loginfail_count(&n, &oldest, kt_db, "user", "ola", 0), KAZI_OK);
    assert_int_equal(n, 3);
    assert_int_equal(oldest, 40);
    assert_int_equal(kazi_loginfail_clear(kt_db, "user", "ola"), KAZI_OK);
    assert_int_equal(kazi_loginfail_count(&n, &oldest, kt_db, "user", "ola", 0), KAZI_OK);
    assert_int_equal(n, 0);
    assert_int_equal(kazi_loginfail_count(&n, &oldest, kt_db, "addr", "ola", 0), KAZI_OK);
    assert_int_equal(n, 1); /* the address's failures are a key of their own */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_session_store__round_trip_touch_and_mfa),
        cmocka_unit_test(test_session_store__sign_out_ends_only_what_it_should),
        cmocka_unit_test(test_session_store__purge_idle_or_too_old),
        cmocka_unit_test(test_session_store__token_view_has_no_hash),
        cmocka_unit_test(test_session_store__login_failures_per_key_and_window),
    };
    return cmocka_run_group_tests(tests, kt_group_db, kt_group_db_close);
}
