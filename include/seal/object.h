/*
 * EncryptedObject: the BCS format of a Seal ciphertext (PROTOCOL.md section 8).
 *
 *   version u8 (= 0) | package_id [32] | id vector<u8> | services vector<([32], u8)> |
 *   threshold u8 | IBE enum { 0: BonehFranklinBLS12381 { nonce [96], encrypted_shares
 *   vector<[32]>, encrypted_randomness [32] } } | Ciphertext enum { 0: Aes256Gcm { blob, aad
 *   Option<vector<u8>> }, 1: Hmac256Ctr { blob, aad, mac [32] }, 2: Plain {} }
 *
 * The decoder is as strict as the Rust implementation plus the Move parser: version 0, no
 * trailing bytes, canonical ULEB128, 1 <= number of services <= 255, len(encrypted_shares) ==
 * len(services), indices non-zero and pairwise distinct, 1 <= threshold <= number of services,
 * known enum variants, the nonce a valid G2 point (on curve, in the subgroup). A seal_object is
 * a fixed-size struct (about 17 KB); the variable-length fields (id, blob, aad) are borrowed
 * pointers into the decoded buffer, which must outlive the struct.
 */
#ifndef SEAL_OBJECT_H
#define SEAL_OBJECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "seal/dem.h"
#include "seal/error.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SEAL_OBJECT_VERSION 0
#define SEAL_OBJECT_ID_BYTES 32 /* package ids and key server object ids */
#define SEAL_MAX_SERVICES 255
/* Cap on the inner id length accepted by the decoder and the encryptor. */
#define SEAL_MAX_ID_BYTES 4096
/* IBE variant of the only KEM (Boneh-Franklin on BLS12-381). */
#define SEAL_IBE_BONEH_FRANKLIN_BLS12381 0

typedef struct seal_object {
    uint8_t version;
    uint8_t package_id[SEAL_OBJECT_ID_BYTES];
    const uint8_t *id; /* borrowed; id_len bytes */
    size_t id_len;
    size_t n_services;
    uint8_t service_ids[SEAL_MAX_SERVICES][SEAL_OBJECT_ID_BYTES];
    uint8_t service_indices[SEAL_MAX_SERVICES];
    uint8_t threshold;
    uint8_t ibe_type; /* SEAL_IBE_BONEH_FRANKLIN_BLS12381 */
    uint8_t nonce[96];
    uint8_t encrypted_shares[SEAL_MAX_SERVICES][32];
    uint8_t encrypted_randomness[32];
    seal_dem_type dem;
    const uint8_t *blob; /* borrowed; blob_len bytes (AES-GCM: ciphertext || tag); NULL for Plain */
    size_t blob_len;
    bool has_aad; /* false: Option::None; true: Some(aad) (possibly empty) */
    const uint8_t *aad;
    size_t aad_len;
    uint8_t mac[32]; /* HMAC-CTR only */
} seal_object;

/*
 * Decodes and validates bytes (see the rules above). On success every field of out is set and
 * the borrowed pointers point into bytes. Errors: SEAL_ERR_INVALID_ENCODING (malformed BCS,
 * trailing bytes, bad version/variant/counts/indices/threshold), SEAL_ERR_LIMIT (id longer than
 * SEAL_MAX_ID_BYTES or more than 255 services), and the G2 decoding errors for the nonce
 * (SEAL_ERR_NOT_ON_CURVE, SEAL_ERR_NOT_IN_SUBGROUP, ...).
 */
SEAL_MUST_CHECK seal_err seal_object_decode(seal_object *out, const uint8_t *bytes, size_t len);

/* Same rules except that the nonce is not decompressed (callers that decompress it anyway). */
SEAL_MUST_CHECK seal_err seal_object_decode_no_point_check(seal_object *out, const uint8_t *bytes,
                                                           size_t len);

/* The exact encoded size of obj. */
size_t seal_object_encoded_size(const seal_object *obj);

/* Encodes obj into out (capacity cap); *out_len receives the size. SEAL_ERR_LIMIT when cap is
 * too small (*out_len then holds the needed size); SEAL_ERR_INVALID_ARGUMENT when obj breaks a
 * rule of the format. */
SEAL_MUST_CHECK seal_err seal_object_encode(uint8_t *out, size_t cap, size_t *out_len,
                                            const seal_object *obj);

/* full_id = package_id || id into out (capacity cap); *out_len receives 32 + id_len.
 * SEAL_ERR_LIMIT when it does not fit. */
SEAL_MUST_CHECK seal_err seal_object_full_id(uint8_t *out, size_t cap, size_t *out_len,
                                             const seal_object *obj);

#ifdef __cplusplus
}
#endif
#endif
