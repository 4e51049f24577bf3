/* The audit_log module's entry functions inside a transaction (audit_log.c), for execute.c. */
#ifndef SEAL_LEDGER_AUDIT_LOG_H
#define SEAL_LEDGER_AUDIT_LOG_H

#include "ledger/internal.h"
#include "seal/ledger_audit.h"

SEAL_MUST_CHECK seal_err seal__ledger_audit_log_create(seal__ledger_tx *t,
                                                       const uint8_t sender[static 32],
                                                       const uint8_t *pk, size_t pk_len,
                                                       uint8_t log_object[static 32],
                                                       seal_ledger_outcome *out);
SEAL_MUST_CHECK seal_err seal__ledger_audit_log_anchor(seal__ledger_tx *t,
                                                       const uint8_t log_object[static 32],
                                                       uint64_t tree_size, uint64_t timestamp_ms,
                                                       const uint8_t *root, size_t root_len,
                                                       const uint8_t *sig, size_t sig_len,
                                                       seal_ledger_outcome *out);

#endif
