/* Fp and Fp2 of BLS12-381: field axioms, known constants, encodings, square roots, sign rules,
 * and agreement of the selected backend (seal_bls_backend()) with the portable code. */
#include <string.h>

#include "testutil.h"
#include "bls/internal.h"
/* Compile the x86-64 branch of the inline header in every x86-64 build: its additions use only
 * add/adc/sub/sbb/cmov, so it runs on any x86-64 and is compared with the library functions. */
#if defined(__x86_64__) && !defined(SEAL_HAVE_X86_ASM)
#define SEAL_HAVE_X86_ASM 1
#endif
#include "bls/fp_inline.h"

static json_t *g_constants;

static json_t *constants(void) {
    if (g_constants == NULL) {
        g_constants = tu_load_json("bls12_381/constants.json");
    }
    return g_constants;
}

/* constants.json group.name.value (a hex string) */
static const char *const_hex(const char *group, const char *name) {
    json_t *g = json_object_get(constants(), group);
    assert_non_null(g);
    json_t *c = json_object_get(g, name);
    assert_non_null(c);
    return tu_str(c, "value");
}

/* hex of at most 96 digits (constants.json writes exponents without leading zeros) */
static void fp_hex(fp *out, const char *hex) {
    char padded[97];
    size_t n = strlen(hex);
    assert_true(n <= 96);
    memset(padded, '0', 96 - n);
    memcpy(padded + 96 - n, hex, n + 1);
    uint8_t b[48];
    tu_hex(b, 48, padded, 1);
    assert_true(seal__fp_from_bytes(out, b));
}

static void assert_fp_hex(const fp *a, const char *hex, const char *what) {
    uint8_t got[48], want[48];
    tu_hex(want, 48, hex, 1);
    seal__fp_to_bytes(got, a);
    tu_assert_bytes(got, want, 48, what);
}

static void assert_fp_eq(const fp *a, const fp *b) {
    assert_memory_equal(a->l, b->l, sizeof a->l);
}

static void assert_fp2_eq(const fp2 *a, const fp2 *b) {
    assert_fp_eq(&a->c0, &b->c0);
    assert_fp_eq(&a->c1, &b->c1);
}

static void fp_rand(fp *out, tu_rng *r) {
    uint8_t b[64];
    tu_rng_bytes(r, b, 64);
    seal__fp_from_bytes_wide64(out, b);
}

static void fp2_rand(fp2 *out, tu_rng *r) {
    fp_rand(&out->c0, r);
    fp_rand(&out->c1, r);
}

/* Edge values 0, 1, 2, p-1, p-2, (p-1)/2, (p+1)/2 in Montgomery form. */
#define N_EDGE 7
static void fp_edges(fp e[N_EDGE]) {
    fp two;
    e[0] = seal__fp_zero;
    e[1] = seal__fp_one;
    seal__fp_dbl(&two, &seal__fp_one);
    e[2] = two;
    seal__fp_neg(&e[3], &seal__fp_one);
    seal__fp_neg(&e[4], &two);
    fp_hex(&e[5], const_hex("sqrt", "fp_legendre_exp"));
    seal__fp_add(&e[6], &e[5], &seal__fp_one);
}

/* ---- Fp ------------------------------------------------------------------------------------ */

static void test_fp_constants(void **state) {
    (void)state;
    /* one is R mod p; R as a plain number converted to Montgomery form is R^2 mod p */
    uint64_t l[6];
    seal__fp_from_mont(l, &seal__fp_one);
    assert_true(l[0] == 1 && (l[1] | l[2] | l[3] | l[4] | l[5]) == 0);
    fp r_plain, r_mont;
    fp_hex(&r_plain, const_hex("montgomery", "fp_R"));
    uint8_t one_be[48] = {0}, got[48];
    one_be[47] = 1;
    seal__fp_to_bytes(got, &seal__fp_one);
    assert_memory_equal(got, one_be, 48);
    uint64_t rl[6];
    seal__fp_from_mont(rl, &r_plain); /* the plain limbs of R */
    seal__fp_to_mont(&r_mont, rl);
    uint8_t want[48];
    tu_hex(want, 48, const_hex("montgomery", "fp_R2"), 1);
    for (int i = 0; i < 6; i++) {
        uint64_t v = 0;
        for (int j = 0; j < 8; j++) {
            v |= (uint64_t)want[47 - (8 * i + j)] << (8 * j);
        }
        assert_true(r_mont.l[i] == v); /* Montgomery form of R is R^2 mod p */
        assert_true(seal__fp_one.l[i] == rl[i]);
    }
    /* p limbs */
    json_t *limbs =
        json_object_get(json_object_get(json_object_get(constants(), "field"), "p"), "limbs_le");
    for (size_t i = 0; i < 6; i++) {
        uint8_t b[8];
        tu_hex(b, 8, json_string_value(json_array_get(limbs, i)), 1);
        uint64_t v = 0;
        for (int j = 0; j < 8; j++) {
            v = (v << 8) | b[j];
        }
        assert_true(seal__fp_p[i] == v);
    }
    /* from_u64 */
    fp a, b;
    seal__fp_from_u64(&a, 7);
    seal__fp_from_u64(&b, 0);
    assert_true(seal__fp_is_zero(&b));
    fp c = seal__fp_one;
    for (int i = 1; i < 7; i++) {
        seal__fp_add(&c, &c, &seal__fp_one);
    }
    assert_fp_eq(&a, &c);
    /* non-residue -1 = p - 1 (tower.fp2.non_residue) */
    fp m1, nr;
    seal__fp_neg(&m1, &seal__fp_one);
    json_t *t =
        json_object_get(json_object_get(json_object_get(constants(), "tower"), "fp2"), "value");
    fp_hex(&nr, tu_str(t, "non_residue"));
    assert_fp_eq(&m1, &nr);
    assert_false(seal__fp_is_square(&m1));
    fp s;
    assert_false(seal__fp_sqrt(&s, &m1));
    assert_true(seal__fp_is_square(&seal__fp_one));
    assert_true(seal__fp_is_square(&seal__fp_zero));
}

static void test_fp_encoding(void **state) {
    (void)state;
    uint8_t pb[48], b[48], out[48];
    tu_hex(pb, 48, const_hex("field", "p"), 1);
    fp a;
    /* p rejected, p+1 rejected, 2^384-1 rejected, p-1 accepted */
    assert_false(seal__fp_from_bytes(&a, pb));
    assert_true(seal__fp_is_zero(&a));
    memcpy(b, pb, 48);
    b[47]++; /* p ends in 0xab: no carry */
    assert_false(seal__fp_from_bytes(&a, b));
    memset(b, 0xff, 48);
    assert_false(seal__fp_from_bytes(&a, b));
    memcpy(b, pb, 48);
    b[47]--;
    assert_true(seal__fp_from_bytes(&a, b));
    fp m1;
    seal__fp_neg(&m1, &seal__fp_one);
    assert_fp_eq(&a, &m1);
    seal__fp_to_bytes(out, &a);
    assert_memory_equal(out, b, 48);
    memset(b, 0, 48);
    assert_true(seal__fp_from_bytes(&a, b));
    assert_true(seal__fp_is_zero(&a));
    /* random round trips */
    tu_rng r;
    tu_rng_init(&r, 11);
    for (int i = 0; i < 200; i++) {
        fp x, y;
        fp_rand(&x, &r);
        seal__fp_to_bytes(out, &x);
        assert_true(seal__fp_from_bytes(&y, out));
        assert_fp_eq(&x, &y);
        uint64_t l[6];
        seal__fp_from_mont(l, &x);
        seal__fp_to_mont(&y, l);
        assert_fp_eq(&x, &y);
    }
}

/* 64-byte big-endian inputs and their residues mod p, computed with python3:
 *   for x in inputs: print(format(x % p, '096x'))
 * inputs: 2^512-1, p*2^128+5, (p*p) % 2^512, SHA-512("seal fp wide64 1"),
 * SHA-512("seal fp wide64 2") (as big-endian integers), 2^384, p. */
static const char *const WIDE[][2] = {
    {"ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
     "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
     "02cb5d3a884e56c4fab7cd07ee4e16bc15efebb5d396d7cf82383087033108464532383fa8eaff4e967d3988a62b"
     "6c9c"},
    {"1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f624"
     "1eabfffeb153ffffb9feffffffffaaab00000000000000000000000000000005",
     "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
     "0005"},
    {"50a62cfd16ddca6ef53149330978ef011d68619c86185c7b292e85a87091a049"
     "66bf91ed3e71b743162c338362113cfd7ced6b1d76382eab26aa00001c718e39",
     "038a3a0d7eac968084dac1d5b537bf65ffc41edcea84350b15b506b9410731e05338002bb55972ba68954165a2b9"
     "f97c"},
    {"b6c076d7ad1caa8004b5642402449cf1fea17e13dd2abd7dc1f71b8845e13fca"
     "0e529bd4c6e76f60ee6f311148c8921ee44227561d5a44b270d1f4a9a45d83b0",
     "18751fe0642f6a2c9171db815593dd21e46446f164f35e9ee1eb9985a6420b3adad3b0ac5c1f482148883e5f81e4"
     "8dfe"},
    {"028f066d1b14c9dcc411934e0c65fd9cd698f53485b1fad3a9360991379ffa2d"
     "d7e2b2b95233021906837ffd03c9e5412617cd25cc2a810130de1e2372fb5d4c",
     "083aa89bc50432d61703c0ae481234835ac1403079e8aae346515b20064fd075bbfdf29523a446673726da612263"
     "62a1"},
    {"0000000000000000000000000000000100000000000000000000000000000000"
     "0000000000000000000000000000000000000000000000000000000000000000",
     "15f65ec3fa80e4935c071a97a256ec6d77ce5853705257455f48985753c758baebf4000bc40c0002760900000002"
     "fffd"},
    {"000000000000000000000000000000001a0111ea397fe69a4b1ba7b6434bacd7"
     "64774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab",
     "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
     "0000"},
};

static void test_fp_wide64(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof WIDE / sizeof WIDE[0]; i++) {
        uint8_t in[64];
        tu_hex(in, 64, WIDE[i][0], 1);
        fp a;
        seal__fp_from_bytes_wide64(&a, in);
        assert_fp_hex(&a, WIDE[i][1], "wide64");
    }
    /* a 48-byte value below p, zero-extended, reduces to itself */
    tu_rng r;
    tu_rng_init(&r, 12);
    for (int i = 0; i < 50; i++) {
        fp x, y;
        uint8_t in[64] = {0};
        fp_rand(&x, &r);
        seal__fp_to_bytes(in + 16, &x);
        seal__fp_from_bytes_wide64(&y, in);
        assert_fp_eq(&x, &y);
    }
}

static void test_fp_axioms(void **state) {
    (void)state;
    tu_rng r;
    tu_rng_init(&r, 1);
    for (int i = 0; i < 300; i++) {
        fp a, b, c, t1, t2, t3;
        fp_rand(&a, &r);
        fp_rand(&b, &r);
        fp_rand(&c, &r);
        /* commutativity */
        seal__fp_add(&t1, &a, &b);
        seal__fp_add(&t2, &b, &a);
        assert_fp_eq(&t1, &t2);
        seal__fp_mul(&t1, &a, &b);
        seal__fp_mul(&t2, &b, &a);
        assert_fp_eq(&t1, &t2);
        /* associativity */
        seal__fp_mul(&t1, &a, &b);
        seal__fp_mul(&t1, &t1, &c);
        seal__fp_mul(&t2, &b, &c);
        seal__fp_mul(&t2, &a, &t2);
        assert_fp_eq(&t1, &t2);
        seal__fp_add(&t1, &a, &b);
        seal__fp_add(&t1, &t1, &c);
        seal__fp_add(&t2, &b, &c);
        seal__fp_add(&t2, &a, &t2);
        assert_fp_eq(&t1, &t2);
        /* distributivity */
        seal__fp_add(&t1, &b, &c);
        seal__fp_mul(&t1, &a, &t1);
        seal__fp_mul(&t2, &a, &b);
        seal__fp_mul(&t3, &a, &c);
        seal__fp_add(&t2, &t2, &t3);
        assert_fp_eq(&t1, &t2);
        /* identities, negation, subtraction, doubling, squaring */
        seal__fp_mul(&t1, &a, &seal__fp_one);
        assert_fp_eq(&t1, &a);
        seal__fp_add(&t1, &a, &seal__fp_zero);
        assert_fp_eq(&t1, &a);
        seal__fp_neg(&t1, &a);
        seal__fp_add(&t1, &t1, &a);
        assert_true(seal__fp_is_zero(&t1));
        seal__fp_sub(&t1, &a, &b);
        seal__fp_neg(&t2, &b);
        seal__fp_add(&t2, &a, &t2);
        assert_fp_eq(&t1, &t2);
        seal__fp_sub(&t1, &t1, &a);
        seal__fp_add(&t1, &t1, &b);
        assert_true(seal__fp_is_zero(&t1));
        seal__fp_dbl(&t1, &a);
        seal__fp_add(&t2, &a, &a);
        assert_fp_eq(&t1, &t2);
        seal__fp_sqr(&t1, &a);
        seal__fp_mul(&t2, &a, &a);
        assert_fp_eq(&t1, &t2);
        /* mul_small against mul by the Montgomery form of k */
        uint64_t k = (uint64_t)(a.l[0] & 0xffffffffu);
        if (i < 4) {
            k = (uint64_t[]){0, 1, 12, 0xffffffffu}[i];
        }
        seal__fp_mul_small(&t1, &b, k);
        seal__fp_from_u64(&t3, k);
        seal__fp_mul(&t2, &b, &t3);
        assert_fp_eq(&t1, &t2);
        /* aliasing */
        t1 = a;
        seal__fp_mul(&t1, &t1, &t1);
        seal__fp_sqr(&t2, &a);
        assert_fp_eq(&t1, &t2);
        /* equality, cmov */
        assert_true(seal__fp_equal(&a, &a));
        assert_false(seal__fp_equal(&a, &b));
        t1 = a;
        seal__fp_cmov(&t1, &b, 0);
        assert_fp_eq(&t1, &a);
        seal__fp_cmov(&t1, &b, 1);
        assert_fp_eq(&t1, &b);
    }
    fp z;
    seal__fp_neg(&z, &seal__fp_zero);
    assert_true(seal__fp_is_zero(&z));
    /* mul_small on edge values */
    fp e[N_EDGE];
    fp_edges(e);
    static const uint64_t ks[] = {0, 1, 2, 3, 4, 12, 0x80000000u, 0xfffffffeu, 0xffffffffu};
    for (int i = 0; i < N_EDGE; i++) {
        for (size_t j = 0; j < sizeof ks / sizeof ks[0]; j++) {
            fp t1, t2, kk;
            seal__fp_mul_small(&t1, &e[i], ks[j]);
            seal__fp_from_u64(&kk, ks[j]);
            seal__fp_mul(&t2, &e[i], &kk);
            assert_fp_eq(&t1, &t2);
        }
    }
}

static void test_fp_inverse(void **state) {
    (void)state;
    tu_rng r;
    tu_rng_init(&r, 2);
    fp z;
    seal__fp_inv(&z, &seal__fp_zero);
    assert_true(seal__fp_is_zero(&z));
    seal__fp_inv_vartime(&z, &seal__fp_zero);
    assert_true(seal__fp_is_zero(&z));
    fp e[N_EDGE];
    fp_edges(e);
    for (int i = 0; i < 200 + N_EDGE; i++) {
        fp a, t, u, v;
        if (i < N_EDGE) {
            a = e[i];
            if (i == 0) {
                continue;
            }
        } else {
            fp_rand(&a, &r);
        }
        seal__fp_inv(&t, &a);
        seal__fp_mul(&u, &t, &a);
        assert_fp_eq(&u, &seal__fp_one);
        seal__fp_inv_vartime(&v, &a);
        assert_fp_eq(&t, &v);
        if (i < N_EDGE + 20) {
            seal__fp_inv_portable(&v, &a);
            assert_fp_eq(&t, &v);
        }
        seal__fp_inv(&a, &a); /* aliasing */
        assert_fp_eq(&a, &t);
    }
}

/* Structured inputs for the divstep-based inverse: 2^k, 2^k - 1, p - 2^k, small integers. */
static void test_fp_inverse_structured(void **state) {
    (void)state;
    fp two, pw = seal__fp_one, m1;
    seal__fp_dbl(&two, &seal__fp_one);
    seal__fp_neg(&m1, &seal__fp_one);
    for (int k = 0; k < 381; k++) {
        fp cand[3], t, u, v;
        cand[0] = pw;
        seal__fp_add(&cand[1], &pw, &m1);
        seal__fp_neg(&cand[2], &pw);
        for (int c = 0; c < 3; c++) {
            if (seal__fp_is_zero(&cand[c])) {
                continue;
            }
            seal__fp_inv(&t, &cand[c]);
            seal__fp_mul(&u, &t, &cand[c]);
            assert_fp_eq(&u, &seal__fp_one);
            seal__fp_inv_vartime(&v, &cand[c]);
            assert_fp_eq(&t, &v);
        }
        seal__fp_dbl(&pw, &pw);
    }
    /* raw limb patterns: 1, 2^380 - 1, alternating bits, 2^380 */
    static const uint64_t pats[][6] = {
        {1, 0, 0, 0, 0, 0},
        {~0ULL, ~0ULL, ~0ULL, ~0ULL, ~0ULL, 0x0fffffffffffffffULL},
        {0x5555555555555555ULL, 0x5555555555555555ULL, 0x5555555555555555ULL, 0x5555555555555555ULL,
         0x5555555555555555ULL, 0x0555555555555555ULL},
        {0, 0, 0, 0, 0, 0x1000000000000000ULL},
    };
    for (size_t i = 0; i < sizeof pats / sizeof pats[0]; i++) {
        fp a, t, u;
        memcpy(a.l, pats[i], sizeof a.l); /* < p: use as a Montgomery representation */
        seal__fp_inv(&t, &a);
        seal__fp_mul(&u, &t, &a);
        assert_fp_eq(&u, &seal__fp_one);
    }
}

static void test_fp_sqrt(void **state) {
    (void)state;
    tu_rng r;
    tu_rng_init(&r, 3);
    fp m1;
    seal__fp_neg(&m1, &seal__fp_one);
    int squares = 0, non_squares = 0;
    for (int i = 0; i < 60; i++) {
        fp a, sq, s, t;
        fp_rand(&a, &r);
        seal__fp_sqr(&sq, &a);
        assert_true(seal__fp_sqrt(&s, &sq));
        seal__fp_sqr(&t, &s);
        assert_fp_eq(&t, &sq);
        assert_true(seal__fp_is_square(&sq));
        /* -a^2 is not a square since -1 is not */
        seal__fp_mul(&t, &sq, &m1);
        assert_false(seal__fp_sqrt(&s, &t));
        assert_false(seal__fp_is_square(&t));
        /* a random element: sqrt succeeds exactly when is_square */
        bool q = seal__fp_is_square(&a);
        assert_int_equal(seal__fp_sqrt(&s, &a), q);
        squares += q;
        non_squares += !q;
    }
    assert_true(squares > 10 && non_squares > 10);
    fp s;
    assert_true(seal__fp_sqrt(&s, &seal__fp_zero));
    assert_true(seal__fp_is_zero(&s));
    /* the fixed-exponent chain against generic exponentiation by (p-3)/4 (sqrt.fp_sqrt_ratio_c1) */
    uint8_t c1[48];
    fp c1_fp;
    fp_hex(&c1_fp, const_hex("sqrt", "fp_sqrt_ratio_c1"));
    uint64_t c1_l[6];
    seal__fp_from_mont(c1_l, &c1_fp);
    for (int i = 0; i < 48; i++) {
        c1[47 - i] = (uint8_t)(c1_l[i / 8] >> (8 * (i % 8)));
    }
    for (int i = 0; i < 5; i++) {
        fp a, x, y;
        fp_rand(&a, &r);
        seal__fp_pow_sqrt_ratio(&x, &a);
        seal__fp_pow_vartime_exp(&y, &a, c1, 48);
        assert_fp_eq(&x, &y);
    }
    /* G1 SSWU constant: c2 = sqrt(-11) */
    fp c2, eleven, t;
    fp_hex(&c2, const_hex("sqrt", "g1_sqrt_ratio_c2"));
    seal__fp_sqr(&t, &c2);
    seal__fp_from_u64(&eleven, 11);
    seal__fp_add(&t, &t, &eleven);
    assert_true(seal__fp_is_zero(&t));
}

static void test_fp_signs(void **state) {
    (void)state;
    fp e[N_EDGE];
    fp_edges(e);
    /* 0, 1, 2, p-1, p-2, (p-1)/2, (p+1)/2; p is odd so p-1 is even and (p-1)/2 = 0xd00..555 is
     * odd, (p+1)/2 even */
    static const uint64_t sgn[N_EDGE] = {0, 1, 0, 0, 1, 1, 0};
    static const uint64_t lex[N_EDGE] = {0, 0, 0, 1, 1, 0, 1};
    for (int i = 0; i < N_EDGE; i++) {
        assert_int_equal(seal__fp_sgn0(&e[i]), sgn[i]);
        assert_int_equal(seal__fp_is_lexicographically_largest(&e[i]), lex[i]);
    }
    /* exactly one of a, -a is lexicographically largest, and they differ in parity (a != 0) */
    tu_rng r;
    tu_rng_init(&r, 4);
    for (int i = 0; i < 100; i++) {
        fp a, n;
        fp_rand(&a, &r);
        seal__fp_neg(&n, &a);
        assert_int_equal(seal__fp_is_lexicographically_largest(&a) +
                             seal__fp_is_lexicographically_largest(&n),
                         1);
        assert_int_equal(seal__fp_sgn0(&a) ^ seal__fp_sgn0(&n), 1);
    }
}

static void test_fp_pow(void **state) {
    (void)state;
    tu_rng r;
    tu_rng_init(&r, 5);
    uint8_t pb[48], pm1[48];
    tu_hex(pb, 48, const_hex("field", "p"), 1);
    memcpy(pm1, pb, 48);
    pm1[47]--;
    for (int i = 0; i < 10; i++) {
        fp a, t, u;
        fp_rand(&a, &r);
        /* a^p = a, a^(p-1) = 1 */
        seal__fp_pow_vartime_exp(&t, &a, pb, 48);
        assert_fp_eq(&t, &a);
        seal__fp_pow_vartime_exp(&t, &a, pm1, 48);
        assert_fp_eq(&t, &seal__fp_one);
        /* small exponents against repeated multiplication */
        u = seal__fp_one;
        for (unsigned k = 0; k < 40; k++) {
            uint8_t e[2] = {0, (uint8_t)k};
            seal__fp_pow_vartime_exp(&t, &a, e, 2);
            assert_fp_eq(&t, &u);
            seal__fp_mul(&u, &u, &a);
        }
        seal__fp_pow_vartime_exp(&t, &a, pb, 0);
        assert_fp_eq(&t, &seal__fp_one);
    }
}

static void check_backend_pair(const fp *a, const fp *b, bool reduced) {
    fp x, y;
    uint64_t w1[12], w2[12];
    seal__fp_mul(&x, a, b);
    seal__fp_mul_portable(&y, a, b);
    assert_fp_eq(&x, &y);
    seal__fp_sqr(&x, a);
    seal__fp_sqr_portable(&y, a);
    assert_fp_eq(&x, &y);
    seal__fp_mul384(w1, a, b);
    seal__fp_mul384_portable(w2, a, b);
    assert_memory_equal(w1, w2, sizeof w1);
    seal__fp_sqr384(w1, a);
    seal__fp_sqr384_portable(w2, a);
    assert_memory_equal(w1, w2, sizeof w1);
    seal__fp_mul384(w1, a, b);
    seal__fp_redc(&x, w1);
    seal__fp_redc_portable(&y, w1);
    assert_fp_eq(&x, &y);
    seal__fp_mul_portable(&y, a, b);
    assert_fp_eq(&x, &y);
    if (reduced) {
        seal__fp_add(&x, a, b);
        seal__fp_add_portable(&y, a, b);
        assert_fp_eq(&x, &y);
        seal__fp_sub(&x, a, b);
        seal__fp_sub_portable(&y, a, b);
        assert_fp_eq(&x, &y);
        uint64_t k = b->l[1] >> 32;
        seal__fp_mul_small(&x, a, k);
        seal__fp_mul_small_portable(&y, a, k);
        assert_fp_eq(&x, &y);
    }
}

static void backend_agreement(void) {
    fp e[N_EDGE];
    fp_edges(e);
    for (int i = 0; i < N_EDGE; i++) {
        for (int j = 0; j < N_EDGE; j++) {
            check_backend_pair(&e[i], &e[j], true);
        }
    }
    tu_rng r;
    tu_rng_init(&r, 6);
    for (int i = 0; i < 10000; i++) {
        fp a, b;
        fp_rand(&a, &r);
        fp_rand(&b, &r);
        if (i % 16 == 1) {
            b = e[(unsigned)i / 16 % N_EDGE];
        }
        check_backend_pair(&a, &b, true);
    }
    /* unreduced operands below 2p (used by the tower) */
    fp m1, big;
    seal__fp_neg(&m1, &seal__fp_one);
    uint64_t carry = 0;
    for (int i = 0; i < 6; i++) {
        unsigned __int128 s = (unsigned __int128)m1.l[i] + m1.l[i] + carry;
        big.l[i] = (uint64_t)s;
        carry = (uint64_t)(s >> 64);
    }
    check_backend_pair(&big, &big, false);
    check_backend_pair(&big, &m1, false);
}

/* Every backend this machine runs against the portable code (the scalar field arithmetic of
 * "ifma" and "ifma-emu" is adx's or the portable one). */
static void test_fp_backend_agreement(void **state) {
    (void)state;
    static const char *const names[] = {"portable", "adx", "ifma", "ifma-emu"};
    const char *start = seal_bls_backend();
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (seal_bls_set_backend(names[i]) != SEAL_OK) {
            print_message("backend %s not available here\n", names[i]);
            continue;
        }
        assert_string_equal(seal_bls_backend(), names[i]);
        backend_agreement();
    }
    assert_int_equal(seal_bls_set_backend(start), SEAL_OK);
    assert_int_equal(seal_bls_set_backend("no-such-backend"), SEAL_ERR_INVALID_ARGUMENT);
    assert_string_equal(seal_bls_backend(), start);
}

/* ---- Fp2 ----------------------------------------------------------------------------------- */

static void fp2_from_json(fp2 *out, const json_t *o) {
    fp_hex(&out->c0, tu_str(o, "c0"));
    fp_hex(&out->c1, tu_str(o, "c1"));
}

static void test_fp2_axioms(void **state) {
    (void)state;
    tu_rng r;
    tu_rng_init(&r, 7);
    fp2 u = {seal__fp_zero, seal__fp_one}, xi = {seal__fp_one, seal__fp_one}, m1;
    seal__fp2_neg(&m1, &seal__fp2_one);
    fp2 t;
    seal__fp2_sqr(&t, &u);
    assert_fp2_eq(&t, &m1); /* u^2 = -1 */
    for (int i = 0; i < 300; i++) {
        fp2 a, b, c, t1, t2, t3;
        fp2_rand(&a, &r);
        fp2_rand(&b, &r);
        fp2_rand(&c, &r);
        if (i < 3) { /* edge coordinates */
            seal__fp_neg(&a.c0, &seal__fp_one);
            a.c1 = i == 0 ? seal__fp_zero : a.c0;
            b = i == 2 ? a : b;
        }
        /* schoolbook product with Fp operations */
        fp x0, x1;
        seal__fp_mul(&x0, &a.c0, &b.c0);
        seal__fp_mul(&x1, &a.c1, &b.c1);
        seal__fp_sub(&t3.c0, &x0, &x1);
        seal__fp_mul(&x0, &a.c0, &b.c1);
        seal__fp_mul(&x1, &a.c1, &b.c0);
        seal__fp_add(&t3.c1, &x0, &x1);
        seal__fp2_mul(&t1, &a, &b);
        assert_fp2_eq(&t1, &t3);
        seal__fp2_mul(&t2, &b, &a);
        assert_fp2_eq(&t1, &t2);
        /* associativity, distributivity */
        seal__fp2_mul(&t1, &t1, &c);
        seal__fp2_mul(&t2, &b, &c);
        seal__fp2_mul(&t2, &a, &t2);
        assert_fp2_eq(&t1, &t2);
        seal__fp2_add(&t1, &b, &c);
        seal__fp2_mul(&t1, &a, &t1);
        seal__fp2_mul(&t2, &a, &b);
        seal__fp2_mul(&t3, &a, &c);
        seal__fp2_add(&t2, &t2, &t3);
        assert_fp2_eq(&t1, &t2);
        /* sub, neg, dbl */
        seal__fp2_sub(&t1, &a, &b);
        seal__fp2_neg(&t2, &b);
        seal__fp2_add(&t2, &t2, &a);
        assert_fp2_eq(&t1, &t2);
        seal__fp2_dbl(&t1, &a);
        seal__fp2_add(&t2, &a, &a);
        assert_fp2_eq(&t1, &t2);
        /* sqr, aliasing */
        seal__fp2_sqr(&t1, &a);
        seal__fp2_mul(&t2, &a, &a);
        assert_fp2_eq(&t1, &t2);
        t2 = a;
        seal__fp2_sqr(&t2, &t2);
        assert_fp2_eq(&t1, &t2);
        t2 = a;
        seal__fp2_mul(&t2, &t2, &t2);
        assert_fp2_eq(&t1, &t2);
        /* by the non-residue u + 1, by an Fp element, conjugate */
        seal__fp2_mul_by_nonresidue(&t1, &a);
        seal__fp2_mul(&t2, &a, &xi);
        assert_fp2_eq(&t1, &t2);
        seal__fp2_mul_fp(&t1, &a, &b.c0);
        t3.c0 = b.c0;
        t3.c1 = seal__fp_zero;
        seal__fp2_mul(&t2, &a, &t3);
        assert_fp2_eq(&t1, &t2);
        seal__fp2_conj(&t1, &a);
        seal__fp2_mul(&t2, &t1, &a); /* the norm, in Fp */
        assert_true(seal__fp_is_zero(&t2.c1));
        /* inverse */
        seal__fp2_inv(&t1, &a);
        seal__fp2_mul(&t2, &t1, &a);
        assert_fp2_eq(&t2, &seal__fp2_one);
        /* the inline variants */
        seal__fp2_add(&t2, &a, &b);
        t1 = a;
        seal__fp2_add_inline(&t1, &t1, &b);
        assert_fp2_eq(&t1, &t2);
        seal__fp2_sub(&t2, &a, &b);
        t1 = a;
        seal__fp2_sub_inline(&t1, &t1, &b);
        assert_fp2_eq(&t1, &t2);
        seal__fp2_dbl(&t2, &a);
        seal__fp2_dbl_inline(&t1, &a);
        assert_fp2_eq(&t1, &t2);
        seal__fp2_neg(&t2, &a);
        seal__fp2_neg_inline(&t1, &a);
        assert_fp2_eq(&t1, &t2);
        seal__fp2_mul_by_nonresidue(&t2, &a);
        t1 = a;
        seal__fp2_mul_by_nonresidue_inline(&t1, &t1);
        assert_fp2_eq(&t1, &t2);
        seal__fp_add(&t2.c0, &a.c0, &b.c0);
        seal__fp_add_inline(&t1.c0, &a.c0, &b.c0);
        assert_fp_eq(&t1.c0, &t2.c0);
        seal__fp_sub(&t2.c0, &a.c0, &b.c0);
        seal__fp_sub_inline(&t1.c0, &a.c0, &b.c0);
        assert_fp_eq(&t1.c0, &t2.c0);
        seal__fp_dbl(&t2.c0, &a.c0);
        seal__fp_dbl_inline(&t1.c0, &a.c0);
        assert_fp_eq(&t1.c0, &t2.c0);
        seal__fp_neg(&t2.c0, &a.c0);
        seal__fp_neg_inline(&t1.c0, &a.c0);
        assert_fp_eq(&t1.c0, &t2.c0);
        /* equality, cmov, is_zero */
        assert_true(seal__fp2_equal(&a, &a));
        assert_false(seal__fp2_equal(&a, &b) && i >= 3);
        t1 = a;
        seal__fp2_cmov(&t1, &b, 0);
        assert_fp2_eq(&t1, &a);
        seal__fp2_cmov(&t1, &b, 1);
        assert_fp2_eq(&t1, &b);
        assert_false(seal__fp2_is_zero(&a));
    }
    seal__fp2_inv(&t, &seal__fp2_zero);
    assert_true(seal__fp2_is_zero(&t));
    assert_true(seal__fp2_is_zero(&seal__fp2_zero));
}

static void check_fp2_sqrt_of_square(const fp2 *a) {
    fp2 sq, s, t;
    seal__fp2_sqr(&sq, a);
    assert_true(seal__fp2_is_square(&sq));
    assert_true(seal__fp2_sqrt(&s, &sq));
    seal__fp2_sqr(&t, &s);
    assert_fp2_eq(&t, &sq);
}

static void test_fp2_sqrt(void **state) {
    (void)state;
    tu_rng r;
    tu_rng_init(&r, 8);
    fp2 xi = {seal__fp_one, seal__fp_one}, s, t;
    /* u + 1 is not a square (tower facts) */
    assert_false(seal__fp2_is_square(&xi));
    assert_false(seal__fp2_sqrt(&s, &xi));
    /* constants.json sqrt.fp2_sqrt_9mod16: c2 = sqrt(c1) with c1 = u, c3 = sqrt(-c1) */
    json_t *g = json_object_get(
        json_object_get(json_object_get(constants(), "sqrt"), "fp2_sqrt_9mod16"), "value");
    fp2 c1, c2, c3;
    fp2_from_json(&c1, json_object_get(g, "c1"));
    fp2_from_json(&c2, json_object_get(g, "c2"));
    fp2_from_json(&c3, json_object_get(g, "c3"));
    assert_true(seal__fp2_sqrt(&s, &c1));
    seal__fp2_neg(&t, &s);
    assert_true(seal__fp2_equal(&s, &c2) || seal__fp2_equal(&t, &c2));
    seal__fp2_neg(&t, &c1);
    assert_true(seal__fp2_sqrt(&s, &t));
    seal__fp2_neg(&t, &s);
    assert_true(seal__fp2_equal(&s, &c3) || seal__fp2_equal(&t, &c3));
    /* zero, elements of Fp (every one is a square in Fp2), purely imaginary elements */
    assert_true(seal__fp2_sqrt(&s, &seal__fp2_zero));
    assert_true(seal__fp2_is_zero(&s));
    int nonsq = 0;
    for (int i = 0; i < 40; i++) {
        fp2 a;
        fp2_rand(&a, &r);
        check_fp2_sqrt_of_square(&a);
        fp2 re = {a.c0, seal__fp_zero}, im = {seal__fp_zero, a.c1};
        check_fp2_sqrt_of_square(&re);
        check_fp2_sqrt_of_square(&im);
        assert_true(seal__fp2_sqrt(&s, &re)); /* any Fp element */
        seal__fp2_sqr(&t, &s);
        assert_fp2_eq(&t, &re);
        /* random: sqrt succeeds exactly when is_square; a square times xi is a non-square */
        bool q = seal__fp2_is_square(&a);
        assert_int_equal(seal__fp2_sqrt(&s, &a), q);
        if (q) {
            seal__fp2_sqr(&t, &s);
            assert_fp2_eq(&t, &a);
        }
        nonsq += !q;
        seal__fp2_sqr(&t, &a);
        seal__fp2_mul(&t, &t, &xi);
        assert_false(seal__fp2_sqrt(&s, &t));
        assert_false(seal__fp2_is_square(&t));
    }
    assert_true(nonsq > 5 && nonsq < 35);
}

static void test_fp2_signs(void **state) {
    (void)state;
    fp e[N_EDGE];
    fp_edges(e);
    for (int i = 0; i < N_EDGE; i++) {
        for (int j = 0; j < N_EDGE; j++) {
            fp2 a = {e[i], e[j]};
            uint64_t s0 = seal__fp_sgn0(&e[i]), s1 = seal__fp_sgn0(&e[j]);
            uint64_t want = i == 0 ? s1 : s0; /* RFC 9380: c0 first */
            assert_int_equal(seal__fp2_sgn0(&a), want);
            uint64_t l0 = seal__fp_is_lexicographically_largest(&e[i]);
            uint64_t l1 = seal__fp_is_lexicographically_largest(&e[j]);
            uint64_t lw = j == 0 ? l0 : l1; /* ZCash: c1 first */
            assert_int_equal(seal__fp2_is_lexicographically_largest(&a), lw);
        }
    }
}

static void test_fp2_pow(void **state) {
    (void)state;
    tu_rng r;
    tu_rng_init(&r, 9);
    uint8_t pb[48];
    tu_hex(pb, 48, const_hex("field", "p"), 1);
    /* (p^2 - 1)/3, computed with python3: format((p*p-1)//3, '0192x') */
    uint8_t cube[96];
    tu_hex(cube, 96,
           "00e167e192ebca97c3f0d2f8e0ba61f8a0f4304c5a256ce6ccf734c3118a2e9ac58cb9a9b249ee24fc65c3"
           "1103284fab09cd75ded75d74290dba2c8d7adb356dccea85f9bf7b3d165cb9668120b069a9d44f23b47cbd"
           "64e3b78e0000097b2f68",
           1);
    fp2 xi = {seal__fp_one, seal__fp_one}, t;
    /* u + 1 is not a cube */
    seal__fp2_pow_vartime_exp(&t, &xi, cube, 96);
    assert_false(seal__fp2_equal(&t, &seal__fp2_one));
    for (int i = 0; i < 5; i++) {
        fp2 a, c, u;
        fp2_rand(&a, &r);
        /* Frobenius: a^p = conj(a) */
        seal__fp2_pow_vartime_exp(&t, &a, pb, 48);
        seal__fp2_conj(&c, &a);
        assert_fp2_eq(&t, &c);
        /* a^3 is a cube */
        seal__fp2_sqr(&c, &a);
        seal__fp2_mul(&c, &c, &a);
        seal__fp2_pow_vartime_exp(&t, &c, cube, 96);
        assert_fp2_eq(&t, &seal__fp2_one);
        u = seal__fp2_one;
        for (unsigned k = 0; k < 20; k++) {
            uint8_t e[1] = {(uint8_t)k};
            seal__fp2_pow_vartime_exp(&t, &a, e, 1);
            assert_fp2_eq(&t, &u);
            seal__fp2_mul(&u, &u, &a);
        }
    }
}

/* a wide value is in [0, p 2^384): its top six limbs are below p */
static void assert_wide_range(const fp_wide *w) {
    uint64_t borrow = 0;
    for (int i = 0; i < 6; i++) {
        unsigned __int128 d = (unsigned __int128)w->l[6 + i] - seal__fp_p[i] - borrow;
        borrow = (uint64_t)(d >> 64) & 1;
    }
    assert_int_equal(borrow, 1);
}

static void assert_wide2_range(const fp2_wide *w) {
    assert_wide_range(&w->c0);
    assert_wide_range(&w->c1);
}

static void test_fp2_wide(void **state) {
    (void)state;
    tu_rng r;
    tu_rng_init(&r, 10);
    fp e[N_EDGE];
    fp_edges(e);
    for (int i = 0; i < 400; i++) {
        fp2 a, b, c, d, t1, t2, t3;
        fp2_rand(&a, &r);
        fp2_rand(&b, &r);
        fp2_rand(&c, &r);
        fp2_rand(&d, &r);
        if (i < N_EDGE * N_EDGE) { /* all edge pairs, e.g. (p-1)(p-1) and 0 */
            a.c0 = e[i % N_EDGE];
            a.c1 = e[i / N_EDGE];
            b.c0 = e[i / N_EDGE];
            b.c1 = e[i % N_EDGE];
            c = a;
            d = b;
        }
        fp2_wide w1, w2, w3;
        /* products */
        seal__fp2_mul_wide(&w1, &a, &b);
        assert_wide2_range(&w1);
        seal__fp2_redc(&t1, &w1);
        seal__fp2_mul(&t2, &a, &b);
        assert_fp2_eq(&t1, &t2);
        seal__fp2_sqr_wide(&w2, &a);
        assert_wide2_range(&w2);
        seal__fp2_redc(&t1, &w2);
        seal__fp2_sqr(&t2, &a);
        assert_fp2_eq(&t1, &t2);
        /* a b + c d, a b - c d, (a b - c d)(u + 1), with one reduction each */
        seal__fp2_mul_wide(&w2, &c, &d);
        seal__fp2_wide_add(&w3, &w1, &w2);
        assert_wide2_range(&w3);
        seal__fp2_redc(&t1, &w3);
        seal__fp2_mul(&t2, &a, &b);
        seal__fp2_mul(&t3, &c, &d);
        seal__fp2_add(&t2, &t2, &t3);
        assert_fp2_eq(&t1, &t2);
        seal__fp2_wide_sub(&w3, &w1, &w2);
        assert_wide2_range(&w3);
        seal__fp2_redc(&t1, &w3);
        seal__fp2_mul(&t2, &a, &b);
        seal__fp2_sub(&t2, &t2, &t3);
        assert_fp2_eq(&t1, &t2);
        seal__fp2_wide_mul_by_nonresidue(&w3, &w3);
        assert_wide2_range(&w3);
        seal__fp2_redc(&t1, &w3);
        seal__fp2_mul_by_nonresidue(&t2, &t2);
        assert_fp2_eq(&t1, &t2);
        /* Fp-level: c0 - c1 and c0 + c1 of a product, repeated subtraction chains */
        fp_wide x = w1.c0;
        for (int k = 0; k < 5; k++) {
            seal__fp_wide_sub(&x, &x, &w1.c1);
            assert_wide_range(&x);
        }
        for (int k = 0; k < 5; k++) {
            seal__fp_wide_add(&x, &x, &w1.c1);
            assert_wide_range(&x);
        }
        assert_memory_equal(x.l, w1.c0.l, sizeof x.l);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fp_constants), cmocka_unit_test(test_fp_encoding),
        cmocka_unit_test(test_fp_wide64),    cmocka_unit_test(test_fp_axioms),
        cmocka_unit_test(test_fp_inverse),   cmocka_unit_test(test_fp_inverse_structured),
        cmocka_unit_test(test_fp_sqrt),      cmocka_unit_test(test_fp_signs),
        cmocka_unit_test(test_fp_pow),       cmocka_unit_test(test_fp_backend_agreement),
        cmocka_unit_test(test_fp2_axioms),   cmocka_unit_test(test_fp2_sqrt),
        cmocka_unit_test(test_fp2_signs),    cmocka_unit_test(test_fp2_pow),
        cmocka_unit_test(test_fp2_wide),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    json_decref(g_constants);
    return rc;
}
