/* Sui basics: addresses, base64/base58/bech32 text forms, intents, object ids, and the Seal
 * certificate message and request bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "seal/sui.h"
#include "seal/sui_sig.h"
#include "seal/sui_tx.h"
#include "sui/internal.h"

static void test_addresses(void **state) {
    (void)state;
    json_t *sui = tu_load_json("sui/sui.json");
    json_t *list = json_object_get(sui, "addresses");
    assert_true(json_array_size(list) >= 5);
    for (size_t i = 0; i < json_array_size(list); i++) {
        const json_t *a = json_array_get(list, i);
        uint8_t b[32];
        assert_int_equal(seal_sui_address_parse(b, tu_str(a, "input")), SEAL_OK);
        char text[SEAL_SUI_ADDRESS_HEX_BYTES];
        seal_sui_address_format(text, b);
        assert_string_equal(text, tu_str(a, "normalized"));
    }
    json_decref(sui);
    uint8_t b[32];
    char text[SEAL_SUI_ADDRESS_HEX_BYTES];
    assert_int_equal(seal_sui_address_parse(b, "0X00ab"), SEAL_OK);
    seal_sui_address_format_short(text, b);
    assert_string_equal(text, "0xab");
    memset(b, 0, 32);
    seal_sui_address_format_short(text, b);
    assert_string_equal(text, "0x0");
    memset(b, 0xff, 32);
    seal_sui_address_format_short(text, b);
    assert_int_equal(strlen(text), 66);
    static const char *bad[] = {
        "",
        "0x",
        "2",
        "x2",
        "0x2g",
        "0x 2",
        " 0x2",
        "0x-1",
        "00x2",
        "0x"
        "00000000000000000000000000000000000000000000000000000000000000001"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        memset(b, 0xaa, 32);
        assert_int_equal(seal_sui_address_parse(b, bad[i]), SEAL_ERR_INVALID_ENCODING);
        for (int j = 0; j < 32; j++) {
            assert_int_equal(b[j], 0);
        }
    }
    assert_int_equal(seal_sui_address_parse(b, NULL), SEAL_ERR_INVALID_ENCODING);
    uint8_t pk[33] = {0};
    assert_int_equal(seal_sui_address_from_public_key(b, SEAL_SUI_SCHEME_ED25519, pk, 33),
                     SEAL_ERR_INVALID_ARGUMENT);
    assert_int_equal(seal_sui_address_from_public_key(b, SEAL_SUI_SCHEME_MULTISIG, pk, 33),
                     SEAL_ERR_INVALID_ARGUMENT);
    /* BLAKE2b-256 known answer: BLAKE2b-256("abc") (RFC 7693 family, 32-byte output). */
    uint8_t h[32], want[32];
    seal_sui_blake2b256(h, (const uint8_t *)"ab", 2, (const uint8_t *)"c", 1);
    tu_hex(want, 32, "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319", 1);
    tu_assert_bytes(h, want, 32, "blake2b-256(abc)");
}

static void test_base64(void **state) {
    (void)state;
    static const char *pairs[][2] = {{"", ""},
                                     {"f", "Zg=="},
                                     {"fo", "Zm8="},
                                     {"foo", "Zm9v"},
                                     {"foob", "Zm9vYg=="},
                                     {"fooba", "Zm9vYmE="},
                                     {"foobar", "Zm9vYmFy"}};
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        const char *in = pairs[i][0];
        char out[16];
        seal_sui_base64_encode(out, (const uint8_t *)in, strlen(in));
        assert_string_equal(out, pairs[i][1]);
        assert_int_equal(seal_sui_base64_encoded_len(strlen(in)), strlen(pairs[i][1]));
        uint8_t back[16];
        size_t n = 99;
        assert_int_equal(seal_sui_base64_decode(back, sizeof back, &n, out, strlen(out)), SEAL_OK);
        assert_int_equal(n, strlen(in));
        assert_memory_equal(back, in, n);
    }
    uint8_t all[256];
    for (int i = 0; i < 256; i++) {
        all[i] = (uint8_t)i;
    }
    char enc[400];
    seal_sui_base64_encode(enc, all, 256);
    uint8_t dec[256];
    size_t n = 0;
    assert_int_equal(seal_sui_base64_decode(dec, sizeof dec, &n, enc, strlen(enc)), SEAL_OK);
    assert_int_equal(n, 256);
    assert_memory_equal(dec, all, 256);
    assert_int_equal(seal_sui_base64_decode(dec, 255, &n, enc, strlen(enc)), SEAL_ERR_LIMIT);
    static const char *bad[] = {"Zg=",      "Zg",     "Zh==", "Zm9=", "Z===", "====",
                                "Zm9v=Zm9", "Zm9v\n", "Zm 9", "Zm-v", "Zm_v", "=Zm9"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(seal_sui_base64_decode(dec, sizeof dec, &n, bad[i], strlen(bad[i])),
                         SEAL_ERR_INVALID_ENCODING);
        assert_int_equal(n, 0);
    }
}

static void test_base58_and_digests(void **state) {
    (void)state;
    json_t *sui = tu_load_json("sui/sui.json");
    json_t *fresh = json_object_get(sui, "fresh_object_ids");
    assert_true(json_array_size(fresh) >= 3);
    for (size_t i = 0; i < json_array_size(fresh); i++) {
        const json_t *f = json_array_get(fresh, i);
        uint8_t d[32], want[32];
        tu_hex(want, 32, tu_str(f, "tx_digest_hex"), 1);
        assert_int_equal(seal_sui_digest_parse(d, tu_str(f, "tx_digest_base58")), SEAL_OK);
        tu_assert_bytes(d, want, 32, "digest");
        char text[SEAL_SUI_DIGEST_BASE58_BYTES];
        seal_sui_digest_format(text, d);
        assert_string_equal(text, tu_str(f, "tx_digest_base58"));
        /* Object id created by that transaction. */
        uint8_t id[32], want_id[32];
        seal_sui_object_id_from_transaction(
            id, d, (uint64_t)json_integer_value(json_object_get(f, "creation_index")));
        assert_int_equal(seal_sui_address_parse(want_id, tu_str(f, "object_id")), SEAL_OK);
        tu_assert_bytes(id, want_id, 32, "fresh object id");
    }
    json_decref(sui);
    /* Leading zeros map to '1's. */
    uint8_t in[4] = {0, 0, 1, 2};
    char text[16];
    assert_int_equal(seal_sui_base58_encode(text, sizeof text, in, 4), SEAL_OK);
    assert_string_equal(text, "115T");
    uint8_t out[8];
    size_t n = 0;
    assert_int_equal(seal_sui_base58_decode(out, sizeof out, &n, "115T"), SEAL_OK);
    assert_int_equal(n, 4);
    assert_memory_equal(out, in, 4);
    assert_int_equal(seal_sui_base58_encode(text, 4, in, 4), SEAL_ERR_LIMIT);
    assert_int_equal(seal_sui_base58_decode(out, sizeof out, &n, "0OIl"),
                     SEAL_ERR_INVALID_ENCODING);
    assert_int_equal(seal_sui_base58_decode(out, sizeof out, &n, "11111111111"), SEAL_ERR_LIMIT);
    uint8_t d[32];
    assert_int_equal(seal_sui_digest_parse(d, "115T"), SEAL_ERR_INVALID_ENCODING);
    assert_int_equal(seal_sui_digest_parse(d, ""), SEAL_ERR_INVALID_ENCODING);
}

static void test_bech32(void **state) {
    (void)state;
    json_t *sui = tu_load_json("sui/sui.json");
    const json_t *key = json_array_get(json_object_get(sui, "keys"), 1);
    const char *good = tu_str(key, "bech32");
    seal_sui_keypair kp;
    assert_int_equal(seal_sui_keypair_from_bech32(&kp, good), SEAL_OK);
    assert_int_equal(kp.scheme, SEAL_SUI_SCHEME_SECP256K1);
    /* Upper case is accepted (BIP-173), mixed case is not. */
    char text[128];
    strcpy(text, good);
    for (char *p = text; *p; p++) {
        if (*p >= 'a' && *p <= 'z') {
            *p = (char)(*p - 'a' + 'A');
        }
    }
    assert_int_equal(seal_sui_keypair_from_bech32(&kp, text), SEAL_OK);
    text[0] = 's';
    assert_int_equal(seal_sui_keypair_from_bech32(&kp, text), SEAL_ERR_INVALID_ENCODING);
    /* Each single-character change breaks the checksum. */
    size_t len = strlen(good);
    for (size_t i = 11; i < len; i++) {
        strcpy(text, good);
        text[i] = text[i] == 'q' ? 'p' : 'q';
        assert_int_equal(seal_sui_keypair_from_bech32(&kp, text), SEAL_ERR_INVALID_ENCODING);
        for (size_t j = 0; j < sizeof kp; j++) {
            assert_int_equal(((uint8_t *)&kp)[j], 0);
        }
    }
    /* Truncated, extended, empty, no separator. */
    strcpy(text, good);
    text[len - 1] = '\0';
    assert_int_equal(seal_sui_keypair_from_bech32(&kp, text), SEAL_ERR_INVALID_ENCODING);
    assert_int_equal(seal_sui_keypair_from_bech32(&kp, ""), SEAL_ERR_INVALID_ENCODING);
    assert_int_equal(seal_sui_keypair_from_bech32(&kp, "suiprivkey"), SEAL_ERR_INVALID_ENCODING);
    /* Valid checksums with the wrong HRP or the wrong length. */
    uint8_t data[34];
    data[0] = 0x00;
    memset(data + 1, 0x11, 33);
    assert_int_equal(seal__sui_bech32_encode(text, sizeof text, "suiprivkex", data, 33), SEAL_OK);
    assert_int_equal(seal_sui_keypair_from_bech32(&kp, text), SEAL_ERR_INVALID_ENCODING);
    assert_int_equal(seal__sui_bech32_encode(text, sizeof text, "suiprivkey", data, 33), SEAL_OK);
    assert_int_equal(seal_sui_keypair_from_bech32(&kp, text), SEAL_OK);
    assert_int_equal(seal__sui_bech32_encode(text, sizeof text, "suiprivkey", data, 32), SEAL_OK);
    assert_int_equal(seal_sui_keypair_from_bech32(&kp, text), SEAL_ERR_INVALID_ENCODING);
    assert_int_equal(seal__sui_bech32_encode(text, sizeof text, "suiprivkey", data, 34), SEAL_OK);
    assert_int_equal(seal_sui_keypair_from_bech32(&kp, text), SEAL_ERR_INVALID_ENCODING);
    /* Valid encoding, unusable key: multisig flag, secp256k1 secret >= n. */
    data[0] = 0x03;
    assert_int_equal(seal__sui_bech32_encode(text, sizeof text, "suiprivkey", data, 33), SEAL_OK);
    assert_int_equal(seal_sui_keypair_from_bech32(&kp, text), SEAL_ERR_INVALID_KEY);
    data[0] = 0x01;
    memset(data + 1, 0xff, 32);
    assert_int_equal(seal__sui_bech32_encode(text, sizeof text, "suiprivkey", data, 33), SEAL_OK);
    assert_int_equal(seal_sui_keypair_from_bech32(&kp, text), SEAL_ERR_INVALID_KEY);
    /* bech32m checksum (constant 0x2bc830a3) is not bech32. BIP-350 test vector of an
     * all-valid bech32m string: */
    assert_int_equal(seal__sui_bech32_decode(data, 0, "a", "a1lqfn3a"), SEAL_ERR_INVALID_ENCODING);
    /* BIP-173 valid vector with empty data. */
    assert_int_equal(seal__sui_bech32_decode(data, 0, "a", "a12uel5l"), SEAL_OK);
    /* Keystore rejections. */
    assert_int_equal(seal_sui_keypair_from_keystore(&kp, tu_str(key, "keystore_b64")), SEAL_OK);
    assert_int_equal(seal_sui_keypair_from_keystore(&kp, "AZYZ"), SEAL_ERR_INVALID_ENCODING);
    assert_int_equal(seal_sui_keypair_from_keystore(&kp, "not base64!"), SEAL_ERR_INVALID_ENCODING);
    strcpy(text, tu_str(key, "keystore_b64"));
    text[0] = 'B'; /* flag 0x05 (zkLogin) */
    assert_int_equal(seal_sui_keypair_from_keystore(&kp, text), SEAL_ERR_INVALID_KEY);
    json_decref(sui);
}

static void test_object_ids(void **state) {
    (void)state;
    json_t *spec = tu_load_json("spec/session_and_request.json");
    json_t *vectors = json_object_get(spec, "vectors");
    size_t checked = 0;
    for (size_t i = 0; i < json_array_size(vectors); i++) {
        const json_t *v = json_array_get(vectors, i);
        if (strcmp(tu_str(v, "name"), "sui_object_id_derivations") != 0) {
            continue;
        }
        const json_t *cases = json_object_get(v, "cases");
        for (size_t k = 0; k < json_array_size(cases); k++) {
            const json_t *c = json_array_get(cases, k);
            uint8_t parent[32], want[32], id[32], key[64], tag[256];
            assert_int_equal(seal_sui_address_parse(parent, tu_str(c, "parent")), SEAL_OK);
            assert_int_equal(seal_sui_address_parse(want, tu_str(c, "expected")), SEAL_OK);
            size_t key_len = tu_hex(key, sizeof key, tu_str(c, "key_bcs"), 0);
            size_t tag_len = 0;
            assert_int_equal(
                seal_sui_type_tag_parse(tag, sizeof tag, &tag_len, tu_str(c, "key_type")), SEAL_OK);
            if (strncmp(tu_str(c, "kind"), "derived_object", 14) == 0) {
                assert_int_equal(seal_sui_derived_object_id(id, parent, tag, tag_len, key, key_len),
                                 SEAL_OK);
            } else {
                assert_int_equal(seal_sui_dynamic_field_id(id, parent, tag, tag_len, key, key_len),
                                 SEAL_OK);
            }
            tu_assert_bytes(id, want, 32, tu_str(c, "kind"));
            if (strstr(tu_str(c, "kind"), "alias") != NULL) {
                seal_sui_address_alias_id(id, key);
                tu_assert_bytes(id, want, 32, "address alias id");
            }
            checked++;
        }
    }
    assert_int_equal(checked, 4);
    json_decref(spec);

    json_t *sui = tu_load_json("sui/sui.json");
    json_t *derived = json_object_get(sui, "derived_ids");
    for (size_t i = 0; i < json_array_size(derived); i++) {
        const json_t *c = json_array_get(derived, i);
        uint8_t parent[32], want[32], id[32], key[64], tag[256];
        assert_int_equal(seal_sui_address_parse(parent, tu_str(c, "parent")), SEAL_OK);
        size_t key_len = tu_hex(key, sizeof key, tu_str(c, "key_bcs_hex"), 0);
        size_t tag_len = 0;
        assert_int_equal(seal_sui_type_tag_parse(tag, sizeof tag, &tag_len, tu_str(c, "key_type")),
                         SEAL_OK);
        assert_int_equal(seal_sui_derived_object_id(id, parent, tag, tag_len, key, key_len),
                         SEAL_OK);
        assert_int_equal(seal_sui_address_parse(want, tu_str(c, "derived_object_id")), SEAL_OK);
        tu_assert_bytes(id, want, 32, "derived object id");
        assert_int_equal(seal_sui_dynamic_field_id(id, parent, tag, tag_len, key, key_len),
                         SEAL_OK);
        assert_int_equal(seal_sui_address_parse(want, tu_str(c, "dynamic_field_id")), SEAL_OK);
        tu_assert_bytes(id, want, 32, "dynamic field id");
    }
    json_decref(sui);

    /* Key-server dynamic fields as the Seal SDK reads them: name u64 v under the KeyServer. */
    json_t *ks = tu_load_json("sdk/keyserver_objects.json");
    json_t *kcases = json_object_get(ks, "cases");
    assert_true(json_array_size(kcases) >= 2);
    for (size_t i = 0; i < json_array_size(kcases); i++) {
        const json_t *c = json_array_get(kcases, i);
        uint8_t parent[32], want[32], id[32], key[8], tag[256];
        assert_int_equal(seal_sui_address_parse(parent, tu_str(c, "object_id")), SEAL_OK);
        tu_hex(key, 8, tu_str(c, "dynamic_field_name_bcs_hex"), 1);
        size_t tag_len = 0;
        assert_int_equal(seal_sui_type_tag_parse(tag, sizeof tag, &tag_len,
                                                 tu_str(c, "dynamic_field_name_type")),
                         SEAL_OK);
        assert_int_equal(seal_sui_dynamic_field_id(id, parent, tag, tag_len, key, 8), SEAL_OK);
        assert_int_equal(seal_sui_address_parse(want, tu_str(c, "dynamic_field_id")), SEAL_OK);
        tu_assert_bytes(id, want, 32, "key server dynamic field id");
        /* The field's Move type in Sui's short text form survives a BCS round trip. */
        const char *type = tu_str(c, "dynamic_field_type");
        char text[512];
        assert_int_equal(seal_sui_type_tag_parse(tag, sizeof tag, &tag_len, type), SEAL_OK);
        assert_int_equal(seal_sui_type_tag_format(text, sizeof text, tag, tag_len, false), SEAL_OK);
        assert_string_equal(text, type);
    }
    json_decref(ks);

    uint8_t id[32], parent[32] = {0};
    static const uint8_t bad_tag[1] = {0x0b};
    assert_int_equal(seal_sui_dynamic_field_id(id, parent, bad_tag, 1, NULL, 0),
                     SEAL_ERR_INVALID_ENCODING);
}

static void test_certificate_messages(void **state) {
    (void)state;
    json_t *spec = tu_load_json("spec/session_and_request.json");
    json_t *vectors = json_object_get(spec, "vectors");
    size_t checked = 0;
    for (size_t i = 0; i < json_array_size(vectors); i++) {
        const json_t *v = json_array_get(vectors, i);
        const char *name = tu_str(v, "name");
        char msg[SEAL_SUI_CERT_MESSAGE_MAX];
        size_t len = 0;
        if (strncmp(name, "signed_message_", 15) == 0) {
            uint8_t vk[32];
            size_t n = 0;
            const char *b = tu_str(v, "session_vk_base64");
            assert_int_equal(seal_sui_base64_decode(vk, 32, &n, b, strlen(b)), SEAL_OK);
            uint64_t t = (uint64_t)json_integer_value(json_object_get(v, "creation_time_ms"));
            uint16_t ttl = (uint16_t)json_integer_value(json_object_get(v, "ttl_min"));
            const char *pkg = tu_str(v, "package_name");
            assert_int_equal(seal_sui_certificate_message(msg, sizeof msg, &len, pkg, vk, t, ttl),
                             SEAL_OK);
            assert_string_equal(msg, tu_str(v, "output"));
            assert_int_equal(len, strlen(msg));
            uint8_t id[32];
            if (seal_sui_address_parse(id, pkg) == SEAL_OK) {
                assert_int_equal(
                    seal_sui_certificate_message_for_package(msg, sizeof msg, NULL, id, vk, t, ttl),
                    SEAL_OK);
                assert_string_equal(msg, tu_str(v, "output"));
            }
            checked++;
        } else if (strcmp(name, "full_fetch_key_request_example") == 0) {
            uint8_t vk[32], id[32], digest[32], want[32];
            tu_hex(vk, 32, tu_str(v, "session_ed25519_public_key"), 1);
            assert_int_equal(seal_sui_address_parse(id, tu_str(v, "package_id")), SEAL_OK);
            assert_int_equal(
                seal_sui_certificate_message_for_package(
                    msg, sizeof msg, &len, id, vk,
                    (uint64_t)json_integer_value(json_object_get(v, "creation_time_ms")),
                    (uint16_t)json_integer_value(json_object_get(v, "ttl_min"))),
                SEAL_OK);
            assert_string_equal(msg, tu_str(v, "personal_message"));
            assert_int_equal(seal_sui_personal_message_digest(digest, (const uint8_t *)msg, len),
                             SEAL_OK);
            tu_hex(want, 32, tu_str(v, "intent_digest_blake2b256"), 1);
            tu_assert_bytes(digest, want, 32, "certificate digest");
            /* Request bytes. */
            size_t ptb_len = 0, want_len = 0;
            uint8_t *ptb = tu_hex_alloc(tu_str(v, "ptb_bcs_hex"), &ptb_len);
            uint8_t *req = tu_hex_alloc(tu_str(v, "signed_request_hex"), &want_len);
            uint8_t ek[48], evk[96];
            tu_hex(ek, 48, tu_str(v, "enc_key"), 1);
            tu_hex(evk, 96, tu_str(v, "enc_verification_key"), 1);
            uint8_t *buf = malloc(want_len);
            seal_bcs_writer w;
            seal_bcs_writer_init(&w, buf, want_len);
            seal_sui_request_bytes_write(&w, ptb, ptb_len, ek, evk);
            assert_int_equal(seal_bcs_writer_finish(&w), SEAL_OK);
            assert_int_equal(w.len, want_len);
            tu_assert_bytes(buf, req, want_len, "request bytes");
            free(buf);
            free(req);
            free(ptb);
            checked++;
        } else if (strcmp(name, "signed_request_regression") == 0) {
            size_t ptb_len = 0, want_len = 0;
            uint8_t *ptb = tu_hex_alloc(tu_str(v, "ptb_bcs"), &ptb_len);
            uint8_t *req = tu_hex_alloc(tu_str(v, "output"), &want_len);
            uint8_t ek[48], evk[97];
            tu_hex(ek, 48, tu_str(v, "enc_key"), 1);
            /* This upstream vector spells the G2 key with its BCS length byte (60) in front. */
            tu_hex(evk, 97, tu_str(v, "enc_verification_key"), 1);
            assert_int_equal(evk[0], 0x60);
            uint8_t buf[512];
            seal_bcs_writer w;
            seal_bcs_writer_init(&w, buf, sizeof buf);
            seal_sui_request_bytes_write(&w, ptb, ptb_len, ek, evk + 1);
            assert_int_equal(w.len, want_len);
            tu_assert_bytes(buf, req, want_len, "request bytes (regression)");
            free(req);
            free(ptb);
            checked++;
        } else if (strcmp(name, "sui_personal_message_intent") == 0) {
            uint8_t digest[32], want[32];
            const char *m = tu_str(v, "message_utf8");
            assert_int_equal(
                seal_sui_personal_message_digest(digest, (const uint8_t *)m, strlen(m)), SEAL_OK);
            tu_hex(want, 32, tu_str(v, "blake2b256_digest"), 1);
            tu_assert_bytes(digest, want, 32, "hello digest");
            checked++;
        }
    }
    assert_int_equal(checked, 5);
    json_decref(spec);

    json_t *sdk = tu_load_json("sdk/session.json");
    json_t *cases = json_object_get(sdk, "cases");
    for (size_t i = 0; i < json_array_size(cases); i++) {
        const json_t *c = json_array_get(cases, i);
        uint8_t vk[32], digest[32], want[32];
        size_t n = 0;
        const char *b = tu_str(c, "session_vk_b64");
        assert_int_equal(seal_sui_base64_decode(vk, 32, &n, b, strlen(b)), SEAL_OK);
        const json_t *mvr = json_object_get(c, "mvr_name");
        const char *pkg = json_is_string(mvr) ? json_string_value(mvr) : tu_str(c, "package_id");
        char msg[SEAL_SUI_CERT_MESSAGE_MAX];
        size_t len = 0;
        assert_int_equal(seal_sui_certificate_message(
                             msg, sizeof msg, &len, pkg, vk,
                             (uint64_t)json_integer_value(json_object_get(c, "creation_time_ms")),
                             (uint16_t)json_integer_value(json_object_get(c, "ttl_min"))),
                         SEAL_OK);
        assert_string_equal(msg, tu_str(c, "personal_message_text"));
        assert_int_equal(seal_sui_personal_message_digest(digest, (const uint8_t *)msg, len),
                         SEAL_OK);
        tu_hex(want, 32, tu_str(c, "personal_message_digest_hex"), 1);
        tu_assert_bytes(digest, want, 32, "sdk certificate digest");
        /* Request bytes from the PTB and the ElGamal keys. */
        size_t ptb_len = 0, want_len = 0;
        uint8_t *ptb = tu_hex_alloc(tu_str(c, "ptb_bcs_hex"), &ptb_len);
        uint8_t *req = tu_hex_alloc(tu_str(c, "request_signed_bytes_hex"), &want_len);
        uint8_t ek[48], evk[96];
        tu_hex(ek, 48, tu_str(c, "enc_key_hex"), 1);
        tu_hex(evk, 96, tu_str(c, "enc_verification_key_hex"), 1);
        uint8_t buf[1024];
        seal_bcs_writer w;
        seal_bcs_writer_init(&w, buf, sizeof buf);
        seal_sui_request_bytes_write(&w, ptb, ptb_len, ek, evk);
        assert_int_equal(w.len, want_len);
        tu_assert_bytes(buf, req, want_len, "sdk request bytes");
        free(req);
        free(ptb);
    }
    json_decref(sdk);

    /* Edge cases: dates, argument checks, output size. */
    uint8_t vk[32] = {0};
    char msg[SEAL_SUI_CERT_MESSAGE_MAX];
    assert_int_equal(seal_sui_certificate_message(msg, sizeof msg, NULL, "@a/b", vk, 0, 1),
                     SEAL_OK);
    assert_non_null(strstr(msg, "from 1970-01-01 00:00:00 UTC"));
    assert_int_equal(
        seal_sui_certificate_message(msg, sizeof msg, NULL, "@a/b", vk, 951782400999u, 1), SEAL_OK);
    assert_non_null(strstr(msg, "from 2000-02-29 00:00:00 UTC"));
    assert_int_equal(
        seal_sui_certificate_message(msg, sizeof msg, NULL, "@a/b", vk, 4102444799000u, 1),
        SEAL_OK);
    assert_non_null(strstr(msg, "from 2099-12-31 23:59:59 UTC"));
    assert_int_equal(seal_sui_certificate_message(msg, sizeof msg, NULL, "", vk, 0, 1),
                     SEAL_ERR_INVALID_ARGUMENT);
    assert_int_equal(seal_sui_certificate_message(msg, sizeof msg, NULL, "a b", vk, 0, 1),
                     SEAL_ERR_INVALID_ARGUMENT);
    assert_int_equal(seal_sui_certificate_message(msg, 20, NULL, "@a/b", vk, 0, 1), SEAL_ERR_LIMIT);
    char longname[300];
    memset(longname, 'a', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    assert_int_equal(seal_sui_certificate_message(msg, sizeof msg, NULL, longname, vk, 0, 1),
                     SEAL_ERR_INVALID_ARGUMENT);
}

static seal_err cdj(const char *json) {
    uint8_t ch[32];
    return seal__sui_client_data_check((const uint8_t *)json, strlen(json), ch);
}

static void test_passkey_client_data(void **state) {
    (void)state;
    /* 43 characters of unpadded base64url = 32 bytes. */
#define CH "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"
    uint8_t ch[32];
    const char *ok =
        "{\"type\":\"webauthn.get\",\"challenge\":\"" CH "\",\"origin\":\"https://a.b\"}";
    assert_int_equal(seal__sui_client_data_check((const uint8_t *)ok, strlen(ok), ch), SEAL_OK);
    for (int i = 0; i < 32; i++) {
        assert_int_equal(ch[i], i);
    }
    assert_int_equal(
        cdj(" { \"origin\" : \"o\" , \"\\u0074ype\":\"webauthn.get\",\"challenge\":\"" CH
            "\",\"crossOrigin\":false,\"x\":[1,-2.5e3,{\"y\":null},true,\"\\ud83d\\ude00\"]} "),
        SEAL_OK);
    assert_int_equal(cdj("{\"type\":\"webauthn.get\",\"challenge\":\"" CH
                         "\",\"origin\":\"o\",\"crossOrigin\":null}"),
                     SEAL_OK);
    static const char *bad[] = {
        "",
        "{}",
        "[]",
        "{\"type\":\"webauthn.get\",\"challenge\":\"" CH "\"}", /* no origin */
        "{\"type\":\"webauthn.create\",\"challenge\":\"" CH "\",\"origin\":\"o\"}",
        "{\"type\":\"webauthn.get\",\"type\":\"webauthn.get\",\"challenge\":\"" CH
        "\",\"origin\":\"o\"}",
        "{\"type\":\"webauthn.get\",\"challenge\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh\","
        "\"origin\":\"o\"}",
        "{\"type\":\"webauthn.get\",\"challenge\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh+\","
        "\"origin\":\"o\"}",
        "{\"type\":\"webauthn.get\",\"challenge\":\"" CH
        "\",\"origin\":\"o\",\"crossOrigin\":\"no\"}",
        "{\"type\":\"webauthn.get\",\"challenge\":\"" CH "\",\"origin\":\"o\"}x",
        "{\"type\":\"webauthn.get\",\"challenge\":\"" CH "\",\"origin\":\"o\n\"}",
        "{\"type\":\"webauthn.get\",\"challenge\":\"" CH "\",\"origin\":\"\\ud800\"}",
        "{\"type\":\"webauthn.get\",\"challenge\":\"" CH "\",\"origin\":\"o\",\"n\":01}",
        "{\"type\":\"webauthn.get\",\"challenge\":\"" CH "\",\"origin\":\"o\",}",
        "{\"type\":\"webauthn.get\",\"challenge\":\"" CH "\",\"origin\":7}",
        "{\"type\":\"webauthn.get\" \"challenge\":\"" CH "\",\"origin\":\"o\"}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (cdj(bad[i]) != SEAL_ERR_INVALID_ENCODING) {
            fail_msg("accepted clientDataJSON #%zu: %s", i, bad[i]);
        }
    }
    /* Nesting beyond the cap. */
    char deep[256];
    size_t n = (size_t)snprintf(deep, sizeof deep,
                                "{\"type\":\"webauthn.get\",\"challenge\":\"" CH
                                "\",\"origin\":\"o\",\"d\":");
    for (int i = 0; i < 40; i++) {
        deep[n++] = '[';
    }
    for (int i = 0; i < 40; i++) {
        deep[n++] = ']';
    }
    deep[n++] = '}';
    deep[n] = '\0';
    assert_int_equal(cdj(deep), SEAL_ERR_INVALID_ENCODING);
#undef CH
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_addresses),           cmocka_unit_test(test_base64),
        cmocka_unit_test(test_base58_and_digests),  cmocka_unit_test(test_bech32),
        cmocka_unit_test(test_object_ids),          cmocka_unit_test(test_certificate_messages),
        cmocka_unit_test(test_passkey_client_data),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
