/* The native seal_committee package and the committee parts of seal::key_server
 * (committee.c, committee_keys.c): the Move functions of MystenLabs/seal
 * move/committee/sources/committee.move and move/seal/sources/key_server.move at ddc7e5d6 with
 * their check order and abort codes (spec/COMMITTEE.md 5). Called by the PTB interpreter
 * (committee_exec.c) inside a signed transaction. */
#ifndef SEAL_LEDGER_COMMITTEE_H
#define SEAL_LEDGER_COMMITTEE_H

#include "ledger/internal.h"
#include "seal/committee_onchain.h"

/* Module list recorded for a native seal_committee package in the packages table. */
#define SEAL__COMMITTEE_MODULES "seal_committee"

/* One call: the transaction, its sender, the package called and the package that defines the
 * types (its original id), the outcome. */
typedef struct seal__committee_ctx {
    seal__ledger_tx *t;
    const uint8_t *sender;
    uint8_t pkg[32];
    uint8_t original[32];
    seal_ledger_outcome *out;
} seal__committee_ctx;

/* Aborts with a seal_committee code in function fn (the outcome). */
void seal__committee_abort(seal__committee_ctx *c, const char *fn, uint64_t code);
/* 0x2::group_ops EInvalidInput: bytes that are not a valid compressed G1 (48) / G2 (96) point. */
bool seal__committee_g1_ok(const uint8_t *p, size_t n);
bool seal__committee_g2_ok(const uint8_t *p, size_t n);

/* ---- seal::key_server (committee_keys.c) ---------------------------------------------------- */

/* create_committee_v2(name, threshold, pk, partial_key_servers): writes a KeyServer {2, 2}
 * (owner set by the caller through *ks, not yet written) and its Field<u64, KeyServerV2> owned by
 * it. ks->id receives the new id. Aborts: group_ops 1 (pk), key_server 4/5/6 (validation). */
SEAL_MUST_CHECK seal_err seal__key_server_create_committee_v2(
    seal__committee_ctx *c, const uint8_t *name, size_t name_len, uint16_t threshold,
    const uint8_t *pk, size_t pk_len, const seal_onchain_partial_key_server *list, size_t n,
    seal_ledger_object *ks);
/* update_partial_key_servers(ks, new_threshold, list): validate (4, 5, 6), committee V2 (2, 3),
 * replace, version += 1. */
SEAL_MUST_CHECK seal_err seal__key_server_update_partial_key_servers(
    seal__committee_ctx *c, const uint8_t ks_id[static 32], uint16_t threshold,
    const seal_onchain_partial_key_server *list, size_t n);
/* update_member_url(ks, url, party_id): committee V2 (2, 3), party_id < n (5). */
SEAL_MUST_CHECK seal_err seal__key_server_update_member_url(seal__committee_ctx *c,
                                                            const uint8_t ks_id[static 32],
                                                            const uint8_t *url, size_t url_len,
                                                            uint16_t party_id);
/* The pk of KeyServer ks_id (key_server::pk, V2 or V1). *pk_out is heap memory. */
SEAL_MUST_CHECK seal_err seal__key_server_pk(seal__committee_ctx *c, const uint8_t ks_id[static 32],
                                             uint8_t **pk_out, size_t *pk_len);

/* ---- seal_committee (committee.c) ----------------------------------------------------------- */

SEAL_MUST_CHECK seal_err seal__committee_init(seal__committee_ctx *c,
                                              const uint8_t cap_id[static 32], uint16_t threshold,
                                              const uint8_t (*members)[32], size_t n);
SEAL_MUST_CHECK seal_err seal__committee_init_rotation(seal__committee_ctx *c,
                                                       const uint8_t old_id[static 32],
                                                       uint16_t threshold,
                                                       const uint8_t (*members)[32], size_t n);
SEAL_MUST_CHECK seal_err seal__committee_register(seal__committee_ctx *c,
                                                  const uint8_t id[static 32],
                                                  seal_sui_bytes enc_pk, seal_sui_bytes signing_pk,
                                                  seal_sui_bytes url, seal_sui_bytes name);
/* partial_pks: n_pks byte strings. */
SEAL_MUST_CHECK seal_err seal__committee_propose(seal__committee_ctx *c,
                                                 const uint8_t id[static 32],
                                                 const seal_sui_bytes *partial_pks, size_t n_pks,
                                                 seal_sui_bytes pk, seal_sui_bytes messages_hash);
SEAL_MUST_CHECK seal_err seal__committee_propose_for_rotation(
    seal__committee_ctx *c, const uint8_t id[static 32], const seal_sui_bytes *partial_pks,
    size_t n_pks, seal_sui_bytes messages_hash, const uint8_t old_id[static 32]);
SEAL_MUST_CHECK seal_err seal__committee_update_member_url(seal__committee_ctx *c,
                                                           const uint8_t id[static 32],
                                                           seal_sui_bytes url);

/* Upgrade vote. */
typedef enum seal__committee_vote_op {
    SEAL__COMMITTEE_APPROVE,
    SEAL__COMMITTEE_REJECT,
    SEAL__COMMITTEE_RESET,
    SEAL__COMMITTEE_AUTHORIZE,
    SEAL__COMMITTEE_COMMIT,
} seal__committee_vote_op;
/* APPROVE: digest given. AUTHORIZE: fills cap_id, package, policy, digest_out (the ticket).
 * COMMIT: cap_id and package are the receipt's. */
typedef struct seal__committee_upgrade {
    seal_sui_bytes digest;
    uint8_t cap_id[32];
    uint8_t package[32];
    uint8_t policy;
    uint8_t digest_out[32];
} seal__committee_upgrade;
SEAL_MUST_CHECK seal_err seal__committee_upgrade_vote(seal__committee_ctx *c,
                                                      const uint8_t id[static 32],
                                                      seal__committee_vote_op op,
                                                      seal__committee_upgrade *u);

/* Object helpers shared by the two files. */
SEAL_MUST_CHECK seal_err seal__committee_put(seal__committee_ctx *c, seal_ledger_object *o,
                                             const uint8_t *contents, size_t len);
/* Fresh object of type tag (not written). */
void seal__committee_object_init(seal__committee_ctx *c, seal_ledger_object *o, const uint8_t *tag,
                                 size_t tag_len, bool has_public_transfer);

#endif
