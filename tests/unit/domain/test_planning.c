/* The projection's arithmetic, computed by hand: graduates = intake × pass × certify ×
 * place, exits = last year's supply × exit rate, supply = last year's supply +
 * graduates − exits, never below zero. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/planning.h"

static void test_planning__projection_matches_a_hand_computation(void **state)
{
    (void)state;
    /* 200 enrolled a year, half pass, 80 % of those certified, 75 % of those placed:
     * 200 × 0.5 × 0.8 × 0.75 = 60 graduates a year; 10 % leave each year. From 1,000:
     * year 1: exits 100, supply 1000 + 60 − 100 = 960
     * year 2: exits 96,  supply 960 + 60 − 96 = 924
     * year 3: exits 92.4, supply 924 + 60 − 92.4 = 891.6 */
    kazi_planning_assumptions a = {200, 0.5, 0.8, 0.75, 0.1};
    kazi_planning_year y[3];
    kazi_planning_project(y, 3, 1000, &a);
    const double supply[] = {960, 924, 891.6}, exits[] = {100, 96, 92.4};
    for (int t = 0; t < 3; t++) {
        assert_float_equal(y[t].graduates, 60, 1e-9);
        assert_float_equal(y[t].exits, exits[t], 1e-9);
        assert_float_equal(y[t].supply, supply[t], 1e-9);
    }
    /* 500 more enrolled a year: 700 × 0.3 = 210 graduates; 1000 + 210 − 100 = 1110 */
    a.intake_per_year += 500;
    kazi_planning_project(y, 1, 1000, &a);
    assert_float_equal(y[0].supply, 1110, 1e-9);
}

static void test_planning__supply_never_goes_below_zero(void **state)
{
    (void)state;
    kazi_planning_assumptions a = {0, 0, 0, 0, 1};
    kazi_planning_year y[2];
    kazi_planning_project(y, 2, 7, &a);
    assert_float_equal(y[0].exits, 7, 1e-9);
    assert_float_equal(y[0].supply, 0, 1e-9);
    assert_float_equal(y[1].supply, 0, 1e-9);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_planning__projection_matches_a_hand_computation),
        cmocka_unit_test(test_planning__supply_never_goes_below_zero),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
