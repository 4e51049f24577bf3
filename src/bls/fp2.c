/* Fp2 = Fp[u]/(u^2 + 1), elements c0 + c1 u with both coordinates in Montgomery form.
 *
 * Multiplication is Karatsuba with lazy reduction: three 384 x 384-bit products and two
 * Montgomery reductions. Squaring is the complex method with unreduced sums (operands < 2p).
 * The square root uses the norm: two Fp exponentiations (the square root of the norm and
 * g^((p-3)/4) for a half-trace g) and no inversion, all constant time. The wide (unreduced)
 * functions at the end serve lazy reduction in Fp6 / Fp12. */
#include <string.h>

#include "bls/fp_inline.h"
#include "bls/internal.h"
#include "util/ct.h"

typedef unsigned __int128 u128;

const fp2 seal__fp2_zero = {{{0, 0, 0, 0, 0, 0}}, {{0, 0, 0, 0, 0, 0}}};
const fp2 seal__fp2_one = {{{0x760900000002fffdULL, 0xebf4000bc40c0002ULL, 0x5f48985753c758baULL,
                             0x77ce585370525745ULL, 0x5c071a97a256ec6dULL, 0x15f65ec3fa80e493ULL}},
                           {{0, 0, 0, 0, 0, 0}}};

/* ---- backend ------------------------------------------------------------------------------ */

/* out = a + b without reduction (a, b < p, so out < 2p < 2^382) */
#define ADD_NR seal__fp_add_nr_inline

#if defined(SEAL_HAVE_X86_ASM) && SEAL_HAVE_X86_ASM
#include "bls/fp_asm.h"
#define FP_ADD seal__fp_add_adx
#define FP_SUB seal__fp_sub_adx
#define FP_MUL seal__fp_mul_x86
#define FP_MUL384 seal__fp_mul384_x86
#define FP_SQR384 seal__fp_sqr384_x86
#define FP_REDC seal__fp_redc_x86
#define SUB768 seal__fp_sub768_adx
#define SUB_NR seal__fp_sub_nr_adx
#define ADD768 seal__fp_add768_adx
#else
#define FP_ADD seal__fp_add
#define FP_SUB seal__fp_sub
#define FP_MUL seal__fp_mul
#define FP_MUL384 seal__fp_mul384
#define FP_SQR384 seal__fp_sqr384
#define FP_REDC seal__fp_redc
#define SUB768 sub768
#define SUB_NR sub_nr
#define ADD768 add768

/* w = x - y on 12 limbs, plus p 2^384 when negative and fix_mask is all ones. */
static inline void sub768(uint64_t w[12], const uint64_t x[12], const uint64_t y[12],
                          uint64_t fix_mask) {
    uint64_t borrow = 0;
    for (int i = 0; i < 12; i++) {
        u128 d = (u128)x[i] - y[i] - borrow;
        w[i] = (uint64_t)d;
        borrow = (uint64_t)(d >> 64) & 1;
    }
    uint64_t m = seal__ct_mask(borrow) & fix_mask;
    u128 c = 0;
    for (int i = 0; i < 6; i++) {
        c = (u128)w[6 + i] + (seal__fp_p[i] & m) + (uint64_t)(c >> 64);
        w[6 + i] = (uint64_t)c;
    }
}
/* w = x + y mod p 2^384 for x, y in [0, p 2^384). */
static inline void add768(uint64_t w[12], const uint64_t x[12], const uint64_t y[12]) {
    uint64_t t[12], s[6], borrow = 0;
    u128 c = 0;
    for (int i = 0; i < 12; i++) {
        c = (u128)x[i] + y[i] + (uint64_t)(c >> 64);
        t[i] = (uint64_t)c;
    }
    for (int i = 0; i < 6; i++) {
        u128 d = (u128)t[6 + i] - seal__fp_p[i] - borrow;
        s[i] = (uint64_t)d;
        borrow = (uint64_t)(d >> 64) & 1;
    }
    uint64_t keep = seal__ct_mask(borrow);
    for (int i = 0; i < 6; i++) {
        w[i] = t[i];
        w[6 + i] = (t[6 + i] & keep) | (s[i] & ~keep);
    }
}

/* out = a - b + p without reduction (a, b < p, so 0 < out < 2p). */
static inline void sub_nr(fp *out, const fp *a, const fp *b) {
    u128 c = 0;
    uint64_t borrow = 0;
    for (int i = 0; i < 6; i++) {
        c = (u128)a->l[i] + seal__fp_p[i] + (uint64_t)(c >> 64);
        u128 d = (u128)(uint64_t)c - b->l[i] - borrow;
        out->l[i] = (uint64_t)d;
        borrow = (uint64_t)(d >> 64) & 1;
    }
}
#endif

/* out = a / 2 (Montgomery representations halve like the values they stand for). */
static void fp_half(fp *out, const fp *a) {
    uint64_t m = seal__ct_mask(a->l[0] & 1), t[6];
    u128 c = 0;
    for (int i = 0; i < 6; i++) {
        c = (u128)a->l[i] + (seal__fp_p[i] & m) + (uint64_t)(c >> 64);
        t[i] = (uint64_t)c;
    }
    uint64_t top = (uint64_t)(c >> 64);
    for (int i = 0; i < 5; i++) {
        out->l[i] = (t[i] >> 1) | (t[i + 1] << 63);
    }
    out->l[5] = (t[5] >> 1) | (top << 63);
}

/* ---- arithmetic ----------------------------------------------------------------------------- */

void seal__fp2_add(fp2 *out, const fp2 *a, const fp2 *b) {
    FP_ADD(&out->c0, &a->c0, &b->c0);
    FP_ADD(&out->c1, &a->c1, &b->c1);
}

void seal__fp2_sub(fp2 *out, const fp2 *a, const fp2 *b) {
    FP_SUB(&out->c0, &a->c0, &b->c0);
    FP_SUB(&out->c1, &a->c1, &b->c1);
}

void seal__fp2_neg(fp2 *out, const fp2 *a) {
    FP_SUB(&out->c0, &seal__fp_zero, &a->c0);
    FP_SUB(&out->c1, &seal__fp_zero, &a->c1);
}

void seal__fp2_dbl(fp2 *out, const fp2 *a) {
    FP_ADD(&out->c0, &a->c0, &a->c0);
    FP_ADD(&out->c1, &a->c1, &a->c1);
}

void seal__fp2_conj(fp2 *out, const fp2 *a) {
    out->c0 = a->c0;
    FP_SUB(&out->c1, &seal__fp_zero, &a->c1);
}

/* a b unreduced: c0 = a0 b0 - a1 b1 (+ p 2^384 when negative), c1 = a0 b1 + a1 b0 < 2 p^2. */
static inline void fp2_mul_wide(fp2_wide *out, const fp2 *a, const fp2 *b) {
    uint64_t t2[12];
    fp sa, sb;
    FP_MUL384(out->c0.l, &a->c0, &b->c0);
    FP_MUL384(out->c1.l, &a->c1, &b->c1);
    ADD_NR(&sa, &a->c0, &a->c1);
    ADD_NR(&sb, &b->c0, &b->c1);
    FP_MUL384(t2, &sa, &sb);
    /* c1 = (a0 + a1)(b0 + b1) - a0 b0 - a1 b1 */
    SUB768(t2, t2, out->c0.l, 0);
    SUB768(t2, t2, out->c1.l, 0);
    SUB768(out->c0.l, out->c0.l, out->c1.l, ~(uint64_t)0);
    memcpy(out->c1.l, t2, sizeof t2);
}

/* a^2 unreduced: c0 = (a0 + a1)(a0 - a1 + p) < 4 p^2, c1 = 2 a0 a1 < 2 p^2. */
static inline void fp2_sqr_wide(fp2_wide *out, const fp2 *a) {
    fp s, d, a0x2;
    ADD_NR(&s, &a->c0, &a->c1);
    SUB_NR(&d, &a->c0, &a->c1);
    ADD_NR(&a0x2, &a->c0, &a->c0);
    FP_MUL384(out->c0.l, &s, &d);
    FP_MUL384(out->c1.l, &a0x2, &a->c1);
}

void seal__fp2_mul(fp2 *out, const fp2 *a, const fp2 *b) {
    fp2_wide w;
    fp2_mul_wide(&w, a, b);
    FP_REDC(&out->c0, w.c0.l);
    FP_REDC(&out->c1, w.c1.l);
}

void seal__fp2_sqr(fp2 *out, const fp2 *a) {
    /* (a0 + a1 u)^2 = (a0 + a1)(a0 - a1) + 2 a0 a1 u; operands < 2p are fine for mul */
    fp s, d, a0x2;
    ADD_NR(&s, &a->c0, &a->c1);
    SUB_NR(&d, &a->c0, &a->c1);
    ADD_NR(&a0x2, &a->c0, &a->c0);
    FP_MUL(&out->c1, &a0x2, &a->c1);
    FP_MUL(&out->c0, &s, &d);
}

/* ---- wide (unreduced) Fp2 arithmetic ----------------------------------------------------------
 */

void seal__fp_wide_add(fp_wide *out, const fp_wide *a, const fp_wide *b) {
    ADD768(out->l, a->l, b->l);
}

void seal__fp_wide_sub(fp_wide *out, const fp_wide *a, const fp_wide *b) {
    SUB768(out->l, a->l, b->l, ~(uint64_t)0);
}

void seal__fp2_wide_add(fp2_wide *out, const fp2_wide *a, const fp2_wide *b) {
    ADD768(out->c0.l, a->c0.l, b->c0.l);
    ADD768(out->c1.l, a->c1.l, b->c1.l);
}

void seal__fp2_wide_sub(fp2_wide *out, const fp2_wide *a, const fp2_wide *b) {
    SUB768(out->c0.l, a->c0.l, b->c0.l, ~(uint64_t)0);
    SUB768(out->c1.l, a->c1.l, b->c1.l, ~(uint64_t)0);
}

void seal__fp2_wide_mul_by_nonresidue(fp2_wide *out, const fp2_wide *a) {
    uint64_t t[12];
    SUB768(t, a->c0.l, a->c1.l, ~(uint64_t)0);
    ADD768(out->c1.l, a->c0.l, a->c1.l);
    memcpy(out->c0.l, t, sizeof t);
}

void seal__fp2_mul_wide(fp2_wide *out, const fp2 *a, const fp2 *b) {
    fp2_mul_wide(out, a, b);
}

void seal__fp2_sqr_wide(fp2_wide *out, const fp2 *a) {
    fp2_sqr_wide(out, a);
}

void seal__fp2_redc(fp2 *out, const fp2_wide *a) {
    FP_REDC(&out->c0, a->c0.l);
    FP_REDC(&out->c1, a->c1.l);
}

void seal__fp2_mul_fp(fp2 *out, const fp2 *a, const fp *b) {
    seal__fp_mul(&out->c0, &a->c0, b);
    seal__fp_mul(&out->c1, &a->c1, b);
}

void seal__fp2_mul_by_nonresidue(fp2 *out, const fp2 *a) {
    fp t0, t1;
    FP_SUB(&t0, &a->c0, &a->c1);
    FP_ADD(&t1, &a->c0, &a->c1);
    out->c0 = t0;
    out->c1 = t1;
}

/* a0^2 + a1^2 */
static void fp2_norm(fp *out, const fp2 *a) {
    uint64_t t0[12], t1[12];
    FP_SQR384(t0, &a->c0);
    FP_SQR384(t1, &a->c1);
    u128 c = 0;
    for (int i = 0; i < 12; i++) {
        c = (u128)t0[i] + t1[i] + (uint64_t)(c >> 64);
        t0[i] = (uint64_t)c;
    }
    FP_REDC(out, t0); /* < 2 p^2 < p 2^384 */
}

void seal__fp2_inv(fp2 *out, const fp2 *a) {
    fp n, t;
    fp2_norm(&n, a);
    seal__fp_inv(&t, &n);
    seal__fp_mul(&out->c0, &a->c0, &t);
    seal__fp_mul(&t, &a->c1, &t);
    seal__fp_neg(&out->c1, &t);
    seal_memzero(&n, sizeof n);
    seal_memzero(&t, sizeof t);
}

bool seal__fp2_is_zero(const fp2 *a) {
    return ((unsigned)seal__fp_is_zero(&a->c0) & (unsigned)seal__fp_is_zero(&a->c1)) != 0;
}

bool seal__fp2_equal(const fp2 *a, const fp2 *b) {
    return ((unsigned)seal__fp_equal(&a->c0, &b->c0) & (unsigned)seal__fp_equal(&a->c1, &b->c1)) !=
           0;
}

void seal__fp2_cmov(fp2 *out, const fp2 *a, uint64_t bit) {
    seal__fp_cmov(&out->c0, &a->c0, bit);
    seal__fp_cmov(&out->c1, &a->c1, bit);
}

bool seal__fp2_is_square(const fp2 *a) {
    /* a is a square in Fp2 exactly when its norm is a square in Fp */
    fp n;
    fp2_norm(&n, a);
    bool r = seal__fp_is_square(&n);
    seal_memzero(&n, sizeof n);
    return r;
}

bool seal__fp2_sqrt(fp2 *out, const fp2 *a) {
    /* alpha^2 = a0^2 + a1^2; g = (a0 + alpha)/2 (or (a0 - alpha)/2 when that is 0).
     * s = g^((p-3)/4), r = s g = g^((p+1)/4), chi = s r = g^((p-1)/2) = +-1, so 1/r = s chi and
     * t = a1 / (2 r) = a1 s chi / 2. Then
     *   chi = 1 (r^2 = g):    x = r + t u;      chi = -1 (r^2 = -g):    x = t + r u,
     * and x^2 = a whenever a is a square. No inversion is needed. */
    fp n, alpha, g, g2, s, r, t, chk;
    fp2 x, y, sq;
    fp2_norm(&n, a);
    (void)seal__fp_sqrt(&alpha, &n);
    seal__fp_add(&g, &a->c0, &alpha);
    fp_half(&g, &g);
    seal__fp_sub(&g2, &a->c0, &alpha);
    fp_half(&g2, &g2);
    seal__fp_cmov(&g, &g2, seal__fp_is_zero(&g));
    seal__fp_pow_sqrt_ratio(&s, &g);
    seal__fp_mul(&r, &s, &g);
    seal__fp_sqr(&chk, &r);
    uint64_t direct = seal__fp_equal(&chk, &g);
    seal__fp_mul(&t, &s, &a->c1);
    fp_half(&t, &t);
    seal__fp_neg(&chk, &t);
    seal__fp_cmov(&t, &chk, direct ^ 1);
    x.c0 = r;
    x.c1 = t;
    y.c0 = t;
    y.c1 = r;
    seal__fp2_cmov(&x, &y, direct ^ 1);
    seal__fp2_sqr(&sq, &x);
    bool ok = seal__fp2_equal(&sq, a);
    *out = x;
    seal_memzero(&n, sizeof n);
    seal_memzero(&alpha, sizeof alpha);
    seal_memzero(&g, sizeof g);
    seal_memzero(&g2, sizeof g2);
    seal_memzero(&s, sizeof s);
    seal_memzero(&r, sizeof r);
    seal_memzero(&t, sizeof t);
    seal_memzero(&chk, sizeof chk);
    seal_memzero(&x, sizeof x);
    seal_memzero(&y, sizeof y);
    seal_memzero(&sq, sizeof sq);
    return ok;
}

uint64_t seal__fp2_sgn0(const fp2 *a) {
    uint64_t s0 = seal__fp_sgn0(&a->c0), s1 = seal__fp_sgn0(&a->c1);
    uint64_t z0 = seal__fp_is_zero(&a->c0);
    return s0 | (z0 & s1);
}

uint64_t seal__fp2_is_lexicographically_largest(const fp2 *a) {
    uint64_t l1 = seal__fp_is_lexicographically_largest(&a->c1);
    uint64_t l0 = seal__fp_is_lexicographically_largest(&a->c0);
    uint64_t z1 = seal__fp_is_zero(&a->c1);
    return l1 | (z1 & l0);
}

void seal__fp2_pow_vartime_exp(fp2 *out, const fp2 *a, const uint8_t *e, size_t e_len) {
    /* fixed 4-bit windows; the timing depends on the (public) exponent only */
    fp2 table[16], acc = seal__fp2_one;
    table[0] = seal__fp2_one;
    table[1] = *a;
    for (int i = 2; i < 16; i++) {
        seal__fp2_mul(&table[i], &table[i - 1], a);
    }
    bool started = false;
    for (size_t i = 0; i < e_len; i++) {
        for (int half = 0; half < 2; half++) {
            unsigned nib = half == 0 ? (unsigned)(e[i] >> 4) : (unsigned)(e[i] & 15);
            if (started) {
                for (int k = 0; k < 4; k++) {
                    seal__fp2_sqr(&acc, &acc);
                }
            }
            if (nib != 0) {
                if (started) {
                    seal__fp2_mul(&acc, &acc, &table[nib]);
                } else {
                    acc = table[nib];
                    started = true;
                }
            }
        }
    }
    *out = acc;
    seal_memzero(table, sizeof table);
    seal_memzero(&acc, sizeof acc);
}
