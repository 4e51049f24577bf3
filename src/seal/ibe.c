/* Batched Boneh-Franklin IBE KEM on BLS12-381, as Seal uses it. */
#include <string.h>

#include "bls/internal.h"
#include "seal/ibe.h"
#include "seal/internal.h"
#include "seal/kdf.h"
#include "seal/util.h"

seal_err seal_ibe_hash_id(seal_g1 *out, const uint8_t *full_id, size_t full_id_len) {
    uint8_t msg[sizeof SEAL_DST_ID - 1 + SEAL_IBE_MAX_FULL_ID_BYTES];
    const size_t dst_len = sizeof SEAL_DST_ID - 1;
    if (full_id_len > SEAL_IBE_MAX_FULL_ID_BYTES) {
        seal_g1_identity(out);
        return SEAL_ERR_LIMIT;
    }
    memcpy(msg, SEAL_DST_ID, dst_len);
    if (full_id_len > 0) {
        memcpy(msg + dst_len, full_id, full_id_len);
    }
    seal_g1_hash_to_curve(out, msg, dst_len + full_id_len, (const uint8_t *)SEAL_DST_G1_HASH,
                          sizeof SEAL_DST_G1_HASH - 1);
    return SEAL_OK;
}

seal_err seal_ibe_extract(seal_g1 *usk, const seal_scalar *msk, const uint8_t *full_id,
                          size_t full_id_len) {
    seal_g1 gid;
    seal_err err = seal_ibe_hash_id(&gid, full_id, full_id_len);
    if (err != SEAL_OK) {
        seal_g1_identity(usk);
        return err;
    }
    seal_g1_mul(usk, &gid, msk);
    return SEAL_OK;
}

bool seal_ibe_verify_user_secret_key(const seal_g1 *usk, const seal_g2 *pk, const seal_g1 *gid) {
    seal_g1 p[2];
    seal_g2 q[2];
    if (seal_g1_is_identity(usk) || seal_g2_is_identity(pk)) {
        return false;
    }
    /* e(usk, G2gen) == e(gid, pk)  <=>  e(usk, -G2gen) * e(gid, pk) == 1. */
    p[0] = *usk;
    p[1] = *gid;
    seal_g2_generator(&q[0]);
    seal_g2_neg(&q[0], &q[0]);
    q[1] = *pk;
    return seal_pairing_product_is_one(p, q, 2);
}

/* Affine forms of n <= SEAL_FINAL_EXP_BATCH_MAX points of G2 other than the identity (public
 * keys), with one shared inversion of their Z coordinates (Montgomery's trick). */
static void g2_batch_to_affine(seal_g2_affine *out, const seal_g2 *p, size_t n) {
    fp2 pre[SEAL_FINAL_EXP_BATCH_MAX], inv, zi;
    if (n == 0) {
        return;
    }
    pre[0] = p[0].z;
    for (size_t i = 1; i < n; i++) {
        seal__fp2_mul(&pre[i], &pre[i - 1], &p[i].z);
    }
    seal__fp2_inv(&inv, &pre[n - 1]); /* 1 / (z_0 ... z_{n-1}) */
    for (size_t i = n; i-- > 0;) {
        if (i > 0) {
            seal__fp2_mul(&zi, &inv, &pre[i - 1]);
            seal__fp2_mul(&inv, &inv, &p[i].z);
        } else {
            zi = inv;
        }
        seal__fp2_mul(&out[i].x, &p[i].x, &zi);
        seal__fp2_mul(&out[i].y, &p[i].y, &zi);
        out[i].infinity = false;
    }
}

/* The pairings e(r gid, pk_i) of up to SEAL_FINAL_EXP_BATCH_MAX distinct consecutive keys run
 * side by side: r gid is made affine once and the final exponentiations share their inversions.
 * The keys come either compressed (pks: decoded, checked on the Miller loop's final point) or
 * prepared (prep[i], seal_key_server_prepare: validated before, lines computed); in both cases
 * position i starts a new key when it differs from position i - 1. */
static seal_err encrypt_shares(uint8_t nonce[static 96], uint8_t (*encrypted_shares)[32],
                               const seal_scalar *r, const seal_g1 *gid, const uint8_t (*pks)[96],
                               const seal_g2_prepared *const *prep, const uint8_t (*object_ids)[32],
                               const uint8_t *indices, const uint8_t (*shares)[32], size_t n) {
    seal_g1 r_gid;
    seal_g1_affine r_gid_aff;
    seal_g2 u, pk[SEAL_FINAL_EXP_BATCH_MAX];
    seal_g2_affine pk_aff[SEAL_FINAL_EXP_BATCH_MAX];
    fp12 x[SEAL_FINAL_EXP_BATCH_MAX];
    uint8_t gt[SEAL_GT_BYTES];
    uint8_t gid_bytes[48];
    uint8_t pad[32];
    seal_err err = SEAL_OK;
    if (n < 1 || n > 255) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
#define NEW_KEY(i) (pks != NULL ? memcmp(pks[i], pks[(i)-1], 96) != 0 : prep[i] != prep[(i)-1])
    seal_g2_mul_gen(&u, r);
    seal_g2_compress(nonce, &u);
    seal_g1_compress(gid_bytes, gid);
    seal_g1_mul(&r_gid, gid, r);
    seal_g1_to_affine(&r_gid_aff, &r_gid);
    for (size_t start = 0; start < n;) {
        /* Keys start .. end-1 hold m distinct runs; a key repeated at consecutive positions (a
         * weighted server) gives the same X. */
        size_t m = 0, end = start;
        for (; end < n; end++) {
            if (end == start || NEW_KEY(end)) {
                if (m == SEAL_FINAL_EXP_BATCH_MAX) {
                    break;
                }
                if (pks == NULL) {
                    seal__miller_loop_prepared_affine(&x[m], &r_gid_aff, prep[end]);
                } else {
                    /* on the curve only: the subgroup check runs on the Miller loop's final
                     * point */
                    if ((err = seal__g2_decompress_on_curve(&pk[m], pks[end])) != SEAL_OK) {
                        goto out;
                    }
                    if (seal_g2_is_identity(&pk[m])) {
                        err = SEAL_ERR_IDENTITY;
                        goto out;
                    }
                }
                m++;
            }
        }
        if (pks != NULL) {
            g2_batch_to_affine(pk_aff, pk, m);
            for (size_t k = 0; k < m; k++) {
                /* a public outcome: whether the public key is in G2 */
                if (!seal__miller_loop_affine_g2_check(&x[k], &r_gid_aff, &pk_aff[k])) {
                    err = SEAL_ERR_NOT_IN_SUBGROUP;
                    goto out;
                }
            }
        }
        seal__final_exp_batch(x, x, m);
        size_t slot = 0;
        for (size_t i = start; i < end; i++) {
            if (i == start) {
                seal_gt_to_bytes(gt, &x[0]);
            } else if (NEW_KEY(i)) {
                seal_gt_to_bytes(gt, &x[++slot]);
            }
            seal_kdf_share_bytes(pad, gt, nonce, gid_bytes, object_ids[i], indices[i]);
            for (size_t j = 0; j < 32; j++) {
                encrypted_shares[i][j] = (uint8_t)(shares[i][j] ^ pad[j]);
            }
        }
        start = end;
    }
#undef NEW_KEY
out:
    if (err != SEAL_OK) {
        seal_memzero(encrypted_shares, n * 32);
        seal_memzero(nonce, 96);
    }
    seal_memzero(&r_gid, sizeof r_gid);
    seal_memzero(&r_gid_aff, sizeof r_gid_aff);
    seal_memzero(x, sizeof x);
    seal_memzero(gt, sizeof gt);
    seal_memzero(pad, sizeof pad);
    return err;
}

seal_err seal_ibe_encrypt_shares(uint8_t nonce[static 96], uint8_t (*encrypted_shares)[32],
                                 const seal_scalar *r, const seal_g1 *gid, const uint8_t (*pks)[96],
                                 const uint8_t (*object_ids)[32], const uint8_t *indices,
                                 const uint8_t (*shares)[32], size_t n) {
    return encrypt_shares(nonce, encrypted_shares, r, gid, pks, NULL, object_ids, indices, shares,
                          n);
}

seal_err seal_ibe_encrypt_shares_prepared(uint8_t nonce[static 96], uint8_t (*encrypted_shares)[32],
                                          const seal_scalar *r, const seal_g1 *gid,
                                          const seal_g2_prepared *const *pks,
                                          const uint8_t (*object_ids)[32], const uint8_t *indices,
                                          const uint8_t (*shares)[32], size_t n) {
    return encrypt_shares(nonce, encrypted_shares, r, gid, NULL, pks, object_ids, indices, shares,
                          n);
}

static void share_from_gt(uint8_t share[static 32], const seal_gt *x,
                          const uint8_t nonce_bytes[static 96], const uint8_t gid_bytes[static 48],
                          const uint8_t object_id[static 32], uint8_t index,
                          const uint8_t encrypted_share[static 32]) {
    uint8_t pad[32];
    seal_kdf_share(pad, x, nonce_bytes, gid_bytes, object_id, index);
    for (size_t j = 0; j < 32; j++) {
        share[j] = (uint8_t)(encrypted_share[j] ^ pad[j]);
    }
    seal_memzero(pad, sizeof pad);
}

void seal_ibe_decrypt_share(uint8_t share[static 32], const seal_g1 *usk, const seal_g2 *nonce,
                            const uint8_t nonce_bytes[static 96],
                            const uint8_t gid_bytes[static 48], const uint8_t object_id[static 32],
                            uint8_t index, const uint8_t encrypted_share[static 32]) {
    seal_gt x;
    seal_pairing(&x, usk, nonce);
    share_from_gt(share, &x, nonce_bytes, gid_bytes, object_id, index, encrypted_share);
    seal_memzero(&x, sizeof x);
}

void seal_ibe_decrypt_share_prepared(uint8_t share[static 32], const seal_g1 *usk,
                                     const seal_g2_prepared *nonce,
                                     const uint8_t nonce_bytes[static 96],
                                     const uint8_t gid_bytes[static 48],
                                     const uint8_t object_id[static 32], uint8_t index,
                                     const uint8_t encrypted_share[static 32]) {
    seal_gt x;
    seal_pairing_prepared(&x, usk, nonce);
    share_from_gt(share, &x, nonce_bytes, gid_bytes, object_id, index, encrypted_share);
    seal_memzero(&x, sizeof x);
}

void seal_ibe_decrypt_share_with_randomness(uint8_t share[static 32], const seal_g1 *r_gid,
                                            const seal_g2 *pk, const uint8_t nonce_bytes[static 96],
                                            const uint8_t gid_bytes[static 48],
                                            const uint8_t object_id[static 32], uint8_t index,
                                            const uint8_t encrypted_share[static 32]) {
    seal_gt x;
    seal_pairing(&x, r_gid, pk);
    share_from_gt(share, &x, nonce_bytes, gid_bytes, object_id, index, encrypted_share);
    seal_memzero(&x, sizeof x);
}

void seal_kdf_share(uint8_t out[static 32], const seal_gt *x, const uint8_t nonce[static 96],
                    const uint8_t gid[static 48], const uint8_t object_id[static 32],
                    uint8_t index) {
    uint8_t gt[SEAL_GT_BYTES];
    seal_gt_to_bytes(gt, x);
    seal_kdf_share_bytes(out, gt, nonce, gid, object_id, index);
    seal_memzero(gt, sizeof gt);
}
