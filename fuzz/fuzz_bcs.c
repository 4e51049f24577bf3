/* BCS reader primitives. The input is a program and its data in one: each step reads an
 * opcode byte with the reader itself and then one primitive (u8..u64, bool, ULEB128, length,
 * variant, option, fixed, borrowed, vector<u8>). Properties: the position never passes the
 * end, a failed read leaves the reader failed, and every successful read re-encodes with the
 * writer to exactly the bytes it consumed (encode . decode = id). */
#include "fuzz_common.h"
#include "seal/bcs.h"

static void check_same(const seal_bcs_reader *r, size_t start, const uint8_t *enc, size_t n) {
    FUZZ_ASSERT(r->pos - start == n);
    FUZZ_ASSERT(memcmp(r->buf + start, enc, n) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    uint8_t *buf = fuzz_dup(data, size);
    seal_bcs_reader r;
    seal_bcs_reader_init(&r, buf, size);
    uint8_t enc[64];
    seal_bcs_writer w;
    for (;;) {
        uint8_t op;
        if (seal_bcs_read_u8(&r, &op) != SEAL_OK) {
            break;
        }
        size_t start = r.pos;
        seal_err e = SEAL_OK;
        seal_bcs_writer_init(&w, enc, sizeof enc);
        switch (op % 12u) {
        case 0: {
            uint8_t v;
            if ((e = seal_bcs_read_u8(&r, &v)) == SEAL_OK) {
                seal_bcs_write_u8(&w, v);
            }
            break;
        }
        case 1: {
            uint16_t v;
            if ((e = seal_bcs_read_u16(&r, &v)) == SEAL_OK) {
                seal_bcs_write_u16(&w, v);
            }
            break;
        }
        case 2: {
            uint32_t v;
            if ((e = seal_bcs_read_u32(&r, &v)) == SEAL_OK) {
                seal_bcs_write_u32(&w, v);
            }
            break;
        }
        case 3: {
            uint64_t v;
            if ((e = seal_bcs_read_u64(&r, &v)) == SEAL_OK) {
                seal_bcs_write_u64(&w, v);
            }
            break;
        }
        case 4: {
            bool v;
            if ((e = seal_bcs_read_bool(&r, &v)) == SEAL_OK) {
                seal_bcs_write_bool(&w, v);
            }
            break;
        }
        case 5: {
            uint32_t v;
            if ((e = seal_bcs_read_uleb128(&r, &v)) == SEAL_OK) {
                FUZZ_ASSERT(v <= SEAL_BCS_MAX_ULEB);
                seal_bcs_write_uleb128(&w, v);
                FUZZ_ASSERT(seal_bcs_uleb128_size(v) == w.len);
            }
            break;
        }
        case 6: {
            size_t v, max = (size_t)(op >> 4) * 1000u;
            if ((e = seal_bcs_read_len(&r, max, &v)) == SEAL_OK) {
                FUZZ_ASSERT(v <= max);
                seal_bcs_write_uleb128(&w, v);
            }
            break;
        }
        case 7: {
            uint32_t v, n = (uint32_t)(op >> 4) + 1u;
            if ((e = seal_bcs_read_variant(&r, n, &v)) == SEAL_OK) {
                FUZZ_ASSERT(v < n);
                seal_bcs_write_uleb128(&w, v);
            }
            break;
        }
        case 8: {
            bool present;
            if ((e = seal_bcs_read_option(&r, &present)) == SEAL_OK) {
                seal_bcs_write_u8(&w, present ? 1 : 0);
            }
            break;
        }
        case 9: {
            uint8_t v[16];
            size_t n = op >> 4;
            if ((e = seal_bcs_read_fixed(&r, v, n)) == SEAL_OK) {
                seal_bcs_write_fixed(&w, v, n);
            }
            break;
        }
        case 10: {
            const uint8_t *p;
            size_t n = op >> 4;
            if ((e = seal_bcs_read_borrow(&r, &p, n)) == SEAL_OK) {
                FUZZ_ASSERT(p == buf + start);
                seal_bcs_write_fixed(&w, p, n);
            }
            break;
        }
        default: {
            const uint8_t *p;
            size_t n, max = (size_t)(op >> 4) * 4u;
            if ((e = seal_bcs_read_bytes(&r, max, &p, &n)) == SEAL_OK) {
                FUZZ_ASSERT(n <= max);
                FUZZ_ASSERT(p + n == buf + r.pos);
                seal_bcs_write_bytes(&w, p, n);
            }
            break;
        }
        }
        FUZZ_ASSERT(r.pos <= r.len);
        if (e != SEAL_OK) {
            FUZZ_ASSERT(seal_bcs_reader_remaining(&r) == 0);
            FUZZ_ASSERT(seal_bcs_reader_finish(&r) != SEAL_OK);
            break;
        }
        FUZZ_ASSERT(seal_bcs_writer_finish(&w) == SEAL_OK);
        check_same(&r, start, enc, w.len);
        FUZZ_ASSERT(seal_bcs_reader_remaining(&r) == r.len - r.pos);
    }
    if (!r.failed) {
        FUZZ_ASSERT(seal_bcs_reader_finish(&r) == SEAL_OK);
    }
    free(buf);
    return 0;
}
