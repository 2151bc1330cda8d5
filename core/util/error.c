#include "util/error.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

static _Thread_local kazi_error last;
static _Thread_local kazi_check_list fields; /* those the last error carries */
static kazi_error_translator translator;

void kazi_error_set_translator(kazi_error_translator fn)
{
    translator = fn;
}

/* After a truncating snprintf into s: drop a UTF-8 sequence cut short at the end, so a
 * message that was valid text stays valid text (it goes into JSON error bodies). */
static void cut_at_character(char *s)
{
    size_t len = strlen(s), lead = len;
    while (lead > 0 && len - lead < 4 && ((unsigned char)s[lead - 1] & 0xc0) == 0x80)
        lead--;
    if (lead == 0) return;
    unsigned char c = (unsigned char)s[lead - 1];
    size_t want = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    if (len - (lead - 1) < want) s[lead - 1] = '\0';
}

/* ---- rendering a translation ------------------------------------------------------ */

enum { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_Z, LEN_J, LEN_T, LEN_BIG_L };

/* One conversion of a printf format: where its text is and what it reads. */
typedef struct conversion {
    const char *start; /* the '%' */
    size_t len;        /* through the conversion character */
    char conv;         /* 'd', 's', ... ('%' for %%) */
    int length;        /* LEN_* */
    int star_width, star_precision;
} conversion;

enum { VALUES_MAX = 32, PIECES_SIZE = 4096, SPEC_MAX = 64 };

/* The next conversion of *p (advanced past it): 1, 0 at the end, -1 when it is not one
 * Kazi renders (%n, %ls, %a, an unknown letter, a spec too long to copy). */
static int next_conversion(const char **p, conversion *c)
{
    const char *s = strchr(*p, '%');
    if (!s) return 0;
    memset(c, 0, sizeof *c);
    c->start = s++;
    if (*s == '%') {
        c->conv = '%';
        c->len = 2;
        *p = s + 1;
        return 1;
    }
    while (*s && strchr("-+ #0'", *s))
        s++;
    if (*s == '*') {
        c->star_width = 1;
        s++;
    } else
        while (*s >= '0' && *s <= '9')
            s++;
    if (*s == '.') {
        s++;
        if (*s == '*') {
            c->star_precision = 1;
            s++;
        } else
            while (*s >= '0' && *s <= '9')
                s++;
    }
    if (s[0] == 'h' && s[1] == 'h')
        c->length = LEN_HH, s += 2;
    else if (s[0] == 'l' && s[1] == 'l')
        c->length = LEN_LL, s += 2;
    else if (*s && strchr("hlzjtL", *s)) {
        static const char mods[] = "hlzjtL";
        static const int lens[] = {LEN_H, LEN_L, LEN_Z, LEN_J, LEN_T, LEN_BIG_L};
        c->length = lens[strchr(mods, *s) - mods];
        s++;
    }
    if (!*s || !strchr("diuxXocsfFgGeEp", *s)) return -1;
    c->conv = *s;
    int is_float = strchr("fFgGeE", c->conv) != NULL;
    if ((c->length == LEN_BIG_L) != is_float && c->length != LEN_NONE) return -1;
    if ((c->conv == 'c' || c->conv == 's' || c->conv == 'p') && c->length != LEN_NONE) return -1;
    if (is_float && c->length != LEN_NONE && c->length != LEN_BIG_L) return -1;
    c->len = (size_t)(s + 1 - c->start);
    if (c->len >= SPEC_MAX - 24) return -1; /* room to write out the star numbers */
    *p = s + 1;
    return 1;
}

static int count_format(const char *fmt, int with_stars)
{
    conversion c;
    int n = 0, rc;
    const char *p = fmt;
    while ((rc = next_conversion(&p, &c)) > 0)
        if (c.conv != '%') n += 1 + (with_stars ? c.star_width + c.star_precision : 0);
    return rc < 0 ? -1 : n;
}

int kazi_error_format_args(const char *fmt)
{
    return fmt ? count_format(fmt, 1) : -1;
}

int kazi_error_format_values(const char *fmt)
{
    return fmt ? count_format(fmt, 0) : -1;
}

/* A "{n}" at t: its number (1..99) and length, or 0 when t does not open one. */
static int placeholder(const char *t, size_t *len)
{
    if (t[0] != '{' || t[1] < '0' || t[1] > '9') return 0;
    int n = t[1] - '0';
    size_t i = 2;
    if (t[2] >= '0' && t[2] <= '9') n = n * 10 + (t[i++] - '0');
    if (t[i] != '}') return 0;
    *len = i + 1;
    return n ? n : -1; /* {0}: a placeholder, never a valid one */
}

int kazi_error_template_check(const char *msgid, const char *tmpl, char *why, size_t size)
{
    int values = kazi_error_format_values(msgid);
    if (values < 0) {
        snprintf(why, size, "the message is not one Kazi can translate");
        return KAZI_EINVALID;
    }
    for (const char *t = tmpl; *t; t++) {
        size_t len;
        int n = placeholder(t, &len);
        if (n == 0) continue;
        if (n < 0 || n > values) {
            if (values == 0)
                snprintf(why, size, "{%.*s} has no value: the message has none", (int)len - 2,
                         t + 1);
            else
                snprintf(why, size, "{%.*s} has no value: the message has {1} to {%d}",
                         (int)len - 2, t + 1, values);
            return KAZI_EINVALID;
        }
        t += len - 1;
    }
    return KAZI_OK;
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
/* Format the value of conversion c (reading its star arguments first) into out. */
static void format_value(char *out, size_t size, const conversion *c, va_list *ap)
{
    char spec[SPEC_MAX];
    size_t n = 0;
    const char *s = c->start, *end = c->start + c->len;
    int width = c->star_width ? va_arg(*ap, int) : 0;
    int precision = c->star_precision ? va_arg(*ap, int) : 0;
    for (; s < end; s++) {
        if (*s == '*') {
            int v = (n && spec[n - 1] == '.') ? precision : width;
            n += (size_t)snprintf(spec + n, sizeof spec - n, "%d", v);
        } else
            spec[n++] = *s;
    }
    spec[n] = '\0';
    switch (c->conv) {
    case 'd':
    case 'i':
        switch (c->length) {
        case LEN_L:
            snprintf(out, size, spec, va_arg(*ap, long));
            break;
        case LEN_LL:
            snprintf(out, size, spec, va_arg(*ap, long long));
            break;
        case LEN_Z:
            snprintf(out, size, spec, va_arg(*ap, ssize_t));
            break;
        case LEN_J:
            snprintf(out, size, spec, va_arg(*ap, intmax_t));
            break;
        case LEN_T:
            snprintf(out, size, spec, va_arg(*ap, ptrdiff_t));
            break;
        default: /* hh, h: promoted to int */
            snprintf(out, size, spec, va_arg(*ap, int));
        }
        break;
    case 'u':
    case 'x':
    case 'X':
    case 'o':
        switch (c->length) {
        case LEN_L:
            snprintf(out, size, spec, va_arg(*ap, unsigned long));
            break;
        case LEN_LL:
            snprintf(out, size, spec, va_arg(*ap, unsigned long long));
            break;
        case LEN_Z:
            snprintf(out, size, spec, va_arg(*ap, size_t));
            break;
        case LEN_J:
            snprintf(out, size, spec, va_arg(*ap, uintmax_t));
            break;
        case LEN_T:
            snprintf(out, size, spec, va_arg(*ap, ptrdiff_t));
            break;
        default:
            snprintf(out, size, spec, va_arg(*ap, unsigned));
        }
        break;
    case 'c':
        snprintf(out, size, spec, va_arg(*ap, int));
        break;
    case 's': {
        const char *str = va_arg(*ap, const char *);
        snprintf(out, size, spec, str ? str : "(null)");
        break;
    }
    case 'p':
        snprintf(out, size, spec, va_arg(*ap, void *));
        break;
    default: /* f F g G e E */
        if (c->length == LEN_BIG_L)
            snprintf(out, size, spec, va_arg(*ap, long double));
        else
            snprintf(out, size, spec, va_arg(*ap, double));
    }
}
#pragma GCC diagnostic pop

int kazi_error_render(char *out, size_t size, const char *fmt, const char *tmpl, va_list ap)
{
    int values = kazi_error_format_values(fmt);
    if (values < 0 || values > VALUES_MAX) {
        if (vsnprintf(out, size, fmt, ap) >= (int)size) cut_at_character(out);
        return -1;
    }
    char pieces[PIECES_SIZE];
    size_t at[VALUES_MAX], used = 0;
    conversion c;
    const char *p = fmt;
    va_list args;
    va_copy(args, ap);
    for (int i = 0; next_conversion(&p, &c) > 0;) {
        if (c.conv == '%') continue;
        at[i++] = used;
        format_value(pieces + used, sizeof pieces - used, &c, &args);
        cut_at_character(pieces + used);
        used += strlen(pieces + used) + 1;
        if (used >= sizeof pieces) used = sizeof pieces - 1; /* the rest are empty */
    }
    va_end(args);
    size_t n = 0;
    for (const char *t = tmpl; *t && n + 1 < size;) {
        size_t len;
        int k = placeholder(t, &len);
        if (k > 0 && k <= values) {
            const char *v = pieces + at[k - 1];
            size_t vl = strlen(v);
            if (vl > size - 1 - n) vl = size - 1 - n;
            memcpy(out + n, v, vl);
            n += vl;
            t += len;
        } else
            out[n++] = *t++;
    }
    out[n] = '\0';
    cut_at_character(out);
    return (int)strlen(out);
}

int kazi_error_vset(int code, const char *field, const char *fmt, va_list ap)
{
    last.code = code;
    last.slug = NULL;
    fields.n = 0;
    last.line = last.column = 0;
    if (snprintf(last.field, sizeof last.field, "%s", field ? field : "") >= (int)sizeof last.field)
        cut_at_character(last.field);
    char tmpl[KAZI_ERROR_TEMPLATE_MAX];
    if (translator && fmt && translator(tmpl, sizeof tmpl, fmt) == 1)
        kazi_error_render(last.message, sizeof last.message, fmt, tmpl, ap);
    else if (vsnprintf(last.message, sizeof last.message, fmt, ap) >= (int)sizeof last.message)
        cut_at_character(last.message);
    return code;
}

const char *kazi_error_format(char *out, size_t size, const char *fmt, ...)
{
    if (!size) return out;
    va_list ap;
    va_start(ap, fmt);
    char tmpl[KAZI_ERROR_TEMPLATE_MAX];
    if (translator && fmt && translator(tmpl, sizeof tmpl, fmt) == 1)
        kazi_error_render(out, size, fmt, tmpl, ap);
    else if (vsnprintf(out, size, fmt, ap) >= (int)size)
        cut_at_character(out);
    va_end(ap);
    return out;
}

int kazi_error_set(int code, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kazi_error_vset(code, field, fmt, ap);
    va_end(ap);
    return code;
}

int kazi_error_set_slug(int code, const char *slug, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kazi_error_vset(code, field, fmt, ap);
    va_end(ap);
    last.slug = slug;
    return code;
}

void kazi_error_set_position(int line, int column)
{
    last.line = line;
    last.column = column;
}

const kazi_error *kazi_error_last(void)
{
    return &last;
}

void kazi_error_clear(void)
{
    memset(&last, 0, sizeof last);
    fields.n = 0;
}

int kazi_check_note(kazi_check_list *l, int rc)
{
    if (rc != KAZI_EINVALID) return rc;
    for (int i = 0; i < l->n; i++) /* one message per field: the first found */
        if (last.field[0] && !strcmp(l->e[i].field, last.field)) return KAZI_OK;
    if (l->n < KAZI_FIELD_ERRORS_MAX) {
        kazi_field_error *e = &l->e[l->n++];
        snprintf(e->field, sizeof e->field, "%s", last.field);
        if (snprintf(e->message, sizeof e->message, "%s", last.message) >= (int)sizeof e->message)
            cut_at_character(e->message);
    }
    return KAZI_OK;
}

int kazi_check_done(const kazi_check_list *l)
{
    if (!l->n) return KAZI_OK;
    kazi_error_set(KAZI_EINVALID, l->e[0].field[0] ? l->e[0].field : NULL, "%s", l->e[0].message);
    if (l->n > 1) fields = *l;
    return KAZI_EINVALID;
}

const kazi_field_error *kazi_error_fields(int *n)
{
    *n = fields.n;
    return fields.e;
}

int kazi_error_errno(int err, const char *field, const char *fmt, ...)
{
    int code = (err == ENOSPC || err == EDQUOT) ? KAZI_EFULL : KAZI_ERROR;
    char what[256], tmpl[KAZI_ERROR_TEMPLATE_MAX];
    va_list ap;
    va_start(ap, fmt);
    if (translator && translator(tmpl, sizeof tmpl, fmt) == 1)
        kazi_error_render(what, sizeof what, fmt, tmpl, ap);
    else if (vsnprintf(what, sizeof what, fmt, ap) >= (int)sizeof what)
        cut_at_character(what);
    va_end(ap);
    if (code == KAZI_EFULL)
        return kazi_error_set(code, field, "%s: the disk is full (%s); nothing was saved", what,
                              strerror(err));
    return kazi_error_set(code, field, "%s: %s", what, strerror(err));
}

static const struct {
    int code;
    const char *name;
} names[] = {
    {KAZI_OK, "ok"},
    {KAZI_ERROR, "internal_error"},
    {KAZI_ENOTFOUND, "not_found"},
    {KAZI_EEXISTS, "already_exists"},
    {KAZI_EINVALID, "invalid_field"},
    {KAZI_EDENIED, "forbidden"},
    {KAZI_EBUSY, "busy"},
    {KAZI_ETIMEOUT, "timeout"},
    {KAZI_EPLUGIN, "plugin_error"},
    {KAZI_EMALFORMED, "bad_request"},
    {KAZI_ETOOBIG, "payload_too_large"},
    {KAZI_EUNAUTH, "unauthenticated"},
    {KAZI_ECONFLICT, "conflict"},
    {KAZI_ERATELIMIT, "rate_limited"},
    {KAZI_EMETHOD, "method_not_allowed"},
    {KAZI_EVERSION, "version_mismatch"},
    {KAZI_EFULL, "insufficient_storage"},
};

const char *kazi_error_name(int code)
{
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].code == code) return names[i].name;
    return "internal_error";
}
