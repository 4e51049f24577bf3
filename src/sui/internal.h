/* Private helpers of the Sui layer. */
#ifndef SEAL_SUI_INTERNAL_H
#define SEAL_SUI_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sodium.h>

#include "seal/bcs.h"
#include "seal/error.h"
#include "seal/sui.h"
#include "seal/sui_sig.h"
#include "seal/sui_tx.h"

/* Hashing scope bytes Sui prepends to child-object and fresh-object id preimages. */
#define SEAL__SUI_SCOPE_CHILD_OBJECT_ID 0xf0
#define SEAL__SUI_SCOPE_REGULAR_OBJECT_ID 0xf1

/* Streaming BLAKE2b-256 (libsodium). */
typedef crypto_generichash_state seal__sui_blake2b;
void seal__sui_blake2b_init(seal__sui_blake2b *h);
void seal__sui_blake2b_update(seal__sui_blake2b *h, const uint8_t *p, size_t n);
void seal__sui_blake2b_final(seal__sui_blake2b *h, uint8_t out[32]);

/* bech32 (BIP-173 checksum) of 8-bit data with a lowercase HRP; out_cap includes the NUL. */
SEAL_MUST_CHECK seal_err seal__sui_bech32_encode(char *out, size_t out_cap, const char *hrp,
                                                 const uint8_t *data, size_t len);
/* Decodes; the HRP (lowercased) must equal hrp; data bytes into out (exactly out_len expected). */
SEAL_MUST_CHECK seal_err seal__sui_bech32_decode(uint8_t *out, size_t out_len, const char *hrp,
                                                 const char *text);

/* ECDSA on secp256k1 / secp256r1 with OpenSSL's BIGNUM/EC_POINT (src/sui/ecdsa.c). */
SEAL_MUST_CHECK seal_err seal__sui_ecdsa_public_key(uint8_t pk[33], seal_sui_scheme scheme,
                                                    const uint8_t secret[32]);
SEAL_MUST_CHECK seal_err seal__sui_ecdsa_sign(uint8_t sig[64], seal_sui_scheme scheme,
                                              const uint8_t secret[32], const uint8_t digest[32]);
SEAL_MUST_CHECK seal_err seal__sui_ecdsa_verify(const uint8_t sig[64], seal_sui_scheme scheme,
                                                const uint8_t pk[33], const uint8_t digest[32]);
/* Same with the 32-byte value ECDSA signs given directly (no SHA-256 applied here). */
SEAL_MUST_CHECK seal_err seal__sui_ecdsa_verify_prehashed(const uint8_t sig[64],
                                                          seal_sui_scheme scheme,
                                                          const uint8_t pk[33],
                                                          const uint8_t hash[32]);
/* true when 1 <= secret < n (constant time in the secret's value). */
bool seal__sui_ecdsa_secret_valid(seal_sui_scheme scheme, const uint8_t secret[32]);

/* Passkey: checks clientDataJSON and extracts the challenge (src/sui/passkey.c). */
SEAL_MUST_CHECK seal_err seal__sui_client_data_check(const uint8_t *json, size_t len,
                                                     uint8_t challenge[32]);
/* Passkey: address, challenge and P-256 signature checks of a parsed passkey signature. */
SEAL_MUST_CHECK seal_err seal__sui_passkey_verify(const seal_sui_passkey_signature *p,
                                                  const uint8_t address[32],
                                                  const uint8_t digest[32]);

/* Reads a StructTag (a struct TypeTag without its variant byte), validating it. */
SEAL_MUST_CHECK seal_err seal__sui_struct_tag_read(seal_bcs_reader *r, seal_sui_bytes *out);

/* Reads a Move identifier (BCS string) and validates it. */
SEAL_MUST_CHECK seal_err seal__sui_read_identifier(seal_bcs_reader *r, seal_sui_bytes *out);

#endif
