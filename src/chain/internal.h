/* Chain layer internals: the handle shared by the embedded backend (chain.c) and the Sui
 * JSON-RPC backend (rpc.c). */
#ifndef SEAL_CHAIN_INTERNAL_H
#define SEAL_CHAIN_INTERNAL_H

#include <pthread.h>

#include "seal/chain.h"

/* Defaults of seal_chain_options (0 fields). */
#define SEAL__CHAIN_DEFAULT_TIMEOUT_MS 10000u
#define SEAL__CHAIN_DEFAULT_MAX_IN_FLIGHT 32u
/* Largest HTTP response body accepted from a node. */
#define SEAL__CHAIN_MAX_RESPONSE_BYTES (8u * 1024u * 1024u)
/* Reference gas price the embedded ledger reports (Sui's localnet/devnet value). */
#define SEAL__CHAIN_LEDGER_GAS_PRICE 1000u

typedef struct seal__chain_rpc seal__chain_rpc;

struct seal_chain {
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
    /* rpc */
    seal__chain_rpc *rpc;
};

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

/* Records the calling thread's last failure text (seal_chain_last_error). */
void seal__chain_set_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Copies text into a fixed buffer, truncating, always NUL-terminated. */
void seal__chain_copy_message(char *dst, size_t cap, const char *src);

#endif
