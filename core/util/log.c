#include "util/log.h"
#include "util/buf.h"
#include "util/clock.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
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
    kazi_str_copy(request_id, sizeof request_id, id ? id : "");
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

/* A line's timestamp, "2026-12-03T12:50:22.453Z" (kazi_clock_format writes it digit by
 * digit, so no per-second cache of its first part is needed). */
static void timestamp(char ts[32])
{
    kazi_clock_format(ts, 32, kazi_clock_now_ms());
}

/* Append n bytes of s at *at in line (cut at end); the pieces of a line. */
static void put(char *line, size_t *at, size_t end, const char *s, size_t n)
{
    if (*at + n > end) n = end > *at ? end - *at : 0;
    memcpy(line + *at, s, n);
    *at += n;
}

#define PUT(lit) put(line, &n, end, lit, sizeof lit - 1)

/* Format one whole line (ending in '\n') into line; returns its length. Pieces copied
 * one after another (no format string to interpret): every request writes one. */
static int format_line(char *line, size_t size, kazi_log_level level, const char *extra,
                       const char *esc)
{
    char ts[32];
    timestamp(ts);
    size_t n = 0, end = size - 2; /* room for "}\n" */
    PUT("{\"ts\":\"");
    put(line, &n, end, ts, strlen(ts));
    PUT("\",\"level\":\"");
    put(line, &n, end, level_names[level], strlen(level_names[level]));
    PUT("\",\"msg\":\"");
    put(line, &n, end, esc, strlen(esc));
    PUT("\"");
    if (request_id[0]) {
        PUT(",\"request_id\":\"");
        put(line, &n, end, request_id, strlen(request_id));
        PUT("\"");
    }
    if (extra && *extra) {
        PUT(",");
        put(line, &n, end, extra, strlen(extra));
    }
    line[n++] = '}';
    line[n++] = '\n';
    return (int)n;
}

/* Every write to stderr holds this, so a deferred batch and a direct line never
 * interleave even where one write(2) is not atomic (pipes, above PIPE_BUF bytes). */
static pthread_mutex_t write_lock = PTHREAD_MUTEX_INITIALIZER;

static void write_out(const char *p, size_t n)
{
    pthread_mutex_lock(&write_lock);
    while (n) {
        ssize_t w = write(STDERR_FILENO, p, n);
        if (w <= 0) break; /* nowhere left to report a failed log write */
        p += w;
        n -= (size_t)w;
    }
    pthread_mutex_unlock(&write_lock);
}

void kazi_log(kazi_log_level level, const char *extra, const char *fmt, ...)
{
    if (level < min_level) return;
    char msg[1024], esc[2048], line[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    kazi_log_escape(esc, sizeof esc, msg);
    int n = format_line(line, sizeof line, level, extra, esc);
    write_out(line, (size_t)n);
}

/* ---- deferred lines: a buffer per thread, written by the writer thread ---- */

#define DEFER_CAP      (64 * 1024)     /* per thread; full, the thread writes it itself */
#define DEFER_FLUSH_NS (20 * 1000000L) /* how often the writer thread empties them */

typedef struct defer_buf {
    pthread_mutex_t lock;
    size_t len;
    int in_use; /* owned by a live thread */
    struct defer_buf *next;
    char data[DEFER_CAP];
} defer_buf;

static pthread_mutex_t bufs_lock = PTHREAD_MUTEX_INITIALIZER;
static defer_buf *bufs;
static pthread_key_t bufs_key;
static pthread_once_t bufs_once = PTHREAD_ONCE_INIT;
static _Thread_local defer_buf *mine;
static atomic_int writer_on;
static pthread_t writer;
static pthread_mutex_t writer_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t writer_wake = PTHREAD_COND_INITIALIZER;
static int writer_stop;

/* Write out and empty b; the caller holds b->lock. */
static void drain(defer_buf *b)
{
    if (b->len) write_out(b->data, b->len);
    b->len = 0;
}

static void drain_all(void)
{
    pthread_mutex_lock(&bufs_lock);
    for (defer_buf *b = bufs; b; b = b->next) {
        pthread_mutex_lock(&b->lock);
        drain(b);
        pthread_mutex_unlock(&b->lock);
    }
    pthread_mutex_unlock(&bufs_lock);
}

/* A thread ends: its lines go out and its buffer is free for the next thread. */
static void release_buf(void *p)
{
    defer_buf *b = p;
    pthread_mutex_lock(&b->lock);
    drain(b);
    b->in_use = 0;
    pthread_mutex_unlock(&b->lock);
}

static void make_key(void)
{
    pthread_key_create(&bufs_key, release_buf);
}

static defer_buf *my_buf(void)
{
    if (mine) return mine;
    pthread_once(&bufs_once, make_key);
    pthread_mutex_lock(&bufs_lock);
    defer_buf *b;
    for (b = bufs; b; b = b->next) {
        pthread_mutex_lock(&b->lock);
        int free_one = !b->in_use;
        if (free_one) b->in_use = 1;
        pthread_mutex_unlock(&b->lock);
        if (free_one) break;
    }
    if (!b && (b = calloc(1, sizeof *b))) {
        pthread_mutex_init(&b->lock, NULL);
        b->in_use = 1;
        b->next = bufs;
        bufs = b;
    }
    pthread_mutex_unlock(&bufs_lock);
    if (b) pthread_setspecific(bufs_key, b);
    return mine = b;
}

static void *writer_main(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&writer_lock);
    while (!writer_stop) {
        struct timespec t;
        clock_gettime(CLOCK_REALTIME, &t);
        t.tv_nsec += DEFER_FLUSH_NS;
        if (t.tv_nsec >= 1000000000L) {
            t.tv_sec++;
            t.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&writer_wake, &writer_lock, &t);
        pthread_mutex_unlock(&writer_lock);
        drain_all();
        pthread_mutex_lock(&writer_lock);
    }
    pthread_mutex_unlock(&writer_lock);
    return NULL;
}

int kazi_log_writer_start(void)
{
    if (atomic_load(&writer_on)) return 0;
    writer_stop = 0;
    if (pthread_create(&writer, NULL, writer_main, NULL) != 0) return -1;
    atomic_store(&writer_on, 1);
    return 0;
}

void kazi_log_writer_stop(void)
{
    if (!atomic_exchange(&writer_on, 0)) return;
    pthread_mutex_lock(&writer_lock);
    writer_stop = 1;
    pthread_cond_signal(&writer_wake);
    pthread_mutex_unlock(&writer_lock);
    pthread_join(writer, NULL);
    drain_all();
}

void kazi_log_deferred(kazi_log_level level, const char *extra, const char *msg)
{
    if (level < min_level) return;
    char esc[2048], line[4096];
    kazi_log_escape(esc, sizeof esc, msg);
    int n = format_line(line, sizeof line, level, extra, esc);
    defer_buf *b = atomic_load(&writer_on) ? my_buf() : NULL;
    if (!b) {
        write_out(line, (size_t)n);
        return;
    }
    pthread_mutex_lock(&b->lock);
    if (b->len + (size_t)n > DEFER_CAP) drain(b);
    memcpy(b->data + b->len, line, (size_t)n);
    b->len += (size_t)n;
    pthread_mutex_unlock(&b->lock);
}
