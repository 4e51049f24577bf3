/* GT / Fp12 from bytes (576 bytes, canonical coordinates). Properties: an accepted value
 * re-encodes to the input, and is_one agrees with equality to one. Shorter or longer inputs are
 * zero padded or truncated. */
#include "fuzz_common.h"
#include "seal/bls12_381.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    uint8_t in[576] = {0}, out[576];
    seal_fp12 f;
    memcpy(in, data, size < 576 ? size : 576);
    if (seal_fp12_from_bytes(&f, in) != SEAL_OK) {
        return 0;
    }
    seal_gt_to_bytes(out, &f);
    FUZZ_ASSERT(memcmp(out, in, 576) == 0);
    seal_gt one;
    seal_gt_one(&one);
    FUZZ_ASSERT(seal_gt_is_one(&f) == seal_gt_equal(&f, &one));
    FUZZ_ASSERT(seal_gt_equal(&f, &f));
    return 0;
}
