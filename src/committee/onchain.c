/*
 * BCS codecs of the committee's on-chain objects (include/seal/committee_onchain.h,
 * spec/COMMITTEE.md 5). Layouts follow the Move structs field by field; an enum is its ULEB128
 * variant index then the variant's fields, an Option a 00/01 tag, a VecMap a vector of
 * (key, value) pairs, a VecSet a vector.
 */
#include <stdlib.h>
#include <string.h>

#include "seal/committee_onchain.h"
#include "seal/sui_tx.h"

/* Sequences are bounded by what the remaining bytes can hold (each element at least min
 * bytes), so a length is never trusted for an allocation. */
static seal_err read_count(seal_bcs_reader *r, size_t max, size_t min, size_t *out) {
    size_t rem = seal_bcs_reader_remaining(r);
    size_t cap = rem / (min ? min : 1);
    seal_err err = seal_bcs_read_len(r, max < cap ? max : cap, out);
    if (err == SEAL_ERR_LIMIT && max >= cap)
        err = SEAL_ERR_INVALID_ENCODING; /* longer than the input: malformed, not a limit */
    return err;
}

static seal_err read_bytes(seal_bcs_reader *r, seal_sui_bytes *out) {
    return seal_bcs_read_bytes(r, seal_bcs_reader_remaining(r), &out->ptr, &out->len);
}

static void *alloc_array(size_t n, size_t size) {
    return calloc(n ? n : 1, size);
}

static void write_bytes(seal_bcs_writer *w, seal_sui_bytes b) {
    seal_bcs_write_bytes(w, b.ptr, b.len);
}

/* ---- Committee ------------------------------------------------------------------------------ */

static seal_err read_infos(seal_bcs_reader *r, seal_onchain_committee *c) {
    seal_err err;
    /* address (32) + four vectors (at least one byte each) */
    if ((err = read_count(r, SEAL_ONCHAIN_MEMBERS_MAX, 36, &c->n_infos)) != SEAL_OK)
        return err;
    if ((c->infos = alloc_array(c->n_infos, sizeof *c->infos)) == NULL)
        return SEAL_ERR_NO_MEMORY;
    for (size_t i = 0; i < c->n_infos; i++) {
        seal_onchain_member_info *m = &c->infos[i];
        if ((err = seal_bcs_read_fixed(r, m->address, 32)) != SEAL_OK ||
            (err = read_bytes(r, &m->enc_pk)) != SEAL_OK ||
            (err = read_bytes(r, &m->signing_pk)) != SEAL_OK ||
            (err = read_bytes(r, &m->url)) != SEAL_OK || (err = read_bytes(r, &m->name)) != SEAL_OK)
            return err;
    }
    return SEAL_OK;
}

static seal_err read_addresses(seal_bcs_reader *r, size_t max, size_t *n, uint8_t (**out)[32]) {
    seal_err err;
    const uint8_t *p = NULL;
    if ((err = read_count(r, max, 32, n)) != SEAL_OK)
        return err;
    if ((*out = alloc_array(*n, 32)) == NULL)
        return SEAL_ERR_NO_MEMORY;
    if ((err = seal_bcs_read_borrow(r, &p, 32 * *n)) != SEAL_OK)
        return err;
    if (*n)
        memcpy(*out, p, 32 * *n);
    return SEAL_OK;
}

seal_err seal_onchain_committee_decode(seal_onchain_committee *out, const uint8_t *bcs,
                                       size_t len) {
    seal_bcs_reader r;
    seal_err err;
    uint32_t state = 0;
    memset(out, 0, sizeof *out);
    if (bcs == NULL)
        return SEAL_ERR_INVALID_ARGUMENT;
    seal_bcs_reader_init(&r, bcs, len);
    if ((err = seal_bcs_read_fixed(&r, out->id, 32)) != SEAL_OK ||
        (err = seal_bcs_read_u16(&r, &out->threshold)) != SEAL_OK ||
        (err = read_addresses(&r, SEAL_ONCHAIN_MEMBERS_MAX, &out->n_members, &out->members)) !=
            SEAL_OK ||
        (err = seal_bcs_read_variant(&r, 3, &state)) != SEAL_OK)
        goto out;
    out->state = (seal_onchain_state)state;
    if (state != SEAL_ONCHAIN_STATE_FINALIZED && (err = read_infos(&r, out)) != SEAL_OK)
        goto out;
    if (state == SEAL_ONCHAIN_STATE_POST_DKG) {
        if ((err = read_count(&r, SEAL_ONCHAIN_MEMBERS_MAX, 1, &out->n_partial_pks)) != SEAL_OK)
            goto out;
        if ((out->partial_pks = alloc_array(out->n_partial_pks, sizeof *out->partial_pks)) ==
            NULL) {
            err = SEAL_ERR_NO_MEMORY;
            goto out;
        }
        for (size_t i = 0; i < out->n_partial_pks; i++)
            if ((err = read_bytes(&r, &out->partial_pks[i])) != SEAL_OK)
                goto out;
        if ((err = read_bytes(&r, &out->pk)) != SEAL_OK ||
            (err = read_bytes(&r, &out->messages_hash)) != SEAL_OK ||
            (err = read_addresses(&r, SEAL_ONCHAIN_MEMBERS_MAX, &out->n_approvals,
                                  &out->approvals)) != SEAL_OK)
            goto out;
    }
    if ((err = seal_bcs_read_option(&r, &out->has_old_committee_id)) != SEAL_OK ||
        (out->has_old_committee_id &&
         (err = seal_bcs_read_fixed(&r, out->old_committee_id, 32)) != SEAL_OK))
        goto out;
    err = seal_bcs_reader_finish(&r);
out:
    if (err != SEAL_OK)
        seal_onchain_committee_clear(out);
    return err;
}

void seal_onchain_committee_encode(seal_bcs_writer *w, const seal_onchain_committee *c) {
    seal_bcs_write_fixed(w, c->id, 32);
    seal_bcs_write_u16(w, c->threshold);
    seal_bcs_write_uleb128(w, c->n_members);
    for (size_t i = 0; i < c->n_members; i++)
        seal_bcs_write_fixed(w, c->members[i], 32);
    seal_bcs_write_uleb128(w, (uint64_t)c->state);
    if (c->state != SEAL_ONCHAIN_STATE_FINALIZED) {
        seal_bcs_write_uleb128(w, c->n_infos);
        for (size_t i = 0; i < c->n_infos; i++) {
            const seal_onchain_member_info *m = &c->infos[i];
            seal_bcs_write_fixed(w, m->address, 32);
            write_bytes(w, m->enc_pk);
            write_bytes(w, m->signing_pk);
            write_bytes(w, m->url);
            write_bytes(w, m->name);
        }
    }
    if (c->state == SEAL_ONCHAIN_STATE_POST_DKG) {
        seal_bcs_write_uleb128(w, c->n_partial_pks);
        for (size_t i = 0; i < c->n_partial_pks; i++)
            write_bytes(w, c->partial_pks[i]);
        write_bytes(w, c->pk);
        write_bytes(w, c->messages_hash);
        seal_bcs_write_uleb128(w, c->n_approvals);
        for (size_t i = 0; i < c->n_approvals; i++)
            seal_bcs_write_fixed(w, c->approvals[i], 32);
    }
    seal_bcs_write_u8(w, c->has_old_committee_id ? 1 : 0);
    if (c->has_old_committee_id)
        seal_bcs_write_fixed(w, c->old_committee_id, 32);
}

void seal_onchain_committee_clear(seal_onchain_committee *c) {
    if (c == NULL)
        return;
    free(c->members);
    free(c->infos);
    free(c->partial_pks);
    free(c->approvals);
    memset(c, 0, sizeof *c);
}

bool seal_onchain_committee_party_id(const seal_onchain_committee *c,
                                     const uint8_t address[static 32], uint16_t *party_id) {
    for (size_t i = 0; i < c->n_members; i++) {
        if (memcmp(c->members[i], address, 32) == 0) {
            *party_id = (uint16_t)i;
            return true;
        }
    }
    return false;
}

const seal_onchain_member_info *seal_onchain_committee_info(const seal_onchain_committee *c,
                                                            const uint8_t address[static 32]) {
    for (size_t i = 0; i < c->n_infos; i++)
        if (memcmp(c->infos[i].address, address, 32) == 0)
            return &c->infos[i];
    return NULL;
}

/* ---- KeyServerV2 ---------------------------------------------------------------------------- */

static seal_err read_key_server_v2(seal_bcs_reader *r, seal_onchain_key_server_v2 *k) {
    seal_err err;
    uint32_t type = 0;
    if ((err = read_bytes(r, &k->name)) != SEAL_OK ||
        (err = seal_bcs_read_u8(r, &k->key_type)) != SEAL_OK ||
        (err = read_bytes(r, &k->pk)) != SEAL_OK ||
        (err = seal_bcs_read_variant(r, 2, &type)) != SEAL_OK)
        return err;
    k->server_type = (seal_onchain_server_type)type;
    if (type == SEAL_ONCHAIN_SERVER_INDEPENDENT)
        return read_bytes(r, &k->url);
    if ((err = seal_bcs_read_u32(r, &k->version)) != SEAL_OK ||
        (err = seal_bcs_read_u16(r, &k->threshold)) != SEAL_OK ||
        (err = read_count(r, SEAL_ONCHAIN_PARTIAL_MAX, 5, &k->n_partial)) != SEAL_OK)
        return err;
    if ((k->partial = alloc_array(k->n_partial, sizeof *k->partial)) == NULL)
        return SEAL_ERR_NO_MEMORY;
    for (size_t i = 0; i < k->n_partial; i++) {
        seal_onchain_partial_key_server *p = &k->partial[i];
        if ((err = read_bytes(r, &p->name)) != SEAL_OK ||
            (err = read_bytes(r, &p->url)) != SEAL_OK ||
            (err = read_bytes(r, &p->partial_pk)) != SEAL_OK ||
            (err = seal_bcs_read_u16(r, &p->party_id)) != SEAL_OK)
            return err;
    }
    return SEAL_OK;
}

seal_err seal_onchain_key_server_v2_decode(seal_onchain_key_server_v2 *out, const uint8_t *bcs,
                                           size_t len) {
    seal_bcs_reader r;
    seal_err err;
    memset(out, 0, sizeof *out);
    if (bcs == NULL)
        return SEAL_ERR_INVALID_ARGUMENT;
    seal_bcs_reader_init(&r, bcs, len);
    if ((err = read_key_server_v2(&r, out)) == SEAL_OK)
        err = seal_bcs_reader_finish(&r);
    if (err != SEAL_OK)
        seal_onchain_key_server_v2_clear(out);
    return err;
}

seal_err seal_onchain_key_server_v2_field_decode(seal_onchain_key_server_v2 *out,
                                                 uint8_t field_id[static 32], uint64_t *name,
                                                 const uint8_t *bcs, size_t len) {
    seal_bcs_reader r;
    seal_err err;
    memset(out, 0, sizeof *out);
    if (bcs == NULL)
        return SEAL_ERR_INVALID_ARGUMENT;
    seal_bcs_reader_init(&r, bcs, len);
    if ((err = seal_bcs_read_fixed(&r, field_id, 32)) != SEAL_OK ||
        (err = seal_bcs_read_u64(&r, name)) != SEAL_OK ||
        (err = read_key_server_v2(&r, out)) != SEAL_OK)
        goto out;
    err = seal_bcs_reader_finish(&r);
out:
    if (err != SEAL_OK)
        seal_onchain_key_server_v2_clear(out);
    return err;
}

void seal_onchain_key_server_v2_encode(seal_bcs_writer *w, const seal_onchain_key_server_v2 *k) {
    write_bytes(w, k->name);
    seal_bcs_write_u8(w, k->key_type);
    write_bytes(w, k->pk);
    seal_bcs_write_uleb128(w, (uint64_t)k->server_type);
    if (k->server_type == SEAL_ONCHAIN_SERVER_INDEPENDENT) {
        write_bytes(w, k->url);
        return;
    }
    seal_bcs_write_u32(w, k->version);
    seal_bcs_write_u16(w, k->threshold);
    seal_bcs_write_uleb128(w, k->n_partial);
    for (size_t i = 0; i < k->n_partial; i++) {
        const seal_onchain_partial_key_server *p = &k->partial[i];
        write_bytes(w, p->name);
        write_bytes(w, p->url);
        write_bytes(w, p->partial_pk);
        seal_bcs_write_u16(w, p->party_id);
    }
}

void seal_onchain_key_server_v2_clear(seal_onchain_key_server_v2 *k) {
    if (k == NULL)
        return;
    free(k->partial);
    memset(k, 0, sizeof *k);
}

seal_err seal_onchain_key_server_decode(uint8_t id[static 32], uint64_t *first_version,
                                        uint64_t *last_version, const uint8_t *bcs, size_t len) {
    seal_bcs_reader r;
    seal_err err;
    if (bcs == NULL)
        return SEAL_ERR_INVALID_ARGUMENT;
    seal_bcs_reader_init(&r, bcs, len);
    if ((err = seal_bcs_read_fixed(&r, id, 32)) != SEAL_OK ||
        (err = seal_bcs_read_u64(&r, first_version)) != SEAL_OK ||
        (err = seal_bcs_read_u64(&r, last_version)) != SEAL_OK)
        return err;
    return seal_bcs_reader_finish(&r);
}

/* ---- UpgradeManager ------------------------------------------------------------------------- */

static seal_err read_cap(seal_bcs_reader *r, seal_onchain_upgrade_cap *cap) {
    seal_err err;
    if ((err = seal_bcs_read_fixed(r, cap->id, 32)) != SEAL_OK ||
        (err = seal_bcs_read_fixed(r, cap->package, 32)) != SEAL_OK ||
        (err = seal_bcs_read_u64(r, &cap->version)) != SEAL_OK)
        return err;
    return seal_bcs_read_u8(r, &cap->policy);
}

seal_err seal_onchain_upgrade_cap_decode(seal_onchain_upgrade_cap *out, const uint8_t *bcs,
                                         size_t len) {
    seal_bcs_reader r;
    seal_err err;
    memset(out, 0, sizeof *out);
    if (bcs == NULL)
        return SEAL_ERR_INVALID_ARGUMENT;
    seal_bcs_reader_init(&r, bcs, len);
    if ((err = read_cap(&r, out)) != SEAL_OK)
        return err;
    return seal_bcs_reader_finish(&r);
}

void seal_onchain_upgrade_cap_encode(seal_bcs_writer *w, const seal_onchain_upgrade_cap *cap) {
    seal_bcs_write_fixed(w, cap->id, 32);
    seal_bcs_write_fixed(w, cap->package, 32);
    seal_bcs_write_u64(w, cap->version);
    seal_bcs_write_u8(w, cap->policy);
}

seal_err seal_onchain_upgrade_manager_decode(seal_onchain_upgrade_manager *out, const uint8_t *bcs,
                                             size_t len) {
    seal_bcs_reader r;
    seal_err err;
    memset(out, 0, sizeof *out);
    if (bcs == NULL)
        return SEAL_ERR_INVALID_ARGUMENT;
    seal_bcs_reader_init(&r, bcs, len);
    if ((err = seal_bcs_read_fixed(&r, out->id, 32)) != SEAL_OK ||
        (err = read_cap(&r, &out->cap)) != SEAL_OK ||
        (err = seal_bcs_read_option(&r, &out->has_proposal)) != SEAL_OK)
        goto out;
    if (out->has_proposal) {
        if ((err = read_bytes(&r, &out->digest)) != SEAL_OK ||
            (err = seal_bcs_read_u64(&r, &out->proposal_version)) != SEAL_OK ||
            (err = read_count(&r, SEAL_ONCHAIN_MEMBERS_MAX, 33, &out->n_votes)) != SEAL_OK)
            goto out;
        if ((out->votes = alloc_array(out->n_votes, sizeof *out->votes)) == NULL) {
            err = SEAL_ERR_NO_MEMORY;
            goto out;
        }
        for (size_t i = 0; i < out->n_votes; i++) {
            uint32_t v = 0;
            if ((err = seal_bcs_read_fixed(&r, out->votes[i].address, 32)) != SEAL_OK ||
                (err = seal_bcs_read_variant(&r, 2, &v)) != SEAL_OK)
                goto out;
            out->votes[i].vote = (seal_onchain_vote)v;
        }
    }
    err = seal_bcs_reader_finish(&r);
out:
    if (err != SEAL_OK)
        seal_onchain_upgrade_manager_clear(out);
    return err;
}

void seal_onchain_upgrade_manager_encode(seal_bcs_writer *w,
                                         const seal_onchain_upgrade_manager *m) {
    seal_bcs_write_fixed(w, m->id, 32);
    seal_onchain_upgrade_cap_encode(w, &m->cap);
    seal_bcs_write_u8(w, m->has_proposal ? 1 : 0);
    if (!m->has_proposal)
        return;
    write_bytes(w, m->digest);
    seal_bcs_write_u64(w, m->proposal_version);
    seal_bcs_write_uleb128(w, m->n_votes);
    for (size_t i = 0; i < m->n_votes; i++) {
        seal_bcs_write_fixed(w, m->votes[i].address, 32);
        seal_bcs_write_uleb128(w, (uint64_t)m->votes[i].vote);
    }
}

void seal_onchain_upgrade_manager_clear(seal_onchain_upgrade_manager *m) {
    if (m == NULL)
        return;
    free(m->votes);
    memset(m, 0, sizeof *m);
}

size_t seal_onchain_upgrade_manager_count(const seal_onchain_upgrade_manager *m,
                                          seal_onchain_vote vote) {
    size_t n = 0;
    for (size_t i = 0; m->has_proposal && i < m->n_votes; i++)
        n += m->votes[i].vote == vote;
    return n;
}

/* ---- event ---------------------------------------------------------------------------------- */

seal_err seal_onchain_rotation_event_decode(uint8_t committee_id[static 32],
                                            uint8_t old_committee_id[static 32], const uint8_t *bcs,
                                            size_t len) {
    if (bcs == NULL || len != 64)
        return bcs == NULL ? SEAL_ERR_INVALID_ARGUMENT : SEAL_ERR_INVALID_ENCODING;
    memcpy(committee_id, bcs, 32);
    memcpy(old_committee_id, bcs + 32, 32);
    return SEAL_OK;
}

void seal_onchain_rotation_event_encode(seal_bcs_writer *w, const uint8_t committee_id[static 32],
                                        const uint8_t old_committee_id[static 32]) {
    seal_bcs_write_fixed(w, committee_id, 32);
    seal_bcs_write_fixed(w, old_committee_id, 32);
}

/* ---- dynamic object fields and type tags ---------------------------------------------------- */

seal_err seal_onchain_dof_field_decode(uint8_t field_id[static 32], const uint8_t **name,
                                       size_t name_len, uint8_t value[static 32],
                                       const uint8_t *bcs, size_t len) {
    seal_bcs_reader r;
    seal_err err;
    if (bcs == NULL || name == NULL)
        return SEAL_ERR_INVALID_ARGUMENT;
    seal_bcs_reader_init(&r, bcs, len);
    if ((err = seal_bcs_read_fixed(&r, field_id, 32)) != SEAL_OK ||
        (err = seal_bcs_read_borrow(&r, name, name_len)) != SEAL_OK ||
        (err = seal_bcs_read_fixed(&r, value, 32)) != SEAL_OK)
        return err;
    return seal_bcs_reader_finish(&r);
}

static size_t struct_tag(uint8_t out[static SEAL_ONCHAIN_TAG_MAX], const uint8_t addr[static 32],
                         const char *module, const char *name, const uint8_t *param,
                         size_t param_len) {
    seal_bcs_writer w;
    seal_bcs_writer_init(&w, out, SEAL_ONCHAIN_TAG_MAX);
    seal_bcs_write_u8(&w, SEAL_SUI_TYPE_STRUCT);
    seal_bcs_write_fixed(&w, addr, 32);
    seal_bcs_write_bytes(&w, (const uint8_t *)module, strlen(module));
    seal_bcs_write_bytes(&w, (const uint8_t *)name, strlen(name));
    seal_bcs_write_uleb128(&w, param != NULL ? 1 : 0);
    if (param != NULL)
        seal_bcs_write_fixed(&w, param, param_len);
    return seal_bcs_writer_finish(&w) == SEAL_OK ? w.len : 0;
}

static const uint8_t FRAMEWORK[32] = {[31] = 2};

size_t seal_onchain_committee_type_tag(uint8_t out[static SEAL_ONCHAIN_TAG_MAX],
                                       const uint8_t pkg[static 32], const char *name) {
    return struct_tag(out, pkg, "seal_committee", name, NULL, 0);
}

size_t seal_onchain_wrapper_type_tag(uint8_t out[static SEAL_ONCHAIN_TAG_MAX], const uint8_t *inner,
                                     size_t inner_len) {
    return struct_tag(out, FRAMEWORK, "dynamic_object_field", "Wrapper", inner, inner_len);
}

size_t seal_onchain_id_type_tag(uint8_t out[static SEAL_ONCHAIN_TAG_MAX]) {
    return struct_tag(out, FRAMEWORK, "object", "ID", NULL, 0);
}

bool seal_onchain_is_committee_type(const uint8_t *tag, size_t tag_len, uint8_t pkg[static 32]) {
    uint8_t want[SEAL_ONCHAIN_TAG_MAX];
    size_t n;
    if (tag == NULL || tag_len < 33)
        return false;
    n = seal_onchain_committee_type_tag(want, tag + 1, "Committee");
    if (n != tag_len || memcmp(want, tag, n) != 0)
        return false;
    memcpy(pkg, tag + 1, 32);
    return true;
}

seal_err seal_onchain_dof_id(uint8_t out[static 32], const uint8_t parent[static 32],
                             const uint8_t *name_tag, size_t tag_len, const uint8_t *name,
                             size_t name_len) {
    uint8_t wrapper[SEAL_ONCHAIN_TAG_MAX];
    size_t n = seal_onchain_wrapper_type_tag(wrapper, name_tag, tag_len);
    if (n == 0)
        return SEAL_ERR_LIMIT;
    return seal_sui_dynamic_field_id(out, parent, wrapper, n, name, name_len);
}

void seal_onchain_key_server_field_id(uint8_t out[static 32],
                                      const uint8_t committee_id[static 32]) {
    uint8_t tag[SEAL_ONCHAIN_TAG_MAX];
    size_t n = seal_onchain_id_type_tag(tag);
    if (seal_onchain_dof_id(out, committee_id, tag, n, committee_id, 32) != SEAL_OK)
        memset(out, 0, 32);
}

void seal_onchain_upgrade_manager_field_id(uint8_t out[static 32],
                                           const uint8_t committee_id[static 32],
                                           const uint8_t pkg[static 32]) {
    static const uint8_t dummy[1] = {0}; /* UpgradeManagerKey(): one bool dummy_field */
    uint8_t tag[SEAL_ONCHAIN_TAG_MAX];
    size_t n = seal_onchain_committee_type_tag(tag, pkg, "UpgradeManagerKey");
    if (seal_onchain_dof_id(out, committee_id, tag, n, dummy, 1) != SEAL_OK)
        memset(out, 0, 32);
}
