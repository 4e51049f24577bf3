/*
 * Shamir secret sharing over GF(2^8) (the AES field, x^8 + x^4 + x^3 + x + 1), byte by byte,
 * as Seal shares its 32-byte base key (PROTOCOL.md section 4).
 *
 * Share indices are u8, non-zero and pairwise distinct; any such indices are accepted (Seal's
 * encoders use 1..n, older ones random values). Field multiplication is bit-sliced (no table
 * indexed by a secret), so every function here is constant time in the secret, the shares and
 * the coefficients; timing depends only on the public counts and indices. Nothing allocates;
 * temporaries holding secret material are wiped.
 */
#ifndef SEAL_SHAMIR_H
#define SEAL_SHAMIR_H

#include <stddef.h>
#include <stdint.h>

#include "seal/error.h"
#include "seal/util.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SEAL_SHAMIR_SECRET_BYTES 32
#define SEAL_SHAMIR_MAX_SHARES 255

/* GF(2^8) multiplication and inverse (inv(0) = 0), constant time. */
uint8_t seal_gf256_mul(uint8_t a, uint8_t b);
uint8_t seal_gf256_inv(uint8_t a);

/*
 * Splits secret into n shares with threshold t (1 <= t <= n <= 255): shares[i] =
 * (p_0(indices[i]), ..., p_31(indices[i])) where p_j(x) = secret[j] + a_{j,1} x + ... +
 * a_{j,t-1} x^{t-1}.
 *
 * Randomness is drawn from rng (NULL = system RNG) exactly as the TypeScript SDK does: for
 * j = 0..31 in turn, t-1 bytes a_{j,1}..a_{j,t-1} (nothing when t = 1).
 * Errors: SEAL_ERR_INVALID_ARGUMENT (bad t/n, an index 0 or repeated), SEAL_ERR_RNG. On error
 * shares is zeroed.
 */
SEAL_MUST_CHECK seal_err seal_shamir_split(uint8_t (*shares)[SEAL_SHAMIR_SECRET_BYTES],
                                           const uint8_t secret[static SEAL_SHAMIR_SECRET_BYTES],
                                           const uint8_t *indices, size_t n, size_t t,
                                           const seal_rng *rng);

/* Split with explicit coefficients: coefficients[j * (t - 1) + k] = a_{j,k+1}. */
SEAL_MUST_CHECK seal_err seal_shamir_split_with_coefficients(
    uint8_t (*shares)[SEAL_SHAMIR_SECRET_BYTES],
    const uint8_t secret[static SEAL_SHAMIR_SECRET_BYTES], const uint8_t *indices, size_t n,
    size_t t, const uint8_t *coefficients);

/*
 * Lagrange interpolation of all n given shares (n >= 1, any n <= 255) evaluated at x, per byte:
 * x = 0 gives the secret (combine). Used with x != 0 for the share-consistency check.
 * Errors: SEAL_ERR_INVALID_ARGUMENT when n = 0 or n > 255, or an index is 0 or repeated.
 * (x equal to one of the indices is allowed: that share is returned.) On error out is zeroed.
 */
SEAL_MUST_CHECK seal_err seal_shamir_interpolate(uint8_t out[static SEAL_SHAMIR_SECRET_BYTES],
                                                 const uint8_t *indices,
                                                 const uint8_t (*shares)[SEAL_SHAMIR_SECRET_BYTES],
                                                 size_t n, uint8_t x);

/* seal_shamir_interpolate at x = 0. */
SEAL_MUST_CHECK seal_err seal_shamir_combine(uint8_t secret[static SEAL_SHAMIR_SECRET_BYTES],
                                             const uint8_t *indices,
                                             const uint8_t (*shares)[SEAL_SHAMIR_SECRET_BYTES],
                                             size_t n);

#ifdef __cplusplus
}
#endif
#endif
