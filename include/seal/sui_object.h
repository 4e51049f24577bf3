/*
 * Sui objects in BCS (what a node stores and what `showBcs` / object digests are computed over):
 *
 *   Object { data: Data, owner: Owner, previous_transaction: digest, storage_rebate: u64 }
 *   Data   0 Move(MoveObject { type: MoveObjectType, has_public_transfer: bool, version: u64,
 *                              contents: vector<u8> })
 *          1 Package(MovePackage { id, version, module_map: map<String, vector<u8>>,
 *                                  type_origin_table: vector<TypeOrigin>,
 *                                  linkage_table: map<ObjectID, UpgradeInfo> })
 *   Owner  0 AddressOwner(address) 1 ObjectOwner(address) 2 Shared { initial_shared_version }
 *          3 Immutable 4 ConsensusAddressOwner { start_version, owner }
 *   MoveObjectType 0 Other(StructTag) 1 GasCoin 2 StakedSui 3 Coin(TypeTag)
 *                  4 AccumulatorBalanceWrapper
 * (the layout of @mysten/sui 2.33.1). Object digest = BLAKE2b-256("Object::" || BCS(Object)).
 *
 * Decoding borrows from the input (no allocation): keep the bytes alive while the struct is used.
 * Maps must have strictly increasing keys (BCS canonical form); trailing bytes are rejected.
 */
#ifndef SEAL_SUI_OBJECT_H
#define SEAL_SUI_OBJECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "seal/bcs.h"
#include "seal/error.h"
#include "seal/sui.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Caps for decoding objects (ours; Sui's max_move_object_size is 250 KiB, packages 100 KiB). */
#define SEAL_SUI_OBJECT_MAX_BYTES (512u * 1024u)
#define SEAL_SUI_PACKAGE_MAX_MODULES 256

typedef enum seal_sui_owner_kind {
    SEAL_SUI_OWNER_ADDRESS = 0,
    SEAL_SUI_OWNER_OBJECT = 1,
    SEAL_SUI_OWNER_SHARED = 2,
    SEAL_SUI_OWNER_IMMUTABLE = 3,
    SEAL_SUI_OWNER_CONSENSUS_ADDRESS = 4,
} seal_sui_owner_kind;

typedef struct seal_sui_owner {
    seal_sui_owner_kind kind;
    uint8_t address[32]; /* ADDRESS, OBJECT, CONSENSUS_ADDRESS */
    uint64_t version;    /* SHARED: initial shared version; CONSENSUS_ADDRESS: start version */
} seal_sui_owner;

/* An Owner in BCS (the enum of sui_types::object::Owner): read (SEAL_ERR_INVALID_ENCODING on a
 * bad variant or short input) and write. */
SEAL_MUST_CHECK seal_err seal_sui_owner_read(seal_bcs_reader *r, seal_sui_owner *out);
SEAL_MUST_CHECK seal_err seal_sui_owner_write(seal_bcs_writer *w, const seal_sui_owner *owner);

typedef enum seal_sui_move_object_kind {
    SEAL_SUI_MOVE_OBJECT_OTHER = 0,
    SEAL_SUI_MOVE_OBJECT_GAS_COIN = 1,
    SEAL_SUI_MOVE_OBJECT_STAKED_SUI = 2,
    SEAL_SUI_MOVE_OBJECT_COIN = 3,
    SEAL_SUI_MOVE_OBJECT_ACCUMULATOR_BALANCE_WRAPPER = 4,
} seal_sui_move_object_kind;

typedef struct seal_sui_move_object_type {
    seal_sui_move_object_kind kind;
    seal_sui_bytes tag; /* OTHER: BCS StructTag (a TypeTag without its 07 byte); COIN: BCS TypeTag
                           of the coin type */
} seal_sui_move_object_type;

/* The full BCS TypeTag of an object type (GasCoin = 0x2::coin::Coin<0x2::sui::SUI>, StakedSui =
 * 0x3::staking_pool::StakedSui, Coin(T) = 0x2::coin::Coin<T>, AccumulatorBalanceWrapper =
 * 0x2::accumulator::AccumulatorBalanceWrapper), for display with seal_sui_type_tag_format(). */
SEAL_MUST_CHECK seal_err seal_sui_move_object_type_to_type_tag(uint8_t *out, size_t out_cap,
                                                               size_t *out_len,
                                                               const seal_sui_move_object_type *t);
/* The inverse, with Sui's compression (GasCoin, StakedSui, Coin<T> are recognised; any other
 * struct is Other). tag must be a struct TypeTag and stays borrowed by *out. */
SEAL_MUST_CHECK seal_err seal_sui_move_object_type_from_type_tag(seal_sui_move_object_type *out,
                                                                 const uint8_t *tag, size_t len);

typedef struct seal_sui_object {
    bool is_package;
    /* Move objects */
    seal_sui_move_object_type type;
    bool has_public_transfer;
    uint64_t version;
    seal_sui_bytes contents; /* starts with the object's UID (32 bytes) */
    /* Packages: the validated MovePackage BCS (after the Data variant index) */
    seal_sui_bytes package;
    uint8_t package_id[32];
    uint64_t package_version;
    /* Both */
    seal_sui_owner owner;
    uint8_t previous_transaction[32];
    uint64_t storage_rebate;
} seal_sui_object;

/* Decodes BCS Object bytes (whole input). SEAL_ERR_INVALID_ENCODING / SEAL_ERR_LIMIT. */
SEAL_MUST_CHECK seal_err seal_sui_object_decode(seal_sui_object *out, const uint8_t *bcs,
                                                size_t len);
/* Validates and appends BCS(Object) to w. */
SEAL_MUST_CHECK seal_err seal_sui_object_encode(seal_bcs_writer *w, const seal_sui_object *o);
/* The object id: the UID at the start of a Move object's contents, or the package id. */
SEAL_MUST_CHECK seal_err seal_sui_object_id(uint8_t out[static 32], const seal_sui_object *o);
/* Object digest of BCS(Object) bytes: BLAKE2b-256("Object::" || bcs). */
void seal_sui_object_digest(uint8_t out[static 32], const uint8_t *bcs, size_t len);

#ifdef __cplusplus
}
#endif
#endif
