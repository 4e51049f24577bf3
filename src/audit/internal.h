/* Private to the audit log (src/audit/). */
#ifndef SEAL_AUDIT_INTERNAL_H
#define SEAL_AUDIT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "seal/audit.h"

/* Domain separators of the signed messages and hashes (docs/audit.md). */
#define SEAL__AUDIT_DOMAIN_LOG_ID "seal-audit-v1/log-id"
#define SEAL__AUDIT_DOMAIN_TREE_HEAD "seal-audit-v1/tree-head"
#define SEAL__AUDIT_DOMAIN_RECEIPT "seal-audit-v1/receipt"
#define SEAL__AUDIT_DOMAIN_REQUEST "seal-audit-v1/request"

/* An expanded Ed25519 signing key (libsodium's seed || public key). */
typedef struct seal__audit_signer {
    uint8_t sk[64];
    uint8_t pk[32];
    uint8_t log_id[32];
} seal__audit_signer;

/* Expands a seed; wipe with seal__audit_signer_clear. */
SEAL_MUST_CHECK seal_err seal__audit_signer_init(seal__audit_signer *s,
                                                 const uint8_t secret[static 32]);
void seal__audit_signer_clear(seal__audit_signer *s);
/* Sets log ids and signs with an expanded key. */
SEAL_MUST_CHECK seal_err seal__audit_sign_head(seal_audit_tree_head *h,
                                               const seal__audit_signer *s);
SEAL_MUST_CHECK seal_err seal__audit_sign_receipt(seal_audit_receipt *r,
                                                  const seal__audit_signer *s);

/* Little-endian u64. */
void seal__audit_put_u64(uint8_t p[static 8], uint64_t v);
uint64_t seal__audit_get_u64(const uint8_t p[static 8]);

#endif
