/*
 * On-chain objects of committee mode (spec/COMMITTEE.md 5): BCS codecs of the Move structs of
 * seal_committee::seal_committee (Committee, State, MemberInfo, UpgradeManager, UpgradeProposal,
 * CommitteeRotationInitiated) and of seal::key_server (KeyServer, KeyServerV2 with
 * ServerType::Committee, PartialKeyServer), plus the ids and type tags needed to find them
 * (the KeyServer and the UpgradeManager are dynamic object fields of their committee).
 *
 * Decoders are bounded: every length is checked against the remaining input before anything is
 * allocated, trailing bytes are rejected, enum variants and Option tags must be valid. Byte
 * fields (seal_sui_bytes) borrow from the decoded buffer, which must outlive the struct; the
 * arrays are heap memory released by the matching _clear(). Decoders do not validate points:
 * the chain checked them when they were written (group_ops); readers that use a point decode it
 * with the subgroup check. Encoders write what the Move struct's BCS is, byte for byte; the
 * writer's counting mode gives the size (seal/bcs.h).
 */
#ifndef SEAL_COMMITTEE_ONCHAIN_H
#define SEAL_COMMITTEE_ONCHAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "seal/bcs.h"
#include "seal/error.h"
#include "seal/sui.h"

#ifdef __cplusplus
extern "C" {
#endif

/* init_internal: members.length() < u16::MAX. */
#define SEAL_ONCHAIN_MEMBERS_MAX 65534u
/* Largest number of partial key servers a KeyServerV2 may hold (its vector length must fit
 * the u16 party ids). */
#define SEAL_ONCHAIN_PARTIAL_MAX 65535u
#define SEAL_ONCHAIN_G1_BYTES 48
#define SEAL_ONCHAIN_G2_BYTES 96
#define SEAL_ONCHAIN_DIGEST_BYTES 32

/* ---- seal_committee::Committee ------------------------------------------------------------ */

/* MemberInfo { enc_pk, signing_pk, url: String, name: String } with its VecMap key. */
typedef struct seal_onchain_member_info {
    uint8_t address[32];
    seal_sui_bytes enc_pk;
    seal_sui_bytes signing_pk;
    seal_sui_bytes url;
    seal_sui_bytes name;
} seal_onchain_member_info;

typedef enum seal_onchain_state {
    SEAL_ONCHAIN_STATE_INIT = 0,
    SEAL_ONCHAIN_STATE_POST_DKG = 1,
    SEAL_ONCHAIN_STATE_FINALIZED = 2,
} seal_onchain_state;

/* Committee { id, threshold: u16, members: vector<address>, state: State,
 *             old_committee_id: Option<ID> }
 * State: Init { members_info } | PostDKG { members_info, partial_pks, pk, messages_hash,
 * approvals: VecSet<address> } | Finalized. members_info is in insertion (registration) order;
 * the party id of a member is its index in members. */
typedef struct seal_onchain_committee {
    uint8_t id[32];
    uint16_t threshold;
    size_t n_members;
    uint8_t (*members)[32];
    seal_onchain_state state;
    size_t n_infos; /* Init, PostDKG */
    seal_onchain_member_info *infos;
    size_t n_partial_pks; /* PostDKG */
    seal_sui_bytes *partial_pks;
    seal_sui_bytes pk;            /* PostDKG */
    seal_sui_bytes messages_hash; /* PostDKG */
    size_t n_approvals;           /* PostDKG */
    uint8_t (*approvals)[32];
    bool has_old_committee_id;
    uint8_t old_committee_id[32];
} seal_onchain_committee;

/* Decodes the BCS contents of a Committee object. On error *out is cleared (nothing to free).
 * SEAL_ERR_INVALID_ENCODING (malformed, trailing bytes), SEAL_ERR_LIMIT (more than
 * SEAL_ONCHAIN_MEMBERS_MAX members), SEAL_ERR_NO_MEMORY. */
SEAL_MUST_CHECK seal_err seal_onchain_committee_decode(seal_onchain_committee *out,
                                                       const uint8_t *bcs, size_t len);
/* Appends the BCS of c to w. */
void seal_onchain_committee_encode(seal_bcs_writer *w, const seal_onchain_committee *c);
/* Frees the arrays (not the borrowed bytes); the struct is zeroed. NULL is a no-op. */
void seal_onchain_committee_clear(seal_onchain_committee *c);
/* Party id of address (index in members); false when not a member. */
bool seal_onchain_committee_party_id(const seal_onchain_committee *c,
                                     const uint8_t address[static 32], uint16_t *party_id);
/* Registration of address (Init / PostDKG), NULL when absent. */
const seal_onchain_member_info *seal_onchain_committee_info(const seal_onchain_committee *c,
                                                            const uint8_t address[static 32]);

/* ---- seal::key_server ---------------------------------------------------------------------- */

/* PartialKeyServer { name: String, url: String, partial_pk: vector<u8>, party_id: u16 }. */
typedef struct seal_onchain_partial_key_server {
    seal_sui_bytes name;
    seal_sui_bytes url;
    seal_sui_bytes partial_pk;
    uint16_t party_id;
} seal_onchain_partial_key_server;

typedef enum seal_onchain_server_type {
    SEAL_ONCHAIN_SERVER_INDEPENDENT = 0,
    SEAL_ONCHAIN_SERVER_COMMITTEE = 1,
} seal_onchain_server_type;

/* KeyServerV2 { name: String, key_type: u8, pk: vector<u8>, server_type: ServerType }
 * ServerType: Independent { url } | Committee { version: u32, threshold: u16,
 * partial_key_servers: vector<PartialKeyServer> }. */
typedef struct seal_onchain_key_server_v2 {
    seal_sui_bytes name;
    uint8_t key_type;
    seal_sui_bytes pk;
    seal_onchain_server_type server_type;
    seal_sui_bytes url; /* Independent */
    uint32_t version;   /* Committee */
    uint16_t threshold; /* Committee */
    size_t n_partial;   /* Committee */
    seal_onchain_partial_key_server *partial;
} seal_onchain_key_server_v2;

/* BCS decoding (out->partial is allocated: release it with _clear; a failed decoding leaves
 * nothing to release), encoding, and release. */
SEAL_MUST_CHECK seal_err seal_onchain_key_server_v2_decode(seal_onchain_key_server_v2 *out,
                                                           const uint8_t *bcs, size_t len);
void seal_onchain_key_server_v2_encode(seal_bcs_writer *w, const seal_onchain_key_server_v2 *k);
void seal_onchain_key_server_v2_clear(seal_onchain_key_server_v2 *k);
/* The contents of the dynamic field 0x2::dynamic_field::Field<u64, KeyServerV2>: field id, name
 * (the version, 2) and the value. */
SEAL_MUST_CHECK seal_err seal_onchain_key_server_v2_field_decode(seal_onchain_key_server_v2 *out,
                                                                 uint8_t field_id[static 32],
                                                                 uint64_t *name, const uint8_t *bcs,
                                                                 size_t len);
/* KeyServer { id, first_version: u64, last_version: u64 } (48 bytes). */
SEAL_MUST_CHECK seal_err seal_onchain_key_server_decode(uint8_t id[static 32],
                                                        uint64_t *first_version,
                                                        uint64_t *last_version, const uint8_t *bcs,
                                                        size_t len);

/* ---- seal_committee::UpgradeManager -------------------------------------------------------- */

/* 0x2::package::UpgradeCap { id, package: ID, version: u64, policy: u8 }. */
typedef struct seal_onchain_upgrade_cap {
    uint8_t id[32];
    uint8_t package[32];
    uint64_t version;
    uint8_t policy;
} seal_onchain_upgrade_cap;

typedef enum seal_onchain_vote {
    SEAL_ONCHAIN_APPROVE = 0,
    SEAL_ONCHAIN_REJECT = 1
} seal_onchain_vote;

typedef struct seal_onchain_vote_entry {
    uint8_t address[32];
    seal_onchain_vote vote;
} seal_onchain_vote_entry;

/* UpgradeManager { id, cap: UpgradeCap, upgrade_proposal: Option<UpgradeProposal> }
 * UpgradeProposal { digest: PackageDigest(vector<u8>), version: u64, votes: VecMap<address,
 * Vote> }. */
typedef struct seal_onchain_upgrade_manager {
    uint8_t id[32];
    seal_onchain_upgrade_cap cap;
    bool has_proposal;
    seal_sui_bytes digest;
    uint64_t proposal_version;
    size_t n_votes;
    seal_onchain_vote_entry *votes;
} seal_onchain_upgrade_manager;

/* BCS decoding (out->votes is allocated: release it with _clear; a failed decoding leaves
 * nothing to release), encoding, and release. */
SEAL_MUST_CHECK seal_err seal_onchain_upgrade_manager_decode(seal_onchain_upgrade_manager *out,
                                                             const uint8_t *bcs, size_t len);
void seal_onchain_upgrade_manager_encode(seal_bcs_writer *w, const seal_onchain_upgrade_manager *m);
void seal_onchain_upgrade_manager_clear(seal_onchain_upgrade_manager *m);
/* Number of votes of the given kind (count_votes). */
size_t seal_onchain_upgrade_manager_count(const seal_onchain_upgrade_manager *m,
                                          seal_onchain_vote vote);
SEAL_MUST_CHECK seal_err seal_onchain_upgrade_cap_decode(seal_onchain_upgrade_cap *out,
                                                         const uint8_t *bcs, size_t len);
void seal_onchain_upgrade_cap_encode(seal_bcs_writer *w, const seal_onchain_upgrade_cap *cap);

/* ---- the event ----------------------------------------------------------------------------- */

/* CommitteeRotationInitiated { committee_id: ID, old_committee_id: ID } (64 bytes). */
SEAL_MUST_CHECK seal_err seal_onchain_rotation_event_decode(uint8_t committee_id[static 32],
                                                            uint8_t old_committee_id[static 32],
                                                            const uint8_t *bcs, size_t len);
void seal_onchain_rotation_event_encode(seal_bcs_writer *w, const uint8_t committee_id[static 32],
                                        const uint8_t old_committee_id[static 32]);

/* ---- dynamic object fields ----------------------------------------------------------------- */

/* The field object of a dynamic object field: Field<Wrapper<N>, ID> { id, name: Wrapper { name },
 * value: ID }. name_len is the length of BCS(name) the caller expects (32 for an ID, 1 for
 * UpgradeManagerKey); *name points into bcs. */
SEAL_MUST_CHECK seal_err seal_onchain_dof_field_decode(uint8_t field_id[static 32],
                                                       const uint8_t **name, size_t name_len,
                                                       uint8_t value[static 32], const uint8_t *bcs,
                                                       size_t len);
/* Id of the field object of the dynamic object field of parent named by a value of the type
 * name_tag (BCS TypeTag) whose BCS is name: the dynamic-field id with key type
 * 0x2::dynamic_object_field::Wrapper<name_tag>. */
SEAL_MUST_CHECK seal_err seal_onchain_dof_id(uint8_t out[static 32],
                                             const uint8_t parent[static 32],
                                             const uint8_t *name_tag, size_t tag_len,
                                             const uint8_t *name, size_t name_len);
/* The field that holds a committee's KeyServer (name: 0x2::object::ID = the committee's id). */
void seal_onchain_key_server_field_id(uint8_t out[static 32],
                                      const uint8_t committee_id[static 32]);
/* The field that holds a committee's UpgradeManager (name: pkg::seal_committee::UpgradeManagerKey,
 * pkg = the address in the Committee's type). */
void seal_onchain_upgrade_manager_field_id(uint8_t out[static 32],
                                           const uint8_t committee_id[static 32],
                                           const uint8_t pkg[static 32]);

/* ---- type tags ------------------------------------------------------------------------------ */

/* Largest BCS TypeTag these builders write. */
#define SEAL_ONCHAIN_TAG_MAX 512
/* BCS TypeTag of pkg::seal_committee::<name> (no type parameters): Committee, UpgradeManager,
 * UpgradeManagerKey, CommitteeRotationInitiated. Returns the length (0 if it does not fit). */
size_t seal_onchain_committee_type_tag(uint8_t out[static SEAL_ONCHAIN_TAG_MAX],
                                       const uint8_t pkg[static 32], const char *name);
/* BCS TypeTag 0x2::dynamic_object_field::Wrapper<inner>. */
size_t seal_onchain_wrapper_type_tag(uint8_t out[static SEAL_ONCHAIN_TAG_MAX], const uint8_t *inner,
                                     size_t inner_len);
/* BCS TypeTag 0x2::object::ID. */
size_t seal_onchain_id_type_tag(uint8_t out[static SEAL_ONCHAIN_TAG_MAX]);
/* When tag (a BCS TypeTag) is pkg::seal_committee::Committee, writes pkg and returns true. */
bool seal_onchain_is_committee_type(const uint8_t *tag, size_t tag_len, uint8_t pkg[static 32]);

#ifdef __cplusplus
}
#endif
#endif
