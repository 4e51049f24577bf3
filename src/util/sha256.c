/* SHA-256 (see sha256.h). The SHA-NI path follows the instruction set's intended use: the state
 * as (ABEF, CDGH) in two registers, sha256rnds2 for two rounds at a time, sha256msg1/msg2 for the
 * message schedule. It is compiled with a function-level target attribute and called only when
 * CPUID reports SHA, SSSE3 and SSE4.1. */
#include <string.h>

#include "util/sha256.h"

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

static inline uint32_t ror(uint32_t x, unsigned n) {
    return (x >> n) | (x << (32 - n));
}

static inline uint32_t load_be32(const uint8_t *p) {
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

void seal__sha256_blocks_portable(uint32_t h[8], const uint8_t *blocks, size_t n) {
    for (size_t b = 0; b < n; b++, blocks += 64) {
        uint32_t w[64];
        for (int i = 0; i < 16; i++) {
            w[i] = load_be32(blocks + 4 * i);
        }
        for (int i = 16; i < 64; i++) {
            uint32_t s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >> 3);
            uint32_t s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16] + s0 + w[i - 7] + s1;
        }
        uint32_t a = h[0], bb = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
        for (int i = 0; i < 64; i++) {
            uint32_t t1 =
                hh + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
            uint32_t t2 = (ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + ((a & bb) ^ (a & c) ^ (bb & c));
            hh = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = bb;
            bb = a;
            a = t1 + t2;
        }
        h[0] += a;
        h[1] += bb;
        h[2] += c;
        h[3] += d;
        h[4] += e;
        h[5] += f;
        h[6] += g;
        h[7] += hh;
    }
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#include <immintrin.h>

#define SHANI_TARGET __attribute__((target("sha,sse4.1,ssse3")))

/* Four rounds: msg holds w[i..i+3] + K[i..i+3] (the low two for the first sha256rnds2). */
#define SHANI_ROUNDS4(msg)                                                                         \
    do {                                                                                           \
        state1 = _mm_sha256rnds2_epu32(state1, state0, (msg));                                     \
        state0 = _mm_sha256rnds2_epu32(state0, state1, _mm_shuffle_epi32((msg), 0x0e));            \
    } while (0)

SHANI_TARGET static void blocks_shani(uint32_t h[8], const uint8_t *blocks, size_t n) {
    const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
    /* h[0..3] = ABCD, h[4..7] = EFGH -> state0 = ABEF, state1 = CDGH (lanes high to low) */
    __m128i t = _mm_loadu_si128((const __m128i *)(const void *)&h[0]);
    __m128i state1 = _mm_loadu_si128((const __m128i *)(const void *)&h[4]);
    t = _mm_shuffle_epi32(t, 0xb1);           /* CDAB */
    state1 = _mm_shuffle_epi32(state1, 0x1b); /* EFGH */
    __m128i state0 = _mm_alignr_epi8(t, state1, 8);
    state1 = _mm_blend_epi16(state1, t, 0xf0);
    for (size_t b = 0; b < n; b++, blocks += 64) {
        __m128i save0 = state0, save1 = state1, w[4], msg;
        for (int i = 0; i < 4; i++) {
            w[i] = _mm_shuffle_epi8(
                _mm_loadu_si128((const __m128i *)(const void *)(blocks + 16 * i)), bswap);
        }
        for (int i = 0; i < 16; i++) {
            /* w[i % 4] holds schedule words 4i .. 4i+3 */
            __m128i cur = w[i % 4];
            msg = _mm_add_epi32(cur, _mm_loadu_si128((const __m128i *)(const void *)&K[4 * i]));
            SHANI_ROUNDS4(msg);
            if (i >= 3 && i < 15) {
                /* words 4(i+1) .. 4(i+1)+3 from the previous 16 */
                __m128i next = w[(i + 1) % 4];
                __m128i tmp = _mm_alignr_epi8(cur, w[(i + 3) % 4], 4);
                next = _mm_add_epi32(next, tmp);
                next = _mm_sha256msg2_epu32(next, cur);
                w[(i + 1) % 4] = next;
            }
            if (i >= 1 && i < 13) {
                w[(i + 3) % 4] = _mm_sha256msg1_epu32(w[(i + 3) % 4], cur);
            }
        }
        state0 = _mm_add_epi32(state0, save0);
        state1 = _mm_add_epi32(state1, save1);
    }
    /* back to ABCD, EFGH */
    t = _mm_shuffle_epi32(state0, 0x1b);      /* FEBA */
    state1 = _mm_shuffle_epi32(state1, 0xb1); /* DCHG */
    state0 = _mm_blend_epi16(t, state1, 0xf0);
    state1 = _mm_alignr_epi8(state1, t, 8);
    _mm_storeu_si128((__m128i *)(void *)&h[0], state0);
    _mm_storeu_si128((__m128i *)(void *)&h[4], state1);
}

static int shani_state = -1; /* -1 unknown, 0 no, 1 yes (a benign race: every thread agrees) */

static int have_shani(void) {
    int s = __atomic_load_n(&shani_state, __ATOMIC_RELAXED);
    if (s < 0) {
        unsigned int eax = 0, ebx = 0, ecx = 0, edx = 0;
        s = 0;
        if (__get_cpuid(1, &eax, &ebx, &ecx, &edx) && (ecx & (1u << 9)) && (ecx & (1u << 19)) &&
            __get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) && (ebx & (1u << 29))) {
            s = 1;
        }
        __atomic_store_n(&shani_state, s, __ATOMIC_RELAXED);
    }
    return s;
}

void seal__sha256_blocks(uint32_t h[8], const uint8_t *blocks, size_t n) {
    if (have_shani()) {
        blocks_shani(h, blocks, n);
    } else {
        seal__sha256_blocks_portable(h, blocks, n);
    }
}

const char *seal__sha256_impl(void) {
    return have_shani() ? "shani" : "portable";
}
#else
void seal__sha256_blocks(uint32_t h[8], const uint8_t *blocks, size_t n) {
    seal__sha256_blocks_portable(h, blocks, n);
}

const char *seal__sha256_impl(void) {
    return "portable";
}
#endif

void seal__sha256_init(seal__sha256 *c) {
    static const uint32_t IV[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    memcpy(c->h, IV, sizeof IV);
    c->len = 0;
}

void seal__sha256_update(seal__sha256 *c, const uint8_t *data, size_t len) {
    size_t used = (size_t)(c->len % 64);
    c->len += len;
    if (used > 0) {
        size_t take = 64 - used < len ? 64 - used : len;
        memcpy(c->buf + used, data, take);
        data += take;
        len -= take;
        if (used + take < 64) {
            return;
        }
        seal__sha256_blocks(c->h, c->buf, 1);
    }
    if (len >= 64) {
        seal__sha256_blocks(c->h, data, len / 64);
        data += len - len % 64;
        len %= 64;
    }
    if (len > 0) {
        memcpy(c->buf, data, len);
    }
}

void seal__sha256_final(uint8_t out[32], seal__sha256 *c) {
    uint64_t bits = c->len * 8;
    size_t used = (size_t)(c->len % 64);
    c->buf[used++] = 0x80;
    if (used > 56) {
        memset(c->buf + used, 0, 64 - used);
        seal__sha256_blocks(c->h, c->buf, 1);
        used = 0;
    }
    memset(c->buf + used, 0, 56 - used);
    for (int i = 0; i < 8; i++) {
        c->buf[56 + i] = (uint8_t)(bits >> (56 - 8 * i));
    }
    seal__sha256_blocks(c->h, c->buf, 1);
    for (int i = 0; i < 8; i++) {
        out[4 * i] = (uint8_t)(c->h[i] >> 24);
        out[4 * i + 1] = (uint8_t)(c->h[i] >> 16);
        out[4 * i + 2] = (uint8_t)(c->h[i] >> 8);
        out[4 * i + 3] = (uint8_t)c->h[i];
    }
}
