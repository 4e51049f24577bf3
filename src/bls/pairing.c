/* The optimal ate pairing on BLS12-381, its final exponentiation and the GT API.
 *
 * Miller loop: over the bits of |x| = 0xd201000000010000 (63 doublings, 5 additions), G2 points
 * in homogeneous projective coordinates on the twist E': y^2 = x^3 + 4(u+1) (no inversions), lines
 * evaluated at the affine G1 point. The twist is of M type: the untwisting map is
 * (x', y') -> (x' / w^2, y' / w^3), so a line through points of E', scaled by w^3 and by
 * Fp2 factors (both vanish in the final exponentiation), is l0 + l1 xP v + l4 yP v w with
 * l0, l1, l4 in Fp2: one sparse product (seal__fp12_mul_by_014) per line. Because x < 0 the loop
 * result is conjugated.
 *
 * Final exponentiation: blst's exponent 3 (p^12 - 1)/r, i.e. the easy part (p^6 - 1)(p^2 + 1)
 * followed by l0 + l1 p + l2 p^2 + l3 p^3 with l3 = (x-1)^2, l2 = l3 x, l1 = l2 x - l3,
 * l0 = l1 x + 3 (Hayashida-Hayasaka-Teruya). Our e(P, Q) is therefore the cube of the textbook
 * value, byte for byte the GT value of blst, zkcrypto and noble-curves, which Seal hashes.
 * Each of the five exponentiations by x runs 63 compressed cyclotomic squarings and decompresses
 * the six powers it needs with one shared inversion (shared by up to SEAL_FINAL_EXP_BATCH_MAX
 * final exponentiations run side by side, seal__final_exp_batch).
 *
 * Nothing here branches on or indexes by point coordinates, infinity flags or GT exponents;
 * temporaries that may hold secret-derived values are wiped before returning. */
#include <string.h>

#include "bls/curve.h"
#include "bls/internal.h"
#include "bls/mb.h"
#include "util/ct.h"

#define X_ABS 0xd201000000010000ULL /* |x|; x is negative */
#define X_TOP_BIT 63
#define MILLER_CHUNK 8 /* pairs per shared Miller loop (stack bound; products are chained) */

typedef struct {
    fp2 x, y, z;
} g2_proj;

/* T <- 2T on E' (homogeneous; Costello-Lange-Naehrig doubling with every output scaled by 4 so
 * that no halving is needed), returning the tangent line at the old T:
 * B = Y^2, C = Z^2, E = 3 b' C (b' = 4 xi), F = 3E, H = 2 Y Z, J = X^2,
 * X3 = 2 X Y (B - F), Y3 = (B + F)^2 - 12 E^2, Z3 = 4 B H, line (E - B, 3J, -H). */
static void dbl_step(fp2 l[3], g2_proj *t) {
    fp2 b, c, e, f, h, j, t0, t1;
    seal__fp2_sqr(&b, &t->y);
    seal__fp2_sqr(&c, &t->z);
    seal__fp2_mul_by_nonresidue(&e, &c);
    seal__fp2_dbl(&e, &e);
    seal__fp2_dbl(&e, &e);
    seal__fp2_dbl(&t0, &e);
    seal__fp2_add(&e, &t0, &e); /* 12 xi C */
    seal__fp2_dbl(&f, &e);
    seal__fp2_add(&f, &f, &e);
    seal__fp2_add(&h, &t->y, &t->z);
    seal__fp2_sqr(&h, &h);
    seal__fp2_sub(&h, &h, &b);
    seal__fp2_sub(&h, &h, &c);
    seal__fp2_sqr(&j, &t->x);

    seal__fp2_sub(&l[0], &e, &b);
    seal__fp2_dbl(&l[1], &j);
    seal__fp2_add(&l[1], &l[1], &j);
    seal__fp2_neg(&l[2], &h);

    seal__fp2_mul(&t0, &t->x, &t->y);
    seal__fp2_dbl(&t0, &t0);
    seal__fp2_sub(&t1, &b, &f);
    seal__fp2_mul(&t->x, &t0, &t1);

    seal__fp2_add(&t0, &b, &f);
    seal__fp2_sqr(&t0, &t0);
    seal__fp2_sqr(&t1, &e);
    seal__fp2_dbl(&t1, &t1);
    seal__fp2_dbl(&t1, &t1);
    seal__fp2_dbl(&c, &t1);
    seal__fp2_add(&t1, &c, &t1); /* 12 E^2 */
    seal__fp2_sub(&t->y, &t0, &t1);

    seal__fp2_mul(&t->z, &b, &h);
    seal__fp2_dbl(&t->z, &t->z);
    seal__fp2_dbl(&t->z, &t->z);
}

/* T <- T + Q for affine Q (mixed homogeneous addition), returning the line through T and Q:
 * theta = Y - yQ Z, lambda = X - xQ Z, C = theta^2, D = lambda^2, E = lambda D, F = Z C,
 * G = X D, H = E + F - 2G, X3 = lambda H, Y3 = theta (G - H) - E Y, Z3 = Z E,
 * line (theta xQ - lambda yQ, -theta, lambda). */
static void add_step(fp2 l[3], g2_proj *t, const fp2 *qx, const fp2 *qy) {
    fp2 theta, lambda, c, d, e, f, g, h, t0;
    seal__fp2_mul(&t0, qy, &t->z);
    seal__fp2_sub(&theta, &t->y, &t0);
    seal__fp2_mul(&t0, qx, &t->z);
    seal__fp2_sub(&lambda, &t->x, &t0);
    seal__fp2_sqr(&c, &theta);
    seal__fp2_sqr(&d, &lambda);
    seal__fp2_mul(&e, &lambda, &d);
    seal__fp2_mul(&f, &t->z, &c);
    seal__fp2_mul(&g, &t->x, &d);
    seal__fp2_add(&h, &e, &f);
    seal__fp2_sub(&h, &h, &g);
    seal__fp2_sub(&h, &h, &g);

    seal__fp2_mul(&t->x, &lambda, &h);
    seal__fp2_sub(&t0, &g, &h);
    seal__fp2_mul(&t0, &t0, &theta);
    seal__fp2_mul(&f, &e, &t->y);
    seal__fp2_sub(&t->y, &t0, &f);
    seal__fp2_mul(&t->z, &t->z, &e);

    seal__fp2_mul(&l[0], &theta, qx);
    seal__fp2_mul(&t0, &lambda, qy);
    seal__fp2_sub(&l[0], &l[0], &t0);
    seal__fp2_neg(&l[1], &theta);
    l[2] = lambda;
}

/* f *= line evaluated at p; when skip = 1 the line is replaced by 1 (constant time). When *fresh
 * (f is still 1, a public fact) f becomes the line itself, saving a product. */
static void line_mul(fp12 *f, const fp2 l[3], const seal_g1_affine *p, uint64_t skip, bool *fresh) {
    fp2 a = l[0], b, c;
    seal__fp2_mul_fp(&b, &l[1], &p->x);
    seal__fp2_mul_fp(&c, &l[2], &p->y);
    seal__fp2_cmov(&a, &seal__fp2_one, skip);
    seal__fp2_cmov(&b, &seal__fp2_zero, skip);
    seal__fp2_cmov(&c, &seal__fp2_zero, skip);
    if (*fresh) {
        memset(f, 0, sizeof *f);
        f->c0.c0 = a;
        f->c0.c1 = b;
        f->c1.c1 = c;
        *fresh = false;
    } else {
        seal__fp12_mul_by_014(f, &a, &b, &c);
    }
}

static uint64_t pair_skip(const seal_g1_affine *p, const seal_g2_affine *q) {
    return (uint64_t)p->infinity | (uint64_t)q->infinity;
}

/* The running points of a shared Miller loop, stepped by the tower kernels' loop (next()). */
typedef struct {
    g2_proj *t;
    const seal_g2_affine *q;
    const uint64_t *skip;
} chunk_lines;

static void chunk_next_line(void *ctx, fp2 l[3], size_t i, int add) {
    const chunk_lines *c = ctx;
    if (add) {
        add_step(l, &c->t[i], &c->q[i].x, &c->q[i].y);
    } else {
        dbl_step(l, &c->t[i]);
    }
    seal__fp2_cmov(&l[0], &seal__fp2_one, c->skip[i]);
    seal__fp2_cmov(&l[1], &seal__fp2_zero, c->skip[i]);
    seal__fp2_cmov(&l[2], &seal__fp2_zero, c->skip[i]);
}

_Static_assert(MILLER_CHUNK <= SEAL_MB_MILLER_MAX, "the tower kernels' Miller loop");

/* Unconjugated shared Miller loop over n <= MILLER_CHUNK pairs; when t_final is not NULL it
 * receives the n final running points (public: they depend on q only). With the tower kernels
 * the lines come from the same steps and f lives in lanes. */
static void miller_chunk(fp12 *f, const seal_g1_affine *p, const seal_g2_affine *q, size_t n,
                         g2_proj *t_final) {
    g2_proj t[MILLER_CHUNK];
    uint64_t skip[MILLER_CHUNK];
    fp2 l[3];
    const seal__mb_tower *tower = seal__bls_tower();
    for (size_t i = 0; i < n; i++) {
        t[i].x = q[i].x;
        t[i].y = q[i].y;
        t[i].z = seal__fp2_one;
        skip[i] = pair_skip(&p[i], &q[i]);
    }
    bool fresh = true;
    seal__fp12_one(f);
    if (tower != NULL) {
        chunk_lines c = {t, q, skip};
        tower->miller_loop(f, p, n, chunk_next_line, &c);
    }
    for (int bit = X_TOP_BIT - 1; tower == NULL && bit >= 0; bit--) {
        if (!fresh) {
            seal__fp12_sqr(f, f);
        }
        for (size_t i = 0; i < n; i++) {
            dbl_step(l, &t[i]);
            line_mul(f, l, &p[i], skip[i], &fresh);
        }
        if ((X_ABS >> bit) & 1) {
            for (size_t i = 0; i < n; i++) {
                add_step(l, &t[i], &q[i].x, &q[i].y);
                line_mul(f, l, &p[i], skip[i], &fresh);
            }
        }
    }
    if (t_final != NULL) {
        memcpy(t_final, t, n * sizeof t[0]);
    }
    seal_memzero(t, sizeof t);
    seal_memzero(l, sizeof l);
}

/* acc = part (first chunk) or acc * part. */
static void accumulate(fp12 *acc, const fp12 *part, bool first) {
    if (first) {
        *acc = *part;
    } else {
        seal__fp12_mul(acc, acc, part);
    }
}

void seal__miller_loop_affine(fp12 *out, const seal_g1_affine *p, const seal_g2_affine *q,
                              size_t n) {
    fp12 acc, part;
    seal__fp12_one(&acc);
    for (size_t done = 0; done < n;) {
        size_t m = n - done < MILLER_CHUNK ? n - done : MILLER_CHUNK;
        miller_chunk(&part, p + done, q + done, m, NULL);
        accumulate(&acc, &part, done == 0);
        done += m;
    }
    seal__fp12_conj(out, &acc);
    seal_memzero(&acc, sizeof acc);
    seal_memzero(&part, sizeof part);
}

/* The Miller loop's steps on q alone, keeping their lines: *t ends as miller_chunk's does
 * (the running point of the fused check below). */
static void prepare_steps(seal_g2_prepared *out, g2_proj *t, const seal_g2_affine *q) {
    size_t k = 0;
    t->x = q->x;
    t->y = q->y;
    t->z = seal__fp2_one;
    for (int bit = X_TOP_BIT - 1; bit >= 0; bit--) {
        dbl_step(out->coeffs[k++], t);
        if ((X_ABS >> bit) & 1) {
            add_step(out->coeffs[k++], t, &q->x, &q->y);
        }
    }
    out->infinity = q->infinity;
}

/* psi(Q) == -T for the final running point T of a Miller loop on Q, Z != 0 and Q != O: the fused
 * subgroup check below. */
static bool g2_final_point_check(const seal_g2_affine *q, const g2_proj *t) {
    fp2 px, py, ny;
    /* psi(Q) = (c1 conj(xQ), c2 conj(yQ)); -T = (X : -Y : Z) */
    seal__fp2_conj(&px, &q->x);
    seal__fp2_mul(&px, &px, &seal__g2_psi_c1);
    seal__fp2_conj(&py, &q->y);
    seal__fp2_mul(&py, &py, &seal__g2_psi_c2);
    seal__fp2_mul(&px, &px, &t->z);
    seal__fp2_mul(&py, &py, &t->z);
    seal__fp2_neg(&ny, &t->y);
    unsigned ok = (unsigned)seal__fp2_equal(&px, &t->x) & (unsigned)seal__fp2_equal(&py, &ny) &
                  (unsigned)!seal__fp2_is_zero(&t->z) & (unsigned)!q->infinity;
    return ok != 0;
}

/* Fused G2 subgroup check. The loop's running point starts at Q and walks the bits of |x| with
 * dbl_step and add_step, so when every step is a genuine group operation it ends at [|x|] Q, and
 * Scott's criterion psi(Q) == [x] Q (the one seal_g2_in_subgroup uses) reads psi(Q) == -T.
 * - Q in G2 (order r, Q != O): T is always [k] Q with 1 <= k <= |x| < r, never O nor 2-torsion
 *   (r is odd), so every doubling has Y != 0; an addition is exceptional only when
 *   [k] Q = +-Q, i.e. r | k -+ 1, impossible since each addition follows a doubling (k >= 2) and
 *   k + 1 <= |x| + 1 < r. So T_final = [|x|] Q != O, Z != 0, and the test passes exactly when
 *   psi(Q) == [x] Q, as the separate check did.
 * - Q on E2 but not in G2: the formulas may hit an exceptional case. dbl_step sets
 *   Z3 = 8 Y^3 Z and add_step Z3 = Z lambda^3 (lambda = X - xQ Z, zero exactly when T = +-Q or
 *   T = O); a doubling of a 2-torsion point or of O, or an addition with T = +-Q or T = O, gives
 *   Z3 = 0 ((0 : 0 : 0) for T = Q, (0 : Y : 0) for T = -Q), and a zero Z stays zero through every
 *   later step (both Z3 are multiples of Z). Hence Z_final != 0 means every step was a genuine
 *   group operation (the formulas are the affine ones, valid off those cases) and
 *   T_final = [|x|] Q; then psi(Q) == -T_final is psi(Q) == [x] Q, false outside G2. Any
 *   T_final with Z == 0 is rejected.
 * The comparison is projective (both coordinates cross-multiplied by Z) and constant time; T
 * depends only on the public Q anyway (g2_final_point_check). On rejection the caller must
 * discard *out. */
bool seal__miller_loop_affine_g2_check(fp12 *out, const seal_g1_affine *p,
                                       const seal_g2_affine *q) {
    fp12 f;
    g2_proj t;
    miller_chunk(&f, p, q, 1, &t);
    seal__fp12_conj(out, &f);
    bool ok = g2_final_point_check(q, &t);
    seal_memzero(&f, sizeof f);
    return ok;
}

/* The line coefficients of q, and the fused subgroup check of seal__miller_loop_affine_g2_check
 * on the running point where the preparation leaves it (the same steps: T_final = [|x|] q).
 * The identity passes (it is in G2; its lines are never used). On rejection the caller must
 * discard *out. */
bool seal__g2_prepare_affine_check(seal_g2_prepared *out, const seal_g2_affine *q) {
    g2_proj t;
    prepare_steps(out, &t, q);
    bool ok = q->infinity || g2_final_point_check(q, &t);
    seal_memzero(&t, sizeof t);
    return ok;
}

void seal__g2_prepare_affine(seal_g2_prepared *out, const seal_g2_affine *q) {
    g2_proj t;
    prepare_steps(out, &t, q);
    seal_memzero(&t, sizeof t);
}

void seal__miller_loop_prepared_affine(fp12 *out, const seal_g1_affine *p,
                                       const seal_g2_prepared *q) {
    uint64_t skip = (uint64_t)p->infinity | (uint64_t)q->infinity;
    fp12 f;
    const seal__mb_tower *tower = seal__bls_tower();
    if (tower != NULL) {
        /* f in 4-lane vectors for the whole loop; lines of 1 when skipped, i.e. f = 1 */
        fp12 one;
        tower->miller_loop_prepared(&f, p, q);
        seal__fp12_one(&one);
        seal__fp12_cmov(&f, &one, skip);
        seal__fp12_conj(out, &f);
        seal_memzero(&f, sizeof f);
        return;
    }
    size_t k = 0;
    bool fresh = true;
    seal__fp12_one(&f);
    for (int bit = X_TOP_BIT - 1; bit >= 0; bit--) {
        if (!fresh) {
            seal__fp12_sqr(&f, &f);
        }
        line_mul(&f, q->coeffs[k++], p, skip, &fresh);
        if ((X_ABS >> bit) & 1) {
            line_mul(&f, q->coeffs[k++], p, skip, &fresh);
        }
    }
    seal__fp12_conj(out, &f);
    seal_memzero(&f, sizeof f);
}

/* ---- public Miller loop and pairing entry points (projective inputs) ---- */

/* Conjugated shared Miller loop over projective inputs, converted to affine chunk by chunk. */
static void miller_loop_multi(fp12 *out, const seal_g1 *p, const seal_g2 *q, size_t n) {
    seal_g1_affine pa[MILLER_CHUNK];
    seal_g2_affine qa[MILLER_CHUNK];
    fp12 acc, part;
    seal__fp12_one(&acc);
    for (size_t done = 0; done < n;) {
        size_t m = n - done < MILLER_CHUNK ? n - done : MILLER_CHUNK;
        for (size_t i = 0; i < m; i++) {
            seal_g1_to_affine(&pa[i], &p[done + i]);
            seal_g2_to_affine(&qa[i], &q[done + i]);
        }
        miller_chunk(&part, pa, qa, m, NULL);
        accumulate(&acc, &part, done == 0);
        done += m;
    }
    seal__fp12_conj(out, &acc);
    seal_memzero(pa, sizeof pa);
    seal_memzero(qa, sizeof qa);
    seal_memzero(&acc, sizeof acc);
    seal_memzero(&part, sizeof part);
}

void seal_miller_loop(seal_fp12 *out, const seal_g1 *p, const seal_g2 *q) {
    miller_loop_multi(out, p, q, 1);
}

void seal_pairing(seal_gt *out, const seal_g1 *p, const seal_g2 *q) {
    fp12 f;
    miller_loop_multi(&f, p, q, 1);
    seal_final_exp(out, &f);
    seal_memzero(&f, sizeof f);
}

void seal_pairing_multi(seal_gt *out, const seal_g1 *p, const seal_g2 *q, size_t n) {
    fp12 f;
    miller_loop_multi(&f, p, q, n);
    seal_final_exp(out, &f);
    seal_memzero(&f, sizeof f);
}

bool seal_pairing_product_is_one(const seal_g1 *p, const seal_g2 *q, size_t n) {
    fp12 f;
    seal_pairing_multi(&f, p, q, n);
    bool one = seal__fp12_is_one(&f);
    seal_memzero(&f, sizeof f);
    return one;
}

void seal_g2_prepare(seal_g2_prepared *out, const seal_g2 *q) {
    seal_g2_affine qa;
    seal_g2_to_affine(&qa, q);
    seal__g2_prepare_affine(out, &qa);
    seal_memzero(&qa, sizeof qa);
}

void seal_miller_loop_prepared(seal_fp12 *out, const seal_g1 *p, const seal_g2_prepared *q) {
    seal_g1_affine pa;
    seal_g1_to_affine(&pa, p);
    seal__miller_loop_prepared_affine(out, &pa, q);
    seal_memzero(&pa, sizeof pa);
}

void seal_pairing_prepared(seal_gt *out, const seal_g1 *p, const seal_g2_prepared *q) {
    fp12 f;
    seal_miller_loop_prepared(&f, p, q);
    seal_final_exp(out, &f);
    seal_memzero(&f, sizeof f);
}

/* ---- final exponentiation ---- */

#define X_WEIGHT 6 /* set bits of |x|: 16, 48, 57, 60, 62, 63 */
#define FE_MAX SEAL_FINAL_EXP_BATCH_MAX
_Static_assert(FE_MAX *X_WEIGHT <= SEAL_FP12_DECOMPRESS_BATCH_MAX, "decompression batch");

/* out[i] = a[i]^|x| for n <= FE_MAX elements of the cyclotomic subgroup: 63 compressed squarings
 * each, keeping a[i]^(2^j) for the six set bits j of |x|, one decompression of all 6n saved
 * powers (one shared inversion) and 5 products each. out may alias a. */
static void cyclotomic_exp_abs_x(fp12 *out, const fp12 *a, size_t n) {
    seal__fp12_compressed z[FE_MAX], saved[FE_MAX * X_WEIGHT];
    fp12 d[FE_MAX * X_WEIGHT];
    size_t k = 0;
    const seal__mb_tower *tower = seal__bls_tower();
    for (size_t i = 0; i < n; i++) {
        seal__fp12_cyclotomic_compress(&z[i], &a[i]);
        if (tower != NULL) {
            tower->cyclo_exp_abs_x_saves(&saved[i * X_WEIGHT], &z[i]);
        }
    }
    for (int bit = 1; tower == NULL && bit <= X_TOP_BIT; bit++) {
        for (size_t i = 0; i < n; i++) {
            seal__fp12_compressed_sqr(&z[i]);
        }
        if ((X_ABS >> bit) & 1) {
            for (size_t i = 0; i < n; i++) {
                saved[i * X_WEIGHT + k] = z[i];
            }
            k++;
        }
    }
    seal__fp12_cyclotomic_decompress(d, saved, n * X_WEIGHT);
    for (size_t i = 0; i < n; i++) {
        fp12 *di = &d[i * X_WEIGHT];
        for (size_t j = 1; j < X_WEIGHT; j++) {
            seal__fp12_mul(&di[0], &di[0], &di[j]);
        }
        out[i] = di[0];
    }
    seal_memzero(z, n * sizeof z[0]);
    seal_memzero(saved, n * X_WEIGHT * sizeof saved[0]);
    seal_memzero(d, n * X_WEIGHT * sizeof d[0]);
}

/* a^x = conj(a^|x|) (x < 0; the inverse is the conjugate in the cyclotomic subgroup). */
static void cyclotomic_exp_x(fp12 *out, const fp12 *a, size_t n) {
    cyclotomic_exp_abs_x(out, a, n);
    for (size_t i = 0; i < n; i++) {
        seal__fp12_conj(&out[i], &out[i]);
    }
}

void seal__final_exp_batch(fp12 *out, const fp12 *f, size_t n) {
    fp12 g[FE_MAX], t[FE_MAX], y0[FE_MAX], y1[FE_MAX], y2[FE_MAX], y3[FE_MAX];
    if (n == 0 || n > FE_MAX) {
        return;
    }
    memset(g, 0, n * sizeof g[0]); /* quiets -Wmaybe-uninitialized; g[0 .. n-1] are set below */
    /* easy part: g = f^((p^6 - 1)(p^2 + 1)) */
    for (size_t i = 0; i < n; i++) {
        seal__fp12_inv(&t[i], &f[i]);
        seal__fp12_conj(&g[i], &f[i]);
        seal__fp12_mul(&g[i], &g[i], &t[i]);
        seal__fp12_frobenius(&t[i], &g[i], 2);
        seal__fp12_mul(&g[i], &g[i], &t[i]);
    }

    /* hard part: g^(l0 + l1 p + l2 p^2 + l3 p^3) */
    cyclotomic_exp_x(t, g, n);
    for (size_t i = 0; i < n; i++) {
        seal__fp12_conj(&y3[i], &g[i]);
        seal__fp12_mul(&t[i], &t[i], &y3[i]); /* g^(x-1) */
    }
    cyclotomic_exp_x(y3, t, n);
    for (size_t i = 0; i < n; i++) {
        seal__fp12_conj(&t[i], &t[i]);
        seal__fp12_mul(&y3[i], &y3[i], &t[i]); /* y3 = g^((x-1)^2) = g^l3 */
    }
    cyclotomic_exp_x(y2, y3, n); /* y2 = g^l2 */
    cyclotomic_exp_x(y1, y2, n);
    for (size_t i = 0; i < n; i++) {
        seal__fp12_conj(&t[i], &y3[i]);
        seal__fp12_mul(&y1[i], &y1[i], &t[i]); /* y1 = g^l1 */
    }
    cyclotomic_exp_x(y0, y1, n);
    for (size_t i = 0; i < n; i++) {
        seal__fp12_cyclotomic_sqr(&t[i], &g[i]);
        seal__fp12_mul(&t[i], &t[i], &g[i]);
        seal__fp12_mul(&y0[i], &y0[i], &t[i]); /* y0 = g^l0 */

        seal__fp12_frobenius(&y1[i], &y1[i], 1);
        seal__fp12_frobenius(&y2[i], &y2[i], 2);
        seal__fp12_frobenius(&y3[i], &y3[i], 3);
        seal__fp12_mul(&y0[i], &y0[i], &y1[i]);
        seal__fp12_mul(&y2[i], &y2[i], &y3[i]);
        seal__fp12_mul(&out[i], &y0[i], &y2[i]);
    }

    seal_memzero(g, n * sizeof g[0]);
    seal_memzero(t, n * sizeof t[0]);
    seal_memzero(y0, n * sizeof y0[0]);
    seal_memzero(y1, n * sizeof y1[0]);
    seal_memzero(y2, n * sizeof y2[0]);
    seal_memzero(y3, n * sizeof y3[0]);
}

void seal_final_exp(seal_gt *out, const seal_fp12 *f) {
    seal__final_exp_batch(out, f, 1);
}

/* ---- GT ---- */

void seal_gt_one(seal_gt *out) {
    seal__fp12_one(out);
}

bool seal_gt_is_one(const seal_gt *a) {
    return seal__fp12_is_one(a);
}

bool seal_gt_equal(const seal_gt *a, const seal_gt *b) {
    return seal__fp12_equal(a, b);
}

void seal_gt_mul(seal_gt *out, const seal_gt *a, const seal_gt *b) {
    seal__fp12_mul(out, a, b);
}

/* Whether a lies in the cyclotomic subgroup, a^(p^4 - p^2 + 1) = 1 (GT is inside it): there the
 * inverse is the conjugate and the cyclotomic squaring holds. seal_fp12_from_bytes accepts any
 * Fp12 element, so the GT operations check instead of assuming (a few Frobenius maps). */
static bool in_cyclotomic(const fp12 *a) {
    fp12 f2, f4;
    seal__fp12_frobenius(&f2, a, 2);
    seal__fp12_frobenius(&f4, a, 4);
    seal__fp12_mul(&f4, &f4, a);
    return seal__fp12_equal(&f4, &f2);
}

void seal_gt_inv(seal_gt *out, const seal_gt *a) {
    if (in_cyclotomic(a)) {
        seal__fp12_conj(out, a);
    } else {
        seal__fp12_inv(out, a);
    }
}

/* Fixed 4-bit windows over all 256 bits of k, table entries picked by a full constant-time
 * scan: 256 squarings and 64 + 14 products whatever k is. The squarings are cyclotomic for
 * elements of the cyclotomic subgroup (every GT element), general otherwise; which one is a
 * property of the base, not of k. */
void seal_gt_pow(seal_gt *out, const seal_gt *a, const seal_scalar *k) {
    fp12 tbl[16], acc, sel;
    seal__fp12_one(&tbl[0]);
    tbl[1] = *a;
    for (size_t i = 2; i < 16; i++) {
        seal__fp12_mul(&tbl[i], &tbl[i - 1], a);
    }
    seal__fp12_one(&acc);
    void (*sqr)(fp12 *, const fp12 *) =
        in_cyclotomic(a) ? seal__fp12_cyclotomic_sqr : seal__fp12_sqr;
    for (int w = 63; w >= 0; w--) {
        for (int s = 0; s < 4; s++) {
            sqr(&acc, &acc);
        }
        uint64_t digit = (k->l[w / 16] >> (4 * (w % 16))) & 15;
        sel = tbl[0];
        for (uint64_t j = 1; j < 16; j++) {
            seal__fp12_cmov(&sel, &tbl[j], seal__ct_eq(digit, j));
        }
        seal__fp12_mul(&acc, &acc, &sel);
    }
    *out = acc;
    seal_memzero(tbl, sizeof tbl);
    seal_memzero(&acc, sizeof acc);
    seal_memzero(&sel, sizeof sel);
}

/* The 12 Fp coordinates in the order of w^0 .. w^5: c0.c0, c1.c0, c0.c1, c1.c1, c0.c2, c1.c2. */
static const fp2 *gt_coeff(const fp12 *a, size_t k) {
    const fp6 *half = (k & 1) ? &a->c1 : &a->c0;
    switch (k >> 1) {
    case 0:
        return &half->c0;
    case 1:
        return &half->c1;
    default:
        return &half->c2;
    }
}

void seal_gt_to_bytes(uint8_t out[static 576], const seal_gt *a) {
    for (size_t k = 0; k < 6; k++) {
        const fp2 *c = gt_coeff(a, k);
        seal__fp_to_bytes(out + 96 * k, &c->c0);
        seal__fp_to_bytes(out + 96 * k + 48, &c->c1);
    }
}

seal_err seal_fp12_from_bytes(seal_fp12 *out, const uint8_t in[static 576]) {
    seal_err err = SEAL_OK;
    fp12 t;
    seal__fp12_one(&t); /* every coefficient is overwritten below */
    for (size_t k = 0; k < 6; k++) {
        fp2 *c = (fp2 *)gt_coeff(&t, k);
        if (!seal__fp_from_bytes(&c->c0, in + 96 * k) ||
            !seal__fp_from_bytes(&c->c1, in + 96 * k + 48)) {
            err = SEAL_ERR_NOT_CANONICAL;
            goto out;
        }
    }
    *out = t;
out:
    if (err != SEAL_OK) {
        seal__fp12_one(out);
    }
    seal_memzero(&t, sizeof t);
    return err;
}
