/* A fake node for the chain backends' tests: libmicrohttpd on a free port (a thread per
 * connection) that collects each request's body, counts the requests and how many are answered
 * at once, and lets the test's transport (JSON-RPC, gRPC-web) choose and build each answer. The
 * proxy variables are pointed at a port nobody listens on: loopback must never use a proxy. */
#ifndef SEAL_TEST_FAKE_NODE_H
#define SEAL_TEST_FAKE_NODE_H

#include <microhttpd.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "seal/chain.h"

/* An answer: HTTP status, response (queued, then destroyed, by the node), delay before it. */
typedef struct tu_fake_reply {
    unsigned http;
    unsigned delay_ms;
    struct MHD_Response *resp;
} tu_fake_reply;

/* Called with the node's lock held, once the request's body is complete (body NUL-terminated,
 * len bytes before the NUL); index: the request's number since the last tu_fake_reset. Notes
 * what the test checks and fills r; false drops the connection. */
typedef bool (*tu_fake_answer)(struct MHD_Connection *c, const char *url, const char *body,
                               size_t len, unsigned index, tu_fake_reply *r);

typedef struct tu_fake_node {
    struct MHD_Daemon *d;
    uint16_t port;
    pthread_mutex_t mu;
    unsigned requests;           /* since the last reset */
    unsigned active, max_active; /* answered at once; the peak since the last reset */
    tu_fake_answer answer;
} tu_fake_node;

/* Starts the node (0, or -1 when it cannot listen). */
int tu_fake_start(tu_fake_node *n, tu_fake_answer answer);
void tu_fake_stop(tu_fake_node *n);
/* Zeroes the request count and the peak; call with n->mu held (while setting a new script). */
void tu_fake_reset_locked(tu_fake_node *n);

/* A chain handle on the node, spec "<scheme>127.0.0.1:<port><suffix>", with these bounds and the
 * header "X-Api-Key: k3y"; its backend must be `backend`. */
seal_chain *tu_fake_chain_open(const tu_fake_node *n, const char *scheme, const char *suffix,
                               seal_chain_backend backend, uint32_t timeout_ms, uint32_t retries,
                               uint32_t in_flight);

/* Copies the value of request header name into dst ("" when absent). */
void tu_fake_header(struct MHD_Connection *c, const char *name, char *dst, size_t cap);

#endif
