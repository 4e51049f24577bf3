/* EncryptedObject BCS encoding and strict decoding (without the point check; see
 * object_point.c for seal_object_decode). */
#include <string.h>

#include "seal/bcs.h"
#include "seal/internal.h"
#include "seal/object.h"

#define TRY(x)                                                                                     \
    do {                                                                                           \
        if ((err = (x)) != SEAL_OK) {                                                              \
            goto out;                                                                              \
        }                                                                                          \
    } while (0)

seal_err seal__object_check(const seal_object *obj) {
    bool seen[256] = {false};
    if (obj->version != SEAL_OBJECT_VERSION || obj->ibe_type != SEAL_IBE_BONEH_FRANKLIN_BLS12381) {
        return SEAL_ERR_INVALID_ENCODING;
    }
    if (obj->n_services < 1 || obj->n_services > SEAL_MAX_SERVICES) {
        return SEAL_ERR_INVALID_ENCODING;
    }
    if (obj->threshold < 1 || obj->threshold > obj->n_services) {
        return SEAL_ERR_INVALID_ENCODING;
    }
    for (size_t i = 0; i < obj->n_services; i++) {
        uint8_t x = obj->service_indices[i];
        if (x == 0 || seen[x]) {
            return SEAL_ERR_INVALID_ENCODING;
        }
        seen[x] = true;
    }
    if (obj->dem != SEAL_DEM_AES_256_GCM && obj->dem != SEAL_DEM_HMAC_256_CTR &&
        obj->dem != SEAL_DEM_PLAIN) {
        return SEAL_ERR_INVALID_ENCODING;
    }
    if (obj->dem == SEAL_DEM_AES_256_GCM && obj->blob_len < SEAL_AES_GCM_TAG_BYTES) {
        return SEAL_ERR_INVALID_ENCODING;
    }
    if (obj->id_len > SEAL_MAX_ID_BYTES) {
        return SEAL_ERR_LIMIT;
    }
    return SEAL_OK;
}

seal_err seal_object_decode_no_point_check(seal_object *out, const uint8_t *bytes, size_t len) {
    seal_bcs_reader r;
    seal_err err = SEAL_OK;
    size_t n = 0;
    size_t n_shares = 0;
    uint32_t variant = 0;
    memset(out, 0, sizeof *out);
    seal_bcs_reader_init(&r, bytes, len);

    TRY(seal_bcs_read_u8(&r, &out->version));
    TRY(seal_bcs_read_fixed(&r, out->package_id, sizeof out->package_id));
    if ((err = seal_bcs_read_bytes(&r, SEAL_MAX_ID_BYTES, &out->id, &out->id_len)) != SEAL_OK) {
        goto out;
    }
    if ((err = seal_bcs_read_len(&r, SEAL_MAX_SERVICES, &n)) != SEAL_OK) {
        goto out;
    }
    out->n_services = n;
    for (size_t i = 0; i < n; i++) {
        TRY(seal_bcs_read_fixed(&r, out->service_ids[i], SEAL_OBJECT_ID_BYTES));
        TRY(seal_bcs_read_u8(&r, &out->service_indices[i]));
    }
    TRY(seal_bcs_read_u8(&r, &out->threshold));
    if ((err = seal_bcs_read_variant(&r, 1, &variant)) != SEAL_OK) {
        goto out;
    }
    out->ibe_type = (uint8_t)variant;
    TRY(seal_bcs_read_fixed(&r, out->nonce, sizeof out->nonce));
    if ((err = seal_bcs_read_len(&r, SEAL_MAX_SERVICES, &n_shares)) != SEAL_OK) {
        goto out;
    }
    if (n_shares != n) {
        err = SEAL_ERR_INVALID_ENCODING;
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        TRY(seal_bcs_read_fixed(&r, out->encrypted_shares[i], 32));
    }
    TRY(seal_bcs_read_fixed(&r, out->encrypted_randomness, 32));
    if ((err = seal_bcs_read_variant(&r, 3, &variant)) != SEAL_OK) {
        goto out;
    }
    out->dem = (seal_dem_type)variant;
    if (out->dem != SEAL_DEM_PLAIN) {
        if ((err = seal_bcs_read_bytes(&r, SEAL_BCS_MAX_ULEB, &out->blob, &out->blob_len)) !=
            SEAL_OK) {
            goto out;
        }
        if ((err = seal_bcs_read_option(&r, &out->has_aad)) != SEAL_OK) {
            goto out;
        }
        if (out->has_aad && (err = seal_bcs_read_bytes(&r, SEAL_BCS_MAX_ULEB, &out->aad,
                                                       &out->aad_len)) != SEAL_OK) {
            goto out;
        }
        if (out->dem == SEAL_DEM_HMAC_256_CTR) {
            TRY(seal_bcs_read_fixed(&r, out->mac, sizeof out->mac));
        }
    }
    if ((err = seal_bcs_reader_finish(&r)) != SEAL_OK) {
        goto out;
    }
    err = seal__object_check(out);
out:
    if (err != SEAL_OK) {
        memset(out, 0, sizeof *out);
    }
    return err;
}

void seal__object_write_header(seal_bcs_writer *w, const seal_object *obj) {
    seal_bcs_write_u8(w, obj->version);
    seal_bcs_write_fixed(w, obj->package_id, sizeof obj->package_id);
    seal_bcs_write_bytes(w, obj->id, obj->id_len);
    seal_bcs_write_uleb128(w, obj->n_services);
    for (size_t i = 0; i < obj->n_services; i++) {
        seal_bcs_write_fixed(w, obj->service_ids[i], SEAL_OBJECT_ID_BYTES);
        seal_bcs_write_u8(w, obj->service_indices[i]);
    }
    seal_bcs_write_u8(w, obj->threshold);
    seal_bcs_write_uleb128(w, obj->ibe_type);
    seal_bcs_write_fixed(w, obj->nonce, sizeof obj->nonce);
    seal_bcs_write_uleb128(w, obj->n_services);
    for (size_t i = 0; i < obj->n_services; i++) {
        seal_bcs_write_fixed(w, obj->encrypted_shares[i], 32);
    }
    seal_bcs_write_fixed(w, obj->encrypted_randomness, 32);
    seal_bcs_write_uleb128(w, (uint64_t)obj->dem);
}

static void write_object(seal_bcs_writer *w, const seal_object *obj) {
    seal__object_write_header(w, obj);
    if (obj->dem == SEAL_DEM_PLAIN) {
        return;
    }
    seal_bcs_write_bytes(w, obj->blob, obj->blob_len);
    seal_bcs_write_bool(w, obj->has_aad);
    if (obj->has_aad) {
        seal_bcs_write_bytes(w, obj->aad, obj->aad_len);
    }
    if (obj->dem == SEAL_DEM_HMAC_256_CTR) {
        seal_bcs_write_fixed(w, obj->mac, sizeof obj->mac);
    }
}

size_t seal_object_encoded_size(const seal_object *obj) {
    seal_bcs_writer w;
    seal_bcs_writer_init(&w, NULL, 0);
    write_object(&w, obj);
    return w.len;
}

seal_err seal_object_encode(uint8_t *out, size_t cap, size_t *out_len, const seal_object *obj) {
    seal_bcs_writer w;
    seal_err err = seal__object_check(obj);
    *out_len = 0;
    if (err != SEAL_OK) {
        return err == SEAL_ERR_LIMIT ? err : SEAL_ERR_INVALID_ARGUMENT;
    }
    if (obj->has_aad == false && obj->aad_len != 0) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    seal_bcs_writer_init(&w, out, cap);
    write_object(&w, obj);
    *out_len = w.len;
    return seal_bcs_writer_finish(&w);
}

seal_err seal_object_full_id(uint8_t *out, size_t cap, size_t *out_len, const seal_object *obj) {
    *out_len = 0;
    if (obj->id_len > SEAL_MAX_ID_BYTES || cap < SEAL_OBJECT_ID_BYTES + obj->id_len) {
        return SEAL_ERR_LIMIT;
    }
    memcpy(out, obj->package_id, SEAL_OBJECT_ID_BYTES);
    if (obj->id_len > 0) {
        memcpy(out + SEAL_OBJECT_ID_BYTES, obj->id, obj->id_len);
    }
    *out_len = SEAL_OBJECT_ID_BYTES + obj->id_len;
    return SEAL_OK;
}
