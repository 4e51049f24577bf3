/* ZCash / IETF point encodings of G1 (48 / 96 bytes) and G2 (96 / 192 bytes).
 *
 * Byte 0 carries three flags: 0x80 compressed (must match the length), 0x40 infinity (then
 * every other bit must be zero and the sort flag clear), 0x20 sort (compressed, non-infinity
 * only: set when y is the larger of {y, -y}). Coordinates are big-endian, each Fp2 element is
 * written c1 then c0, and must be < p (never reduced). Decoders check the curve equation and the
 * subgroup, and leave the identity in their output on any failure.
 *
 * Errors: SEAL_ERR_INVALID_ENCODING (flags, length/flag mismatch, non-canonical infinity),
 * SEAL_ERR_NOT_CANONICAL (a coordinate >= p), SEAL_ERR_NOT_ON_CURVE, SEAL_ERR_NOT_IN_SUBGROUP.
 */
#include <string.h>

#include "bls/curve.h"
#include "seal/bls12_381.h"
#include "util/ct.h"

#define FLAG_C 0x80
#define FLAG_I 0x40
#define FLAG_S 0x20

static bool all_zero(const uint8_t *in, size_t len) {
    uint8_t acc = 0;
    for (size_t i = 0; i < len; i++) {
        acc |= in[i];
    }
    return acc == 0;
}

/* Reads a 48-byte field element, the flag bits of in[0] cleared when clear_flags. */
static bool read_fp(fp *out, const uint8_t in[48], bool clear_flags) {
    uint8_t b[48];
    memcpy(b, in, 48);
    if (clear_flags) {
        b[0] &= 0x1f;
    }
    return seal__fp_from_bytes(out, b);
}

static bool read_fp2(fp2 *out, const uint8_t in[96], bool clear_flags) {
    bool ok1 = read_fp(&out->c1, in, clear_flags);
    bool ok0 = read_fp(&out->c0, in + 48, false);
    return ok1 && ok0;
}

static void write_fp2(uint8_t out[96], const fp2 *a) {
    seal__fp_to_bytes(out, &a->c1);
    seal__fp_to_bytes(out + 48, &a->c0);
}

/* Flag checks common to every decoder: returns SEAL_OK and *inf when the flags are valid. */
static seal_err check_flags(const uint8_t *in, size_t len, bool compressed, bool *inf) {
    /* Computed without branches (a decoded point may be a secret key); the validity of the flags
     * and whether the point is the identity are the decoder's public outcomes. */
    uint64_t c = (in[0] & FLAG_C) != 0, i = (in[0] & FLAG_I) != 0, s = (in[0] & FLAG_S) != 0;
    uint64_t rest_zero = (uint64_t)((in[0] & 0x1f) == 0) & (uint64_t)all_zero(in + 1, len - 1);
    uint64_t comp = compressed ? 1 : 0;
    uint64_t bad = (c ^ comp) | ((comp ^ 1) & s) | (i & (s | (rest_zero ^ 1)));
    *inf = false;
    if (seal__ct_public(bad)) {
        return SEAL_ERR_INVALID_ENCODING;
    }
    *inf = seal__ct_public(i) != 0;
    return SEAL_OK;
}

/* ---- G1 ---- */

/* The encoders are constant time (points may be secret): the infinity form is selected with a
 * mask, not a branch. */
static void select_infinity(uint8_t *out, size_t len, uint8_t flags, uint64_t inf) {
    uint8_t id[192] = {0};
    id[0] = flags;
    seal__ct_cmov_bytes(out, id, len, inf);
}

static void g1_compress_affine(uint8_t out[48], const seal_g1_affine *a) {
    seal__fp_to_bytes(out, &a->x);
    uint64_t s = seal__fp_is_lexicographically_largest(&a->y) & 1;
    out[0] |= (uint8_t)(FLAG_C | (uint8_t)(s << 5));
    select_infinity(out, 48, FLAG_C | FLAG_I, a->infinity ? 1 : 0);
}

void seal_g1_compress(uint8_t out[static 48], const seal_g1 *p) {
    seal_g1_affine a;
    seal_g1_to_affine(&a, p);
    g1_compress_affine(out, &a);
    seal_memzero(&a, sizeof a);
}

void seal_g1_compress_batch(uint8_t (*out)[48], const seal_g1 *p, size_t n) {
    seal_g1_affine a[16];
    for (size_t base = 0; base < n; base += 16) {
        size_t m = n - base < 16 ? n - base : 16;
        seal_g1_to_affine_batch(a, p + base, m);
        for (size_t i = 0; i < m; i++) {
            g1_compress_affine(out[base + i], &a[i]);
        }
    }
    seal_memzero(a, sizeof a);
}

void seal_g1_serialize(uint8_t out[static 96], const seal_g1 *p) {
    seal_g1_affine a;
    seal_g1_to_affine(&a, p);
    seal__fp_to_bytes(out, &a.x);
    seal__fp_to_bytes(out + 48, &a.y);
    select_infinity(out, 96, FLAG_I, a.infinity ? 1 : 0);
    seal_memzero(&a, sizeof a);
}

seal_err seal_g1_decompress(seal_g1 *out, const uint8_t in[static 48]) {
    seal_err err;
    bool inf;
    fp x, y, rhs, four;
    seal_g1 p;
    seal_g1_identity(out);
    if ((err = check_flags(in, 48, true, &inf)) != SEAL_OK || inf) {
        goto out;
    }
    if (!seal__ct_public(read_fp(&x, in, true))) {
        err = SEAL_ERR_NOT_CANONICAL;
        goto out;
    }
    seal__fp_sqr(&rhs, &x);
    seal__fp_mul(&rhs, &rhs, &x);
    seal__fp_from_u64(&four, 4);
    seal__fp_add(&rhs, &rhs, &four);
    if (!seal__ct_public(seal__fp_sqrt(&y, &rhs))) {
        err = SEAL_ERR_NOT_ON_CURVE;
        goto out;
    }
    uint64_t want = (in[0] & FLAG_S) ? 1 : 0;
    fp ny;
    seal__fp_neg(&ny, &y);
    seal__fp_cmov(&y, &ny, seal__fp_is_lexicographically_largest(&y) ^ want);
    p.x = x;
    p.y = y;
    p.z = seal__fp_one;
    if (!seal__ct_public(seal_g1_in_subgroup(&p))) {
        err = SEAL_ERR_NOT_IN_SUBGROUP;
        goto out;
    }
    *out = p;
out:
    seal_memzero(&p, sizeof p);
    seal_memzero(&x, sizeof x);
    seal_memzero(&y, sizeof y);
    return err;
}

seal_err seal_g1_deserialize(seal_g1 *out, const uint8_t in[static 96]) {
    seal_err err;
    bool inf;
    fp x, y;
    seal_g1 p;
    seal_g1_identity(out);
    if ((err = check_flags(in, 96, false, &inf)) != SEAL_OK || inf) {
        goto out;
    }
    if (!read_fp(&x, in, true) || !read_fp(&y, in + 48, false)) {
        err = SEAL_ERR_NOT_CANONICAL;
        goto out;
    }
    if (!seal__g1_affine_on_curve(&x, &y)) {
        err = SEAL_ERR_NOT_ON_CURVE;
        goto out;
    }
    p.x = x;
    p.y = y;
    p.z = seal__fp_one;
    if (!seal_g1_in_subgroup(&p)) {
        err = SEAL_ERR_NOT_IN_SUBGROUP;
        goto out;
    }
    *out = p;
out:
    seal_memzero(&p, sizeof p);
    seal_memzero(&x, sizeof x);
    seal_memzero(&y, sizeof y);
    return err;
}

/* ---- G2 ---- */

void seal_g2_compress(uint8_t out[static 96], const seal_g2 *p) {
    seal_g2_affine a;
    seal_g2_to_affine(&a, p);
    write_fp2(out, &a.x);
    uint64_t s = seal__fp2_is_lexicographically_largest(&a.y) & 1;
    out[0] |= (uint8_t)(FLAG_C | (uint8_t)(s << 5));
    select_infinity(out, 96, FLAG_C | FLAG_I, a.infinity ? 1 : 0);
    seal_memzero(&a, sizeof a);
}

void seal_g2_serialize(uint8_t out[static 192], const seal_g2 *p) {
    seal_g2_affine a;
    seal_g2_to_affine(&a, p);
    write_fp2(out, &a.x);
    write_fp2(out + 96, &a.y);
    select_infinity(out, 192, FLAG_I, a.infinity ? 1 : 0);
    seal_memzero(&a, sizeof a);
}

seal_err seal__g2_decompress_on_curve(seal_g2 *out, const uint8_t in[static 96]) {
    seal_err err;
    bool inf;
    fp2 x, y, rhs, b, ny;
    seal_g2_identity(out);
    if ((err = check_flags(in, 96, true, &inf)) != SEAL_OK || inf) {
        goto out;
    }
    if (!read_fp2(&x, in, true)) {
        err = SEAL_ERR_NOT_CANONICAL;
        goto out;
    }
    seal__fp2_sqr(&rhs, &x);
    seal__fp2_mul(&rhs, &rhs, &x);
    seal__fp_from_u64(&b.c0, 4);
    b.c1 = b.c0;
    seal__fp2_add(&rhs, &rhs, &b);
    if (!seal__fp2_sqrt(&y, &rhs)) {
        err = SEAL_ERR_NOT_ON_CURVE;
        goto out;
    }
    uint64_t want = (in[0] & FLAG_S) ? 1 : 0;
    seal__fp2_neg(&ny, &y);
    seal__fp2_cmov(&y, &ny, seal__fp2_is_lexicographically_largest(&y) ^ want);
    out->x = x;
    out->y = y;
    out->z = seal__fp2_one;
out:
    seal_memzero(&x, sizeof x);
    seal_memzero(&y, sizeof y);
    return err;
}

seal_err seal_g2_decompress(seal_g2 *out, const uint8_t in[static 96]) {
    seal_err err;
    seal_g2 p;
    seal_g2_identity(out);
    if ((err = seal__g2_decompress_on_curve(&p, in)) != SEAL_OK) {
        goto out;
    }
    if (seal_g2_is_identity(&p)) {
        goto out;
    }
    if (!seal_g2_in_subgroup(&p)) {
        err = SEAL_ERR_NOT_IN_SUBGROUP;
        goto out;
    }
    *out = p;
out:
    seal_memzero(&p, sizeof p);
    return err;
}

seal_err seal_g2_deserialize(seal_g2 *out, const uint8_t in[static 192]) {
    seal_err err;
    bool inf;
    fp2 x, y;
    seal_g2 p;
    seal_g2_identity(out);
    if ((err = check_flags(in, 192, false, &inf)) != SEAL_OK || inf) {
        goto out;
    }
    if (!read_fp2(&x, in, true) || !read_fp2(&y, in + 96, false)) {
        err = SEAL_ERR_NOT_CANONICAL;
        goto out;
    }
    if (!seal__g2_affine_on_curve(&x, &y)) {
        err = SEAL_ERR_NOT_ON_CURVE;
        goto out;
    }
    p.x = x;
    p.y = y;
    p.z = seal__fp2_one;
    if (!seal_g2_in_subgroup(&p)) {
        err = SEAL_ERR_NOT_IN_SUBGROUP;
        goto out;
    }
    *out = p;
out:
    seal_memzero(&p, sizeof p);
    seal_memzero(&x, sizeof x);
    seal_memzero(&y, sizeof y);
    return err;
}
