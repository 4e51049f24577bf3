/* Optimal ate pairing, final exponentiation, multi-pairing, prepared G2 lines and the GT API,
 * against tests/vectors/bls12_381/pairing_vectors.json, the Seal spec and SDK GT vectors, and
 * bilinearity / consistency properties. */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "bls/internal.h"

static json_t *g_vec;   /* bls12_381/pairing_vectors.json */
static json_t *g_const; /* bls12_381/constants.json */

static void load_fp(fp *out, const char *hex) {
    uint8_t b[48];
    tu_hex(b, sizeof b, hex, 1);
    assert_true(seal__fp_from_bytes(out, b));
}

static void load_fp2(fp2 *out, const json_t *o) {
    load_fp(&out->c0, tu_str(o, "c0"));
    load_fp(&out->c1, tu_str(o, "c1"));
}

static void load_fp12(fp12 *out, const json_t *arr) {
    assert_int_equal(json_array_size(arr), 12);
    fp *c = (fp *)out;
    for (size_t i = 0; i < 12; i++) {
        load_fp(&c[i], json_string_value(json_array_get(arr, i)));
    }
}

/* {x, y} or null (infinity). */
static void load_g1_affine(seal_g1_affine *out, const json_t *o) {
    memset(out, 0, sizeof *out);
    if (o == NULL || json_is_null(o)) {
        out->infinity = true;
        return;
    }
    load_fp(&out->x, tu_str(o, "x"));
    load_fp(&out->y, tu_str(o, "y"));
}

static void load_g2_affine(seal_g2_affine *out, const json_t *o) {
    memset(out, 0, sizeof *out);
    if (o == NULL || json_is_null(o)) {
        out->infinity = true;
        return;
    }
    load_fp2(&out->x, json_object_get(o, "x"));
    load_fp2(&out->y, json_object_get(o, "y"));
}

static void load_scalar(seal_scalar *out, const char *hex) {
    uint8_t b[32];
    tu_hex(b, sizeof b, hex, 1);
    for (size_t i = 0; i < 4; i++) {
        out->l[i] = 0;
        for (size_t j = 0; j < 8; j++) {
            out->l[i] |= (uint64_t)b[31 - 8 * i - j] << (8 * j);
        }
    }
}

static void assert_gt_eq(const fp12 *got, const fp12 *want, const char *what) {
    uint8_t g[576], w[576];
    seal_gt_to_bytes(g, got);
    seal_gt_to_bytes(w, want);
    tu_assert_bytes(g, w, 576, what);
    assert_true(seal_gt_equal(got, want));
}

static void generators(seal_g1_affine *g1, seal_g2_affine *g2) {
    const json_t *gens = json_object_get(g_const, "generators");
    load_g1_affine(g1, json_object_get(json_object_get(gens, "G1"), "value"));
    load_g2_affine(g2, json_object_get(json_object_get(gens, "G2"), "value"));
}

static void pair_affine(fp12 *out, const seal_g1_affine *p, const seal_g2_affine *q) {
    fp12 f;
    seal__miller_loop_affine(&f, p, q, 1);
    seal_final_exp(out, &f);
}

/* The affine point of scalar_mul_g1/g2 whose compressed encoding is hex; false if absent. */
static bool find_affine(const char *list, const char *hex, void *out, int g2) {
    const json_t *arr = json_object_get(g_vec, list);
    for (size_t i = 0; i < json_array_size(arr); i++) {
        const json_t *e = json_array_get(arr, i);
        if (strcmp(tu_str(e, "compressed"), hex) == 0) {
            if (g2) {
                load_g2_affine(out, json_object_get(e, "affine"));
            } else {
                load_g1_affine(out, json_object_get(e, "affine"));
            }
            return true;
        }
    }
    return false;
}

static int setup(void **state) {
    (void)state;
    g_vec = tu_load_json("bls12_381/pairing_vectors.json");
    g_const = tu_load_json("bls12_381/constants.json");
    return 0;
}

static int teardown(void **state) {
    (void)state;
    json_decref(g_vec);
    json_decref(g_const);
    return 0;
}

static void test_generator_pairing(void **state) {
    (void)state;
    seal_g1_affine g1;
    seal_g2_affine g2;
    generators(&g1, &g2);
    const json_t *gp = json_object_get(g_vec, "generator_pairing");
    fp12 e, want, textbook;
    pair_affine(&e, &g1, &g2);
    load_fp12(&want, json_object_get(gp, "e"));
    assert_gt_eq(&e, &want, "e(G1,G2) tower order");
    load_fp12(&textbook, json_object_get(gp, "e_textbook"));
    assert_false(seal_gt_equal(&e, &textbook));

    uint8_t bytes[576], ref[576];
    seal_gt_to_bytes(bytes, &e);
    tu_hex(ref, sizeof ref, tu_str(gp, "e_bytes_w_order"), 1);
    tu_assert_bytes(bytes, ref, 576, "e(G1,G2) w order");

    json_t *spec = tu_load_json("spec/primitives.json");
    bool found = false;
    for (size_t i = 0; i < json_array_size(json_object_get(spec, "vectors")); i++) {
        const json_t *v = json_array_get(json_object_get(spec, "vectors"), i);
        const json_t *h = json_object_get(v, "gt_generator_576_bytes");
        if (h != NULL) {
            tu_hex(ref, sizeof ref, json_string_value(h), 1);
            tu_assert_bytes(bytes, ref, 576, "spec gt_generator_576_bytes");
            found = true;
        }
    }
    json_decref(spec);
    assert_true(found);

    fp12 back;
    assert_int_equal(seal_fp12_from_bytes(&back, bytes), SEAL_OK);
    assert_true(seal_gt_equal(&back, &e));
}

/* SDK gt_serialization: e(aG1, bG2) bytes, checked as e(G1,G2)^(ab). */
static void test_sdk_gt_serialization(void **state) {
    (void)state;
    seal_g1_affine g1;
    seal_g2_affine g2;
    generators(&g1, &g2);
    fp12 e;
    pair_affine(&e, &g1, &g2);
    json_t *sdk = tu_load_json("sdk/primitives.json");
    const json_t *cases = json_object_get(json_object_get(sdk, "gt_serialization"), "cases");
    assert_int_equal(json_array_size(cases), 3);
    for (size_t i = 0; i < json_array_size(cases); i++) {
        const json_t *c = json_array_get(cases, i);
        uint64_t ab =
            strtoull(tu_str(c, "g1_scalar"), NULL, 10) * strtoull(tu_str(c, "g2_scalar"), NULL, 10);
        seal_scalar k = {{ab, 0, 0, 0}};
        fp12 got;
        seal_gt_pow(&got, &e, &k);
        uint8_t bytes[576], ref[576];
        seal_gt_to_bytes(bytes, &got);
        tu_hex(ref, sizeof ref, tu_str(c, "gt_hex"), 1);
        tu_assert_bytes(bytes, ref, 576, "sdk gt_serialization");
    }
    json_decref(sdk);
}

/* The pairings whose points appear (affine) among the scalar-multiplication vectors. */
static void test_pairing_vectors_affine(void **state) {
    (void)state;
    seal_g1_affine g1;
    seal_g2_affine g2;
    generators(&g1, &g2);
    fp12 base;
    pair_affine(&base, &g1, &g2);
    const json_t *arr = json_object_get(g_vec, "pairings");
    assert_int_equal(json_array_size(arr), 13);
    size_t checked = 0;
    for (size_t i = 0; i < json_array_size(arr); i++) {
        const json_t *v = json_array_get(arr, i);
        fp12 want, got, pw;
        load_fp12(&want, json_object_get(v, "e"));
        uint8_t bytes[576], ref[576];
        seal_gt_to_bytes(bytes, &want);
        tu_hex(ref, sizeof ref, tu_str(v, "e_bytes_w_order"), 1);
        tu_assert_bytes(bytes, ref, 576, "vector e vs e_bytes_w_order");
        /* e = e(G1,G2)^(ab mod r) through gt_pow */
        seal_scalar ab;
        load_scalar(&ab, tu_str(v, "ab_mod_r"));
        seal_gt_pow(&pw, &base, &ab);
        assert_gt_eq(&pw, &want, "e(G1,G2)^(ab)");

        seal_g1_affine p;
        seal_g2_affine q;
        if (!find_affine("scalar_mul_g1", tu_str(v, "P_compressed"), &p, 0) ||
            !find_affine("scalar_mul_g2", tu_str(v, "Q_compressed"), &q, 1)) {
            continue;
        }
        pair_affine(&got, &p, &q);
        assert_gt_eq(&got, &want, "e(aG1, bG2)");
        checked++;
    }
    assert_int_equal(checked, 7);
}

/* All (G1, G2) affine points of the scalar-multiplication vectors, infinity included. */
static size_t vector_points(seal_g1_affine *p, seal_g2_affine *q, size_t cap) {
    const json_t *a1 = json_object_get(g_vec, "scalar_mul_g1");
    const json_t *a2 = json_object_get(g_vec, "scalar_mul_g2");
    size_t n =
        json_array_size(a1) < json_array_size(a2) ? json_array_size(a1) : json_array_size(a2);
    n = n < cap ? n : cap;
    for (size_t i = 0; i < n; i++) {
        load_g1_affine(&p[i], json_object_get(json_array_get(a1, i), "affine"));
        /* shifted so that pairs are not all (kG1, kG2) */
        load_g2_affine(&q[i], json_object_get(json_array_get(a2, (i + 3) % n), "affine"));
    }
    return n;
}

static void test_multi_pairing(void **state) {
    (void)state;
    seal_g1_affine p[22];
    seal_g2_affine q[22];
    size_t have = vector_points(p, q, 22);
    assert_int_equal(have, 22);
    static const size_t counts[] = {0, 1, 2, 3, 8, 9, 16, 17, 22};
    for (size_t c = 0; c < sizeof counts / sizeof counts[0]; c++) {
        size_t n = counts[c];
        fp12 prod, e, f, multi;
        seal_gt_one(&prod);
        for (size_t i = 0; i < n; i++) {
            pair_affine(&e, &p[i], &q[i]);
            seal_gt_mul(&prod, &prod, &e);
        }
        seal__miller_loop_affine(&f, p, q, n);
        seal_final_exp(&multi, &f);
        assert_gt_eq(&multi, &prod, "multi-pairing vs product");
    }
}

static void test_infinity(void **state) {
    (void)state;
    seal_g1_affine g1, inf1;
    seal_g2_affine g2, inf2;
    generators(&g1, &g2);
    load_g1_affine(&inf1, NULL);
    load_g2_affine(&inf2, NULL);
    fp12 e, base;
    pair_affine(&e, &inf1, &g2);
    assert_true(seal_gt_is_one(&e));
    pair_affine(&e, &g1, &inf2);
    assert_true(seal_gt_is_one(&e));
    pair_affine(&e, &inf1, &inf2);
    assert_true(seal_gt_is_one(&e));
    /* the vector's identity statement */
    fp12 want;
    load_fp12(&want, json_object_get(
                         json_array_get(json_object_get(g_vec, "pairing_properties"), 3), "e"));
    assert_gt_eq(&e, &want, "identity vector");
    /* infinity inside a multi-pairing contributes 1 */
    seal_g1_affine ps[3] = {g1, inf1, g1};
    seal_g2_affine qs[3] = {g2, g2, inf2};
    fp12 f;
    seal__miller_loop_affine(&f, ps, qs, 3);
    seal_final_exp(&e, &f);
    pair_affine(&base, &g1, &g2);
    assert_gt_eq(&e, &base, "multi with infinity");
    /* prepared infinity */
    seal_g2_prepared prep;
    seal__g2_prepare_affine(&prep, &inf2);
    seal__miller_loop_prepared_affine(&f, &g1, &prep);
    seal_final_exp(&e, &f);
    assert_true(seal_gt_is_one(&e));
    seal__g2_prepare_affine(&prep, &g2);
    seal__miller_loop_prepared_affine(&f, &inf1, &prep);
    seal_final_exp(&e, &f);
    assert_true(seal_gt_is_one(&e));
}

static void test_prepared(void **state) {
    (void)state;
    seal_g1_affine p[22];
    seal_g2_affine q[22];
    size_t n = vector_points(p, q, 22);
    for (size_t i = 0; i < n; i += 3) {
        seal_g2_prepared prep;
        seal__g2_prepare_affine(&prep, &q[i]);
        fp12 f1, f2;
        seal__miller_loop_affine(&f1, &p[i], &q[i], 1);
        seal__miller_loop_prepared_affine(&f2, &p[i], &prep);
        /* same lines, same Miller value */
        assert_true(seal__fp12_equal(&f1, &f2));
        fp12 e1, e2;
        seal_final_exp(&e1, &f1);
        seal_final_exp(&e2, &f2);
        assert_gt_eq(&e2, &e1, "prepared");
    }
}

/* e(P, Q) e(-P, Q) = 1 and e(P, -Q) = conj e(P, Q); a non-trivial product is not 1. */
static void test_product_is_one(void **state) {
    (void)state;
    seal_g1_affine p[2];
    seal_g2_affine q[2];
    generators(&p[0], &q[0]);
    p[1] = p[0];
    q[1] = q[0];
    seal__fp_neg(&p[1].y, &p[1].y);
    fp12 f, e, e1, e2;
    seal__miller_loop_affine(&f, p, q, 2);
    seal_final_exp(&e, &f);
    assert_true(seal_gt_is_one(&e));
    pair_affine(&e1, &p[0], &q[0]);
    seal__fp2_neg(&q[1].y, &q[1].y);
    pair_affine(&e2, &p[0], &q[1]);
    seal_gt_inv(&e, &e1);
    assert_gt_eq(&e2, &e, "e(P,-Q) = e(P,Q)^-1");
    p[1] = p[0];
    seal__miller_loop_affine(&f, p, q, 2); /* e(P,Q) e(P,-Q) */
    seal_final_exp(&e, &f);
    assert_true(seal_gt_is_one(&e));
    q[1] = q[0];
    seal__miller_loop_affine(&f, p, q, 2); /* e(P,Q)^2 */
    seal_final_exp(&e, &f);
    assert_false(seal_gt_is_one(&e));
}

static void test_gt_pow(void **state) {
    (void)state;
    seal_g1_affine g1;
    seal_g2_affine g2;
    generators(&g1, &g2);
    fp12 base, acc, got;
    pair_affine(&base, &g1, &g2);
    seal_gt_one(&acc);
    for (uint64_t k = 0; k < 40; k++) {
        seal_scalar s = {{k, 0, 0, 0}};
        seal_gt_pow(&got, &base, &s);
        assert_gt_eq(&got, &acc, "gt_pow vs repeated mul");
        seal_gt_mul(&acc, &acc, &base);
    }
    /* e^(r-1) = e^-1 */
    seal_scalar rm1;
    load_scalar(&rm1, "73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000000");
    seal_gt_pow(&got, &base, &rm1);
    seal_gt_mul(&got, &got, &base);
    assert_true(seal_gt_is_one(&got));
    /* e^(a) e^(b) = e^(a+b) for large random a, b (a + b < 2^255 < r is not needed: r | order) */
    tu_rng rng;
    tu_rng_init(&rng, 77);
    for (int it = 0; it < 3; it++) {
        uint8_t b[16];
        tu_rng_bytes(&rng, b, sizeof b);
        seal_scalar a = {{0}}, c = {{0}}, sum = {{0}};
        memcpy(&a.l[0], b, 8);
        memcpy(&c.l[1], b + 8, 8);
        sum.l[0] = a.l[0];
        sum.l[1] = c.l[1];
        fp12 x, y, z;
        seal_gt_pow(&x, &base, &a);
        seal_gt_pow(&y, &base, &c);
        seal_gt_mul(&x, &x, &y);
        seal_gt_pow(&z, &base, &sum);
        assert_gt_eq(&x, &z, "pow additive");
        got = base;
        seal_gt_pow(&got, &got, &sum); /* in place */
        assert_gt_eq(&got, &z, "pow in place");
    }
}

/* e(kG1, G2) = e(G1, kG2) = e(G1,G2)^k for every scalar of the scalar-multiplication vectors. */
static void test_bilinearity_vectors(void **state) {
    (void)state;
    seal_g1_affine g1;
    seal_g2_affine g2;
    generators(&g1, &g2);
    fp12 base;
    pair_affine(&base, &g1, &g2);
    static const char *lists[2] = {"scalar_mul_g1", "scalar_mul_g2"};
    for (int g = 0; g < 2; g++) {
        const json_t *arr = json_object_get(g_vec, lists[g]);
        assert_int_equal(json_array_size(arr), 22);
        for (size_t i = 0; i < json_array_size(arr); i++) {
            const json_t *v = json_array_get(arr, i);
            seal_scalar k;
            load_scalar(&k, tu_str(v, "k"));
            fp12 want, e;
            seal_gt_pow(&want, &base, &k);
            if (g == 0) {
                seal_g1_affine p;
                load_g1_affine(&p, json_object_get(v, "affine"));
                pair_affine(&e, &p, &g2);
            } else {
                seal_g2_affine q;
                load_g2_affine(&q, json_object_get(v, "affine"));
                pair_affine(&e, &g1, &q);
            }
            assert_gt_eq(&e, &want, lists[g]);
        }
    }
}

/* ---- public API over projective points (needs the G1/G2 module) ---- */

static void decompress_g1(seal_g1 *out, const char *hex) {
    uint8_t b[48];
    tu_hex(b, sizeof b, hex, 1);
    assert_int_equal(seal_g1_decompress(out, b), SEAL_OK);
}

static void decompress_g2(seal_g2 *out, const char *hex) {
    uint8_t b[96];
    tu_hex(b, sizeof b, hex, 1);
    assert_int_equal(seal_g2_decompress(out, b), SEAL_OK);
}

static void random_scalar(seal_scalar *out, tu_rng *rng) {
    uint8_t b[64];
    tu_rng_bytes(rng, b, sizeof b);
    seal_scalar_from_bytes_wide(out, b, sizeof b);
}

/* All 13 pairing vectors through seal_pairing, seal_miller_loop + seal_final_exp and the
 * prepared path. */
static void test_public_pairing_vectors(void **state) {
    (void)state;
    const json_t *arr = json_object_get(g_vec, "pairings");
    assert_int_equal(json_array_size(arr), 13);
    for (size_t i = 0; i < json_array_size(arr); i++) {
        const json_t *v = json_array_get(arr, i);
        seal_g1 p;
        seal_g2 q;
        decompress_g1(&p, tu_str(v, "P_compressed"));
        decompress_g2(&q, tu_str(v, "Q_compressed"));
        fp12 want, got, f;
        load_fp12(&want, json_object_get(v, "e"));
        seal_pairing(&got, &p, &q);
        assert_gt_eq(&got, &want, "seal_pairing");
        uint8_t bytes[576], ref[576];
        seal_gt_to_bytes(bytes, &got);
        tu_hex(ref, sizeof ref, tu_str(v, "e_bytes_w_order"), 1);
        tu_assert_bytes(bytes, ref, 576, "seal_pairing bytes");
        seal_miller_loop(&f, &p, &q);
        seal_final_exp(&got, &f);
        assert_gt_eq(&got, &want, "miller + final_exp");
        seal_g2_prepared prep;
        seal_g2_prepare(&prep, &q);
        seal_pairing_prepared(&got, &p, &prep);
        assert_gt_eq(&got, &want, "prepared");
        fp12 f2;
        seal_miller_loop_prepared(&f2, &p, &prep);
        assert_true(seal__fp12_equal(&f, &f2));
    }
}

static void test_public_sdk_gt(void **state) {
    (void)state;
    json_t *sdk = tu_load_json("sdk/primitives.json");
    const json_t *cases = json_object_get(json_object_get(sdk, "gt_serialization"), "cases");
    for (size_t i = 0; i < json_array_size(cases); i++) {
        const json_t *c = json_array_get(cases, i);
        seal_g1 p;
        seal_g2 q;
        decompress_g1(&p, tu_str(c, "g1_hex"));
        decompress_g2(&q, tu_str(c, "g2_hex"));
        fp12 e;
        seal_pairing(&e, &p, &q);
        uint8_t bytes[576], ref[576];
        seal_gt_to_bytes(bytes, &e);
        tu_hex(ref, sizeof ref, tu_str(c, "gt_hex"), 1);
        tu_assert_bytes(bytes, ref, 576, "sdk gt_hex");
    }
    json_decref(sdk);
}

static void test_public_properties(void **state) {
    (void)state;
    const json_t *props = json_object_get(g_vec, "pairing_properties");
    assert_int_equal(json_array_size(props), 4);
    seal_g1 g1, a1, b1;
    seal_g2 g2, a2, b2;
    seal_g1_generator(&g1);
    seal_g2_generator(&g2);
    seal_scalar k;
    fp12 want, got, x, y;

    /* e(5G1, 7G2) = e(35G1, G2) */
    load_fp12(&want, json_object_get(json_array_get(props, 0), "e"));
    seal_scalar_from_u64(&k, 5);
    seal_g1_mul(&a1, &g1, &k);
    seal_scalar_from_u64(&k, 7);
    seal_g2_mul(&a2, &g2, &k);
    seal_pairing(&got, &a1, &a2);
    assert_gt_eq(&got, &want, "e(5G1,7G2)");
    seal_scalar_from_u64(&k, 35);
    seal_g1_mul(&b1, &g1, &k);
    seal_pairing(&got, &b1, &g2);
    assert_gt_eq(&got, &want, "e(35G1,G2)");

    /* e(5G1, -7G2) = conj e(5G1, 7G2); their product is 1 */
    load_fp12(&want, json_object_get(json_array_get(props, 1), "e"));
    seal_g2_neg(&b2, &a2);
    seal_pairing(&got, &a1, &b2);
    assert_gt_eq(&got, &want, "e(5G1,-7G2)");
    seal_pairing(&x, &a1, &a2);
    seal_gt_inv(&y, &x);
    assert_gt_eq(&got, &y, "conjugate");
    seal_g1 ps[2] = {a1, a1};
    seal_g2 qs[2] = {a2, b2};
    assert_true(seal_pairing_product_is_one(ps, qs, 2));
    qs[1] = a2;
    assert_false(seal_pairing_product_is_one(ps, qs, 2));

    /* e(3G1, 4G2) e(2G1, 5G2) = e(G1,G2)^22 */
    load_fp12(&want, json_object_get(json_array_get(props, 2), "e"));
    seal_scalar_from_u64(&k, 3);
    seal_g1_mul(&ps[0], &g1, &k);
    seal_scalar_from_u64(&k, 4);
    seal_g2_mul(&qs[0], &g2, &k);
    seal_scalar_from_u64(&k, 2);
    seal_g1_mul(&ps[1], &g1, &k);
    seal_scalar_from_u64(&k, 5);
    seal_g2_mul(&qs[1], &g2, &k);
    seal_pairing_multi(&got, ps, qs, 2);
    assert_gt_eq(&got, &want, "multi e^22");
    seal_pairing(&x, &g1, &g2);
    seal_scalar_from_u64(&k, 22);
    seal_gt_pow(&y, &x, &k);
    assert_gt_eq(&y, &want, "e^22 by pow");

    /* identity */
    load_fp12(&want, json_object_get(json_array_get(props, 3), "e"));
    seal_g1 o1;
    seal_g2 o2;
    seal_g1_identity(&o1);
    seal_g2_identity(&o2);
    seal_pairing(&got, &o1, &g2);
    assert_gt_eq(&got, &want, "e(O,Q)");
    seal_pairing(&got, &g1, &o2);
    assert_gt_eq(&got, &want, "e(P,O)");
    seal_g2_prepared prep;
    seal_g2_prepare(&prep, &o2);
    seal_pairing_prepared(&got, &g1, &prep);
    assert_true(seal_gt_is_one(&got));
    seal_g2_prepare(&prep, &g2);
    seal_pairing_prepared(&got, &o1, &prep);
    assert_true(seal_gt_is_one(&got));
    ps[0] = o1;
    qs[0] = g2;
    ps[1] = g1;
    qs[1] = o2;
    assert_true(seal_pairing_product_is_one(ps, qs, 2));
    assert_true(seal_pairing_product_is_one(ps, qs, 0));
}

/* e(aP, bQ) = e(P, Q)^(ab) = e(abP, Q) for random scalars. */
static void test_public_bilinearity_random(void **state) {
    (void)state;
    tu_rng rng;
    tu_rng_init(&rng, 2024);
    seal_g1 g1;
    seal_g2 g2;
    seal_g1_generator(&g1);
    seal_g2_generator(&g2);
    for (int it = 0; it < 3; it++) {
        seal_scalar a, b, c, ab;
        random_scalar(&a, &rng);
        random_scalar(&b, &rng);
        random_scalar(&c, &rng);
        seal_g1 p, ap, abp;
        seal_g2 q, bq;
        seal_g1_mul(&p, &g1, &c);
        seal_g2_mul_gen(&q, &c);
        seal_g1_mul(&ap, &p, &a);
        seal_g2_mul(&bq, &q, &b);
        seal_scalar_mul(&ab, &a, &b);
        seal_g1_mul(&abp, &p, &ab);
        fp12 e, lhs, rhs, mid;
        seal_pairing(&e, &p, &q);
        seal_pairing(&lhs, &ap, &bq);
        seal_gt_pow(&rhs, &e, &ab);
        seal_pairing(&mid, &abp, &q);
        assert_gt_eq(&lhs, &rhs, "e(aP,bQ) = e(P,Q)^ab");
        assert_gt_eq(&mid, &rhs, "e(abP,Q) = e(P,Q)^ab");
        assert_false(seal_gt_is_one(&e));
    }
}

/* Multi-pairing equals the product of single pairings across chunk boundaries; a product made
 * to vanish is detected, and a perturbed one is not. */
static void test_public_multi(void **state) {
    (void)state;
    tu_rng rng;
    tu_rng_init(&rng, 99);
    enum { N = 17 };
    seal_g1 p[N];
    seal_g2 q[N];
    seal_scalar a[N], b[N];
    for (size_t i = 0; i < N; i++) {
        random_scalar(&a[i], &rng);
        random_scalar(&b[i], &rng);
        seal_g1_mul_gen(&p[i], &a[i]);
        seal_g2_mul_gen(&q[i], &b[i]);
    }
    static const size_t counts[] = {1, 2, 3, 9, 17};
    for (size_t c = 0; c < sizeof counts / sizeof counts[0]; c++) {
        size_t n = counts[c];
        fp12 prod, e, multi;
        seal_gt_one(&prod);
        for (size_t i = 0; i < n; i++) {
            seal_pairing(&e, &p[i], &q[i]);
            seal_gt_mul(&prod, &prod, &e);
        }
        seal_pairing_multi(&multi, p, q, n);
        assert_gt_eq(&multi, &prod, "multi vs product");
        assert_false(seal_pairing_product_is_one(p, q, n));
    }
    /* last pair := (-(sum_{i<N-1} a_i b_i) G1, G2) makes the product 1 */
    seal_scalar s, t;
    seal_scalar_from_u64(&s, 0);
    for (size_t i = 0; i + 1 < N; i++) {
        seal_scalar_mul(&t, &a[i], &b[i]);
        seal_scalar_add(&s, &s, &t);
    }
    seal_scalar_neg(&s, &s);
    seal_g1_mul_gen(&p[N - 1], &s);
    seal_g2_generator(&q[N - 1]);
    assert_true(seal_pairing_product_is_one(p, q, N));
    seal_g1_double(&p[3], &p[3]);
    assert_false(seal_pairing_product_is_one(p, q, N));
}

/* gt_pow(e(P,Q), k) = e(kP, Q). */
static void test_public_gt_pow(void **state) {
    (void)state;
    tu_rng rng;
    tu_rng_init(&rng, 5);
    seal_g1 g1, kp;
    seal_g2 g2;
    seal_g1_generator(&g1);
    seal_g2_generator(&g2);
    fp12 e, want, got;
    seal_pairing(&e, &g1, &g2);
    for (int it = 0; it < 3; it++) {
        seal_scalar k;
        random_scalar(&k, &rng);
        seal_g1_mul(&kp, &g1, &k);
        seal_pairing(&want, &kp, &g2);
        seal_gt_pow(&got, &e, &k);
        assert_gt_eq(&got, &want, "gt_pow vs e(kP,Q)");
    }
}

/* seal_gt_pow and seal_gt_inv on Fp12 elements outside GT (seal_fp12_from_bytes accepts any
 * canonical coordinates): the cyclotomic squaring and the conjugate are only valid inside the
 * cyclotomic subgroup, and gave wrong answers silently. Now correct for any element. */
static void test_gt_ops_outside_gt(void **state) {
    (void)state;
    uint8_t bytes[576];
    memset(bytes, 0, sizeof bytes);
    for (size_t k = 0; k < 12; k++) {
        bytes[48 * k + 47] = (uint8_t)(3 + 5 * k); /* small coordinates, far from GT */
    }
    seal_fp12 a, want, got, one, tmp;
    assert_int_equal(seal_fp12_from_bytes(&a, bytes), SEAL_OK);
    seal_gt_one(&one);
    for (uint64_t e = 0; e <= 17; e++) {
        seal_scalar k;
        seal_scalar_from_u64(&k, e);
        want = one;
        for (uint64_t i = 0; i < e; i++) {
            seal_gt_mul(&want, &want, &a);
        }
        seal_gt_pow(&got, &a, &k);
        assert_true(seal_gt_equal(&got, &want));
    }
    seal_gt_inv(&tmp, &a);
    seal_gt_mul(&got, &tmp, &a);
    assert_true(seal_gt_is_one(&got));
    /* a GT element still works (and its inverse is its conjugate) */
    seal_g1 g1;
    seal_g2 g2;
    seal_g1_generator(&g1);
    seal_g2_generator(&g2);
    seal_pairing(&a, &g1, &g2);
    seal_scalar k;
    seal_scalar_from_u64(&k, 7);
    seal_gt_pow(&got, &a, &k);
    want = one;
    for (int i = 0; i < 7; i++) {
        seal_gt_mul(&want, &want, &a);
    }
    assert_true(seal_gt_equal(&got, &want));
    seal_gt_inv(&tmp, &a);
    seal_gt_mul(&got, &tmp, &a);
    assert_true(seal_gt_is_one(&got));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_generator_pairing),
        cmocka_unit_test(test_sdk_gt_serialization),
        cmocka_unit_test(test_pairing_vectors_affine),
        cmocka_unit_test(test_multi_pairing),
        cmocka_unit_test(test_infinity),
        cmocka_unit_test(test_prepared),
        cmocka_unit_test(test_product_is_one),
        cmocka_unit_test(test_gt_pow),
        cmocka_unit_test(test_bilinearity_vectors),
        cmocka_unit_test(test_public_pairing_vectors),
        cmocka_unit_test(test_public_sdk_gt),
        cmocka_unit_test(test_public_properties),
        cmocka_unit_test(test_public_bilinearity_random),
        cmocka_unit_test(test_public_multi),
        cmocka_unit_test(test_public_gt_pow),
        cmocka_unit_test(test_gt_ops_outside_gt),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
