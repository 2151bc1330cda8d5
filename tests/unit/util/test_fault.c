/* util/fault: a named crash point kills the process with SIGKILL exactly when
 * $KAZI_FAULT names it (in a comma-separated list), and is a no-op otherwise — what the
 * drills rely on to stop the server at a precise instant. Each attempt runs in a child. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/fault.h"

/* Run KAZI_FAULT(point) in a child with $KAZI_FAULT = env (NULL: unset). The signal that
 * ended the child, or 0 when it returned from the point and exited normally. */
static int run_point(const char *env, const char *point)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        if (env)
            setenv("KAZI_FAULT", env, 1);
        else
            unsetenv("KAZI_FAULT");
        int devnull = open("/dev/null", O_WRONLY);
        if (devnull >= 0) dup2(devnull, 2);
        (void)point; /* unused where KAZI_FAULT is empty */
        KAZI_FAULT(point);
        _exit(0);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    if (WIFSIGNALED(status)) return WTERMSIG(status);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    return 0;
}

static void test_fault__named_point_kills(void **state)
{
    (void)state;
    if (!KAZI_FAULT_BUILD) skip();
    assert_int_equal(run_point("store.commit", "store.commit"), SIGKILL);
    assert_int_equal(run_point("a.b,store.commit,c.d", "store.commit"), SIGKILL);
    assert_int_equal(run_point("a.b,store.commit", "a.b"), SIGKILL);
}

static void test_fault__other_points_return(void **state)
{
    (void)state;
    assert_int_equal(run_point(NULL, "store.commit"), 0);
    assert_int_equal(run_point("", "store.commit"), 0);
    assert_int_equal(run_point("store.commit", "store.comm"), 0); /* a prefix is not a name */
    assert_int_equal(run_point("store.comm", "store.commit"), 0);
    assert_int_equal(run_point("a.b,,c.d,", "store.commit"), 0);
    assert_int_equal(run_point("xstore.commit", "store.commit"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fault__named_point_kills),
        cmocka_unit_test(test_fault__other_points_return),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
