/*
 * The embedded ledger: Sui's object model in SQLite and the published Seal policy modules
 * executed natively (docs/ledger.md).
 *
 * Store: one SQLite database in WAL mode with synchronous=FULL (a commit is on disk before the
 * call that made it returns). A handle opened with seal_ledger_open() owns one writer
 * connection and one read-only connection (dry runs and reads); every statement is prepared
 * once and cached. A handle is not safe for concurrent use: give each thread its own handle
 * (seal_ledger_open_readonly() for readers; SQLite serialises writers across handles).
 *
 * Packages are "published" at fixed ids when a ledger is created (SEAL_LEDGER_*_PACKAGE):
 *   Seal package      time::check_staleness
 *   patterns package  whitelist, account_based, tle, subscription, private_data
 *   examples package  allowlist, subscription
 * Objects keep the BCS layout of the Move structs, so get_objects answers what a Sui node
 * would. Gas and coins are not modelled: fees are plain u64 amounts.
 *
 * Outcomes: functions that evaluate or execute Move calls return seal_err only for system
 * failures (I/O, memory, malformed bytes); what Sui would report as the transaction's status
 * (success, abort, object not found, ...) is in a seal_ledger_outcome.
 */
#ifndef SEAL_LEDGER_H
#define SEAL_LEDGER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "seal/error.h"
#include "seal/sui_object.h"
#include "seal/sui_tx.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Schema version written in the database's meta table. */
#define SEAL_LEDGER_SCHEMA_VERSION 1
/* Largest BCS contents of one object the ledger stores (Sui's max_move_object_size). */
#define SEAL_LEDGER_OBJECT_MAX_BYTES (250u * 1024u)
/* Largest BCS TypeTag of an object type. */
#define SEAL_LEDGER_TYPE_MAX_BYTES 512
/* Longest Move identifier kept in an outcome (+ NUL). */
#define SEAL_LEDGER_IDENT_BYTES 129
#define SEAL_LEDGER_MESSAGE_BYTES 160

/* Fixed package ids (0x…5ea1, 0x…5ea2, 0x…5ea3; original id = id, version 1). */
extern const uint8_t SEAL_LEDGER_SEAL_PACKAGE[32];
extern const uint8_t SEAL_LEDGER_PATTERNS_PACKAGE[32];
extern const uint8_t SEAL_LEDGER_EXAMPLES_PACKAGE[32];
/* The shared Clock 0x6 (initial shared version 1). */
extern const uint8_t SEAL_LEDGER_CLOCK_ID[32];
/* Address that published the packages (owner of patterns::subscription::PackageVersionCap). */
extern const uint8_t SEAL_LEDGER_PUBLISHER[32];

typedef struct seal_ledger seal_ledger;

typedef enum seal_ledger_status {
    SEAL_LEDGER_SUCCESS = 0,
    SEAL_LEDGER_ABORT = 1,              /* MoveAbort: abort_* fields */
    SEAL_LEDGER_FUNCTION_NOT_FOUND = 2, /* unknown module or function in a known package */
    SEAL_LEDGER_OBJECT_NOT_FOUND = 3,   /* an input object or the called package does not exist */
    SEAL_LEDGER_TYPE_MISMATCH = 4,      /* argument of the wrong type (object or pure) */
    SEAL_LEDGER_WRONG_OWNER = 5,        /* owned object of another address, or wrong input kind */
    SEAL_LEDGER_VERSION_MISMATCH = 6,   /* stale object reference / wrong initial shared version */
    SEAL_LEDGER_ARITY_MISMATCH = 7,     /* wrong number of arguments or type arguments */
    SEAL_LEDGER_INVALID_BCS = 8,        /* a pure argument does not decode as the parameter type */
    SEAL_LEDGER_UNSUPPORTED = 9,        /* not evaluable here (non-MoveCall, Result args, ...) */
    SEAL_LEDGER_ARITHMETIC_ERROR = 10,  /* Move arithmetic overflow (not an abort) */
} seal_ledger_status;

typedef struct seal_ledger_outcome {
    seal_ledger_status status;
    uint16_t command; /* index of the failing command (not SUCCESS) */
    /* ABORT: where and with what code (the function is the one that aborted, e.g.
     * whitelist::check_policy for the version check). */
    uint8_t abort_package[32];
    char abort_module[SEAL_LEDGER_IDENT_BYTES];
    char abort_function[SEAL_LEDGER_IDENT_BYTES];
    uint64_t abort_code;
    /* OBJECT_NOT_FOUND / WRONG_OWNER / VERSION_MISMATCH / TYPE_MISMATCH on an object input. */
    uint8_t object_id[32];
    char message[SEAL_LEDGER_MESSAGE_BYTES]; /* human-readable, never secret */
} seal_ledger_outcome;

/* Short name of a status ("success", "abort", ...). */
const char *seal_ledger_status_name(seal_ledger_status s);

/* ---- opening ------------------------------------------------------------------------------ */

/* Opens (creating and initialising when new) the ledger at path. A new ledger publishes the
 * packages, creates the Clock with timestamp genesis_clock_ms and the subscription
 * PackageVersion objects. SEAL_ERR_IO on SQLite failure, SEAL_ERR_UNSUPPORTED for a database
 * of another schema version. *out is NULL on error. */
SEAL_MUST_CHECK seal_err seal_ledger_open_ex(seal_ledger **out, const char *path,
                                             uint64_t genesis_clock_ms);
/* seal_ledger_open_ex() with the current wall-clock time. */
SEAL_MUST_CHECK seal_err seal_ledger_open(seal_ledger **out, const char *path);
/* A read-only handle on an existing ledger (reads and dry runs only; state changes return
 * SEAL_ERR_UNSUPPORTED). */
SEAL_MUST_CHECK seal_err seal_ledger_open_readonly(seal_ledger **out, const char *path);
/* Closes and frees (NULL is a no-op). */
void seal_ledger_close(seal_ledger *l);

/* ---- reads -------------------------------------------------------------------------------- */

/* An object as stored. contents is heap memory owned by the struct: seal_ledger_object_clear(). */
typedef struct seal_ledger_object {
    uint8_t id[32];
    uint64_t version;
    uint8_t digest[32];
    seal_sui_owner owner; /* ADDRESS, OBJECT (dynamic fields), SHARED, IMMUTABLE */
    uint8_t type[SEAL_LEDGER_TYPE_MAX_BYTES]; /* BCS TypeTag (a struct) */
    size_t type_len;
    bool has_public_transfer;
    uint8_t previous_transaction[32];
    uint8_t *contents;
    size_t contents_len;
} seal_ledger_object;

/* Reads object id. SEAL_ERR_INVALID_ARGUMENT when it does not exist (*found false). */
SEAL_MUST_CHECK seal_err seal_ledger_object_get(seal_ledger *l, const uint8_t id[static 32],
                                                seal_ledger_object *out, bool *found);
void seal_ledger_object_clear(seal_ledger_object *o);
/* BCS of the Sui Object (what `showBcs` returns and the digest is computed over) into w. */
SEAL_MUST_CHECK seal_err seal_ledger_object_bcs(const seal_ledger_object *o, seal_bcs_writer *w);
/* Package lookup: *found false when pkg is not a package. */
SEAL_MUST_CHECK seal_err seal_ledger_package_get(seal_ledger *l, const uint8_t pkg[static 32],
                                                 uint8_t original_id[static 32], uint64_t *version,
                                                 bool *found);
/* Ids of the objects owned by object parent (its dynamic fields), in increasing id order, the
 * first max of those greater than after (all zero: from the start); *n receives the count. */
SEAL_MUST_CHECK seal_err seal_ledger_object_children(seal_ledger *l,
                                                     const uint8_t parent[static 32],
                                                     const uint8_t after[static 32],
                                                     uint8_t (*ids)[32], size_t max, size_t *n);
/* Current Clock timestamp. */
SEAL_MUST_CHECK seal_err seal_ledger_clock_get(seal_ledger *l, uint64_t *timestamp_ms);
/* Number of transactions committed since genesis. */
SEAL_MUST_CHECK seal_err seal_ledger_transaction_count(seal_ledger *l, uint64_t *count);
/* Digest of the genesis transaction, BLAKE2b-256("seal-ledger genesis"); it is also the local
 * chain's checkpoint-0 digest, i.e. its chain id. */
void seal_ledger_genesis_digest(uint8_t out[static 32]);
/* Id of the shared patterns::subscription::PackageVersion object created at genesis. */
void seal_ledger_subscription_package_version_id(uint8_t out[static 32]);

/* ---- published functions ------------------------------------------------------------------ */

/* The reference gas price the ledger announces (epoch 0 forever) and Sui's max_tx_gas, the
 * budget a node fills in when a transaction names none. Gas is never charged. */
#define SEAL_LEDGER_REFERENCE_GAS_PRICE 1000u
#define SEAL_LEDGER_MAX_TX_GAS 50000000000ull
#define SEAL_LEDGER_FUNCTION_MAX_PARAMS 6

typedef enum seal_ledger_visibility {
    SEAL_LEDGER_VISIBILITY_PRIVATE = 1,
    SEAL_LEDGER_VISIBILITY_PUBLIC = 2,
    SEAL_LEDGER_VISIBILITY_FRIEND = 3,
} seal_ledger_visibility;

/* A published function's signature as Sui's normalized Move function has it: parameters and
 * return types in Move syntax with their reference ("&T", "&mut T", "T"; addresses short,
 * e.g. "&mut 0x5ea3::allowlist::Allowlist"), the TxContext parameter included. */
typedef struct seal_ledger_function {
    const uint8_t *package; /* 32 bytes */
    const char *module;
    const char *name;
    seal_ledger_visibility visibility;
    bool is_entry;
    const char *params[SEAL_LEDGER_FUNCTION_MAX_PARAMS]; /* NULL-terminated when shorter */
    const char *returns[2];
} seal_ledger_function;

/* The i-th published function (publication order), NULL past the end. */
const seal_ledger_function *seal_ledger_function_at(size_t i);
/* The function pkg::module::name, or NULL. */
const seal_ledger_function *seal_ledger_function_find(const uint8_t pkg[static 32],
                                                      const char *module, size_t module_len,
                                                      const char *name, size_t name_len);
/* Whether pkg has a module of that name. */
bool seal_ledger_module_exists(const uint8_t pkg[static 32], const char *module, size_t module_len);
/* Number of parameters of f (TxContext included). */
size_t seal_ledger_function_arity(const seal_ledger_function *f);
/* Whether pkg is one of the three packages the ledger publishes. */
bool seal_ledger_is_published_package(const uint8_t pkg[static 32]);

/* How a parameter takes its argument: 0 by value ("T"), 1 by reference ("&T"), 2 by mutable
 * reference ("&mut T"); *type (may be NULL) gets the type text after the reference. */
int seal_ledger_param_reference(const char *param, const char **type);

/* ---- input resolution (what a full node does before simulating a transaction) ------------- */

/* An input as a client may leave it: an object id without kind, version or digest. */
typedef enum seal_ledger_input_kind {
    SEAL_LEDGER_INPUT_UNSET = 0, /* object id only: the kind follows from the object's owner */
    SEAL_LEDGER_INPUT_PURE = 1,
    SEAL_LEDGER_INPUT_IMM_OR_OWNED = 2,
    SEAL_LEDGER_INPUT_SHARED = 3,
    SEAL_LEDGER_INPUT_RECEIVING = 4,
} seal_ledger_input_kind;

typedef struct seal_ledger_input {
    seal_ledger_input_kind kind;
    seal_sui_bytes pure; /* PURE */
    uint8_t id[32];      /* objects */
    bool has_version;    /* a given version/digest must be the current one (owned, receiving);
                            shared objects ignore them */
    uint64_t version;
    bool has_digest;
    uint8_t digest[32];
} seal_ledger_input;

typedef enum seal_ledger_resolve_status {
    SEAL_LEDGER_RESOLVED = 0,
    SEAL_LEDGER_RESOLVE_INVALID = 1,   /* INVALID_ARGUMENT on a node */
    SEAL_LEDGER_RESOLVE_NOT_FOUND = 2, /* NOT_FOUND: a called package or an input object */
} seal_ledger_resolve_status;

typedef struct seal_ledger_resolve_result {
    seal_ledger_resolve_status status;
    char message[256]; /* why not (never secret) */
} seal_ledger_resolve_result;

/* Resolves inputs in[0..n) of a programmable transaction whose commands are cmds[0..n_cmds), as
 * a Sui full node resolves a SimulateTransaction request, against one snapshot of the ledger:
 * every MoveCall's package must exist (NOT_FOUND); pure inputs stay; owned / receiving inputs
 * get the object's current reference (the object must be address-owned or immutable; a given
 * version or digest that differs is INVALID); shared inputs get the initial shared version and
 * are mutable iff some MoveCall takes them by `&mut` or by value, or a SplitCoins, MergeCoins,
 * MakeMoveVec or TransferObjects uses them (a MoveCall of an unknown function that uses one is
 * INVALID "unable to find function …"); an UNSET input follows its owner (immutable: owned
 * reference; address-owned: Receiving when the parameter is 0x2::transfer::Receiving<…>, else
 * owned; shared: as SHARED; object-owned: INVALID); a missing object is NOT_FOUND. out[0..n)
 * receives the resolved inputs (pure bytes borrowed from in). System failures only as seal_err. */
SEAL_MUST_CHECK seal_err seal_ledger_resolve_inputs(seal_ledger *l, const seal_ledger_input *in,
                                                    size_t n, const seal_sui_command *cmds,
                                                    size_t n_cmds, seal_sui_call_arg *out,
                                                    seal_ledger_resolve_result *res);

/* ---- evaluation --------------------------------------------------------------------------- */

/* Read-only execution of a BCS ProgrammableTransaction with the given sender against the
 * current state (one consistent snapshot), with the verdict a Sui dry run gives in *out.
 * Object inputs: ImmOrOwned references must name the current version and digest (or version 0
 * with an all-zero digest, meaning "current"); owned objects only by their owner; shared
 * objects by id and initial shared version. Each command must be a MoveCall of a read-only
 * function (seal_approve*, time::check_staleness) whose arguments are inputs.
 * Errors: SEAL_ERR_INVALID_ENCODING / SEAL_ERR_LIMIT (malformed PTB), SEAL_ERR_IO. */
SEAL_MUST_CHECK seal_err seal_ledger_dry_run(seal_ledger *l, const uint8_t *ptb, size_t len,
                                             const uint8_t sender[static 32],
                                             seal_ledger_outcome *out);

/* The same evaluation for BCS TransactionKind bytes (what devInspect takes) and for BCS
 * TransactionData V1 (what a dry run takes; its sender is used, gas data is ignored as gas is
 * not charged). Non-programmable kinds: SEAL_ERR_UNSUPPORTED. */
SEAL_MUST_CHECK seal_err seal_ledger_dry_run_kind(seal_ledger *l, const uint8_t *kind_bytes,
                                                  size_t len, const uint8_t sender[static 32],
                                                  seal_ledger_outcome *out);
SEAL_MUST_CHECK seal_err seal_ledger_dry_run_transaction(seal_ledger *l, const uint8_t *tx_bytes,
                                                         size_t len, seal_ledger_outcome *out);

/* ---- state changes (each one SQLite transaction, durable on return when SUCCESS) ---------- */
/* Created object ids are written to the out parameters only on SUCCESS. On any other outcome
 * nothing is changed. Object versions follow Sui: every input and created object gets the
 * transaction's Lamport version (max input version + 1). */

/* patterns::whitelist::create_whitelist_entry: shared Whitelist + Cap owned by sender. */
SEAL_MUST_CHECK seal_err seal_ledger_whitelist_create(seal_ledger *l,
                                                      const uint8_t sender[static 32],
                                                      uint8_t wl_id[static 32],
                                                      uint8_t cap_id[static 32],
                                                      seal_ledger_outcome *out);
/* patterns::whitelist::add / remove (aborts 2 EInvalidCap, 3 EDuplicate, 4 ENotInWhitelist). */
SEAL_MUST_CHECK seal_err seal_ledger_whitelist_add(seal_ledger *l, const uint8_t sender[static 32],
                                                   const uint8_t wl_id[static 32],
                                                   const uint8_t cap_id[static 32],
                                                   const uint8_t account[static 32],
                                                   seal_ledger_outcome *out);
SEAL_MUST_CHECK seal_err seal_ledger_whitelist_remove(
    seal_ledger *l, const uint8_t sender[static 32], const uint8_t wl_id[static 32],
    const uint8_t cap_id[static 32], const uint8_t account[static 32], seal_ledger_outcome *out);

/* examples allowlist::create_allowlist_entry(name): shared Allowlist + Cap owned by sender. */
SEAL_MUST_CHECK seal_err seal_ledger_allowlist_create(seal_ledger *l,
                                                      const uint8_t sender[static 32],
                                                      const char *name, uint8_t al_id[static 32],
                                                      uint8_t cap_id[static 32],
                                                      seal_ledger_outcome *out);
/* examples allowlist::add / remove (aborts 0 EInvalidCap, 2 EDuplicate). */
SEAL_MUST_CHECK seal_err seal_ledger_allowlist_add(seal_ledger *l, const uint8_t sender[static 32],
                                                   const uint8_t al_id[static 32],
                                                   const uint8_t cap_id[static 32],
                                                   const uint8_t account[static 32],
                                                   seal_ledger_outcome *out);
SEAL_MUST_CHECK seal_err seal_ledger_allowlist_remove(
    seal_ledger *l, const uint8_t sender[static 32], const uint8_t al_id[static 32],
    const uint8_t cap_id[static 32], const uint8_t account[static 32], seal_ledger_outcome *out);

/* examples allowlist::publish / subscription::publish(object, cap, blob_id): adds the dynamic
 * field 0x1::string::String blob_id -> u64 3 (MARKER) to the Allowlist / Service. Aborts:
 * <module>::publish 0 (EInvalidCap), 0x2::dynamic_field::add 0 (blob id already published). */
SEAL_MUST_CHECK seal_err seal_ledger_allowlist_publish(
    seal_ledger *l, const uint8_t sender[static 32], const uint8_t al_id[static 32],
    const uint8_t cap_id[static 32], const char *blob_id, seal_ledger_outcome *out);
SEAL_MUST_CHECK seal_err seal_ledger_example_service_publish(
    seal_ledger *l, const uint8_t sender[static 32], const uint8_t service_id[static 32],
    const uint8_t cap_id[static 32], const char *blob_id, seal_ledger_outcome *out);

/* patterns::subscription::create_service_entry(fee, ttl): shared Service. */
SEAL_MUST_CHECK seal_err seal_ledger_subscription_create_service(seal_ledger *l,
                                                                 const uint8_t sender[static 32],
                                                                 uint64_t fee, uint64_t ttl_ms,
                                                                 uint8_t service_id[static 32],
                                                                 seal_ledger_outcome *out);
/* patterns::subscription::subscribe(fee, service, clock) then transfer to the sender
 * (abort 12 EInvalidFee). */
SEAL_MUST_CHECK seal_err seal_ledger_subscription_subscribe(seal_ledger *l,
                                                            const uint8_t sender[static 32],
                                                            const uint8_t service_id[static 32],
                                                            uint64_t fee, uint8_t sub_id[static 32],
                                                            seal_ledger_outcome *out);
/* examples subscription::create_service_entry(fee, ttl, name): shared Service + Cap. */
SEAL_MUST_CHECK seal_err
seal_ledger_example_service_create(seal_ledger *l, const uint8_t sender[static 32], uint64_t fee,
                                   uint64_t ttl_ms, const char *name, uint8_t service_id[static 32],
                                   uint8_t cap_id[static 32], seal_ledger_outcome *out);
/* examples subscription::subscribe, transferred to the sender (abort 1 EInvalidFee). */
SEAL_MUST_CHECK seal_err seal_ledger_example_subscribe(seal_ledger *l,
                                                       const uint8_t sender[static 32],
                                                       const uint8_t service_id[static 32],
                                                       uint64_t fee, uint8_t sub_id[static 32],
                                                       seal_ledger_outcome *out);
/* patterns::private_data::store_entry(nonce, data): PrivateData owned by sender. */
SEAL_MUST_CHECK seal_err seal_ledger_private_data_store(
    seal_ledger *l, const uint8_t sender[static 32], const uint8_t *nonce, size_t nonce_len,
    const uint8_t *data, size_t data_len, uint8_t obj_id[static 32], seal_ledger_outcome *out);
/* patterns::voting: a shared Vote { id, voters, options, votes: n_voters x None,
 * is_finalized: false, key_servers, public_keys (96-byte G2 each), threshold }. Upstream's
 * create_vote returns a key-only Vote that no published function can share, so this
 * constructor is the ledger's own. threshold > n_key_servers, more than 1024 voters or 255
 * key servers: SEAL_ERR_INVALID_ARGUMENT. */
SEAL_MUST_CHECK seal_err seal_ledger_voting_create(
    seal_ledger *l, const uint8_t sender[static 32], const uint8_t (*voters)[32], size_t n_voters,
    uint8_t options, const uint8_t (*key_servers)[32], const uint8_t (*public_keys)[96],
    size_t n_key_servers, uint8_t threshold, uint8_t vote_id[static 32], seal_ledger_outcome *out);
/* patterns::voting::cast_vote(vote, encrypted_vote): enc is a Seal EncryptedObject (BCS).
 * Aborts: bf_hmac_encryption::parse_encrypted_object 3 (any malformed object, not HMAC-CTR,
 * bad threshold/indices; Move would report pure BCS underflows in 0x2::bcs instead),
 * 0x1::option::borrow 0x40001 (no aad), voting::cast_vote 1 (aad != sender, other key servers
 * or threshold, id != vote id, package id != 0x0), 0x1::option::destroy_some 0x40001 (sender is
 * not a voter), 0x1::option::fill 0x40000 (already voted). */
SEAL_MUST_CHECK seal_err seal_ledger_voting_cast(seal_ledger *l, const uint8_t sender[static 32],
                                                 const uint8_t vote_id[static 32],
                                                 const uint8_t *enc, size_t enc_len,
                                                 seal_ledger_outcome *out);
/* patterns::voting::finalize_vote(vote, derived_keys, key_servers): verifies each derived key
 * (compressed G1 for the full id 0x0 || vote id) against the public key the vote pinned for
 * that key server, decrypts every cast vote (HMAC-CTR, with the consistency check over all the
 * vote's key servers; votes that do not decrypt to one byte below `options` are ignored), sets
 * is_finalized and returns the tally in counts[0..*n_options) (counts_cap >= 255 always
 * suffices), what the Move function returns as VoteResult. Aborts: voting::finalize_vote 3
 * (already finalized), 4 (fewer keys than the threshold), 0 (as many key servers as keys:
 * upstream's assert! has no code; its compiler-generated code is not reproduced),
 * 0x2::group_ops::from_bytes 1 (a key or pinned public key that does not decode),
 * 0x1::option::destroy_some 0x40001 (a key server not of the vote),
 * bf_hmac_encryption::verify_derived_keys 5 (a key that does not verify),
 * bf_hmac_encryption::assert_all_unique 0 (a key server given twice, when a vote is cast). */
SEAL_MUST_CHECK seal_err seal_ledger_voting_finalize(
    seal_ledger *l, const uint8_t sender[static 32], const uint8_t vote_id[static 32],
    const uint8_t (*derived_keys)[48], const uint8_t (*key_servers)[32], size_t n, uint64_t *counts,
    size_t counts_cap, uint8_t *n_options, seal_ledger_outcome *out);
/* seal::key_server::create_and_transfer_v2_independent_server(name, url, key_type, pk): a
 * KeyServer { first_version: 2, last_version: 2 } owned by sender with its dynamic field
 * u64 2 -> KeyServerV2 { name, key_type, pk, Independent { url } }, so clients discover it as on
 * Sui (PROTOCOL.md 16.1). Aborts: key_server::create_and_transfer_v2_independent_server 1
 * (key_type != 0), 0x2::group_ops::from_bytes 1 (pk is not a valid compressed G2 point).
 * name/url longer than 4096 bytes: SEAL_ERR_LIMIT. */
SEAL_MUST_CHECK seal_err
seal_ledger_key_server_register(seal_ledger *l, const uint8_t sender[static 32], const char *name,
                                const char *url, uint8_t key_type, const uint8_t pk[static 96],
                                uint8_t ks_id[static 32], seal_ledger_outcome *out);
/* Id of the dynamic field `u64 version` of KeyServer ks (Field<u64, KeyServerV{version}>). */
void seal_ledger_key_server_field_id(uint8_t out[static 32], const uint8_t ks[static 32],
                                     uint64_t version);
/* seal_committee (spec/COMMITTEE.md 5, docs/ledger.md "Committee"): a signed transaction's
 * Publish command whose only module is the bytes "seal_committee" publishes a native
 * seal_committee package (fresh id, version 1) and returns its UpgradeCap; MoveCalls to
 * <package>::seal_committee::{init_committee, init_rotation, register, propose,
 * propose_for_rotation, update_member_url, approve_digest_for_upgrade, reject_digest_for_upgrade,
 * authorize_upgrade, commit_upgrade, reset_proposal} run natively with upstream's checks and abort
 * codes; an Upgrade command (same module, an UpgradeTicket) makes the next version. This is the
 * package digest such an Upgrade has (Sui's digest of the module bytes and the dependency ids),
 * what members approve. */
SEAL_MUST_CHECK seal_err seal_ledger_committee_package_digest(uint8_t out[static 32],
                                                              const uint8_t (*deps)[32],
                                                              size_t n_deps);
/* Moves the Clock to timestamp_ms (never backwards: SEAL_ERR_INVALID_ARGUMENT). Test and
 * localnet use; bumps the Clock's version. */
SEAL_MUST_CHECK seal_err seal_ledger_clock_set(seal_ledger *l, uint64_t timestamp_ms);
SEAL_MUST_CHECK seal_err seal_ledger_clock_advance(seal_ledger *l, uint64_t delta_ms);

/* ---- signed transactions (what sui_executeTransactionBlock and `seal localnet` submit) ----- */

/* Largest number of objects an execution reports as created, mutated or deleted (each). */
#define SEAL_LEDGER_EFFECTS_MAX_OBJECTS 16

typedef struct seal_ledger_effect_object {
    uint8_t id[32];
    uint64_t version;                         /* deleted: the transaction's Lamport version */
    uint8_t digest[32];                       /* deleted: all zero */
    seal_sui_owner owner;                     /* deleted: the owner before deletion */
    uint8_t type[SEAL_LEDGER_TYPE_MAX_BYTES]; /* BCS TypeTag (a struct) */
    size_t type_len;
} seal_ledger_effect_object;

typedef struct seal_ledger_effects {
    seal_ledger_outcome outcome; /* status of the transaction (SUCCESS or why not) */
    uint8_t digest[32];          /* transaction digest (Blake2b-256 of "TransactionData::" || tx) */
    uint64_t lamport_version;    /* version given to every written object (SUCCESS only) */
    size_t n_created;
    seal_ledger_effect_object created[SEAL_LEDGER_EFFECTS_MAX_OBJECTS];
    size_t n_mutated;
    seal_ledger_effect_object mutated[SEAL_LEDGER_EFFECTS_MAX_OBJECTS];
    /* Added with execution: deleted objects (e.g. the whitelist entry `remove` drops), and
     * whether the transaction was executed and recorded (true: SUCCESS or an execution failure
     * such as ABORT, which Sui also records; false: refused by the input checks before
     * execution, as Sui's validators refuse it: nothing recorded, same digest can be retried). */
    size_t n_deleted;
    seal_ledger_effect_object deleted[SEAL_LEDGER_EFFECTS_MAX_OBJECTS];
    bool executed;
    /* The transaction's sender (from the TransactionData). */
    uint8_t sender[32];
    /* Index of the transaction among the ledger's transactions (0-based; executed only). One
     * checkpoint per transaction: its checkpoint is seq + 1 (checkpoint 0 is the genesis). */
    uint64_t seq;
} seal_ledger_effects;

/* Executes a signed transaction: BCS TransactionData V1 whose kind is a ProgrammableTransaction
 * of MoveCalls to the entry functions the ledger implements (the state-change functions above,
 * with their upstream Move names and argument lists; docs/ledger.md lists them), plus
 * SplitCoins of the gas coin (a Coin<SUI> fee for subscribe; coins are not modelled, the
 * amount is taken at face value) and TransferObjects of objects with `store`. Signed by its
 * sender (n_sigs serialized Sui signatures; Ed25519, Secp256k1, Secp256r1 or a multisig of
 * those, over the TransactionData intent; a sponsored transaction, gas owner != sender, needs
 * the gas owner's signature too: exactly one signature per required signer). Gas payment,
 * price and budget are decoded but not charged; expiration is not checked (epoch 0 forever).
 *
 * Input checks first, as Sui: owned objects by their current (version, digest) and owned by
 * the sender (or immutable); shared objects by initial shared version; no duplicates; the
 * Clock only by immutable reference. Failures there (OBJECT_NOT_FOUND, WRONG_OWNER,
 * VERSION_MISMATCH, UNSUPPORTED) leave out->executed false and record nothing. Then the
 * commands run; any failure (ABORT, FUNCTION_NOT_FOUND, TYPE_MISMATCH, ...) undoes every
 * change, and the failed transaction is recorded with its status (executed true), as on Sui.
 * Every written object gets the Lamport version max(input object versions) + 1; owned inputs
 * and mutable shared inputs are bumped even when only read.
 *
 * A transaction already executed (same digest) returns its recorded effects without executing
 * again. Errors: SEAL_ERR_INVALID_ENCODING / SEAL_ERR_LIMIT / SEAL_ERR_UNSUPPORTED (malformed
 * or non-programmable TransactionData), SEAL_ERR_INVALID_SIGNATURE (missing, malformed or wrong
 * signature, wrong signer, wrong count; nothing recorded),
 * SEAL_ERR_UNSUPPORTED_SIGNATURE_SCHEME (zkLogin), SEAL_ERR_UNSUPPORTED (read-only handle),
 * SEAL_ERR_IO. The transaction, its signatures and effects are durable before this returns
 * (same SQLite transaction as the state change). */
SEAL_MUST_CHECK seal_err seal_ledger_execute_transaction(seal_ledger *l, const uint8_t *tx_data,
                                                         size_t len, const uint8_t *const *sigs,
                                                         const size_t *sig_lens, size_t n_sigs,
                                                         seal_ledger_effects *out);

/* The execution seal_ledger_execute_transaction() would do, without signatures, replay or
 * record, rolled back at the end: what a node's simulation of a state-changing transaction
 * reports (created / mutated / deleted objects, the outcome; out->executed false when the
 * input checks refuse it). Needs a writer handle (else SEAL_ERR_UNSUPPORTED); takes the write
 * lock for its duration. Same errors as seal_ledger_execute_transaction() otherwise. */
SEAL_MUST_CHECK seal_err seal_ledger_simulate_transaction(seal_ledger *l, const uint8_t *tx_data,
                                                          size_t len, seal_ledger_effects *out);
/* Whether ptb changes state (a command other than MoveCall, or a call of an entry function the
 * ledger executes): such a transaction is simulated with seal_ledger_simulate_transaction() on
 * a writer handle; the others (seal_approve*, check_staleness, unknown functions) are evaluated
 * read-only with seal_ledger_dry_run_transaction(). */
bool seal_ledger_ptb_changes_state(const seal_sui_ptb *ptb);

/* Looks up the recorded effects of an executed transaction by digest (*found false when the
 * ledger has not executed it). */
SEAL_MUST_CHECK seal_err seal_ledger_transaction_get(seal_ledger *l,
                                                     const uint8_t digest[static 32],
                                                     seal_ledger_effects *out, bool *found);

/* The recorded BCS TransactionData and signatures (BCS vector<vector<u8>>) of an executed
 * transaction, in fresh malloc'd buffers (free() both); *found false when not executed here. */
SEAL_MUST_CHECK seal_err seal_ledger_transaction_bytes(seal_ledger *l,
                                                       const uint8_t digest[static 32],
                                                       uint8_t **tx, size_t *tx_len, uint8_t **sigs,
                                                       size_t *sigs_len, bool *found);

/* TEST ONLY: overwrites an object's BCS contents in place (same version), to reach states the
 * published entry functions cannot produce (e.g. a Whitelist of another version). */
SEAL_MUST_CHECK seal_err seal_ledger_testing_set_contents(seal_ledger *l,
                                                          const uint8_t id[static 32],
                                                          const uint8_t *contents, size_t len);

#ifdef __cplusplus
}
#endif
#endif
