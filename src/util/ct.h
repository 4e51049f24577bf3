/* Constant-time vocabulary: masks, selection, comparison. No branch or index on a secret. */
#ifndef SEAL_UTIL_CT_H
#define SEAL_UTIL_CT_H

#include <stdint.h>
#include <stddef.h>

/* A compiler barrier on a value: stops the optimiser from turning masks back into branches. */
static inline uint64_t seal__ct_barrier(uint64_t x) {
#if defined(__GNUC__)
    __asm__("" : "+r"(x));
#endif
    return x;
}

/* All ones when bit is 1, zero when bit is 0 (bit must be 0 or 1). */
static inline uint64_t seal__ct_mask(uint64_t bit) {
    return seal__ct_barrier(0 - (bit & 1));
}

/* 1 when x == 0, else 0. */
static inline uint64_t seal__ct_is_zero(uint64_t x) {
    return (~x & (x - 1)) >> 63;
}

/* 1 when a == b, else 0. */
static inline uint64_t seal__ct_eq(uint64_t a, uint64_t b) {
    return seal__ct_is_zero(a ^ b);
}

/* a when bit == 1, b when bit == 0. */
static inline uint64_t seal__ct_select(uint64_t bit, uint64_t a, uint64_t b) {
    uint64_t m = seal__ct_mask(bit);
    return (a & m) | (b & ~m);
}

/* dst = src when bit == 1 (byte arrays of len bytes); unchanged otherwise. */
static inline void seal__ct_cmov_bytes(uint8_t *dst, const uint8_t *src, size_t len, uint64_t bit) {
    uint8_t m = (uint8_t)seal__ct_mask(bit);
    for (size_t i = 0; i < len; i++) {
        dst[i] = (uint8_t)(dst[i] ^ (m & (dst[i] ^ src[i])));
    }
}

/* A one-bit outcome computed from secrets, declared public where it becomes public (returned as
 * an error code, revealed by the protocol): returns bit. Branch only on the result of this
 * function, never on the secret-derived value itself (src/util/ct_public.c; tests/ct). */
uint64_t seal__ct_public(uint64_t bit);

/* Conditional move on 64-bit word arrays. */
static inline void seal__ct_cmov_u64(uint64_t *dst, const uint64_t *src, size_t n, uint64_t bit) {
    uint64_t m = seal__ct_mask(bit);
    for (size_t i = 0; i < n; i++) {
        dst[i] ^= m & (dst[i] ^ src[i]);
    }
}

#endif
