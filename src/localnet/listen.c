/* The local chain's listening socket: one port for JSON-RPC and gRPC-web over HTTP/1.1
 * (libmicrohttpd, which gets each such connection with MHD_add_connection) and native gRPC over
 * HTTP/2 cleartext (grpc_h2.c). A new connection is told apart by its first bytes, peeked
 * without consuming them: the HTTP/2 client preface "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" (prior
 * knowledge, as gRPC clients send over h2c) or anything else (HTTP/1.1). A connection that
 * sends nothing for 10 s while undecided is closed; at most 1024 wait at once. */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "localnet/internal.h"

#define PREFACE "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
#define PREFACE_LEN (sizeof PREFACE - 1)
#define MAX_PENDING 1024
#define SNIFF_TIMEOUT_MS 10000

typedef struct pending {
    int fd;
    uint64_t deadline;
    struct sockaddr_storage addr;
    socklen_t addr_len;
} pending;

static uint64_t now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000u + (uint64_t)t.tv_nsec / 1000000u;
}

/* Decides a pending connection: 1 HTTP/2, 0 HTTP/1.1, -1 closed, 2 not yet. */
static int sniff(int fd) {
    char buf[PREFACE_LEN];
    ssize_t n = recv(fd, buf, sizeof buf, MSG_PEEK | MSG_DONTWAIT);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
        return -1;
    if (n < 0)
        return 2;
    if (memcmp(buf, PREFACE, (size_t)n) != 0)
        return 0;
    return (size_t)n == PREFACE_LEN ? 1 : 2;
}

static void *acceptor(void *arg) {
    seal_localnet_rpc *s = arg;
    pending *p = calloc(MAX_PENDING, sizeof *p);
    size_t n = 0;
    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event ev;
    if (p == NULL || ep < 0)
        goto out;
    ev.events = EPOLLIN;
    ev.data.fd = s->listen_fd;
    epoll_ctl(ep, EPOLL_CTL_ADD, s->listen_fd, &ev);
    ev.data.fd = s->wake_fd;
    epoll_ctl(ep, EPOLL_CTL_ADD, s->wake_fd, &ev);
    for (;;) {
        struct epoll_event evs[64];
        int k = epoll_wait(ep, evs, 64, 1000);
        uint64_t now = now_ms();
        bool stop = false;
        if (k < 0 && errno != EINTR)
            break;
        for (int i = 0; i < k; i++) {
            int fd = evs[i].data.fd;
            if (fd == s->wake_fd) {
                stop = true;
            } else if (fd == s->listen_fd) {
                pending q;
                q.addr_len = sizeof q.addr;
                q.fd = accept4(s->listen_fd, (struct sockaddr *)&q.addr, &q.addr_len, SOCK_CLOEXEC);
                if (q.fd < 0)
                    continue;
                if (n == MAX_PENDING) {
                    close(q.fd);
                    continue;
                }
                q.deadline = now + SNIFF_TIMEOUT_MS;
                p[n++] = q;
                ev.events = EPOLLIN | EPOLLRDHUP;
                ev.data.fd = q.fd;
                epoll_ctl(ep, EPOLL_CTL_ADD, q.fd, &ev);
            }
        }
        /* decide the pending connections that sent something (or timed out) */
        for (size_t i = 0; i < n;) {
            int v = sniff(p[i].fd);
            if (v == 2 && now < p[i].deadline) {
                i++;
                continue;
            }
            epoll_ctl(ep, EPOLL_CTL_DEL, p[i].fd, NULL);
            if (v == 1) {
                if (!seal__localnet_h2_serve(s, p[i].fd))
                    close(p[i].fd);
            } else if (v == 0) {
                /* MHD owns the socket from here, also on failure */
                MHD_add_connection(s->daemon, p[i].fd, (const struct sockaddr *)&p[i].addr,
                                   p[i].addr_len);
            } else {
                close(p[i].fd);
            }
            p[i] = p[--n];
        }
        if (stop)
            break;
    }
out:
    for (size_t i = 0; i < n; i++)
        close(p[i].fd);
    free(p);
    if (ep >= 0)
        close(ep);
    return NULL;
}

seal_err seal__localnet_listen_start(seal_localnet_rpc *s, const void *sockaddr_in) {
    const struct sockaddr_in *sa = sockaddr_in;
    struct sockaddr_in bound;
    socklen_t len = sizeof bound;
    int one = 1;
    s->listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (s->listen_fd < 0)
        return SEAL_ERR_IO;
    setsockopt(s->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(s->listen_fd, (const struct sockaddr *)sa, sizeof *sa) != 0 ||
        listen(s->listen_fd, 512) != 0 ||
        getsockname(s->listen_fd, (struct sockaddr *)&bound, &len) != 0) {
        close(s->listen_fd);
        s->listen_fd = -1;
        return SEAL_ERR_IO;
    }
    s->port = ntohs(bound.sin_port);
    if ((s->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) < 0) {
        close(s->listen_fd);
        s->listen_fd = -1;
        return SEAL_ERR_IO;
    }
    if (pthread_create(&s->acceptor, NULL, acceptor, s) != 0) {
        close(s->listen_fd);
        close(s->wake_fd);
        s->listen_fd = s->wake_fd = -1;
        return SEAL_ERR_IO;
    }
    s->acceptor_started = true;
    return SEAL_OK;
}

void seal__localnet_listen_stop(seal_localnet_rpc *s) {
    uint64_t one = 1;
    if (s->acceptor_started) {
        if (write(s->wake_fd, &one, sizeof one) < 0) {
            /* the eventfd cannot be full after one write */
        }
        pthread_join(s->acceptor, NULL);
        s->acceptor_started = false;
    }
    if (s->listen_fd >= 0)
        close(s->listen_fd);
    if (s->wake_fd >= 0)
        close(s->wake_fd);
    s->listen_fd = s->wake_fd = -1;
}

/* ---- HTTP/2 connection accounting ----------------------------------------------------------- */

bool seal__localnet_h2_begin(seal_localnet_rpc *s) {
    bool ok;
    pthread_mutex_lock(&s->flight_mu);
    ok = !s->h2_stopping && s->h2_connections < SEAL__LOCALNET_MAX_H2;
    if (ok)
        s->h2_connections++;
    pthread_mutex_unlock(&s->flight_mu);
    return ok;
}

void seal__localnet_h2_done(seal_localnet_rpc *s) {
    pthread_mutex_lock(&s->flight_mu);
    if (s->h2_connections > 0 && --s->h2_connections == 0)
        pthread_cond_broadcast(&s->flight_cv);
    pthread_mutex_unlock(&s->flight_mu);
}

bool seal__localnet_h2_stopping(seal_localnet_rpc *s) {
    bool v;
    pthread_mutex_lock(&s->flight_mu);
    v = s->h2_stopping;
    pthread_mutex_unlock(&s->flight_mu);
    return v;
}

void seal__localnet_h2_stop_wait(seal_localnet_rpc *s) {
    /* Each connection sends GOAWAY within its poll interval and closes at most 2 s later (its
     * current call, if any, is short): the threads use s, so wait for all of them. */
    pthread_mutex_lock(&s->flight_mu);
    s->h2_stopping = true;
    while (s->h2_connections > 0)
        pthread_cond_wait(&s->flight_cv, &s->flight_mu);
    pthread_mutex_unlock(&s->flight_mu);
}
