/* EncryptedObject codec: upstream objects parse and re-encode byte for byte, negative cases and
 * mutations are rejected. (Decryption is tested in test_sdk_vectors / test_ibe.) */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "seal/object.h"

static void check_parsed(const seal_object *o, json_t *parsed) {
    uint8_t b[96];
    size_t n;
    json_t *v;
    if ((v = json_object_get(parsed, "version")) != NULL) {
        assert_int_equal(o->version, json_integer_value(v));
    }
    if ((v = json_object_get(parsed, "package_id")) != NULL) {
        tu_hex(b, 32, json_string_value(v), 1);
        assert_memory_equal(o->package_id, b, 32);
    }
    if ((v = json_object_get(parsed, "id")) != NULL) {
        uint8_t *id = tu_hex_alloc(json_string_value(v), &n);
        assert_int_equal(o->id_len, n);
        if (n > 0) {
            assert_memory_equal(o->id, id, n);
        }
        free(id);
    }
    if ((v = json_object_get(parsed, "threshold")) != NULL) {
        assert_int_equal(o->threshold, json_integer_value(v));
    }
    if ((v = json_object_get(parsed, "services")) != NULL) {
        assert_int_equal(o->n_services, json_array_size(v));
        for (size_t i = 0; i < o->n_services; i++) {
            json_t *s = json_array_get(v, i);
            tu_hex(b, 32, json_string_value(json_array_get(s, 0)), 1);
            assert_memory_equal(o->service_ids[i], b, 32);
            assert_int_equal(o->service_indices[i], json_integer_value(json_array_get(s, 1)));
        }
    }
    if ((v = json_object_get(parsed, "nonce")) != NULL) {
        tu_hex(b, 96, json_string_value(v), 1);
        assert_memory_equal(o->nonce, b, 96);
    }
    if ((v = json_object_get(parsed, "encrypted_shares")) != NULL) {
        assert_int_equal(json_array_size(v), o->n_services);
        for (size_t i = 0; i < o->n_services; i++) {
            tu_hex(b, 32, json_string_value(json_array_get(v, i)), 1);
            assert_memory_equal(o->encrypted_shares[i], b, 32);
        }
    }
    if ((v = json_object_get(parsed, "encrypted_randomness")) != NULL) {
        tu_hex(b, 32, json_string_value(v), 1);
        assert_memory_equal(o->encrypted_randomness, b, 32);
    }
    if ((v = json_object_get(parsed, "blob")) != NULL) {
        uint8_t *blob = tu_hex_alloc(json_string_value(v), &n);
        assert_int_equal(o->blob_len, n);
        assert_memory_equal(o->blob, blob, n);
        free(blob);
    }
    if ((v = json_object_get(parsed, "aad")) != NULL && json_is_string(v)) {
        uint8_t *aad = tu_hex_alloc(json_string_value(v), &n);
        assert_true(o->has_aad);
        assert_int_equal(o->aad_len, n);
        if (n > 0) {
            assert_memory_equal(o->aad, aad, n);
        }
        free(aad);
    }
    if ((v = json_object_get(parsed, "mac")) != NULL) {
        tu_hex(b, 32, json_string_value(v), 1);
        assert_memory_equal(o->mac, b, 32);
    }
}

static void round_trip(const uint8_t *bytes, size_t len, seal_object *o) {
    assert_int_equal(seal_object_decode_no_point_check(o, bytes, len), SEAL_OK);
    assert_int_equal(seal_object_encoded_size(o), len);
    uint8_t *back = malloc(len);
    size_t out_len = 0;
    assert_int_equal(seal_object_encode(back, len, &out_len, o), SEAL_OK);
    assert_int_equal(out_len, len);
    tu_assert_bytes(back, bytes, len, "re-encoded object");
    /* Too small a buffer: SEAL_ERR_LIMIT with the needed size. */
    assert_int_equal(seal_object_encode(back, len - 1, &out_len, o), SEAL_ERR_LIMIT);
    assert_int_equal(out_len, len);
    free(back);
}

static void test_upstream_objects(void **state) {
    (void)state;
    json_t *j = tu_load_json("spec/encrypted_objects.json");
    json_t *vs = json_object_get(j, "vectors");
    size_t i;
    json_t *v;
    static seal_object o;
    size_t count = 0;
    json_array_foreach(vs, i, v) {
        const char *name = tu_str(v, "name");
        if (strcmp(name, "deterministic_encryption_example") == 0) {
            static const char *keys[] = {"encrypted_object_aes_hex",
                                         "encrypted_object_aes_aad_none_hex",
                                         "encrypted_object_hmac_hex", "encrypted_object_plain_hex"};
            static const seal_dem_type dems[] = {SEAL_DEM_AES_256_GCM, SEAL_DEM_AES_256_GCM,
                                                 SEAL_DEM_HMAC_256_CTR, SEAL_DEM_PLAIN};
            for (size_t k = 0; k < 4; k++) {
                size_t len;
                uint8_t *bytes = tu_hex_alloc(tu_str(v, keys[k]), &len);
                round_trip(bytes, len, &o);
                assert_int_equal(o.dem, dems[k]);
                assert_int_equal(o.has_aad, k != 1 && k != 3);
                free(bytes);
                count++;
            }
            continue;
        }
        size_t len;
        uint8_t *bytes = tu_hex_alloc(tu_str(v, "hex"), &len);
        round_trip(bytes, len, &o);
        json_t *parsed = json_object_get(v, "parsed");
        if (parsed != NULL && json_is_object(parsed)) {
            check_parsed(&o, parsed);
        }
        free(bytes);
        count++;
    }
    assert_true(count >= 12);
    json_decref(j);
}

static void test_upstream_negative(void **state) {
    (void)state;
    json_t *j = tu_load_json("spec/encrypted_objects.json");
    json_t *vs = json_object_get(j, "negative");
    size_t i;
    json_t *v;
    static seal_object o;
    assert_true(json_array_size(vs) >= 4);
    json_array_foreach(vs, i, v) {
        size_t len;
        uint8_t *bytes = tu_hex_alloc(tu_str(v, "hex"), &len);
        seal_err err = seal_object_decode_no_point_check(&o, bytes, len);
        if (err == SEAL_OK) {
            fail_msg("negative case %s was accepted", tu_str(v, "name"));
        }
        free(bytes);
    }
    json_decref(j);
}

/* Builds a small valid object by hand. */
static size_t build(uint8_t *buf, size_t cap, seal_object *o, uint8_t n, uint8_t t) {
    static const uint8_t id[3] = {1, 2, 3};
    static const uint8_t blob[20] = {9};
    static const uint8_t aad[2] = {7, 7};
    memset(o, 0, sizeof *o);
    o->id = id;
    o->id_len = sizeof id;
    o->n_services = n;
    for (uint8_t i = 0; i < n; i++) {
        o->service_ids[i][0] = i;
        o->service_indices[i] = (uint8_t)(i + 1);
        o->encrypted_shares[i][1] = i;
    }
    o->threshold = t;
    o->dem = SEAL_DEM_HMAC_256_CTR;
    o->blob = blob;
    o->blob_len = sizeof blob;
    o->has_aad = true;
    o->aad = aad;
    o->aad_len = sizeof aad;
    size_t len = 0;
    assert_int_equal(seal_object_encode(buf, cap, &len, o), SEAL_OK);
    return len;
}

static void test_mutations(void **state) {
    (void)state;
    static uint8_t buf[20000];
    static seal_object o, d;
    size_t len = build(buf, sizeof buf, &o, 3, 2);
    assert_int_equal(seal_object_decode_no_point_check(&d, buf, len), SEAL_OK);
    /* Every truncation fails. */
    for (size_t k = 0; k < len; k++) {
        assert_int_not_equal(seal_object_decode_no_point_check(&d, buf, k), SEAL_OK);
    }
    /* Trailing bytes fail. */
    buf[len] = 0;
    assert_int_equal(seal_object_decode_no_point_check(&d, buf, len + 1),
                     SEAL_ERR_INVALID_ENCODING);
    /* Version 1 fails. */
    buf[0] = 1;
    assert_int_equal(seal_object_decode_no_point_check(&d, buf, len), SEAL_ERR_INVALID_ENCODING);
    buf[0] = 0;
    /* Non-canonical id length (0x83 0x00 instead of 0x03). */
    static uint8_t nc[20001];
    memcpy(nc, buf, 33);
    nc[33] = 0x83;
    nc[34] = 0x00;
    memcpy(nc + 35, buf + 34, len - 34);
    assert_int_equal(seal_object_decode_no_point_check(&d, nc, len + 1), SEAL_ERR_INVALID_ENCODING);
    /* Threshold 0 and threshold > n: offset of threshold = 1+32+1+3+1+3*33. */
    size_t toff = 1 + 32 + 1 + 3 + 1 + 3 * 33;
    assert_int_equal(buf[toff], 2);
    buf[toff] = 0;
    assert_int_equal(seal_object_decode_no_point_check(&d, buf, len), SEAL_ERR_INVALID_ENCODING);
    buf[toff] = 4;
    assert_int_equal(seal_object_decode_no_point_check(&d, buf, len), SEAL_ERR_INVALID_ENCODING);
    buf[toff] = 3;
    assert_int_equal(seal_object_decode_no_point_check(&d, buf, len), SEAL_OK);
    buf[toff] = 2;
    /* Duplicate and zero indices. */
    size_t ioff = 1 + 32 + 1 + 3 + 1 + 32; /* index of service 0 */
    buf[ioff] = 2;
    assert_int_equal(seal_object_decode_no_point_check(&d, buf, len), SEAL_ERR_INVALID_ENCODING);
    buf[ioff] = 0;
    assert_int_equal(seal_object_decode_no_point_check(&d, buf, len), SEAL_ERR_INVALID_ENCODING);
    buf[ioff] = 200; /* any distinct non-zero index is fine */
    assert_int_equal(seal_object_decode_no_point_check(&d, buf, len), SEAL_OK);
    buf[ioff] = 1;
    /* Unknown IBE variant and unknown ciphertext variant. */
    size_t voff = toff + 1;
    buf[voff] = 1;
    assert_int_equal(seal_object_decode_no_point_check(&d, buf, len), SEAL_ERR_INVALID_ENCODING);
    buf[voff] = 0;
    size_t coff = voff + 1 + 96 + 1 + 3 * 32 + 32;
    assert_int_equal(buf[coff], 1);
    buf[coff] = 3;
    assert_int_equal(seal_object_decode_no_point_check(&d, buf, len), SEAL_ERR_INVALID_ENCODING);
    buf[coff] = 1;
    /* Share count different from the service count. */
    buf[voff + 1 + 96] = 2;
    assert_int_not_equal(seal_object_decode_no_point_check(&d, buf, len), SEAL_OK);
    buf[voff + 1 + 96] = 3;
    /* Bad option tag. */
    size_t ooff = coff + 1 + 1 + 20;
    assert_int_equal(buf[ooff], 1);
    buf[ooff] = 2;
    assert_int_equal(seal_object_decode_no_point_check(&d, buf, len), SEAL_ERR_INVALID_ENCODING);
    buf[ooff] = 1;
    assert_int_equal(seal_object_decode_no_point_check(&d, buf, len), SEAL_OK);
}

static void test_limits(void **state) {
    (void)state;
    static uint8_t buf[20000];
    static seal_object o, d;
    /* 255 services is the maximum. */
    size_t len = build(buf, sizeof buf, &o, 255, 255);
    assert_int_equal(seal_object_decode_no_point_check(&d, buf, len), SEAL_OK);
    assert_int_equal(d.n_services, 255);
    /* 256 services (count 0x80 0x02) is rejected before reading them. */
    uint8_t big[1 + 32 + 1 + 2] = {0};
    big[33] = 0;
    big[34] = 0x80;
    big[35] = 0x02;
    assert_int_equal(seal_object_decode_no_point_check(&d, big, sizeof big), SEAL_ERR_LIMIT);
    /* Zero services. */
    uint8_t zero[1 + 32 + 1 + 1] = {0};
    assert_int_not_equal(seal_object_decode_no_point_check(&d, zero, sizeof zero), SEAL_OK);
    /* The encoder refuses invalid objects. */
    o.threshold = 0;
    size_t out_len;
    assert_int_equal(seal_object_encode(buf, sizeof buf, &out_len, &o), SEAL_ERR_INVALID_ARGUMENT);
    /* full_id */
    build(buf, sizeof buf, &o, 2, 1);
    uint8_t fid[64];
    assert_int_equal(seal_object_full_id(fid, sizeof fid, &out_len, &o), SEAL_OK);
    assert_int_equal(out_len, 35);
    assert_int_equal(fid[33], 2);
    assert_int_equal(seal_object_full_id(fid, 34, &out_len, &o), SEAL_ERR_LIMIT);
}

/* Random byte mutations of valid objects: the decoder never reads out of bounds (ASan), and
 * whatever it accepts re-encodes to exactly the same bytes (the encoding is canonical). */
static void test_random_mutations_canonical(void **state) {
    (void)state;
    json_t *j = tu_load_json("spec/encrypted_objects.json");
    tu_rng r;
    tu_rng_init(&r, 31337);
    static seal_object o;
    static uint8_t buf[4096], re[4096];
    size_t accepted = 0, rejected = 0;
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(j, "vectors"), i, v) {
        if (json_object_get(v, "hex") == NULL) {
            continue;
        }
        size_t len = tu_hex(buf, sizeof buf, tu_str(v, "hex"), 0);
        static uint8_t orig[4096];
        memcpy(orig, buf, len);
        for (int iter = 0; iter < 2000; iter++) {
            uint8_t rb[4];
            tu_rng_bytes(&r, rb, sizeof rb);
            memcpy(buf, orig, len);
            size_t pos = (size_t)(rb[0] | rb[1] << 8) % len;
            buf[pos] = rb[2];
            /* Sometimes also cut the input short. */
            size_t l = (rb[3] & 7) == 0 ? (size_t)rb[3] * len / 256 : len;
            if (seal_object_decode_no_point_check(&o, buf, l) == SEAL_OK) {
                size_t rl = 0;
                assert_int_equal(seal_object_encode(re, sizeof re, &rl, &o), SEAL_OK);
                assert_int_equal(rl, l);
                assert_memory_equal(re, buf, l);
                accepted++;
            } else {
                rejected++;
            }
        }
    }
    assert_true(accepted > 100 && rejected > 100);
    json_decref(j);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_upstream_objects),
        cmocka_unit_test(test_upstream_negative),
        cmocka_unit_test(test_mutations),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_random_mutations_canonical),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
