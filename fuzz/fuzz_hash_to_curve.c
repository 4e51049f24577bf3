/* Hash to curve with an arbitrary message and DST: the first byte is the DST length (taken
 * from the end of the input), the rest is the message. Properties: G1 and G2 results are on
 * the curve and in the subgroup, hashing is deterministic, and expand_message_xmd is
 * deterministic and refuses output lengths above 255 * 32. data[1] picks the function (bit 7:
 * G2, bit 6 alone: expand_message_xmd, else G1) and data[2] the xmd output length. */
#include "fuzz_common.h"
#include "seal/bls12_381.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 3) {
        return 0;
    }
    size_t dst_len = data[0];
    uint8_t which = data[1];
    size_t out_len = (size_t)data[2] * 32u + (size_t)(which & 31u);
    data += 3;
    size -= 3;
    if (dst_len > size) {
        dst_len = size;
    }
    uint8_t *msg = fuzz_dup(data, size - dst_len);
    uint8_t *dst = fuzz_dup(data + size - dst_len, dst_len);
    size_t msg_len = size - dst_len;

    if (which & 0x80u) {
        seal_g2 p, q;
        seal_g2_hash_to_curve(&p, msg, msg_len, dst, dst_len);
        FUZZ_ASSERT(seal_g2_is_on_curve(&p));
        FUZZ_ASSERT(seal_g2_in_subgroup(&p));
        if (which & 0x40u) {
            seal_g2_hash_to_curve(&q, msg, msg_len, dst, dst_len);
            FUZZ_ASSERT(seal_g2_equal(&p, &q));
        }
    } else if (which & 0x40u) {
        uint8_t *a = malloc(out_len > 0 ? out_len : 1);
        uint8_t *b = malloc(out_len > 0 ? out_len : 1);
        FUZZ_ASSERT(a != NULL && b != NULL);
        seal_err e1 = seal_expand_message_xmd(a, out_len, msg, msg_len, dst, dst_len);
        seal_err e2 = seal_expand_message_xmd(b, out_len, msg, msg_len, dst, dst_len);
        FUZZ_ASSERT(e1 == e2);
        if (out_len > 255u * 32u) {
            FUZZ_ASSERT(e1 != SEAL_OK);
        }
        if (e1 == SEAL_OK) {
            FUZZ_ASSERT(memcmp(a, b, out_len) == 0);
        }
        free(a);
        free(b);
    } else {
        seal_g1 p, q;
        uint8_t c[48];
        seal_g1_hash_to_curve(&p, msg, msg_len, dst, dst_len);
        FUZZ_ASSERT(seal_g1_is_on_curve(&p));
        FUZZ_ASSERT(seal_g1_in_subgroup(&p));
        seal_g1_compress(c, &p);
        FUZZ_ASSERT(seal_g1_decompress(&q, c) == SEAL_OK);
        FUZZ_ASSERT(seal_g1_equal(&p, &q));
    }
    free(msg);
    free(dst);
    return 0;
}
