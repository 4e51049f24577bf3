/* Private to the aggregator (aggregator_core.c, aggregator_fetch.c, aggregator_committee.c). */
#ifndef SEAL_AGGREGATOR_INTERNAL_H
#define SEAL_AGGREGATOR_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "aggregator/aggregator.h"
#include "server/server_internal.h"

#define AGG_METRIC_MEMBERS 64 /* member names with their own metric labels; others: "other" */
#define AGG_METRIC_KINDS 8    /* error kinds per member; others: "other" */
#define AGG_CURL_POOL 64      /* idle libcurl multi handles kept (connection caches) */

typedef struct agg_member {
    seal_aggregator_member m;
    seal_g2 pk;                             /* the decoded partial pk */
    const seal_aggregator_credential *cred; /* NULL: never called (Failure) */
} agg_member;

/* An immutable committee snapshot, shared by the requests that took it (reference counted). */
typedef struct agg_snapshot {
    atomic_uint refs;
    uint16_t threshold;
    uint32_t version;
    size_t n;
    agg_member members[];
} agg_snapshot;

typedef struct agg_member_stats {
    char name[SEAL_AGGREGATOR_NAME_MAX]; /* "" = free slot */
    uint64_t buckets[SEAL__PROM_BUCKETS];
    uint64_t count;
    double sum;
    struct {
        char kind[40];
        uint64_t count;
    } errors[AGG_METRIC_KINDS];
    size_t n_errors;
} agg_member_stats;

struct seal_aggregator {
    seal_aggregator_config cfg;
    seal_chain *chain;
    int log_fd;

    pthread_mutex_t snap_mu;
    agg_snapshot *snap; /* NULL until the first committee */

    /* package id -> original id, as the key server's cache */
    pthread_mutex_t pkg_mu;
    seal__server_pkg_entry pkg_cache[SEAL__SERVER_PKG_CACHE_ENTRIES];

    /* idle libcurl multi handles: each request takes one (its connection cache keeps the
     * connections to the members open between requests) and gives it back */
    pthread_mutex_t pool_mu;
    void *pool[AGG_CURL_POOL];
    size_t n_pool;

    /* the refresh thread */
    pthread_t refresher;
    bool refresher_started;
    pthread_mutex_t refresh_mu;
    pthread_cond_t refresh_cv;
    bool refresh_stop;

    /* metrics */
    pthread_mutex_t metrics_mu;
    agg_member_stats members[AGG_METRIC_MEMBERS];
    uint64_t ids_buckets[9];
    uint64_t ids_count;
    double ids_sum;
    uint64_t refresh_ok, refresh_failed;
};

/* True once a committee was loaded. */
bool seal__agg_has_snapshot(seal_aggregator *a);
/* Takes a reference to the current snapshot (NULL when there is none); release it. */
agg_snapshot *seal__agg_snapshot_take(seal_aggregator *a);
void seal__agg_snapshot_release(agg_snapshot *s);

#define SEAL__AGG_KIND_MAX 48
#define SEAL__AGG_MESSAGE_MAX 512

/* 7.4 on one member's 2xx answer body (aggregator_fetch.c): exactly one key per expected id
 * (ids[0..n_ids), any order, none twice, no other), each a pair of G1 points, all verifying
 * against the member's partial pk in one pairing product (gid: H1 of each id; vk: the request's
 * enc_verification_key). On success returns NULL and c1/c2 hold the keys in ids' order; else
 * the problem (static text) and *invalid_key tells when only the pairing check failed. */
const char *seal__agg_check_answer(const char *body, size_t len, uint8_t *const *ids,
                                   const size_t *id_lens, size_t n_ids, const seal_g1 *gid,
                                   const seal_g2 *vk, const seal_g2 *pk, seal_g1 *c1, seal_g1 *c2,
                                   bool *invalid_key);
/* A member's error body as upstream's ErrorResponse: {"error": KIND, "message": TEXT}, both
 * strings, KIND an identifier (letters, digits, '_') shorter than SEAL__AGG_KIND_MAX; the
 * message's control characters become spaces, cut at SEAL__AGG_MESSAGE_MAX - 1 bytes. */
bool seal__agg_parse_error_body(char kind[static SEAL__AGG_KIND_MAX],
                                char message[static SEAL__AGG_MESSAGE_MAX], const char *body,
                                size_t len);

/* POST /v1/fetch_key after the body was read (aggregator_fetch.c). */
void seal__agg_fetch_key(seal_aggregator *a, const seal_server_request *req,
                         seal_server_response *resp);

/* Metrics of one member request: duration, and the error kind when it failed (NULL: success). */
void seal__agg_observe_member(seal_aggregator *a, const char *name, double ms, const char *kind);
void seal__agg_observe_ids(seal_aggregator *a, size_t n_ids);

/* A libcurl multi handle from the pool (or a new one); NULL when out of memory. */
void *seal__agg_multi_take(seal_aggregator *a);
void seal__agg_multi_give(seal_aggregator *a, void *multi);

/* Reads the committee KeyServerV2 (aggregator_committee.c): threshold, version and members
 * (*members malloc'd, *n entries). */
SEAL_MUST_CHECK seal_err seal__agg_read_committee(seal_chain *chain, const uint8_t ks_id[static 32],
                                                  uint16_t *threshold, uint32_t *version,
                                                  seal_aggregator_member **members, size_t *n,
                                                  char *why, size_t why_len);

#endif
