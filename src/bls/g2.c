/* G2: the order-r subgroup of E2: y^2 = x^3 + 4(1 + u) over Fp2 (the M-type sextic twist).
 *
 * Representation: homogeneous projective (X : Y : Z) with the identity (0 : 1 : 0), and the
 * complete a = 0 formulas of Renes, Costello and Batina (Algorithms 7 and 9) with
 * 3b = 12(1 + u), as in g1.c.
 *
 * Scalar multiplication (constant time): GLS with psi, which acts as [x] on G2 (x < 0). The
 * scalar is written in base |x|, k = a0 + a1 |x| + a2 |x|^2 + a3 |x|^3 with a_i < 2^64 (three
 * constant-time divisions), and [|x|]P = -psi(P), [|x|^2]P = psi^2(P), [|x|^3]P = -psi^3(P), so
 * a 4-way joint Booth ladder (width 5) over 64-bit digits needs 60 doublings. The variable-time
 * path uses the same split with wNAF. Both assume their input is in G2.
 *
 * Runs of doublings use Jacobian coordinates (see g1.c); generator multiples use the static
 * table of g2_table.c.
 *
 * Subgroup check (Scott 2021): psi(P) == [x] P, constant time.
 */
#include <string.h>

#include "bls/curve.h"
#include "bls/mb.h"
#include "seal/bls12_381.h"
#include "util/ct.h"

/* out = 3b a = 12 (1 + u) a, with additions. */
static void mul_b3(fp2 *out, const fp2 *a) {
    fp2 t, t3;
    seal__fp2_mul_by_nonresidue(&t, a);
    seal__fp2_add(&t3, &t, &t);
    seal__fp2_add(&t3, &t3, &t);
    seal__fp2_add(&t3, &t3, &t3);
    seal__fp2_add(out, &t3, &t3);
}

void seal_g2_identity(seal_g2 *out) {
    out->x = seal__fp2_zero;
    out->y = seal__fp2_one;
    out->z = seal__fp2_zero;
}

void seal_g2_generator(seal_g2 *out) {
    out->x = seal__g2_gen_x;
    out->y = seal__g2_gen_y;
    out->z = seal__fp2_one;
}

bool seal_g2_is_identity(const seal_g2 *p) {
    return seal__fp2_is_zero(&p->z);
}

bool seal_g2_equal(const seal_g2 *a, const seal_g2 *b) {
    fp2 t0, t1, t2, t3;
    seal__fp2_mul(&t0, &a->x, &b->z);
    seal__fp2_mul(&t1, &b->x, &a->z);
    seal__fp2_mul(&t2, &a->y, &b->z);
    seal__fp2_mul(&t3, &b->y, &a->z);
    bool ia = seal__fp2_is_zero(&a->z), ib = seal__fp2_is_zero(&b->z);
    bool same = (bool)((unsigned)seal__fp2_equal(&t0, &t1) & (unsigned)seal__fp2_equal(&t2, &t3));
    return (ia & ib) | ((!ia) & (!ib) & same);
}

void seal_g2_add(seal_g2 *out, const seal_g2 *p, const seal_g2 *q) {
    fp2 t0, t1, t2, t3, t4, x3, y3, z3;
    seal__fp2_mul(&t0, &p->x, &q->x);
    seal__fp2_mul(&t1, &p->y, &q->y);
    seal__fp2_mul(&t2, &p->z, &q->z);
    seal__fp2_add(&t3, &p->x, &p->y);
    seal__fp2_add(&t4, &q->x, &q->y);
    seal__fp2_mul(&t3, &t3, &t4);
    seal__fp2_add(&t4, &t0, &t1);
    seal__fp2_sub(&t3, &t3, &t4);
    seal__fp2_add(&t4, &p->y, &p->z);
    seal__fp2_add(&x3, &q->y, &q->z);
    seal__fp2_mul(&t4, &t4, &x3);
    seal__fp2_add(&x3, &t1, &t2);
    seal__fp2_sub(&t4, &t4, &x3);
    seal__fp2_add(&x3, &p->x, &p->z);
    seal__fp2_add(&y3, &q->x, &q->z);
    seal__fp2_mul(&x3, &x3, &y3);
    seal__fp2_add(&y3, &t0, &t2);
    seal__fp2_sub(&y3, &x3, &y3);
    seal__fp2_add(&x3, &t0, &t0);
    seal__fp2_add(&t0, &x3, &t0);
    mul_b3(&t2, &t2);
    seal__fp2_add(&z3, &t1, &t2);
    seal__fp2_sub(&t1, &t1, &t2);
    mul_b3(&y3, &y3);
    seal__fp2_mul(&x3, &t4, &y3);
    seal__fp2_mul(&t2, &t3, &t1);
    seal__fp2_sub(&x3, &t2, &x3);
    seal__fp2_mul(&y3, &y3, &t0);
    seal__fp2_mul(&t1, &t1, &z3);
    seal__fp2_add(&y3, &t1, &y3);
    seal__fp2_mul(&t0, &t0, &t3);
    seal__fp2_mul(&z3, &z3, &t4);
    seal__fp2_add(&z3, &z3, &t0);
    out->x = x3;
    out->y = y3;
    out->z = z3;
}

/* Algorithm 8: mixed addition with an affine (x, y) that is not the identity. */
void seal__g2_add_affine(seal_g2 *out, const seal_g2 *p, const fp2 *x, const fp2 *y) {
    fp2 t0, t1, t2, t3, t4, x3, y3, z3;
    seal__fp2_mul(&t0, &p->x, x);
    seal__fp2_mul(&t1, &p->y, y);
    seal__fp2_add(&t3, x, y);
    seal__fp2_add(&t4, &p->x, &p->y);
    seal__fp2_mul(&t3, &t3, &t4);
    seal__fp2_add(&t4, &t0, &t1);
    seal__fp2_sub(&t3, &t3, &t4);
    seal__fp2_mul(&t4, y, &p->z);
    seal__fp2_add(&t4, &t4, &p->y);
    seal__fp2_mul(&y3, x, &p->z);
    seal__fp2_add(&y3, &y3, &p->x);
    seal__fp2_add(&x3, &t0, &t0);
    seal__fp2_add(&t0, &x3, &t0);
    mul_b3(&t2, &p->z);
    seal__fp2_add(&z3, &t1, &t2);
    seal__fp2_sub(&t1, &t1, &t2);
    mul_b3(&y3, &y3);
    seal__fp2_mul(&x3, &t4, &y3);
    seal__fp2_mul(&t2, &t3, &t1);
    seal__fp2_sub(&x3, &t2, &x3);
    seal__fp2_mul(&y3, &y3, &t0);
    seal__fp2_mul(&t1, &t1, &z3);
    seal__fp2_add(&y3, &t1, &y3);
    seal__fp2_mul(&t0, &t0, &t3);
    seal__fp2_mul(&z3, &z3, &t4);
    seal__fp2_add(&z3, &z3, &t0);
    out->x = x3;
    out->y = y3;
    out->z = z3;
}

void seal_g2_double(seal_g2 *out, const seal_g2 *p) {
    fp2 t0, t1, t2, x3, y3, z3;
    seal__fp2_sqr(&t0, &p->y);
    seal__fp2_add(&z3, &t0, &t0);
    seal__fp2_add(&z3, &z3, &z3);
    seal__fp2_add(&z3, &z3, &z3);
    seal__fp2_mul(&t1, &p->y, &p->z);
    seal__fp2_sqr(&t2, &p->z);
    mul_b3(&t2, &t2);
    seal__fp2_mul(&x3, &t2, &z3);
    seal__fp2_add(&y3, &t0, &t2);
    seal__fp2_mul(&z3, &t1, &z3);
    seal__fp2_add(&t1, &t2, &t2);
    seal__fp2_add(&t2, &t1, &t2);
    seal__fp2_sub(&t0, &t0, &t2);
    seal__fp2_mul(&y3, &t0, &y3);
    seal__fp2_add(&y3, &x3, &y3);
    seal__fp2_mul(&t1, &p->x, &p->y);
    seal__fp2_mul(&x3, &t0, &t1);
    seal__fp2_add(&x3, &x3, &x3);
    out->x = x3;
    out->y = y3;
    out->z = z3;
}

void seal_g2_neg(seal_g2 *out, const seal_g2 *p) {
    out->x = p->x;
    seal__fp2_neg(&out->y, &p->y);
    out->z = p->z;
}

void seal_g2_sub(seal_g2 *out, const seal_g2 *a, const seal_g2 *b) {
    seal_g2 nb;
    seal_g2_neg(&nb, b);
    seal_g2_add(out, a, &nb);
}

static void g2_cmov(seal_g2 *out, const seal_g2 *a, uint64_t bit) {
    seal__fp2_cmov(&out->x, &a->x, bit);
    seal__fp2_cmov(&out->y, &a->y, bit);
    seal__fp2_cmov(&out->z, &a->z, bit);
}

static void g2_cneg(seal_g2 *p, uint64_t bit) {
    fp2 ny;
    seal__fp2_neg(&ny, &p->y);
    seal__fp2_cmov(&p->y, &ny, bit);
}

/* psi(X : Y : Z) = (c1 conj(X) : c2 conj(Y) : conj(Z)). */
void seal__g2_psi(seal_g2 *out, const seal_g2 *p) {
    fp2 x, y, z;
    seal__fp2_conj(&x, &p->x);
    seal__fp2_conj(&y, &p->y);
    seal__fp2_conj(&z, &p->z);
    seal__fp2_mul(&out->x, &x, &seal__g2_psi_c1);
    seal__fp2_mul(&out->y, &y, &seal__g2_psi_c2);
    out->z = z;
}

/* psi^2(X : Y : Z) = (c X : -Y : Z) with c in Fp. */
void seal__g2_psi2(seal_g2 *out, const seal_g2 *p) {
    seal__fp2_mul_fp(&out->x, &p->x, &seal__g2_psi2_c1);
    seal__fp2_neg(&out->y, &p->y);
    out->z = p->z;
}

/* ---- Jacobian arithmetic ----
 * Jacobian (X, Y, Z) means x = X / Z^2, y = Y / Z^3; Z = 0 is the identity. Doubling costs
 * 2M + 5S ("dbl-2009-l") and has no exceptional case here (a = 0, no point of order 2), so it
 * also serves constant-time chains. Addition costs 11M + 5S ("add-2007-bl") and branches on
 * its exceptional cases: variable-time paths only. */

static void jac_from_proj(seal_g2 *out, const seal_g2 *p) {
    fp2 z2;
    seal__fp2_sqr(&z2, &p->z);
    seal__fp2_mul(&out->x, &p->x, &p->z);
    seal__fp2_mul(&out->y, &p->y, &z2);
    out->z = p->z;
}

static void jac_to_proj(seal_g2 *out, const seal_g2 *p) {
    if (seal__fp2_is_zero(&p->z)) {
        seal_g2_identity(out);
        return;
    }
    fp2 z3;
    seal__fp2_sqr(&z3, &p->z);
    seal__fp2_mul(&z3, &z3, &p->z);
    seal__fp2_mul(&out->x, &p->x, &p->z);
    out->y = p->y;
    out->z = z3;
}

static void jac_dbl(seal_g2 *out, const seal_g2 *p);

/* n doublings in place, on the 4-lane kernel when the backend has it. */
static void jac_dbl_n(seal_g2 *p, unsigned n) {
    const seal__mb_tower *tower = seal__bls_tower();
    if (tower != NULL) {
        tower->g2_jac_dbl_n(p, n);
        return;
    }
    for (unsigned i = 0; i < n; i++) {
        jac_dbl(p, p);
    }
}

static void jac_dbl(seal_g2 *out, const seal_g2 *p) {
    fp2 a, b, c, d, e, f, t, x3, y3, z3;
    seal__fp2_sqr(&a, &p->x);
    seal__fp2_sqr(&b, &p->y);
    seal__fp2_sqr(&c, &b);
    seal__fp2_add(&d, &p->x, &b);
    seal__fp2_sqr(&d, &d);
    seal__fp2_sub(&d, &d, &a);
    seal__fp2_sub(&d, &d, &c);
    seal__fp2_add(&d, &d, &d);
    seal__fp2_add(&e, &a, &a);
    seal__fp2_add(&e, &e, &a);
    seal__fp2_sqr(&f, &e);
    seal__fp2_mul(&z3, &p->y, &p->z);
    seal__fp2_add(&z3, &z3, &z3);
    seal__fp2_sub(&x3, &f, &d);
    seal__fp2_sub(&x3, &x3, &d);
    seal__fp2_sub(&t, &d, &x3);
    seal__fp2_mul(&y3, &e, &t);
    seal__fp2_add(&c, &c, &c);
    seal__fp2_add(&c, &c, &c);
    seal__fp2_add(&c, &c, &c);
    seal__fp2_sub(&y3, &y3, &c);
    out->x = x3;
    out->y = y3;
    out->z = z3;
}

static void jac_add(seal_g2 *out, const seal_g2 *p, const seal_g2 *q) {
    if (seal__fp2_is_zero(&p->z)) {
        *out = *q;
        return;
    }
    if (seal__fp2_is_zero(&q->z)) {
        *out = *p;
        return;
    }
    fp2 z1z1, z2z2, u1, u2, s1, s2, h, i, j, r, v, t, x3, y3, z3;
    seal__fp2_sqr(&z1z1, &p->z);
    seal__fp2_sqr(&z2z2, &q->z);
    seal__fp2_mul(&u1, &p->x, &z2z2);
    seal__fp2_mul(&u2, &q->x, &z1z1);
    seal__fp2_mul(&s1, &p->y, &q->z);
    seal__fp2_mul(&s1, &s1, &z2z2);
    seal__fp2_mul(&s2, &q->y, &p->z);
    seal__fp2_mul(&s2, &s2, &z1z1);
    seal__fp2_sub(&h, &u2, &u1);
    seal__fp2_sub(&r, &s2, &s1);
    if (seal__fp2_is_zero(&h)) {
        if (seal__fp2_is_zero(&r)) {
            jac_dbl(out, p);
        } else {
            seal_g2_identity(out);
        }
        return;
    }
    seal__fp2_add(&i, &h, &h);
    seal__fp2_sqr(&i, &i);
    seal__fp2_mul(&j, &h, &i);
    seal__fp2_add(&r, &r, &r);
    seal__fp2_mul(&v, &u1, &i);
    seal__fp2_sqr(&x3, &r);
    seal__fp2_sub(&x3, &x3, &j);
    seal__fp2_sub(&x3, &x3, &v);
    seal__fp2_sub(&x3, &x3, &v);
    seal__fp2_sub(&t, &v, &x3);
    seal__fp2_mul(&y3, &r, &t);
    seal__fp2_mul(&t, &s1, &j);
    seal__fp2_add(&t, &t, &t);
    seal__fp2_sub(&y3, &y3, &t);
    seal__fp2_add(&z3, &p->z, &q->z);
    seal__fp2_sqr(&z3, &z3);
    seal__fp2_sub(&z3, &z3, &z1z1);
    seal__fp2_sub(&z3, &z3, &z2z2);
    seal__fp2_mul(&z3, &z3, &h);
    out->x = x3;
    out->y = y3;
    out->z = z3;
}

/* Jacobian -> projective in constant time: (X Z : Y : Z^3), and (0 : 1 : 0) when Z = 0. */
static void jac_to_proj_ct(seal_g2 *out, const seal_g2 *p) {
    fp2 z3;
    uint64_t inf = seal__fp2_is_zero(&p->z) ? 1 : 0;
    seal__fp2_sqr(&z3, &p->z);
    seal__fp2_mul(&z3, &z3, &p->z);
    seal__fp2_mul(&out->x, &p->x, &p->z);
    out->y = p->y;
    out->z = z3;
    seal__fp2_cmov(&out->y, &seal__fp2_one, inf);
}

/* out = p + (x2, y2) for a Jacobian p and an affine (x2, y2) ("madd-2007-bl", 7M + 4S; it
 * involves neither a nor b), made complete in constant time: when p is the identity the result is
 * (x2 : y2 : 1), when p = (x2, y2) it is dbl2 (2 (x2, y2), given by the caller); p = -(x2, y2)
 * gives Z3 = 0, the identity, by itself. */
static void jac_madd_ct(seal_g2 *out, const seal_g2 *p, const fp2 *x2, const fp2 *y2,
                        const seal_g2 *dbl2) {
    fp2 z1z1, u2, s2, h, hh, i, j, r, v, t, x3, y3, z3;
    seal__fp2_sqr(&z1z1, &p->z);
    seal__fp2_mul(&u2, x2, &z1z1);
    seal__fp2_mul(&s2, y2, &p->z);
    seal__fp2_mul(&s2, &s2, &z1z1);
    seal__fp2_sub(&h, &u2, &p->x);
    seal__fp2_sub(&r, &s2, &p->y);
    uint64_t p_inf = seal__fp2_is_zero(&p->z) ? 1 : 0;
    uint64_t same = (seal__fp2_is_zero(&h) ? 1 : 0) & (seal__fp2_is_zero(&r) ? 1 : 0) & (p_inf ^ 1);
    seal__fp2_sqr(&hh, &h);
    seal__fp2_add(&i, &hh, &hh);
    seal__fp2_add(&i, &i, &i);
    seal__fp2_mul(&j, &h, &i);
    seal__fp2_add(&r, &r, &r);
    seal__fp2_mul(&v, &p->x, &i);
    seal__fp2_sqr(&x3, &r);
    seal__fp2_sub(&x3, &x3, &j);
    seal__fp2_sub(&x3, &x3, &v);
    seal__fp2_sub(&x3, &x3, &v);
    seal__fp2_sub(&t, &v, &x3);
    seal__fp2_mul(&y3, &r, &t);
    seal__fp2_mul(&t, &p->y, &j);
    seal__fp2_add(&t, &t, &t);
    seal__fp2_sub(&y3, &y3, &t);
    seal__fp2_add(&z3, &p->z, &h);
    seal__fp2_sqr(&z3, &z3);
    seal__fp2_sub(&z3, &z3, &z1z1);
    seal__fp2_sub(&z3, &z3, &hh);
    seal__fp2_cmov(&x3, x2, p_inf);
    seal__fp2_cmov(&y3, y2, p_inf);
    seal__fp2_cmov(&z3, &seal__fp2_one, p_inf);
    seal__fp2_cmov(&x3, &dbl2->x, same);
    seal__fp2_cmov(&y3, &dbl2->y, same);
    seal__fp2_cmov(&z3, &dbl2->z, same);
    out->x = x3;
    out->y = y3;
    out->z = z3;
}

/* out = [|x|] p with a fixed chain, constant time in p (and complete). The map
 * (x, y) -> (x Z^2, y Z^3) sends E to y^2 = x^3 + b Z^6, where p = (X : Y : Z) becomes the
 * affine point (X Z, Y Z^2); Jacobian doubling (exception-free for a = 0 and no point of order
 * 2) and mixed addition do not involve b, so the chain runs there with mixed additions, and its
 * Jacobian result (X', Y', Z') is (X', Y', Z' Z) on E. When p is the identity (Z = 0), Z' Z = 0
 * gives the identity. */
void seal__g2_mul_by_x_abs(seal_g2 *out, const seal_g2 *p) {
    seal_g2 acc, dbl2;
    fp2 ax, ay, z2;
    seal__fp2_sqr(&z2, &p->z);
    seal__fp2_mul(&ax, &p->x, &p->z);
    seal__fp2_mul(&ay, &p->y, &z2);
    acc.x = ax;
    acc.y = ay;
    acc.z = seal__fp2_one;
    jac_dbl(&dbl2, &acc);
    const seal__mb_tower *tower = seal__bls_tower();
    unsigned run = 0; /* doublings not done yet: runs go to the 4-lane kernel at once */
    for (int i = 62; i >= 0; i--) {
        if (tower != NULL) {
            run++;
        } else {
            jac_dbl(&acc, &acc);
        }
        if ((seal__bls_x_abs >> i) & 1) {
            if (run > 0) {
                tower->g2_jac_dbl_n(&acc, run);
                run = 0;
            }
            jac_madd_ct(&acc, &acc, &ax, &ay, &dbl2);
        }
    }
    if (run > 0) {
        tower->g2_jac_dbl_n(&acc, run);
    }
    seal__fp2_mul(&acc.z, &acc.z, &p->z);
    jac_to_proj_ct(out, &acc);
    seal_memzero(&acc, sizeof acc);
    seal_memzero(&dbl2, sizeof dbl2);
    seal_memzero(&ax, sizeof ax);
    seal_memzero(&ay, sizeof ay);
    seal_memzero(&z2, sizeof z2);
}

#define W 5
#define TBL 16
#define GLS_DIGITS 13

static void g2_lookup(seal_g2 *out, const seal_g2 tbl[TBL], uint64_t mag, uint64_t neg) {
    uint64_t acc[36] = {0};
    for (uint64_t j = 0; j < TBL; j++) {
        const uint64_t *e = (const uint64_t *)&tbl[j];
        uint64_t m = seal__ct_mask(seal__ct_eq(mag, j + 1));
        for (int w = 0; w < 36; w++) {
            acc[w] |= e[w] & m;
        }
    }
    memcpy(out, acc, sizeof acc);
    seal__fp2_cmov(&out->y, &seal__fp2_one, seal__ct_is_zero(mag));
    g2_cneg(out, neg);
}

/* k = a[0] + a[1] |x| + a[2] |x|^2 + a[3] |x|^3, a[i] < |x|. */
static void gls_split(uint64_t a[4], const seal_scalar *k) {
    uint64_t q[4], n[4];
    memcpy(n, k->l, sizeof n);
    for (int i = 0; i < 3; i++) {
        seal__u256_divrem_ct(q, &a[i], n, &seal__bls_x_abs, 1);
        memcpy(n, q, sizeof n);
    }
    a[3] = n[0];
    seal_memzero(q, sizeof q);
    seal_memzero(n, sizeof n);
}

/* tbl[1..3][j] = [|x|^i] tbl[0][j] for points of G2. */
static void gls_tables(seal_g2 *t0, seal_g2 *t1, seal_g2 *t2, seal_g2 *t3, size_t n) {
    for (size_t j = 0; j < n; j++) {
        seal__g2_psi(&t1[j], &t0[j]);
        seal_g2_neg(&t1[j], &t1[j]);
        seal__g2_psi2(&t2[j], &t0[j]);
        seal__g2_psi2(&t3[j], &t1[j]); /* psi^2(-psi(P)) = -psi^3(P) */
    }
}

void seal_g2_mul(seal_g2 *out, const seal_g2 *p, const seal_scalar *k) {
    seal_g2 t[4][TBL], acc, tmp;
    uint64_t a[4], neg;
    gls_split(a, k);
    t[0][0] = *p;
    seal_g2_double(&t[0][1], p);
    for (int i = 2; i < TBL; i++) {
        seal_g2_add(&t[0][i], &t[0][i - 1], p);
    }
    gls_tables(t[0], t[1], t[2], t[3], TBL);
    seal_g2_identity(&acc);
    for (int i = GLS_DIGITS - 1; i >= 0; i--) {
        if (i != GLS_DIGITS - 1) {
            /* the doublings in Jacobian coordinates (cheaper, exception-free) */
            jac_from_proj(&tmp, &acc);
            jac_dbl_n(&tmp, W);
            jac_to_proj_ct(&acc, &tmp);
        }
        for (int m = 0; m < 4; m++) {
            uint64_t mag = seal__booth_digit(&a[m], 1, W, (size_t)i, &neg);
            g2_lookup(&tmp, t[m], mag, neg);
            seal_g2_add(&acc, &acc, &tmp);
        }
    }
    *out = acc;
    seal_memzero(a, sizeof a);
    seal_memzero(t, sizeof t);
    seal_memzero(&acc, sizeof acc);
    seal_memzero(&tmp, sizeof tmp);
    neg = 0;
}

#define WNAF_W 5

void seal_g2_mul_vartime(seal_g2 *out, const seal_g2 *p, const seal_scalar *k) {
    seal_g2 t[4][8], dbl, acc, neg;
    uint64_t a[4];
    int8_t d[4][130];
    int n = 0;
    memset(d, 0, sizeof d);
    gls_split(a, k);
    for (int m = 0; m < 4; m++) {
        int nm = seal__wnaf_u128(d[m], a[m], 0, WNAF_W);
        n = nm > n ? nm : n;
    }
    jac_from_proj(&t[0][0], p);
    jac_dbl(&dbl, &t[0][0]);
    for (int i = 1; i < 8; i++) {
        jac_add(&t[0][i], &t[0][i - 1], &dbl);
    }
    gls_tables(t[0], t[1], t[2], t[3], 8);
    seal_g2_identity(&acc);
    for (int i = n - 1; i >= 0; i--) {
        jac_dbl(&acc, &acc);
        for (int m = 0; m < 4; m++) {
            int dg = d[m][i];
            if (dg > 0) {
                jac_add(&acc, &acc, &t[m][dg / 2]);
            } else if (dg < 0) {
                seal_g2_neg(&neg, &t[m][-dg / 2]);
                jac_add(&acc, &acc, &neg);
            }
        }
    }
    jac_to_proj(out, &acc);
}

/* Fixed base, as seal_g1_mul_gen: 64 mixed additions from the precomputed affine table. */
void seal_g2_mul_gen(seal_g2 *out, const seal_scalar *k) {
    seal_g2 acc, t;
    fp2 x, y, ny;
    uint64_t neg;
    seal_g2_identity(&acc);
    for (size_t i = 0; i < SEAL__GEN_WINDOWS; i++) {
        uint64_t mag = seal__booth_digit(k->l, 4, 4, i, &neg);
        x = seal__g2_gen_table[i][0].x;
        y = seal__g2_gen_table[i][0].y;
        for (uint64_t j = 1; j < SEAL__GEN_ENTRIES; j++) {
            uint64_t hit = seal__ct_eq(mag, j + 1);
            seal__fp2_cmov(&x, &seal__g2_gen_table[i][j].x, hit);
            seal__fp2_cmov(&y, &seal__g2_gen_table[i][j].y, hit);
        }
        seal__fp2_neg(&ny, &y);
        seal__fp2_cmov(&y, &ny, neg);
        seal__g2_add_affine(&t, &acc, &x, &y);
        g2_cmov(&acc, &t, seal__ct_is_zero(mag) ^ 1);
    }
    *out = acc;
    seal_memzero(&acc, sizeof acc);
    seal_memzero(&t, sizeof t);
    seal_memzero(&x, sizeof x);
    seal_memzero(&y, sizeof y);
    seal_memzero(&ny, sizeof ny);
    neg = 0;
}

bool seal__g2_affine_on_curve(const fp2 *x, const fp2 *y) {
    fp2 l, r, b;
    seal__fp2_sqr(&l, y);
    seal__fp2_sqr(&r, x);
    seal__fp2_mul(&r, &r, x);
    seal__fp_from_u64(&b.c0, 4);
    b.c1 = b.c0;
    seal__fp2_add(&r, &r, &b);
    return seal__fp2_equal(&l, &r);
}

bool seal_g2_is_on_curve(const seal_g2 *p) {
    /* Y^2 Z = X^3 + 4(1 + u) Z^3, and not (0 : 0 : 0) */
    fp2 l, r, z3, t;
    seal__fp2_sqr(&l, &p->y);
    seal__fp2_mul(&l, &l, &p->z);
    seal__fp2_sqr(&r, &p->x);
    seal__fp2_mul(&r, &r, &p->x);
    seal__fp2_sqr(&z3, &p->z);
    seal__fp2_mul(&z3, &z3, &p->z);
    seal__fp2_mul_by_nonresidue(&t, &z3);
    seal__fp_mul_small(&t.c0, &t.c0, 4);
    seal__fp_mul_small(&t.c1, &t.c1, 4);
    seal__fp2_add(&r, &r, &t);
    bool degenerate =
        (bool)((unsigned)seal__fp2_is_zero(&p->y) & (unsigned)seal__fp2_is_zero(&p->z));
    return seal__fp2_equal(&l, &r) & !degenerate;
}

bool seal_g2_in_subgroup(const seal_g2 *p) {
    if (!seal_g2_is_on_curve(p)) {
        return false;
    }
    /* psi(P) == [x] P (Scott 2021), constant time */
    seal_g2 t, s;
    seal__g2_mul_by_x_abs(&t, p);
    seal_g2_neg(&t, &t); /* [x] P */
    seal__g2_psi(&s, p);
    return seal_g2_equal(&s, &t);
}

void seal_g2_to_affine(seal_g2_affine *out, const seal_g2 *p) {
    fp2 zi;
    bool inf = seal__fp2_is_zero(&p->z);
    seal__fp2_inv(&zi, &p->z);
    seal__fp2_mul(&out->x, &p->x, &zi);
    seal__fp2_mul(&out->y, &p->y, &zi);
    out->infinity = inf;
}

void seal_g2_from_affine(seal_g2 *out, const seal_g2_affine *a) {
    seal_g2 t, id;
    t.x = a->x;
    t.y = a->y;
    t.z = seal__fp2_one;
    seal_g2_identity(&id);
    seal__fp2_cmov(&t.x, &id.x, a->infinity ? 1 : 0);
    seal__fp2_cmov(&t.y, &id.y, a->infinity ? 1 : 0);
    seal__fp2_cmov(&t.z, &id.z, a->infinity ? 1 : 0);
    *out = t;
}
