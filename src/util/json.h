/* jansson wrappers that never hand back a silently damaged result. jansson 2.14 ignores some
 * failed allocations: its parser goes on with characters of a string missing, json_dumps drops
 * an object key, and both still report success (found by tests/fault). These wrappers watch
 * jansson's allocator (a hook chained to whatever hook was installed before first use) and
 * treat any failed allocation during the call as a failure of the call. */
#ifndef SEAL_UTIL_JSON_H
#define SEAL_UTIL_JSON_H

#include <jansson.h>
#include <stddef.h>

/* json_loadb, or NULL (error->text "out of memory") when an allocation failed meanwhile. */
json_t *seal__json_loadb(const char *buf, size_t len, size_t flags, json_error_t *error);
/* The text of j (malloc'd, NUL-terminated), or NULL on any failure. */
char *seal__json_dumps(const json_t *j, size_t flags);

#endif
