/*
 * reportcheck — a configuration's report SQL checked when the configuration is
 * validated, not first when someone runs the report: every SQL literal of its Lua
 * files (a string that starts with SELECT or WITH) is compiled against Kazi's schema
 * through the report authorizer.
 * Owns: the scan of Lua source for string literals (comments skipped, short and long
 * strings, line numbers).
 * Uses: config/source (the files), store/report (kazi_report_db_check over an empty
 * schema), util/json.
 * Thread-safety: reentrant; each call opens its own in-memory schema.
 */
#ifndef KAZI_DOMAIN_REPORTCHECK_H
#define KAZI_DOMAIN_REPORTCHECK_H

#include "config/source.h"
#include "util/json.h"

/*
 * Check every SQL literal of the `.lua` files of `src` (a string starting with
 * SELECT or WITH; literals joined with `..` are one). Each the report connection
 * would refuse (a table or view that is not published, a write), and each complete
 * one written with upper-case keywords that names a table, column or function that
 * does not exist, is appended to `errors` as {file, line, message} with the message
 * "file:line: ...". A literal that does not compile for another reason (a fragment
 * the report completes at run time, a sentence) is left to run time. Returns the
 * number of problems appended, or a negative error when the
 * source cannot be read or the schema cannot be opened.
 */
int kazi_reportcheck_source(json_t *errors, const kazi_config_source *src);

/*
 * The same for one Lua text named `file` (for tests and the fuzzer): problems are
 * appended to `errors`; returns their number or a negative error.
 */
int kazi_reportcheck_text(json_t *errors, const char *file, const char *text, size_t len);

#endif
