/*
 * Key-server keys (PROTOCOL.md section 3), on byte encodings: master key generation, public
 * keys, permissioned-mode derived master keys, extraction of user secret keys, their
 * verification, and the proof of possession. Master keys are 32-byte big-endian scalars
 * (rejected when >= r), public keys 96-byte compressed G2, user secret keys and proofs 48-byte
 * compressed G1. Secrets are wiped before return; scalar multiplications by secrets are
 * constant time. Nothing allocates.
 */
#ifndef SEAL_KEYS_H
#define SEAL_KEYS_H

#include <stddef.h>
#include <stdint.h>

#include "seal/bls12_381.h"
#include "seal/error.h"
#include "seal/util.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SEAL_MASTER_KEY_BYTES 32
#define SEAL_PUBLIC_KEY_BYTES 96
#define SEAL_USER_SECRET_KEY_BYTES 48
#define SEAL_POP_BYTES 48
#define SEAL_SEED_BYTES 32
/* Random bytes drawn per scalar (as the TypeScript SDK / noble randomSecretKey). */
#define SEAL_RANDOM_SCALAR_SEED_BYTES 48

/*
 * A uniform non-zero scalar drawn as the SDK does: 48 bytes b from rng (NULL = system RNG),
 * s = (big-endian b mod (r - 1)) + 1. Used for the IBE randomness, ElGamal keys and master keys.
 */
SEAL_MUST_CHECK seal_err seal_keys_random_scalar(seal_scalar *out, const seal_rng *rng);
/* The same mapping from 48 given bytes (deterministic; for tests and replay). */
void seal_keys_scalar_from_seed(seal_scalar *out,
                                const uint8_t seed[static SEAL_RANDOM_SCALAR_SEED_BYTES]);

/* msk random (seal_keys_random_scalar), pk = msk * G2gen. */
SEAL_MUST_CHECK seal_err seal_keys_generate(uint8_t msk[static 32], uint8_t pk[static 96],
                                            const seal_rng *rng);

/* pk = msk * G2gen. SEAL_ERR_NOT_CANONICAL when msk >= r, SEAL_ERR_INVALID_KEY when msk = 0. */
SEAL_MUST_CHECK seal_err seal_keys_public_key(uint8_t pk[static 96], const uint8_t msk[static 32]);

/* Permissioned mode (3.4): okm = HKDF-SHA3-256(ikm = seed, salt = empty, info = u64_be(index),
 * 64 bytes); msk = okm (big-endian 512-bit) mod r. */
SEAL_MUST_CHECK seal_err seal_keys_derive_master_key(uint8_t msk[static 32],
                                                     const uint8_t seed[static 32], uint64_t index);

/* full_id = package_id (32) || id into out (capacity cap); *out_len = 32 + id_len.
 * SEAL_ERR_LIMIT when it does not fit. */
SEAL_MUST_CHECK seal_err seal_keys_full_id(uint8_t *out, size_t cap, size_t *out_len,
                                           const uint8_t package_id[static 32], const uint8_t *id,
                                           size_t id_len);

/* usk = msk * H1(full_id). Errors as seal_keys_public_key. */
SEAL_MUST_CHECK seal_err seal_keys_extract(uint8_t usk[static 48], const uint8_t msk[static 32],
                                           const uint8_t *full_id, size_t full_id_len);

/* SEAL_OK when e(usk, G2gen) == e(H1(full_id), pk); SEAL_ERR_INVALID_KEY when the check fails
 * or a point is the identity; decoding errors (SEAL_ERR_INVALID_ENCODING, SEAL_ERR_NOT_ON_CURVE,
 * SEAL_ERR_NOT_IN_SUBGROUP, ...) when usk or pk does not decode. */
SEAL_MUST_CHECK seal_err seal_keys_verify_user_secret_key(const uint8_t usk[static 48],
                                                          const uint8_t pk[static 96],
                                                          const uint8_t *full_id,
                                                          size_t full_id_len);

/* Proof of possession (3.5): pop = msk * hash_to_curve_G1(DST_POP || pk || object_id). */
SEAL_MUST_CHECK seal_err seal_keys_pop_create(uint8_t pop[static 48], const uint8_t msk[static 32],
                                              const uint8_t object_id[static 32]);
/* SEAL_OK when e(pop, G2gen) == e(hash_to_curve_G1(DST_POP || pk || object_id), pk);
 * SEAL_ERR_INVALID_KEY otherwise (or decoding errors). */
SEAL_MUST_CHECK seal_err seal_keys_pop_verify(const uint8_t pop[static 48],
                                              const uint8_t pk[static 96],
                                              const uint8_t object_id[static 32]);

#ifdef __cplusplus
}
#endif
#endif
