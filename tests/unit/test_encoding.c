#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "bls/curve.h"
#include "seal/bls12_381.h"

/* Decodes by length as a caller holding a byte string of known size would: the 48/96 (G1) and
 * 96/192 (G2) byte decoders, anything else a length error. On success *enc receives the same
 * form re-encoded from the decoded point. */
static seal_err decode(const char *group, const uint8_t *in, size_t len, uint8_t *enc,
                       bool *identity) {
    seal_err err = SEAL_ERR_INVALID_ENCODING;
    if (strcmp(group, "G1") == 0) {
        seal_g1 p;
        seal_g1_generator(&p);
        if (len == 48) {
            err = seal_g1_decompress(&p, in);
            seal_g1_compress(enc, &p);
        } else if (len == 96) {
            err = seal_g1_deserialize(&p, in);
            seal_g1_serialize(enc, &p);
        } else {
            seal_g1_identity(&p);
        }
        *identity = seal_g1_is_identity(&p);
        if (err == SEAL_OK) {
            assert_true(seal_g1_in_subgroup(&p));
        }
    } else {
        seal_g2 p;
        seal_g2_generator(&p);
        if (len == 96) {
            err = seal_g2_decompress(&p, in);
            seal_g2_compress(enc, &p);
        } else if (len == 192) {
            err = seal_g2_deserialize(&p, in);
            seal_g2_serialize(enc, &p);
        } else {
            seal_g2_identity(&p);
        }
        *identity = seal_g2_is_identity(&p);
        if (err == SEAL_OK) {
            assert_true(seal_g2_in_subgroup(&p));
        }
    }
    return err;
}

static void test_valid(void **state) {
    (void)state;
    json_t *j = tu_load_json("bls12_381/pairing_vectors.json");
    size_t i, n = 0;
    json_t *v;
    json_array_foreach(json_object_get(j, "valid_encodings"), i, v) {
        size_t len;
        uint8_t *in = tu_hex_alloc(tu_str(v, "hex"), &len);
        uint8_t enc[192];
        bool identity;
        assert_int_equal(json_integer_value(json_object_get(v, "length")), len);
        assert_int_equal(decode(tu_str(v, "group"), in, len, enc, &identity), SEAL_OK);
        assert_int_equal(identity, json_is_true(json_object_get(v, "infinity")));
        tu_assert_bytes(enc, in, len, tu_str(v, "description"));
        free(in);
        n++;
    }
    assert_int_equal(n, 12);
    json_decref(j);
}

static seal_err expected_error(const char *reason) {
    if (strcmp(reason, "length") == 0 || strcmp(reason, "flags") == 0 ||
        strcmp(reason, "infinity_noncanonical") == 0) {
        return SEAL_ERR_INVALID_ENCODING;
    }
    if (strcmp(reason, "x_not_canonical") == 0 || strcmp(reason, "y_not_canonical") == 0) {
        return SEAL_ERR_NOT_CANONICAL;
    }
    if (strcmp(reason, "not_on_curve") == 0) {
        return SEAL_ERR_NOT_ON_CURVE;
    }
    if (strcmp(reason, "not_in_subgroup") == 0) {
        return SEAL_ERR_NOT_IN_SUBGROUP;
    }
    fail_msg("unknown reason %s", reason);
    return SEAL_OK;
}

static void test_malformed(void **state) {
    (void)state;
    json_t *j = tu_load_json("bls12_381/pairing_vectors.json");
    size_t i, n = 0, n1 = 0;
    json_t *v;
    json_array_foreach(json_object_get(j, "malformed_encodings"), i, v) {
        size_t len;
        uint8_t *in = tu_hex_alloc(tu_str(v, "hex"), &len);
        uint8_t enc[192];
        bool identity = false;
        const char *group = tu_str(v, "group");
        seal_err want = expected_error(tu_str(v, "reason"));
        seal_err got = decode(group, in, len, enc, &identity);
        if (got != want) {
            fail_msg("%s: got %s, want %s", tu_str(v, "description"), seal_strerror(got),
                     seal_strerror(want));
        }
        assert_true(identity); /* a failed decoder leaves the identity */
        n1 += strcmp(group, "G1") == 0;
        free(in);
        n++;
    }
    assert_int_equal(n, 45);
    assert_int_equal(n1, 24);
    json_decref(j);
}

static void test_non_subgroup_points_are_on_curve(void **state) {
    (void)state;
    /* The not_in_subgroup vectors are genuine curve points: decoding them without the subgroup
     * check (flags, sqrt) gives a point on the curve that the subgroup check rejects. */
    json_t *j = tu_load_json("bls12_381/pairing_vectors.json");
    size_t i, n = 0;
    json_t *v;
    json_array_foreach(json_object_get(j, "malformed_encodings"), i, v) {
        if (strcmp(tu_str(v, "reason"), "not_in_subgroup") != 0 ||
            strcmp(tu_str(v, "group"), "G1") != 0 ||
            json_integer_value(json_object_get(v, "length")) != 96) {
            continue;
        }
        uint8_t in[96];
        tu_hex(in, 96, tu_str(v, "hex"), 1);
        seal_g1_affine a;
        assert_true(seal__fp_from_bytes(&a.x, in));
        assert_true(seal__fp_from_bytes(&a.y, in + 48));
        a.infinity = false;
        seal_g1 p;
        seal_g1_from_affine(&p, &a);
        assert_true(seal_g1_is_on_curve(&p));
        assert_false(seal_g1_in_subgroup(&p));
        n++;
    }
    json_array_foreach(json_object_get(j, "malformed_encodings"), i, v) {
        if (strcmp(tu_str(v, "reason"), "not_in_subgroup") != 0 ||
            strcmp(tu_str(v, "group"), "G2") != 0 ||
            json_integer_value(json_object_get(v, "length")) != 192) {
            continue;
        }
        uint8_t in[192];
        tu_hex(in, 192, tu_str(v, "hex"), 1);
        seal_g2_affine a;
        assert_true(seal__fp_from_bytes(&a.x.c1, in));
        assert_true(seal__fp_from_bytes(&a.x.c0, in + 48));
        assert_true(seal__fp_from_bytes(&a.y.c1, in + 96));
        assert_true(seal__fp_from_bytes(&a.y.c0, in + 144));
        a.infinity = false;
        seal_g2 p;
        seal_g2_from_affine(&p, &a);
        assert_true(seal_g2_is_on_curve(&p));
        assert_false(seal_g2_in_subgroup(&p));
        n++;
    }
    assert_int_equal(n, 4);
    json_decref(j);
}

static void test_round_trips(void **state) {
    (void)state;
    tu_rng r;
    tu_rng_init(&r, 21);
    int sorted1 = 0, sorted2 = 0;
    for (int it = 0; it < 16; it++) {
        uint8_t b[64], c1[48], u1[96], c2[96], u2[192];
        seal_scalar k;
        tu_rng_bytes(&r, b, sizeof b);
        seal_scalar_from_bytes_wide(&k, b, sizeof b);
        seal_g1 p, q;
        seal_g1_mul_gen(&p, &k);
        seal_g1_compress(c1, &p);
        sorted1 += (c1[0] & 0x20) != 0;
        assert_int_equal(c1[0] & 0xc0, 0x80);
        assert_int_equal(seal_g1_decompress(&q, c1), SEAL_OK);
        assert_true(seal_g1_equal(&p, &q));
        seal_g1_serialize(u1, &p);
        assert_int_equal(u1[0] & 0xe0, 0);
        assert_int_equal(seal_g1_deserialize(&q, u1), SEAL_OK);
        assert_true(seal_g1_equal(&p, &q));
        /* the compressed x is the uncompressed x with the flags */
        assert_int_equal(u1[0] | 0x80 | (c1[0] & 0x20), c1[0]);
        assert_memory_equal(u1 + 1, c1 + 1, 47);
        seal_g2 s, t;
        seal_g2_mul_gen(&s, &k);
        seal_g2_compress(c2, &s);
        sorted2 += (c2[0] & 0x20) != 0;
        assert_int_equal(seal_g2_decompress(&t, c2), SEAL_OK);
        assert_true(seal_g2_equal(&s, &t));
        seal_g2_serialize(u2, &s);
        assert_int_equal(seal_g2_deserialize(&t, u2), SEAL_OK);
        assert_true(seal_g2_equal(&s, &t));
        assert_memory_equal(u2 + 1, c2 + 1, 95);
        /* flipping the sort bit decodes to the negation */
        c1[0] ^= 0x20;
        assert_int_equal(seal_g1_decompress(&q, c1), SEAL_OK);
        seal_g1_neg(&p, &p);
        assert_true(seal_g1_equal(&p, &q));
        c2[0] ^= 0x20;
        assert_int_equal(seal_g2_decompress(&t, c2), SEAL_OK);
        seal_g2_neg(&s, &s);
        assert_true(seal_g2_equal(&s, &t));
    }
    /* both signs occur */
    assert_true(sorted1 > 0 && sorted1 < 16);
    assert_true(sorted2 > 0 && sorted2 < 16);
    /* the identity encodes to the four infinity forms */
    json_t *c = tu_load_json("bls12_381/constants.json");
    json_t *ser = json_object_get(c, "serialization");
    uint8_t want[192], got[192];
    seal_g1 o1;
    seal_g2 o2;
    seal_g1_identity(&o1);
    seal_g2_identity(&o2);
    tu_hex(want, 48, tu_str(json_object_get(ser, "infinity_g1_compressed"), "value"), 1);
    seal_g1_compress(got, &o1);
    tu_assert_bytes(got, want, 48, "g1 infinity compressed");
    tu_hex(want, 96, tu_str(json_object_get(ser, "infinity_g1_uncompressed"), "value"), 1);
    seal_g1_serialize(got, &o1);
    tu_assert_bytes(got, want, 96, "g1 infinity uncompressed");
    tu_hex(want, 96, tu_str(json_object_get(ser, "infinity_g2_compressed"), "value"), 1);
    seal_g2_compress(got, &o2);
    tu_assert_bytes(got, want, 96, "g2 infinity compressed");
    tu_hex(want, 192, tu_str(json_object_get(ser, "infinity_g2_uncompressed"), "value"), 1);
    seal_g2_serialize(got, &o2);
    tu_assert_bytes(got, want, 192, "g2 infinity uncompressed");
    json_decref(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_non_subgroup_points_are_on_curve),
        cmocka_unit_test(test_round_trips),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
