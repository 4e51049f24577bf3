/* Internal interface of src/seal/ (the Seal core). */
#ifndef SEAL_SEAL_INTERNAL_H
#define SEAL_SEAL_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "seal/bls12_381.h"
#include "seal/encrypt.h"
#include "seal/kdf.h"
#include "seal/object.h"

/* Keccak-f[1600] on 25 little-endian lanes (src/seal/keccak.c). */
void seal__keccakf1600(uint64_t s[25]);

/* Four permutations at once with AVX2 (src/seal/keccak_x4.c); call only when
 * seal__have_keccak_x4() is true. */
#if defined(__x86_64__) && defined(__GNUC__)
#define SEAL_KECCAK_X4 1
void seal__keccakf1600_x4(uint64_t s[4][25]);
#else
#define SEAL_KECCAK_X4 0
#endif
bool seal__have_keccak_x4(void);

static inline uint64_t seal__load64_le(const uint8_t *p) {
    return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24 |
           (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 |
           (uint64_t)p[7] << 56;
}

static inline void seal__store64_le(uint8_t *p, uint64_t v) {
    for (int i = 0; i < 8; i++) {
        p[i] = (uint8_t)(v >> (8 * i));
    }
}

/* HMAC-SHA3-256 of a short message (msg_len <= 135: one block after the keyed inner state)
 * with a keyed context that has absorbed nothing else; ctx is not modified. Used by HMAC-CTR. */
void seal__hmac_sha3_256_short(uint8_t out[32], const seal_hmac_sha3_ctx *ctx, const uint8_t *msg,
                               size_t msg_len);

/* Four HMAC-SHA3-256 of short messages (msg_len <= 135 each, all the same length) at once:
 * out[k] = HMAC(ctx's key, msgs + k * msg_len). Uses the 4-way permutation when available. */
void seal__hmac_sha3_256_short_x4(uint8_t out[4][32], const seal_hmac_sha3_ctx *ctx,
                                  const uint8_t *msgs, size_t msg_len);

/* Object decoding steps shared by the in-memory and the streaming decoder. */
/* Rules that need the whole header: counts, indices, threshold. */
SEAL_MUST_CHECK seal_err seal__object_check(const seal_object *obj);

/* Writes the object's bytes up to and including the ciphertext variant index (everything before
 * the blob length) into w. */
struct seal_bcs_writer;
void seal__object_write_header(struct seal_bcs_writer *w, const seal_object *obj);

/* The KEM part of encryption: fills obj's header fields and dem_key, drawing base key, Shamir
 * coefficients and r from rng in the SDK's order. n = number of share positions. */
SEAL_MUST_CHECK seal_err seal__encrypt_header(seal_object *obj, uint8_t dem_key[32],
                                              const seal_encrypt_params *p, size_t n,
                                              const seal_rng *rng);

/* Expands servers by weight into parallel arrays; returns the number of positions (0 when a
 * weight is 0 or the total exceeds 255). */
size_t seal__expand_servers(const seal_key_server *servers, size_t n_servers,
                            uint8_t (*object_ids)[32], uint8_t (*pks)[96], uint8_t *indices);

#endif
