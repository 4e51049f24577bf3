/* Seeded mutation tests of the Sui decoders: no input crashes them, and every input they accept
 * re-encodes to exactly the same bytes (strict decoding means a bijection with the encoder). */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "seal/sui.h"
#include "seal/sui_object.h"
#include "seal/sui_sig.h"
#include "seal/sui_tx.h"

#define ROUNDS 3000

typedef enum kind {
    K_PTB,
    K_KIND,
    K_TX,
    K_MULTISIG,
    K_TYPE_TAG,
    K_OBJECT,
    K_UNSUPPORTED_SIG,
    K_PASSKEY
} kind;

/* Decodes buf as `k`; on success re-encodes and requires identical bytes. Returns 1 when
 * accepted. */
static int check(kind k, const uint8_t *buf, size_t len) {
    uint8_t *out = malloc(len + 16);
    seal_bcs_writer w;
    seal_bcs_writer_init(&w, out, len + 16);
    int accepted = 0;
    seal_err err;
    switch (k) {
    case K_PTB:
    case K_KIND: {
        seal_sui_ptb *p = NULL;
        err = k == K_PTB ? seal_sui_ptb_decode(&p, buf, len)
                         : seal_sui_transaction_kind_decode(&p, buf, len);
        if (err == SEAL_OK) {
            err = k == K_PTB ? seal_sui_ptb_encode(&w, p) : seal_sui_transaction_kind_encode(&w, p);
            assert_int_equal(err, SEAL_OK);
            accepted = 1;
        } else {
            assert_null(p);
        }
        seal_sui_ptb_free(p);
        break;
    }
    case K_TX: {
        seal_sui_transaction_data *t = NULL;
        err = seal_sui_transaction_data_decode(&t, buf, len);
        if (err == SEAL_OK) {
            assert_int_equal(seal_sui_transaction_data_encode(&w, t), SEAL_OK);
            accepted = 1;
        } else {
            assert_null(t);
        }
        seal_sui_transaction_data_free(t);
        break;
    }
    case K_MULTISIG: {
        seal_sui_multisig ms;
        if (seal_sui_multisig_decode(&ms, buf, len) == SEAL_OK) {
            assert_int_equal(seal_sui_multisig_encode(&w, &ms), SEAL_OK);
            accepted = 1;
        }
        /* Verification of arbitrary bytes must fail cleanly. */
        uint8_t a[32] = {0}, d[32] = {0};
        assert_int_not_equal(seal_sui_verify_digest(a, d, buf, len), SEAL_OK);
        break;
    }
    case K_UNSUPPORTED_SIG: {
        /* zkLogin / passkey: parsed only; well-formed ones are "unsupported". */
        uint8_t a[32] = {0}, d[32] = {0};
        err = seal_sui_verify_digest(a, d, buf, len);
        assert_true(err == SEAL_ERR_UNSUPPORTED_SIGNATURE_SCHEME ||
                    err == SEAL_ERR_INVALID_ENCODING || err == SEAL_ERR_INVALID_SIGNATURE);
        if (err == SEAL_ERR_UNSUPPORTED_SIGNATURE_SCHEME) {
            memcpy(out, buf, len);
            w.len = len;
            accepted = 1;
        }
        break;
    }
    case K_PASSKEY: {
        seal_sui_passkey_signature p;
        uint8_t a[32] = {0}, d[32] = {0};
        assert_int_not_equal(seal_sui_verify_digest(a, d, buf, len), SEAL_OK);
        if (seal_sui_passkey_signature_parse(&p, buf, len) == SEAL_OK) {
            memcpy(out, buf, len);
            w.len = len;
            accepted = 1;
        }
        break;
    }
    case K_OBJECT: {
        seal_sui_object o;
        if (seal_sui_object_decode(&o, buf, len) == SEAL_OK) {
            assert_int_equal(seal_sui_object_encode(&w, &o), SEAL_OK);
            accepted = 1;
        }
        break;
    }
    case K_TYPE_TAG: {
        if (seal_sui_type_tag_validate(buf, len) == SEAL_OK) {
            char text[SEAL_SUI_TYPE_TAG_TEXT_MAX];
            size_t n = 0;
            assert_int_equal(seal_sui_type_tag_format(text, sizeof text, buf, len, false), SEAL_OK);
            assert_int_equal(seal_sui_type_tag_parse(out, len + 16, &n, text), SEAL_OK);
            w.len = n;
            accepted = 1;
        }
        break;
    }
    }
    if (accepted) {
        assert_int_equal(w.len, len);
        assert_memory_equal(out, buf, len);
    }
    free(out);
    return accepted;
}

static void mutate_all(kind k, const uint8_t *seed, size_t len, uint64_t rng_seed) {
    tu_rng r;
    tu_rng_init(&r, rng_seed);
    assert_int_equal(check(k, seed, len), 1);
    uint8_t *buf = malloc(len + 8);
    size_t accepted = 0;
    for (int round = 0; round < ROUNDS; round++) {
        memcpy(buf, seed, len);
        size_t n = len;
        uint8_t rnd[8];
        tu_rng_bytes(&r, rnd, sizeof rnd);
        size_t pos = (size_t)(rnd[1] | rnd[2] << 8) % len;
        switch (rnd[0] % 5) {
        case 0: /* flip one bit */
            buf[pos] ^= (uint8_t)(1u << (rnd[3] & 7));
            break;
        case 1: /* replace a byte */
            buf[pos] = rnd[3];
            break;
        case 2: /* truncate */
            n = pos;
            break;
        case 3: /* insert a byte */
            memmove(buf + pos + 1, buf + pos, len - pos);
            buf[pos] = rnd[3];
            n = len + 1;
            break;
        default: /* delete a byte */
            memmove(buf + pos, buf + pos + 1, len - pos - 1);
            n = len - 1;
            break;
        }
        accepted += (size_t)check(k, buf, n);
    }
    /* Some mutations (e.g. inside pure bytes or digests) stay valid; most do not. */
    assert_true(accepted > 0);
    assert_true(accepted < ROUNDS);
    free(buf);
}

static void test_mutations(void **state) {
    (void)state;
    json_t *sui = tu_load_json("sui/sui.json");
    size_t len = 0;
    uint8_t *b = tu_hex_alloc(tu_str(json_object_get(sui, "ptb"), "ptb_bcs_hex"), &len);
    mutate_all(K_PTB, b, len, 1);
    free(b);
    b = tu_hex_alloc(tu_str(json_object_get(sui, "ptb"), "transaction_kind_bcs_hex"), &len);
    mutate_all(K_KIND, b, len, 2);
    free(b);
    b = tu_hex_alloc(tu_str(json_array_get(json_object_get(sui, "transactions"), 0), "tx_data_hex"),
                     &len);
    mutate_all(K_TX, b, len, 3);
    free(b);
    const json_t *ms = json_array_get(json_object_get(sui, "multisig"), 0);
    const char *sig = tu_str(ms, "signature_b64");
    uint8_t raw[1024];
    assert_int_equal(seal_sui_base64_decode(raw, sizeof raw, &len, sig, strlen(sig)), SEAL_OK);
    mutate_all(K_MULTISIG, raw, len, 4);
    const json_t *tags = json_object_get(sui, "type_tags");
    b = tu_hex_alloc(tu_str(json_array_get(tags, json_array_size(tags) - 1), "bcs_hex"), &len);
    mutate_all(K_TYPE_TAG, b, len, 5);
    free(b);
    const json_t *unsupported = json_object_get(sui, "unsupported_signatures");
    for (size_t i = 0; i < json_array_size(unsupported); i++) {
        sig = tu_str(json_array_get(unsupported, i), "signature_b64");
        assert_int_equal(seal_sui_base64_decode(raw, sizeof raw, &len, sig, strlen(sig)), SEAL_OK);
        mutate_all(K_UNSUPPORTED_SIG, raw, len, 20 + i);
    }
    const json_t *passkeys = json_object_get(sui, "passkey_signatures");
    for (size_t i = 0; i < json_array_size(passkeys); i++) {
        sig = tu_str(json_array_get(passkeys, i), "signature_b64");
        assert_int_equal(seal_sui_base64_decode(raw, sizeof raw, &len, sig, strlen(sig)), SEAL_OK);
        mutate_all(K_PASSKEY, raw, len, 30 + i);
    }
    const json_t *objects = json_object_get(sui, "objects");
    for (size_t i = 0; i < json_array_size(objects); i++) {
        b = tu_hex_alloc(tu_str(json_array_get(objects, i), "bcs_hex"), &len);
        mutate_all(K_OBJECT, b, len, 10 + i);
        free(b);
    }
    json_decref(sui);
}

/* Random text into every parser of outside text: no crash, outputs wiped on failure. */
static void test_random_text(void **state) {
    (void)state;
    tu_rng r;
    tu_rng_init(&r, 99);
    static const char alphabet[] =
        "0123456789abcdefxXqpzry9x8gf2tvdw0s3jn54khce6mua7l1=+/ABZ<>:, _";
    for (int round = 0; round < 20000; round++) {
        uint8_t rnd[80];
        tu_rng_bytes(&r, rnd, sizeof rnd);
        size_t n = rnd[0] % 75;
        char text[80];
        for (size_t i = 0; i < n; i++) {
            text[i] = alphabet[rnd[1 + i] % (sizeof alphabet - 1)];
        }
        text[n] = '\0';
        uint8_t out[128];
        size_t len = 0;
        if (seal_sui_address_parse(out, text) != SEAL_OK) {
            for (int i = 0; i < 32; i++) {
                assert_int_equal(out[i], 0);
            }
        }
        (void)!seal_sui_base64_decode(out, sizeof out, &len, text, n);
        (void)!seal_sui_base58_decode(out, sizeof out, &len, text);
        (void)!seal_sui_digest_parse(out, text);
        seal_sui_keypair kp;
        if (seal_sui_keypair_from_bech32(&kp, text) == SEAL_OK) {
            seal_sui_keypair_clear(&kp);
        }
        if (seal_sui_keypair_from_keystore(&kp, text) == SEAL_OK) {
            seal_sui_keypair_clear(&kp);
        }
        if (seal_sui_type_tag_parse(out, sizeof out, &len, text) == SEAL_OK) {
            assert_int_equal(seal_sui_type_tag_validate(out, len), SEAL_OK);
        }
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mutations),
        cmocka_unit_test(test_random_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
