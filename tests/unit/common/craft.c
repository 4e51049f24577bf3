#include "craft.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "seal/dem.h"
#include "seal/ibe.h"
#include "seal/kdf.h"
#include "seal/keys.h"
#include "seal/object.h"
#include "seal/shamir.h"

size_t tu_craft_object(uint8_t *out, size_t cap, const tu_craft *c) {
    seal_object *o = calloc(1, sizeof *o);
    assert_non_null(o);
    uint8_t full_id[32 + 256], gid_bytes[48], rk[32], dem[32];
    size_t full_id_len = 0;
    seal_scalar r;
    seal_g1 gid;
    seal_g2 nonce;
    assert_true(c->n >= 1 && c->n <= SEAL_MAX_SERVICES && c->id_len <= 256);
    o->version = 0;
    memcpy(o->package_id, c->package_id, 32);
    o->id = c->id;
    o->id_len = c->id_len;
    o->n_services = c->n;
    for (size_t i = 0; i < c->n; i++) {
        memcpy(o->service_ids[i], c->ids[i], 32);
        o->service_indices[i] = c->indices[i];
    }
    o->threshold = c->threshold;
    o->ibe_type = SEAL_IBE_BONEH_FRANKLIN_BLS12381;
    assert_int_equal(seal_scalar_from_bytes(&r, c->randomness), SEAL_OK);
    assert_int_equal(
        seal_keys_full_id(full_id, sizeof full_id, &full_id_len, c->package_id, c->id, c->id_len),
        SEAL_OK);
    assert_int_equal(seal_ibe_hash_id(&gid, full_id, full_id_len), SEAL_OK);
    seal_g1_compress(gid_bytes, &gid);
    assert_int_equal(seal_ibe_encrypt_shares(o->nonce, o->encrypted_shares, &r, &gid, c->pks,
                                             c->ids, c->indices, c->shares, c->n),
                     SEAL_OK);
    assert_int_equal(seal_g2_decompress(&nonce, o->nonce), SEAL_OK);
    for (size_t i = 0; i < c->n; i++) {
        if (c->pad_keys == NULL || c->pad_keys[i] == NULL) {
            continue;
        }
        seal_g1 usk;
        assert_int_equal(seal_g1_decompress(&usk, c->pad_keys[i]), SEAL_OK);
        /* decryption XORs the pad: applied to the share it gives the ciphertext */
        seal_ibe_decrypt_share(o->encrypted_shares[i], &usk, &nonce, o->nonce, gid_bytes, c->ids[i],
                               c->indices[i], c->shares[i]);
    }
    seal_kdf_derive_key(rk, SEAL_KEY_PURPOSE_ENCRYPTED_RANDOMNESS, c->base_key, c->threshold,
                        (const uint8_t(*)[32])o->encrypted_shares,
                        (const uint8_t(*)[32])o->service_ids, c->n);
    for (size_t i = 0; i < 32; i++) {
        o->encrypted_randomness[i] = (uint8_t)(c->randomness[i] ^ rk[i]);
    }
    seal_kdf_derive_key(dem, SEAL_KEY_PURPOSE_DEM, c->base_key, c->threshold,
                        (const uint8_t(*)[32])o->encrypted_shares,
                        (const uint8_t(*)[32])o->service_ids, c->n);
    uint8_t *blob = malloc(c->msg_len + 1);
    assert_non_null(blob);
    assert_int_equal(seal_dem_hmac_ctr_encrypt(blob, o->mac, dem, c->msg, c->msg_len, c->aad,
                                               c->aad != NULL ? c->aad_len : 0),
                     SEAL_OK);
    o->dem = SEAL_DEM_HMAC_256_CTR;
    o->blob = blob;
    o->blob_len = c->msg_len;
    o->has_aad = c->aad != NULL;
    o->aad = c->aad;
    o->aad_len = c->aad != NULL ? c->aad_len : 0;
    size_t len = 0;
    assert_int_equal(seal_object_encode(out, cap, &len, o), SEAL_OK);
    free(blob);
    free(o);
    return len;
}

void tu_craft_poly_shares(uint8_t (*shares)[32], const uint8_t *indices, size_t n,
                          const uint8_t (*coef)[32], size_t n_coef) {
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < 32; j++) {
            uint8_t acc = 0, xk = 1;
            for (size_t k = 0; k < n_coef; k++) {
                acc ^= seal_gf256_mul(coef[k][j], xk);
                xk = seal_gf256_mul(xk, indices[i]);
            }
            shares[i][j] = acc;
        }
    }
}
