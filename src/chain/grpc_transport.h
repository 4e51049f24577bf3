/* Unary gRPC calls over libcurl for the chain layer's sui.rpc.v2 backend (docs/chain.md "gRPC
 * backend"): gRPC-web (binary; HTTP/1.1 or HTTP/2) or native gRPC (HTTP/2: h2c with prior
 * knowledge for http://, ALPN h2 for https://), with the HTTP plumbing of http.c (keep-alive
 * handle pool, in-flight bound, per-attempt timeout) and retries of transient outcomes only. */
#ifndef SEAL_CHAIN_GRPC_TRANSPORT_H
#define SEAL_CHAIN_GRPC_TRANSPORT_H

#include "chain/internal.h"

/* Largest response accepted: one 16 MiB frame and its trailers (binary); grpc-web-text bodies
 * may be a third larger. */
#define SEAL__GRPC_MAX_RESPONSE_BYTES (16u * 1024u * 1024u + 65536u)

typedef struct seal__grpc_transport seal__grpc_transport;

/* What one call produced. */
typedef struct seal__grpc_answer {
    uint32_t status;                        /* gRPC status of the answer */
    char message[SEAL_CHAIN_MESSAGE_BYTES]; /* grpc-message (printable), or why the call failed */
    const uint8_t *msg;                     /* status OK: the response message (in buf) */
    size_t msg_len;
    uint8_t *buf; /* owned */
} seal__grpc_answer;

/* url: "http(s)://host[:port][/prefix]" (a trailing '/' is dropped; method paths are appended).
 * SEAL_ERR_INVALID_ARGUMENT for a bad URL, API-key header or transport. */
SEAL_MUST_CHECK seal_err seal__grpc_transport_open(seal__grpc_transport **out, const char *url,
                                                   const seal_chain_options *opts);
void seal__grpc_transport_close(seal__grpc_transport *t);
uint64_t seal__grpc_transport_requests(const seal__grpc_transport *t);

/* Calls path (e.g. SUI_RPC_PATH_GET_EPOCH) with the request message in frame[5..len): frame[0..5)
 * is reserved for the gRPC frame header, which this fills in. Retries (up to opts.max_retries,
 * backoff 100 ms doubling) transport failures and the statuses DEADLINE_EXCEEDED,
 * RESOURCE_EXHAUSTED, ABORTED and UNAVAILABLE. SEAL_OK: the node answered a status
 * (a->status; a->msg when OK). SEAL_ERR_IO: no answer after the retries (unreachable, timed
 * out), or an answer that is not well-formed gRPC (not retried); a->message says which.
 * Release a with seal__grpc_answer_clear. */
SEAL_MUST_CHECK seal_err seal__grpc_call(seal__grpc_transport *t, const char *path, uint8_t *frame,
                                         size_t len, seal__grpc_answer *a);
void seal__grpc_answer_clear(seal__grpc_answer *a);
/* True for the statuses a call retries (4, 8, 10, 14), as upstream's key server. */
bool seal__grpc_status_transient(uint32_t status);

#endif
