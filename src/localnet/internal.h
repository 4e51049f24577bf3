/* Internals of the JSON-RPC front (server.c: HTTP and handles; methods.c: JSON-RPC methods;
 * objects.c: Sui's JSON shapes of objects, Move values and function signatures). */
#ifndef SEAL_LOCALNET_INTERNAL_H
#define SEAL_LOCALNET_INTERNAL_H

#include <jansson.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "localnet/localnet.h"
#include "seal/ledger.h"

struct MHD_Daemon;

struct seal_localnet_rpc {
    char path[PATH_MAX]; /* DIR/ledger.db */
    struct MHD_Daemon *daemon;
    uint16_t port;
    size_t max_body;
    bool log;
    uint8_t genesis[32]; /* digest of the genesis transaction (checkpoint 0) */

    pthread_mutex_t pool_mu; /* idle read-only handles */
    seal_ledger **pool;
    size_t n_pool, cap_pool;

    pthread_mutex_t write_mu; /* the writer handle (opened on first execute) */
    seal_ledger *writer;

    pthread_mutex_t flight_mu; /* requests being answered */
    pthread_cond_t flight_cv;
    unsigned in_flight;
    unsigned connections; /* open HTTP connections */
    bool stopping;        /* answers carry Connection: close */

    /* listen.c: the listening socket, shared by HTTP/1.1 (handed to libmicrohttpd) and HTTP/2
     * (grpc_h2.c), told apart by the HTTP/2 preface */
    int listen_fd;
    int wake_fd; /* eventfd that stops the acceptor */
    pthread_t acceptor;
    bool acceptor_started;
    unsigned h2_connections; /* under flight_mu */
    bool h2_stopping;

    /* GET /metrics: requests answered per protocol (atomic counters) */
    unsigned long long jsonrpc_requests; /* HTTP bodies answered as JSON-RPC */
    unsigned long long grpc_web_calls, grpc_h2_calls;
};

/* Counts one request of a protocol (atomic). */
void seal__localnet_count(unsigned long long *counter);

/* Largest number of HTTP/2 connections served at once (one thread each). */
#define SEAL__LOCALNET_MAX_H2 256u

/* listen.c: binds sa, starts the acceptor thread (SEAL_ERR_IO when the address cannot be
 * bound); stops it (closes the socket: no new connection). */
SEAL_MUST_CHECK seal_err seal__localnet_listen_start(seal_localnet_rpc *s, const void *sockaddr_in);
void seal__localnet_listen_stop(seal_localnet_rpc *s);
/* Accounting of HTTP/2 connections (flight_mu): begin is false past SEAL__LOCALNET_MAX_H2 or
 * when stopping; done wakes the stop; stopping tells connections to send GOAWAY and close;
 * stop_wait sets it and waits until every connection has closed (each does within ~2 s). */
bool seal__localnet_h2_begin(seal_localnet_rpc *s);
void seal__localnet_h2_done(seal_localnet_rpc *s);
bool seal__localnet_h2_stopping(seal_localnet_rpc *s);
void seal__localnet_h2_stop_wait(seal_localnet_rpc *s);
/* grpc_h2.c: serves the HTTP/2 connection fd on a thread of its own (false: not taken, the
 * caller closes fd). */
bool seal__localnet_h2_serve(seal_localnet_rpc *s, int fd);

/* A read-only handle for the current request (from the pool, or newly opened). */
SEAL_MUST_CHECK seal_err seal__localnet_reader_get(seal_localnet_rpc *s, seal_ledger **out);
/* Gives a handle back; a handle that failed with SEAL_ERR_IO is closed instead. */
void seal__localnet_reader_put(seal_localnet_rpc *s, seal_ledger *l, seal_err status);

/* seal_ledger_execute_transaction / seal_ledger_simulate_transaction on the writer handle, under
 * the writer mutex (the handle is opened on first use and reopened after an I/O failure). */
SEAL_MUST_CHECK seal_err seal__localnet_execute(seal_localnet_rpc *s, const uint8_t *tx, size_t len,
                                                const uint8_t *const *sigs, const size_t *sig_lens,
                                                size_t n_sigs, seal_ledger_effects *fx);
SEAL_MUST_CHECK seal_err seal__localnet_simulate(seal_localnet_rpc *s, const uint8_t *tx,
                                                 size_t len, seal_ledger_effects *fx);

/* Options of sui_getObject and friends (SuiObjectDataOptions). */
typedef struct seal__localnet_obj_opts {
    bool type, owner, previous_transaction, content, bcs, display, storage_rebate;
} seal__localnet_obj_opts;

/* SuiObjectResponse for id: {"data": …} or {"error": {"code": "notExists", "object_id": …}}.
 * NULL on a system failure (*err set). *weight += the object's content bytes (what bounds the
 * size of an answer). */
json_t *seal__localnet_object_response(seal_localnet_rpc *s, seal_ledger *l,
                                       const uint8_t id[static 32],
                                       const seal__localnet_obj_opts *o, size_t *weight,
                                       seal_err *err);
/* Owner as Sui's JSON ({"AddressOwner": …}, {"Shared": {"initial_shared_version": N}}, …). */
json_t *seal__localnet_owner_json(const seal_sui_owner *owner);
/* "0x" + 64 hex / base58 digest as jansson strings. */
json_t *seal__localnet_address_json(const uint8_t a[static 32]);
json_t *seal__localnet_digest_json(const uint8_t d[static 32]);
/* A BCS struct TypeTag as Sui prints object types (short framework addresses), or NULL. */
json_t *seal__localnet_type_json(const uint8_t *tag, size_t len);

/* SuiMoveNormalizedFunction of a published function; NULL when the function does not exist
 * (*pkg_found tells whether the package does). */
json_t *seal__localnet_normalized_function(const uint8_t pkg[static 32], const char *module,
                                           const char *function, bool *pkg_found);
/* SuiMoveNormalizedModule (functions only: exposedFunctions; structs are not described). */
json_t *seal__localnet_normalized_module(const uint8_t pkg[static 32], const char *module,
                                         bool *pkg_found);

/* Sui's texts shared by the JSON-RPC and gRPC answers: the Debug text of an execution failure
 * ("MoveAbort(…) in command N", …), the UserInputError text of an input refused before
 * execution, and whether an outcome is such a refusal (seal_chain_verdict_from_ledger's
 * INVALID_INPUT). */
void seal__localnet_failure_text(char *out, size_t cap, const seal_ledger_outcome *oc);
void seal__localnet_input_error_text(char *out, size_t cap, const seal_ledger_outcome *oc);
bool seal__localnet_is_input_error(const seal_ledger_outcome *oc);
/* Digest of checkpoint seq (checkpoint 0: the genesis digest). */
void seal__localnet_checkpoint_digest(const seal_localnet_rpc *s, uint64_t seq, uint8_t out[32]);

/* seal_localnet_rpc_handle() that also reports the method name (or "batch") for the log. */
char *seal__localnet_handle(seal_localnet_rpc *s, const char *body, size_t len, size_t *out_len,
                            char *name, size_t name_cap);

#endif
