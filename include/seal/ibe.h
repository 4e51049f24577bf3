/*
 * Identity-based KEM of Seal: batched Boneh-Franklin on BLS12-381 (PROTOCOL.md section 5).
 * Low-level building blocks; seal_encrypt / seal_decrypt (encrypt.h) use them.
 *
 *   gid = H1(full_id) = hash_to_curve_G1(DST_ID || full_id) with DST SEAL_DST_G1_HASH
 *   U   = r * G2gen;  X_i = e(r * gid, pk_i);  c_i = share_i XOR KDF(X_i, U, gid, K_i, x_i)
 *
 * Secret inputs (r, user secret keys, shares) are handled in constant time and wiped.
 * Nothing allocates.
 */
#ifndef SEAL_IBE_H
#define SEAL_IBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "seal/bls12_381.h"
#include "seal/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Longest full_id accepted (package id + SEAL_MAX_ID_BYTES, see object.h). */
#define SEAL_IBE_MAX_FULL_ID_BYTES (32 + 4096)

/* gid = H1(full_id). SEAL_ERR_LIMIT when full_id_len > SEAL_IBE_MAX_FULL_ID_BYTES. */
SEAL_MUST_CHECK seal_err seal_ibe_hash_id(seal_g1 *out, const uint8_t *full_id, size_t full_id_len);

/* usk = msk * H1(full_id) (what a key server returns); constant time in msk. */
SEAL_MUST_CHECK seal_err seal_ibe_extract(seal_g1 *usk, const seal_scalar *msk,
                                          const uint8_t *full_id, size_t full_id_len);

/* true when e(usk, G2gen) == e(gid, pk), i.e. usk = msk * gid for pk = msk * G2gen
 * (one product-of-pairings check). False for identity usk or pk. */
bool seal_ibe_verify_user_secret_key(const seal_g1 *usk, const seal_g2 *pk, const seal_g1 *gid);

/*
 * Encrypts n shares (1 <= n <= 255) with randomness r for the servers pks[i] (compressed G2,
 * validated here: SEAL_ERR_* decoding errors name a bad key) with object ids object_ids[i] and
 * share indices indices[i]. Writes nonce = r*G2gen (compressed) and encrypted_shares[i].
 * gid is H1(full_id). A public key repeated at several positions (weights) costs one pairing.
 */
SEAL_MUST_CHECK seal_err seal_ibe_encrypt_shares(
    uint8_t nonce[static 96], uint8_t (*encrypted_shares)[32], const seal_scalar *r,
    const seal_g1 *gid, const uint8_t (*pks)[96], const uint8_t (*object_ids)[32],
    const uint8_t *indices, const uint8_t (*shares)[32], size_t n);

/* seal_ibe_encrypt_shares with each position's public key prepared (pks[i]: seal_g2_prepare of a
 * key already validated, e.g. by seal_key_server_prepare): no decoding, no subgroup check, and
 * a Miller loop without G2 arithmetic. Consecutive positions of one server share a pointer. */
SEAL_MUST_CHECK seal_err seal_ibe_encrypt_shares_prepared(
    uint8_t nonce[static 96], uint8_t (*encrypted_shares)[32], const seal_scalar *r,
    const seal_g1 *gid, const seal_g2_prepared *const *pks, const uint8_t (*object_ids)[32],
    const uint8_t *indices, const uint8_t (*shares)[32], size_t n);

/* share = encrypted_share XOR KDF(e(usk, U), U, gid, object_id, index). nonce is U (decoded
 * and validated by the caller) and nonce_bytes its compressed encoding; gid_bytes is the
 * compressed H1(full_id). */
void seal_ibe_decrypt_share(uint8_t share[static 32], const seal_g1 *usk, const seal_g2 *nonce,
                            const uint8_t nonce_bytes[static 96],
                            const uint8_t gid_bytes[static 48], const uint8_t object_id[static 32],
                            uint8_t index, const uint8_t encrypted_share[static 32]);

/* seal_ibe_decrypt_share with the nonce prepared once (seal_g2_prepare) for several keys. */
void seal_ibe_decrypt_share_prepared(uint8_t share[static 32], const seal_g1 *usk,
                                     const seal_g2_prepared *nonce,
                                     const uint8_t nonce_bytes[static 96],
                                     const uint8_t gid_bytes[static 48],
                                     const uint8_t object_id[static 32], uint8_t index,
                                     const uint8_t encrypted_share[static 32]);

/* The same share recomputed from the randomness (consistency check, 5.4): X = e(r_gid, pk)
 * where r_gid = r * gid. */
void seal_ibe_decrypt_share_with_randomness(uint8_t share[static 32], const seal_g1 *r_gid,
                                            const seal_g2 *pk, const uint8_t nonce_bytes[static 96],
                                            const uint8_t gid_bytes[static 48],
                                            const uint8_t object_id[static 32], uint8_t index,
                                            const uint8_t encrypted_share[static 32]);

#ifdef __cplusplus
}
#endif
#endif
