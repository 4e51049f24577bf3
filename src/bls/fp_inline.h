/* Inline additive Fp / Fp2 operations for the hot loops of the tower and the curve formulas.
 * Same results and aliasing rules as seal__fp_add, seal__fp2_add, ... (outputs may alias
 * inputs, inputs reduced), but in x86-64 builds they expand to a few instructions instead of a
 * function call; in the portable build they call the library functions. Constant time. */
#ifndef SEAL_BLS_FP_INLINE_H
#define SEAL_BLS_FP_INLINE_H

#include "bls/internal.h"

#if defined(SEAL_HAVE_X86_ASM) && SEAL_HAVE_X86_ASM
#include "bls/fp_asm.h"
#define SEAL_FP_INLINE_ADD seal__fp_add_adx
#define SEAL_FP_INLINE_SUB seal__fp_sub_adx
#else
#define SEAL_FP_INLINE_ADD seal__fp_add
#define SEAL_FP_INLINE_SUB seal__fp_sub
#endif

static inline void seal__fp_add_inline(fp *out, const fp *a, const fp *b) {
    SEAL_FP_INLINE_ADD(out, a, b);
}

static inline void seal__fp_sub_inline(fp *out, const fp *a, const fp *b) {
    SEAL_FP_INLINE_SUB(out, a, b);
}

/* out = a + b without the reduction (a, b < p, so out < 2p): only for an operand of a
 * multiplication or squaring, which accept values below 2^382. */
static inline void seal__fp_add_nr_inline(fp *out, const fp *a, const fp *b) {
#if defined(SEAL_HAVE_X86_ASM) && SEAL_HAVE_X86_ASM
    seal__fp_add_nr_adx(out, a, b);
#else
    unsigned __int128 c = 0;
    for (int i = 0; i < 6; i++) {
        c = (unsigned __int128)a->l[i] + b->l[i] + (uint64_t)(c >> 64);
        out->l[i] = (uint64_t)c;
    }
#endif
}

static inline void seal__fp_dbl_inline(fp *out, const fp *a) {
    SEAL_FP_INLINE_ADD(out, a, a);
}

static inline void seal__fp_neg_inline(fp *out, const fp *a) {
    SEAL_FP_INLINE_SUB(out, &seal__fp_zero, a);
}

static inline void seal__fp2_add_inline(fp2 *out, const fp2 *a, const fp2 *b) {
    SEAL_FP_INLINE_ADD(&out->c0, &a->c0, &b->c0);
    SEAL_FP_INLINE_ADD(&out->c1, &a->c1, &b->c1);
}

static inline void seal__fp2_sub_inline(fp2 *out, const fp2 *a, const fp2 *b) {
    SEAL_FP_INLINE_SUB(&out->c0, &a->c0, &b->c0);
    SEAL_FP_INLINE_SUB(&out->c1, &a->c1, &b->c1);
}

static inline void seal__fp2_dbl_inline(fp2 *out, const fp2 *a) {
    SEAL_FP_INLINE_ADD(&out->c0, &a->c0, &a->c0);
    SEAL_FP_INLINE_ADD(&out->c1, &a->c1, &a->c1);
}

static inline void seal__fp2_neg_inline(fp2 *out, const fp2 *a) {
    SEAL_FP_INLINE_SUB(&out->c0, &seal__fp_zero, &a->c0);
    SEAL_FP_INLINE_SUB(&out->c1, &seal__fp_zero, &a->c1);
}

/* times (u + 1): (a0 - a1) + (a0 + a1) u */
static inline void seal__fp2_mul_by_nonresidue_inline(fp2 *out, const fp2 *a) {
    fp t;
    SEAL_FP_INLINE_SUB(&t, &a->c0, &a->c1);
    SEAL_FP_INLINE_ADD(&out->c1, &a->c0, &a->c1);
    out->c0 = t;
}

#endif
