/*
 * Hashes and key derivations of Seal: SHA3-256, HMAC-SHA3-256, HKDF-SHA3-256, the per-share KDF
 * (PROTOCOL.md 5.2) and the derivation of the DEM key and the randomness key from the base key
 * (section 6). SHA3 is implemented here (no allocation, constant time); the HMAC context can
 * be precomputed once per key and cloned (plain struct assignment) for each message.
 */
#ifndef SEAL_KDF_H
#define SEAL_KDF_H

#include <stddef.h>
#include <stdint.h>

#include "seal/bls12_381.h"
#include "seal/error.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SEAL_SHA3_256_BYTES 32
#define SEAL_SHA3_256_RATE 136
#define SEAL_KEY_BYTES 32

/* Domain separation strings (ASCII, no terminator in the hashed bytes). */
#define SEAL_DST_ID "SUI-SEAL-IBE-BLS12381-00"
#define SEAL_DST_POP "SUI-SEAL-IBE-BLS12381-POP-00"
#define SEAL_DST_KDF "SUI-SEAL-IBE-BLS12381-H2-00"
#define SEAL_DST_DERIVE_KEY "SUI-SEAL-IBE-BLS12381-H3-00"
#define SEAL_DST_G1_HASH "BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_"

/* Incremental SHA3-256. A context may be copied by assignment to fork a hash. */
typedef struct seal_sha3_ctx {
    uint64_t st[25];
    size_t pos; /* bytes absorbed into the current block */
} seal_sha3_ctx;

/* Starts a hash; absorbs n bytes of p (any number of calls). */
void seal_sha3_256_init(seal_sha3_ctx *c);
void seal_sha3_256_update(seal_sha3_ctx *c, const uint8_t *p, size_t n);
/* Writes the digest and wipes the context. */
void seal_sha3_256_final(seal_sha3_ctx *c, uint8_t out[static 32]);
void seal_sha3_256(uint8_t out[static 32], const uint8_t *p, size_t n);

/* HMAC-SHA3-256 (RFC 2104, block size 136). seal_hmac_sha3_init absorbs the padded key into
 * both the inner and the outer state, so a context initialised once per key can be copied by
 * assignment and reused for many messages. Contexts hold key material: wipe them with
 * seal_memzero (final wipes the context it is given). */
typedef struct seal_hmac_sha3_ctx {
    seal_sha3_ctx inner;
    seal_sha3_ctx outer;
} seal_hmac_sha3_ctx;

/* Keyed start, absorbing, final (writes the tag and wipes the context), and the one-shot MAC. */
void seal_hmac_sha3_256_init(seal_hmac_sha3_ctx *c, const uint8_t *key, size_t key_len);
void seal_hmac_sha3_256_update(seal_hmac_sha3_ctx *c, const uint8_t *p, size_t n);
void seal_hmac_sha3_256_final(seal_hmac_sha3_ctx *c, uint8_t out[static 32]);
void seal_hmac_sha3_256(uint8_t out[static 32], const uint8_t *key, size_t key_len,
                        const uint8_t *msg, size_t msg_len);

/* HKDF-SHA3-256 (RFC 5869). salt may be NULL/empty (then a zero key of 32 bytes is used, which
 * HMAC treats like an empty key). out_len <= 255 * 32, else SEAL_ERR_INVALID_ARGUMENT. */
SEAL_MUST_CHECK seal_err seal_hkdf_sha3_256(uint8_t *out, size_t out_len, const uint8_t *ikm,
                                            size_t ikm_len, const uint8_t *salt, size_t salt_len,
                                            const uint8_t *info, size_t info_len);

/*
 * Per-share KDF (PROTOCOL.md 5.2):
 * SHA3-256(DST_KDF || GT_bytes(x) || nonce (96) || gid (48) || object_id (32) || index).
 * nonce and gid are the compressed encodings of U and H1(full_id).
 */
void seal_kdf_share(uint8_t out[static 32], const seal_gt *x, const uint8_t nonce[static 96],
                    const uint8_t gid[static 48], const uint8_t object_id[static 32],
                    uint8_t index);
/* The same with the 576-byte GT encoding already computed. */
void seal_kdf_share_bytes(uint8_t out[static 32], const uint8_t gt[static 576],
                          const uint8_t nonce[static 96], const uint8_t gid[static 48],
                          const uint8_t object_id[static 32], uint8_t index);

/* Purposes of seal_kdf_derive_key. */
typedef enum seal_key_purpose {
    SEAL_KEY_PURPOSE_ENCRYPTED_RANDOMNESS = 0,
    SEAL_KEY_PURPOSE_DEM = 1,
} seal_key_purpose;

/*
 * Key derivation from the base key (PROTOCOL.md 6):
 * SHA3-256(DST_DERIVE_KEY || base_key || purpose || threshold || enc_shares[0..n) ||
 *          object_ids[0..n)), both arrays in services order (duplicates included).
 */
void seal_kdf_derive_key(uint8_t out[static 32], seal_key_purpose purpose,
                         const uint8_t base_key[static 32], uint8_t threshold,
                         const uint8_t (*encrypted_shares)[32], const uint8_t (*object_ids)[32],
                         size_t n);

#ifdef __cplusplus
}
#endif
#endif
