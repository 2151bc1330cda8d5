/*
 * error — Kazi's result codes and the thread-local "last error".
 * Owns: the code list, the per-thread message/field buffer, the code names, and the
 * rendering of a translated message (a template with {1}, {2} ... for the printf
 * format's arguments).
 * Uses: nothing but libc.
 * Thread-safety: each thread has its own last error; functions are reentrant. The
 * translator is installed once before serving.
 */
#ifndef KAZI_UTIL_ERROR_H
#define KAZI_UTIL_ERROR_H

#include <stdarg.h>
#include <stddef.h>

enum {
    KAZI_OK = 0,
    KAZI_ERROR = -1,       /* internal failure: a bug, the disk, a library */
    KAZI_ENOTFOUND = -2,   /* the thing asked for does not exist (or is out of scope) */
    KAZI_EEXISTS = -3,     /* would create a duplicate */
    KAZI_EINVALID = -4,    /* a value fails validation; field names which */
    KAZI_EDENIED = -5,     /* authenticated but not allowed */
    KAZI_EBUSY = -6,       /* the database or a resource is locked; retry */
    KAZI_ETIMEOUT = -7,    /* a deadline passed */
    KAZI_EPLUGIN = -8,     /* a Lua plugin failed: message names file and line */
    KAZI_EMALFORMED = -9,  /* the request cannot be parsed (bad JSON, bad CSV) */
    KAZI_ETOOBIG = -10,    /* the request exceeds a size limit */
    KAZI_EUNAUTH = -11,    /* no valid credentials */
    KAZI_ECONFLICT = -12,  /* a precondition (expected version) failed */
    KAZI_ERATELIMIT = -13, /* too many attempts; retry later */
    KAZI_EMETHOD = -14,    /* the resource exists but not with this method */
    KAZI_EVERSION = -15,   /* data made by a newer Kazi */
    KAZI_EFULL = -16,      /* the disk (or quota) holding Kazi's data is full; nothing saved */
};

/*
 * Record the last error of this thread and return `code`, so that a failing
 * function can `return kazi_error_set(KAZI_EINVALID, "birth_date", "...")`.
 * `field` may be NULL. The message is formatted like printf and truncated to
 * the buffer (512 bytes).
 */
int kazi_error_set(int code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int kazi_error_vset(int code, const char *field, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

/* Like kazi_error_set but with an explicit machine-readable code string for the
 * JSON body (e.g. "malformed_json"); `slug` must be a string literal. */
int kazi_error_set_slug(int code, const char *slug, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/*
 * Like kazi_error_set for a failed system call: `err` is its errno. ENOSPC and EDQUOT
 * become KAZI_EFULL (the HTTP layer answers 507), anything else KAZI_ERROR; the
 * message gets ": <strerror(err)>" appended (for a full disk, "the disk is full (…);
 * nothing was saved"). Every writer (database, configuration
 * repository, temporary files) reports a full disk through this or KAZI_EFULL.
 */
int kazi_error_errno(int err, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * Messages are gettext-style: the msgid IS the English printf format given to
 * kazi_error_set (and _vset, _set_slug, _errno). When a translator is installed, each set
 * asks it for a translation of the format in the current language (util/lang); a
 * translation is a template whose {1}, {2} ... stand for the format's arguments in order.
 * Each argument is formatted by its own conversion in the English format (so "%.3s" or
 * "%zu" mean the same in every language) and put in its place; nothing else of the
 * template is interpreted, so a translation can never add a conversion.
 *
 * The translator copies the template for `msgid` into buf (NUL-terminated, at most
 * `size` bytes) and returns 1, or returns 0 when it has none (the English format is
 * used). It must not call kazi_error_set. NULL uninstalls. The i18n owner
 * (domain/i18n) installs it; util knows nothing of languages' sources.
 */
typedef int (*kazi_error_translator)(char *buf, size_t size, const char *msgid);
void kazi_error_set_translator(kazi_error_translator fn);

/*
 * Words that are not an error but are shown to the user with one (a problem of a file's
 * row, a command's report line): printf format `fmt` with its arguments, worded as
 * kazi_error_set words a message (translated in the current language), into out
 * (NUL-terminated, cut at a character boundary). Sets no last error. Returns out.
 */
const char *kazi_error_format(char *out, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Largest template a translator hands over (longer ones are cut). */
enum { KAZI_ERROR_TEMPLATE_MAX = 1024 };

/* How many arguments printf format `fmt` consumes (a "*" width or precision counts as
 * one: "%.*s" takes two), or -1 when `fmt` has a conversion Kazi does not render (the
 * supported ones: d i u x X o c s f F g G e E p with flags, width, precision and the
 * length modifiers hh h l ll z j t L; %% takes none). */
int kazi_error_format_args(const char *fmt);

/* How many value placeholders the format shows: as kazi_error_format_args, but a "*"
 * width or precision is not one of them ("%.*s" is one placeholder). -1 as above. */
int kazi_error_format_values(const char *fmt);

/*
 * Check translation `tmpl` of `msgid`: KAZI_OK, or KAZI_EINVALID with the reason in
 * `why` (NUL-terminated, at most `size` bytes; no last error is set) when msgid is not a
 * format Kazi renders, or the template names {0} or a {n} beyond the format's values.
 * A "{" that does not open {digits} is plain text.
 */
int kazi_error_template_check(const char *msgid, const char *tmpl, char *why, size_t size);

/*
 * Render: format each value of printf format `fmt` (arguments in `ap`) by its conversion
 * and substitute them for {1}, {2} ... in `tmpl`, into out (NUL-terminated, cut at a
 * character boundary when it does not fit). A {n} beyond the values stays as written.
 * Returns the length written, or -1 when fmt is not renderable (out then holds the
 * plain printf rendering of fmt).
 */
int kazi_error_render(char *out, size_t size, const char *fmt, const char *tmpl, va_list ap)
    __attribute__((format(printf, 3, 0)));

/* Attach extra detail (a small integer pair such as line/column) to the last error. */
void kazi_error_set_position(int line, int column);

typedef struct kazi_error {
    int code;
    const char *slug; /* NULL: derived from code */
    char field[64];
    char message[512];
    int line, column; /* 0 when not applicable */
} kazi_error;

/*
 * Several field errors at once (a form with three mistakes hears of all three). A
 * validation notes each KAZI_EINVALID in a kazi_check_list and goes on; at the end
 * kazi_check_done makes the first the last error (so callers that read one field still
 * work) and keeps all of them with it, until the next set or clear.
 */
enum { KAZI_FIELD_ERRORS_MAX = 16 };
typedef struct kazi_field_error {
    char field[64];
    char message[256];
} kazi_field_error;
typedef struct kazi_check_list {
    kazi_field_error e[KAZI_FIELD_ERRORS_MAX];
    int n;
} kazi_check_list;
/* rc of one check: KAZI_EINVALID is noted in `l` (the last error's field and message;
 * a field already noted keeps its first message) and KAZI_OK returned, so the
 * validation goes on; any other rc is returned as it is. */
int kazi_check_note(kazi_check_list *l, int rc);
/* KAZI_OK when nothing was noted; else KAZI_EINVALID with the first noted error as the
 * last error, carrying every noted one (kazi_error_fields). */
int kazi_check_done(const kazi_check_list *l);
/* The field errors the last error carries; *n = 0 when it carries none. */
const kazi_field_error *kazi_error_fields(int *n);
/* The last error recorded on this thread; never NULL. Lent until the next set/clear. */
const kazi_error *kazi_error_last(void);

/* Forget the last error of this thread. */
void kazi_error_clear(void);

/* Stable lowercase name of a code ("not_found", "invalid_field", ...). */
const char *kazi_error_name(int code);

#endif
