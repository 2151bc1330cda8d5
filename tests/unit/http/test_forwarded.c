/* Forwarded: which address is the client's behind the proxy, and when the header is
 * ignored (not trusted, a peer off loopback, not a plain address). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include <strings.h>

#include "http/forwarded.h"

static const char *xff_value;

static const char *headers(void *ctx, const char *name)
{
    (void)ctx;
    return !strcasecmp(name, "X-Forwarded-For") ? xff_value : NULL;
}

/* The address kazi_forwarded_apply leaves for a peer and an X-Forwarded-For value. */
static const char *client(const char *peer, const char *xff)
{
    xff_value = xff;
    kazi_req req = {.remote_addr = peer, .header_fn = headers};
    kazi_forwarded_apply(&req);
    return req.remote_addr;
}

/* A peer, its X-Forwarded-For value (NULL: none) and the client address expected. */
typedef struct {
    const char *peer, *xff, *expect;
} forwarded_case;

/* Each case's peer and value give its expected client address. */
static void expect_clients(const forwarded_case *cases, size_t n)
{
    for (size_t i = 0; i < n; i++)
        assert_string_equal(client(cases[i].peer, cases[i].xff), cases[i].expect);
}

static int trusted(void **state)
{
    (void)state;
    kazi_forwarded_trust(1);
    return 0;
}

static int untrusted(void **state)
{
    (void)state;
    kazi_forwarded_trust(0);
    return 0;
}

static void test_forwarded__the_proxy_s_last_entry_from_a_loopback_peer(void **state)
{
    (void)state;
    static const forwarded_case cases[] = {
        {"127.0.0.1", "192.0.2.7", "192.0.2.7"},
        {"127.0.0.1", "10.1.1.1, 192.0.2.8", "192.0.2.8"},
        {"127.0.0.1", "10.1.1.1,192.0.2.9", "192.0.2.9"},
        {"::1", "2001:db8::5", "2001:db8::5"},
        {"::ffff:127.0.0.1", "192.0.2.10", "192.0.2.10"},
        {"127.0.0.2", "192.0.2.11", "192.0.2.11"},
    };
    expect_clients(cases, sizeof cases / sizeof *cases);
}

static void test_forwarded__anything_but_a_plain_address_keeps_the_peer(void **state)
{
    (void)state;
    static const forwarded_case cases[] = {
        {"127.0.0.1", NULL, "127.0.0.1"},             /* no header */
        {"127.0.0.1", "", "127.0.0.1"},               /* empty */
        {"127.0.0.1", "unknown", "127.0.0.1"},        /* a word */
        {"127.0.0.1", "192.0.2.1 ", "127.0.0.1"},     /* a trailing space */
        {"127.0.0.1", "192.0.2.1, ", "127.0.0.1"},    /* an empty last entry */
        {"127.0.0.1", "192.0.2.1:4000", "127.0.0.1"}, /* with a port */
        {"127.0.0.1", "192.0.2.300", "127.0.0.1"},    /* not an address */
        {"127.0.0.1", "[2001:db8::1]", "127.0.0.1"},  /* bracketed */
    };
    expect_clients(cases, sizeof cases / sizeof *cases);
    char longest[200];
    memset(longest, '1', sizeof longest - 1);
    longest[sizeof longest - 1] = '\0';
    assert_string_equal(client("127.0.0.1", longest), "127.0.0.1");
}

static void test_forwarded__a_peer_off_loopback_is_the_client(void **state)
{
    (void)state;
    static const forwarded_case cases[] = {
        {"192.0.2.50", "10.0.0.1", "192.0.2.50"},
        {"2001:db8::9", "10.0.0.1", "2001:db8::9"},
        {"::ffff:192.0.2.50", "10.0.0.1", "::ffff:192.0.2.50"},
        {"128.0.0.1", "10.0.0.1", "128.0.0.1"},
    };
    expect_clients(cases, sizeof cases / sizeof *cases);
}

static void test_forwarded__untrusted_ignores_the_header(void **state)
{
    (void)state;
    static const forwarded_case cases[] = {
        {"127.0.0.1", "192.0.2.7", "127.0.0.1"},
        {"::1", "2001:db8::5", "::1"},
    };
    expect_clients(cases, sizeof cases / sizeof *cases);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_forwarded__the_proxy_s_last_entry_from_a_loopback_peer,
                               trusted),
        cmocka_unit_test_setup(test_forwarded__anything_but_a_plain_address_keeps_the_peer,
                               trusted),
        cmocka_unit_test_setup(test_forwarded__a_peer_off_loopback_is_the_client, trusted),
        cmocka_unit_test_setup(test_forwarded__untrusted_ignores_the_header, untrusted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
