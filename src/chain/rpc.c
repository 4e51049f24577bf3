/* Sui JSON-RPC backend (libcurl + jansson). */
#include "chain/internal.h"

seal_err seal__chain_rpc_open(seal__chain_rpc **out, const char *url,
                              const seal_chain_options *opts) {
    (void)url;
    (void)opts;
    *out = NULL;
    return SEAL_ERR_UNSUPPORTED;
}
void seal__chain_rpc_close(seal__chain_rpc *r) {
    (void)r;
}
seal_err seal__chain_rpc_get_objects(seal__chain_rpc *r, const uint8_t (*ids)[32], size_t n,
                                     seal_ledger_object *out, bool *found) {
    (void)r, (void)ids, (void)n, (void)out, (void)found;
    return SEAL_ERR_UNSUPPORTED;
}
seal_err seal__chain_rpc_resolve_package(seal__chain_rpc *r, const uint8_t pkg[static 32],
                                         uint8_t original_id[static 32], uint64_t *version,
                                         bool *found) {
    (void)r, (void)pkg, (void)original_id, (void)version, (void)found;
    return SEAL_ERR_UNSUPPORTED;
}
seal_err seal__chain_rpc_reference_gas_price(seal__chain_rpc *r, uint64_t *out) {
    (void)r, (void)out;
    return SEAL_ERR_UNSUPPORTED;
}
seal_err seal__chain_rpc_dry_run(seal__chain_rpc *r, const uint8_t *tx_data, size_t len,
                                 seal_chain_dry_run_result *out) {
    (void)r, (void)tx_data, (void)len, (void)out;
    return SEAL_ERR_UNSUPPORTED;
}
seal_err seal__chain_rpc_execute(seal__chain_rpc *r, const uint8_t *tx_data, size_t len,
                                 const uint8_t *const *sigs, const size_t *sig_lens, size_t n_sigs,
                                 seal_ledger_effects *out) {
    (void)r, (void)tx_data, (void)len, (void)sigs, (void)sig_lens, (void)n_sigs, (void)out;
    return SEAL_ERR_UNSUPPORTED;
}
