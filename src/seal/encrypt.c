/* Seal encryption and decryption of whole objects, in memory. */
#include <string.h>

#include "bls/internal.h"
#include "seal/bcs.h"
#include "seal/encrypt.h"
#include "seal/ibe.h"
#include "seal/internal.h"
#include "seal/keys.h"
#include "seal/shamir.h"
#include "util/ct.h"

#define TRY(x)                                                                                     \
    do {                                                                                           \
        if ((err = (x)) != SEAL_OK) {                                                              \
            goto out;                                                                              \
        }                                                                                          \
    } while (0)

size_t seal__expand_servers(const seal_key_server *servers, size_t n_servers,
                            uint8_t (*object_ids)[32], uint8_t (*pks)[96], uint8_t *indices) {
    size_t n = 0;
    for (size_t i = 0; i < n_servers; i++) {
        if (servers[i].weight == 0) {
            return 0;
        }
        for (size_t w = 0; w < servers[i].weight; w++) {
            if (n >= SEAL_MAX_SERVICES) {
                return 0;
            }
            if (object_ids != NULL) {
                memcpy(object_ids[n], servers[i].object_id, 32);
            }
            if (pks != NULL) {
                memcpy(pks[n], servers[i].public_key, 96);
            }
            if (indices != NULL) {
                indices[n] = (uint8_t)(n + 1);
            }
            n++;
        }
    }
    return n;
}

/* Checks the parameters; returns the number of share positions or 0. */
static size_t check_params(const seal_encrypt_params *p, uint64_t msg_len) {
    if (p == NULL || p->package_id == NULL || p->servers == NULL || p->n_servers == 0 ||
        p->id_len > SEAL_MAX_ID_BYTES || (p->id == NULL && p->id_len > 0) ||
        (p->aad == NULL && p->aad_len > 0) || (p->aad_none && p->aad_len > 0) ||
        p->aad_len > SEAL_BCS_MAX_ULEB) {
        return 0;
    }
    if (p->dem != SEAL_DEM_AES_256_GCM && p->dem != SEAL_DEM_HMAC_256_CTR &&
        p->dem != SEAL_DEM_PLAIN) {
        return 0;
    }
    if (p->dem == SEAL_DEM_PLAIN && msg_len != 0) {
        return 0;
    }
    /* BCS vectors hold at most 2^31 - 1 bytes (Rust bcs MAX_SEQUENCE_LENGTH). */
    if (msg_len + SEAL_AES_GCM_TAG_BYTES > SEAL_BCS_MAX_ULEB) {
        return 0;
    }
    size_t n = seal__expand_servers(p->servers, p->n_servers, NULL, NULL, NULL);
    if (n == 0 || p->threshold < 1 || p->threshold > n) {
        return 0;
    }
    return n;
}

static uint64_t blob_len_for(seal_dem_type dem, uint64_t msg_len) {
    return dem == SEAL_DEM_AES_256_GCM ? msg_len + SEAL_AES_GCM_TAG_BYTES : msg_len;
}

/* Bytes after the ciphertext variant index: blob, aad option, mac. */
static uint64_t tail_size(const seal_encrypt_params *p, uint64_t msg_len) {
    if (p->dem == SEAL_DEM_PLAIN) {
        return 0;
    }
    uint64_t bl = blob_len_for(p->dem, msg_len);
    uint64_t s = seal_bcs_uleb128_size(bl) + bl + 1;
    if (!p->aad_none) {
        s += seal_bcs_uleb128_size(p->aad_len) + p->aad_len;
    }
    if (p->dem == SEAL_DEM_HMAC_256_CTR) {
        s += SEAL_HMAC_CTR_MAC_BYTES;
    }
    return s;
}

size_t seal_encrypt_size(const seal_encrypt_params *p, uint64_t msg_len) {
    size_t n = check_params(p, msg_len);
    if (n == 0) {
        return 0;
    }
    size_t header = 1 + 32 + seal_bcs_uleb128_size(p->id_len) + p->id_len +
                    seal_bcs_uleb128_size(n) + 33 * n + 1 + 1 + 96 + seal_bcs_uleb128_size(n) +
                    32 * n + 32 + 1;
    return header + (size_t)tail_size(p, msg_len);
}

seal_err seal_key_server_prepare(seal_prepared_key *out, const seal_key_server *server) {
    seal_g2 pk;
    seal_err err = seal_g2_decompress(&pk, server->public_key);
    if (err == SEAL_OK && seal_g2_is_identity(&pk)) {
        err = SEAL_ERR_IDENTITY;
    }
    if (err != SEAL_OK) {
        memset(out, 0, sizeof *out);
        return err;
    }
    memcpy(out->public_key, server->public_key, 96);
    seal_g2_prepare(&out->lines, &pk);
    return SEAL_OK;
}

/*
 * The KEM part of encryption: fills obj's header fields (everything but the ciphertext) and
 * the DEM key, drawing base key, Shamir coefficients and r from rng in the SDK's order.
 */
seal_err seal__encrypt_header(seal_object *obj, uint8_t dem_key[32], const seal_encrypt_params *p,
                              size_t n, const seal_rng *rng) {
    uint8_t base_key[32];
    uint8_t shares[SEAL_MAX_SERVICES][32];
    uint8_t pks[SEAL_MAX_SERVICES][96];
    uint8_t full_id[SEAL_IBE_MAX_FULL_ID_BYTES];
    uint8_t rbytes[32];
    uint8_t rk[32];
    size_t full_id_len = 0;
    seal_scalar r;
    seal_g1 gid;
    seal_err err = SEAL_OK;

    memset(obj, 0, sizeof *obj);
    obj->version = SEAL_OBJECT_VERSION;
    memcpy(obj->package_id, p->package_id, 32);
    obj->id = p->id;
    obj->id_len = p->id_len;
    obj->n_services =
        seal__expand_servers(p->servers, p->n_servers, obj->service_ids, pks, obj->service_indices);
    obj->threshold = p->threshold;
    obj->ibe_type = SEAL_IBE_BONEH_FRANKLIN_BLS12381;
    obj->dem = p->dem;
    obj->has_aad = !p->aad_none;
    obj->aad = p->aad;
    obj->aad_len = p->aad_len;
    if (obj->n_services != n) {
        err = SEAL_ERR_INTERNAL;
        goto out;
    }
    if (seal_rng_fill(rng, base_key, sizeof base_key) != SEAL_OK) {
        err = SEAL_ERR_RNG;
        goto out;
    }
    TRY(seal_shamir_split(shares, base_key, obj->service_indices, n, p->threshold, rng));
    TRY(seal_keys_random_scalar(&r, rng));
    TRY(seal_keys_full_id(full_id, sizeof full_id, &full_id_len, p->package_id, p->id, p->id_len));
    TRY(seal_ibe_hash_id(&gid, full_id, full_id_len));
    if (p->prepared != NULL) {
        /* position -> the prepared key of its server (weights repeat it) */
        const seal_g2_prepared *prep[SEAL_MAX_SERVICES];
        size_t pos = 0;
        for (size_t i = 0; i < p->n_servers; i++) {
            if (memcmp(p->prepared[i].public_key, p->servers[i].public_key, 96) != 0) {
                err = SEAL_ERR_INVALID_ARGUMENT;
                goto out;
            }
            for (size_t w = 0; w < p->servers[i].weight; w++) {
                prep[pos++] = &p->prepared[i].lines;
            }
        }
        TRY(seal_ibe_encrypt_shares_prepared(obj->nonce, obj->encrypted_shares, &r, &gid, prep,
                                             (const uint8_t(*)[32])obj->service_ids,
                                             obj->service_indices, (const uint8_t(*)[32])shares,
                                             n));
    } else {
        TRY(seal_ibe_encrypt_shares(obj->nonce, obj->encrypted_shares, &r, &gid,
                                    (const uint8_t(*)[96])pks,
                                    (const uint8_t(*)[32])obj->service_ids, obj->service_indices,
                                    (const uint8_t(*)[32])shares, n));
    }
    seal_kdf_derive_key(rk, SEAL_KEY_PURPOSE_ENCRYPTED_RANDOMNESS, base_key, p->threshold,
                        (const uint8_t(*)[32])obj->encrypted_shares,
                        (const uint8_t(*)[32])obj->service_ids, n);
    seal_scalar_to_bytes(rbytes, &r);
    for (size_t i = 0; i < 32; i++) {
        obj->encrypted_randomness[i] = (uint8_t)(rbytes[i] ^ rk[i]);
    }
    seal_kdf_derive_key(dem_key, SEAL_KEY_PURPOSE_DEM, base_key, p->threshold,
                        (const uint8_t(*)[32])obj->encrypted_shares,
                        (const uint8_t(*)[32])obj->service_ids, n);
out:
    if (err != SEAL_OK) {
        seal_memzero(dem_key, 32);
    }
    seal_memzero(base_key, sizeof base_key);
    seal_memzero(shares, sizeof shares);
    seal_memzero(rbytes, sizeof rbytes);
    seal_memzero(rk, sizeof rk);
    seal_memzero(&r, sizeof r);
    return err;
}

seal_err seal_encrypt(uint8_t *out, size_t cap, size_t *out_len, uint8_t *key_out,
                      const seal_encrypt_params *p, const uint8_t *msg, size_t msg_len,
                      const seal_rng *rng) {
    seal_object obj;
    uint8_t dem_key[32];
    seal_bcs_writer w;
    seal_err err = SEAL_OK;
    size_t need = seal_encrypt_size(p, msg_len);
    *out_len = 0;
    if (need == 0 || (msg == NULL && msg_len > 0)) {
        err = SEAL_ERR_INVALID_ARGUMENT;
        goto out;
    }
    if (out == NULL || cap < need) {
        *out_len = need;
        err = SEAL_ERR_LIMIT;
        goto out;
    }
    TRY(seal__encrypt_header(&obj, dem_key, p, check_params(p, msg_len), rng));
    seal_bcs_writer_init(&w, out, cap);
    seal__object_write_header(&w, &obj);
    if (p->dem != SEAL_DEM_PLAIN) {
        uint64_t bl = blob_len_for(p->dem, msg_len);
        seal_bcs_write_uleb128(&w, bl);
        uint8_t *blob = out + w.len;
        uint8_t mac[32];
        if (p->dem == SEAL_DEM_AES_256_GCM) {
            TRY(seal_dem_aes_encrypt(blob, dem_key, msg, msg_len, p->aad, p->aad_len));
        } else {
            TRY(seal_dem_hmac_ctr_encrypt(blob, mac, dem_key, msg, msg_len, p->aad, p->aad_len));
        }
        w.len += (size_t)bl;
        seal_bcs_write_bool(&w, !p->aad_none);
        if (!p->aad_none) {
            seal_bcs_write_bytes(&w, p->aad, p->aad_len);
        }
        if (p->dem == SEAL_DEM_HMAC_256_CTR) {
            seal_bcs_write_fixed(&w, mac, 32);
        }
    }
    TRY(seal_bcs_writer_finish(&w));
    if (w.len != need) {
        err = SEAL_ERR_INTERNAL;
        goto out;
    }
    *out_len = w.len;
    if (key_out != NULL) {
        memcpy(key_out, dem_key, 32);
    }
out:
    if (err != SEAL_OK && err != SEAL_ERR_LIMIT) {
        if (out != NULL && need != 0 && cap >= need) {
            seal_memzero(out, need);
        }
        *out_len = 0;
    }
    if (err != SEAL_OK && key_out != NULL) {
        seal_memzero(key_out, 32);
    }
    seal_memzero(dem_key, sizeof dem_key);
    return err;
}

/* ---- decryption ---- */

size_t seal_object_plaintext_size(const seal_object *obj) {
    switch (obj->dem) {
    case SEAL_DEM_AES_256_GCM:
        return obj->blob_len >= SEAL_AES_GCM_TAG_BYTES ? obj->blob_len - SEAL_AES_GCM_TAG_BYTES : 0;
    case SEAL_DEM_HMAC_256_CTR:
        return obj->blob_len;
    case SEAL_DEM_PLAIN:
        return SEAL_DEM_KEY_BYTES;
    }
    return 0;
}

static const seal_user_key *find_key(const seal_decrypt_params *p, const uint8_t id[32]) {
    for (size_t k = 0; k < p->n_keys; k++) {
        if (memcmp(p->keys[k].object_id, id, 32) == 0) {
            return &p->keys[k];
        }
    }
    return NULL;
}

static const seal_key_server *find_pk(const seal_decrypt_params *p, const uint8_t id[32]) {
    for (size_t k = 0; k < p->n_public_keys; k++) {
        if (memcmp(p->public_keys[k].object_id, id, 32) == 0) {
            return &p->public_keys[k];
        }
    }
    return NULL;
}

/* Parses candidate randomness bytes and checks rho * G2gen == nonce; returns 1 on success. */
static uint64_t try_randomness(seal_scalar *rho, const uint8_t bytes[32], const seal_g2 *nonce) {
    seal_g2 u;
    if (seal_scalar_from_bytes(rho, bytes) != SEAL_OK) {
        return 0;
    }
    seal_g2_mul_gen(&u, rho);
    return seal_g2_equal(&u, nonce) ? 1 : 0;
}

seal_err seal_decrypt_dem_key(uint8_t dem_key[static 32], const seal_object *obj,
                              const seal_decrypt_params *p) {
    uint8_t full_id[SEAL_IBE_MAX_FULL_ID_BYTES];
    uint8_t shares[SEAL_MAX_SERVICES][32];
    uint8_t idx[SEAL_MAX_SERVICES];
    const seal_user_key *key_at[SEAL_MAX_SERVICES]; /* the key for each position, or NULL */
    uint8_t gid_bytes[48];
    uint8_t base_key[32], rk[32], rho_bytes[32], rho_le[32], expect[32], got[32];
    size_t full_id_len = 0, m = 0;
    seal_g1 gid, usk, r_gid;
    seal_g2 nonce, pk;
    seal_g2_affine nonce_aff;
    seal_g2_prepared nonce_prep;
    seal_gt x, xs[SEAL_FINAL_EXP_BATCH_MAX];
    uint8_t gt[SEAL_GT_BYTES], pad[32];
    seal_scalar rho;
    seal_err err = SEAL_OK;
    const size_t n = obj->n_services;
    const bool consistency = p != NULL && p->public_keys != NULL;

    memset(dem_key, 0, 32);
    if (p == NULL || (p->keys == NULL && p->n_keys > 0)) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    TRY(seal__object_check(obj));
    /* The nonce's subgroup check runs on the point where its Miller-loop lines' preparation
     * ends (seal__g2_prepare_affine_check): the lines are computed once here, since the nonce is
     * the G2 argument of every pairing below. */
    TRY(seal__g2_decompress_on_curve(&nonce, obj->nonce));
    seal_g2_to_affine(&nonce_aff, &nonce);
    if (!seal__g2_prepare_affine_check(&nonce_prep, &nonce_aff)) {
        err = SEAL_ERR_NOT_IN_SUBGROUP;
        goto out;
    }
    /* Which positions have a key; the public keys must cover every service. */
    for (size_t i = 0; i < n; i++) {
        key_at[i] = find_key(p, obj->service_ids[i]);
        m += key_at[i] != NULL;
        if (consistency && find_pk(p, obj->service_ids[i]) == NULL) {
            err = SEAL_ERR_INVALID_ARGUMENT;
            goto out;
        }
    }
    if (m < obj->threshold) {
        err = SEAL_ERR_NOT_ENOUGH_SHARES;
        goto out;
    }
    TRY(seal_object_full_id(full_id, sizeof full_id, &full_id_len, obj));
    TRY(seal_ibe_hash_id(&gid, full_id, full_id_len));
    seal_g1_compress(gid_bytes, &gid);

    /* Decrypt every available share: a key used at several consecutive positions (a weighted
     * server) costs one pairing. The Miller loops of up to SEAL_FINAL_EXP_BATCH_MAX keys run
     * first, then their final exponentiations together (seal__final_exp_batch shares their
     * inversions), then the shares of those positions are opened. */
    m = 0;
    const seal_user_key *prev = NULL;
    for (size_t i = 0; i < n;) {
        size_t start = i, nx = 0;
        for (; i < n; i++) {
            const seal_user_key *k = key_at[i];
            if (k == NULL || k == prev) {
                continue;
            }
            if (nx == SEAL_FINAL_EXP_BATCH_MAX) {
                break;
            }
            if (seal_g1_decompress(&usk, k->key) != SEAL_OK) {
                err = SEAL_ERR_INVALID_KEY;
                goto out;
            }
            seal_miller_loop_prepared(&xs[nx++], &usk, &nonce_prep);
            prev = k;
        }
        seal__final_exp_batch(xs, xs, nx);
        const seal_user_key *open = NULL;
        size_t slot = 0;
        for (size_t j = start; j < i; j++) {
            const seal_user_key *k = key_at[j];
            if (k == NULL) {
                continue;
            }
            if (k != open) {
                seal_gt_to_bytes(gt, &xs[open == NULL ? 0 : ++slot]);
                open = k;
            }
            seal_kdf_share_bytes(pad, gt, obj->nonce, gid_bytes, obj->service_ids[j],
                                 obj->service_indices[j]);
            for (size_t b = 0; b < 32; b++) {
                shares[m][b] = (uint8_t)(obj->encrypted_shares[j][b] ^ pad[b]);
            }
            idx[m++] = obj->service_indices[j];
        }
    }
    /* The polynomials are those through the first t shares; the base key is their value at 0.
     * (With honest data this is the interpolation of all shares that upstream's SDKs compute;
     * the degree check below refuses the objects where the two differ.) */
    const size_t t = obj->threshold;
    TRY(seal_shamir_combine(base_key, idx, (const uint8_t(*)[32])shares, t));

    /* Randomness and nonce check. */
    seal_kdf_derive_key(rk, SEAL_KEY_PURPOSE_ENCRYPTED_RANDOMNESS, base_key, obj->threshold,
                        (const uint8_t(*)[32])obj->encrypted_shares,
                        (const uint8_t(*)[32])obj->service_ids, n);
    for (size_t i = 0; i < 32; i++) {
        rho_bytes[i] = (uint8_t)(obj->encrypted_randomness[i] ^ rk[i]);
        rho_le[31 - i] = rho_bytes[i];
    }
    uint64_t ok = 0;
    if (!consistency && (p->flags & SEAL_DECRYPT_ACCEPT_LE_RANDOMNESS) != 0) {
        ok = try_randomness(&rho, rho_le, &nonce);
    }
    if (!ok) {
        ok = try_randomness(&rho, rho_bytes, &nonce);
    }
    if (!seal__ct_public(ok)) { /* the randomness check's result is returned */
        err = SEAL_ERR_DECRYPTION;
        goto out;
    }

    /* Degree check: every other decrypted share lies on the polynomials through the first t
     * (Move's decryption refuses degree >= t likewise). Without it, an object whose shares lie
     * on a polynomial of higher degree decrypts for a holder of all keys and for no t-subset. */
    uint8_t diff = 0;
    for (size_t k = t; k < m; k++) {
        TRY(seal_shamir_interpolate(expect, idx, (const uint8_t(*)[32])shares, t, idx[k]));
        for (size_t b = 0; b < 32; b++) {
            diff |= (uint8_t)(shares[k][b] ^ expect[b]);
        }
    }

    /* Consistency (PROTOCOL.md 10 step 6): every share, at every position, recomputed from rho
     * and the server's public key, lies on the same polynomials. Positions with a key are
     * recomputed too: a wrong key (a server colluding with the encryptor) opens a share the
     * encryptor chose, which only the recomputation exposes. */
    if (consistency) {
        seal_g1_mul(&r_gid, &gid, &rho);
        const seal_key_server *prev_ks = NULL;
        for (size_t j = 0; j < n; j++) {
            const seal_key_server *ks = find_pk(p, obj->service_ids[j]);
            if (ks != prev_ks) {
                if (seal_g2_decompress(&pk, ks->public_key) != SEAL_OK) {
                    err = SEAL_ERR_INVALID_KEY;
                    goto out;
                }
                seal_pairing(&x, &r_gid, &pk);
                seal_gt_to_bytes(gt, &x);
                prev_ks = ks;
            }
            seal_kdf_share_bytes(pad, gt, obj->nonce, gid_bytes, obj->service_ids[j],
                                 obj->service_indices[j]);
            for (size_t b = 0; b < 32; b++) {
                got[b] = (uint8_t)(obj->encrypted_shares[j][b] ^ pad[b]);
            }
            TRY(seal_shamir_interpolate(expect, idx, (const uint8_t(*)[32])shares, t,
                                        obj->service_indices[j]));
            for (size_t b = 0; b < 32; b++) {
                diff |= (uint8_t)(got[b] ^ expect[b]);
            }
        }
    }
    if (seal__ct_public(diff != 0)) { /* shares on one polynomial or not: returned */
        err = SEAL_ERR_DECRYPTION;
        goto out;
    }
    seal_kdf_derive_key(dem_key, SEAL_KEY_PURPOSE_DEM, base_key, obj->threshold,
                        (const uint8_t(*)[32])obj->encrypted_shares,
                        (const uint8_t(*)[32])obj->service_ids, n);
out:
    if (err != SEAL_OK) {
        seal_memzero(dem_key, 32);
    }
    seal_memzero(shares, sizeof shares);
    seal_memzero(base_key, sizeof base_key);
    seal_memzero(rk, sizeof rk);
    seal_memzero(rho_bytes, sizeof rho_bytes);
    seal_memzero(rho_le, sizeof rho_le);
    seal_memzero(expect, sizeof expect);
    seal_memzero(got, sizeof got);
    seal_memzero(&rho, sizeof rho);
    seal_memzero(&usk, sizeof usk);
    seal_memzero(&r_gid, sizeof r_gid);
    seal_memzero(&x, sizeof x);
    seal_memzero(xs, sizeof xs);
    seal_memzero(gt, sizeof gt);
    seal_memzero(pad, sizeof pad);
    return err;
}

seal_err seal_decrypt_with_key(uint8_t *out, size_t cap, size_t *out_len, const seal_object *obj,
                               const uint8_t dem_key[static 32]) {
    size_t need = seal_object_plaintext_size(obj);
    seal_err err = SEAL_OK;
    static const uint8_t empty[1] = {0};
    const uint8_t *aad = obj->has_aad && obj->aad != NULL ? obj->aad : empty;
    size_t aad_len = obj->has_aad ? obj->aad_len : 0;
    *out_len = 0;
    if (cap < need || (out == NULL && need > 0)) {
        return SEAL_ERR_LIMIT;
    }
    switch (obj->dem) {
    case SEAL_DEM_AES_256_GCM:
        if (obj->blob_len < SEAL_AES_GCM_TAG_BYTES) {
            return SEAL_ERR_DECRYPTION;
        }
        err = seal_dem_aes_decrypt(out, dem_key, obj->blob, obj->blob_len, aad, aad_len);
        break;
    case SEAL_DEM_HMAC_256_CTR:
        err = seal_dem_hmac_ctr_decrypt(out, dem_key, obj->blob, obj->blob_len, aad, aad_len,
                                        obj->mac);
        break;
    case SEAL_DEM_PLAIN:
        memcpy(out, dem_key, SEAL_DEM_KEY_BYTES);
        break;
    default:
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    if (err == SEAL_OK) {
        *out_len = need;
    }
    return err;
}

seal_err seal_decrypt(uint8_t *out, size_t cap, size_t *out_len, const uint8_t *object,
                      size_t object_len, const seal_decrypt_params *p) {
    seal_object obj;
    uint8_t dem_key[32];
    seal_err err = SEAL_OK;
    *out_len = 0;
    TRY(seal_object_decode_no_point_check(&obj, object, object_len));
    if (cap < seal_object_plaintext_size(&obj)) {
        err = SEAL_ERR_LIMIT;
        goto out;
    }
    TRY(seal_decrypt_dem_key(dem_key, &obj, p));
    TRY(seal_decrypt_with_key(out, cap, out_len, &obj, dem_key));
out:
    if (err != SEAL_OK && out != NULL && cap > 0) {
        seal_memzero(out, cap);
        *out_len = 0;
    }
    seal_memzero(dem_key, sizeof dem_key);
    return err;
}
