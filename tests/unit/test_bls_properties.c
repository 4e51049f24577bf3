/* Algebraic properties of src/bls/ through the public API, on seeded random inputs:
 * bilinearity and non-degeneracy of the pairing, group laws, scalar-multiplication linearity and
 * agreement of the constant-time, variable-time and fixed-base paths, encoding round trips, and
 * rejection of malformed encodings built here (every flag combination, x >= p, y >= p, points off
 * the curve, points on the curve outside the subgroup, wrong infinity encodings).
 *
 * The field-level helpers of src/bls/internal.h are used for one thing only: computing a square
 * root to construct curve points outside the prime-order subgroup (and to classify x values).
 * The constants p, r and h1 are read from tests/vectors/bls12_381/constants.json. */
#include "bls_test_groups.h"

#include "bls/internal.h"

/* ---- constants and randomness ---- */

static uint8_t P_BYTES[48];  /* p, big-endian */
static uint8_t R_BYTES[32];  /* r, big-endian */
static uint8_t H1_BYTES[16]; /* G1 cofactor, big-endian */

static void load_constants(void) {
    json_t *c = tu_load_json("bls12_381/constants.json");
    json_t *field = json_object_get(c, "field");
    bt_hex(P_BYTES, 48, tu_str(json_object_get(field, "p"), "value"));
    bt_hex(R_BYTES, 32, tu_str(json_object_get(field, "r"), "value"));
    bt_hex(H1_BYTES, 16, tu_str(json_object_get(json_object_get(c, "curves"), "h1"), "value"));
    json_decref(c);
}

static tu_rng RNG;

static void rand_scalar(seal_scalar *k) {
    uint8_t b[64];
    tu_rng_bytes(&RNG, b, sizeof b);
    seal_scalar_from_bytes_wide(k, b, sizeof b);
}

static void rand_point(const bt_group *g, void *out) {
    seal_scalar k;
    rand_scalar(&k);
    g->mul_gen(out, &k);
}

static seal_err rng_fill(void *ctx, uint8_t *out, size_t len) {
    tu_rng_bytes(ctx, out, len);
    return SEAL_OK;
}

/* big-endian byte-string arithmetic (test-local, variable time) */
static unsigned add_be(uint8_t *out, const uint8_t *a, const uint8_t *b, size_t n) {
    unsigned carry = 0;
    for (size_t i = n; i-- > 0;) {
        unsigned s = (unsigned)a[i] + b[i] + carry;
        out[i] = (uint8_t)s;
        carry = s >> 8;
    }
    return carry;
}

/* k P by double-and-add over the public group law (valid for any point on the curve, unlike a
 * GLV/endomorphism multiplication, which assumes the subgroup). */
static void mul_bytes_dbl_add(const bt_group *g, void *out, const void *p, const uint8_t *k,
                              size_t n) {
    bt_point acc;
    g->identity(&acc);
    for (size_t i = 0; i < n; i++) {
        for (int bit = 7; bit >= 0; bit--) {
            g->dbl(&acc, &acc);
            if ((k[i] >> bit) & 1) {
                g->add(&acc, &acc, p);
            }
        }
    }
    memcpy(out, &acc, g == &BT_G1 ? sizeof(seal_g1) : sizeof(seal_g2));
}

static bool points_equal_bytes(const bt_group *g, const void *a, const void *b) {
    uint8_t ea[96], eb[96];
    g->compress(ea, a);
    g->compress(eb, b);
    return memcmp(ea, eb, g->clen) == 0;
}

/* ---- pairing ---- */

static void test_bilinearity(void **state) {
    (void)state;
    bt_start();
    for (size_t i = 0; i < 3; i++) {
        seal_scalar a, b, ab;
        rand_scalar(&a);
        rand_scalar(&b);
        seal_scalar_mul(&ab, &a, &b);
        seal_g1 p, ap, abp;
        seal_g2 q, bq, abq;
        rand_point(&BT_G1, &p);
        rand_point(&BT_G2, &q);
        seal_g1_mul(&ap, &p, &a);
        seal_g2_mul(&bq, &q, &b);
        seal_g1_mul(&abp, &p, &ab);
        seal_g2_mul(&abq, &q, &ab);
        seal_gt e_pq, lhs, rhs;
        seal_pairing(&e_pq, &p, &q);
        seal_pairing(&lhs, &ap, &bq);
        seal_gt_pow(&rhs, &e_pq, &ab);
        bt_check(seal_gt_equal(&lhs, &rhs), "e(aP, bQ) = e(P, Q)^(ab)", i, NULL);
        seal_pairing(&rhs, &abp, &q);
        bt_check(seal_gt_equal(&lhs, &rhs), "e(aP, bQ) = e(abP, Q)", i, NULL);
        seal_pairing(&rhs, &p, &abq);
        bt_check(seal_gt_equal(&lhs, &rhs), "e(aP, bQ) = e(P, abQ)", i, NULL);
        /* additivity in each argument */
        seal_g1 p2, psum;
        rand_point(&BT_G1, &p2);
        seal_g1_add(&psum, &p, &p2);
        seal_gt e1, e2;
        seal_pairing(&lhs, &psum, &q);
        seal_pairing(&e1, &p, &q);
        seal_pairing(&e2, &p2, &q);
        seal_gt_mul(&rhs, &e1, &e2);
        bt_check(seal_gt_equal(&lhs, &rhs), "e(P1 + P2, Q) = e(P1, Q) e(P2, Q)", i, NULL);
        /* e(-P, Q) = e(P, -Q) = e(P, Q)^-1 */
        seal_g1 np;
        seal_g2 nq;
        seal_g1_neg(&np, &p);
        seal_g2_neg(&nq, &q);
        seal_gt_inv(&rhs, &e_pq);
        seal_pairing(&lhs, &np, &q);
        bt_check(seal_gt_equal(&lhs, &rhs), "e(-P, Q) = e(P, Q)^-1", i, NULL);
        seal_pairing(&lhs, &p, &nq);
        bt_check(seal_gt_equal(&lhs, &rhs), "e(P, -Q) = e(P, Q)^-1", i, NULL);
        /* GT exponent laws */
        seal_scalar apb;
        seal_scalar_add(&apb, &a, &b);
        seal_gt_pow(&lhs, &e_pq, &apb);
        seal_gt_pow(&e1, &e_pq, &a);
        seal_gt_pow(&e2, &e_pq, &b);
        seal_gt_mul(&rhs, &e1, &e2);
        bt_check(seal_gt_equal(&lhs, &rhs), "x^(a+b) = x^a x^b", i, NULL);
    }
    bt_finish(__func__);
}

static void test_non_degeneracy(void **state) {
    (void)state;
    bt_start();
    seal_g1 g1, o1;
    seal_g2 g2, o2;
    seal_gt e, one, t;
    seal_g1_generator(&g1);
    seal_g2_generator(&g2);
    seal_g1_identity(&o1);
    seal_g2_identity(&o2);
    seal_gt_one(&one);
    bt_check(seal_gt_is_one(&one), "gt_one is one", 0, NULL);
    seal_pairing(&e, &g1, &g2);
    bt_check(!seal_gt_is_one(&e), "e(G1, G2) != 1", 0, NULL);
    bt_check(!seal_gt_equal(&e, &one), "gt_equal(e(G1, G2), 1) is false", 0, NULL);
    /* e has order r: e^(r-1) = e^-1 */
    seal_scalar rm1, zero;
    uint8_t b[32];
    memcpy(b, R_BYTES, 32);
    b[31] -= 1; /* r ends in 01 */
    assert_int_equal(seal_scalar_from_bytes(&rm1, b), SEAL_OK);
    seal_gt_pow(&t, &e, &rm1);
    seal_gt_mul(&t, &t, &e);
    bt_check(seal_gt_is_one(&t), "e^(r-1) e = 1", 0, NULL);
    seal_scalar_from_u64(&zero, 0);
    seal_gt_pow(&t, &e, &zero);
    bt_check(seal_gt_is_one(&t), "e^0 = 1", 0, NULL);
    /* identity inputs */
    seal_pairing(&t, &o1, &g2);
    bt_check(seal_gt_is_one(&t), "e(O, G2) = 1", 0, NULL);
    seal_pairing(&t, &g1, &o2);
    bt_check(seal_gt_is_one(&t), "e(G1, O) = 1", 0, NULL);
    seal_pairing(&t, &o1, &o2);
    bt_check(seal_gt_is_one(&t), "e(O, O) = 1", 0, NULL);
    seal_pairing_multi(&t, &g1, &g2, 0);
    bt_check(seal_gt_is_one(&t), "empty pairing product = 1", 0, NULL);
    bt_check(seal_pairing_product_is_one(&g1, &g2, 0), "empty product is one", 0, NULL);
    bt_check(!seal_pairing_product_is_one(&g1, &g2, 1), "e(G1, G2) is not one", 0, NULL);
    /* a hashed G1 point pairs non-trivially too */
    seal_g1 h;
    seal_g1_hash_to_curve(&h, (const uint8_t *)"abc", 3, (const uint8_t *)"DST", 3);
    seal_pairing(&t, &h, &g2);
    bt_check(!seal_gt_is_one(&t), "e(H(abc), G2) != 1", 0, NULL);
    bt_finish(__func__);
}

/* ---- group laws ---- */

static void group_laws(const bt_group *g) {
    bt_point a, b, c, o, t1, t2, t3;
    g->identity(&o);
    bt_check(g->is_identity(&o), "identity is identity", 0, g->name);
    bt_check(g->is_on_curve(&o) && g->in_subgroup(&o), "identity on curve and in subgroup", 0,
             g->name);
    g->generator(&t1);
    bt_check(!g->is_identity(&t1), "generator is not identity", 0, g->name);
    for (size_t i = 0; i < 8; i++) {
        rand_point(g, &a);
        rand_point(g, &b);
        rand_point(g, &c);
        /* associativity */
        g->add(&t1, &a, &b);
        g->add(&t1, &t1, &c);
        g->add(&t2, &b, &c);
        g->add(&t2, &a, &t2);
        bt_check(g->equal(&t1, &t2), "(a + b) + c = a + (b + c)", i, g->name);
        bt_check(points_equal_bytes(g, &t1, &t2), "(a + b) + c encodes as a + (b + c)", i, g->name);
        /* commutativity */
        g->add(&t1, &a, &b);
        g->add(&t2, &b, &a);
        bt_check(g->equal(&t1, &t2), "a + b = b + a", i, g->name);
        /* identity */
        g->add(&t1, &a, &o);
        g->add(&t2, &o, &a);
        bt_check(g->equal(&t1, &a) && g->equal(&t2, &a), "a + O = O + a = a", i, g->name);
        /* inverses */
        g->neg(&t1, &a);
        g->add(&t2, &a, &t1);
        bt_check(g->is_identity(&t2), "a + (-a) = O", i, g->name);
        g->sub(&t2, &a, &a);
        bt_check(g->is_identity(&t2), "a - a = O", i, g->name);
        g->sub(&t2, &a, &b);
        g->neg(&t3, &b);
        g->add(&t3, &a, &t3);
        bt_check(g->equal(&t2, &t3), "a - b = a + (-b)", i, g->name);
        g->neg(&t3, &t1);
        bt_check(g->equal(&t3, &a), "-(-a) = a", i, g->name);
        bt_check(!g->equal(&a, &t1), "a != -a", i, g->name);
        /* doubling */
        g->dbl(&t1, &a);
        g->add(&t2, &a, &a);
        bt_check(g->equal(&t1, &t2), "2a = a + a", i, g->name);
        seal_scalar two;
        seal_scalar_from_u64(&two, 2);
        g->mul(&t2, &a, &two);
        bt_check(g->equal(&t1, &t2), "2a = mul(a, 2)", i, g->name);
        /* aliasing of double and neg */
        t2 = a;
        g->dbl(&t2, &t2);
        bt_check(g->equal(&t1, &t2), "double aliased", i, g->name);
        /* results stay on the curve and in the subgroup */
        g->add(&t1, &a, &b);
        bt_check(g->is_on_curve(&t1) && g->in_subgroup(&t1), "a + b on curve, in subgroup", i,
                 g->name);
        bt_check(!g->equal(&a, &b), "distinct random points differ", i, g->name);
    }
    g->dbl(&t1, &o);
    bt_check(g->is_identity(&t1), "2 O = O", 0, g->name);
    g->neg(&t1, &o);
    bt_check(g->is_identity(&t1), "-O = O", 0, g->name);
    g->add(&t1, &o, &o);
    bt_check(g->is_identity(&t1), "O + O = O", 0, g->name);
}

static void test_group_laws_g1(void **state) {
    (void)state;
    bt_start();
    group_laws(&BT_G1);
    bt_finish(__func__);
}

static void test_group_laws_g2(void **state) {
    (void)state;
    bt_start();
    group_laws(&BT_G2);
    bt_finish(__func__);
}

/* ---- scalar multiplication ---- */

static void scalar_mul_laws(const bt_group *g) {
    bt_point p, gen, t1, t2, t3;
    g->generator(&gen);
    seal_scalar zero, one, rm1;
    seal_scalar_from_u64(&zero, 0);
    seal_scalar_from_u64(&one, 1);
    uint8_t b[32];
    memcpy(b, R_BYTES, 32);
    b[31] -= 1;
    assert_int_equal(seal_scalar_from_bytes(&rm1, b), SEAL_OK);
    for (size_t i = 0; i < 6; i++) {
        seal_scalar a, c, s;
        rand_scalar(&a);
        rand_scalar(&c);
        rand_point(g, &p);
        /* (a + c) P = aP + cP */
        seal_scalar_add(&s, &a, &c);
        g->mul(&t1, &p, &s);
        g->mul(&t2, &p, &a);
        g->mul(&t3, &p, &c);
        g->add(&t2, &t2, &t3);
        bt_check(g->equal(&t1, &t2), "(a + c) P = aP + cP", i, g->name);
        /* (a c) P = a (c P) */
        seal_scalar_mul(&s, &a, &c);
        g->mul(&t1, &p, &s);
        g->mul(&t2, &p, &c);
        g->mul(&t2, &t2, &a);
        bt_check(g->equal(&t1, &t2), "(a c) P = a (c P)", i, g->name);
        /* (-a) P = -(a P) */
        seal_scalar_neg(&s, &a);
        g->mul(&t1, &p, &s);
        g->mul(&t2, &p, &a);
        g->neg(&t2, &t2);
        bt_check(g->equal(&t1, &t2), "(-a) P = -(a P)", i, g->name);
        /* constant time = variable time = fixed base */
        g->mul(&t1, &p, &a);
        g->mul_vartime(&t2, &p, &a);
        bt_check(points_equal_bytes(g, &t1, &t2), "mul = mul_vartime", i, g->name);
        g->mul(&t1, &gen, &a);
        g->mul_vartime(&t2, &gen, &a);
        g->mul_gen(&t3, &a);
        bt_check(points_equal_bytes(g, &t1, &t2) && points_equal_bytes(g, &t1, &t3),
                 "mul(G, a) = mul_vartime(G, a) = mul_gen(a)", i, g->name);
        /* (r - 1) P + P = O, and r P = O by plain double-and-add */
        g->mul(&t1, &p, &rm1);
        g->add(&t1, &t1, &p);
        bt_check(g->is_identity(&t1), "(r-1) P + P = O", i, g->name);
        mul_bytes_dbl_add(g, &t1, &p, R_BYTES, 32);
        bt_check(g->is_identity(&t1), "r P = O (double-and-add)", i, g->name);
        /* scalar a by double-and-add over its bytes agrees with mul */
        seal_scalar_to_bytes(b, &a);
        mul_bytes_dbl_add(g, &t1, &p, b, 32);
        g->mul(&t2, &p, &a);
        bt_check(g->equal(&t1, &t2), "mul = double-and-add", i, g->name);
    }
    /* edge scalars and the identity */
    g->mul(&t1, &gen, &zero);
    g->mul_vartime(&t2, &gen, &zero);
    g->mul_gen(&t3, &zero);
    bt_check(g->is_identity(&t1) && g->is_identity(&t2) && g->is_identity(&t3), "0 G = O", 0,
             g->name);
    g->mul(&t1, &gen, &one);
    g->mul_gen(&t2, &one);
    bt_check(g->equal(&t1, &gen) && g->equal(&t2, &gen), "1 G = G", 0, g->name);
    g->mul_gen(&t1, &rm1);
    g->neg(&t2, &gen);
    bt_check(g->equal(&t1, &t2), "(r-1) G = -G", 0, g->name);
    g->identity(&p);
    seal_scalar a;
    rand_scalar(&a);
    g->mul(&t1, &p, &a);
    g->mul_vartime(&t2, &p, &a);
    bt_check(g->is_identity(&t1) && g->is_identity(&t2), "a O = O", 0, g->name);
    /* multi-scalar multiplication */
    if (g->msm != NULL) {
        bt_point pts[5];
        seal_scalar ks[5];
        g->identity(&t2);
        for (size_t i = 0; i < 5; i++) {
            rand_point(g, &pts[i]);
            rand_scalar(&ks[i]);
            g->mul(&t1, &pts[i], &ks[i]);
            g->add(&t2, &t2, &t1);
        }
        g->msm(&t1, pts, ks, 5);
        bt_check(g->equal(&t1, &t2), "msm = sum of mul", 0, g->name);
        g->msm(&t1, pts, ks, 0);
        bt_check(g->is_identity(&t1), "msm of nothing = O", 0, g->name);
    }
}

static void test_scalar_mul_g1(void **state) {
    (void)state;
    bt_start();
    scalar_mul_laws(&BT_G1);
    bt_finish(__func__);
}

static void test_scalar_mul_g2(void **state) {
    (void)state;
    bt_start();
    scalar_mul_laws(&BT_G2);
    bt_finish(__func__);
}

/* ---- scalars ---- */

static void test_scalars(void **state) {
    (void)state;
    bt_start();
    seal_scalar s, t, u;
    uint8_t b[32], back[32];
    /* r, r + 1 and 2^256 - 1 are rejected; r - 1 is accepted */
    uint8_t one32[32] = {0};
    one32[31] = 1;
    uint8_t rp1[32];
    add_be(rp1, R_BYTES, one32, 32);
    uint8_t ff[32];
    memset(ff, 0xff, 32);
    const uint8_t *bad[3] = {R_BYTES, rp1, ff};
    const char *bad_names[3] = {"r", "r + 1", "2^256 - 1"};
    for (size_t i = 0; i < 3; i++) {
        memset(&s, 0x5a, sizeof s);
        bt_check(seal_scalar_from_bytes(&s, bad[i]) == SEAL_ERR_NOT_CANONICAL,
                 "scalar_from_bytes rejects", i, bad_names[i]);
    }
    memcpy(b, R_BYTES, 32);
    b[31] -= 1;
    bt_check(seal_scalar_from_bytes(&s, b) == SEAL_OK, "scalar_from_bytes accepts r - 1", 0, NULL);
    seal_scalar_to_bytes(back, &s);
    bt_check_bytes("r - 1 round trip", 0, NULL, back, b, 32);
    /* wide reduction of r, r + 1 */
    seal_scalar_from_bytes_wide(&s, R_BYTES, 32);
    bt_check(seal_scalar_is_zero(&s), "r mod r = 0", 0, NULL);
    seal_scalar_from_bytes_wide(&s, rp1, 32);
    seal_scalar_from_u64(&t, 1);
    bt_check(seal_scalar_equal(&s, &t), "(r + 1) mod r = 1", 0, NULL);
    seal_scalar_from_bytes_wide(&s, one32, 0);
    bt_check(seal_scalar_is_zero(&s), "empty wide input = 0", 0, NULL);
    /* field laws */
    for (size_t i = 0; i < 20; i++) {
        rand_scalar(&s);
        rand_scalar(&t);
        seal_scalar_to_bytes(b, &s);
        bt_check(seal_scalar_from_bytes(&u, b) == SEAL_OK && seal_scalar_equal(&u, &s),
                 "scalar bytes round trip", i, NULL);
        seal_scalar_inv(&u, &s);
        seal_scalar_mul(&u, &u, &s);
        seal_scalar_from_u64(&t, 1);
        bt_check(seal_scalar_equal(&u, &t), "s inv(s) = 1", i, NULL);
        seal_scalar_neg(&u, &s);
        seal_scalar_add(&u, &u, &s);
        bt_check(seal_scalar_is_zero(&u), "s + (-s) = 0", i, NULL);
        rand_scalar(&t);
        seal_scalar_sub(&u, &s, &t);
        seal_scalar_add(&u, &u, &t);
        bt_check(seal_scalar_equal(&u, &s), "(s - t) + t = s", i, NULL);
    }
    seal_scalar_from_u64(&s, 0);
    seal_scalar_inv(&u, &s);
    bt_check(seal_scalar_is_zero(&u), "inv(0) = 0", 0, NULL);
    seal_scalar_from_u64(&s, 0x0102030405060708u);
    seal_scalar_to_bytes(b, &s);
    uint8_t want[32] = {0};
    for (int i = 0; i < 8; i++) {
        want[24 + i] = (uint8_t)(i + 1);
    }
    bt_check_bytes("scalar_from_u64", 0, NULL, b, want, 32);
    /* seal_scalar_random: canonical, non-zero, deterministic for a given RNG */
    tu_rng r1, r2;
    tu_rng_init(&r1, 99);
    tu_rng_init(&r2, 99);
    seal_rng g1 = {rng_fill, &r1}, g2 = {rng_fill, &r2};
    for (size_t i = 0; i < 10; i++) {
        assert_int_equal(seal_scalar_random(&s, &g1), SEAL_OK);
        assert_int_equal(seal_scalar_random(&t, &g2), SEAL_OK);
        bt_check(seal_scalar_equal(&s, &t), "scalar_random deterministic", i, NULL);
        bt_check(!seal_scalar_is_zero(&s), "scalar_random non-zero", i, NULL);
        seal_scalar_to_bytes(b, &s);
        bt_check(seal_scalar_from_bytes(&u, b) == SEAL_OK, "scalar_random canonical", i, NULL);
    }
    bt_finish(__func__);
}

/* ---- encodings ---- */

static void encoding_round_trips(const bt_group *g) {
    bt_point p, q;
    uint8_t c[96], u[192], c2[96], u2[192];
    for (size_t i = 0; i < 10; i++) {
        if (i == 0) {
            g->identity(&p);
        } else {
            rand_point(g, &p);
        }
        g->compress(c, &p);
        g->serialize(u, &p);
        bt_check((c[0] & 0x80) != 0, "compressed flag set", i, g->name);
        bt_check((u[0] & 0x80) == 0, "uncompressed flag clear", i, g->name);
        bt_check(g->decompress(&q, c) == SEAL_OK && g->equal(&p, &q), "decompress(compress(P))", i,
                 g->name);
        g->compress(c2, &q);
        bt_check_bytes("compress round trip", i, g->name, c2, c, g->clen);
        bt_check(g->deserialize(&q, u) == SEAL_OK && g->equal(&p, &q), "deserialize(serialize(P))",
                 i, g->name);
        g->serialize(u2, &q);
        bt_check_bytes("serialize round trip", i, g->name, u2, u, g->ulen);
        /* uncompressed x equals compressed x without the flags */
        memcpy(c2, u, g->clen);
        c2[0] |= (uint8_t)(c[0] & 0xe0);
        bt_check_bytes("uncompressed x = compressed x", i, g->name, c2, c, g->clen);
    }
    /* affine round trips */
    if (g == &BT_G1) {
        seal_g1 a, b;
        seal_g1_affine aff;
        rand_point(g, &a);
        seal_g1_to_affine(&aff, &a);
        bt_check(!aff.infinity, "G1 affine of a point is finite", 0, NULL);
        seal_g1_from_affine(&b, &aff);
        bt_check(seal_g1_equal(&a, &b), "G1 affine round trip", 0, NULL);
        seal_g1_identity(&a);
        seal_g1_to_affine(&aff, &a);
        bt_check(aff.infinity, "G1 affine of O is infinity", 0, NULL);
        seal_g1_from_affine(&b, &aff);
        bt_check(seal_g1_is_identity(&b), "G1 affine O round trip", 0, NULL);
    } else {
        seal_g2 a, b;
        seal_g2_affine aff;
        rand_point(g, &a);
        seal_g2_to_affine(&aff, &a);
        bt_check(!aff.infinity, "G2 affine of a point is finite", 0, NULL);
        seal_g2_from_affine(&b, &aff);
        bt_check(seal_g2_equal(&a, &b), "G2 affine round trip", 0, NULL);
        seal_g2_identity(&a);
        seal_g2_to_affine(&aff, &a);
        bt_check(aff.infinity, "G2 affine of O is infinity", 0, NULL);
        seal_g2_from_affine(&b, &aff);
        bt_check(seal_g2_is_identity(&b), "G2 affine O round trip", 0, NULL);
    }
}

static void test_encoding_round_trips(void **state) {
    (void)state;
    bt_start();
    encoding_round_trips(&BT_G1);
    encoding_round_trips(&BT_G2);
    /* GT bytes */
    seal_g1 p;
    seal_g2 q;
    seal_gt e, d;
    rand_point(&BT_G1, &p);
    rand_point(&BT_G2, &q);
    seal_pairing(&e, &p, &q);
    uint8_t b[SEAL_GT_BYTES], b2[SEAL_GT_BYTES];
    seal_gt_to_bytes(b, &e);
    bt_check(seal_fp12_from_bytes(&d, b) == SEAL_OK && seal_gt_equal(&d, &e),
             "fp12_from_bytes(gt_to_bytes(e)) = e", 0, NULL);
    seal_gt_to_bytes(b2, &d);
    bt_check_bytes("GT bytes round trip", 0, NULL, b2, b, SEAL_GT_BYTES);
    /* a coordinate >= p is rejected */
    for (size_t k = 0; k < 12; k++) {
        memcpy(b2, b, sizeof b);
        memcpy(b2 + 48 * k, P_BYTES, 48);
        bt_check(seal_fp12_from_bytes(&d, b2) != SEAL_OK, "fp12_from_bytes rejects p", k, NULL);
    }
    bt_finish(__func__);
}

/* ---- malformed encodings ---- */

/* Decodes in (compressed or uncompressed by len) and checks it fails (with want_err unless it is
 * SEAL_OK, meaning "any error") and leaves the identity. */
static void expect_reject(const bt_group *g, const uint8_t *in, size_t len, seal_err want_err,
                          const char *why, size_t idx) {
    bt_point p;
    g->generator(&p);
    seal_err err = len == g->clen ? g->decompress(&p, in) : g->deserialize(&p, in);
    char what[200], input[400];
    snprintf(what, sizeof what, "%s rejects %s", g->name, why);
    size_t n = len < 192 ? len : 192;
    for (size_t i = 0; i < n; i++) {
        snprintf(input + 2 * i, 3, "%02x", in[i]);
    }
    if (!bt_check(err != SEAL_OK, what, idx, input)) {
        return;
    }
    if (want_err != SEAL_OK && err != want_err) {
        bt_failures++;
        fprintf(stderr, "MISMATCH %s [case %zu]: error %s, expected %s\n    input %s\n", what, idx,
                seal_strerror(err), seal_strerror(want_err), input);
    }
    snprintf(what, sizeof what, "%s failed decode leaves identity (%s)", g->name, why);
    bt_check(g->is_identity(&p), what, idx, input);
}

static void expect_accept(const bt_group *g, const uint8_t *in, size_t len, const void *want,
                          const char *why, size_t idx) {
    bt_point p;
    seal_err err = len == g->clen ? g->decompress(&p, in) : g->deserialize(&p, in);
    char what[200];
    snprintf(what, sizeof what, "%s accepts %s", g->name, why);
    if (bt_check(err == SEAL_OK, what, idx, NULL)) {
        bt_check(g->equal(&p, want), what, idx, "decoded point");
    }
}

static void malformed_flags_and_ranges(const bt_group *g) {
    uint8_t c[96], u[192], m[192];
    bt_point p, np, o;
    g->identity(&o);
    for (size_t i = 0; i < 6; i++) {
        rand_point(g, &p);
        g->neg(&np, &p);
        g->compress(c, &p);
        g->serialize(u, &p);
        uint8_t cf = c[0] & 0xe0;
        /* every flag combination on both lengths */
        for (unsigned f = 0; f < 8; f++) {
            uint8_t fl = (uint8_t)(f << 5);
            memcpy(m, c, g->clen);
            m[0] = (uint8_t)((m[0] & 0x1f) | fl);
            if (fl == cf) {
                expect_accept(g, m, g->clen, &p, "its own compressed encoding", i);
            } else if (fl == (cf ^ 0x20) && (fl & 0x40) == 0) {
                expect_accept(g, m, g->clen, &np, "compressed with the sort flag flipped", i);
            } else {
                expect_reject(g, m, g->clen, SEAL_OK, "compressed with wrong flags", f);
            }
            memcpy(m, u, g->ulen);
            m[0] = (uint8_t)((m[0] & 0x1f) | fl);
            if (fl == 0) {
                expect_accept(g, m, g->ulen, &p, "its own uncompressed encoding", i);
            } else {
                expect_reject(g, m, g->ulen, SEAL_OK, "uncompressed with flags", f);
            }
        }
        /* coordinates >= p: each 48-byte limb of x (and y) replaced by limb + p when it fits */
        size_t limbs = g->clen / 48;
        for (size_t l = 0; l < limbs; l++) {
            uint8_t limb[48], sum[48];
            memcpy(limb, u + 48 * l, 48);
            unsigned carry = add_be(sum, limb, P_BYTES, 48);
            bool fits = carry == 0 && (l != 0 || (sum[0] & 0xe0) == 0);
            if (fits) {
                memcpy(m, c, g->clen);
                memcpy(m + 48 * l, sum, 48);
                m[0] |= cf;
                expect_reject(g, m, g->clen, SEAL_ERR_NOT_CANONICAL, "compressed x limb + p", l);
                memcpy(m, u, g->ulen);
                memcpy(m + 48 * l, sum, 48);
                expect_reject(g, m, g->ulen, SEAL_ERR_NOT_CANONICAL, "uncompressed x limb + p", l);
            }
            memcpy(limb, u + g->clen + 48 * l, 48);
            carry = add_be(sum, limb, P_BYTES, 48);
            if (carry == 0) {
                memcpy(m, u, g->ulen);
                memcpy(m + g->clen + 48 * l, sum, 48);
                expect_reject(g, m, g->ulen, SEAL_ERR_NOT_CANONICAL, "uncompressed y limb + p", l);
            }
        }
        /* not on the curve: y + 1 in the last limb */
        memcpy(m, u, g->ulen);
        uint8_t one48[48] = {0};
        one48[47] = 1;
        add_be(m + g->ulen - 48, u + g->ulen - 48, one48, 48);
        expect_reject(g, m, g->ulen, SEAL_OK, "uncompressed y + 1 (off the curve)", i);
    }
    /* x = p in the first limb */
    memset(m, 0, sizeof m);
    memcpy(m, P_BYTES, 48);
    m[0] |= 0x80;
    expect_reject(g, m, g->clen, SEAL_ERR_NOT_CANONICAL, "compressed x = p", 0);
    memset(m, 0xff, sizeof m);
    expect_reject(g, m, g->clen, SEAL_OK, "compressed all ones", 0);
    expect_reject(g, m, g->ulen, SEAL_OK, "uncompressed all ones", 0);

    /* infinity: the two valid forms, and wrong ones */
    memset(m, 0, sizeof m);
    m[0] = 0xc0;
    expect_accept(g, m, g->clen, &o, "compressed infinity c0 00..", 0);
    memset(m, 0, sizeof m);
    m[0] = 0x40;
    expect_accept(g, m, g->ulen, &o, "uncompressed infinity 40 00..", 0);
    /* a non-zero byte after the flags: second byte, middle, last byte of x, first and last of y */
    size_t cpos[3] = {1, g->clen / 2, g->clen - 1};
    size_t upos[4] = {1, g->clen - 1, g->clen, g->ulen - 1};
    for (size_t k = 0; k < 3; k++) {
        memset(m, 0, sizeof m);
        m[0] = 0xc0;
        m[cpos[k]] = 1;
        expect_reject(g, m, g->clen, SEAL_OK, "compressed infinity with a non-zero byte", cpos[k]);
    }
    for (size_t k = 0; k < 4; k++) {
        memset(m, 0, sizeof m);
        m[0] = 0x40;
        m[upos[k]] = 1;
        expect_reject(g, m, g->ulen, SEAL_OK, "uncompressed infinity with a non-zero byte",
                      upos[k]);
    }
    memset(m, 0, sizeof m);
    m[0] = 0xc1;
    expect_reject(g, m, g->clen, SEAL_OK, "compressed infinity with low bits of byte 0", 0);
    m[0] = 0xe0;
    expect_reject(g, m, g->clen, SEAL_OK, "compressed infinity with the sort flag", 0);
    m[0] = 0x40;
    expect_reject(g, m, g->clen, SEAL_OK, "infinity flag without the compression flag", 0);
    memset(m, 0, sizeof m);
    m[0] = 0xc0;
    expect_reject(g, m, g->ulen, SEAL_OK, "compressed infinity flags on 192/96 bytes", 0);
    m[0] = 0x60;
    expect_reject(g, m, g->ulen, SEAL_OK, "uncompressed infinity with the sort flag", 0);
    m[0] = 0x00;
    expect_reject(g, m, g->ulen, SEAL_OK, "uncompressed all zero (no infinity flag)", 0);
    memset(m, 0, sizeof m);
    m[0] = 0x80;
    expect_reject(g, m, g->clen, SEAL_OK, "compressed x = 0 without the infinity flag", 0);
}

static void test_malformed_g1(void **state) {
    (void)state;
    bt_start();
    malformed_flags_and_ranges(&BT_G1);
    bt_finish(__func__);
}

static void test_malformed_g2(void **state) {
    (void)state;
    bt_start();
    malformed_flags_and_ranges(&BT_G2);
    bt_finish(__func__);
}

/* ---- points on the curve outside the subgroup ---- */

static void test_outside_subgroup_g1(void **state) {
    (void)state;
    bt_start();
    fp four, x, rhs, y, t;
    seal__fp_from_u64(&four, 4);
    size_t found = 0, off = 0;
    for (uint64_t xi = 1; xi < 200 && (found < 5 || off < 3); xi++) {
        seal__fp_from_u64(&x, xi);
        seal__fp_sqr(&rhs, &x);
        seal__fp_mul(&rhs, &rhs, &x);
        seal__fp_add(&rhs, &rhs, &four);
        uint8_t m[96];
        memset(m, 0, sizeof m);
        seal__fp_to_bytes(m, &x);
        if (!seal__fp_sqrt(&y, &rhs)) {
            /* x^3 + 4 is not a square: no point with this x */
            m[0] |= 0x80;
            expect_reject(&BT_G1, m, 48, SEAL_ERR_NOT_ON_CURVE, "compressed x with no y", xi);
            off++;
            continue;
        }
        seal__fp_sqr(&t, &y);
        assert_true(seal__fp_equal(&t, &rhs)); /* the root is a root */
        seal_g1_affine aff = {.x = x, .y = y, .infinity = false};
        seal_g1 pt, hp;
        seal_g1_from_affine(&pt, &aff);
        bt_check(seal_g1_is_on_curve(&pt), "G1 constructed point on the curve", xi, NULL);
        if (seal_g1_in_subgroup(&pt)) {
            continue; /* (never for small x, but not an error of the library) */
        }
        /* independent confirmation: r P != O by plain double-and-add, h1 P is in the subgroup */
        mul_bytes_dbl_add(&BT_G1, &hp, &pt, R_BYTES, 32);
        bt_check(!seal_g1_is_identity(&hp), "G1 non-subgroup point: r P != O", xi, NULL);
        mul_bytes_dbl_add(&BT_G1, &hp, &pt, H1_BYTES, 16);
        bt_check(seal_g1_in_subgroup(&hp), "G1: h1 P is in the subgroup", xi, NULL);
        mul_bytes_dbl_add(&BT_G1, &hp, &hp, R_BYTES, 32);
        bt_check(seal_g1_is_identity(&hp), "G1: r h1 P = O", xi, NULL);
        seal__fp_to_bytes(m + 48, &y);
        expect_reject(&BT_G1, m, 96, SEAL_ERR_NOT_IN_SUBGROUP, "uncompressed point outside G1", xi);
        m[0] |= 0x80;
        expect_reject(&BT_G1, m, 48, SEAL_ERR_NOT_IN_SUBGROUP, "compressed point outside G1", xi);
        m[0] |= 0x20;
        expect_reject(&BT_G1, m, 48, SEAL_ERR_NOT_IN_SUBGROUP, "compressed point outside G1 (-y)",
                      xi);
        found++;
    }
    assert_true(found >= 5 && off >= 3);
    /* (0, 2) has order 3 */
    uint8_t m[96] = {0};
    m[95] = 2;
    expect_reject(&BT_G1, m, 96, SEAL_ERR_NOT_IN_SUBGROUP, "(0, 2) of order 3", 0);
    bt_finish(__func__);
}

static void test_outside_subgroup_g2(void **state) {
    (void)state;
    bt_start();
    fp2 b2, x, rhs, y, t;
    /* b' = 4 (1 + u) */
    seal__fp_from_u64(&b2.c0, 4);
    seal__fp_from_u64(&b2.c1, 4);
    size_t found = 0, off = 0;
    for (uint64_t xi = 1; xi < 400 && (found < 4 || off < 3); xi++) {
        seal__fp_from_u64(&x.c0, xi);
        seal__fp_from_u64(&x.c1, xi * 7 + 3);
        seal__fp2_sqr(&rhs, &x);
        seal__fp2_mul(&rhs, &rhs, &x);
        seal__fp2_add(&rhs, &rhs, &b2);
        uint8_t m[192];
        memset(m, 0, sizeof m);
        seal__fp_to_bytes(m, &x.c1);
        seal__fp_to_bytes(m + 48, &x.c0);
        if (!seal__fp2_sqrt(&y, &rhs)) {
            m[0] |= 0x80;
            expect_reject(&BT_G2, m, 96, SEAL_ERR_NOT_ON_CURVE, "compressed x with no y", xi);
            off++;
            continue;
        }
        seal__fp2_sqr(&t, &y);
        assert_true(seal__fp2_equal(&t, &rhs));
        seal_g2_affine aff = {.x = x, .y = y, .infinity = false};
        seal_g2 pt, rp;
        seal_g2_from_affine(&pt, &aff);
        bt_check(seal_g2_is_on_curve(&pt), "G2 constructed point on the curve", xi, NULL);
        if (seal_g2_in_subgroup(&pt)) {
            continue;
        }
        mul_bytes_dbl_add(&BT_G2, &rp, &pt, R_BYTES, 32);
        bt_check(!seal_g2_is_identity(&rp), "G2 non-subgroup point: r P != O", xi, NULL);
        seal__fp_to_bytes(m + 96, &y.c1);
        seal__fp_to_bytes(m + 144, &y.c0);
        expect_reject(&BT_G2, m, 192, SEAL_ERR_NOT_IN_SUBGROUP, "uncompressed point outside G2",
                      xi);
        m[0] |= 0x80;
        expect_reject(&BT_G2, m, 96, SEAL_ERR_NOT_IN_SUBGROUP, "compressed point outside G2", xi);
        m[0] |= 0x20;
        expect_reject(&BT_G2, m, 96, SEAL_ERR_NOT_IN_SUBGROUP, "compressed point outside G2 (-y)",
                      xi);
        found++;
    }
    assert_true(found >= 4 && off >= 3);
    bt_finish(__func__);
}

/* ---- hashing ---- */

static void test_hash_properties(void **state) {
    (void)state;
    bt_start();
    const uint8_t dst[] = "QUUX-V01-CS02-with-BLS12381G1_XMD:SHA-256_SSWU_RO_";
    bt_point a, b;
    for (size_t gi = 0; gi < 2; gi++) {
        const bt_group *g = gi == 0 ? &BT_G1 : &BT_G2;
        for (size_t i = 0; i < 4; i++) {
            uint8_t msg[40];
            tu_rng_bytes(&RNG, msg, sizeof msg);
            g->hash(&a, msg, i * 10, dst, sizeof dst - 1);
            bt_check(g->is_on_curve(&a) && g->in_subgroup(&a) && !g->is_identity(&a),
                     "hash_to_curve lands in the subgroup", i, g->name);
            g->hash(&b, msg, i * 10, dst, sizeof dst - 2);
            bt_check(!g->equal(&a, &b), "a different DST gives a different point", i, g->name);
            g->hash(&b, msg, i * 10, dst, sizeof dst - 1);
            bt_check(g->equal(&a, &b), "hash_to_curve is deterministic", i, g->name);
        }
    }
    /* expand_message_xmd: length limits */
    uint8_t out[8161];
    bt_check(seal_expand_message_xmd(out, 8160, (const uint8_t *)"", 0, dst, 4) == SEAL_OK,
             "expand_message_xmd accepts 8160 bytes", 0, NULL);
    bt_check(seal_expand_message_xmd(out, 8161, (const uint8_t *)"", 0, dst, 4) ==
                 SEAL_ERR_INVALID_ARGUMENT,
             "expand_message_xmd rejects 8161 bytes", 0, NULL);
    uint8_t a32[32], a64[64];
    assert_int_equal(seal_expand_message_xmd(a32, 32, (const uint8_t *)"m", 1, dst, 4), SEAL_OK);
    assert_int_equal(seal_expand_message_xmd(a64, 64, (const uint8_t *)"m", 1, dst, 4), SEAL_OK);
    bt_check(memcmp(a32, a64, 32) != 0, "expand_message_xmd output depends on the length", 0, NULL);
    bt_finish(__func__);
}

static int setup(void **state) {
    (void)state;
    load_constants();
    tu_rng_init(&RNG, 20261125);
    return 0;
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bilinearity),
        cmocka_unit_test(test_non_degeneracy),
        cmocka_unit_test(test_group_laws_g1),
        cmocka_unit_test(test_group_laws_g2),
        cmocka_unit_test(test_scalar_mul_g1),
        cmocka_unit_test(test_scalar_mul_g2),
        cmocka_unit_test(test_scalars),
        cmocka_unit_test(test_encoding_round_trips),
        cmocka_unit_test(test_malformed_g1),
        cmocka_unit_test(test_malformed_g2),
        cmocka_unit_test(test_outside_subgroup_g1),
        cmocka_unit_test(test_outside_subgroup_g2),
        cmocka_unit_test(test_hash_properties),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
