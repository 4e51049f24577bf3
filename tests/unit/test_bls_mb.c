/* The multi-buffer engine (src/bls/mb_*.c): every lane of every kernel against the scalar
 * library, for the IFMA build when this CPU runs it and for the portable emulation always, on
 * random inputs, identical lanes, partial batches and edge cases (0, 1, p - 1, the identity,
 * scalars 0, 1, r - 1), and the field kernels on @noble/curves' cases (tests/vectors/noble). The
 * batch functions of the public API are tested in test_bls_batch.c. */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "bls/curve.h"
#include "bls/mb.h"
#include "seal/bls12_381.h"

#define LANES SEAL_MB_MAX_LANES

static const seal__mb_engine *engines[2];
static size_t n_engines;
/* The 4-lane kernels likewise: the emulation, and the IFMA build when the CPU has it. */
static const seal__mb_tower *towers[2];
static size_t n_towers;

static int setup(void **state) {
    (void)state;
    n_engines = 0;
    n_towers = 0;
    engines[n_engines++] = &seal__mb_engine_emu;
    towers[n_towers++] = &seal__mb_tower_emu;
    if (seal_bls_set_backend("ifma") == SEAL_OK) { /* not linked in builds without IFMA */
        engines[n_engines++] = seal__bls_mb();
        towers[n_towers++] = seal__bls_tower();
        print_message("testing the ifma engine and its emulation\n");
    } else {
        print_message("this CPU or build has no IFMA: testing the emulation only\n");
    }
    assert_int_equal(seal_bls_set_backend("auto"), SEAL_OK);
    return 0;
}

static void random_fp(fp *out, tu_rng *r) {
    uint8_t b[64];
    tu_rng_bytes(r, b, sizeof b);
    seal__fp_from_bytes_wide64(out, b);
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

/* Edge values of Fp (as field elements): 0, 1, -1 = p - 1, 2, (p - 1) / 2. */
static void edge_fp(fp *out, size_t i) {
    fp two;
    seal__fp_add(&two, &seal__fp_one, &seal__fp_one);
    switch (i % 5) {
    case 0:
        *out = seal__fp_zero;
        break;
    case 1:
        *out = seal__fp_one;
        break;
    case 2:
        seal__fp_neg(out, &seal__fp_one);
        break;
    case 3:
        *out = two;
        break;
    default:
        seal__fp_neg(out, &seal__fp_one);
        seal__fp_mul(out, out, &seal__fp_half); /* (p - 1) / 2 */
        break;
    }
}

/* The lane patterns every kernel sees: random, all lanes the same, edge values mixed with
 * random ones. */
static void fill_fp(fp *a, size_t pattern, tu_rng *r) {
    for (size_t k = 0; k < LANES; k++) {
        if (pattern == 0 || (pattern == 2 && k % 2 == 1)) {
            random_fp(&a[k], r);
        } else if (pattern == 1) {
            a[k] = a[0];
            if (k == 0) {
                random_fp(&a[0], r);
            }
        } else {
            edge_fp(&a[k], k / 2 + pattern);
        }
    }
}

static void test_fp_kernels(void **state) {
    (void)state;
    tu_rng r;
    tu_rng_init(&r, 1801);
    for (size_t e = 0; e < n_engines; e++) {
        const seal__mb_engine *eng = engines[e];
        size_t lanes = eng->lanes;
        for (size_t iter = 0; iter < 60; iter++) {
            fp a[LANES], b[LANES], got[LANES], want;
            size_t n = iter % 7 == 3 ? 1 + iter % lanes : lanes;
            fill_fp(a, iter % 4, &r);
            fill_fp(b, (iter + 1) % 4, &r);
            eng->fp_mul(got, a, b, n);
            for (size_t k = 0; k < n; k++) {
                seal__fp_mul_portable(&want, &a[k], &b[k]);
                assert_memory_equal(&got[k], &want, sizeof want);
            }
            eng->fp_sqr(got, a, n);
            for (size_t k = 0; k < n; k++) {
                seal__fp_sqr_portable(&want, &a[k]);
                assert_memory_equal(&got[k], &want, sizeof want);
            }
            if (iter % 10 == 0) {
                eng->fp_pow_sqrt_ratio(got, a, n);
                for (size_t k = 0; k < n; k++) {
                    seal__fp_pow_sqrt_ratio(&want, &a[k]);
                    assert_memory_equal(&got[k], &want, sizeof want);
                }
            }
        }
    }
}

/* The field kernels on @noble/curves' Fp cases (tests/vectors/noble/field.json: 0, 1, 2, 4,
 * p - 1, p - 2, (p - 1) / 2, (p + 1) / 2 and random values), compared with noble's results:
 * consecutive cases across the lanes, then each case in every lane. The square-root power is
 * checked through a^((p+1)/4) = a * a^((p-3)/4): noble's root up to sign for squares, and a
 * value whose square is -a for non-squares. */
static void noble_fp(fp *out, const json_t *c, const char *key) {
    uint8_t b[48];
    tu_hex(b, sizeof b, tu_str(c, key), 1);
    assert_true(seal__fp_from_bytes(out, b));
}

static void check_noble_fp(const fp *got, const json_t *c, const char *key, size_t i, size_t lane,
                           const char *engine) {
    fp want;
    noble_fp(&want, c, key);
    if (!seal__fp_equal(got, &want)) {
        fail_msg("%s: %s of noble's fp case %zu in lane %zu differs", engine, key, i, lane);
    }
}

static void test_fp_kernels_noble(void **state) {
    (void)state;
    json_t *root = tu_load_json("noble/field.json");
    const json_t *cases = json_object_get(root, "fp");
    size_t nc = json_array_size(cases);
    assert_true(nc >= LANES);
    for (size_t e = 0; e < n_engines; e++) {
        const seal__mb_engine *eng = engines[e];
        size_t lanes = eng->lanes;
        for (size_t same = 0; same < 2; same++) {
            for (size_t first = 0; first < nc; first += same ? 1 : lanes) {
                const json_t *c[LANES];
                size_t idx[LANES];
                fp a[LANES], b[LANES], got[LANES];
                for (size_t k = 0; k < lanes; k++) {
                    idx[k] = same ? first : (first + k) % nc;
                    c[k] = json_array_get(cases, idx[k]);
                    noble_fp(&a[k], c[k], "a");
                    noble_fp(&b[k], c[k], "b");
                }
                eng->fp_mul(got, a, b, lanes);
                for (size_t k = 0; k < lanes; k++) {
                    check_noble_fp(&got[k], c[k], "mul", idx[k], k, eng->name);
                }
                eng->fp_sqr(got, a, lanes);
                for (size_t k = 0; k < lanes; k++) {
                    check_noble_fp(&got[k], c[k], "sqr", idx[k], k, eng->name);
                }
                eng->fp_pow_sqrt_ratio(got, a, lanes);
                for (size_t k = 0; k < lanes; k++) {
                    fp root_k, sq, want;
                    seal__fp_mul(&root_k, &got[k], &a[k]);
                    if (json_is_true(json_object_get(c[k], "is_square"))) {
                        fp nwant;
                        noble_fp(&want, c[k], "sqrt");
                        seal__fp_neg(&nwant, &want);
                        assert_true(seal__fp_equal(&root_k, &want) ||
                                    seal__fp_equal(&root_k, &nwant));
                    } else {
                        seal__fp_sqr(&sq, &root_k);
                        seal__fp_neg(&want, &a[k]);
                        assert_true(seal__fp_equal(&sq, &want));
                    }
                }
            }
        }
    }
    json_decref(root);
}

static void assert_g1_same(const seal_g1 *got, const seal_g1 *want, const char *what, size_t lane) {
    if (!seal_g1_equal(got, want)) {
        fail_msg("%s: lane %zu differs", what, lane);
    }
    /* outputs are canonical projective coordinates that the scalar code accepts */
    assert_true(seal_g1_is_on_curve(got));
}

static void scalar_hash_from_field(seal_g1 *out, const fp u[2]) {
    seal_g1 q0, q1;
    seal__g1_map_to_curve(&q0, &u[0]);
    seal__g1_map_to_curve(&q1, &u[1]);
    seal_g1_add(&q0, &q0, &q1);
    seal__g1_clear_cofactor(out, &q0);
}

static void test_hash_from_field(void **state) {
    (void)state;
    tu_rng r;
    tu_rng_init(&r, 1802);
    for (size_t e = 0; e < n_engines; e++) {
        const seal__mb_engine *eng = engines[e];
        size_t lanes = eng->lanes;
        for (size_t iter = 0; iter < (e == 0 ? 2 : 6); iter++) {
            fp u[LANES][2], c0[LANES], c1[LANES];
            seal_g1 got[LANES], want;
            fill_fp(c0, iter % 3, &r);
            fill_fp(c1, (iter + 2) % 3, &r);
            for (size_t k = 0; k < LANES; k++) {
                u[k][0] = c0[k];
                u[k][1] = c1[k];
            }
            size_t n = iter == 1 ? 3 : lanes;
            eng->g1_hash_from_field(got, (const fp(*)[2])u, n);
            for (size_t k = 0; k < n; k++) {
                scalar_hash_from_field(&want, u[k]);
                assert_g1_same(&got[k], &want, "hash_from_field", k);
            }
        }
    }
}

/* Scalars: random, and 0, 1, 2, r - 1, r - 2 mixed in. */
static void fill_scalars(seal_scalar *k, size_t pattern, tu_rng *r) {
    seal_scalar one;
    seal_scalar_from_u64(&one, 1);
    for (size_t i = 0; i < LANES; i++) {
        random_scalar(&k[i], r);
        if (pattern == 1) {
            k[i] = k[0];
        } else if (pattern == 2 && i % 2 == 0) {
            switch ((i / 2) % 4) {
            case 0:
                seal_scalar_from_u64(&k[i], 0);
                break;
            case 1:
                k[i] = one;
                break;
            case 2:
                seal_scalar_neg(&k[i], &one); /* r - 1 */
                break;
            default:
                seal_scalar_from_u64(&k[i], 2);
                seal_scalar_neg(&k[i], &k[i]); /* r - 2 */
                break;
            }
        }
    }
}

static void test_g1_mul(void **state) {
    (void)state;
    tu_rng r;
    tu_rng_init(&r, 1803);
    for (size_t e = 0; e < n_engines; e++) {
        const seal__mb_engine *eng = engines[e];
        size_t lanes = eng->lanes;
        for (size_t iter = 0; iter < (e == 0 ? 3 : 8); iter++) {
            seal_g1 p[LANES], got[LANES], want;
            seal_scalar k[LANES];
            fill_scalars(k, iter % 3, &r);
            for (size_t i = 0; i < LANES; i++) {
                random_point(&p[i], &r);
                if (iter % 4 == 1) {
                    p[i] = p[0];
                }
            }
            if (iter % 4 == 2) {
                seal_g1_identity(&p[1]); /* the identity in one lane */
                seal_g1_generator(&p[2]);
            }
            size_t n = iter == 3 ? 5 : lanes;
            eng->g1_mul(got, p, k, n);
            for (size_t i = 0; i < n; i++) {
                seal_g1_mul(&want, &p[i], &k[i]);
                assert_g1_same(&got[i], &want, "g1_mul", i);
            }
            eng->g1_mul_table(got, &seal__mb_consts()->gen, k, n);
            for (size_t i = 0; i < n; i++) {
                seal_g1_mul_gen(&want, &k[i]);
                assert_g1_same(&got[i], &want, "g1_mul_table (generator)", i);
            }
        }
    }
}

static void test_g1_mul_table(void **state) {
    (void)state;
    tu_rng r;
    tu_rng_init(&r, 1804);
    seal__mb_table *t = malloc(sizeof *t);
    assert_non_null(t);
    seal_g1 base;
    random_point(&base, &r);
    seal__mb_table_build(t, &base);
    for (size_t e = 0; e < n_engines; e++) {
        const seal__mb_engine *eng = engines[e];
        seal_g1 got[LANES], want;
        seal_scalar k[LANES];
        fill_scalars(k, 2, &r);
        eng->g1_mul_table(got, t, k, eng->lanes);
        for (size_t i = 0; i < eng->lanes; i++) {
            seal_g1_mul(&want, &base, &k[i]);
            assert_g1_same(&got[i], &want, "g1_mul_table", i);
        }
    }
    /* the generator's table built here equals the static one */
    seal_g1 g;
    seal_g1_generator(&g);
    seal__mb_table_build(t, &g);
    assert_memory_equal(t, &seal__mb_consts()->gen, sizeof *t);
    free(t);
}

/* ---- tower kernels (4 lanes) ---- */

/* An element of the cyclotomic subgroup: the final exponentiation's easy part of a random
 * Fp12 element is enough for the compressed squaring formulas (a^(p^6 + 1) = 1 after it);
 * the final exponentiation itself gives elements of GT. */
static void random_cyclotomic(fp12 *out, tu_rng *r) {
    fp *c = (fp *)out;
    for (size_t i = 0; i < 12; i++) {
        random_fp(&c[i], r);
    }
    seal_final_exp(out, out);
}

static void test_tower_compressed_sqr(void **state) {
    (void)state;
    tu_rng r;
    tu_rng_init(&r, 1805);
    for (size_t t = 0; t < n_towers; t++) {
        for (size_t iter = 0; iter < 6; iter++) {
            fp12 a;
            seal__fp12_compressed z, want, saved[6], want_saved[6];
            if (iter == 0) {
                seal__fp12_one(&a); /* the identity: g2 = g3 = 0 */
            } else {
                random_cyclotomic(&a, &r);
            }
            seal__fp12_cyclotomic_compress(&z, &a);
            unsigned n = (unsigned)(1 + iter * 7);
            want = z;
            for (unsigned i = 0; i < n; i++) {
                seal__fp12_compressed_sqr(&want);
            }
            seal__fp12_compressed got = z;
            towers[t]->compressed_sqr_n(&got, n);
            assert_memory_equal(&got, &want, sizeof want);
            towers[t]->cyclo_exp_abs_x_saves(saved, &z);
            want = z;
            size_t k = 0;
            for (int bit = 1; bit <= 63; bit++) {
                seal__fp12_compressed_sqr(&want);
                if ((seal__bls_x_abs >> bit) & 1) {
                    want_saved[k++] = want;
                }
            }
            assert_int_equal(k, 6);
            assert_memory_equal(saved, want_saved, sizeof saved);
        }
    }
}

/* The G2 doubling kernel, through the chains that use it (mul by |x| in hash to G2 and the
 * subgroup check, the GLS multiplication), on every backend against the portable one. */
static void test_tower_g2_doublings(void **state) {
    (void)state;
    static const char *const backends[] = {"ifma-emu", "ifma"};
    tu_rng r;
    tu_rng_init(&r, 1806);
    for (size_t iter = 0; iter < 4; iter++) {
        seal_scalar k, k2;
        seal_g2 p, ref_x, ref_mul, got;
        random_scalar(&k, &r);
        random_scalar(&k2, &r);
        assert_int_equal(seal_bls_set_backend("portable"), SEAL_OK);
        seal_g2_mul_gen(&p, &k);
        if (iter == 0) {
            seal_g2_identity(&p);
        }
        seal__g2_mul_by_x_abs(&ref_x, &p);
        seal_g2_mul(&ref_mul, &p, &k2);
        for (size_t b = 0; b < 2; b++) {
            if (seal_bls_set_backend(backends[b]) != SEAL_OK) {
                continue;
            }
            seal__g2_mul_by_x_abs(&got, &p);
            assert_true(seal_g2_equal(&got, &ref_x));
            seal_g2_mul(&got, &p, &k2);
            assert_true(seal_g2_equal(&got, &ref_mul));
        }
    }
    assert_int_equal(seal_bls_set_backend("auto"), SEAL_OK);
}

/* k1 p + k2 phi2(p) by the scalar ladder's definition: phi2 acts as [lambda] on G1, so this
 * is (k1 + k2 lambda) p, computed here with the variable-time path on the portable backend. */
static void g1_glv_ref(seal_g1 *out, const seal_g1 *p, const uint64_t k1[2], const uint64_t k2[2]) {
    seal_scalar a, b, lam;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    memset(&lam, 0, sizeof lam);
    a.l[0] = k1[0];
    a.l[1] = k1[1];
    b.l[0] = k2[0];
    b.l[1] = k2[1];
    lam.l[0] = seal__bls_x_abs * seal__bls_x_abs - 1; /* x^2 - 1 < 2^128 */
    lam.l[1] = (uint64_t)(((unsigned __int128)seal__bls_x_abs * seal__bls_x_abs) >> 64);
    seal_g1 ta, tb;
    seal_g1_mul_vartime(&ta, p, &a);
    seal_g1_mul_vartime(&tb, p, &lam);
    seal_g1_mul_vartime(&tb, &tb, &b);
    seal_g1_add(out, &ta, &tb);
}

/* The G1 kernels on 4 lanes (mb_tower_g1.inc) on both towers. The ladder against the
 * definition: random points and halves, the identity, halves 0, 1, 2, all ones (a zero digit
 * in every window but the ends), a bit every 5 places, Booth digits -16, 16, -16, ... (the
 * table's last entry at every window), equal halves, and halves whose windows make the accumulator
 * meet the table entry (k1 p + k2 phi2(p) with k1 = lambda: the complete formulas' exceptional
 * inputs), a point given as (-X : -Y : -Z). The chain by |x| against the portable one. The
 * fixed-base multiplication against the portable one, on the generator's table and on a random
 * point's. Then seal_g1_mul and seal_g1_mul_gen through the dispatch on every backend, edge scalars
 * included. */
static void test_tower_g1_mul(void **state) {
    (void)state;
    assert_int_equal(seal_bls_set_backend("portable"), SEAL_OK);
    tu_rng r;
    tu_rng_init(&r, 1807);
    const uint64_t lam0 = seal__bls_x_abs * seal__bls_x_abs - 1;
    const uint64_t lam1 = (uint64_t)(((unsigned __int128)seal__bls_x_abs * seal__bls_x_abs) >> 64);
    const uint64_t edges[][4] = {
        {0, 0, 0, 0},
        {1, 0, 0, 0},
        {0, 0, 1, 0},
        {2, 0, 2, 0},
        {~0ULL, ~0ULL, ~0ULL, ~0ULL},
        {~0ULL, ~0ULL >> 1, 0, 0},
        {0x8421084210842108ULL, 0x1084210842108421ULL, 0x4210842108421084ULL,
         0x2108421084210842ULL},
        {0x07c1f07c1f07c1f0ULL, 0x007c1f07c1f07c1fULL, 0x07c1f07c1f07c1f0ULL,
         0x007c1f07c1f07c1fULL},
        {lam0, lam1, 1, 0},
        {lam0, lam1, 0, 0},
        {1, 0, lam0, lam1},
        {31, 0, 31, 0},
        {16, 0, 0x10000000000ULL, 0},
    };
    size_t ne = sizeof edges / sizeof edges[0];
    for (size_t iter = 0; iter < ne + 10; iter++) {
        seal_g1 p, want, got;
        uint64_t k1[2], k2[2];
        random_point(&p, &r);
        if (iter < ne) {
            k1[0] = edges[iter][0];
            k1[1] = edges[iter][1];
            k2[0] = edges[iter][2];
            k2[1] = edges[iter][3];
        } else {
            tu_rng_fill(&r, (uint8_t *)k1, sizeof k1);
            tu_rng_fill(&r, (uint8_t *)k2, sizeof k2);
        }
        if (iter == ne + 9) {
            seal_g1_identity(&p);
        } else if (iter == ne + 8) { /* the same point as (-X : -Y : -Z) */
            seal__fp_neg(&p.x, &p.x);
            seal__fp_neg(&p.y, &p.y);
            seal__fp_neg(&p.z, &p.z);
        }
        g1_glv_ref(&want, &p, k1, k2);
        for (size_t t = 0; t < n_towers; t++) {
            towers[t]->g1_mul_glv(&got, &p, k1, k2);
            assert_true(seal_g1_equal(&got, &want));
            assert_true(seal_g1_is_on_curve(&got));
        }
    }
    /* the chain by |x| (subgroup check, cofactor clearing), once and twice, on points of G1
     * (one with Z = -1: every coordinate negated), the identity, (0, 2) and points of E1
     * outside G1 (SSWU outputs before the cofactor clearing) */
    for (size_t iter = 0; iter < 7; iter++) {
        seal_g1 p, want1, want2, got;
        if (iter < 2) {
            random_point(&p, &r);
            if (iter == 1) {
                seal_g1_affine a;
                seal_g1_to_affine(&a, &p);
                seal__fp_neg(&p.x, &a.x);
                seal__fp_neg(&p.y, &a.y);
                seal__fp_neg(&p.z, &seal__fp_one);
            }
        } else if (iter == 2) {
            seal_g1_identity(&p);
        } else if (iter == 3) {
            p.x = seal__fp_zero;
            seal__fp_add(&p.y, &seal__fp_one, &seal__fp_one);
            p.z = seal__fp_one;
            assert_true(seal_g1_is_on_curve(&p));
        } else {
            fp u;
            random_fp(&u, &r);
            seal__g1_map_to_curve(&p, &u);
            assert_false(seal_g1_in_subgroup(&p));
        }
        seal__g1_mul_by_x_abs(&want1, &p);
        seal__g1_mul_by_x_abs(&want2, &want1);
        for (size_t t = 0; t < n_towers; t++) {
            towers[t]->g1_mul_by_x_abs(&got, &p, 1);
            assert_true(seal_g1_equal(&got, &want1));
            towers[t]->g1_mul_by_x_abs(&got, &p, 2);
            assert_true(seal_g1_equal(&got, &want2));
        }
    }
    /* fixed-base tables: the generator's and one of a random point, against the portable
     * multiplication: random scalars, 0, 1, r - 1, Booth digits -8, 8, -8, ... (0x7878..78:
     * the table's last entry at every window) and all ones below r (a zero digit in every
     * window but the ends: the kept accumulator) */
    seal__mb_table *tab = malloc(sizeof *tab);
    assert_non_null(tab);
    for (size_t iter = 0; iter < 10; iter++) {
        seal_scalar k;
        seal_g1 base, want, got;
        random_scalar(&k, &r);
        if (iter == 1) {
            seal_scalar_from_u64(&k, 0);
        } else if (iter == 2) {
            seal_scalar_from_u64(&k, 1);
        } else if (iter == 3) {
            seal_scalar one;
            seal_scalar_from_u64(&one, 1);
            seal_scalar_neg(&k, &one);
        } else if (iter == 4) {
            for (size_t i = 0; i < 4; i++) {
                k.l[i] = 0x7878787878787878ULL;
            }
            k.l[3] = 0x0078787878787878ULL;
        } else if (iter == 5) {
            k.l[0] = k.l[1] = k.l[2] = ~0ULL;
            k.l[3] = 0x0fffffffffffffffULL;
        }
        const seal__mb_table *t = &seal__mb_consts()->gen;
        if (iter >= 6) {
            random_point(&base, &r);
            seal__mb_table_build(tab, &base);
            t = tab;
            seal_g1_mul(&want, &base, &k);
        } else {
            seal_g1_mul_gen(&want, &k);
        }
        for (size_t tw = 0; tw < n_towers; tw++) {
            towers[tw]->g1_mul_table(&got, t, &k);
            assert_true(seal_g1_equal(&got, &want));
        }
    }
    free(tab);
    /* through seal_g1_mul on every backend, against the portable result */
    static const char *const backends[] = {"adx", "ifma-emu", "ifma"};
    for (size_t iter = 0; iter < 6; iter++) {
        seal_scalar k;
        seal_g1 p, want, got;
        random_point(&p, &r);
        random_scalar(&k, &r);
        if (iter == 1) {
            seal_scalar_from_u64(&k, 0);
        } else if (iter == 2) {
            seal_scalar one;
            seal_scalar_from_u64(&one, 1);
            seal_scalar_neg(&k, &one); /* r - 1 */
        } else if (iter == 3) {
            seal_g1_identity(&p);
        }
        assert_int_equal(seal_bls_set_backend("portable"), SEAL_OK);
        seal_g1_mul(&want, &p, &k);
        for (size_t b = 0; b < 3; b++) {
            if (seal_bls_set_backend(backends[b]) != SEAL_OK) {
                continue;
            }
            seal_g1_mul(&got, &p, &k);
            assert_true(seal_g1_equal(&got, &want));
        }
        assert_int_equal(seal_bls_set_backend("portable"), SEAL_OK);
        seal_g1_mul_gen(&want, &k);
        for (size_t b = 0; b < 3; b++) {
            if (seal_bls_set_backend(backends[b]) != SEAL_OK) {
                continue;
            }
            seal_g1_mul_gen(&got, &k);
            assert_true(seal_g1_equal(&got, &want));
        }
    }
    assert_int_equal(seal_bls_set_backend("auto"), SEAL_OK);
}

/* Random points of G1 and G2. */
static void random_pair(seal_g1 *g1, seal_g2 *g2, tu_rng *r) {
    seal_scalar k;
    random_point(g1, r);
    random_scalar(&k, r);
    seal_g2_mul_gen(g2, &k);
}

/* The Miller loop with prepared lines on the tower kernels (f in lanes for the whole loop)
 * against the scalar loop (backend portable), unconjugated: a random pair of points, then line
 * coefficients and G1 coordinates that are no curve points (the loop is algebra on them): all
 * p - 1, zero coefficients in some lines (l1 = 0, l4 = 0, a zero line), edge values mixed with
 * random ones. */
static void test_tower_miller_loop_prepared(void **state) {
    (void)state;
    tu_rng r;
    tu_rng_init(&r, 1807);
    seal_g2_prepared *q = malloc(sizeof *q);
    assert_non_null(q);
    for (size_t iter = 0; iter < 6; iter++) {
        seal_g1_affine p;
        assert_int_equal(seal_bls_set_backend("portable"), SEAL_OK);
        if (iter == 0) {
            seal_g1 g1;
            seal_g2 g2;
            random_pair(&g1, &g2, &r);
            seal_g1_to_affine(&p, &g1);
            seal_g2_prepare(q, &g2);
        } else {
            fp *c = (fp *)q->coeffs;
            size_t nc = sizeof q->coeffs / sizeof(fp);
            for (size_t i = 0; i < nc; i++) {
                if (iter == 1) {
                    seal__fp_neg(&c[i], &seal__fp_one); /* p - 1 */
                } else if (iter == 4 && i % 5 != 0) {
                    edge_fp(&c[i], i / 5);
                } else {
                    random_fp(&c[i], &r);
                }
            }
            for (size_t k = 0; iter >= 2 && k < SEAL_G2_PREPARED_LINES; k++) {
                if (iter == 2 && k % 3 == 1) {
                    q->coeffs[k][1] = seal__fp2_zero; /* l1 = 0 */
                }
                if (iter == 2 && k % 3 == 2) {
                    q->coeffs[k][2] = seal__fp2_zero; /* l4 = 0 */
                }
                if (iter == 3 && k % 7 == 0) {
                    q->coeffs[k][0] = seal__fp2_one; /* the line 1 */
                    q->coeffs[k][1] = seal__fp2_zero;
                    q->coeffs[k][2] = seal__fp2_zero;
                }
                if (iter == 5 && k == 40) {
                    memset(q->coeffs[k], 0, sizeof q->coeffs[k]); /* the line 0: f = 0 */
                }
            }
            q->infinity = false;
            p.infinity = false;
            if (iter == 1) {
                seal__fp_neg(&p.x, &seal__fp_one);
                p.y = p.x;
            } else if (iter == 2) {
                p.x = seal__fp_zero;
                random_fp(&p.y, &r);
            } else {
                edge_fp(&p.x, iter);
                random_fp(&p.y, &r);
            }
        }
        fp12 want, got;
        seal__miller_loop_prepared_affine(&want, &p, q);
        seal__fp12_conj(&want, &want);
        for (size_t t = 0; t < n_towers; t++) {
            memset(&got, 0xa5, sizeof got);
            towers[t]->miller_loop_prepared(&got, &p, q);
            assert_memory_equal(&got, &want, sizeof want);
        }
    }
    /* through the dispatch on every backend, infinity flags included */
    static const char *const backends[] = {"ifma-emu", "ifma"};
    seal_g1 g1;
    seal_g2 g2;
    random_pair(&g1, &g2, &r);
    for (int inf = 0; inf < 3; inf++) {
        seal_g1_affine p;
        fp12 want, got;
        assert_int_equal(seal_bls_set_backend("portable"), SEAL_OK);
        seal_g1_to_affine(&p, &g1);
        seal_g2_prepare(q, &g2);
        p.infinity = inf == 1;
        q->infinity = inf == 2;
        seal__miller_loop_prepared_affine(&want, &p, q);
        for (size_t b = 0; b < 2; b++) {
            if (seal_bls_set_backend(backends[b]) != SEAL_OK) {
                continue;
            }
            seal__miller_loop_prepared_affine(&got, &p, q);
            assert_memory_equal(&got, &want, sizeof want);
        }
    }
    assert_int_equal(seal_bls_set_backend("auto"), SEAL_OK);
    free(q);
}

/* The shared Miller loop of n pairs (lines from the G2 steps, f in lanes) through the dispatch
 * on the tower backends against the portable loop: 1, 2, 3 and 9 pairs (past one chunk of 8),
 * identity points in some pairs (lines of 1), a repeated pair, and the fused G2 check. */
static void test_tower_miller_loop_multi(void **state) {
    (void)state;
    static const char *const backends[] = {"ifma-emu", "ifma"};
    enum { N = 9 };
    tu_rng r;
    tu_rng_init(&r, 1808);
    seal_g1_affine p[N];
    seal_g2_affine q[N];
    assert_int_equal(seal_bls_set_backend("portable"), SEAL_OK);
    for (size_t i = 0; i < N; i++) {
        seal_g1 g1;
        seal_g2 g2;
        random_pair(&g1, &g2, &r);
        if (i == 4) {
            seal_g1_identity(&g1);
        }
        if (i == 6) {
            seal_g2_identity(&g2);
        }
        seal_g1_to_affine(&p[i], &g1);
        seal_g2_to_affine(&q[i], &g2);
    }
    p[2] = p[1];
    q[2] = q[1];
    static const size_t ns[] = {1, 2, 3, 9};
    for (size_t c = 0; c < sizeof ns / sizeof ns[0]; c++) {
        for (size_t off = 0; off + ns[c] <= N; off += ns[c] == 1 ? 4 : N) {
            fp12 want, got;
            assert_int_equal(seal_bls_set_backend("portable"), SEAL_OK);
            seal__miller_loop_affine(&want, p + off, q + off, ns[c]);
            for (size_t b = 0; b < 2; b++) {
                if (seal_bls_set_backend(backends[b]) != SEAL_OK) {
                    continue;
                }
                seal__miller_loop_affine(&got, p + off, q + off, ns[c]);
                assert_memory_equal(&got, &want, sizeof want);
            }
        }
    }
    for (size_t i = 0; i < N; i += 3) {
        fp12 want, got;
        assert_int_equal(seal_bls_set_backend("portable"), SEAL_OK);
        bool ok = seal__miller_loop_affine_g2_check(&want, &p[i], &q[i]);
        for (size_t b = 0; b < 2; b++) {
            if (seal_bls_set_backend(backends[b]) != SEAL_OK) {
                continue;
            }
            assert_int_equal(seal__miller_loop_affine_g2_check(&got, &p[i], &q[i]), ok);
            assert_memory_equal(&got, &want, sizeof want);
        }
    }
    assert_int_equal(seal_bls_set_backend("auto"), SEAL_OK);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fp_kernels),
        cmocka_unit_test(test_fp_kernels_noble),
        cmocka_unit_test(test_hash_from_field),
        cmocka_unit_test(test_g1_mul),
        cmocka_unit_test(test_g1_mul_table),
        cmocka_unit_test(test_tower_compressed_sqr),
        cmocka_unit_test(test_tower_g2_doublings),
        cmocka_unit_test(test_tower_g1_mul),
        cmocka_unit_test(test_tower_miller_loop_prepared),
        cmocka_unit_test(test_tower_miller_loop_multi),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
