/*
 * Sui user signatures and keys.
 *
 * Serialized signature ("flag || signature || public key", base64 in JSON):
 *   00 Ed25519    64-byte signature over the 32-byte intent digest, 32-byte pk      (97 bytes)
 *   01 Secp256k1  ECDSA over SHA-256(intent digest), 64-byte r||s, 33-byte pk       (98 bytes)
 *   02 Secp256r1  same on P-256                                                      (98 bytes)
 *   03 MultiSig   BCS MultiSig { sigs, bitmap: u16, multisig_pk { pk_map, threshold: u16 } }
 *   05 zkLogin    parsed (malformed: SEAL_ERR_INVALID_ENCODING), then answered with
 *                 SEAL_ERR_UNSUPPORTED_SIGNATURE_SCHEME (needs a full node's JWKs and epoch)
 *   06 Passkey    BCS PasskeyAuthenticator, verified locally (see seal_sui_passkey_signature)
 * The intent digest is BLAKE2b-256(intent || BCS value): scope 3 for personal messages (the value
 * is the message as BCS vector<u8>), scope 0 for TransactionData.
 *
 * Verification rules:
 *   - Ed25519: RFC 8032 verification by OpenSSL (cofactorless; canonical S < L; public key and R
 *     must decode). Sui uses ed25519-consensus (ZIP-215: cofactored equation, non-canonical
 *     point encodings of A and R accepted). They agree on every signature an honest signer
 *     produces; a crafted signature using small-order components or non-canonical encodings may
 *     be accepted by Sui and rejected here, never the other way round.
 *   - ECDSA: r and s in [1, n-1] and s <= n/2 (low-s, as fastcrypto requires for both curves);
 *     the public key must be a valid compressed point.
 *   - MultiSig: as Sui (validate(): 1..10 members, threshold > 0, weights > 0, sum of weights >=
 *     threshold, no duplicate keys, 1 <= #sigs <= #members, bitmap <= 0x3ff; address =
 *     BLAKE2b-256(03 || u16_le threshold || Σ flag || pk || weight); each signature checked
 *     with the key its bitmap position names; total weight >= threshold), and stricter in one
 *     point: the number of signatures must equal the number of bits set in the bitmap and every
 *     bit must name an existing member (Sui zips the two lists and ignores extras). Members that
 *     are zkLogin or Passkey keys make verification fail with
 *     SEAL_ERR_UNSUPPORTED_SIGNATURE_SCHEME only if the bitmap selects them. The legacy
 *     (roaring-bitmap) MultiSig format is not accepted (Sui removed it).
 * Errors: SEAL_ERR_INVALID_ENCODING (malformed bytes), SEAL_ERR_INVALID_SIGNATURE (well-formed
 * but wrong: bad signature, high s, address mismatch, insufficient weight),
 * SEAL_ERR_UNSUPPORTED_SIGNATURE_SCHEME.
 *
 * Signing: Ed25519 (RFC 8032, deterministic), ECDSA with RFC 6979 deterministic nonces
 * (HMAC-SHA-256) and low-s normalisation, which reproduces the official SDK byte for byte.
 * Secret keys live in seal_sui_keypair (wipe with seal_sui_keypair_clear()).
 */
#ifndef SEAL_SUI_SIG_H
#define SEAL_SUI_SIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "seal/error.h"
#include "seal/sui.h"
#include "seal/util.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SEAL_SUI_SECRET_KEY_BYTES 32
#define SEAL_SUI_ED25519_PUBLIC_KEY_BYTES 32
#define SEAL_SUI_ECDSA_PUBLIC_KEY_BYTES 33 /* compressed SEC1 */
#define SEAL_SUI_SIGNATURE_BYTES 64
/* Longest single-key serialized signature (flag || 64 || 33). */
#define SEAL_SUI_SIMPLE_SIGNATURE_MAX_BYTES 98
#define SEAL_SUI_MULTISIG_MAX_MEMBERS 10
/* Largest zkLogin public identifier kept in a multisig member (1 + 255 iss bytes + 32 seed + 1). */
#define SEAL_SUI_PUBLIC_KEY_MAX_BYTES 289
/* Largest serialized signature accepted from outside (zkLogin signatures are a few KiB). */
#define SEAL_SUI_SERIALIZED_SIGNATURE_MAX_BYTES 16384
/* "suiprivkey1" + 53 data + 6 checksum characters + NUL. */
#define SEAL_SUI_BECH32_SECRET_KEY_BYTES 71
/* base64(flag || secret): 44 characters + NUL. */
#define SEAL_SUI_KEYSTORE_ENTRY_BYTES 45

/* A public key of a single-key scheme (or, inside a multisig, of any member scheme). */
typedef struct seal_sui_public_key {
    seal_sui_scheme scheme;
    size_t len;
    uint8_t bytes[SEAL_SUI_PUBLIC_KEY_MAX_BYTES];
} seal_sui_public_key;

/* Address of a public key (BLAKE2b-256(flag || bytes)). */
SEAL_MUST_CHECK seal_err seal_sui_public_key_address(uint8_t out[static 32],
                                                     const seal_sui_public_key *pk);

/* ---- key pairs ------------------------------------------------------------------------------ */

typedef struct seal_sui_keypair {
    seal_sui_scheme scheme; /* ED25519, SECP256K1 or SECP256R1 */
    uint8_t secret[SEAL_SUI_SECRET_KEY_BYTES];
    seal_sui_public_key pk;
} seal_sui_keypair;

/* A fresh key pair from rng (NULL: the system RNG). ECDSA secrets are drawn until they fall in
 * [1, n-1]. SEAL_ERR_INVALID_ARGUMENT for other schemes. */
SEAL_MUST_CHECK seal_err seal_sui_keypair_generate(seal_sui_keypair *kp, seal_sui_scheme scheme,
                                                   const seal_rng *rng);
/* The key pair of a 32-byte secret (Ed25519 seed, or ECDSA scalar in [1, n-1], else
 * SEAL_ERR_INVALID_KEY). kp is cleared on error. */
SEAL_MUST_CHECK seal_err seal_sui_keypair_from_secret(seal_sui_keypair *kp, seal_sui_scheme scheme,
                                                      const uint8_t secret[static 32]);
/* Wipes the secret (and the rest of the struct). */
void seal_sui_keypair_clear(seal_sui_keypair *kp);
/* The key pair's Sui address. */
void seal_sui_keypair_address(uint8_t out[static 32], const seal_sui_keypair *kp);

/* "suiprivkey1…" (bech32, HRP "suiprivkey", data = flag || secret), as `sui keytool` and the SDK
 * export keys. */
SEAL_MUST_CHECK seal_err seal_sui_keypair_to_bech32(
    char out[static SEAL_SUI_BECH32_SECRET_KEY_BYTES], const seal_sui_keypair *kp);
/* Parses such a string: bech32 checksum (not bech32m), HRP "suiprivkey", all-lower or all-upper
 * case, exactly 33 data bytes, a known single-key flag, a valid secret.
 * SEAL_ERR_INVALID_ENCODING / SEAL_ERR_INVALID_KEY; kp cleared on error. */
SEAL_MUST_CHECK seal_err seal_sui_keypair_from_bech32(seal_sui_keypair *kp, const char *text);
/* One entry of the Sui CLI keystore (~/.sui/sui_config/sui.keystore is a JSON array of these):
 * base64(flag || secret). */
SEAL_MUST_CHECK seal_err seal_sui_keypair_to_keystore(
    char out[static SEAL_SUI_KEYSTORE_ENTRY_BYTES], const seal_sui_keypair *kp);
SEAL_MUST_CHECK seal_err seal_sui_keypair_from_keystore(seal_sui_keypair *kp, const char *text);

/* ---- signing -------------------------------------------------------------------------------- */

/* The raw 64-byte signature of a 32-byte intent digest, as Sui signs it (Ed25519 over the digest;
 * ECDSA over SHA-256(digest), deterministic nonce, low s). */
SEAL_MUST_CHECK seal_err seal_sui_sign_digest(uint8_t sig[static 64], const seal_sui_keypair *kp,
                                              const uint8_t digest[static 32]);
/* Serialized signature (flag || sig || pk) of a digest; *out_len = 97 or 98. */
SEAL_MUST_CHECK seal_err seal_sui_sign_digest_serialized(
    uint8_t out[static SEAL_SUI_SIMPLE_SIGNATURE_MAX_BYTES], size_t *out_len,
    const seal_sui_keypair *kp, const uint8_t digest[static 32]);
/* Sui personal-message signature of msg[0..len) (intent scope 3). */
SEAL_MUST_CHECK seal_err seal_sui_sign_personal_message(
    uint8_t out[static SEAL_SUI_SIMPLE_SIGNATURE_MAX_BYTES], size_t *out_len,
    const seal_sui_keypair *kp, const uint8_t *msg, size_t len);
/* Sui transaction signature of BCS TransactionData (intent scope 0). */
SEAL_MUST_CHECK seal_err
seal_sui_sign_transaction(uint8_t out[static SEAL_SUI_SIMPLE_SIGNATURE_MAX_BYTES], size_t *out_len,
                          const seal_sui_keypair *kp, const uint8_t *tx_data_bcs, size_t len);

/* Plain Ed25519 over arbitrary bytes (no intent, no hash): the Seal session key's request
 * signature. */
SEAL_MUST_CHECK seal_err seal_sui_ed25519_sign(uint8_t sig[static 64],
                                               const uint8_t secret[static 32], const uint8_t *msg,
                                               size_t len);
/* SEAL_OK or SEAL_ERR_INVALID_SIGNATURE (SEAL_ERR_INVALID_KEY for a pk that does not decode). */
SEAL_MUST_CHECK seal_err seal_sui_ed25519_verify(const uint8_t sig[static 64],
                                                 const uint8_t pk[static 32], const uint8_t *msg,
                                                 size_t len);
/* The Ed25519 public key of a 32-byte secret seed. */
SEAL_MUST_CHECK seal_err seal_sui_ed25519_public_key(uint8_t pk[static 32],
                                                     const uint8_t secret[static 32]);

/* ---- parsing and verification --------------------------------------------------------------- */

/* A single-key serialized signature split into its parts. */
typedef struct seal_sui_simple_signature {
    seal_sui_scheme scheme;
    uint8_t sig[64];
    seal_sui_public_key pk;
} seal_sui_simple_signature;

/* Splits flag || sig || pk for Ed25519 / Secp256k1 / Secp256r1 (exact lengths). MultiSig,
 * zkLogin and Passkey flags: SEAL_ERR_UNSUPPORTED_SIGNATURE_SCHEME here (multisig has its own
 * decoder); unknown flags or lengths: SEAL_ERR_INVALID_ENCODING. */
SEAL_MUST_CHECK seal_err seal_sui_simple_signature_parse(seal_sui_simple_signature *out,
                                                         const uint8_t *bytes, size_t len);
/* Checks a raw 64-byte signature of a digest against a single public key (Sui's rules above). */
SEAL_MUST_CHECK seal_err seal_sui_verify_digest_raw(const seal_sui_public_key *pk,
                                                    const uint8_t sig[static 64],
                                                    const uint8_t digest[static 32]);

/* Verifies any serialized user signature over an intent digest for `address` (the signer's
 * address must equal it). */
SEAL_MUST_CHECK seal_err seal_sui_verify_digest(const uint8_t address[static 32],
                                                const uint8_t digest[static 32], const uint8_t *sig,
                                                size_t sig_len);
/* Personal-message signature (PROTOCOL.md 13.2) of msg by `address`. */
SEAL_MUST_CHECK seal_err seal_sui_verify_personal_message(const uint8_t address[static 32],
                                                          const uint8_t *msg, size_t len,
                                                          const uint8_t *sig, size_t sig_len);
/* Transaction signature of BCS TransactionData by `address`. */
SEAL_MUST_CHECK seal_err seal_sui_verify_transaction(const uint8_t address[static 32],
                                                     const uint8_t *tx_data_bcs, size_t len,
                                                     const uint8_t *sig, size_t sig_len);

/* The user-signature check of a Seal session certificate (PROTOCOL.md 13.1, 13.2): rebuilds the
 * certificate message (package_name = the MVR name when the certificate has one, else the first
 * package id as "0x" + 64 hex digits) and verifies sig as a personal-message signature by `user`.
 * Certificate time / TTL policy is the caller's (key server) job. */
SEAL_MUST_CHECK seal_err seal_sui_certificate_verify(const uint8_t user[static 32],
                                                     const char *package_name,
                                                     const uint8_t session_vk[static 32],
                                                     uint64_t creation_time_ms, uint16_t ttl_min,
                                                     const uint8_t *sig, size_t sig_len);

/* ---- zkLogin (parsed, not verified) and passkey --------------------------------------------- */

/* 05 || BCS ZkLoginSignature { inputs: { proof_points: { a: vector<String>,
 * b: vector<vector<String>>, c: vector<String> }, iss_base64_details: { value: String,
 * index_mod_4: u8 }, header_base64: String, address_seed: String (decimal) }, max_epoch: u64,
 * user_signature: vector<u8> (a single-key serialized signature by the ephemeral key) }.
 * Strings are borrowed from the input. */
typedef struct seal_sui_zklogin_signature {
    seal_sui_bytes iss_base64;
    uint8_t index_mod_4;
    seal_sui_bytes header_base64;
    seal_sui_bytes address_seed;
    uint64_t max_epoch;
    seal_sui_simple_signature user_signature;
} seal_sui_zklogin_signature;

/* Structural parse (whole input, caps: 2048 bytes as the SDK, strings 1..512 bytes, proof points
 * as Groth16 needs: a and c 3 decimal strings, b 3 pairs). SEAL_ERR_INVALID_ENCODING otherwise. */
SEAL_MUST_CHECK seal_err seal_sui_zklogin_signature_parse(seal_sui_zklogin_signature *out,
                                                          const uint8_t *bytes, size_t len);

/* 06 || BCS PasskeyAuthenticator { authenticator_data: vector<u8>, client_data_json: String,
 * user_signature: vector<u8> (02 || r||s || compressed P-256 key) }. Borrowed from the input.
 * Parsing also checks clientDataJSON as Sui does: a JSON object with "type": "webauthn.get",
 * "challenge" = unpadded base64url of 32 bytes (kept in `challenge`), "origin" a string,
 * optional "crossOrigin" boolean/null, other members ignored, no duplicates of these four.
 * Verification (seal_sui_verify_digest): address = BLAKE2b-256(06 || pk), challenge = the intent
 * digest, and the P-256 signature (low s) over SHA-256(authenticator_data ||
 * SHA-256(client_data_json)). */
typedef struct seal_sui_passkey_signature {
    seal_sui_bytes authenticator_data;
    seal_sui_bytes client_data_json;
    seal_sui_simple_signature user_signature;
    uint8_t challenge[32];
} seal_sui_passkey_signature;

/* Parses a serialized passkey signature (flag 0x06): the byte strings point into bytes (borrowed),
 * the inner signature must be secp256r1 and client_data_json a webauthn.get whose challenge is
 * taken into out->challenge. Any malformation: SEAL_ERR_INVALID_ENCODING, out zeroed. */
SEAL_MUST_CHECK seal_err seal_sui_passkey_signature_parse(seal_sui_passkey_signature *out,
                                                          const uint8_t *bytes, size_t len);

/* ---- multisig ------------------------------------------------------------------------------- */

typedef struct seal_sui_multisig_member {
    seal_sui_public_key pk; /* scheme: ED25519, SECP256K1, SECP256R1, ZKLOGIN or PASSKEY */
    uint8_t weight;
} seal_sui_multisig_member;

typedef struct seal_sui_multisig_public_key {
    size_t n_members;
    seal_sui_multisig_member members[SEAL_SUI_MULTISIG_MAX_MEMBERS];
    uint16_t threshold;
} seal_sui_multisig_public_key;

/* One compressed signature inside a MultiSig. */
typedef struct seal_sui_compressed_signature {
    seal_sui_scheme scheme;  /* ED25519, SECP256K1, SECP256R1, ZKLOGIN or PASSKEY */
    uint8_t sig[64];         /* the first three */
    seal_sui_bytes variable; /* ZKLOGIN / PASSKEY: borrowed from the decoded input */
} seal_sui_compressed_signature;

typedef struct seal_sui_multisig {
    size_t n_sigs;
    seal_sui_compressed_signature sigs[SEAL_SUI_MULTISIG_MAX_MEMBERS];
    uint16_t bitmap;
    seal_sui_multisig_public_key pk;
} seal_sui_multisig;

/* Checks Sui's MultiSigPublicKey rules (see above). SEAL_ERR_INVALID_ARGUMENT when violated. */
SEAL_MUST_CHECK seal_err
seal_sui_multisig_public_key_validate(const seal_sui_multisig_public_key *pk);
/* The multisig address (validates pk first). */
SEAL_MUST_CHECK seal_err seal_sui_multisig_address(uint8_t out[static 32],
                                                   const seal_sui_multisig_public_key *pk);
/* Decodes a serialized multisig signature (03 || BCS MultiSig), whole input, with Sui's
 * from_bytes validation. Variable-length member signatures are borrowed from bytes. */
SEAL_MUST_CHECK seal_err seal_sui_multisig_decode(seal_sui_multisig *out, const uint8_t *bytes,
                                                  size_t len);
/* Appends 03 || BCS(ms) to w. */
SEAL_MUST_CHECK seal_err seal_sui_multisig_encode(seal_bcs_writer *w, const seal_sui_multisig *ms);
/* Combines single-key serialized signatures (each flag || sig || pk of a member) into a
 * MultiSig, ordered by member position as Sui requires. Unknown signer or duplicate:
 * SEAL_ERR_INVALID_ARGUMENT. */
SEAL_MUST_CHECK seal_err seal_sui_multisig_combine(seal_sui_multisig *out,
                                                   const seal_sui_multisig_public_key *pk,
                                                   const uint8_t *const *sigs,
                                                   const size_t *sig_lens, size_t n_sigs);
/* Verifies a decoded multisig over an intent digest for `address`. */
SEAL_MUST_CHECK seal_err seal_sui_multisig_verify(const seal_sui_multisig *ms,
                                                  const uint8_t address[static 32],
                                                  const uint8_t digest[static 32]);

#ifdef __cplusplus
}
#endif
#endif
