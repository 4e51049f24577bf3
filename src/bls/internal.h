/* Internal interface of src/bls/: field arithmetic shared by the curve, hash and pairing code.
 * Every function here is constant time unless its name ends in _vartime. Outputs may alias
 * inputs. Elements are in Montgomery form unless a name says otherwise. */
#ifndef SEAL_BLS_INTERNAL_H
#define SEAL_BLS_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "seal/bls12_381.h"

typedef seal_fp fp;
typedef seal_fp2 fp2;
typedef seal_fp6 fp6;
typedef seal_fp12 fp12;

/* ---- Fp (src/bls/fp.c) ---- */
extern const fp seal__fp_zero;
extern const fp seal__fp_one; /* R mod p */
extern const uint64_t seal__fp_p[6];

void seal__fp_add(fp *out, const fp *a, const fp *b);
void seal__fp_sub(fp *out, const fp *a, const fp *b);
void seal__fp_neg(fp *out, const fp *a); /* -0 = 0 */
void seal__fp_dbl(fp *out, const fp *a);
void seal__fp_mul(fp *out, const fp *a, const fp *b);
void seal__fp_sqr(fp *out, const fp *a);
void seal__fp_mul_small(fp *out, const fp *a, uint64_t k); /* k < 2^32 */
/* a^e for a public exponent e given as big-endian bytes. */
void seal__fp_pow_vartime_exp(fp *out, const fp *a, const uint8_t *e, size_t e_len);
void seal__fp_inv(fp *out, const fp *a); /* inv(0) = 0 */
/* sqrt when a is a square: returns true and out = a root; false otherwise (out unspecified). */
bool seal__fp_sqrt(fp *out, const fp *a);
bool seal__fp_is_square(const fp *a);
bool seal__fp_is_zero(const fp *a);
bool seal__fp_equal(const fp *a, const fp *b);
void seal__fp_cmov(fp *out, const fp *a, uint64_t bit); /* out = a when bit */
/* RFC 9380 sgn0: parity of the canonical value. */
uint64_t seal__fp_sgn0(const fp *a);
/* 1 when the canonical value is > (p-1)/2 (the ZCash S_bit rule). */
uint64_t seal__fp_is_lexicographically_largest(const fp *a);
/* Canonical big-endian 48 bytes <-> Montgomery. from_bytes rejects values >= p. */
void seal__fp_to_bytes(uint8_t out[48], const fp *a);
bool seal__fp_from_bytes(fp *out, const uint8_t in[48]);
/* Reduces a 64-byte big-endian value modulo p (hash_to_field). */
void seal__fp_from_bytes_wide64(fp *out, const uint8_t in[64]);
void seal__fp_from_u64(fp *out, uint64_t v);
/* Montgomery form <-> plain little-endian limbs. */
void seal__fp_to_mont(fp *out, const uint64_t in[6]);
void seal__fp_from_mont(uint64_t out[6], const fp *a);

/* Lazy reduction for the tower: 384 x 384 -> 768-bit products (12 little-endian limbs, not
 * reduced) and the Montgomery reduction of such a value t < p * 2^384 to t / R mod p in [0, p).
 * Sums and differences of products may be formed before one reduction as long as the value
 * handed to seal__fp_redc stays in [0, p * 2^384). seal__fp_mul and seal__fp_sqr also accept
 * unreduced operands below 2p (e.g. a sum of two elements) and still return a value < p. */
void seal__fp_mul384(uint64_t out[12], const fp *a, const fp *b);
void seal__fp_sqr384(uint64_t out[12], const fp *a);
void seal__fp_redc(fp *out, const uint64_t in[12]);
/* a^((p-3)/4) (RFC 9380 sqrt_ratio_3mod4 c1; a^((p+1)/4) = a times this). Constant time. */
void seal__fp_pow_sqrt_ratio(fp *out, const fp *a);
/* Inverse for public inputs only (variable time); inv(0) = 0. */
void seal__fp_inv_vartime(fp *out, const fp *a);

/* The portable implementations, compiled in every build so the tests can compare them with
 * the selected backend (seal_bls_backend()). */
void seal__fp_mul_portable(fp *out, const fp *a, const fp *b);
void seal__fp_sqr_portable(fp *out, const fp *a);
void seal__fp_mul384_portable(uint64_t out[12], const fp *a, const fp *b);
void seal__fp_sqr384_portable(uint64_t out[12], const fp *a);
void seal__fp_redc_portable(fp *out, const uint64_t in[12]);
void seal__fp_add_portable(fp *out, const fp *a, const fp *b);
void seal__fp_sub_portable(fp *out, const fp *a, const fp *b);
void seal__fp_mul_small_portable(fp *out, const fp *a, uint64_t k);
void seal__fp_inv_portable(fp *out, const fp *a); /* Fermat a^(p-2), reference for tests */

/* ---- Fp2 = Fp[u]/(u^2+1) (src/bls/fp2.c) ---- */
extern const fp2 seal__fp2_zero;
extern const fp2 seal__fp2_one;

void seal__fp2_add(fp2 *out, const fp2 *a, const fp2 *b);
void seal__fp2_sub(fp2 *out, const fp2 *a, const fp2 *b);
void seal__fp2_neg(fp2 *out, const fp2 *a);
void seal__fp2_dbl(fp2 *out, const fp2 *a);
void seal__fp2_mul(fp2 *out, const fp2 *a, const fp2 *b);
void seal__fp2_sqr(fp2 *out, const fp2 *a);
void seal__fp2_mul_fp(fp2 *out, const fp2 *a, const fp *b);
void seal__fp2_mul_by_nonresidue(fp2 *out, const fp2 *a); /* times (u + 1) */
void seal__fp2_conj(fp2 *out, const fp2 *a);              /* = Frobenius */
void seal__fp2_inv(fp2 *out, const fp2 *a);
bool seal__fp2_sqrt(fp2 *out, const fp2 *a);
bool seal__fp2_is_square(const fp2 *a);
bool seal__fp2_is_zero(const fp2 *a);
bool seal__fp2_equal(const fp2 *a, const fp2 *b);
void seal__fp2_cmov(fp2 *out, const fp2 *a, uint64_t bit);
uint64_t seal__fp2_sgn0(const fp2 *a);
uint64_t seal__fp2_is_lexicographically_largest(const fp2 *a); /* c1 first, then c0 */
void seal__fp2_pow_vartime_exp(fp2 *out, const fp2 *a, const uint8_t *e, size_t e_len);

/* Wide (unreduced) values for lazy reduction in the tower. An fp_wide is a 768-bit integer in
 * [0, p 2^384) (12 little-endian limbs) standing for (value / R) mod p once reduced; add, sub
 * and mul_by_nonresidue work modulo p 2^384 and keep every value in that range, so any sequence
 * of them ends in a valid seal__fp2_redc. mul_wide / sqr_wide take reduced Fp2 inputs. */
typedef struct seal_fp_wide {
    uint64_t l[12];
} fp_wide;
typedef struct seal_fp2_wide {
    fp_wide c0, c1;
} fp2_wide;
void seal__fp_wide_add(fp_wide *out, const fp_wide *a, const fp_wide *b);
void seal__fp_wide_sub(fp_wide *out, const fp_wide *a, const fp_wide *b);
void seal__fp2_wide_add(fp2_wide *out, const fp2_wide *a, const fp2_wide *b);
void seal__fp2_wide_sub(fp2_wide *out, const fp2_wide *a, const fp2_wide *b);
void seal__fp2_wide_mul_by_nonresidue(fp2_wide *out, const fp2_wide *a); /* times (u + 1) */
void seal__fp2_mul_wide(fp2_wide *out, const fp2 *a, const fp2 *b);
void seal__fp2_sqr_wide(fp2_wide *out, const fp2 *a);
void seal__fp2_redc(fp2 *out, const fp2_wide *a);

/* ---- Fp6 = Fp2[v]/(v^3 - (u+1)), Fp12 = Fp6[w]/(w^2 - v) (src/bls/fp12.c) ---- */
void seal__fp6_add(fp6 *out, const fp6 *a, const fp6 *b);
void seal__fp6_sub(fp6 *out, const fp6 *a, const fp6 *b);
void seal__fp6_neg(fp6 *out, const fp6 *a);
void seal__fp6_mul(fp6 *out, const fp6 *a, const fp6 *b);
void seal__fp6_sqr(fp6 *out, const fp6 *a);
void seal__fp6_inv(fp6 *out, const fp6 *a);
void seal__fp6_mul_by_nonresidue(fp6 *out, const fp6 *a); /* times v */

void seal__fp12_one(fp12 *out);
bool seal__fp12_is_one(const fp12 *a);
bool seal__fp12_equal(const fp12 *a, const fp12 *b);
void seal__fp12_mul(fp12 *out, const fp12 *a, const fp12 *b);
void seal__fp12_sqr(fp12 *out, const fp12 *a);
void seal__fp12_cyclotomic_sqr(fp12 *out, const fp12 *a);
void seal__fp12_inv(fp12 *out, const fp12 *a);
void seal__fp12_conj(fp12 *out, const fp12 *a);
void seal__fp12_frobenius(fp12 *out, const fp12 *a, unsigned k); /* a^(p^k), k in 1..11 */
void seal__fp12_cmov(fp12 *out, const fp12 *a, uint64_t bit);
/* Sparse products used by the Miller loop. a (b0 + b1 v); a (b1 v). */
void seal__fp6_mul_by_01(fp6 *out, const fp6 *a, const fp2 *b0, const fp2 *b1);
void seal__fp6_mul_by_1(fp6 *out, const fp6 *a, const fp2 *b1);
/* f *= l0 + l1 v + l4 v w (a line of the M-type twist evaluated at a G1 point). */
void seal__fp12_mul_by_014(fp12 *f, const fp2 *l0, const fp2 *l1, const fp2 *l4);

/* Karabina compression of cyclotomic-subgroup elements (a^(p^4 - p^2 + 1) = 1): four of the six
 * Fp2 coordinates, squared in compressed form and decompressed (up to
 * SEAL_FP12_DECOMPRESS_MAX at once, sharing one inversion). Wrong results outside the
 * cyclotomic subgroup. */
typedef struct seal__fp12_compressed {
    fp2 g2, g3, g4, g5;
} seal__fp12_compressed;
#define SEAL_FP12_DECOMPRESS_MAX 8
/* seal__fp12_cyclotomic_decompress also accepts up to this many (batched final exponentiations). */
#define SEAL_FP12_DECOMPRESS_BATCH_MAX 24
void seal__fp12_cyclotomic_compress(seal__fp12_compressed *out, const fp12 *a);
void seal__fp12_compressed_sqr(seal__fp12_compressed *z);
void seal__fp12_cyclotomic_decompress(fp12 *out, const seal__fp12_compressed *z, size_t n);

/* ---- pairing (src/bls/pairing.c) ---- */
/* prod f_{|x|,q[i]}(p[i]), conjugated (x < 0), for affine inputs; pairs where either point is
 * infinity contribute 1. Constant time in the coordinates and the infinity flags; n is public. */
void seal__miller_loop_affine(fp12 *out, const seal_g1_affine *p, const seal_g2_affine *q,
                              size_t n);
/* seal__miller_loop_affine of one pair that also returns whether q (on E2, from
 * seal__g2_decompress_on_curve) is in G2, checked on the loop's final point (psi(q) == -[|x|] q,
 * Z != 0); when it returns false *out must be discarded. Constant time in p. */
bool seal__miller_loop_affine_g2_check(fp12 *out, const seal_g1_affine *p, const seal_g2_affine *q);
/* seal_g2_decompress without the subgroup check (flags, canonical x, on the curve only): the
 * caller must check the subgroup, e.g. with seal__miller_loop_affine_g2_check. */
SEAL_MUST_CHECK seal_err seal__g2_decompress_on_curve(seal_g2 *out, const uint8_t in[static 96]);
/* out[i] = seal_final_exp(f[i]) for n <= SEAL_FINAL_EXP_BATCH_MAX values that share the
 * inversions of the cyclotomic decompressions. out may alias f. */
#define SEAL_FINAL_EXP_BATCH_MAX 4
void seal__final_exp_batch(fp12 *out, const fp12 *f, size_t n);
/* Line coefficients for a fixed affine G2 point (see seal_g2_prepare). */
void seal__g2_prepare_affine(seal_g2_prepared *out, const seal_g2_affine *q);
/* seal__g2_prepare_affine that also checks q (from seal__g2_decompress_on_curve) is in G2, on
 * the preparation's final point at no extra cost; false: not in G2, discard *out. */
bool seal__g2_prepare_affine_check(seal_g2_prepared *out, const seal_g2_affine *q);
void seal__miller_loop_prepared_affine(fp12 *out, const seal_g1_affine *p,
                                       const seal_g2_prepared *q);

#endif
