/* Sui MultiSig: BCS codec, address, validation, combination and verification. */
#include <string.h>

#include "seal/util.h"
#include "sui/internal.h"

/* BCS enum index of PublicKey / CompressedSignature <-> signature scheme flag. */
static const seal_sui_scheme index_scheme[5] = {SEAL_SUI_SCHEME_ED25519, SEAL_SUI_SCHEME_SECP256K1,
                                                SEAL_SUI_SCHEME_SECP256R1, SEAL_SUI_SCHEME_ZKLOGIN,
                                                SEAL_SUI_SCHEME_PASSKEY};

static int scheme_index(seal_sui_scheme s) {
    for (int i = 0; i < 5; i++) {
        if (index_scheme[i] == s) {
            return i;
        }
    }
    return -1;
}

static bool member_pk_ok(const seal_sui_public_key *pk) {
    switch (pk->scheme) {
    case SEAL_SUI_SCHEME_ED25519:
        return pk->len == 32;
    case SEAL_SUI_SCHEME_SECP256K1:
    case SEAL_SUI_SCHEME_SECP256R1:
    case SEAL_SUI_SCHEME_PASSKEY:
        return pk->len == 33;
    case SEAL_SUI_SCHEME_ZKLOGIN:
        return pk->len >= 1 && pk->len <= SEAL_SUI_PUBLIC_KEY_MAX_BYTES;
    default:
        return false;
    }
}

static bool same_pk(const seal_sui_public_key *a, const seal_sui_public_key *b) {
    return a->scheme == b->scheme && a->len == b->len && memcmp(a->bytes, b->bytes, a->len) == 0;
}

seal_err seal_sui_multisig_public_key_validate(const seal_sui_multisig_public_key *pk) {
    if (pk == NULL || pk->threshold == 0 || pk->n_members == 0 ||
        pk->n_members > SEAL_SUI_MULTISIG_MAX_MEMBERS) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    uint32_t total = 0;
    for (size_t i = 0; i < pk->n_members; i++) {
        const seal_sui_multisig_member *m = &pk->members[i];
        if (m->weight == 0 || !member_pk_ok(&m->pk)) {
            return SEAL_ERR_INVALID_ARGUMENT;
        }
        total += m->weight;
        for (size_t j = i + 1; j < pk->n_members; j++) {
            if (same_pk(&m->pk, &pk->members[j].pk)) {
                return SEAL_ERR_INVALID_ARGUMENT;
            }
        }
    }
    return total >= pk->threshold ? SEAL_OK : SEAL_ERR_INVALID_ARGUMENT;
}

seal_err seal_sui_multisig_address(uint8_t out[static 32], const seal_sui_multisig_public_key *pk) {
    seal_err err = seal_sui_multisig_public_key_validate(pk);
    if (err != SEAL_OK) {
        memset(out, 0, 32);
        return err;
    }
    seal__sui_blake2b h;
    uint8_t head[3] = {SEAL_SUI_SCHEME_MULTISIG, (uint8_t)pk->threshold,
                       (uint8_t)(pk->threshold >> 8)};
    seal__sui_blake2b_init(&h);
    seal__sui_blake2b_update(&h, head, 3);
    for (size_t i = 0; i < pk->n_members; i++) {
        const seal_sui_multisig_member *m = &pk->members[i];
        uint8_t flag = (uint8_t)m->pk.scheme;
        seal__sui_blake2b_update(&h, &flag, 1);
        seal__sui_blake2b_update(&h, m->pk.bytes, m->pk.len);
        seal__sui_blake2b_update(&h, &m->weight, 1);
    }
    seal__sui_blake2b_final(&h, out);
    return SEAL_OK;
}

/* Sui's MultiSig::validate(). */
static seal_err multisig_validate(const seal_sui_multisig *ms) {
    if (ms->n_sigs == 0 || ms->n_sigs > ms->pk.n_members || ms->bitmap > 0x3ff) {
        return SEAL_ERR_INVALID_ENCODING;
    }
    return seal_sui_multisig_public_key_validate(&ms->pk) == SEAL_OK ? SEAL_OK
                                                                     : SEAL_ERR_INVALID_ENCODING;
}

static seal_err read_public_key(seal_bcs_reader *r, seal_sui_public_key *pk) {
    uint32_t v = 0;
    seal_err err = seal_bcs_read_variant(r, 5, &v);
    if (err != SEAL_OK) {
        return err;
    }
    pk->scheme = index_scheme[v];
    if (pk->scheme == SEAL_SUI_SCHEME_ZKLOGIN) {
        const uint8_t *p = NULL;
        size_t n = 0;
        if ((err = seal_bcs_read_bytes(r, SEAL_SUI_PUBLIC_KEY_MAX_BYTES, &p, &n)) != SEAL_OK) {
            return err;
        }
        memcpy(pk->bytes, p, n);
        pk->len = n;
        return SEAL_OK;
    }
    pk->len = pk->scheme == SEAL_SUI_SCHEME_ED25519 ? 32 : 33;
    return seal_bcs_read_fixed(r, pk->bytes, pk->len);
}

seal_err seal_sui_multisig_decode(seal_sui_multisig *out, const uint8_t *bytes, size_t len) {
    seal_bcs_reader r;
    seal_err err;
    size_t n = 0;
    uint8_t flag = 0;
    memset(out, 0, sizeof *out);
    if (bytes == NULL || len > SEAL_SUI_SERIALIZED_SIGNATURE_MAX_BYTES) {
        return bytes == NULL ? SEAL_ERR_INVALID_ENCODING : SEAL_ERR_LIMIT;
    }
    seal_bcs_reader_init(&r, bytes, len);
    if ((err = seal_bcs_read_u8(&r, &flag)) != SEAL_OK) {
        goto out;
    }
    if (flag != SEAL_SUI_SCHEME_MULTISIG) {
        err = SEAL_ERR_INVALID_ENCODING;
        goto out;
    }
    if ((err = seal_bcs_read_len(&r, SEAL_SUI_MULTISIG_MAX_MEMBERS, &n)) != SEAL_OK) {
        goto out;
    }
    out->n_sigs = n;
    for (size_t i = 0; i < n; i++) {
        seal_sui_compressed_signature *s = &out->sigs[i];
        uint32_t v = 0;
        if ((err = seal_bcs_read_variant(&r, 5, &v)) != SEAL_OK) {
            goto out;
        }
        s->scheme = index_scheme[v];
        if (v < 3) {
            err = seal_bcs_read_fixed(&r, s->sig, 64);
        } else {
            err = seal_bcs_read_bytes(&r, SEAL_SUI_SERIALIZED_SIGNATURE_MAX_BYTES, &s->variable.ptr,
                                      &s->variable.len);
        }
        if (err != SEAL_OK) {
            goto out;
        }
    }
    if ((err = seal_bcs_read_u16(&r, &out->bitmap)) != SEAL_OK ||
        (err = seal_bcs_read_len(&r, SEAL_SUI_MULTISIG_MAX_MEMBERS, &n)) != SEAL_OK) {
        goto out;
    }
    out->pk.n_members = n;
    for (size_t i = 0; i < n; i++) {
        if ((err = read_public_key(&r, &out->pk.members[i].pk)) != SEAL_OK ||
            (err = seal_bcs_read_u8(&r, &out->pk.members[i].weight)) != SEAL_OK) {
            goto out;
        }
    }
    if ((err = seal_bcs_read_u16(&r, &out->pk.threshold)) != SEAL_OK ||
        (err = seal_bcs_reader_finish(&r)) != SEAL_OK) {
        goto out;
    }
    err = multisig_validate(out);
out:
    if (err == SEAL_ERR_LIMIT) {
        err = SEAL_ERR_INVALID_ENCODING;
    }
    if (err != SEAL_OK) {
        memset(out, 0, sizeof *out);
    }
    return err;
}

seal_err seal_sui_multisig_encode(seal_bcs_writer *w, const seal_sui_multisig *ms) {
    if (ms == NULL || multisig_validate(ms) != SEAL_OK) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    for (size_t i = 0; i < ms->n_sigs; i++) {
        int idx = scheme_index(ms->sigs[i].scheme);
        if (idx < 0 || (idx >= 3 && ms->sigs[i].variable.ptr == NULL)) {
            return SEAL_ERR_INVALID_ARGUMENT;
        }
    }
    seal_bcs_write_u8(w, SEAL_SUI_SCHEME_MULTISIG);
    seal_bcs_write_uleb128(w, ms->n_sigs);
    for (size_t i = 0; i < ms->n_sigs; i++) {
        const seal_sui_compressed_signature *s = &ms->sigs[i];
        int idx = scheme_index(s->scheme);
        seal_bcs_write_uleb128(w, (uint64_t)idx);
        if (idx < 3) {
            seal_bcs_write_fixed(w, s->sig, 64);
        } else {
            seal_bcs_write_bytes(w, s->variable.ptr, s->variable.len);
        }
    }
    seal_bcs_write_u16(w, ms->bitmap);
    seal_bcs_write_uleb128(w, ms->pk.n_members);
    for (size_t i = 0; i < ms->pk.n_members; i++) {
        const seal_sui_multisig_member *m = &ms->pk.members[i];
        seal_bcs_write_uleb128(w, (uint64_t)scheme_index(m->pk.scheme));
        if (m->pk.scheme == SEAL_SUI_SCHEME_ZKLOGIN) {
            seal_bcs_write_bytes(w, m->pk.bytes, m->pk.len);
        } else {
            seal_bcs_write_fixed(w, m->pk.bytes, m->pk.len);
        }
        seal_bcs_write_u8(w, m->weight);
    }
    seal_bcs_write_u16(w, ms->pk.threshold);
    return SEAL_OK;
}

seal_err seal_sui_multisig_combine(seal_sui_multisig *out, const seal_sui_multisig_public_key *pk,
                                   const uint8_t *const *sigs, const size_t *sig_lens,
                                   size_t n_sigs) {
    seal_err err;
    seal_sui_simple_signature parsed[SEAL_SUI_MULTISIG_MAX_MEMBERS];
    int index_of[SEAL_SUI_MULTISIG_MAX_MEMBERS];
    uint16_t bitmap = 0;
    memset(out, 0, sizeof *out);
    if ((err = seal_sui_multisig_public_key_validate(pk)) != SEAL_OK) {
        return err;
    }
    if (n_sigs == 0 || n_sigs > pk->n_members || sigs == NULL || sig_lens == NULL) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    for (size_t i = 0; i < n_sigs; i++) {
        if ((err = seal_sui_simple_signature_parse(&parsed[i], sigs[i], sig_lens[i])) != SEAL_OK) {
            return err;
        }
        index_of[i] = -1;
        for (size_t j = 0; j < pk->n_members; j++) {
            if (same_pk(&parsed[i].pk, &pk->members[j].pk)) {
                index_of[i] = (int)j;
            }
        }
        if (index_of[i] < 0 || (bitmap & (1u << index_of[i])) != 0) {
            return SEAL_ERR_INVALID_ARGUMENT;
        }
        bitmap = (uint16_t)(bitmap | (1u << index_of[i]));
    }
    /* Signatures in member order, as the bitmap reads. */
    size_t k = 0;
    for (size_t j = 0; j < pk->n_members; j++) {
        for (size_t i = 0; i < n_sigs; i++) {
            if (index_of[i] == (int)j) {
                out->sigs[k].scheme = parsed[i].scheme;
                memcpy(out->sigs[k].sig, parsed[i].sig, 64);
                k++;
            }
        }
    }
    out->n_sigs = n_sigs;
    out->bitmap = bitmap;
    out->pk = *pk;
    return SEAL_OK;
}

seal_err seal_sui_multisig_verify(const seal_sui_multisig *ms, const uint8_t address[static 32],
                                  const uint8_t digest[static 32]) {
    uint8_t addr[32];
    seal_err err;
    if (ms == NULL || multisig_validate(ms) != SEAL_OK) {
        return SEAL_ERR_INVALID_ENCODING;
    }
    /* Stricter than Sui: one signature per set bit, every bit names a member. */
    size_t bits = 0;
    for (unsigned b = 0; b < 16; b++) {
        if ((ms->bitmap >> b) & 1) {
            if (b >= ms->pk.n_members) {
                return SEAL_ERR_INVALID_SIGNATURE;
            }
            bits++;
        }
    }
    if (bits != ms->n_sigs) {
        return SEAL_ERR_INVALID_SIGNATURE;
    }
    if ((err = seal_sui_multisig_address(addr, &ms->pk)) != SEAL_OK) {
        return SEAL_ERR_INVALID_ENCODING;
    }
    if (!seal_ct_memeq(addr, address, 32)) {
        return SEAL_ERR_INVALID_SIGNATURE;
    }
    uint32_t weight = 0;
    size_t k = 0;
    for (unsigned b = 0; b < ms->pk.n_members; b++) {
        if (((ms->bitmap >> b) & 1) == 0) {
            continue;
        }
        const seal_sui_compressed_signature *s = &ms->sigs[k++];
        const seal_sui_multisig_member *m = &ms->pk.members[b];
        if (s->scheme == SEAL_SUI_SCHEME_ZKLOGIN || s->scheme == SEAL_SUI_SCHEME_PASSKEY ||
            m->pk.scheme == SEAL_SUI_SCHEME_ZKLOGIN || m->pk.scheme == SEAL_SUI_SCHEME_PASSKEY) {
            return SEAL_ERR_UNSUPPORTED_SIGNATURE_SCHEME;
        }
        if (s->scheme != m->pk.scheme) {
            return SEAL_ERR_INVALID_SIGNATURE;
        }
        if ((err = seal_sui_verify_digest_raw(&m->pk, s->sig, digest)) != SEAL_OK) {
            return err == SEAL_ERR_INVALID_ENCODING ? SEAL_ERR_INVALID_SIGNATURE : err;
        }
        weight += m->weight;
    }
    return weight >= ms->pk.threshold ? SEAL_OK : SEAL_ERR_INVALID_SIGNATURE;
}
