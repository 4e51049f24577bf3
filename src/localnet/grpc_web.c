/* gRPC-web on the HTTP/1.1 server (libmicrohttpd): binary (application/grpc-web[+proto]) and
 * text (application/grpc-web-text[+proto], the Base64 form SuiGrpcClient sends by default),
 * answered in the request's format, always HTTP 200; errors as Trailers-Only statuses. */
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "localnet/grpc.h"

/* The answer's content type: the request's family, with +proto when the request had it. */
static const char *content_type(seal__grpc_content ct, bool proto) {
    if (ct == SEAL__GRPC_CT_WEB_TEXT)
        return proto ? "application/grpc-web-text+proto" : "application/grpc-web-text";
    return proto || ct != SEAL__GRPC_CT_WEB ? "application/grpc-web+proto" : "application/grpc-web";
}

/* Data frame + trailer frame (grpc-status:0), Base64 in text mode, into a fresh buffer. */
static bool ok_body(bool text, const uint8_t *msg, size_t len, seal__localnet_grpc_answer *a) {
    size_t trailer = seal__grpc_trailer_frame(NULL, 0, SEAL__GRPC_OK, "");
    size_t n = SEAL__GRPC_FRAME_HEADER_BYTES + len + trailer;
    uint8_t *body = malloc(n);
    if (body == NULL)
        return false;
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
            return false;
        }
        seal__grpc_web_text_encode(b64, body, n);
        free(body);
        body = (uint8_t *)b64;
        n = m;
    }
    a->body = body;
    a->len = n;
    return true;
}

static bool fail_answer(seal__localnet_grpc_answer *a, uint32_t status, const char *msg) {
    a->status = status;
    snprintf(a->message, sizeof a->message, "%s", msg);
    return true;
}

bool seal__localnet_grpc_answer_web(seal_localnet_rpc *s, const char *path, size_t path_len,
                                    const char *ctype_in, const uint8_t *body, size_t len,
                                    bool too_big, seal__localnet_grpc_answer *a) {
    seal__grpc_content ct = ctype_in != NULL ? seal__grpc_content_type(ctype_in, strlen(ctype_in))
                                             : SEAL__GRPC_CT_OTHER;
    bool proto = ctype_in != NULL && strstr(ctype_in, "+proto") != NULL;
    bool text = ct == SEAL__GRPC_CT_WEB_TEXT;
    uint8_t *raw = NULL;
    const uint8_t *frame_bytes = body;
    size_t raw_len = len;
    seal__grpc_frame f;
    seal__lg_call *c;
    bool ok = true;
    memset(a, 0, sizeof *a);
    snprintf(a->method, sizeof a->method, "-");
    a->content_type = content_type(ct, proto);
    if (ct == SEAL__GRPC_CT_NATIVE)
        return fail_answer(a, SEAL__GRPC_INVALID_ARGUMENT,
                           "application/grpc needs HTTP/2: use h2c (prior knowledge) on this "
                           "port, or gRPC-web over HTTP/1.1");
    if (ct == SEAL__GRPC_CT_OTHER)
        return fail_answer(a, SEAL__GRPC_INVALID_ARGUMENT,
                           "unsupported content type: application/grpc-web[+proto] or "
                           "application/grpc-web-text[+proto] expected");
    if (too_big) {
        char msg[96];
        snprintf(msg, sizeof msg, "request larger than %zu bytes", s->max_body);
        return fail_answer(a, SEAL__GRPC_RESOURCE_EXHAUSTED, msg);
    }
    if (text) {
        if ((raw = malloc(len / 4 * 3 + 1)) == NULL)
            return false;
        if (seal__grpc_web_text_decode(raw, len / 4 * 3 + 1, &raw_len, (const char *)body, len) !=
            SEAL_OK) {
            free(raw);
            return fail_answer(a, SEAL__GRPC_INVALID_ARGUMENT,
                               "invalid grpc-web-text body: not Base64");
        }
        frame_bytes = raw;
    }
    if (!seal__localnet_grpc_unframe(frame_bytes, raw_len, s->max_body, &f, a)) {
        free(raw);
        return true;
    }
    if ((c = malloc(sizeof *c)) == NULL) {
        free(raw);
        return false;
    }
    seal__lg_call_run(s, path, path_len, f.data, f.len, c);
    free(raw);
    snprintf(a->method, sizeof a->method, "%s", c->method);
    a->status = c->status;
    if (c->status == SEAL__GRPC_OK)
        ok = ok_body(text, c->w.buf, c->w.len, a);
    else
        snprintf(a->message, sizeof a->message, "%s", c->message);
    seal__lg_call_done(c);
    free(c);
    return ok;
}

bool seal__localnet_grpc_unframe(const uint8_t *p, size_t n, size_t max, seal__grpc_frame *f,
                                 seal__localnet_grpc_answer *a) {
    size_t consumed = 0;
    seal_err err = seal__grpc_frame_parse(p, n, max, f, &consumed);
    const char *why = NULL;
    char msg[128];
    if (err == SEAL_ERR_LIMIT)
        why = "the message length exceeds the limit";
    else if (err != SEAL_OK)
        why = "malformed or truncated frame";
    else if (consumed != n)
        why = "more than one frame in a unary request";
    else if (f->flags & SEAL__GRPC_FLAG_COMPRESSED)
        why = "compressed messages are not supported (no grpc-encoding)";
    else if (f->flags != 0)
        why = "a trailer frame in a request";
    if (why == NULL)
        return true;
    snprintf(msg, sizeof msg, "invalid request: %s", why);
    fail_answer(a, SEAL__GRPC_INVALID_ARGUMENT, msg);
    return false;
}

struct MHD_Response *seal__localnet_grpc_web(seal_localnet_rpc *s, const char *url,
                                             const char *ctype, const char *body, size_t len,
                                             bool too_big, seal__localnet_grpc_info *info) {
    seal__localnet_grpc_answer a;
    struct MHD_Response *r;
    char code[16], enc[3 * sizeof a.message + 1];
    if (!seal__localnet_grpc_answer_web(s, url, strlen(url), ctype, (const uint8_t *)body, len,
                                        too_big, &a))
        return NULL;
    snprintf(info->method, sizeof info->method, "%s", a.method);
    info->grpc_status = a.status;
    info->out_len = a.len;
    if (a.body != NULL) {
        r = MHD_create_response_from_buffer_with_free_callback(a.len, a.body, free);
        if (r == NULL)
            free(a.body);
    } else {
        /* Trailers-Only: the status in the headers, no body */
        r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
        if (r != NULL) {
            snprintf(code, sizeof code, "%u", a.status);
            MHD_add_response_header(r, "grpc-status", code);
            if (a.message[0] != '\0') {
                seal__grpc_message_encode(enc, sizeof enc, a.message, strlen(a.message));
                MHD_add_response_header(r, "grpc-message", enc);
            }
        }
    }
    if (r != NULL)
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, a.content_type);
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
