/* gRPC framing (src/proto/grpc_frame.c). The first byte selects the surface, the rest is its
 * input:
 *   0  a gRPC-web response body (seal__grpc_body_parse, web), then its trailer frame
 *   1  a native gRPC response body (no trailer frames)
 *   2  a trailer frame payload (seal__grpc_trailers_parse)
 *   3  a grpc-web-text body (seal__grpc_web_text_decode)
 *   4  a grpc-message value: encode, decode
 *   5  a grpc-timeout value, a content type
 * Properties: parsed parts lie inside the input and rebuild it exactly (frames); a decoded
 * message is printable ASCII, NUL-terminated; a status re-encoded into a trailer frame parses
 * back to itself; Base64 output fits n/4*3 and a single padded string re-encodes to the input;
 * decode(encode(m)) = m with non-printable bytes as '?'; parse(format(ms)) >= ms. */
#include "fuzz_common.h"
#include "proto/grpc_frame.h"

static void check_text(const char *m, size_t cap) {
    size_t n = strnlen(m, cap);
    FUZZ_ASSERT(n < cap);
    for (size_t i = 0; i < n; i++)
        FUZZ_ASSERT(m[i] >= 0x20 && m[i] <= 0x7e);
}

static void trailers(const uint8_t *p, size_t n) {
    seal__grpc_trailers t, t2;
    uint8_t frame[5 + 64 + 3 * SEAL__GRPC_MESSAGE_BYTES];
    if (seal__grpc_trailers_parse(p, n, &t) != SEAL_OK)
        return;
    check_text(t.message, sizeof t.message);
    if (!t.has_status)
        return;
    size_t need = seal__grpc_trailer_frame(frame, sizeof frame, t.status, t.message);
    FUZZ_ASSERT(need <= sizeof frame);
    FUZZ_ASSERT(frame[0] == SEAL__GRPC_FLAG_TRAILER);
    FUZZ_ASSERT(seal__grpc_trailers_parse(frame + 5, need - 5, &t2) == SEAL_OK);
    FUZZ_ASSERT(t2.has_status && t2.status == t.status);
    FUZZ_ASSERT(t2.has_message == (t.message[0] != '\0'));
    FUZZ_ASSERT(strcmp(t2.message, t.message) == 0);
}

static void body(const uint8_t *p, size_t n, bool web) {
    seal__grpc_body b;
    if (seal__grpc_body_parse(p, n, 0, web, &b) != SEAL_OK)
        return;
    size_t total = 0;
    if (b.has_message) {
        FUZZ_ASSERT(b.message == p + 5 && b.message_len <= n - 5);
        FUZZ_ASSERT(p[0] == 0);
        total += 5 + b.message_len;
    }
    if (b.has_trailer) {
        FUZZ_ASSERT(web);
        FUZZ_ASSERT(b.trailer == p + total + 5 && b.trailer_len <= SEAL__GRPC_MAX_TRAILER_BYTES);
        FUZZ_ASSERT(p[total] == SEAL__GRPC_FLAG_TRAILER);
        total += 5 + b.trailer_len;
        trailers(b.trailer, b.trailer_len);
    }
    FUZZ_ASSERT(total == n);
}

static void web_text(const uint8_t *p, size_t n) {
    size_t cap = n / 4 * 3, got = 0;
    uint8_t *out = malloc(cap + 1);
    FUZZ_ASSERT(out != NULL);
    if (seal__grpc_web_text_decode(out, cap, &got, (const char *)p, n) == SEAL_OK) {
        FUZZ_ASSERT(got <= cap);
        /* one padded string (no '=' before the last group) re-encodes to the input */
        bool single = n < 4 || memchr(p, '=', n - 4) == NULL;
        if (single) {
            char *enc = malloc(seal__grpc_web_text_encoded_len(got) + 1);
            FUZZ_ASSERT(enc != NULL);
            seal__grpc_web_text_encode(enc, out, got);
            FUZZ_ASSERT(strlen(enc) == n && memcmp(enc, p, n) == 0);
            free(enc);
        }
    } else {
        FUZZ_ASSERT(got == 0);
    }
    free(out);
}

static void message(const uint8_t *p, size_t n) {
    if (n > 200)
        n = 200;
    char enc[601], dec[SEAL__GRPC_MESSAGE_BYTES];
    size_t need = seal__grpc_message_encode(enc, sizeof enc, (const char *)p, n);
    FUZZ_ASSERT(need <= 3 * n && need < sizeof enc && strlen(enc) == need);
    for (size_t i = 0; i < need; i++)
        FUZZ_ASSERT(enc[i] > 0x20 && enc[i] <= 0x7e);
    seal__grpc_message_decode(dec, sizeof dec, enc, need);
    check_text(dec, sizeof dec);
    FUZZ_ASSERT(strlen(dec) == n);
    for (size_t i = 0; i < n; i++)
        FUZZ_ASSERT(dec[i] == ((p[i] >= 0x20 && p[i] <= 0x7e) ? (char)p[i] : '?'));
    /* decoding arbitrary text never fails */
    seal__grpc_message_decode(dec, sizeof dec, (const char *)p, n);
    check_text(dec, sizeof dec);
}

static void misc(const uint8_t *p, size_t n) {
    uint64_t ms = 0, back = 0;
    char t[SEAL__GRPC_TIMEOUT_BYTES];
    if (seal__grpc_timeout_parse((const char *)p, n, &ms) == SEAL_OK) {
        seal__grpc_timeout_format(t, ms);
        FUZZ_ASSERT(seal__grpc_timeout_parse(t, strlen(t), &back) == SEAL_OK);
        FUZZ_ASSERT(back >= ms);
    }
    if (n >= 8) {
        uint64_t v = 0;
        memcpy(&v, p, 8);
        seal__grpc_timeout_format(t, v);
        FUZZ_ASSERT(seal__grpc_timeout_parse(t, strlen(t), &back) == SEAL_OK);
        FUZZ_ASSERT(back >= v || strcmp(t, "99999999H") == 0);
    }
    seal__grpc_content c = seal__grpc_content_type((const char *)p, n);
    FUZZ_ASSERT(c <= SEAL__GRPC_CT_WEB_TEXT);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0)
        return 0;
    uint8_t *buf = fuzz_dup(data + 1, size - 1);
    size_t n = size - 1;
    switch (data[0] % 6) {
    case 0:
        body(buf, n, true);
        break;
    case 1:
        body(buf, n, false);
        break;
    case 2:
        trailers(buf, n);
        break;
    case 3:
        web_text(buf, n);
        break;
    case 4:
        message(buf, n);
        break;
    default:
        misc(buf, n);
        break;
    }
    free(buf);
    return 0;
}
