/*
 * memory — a configuration source over files held in memory: tests, the fuzzer,
 * and checking one file without a directory.
 * Owns: copies of the files it was given.
 * Uses: config/source.
 * Thread-safety: immutable once made; read/list from any thread.
 */
#ifndef KAZI_CONFIG_MEMORY_H
#define KAZI_CONFIG_MEMORY_H

#include <stddef.h>

#include "config/source.h"

/*
 * A source over `n` files: paths[i] with contents[i] of lens[i] bytes (lens NULL: NUL-
 * terminated). `id` names the source (like a commit id). Paths are checked with
 * kazi_config_path_check (KAZI_EINVALID). Everything is copied.
 */
int kazi_config_source_memory(kazi_config_source **out, const char *id, const char *const *paths,
                              const char *const *contents, const size_t *lens, size_t n);

/* A self-contained copy of every file of `src` (same id), for keeping a configuration
 * beyond the life of a source that is only lent (e.g. a commit being activated).
 * Errors: whatever src's list/read return. */
int kazi_config_source_copy(kazi_config_source **out, const kazi_config_source *src);

/*
 * Split `src` in two self-contained copies: *under gets the files whose path starts
 * with `prefix` (e.g. "plugins/"), the prefix removed, id "<src id>:<prefix without
 * its slash>" — or NULL when there is none; *rest gets every other file, with src's
 * id. How a configuration carries its own pinned plugins/ (domain/plugins.c).
 * Errors: whatever src's list/read return.
 */
int kazi_config_source_split(kazi_config_source **rest, kazi_config_source **under,
                             const kazi_config_source *src, const char *prefix);

#endif
