/* G2 decoding: compressed (96 bytes) and uncompressed (192 bytes), with the same properties as
 * fuzz_g1: accepted points are on the curve and in the subgroup, re-encode to the input, and
 * the two encodings agree. */
#include "fuzz_common.h"
#include "seal/bls12_381.h"

static void check_compressed(const uint8_t in[96]) {
    seal_g2 p, q;
    uint8_t c[96], u[192];
    if (seal_g2_decompress(&p, in) != SEAL_OK) {
        return;
    }
    FUZZ_ASSERT(seal_g2_is_on_curve(&p));
    FUZZ_ASSERT(seal_g2_in_subgroup(&p));
    seal_g2_compress(c, &p);
    FUZZ_ASSERT(memcmp(c, in, 96) == 0);
    seal_g2_serialize(u, &p);
    FUZZ_ASSERT(seal_g2_deserialize(&q, u) == SEAL_OK);
    FUZZ_ASSERT(seal_g2_equal(&p, &q));
}

static void check_uncompressed(const uint8_t in[192]) {
    seal_g2 p, q;
    uint8_t c[96], u[192];
    if (seal_g2_deserialize(&p, in) != SEAL_OK) {
        return;
    }
    FUZZ_ASSERT(seal_g2_is_on_curve(&p));
    FUZZ_ASSERT(seal_g2_in_subgroup(&p));
    seal_g2_serialize(u, &p);
    FUZZ_ASSERT(memcmp(u, in, 192) == 0);
    seal_g2_compress(c, &p);
    FUZZ_ASSERT(seal_g2_decompress(&q, c) == SEAL_OK);
    FUZZ_ASSERT(seal_g2_equal(&p, &q));
    FUZZ_ASSERT(memcmp(c + 1, u + 1, 95) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    uint8_t c[96] = {0}, u[192] = {0};
    if (size == 96) {
        memcpy(c, data, 96);
        check_compressed(c);
    } else if (size == 192) {
        memcpy(u, data, 192);
        check_uncompressed(u);
    } else {
        memcpy(c, data, size < 96 ? size : 96);
        memcpy(u, data, size < 192 ? size : 192);
        check_compressed(c);
        check_uncompressed(u);
    }
    return 0;
}
