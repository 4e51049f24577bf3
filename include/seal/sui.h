/*
 * Sui basics: addresses and object ids, text encodings Sui uses (base64, base58 digests),
 * BLAKE2b-256, intent messages and their digests, object-id derivations, and the two Seal
 * byte strings built on top of Sui (the session-certificate message and the request-signature
 * bytes, PROTOCOL.md 13.1 and 13.4).
 *
 * Signatures and keys: seal/sui_sig.h. Transactions (TypeTag, ProgrammableTransaction,
 * TransactionData): seal/sui_tx.h.
 *
 * Nothing here allocates; every function that reads outside text or bytes validates it and
 * returns a seal_err (SEAL_ERR_INVALID_ENCODING for malformed input, SEAL_ERR_LIMIT for an output
 * buffer that is too small).
 *
 * Checking a fetch_key request (PROTOCOL.md 15) with this layer:
 *   ptb      = base64 decode (seal_sui_base64_decode), seal_sui_ptb_decode() (strict: whatever it
 *              accepts re-encodes to the same bytes), then the Seal PTB rules on the structs;
 *   alias    = seal_sui_address_alias_id(user) must not exist on chain;
 *   user sig = seal_sui_certificate_verify(user, mvr_name or first package id as "0x"+64 hex,
 *              session_vk, creation_time, ttl_min, signature) (seal/sui_sig.h);
 *   session  = seal_sui_request_bytes_write(ptb, enc_key, enc_verification_key) then
 *              seal_sui_ed25519_verify(request_signature, session_vk, bytes).
 * A client builds the same pieces: seal_sui_ptb_encode() / seal_sui_transaction_kind_encode(),
 * seal_sui_certificate_message_for_package(), seal_sui_sign_personal_message(),
 * seal_sui_ed25519_sign().
 */
#ifndef SEAL_SUI_H
#define SEAL_SUI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "seal/bcs.h"
#include "seal/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A Sui address / object id: 32 raw bytes. */
#define SEAL_SUI_ADDRESS_BYTES 32
/* "0x" + 64 lowercase hex digits + NUL. */
#define SEAL_SUI_ADDRESS_HEX_BYTES 67
/* A Sui digest (transaction, object, checkpoint): 32 bytes, shown as base58. */
#define SEAL_SUI_DIGEST_BYTES 32
/* Longest base58 text of a 32-byte digest (44 characters) + NUL. */
#define SEAL_SUI_DIGEST_BASE58_BYTES 45

/* A byte string borrowed from somewhere else (decoded input or caller memory). */
typedef struct seal_sui_bytes {
    const uint8_t *ptr;
    size_t len;
} seal_sui_bytes;

/* Signature scheme flags (the first byte of a serialized signature and of the address
 * preimage). */
typedef enum seal_sui_scheme {
    SEAL_SUI_SCHEME_ED25519 = 0x00,
    SEAL_SUI_SCHEME_SECP256K1 = 0x01,
    SEAL_SUI_SCHEME_SECP256R1 = 0x02,
    SEAL_SUI_SCHEME_MULTISIG = 0x03,
    SEAL_SUI_SCHEME_BLS12381 = 0x04, /* validator keys; never a user signature */
    SEAL_SUI_SCHEME_ZKLOGIN = 0x05,
    SEAL_SUI_SCHEME_PASSKEY = 0x06,
} seal_sui_scheme;

/* ---- BLAKE2b-256 (Sui's default hash) ------------------------------------------------------- */

/* out = BLAKE2b-256(a || b); b may be NULL when b_len is 0. */
void seal_sui_blake2b256(uint8_t out[static 32], const uint8_t *a, size_t a_len, const uint8_t *b,
                         size_t b_len);

/* ---- addresses ------------------------------------------------------------------------------ */

/* Parses "0x" (or "0X") followed by 1..64 hex digits (either case); short forms are
 * left-padded with zeros as Sui does ("0x2" is 0x00…02). Anything else (no prefix, no digits,
 * more than 64 digits, non-hex characters) is SEAL_ERR_INVALID_ENCODING and out is zeroed. */
SEAL_MUST_CHECK seal_err seal_sui_address_parse(uint8_t out[static 32], const char *text);
/* Same, for text that is not NUL-terminated. */
SEAL_MUST_CHECK seal_err seal_sui_address_parse_n(uint8_t out[static 32], const char *text,
                                                  size_t len);
/* Canonical long form: "0x" + 64 lowercase hex digits. */
void seal_sui_address_format(char out[static SEAL_SUI_ADDRESS_HEX_BYTES],
                             const uint8_t addr[static 32]);
/* Short form (leading zero digits dropped, at least one digit: "0x2", "0x0"), as Sui prints
 * framework addresses inside type names. */
void seal_sui_address_format_short(char out[static SEAL_SUI_ADDRESS_HEX_BYTES],
                                   const uint8_t addr[static 32]);

/* Address of a single public key: BLAKE2b-256(flag || pk). Accepted: Ed25519 (32-byte pk),
 * Secp256k1 / Secp256r1 / Passkey (33-byte compressed pk), zkLogin (the public identifier bytes,
 * 1..289). Other schemes or lengths: SEAL_ERR_INVALID_ARGUMENT. MultiSig addresses:
 * seal_sui_multisig_address() in seal/sui_sig.h. */
SEAL_MUST_CHECK seal_err seal_sui_address_from_public_key(uint8_t out[static 32],
                                                          seal_sui_scheme scheme, const uint8_t *pk,
                                                          size_t pk_len);

/* ---- base64 (RFC 4648 standard alphabet, padded) -------------------------------------------- */

/* Characters base64 of n bytes takes (without the NUL). */
size_t seal_sui_base64_encoded_len(size_t n);
/* Writes the base64 of in[0..len) and a NUL into out (seal_sui_base64_encoded_len(len) + 1). */
void seal_sui_base64_encode(char *out, const uint8_t *in, size_t len);
/* Strict decoding of text[0..text_len): length a multiple of 4, '=' only as final padding,
 * unused bits zero, no whitespace. SEAL_ERR_LIMIT when the result exceeds out_cap. On error
 * *out_len is 0 and the part of out written is wiped. */
SEAL_MUST_CHECK seal_err seal_sui_base64_decode(uint8_t *out, size_t out_cap, size_t *out_len,
                                                const char *text, size_t text_len);

/* ---- base58 (Bitcoin alphabet; Sui digests) ------------------------------------------------- */

/* Base58 of in[0..len) (len <= 64) with a NUL into out (out_cap bytes). SEAL_ERR_LIMIT when it
 * does not fit. Variable time: for public data only. */
SEAL_MUST_CHECK seal_err seal_sui_base58_encode(char *out, size_t out_cap, const uint8_t *in,
                                                size_t len);
/* Decodes base58 text (at most 90 characters) into out (out_cap bytes); *out_len receives the
 * byte count. Characters outside the alphabet: SEAL_ERR_INVALID_ENCODING. */
SEAL_MUST_CHECK seal_err seal_sui_base58_decode(uint8_t *out, size_t out_cap, size_t *out_len,
                                                const char *text);
/* A 32-byte digest as base58 text. */
void seal_sui_digest_format(char out[static SEAL_SUI_DIGEST_BASE58_BYTES],
                            const uint8_t digest[static 32]);
/* Parses a base58 digest that must decode to exactly 32 bytes. */
SEAL_MUST_CHECK seal_err seal_sui_digest_parse(uint8_t out[static 32], const char *text);

/* ---- intents -------------------------------------------------------------------------------- */

/* Intent scopes used here (Sui's IntentScope). */
#define SEAL_SUI_INTENT_TRANSACTION_DATA 0
#define SEAL_SUI_INTENT_TRANSACTION_EFFECTS 1
#define SEAL_SUI_INTENT_CHECKPOINT_SUMMARY 2
#define SEAL_SUI_INTENT_PERSONAL_MESSAGE 3
/* Intent version 0 and app id Sui (0) are the only values Sui user signatures use. */
#define SEAL_SUI_INTENT_VERSION_V0 0
#define SEAL_SUI_INTENT_APP_SUI 0

typedef struct seal_sui_intent {
    uint8_t scope;
    uint8_t version;
    uint8_t app_id;
} seal_sui_intent;

/* BLAKE2b-256(intent || value_bcs): the digest every Sui user signature signs. */
void seal_sui_intent_digest(uint8_t out[static 32], seal_sui_intent intent,
                            const uint8_t *value_bcs, size_t value_len);
/* Intent message bytes `03 00 00 || BCS(vector<u8> msg)` of a personal message, written to w. */
void seal_sui_personal_message_intent_write(seal_bcs_writer *w, const uint8_t *msg, size_t len);
/* BLAKE2b-256 of the personal-message intent message (scope 3, BCS-wrapped bytes). msg may be
 * NULL when len is 0. SEAL_ERR_LIMIT when len exceeds SEAL_BCS_MAX_ULEB. */
SEAL_MUST_CHECK seal_err seal_sui_personal_message_digest(uint8_t out[static 32],
                                                          const uint8_t *msg, size_t len);
/* BLAKE2b-256(00 00 00 || tx_data_bcs): the digest a transaction signature signs. */
void seal_sui_transaction_signing_digest(uint8_t out[static 32], const uint8_t *tx_data_bcs,
                                         size_t len);
/* Sui's transaction digest: BLAKE2b-256("TransactionData::" || tx_data_bcs) (shown base58). */
void seal_sui_transaction_digest(uint8_t out[static 32], const uint8_t *tx_data_bcs, size_t len);

/* ---- object ids ----------------------------------------------------------------------------- */

/* Id of the object created as number creation_index by the transaction with digest tx_digest:
 * BLAKE2b-256(f1 || tx_digest || u64_le(creation_index)) (Sui's ObjectID::derive_id). */
void seal_sui_object_id_from_transaction(uint8_t out[static 32], const uint8_t tx_digest[static 32],
                                         uint64_t creation_index);
/* Dynamic-field object id: BLAKE2b-256(f0 || parent || u64_le(len key) || key_bcs ||
 * key_type_tag_bcs). key_type_tag_bcs must be a valid BCS TypeTag (seal/sui_tx.h), else
 * SEAL_ERR_INVALID_ENCODING. */
SEAL_MUST_CHECK seal_err seal_sui_dynamic_field_id(uint8_t out[static 32],
                                                   const uint8_t parent[static 32],
                                                   const uint8_t *key_type_tag_bcs, size_t type_len,
                                                   const uint8_t *key_bcs, size_t key_len);
/* Derived-object id (Sui's derived_object::derive_address): the dynamic-field id with key type
 * 0x2::derived_object::DerivedObjectKey<K>, K = key_type_tag_bcs. */
SEAL_MUST_CHECK seal_err seal_sui_derived_object_id(uint8_t out[static 32],
                                                    const uint8_t parent[static 32],
                                                    const uint8_t *key_type_tag_bcs,
                                                    size_t type_len, const uint8_t *key_bcs,
                                                    size_t key_len);
/* The object whose existence marks `address` as having address aliases enabled (the key server
 * rejects such users): the derived-object id under parent 0xa of key type
 * 0x2::address_alias::AliasKey with key bytes BCS(address). */
void seal_sui_address_alias_id(uint8_t out[static 32], const uint8_t address[static 32]);

/* ---- Seal session certificate and request signature (PROTOCOL.md 13.1, 13.4) --------------- */

/* Longest package name accepted by the certificate-message builder (MVR names). */
#define SEAL_SUI_PACKAGE_NAME_MAX 256
/* Room for the longest certificate message + NUL. */
#define SEAL_SUI_CERT_MESSAGE_MAX 512

/* Writes (NUL-terminated) into out:
 *   "Accessing keys of package {PKG} for {TTL} mins from {YYYY-MM-DD HH:MM:SS} UTC, session key
 *    {base64(session_vk)}"
 * with PKG = package_name (an MVR name or a "0x…" id exactly as the caller wants it signed),
 * TIME = floor(creation_time_ms / 1000) in UTC. package_name must be 1..256 printable ASCII
 * characters (else SEAL_ERR_INVALID_ARGUMENT). *out_len (may be NULL) receives the length
 * without the NUL. SEAL_ERR_LIMIT when out_cap is too small. */
SEAL_MUST_CHECK seal_err seal_sui_certificate_message(char *out, size_t out_cap, size_t *out_len,
                                                      const char *package_name,
                                                      const uint8_t session_vk[static 32],
                                                      uint64_t creation_time_ms, uint16_t ttl_min);
/* Same with PKG = the package id in canonical long form (what the key server rebuilds when the
 * certificate carries no MVR name). */
SEAL_MUST_CHECK seal_err seal_sui_certificate_message_for_package(
    char *out, size_t out_cap, size_t *out_len, const uint8_t package_id[static 32],
    const uint8_t session_vk[static 32], uint64_t creation_time_ms, uint16_t ttl_min);

/* The bytes the session key signs for a fetch_key request:
 * BCS{ptb: vector<u8>, enc_key: vector<u8> (48-byte G1), enc_verification_key: vector<u8>
 * (96-byte G2)}, appended to w. The PTB bytes are taken as given (callers that received them
 * from outside decode and re-encode them first, as the key server does). */
void seal_sui_request_bytes_write(seal_bcs_writer *w, const uint8_t *ptb_bcs, size_t ptb_len,
                                  const uint8_t enc_key[static 48],
                                  const uint8_t enc_verification_key[static 96]);

#ifdef __cplusplus
}
#endif
#endif
