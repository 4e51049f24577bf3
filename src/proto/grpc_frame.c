/* gRPC frames, gRPC-web trailers, grpc-message, grpc-web-text, status codes (grpc_frame.h). */
#include <stdio.h>
#include <string.h>

#include "proto/grpc_frame.h"
#include "seal/sui.h"

static const char *const STATUS_NAMES[SEAL__GRPC_STATUS_MAX + 1] = {
    "OK",
    "CANCELLED",
    "UNKNOWN",
    "INVALID_ARGUMENT",
    "DEADLINE_EXCEEDED",
    "NOT_FOUND",
    "ALREADY_EXISTS",
    "PERMISSION_DENIED",
    "RESOURCE_EXHAUSTED",
    "FAILED_PRECONDITION",
    "ABORTED",
    "OUT_OF_RANGE",
    "UNIMPLEMENTED",
    "INTERNAL",
    "UNAVAILABLE",
    "DATA_LOSS",
    "UNAUTHENTICATED",
};

const char *seal__grpc_status_name(uint32_t code) {
    return code <= SEAL__GRPC_STATUS_MAX ? STATUS_NAMES[code] : "UNKNOWN";
}

uint32_t seal__grpc_status_from_http(long http_status) {
    switch (http_status) {
    case 400:
        return SEAL__GRPC_INTERNAL;
    case 401:
        return SEAL__GRPC_UNAUTHENTICATED;
    case 403:
        return SEAL__GRPC_PERMISSION_DENIED;
    case 404:
        return SEAL__GRPC_UNIMPLEMENTED;
    case 429:
    case 502:
    case 503:
    case 504:
        return SEAL__GRPC_UNAVAILABLE;
    default:
        return SEAL__GRPC_UNKNOWN;
    }
}

/* ---- frames --------------------------------------------------------------------------------- */

void seal__grpc_frame_header(uint8_t out[static SEAL__GRPC_FRAME_HEADER_BYTES], uint8_t flags,
                             uint32_t len) {
    out[0] = flags;
    out[1] = (uint8_t)(len >> 24);
    out[2] = (uint8_t)(len >> 16);
    out[3] = (uint8_t)(len >> 8);
    out[4] = (uint8_t)len;
}

seal_err seal__grpc_frame_parse(const uint8_t *buf, size_t n, size_t max, seal__grpc_frame *f,
                                size_t *consumed) {
    uint32_t len;
    memset(f, 0, sizeof *f);
    *consumed = 0;
    if (max == 0)
        max = SEAL__GRPC_MAX_FRAME_BYTES;
    if (buf == NULL || n < SEAL__GRPC_FRAME_HEADER_BYTES)
        return SEAL_ERR_INVALID_ENCODING;
    if ((buf[0] & ~(SEAL__GRPC_FLAG_COMPRESSED | SEAL__GRPC_FLAG_TRAILER)) != 0)
        return SEAL_ERR_INVALID_ENCODING;
    len = (uint32_t)buf[1] << 24 | (uint32_t)buf[2] << 16 | (uint32_t)buf[3] << 8 | buf[4];
    if (len > max)
        return SEAL_ERR_LIMIT;
    if (len > n - SEAL__GRPC_FRAME_HEADER_BYTES)
        return SEAL_ERR_INVALID_ENCODING;
    f->flags = buf[0];
    f->data = buf + SEAL__GRPC_FRAME_HEADER_BYTES;
    f->len = len;
    *consumed = SEAL__GRPC_FRAME_HEADER_BYTES + (size_t)len;
    return SEAL_OK;
}

seal_err seal__grpc_body_parse(const uint8_t *body, size_t n, size_t max, bool web,
                               seal__grpc_body *out) {
    size_t pos = 0;
    memset(out, 0, sizeof *out);
    while (pos < n) {
        seal__grpc_frame f;
        size_t used = 0;
        seal_err err = seal__grpc_frame_parse(body + pos, n - pos, max, &f, &used);
        if (err != SEAL_OK)
            return err;
        if (out->has_trailer)
            return SEAL_ERR_INVALID_ENCODING; /* the trailer frame is the last one */
        if (f.flags & SEAL__GRPC_FLAG_TRAILER) {
            if (!web || (f.flags & SEAL__GRPC_FLAG_COMPRESSED) ||
                f.len > SEAL__GRPC_MAX_TRAILER_BYTES)
                return SEAL_ERR_INVALID_ENCODING;
            out->has_trailer = true;
            out->trailer = f.data;
            out->trailer_len = f.len;
        } else {
            if (out->has_message)
                return SEAL_ERR_INVALID_ENCODING; /* unary: one message */
            if (f.flags & SEAL__GRPC_FLAG_COMPRESSED)
                return SEAL_ERR_UNSUPPORTED;
            out->has_message = true;
            out->message = f.data;
            out->message_len = f.len;
        }
        pos += used;
    }
    return SEAL_OK;
}

/* ---- metadata ------------------------------------------------------------------------------- */

static bool is_space(char c) {
    return c == ' ' || c == '\t';
}

static void trim(const char **s, size_t *n) {
    while (*n > 0 && is_space((*s)[0])) {
        (*s)++;
        (*n)--;
    }
    while (*n > 0 && is_space((*s)[*n - 1]))
        (*n)--;
}

static char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* name[0..n) equals the lower-case literal lit, ignoring case. */
static bool name_is(const char *name, size_t n, const char *lit) {
    size_t m = strlen(lit);
    if (n != m)
        return false;
    for (size_t i = 0; i < n; i++)
        if (lower(name[i]) != lit[i])
            return false;
    return true;
}

seal_err seal__grpc_trailers_add(seal__grpc_trailers *t, const char *name, size_t name_len,
                                 const char *value, size_t value_len) {
    trim(&name, &name_len);
    trim(&value, &value_len);
    if (name_is(name, name_len, "grpc-status")) {
        uint32_t v = 0;
        if (value_len == 0 || value_len > 8)
            return SEAL_ERR_INVALID_ENCODING;
        for (size_t i = 0; i < value_len; i++) {
            if (value[i] < '0' || value[i] > '9')
                return SEAL_ERR_INVALID_ENCODING;
            v = v * 10u + (uint32_t)(value[i] - '0');
        }
        t->has_status = true;
        t->status = v;
    } else if (name_is(name, name_len, "grpc-message")) {
        t->has_message = true;
        seal__grpc_message_decode(t->message, sizeof t->message, value, value_len);
    }
    return SEAL_OK;
}

seal_err seal__grpc_trailers_parse(const uint8_t *p, size_t n, seal__grpc_trailers *t) {
    const char *s = (const char *)p;
    size_t pos = 0;
    memset(t, 0, sizeof *t);
    if (n > SEAL__GRPC_MAX_TRAILER_BYTES || (n > 0 && p == NULL))
        return SEAL_ERR_INVALID_ENCODING;
    while (pos < n) {
        size_t end = pos, colon = SIZE_MAX;
        seal_err err;
        while (end < n && !(s[end] == '\r' && end + 1 < n && s[end + 1] == '\n')) {
            unsigned char c = (unsigned char)s[end];
            if ((c < 0x20 && c != '\t') || c == 0x7f)
                return SEAL_ERR_INVALID_ENCODING;
            if (c == ':' && colon == SIZE_MAX)
                colon = end;
            end++;
        }
        if (end > pos) {
            if (colon == SIZE_MAX || colon == pos)
                return SEAL_ERR_INVALID_ENCODING;
            err = seal__grpc_trailers_add(t, s + pos, colon - pos, s + colon + 1, end - colon - 1);
            if (err != SEAL_OK)
                return err;
        }
        pos = end < n ? end + 2 : n;
    }
    return SEAL_OK;
}

size_t seal__grpc_trailer_frame(uint8_t *out, size_t cap, uint32_t status, const char *message) {
    char head[32];
    size_t msg_len = message == NULL ? 0 : strlen(message);
    size_t enc = msg_len > 0 ? seal__grpc_message_encode(NULL, 0, message, msg_len) : 0;
    int h = snprintf(head, sizeof head, "grpc-status:%u\r\n", (unsigned)status);
    size_t payload = (size_t)h + (msg_len > 0 ? strlen("grpc-message:") + enc + 2 : 0);
    size_t total = SEAL__GRPC_FRAME_HEADER_BYTES + payload;
    size_t pos;
    if (out == NULL || cap < total || payload > UINT32_MAX)
        return total;
    seal__grpc_frame_header(out, SEAL__GRPC_FLAG_TRAILER, (uint32_t)payload);
    pos = SEAL__GRPC_FRAME_HEADER_BYTES;
    memcpy(out + pos, head, (size_t)h);
    pos += (size_t)h;
    if (msg_len > 0) {
        memcpy(out + pos, "grpc-message:", 13);
        pos += 13;
        /* the encoder ends with a NUL, which the CR then overwrites */
        (void)seal__grpc_message_encode((char *)out + pos, enc + 1, message, msg_len);
        pos += enc;
        memcpy(out + pos, "\r\n", 2);
    }
    return total;
}

static const char HEX_UPPER[] = "0123456789ABCDEF";

size_t seal__grpc_message_encode(char *out, size_t cap, const char *in, size_t n) {
    size_t need = 0, w = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)in[i];
        bool esc = c <= 0x20 || c > 0x7e || c == '%';
        size_t k = esc ? 3 : 1;
        if (out != NULL && cap > 0 && w == need && w + k < cap) {
            if (esc) {
                out[w] = '%';
                out[w + 1] = HEX_UPPER[c >> 4];
                out[w + 2] = HEX_UPPER[c & 15];
            } else {
                out[w] = (char)c;
            }
            w += k;
        }
        need += k;
    }
    if (out != NULL && cap > 0)
        out[w] = '\0';
    return need;
}

static int hex_digit(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

void seal__grpc_message_decode(char *out, size_t cap, const char *in, size_t n) {
    size_t w = 0;
    if (cap == 0)
        return;
    for (size_t i = 0; i < n && w + 1 < cap; i++) {
        unsigned char c = (unsigned char)in[i];
        if (c == '%' && i + 2 < n && hex_digit(in[i + 1]) >= 0 && hex_digit(in[i + 2]) >= 0) {
            c = (unsigned char)(hex_digit(in[i + 1]) << 4 | hex_digit(in[i + 2]));
            i += 2;
        }
        out[w++] = (c < 0x20 || c > 0x7e) ? '?' : (char)c;
    }
    out[w] = '\0';
}

/* ---- grpc-web-text -------------------------------------------------------------------------- */

size_t seal__grpc_web_text_encoded_len(size_t n) {
    return seal_sui_base64_encoded_len(n);
}

void seal__grpc_web_text_encode(char *out, const uint8_t *in, size_t n) {
    seal_sui_base64_encode(out, in, n);
}

seal_err seal__grpc_web_text_decode(uint8_t *out, size_t out_cap, size_t *out_len, const char *in,
                                    size_t n) {
    size_t pos = 0, w = 0;
    *out_len = 0;
    if (n % 4 != 0 || (n > 0 && in == NULL))
        return SEAL_ERR_INVALID_ENCODING;
    /* one padded Base64 string after another: a group holding '=' ends a string */
    while (pos < n) {
        size_t end = pos, got = 0;
        seal_err err;
        while (end < n) {
            bool pad = in[end + 2] == '=' || in[end + 3] == '=';
            end += 4;
            if (pad)
                break;
        }
        err = seal_sui_base64_decode(out + w, out_cap - w, &got, in + pos, end - pos);
        if (err != SEAL_OK) {
            *out_len = 0;
            return err == SEAL_ERR_LIMIT ? SEAL_ERR_LIMIT : SEAL_ERR_INVALID_ENCODING;
        }
        w += got;
        pos = end;
    }
    *out_len = w;
    return SEAL_OK;
}

/* ---- content types, deadlines --------------------------------------------------------------- */

seal__grpc_content seal__grpc_content_type(const char *value, size_t n) {
    static const struct {
        const char *name;
        seal__grpc_content kind;
    } TYPES[] = {
        {"application/grpc", SEAL__GRPC_CT_NATIVE},
        {"application/grpc+proto", SEAL__GRPC_CT_NATIVE},
        {"application/grpc-web", SEAL__GRPC_CT_WEB},
        {"application/grpc-web+proto", SEAL__GRPC_CT_WEB},
        {"application/grpc-web-text", SEAL__GRPC_CT_WEB_TEXT},
        {"application/grpc-web-text+proto", SEAL__GRPC_CT_WEB_TEXT},
    };
    if (value == NULL)
        return SEAL__GRPC_CT_OTHER;
    trim(&value, &n);
    for (size_t i = 0; i < sizeof TYPES / sizeof TYPES[0]; i++)
        if (name_is(value, n, TYPES[i].name))
            return TYPES[i].kind;
    return SEAL__GRPC_CT_OTHER;
}

void seal__grpc_timeout_format(char out[static SEAL__GRPC_TIMEOUT_BYTES], uint64_t ms) {
    static const struct {
        char unit;
        uint64_t ms;
    } UNITS[] = {{'m', 1}, {'S', 1000}, {'M', 60000}, {'H', 3600000}};
    for (size_t i = 0; i < sizeof UNITS / sizeof UNITS[0]; i++) {
        uint64_t v = ms / UNITS[i].ms + (ms % UNITS[i].ms != 0); /* rounded up: never shorter */
        if (v <= 99999999u || i + 1 == sizeof UNITS / sizeof UNITS[0]) {
            if (v > 99999999u)
                v = 99999999u;
            snprintf(out, SEAL__GRPC_TIMEOUT_BYTES, "%u%c", (unsigned)v, UNITS[i].unit);
            return;
        }
    }
}

seal_err seal__grpc_timeout_parse(const char *s, size_t n, uint64_t *ms) {
    uint64_t v = 0;
    *ms = 0;
    if (s == NULL || n < 2 || n > 9)
        return SEAL_ERR_INVALID_ENCODING;
    for (size_t i = 0; i + 1 < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return SEAL_ERR_INVALID_ENCODING;
        v = v * 10u + (uint64_t)(s[i] - '0');
    }
    switch (s[n - 1]) {
    case 'H':
        *ms = v * 3600000u;
        break;
    case 'M':
        *ms = v * 60000u;
        break;
    case 'S':
        *ms = v * 1000u;
        break;
    case 'm':
        *ms = v;
        break;
    case 'u':
        *ms = (v + 999u) / 1000u;
        break;
    case 'n':
        *ms = (v + 999999u) / 1000000u;
        break;
    default:
        return SEAL_ERR_INVALID_ENCODING;
    }
    return SEAL_OK;
}
