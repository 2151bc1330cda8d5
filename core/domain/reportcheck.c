#include "domain/reportcheck.h"
#include "store/report.h"
#include "util/error.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Longest literal looked at: report SQL is short; the report connection refuses
 * statements past 100,000 bytes anyway. */
#define MAX_LITERAL 100000

typedef struct {
    kazi_report_db *schema;
    json_t *errors;
    const char *file;
    int problems;
} checker;

/* 0 when the text does not start like a query; 1 when it starts with select or with
 * in any case; 2 when the keyword is upper case (SELECT, WITH), as SQL is written and
 * a sentence ("Select a district") is not. */
static int starts_sql(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && isspace((unsigned char)s[i]))
        i++;
    static const char *const words[] = {"SELECT", "WITH", NULL};
    for (const char *const *w = words; *w; w++) {
        size_t k = strlen(*w);
        if (i + k < n && !strncasecmp(s + i, *w, k) && isspace((unsigned char)s[i + k]))
            return strncmp(s + i, *w, k) == 0 ? 2 : 1;
    }
    return 0;
}

/* Problems worth stopping a validation for: what the authorizer refuses, and names
 * that exist nowhere. Syntax errors are left alone: a literal may be a fragment. */
static int reportable(int rc, const char *message)
{
    if (rc == KAZI_EDENIED) return 1;
    return rc == KAZI_EINVALID &&
           (!strncmp(message, "no such table", 13) || !strncmp(message, "no such column", 14) ||
            !strncmp(message, "no such function", 16));
}

static void check_literal(checker *c, int line, const char *s, size_t n, int partial)
{
    int kind = starts_sql(s, n);
    if (!kind) return;
    char *sql = strndup(s, n);
    if (!sql) return;
    int rc = kazi_report_db_check(c->schema, sql);
    free(sql);
    /* a refusal is reported whatever the case (no sentence compiles into reading a
     * table); a name that does not exist only in complete, upper-case SQL */
    if (rc == KAZI_OK || (rc != KAZI_EDENIED && (partial || kind < 2)) ||
        !reportable(rc, kazi_error_last()->message))
        return;
    char msg[600];
    snprintf(msg, sizeof msg, "%s:%d: report SQL: %s", c->file, line, kazi_error_last()->message);
    json_array_append_new(
        c->errors, json_pack("{s:s,s:i,s:s}", "file", c->file, "line", line, "message", msg));
    c->problems++;
}

/* The level of a long bracket at s ("[[" 0, "[==[" 2), or -1. */
static int long_open(const char *s, const char *end)
{
    if (s >= end || *s != '[') return -1;
    int level = 0;
    const char *p = s + 1;
    while (p < end && *p == '=') {
        level++;
        p++;
    }
    return p < end && *p == '[' ? level : -1;
}

/* Skip a long bracket of `level` opened at s; *line counts the newlines. Returns the
 * first byte after it (end when unterminated) and the contents in *body and *blen. */
static const char *long_skip(const char *s, const char *end, int level, int *line,
                             const char **body, size_t *blen)
{
    const char *p = s + level + 2;
    if (p < end && *p == '\r') p++;
    if (p < end && *p == '\n') {
        (*line)++;
        p++;
    }
    *body = p;
    for (; p < end; p++) {
        if (*p == '\n') (*line)++;
        if (*p != ']') continue;
        const char *q = p + 1;
        int l = 0;
        while (q < end && *q == '=') {
            l++;
            q++;
        }
        if (l == level && q < end && *q == ']') {
            *blen = (size_t)(p - *body);
            return q + 1;
        }
    }
    *blen = (size_t)(end - *body);
    return end;
}

/* Skip blanks and comments from p; *line counts the newlines. */
static const char *skip_blank(const char *p, const char *end, int *line)
{
    for (;;) {
        while (p < end && isspace((unsigned char)*p)) {
            if (*p == '\n') (*line)++;
            p++;
        }
        if (p + 1 < end && p[0] == '-' && p[1] == '-') {
            p += 2;
            int level = long_open(p, end);
            if (level >= 0) {
                const char *body;
                size_t blen;
                p = long_skip(p, end, level, line, &body, &blen);
            } else {
                while (p < end && *p != '\n')
                    p++;
            }
            continue;
        }
        return p;
    }
}

/* Read the string literal at p (short or long) and append its value to buf (at most
 * MAX_LITERAL bytes; *n grows, *over set past that). Returns the byte after it, or
 * NULL when no literal starts at p. */
static const char *read_literal(const char *p, const char *end, int *line, char *buf, size_t *n,
                                int *over)
{
    if (p < end && *p == '[' && long_open(p, end) >= 0) {
        const char *body;
        size_t blen;
        p = long_skip(p, end, long_open(p, end), line, &body, &blen);
        if (*n + blen > MAX_LITERAL) {
            *over = 1;
        } else {
            memcpy(buf + *n, body, blen);
            *n += blen;
        }
        return p;
    }
    if (p >= end || (*p != '"' && *p != '\'')) return NULL;
    char quote = *p++;
    while (p < end && *p != quote && *p != '\n') {
        char v = *p++;
        if (v == '\\' && p < end) {
            char e = *p++;
            v = e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e;
            if (e == '\n') (*line)++;
            if (e == 'z') {
                while (p < end && isspace((unsigned char)*p)) {
                    if (*p == '\n') (*line)++;
                    p++;
                }
                continue;
            }
        }
        if (*n < MAX_LITERAL)
            buf[(*n)++] = v;
        else
            *over = 1;
    }
    if (p < end && *p == quote) p++;
    return p;
}

/* Find the literals of a Lua text. Literals joined with `..` are one SQL text; one
 * joined with anything else (a variable) is SQL completed at run time: only what the
 * authorizer refuses in it is reported, since a name may be completed later. */
static void scan(checker *c, const char *text, size_t len)
{
    const char *p = text, *end = text + len;
    int line = 1;
    char *buf = malloc(MAX_LITERAL + 1);
    if (!buf) return;
    while (p < end) {
        const char *q = skip_blank(p, end, &line);
        if (q != p) {
            p = q;
            continue;
        }
        int start = line, over = 0, partial = 0;
        size_t n = 0;
        q = read_literal(p, end, &line, buf, &n, &over);
        if (!q) {
            if (*p == '.' && p + 1 < end && p[1] == '.') {
                /* `x .. "SELECT ..."`: the literal continues something dynamic */
                p += 2;
                q = skip_blank(p, end, &line);
                start = line;
                const char *r = read_literal(q, end, &line, buf, &n, &over);
                if (!r) {
                    p = q;
                    continue;
                }
                partial = 1;
                q = r;
            } else {
                p++;
                continue;
            }
        }
        p = q;
        for (;;) {
            int l = line;
            const char *r = skip_blank(p, end, &l);
            if (r + 1 >= end || r[0] != '.' || r[1] != '.' || (r + 2 < end && r[2] == '.')) break;
            r = skip_blank(r + 2, end, &l);
            const char *after = read_literal(r, end, &l, buf, &n, &over);
            line = l;
            if (!after) {
                partial = 1;
                p = r;
                break;
            }
            p = after;
        }
        if (!over) check_literal(c, start, buf, n, partial);
    }
    free(buf);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && !strcmp(s + n - k, suffix);
}

int kazi_reportcheck_text(json_t *errors, const char *file, const char *text, size_t len)
{
    checker c = {.errors = errors, .file = file};
    int rc = kazi_report_db_open_schema(&c.schema);
    if (rc < 0) return rc;
    scan(&c, text, len);
    kazi_report_db_close(c.schema);
    return c.problems;
}

int kazi_reportcheck_source(json_t *errors, const kazi_config_source *src)
{
    char **paths = NULL;
    checker c = {.errors = errors};
    int rc = src->list(src, &paths);
    if (rc < 0) return rc;
    if ((rc = kazi_report_db_open_schema(&c.schema)) < 0) goto done;
    for (char **p = paths; *p; p++) {
        if (!ends_with(*p, ".lua")) continue;
        char *text = NULL;
        size_t len = 0;
        if ((rc = src->read(src, *p, &text, &len)) < 0) goto done;
        c.file = *p;
        scan(&c, text, len);
        free(text);
    }
    rc = c.problems;
done:
    kazi_report_db_close(c.schema);
    kazi_config_paths_free(paths);
    return rc;
}
