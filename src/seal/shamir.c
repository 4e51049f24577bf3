/* Shamir secret sharing over GF(2^8), byte-wise, constant time (bit-sliced multiplication). */
#include <string.h>

#include "seal/shamir.h"
#include "seal/util.h"

uint8_t seal_gf256_mul(uint8_t a, uint8_t b) {
    uint32_t x = a;
    uint32_t y = b;
    uint32_t r = 0;
    for (int i = 0; i < 8; i++) {
        r ^= x & (0u - (y & 1u));
        y >>= 1;
        /* x *= X modulo x^8 + x^4 + x^3 + x + 1, without a branch on the top bit. */
        x = (x << 1) ^ (0x11bu & (0u - ((x >> 7) & 1u)));
    }
    return (uint8_t)r;
}

uint8_t seal_gf256_inv(uint8_t a) {
    /* a^254 = a^(-1) for a != 0 (and 0 for a = 0), by a fixed addition chain. */
    uint8_t a2 = seal_gf256_mul(a, a);       /* a^2 */
    uint8_t a3 = seal_gf256_mul(a2, a);      /* a^3 */
    uint8_t a6 = seal_gf256_mul(a3, a3);     /* a^6 */
    uint8_t a12 = seal_gf256_mul(a6, a6);    /* a^12 */
    uint8_t a15 = seal_gf256_mul(a12, a3);   /* a^15 */
    uint8_t a30 = seal_gf256_mul(a15, a15);  /* a^30 */
    uint8_t a60 = seal_gf256_mul(a30, a30);  /* a^60 */
    uint8_t a120 = seal_gf256_mul(a60, a60); /* a^120 */
    uint8_t a126 = seal_gf256_mul(a120, a6); /* a^126 */
    uint8_t a127 = seal_gf256_mul(a126, a);  /* a^127 */
    return seal_gf256_mul(a127, a127);       /* a^254 */
}

static bool indices_valid(const uint8_t *indices, size_t n) {
    bool seen[256] = {false};
    for (size_t i = 0; i < n; i++) {
        if (indices[i] == 0 || seen[indices[i]]) {
            return false;
        }
        seen[indices[i]] = true;
    }
    return true;
}

seal_err seal_shamir_split_with_coefficients(uint8_t (*shares)[SEAL_SHAMIR_SECRET_BYTES],
                                             const uint8_t secret[static SEAL_SHAMIR_SECRET_BYTES],
                                             const uint8_t *indices, size_t n, size_t t,
                                             const uint8_t *coefficients) {
    if (t < 1 || t > n || n > SEAL_SHAMIR_MAX_SHARES || !indices_valid(indices, n) ||
        (t > 1 && coefficients == NULL)) {
        if (shares != NULL && n <= SEAL_SHAMIR_MAX_SHARES) {
            seal_memzero(shares, n * SEAL_SHAMIR_SECRET_BYTES);
        }
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    for (size_t i = 0; i < n; i++) {
        uint8_t x = indices[i];
        for (size_t j = 0; j < SEAL_SHAMIR_SECRET_BYTES; j++) {
            /* Horner: p(x) = (((a_{t-1} x + a_{t-2}) x + ...) x + a_1) x + s. */
            const uint8_t *a = coefficients + j * (t - 1);
            uint8_t acc = 0;
            for (size_t k = t - 1; k >= 1; k--) {
                acc = (uint8_t)(seal_gf256_mul(acc, x) ^ a[k - 1]);
            }
            shares[i][j] = (uint8_t)(seal_gf256_mul(acc, x) ^ secret[j]);
        }
    }
    return SEAL_OK;
}

seal_err seal_shamir_split(uint8_t (*shares)[SEAL_SHAMIR_SECRET_BYTES],
                           const uint8_t secret[static SEAL_SHAMIR_SECRET_BYTES],
                           const uint8_t *indices, size_t n, size_t t, const seal_rng *rng) {
    uint8_t coefficients[SEAL_SHAMIR_SECRET_BYTES * (SEAL_SHAMIR_MAX_SHARES - 1)];
    seal_err err = SEAL_OK;
    if (t < 1 || t > n || n > SEAL_SHAMIR_MAX_SHARES || !indices_valid(indices, n)) {
        err = SEAL_ERR_INVALID_ARGUMENT;
        goto out;
    }
    /* The SDK draws t-1 bytes per secret byte, byte 0 first; one draw of the concatenation
     * consumes the same stream. */
    size_t ncoef = SEAL_SHAMIR_SECRET_BYTES * (t - 1);
    if (ncoef > 0 && (err = seal_rng_fill(rng, coefficients, ncoef)) != SEAL_OK) {
        err = SEAL_ERR_RNG;
        goto out;
    }
    err = seal_shamir_split_with_coefficients(shares, secret, indices, n, t, coefficients);
out:
    seal_memzero(coefficients, sizeof coefficients);
    if (err != SEAL_OK && shares != NULL && n <= SEAL_SHAMIR_MAX_SHARES) {
        seal_memzero(shares, n * SEAL_SHAMIR_SECRET_BYTES);
    }
    return err;
}

seal_err seal_shamir_interpolate(uint8_t out[static SEAL_SHAMIR_SECRET_BYTES],
                                 const uint8_t *indices,
                                 const uint8_t (*shares)[SEAL_SHAMIR_SECRET_BYTES], size_t n,
                                 uint8_t x) {
    uint8_t acc[SEAL_SHAMIR_SECRET_BYTES] = {0};
    if (n == 0 || n > SEAL_SHAMIR_MAX_SHARES || !indices_valid(indices, n)) {
        seal_memzero(out, SEAL_SHAMIR_SECRET_BYTES);
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    for (size_t i = 0; i < n; i++) {
        /* Lagrange basis at x: prod_{k != i} (x - x_k) / (x_i - x_k); indices are public. */
        uint8_t num = 1;
        uint8_t den = 1;
        for (size_t k = 0; k < n; k++) {
            if (k != i) {
                num = seal_gf256_mul(num, (uint8_t)(x ^ indices[k]));
                den = seal_gf256_mul(den, (uint8_t)(indices[i] ^ indices[k]));
            }
        }
        uint8_t l = seal_gf256_mul(num, seal_gf256_inv(den));
        for (size_t j = 0; j < SEAL_SHAMIR_SECRET_BYTES; j++) {
            acc[j] ^= seal_gf256_mul(l, shares[i][j]);
        }
    }
    memcpy(out, acc, sizeof acc);
    seal_memzero(acc, sizeof acc);
    return SEAL_OK;
}

seal_err seal_shamir_combine(uint8_t secret[static SEAL_SHAMIR_SECRET_BYTES],
                             const uint8_t *indices,
                             const uint8_t (*shares)[SEAL_SHAMIR_SECRET_BYTES], size_t n) {
    return seal_shamir_interpolate(secret, indices, shares, n, 0);
}
