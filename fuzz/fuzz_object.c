/* The BCS EncryptedObject decoder. Properties: an accepted object re-encodes to exactly the
 * input (seal_object_encode . seal_object_decode = id) with seal_object_encoded_size equal to
 * the input length; the decoder without the nonce point check accepts a superset and yields
 * the same fields; the streaming header decoder (seal_object_decode_stream) agrees with the
 * in-memory decoder on acceptance and on every field. */
#include "fuzz_common.h"
#include "seal/encrypt.h"
#include "seal/object.h"

typedef struct mem_in {
    const uint8_t *buf;
    size_t len, pos;
} mem_in;

static seal_err mem_read(void *ctx, uint8_t *buf, size_t len, size_t *got) {
    mem_in *m = ctx;
    size_t n = m->len - m->pos < len ? m->len - m->pos : len;
    if (n > 0) {
        memcpy(buf, m->buf + m->pos, n);
    }
    m->pos += n;
    *got = n;
    return SEAL_OK;
}

static seal_err mem_seek(void *ctx, uint64_t off) {
    mem_in *m = ctx;
    if (off > m->len) {
        return SEAL_ERR_IO;
    }
    m->pos = (size_t)off;
    return SEAL_OK;
}

static bool same_header(const seal_object *a, const seal_object *b) {
    return a->version == b->version && memcmp(a->package_id, b->package_id, 32) == 0 &&
           a->id_len == b->id_len && (a->id_len == 0 || memcmp(a->id, b->id, a->id_len) == 0) &&
           a->n_services == b->n_services &&
           memcmp(a->service_ids, b->service_ids, 32 * a->n_services) == 0 &&
           memcmp(a->service_indices, b->service_indices, a->n_services) == 0 &&
           a->threshold == b->threshold && a->ibe_type == b->ibe_type &&
           memcmp(a->nonce, b->nonce, 96) == 0 &&
           memcmp(a->encrypted_shares, b->encrypted_shares, 32 * a->n_services) == 0 &&
           memcmp(a->encrypted_randomness, b->encrypted_randomness, 32) == 0 && a->dem == b->dem &&
           a->blob_len == b->blob_len && a->has_aad == b->has_aad && a->aad_len == b->aad_len &&
           memcmp(a->mac, b->mac, 32) == 0;
}

static seal_object obj, obj2, obj3;
static uint8_t id_buf[SEAL_MAX_ID_BYTES];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    uint8_t *in = fuzz_dup(data, size);
    seal_err e = seal_object_decode(&obj, in, size);
    seal_err e2 = seal_object_decode_no_point_check(&obj2, in, size);
    if (e == SEAL_OK) {
        FUZZ_ASSERT(e2 == SEAL_OK);
        FUZZ_ASSERT(same_header(&obj, &obj2));
        FUZZ_ASSERT(seal_object_encoded_size(&obj) == size);
        uint8_t *out = malloc(size);
        size_t out_len = 0;
        FUZZ_ASSERT(out != NULL);
        FUZZ_ASSERT(seal_object_encode(out, size, &out_len, &obj) == SEAL_OK);
        FUZZ_ASSERT(out_len == size);
        FUZZ_ASSERT(memcmp(out, in, size) == 0);
        if (size > 0) {
            FUZZ_ASSERT(seal_object_encode(out, size - 1, &out_len, &obj) != SEAL_OK);
        }
        free(out);
        FUZZ_ASSERT(seal_object_plaintext_size(&obj) <= obj.blob_len + 32);
    }
    mem_in m = {in, size, 0};
    seal_reader rd = {mem_read, mem_seek, &m};
    seal_err e3 = seal_object_decode_stream(&obj3, id_buf, &rd);
    FUZZ_ASSERT((e3 == SEAL_OK) == (e == SEAL_OK));
    if (e3 == SEAL_OK) {
        FUZZ_ASSERT(same_header(&obj, &obj3));
    }
    free(in);
    return 0;
}
