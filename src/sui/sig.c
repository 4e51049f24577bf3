/* Sui key pairs, Ed25519 (libsodium), serialized signatures, signing and verification. */
#include <pthread.h>
#include <string.h>

#include <sodium.h>

#include "seal/util.h"
#include "sui/internal.h"

/* ---- Ed25519 -------------------------------------------------------------------------------- */

/* Ed25519 goes through libsodium: a verification is one call on the raw key (no key object or
 * context per call as with OpenSSL's EVP, about 2.3 times faster on the key server's per-request
 * session signature; bench: seal-bench seal ed25519_verify_us). libsodium is stricter than RFC
 * 8032 where honest signers never go: it also refuses public keys and R of small order and
 * non-canonical public key encodings (as OpenSSL, it refuses S >= L). OpenSSL keeps ECDSA. */

static pthread_once_t sodium_once = PTHREAD_ONCE_INIT;
static int sodium_status = -1;

static void sodium_start(void) {
    sodium_status = sodium_init();
}

static bool sodium_ready(void) {
    pthread_once(&sodium_once, sodium_start);
    return sodium_status >= 0;
}

seal_err seal_sui_ed25519_public_key(uint8_t pk[static 32], const uint8_t secret[static 32]) {
    uint8_t sk[crypto_sign_SECRETKEYBYTES];
    seal_err err = SEAL_ERR_CRYPTO_LIB;
    if (sodium_ready() && crypto_sign_seed_keypair(pk, sk, secret) == 0) {
        err = SEAL_OK;
    }
    seal_memzero(sk, sizeof sk);
    if (err != SEAL_OK) {
        memset(pk, 0, 32);
    }
    return err;
}

seal_err seal_sui_ed25519_sign(uint8_t sig[static 64], const uint8_t secret[static 32],
                               const uint8_t *msg, size_t len) {
    uint8_t pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    static const uint8_t empty = 0;
    seal_err err = SEAL_ERR_CRYPTO_LIB;
    if (sodium_ready() && crypto_sign_seed_keypair(pk, sk, secret) == 0 &&
        crypto_sign_detached(sig, NULL, len > 0 ? msg : &empty, len, sk) == 0) {
        err = SEAL_OK;
    }
    seal_memzero(sk, sizeof sk); /* seed || public key */
    if (err != SEAL_OK) {
        memset(sig, 0, 64);
    }
    return err;
}

seal_err seal_sui_ed25519_verify(const uint8_t sig[static 64], const uint8_t pk[static 32],
                                 const uint8_t *msg, size_t len) {
    static const uint8_t empty = 0;
    if (!sodium_ready()) {
        return SEAL_ERR_CRYPTO_LIB;
    }
    return crypto_sign_verify_detached(sig, len > 0 ? msg : &empty, len, pk) == 0
               ? SEAL_OK
               : SEAL_ERR_INVALID_SIGNATURE;
}

/* ---- key pairs ------------------------------------------------------------------------------ */

static bool single_scheme(seal_sui_scheme s) {
    return s == SEAL_SUI_SCHEME_ED25519 || s == SEAL_SUI_SCHEME_SECP256K1 ||
           s == SEAL_SUI_SCHEME_SECP256R1;
}

seal_err seal_sui_public_key_address(uint8_t out[static 32], const seal_sui_public_key *pk) {
    if (pk == NULL) {
        memset(out, 0, 32);
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    return seal_sui_address_from_public_key(out, pk->scheme, pk->bytes, pk->len);
}

void seal_sui_keypair_clear(seal_sui_keypair *kp) {
    if (kp != NULL) {
        seal_memzero(kp, sizeof *kp);
    }
}

seal_err seal_sui_keypair_from_secret(seal_sui_keypair *kp, seal_sui_scheme scheme,
                                      const uint8_t secret[static 32]) {
    seal_err err;
    seal_sui_keypair_clear(kp);
    if (!single_scheme(scheme)) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    kp->scheme = scheme;
    kp->pk.scheme = scheme;
    memcpy(kp->secret, secret, 32);
    if (scheme == SEAL_SUI_SCHEME_ED25519) {
        kp->pk.len = 32;
        err = seal_sui_ed25519_public_key(kp->pk.bytes, secret);
    } else {
        kp->pk.len = 33;
        err = seal__sui_ecdsa_public_key(kp->pk.bytes, scheme, secret);
    }
    if (err != SEAL_OK) {
        seal_sui_keypair_clear(kp);
    }
    return err;
}

seal_err seal_sui_keypair_generate(seal_sui_keypair *kp, seal_sui_scheme scheme,
                                   const seal_rng *rng) {
    uint8_t secret[32];
    seal_err err = SEAL_ERR_RNG;
    seal_sui_keypair_clear(kp);
    if (!single_scheme(scheme)) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    /* ECDSA: rejection sampling (the probability of a retry is below 2^-127 for k1 and 2^-32
     * for r1). */
    for (int attempt = 0; attempt < 128; attempt++) {
        if ((err = seal_rng_fill(rng, secret, 32)) != SEAL_OK) {
            goto out;
        }
        if (scheme == SEAL_SUI_SCHEME_ED25519 || seal__sui_ecdsa_secret_valid(scheme, secret)) {
            err = seal_sui_keypair_from_secret(kp, scheme, secret);
            goto out;
        }
    }
    err = SEAL_ERR_RNG;
out:
    seal_memzero(secret, sizeof secret);
    return err;
}

void seal_sui_keypair_address(uint8_t out[static 32], const seal_sui_keypair *kp) {
    uint8_t flag = (uint8_t)kp->scheme;
    size_t len = kp->pk.len <= SEAL_SUI_PUBLIC_KEY_MAX_BYTES ? kp->pk.len : 0;
    seal_sui_blake2b256(out, &flag, 1, kp->pk.bytes, len);
}

static const char bech32_hrp[] = "suiprivkey";

seal_err seal_sui_keypair_to_bech32(char out[static SEAL_SUI_BECH32_SECRET_KEY_BYTES],
                                    const seal_sui_keypair *kp) {
    uint8_t data[33];
    seal_err err;
    if (!single_scheme(kp->scheme)) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    data[0] = (uint8_t)kp->scheme;
    memcpy(data + 1, kp->secret, 32);
    err = seal__sui_bech32_encode(out, SEAL_SUI_BECH32_SECRET_KEY_BYTES, bech32_hrp, data, 33);
    seal_memzero(data, sizeof data);
    return err;
}

static seal_err keypair_from_flagged(seal_sui_keypair *kp, const uint8_t data[33]) {
    seal_sui_scheme scheme = (seal_sui_scheme)data[0];
    if (!single_scheme(scheme)) {
        return SEAL_ERR_INVALID_KEY;
    }
    seal_err err = seal_sui_keypair_from_secret(kp, scheme, data + 1);
    return err == SEAL_OK ? SEAL_OK : SEAL_ERR_INVALID_KEY;
}

seal_err seal_sui_keypair_from_bech32(seal_sui_keypair *kp, const char *text) {
    uint8_t data[33];
    seal_err err;
    seal_sui_keypair_clear(kp);
    if (text == NULL) {
        return SEAL_ERR_INVALID_ENCODING;
    }
    if ((err = seal__sui_bech32_decode(data, 33, bech32_hrp, text)) == SEAL_OK) {
        err = keypair_from_flagged(kp, data);
    }
    seal_memzero(data, sizeof data);
    return err;
}

seal_err seal_sui_keypair_to_keystore(char out[static SEAL_SUI_KEYSTORE_ENTRY_BYTES],
                                      const seal_sui_keypair *kp) {
    uint8_t data[33];
    if (!single_scheme(kp->scheme)) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    data[0] = (uint8_t)kp->scheme;
    memcpy(data + 1, kp->secret, 32);
    seal_sui_base64_encode(out, data, 33);
    seal_memzero(data, sizeof data);
    return SEAL_OK;
}

seal_err seal_sui_keypair_from_keystore(seal_sui_keypair *kp, const char *text) {
    uint8_t data[33];
    size_t n = 0;
    seal_err err;
    seal_sui_keypair_clear(kp);
    if (text == NULL) {
        return SEAL_ERR_INVALID_ENCODING;
    }
    size_t len = strnlen(text, 64);
    err = seal_sui_base64_decode(data, sizeof data, &n, text, len);
    if (err == SEAL_ERR_LIMIT || (err == SEAL_OK && n != 33)) {
        err = SEAL_ERR_INVALID_ENCODING;
    }
    if (err == SEAL_OK) {
        err = keypair_from_flagged(kp, data);
    }
    seal_memzero(data, sizeof data);
    return err;
}

/* ---- signing -------------------------------------------------------------------------------- */

/* A key pair whose public-key length matches its scheme (guards callers' hand-built structs). */
static bool keypair_ok(const seal_sui_keypair *kp) {
    return kp != NULL && single_scheme(kp->scheme) && kp->pk.scheme == kp->scheme &&
           kp->pk.len == (kp->scheme == SEAL_SUI_SCHEME_ED25519 ? 32u : 33u);
}

seal_err seal_sui_sign_digest(uint8_t sig[static 64], const seal_sui_keypair *kp,
                              const uint8_t digest[static 32]) {
    if (!keypair_ok(kp)) {
        memset(sig, 0, 64);
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    if (kp->scheme == SEAL_SUI_SCHEME_ED25519) {
        return seal_sui_ed25519_sign(sig, kp->secret, digest, 32);
    }
    return seal__sui_ecdsa_sign(sig, kp->scheme, kp->secret, digest);
}

seal_err seal_sui_sign_digest_serialized(uint8_t out[static SEAL_SUI_SIMPLE_SIGNATURE_MAX_BYTES],
                                         size_t *out_len, const seal_sui_keypair *kp,
                                         const uint8_t digest[static 32]) {
    *out_len = 0;
    seal_err err = seal_sui_sign_digest(out + 1, kp, digest);
    if (err != SEAL_OK) {
        return err;
    }
    out[0] = (uint8_t)kp->scheme;
    memcpy(out + 65, kp->pk.bytes, kp->pk.len);
    *out_len = 65 + kp->pk.len;
    return SEAL_OK;
}

seal_err seal_sui_sign_personal_message(uint8_t out[static SEAL_SUI_SIMPLE_SIGNATURE_MAX_BYTES],
                                        size_t *out_len, const seal_sui_keypair *kp,
                                        const uint8_t *msg, size_t len) {
    uint8_t digest[32];
    *out_len = 0;
    seal_err err = seal_sui_personal_message_digest(digest, msg, len);
    if (err != SEAL_OK) {
        return err;
    }
    return seal_sui_sign_digest_serialized(out, out_len, kp, digest);
}

seal_err seal_sui_sign_transaction(uint8_t out[static SEAL_SUI_SIMPLE_SIGNATURE_MAX_BYTES],
                                   size_t *out_len, const seal_sui_keypair *kp,
                                   const uint8_t *tx_data_bcs, size_t len) {
    uint8_t digest[32];
    *out_len = 0;
    if (tx_data_bcs == NULL && len > 0) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    seal_sui_transaction_signing_digest(digest, tx_data_bcs, len);
    return seal_sui_sign_digest_serialized(out, out_len, kp, digest);
}

/* ---- parsing and verification --------------------------------------------------------------- */

seal_err seal_sui_simple_signature_parse(seal_sui_simple_signature *out, const uint8_t *bytes,
                                         size_t len) {
    memset(out, 0, sizeof *out);
    if (bytes == NULL || len == 0) {
        return SEAL_ERR_INVALID_ENCODING;
    }
    size_t pk_len;
    switch (bytes[0]) {
    case SEAL_SUI_SCHEME_ED25519:
        pk_len = 32;
        break;
    case SEAL_SUI_SCHEME_SECP256K1:
    case SEAL_SUI_SCHEME_SECP256R1:
        pk_len = 33;
        break;
    case SEAL_SUI_SCHEME_MULTISIG:
    case SEAL_SUI_SCHEME_ZKLOGIN:
    case SEAL_SUI_SCHEME_PASSKEY:
        return SEAL_ERR_UNSUPPORTED_SIGNATURE_SCHEME;
    default:
        return SEAL_ERR_INVALID_ENCODING;
    }
    if (len != 1 + 64 + pk_len) {
        return SEAL_ERR_INVALID_ENCODING;
    }
    out->scheme = (seal_sui_scheme)bytes[0];
    memcpy(out->sig, bytes + 1, 64);
    out->pk.scheme = out->scheme;
    out->pk.len = pk_len;
    memcpy(out->pk.bytes, bytes + 65, pk_len);
    return SEAL_OK;
}

seal_err seal_sui_verify_digest_raw(const seal_sui_public_key *pk, const uint8_t sig[static 64],
                                    const uint8_t digest[static 32]) {
    switch (pk->scheme) {
    case SEAL_SUI_SCHEME_ED25519: {
        if (pk->len != 32) {
            return SEAL_ERR_INVALID_ENCODING;
        }
        seal_err err = seal_sui_ed25519_verify(sig, pk->bytes, digest, 32);
        return err == SEAL_ERR_INVALID_KEY ? SEAL_ERR_INVALID_SIGNATURE : err;
    }
    case SEAL_SUI_SCHEME_SECP256K1:
    case SEAL_SUI_SCHEME_SECP256R1:
        if (pk->len != 33) {
            return SEAL_ERR_INVALID_ENCODING;
        }
        return seal__sui_ecdsa_verify(sig, pk->scheme, pk->bytes, digest);
    case SEAL_SUI_SCHEME_ZKLOGIN:
    case SEAL_SUI_SCHEME_PASSKEY:
        return SEAL_ERR_UNSUPPORTED_SIGNATURE_SCHEME;
    default:
        return SEAL_ERR_INVALID_ENCODING;
    }
}

seal_err seal_sui_verify_digest(const uint8_t address[static 32], const uint8_t digest[static 32],
                                const uint8_t *sig, size_t sig_len) {
    seal_err err;
    if (sig == NULL || sig_len == 0) {
        return SEAL_ERR_INVALID_ENCODING;
    }
    if (sig_len > SEAL_SUI_SERIALIZED_SIGNATURE_MAX_BYTES) {
        return SEAL_ERR_LIMIT;
    }
    switch (sig[0]) {
    case SEAL_SUI_SCHEME_ED25519:
    case SEAL_SUI_SCHEME_SECP256K1:
    case SEAL_SUI_SCHEME_SECP256R1: {
        seal_sui_simple_signature s;
        uint8_t signer[32];
        if ((err = seal_sui_simple_signature_parse(&s, sig, sig_len)) != SEAL_OK ||
            (err = seal_sui_public_key_address(signer, &s.pk)) != SEAL_OK) {
            return err;
        }
        if (!seal_ct_memeq(signer, address, 32)) {
            return SEAL_ERR_INVALID_SIGNATURE;
        }
        return seal_sui_verify_digest_raw(&s.pk, s.sig, digest);
    }
    case SEAL_SUI_SCHEME_MULTISIG: {
        seal_sui_multisig ms;
        if ((err = seal_sui_multisig_decode(&ms, sig, sig_len)) != SEAL_OK) {
            return err;
        }
        return seal_sui_multisig_verify(&ms, address, digest);
    }
    case SEAL_SUI_SCHEME_ZKLOGIN: {
        seal_sui_zklogin_signature z;
        err = seal_sui_zklogin_signature_parse(&z, sig, sig_len);
        return err != SEAL_OK ? err : SEAL_ERR_UNSUPPORTED_SIGNATURE_SCHEME;
    }
    case SEAL_SUI_SCHEME_PASSKEY: {
        seal_sui_passkey_signature p;
        if ((err = seal_sui_passkey_signature_parse(&p, sig, sig_len)) != SEAL_OK) {
            return err;
        }
        return seal__sui_passkey_verify(&p, address, digest);
    }
    default:
        return SEAL_ERR_INVALID_ENCODING;
    }
}

seal_err seal_sui_verify_personal_message(const uint8_t address[static 32], const uint8_t *msg,
                                          size_t len, const uint8_t *sig, size_t sig_len) {
    uint8_t digest[32];
    seal_err err = seal_sui_personal_message_digest(digest, msg, len);
    if (err != SEAL_OK) {
        return err;
    }
    return seal_sui_verify_digest(address, digest, sig, sig_len);
}

seal_err seal_sui_verify_transaction(const uint8_t address[static 32], const uint8_t *tx_data_bcs,
                                     size_t len, const uint8_t *sig, size_t sig_len) {
    uint8_t digest[32];
    if (tx_data_bcs == NULL && len > 0) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    seal_sui_transaction_signing_digest(digest, tx_data_bcs, len);
    return seal_sui_verify_digest(address, digest, sig, sig_len);
}

/* ---- zkLogin and passkey -------------------------------------------------------------------- */

static seal_err read_string(seal_bcs_reader *r, size_t max, seal_sui_bytes *out) {
    seal_err err = seal_bcs_read_bytes(r, max, &out->ptr, &out->len);
    if (err == SEAL_ERR_LIMIT) {
        err = SEAL_ERR_INVALID_ENCODING;
    }
    if (err == SEAL_OK && out->len == 0) {
        r->failed = true;
        err = SEAL_ERR_INVALID_ENCODING;
    }
    return err;
}

static seal_err read_decimal_strings(seal_bcs_reader *r, size_t count) {
    size_t n = 0;
    seal_sui_bytes s;
    seal_err err = seal_bcs_read_len(r, count, &n);
    if (err != SEAL_OK || n != count) {
        r->failed = true;
        return SEAL_ERR_INVALID_ENCODING;
    }
    for (size_t i = 0; i < n; i++) {
        if ((err = read_string(r, 80, &s)) != SEAL_OK) {
            return err;
        }
        for (size_t j = 0; j < s.len; j++) {
            if (s.ptr[j] < '0' || s.ptr[j] > '9') {
                r->failed = true;
                return SEAL_ERR_INVALID_ENCODING;
            }
        }
    }
    return SEAL_OK;
}

static seal_err read_inner_signature(seal_bcs_reader *r, seal_sui_simple_signature *out) {
    const uint8_t *p = NULL;
    size_t n = 0;
    seal_err err = seal_bcs_read_bytes(r, SEAL_SUI_SIMPLE_SIGNATURE_MAX_BYTES, &p, &n);
    if (err != SEAL_OK) {
        return SEAL_ERR_INVALID_ENCODING;
    }
    err = seal_sui_simple_signature_parse(out, p, n);
    return err == SEAL_OK ? SEAL_OK : SEAL_ERR_INVALID_ENCODING;
}

seal_err seal_sui_zklogin_signature_parse(seal_sui_zklogin_signature *out, const uint8_t *bytes,
                                          size_t len) {
    seal_bcs_reader r;
    seal_err err = SEAL_ERR_INVALID_ENCODING;
    uint8_t flag = 0;
    size_t n = 0;
    memset(out, 0, sizeof *out);
    if (bytes == NULL || len > 1 + 2048) {
        return SEAL_ERR_INVALID_ENCODING;
    }
    seal_bcs_reader_init(&r, bytes, len);
    if (seal_bcs_read_u8(&r, &flag) != SEAL_OK || flag != SEAL_SUI_SCHEME_ZKLOGIN) {
        goto out;
    }
    /* proof points: a (3), b (3 x 2), c (3) */
    if ((err = read_decimal_strings(&r, 3)) != SEAL_OK) {
        goto out;
    }
    if (seal_bcs_read_len(&r, 3, &n) != SEAL_OK || n != 3) {
        err = SEAL_ERR_INVALID_ENCODING;
        goto out;
    }
    for (size_t i = 0; i < 3; i++) {
        if ((err = read_decimal_strings(&r, 2)) != SEAL_OK) {
            goto out;
        }
    }
    if ((err = read_decimal_strings(&r, 3)) != SEAL_OK ||
        (err = read_string(&r, 512, &out->iss_base64)) != SEAL_OK ||
        (err = seal_bcs_read_u8(&r, &out->index_mod_4)) != SEAL_OK ||
        (err = read_string(&r, 512, &out->header_base64)) != SEAL_OK ||
        (err = read_string(&r, 80, &out->address_seed)) != SEAL_OK ||
        (err = seal_bcs_read_u64(&r, &out->max_epoch)) != SEAL_OK ||
        (err = read_inner_signature(&r, &out->user_signature)) != SEAL_OK ||
        (err = seal_bcs_reader_finish(&r)) != SEAL_OK) {
        goto out;
    }
    err = out->index_mod_4 < 4 ? SEAL_OK : SEAL_ERR_INVALID_ENCODING;
out:
    if (err != SEAL_OK) {
        memset(out, 0, sizeof *out);
        err = SEAL_ERR_INVALID_ENCODING;
    }
    return err;
}

seal_err seal_sui_passkey_signature_parse(seal_sui_passkey_signature *out, const uint8_t *bytes,
                                          size_t len) {
    seal_bcs_reader r;
    seal_err err = SEAL_ERR_INVALID_ENCODING;
    uint8_t flag = 0;
    memset(out, 0, sizeof *out);
    if (bytes == NULL || len > SEAL_SUI_SERIALIZED_SIGNATURE_MAX_BYTES) {
        return SEAL_ERR_INVALID_ENCODING;
    }
    seal_bcs_reader_init(&r, bytes, len);
    if (seal_bcs_read_u8(&r, &flag) != SEAL_OK || flag != SEAL_SUI_SCHEME_PASSKEY ||
        (err = read_string(&r, 4096, &out->authenticator_data)) != SEAL_OK ||
        (err = read_string(&r, 8192, &out->client_data_json)) != SEAL_OK ||
        (err = read_inner_signature(&r, &out->user_signature)) != SEAL_OK ||
        (err = seal_bcs_reader_finish(&r)) != SEAL_OK) {
        goto out;
    }
    if (out->user_signature.scheme != SEAL_SUI_SCHEME_SECP256R1) {
        err = SEAL_ERR_INVALID_ENCODING;
        goto out;
    }
    err = seal__sui_client_data_check(out->client_data_json.ptr, out->client_data_json.len,
                                      out->challenge);
out:
    if (err != SEAL_OK) {
        memset(out, 0, sizeof *out);
        err = SEAL_ERR_INVALID_ENCODING;
    }
    return err;
}

seal_err seal_sui_certificate_verify(const uint8_t user[static 32], const char *package_name,
                                     const uint8_t session_vk[static 32], uint64_t creation_time_ms,
                                     uint16_t ttl_min, const uint8_t *sig, size_t sig_len) {
    char msg[SEAL_SUI_CERT_MESSAGE_MAX];
    size_t len = 0;
    seal_err err = seal_sui_certificate_message(msg, sizeof msg, &len, package_name, session_vk,
                                                creation_time_ms, ttl_min);
    if (err != SEAL_OK) {
        return err;
    }
    return seal_sui_verify_personal_message(user, (const uint8_t *)msg, len, sig, sig_len);
}
