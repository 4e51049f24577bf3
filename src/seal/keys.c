/* Key-server keys: generation, public keys, derived master keys, extraction, verification, PoP. */
#include <string.h>

#include "seal/ibe.h"
#include "seal/kdf.h"
#include "seal/keys.h"
#include "seal/object.h"
#include "util/ct.h"

/* r - 1 as little-endian 64-bit limbs. */
static const uint64_t R_MINUS_1[4] = {0xffffffff00000000ull, 0x53bda402fffe5bfeull,
                                      0x3339d80809a1d805ull, 0x73eda753299d7d48ull};

void seal_keys_scalar_from_seed(seal_scalar *out,
                                const uint8_t seed[static SEAL_RANDOM_SCALAR_SEED_BYTES]) {
    /* rem = (big-endian seed) mod (r - 1) by binary long division, constant time: after each
     * step rem < r - 1 < 2^255, so (rem << 1) | bit fits in 256 bits. */
    uint64_t rem[4] = {0, 0, 0, 0};
    for (size_t bit = 0; bit < 8 * SEAL_RANDOM_SCALAR_SEED_BYTES; bit++) {
        uint64_t b = (uint64_t)(seed[bit >> 3] >> (7 - (bit & 7))) & 1;
        rem[3] = (rem[3] << 1) | (rem[2] >> 63);
        rem[2] = (rem[2] << 1) | (rem[1] >> 63);
        rem[1] = (rem[1] << 1) | (rem[0] >> 63);
        rem[0] = (rem[0] << 1) | b;
        uint64_t t[4];
        uint64_t borrow = 0;
        for (int i = 0; i < 4; i++) {
            uint64_t d = rem[i] - R_MINUS_1[i];
            uint64_t b1 = (uint64_t)(rem[i] < R_MINUS_1[i]);
            t[i] = d - borrow;
            uint64_t b2 = (uint64_t)(d < borrow);
            borrow = b1 | b2;
        }
        seal__ct_cmov_u64(rem, t, 4, borrow ^ 1); /* rem >= r - 1: take the difference */
    }
    /* + 1 (no overflow: rem < r - 1). */
    uint64_t carry = 1;
    for (int i = 0; i < 4; i++) {
        rem[i] += carry;
        carry = (uint64_t)(rem[i] < carry);
    }
    memcpy(out->l, rem, sizeof rem);
    seal_memzero(rem, sizeof rem);
}

seal_err seal_keys_random_scalar(seal_scalar *out, const seal_rng *rng) {
    uint8_t seed[SEAL_RANDOM_SCALAR_SEED_BYTES];
    if (seal_rng_fill(rng, seed, sizeof seed) != SEAL_OK) {
        seal_memzero(seed, sizeof seed);
        memset(out, 0, sizeof *out);
        return SEAL_ERR_RNG;
    }
    seal_keys_scalar_from_seed(out, seed);
    seal_memzero(seed, sizeof seed);
    return SEAL_OK;
}

/* Parses a non-zero master key. */
static seal_err parse_msk(seal_scalar *s, const uint8_t msk[static 32]) {
    seal_err err = seal_scalar_from_bytes(s, msk);
    if (err != SEAL_OK) {
        return err;
    }
    if (seal__ct_public(seal_scalar_is_zero(s))) { /* returned: public */
        return SEAL_ERR_INVALID_KEY;
    }
    return SEAL_OK;
}

seal_err seal_keys_generate(uint8_t msk[static 32], uint8_t pk[static 96], const seal_rng *rng) {
    seal_scalar s;
    seal_g2 p;
    seal_err err = seal_keys_random_scalar(&s, rng);
    if (err == SEAL_OK) {
        seal_scalar_to_bytes(msk, &s);
        seal_g2_mul_gen(&p, &s);
        seal_g2_compress(pk, &p);
    } else {
        seal_memzero(msk, 32);
        memset(pk, 0, 96);
    }
    seal_memzero(&s, sizeof s);
    return err;
}

seal_err seal_keys_public_key(uint8_t pk[static 96], const uint8_t msk[static 32]) {
    seal_scalar s;
    seal_g2 p;
    seal_err err = parse_msk(&s, msk);
    if (err == SEAL_OK) {
        seal_g2_mul_gen(&p, &s);
        seal_g2_compress(pk, &p);
    } else {
        memset(pk, 0, 96);
    }
    seal_memzero(&s, sizeof s);
    return err;
}

seal_err seal_keys_derive_master_key(uint8_t msk[static 32], const uint8_t seed[static 32],
                                     uint64_t index) {
    uint8_t okm[64];
    uint8_t info[8];
    seal_scalar s;
    for (int i = 0; i < 8; i++) {
        info[i] = (uint8_t)(index >> (56 - 8 * i));
    }
    seal_err err = seal_hkdf_sha3_256(okm, sizeof okm, seed, 32, NULL, 0, info, sizeof info);
    if (err == SEAL_OK) {
        seal_scalar_from_bytes_wide(&s, okm, sizeof okm);
        seal_scalar_to_bytes(msk, &s);
    } else {
        seal_memzero(msk, 32);
    }
    seal_memzero(okm, sizeof okm);
    seal_memzero(&s, sizeof s);
    return err;
}

seal_err seal_keys_full_id(uint8_t *out, size_t cap, size_t *out_len,
                           const uint8_t package_id[static 32], const uint8_t *id, size_t id_len) {
    *out_len = 0;
    if (id_len > SEAL_MAX_ID_BYTES || cap < 32 + id_len) {
        return SEAL_ERR_LIMIT;
    }
    memcpy(out, package_id, 32);
    if (id_len > 0) {
        memcpy(out + 32, id, id_len);
    }
    *out_len = 32 + id_len;
    return SEAL_OK;
}

seal_err seal_keys_extract(uint8_t usk[static 48], const uint8_t msk[static 32],
                           const uint8_t *full_id, size_t full_id_len) {
    seal_scalar s;
    seal_g1 k;
    seal_err err = parse_msk(&s, msk);
    if (err == SEAL_OK) {
        err = seal_ibe_extract(&k, &s, full_id, full_id_len);
    }
    if (err == SEAL_OK) {
        seal_g1_compress(usk, &k);
    } else {
        memset(usk, 0, 48);
    }
    seal_memzero(&s, sizeof s);
    seal_memzero(&k, sizeof k);
    return err;
}

seal_err seal_keys_verify_user_secret_key(const uint8_t usk[static 48], const uint8_t pk[static 96],
                                          const uint8_t *full_id, size_t full_id_len) {
    seal_g1 k, gid;
    seal_g2 p;
    seal_err err = seal_g1_decompress(&k, usk);
    if (err == SEAL_OK) {
        err = seal_g2_decompress(&p, pk);
    }
    if (err == SEAL_OK) {
        err = seal_ibe_hash_id(&gid, full_id, full_id_len);
    }
    if (err == SEAL_OK && !seal__ct_public(seal_ibe_verify_user_secret_key(&k, &p, &gid))) {
        err = SEAL_ERR_INVALID_KEY;
    }
    seal_memzero(&k, sizeof k);
    return err;
}

static void pop_hash(seal_g1 *h, const uint8_t pk[static 96], const uint8_t object_id[static 32]) {
    uint8_t m[sizeof SEAL_DST_POP - 1 + 96 + 32];
    const size_t dl = sizeof SEAL_DST_POP - 1;
    memcpy(m, SEAL_DST_POP, dl);
    memcpy(m + dl, pk, 96);
    memcpy(m + dl + 96, object_id, 32);
    seal_g1_hash_to_curve(h, m, sizeof m, (const uint8_t *)SEAL_DST_G1_HASH,
                          sizeof SEAL_DST_G1_HASH - 1);
}

seal_err seal_keys_pop_create(uint8_t pop[static 48], const uint8_t msk[static 32],
                              const uint8_t object_id[static 32]) {
    uint8_t pk[96];
    seal_scalar s;
    seal_g1 h;
    seal_err err = seal_keys_public_key(pk, msk);
    if (err == SEAL_OK) {
        err = parse_msk(&s, msk);
    }
    if (err == SEAL_OK) {
        pop_hash(&h, pk, object_id);
        seal_g1_mul(&h, &h, &s);
        seal_g1_compress(pop, &h);
    } else {
        memset(pop, 0, 48);
    }
    seal_memzero(&s, sizeof s);
    return err;
}

seal_err seal_keys_pop_verify(const uint8_t pop[static 48], const uint8_t pk[static 96],
                              const uint8_t object_id[static 32]) {
    seal_g1 p, h;
    seal_g2 q;
    seal_err err = seal_g1_decompress(&p, pop);
    if (err == SEAL_OK) {
        err = seal_g2_decompress(&q, pk);
    }
    if (err != SEAL_OK) {
        return err;
    }
    pop_hash(&h, pk, object_id);
    return seal_ibe_verify_user_secret_key(&p, &q, &h) ? SEAL_OK : SEAL_ERR_INVALID_KEY;
}
