/*
 * gRPC framing shared by the chain layer's client and `seal localnet serve`
 * (../shared/spec/SUI_GRPC.md §1): the 5-byte message frame, gRPC-web trailer frames, the
 * grpc-message percent-encoding, grpc-web-text Base64, status codes, the HTTP-to-gRPC status
 * mapping, content types and grpc-timeout. Nothing here allocates or touches the network.
 *
 * Frame: byte 0 flags (0x01 compressed, 0x80 gRPC-web trailers), bytes 1..4 the payload length
 * (u32 big-endian), then the payload. A unary call carries one data frame each way; a gRPC-web
 * response ends with a trailer frame whose payload is `name:value\r\n` lines, or carries no body
 * at all when the status travels in the HTTP headers (Trailers-Only).
 */
#ifndef SEAL_PROTO_GRPC_FRAME_H
#define SEAL_PROTO_GRPC_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "seal/error.h"

#define SEAL__GRPC_FRAME_HEADER_BYTES 5
#define SEAL__GRPC_MAX_FRAME_BYTES (16u * 1024u * 1024u) /* payload cap, both directions */
#define SEAL__GRPC_FLAG_COMPRESSED 0x01u
#define SEAL__GRPC_FLAG_TRAILER 0x80u
#define SEAL__GRPC_MESSAGE_BYTES 256      /* decoded grpc-message kept (truncated) */
#define SEAL__GRPC_TIMEOUT_BYTES 12       /* "99999999S" and a NUL fit */
#define SEAL__GRPC_MAX_TRAILER_BYTES 8192 /* a trailer frame larger than this is refused */

/* Status codes (grpc/grpc doc/statuscodes.md). */
typedef enum seal__grpc_status {
    SEAL__GRPC_OK = 0,
    SEAL__GRPC_CANCELLED = 1,
    SEAL__GRPC_UNKNOWN = 2,
    SEAL__GRPC_INVALID_ARGUMENT = 3,
    SEAL__GRPC_DEADLINE_EXCEEDED = 4,
    SEAL__GRPC_NOT_FOUND = 5,
    SEAL__GRPC_ALREADY_EXISTS = 6,
    SEAL__GRPC_PERMISSION_DENIED = 7,
    SEAL__GRPC_RESOURCE_EXHAUSTED = 8,
    SEAL__GRPC_FAILED_PRECONDITION = 9,
    SEAL__GRPC_ABORTED = 10,
    SEAL__GRPC_OUT_OF_RANGE = 11,
    SEAL__GRPC_UNIMPLEMENTED = 12,
    SEAL__GRPC_INTERNAL = 13,
    SEAL__GRPC_UNAVAILABLE = 14,
    SEAL__GRPC_DATA_LOSS = 15,
    SEAL__GRPC_UNAUTHENTICATED = 16,
} seal__grpc_status;
#define SEAL__GRPC_STATUS_MAX 16

/* "OK", "CANCELLED", ... "UNAUTHENTICATED"; "UNKNOWN" for a code past 16. */
const char *seal__grpc_status_name(uint32_t code);

/* The status a client assumes for an HTTP response without grpc-status (grpc/grpc
 * doc/http-grpc-status-mapping.md): 400 INTERNAL, 401 UNAUTHENTICATED, 403 PERMISSION_DENIED,
 * 404 UNIMPLEMENTED, 429/502/503/504 UNAVAILABLE, anything else UNKNOWN. (protobuf-ts maps some
 * differently, e.g. 404 to NOT_FOUND; SUI_GRPC.md §1.3. A server always sends grpc-status.) */
uint32_t seal__grpc_status_from_http(long http_status);

/* ---- frames ------------------------------------------------------------------------------- */

typedef struct seal__grpc_frame {
    uint8_t flags;
    const uint8_t *data; /* borrowed */
    size_t len;
} seal__grpc_frame;

/* Writes the 5-byte header: flags, then len big-endian. */
void seal__grpc_frame_header(uint8_t out[static SEAL__GRPC_FRAME_HEADER_BYTES], uint8_t flags,
                             uint32_t len);
/* Parses the frame at the start of buf[0..n): *f and *consumed (5 + payload). Refused with
 * SEAL_ERR_INVALID_ENCODING: fewer than 5 bytes, a payload shorter than announced, flag bits
 * other than 0x01 and 0x80; SEAL_ERR_LIMIT: a payload longer than max (0 =
 * SEAL__GRPC_MAX_FRAME_BYTES). The compressed flag is reported, not refused. */
SEAL_MUST_CHECK seal_err seal__grpc_frame_parse(const uint8_t *buf, size_t n, size_t max,
                                                seal__grpc_frame *f, size_t *consumed);

/* A unary response body: at most one data frame, then (gRPC-web) at most one trailer frame,
 * which must be last. */
typedef struct seal__grpc_body {
    bool has_message;
    const uint8_t *message; /* the data frame's payload, borrowed */
    size_t message_len;
    bool has_trailer;
    const uint8_t *trailer; /* the trailer frame's payload (text lines), borrowed */
    size_t trailer_len;
} seal__grpc_body;

/* Splits body[0..n) (web: trailer frames allowed; native: not). SEAL_ERR_INVALID_ENCODING: a
 * malformed or truncated frame, two data frames, anything after the trailer frame, a trailer
 * frame in native mode, flagged compressed or larger than SEAL__GRPC_MAX_TRAILER_BYTES;
 * SEAL_ERR_LIMIT: a
 * frame past max (0 = SEAL__GRPC_MAX_FRAME_BYTES); SEAL_ERR_UNSUPPORTED: a compressed data
 * frame (we never announce an encoding). An empty body is valid (no message, no trailer). */
SEAL_MUST_CHECK seal_err seal__grpc_body_parse(const uint8_t *body, size_t n, size_t max, bool web,
                                               seal__grpc_body *out);

/* ---- status metadata (trailers, Trailers-Only headers) ------------------------------------ */

typedef struct seal__grpc_trailers {
    bool has_status;
    uint32_t status; /* as sent (a code past 16 is kept; callers treat it as UNKNOWN) */
    bool has_message;
    char message[SEAL__GRPC_MESSAGE_BYTES]; /* percent-decoded, printable ASCII, truncated */
} seal__grpc_trailers;

/* Records one metadata entry: grpc-status (1 to 8 decimal digits, else
 * SEAL_ERR_INVALID_ENCODING) and grpc-message (decoded with seal__grpc_message_decode); any
 * other name is ignored. Names compare case-insensitively; values are trimmed of spaces and
 * tabs. */
SEAL_MUST_CHECK seal_err seal__grpc_trailers_add(seal__grpc_trailers *t, const char *name,
                                                 size_t name_len, const char *value,
                                                 size_t value_len);
/* Parses a gRPC-web trailer frame payload: lines ended by CRLF (a last line without CRLF is
 * accepted), each `name:value`; empty lines skipped. A line without ':' or with a control
 * character, or a payload past SEAL__GRPC_MAX_TRAILER_BYTES: SEAL_ERR_INVALID_ENCODING.
 * *t is reset first. */
SEAL_MUST_CHECK seal_err seal__grpc_trailers_parse(const uint8_t *p, size_t n,
                                                   seal__grpc_trailers *t);
/* Writes a complete gRPC-web trailer frame (header with flag 0x80, then "grpc-status:N\r\n" and,
 * when message is non-empty, "grpc-message:<percent-encoded>\r\n") into out[0..cap). Returns
 * the bytes it takes; nothing is written past cap (call with cap 0 to size it). */
size_t seal__grpc_trailer_frame(uint8_t *out, size_t cap, uint32_t status, const char *message);

/* grpc-message encoding: bytes outside 0x21..0x7e, and '%', become %XX (upper-case hex); the
 * space is escaped too, as tonic (Sui's server) and the spec's captured trailer do. Writes
 * the encoding of in[0..n) into out (cap bytes, NUL-terminated when cap > 0, cut before an
 * escape that does not fit); returns the full encoded length (without the NUL). */
size_t seal__grpc_message_encode(char *out, size_t cap, const char *in, size_t n);
/* Decodes %XX escapes (a malformed escape is kept as it is), then replaces every byte outside
 * printable ASCII with '?', so the result can be logged and quoted in error texts. out: cap
 * bytes (> 0), NUL-terminated, truncated. */
void seal__grpc_message_decode(char *out, size_t cap, const char *in, size_t n);

/* ---- grpc-web-text (Base64 bodies) --------------------------------------------------------- */

/* Characters of the padded standard Base64 of n bytes. */
size_t seal__grpc_web_text_encoded_len(size_t n);
/* Writes the padded Base64 of in[0..n) and a NUL into out (encoded_len(n) + 1 bytes). */
void seal__grpc_web_text_encode(char *out, const uint8_t *in, size_t n);
/* Decodes a grpc-web-text body: padded standard Base64, possibly several padded Base64 strings
 * one after the other (one per frame, as Envoy and tonic-web send it). No whitespace. out_cap
 * of n / 4 * 3 always suffices. SEAL_ERR_INVALID_ENCODING on anything else (a length that is not
 * a multiple of 4, characters outside the alphabet, misplaced '=', non-zero unused bits);
 * SEAL_ERR_LIMIT when out_cap is too small. */
SEAL_MUST_CHECK seal_err seal__grpc_web_text_decode(uint8_t *out, size_t out_cap, size_t *out_len,
                                                    const char *in, size_t n);

/* ---- content types, deadlines ------------------------------------------------------------- */

typedef enum seal__grpc_content {
    SEAL__GRPC_CT_OTHER = 0,    /* not gRPC */
    SEAL__GRPC_CT_NATIVE = 1,   /* application/grpc, application/grpc+proto */
    SEAL__GRPC_CT_WEB = 2,      /* application/grpc-web, application/grpc-web+proto */
    SEAL__GRPC_CT_WEB_TEXT = 3, /* application/grpc-web-text, application/grpc-web-text+proto */
} seal__grpc_content;

/* Classifies a content-type value (case-insensitive, surrounding spaces ignored, no
 * parameters: "application/grpc-web; charset=utf-8" is OTHER, as protobuf-ts has it). */
seal__grpc_content seal__grpc_content_type(const char *value, size_t n);

/* Formats a grpc-timeout value for ms milliseconds: at most 8 digits, in the finest unit that
 * fits (m, S, M, H); NUL-terminated. */
void seal__grpc_timeout_format(char out[static SEAL__GRPC_TIMEOUT_BYTES], uint64_t ms);
/* Parses "<1-8 digits><H|M|S|m|u|n>" into milliseconds (rounded up). SEAL_ERR_INVALID_ENCODING
 * on anything else. */
SEAL_MUST_CHECK seal_err seal__grpc_timeout_parse(const char *s, size_t n, uint64_t *ms);

#endif
