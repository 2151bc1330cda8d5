/* The configuration repository over libgit2: the first commit, reading commit trees,
 * proposals with compare-and-swap on main, the live ref's compare-and-swap under a
 * race, diffs, tags, and refusing to load a damaged repository. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/repo.h"
#include "fixture.h"
#include "util/error.h"

static char root[] = "/tmp/kazi-test-repo-XXXXXX";
static char folder[256], repo[256];

static int setup(void **state)
{
    (void)state;
    static int n;
    if (!n++) assert_non_null(mkdtemp(root));
    snprintf(folder, sizeof folder, "%s/folder%d", root, n);
    snprintf(repo, sizeof repo, "%s/config%d.git", root, n);
    kt_sh("mkdir -p %s/cadres && printf 'kazi.country { id = \"tz\" }\\n' > %s/country.lua && "
          "printf 'one\\ntwo\\n' > %s/cadres/psw.lua",
          folder, folder, folder);
    return 0;
}

static int teardown_all(void **state)
{
    (void)state;
    kt_sh("rm -rf %s", root);
    return 0;
}

static void create(char first[KAZI_OID_HEX])
{
    kazi_config_author admin = {"Asha Admin", "asha@example.org"};
    assert_int_equal(kazi_config_repo_create(first, repo, folder, &admin, "First"), KAZI_OK);
}

static void test_repo__init_commits_the_folder_with_main_and_live(void **state)
{
    (void)state;
    char first[KAZI_OID_HEX], live[KAZI_OID_HEX], main_[KAZI_OID_HEX];
    create(first);
    assert_int_equal(strlen(first), 40);
    assert_int_equal(kazi_config_live(live, repo), KAZI_OK);
    assert_string_equal(live, first);
    assert_int_equal(kazi_config_resolve(main_, repo, "main"), KAZI_OK);
    assert_string_equal(main_, first);
    json_t *log;
    assert_int_equal(kazi_config_log(&log, repo, 10), KAZI_OK);
    assert_int_equal(json_array_size(log), 1);
    json_t *v = json_array_get(log, 0);
    assert_string_equal(json_string_value(json_object_get(json_object_get(v, "author"), "name")),
                        "Asha Admin");
    assert_true(json_is_true(json_object_get(v, "live")));
    assert_int_equal(json_array_size(json_object_get(v, "parents")), 0);
    json_decref(log);
    /* a second init into the same place is refused and leaves the first intact */
    char again[KAZI_OID_HEX];
    assert_int_equal(kazi_config_repo_create(again, repo, folder, NULL, "x"), KAZI_EEXISTS);
    assert_int_equal(kazi_config_live(live, repo), KAZI_OK);
    /* a failed init leaves nothing behind */
    char other[300];
    snprintf(other, sizeof other, "%s/failed.git", root);
    assert_int_equal(kazi_config_repo_create(again, other, "/nonexistent-folder", NULL, "x"),
                     KAZI_ENOTFOUND);
    assert_int_not_equal(access(other, F_OK), 0);
}

static void test_repo__commit_source_reads_blobs_without_a_worktree(void **state)
{
    (void)state;
    char first[KAZI_OID_HEX];
    create(first);
    kazi_config_source *src;
    assert_int_equal(kazi_config_source_commit(&src, repo, "live"), KAZI_OK);
    assert_string_equal(src->id, first);
    char **paths;
    assert_int_equal(src->list(src, &paths), KAZI_OK);
    assert_string_equal(paths[0], "cadres/psw.lua");
    assert_string_equal(paths[1], "country.lua");
    assert_null(paths[2]);
    kazi_config_paths_free(paths);
    char *buf;
    size_t len;
    assert_int_equal(src->read(src, "cadres/psw.lua", &buf, &len), KAZI_OK);
    assert_string_equal(buf, "one\ntwo\n");
    assert_int_equal(len, 8);
    free(buf);
    assert_int_equal(src->read(src, "cadres", &buf, &len), KAZI_ENOTFOUND);
    assert_int_equal(src->read(src, "missing.lua", &buf, &len), KAZI_ENOTFOUND);
    assert_int_equal(src->read(src, "../config.lua", &buf, &len), KAZI_EINVALID);
    assert_int_equal(src->read(src, "/etc/passwd", &buf, &len), KAZI_EINVALID);
    kazi_config_source_free(src);
    /* the folder changing afterwards does not change the commit */
    kt_sh("echo changed > %s/country.lua", folder);
    assert_int_equal(kazi_config_read(&buf, &len, repo, first, "country.lua"), KAZI_OK);
    assert_string_equal(buf, "kazi.country { id = \"tz\" }\n");
    free(buf);
    assert_int_equal(
        kazi_config_source_commit(&src, repo, "0000000000000000000000000000000000000000"),
        KAZI_ENOTFOUND);
    assert_int_equal(kazi_config_source_commit(&src, repo, "no such tag"), KAZI_EINVALID);
}

static void test_repo__propose_is_a_commit_on_main_with_compare_and_swap(void **state)
{
    (void)state;
    char first[KAZI_OID_HEX], second[KAZI_OID_HEX], third[KAZI_OID_HEX], x[KAZI_OID_HEX];
    create(first);
    kazi_config_author hr = {"Neema HR", "neema@example.org"};
    json_t *files = json_pack("{s:s,s:s}", "cadres/swa.lua", "swa\n", "cadres/psw.lua", "one\n");
    assert_int_equal(kazi_config_propose(second, repo, first, files, 0, &hr, "Add SWA"), KAZI_OK);
    /* main moved: the same proposal from the old parent is a conflict */
    assert_int_equal(kazi_config_propose(x, repo, first, files, 0, &hr, "Again"), KAZI_ECONFLICT);
    assert_string_equal(kazi_error_last()->field, "parent");
    /* the same content again changes nothing */
    assert_int_equal(kazi_config_propose(x, repo, NULL, files, 0, &hr, "Same"), KAZI_EINVALID);
    json_decref(files);
    files = json_pack("{s:n}", "cadres/swa.lua");
    assert_int_equal(kazi_config_propose(third, repo, second, files, 0, &hr, "Drop SWA"), KAZI_OK);
    json_decref(files);
    files = json_pack("{s:n}", "nothing.lua");
    assert_int_equal(kazi_config_propose(x, repo, NULL, files, 0, &hr, "Drop"), KAZI_EINVALID);
    json_decref(files);
    files = json_pack("{s:s}", ".git/config", "x");
    assert_int_equal(kazi_config_propose(x, repo, NULL, files, 0, &hr, "Sneaky"), KAZI_EINVALID);
    json_decref(files);
    files = json_pack("{s:s}", "a/../b.lua", "x");
    assert_int_equal(kazi_config_propose(x, repo, NULL, files, 0, &hr, "Sneaky"), KAZI_EINVALID);
    assert_int_equal(kazi_config_propose(x, repo, NULL, files, 0, &hr, ""), KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "message");
    json_decref(files);

    char *buf;
    size_t len;
    assert_int_equal(kazi_config_read(&buf, &len, repo, second, "cadres/swa.lua"), KAZI_OK);
    assert_string_equal(buf, "swa\n");
    free(buf);
    assert_int_equal(kazi_config_read(&buf, &len, repo, "main", "cadres/swa.lua"), KAZI_ENOTFOUND);
    /* live did not move: proposing is not activating */
    char live[KAZI_OID_HEX];
    assert_int_equal(kazi_config_live(live, repo), KAZI_OK);
    assert_string_equal(live, first);

    json_t *log;
    assert_int_equal(kazi_config_log(&log, repo, 10), KAZI_OK);
    assert_int_equal(json_array_size(log), 3);
    json_t *top = json_array_get(log, 0);
    assert_string_equal(json_string_value(json_object_get(top, "commit")), third);
    assert_string_equal(json_string_value(json_object_get(top, "message")), "Drop SWA");
    assert_string_equal(json_string_value(json_object_get(json_object_get(top, "author"), "name")),
                        "Neema HR");
    assert_string_equal(json_string_value(json_array_get(json_object_get(top, "parents"), 0)),
                        second);
    json_decref(log);

    json_t *d;
    assert_int_equal(kazi_config_diff(&d, repo, first, second), KAZI_OK);
    json_t *fl = json_object_get(d, "files");
    assert_int_equal(json_array_size(fl), 2);
    json_t *f0 = json_array_get(fl, 0), *f1 = json_array_get(fl, 1);
    assert_string_equal(json_string_value(json_object_get(f0, "path")), "cadres/psw.lua");
    assert_string_equal(json_string_value(json_object_get(f0, "status")), "modified");
    assert_non_null(strstr(json_string_value(json_object_get(f0, "patch")), "-two\n"));
    assert_string_equal(json_string_value(json_object_get(f1, "status")), "added");
    assert_non_null(strstr(json_string_value(json_object_get(f1, "patch")), "+swa\n"));
    json_decref(d);
    assert_int_equal(kazi_config_diff(&d, repo, first, "ffff"), KAZI_ENOTFOUND);
    assert_string_equal(kazi_error_last()->field, "to");
}

static void test_repo__import_replaces_the_tree(void **state)
{
    (void)state;
    char first[KAZI_OID_HEX], next[KAZI_OID_HEX];
    create(first);
    char dir[300];
    snprintf(dir, sizeof dir, "%s/import", root);
    kt_sh("rm -rf %s && mkdir -p %s && echo 'new' > %s/country.lua", dir, dir, dir);
    assert_int_equal(kazi_config_import(next, repo, dir, NULL, "Import"), KAZI_OK);
    json_t *files;
    assert_int_equal(kazi_config_files(&files, repo, next), KAZI_OK);
    assert_int_equal(json_array_size(files), 1);
    json_decref(files);
    assert_int_equal(kazi_config_import(next, repo, dir, NULL, "Again"), KAZI_EINVALID);
    /* a binary file shows in the diff without a text patch */
    char bin[KAZI_OID_HEX];
    kt_sh("printf 'a\\000b\\000c' > %s/logo.png", dir);
    assert_int_equal(kazi_config_import(bin, repo, dir, NULL, "Logo"), KAZI_OK);
    json_t *d;
    assert_int_equal(kazi_config_diff(&d, repo, next, bin), KAZI_OK);
    json_t *f = json_array_get(json_object_get(d, "files"), 0);
    assert_string_equal(json_string_value(json_object_get(f, "path")), "logo.png");
    assert_true(json_is_true(json_object_get(f, "binary")));
    assert_null(json_object_get(f, "patch"));
    json_decref(d);
    assert_int_equal(kazi_config_import(next, repo, "/nonexistent", NULL, "x"), KAZI_ENOTFOUND);
}

static void test_repo__tags_name_releases(void **state)
{
    (void)state;
    char first[KAZI_OID_HEX], c[KAZI_OID_HEX];
    create(first);
    kazi_config_author who = {"Asha", "asha@example.org"};
    json_t *t;
    assert_int_equal(kazi_config_tag(&t, repo, "TZ-2026.1", "live", &who, "First release"),
                     KAZI_OK);
    assert_string_equal(json_string_value(json_object_get(t, "commit")), first);
    json_decref(t);
    assert_int_equal(kazi_config_tag(&t, repo, "TZ-2026.1", "live", &who, NULL), KAZI_EEXISTS);
    assert_int_equal(kazi_config_tag(&t, repo, "bad name", "live", &who, NULL), KAZI_EINVALID);
    assert_int_equal(kazi_config_tag(&t, repo, "x..y", "live", &who, NULL), KAZI_EINVALID);
    assert_int_equal(kazi_config_tag(&t, repo, "live", "live", &who, NULL), KAZI_EINVALID);
    assert_int_equal(kazi_config_tag(&t, repo, "cafe", "live", &who, NULL), KAZI_EINVALID);
    assert_int_equal(kazi_config_resolve(c, repo, "TZ-2026.1"), KAZI_OK);
    assert_string_equal(c, first);
    json_t *log;
    assert_int_equal(kazi_config_log(&log, repo, 10), KAZI_OK);
    assert_string_equal(
        json_string_value(json_array_get(json_object_get(json_array_get(log, 0), "tags"), 0)),
        "TZ-2026.1");
    json_decref(log);
}

/* The racers' candidates and the live commit they all expect. */
typedef struct {
    char to[KT_RACE_MAX][KAZI_OID_HEX];
    const char *expected;
} race_ctx;

/* Racer i: move live from the expected commit to its candidate. */
static int move_live(void *ctx, int i)
{
    race_ctx *c = ctx;
    return kazi_config_move_live(repo, c->to[i], c->expected, "race");
}

static void test_repo__live_compare_and_swap_race_has_one_winner(void **state)
{
    (void)state;
    enum { N = 8 };
    char first[KAZI_OID_HEX], live[KAZI_OID_HEX];
    create(first);
    race_ctx c = {.expected = first};
    for (int i = 0; i < N; i++) {
        char name[32], text[32];
        snprintf(name, sizeof name, "c%d.lua", i);
        snprintf(text, sizeof text, "%d", i);
        json_t *files = json_pack("{s:s}", name, text);
        assert_int_equal(kazi_config_propose(c.to[i], repo, NULL, files, 0, NULL, "candidate"),
                         KAZI_OK);
        json_decref(files);
    }
    int winner = kt_race_one_winner(N, move_live, &c);
    assert_int_equal(kazi_config_live(live, repo), KAZI_OK);
    assert_string_equal(live, c.to[winner]);
    /* a stale expectation fails and leaves live alone */
    assert_int_equal(kazi_config_move_live(repo, first, first, "stale"), KAZI_ECONFLICT);
    assert_string_equal(kazi_error_last()->field, "expected_live");
    assert_int_equal(kazi_config_move_live(repo, first, "nothex", "bad"), KAZI_EINVALID);
}

typedef struct {
    kazi_config_source *src;
    int failures;
} reader;

static void *read_many(void *arg)
{
    reader *r = arg;
    for (int i = 0; i < 200; i++) {
        char *buf, **paths;
        size_t len;
        if (r->src->read(r->src, "cadres/psw.lua", &buf, &len) != KAZI_OK ||
            strcmp(buf, "one\ntwo\n") != 0)
            r->failures++;
        else
            free(buf);
        if (r->src->list(r->src, &paths) != KAZI_OK || !paths[1] || paths[2]) r->failures++;
        kazi_config_paths_free(paths);
    }
    return NULL;
}

/* One commit source shared by many threads (as the Lua runtime's worker threads will):
 * every read and list succeeds with the same content. */
static void test_repo__commit_source_is_safe_across_threads(void **state)
{
    (void)state;
    enum { N = 8 };
    char first[KAZI_OID_HEX];
    create(first);
    kazi_config_source *src;
    assert_int_equal(kazi_config_source_commit(&src, repo, first), KAZI_OK);
    reader r[N];
    pthread_t th[N];
    for (int i = 0; i < N; i++) {
        r[i] = (reader){src, 0};
        pthread_create(&th[i], NULL, read_many, &r[i]);
    }
    for (int i = 0; i < N; i++) {
        pthread_join(th[i], NULL);
        assert_int_equal(r[i].failures, 0);
    }
    kazi_config_source_free(src);
}

static void test_repo__damaged_repository_fails_the_check(void **state)
{
    (void)state;
    char first[KAZI_OID_HEX], live[KAZI_OID_HEX];
    create(first);
    assert_int_equal(kazi_config_check(live, repo), KAZI_OK);
    assert_string_equal(live, first);
    /* a blob of the live tree overwritten with garbage */
    kt_sh("b=$(git -C %s rev-parse refs/kazi/live:country.lua) && f=%s/objects/$(echo $b | cut "
          "-c1-2)/$(echo "
          "$b | cut -c3-) && chmod u+w $f && echo garbage > $f",
          repo, repo);
    assert_int_equal(kazi_config_check(live, repo), KAZI_ERROR);
    assert_non_null(strstr(kazi_error_last()->message, "country.lua"));
    /* the live ref naming a commit that does not exist */
    kt_sh("echo 1234567890123456789012345678901234567890 > %s/refs/kazi/live", repo);
    assert_int_equal(kazi_config_check(live, repo), KAZI_ERROR);
    assert_non_null(strstr(kazi_error_last()->message, "damaged or the commit is missing"));
    /* no repository at all */
    assert_int_equal(kazi_config_check(live, "/nonexistent/config.git"), KAZI_ERROR);
    assert_non_null(strstr(kazi_error_last()->message, "missing"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_repo__init_commits_the_folder_with_main_and_live, setup),
        cmocka_unit_test_setup(test_repo__commit_source_reads_blobs_without_a_worktree, setup),
        cmocka_unit_test_setup(test_repo__propose_is_a_commit_on_main_with_compare_and_swap, setup),
        cmocka_unit_test_setup(test_repo__import_replaces_the_tree, setup),
        cmocka_unit_test_setup(test_repo__tags_name_releases, setup),
        cmocka_unit_test_setup(test_repo__live_compare_and_swap_race_has_one_winner, setup),
        cmocka_unit_test_setup(test_repo__commit_source_is_safe_across_threads, setup),
        cmocka_unit_test_setup(test_repo__damaged_repository_fails_the_check, setup),
    };
    return cmocka_run_group_tests(tests, NULL, teardown_all);
}
