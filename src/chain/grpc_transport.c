/* Unary gRPC calls over libcurl (grpc_transport.h; ../shared/spec/SUI_GRPC.md §1). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chain/grpc_transport.h"
#include "proto/grpc_frame.h"
#include "seal/util.h"

#define USER_AGENT "User-Agent: seal-c-grpc/0.1"
#define MAX_PATH_BYTES 128

struct seal__grpc_transport {
    seal__chain_http http;
    seal_chain_grpc_transport kind;
    bool https;
    size_t base_len; /* url without a trailing '/' */
    struct curl_slist *headers;
    uint32_t curl_timeout_ms; /* the per-attempt timeout, a little past grpc-timeout */
    bool fresh_connections;   /* h2c on a libcurl that cannot reuse it (below) */
};

bool seal__grpc_status_transient(uint32_t status) {
    return status == SEAL__GRPC_DEADLINE_EXCEEDED || status == SEAL__GRPC_RESOURCE_EXHAUSTED ||
           status == SEAL__GRPC_ABORTED || status == SEAL__GRPC_UNAVAILABLE;
}

void seal__grpc_answer_clear(seal__grpc_answer *a) {
    free(a->buf);
    memset(a, 0, sizeof *a);
}

uint64_t seal__grpc_transport_requests(const seal__grpc_transport *t) {
    return t == NULL ? 0 : atomic_load(&((seal__grpc_transport *)t)->http.requests);
}

/* ---- open / close --------------------------------------------------------------------------- */

static bool append(struct curl_slist **list, const char *h) {
    struct curl_slist *n = curl_slist_append(*list, h);
    if (n == NULL)
        return false;
    *list = n;
    return true;
}

seal_err seal__grpc_transport_open(seal__grpc_transport **out, const char *url,
                                   const seal_chain_options *opts) {
    seal_err err = SEAL_OK;
    seal__grpc_transport *t = NULL;
    char timeout[64], value[SEAL__GRPC_TIMEOUT_BYTES];
    bool ok = true;
    *out = NULL;
    if (opts->grpc_transport != SEAL_CHAIN_GRPC_WEB &&
        opts->grpc_transport != SEAL_CHAIN_GRPC_NATIVE &&
        opts->grpc_transport != SEAL_CHAIN_GRPC_WEB_H2)
        return SEAL_ERR_INVALID_ARGUMENT;
    if ((t = calloc(1, sizeof *t)) == NULL)
        return SEAL_ERR_NO_MEMORY;
    if ((err = seal__chain_http_init(&t->http, url, opts)) != SEAL_OK)
        goto out;
    t->kind = opts->grpc_transport;
    t->https = strncmp(url, "https://", 8) == 0;
    /* libcurl before 8.0 breaks a reused cleartext HTTP/2 connection opened with prior knowledge
     * (curl issue #10634, "Error in the HTTP2 framing layer" on the second request; fixed by
     * curl PR #10643): such connections serve one call each there */
    t->fresh_connections = !t->https && t->kind != SEAL_CHAIN_GRPC_WEB &&
                           curl_version_info(CURLVERSION_NOW)->version_num < 0x080000;
    t->base_len = strlen(url);
    if (t->base_len > 0 && url[t->base_len - 1] == '/')
        t->base_len--;
    /* the node's deadline is the request timeout; curl waits a little longer so that the node's
     * DEADLINE_EXCEEDED arrives before curl gives up */
    seal__grpc_timeout_format(value, opts->timeout_ms);
    snprintf(timeout, sizeof timeout, "grpc-timeout: %s", value);
    t->curl_timeout_ms =
        opts->timeout_ms + (opts->timeout_ms / 10 < 500 ? opts->timeout_ms / 10 : 500);
    if (t->kind == SEAL_CHAIN_GRPC_NATIVE)
        ok = append(&t->headers, "Content-Type: application/grpc") &&
             append(&t->headers, "TE: trailers") && append(&t->headers, "Accept:");
    else
        ok = append(&t->headers, "Content-Type: application/grpc-web+proto") &&
             append(&t->headers, "Accept: application/grpc-web+proto") &&
             append(&t->headers, "X-Grpc-Web: 1");
    ok = ok && append(&t->headers, timeout) && append(&t->headers, "Expect:") &&
         append(&t->headers, USER_AGENT);
    if (ok && opts->api_key_header != NULL)
        ok = append(&t->headers, opts->api_key_header);
    if (!ok)
        err = SEAL_ERR_NO_MEMORY;
out:
    if (err != SEAL_OK) {
        seal__grpc_transport_close(t);
        t = NULL;
    }
    *out = t;
    return err;
}

void seal__grpc_transport_close(seal__grpc_transport *t) {
    if (t == NULL)
        return;
    seal__chain_http_destroy(&t->http);
    seal__chain_headers_free(t->headers);
    free(t);
}

/* ---- one attempt ---------------------------------------------------------------------------- */

typedef enum attempt_kind {
    ATTEMPT_DONE,      /* a status (a->status) */
    ATTEMPT_TRANSIENT, /* a transport failure worth retrying (a->message) */
    ATTEMPT_FATAL,     /* a malformed answer or a local failure (a->message) */
} attempt_kind;

static attempt_kind fatal(seal__grpc_answer *a, const char *fmt, const char *arg) {
    snprintf(a->message, sizeof a->message, fmt, arg);
    a->status = SEAL__GRPC_INTERNAL;
    return ATTEMPT_FATAL;
}

/* The status metadata of the response headers (Trailers-Only) and, for native gRPC, of the
 * HTTP/2 trailers. false: a malformed grpc-status. */
static bool header_status(CURL *e, unsigned origin, seal__grpc_trailers *t) {
    static const char *const NAMES[] = {"grpc-status", "grpc-message"};
    for (size_t i = 0; i < 2; i++) {
        struct curl_header *h = NULL;
        if (curl_easy_header(e, NAMES[i], 0, origin, -1, &h) != CURLHE_OK || h == NULL)
            continue;
        if (seal__grpc_trailers_add(t, NAMES[i], strlen(NAMES[i]), h->value, strlen(h->value)) !=
            SEAL_OK)
            return false;
    }
    return true;
}

static attempt_kind attempt(seal__grpc_transport *t, CURL *e, const char *url, const uint8_t *req,
                            size_t req_len, seal__grpc_answer *a) {
    seal__chain_body b = {.max = SEAL__GRPC_MAX_RESPONSE_BYTES / 3 * 4 + 4};
    seal__grpc_trailers meta, tr;
    seal__grpc_body body;
    seal__grpc_content ct = SEAL__GRPC_CT_OTHER;
    const uint8_t *data;
    size_t data_len;
    long http = 0, version = 0;
    char *ctype = NULL;
    attempt_kind k = ATTEMPT_FATAL;
    CURLcode rc;
    bool web = t->kind != SEAL_CHAIN_GRPC_NATIVE;
    memset(&meta, 0, sizeof meta);
    memset(&tr, 0, sizeof tr);
    seal__grpc_answer_clear(a);
    seal__chain_http_setup(&t->http, e, url, req, req_len, t->headers, t->curl_timeout_ms, &b);
    if (t->https)
        curl_easy_setopt(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
    else if (t->kind == SEAL_CHAIN_GRPC_WEB)
        curl_easy_setopt(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
    else
        curl_easy_setopt(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE);
    curl_easy_setopt(e, CURLOPT_FORBID_REUSE, t->fresh_connections ? 1L : 0L);
    rc = curl_easy_perform(e);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, NULL);
    if (b.too_big || rc == CURLE_FILESIZE_EXCEEDED) {
        snprintf(a->message, sizeof a->message, "node response larger than %u bytes",
                 SEAL__GRPC_MAX_RESPONSE_BYTES);
        a->status = SEAL__GRPC_RESOURCE_EXHAUSTED;
        goto out;
    }
    if (rc != CURLE_OK) {
        snprintf(a->message, sizeof a->message, "node unreachable: %s", curl_easy_strerror(rc));
        a->status =
            rc == CURLE_OPERATION_TIMEDOUT ? SEAL__GRPC_DEADLINE_EXCEEDED : SEAL__GRPC_UNAVAILABLE;
        k = (rc == CURLE_WRITE_ERROR || rc == CURLE_OUT_OF_MEMORY) ? ATTEMPT_FATAL
                                                                   : ATTEMPT_TRANSIENT;
        goto out;
    }
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &http);
    curl_easy_getinfo(e, CURLINFO_HTTP_VERSION, &version);
    curl_easy_getinfo(e, CURLINFO_CONTENT_TYPE, &ctype);
    if (!web && version != CURL_HTTP_VERSION_2_0) {
        k = fatal(a, "node answered over HTTP/1 (native gRPC needs HTTP/2)%s", "");
        goto out;
    }
    if (!header_status(e, web ? CURLH_HEADER : (CURLH_HEADER | CURLH_TRAILER), &meta)) {
        k = fatal(a, "node answered a malformed grpc-status%s", "");
        goto out;
    }
    if (ctype != NULL)
        ct = seal__grpc_content_type(ctype, strlen(ctype));
    if (http != 200 || (web ? ct != SEAL__GRPC_CT_WEB && ct != SEAL__GRPC_CT_WEB_TEXT
                            : ct != SEAL__GRPC_CT_NATIVE)) {
        if (meta.has_status) {
            /* an error answered in the headers alone */
            a->status = meta.status;
            memcpy(a->message, meta.message, sizeof a->message);
            k = ATTEMPT_DONE;
        } else if (http != 200) {
            a->status = seal__grpc_status_from_http(http);
            snprintf(a->message, sizeof a->message, "node answered HTTP %ld", http);
            k = ATTEMPT_DONE; /* UNAVAILABLE (429, 502-504) is retried as a status */
        } else {
            char q[48];
            snprintf(q, sizeof q, "%.40s", ctype != NULL ? ctype : "none");
            for (char *p = q; *p; p++)
                if (*p < 0x20 || *p > 0x7e)
                    *p = '?';
            k = fatal(a, "node answered something that is not gRPC (content type %s)", q);
        }
        goto out;
    }
    /* the body: Base64 text or binary frames */
    data = b.p;
    data_len = b.len;
    if (ct == SEAL__GRPC_CT_WEB_TEXT) {
        size_t cap = b.len / 4 * 3, got = 0;
        if ((a->buf = malloc(cap > 0 ? cap : 1)) == NULL) {
            k = fatal(a, "out of memory%s", "");
            goto out;
        }
        if (seal__grpc_web_text_decode(a->buf, cap, &got, (const char *)b.p, b.len) != SEAL_OK) {
            k = fatal(a, "node answered malformed grpc-web-text%s", "");
            goto out;
        }
        data = a->buf;
        data_len = got;
    }
    switch (seal__grpc_body_parse(data, data_len, SEAL__GRPC_MAX_FRAME_BYTES, web, &body)) {
    case SEAL_OK:
        break;
    case SEAL_ERR_UNSUPPORTED:
        k = fatal(a, "node answered a compressed message%s", "");
        goto out;
    default:
        k = fatal(a, "node answered malformed gRPC frames%s", "");
        goto out;
    }
    if (body.has_trailer &&
        seal__grpc_trailers_parse(body.trailer, body.trailer_len, &tr) != SEAL_OK) {
        k = fatal(a, "node answered a malformed trailer frame%s", "");
        goto out;
    }
    if (!tr.has_status)
        tr = meta; /* Trailers-Only, or the HTTP/2 trailers */
    if (!tr.has_status) {
        k = fatal(a, "node answered without grpc-status%s", "");
        goto out;
    }
    a->status = tr.status;
    memcpy(a->message, tr.message, sizeof a->message);
    if (a->status == SEAL__GRPC_OK) {
        if (!body.has_message) {
            k = fatal(a, "node answered OK without a message%s", "");
            goto out;
        }
        if (a->buf == NULL) {
            /* keep the response buffer: the message points into it */
            a->buf = b.p;
            b.p = NULL;
        }
        a->msg = body.message;
        a->msg_len = body.message_len;
    }
    k = ATTEMPT_DONE;
out:
    free(b.p);
    if (k != ATTEMPT_DONE || a->status != SEAL__GRPC_OK) {
        free(a->buf);
        a->buf = NULL;
        a->msg = NULL;
        a->msg_len = 0;
    }
    return k;
}

seal_err seal__grpc_call(seal__grpc_transport *t, const char *path, uint8_t *frame, size_t len,
                         seal__grpc_answer *a) {
    char url[4096 + MAX_PATH_BYTES];
    uint32_t backoff = SEAL__CHAIN_BACKOFF_FIRST_MS;
    attempt_kind k = ATTEMPT_FATAL;
    seal_err err = SEAL_OK;
    CURL *e;
    memset(a, 0, sizeof *a);
    if (len < SEAL__GRPC_FRAME_HEADER_BYTES ||
        len - SEAL__GRPC_FRAME_HEADER_BYTES > SEAL__GRPC_MAX_FRAME_BYTES ||
        strlen(path) >= MAX_PATH_BYTES || t->base_len >= 4096)
        return SEAL_ERR_INVALID_ARGUMENT;
    seal__grpc_frame_header(frame, 0, (uint32_t)(len - SEAL__GRPC_FRAME_HEADER_BYTES));
    snprintf(url, sizeof url, "%.*s%s", (int)t->base_len, t->http.url, path);
    if (!seal__chain_http_acquire(&t->http)) {
        snprintf(a->message, sizeof a->message, "too many requests in flight towards the node (%u)",
                 t->http.max_in_flight);
        a->status = SEAL__GRPC_RESOURCE_EXHAUSTED;
        return SEAL_ERR_IO;
    }
    if ((e = seal__chain_http_take(&t->http)) == NULL) {
        seal__chain_http_release(&t->http);
        snprintf(a->message, sizeof a->message, "out of memory");
        return SEAL_ERR_NO_MEMORY;
    }
    for (uint32_t i = 0;; i++) {
        k = attempt(t, e, url, frame, len, a);
        if (k == ATTEMPT_DONE && !seal__grpc_status_transient(a->status))
            break;
        if (k == ATTEMPT_FATAL || i >= t->http.max_retries)
            break;
        seal__chain_sleep_ms(backoff < t->http.timeout_ms ? backoff : t->http.timeout_ms);
        if (backoff < UINT32_MAX / 2)
            backoff *= 2;
    }
    if (k != ATTEMPT_DONE)
        err = SEAL_ERR_IO;
    /* keep the handle (and its connection) only after a well-formed exchange */
    seal__chain_http_give(&t->http, e, k == ATTEMPT_DONE);
    seal__chain_http_release(&t->http);
    return err;
}
