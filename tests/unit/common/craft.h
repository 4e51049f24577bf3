/* Hand-built Seal objects for the decryption checks: every share chosen by the caller and each
 * encrypted either honestly (for the server's public key, as an encryptor does) or under the
 * pad that a chosen, possibly wrong, user key yields (what a decryptor holding that key sees). */
#ifndef SEAL_TEST_CRAFT_H
#define SEAL_TEST_CRAFT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "seal/bls12_381.h"
#include "seal/error.h"

typedef struct tu_craft {
    uint8_t package_id[32];
    const uint8_t *id;
    size_t id_len;
    size_t n;                 /* positions */
    uint8_t threshold;        /* written into the object as is */
    const uint8_t (*ids)[32]; /* key server object id per position */
    const uint8_t (*pks)[96]; /* public key per position (honest pads) */
    const uint8_t *indices;   /* share index per position */
    const uint8_t (*shares)[32];
    /* per position: NULL for the honest pad, else the compressed user key whose pad is used */
    const uint8_t *const *pad_keys;
    uint8_t base_key[32];   /* derives the randomness key and the DEM key */
    uint8_t randomness[32]; /* big-endian scalar r: nonce r*G2gen */
    const uint8_t *msg;     /* HMAC-256-CTR plaintext */
    size_t msg_len;
    const uint8_t *aad; /* NULL: no aad */
    size_t aad_len;
} tu_craft;

/* Encodes the object into out (capacity cap); returns its length (fails the test on error). */
size_t tu_craft_object(uint8_t *out, size_t cap, const tu_craft *c);

/* The shares of a polynomial with the given coefficients (byte j of share i: sum over k of
 * coef[k][j] * x_i^k in GF(256)); degree = n_coef - 1. */
void tu_craft_poly_shares(uint8_t (*shares)[32], const uint8_t *indices, size_t n,
                          const uint8_t (*coef)[32], size_t n_coef);

#endif
