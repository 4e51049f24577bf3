/* Sui Object BCS (key server objects fetched over RPC). Properties: whatever decodes
 * re-encodes to exactly the input, and the object id and digest are computable. */
#include "fuzz_common.h"
#include "seal/bcs.h"
#include "seal/sui_object.h"
#include "seal/sui_tx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    uint8_t *in = fuzz_dup(data, size);
    seal_sui_object o;
    if (seal_sui_object_decode(&o, in, size) == SEAL_OK) {
        uint8_t *out = malloc(size + 1);
        FUZZ_ASSERT(out != NULL);
        seal_bcs_writer w;
        seal_bcs_writer_init(&w, out, size + 1);
        FUZZ_ASSERT(seal_sui_object_encode(&w, &o) == SEAL_OK);
        FUZZ_ASSERT(seal_bcs_writer_finish(&w) == SEAL_OK);
        FUZZ_ASSERT(w.len == size);
        FUZZ_ASSERT(memcmp(out, in, size) == 0);
        uint8_t id[32], digest[32];
        seal_err e = seal_sui_object_id(id, &o);
        (void)e;
        seal_sui_object_digest(digest, in, size);
        if (!o.is_package) {
            uint8_t tag[SEAL_SUI_TYPE_TAG_MAX_BYTES + 8];
            size_t tag_len = 0;
            if (seal_sui_move_object_type_to_type_tag(tag, sizeof tag, &tag_len, &o.type) ==
                SEAL_OK) {
                FUZZ_ASSERT(seal_sui_type_tag_validate(tag, tag_len) == SEAL_OK);
            }
        }
        free(out);
    }
    free(in);
    return 0;
}
