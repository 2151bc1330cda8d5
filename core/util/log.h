/*
 * log — structured JSON-lines logging on stderr.
 * Owns: the log level, the line format, this thread's current request id.
 * Uses: util/clock for timestamps.
 * Thread-safety: safe; every write to stderr holds one lock, so lines from different
 * threads never interleave. Deferred lines (the access log) are kept in a buffer per
 * thread and written by a writer thread, off the request path.
 */
#ifndef KAZI_UTIL_LOG_H
#define KAZI_UTIL_LOG_H

#include <stddef.h>

typedef enum { KAZI_LOG_DEBUG, KAZI_LOG_INFO, KAZI_LOG_WARN, KAZI_LOG_ERROR } kazi_log_level;

/* Lines below `level` are dropped. Default: KAZI_LOG_INFO. */
void kazi_log_set_level(kazi_log_level level);

/* Bind a request id to this thread; every line it logs carries it. NULL unbinds.
 * The string is copied (at most 63 bytes). */
void kazi_log_set_request_id(const char *id);
const char *kazi_log_request_id(void);

/* One line: {"ts":..,"level":..,"msg":..,"request_id":..} plus `extra`, which must be
 * either NULL or a JSON object body without braces (`"k":1,"s":"v"`) the caller built
 * with kazi_log_escape. */
void kazi_log(kazi_log_level level, const char *extra, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define kazi_log_info(...)  kazi_log(KAZI_LOG_INFO, NULL, __VA_ARGS__)
#define kazi_log_warn(...)  kazi_log(KAZI_LOG_WARN, NULL, __VA_ARGS__)
#define kazi_log_error(...) kazi_log(KAZI_LOG_ERROR, NULL, __VA_ARGS__)

/*
 * The same line, written later: while the writer thread runs (kazi_log_writer_start)
 * it goes into this thread's buffer, which the writer thread empties every 20 ms (or
 * this thread, when its buffer is full), so a request pays no write(2) for it; before
 * kazi_log_writer_start and after kazi_log_writer_stop it is written at once. Lines of
 * one thread stay in order; `msg` is plain text (not a format).
 */
void kazi_log_deferred(kazi_log_level level, const char *extra, const char *msg);

/* Start / stop the writer thread; stopping writes every buffered line first.
 * start returns -1 if the thread cannot be created (lines are then written at once). */
int kazi_log_writer_start(void);
void kazi_log_writer_stop(void);

/* Write `s` as JSON string content (without quotes) into buf; always NUL-terminates;
 * returns bytes written (excluding NUL). */
size_t kazi_log_escape(char *buf, size_t size, const char *s);

#endif
