/* Scalar decoding: seal_scalar_from_bytes (32 bytes, canonical) and seal_scalar_from_bytes_wide
 * (any length, reduced). Properties: an accepted scalar re-encodes to the input; the wide
 * reduction of the same 32 bytes gives the same scalar; a wide result is always canonical. */
#include "fuzz_common.h"
#include "seal/bls12_381.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    seal_scalar s, w, t;
    uint8_t in[32] = {0}, out[32];
    memcpy(in, data, size < 32 ? size : 32);
    if (seal_scalar_from_bytes(&s, in) == SEAL_OK) {
        seal_scalar_to_bytes(out, &s);
        FUZZ_ASSERT(memcmp(out, in, 32) == 0);
        seal_scalar_from_bytes_wide(&w, in, 32);
        FUZZ_ASSERT(seal_scalar_equal(&s, &w));
    }
    uint8_t *copy = fuzz_dup(data, size);
    seal_scalar_from_bytes_wide(&w, copy, size);
    free(copy);
    seal_scalar_to_bytes(out, &w);
    FUZZ_ASSERT(seal_scalar_from_bytes(&t, out) == SEAL_OK);
    FUZZ_ASSERT(seal_scalar_equal(&t, &w));
    return 0;
}
