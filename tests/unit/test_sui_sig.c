/* Sui signatures and keys: SDK vectors (tests/vectors/sui/sui.json, sdk/session.json,
 * spec/session_and_request.json), round trips, tampering, high s, multisig. */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "seal/sui.h"
#include "seal/sui_sig.h"
#include "seal/sui_tx.h"

static json_t *g_sui;

static int setup(void **state) {
    (void)state;
    g_sui = tu_load_json("sui/sui.json");
    return 0;
}

static int teardown(void **state) {
    (void)state;
    json_decref(g_sui);
    return 0;
}

static seal_sui_scheme scheme_named(const char *name) {
    if (strcmp(name, "ed25519") == 0) {
        return SEAL_SUI_SCHEME_ED25519;
    }
    if (strcmp(name, "secp256k1") == 0) {
        return SEAL_SUI_SCHEME_SECP256K1;
    }
    assert_string_equal(name, "secp256r1");
    return SEAL_SUI_SCHEME_SECP256R1;
}

static size_t b64(uint8_t *out, size_t cap, const char *text) {
    size_t n = 0;
    assert_int_equal(seal_sui_base64_decode(out, cap, &n, text, strlen(text)), SEAL_OK);
    return n;
}

static void addr(uint8_t out[32], const char *text) {
    assert_int_equal(seal_sui_address_parse(out, text), SEAL_OK);
}

static void keypair_of(seal_sui_keypair *kp, const json_t *key) {
    uint8_t sk[32];
    tu_hex(sk, 32, tu_str(key, "secret_key_hex"), 1);
    assert_int_equal(seal_sui_keypair_from_secret(kp, scheme_named(tu_str(key, "scheme")), sk),
                     SEAL_OK);
}

static void test_key_vectors(void **state) {
    (void)state;
    json_t *keys = json_object_get(g_sui, "keys");
    assert_int_equal(json_array_size(keys), 3);
    for (size_t i = 0; i < json_array_size(keys); i++) {
        const json_t *key = json_array_get(keys, i);
        seal_sui_keypair kp, back;
        keypair_of(&kp, key);
        assert_int_equal(kp.scheme, json_integer_value(json_object_get(key, "flag")));
        uint8_t pk[33];
        size_t pk_len = tu_hex(pk, sizeof pk, tu_str(key, "public_key_hex"), 0);
        assert_int_equal(pk_len, kp.pk.len);
        tu_assert_bytes(kp.pk.bytes, pk, pk_len, "public key");
        /* Sui public key form: flag || pk */
        uint8_t spk[34];
        size_t spk_len = b64(spk, sizeof spk, tu_str(key, "sui_public_key_b64"));
        assert_int_equal(spk_len, pk_len + 1);
        assert_int_equal(spk[0], kp.scheme);

        uint8_t a[32], want[32];
        addr(want, tu_str(key, "address"));
        seal_sui_keypair_address(a, &kp);
        tu_assert_bytes(a, want, 32, "address");
        assert_int_equal(seal_sui_address_from_public_key(a, kp.scheme, pk, pk_len), SEAL_OK);
        tu_assert_bytes(a, want, 32, "address from pk");

        char bech[SEAL_SUI_BECH32_SECRET_KEY_BYTES];
        assert_int_equal(seal_sui_keypair_to_bech32(bech, &kp), SEAL_OK);
        assert_string_equal(bech, tu_str(key, "bech32"));
        assert_int_equal(seal_sui_keypair_from_bech32(&back, tu_str(key, "bech32")), SEAL_OK);
        assert_int_equal(back.scheme, kp.scheme);
        assert_memory_equal(back.secret, kp.secret, 32);
        assert_memory_equal(back.pk.bytes, kp.pk.bytes, kp.pk.len);

        char ks[SEAL_SUI_KEYSTORE_ENTRY_BYTES];
        assert_int_equal(seal_sui_keypair_to_keystore(ks, &kp), SEAL_OK);
        assert_string_equal(ks, tu_str(key, "keystore_b64"));
        assert_int_equal(seal_sui_keypair_from_keystore(&back, ks), SEAL_OK);
        assert_memory_equal(back.secret, kp.secret, 32);
        seal_sui_keypair_clear(&kp);
        seal_sui_keypair_clear(&back);
        for (size_t j = 0; j < sizeof kp.secret; j++) {
            assert_int_equal(kp.secret[j], 0);
        }
    }
}

static void test_personal_message_vectors(void **state) {
    (void)state;
    json_t *keys = json_object_get(g_sui, "keys");
    for (size_t i = 0; i < json_array_size(keys); i++) {
        const json_t *key = json_array_get(keys, i);
        seal_sui_keypair kp;
        keypair_of(&kp, key);
        uint8_t a[32];
        addr(a, tu_str(key, "address"));
        const json_t *msgs = json_object_get(key, "personal_messages");
        assert_int_equal(json_array_size(msgs), 3);
        for (size_t j = 0; j < json_array_size(msgs); j++) {
            const json_t *m = json_array_get(msgs, j);
            size_t len = 0;
            uint8_t *msg = tu_hex_alloc(tu_str(m, "message_hex"), &len);
            uint8_t digest[32], want[32];
            tu_hex(want, 32, tu_str(m, "digest_hex"), 1);
            assert_int_equal(seal_sui_personal_message_digest(digest, msg, len), SEAL_OK);
            tu_assert_bytes(digest, want, 32, "personal message digest");

            /* Intent message bytes. */
            size_t im_len = 0;
            uint8_t *im = tu_hex_alloc(tu_str(m, "intent_message_hex"), &im_len);
            uint8_t *buf = malloc(im_len + 1);
            seal_bcs_writer w;
            seal_bcs_writer_init(&w, buf, im_len);
            seal_sui_personal_message_intent_write(&w, msg, len);
            assert_int_equal(seal_bcs_writer_finish(&w), SEAL_OK);
            assert_int_equal(w.len, im_len);
            tu_assert_bytes(buf, im, im_len, "intent message");

            uint8_t sig[200];
            size_t sig_len = b64(sig, sizeof sig, tu_str(m, "signature_b64"));
            assert_int_equal(seal_sui_verify_personal_message(a, msg, len, sig, sig_len), SEAL_OK);
            /* Deterministic signing reproduces the SDK byte for byte (ECDSA: RFC 6979). */
            uint8_t mine[SEAL_SUI_SIMPLE_SIGNATURE_MAX_BYTES];
            size_t mine_len = 0;
            assert_int_equal(seal_sui_sign_personal_message(mine, &mine_len, &kp, msg, len),
                             SEAL_OK);
            assert_int_equal(mine_len, sig_len);
            tu_assert_bytes(mine, sig, sig_len, "personal message signature");
            free(buf);
            free(im);
            free(msg);
        }
        seal_sui_keypair_clear(&kp);
    }
}

static void test_transaction_signature_vectors(void **state) {
    (void)state;
    json_t *keys = json_object_get(g_sui, "keys");
    json_t *txs = json_object_get(g_sui, "transactions");
    assert_true(json_array_size(txs) >= 2);
    for (size_t t = 0; t < json_array_size(txs); t++) {
        const json_t *tx = json_array_get(txs, t);
        size_t len = 0;
        uint8_t *bytes = tu_hex_alloc(tu_str(tx, "tx_data_hex"), &len);
        uint8_t digest[32], want[32];
        tu_hex(want, 32, tu_str(tx, "intent_digest_hex"), 1);
        seal_sui_transaction_signing_digest(digest, bytes, len);
        tu_assert_bytes(digest, want, 32, "transaction signing digest");
        const json_t *sigs = json_object_get(tx, "signatures_b64");
        for (size_t i = 0; i < json_array_size(keys); i++) {
            const json_t *key = json_array_get(keys, i);
            seal_sui_keypair kp;
            keypair_of(&kp, key);
            uint8_t a[32];
            addr(a, tu_str(key, "address"));
            const json_t *s = json_object_get(sigs, tu_str(key, "scheme"));
            assert_non_null(s);
            uint8_t sig[200];
            size_t sig_len = b64(sig, sizeof sig, json_string_value(s));
            assert_int_equal(seal_sui_verify_transaction(a, bytes, len, sig, sig_len), SEAL_OK);
            uint8_t mine[SEAL_SUI_SIMPLE_SIGNATURE_MAX_BYTES];
            size_t mine_len = 0;
            assert_int_equal(seal_sui_sign_transaction(mine, &mine_len, &kp, bytes, len), SEAL_OK);
            assert_int_equal(mine_len, sig_len);
            tu_assert_bytes(mine, sig, sig_len, "transaction signature");
            /* A transaction signature is not a personal-message signature of the same bytes. */
            assert_int_equal(seal_sui_verify_personal_message(a, bytes, len, sig, sig_len),
                             SEAL_ERR_INVALID_SIGNATURE);
            /* Tampered transaction. */
            bytes[len - 1] ^= 1;
            assert_int_equal(seal_sui_verify_transaction(a, bytes, len, sig, sig_len),
                             SEAL_ERR_INVALID_SIGNATURE);
            bytes[len - 1] ^= 1;
            seal_sui_keypair_clear(&kp);
        }
        free(bytes);
    }
}

/* The Seal vectors: certificate signatures verify for the user's address, request signatures
 * verify with (and are reproduced from) the session key. */
static void test_seal_session_signatures(void **state) {
    (void)state;
    json_t *sdk = tu_load_json("sdk/session.json");
    json_t *cases = json_object_get(sdk, "cases");
    assert_true(json_array_size(cases) >= 3);
    for (size_t i = 0; i < json_array_size(cases); i++) {
        const json_t *c = json_array_get(cases, i);
        uint8_t a[32], want[32], pk[32], sk[32];
        addr(want, tu_str(c, "user_address"));
        tu_hex(pk, 32, tu_str(c, "user_public_key_hex"), 1);
        assert_int_equal(seal_sui_address_from_public_key(a, SEAL_SUI_SCHEME_ED25519, pk, 32),
                         SEAL_OK);
        tu_assert_bytes(a, want, 32, "user address");
        tu_hex(sk, 32, tu_str(c, "user_secret_key_hex"), 1);
        seal_sui_keypair kp;
        assert_int_equal(seal_sui_keypair_from_secret(&kp, SEAL_SUI_SCHEME_ED25519, sk), SEAL_OK);
        tu_assert_bytes(kp.pk.bytes, pk, 32, "user public key");

        const char *text = tu_str(c, "personal_message_text");
        uint8_t sig[200];
        size_t sig_len = b64(sig, sizeof sig, tu_str(c, "user_signature_b64"));
        assert_int_equal(
            seal_sui_verify_personal_message(a, (const uint8_t *)text, strlen(text), sig, sig_len),
            SEAL_OK);
        uint8_t mine[SEAL_SUI_SIMPLE_SIGNATURE_MAX_BYTES];
        size_t mine_len = 0;
        assert_int_equal(seal_sui_sign_personal_message(mine, &mine_len, &kp, (const uint8_t *)text,
                                                        strlen(text)),
                         SEAL_OK);
        assert_int_equal(mine_len, sig_len);
        tu_assert_bytes(mine, sig, sig_len, "user signature");

        /* The same check from the certificate's fields. */
        const json_t *cert = json_object_get(c, "certificate");
        const json_t *mvr = json_object_get(c, "mvr_name");
        const char *pkg = json_is_string(mvr) ? json_string_value(mvr) : tu_str(c, "package_id");
        uint8_t cvk[32];
        assert_int_equal(b64(cvk, 32, tu_str(cert, "session_vk")), 32);
        uint64_t ctime = (uint64_t)json_integer_value(json_object_get(cert, "creation_time"));
        uint16_t cttl = (uint16_t)json_integer_value(json_object_get(cert, "ttl_min"));
        assert_int_equal(seal_sui_certificate_verify(a, pkg, cvk, ctime, cttl, sig, sig_len),
                         SEAL_OK);
        assert_int_equal(seal_sui_certificate_verify(a, pkg, cvk, ctime + 1000, cttl, sig, sig_len),
                         SEAL_ERR_INVALID_SIGNATURE);
        assert_int_equal(seal_sui_certificate_verify(a, pkg, cvk, ctime, cttl + 1, sig, sig_len),
                         SEAL_ERR_INVALID_SIGNATURE);
        cvk[0] ^= 1;
        assert_int_equal(seal_sui_certificate_verify(a, pkg, cvk, ctime, cttl, sig, sig_len),
                         SEAL_ERR_INVALID_SIGNATURE);

        /* Request signature: plain Ed25519 by the session key over the request bytes. */
        uint8_t ssk[32], svk[32], svk_want[32];
        tu_hex(ssk, 32, tu_str(c, "session_secret_key_hex"), 1);
        assert_int_equal(seal_sui_ed25519_public_key(svk, ssk), SEAL_OK);
        assert_int_equal(b64(svk_want, 32, tu_str(c, "session_vk_b64")), 32);
        tu_assert_bytes(svk, svk_want, 32, "session vk");
        size_t req_len = 0;
        uint8_t *req = tu_hex_alloc(tu_str(c, "request_signed_bytes_hex"), &req_len);
        uint8_t rsig[64], rsig_want[64];
        assert_int_equal(b64(rsig_want, 64, tu_str(c, "request_signature_b64")), 64);
        assert_int_equal(seal_sui_ed25519_verify(rsig_want, svk, req, req_len), SEAL_OK);
        assert_int_equal(seal_sui_ed25519_sign(rsig, ssk, req, req_len), SEAL_OK);
        tu_assert_bytes(rsig, rsig_want, 64, "request signature");
        req[0] ^= 1;
        assert_int_equal(seal_sui_ed25519_verify(rsig_want, svk, req, req_len),
                         SEAL_ERR_INVALID_SIGNATURE);
        free(req);
        seal_sui_keypair_clear(&kp);
    }
    json_decref(sdk);

    json_t *spec = tu_load_json("spec/session_and_request.json");
    json_t *vectors = json_object_get(spec, "vectors");
    size_t checked = 0;
    for (size_t i = 0; i < json_array_size(vectors); i++) {
        const json_t *v = json_array_get(vectors, i);
        const char *name = tu_str(v, "name");
        if (strcmp(name, "full_fetch_key_request_example") == 0) {
            uint8_t a[32];
            addr(a, tu_str(v, "signature_verifies_for_address"));
            const char *text = tu_str(v, "personal_message");
            uint8_t sig[200];
            size_t sig_len = tu_hex(sig, sizeof sig, tu_str(v, "user_signature_hex"), 0);
            assert_int_equal(seal_sui_verify_personal_message(a, (const uint8_t *)text,
                                                              strlen(text), sig, sig_len),
                             SEAL_OK);
            uint8_t svk[32], rsig[64];
            tu_hex(svk, 32, tu_str(v, "session_ed25519_public_key"), 1);
            tu_hex(rsig, 64, tu_str(v, "request_signature_hex"), 1);
            size_t req_len = 0;
            uint8_t *req = tu_hex_alloc(tu_str(v, "signed_request_hex"), &req_len);
            assert_int_equal(seal_sui_ed25519_verify(rsig, svk, req, req_len), SEAL_OK);
            free(req);
            checked++;
        } else if (strcmp(name, "sui_personal_message_intent") == 0) {
            uint8_t a[32], sk[32];
            addr(a, tu_str(v, "address"));
            const char *text = tu_str(v, "message_utf8");
            uint8_t sig[200];
            size_t sig_len = b64(sig, sizeof sig, tu_str(v, "signature_base64"));
            assert_int_equal(seal_sui_verify_personal_message(a, (const uint8_t *)text,
                                                              strlen(text), sig, sig_len),
                             SEAL_OK);
            tu_hex(sk, 32, tu_str(v, "signer_ed25519_secret_key"), 1);
            seal_sui_keypair kp;
            uint8_t ka[32];
            assert_int_equal(seal_sui_keypair_from_secret(&kp, SEAL_SUI_SCHEME_ED25519, sk),
                             SEAL_OK);
            seal_sui_keypair_address(ka, &kp);
            tu_assert_bytes(ka, a, 32, "signer address");
            seal_sui_keypair_clear(&kp);
            checked++;
        }
    }
    assert_int_equal(checked, 2);
    json_decref(spec);
}

/* Returns the scheme's first SDK personal-message signature ("hello") and the signer address. */
static size_t sample_signature(uint8_t sig[200], uint8_t address[32], size_t key_index) {
    const json_t *key = json_array_get(json_object_get(g_sui, "keys"), key_index);
    const json_t *m = json_array_get(json_object_get(key, "personal_messages"), 0);
    addr(address, tu_str(key, "address"));
    return b64(sig, 200, tu_str(m, "signature_b64"));
}

static const uint8_t hello[5] = {'h', 'e', 'l', 'l', 'o'};

static void test_tampering(void **state) {
    (void)state;
    for (size_t k = 0; k < 3; k++) {
        uint8_t sig[200], a[32];
        size_t n = sample_signature(sig, a, k);
        assert_int_equal(seal_sui_verify_personal_message(a, hello, 5, sig, n), SEAL_OK);
        /* message */
        uint8_t other[5] = {'h', 'e', 'l', 'l', 'O'};
        assert_int_equal(seal_sui_verify_personal_message(a, other, 5, sig, n),
                         SEAL_ERR_INVALID_SIGNATURE);
        assert_int_equal(seal_sui_verify_personal_message(a, hello, 4, sig, n),
                         SEAL_ERR_INVALID_SIGNATURE);
        /* every byte of the signature and of the public key */
        for (size_t i = 1; i < n; i++) {
            sig[i] ^= 0x01;
            seal_err err = seal_sui_verify_personal_message(a, hello, 5, sig, n);
            assert_int_not_equal(err, SEAL_OK);
            assert_true(err == SEAL_ERR_INVALID_SIGNATURE || err == SEAL_ERR_INVALID_ENCODING);
            sig[i] ^= 0x01;
        }
        /* address */
        uint8_t wrong[32];
        memcpy(wrong, a, 32);
        wrong[31] ^= 1;
        assert_int_equal(seal_sui_verify_personal_message(wrong, hello, 5, sig, n),
                         SEAL_ERR_INVALID_SIGNATURE);
        /* flag: another single scheme (length mismatch or wrong curve), unknown, unsupported */
        uint8_t flag = sig[0];
        for (uint8_t f = 0; f < 16; f++) {
            if (f == flag) {
                continue;
            }
            sig[0] = f;
            seal_err err = seal_sui_verify_personal_message(a, hello, 5, sig, n);
            /* (zkLogin / passkey flags in front of a simple signature do not parse) */
            assert_true(err == SEAL_ERR_INVALID_SIGNATURE || err == SEAL_ERR_INVALID_ENCODING);
        }
        sig[0] = flag;
        /* lengths */
        assert_int_equal(seal_sui_verify_personal_message(a, hello, 5, sig, n - 1),
                         SEAL_ERR_INVALID_ENCODING);
        assert_int_equal(seal_sui_verify_personal_message(a, hello, 5, sig, n + 1),
                         SEAL_ERR_INVALID_ENCODING);
        assert_int_equal(seal_sui_verify_personal_message(a, hello, 5, sig, 0),
                         SEAL_ERR_INVALID_ENCODING);
        assert_int_equal(seal_sui_verify_personal_message(a, hello, 5, NULL, 0),
                         SEAL_ERR_INVALID_ENCODING);
    }
}

/* n - s for 32-byte big-endian values. */
static void negate_mod(uint8_t s[32], const uint8_t n[32]) {
    int borrow = 0;
    for (int i = 31; i >= 0; i--) {
        int d = n[i] - s[i] - borrow;
        borrow = d < 0;
        s[i] = (uint8_t)(d + (borrow ? 256 : 0));
    }
}

static void test_ecdsa_high_s_and_range(void **state) {
    (void)state;
    static const char *orders[2] = {
        "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141",
        "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551"};
    for (size_t k = 1; k <= 2; k++) {
        uint8_t order[32];
        tu_hex(order, 32, orders[k - 1], 1);
        uint8_t sig[200], a[32];
        size_t n = sample_signature(sig, a, k);
        assert_int_equal(n, 98);
        assert_int_equal(seal_sui_verify_personal_message(a, hello, 5, sig, n), SEAL_OK);
        /* (r, n - s) is the same ECDSA signature in high-s form: Sui rejects it. */
        uint8_t high[98];
        memcpy(high, sig, n);
        negate_mod(high + 33, order);
        assert_int_equal(seal_sui_verify_personal_message(a, hello, 5, high, n),
                         SEAL_ERR_INVALID_SIGNATURE);
        /* r = 0, s = 0, r = n, s = n */
        uint8_t bad[98];
        memcpy(bad, sig, n);
        memset(bad + 1, 0, 32);
        assert_int_equal(seal_sui_verify_personal_message(a, hello, 5, bad, n),
                         SEAL_ERR_INVALID_SIGNATURE);
        memcpy(bad, sig, n);
        memset(bad + 33, 0, 32);
        assert_int_equal(seal_sui_verify_personal_message(a, hello, 5, bad, n),
                         SEAL_ERR_INVALID_SIGNATURE);
        memcpy(bad, sig, n);
        memcpy(bad + 1, order, 32);
        assert_int_equal(seal_sui_verify_personal_message(a, hello, 5, bad, n),
                         SEAL_ERR_INVALID_SIGNATURE);
        /* Public key not on the curve (x with no square root or bad prefix): signature fails,
         * and with the address recomputed for that key it still fails. */
        memcpy(bad, sig, n);
        bad[65] = 0x04;
        uint8_t a2[32];
        assert_int_equal(seal_sui_address_from_public_key(a2, (seal_sui_scheme)k, bad + 65, 33),
                         SEAL_OK);
        assert_int_equal(seal_sui_verify_personal_message(a2, hello, 5, bad, n),
                         SEAL_ERR_INVALID_SIGNATURE);
    }
}

static void test_ed25519_rejects_noncanonical_s(void **state) {
    (void)state;
    uint8_t sig[200], a[32];
    size_t n = sample_signature(sig, a, 0);
    static const char *l_hex = "edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010";
    /* S + L (little-endian add) is the same scalar, non-canonical: RFC 8032 and Sui reject. */
    uint8_t l[32];
    tu_hex(l, 32, l_hex, 1);
    unsigned carry = 0;
    for (int i = 0; i < 32; i++) {
        unsigned v = sig[33 + i] + l[i] + carry;
        sig[33 + i] = (uint8_t)v;
        carry = v >> 8;
    }
    assert_int_equal(seal_sui_verify_personal_message(a, hello, 5, sig, n),
                     SEAL_ERR_INVALID_SIGNATURE);
}

static seal_err rng_fill(void *ctx, uint8_t *out, size_t len) {
    tu_rng_bytes(ctx, out, len);
    return SEAL_OK;
}

static void test_round_trips(void **state) {
    (void)state;
    tu_rng r;
    tu_rng_init(&r, 2024);
    seal_rng rng = {rng_fill, &r};
    const seal_sui_scheme schemes[3] = {SEAL_SUI_SCHEME_ED25519, SEAL_SUI_SCHEME_SECP256K1,
                                        SEAL_SUI_SCHEME_SECP256R1};
    for (int s = 0; s < 3; s++) {
        for (int iter = 0; iter < 8; iter++) {
            seal_sui_keypair kp, kp2;
            assert_int_equal(seal_sui_keypair_generate(&kp, schemes[s], &rng), SEAL_OK);
            uint8_t msg[64];
            size_t len = (size_t)(iter * 9);
            tu_rng_bytes(&r, msg, len);
            uint8_t a[32];
            seal_sui_keypair_address(a, &kp);
            uint8_t sig[SEAL_SUI_SIMPLE_SIGNATURE_MAX_BYTES];
            size_t sig_len = 0;
            assert_int_equal(seal_sui_sign_personal_message(sig, &sig_len, &kp, msg, len), SEAL_OK);
            assert_int_equal(sig_len, schemes[s] == SEAL_SUI_SCHEME_ED25519 ? 97 : 98);
            assert_int_equal(seal_sui_verify_personal_message(a, msg, len, sig, sig_len), SEAL_OK);
            assert_int_equal(seal_sui_sign_transaction(sig, &sig_len, &kp, msg, len), SEAL_OK);
            assert_int_equal(seal_sui_verify_transaction(a, msg, len, sig, sig_len), SEAL_OK);
            /* The text forms restore the same key. */
            char bech[SEAL_SUI_BECH32_SECRET_KEY_BYTES];
            assert_int_equal(seal_sui_keypair_to_bech32(bech, &kp), SEAL_OK);
            assert_int_equal(seal_sui_keypair_from_bech32(&kp2, bech), SEAL_OK);
            assert_memory_equal(kp2.pk.bytes, kp.pk.bytes, kp.pk.len);
            /* A different key does not verify. */
            assert_int_equal(seal_sui_keypair_generate(&kp2, schemes[s], &rng), SEAL_OK);
            uint8_t a2[32];
            seal_sui_keypair_address(a2, &kp2);
            assert_int_equal(seal_sui_verify_transaction(a2, msg, len, sig, sig_len),
                             SEAL_ERR_INVALID_SIGNATURE);
            seal_sui_keypair_clear(&kp);
            seal_sui_keypair_clear(&kp2);
        }
    }
    /* Invalid ECDSA secrets. */
    seal_sui_keypair kp;
    uint8_t zero[32] = {0}, ff[32];
    memset(ff, 0xff, 32);
    assert_int_equal(seal_sui_keypair_from_secret(&kp, SEAL_SUI_SCHEME_SECP256K1, zero),
                     SEAL_ERR_INVALID_KEY);
    assert_int_equal(seal_sui_keypair_from_secret(&kp, SEAL_SUI_SCHEME_SECP256R1, ff),
                     SEAL_ERR_INVALID_KEY);
    assert_int_equal(seal_sui_keypair_from_secret(&kp, SEAL_SUI_SCHEME_MULTISIG, ff),
                     SEAL_ERR_INVALID_ARGUMENT);
    assert_int_equal(seal_sui_keypair_generate(&kp, SEAL_SUI_SCHEME_ZKLOGIN, NULL),
                     SEAL_ERR_INVALID_ARGUMENT);
    assert_int_equal(seal_sui_keypair_generate(&kp, SEAL_SUI_SCHEME_SECP256R1, NULL), SEAL_OK);
    /* A hand-built key pair with an inconsistent public key is refused, not overrun. */
    uint8_t out[SEAL_SUI_SIMPLE_SIGNATURE_MAX_BYTES];
    size_t out_len = 0;
    kp.pk.len = 200;
    assert_int_equal(seal_sui_sign_personal_message(out, &out_len, &kp, hello, 5),
                     SEAL_ERR_INVALID_ARGUMENT);
    assert_int_equal(out_len, 0);
    kp.pk.len = 33;
    kp.pk.scheme = SEAL_SUI_SCHEME_ED25519;
    assert_int_equal(seal_sui_sign_personal_message(out, &out_len, &kp, hello, 5),
                     SEAL_ERR_INVALID_ARGUMENT);
    seal_sui_keypair_clear(&kp);
}

/* ---- multisig ------------------------------------------------------------------------------- */

static void multisig_pk_of(seal_sui_multisig_public_key *pk, const json_t *ms) {
    memset(pk, 0, sizeof *pk);
    const json_t *members = json_object_get(ms, "members");
    pk->n_members = json_array_size(members);
    for (size_t i = 0; i < pk->n_members; i++) {
        const json_t *m = json_array_get(members, i);
        pk->members[i].pk.scheme = scheme_named(tu_str(m, "scheme"));
        pk->members[i].pk.len = tu_hex(pk->members[i].pk.bytes, 33, tu_str(m, "public_key_hex"), 0);
        pk->members[i].weight = (uint8_t)json_integer_value(json_object_get(m, "weight"));
    }
    pk->threshold = (uint16_t)json_integer_value(json_object_get(ms, "threshold"));
}

static void test_multisig_vectors(void **state) {
    (void)state;
    json_t *all = json_object_get(g_sui, "multisig");
    json_t *keys = json_object_get(g_sui, "keys");
    assert_int_equal(json_array_size(all), 4);
    for (size_t i = 0; i < json_array_size(all); i++) {
        const json_t *ms = json_array_get(all, i);
        seal_sui_multisig_public_key pk;
        multisig_pk_of(&pk, ms);
        uint8_t a[32], want[32];
        addr(want, tu_str(ms, "address"));
        assert_int_equal(seal_sui_multisig_address(a, &pk), SEAL_OK);
        tu_assert_bytes(a, want, 32, "multisig address");

        size_t len = 0;
        uint8_t *msg = tu_hex_alloc(tu_str(ms, "message_hex"), &len);
        uint8_t sig[1024];
        size_t sig_len = b64(sig, sizeof sig, tu_str(ms, "signature_b64"));
        assert_int_equal(seal_sui_verify_personal_message(a, msg, len, sig, sig_len), SEAL_OK);

        /* Decode, re-encode identically. */
        seal_sui_multisig dec;
        assert_int_equal(seal_sui_multisig_decode(&dec, sig, sig_len), SEAL_OK);
        uint8_t enc[1024];
        seal_bcs_writer w;
        seal_bcs_writer_init(&w, enc, sizeof enc);
        assert_int_equal(seal_sui_multisig_encode(&w, &dec), SEAL_OK);
        assert_int_equal(w.len, sig_len);
        tu_assert_bytes(enc, sig, sig_len, "multisig re-encoding");

        /* Combine our own member signatures (given in reverse order): same bytes as the SDK. */
        const json_t *signers = json_object_get(ms, "signers");
        size_t n = json_array_size(signers);
        uint8_t parts[SEAL_SUI_MULTISIG_MAX_MEMBERS][SEAL_SUI_SIMPLE_SIGNATURE_MAX_BYTES];
        const uint8_t *ptrs[SEAL_SUI_MULTISIG_MAX_MEMBERS];
        size_t lens[SEAL_SUI_MULTISIG_MAX_MEMBERS];
        for (size_t j = 0; j < n; j++) {
            const char *name = json_string_value(json_array_get(signers, n - 1 - j));
            for (size_t k = 0; k < json_array_size(keys); k++) {
                const json_t *key = json_array_get(keys, k);
                if (strcmp(tu_str(key, "scheme"), name) == 0) {
                    seal_sui_keypair kp;
                    keypair_of(&kp, key);
                    assert_int_equal(
                        seal_sui_sign_personal_message(parts[j], &lens[j], &kp, msg, len), SEAL_OK);
                    seal_sui_keypair_clear(&kp);
                }
            }
            ptrs[j] = parts[j];
        }
        seal_sui_multisig mine;
        assert_int_equal(seal_sui_multisig_combine(&mine, &pk, ptrs, lens, n), SEAL_OK);
        seal_bcs_writer_init(&w, enc, sizeof enc);
        assert_int_equal(seal_sui_multisig_encode(&w, &mine), SEAL_OK);
        assert_int_equal(w.len, sig_len);
        tu_assert_bytes(enc, sig, sig_len, "combined multisig");

        /* Wrong address, tampered message. */
        uint8_t wrong[32];
        memcpy(wrong, a, 32);
        wrong[0] ^= 1;
        assert_int_equal(seal_sui_verify_personal_message(wrong, msg, len, sig, sig_len),
                         SEAL_ERR_INVALID_SIGNATURE);
        msg[0] ^= 1;
        assert_int_equal(seal_sui_verify_personal_message(a, msg, len, sig, sig_len),
                         SEAL_ERR_INVALID_SIGNATURE);
        msg[0] ^= 1;
        uint8_t digest[32];
        assert_int_equal(seal_sui_personal_message_digest(digest, msg, len), SEAL_OK);

        /* Below the threshold: drop the last signature. */
        if (mine.n_sigs > 1) {
            seal_sui_multisig less = mine;
            less.n_sigs--;
            for (int b = 15; b >= 0; b--) {
                if ((less.bitmap >> b) & 1) {
                    less.bitmap = (uint16_t)(less.bitmap & ~(1u << b));
                    break;
                }
            }
            assert_int_equal(seal_sui_multisig_verify(&less, a, digest),
                             SEAL_ERR_INVALID_SIGNATURE);
            /* Bitmap / signature count mismatch (Sui ignores extras; we reject). */
            seal_sui_multisig odd = mine;
            odd.bitmap = less.bitmap;
            assert_int_equal(seal_sui_multisig_verify(&odd, a, digest), SEAL_ERR_INVALID_SIGNATURE);
        }
        /* Signature attributed to another member. */
        seal_sui_multisig shifted = mine;
        shifted.bitmap = (uint16_t)(mine.bitmap ^ 0x7);
        if (__builtin_popcount(shifted.bitmap) == (int)mine.n_sigs) {
            assert_int_equal(seal_sui_multisig_verify(&shifted, a, digest),
                             SEAL_ERR_INVALID_SIGNATURE);
        }
        /* A changed threshold changes the address. */
        seal_sui_multisig thr = mine;
        thr.pk.threshold = 1;
        assert_int_equal(seal_sui_multisig_verify(&thr, a, digest), SEAL_ERR_INVALID_SIGNATURE);
        /* Every single-byte corruption of the encoding fails cleanly. */
        for (size_t j = 1; j < sig_len; j++) {
            sig[j] ^= 0x20;
            seal_err err = seal_sui_verify_personal_message(a, msg, len, sig, sig_len);
            assert_int_not_equal(err, SEAL_OK);
            sig[j] ^= 0x20;
        }
        assert_int_equal(seal_sui_verify_personal_message(a, msg, len, sig, sig_len - 1),
                         SEAL_ERR_INVALID_ENCODING);
        free(msg);
    }
}

static void test_multisig_rules(void **state) {
    (void)state;
    const json_t *ms = json_array_get(json_object_get(g_sui, "multisig"), 0);
    seal_sui_multisig_public_key pk, bad;
    multisig_pk_of(&pk, ms);
    uint8_t a[32];
    assert_int_equal(seal_sui_multisig_public_key_validate(&pk), SEAL_OK);
    bad = pk;
    bad.threshold = 0;
    assert_int_equal(seal_sui_multisig_address(a, &bad), SEAL_ERR_INVALID_ARGUMENT);
    bad = pk;
    bad.threshold = 4; /* total weight 3 */
    assert_int_equal(seal_sui_multisig_public_key_validate(&bad), SEAL_ERR_INVALID_ARGUMENT);
    bad = pk;
    bad.members[1].weight = 0;
    assert_int_equal(seal_sui_multisig_public_key_validate(&bad), SEAL_ERR_INVALID_ARGUMENT);
    bad = pk;
    bad.members[2] = bad.members[0];
    assert_int_equal(seal_sui_multisig_public_key_validate(&bad), SEAL_ERR_INVALID_ARGUMENT);
    bad = pk;
    bad.n_members = 0;
    assert_int_equal(seal_sui_multisig_public_key_validate(&bad), SEAL_ERR_INVALID_ARGUMENT);
    bad = pk;
    bad.n_members = 11;
    assert_int_equal(seal_sui_multisig_public_key_validate(&bad), SEAL_ERR_INVALID_ARGUMENT);
    bad = pk;
    bad.members[0].pk.len = 33;
    assert_int_equal(seal_sui_multisig_public_key_validate(&bad), SEAL_ERR_INVALID_ARGUMENT);

    /* Unknown signer and duplicate signer in combine. */
    tu_rng r;
    tu_rng_init(&r, 7);
    seal_rng rng = {rng_fill, &r};
    seal_sui_keypair stranger;
    assert_int_equal(seal_sui_keypair_generate(&stranger, SEAL_SUI_SCHEME_ED25519, &rng), SEAL_OK);
    uint8_t s1[SEAL_SUI_SIMPLE_SIGNATURE_MAX_BYTES];
    size_t l1 = 0;
    assert_int_equal(seal_sui_sign_personal_message(s1, &l1, &stranger, hello, 5), SEAL_OK);
    const uint8_t *ptrs[2] = {s1, s1};
    size_t lens[2] = {l1, l1};
    seal_sui_multisig out;
    assert_int_equal(seal_sui_multisig_combine(&out, &pk, ptrs, lens, 1),
                     SEAL_ERR_INVALID_ARGUMENT);
    seal_sui_keypair member;
    keypair_of(&member, json_array_get(json_object_get(g_sui, "keys"), 0));
    assert_int_equal(seal_sui_sign_personal_message(s1, &l1, &member, hello, 5), SEAL_OK);
    lens[0] = lens[1] = l1;
    assert_int_equal(seal_sui_multisig_combine(&out, &pk, ptrs, lens, 2),
                     SEAL_ERR_INVALID_ARGUMENT);
    /* 1 signature of weight 1 against threshold 2. */
    assert_int_equal(seal_sui_multisig_combine(&out, &pk, ptrs, lens, 1), SEAL_OK);
    assert_int_equal(seal_sui_multisig_address(a, &pk), SEAL_OK);
    uint8_t digest[32];
    assert_int_equal(seal_sui_personal_message_digest(digest, hello, 5), SEAL_OK);
    assert_int_equal(seal_sui_multisig_verify(&out, a, digest), SEAL_ERR_INVALID_SIGNATURE);
    /* Lower the threshold to 1: the address changes and the same signature now suffices. */
    out.pk.threshold = 1;
    assert_int_equal(seal_sui_multisig_address(a, &out.pk), SEAL_OK);
    assert_int_equal(seal_sui_multisig_verify(&out, a, digest), SEAL_OK);

    /* A zkLogin member selected by the bitmap: unsupported; encode + decode keep it. */
    seal_sui_multisig zk = out;
    zk.pk.n_members = 4;
    zk.pk.members[3].pk.scheme = SEAL_SUI_SCHEME_ZKLOGIN;
    zk.pk.members[3].pk.len = 40;
    memset(zk.pk.members[3].pk.bytes, 0x21, 40);
    zk.pk.members[3].weight = 1;
    static const uint8_t zk_sig[16] = {1, 2, 3};
    zk.n_sigs = 2;
    zk.sigs[1].scheme = SEAL_SUI_SCHEME_ZKLOGIN;
    zk.sigs[1].variable.ptr = zk_sig;
    zk.sigs[1].variable.len = sizeof zk_sig;
    zk.bitmap = (uint16_t)(out.bitmap | (1u << 3));
    uint8_t enc[2048];
    seal_bcs_writer w;
    seal_bcs_writer_init(&w, enc, sizeof enc);
    assert_int_equal(seal_sui_multisig_encode(&w, &zk), SEAL_OK);
    assert_int_equal(seal_sui_multisig_address(a, &zk.pk), SEAL_OK);
    assert_int_equal(seal_sui_verify_digest(a, digest, enc, w.len),
                     SEAL_ERR_UNSUPPORTED_SIGNATURE_SCHEME);
    seal_sui_multisig back;
    assert_int_equal(seal_sui_multisig_decode(&back, enc, w.len), SEAL_OK);
    assert_int_equal(back.pk.members[3].pk.scheme, SEAL_SUI_SCHEME_ZKLOGIN);
    assert_int_equal(back.sigs[1].variable.len, sizeof zk_sig);
    /* Trailing byte, empty sigs, bitmap > 0x3ff. */
    enc[w.len] = 0;
    assert_int_equal(seal_sui_multisig_decode(&back, enc, w.len + 1), SEAL_ERR_INVALID_ENCODING);
    zk.bitmap = 0x400 | zk.bitmap;
    seal_bcs_writer_init(&w, enc, sizeof enc);
    assert_int_equal(seal_sui_multisig_encode(&w, &zk), SEAL_ERR_INVALID_ARGUMENT);
    zk.n_sigs = 0;
    assert_int_equal(seal_sui_multisig_encode(&w, &zk), SEAL_ERR_INVALID_ARGUMENT);
    seal_sui_keypair_clear(&stranger);
    seal_sui_keypair_clear(&member);
}

static void test_zklogin(void **state) {
    (void)state;
    json_t *list = json_object_get(g_sui, "unsupported_signatures");
    assert_int_equal(json_array_size(list), 1);
    uint8_t a[32] = {0}, digest[32] = {0};
    const json_t *v = json_array_get(list, 0);
    assert_string_equal(tu_str(v, "scheme"), "zklogin");
    uint8_t sig[4096], inner[200];
    size_t n = b64(sig, sizeof sig, tu_str(v, "signature_b64"));
    size_t inner_len = b64(inner, sizeof inner, tu_str(v, "user_signature_b64"));
    seal_sui_zklogin_signature z;
    seal_sui_passkey_signature p;
    assert_int_equal(seal_sui_zklogin_signature_parse(&z, sig, n), SEAL_OK);
    assert_int_equal(z.max_epoch, 17);
    assert_int_equal(z.index_mod_4, 1);
    assert_true(z.address_seed.len == strlen(tu_str(v, "address_seed")) &&
                memcmp(z.address_seed.ptr, tu_str(v, "address_seed"), z.address_seed.len) == 0);
    assert_true(z.iss_base64.len == strlen(tu_str(v, "iss_base64")));
    assert_true(z.header_base64.len == strlen(tu_str(v, "header_base64")));
    assert_int_equal(seal_sui_passkey_signature_parse(&p, sig, n), SEAL_ERR_INVALID_ENCODING);
    /* The embedded ephemeral signature is the SDK's "hello" signature. */
    const seal_sui_simple_signature *us = &z.user_signature;
    assert_int_equal(inner_len, 65 + us->pk.len);
    assert_int_equal(us->scheme, inner[0]);
    assert_memory_equal(us->sig, inner + 1, 64);
    assert_memory_equal(us->pk.bytes, inner + 65, us->pk.len);
    /* Well-formed: unsupported. Malformed (any truncation, a trailing byte): encoding. */
    assert_int_equal(seal_sui_verify_digest(a, digest, sig, n),
                     SEAL_ERR_UNSUPPORTED_SIGNATURE_SCHEME);
    for (size_t k = 1; k < n; k++) {
        assert_int_equal(seal_sui_verify_digest(a, digest, sig, k), SEAL_ERR_INVALID_ENCODING);
    }
    sig[n] = 0;
    assert_int_equal(seal_sui_verify_digest(a, digest, sig, n + 1), SEAL_ERR_INVALID_ENCODING);
}

static void test_passkey(void **state) {
    (void)state;
    static const char *r1_order =
        "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";
    json_t *list = json_object_get(g_sui, "passkey_signatures");
    assert_int_equal(json_array_size(list), 2);
    for (size_t i = 0; i < json_array_size(list); i++) {
        const json_t *v = json_array_get(list, i);
        uint8_t a[32], pk[33], sig[1024];
        assert_int_equal(seal_sui_address_parse(a, tu_str(v, "address")), SEAL_OK);
        tu_hex(pk, 33, tu_str(v, "public_key_hex"), 1);
        uint8_t a2[32];
        assert_int_equal(seal_sui_address_from_public_key(a2, SEAL_SUI_SCHEME_PASSKEY, pk, 33),
                         SEAL_OK);
        tu_assert_bytes(a2, a, 32, "passkey address");
        size_t len = 0;
        uint8_t *msg = tu_hex_alloc(tu_str(v, "message_hex"), &len);
        size_t n = b64(sig, sizeof sig, tu_str(v, "signature_b64"));
        seal_sui_passkey_signature p;
        assert_int_equal(seal_sui_passkey_signature_parse(&p, sig, n), SEAL_OK);
        assert_memory_equal(p.user_signature.pk.bytes, pk, 33);
        uint8_t digest[32];
        assert_int_equal(seal_sui_personal_message_digest(digest, msg, len), SEAL_OK);
        assert_memory_equal(p.challenge, digest, 32);
        assert_int_equal(seal_sui_verify_personal_message(a, msg, len, sig, n), SEAL_OK);
        /* Wrong message (challenge mismatch), wrong address, transaction intent. */
        assert_int_equal(seal_sui_verify_personal_message(a, msg, len - 1, sig, n),
                         SEAL_ERR_INVALID_SIGNATURE);
        a2[0] ^= 1;
        assert_int_equal(seal_sui_verify_personal_message(a2, msg, len, sig, n),
                         SEAL_ERR_INVALID_SIGNATURE);
        assert_int_equal(seal_sui_verify_transaction(a, msg, len, sig, n),
                         SEAL_ERR_INVALID_SIGNATURE);
        /* Any change to authenticatorData, clientDataJSON or the signature fails. */
        size_t ad_off = (size_t)(p.authenticator_data.ptr - sig);
        size_t cd_off = (size_t)(p.client_data_json.ptr - sig);
        size_t sig_off = cd_off + p.client_data_json.len + 2;
        size_t offs[4] = {ad_off, ad_off + 32, cd_off + p.client_data_json.len - 3, sig_off + 5};
        for (int k = 0; k < 4; k++) {
            sig[offs[k]] ^= 0x01;
            seal_err err = seal_sui_verify_personal_message(a, msg, len, sig, n);
            assert_true(err == SEAL_ERR_INVALID_SIGNATURE || err == SEAL_ERR_INVALID_ENCODING);
            sig[offs[k]] ^= 0x01;
        }
        /* High-s form of the same P-256 signature. */
        uint8_t order[32];
        tu_hex(order, 32, r1_order, 1);
        uint8_t *s_ptr = sig + sig_off + 32;
        uint8_t keep[32];
        memcpy(keep, s_ptr, 32);
        negate_mod(s_ptr, order);
        assert_int_equal(seal_sui_verify_personal_message(a, msg, len, sig, n),
                         SEAL_ERR_INVALID_SIGNATURE);
        memcpy(s_ptr, keep, 32);
        assert_int_equal(seal_sui_verify_personal_message(a, msg, len, sig, n), SEAL_OK);
        for (size_t k = 1; k < n; k++) {
            assert_int_equal(seal_sui_verify_personal_message(a, msg, len, sig, k),
                             SEAL_ERR_INVALID_ENCODING);
        }
        free(msg);
    }
}

/* The whole user-facing check of a fetch_key body, as sui.h describes it, on the SDK's and the
 * spec's request bodies; and a tampered field in each position fails. */
static seal_err check_fetch_key_body(const json_t *body) {
    const json_t *cert = json_object_get(body, "certificate");
    uint8_t ptb_bytes[2048], ek[48], evk[96], rsig[64], vk[32], user[32], usig[200];
    size_t ptb_len = 0, n = 0;
    const char *t = tu_str(body, "ptb");
    seal_err err;
    if ((err = seal_sui_base64_decode(ptb_bytes, sizeof ptb_bytes, &ptb_len, t, strlen(t))) !=
        SEAL_OK) {
        return err;
    }
    seal_sui_ptb *ptb = NULL;
    if ((err = seal_sui_ptb_decode(&ptb, ptb_bytes, ptb_len)) != SEAL_OK) {
        return err;
    }
    /* Re-encode (canonical bytes are what the session key signed). */
    uint8_t canon[2048];
    seal_bcs_writer w;
    seal_bcs_writer_init(&w, canon, sizeof canon);
    err = seal_sui_ptb_encode(&w, ptb);
    seal_sui_ptb_free(ptb);
    if (err != SEAL_OK) {
        return err;
    }
    assert_int_equal(w.len, ptb_len);
    t = tu_str(body, "enc_key");
    if ((err = seal_sui_base64_decode(ek, 48, &n, t, strlen(t))) != SEAL_OK || n != 48) {
        return SEAL_ERR_INVALID_ENCODING;
    }
    t = tu_str(body, "enc_verification_key");
    if ((err = seal_sui_base64_decode(evk, 96, &n, t, strlen(t))) != SEAL_OK || n != 96) {
        return SEAL_ERR_INVALID_ENCODING;
    }
    t = tu_str(body, "request_signature");
    if ((err = seal_sui_base64_decode(rsig, 64, &n, t, strlen(t))) != SEAL_OK || n != 64) {
        return SEAL_ERR_INVALID_ENCODING;
    }
    t = tu_str(cert, "session_vk");
    if ((err = seal_sui_base64_decode(vk, 32, &n, t, strlen(t))) != SEAL_OK || n != 32) {
        return SEAL_ERR_INVALID_ENCODING;
    }
    if ((err = seal_sui_address_parse(user, tu_str(cert, "user"))) != SEAL_OK) {
        return err;
    }
    t = tu_str(cert, "signature");
    if ((err = seal_sui_base64_decode(usig, sizeof usig, &n, t, strlen(t))) != SEAL_OK) {
        return err;
    }
    /* Certificate: package name = MVR name, or the first package id of the PTB. */
    const json_t *mvr = json_object_get(cert, "mvr_name");
    char pkg[SEAL_SUI_ADDRESS_HEX_BYTES];
    seal_sui_ptb *p2 = NULL;
    if ((err = seal_sui_ptb_decode(&p2, canon, w.len)) != SEAL_OK) {
        return err;
    }
    seal_sui_address_format(pkg, p2->commands[0].package);
    seal_sui_ptb_free(p2);
    err = seal_sui_certificate_verify(
        user, json_is_string(mvr) ? json_string_value(mvr) : pkg, vk,
        (uint64_t)json_integer_value(json_object_get(cert, "creation_time")),
        (uint16_t)json_integer_value(json_object_get(cert, "ttl_min")), usig, n);
    if (err != SEAL_OK) {
        return err;
    }
    uint8_t req[4096];
    seal_bcs_writer_init(&w, req, sizeof req);
    seal_sui_request_bytes_write(&w, canon, ptb_len, ek, evk);
    return seal_sui_ed25519_verify(rsig, vk, req, w.len);
}

static void test_fetch_key_bodies(void **state) {
    (void)state;
    json_t *sdk = tu_load_json("sdk/session.json");
    json_t *cases = json_object_get(sdk, "cases");
    size_t checked = 0;
    for (size_t i = 0; i < json_array_size(cases); i++) {
        json_t *body =
            json_object_get(json_object_get(json_array_get(cases, i), "fetch_key_http"), "body");
        assert_int_equal(check_fetch_key_body(body), SEAL_OK);
        checked++;
        /* Swap in another case's enc_key: the session signature no longer verifies. */
        json_t *other =
            json_object_get(json_object_get(json_array_get(cases, (i + 1) % json_array_size(cases)),
                                            "fetch_key_http"),
                            "body");
        json_t *copy = json_deep_copy(body);
        json_object_set(copy, "enc_key", json_object_get(other, "enc_key"));
        assert_int_equal(check_fetch_key_body(copy), SEAL_ERR_INVALID_SIGNATURE);
        json_decref(copy);
        copy = json_deep_copy(body);
        json_t *cert = json_object_get(copy, "certificate");
        json_object_set_new(cert, "ttl_min",
                            json_integer(json_integer_value(json_object_get(cert, "ttl_min")) + 1));
        assert_int_equal(check_fetch_key_body(copy), SEAL_ERR_INVALID_SIGNATURE);
        json_decref(copy);
    }
    json_decref(sdk);
    json_t *spec = tu_load_json("spec/session_and_request.json");
    json_t *vectors = json_object_get(spec, "vectors");
    for (size_t i = 0; i < json_array_size(vectors); i++) {
        const json_t *body = json_object_get(json_array_get(vectors, i), "fetch_key_body_json");
        if (body != NULL) {
            assert_int_equal(check_fetch_key_body(body), SEAL_OK);
            checked++;
        }
    }
    assert_int_equal(checked, 4);
    json_decref(spec);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_key_vectors),
        cmocka_unit_test(test_personal_message_vectors),
        cmocka_unit_test(test_transaction_signature_vectors),
        cmocka_unit_test(test_seal_session_signatures),
        cmocka_unit_test(test_tampering),
        cmocka_unit_test(test_ecdsa_high_s_and_range),
        cmocka_unit_test(test_ed25519_rejects_noncanonical_s),
        cmocka_unit_test(test_round_trips),
        cmocka_unit_test(test_multisig_vectors),
        cmocka_unit_test(test_multisig_rules),
        cmocka_unit_test(test_zklogin),
        cmocka_unit_test(test_passkey),
        cmocka_unit_test(test_fetch_key_bodies),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
