/* Allocation fault injection for the tests in tests/fault/.
 *
 * Every heap allocation the code under test makes goes through one counter:
 *   - libseal's and seal_service's own malloc/calloc/realloc/strdup/strndup, redirected at link
 *     time with -Wl,--wrap=... (tests/fault.cmake),
 *   - OpenSSL (CRYPTO_set_mem_functions), SQLite (SQLITE_CONFIG_MALLOC), jansson
 *     (json_set_alloc_funcs) and libcurl (curl_global_init_mem), through their allocator hooks.
 * fa_install() must run first in main(), before any of those libraries allocates. While armed,
 * each allocation increments the counter; allocation number fail_at returns NULL (and, in
 * persistent mode, every later one too). libyaml and libmicrohttpd allocate with the system
 * allocator directly and are not counted. */
#ifndef SEAL_FAILALLOC_H
#define SEAL_FAILALLOC_H

#include <stdbool.h>
#include <stddef.h>

/* Installs the hooks (aborts when a library refuses them). */
void fa_install(void);
/* Arms the counter: fail_at 0 only counts; otherwise allocation number fail_at (1-based) fails,
 * and every later one too when persistent. */
void fa_arm(unsigned long fail_at, bool persistent);
/* fa_arm, counting only the allocations of the calling thread (a client whose server runs in
 * other threads of the same process). */
void fa_arm_this_thread(unsigned long fail_at, bool persistent);
/* Disarms; returns the number of allocations seen while armed. */
unsigned long fa_disarm(void);
/* Suspends counting (checks of the test's own that allocate); returns the state for
 * fa_resume(). */
bool fa_pause(void);
void fa_resume(bool armed);
/* Whether a failure was injected since the last fa_arm(). */
bool fa_injected(void);

#endif
