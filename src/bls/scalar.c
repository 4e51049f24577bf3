/* Scalars modulo the group order r: canonical 4 x 64-bit little-endian limbs at the API;
 * multiplication and inversion go through Montgomery form (R = 2^256) internally. Every
 * function is constant time in the scalar values. */
#include <string.h>

#include "bls/curve.h"
#include "seal/bls12_381.h"
#include "util/ct.h"

__extension__ typedef unsigned __int128 u128;

/* out = a - b over 4 limbs; returns the borrow (0 or 1). */
static uint64_t sub4(uint64_t out[4], const uint64_t a[4], const uint64_t b[4]) {
    uint64_t borrow = 0;
    for (int i = 0; i < 4; i++) {
        u128 t = (u128)a[i] - b[i] - borrow;
        out[i] = (uint64_t)t;
        borrow = (uint64_t)(t >> 64) & 1;
    }
    return borrow;
}

static uint64_t add4(uint64_t out[4], const uint64_t a[4], const uint64_t b[4]) {
    uint64_t carry = 0;
    for (int i = 0; i < 4; i++) {
        u128 t = (u128)a[i] + b[i] + carry;
        out[i] = (uint64_t)t;
        carry = (uint64_t)(t >> 64);
    }
    return carry;
}

/* a in [0, 2r) with an extra carry word: subtract r when the value is >= r. */
static void reduce_once(uint64_t out[4], const uint64_t a[4], uint64_t carry) {
    uint64_t t[4];
    uint64_t borrow = sub4(t, a, seal__fr_r);
    /* keep t when carry == 1 or no borrow */
    uint64_t use_t = carry | (borrow ^ 1);
    uint64_t r[4];
    memcpy(r, a, sizeof r);
    seal__ct_cmov_u64(r, t, 4, use_t);
    memcpy(out, r, sizeof r);
}

/* Montgomery multiplication (CIOS): out = a b / 2^256 mod r, inputs < r. */
static void mont_mul(uint64_t out[4], const uint64_t a[4], const uint64_t b[4]) {
    uint64_t t[6] = {0};
    for (int i = 0; i < 4; i++) {
        uint64_t carry = 0;
        for (int j = 0; j < 4; j++) {
            u128 s = (u128)a[j] * b[i] + t[j] + carry;
            t[j] = (uint64_t)s;
            carry = (uint64_t)(s >> 64);
        }
        u128 s = (u128)t[4] + carry;
        t[4] = (uint64_t)s;
        t[5] = (uint64_t)(s >> 64);
        uint64_t m = t[0] * seal__fr_n0;
        s = (u128)m * seal__fr_r[0] + t[0];
        carry = (uint64_t)(s >> 64);
        for (int j = 1; j < 4; j++) {
            s = (u128)m * seal__fr_r[j] + t[j] + carry;
            t[j - 1] = (uint64_t)s;
            carry = (uint64_t)(s >> 64);
        }
        s = (u128)t[4] + carry;
        t[3] = (uint64_t)s;
        t[4] = t[5] + (uint64_t)(s >> 64);
    }
    reduce_once(out, t, t[4]);
    seal_memzero(t, sizeof t);
}

static void to_mont(uint64_t out[4], const uint64_t a[4]) {
    mont_mul(out, a, seal__fr_r2);
}

static void from_mont(uint64_t out[4], const uint64_t a[4]) {
    static const uint64_t one[4] = {1, 0, 0, 0};
    mont_mul(out, a, one);
}

static void load_be32(uint64_t out[4], const uint8_t in[32]) {
    for (int i = 0; i < 4; i++) {
        uint64_t w = 0;
        for (int j = 0; j < 8; j++) {
            w = (w << 8) | in[(3 - i) * 8 + j];
        }
        out[i] = w;
    }
}

seal_err seal_scalar_from_bytes(seal_scalar *out, const uint8_t in[static 32]) {
    uint64_t v[4], t[4];
    load_be32(v, in);
    uint64_t borrow = sub4(t, v, seal__fr_r);
    seal_err err = SEAL_OK;
    if (!seal__ct_public(borrow)) { /* the range check is returned: public */
        memset(out, 0, sizeof *out);
        err = SEAL_ERR_NOT_CANONICAL;
        goto out;
    }
    memcpy(out->l, v, sizeof v);
out:
    seal_memzero(v, sizeof v);
    seal_memzero(t, sizeof t);
    return err;
}

void seal_scalar_to_bytes(uint8_t out[static 32], const seal_scalar *s) {
    for (int i = 0; i < 4; i++) {
        for (int j = 0; j < 8; j++) {
            out[(3 - i) * 8 + j] = (uint8_t)(s->l[i] >> (56 - 8 * j));
        }
    }
}

void seal_scalar_from_bytes_wide(seal_scalar *out, const uint8_t *in, size_t len) {
    /* Horner over 32-byte chunks, most significant first: acc = acc * 2^256 + chunk. A chunk
     * is < 2^256 < 3r, so two conditional subtractions make it canonical. Multiplying a
     * canonical value by 2^256 is one Montgomery multiplication by R^2. */
    uint64_t acc[4] = {0}, c[4], t[4];
    uint8_t chunk[32];
    size_t first = len % 32;
    size_t pos = 0;
    if (first == 0 && len > 0) {
        first = 32;
    }
    while (pos < len) {
        size_t n = pos == 0 ? first : 32;
        memset(chunk, 0, sizeof chunk);
        memcpy(chunk + 32 - n, in + pos, n);
        pos += n;
        load_be32(c, chunk);
        for (int k = 0; k < 2; k++) {
            uint64_t borrow = sub4(t, c, seal__fr_r);
            seal__ct_cmov_u64(c, t, 4, borrow ^ 1);
        }
        mont_mul(acc, acc, seal__fr_r2);
        uint64_t carry = add4(acc, acc, c);
        reduce_once(acc, acc, carry);
    }
    memcpy(out->l, acc, sizeof acc);
    seal_memzero(acc, sizeof acc);
    seal_memzero(c, sizeof c);
    seal_memzero(t, sizeof t);
    seal_memzero(chunk, sizeof chunk);
}

seal_err seal_scalar_random(seal_scalar *out, const seal_rng *rng) {
    uint8_t buf[32];
    seal_err err = SEAL_ERR_RNG;
    memset(out, 0, sizeof *out);
    /* Each draw is accepted with probability about 0.9; 128 rejections in a row means the RNG
     * is broken. */
    for (int attempt = 0; attempt < 128; attempt++) {
        seal_err e = seal_rng_fill(rng, buf, sizeof buf);
        if (e != SEAL_OK) {
            err = e;
            goto out;
        }
        buf[0] &= 0x7f; /* r < 2^255 */
        seal_scalar s;
        if (seal_scalar_from_bytes(&s, buf) == SEAL_OK && !seal_scalar_is_zero(&s)) {
            *out = s;
            seal_memzero(&s, sizeof s);
            err = SEAL_OK;
            goto out;
        }
        seal_memzero(&s, sizeof s);
    }
out:
    seal_memzero(buf, sizeof buf);
    return err;
}

void seal_scalar_from_u64(seal_scalar *out, uint64_t v) {
    memset(out, 0, sizeof *out);
    out->l[0] = v;
}

void seal_scalar_add(seal_scalar *out, const seal_scalar *a, const seal_scalar *b) {
    uint64_t t[4];
    uint64_t carry = add4(t, a->l, b->l);
    reduce_once(out->l, t, carry);
}

void seal_scalar_sub(seal_scalar *out, const seal_scalar *a, const seal_scalar *b) {
    uint64_t t[4], u[4];
    uint64_t borrow = sub4(t, a->l, b->l);
    add4(u, t, seal__fr_r);
    seal__ct_cmov_u64(t, u, 4, borrow);
    memcpy(out->l, t, sizeof t);
}

void seal_scalar_neg(seal_scalar *out, const seal_scalar *a) {
    seal_scalar z = {{0, 0, 0, 0}};
    seal_scalar_sub(out, &z, a);
}

void seal_scalar_mul(seal_scalar *out, const seal_scalar *a, const seal_scalar *b) {
    uint64_t am[4], t[4];
    to_mont(am, a->l);
    mont_mul(t, am, b->l); /* (a R)(b)/R = a b */
    memcpy(out->l, t, sizeof t);
    seal_memzero(am, sizeof am);
    seal_memzero(t, sizeof t);
}

void seal_scalar_inv(seal_scalar *out, const seal_scalar *a) {
    /* Fermat: a^(r-2) with a sliding window of width 5 over the public exponent; the sequence of
     * operations depends only on the exponent, so the time is independent of a. */
    uint64_t tbl[16][4], a2[4], acc[4];
    to_mont(tbl[0], a->l);
    mont_mul(a2, tbl[0], tbl[0]);
    for (int i = 1; i < 16; i++) {
        mont_mul(tbl[i], tbl[i - 1], a2); /* a^(2i+1) */
    }
    memcpy(acc, seal__fr_one, sizeof acc);
#define EBIT(i) ((int)((seal__fr_r_minus_2[(i) / 64] >> ((i) % 64)) & 1))
    int i = 255;
    while (i >= 0 && !EBIT(i)) {
        i--;
    }
    while (i >= 0) {
        if (!EBIT(i)) {
            mont_mul(acc, acc, acc);
            i--;
            continue;
        }
        int j = i - 4 < 0 ? 0 : i - 4;
        while (!EBIT(j)) {
            j++;
        }
        unsigned v = 0;
        for (int b = i; b >= j; b--) {
            mont_mul(acc, acc, acc);
            v = (v << 1) | (unsigned)EBIT(b);
        }
        mont_mul(acc, acc, tbl[v >> 1]);
        i = j - 1;
    }
#undef EBIT
    from_mont(out->l, acc);
    seal_memzero(tbl, sizeof tbl);
    seal_memzero(a2, sizeof a2);
    seal_memzero(acc, sizeof acc);
}

bool seal_scalar_is_zero(const seal_scalar *a) {
    return seal__ct_is_zero(a->l[0] | a->l[1] | a->l[2] | a->l[3]) != 0;
}

bool seal_scalar_equal(const seal_scalar *a, const seal_scalar *b) {
    uint64_t d = 0;
    for (int i = 0; i < 4; i++) {
        d |= a->l[i] ^ b->l[i];
    }
    return seal__ct_is_zero(d) != 0;
}

void seal__u256_divrem_ct(uint64_t q[4], uint64_t *rem, const uint64_t n[4], const uint64_t *d,
                          size_t dn) {
    /* Remainder kept in 3 limbs (d has at most 2). */
    uint64_t r[3] = {0, 0, 0}, dd[3] = {0, 0, 0}, t[3], qq[4] = {0, 0, 0, 0};
    for (size_t i = 0; i < dn; i++) {
        dd[i] = d[i];
    }
    for (int i = 255; i >= 0; i--) {
        r[2] = (r[2] << 1) | (r[1] >> 63);
        r[1] = (r[1] << 1) | (r[0] >> 63);
        r[0] = (r[0] << 1) | ((n[i / 64] >> (i % 64)) & 1);
        uint64_t borrow = 0;
        for (int j = 0; j < 3; j++) {
            u128 s = (u128)r[j] - dd[j] - borrow;
            t[j] = (uint64_t)s;
            borrow = (uint64_t)(s >> 64) & 1;
        }
        uint64_t ge = borrow ^ 1;
        seal__ct_cmov_u64(r, t, 3, ge);
        qq[i / 64] |= ge << (i % 64);
    }
    memcpy(q, qq, sizeof qq);
    for (size_t i = 0; i < dn; i++) {
        rem[i] = r[i];
    }
    seal_memzero(r, sizeof r);
    seal_memzero(t, sizeof t);
    seal_memzero(qq, sizeof qq);
}

/* k = k1 + k2 lambda with k1 < lambda (the GLV split of G1), for any 256-bit n, by Barrett
 * division (Handbook of Applied Cryptography 14.42 with b = 2, k = 128: lambda has its bit 127
 * set): q3 = ((n >> 127) mu) >> 129 with mu = floor(2^256 / lambda). The estimate loses less
 * than 2^127 / lambda + frac(2^256 / lambda) n / 2^256 < 0.744 + 0.222 < 1 before its floor, so
 * it is the quotient or one below, and one masked subtraction finishes (HAC allows for two in
 * general). Straight-line code: constant time in n. */
void seal__g1_glv_split(uint64_t k1[2], uint64_t k2[2], const uint64_t n[4]) {
    const uint64_t *lam = seal__g1_glv_lambda, *mu = seal__g1_glv_mu;
    uint64_t q1[3] = {(n[1] >> 63) | (n[2] << 1), (n[2] >> 63) | (n[3] << 1), n[3] >> 63};
    uint64_t q2[6] = {0, 0, 0, 0, 0, 0};
    for (int i = 0; i < 3; i++) {
        u128 c = 0;
        for (int j = 0; j < 3; j++) {
            c = (u128)q1[i] * mu[j] + q2[i + j] + (uint64_t)(c >> 64);
            q2[i + j] = (uint64_t)c;
        }
        q2[i + 3] = (uint64_t)(c >> 64);
    }
    /* q3 = q2 >> 129 (at most floor(n / lambda) < 2^129: 3 limbs) */
    uint64_t q3[3] = {(q2[2] >> 1) | (q2[3] << 63), (q2[3] >> 1) | (q2[4] << 63),
                      (q2[4] >> 1) | (q2[5] << 63)};
    /* r = n - q3 lambda, below 2 lambda < 2^129: 3 limbs suffice (mod 2^192) */
    uint64_t prod[3] = {0, 0, 0}, r[3], t[3];
    for (int i = 0; i < 3; i++) {
        u128 c = 0;
        for (int j = 0; j < 2 && i + j < 3; j++) {
            c = (u128)q3[i] * lam[j] + prod[i + j] + (uint64_t)(c >> 64);
            prod[i + j] = (uint64_t)c;
        }
        if (i + 2 < 3) {
            prod[i + 2] += (uint64_t)(c >> 64);
        }
    }
    uint64_t borrow = 0;
    for (int i = 0; i < 3; i++) {
        u128 s = (u128)n[i] - prod[i] - borrow;
        r[i] = (uint64_t)s;
        borrow = (uint64_t)(s >> 64) & 1;
    }
    borrow = 0;
    for (int i = 0; i < 3; i++) {
        u128 s = (u128)r[i] - (i < 2 ? lam[i] : 0) - borrow;
        t[i] = (uint64_t)s;
        borrow = (uint64_t)(s >> 64) & 1;
    }
    uint64_t ge = borrow ^ 1;
    seal__ct_cmov_u64(r, t, 3, ge);
    u128 c = (u128)q3[0] + ge;
    q3[0] = (uint64_t)c;
    q3[1] += (uint64_t)(c >> 64);
    k1[0] = r[0];
    k1[1] = r[1];
    k2[0] = q3[0];
    k2[1] = q3[1];
    seal_memzero(q1, sizeof q1);
    seal_memzero(q2, sizeof q2);
    seal_memzero(q3, sizeof q3);
    seal_memzero(prod, sizeof prod);
    seal_memzero(r, sizeof r);
    seal_memzero(t, sizeof t);
}

/* Width-w NAF of a 128-bit value: digits[i] odd in (-2^(w-1), 2^(w-1)) or 0; returns the
 * number of digits. */
int seal__wnaf_u128(int8_t digits[130], uint64_t lo, uint64_t hi, unsigned w) {
    int n = 0;
    u128 k = ((u128)hi << 64) | lo;
    const u128 full = (u128)1 << w, half = (u128)1 << (w - 1);
    while (k != 0) {
        int d = 0;
        if (k & 1) {
            u128 m = k & (full - 1);
            if (m >= half) {
                d = (int)m - (int)full;
                k += full - m;
            } else {
                d = (int)m;
                k -= m;
            }
        }
        digits[n++] = (int8_t)d;
        k >>= 1;
    }
    return n;
}
