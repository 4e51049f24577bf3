/* Chain layer internals: the handle shared by the embedded backend (chain.c), the Sui JSON-RPC
 * backend (rpc.c) and the sui.rpc.v2 gRPC backend (grpc.c over grpc_transport.c), and the HTTP
 * plumbing both network backends use (http.c). */
#ifndef SEAL_CHAIN_INTERNAL_H
#define SEAL_CHAIN_INTERNAL_H

#include <curl/curl.h>
#include <pthread.h>
#include <stdatomic.h>

#include "seal/chain.h"

/* Defaults of seal_chain_options (0 fields). */
#define SEAL__CHAIN_DEFAULT_TIMEOUT_MS 10000u
#define SEAL__CHAIN_DEFAULT_MAX_IN_FLIGHT 32u
/* Largest HTTP response body accepted from a node. */
#define SEAL__CHAIN_MAX_RESPONSE_BYTES (8u * 1024u * 1024u)
/* Reference gas price the embedded ledger reports (Sui's localnet/devnet value). */
#define SEAL__CHAIN_LEDGER_GAS_PRICE 1000u

typedef struct seal__chain_rpc seal__chain_rpc;
typedef struct seal__chain_grpc seal__chain_grpc;

struct seal_chain {
    seal_chain_backend backend;
    bool embedded;
    seal_chain_options opts; /* defaults applied; api_key_header copied */
    char *api_key_header;
    /* embedded */
    char *path;
    pthread_mutex_t pool_mu;
    seal_ledger **pool; /* idle read-only handles */
    size_t n_pool, cap_pool;
    pthread_mutex_t write_mu;
    seal_ledger *writer; /* opened on first use */
    /* JSON-RPC */
    seal__chain_rpc *rpc;
    /* gRPC */
    seal__chain_grpc *grpc;
};

/* ---- HTTP plumbing of the network backends (http.c) ----------------------------------------- */

#define SEAL__CHAIN_IDLE_HANDLES 64 /* easy handles kept for reuse (connection keep-alive) */
#define SEAL__CHAIN_BACKOFF_FIRST_MS 100u

/* One node endpoint: its URL, the bounds of seal_chain_options, an in-flight semaphore and a
 * pool of idle curl easy handles (each keeps its connection, and TLS session, to the node). */
typedef struct seal__chain_http {
    char *url;
    char *no_proxy; /* the environment's no_proxy plus loopback */
    uint32_t timeout_ms;
    uint32_t max_retries;
    uint32_t max_in_flight;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    uint32_t in_flight;
    CURL *idle[SEAL__CHAIN_IDLE_HANDLES];
    size_t n_idle;
    atomic_uint_fast64_t requests; /* HTTP requests sent, retries included */
} seal__chain_http;

/* Checks url (printable ASCII, no spaces, a non-empty host after "://") and sets h up.
 * SEAL_ERR_INVALID_ARGUMENT for a bad URL, SEAL_ERR_IO when curl cannot be initialised. On
 * failure h is left destroyed (seal__chain_http_destroy is a no-op on it). */
SEAL_MUST_CHECK seal_err seal__chain_http_init(seal__chain_http *h, const char *url,
                                               const seal_chain_options *opts);
void seal__chain_http_destroy(seal__chain_http *h);
/* Takes an in-flight slot, waiting at most the request timeout: false when none freed. */
bool seal__chain_http_acquire(seal__chain_http *h);
void seal__chain_http_release(seal__chain_http *h);
/* An idle easy handle, or a new one (NULL when out of memory). */
CURL *seal__chain_http_take(seal__chain_http *h);
/* Gives a handle back: kept for reuse when keep (its exchange went well), else cleaned up. */
void seal__chain_http_give(seal__chain_http *h, CURL *e, bool keep);

/* A response body growing up to max bytes (a larger one sets too_big and aborts the transfer). */
typedef struct seal__chain_body {
    uint8_t *p;
    size_t len, cap, max;
    bool too_big;
} seal__chain_body;

/* The options every request has: url, POST of body[0..len), headers, the per-attempt timeout
 * (timeout_ms), the body into b (capped at b->max), HTTP(S) only, no redirects, proxies from
 * the environment except for loopback, the request counted. */
void seal__chain_http_setup(seal__chain_http *h, CURL *e, const char *url, const void *body,
                            size_t len, const struct curl_slist *headers, uint32_t timeout_ms,
                            seal__chain_body *b);
void seal__chain_sleep_ms(uint32_t ms);
/* Frees a header list, wiping each header first (the node's API key is one of them). */
void seal__chain_headers_free(struct curl_slist *list);

/* JSON-RPC backend (rpc.c). */
SEAL_MUST_CHECK seal_err seal__chain_rpc_open(seal__chain_rpc **out, const char *url,
                                              const seal_chain_options *opts);
void seal__chain_rpc_close(seal__chain_rpc *r);
SEAL_MUST_CHECK seal_err seal__chain_rpc_get_objects(seal__chain_rpc *r, const uint8_t (*ids)[32],
                                                     size_t n, seal_ledger_object *out,
                                                     bool *found);
SEAL_MUST_CHECK seal_err seal__chain_rpc_resolve_package(seal__chain_rpc *r,
                                                         const uint8_t pkg[static 32],
                                                         uint8_t original_id[static 32],
                                                         uint64_t *version, bool *found);
SEAL_MUST_CHECK seal_err seal__chain_rpc_reference_gas_price(seal__chain_rpc *r, uint64_t *out);
SEAL_MUST_CHECK seal_err seal__chain_rpc_dry_run(seal__chain_rpc *r, const uint8_t *tx_data,
                                                 size_t len, seal_chain_dry_run_result *out);
SEAL_MUST_CHECK seal_err seal__chain_rpc_execute(seal__chain_rpc *r, const uint8_t *tx_data,
                                                 size_t len, const uint8_t *const *sigs,
                                                 const size_t *sig_lens, size_t n_sigs,
                                                 seal_ledger_effects *out);

/* gRPC backend (grpc.c). */
SEAL_MUST_CHECK seal_err seal__chain_grpc_open(seal__chain_grpc **out, const char *url,
                                               const seal_chain_options *opts);
void seal__chain_grpc_close(seal__chain_grpc *g);
SEAL_MUST_CHECK seal_err seal__chain_grpc_get_objects(seal__chain_grpc *g, const uint8_t (*ids)[32],
                                                      size_t n, seal_ledger_object *out,
                                                      bool *found);
SEAL_MUST_CHECK seal_err seal__chain_grpc_resolve_package(seal__chain_grpc *g,
                                                          const uint8_t pkg[static 32],
                                                          uint8_t original_id[static 32],
                                                          uint64_t *version, bool *found);
SEAL_MUST_CHECK seal_err seal__chain_grpc_reference_gas_price(seal__chain_grpc *g, uint64_t *out);
SEAL_MUST_CHECK seal_err seal__chain_grpc_dry_run(seal__chain_grpc *g, const uint8_t *tx_data,
                                                  size_t len, seal_chain_dry_run_result *out);
SEAL_MUST_CHECK seal_err seal__chain_grpc_execute(seal__chain_grpc *g, const uint8_t *tx_data,
                                                  size_t len, const uint8_t *const *sigs,
                                                  const size_t *sig_lens, size_t n_sigs,
                                                  seal_ledger_effects *out);
SEAL_MUST_CHECK seal_err seal__chain_grpc_service_info(seal__chain_grpc *g, seal_chain_info *out);
SEAL_MUST_CHECK seal_err seal__chain_grpc_verify_signature(seal__chain_grpc *g, const uint8_t *msg,
                                                           size_t msg_len, const uint8_t *sig,
                                                           size_t sig_len,
                                                           const uint8_t address[static 32],
                                                           seal_chain_signature_result *out);
uint64_t seal__chain_grpc_requests(const seal__chain_grpc *g);

/* JSON-RPC backend: the chain's identity, checkpoint and request count. */
SEAL_MUST_CHECK seal_err seal__chain_rpc_service_info(seal__chain_rpc *r, seal_chain_info *out);
uint64_t seal__chain_rpc_requests(const seal__chain_rpc *r);

/* Execution through a network backend, before anything is sent: the transaction of at most
 * max_len bytes decodes as the embedded ledger requires (its sender goes to out->sender), 1 to
 * 16 signatures of 1 to 65,536 bytes; digest = Sui's transaction digest,
 * BLAKE2b-256("TransactionData::" || tx). */
SEAL_MUST_CHECK seal_err seal__chain_execute_prepare(const uint8_t *tx_data, size_t len,
                                                     size_t max_len, const uint8_t *const *sigs,
                                                     const size_t *sig_lens, size_t n_sigs,
                                                     uint8_t digest[32], seal_ledger_effects *out);
/* Execution through a network backend: a transaction the node refused before executing it,
 * from the node's message (SEAL_OK with out->outcome set, executed false;
 * SEAL_ERR_INVALID_SIGNATURE for a refused signature, SEAL_ERR_INVALID_ARGUMENT for refused
 * parameters), as the embedded ledger reports it. */
SEAL_MUST_CHECK seal_err seal__chain_refusal(const char *message, seal_ledger_effects *out);
/* The ledger outcome of an executed transaction whose status the node gave as verdict d;
 * EXECUTION_ERROR becomes exec_status. */
void seal__chain_outcome_from_verdict(seal_ledger_outcome *out, const seal_chain_dry_run_result *d,
                                      seal_ledger_status exec_status);

/* Records the calling thread's last failure text (seal_chain_last_error). */
void seal__chain_set_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Copies text into a fixed buffer, truncating, always NUL-terminated. */
void seal__chain_copy_message(char *dst, size_t cap, const char *src);

#endif
