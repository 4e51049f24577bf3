/* gRPC-web on the HTTP/1.1 server (libmicrohttpd): binary (application/grpc-web[+proto]) and
 * text (application/grpc-web-text[+proto], the Base64 form SuiGrpcClient sends by default),
 * answered in the request's format, always HTTP 200; errors as Trailers-Only statuses. */
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "localnet/grpc.h"
#include "localnet/grpc_web.h"

/* The answer's content type: the request's family, with +proto when the request had it. */
static const char *content_type(seal__grpc_content ct, bool proto) {
    if (ct == SEAL__GRPC_CT_WEB_TEXT)
        return proto ? "application/grpc-web-text+proto" : "application/grpc-web-text";
    return proto || ct != SEAL__GRPC_CT_WEB ? "application/grpc-web+proto" : "application/grpc-web";
}

static struct MHD_Response *trailers_only(const char *ctype, uint32_t status, const char *msg) {
    struct MHD_Response *r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
    char code[16], enc[3 * 512 + 1];
    if (r == NULL)
        return NULL;
    snprintf(code, sizeof code, "%u", status);
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
    MHD_add_response_header(r, "grpc-status", code);
    if (msg != NULL && msg[0] != '\0') {
        seal__grpc_message_encode(enc, sizeof enc, msg, strlen(msg));
        MHD_add_response_header(r, "grpc-message", enc);
    }
    return r;
}

/* Data frame + trailer frame (grpc-status:0), Base64 in text mode. */
static struct MHD_Response *ok_response(const char *ctype, bool text, const uint8_t *msg,
                                        size_t len, size_t *out_len) {
    size_t trailer = seal__grpc_trailer_frame(NULL, 0, SEAL__GRPC_OK, "");
    size_t n = SEAL__GRPC_FRAME_HEADER_BYTES + len + trailer;
    uint8_t *body = malloc(n);
    struct MHD_Response *r;
    if (body == NULL)
        return NULL;
    seal__grpc_frame_header(body, 0, (uint32_t)len);
    if (len > 0)
        memcpy(body + SEAL__GRPC_FRAME_HEADER_BYTES, msg, len);
    seal__grpc_trailer_frame(body + SEAL__GRPC_FRAME_HEADER_BYTES + len, trailer, SEAL__GRPC_OK,
                             "");
    if (text) {
        size_t m = seal__grpc_web_text_encoded_len(n);
        char *b64 = malloc(m + 1);
        if (b64 == NULL) {
            free(body);
            return NULL;
        }
        seal__grpc_web_text_encode(b64, body, n);
        free(body);
        body = (uint8_t *)b64;
        n = m;
    }
    r = MHD_create_response_from_buffer_with_free_callback(n, body, free);
    if (r == NULL) {
        free(body);
        return NULL;
    }
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
    *out_len = n;
    return r;
}

struct MHD_Response *seal__localnet_grpc_web(seal_localnet_rpc *s, const char *url,
                                             const char *ctype_in, const char *body, size_t len,
                                             bool too_big, seal__localnet_grpc_info *info) {
    seal__grpc_content ct = ctype_in != NULL ? seal__grpc_content_type(ctype_in, strlen(ctype_in))
                                             : SEAL__GRPC_CT_OTHER;
    bool proto = ctype_in != NULL && strstr(ctype_in, "+proto") != NULL;
    bool text = ct == SEAL__GRPC_CT_WEB_TEXT;
    const char *ctype = content_type(ct, proto);
    uint8_t *raw = NULL;
    const uint8_t *frame_bytes = (const uint8_t *)body;
    size_t raw_len = len, consumed = 0;
    seal__grpc_frame f;
    seal__lg_call *c;
    struct MHD_Response *r;
    seal_err err;
    snprintf(info->method, sizeof info->method, "-");
    info->out_len = 0;
    if (ct == SEAL__GRPC_CT_NATIVE) {
        info->grpc_status = SEAL__GRPC_INVALID_ARGUMENT;
        return trailers_only(ctype, info->grpc_status,
                             "application/grpc needs HTTP/2: use h2c (prior knowledge) on this "
                             "port, or gRPC-web over HTTP/1.1");
    }
    if (ct == SEAL__GRPC_CT_OTHER) {
        info->grpc_status = SEAL__GRPC_INVALID_ARGUMENT;
        return trailers_only(ctype, info->grpc_status,
                             "unsupported content type: application/grpc-web[+proto] or "
                             "application/grpc-web-text[+proto] expected");
    }
    if (too_big) {
        char msg[96];
        snprintf(msg, sizeof msg, "request larger than %zu bytes", s->max_body);
        info->grpc_status = SEAL__GRPC_RESOURCE_EXHAUSTED;
        return trailers_only(ctype, info->grpc_status, msg);
    }
    if (text) {
        if ((raw = malloc(len / 4 * 3 + 1)) == NULL)
            return NULL;
        if (seal__grpc_web_text_decode(raw, len / 4 * 3 + 1, &raw_len, body, len) != SEAL_OK) {
            free(raw);
            info->grpc_status = SEAL__GRPC_INVALID_ARGUMENT;
            return trailers_only(ctype, info->grpc_status,
                                 "invalid grpc-web-text body: not Base64");
        }
        frame_bytes = raw;
    }
    err = seal__grpc_frame_parse(frame_bytes, raw_len, s->max_body, &f, &consumed);
    if (err != SEAL_OK || consumed != raw_len || f.flags != 0) {
        const char *why = err == SEAL_ERR_LIMIT ? "the message length exceeds the limit"
                          : err != SEAL_OK      ? "malformed or truncated frame"
                          : consumed != raw_len ? "more than one frame in a unary request"
                          : (f.flags & SEAL__GRPC_FLAG_COMPRESSED)
                              ? "compressed messages are not supported (no grpc-encoding)"
                              : "a trailer frame in a request";
        char msg[128];
        free(raw);
        snprintf(msg, sizeof msg, "invalid request: %s", why);
        info->grpc_status = SEAL__GRPC_INVALID_ARGUMENT;
        return trailers_only(ctype, info->grpc_status, msg);
    }
    if ((c = malloc(sizeof *c)) == NULL) {
        free(raw);
        return NULL;
    }
    seal__lg_call_run(s, url, strlen(url), f.data, f.len, c);
    free(raw);
    snprintf(info->method, sizeof info->method, "%s", c->method);
    info->grpc_status = c->status;
    if (c->status == SEAL__GRPC_OK)
        r = ok_response(ctype, text, c->w.buf, c->w.len, &info->out_len);
    else
        r = trailers_only(ctype, c->status, c->message);
    seal__lg_call_done(c);
    free(c);
    return r;
}

bool seal__localnet_is_grpc(const char *url, const char *ctype) {
    if (ctype != NULL && seal__grpc_content_type(ctype, strlen(ctype)) != SEAL__GRPC_CT_OTHER)
        return true;
    if (url == NULL || strstr(url, "/sui.rpc.v2.") == NULL)
        return false;
    /* JSON-RPC clients send application/json (or nothing) to any path */
    return ctype != NULL && strncasecmp(ctype, "application/json", 16) != 0;
}
