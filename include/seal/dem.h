/*
 * Data encapsulation mechanisms of Seal (PROTOCOL.md section 7):
 * - AES-256-GCM with the fixed 16-byte IV 8a3799fdc62e79dba0805907d69c94dc (OpenSSL EVP);
 *   blob = ciphertext || 16-byte tag.
 * - HMAC-256-CTR: blob = m XOR (HMAC-SHA3-256(k, "HMAC-CTR-ENC" || u64_le(b)))_b, and
 *   mac = HMAC-SHA3-256(k, "HMAC-CTR-MAC" || u64_le(len aad) || aad || blob).
 * - Plain: no payload; the DEM key itself is the result.
 *
 * One-shot functions and an incremental context. A key is used for one message only (Seal
 * derives a fresh DEM key per object). Decryption failures return SEAL_ERR_DECRYPTION and no
 * plaintext: the one-shot decryptors verify before they write (HMAC) or wipe their output on
 * failure (AES-GCM). The incremental decryptors cannot take back plaintext already returned:
 * see seal_dem_ctx below.
 */
#ifndef SEAL_DEM_H
#define SEAL_DEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "seal/error.h"
#include "seal/kdf.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Variant numbers are the BCS enum indices of the Ciphertext type. */
typedef enum seal_dem_type {
    SEAL_DEM_AES_256_GCM = 0,
    SEAL_DEM_HMAC_256_CTR = 1,
    SEAL_DEM_PLAIN = 2,
} seal_dem_type;

#define SEAL_DEM_KEY_BYTES 32
#define SEAL_AES_GCM_IV_BYTES 16
#define SEAL_AES_GCM_TAG_BYTES 16
#define SEAL_HMAC_CTR_MAC_BYTES 32
#define SEAL_HMAC_CTR_BLOCK_BYTES 32

/* The fixed AES-256-GCM IV. */
extern const uint8_t SEAL_AES_GCM_IV[SEAL_AES_GCM_IV_BYTES];

/* ---- one-shot ---- */

/* blob receives msg_len + 16 bytes. msg and blob may not overlap partially (equal is fine). */
SEAL_MUST_CHECK seal_err seal_dem_aes_encrypt(uint8_t *blob, const uint8_t key[static 32],
                                              const uint8_t *msg, size_t msg_len,
                                              const uint8_t *aad, size_t aad_len);
/* blob_len >= 16; out receives blob_len - 16 bytes, which are zeroed when the tag is wrong
 * (SEAL_ERR_DECRYPTION). */
SEAL_MUST_CHECK seal_err seal_dem_aes_decrypt(uint8_t *out, const uint8_t key[static 32],
                                              const uint8_t *blob, size_t blob_len,
                                              const uint8_t *aad, size_t aad_len);
/* blob receives msg_len bytes, mac 32 bytes. */
SEAL_MUST_CHECK seal_err seal_dem_hmac_ctr_encrypt(uint8_t *blob, uint8_t mac[static 32],
                                                   const uint8_t key[static 32], const uint8_t *msg,
                                                   size_t msg_len, const uint8_t *aad,
                                                   size_t aad_len);
/* Checks mac (constant time) before writing anything to out (blob_len bytes). */
SEAL_MUST_CHECK seal_err seal_dem_hmac_ctr_decrypt(uint8_t *out, const uint8_t key[static 32],
                                                   const uint8_t *blob, size_t blob_len,
                                                   const uint8_t *aad, size_t aad_len,
                                                   const uint8_t mac[static 32]);
/* The MAC alone (over aad and blob), for verification before decryption. */
void seal_dem_hmac_ctr_mac(uint8_t mac[static 32], const uint8_t key[static 32], const uint8_t *aad,
                           size_t aad_len, const uint8_t *blob, size_t blob_len);

/* ---- incremental ----
 *
 * Usage: init(type, key, encrypt?) -> aad(...) (all AAD, before any data; may be called several
 * times) -> update(...) any number of times with any chunk sizes -> encrypt_final (produces the
 * 16-byte tag or the 32-byte MAC) or decrypt_final (checks it; SEAL_ERR_DECRYPTION on mismatch).
 * update writes exactly len output bytes for len input bytes (out may equal in).
 * HMAC-CTR decryption in this mode does not verify before releasing plaintext: to release
 * nothing unauthenticated, first run a verification pass (decrypt with out = NULL: the
 * plaintext is computed for AES-GCM but not written, for HMAC-CTR only the MAC is computed),
 * and only then a second pass that writes. seal_decrypt_stream (encrypt.h) does exactly that.
 * seal_dem_ctx_clear releases the OpenSSL context (the only allocation, made by OpenSSL for
 * AES-GCM) and wipes the key material; call it on every path after init succeeded.
 */
typedef struct seal_dem_ctx {
    seal_dem_type type;
    bool encrypt;
    void *evp;              /* EVP_CIPHER_CTX for AES-GCM */
    seal_hmac_sha3_ctx prf; /* HMAC-CTR: keyed state, cloned per block */
    seal_hmac_sha3_ctx mac; /* HMAC-CTR: running MAC over "HMAC-CTR-MAC" || ... */
    uint64_t aad_len;       /* HMAC-CTR: total AAD announced to seal_dem_ctx_init */
    uint64_t aad_seen;
    uint64_t block; /* HMAC-CTR: next counter */
    uint8_t pad[SEAL_HMAC_CTR_BLOCK_BYTES];
    size_t pad_used; /* bytes of pad already used (32 = none left) */
    bool data_started;
} seal_dem_ctx;

/* aad_len is the total AAD length the caller will pass to seal_dem_ctx_aad (HMAC-CTR hashes it
 * first). type must be AES-GCM or HMAC-CTR. */
SEAL_MUST_CHECK seal_err seal_dem_ctx_init(seal_dem_ctx *c, seal_dem_type type,
                                           const uint8_t key[static 32], bool encrypt,
                                           uint64_t aad_len);
SEAL_MUST_CHECK seal_err seal_dem_ctx_aad(seal_dem_ctx *c, const uint8_t *aad, size_t len);
/* out may be NULL only when decrypting (verification pass). */
SEAL_MUST_CHECK seal_err seal_dem_ctx_update(seal_dem_ctx *c, uint8_t *out, const uint8_t *in,
                                             size_t len);
/* tag_len is 16 (AES-GCM) or 32 (HMAC-CTR). */
SEAL_MUST_CHECK seal_err seal_dem_ctx_encrypt_final(seal_dem_ctx *c, uint8_t *tag, size_t tag_len);
SEAL_MUST_CHECK seal_err seal_dem_ctx_decrypt_final(seal_dem_ctx *c, const uint8_t *tag,
                                                    size_t tag_len);
void seal_dem_ctx_clear(seal_dem_ctx *c);

#ifdef __cplusplus
}
#endif
#endif
