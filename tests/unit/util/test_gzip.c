/* util/gzip: a buffer or a stream written in pieces becomes one gzip member that
 * unpacks to exactly the bytes given; a failing sink stops the stream. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/gzip.h"

/* JSON-like text of `rows` rows: repetitive, as the API's replies are. */
static char *sample(size_t *len, int rows)
{
    kazi_buf b = {0};
    for (int i = 0; i < rows; i++) {
        char row[160];
        int k = snprintf(row, sizeof row,
                         "{\"id\":%d,\"given_name\":\"Name%d\",\"cadre\":\"para-social\","
                         "\"status\":\"active\",\"seed\":%u},",
                         i, i * 7919 % 1000, (unsigned)(i * 2654435761u));
        assert_int_equal(kazi_buf_append(&b, row, (size_t)k), KAZI_OK);
    }
    *len = b.len;
    return b.data;
}

static void test_gzip__buffer_unpacks_to_the_same_bytes(void **state)
{
    (void)state;
    size_t len, gz_len, back_len;
    char *text = sample(&len, 200);
    char *gz;
    for (int level = KAZI_GZIP_FAST; level <= KAZI_GZIP_BEST; level += 5) {
        assert_int_equal(kazi_gzip(&gz, &gz_len, text, len, level), KAZI_OK);
        assert_true(gz_len * 3 < len);              /* repetitive JSON shrinks well */
        assert_memory_equal(gz, "\x1f\x8b\x08", 3); /* a gzip header, deflate */
        char *back = kt_gunzip(&back_len, gz, gz_len);
        assert_int_equal(back_len, len);
        assert_memory_equal(back, text, len);
        free(back);
        free(gz);
    }
    /* Nothing in: still a whole gzip member, of nothing. */
    assert_int_equal(kazi_gzip(&gz, &gz_len, "", 0, KAZI_GZIP_BEST), KAZI_OK);
    char *back = kt_gunzip(&back_len, gz, gz_len);
    assert_int_equal(back_len, 0);
    free(back);
    free(gz);
    free(text);
}

typedef struct sink {
    kazi_buf out;
    int calls, fail_at; /* fail_at: the call that fails (0: none) */
    size_t biggest;
} sink;

static int collect(void *ctx, const char *buf, size_t len)
{
    sink *s = ctx;
    assert_true(len > 0); /* never an empty piece: it would end a chunked body */
    if (++s->calls == s->fail_at) return kazi_error_set(KAZI_ERROR, NULL, "the client went away");
    if (len > s->biggest) s->biggest = len;
    return kazi_buf_append(&s->out, buf, len);
}

static void test_gzip__stream_in_pieces_unpacks_to_the_whole(void **state)
{
    (void)state;
    size_t len, back_len;
    char *text = sample(&len, 5000); /* about 400 KB: many output pieces */
    sink s = {0};
    kazi_gzip_stream *z;
    assert_int_equal(kazi_gzip_begin(&z, KAZI_GZIP_FAST, collect, &s), KAZI_OK);
    for (size_t at = 0, step = 1; at < len; at += step, step = step * 3 % 997 + 1)
        assert_int_equal(kazi_gzip_write(z, text + at, at + step > len ? len - at : step), KAZI_OK);
    assert_int_equal(kazi_gzip_finish(z), KAZI_OK);
    kazi_gzip_free(z);
    assert_true(s.calls > 1);
    assert_true(s.biggest <= 16 * 1024);
    char *back = kt_gunzip(&back_len, s.out.data, s.out.len);
    assert_int_equal(back_len, len);
    assert_memory_equal(back, text, len);
    free(back);
    free(s.out.data);
    free(text);
}

static void test_gzip__a_failing_sink_stops_the_stream(void **state)
{
    (void)state;
    size_t len;
    char *text = sample(&len, 5000);
    sink s = {.fail_at = 2};
    kazi_gzip_stream *z;
    assert_int_equal(kazi_gzip_begin(&z, KAZI_GZIP_FAST, collect, &s), KAZI_OK);
    int rc = KAZI_OK;
    for (size_t at = 0; at < len && rc == KAZI_OK; at += 1000)
        rc = kazi_gzip_write(z, text + at, at + 1000 > len ? len - at : 1000);
    if (rc == KAZI_OK) rc = kazi_gzip_finish(z);
    assert_int_equal(rc, KAZI_ERROR);
    assert_string_equal(kazi_error_last()->message, "the client went away");
    assert_int_equal(s.calls, 2);
    kazi_gzip_free(z); /* unfinished: released all the same (ASan checks) */
    kazi_gzip_free(NULL);
    free(s.out.data);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gzip__buffer_unpacks_to_the_same_bytes),
        cmocka_unit_test(test_gzip__stream_in_pieces_unpacks_to_the_whole),
        cmocka_unit_test(test_gzip__a_failing_sink_stops_the_stream),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
