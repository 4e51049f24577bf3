/* SHA3-256, HMAC-SHA3-256, HKDF-SHA3-256 and Seal's key derivations. */
#include <string.h>

#include "seal/internal.h"
#include "seal/kdf.h"
#include "seal/util.h"

/* ---- SHA3-256 ---- */

void seal_sha3_256_init(seal_sha3_ctx *c) {
    memset(c, 0, sizeof *c);
}

static void absorb_bytes(seal_sha3_ctx *c, const uint8_t *p, size_t n) {
    for (size_t i = 0; i < n; i++) {
        size_t k = c->pos + i;
        c->st[k >> 3] ^= (uint64_t)p[i] << (8 * (k & 7));
    }
    c->pos += n;
}

void seal_sha3_256_update(seal_sha3_ctx *c, const uint8_t *p, size_t n) {
    if (c->pos != 0) {
        size_t take = SEAL_SHA3_256_RATE - c->pos;
        if (take > n) {
            take = n;
        }
        absorb_bytes(c, p, take);
        p += take;
        n -= take;
        if (c->pos == SEAL_SHA3_256_RATE) {
            seal__keccakf1600(c->st);
            c->pos = 0;
        }
    }
    while (n >= SEAL_SHA3_256_RATE) {
        for (size_t i = 0; i < SEAL_SHA3_256_RATE / 8; i++) {
            c->st[i] ^= seal__load64_le(p + 8 * i);
        }
        seal__keccakf1600(c->st);
        p += SEAL_SHA3_256_RATE;
        n -= SEAL_SHA3_256_RATE;
    }
    if (n > 0) {
        absorb_bytes(c, p, n);
    }
}

void seal_sha3_256_final(seal_sha3_ctx *c, uint8_t out[static 32]) {
    c->st[c->pos >> 3] ^= (uint64_t)0x06 << (8 * (c->pos & 7));
    c->st[(SEAL_SHA3_256_RATE - 1) >> 3] ^= (uint64_t)0x80 << (8 * ((SEAL_SHA3_256_RATE - 1) & 7));
    seal__keccakf1600(c->st);
    for (size_t i = 0; i < 4; i++) {
        seal__store64_le(out + 8 * i, c->st[i]);
    }
    seal_memzero(c, sizeof *c);
}

void seal_sha3_256(uint8_t out[static 32], const uint8_t *p, size_t n) {
    seal_sha3_ctx c;
    seal_sha3_256_init(&c);
    seal_sha3_256_update(&c, p, n);
    seal_sha3_256_final(&c, out);
}

/* ---- HMAC-SHA3-256 ---- */

void seal_hmac_sha3_256_init(seal_hmac_sha3_ctx *c, const uint8_t *key, size_t key_len) {
    uint8_t k[SEAL_SHA3_256_RATE];
    uint8_t pad[SEAL_SHA3_256_RATE];
    memset(k, 0, sizeof k);
    if (key_len > SEAL_SHA3_256_RATE) {
        seal_sha3_256(k, key, key_len);
    } else if (key_len > 0) {
        memcpy(k, key, key_len);
    }
    for (size_t i = 0; i < sizeof pad; i++) {
        pad[i] = (uint8_t)(k[i] ^ 0x36);
    }
    seal_sha3_256_init(&c->inner);
    seal_sha3_256_update(&c->inner, pad, sizeof pad);
    for (size_t i = 0; i < sizeof pad; i++) {
        pad[i] = (uint8_t)(k[i] ^ 0x5c);
    }
    seal_sha3_256_init(&c->outer);
    seal_sha3_256_update(&c->outer, pad, sizeof pad);
    seal_memzero(k, sizeof k);
    seal_memzero(pad, sizeof pad);
}

void seal_hmac_sha3_256_update(seal_hmac_sha3_ctx *c, const uint8_t *p, size_t n) {
    seal_sha3_256_update(&c->inner, p, n);
}

void seal_hmac_sha3_256_final(seal_hmac_sha3_ctx *c, uint8_t out[static 32]) {
    uint8_t ih[32];
    seal_sha3_256_final(&c->inner, ih);
    seal_sha3_256_update(&c->outer, ih, sizeof ih);
    seal_sha3_256_final(&c->outer, out);
    seal_memzero(ih, sizeof ih);
    seal_memzero(c, sizeof *c);
}

void seal_hmac_sha3_256(uint8_t out[static 32], const uint8_t *key, size_t key_len,
                        const uint8_t *msg, size_t msg_len) {
    seal_hmac_sha3_ctx c;
    seal_hmac_sha3_256_init(&c, key, key_len);
    seal_hmac_sha3_256_update(&c, msg, msg_len);
    seal_hmac_sha3_256_final(&c, out);
}

void seal__hmac_sha3_256_short(uint8_t out[32], const seal_hmac_sha3_ctx *ctx, const uint8_t *msg,
                               size_t msg_len) {
    /* Both states have absorbed exactly one block (the padded key), so pos == 0. */
    uint64_t st[25];
    uint8_t ih[32];
    memcpy(st, ctx->inner.st, sizeof st);
    for (size_t i = 0; i < msg_len; i++) {
        st[i >> 3] ^= (uint64_t)msg[i] << (8 * (i & 7));
    }
    st[msg_len >> 3] ^= (uint64_t)0x06 << (8 * (msg_len & 7));
    st[16] ^= (uint64_t)0x80 << 56;
    seal__keccakf1600(st);
    for (size_t i = 0; i < 4; i++) {
        seal__store64_le(ih + 8 * i, st[i]);
    }
    memcpy(st, ctx->outer.st, sizeof st);
    for (size_t i = 0; i < 4; i++) {
        st[i] ^= seal__load64_le(ih + 8 * i);
    }
    st[4] ^= 0x06;
    st[16] ^= (uint64_t)0x80 << 56;
    seal__keccakf1600(st);
    for (size_t i = 0; i < 4; i++) {
        seal__store64_le(out + 8 * i, st[i]);
    }
    seal_memzero(st, sizeof st);
    seal_memzero(ih, sizeof ih);
}

bool seal__have_keccak_x4(void) {
#if SEAL_KECCAK_X4
    /* Reads the CPU model data libgcc fills in before main (no state of ours: thread safe). */
    return __builtin_cpu_supports("avx2") != 0;
#else
    return false;
#endif
}

void seal__hmac_sha3_256_short_x4(uint8_t out[4][32], const seal_hmac_sha3_ctx *ctx,
                                  const uint8_t *msgs, size_t msg_len) {
#if SEAL_KECCAK_X4
    if (seal__have_keccak_x4()) {
        uint64_t st[4][25];
        for (size_t k = 0; k < 4; k++) {
            const uint8_t *msg = msgs + k * msg_len;
            memcpy(st[k], ctx->inner.st, sizeof st[k]);
            for (size_t i = 0; i < msg_len; i++) {
                st[k][i >> 3] ^= (uint64_t)msg[i] << (8 * (i & 7));
            }
            st[k][msg_len >> 3] ^= (uint64_t)0x06 << (8 * (msg_len & 7));
            st[k][16] ^= (uint64_t)0x80 << 56;
        }
        seal__keccakf1600_x4(st);
        for (size_t k = 0; k < 4; k++) {
            uint64_t ih[4] = {st[k][0], st[k][1], st[k][2], st[k][3]};
            memcpy(st[k], ctx->outer.st, sizeof st[k]);
            for (size_t i = 0; i < 4; i++) {
                st[k][i] ^= ih[i];
            }
            st[k][4] ^= 0x06;
            st[k][16] ^= (uint64_t)0x80 << 56;
            seal_memzero(ih, sizeof ih);
        }
        seal__keccakf1600_x4(st);
        for (size_t k = 0; k < 4; k++) {
            for (size_t i = 0; i < 4; i++) {
                seal__store64_le(out[k] + 8 * i, st[k][i]);
            }
        }
        seal_memzero(st, sizeof st);
        return;
    }
#endif
    for (size_t k = 0; k < 4; k++) {
        seal__hmac_sha3_256_short(out[k], ctx, msgs + k * msg_len, msg_len);
    }
}

/* ---- HKDF-SHA3-256 ---- */

seal_err seal_hkdf_sha3_256(uint8_t *out, size_t out_len, const uint8_t *ikm, size_t ikm_len,
                            const uint8_t *salt, size_t salt_len, const uint8_t *info,
                            size_t info_len) {
    uint8_t prk[32];
    uint8_t t[32];
    uint8_t zero[32] = {0};
    seal_hmac_sha3_ctx c;
    if (out_len > 255 * 32 || (out == NULL && out_len > 0)) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    if (salt == NULL || salt_len == 0) {
        salt = zero;
        salt_len = sizeof zero;
    }
    seal_hmac_sha3_256(prk, salt, salt_len, ikm, ikm_len);
    size_t done = 0;
    for (uint8_t i = 1; done < out_len; i++) {
        seal_hmac_sha3_256_init(&c, prk, sizeof prk);
        if (i > 1) {
            seal_hmac_sha3_256_update(&c, t, sizeof t);
        }
        seal_hmac_sha3_256_update(&c, info, info_len);
        seal_hmac_sha3_256_update(&c, &i, 1);
        seal_hmac_sha3_256_final(&c, t);
        size_t n = out_len - done < 32 ? out_len - done : 32;
        memcpy(out + done, t, n);
        done += n;
    }
    seal_memzero(prk, sizeof prk);
    seal_memzero(t, sizeof t);
    return SEAL_OK;
}

/* ---- Seal KDFs ---- */

void seal_kdf_share_bytes(uint8_t out[static 32], const uint8_t gt[static 576],
                          const uint8_t nonce[static 96], const uint8_t gid[static 48],
                          const uint8_t object_id[static 32], uint8_t index) {
    seal_sha3_ctx c;
    seal_sha3_256_init(&c);
    seal_sha3_256_update(&c, (const uint8_t *)SEAL_DST_KDF, sizeof SEAL_DST_KDF - 1);
    seal_sha3_256_update(&c, gt, 576);
    seal_sha3_256_update(&c, nonce, 96);
    seal_sha3_256_update(&c, gid, 48);
    seal_sha3_256_update(&c, object_id, 32);
    seal_sha3_256_update(&c, &index, 1);
    seal_sha3_256_final(&c, out);
}

void seal_kdf_derive_key(uint8_t out[static 32], seal_key_purpose purpose,
                         const uint8_t base_key[static 32], uint8_t threshold,
                         const uint8_t (*encrypted_shares)[32], const uint8_t (*object_ids)[32],
                         size_t n) {
    seal_sha3_ctx c;
    uint8_t tag[2] = {(uint8_t)purpose, threshold};
    seal_sha3_256_init(&c);
    seal_sha3_256_update(&c, (const uint8_t *)SEAL_DST_DERIVE_KEY, sizeof SEAL_DST_DERIVE_KEY - 1);
    seal_sha3_256_update(&c, base_key, 32);
    seal_sha3_256_update(&c, tag, 2);
    for (size_t i = 0; i < n; i++) {
        seal_sha3_256_update(&c, encrypted_shares[i], 32);
    }
    for (size_t i = 0; i < n; i++) {
        seal_sha3_256_update(&c, object_ids[i], 32);
    }
    seal_sha3_256_final(&c, out);
}
