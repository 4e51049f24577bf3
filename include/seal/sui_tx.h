/*
 * Sui transactions in BCS: TypeTag, ProgrammableTransaction (inputs and every command variant),
 * TransactionKind and TransactionData V1, with strict decoding (bounded lengths and nesting,
 * valid Move identifiers, canonical ULEB128, known enum variants, no trailing bytes) and
 * encoding that reproduces decoded bytes exactly.
 *
 * Decoded values come from seal_sui_ptb_decode() / seal_sui_transaction_data_decode() as one
 * heap block (a private copy of the input plus the arrays that view into it): free it with the
 * matching _free(). To build a transaction, fill the same structs with pointers to your own
 * data and call the _encode() function: it validates everything it writes.
 */
#ifndef SEAL_SUI_TX_H
#define SEAL_SUI_TX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "seal/bcs.h"
#include "seal/error.h"
#include "seal/sui.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Caps (Sui's protocol limits where it has one; ours otherwise). */
#define SEAL_SUI_TX_MAX_BYTES (128u * 1024u) /* Sui max_tx_size_bytes */
#define SEAL_SUI_PTB_MAX_INPUTS 2048         /* Sui max_input_objects + pure args, generous */
#define SEAL_SUI_PTB_MAX_COMMANDS 1024       /* Sui max_programmable_tx_commands */
#define SEAL_SUI_PTB_MAX_ARGUMENTS 1024      /* per command */
#define SEAL_SUI_PTB_MAX_TYPE_ARGUMENTS 64   /* per command / per struct tag */
#define SEAL_SUI_PTB_MAX_MODULES 1024        /* Publish / Upgrade */
#define SEAL_SUI_PTB_MAX_GAS_OBJECTS 256     /* Sui max_gas_payment_objects */
#define SEAL_SUI_IDENTIFIER_MAX 128          /* Sui max_move_identifier_len */
#define SEAL_SUI_TYPE_TAG_MAX_DEPTH 16       /* nesting of vector<…> / struct type parameters */
#define SEAL_SUI_TYPE_TAG_MAX_BYTES 4096     /* one encoded TypeTag */
/* Longest text seal_sui_type_tag_format() produces for any tag it accepts. */
#define SEAL_SUI_TYPE_TAG_TEXT_MAX 16384

/* ---- TypeTag -------------------------------------------------------------------------------- */

/* TypeTag variants (BCS enum indices). */
typedef enum seal_sui_type_kind {
    SEAL_SUI_TYPE_BOOL = 0,
    SEAL_SUI_TYPE_U8 = 1,
    SEAL_SUI_TYPE_U64 = 2,
    SEAL_SUI_TYPE_U128 = 3,
    SEAL_SUI_TYPE_ADDRESS = 4,
    SEAL_SUI_TYPE_SIGNER = 5,
    SEAL_SUI_TYPE_VECTOR = 6,
    SEAL_SUI_TYPE_STRUCT = 7,
    SEAL_SUI_TYPE_U16 = 8,
    SEAL_SUI_TYPE_U32 = 9,
    SEAL_SUI_TYPE_U256 = 10,
} seal_sui_type_kind;

/* A TypeTag is kept as its (validated) BCS bytes. */
typedef seal_sui_bytes seal_sui_type_tag;

/* SEAL_OK when bcs[0..len) is exactly one valid TypeTag (known variants, identifiers valid,
 * depth <= SEAL_SUI_TYPE_TAG_MAX_DEPTH, length <= SEAL_SUI_TYPE_TAG_MAX_BYTES). */
SEAL_MUST_CHECK seal_err seal_sui_type_tag_validate(const uint8_t *bcs, size_t len);
/* Reads one TypeTag from r (validating it) and returns its bytes, borrowed from r's buffer. */
SEAL_MUST_CHECK seal_err seal_sui_type_tag_read(seal_bcs_reader *r, seal_sui_type_tag *out);
/* Parses Move type syntax ("u64", "vector<u8>", "0x2::coin::Coin<0x2::sui::SUI>"; addresses in
 * short or long form, spaces allowed after commas) into BCS in out[0..out_cap); *out_len gets
 * the length. SEAL_ERR_INVALID_ENCODING for bad syntax, SEAL_ERR_LIMIT when too big or deep. */
SEAL_MUST_CHECK seal_err seal_sui_type_tag_parse(uint8_t *out, size_t out_cap, size_t *out_len,
                                                 const char *text);
/* Formats a BCS TypeTag as text (NUL-terminated). long_addresses: "0x" + 64 digits (the SDK's
 * normalized form); otherwise short addresses ("0x2::sui::SUI", Sui's JSON-RPC form). Type
 * parameters are separated by ", ". SEAL_ERR_LIMIT when out_cap is too small. */
SEAL_MUST_CHECK seal_err seal_sui_type_tag_format(char *out, size_t out_cap, const uint8_t *bcs,
                                                  size_t len, bool long_addresses);

/* SEAL_OK when s[0..len) is a valid Move identifier (ASCII letter, or '_' followed by at least
 * one more character; then letters, digits and '_'; at most SEAL_SUI_IDENTIFIER_MAX). */
SEAL_MUST_CHECK seal_err seal_sui_identifier_validate(const uint8_t *s, size_t len);

/* ---- ProgrammableTransaction ---------------------------------------------------------------- */

typedef struct seal_sui_object_ref {
    uint8_t id[32];
    uint64_t version;
    uint8_t digest[32]; /* BCS: vector<u8> of length 32 */
} seal_sui_object_ref;

typedef enum seal_sui_call_arg_kind {
    SEAL_SUI_CALL_ARG_PURE = 0,
    SEAL_SUI_CALL_ARG_OBJECT = 1,
    SEAL_SUI_CALL_ARG_FUNDS_WITHDRAWAL = 2, /* newer Sui; kept as validated raw bytes */
} seal_sui_call_arg_kind;

typedef enum seal_sui_object_arg_kind {
    SEAL_SUI_OBJECT_IMM_OR_OWNED = 0,
    SEAL_SUI_OBJECT_SHARED = 1,
    SEAL_SUI_OBJECT_RECEIVING = 2,
} seal_sui_object_arg_kind;

/* Shared-object mutability byte: older Sui spells it `mutable: bool` (0/1), newer Sui an enum
 * with 2 = NonExclusiveWrite. */
#define SEAL_SUI_SHARED_IMMUTABLE 0
#define SEAL_SUI_SHARED_MUTABLE 1
#define SEAL_SUI_SHARED_NON_EXCLUSIVE_WRITE 2

typedef struct seal_sui_call_arg {
    seal_sui_call_arg_kind kind;
    seal_sui_bytes pure;                  /* PURE: the BCS value bytes */
    seal_sui_object_arg_kind object_kind; /* OBJECT */
    seal_sui_object_ref object;           /* IMM_OR_OWNED, RECEIVING; SHARED uses object.id */
    uint64_t initial_shared_version;      /* SHARED */
    uint8_t mutability;                   /* SHARED: SEAL_SUI_SHARED_* */
    seal_sui_bytes funds_withdrawal;      /* FUNDS_WITHDRAWAL: BCS after the variant index */
} seal_sui_call_arg;

typedef enum seal_sui_argument_kind {
    SEAL_SUI_ARG_GAS_COIN = 0,
    SEAL_SUI_ARG_INPUT = 1,
    SEAL_SUI_ARG_RESULT = 2,
    SEAL_SUI_ARG_NESTED_RESULT = 3,
} seal_sui_argument_kind;

typedef struct seal_sui_argument {
    seal_sui_argument_kind kind;
    uint16_t index;        /* INPUT, RESULT, NESTED_RESULT (command index) */
    uint16_t result_index; /* NESTED_RESULT */
} seal_sui_argument;

typedef enum seal_sui_command_kind {
    SEAL_SUI_CMD_MOVE_CALL = 0,
    SEAL_SUI_CMD_TRANSFER_OBJECTS = 1,
    SEAL_SUI_CMD_SPLIT_COINS = 2,
    SEAL_SUI_CMD_MERGE_COINS = 3,
    SEAL_SUI_CMD_PUBLISH = 4,
    SEAL_SUI_CMD_MAKE_MOVE_VEC = 5,
    SEAL_SUI_CMD_UPGRADE = 6,
} seal_sui_command_kind;

/* One command; which fields are meaningful depends on kind:
 *   MOVE_CALL        package, module, function, type_args, args
 *   TRANSFER_OBJECTS args (objects), arg (address)
 *   SPLIT_COINS      arg (coin), args (amounts)
 *   MERGE_COINS      arg (destination), args (sources)
 *   PUBLISH          modules, deps
 *   MAKE_MOVE_VEC    has_type + type_args[0] when present (n_type_args 0 or 1), args (elements)
 *   UPGRADE          modules, deps, package, arg (ticket) */
typedef struct seal_sui_command {
    seal_sui_command_kind kind;
    uint8_t package[32];
    seal_sui_bytes module;
    seal_sui_bytes function;
    size_t n_type_args;
    const seal_sui_type_tag *type_args;
    size_t n_args;
    const seal_sui_argument *args;
    seal_sui_argument arg;
    bool has_type;
    size_t n_modules;
    const seal_sui_bytes *modules;
    size_t n_deps;
    const uint8_t (*deps)[32];
} seal_sui_command;

typedef struct seal_sui_ptb {
    size_t n_inputs;
    const seal_sui_call_arg *inputs;
    size_t n_commands;
    const seal_sui_command *commands;
} seal_sui_ptb;

/* Decodes BCS ProgrammableTransaction bytes (all of them) into a fresh *out. Errors:
 * SEAL_ERR_INVALID_ENCODING (malformed, unknown variant, bad identifier, trailing bytes),
 * SEAL_ERR_LIMIT (a cap above exceeded), SEAL_ERR_NO_MEMORY. *out is NULL on error. */
SEAL_MUST_CHECK seal_err seal_sui_ptb_decode(seal_sui_ptb **out, const uint8_t *bcs, size_t len);
/* Decodes BCS TransactionKind bytes; only ProgrammableTransaction (variant 0) is supported:
 * other known kinds (system transactions) give SEAL_ERR_UNSUPPORTED. */
SEAL_MUST_CHECK seal_err seal_sui_transaction_kind_decode(seal_sui_ptb **out, const uint8_t *bcs,
                                                          size_t len);
/* Frees a decoded PTB (NULL is a no-op). */
void seal_sui_ptb_free(seal_sui_ptb *ptb);

/* Validates ptb (identifiers, type tags, kinds, caps) and appends its BCS to w. Nothing is
 * written when validation fails. */
SEAL_MUST_CHECK seal_err seal_sui_ptb_encode(seal_bcs_writer *w, const seal_sui_ptb *ptb);
/* The TransactionKind::ProgrammableTransaction form (a 00 byte, then the PTB). */
SEAL_MUST_CHECK seal_err seal_sui_transaction_kind_encode(seal_bcs_writer *w,
                                                          const seal_sui_ptb *ptb);

/* ---- TransactionData V1 --------------------------------------------------------------------- */

typedef struct seal_sui_gas_data {
    size_t n_payment;
    const seal_sui_object_ref *payment;
    uint8_t owner[32];
    uint64_t price;
    uint64_t budget;
} seal_sui_gas_data;

typedef enum seal_sui_expiration_kind {
    SEAL_SUI_EXPIRATION_NONE = 0,
    SEAL_SUI_EXPIRATION_EPOCH = 1,
    SEAL_SUI_EXPIRATION_VALID_DURING = 2, /* kept as validated raw bytes */
    SEAL_SUI_EXPIRATION_VALIDITY = 3,     /* kept as validated raw bytes */
} seal_sui_expiration_kind;

typedef struct seal_sui_expiration {
    seal_sui_expiration_kind kind;
    uint64_t epoch;     /* EPOCH */
    seal_sui_bytes raw; /* VALID_DURING / VALIDITY: BCS after the variant index */
} seal_sui_expiration;

typedef struct seal_sui_transaction_data {
    const seal_sui_ptb *ptb; /* kind = ProgrammableTransaction */
    uint8_t sender[32];
    seal_sui_gas_data gas;
    seal_sui_expiration expiration;
} seal_sui_transaction_data;

/* Decodes BCS TransactionData (enum with the single variant V1). Same errors as
 * seal_sui_ptb_decode(); non-programmable kinds give SEAL_ERR_UNSUPPORTED. */
SEAL_MUST_CHECK seal_err seal_sui_transaction_data_decode(seal_sui_transaction_data **out,
                                                          const uint8_t *bcs, size_t len);
void seal_sui_transaction_data_free(seal_sui_transaction_data *tx);
/* Validates and appends BCS TransactionData::V1 to w. */
SEAL_MUST_CHECK seal_err seal_sui_transaction_data_encode(seal_bcs_writer *w,
                                                          const seal_sui_transaction_data *tx);

#ifdef __cplusplus
}
#endif
#endif
