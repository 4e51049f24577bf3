/* Sui TransactionData (V1) decoder. Properties: whatever decodes re-encodes to exactly the
 * input, and the embedded PTB re-encodes on its own. Signing digests of the input are computed
 * (must not fault on any bytes). */
#include "fuzz_common.h"
#include "seal/bcs.h"
#include "seal/sui.h"
#include "seal/sui_tx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    uint8_t *in = fuzz_dup(data, size);
    seal_sui_transaction_data *tx = NULL;
    uint8_t d1[32], d2[32];
    seal_sui_transaction_signing_digest(d1, in, size);
    seal_sui_transaction_digest(d2, in, size);
    if (seal_sui_transaction_data_decode(&tx, in, size) == SEAL_OK) {
        FUZZ_ASSERT(tx != NULL && tx->ptb != NULL);
        uint8_t *out = malloc(size + 1);
        FUZZ_ASSERT(out != NULL);
        seal_bcs_writer w;
        seal_bcs_writer_init(&w, out, size + 1);
        FUZZ_ASSERT(seal_sui_transaction_data_encode(&w, tx) == SEAL_OK);
        FUZZ_ASSERT(seal_bcs_writer_finish(&w) == SEAL_OK);
        FUZZ_ASSERT(w.len == size);
        FUZZ_ASSERT(memcmp(out, in, size) == 0);
        seal_bcs_writer_init(&w, out, size + 1);
        FUZZ_ASSERT(seal_sui_ptb_encode(&w, tx->ptb) == SEAL_OK);
        FUZZ_ASSERT(w.len < size);
        free(out);
    } else {
        FUZZ_ASSERT(tx == NULL);
    }
    seal_sui_transaction_data_free(tx);
    free(in);
    return 0;
}
