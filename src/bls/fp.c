/* The BLS12-381 base field Fp: 6 x 64-bit limbs in Montgomery form (R = 2^384).
 *
 * Portable C (CIOS Montgomery multiplication over unsigned __int128) is always compiled. In
 * x86-64 builds (SEAL_HAVE_X86_ASM) multiplication, squaring, the 768-bit product and
 * reduction and mul_small use the mulx/adcx/adox code of fp_asm.h when the CPU has BMI2 and ADX
 * (chosen at run time, dispatch.c), add and sub its base x86-64 code, and the inversion keeps
 * its divstep matrix in SSE2 registers. The SEAL_FP_* macros below name the routines used.
 * Inversion is Bernstein-Yang safegcd (constant time); square roots and the Legendre symbol use
 * one fixed sliding-window chain for a^((p-3)/4). */
#include <string.h>

#include "bls/internal.h"
#include "util/ct.h"

#if defined(SEAL_HAVE_X86_ASM) && SEAL_HAVE_X86_ASM
#include <emmintrin.h>

#include "bls/fp_asm.h"
#define SEAL_FP_MUL seal__fp_mul_x86
#define SEAL_FP_SQR seal__fp_sqr_x86
#define SEAL_FP_MUL384 seal__fp_mul384_x86
#define SEAL_FP_SQR384 seal__fp_sqr384_x86
#define SEAL_FP_REDC seal__fp_redc_x86
#define SEAL_FP_ADD seal__fp_add_adx
#define SEAL_FP_SUB seal__fp_sub_adx
#define SEAL_FP_MUL_SMALL seal__fp_mul_small_x86
#else
#define SEAL_FP_MUL seal__fp_mul_portable
#define SEAL_FP_SQR seal__fp_sqr_portable
#define SEAL_FP_MUL384 seal__fp_mul384_portable
#define SEAL_FP_SQR384 seal__fp_sqr384_portable
#define SEAL_FP_REDC seal__fp_redc_portable
#define SEAL_FP_ADD seal__fp_add_portable
#define SEAL_FP_SUB seal__fp_sub_portable
#define SEAL_FP_MUL_SMALL seal__fp_mul_small_portable
#endif

typedef unsigned __int128 u128;

/* p, little-endian limbs (constants.json field.p). */
const uint64_t seal__fp_p[6] = {0xb9feffffffffaaabULL, 0x1eabfffeb153ffffULL,
                                0x6730d2a0f6b0f624ULL, 0x64774b84f38512bfULL,
                                0x4b1ba7b6434bacd7ULL, 0x1a0111ea397fe69aULL};
/* -p^-1 mod 2^64 (constants.json montgomery.fp_inv). */
#define FP_N0 0x89f3fffcfffcfffdULL

const fp seal__fp_zero = {{0, 0, 0, 0, 0, 0}};
/* R mod p (constants.json montgomery.fp_R). */
const fp seal__fp_one = {{0x760900000002fffdULL, 0xebf4000bc40c0002ULL, 0x5f48985753c758baULL,
                          0x77ce585370525745ULL, 0x5c071a97a256ec6dULL, 0x15f65ec3fa80e493ULL}};
/* R^2 mod p (montgomery.fp_R2). */
static const fp FP_R2 = {{0xf4df1f341c341746ULL, 0x0a76e6a609d104f1ULL, 0x8de5476c4c95b6d5ULL,
                          0x67eb88a9939d83c0ULL, 0x9a793e85b519952dULL, 0x11988fe592cae3aaULL}};
/* R^3 mod p (montgomery.fp_R3). */
static const fp FP_R3 = {{0xed48ac6bd94ca1e0ULL, 0x315f831e03a7adf8ULL, 0x9a53352a615e29ddULL,
                          0x34c04e5e921e1761ULL, 0x2512d43565724728ULL, 0x0aa6346091755d4dULL}};
/* (p-1)/2 as plain limbs (sqrt.fp_legendre_exp). */
static const uint64_t FP_HALF[6] = {0xdcff7fffffffd555ULL, 0x0f55ffff58a9ffffULL,
                                    0xb39869507b587b12ULL, 0xb23ba5c279c2895fULL,
                                    0x258dd3db21a5d66bULL, 0x0d0088f51cbff34dULL};
/* p - 2, big-endian bytes (Fermat inversion, the reference for tests). */
static const uint8_t FP_INV_EXP[48] = {
    0x1a, 0x01, 0x11, 0xea, 0x39, 0x7f, 0xe6, 0x9a, 0x4b, 0x1b, 0xa7, 0xb6, 0x43, 0x4b, 0xac, 0xd7,
    0x64, 0x77, 0x4b, 0x84, 0xf3, 0x85, 0x12, 0xbf, 0x67, 0x30, 0xd2, 0xa0, 0xf6, 0xb0, 0xf6, 0x24,
    0x1e, 0xab, 0xff, 0xfe, 0xb1, 0x53, 0xff, 0xff, 0xb9, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xaa, 0xa9};

/* ---- limb helpers ------------------------------------------------------------------------- */

static inline uint64_t addc(uint64_t a, uint64_t b, uint64_t *carry) {
    u128 t = (u128)a + b + *carry;
    *carry = (uint64_t)(t >> 64);
    return (uint64_t)t;
}

static inline uint64_t subb(uint64_t a, uint64_t b, uint64_t *borrow) {
    u128 t = (u128)a - b - *borrow;
    *borrow = (uint64_t)(t >> 64) & 1;
    return (uint64_t)t;
}

/* out = t - p when (hi, t) >= p, else t; needs (hi, t) < 2p. */
static inline void final_sub(uint64_t out[6], const uint64_t t[6], uint64_t hi) {
    uint64_t s[6], borrow = 0;
    _Pragma("GCC unroll 12") for (int i = 0; i < 6; i++) {
        s[i] = subb(t[i], seal__fp_p[i], &borrow);
    }
    /* keep t when the subtraction borrowed and there is no high word */
    uint64_t keep = seal__ct_mask(borrow & (seal__ct_is_zero(hi)));
    _Pragma("GCC unroll 12") for (int i = 0; i < 6; i++) {
        out[i] = (t[i] & keep) | (s[i] & ~keep);
    }
}

/* ---- portable multiplication ---------------------------------------------------------------- */

void seal__fp_mul_portable(fp *out, const fp *a, const fp *b) {
    uint64_t t[8] = {0};
    const uint64_t *x = a->l, *y = b->l;
    _Pragma("GCC unroll 12") for (int i = 0; i < 6; i++) {
        u128 c = 0;
        _Pragma("GCC unroll 12") for (int j = 0; j < 6; j++) {
            c = (u128)x[j] * y[i] + t[j] + (uint64_t)(c >> 64);
            t[j] = (uint64_t)c;
        }
        c = (u128)t[6] + (uint64_t)(c >> 64);
        t[6] = (uint64_t)c;
        t[7] = (uint64_t)(c >> 64);
        uint64_t m = t[0] * FP_N0;
        c = (u128)m * seal__fp_p[0] + t[0];
        _Pragma("GCC unroll 12") for (int j = 1; j < 6; j++) {
            c = (u128)m * seal__fp_p[j] + t[j] + (uint64_t)(c >> 64);
            t[j - 1] = (uint64_t)c;
        }
        c = (u128)t[6] + (uint64_t)(c >> 64);
        t[5] = (uint64_t)c;
        t[6] = t[7] + (uint64_t)(c >> 64);
    }
    final_sub(out->l, t, t[6]);
}

void seal__fp_sqr_portable(fp *out, const fp *a) {
    uint64_t w[12];
    seal__fp_sqr384_portable(w, a);
    seal__fp_redc_portable(out, w);
}

void seal__fp_mul384_portable(uint64_t out[12], const fp *a, const fp *b) {
    uint64_t t[12] = {0};
    _Pragma("GCC unroll 12") for (int i = 0; i < 6; i++) {
        u128 c = 0;
        _Pragma("GCC unroll 12") for (int j = 0; j < 6; j++) {
            c = (u128)a->l[j] * b->l[i] + t[i + j] + (uint64_t)(c >> 64);
            t[i + j] = (uint64_t)c;
        }
        t[i + 6] = (uint64_t)(c >> 64);
    }
    memcpy(out, t, sizeof t);
}

void seal__fp_sqr384_portable(uint64_t out[12], const fp *a) {
    uint64_t t[12] = {0};
    /* off-diagonal products once, then doubled, then the squares added */
    _Pragma("GCC unroll 12") for (int i = 0; i < 6; i++) {
        u128 c = 0;
        for (int j = i + 1; j < 6; j++) {
            c = (u128)a->l[j] * a->l[i] + t[i + j] + (uint64_t)(c >> 64);
            t[i + j] = (uint64_t)c;
        }
        t[i + 6] = (uint64_t)(c >> 64);
    }
    uint64_t top = 0;
    _Pragma("GCC unroll 12") for (int i = 0; i < 12; i++) {
        uint64_t v = t[i];
        t[i] = (v << 1) | top;
        top = v >> 63;
    }
    uint64_t carry = 0;
    _Pragma("GCC unroll 12") for (int i = 0; i < 6; i++) {
        u128 s = (u128)a->l[i] * a->l[i];
        t[2 * i] = addc(t[2 * i], (uint64_t)s, &carry);
        t[2 * i + 1] = addc(t[2 * i + 1], (uint64_t)(s >> 64), &carry);
    }
    memcpy(out, t, sizeof t);
}

void seal__fp_redc_portable(fp *out, const uint64_t in[12]) {
    uint64_t t[12];
    memcpy(t, in, sizeof t);
    uint64_t extra = 0; /* carry above t[i + 6] accumulated across rounds */
    _Pragma("GCC unroll 12") for (int i = 0; i < 6; i++) {
        uint64_t m = t[i] * FP_N0;
        u128 c = 0;
        _Pragma("GCC unroll 12") for (int j = 0; j < 6; j++) {
            c = (u128)m * seal__fp_p[j] + t[i + j] + (uint64_t)(c >> 64);
            t[i + j] = (uint64_t)c;
        }
        c = (u128)t[i + 6] + (uint64_t)(c >> 64) + extra;
        t[i + 6] = (uint64_t)c;
        extra = (uint64_t)(c >> 64);
    }
    final_sub(out->l, t + 6, extra);
}

/* ---- dispatched core ------------------------------------------------------------------------ */

void seal__fp_mul(fp *out, const fp *a, const fp *b) {
    SEAL_FP_MUL(out, a, b);
}

void seal__fp_sqr(fp *out, const fp *a) {
    SEAL_FP_SQR(out, a);
}

void seal__fp_mul384(uint64_t out[12], const fp *a, const fp *b) {
    SEAL_FP_MUL384(out, a, b);
}

void seal__fp_sqr384(uint64_t out[12], const fp *a) {
    SEAL_FP_SQR384(out, a);
}

void seal__fp_redc(fp *out, const uint64_t in[12]) {
    SEAL_FP_REDC(out, in);
}

/* ---- additive ------------------------------------------------------------------------------- */

void seal__fp_add_portable(fp *out, const fp *a, const fp *b) {
    uint64_t t[6], carry = 0;
    _Pragma("GCC unroll 12") for (int i = 0; i < 6; i++) {
        t[i] = addc(a->l[i], b->l[i], &carry);
    }
    final_sub(out->l, t, carry);
}

void seal__fp_sub_portable(fp *out, const fp *a, const fp *b) {
    uint64_t t[6], borrow = 0, carry = 0;
    _Pragma("GCC unroll 12") for (int i = 0; i < 6; i++) {
        t[i] = subb(a->l[i], b->l[i], &borrow);
    }
    uint64_t m = seal__ct_mask(borrow);
    _Pragma("GCC unroll 12") for (int i = 0; i < 6; i++) {
        out->l[i] = addc(t[i], seal__fp_p[i] & m, &carry);
    }
}

void seal__fp_add(fp *out, const fp *a, const fp *b) {
    SEAL_FP_ADD(out, a, b);
}

void seal__fp_dbl(fp *out, const fp *a) {
    SEAL_FP_ADD(out, a, a);
}

void seal__fp_sub(fp *out, const fp *a, const fp *b) {
    SEAL_FP_SUB(out, a, b);
}

void seal__fp_neg(fp *out, const fp *a) {
    SEAL_FP_SUB(out, &seal__fp_zero, a); /* p - a, and 0 for a = 0 */
}

/* ---- predicates and selection -------------------------------------------------------------- */

static uint64_t fp_is_zero_word(const fp *a) {
    uint64_t any = 0;
    _Pragma("GCC unroll 12") for (int i = 0; i < 6; i++) {
        any |= a->l[i];
    }
    return seal__ct_is_zero(any);
}

bool seal__fp_is_zero(const fp *a) {
    return fp_is_zero_word(a) != 0;
}

bool seal__fp_equal(const fp *a, const fp *b) {
    uint64_t d = 0;
    _Pragma("GCC unroll 12") for (int i = 0; i < 6; i++) {
        d |= a->l[i] ^ b->l[i];
    }
    return seal__ct_is_zero(d) != 0;
}

void seal__fp_cmov(fp *out, const fp *a, uint64_t bit) {
    seal__ct_cmov_u64(out->l, a->l, 6, bit);
}

/* ---- conversions ---------------------------------------------------------------------------- */

void seal__fp_to_mont(fp *out, const uint64_t in[6]) {
    fp t;
    memcpy(t.l, in, sizeof t.l);
    /* the reduced operand first: the portable CIOS tolerates any 384-bit second operand */
    seal__fp_mul_portable(out, &FP_R2, &t);
}

void seal__fp_from_mont(uint64_t out[6], const fp *a) {
    uint64_t w[12] = {0};
    fp t;
    memcpy(w, a->l, sizeof a->l);
    seal__fp_redc(&t, w);
    memcpy(out, t.l, sizeof t.l);
}

void seal__fp_from_u64(fp *out, uint64_t v) {
    uint64_t l[6] = {v, 0, 0, 0, 0, 0};
    seal__fp_to_mont(out, l);
}

void seal__fp_mul_small_portable(fp *out, const fp *a, uint64_t k) {
    /* t = a k < 2^32 p; q = floor((t >> 372) mu / 2^64) with mu = floor(2^436 / p) satisfies
     * t/p - 1.01 < q <= t/p, so t - q p lies in [0, 2p) and one conditional subtraction ends. */
    const uint64_t mu = 0x9d835d2f3cc9e4ULL;
    uint64_t t[7], carry = 0;
    u128 c = 0;
    for (int i = 0; i < 6; i++) {
        c = (u128)a->l[i] * k + (uint64_t)(c >> 64);
        t[i] = (uint64_t)c;
    }
    t[6] = (uint64_t)(c >> 64);
    uint64_t top = (t[6] << 12) | (t[5] >> 52);
    uint64_t q = (uint64_t)(((u128)top * mu) >> 64);
    c = 0;
    for (int i = 0; i < 6; i++) {
        c = (u128)seal__fp_p[i] * q + (uint64_t)(c >> 64);
        t[i] = subb(t[i], (uint64_t)c, &carry);
    }
    t[6] = subb(t[6], (uint64_t)(c >> 64), &carry);
    final_sub(out->l, t, t[6]);
}

void seal__fp_mul_small(fp *out, const fp *a, uint64_t k) {
    SEAL_FP_MUL_SMALL(out, a, k);
}

void seal__fp_to_bytes(uint8_t out[48], const fp *a) {
    uint64_t l[6];
    seal__fp_from_mont(l, a);
    _Pragma("GCC unroll 12") for (int i = 0; i < 6; i++) {
        _Pragma("GCC unroll 12") for (int j = 0; j < 8; j++) {
            out[47 - (8 * i + j)] = (uint8_t)(l[i] >> (8 * j));
        }
    }
}

static void be48_to_limbs(uint64_t l[6], const uint8_t in[48]) {
    _Pragma("GCC unroll 12") for (int i = 0; i < 6; i++) {
        uint64_t v = 0;
        _Pragma("GCC unroll 12") for (int j = 0; j < 8; j++) {
            v |= (uint64_t)in[47 - (8 * i + j)] << (8 * j);
        }
        l[i] = v;
    }
}

bool seal__fp_from_bytes(fp *out, const uint8_t in[48]) {
    uint64_t l[6], borrow = 0;
    be48_to_limbs(l, in);
    _Pragma("GCC unroll 12") for (int i = 0; i < 6; i++) {
        (void)subb(l[i], seal__fp_p[i], &borrow);
    }
    /* borrow == 1 exactly when l < p */
    seal__fp_to_mont(out, l);
    fp zero = seal__fp_zero;
    seal__fp_cmov(out, &zero, borrow ^ 1);
    return borrow == 1;
}

void seal__fp_from_bytes_wide64(fp *out, const uint8_t in[64]) {
    /* T < 2^512 < p R, so redc(T) = T / R mod p; times R^3 (Montgomery) gives T R mod p. */
    uint64_t w[12] = {0};
    _Pragma("GCC unroll 12") for (int i = 0; i < 8; i++) {
        uint64_t v = 0;
        _Pragma("GCC unroll 12") for (int j = 0; j < 8; j++) {
            v |= (uint64_t)in[63 - (8 * i + j)] << (8 * j);
        }
        w[i] = v;
    }
    fp t;
    seal__fp_redc(&t, w);
    seal__fp_mul(out, &t, &FP_R3);
}

/* ---- sign rules ----------------------------------------------------------------------------- */

uint64_t seal__fp_sgn0(const fp *a) {
    uint64_t l[6];
    seal__fp_from_mont(l, a);
    return l[0] & 1;
}

uint64_t seal__fp_is_lexicographically_largest(const fp *a) {
    uint64_t l[6], borrow = 0;
    seal__fp_from_mont(l, a);
    /* (p-1)/2 - l borrows exactly when l > (p-1)/2 */
    _Pragma("GCC unroll 12") for (int i = 0; i < 6; i++) {
        (void)subb(FP_HALF[i], l[i], &borrow);
    }
    return borrow;
}

/* ---- exponentiation ------------------------------------------------------------------------- */

void seal__fp_pow_vartime_exp(fp *out, const fp *a, const uint8_t *e, size_t e_len) {
    /* fixed 4-bit windows; the timing depends on the (public) exponent only */
    fp table[16], acc = seal__fp_one;
    table[0] = seal__fp_one;
    table[1] = *a;
    _Pragma("GCC unroll 12") for (int i = 2; i < 16; i++) {
        seal__fp_mul(&table[i], &table[i - 1], a);
    }
    bool started = false;
    for (size_t i = 0; i < e_len; i++) {
        _Pragma("GCC unroll 12") for (int half = 0; half < 2; half++) {
            unsigned nib = half == 0 ? (unsigned)(e[i] >> 4) : (unsigned)(e[i] & 15);
            if (started) {
                _Pragma("GCC unroll 12") for (int k = 0; k < 4; k++) {
                    seal__fp_sqr(&acc, &acc);
                }
            }
            if (nib != 0) {
                if (started) {
                    seal__fp_mul(&acc, &acc, &table[nib]);
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

void seal__fp_inv_portable(fp *out, const fp *a) {
    seal__fp_pow_vartime_exp(out, a, FP_INV_EXP, sizeof FP_INV_EXP);
}

/* ---- inversion: Bernstein-Yang safegcd ------------------------------------------------------
 *
 * Numbers are held in "signed62" form: 7 limbs of 62 bits (the top one signed), value
 * sum(l[i] 2^(62 i)). Each batch runs 62 divsteps on the low 64 bits of f and g and yields a
 * transition matrix T = [u v; q r] with 2^62 (f', g') = T (f, g); the matrix is then applied to
 * the full f, g and to the Bezout coefficients d, e (mod p, kept in (-2p, p)). Starting from
 * f = p, g = x, d = 0, e = 1, after 18 batches (1116 >= 1101 divsteps, the bound
 * floor((49 * 381 + 57) / 17) for 381-bit inputs) g = 0, f = +-1 and d = +-x^-1 mod p. Every
 * step is branch free; the variable-time version only stops early once g = 0. */

typedef struct {
    int64_t v[7];
} s62;

#define M62 ((uint64_t)0x3fffffffffffffffULL)
static const s62 P62 = {{0x39feffffffffaaabLL, 0x3aaffffac54ffffeLL, 0x330d2a0f6b0f6241LL,
                         0x1dd2e13ce144afd9LL, 0x1ba7b6434bacd764LL, 0x0447a8e5ff9a692cLL,
                         0x1a0LL}};
#define P_INV62 ((uint64_t)0x360c000300030003ULL) /* p^-1 mod 2^62 */

typedef struct {
    int64_t u, v, q, r;
} trans;

#if defined(SEAL_HAVE_X86_ASM) && SEAL_HAVE_X86_ASM
/* 62 constant-time divsteps (see the portable version below) with the matrix rows (u, v) and (q, r)
 * in SSE2 registers: the vector unit updates the matrix while the integer unit runs the f, g, delta
 * chain. */
static int64_t divsteps_62_sse2(int64_t delta, uint64_t f, uint64_t g, trans *t) {
    __m128i uv = _mm_set_epi64x(0, 1); /* lane 0: u = 1, lane 1: v = 0 */
    __m128i qr = _mm_set_epi64x(1, 0); /* lane 0: q = 0, lane 1: r = 1 */
    uint64_t nd = (uint64_t)-delta;
    for (int i = 0; i < 62; i++) {
        uint64_t c1 = (uint64_t)((int64_t)nd >> 63); /* delta > 0 */
        uint64_t c2 = 0 - (g & 1);                   /* g odd */
        uint64_t sw = c1 & c2;                       /* swap */
        __m128i m1 = _mm_set1_epi64x((long long)c1);
        __m128i m2 = _mm_set1_epi64x((long long)c2);
        __m128i ms = _mm_and_si128(m1, m2);
        /* f row: the old g row when swapping, doubled; g row: g + (+-f) when g is odd */
        uint64_t fn = (f & ~sw) | (g & sw);
        g = (g + (((f ^ c1) - c1) & c2)) >> 1;
        f = fn;
        nd = (nd ^ sw) + ~sw; /* delta = (swap ? -delta : delta) + 1 */
        __m128i un = _mm_or_si128(_mm_and_si128(ms, qr), _mm_andnot_si128(ms, uv));
        qr = _mm_add_epi64(qr, _mm_and_si128(_mm_sub_epi64(_mm_xor_si128(uv, m1), m1), m2));
        uv = _mm_add_epi64(un, un);
    }
    t->u = (int64_t)_mm_cvtsi128_si64(uv);
    t->v = (int64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(uv, uv));
    t->q = (int64_t)_mm_cvtsi128_si64(qr);
    t->r = (int64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(qr, qr));
    return -(int64_t)nd;
}
#define DIVSTEPS_62 divsteps_62_sse2
#else
/* 62 constant-time divsteps; returns the new delta. One divstep:
 *   delta > 0 and g odd:  (delta, f, g) = (1 - delta, g, (g - f) / 2)
 *   otherwise:            (delta, f, g) = (1 + delta, f, (g + [g odd] f) / 2)
 * The matrix rows track f and g: 2^i (f_i, g_i) = T (f_0, g_0). */
static int64_t divsteps_62(int64_t delta, uint64_t f, uint64_t g, trans *t) {
    uint64_t u = 1, v = 0, q = 0, r = 1;
    uint64_t nd = (uint64_t)-delta; /* -delta, so that its sign bit is the test delta > 0 */
    for (int i = 0; i < 62; i++) {
        uint64_t c1 = (uint64_t)((int64_t)nd >> 63); /* delta > 0 */
        uint64_t c2 = 0 - (g & 1);                   /* g odd */
        uint64_t sw = seal__ct_barrier(c1 & c2);     /* swap */
        /* f row: the old g row when swapping (doubled for the matrix); g row: g + (+-f) when g
         * is odd, with -f when delta > 0, then halved (for the matrix: left as is) */
        uint64_t fn = (f & ~sw) | (g & sw);
        uint64_t un = (u & ~sw) | (q & sw);
        uint64_t vn = (v & ~sw) | (r & sw);
        g = (g + (((f ^ c1) - c1) & c2)) >> 1;
        q += ((u ^ c1) - c1) & c2;
        r += ((v ^ c1) - c1) & c2;
        f = fn;
        u = un << 1;
        v = vn << 1;
        nd = (nd ^ sw) + ~sw; /* delta = (swap ? -delta : delta) + 1 */
    }
    t->u = (int64_t)u;
    t->v = (int64_t)v;
    t->q = (int64_t)q;
    t->r = (int64_t)r;
    return -(int64_t)nd;
}
#define DIVSTEPS_62 divsteps_62
#endif

/* (f, g) = T (f, g) / 2^62 (exact). */
static void update_fg(s62 *f, s62 *g, const trans *t) {
    __int128 cf = (__int128)t->u * f->v[0] + (__int128)t->v * g->v[0];
    __int128 cg = (__int128)t->q * f->v[0] + (__int128)t->r * g->v[0];
    cf >>= 62;
    cg >>= 62;
    for (int i = 1; i < 7; i++) {
        cf += (__int128)t->u * f->v[i] + (__int128)t->v * g->v[i];
        cg += (__int128)t->q * f->v[i] + (__int128)t->r * g->v[i];
        f->v[i - 1] = (int64_t)((uint64_t)cf & M62);
        g->v[i - 1] = (int64_t)((uint64_t)cg & M62);
        cf >>= 62;
        cg >>= 62;
    }
    f->v[6] = (int64_t)cf;
    g->v[6] = (int64_t)cg;
}

/* (d, e) = T (d, e) / 2^62 mod p, inputs and outputs in (-2p, p). */
static void update_de(s62 *d, s62 *e, const trans *t) {
    int64_t sd = d->v[6] >> 63, se = e->v[6] >> 63;
    /* add multiples of p for negative inputs, then fix the low 62 bits to zero */
    int64_t md = (t->u & sd) + (t->v & se);
    int64_t me = (t->q & sd) + (t->r & se);
    __int128 cd = (__int128)t->u * d->v[0] + (__int128)t->v * e->v[0];
    __int128 ce = (__int128)t->q * d->v[0] + (__int128)t->r * e->v[0];
    md -= (int64_t)((P_INV62 * (uint64_t)cd + (uint64_t)md) & M62);
    me -= (int64_t)((P_INV62 * (uint64_t)ce + (uint64_t)me) & M62);
    cd += (__int128)P62.v[0] * md;
    ce += (__int128)P62.v[0] * me;
    cd >>= 62;
    ce >>= 62;
    for (int i = 1; i < 7; i++) {
        cd += (__int128)t->u * d->v[i] + (__int128)t->v * e->v[i] + (__int128)P62.v[i] * md;
        ce += (__int128)t->q * d->v[i] + (__int128)t->r * e->v[i] + (__int128)P62.v[i] * me;
        d->v[i - 1] = (int64_t)((uint64_t)cd & M62);
        e->v[i - 1] = (int64_t)((uint64_t)ce & M62);
        cd >>= 62;
        ce >>= 62;
    }
    d->v[6] = (int64_t)cd;
    e->v[6] = (int64_t)ce;
}

static void limbs_to_s62(s62 *out, const uint64_t l[6]) {
    for (int i = 0; i < 7; i++) {
        unsigned bit = 62u * (unsigned)i, w = bit / 64, sh = bit % 64;
        uint64_t v = l[w] >> sh;
        if (sh > 2 && w + 1 < 6) {
            v |= l[w + 1] << (64 - sh);
        }
        out->v[i] = (int64_t)(v & M62);
    }
}

/* sign * d mod p in [0, p) for d in (-2p, p) and sign = -1 when neg is all ones, else +1. */
static void s62_normalize(uint64_t out[6], const s62 *d, uint64_t neg) {
    /* two's complement modulo 2^384 is enough: the final value lies in [0, 2^384) */
    uint64_t x[6] = {0};
    for (int i = 0; i < 7; i++) {
        unsigned bit = 62u * (unsigned)i, w = bit / 64, sh = bit % 64;
        uint64_t v = (uint64_t)d->v[i];
        uint64_t carry = 0;
        /* add v << bit (sign-extended) into x */
        uint64_t ext = (uint64_t)(d->v[i] >> 63);
        for (unsigned k = w; k < 6; k++) {
            uint64_t part;
            if (k == w) {
                part = v << sh;
            } else if (k == w + 1) {
                part = sh ? (v >> (64 - sh)) | (ext << sh) : ext;
            } else {
                part = ext;
            }
            x[k] = addc(x[k], part, &carry);
        }
    }
    /* conditional negation, then + 2p: the value is in (0, 4p) */
    uint64_t carry = neg & 1;
    for (int i = 0; i < 6; i++) {
        x[i] = addc(x[i] ^ neg, 0, &carry);
    }
    carry = 0;
    for (int i = 0; i < 6; i++) {
        uint64_t p2 = (seal__fp_p[i] << 1) | (i ? seal__fp_p[i - 1] >> 63 : 0);
        x[i] = addc(x[i], p2, &carry);
    }
    for (int k = 0; k < 3; k++) {
        final_sub(x, x, 0);
    }
    memcpy(out, x, sizeof x);
}

static void fp_inv_safegcd(fp *out, const fp *a, bool vartime) {
    s62 f = P62, g, d = {{0}}, e = {{1}};
    trans t;
    int64_t delta = 1;
    limbs_to_s62(&g, a->l);
    for (int i = 0; i < 18; i++) {
        if (vartime) {
            int64_t any = 0;
            for (int k = 0; k < 7; k++) {
                any |= g.v[k];
            }
            if (any == 0) {
                break;
            }
        }
        delta = DIVSTEPS_62(delta, (uint64_t)f.v[0] | ((uint64_t)f.v[1] << 62),
                            (uint64_t)g.v[0] | ((uint64_t)g.v[1] << 62), &t);
        update_fg(&f, &g, &t);
        update_de(&d, &e, &t);
    }
    /* f = +-1; the result is f d = x^-1 mod p for the plain value x = a R, and
     * (a R)^-1 R^3 / R = a^-1 R is the Montgomery form of a^-1 */
    fp r;
    s62_normalize(r.l, &d, (uint64_t)(f.v[6] >> 63));
    seal__fp_mul(out, &r, &FP_R3);
    seal_memzero(&f, sizeof f);
    seal_memzero(&g, sizeof g);
    seal_memzero(&d, sizeof d);
    seal_memzero(&e, sizeof e);
    seal_memzero(&t, sizeof t);
    seal_memzero(&r, sizeof r);
}

void seal__fp_inv(fp *out, const fp *a) {
    fp_inv_safegcd(out, a, false);
}

void seal__fp_inv_vartime(fp *out, const fp *a) {
    fp_inv_safegcd(out, a, true);
}

/* a^((p-3)/4) by a sliding window of width 5 over the fixed exponent: each entry is (number of
 * squarings, odd window value to multiply by, 0 for none). 376 squarings and 81 products. */
static const uint8_t SQRT_RATIO_SCHEDULE[][2] = {
    {0, 13}, {13, 17}, {7, 15}, {4, 5},  {6, 7},  {7, 23}, {5, 31}, {5, 25}, {3, 5},  {6, 13},
    {6, 9},  {3, 3},   {8, 27}, {3, 5},  {6, 15}, {6, 27}, {3, 1},  {8, 13}, {7, 23}, {5, 11},
    {6, 13}, {6, 29},  {4, 9},  {8, 29}, {4, 13}, {7, 23}, {9, 19}, {5, 25}, {2, 3},  {7, 5},
    {7, 9},  {6, 23},  {5, 29}, {5, 19}, {5, 19}, {8, 13}, {7, 21}, {9, 15}, {5, 13}, {3, 3},
    {8, 15}, {3, 3},   {7, 9},  {9, 15}, {6, 21}, {6, 31}, {5, 31}, {5, 31}, {4, 13}, {3, 3},
    {8, 21}, {7, 31},  {5, 31}, {5, 31}, {4, 15}, {4, 7},  {7, 31}, {5, 29}, {5, 31}, {5, 31},
    {5, 31}, {5, 31},  {5, 31}, {5, 31}, {4, 13}, {6, 21}, {4, 5},  {1, 0}};

void seal__fp_pow_sqrt_ratio(fp *out, const fp *a) {
    fp odd[16], a2, acc;
    odd[0] = *a;
    seal__fp_sqr(&a2, a);
    for (int i = 1; i < 16; i++) {
        seal__fp_mul(&odd[i], &odd[i - 1], &a2);
    }
    size_t n = sizeof SQRT_RATIO_SCHEDULE / sizeof SQRT_RATIO_SCHEDULE[0];
    acc = odd[SQRT_RATIO_SCHEDULE[0][1] >> 1];
    for (size_t i = 1; i < n; i++) {
        for (unsigned k = 0; k < SQRT_RATIO_SCHEDULE[i][0]; k++) {
            seal__fp_sqr(&acc, &acc);
        }
        if (SQRT_RATIO_SCHEDULE[i][1] != 0) {
            seal__fp_mul(&acc, &acc, &odd[SQRT_RATIO_SCHEDULE[i][1] >> 1]);
        }
    }
    *out = acc;
    seal_memzero(odd, sizeof odd);
    seal_memzero(&a2, sizeof a2);
    seal_memzero(&acc, sizeof acc);
}

bool seal__fp_sqrt(fp *out, const fp *a) {
    /* a^((p+1)/4) = a a^((p-3)/4) */
    fp s, c;
    seal__fp_pow_sqrt_ratio(&s, a);
    seal__fp_mul(&s, &s, a);
    seal__fp_sqr(&c, &s);
    bool ok = seal__fp_equal(&c, a);
    *out = s;
    seal_memzero(&s, sizeof s);
    seal_memzero(&c, sizeof c);
    return ok;
}

bool seal__fp_is_square(const fp *a) {
    /* Euler: a^((p-1)/2) = a (a^((p-3)/4))^2 is 0, 1 or -1 */
    fp t, minus_one;
    seal__fp_pow_sqrt_ratio(&t, a);
    seal__fp_sqr(&t, &t);
    seal__fp_mul(&t, &t, a);
    seal__fp_neg(&minus_one, &seal__fp_one);
    bool nonsq = seal__fp_equal(&t, &minus_one);
    seal_memzero(&t, sizeof t);
    return !nonsq;
}
