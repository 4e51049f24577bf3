/* SHA-256 (FIPS 180-4) for hashing to curves: a streaming context on the stack, no allocation, no
 * library call per block. The compression function uses the x86 SHA extensions (SHA-NI) when
 * the CPU reports them (checked once) and portable C otherwise. Constant time in the data. */
#ifndef SEAL_UTIL_SHA256_H
#define SEAL_UTIL_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct seal__sha256 {
    uint32_t h[8];
    uint8_t buf[64];
    uint64_t len; /* bytes absorbed */
} seal__sha256;

void seal__sha256_init(seal__sha256 *c);
void seal__sha256_update(seal__sha256 *c, const uint8_t *data, size_t len);
void seal__sha256_final(uint8_t out[32], seal__sha256 *c);
/* The compression function on n whole blocks (exposed for the tests of both paths). */
void seal__sha256_blocks(uint32_t h[8], const uint8_t *blocks, size_t n);
void seal__sha256_blocks_portable(uint32_t h[8], const uint8_t *blocks, size_t n);
/* "shani" or "portable": the compression function in use. */
const char *seal__sha256_impl(void);

#endif
