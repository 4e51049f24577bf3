/* Allocation fault injection (see failalloc.h). */
#include "failalloc.h"

#include <curl/curl.h>
#include <jansson.h>
#include <openssl/crypto.h>
#include <sqlite3.h>
#include <execinfo.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static atomic_bool g_armed;
static atomic_ulong g_count;
static atomic_bool g_injected;
static unsigned long g_fail_at;
static bool g_persistent;
static atomic_bool g_this_thread_only;
static _Thread_local bool t_counted; /* the thread that armed, in this-thread mode */

static bool should_fail(void) {
    if (!atomic_load(&g_armed)) {
        return false;
    }
    if (atomic_load(&g_this_thread_only) && !t_counted) {
        return false;
    }
    unsigned long n = atomic_fetch_add(&g_count, 1) + 1;
    if (g_fail_at != 0 && (n == g_fail_at || (g_persistent && n > g_fail_at))) {
        atomic_store(&g_injected, true);
        if (getenv("FAULT_BACKTRACE") != NULL) { /* where the failure is injected */
            void *frames[32];
            int nf = backtrace(frames, 32);
            fprintf(stderr, "failalloc: allocation %lu fails here:\n", n);
            backtrace_symbols_fd(frames, nf, 2);
        }
        return true;
    }
    return false;
}

void fa_arm(unsigned long fail_at, bool persistent) {
    atomic_store(&g_this_thread_only, false);
    g_fail_at = fail_at;
    g_persistent = persistent;
    atomic_store(&g_count, 0);
    atomic_store(&g_injected, false);
    atomic_store(&g_armed, true);
}

void fa_arm_this_thread(unsigned long fail_at, bool persistent) {
    t_counted = true;
    g_fail_at = fail_at;
    g_persistent = persistent;
    atomic_store(&g_count, 0);
    atomic_store(&g_injected, false);
    atomic_store(&g_this_thread_only, true);
    atomic_store(&g_armed, true);
}

unsigned long fa_disarm(void) {
    atomic_store(&g_armed, false);
    return atomic_load(&g_count);
}

bool fa_pause(void) {
    return atomic_exchange(&g_armed, false);
}

void fa_resume(bool armed) {
    atomic_store(&g_armed, armed);
}

bool fa_injected(void) {
    return atomic_load(&g_injected);
}

/* ---- libseal / seal_service: -Wl,--wrap=malloc,... ---------------------------------------- */

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t m);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);

void *__wrap_malloc(size_t n) {
    return should_fail() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t m) {
    return should_fail() ? NULL : __real_calloc(n, m);
}

void *__wrap_realloc(void *p, size_t n) {
    return should_fail() ? NULL : __real_realloc(p, n);
}

char *__wrap_strdup(const char *s) {
    size_t n = strlen(s) + 1;
    char *d = __wrap_malloc(n);
    if (d != NULL) {
        memcpy(d, s, n);
    }
    return d;
}

char *__wrap_strndup(const char *s, size_t n) {
    size_t len = strnlen(s, n);
    char *d = __wrap_malloc(len + 1);
    if (d != NULL) {
        memcpy(d, s, len);
        d[len] = '\0';
    }
    return d;
}

/* ---- OpenSSL -------------------------------------------------------------------------------- */

static void *ossl_malloc(size_t n, const char *file, int line) {
    (void)file;
    (void)line;
    return should_fail() ? NULL : __real_malloc(n);
}

static void *ossl_realloc(void *p, size_t n, const char *file, int line) {
    (void)file;
    (void)line;
    return should_fail() ? NULL : __real_realloc(p, n);
}

static void ossl_free(void *p, const char *file, int line) {
    (void)file;
    (void)line;
    free(p);
}

/* ---- SQLite: the default allocator with failing xMalloc / xRealloc -------------------------- */

static sqlite3_mem_methods g_sqlite_default;

static void *sq_malloc(int n) {
    return should_fail() ? NULL : g_sqlite_default.xMalloc(n);
}

static void *sq_realloc(void *p, int n) {
    return should_fail() ? NULL : g_sqlite_default.xRealloc(p, n);
}

/* ---- jansson -------------------------------------------------------------------------------- */

static void *js_malloc(size_t n) {
    return should_fail() ? NULL : __real_malloc(n);
}

static void js_free(void *p) {
    free(p);
}

/* ---- libcurl (the hooks must be installed before the library's own curl_global_init) ------- */

static void *curl_malloc_cb(size_t n) {
    return should_fail() ? NULL : __real_malloc(n);
}

static void curl_free_cb(void *p) {
    free(p);
}

static void *curl_realloc_cb(void *p, size_t n) {
    return should_fail() ? NULL : __real_realloc(p, n);
}

static char *curl_strdup_cb(const char *s) {
    size_t n = strlen(s) + 1;
    char *d = curl_malloc_cb(n);
    if (d != NULL) {
        memcpy(d, s, n);
    }
    return d;
}

static void *curl_calloc_cb(size_t n, size_t m) {
    return should_fail() ? NULL : __real_calloc(n, m);
}

void fa_install(void) {
    if (!CRYPTO_set_mem_functions(ossl_malloc, ossl_realloc, ossl_free)) {
        fprintf(stderr, "failalloc: OpenSSL refused the allocator hooks\n");
        abort();
    }
    if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &g_sqlite_default) != SQLITE_OK) {
        fprintf(stderr, "failalloc: SQLITE_CONFIG_GETMALLOC failed\n");
        abort();
    }
    sqlite3_mem_methods m = g_sqlite_default;
    m.xMalloc = sq_malloc;
    m.xRealloc = sq_realloc;
    if (sqlite3_config(SQLITE_CONFIG_MALLOC, &m) != SQLITE_OK) {
        fprintf(stderr, "failalloc: SQLITE_CONFIG_MALLOC failed\n");
        abort();
    }
    json_set_alloc_funcs(js_malloc, js_free);
    if (curl_global_init_mem(CURL_GLOBAL_DEFAULT, curl_malloc_cb, curl_free_cb, curl_realloc_cb,
                             curl_strdup_cb, curl_calloc_cb) != CURLE_OK) {
        fprintf(stderr, "failalloc: curl_global_init_mem failed\n");
        abort();
    }
}
