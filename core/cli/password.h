/*
 * password — reading a password for a command: from a file (first line) or stdin.
 * Owns: nothing persistent.
 * Uses: libc.
 * Thread-safety: single-threaded (command start-up).
 */
#ifndef KAZI_CLI_PASSWORD_H
#define KAZI_CLI_PASSWORD_H

#include <stddef.h>

/* Read the first line of `file` ("-" or NULL: stdin) into buf without its line end.
 * KAZI_ENOTFOUND (field "password-file") when the file cannot be read, KAZI_EINVALID
 * when the line is too long for buf. */
int kazi_cli_read_password(char *buf, size_t size, const char *file);

#endif
