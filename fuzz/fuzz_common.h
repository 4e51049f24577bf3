/* Shared helpers of the libFuzzer targets (fuzz/fuzz_<surface>.c). Each target defines
 * LLVMFuzzerTestOneInput; a violated property calls FUZZ_ASSERT, which prints the property and
 * aborts so that libFuzzer records the input as a crash. */
#ifndef SEAL_FUZZ_COMMON_H
#define SEAL_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "seal/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_ASSERT(cond)                                                                          \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: property violated: %s\n", __FILE__, __LINE__, #cond);          \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

/* A NUL-terminated heap copy of data (text entry points take C strings). */
static inline char *fuzz_cstr(const uint8_t *data, size_t size) {
    char *s = malloc(size + 1);
    if (s == NULL) {
        abort();
    }
    if (size > 0) {
        memcpy(s, data, size);
    }
    s[size] = '\0';
    return s;
}

/* A heap copy of exactly size bytes, so that ASan sees any read past the input. */
static inline uint8_t *fuzz_dup(const uint8_t *data, size_t size) {
    uint8_t *p = malloc(size > 0 ? size : 1);
    if (p == NULL) {
        abort();
    }
    if (size > 0) {
        memcpy(p, data, size);
    }
    return p;
}

/* Decodes a hex literal known to be valid (fixed keys in the targets). */
static inline void fuzz_unhex(uint8_t *out, size_t n, const char *hex) {
    for (size_t i = 0; i < n; i++) {
        unsigned v = 0;
        if (sscanf(hex + 2 * i, "%2x", &v) != 1) {
            abort();
        }
        out[i] = (uint8_t)v;
    }
}

#endif
