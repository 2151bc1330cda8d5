/* The configuration API in-process: every route through kazi_dispatch with a stub auth
 * hook (deny by default, permissions checked per route), history, files, diff,
 * proposals, validation, activation's 409 on a stale expected_live, tags, rollouts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/repo.h"
#include "config/rollout.h"
#include "domain/install.h"
#include "fixture.h"
#include "http/dispatch.h"
#include "http/routes.h"
#include "inproc.h"
#include "util/error.h"
#include "util/log.h"
#include "util/rand.h"

static char root[] = "/tmp/kazi-test-http-config-XXXXXX";
static char first[KAZI_OID_HEX];

/* The stub access layer: a comma-separated list of granted permissions, or NULL for
 * "not logged in". */
static const char *granted;

static int stub_authorize(kazi_req *req, kazi_resp *resp)
{
    (void)resp;
    if (!granted) return kazi_error_set(KAZI_EUNAUTH, NULL, "log in first");
    if (!strstr(granted, req->route->permission))
        return kazi_error_set(KAZI_EDENIED, NULL, "not allowed: %s", req->route->permission);
    return KAZI_OK;
}

static int stub_identity(const kazi_req *req, const char **name, const char **email)
{
    (void)req;
    *name = "neema";
    *email = "neema@example.org";
    return KAZI_OK;
}

static int setup_all(void **state)
{
    (void)state;
    char data[300], repo[400];
    assert_non_null(mkdtemp(root));
    kazi_rand_init();
    kazi_log_set_level(KAZI_LOG_ERROR + 1);
    assert_int_equal(kt_install(data, sizeof data, root, "tanzania"), KAZI_OK);
    kazi_config_repo_path(repo, sizeof repo, data);
    kazi_config_set_repo(repo);
    assert_int_equal(kazi_config_load_live(first, repo), KAZI_OK);
    assert_int_equal(kazi_routes_install(0), KAZI_OK);
    kazi_auth_hooks h = {stub_authorize, NULL};
    kazi_dispatch_set_auth(&h);
    kazi_dispatch_set_identity(stub_identity);
    return 0;
}

static int teardown_all(void **state)
{
    (void)state;
    kazi_store_thread_close();
    kazi_router_free();
    kazi_dispatch_set_auth(NULL);
    kazi_dispatch_set_identity(NULL);
    kt_sh("rm -rf %s", root);
    return 0;
}

/* Requests go through kazi_dispatch with the stub access layer above
 * (tests/unit/support/inproc.h). */
typedef kt_resp result;

static result call(const char *method, const char *target, const char *body)
{
    return kt_request(method, target, body, NULL);
}

static void done(result *r)
{
    kt_resp_free(r);
}

static const char *error_field(const result *r)
{
    return json_string_value(json_object_get(json_object_get(r->json, "error"), "field"));
}

static void test_http_config__routes_deny_by_default_and_check_permissions(void **state)
{
    (void)state;
    static const char *const targets[][2] = {
        {"GET", "/api/v1/config/versions"},
        {"POST", "/api/v1/config/versions"},
        {"GET", "/api/v1/config/versions/live/files"},
        {"GET", "/api/v1/config/versions/live/file?path=country.lua"},
        {"POST", "/api/v1/config/versions/live/validate"},
        {"GET", "/api/v1/config/versions/live/validation"},
        {"GET", "/api/v1/config/diff?from=live&to=main"},
        {"POST", "/api/v1/config/tags"},
        {"POST", "/api/v1/config/activate"},
        {"GET", "/api/v1/config/rollouts"},
        {"GET", "/api/v1/config/live"},
    };
    /* no access layer registered at all: 401 */
    kazi_dispatch_set_auth(NULL);
    result none = call("GET", "/api/v1/config/versions", NULL);
    assert_int_equal(none.status, 401);
    done(&none);
    kazi_auth_hooks h = {stub_authorize, NULL};
    kazi_dispatch_set_auth(&h);
    granted = NULL;
    for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++) {
        result r = call(targets[i][0], targets[i][1], "{}");
        assert_int_equal(r.status, 401);
        done(&r);
    }
    granted = "config.read";
    result r = call("GET", "/api/v1/config/versions", NULL);
    assert_int_equal(r.status, 200);
    done(&r);
    r = call("POST", "/api/v1/config/activate", "{}");
    assert_int_equal(r.status, 403);
    done(&r);
    r = call("POST", "/api/v1/config/versions", "{}");
    assert_int_equal(r.status, 403);
    done(&r);
}

static void test_http_config__history_files_and_content(void **state)
{
    (void)state;
    granted = "config.read";
    result r = call("GET", "/api/v1/config/versions", NULL);
    assert_int_equal(r.status, 200);
    json_t *v = json_array_get(json_object_get(r.json, "versions"), 0);
    assert_string_equal(json_string_value(json_object_get(v, "commit")), first);
    assert_true(json_is_true(json_object_get(v, "live")));
    assert_true(json_is_true(json_object_get(v, "ever_live")));
    assert_true(json_is_true(json_object_get(json_object_get(v, "validation"), "ok")));
    done(&r);

    char target[300];
    snprintf(target, sizeof target, "/api/v1/config/versions/%s/files", first);
    r = call("GET", target, NULL);
    assert_int_equal(r.status, 200);
    size_t i;
    json_t *f;
    int has_country = 0;
    json_array_foreach(json_object_get(r.json, "files"), i, f) has_country |=
        !strcmp(json_string_value(json_object_get(f, "path")), "country.lua");
    assert_true(has_country);
    done(&r);

    r = call("GET", "/api/v1/config/versions/live/file?path=country.lua", NULL);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "kazi.country"));
    assert_non_null(strstr(r.headers, first));
    done(&r);

    r = call("GET", "/api/v1/config/versions/live/file?path=../etc/passwd", NULL);
    assert_int_equal(r.status, 422);
    assert_string_equal(error_field(&r), "path");
    done(&r);
    r = call("GET", "/api/v1/config/versions/live/file", NULL);
    assert_int_equal(r.status, 422);
    assert_string_equal(error_field(&r), "path");
    done(&r);
    r = call("GET", "/api/v1/config/versions/live/file?path=nope.lua", NULL);
    assert_int_equal(r.status, 404);
    done(&r);
    r = call("GET", "/api/v1/config/versions/deadbeef/files", NULL);
    assert_int_equal(r.status, 404);
    done(&r);
    r = call("GET", "/api/v1/config/versions/%2e%2e/files", NULL);
    assert_int_equal(r.status, 404);
    done(&r);
    r = call("GET", "/api/v1/config/versions?limit=0", NULL);
    assert_int_equal(r.status, 422);
    assert_string_equal(error_field(&r), "limit");
    done(&r);
    r = call("GET", "/api/v1/config/diff?from=live", NULL);
    assert_int_equal(r.status, 422);
    assert_string_equal(error_field(&r), "to");
    done(&r);
}

static void test_http_config__propose_validate_activate_roll_back(void **state)
{
    (void)state;
    granted = "config.read,config.propose,config.activate";
    /* propose: a commit on main authored by the request's user */
    result r = call("POST", "/api/v1/config/versions",
                    "{\"message\":\"Add the PSW cadre\",\"files\":{\"cadres/psw.lua\":"
                    "\"kazi.cadre { id = 'psw' }\\n\"}}");
    assert_int_equal(r.status, 201);
    char c2[KAZI_OID_HEX];
    snprintf(c2, sizeof c2, "%s", json_string_value(json_object_get(r.json, "commit")));
    assert_int_equal(strlen(c2), 40);
    assert_string_equal(json_string_value(json_object_get(r.json, "author")), "neema");
    done(&r);
    r = call("GET", "/api/v1/config/versions", NULL);
    json_t *top = json_array_get(json_object_get(r.json, "versions"), 0);
    assert_string_equal(json_string_value(json_object_get(top, "commit")), c2);
    assert_string_equal(json_string_value(json_object_get(json_object_get(top, "author"), "email")),
                        "neema@example.org");
    assert_false(json_is_true(json_object_get(top, "live")));
    assert_true(json_is_null(json_object_get(top, "validation")));
    done(&r);

    /* bad proposals name the field */
    r = call("POST", "/api/v1/config/versions", "{\"files\":{\"a.lua\":\"x\"}}");
    assert_int_equal(r.status, 422);
    assert_string_equal(error_field(&r), "message");
    done(&r);
    r = call("POST", "/api/v1/config/versions", "{\"message\":\"m\",\"files\":{\"a.lua\":1}}");
    assert_int_equal(r.status, 422);
    assert_string_equal(error_field(&r), "files");
    done(&r);
    char body[512];
    snprintf(body, sizeof body, "{\"message\":\"m\",\"parent\":\"%s\",\"files\":{\"a.lua\":\"x\"}}",
             first);
    r = call("POST", "/api/v1/config/versions", body);
    assert_int_equal(r.status, 409);
    assert_string_equal(error_field(&r), "parent");
    done(&r);

    /* the diff between live and the proposal */
    char target[300];
    snprintf(target, sizeof target, "/api/v1/config/diff?from=%s&to=%s", first, c2);
    r = call("GET", target, NULL);
    assert_int_equal(r.status, 200);
    json_t *f = json_array_get(json_object_get(r.json, "files"), 0);
    assert_string_equal(json_string_value(json_object_get(f, "path")), "cadres/psw.lua");
    assert_string_equal(json_string_value(json_object_get(f, "status")), "added");
    done(&r);

    /* activation before validation is refused */
    snprintf(body, sizeof body, "{\"commit\":\"%s\",\"expected_live\":\"%s\",\"reason\":\"r\"}", c2,
             first);
    r = call("POST", "/api/v1/config/activate", body);
    assert_int_equal(r.status, 422);
    assert_string_equal(error_field(&r), "commit");
    done(&r);
    snprintf(target, sizeof target, "/api/v1/config/versions/%s/validate", c2);
    r = call("POST", target, NULL);
    assert_int_equal(r.status, 200);
    assert_true(json_is_true(json_object_get(r.json, "ok")));
    assert_string_equal(json_string_value(json_object_get(r.json, "validated_by")), "neema");
    done(&r);
    snprintf(target, sizeof target, "/api/v1/config/versions/%s/validation", c2);
    r = call("GET", target, NULL);
    assert_int_equal(r.status, 200);
    assert_true(json_is_true(json_object_get(r.json, "ok")));
    done(&r);

    /* activate with the right expected_live, then a stale one is 409 */
    r = call("POST", "/api/v1/config/activate", body);
    assert_int_equal(r.status, 200);
    assert_string_equal(json_string_value(json_object_get(r.json, "to")), c2);
    assert_string_equal(json_string_value(json_object_get(r.json, "request_id")), KT_REQUEST_ID);
    done(&r);
    snprintf(body, sizeof body, "{\"commit\":\"%s\",\"expected_live\":\"%s\",\"reason\":\"back\"}",
             first, first);
    r = call("POST", "/api/v1/config/activate", body);
    assert_int_equal(r.status, 409);
    assert_string_equal(error_field(&r), "expected_live");
    done(&r);
    r = call("GET", "/api/v1/config/live", NULL);
    assert_string_equal(json_string_value(json_object_get(r.json, "live")), c2);
    assert_string_equal(json_string_value(json_object_get(r.json, "serving")), c2);
    done(&r);

    /* roll back: activate the earlier commit */
    snprintf(body, sizeof body,
             "{\"commit\":\"%s\",\"expected_live\":\"%s\",\"reason\":\"roll back\"}", first, c2);
    r = call("POST", "/api/v1/config/activate", body);
    assert_int_equal(r.status, 200);
    done(&r);
    r = call("GET", "/api/v1/config/rollouts", NULL);
    json_t *list = json_object_get(r.json, "rollouts");
    assert_int_equal(json_array_size(list), 3);
    assert_string_equal(json_string_value(json_object_get(json_array_get(list, 0), "reason")),
                        "roll back");
    assert_string_equal(json_string_value(json_object_get(json_array_get(list, 0), "activated_by")),
                        "neema");
    done(&r);
    r = call("POST", "/api/v1/config/activate", "{\"commit\":\"live\"}");
    assert_int_equal(r.status, 422);
    assert_string_equal(error_field(&r), "expected_live");
    done(&r);

    /* tags for releases */
    r = call("POST", "/api/v1/config/tags", "{\"name\":\"TZ-2026.1\",\"commit\":\"live\"}");
    assert_int_equal(r.status, 201);
    done(&r);
    r = call("POST", "/api/v1/config/tags", "{\"name\":\"TZ-2026.1\",\"commit\":\"live\"}");
    assert_int_equal(r.status, 409);
    done(&r);
    r = call("POST", "/api/v1/config/tags", "{\"name\":\"no way\",\"commit\":\"live\"}");
    assert_int_equal(r.status, 422);
    assert_string_equal(error_field(&r), "name");
    done(&r);
    r = call("GET", "/api/v1/config/versions/TZ-2026.1/files", NULL);
    assert_int_equal(r.status, 200);
    done(&r);
}

typedef struct {
    const char *body;
    int status;
    pthread_barrier_t *start;
} racer;

static void *race(void *arg)
{
    racer *r = arg;
    pthread_barrier_wait(r->start);
    result res = call("POST", "/api/v1/config/activate", r->body);
    r->status = res.status;
    done(&res);
    kazi_store_thread_close();
    return NULL;
}

/* Concurrent requests on worker threads, each with its own database connection, all
 * deciding against the same live version: exactly one activation wins. */
static void test_http_config__concurrent_activations_one_wins(void **state)
{
    (void)state;
    enum { N = 4 };
    granted = "config.read,config.propose,config.activate";
    result r = call("GET", "/api/v1/config/live", NULL);
    char live[KAZI_OID_HEX], bodies[N][300];
    snprintf(live, sizeof live, "%s", json_string_value(json_object_get(r.json, "live")));
    done(&r);
    racer rs[N];
    pthread_t th[N];
    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, N);
    for (int i = 0; i < N; i++) {
        char body[200], target[200];
        snprintf(body, sizeof body,
                 "{\"message\":\"candidate\",\"files\":{\"c%d.lua\":\"-- %d\\n\"}}", i, i);
        r = call("POST", "/api/v1/config/versions", body);
        assert_int_equal(r.status, 201);
        const char *c = json_string_value(json_object_get(r.json, "commit"));
        snprintf(target, sizeof target, "/api/v1/config/versions/%s/validate", c);
        snprintf(bodies[i], sizeof bodies[i],
                 "{\"commit\":\"%s\",\"expected_live\":\"%s\",\"reason\":\"race\"}", c, live);
        done(&r);
        r = call("POST", target, NULL);
        assert_true(json_is_true(json_object_get(r.json, "ok")));
        done(&r);
        rs[i] = (racer){bodies[i], 0, &start};
    }
    for (int i = 0; i < N; i++)
        pthread_create(&th[i], NULL, race, &rs[i]);
    int wins = 0, conflicts = 0;
    for (int i = 0; i < N; i++) {
        pthread_join(th[i], NULL);
        wins += rs[i].status == 200;
        conflicts += rs[i].status == 409;
    }
    pthread_barrier_destroy(&start);
    assert_int_equal(wins, 1);
    assert_int_equal(conflicts, N - 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_http_config__routes_deny_by_default_and_check_permissions),
        cmocka_unit_test(test_http_config__history_files_and_content),
        cmocka_unit_test(test_http_config__propose_validate_activate_roll_back),
        cmocka_unit_test(test_http_config__concurrent_activations_one_wins),
    };
    return cmocka_run_group_tests(tests, setup_all, teardown_all);
}
