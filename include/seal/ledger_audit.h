/*
 * The policy-free audit log module of the ledger (docs/audit.md, "Anchoring on chain"), native
 * like the other modules, in its own package 0x…5ea4 (move/audit/sources/audit_log.move is its
 * Move source for Sui deployments):
 *
 *   AuditLog has key { id, public_key: vector<u8>, log_id: vector<u8>, tree_size: u64,
 *                      timestamp_ms: u64, root_hash: vector<u8>, signature: vector<u8> }  shared
 *   entry create(public_key: vector<u8>)            a new AuditLog for that audit key: size 0,
 *                                                   the empty tree's root, no signature
 *   entry anchor(&mut AuditLog, tree_size: u64, timestamp_ms: u64, root_hash: vector<u8>,
 *                signature: vector<u8>)             accepts a signed tree head of that key whose
 *                                                   size grows
 * Aborts (audit_log::create / audit_log::anchor): 1 EInvalidKey (not 32 bytes), 2 EInvalidHead
 * (root not 32 bytes or signature not 64), 3 ESizeNotGrowing (tree_size <= the anchored size),
 * 4 EInvalidSignature (not the key's signature of the head, docs/audit.md).
 */
#ifndef SEAL_LEDGER_AUDIT_H
#define SEAL_LEDGER_AUDIT_H

#include "seal/audit.h"
#include "seal/ledger.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The package holding `audit_log` (0x…5ea4, original id = id, version 1). */
extern const uint8_t SEAL_LEDGER_AUDIT_PACKAGE[32];

enum {
    SEAL_LEDGER_AUDIT_EINVALID_KEY = 1,
    SEAL_LEDGER_AUDIT_EINVALID_HEAD = 2,
    SEAL_LEDGER_AUDIT_ESIZE_NOT_GROWING = 3,
    SEAL_LEDGER_AUDIT_EINVALID_SIGNATURE = 4,
};

/* The contents of an AuditLog object. */
typedef struct seal_ledger_audit_log {
    uint8_t id[32];
    uint8_t public_key[32];
    uint8_t log_id[32];
    seal_audit_tree_head head; /* the anchored head (size 0, no signature, until the first) */
} seal_ledger_audit_log;

/* Decodes an AuditLog object's BCS contents (SEAL_ERR_INVALID_ENCODING otherwise). */
SEAL_MUST_CHECK seal_err seal_ledger_audit_log_decode(seal_ledger_audit_log *out,
                                                      const uint8_t *contents, size_t len);
/* True when the BCS TypeTag is <pkg>::audit_log::AuditLog (any package when pkg is NULL). */
bool seal_ledger_audit_log_type_is(const uint8_t *type, size_t type_len, const uint8_t *pkg);

/* The entry functions as library calls (one durable transaction each, as the others). */
SEAL_MUST_CHECK seal_err seal_ledger_audit_log_create(seal_ledger *l,
                                                      const uint8_t sender[static 32],
                                                      const uint8_t *public_key, size_t pk_len,
                                                      uint8_t log_object[static 32],
                                                      seal_ledger_outcome *out);
SEAL_MUST_CHECK seal_err seal_ledger_audit_log_anchor(seal_ledger *l,
                                                      const uint8_t sender[static 32],
                                                      const uint8_t log_object[static 32],
                                                      const seal_audit_tree_head *head,
                                                      seal_ledger_outcome *out);

#ifdef __cplusplus
}
#endif
#endif
