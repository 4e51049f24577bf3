/*
 * BLS12-381: fields, groups G1 and G2, the optimal ate pairing, hash to curve (RFC 9380) and the
 * ZCash/IETF point encodings.
 *
 * Conventions
 * - Field elements are kept in Montgomery form (6 x 64-bit limbs, least significant first).
 * - Points are kept in projective coordinates (representation private to src/bls/); use the
 *   functions below, never the fields directly.
 * - Scalars (seal_scalar) hold a canonical integer in [0, r) as 4 little-endian 64-bit limbs.
 * - Functions without `_vartime` are constant time with respect to their secret inputs
 *   (scalars, and points derived from secrets). `_vartime` functions take public data only.
 * - Every decoder validates: canonical coordinates (< p), on the curve, in the prime-order
 *   subgroup, exact flag rules. A decoder that fails leaves its output set to the identity.
 * - Nothing here allocates or does I/O. Outputs may alias inputs.
 */
#ifndef SEAL_BLS12_381_H
#define SEAL_BLS12_381_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "seal/error.h"
#include "seal/util.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SEAL_FP_BYTES 48
#define SEAL_SCALAR_BYTES 32
#define SEAL_G1_COMPRESSED_BYTES 48
#define SEAL_G1_UNCOMPRESSED_BYTES 96
#define SEAL_G2_COMPRESSED_BYTES 96
#define SEAL_G2_UNCOMPRESSED_BYTES 192
#define SEAL_GT_BYTES 576

typedef struct seal_fp {
    uint64_t l[6];
} seal_fp;
typedef struct seal_fp2 {
    seal_fp c0, c1;
} seal_fp2;
typedef struct seal_fp6 {
    seal_fp2 c0, c1, c2;
} seal_fp6;
typedef struct seal_fp12 {
    seal_fp6 c0, c1;
} seal_fp12;

/* An element of the target group GT (a subgroup of Fp12*). */
typedef seal_fp12 seal_gt;

typedef struct seal_scalar {
    uint64_t l[4];
} seal_scalar;

typedef struct seal_g1 {
    seal_fp x, y, z;
} seal_g1;
typedef struct seal_g2 {
    seal_fp2 x, y, z;
} seal_g2;

/* Affine points; infinity is flagged explicitly. */
typedef struct seal_g1_affine {
    seal_fp x, y;
    bool infinity;
} seal_g1_affine;
typedef struct seal_g2_affine {
    seal_fp2 x, y;
    bool infinity;
} seal_g2_affine;

/* Line coefficients of the Miller loop for one fixed G2 point (68 lines: 63 doublings and 5
 * additions for |x| = 0xd201000000010000). */
#define SEAL_G2_PREPARED_LINES 68
typedef struct seal_g2_prepared {
    seal_fp2 coeffs[SEAL_G2_PREPARED_LINES][3];
    bool infinity;
} seal_g2_prepared;

/* ---- scalars (mod r) ---- */

/* 32 bytes big-endian; SEAL_ERR_NOT_CANONICAL when the value is >= r. */
SEAL_MUST_CHECK seal_err seal_scalar_from_bytes(seal_scalar *out, const uint8_t in[static 32]);
void seal_scalar_to_bytes(uint8_t out[static 32], const seal_scalar *s);
/* Reduces a big-endian byte string of any length modulo r (constant time in the contents). */
void seal_scalar_from_bytes_wide(seal_scalar *out, const uint8_t *in, size_t len);
/* A uniform non-zero scalar from rng (rejection sampling on 32-byte draws, top bits masked). */
SEAL_MUST_CHECK seal_err seal_scalar_random(seal_scalar *out, const seal_rng *rng);
void seal_scalar_from_u64(seal_scalar *out, uint64_t v);
void seal_scalar_add(seal_scalar *out, const seal_scalar *a, const seal_scalar *b);
void seal_scalar_sub(seal_scalar *out, const seal_scalar *a, const seal_scalar *b);
void seal_scalar_mul(seal_scalar *out, const seal_scalar *a, const seal_scalar *b);
void seal_scalar_neg(seal_scalar *out, const seal_scalar *a);
/* Inverse mod r (constant time); the inverse of 0 is 0. */
void seal_scalar_inv(seal_scalar *out, const seal_scalar *a);
bool seal_scalar_is_zero(const seal_scalar *a);
bool seal_scalar_equal(const seal_scalar *a, const seal_scalar *b);

/* ---- G1 ---- */

/* Group law on G1 in projective coordinates: the identity, the standard generator, comparisons
 * (of the points, not of their coordinates) and out = a + b, a - b, 2a, -a. The formulas are
 * complete: no special case for the identity or a == b. */
void seal_g1_identity(seal_g1 *out);
void seal_g1_generator(seal_g1 *out);
bool seal_g1_is_identity(const seal_g1 *p);
bool seal_g1_equal(const seal_g1 *a, const seal_g1 *b);
void seal_g1_add(seal_g1 *out, const seal_g1 *a, const seal_g1 *b);
void seal_g1_sub(seal_g1 *out, const seal_g1 *a, const seal_g1 *b);
void seal_g1_double(seal_g1 *out, const seal_g1 *a);
void seal_g1_neg(seal_g1 *out, const seal_g1 *a);
/* k * p, constant time in k and p. p must be in G1 (decoded, hashed and generated points are):
 * the GLV method gives a wrong result for other points of the curve. */
void seal_g1_mul(seal_g1 *out, const seal_g1 *p, const seal_scalar *k);
/* k * p for public k and p (p in G1, as above). */
void seal_g1_mul_vartime(seal_g1 *out, const seal_g1 *p, const seal_scalar *k);
/* k * G1 generator, constant time, with a fixed-base table. */
void seal_g1_mul_gen(seal_g1 *out, const seal_scalar *k);
/* sum k[i] * p[i] for public inputs (n may be 0). */
void seal_g1_msm_vartime(seal_g1 *out, const seal_g1 *p, const seal_scalar *k, size_t n);
bool seal_g1_is_on_curve(const seal_g1 *p);
/* Prime-order subgroup membership via the GLV endomorphism. */
bool seal_g1_in_subgroup(const seal_g1 *p);
void seal_g1_to_affine(seal_g1_affine *out, const seal_g1 *p);
void seal_g1_from_affine(seal_g1 *out, const seal_g1_affine *a);
void seal_g1_compress(uint8_t out[static 48], const seal_g1 *p);
void seal_g1_serialize(uint8_t out[static 96], const seal_g1 *p);
/* Full validation, including the subgroup check. The identity decodes successfully. */
SEAL_MUST_CHECK seal_err seal_g1_decompress(seal_g1 *out, const uint8_t in[static 48]);
SEAL_MUST_CHECK seal_err seal_g1_deserialize(seal_g1 *out, const uint8_t in[static 96]);
/* RFC 9380 BLS12381G1_XMD:SHA-256_SSWU_RO_ with the given DST (any length; > 255 bytes is
 * hashed as the RFC says). */
void seal_g1_hash_to_curve(seal_g1 *out, const uint8_t *msg, size_t msg_len, const uint8_t *dst,
                           size_t dst_len);

/* ---- batches of G1 work (the key server's per-id crypto) ----
 * Each function gives the results of the single-item function on every item, computed several
 * at a time by the multi-buffer engine when the backend has one ("ifma"; see
 * seal_bls_backend), else one by one. Constant time in the points and scalars; n is public and
 * may be 0. Outputs must not overlap inputs. */

/* out[i] = seal_g1_hash_to_curve(msgs[i], msg_lens[i], dst). */
void seal_g1_hash_to_curve_batch(seal_g1 *out, const uint8_t *const *msgs, const size_t *msg_lens,
                                 size_t n, const uint8_t *dst, size_t dst_len);
/* out[i] = k[i] p[i] (p[i] in G1). */
void seal_g1_mul_batch(seal_g1 *out, const seal_g1 *p, const seal_scalar *k, size_t n);
/* out[i] = k[i] p for one point p in G1. */
void seal_g1_mul_same_batch(seal_g1 *out, const seal_g1 *p, const seal_scalar *k, size_t n);
/* out[i] = k[i] G1. */
void seal_g1_mul_gen_batch(seal_g1 *out, const seal_scalar *k, size_t n);
/* A fixed-base table of one point P (64 KiB; about 20 variable-base multiplications to build):
 * k P then costs about 40 % of seal_g1_mul. The caller allocates seal_g1_table_sizeof() bytes;
 * the table holds only public data (P must be public, e.g. a requester's enc_key). */
typedef struct seal_g1_table seal_g1_table;
size_t seal_g1_table_sizeof(void);
/* P must be in G1 and not the identity. */
void seal_g1_table_init(seal_g1_table *t, const seal_g1 *p);
/* out[i] = k[i] P. */
void seal_g1_mul_table_batch(seal_g1 *out, const seal_g1_table *t, const seal_scalar *k, size_t n);
/* Affine forms with one shared inversion per 16 points (identity -> infinity flag). */
void seal_g1_to_affine_batch(seal_g1_affine *out, const seal_g1 *p, size_t n);
/* out[i] = seal_g1_compress(p[i]), with the inversions shared. */
void seal_g1_compress_batch(uint8_t (*out)[48], const seal_g1 *p, size_t n);

/* ---- G2 ---- */

/* Group law on G2, as on G1: identity, generator, comparisons, out = a + b, a - b, 2a, -a. */
void seal_g2_identity(seal_g2 *out);
void seal_g2_generator(seal_g2 *out);
bool seal_g2_is_identity(const seal_g2 *p);
bool seal_g2_equal(const seal_g2 *a, const seal_g2 *b);
void seal_g2_add(seal_g2 *out, const seal_g2 *a, const seal_g2 *b);
void seal_g2_sub(seal_g2 *out, const seal_g2 *a, const seal_g2 *b);
void seal_g2_double(seal_g2 *out, const seal_g2 *a);
void seal_g2_neg(seal_g2 *out, const seal_g2 *a);
/* k * p, constant time in k and p; p must be in G2 (the GLS method uses psi = [x] on G2). */
void seal_g2_mul(seal_g2 *out, const seal_g2 *p, const seal_scalar *k);
void seal_g2_mul_vartime(seal_g2 *out, const seal_g2 *p, const seal_scalar *k);
void seal_g2_mul_gen(seal_g2 *out, const seal_scalar *k);
bool seal_g2_is_on_curve(const seal_g2 *p);
/* Prime-order subgroup membership via the psi endomorphism. */
bool seal_g2_in_subgroup(const seal_g2 *p);
void seal_g2_to_affine(seal_g2_affine *out, const seal_g2 *p);
void seal_g2_from_affine(seal_g2 *out, const seal_g2_affine *a);
void seal_g2_compress(uint8_t out[static 96], const seal_g2 *p);
void seal_g2_serialize(uint8_t out[static 192], const seal_g2 *p);
SEAL_MUST_CHECK seal_err seal_g2_decompress(seal_g2 *out, const uint8_t in[static 96]);
SEAL_MUST_CHECK seal_err seal_g2_deserialize(seal_g2 *out, const uint8_t in[static 192]);
/* RFC 9380 BLS12381G2_XMD:SHA-256_SSWU_RO_. */
void seal_g2_hash_to_curve(seal_g2 *out, const uint8_t *msg, size_t msg_len, const uint8_t *dst,
                           size_t dst_len);

/* ---- hashing helpers (RFC 9380 section 5.3) ---- */

/* expand_message_xmd with SHA-256. out_len <= 255 * 32. SEAL_ERR_INVALID_ARGUMENT otherwise. */
SEAL_MUST_CHECK seal_err seal_expand_message_xmd(uint8_t *out, size_t out_len, const uint8_t *msg,
                                                 size_t msg_len, const uint8_t *dst,
                                                 size_t dst_len);

/* ---- pairing and GT ---- */

/* e(p, q) with blst's final-exponentiation convention (the cube of the textbook value), so that
 * the GT bytes equal those Seal hashes. e(O, q) = e(p, O) = 1. */
void seal_pairing(seal_gt *out, const seal_g1 *p, const seal_g2 *q);
/* prod e(p[i], q[i]) with one shared Miller loop and one final exponentiation. */
void seal_pairing_multi(seal_gt *out, const seal_g1 *p, const seal_g2 *q, size_t n);
/* true when prod e(p[i], q[i]) == 1. */
bool seal_pairing_product_is_one(const seal_g1 *p, const seal_g2 *q, size_t n);
void seal_miller_loop(seal_fp12 *out, const seal_g1 *p, const seal_g2 *q);
void seal_final_exp(seal_gt *out, const seal_fp12 *f);
void seal_g2_prepare(seal_g2_prepared *out, const seal_g2 *q);
void seal_miller_loop_prepared(seal_fp12 *out, const seal_g1 *p, const seal_g2_prepared *q);
void seal_pairing_prepared(seal_gt *out, const seal_g1 *p, const seal_g2_prepared *q);

/* GT as a multiplicative group: the identity 1, comparisons, out = a * b. */
void seal_gt_one(seal_gt *out);
bool seal_gt_is_one(const seal_gt *a);
bool seal_gt_equal(const seal_gt *a, const seal_gt *b);
void seal_gt_mul(seal_gt *out, const seal_gt *a, const seal_gt *b);
/* Inverse (the conjugate for elements of the cyclotomic subgroup, which holds GT; the general
 * Fp12 inverse for any other element, e.g. one from seal_fp12_from_bytes). */
void seal_gt_inv(seal_gt *out, const seal_gt *a);
/* a^k for any Fp12 element a, constant time in k (whether a lies in the cyclotomic subgroup
 * selects the squaring; it is not treated as secret). */
void seal_gt_pow(seal_gt *out, const seal_gt *a, const seal_scalar *k);
/* The 576-byte encoding Seal hashes: for k = 0, 1, 2 the k-th Fp2 coefficient of c0 then of c1,
 * each Fp2 as (c0, c1), each Fp 48 bytes big-endian (blst's fp12 dump). */
void seal_gt_to_bytes(uint8_t out[static 576], const seal_gt *a);
/* Inverse of seal_gt_to_bytes; checks canonical coordinates only (not GT membership). */
SEAL_MUST_CHECK seal_err seal_fp12_from_bytes(seal_fp12 *out, const uint8_t in[static 576]);

/* ---- build information ---- */

/* The arithmetic backend in use: "portable" (C), "adx" (x86-64 mulx/adcx/adox), "ifma" (adx
 * plus the AVX-512 IFMA multi-buffer engine of the batch functions) or "ifma-emu" (that engine
 * on a portable emulation of its vector instructions; for tests). */
const char *seal_bls_backend(void);
/* Selects a backend by the names above, or "auto" (the best this CPU and build support: the
 * default, unless the environment variable SEAL_BLS_BACKEND named one when the library
 * loaded). SEAL_ERR_UNSUPPORTED when the CPU or build lacks it, SEAL_ERR_INVALID_ARGUMENT for an
 * unknown name; the backend is then unchanged. Every backend gives the same results. Not
 * thread-safe: call it before other threads use the library. */
SEAL_MUST_CHECK seal_err seal_bls_set_backend(const char *name);

#ifdef __cplusplus
}
#endif
#endif
