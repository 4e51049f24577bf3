/*
 * Anchoring the audit log's heads on chain (docs/audit.md, "Anchoring on chain"): reading an
 * AuditLog object and posting signed transactions to its audit_log module through any chain
 * backend (seal_chain). This part of src/audit/ sits above the chain layer; the rest of the
 * audit log sits below the ledger.
 *
 * Transactions are TransactionData V1 signed by kp, with the chain's reference gas price, a
 * 50,000,000 budget, no gas payment and the gasless ValidDuring expiration (a random nonce) that
 * `seal localnet` commands use: the ledger and `seal localnet serve` execute them. A Sui network
 * needs gas coins in the payment; these helpers do not select them.
 */
#ifndef SEAL_AUDIT_ANCHOR_H
#define SEAL_AUDIT_ANCHOR_H

#include "seal/audit.h"
#include "seal/chain.h"
#include "seal/ledger_audit.h"
#include "seal/sui_sig.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Reads the AuditLog object `object`: of type pkg::audit_log::AuditLog, or of any package when
 * pkg is NULL (the module may be published at any address on Sui). Not found, another type or
 * malformed contents: SEAL_ERR_INVALID_ARGUMENT. */
SEAL_MUST_CHECK seal_err seal_audit_anchor_read(seal_chain *chain, const uint8_t *pkg,
                                                const uint8_t object[static 32],
                                                seal_ledger_audit_log *out);
/* pkg NULL below: the ledger's package 0x…5ea4. */
/* audit_log::create(public_key): *object receives the new AuditLog's id on success. The
 * outcome is in effects (SEAL_OK with a failed outcome is possible). */
SEAL_MUST_CHECK seal_err seal_audit_anchor_create(seal_chain *chain, const seal_sui_keypair *kp,
                                                  const uint8_t *pkg,
                                                  const uint8_t public_key[static 32],
                                                  uint8_t object[static 32],
                                                  seal_ledger_effects *effects);
/* audit_log::anchor(object, head): the outcome in effects (an abort of the module names the
 * reason: 3 the size does not grow, 4 a signature of another key). */
SEAL_MUST_CHECK seal_err seal_audit_anchor_post(seal_chain *chain, const seal_sui_keypair *kp,
                                                const uint8_t *pkg, const uint8_t object[static 32],
                                                const seal_audit_tree_head *head,
                                                seal_ledger_effects *effects);

#ifdef __cplusplus
}
#endif
#endif
