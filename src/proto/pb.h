/*
 * Protocol Buffers wire format (proto3), hand-written for the sui.rpc.v2 messages
 * (../shared/spec/SUI_GRPC.md §2; docs/chain.md "gRPC backend").
 *
 * Why not protobuf-c: no code generator in the build, no allocation when decoding, and one small
 * bounded cursor (like the BCS reader) that is easy to read and to fuzz. Messages are decoded
 * field by field by the code that needs them; src/proto/sui_rpc.h names the field numbers.
 *
 * Reader: a (pointer, length) cursor. seal__pb_next() returns the fields of one message in wire
 * order; the value of every field is consumed whatever its number, so unknown fields are skipped
 * without effort (wire types 0, 1, 2 and 5; the deprecated groups 3/4 are refused). Strings,
 * bytes and sub-messages are borrowed from the input. After the first malformed byte the reader
 * is failed and seal__pb_next() returns false; seal__pb_reader_finish() tells a clean end from a
 * failure. Limits: varints of at most 10 bytes whose value fits in 64 bits, field numbers
 * 1..2^29-1, lengths within the input, sub-message depth at most SEAL__PB_MAX_DEPTH.
 *
 *     seal__pb_reader r;
 *     seal__pb_field f;
 *     seal__pb_reader_init(&r, buf, len);
 *     while (err == SEAL_OK && seal__pb_next(&r, &f)) {
 *         switch (f.number) {
 *         case 3: err = seal__pb_get_u64(&f, &version); break;
 *         case 5: err = seal__pb_get_message(&f, &sub); ... decode sub ...; break;
 *         default: break; // unknown field: already skipped
 *         }
 *     }
 *     if (err == SEAL_OK) err = seal__pb_reader_finish(&r);
 *
 * Presence (every sui.rpc.v2 scalar is proto3 `optional`): the getters fill small structs with a
 * `set` flag, so an absent field stays apart from a zero one. A scalar seen twice: the last one
 * wins (as protobuf); a message seen twice: decoding both into the same struct merges them.
 *
 * Writer: a growable heap buffer with a cap. Every write appends a tag and a value; a field is
 * written even when it is zero (presence), so encoders write exactly the fields they set, in
 * ascending field order. Sub-messages are opened with seal__pb_begin() and closed with
 * seal__pb_end(), which writes the minimal length varint (one byte is reserved; a longer length
 * moves the body). Errors (allocation, cap, depth, an unbalanced end, a string that is not
 * UTF-8) are sticky and reported once by seal__pb_writer_finish().
 */
#ifndef SEAL_PROTO_PB_H
#define SEAL_PROTO_PB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "seal/error.h"

#define SEAL__PB_MAX_DEPTH 32                            /* nested messages, reader and writer */
#define SEAL__PB_MAX_VARINT_BYTES 10                     /* a 64-bit varint */
#define SEAL__PB_MAX_FIELD 0x1fffffffu                   /* 2^29 - 1 */
#define SEAL__PB_DEFAULT_MAX_BYTES (16u * 1024u * 1024u) /* writer cap when 0 is given */

typedef enum seal__pb_wire {
    SEAL__PB_VARINT = 0, /* int32, int64, uint32, uint64, bool, enum */
    SEAL__PB_I64 = 1,    /* fixed64, sfixed64, double */
    SEAL__PB_LEN = 2,    /* string, bytes, message, packed repeated */
    SEAL__PB_I32 = 5,    /* fixed32, sfixed32, float */
} seal__pb_wire;

/* ---- reader ------------------------------------------------------------------------------- */

typedef struct seal__pb_reader {
    const uint8_t *buf;
    size_t len;
    size_t pos;
    uint32_t depth; /* 0 for a top-level message */
    seal_err err;   /* SEAL_OK until the first failure */
} seal__pb_reader;

/* One field as it appears on the wire. */
typedef struct seal__pb_field {
    uint32_t number;
    seal__pb_wire wire;
    uint64_t value;      /* VARINT: the value; I64 / I32: the little-endian value */
    const uint8_t *data; /* LEN: the payload, borrowed from the reader's buffer */
    size_t len;
    uint32_t depth; /* depth of the message the field belongs to */
} seal__pb_field;

void seal__pb_reader_init(seal__pb_reader *r, const uint8_t *buf, size_t len);
/* The next field: true with *f filled; false at the end of the message or on malformed input
 * (the reader is then failed: see seal__pb_reader_finish). */
bool seal__pb_next(seal__pb_reader *r, seal__pb_field *f);
/* SEAL_OK when every byte was read without error; else SEAL_ERR_INVALID_ENCODING (malformed,
 * truncated) or SEAL_ERR_LIMIT (too deep). */
SEAL_MUST_CHECK seal_err seal__pb_reader_finish(const seal__pb_reader *r);

/* Cursor primitives (packed payloads, fuzzing). Each fails the reader on short input. */
SEAL_MUST_CHECK seal_err seal__pb_read_varint(seal__pb_reader *r, uint64_t *out);
SEAL_MUST_CHECK seal_err seal__pb_read_fixed32(seal__pb_reader *r, uint32_t *out);
SEAL_MUST_CHECK seal_err seal__pb_read_fixed64(seal__pb_reader *r, uint64_t *out);

/* Optional scalars: set = the field was present. */
typedef struct seal__pb_u64 {
    bool set;
    uint64_t v;
} seal__pb_u64;
typedef struct seal__pb_u32 {
    bool set;
    uint32_t v;
} seal__pb_u32;
typedef struct seal__pb_i64 {
    bool set;
    int64_t v;
} seal__pb_i64;
typedef struct seal__pb_i32 {
    bool set;
    int32_t v;
} seal__pb_i32;
typedef struct seal__pb_bool {
    bool set;
    bool v;
} seal__pb_bool;
/* A string or bytes field, borrowed (not NUL-terminated). */
typedef struct seal__pb_bytes {
    bool set;
    const uint8_t *p;
    size_t len;
} seal__pb_bytes;

/* Getters: check the wire type and the range, then set out. SEAL_ERR_INVALID_ENCODING on a
 * wrong wire type or an out-of-range value; out is left unchanged then. */
SEAL_MUST_CHECK seal_err seal__pb_get_u64(const seal__pb_field *f, seal__pb_u64 *out);
/* uint32: the varint must fit in 32 bits. */
SEAL_MUST_CHECK seal_err seal__pb_get_u32(const seal__pb_field *f, seal__pb_u32 *out);
/* int64: the varint read as two's complement. */
SEAL_MUST_CHECK seal_err seal__pb_get_i64(const seal__pb_field *f, seal__pb_i64 *out);
/* int32 and enums: 0..2^31-1, or a negative value sign-extended to 64 bits (10 bytes). */
SEAL_MUST_CHECK seal_err seal__pb_get_i32(const seal__pb_field *f, seal__pb_i32 *out);
/* bool: the varint must be 0 or 1. */
SEAL_MUST_CHECK seal_err seal__pb_get_bool(const seal__pb_field *f, seal__pb_bool *out);
/* string: well-formed UTF-8 (no overlong forms, surrogates or code points past U+10FFFF). */
SEAL_MUST_CHECK seal_err seal__pb_get_string(const seal__pb_field *f, seal__pb_bytes *out);
SEAL_MUST_CHECK seal_err seal__pb_get_bytes(const seal__pb_field *f, seal__pb_bytes *out);
SEAL_MUST_CHECK seal_err seal__pb_get_fixed64(const seal__pb_field *f, seal__pb_u64 *out);
SEAL_MUST_CHECK seal_err seal__pb_get_fixed32(const seal__pb_field *f, seal__pb_u32 *out);
/* A sub-message: *sub reads the payload, one level deeper. SEAL_ERR_LIMIT past
 * SEAL__PB_MAX_DEPTH. */
SEAL_MUST_CHECK seal_err seal__pb_get_message(const seal__pb_field *f, seal__pb_reader *sub);

/* Repeated scalars, packed (one LEN field) or not (one VARINT field per element): appends the
 * field's elements to arr[*n..cap) and advances *n. SEAL_ERR_LIMIT when more than cap elements
 * arrive in total; the range rules of the getters above apply to each element. */
SEAL_MUST_CHECK seal_err seal__pb_append_u64(const seal__pb_field *f, uint64_t *arr, size_t cap,
                                             size_t *n);
SEAL_MUST_CHECK seal_err seal__pb_append_u32(const seal__pb_field *f, uint32_t *arr, size_t cap,
                                             size_t *n);
SEAL_MUST_CHECK seal_err seal__pb_append_i32(const seal__pb_field *f, int32_t *arr, size_t cap,
                                             size_t *n);

/* Copies a string field into out (cap bytes, NUL-terminated). SEAL_ERR_LIMIT when it does not
 * fit, SEAL_ERR_INVALID_ENCODING when it holds a NUL byte. */
SEAL_MUST_CHECK seal_err seal__pb_bytes_to_cstr(const seal__pb_bytes *s, char *out, size_t cap);
/* True when s is set and equals the NUL-terminated text t. */
bool seal__pb_bytes_eq(const seal__pb_bytes *s, const char *t);

/* True when p[0..n) is well-formed UTF-8 (the rule of seal__pb_get_string). */
bool seal__pb_utf8_valid(const uint8_t *p, size_t n);

/* ---- writer ------------------------------------------------------------------------------- */

typedef struct seal__pb_writer {
    uint8_t *buf; /* heap; NULL until the first write */
    size_t len;
    size_t cap;                      /* allocated */
    size_t max;                      /* most bytes the encoding may take */
    size_t open[SEAL__PB_MAX_DEPTH]; /* position of each open message's reserved length byte */
    uint32_t depth;
    seal_err err;
} seal__pb_writer;

/* max = cap of the encoding in bytes (0 = SEAL__PB_DEFAULT_MAX_BYTES). Allocates nothing yet. */
void seal__pb_writer_init(seal__pb_writer *w, size_t max);
/* Frees the buffer (wiped first: messages may carry signatures) and resets the writer. */
void seal__pb_writer_free(seal__pb_writer *w);
/* SEAL_OK when every write succeeded and every begun message was ended; else the first error:
 * SEAL_ERR_NO_MEMORY, SEAL_ERR_LIMIT (cap or depth), SEAL_ERR_INVALID_ARGUMENT (bad field
 * number, a string that is not UTF-8, seal__pb_end without a begin), SEAL_ERR_INTERNAL
 * (messages left open). w->buf[0..w->len) is the encoding. */
SEAL_MUST_CHECK seal_err seal__pb_writer_finish(const seal__pb_writer *w);

/* Raw bytes (a frame header reserved before the message, for instance). */
void seal__pb_write_raw(seal__pb_writer *w, const void *p, size_t n);
void seal__pb_write_varint(seal__pb_writer *w, uint64_t v);
void seal__pb_write_tag(seal__pb_writer *w, uint32_t field, seal__pb_wire wire);

/* One field each, always written (even 0 / false / ""). */
void seal__pb_write_u64(seal__pb_writer *w, uint32_t field, uint64_t v);
void seal__pb_write_u32(seal__pb_writer *w, uint32_t field, uint32_t v);
void seal__pb_write_i64(seal__pb_writer *w, uint32_t field, int64_t v);
/* int32 and enums; a negative value takes 10 bytes (sign-extended), as protobuf writes it. */
void seal__pb_write_i32(seal__pb_writer *w, uint32_t field, int32_t v);
void seal__pb_write_bool(seal__pb_writer *w, uint32_t field, bool v);
void seal__pb_write_fixed64(seal__pb_writer *w, uint32_t field, uint64_t v);
void seal__pb_write_fixed32(seal__pb_writer *w, uint32_t field, uint32_t v);
/* A NUL-terminated string (must be UTF-8). */
void seal__pb_write_string(seal__pb_writer *w, uint32_t field, const char *s);
void seal__pb_write_string_n(seal__pb_writer *w, uint32_t field, const char *s, size_t n);
void seal__pb_write_bytes(seal__pb_writer *w, uint32_t field, const uint8_t *p, size_t n);
/* Packed repeated scalars (n = 0 writes nothing). */
void seal__pb_write_packed_u64(seal__pb_writer *w, uint32_t field, const uint64_t *v, size_t n);
void seal__pb_write_packed_u32(seal__pb_writer *w, uint32_t field, const uint32_t *v, size_t n);
void seal__pb_write_packed_i32(seal__pb_writer *w, uint32_t field, const int32_t *v, size_t n);

/* The same, only when the optional value is set (re-encoding what was decoded). */
void seal__pb_write_opt_u64(seal__pb_writer *w, uint32_t field, seal__pb_u64 v);
void seal__pb_write_opt_u32(seal__pb_writer *w, uint32_t field, seal__pb_u32 v);
void seal__pb_write_opt_i32(seal__pb_writer *w, uint32_t field, seal__pb_i32 v);
void seal__pb_write_opt_bool(seal__pb_writer *w, uint32_t field, seal__pb_bool v);
void seal__pb_write_opt_string(seal__pb_writer *w, uint32_t field, seal__pb_bytes v);
void seal__pb_write_opt_bytes(seal__pb_writer *w, uint32_t field, seal__pb_bytes v);

/* Opens a sub-message field (written even when it stays empty) / closes the innermost one. */
void seal__pb_begin(seal__pb_writer *w, uint32_t field);
void seal__pb_end(seal__pb_writer *w);

/* Bytes of the varint encoding of v (1..10). */
size_t seal__pb_varint_size(uint64_t v);

#endif
