/* Validation, activation and rollback: only validated commits go live, the live ref
 * moves by compare-and-swap, a failed activation changes nothing, every activation is
 * recorded, and the hooks the Lua runtime will use are called at the right moments. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/repo.h"
#include "config/rollout.h"
#include "domain/audit.h"
#include "domain/install.h"
#include "fixture.h"
#include "store/configdb.h"
#include "util/error.h"
#include "util/fault.h"
#include "util/rand.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

static char root[] = "/tmp/kazi-test-rollout-XXXXXX";
static char data[256], repo[300], dbpath[300];
static kazi_db *db;
static char first[KAZI_OID_HEX];

static int setup(void **state)
{
    (void)state;
    static int n;
    if (!n++) {
        assert_non_null(mkdtemp(root));
        kazi_rand_init();
    }
    snprintf(data, sizeof data, "%s/data%d", root, n);
    kazi_install_opts o = {.data_dir = data,
                           .country = "tanzania",
                           .author_name = "Asha Admin",
                           .author_email = "asha@example.org"};
    assert_int_equal(kazi_install_create(&o), KAZI_OK);
    kazi_config_repo_path(repo, sizeof repo, data);
    kazi_install_db_path(dbpath, sizeof dbpath, data);
    assert_int_equal(kazi_db_open(&db, dbpath, 0), KAZI_OK);
    assert_int_equal(kazi_config_live(first, repo), KAZI_OK);
    kazi_config_set_validator(NULL, NULL, NULL);
    kazi_config_on_activate(NULL);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    kazi_db_close(db);
    db = NULL;
    return 0;
}

static int teardown_all(void **state)
{
    (void)state;
    kt_sh("rm -rf %s", root);
    return 0;
}

static void propose(char out[KAZI_OID_HEX], const char *path, const char *text)
{
    json_t *files = json_pack("{s:s}", path, text);
    kazi_config_author hr = {"Neema HR", "neema@example.org"};
    assert_int_equal(kazi_config_propose(out, repo, NULL, files, 0, &hr, "change"), KAZI_OK);
    json_decref(files);
}

static int validate_ok(const char *commit)
{
    json_t *r;
    assert_int_equal(kazi_config_validate(&r, db, repo, commit, "tester"), KAZI_OK);
    int ok = json_is_true(json_object_get(r, "ok"));
    json_decref(r);
    return ok;
}

static int activate(json_t **out, const char *commit, const char *expected)
{
    kazi_config_activation a = {commit, expected, "because", "Asha Admin", "req-1", NULL};
    json_t *ignored = NULL;
    int rc = kazi_config_activate(out ? out : &ignored, db, repo, &a);
    json_decref(ignored);
    return rc;
}

static const char *live(void)
{
    static char l[KAZI_OID_HEX];
    assert_int_equal(kazi_config_live(l, repo), KAZI_OK);
    return l;
}

static int count_rollouts(void)
{
    json_t *list;
    assert_int_equal(kazi_configdb_rollouts(&list, db, 1000), KAZI_OK);
    int n = (int)json_array_size(list);
    json_decref(list);
    return n;
}

static void test_rollout__init_records_a_validated_first_version(void **state)
{
    (void)state;
    json_t *v;
    assert_int_equal(kazi_configdb_validation_latest(&v, db, first), KAZI_OK);
    assert_true(json_is_true(json_object_get(v, "ok")));
    assert_string_equal(json_string_value(json_object_get(v, "validated_by")), "Asha Admin");
    json_decref(v);
    json_t *list;
    assert_int_equal(kazi_configdb_rollouts(&list, db, 10), KAZI_OK);
    assert_int_equal(json_array_size(list), 1);
    assert_true(json_is_null(json_object_get(json_array_get(list, 0), "from")));
    json_decref(list);
    json_t *versions;
    assert_int_equal(kazi_config_versions(&versions, db, repo, 10), KAZI_OK);
    json_t *top = json_array_get(versions, 0);
    assert_string_equal(json_string_value(json_object_get(json_object_get(top, "author"), "name")),
                        "Asha Admin");
    assert_true(json_is_true(json_object_get(top, "live")));
    assert_true(json_is_true(json_object_get(top, "ever_live")));
    json_decref(versions);
}

static void test_rollout__builtin_checks_name_each_problem(void **state)
{
    (void)state;
    char dir[300], bad[KAZI_OID_HEX];
    snprintf(dir, sizeof dir, "%s/bad", root);
    kt_sh("rm -rf %s && mkdir -p %s && printf 'ok\\nstill ok\\n\\377\\n' > %s/latin1.lua && "
          "printf 'a\\0b' > %s/nul.lua && head -c 600000 /dev/zero | tr '\\0' x > %s/big.lua",
          dir, dir, dir, dir, dir);
    assert_int_equal(kazi_config_import(bad, repo, dir, NULL, "bad"), KAZI_OK);
    json_t *r;
    assert_int_equal(kazi_config_validate(&r, db, repo, bad, "tester"), KAZI_OK);
    assert_false(json_is_true(json_object_get(r, "ok")));
    json_t *errors = json_object_get(r, "errors"), *e;
    size_t i;
    int saw_utf8 = 0, saw_nul = 0, saw_big = 0, saw_missing = 0;
    json_array_foreach(errors, i, e)
    {
        const char *file = json_string_value(json_object_get(e, "file"));
        const char *msg = json_string_value(json_object_get(e, "message"));
        if (!strcmp(file, "latin1.lua")) {
            saw_utf8 = strstr(msg, "UTF-8") != NULL;
            assert_int_equal(json_integer_value(json_object_get(e, "line")), 3);
        }
        if (!strcmp(file, "nul.lua")) saw_nul = strstr(msg, "NUL") != NULL;
        if (!strcmp(file, "big.lua")) saw_big = strstr(msg, "at most") != NULL;
        if (!strcmp(file, "country.lua")) saw_missing = strstr(msg, "missing") != NULL;
    }
    assert_true(saw_utf8 && saw_nul && saw_big && saw_missing);
    json_decref(r);
    /* an invalid commit cannot be activated */
    assert_int_equal(activate(NULL, bad, first), KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "commit");
    assert_string_equal(live(), first);
}

static void test_rollout__symlinks_point_outside_and_fail(void **state)
{
    (void)state;
    char work[300], c[KAZI_OID_HEX];
    snprintf(work, sizeof work, "%s/work", root);
    kt_sh(
        "rm -rf %s && git clone -q %s %s && cd %s && ln -s /etc/passwd passwd.lua && git add . && "
        "git -c user.name=Dev -c user.email=dev@x commit -qm link && git push -q origin main",
        work, repo, work, work);
    assert_int_equal(kazi_config_resolve(c, repo, "main"), KAZI_OK);
    json_t *r;
    assert_int_equal(kazi_config_validate(&r, db, repo, c, "tester"), KAZI_OK);
    assert_false(json_is_true(json_object_get(r, "ok")));
    json_t *e = json_array_get(json_object_get(r, "errors"), 0);
    assert_string_equal(json_string_value(json_object_get(e, "file")), "passwd.lua");
    assert_non_null(strstr(json_string_value(json_object_get(e, "message")), "symlink"));
    json_decref(r);
    /* and the commit source never follows it */
    char *buf;
    size_t len;
    assert_int_equal(kazi_config_read(&buf, &len, repo, c, "passwd.lua"), KAZI_ENOTFOUND);
}

static void test_rollout__activation_needs_validation_and_fresh_expected_live(void **state)
{
    (void)state;
    char c2[KAZI_OID_HEX], c3[KAZI_OID_HEX];
    propose(c2, "cadres.lua", "-- two\n");
    /* not validated yet */
    assert_int_equal(activate(NULL, c2, first), KAZI_EINVALID);
    assert_non_null(strstr(kazi_error_last()->message, "validate"));
    assert_true(validate_ok(c2));
    json_t *r;
    assert_int_equal(activate(&r, c2, first), KAZI_OK);
    assert_string_equal(json_string_value(json_object_get(r, "from")), first);
    assert_string_equal(json_string_value(json_object_get(r, "to")), c2);
    assert_string_equal(json_string_value(json_object_get(r, "activated_by")), "Asha Admin");
    assert_string_equal(json_string_value(json_object_get(r, "request_id")), "req-1");
    json_decref(r);
    assert_string_equal(live(), c2);
    /* someone who still believes `first` is live loses */
    propose(c3, "cadres.lua", "-- three\n");
    assert_true(validate_ok(c3));
    assert_int_equal(activate(NULL, c3, first), KAZI_ECONFLICT);
    assert_string_equal(kazi_error_last()->field, "expected_live");
    assert_string_equal(live(), c2);
    assert_int_equal(activate(NULL, c2, c2), KAZI_ECONFLICT); /* already live */
    /* rollback: activating the earlier commit */
    assert_int_equal(activate(NULL, first, c2), KAZI_OK);
    assert_string_equal(live(), first);
    assert_int_equal(count_rollouts(), 3);
    json_t *versions;
    assert_int_equal(kazi_config_versions(&versions, db, repo, 10), KAZI_OK);
    size_t i;
    json_t *v;
    json_array_foreach(versions, i, v)
    {
        const char *id = json_string_value(json_object_get(v, "commit"));
        int is_live = json_is_true(json_object_get(v, "live"));
        int ever = json_is_true(json_object_get(v, "ever_live"));
        if (!strcmp(id, first)) assert_true(is_live && ever);
        if (!strcmp(id, c2)) assert_true(!is_live && ever);
        if (!strcmp(id, c3)) assert_true(!is_live && !ever);
    }
    json_decref(versions);
    /* a reason is required */
    kazi_config_activation a = {c3, first, "", "x", NULL, NULL};
    assert_int_equal(kazi_config_activate(&r, db, repo, &a), KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "reason");
}

static struct {
    int prepared, committed, aborted, fail;
    char src_id[KAZI_OID_HEX];
} hk;

static int h_prepare(void **p, const kazi_config_source *src, void *ctx)
{
    (void)ctx;
    hk.prepared++;
    assert_true(snprintf(hk.src_id, sizeof hk.src_id, "%s", src->id) < (int)sizeof hk.src_id);
    char *buf;
    size_t len;
    if (src->read(src, "country.lua", &buf, &len) < 0) return KAZI_ERROR;
    free(buf);
    if (hk.fail) return kazi_error_set(KAZI_EPLUGIN, NULL, "country.lua:1: boom");
    *p = &hk;
    return KAZI_OK;
}
static void h_commit(void *p, void *ctx)
{
    (void)ctx;
    assert_ptr_equal(p, &hk);
    hk.committed++;
}
static void h_abort(void *p, void *ctx)
{
    (void)p;
    (void)ctx;
    hk.aborted++;
}

static void test_rollout__failed_activation_leaves_the_live_version(void **state)
{
    (void)state;
    memset(&hk, 0, sizeof hk);
    kazi_config_activation_hooks h = {h_prepare, h_commit, h_abort, NULL};
    kazi_config_on_activate(&h);
    char c2[KAZI_OID_HEX], serving[KAZI_OID_HEX];
    propose(c2, "cadres.lua", "-- two\n");
    assert_true(validate_ok(c2));
    int before = count_rollouts();
    hk.fail = 1;
    assert_int_equal(activate(NULL, c2, first), KAZI_EPLUGIN);
    assert_non_null(strstr(kazi_error_last()->message, "boom"));
    assert_string_equal(live(), first);
    assert_int_equal(count_rollouts(), before);
    assert_int_equal(hk.committed, 0);
    hk.fail = 0;
    assert_int_equal(activate(NULL, c2, first), KAZI_OK);
    assert_int_equal(hk.committed, 1);
    assert_int_equal(hk.aborted, 0);
    assert_string_equal(hk.src_id, c2);
    kazi_config_serving(serving);
    assert_string_equal(serving, c2);
    /* start-up loads the live commit through the same hooks */
    char l[KAZI_OID_HEX];
    assert_int_equal(kazi_config_load_live(l, repo), KAZI_OK);
    assert_string_equal(l, c2);
    assert_int_equal(hk.committed, 2);
    hk.fail = 1;
    assert_int_equal(kazi_config_load_live(l, repo), KAZI_ERROR);
    assert_non_null(strstr(kazi_error_last()->message, "does not load"));
    kazi_config_on_activate(NULL);
}

static int lua_like(const kazi_config_source *src, json_t *errors, void *ctx)
{
    (void)ctx;
    char *buf;
    size_t len;
    if (src->read(src, "cadres.lua", &buf, &len) == KAZI_OK) {
        if (strstr(buf, "error"))
            json_array_append_new(errors, json_pack("{s:s,s:i,s:s}", "file", "cadres.lua", "line",
                                                    1, "message", "unknown cadre"));
        free(buf);
    }
    return KAZI_OK;
}

static void test_rollout__registered_validator_adds_checks(void **state)
{
    (void)state;
    char good[KAZI_OID_HEX], bad[KAZI_OID_HEX];
    propose(good, "cadres.lua", "-- fine\n");
    assert_true(validate_ok(good)); /* validated with builtin checks only */
    kazi_config_set_validator("lua", lua_like, NULL);
    assert_string_equal(kazi_config_checks(), "builtin+lua");
    /* an old validation does not cover the new checks */
    assert_int_equal(activate(NULL, good, first), KAZI_EINVALID);
    assert_non_null(strstr(kazi_error_last()->message, "again"));
    assert_true(validate_ok(good));
    assert_int_equal(activate(NULL, good, first), KAZI_OK);
    propose(bad, "cadres.lua", "error\n");
    json_t *r;
    assert_int_equal(kazi_config_validate(&r, db, repo, bad, "tester"), KAZI_OK);
    assert_false(json_is_true(json_object_get(r, "ok")));
    json_t *e = json_array_get(json_object_get(r, "errors"), 0);
    assert_string_equal(json_string_value(json_object_get(e, "message")), "unknown cadre");
    assert_int_equal(json_integer_value(json_object_get(e, "line")), 1);
    json_decref(r);
    kazi_config_set_validator(NULL, NULL, NULL);
}

/* Like the Lua validator with kazi.standards: "gap" is a warning, "error" an error. */
static int standards_like(const kazi_config_source *src, json_t *errors, void *ctx)
{
    (void)ctx;
    char *buf;
    size_t len;
    if (src->read(src, "jobs.lua", &buf, &len) == KAZI_OK) {
        if (strstr(buf, "gap"))
            json_array_append_new(errors, json_pack("{s:s,s:i,s:s,s:s}", "file", "jobs.lua", "line",
                                                    3, "message", "jobs.lua:3: lacks assess",
                                                    "severity", "warning"));
        if (strstr(buf, "error"))
            json_array_append_new(errors, json_pack("{s:s,s:i,s:s}", "file", "jobs.lua", "line", 7,
                                                    "message", "jobs.lua:7: lacks plan"));
        free(buf);
    }
    return KAZI_OK;
}

/* #5 point 4: a warning is reported (and kept with the record) but does not block
 * activation; an error does. */
static void test_rollout__warnings_do_not_block_activation_errors_do(void **state)
{
    (void)state;
    char warned[KAZI_OID_HEX], failed[KAZI_OID_HEX];
    kazi_config_set_validator("lua", standards_like, NULL);
    propose(warned, "jobs.lua", "-- gap\n");
    json_t *r;
    assert_int_equal(kazi_config_validate(&r, db, repo, warned, "tester"), KAZI_OK);
    assert_true(json_is_true(json_object_get(r, "ok")));
    assert_int_equal(json_array_size(json_object_get(r, "errors")), 0);
    json_t *w = json_array_get(json_object_get(r, "warnings"), 0);
    assert_non_null(w);
    assert_string_equal(json_string_value(json_object_get(w, "file")), "jobs.lua");
    assert_int_equal(json_integer_value(json_object_get(w, "line")), 3);
    json_decref(r);
    assert_int_equal(kazi_configdb_validation_latest(&r, db, warned), KAZI_OK);
    assert_int_equal(json_array_size(json_object_get(r, "warnings")), 1);
    assert_int_equal(json_array_size(json_object_get(r, "errors")), 0);
    json_decref(r);
    assert_int_equal(activate(NULL, warned, first), KAZI_OK);
    assert_string_equal(live(), warned);

    propose(failed, "jobs.lua", "-- gap and error\n");
    assert_int_equal(kazi_config_validate(&r, db, repo, failed, "tester"), KAZI_OK);
    assert_false(json_is_true(json_object_get(r, "ok")));
    assert_int_equal(json_array_size(json_object_get(r, "errors")), 1);
    assert_int_equal(json_array_size(json_object_get(r, "warnings")), 1);
    json_decref(r);
    assert_int_equal(activate(NULL, failed, warned), KAZI_EINVALID);
    assert_string_equal(live(), warned);
    kazi_config_set_validator(NULL, NULL, NULL);
}

/* The racers' validated commits and each one's own connection, opened before the race. */
typedef struct {
    char commit[KT_RACE_MAX][KAZI_OID_HEX];
    kazi_db *db[KT_RACE_MAX];
} race_ctx;

/* Racer i: activate its commit over its own connection, expecting `first` live. */
static int race_activate(void *ctx, int i)
{
    race_ctx *c = ctx;
    kazi_config_activation a = {c->commit[i], first, "race", "racer", NULL, NULL};
    json_t *out = NULL;
    int rc = kazi_config_activate(&out, c->db[i], repo, &a);
    json_decref(out);
    return rc;
}

static void test_rollout__racing_activations_one_wins(void **state)
{
    (void)state;
    enum { N = 4 };
    race_ctx c;
    for (int i = 0; i < N; i++) {
        char text[16];
        snprintf(text, sizeof text, "-- %d\n", i);
        propose(c.commit[i], "cadres.lua", text);
        assert_true(validate_ok(c.commit[i]));
        assert_int_equal(kazi_db_open(&c.db[i], dbpath, 0), KAZI_OK);
    }
    int before = count_rollouts();
    int winner = kt_race_one_winner(N, race_activate, &c);
    for (int i = 0; i < N; i++)
        kazi_db_close(c.db[i]);
    assert_string_equal(live(), c.commit[winner]);
    assert_int_equal(count_rollouts(), before + 1);
}

/* ---- crash recovery: the history and the live ref agree after any crash ---- */

/* Close this test's connection and open the data directory as every command does
 * (kazi_install_open settles an interrupted activation). */
static void reopen(void)
{
    kazi_db_close(db);
    db = NULL;
    assert_int_equal(kazi_install_open(&db, data), KAZI_OK);
}

/* The `to` of the newest completed rollout. */
static const char *recorded(void)
{
    static char last[KAZI_OID_HEX];
    assert_int_equal(kazi_configdb_rollout_last(last, db), KAZI_OK);
    return last;
}

static int pending_rollouts(void)
{
    json_t *p;
    assert_int_equal(kazi_configdb_rollouts_pending(&p, db), KAZI_OK);
    int n = (int)json_array_size(p);
    json_decref(p);
    return n;
}

/* The outcome of the newest "config.recover" audit row, or "" if none; the chain must
 * verify either way. */
static const char *recovered(void)
{
    static char outcome[32];
    kazi_audit_report rep;
    assert_int_equal(kazi_audit_verify(&rep, db), KAZI_OK);
    json_t *rows;
    kazi_audit_filter f = {.action = "config.recover", .limit = 1};
    assert_int_equal(kazi_audit_query(&rows, db, &f), KAZI_OK);
    json_t *after = json_object_get(json_array_get(rows, 0), "after");
    snprintf(outcome, sizeof outcome, "%s",
             json_is_object(after) ? json_string_value(json_object_get(after, "outcome")) : "");
    json_decref(rows);
    return outcome;
}

static int audit_count(const char *action)
{
    json_t *rows;
    kazi_audit_filter f = {.action = action, .limit = 1000};
    assert_int_equal(kazi_audit_query(&rows, db, &f), KAZI_OK);
    int n = (int)json_array_size(rows);
    json_decref(rows);
    return n;
}

static void test_rollout__activation_is_audited_and_the_chain_verifies(void **state)
{
    (void)state;
    char c2[KAZI_OID_HEX];
    propose(c2, "cadres.lua", "-- audited\n");
    assert_true(validate_ok(c2));
    assert_int_equal(activate(NULL, c2, first), KAZI_OK);
    assert_int_equal(audit_count("config.activate"), 1);
    assert_string_equal(recovered(), ""); /* verifies the chain; nothing to recover */
    assert_int_equal(activate(NULL, first, c2), KAZI_OK); /* rollback */
    assert_int_equal(audit_count("config.activate"), 2);
    assert_string_equal(recorded(), first);
}

/* The state a crash leaves after the intent committed but before the ref moved. */
static void test_rollout__intent_without_the_ref_is_abandoned_at_next_open(void **state)
{
    (void)state;
    char c2[KAZI_OID_HEX];
    propose(c2, "cadres.lua", "-- intent only\n");
    assert_true(validate_ok(c2));
    assert_int_equal(kazi_configdb_rollout_add(NULL, db, first, c2, "x", "crash", "2026-01-01",
                                               NULL, KAZI_ROLLOUT_PENDING),
                     KAZI_OK);
    int before = count_rollouts();
    reopen();
    assert_string_equal(live(), first);
    assert_string_equal(recorded(), first);
    assert_int_equal(count_rollouts(), before);
    assert_int_equal(pending_rollouts(), 0);
    assert_string_equal(recovered(), "abandoned");
}

/* The state a crash leaves after the ref moved but before the record completed. */
static void test_rollout__moved_ref_is_completed_at_next_open(void **state)
{
    (void)state;
    char c2[KAZI_OID_HEX];
    propose(c2, "cadres.lua", "-- ref moved\n");
    assert_true(validate_ok(c2));
    assert_int_equal(kazi_configdb_rollout_add(NULL, db, first, c2, "x", "crash", "2026-01-01",
                                               NULL, KAZI_ROLLOUT_PENDING),
                     KAZI_OK);
    assert_int_equal(kazi_config_move_live(repo, c2, first, "test"), KAZI_OK);
    reopen();
    assert_string_equal(live(), c2);
    assert_string_equal(recorded(), c2);
    assert_int_equal(pending_rollouts(), 0);
    assert_string_equal(recovered(), "completed");
    /* and an activation after it starts from the recovered state */
    assert_int_equal(activate(NULL, first, c2), KAZI_OK);
    assert_string_equal(recorded(), first);
}

/* What the Kazi before the intent row left after kill -9 between the ref and the
 * database (4 in 40 random kills): a live commit no rollout records. */
static void test_rollout__unrecorded_live_ref_is_adopted_at_next_open(void **state)
{
    (void)state;
    char c2[KAZI_OID_HEX];
    propose(c2, "cadres.lua", "-- unrecorded\n");
    assert_int_equal(kazi_config_move_live(repo, c2, first, "test"), KAZI_OK);
    int before = count_rollouts();
    reopen();
    assert_string_equal(recorded(), c2);
    assert_int_equal(count_rollouts(), before + 1);
    assert_string_equal(recovered(), "adopted");
    reopen(); /* settled once: nothing more to do */
    assert_int_equal(count_rollouts(), before + 1);
    assert_int_equal(audit_count("config.recover"), 1);
}

/* Fork a child that activates `to` with $KAZI_FAULT=point and dies there by SIGKILL (a
 * fault-injection build), then reopen the data directory as the next start would. */
static void crash_at(const char *point, const char *to, const char *expected)
{
    kazi_db_close(db); /* the child opens its own: never carry a connection over fork */
    db = NULL;
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        kazi_db *mine;
        setenv("KAZI_FAULT", point, 1);
        if (kazi_db_open(&mine, dbpath, 0) < 0) _exit(2);
        kazi_config_activation a = {to, expected, "crash drill", "Asha Admin", NULL, NULL};
        json_t *out = NULL;
        kazi_config_activate(&out, mine, repo, &a);
        _exit(3); /* the point was not reached */
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), SIGKILL);
    assert_int_equal(kazi_install_open(&db, data), KAZI_OK);
}

static void test_rollout__kill_at_each_fault_point_leaves_history_and_ref_agreeing(void **state)
{
    (void)state;
    if (!KAZI_FAULT_BUILD) skip(); /* needs -DKAZI_FAULT_INJECTION=ON (scripts/build) */
    static const struct {
        const char *point;
        int moved;             /* is the new version live after recovery? */
        const char *recovered; /* the config.recover outcome it leaves */
    } cases[] = {
        {"activate.before-intent", 0, ""},
        {"activate.after-intent", 0, "abandoned"},
        {"activate.after-ref", 1, "completed"},
        {"activate.after-commit", 1, ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char next[KAZI_OID_HEX], was[KAZI_OID_HEX], text[64];
        snprintf(text, sizeof text, "-- %s\n", cases[i].point);
        propose(next, "cadres.lua", text);
        assert_true(validate_ok(next));
        snprintf(was, sizeof was, "%s", live());
        int recoveries = audit_count("config.recover");
        int activations = audit_count("config.activate");
        crash_at(cases[i].point, next, was);
        const char *want = cases[i].moved ? next : was;
        assert_string_equal(live(), want);
        assert_string_equal(recorded(), want);
        assert_int_equal(pending_rollouts(), 0);
        int recovered_now = audit_count("config.recover") - recoveries;
        assert_int_equal(recovered_now, cases[i].recovered[0] ? 1 : 0);
        if (recovered_now) assert_string_equal(recovered(), cases[i].recovered);
        assert_int_equal(audit_count("config.activate") - activations,
                         !strcmp(cases[i].point, "activate.after-commit"));
        /* a rollback through the same crash point settles the same way */
        if (cases[i].moved) {
            crash_at(cases[i].point, was, next);
            assert_string_equal(live(), was);
            assert_string_equal(recorded(), was);
        }
    }
}

/* kazi backup's copy of the repository is a working repository with the same live
 * version, history and hooks. */
static void test_rollout__repository_copy_serves_the_same_live_version(void **state)
{
    (void)state;
    char c2[KAZI_OID_HEX], dest[400], got[KAZI_OID_HEX], hook[500];
    propose(c2, "cadres.lua", "-- copied\n");
    assert_true(validate_ok(c2));
    assert_int_equal(activate(NULL, c2, first), KAZI_OK);
    snprintf(dest, sizeof dest, "%s/copy.git", data);
    assert_int_equal(kazi_config_repo_copy(repo, dest), KAZI_OK);
    assert_int_equal(kazi_config_check(got, dest), KAZI_OK);
    assert_string_equal(got, c2);
    assert_int_equal(kazi_config_resolve(got, dest, first), KAZI_OK);
    snprintf(hook, sizeof hook, "%s/hooks/pre-receive", dest);
    assert_int_equal(access(hook, X_OK), 0);
    assert_int_equal(kazi_config_repo_copy(repo, dest), KAZI_EEXISTS);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_rollout__init_records_a_validated_first_version),
        T(test_rollout__builtin_checks_name_each_problem),
        T(test_rollout__symlinks_point_outside_and_fail),
        T(test_rollout__activation_needs_validation_and_fresh_expected_live),
        T(test_rollout__failed_activation_leaves_the_live_version),
        T(test_rollout__registered_validator_adds_checks),
        T(test_rollout__warnings_do_not_block_activation_errors_do),
        T(test_rollout__racing_activations_one_wins),
        T(test_rollout__activation_is_audited_and_the_chain_verifies),
        T(test_rollout__intent_without_the_ref_is_abandoned_at_next_open),
        T(test_rollout__moved_ref_is_completed_at_next_open),
        T(test_rollout__unrecorded_live_ref_is_adopted_at_next_open),
        T(test_rollout__kill_at_each_fault_point_leaves_history_and_ref_agreeing),
        T(test_rollout__repository_copy_serves_the_same_live_version),
    };
    return cmocka_run_group_tests(tests, NULL, teardown_all);
}
