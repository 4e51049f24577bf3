/* seal_object_decode: the strict decoder plus validation of the nonce as a G2 point. */
#include <string.h>

#include "seal/bls12_381.h"
#include "seal/object.h"
#include "seal/util.h"

seal_err seal_object_decode(seal_object *out, const uint8_t *bytes, size_t len) {
    seal_g2 nonce;
    seal_err err = seal_object_decode_no_point_check(out, bytes, len);
    if (err != SEAL_OK) {
        return err;
    }
    if ((err = seal_g2_decompress(&nonce, out->nonce)) != SEAL_OK) {
        memset(out, 0, sizeof *out);
    }
    return err;
}
