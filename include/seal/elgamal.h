/*
 * ElGamal over G1, used to transport user secret keys from a key server to the requester
 * (PROTOCOL.md section 11). Names follow the SDK vectors: the ciphertext is (c0, c1) with
 *   c0 = s * G1gen,  c1 = s * enc_key + usk      (PROTOCOL.md calls them c1, c2)
 * The requester holds sk and sends enc_key = sk * G1gen and enc_verification_key = sk * G2gen.
 * All points are compressed (G1 48 bytes, G2 96 bytes), scalars 32 bytes big-endian. Secrets
 * are wiped; scalar multiplications by secrets are constant time. Nothing allocates.
 */
#ifndef SEAL_ELGAMAL_H
#define SEAL_ELGAMAL_H

#include <stddef.h>
#include <stdint.h>

#include "seal/bls12_381.h"
#include "seal/error.h"
#include "seal/util.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SEAL_ELGAMAL_SECRET_KEY_BYTES 32
#define SEAL_ELGAMAL_ENC_KEY_BYTES 48
#define SEAL_ELGAMAL_VERIFICATION_KEY_BYTES 96
#define SEAL_ELGAMAL_CIPHERTEXT_PART_BYTES 48

/* Requester side: sk drawn like the SDK (seal_keys_random_scalar: 48 bytes from rng), and its
 * two public forms. */
SEAL_MUST_CHECK seal_err seal_elgamal_keygen(uint8_t sk[static 32], uint8_t enc_key[static 48],
                                             uint8_t enc_verification_key[static 96],
                                             const seal_rng *rng);
/* enc_key = sk * G1gen, enc_verification_key = sk * G2gen. */
SEAL_MUST_CHECK seal_err seal_elgamal_public_keys(uint8_t enc_key[static 48],
                                                  uint8_t enc_verification_key[static 96],
                                                  const uint8_t sk[static 32]);

/* Key-server side: encrypts usk to enc_key with s = seal_keys_random_scalar(rng). enc_key and
 * usk are validated (subgroup checks); an identity enc_key is rejected (SEAL_ERR_IDENTITY). */
SEAL_MUST_CHECK seal_err seal_elgamal_encrypt(uint8_t c0[static 48], uint8_t c1[static 48],
                                              const uint8_t enc_key[static 48],
                                              const uint8_t usk[static 48], const seal_rng *rng);
/* Key-server fast path for many keys to one requester: enc_key decoded once by the caller
 * (seal_g1_decompress: on the curve, in G1) and not the identity (SEAL_ERR_IDENTITY otherwise);
 * usk a point (e.g. from seal_ibe_extract), so nothing is decoded again per key. */
SEAL_MUST_CHECK seal_err seal_elgamal_encrypt_point(uint8_t c0[static 48], uint8_t c1[static 48],
                                                    const seal_g1 *enc_key, const seal_g1 *usk,
                                                    const seal_rng *rng);
/* Key-server batch: for each of the n ids, usk = msk * H1(full_ids[i]) (seal_ibe_extract) and
 * its encryption to one enc_key (as seal_elgamal_encrypt_point, fresh randomness per id):
 * c0[i] = s_i G1gen, c1[i] = s_i enc_key + usk. enc_key is decoded by the caller (in G1, not
 * the identity: SEAL_ERR_IDENTITY). enc_table, when not NULL, is a seal_g1_table of enc_key
 * (seal_g1_table_init), which makes s_i enc_key cheaper for requests with many ids. The ids
 * run several at a time on the multi-buffer engine when the backend has one. SEAL_ERR_LIMIT
 * when an id exceeds SEAL_IBE_MAX_FULL_ID_BYTES; on any error every output is zeroed. Constant
 * time in msk, the ids and the randomness. */
SEAL_MUST_CHECK seal_err seal_elgamal_extract_encrypt_batch(
    uint8_t (*c0)[48], uint8_t (*c1)[48], const seal_scalar *msk, const seal_g1 *enc_key,
    const seal_g1_table *enc_table, const uint8_t *const *full_ids, const size_t *full_id_lens,
    size_t n, const seal_rng *rng);
/* The same where item i has its own master key msks[i] and enc_key enc_keys[i] (each in G1,
 * not the identity): ids of several requests batched together by the key server. */
SEAL_MUST_CHECK seal_err seal_elgamal_extract_encrypt_multi(uint8_t (*c0)[48], uint8_t (*c1)[48],
                                                            const seal_scalar *const *msks,
                                                            const seal_g1 *const *enc_keys,
                                                            const uint8_t *const *full_ids,
                                                            const size_t *full_id_lens, size_t n,
                                                            const seal_rng *rng);
/* The same with the randomness s given (32-byte big-endian scalar). */
SEAL_MUST_CHECK seal_err seal_elgamal_encrypt_with_randomness(uint8_t c0[static 48],
                                                              uint8_t c1[static 48],
                                                              const uint8_t enc_key[static 48],
                                                              const uint8_t usk[static 48],
                                                              const uint8_t s[static 32]);

/* Requester side: usk = c1 - sk * c0. */
SEAL_MUST_CHECK seal_err seal_elgamal_decrypt(uint8_t usk[static 48], const uint8_t sk[static 32],
                                              const uint8_t c0[static 48],
                                              const uint8_t c1[static 48]);
/* Decrypts and checks the result against the server's public key for full_id (3.3). On
 * failure (SEAL_ERR_INVALID_KEY) usk is zeroed. */
SEAL_MUST_CHECK seal_err seal_elgamal_decrypt_and_verify(
    uint8_t usk[static 48], const uint8_t sk[static 32], const uint8_t c0[static 48],
    const uint8_t c1[static 48], const uint8_t pk[static 96], const uint8_t *full_id,
    size_t full_id_len);

/* Verification without decrypting (aggregator / third party):
 * e(c1, G2gen) == e(c0, enc_verification_key) * e(H1(full_id), pk), one product of three
 * pairings. SEAL_ERR_IDENTITY when c0, c1, enc_verification_key or pk is the identity,
 * SEAL_ERR_INVALID_KEY when the check fails, decoding errors otherwise. */
SEAL_MUST_CHECK seal_err seal_elgamal_verify(const uint8_t c0[static 48],
                                             const uint8_t c1[static 48],
                                             const uint8_t enc_verification_key[static 96],
                                             const uint8_t pk[static 96], const uint8_t *full_id,
                                             size_t full_id_len);

/* Committee aggregation of partial keys: seal/committee_aggregate.h. */

#ifdef __cplusplus
}
#endif
#endif
