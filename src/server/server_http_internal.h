/*
 * Private pieces of the key server's HTTP layer: Prometheus metrics (server_metrics.c), JSON log
 * lines (server_log.c) and the per-client rate limiter (server_http_rate.c). Used by
 * server_http.c only.
 */
#ifndef SEAL_SERVER_HTTP_INTERNAL_H
#define SEAL_SERVER_HTTP_INTERNAL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "seal/error.h"
#include "server/server.h"

/* ---- routes (metric labels) ---------------------------------------------------------------- */

enum {
    SEAL__ROUTE_FETCH_KEY = 0,
    SEAL__ROUTE_SERVICE = 1,
    SEAL__ROUTE_COMMITTEE_PK = 2,
    SEAL__ROUTE_HEALTH = 3,
    SEAL__ROUTE_UNKNOWN = 4,
    SEAL__ROUTE_COUNT = 5
};

/* The label of a request path: one of the four API routes or "unknown". */
int seal__route_of_path(const char *path);
const char *seal__route_name(int route);

/* ---- metrics ------------------------------------------------------------------------------- */

typedef struct seal__metrics seal__metrics;

SEAL_MUST_CHECK seal_err seal__metrics_new(seal__metrics **out);
void seal__metrics_free(seal__metrics *m);

/* http_request_in_flight{route} += delta. */
void seal__metrics_in_flight(seal__metrics *m, int route, int delta);

typedef struct seal__metrics_obs {
    int route;
    unsigned status;
    double duration_ms;
    const char *error_kind; /* NULL on success */
    size_t n_ids;           /* fetch_key answers */
    const char *sdk_type;   /* "" or NULL when unknown */
    const char *sdk_version;
    const char *reason;        /* the core's log reason or NULL ("Fullnode is stale", ...) */
    uint32_t check_policy_us;  /* 0: not measured */
    uint32_t fetch_pkg_ids_us; /* 0: not measured */
} seal__metrics_obs;

/* Records one finished request. */
void seal__metrics_observe(seal__metrics *m, const seal__metrics_obs *obs);

/* The Prometheus text exposition (version 0.0.4) of every metric, malloc'd, NUL-terminated. */
SEAL_MUST_CHECK seal_err seal__metrics_render(seal__metrics *m, char **out, size_t *out_len);
/* The same followed by a service's own families (extra may be NULL). */
SEAL_MUST_CHECK seal_err seal__metrics_render_with(seal__metrics *m, seal__prom_extra_fn extra,
                                                   void *extra_ctx, char **out, size_t *out_len);

/* ---- logs ---------------------------------------------------------------------------------- */

typedef struct seal__log_request {
    const char *request_id; /* Request-Id header or NULL */
    const char *method;
    const char *route;
    unsigned status;
    const char *error_kind; /* NULL on success */
    double duration_ms;
    size_t n_ids;
    const char *client_ip;
    const char *sdk_type;
    const char *sdk_version;
    const char *reason; /* why it failed (the core's reason) or NULL */
} seal__log_request;

/* Writes one JSON line (with a trailing newline, one write(2)) to fd; fd < 0 writes nothing.
 * Untrusted strings are escaped and cut at 128 bytes. */
void seal__log_request_line(int fd, const seal__log_request *r);
/* {"time":…,"level":"info","event":event,<extra>} where extra is a pre-formatted JSON member
 * list (trusted text, may be ""). */
void seal__log_event(int fd, const char *event, const char *extra);
/* Appends the JSON string literal of s (escaped, cut at max bytes) to buf at *pos. */
void seal__log_json_string(char *buf, size_t cap, size_t *pos, const char *s, size_t max);

/* ---- rate limiter -------------------------------------------------------------------------- */

typedef struct seal__rate seal__rate;

/* A token bucket per client (seal__rate_client_key): per_s tokens a second, burst at most. At most
 * cap clients are remembered. A new client takes the place of a remembered one only when that
 * one's bucket has filled up again (forgetting it then changes nothing); while none has, new
 * clients share one bucket of the same rate and burst, so a flood of new addresses can neither
 * reset a throttled client to a full bucket nor get more than one client's allowance. */
SEAL_MUST_CHECK seal_err seal__rate_new(seal__rate **out, uint32_t per_s, uint32_t burst,
                                        size_t cap);
void seal__rate_free(seal__rate *r);
/* Takes one token for the client (key: 16 bytes, the IPv6 or IPv4-mapped address). Returns false
 * when the client has none left. now_us: a monotonic clock. */
bool seal__rate_allow(seal__rate *r, const uint8_t key[static 16], uint64_t now_us);
/* Number of addresses currently remembered (tests). */
size_t seal__rate_size(seal__rate *r);

/* The rate limiter's key of a client address (16 bytes; all zero for NULL or another family): an
 * IPv4 address, also one mapped into IPv6 (::ffff:a.b.c.d), as ::ffff:a.b.c.d; an IPv6 address
 * cut to its first v6_prefix bits (1..128, others taken as 64), since one subscriber usually
 * holds a whole /64 (2^64 addresses). */
void seal__rate_client_key(const struct sockaddr *sa, unsigned v6_prefix, uint8_t key[static 16]);

/* ---- in-flight cap ------------------------------------------------------------------------- */

/* Takes one of max slots counted by *n; false (nothing taken) when all are taken. The test and
 * the increment are one compare-and-swap, so concurrent callers never hold more than max slots
 * together, and a refused caller never moves the counter (no transient excess that would refuse
 * others spuriously). */
static inline bool seal__slot_take(atomic_uint *n, uint32_t max) {
    unsigned cur = atomic_load(n);
    do {
        if (cur >= max) {
            return false;
        }
    } while (!atomic_compare_exchange_weak(n, &cur, cur + 1u));
    return true;
}

static inline void seal__slot_release(atomic_uint *n) {
    atomic_fetch_sub(n, 1);
}

#endif
