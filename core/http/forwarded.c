#include "http/forwarded.h"

#include <arpa/inet.h>
#include <stdatomic.h>
#include <string.h>

static atomic_int trusted;

void kazi_forwarded_trust(int on)
{
    atomic_store(&trusted, on != 0);
}

/* A plain IPv4 or IPv6 address, nothing around it. */
static int is_address(const char *s, size_t n)
{
    char copy[INET6_ADDRSTRLEN];
    unsigned char bin[sizeof(struct in6_addr)];
    if (n == 0 || n >= sizeof copy) return 0;
    memcpy(copy, s, n);
    copy[n] = '\0';
    return inet_pton(AF_INET, copy, bin) == 1 || inet_pton(AF_INET6, copy, bin) == 1;
}

/* 127.0.0.0/8, ::1, or 127/8 mapped into IPv6. */
static int is_loopback(const char *addr)
{
    if (!addr) return 0;
    if (!strncmp(addr, "::ffff:", 7)) addr += 7;
    unsigned char v4[4], v6[16];
    if (inet_pton(AF_INET, addr, v4) == 1) return v4[0] == 127;
    static const unsigned char one[16] = {[15] = 1};
    return inet_pton(AF_INET6, addr, v6) == 1 && !memcmp(v6, one, sizeof one);
}

void kazi_forwarded_apply(kazi_req *req)
{
    if (!atomic_load(&trusted) || !is_loopback(req->remote_addr)) return;
    const char *xff = kazi_req_header(req, "X-Forwarded-For");
    if (!xff) return;
    const char *last = strrchr(xff, ',');
    last = last ? last + 1 : xff;
    while (*last == ' ' || *last == '\t')
        last++;
    /* anything but a plain address (trailing blanks included): keep the peer */
    if (!is_address(last, strlen(last))) return;
    req->remote_addr = last;
}
