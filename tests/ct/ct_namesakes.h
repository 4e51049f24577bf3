/* ct_namesakes.c: deliberate leaks in functions named like formerly suppressed ones. */
#ifndef SEAL_CT_NAMESAKES_H
#define SEAL_CT_NAMESAKES_H

#include <stddef.h>
#include <stdint.h>

typedef struct ct_namesakes_result {
    size_t total, reported;       /* namesake functions called / reported by valgrind */
    unsigned declassified_silent; /* a branch on a seal__ct_public outcome was not reported */
    unsigned later_leak_reported; /* a secret branch after it in the same function was */
} ct_namesakes_result;

/* secret: at least 2 bytes, marked undefined by the caller. */
void ct_namesakes_run(const uint8_t *secret, ct_namesakes_result *r);

#endif
