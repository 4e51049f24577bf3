/* Native gRPC (application/grpc) over HTTP/2 cleartext, with libnghttp2, on the JSON-RPC port:
 * listen.c hands over the connections that open with the HTTP/2 preface. One thread per
 * connection (at most SEAL__LOCALNET_MAX_H2 at once); streams are answered in the order their
 * requests complete. gRPC-web content types are answered too (status in the body or in the
 * headers, as over HTTP/1.1). Bounded: concurrent streams, header bytes, body bytes per stream
 * and per connection; nghttp2's own limits against reset, ping and settings floods. */
#include <errno.h>
#include <fcntl.h>
#include <nghttp2/nghttp2.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "localnet/grpc.h"

#define MAX_STREAMS 100u               /* SETTINGS_MAX_CONCURRENT_STREAMS */
#define MAX_HEADER_BYTES (16u * 1024u) /* one request's header names and values */
#define MAX_CONN_BUFFERED (32u * 1024u * 1024u)
#define IDLE_TIMEOUT_MS 120000
#define POLL_MS 100

typedef struct h2_stream {
    int32_t id;
    struct h2_stream *next;
    char path[512];
    char ctype[128];
    bool post, bad_header;
    uint64_t deadline; /* monotonic ns; 0: none */
    size_t header_bytes;
    uint8_t *body;
    size_t len, cap;
    bool too_big, answered;
    /* the response */
    uint8_t *out;
    size_t out_len, out_pos;
    bool native;
    uint32_t status;
    char message[3 * 512 + 1]; /* percent-encoded */
    struct timespec start;
    char method[64];
} h2_stream;

typedef struct h2_conn {
    seal_localnet_rpc *s;
    int fd;
    nghttp2_session *ng;
    h2_stream *streams;
    size_t n_streams;
    size_t buffered;
} h2_conn;

static uint64_t now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000u + (uint64_t)t.tv_nsec / 1000000u;
}

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

/* grpc-timeout "<1-8 digits><unit>" (validated by seal__grpc_timeout_parse) in nanoseconds. */
static uint64_t timeout_ns(const uint8_t *v, size_t n) {
    static const struct {
        char unit;
        uint64_t ns;
    } U[] = {{'H', 3600000000000ull}, {'M', 60000000000ull}, {'S', 1000000000ull},
             {'m', 1000000ull},       {'u', 1000ull},        {'n', 1ull}};
    uint64_t x = 0;
    for (size_t i = 0; i + 1 < n; i++)
        x = x * 10 + (uint64_t)(v[i] - '0');
    for (size_t i = 0; i < sizeof U / sizeof U[0]; i++)
        if (U[i].unit == (char)v[n - 1])
            return x * U[i].ns;
    return 0;
}

static h2_stream *find(h2_conn *c, int32_t id) {
    for (h2_stream *st = c->streams; st != NULL; st = st->next)
        if (st->id == id)
            return st;
    return NULL;
}

static void stream_free(h2_conn *c, h2_stream *st) {
    for (h2_stream **p = &c->streams; *p != NULL; p = &(*p)->next)
        if (*p == st) {
            *p = st->next;
            break;
        }
    c->n_streams--;
    c->buffered -= st->cap;
    free(st->body);
    free(st->out);
    free(st);
}

static void log_call(h2_conn *c, h2_stream *st, unsigned http) {
    struct timespec t;
    char line[256];
    long us;
    int n;
    if (!c->s->log)
        return;
    clock_gettime(CLOCK_MONOTONIC, &t);
    us = (long)(t.tv_sec - st->start.tv_sec) * 1000000L + (t.tv_nsec - st->start.tv_nsec) / 1000L;
    n = snprintf(line, sizeof line,
                 "{\"method\":\"%s\",\"status\":%u,\"grpc_status\":%u,\"proto\":\"h2\","
                 "\"bytes_in\":%zu,\"bytes_out\":%zu,\"us\":%ld,\"ok\":true}\n",
                 st->method, http, (unsigned)st->status, st->len, st->out_len, us);
    if (n > 0)
        fwrite(line, 1, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1, stderr);
}

/* ---- responses ------------------------------------------------------------------------------ */

#define NV(n, v)                                                                                   \
    { (uint8_t *)(n), (uint8_t *)(v), sizeof(n) - 1, strlen(v), NGHTTP2_NV_FLAG_NONE }

static ssize_t read_body(nghttp2_session *ng, int32_t id, uint8_t *buf, size_t length,
                         uint32_t *flags, nghttp2_data_source *src, void *user) {
    h2_stream *st = src->ptr;
    size_t n = st->out_len - st->out_pos;
    (void)user;
    if (n > length)
        n = length;
    memcpy(buf, st->out + st->out_pos, n);
    st->out_pos += n;
    if (st->out_pos == st->out_len) {
        *flags |= NGHTTP2_DATA_FLAG_EOF;
        if (st->native) {
            /* trailers: the status after the message */
            nghttp2_nv tr[] = {NV("grpc-status", "0")};
            *flags |= NGHTTP2_DATA_FLAG_NO_END_STREAM;
            if (nghttp2_submit_trailer(ng, id, tr, 1) != 0)
                return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
        }
    }
    return (ssize_t)n;
}

/* Trailers-Only (an error, or any status without a message): one HEADERS with END_STREAM. */
static int respond_status(h2_conn *c, h2_stream *st, const char *http, const char *ctype,
                          uint32_t status, const char *message) {
    char code[16];
    st->status = status;
    snprintf(code, sizeof code, "%u", status);
    seal__grpc_message_encode(st->message, sizeof st->message, message, strlen(message));
    nghttp2_nv h[] = {NV(":status", http), NV("content-type", ctype), NV("grpc-status", code),
                      NV("grpc-message", st->message)};
    st->answered = true;
    log_call(c, st, (unsigned)atoi(http));
    return nghttp2_submit_response(c->ng, st->id, h, message[0] != '\0' ? 4 : 3, NULL);
}

static int respond_body(h2_conn *c, h2_stream *st, const char *ctype) {
    nghttp2_nv h[] = {NV(":status", "200"), NV("content-type", ctype)};
    nghttp2_data_provider dp;
    dp.source.ptr = st;
    dp.read_callback = read_body;
    st->answered = true;
    log_call(c, st, 200);
    return nghttp2_submit_response(c->ng, st->id, h, 2, &dp);
}

static int answer_call(h2_conn *c, h2_stream *st);

/* Answers a complete request. */
static int answer(h2_conn *c, h2_stream *st) {
    if (seal__grpc_content_type(st->ctype, strlen(st->ctype)) == SEAL__GRPC_CT_NATIVE)
        seal__localnet_count(&c->s->grpc_h2_calls);
    else
        seal__localnet_count(&c->s->grpc_web_calls);
    return answer_call(c, st);
}

static int answer_call(h2_conn *c, h2_stream *st) {
    seal__grpc_content ct = seal__grpc_content_type(st->ctype, strlen(st->ctype));
    const char *native_ct =
        strstr(st->ctype, "+proto") != NULL ? "application/grpc+proto" : "application/grpc";
    seal__localnet_grpc_answer a;
    seal__grpc_frame f;
    seal__lg_call *call;
    if (ct == SEAL__GRPC_CT_OTHER)
        return respond_status(c, st, "415", "application/grpc", SEAL__GRPC_INVALID_ARGUMENT,
                              "unsupported content type: application/grpc expected");
    if (!st->post || st->bad_header)
        return respond_status(c, st, "200", native_ct, SEAL__GRPC_INVALID_ARGUMENT,
                              st->bad_header ? "invalid request headers"
                                             : "gRPC requests are POST requests");
    if (ct != SEAL__GRPC_CT_NATIVE) {
        /* gRPC-web over HTTP/2 */
        if (!seal__localnet_grpc_answer_web(c->s, st->path, strlen(st->path), st->ctype, st->body,
                                            st->len, st->too_big, &a))
            return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
        snprintf(st->method, sizeof st->method, "%s", a.method);
        if (a.body == NULL)
            return respond_status(c, st, "200", a.content_type, a.status, a.message);
        st->out = a.body;
        st->out_len = a.len;
        st->status = SEAL__GRPC_OK;
        return respond_body(c, st, a.content_type);
    }
    st->native = true;
    if (st->deadline != 0 && now_ns() >= st->deadline)
        return respond_status(c, st, "200", native_ct, SEAL__GRPC_DEADLINE_EXCEEDED,
                              "deadline exceeded before the call started");
    if (st->too_big) {
        char msg[96];
        snprintf(msg, sizeof msg, "request larger than %zu bytes", c->s->max_body);
        return respond_status(c, st, "200", native_ct, SEAL__GRPC_RESOURCE_EXHAUSTED, msg);
    }
    if (!seal__localnet_grpc_unframe(st->body, st->len, c->s->max_body, &f, &a))
        return respond_status(c, st, "200", native_ct, a.status, a.message);
    if ((call = malloc(sizeof *call)) == NULL)
        return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
    seal__lg_call_run(c->s, st->path, strlen(st->path), f.data, f.len, call);
    snprintf(st->method, sizeof st->method, "%s", call->method);
    if (st->deadline != 0 && now_ns() > st->deadline) {
        int rv;
        seal__lg_call_done(call);
        free(call);
        rv = respond_status(c, st, "200", native_ct, SEAL__GRPC_DEADLINE_EXCEEDED,
                            "deadline exceeded");
        return rv;
    }
    if (call->status != SEAL__GRPC_OK) {
        int rv = respond_status(c, st, "200", native_ct, call->status, call->message);
        seal__lg_call_done(call);
        free(call);
        return rv;
    }
    st->out_len = SEAL__GRPC_FRAME_HEADER_BYTES + call->w.len;
    if ((st->out = malloc(st->out_len)) == NULL) {
        seal__lg_call_done(call);
        free(call);
        return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
    }
    seal__grpc_frame_header(st->out, 0, (uint32_t)call->w.len);
    if (call->w.len > 0)
        memcpy(st->out + SEAL__GRPC_FRAME_HEADER_BYTES, call->w.buf, call->w.len);
    seal__lg_call_done(call);
    free(call);
    st->status = SEAL__GRPC_OK;
    return respond_body(c, st, native_ct);
}

/* ---- nghttp2 callbacks ---------------------------------------------------------------------- */

static ssize_t on_send(nghttp2_session *ng, const uint8_t *data, size_t length, int flags,
                       void *user) {
    h2_conn *c = user;
    ssize_t n;
    (void)ng;
    (void)flags;
    n = send(c->fd, data, length, MSG_NOSIGNAL);
    if (n < 0)
        return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR
                   ? NGHTTP2_ERR_WOULDBLOCK
                   : NGHTTP2_ERR_CALLBACK_FAILURE;
    return n;
}

static int on_begin_headers(nghttp2_session *ng, const nghttp2_frame *frame, void *user) {
    h2_conn *c = user;
    h2_stream *st;
    (void)ng;
    if (frame->hd.type != NGHTTP2_HEADERS || frame->headers.cat != NGHTTP2_HCAT_REQUEST)
        return 0;
    if (c->n_streams >= MAX_STREAMS || (st = calloc(1, sizeof *st)) == NULL)
        return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE; /* RST_STREAM */
    st->id = frame->hd.stream_id;
    clock_gettime(CLOCK_MONOTONIC, &st->start);
    snprintf(st->method, sizeof st->method, "-");
    st->next = c->streams;
    c->streams = st;
    c->n_streams++;
    return 0;
}

static int on_header(nghttp2_session *ng, const nghttp2_frame *frame, const uint8_t *name,
                     size_t namelen, const uint8_t *value, size_t valuelen, uint8_t flags,
                     void *user) {
    h2_conn *c = user;
    h2_stream *st = find(c, frame->hd.stream_id);
    (void)ng;
    (void)flags;
    if (st == NULL || frame->hd.type != NGHTTP2_HEADERS)
        return 0;
    st->header_bytes += namelen + valuelen + 32;
    if (st->header_bytes > MAX_HEADER_BYTES)
        return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE; /* RST_STREAM */
#define IS(s) (namelen == sizeof(s) - 1 && memcmp(name, s, namelen) == 0)
    if (IS(":method")) {
        st->post = valuelen == 4 && memcmp(value, "POST", 4) == 0;
    } else if (IS(":path")) {
        if (valuelen >= sizeof st->path || memchr(value, 0, valuelen) != NULL)
            st->bad_header = true;
        else
            memcpy(st->path, value, valuelen), st->path[valuelen] = '\0';
    } else if (IS("content-type")) {
        if (valuelen >= sizeof st->ctype || memchr(value, 0, valuelen) != NULL)
            st->bad_header = true;
        else
            memcpy(st->ctype, value, valuelen), st->ctype[valuelen] = '\0';
    } else if (IS("grpc-timeout")) {
        uint64_t ms = 0;
        if (seal__grpc_timeout_parse((const char *)value, valuelen, &ms) != SEAL_OK)
            st->bad_header = true;
        else
            st->deadline = now_ns() + timeout_ns(value, valuelen);
    }
#undef IS
    return 0;
}

static int on_data(nghttp2_session *ng, uint8_t flags, int32_t id, const uint8_t *data, size_t len,
                   void *user) {
    h2_conn *c = user;
    h2_stream *st = find(c, id);
    size_t limit;
    (void)ng;
    (void)flags;
    if (st == NULL || st->too_big)
        return 0;
    limit = c->s->max_body; /* the whole body, as over HTTP/1.1 */
    if (st->len + len > limit || c->buffered + len > MAX_CONN_BUFFERED) {
        st->too_big = true; /* keep reading, discard: RESOURCE_EXHAUSTED at the end */
        c->buffered -= st->cap;
        free(st->body);
        st->body = NULL;
        st->len = st->cap = 0;
        return 0;
    }
    if (st->len + len > st->cap) {
        size_t cap = st->cap ? st->cap : 1024;
        uint8_t *b;
        while (cap < st->len + len)
            cap *= 2;
        if (cap > limit)
            cap = limit;
        if ((b = realloc(st->body, cap)) == NULL)
            return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
        c->buffered += cap - st->cap;
        st->body = b;
        st->cap = cap;
    }
    memcpy(st->body + st->len, data, len);
    st->len += len;
    return 0;
}

static int on_frame_recv(nghttp2_session *ng, const nghttp2_frame *frame, void *user) {
    h2_conn *c = user;
    h2_stream *st;
    (void)ng;
    if ((frame->hd.type != NGHTTP2_HEADERS && frame->hd.type != NGHTTP2_DATA) ||
        !(frame->hd.flags & NGHTTP2_FLAG_END_STREAM))
        return 0;
    if ((st = find(c, frame->hd.stream_id)) == NULL || st->answered)
        return 0;
    return answer(c, st);
}

static int on_stream_close(nghttp2_session *ng, int32_t id, uint32_t code, void *user) {
    h2_conn *c = user;
    h2_stream *st = find(c, id);
    (void)ng;
    (void)code;
    if (st != NULL)
        stream_free(c, st);
    return 0;
}

/* ---- connections ---------------------------------------------------------------------------- */

static void conn_run(h2_conn *c) {
    nghttp2_session_callbacks *cb = NULL;
    nghttp2_option *opt = NULL;
    nghttp2_settings_entry settings[] = {
        {NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, MAX_STREAMS},
        {NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE, MAX_HEADER_BYTES},
    };
    uint64_t last = now_ms(), goaway_at = 0;
    bool goaway = false;
    uint8_t buf[16384];
    if (nghttp2_session_callbacks_new(&cb) != 0 || nghttp2_option_new(&opt) != 0)
        goto out;
    nghttp2_session_callbacks_set_send_callback(cb, on_send);
    nghttp2_session_callbacks_set_on_begin_headers_callback(cb, on_begin_headers);
    nghttp2_session_callbacks_set_on_header_callback(cb, on_header);
    nghttp2_session_callbacks_set_on_data_chunk_recv_callback(cb, on_data);
    nghttp2_session_callbacks_set_on_frame_recv_callback(cb, on_frame_recv);
    nghttp2_session_callbacks_set_on_stream_close_callback(cb, on_stream_close);
    /* nghttp2's defaults against floods, made explicit: RST_STREAM rate, queued ACKs, SETTINGS
     * entries, CONTINUATION frames */
    nghttp2_option_set_stream_reset_rate_limit(opt, 1000, 33);
    nghttp2_option_set_max_outbound_ack(opt, 1000);
    nghttp2_option_set_max_settings(opt, 32);
    nghttp2_option_set_max_continuations(opt, 8);
    if (nghttp2_session_server_new2(&c->ng, cb, c, opt) != 0 ||
        nghttp2_submit_settings(c->ng, NGHTTP2_FLAG_NONE, settings, 2) != 0)
        goto out;
    for (;;) {
        struct pollfd p = {c->fd, POLLIN, 0};
        int r;
        if (!goaway && (seal__localnet_h2_stopping(c->s) ||
                        (c->n_streams == 0 && now_ms() - last > IDLE_TIMEOUT_MS))) {
            nghttp2_session_terminate_session(c->ng, NGHTTP2_NO_ERROR); /* GOAWAY */
            goaway = true;
            goaway_at = now_ms();
        }
        if (goaway && now_ms() - goaway_at > 2000)
            break; /* a peer that does not read its GOAWAY */
        if (nghttp2_session_send(c->ng) != 0)
            break;
        if (!nghttp2_session_want_read(c->ng) && !nghttp2_session_want_write(c->ng))
            break;
        if (nghttp2_session_want_write(c->ng))
            p.events |= POLLOUT;
        r = poll(&p, 1, POLL_MS);
        if (r < 0 && errno != EINTR)
            break;
        if (r > 0 && (p.revents & (POLLIN | POLLHUP | POLLERR))) {
            ssize_t n = recv(c->fd, buf, sizeof buf, 0);
            if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
                break;
            if (n > 0) {
                last = now_ms();
                if (nghttp2_session_mem_recv(c->ng, buf, (size_t)n) < 0)
                    break;
            }
        }
    }
out:
    while (c->streams != NULL)
        stream_free(c, c->streams);
    nghttp2_session_del(c->ng);
    nghttp2_option_del(opt);
    nghttp2_session_callbacks_del(cb);
    close(c->fd);
}

static void *conn_thread(void *arg) {
    h2_conn *c = arg;
    seal_localnet_rpc *s = c->s;
    conn_run(c);
    free(c);
    seal__localnet_h2_done(s);
    return NULL;
}

bool seal__localnet_h2_serve(seal_localnet_rpc *s, int fd) {
    h2_conn *c;
    pthread_attr_t attr;
    pthread_t th;
    int one = 1;
    bool ok;
    if (!seal__localnet_h2_begin(s))
        return false;
    if ((c = calloc(1, sizeof *c)) == NULL) {
        seal__localnet_h2_done(s);
        return false;
    }
    c->s = s;
    c->fd = fd;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); /* a peer that reads nothing blocks
                                                          * nothing */
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    ok = pthread_create(&th, &attr, conn_thread, c) == 0;
    pthread_attr_destroy(&attr);
    if (!ok) {
        free(c);
        seal__localnet_h2_done(s);
    }
    return ok;
}
