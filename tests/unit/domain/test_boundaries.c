/* domain/boundaries: the coverage map's org-unit boundaries — a GeoJSON import is
 * checked feature by feature and stored all or nothing (unclosed rings, coordinates out
 * of range, unknown or out-of-scope codes named by feature number), large shapes are
 * thinned but stay closed, and they read back per level of the country.
 * TZ (country, /1/) > V1 Makole (village). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/boundaries.h"
#include "fixture.h"
#include "store/orgunit.h"
#include "util/buf.h"
#include "util/error.h"

static int64_t village;

static int setup(void **state)
{
    if (kt_group_db(state) < 0) return -1;
    return kt_db_places(kt_db, &village, NULL);
}

#define SQUARE "[[[35.0,-6.0],[35.1,-6.0],[35.1,-6.1],[35.0,-6.1],[35.0,-6.0]]]"

static const char *feature(char *buf, size_t size, const char *code, const char *type,
                           const char *coords)
{
    snprintf(buf, size,
             "{\"type\":\"Feature\",\"properties\":{\"code\":\"%s\"},"
             "\"geometry\":{\"type\":\"%s\",\"coordinates\":%s}}",
             code, type, coords);
    return buf;
}

/* Import the features (a NULL-ended list) as the CLI; the report's first message into
 * msg. */
static int import(int *stored, int *simplified, int *row, char *msg, size_t msg_size,
                  const kazi_caller *c, ...)
{
    kazi_buf b = {0};
    kazi_buf_append(&b, "{\"type\":\"FeatureCollection\",\"features\":[", 40);
    va_list ap;
    va_start(ap, c);
    const char *f;
    for (int i = 0; (f = va_arg(ap, const char *)); i++) {
        if (i) kazi_buf_append(&b, ",", 1);
        kazi_buf_append(&b, f, strlen(f));
    }
    va_end(ap);
    kazi_buf_append(&b, "]}", 2);
    json_t *report = NULL;
    *stored = *simplified = 0;
    int rc = kazi_boundaries_import(stored, simplified, &report, kt_db, c, b.data, b.len);
    free(b.data);
    json_t *first = json_array_get(report, 0);
    *row = (int)json_integer_value(json_object_get(first, "row"));
    snprintf(msg, msg_size, "%s",
             first ? json_string_value(json_object_get(first, "message")) : "");
    json_decref(report);
    return rc;
}

static size_t features_at(const char *level)
{
    json_t *fc;
    assert_int_equal(kazi_boundaries_get_for(&fc, kt_db, kazi_caller_cli(), level), KAZI_OK);
    size_t n = json_array_size(json_object_get(fc, "features"));
    json_decref(fc);
    return n;
}

static void test_boundaries__bad_features_store_nothing(void **state)
{
    (void)state;
    char a[512], b[512], msg[256];
    int stored, simplified, row;
    const kazi_caller *cli = kazi_caller_cli();
    /* the good one first: nothing of it is kept when the second is bad */
    assert_int_equal(import(&stored, &simplified, &row, msg, sizeof msg, cli,
                            feature(a, sizeof a, "V1", "Polygon", SQUARE),
                            feature(b, sizeof b, "TZ", "Polygon",
                                    "[[[35.0,-6.0],[35.1,-6.0],[35.1,-6.1],[35.0,-6.1]]]"),
                            NULL),
                     KAZI_EINVALID);
    assert_int_equal(row, 2);
    if (!strstr(msg, "must end where it starts")) fail_msg("%s", msg);
    assert_int_equal(features_at("village"), 0);
    assert_int_equal(import(&stored, &simplified, &row, msg, sizeof msg, cli,
                            feature(a, sizeof a, "V1", "Polygon", SQUARE),
                            feature(b, sizeof b, "V1", "Polygon", SQUARE), NULL),
                     KAZI_EINVALID);
    assert_int_equal(row, 2);
    assert_non_null(strstr(msg, "has a feature already"));

    assert_int_equal(import(&stored, &simplified, &row, msg, sizeof msg, cli,
                            feature(a, sizeof a, "V1", "Polygon",
                                    "[[[35.0,-96.0],[35.1,-6.0],[35.1,-6.1],[35.0,-96.0]]]"),
                            NULL),
                     KAZI_EINVALID);
    assert_int_equal(row, 1);
    assert_int_equal(import(&stored, &simplified, &row, msg, sizeof msg, cli,
                            feature(a, sizeof a, "NOPE", "Polygon", SQUARE), NULL),
                     KAZI_EINVALID);
    assert_int_equal(row, 1);
    assert_int_equal(import(&stored, &simplified, &row, msg, sizeof msg, cli,
                            feature(a, sizeof a, "V1", "Point", "[35.0,-6.0]"), NULL),
                     KAZI_EINVALID);
    assert_int_equal(features_at("village"), 0);

    /* a code outside the caller's scope reads like an unknown one */
    kazi_orgunit v;
    assert_int_equal(kazi_orgunit_get(&v, kt_db, village), KAZI_OK);
    kazi_caller d = {.kind = KAZI_CALLER_USER,
                     .user_id = 2,
                     .name = "dora",
                     .role = "district_hr_officer",
                     .scope_org_unit_id = village};
    snprintf(d.scope_path, sizeof d.scope_path, "%s", v.path);
    snprintf(d.scope_end, sizeof d.scope_end, "%.*s0", (int)strlen(v.path) - 1, v.path);
    char msg2[256];
    assert_int_equal(import(&stored, &simplified, &row, msg, sizeof msg, &d,
                            feature(a, sizeof a, "TZ", "Polygon", SQUARE), NULL),
                     KAZI_EINVALID);
    assert_int_equal(import(&stored, &simplified, &row, msg2, sizeof msg2, cli,
                            feature(a, sizeof a, "NOPE", "Polygon", SQUARE), NULL),
                     KAZI_EINVALID);
    char *tz = strstr(msg, "TZ"), *nope = strstr(msg2, "NOPE");
    assert_non_null(tz);
    assert_non_null(nope);
    assert_int_equal(tz - msg, nope - msg2); /* the same words around the code */
}

static void test_boundaries__stored_thinned_and_read_per_level(void **state)
{
    (void)state;
    /* a ring of 5000 points around a circle-ish square: more than the maximum */
    enum { N = 5000 };
    kazi_buf ring = {0};
    kazi_buf_append(&ring, "[[", 2);
    for (int i = 0; i < N; i++) {
        char p[64];
        double t = (double)i / N;
        int n = snprintf(p, sizeof p, "[%.6f,%.6f],", 35.0 + 0.1 * t, -6.0 - 0.1 * t * t);
        kazi_buf_append(&ring, p, (size_t)n);
    }
    kazi_buf_append(&ring, "[35.1,-7.0],[35.0,-6.0]]]", 25);
    char *big = malloc(ring.len + 256);
    feature(big, ring.len + 256, "V1", "Polygon", ring.data);
    free(ring.data);
    char a[512], msg[256];
    int stored, simplified, row;
    assert_int_equal(import(&stored, &simplified, &row, msg, sizeof msg, kazi_caller_cli(), big,
                            feature(a, sizeof a, "TZ", "MultiPolygon", "[" SQUARE "]"), NULL),
                     KAZI_OK);
    free(big);
    assert_int_equal(stored, 2);
    assert_int_equal(simplified, 1);

    json_t *fc;
    assert_int_equal(kazi_boundaries_get_for(&fc, kt_db, kazi_caller_cli(), "village"), KAZI_OK);
    assert_string_equal(json_string_value(json_object_get(fc, "type")), "FeatureCollection");
    json_t *f = json_array_get(json_object_get(fc, "features"), 0);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(f, "properties"), "code")), "V1");
    json_t *geometry = json_object_get(f, "geometry"); /* stored as a MultiPolygon */
    assert_string_equal(json_string_value(json_object_get(geometry, "type")), "MultiPolygon");
    json_t *outer = json_array_get(json_array_get(json_object_get(geometry, "coordinates"), 0), 0);
    size_t n = json_array_size(outer);
    assert_true(n >= 4 && n <= KAZI_BOUNDARY_MAX_POINTS);
    assert_true(json_equal(json_array_get(outer, 0), json_array_get(outer, n - 1))); /* closed */
    json_decref(fc);
    assert_int_equal(features_at("country"), 1);
    assert_int_equal(kazi_boundaries_get_for(&fc, kt_db, kazi_caller_cli(), "galaxy"),
                     KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, "level");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_boundaries__bad_features_store_nothing),
        cmocka_unit_test(test_boundaries__stored_thinned_and_read_per_level),
    };
    return cmocka_run_group_tests(tests, setup, kt_group_db_close);
}
