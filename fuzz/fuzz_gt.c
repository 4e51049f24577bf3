/* GT / Fp12 from bytes (576 bytes, canonical coordinates). Properties: an accepted value
 * re-encodes to the input, and is_one agrees with equality to one; for any accepted element
 * (in GT or not) seal_gt_pow by a small exponent (byte 576 of the input, mod 16) equals repeated
 * multiplication, and a nonzero element times seal_gt_inv of it is one. Shorter inputs are zero
 * padded; bytes past 577 are ignored. */
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
    unsigned e = size > 576 ? data[576] & 15u : 3u;
    seal_scalar k;
    seal_gt want = one, got;
    seal_scalar_from_u64(&k, e);
    for (unsigned i = 0; i < e; i++) {
        seal_gt_mul(&want, &want, &f);
    }
    seal_gt_pow(&got, &f, &k);
    FUZZ_ASSERT(seal_gt_equal(&got, &want));
    static const uint8_t zero[576] = {0};
    if (memcmp(in, zero, 576) != 0) {
        seal_gt_inv(&got, &f);
        seal_gt_mul(&got, &got, &f);
        FUZZ_ASSERT(seal_gt_is_one(&got));
    }
    return 0;
}
