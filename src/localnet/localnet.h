/*
 * `seal localnet serve`: the subset of Sui's JSON-RPC 2.0 that Seal clients, key servers and the
 * official TypeScript SDK use, answered from the embedded ledger (docs/localnet.md).
 *
 * HTTP: libmicrohttpd with a thread pool on epoll; POST with a JSON-RPC request or a batch
 * (array) in the body, CORS as a Sui node (any origin, POST and OPTIONS). Reads and dry runs use
 * a pool of read-only ledger handles (one per worker thread at most, never shared at the same
 * time); sui_executeTransactionBlock goes through one writer handle under a mutex.
 *
 * Every input is validated: malformed JSON is -32700, a malformed request -32600, an unknown
 * method -32601, bad parameters -32602 with a message naming the parameter, a body over the
 * limit HTTP 413 with -32007 (jsonrpsee's "Request is too big").
 */
#ifndef SEAL_LOCALNET_H
#define SEAL_LOCALNET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "seal/error.h"

#define SEAL_LOCALNET_DEFAULT_MAX_BODY (1024u * 1024u)
#define SEAL_LOCALNET_DEFAULT_THREADS 4u
/* Largest batch (jsonrpsee's default batch limit is larger; ours bounds the work per request). */
#define SEAL_LOCALNET_MAX_BATCH 50u
/* Sui's limit on sui_multiGetObjects. */
#define SEAL_LOCALNET_MAX_OBJECTS 50u

typedef struct seal_localnet_rpc seal_localnet_rpc;

typedef struct seal_localnet_rpc_options {
    const char *data_dir; /* DIR: the ledger is DIR/ledger.db (must exist) */
    const char *host;     /* IPv4 address to bind, e.g. "127.0.0.1" (NULL: 127.0.0.1) */
    uint16_t port;        /* 0: any free port (seal_localnet_rpc_port() tells which) */
    unsigned threads;     /* worker threads; 0: SEAL_LOCALNET_DEFAULT_THREADS */
    size_t max_body;      /* request body limit in bytes; 0: SEAL_LOCALNET_DEFAULT_MAX_BODY */
    bool log;             /* one JSON line per request on stderr */
} seal_localnet_rpc_options;

/* Opens the ledger and starts listening. SEAL_ERR_IO when the ledger is missing or the address
 * cannot be bound, SEAL_ERR_INVALID_ARGUMENT for a bad host. *out is NULL on error. */
SEAL_MUST_CHECK seal_err seal_localnet_rpc_start(seal_localnet_rpc **out,
                                                 const seal_localnet_rpc_options *opts);
/* The port the server listens on. */
uint16_t seal_localnet_rpc_port(const seal_localnet_rpc *s);
/* Stops accepting connections, lets requests in flight finish (up to 10 s), stops the threads
 * and frees everything (NULL is a no-op). */
void seal_localnet_rpc_stop(seal_localnet_rpc *s);

/* Transport-free entry: answers one HTTP body (a request or a batch) as the server would.
 * Returns a malloc'd NUL-terminated JSON text (*out_len its length), or NULL when nothing is
 * to be sent (only notifications) or on memory exhaustion. */
char *seal_localnet_rpc_handle(seal_localnet_rpc *s, const char *body, size_t len, size_t *out_len);

#endif
