/* G1 decoding: compressed (48 bytes) and uncompressed (96 bytes). Properties: an accepted
 * encoding is on the curve and in the subgroup, re-encodes to the same bytes, and the other
 * encoding of the same point decodes to the same point. Inputs of another length are split
 * into a 48-byte and a 96-byte candidate (zero padded). */
#include "fuzz_common.h"
#include "seal/bls12_381.h"

static void check_compressed(const uint8_t in[48]) {
    seal_g1 p, q;
    uint8_t c[48], u[96];
    if (seal_g1_decompress(&p, in) != SEAL_OK) {
        return;
    }
    FUZZ_ASSERT(seal_g1_is_on_curve(&p));
    FUZZ_ASSERT(seal_g1_in_subgroup(&p));
    seal_g1_compress(c, &p);
    FUZZ_ASSERT(memcmp(c, in, 48) == 0);
    seal_g1_serialize(u, &p);
    FUZZ_ASSERT(seal_g1_deserialize(&q, u) == SEAL_OK);
    FUZZ_ASSERT(seal_g1_equal(&p, &q));
}

static void check_uncompressed(const uint8_t in[96]) {
    seal_g1 p, q;
    uint8_t c[48], u[96];
    if (seal_g1_deserialize(&p, in) != SEAL_OK) {
        return;
    }
    FUZZ_ASSERT(seal_g1_is_on_curve(&p));
    FUZZ_ASSERT(seal_g1_in_subgroup(&p));
    seal_g1_serialize(u, &p);
    FUZZ_ASSERT(memcmp(u, in, 96) == 0);
    seal_g1_compress(c, &p);
    FUZZ_ASSERT(seal_g1_decompress(&q, c) == SEAL_OK);
    FUZZ_ASSERT(seal_g1_equal(&p, &q));
    /* the two encodings share x: the compressed one is x with the flag bits */
    FUZZ_ASSERT(memcmp(c + 1, u + 1, 47) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    uint8_t c[48] = {0}, u[96] = {0};
    if (size == 48) {
        memcpy(c, data, 48);
        check_compressed(c);
    } else if (size == 96) {
        memcpy(u, data, 96);
        check_uncompressed(u);
    } else {
        memcpy(c, data, size < 48 ? size : 48);
        memcpy(u, data, size < 96 ? size : 96);
        check_compressed(c);
        check_uncompressed(u);
    }
    return 0;
}
