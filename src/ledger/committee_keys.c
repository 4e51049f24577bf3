/*
 * seal::key_server, committee parts (move/seal/sources/key_server.move at ddc7e5d6):
 * create_committee_v2, update_partial_key_servers, update_member_url and the validation they
 * share, with upstream's check order and abort codes (EInvalidVersion 2, EInvalidServerType 3,
 * EInvalidThreshold 4, EInvalidPartyId 5, EDuplicateName 6; group_ops 1 for a bad point).
 */
#include <stdlib.h>
#include <string.h>

#include "ledger/committee.h"
#include "seal/bls12_381.h"
#include "seal/sui.h"
#include "seal/sui_tx.h"

#define TAG_MAX SEAL_LEDGER_TYPE_MAX_BYTES

static void ks_abort(seal__committee_ctx *c, const char *fn, uint64_t code) {
    seal__ledger_outcome_abort(c->out, SEAL_LEDGER_SEAL_PACKAGE, "key_server", fn, code);
}

static void group_ops_abort(seal__committee_ctx *c) {
    static const uint8_t framework[32] = {[31] = 2};
    seal__ledger_outcome_abort(c->out, framework, "group_ops", "from_bytes", 1);
}

bool seal__committee_g1_ok(const uint8_t *p, size_t n) {
    seal_g1 q;
    return n == 48 && seal_g1_decompress(&q, p) == SEAL_OK;
}

bool seal__committee_g2_ok(const uint8_t *p, size_t n) {
    seal_g2 q;
    return n == 96 && seal_g2_decompress(&q, p) == SEAL_OK;
}

static size_t v2_field_tag(uint8_t out[static TAG_MAX]) {
    static const uint8_t framework[32] = {[31] = 2};
    uint8_t params[TAG_MAX];
    params[0] = SEAL_SUI_TYPE_U64;
    size_t n = seal__ledger_struct_tag(params + 1, sizeof params - 1, SEAL_LEDGER_SEAL_PACKAGE,
                                       "key_server", "KeyServerV2", NULL, 0, 0);
    if (n == 0)
        return 0;
    return seal__ledger_struct_tag(out, TAG_MAX, framework, "dynamic_field", "Field", params, n + 1,
                                   2);
}

/* validate_partial_key_servers: false with the abort set. */
static bool validate(seal__committee_ctx *c, uint16_t threshold,
                     const seal_onchain_partial_key_server *list, size_t n) {
    if (threshold <= 1 || n < threshold) {
        ks_abort(c, "validate_partial_key_servers", 4);
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (list[i].party_id != i) {
            ks_abort(c, "validate_partial_key_servers", 5);
            return false;
        }
        for (size_t j = 0; j < i; j++) {
            if (list[j].name.len == list[i].name.len &&
                memcmp(list[j].name.ptr, list[i].name.ptr, list[i].name.len) == 0) {
                ks_abort(c, "validate_partial_key_servers", 6);
                return false;
            }
        }
    }
    return true;
}

static uint8_t *encode_v2_field(const uint8_t field_id[static 32],
                                const seal_onchain_key_server_v2 *k, size_t *len) {
    seal_bcs_writer w;
    uint8_t *buf;
    seal_bcs_writer_init(&w, NULL, 0);
    seal_bcs_write_fixed(&w, field_id, 32);
    seal_bcs_write_u64(&w, 2);
    seal_onchain_key_server_v2_encode(&w, k);
    if ((buf = malloc(w.len)) == NULL)
        return NULL;
    *len = w.len;
    seal_bcs_writer_init(&w, buf, *len);
    seal_bcs_write_fixed(&w, field_id, 32);
    seal_bcs_write_u64(&w, 2);
    seal_onchain_key_server_v2_encode(&w, k);
    return buf;
}

seal_err seal__key_server_create_committee_v2(seal__committee_ctx *c, const uint8_t *name,
                                              size_t name_len, uint16_t threshold,
                                              const uint8_t *pk, size_t pk_len,
                                              const seal_onchain_partial_key_server *list, size_t n,
                                              seal_ledger_object *ks) {
    seal_onchain_key_server_v2 k;
    seal_ledger_object field;
    uint8_t tag[TAG_MAX], contents[48], *buf = NULL;
    size_t tag_len, len = 0;
    seal_err err;
    if (!seal__committee_g2_ok(pk, pk_len)) {
        group_ops_abort(c);
        return SEAL_OK;
    }
    if (!validate(c, threshold, list, n))
        return SEAL_OK;
    tag_len = seal__ledger_struct_tag(tag, sizeof tag, SEAL_LEDGER_SEAL_PACKAGE, "key_server",
                                      "KeyServer", NULL, 0, 0);
    seal__committee_object_init(c, ks, tag, tag_len, true);
    seal__ledger_tx_new_id(c->t, ks->id);
    memcpy(contents, ks->id, 32);
    for (size_t i = 0; i < 8; i++) {
        contents[32 + i] = i == 0 ? 2 : 0; /* first_version */
        contents[40 + i] = i == 0 ? 2 : 0; /* last_version */
    }
    if ((ks->contents = malloc(48)) == NULL)
        return SEAL_ERR_NO_MEMORY;
    memcpy(ks->contents, contents, 48);
    ks->contents_len = 48;

    memset(&k, 0, sizeof k);
    k.name = (seal_sui_bytes){name, name_len};
    k.key_type = 0;
    k.pk = (seal_sui_bytes){pk, pk_len};
    k.server_type = SEAL_ONCHAIN_SERVER_COMMITTEE;
    k.version = 0;
    k.threshold = threshold;
    k.n_partial = n;
    k.partial = (seal_onchain_partial_key_server *)list;
    tag_len = v2_field_tag(tag);
    seal__committee_object_init(c, &field, tag, tag_len, false);
    seal_ledger_key_server_field_id(field.id, ks->id, 2);
    field.owner.kind = SEAL_SUI_OWNER_OBJECT;
    memcpy(field.owner.address, ks->id, 32);
    if ((buf = encode_v2_field(field.id, &k, &len)) == NULL)
        return SEAL_ERR_NO_MEMORY;
    err = seal__committee_put(c, &field, buf, len);
    free(buf);
    return err;
}

/* Loads the V2 field of ks for a committee change: assert_committee_server_v2 (false with the
 * abort set). field->contents owns the bytes k borrows. */
static seal_err load_committee_v2(seal__committee_ctx *c, const uint8_t ks_id[static 32],
                                  const char *fn, seal_ledger_object *field,
                                  seal_onchain_key_server_v2 *k, bool *ok) {
    seal_ledger_object ks;
    bool found = false;
    uint8_t fid[32], id[32];
    uint64_t first = 0, last = 0, name = 0;
    seal_err err;
    (void)fn;
    *ok = false;
    memset(field, 0, sizeof *field);
    memset(k, 0, sizeof *k);
    if ((err = seal__ledger_obj_get(&c->t->l->w, ks_id, &ks, &found)) != SEAL_OK)
        return err;
    if (!found)
        return SEAL_ERR_INTERNAL;
    err = seal_onchain_key_server_decode(id, &first, &last, ks.contents, ks.contents_len);
    seal_ledger_object_clear(&ks);
    if (err != SEAL_OK)
        return SEAL_ERR_INTERNAL;
    if (!(first <= 2 && last >= 2)) {
        ks_abort(c, "assert_committee_server_v2", 2);
        return SEAL_OK;
    }
    seal_ledger_key_server_field_id(fid, ks_id, 2);
    if ((err = seal__ledger_obj_get(&c->t->l->w, fid, field, &found)) != SEAL_OK)
        return err;
    if (!found) {
        ks_abort(c, "assert_committee_server_v2", 2);
        return SEAL_OK;
    }
    if (seal_onchain_key_server_v2_field_decode(k, fid, &name, field->contents,
                                                field->contents_len) != SEAL_OK) {
        seal_ledger_object_clear(field);
        return SEAL_ERR_INTERNAL;
    }
    if (k->server_type != SEAL_ONCHAIN_SERVER_COMMITTEE) {
        ks_abort(c, "assert_committee_server_v2", 3);
        return SEAL_OK;
    }
    *ok = true;
    return SEAL_OK;
}

static seal_err store_v2(seal__committee_ctx *c, seal_ledger_object *field,
                         const seal_onchain_key_server_v2 *k) {
    size_t len = 0;
    uint8_t *buf = encode_v2_field(field->id, k, &len);
    seal_err err;
    if (buf == NULL)
        return SEAL_ERR_NO_MEMORY;
    err = seal__committee_put(c, field, buf, len);
    free(buf);
    return err;
}

seal_err seal__key_server_update_partial_key_servers(seal__committee_ctx *c,
                                                     const uint8_t ks_id[static 32],
                                                     uint16_t threshold,
                                                     const seal_onchain_partial_key_server *list,
                                                     size_t n) {
    seal_ledger_object field;
    seal_onchain_key_server_v2 k;
    bool ok = false;
    seal_err err;
    if (!validate(c, threshold, list, n))
        return SEAL_OK;
    if ((err = load_committee_v2(c, ks_id, "update_partial_key_servers", &field, &k, &ok)) !=
            SEAL_OK ||
        !ok)
        goto out;
    free(k.partial);
    k.partial = (seal_onchain_partial_key_server *)list;
    k.n_partial = n;
    k.threshold = threshold;
    k.version += 1;
    err = store_v2(c, &field, &k);
    k.partial = NULL;
out:
    seal_onchain_key_server_v2_clear(&k);
    seal_ledger_object_clear(&field);
    return err;
}

seal_err seal__key_server_update_member_url(seal__committee_ctx *c, const uint8_t ks_id[static 32],
                                            const uint8_t *url, size_t url_len, uint16_t party_id) {
    seal_ledger_object field;
    seal_onchain_key_server_v2 k;
    bool ok = false;
    seal_err err;
    if ((err = load_committee_v2(c, ks_id, "update_member_url", &field, &k, &ok)) != SEAL_OK || !ok)
        goto out;
    if (party_id >= k.n_partial) {
        ks_abort(c, "update_member_url", 5);
        goto out;
    }
    k.partial[party_id].url = (seal_sui_bytes){url, url_len};
    err = store_v2(c, &field, &k);
out:
    seal_onchain_key_server_v2_clear(&k);
    seal_ledger_object_clear(&field);
    return err;
}

seal_err seal__key_server_pk(seal__committee_ctx *c, const uint8_t ks_id[static 32],
                             uint8_t **pk_out, size_t *pk_len) {
    seal_ledger_object field;
    seal_onchain_key_server_v2 k;
    uint8_t fid[32];
    uint64_t name = 0;
    bool found = false;
    seal_err err;
    *pk_out = NULL;
    *pk_len = 0;
    seal_ledger_key_server_field_id(fid, ks_id, 2);
    if ((err = seal__ledger_obj_get(&c->t->l->w, fid, &field, &found)) != SEAL_OK)
        return err;
    if (!found) {
        ks_abort(c, "pk", 2); /* get_field!: neither V2 nor V1 (committee servers have V2) */
        return SEAL_OK;
    }
    err =
        seal_onchain_key_server_v2_field_decode(&k, fid, &name, field.contents, field.contents_len);
    if (err == SEAL_OK) {
        if ((*pk_out = malloc(k.pk.len ? k.pk.len : 1)) == NULL) {
            err = SEAL_ERR_NO_MEMORY;
        } else {
            memcpy(*pk_out, k.pk.ptr, k.pk.len);
            *pk_len = k.pk.len;
        }
    } else {
        err = SEAL_ERR_INTERNAL;
    }
    seal_onchain_key_server_v2_clear(&k);
    seal_ledger_object_clear(&field);
    return err;
}
