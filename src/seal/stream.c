/* Streaming encryption and decryption over reader/writer callbacks, in bounded memory. */
#include <string.h>

#include "seal/bcs.h"
#include "seal/bls12_381.h"
#include "seal/encrypt.h"
#include "seal/internal.h"

#define TRY(x)                                                                                     \
    do {                                                                                           \
        if ((err = (x)) != SEAL_OK) {                                                              \
            goto out;                                                                              \
        }                                                                                          \
    } while (0)

/* Chunk size of the payload loops. */
#define STREAM_CHUNK 16384

/* ---- buffered pull reader with absolute positions ---- */

typedef struct pull {
    const seal_reader *in;
    uint8_t buf[4096];
    size_t len, pos; /* valid bytes in buf, next unread byte */
    uint64_t base;   /* absolute offset of buf[0] */
    bool eof;
} pull;

static void pull_init(pull *r, const seal_reader *in) {
    memset(r, 0, sizeof *r);
    r->in = in;
}

static uint64_t pull_offset(const pull *r) {
    return r->base + r->pos;
}

static seal_err pull_fill(pull *r) {
    size_t got = 0;
    r->base += r->len;
    r->len = 0;
    r->pos = 0;
    if (r->eof) {
        return SEAL_OK;
    }
    seal_err err = r->in->read(r->in->ctx, r->buf, sizeof r->buf, &got);
    if (err != SEAL_OK) {
        return err;
    }
    if (got > sizeof r->buf) {
        return SEAL_ERR_IO;
    }
    r->len = got;
    if (got < sizeof r->buf) {
        r->eof = true;
    }
    return SEAL_OK;
}

/* Reads exactly n bytes; SEAL_ERR_INVALID_ENCODING at a premature end. */
static seal_err pull_bytes(pull *r, uint8_t *out, size_t n) {
    while (n > 0) {
        if (r->pos == r->len) {
            seal_err err = pull_fill(r);
            if (err != SEAL_OK) {
                return err;
            }
            if (r->len == 0) {
                return SEAL_ERR_INVALID_ENCODING;
            }
        }
        size_t k = r->len - r->pos < n ? r->len - r->pos : n;
        memcpy(out, r->buf + r->pos, k);
        r->pos += k;
        out += k;
        n -= k;
    }
    return SEAL_OK;
}

static seal_err pull_u8(pull *r, uint8_t *v) {
    return pull_bytes(r, v, 1);
}

/* ULEB128 with the same rules as seal_bcs_read_uleb128. */
static seal_err pull_uleb(pull *r, uint32_t *out) {
    uint8_t tmp[SEAL_BCS_MAX_ULEB_BYTES];
    seal_bcs_reader br;
    for (size_t i = 0; i < sizeof tmp; i++) {
        seal_err err = pull_u8(r, &tmp[i]);
        if (err != SEAL_OK) {
            return err;
        }
        if ((tmp[i] & 0x80) == 0) {
            seal_bcs_reader_init(&br, tmp, i + 1);
            err = seal_bcs_read_uleb128(&br, out);
            return err != SEAL_OK ? err : seal_bcs_reader_finish(&br);
        }
    }
    return SEAL_ERR_INVALID_ENCODING;
}

/* Moves to absolute offset off. */
static seal_err pull_seek(pull *r, uint64_t off) {
    if (off >= r->base && off <= r->base + r->len) {
        r->pos = (size_t)(off - r->base);
        return SEAL_OK;
    }
    if (r->in->seek == NULL) {
        /* Not seekable: only forward moves, by reading. */
        if (off < pull_offset(r)) {
            return SEAL_ERR_UNSUPPORTED;
        }
        while (off > r->base + r->len) {
            seal_err e = pull_fill(r);
            if (e != SEAL_OK) {
                return e;
            }
            if (r->len == 0) {
                return SEAL_ERR_INVALID_ENCODING;
            }
        }
        r->pos = (size_t)(off - r->base);
        return SEAL_OK;
    }
    seal_err err = r->in->seek(r->in->ctx, off);
    if (err != SEAL_OK) {
        return err;
    }
    r->base = off;
    r->len = 0;
    r->pos = 0;
    r->eof = false;
    return SEAL_OK;
}

/* True when no byte is left. */
static seal_err pull_at_end(pull *r, bool *end) {
    if (r->pos == r->len) {
        seal_err err = pull_fill(r);
        if (err != SEAL_OK) {
            return err;
        }
    }
    *end = r->pos == r->len;
    return SEAL_OK;
}

/* ---- streaming header decode ---- */

typedef struct stream_layout {
    uint64_t blob_off, aad_off;
} stream_layout;

static seal_err parse_stream(seal_object *obj, uint8_t *id_buf, stream_layout *lay, pull *r) {
    seal_err err = SEAL_OK;
    uint32_t v = 0;
    bool end = false;
    seal_g2 nonce;
    memset(obj, 0, sizeof *obj);
    memset(lay, 0, sizeof *lay);
    TRY(pull_u8(r, &obj->version));
    TRY(pull_bytes(r, obj->package_id, 32));
    TRY(pull_uleb(r, &v));
    if (v > SEAL_MAX_ID_BYTES) {
        err = SEAL_ERR_LIMIT;
        goto out;
    }
    obj->id_len = v;
    TRY(pull_bytes(r, id_buf, obj->id_len));
    obj->id = id_buf;
    TRY(pull_uleb(r, &v));
    if (v > SEAL_MAX_SERVICES) {
        err = SEAL_ERR_LIMIT;
        goto out;
    }
    obj->n_services = v;
    for (size_t i = 0; i < obj->n_services; i++) {
        TRY(pull_bytes(r, obj->service_ids[i], 32));
        TRY(pull_u8(r, &obj->service_indices[i]));
    }
    TRY(pull_u8(r, &obj->threshold));
    TRY(pull_uleb(r, &v));
    if (v != SEAL_IBE_BONEH_FRANKLIN_BLS12381) {
        err = SEAL_ERR_INVALID_ENCODING;
        goto out;
    }
    TRY(pull_bytes(r, obj->nonce, 96));
    TRY(pull_uleb(r, &v));
    if (v != obj->n_services) {
        err = SEAL_ERR_INVALID_ENCODING;
        goto out;
    }
    for (size_t i = 0; i < obj->n_services; i++) {
        TRY(pull_bytes(r, obj->encrypted_shares[i], 32));
    }
    TRY(pull_bytes(r, obj->encrypted_randomness, 32));
    TRY(pull_uleb(r, &v));
    if (v > SEAL_DEM_PLAIN) {
        err = SEAL_ERR_INVALID_ENCODING;
        goto out;
    }
    obj->dem = (seal_dem_type)v;
    if (obj->dem != SEAL_DEM_PLAIN) {
        uint8_t opt = 0;
        TRY(pull_uleb(r, &v));
        obj->blob_len = v;
        lay->blob_off = pull_offset(r);
        TRY(pull_seek(r, lay->blob_off + obj->blob_len));
        TRY(pull_u8(r, &opt));
        if (opt > 1) {
            err = SEAL_ERR_INVALID_ENCODING;
            goto out;
        }
        obj->has_aad = opt == 1;
        if (obj->has_aad) {
            TRY(pull_uleb(r, &v));
            obj->aad_len = v;
            lay->aad_off = pull_offset(r);
            TRY(pull_seek(r, lay->aad_off + obj->aad_len));
        }
        if (obj->dem == SEAL_DEM_HMAC_256_CTR) {
            TRY(pull_bytes(r, obj->mac, 32));
        }
    }
    TRY(pull_at_end(r, &end));
    if (!end) {
        err = SEAL_ERR_INVALID_ENCODING;
        goto out;
    }
    TRY(seal__object_check(obj));
    TRY(seal_g2_decompress(&nonce, obj->nonce));
out:
    if (err != SEAL_OK) {
        memset(obj, 0, sizeof *obj);
    }
    return err;
}

seal_err seal_object_decode_stream(seal_object *obj, uint8_t id_buf[static SEAL_MAX_ID_BYTES],
                                   const seal_reader *in) {
    pull r;
    stream_layout lay;
    if (in == NULL || in->read == NULL) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    pull_init(&r, in);
    return parse_stream(obj, id_buf, &lay, &r);
}

/* ---- streaming encryption ---- */

static seal_err put(const seal_writer *w, const uint8_t *p, size_t n) {
    return n == 0 ? SEAL_OK : w->write(w->ctx, p, n);
}

seal_err seal_encrypt_stream(const seal_writer *out, uint8_t *key_out, const seal_encrypt_params *p,
                             const seal_reader *in, uint64_t msg_len, const seal_rng *rng) {
    seal_object obj;
    seal_dem_ctx dem;
    bool dem_live = false;
    uint8_t dem_key[32];
    uint8_t head[1 + 32 + 5 + SEAL_MAX_ID_BYTES + 2 + 33 * SEAL_MAX_SERVICES + 2 + 96 + 2 +
                 32 * SEAL_MAX_SERVICES + 32 + 1 + 10];
    uint8_t chunk[STREAM_CHUNK];
    uint8_t tag[32];
    seal_bcs_writer w;
    seal_err err = SEAL_OK;

    if (out == NULL || out->write == NULL || in == NULL || in->read == NULL) {
        err = SEAL_ERR_INVALID_ARGUMENT;
        goto out;
    }
    size_t n = seal_encrypt_size(p, msg_len) == 0
                   ? 0
                   : seal__expand_servers(p->servers, p->n_servers, NULL, NULL, NULL);
    if (n == 0) {
        err = SEAL_ERR_INVALID_ARGUMENT;
        goto out;
    }
    TRY(seal__encrypt_header(&obj, dem_key, p, n, rng));
    seal_bcs_writer_init(&w, head, sizeof head);
    seal__object_write_header(&w, &obj);
    if (p->dem != SEAL_DEM_PLAIN) {
        seal_bcs_write_uleb128(&w, p->dem == SEAL_DEM_AES_256_GCM ? msg_len + 16 : msg_len);
    }
    TRY(seal_bcs_writer_finish(&w));
    TRY(put(out, head, w.len));
    if (p->dem == SEAL_DEM_PLAIN) {
        goto done;
    }
    TRY(seal_dem_ctx_init(&dem, p->dem, dem_key, true, p->aad_len));
    dem_live = true;
    TRY(seal_dem_ctx_aad(&dem, p->aad, p->aad_len));
    for (uint64_t done = 0; done < msg_len;) {
        size_t want = msg_len - done < sizeof chunk ? (size_t)(msg_len - done) : sizeof chunk;
        size_t got = 0;
        TRY(in->read(in->ctx, chunk, want, &got));
        if (got != want) {
            err = SEAL_ERR_IO;
            goto out;
        }
        TRY(seal_dem_ctx_update(&dem, chunk, chunk, got));
        TRY(put(out, chunk, got));
        done += got;
    }
    size_t tag_len = p->dem == SEAL_DEM_AES_256_GCM ? 16 : 32;
    TRY(seal_dem_ctx_encrypt_final(&dem, tag, tag_len));
    seal_bcs_writer_init(&w, head, sizeof head);
    if (p->dem == SEAL_DEM_AES_256_GCM) {
        seal_bcs_write_fixed(&w, tag, 16);
    }
    seal_bcs_write_bool(&w, !p->aad_none);
    if (!p->aad_none) {
        seal_bcs_write_uleb128(&w, p->aad_len);
    }
    TRY(seal_bcs_writer_finish(&w));
    TRY(put(out, head, w.len));
    if (!p->aad_none) {
        TRY(put(out, p->aad, p->aad_len));
    }
    if (p->dem == SEAL_DEM_HMAC_256_CTR) {
        TRY(put(out, tag, 32));
    }
done:
    if (key_out != NULL) {
        memcpy(key_out, dem_key, 32);
    }
out:
    if (dem_live) {
        seal_dem_ctx_clear(&dem);
    }
    if (err != SEAL_OK && key_out != NULL) {
        seal_memzero(key_out, 32);
    }
    seal_memzero(dem_key, sizeof dem_key);
    seal_memzero(chunk, sizeof chunk);
    return err;
}

/* ---- streaming decryption ---- */

/* Feeds [off, off + len) of the input to the DEM; writes the output when w != NULL. */
static seal_err stream_range(pull *r, seal_dem_ctx *dem, bool aad, uint64_t off, uint64_t len,
                             const seal_writer *w, uint8_t *chunk, uint8_t *plain) {
    seal_err err = pull_seek(r, off);
    while (err == SEAL_OK && len > 0) {
        size_t n = len < STREAM_CHUNK ? (size_t)len : STREAM_CHUNK;
        if ((err = pull_bytes(r, chunk, n)) != SEAL_OK) {
            break;
        }
        if (aad) {
            err = seal_dem_ctx_aad(dem, chunk, n);
        } else {
            err = seal_dem_ctx_update(dem, w != NULL ? plain : NULL, chunk, n);
            if (err == SEAL_OK && w != NULL) {
                err = put(w, plain, n);
            }
        }
        len -= n;
    }
    return err;
}

/* One pass over aad and ciphertext: verification only (w == NULL) or decryption to w. */
static seal_err dem_pass(pull *r, const seal_object *obj, const stream_layout *lay,
                         const uint8_t key[32], const seal_writer *w, uint8_t *chunk,
                         uint8_t *plain) {
    seal_dem_ctx dem;
    uint8_t tag[32];
    uint64_t ct_len = obj->dem == SEAL_DEM_AES_256_GCM ? obj->blob_len - 16 : obj->blob_len;
    uint64_t aad_len = obj->has_aad ? obj->aad_len : 0;
    seal_err err = seal_dem_ctx_init(&dem, obj->dem, key, false, aad_len);
    if (err == SEAL_OK && aad_len > 0) {
        err = stream_range(r, &dem, true, lay->aad_off, aad_len, NULL, chunk, plain);
    }
    if (err == SEAL_OK) {
        err = stream_range(r, &dem, false, lay->blob_off, ct_len, w, chunk, plain);
    }
    if (err == SEAL_OK) {
        if (obj->dem == SEAL_DEM_AES_256_GCM) {
            err = pull_bytes(r, tag, 16);
            if (err == SEAL_OK) {
                err = seal_dem_ctx_decrypt_final(&dem, tag, 16);
            }
        } else {
            err = seal_dem_ctx_decrypt_final(&dem, obj->mac, 32);
        }
    }
    seal_dem_ctx_clear(&dem);
    return err;
}

seal_err seal_decrypt_stream(const seal_writer *out, uint64_t *out_len, const seal_reader *in,
                             const seal_decrypt_params *p) {
    seal_object obj;
    stream_layout lay;
    pull r;
    uint8_t id_buf[SEAL_MAX_ID_BYTES];
    uint8_t dem_key[32];
    uint8_t chunk[STREAM_CHUNK];
    uint8_t plain[STREAM_CHUNK];
    seal_err err = SEAL_OK;
    if (out_len != NULL) {
        *out_len = 0;
    }
    if (out == NULL || out->write == NULL || in == NULL || in->read == NULL || p == NULL) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    pull_init(&r, in);
    TRY(parse_stream(&obj, id_buf, &lay, &r));
    if (obj.dem != SEAL_DEM_PLAIN && in->seek == NULL) {
        err = SEAL_ERR_UNSUPPORTED;
        goto out;
    }
    TRY(seal_decrypt_dem_key(dem_key, &obj, p));
    if (obj.dem == SEAL_DEM_PLAIN) {
        TRY(put(out, dem_key, 32));
    } else {
        /* Pass 2: authenticate without releasing anything. Pass 3: decrypt and write. */
        err = dem_pass(&r, &obj, &lay, dem_key, NULL, chunk, plain);
        if (err == SEAL_OK) {
            err = dem_pass(&r, &obj, &lay, dem_key, out, chunk, plain);
        }
        if (err == SEAL_ERR_INVALID_ENCODING) {
            err = SEAL_ERR_DECRYPTION; /* the input changed under us */
        }
        if (err != SEAL_OK) {
            goto out;
        }
    }
    if (out_len != NULL) {
        *out_len = seal_object_plaintext_size(&obj);
    }
out:
    seal_memzero(dem_key, sizeof dem_key);
    seal_memzero(plain, sizeof plain);
    return err;
}
