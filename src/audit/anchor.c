/*
 * Heads anchored on chain (include/seal/audit_anchor.h): the AuditLog object read through the
 * chain layer, and signed transactions calling audit_log::create / audit_log::anchor.
 */
#include <stdlib.h>
#include <string.h>

#include "seal/audit_anchor.h"
#include "seal/bcs.h"
#include "seal/sui.h"
#include "seal/sui_tx.h"
#include "seal/util.h"

#define GAS_BUDGET 50000000u

static const uint8_t *package_or_default(const uint8_t *pkg) {
    return pkg != NULL ? pkg : SEAL_LEDGER_AUDIT_PACKAGE;
}

seal_err seal_audit_anchor_read(seal_chain *chain, const uint8_t *pkg,
                                const uint8_t object[static 32], seal_ledger_audit_log *out) {
    seal_ledger_object o;
    bool found = false;
    memset(&o, 0, sizeof o);
    seal_err err = seal_chain_get_objects(chain, (const uint8_t(*)[32])object, 1, &o, &found);
    if (err != SEAL_OK)
        return err;
    if (!found)
        return SEAL_ERR_INVALID_ARGUMENT;
    err = SEAL_ERR_INVALID_ARGUMENT;
    if (seal_ledger_audit_log_type_is(o.type, o.type_len, pkg) &&
        seal_ledger_audit_log_decode(out, o.contents, o.contents_len) == SEAL_OK &&
        memcmp(out->id, object, 32) == 0)
        err = SEAL_OK;
    seal_ledger_object_clear(&o);
    return err;
}

/* One MoveCall of audit_log::<function> with the given inputs (all passed in order). */
static seal_err submit(seal_chain *chain, const seal_sui_keypair *kp, const uint8_t *pkg,
                       const char *function, const seal_sui_call_arg *in, size_t n_in,
                       seal_ledger_effects *effects) {
    seal_sui_argument args[8];
    seal_sui_command cmd;
    seal_sui_transaction_data tx;
    seal_bcs_writer w;
    uint8_t *bytes = NULL, sig[SEAL_SUI_SIMPLE_SIGNATURE_MAX_BYTES];
    size_t sig_len = 0;
    uint64_t price = 0;
    seal_err err;
    for (size_t i = 0; i < n_in; i++)
        args[i] = (seal_sui_argument){.kind = SEAL_SUI_ARG_INPUT, .index = (uint16_t)i};
    memset(&cmd, 0, sizeof cmd);
    cmd.kind = SEAL_SUI_CMD_MOVE_CALL;
    memcpy(cmd.package, package_or_default(pkg), 32);
    cmd.module = (seal_sui_bytes){(const uint8_t *)"audit_log", 9};
    cmd.function = (seal_sui_bytes){(const uint8_t *)function, strlen(function)};
    cmd.n_args = n_in;
    cmd.args = args;
    seal_sui_ptb ptb = {n_in, in, 1, &cmd};
    if ((err = seal_chain_reference_gas_price(chain, &price)) != SEAL_OK)
        return err;
    memset(&tx, 0, sizeof tx);
    tx.ptb = &ptb;
    seal_sui_keypair_address(tx.sender, kp);
    memcpy(tx.gas.owner, tx.sender, 32);
    tx.gas.price = price;
    tx.gas.budget = GAS_BUDGET;
    /* ValidDuring { no bounds, the local chain's genesis digest, a random u32 nonce } */
    uint8_t valid_during[4 + 1 + 32 + 4] = {0};
    valid_during[4] = 32;
    seal_sui_blake2b256(valid_during + 5, (const uint8_t *)"seal-ledger genesis", 19, NULL, 0);
    if ((err = seal_rng_fill(NULL, valid_during + 37, 4)) != SEAL_OK)
        return err;
    tx.expiration.kind = SEAL_SUI_EXPIRATION_VALID_DURING;
    tx.expiration.raw = (seal_sui_bytes){valid_during, sizeof valid_during};
    seal_bcs_writer_init(&w, NULL, 0);
    if ((err = seal_sui_transaction_data_encode(&w, &tx)) != SEAL_OK && err != SEAL_ERR_LIMIT)
        return err;
    size_t len = w.len;
    if ((bytes = malloc(len)) == NULL)
        return SEAL_ERR_NO_MEMORY;
    seal_bcs_writer_init(&w, bytes, len);
    if ((err = seal_sui_transaction_data_encode(&w, &tx)) == SEAL_OK &&
        (err = seal_bcs_writer_finish(&w)) == SEAL_OK &&
        (err = seal_sui_sign_transaction(sig, &sig_len, kp, bytes, len)) == SEAL_OK) {
        const uint8_t *sigs[1] = {sig};
        err = seal_chain_execute(chain, bytes, len, sigs, &sig_len, 1, effects);
    }
    free(bytes);
    return err;
}

static seal_sui_call_arg pure(const uint8_t *p, size_t n) {
    return (seal_sui_call_arg){.kind = SEAL_SUI_CALL_ARG_PURE, .pure = {p, n}};
}

seal_err seal_audit_anchor_create(seal_chain *chain, const seal_sui_keypair *kp, const uint8_t *pkg,
                                  const uint8_t public_key[static 32], uint8_t object[static 32],
                                  seal_ledger_effects *effects) {
    uint8_t v[33];
    v[0] = 32; /* vector<u8> of 32 bytes */
    memcpy(v + 1, public_key, 32);
    seal_sui_call_arg in[1] = {pure(v, sizeof v)};
    seal_err err = submit(chain, kp, pkg, "create", in, 1, effects);
    if (err != SEAL_OK || effects->outcome.status != SEAL_LEDGER_SUCCESS)
        return err;
    for (size_t i = 0; i < effects->n_created; i++)
        if (seal_ledger_audit_log_type_is(effects->created[i].type, effects->created[i].type_len,
                                          package_or_default(pkg))) {
            memcpy(object, effects->created[i].id, 32);
            return SEAL_OK;
        }
    return SEAL_ERR_INTERNAL;
}

seal_err seal_audit_anchor_post(seal_chain *chain, const seal_sui_keypair *kp, const uint8_t *pkg,
                                const uint8_t object[static 32], const seal_audit_tree_head *head,
                                seal_ledger_effects *effects) {
    seal_ledger_object o;
    bool found = false;
    memset(&o, 0, sizeof o);
    seal_err err = seal_chain_get_objects(chain, (const uint8_t(*)[32])object, 1, &o, &found);
    if (err != SEAL_OK)
        return err;
    if (!found || o.owner.kind != SEAL_SUI_OWNER_SHARED) {
        seal_ledger_object_clear(&o);
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    uint8_t size[8], ts[8], root[33], sig[65];
    for (int i = 0; i < 8; i++) {
        size[i] = (uint8_t)(head->tree_size >> (8 * i));
        ts[i] = (uint8_t)(head->timestamp_ms >> (8 * i));
    }
    root[0] = 32;
    memcpy(root + 1, head->root, 32);
    sig[0] = 64;
    memcpy(sig + 1, head->signature, 64);
    seal_sui_call_arg in[5];
    memset(in, 0, sizeof in);
    in[0].kind = SEAL_SUI_CALL_ARG_OBJECT;
    in[0].object_kind = SEAL_SUI_OBJECT_SHARED;
    memcpy(in[0].object.id, object, 32);
    in[0].initial_shared_version = o.owner.version;
    in[0].mutability = SEAL_SUI_SHARED_MUTABLE;
    in[1] = pure(size, 8);
    in[2] = pure(ts, 8);
    in[3] = pure(root, sizeof root);
    in[4] = pure(sig, sizeof sig);
    seal_ledger_object_clear(&o);
    return submit(chain, kp, pkg, "anchor", in, 5, effects);
}
