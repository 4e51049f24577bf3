/* ElGamal over G1 for transporting user secret keys. */
#include <string.h>

#include "seal/bls12_381.h"
#include "seal/elgamal.h"
#include "seal/ibe.h"
#include "seal/kdf.h"
#include "seal/keys.h"
#include "util/ct.h"

seal_err seal_elgamal_public_keys(uint8_t enc_key[static 48],
                                  uint8_t enc_verification_key[static 96],
                                  const uint8_t sk[static 32]) {
    seal_scalar s;
    seal_g1 p;
    seal_g2 q;
    seal_err err = seal_scalar_from_bytes(&s, sk);
    if (err == SEAL_OK && seal__ct_public(seal_scalar_is_zero(&s))) { /* returned: public */
        err = SEAL_ERR_INVALID_KEY;
    }
    if (err == SEAL_OK) {
        seal_g1_mul_gen(&p, &s);
        seal_g2_mul_gen(&q, &s);
        seal_g1_compress(enc_key, &p);
        seal_g2_compress(enc_verification_key, &q);
    } else {
        memset(enc_key, 0, 48);
        memset(enc_verification_key, 0, 96);
    }
    seal_memzero(&s, sizeof s);
    return err;
}

seal_err seal_elgamal_keygen(uint8_t sk[static 32], uint8_t enc_key[static 48],
                             uint8_t enc_verification_key[static 96], const seal_rng *rng) {
    seal_scalar s;
    seal_err err = seal_keys_random_scalar(&s, rng);
    if (err == SEAL_OK) {
        seal_scalar_to_bytes(sk, &s);
        err = seal_elgamal_public_keys(enc_key, enc_verification_key, sk);
    }
    if (err != SEAL_OK) {
        seal_memzero(sk, 32);
    }
    seal_memzero(&s, sizeof s);
    return err;
}

/* c0 = s * G1gen, c1 = s * ek + m (constant time in s and m). */
static void encrypt_points(uint8_t c0[static 48], uint8_t c1[static 48], const seal_g1 *ek,
                           const seal_g1 *m, const seal_scalar *s) {
    seal_g1 a, b;
    seal_g1_mul_gen(&a, s);
    seal_g1_mul(&b, ek, s);
    seal_g1_add(&b, &b, m);
    seal_g1_compress(c0, &a);
    seal_g1_compress(c1, &b);
    seal_memzero(&b, sizeof b);
}

static seal_err encrypt_scalar(uint8_t c0[static 48], uint8_t c1[static 48],
                               const uint8_t enc_key[static 48], const uint8_t usk[static 48],
                               const seal_scalar *s) {
    seal_g1 ek, m;
    seal_err err = seal_g1_decompress(&ek, enc_key);
    if (err == SEAL_OK && seal_g1_is_identity(&ek)) {
        err = SEAL_ERR_IDENTITY;
    }
    if (err == SEAL_OK) {
        err = seal_g1_decompress(&m, usk);
    }
    if (err == SEAL_OK) {
        encrypt_points(c0, c1, &ek, &m, s);
    } else {
        memset(c0, 0, 48);
        memset(c1, 0, 48);
    }
    seal_memzero(&m, sizeof m);
    return err;
}

seal_err seal_elgamal_encrypt_point(uint8_t c0[static 48], uint8_t c1[static 48],
                                    const seal_g1 *enc_key, const seal_g1 *usk,
                                    const seal_rng *rng) {
    seal_scalar s;
    seal_err err = seal_g1_is_identity(enc_key) ? SEAL_ERR_IDENTITY : SEAL_OK;
    if (err == SEAL_OK) {
        err = seal_keys_random_scalar(&s, rng);
    }
    if (err == SEAL_OK) {
        encrypt_points(c0, c1, enc_key, usk, &s);
    } else {
        memset(c0, 0, 48);
        memset(c1, 0, 48);
    }
    seal_memzero(&s, sizeof s);
    return err;
}

seal_err seal_elgamal_encrypt(uint8_t c0[static 48], uint8_t c1[static 48],
                              const uint8_t enc_key[static 48], const uint8_t usk[static 48],
                              const seal_rng *rng) {
    seal_scalar s;
    seal_err err = seal_keys_random_scalar(&s, rng);
    if (err == SEAL_OK) {
        err = encrypt_scalar(c0, c1, enc_key, usk, &s);
    } else {
        memset(c0, 0, 48);
        memset(c1, 0, 48);
    }
    seal_memzero(&s, sizeof s);
    return err;
}

seal_err seal_elgamal_encrypt_with_randomness(uint8_t c0[static 48], uint8_t c1[static 48],
                                              const uint8_t enc_key[static 48],
                                              const uint8_t usk[static 48],
                                              const uint8_t s[static 32]) {
    seal_scalar k;
    seal_err err = seal_scalar_from_bytes(&k, s);
    if (err == SEAL_OK) {
        err = encrypt_scalar(c0, c1, enc_key, usk, &k);
    } else {
        memset(c0, 0, 48);
        memset(c1, 0, 48);
    }
    seal_memzero(&k, sizeof k);
    return err;
}

seal_err seal_elgamal_decrypt(uint8_t usk[static 48], const uint8_t sk[static 32],
                              const uint8_t c0[static 48], const uint8_t c1[static 48]) {
    seal_scalar s;
    seal_g1 a, b;
    seal_err err = seal_scalar_from_bytes(&s, sk);
    if (err == SEAL_OK) {
        err = seal_g1_decompress(&a, c0);
    }
    if (err == SEAL_OK) {
        err = seal_g1_decompress(&b, c1);
    }
    if (err == SEAL_OK) {
        seal_g1_mul(&a, &a, &s);
        seal_g1_sub(&b, &b, &a);
        seal_g1_compress(usk, &b);
    } else {
        memset(usk, 0, 48);
    }
    seal_memzero(&s, sizeof s);
    seal_memzero(&a, sizeof a);
    seal_memzero(&b, sizeof b);
    return err;
}

seal_err seal_elgamal_decrypt_and_verify(uint8_t usk[static 48], const uint8_t sk[static 32],
                                         const uint8_t c0[static 48], const uint8_t c1[static 48],
                                         const uint8_t pk[static 96], const uint8_t *full_id,
                                         size_t full_id_len) {
    seal_err err = seal_elgamal_decrypt(usk, sk, c0, c1);
    if (err == SEAL_OK) {
        err = seal_keys_verify_user_secret_key(usk, pk, full_id, full_id_len);
        if (err != SEAL_OK) {
            err = SEAL_ERR_INVALID_KEY;
        }
    }
    if (err != SEAL_OK) {
        seal_memzero(usk, 48);
    }
    return err;
}

seal_err seal_elgamal_verify(const uint8_t c0[static 48], const uint8_t c1[static 48],
                             const uint8_t enc_verification_key[static 96],
                             const uint8_t pk[static 96], const uint8_t *full_id,
                             size_t full_id_len) {
    seal_g1 p[3];
    seal_g2 q[3];
    seal_err err;
    if ((err = seal_g1_decompress(&p[0], c1)) != SEAL_OK ||
        (err = seal_g1_decompress(&p[1], c0)) != SEAL_OK ||
        (err = seal_g2_decompress(&q[1], enc_verification_key)) != SEAL_OK ||
        (err = seal_g2_decompress(&q[2], pk)) != SEAL_OK) {
        return err;
    }
    if (seal_g1_is_identity(&p[0]) || seal_g1_is_identity(&p[1]) || seal_g2_is_identity(&q[1]) ||
        seal_g2_is_identity(&q[2])) {
        return SEAL_ERR_IDENTITY;
    }
    if ((err = seal_ibe_hash_id(&p[2], full_id, full_id_len)) != SEAL_OK) {
        return err;
    }
    /* e(c1, G2gen) == e(c0, vk) * e(H1, pk)  <=>  e(c1, -G2gen) * e(c0, vk) * e(H1, pk) == 1 */
    seal_g2_generator(&q[0]);
    seal_g2_neg(&q[0], &q[0]);
    return seal_pairing_product_is_one(p, q, 3) ? SEAL_OK : SEAL_ERR_INVALID_KEY;
}
/* Chunks of this many ids share the stack arrays below (the engine's lane count). */
#define KS_CHUNK 8

/* The key-server batch on n items, item i with its own master key msks[i] and enc_key
 * eks[i] (in G1, not the identity); table, when not NULL, is a table of the one enc_key of
 * every item. */
static seal_err extract_encrypt(uint8_t (*c0)[48], uint8_t (*c1)[48],
                                const seal_scalar *const *msks, const seal_g1 *const *eks,
                                const seal_g1_table *table, const uint8_t *const *full_ids,
                                const size_t *full_id_lens, size_t n, const seal_rng *rng) {
    uint8_t msgs[KS_CHUNK][sizeof SEAL_DST_ID - 1 + SEAL_IBE_MAX_FULL_ID_BYTES];
    const uint8_t *mp[KS_CHUNK];
    size_t ml[KS_CHUNK];
    seal_scalar ks[KS_CHUNK], s[KS_CHUNK];
    seal_g1 gid[KS_CHUNK], usk[KS_CHUNK], a[KS_CHUNK], b[KS_CHUNK], ek[KS_CHUNK];
    const size_t dst_len = sizeof SEAL_DST_ID - 1;
    seal_err err = SEAL_OK;
    for (size_t i = 0; i < n; i++) {
        if (seal_g1_is_identity(eks[i])) {
            err = SEAL_ERR_IDENTITY;
            goto out;
        }
        if (full_id_lens[i] > SEAL_IBE_MAX_FULL_ID_BYTES) {
            err = SEAL_ERR_LIMIT;
            goto out;
        }
    }
    for (size_t base = 0; base < n; base += KS_CHUNK) {
        size_t m = n - base < KS_CHUNK ? n - base : KS_CHUNK;
        for (size_t j = 0; j < m; j++) {
            /* H1(id) = hash_to_G1(DST_ID || id) under the G1 hashing DST (seal_ibe_hash_id) */
            memcpy(msgs[j], SEAL_DST_ID, dst_len);
            if (full_id_lens[base + j] > 0) {
                memcpy(msgs[j] + dst_len, full_ids[base + j], full_id_lens[base + j]);
            }
            mp[j] = msgs[j];
            ml[j] = dst_len + full_id_lens[base + j];
            ks[j] = *msks[base + j];
            ek[j] = *eks[base + j];
            if ((err = seal_keys_random_scalar(&s[j], rng)) != SEAL_OK) {
                goto out;
            }
        }
        seal_g1_hash_to_curve_batch(gid, mp, ml, m, (const uint8_t *)SEAL_DST_G1_HASH,
                                    sizeof SEAL_DST_G1_HASH - 1);
        seal_g1_mul_batch(usk, gid, ks, m);
        seal_g1_mul_gen_batch(a, s, m);
        if (table != NULL) {
            seal_g1_mul_table_batch(b, table, s, m);
        } else {
            seal_g1_mul_batch(b, ek, s, m);
        }
        for (size_t j = 0; j < m; j++) {
            seal_g1_add(&b[j], &b[j], &usk[j]);
        }
        seal_g1_compress_batch(c0 + base, a, m);
        seal_g1_compress_batch(c1 + base, b, m);
    }
out:
    if (err != SEAL_OK) {
        memset(c0, 0, n * sizeof c0[0]);
        memset(c1, 0, n * sizeof c1[0]);
    }
    seal_memzero(ks, sizeof ks);
    seal_memzero(s, sizeof s);
    seal_memzero(usk, sizeof usk);
    seal_memzero(b, sizeof b);
    return err;
}

seal_err seal_elgamal_extract_encrypt_batch(uint8_t (*c0)[48], uint8_t (*c1)[48],
                                            const seal_scalar *msk, const seal_g1 *enc_key,
                                            const seal_g1_table *enc_table,
                                            const uint8_t *const *full_ids,
                                            const size_t *full_id_lens, size_t n,
                                            const seal_rng *rng) {
    const seal_scalar *msks[KS_CHUNK];
    const seal_g1 *eks[KS_CHUNK];
    seal_err err = SEAL_OK;
    for (size_t j = 0; j < KS_CHUNK; j++) {
        msks[j] = msk;
        eks[j] = enc_key;
    }
    if (seal_g1_is_identity(enc_key)) {
        err = SEAL_ERR_IDENTITY;
    }
    for (size_t base = 0; err == SEAL_OK && base < n; base += KS_CHUNK) {
        size_t m = n - base < KS_CHUNK ? n - base : KS_CHUNK;
        err = extract_encrypt(c0 + base, c1 + base, msks, eks, enc_table, full_ids + base,
                              full_id_lens + base, m, rng);
    }
    if (err != SEAL_OK) {
        memset(c0, 0, n * sizeof c0[0]);
        memset(c1, 0, n * sizeof c1[0]);
    }
    return err;
}

seal_err seal_elgamal_extract_encrypt_multi(uint8_t (*c0)[48], uint8_t (*c1)[48],
                                            const seal_scalar *const *msks,
                                            const seal_g1 *const *enc_keys,
                                            const uint8_t *const *full_ids,
                                            const size_t *full_id_lens, size_t n,
                                            const seal_rng *rng) {
    return extract_encrypt(c0, c1, msks, enc_keys, NULL, full_ids, full_id_lens, n, rng);
}
