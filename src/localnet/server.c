/* HTTP front of the JSON-RPC server: libmicrohttpd thread pool on epoll, body limit, CORS,
 * access log, graceful stop; the pool of read-only ledger handles. */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "localnet/grpc_web.h"
#include "localnet/internal.h"
#include "seal/sui.h"

#define DRAIN_TIMEOUT_S 10
#define DRAIN_IDLE_MS 1000L
#define MAX_THREADS 64u

static const char OVERSIZED[] =
    "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32007,\"message\":\"Request is too big\"},"
    "\"id\":null}";

/* ---- ledger handles ----------------------------------------------------------------------- */

seal_err seal__localnet_reader_get(seal_localnet_rpc *s, seal_ledger **out) {
    seal_ledger *l = NULL;
    pthread_mutex_lock(&s->pool_mu);
    if (s->n_pool > 0)
        l = s->pool[--s->n_pool];
    pthread_mutex_unlock(&s->pool_mu);
    if (l != NULL) {
        *out = l;
        return SEAL_OK;
    }
    return seal_ledger_open_readonly(out, s->path);
}

void seal__localnet_reader_put(seal_localnet_rpc *s, seal_ledger *l, seal_err status) {
    bool kept = false;
    if (l == NULL)
        return;
    if (status != SEAL_ERR_IO && status != SEAL_ERR_NO_MEMORY) {
        pthread_mutex_lock(&s->pool_mu);
        if (s->n_pool < s->cap_pool) {
            s->pool[s->n_pool++] = l;
            kept = true;
        }
        pthread_mutex_unlock(&s->pool_mu);
    }
    if (!kept)
        seal_ledger_close(l);
}

/* Runs fn on the writer handle (opened on first use) under the writer mutex; an I/O failure
 * closes it (reopened by the next call). */
static seal_err with_writer(seal_localnet_rpc *s, const uint8_t *tx, size_t len,
                            const uint8_t *const *sigs, const size_t *sig_lens, size_t n_sigs,
                            bool simulate, seal_ledger_effects *fx) {
    seal_err err = SEAL_OK;
    pthread_mutex_lock(&s->write_mu);
    if (s->writer == NULL)
        err = seal_ledger_open(&s->writer, s->path);
    if (err == SEAL_OK)
        err = simulate
                  ? seal_ledger_simulate_transaction(s->writer, tx, len, fx)
                  : seal_ledger_execute_transaction(s->writer, tx, len, sigs, sig_lens, n_sigs, fx);
    if (err == SEAL_ERR_IO) {
        seal_ledger_close(s->writer);
        s->writer = NULL;
    }
    pthread_mutex_unlock(&s->write_mu);
    return err;
}

seal_err seal__localnet_execute(seal_localnet_rpc *s, const uint8_t *tx, size_t len,
                                const uint8_t *const *sigs, const size_t *sig_lens, size_t n_sigs,
                                seal_ledger_effects *fx) {
    return with_writer(s, tx, len, sigs, sig_lens, n_sigs, false, fx);
}

seal_err seal__localnet_simulate(seal_localnet_rpc *s, const uint8_t *tx, size_t len,
                                 seal_ledger_effects *fx) {
    return with_writer(s, tx, len, NULL, NULL, 0, true, fx);
}

void seal__localnet_count(unsigned long long *counter) {
    __atomic_fetch_add(counter, 1, __ATOMIC_RELAXED);
}

static unsigned long long counter_get(unsigned long long *counter) {
    return __atomic_load_n(counter, __ATOMIC_RELAXED);
}

/* ---- requests ----------------------------------------------------------------------------- */

typedef struct request {
    char *body;
    size_t len, cap;
    bool too_big;
    bool counted; /* in s->in_flight */
    struct timespec start;
    char method[64];
    unsigned status;
    size_t out_len;
    bool grpc;            /* answered as gRPC-web */
    uint32_t grpc_status; /* its status */
} request;

static void flight_add(seal_localnet_rpc *s, int delta) {
    pthread_mutex_lock(&s->flight_mu);
    if (delta > 0)
        s->in_flight++;
    else if (s->in_flight > 0 && --s->in_flight == 0)
        pthread_cond_broadcast(&s->flight_cv);
    pthread_mutex_unlock(&s->flight_mu);
}

static bool stopping(seal_localnet_rpc *s) {
    bool v;
    pthread_mutex_lock(&s->flight_mu);
    v = s->stopping;
    pthread_mutex_unlock(&s->flight_mu);
    return v;
}

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode toe) {
    seal_localnet_rpc *s = cls;
    (void)conn;
    (void)socket_context;
    pthread_mutex_lock(&s->flight_mu);
    if (toe == MHD_CONNECTION_NOTIFY_STARTED)
        s->connections++;
    else if (s->connections > 0 && --s->connections == 0)
        pthread_cond_broadcast(&s->flight_cv);
    pthread_mutex_unlock(&s->flight_mu);
}

static void add_cors(struct MHD_Response *r) {
    MHD_add_response_header(r, "Access-Control-Allow-Origin", "*");
    MHD_add_response_header(r, "Access-Control-Expose-Headers", "grpc-status, grpc-message");
    MHD_add_response_header(r, "Vary",
                            "origin, access-control-request-method, "
                            "access-control-request-headers");
}

static enum MHD_Result reply(seal_localnet_rpc *s, struct MHD_Connection *conn, request *rq,
                             unsigned status, char *body, size_t len, bool owned) {
    struct MHD_Response *r;
    enum MHD_Result ret;
    if (owned)
        r = MHD_create_response_from_buffer_with_free_callback(len, body, free);
    else
        r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_PERSISTENT);
    if (r == NULL) {
        if (owned)
            free(body);
        return MHD_NO;
    }
    if (len > 0)
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
    add_cors(r);
    if (stopping(s)) /* one answer more on a kept-alive connection, then close it */
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
    rq->status = status;
    rq->out_len = len;
    ret = MHD_queue_response(conn, status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls) {
    seal_localnet_rpc *s = cls;
    request *rq = *con_cls;
    (void)version;
    if (rq == NULL) {
        if ((rq = calloc(1, sizeof *rq)) == NULL)
            return MHD_NO;
        clock_gettime(CLOCK_MONOTONIC, &rq->start);
        snprintf(rq->method, sizeof rq->method, "-");
        rq->counted = true;
        flight_add(s, 1);
        *con_cls = rq;
        return MHD_YES;
    }
    if (strcmp(method, MHD_HTTP_METHOD_OPTIONS) == 0) {
        /* CORS preflight: any origin, POST, the headers the browser asks for */
        struct MHD_Response *r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
        const char *hdrs =
            MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Access-Control-Request-Headers");
        enum MHD_Result ret;
        if (r == NULL)
            return MHD_NO;
        add_cors(r);
        MHD_add_response_header(r, "Access-Control-Allow-Methods", "POST, OPTIONS");
        MHD_add_response_header(r, "Access-Control-Allow-Headers",
                                hdrs != NULL && strlen(hdrs) < 1024 ? hdrs : "*");
        MHD_add_response_header(r, "Access-Control-Max-Age", "86400");
        if (stopping(s))
            MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
        rq->status = 200;
        ret = MHD_queue_response(conn, MHD_HTTP_OK, r);
        MHD_destroy_response(r);
        return ret;
    }
    if (strcmp(method, MHD_HTTP_METHOD_GET) == 0 && strcmp(url, "/metrics") == 0) {
        /* Prometheus text: what each protocol answered (tests assert, for example, that a
         * client spoke no JSON-RPC) */
        char *text = malloc(512);
        struct MHD_Response *r;
        enum MHD_Result ret;
        int n;
        if (text == NULL)
            return MHD_NO;
        n = snprintf(text, 512,
                     "# TYPE seal_localnet_requests_total counter\n"
                     "seal_localnet_requests_total{protocol=\"jsonrpc\"} %llu\n"
                     "seal_localnet_requests_total{protocol=\"grpc_web\"} %llu\n"
                     "seal_localnet_requests_total{protocol=\"grpc\"} %llu\n",
                     counter_get(&s->jsonrpc_requests), counter_get(&s->grpc_web_calls),
                     counter_get(&s->grpc_h2_calls));
        r = MHD_create_response_from_buffer_with_free_callback((size_t)n, text, free);
        if (r == NULL) {
            free(text);
            return MHD_NO;
        }
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/plain; version=0.0.4");
        add_cors(r);
        rq->status = 200;
        rq->out_len = (size_t)n;
        snprintf(rq->method, sizeof rq->method, "metrics");
        ret = MHD_queue_response(conn, MHD_HTTP_OK, r);
        MHD_destroy_response(r);
        return ret;
    }
    if (strcmp(method, MHD_HTTP_METHOD_POST) != 0) {
        static char msg[] = "Used HTTP Method is not allowed. POST or OPTIONS is required";
        if (*upload_data_size != 0) {
            *upload_data_size = 0;
            return MHD_YES;
        }
        return reply(s, conn, rq, MHD_HTTP_METHOD_NOT_ALLOWED, msg, sizeof msg - 1, false);
    }
    if (*upload_data_size != 0) {
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        if (rq->too_big || rq->len + n > s->max_body) {
            rq->too_big = true;
            return MHD_YES; /* keep reading, discard */
        }
        if (rq->len + n + 1 > rq->cap) {
            size_t cap = rq->cap ? rq->cap : 4096;
            char *b;
            while (cap < rq->len + n + 1)
                cap *= 2;
            if (cap > s->max_body + 1)
                cap = s->max_body + 1;
            if ((b = realloc(rq->body, cap)) == NULL)
                return MHD_NO;
            rq->body = b;
            rq->cap = cap;
        }
        memcpy(rq->body + rq->len, upload_data, n);
        rq->len += n;
        return MHD_YES;
    }
    {
        const char *ct = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
        if (seal__localnet_is_grpc(url, ct)) {
            /* gRPC-web: always HTTP 200, the status in the answer */
            seal__localnet_grpc_info info;
            struct MHD_Response *r = seal__localnet_grpc_web(
                s, url, ct, rq->body != NULL ? rq->body : "", rq->len, rq->too_big, &info);
            enum MHD_Result ret;
            if (r == NULL)
                return MHD_NO;
            add_cors(r);
            if (stopping(s))
                MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
            snprintf(rq->method, sizeof rq->method, "%s", info.method);
            rq->grpc = true;
            rq->grpc_status = info.grpc_status;
            seal__localnet_count(&s->grpc_web_calls);
            rq->status = MHD_HTTP_OK;
            rq->out_len = info.out_len;
            ret = MHD_queue_response(conn, MHD_HTTP_OK, r);
            MHD_destroy_response(r);
            return ret;
        }
    }
    if (rq->too_big)
        return reply(s, conn, rq, MHD_HTTP_CONTENT_TOO_LARGE, (char *)OVERSIZED,
                     sizeof OVERSIZED - 1, false);
    {
        const char *ct = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
        size_t out_len = 0;
        char *out;
        if (ct != NULL && strncasecmp(ct, "application/json", 16) != 0) {
            static char msg[] = "Supplied content type is not allowed. Content-Type: "
                                "application/json is required";
            return reply(s, conn, rq, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, msg, sizeof msg - 1, false);
        }
        seal__localnet_count(&s->jsonrpc_requests);
        out = seal__localnet_handle(s, rq->body != NULL ? rq->body : "", rq->len, &out_len,
                                    rq->method, sizeof rq->method);
        if (out == NULL)
            return reply(s, conn, rq, MHD_HTTP_OK, (char *)"", 0, false);
        return reply(s, conn, rq, MHD_HTTP_OK, out, out_len, true);
    }
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe) {
    seal_localnet_rpc *s = cls;
    request *rq = *con_cls;
    (void)conn;
    if (rq == NULL)
        return;
    if (s->log) {
        struct timespec now;
        char line[256];
        long us;
        int n;
        clock_gettime(CLOCK_MONOTONIC, &now);
        us = (long)(now.tv_sec - rq->start.tv_sec) * 1000000L +
             (now.tv_nsec - rq->start.tv_nsec) / 1000L;
        /* the method name comes from the request: keep identifier characters only */
        for (char *p = rq->method; *p; p++)
            if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                  (*p >= '0' && *p <= '9') || *p == '_' || *p == '.' || *p == '-' || *p == '/'))
                *p = '?';
        char grpc[32] = "";
        if (rq->grpc)
            snprintf(grpc, sizeof grpc, ",\"grpc_status\":%u", (unsigned)rq->grpc_status);
        n = snprintf(line, sizeof line,
                     "{\"method\":\"%s\",\"status\":%u%s,\"bytes_in\":%zu,\"bytes_out\":%zu,"
                     "\"us\":%ld,\"ok\":%s}\n",
                     rq->method, rq->status, grpc, rq->len, rq->out_len, us,
                     toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "true" : "false");
        if (n > 0)
            fwrite(line, 1, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1, stderr);
    }
    if (rq->counted)
        flight_add(s, -1);
    free(rq->body);
    free(rq);
    *con_cls = NULL;
}

/* ---- life cycle --------------------------------------------------------------------------- */

static void rpc_free(seal_localnet_rpc *s) {
    seal__localnet_listen_stop(s);
    seal__localnet_h2_stop_wait(s);
    if (s->daemon != NULL)
        MHD_stop_daemon(s->daemon);
    for (size_t i = 0; i < s->n_pool; i++)
        seal_ledger_close(s->pool[i]);
    free(s->pool);
    seal_ledger_close(s->writer);
    pthread_mutex_destroy(&s->pool_mu);
    pthread_mutex_destroy(&s->write_mu);
    pthread_mutex_destroy(&s->flight_mu);
    pthread_cond_destroy(&s->flight_cv);
    free(s);
}

seal_err seal_localnet_rpc_start(seal_localnet_rpc **out, const seal_localnet_rpc_options *opts) {
    seal_localnet_rpc *s = NULL;
    seal_ledger *probe = NULL;
    struct sockaddr_in sa;
    struct stat st;
    unsigned threads;
    seal_err err;
    *out = NULL;
    if (opts == NULL || opts->data_dir == NULL)
        return SEAL_ERR_INVALID_ARGUMENT;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons(opts->port);
    if (inet_pton(AF_INET, opts->host != NULL ? opts->host : "127.0.0.1", &sa.sin_addr) != 1)
        return SEAL_ERR_INVALID_ARGUMENT;
    threads = opts->threads ? opts->threads : SEAL_LOCALNET_DEFAULT_THREADS;
    if (threads > MAX_THREADS)
        return SEAL_ERR_INVALID_ARGUMENT;
    if ((s = calloc(1, sizeof *s)) == NULL)
        return SEAL_ERR_NO_MEMORY;
    pthread_mutex_init(&s->pool_mu, NULL);
    pthread_mutex_init(&s->write_mu, NULL);
    pthread_mutex_init(&s->flight_mu, NULL);
    pthread_cond_init(&s->flight_cv, NULL);
    s->listen_fd = s->wake_fd = -1;
    s->max_body = opts->max_body ? opts->max_body : SEAL_LOCALNET_DEFAULT_MAX_BODY;
    s->log = opts->log;
    seal_sui_blake2b256(s->genesis, (const uint8_t *)"seal-ledger genesis", 19, NULL, 0);
    if ((size_t)snprintf(s->path, sizeof s->path, "%s/ledger.db", opts->data_dir) >=
        sizeof s->path) {
        err = SEAL_ERR_INVALID_ARGUMENT;
        goto fail;
    }
    /* the ledger must exist (seal localnet init): never create one here */
    if (stat(s->path, &st) != 0 || !S_ISREG(st.st_mode)) {
        err = SEAL_ERR_IO;
        goto fail;
    }
    s->cap_pool = threads + 4;
    if ((s->pool = calloc(s->cap_pool, sizeof *s->pool)) == NULL) {
        err = SEAL_ERR_NO_MEMORY;
        goto fail;
    }
    if ((err = seal_ledger_open_readonly(&probe, s->path)) != SEAL_OK)
        goto fail;
    s->pool[s->n_pool++] = probe;
    /* The listening socket is ours (listen.c): HTTP/1.1 connections are handed to
     * libmicrohttpd, HTTP/2 ones (native gRPC) served by grpc_h2.c. */
    s->daemon = MHD_start_daemon(
        MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_TURBO | MHD_USE_NO_LISTEN_SOCKET, 0,
        NULL, NULL, on_request, s, MHD_OPTION_THREAD_POOL_SIZE, threads,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, s, MHD_OPTION_NOTIFY_CONNECTION, on_connection,
        s, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30, MHD_OPTION_CONNECTION_LIMIT, (unsigned)1024,
        MHD_OPTION_END);
    if (s->daemon == NULL) {
        err = SEAL_ERR_IO;
        goto fail;
    }
    if ((err = seal__localnet_listen_start(s, &sa)) != SEAL_OK)
        goto fail;
    *out = s;
    return SEAL_OK;
fail:
    rpc_free(s);
    return err;
}

uint16_t seal_localnet_rpc_port(const seal_localnet_rpc *s) {
    return s != NULL ? s->port : 0;
}

void seal_localnet_rpc_stop(seal_localnet_rpc *s) {
    struct timespec hard, grace = {0, 0}, now;
    if (s == NULL)
        return;
    /* Stop accepting; answers from now on close their connection. Wait until no request is
     * being answered and every connection has closed, or, once no request is in flight, at most
     * DRAIN_IDLE_MS for idle kept-alive connections (DRAIN_TIMEOUT_S in all). */
    seal__localnet_listen_stop(s); /* no new connection */
    clock_gettime(CLOCK_REALTIME, &hard);
    hard.tv_sec += DRAIN_TIMEOUT_S;
    pthread_mutex_lock(&s->flight_mu);
    s->stopping = true;
    grace.tv_sec = 0;
    for (;;) {
        struct timespec tick;
        clock_gettime(CLOCK_REALTIME, &now);
        if (s->in_flight == 0 && s->connections == 0)
            break;
        if (now.tv_sec > hard.tv_sec || (now.tv_sec == hard.tv_sec && now.tv_nsec >= hard.tv_nsec))
            break;
        if (s->in_flight == 0) {
            if (grace.tv_sec == 0) {
                grace = now;
                grace.tv_nsec += DRAIN_IDLE_MS * 1000000L;
                grace.tv_sec += grace.tv_nsec / 1000000000L;
                grace.tv_nsec %= 1000000000L;
            } else if (now.tv_sec > grace.tv_sec ||
                       (now.tv_sec == grace.tv_sec && now.tv_nsec >= grace.tv_nsec)) {
                break;
            }
        } else {
            grace.tv_sec = 0; /* a request arrived on a kept-alive connection */
        }
        tick = now;
        tick.tv_nsec += 20 * 1000000L;
        tick.tv_sec += tick.tv_nsec / 1000000000L;
        tick.tv_nsec %= 1000000000L;
        pthread_cond_timedwait(&s->flight_cv, &s->flight_mu, &tick);
    }
    pthread_mutex_unlock(&s->flight_mu);
    seal__localnet_h2_stop_wait(s); /* GOAWAY on every HTTP/2 connection */
    rpc_free(s);
}
