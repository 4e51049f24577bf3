/* RFC 9380 hashing to BLS12-381 G1 and G2: expand_message_xmd with SHA-256, hash_to_field
 * (L = 64), the simplified SWU map on the isogenous curves E1' / E2', the 11-isogeny / 3-isogeny
 * evaluated in projective form (no inversion), and cofactor clearing by h_eff = 1 - x (G1) and by
 * the psi method of Budroni and Pintore (G2, RFC 9380 G.3).
 *
 * sqrt_ratio: RFC 9380 F.2.1.2 (q = 3 mod 4) for Fp; for Fp2 a norm-based routine with one
 * inversion and two Fp exponentiations (seal__fp2_sqrt_ratio), cross-checked in the tests against
 * the RFC's generic F.2.1.1 routine (seal__fp2_sqrt_ratio_rfc, kept for that purpose). For G1
 * the two SWU points are added on E1' so that the isogeny is evaluated once.
 *
 * Everything after expand_message is straight-line code over field operations, conditional
 * moves and complete point formulas: constant time in the message. Exponentiations use public
 * exponents with a fixed schedule (constant time in the base).
 */
#include <string.h>

#include "bls/curve.h"
#include "bls/mb.h"
#include "seal/bls12_381.h"
#include "util/ct.h"
#include "util/sha256.h"

/* ---- expand_message_xmd (RFC 9380 section 5.3.1) ---- */

/* The SHA-256 state after the 64-byte zero block Z_pad that starts every b_0 (the compression
 * of IV and zeros; tests/unit/test_hash_to_curve.c recomputes it). */
static const uint32_t ZPAD_MIDSTATE[8] = {0xda5698be, 0x17b9b469, 0x62335799, 0x779fbeca,
                                          0x8ce5d491, 0xc0d26243, 0xbafef9ea, 0x1837a9d8};

seal_err seal_expand_message_xmd(uint8_t *out, size_t out_len, const uint8_t *msg, size_t msg_len,
                                 const uint8_t *dst, size_t dst_len) {
    static const char oversize[] = "H2C-OVERSIZE-DST-";
    seal_err err = SEAL_OK;
    uint8_t dst_hash[32], b0[32], bi[32], tmp[32];
    uint8_t lib[3], ctr, dlen;
    seal__sha256 ctx;
    size_t ell = (out_len + 31) / 32;
    if (out_len > 255 * 32 || (out_len > 0 && out == NULL) || (msg_len > 0 && msg == NULL) ||
        (dst_len > 0 && dst == NULL)) {
        err = SEAL_ERR_INVALID_ARGUMENT;
        goto out;
    }
    if (dst_len > 255) {
        seal__sha256_init(&ctx);
        seal__sha256_update(&ctx, (const uint8_t *)oversize, sizeof oversize - 1);
        seal__sha256_update(&ctx, dst, dst_len);
        seal__sha256_final(dst_hash, &ctx);
        dst = dst_hash;
        dst_len = 32;
    }
    dlen = (uint8_t)dst_len;
    lib[0] = (uint8_t)(out_len >> 8);
    lib[1] = (uint8_t)out_len;
    lib[2] = 0;
    /* b_0 = H(Z_pad || msg || l_i_b_str || 0 || DST_prime), Z_pad absorbed in advance */
    memcpy(ctx.h, ZPAD_MIDSTATE, sizeof ctx.h);
    ctx.len = 64;
    seal__sha256_update(&ctx, msg, msg_len);
    seal__sha256_update(&ctx, lib, 3);
    seal__sha256_update(&ctx, dst, dst_len);
    seal__sha256_update(&ctx, &dlen, 1);
    seal__sha256_final(b0, &ctx);
    memset(bi, 0, sizeof bi);
    for (size_t i = 1; i <= ell; i++) {
        for (size_t j = 0; j < 32; j++) {
            tmp[j] = (uint8_t)(b0[j] ^ bi[j]);
        }
        ctr = (uint8_t)i;
        seal__sha256_init(&ctx);
        seal__sha256_update(&ctx, tmp, 32);
        seal__sha256_update(&ctx, &ctr, 1);
        seal__sha256_update(&ctx, dst, dst_len);
        seal__sha256_update(&ctx, &dlen, 1);
        seal__sha256_final(bi, &ctx);
        size_t n = out_len - (i - 1) * 32;
        memcpy(out + (i - 1) * 32, bi, n < 32 ? n : 32);
    }
out:
    seal_memzero(b0, sizeof b0);
    seal_memzero(bi, sizeof bi);
    seal_memzero(tmp, sizeof tmp);
    seal_memzero(&ctx, sizeof ctx);
    return err;
}

/* ---- hash_to_field ---- */

void seal__hash_to_field_fp(fp out[2], const uint8_t *msg, size_t msg_len, const uint8_t *dst,
                            size_t dst_len) {
    uint8_t buf[128];
    if (seal_expand_message_xmd(buf, sizeof buf, msg, msg_len, dst, dst_len) != SEAL_OK) {
        memset(buf, 0, sizeof buf); /* unreachable: the length is valid */
    }
    seal__fp_from_bytes_wide64(&out[0], buf);
    seal__fp_from_bytes_wide64(&out[1], buf + 64);
    seal_memzero(buf, sizeof buf);
}

void seal__hash_to_field_fp2(fp2 out[2], const uint8_t *msg, size_t msg_len, const uint8_t *dst,
                             size_t dst_len) {
    uint8_t buf[256];
    if (seal_expand_message_xmd(buf, sizeof buf, msg, msg_len, dst, dst_len) != SEAL_OK) {
        memset(buf, 0, sizeof buf);
    }
    seal__fp_from_bytes_wide64(&out[0].c0, buf);
    seal__fp_from_bytes_wide64(&out[0].c1, buf + 64);
    seal__fp_from_bytes_wide64(&out[1].c0, buf + 128);
    seal__fp_from_bytes_wide64(&out[1].c1, buf + 192);
    seal_memzero(buf, sizeof buf);
}

/* ---- exponentiation by public exponents (sliding window of width 5) ---- */

#define PW 5

static int exp_bit(const uint8_t *e, size_t len, size_t i) {
    return (e[len - 1 - i / 8] >> (i % 8)) & 1;
}

static void fp2_pow_public(fp2 *out, const fp2 *a, const uint8_t *e, size_t len) {
    fp2 tbl[1 << (PW - 1)], a2, acc = seal__fp2_one;
    tbl[0] = *a;
    seal__fp2_sqr(&a2, a);
    for (int i = 1; i < (1 << (PW - 1)); i++) {
        seal__fp2_mul(&tbl[i], &tbl[i - 1], &a2);
    }
    long i = (long)(len * 8) - 1;
    while (i >= 0 && !exp_bit(e, len, (size_t)i)) {
        i--;
    }
    while (i >= 0) {
        if (!exp_bit(e, len, (size_t)i)) {
            seal__fp2_sqr(&acc, &acc);
            i--;
            continue;
        }
        long j = i - PW + 1 < 0 ? 0 : i - PW + 1;
        while (!exp_bit(e, len, (size_t)j)) {
            j++;
        }
        unsigned v = 0;
        for (long b = i; b >= j; b--) {
            seal__fp2_sqr(&acc, &acc);
            v = (v << 1) | (unsigned)exp_bit(e, len, (size_t)b);
        }
        seal__fp2_mul(&acc, &acc, &tbl[v >> 1]);
        i = j - 1;
    }
    *out = acc;
    seal_memzero(tbl, sizeof tbl);
    seal_memzero(&a2, sizeof a2);
}

/* ---- G1: SSWU on E1' and the 11-isogeny ---- */

/* RFC 9380 F.2.1.2 sqrt_ratio_3mod4: returns 1 when u/v is square, y = sqrt(u/v); otherwise
 * y = sqrt(Z u/v). */
static uint64_t sqrt_ratio_g1(fp *y, const fp *u, const fp *v) {
    fp tv1, tv2, tv3, y1, y2;
    seal__fp_sqr(&tv1, v);
    seal__fp_mul(&tv2, u, v);
    seal__fp_mul(&tv1, &tv1, &tv2);
    seal__fp_pow_sqrt_ratio(&y1, &tv1);
    seal__fp_mul(&y1, &y1, &tv2);
    seal__fp_mul(&y2, &y1, &seal__sswu_g1_sqrt_minus_z);
    seal__fp_sqr(&tv3, &y1);
    seal__fp_mul(&tv3, &tv3, v);
    uint64_t is_qr = seal__fp_equal(&tv3, u) ? 1 : 0;
    *y = y2;
    seal__fp_cmov(y, &y1, is_qr);
    return is_qr;
}

/* Simplified SWU (RFC 9380 F.2): the point (xn / xd, y) of E1'. */
static void sswu_g1(fp *xn, fp *xd, fp *y, const fp *u) {
    fp tv1, tv2, tv3, tv4, tv5, tv6, x, y1, ny;
    seal__fp_sqr(&tv1, u);
    seal__fp_mul(&tv1, &tv1, &seal__sswu_g1_z);
    seal__fp_sqr(&tv2, &tv1);
    seal__fp_add(&tv2, &tv2, &tv1);
    seal__fp_add(&tv3, &tv2, &seal__fp_one);
    seal__fp_mul(&tv3, &tv3, &seal__sswu_g1_b);
    seal__fp_neg(&tv4, &tv2);
    seal__fp_cmov(&tv4, &seal__sswu_g1_z, seal__fp_is_zero(&tv2) ? 1 : 0);
    seal__fp_mul(&tv4, &tv4, &seal__sswu_g1_a);
    seal__fp_sqr(&tv2, &tv3);
    seal__fp_sqr(&tv6, &tv4);
    seal__fp_mul(&tv5, &tv6, &seal__sswu_g1_a);
    seal__fp_add(&tv2, &tv2, &tv5);
    seal__fp_mul(&tv2, &tv2, &tv3);
    seal__fp_mul(&tv6, &tv6, &tv4);
    seal__fp_mul(&tv5, &tv6, &seal__sswu_g1_b);
    seal__fp_add(&tv2, &tv2, &tv5);
    seal__fp_mul(&x, &tv1, &tv3);
    uint64_t is_gx1_square = sqrt_ratio_g1(&y1, &tv2, &tv6);
    fp yy;
    seal__fp_mul(&yy, &tv1, u);
    seal__fp_mul(&yy, &yy, &y1);
    seal__fp_cmov(&x, &tv3, is_gx1_square);
    seal__fp_cmov(&yy, &y1, is_gx1_square);
    uint64_t e1 = seal__ct_eq(seal__fp_sgn0(u), seal__fp_sgn0(&yy));
    seal__fp_neg(&ny, &yy);
    seal__fp_cmov(&ny, &yy, e1);
    *xn = x;
    *xd = tv4;
    *y = ny;
}

/* Homogeneous Horner: sum_{i<=d} c_i xn^i xd^(d-i), with c_d = 1 when monic (c has d entries
 * then) and xdp[j] = xd^j. */
static void horner_fp(fp *out, const fp *c, size_t d, bool monic, const fp *xn, const fp *xdp) {
    fp acc, t;
    size_t i;
    if (monic) {
        acc = *xn;
        seal__fp_mul(&t, &c[d - 1], &xdp[1]);
        seal__fp_add(&acc, &acc, &t);
        i = d - 1;
    } else {
        acc = c[d];
        i = d;
    }
    while (i-- > 0) {
        seal__fp_mul(&acc, &acc, xn);
        seal__fp_mul(&t, &c[i], &xdp[d - i]);
        seal__fp_add(&acc, &acc, &t);
    }
    *out = acc;
}

/* The 11-isogeny E1' -> E1 on a projective point (X : Y : Z) of E1': with x' = X / Z, the
 * homogenised polynomials Nx = Z^11 x_num(x'), Dx = Z^10 x_den(x'), Ny = Z^15 y_num(x'),
 * Dy = Z^15 y_den(x') give x = Nx / (Z Dx) and y = Y Ny / (Z Dy), so
 * (Nx Dy : Y Ny Dx : Z Dx Dy). Kernel points and the identity map to the identity. */
static void iso_g1(seal_g1 *out, const fp *x, const fp *y, const fp *z) {
    fp zp[16], nx, dx, ny, dy;
    zp[0] = seal__fp_one;
    zp[1] = *z;
    for (int i = 2; i < 16; i++) {
        seal__fp_mul(&zp[i], &zp[i - 1], z);
    }
    horner_fp(&nx, seal__iso_g1_x_num, 11, false, x, zp);
    horner_fp(&dx, seal__iso_g1_x_den, 10, true, x, zp);
    horner_fp(&ny, seal__iso_g1_y_num, 15, false, x, zp);
    horner_fp(&dy, seal__iso_g1_y_den, 15, true, x, zp);
    seal_g1 p, id;
    seal__fp_mul(&p.x, &nx, &dy);
    seal__fp_mul(&p.y, y, &ny);
    seal__fp_mul(&p.y, &p.y, &dx);
    seal__fp_mul(&p.z, z, &dx);
    seal__fp_mul(&p.z, &p.z, &dy);
    seal_g1_identity(&id);
    uint64_t k = seal__fp_is_zero(&p.z) ? 1 : 0;
    seal__fp_cmov(&p.x, &id.x, k);
    seal__fp_cmov(&p.y, &id.y, k);
    *out = p;
}

/* SSWU as a projective point (xn : y xd : xd) of E1'. */
static void sswu_g1_projective(fp *x, fp *y, fp *z, const fp *u) {
    fp yy;
    sswu_g1(x, z, &yy, u);
    seal__fp_mul(y, &yy, z);
}

/* Complete addition on E1': y^2 = x^3 + A' x + B' (Renes-Costello-Batina Algorithm 1, general
 * a), so that the two SSWU outputs are added before a single isogeny evaluation. */
static void add_e1prime(fp out[3], const fp p[3], const fp q[3]) {
    const fp *a = &seal__sswu_g1_a;
    fp b3, t0, t1, t2, t3, t4, t5, x3, y3, z3;
    seal__fp_add(&b3, &seal__sswu_g1_b, &seal__sswu_g1_b);
    seal__fp_add(&b3, &b3, &seal__sswu_g1_b);
    seal__fp_mul(&t0, &p[0], &q[0]);
    seal__fp_mul(&t1, &p[1], &q[1]);
    seal__fp_mul(&t2, &p[2], &q[2]);
    seal__fp_add(&t3, &p[0], &p[1]);
    seal__fp_add(&t4, &q[0], &q[1]);
    seal__fp_mul(&t3, &t3, &t4);
    seal__fp_add(&t4, &t0, &t1);
    seal__fp_sub(&t3, &t3, &t4);
    seal__fp_add(&t4, &p[0], &p[2]);
    seal__fp_add(&t5, &q[0], &q[2]);
    seal__fp_mul(&t4, &t4, &t5);
    seal__fp_add(&t5, &t0, &t2);
    seal__fp_sub(&t4, &t4, &t5);
    seal__fp_add(&t5, &p[1], &p[2]);
    seal__fp_add(&x3, &q[1], &q[2]);
    seal__fp_mul(&t5, &t5, &x3);
    seal__fp_add(&x3, &t1, &t2);
    seal__fp_sub(&t5, &t5, &x3);
    seal__fp_mul(&z3, a, &t4);
    seal__fp_mul(&x3, &b3, &t2);
    seal__fp_add(&z3, &x3, &z3);
    seal__fp_sub(&x3, &t1, &z3);
    seal__fp_add(&z3, &t1, &z3);
    seal__fp_mul(&y3, &x3, &z3);
    seal__fp_add(&t1, &t0, &t0);
    seal__fp_add(&t1, &t1, &t0);
    seal__fp_mul(&t2, a, &t2);
    seal__fp_mul(&t4, &b3, &t4);
    seal__fp_add(&t1, &t1, &t2);
    seal__fp_sub(&t2, &t0, &t2);
    seal__fp_mul(&t2, a, &t2);
    seal__fp_add(&t4, &t4, &t2);
    seal__fp_mul(&t0, &t1, &t4);
    seal__fp_add(&y3, &y3, &t0);
    seal__fp_mul(&t0, &t5, &t4);
    seal__fp_mul(&x3, &t3, &x3);
    seal__fp_sub(&x3, &x3, &t0);
    seal__fp_mul(&t0, &t3, &t1);
    seal__fp_mul(&z3, &t5, &z3);
    seal__fp_add(&z3, &z3, &t0);
    out[0] = x3;
    out[1] = y3;
    out[2] = z3;
}

void seal__g1_map_to_curve(seal_g1 *out, const fp *u) {
    fp x, y, z;
    sswu_g1_projective(&x, &y, &z, u);
    iso_g1(out, &x, &y, &z);
}

void seal__g1_clear_cofactor(seal_g1 *out, const seal_g1 *p) {
    seal_g1 t;
    seal__g1_mul_by_x_abs(&t, p);
    seal_g1_add(out, &t, p); /* [1 - x] P = [|x| + 1] P */
}

void seal_g1_hash_to_curve(seal_g1 *out, const uint8_t *msg, size_t msg_len, const uint8_t *dst,
                           size_t dst_len) {
    /* iso(Q0') + iso(Q1') = iso(Q0' + Q1'): one isogeny evaluation */
    fp u[2], q0[3], q1[3];
    seal_g1 q;
    seal__hash_to_field_fp(u, msg, msg_len, dst, dst_len);
    sswu_g1_projective(&q0[0], &q0[1], &q0[2], &u[0]);
    sswu_g1_projective(&q1[0], &q1[1], &q1[2], &u[1]);
    add_e1prime(q0, q0, q1);
    iso_g1(&q, &q0[0], &q0[1], &q0[2]);
    seal__g1_clear_cofactor(out, &q);
    seal_memzero(u, sizeof u);
    seal_memzero(q0, sizeof q0);
    seal_memzero(q1, sizeof q1);
    seal_memzero(&q, sizeof q);
}

/* ---- G2: SSWU on E2' and the 3-isogeny ---- */

static uint64_t fp2_is_one(const fp2 *a) {
    return seal__fp2_equal(a, &seal__fp2_one) ? 1 : 0;
}

/* RFC 9380 F.2.1.1 sqrt_ratio for Fp2 (q = p^2, c1 = 3, c4 = 7, c5 = 4): the reference
 * version, kept for the tests (seal__fp2_sqrt_ratio_rfc). */
uint64_t seal__fp2_sqrt_ratio_rfc(fp2 *out, const fp2 *u, const fp2 *v) {
    fp2 tv1, tv2, tv3, tv4, tv5, t;
    tv1 = seal__sswu_g2_c6;
    seal__fp2_sqr(&tv2, v); /* v^7 */
    seal__fp2_mul(&tv2, &tv2, v);
    seal__fp2_sqr(&tv2, &tv2);
    seal__fp2_mul(&tv2, &tv2, v);
    seal__fp2_sqr(&tv3, &tv2);
    seal__fp2_mul(&tv3, &tv3, v);
    seal__fp2_mul(&tv5, u, &tv3);
    fp2_pow_public(&tv5, &tv5, seal__fp2_sqrt_ratio_c3, sizeof seal__fp2_sqrt_ratio_c3);
    seal__fp2_mul(&tv5, &tv5, &tv2);
    seal__fp2_mul(&tv2, &tv5, v);
    seal__fp2_mul(&tv3, &tv5, u);
    seal__fp2_mul(&tv4, &tv3, &tv2);
    seal__fp2_sqr(&tv5, &tv4);
    seal__fp2_sqr(&tv5, &tv5);
    uint64_t is_qr = fp2_is_one(&tv5);
    seal__fp2_mul(&tv2, &tv3, &seal__sswu_g2_c7);
    seal__fp2_mul(&tv5, &tv4, &tv1);
    t = tv2;
    seal__fp2_cmov(&t, &tv3, is_qr);
    tv3 = t;
    t = tv5;
    seal__fp2_cmov(&t, &tv4, is_qr);
    tv4 = t;
    for (int k = 3; k >= 2; k--) {
        tv5 = tv4;
        for (int j = 0; j < k - 2; j++) {
            seal__fp2_sqr(&tv5, &tv5);
        }
        uint64_t e1 = fp2_is_one(&tv5);
        seal__fp2_mul(&tv2, &tv3, &tv1);
        seal__fp2_sqr(&tv1, &tv1);
        seal__fp2_mul(&tv5, &tv4, &tv1);
        t = tv2;
        seal__fp2_cmov(&t, &tv3, e1);
        tv3 = t;
        t = tv5;
        seal__fp2_cmov(&t, &tv4, e1);
        tv4 = t;
    }
    *out = tv3;
    return is_qr;
}

/* sqrt_ratio for Fp2 through Fp (same contract as the RFC routine: returns 1 and a square root
 * of u/v when u/v is a square, else 0 and a square root of Z u/v), with two Fp exponentiations
 * and no inversion instead of one Fp2 exponentiation by a 757-bit exponent.
 *   u/v = m/d with m = u conj(v) and d = N(v) in Fp (d != 0). w = u/v is a square iff its norm
 *   N(m)/d^2 is, i.e. iff N(m) is; s = N(m)^((p+1)/4) satisfies s^2 = N(m) or s^2 = -N(m), and
 *   s/d is then a root of +-N(w). For a non-square, m' = Z m has norm 5 N(m), a square with root
 *   sqrt(-5) s. With a = (m0' + s')/2 (or a = m0' when that is 0, i.e. m1' = 0), t = a/d and
 *   c = (a d^3)^((p-3)/4), e = c^2 a d^3 = +-1 and k = c d^2 satisfies k^2 t = e, so
 *   y = k (t, w1'/2) = c d (a, m1'/2) when t is a square (e = 1), and i times that otherwise.
 * Every step is a field operation or a conditional move. */
/* a^((p-3)/4) for n <= 2 values: both on the 4-lane kernel at once when the backend has it
 * (the two SSWU maps of a hash to G2 run side by side). */
static void pow_sqrt_ratio_n(fp *out, const fp *a, size_t n) {
    const seal__mb_tower *tower = seal__bls_tower();
    if (tower != NULL && n == 2) {
        tower->fp_pow_sqrt_ratio_x2(out, a);
        return;
    }
    for (size_t k = 0; k < n; k++) {
        seal__fp_pow_sqrt_ratio(&out[k], &a[k]);
    }
}

/* seal__fp2_sqrt_ratio on n <= 2 independent inputs, its two exponentiations shared. */
static void fp2_sqrt_ratio_n(uint64_t *is_qr, fp2 *out, const fp2 *u, const fp2 *v, size_t n) {
    fp2 m[2], zm, y, y2;
    fp d[2], nn[2], s[2], a[2], c[2], t[2], e, tmp, minus_one;
    for (size_t k = 0; k < n; k++) {
        seal__fp2_conj(&y, &v[k]);
        seal__fp2_mul(&m[k], &u[k], &y);
        seal__fp_sqr(&d[k], &v[k].c0);
        seal__fp_sqr(&tmp, &v[k].c1);
        seal__fp_add(&d[k], &d[k], &tmp);
        seal__fp_sqr(&nn[k], &m[k].c0);
        seal__fp_sqr(&tmp, &m[k].c1);
        seal__fp_add(&nn[k], &nn[k], &tmp);
    }
    pow_sqrt_ratio_n(s, nn, n);
    for (size_t k = 0; k < n; k++) {
        seal__fp_mul(&s[k], &s[k], &nn[k]);
        seal__fp_sqr(&tmp, &s[k]);
        is_qr[k] = seal__fp_equal(&tmp, &nn[k]) ? 1 : 0;
        seal__fp2_mul(&zm, &m[k], &seal__sswu_g2_z);
        seal__fp2_cmov(&m[k], &zm, is_qr[k] ^ 1);
        seal__fp_mul(&tmp, &s[k], &seal__sswu_g2_sqrt_minus_norm_z);
        seal__fp_cmov(&s[k], &tmp, is_qr[k] ^ 1);
        seal__fp_add(&a[k], &m[k].c0, &s[k]);
        seal__fp_mul(&a[k], &a[k], &seal__fp_half);
        seal__fp_cmov(&a[k], &m[k].c0, seal__fp_is_zero(&a[k]) ? 1 : 0);
        seal__fp_sqr(&t[k], &d[k]);
        seal__fp_mul(&t[k], &t[k], &d[k]);
        seal__fp_mul(&t[k], &t[k], &a[k]); /* a d^3 */
    }
    pow_sqrt_ratio_n(c, t, n);
    seal__fp_neg(&minus_one, &seal__fp_one);
    for (size_t k = 0; k < n; k++) {
        seal__fp_sqr(&e, &c[k]);
        seal__fp_mul(&e, &e, &t[k]);
        seal__fp_mul(&c[k], &c[k], &d[k]);
        seal__fp_mul(&y.c0, &c[k], &a[k]);
        seal__fp_mul(&tmp, &m[k].c1, &seal__fp_half);
        seal__fp_mul(&y.c1, &tmp, &c[k]);
        seal__fp_neg(&y2.c0, &y.c1);
        y2.c1 = y.c0;
        seal__fp2_cmov(&y, &y2, seal__fp_equal(&e, &minus_one) ? 1 : 0);
        out[k] = y;
    }
    seal_memzero(m, sizeof m);
    seal_memzero(&zm, sizeof zm);
    seal_memzero(&y, sizeof y);
    seal_memzero(&y2, sizeof y2);
    seal_memzero(nn, sizeof nn);
    seal_memzero(s, sizeof s);
    seal_memzero(a, sizeof a);
    seal_memzero(c, sizeof c);
    seal_memzero(t, sizeof t);
    seal_memzero(&e, sizeof e);
    seal_memzero(&tmp, sizeof tmp);
}

uint64_t seal__fp2_sqrt_ratio(fp2 *out, const fp2 *u, const fp2 *v) {
    uint64_t is_qr;
    fp2_sqrt_ratio_n(&is_qr, out, u, v, 1);
    return is_qr;
}

/* Simplified SWU on E2' for n <= 2 independent inputs (the two of a hash to G2 together): the
 * points (xn[k] / xd[k], y[k]). */
static void sswu_g2_n(fp2 *xn, fp2 *xd, fp2 *y, const fp2 *u, size_t n) {
    fp2 tv1[2], tv2[2], tv3[2], tv4[2], tv5, tv6[2], x[2], y1[2], yy, ny;
    uint64_t is_gx1_square[2];
    for (size_t k = 0; k < n; k++) {
        seal__fp2_sqr(&tv1[k], &u[k]);
        seal__fp2_mul(&tv1[k], &tv1[k], &seal__sswu_g2_z);
        seal__fp2_sqr(&tv2[k], &tv1[k]);
        seal__fp2_add(&tv2[k], &tv2[k], &tv1[k]);
        seal__fp2_add(&tv3[k], &tv2[k], &seal__fp2_one);
        seal__fp2_mul(&tv3[k], &tv3[k], &seal__sswu_g2_b);
        seal__fp2_neg(&tv4[k], &tv2[k]);
        seal__fp2_cmov(&tv4[k], &seal__sswu_g2_z, seal__fp2_is_zero(&tv2[k]) ? 1 : 0);
        seal__fp2_mul(&tv4[k], &tv4[k], &seal__sswu_g2_a);
        seal__fp2_sqr(&tv2[k], &tv3[k]);
        seal__fp2_sqr(&tv6[k], &tv4[k]);
        seal__fp2_mul(&tv5, &tv6[k], &seal__sswu_g2_a);
        seal__fp2_add(&tv2[k], &tv2[k], &tv5);
        seal__fp2_mul(&tv2[k], &tv2[k], &tv3[k]);
        seal__fp2_mul(&tv6[k], &tv6[k], &tv4[k]);
        seal__fp2_mul(&tv5, &tv6[k], &seal__sswu_g2_b);
        seal__fp2_add(&tv2[k], &tv2[k], &tv5);
        seal__fp2_mul(&x[k], &tv1[k], &tv3[k]);
    }
    fp2_sqrt_ratio_n(is_gx1_square, y1, tv2, tv6, n);
    for (size_t k = 0; k < n; k++) {
        seal__fp2_mul(&yy, &tv1[k], &u[k]);
        seal__fp2_mul(&yy, &yy, &y1[k]);
        seal__fp2_cmov(&x[k], &tv3[k], is_gx1_square[k]);
        seal__fp2_cmov(&yy, &y1[k], is_gx1_square[k]);
        uint64_t e1 = seal__ct_eq(seal__fp2_sgn0(&u[k]), seal__fp2_sgn0(&yy));
        seal__fp2_neg(&ny, &yy);
        seal__fp2_cmov(&ny, &yy, e1);
        xn[k] = x[k];
        xd[k] = tv4[k];
        y[k] = ny;
    }
}

static void horner_fp2(fp2 *out, const fp2 *c, size_t d, bool monic, const fp2 *xn,
                       const fp2 *xdp) {
    fp2 acc, t;
    size_t i;
    if (monic) {
        acc = *xn;
        seal__fp2_mul(&t, &c[d - 1], &xdp[1]);
        seal__fp2_add(&acc, &acc, &t);
        i = d - 1;
    } else {
        acc = c[d];
        i = d;
    }
    while (i-- > 0) {
        seal__fp2_mul(&acc, &acc, xn);
        seal__fp2_mul(&t, &c[i], &xdp[d - i]);
        seal__fp2_add(&acc, &acc, &t);
    }
    *out = acc;
}

/* The 3-isogeny E2' -> E2 of a projective (X : Y : Z) of E2' (x = X / Z, y = Y / Z): with the
 * numerators and denominators evaluated homogeneously in (X, Z) (nx, ny of degree 3, dx of
 * degree 2, dy of degree 3), the image is (nx dy : Y ny dx : dx Z dy); a zero Z (the identity,
 * or a kernel point) gives the identity. */
static void iso_g2(seal_g2 *out, const fp2 *x, const fp2 *y, const fp2 *z) {
    fp2 zp[4], nx, dx, ny, dy;
    seal_g2 p, id;
    zp[0] = seal__fp2_one;
    zp[1] = *z;
    for (int i = 2; i < 4; i++) {
        seal__fp2_mul(&zp[i], &zp[i - 1], z);
    }
    horner_fp2(&nx, seal__iso_g2_x_num, 3, false, x, zp);
    horner_fp2(&dx, seal__iso_g2_x_den, 2, true, x, zp);
    horner_fp2(&ny, seal__iso_g2_y_num, 3, false, x, zp);
    horner_fp2(&dy, seal__iso_g2_y_den, 3, true, x, zp);
    seal__fp2_mul(&p.x, &nx, &dy);
    seal__fp2_mul(&p.y, y, &ny);
    seal__fp2_mul(&p.y, &p.y, &dx);
    seal__fp2_mul(&dx, &dx, z);
    seal__fp2_mul(&p.z, &dx, &dy);
    seal_g2_identity(&id);
    uint64_t k = seal__fp2_is_zero(&p.z) ? 1 : 0;
    seal__fp2_cmov(&p.x, &id.x, k);
    seal__fp2_cmov(&p.y, &id.y, k);
    *out = p;
}

/* SSWU as projective points (xn : y xd : xd) of E2', for n <= 2 inputs. */
static void sswu_g2_projective_n(fp2 (*out)[3], const fp2 *u, size_t n) {
    fp2 xn[2], xd[2], yy[2];
    sswu_g2_n(xn, xd, yy, u, n);
    for (size_t k = 0; k < n; k++) {
        out[k][0] = xn[k];
        out[k][2] = xd[k];
        seal__fp2_mul(&out[k][1], &yy[k], &xd[k]);
    }
}

/* Complete addition on E2': y^2 = x^3 + A' x + B' (Renes-Costello-Batina Algorithm 1, general
 * a), so that the two SSWU outputs are added before a single isogeny evaluation. */
static void add_e2prime(fp2 out[3], const fp2 p[3], const fp2 q[3]) {
    const fp2 *a = &seal__sswu_g2_a;
    fp2 b3, t0, t1, t2, t3, t4, t5, x3, y3, z3;
    seal__fp2_add(&b3, &seal__sswu_g2_b, &seal__sswu_g2_b);
    seal__fp2_add(&b3, &b3, &seal__sswu_g2_b);
    seal__fp2_mul(&t0, &p[0], &q[0]);
    seal__fp2_mul(&t1, &p[1], &q[1]);
    seal__fp2_mul(&t2, &p[2], &q[2]);
    seal__fp2_add(&t3, &p[0], &p[1]);
    seal__fp2_add(&t4, &q[0], &q[1]);
    seal__fp2_mul(&t3, &t3, &t4);
    seal__fp2_add(&t4, &t0, &t1);
    seal__fp2_sub(&t3, &t3, &t4);
    seal__fp2_add(&t4, &p[0], &p[2]);
    seal__fp2_add(&t5, &q[0], &q[2]);
    seal__fp2_mul(&t4, &t4, &t5);
    seal__fp2_add(&t5, &t0, &t2);
    seal__fp2_sub(&t4, &t4, &t5);
    seal__fp2_add(&t5, &p[1], &p[2]);
    seal__fp2_add(&x3, &q[1], &q[2]);
    seal__fp2_mul(&t5, &t5, &x3);
    seal__fp2_add(&x3, &t1, &t2);
    seal__fp2_sub(&t5, &t5, &x3);
    seal__fp2_mul(&z3, a, &t4);
    seal__fp2_mul(&x3, &b3, &t2);
    seal__fp2_add(&z3, &x3, &z3);
    seal__fp2_sub(&x3, &t1, &z3);
    seal__fp2_add(&z3, &t1, &z3);
    seal__fp2_mul(&y3, &x3, &z3);
    seal__fp2_add(&t1, &t0, &t0);
    seal__fp2_add(&t1, &t1, &t0);
    seal__fp2_mul(&t2, a, &t2);
    seal__fp2_mul(&t4, &b3, &t4);
    seal__fp2_add(&t1, &t1, &t2);
    seal__fp2_sub(&t2, &t0, &t2);
    seal__fp2_mul(&t2, a, &t2);
    seal__fp2_add(&t4, &t4, &t2);
    seal__fp2_mul(&t0, &t1, &t4);
    seal__fp2_add(&y3, &y3, &t0);
    seal__fp2_mul(&t0, &t5, &t4);
    seal__fp2_mul(&x3, &t3, &x3);
    seal__fp2_sub(&x3, &x3, &t0);
    seal__fp2_mul(&t0, &t3, &t1);
    seal__fp2_mul(&z3, &t5, &z3);
    seal__fp2_add(&z3, &z3, &t0);
    out[0] = x3;
    out[1] = y3;
    out[2] = z3;
}

void seal__g2_map_to_curve(seal_g2 *out, const fp2 *u) {
    fp2 q[1][3];
    sswu_g2_projective_n(q, u, 1);
    iso_g2(out, &q[0][0], &q[0][1], &q[0][2]);
}

/* RFC 9380 G.3 clear_cofactor_bls12381_g2 (x < 0, so [x] P = -[|x|] P). */
void seal__g2_clear_cofactor(seal_g2 *out, const seal_g2 *p) {
    seal_g2 t1, t2, t3;
    seal__g2_mul_by_x_abs(&t1, p);
    seal_g2_neg(&t1, &t1); /* t1 = [x] P */
    seal__g2_psi(&t2, p);
    seal_g2_double(&t3, p);
    seal__g2_psi2(&t3, &t3);
    seal_g2_sub(&t3, &t3, &t2);
    seal_g2_add(&t2, &t1, &t2);
    seal__g2_mul_by_x_abs(&t2, &t2);
    seal_g2_neg(&t2, &t2);
    seal_g2_add(&t3, &t3, &t2);
    seal_g2_sub(&t3, &t3, &t1);
    seal_g2_sub(out, &t3, p);
}

void seal_g2_hash_to_curve(seal_g2 *out, const uint8_t *msg, size_t msg_len, const uint8_t *dst,
                           size_t dst_len) {
    /* iso(Q0') + iso(Q1') = iso(Q0' + Q1'): one isogeny evaluation */
    fp2 u[2], qq[2][3];
    seal_g2 q;
    seal__hash_to_field_fp2(u, msg, msg_len, dst, dst_len);
    sswu_g2_projective_n(qq, u, 2); /* both maps side by side */
    add_e2prime(qq[0], qq[0], qq[1]);
    iso_g2(&q, &qq[0][0], &qq[0][1], &qq[0][2]);
    seal__g2_clear_cofactor(out, &q);
    seal_memzero(u, sizeof u);
    seal_memzero(qq, sizeof qq);
    seal_memzero(&q, sizeof q);
}
