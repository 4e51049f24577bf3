/* Sui ProgrammableTransaction and TransactionKind decoders. Properties: whatever decodes
 * re-encodes to exactly the input (encode . decode = id), for both entry points, and the
 * TransactionKind form of a PTB is one 00 byte followed by the PTB bytes. */
#include "fuzz_common.h"
#include "seal/bcs.h"
#include "seal/sui_tx.h"

static void roundtrip(const seal_sui_ptb *ptb, const uint8_t *in, size_t size, bool kind) {
    uint8_t *out = malloc(size + 1);
    FUZZ_ASSERT(out != NULL);
    seal_bcs_writer w;
    seal_bcs_writer_init(&w, out, size + 1);
    seal_err e = kind ? seal_sui_transaction_kind_encode(&w, ptb) : seal_sui_ptb_encode(&w, ptb);
    FUZZ_ASSERT(e == SEAL_OK);
    FUZZ_ASSERT(seal_bcs_writer_finish(&w) == SEAL_OK);
    FUZZ_ASSERT(w.len == size);
    FUZZ_ASSERT(memcmp(out, in, size) == 0);
    free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    uint8_t *in = fuzz_dup(data, size);
    seal_sui_ptb *ptb = NULL, *kind = NULL;
    if (seal_sui_ptb_decode(&ptb, in, size) == SEAL_OK) {
        FUZZ_ASSERT(ptb != NULL);
        roundtrip(ptb, in, size, false);
    } else {
        FUZZ_ASSERT(ptb == NULL);
    }
    seal_err ek = seal_sui_transaction_kind_decode(&kind, in, size);
    if (ek == SEAL_OK) {
        FUZZ_ASSERT(kind != NULL);
        roundtrip(kind, in, size, true);
        /* the same bytes after the kind byte are a PTB */
        seal_sui_ptb *inner = NULL;
        FUZZ_ASSERT(seal_sui_ptb_decode(&inner, in + 1, size - 1) == SEAL_OK);
        seal_sui_ptb_free(inner);
    } else {
        FUZZ_ASSERT(kind == NULL);
    }
    seal_sui_ptb_free(ptb);
    seal_sui_ptb_free(kind);
    free(in);
    return 0;
}
