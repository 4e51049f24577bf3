/* The vector vocabulary of the multi-buffer engine (mb_engine.inc): a vector holds one 64-bit
 * word for each of SEAL_MB_LANES independent lanes. Two implementations of the same operations:
 *
 * - SEAL_MB_IFMA: AVX-512 registers (zmm for 8 lanes, ymm through AVX-512VL for 4) and the
 *   IFMA instructions vpmadd52luq / vpmadd52huq (52 x 52-bit products added to 64-bit lanes);
 * - otherwise a portable emulation: the same operations written as loops over the lanes in plain
 *   C, without a branch or an index depending on the data, so that the engine compiled with it
 *   has the control flow and memory accesses of the IFMA build. valgrind cannot run AVX-512,
 *   so the constant-time check (tests/ct) runs the engine through this emulation.
 *
 * Masks are vectors too (every bit of a lane set or clear), so that selection is the same
 * and/or/andnot sequence in both builds. Every operation here is constant time. */
#ifndef SEAL_BLS_MB_VEC_H
#define SEAL_BLS_MB_VEC_H

#include <stdint.h>

#ifndef SEAL_MB_LANES
#error "SEAL_MB_LANES must be defined (4 or 8)"
#endif

#define SEAL_MB_M52 ((uint64_t)0xfffffffffffffULL)

#if defined(SEAL_MB_IFMA) && SEAL_MB_IFMA
#include <immintrin.h>

#define MB_INLINE static inline __attribute__((always_inline))

#if SEAL_MB_LANES == 8
typedef __m512i vec;
MB_INLINE vec v_zero(void) {
    return _mm512_setzero_si512();
}
MB_INLINE vec v_set1(uint64_t x) {
    return _mm512_set1_epi64((long long)x);
}
MB_INLINE vec v_load(const uint64_t *p) {
    return _mm512_loadu_si512((const void *)p);
}
MB_INLINE void v_store(uint64_t *p, vec a) {
    _mm512_storeu_si512((void *)p, a);
}
MB_INLINE vec v_add(vec a, vec b) {
    return _mm512_add_epi64(a, b);
}
MB_INLINE vec v_sub(vec a, vec b) {
    return _mm512_sub_epi64(a, b);
}
MB_INLINE vec v_and(vec a, vec b) {
    return _mm512_and_si512(a, b);
}
MB_INLINE vec v_or(vec a, vec b) {
    return _mm512_or_si512(a, b);
}
MB_INLINE vec v_xor(vec a, vec b) {
    return _mm512_xor_si512(a, b);
}
MB_INLINE vec v_srli(vec a, unsigned n) {
    return _mm512_srli_epi64(a, n);
}
MB_INLINE vec v_slli(vec a, unsigned n) {
    return _mm512_slli_epi64(a, n);
}
MB_INLINE vec v_srai(vec a, unsigned n) {
    return _mm512_srai_epi64(a, n);
}
MB_INLINE vec v_madd52lo(vec acc, vec a, vec b) {
    return _mm512_madd52lo_epu64(acc, a, b);
}
MB_INLINE vec v_madd52hi(vec acc, vec a, vec b) {
    return _mm512_madd52hi_epu64(acc, a, b);
}
/* all ones in the lanes where a == b */
MB_INLINE vec v_eq(vec a, vec b) {
    return _mm512_movm_epi64(_mm512_cmpeq_epi64_mask(a, b));
}
/* (a & m) | (b & ~m) */
MB_INLINE vec v_select(vec m, vec a, vec b) {
    return _mm512_ternarylogic_epi64(m, a, b, 0xca);
}
#elif SEAL_MB_LANES == 4
typedef __m256i vec;
MB_INLINE vec v_zero(void) {
    return _mm256_setzero_si256();
}
MB_INLINE vec v_set1(uint64_t x) {
    return _mm256_set1_epi64x((long long)x);
}
MB_INLINE vec v_load(const uint64_t *p) {
    return _mm256_loadu_si256((const __m256i *)(const void *)p);
}
MB_INLINE void v_store(uint64_t *p, vec a) {
    _mm256_storeu_si256((__m256i *)(void *)p, a);
}
MB_INLINE vec v_add(vec a, vec b) {
    return _mm256_add_epi64(a, b);
}
MB_INLINE vec v_sub(vec a, vec b) {
    return _mm256_sub_epi64(a, b);
}
MB_INLINE vec v_and(vec a, vec b) {
    return _mm256_and_si256(a, b);
}
MB_INLINE vec v_or(vec a, vec b) {
    return _mm256_or_si256(a, b);
}
MB_INLINE vec v_xor(vec a, vec b) {
    return _mm256_xor_si256(a, b);
}
MB_INLINE vec v_srli(vec a, unsigned n) {
    return _mm256_srli_epi64(a, (int)n);
}
MB_INLINE vec v_slli(vec a, unsigned n) {
    return _mm256_slli_epi64(a, (int)n);
}
MB_INLINE vec v_srai(vec a, unsigned n) {
#if defined(__clang__) /* clang declares the count unsigned, GCC int */
    return _mm256_srai_epi64(a, n);
#else
    return _mm256_srai_epi64(a, (int)n);
#endif
}
MB_INLINE vec v_madd52lo(vec acc, vec a, vec b) {
    return _mm256_madd52lo_epu64(acc, a, b);
}
MB_INLINE vec v_madd52hi(vec acc, vec a, vec b) {
    return _mm256_madd52hi_epu64(acc, a, b);
}
MB_INLINE vec v_eq(vec a, vec b) {
    return _mm256_cmpeq_epi64(a, b);
}
MB_INLINE vec v_select(vec m, vec a, vec b) {
    return _mm256_ternarylogic_epi64(m, a, b, 0xca);
}
/* Lane moves of the 4-lane build (the tower kernels): (a1, a0, a3, a2); (a0, a1, b0, b1);
 * (a2, a3, b2, b3). */
MB_INLINE vec v_swap_pairs(vec a) {
    return _mm256_shuffle_epi32(a, 0x4e);
}
MB_INLINE vec v_lo_halves(vec a, vec b) {
    return _mm256_permute2x128_si256(a, b, 0x20);
}
MB_INLINE vec v_hi_halves(vec a, vec b) {
    return _mm256_permute2x128_si256(a, b, 0x31);
}
/* (a[i0], a[i1], a[i2], a[i3]) for imm = i0 | i1 << 2 | i2 << 4 | i3 << 6 (a constant). */
#define v_permute(a, imm) _mm256_permute4x64_epi64((a), (imm))
#else
#error "SEAL_MB_LANES must be 4 or 8"
#endif

#else /* the portable emulation */

#define MB_INLINE static inline

typedef struct {
    uint64_t l[SEAL_MB_LANES];
} vec;

#define MB_LANEWISE(expr)                                                                          \
    vec r_;                                                                                        \
    for (int i_ = 0; i_ < SEAL_MB_LANES; i_++) {                                                   \
        r_.l[i_] = (expr);                                                                         \
    }                                                                                              \
    return r_

MB_INLINE vec v_zero(void) {
    MB_LANEWISE(0);
}
MB_INLINE vec v_set1(uint64_t x) {
    MB_LANEWISE(x);
}
MB_INLINE vec v_load(const uint64_t *p) {
    MB_LANEWISE(p[i_]);
}
MB_INLINE void v_store(uint64_t *p, vec a) {
    for (int i = 0; i < SEAL_MB_LANES; i++) {
        p[i] = a.l[i];
    }
}
MB_INLINE vec v_add(vec a, vec b) {
    MB_LANEWISE(a.l[i_] + b.l[i_]);
}
MB_INLINE vec v_sub(vec a, vec b) {
    MB_LANEWISE(a.l[i_] - b.l[i_]);
}
MB_INLINE vec v_and(vec a, vec b) {
    MB_LANEWISE(a.l[i_] & b.l[i_]);
}
MB_INLINE vec v_or(vec a, vec b) {
    MB_LANEWISE(a.l[i_] | b.l[i_]);
}
MB_INLINE vec v_xor(vec a, vec b) {
    MB_LANEWISE(a.l[i_] ^ b.l[i_]);
}
MB_INLINE vec v_srli(vec a, unsigned n) {
    MB_LANEWISE(a.l[i_] >> n);
}
MB_INLINE vec v_slli(vec a, unsigned n) {
    MB_LANEWISE(a.l[i_] << n);
}
MB_INLINE vec v_srai(vec a, unsigned n) {
    MB_LANEWISE((uint64_t)((int64_t)a.l[i_] >> n));
}
MB_INLINE vec v_madd52lo(vec acc, vec a, vec b) {
    MB_LANEWISE(acc.l[i_] +
                ((uint64_t)((unsigned __int128)(a.l[i_] & SEAL_MB_M52) * (b.l[i_] & SEAL_MB_M52)) &
                 SEAL_MB_M52));
}
MB_INLINE vec v_madd52hi(vec acc, vec a, vec b) {
    MB_LANEWISE(
        acc.l[i_] +
        (uint64_t)(((unsigned __int128)(a.l[i_] & SEAL_MB_M52) * (b.l[i_] & SEAL_MB_M52)) >> 52));
}
MB_INLINE vec v_eq(vec a, vec b) {
    /* all ones when equal: (d | -d) has its top bit set exactly when d != 0 */
    MB_LANEWISE(((((a.l[i_] ^ b.l[i_]) | (0 - (a.l[i_] ^ b.l[i_]))) >> 63) - 1));
}
MB_INLINE vec v_select(vec m, vec a, vec b) {
    MB_LANEWISE((a.l[i_] & m.l[i_]) | (b.l[i_] & ~m.l[i_]));
}
#if SEAL_MB_LANES == 4
MB_INLINE vec v_swap_pairs(vec a) {
    MB_LANEWISE(a.l[i_ ^ 1]);
}
MB_INLINE vec v_lo_halves(vec a, vec b) {
    MB_LANEWISE(i_ < 2 ? a.l[i_] : b.l[i_ - 2]);
}
MB_INLINE vec v_hi_halves(vec a, vec b) {
    MB_LANEWISE(i_ < 2 ? a.l[i_ + 2] : b.l[i_]);
}
MB_INLINE vec v_permute(vec a, int imm) {
    MB_LANEWISE(a.l[(imm >> (2 * i_)) & 3]);
}
#endif
#endif

#endif
