/* The decrypt path on arbitrary objects with fixed keys (fuzz_keys.h: the 2-of-3 servers of
 * tests/vectors/sdk/negative.json). Input: a selector byte (which key set / checks, see
 * fuzz_decrypt_params) then the object. Properties: seal_decrypt succeeds only on objects the
 * decoder accepts, returns at most seal_object_plaintext_size bytes and zero bytes on error;
 * its result equals seal_decrypt_dem_key followed by seal_decrypt_with_key. */
#include "fuzz_common.h"
#include "fuzz_keys.h"
#include "seal/encrypt.h"
#include "seal/object.h"

static seal_object obj;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) {
        return 0;
    }
    fuzz_keys_init();
    seal_decrypt_params p = fuzz_decrypt_params(data[0]);
    size_t len = size - 1;
    uint8_t *in = fuzz_dup(data + 1, len);
    size_t cap = len + 32;
    uint8_t *out = malloc(cap), *out2 = malloc(cap);
    FUZZ_ASSERT(out != NULL && out2 != NULL);
    size_t out_len = 12345, out2_len = 0;
    seal_err e = seal_decrypt(out, cap, &out_len, in, len, &p);
    seal_err ed = seal_object_decode(&obj, in, len);
    if (ed != SEAL_OK) {
        FUZZ_ASSERT(e != SEAL_OK);
    }
    if (e != SEAL_OK) {
        FUZZ_ASSERT(out_len == 0);
        for (size_t i = 0; i < cap; i++) {
            FUZZ_ASSERT(out[i] == 0);
        }
    } else {
        FUZZ_ASSERT(out_len == seal_object_plaintext_size(&obj));
    }
    if (ed == SEAL_OK) {
        uint8_t key[32];
        seal_err ek = seal_decrypt_dem_key(key, &obj, &p);
        seal_err ew = SEAL_ERR_DECRYPTION;
        if (ek == SEAL_OK) {
            ew = seal_decrypt_with_key(out2, cap, &out2_len, &obj, key);
        }
        FUZZ_ASSERT((e == SEAL_OK) == (ek == SEAL_OK && ew == SEAL_OK));
        if (e == SEAL_OK) {
            FUZZ_ASSERT(out2_len == out_len);
            FUZZ_ASSERT(memcmp(out, out2, out_len) == 0);
        }
    }
    free(out);
    free(out2);
    free(in);
    return 0;
}
