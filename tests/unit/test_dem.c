/* DEMs: upstream and SDK vectors, incremental == one-shot, tampering rejected. */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "seal/dem.h"

static uint8_t *hex_field(json_t *o, const char *k, size_t *len) {
    return tu_hex_alloc(tu_str(o, k), len);
}

static void check_aes(const uint8_t key[32], const uint8_t *pt, size_t pt_len, const uint8_t *aad,
                      size_t aad_len, const uint8_t *blob, size_t blob_len) {
    assert_int_equal(blob_len, pt_len + 16);
    uint8_t *got = malloc(blob_len + 1);
    assert_int_equal(seal_dem_aes_encrypt(got, key, pt, pt_len, aad, aad_len), SEAL_OK);
    tu_assert_bytes(got, blob, blob_len, "aes blob");
    assert_int_equal(seal_dem_aes_decrypt(got, key, blob, blob_len, aad, aad_len), SEAL_OK);
    tu_assert_bytes(got, pt, pt_len, "aes plaintext");
    /* Tampered tag: failure, output wiped. */
    uint8_t *bad = malloc(blob_len);
    memcpy(bad, blob, blob_len);
    bad[blob_len - 1] ^= 1;
    memset(got, 0xee, blob_len);
    assert_int_equal(seal_dem_aes_decrypt(got, key, bad, blob_len, aad, aad_len),
                     SEAL_ERR_DECRYPTION);
    for (size_t i = 0; i < pt_len; i++) {
        assert_int_equal(got[i], 0);
    }
    /* Wrong AAD. */
    uint8_t other_aad = 0x42;
    assert_int_equal(seal_dem_aes_decrypt(got, key, blob, blob_len, &other_aad, 1),
                     SEAL_ERR_DECRYPTION);
    free(bad);
    free(got);
}

static void check_hmac(const uint8_t key[32], const uint8_t *pt, size_t pt_len, const uint8_t *aad,
                       size_t aad_len, const uint8_t *blob, size_t blob_len,
                       const uint8_t mac[32]) {
    assert_int_equal(blob_len, pt_len);
    uint8_t *got = malloc(blob_len + 1);
    uint8_t gmac[32];
    assert_int_equal(seal_dem_hmac_ctr_encrypt(got, gmac, key, pt, pt_len, aad, aad_len), SEAL_OK);
    tu_assert_bytes(got, blob, blob_len, "hmac blob");
    tu_assert_bytes(gmac, mac, 32, "hmac mac");
    assert_int_equal(seal_dem_hmac_ctr_decrypt(got, key, blob, blob_len, aad, aad_len, mac),
                     SEAL_OK);
    tu_assert_bytes(got, pt, pt_len, "hmac plaintext");
    uint8_t bad_mac[32];
    memcpy(bad_mac, mac, 32);
    bad_mac[0] ^= 0x80;
    memset(got, 0xee, blob_len + 1);
    assert_int_equal(seal_dem_hmac_ctr_decrypt(got, key, blob, blob_len, aad, aad_len, bad_mac),
                     SEAL_ERR_DECRYPTION);
    for (size_t i = 0; i < blob_len; i++) {
        assert_int_equal(got[i], 0xee); /* nothing written */
    }
    free(got);
}

static void test_upstream_vectors(void **state) {
    (void)state;
    json_t *j = tu_load_json("spec/dem.json");
    json_t *vs = json_object_get(j, "vectors");
    size_t i;
    json_t *v;
    int seen = 0;
    json_array_foreach(vs, i, v) {
        const char *name = tu_str(v, "name");
        size_t kl, al, bl, pl = 0, ml = 0;
        uint8_t *key = hex_field(v, "key", &kl);
        uint8_t *aad = hex_field(v, "aad_hex", &al);
        uint8_t *blob = hex_field(v, "blob", &bl);
        assert_int_equal(kl, 32);
        if (strcmp(name, "aes256gcm_regression") == 0) {
            uint8_t *pt = hex_field(v, "plaintext_hex", &pl);
            check_aes(key, pt, pl, aad, al, blob, bl);
            free(pt);
            seen |= 1;
        } else if (strcmp(name, "hmac256ctr_mac_failure") == 0) {
            uint8_t *mac = hex_field(v, "mac", &ml);
            uint8_t out[64];
            assert_true(bl <= sizeof out);
            assert_int_equal(seal_dem_hmac_ctr_decrypt(out, key, blob, bl, aad, al, mac),
                             SEAL_ERR_DECRYPTION);
            free(mac);
            seen |= 2;
        } else {
            uint8_t *pt = hex_field(v, "plaintext_hex", &pl);
            uint8_t *mac = hex_field(v, "mac", &ml);
            assert_int_equal(ml, 32);
            check_hmac(key, pt, pl, aad, al, blob, bl, mac);
            free(pt);
            free(mac);
            seen |= 4;
        }
        free(key);
        free(aad);
        free(blob);
    }
    assert_int_equal(seen, 7);
    json_decref(j);
}

static void test_sdk_vectors(void **state) {
    (void)state;
    json_t *j = tu_load_json("sdk/primitives.json");
    json_t *cases = json_object_get(json_object_get(j, "dem"), "cases");
    size_t i;
    json_t *c;
    assert_true(json_array_size(cases) >= 10);
    json_array_foreach(cases, i, c) {
        size_t kl, pl, al, bl, hl, ml;
        uint8_t *key = hex_field(c, "key_hex", &kl);
        uint8_t *pt = hex_field(c, "plaintext_hex", &pl);
        uint8_t *aad = hex_field(c, "aad_hex", &al);
        uint8_t *aes = hex_field(c, "aes256gcm_blob_hex", &bl);
        uint8_t *hb = hex_field(c, "hmac256ctr_blob_hex", &hl);
        uint8_t *mac = hex_field(c, "hmac256ctr_mac_hex", &ml);
        assert_int_equal(kl, 32);
        check_aes(key, pt, pl, aad, al, aes, bl);
        check_hmac(key, pt, pl, aad, al, hb, hl, mac);
        free(key);
        free(pt);
        free(aad);
        free(aes);
        free(hb);
        free(mac);
    }
    json_decref(j);
}

/* Runs the incremental context with random chunk sizes. */
static void incremental(seal_dem_type type, bool enc, const uint8_t key[32], const uint8_t *aad,
                        size_t aad_len, const uint8_t *in, size_t len, uint8_t *out, tu_rng *r) {
    seal_dem_ctx c;
    assert_int_equal(seal_dem_ctx_init(&c, type, key, enc, aad_len), SEAL_OK);
    size_t half = aad_len / 2;
    assert_int_equal(seal_dem_ctx_aad(&c, aad, half), SEAL_OK);
    assert_int_equal(seal_dem_ctx_aad(&c, aad + half, aad_len - half), SEAL_OK);
    size_t done = 0;
    while (done < len) {
        uint8_t b[2];
        tu_rng_bytes(r, b, 2);
        size_t n = (size_t)(b[0] | (b[1] << 8)) % 200;
        if (n > len - done) {
            n = len - done;
        }
        assert_int_equal(seal_dem_ctx_update(&c, out + done, in + done, n), SEAL_OK);
        done += n;
    }
    seal_dem_ctx_clear(&c);
}

static void test_incremental_equals_one_shot(void **state) {
    (void)state;
    tu_rng r;
    tu_rng_init(&r, 11);
    static uint8_t msg[5000], blob[5016], inc[5016], back[5016];
    uint8_t key[32], aad[40];
    for (int iter = 0; iter < 60; iter++) {
        uint8_t b[2];
        tu_rng_bytes(&r, b, 2);
        size_t len = (size_t)(b[0] | (b[1] << 8)) % sizeof msg;
        size_t aad_len = b[0] % sizeof aad;
        tu_rng_bytes(&r, msg, len);
        tu_rng_bytes(&r, key, 32);
        tu_rng_bytes(&r, aad, aad_len);
        for (int type = 0; type < 2; type++) {
            seal_dem_type t = type == 0 ? SEAL_DEM_AES_256_GCM : SEAL_DEM_HMAC_256_CTR;
            uint8_t tag[32], tag2[32];
            size_t tag_len = type == 0 ? 16 : 32;
            if (type == 0) {
                assert_int_equal(seal_dem_aes_encrypt(blob, key, msg, len, aad, aad_len), SEAL_OK);
                memcpy(tag, blob + len, 16);
            } else {
                assert_int_equal(seal_dem_hmac_ctr_encrypt(blob, tag, key, msg, len, aad, aad_len),
                                 SEAL_OK);
            }
            /* Encrypt incrementally. */
            seal_dem_ctx c;
            assert_int_equal(seal_dem_ctx_init(&c, t, key, true, aad_len), SEAL_OK);
            assert_int_equal(seal_dem_ctx_aad(&c, aad, aad_len), SEAL_OK);
            size_t done = 0;
            while (done < len) {
                uint8_t k[1];
                tu_rng_bytes(&r, k, 1);
                size_t n = (size_t)k[0] % 97;
                n = n > len - done ? len - done : n;
                assert_int_equal(seal_dem_ctx_update(&c, inc + done, msg + done, n), SEAL_OK);
                done += n;
            }
            assert_int_equal(seal_dem_ctx_encrypt_final(&c, tag2, tag_len), SEAL_OK);
            seal_dem_ctx_clear(&c);
            tu_assert_bytes(inc, blob, len, "incremental ciphertext");
            tu_assert_bytes(tag2, tag, tag_len, "incremental tag");
            /* Decrypt incrementally, verification pass (no output) then writing pass. */
            assert_int_equal(seal_dem_ctx_init(&c, t, key, false, aad_len), SEAL_OK);
            assert_int_equal(seal_dem_ctx_aad(&c, aad, aad_len), SEAL_OK);
            assert_int_equal(seal_dem_ctx_update(&c, NULL, blob, len), SEAL_OK);
            assert_int_equal(seal_dem_ctx_decrypt_final(&c, tag, tag_len), SEAL_OK);
            seal_dem_ctx_clear(&c);
            incremental(t, false, key, aad, aad_len, blob, len, back, &r);
            tu_assert_bytes(back, msg, len, "incremental plaintext");
            /* A flipped ciphertext bit fails the verification pass. */
            if (len > 0) {
                blob[b[1] % len] ^= 4;
                assert_int_equal(seal_dem_ctx_init(&c, t, key, false, aad_len), SEAL_OK);
                assert_int_equal(seal_dem_ctx_aad(&c, aad, aad_len), SEAL_OK);
                assert_int_equal(seal_dem_ctx_update(&c, NULL, blob, len), SEAL_OK);
                assert_int_equal(seal_dem_ctx_decrypt_final(&c, tag, tag_len), SEAL_ERR_DECRYPTION);
                seal_dem_ctx_clear(&c);
            }
        }
    }
}

static void test_misuse(void **state) {
    (void)state;
    uint8_t key[32] = {0};
    seal_dem_ctx c;
    uint8_t buf[8] = {0};
    assert_int_equal(seal_dem_ctx_init(&c, SEAL_DEM_PLAIN, key, true, 0),
                     SEAL_ERR_INVALID_ARGUMENT);
    seal_dem_ctx_clear(&c);
    /* HMAC-CTR: data before all announced AAD is refused. */
    assert_int_equal(seal_dem_ctx_init(&c, SEAL_DEM_HMAC_256_CTR, key, true, 4), SEAL_OK);
    assert_int_equal(seal_dem_ctx_update(&c, buf, buf, 8), SEAL_ERR_INVALID_ARGUMENT);
    seal_dem_ctx_clear(&c);
    /* AAD after data is refused. */
    assert_int_equal(seal_dem_ctx_init(&c, SEAL_DEM_AES_256_GCM, key, true, 0), SEAL_OK);
    assert_int_equal(seal_dem_ctx_update(&c, buf, buf, 8), SEAL_OK);
    assert_int_equal(seal_dem_ctx_aad(&c, buf, 1), SEAL_ERR_INVALID_ARGUMENT);
    seal_dem_ctx_clear(&c);
    /* Too-short AES blob. */
    assert_int_equal(seal_dem_aes_decrypt(buf, key, buf, 8, NULL, 0), SEAL_ERR_DECRYPTION);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_upstream_vectors),
        cmocka_unit_test(test_sdk_vectors),
        cmocka_unit_test(test_incremental_equals_one_shot),
        cmocka_unit_test(test_misuse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
