/* Loopback exchanges for the targets that fuzz a listening socket in process
 * (fuzz/fuzz_server_http.c, fuzz/fuzz_localnet_http.c; also tests/fault/fault_alloc.c): the
 * input is written to a fresh TCP connection while the answer is read, until the server closes
 * or a deadline passes. */
#ifndef SEAL_FUZZ_NET_H
#define SEAL_FUZZ_NET_H

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

typedef struct fuzz_net_answer {
    uint8_t head[256]; /* the first bytes of the answer */
    size_t len;        /* bytes read in all */
    bool closed;       /* the server closed (or reset) the connection before the deadline */
} fuzz_net_answer;

static inline uint64_t fuzz_net_now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000u + (uint64_t)t.tv_nsec / 1000000u;
}

/* Sends req (len bytes) to 127.0.0.1:port and reads the answer until the server closes or
 * timeout_ms pass; all (when not NULL) receives its first all_cap bytes. quiet_ms > 0: once
 * everything is sent and nothing came for quiet_ms, the writing half is shut down (a server
 * waiting for the rest of a request sees the end; libmicrohttpd drops a request whose client
 * shut down its writing half, so this is not done sooner). Returns false when no connection
 * could be made. */
static inline bool fuzz_net_exchange_full(uint16_t port, const uint8_t *req, size_t len,
                                          unsigned timeout_ms, unsigned quiet_ms,
                                          fuzz_net_answer *a, uint8_t *all, size_t all_cap) {
    memset(a, 0, sizeof *a);
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return false;
    }
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        close(fd);
        return false;
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    uint64_t start = fuzz_net_now_ms(), deadline = start + timeout_ms, last = start;
    size_t sent = 0;
    bool wr_shut = false;
    for (;;) {
        uint64_t now = fuzz_net_now_ms();
        if (now >= deadline) {
            break;
        }
        if (!wr_shut && sent == len && quiet_ms > 0 && now >= last + quiet_ms) {
            shutdown(fd, SHUT_WR);
            wr_shut = true;
        }
        uint64_t until = deadline;
        if (!wr_shut && sent == len && quiet_ms > 0 && last + quiet_ms < until) {
            until = last + quiet_ms;
        }
        struct pollfd p = {fd, (short)(POLLIN | (sent < len ? POLLOUT : 0)), 0};
        int k = poll(&p, 1, until > now ? (int)(until - now) : 0);
        if (k < 0 && errno != EINTR) {
            break;
        }
        if (k <= 0) {
            continue;
        }
        if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
            uint8_t buf[16384];
            ssize_t n = recv(fd, buf, sizeof buf, 0);
            if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
                a->closed = true;
                break;
            }
            if (n > 0) {
                if (all != NULL && a->len < all_cap) {
                    size_t c = all_cap - a->len;
                    memcpy(all + a->len, buf, (size_t)n < c ? (size_t)n : c);
                }
                if (a->len < sizeof a->head) {
                    size_t c = sizeof a->head - a->len;
                    memcpy(a->head + a->len, buf, (size_t)n < c ? (size_t)n : c);
                }
                a->len += (size_t)n;
                last = fuzz_net_now_ms();
            }
        }
        if (sent < len && (p.revents & POLLOUT)) {
            ssize_t n = send(fd, req + sent, len - sent, MSG_NOSIGNAL);
            if (n > 0) {
                sent += (size_t)n;
                last = fuzz_net_now_ms();
            } else if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                sent = len; /* the server stopped reading (closed): read what it said */
            }
        }
    }
    close(fd);
    return true;
}

static inline bool fuzz_net_exchange(uint16_t port, const uint8_t *req, size_t len,
                                     unsigned timeout_ms, unsigned quiet_ms, fuzz_net_answer *a) {
    return fuzz_net_exchange_full(port, req, len, timeout_ms, quiet_ms, a, NULL, 0);
}

/* Open file descriptors of this process (a leak per connection shows as growth). */
static inline unsigned fuzz_net_open_fds(void) {
    unsigned n = 0;
    DIR *d = opendir("/proc/self/fd");
    if (d == NULL) {
        return 0;
    }
    while (readdir(d) != NULL) {
        n++;
    }
    closedir(d);
    return n;
}

/* Replaces every occurrence of key in data by value into a malloc'd buffer (*out_len). */
static inline uint8_t *fuzz_net_subst(const uint8_t *data, size_t size, const char *key,
                                      const char *value, size_t *out_len) {
    size_t kl = strlen(key), vl = strlen(value), n = 0;
    for (size_t i = 0; i + kl <= size; i++) {
        if (memcmp(data + i, key, kl) == 0) {
            n++;
            i += kl - 1;
        }
    }
    uint8_t *out = malloc(size + n * vl + 1);
    if (out == NULL) {
        abort();
    }
    size_t o = 0;
    for (size_t i = 0; i < size;) {
        if (i + kl <= size && memcmp(data + i, key, kl) == 0) {
            memcpy(out + o, value, vl);
            o += vl;
            i += kl;
        } else {
            out[o++] = data[i++];
        }
    }
    *out_len = o;
    return out;
}

/* The answer is empty or starts with an HTTP/1.x status line with a code in 100..599. */
static inline bool fuzz_net_http1_answer(const fuzz_net_answer *a) {
    if (a->len == 0) {
        return true;
    }
    if (a->len < 12 || memcmp(a->head, "HTTP/1.", 7) != 0 || a->head[8] != ' ') {
        return false;
    }
    unsigned code = 0;
    for (int i = 9; i < 12; i++) {
        if (a->head[i] < '0' || a->head[i] > '9') {
            return false;
        }
        code = code * 10 + (unsigned)(a->head[i] - '0');
    }
    return code >= 100 && code <= 599;
}

#endif
