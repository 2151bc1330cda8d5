/* util/log: one JSON object per line on stderr, whatever the message holds. */
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

#include "util/json.h"
#include "util/log.h"

/* Run kazi_log(level, extra, "%s", msg) with stderr captured; the lines written. */
static char *capture(kazi_log_level level, const char *extra, const char *msg)
{
    static char out[16384];
    FILE *tmp = tmpfile();
    assert_non_null(tmp);
    int saved = dup(STDERR_FILENO);
    assert_true(dup2(fileno(tmp), STDERR_FILENO) >= 0);
    kazi_log(level, extra, "%s", msg);
    dup2(saved, STDERR_FILENO);
    close(saved);
    rewind(tmp);
    size_t n = fread(out, 1, sizeof out - 1, tmp);
    out[n] = '\0';
    fclose(tmp);
    return out;
}

static void test_log__escape_makes_json_string_content(void **state)
{
    (void)state;
    char buf[64];
    assert_int_equal(kazi_log_escape(buf, sizeof buf, "a\"b\\c\nd\te"), 17);
    assert_string_equal(buf, "a\\\"b\\\\c\\nd\\u0009e");
    /* a small buffer: cut between escapes, never inside one, and terminated */
    char small[10];
    kazi_log_escape(small, sizeof small, "\"\"\"\"\"\"");
    assert_true(strlen(small) % 2 == 0);
    assert_int_equal(kazi_log_escape(buf, 0, "x"), 0);
    assert_int_equal(kazi_log_escape(buf, sizeof buf, NULL), 0);
    assert_string_equal(buf, "");
}

static void test_log__a_line_is_one_json_object(void **state)
{
    (void)state;
    kazi_log_set_level(KAZI_LOG_INFO);
    kazi_log_set_request_id("req-12345678");
    char *line = capture(KAZI_LOG_WARN, "\"event\":\"test\",\"n\":3",
                         "quotes \" and\nnew lines and \\ backslashes");
    kazi_log_set_request_id(NULL);
    assert_non_null(strchr(line, '\n'));
    assert_ptr_equal(strchr(line, '\n'), line + strlen(line) - 1); /* one line */
    json_t *j = json_loads(line, 0, NULL);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "level")), "warn");
    assert_string_equal(json_string_value(json_object_get(j, "msg")),
                        "quotes \" and\nnew lines and \\ backslashes");
    assert_string_equal(json_string_value(json_object_get(j, "request_id")), "req-12345678");
    assert_string_equal(json_string_value(json_object_get(j, "event")), "test");
    assert_non_null(json_object_get(j, "ts"));
    json_decref(j);
    /* a message longer than a line holds is cut, and the line is still JSON */
    char big[3000];
    memset(big, '"', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    j = json_loads(capture(KAZI_LOG_ERROR, NULL, big), 0, NULL);
    assert_non_null(j);
    json_decref(j);
}

static void test_log__lines_below_the_level_are_dropped(void **state)
{
    (void)state;
    kazi_log_set_level(KAZI_LOG_WARN);
    assert_string_equal(capture(KAZI_LOG_INFO, NULL, "quiet"), "");
    assert_string_not_equal(capture(KAZI_LOG_ERROR, NULL, "loud"), "");
    kazi_log_set_level(KAZI_LOG_INFO);
}

/* Deferred lines (the access log) from several threads: none is lost, none is cut or
 * mixed with another, each thread's lines keep their order, and stopping the writer
 * writes whatever was still buffered. */
#define DEFER_THREADS 4
#define DEFER_LINES   3000 /* a few buffers' worth per thread */

static void *defer_lines(void *arg)
{
    int t = (int)(intptr_t)arg;
    char extra[64], msg[32];
    for (int i = 0; i < DEFER_LINES; i++) {
        snprintf(extra, sizeof extra, "\"t\":%d,\"i\":%d", t, i);
        snprintf(msg, sizeof msg, "line %d", i);
        kazi_log_deferred(KAZI_LOG_INFO, extra, msg);
    }
    return NULL;
}

static void test_log__deferred_lines_all_arrive_whole_and_in_order(void **state)
{
    (void)state;
    kazi_log_set_level(KAZI_LOG_INFO);
    FILE *tmp = tmpfile();
    assert_non_null(tmp);
    int saved = dup(STDERR_FILENO);
    assert_true(dup2(fileno(tmp), STDERR_FILENO) >= 0);
    assert_int_equal(kazi_log_writer_start(), 0);
    pthread_t th[DEFER_THREADS];
    for (int t = 0; t < DEFER_THREADS; t++)
        assert_int_equal(pthread_create(&th[t], NULL, defer_lines, (void *)(intptr_t)t), 0);
    for (int t = 0; t < DEFER_THREADS; t++)
        pthread_join(th[t], NULL);
    kazi_log_writer_stop();
    dup2(saved, STDERR_FILENO);
    close(saved);
    rewind(tmp);
    int next[DEFER_THREADS] = {0};
    char line[1024];
    int total = 0;
    while (fgets(line, sizeof line, tmp)) {
        json_t *j = json_loads(line, 0, NULL);
        assert_non_null(j);
        int t = (int)json_integer_value(json_object_get(j, "t"));
        assert_true(t >= 0 && t < DEFER_THREADS);
        assert_int_equal(json_integer_value(json_object_get(j, "i")), next[t]);
        next[t]++;
        total++;
        json_decref(j);
    }
    fclose(tmp);
    assert_int_equal(total, DEFER_THREADS * DEFER_LINES);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_log__escape_makes_json_string_content),
        cmocka_unit_test(test_log__a_line_is_one_json_object),
        cmocka_unit_test(test_log__lines_below_the_level_are_dropped),
        cmocka_unit_test(test_log__deferred_lines_all_arrive_whole_and_in_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
