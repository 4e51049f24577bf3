/*
 * What a key server and a client ask of Sui (docs/chain.md): read objects, resolve a package to
 * its original id, dry-run a transaction, read the reference gas price, the chain's identity and
 * latest checkpoint, have a signature verified by a full node, submit a signed transaction.
 *
 * Three backends behind one handle, chosen by the spec string given to seal_chain_open():
 *   "embedded:DIR"               the embedded ledger at DIR/ledger.db, in process
 *   "http://HOST:PORT"           Sui's gRPC API (sui.rpc.v2) of a full node or of
 *   "https://HOST[:PORT][/PATH]"   `seal localnet serve`: gRPC-web unless opts.grpc_transport
 *                                 asks for native gRPC (HTTP/2)
 *   "jsonrpc+http://HOST:PORT"   Sui JSON-RPC 2.0 (legacy: Sui full nodes no longer serve it;
 *   "jsonrpc+https://…"            `seal localnet serve` still does)
 * All give the same verdicts for the same state, so code above this layer does not know which
 * one it talks to.
 *
 * Every function may be called concurrently from any number of threads on one handle (the
 * embedded backend keeps a pool of read-only ledger handles and one writer; the network
 * backends bound their in-flight requests to opts.max_in_flight and block further callers until
 * a slot frees or the request timeout passes).
 *
 * Errors: seal_err reports the transport and the system; a transaction's own status (success,
 * abort, ...) is in the result structs. SEAL_ERR_IO: the node is unreachable, timed out after
 * the retries, or answered something that is not a well-formed response (callers map it to a
 * retryable "Failure"). SEAL_ERR_INVALID_ARGUMENT: a malformed spec string or request.
 * Messages of the node are copied, truncated, into result.message; they are never secret.
 */
#ifndef SEAL_CHAIN_H
#define SEAL_CHAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "seal/error.h"
#include "seal/ledger.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SEAL_CHAIN_MESSAGE_BYTES 256
#define SEAL_CHAIN_MAX_OBJECTS 50 /* largest batch of seal_chain_get_objects (Sui's limit) */

#define SEAL_CHAIN_ID_BYTES 48 /* a Base58 chain id (32-byte digest) and its NUL */

typedef struct seal_chain seal_chain;

typedef enum seal_chain_backend {
    SEAL_CHAIN_EMBEDDED = 0, /* "embedded:DIR" */
    SEAL_CHAIN_GRPC = 1,     /* "http(s)://…": sui.rpc.v2 */
    SEAL_CHAIN_JSONRPC = 2,  /* "jsonrpc+http(s)://…" */
} seal_chain_backend;

/* How the gRPC backend reaches the node. */
typedef enum seal_chain_grpc_transport {
    /* gRPC-web, binary (application/grpc-web+proto): HTTP/1.1 for http://, HTTP/2 or 1.1 (ALPN)
     * for https://. What Mysten's full nodes, `seal localnet serve` and the official SDK use. */
    SEAL_CHAIN_GRPC_WEB = 0,
    /* Native gRPC (application/grpc) over HTTP/2: cleartext with prior knowledge for http://,
     * ALPN h2 for https:// (an HTTP/1.1 answer is refused). */
    SEAL_CHAIN_GRPC_NATIVE = 1,
    /* gRPC-web over HTTP/2 for http:// too (cleartext, prior knowledge). */
    SEAL_CHAIN_GRPC_WEB_H2 = 2,
} seal_chain_grpc_transport;

typedef struct seal_chain_options {
    uint32_t timeout_ms;        /* per HTTP request; 0 = 10000 */
    uint32_t max_retries;       /* on transient failures only; 0 = none (see docs/chain.md) */
    uint32_t max_in_flight;     /* concurrent requests towards the node; 0 = 32 */
    const char *api_key_header; /* optional extra header "Name: value" for the node, or NULL */
    bool create;                /* embedded: create DIR/ledger.db (genesis) when missing */
    seal_chain_grpc_transport grpc_transport; /* gRPC backend only */
} seal_chain_options;

/* Opens a backend (see the top of this file). opts may be NULL for the defaults. For
 * "embedded:DIR" the ledger DIR/ledger.db must exist (seal localnet init; else SEAL_ERR_IO)
 * unless opts->create is true. The network backends do not contact the node here. Unknown spec
 * forms: SEAL_ERR_INVALID_ARGUMENT. */
SEAL_MUST_CHECK seal_err seal_chain_open(seal_chain **out, const char *spec,
                                         const seal_chain_options *opts);
/* Closes and frees (NULL is a no-op). No call may be in progress. */
void seal_chain_close(seal_chain *c);
/* True for the embedded backend. */
bool seal_chain_is_embedded(const seal_chain *c);
/* The backend of an open handle. */
seal_chain_backend seal_chain_backend_of(const seal_chain *c);
/* The backend a spec string names, without opening it (SEAL_ERR_INVALID_ARGUMENT: none). */
SEAL_MUST_CHECK seal_err seal_chain_spec_backend(const char *spec, seal_chain_backend *out);
/* "web", "native" or "web-h2" (the `grpc_transport` configuration key and the
 * --grpc-transport option); SEAL_ERR_INVALID_ARGUMENT otherwise. */
SEAL_MUST_CHECK seal_err seal_chain_grpc_transport_parse(const char *s,
                                                         seal_chain_grpc_transport *out);
/* "web", "native", "web-h2". */
const char *seal_chain_grpc_transport_name(seal_chain_grpc_transport t);

/* Requests made so far through this handle, by protocol (HTTP requests, retries included; the
 * embedded backend makes none). A key server exports them as metrics, so a test can assert
 * that a run used no JSON-RPC. */
typedef struct seal_chain_stats {
    uint64_t jsonrpc_requests;
    uint64_t grpc_requests;
} seal_chain_stats;
void seal_chain_stats_get(const seal_chain *c, seal_chain_stats *out);

/* Why the calling thread's last chain call that failed did so (e.g. "node unreachable:
 * Couldn't connect to server", "no ledger at DIR/ledger.db"), "" when unknown. Thread-local;
 * valid until the thread's next chain call. Never secret. */
const char *seal_chain_last_error(void);

/* ---- reads -------------------------------------------------------------------------------- */

/* Reads n (<= SEAL_CHAIN_MAX_OBJECTS) objects at their current version, in one request.
 * found[i] tells whether ids[i] exists (a deleted or unknown id is not an error); out[i] is
 * filled only when found[i]: release each with seal_ledger_object_clear(). */
SEAL_MUST_CHECK seal_err seal_chain_get_objects(seal_chain *c, const uint8_t (*ids)[32], size_t n,
                                                seal_ledger_object *out, bool *found);

/* The original (first-version) id of package pkg, and its version. *found false when pkg is not
 * a package. */
SEAL_MUST_CHECK seal_err seal_chain_resolve_package(seal_chain *c, const uint8_t pkg[static 32],
                                                    uint8_t original_id[static 32],
                                                    uint64_t *version, bool *found);

/* The reference gas price of the current epoch (the embedded ledger's fixed price). */
SEAL_MUST_CHECK seal_err seal_chain_reference_gas_price(seal_chain *c, uint64_t *out);

/* The chain's Clock 0x6 timestamp (ms). */
SEAL_MUST_CHECK seal_err seal_chain_clock(seal_chain *c, uint64_t *timestamp_ms);

/* The chain's identity and its latest checkpoint (for a staleness check: timestamp_ms against
 * the wall clock). gRPC: GetServiceInfo. JSON-RPC: sui_getChainIdentifier,
 * sui_getLatestCheckpointSequenceNumber and sui_getCheckpoint. Embedded: the ledger (one
 * checkpoint per committed transaction, time = its Clock). */
typedef struct seal_chain_info {
    /* Base58 of the digest of checkpoint 0 (gRPC, embedded); over JSON-RPC only the short form
     * is known and chain_id is "" */
    char chain_id[SEAL_CHAIN_ID_BYTES];
    char chain_short[9]; /* 8 hex digits: the first 4 bytes of that digest */
    uint64_t epoch;
    uint64_t checkpoint_height;
    uint64_t timestamp_ms; /* of the latest checkpoint */
} seal_chain_info;
/* Fills out for the chain c is connected to (see seal_chain_info). */
SEAL_MUST_CHECK seal_err seal_chain_service_info(seal_chain *c, seal_chain_info *out);

/* ---- signatures --------------------------------------------------------------------------- */

typedef struct seal_chain_signature_result {
    bool valid;
    char reason[SEAL_CHAIN_MESSAGE_BYTES]; /* the node's reason when not valid */
} seal_chain_signature_result;

/* Has the node verify a personal-message signature of address (the serialized Sui signature,
 * flag || sig || pk; zkLogin is what needs a node: JWKs and the proof). gRPC:
 * SignatureVerificationService/VerifySignature with the message as a BCS vector<u8> named
 * "PersonalMessage" and the node's own JWKs. An answer that the signature is invalid is SEAL_OK
 * with out->valid false. The embedded and JSON-RPC backends cannot:
 * SEAL_ERR_UNSUPPORTED_SIGNATURE_SCHEME. */
SEAL_MUST_CHECK seal_err seal_chain_verify_signature(seal_chain *c, const uint8_t *msg,
                                                     size_t msg_len, const uint8_t *sig,
                                                     size_t sig_len,
                                                     const uint8_t address[static 32],
                                                     seal_chain_signature_result *out);

/* ---- dry run ------------------------------------------------------------------------------ */

typedef enum seal_chain_verdict {
    SEAL_CHAIN_SUCCESS = 0,
    SEAL_CHAIN_ABORT = 1,              /* MoveAbort: abort_* fields */
    SEAL_CHAIN_FUNCTION_NOT_FOUND = 2, /* the called function does not exist */
    SEAL_CHAIN_EXECUTION_ERROR = 3,    /* any other execution failure (message) */
    SEAL_CHAIN_INVALID_INPUT = 4,      /* the node refused the transaction before execution:
                                          unknown object, stale reference, bad input (message) */
} seal_chain_verdict;

typedef struct seal_chain_dry_run_result {
    seal_chain_verdict verdict;
    uint16_t command; /* failing command, when known */
    uint8_t abort_package[32];
    char abort_module[SEAL_LEDGER_IDENT_BYTES];
    char abort_function[SEAL_LEDGER_IDENT_BYTES];
    uint64_t abort_code;
    char message[SEAL_CHAIN_MESSAGE_BYTES];
} seal_chain_dry_run_result;

/* Dry-runs BCS TransactionData (V1; its sender is the one evaluated). */
SEAL_MUST_CHECK seal_err seal_chain_dry_run(seal_chain *c, const uint8_t *tx_data, size_t len,
                                            seal_chain_dry_run_result *out);

/* Maps a ledger outcome to the verdict a Sui full node's dry run reports for it (used by the
 * embedded backend and by `seal localnet serve`, so both agree). */
void seal_chain_verdict_from_ledger(seal_chain_dry_run_result *out,
                                    const seal_ledger_outcome *outcome);

/* The text a Sui full node gives for a ledger outcome, so `seal localnet serve` answers what a
 * node answers and the RPC backend parses it back to the same verdict. Returns the verdict
 * (as seal_chain_verdict_from_ledger) and writes into out (always NUL-terminated, truncated to
 * cap):
 *   SUCCESS             ""
 *   INVALID_INPUT       the message of the JSON-RPC error (code -32602) a node answers instead
 *                       of effects
 *   otherwise           effects.status.error, in Sui's format:
 *     ABORT             MoveAbort(MoveLocation { module: ModuleId { address: <64 hex digits>,
 *                       name: Identifier("MOD") }, function: 0, instruction: 0, function_name:
 *                       Some("FN") }, CODE) in command N
 *     FUNCTION_NOT_FOUND  FunctionNotFound in command N
 *     TYPE_MISMATCH     CommandArgumentError { arg_idx: 0, kind: TypeMismatch } in command N
 *     INVALID_BCS       CommandArgumentError { arg_idx: 0, kind: InvalidBCSBytes } in command N
 *     ARITY_MISMATCH    ArityMismatch in command N
 *     ARITHMETIC_ERROR  MovePrimitiveRuntimeError(MoveLocationOpt(None)) in command N
 *     UNSUPPORTED       MESSAGE in command N (the ledger's message: custom Move code needs a
 *                       Sui node) */
seal_chain_verdict seal_chain_status_text_from_ledger(char *out, size_t cap,
                                                      const seal_ledger_outcome *outcome);

/* ---- state changes ------------------------------------------------------------------------ */

/* Submits a signed transaction: BCS TransactionData and the serialized Sui signatures (flag ||
 * sig || pk, or multisig). Waits until it is final (embedded: committed; JSON-RPC:
 * WaitForLocalExecution; gRPC: ExecuteTransaction answers at finality). The effects (status,
 * created and mutated objects) are in *out. */
SEAL_MUST_CHECK seal_err seal_chain_execute(seal_chain *c, const uint8_t *tx_data, size_t len,
                                            const uint8_t *const *sigs, const size_t *sig_lens,
                                            size_t n_sigs, seal_ledger_effects *out);

#ifdef __cplusplus
}
#endif
#endif
