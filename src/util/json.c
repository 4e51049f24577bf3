/* jansson wrappers: see json.h. */
#include "util/json.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static json_malloc_t g_prev_malloc;
static json_free_t g_prev_free;
static pthread_once_t g_once = PTHREAD_ONCE_INIT;
static _Thread_local unsigned long g_failures;

static void *watch_malloc(size_t n) {
    void *p = g_prev_malloc != NULL ? g_prev_malloc(n) : malloc(n);
    if (p == NULL) {
        g_failures++;
    }
    return p;
}

static void watch_free(void *p) {
    if (g_prev_free != NULL) {
        g_prev_free(p);
    } else {
        free(p);
    }
}

static void install(void) {
    json_get_alloc_funcs(&g_prev_malloc, &g_prev_free);
    json_set_alloc_funcs(watch_malloc, watch_free);
}

json_t *seal__json_loadb(const char *buf, size_t len, size_t flags, json_error_t *error) {
    pthread_once(&g_once, install);
    unsigned long before = g_failures;
    json_t *j = json_loadb(buf, len, flags, error);
    if (j != NULL && g_failures != before) {
        json_decref(j);
        j = NULL;
        if (error != NULL) {
            snprintf(error->text, sizeof error->text, "out of memory");
        }
    }
    return j;
}

char *seal__json_dumps(const json_t *j, size_t flags) {
    /* into a buffer of the measured size: jansson never grows a buffer of its own */
    size_t n = j != NULL ? json_dumpb(j, NULL, 0, flags) : 0;
    char *text = n > 0 ? malloc(n + 1) : NULL;
    if (text != NULL && json_dumpb(j, text, n, flags) != n) {
        free(text);
        text = NULL;
    }
    if (text != NULL) {
        text[n] = '\0';
    }
    return text;
}
