/*
 * The key server's HTTP front (PROTOCOL.md 14): libmicrohttpd with a pool of cfg->threads epoll
 * workers, each HTTP request translated into a seal_server_request for the core and the
 * seal_server_response sent back.
 *
 * What this layer adds around the core, in the order a request meets it:
 *   - connection limit (MHD_OPTION_CONNECTION_LIMIT) and a deadline per request: a connection
 *     must deliver each whole request within request_timeout_ms of opening or of its previous
 *     response, else a reaper thread shuts its socket down (slowloris; the inactivity timeout
 *     of libmicrohttpd alone is reset by every byte);
 *   - CORS as upstream's permissive tower-http layer: preflight OPTIONS answered 200 with
 *     Allow-Origin/Methods/Headers "*", every other response carries Allow-Origin "*" and
 *     Expose-Headers "*";
 *   - per-client token bucket (429 TooManyRequests; IPv6 clients per prefix, by default /64) and
 *     a global in-flight cap (503 Failure, taken atomically), neither applied to /health;
 *   - the body limit: Content-Length above SEAL_SERVER_BODY_MAX_BYTES is refused before the
 *     body is read, a chunked body is buffered up to the limit and the rest discarded (413);
 *   - X-KeyServer-Version / X-KeyServer-GitVersion on /v1/... responses, errors included;
 *   - response bodies are sent from our own memory (no copy) and wiped when libmicrohttpd
 *     releases them;
 *   - one JSON log line and the metrics of every request.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "seal/util.h"
#include "server/server.h"
#include "server/server_http_internal.h"
#include "util/secmem.h"

#ifndef SEAL_SERVER_GIT_VERSION
#define SEAL_SERVER_GIT_VERSION "seal-c-" SEAL_SERVER_VERSION
#endif

#define HTTP_MAX_HEADERS 100
#define HTTP_DEFAULT_REQUEST_TIMEOUT_MS 10000u
#define HTTP_DEFAULT_CONNECTION_LIMIT 1024u
#define HTTP_DEFAULT_RATE_TABLE 4096u
#define HTTP_REAPER_TICK_MS 100

enum { PHASE_RECEIVING = 0, PHASE_HANDLING = 1 };

typedef struct http_conn {
    struct http_conn *prev, *next;
    int fd;
    atomic_int phase;
    atomic_uint_least64_t since_ms; /* when the connection opened or last answered */
    bool killed;
    char ip[INET6_ADDRSTRLEN];
    uint8_t ip_key[16];
} http_conn;

typedef struct http_req {
    http_conn *conn;
    char *query; /* raw query string (after '?'), or NULL */
    uint8_t *body;
    size_t len, cap;
    bool too_large;
    bool started;
    bool counted; /* in h->in_flight and the in-flight gauge */
    bool capped;  /* holds a slot of h->capped */
    int route;
    uint64_t t0_ns;
    /* an answer held until its audit record is durable (docs/audit.md): the connection is
     * suspended, the log's writer resumes it */
    seal_server_response *held;
    struct MHD_Connection *mhd;
    atomic_int held_result; /* 0 waiting, 1 durable, 2 failed */
} http_req;

struct seal_server_http {
    seal_server_http_service svc;
    struct MHD_Daemon *d, *md;
    uint16_t port, mport;
    seal__metrics *metrics;
    seal__rate *rate;
    int log_fd;
    uint32_t max_in_flight;
    uint32_t request_timeout_ms;
    unsigned v6_prefix;
    atomic_int in_flight; /* every request being processed (the graceful stop waits for them) */
    atomic_uint capped;   /* those under max_in_flight (all but /health) */
    atomic_int suspended; /* connections holding an answer for the audit log */
    atomic_bool stopping;

    pthread_mutex_t conns_mu;
    http_conn *conns;

    pthread_t reaper;
    bool reaper_started;
    pthread_mutex_t reaper_mu;
    pthread_cond_t reaper_cv;
    bool reaper_stop;
};

/* ---- clocks -------------------------------------------------------------------------------- */

static uint64_t mono_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t wall_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* ---- address parsing ----------------------------------------------------------------------- */

/* "HOST:PORT" or "[V6]:PORT" into a sockaddr (numeric hosts and "localhost"). */
static bool parse_host_port(const char *text, struct sockaddr_storage *ss, socklen_t *ss_len,
                            char *err, size_t err_len, const char *what) {
    char host[128];
    const char *colon = strrchr(text, ':');
    if (colon == NULL || colon == text || colon[1] == '\0') {
        snprintf(err, err_len, "%s: expected HOST:PORT", what);
        return false;
    }
    size_t hl = (size_t)(colon - text);
    const char *h0 = text;
    if (text[0] == '[') {
        if (hl < 3 || text[hl - 1] != ']') {
            snprintf(err, err_len, "%s: malformed [IPv6]:PORT", what);
            return false;
        }
        h0 = text + 1;
        hl -= 2;
    }
    if (hl >= sizeof host) {
        snprintf(err, err_len, "%s: host too long", what);
        return false;
    }
    memcpy(host, h0, hl);
    host[hl] = '\0';
    char *end = NULL;
    errno = 0;
    unsigned long port = strtoul(colon + 1, &end, 10);
    if (errno != 0 || *end != '\0' || port > 65535 || colon[1] < '0' || colon[1] > '9') {
        snprintf(err, err_len, "%s: invalid port", what);
        return false;
    }
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = strcmp(host, "localhost") == 0 ? 0 : AI_NUMERICHOST;
    if (getaddrinfo(host, NULL, &hints, &res) != 0 || res == NULL || res->ai_addrlen > sizeof *ss) {
        if (res != NULL) {
            freeaddrinfo(res);
        }
        snprintf(err, err_len, "%s: host is not an IP address", what);
        return false;
    }
    memset(ss, 0, sizeof *ss);
    memcpy(ss, res->ai_addr, res->ai_addrlen);
    *ss_len = (socklen_t)res->ai_addrlen;
    freeaddrinfo(res);
    if (ss->ss_family == AF_INET) {
        ((struct sockaddr_in *)ss)->sin_port = htons((uint16_t)port);
    } else {
        ((struct sockaddr_in6 *)ss)->sin6_port = htons((uint16_t)port);
    }
    return true;
}

static void addr_key(const struct sockaddr *sa, unsigned v6_prefix, uint8_t key[16], char *ip,
                     size_t ip_len) {
    seal__rate_client_key(sa, v6_prefix, key);
    snprintf(ip, ip_len, "unknown");
    if (sa == NULL) {
        return;
    }
    if (sa->sa_family == AF_INET) {
        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, ip, (socklen_t)ip_len);
    } else if (sa->sa_family == AF_INET6) {
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, ip, (socklen_t)ip_len);
    }
}

/* ---- connections and the reaper ------------------------------------------------------------ */

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode toe) {
    seal_server_http *h = cls;
    if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
        http_conn *hc = calloc(1, sizeof *hc);
        *socket_context = hc;
        if (hc == NULL) {
            return; /* untracked: the request handler refuses it */
        }
        const union MHD_ConnectionInfo *fdi =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        const union MHD_ConnectionInfo *ai =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        hc->fd = fdi != NULL ? fdi->connect_fd : -1;
        addr_key(ai != NULL ? ai->client_addr : NULL, h->v6_prefix, hc->ip_key, hc->ip,
                 sizeof hc->ip);
        atomic_store(&hc->phase, PHASE_RECEIVING);
        atomic_store(&hc->since_ms, mono_ns() / 1000000u);
        pthread_mutex_lock(&h->conns_mu);
        hc->next = h->conns;
        if (h->conns != NULL) {
            h->conns->prev = hc;
        }
        h->conns = hc;
        pthread_mutex_unlock(&h->conns_mu);
    } else if (toe == MHD_CONNECTION_NOTIFY_CLOSED) {
        http_conn *hc = *socket_context;
        if (hc == NULL) {
            return;
        }
        /* Unlinked under the lock before libmicrohttpd closes the socket, so the reaper never
         * shuts down a descriptor number that has been reused. */
        pthread_mutex_lock(&h->conns_mu);
        if (hc->prev != NULL) {
            hc->prev->next = hc->next;
        } else {
            h->conns = hc->next;
        }
        if (hc->next != NULL) {
            hc->next->prev = hc->prev;
        }
        pthread_mutex_unlock(&h->conns_mu);
        free(hc);
        *socket_context = NULL;
    }
}

static void *reaper_main(void *arg) {
    seal_server_http *h = arg;
    pthread_mutex_lock(&h->reaper_mu);
    while (!h->reaper_stop) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += HTTP_REAPER_TICK_MS * 1000000L;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&h->reaper_cv, &h->reaper_mu, &ts);
        if (h->reaper_stop) {
            break;
        }
        uint64_t now = mono_ns() / 1000000u;
        pthread_mutex_lock(&h->conns_mu);
        for (http_conn *c = h->conns; c != NULL; c = c->next) {
            if (c->killed || c->fd < 0 || atomic_load(&c->phase) != PHASE_RECEIVING) {
                continue;
            }
            uint64_t since = atomic_load(&c->since_ms);
            if (now > since && now - since > h->request_timeout_ms) {
                /* libmicrohttpd sees the end of the stream and closes the connection */
                shutdown(c->fd, SHUT_RDWR);
                c->killed = true;
            }
        }
        pthread_mutex_unlock(&h->conns_mu);
    }
    pthread_mutex_unlock(&h->reaper_mu);
    return NULL;
}

/* ---- requests ------------------------------------------------------------------------------ */

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c) {
    (void)cls;
    http_req *rq = calloc(1, sizeof *rq);
    if (rq == NULL) {
        return NULL;
    }
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    rq->conn = ci != NULL ? ci->socket_context : NULL;
    const char *q = uri != NULL ? strchr(uri, '?') : NULL;
    if (q != NULL) {
        const char *hash = strchr(q + 1, '#');
        size_t n = hash != NULL ? (size_t)(hash - q - 1) : strlen(q + 1);
        rq->query = malloc(n + 1);
        if (rq->query != NULL) {
            memcpy(rq->query, q + 1, n);
            rq->query[n] = '\0';
        }
    }
    return rq;
}

static void req_free(http_req *rq) {
    if (rq == NULL) {
        return;
    }
    if (rq->body != NULL) {
        seal_memzero(rq->body, rq->cap);
        free(rq->body);
    }
    free(rq->query);
    if (rq->held != NULL) {
        if (rq->held->body != NULL) {
            seal_memzero(rq->held->body, rq->held->body_len);
        }
        seal_server_response_clear(rq->held);
        free(rq->held);
    }
    free(rq);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe) {
    seal_server_http *h = cls;
    (void)c;
    (void)toe;
    http_req *rq = *con_cls;
    if (rq == NULL) {
        return;
    }
    if (rq->conn != NULL) {
        atomic_store(&rq->conn->since_ms, mono_ns() / 1000000u);
        atomic_store(&rq->conn->phase, PHASE_RECEIVING);
    }
    if (rq->counted) {
        seal__metrics_in_flight(h->metrics, rq->route, -1);
        atomic_fetch_sub(&h->in_flight, 1);
    }
    if (rq->capped) {
        seal__slot_release(&h->capped);
    }
    if (rq->held != NULL) {
        /* resumed by the audit log's writer, but the client was gone: the held answer is
         * dropped (req_free wipes it) */
        atomic_fetch_sub(&h->suspended, 1);
    }
    req_free(rq);
    *con_cls = NULL;
}

typedef struct owned_body {
    char *p;
    size_t len;
} owned_body;

static void body_free(void *cls) {
    owned_body *b = cls;
    if (b->p != NULL) {
        seal_memzero(b->p, b->len);
        free(b->p);
    }
    free(b);
}

typedef struct reply {
    unsigned status;
    char *body; /* malloc'd; ownership passes to send_reply */
    size_t body_len;
    const char *content_type;
    bool version_headers;
    bool preflight;
    const char *error_kind;
    size_t n_ids;
    const char *sdk_type, *sdk_version;
    const char *reason;
    uint32_t check_policy_us, fetch_pkg_ids_us;
    const char *audit_receipt; /* X-Seal-Audit-Receipt, or NULL */
} reply;

static char *dup_text(const char *s, size_t *len) {
    *len = strlen(s);
    char *p = malloc(*len + 1);
    if (p != NULL) {
        memcpy(p, s, *len + 1);
    }
    return p;
}

/* The metrics and the log line of one answered (or abandoned) request. */
static void record(seal_server_http *h, struct MHD_Connection *c, const http_req *rq,
                   const char *method, unsigned status, const char *error_kind, size_t n_ids,
                   const char *sdk_type, const char *sdk_version, const char *reason,
                   uint32_t check_policy_us, uint32_t fetch_pkg_ids_us) {
    double ms = (double)(mono_ns() - rq->t0_ns) / 1e6;
    /* the label is the route the path names (upstream's matched route), whatever the core
     * answered */
    const char *route = seal__route_name(rq->route);
    const char *m_type = sdk_type, *m_version = sdk_version;
    if ((m_type == NULL || m_type[0] == '\0') && strncmp(route, "/v1/", 4) == 0) {
        /* the core did not say: the headers as sent (bounded label table) */
        m_type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Client-Sdk-Type");
        m_version = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Client-Sdk-Version");
    }
    seal__metrics_obs obs = {rq->route, status,    ms,     error_kind,      n_ids,
                             m_type,    m_version, reason, check_policy_us, fetch_pkg_ids_us};
    seal__metrics_observe(h->metrics, &obs);
    if (h->log_fd >= 0) {
        const char *rid = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Request-Id");
        const char *st = sdk_type, *sv = sdk_version;
        if (st == NULL || st[0] == '\0') {
            st = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Client-Sdk-Type");
        }
        if (sv == NULL || sv[0] == '\0') {
            sv = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Client-Sdk-Version");
        }
        seal__log_request lr = {
            rid,        method, route, status,
            error_kind, ms,     n_ids, rq->conn != NULL ? rq->conn->ip : "unknown",
            st,         sv,     reason};
        seal__log_request_line(h->log_fd, &lr);
    }
}

static bool peer_gone(int fd) {
    if (fd < 0) {
        return false;
    }
    struct pollfd p = {fd, POLLRDHUP, 0};
    return poll(&p, 1, 0) > 0 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR)) != 0;
}

static enum MHD_Result send_reply(seal_server_http *h, struct MHD_Connection *c, http_req *rq,
                                  const char *method, reply *r) {
    struct MHD_Response *resp;
    if (r->body != NULL && r->body_len > 0) {
        owned_body *ob = malloc(sizeof *ob);
        if (ob == NULL) {
            seal_memzero(r->body, r->body_len);
            free(r->body);
            return MHD_NO;
        }
        ob->p = r->body;
        ob->len = r->body_len;
        struct MHD_IoVec iov = {r->body, r->body_len};
        resp = MHD_create_response_from_iovec(&iov, 1, body_free, ob);
        if (resp == NULL) {
            body_free(ob);
            return MHD_NO;
        }
    } else {
        free(r->body);
        resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
        if (resp == NULL) {
            return MHD_NO;
        }
    }
    r->body = NULL;
    bool ok = true;
    if (r->content_type != NULL) {
        ok &= MHD_add_response_header(resp, "Content-Type", r->content_type) == MHD_YES;
    }
    ok &= MHD_add_response_header(resp, "Access-Control-Allow-Origin", "*") == MHD_YES;
    if (r->preflight) {
        ok &= MHD_add_response_header(resp, "Access-Control-Allow-Methods", "*") == MHD_YES;
        ok &= MHD_add_response_header(resp, "Access-Control-Allow-Headers", "*") == MHD_YES;
    } else {
        ok &= MHD_add_response_header(resp, "Access-Control-Expose-Headers", "*") == MHD_YES;
    }
    ok &= MHD_add_response_header(resp, "Vary",
                                  "origin, access-control-request-method, "
                                  "access-control-request-headers") == MHD_YES;
    if (r->audit_receipt != NULL && r->audit_receipt[0] != '\0') {
        ok &= MHD_add_response_header(resp, "X-Seal-Audit-Receipt", r->audit_receipt) == MHD_YES;
    }
    if (r->version_headers) {
        ok &= MHD_add_response_header(resp, "X-KeyServer-Version", SEAL_SERVER_VERSION) == MHD_YES;
        ok &= MHD_add_response_header(resp, "X-KeyServer-GitVersion", SEAL_SERVER_GIT_VERSION) ==
              MHD_YES;
    }
    if (atomic_load(&h->stopping)) {
        ok &= MHD_add_response_header(resp, "Connection", "close") == MHD_YES;
    }
    enum MHD_Result ret = ok ? MHD_queue_response(c, r->status, resp) : MHD_NO;
    MHD_destroy_response(resp);

    record(h, c, rq, method, r->status, r->error_kind, r->n_ids, r->sdk_type, r->sdk_version,
           r->reason, r->check_policy_us, r->fetch_pkg_ids_us);
    return ret;
}

/* An error answered by this layer (not the core): JSON {"error","message"} or plain text. */
static enum MHD_Result send_error(seal_server_http *h, struct MHD_Connection *c, http_req *rq,
                                  const char *method, const char *url, unsigned status,
                                  const char *kind, const char *message) {
    reply r;
    memset(&r, 0, sizeof r);
    r.status = status;
    r.error_kind = kind;
    r.version_headers = strncmp(url, "/v1/", 4) == 0;
    if (kind != NULL) {
        char buf[256];
        snprintf(buf, sizeof buf, "{\"error\":\"%s\",\"message\":\"%s\"}", kind, message);
        r.body = dup_text(buf, &r.body_len);
        r.content_type = "application/json";
    } else {
        r.body = dup_text(message, &r.body_len);
        r.content_type = "text/plain; charset=utf-8";
    }
    if (r.body == NULL) {
        return MHD_NO;
    }
    return send_reply(h, c, rq, method, &r);
}

typedef struct header_list {
    seal_server_header items[HTTP_MAX_HEADERS];
    size_t n;
    bool overflow;
} header_list;

static enum MHD_Result collect_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                      const char *value) {
    header_list *hl = cls;
    (void)kind;
    if (hl->n == HTTP_MAX_HEADERS) {
        hl->overflow = true;
        return MHD_NO;
    }
    hl->items[hl->n].name = key;
    hl->items[hl->n].value = value != NULL ? value : "";
    hl->n++;
    return MHD_YES;
}

/* Sends the core's answer and clears resp. */
static enum MHD_Result send_answer(seal_server_http *h, struct MHD_Connection *c, http_req *rq,
                                   const char *method, seal_server_response *resp) {
    reply r;
    memset(&r, 0, sizeof r);
    r.status = resp->status;
    r.body = resp->body;
    r.body_len = resp->body_len;
    resp->body = NULL; /* ownership moves to the reply (wiped when sent) */
    resp->body_len = 0;
    r.content_type = resp->content_type;
    r.version_headers = resp->version_headers;
    r.error_kind = resp->error_kind;
    r.n_ids = resp->n_ids;
    r.sdk_type = resp->sdk_type;
    r.sdk_version = resp->sdk_version;
    r.reason = resp->reason;
    r.check_policy_us = resp->check_policy_us;
    r.fetch_pkg_ids_us = resp->fetch_pkg_ids_us;
    r.audit_receipt = resp->audit_receipt;
    enum MHD_Result ret = send_reply(h, c, rq, method, &r);
    seal_server_response_clear(resp);
    return ret;
}

/* The audit log's writer: the held answer's record is durable (or failed). */
static void on_audit_durable(void *ctx, seal_err err) {
    http_req *rq = ctx;
    atomic_store(&rq->held_result, err == SEAL_OK ? 1 : 2);
    MHD_resume_connection(rq->mhd);
}

/* A granted answer leaves only once its audit record is durable: the connection is suspended
 * (the worker serves others meanwhile) and resumed by the log's writer after the commit. */
static enum MHD_Result hold_answer(seal_server_http *h, struct MHD_Connection *c, http_req *rq,
                                   seal_server_response *resp) {
    struct seal_audit_pending *p = resp->audit_pending;
    resp->audit_pending = NULL;
    rq->held = malloc(sizeof *rq->held);
    if (rq->held == NULL) {
        seal_audit_pending_release(p);
        seal_server_response_audit_failed(resp);
        seal_server_response_clear(resp);
        return MHD_NO;
    }
    *rq->held = *resp;
    rq->mhd = c;
    atomic_store(&rq->held_result, 0);
    atomic_fetch_add(&h->suspended, 1);
    MHD_suspend_connection(c);
    seal_audit_pending_then(p, on_audit_durable, rq);
    return MHD_YES;
}

/* Resumed: the held answer, or 503 Failure when its record could not be written. */
static enum MHD_Result send_held(seal_server_http *h, struct MHD_Connection *c, http_req *rq,
                                 const char *method) {
    int result = atomic_load(&rq->held_result);
    if (result == 0) {
        return MHD_YES; /* not resumed by the log's writer yet */
    }
    seal_server_response *resp = rq->held;
    rq->held = NULL;
    atomic_fetch_sub(&h->suspended, 1);
    if (result != 1) {
        seal_server_response_audit_failed(resp);
    }
    enum MHD_Result ret = send_answer(h, c, rq, method, resp);
    free(resp);
    return ret;
}

static enum MHD_Result handle_complete(seal_server_http *h, struct MHD_Connection *c, http_req *rq,
                                       const char *url, const char *method) {
    if (rq->too_large) {
        return send_error(h, c, rq, method, url, 413, NULL,
                          "Failed to buffer the request body: length limit exceeded");
    }
    if (rq->conn != NULL) {
        atomic_store(&rq->conn->phase, PHASE_HANDLING);
        if (peer_gone(rq->conn->fd)) {
            /* The client closed (or half-closed) its side while its request waited for a
             * worker: nobody reads the answer, so the core is not run (as upstream, where the
             * handler is dropped with the connection). Logged and counted as status 499. */
            record(h, c, rq, method, 499, "ClientClosedRequest", 0, NULL, NULL, NULL, 0, 0);
            return MHD_NO;
        }
    }
    header_list *hl = malloc(sizeof *hl);
    if (hl == NULL) {
        return send_error(h, c, rq, method, url, 503, "Failure",
                          "Internal server error, please try again later");
    }
    hl->n = 0;
    hl->overflow = false;
    MHD_get_connection_values(c, MHD_HEADER_KIND, collect_header, hl);
    if (hl->overflow) {
        free(hl);
        return send_error(h, c, rq, method, url, 431, NULL, "Too many request headers");
    }
    seal_server_request req;
    memset(&req, 0, sizeof req);
    req.method = method;
    req.path = url;
    req.query = rq->query;
    req.headers = hl->items;
    req.n_headers = hl->n;
    req.body = rq->body != NULL ? rq->body : (const uint8_t *)"";
    req.body_len = rq->len;
    req.now_ms = wall_ms();
    seal_server_response resp;
    memset(&resp, 0, sizeof resp);
    h->svc.handle(h->svc.ctx, &req, &resp);
    free(hl);
    if (resp.audit_pending != NULL) {
        return hold_answer(h, c, rq, &resp);
    }
    return send_answer(h, c, rq, method, &resp);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_size, void **con_cls) {
    seal_server_http *h = cls;
    http_req *rq = *con_cls;
    (void)version;
    if (rq == NULL) {
        return MHD_NO; /* out of memory when the request line arrived: drop the connection */
    }
    if (!rq->started) {
        rq->started = true;
        rq->t0_ns = mono_ns();
        rq->route = seal__route_of_path(url);
        if (rq->conn == NULL) {
            return MHD_NO;
        }
        if (strcmp(method, "OPTIONS") == 0 &&
            MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Access-Control-Request-Method") !=
                NULL) {
            reply r;
            memset(&r, 0, sizeof r);
            r.status = 200;
            r.preflight = true;
            return send_reply(h, c, rq, method, &r);
        }
        if (rq->route != SEAL__ROUTE_HEALTH) {
            if (h->rate != NULL &&
                !seal__rate_allow(h->rate, rq->conn->ip_key, mono_ns() / 1000u)) {
                return send_error(h, c, rq, method, url, 429, "TooManyRequests",
                                  "Too many requests from this client, please slow down");
            }
            if (h->max_in_flight > 0) {
                if (!seal__slot_take(&h->capped, h->max_in_flight)) {
                    return send_error(h, c, rq, method, url, 503, "Failure",
                                      "Internal server error, please try again later");
                }
                rq->capped = true;
            }
        }
        rq->counted = true;
        atomic_fetch_add(&h->in_flight, 1);
        seal__metrics_in_flight(h->metrics, rq->route, +1);
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
        if (cl != NULL) {
            char *end = NULL;
            errno = 0;
            unsigned long long n = strtoull(cl, &end, 10);
            if (errno != 0 || end == cl || n > SEAL_SERVER_BODY_MAX_BYTES) {
                /* refused before reading the body (no "100 Continue" is sent) */
                return send_error(h, c, rq, method, url, 413, NULL,
                                  "Failed to buffer the request body: length limit exceeded");
            }
        }
        return MHD_YES;
    }
    if (*upload_size != 0) {
        size_t n = *upload_size;
        *upload_size = 0;
        if (rq->too_large) {
            return MHD_YES; /* discard what follows the limit */
        }
        if (n > SEAL_SERVER_BODY_MAX_BYTES - rq->len) {
            rq->too_large = true;
            if (rq->body != NULL) {
                seal_memzero(rq->body, rq->cap);
                free(rq->body);
                rq->body = NULL;
            }
            rq->len = rq->cap = 0;
            return MHD_YES;
        }
        if (rq->len + n > rq->cap) {
            size_t ncap = rq->cap == 0 ? 4096 : rq->cap * 2;
            while (ncap < rq->len + n) {
                ncap *= 2;
            }
            if (ncap > SEAL_SERVER_BODY_MAX_BYTES) {
                ncap = SEAL_SERVER_BODY_MAX_BYTES;
            }
            uint8_t *nb = malloc(ncap);
            if (nb == NULL) {
                return MHD_NO;
            }
            if (rq->body != NULL) {
                memcpy(nb, rq->body, rq->len);
                seal_memzero(rq->body, rq->cap);
                free(rq->body);
            }
            rq->body = nb;
            rq->cap = ncap;
        }
        memcpy(rq->body + rq->len, upload_data, n);
        rq->len += n;
        return MHD_YES;
    }
    if (rq->held != NULL) {
        return send_held(h, c, rq, method);
    }
    return handle_complete(h, c, rq, url, method);
}

/* ---- the metrics listener ------------------------------------------------------------------ */

static enum MHD_Result on_metrics(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_size, void **con_cls) {
    seal_server_http *h = cls;
    (void)version;
    (void)upload_data;
    if (*con_cls == NULL) {
        *con_cls = (void *)1;
        return MHD_YES;
    }
    if (*upload_size != 0) {
        *upload_size = 0; /* bodies are ignored */
        return MHD_YES;
    }
    char *text = NULL;
    size_t len = 0;
    unsigned status = 200;
    const char *ctype = "text/plain; version=0.0.4; charset=utf-8";
    if (strcmp(url, "/metrics") != 0) {
        status = 404;
        text = dup_text("not found\n", &len);
        ctype = "text/plain; charset=utf-8";
    } else if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
        status = 405;
        text = dup_text("method not allowed\n", &len);
        ctype = "text/plain; charset=utf-8";
    } else if (seal__metrics_render_with(h->metrics, h->svc.metrics, h->svc.metrics_ctx, &text,
                                         &len) != SEAL_OK) {
        return MHD_NO;
    }
    if (text == NULL) {
        return MHD_NO;
    }
    struct MHD_Response *resp = MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE);
    if (resp == NULL) {
        free(text);
        return MHD_NO;
    }
    enum MHD_Result ret = MHD_add_response_header(resp, "Content-Type", ctype);
    if (ret == MHD_YES) {
        ret = MHD_queue_response(c, status, resp);
    }
    MHD_destroy_response(resp);
    return ret;
}

/* ---- start / stop -------------------------------------------------------------------------- */

static uint16_t daemon_port(struct MHD_Daemon *d) {
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    return di != NULL ? di->port : 0;
}

static void http_free(seal_server_http *h) {
    if (h == NULL) {
        return;
    }
    if (h->reaper_started) {
        pthread_mutex_lock(&h->reaper_mu);
        h->reaper_stop = true;
        pthread_cond_signal(&h->reaper_cv);
        pthread_mutex_unlock(&h->reaper_mu);
        pthread_join(h->reaper, NULL);
    }
    if (h->d != NULL) {
        /* libmicrohttpd must not be stopped with suspended connections: the audit log's writer
         * resumes every held answer once its commit ends */
        while (atomic_load(&h->suspended) > 0) {
            struct timespec ts = {0, 1000000L};
            nanosleep(&ts, NULL);
        }
        MHD_stop_daemon(h->d);
    }
    if (h->md != NULL) {
        MHD_stop_daemon(h->md);
    }
    seal__rate_free(h->rate);
    seal__metrics_free(h->metrics);
    pthread_mutex_destroy(&h->conns_mu);
    pthread_mutex_destroy(&h->reaper_mu);
    pthread_cond_destroy(&h->reaper_cv);
    free(h);
}

seal_err seal_server_http_start(seal_server_http **out, seal_server *core,
                                const seal_server_config *cfg, char *err, size_t err_len) {
    return seal_server_http_start_opts(out, core, cfg, NULL, err, err_len);
}

static void key_server_handle(void *ctx, const seal_server_request *req,
                              seal_server_response *resp) {
    seal_server_handle(ctx, req, resp);
}

/* The key server's own families: the chain's and the batching's (docs/server.md) and the audit
 * log's metrics (docs/audit.md). */
static void key_server_metrics(void *ctx, seal__prom *o) {
    char *audit = NULL;
    size_t alen = 0;
    seal_server_chain_metrics(ctx, o);
    seal_server_batch_metrics(ctx, o);
    if (seal_server_audit_metrics(ctx, &audit, &alen) == SEAL_OK && alen > 0) {
        seal__prom_printf(o, "%s", audit);
    }
    free(audit);
    /* a committee member's gauges (server_committee_http.c) */
    char *committee = NULL;
    size_t clen = 0;
    if (seal_server_committee_metrics(ctx, &committee, &clen) == SEAL_OK && clen > 0) {
        seal__prom_printf(o, "%s", committee);
    }
    free(committee);
}

seal_err seal_server_http_start_opts(seal_server_http **out, seal_server *core,
                                     const seal_server_config *cfg,
                                     const seal_server_http_options *opts, char *err,
                                     size_t err_len) {
    seal_server_http_service svc = {"key-server", key_server_handle, core, key_server_metrics,
                                    core};
    return seal_server_http_start_service(out, &svc, cfg, opts, err, err_len);
}

seal_err seal_server_http_start_service(seal_server_http **out, const seal_server_http_service *svc,
                                        const seal_server_config *cfg,
                                        const seal_server_http_options *opts, char *err,
                                        size_t err_len) {
    seal_err e = SEAL_OK;
    seal_server_http_options o;
    memset(&o, 0, sizeof o);
    if (opts != NULL) {
        o = *opts;
    }
    *out = NULL;
    if (err_len > 0) {
        err[0] = '\0';
    }
    seal_server_http *h = calloc(1, sizeof *h);
    if (h == NULL) {
        snprintf(err, err_len, "out of memory");
        return SEAL_ERR_NO_MEMORY;
    }
    pthread_mutex_init(&h->conns_mu, NULL);
    pthread_mutex_init(&h->reaper_mu, NULL);
    pthread_cond_init(&h->reaper_cv, NULL);
    h->svc = *svc;
    h->log_fd = o.log_fd == 0 ? 2 : o.log_fd;
    h->max_in_flight = cfg->max_in_flight;
    h->v6_prefix = cfg->rate_limit_ipv6_prefix;
    h->request_timeout_ms =
        o.request_timeout_ms != 0 ? o.request_timeout_ms : HTTP_DEFAULT_REQUEST_TIMEOUT_MS;
    atomic_init(&h->in_flight, 0);
    atomic_init(&h->capped, 0u);
    atomic_init(&h->suspended, 0);
    atomic_init(&h->stopping, false);

    struct sockaddr_storage ss, mss;
    socklen_t ss_len = 0, mss_len = 0;
    if (!parse_host_port(cfg->listen, &ss, &ss_len, err, err_len, "listen")) {
        e = SEAL_ERR_INVALID_ARGUMENT;
        goto out;
    }
    bool metrics_on = cfg->metrics_host_port[0] != '\0';
    if (metrics_on && !parse_host_port(cfg->metrics_host_port, &mss, &mss_len, err, err_len,
                                       "metrics_host_port")) {
        e = SEAL_ERR_INVALID_ARGUMENT;
        goto out;
    }
    if ((e = seal__metrics_new(&h->metrics)) != SEAL_OK) {
        snprintf(err, err_len, "out of memory");
        goto out;
    }
    if (cfg->rate_limit_per_ip_per_s > 0) {
        size_t table = o.rate_table_size != 0 ? o.rate_table_size : HTTP_DEFAULT_RATE_TABLE;
        if ((e = seal__rate_new(&h->rate, cfg->rate_limit_per_ip_per_s, cfg->rate_limit_burst,
                                table)) != SEAL_OK) {
            snprintf(err, err_len, "rate limiter: invalid settings");
            goto out;
        }
    }
    unsigned threads = cfg->threads != 0 ? cfg->threads : 2;
    unsigned conn_limit =
        o.connection_limit != 0 ? o.connection_limit : HTTP_DEFAULT_CONNECTION_LIMIT;
    /* libmicrohttpd's own inactivity timeout bounds slow readers of responses; the reaper
     * enforces the (shorter) request deadline. */
    unsigned idle_s = (h->request_timeout_ms + 999u) / 1000u;
    if (idle_s < 30) {
        idle_s = 30;
    }
    unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_ALLOW_SUSPEND_RESUME;
    if (ss.ss_family == AF_INET6) {
        flags |= MHD_USE_IPv6;
    }
    h->d = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, h, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
        MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_LIMIT, conn_limit,
        MHD_OPTION_CONNECTION_TIMEOUT, idle_s, MHD_OPTION_NOTIFY_CONNECTION, on_connection, h,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, h, MHD_OPTION_URI_LOG_CALLBACK, on_uri, h,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024), MHD_OPTION_LISTEN_BACKLOG_SIZE,
        1024u, MHD_OPTION_END);
    if (h->d == NULL) {
        snprintf(err, err_len, "listen: cannot listen on %s (address in use or not local?)",
                 cfg->listen);
        e = SEAL_ERR_IO;
        goto out;
    }
    h->port = daemon_port(h->d);
    if (metrics_on) {
        unsigned mflags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL;
        if (mss.ss_family == AF_INET6) {
            mflags |= MHD_USE_IPv6;
        }
        h->md = MHD_start_daemon(mflags, 0, NULL, NULL, on_metrics, h, MHD_OPTION_SOCK_ADDR,
                                 (struct sockaddr *)&mss, MHD_OPTION_CONNECTION_LIMIT, 64u,
                                 MHD_OPTION_CONNECTION_TIMEOUT, 10u, MHD_OPTION_END);
        if (h->md == NULL) {
            snprintf(err, err_len, "metrics_host_port: cannot listen on %s",
                     cfg->metrics_host_port);
            e = SEAL_ERR_IO;
            goto out;
        }
        h->mport = daemon_port(h->md);
    }
    if (pthread_create(&h->reaper, NULL, reaper_main, h) != 0) {
        snprintf(err, err_len, "cannot start a thread");
        e = SEAL_ERR_NO_MEMORY;
        goto out;
    }
    h->reaper_started = true;
    {
        char extra[320];
        snprintf(extra, sizeof extra,
                 "\"service\":\"%s\",\"version\":\"%s\",\"port\":%u,\"metrics_port\":%u,"
                 "\"threads\":%u,\"max_in_flight\":%u,\"rate_limit_per_ip_per_s\":%u",
                 svc->name, SEAL_SERVER_VERSION, (unsigned)h->port, (unsigned)h->mport, threads,
                 (unsigned)cfg->max_in_flight, (unsigned)cfg->rate_limit_per_ip_per_s);
        seal__log_event(h->log_fd, "start", extra);
        /* once: the master keys could not be locked in RAM (RLIMIT_MEMLOCK, no CAP_IPC_LOCK);
         * they stay out of core dumps and are wiped, but may be swapped out */
        int lock_err = seal__secure_lock_error();
        if (lock_err != 0) {
            size_t pos = 0;
            char reason[160];
            snprintf(reason, sizeof reason, "mlock: %s", strerror(lock_err));
            memcpy(extra, "\"reason\":", 9);
            pos = 9;
            seal__log_json_string(extra, sizeof extra, &pos, reason, 120);
            seal__log_event(h->log_fd, "keys_not_locked", extra);
        }
    }
    *out = h;
    h = NULL;
out:
    http_free(h);
    return e;
}

uint16_t seal_server_http_port(const seal_server_http *h) {
    return h != NULL ? h->port : 0;
}

uint16_t seal_server_http_metrics_port(const seal_server_http *h) {
    return h != NULL ? h->mport : 0;
}

void seal_server_http_stop(seal_server_http *h, uint32_t grace_ms) {
    if (h == NULL) {
        return;
    }
    atomic_store(&h->stopping, true);
    MHD_socket lfd = MHD_quiesce_daemon(h->d);
    if (lfd != MHD_INVALID_SOCKET) {
        close(lfd);
    }
    uint64_t t0 = mono_ns();
    uint64_t deadline = t0 + (uint64_t)grace_ms * 1000000u;
    while (atomic_load(&h->in_flight) > 0 && mono_ns() < deadline) {
        struct timespec ts = {0, 5 * 1000000L};
        nanosleep(&ts, NULL);
    }
    char extra[128];
    snprintf(extra, sizeof extra, "\"unfinished_requests\":%d,\"drain_ms\":%.0f",
             atomic_load(&h->in_flight), (double)(mono_ns() - t0) / 1e6);
    seal__log_event(h->log_fd, "stop", extra);
    http_free(h);
}
