/* Fp6/Fp12 tower: known answers from tests/vectors/bls12_381/pairing_vectors.json and algebraic
 * cross-checks (sparse vs dense products, cyclotomic vs generic squaring, Frobenius powers). */
#include <string.h>

#include "testutil.h"
#include "bls/internal.h"

static json_t *g_vec;

static void load_fp(fp *out, const char *hex) {
    uint8_t b[48];
    tu_hex(b, sizeof b, hex, 1);
    assert_true(seal__fp_from_bytes(out, b));
}

/* 12 hex strings in tower order: c0.c0.c0, c0.c0.c1, c0.c1.c0, ..., c1.c2.c1. */
static void load_fp12(fp12 *out, const json_t *arr) {
    assert_true(json_is_array(arr));
    assert_int_equal(json_array_size(arr), 12);
    fp *c = (fp *)out;
    for (size_t i = 0; i < 12; i++) {
        load_fp(&c[i], json_string_value(json_array_get(arr, i)));
    }
}

static void assert_fp12_eq(const fp12 *got, const fp12 *want, const char *what) {
    if (!seal__fp12_equal(got, want)) {
        uint8_t g[576], w[576];
        seal_gt_to_bytes(g, got);
        seal_gt_to_bytes(w, want);
        tu_assert_bytes(g, w, 576, what);
        fail_msg("%s: fp12_equal false but bytes equal", what);
    }
}

/* A pseudo-random Fp12 element from the test RNG. */
static void random_fp12(fp12 *out, tu_rng *rng) {
    fp *c = (fp *)out;
    for (size_t i = 0; i < 12; i++) {
        uint8_t b[48];
        tu_rng_bytes(rng, b, sizeof b);
        b[0] &= 0x0f; /* < 2^380 < p */
        assert_true(seal__fp_from_bytes(&c[i], b));
    }
}

static int setup(void **state) {
    (void)state;
    g_vec = tu_load_json("bls12_381/pairing_vectors.json");
    return g_vec == NULL;
}

static int teardown(void **state) {
    (void)state;
    json_decref(g_vec);
    return 0;
}

static void test_arithmetic_vectors(void **state) {
    (void)state;
    const json_t *sets = json_object_get(g_vec, "fp12_arithmetic");
    assert_int_equal(json_array_size(sets), 2);
    for (size_t i = 0; i < json_array_size(sets); i++) {
        const json_t *s = json_array_get(sets, i);
        fp12 a, b, want, got;
        load_fp12(&a, json_object_get(s, "a"));
        load_fp12(&b, json_object_get(s, "b"));

        load_fp12(&want, json_object_get(s, "a_mul_b"));
        seal__fp12_mul(&got, &a, &b);
        assert_fp12_eq(&got, &want, "a*b");
        seal__fp12_mul(&got, &b, &a);
        assert_fp12_eq(&got, &want, "b*a");
        got = a; /* aliasing: out == a */
        seal__fp12_mul(&got, &got, &b);
        assert_fp12_eq(&got, &want, "a*b in place");

        load_fp12(&want, json_object_get(s, "a_sqr"));
        seal__fp12_sqr(&got, &a);
        assert_fp12_eq(&got, &want, "a^2");
        seal__fp12_mul(&got, &a, &a);
        assert_fp12_eq(&got, &want, "a*a");
        got = a;
        seal__fp12_sqr(&got, &got);
        assert_fp12_eq(&got, &want, "a^2 in place");

        load_fp12(&want, json_object_get(s, "a_inv"));
        seal__fp12_inv(&got, &a);
        assert_fp12_eq(&got, &want, "a^-1");
        seal__fp12_mul(&got, &got, &a);
        assert_true(seal__fp12_is_one(&got));

        static const char *frob[3] = {"a_frob1", "a_frob2", "a_frob3"};
        for (unsigned k = 1; k <= 3; k++) {
            load_fp12(&want, json_object_get(s, frob[k - 1]));
            seal__fp12_frobenius(&got, &a, k);
            assert_fp12_eq(&got, &want, frob[k - 1]);
        }

        load_fp12(&want, json_object_get(s, "a_conj"));
        seal__fp12_conj(&got, &a);
        assert_fp12_eq(&got, &want, "conj");
        seal__fp12_frobenius(&got, &a, 6);
        assert_fp12_eq(&got, &want, "frob6 = conj");
    }
}

/* frob^k = (frob^1)^k for k = 1..12, in place. */
static void test_frobenius_powers(void **state) {
    (void)state;
    tu_rng rng;
    tu_rng_init(&rng, 12);
    fp12 a, iter, got;
    random_fp12(&a, &rng);
    iter = a;
    for (unsigned k = 1; k <= 12; k++) {
        seal__fp12_frobenius(&iter, &iter, 1);
        got = a;
        seal__fp12_frobenius(&got, &got, k);
        assert_fp12_eq(&got, &iter, "frob^k");
    }
    assert_fp12_eq(&iter, &a, "frob^12 = id");
    /* Frobenius is a ring homomorphism */
    fp12 b, ab, fa, fb;
    random_fp12(&b, &rng);
    seal__fp12_mul(&ab, &a, &b);
    seal__fp12_frobenius(&ab, &ab, 5);
    seal__fp12_frobenius(&fa, &a, 5);
    seal__fp12_frobenius(&fb, &b, 5);
    seal__fp12_mul(&fa, &fa, &fb);
    assert_fp12_eq(&ab, &fa, "frob5(ab)");
}

static void test_fp6(void **state) {
    (void)state;
    tu_rng rng;
    tu_rng_init(&rng, 6);
    for (int it = 0; it < 10; it++) {
        fp12 x, y;
        random_fp12(&x, &rng);
        random_fp12(&y, &rng);
        fp6 a = x.c0, b = y.c0, c, d, e;
        seal__fp6_sqr(&c, &a);
        seal__fp6_mul(&d, &a, &a);
        assert_memory_equal(&c, &d, sizeof c);
        seal__fp6_inv(&c, &a);
        seal__fp6_mul(&d, &c, &a);
        fp6 one;
        memset(&one, 0, sizeof one);
        one.c0 = seal__fp2_one;
        assert_memory_equal(&d, &one, sizeof d);
        /* times v */
        fp6 v;
        memset(&v, 0, sizeof v);
        v.c1 = seal__fp2_one;
        seal__fp6_mul(&c, &a, &v);
        seal__fp6_mul_by_nonresidue(&d, &a);
        assert_memory_equal(&c, &d, sizeof c);
        /* sparse products against dense ones */
        fp6 sp = b;
        sp.c2 = seal__fp2_zero;
        seal__fp6_mul(&c, &a, &sp);
        seal__fp6_mul_by_01(&d, &a, &b.c0, &b.c1);
        assert_memory_equal(&c, &d, sizeof c);
        sp.c0 = seal__fp2_zero;
        seal__fp6_mul(&c, &a, &sp);
        seal__fp6_mul_by_1(&d, &a, &b.c1);
        assert_memory_equal(&c, &d, sizeof c);
        /* distributivity, sub/neg */
        seal__fp6_add(&c, &a, &b);
        seal__fp6_sub(&c, &c, &b);
        assert_memory_equal(&c, &a, sizeof c);
        seal__fp6_neg(&e, &a);
        seal__fp6_add(&e, &e, &a);
        fp6 zero;
        memset(&zero, 0, sizeof zero);
        assert_memory_equal(&e, &zero, sizeof e);
    }
}

/* Schoolbook Fp6 product from Fp2 operations only: an independent reference for the
 * Karatsuba / lazily reduced code. */
static void fp6_mul_ref(fp6 *out, const fp6 *a, const fp6 *b) {
    const fp2 *x[3] = {&a->c0, &a->c1, &a->c2}, *y[3] = {&b->c0, &b->c1, &b->c2};
    fp2 acc[5];
    for (int k = 0; k < 5; k++) {
        acc[k] = seal__fp2_zero;
    }
    for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
            fp2 t;
            seal__fp2_mul(&t, x[i], y[j]);
            seal__fp2_add(&acc[i + j], &acc[i + j], &t);
        }
    }
    /* v^3 = xi, v^4 = xi v */
    seal__fp2_mul_by_nonresidue(&acc[3], &acc[3]);
    seal__fp2_mul_by_nonresidue(&acc[4], &acc[4]);
    seal__fp2_add(&out->c0, &acc[0], &acc[3]);
    seal__fp2_add(&out->c1, &acc[1], &acc[4]);
    out->c2 = acc[2];
}

/* Coordinates drawn from {0, 1, p-1, p-2, random}: extremes of the lazy-reduction bounds. */
static void edgy_fp(fp *out, tu_rng *rng) {
    uint8_t sel;
    tu_rng_bytes(rng, &sel, 1);
    fp one = seal__fp2_one.c0;
    switch (sel % 5) {
    case 0:
        *out = seal__fp_zero;
        break;
    case 1:
        *out = one;
        break;
    case 2:
        seal__fp_neg(out, &one);
        break;
    case 3:
        seal__fp_neg(out, &one);
        seal__fp_sub(out, out, &one);
        break;
    default: {
        uint8_t b[48];
        tu_rng_bytes(rng, b, sizeof b);
        b[0] &= 0x0f;
        assert_true(seal__fp_from_bytes(out, b));
    }
    }
}

static void test_fp6_against_schoolbook(void **state) {
    (void)state;
    tu_rng rng;
    tu_rng_init(&rng, 66);
    for (int it = 0; it < 200; it++) {
        fp6 a, b, want, got;
        fp *ca = (fp *)&a, *cb = (fp *)&b;
        for (int i = 0; i < 6; i++) {
            edgy_fp(&ca[i], &rng);
            edgy_fp(&cb[i], &rng);
        }
        if (it == 0) { /* every coordinate p - 1 */
            for (int i = 0; i < 6; i++) {
                seal__fp_neg(&ca[i], &seal__fp2_one.c0);
                cb[i] = ca[i];
            }
        }
        fp6_mul_ref(&want, &a, &b);
        seal__fp6_mul(&got, &a, &b);
        assert_memory_equal(&got, &want, sizeof got);
        seal__fp6_sqr(&got, &a);
        fp6_mul_ref(&want, &a, &a);
        assert_memory_equal(&got, &want, sizeof got);
        fp6 sp = b;
        sp.c2 = seal__fp2_zero;
        fp6_mul_ref(&want, &a, &sp);
        seal__fp6_mul_by_01(&got, &a, &b.c0, &b.c1);
        assert_memory_equal(&got, &want, sizeof got);
        sp.c0 = seal__fp2_zero;
        fp6_mul_ref(&want, &a, &sp);
        seal__fp6_mul_by_1(&got, &a, &b.c1);
        assert_memory_equal(&got, &want, sizeof got);
        /* Fp12 product against one built from the reference Fp6 product */
        fp12 x, y, z, r;
        x.c0 = a;
        x.c1 = b;
        y.c0 = b;
        y.c1 = a;
        fp6 t0, t1, t2;
        fp6_mul_ref(&t0, &x.c0, &y.c0);
        fp6_mul_ref(&t1, &x.c1, &y.c1);
        seal__fp6_mul_by_nonresidue(&t2, &t1);
        seal__fp6_add(&r.c0, &t0, &t2);
        fp6_mul_ref(&t0, &x.c0, &y.c1);
        fp6_mul_ref(&t1, &x.c1, &y.c0);
        seal__fp6_add(&r.c1, &t0, &t1);
        seal__fp12_mul(&z, &x, &y);
        assert_memory_equal(&z, &r, sizeof z);
        seal__fp12_mul(&z, &x, &x);
        seal__fp12_sqr(&r, &x);
        assert_memory_equal(&z, &r, sizeof z);
    }
}

static void test_sparse_line_product(void **state) {
    (void)state;
    tu_rng rng;
    tu_rng_init(&rng, 14);
    for (int it = 0; it < 10; it++) {
        fp12 f, l, want, got;
        random_fp12(&f, &rng);
        random_fp12(&l, &rng);
        l.c0.c2 = seal__fp2_zero;
        l.c1.c0 = seal__fp2_zero;
        l.c1.c2 = seal__fp2_zero;
        seal__fp12_mul(&want, &f, &l);
        got = f;
        seal__fp12_mul_by_014(&got, &l.c0.c0, &l.c0.c1, &l.c1.c1);
        assert_fp12_eq(&got, &want, "mul_by_014");
    }
}

/* Elements of GT (final exponentiation outputs) and of the cyclotomic subgroup (easy part). */
static void test_cyclotomic_sqr(void **state) {
    (void)state;
    tu_rng rng;
    tu_rng_init(&rng, 15);
    for (int it = 0; it < 5; it++) {
        fp12 f, g, t, want, got;
        random_fp12(&f, &rng);
        /* g = f^((p^6 - 1)(p^2 + 1)) lies in the cyclotomic subgroup */
        seal__fp12_inv(&t, &f);
        seal__fp12_conj(&g, &f);
        seal__fp12_mul(&g, &g, &t);
        seal__fp12_frobenius(&t, &g, 2);
        seal__fp12_mul(&g, &g, &t);
        seal__fp12_sqr(&want, &g);
        seal__fp12_cyclotomic_sqr(&got, &g);
        assert_fp12_eq(&got, &want, "cyclotomic sqr (easy part)");
        seal_final_exp(&g, &f);
        for (int j = 0; j < 3; j++) {
            seal__fp12_sqr(&want, &g);
            seal__fp12_cyclotomic_sqr(&g, &g);
            assert_fp12_eq(&g, &want, "cyclotomic sqr (GT)");
        }
        /* in GT the inverse is the conjugate */
        seal__fp12_inv(&t, &g);
        seal__fp12_conj(&want, &g);
        assert_fp12_eq(&t, &want, "GT inverse = conjugate");
    }
}

/* Karabina compression: squaring in compressed form agrees with Granger-Scott, decompression
 * (batched, identity included) gives the element back. */
static void test_compressed_cyclotomic(void **state) {
    (void)state;
    tu_rng rng;
    tu_rng_init(&rng, 31);
    fp12 g[SEAL_FP12_DECOMPRESS_MAX], want[SEAL_FP12_DECOMPRESS_MAX];
    seal__fp12_compressed z[SEAL_FP12_DECOMPRESS_MAX];
    for (size_t i = 0; i < SEAL_FP12_DECOMPRESS_MAX; i++) {
        fp12 f;
        random_fp12(&f, &rng);
        seal_final_exp(&g[i], &f);
    }
    seal__fp12_one(&g[3]); /* the identity: g2 = g3 = 0 */
    for (size_t n = 1; n <= SEAL_FP12_DECOMPRESS_MAX; n++) {
        fp12 out[SEAL_FP12_DECOMPRESS_MAX];
        for (size_t i = 0; i < n; i++) {
            seal__fp12_cyclotomic_compress(&z[i], &g[i]);
            want[i] = g[i];
            for (size_t k = 0; k < n; k++) { /* n squarings */
                seal__fp12_compressed_sqr(&z[i]);
                seal__fp12_cyclotomic_sqr(&want[i], &want[i]);
            }
        }
        seal__fp12_cyclotomic_decompress(out, z, n);
        for (size_t i = 0; i < n; i++) {
            assert_fp12_eq(&out[i], &want[i], "decompress(compressed sqr^n)");
        }
        /* plain round trip */
        seal__fp12_cyclotomic_compress(&z[0], &g[n - 1]);
        seal__fp12_cyclotomic_decompress(out, z, 1);
        assert_fp12_eq(&out[0], &g[n - 1], "decompress(compress)");
    }
    assert_true(seal__fp12_is_one(&want[3]));
}

static void test_final_exp_vectors(void **state) {
    (void)state;
    const json_t *fe = json_object_get(g_vec, "final_exponentiation");
    assert_int_equal(json_array_size(fe), 3);
    for (size_t i = 0; i < json_array_size(fe); i++) {
        const json_t *e = json_array_get(fe, i);
        fp12 f, want, got, textbook, cube;
        load_fp12(&f, json_object_get(e, "f"));
        load_fp12(&want, json_object_get(e, "result"));
        seal_final_exp(&got, &f);
        assert_fp12_eq(&got, &want, "final_exp");
        got = f;
        seal_final_exp(&got, &got);
        assert_fp12_eq(&got, &want, "final_exp in place");
        /* the convention: result = textbook^3 */
        load_fp12(&textbook, json_object_get(e, "result_textbook"));
        seal__fp12_sqr(&cube, &textbook);
        seal__fp12_mul(&cube, &cube, &textbook);
        assert_fp12_eq(&cube, &want, "result = textbook^3");
        assert_false(seal__fp12_equal(&textbook, &want));
        /* the easy part lands in the cyclotomic subgroup */
        load_fp12(&f, json_object_get(e, "easy_part"));
        seal__fp12_sqr(&want, &f);
        seal__fp12_cyclotomic_sqr(&got, &f);
        assert_fp12_eq(&got, &want, "cyclotomic sqr of easy part");
    }
}

static void test_one_equal_cmov(void **state) {
    (void)state;
    tu_rng rng;
    tu_rng_init(&rng, 16);
    fp12 a, b, one, t;
    random_fp12(&a, &rng);
    random_fp12(&b, &rng);
    seal__fp12_one(&one);
    assert_true(seal__fp12_is_one(&one));
    assert_false(seal__fp12_is_one(&a));
    assert_true(seal__fp12_equal(&a, &a));
    assert_false(seal__fp12_equal(&a, &b));
    t = a;
    seal__fp12_cmov(&t, &b, 0);
    assert_true(seal__fp12_equal(&t, &a));
    seal__fp12_cmov(&t, &b, 1);
    assert_true(seal__fp12_equal(&t, &b));
    seal__fp12_mul(&t, &a, &one);
    assert_true(seal__fp12_equal(&t, &a));
    fp12 zero, z;
    memset(&zero, 0, sizeof zero);
    seal__fp12_inv(&z, &zero);
    assert_true(seal__fp12_equal(&z, &zero));
}

static void test_bytes(void **state) {
    (void)state;
    const json_t *s = json_array_get(json_object_get(g_vec, "fp12_arithmetic"), 0);
    fp12 a, back;
    load_fp12(&a, json_object_get(s, "a"));
    uint8_t buf[576];
    seal_gt_to_bytes(buf, &a);
    /* w order: w^0 = c0.c0, w^1 = c1.c0, w^2 = c0.c1, ... each Fp2 as (c0, c1) */
    const json_t *arr = json_object_get(s, "a");
    static const size_t tower_index[12] = {0, 1, 6, 7, 2, 3, 8, 9, 4, 5, 10, 11};
    for (size_t i = 0; i < 12; i++) {
        uint8_t want[48];
        tu_hex(want, 48, json_string_value(json_array_get(arr, tower_index[i])), 1);
        tu_assert_bytes(buf + 48 * i, want, 48, "GT byte chunk");
    }
    assert_int_equal(seal_fp12_from_bytes(&back, buf), SEAL_OK);
    assert_true(seal__fp12_equal(&back, &a));
    /* a coordinate equal to p is rejected; so is 2^384 - 1 */
    for (size_t pos = 0; pos < 12; pos++) {
        uint8_t bad[576];
        memcpy(bad, buf, sizeof bad);
        for (size_t i = 0; i < 6; i++) {
            for (size_t j = 0; j < 8; j++) {
                bad[48 * pos + 47 - 8 * i - j] = (uint8_t)(seal__fp_p[i] >> (8 * j));
            }
        }
        assert_int_equal(seal_fp12_from_bytes(&back, bad), SEAL_ERR_NOT_CANONICAL);
        assert_true(seal__fp12_is_one(&back));
        memset(bad + 48 * pos, 0xff, 48);
        assert_int_equal(seal_fp12_from_bytes(&back, bad), SEAL_ERR_NOT_CANONICAL);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arithmetic_vectors),
        cmocka_unit_test(test_frobenius_powers),
        cmocka_unit_test(test_fp6),
        cmocka_unit_test(test_fp6_against_schoolbook),
        cmocka_unit_test(test_sparse_line_product),
        cmocka_unit_test(test_cyclotomic_sqr),
        cmocka_unit_test(test_compressed_cyclotomic),
        cmocka_unit_test(test_final_exp_vectors),
        cmocka_unit_test(test_one_equal_cmov),
        cmocka_unit_test(test_bytes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
