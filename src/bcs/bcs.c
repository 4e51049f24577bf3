/* BCS reader (bounded cursor) and writer. */
#include <string.h>

#include "seal/bcs.h"

void seal_bcs_reader_init(seal_bcs_reader *r, const uint8_t *buf, size_t len) {
    r->buf = buf;
    r->len = buf == NULL ? 0 : len;
    r->pos = 0;
    r->failed = false;
}

size_t seal_bcs_reader_remaining(const seal_bcs_reader *r) {
    return r->failed ? 0 : r->len - r->pos;
}

seal_err seal_bcs_reader_finish(const seal_bcs_reader *r) {
    return (!r->failed && r->pos == r->len) ? SEAL_OK : SEAL_ERR_INVALID_ENCODING;
}

static seal_err fail(seal_bcs_reader *r, seal_err err) {
    r->failed = true;
    return err;
}

/* Borrows n bytes, or fails. */
static seal_err take(seal_bcs_reader *r, const uint8_t **p, size_t n) {
    if (r->failed) {
        return SEAL_ERR_INVALID_ENCODING;
    }
    if (n > r->len - r->pos) {
        return fail(r, SEAL_ERR_INVALID_ENCODING);
    }
    *p = r->buf + r->pos;
    r->pos += n;
    return SEAL_OK;
}

static seal_err read_le(seal_bcs_reader *r, uint64_t *out, size_t n) {
    const uint8_t *p = NULL;
    seal_err err = take(r, &p, n);
    uint64_t v = 0;
    if (err == SEAL_OK) {
        for (size_t i = 0; i < n; i++) {
            v |= (uint64_t)p[i] << (8 * i);
        }
    }
    *out = v;
    return err;
}

seal_err seal_bcs_read_u8(seal_bcs_reader *r, uint8_t *out) {
    uint64_t v;
    seal_err err = read_le(r, &v, 1);
    *out = (uint8_t)v;
    return err;
}

seal_err seal_bcs_read_u16(seal_bcs_reader *r, uint16_t *out) {
    uint64_t v;
    seal_err err = read_le(r, &v, 2);
    *out = (uint16_t)v;
    return err;
}

seal_err seal_bcs_read_u32(seal_bcs_reader *r, uint32_t *out) {
    uint64_t v;
    seal_err err = read_le(r, &v, 4);
    *out = (uint32_t)v;
    return err;
}

seal_err seal_bcs_read_u64(seal_bcs_reader *r, uint64_t *out) {
    return read_le(r, out, 8);
}

seal_err seal_bcs_read_bool(seal_bcs_reader *r, bool *out) {
    uint8_t v = 0;
    seal_err err = seal_bcs_read_u8(r, &v);
    *out = false;
    if (err != SEAL_OK) {
        return err;
    }
    if (v > 1) {
        return fail(r, SEAL_ERR_INVALID_ENCODING);
    }
    *out = v == 1;
    return SEAL_OK;
}

seal_err seal_bcs_read_uleb128(seal_bcs_reader *r, uint32_t *out) {
    uint64_t v = 0;
    *out = 0;
    for (unsigned shift = 0; shift < 7 * SEAL_BCS_MAX_ULEB_BYTES; shift += 7) {
        const uint8_t *p = NULL;
        seal_err err = take(r, &p, 1);
        if (err != SEAL_OK) {
            return err;
        }
        uint8_t b = *p;
        v |= (uint64_t)(b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
            /* A last byte of zero after the first byte means a non-minimal encoding. */
            if (b == 0 && shift != 0) {
                return fail(r, SEAL_ERR_INVALID_ENCODING);
            }
            if (v > SEAL_BCS_MAX_ULEB) {
                return fail(r, SEAL_ERR_INVALID_ENCODING);
            }
            *out = (uint32_t)v;
            return SEAL_OK;
        }
    }
    return fail(r, SEAL_ERR_INVALID_ENCODING);
}

seal_err seal_bcs_read_len(seal_bcs_reader *r, size_t max, size_t *out) {
    uint32_t v = 0;
    seal_err err = seal_bcs_read_uleb128(r, &v);
    *out = 0;
    if (err != SEAL_OK) {
        return err;
    }
    if (v > max) {
        return fail(r, SEAL_ERR_LIMIT);
    }
    *out = v;
    return SEAL_OK;
}

seal_err seal_bcs_read_variant(seal_bcs_reader *r, uint32_t n_variants, uint32_t *out) {
    uint32_t v = 0;
    seal_err err = seal_bcs_read_uleb128(r, &v);
    *out = 0;
    if (err != SEAL_OK) {
        return err;
    }
    if (v >= n_variants) {
        return fail(r, SEAL_ERR_INVALID_ENCODING);
    }
    *out = v;
    return SEAL_OK;
}

seal_err seal_bcs_read_option(seal_bcs_reader *r, bool *present) {
    return seal_bcs_read_bool(r, present);
}

seal_err seal_bcs_read_fixed(seal_bcs_reader *r, uint8_t *out, size_t n) {
    const uint8_t *p = NULL;
    seal_err err = take(r, &p, n);
    if (err != SEAL_OK) {
        memset(out, 0, n);
        return err;
    }
    memcpy(out, p, n);
    return SEAL_OK;
}

seal_err seal_bcs_read_borrow(seal_bcs_reader *r, const uint8_t **out, size_t n) {
    *out = NULL;
    return take(r, out, n);
}

seal_err seal_bcs_read_bytes(seal_bcs_reader *r, size_t max, const uint8_t **out, size_t *out_len) {
    size_t n = 0;
    seal_err err = seal_bcs_read_len(r, max, &n);
    *out = NULL;
    *out_len = 0;
    if (err != SEAL_OK) {
        return err;
    }
    if ((err = take(r, out, n)) != SEAL_OK) {
        *out = NULL;
        return err;
    }
    *out_len = n;
    return SEAL_OK;
}

/* ---- writer ---- */

void seal_bcs_writer_init(seal_bcs_writer *w, uint8_t *buf, size_t cap) {
    w->buf = buf;
    w->cap = buf == NULL ? 0 : cap;
    w->len = 0;
}

seal_err seal_bcs_writer_finish(const seal_bcs_writer *w) {
    return w->len <= w->cap ? SEAL_OK : SEAL_ERR_LIMIT;
}

void seal_bcs_write_fixed(seal_bcs_writer *w, const uint8_t *p, size_t n) {
    if (n == 0) {
        return;
    }
    if (w->len <= w->cap && n <= w->cap - w->len) {
        memcpy(w->buf + w->len, p, n);
    }
    w->len += n;
}

static void write_le(seal_bcs_writer *w, uint64_t v, size_t n) {
    uint8_t b[8];
    for (size_t i = 0; i < n; i++) {
        b[i] = (uint8_t)(v >> (8 * i));
    }
    seal_bcs_write_fixed(w, b, n);
}

void seal_bcs_write_u8(seal_bcs_writer *w, uint8_t v) {
    seal_bcs_write_fixed(w, &v, 1);
}

void seal_bcs_write_u16(seal_bcs_writer *w, uint16_t v) {
    write_le(w, v, 2);
}

void seal_bcs_write_u32(seal_bcs_writer *w, uint32_t v) {
    write_le(w, v, 4);
}

void seal_bcs_write_u64(seal_bcs_writer *w, uint64_t v) {
    write_le(w, v, 8);
}

void seal_bcs_write_bool(seal_bcs_writer *w, bool v) {
    seal_bcs_write_u8(w, v ? 1 : 0);
}

size_t seal_bcs_uleb128_encode(uint8_t out[static 10], uint64_t v) {
    size_t n = 0;
    do {
        uint8_t b = (uint8_t)(v & 0x7f);
        v >>= 7;
        out[n++] = (uint8_t)(b | (v != 0 ? 0x80 : 0));
    } while (v != 0);
    return n;
}

size_t seal_bcs_uleb128_size(uint64_t v) {
    size_t n = 1;
    while (v >= 0x80) {
        v >>= 7;
        n++;
    }
    return n;
}

void seal_bcs_write_uleb128(seal_bcs_writer *w, uint64_t v) {
    uint8_t b[10];
    size_t n = seal_bcs_uleb128_encode(b, v);
    seal_bcs_write_fixed(w, b, n);
}

void seal_bcs_write_bytes(seal_bcs_writer *w, const uint8_t *p, size_t n) {
    seal_bcs_write_uleb128(w, n);
    seal_bcs_write_fixed(w, p, n);
}
