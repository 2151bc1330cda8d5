#include "cli/password.h"
#include "util/error.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int kazi_cli_read_password(char *buf, size_t size, const char *file)
{
    FILE *f = (!file || !strcmp(file, "-")) ? stdin : fopen(file, "r");
    if (!f)
        return kazi_error_set(KAZI_ENOTFOUND, "password-file", "cannot read %s: %s", file,
                              strerror(errno));
    buf[0] = '\0';
    char *got = fgets(buf, (int)size, f);
    if (f != stdin) fclose(f);
    if (!got) buf[0] = '\0';
    size_t n = strlen(buf);
    if (n == size - 1 && buf[n - 1] != '\n')
        return kazi_error_set(KAZI_EINVALID, "password", "the password is too long");
    while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
        buf[--n] = '\0';
    return KAZI_OK;
}
