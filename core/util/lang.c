#include "util/lang.h"

#include <string.h>

static _Thread_local char current[KAZI_LANG_MAX];

static int is_lower(char c)
{
    return c >= 'a' && c <= 'z';
}
static int is_alnum(char c)
{
    return is_lower(c) || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

int kazi_lang_valid(const char *code)
{
    if (!code) return 0;
    size_t i = 0;
    while (is_lower(code[i]))
        i++;
    if (i < 2 || i > 3) return 0;
    if (code[i] == '\0') return 1;
    if (code[i] != '-') return 0;
    size_t start = ++i;
    while (is_alnum(code[i]))
        i++;
    return code[i] == '\0' && i - start >= 2 && i - start <= 8;
}

void kazi_lang_set(const char *code)
{
    if (!kazi_lang_valid(code)) {
        current[0] = '\0';
        return;
    }
    size_t n = strlen(code);
    memcpy(current, code, n + 1); /* valid codes are at most 12 bytes */
}

const char *kazi_lang_current(void)
{
    return current;
}
