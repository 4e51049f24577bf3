/* BLS min-sig signatures of the DKG messages (fastcrypto bls12381::min_sig, the standard "NUL"
 * scheme): public keys in G2, signatures sk * HG1(msg) in G1. */
#include <string.h>

#include "committee/internal.h"
#include "seal/keys.h"

static const uint8_t DST[] = SEAL_DKG_BLS_DST;

/* A canonical non-zero secret scalar (the rules of blst's SecretKey::from_bytes). */
static seal_err secret_scalar(seal_scalar *out, const uint8_t sk[static 32]) {
    seal_err err = seal_scalar_from_bytes(out, sk);
    if (err == SEAL_OK && seal__dkg_reveal(seal_scalar_is_zero(out))) {
        err = SEAL_ERR_INVALID_KEY;
    }
    if (err != SEAL_OK) {
        seal_memzero(out, sizeof *out);
        return SEAL_ERR_INVALID_KEY;
    }
    return SEAL_OK;
}

seal_err seal_dkg_bls_public_key(uint8_t pk[static 96], const uint8_t sk[static 32]) {
    /* The same map as a Seal master key's public key. */
    return seal_keys_public_key(pk, sk) == SEAL_OK ? SEAL_OK : SEAL_ERR_INVALID_KEY;
}

seal_err seal_dkg_bls_sign(uint8_t sig[static 48], const uint8_t sk[static 32], const uint8_t *msg,
                           size_t len) {
    seal_scalar s;
    seal_g1 h;
    seal_err err = secret_scalar(&s, sk);
    if (err == SEAL_OK) {
        seal_g1_hash_to_curve(&h, msg, len, DST, sizeof DST - 1);
        seal_g1_mul(&h, &h, &s);
        seal_g1_compress(sig, &h);
    } else {
        memset(sig, 0, 48);
    }
    seal_memzero(&s, sizeof s);
    return err;
}

seal_err seal_dkg_bls_verify(const uint8_t sig[static 48], const uint8_t pk[static 96],
                             const uint8_t *msg, size_t len) {
    seal_g1 p[2];
    seal_g2 q[2];
    seal_err err = seal_g1_decompress(&p[0], sig);
    if (err == SEAL_OK) {
        err = seal_g2_decompress(&q[1], pk);
    }
    if (err != SEAL_OK) {
        return err;
    }
    if (seal_g1_is_identity(&p[0]) || seal_g2_is_identity(&q[1])) {
        return SEAL_ERR_IDENTITY;
    }
    /* e(sig, -G2gen) * e(HG1(msg), pk) == 1 */
    seal_g2_generator(&q[0]);
    seal_g2_neg(&q[0], &q[0]);
    seal_g1_hash_to_curve(&p[1], msg, len, DST, sizeof DST - 1);
    return seal_pairing_product_is_one(p, q, 2) ? SEAL_OK : SEAL_ERR_INVALID_SIGNATURE;
}
