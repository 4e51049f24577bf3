/*
 * Audit records (BCS, docs/audit.md "Record") and the digest of the signed request a record
 * names.
 */
#include <sodium.h>
#include <string.h>

#include "audit/internal.h"
#include "seal/audit.h"

enum { OUTCOME_GRANTED = 0, OUTCOME_REFUSED = 1, OUTCOME_VARIANTS = 2 };

static void write_opt32(seal_bcs_writer *w, bool present, const uint8_t v[32]) {
    seal_bcs_write_u8(w, present ? 1 : 0);
    if (present)
        seal_bcs_write_fixed(w, v, 32);
}

void seal_audit_record_write(seal_bcs_writer *w, const seal_audit_record *r) {
    seal_bcs_write_u8(w, SEAL_AUDIT_VERSION);
    seal_bcs_write_u64(w, r->seq);
    seal_bcs_write_u64(w, r->time_ms);
    write_opt32(w, r->has_key_server, r->key_server);
    seal_bcs_write_fixed(w, r->request_digest, 32);
    seal_bcs_write_fixed(w, r->user, 32);
    seal_bcs_write_fixed(w, r->session_vk, 32);
    write_opt32(w, r->has_package, r->package);
    size_t n = r->n_ids < SEAL_AUDIT_MAX_IDS ? r->n_ids : SEAL_AUDIT_MAX_IDS;
    seal_bcs_write_uleb128(w, n);
    for (size_t i = 0; i < n; i++)
        seal_bcs_write_bytes(w, r->ids[i].ptr, r->ids[i].len);
    if (r->granted) {
        seal_bcs_write_uleb128(w, OUTCOME_GRANTED);
    } else {
        size_t el = strnlen(r->error, sizeof r->error - 1);
        seal_bcs_write_uleb128(w, OUTCOME_REFUSED);
        seal_bcs_write_bytes(w, (const uint8_t *)r->error, el);
    }
    seal_bcs_write_u64(w, r->allowed_staleness_ms);
    seal_bcs_write_u8(w, r->has_checkpoint ? 1 : 0);
    if (r->has_checkpoint)
        seal_bcs_write_u64(w, r->checkpoint);
}

static seal_err read_opt32(seal_bcs_reader *rd, bool *present, uint8_t out[32]) {
    seal_err err = seal_bcs_read_option(rd, present);
    if (err == SEAL_OK && *present)
        err = seal_bcs_read_fixed(rd, out, 32);
    return err;
}

seal_err seal_audit_record_decode(seal_audit_record *r, const uint8_t *in, size_t len) {
    seal_bcs_reader rd;
    uint8_t version = 0;
    uint32_t outcome = 0;
    seal_err err;
    memset(r, 0, sizeof *r);
    if (in == NULL || len > SEAL_AUDIT_RECORD_MAX_BYTES)
        return SEAL_ERR_INVALID_ENCODING;
    seal_bcs_reader_init(&rd, in, len);
    if ((err = seal_bcs_read_u8(&rd, &version)) != SEAL_OK)
        goto fail;
    if (version != SEAL_AUDIT_VERSION) {
        err = SEAL_ERR_UNSUPPORTED;
        goto fail;
    }
    if ((err = seal_bcs_read_u64(&rd, &r->seq)) != SEAL_OK ||
        (err = seal_bcs_read_u64(&rd, &r->time_ms)) != SEAL_OK ||
        (err = read_opt32(&rd, &r->has_key_server, r->key_server)) != SEAL_OK ||
        (err = seal_bcs_read_fixed(&rd, r->request_digest, 32)) != SEAL_OK ||
        (err = seal_bcs_read_fixed(&rd, r->user, 32)) != SEAL_OK ||
        (err = seal_bcs_read_fixed(&rd, r->session_vk, 32)) != SEAL_OK ||
        (err = read_opt32(&rd, &r->has_package, r->package)) != SEAL_OK ||
        (err = seal_bcs_read_len(&rd, SEAL_AUDIT_MAX_IDS, &r->n_ids)) != SEAL_OK)
        goto fail;
    for (size_t i = 0; i < r->n_ids; i++)
        if ((err = seal_bcs_read_bytes(&rd, SEAL_AUDIT_RECORD_MAX_BYTES, &r->ids[i].ptr,
                                       &r->ids[i].len)) != SEAL_OK)
            goto fail;
    if ((err = seal_bcs_read_variant(&rd, OUTCOME_VARIANTS, &outcome)) != SEAL_OK)
        goto fail;
    r->granted = outcome == OUTCOME_GRANTED;
    if (!r->granted) {
        const uint8_t *name = NULL;
        size_t nl = 0;
        if ((err = seal_bcs_read_bytes(&rd, sizeof r->error - 1, &name, &nl)) != SEAL_OK)
            goto fail;
        /* an error name: 1..47 printable ASCII characters */
        if (nl == 0) {
            err = SEAL_ERR_INVALID_ENCODING;
            goto fail;
        }
        for (size_t i = 0; i < nl; i++)
            if (name[i] < 0x21 || name[i] > 0x7e) {
                err = SEAL_ERR_INVALID_ENCODING;
                goto fail;
            }
        memcpy(r->error, name, nl);
        r->error[nl] = '\0';
    }
    if ((err = seal_bcs_read_u64(&rd, &r->allowed_staleness_ms)) != SEAL_OK ||
        (err = seal_bcs_read_option(&rd, &r->has_checkpoint)) != SEAL_OK)
        goto fail;
    if (r->has_checkpoint && (err = seal_bcs_read_u64(&rd, &r->checkpoint)) != SEAL_OK)
        goto fail;
    if ((err = seal_bcs_reader_finish(&rd)) != SEAL_OK)
        goto fail;
    return SEAL_OK;
fail:
    memset(r, 0, sizeof *r);
    return err == SEAL_ERR_UNSUPPORTED ? err : SEAL_ERR_INVALID_ENCODING;
}

/* ---- the signed request ------------------------------------------------------------------- */

typedef struct hash_writer {
    crypto_hash_sha256_state st;
} hash_writer;

static void hw_fixed(hash_writer *h, const uint8_t *p, size_t n) {
    if (n > 0)
        crypto_hash_sha256_update(&h->st, p, n);
}

static void hw_uleb(hash_writer *h, uint64_t v) {
    uint8_t b[10];
    size_t n = seal_bcs_uleb128_encode(b, v);
    hw_fixed(h, b, n);
}

static void hw_bytes(hash_writer *h, const uint8_t *p, size_t n) {
    hw_uleb(h, n);
    hw_fixed(h, p, n);
}

void seal_audit_request_digest(uint8_t out[static 32], const seal_audit_request *req) {
    hash_writer h;
    uint8_t b[8];
    crypto_hash_sha256_init(&h.st);
    hw_fixed(&h, (const uint8_t *)SEAL__AUDIT_DOMAIN_REQUEST,
             sizeof SEAL__AUDIT_DOMAIN_REQUEST - 1);
    hw_bytes(&h, req->ptb, req->ptb_len);
    hw_fixed(&h, req->enc_key, 48);
    hw_fixed(&h, req->enc_verification_key, 96);
    hw_fixed(&h, req->request_signature, 64);
    hw_fixed(&h, req->user, 32);
    hw_fixed(&h, req->session_vk, 32);
    seal__audit_put_u64(b, req->creation_time);
    hw_fixed(&h, b, 8);
    b[0] = (uint8_t)req->ttl_min;
    b[1] = (uint8_t)(req->ttl_min >> 8);
    hw_fixed(&h, b, 2);
    hw_bytes(&h, req->signature, req->signature_len);
    if (req->mvr_name != NULL) {
        b[0] = 1;
        hw_fixed(&h, b, 1);
        hw_bytes(&h, (const uint8_t *)req->mvr_name, strlen(req->mvr_name));
    } else {
        b[0] = 0;
        hw_fixed(&h, b, 1);
    }
    crypto_hash_sha256_final(&h.st, out);
}
