/* A key server whose full node is dead, silent, answers garbage or fails with HTTP 500: every
 * valid fetch_key request gets 503 Failure (retryable, as upstream) within the chain layer's
 * timeout and retries, never a hang, and the server keeps answering /health. The same request on
 * a server with a working chain is granted (so the 503s are the node's doing).
 *
 * The request comes from fuzz/server_fixture.h (an allowlist on an embedded ledger); the server
 * under test has the same configuration with a chain pointed at a fake node on 127.0.0.1, over
 * JSON-RPC and over gRPC (gRPC-web). Exit status 0 when every case behaves. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "server_fixture.h"

#define TIMEOUT_MS 400u
#define RETRIES 1u

typedef enum node_kind { NODE_DEAD, NODE_SILENT, NODE_GARBAGE, NODE_HTTP_500 } node_kind;

typedef struct fake_node {
    node_kind kind;
    int fd;
    uint16_t port;
    pthread_t thread;
    bool running;
    unsigned requests;
} fake_node;

static int g_failures;

static void check(bool ok, const char *what) {
    printf("%s %s\n", ok ? "ok  " : "FAIL", what);
    if (!ok)
        g_failures++;
}

static uint64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static int listen_any(uint16_t *port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    socklen_t len = sizeof a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(fd, 64) != 0 ||
        getsockname(fd, (struct sockaddr *)&a, &len) != 0) {
        perror("fake node");
        exit(2);
    }
    *port = ntohs(a.sin_port);
    return fd;
}

/* Answers every connection once (garbage or 500), then closes it. */
static void *serve(void *arg) {
    fake_node *n = arg;
    static const char garbage[] = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                  "Content-Length: 11\r\nConnection: close\r\n\r\n{\"jsonrpc\":";
    static const char http500[] = "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n"
                                  "Connection: close\r\n\r\n";
    for (;;) {
        int c = accept(n->fd, NULL, NULL);
        if (c < 0)
            break;
        char buf[8192];
        ssize_t got = recv(c, buf, sizeof buf, 0); /* the request (small, one read is enough) */
        (void)got;
        n->requests++;
        const char *a = n->kind == NODE_GARBAGE ? garbage : http500;
        size_t len = n->kind == NODE_GARBAGE ? sizeof garbage - 1 : sizeof http500 - 1;
        if (send(c, a, len, MSG_NOSIGNAL) < 0) {
            /* the client gave up: fine */
        }
        close(c);
    }
    return NULL;
}

static void node_start(fake_node *n, node_kind kind) {
    memset(n, 0, sizeof *n);
    n->kind = kind;
    n->fd = listen_any(&n->port);
    if (kind == NODE_DEAD) {
        close(n->fd); /* nothing listens on the port any more: connections are refused */
        n->fd = -1;
    } else if (kind == NODE_GARBAGE || kind == NODE_HTTP_500) {
        n->running = pthread_create(&n->thread, NULL, serve, n) == 0;
    }
    /* NODE_SILENT: connections complete in the backlog and nobody ever answers */
}

static void node_stop(fake_node *n) {
    if (n->fd >= 0) {
        shutdown(n->fd, SHUT_RDWR);
        close(n->fd);
    }
    if (n->running)
        pthread_join(n->thread, NULL);
}

static void post(seal_server *s, const srvfix *f, seal_server_response *resp) {
    seal_server_request req;
    srvfix_request(&req, f, f->body, f->body_len);
    seal_server_handle(s, &req, resp);
}

static bool health_ok(seal_server *s, const srvfix *f) {
    seal_server_request req;
    seal_server_response resp;
    memset(&req, 0, sizeof req);
    req.method = "GET";
    req.path = "/health";
    req.now_ms = f->now;
    seal_server_handle(s, &req, &resp);
    bool ok = resp.status == 200;
    seal_server_response_clear(&resp);
    return ok;
}

static const char *const NAMES[] = {"dead (connection refused)", "silent (never answers)",
                                    "garbage (truncated JSON)", "HTTP 500 on every request"};

int main(void) {
    srvfix f;
    srvfix_init(&f);
    /* the working server grants the request */
    seal_server_response resp;
    post(f.server, &f, &resp);
    check(resp.status == 200, "the request is granted with a working chain");
    seal_server_response_clear(&resp);

    for (int p = 0; p < 2; p++)
        for (int k = NODE_DEAD; k <= NODE_HTTP_500; k++) {
            fake_node n;
            char spec[64], what[200];
            const char *proto = p == 0 ? "JSON-RPC" : "gRPC";
            node_start(&n, (node_kind)k);
            snprintf(spec, sizeof spec, "%shttp://127.0.0.1:%u", p == 0 ? "jsonrpc+" : "",
                     (unsigned)n.port);
            seal_chain_options o;
            memset(&o, 0, sizeof o);
            o.timeout_ms = TIMEOUT_MS;
            o.max_retries = RETRIES;
            seal_chain *chain = NULL;
            seal_server *srv = NULL;
            if (seal_chain_open(&chain, spec, &o) != SEAL_OK ||
                seal_server_create(&srv, &f.cfg, chain) != SEAL_OK) {
                fprintf(stderr, "cannot create the server on %s\n", spec);
                return 2;
            }
            for (int round = 0; round < 2; round++) {
                uint64_t t0 = now_ms();
                post(srv, &f, &resp);
                uint64_t took = now_ms() - t0;
                /* bound: every attempt times out, plus the backoff between them, plus slack */
                uint64_t bound = (uint64_t)TIMEOUT_MS * (RETRIES + 1u) + 100u * RETRIES + 1500u;
                /* (gRPC: curl waits up to 10 % past the node's deadline) */
                bound += (uint64_t)TIMEOUT_MS * (RETRIES + 1u) / 10u;
                snprintf(what, sizeof what,
                         "%s node %s, request %d: 503 Failure (%u, %s) in %llu ms <= %llu", proto,
                         NAMES[k], round + 1, resp.status,
                         resp.error_kind != NULL ? resp.error_kind : "-", (unsigned long long)took,
                         (unsigned long long)bound);
                check(resp.status == 503 && resp.error_kind != NULL &&
                          strcmp(resp.error_kind, "Failure") == 0 && took <= bound,
                      what);
                check(resp.body != NULL && strstr(resp.body, "\"error\":\"Failure\"") != NULL,
                      "  the body is the official Failure error");
                seal_server_response_clear(&resp);
                snprintf(what, sizeof what, "%s node %s: /health still answers", proto, NAMES[k]);
                check(health_ok(srv, &f), what);
            }
            if (k == NODE_HTTP_500 && p == 0) {
                snprintf(what, sizeof what, "HTTP 500 is retried (%u requests for 2 key requests)",
                         n.requests);
                check(n.requests >= 2u * (RETRIES + 1u), what);
            } else if (k == NODE_HTTP_500) {
                /* gRPC reads HTTP 500 without grpc-status as UNKNOWN: the node's answer, not
                 * retried (as gRPC's clients do; 503 would be UNAVAILABLE, retried) */
                snprintf(what, sizeof what,
                         "gRPC: HTTP 500 is not retried (%u requests for 2 key requests)",
                         n.requests);
                check(n.requests == 2u, what);
            }
            seal_server_free(srv);
            seal_chain_close(chain);
            node_stop(&n);
        }

    /* the working server is unaffected */
    post(f.server, &f, &resp);
    check(resp.status == 200, "the working server still grants the request");
    seal_server_response_clear(&resp);
    srvfix_free(&f);
    printf("fault_node: %d failure(s)\n", g_failures);
    return g_failures == 0 ? 0 : 1;
}
