/*
 * seal::key_server registry objects (PROTOCOL.md 16.1): create_and_transfer_v2_independent_server.
 *
 *   KeyServer { id, first_version: u64, last_version: u64 }            (key, store; owned)
 *   0x2::dynamic_field::Field<u64, seal::key_server::KeyServerV2> { id, name: u64 = 2,
 *       value: KeyServerV2 { name: String, key_type: u8, pk: vector<u8>,
 *                            server_type: ServerType::Independent { url: String } } }
 *   owned by the KeyServer object, id = dynamic-field id(KeyServer id, u64, u64_le(2)).
 */
#include <stdlib.h>
#include <string.h>

#include "ledger/internal.h"
#include "seal/bls12_381.h"
#include "seal/sui.h"
#include "seal/sui_tx.h"

#define TEXT_MAX 4096

static size_t write_struct_tag(uint8_t *out, size_t cap, const uint8_t addr[static 32],
                               const char *module, const char *name, const uint8_t *params,
                               size_t params_len, uint8_t n_params) {
    seal_bcs_writer w;
    seal_bcs_writer_init(&w, out, cap);
    seal_bcs_write_u8(&w, SEAL_SUI_TYPE_STRUCT);
    seal_bcs_write_fixed(&w, addr, 32);
    seal_bcs_write_bytes(&w, (const uint8_t *)module, strlen(module));
    seal_bcs_write_bytes(&w, (const uint8_t *)name, strlen(name));
    seal_bcs_write_uleb128(&w, n_params);
    seal_bcs_write_fixed(&w, params, params_len);
    return w.len <= cap ? w.len : 0;
}

void seal_ledger_key_server_field_id(uint8_t out[static 32], const uint8_t ks[static 32],
                                     uint64_t version) {
    static const uint8_t u64_tag[1] = {SEAL_SUI_TYPE_U64};
    uint8_t key[8];
    for (size_t i = 0; i < 8; i++)
        key[i] = (uint8_t)(version >> (8 * i));
    if (seal_sui_dynamic_field_id(out, ks, u64_tag, 1, key, 8) != SEAL_OK)
        memset(out, 0, 32);
}

seal_err seal__ledger_key_server_register(seal__ledger_tx *t, const uint8_t sender[static 32],
                                          const uint8_t *name, size_t name_len, const uint8_t *url,
                                          size_t url_len, uint8_t key_type, const uint8_t *pk,
                                          size_t pk_len, uint8_t ks_id[static 32],
                                          seal_ledger_outcome *out) {
    seal_err err = SEAL_OK;
    seal_ledger_object ks, field;
    seal_g2 point;
    uint8_t c[32 + 16], params[128], *buf = NULL;
    size_t cap;
    seal_bcs_writer w;
    memset(&ks, 0, sizeof ks);
    memset(&field, 0, sizeof field);
    if (name_len > SEAL_LEDGER_OBJECT_MAX_BYTES / 4 || url_len > SEAL_LEDGER_OBJECT_MAX_BYTES / 4)
        return SEAL_ERR_LIMIT;
    if (!seal__ledger_string_arg(name, name_len, out) ||
        !seal__ledger_string_arg(url, url_len, out))
        return SEAL_OK;
    if (key_type != 0) {
        seal__ledger_outcome_abort(out, SEAL_LEDGER_SEAL_PACKAGE, "key_server",
                                   "create_and_transfer_v2_independent_server", 1);
        return SEAL_OK;
    }
    /* sui::group_ops EInvalidInput */
    if (pk_len != 96 || seal_g2_decompress(&point, pk) != SEAL_OK) {
        seal__ledger_outcome_abort(out, SEAL__FRAMEWORK, "group_ops", "from_bytes", 1);
        return SEAL_OK;
    }
    cap = 32 + 8 + 5 + name_len + 1 + 5 + 96 + 1 + 5 + url_len;
    if ((buf = malloc(cap)) == NULL)
        return SEAL_ERR_NO_MEMORY;
    seal__ledger_tx_set_lamport(t, 1);
    seal__ledger_tx_new_id(t, ks.id);
    ks.type_len = write_struct_tag(ks.type, sizeof ks.type, SEAL_LEDGER_SEAL_PACKAGE, "key_server",
                                   "KeyServer", NULL, 0, 0);
    ks.has_public_transfer = true;
    ks.owner.kind = SEAL_SUI_OWNER_ADDRESS;
    memcpy(ks.owner.address, sender, 32);
    ks.version = t->lamport;
    memcpy(ks.previous_transaction, t->digest, 32);
    memcpy(c, ks.id, 32);
    for (size_t i = 0; i < 8; i++) {
        c[32 + i] = i == 0 ? 2 : 0; /* first_version */
        c[40 + i] = i == 0 ? 2 : 0; /* last_version */
    }
    ks.contents = c;
    ks.contents_len = 48;
    err = seal__ledger_tx_put(t, &ks);
    ks.contents = NULL;
    if (err != SEAL_OK)
        goto out;

    /* Field<u64, KeyServerV2> */
    params[0] = SEAL_SUI_TYPE_U64;
    size_t pl = write_struct_tag(params + 1, sizeof params - 1, SEAL_LEDGER_SEAL_PACKAGE,
                                 "key_server", "KeyServerV2", NULL, 0, 0);
    field.type_len = write_struct_tag(field.type, sizeof field.type, SEAL__FRAMEWORK,
                                      "dynamic_field", "Field", params, 1 + pl, 2);
    seal_ledger_key_server_field_id(field.id, ks.id, 2);
    field.owner.kind = SEAL_SUI_OWNER_OBJECT;
    memcpy(field.owner.address, ks.id, 32);
    field.version = t->lamport;
    memcpy(field.previous_transaction, t->digest, 32);
    seal_bcs_writer_init(&w, buf, cap);
    seal_bcs_write_fixed(&w, field.id, 32);
    seal_bcs_write_u64(&w, 2);
    seal_bcs_write_bytes(&w, name, name_len);
    seal_bcs_write_u8(&w, key_type);
    seal_bcs_write_bytes(&w, pk, 96);
    seal_bcs_write_uleb128(&w, 0); /* ServerType::Independent */
    seal_bcs_write_bytes(&w, url, url_len);
    if ((err = seal_bcs_writer_finish(&w)) != SEAL_OK)
        goto out;
    field.contents = buf;
    field.contents_len = w.len;
    buf = NULL;
    if ((err = seal__ledger_tx_put(t, &field)) != SEAL_OK)
        goto out;
    memcpy(ks_id, ks.id, 32);
out:
    seal_ledger_object_clear(&ks);
    seal_ledger_object_clear(&field);
    free(buf);
    return err;
}

seal_err seal_ledger_key_server_register(seal_ledger *l, const uint8_t sender[static 32],
                                         const char *name, const char *url, uint8_t key_type,
                                         const uint8_t pk[static 96], uint8_t ks_id[static 32],
                                         seal_ledger_outcome *out) {
    static const char fn[] = "key_server::create_and_transfer_v2_independent_server";
    seal_err err;
    seal__ledger_tx t;
    memset(out, 0, sizeof *out);
    seal__ledger_outcome_set(out, SEAL_LEDGER_SUCCESS, "success");
    if (name == NULL || url == NULL)
        return SEAL_ERR_INVALID_ARGUMENT;
    if (strlen(name) > TEXT_MAX || strlen(url) > TEXT_MAX)
        return SEAL_ERR_LIMIT;
    if ((err = seal__ledger_tx_begin(l, &t, fn, sender)) != SEAL_OK)
        return err;
    err = seal__ledger_key_server_register(&t, sender, (const uint8_t *)name, strlen(name),
                                           (const uint8_t *)url, strlen(url), key_type, pk, 96,
                                           ks_id, out);
    if (err == SEAL_OK && out->status == SEAL_LEDGER_SUCCESS)
        err = seal__ledger_tx_commit(&t, fn, sender);
    seal__ledger_tx_rollback(&t);
    return err;
}
