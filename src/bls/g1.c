/* G1: the order-r subgroup of E1: y^2 = x^3 + 4 over Fp.
 *
 * Representation: homogeneous projective coordinates (X : Y : Z), x = X/Z, y = Y/Z, with the
 * identity as (0 : 1 : 0) (any (0 : Y : 0), Y != 0). All group operations use the complete
 * formulas for a = 0 of Renes, Costello and Batina (eprint 2015/1060, Algorithms 7, 8 and 9),
 * which have no exceptional cases (P + P, P + (-P), P + O are all handled by the same
 * straight-line code), so the constant-time paths never branch on point values. Runs of
 * doublings are done in Jacobian coordinates (x = X/Z^2, y = Y/Z^3), whose doubling formula is
 * cheaper and exception-free on this curve; the variable-time paths also use Jacobian addition.
 *
 * Scalar multiplication (constant time): GLV. With lambda = x^2 - 1 (lambda^2 + lambda + 1 = r)
 * and phi(x, y) = (beta^2 x, y) acting as [lambda] on G1, k = k1 + k2 lambda with k1, k2 < 2^128
 * (a constant-time Barrett division by lambda), then a joint fixed-window (Booth, width 5) ladder
 * with full-table constant-time lookups. The variable-time path uses the same split with wNAF.
 * Generator multiples use a static table of (j + 1) 16^i G (g1_table.c): 64 mixed additions.
 * The GLV paths assume their input is in G1 (every decoded or hashed point is).
 *
 * Subgroup check: phi'(P) == [-x^2] P with phi'(x, y) = (beta x, y) (two multiplications by |x|),
 * constant time because decoded points can be secret (user secret keys).
 */
#include <string.h>

#include "bls/curve.h"
#include "bls/fp_inline.h"
#include "bls/mb.h"
#include "seal/bls12_381.h"
#include "util/ct.h"

__extension__ typedef unsigned __int128 u128;

/* out = 3b a = 12 a (one multiplication by a word: cheaper than four additions). */
static void mul_b3(fp *out, const fp *a) {
    seal__fp_mul_small(out, a, 12);
}

void seal_g1_identity(seal_g1 *out) {
    out->x = seal__fp_zero;
    out->y = seal__fp_one;
    out->z = seal__fp_zero;
}

void seal_g1_generator(seal_g1 *out) {
    out->x = seal__g1_gen_x;
    out->y = seal__g1_gen_y;
    out->z = seal__fp_one;
}

bool seal_g1_is_identity(const seal_g1 *p) {
    return seal__fp_is_zero(&p->z);
}

bool seal_g1_equal(const seal_g1 *a, const seal_g1 *b) {
    fp t0, t1, t2, t3;
    seal__fp_mul(&t0, &a->x, &b->z);
    seal__fp_mul(&t1, &b->x, &a->z);
    seal__fp_mul(&t2, &a->y, &b->z);
    seal__fp_mul(&t3, &b->y, &a->z);
    bool ia = seal__fp_is_zero(&a->z), ib = seal__fp_is_zero(&b->z);
    bool same = (bool)((unsigned)seal__fp_equal(&t0, &t1) & (unsigned)seal__fp_equal(&t2, &t3));
    /* both identities, or neither and the same affine point */
    return (ia & ib) | ((!ia) & (!ib) & same);
}

/* Algorithm 7: complete addition. */
void seal_g1_add(seal_g1 *out, const seal_g1 *p, const seal_g1 *q) {
    fp t0, t1, t2, t3, t4, x3, y3, z3;
    seal__fp_mul(&t0, &p->x, &q->x);
    seal__fp_mul(&t1, &p->y, &q->y);
    seal__fp_mul(&t2, &p->z, &q->z);
    /* sums that only feed a multiplication stay unreduced (below 2p) */
    seal__fp_add_nr_inline(&t3, &p->x, &p->y);
    seal__fp_add_nr_inline(&t4, &q->x, &q->y);
    seal__fp_mul(&t3, &t3, &t4);
    seal__fp_add_inline(&t4, &t0, &t1);
    seal__fp_sub_inline(&t3, &t3, &t4);
    seal__fp_add_nr_inline(&t4, &p->y, &p->z);
    seal__fp_add_nr_inline(&x3, &q->y, &q->z);
    seal__fp_mul(&t4, &t4, &x3);
    seal__fp_add_inline(&x3, &t1, &t2);
    seal__fp_sub_inline(&t4, &t4, &x3);
    seal__fp_add_nr_inline(&x3, &p->x, &p->z);
    seal__fp_add_nr_inline(&y3, &q->x, &q->z);
    seal__fp_mul(&x3, &x3, &y3);
    seal__fp_add_inline(&y3, &t0, &t2);
    seal__fp_sub_inline(&y3, &x3, &y3);
    seal__fp_add_inline(&x3, &t0, &t0);
    seal__fp_add_inline(&t0, &x3, &t0);
    mul_b3(&t2, &t2);
    seal__fp_add_inline(&z3, &t1, &t2);
    seal__fp_sub_inline(&t1, &t1, &t2);
    mul_b3(&y3, &y3);
    seal__fp_mul(&x3, &t4, &y3);
    seal__fp_mul(&t2, &t3, &t1);
    seal__fp_sub_inline(&x3, &t2, &x3);
    seal__fp_mul(&y3, &y3, &t0);
    seal__fp_mul(&t1, &t1, &z3);
    seal__fp_add_inline(&y3, &t1, &y3);
    seal__fp_mul(&t0, &t0, &t3);
    seal__fp_mul(&z3, &z3, &t4);
    seal__fp_add_inline(&z3, &z3, &t0);
    out->x = x3;
    out->y = y3;
    out->z = z3;
}

/* Algorithm 8: mixed addition with an affine (x, y) that is not the identity. */
void seal__g1_add_affine(seal_g1 *out, const seal_g1 *p, const fp *x, const fp *y) {
    fp t0, t1, t2, t3, t4, x3, y3, z3;
    seal__fp_mul(&t0, &p->x, x);
    seal__fp_mul(&t1, &p->y, y);
    seal__fp_add_inline(&t3, x, y);
    seal__fp_add_inline(&t4, &p->x, &p->y);
    seal__fp_mul(&t3, &t3, &t4);
    seal__fp_add_inline(&t4, &t0, &t1);
    seal__fp_sub_inline(&t3, &t3, &t4);
    seal__fp_mul(&t4, y, &p->z);
    seal__fp_add_inline(&t4, &t4, &p->y);
    seal__fp_mul(&y3, x, &p->z);
    seal__fp_add_inline(&y3, &y3, &p->x);
    seal__fp_add_inline(&x3, &t0, &t0);
    seal__fp_add_inline(&t0, &x3, &t0);
    mul_b3(&t2, &p->z);
    seal__fp_add_inline(&z3, &t1, &t2);
    seal__fp_sub_inline(&t1, &t1, &t2);
    mul_b3(&y3, &y3);
    seal__fp_mul(&x3, &t4, &y3);
    seal__fp_mul(&t2, &t3, &t1);
    seal__fp_sub_inline(&x3, &t2, &x3);
    seal__fp_mul(&y3, &y3, &t0);
    seal__fp_mul(&t1, &t1, &z3);
    seal__fp_add_inline(&y3, &t1, &y3);
    seal__fp_mul(&t0, &t0, &t3);
    seal__fp_mul(&z3, &z3, &t4);
    seal__fp_add_inline(&z3, &z3, &t0);
    out->x = x3;
    out->y = y3;
    out->z = z3;
}

/* Algorithm 9: doubling. */
void seal_g1_double(seal_g1 *out, const seal_g1 *p) {
    fp t0, t1, t2, x3, y3, z3;
    seal__fp_sqr(&t0, &p->y);
    seal__fp_add_inline(&z3, &t0, &t0);
    seal__fp_add_inline(&z3, &z3, &z3);
    seal__fp_add_inline(&z3, &z3, &z3);
    seal__fp_mul(&t1, &p->y, &p->z);
    seal__fp_sqr(&t2, &p->z);
    mul_b3(&t2, &t2);
    seal__fp_mul(&x3, &t2, &z3);
    seal__fp_add_inline(&y3, &t0, &t2);
    seal__fp_mul(&z3, &t1, &z3);
    seal__fp_add_inline(&t1, &t2, &t2);
    seal__fp_add_inline(&t2, &t1, &t2);
    seal__fp_sub_inline(&t0, &t0, &t2);
    seal__fp_mul(&y3, &t0, &y3);
    seal__fp_add_inline(&y3, &x3, &y3);
    seal__fp_mul(&t1, &p->x, &p->y);
    seal__fp_mul(&x3, &t0, &t1);
    seal__fp_add_inline(&x3, &x3, &x3);
    out->x = x3;
    out->y = y3;
    out->z = z3;
}

void seal_g1_neg(seal_g1 *out, const seal_g1 *p) {
    out->x = p->x;
    seal__fp_neg_inline(&out->y, &p->y);
    out->z = p->z;
}

void seal_g1_sub(seal_g1 *out, const seal_g1 *a, const seal_g1 *b) {
    seal_g1 nb;
    seal_g1_neg(&nb, b);
    seal_g1_add(out, a, &nb);
}

static void g1_cmov(seal_g1 *out, const seal_g1 *a, uint64_t bit) {
    seal__fp_cmov(&out->x, &a->x, bit);
    seal__fp_cmov(&out->y, &a->y, bit);
    seal__fp_cmov(&out->z, &a->z, bit);
}

static void g1_cneg(seal_g1 *p, uint64_t bit) {
    fp ny;
    seal__fp_neg_inline(&ny, &p->y);
    seal__fp_cmov(&p->y, &ny, bit);
}

/* phi2(x, y) = (beta^2 x, y) = [x^2 - 1] P on G1. */
static void g1_phi2(seal_g1 *out, const seal_g1 *p) {
    seal__fp_mul(&out->x, &p->x, &seal__g1_beta2);
    out->y = p->y;
    out->z = p->z;
}

/* ---- Jacobian arithmetic ----
 * Jacobian (X, Y, Z) means x = X / Z^2, y = Y / Z^3; Z = 0 is the identity. Doubling costs
 * 2M + 5S ("dbl-2009-l") and has no exceptional case here (a = 0, no point of order 2), so it
 * also serves constant-time chains. Addition costs 11M + 5S ("add-2007-bl") and branches on
 * its exceptional cases: variable-time paths only. */

static void jac_from_proj(seal_g1 *out, const seal_g1 *p) {
    fp z2;
    seal__fp_sqr(&z2, &p->z);
    seal__fp_mul(&out->x, &p->x, &p->z);
    seal__fp_mul(&out->y, &p->y, &z2);
    out->z = p->z;
}

static void jac_to_proj(seal_g1 *out, const seal_g1 *p) {
    if (seal__fp_is_zero(&p->z)) {
        seal_g1_identity(out);
        return;
    }
    fp z3;
    seal__fp_sqr(&z3, &p->z);
    seal__fp_mul(&z3, &z3, &p->z);
    seal__fp_mul(&out->x, &p->x, &p->z);
    out->y = p->y;
    out->z = z3;
}

static void jac_dbl(seal_g1 *out, const seal_g1 *p) {
    fp a, b, c, d, e, f, t, x3, y3, z3;
    seal__fp_sqr(&a, &p->x);
    seal__fp_sqr(&b, &p->y);
    seal__fp_sqr(&c, &b);
    seal__fp_add_nr_inline(&d, &p->x, &b);
    seal__fp_sqr(&d, &d);
    seal__fp_sub_inline(&d, &d, &a);
    seal__fp_sub_inline(&d, &d, &c);
    seal__fp_add_inline(&d, &d, &d);
    seal__fp_add_inline(&e, &a, &a);
    seal__fp_add_inline(&e, &e, &a);
    seal__fp_sqr(&f, &e);
    seal__fp_mul(&z3, &p->y, &p->z);
    seal__fp_add_inline(&z3, &z3, &z3);
    seal__fp_sub_inline(&x3, &f, &d);
    seal__fp_sub_inline(&x3, &x3, &d);
    seal__fp_sub_inline(&t, &d, &x3);
    seal__fp_mul(&y3, &e, &t);
    seal__fp_add_inline(&c, &c, &c);
    seal__fp_add_inline(&c, &c, &c);
    seal__fp_add_inline(&c, &c, &c);
    seal__fp_sub_inline(&y3, &y3, &c);
    out->x = x3;
    out->y = y3;
    out->z = z3;
}

/* Jacobian 2P from a projective P (x = X/Z, y = Y/Z), cheaper than jac_from_proj then jac_dbl
 * (4M + 4S against 4M + 6S): with Z3 = 2 Y Z, lambda Z3 = 3 X^2 = E, so
 * X3 = E^2 - 8 X Y^2 Z and Y3 = E (4 X Y^2 Z - X3) - 8 (Y^2 Z)^2. The identity (Z = 0) gives
 * Z3 = 0. Constant time. */
static void jac_dbl_from_proj(seal_g1 *out, const seal_g1 *p) {
    fp e, f, g, h, t, x3, y3, z3;
    seal__fp_sqr(&e, &p->x);
    seal__fp_add_inline(&t, &e, &e);
    seal__fp_add_inline(&e, &t, &e); /* E = 3 X^2 */
    seal__fp_sqr(&f, &e);
    seal__fp_sqr(&g, &p->y);
    seal__fp_mul(&g, &g, &p->z); /* G = Y^2 Z */
    seal__fp_mul(&h, &p->x, &g);
    seal__fp_add_inline(&h, &h, &h);
    seal__fp_add_inline(&h, &h, &h); /* D = 4 X Y^2 Z */
    seal__fp_sub_inline(&x3, &f, &h);
    seal__fp_sub_inline(&x3, &x3, &h);
    seal__fp_sub_inline(&t, &h, &x3);
    seal__fp_mul(&y3, &e, &t);
    seal__fp_sqr(&g, &g);
    seal__fp_add_inline(&g, &g, &g);
    seal__fp_add_inline(&g, &g, &g);
    seal__fp_add_inline(&g, &g, &g);
    seal__fp_sub_inline(&y3, &y3, &g);
    seal__fp_mul(&z3, &p->y, &p->z);
    seal__fp_add_inline(&z3, &z3, &z3);
    out->x = x3;
    out->y = y3;
    out->z = z3;
}

static void jac_add(seal_g1 *out, const seal_g1 *p, const seal_g1 *q) {
    if (seal__fp_is_zero(&p->z)) {
        *out = *q;
        return;
    }
    if (seal__fp_is_zero(&q->z)) {
        *out = *p;
        return;
    }
    fp z1z1, z2z2, u1, u2, s1, s2, h, i, j, r, v, t, x3, y3, z3;
    seal__fp_sqr(&z1z1, &p->z);
    seal__fp_sqr(&z2z2, &q->z);
    seal__fp_mul(&u1, &p->x, &z2z2);
    seal__fp_mul(&u2, &q->x, &z1z1);
    seal__fp_mul(&s1, &p->y, &q->z);
    seal__fp_mul(&s1, &s1, &z2z2);
    seal__fp_mul(&s2, &q->y, &p->z);
    seal__fp_mul(&s2, &s2, &z1z1);
    seal__fp_sub_inline(&h, &u2, &u1);
    seal__fp_sub_inline(&r, &s2, &s1);
    if (seal__fp_is_zero(&h)) {
        if (seal__fp_is_zero(&r)) {
            jac_dbl(out, p);
        } else {
            seal_g1_identity(out);
        }
        return;
    }
    seal__fp_add_inline(&i, &h, &h);
    seal__fp_sqr(&i, &i);
    seal__fp_mul(&j, &h, &i);
    seal__fp_add_inline(&r, &r, &r);
    seal__fp_mul(&v, &u1, &i);
    seal__fp_sqr(&x3, &r);
    seal__fp_sub_inline(&x3, &x3, &j);
    seal__fp_sub_inline(&x3, &x3, &v);
    seal__fp_sub_inline(&x3, &x3, &v);
    seal__fp_sub_inline(&t, &v, &x3);
    seal__fp_mul(&y3, &r, &t);
    seal__fp_mul(&t, &s1, &j);
    seal__fp_add_inline(&t, &t, &t);
    seal__fp_sub_inline(&y3, &y3, &t);
    seal__fp_add_inline(&z3, &p->z, &q->z);
    seal__fp_sqr(&z3, &z3);
    seal__fp_sub_inline(&z3, &z3, &z1z1);
    seal__fp_sub_inline(&z3, &z3, &z2z2);
    seal__fp_mul(&z3, &z3, &h);
    out->x = x3;
    out->y = y3;
    out->z = z3;
}

/* Jacobian -> projective in constant time: (X Z : Y : Z^3), and (0 : 1 : 0) when Z = 0. */
static void jac_to_proj_ct(seal_g1 *out, const seal_g1 *p) {
    fp z3;
    uint64_t inf = seal__fp_is_zero(&p->z) ? 1 : 0;
    seal__fp_sqr(&z3, &p->z);
    seal__fp_mul(&z3, &z3, &p->z);
    seal__fp_mul(&out->x, &p->x, &p->z);
    out->y = p->y;
    out->z = z3;
    seal__fp_cmov(&out->y, &seal__fp_one, inf);
}

/* out = [|x|] p with a fixed chain, constant time in p: the 63 doublings in Jacobian
 * coordinates (exception-free for a = 0 and odd group order), the 5 additions with the
 * complete projective formula. */
void seal__g1_mul_by_x_abs(seal_g1 *out, const seal_g1 *p) {
    const seal__mb_tower *tower = seal__bls_tower();
    if (tower != NULL) {
        tower->g1_mul_by_x_abs(out, p, 1);
        return;
    }
    seal_g1 acc, t;
    bool proj = true; /* acc is projective (t) right after an addition, Jacobian otherwise */
    t = *p;
    for (int i = 62; i >= 0; i--) {
        if (proj) {
            jac_dbl_from_proj(&acc, &t);
        } else {
            jac_dbl(&acc, &acc);
        }
        proj = false;
        if ((seal__bls_x_abs >> i) & 1) {
            jac_to_proj_ct(&t, &acc);
            seal_g1_add(&t, &t, p);
            proj = true;
        }
    }
    if (proj) {
        *out = t;
    } else {
        jac_to_proj_ct(out, &acc);
    }
    seal_memzero(&acc, sizeof acc);
    seal_memzero(&t, sizeof t);
}

#define W 5
#define TBL 16 /* 2^(W-1) */
#define GLV_DIGITS 26

/* Constant-time lookup: out = sign * tbl[mag - 1] (identity when mag == 0). Every entry is
 * read; the selection is a mask. */
static void g1_lookup(seal_g1 *out, const seal_g1 tbl[TBL], uint64_t mag, uint64_t neg) {
    uint64_t acc[18] = {0};
    for (uint64_t j = 0; j < TBL; j++) {
        const uint64_t *e = (const uint64_t *)&tbl[j];
        uint64_t m = seal__ct_mask(seal__ct_eq(mag, j + 1));
        for (int w = 0; w < 18; w++) {
            acc[w] |= e[w] & m;
        }
    }
    memcpy(out, acc, sizeof acc);
    /* mag == 0: the identity (0 : 1 : 0) */
    seal__fp_cmov(&out->y, &seal__fp_one, seal__ct_is_zero(mag));
    g1_cneg(out, neg);
}

/* k = k1 + k2 lambda with k1 < lambda, k2 <= lambda + 1 (both < 2^128). */
static void glv_split(uint64_t k1[2], uint64_t k2[2], const seal_scalar *k) {
    seal__g1_glv_split(k1, k2, k->l);
}

void seal_g1_mul(seal_g1 *out, const seal_g1 *p, const seal_scalar *k) {
    seal_g1 t1[TBL], t2[TBL], acc, tmp;
    uint64_t k1[2], k2[2], neg;
    glv_split(k1, k2, k);
    const seal__mb_tower *tower = seal__bls_tower();
    if (tower != NULL) {
        tower->g1_mul_glv(out, p, k1, k2);
        seal_memzero(k1, sizeof k1);
        seal_memzero(k2, sizeof k2);
        return;
    }
    /* t1[i] = (i + 1) P: the even multiples by doubling (cheaper than an addition) */
    t1[0] = *p;
    for (int i = 1; i < TBL; i++) {
        if (i & 1) {
            seal_g1_double(&t1[i], &t1[i / 2]);
        } else {
            seal_g1_add(&t1[i], &t1[i - 1], p);
        }
    }
    for (int i = 0; i < TBL; i++) {
        g1_phi2(&t2[i], &t1[i]);
    }
    seal_g1_identity(&acc);
    for (int i = GLV_DIGITS - 1; i >= 0; i--) {
        if (i != GLV_DIGITS - 1) {
            /* the doublings in Jacobian coordinates (cheaper, exception-free) */
            jac_dbl_from_proj(&tmp, &acc);
            for (int j = 1; j < W; j++) {
                jac_dbl(&tmp, &tmp);
            }
            jac_to_proj_ct(&acc, &tmp);
        }
        uint64_t mag = seal__booth_digit(k1, 2, W, (size_t)i, &neg);
        g1_lookup(&tmp, t1, mag, neg);
        seal_g1_add(&acc, &acc, &tmp);
        mag = seal__booth_digit(k2, 2, W, (size_t)i, &neg);
        g1_lookup(&tmp, t2, mag, neg);
        seal_g1_add(&acc, &acc, &tmp);
    }
    *out = acc;
    seal_memzero(k1, sizeof k1);
    seal_memzero(k2, sizeof k2);
    seal_memzero(t1, sizeof t1);
    seal_memzero(t2, sizeof t2);
    seal_memzero(&acc, sizeof acc);
    seal_memzero(&tmp, sizeof tmp);
    neg = 0;
}

#define WNAF_W 5

void seal_g1_mul_vartime(seal_g1 *out, const seal_g1 *p, const seal_scalar *k) {
    uint64_t k1[2], k2[2];
    glv_split(k1, k2, k);
    const seal__mb_tower *tower = seal__bls_tower();
    if (tower != NULL) {
        /* the constant-time ladder on the 4-lane kernels is faster than wNAF on one lane */
        tower->g1_mul_glv(out, p, k1, k2);
        return;
    }
    seal_g1 t1[8], t2[8], dbl, acc, neg;
    int8_t d1[130] = {0}, d2[130] = {0};
    int n1 = seal__wnaf_u128(d1, k1[0], k1[1], WNAF_W);
    int n2 = seal__wnaf_u128(d2, k2[0], k2[1], WNAF_W);
    jac_from_proj(&t1[0], p);
    jac_dbl(&dbl, &t1[0]);
    for (int i = 1; i < 8; i++) {
        jac_add(&t1[i], &t1[i - 1], &dbl);
    }
    for (int i = 0; i < 8; i++) {
        g1_phi2(&t2[i], &t1[i]); /* (beta^2 X, Y, Z) is phi2 in Jacobian form too */
    }
    seal_g1_identity(&acc);
    for (int i = (n1 > n2 ? n1 : n2) - 1; i >= 0; i--) {
        jac_dbl(&acc, &acc);
        if (d1[i] > 0) {
            jac_add(&acc, &acc, &t1[d1[i] / 2]);
        } else if (d1[i] < 0) {
            seal_g1_neg(&neg, &t1[-d1[i] / 2]);
            jac_add(&acc, &acc, &neg);
        }
        if (d2[i] > 0) {
            jac_add(&acc, &acc, &t2[d2[i] / 2]);
        } else if (d2[i] < 0) {
            seal_g1_neg(&neg, &t2[-d2[i] / 2]);
            jac_add(&acc, &acc, &neg);
        }
    }
    jac_to_proj(out, &acc);
}

/* Fixed base: k = sum d_i 16^i with Booth digits |d_i| <= 8, and acc += d_i 16^i P read from
 * the affine table t[i][j] = (j + 1) 16^i P (64 mixed additions, no doublings). A zero digit
 * still performs the addition (with the first entry) and then keeps the old accumulator. */
void seal__g1_mul_fixed(seal_g1 *out, const seal__g1_aff (*t)[SEAL__GEN_ENTRIES],
                        const seal_scalar *k) {
    seal_g1 acc, r;
    fp x, y, ny;
    uint64_t neg;
    seal_g1_identity(&acc);
    for (size_t i = 0; i < SEAL__GEN_WINDOWS; i++) {
        uint64_t mag = seal__booth_digit(k->l, 4, 4, i, &neg);
        x = t[i][0].x;
        y = t[i][0].y;
        for (uint64_t j = 1; j < SEAL__GEN_ENTRIES; j++) {
            uint64_t hit = seal__ct_eq(mag, j + 1);
            seal__fp_cmov(&x, &t[i][j].x, hit);
            seal__fp_cmov(&y, &t[i][j].y, hit);
        }
        seal__fp_neg_inline(&ny, &y);
        seal__fp_cmov(&y, &ny, neg);
        seal__g1_add_affine(&r, &acc, &x, &y);
        g1_cmov(&acc, &r, seal__ct_is_zero(mag) ^ 1);
    }
    *out = acc;
    seal_memzero(&acc, sizeof acc);
    seal_memzero(&r, sizeof r);
    seal_memzero(&x, sizeof x);
    seal_memzero(&y, sizeof y);
    seal_memzero(&ny, sizeof ny);
    neg = 0;
}

void seal_g1_mul_gen(seal_g1 *out, const seal_scalar *k) {
    const seal__mb_tower *tower = seal__bls_tower();
    if (tower != NULL) {
        tower->g1_mul_table(out, &seal__mb_consts()->gen, k);
        return;
    }
    seal__g1_mul_fixed(out, seal__g1_gen_table, k);
}

void seal_g1_msm_vartime(seal_g1 *out, const seal_g1 *p, const seal_scalar *k, size_t n) {
    seal_g1 acc, t;
    seal_g1_identity(&acc);
    for (size_t i = 0; i < n; i++) {
        seal_g1_mul_vartime(&t, &p[i], &k[i]);
        seal_g1_add(&acc, &acc, &t);
    }
    *out = acc;
}

bool seal__g1_affine_on_curve(const fp *x, const fp *y) {
    fp l, r, four;
    seal__fp_sqr(&l, y);
    seal__fp_sqr(&r, x);
    seal__fp_mul(&r, &r, x);
    seal__fp_from_u64(&four, 4);
    seal__fp_add_inline(&r, &r, &four);
    return seal__fp_equal(&l, &r);
}

bool seal_g1_is_on_curve(const seal_g1 *p) {
    /* Y^2 Z = X^3 + 4 Z^3, and not (0 : 0 : 0) */
    fp l, r, z3, t;
    seal__fp_sqr(&l, &p->y);
    seal__fp_mul(&l, &l, &p->z);
    seal__fp_sqr(&r, &p->x);
    seal__fp_mul(&r, &r, &p->x);
    seal__fp_sqr(&z3, &p->z);
    seal__fp_mul(&z3, &z3, &p->z);
    seal__fp_mul_small(&t, &z3, 4);
    seal__fp_add_inline(&r, &r, &t);
    bool degenerate = (bool)((unsigned)seal__fp_is_zero(&p->y) & (unsigned)seal__fp_is_zero(&p->z));
    return seal__fp_equal(&l, &r) & !degenerate;
}

bool seal_g1_in_subgroup(const seal_g1 *p) {
    if (!seal__ct_public(seal_g1_is_on_curve(p))) { /* the check's result: public */
        return false;
    }
    /* phi(P) == [-x^2] P with phi(x, y) = (beta x, y); constant time, as decoded points may
     * be secret (user secret keys) */
    seal_g1 t, phi;
    const seal__mb_tower *tower = seal__bls_tower();
    if (tower != NULL) {
        tower->g1_mul_by_x_abs(&t, p, 2);
    } else {
        seal__g1_mul_by_x_abs(&t, p);
        seal__g1_mul_by_x_abs(&t, &t);
    }
    seal_g1_neg(&t, &t);
    seal__fp_mul(&phi.x, &p->x, &seal__g1_beta);
    phi.y = p->y;
    phi.z = p->z;
    return seal_g1_equal(&phi, &t);
}

void seal_g1_to_affine(seal_g1_affine *out, const seal_g1 *p) {
    fp zi;
    bool inf = seal__fp_is_zero(&p->z);
    seal__fp_inv(&zi, &p->z); /* inv(0) = 0, so the identity gives (0, 0) */
    seal__fp_mul(&out->x, &p->x, &zi);
    seal__fp_mul(&out->y, &p->y, &zi);
    out->infinity = inf;
}

void seal_g1_from_affine(seal_g1 *out, const seal_g1_affine *a) {
    seal_g1 t;
    t.x = a->x;
    t.y = a->y;
    t.z = seal__fp_one;
    seal_g1 id;
    seal_g1_identity(&id);
    g1_cmov(&t, &id, a->infinity ? 1 : 0);
    *out = t;
}
