/* The protobuf reader and writer (src/proto/pb.c). The input is one message. Every
 * length-delimited field that parses as a message is walked as one, down to the depth limit.
 * Properties: the reader never passes the end of its input; each getter's success implies its
 * range (u32 <= 2^32-1, bool 0/1, strings well-formed UTF-8, a sub-reader inside its parent);
 * packed appends stop at their cap; and the canonical re-encoding (writer: tags, minimal
 * varints and lengths) is a fixed point: decode . encode . decode . encode = decode . encode. */
#include "fuzz_common.h"
#include "proto/pb.h"

/* Re-encodes r's fields into w, recursing into LEN fields that parse as messages. Returns the
 * reader's verdict. */
static seal_err reencode(seal__pb_reader *r, seal__pb_writer *w) {
    seal__pb_field f;
    while (seal__pb_next(r, &f)) {
        FUZZ_ASSERT(r->pos <= r->len);
        FUZZ_ASSERT(f.number >= 1 && f.number <= SEAL__PB_MAX_FIELD);
        switch (f.wire) {
        case SEAL__PB_VARINT: {
            seal__pb_u32 u = {0};
            seal__pb_i32 i = {0};
            seal__pb_bool b = {0};
            if (seal__pb_get_u32(&f, &u) == SEAL_OK)
                FUZZ_ASSERT(u.set && u.v == f.value);
            if (seal__pb_get_i32(&f, &i) == SEAL_OK)
                FUZZ_ASSERT((uint64_t)(int64_t)i.v == f.value);
            if (seal__pb_get_bool(&f, &b) == SEAL_OK)
                FUZZ_ASSERT(f.value <= 1 && b.v == (f.value == 1));
            seal__pb_write_u64(w, f.number, f.value);
            break;
        }
        case SEAL__PB_I64:
            seal__pb_write_fixed64(w, f.number, f.value);
            break;
        case SEAL__PB_I32:
            FUZZ_ASSERT(f.value <= UINT32_MAX);
            seal__pb_write_fixed32(w, f.number, (uint32_t)f.value);
            break;
        case SEAL__PB_LEN: {
            seal__pb_reader sub;
            seal__pb_bytes s = {0};
            uint64_t arr[8];
            size_t n = 0;
            FUZZ_ASSERT(f.data >= r->buf && f.data + f.len <= r->buf + r->len);
            if (seal__pb_get_string(&f, &s) == SEAL_OK)
                FUZZ_ASSERT(seal__pb_utf8_valid(s.p, s.len));
            seal_err pe = seal__pb_append_u64(&f, arr, 8, &n);
            FUZZ_ASSERT(n <= 8 && (pe != SEAL_ERR_LIMIT || n == 8));
            if (seal__pb_get_message(&f, &sub) == SEAL_OK) {
                /* as a message; when it is not one, roll the writer back and copy the bytes */
                size_t len = w->len;
                uint32_t depth = w->depth;
                seal__pb_begin(w, f.number);
                if (reencode(&sub, w) == SEAL_OK) {
                    seal__pb_end(w);
                    break;
                }
                if (w->err != SEAL_OK)
                    break;
                w->len = len;
                w->depth = depth;
            }
            seal__pb_write_bytes(w, f.number, f.data, f.len);
            break;
        }
        }
    }
    FUZZ_ASSERT(r->pos <= r->len);
    return seal__pb_reader_finish(r);
}

static void canonical(const uint8_t *data, size_t size, seal__pb_writer *w, seal_err *err) {
    seal__pb_reader r;
    seal__pb_reader_init(&r, data, size);
    seal__pb_writer_init(w, 0);
    *err = reencode(&r, w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    uint8_t *buf = fuzz_dup(data, size);
    seal__pb_writer w1, w2;
    seal_err e1, e2;
    canonical(buf, size, &w1, &e1);
    if (e1 == SEAL_OK && seal__pb_writer_finish(&w1) == SEAL_OK) {
        canonical(w1.buf, w1.len, &w2, &e2);
        FUZZ_ASSERT(e2 == SEAL_OK);
        FUZZ_ASSERT(seal__pb_writer_finish(&w2) == SEAL_OK);
        FUZZ_ASSERT(w2.len == w1.len);
        FUZZ_ASSERT(w1.len == 0 || memcmp(w1.buf, w2.buf, w1.len) == 0);
        seal__pb_writer_free(&w2);
    }
    seal__pb_writer_free(&w1);
    free(buf);
    return 0;
}
