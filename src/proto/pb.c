/* Protocol Buffers wire format: bounded reader, growable writer (pb.h). */
#include <stdlib.h>
#include <string.h>

#include "proto/pb.h"
#include "seal/util.h"

/* ---- reader --------------------------------------------------------------------------------- */

void seal__pb_reader_init(seal__pb_reader *r, const uint8_t *buf, size_t len) {
    r->buf = buf;
    r->len = buf == NULL ? 0 : len;
    r->pos = 0;
    r->depth = 0;
    r->err = SEAL_OK;
}

seal_err seal__pb_reader_finish(const seal__pb_reader *r) {
    if (r->err != SEAL_OK)
        return r->err;
    return r->pos == r->len ? SEAL_OK : SEAL_ERR_INVALID_ENCODING;
}

static seal_err fail(seal__pb_reader *r, seal_err err) {
    if (r->err == SEAL_OK)
        r->err = err;
    return r->err;
}

seal_err seal__pb_read_varint(seal__pb_reader *r, uint64_t *out) {
    uint64_t v = 0;
    *out = 0;
    if (r->err != SEAL_OK)
        return r->err;
    for (unsigned i = 0; i < SEAL__PB_MAX_VARINT_BYTES; i++) {
        uint8_t b;
        if (r->pos >= r->len)
            return fail(r, SEAL_ERR_INVALID_ENCODING);
        b = r->buf[r->pos++];
        /* the tenth byte holds bit 63 only */
        if (i == SEAL__PB_MAX_VARINT_BYTES - 1 && b > 1)
            return fail(r, SEAL_ERR_INVALID_ENCODING);
        v |= (uint64_t)(b & 0x7f) << (7 * i);
        if ((b & 0x80) == 0) {
            *out = v;
            return SEAL_OK;
        }
    }
    return fail(r, SEAL_ERR_INVALID_ENCODING);
}

static seal_err read_le(seal__pb_reader *r, size_t n, uint64_t *out) {
    uint64_t v = 0;
    *out = 0;
    if (r->err != SEAL_OK)
        return r->err;
    if (n > r->len - r->pos)
        return fail(r, SEAL_ERR_INVALID_ENCODING);
    for (size_t i = 0; i < n; i++)
        v |= (uint64_t)r->buf[r->pos + i] << (8 * i);
    r->pos += n;
    *out = v;
    return SEAL_OK;
}

seal_err seal__pb_read_fixed32(seal__pb_reader *r, uint32_t *out) {
    uint64_t v;
    seal_err err = read_le(r, 4, &v);
    *out = (uint32_t)v;
    return err;
}

seal_err seal__pb_read_fixed64(seal__pb_reader *r, uint64_t *out) {
    return read_le(r, 8, out);
}

bool seal__pb_next(seal__pb_reader *r, seal__pb_field *f) {
    uint64_t tag = 0, n = 0;
    memset(f, 0, sizeof *f);
    if (r->err != SEAL_OK || r->pos >= r->len)
        return false;
    if (seal__pb_read_varint(r, &tag) != SEAL_OK)
        return false;
    if (tag >> 3 == 0 || tag >> 3 > SEAL__PB_MAX_FIELD) {
        fail(r, SEAL_ERR_INVALID_ENCODING);
        return false;
    }
    f->number = (uint32_t)(tag >> 3);
    f->depth = r->depth;
    switch (tag & 7) {
    case SEAL__PB_VARINT:
        f->wire = SEAL__PB_VARINT;
        return seal__pb_read_varint(r, &f->value) == SEAL_OK;
    case SEAL__PB_I64:
        f->wire = SEAL__PB_I64;
        return read_le(r, 8, &f->value) == SEAL_OK;
    case SEAL__PB_I32:
        f->wire = SEAL__PB_I32;
        return read_le(r, 4, &f->value) == SEAL_OK;
    case SEAL__PB_LEN:
        f->wire = SEAL__PB_LEN;
        if (seal__pb_read_varint(r, &n) != SEAL_OK)
            return false;
        if (n > r->len - r->pos) {
            fail(r, SEAL_ERR_INVALID_ENCODING);
            return false;
        }
        f->data = r->buf + r->pos;
        f->len = (size_t)n;
        r->pos += (size_t)n;
        return true;
    default: /* 3, 4: groups (deprecated, never in proto3); 6, 7: undefined */
        fail(r, SEAL_ERR_INVALID_ENCODING);
        return false;
    }
}

/* ---- getters -------------------------------------------------------------------------------- */

seal_err seal__pb_get_u64(const seal__pb_field *f, seal__pb_u64 *out) {
    if (f->wire != SEAL__PB_VARINT)
        return SEAL_ERR_INVALID_ENCODING;
    out->set = true;
    out->v = f->value;
    return SEAL_OK;
}

static bool u32_ok(uint64_t v) {
    return v <= UINT32_MAX;
}

static bool i32_ok(uint64_t v) {
    return v <= INT32_MAX || v >= UINT64_C(0xffffffff80000000); /* negative: sign-extended */
}

/* Two's complement of a 64-bit varint value, without implementation-defined conversions. */
static int64_t as_i64(uint64_t v) {
    if (v <= INT64_MAX)
        return (int64_t)v;
    return -(int64_t)(~v) - 1;
}

seal_err seal__pb_get_u32(const seal__pb_field *f, seal__pb_u32 *out) {
    if (f->wire != SEAL__PB_VARINT || !u32_ok(f->value))
        return SEAL_ERR_INVALID_ENCODING;
    out->set = true;
    out->v = (uint32_t)f->value;
    return SEAL_OK;
}

seal_err seal__pb_get_i64(const seal__pb_field *f, seal__pb_i64 *out) {
    if (f->wire != SEAL__PB_VARINT)
        return SEAL_ERR_INVALID_ENCODING;
    out->set = true;
    out->v = as_i64(f->value);
    return SEAL_OK;
}

seal_err seal__pb_get_i32(const seal__pb_field *f, seal__pb_i32 *out) {
    if (f->wire != SEAL__PB_VARINT || !i32_ok(f->value))
        return SEAL_ERR_INVALID_ENCODING;
    out->set = true;
    out->v = (int32_t)as_i64(f->value);
    return SEAL_OK;
}

seal_err seal__pb_get_bool(const seal__pb_field *f, seal__pb_bool *out) {
    if (f->wire != SEAL__PB_VARINT || f->value > 1)
        return SEAL_ERR_INVALID_ENCODING;
    out->set = true;
    out->v = f->value == 1;
    return SEAL_OK;
}

bool seal__pb_utf8_valid(const uint8_t *p, size_t n) {
    size_t i = 0;
    while (i < n) {
        uint8_t b = p[i];
        uint32_t cp;
        size_t k;
        if (b < 0x80) {
            i++;
            continue;
        }
        if (b >= 0xc2 && b <= 0xdf) {
            k = 1;
            cp = b & 0x1fu;
        } else if (b >= 0xe0 && b <= 0xef) {
            k = 2;
            cp = b & 0x0fu;
        } else if (b >= 0xf0 && b <= 0xf4) {
            k = 3;
            cp = b & 0x07u;
        } else {
            return false; /* continuation byte, overlong lead (c0, c1) or past f4 */
        }
        if (k > n - i - 1)
            return false;
        for (size_t j = 1; j <= k; j++) {
            if ((p[i + j] & 0xc0) != 0x80)
                return false;
            cp = (cp << 6) | (p[i + j] & 0x3fu);
        }
        if ((k == 2 && cp < 0x800) || (k == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
            (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        i += k + 1;
    }
    return true;
}

seal_err seal__pb_get_bytes(const seal__pb_field *f, seal__pb_bytes *out) {
    if (f->wire != SEAL__PB_LEN)
        return SEAL_ERR_INVALID_ENCODING;
    out->set = true;
    out->p = f->data;
    out->len = f->len;
    return SEAL_OK;
}

seal_err seal__pb_get_string(const seal__pb_field *f, seal__pb_bytes *out) {
    if (f->wire != SEAL__PB_LEN || !seal__pb_utf8_valid(f->data, f->len))
        return SEAL_ERR_INVALID_ENCODING;
    return seal__pb_get_bytes(f, out);
}

seal_err seal__pb_get_fixed64(const seal__pb_field *f, seal__pb_u64 *out) {
    if (f->wire != SEAL__PB_I64)
        return SEAL_ERR_INVALID_ENCODING;
    out->set = true;
    out->v = f->value;
    return SEAL_OK;
}

seal_err seal__pb_get_fixed32(const seal__pb_field *f, seal__pb_u32 *out) {
    if (f->wire != SEAL__PB_I32)
        return SEAL_ERR_INVALID_ENCODING;
    out->set = true;
    out->v = (uint32_t)f->value;
    return SEAL_OK;
}

seal_err seal__pb_get_message(const seal__pb_field *f, seal__pb_reader *sub) {
    if (f->wire != SEAL__PB_LEN)
        return SEAL_ERR_INVALID_ENCODING;
    if (f->depth + 1 > SEAL__PB_MAX_DEPTH)
        return SEAL_ERR_LIMIT;
    seal__pb_reader_init(sub, f->data, f->len);
    sub->depth = f->depth + 1;
    return SEAL_OK;
}

/* Elements of a repeated varint field, through check() into store(). */
typedef enum elem_kind { ELEM_U64, ELEM_U32, ELEM_I32 } elem_kind;

static seal_err append_varints(const seal__pb_field *f, void *arr, size_t cap, size_t *n,
                               elem_kind kind) {
    seal__pb_reader r;
    uint64_t v = 0;
    bool packed = f->wire == SEAL__PB_LEN;
    if (f->wire != SEAL__PB_VARINT && !packed)
        return SEAL_ERR_INVALID_ENCODING;
    if (packed)
        seal__pb_reader_init(&r, f->data, f->len);
    for (bool first = true;; first = false) {
        if (packed) {
            if (r.pos >= r.len)
                break;
            if (seal__pb_read_varint(&r, &v) != SEAL_OK)
                return SEAL_ERR_INVALID_ENCODING;
        } else {
            if (!first)
                break;
            v = f->value;
        }
        if ((kind == ELEM_U32 && !u32_ok(v)) || (kind == ELEM_I32 && !i32_ok(v)))
            return SEAL_ERR_INVALID_ENCODING;
        if (*n >= cap)
            return SEAL_ERR_LIMIT;
        switch (kind) {
        case ELEM_U64:
            ((uint64_t *)arr)[*n] = v;
            break;
        case ELEM_U32:
            ((uint32_t *)arr)[*n] = (uint32_t)v;
            break;
        case ELEM_I32:
            ((int32_t *)arr)[*n] = (int32_t)as_i64(v);
            break;
        }
        (*n)++;
    }
    return SEAL_OK;
}

seal_err seal__pb_append_u64(const seal__pb_field *f, uint64_t *arr, size_t cap, size_t *n) {
    return append_varints(f, arr, cap, n, ELEM_U64);
}

seal_err seal__pb_append_u32(const seal__pb_field *f, uint32_t *arr, size_t cap, size_t *n) {
    return append_varints(f, arr, cap, n, ELEM_U32);
}

seal_err seal__pb_append_i32(const seal__pb_field *f, int32_t *arr, size_t cap, size_t *n) {
    return append_varints(f, arr, cap, n, ELEM_I32);
}

seal_err seal__pb_bytes_to_cstr(const seal__pb_bytes *s, char *out, size_t cap) {
    size_t n = s->set ? s->len : 0;
    if (cap == 0)
        return SEAL_ERR_LIMIT;
    out[0] = '\0';
    if (n >= cap)
        return SEAL_ERR_LIMIT;
    if (n > 0 && memchr(s->p, 0, n) != NULL)
        return SEAL_ERR_INVALID_ENCODING;
    if (n > 0)
        memcpy(out, s->p, n);
    out[n] = '\0';
    return SEAL_OK;
}

bool seal__pb_bytes_eq(const seal__pb_bytes *s, const char *t) {
    size_t n = strlen(t);
    return s->set && s->len == n && (n == 0 || memcmp(s->p, t, n) == 0);
}

/* ---- writer --------------------------------------------------------------------------------- */

size_t seal__pb_varint_size(uint64_t v) {
    size_t n = 1;
    while (v >= 0x80) {
        v >>= 7;
        n++;
    }
    return n;
}

void seal__pb_writer_init(seal__pb_writer *w, size_t max) {
    memset(w, 0, sizeof *w);
    w->max = max == 0 ? SEAL__PB_DEFAULT_MAX_BYTES : max;
}

void seal__pb_writer_free(seal__pb_writer *w) {
    if (w->buf != NULL) {
        seal_memzero(w->buf, w->cap);
        free(w->buf);
    }
    size_t max = w->max;
    memset(w, 0, sizeof *w);
    w->max = max;
}

seal_err seal__pb_writer_finish(const seal__pb_writer *w) {
    if (w->err != SEAL_OK)
        return w->err;
    return w->depth == 0 ? SEAL_OK : SEAL_ERR_INTERNAL;
}

static void wfail(seal__pb_writer *w, seal_err err) {
    if (w->err == SEAL_OK)
        w->err = err;
}

/* Room for n more bytes; false (writer failed) when it cannot be had. */
static bool reserve(seal__pb_writer *w, size_t n) {
    size_t cap;
    uint8_t *p;
    if (w->err != SEAL_OK)
        return false;
    if (n > w->max - w->len) {
        wfail(w, SEAL_ERR_LIMIT);
        return false;
    }
    if (w->len + n <= w->cap)
        return true;
    cap = w->cap ? w->cap : 256;
    while (cap < w->len + n)
        cap = cap > SIZE_MAX / 2 ? SIZE_MAX : cap * 2;
    if (cap > w->max)
        cap = w->max;
    if ((p = malloc(cap)) == NULL) {
        wfail(w, SEAL_ERR_NO_MEMORY);
        return false;
    }
    /* not realloc: the old buffer is wiped before it is given back */
    if (w->buf != NULL) {
        memcpy(p, w->buf, w->len);
        seal_memzero(w->buf, w->cap);
        free(w->buf);
    }
    w->buf = p;
    w->cap = cap;
    return true;
}

void seal__pb_write_raw(seal__pb_writer *w, const void *p, size_t n) {
    if (n == 0 || !reserve(w, n))
        return;
    memcpy(w->buf + w->len, p, n);
    w->len += n;
}

static size_t varint_encode(uint8_t out[SEAL__PB_MAX_VARINT_BYTES], uint64_t v) {
    size_t n = 0;
    while (v >= 0x80) {
        out[n++] = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    out[n++] = (uint8_t)v;
    return n;
}

void seal__pb_write_varint(seal__pb_writer *w, uint64_t v) {
    uint8_t b[SEAL__PB_MAX_VARINT_BYTES];
    seal__pb_write_raw(w, b, varint_encode(b, v));
}

void seal__pb_write_tag(seal__pb_writer *w, uint32_t field, seal__pb_wire wire) {
    if (field == 0 || field > SEAL__PB_MAX_FIELD) {
        wfail(w, SEAL_ERR_INVALID_ARGUMENT);
        return;
    }
    seal__pb_write_varint(w, (uint64_t)field << 3 | (uint64_t)wire);
}

void seal__pb_write_u64(seal__pb_writer *w, uint32_t field, uint64_t v) {
    seal__pb_write_tag(w, field, SEAL__PB_VARINT);
    seal__pb_write_varint(w, v);
}

void seal__pb_write_u32(seal__pb_writer *w, uint32_t field, uint32_t v) {
    seal__pb_write_u64(w, field, v);
}

void seal__pb_write_i64(seal__pb_writer *w, uint32_t field, int64_t v) {
    seal__pb_write_u64(w, field, (uint64_t)v);
}

void seal__pb_write_i32(seal__pb_writer *w, uint32_t field, int32_t v) {
    seal__pb_write_u64(w, field, (uint64_t)(int64_t)v);
}

void seal__pb_write_bool(seal__pb_writer *w, uint32_t field, bool v) {
    seal__pb_write_u64(w, field, v ? 1u : 0u);
}

static void write_le(seal__pb_writer *w, uint64_t v, size_t n) {
    uint8_t b[8];
    for (size_t i = 0; i < n; i++)
        b[i] = (uint8_t)(v >> (8 * i));
    seal__pb_write_raw(w, b, n);
}

void seal__pb_write_fixed64(seal__pb_writer *w, uint32_t field, uint64_t v) {
    seal__pb_write_tag(w, field, SEAL__PB_I64);
    write_le(w, v, 8);
}

void seal__pb_write_fixed32(seal__pb_writer *w, uint32_t field, uint32_t v) {
    seal__pb_write_tag(w, field, SEAL__PB_I32);
    write_le(w, v, 4);
}

void seal__pb_write_bytes(seal__pb_writer *w, uint32_t field, const uint8_t *p, size_t n) {
    if (n > 0 && p == NULL) {
        wfail(w, SEAL_ERR_INVALID_ARGUMENT);
        return;
    }
    seal__pb_write_tag(w, field, SEAL__PB_LEN);
    seal__pb_write_varint(w, n);
    seal__pb_write_raw(w, p, n);
}

void seal__pb_write_string_n(seal__pb_writer *w, uint32_t field, const char *s, size_t n) {
    if ((n > 0 && s == NULL) || (n > 0 && !seal__pb_utf8_valid((const uint8_t *)s, n))) {
        wfail(w, SEAL_ERR_INVALID_ARGUMENT);
        return;
    }
    seal__pb_write_bytes(w, field, (const uint8_t *)s, n);
}

void seal__pb_write_string(seal__pb_writer *w, uint32_t field, const char *s) {
    seal__pb_write_string_n(w, field, s, s == NULL ? 0 : strlen(s));
}

static void write_packed(seal__pb_writer *w, uint32_t field, const void *arr, size_t n,
                         elem_kind kind) {
    size_t body = 0;
    if (n == 0)
        return;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < n; i++) {
            uint64_t v = kind == ELEM_U64   ? ((const uint64_t *)arr)[i]
                         : kind == ELEM_U32 ? ((const uint32_t *)arr)[i]
                                            : (uint64_t)(int64_t)((const int32_t *)arr)[i];
            if (pass == 0)
                body += seal__pb_varint_size(v);
            else
                seal__pb_write_varint(w, v);
        }
        if (pass == 0) {
            seal__pb_write_tag(w, field, SEAL__PB_LEN);
            seal__pb_write_varint(w, body);
        }
    }
}

void seal__pb_write_packed_u64(seal__pb_writer *w, uint32_t field, const uint64_t *v, size_t n) {
    write_packed(w, field, v, n, ELEM_U64);
}

void seal__pb_write_packed_u32(seal__pb_writer *w, uint32_t field, const uint32_t *v, size_t n) {
    write_packed(w, field, v, n, ELEM_U32);
}

void seal__pb_write_packed_i32(seal__pb_writer *w, uint32_t field, const int32_t *v, size_t n) {
    write_packed(w, field, v, n, ELEM_I32);
}

void seal__pb_write_opt_u64(seal__pb_writer *w, uint32_t field, seal__pb_u64 v) {
    if (v.set)
        seal__pb_write_u64(w, field, v.v);
}

void seal__pb_write_opt_u32(seal__pb_writer *w, uint32_t field, seal__pb_u32 v) {
    if (v.set)
        seal__pb_write_u32(w, field, v.v);
}

void seal__pb_write_opt_i32(seal__pb_writer *w, uint32_t field, seal__pb_i32 v) {
    if (v.set)
        seal__pb_write_i32(w, field, v.v);
}

void seal__pb_write_opt_bool(seal__pb_writer *w, uint32_t field, seal__pb_bool v) {
    if (v.set)
        seal__pb_write_bool(w, field, v.v);
}

void seal__pb_write_opt_string(seal__pb_writer *w, uint32_t field, seal__pb_bytes v) {
    if (v.set)
        seal__pb_write_string_n(w, field, (const char *)v.p, v.len);
}

void seal__pb_write_opt_bytes(seal__pb_writer *w, uint32_t field, seal__pb_bytes v) {
    if (v.set)
        seal__pb_write_bytes(w, field, v.p, v.len);
}

void seal__pb_begin(seal__pb_writer *w, uint32_t field) {
    static const uint8_t zero = 0;
    if (w->err != SEAL_OK)
        return;
    if (w->depth >= SEAL__PB_MAX_DEPTH) {
        wfail(w, SEAL_ERR_LIMIT);
        return;
    }
    seal__pb_write_tag(w, field, SEAL__PB_LEN);
    if (w->err != SEAL_OK)
        return;
    w->open[w->depth] = w->len;
    seal__pb_write_raw(w, &zero, 1); /* the length, one byte until seal__pb_end knows better */
    if (w->err == SEAL_OK)
        w->depth++;
}

void seal__pb_end(seal__pb_writer *w) {
    uint8_t b[SEAL__PB_MAX_VARINT_BYTES];
    size_t at, body, k;
    if (w->err != SEAL_OK)
        return;
    if (w->depth == 0) {
        wfail(w, SEAL_ERR_INVALID_ARGUMENT);
        return;
    }
    at = w->open[--w->depth];
    body = w->len - at - 1;
    k = varint_encode(b, body);
    if (k > 1) {
        if (!reserve(w, k - 1))
            return;
        memmove(w->buf + at + k, w->buf + at + 1, body);
        w->len += k - 1;
    }
    memcpy(w->buf + at, b, k);
}
