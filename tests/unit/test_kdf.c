/* SHA3-256 / HMAC-SHA3-256 / HKDF-SHA3-256 against OpenSSL and vectors; Seal's deriveKey. */
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/kdf.h>

#include "testutil.h"
#include "seal/kdf.h"
#include "seal/internal.h"

static void openssl_sha3(uint8_t out[32], const uint8_t *p, size_t n) {
    unsigned int len = 0;
    assert_int_equal(EVP_Digest(p, n, out, &len, EVP_sha3_256(), NULL), 1);
    assert_int_equal(len, 32);
}

static void test_sha3_known(void **state) {
    (void)state;
    uint8_t out[32], want[32];
    seal_sha3_256(out, NULL, 0);
    tu_hex(want, 32, "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a", 1);
    tu_assert_bytes(out, want, 32, "sha3(\"\")");
    seal_sha3_256(out, (const uint8_t *)"abc", 3);
    tu_hex(want, 32, "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532", 1);
    tu_assert_bytes(out, want, 32, "sha3(abc)");
}

/* Random lengths (around the 136-byte rate) and random split points, compared with OpenSSL. */
static void test_sha3_vs_openssl(void **state) {
    (void)state;
    tu_rng r;
    tu_rng_init(&r, 3);
    static uint8_t buf[1200];
    tu_rng_bytes(&r, buf, sizeof buf);
    for (size_t n = 0; n < sizeof buf; n += (n < 300 ? 1 : 37)) {
        uint8_t a[32], b[32];
        openssl_sha3(a, buf, n);
        seal_sha3_256(b, buf, n);
        tu_assert_bytes(b, a, 32, "one-shot");
        uint8_t cut[2];
        tu_rng_bytes(&r, cut, 2);
        size_t c1 = n == 0 ? 0 : cut[0] % (n + 1);
        size_t c2 = c1 + (n - c1 == 0 ? 0 : cut[1] % (n - c1 + 1));
        seal_sha3_ctx c;
        seal_sha3_256_init(&c);
        seal_sha3_256_update(&c, buf, c1);
        seal_sha3_256_update(&c, buf + c1, c2 - c1);
        seal_sha3_256_update(&c, buf + c2, n - c2);
        seal_sha3_256_final(&c, b);
        tu_assert_bytes(b, a, 32, "chunked");
    }
}

static void test_hmac_vs_openssl(void **state) {
    (void)state;
    tu_rng r;
    tu_rng_init(&r, 4);
    static uint8_t key[300], msg[500];
    tu_rng_bytes(&r, key, sizeof key);
    tu_rng_bytes(&r, msg, sizeof msg);
    static const size_t key_lens[] = {0, 1, 32, 135, 136, 137, 300};
    for (size_t k = 0; k < sizeof key_lens / sizeof key_lens[0]; k++) {
        for (size_t n = 0; n < sizeof msg; n += 23) {
            uint8_t a[32], b[32];
            unsigned int len = 0;
            assert_non_null(HMAC(EVP_sha3_256(), key, (int)key_lens[k], msg, n, a, &len));
            seal_hmac_sha3_256(b, key, key_lens[k], msg, n);
            tu_assert_bytes(b, a, 32, "hmac");
            /* Copy of a keyed context gives the same result. */
            seal_hmac_sha3_ctx c, d;
            seal_hmac_sha3_256_init(&c, key, key_lens[k]);
            d = c;
            seal_hmac_sha3_256_update(&d, msg, n);
            seal_hmac_sha3_256_final(&d, b);
            tu_assert_bytes(b, a, 32, "hmac copy");
            seal_hmac_sha3_256_update(&c, msg, n / 2);
            seal_hmac_sha3_256_update(&c, msg + n / 2, n - n / 2);
            seal_hmac_sha3_256_final(&c, b);
            tu_assert_bytes(b, a, 32, "hmac split");
        }
    }
}

/* The short-message HMAC helpers used by HMAC-CTR (scalar and four-way) agree with the
 * general HMAC. */
static void test_hmac_short_helpers(void **state) {
    (void)state;
    tu_rng r;
    tu_rng_init(&r, 6);
    uint8_t key[32], msgs[4][135];
    tu_rng_bytes(&r, key, sizeof key);
    tu_rng_bytes(&r, &msgs[0][0], sizeof msgs);
    seal_hmac_sha3_ctx c;
    seal_hmac_sha3_256_init(&c, key, sizeof key);
    static const size_t lens[] = {0, 1, 20, 64, 135};
    for (size_t li = 0; li < sizeof lens / sizeof lens[0]; li++) {
        size_t n = lens[li];
        uint8_t packed[4 * 135];
        uint8_t out4[4][32], one[32], want[32];
        for (size_t k = 0; k < 4; k++) {
            memcpy(packed + k * n, msgs[k], n);
        }
        seal__hmac_sha3_256_short_x4(out4, &c, packed, n);
        for (size_t k = 0; k < 4; k++) {
            seal_hmac_sha3_256(want, key, sizeof key, msgs[k], n);
            seal__hmac_sha3_256_short(one, &c, msgs[k], n);
            tu_assert_bytes(one, want, 32, "short hmac");
            tu_assert_bytes(out4[k], want, 32, "x4 hmac");
        }
    }
}

static void test_hkdf_regression(void **state) {
    (void)state;
    json_t *j = tu_load_json("spec/primitives.json");
    json_t *vs = json_object_get(j, "vectors");
    size_t i;
    json_t *v;
    int found = 0;
    json_array_foreach(vs, i, v) {
        if (strcmp(tu_str(v, "name"), "derive_master_key_regression") != 0) {
            continue;
        }
        uint8_t seed[32], want[64], got[64];
        tu_hex(seed, 32, tu_str(v, "seed"), 1);
        tu_hex(want, 64, tu_str(v, "hkdf_output_64"), 1);
        uint64_t index = (uint64_t)json_integer_value(json_object_get(v, "derivation_index"));
        uint8_t info[8];
        for (int k = 0; k < 8; k++) {
            info[k] = (uint8_t)(index >> (56 - 8 * k));
        }
        assert_int_equal(seal_hkdf_sha3_256(got, 64, seed, 32, NULL, 0, info, 8), SEAL_OK);
        tu_assert_bytes(got, want, 64, "hkdf");
        found = 1;
    }
    assert_true(found);
    json_decref(j);
    uint8_t big[32];
    assert_int_equal(seal_hkdf_sha3_256(big, 255 * 32 + 1, big, 1, NULL, 0, NULL, 0),
                     SEAL_ERR_INVALID_ARGUMENT);
}

/* HKDF against OpenSSL's EVP_KDF HKDF with SHA3-256. */
static void test_hkdf_vs_openssl(void **state) {
    (void)state;
    tu_rng r;
    tu_rng_init(&r, 5);
    uint8_t ikm[40], salt[20], info[10];
    tu_rng_bytes(&r, ikm, sizeof ikm);
    tu_rng_bytes(&r, salt, sizeof salt);
    tu_rng_bytes(&r, info, sizeof info);
    for (size_t out_len = 1; out_len <= 100; out_len += 33) {
        uint8_t a[100], b[100];
        EVP_PKEY_CTX *pctx = EVP_PKEY_CTX_new_id(EVP_PKEY_HKDF, NULL);
        assert_non_null(pctx);
        size_t len = out_len;
        assert_int_equal(EVP_PKEY_derive_init(pctx), 1);
        assert_int_equal(EVP_PKEY_CTX_set_hkdf_md(pctx, EVP_sha3_256()), 1);
        assert_int_equal(EVP_PKEY_CTX_set1_hkdf_salt(pctx, salt, sizeof salt), 1);
        assert_int_equal(EVP_PKEY_CTX_set1_hkdf_key(pctx, ikm, sizeof ikm), 1);
        assert_int_equal(EVP_PKEY_CTX_add1_hkdf_info(pctx, info, sizeof info), 1);
        assert_int_equal(EVP_PKEY_derive(pctx, a, &len), 1);
        EVP_PKEY_CTX_free(pctx);
        assert_int_equal(
            seal_hkdf_sha3_256(b, out_len, ikm, sizeof ikm, salt, sizeof salt, info, sizeof info),
            SEAL_OK);
        tu_assert_bytes(b, a, out_len, "hkdf vs openssl");
    }
}

static void test_derive_key_sdk(void **state) {
    (void)state;
    json_t *j = tu_load_json("sdk/primitives.json");
    json_t *cases = json_object_get(json_object_get(j, "derive_key"), "cases");
    size_t ci;
    json_t *c;
    assert_true(json_array_size(cases) >= 4);
    json_array_foreach(cases, ci, c) {
        uint8_t base[32], want[32], got[32];
        uint8_t shares[8][32], ids[8][32];
        tu_hex(base, 32, tu_str(c, "base_key_hex"), 1);
        tu_hex(want, 32, tu_str(c, "output_hex"), 1);
        json_t *sj = json_object_get(c, "encrypted_shares_hex");
        json_t *oj = json_object_get(c, "object_ids");
        size_t n = json_array_size(sj);
        assert_true(n <= 8 && n == json_array_size(oj));
        for (size_t i = 0; i < n; i++) {
            tu_hex(shares[i], 32, json_string_value(json_array_get(sj, i)), 1);
            tu_hex(ids[i], 32, json_string_value(json_array_get(oj, i)), 1);
        }
        int purpose = (int)json_integer_value(json_object_get(c, "purpose"));
        seal_kdf_derive_key(
            got, purpose == 0 ? SEAL_KEY_PURPOSE_ENCRYPTED_RANDOMNESS : SEAL_KEY_PURPOSE_DEM, base,
            (uint8_t)json_integer_value(json_object_get(c, "threshold")),
            (const uint8_t(*)[32])shares, (const uint8_t(*)[32])ids, n);
        tu_assert_bytes(got, want, 32, "deriveKey");
    }
    json_decref(j);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha3_known),      cmocka_unit_test(test_sha3_vs_openssl),
        cmocka_unit_test(test_hmac_vs_openssl), cmocka_unit_test(test_hmac_short_helpers),
        cmocka_unit_test(test_hkdf_regression), cmocka_unit_test(test_hkdf_vs_openssl),
        cmocka_unit_test(test_derive_key_sdk),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
