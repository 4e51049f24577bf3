/* ECDSA on secp256k1 and secp256r1 as Sui uses it: the signed value is SHA-256 of a 32-byte
 * intent digest, signatures are 64-byte r||s with low s, nonces are RFC 6979 (HMAC-SHA-256).
 *
 * OpenSSL 3.0 has no deterministic ECDSA, so signing is written here on OpenSSL's BIGNUM and
 * EC_POINT (generator multiplication by the secret nonce uses OpenSSL's constant-time ladder;
 * secret BIGNUMs carry BN_FLG_CONSTTIME). Verification is public-data arithmetic. */
#include <string.h>

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>

#include "seal/util.h"
#include "sui/internal.h"

/* Group orders (big-endian). */
static const uint8_t order_k1[32] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
    0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48, 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41};
static const uint8_t order_r1[32] = {
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51};

static const uint8_t *order_of(seal_sui_scheme scheme) {
    return scheme == SEAL_SUI_SCHEME_SECP256K1 ? order_k1 : order_r1;
}

static int nid_of(seal_sui_scheme scheme) {
    return scheme == SEAL_SUI_SCHEME_SECP256K1 ? NID_secp256k1 : NID_X9_62_prime256v1;
}

/* Constant-time a < b for 32-byte big-endian values. */
static bool lt_be32(const uint8_t a[32], const uint8_t b[32]) {
    uint32_t borrow = 0;
    for (int i = 31; i >= 0; i--) {
        uint32_t d = (uint32_t)a[i] - (uint32_t)b[i] - borrow;
        borrow = (d >> 8) & 1;
    }
    return borrow == 1;
}

static bool is_zero32(const uint8_t a[32]) {
    uint8_t acc = 0;
    for (int i = 0; i < 32; i++) {
        acc |= a[i];
    }
    return acc == 0;
}

bool seal__sui_ecdsa_secret_valid(seal_sui_scheme scheme, const uint8_t secret[32]) {
    bool nz = !is_zero32(secret);
    bool lt = lt_be32(secret, order_of(scheme));
    return nz & lt;
}

/* Shared OpenSSL objects for one operation. */
typedef struct ctx {
    EC_GROUP *group;
    BN_CTX *bn;
    BIGNUM *n;
} ctx;

static seal_err ctx_init(ctx *c, seal_sui_scheme scheme) {
    c->group = EC_GROUP_new_by_curve_name(nid_of(scheme));
    c->bn = BN_CTX_secure_new();
    c->n = BN_bin2bn(order_of(scheme), 32, NULL);
    if (c->group == NULL || c->bn == NULL || c->n == NULL) {
        return SEAL_ERR_CRYPTO_LIB;
    }
    return SEAL_OK;
}

static void ctx_free(ctx *c) {
    EC_GROUP_free(c->group);
    BN_CTX_free(c->bn);
    BN_free(c->n);
}

seal_err seal__sui_ecdsa_public_key(uint8_t pk[33], seal_sui_scheme scheme,
                                    const uint8_t secret[32]) {
    ctx c = {0};
    BIGNUM *d = NULL;
    EC_POINT *p = NULL;
    seal_err err = SEAL_ERR_CRYPTO_LIB;
    if (!seal__sui_ecdsa_secret_valid(scheme, secret)) {
        return SEAL_ERR_INVALID_KEY;
    }
    if (ctx_init(&c, scheme) != SEAL_OK) {
        goto out;
    }
    d = BN_secure_new();
    p = EC_POINT_new(c.group);
    if (d == NULL || p == NULL || BN_bin2bn(secret, 32, d) == NULL) {
        goto out;
    }
    BN_set_flags(d, BN_FLG_CONSTTIME);
    if (EC_POINT_mul(c.group, p, d, NULL, NULL, c.bn) != 1 ||
        EC_POINT_point2oct(c.group, p, POINT_CONVERSION_COMPRESSED, pk, 33, c.bn) != 33) {
        goto out;
    }
    err = SEAL_OK;
out:
    BN_clear_free(d);
    EC_POINT_free(p);
    ctx_free(&c);
    return err;
}

/* RFC 6979 section 3.2 with HMAC-SHA-256, qlen = hlen = 256. */
typedef struct rfc6979 {
    uint8_t k[32];
    uint8_t v[32];
} rfc6979;

static void hmac(uint8_t out[32], const uint8_t key[32], const uint8_t *a, size_t a_len,
                 const uint8_t *b, size_t b_len, const uint8_t *c, size_t c_len, const uint8_t *d,
                 size_t d_len) {
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, key, 32);
    crypto_auth_hmacsha256_update(&st, a, a_len);
    if (b_len > 0) {
        crypto_auth_hmacsha256_update(&st, b, b_len);
    }
    if (c_len > 0) {
        crypto_auth_hmacsha256_update(&st, c, c_len);
    }
    if (d_len > 0) {
        crypto_auth_hmacsha256_update(&st, d, d_len);
    }
    crypto_auth_hmacsha256_final(&st, out);
    seal_memzero(&st, sizeof st);
}

static void rfc6979_init(rfc6979 *g, const uint8_t x[32], const uint8_t h1[32],
                         const uint8_t n[32]) {
    uint8_t h[32];
    /* bits2octets(h1) = h1 mod n (h1 < 2^256 < 2n, so one conditional subtraction). */
    memcpy(h, h1, 32);
    if (!lt_be32(h, n)) {
        uint32_t borrow = 0;
        for (int i = 31; i >= 0; i--) {
            uint32_t dd = (uint32_t)h[i] - (uint32_t)n[i] - borrow;
            h[i] = (uint8_t)dd;
            borrow = (dd >> 8) & 1;
        }
    }
    static const uint8_t zero = 0x00, one = 0x01;
    memset(g->v, 0x01, 32);
    memset(g->k, 0x00, 32);
    hmac(g->k, g->k, g->v, 32, &zero, 1, x, 32, h, 32);
    hmac(g->v, g->k, g->v, 32, NULL, 0, NULL, 0, NULL, 0);
    hmac(g->k, g->k, g->v, 32, &one, 1, x, 32, h, 32);
    hmac(g->v, g->k, g->v, 32, NULL, 0, NULL, 0, NULL, 0);
    seal_memzero(h, sizeof h);
}

/* Next candidate nonce into k (caller checks 1 <= k < n, then calls rfc6979_reject on failure). */
static void rfc6979_next(rfc6979 *g, uint8_t k[32]) {
    hmac(g->v, g->k, g->v, 32, NULL, 0, NULL, 0, NULL, 0);
    memcpy(k, g->v, 32);
}

static void rfc6979_reject(rfc6979 *g) {
    static const uint8_t zero = 0x00;
    hmac(g->k, g->k, g->v, 32, &zero, 1, NULL, 0, NULL, 0);
    hmac(g->v, g->k, g->v, 32, NULL, 0, NULL, 0, NULL, 0);
}

seal_err seal__sui_ecdsa_sign(uint8_t sig[64], seal_sui_scheme scheme, const uint8_t secret[32],
                              const uint8_t digest[32]) {
    ctx c = {0};
    rfc6979 g;
    uint8_t z[32];
    uint8_t kb[32];
    BIGNUM *d = NULL, *k = NULL, *kinv = NULL, *r = NULL, *s = NULL, *e = NULL, *x = NULL,
           *half = NULL, *nm2 = NULL;
    EC_POINT *R = NULL;
    seal_err err = SEAL_ERR_CRYPTO_LIB;
    memset(sig, 0, 64);
    if (!seal__sui_ecdsa_secret_valid(scheme, secret)) {
        return SEAL_ERR_INVALID_KEY;
    }
    crypto_hash_sha256(z, digest, 32);
    rfc6979_init(&g, secret, z, order_of(scheme));
    if (ctx_init(&c, scheme) != SEAL_OK) {
        goto out;
    }
    d = BN_secure_new();
    k = BN_secure_new();
    kinv = BN_secure_new();
    r = BN_new();
    s = BN_secure_new();
    e = BN_new();
    x = BN_new();
    half = BN_new();
    nm2 = BN_new();
    R = EC_POINT_new(c.group);
    if (d == NULL || k == NULL || kinv == NULL || r == NULL || s == NULL || e == NULL ||
        x == NULL || half == NULL || nm2 == NULL || R == NULL || BN_bin2bn(secret, 32, d) == NULL ||
        BN_bin2bn(z, 32, e) == NULL || BN_rshift1(half, c.n) != 1 || BN_copy(nm2, c.n) == NULL ||
        BN_sub_word(nm2, 2) != 1) {
        goto out;
    }
    BN_set_flags(d, BN_FLG_CONSTTIME);
    BN_set_flags(k, BN_FLG_CONSTTIME);
    BN_set_flags(kinv, BN_FLG_CONSTTIME);
    for (int attempt = 0; attempt < 64; attempt++) {
        rfc6979_next(&g, kb);
        if (!seal__sui_ecdsa_secret_valid(scheme, kb)) {
            rfc6979_reject(&g);
            continue;
        }
        if (BN_bin2bn(kb, 32, k) == NULL || EC_POINT_mul(c.group, R, k, NULL, NULL, c.bn) != 1 ||
            EC_POINT_get_affine_coordinates(c.group, R, x, NULL, c.bn) != 1 ||
            BN_nnmod(r, x, c.n, c.bn) != 1) {
            goto out;
        }
        /* s = k^-1 (e + r d) mod n; k^-1 = k^(n-2) (Fermat, constant-time exponentiation). */
        if (BN_mod_exp_mont_consttime(kinv, k, nm2, c.n, c.bn, NULL) != 1 ||
            BN_mod_mul(s, r, d, c.n, c.bn) != 1 || BN_mod_add(s, s, e, c.n, c.bn) != 1 ||
            BN_mod_mul(s, s, kinv, c.n, c.bn) != 1) {
            goto out;
        }
        if (BN_is_zero(r) || BN_is_zero(s)) {
            rfc6979_reject(&g);
            continue;
        }
        if (BN_cmp(s, half) > 0 && BN_sub(s, c.n, s) != 1) {
            goto out;
        }
        if (BN_bn2binpad(r, sig, 32) != 32 || BN_bn2binpad(s, sig + 32, 32) != 32) {
            goto out;
        }
        err = SEAL_OK;
        goto out;
    }
    err = SEAL_ERR_INTERNAL;
out:
    if (err != SEAL_OK) {
        memset(sig, 0, 64);
    }
    seal_memzero(&g, sizeof g);
    seal_memzero(kb, sizeof kb);
    BN_clear_free(d);
    BN_clear_free(k);
    BN_clear_free(kinv);
    BN_free(r);
    BN_clear_free(s);
    BN_free(e);
    BN_free(x);
    BN_free(half);
    BN_free(nm2);
    EC_POINT_clear_free(R);
    ctx_free(&c);
    return err;
}

seal_err seal__sui_ecdsa_verify(const uint8_t sig[64], seal_sui_scheme scheme, const uint8_t pk[33],
                                const uint8_t digest[32]) {
    uint8_t h[32];
    crypto_hash_sha256(h, digest, 32);
    return seal__sui_ecdsa_verify_prehashed(sig, scheme, pk, h);
}

seal_err seal__sui_ecdsa_verify_prehashed(const uint8_t sig[64], seal_sui_scheme scheme,
                                          const uint8_t pk[33], const uint8_t hash[32]) {
    ctx c = {0};
    uint8_t z[32];
    uint8_t half_be[32];
    BIGNUM *r = NULL, *s = NULL, *e = NULL, *w = NULL, *u1 = NULL, *u2 = NULL, *x = NULL;
    EC_POINT *Q = NULL, *X = NULL;
    seal_err err = SEAL_ERR_CRYPTO_LIB;
    const uint8_t *n = order_of(scheme);
    /* 1 <= r < n, 1 <= s <= n/2 (low s). */
    uint32_t carry = 0;
    for (int i = 0; i < 32; i++) { /* half = n >> 1 */
        half_be[i] = (uint8_t)((n[i] >> 1) | (carry << 7));
        carry = n[i] & 1;
    }
    if (is_zero32(sig) || !lt_be32(sig, n) || is_zero32(sig + 32) || lt_be32(half_be, sig + 32)) {
        return SEAL_ERR_INVALID_SIGNATURE;
    }
    if (pk[0] != 0x02 && pk[0] != 0x03) {
        return SEAL_ERR_INVALID_SIGNATURE;
    }
    memcpy(z, hash, 32);
    if (ctx_init(&c, scheme) != SEAL_OK) {
        goto out;
    }
    r = BN_bin2bn(sig, 32, NULL);
    s = BN_bin2bn(sig + 32, 32, NULL);
    e = BN_bin2bn(z, 32, NULL);
    w = BN_new();
    u1 = BN_new();
    u2 = BN_new();
    x = BN_new();
    Q = EC_POINT_new(c.group);
    X = EC_POINT_new(c.group);
    if (r == NULL || s == NULL || e == NULL || w == NULL || u1 == NULL || u2 == NULL || x == NULL ||
        Q == NULL || X == NULL) {
        goto out;
    }
    if (EC_POINT_oct2point(c.group, Q, pk, 33, c.bn) != 1 || EC_POINT_is_at_infinity(c.group, Q) ||
        EC_POINT_is_on_curve(c.group, Q, c.bn) != 1) {
        err = SEAL_ERR_INVALID_SIGNATURE;
        goto out;
    }
    if (BN_mod_inverse(w, s, c.n, c.bn) == NULL || BN_mod_mul(u1, e, w, c.n, c.bn) != 1 ||
        BN_mod_mul(u2, r, w, c.n, c.bn) != 1 || EC_POINT_mul(c.group, X, u1, Q, u2, c.bn) != 1) {
        goto out;
    }
    if (EC_POINT_is_at_infinity(c.group, X)) {
        err = SEAL_ERR_INVALID_SIGNATURE;
        goto out;
    }
    if (EC_POINT_get_affine_coordinates(c.group, X, x, NULL, c.bn) != 1 ||
        BN_nnmod(x, x, c.n, c.bn) != 1) {
        goto out;
    }
    err = BN_cmp(x, r) == 0 ? SEAL_OK : SEAL_ERR_INVALID_SIGNATURE;
out:
    BN_free(r);
    BN_free(s);
    BN_free(e);
    BN_free(w);
    BN_free(u1);
    BN_free(u2);
    BN_free(x);
    EC_POINT_free(Q);
    EC_POINT_free(X);
    ctx_free(&c);
    return err;
}
