/*
 * BCS (Binary Canonical Serialization) reader and writer.
 *
 * The reader is a bounded (pointer, length) cursor: every read checks the remaining length
 * first, ULEB128 values must be minimally encoded and fit in 32 bits (as Rust `bcs` requires),
 * sequence lengths are capped by the caller, and seal_bcs_reader_finish() rejects trailing
 * bytes. After the first failure a reader is "failed": every later read fails too, so a parser
 * may check only the last result (each call still returns its own error).
 *
 * The writer appends to a caller-owned buffer. When the buffer is too small it keeps counting
 * (len grows, nothing is written past cap) and seal_bcs_writer_finish() returns SEAL_ERR_LIMIT,
 * so the same code computes the needed size when called with cap = 0 (buf may then be NULL).
 * Nothing here allocates.
 */
#ifndef SEAL_BCS_H
#define SEAL_BCS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "seal/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Largest ULEB128 value BCS accepts for lengths and enum variants (Rust bcs: 2^31 - 1). */
#define SEAL_BCS_MAX_ULEB 0x7fffffffu
/* Most bytes a ULEB128-encoded u32 takes. */
#define SEAL_BCS_MAX_ULEB_BYTES 5

typedef struct seal_bcs_reader {
    const uint8_t *buf;
    size_t len;
    size_t pos;
    bool failed;
} seal_bcs_reader;

/* A reader over buf[0..len), borrowed (not copied) for the reader's life. */
void seal_bcs_reader_init(seal_bcs_reader *r, const uint8_t *buf, size_t len);
/* Bytes not consumed yet (0 once failed). */
size_t seal_bcs_reader_remaining(const seal_bcs_reader *r);
/* SEAL_OK when the reader has not failed and every byte was consumed; SEAL_ERR_INVALID_ENCODING
 * otherwise (trailing bytes or an earlier failure). */
SEAL_MUST_CHECK seal_err seal_bcs_reader_finish(const seal_bcs_reader *r);

/* Each read returns SEAL_ERR_INVALID_ENCODING when the input is short or malformed. */
SEAL_MUST_CHECK seal_err seal_bcs_read_u8(seal_bcs_reader *r, uint8_t *out);
SEAL_MUST_CHECK seal_err seal_bcs_read_u16(seal_bcs_reader *r, uint16_t *out);
SEAL_MUST_CHECK seal_err seal_bcs_read_u32(seal_bcs_reader *r, uint32_t *out);
SEAL_MUST_CHECK seal_err seal_bcs_read_u64(seal_bcs_reader *r, uint64_t *out);
/* A bool must be exactly 0 or 1. */
SEAL_MUST_CHECK seal_err seal_bcs_read_bool(seal_bcs_reader *r, bool *out);
/* A ULEB128 value: minimal encoding, at most SEAL_BCS_MAX_ULEB. */
SEAL_MUST_CHECK seal_err seal_bcs_read_uleb128(seal_bcs_reader *r, uint32_t *out);
/* A sequence length (ULEB128). SEAL_ERR_LIMIT when it exceeds max (checked before any
 * element is read). */
SEAL_MUST_CHECK seal_err seal_bcs_read_len(seal_bcs_reader *r, size_t max, size_t *out);
/* An enum variant index (ULEB128); SEAL_ERR_INVALID_ENCODING when >= n_variants. */
SEAL_MUST_CHECK seal_err seal_bcs_read_variant(seal_bcs_reader *r, uint32_t n_variants,
                                               uint32_t *out);
/* An Option tag: *present = false for 00, true for 01; anything else is rejected. */
SEAL_MUST_CHECK seal_err seal_bcs_read_option(seal_bcs_reader *r, bool *present);
/* Fixed-size bytes ([u8; N]), copied into out. */
SEAL_MUST_CHECK seal_err seal_bcs_read_fixed(seal_bcs_reader *r, uint8_t *out, size_t n);
/* Fixed-size bytes, borrowed: *out points into the reader's buffer. */
SEAL_MUST_CHECK seal_err seal_bcs_read_borrow(seal_bcs_reader *r, const uint8_t **out, size_t n);
/* vector<u8>: a ULEB128 length (<= max, else SEAL_ERR_LIMIT) then the bytes, borrowed. */
SEAL_MUST_CHECK seal_err seal_bcs_read_bytes(seal_bcs_reader *r, size_t max, const uint8_t **out,
                                             size_t *out_len);

typedef struct seal_bcs_writer {
    uint8_t *buf;
    size_t cap;
    size_t len; /* bytes the encoding needs so far (may exceed cap) */
} seal_bcs_writer;

/* A writer into buf[0..cap); with buf NULL (cap ignored) it only counts the bytes needed. */
void seal_bcs_writer_init(seal_bcs_writer *w, uint8_t *buf, size_t cap);
/* SEAL_OK when everything fit; SEAL_ERR_LIMIT when w->len > w->cap. */
SEAL_MUST_CHECK seal_err seal_bcs_writer_finish(const seal_bcs_writer *w);

/* Fixed-width little-endian integers, and bool as one byte 0 or 1. Writes past cap are counted
 * in w->len, not stored. */
void seal_bcs_write_u8(seal_bcs_writer *w, uint8_t v);
void seal_bcs_write_u16(seal_bcs_writer *w, uint16_t v);
void seal_bcs_write_u32(seal_bcs_writer *w, uint32_t v);
void seal_bcs_write_u64(seal_bcs_writer *w, uint64_t v);
void seal_bcs_write_bool(seal_bcs_writer *w, bool v);
/* Minimal ULEB128 of v (any 64-bit value; BCS lengths are < 2^31). */
void seal_bcs_write_uleb128(seal_bcs_writer *w, uint64_t v);
/* Raw bytes, no length prefix (fixed arrays, points, scalars). */
void seal_bcs_write_fixed(seal_bcs_writer *w, const uint8_t *p, size_t n);
/* vector<u8>: ULEB128 length then the bytes. */
void seal_bcs_write_bytes(seal_bcs_writer *w, const uint8_t *p, size_t n);

/* Encodes v as minimal ULEB128 into out (at least 10 bytes); returns the byte count. */
size_t seal_bcs_uleb128_encode(uint8_t out[static 10], uint64_t v);
/* Number of bytes of the minimal ULEB128 encoding of v. */
size_t seal_bcs_uleb128_size(uint64_t v);

#ifdef __cplusplus
}
#endif
#endif
