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

static void fp2_hex(fp2 *out, const json_t *obj) {
    uint8_t b[48];
    tu_hex(b, 48, tu_str(obj, "c0"), 1);
    assert_true(seal__fp_from_bytes(&out->c0, b));
    tu_hex(b, 48, tu_str(obj, "c1"), 1);
    assert_true(seal__fp_from_bytes(&out->c1, b));
}

static void assert_compressed(const seal_g2 *p, const char *hex, const char *what) {
    uint8_t want[96], got[96];
    tu_hex(want, 96, hex, 1);
    seal_g2_compress(got, p);
    tu_assert_bytes(got, want, 96, what);
}

static void random_scalar(seal_scalar *s, tu_rng *r) {
    uint8_t b[64];
    tu_rng_bytes(r, b, sizeof b);
    seal_scalar_from_bytes_wide(s, b, sizeof b);
}

static void random_point(seal_g2 *p, tu_rng *r) {
    seal_scalar k;
    random_scalar(&k, r);
    seal_g2_mul_gen(p, &k);
}

/* Reference: plain double-and-add over the 256 bits, with the group law only. */
static void naive_mul(seal_g2 *out, const seal_g2 *p, const seal_scalar *k) {
    seal_g2 acc;
    seal_g2_identity(&acc);
    for (int i = 255; i >= 0; i--) {
        seal_g2_double(&acc, &acc);
        if ((k->l[i / 64] >> (i % 64)) & 1) {
            seal_g2_add(&acc, &acc, p);
        }
    }
    *out = acc;
}

static void test_generator(void **state) {
    (void)state;
    json_t *c = tu_load_json("bls12_381/constants.json");
    json_t *g = json_object_get(json_object_get(c, "generators"), "G2");
    seal_g2 p;
    seal_g2_generator(&p);
    assert_compressed(&p, tu_str(g, "compressed"), "G2 compressed");
    uint8_t want[192], got[192];
    tu_hex(want, 192, tu_str(g, "uncompressed"), 1);
    seal_g2_serialize(got, &p);
    tu_assert_bytes(got, want, 192, "G2 uncompressed");
    assert_true(seal_g2_is_on_curve(&p));
    assert_true(seal_g2_in_subgroup(&p));
    assert_false(seal_g2_is_identity(&p));
    seal_g2_affine a;
    seal_g2_to_affine(&a, &p);
    fp2 x, y;
    json_t *v = json_object_get(g, "value");
    fp2_hex(&x, json_object_get(v, "x"));
    fp2_hex(&y, json_object_get(v, "y"));
    assert_false(a.infinity);
    assert_true(seal__fp2_equal(&a.x, &x));
    assert_true(seal__fp2_equal(&a.y, &y));
    json_decref(c);
}

static void check_mul_vector(json_t *v, const seal_scalar *k) {
    seal_g2 g, p;
    seal_g2_generator(&g);
    const char *comp = tu_str(v, "compressed");
    uint8_t want[192], got[192];
    tu_hex(want, 192, tu_str(v, "uncompressed"), 1);
    seal_g2_mul(&p, &g, k);
    assert_compressed(&p, comp, "mul");
    seal_g2_serialize(got, &p);
    tu_assert_bytes(got, want, 192, "mul uncompressed");
    seal_g2_mul_vartime(&p, &g, k);
    assert_compressed(&p, comp, "mul_vartime");
    seal_g2_mul_gen(&p, k);
    assert_compressed(&p, comp, "mul_gen");
    json_t *aff = json_object_get(v, "affine");
    seal_g2_affine a;
    seal_g2_to_affine(&a, &p);
    if (json_is_null(aff)) {
        assert_true(a.infinity);
        assert_true(seal_g2_is_identity(&p));
    } else {
        fp2 x, y;
        fp2_hex(&x, json_object_get(aff, "x"));
        fp2_hex(&y, json_object_get(aff, "y"));
        assert_false(a.infinity);
        assert_true(seal__fp2_equal(&a.x, &x));
        assert_true(seal__fp2_equal(&a.y, &y));
    }
}

static void test_mul_vectors(void **state) {
    (void)state;
    json_t *j = tu_load_json("bls12_381/pairing_vectors.json");
    size_t i, n = 0;
    json_t *v;
    json_array_foreach(json_object_get(j, "scalar_mul_g2"), i, v) {
        seal_scalar k;
        scalar_hex(&k, tu_str(v, "k"));
        check_mul_vector(v, &k);
        n++;
    }
    assert_int_equal(n, 22);
    n = 0;
    json_array_foreach(json_object_get(j, "scalar_mul_out_of_range_g2"), i, v) {
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
    seal_g2 o;
    seal_g2_identity(&o);
    assert_true(seal_g2_is_identity(&o));
    assert_true(seal_g2_is_on_curve(&o));
    assert_true(seal_g2_in_subgroup(&o));
    for (int it = 0; it < 10; it++) {
        seal_g2 p, q, s, t, u;
        random_point(&p, &r);
        random_point(&q, &r);
        random_point(&s, &r);
        /* associativity and commutativity */
        seal_g2_add(&t, &p, &q);
        seal_g2_add(&t, &t, &s);
        seal_g2_add(&u, &q, &s);
        seal_g2_add(&u, &p, &u);
        assert_true(seal_g2_equal(&t, &u));
        seal_g2_add(&t, &p, &q);
        seal_g2_add(&u, &q, &p);
        assert_true(seal_g2_equal(&t, &u));
        assert_true(seal_g2_is_on_curve(&t));
        /* identity */
        seal_g2_add(&t, &p, &o);
        assert_true(seal_g2_equal(&t, &p));
        seal_g2_add(&t, &o, &p);
        assert_true(seal_g2_equal(&t, &p));
        assert_false(seal_g2_equal(&p, &o));
        assert_false(seal_g2_equal(&o, &p));
        /* inverse: P + (-P) = O, P - P = O */
        seal_g2_neg(&t, &p);
        seal_g2_add(&t, &p, &t);
        assert_true(seal_g2_is_identity(&t));
        assert_true(seal_g2_equal(&t, &o));
        seal_g2_sub(&t, &p, &p);
        assert_true(seal_g2_is_identity(&t));
        /* doubling equals adding to itself (the complete formula on P + P) */
        seal_g2_double(&t, &p);
        seal_g2_add(&u, &p, &p);
        assert_true(seal_g2_equal(&t, &u));
        /* (P + Q) - Q = P */
        seal_g2_add(&t, &p, &q);
        seal_g2_sub(&t, &t, &q);
        assert_true(seal_g2_equal(&t, &p));
        /* aliasing: out == in */
        t = p;
        seal_g2_add(&t, &t, &t);
        assert_true(seal_g2_equal(&t, &u));
        /* the same point in another projective representation */
        seal_g2_affine a;
        seal_g2_to_affine(&a, &p);
        seal_g2_from_affine(&t, &a);
        assert_true(seal_g2_equal(&t, &p));
    }
    seal_g2 t;
    seal_g2_double(&t, &o);
    assert_true(seal_g2_is_identity(&t));
    seal_g2_add(&t, &o, &o);
    assert_true(seal_g2_is_identity(&t));
    seal_g2_affine a;
    seal_g2_to_affine(&a, &o);
    assert_true(a.infinity);
    seal_g2_from_affine(&t, &a);
    assert_true(seal_g2_is_identity(&t));
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
    /* |x| - 1, |x|, |x|^2 (the GLS split boundaries) */
    seal_scalar_from_u64(&ks[nk++], seal__bls_x_abs - 1);
    seal_scalar_from_u64(&ks[nk++], seal__bls_x_abs);
    seal_scalar_mul(&ks[nk], &ks[nk - 1], &ks[nk - 1]);
    nk++;
    /* 2^255 - 2^128 - 1 reduced: many one bits */
    memset(b, 0xff, 32);
    seal_scalar_from_bytes_wide(&ks[nk++], b, 32);
    while (nk < 16) {
        random_scalar(&ks[nk++], &r);
    }
    seal_g2 g, p;
    seal_g2_generator(&g);
    random_point(&p, &r);
    for (size_t i = 0; i < nk; i++) {
        seal_g2 a, c, d;
        naive_mul(&a, &p, &ks[i]);
        seal_g2_mul(&c, &p, &ks[i]);
        seal_g2_mul_vartime(&d, &p, &ks[i]);
        assert_true(seal_g2_equal(&a, &c));
        assert_true(seal_g2_equal(&a, &d));
        naive_mul(&a, &g, &ks[i]);
        seal_g2_mul_gen(&c, &ks[i]);
        assert_true(seal_g2_equal(&a, &c));
        /* aliasing */
        c = p;
        seal_g2_mul(&c, &c, &ks[i]);
        seal_g2_mul(&d, &p, &ks[i]);
        assert_true(seal_g2_equal(&c, &d));
    }
    /* [a]([b]P) = [ab]P, and the identity times anything is the identity */
    for (int it = 0; it < 4; it++) {
        seal_scalar a, c, ab;
        random_scalar(&a, &r);
        random_scalar(&c, &r);
        seal_scalar_mul(&ab, &a, &c);
        seal_g2 t, u, o;
        seal_g2_mul(&t, &p, &c);
        seal_g2_mul(&t, &t, &a);
        seal_g2_mul(&u, &p, &ab);
        assert_true(seal_g2_equal(&t, &u));
        seal_g2_identity(&o);
        seal_g2_mul(&t, &o, &a);
        assert_true(seal_g2_is_identity(&t));
        seal_g2_mul_vartime(&t, &o, &a);
        assert_true(seal_g2_is_identity(&t));
    }
}

static void test_subgroup(void **state) {
    (void)state;
    tu_rng r;
    tu_rng_init(&r, 14);
    seal_g2 p, t;
    /* (1, 1) is not on the curve; (0 : 0 : 0) is not a point */
    seal_g2_affine a;
    a.x = seal__fp2_one;
    a.y = seal__fp2_one;
    a.infinity = false;
    seal_g2_from_affine(&p, &a);
    assert_false(seal_g2_is_on_curve(&p));
    assert_false(seal_g2_in_subgroup(&p));
    memset(&p, 0, sizeof p);
    assert_false(seal_g2_is_on_curve(&p));
    /* psi acts as [x] on G2: psi(G) = [r - |x|] G, psi^2(G) = [x^2] G */
    {
        seal_g2 g, s1, s2;
        seal_scalar xs, x2;
        seal_g2_generator(&g);
        seal_scalar_from_u64(&xs, seal__bls_x_abs);
        seal_scalar_mul(&x2, &xs, &xs);
        seal_scalar_neg(&xs, &xs);
        seal__g2_psi(&s1, &g);
        naive_mul(&s2, &g, &xs);
        assert_true(seal_g2_equal(&s1, &s2));
        seal__g2_psi2(&s1, &g);
        naive_mul(&s2, &g, &x2);
        assert_true(seal_g2_equal(&s1, &s2));
        seal__g2_psi(&s2, &g);
        seal__g2_psi(&s2, &s2);
        assert_true(seal_g2_equal(&s1, &s2));
    }
    /* map_to_curve outputs lie on E2 but (almost surely) outside G2; clearing the cofactor
     * moves them in, and [r] of them is the identity */
    for (int it = 0; it < 5; it++) {
        uint8_t b[128];
        fp2 u;
        tu_rng_bytes(&r, b, 128);
        seal__fp_from_bytes_wide64(&u.c0, b);
        seal__fp_from_bytes_wide64(&u.c1, b + 64);
        seal__g2_map_to_curve(&p, &u);
        assert_true(seal_g2_is_on_curve(&p));
        assert_false(seal_g2_in_subgroup(&p));
        seal__g2_clear_cofactor(&t, &p);
        assert_true(seal_g2_in_subgroup(&t));
        seal_scalar rm1;
        uint8_t rb[32];
        tu_hex(rb, 32, R_HEX, 1);
        rb[31] = 0;
        assert_int_equal(seal_scalar_from_bytes(&rm1, rb), SEAL_OK);
        seal_g2 q;
        naive_mul(&q, &t, &rm1); /* [r - 1] T = -T */
        seal_g2_add(&q, &q, &t);
        assert_true(seal_g2_is_identity(&q));
        naive_mul(&q, &p, &rm1);
        seal_g2_add(&q, &q, &p);
        assert_false(seal_g2_is_identity(&q));
    }
    for (int it = 0; it < 5; it++) {
        random_point(&p, &r);
        assert_true(seal_g2_in_subgroup(&p));
    }
}

/* Differential data from @noble/curves (tests/vectors/noble/g2.json). */
static void point_hex(seal_g2 *p, const char *hex) {
    uint8_t b[96];
    tu_hex(b, 96, hex, 1);
    assert_int_equal(seal_g2_decompress(p, b), SEAL_OK);
}

static void test_noble(void **state) {
    (void)state;
    json_t *j = tu_load_json("noble/g2.json");
    size_t i, n = 0;
    json_t *v;
    seal_g2 g, p, q, t;
    seal_g2_generator(&g);
    json_array_foreach(json_object_get(j, "mul_gen"), i, v) {
        seal_scalar k;
        uint8_t want[192], got[192];
        scalar_hex(&k, tu_str(v, "k"));
        seal_g2_mul_gen(&p, &k);
        assert_compressed(&p, tu_str(v, "c"), "noble mul_gen");
        tu_hex(want, 192, tu_str(v, "u"), 1);
        seal_g2_serialize(got, &p);
        tu_assert_bytes(got, want, 192, "noble mul_gen uncompressed");
        seal_g2_mul(&q, &g, &k);
        assert_true(seal_g2_equal(&p, &q));
        n++;
    }
    json_array_foreach(json_object_get(j, "mul"), i, v) {
        seal_scalar k;
        point_hex(&q, tu_str(v, "p"));
        scalar_hex(&k, tu_str(v, "k"));
        seal_g2_mul(&p, &q, &k);
        assert_compressed(&p, tu_str(v, "c"), "noble mul");
        seal_g2_mul_vartime(&p, &q, &k);
        assert_compressed(&p, tu_str(v, "c"), "noble mul_vartime");
        n++;
    }
    json_array_foreach(json_object_get(j, "add"), i, v) {
        point_hex(&p, tu_str(v, "a"));
        point_hex(&q, tu_str(v, "b"));
        seal_g2_add(&t, &p, &q);
        assert_compressed(&t, tu_str(v, "sum"), "noble add");
        seal_g2_sub(&t, &p, &q);
        assert_compressed(&t, tu_str(v, "diff"), "noble sub");
        seal_g2_double(&t, &p);
        assert_compressed(&t, tu_str(v, "dbl_a"), "noble double");
        n++;
    }
    json_array_foreach(json_object_get(j, "decode"), i, v) {
        size_t len;
        uint8_t *in = tu_hex_alloc(tu_str(v, "in"), &len);
        seal_err err = SEAL_ERR_INVALID_ENCODING;
        uint8_t out[192];
        seal_g2_generator(&p);
        if (len == 96) {
            err = seal_g2_decompress(&p, in);
        } else if (len == 192) {
            err = seal_g2_deserialize(&p, in);
        } else {
            seal_g2_identity(&p);
        }
        if (json_is_true(json_object_get(v, "ok"))) {
            if (err != SEAL_OK) {
                fail_msg("%s: %s", tu_str(v, "why"), seal_strerror(err));
            }
            assert_compressed(&p, tu_str(v, "c"), tu_str(v, "why"));
            if (len == 192) {
                seal_g2_serialize(out, &p);
                tu_assert_bytes(out, in, 192, "re-encoding");
            }
        } else {
            if (err == SEAL_OK) {
                fail_msg("%s: accepted", tu_str(v, "why"));
            }
            assert_true(seal_g2_is_identity(&p));
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
        cmocka_unit_test(test_subgroup),   cmocka_unit_test(test_noble),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
