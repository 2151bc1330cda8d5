/* The catalogue and report routes, in process: an authenticated caller reads the
 * catalogue and runs reports as JSON or CSV; a failing plugin answers a JSON error
 * naming the file and line and the server goes on answering; without the access
 * layer every route answers 401. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/memory.h"
#include "domain/install.h"
#include "domain/plugins.h"
#include "fixture.h"
#include "http/catalogue.h"
#include "http/dispatch.h"
#include "http/routes.h"
#include "inproc.h"
#include "lua/runtime.h"
#include "store/db.h"
#include "util/error.h"
#include "util/log.h"

static char tmp[] = "/tmp/kazi-test-catalogue-XXXXXX";
static const char *accept_header;

static int allow_all(kazi_req *req, kazi_resp *resp)
{
    (void)req;
    (void)resp;
    return KAZI_OK;
}

static const kazi_auth_hooks stub_auth = {allow_all, NULL};

/* dispatch one request (tests/unit/support/inproc.h); returns the status (+10000 for a
 * CSV body), *body the parsed JSON (or NULL) */
static int call(json_t **body, char **text, const char *method, const char *path, const char *query,
                const char *req_body)
{
    char target[1024], accept[128];
    snprintf(target, sizeof target, "%s%s%s", path, query ? "?" : "", query ? query : "");
    snprintf(accept, sizeof accept, "Accept: %s", accept_header ? accept_header : "");
    const char *headers[] = {accept_header ? accept : NULL, NULL};
    kt_resp r = kt_request(method, target, req_body, headers);
    int status = r.status;
    if (body) *body = json_loadb(r.body, r.body_len, 0, NULL);
    if (text) *text = strdup(r.body);
    if (text && strstr(r.content_type, "csv")) status += 10000;
    kt_resp_free(&r);
    return status;
}

static const char misbehaving[] =
    "kazi.report { id = 'loop', title = 'Loop', run = function() while true do end end }\n"
    "kazi.report { id = 'hog', title = 'Hog', run = function()\n"
    "  local t = {} for i = 1, 1e12 do t[i] = ('x'):rep(100) .. i end end }\n"
    "kazi.report { id = 'deep', title = 'Deep', run = function()\n"
    "  local function f() return 1 + f() end return f() end }\n"
    "kazi.report { id = 'boom', title = 'Boom', run = function() error('no data for this report') "
    "end }\n"
    "kazi.report { id = 'fine', title = 'Fine', columns = { 'a' }, run = function(p, q)\n"
    "  return q('SELECT country AS a FROM report_installation') end }\n";

static int setup(void **state)
{
    (void)state;
    kazi_log_set_level(KAZI_LOG_ERROR + 1);
    if (kt_tmpdir(tmp) < 0) return -1;
    char data[256];
    if (kt_install(data, sizeof data, tmp, "tanzania") < 0) return -1;
    if (kazi_routes_install(0) < 0) return -1;
    kazi_db *kdb;
    kazi_lua_gen *g;
    if (kazi_install_open(&kdb, data) < 0) return -1;
    int rc = kazi_plugins_load_country(&g, kdb, NULL);
    kazi_db_close(kdb);
    if (rc < 0) return -1;
    kazi_lua_activate(g);
    kazi_lua_gen_unref(g);
    kazi_dispatch_set_auth(&stub_auth);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    kazi_dispatch_set_auth(NULL);
    kazi_lua_shutdown();
    kazi_lua_thread_exit();
    kazi_store_thread_close();
    kazi_router_free();
    return kt_rmtree(tmp);
}

static void test_catalogue__whole_and_per_kind(void **state)
{
    (void)state;
    json_t *body;
    assert_int_equal(call(&body, NULL, "GET", "/api/v1/catalogue", NULL, NULL), 200);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(body, "country"), "currency")), "TZS");
    assert_true(json_array_size(json_object_get(body, "cadres")) >= 6);
    /* served from the installation's live commit, never the share folder */
    assert_int_equal(strlen(json_string_value(json_object_get(body, "source"))), 40);
    json_decref(body);
    assert_int_equal(call(&body, NULL, "GET", "/api/v1/catalogue/jobs", NULL, NULL), 200);
    json_t *job = json_array_get(json_object_get(body, "items"), 0);
    assert_true(json_array_size(json_object_get(job, "functions")) >= 4);
    json_decref(body);
    assert_int_equal(call(&body, NULL, "GET", "/api/v1/catalogue/spaceships", NULL, NULL), 404);
    assert_string_equal(json_string_value(json_object_get(json_object_get(body, "error"), "field")),
                        "kind");
    json_decref(body);
    assert_int_equal(call(&body, NULL, "GET", "/api/v1/reports", NULL, NULL), 200);
    assert_true(json_array_size(json_object_get(body, "reports")) >= 2);
    json_decref(body);
}

static void test_reports__run_as_json_and_csv(void **state)
{
    (void)state;
    json_t *body;
    char *text;
    assert_int_equal(call(&body, NULL, "POST", "/api/v1/reports/tz-career-ladder/run", NULL,
                          "{\"params\":{\"lang\":\"sw\"}}"),
                     200);
    json_t *rows = json_object_get(body, "rows");
    assert_int_equal(json_array_size(rows), 6);
    json_t *psw = NULL, *row;
    size_t i;
    json_array_foreach(rows, i, row) if (!strcmp(json_string_value(json_object_get(row, "cadre")),
                                                 "psw")) psw = row;
    assert_non_null(psw);
    assert_string_equal(json_string_value(json_object_get(psw, "name")),
                        "Mhudumu wa ustawi wa jamii wa kijiji");
    assert_int_equal(json_integer_value(json_object_get(psw, "minimum_pay")), 30000);
    json_decref(body);
    assert_int_equal(
        call(NULL, &text, "POST", "/api/v1/reports/tz-installation/run", "format=csv", NULL),
        10200);
    assert_non_null(strstr(text, "country,name_sw,created_at\r\ntanzania,Tanzania,20"));
    free(text);
    /* the installation row appears: created_at is recorded by kazi init */
    accept_header = "text/csv";
    assert_int_equal(call(NULL, &text, "POST", "/api/v1/reports/installation/run", NULL, NULL),
                     10200);
    accept_header = NULL;
    assert_non_null(strstr(text, "country,created_at,configuration\r\ntanzania,"));
    free(text);
    assert_int_equal(call(&body, NULL, "POST", "/api/v1/reports/nope/run", NULL, NULL), 404);
    json_decref(body);
    assert_int_equal(
        call(&body, NULL, "POST", "/api/v1/reports/tz-career-ladder/run", "format=xml", NULL), 422);
    json_decref(body);
    assert_int_equal(
        call(&body, NULL, "POST", "/api/v1/reports/tz-career-ladder/run", NULL, "{\"params\":[1]}"),
        422);
    json_decref(body);
    assert_int_equal(
        call(&body, NULL, "POST", "/api/v1/reports/tz-career-ladder/run", NULL, "{not json"), 400);
    json_decref(body);
    /* a misspelt key would run the report without its parameters: refused by name */
    assert_int_equal(call(&body, NULL, "POST", "/api/v1/reports/tz-career-ladder/run", NULL,
                          "{\"parameters\":{\"lang\":\"sw\"}}"),
                     422);
    assert_string_equal(json_string_value(json_object_get(json_object_get(body, "error"), "field")),
                        "parameters");
    json_decref(body);
}

static void test_reports__failing_plugins_fail_only_their_call(void **state)
{
    (void)state;
    const char *p[] = {"reports.lua"}, *t[] = {misbehaving};
    kazi_config_source *src;
    assert_int_equal(kazi_config_source_memory(&src, "commit-x", p, t, NULL, 1), KAZI_OK);
    kazi_lua_limits limits = {.memory = 16u << 20, .instructions = 5000000};
    kazi_lua_gen *g, *before = kazi_lua_current();
    assert_int_equal(kazi_lua_gen_build(&g, src, NULL, &limits), KAZI_OK);
    kazi_lua_activate(g);
    kazi_lua_gen_unref(g);
    struct {
        const char *id, *where, *words;
    } cases[] = {{"loop", "reports.lua:1:", "instruction budget exceeded"},
                 {"hog", "reports.lua:3:", "memory limit exceeded"},
                 {"deep", "reports.lua:5:", "recursion too deep"},
                 {"boom", "reports.lua:6:", "no data for this report"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[128];
        snprintf(path, sizeof path, "/api/v1/reports/%s/run", cases[i].id);
        json_t *body;
        assert_int_equal(call(&body, NULL, "POST", path, NULL, NULL), 500);
        json_t *err = json_object_get(body, "error");
        assert_string_equal(json_string_value(json_object_get(err, "code")), "plugin_error");
        const char *msg = json_string_value(json_object_get(err, "message"));
        if (!strstr(msg, cases[i].where) || !strstr(msg, cases[i].words))
            fail_msg("%s: %s", cases[i].id, msg);
        assert_string_equal(json_string_value(json_object_get(err, "field")), "reports.lua");
        assert_true(json_integer_value(json_object_get(err, "line")) > 0);
        json_decref(body);
        /* the server goes on: health, and a good report on a rebuilt state */
        assert_int_equal(call(&body, NULL, "GET", "/healthz", NULL, NULL), 200);
        json_decref(body);
        assert_int_equal(call(&body, NULL, "POST", "/api/v1/reports/fine/run", NULL, NULL), 200);
        assert_string_equal(json_string_value(json_object_get(
                                json_array_get(json_object_get(body, "rows"), 0), "a")),
                            "tanzania");
        json_decref(body);
    }
    kazi_lua_activate(before);
    kazi_lua_gen_unref(before);
}

static void test_routes__need_an_authenticated_user(void **state)
{
    (void)state;
    kazi_dispatch_set_auth(NULL);
    json_t *body;
    assert_int_equal(call(&body, NULL, "GET", "/api/v1/catalogue", NULL, NULL), 401);
    json_decref(body);
    assert_int_equal(call(&body, NULL, "POST", "/api/v1/reports/tz-career-ladder/run", NULL, NULL),
                     401);
    json_decref(body);
    kazi_dispatch_set_auth(&stub_auth);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_catalogue__whole_and_per_kind),
        cmocka_unit_test(test_reports__run_as_json_and_csv),
        cmocka_unit_test(test_reports__failing_plugins_fail_only_their_call),
        cmocka_unit_test(test_routes__need_an_authenticated_user),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
