/* DKG messages on the wire: BCS of SignedMessage { message: Message { sender: u16, vss_pk:
 * Vec<G2>, encrypted_shares: MultiRecipientEncryption<G1> { c, c_hat, encs: Vec<Vec<u8>>,
 * proof } }, signature: G1, nizk_proof: DLNizk<G2> }, the signed payload and messages_hash. */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "committee/internal.h"
#include "seal/bcs.h"
#include "util/ct.h"

void seal_dkg_message_free(seal_dkg_message *m) {
    if (m == NULL) {
        return;
    }
    free(m->raw);
    free(m->vss);
    free(m->encs);
    free(m->enc_lens);
    free(m);
}

static seal_err read_g1(seal_bcs_reader *r, seal_g1 *out) {
    const uint8_t *p;
    seal_err err = seal_bcs_read_borrow(r, &p, 48);
    return err != SEAL_OK ? err : seal_g1_decompress(out, p);
}

seal_err seal_dkg_message_parse(seal_dkg_message **out, const uint8_t *bcs, size_t len) {
    seal_bcs_reader r;
    const uint8_t *p;
    seal_err err;
    *out = NULL;
    if (len > SEAL_DKG_MESSAGE_MAX_BYTES) {
        return SEAL_ERR_LIMIT;
    }
    seal_dkg_message *m = calloc(1, sizeof *m);
    if (m == NULL || (m->raw = malloc(len ? len : 1)) == NULL) {
        free(m);
        return SEAL_ERR_NO_MEMORY;
    }
    memcpy(m->raw, bcs, len);
    m->raw_len = len;
    seal_bcs_reader_init(&r, m->raw, len);
    if ((err = seal_bcs_read_u16(&r, &m->sender)) != SEAL_OK ||
        (err = seal_bcs_read_len(&r, SEAL_DKG_MAX_PARTIES, &m->vss_len)) != SEAL_OK) {
        goto out;
    }
    if (m->vss_len > 0 && (m->vss = malloc(m->vss_len * sizeof *m->vss)) == NULL) {
        err = SEAL_ERR_NO_MEMORY;
        goto out;
    }
    for (size_t k = 0; k < m->vss_len; k++) {
        if ((err = seal_bcs_read_borrow(&r, &p, 96)) != SEAL_OK ||
            (err = seal_g2_decompress(&m->vss[k], p)) != SEAL_OK) {
            goto out;
        }
    }
    if ((err = read_g1(&r, &m->hdr.c)) != SEAL_OK ||
        (err = read_g1(&r, &m->hdr.c_hat)) != SEAL_OK ||
        (err = seal_bcs_read_len(&r, SEAL_DKG_MAX_PARTIES, &m->n_encs)) != SEAL_OK) {
        goto out;
    }
    if (m->n_encs > 0) {
        m->encs = malloc(m->n_encs * sizeof *m->encs);
        m->enc_lens = malloc(m->n_encs * sizeof *m->enc_lens);
        if (m->encs == NULL || m->enc_lens == NULL) {
            err = SEAL_ERR_NO_MEMORY;
            goto out;
        }
    }
    for (size_t j = 0; j < m->n_encs; j++) {
        if ((err = seal_bcs_read_bytes(&r, SEAL_DKG_MESSAGE_MAX_BYTES, &m->encs[j],
                                       &m->enc_lens[j])) != SEAL_OK) {
            goto out;
        }
    }
    if ((err = seal_bcs_read_borrow(&r, &p, SEAL_DKG_DDH_PROOF_BYTES)) != SEAL_OK ||
        (err = seal_dkg_ddh_proof_decode(&m->hdr.proof, p)) != SEAL_OK) {
        goto out;
    }
    m->msg_len = r.pos;
    if ((err = read_g1(&r, &m->signature)) != SEAL_OK ||
        (err = seal_bcs_read_borrow(&r, &p, SEAL_DKG_DL_PROOF_BYTES)) != SEAL_OK ||
        (err = seal_dkg_dl_proof_decode(&m->nizk, p)) != SEAL_OK) {
        goto out;
    }
    err = seal_bcs_reader_finish(&r);
out:
    if (err != SEAL_OK) {
        seal_dkg_message_free(m);
        return err;
    }
    *out = m;
    return SEAL_OK;
}

uint16_t seal_dkg_message_sender(const seal_dkg_message *m) {
    return m->sender;
}

size_t seal_dkg_message_vss_len(const seal_dkg_message *m) {
    return m->vss_len;
}

size_t seal_dkg_message_enc_count(const seal_dkg_message *m) {
    return m->n_encs;
}

const uint8_t *seal_dkg_message_bytes(const seal_dkg_message *m, size_t *len) {
    *len = m->raw_len;
    return m->raw;
}

static int by_sender(const void *a, const void *b) {
    const seal_dkg_message *x = *(const seal_dkg_message *const *)a;
    const seal_dkg_message *y = *(const seal_dkg_message *const *)b;
    return (x->sender > y->sender) - (x->sender < y->sender);
}

seal_err seal_dkg_messages_hash(uint8_t out[static SEAL_DKG_HASH_BYTES], seal_dkg_message **msgs,
                                size_t n) {
    crypto_generichash_state st;
    uint8_t uleb[10];
    if (n > 1) {
        qsort(msgs, n, sizeof *msgs, by_sender);
    }
    size_t ul = seal_bcs_uleb128_encode(uleb, n);
    if (crypto_generichash_init(&st, NULL, 0, SEAL_DKG_HASH_BYTES) != 0 ||
        crypto_generichash_update(&st, uleb, ul) != 0) {
        return SEAL_ERR_CRYPTO_LIB;
    }
    for (size_t i = 0; i < n; i++) {
        if (crypto_generichash_update(&st, msgs[i]->raw, msgs[i]->raw_len) != 0) {
            return SEAL_ERR_CRYPTO_LIB;
        }
    }
    return crypto_generichash_final(&st, out, SEAL_DKG_HASH_BYTES) == 0 ? SEAL_OK
                                                                        : SEAL_ERR_CRYPTO_LIB;
}

seal_err seal__dkg_signature_payload(uint8_t **out, size_t *out_len, const uint8_t committee_id[32],
                                     const uint8_t *msg, size_t msg_len,
                                     const uint8_t nizk[SEAL_DKG_DL_PROOF_BYTES]) {
    static const char domain[] = SEAL_DKG_SIGNATURE_DOMAIN;
    seal_bcs_writer w;
    size_t cap = 1 + (sizeof domain - 1) + 32 + msg_len + SEAL_DKG_DL_PROOF_BYTES;
    uint8_t *buf = malloc(cap);
    *out = NULL;
    *out_len = 0;
    if (buf == NULL) {
        return SEAL_ERR_NO_MEMORY;
    }
    seal_bcs_writer_init(&w, buf, cap);
    seal_bcs_write_bytes(&w, (const uint8_t *)domain, sizeof domain - 1);
    seal_bcs_write_fixed(&w, committee_id, 32);
    seal_bcs_write_fixed(&w, msg, msg_len);
    seal_bcs_write_fixed(&w, nizk, SEAL_DKG_DL_PROOF_BYTES);
    seal_err err = seal_bcs_writer_finish(&w);
    if (err != SEAL_OK) {
        free(buf);
        return err;
    }
    *out = buf;
    *out_len = w.len;
    return SEAL_OK;
}

bool seal__dkg_decode_share(seal_scalar *out, const uint8_t *buf, size_t len) {
    /* Exactly one canonical scalar: upstream decodes a Vec<Scalar> and requires one entry per
     * share id (weight 1). The length is public; the bytes are secret, so the result is computed
     * without branching on them (the caller reveals it). */
    if (len != SEAL_DKG_SHARE_PLAINTEXT_BYTES) {
        seal_scalar_from_u64(out, 0);
        return false;
    }
    bool ok = seal__ct_eq(buf[0], 1) != 0;
    ok = ok & (seal_scalar_from_bytes(out, buf + 1) == SEAL_OK);
    return ok;
}
