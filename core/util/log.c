#include "util/log.h"
#include "util/clock.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static kazi_log_level min_level = KAZI_LOG_INFO;
static _Thread_local char request_id[64];

static const char *level_names[] = {"debug", "info", "warn", "error"};

void kazi_log_set_level(kazi_log_level level)
{
    min_level = level;
}

void kazi_log_set_request_id(const char *id)
{
    snprintf(request_id, sizeof request_id, "%s", id ? id : "");
}

const char *kazi_log_request_id(void)
{
    return request_id;
}

size_t kazi_log_escape(char *buf, size_t size, const char *s)
{
    size_t n = 0;
    if (size == 0) return 0;
    for (; s && *s && n + 7 < size; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            buf[n++] = '\\';
            buf[n++] = (char)c;
        } else if (c == '\n') {
            buf[n++] = '\\';
            buf[n++] = 'n';
        } else if (c < 0x20) {
            n += (size_t)snprintf(buf + n, size - n, "\\u%04x", c);
        } else {
            buf[n++] = (char)c;
        }
    }
    buf[n] = '\0';
    return n;
}

void kazi_log(kazi_log_level level, const char *extra, const char *fmt, ...)
{
    if (level < min_level) return;
    char msg[1024], esc[2048], ts[32], line[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    kazi_log_escape(esc, sizeof esc, msg);
    kazi_clock_format(ts, sizeof ts, kazi_clock_now_ms());
    int n = snprintf(line, sizeof line, "{\"ts\":\"%s\",\"level\":\"%s\",\"msg\":\"%s\"", ts,
                     level_names[level], esc);
    if (request_id[0] && n < (int)sizeof line)
        n += snprintf(line + n, sizeof line - (size_t)n, ",\"request_id\":\"%s\"", request_id);
    if (extra && *extra && n < (int)sizeof line)
        n += snprintf(line + n, sizeof line - (size_t)n, ",%s", extra);
    if (n > (int)sizeof line - 3) n = (int)sizeof line - 3;
    line[n++] = '}';
    line[n++] = '\n';
    ssize_t w = write(STDERR_FILENO, line, (size_t)n);
    (void)w; /* nowhere left to report a failed log write */
}
