#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "bls/curve.h"
#include "seal/bls12_381.h"

static const char *R_HEX = "73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001";

static void scalar_hex(seal_scalar *s, const char *hex) {
    uint8_t b[32];
    tu_hex(b, 32, hex, 1);
    assert_int_equal(seal_scalar_from_bytes(s, b), SEAL_OK);
}

static void fp_hex(fp *out, const char *hex) {
    uint8_t b[48];
    tu_hex(b, 48, hex, 1);
    assert_true(seal__fp_from_bytes(out, b));
}

static void assert_compressed(const seal_g1 *p, const char *hex, const char *what) {
    uint8_t want[48], got[48];
    tu_hex(want, 48, hex, 1);
    seal_g1_compress(got, p);
    tu_assert_bytes(got, want, 48, what);
}

static void random_scalar(seal_scalar *s, tu_rng *r) {
    uint8_t b[64];
    tu_rng_bytes(r, b, sizeof b);
    seal_scalar_from_bytes_wide(s, b, sizeof b);
}

static void random_point(seal_g1 *p, tu_rng *r) {
    seal_scalar k;
    random_scalar(&k, r);
    seal_g1_mul_gen(p, &k);
}

/* Reference: plain double-and-add over the 256 bits, with the group law only. */
static void naive_mul(seal_g1 *out, const seal_g1 *p, const seal_scalar *k) {
    seal_g1 acc;
    seal_g1_identity(&acc);
    for (int i = 255; i >= 0; i--) {
        seal_g1_double(&acc, &acc);
        if ((k->l[i / 64] >> (i % 64)) & 1) {
            seal_g1_add(&acc, &acc, p);
        }
    }
    *out = acc;
}

static void test_generator(void **state) {
    (void)state;
    json_t *c = tu_load_json("bls12_381/constants.json");
    json_t *g = json_object_get(json_object_get(c, "generators"), "G1");
    seal_g1 p;
    seal_g1_generator(&p);
    assert_compressed(&p, tu_str(g, "compressed"), "G1 compressed");
    uint8_t want[96], got[96];
    tu_hex(want, 96, tu_str(g, "uncompressed"), 1);
    seal_g1_serialize(got, &p);
    tu_assert_bytes(got, want, 96, "G1 uncompressed");
    assert_true(seal_g1_is_on_curve(&p));
    assert_true(seal_g1_in_subgroup(&p));
    assert_false(seal_g1_is_identity(&p));
    seal_g1_affine a;
    seal_g1_to_affine(&a, &p);
    fp x, y;
    json_t *v = json_object_get(g, "value");
    fp_hex(&x, tu_str(v, "x"));
    fp_hex(&y, tu_str(v, "y"));
    assert_false(a.infinity);
    assert_true(seal__fp_equal(&a.x, &x));
    assert_true(seal__fp_equal(&a.y, &y));
    json_decref(c);
}

static void check_mul_vector(json_t *v, const seal_scalar *k) {
    seal_g1 g, p;
    seal_g1_generator(&g);
    const char *comp = tu_str(v, "compressed");
    uint8_t want[96], got[96];
    tu_hex(want, 96, tu_str(v, "uncompressed"), 1);
    seal_g1_mul(&p, &g, k);
    assert_compressed(&p, comp, "mul");
    seal_g1_serialize(got, &p);
    tu_assert_bytes(got, want, 96, "mul uncompressed");
    seal_g1_mul_vartime(&p, &g, k);
    assert_compressed(&p, comp, "mul_vartime");
    seal_g1_mul_gen(&p, k);
    assert_compressed(&p, comp, "mul_gen");
    json_t *aff = json_object_get(v, "affine");
    seal_g1_affine a;
    seal_g1_to_affine(&a, &p);
    if (json_is_null(aff)) {
        assert_true(a.infinity);
        assert_true(seal_g1_is_identity(&p));
    } else {
        fp x, y;
        fp_hex(&x, tu_str(aff, "x"));
        fp_hex(&y, tu_str(aff, "y"));
        assert_false(a.infinity);
        assert_true(seal__fp_equal(&a.x, &x));
        assert_true(seal__fp_equal(&a.y, &y));
    }
}

static void test_mul_vectors(void **state) {
    (void)state;
    json_t *j = tu_load_json("bls12_381/pairing_vectors.json");
    size_t i, n = 0;
    json_t *v;
    json_array_foreach(json_object_get(j, "scalar_mul_g1"), i, v) {
        seal_scalar k;
        scalar_hex(&k, tu_str(v, "k"));
        check_mul_vector(v, &k);
        n++;
    }
    assert_int_equal(n, 22);
    n = 0;
    json_array_foreach(json_object_get(j, "scalar_mul_out_of_range_g1"), i, v) {
        uint8_t b[32];
        seal_scalar k, kr;
        tu_hex(b, 32, tu_str(v, "k"), 1);
        assert_int_equal(seal_scalar_from_bytes(&k, b), SEAL_ERR_NOT_CANONICAL);
        seal_scalar_from_bytes_wide(&k, b, 32);
        scalar_hex(&kr, tu_str(v, "k_mod_r"));
        assert_true(seal_scalar_equal(&k, &kr));
        check_mul_vector(v, &k);
        n++;
    }
    assert_int_equal(n, 3);
    json_decref(j);
}

static void test_group_laws(void **state) {
    (void)state;
    tu_rng r;
    tu_rng_init(&r, 11);
    seal_g1 o;
    seal_g1_identity(&o);
    assert_true(seal_g1_is_identity(&o));
    assert_true(seal_g1_is_on_curve(&o));
    assert_true(seal_g1_in_subgroup(&o));
    for (int it = 0; it < 10; it++) {
        seal_g1 p, q, s, t, u;
        random_point(&p, &r);
        random_point(&q, &r);
        random_point(&s, &r);
        /* associativity and commutativity */
        seal_g1_add(&t, &p, &q);
        seal_g1_add(&t, &t, &s);
        seal_g1_add(&u, &q, &s);
        seal_g1_add(&u, &p, &u);
        assert_true(seal_g1_equal(&t, &u));
        seal_g1_add(&t, &p, &q);
        seal_g1_add(&u, &q, &p);
        assert_true(seal_g1_equal(&t, &u));
        assert_true(seal_g1_is_on_curve(&t));
        /* identity */
        seal_g1_add(&t, &p, &o);
        assert_true(seal_g1_equal(&t, &p));
        seal_g1_add(&t, &o, &p);
        assert_true(seal_g1_equal(&t, &p));
        assert_false(seal_g1_equal(&p, &o));
        assert_false(seal_g1_equal(&o, &p));
        /* inverse: P + (-P) = O, P - P = O */
        seal_g1_neg(&t, &p);
        seal_g1_add(&t, &p, &t);
        assert_true(seal_g1_is_identity(&t));
        assert_true(seal_g1_equal(&t, &o));
        seal_g1_sub(&t, &p, &p);
        assert_true(seal_g1_is_identity(&t));
        /* doubling equals adding to itself (the complete formula on P + P) */
        seal_g1_double(&t, &p);
        seal_g1_add(&u, &p, &p);
        assert_true(seal_g1_equal(&t, &u));
        /* (P + Q) - Q = P */
        seal_g1_add(&t, &p, &q);
        seal_g1_sub(&t, &t, &q);
        assert_true(seal_g1_equal(&t, &p));
        /* aliasing: out == in */
        t = p;
        seal_g1_add(&t, &t, &t);
        assert_true(seal_g1_equal(&t, &u));
        /* the same point in another projective representation */
        seal_g1_affine a;
        seal_g1_to_affine(&a, &p);
        seal_g1_from_affine(&t, &a);
        assert_true(seal_g1_equal(&t, &p));
        /* mixed addition agrees with the full one */
        seal__g1_add_affine(&t, &q, &a.x, &a.y);
        seal_g1_add(&u, &q, &p);
        assert_true(seal_g1_equal(&t, &u));
        seal_g1_neg(&u, &p);
        seal__g1_add_affine(&t, &u, &a.x, &a.y);
        assert_true(seal_g1_is_identity(&t));
        seal__g1_add_affine(&t, &o, &a.x, &a.y);
        assert_true(seal_g1_equal(&t, &p));
    }
    seal_g1 t;
    seal_g1_double(&t, &o);
    assert_true(seal_g1_is_identity(&t));
    seal_g1_add(&t, &o, &o);
    assert_true(seal_g1_is_identity(&t));
    seal_g1_affine a;
    seal_g1_to_affine(&a, &o);
    assert_true(a.infinity);
    seal_g1_from_affine(&t, &a);
    assert_true(seal_g1_is_identity(&t));
}

static void test_mul_consistency(void **state) {
    (void)state;
    tu_rng r;
    tu_rng_init(&r, 12);
    seal_scalar ks[16];
    size_t nk = 0;
    uint8_t b[32];
    seal_scalar_from_u64(&ks[nk++], 0);
    seal_scalar_from_u64(&ks[nk++], 1);
    seal_scalar_from_u64(&ks[nk++], 2);
    tu_hex(b, 32, R_HEX, 1);
    b[31] = 0; /* r - 1 */
    assert_int_equal(seal_scalar_from_bytes(&ks[nk++], b), SEAL_OK);
    /* lambda - 1, lambda, lambda + 1 (the GLV split boundaries) */
    for (uint64_t d = 0; d < 3; d++) {
        seal_scalar_from_u64(&ks[nk], 0);
        ks[nk].l[0] = seal__g1_glv_lambda[0] - 1 + d;
        ks[nk].l[1] = seal__g1_glv_lambda[1];
        nk++;
    }
    /* 2^255 - 2^128 - 1 reduced: many one bits */
    memset(b, 0xff, 32);
    seal_scalar_from_bytes_wide(&ks[nk++], b, 32);
    while (nk < 16) {
        random_scalar(&ks[nk++], &r);
    }
    seal_g1 g, p;
    seal_g1_generator(&g);
    random_point(&p, &r);
    for (size_t i = 0; i < nk; i++) {
        seal_g1 a, c, d;
        naive_mul(&a, &p, &ks[i]);
        seal_g1_mul(&c, &p, &ks[i]);
        seal_g1_mul_vartime(&d, &p, &ks[i]);
        assert_true(seal_g1_equal(&a, &c));
        assert_true(seal_g1_equal(&a, &d));
        naive_mul(&a, &g, &ks[i]);
        seal_g1_mul_gen(&c, &ks[i]);
        assert_true(seal_g1_equal(&a, &c));
        /* aliasing */
        c = p;
        seal_g1_mul(&c, &c, &ks[i]);
        seal_g1_mul(&d, &p, &ks[i]);
        assert_true(seal_g1_equal(&c, &d));
    }
    /* [a]([b]P) = [ab]P, and the identity times anything is the identity */
    for (int it = 0; it < 4; it++) {
        seal_scalar a, c, ab;
        random_scalar(&a, &r);
        random_scalar(&c, &r);
        seal_scalar_mul(&ab, &a, &c);
        seal_g1 t, u, o;
        seal_g1_mul(&t, &p, &c);
        seal_g1_mul(&t, &t, &a);
        seal_g1_mul(&u, &p, &ab);
        assert_true(seal_g1_equal(&t, &u));
        seal_g1_identity(&o);
        seal_g1_mul(&t, &o, &a);
        assert_true(seal_g1_is_identity(&t));
        seal_g1_mul_vartime(&t, &o, &a);
        assert_true(seal_g1_is_identity(&t));
    }
}

static void test_msm(void **state) {
    (void)state;
    tu_rng r;
    tu_rng_init(&r, 13);
    seal_g1 ps[6], want, got, t;
    seal_scalar ks[6];
    seal_g1_msm_vartime(&got, ps, ks, 0);
    assert_true(seal_g1_is_identity(&got));
    seal_g1_identity(&want);
    for (int i = 0; i < 6; i++) {
        random_point(&ps[i], &r);
        random_scalar(&ks[i], &r);
        naive_mul(&t, &ps[i], &ks[i]);
        seal_g1_add(&want, &want, &t);
    }
    seal_g1_msm_vartime(&got, ps, ks, 6);
    assert_true(seal_g1_equal(&got, &want));
}

static void test_subgroup(void **state) {
    (void)state;
    tu_rng r;
    tu_rng_init(&r, 14);
    /* (0, 2) is on E1 and has order 3 */
    seal_g1_affine a;
    seal__fp_from_u64(&a.x, 0);
    seal__fp_from_u64(&a.y, 2);
    a.infinity = false;
    seal_g1 p, t;
    seal_g1_from_affine(&p, &a);
    assert_true(seal_g1_is_on_curve(&p));
    assert_false(seal_g1_in_subgroup(&p));
    seal_g1_double(&t, &p);
    seal_g1_add(&t, &t, &p);
    assert_true(seal_g1_is_identity(&t));
    /* (0, 3) is not on the curve */
    seal__fp_from_u64(&a.y, 3);
    seal_g1_from_affine(&p, &a);
    assert_false(seal_g1_is_on_curve(&p));
    assert_false(seal_g1_in_subgroup(&p));
    /* (0 : 0 : 0) is not a point */
    memset(&p, 0, sizeof p);
    assert_false(seal_g1_is_on_curve(&p));
    /* map_to_curve outputs lie on E1 but (almost surely) outside G1; clearing the cofactor
     * moves them in, and [r] of them is the identity */
    for (int it = 0; it < 5; it++) {
        uint8_t b[64];
        fp u;
        tu_rng_bytes(&r, b, 64);
        seal__fp_from_bytes_wide64(&u, b);
        seal__g1_map_to_curve(&p, &u);
        assert_true(seal_g1_is_on_curve(&p));
        assert_false(seal_g1_in_subgroup(&p));
        seal__g1_clear_cofactor(&t, &p);
        assert_true(seal_g1_in_subgroup(&t));
        seal_scalar rm1;
        uint8_t rb[32];
        tu_hex(rb, 32, R_HEX, 1);
        rb[31] = 0;
        assert_int_equal(seal_scalar_from_bytes(&rm1, rb), SEAL_OK);
        seal_g1 q;
        naive_mul(&q, &t, &rm1); /* [r - 1] T = -T */
        seal_g1_add(&q, &q, &t);
        assert_true(seal_g1_is_identity(&q));
        naive_mul(&q, &p, &rm1);
        seal_g1_add(&q, &q, &p);
        assert_false(seal_g1_is_identity(&q));
    }
    for (int it = 0; it < 5; it++) {
        random_point(&p, &r);
        assert_true(seal_g1_in_subgroup(&p));
    }
}

/* Differential data from @noble/curves (tests/vectors/noble/g1.json). */
static void point_hex(seal_g1 *p, const char *hex) {
    uint8_t b[48];
    tu_hex(b, 48, hex, 1);
    assert_int_equal(seal_g1_decompress(p, b), SEAL_OK);
}

static void test_noble(void **state) {
    (void)state;
    json_t *j = tu_load_json("noble/g1.json");
    size_t i, n = 0;
    json_t *v;
    seal_g1 g, p, q, t;
    seal_g1_generator(&g);
    json_array_foreach(json_object_get(j, "mul_gen"), i, v) {
        seal_scalar k;
        uint8_t want[96], got[96];
        scalar_hex(&k, tu_str(v, "k"));
        seal_g1_mul_gen(&p, &k);
        assert_compressed(&p, tu_str(v, "c"), "noble mul_gen");
        tu_hex(want, 96, tu_str(v, "u"), 1);
        seal_g1_serialize(got, &p);
        tu_assert_bytes(got, want, 96, "noble mul_gen uncompressed");
        seal_g1_mul(&q, &g, &k);
        assert_true(seal_g1_equal(&p, &q));
        n++;
    }
    json_array_foreach(json_object_get(j, "mul"), i, v) {
        seal_scalar k;
        point_hex(&q, tu_str(v, "p"));
        scalar_hex(&k, tu_str(v, "k"));
        seal_g1_mul(&p, &q, &k);
        assert_compressed(&p, tu_str(v, "c"), "noble mul");
        seal_g1_mul_vartime(&p, &q, &k);
        assert_compressed(&p, tu_str(v, "c"), "noble mul_vartime");
        n++;
    }
    json_array_foreach(json_object_get(j, "add"), i, v) {
        point_hex(&p, tu_str(v, "a"));
        point_hex(&q, tu_str(v, "b"));
        seal_g1_add(&t, &p, &q);
        assert_compressed(&t, tu_str(v, "sum"), "noble add");
        seal_g1_sub(&t, &p, &q);
        assert_compressed(&t, tu_str(v, "diff"), "noble sub");
        seal_g1_double(&t, &p);
        assert_compressed(&t, tu_str(v, "dbl_a"), "noble double");
        n++;
    }
    json_array_foreach(json_object_get(j, "msm"), i, v) {
        json_t *ps = json_object_get(v, "p"), *ks = json_object_get(v, "k");
        size_t m = json_array_size(ps);
        seal_g1 pts[64];
        seal_scalar sc[64];
        assert_true(m <= 64 && m == json_array_size(ks));
        for (size_t e = 0; e < m; e++) {
            point_hex(&pts[e], json_string_value(json_array_get(ps, e)));
            scalar_hex(&sc[e], json_string_value(json_array_get(ks, e)));
        }
        seal_g1_msm_vartime(&p, pts, sc, m);
        assert_compressed(&p, tu_str(v, "c"), "noble msm");
        n++;
    }
    json_array_foreach(json_object_get(j, "decode"), i, v) {
        size_t len;
        uint8_t *in = tu_hex_alloc(tu_str(v, "in"), &len);
        seal_err err = SEAL_ERR_INVALID_ENCODING;
        uint8_t out[96];
        seal_g1_generator(&p);
        if (len == 48) {
            err = seal_g1_decompress(&p, in);
        } else if (len == 96) {
            err = seal_g1_deserialize(&p, in);
        } else {
            seal_g1_identity(&p);
        }
        if (json_is_true(json_object_get(v, "ok"))) {
            if (err != SEAL_OK) {
                fail_msg("%s: %s", tu_str(v, "why"), seal_strerror(err));
            }
            assert_compressed(&p, tu_str(v, "c"), tu_str(v, "why"));
            if (len == 96) {
                seal_g1_serialize(out, &p);
                tu_assert_bytes(out, in, 96, "re-encoding");
            }
        } else {
            if (err == SEAL_OK) {
                fail_msg("%s: accepted", tu_str(v, "why"));
            }
            assert_true(seal_g1_is_identity(&p));
        }
        free(in);
        n++;
    }
    assert_true(n >= 80 + 60 + 80 + 150);
    json_decref(j);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_generator),  cmocka_unit_test(test_mul_vectors),
        cmocka_unit_test(test_group_laws), cmocka_unit_test(test_mul_consistency),
        cmocka_unit_test(test_msm),        cmocka_unit_test(test_subgroup),
        cmocka_unit_test(test_noble),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
