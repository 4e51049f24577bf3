/*
 * The audit_log module (include/seal/ledger_audit.h, docs/audit.md "Anchoring on chain"): an
 * AuditLog object per audit key holding the latest anchored tree head; a newer head is accepted
 * when it is signed by that key and its size grows. Consistency between heads is not checked on
 * chain: monitors check it off chain (seal audit monitor).
 */
#include <stdlib.h>
#include <string.h>

#include "ledger/audit_log.h"
#include "ledger/internal.h"
#include "seal/sui.h"
#include "seal/sui_tx.h"

const uint8_t SEAL_LEDGER_AUDIT_PACKAGE[32] = {[30] = 0x5e, [31] = 0xa4};

#define MODULE "audit_log"
#define TYPE "AuditLog"
#define CONTENTS_MAX (32 + 1 + 32 + 1 + 32 + 8 + 8 + 1 + 32 + 1 + 64)

static size_t audit_type(uint8_t *out, size_t cap, const uint8_t pkg[static 32]) {
    seal_bcs_writer w;
    seal_bcs_writer_init(&w, out, cap);
    seal_bcs_write_u8(&w, SEAL_SUI_TYPE_STRUCT);
    seal_bcs_write_fixed(&w, pkg, 32);
    seal_bcs_write_bytes(&w, (const uint8_t *)MODULE, sizeof MODULE - 1);
    seal_bcs_write_bytes(&w, (const uint8_t *)TYPE, sizeof TYPE - 1);
    seal_bcs_write_uleb128(&w, 0);
    return w.len <= cap ? w.len : 0;
}

bool seal_ledger_audit_log_type_is(const uint8_t *type, size_t type_len, const uint8_t *pkg) {
    uint8_t want[64];
    size_t n = audit_type(want, sizeof want, pkg != NULL ? pkg : SEAL_LEDGER_AUDIT_PACKAGE);
    if (n == 0 || type_len != n)
        return false;
    /* the variant byte, then the address (any when pkg is NULL), then the names */
    return type[0] == want[0] && (pkg == NULL || memcmp(type + 1, want + 1, 32) == 0) &&
           memcmp(type + 33, want + 33, n - 33) == 0;
}

static size_t encode(uint8_t out[static CONTENTS_MAX], const seal_ledger_audit_log *a,
                     bool signed_head) {
    seal_bcs_writer w;
    seal_bcs_writer_init(&w, out, CONTENTS_MAX);
    seal_bcs_write_fixed(&w, a->id, 32);
    seal_bcs_write_bytes(&w, a->public_key, 32);
    seal_bcs_write_bytes(&w, a->log_id, 32);
    seal_bcs_write_u64(&w, a->head.tree_size);
    seal_bcs_write_u64(&w, a->head.timestamp_ms);
    seal_bcs_write_bytes(&w, a->head.root, 32);
    seal_bcs_write_bytes(&w, a->head.signature, signed_head ? 64 : 0);
    return w.len;
}

seal_err seal_ledger_audit_log_decode(seal_ledger_audit_log *out, const uint8_t *contents,
                                      size_t len) {
    seal_bcs_reader r;
    const uint8_t *pk = NULL, *id = NULL, *root = NULL, *sig = NULL;
    size_t pk_len = 0, id_len = 0, root_len = 0, sig_len = 0;
    memset(out, 0, sizeof *out);
    seal_bcs_reader_init(&r, contents, len);
    if (seal_bcs_read_fixed(&r, out->id, 32) != SEAL_OK ||
        seal_bcs_read_bytes(&r, 32, &pk, &pk_len) != SEAL_OK ||
        seal_bcs_read_bytes(&r, 32, &id, &id_len) != SEAL_OK ||
        seal_bcs_read_u64(&r, &out->head.tree_size) != SEAL_OK ||
        seal_bcs_read_u64(&r, &out->head.timestamp_ms) != SEAL_OK ||
        seal_bcs_read_bytes(&r, 32, &root, &root_len) != SEAL_OK ||
        seal_bcs_read_bytes(&r, 64, &sig, &sig_len) != SEAL_OK ||
        seal_bcs_reader_finish(&r) != SEAL_OK || pk_len != 32 || id_len != 32 || root_len != 32 ||
        (sig_len != 0 && sig_len != 64)) {
        memset(out, 0, sizeof *out);
        return SEAL_ERR_INVALID_ENCODING;
    }
    memcpy(out->public_key, pk, 32);
    memcpy(out->log_id, id, 32);
    memcpy(out->head.log_id, id, 32);
    memcpy(out->head.root, root, 32);
    if (sig_len == 64)
        memcpy(out->head.signature, sig, 64);
    return SEAL_OK;
}

static void abort_with(seal_ledger_outcome *out, const char *function, uint64_t code) {
    seal__ledger_outcome_abort(out, SEAL_LEDGER_AUDIT_PACKAGE, MODULE, function, code);
}

seal_err seal__ledger_audit_log_create(seal__ledger_tx *t, const uint8_t sender[static 32],
                                       const uint8_t *pk, size_t pk_len,
                                       uint8_t log_object[static 32], seal_ledger_outcome *out) {
    seal_ledger_object o;
    seal_ledger_audit_log a;
    uint8_t c[CONTENTS_MAX];
    (void)sender;
    if (pk_len != 32) {
        abort_with(out, "create", SEAL_LEDGER_AUDIT_EINVALID_KEY);
        return SEAL_OK;
    }
    memset(&o, 0, sizeof o);
    memset(&a, 0, sizeof a);
    seal__ledger_tx_set_lamport(t, 1);
    seal__ledger_tx_new_id(t, o.id);
    memcpy(a.id, o.id, 32);
    memcpy(a.public_key, pk, 32);
    seal_audit_log_id(a.log_id, pk);
    seal_audit_empty_root(a.head.root);
    o.type_len = audit_type(o.type, sizeof o.type, SEAL_LEDGER_AUDIT_PACKAGE);
    o.owner.kind = SEAL_SUI_OWNER_SHARED;
    o.owner.version = t->lamport;
    o.version = t->lamport;
    memcpy(o.previous_transaction, t->digest, 32);
    o.contents = c;
    o.contents_len = encode(c, &a, false);
    seal_err err = seal__ledger_tx_put(t, &o);
    if (err == SEAL_OK)
        memcpy(log_object, o.id, 32);
    return err;
}

seal_err seal__ledger_audit_log_anchor(seal__ledger_tx *t, const uint8_t log_object[static 32],
                                       uint64_t tree_size, uint64_t timestamp_ms,
                                       const uint8_t *root, size_t root_len, const uint8_t *sig,
                                       size_t sig_len, seal_ledger_outcome *out) {
    seal_ledger_object o;
    seal_ledger_audit_log a;
    uint8_t c[CONTENTS_MAX];
    bool found = false;
    seal_err err;
    memset(&o, 0, sizeof o);
    if ((err = seal__ledger_obj_get(&t->l->w, log_object, &o, &found)) != SEAL_OK)
        return err;
    if (!found) {
        seal__ledger_outcome_set(out, SEAL_LEDGER_OBJECT_NOT_FOUND, "object not found");
        memcpy(out->object_id, log_object, 32);
        goto out;
    }
    if (o.owner.kind != SEAL_SUI_OWNER_SHARED ||
        !seal_ledger_audit_log_type_is(o.type, o.type_len, SEAL_LEDGER_AUDIT_PACKAGE)) {
        seal__ledger_outcome_set(out,
                                 o.owner.kind != SEAL_SUI_OWNER_SHARED ? SEAL_LEDGER_WRONG_OWNER
                                                                       : SEAL_LEDGER_TYPE_MISMATCH,
                                 "not an audit_log::AuditLog");
        memcpy(out->object_id, log_object, 32);
        goto out;
    }
    if ((err = seal_ledger_audit_log_decode(&a, o.contents, o.contents_len)) != SEAL_OK) {
        err = SEAL_ERR_INTERNAL;
        goto out;
    }
    if (root_len != 32 || sig_len != 64) {
        abort_with(out, "anchor", SEAL_LEDGER_AUDIT_EINVALID_HEAD);
        goto out;
    }
    if (tree_size <= a.head.tree_size) {
        abort_with(out, "anchor", SEAL_LEDGER_AUDIT_ESIZE_NOT_GROWING);
        goto out;
    }
    seal_audit_tree_head h;
    memcpy(h.log_id, a.log_id, 32);
    h.tree_size = tree_size;
    h.timestamp_ms = timestamp_ms;
    memcpy(h.root, root, 32);
    memcpy(h.signature, sig, 64);
    if (seal_audit_tree_head_verify(&h, a.public_key) != SEAL_OK) {
        abort_with(out, "anchor", SEAL_LEDGER_AUDIT_EINVALID_SIGNATURE);
        goto out;
    }
    a.head = h;
    seal__ledger_tx_set_lamport(t, o.version + 1);
    size_t n = encode(c, &a, true);
    free(o.contents);
    o.contents = NULL;
    uint8_t *copy = malloc(n);
    if (copy == NULL) {
        err = SEAL_ERR_NO_MEMORY;
        goto out;
    }
    memcpy(copy, c, n);
    o.contents = copy;
    o.contents_len = n;
    o.version = t->lamport;
    memcpy(o.previous_transaction, t->digest, 32);
    err = seal__ledger_tx_put(t, &o);
out:
    seal_ledger_object_clear(&o);
    return err;
}

/* ---- library calls ------------------------------------------------------------------------ */

static seal_err finish(seal__ledger_tx *t, seal_err err, const seal_ledger_outcome *out,
                       const char *fn, const uint8_t sender[static 32]) {
    if (err == SEAL_OK && out->status == SEAL_LEDGER_SUCCESS)
        err = seal__ledger_tx_commit(t, fn, sender);
    seal__ledger_tx_rollback(t);
    return err;
}

seal_err seal_ledger_audit_log_create(seal_ledger *l, const uint8_t sender[static 32],
                                      const uint8_t *public_key, size_t pk_len,
                                      uint8_t log_object[static 32], seal_ledger_outcome *out) {
    static const char fn[] = "audit_log::create";
    seal__ledger_tx t;
    memset(out, 0, sizeof *out);
    seal__ledger_outcome_set(out, SEAL_LEDGER_SUCCESS, "success");
    seal_err err = seal__ledger_tx_begin(l, &t, fn, sender);
    if (err != SEAL_OK)
        return err;
    return finish(&t,
                  seal__ledger_audit_log_create(&t, sender, public_key, pk_len, log_object, out),
                  out, fn, sender);
}

seal_err seal_ledger_audit_log_anchor(seal_ledger *l, const uint8_t sender[static 32],
                                      const uint8_t log_object[static 32],
                                      const seal_audit_tree_head *head, seal_ledger_outcome *out) {
    static const char fn[] = "audit_log::anchor";
    seal__ledger_tx t;
    memset(out, 0, sizeof *out);
    seal__ledger_outcome_set(out, SEAL_LEDGER_SUCCESS, "success");
    seal_err err = seal__ledger_tx_begin(l, &t, fn, sender);
    if (err != SEAL_OK)
        return err;
    return finish(&t,
                  seal__ledger_audit_log_anchor(&t, log_object, head->tree_size, head->timestamp_ms,
                                                head->root, 32, head->signature, 64, out),
                  out, fn, sender);
}
