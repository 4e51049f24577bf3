/*
 * Seal encryption and decryption of whole objects (PROTOCOL.md sections 9 and 10), in memory
 * and streaming.
 *
 * Encryption draws its randomness from the given seal_rng in the order the TypeScript SDK
 * 1.4.12 does, so a recorded SDK run is reproduced byte for byte: the 32-byte base key, then
 * the Shamir coefficients (seal_shamir_split), then 48 bytes for the IBE randomness r
 * (seal_keys_random_scalar). Nothing else is drawn.
 *
 * Decryption requires user secret keys (already fetched; see keys.h / elgamal.h to verify
 * them) for services whose positions reach the threshold. It decrypts every available share,
 * rebuilds the base key from the first t of them (object order), recovers r from the encrypted
 * randomness, checks r * G2gen == nonce, and requires every other decrypted share to lie on the
 * polynomials through those t (the degree check: shares of degree >= t are refused, as Move's
 * decryption does). With the public keys of all services it also recomputes every share, at
 * every position (those with a key too: a wrong key is caught there), from r and rejects the
 * object unless all lie on the same polynomials (the consistency check; use it whenever the
 * public keys are known). Every cryptographic failure (bad tag/MAC, non-canonical randomness,
 * nonce mismatch, inconsistent shares, degree too high) is reported as the single code
 * SEAL_ERR_DECRYPTION and releases no plaintext.
 *
 * The crypto core never allocates (OpenSSL allocates its AES-GCM context internally); outputs
 * go to caller buffers or a writer callback. Working state lives on the stack: up to about
 * 80 KB for seal_encrypt / seal_decrypt and 120 KB for the streaming functions (fine for the
 * default 8 MB thread stacks; size smaller thread stacks accordingly). All functions are
 * reentrant and thread safe.
 */
#ifndef SEAL_ENCRYPT_H
#define SEAL_ENCRYPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "seal/bls12_381.h"
#include "seal/dem.h"
#include "seal/error.h"
#include "seal/object.h"
#include "seal/util.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A key server as the encryptor sees it. A server of weight w occupies w consecutive share
 * positions (indices) in the object; weight must be >= 1. */
typedef struct seal_key_server {
    uint8_t object_id[32];
    uint8_t public_key[96]; /* compressed G2 */
    uint8_t weight;
} seal_key_server;

/* A key server's public key decoded, validated (canonical, on the curve, in G2, not the identity)
 * and prepared for encryption once (seal_key_server_prepare): clients that encrypt repeatedly to
 * the same servers keep one per server and pass them in seal_encrypt_params.prepared, so that
 * each encryption pays no decompression, no subgroup check and a Miller loop without G2
 * arithmetic. About 20 KiB; public data only (no wiping needed). */
typedef struct seal_prepared_key {
    uint8_t public_key[96]; /* the compressed key it was made from */
    seal_g2_prepared lines;
} seal_prepared_key;

/* Validates server->public_key and prepares it. Errors: the G2 decoding errors
 * (SEAL_ERR_INVALID_ENCODING, SEAL_ERR_NOT_CANONICAL, SEAL_ERR_NOT_ON_CURVE,
 * SEAL_ERR_NOT_IN_SUBGROUP), SEAL_ERR_IDENTITY; out is then zeroed. */
SEAL_MUST_CHECK seal_err seal_key_server_prepare(seal_prepared_key *out,
                                                 const seal_key_server *server);

typedef struct seal_encrypt_params {
    const uint8_t *package_id; /* 32 bytes: the first (original) package id */
    const uint8_t *id;         /* inner id, id_len <= SEAL_MAX_ID_BYTES (may be empty) */
    size_t id_len;
    const seal_key_server *servers; /* in object order; total weight n: 1 <= n <= 255 */
    size_t n_servers;
    uint8_t threshold;  /* 1 <= threshold <= n */
    seal_dem_type dem;  /* SEAL_DEM_PLAIN: the message must be empty; the object carries no
                           payload and the returned key is the secret */
    const uint8_t *aad; /* may be NULL when aad_len = 0 */
    size_t aad_len;
    /* false (default, as the TS SDK): aad is encoded Some(aad), Some(empty) when there is none.
     * true (as the Rust encoder): None; requires aad_len = 0. */
    bool aad_none;
    /* NULL, or servers[i]'s key prepared (seal_key_server_prepare) for each i: the same object
     * bytes, faster. A prepared key made from another public key than servers[i].public_key is
     * SEAL_ERR_INVALID_ARGUMENT. */
    const seal_prepared_key *prepared;
} seal_encrypt_params;

/* The exact size of the object seal_encrypt produces for a msg_len-byte message, or 0 when the
 * parameters are invalid. The ciphertext is a BCS vector, which Rust and TS decoders cap at
 * 2^31 - 1 bytes: messages longer than 2^31 - 17 bytes are refused (SEAL_ERR_INVALID_ARGUMENT)
 * so that every object produced here can be decrypted by the other implementations. */
size_t seal_encrypt_size(const seal_encrypt_params *p, uint64_t msg_len);

/*
 * Encrypts msg into out (capacity cap; *out_len receives the object size). key_out (may be
 * NULL) receives the 32-byte DEM key ("symmetric key"), which decrypts the object without key
 * servers: treat it as a secret. Errors: SEAL_ERR_INVALID_ARGUMENT (parameters), SEAL_ERR_LIMIT
 * (cap too small; *out_len holds the needed size), key decoding errors for a bad public key,
 * SEAL_ERR_RNG, SEAL_ERR_CRYPTO_LIB. On error out and key_out are zeroed.
 */
SEAL_MUST_CHECK seal_err seal_encrypt(uint8_t *out, size_t cap, size_t *out_len, uint8_t *key_out,
                                      const seal_encrypt_params *p, const uint8_t *msg,
                                      size_t msg_len, const seal_rng *rng);

/* A user secret key for one key server (compressed G1 usk = msk * H1(full_id)). */
typedef struct seal_user_key {
    uint8_t object_id[32];
    uint8_t key[48];
} seal_user_key;

/* Accept encrypted randomness written little-endian by old TS SDKs (tries little-endian first,
 * then big-endian, like TS checkLEEncoding). Ignored with the consistency check. */
#define SEAL_DECRYPT_ACCEPT_LE_RANDOMNESS 1u

typedef struct seal_decrypt_params {
    const seal_user_key *keys; /* any order; keys for object ids not in the object are ignored */
    size_t n_keys;
    /* Public keys of every service of the object (weights ignored), or NULL for no
     * consistency check. A service without a public key here is SEAL_ERR_INVALID_ARGUMENT. */
    const seal_key_server *public_keys;
    size_t n_public_keys;
    unsigned flags;
} seal_decrypt_params;

/* Plaintext size of a decoded object: blob_len - 16 (AES-GCM), blob_len (HMAC-CTR), 32 (Plain:
 * the DEM key). */
size_t seal_object_plaintext_size(const seal_object *obj);

/*
 * Recovers the DEM key of a decoded object with all checks of section 10 (and the consistency
 * check when p->public_keys is set). Errors: SEAL_ERR_NOT_ENOUGH_SHARES (keys cover fewer than
 * threshold positions), SEAL_ERR_INVALID_KEY (a user key that does not decode),
 * SEAL_ERR_INVALID_ARGUMENT, SEAL_ERR_DECRYPTION.
 */
SEAL_MUST_CHECK seal_err seal_decrypt_dem_key(uint8_t dem_key[static 32], const seal_object *obj,
                                              const seal_decrypt_params *p);

/* Decrypts the payload of a decoded object with a known DEM key (symmetric decryption; Plain
 * returns the key). out has capacity cap (>= seal_object_plaintext_size, else SEAL_ERR_LIMIT). */
SEAL_MUST_CHECK seal_err seal_decrypt_with_key(uint8_t *out, size_t cap, size_t *out_len,
                                               const seal_object *obj,
                                               const uint8_t dem_key[static 32]);

/* Decodes (seal_object_decode) and decrypts: seal_decrypt_dem_key then seal_decrypt_with_key.
 * On any error nothing is left in out (zeroed) and *out_len is 0. */
SEAL_MUST_CHECK seal_err seal_decrypt(uint8_t *out, size_t cap, size_t *out_len,
                                      const uint8_t *object, size_t object_len,
                                      const seal_decrypt_params *p);

/* ---- streaming (bounded memory, for payloads larger than memory) ---- */

/* Pull bytes: fill buf with up to len bytes, *got receives the count; *got < len only at the
 * end of the input (0 at end). seek (absolute offset from the start of the input) is required
 * by seal_decrypt_stream and unused by seal_encrypt_stream. Errors are passed through. */
typedef struct seal_reader {
    seal_err (*read)(void *ctx, uint8_t *buf, size_t len, size_t *got);
    seal_err (*seek)(void *ctx, uint64_t offset);
    void *ctx;
} seal_reader;

/* Push bytes: must consume all len bytes or return an error. */
typedef struct seal_writer {
    seal_err (*write)(void *ctx, const uint8_t *buf, size_t len);
    void *ctx;
} seal_writer;

/*
 * Streaming encryption: reads exactly msg_len bytes from in (fewer is SEAL_ERR_IO; the length
 * is needed up front because BCS prefixes the ciphertext with its length) and writes the
 * object, byte-identical to seal_encrypt's, to out in bounded memory. key_out as seal_encrypt.
 */
SEAL_MUST_CHECK seal_err seal_encrypt_stream(const seal_writer *out, uint8_t *key_out,
                                             const seal_encrypt_params *p, const seal_reader *in,
                                             uint64_t msg_len, const seal_rng *rng);

/*
 * Streaming decryption over a seekable reader. It makes several passes: (1) parse and validate
 * the whole object (header, skipping the blob, then aad, mac, and the end of input, so trailing
 * bytes are rejected), recover the DEM key; (2) authenticate: recompute the GCM tag / HMAC over
 * aad and blob without writing anything; (3) only then decrypt and write the plaintext to out.
 * So a forged or corrupted object releases no plaintext. The input must not change between
 * passes (if it does, pass 3 detects it for AES-GCM and returns SEAL_ERR_DECRYPTION after
 * having written data: callers reading from files they do not control should write to a
 * temporary file and keep it only on SEAL_OK). A non-seekable source (a pipe) must be spooled
 * to a file first. The inner id is limited to SEAL_MAX_ID_BYTES. *out_len (may be NULL) receives
 * the plaintext size. Plain objects write the 32-byte DEM key.
 */
SEAL_MUST_CHECK seal_err seal_decrypt_stream(const seal_writer *out, uint64_t *out_len,
                                             const seal_reader *in, const seal_decrypt_params *p);

/* Decodes only the header of a streamed object for inspection: every field of obj except that
 * blob and aad are NULL (their sizes are set) and id points into id_buf (capacity
 * SEAL_MAX_ID_BYTES). Validates like seal_object_decode, including trailing bytes. */
SEAL_MUST_CHECK seal_err seal_object_decode_stream(seal_object *obj,
                                                   uint8_t id_buf[static SEAL_MAX_ID_BYTES],
                                                   const seal_reader *in);

#ifdef __cplusplus
}
#endif
#endif
