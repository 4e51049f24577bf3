/* The streaming decrypt (seal_decrypt_stream) against the in-memory seal_decrypt on the same
 * bytes with the same fixed keys (fuzz_keys.h). Input: a selector byte, then the object.
 * Properties: both accept the same objects and produce the same plaintext; a failed stream reports
 * no plaintext length. */
#include "fuzz_common.h"
#include "fuzz_keys.h"
#include "seal/encrypt.h"

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

typedef struct mem_out {
    uint8_t *buf;
    size_t cap, len;
} mem_out;

static seal_err mem_write(void *ctx, const uint8_t *buf, size_t len) {
    mem_out *o = ctx;
    if (len > o->cap - o->len) {
        return SEAL_ERR_IO;
    }
    if (len > 0) {
        memcpy(o->buf + o->len, buf, len);
    }
    o->len += len;
    return SEAL_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) {
        return 0;
    }
    fuzz_keys_init();
    seal_decrypt_params p = fuzz_decrypt_params(data[0]);
    size_t len = size - 1;
    uint8_t *in = fuzz_dup(data + 1, len);
    size_t cap = len + 32;
    uint8_t *ref = malloc(cap), *got = malloc(cap);
    FUZZ_ASSERT(ref != NULL && got != NULL);
    size_t ref_len = 0;
    seal_err e = seal_decrypt(ref, cap, &ref_len, in, len, &p);

    mem_in m = {in, len, 0};
    seal_reader rd = {mem_read, mem_seek, &m};
    mem_out o = {got, cap, 0};
    seal_writer wr = {mem_write, &o};
    uint64_t got_len = 0;
    seal_err es = seal_decrypt_stream(&wr, &got_len, &rd, &p);
    FUZZ_ASSERT((e == SEAL_OK) == (es == SEAL_OK));
    if (es == SEAL_OK) {
        FUZZ_ASSERT(got_len == ref_len);
        FUZZ_ASSERT(o.len == ref_len);
        FUZZ_ASSERT(memcmp(ref, got, ref_len) == 0);
    } else {
        /* authentication happens before any output for an input that does not change */
        FUZZ_ASSERT(o.len == 0);
    }
    free(ref);
    free(got);
    free(in);
    return 0;
}
