/* ElGamal transport of user secret keys: SDK and upstream vectors, round trips, verification. */
#include <string.h>

#include "testutil.h"
#include "seal/elgamal.h"
#include "seal/keys.h"

static void test_sdk_vectors(void **state) {
    (void)state;
    json_t *j = tu_load_json("sdk/elgamal.json");
    size_t i;
    json_t *c;
    assert_true(json_array_size(json_object_get(j, "cases")) >= 3);
    json_array_foreach(json_object_get(j, "cases"), i, c) {
        uint8_t seed[48], sk[32], ek[48], vk[96], ek2[48], vk2[96], msg[48], r[32];
        uint8_t c0[48], c1[48], w0[48], w1[48], out[48], pk[96];
        uint8_t fid[256];
        size_t fid_len = tu_hex(fid, sizeof fid, tu_str(c, "full_id_hex"), 0);
        tu_hex(seed, 48, tu_str(c, "enc_secret_key_seed_hex"), 1);
        tu_hex(sk, 32, tu_str(c, "enc_secret_key_hex"), 1);
        tu_hex(ek, 48, tu_str(c, "enc_public_key_hex"), 1);
        tu_hex(vk, 96, tu_str(c, "enc_verification_key_hex"), 1);
        tu_hex(msg, 48, tu_str(c, "message_hex"), 1);
        tu_hex(r, 32, tu_str(c, "r_hex"), 1);
        tu_hex(w0, 48, tu_str(c, "c0_hex"), 1);
        tu_hex(w1, 48, tu_str(c, "c1_hex"), 1);
        tu_hex(pk, 96, tu_str(c, "server_pk_hex"), 1);
        /* Key generation from the recorded draw. */
        seal_scalar s;
        uint8_t sk2[32];
        seal_keys_scalar_from_seed(&s, seed);
        seal_scalar_to_bytes(sk2, &s);
        tu_assert_bytes(sk2, sk, 32, "elgamal sk");
        assert_int_equal(seal_elgamal_public_keys(ek2, vk2, sk), SEAL_OK);
        tu_assert_bytes(ek2, ek, 48, "enc key");
        tu_assert_bytes(vk2, vk, 96, "verification key");
        /* Server side. */
        assert_int_equal(seal_elgamal_encrypt_with_randomness(c0, c1, ek, msg, r), SEAL_OK);
        tu_assert_bytes(c0, w0, 48, "c0");
        tu_assert_bytes(c1, w1, 48, "c1");
        /* Client side. */
        assert_int_equal(seal_elgamal_decrypt(out, sk, c0, c1), SEAL_OK);
        tu_assert_bytes(out, msg, 48, "decrypted");
        assert_int_equal(seal_elgamal_decrypt_and_verify(out, sk, c0, c1, pk, fid, fid_len),
                         SEAL_OK);
        tu_assert_bytes(out, msg, 48, "decrypted and verified");
        assert_int_equal(seal_elgamal_verify(c0, c1, vk, pk, fid, fid_len), SEAL_OK);
        /* Wrong identity: both checks fail, the output is wiped. */
        fid[fid_len - 1] ^= 1;
        assert_int_equal(seal_elgamal_decrypt_and_verify(out, sk, c0, c1, pk, fid, fid_len),
                         SEAL_ERR_INVALID_KEY);
        uint8_t zero[48] = {0};
        assert_memory_equal(out, zero, 48);
        assert_int_equal(seal_elgamal_verify(c0, c1, vk, pk, fid, fid_len), SEAL_ERR_INVALID_KEY);
    }
    json_decref(j);
}

static void test_upstream_vector(void **state) {
    (void)state;
    json_t *j = tu_load_json("spec/elgamal_committee_pop.json");
    json_t *e = json_object_get(j, "elgamal");
    uint8_t sk[32], ek[48], vk[96], s[32], usk[48], w1[48], w2[48], pk[96], fid[64];
    uint8_t ek2[48], vk2[96], c0[48], c1[48], out[48];
    tu_hex(sk, 32, tu_str(e, "eph_secret_key"), 1);
    tu_hex(ek, 48, tu_str(e, "enc_key_g1"), 1);
    tu_hex(vk, 96, tu_str(e, "enc_verification_key_g2"), 1);
    tu_hex(s, 32, tu_str(e, "encryption_randomness"), 1);
    tu_hex(usk, 48, tu_str(e, "plaintext_user_secret_key"), 1);
    tu_hex(w1, 48, tu_str(e, "ciphertext_c1"), 1);
    tu_hex(w2, 48, tu_str(e, "ciphertext_c2"), 1);
    tu_hex(pk, 96, tu_str(e, "encverify_public_key"), 1);
    size_t fid_len = tu_hex(fid, sizeof fid, tu_str(e, "encverify_full_id"), 0);
    assert_int_equal(seal_elgamal_public_keys(ek2, vk2, sk), SEAL_OK);
    tu_assert_bytes(ek2, ek, 48, "enc key");
    tu_assert_bytes(vk2, vk, 96, "verification key");
    assert_int_equal(seal_elgamal_encrypt_with_randomness(c0, c1, ek, usk, s), SEAL_OK);
    tu_assert_bytes(c0, w1, 48, "c1 (s*G1)");
    tu_assert_bytes(c1, w2, 48, "c2 (s*ek + usk)");
    assert_int_equal(seal_elgamal_decrypt(out, sk, c0, c1), SEAL_OK);
    tu_assert_bytes(out, usk, 48, "decrypted");
    assert_true(json_is_true(json_object_get(e, "encverify_ok")));
    assert_int_equal(seal_elgamal_verify(c0, c1, vk, pk, fid, fid_len), SEAL_OK);
    /* Swapping the ciphertext halves breaks verification. */
    assert_int_equal(seal_elgamal_verify(c1, c0, vk, pk, fid, fid_len), SEAL_ERR_INVALID_KEY);
    json_decref(j);
}

static seal_err failing_fill(void *ctx, uint8_t *out, size_t len) {
    (void)ctx;
    (void)out;
    (void)len;
    return SEAL_ERR_RNG;
}

/* The point-level encryption (key-server fast path) decrypts to the same key as the byte-level
 * one, with the same randomness, and refuses an identity enc_key. */
static void test_encrypt_point(void **state) {
    (void)state;
    tu_rng r, r2;
    tu_rng_init(&r, 7);
    seal_rng rng = {tu_rng_fill, &r};
    uint8_t msk[32], pk[96], usk[48], sk[32], ek[48], vk[96], c0[48], c1[48], out[48];
    uint8_t d0[48], d1[48];
    static const uint8_t fid[40] = {1, 2, 3};
    assert_int_equal(seal_keys_generate(msk, pk, &rng), SEAL_OK);
    assert_int_equal(seal_keys_extract(usk, msk, fid, sizeof fid), SEAL_OK);
    assert_int_equal(seal_elgamal_keygen(sk, ek, vk, &rng), SEAL_OK);
    seal_g1 ekp, uskp;
    assert_int_equal(seal_g1_decompress(&ekp, ek), SEAL_OK);
    assert_int_equal(seal_g1_decompress(&uskp, usk), SEAL_OK);
    tu_rng_init(&r, 1234);
    tu_rng_init(&r2, 1234);
    seal_rng rng2 = {tu_rng_fill, &r2};
    assert_int_equal(seal_elgamal_encrypt_point(c0, c1, &ekp, &uskp, &rng), SEAL_OK);
    assert_int_equal(seal_elgamal_encrypt(d0, d1, ek, usk, &rng2), SEAL_OK);
    assert_memory_equal(c0, d0, 48);
    assert_memory_equal(c1, d1, 48);
    assert_int_equal(seal_elgamal_decrypt_and_verify(out, sk, c0, c1, pk, fid, sizeof fid),
                     SEAL_OK);
    assert_memory_equal(out, usk, 48);
    seal_g1 inf;
    seal_g1_identity(&inf);
    assert_int_equal(seal_elgamal_encrypt_point(c0, c1, &inf, &uskp, &rng), SEAL_ERR_IDENTITY);
}

static void test_round_trip_and_rejects(void **state) {
    (void)state;
    tu_rng r;
    tu_rng_init(&r, 99);
    seal_rng rng = {tu_rng_fill, &r};
    uint8_t msk[32], pk[96], usk[48], sk[32], ek[48], vk[96], c0[48], c1[48], out[48];
    static const uint8_t fid[33] = {7};
    assert_int_equal(seal_keys_generate(msk, pk, &rng), SEAL_OK);
    assert_int_equal(seal_keys_extract(usk, msk, fid, sizeof fid), SEAL_OK);
    assert_int_equal(seal_elgamal_keygen(sk, ek, vk, &rng), SEAL_OK);
    assert_int_equal(seal_elgamal_encrypt(c0, c1, ek, usk, &rng), SEAL_OK);
    assert_int_equal(seal_elgamal_decrypt_and_verify(out, sk, c0, c1, pk, fid, sizeof fid),
                     SEAL_OK);
    assert_memory_equal(out, usk, 48);
    assert_int_equal(seal_elgamal_verify(c0, c1, vk, pk, fid, sizeof fid), SEAL_OK);
    /* Wrong decryption key. */
    uint8_t sk2[32], ek2[48], vk2[96];
    assert_int_equal(seal_elgamal_keygen(sk2, ek2, vk2, &rng), SEAL_OK);
    assert_int_equal(seal_elgamal_decrypt_and_verify(out, sk2, c0, c1, pk, fid, sizeof fid),
                     SEAL_ERR_INVALID_KEY);
    assert_int_equal(seal_elgamal_verify(c0, c1, vk2, pk, fid, sizeof fid), SEAL_ERR_INVALID_KEY);
    /* Identity points are refused. */
    uint8_t inf1[48] = {0xc0}, inf2[96] = {0xc0};
    uint8_t d0[48], d1[48];
    assert_int_equal(seal_elgamal_encrypt(d0, d1, inf1, usk, &rng), SEAL_ERR_IDENTITY);
    assert_int_equal(seal_elgamal_verify(inf1, c1, vk, pk, fid, sizeof fid), SEAL_ERR_IDENTITY);
    assert_int_equal(seal_elgamal_verify(c0, inf1, vk, pk, fid, sizeof fid), SEAL_ERR_IDENTITY);
    assert_int_equal(seal_elgamal_verify(c0, c1, inf2, pk, fid, sizeof fid), SEAL_ERR_IDENTITY);
    assert_int_equal(seal_elgamal_verify(c0, c1, vk, inf2, fid, sizeof fid), SEAL_ERR_IDENTITY);
    /* A failing RNG is reported and leaves no key behind. */
    seal_rng broken = {failing_fill, NULL};
    assert_int_equal(seal_elgamal_keygen(sk, ek, vk, &broken), SEAL_ERR_RNG);
    uint8_t zero[32] = {0};
    assert_memory_equal(sk, zero, 32);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sdk_vectors),
        cmocka_unit_test(test_upstream_vector),
        cmocka_unit_test(test_round_trip_and_rejects),
        cmocka_unit_test(test_encrypt_point),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
