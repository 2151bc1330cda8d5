#include "util/error.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static _Thread_local kazi_error last;
static _Thread_local kazi_check_list fields; /* those the last error carries */

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

int kazi_error_vset(int code, const char *field, const char *fmt, va_list ap)
{
    last.code = code;
    last.slug = NULL;
    fields.n = 0;
    last.line = last.column = 0;
    if (snprintf(last.field, sizeof last.field, "%s", field ? field : "") >= (int)sizeof last.field)
        cut_at_character(last.field);
    if (vsnprintf(last.message, sizeof last.message, fmt, ap) >= (int)sizeof last.message)
        cut_at_character(last.message);
    return code;
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
    char what[256];
    va_list ap;
    va_start(ap, fmt);
    if (vsnprintf(what, sizeof what, fmt, ap) >= (int)sizeof what) cut_at_character(what);
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
