/* Reading a committee's objects through the chain layer (spec/COMMITTEE.md 5.3): from a committee
 * KeyServer to the committee that holds it, and the committee's KeyServer and UpgradeManager. */
#ifndef SEAL_CHAIN_COMMITTEE_H
#define SEAL_CHAIN_COMMITTEE_H

#include "seal/chain.h"
#include "seal/committee_onchain.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The committee holding KeyServer ks_id: the KeyServer's owner is the field object
 * Field<Wrapper<ID>, ID> whose name is the committee's id. *found false (SEAL_OK) when ks_id does
 * not exist or is not held by a committee. */
SEAL_MUST_CHECK seal_err seal_chain_committee_of_key_server(seal_chain *c,
                                                            const uint8_t ks_id[static 32],
                                                            uint8_t committee_id[static 32],
                                                            bool *found);
/* The KeyServer held by committee_id (through the dynamic object field named by its id);
 * *found false when the committee holds none (not finalized, or deleted). */
SEAL_MUST_CHECK seal_err seal_chain_committee_key_server(seal_chain *c,
                                                         const uint8_t committee_id[static 32],
                                                         uint8_t ks_id[static 32], bool *found);
/* The KeyServerV2 of ks_id: its field object (release with seal_ledger_object_clear; *v2
 * borrows from it) decoded. *found false when there is none. SEAL_ERR_INVALID_ENCODING when
 * it does not decode. */
SEAL_MUST_CHECK seal_err seal_chain_key_server_v2(seal_chain *c, const uint8_t ks_id[static 32],
                                                  seal_ledger_object *field,
                                                  seal_onchain_key_server_v2 *v2, bool *found);

#ifdef __cplusplus
}
#endif
#endif
