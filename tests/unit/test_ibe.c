/* Keys and IBE building blocks: H1, public keys, extraction, derived-key verification, the
 * per-share KDF, GT layout, derived master keys, SDK scalar sampling, proof of possession. */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "seal/ibe.h"
#include "seal/kdf.h"
#include "seal/keys.h"

static json_t *sdk_prims;
static json_t *spec_prims;

static int setup(void **state) {
    (void)state;
    sdk_prims = tu_load_json("sdk/primitives.json");
    spec_prims = tu_load_json("spec/primitives.json");
    return 0;
}

static int teardown(void **state) {
    (void)state;
    json_decref(sdk_prims);
    json_decref(spec_prims);
    return 0;
}

static json_t *sdk_cases(const char *section) {
    json_t *c = json_object_get(json_object_get(sdk_prims, section), "cases");
    assert_non_null(c);
    assert_true(json_array_size(c) >= 1);
    return c;
}

static json_t *spec_vector(const char *name) {
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(spec_prims, "vectors"), i, v) {
        if (strcmp(tu_str(v, "name"), name) == 0) {
            return v;
        }
    }
    fail_msg("missing vector %s", name);
    return NULL;
}

static void test_hash_to_g1(void **state) {
    (void)state;
    size_t i;
    json_t *c;
    json_array_foreach(sdk_cases("hash_to_g1"), i, c) {
        size_t n;
        uint8_t *in = tu_hex_alloc(tu_str(c, "input_hex"), &n);
        uint8_t want[48], got[48];
        seal_g1 h;
        tu_hex(want, 48, tu_str(c, "output_hex"), 1);
        assert_int_equal(seal_ibe_hash_id(&h, in, n), SEAL_OK);
        seal_g1_compress(got, &h);
        tu_assert_bytes(got, want, 48, "H1");
        free(in);
    }
    json_t *v = spec_vector("hash_to_g1_regression");
    uint8_t fid[36], want[48], got[48];
    seal_g1 h;
    tu_hex(fid, 36, tu_str(v, "full_id"), 1);
    tu_hex(want, 48, tu_str(v, "output_g1_compressed"), 1);
    assert_int_equal(seal_ibe_hash_id(&h, fid, 36), SEAL_OK);
    seal_g1_compress(got, &h);
    tu_assert_bytes(got, want, 48, "H1 upstream regression");
    static uint8_t big[SEAL_IBE_MAX_FULL_ID_BYTES + 1];
    assert_int_equal(seal_ibe_hash_id(&h, big, sizeof big), SEAL_ERR_LIMIT);
}

static void test_public_keys_and_extract(void **state) {
    (void)state;
    size_t i;
    json_t *c;
    json_array_foreach(sdk_cases("public_keys"), i, c) {
        uint8_t msk[32], want[96], got[96];
        tu_hex(msk, 32, tu_str(c, "msk_hex"), 1);
        tu_hex(want, 96, tu_str(c, "pk_hex"), 1);
        assert_int_equal(seal_keys_public_key(got, msk), SEAL_OK);
        tu_assert_bytes(got, want, 96, "pk");
    }
    json_array_foreach(sdk_cases("user_secret_keys"), i, c) {
        uint8_t msk[32], pk[96], want[48], got[48];
        size_t n;
        tu_hex(msk, 32, tu_str(c, "msk_hex"), 1);
        tu_hex(pk, 96, tu_str(c, "pk_hex"), 1);
        tu_hex(want, 48, tu_str(c, "usk_hex"), 1);
        uint8_t *fid = tu_hex_alloc(tu_str(c, "full_id_hex"), &n);
        assert_int_equal(seal_keys_extract(got, msk, fid, n), SEAL_OK);
        tu_assert_bytes(got, want, 48, "usk");
        assert_int_equal(seal_keys_verify_user_secret_key(got, pk, fid, n), SEAL_OK);
        /* The key of another identity does not verify. */
        fid[n - 1] ^= 1;
        assert_int_equal(seal_keys_verify_user_secret_key(got, pk, fid, n), SEAL_ERR_INVALID_KEY);
        free(fid);
    }
    /* Bad master keys. */
    uint8_t zero[32] = {0}, big[32], out[96];
    memset(big, 0xff, 32);
    assert_int_equal(seal_keys_public_key(out, zero), SEAL_ERR_INVALID_KEY);
    assert_int_equal(seal_keys_public_key(out, big), SEAL_ERR_NOT_CANONICAL);
}

static void test_derived_key_verification(void **state) {
    (void)state;
    json_t *j = tu_load_json("spec/derived_key_verification.json");
    size_t i;
    json_t *c;
    int valid = 0, invalid = 0;
    json_array_foreach(json_object_get(j, "cases"), i, c) {
        uint8_t pk[96], usk[48];
        size_t n;
        tu_hex(pk, 96, tu_str(c, "public_key"), 1);
        tu_hex(usk, 48, tu_str(c, "user_secret_key"), 1);
        uint8_t *fid = tu_hex_alloc(tu_str(c, "full_id"), &n);
        seal_err err = seal_keys_verify_user_secret_key(usk, pk, fid, n);
        if (json_is_true(json_object_get(c, "valid"))) {
            assert_int_equal(err, SEAL_OK);
            valid++;
        } else {
            assert_int_not_equal(err, SEAL_OK);
            invalid++;
        }
        free(fid);
    }
    assert_true(valid >= 4 && invalid >= 3);
    json_decref(j);
}

static void test_gt_and_kdf(void **state) {
    (void)state;
    size_t i;
    json_t *c;
    /* GT serialization: e(a*G1, b*G2) bytes. */
    json_array_foreach(sdk_cases("gt_serialization"), i, c) {
        uint8_t g1b[48], g2b[96], want[576], got[576];
        seal_g1 p;
        seal_g2 q;
        seal_gt x;
        tu_hex(g1b, 48, tu_str(c, "g1_hex"), 1);
        tu_hex(g2b, 96, tu_str(c, "g2_hex"), 1);
        tu_hex(want, 576, tu_str(c, "gt_hex"), 1);
        assert_int_equal(seal_g1_decompress(&p, g1b), SEAL_OK);
        assert_int_equal(seal_g2_decompress(&q, g2b), SEAL_OK);
        seal_pairing(&x, &p, &q);
        seal_gt_to_bytes(got, &x);
        tu_assert_bytes(got, want, 576, "GT bytes");
    }
    /* Per-share KDF: gid = H1(id). */
    json_array_foreach(sdk_cases("kdf"), i, c) {
        uint8_t gt[576], nonce[96], oid[32], want[32], got[32], gid_bytes[48];
        size_t n;
        seal_g1 gid;
        seal_gt x;
        tu_hex(gt, 576, tu_str(c, "gt_hex"), 1);
        tu_hex(nonce, 96, tu_str(c, "nonce_hex"), 1);
        tu_hex(oid, 32, tu_str(c, "object_id"), 1);
        tu_hex(want, 32, tu_str(c, "output_hex"), 1);
        uint8_t *id = tu_hex_alloc(tu_str(c, "id_hex"), &n);
        assert_int_equal(seal_ibe_hash_id(&gid, id, n), SEAL_OK);
        seal_g1_compress(gid_bytes, &gid);
        uint8_t index = (uint8_t)json_integer_value(json_object_get(c, "index"));
        seal_kdf_share_bytes(got, gt, nonce, gid_bytes, oid, index);
        tu_assert_bytes(got, want, 32, "kdf");
        assert_int_equal(seal_fp12_from_bytes(&x, gt), SEAL_OK);
        seal_kdf_share(got, &x, nonce, gid_bytes, oid, index);
        tu_assert_bytes(got, want, 32, "kdf via GT element");
        free(id);
    }
    /* Upstream regression: X = e(G1, G2)^12345, nonce = 12345*G2, gid = H1(00). */
    json_t *v = spec_vector("kdf_regression");
    seal_scalar k;
    seal_g1 g1, gid;
    seal_g2 g2, u;
    seal_gt x;
    uint8_t nonce[96], gid_bytes[48], oid[32] = {0}, want[32], got[32];
    uint8_t zero = 0;
    seal_scalar_from_u64(&k, 12345);
    seal_g1_generator(&g1);
    seal_g2_generator(&g2);
    seal_g1_mul(&g1, &g1, &k);
    seal_pairing(&x, &g1, &g2);
    seal_g2_mul_gen(&u, &k);
    seal_g2_compress(nonce, &u);
    assert_int_equal(seal_ibe_hash_id(&gid, &zero, 1), SEAL_OK);
    seal_g1_compress(gid_bytes, &gid);
    tu_hex(want, 32, tu_str(v, "output"), 1);
    seal_kdf_share(got, &x, nonce, gid_bytes, oid, 42);
    tu_assert_bytes(got, want, 32, "kdf regression");
}

static void test_derive_master_key(void **state) {
    (void)state;
    json_t *v = spec_vector("derive_master_key_regression");
    uint8_t seed[32], want[32], got[32];
    tu_hex(seed, 32, tu_str(v, "seed"), 1);
    tu_hex(want, 32, tu_str(v, "master_key"), 1);
    uint64_t idx = (uint64_t)json_integer_value(json_object_get(v, "derivation_index"));
    assert_int_equal(seal_keys_derive_master_key(got, seed, idx), SEAL_OK);
    tu_assert_bytes(got, want, 32, "derived master key");
    assert_int_equal(seal_keys_derive_master_key(got, seed, idx + 1), SEAL_OK);
    assert_memory_not_equal(got, want, 32);
}

/* SDK scalar sampling: 48 bytes -> (BE mod (r-1)) + 1, checked on the vectors' recorded draws
 * and on edge values computed independently. */
static void test_scalar_from_seed(void **state) {
    (void)state;
    json_t *j = tu_load_json("sdk/elgamal.json");
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(j, "cases"), i, c) {
        uint8_t seed[48], want[32], got[32];
        seal_scalar s;
        tu_hex(seed, 48, tu_str(c, "enc_secret_key_seed_hex"), 1);
        tu_hex(want, 32, tu_str(c, "enc_secret_key_hex"), 1);
        seal_keys_scalar_from_seed(&s, seed);
        seal_scalar_to_bytes(got, &s);
        tu_assert_bytes(got, want, 32, "scalar from seed");
    }
    json_decref(j);
    /* Edge values: seed 0 -> 1, seed r-2 -> r-1, seed r-1 -> 1 (computed by hand). */
    uint8_t seed[48] = {0};
    uint8_t got[32], want[32];
    seal_scalar s;
    seal_keys_scalar_from_seed(&s, seed);
    seal_scalar_to_bytes(got, &s);
    memset(want, 0, 32);
    want[31] = 1;
    tu_assert_bytes(got, want, 32, "seed 0");
    static const char *r_minus_2 =
        "73eda753299d7d483339d80809a1d80553bda402fffe5bfefffffffeffffffff";
    static const char *r_minus_1 =
        "73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000000";
    tu_hex(seed + 16, 32, r_minus_2, 1);
    seal_keys_scalar_from_seed(&s, seed);
    seal_scalar_to_bytes(got, &s);
    tu_hex(want, 32, r_minus_1, 1);
    tu_assert_bytes(got, want, 32, "seed r-2");
    tu_hex(seed + 16, 32, r_minus_1, 1);
    seal_keys_scalar_from_seed(&s, seed);
    seal_scalar_to_bytes(got, &s);
    memset(want, 0, 32);
    want[31] = 1;
    tu_assert_bytes(got, want, 32, "seed r-1");
}

/* The scalar range rule (randomness, master keys): 32-byte big-endian values must be < r. */
static void test_safe_scalar(void **state) {
    (void)state;
    json_t *v = spec_vector("safe_scalar_from_bytes");
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(v, "valid"), i, s) {
        uint8_t b[32], pk[96];
        seal_scalar k;
        tu_hex(b, 32, json_string_value(s), 1);
        assert_int_equal(seal_scalar_from_bytes(&k, b), SEAL_OK);
        assert_int_equal(seal_keys_public_key(pk, b),
                         seal_scalar_is_zero(&k) ? SEAL_ERR_INVALID_KEY : SEAL_OK);
    }
    size_t n32 = 0;
    json_array_foreach(json_object_get(v, "invalid"), i, s) {
        const char *hex = json_string_value(s);
        if (strlen(hex) != 64) {
            continue; /* the 31/33-byte cases are length errors, impossible with [u8; 32] */
        }
        uint8_t b[32], pk[96];
        seal_scalar k;
        tu_hex(b, 32, hex, 1);
        assert_int_equal(seal_scalar_from_bytes(&k, b), SEAL_ERR_NOT_CANONICAL);
        assert_int_equal(seal_keys_public_key(pk, b), SEAL_ERR_NOT_CANONICAL);
        n32++;
    }
    assert_int_equal(n32, 2);
}

static void test_pop(void **state) {
    (void)state;
    size_t i;
    json_t *c;
    json_array_foreach(sdk_cases("proof_of_possession"), i, c) {
        uint8_t msk[32], pk[96], oid[32], want[48], got[48];
        tu_hex(msk, 32, tu_str(c, "msk_hex"), 1);
        tu_hex(pk, 96, tu_str(c, "pk_hex"), 1);
        tu_hex(oid, 32, tu_str(c, "object_id"), 1);
        tu_hex(want, 48, tu_str(c, "pop_hex"), 1);
        assert_int_equal(seal_keys_pop_create(got, msk, oid), SEAL_OK);
        tu_assert_bytes(got, want, 48, "pop");
        assert_int_equal(seal_keys_pop_verify(want, pk, oid), SEAL_OK);
        oid[0] ^= 1;
        assert_int_equal(seal_keys_pop_verify(want, pk, oid), SEAL_ERR_INVALID_KEY);
    }
    json_t *j = tu_load_json("spec/elgamal_committee_pop.json");
    json_t *p = json_object_get(j, "proof_of_possession");
    uint8_t msk[32], pk[96], oid[32], want[48], got[48];
    tu_hex(msk, 32, tu_str(p, "master_key"), 1);
    tu_hex(pk, 96, tu_str(p, "public_key"), 1);
    tu_hex(oid, 32, tu_str(p, "key_server_object_id"), 1);
    tu_hex(want, 48, tu_str(p, "pop"), 1);
    assert_int_equal(seal_keys_pop_create(got, msk, oid), SEAL_OK);
    tu_assert_bytes(got, want, 48, "upstream pop");
    assert_int_equal(seal_keys_pop_verify(got, pk, oid), SEAL_OK);
    json_decref(j);
}

static seal_err tu_fill(void *ctx, uint8_t *out, size_t len) {
    tu_rng_bytes(ctx, out, len);
    return SEAL_OK;
}

static void test_keygen_round_trip(void **state) {
    (void)state;
    tu_rng r;
    tu_rng_init(&r, 77);
    seal_rng rng = {tu_fill, &r};
    uint8_t msk[32], pk[96], pk2[96], usk[48];
    assert_int_equal(seal_keys_generate(msk, pk, &rng), SEAL_OK);
    assert_int_equal(seal_keys_public_key(pk2, msk), SEAL_OK);
    assert_memory_equal(pk, pk2, 96);
    static const uint8_t fid[40] = {1, 2, 3};
    assert_int_equal(seal_keys_extract(usk, msk, fid, sizeof fid), SEAL_OK);
    assert_int_equal(seal_keys_verify_user_secret_key(usk, pk, fid, sizeof fid), SEAL_OK);
    /* Another server's key fails. */
    uint8_t msk2[32], pk3[96];
    assert_int_equal(seal_keys_generate(msk2, pk3, &rng), SEAL_OK);
    assert_int_equal(seal_keys_verify_user_secret_key(usk, pk3, fid, sizeof fid),
                     SEAL_ERR_INVALID_KEY);
    /* Identity usk is rejected. */
    uint8_t ident[48] = {0xc0};
    assert_int_equal(seal_keys_verify_user_secret_key(ident, pk, fid, sizeof fid),
                     SEAL_ERR_INVALID_KEY);
    /* Garbage encodings are decoding errors. */
    uint8_t bad[48];
    memset(bad, 0xff, sizeof bad);
    assert_int_not_equal(seal_keys_verify_user_secret_key(bad, pk, fid, sizeof fid), SEAL_OK);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hash_to_g1),
        cmocka_unit_test(test_public_keys_and_extract),
        cmocka_unit_test(test_derived_key_verification),
        cmocka_unit_test(test_gt_and_kdf),
        cmocka_unit_test(test_derive_master_key),
        cmocka_unit_test(test_scalar_from_seed),
        cmocka_unit_test(test_safe_scalar),
        cmocka_unit_test(test_pop),
        cmocka_unit_test(test_keygen_round_trip),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
