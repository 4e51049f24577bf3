/* Private to the key server core (server_core.c, server_config.c, server_fetch.c, ...). */
#ifndef SEAL_SERVER_INTERNAL_H
#define SEAL_SERVER_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>
#include <yaml.h>

#include "seal/bls12_381.h"
#include "seal/sui_tx.h"
#include "server/server.h"
#include "server/server_committee.h"

#define SEAL__SERVER_PKG_CACHE_ENTRIES 1000
#define SEAL__SERVER_PKG_CACHE_TTL_MS (3600u * 1000u)

typedef struct seal__server_pkg_entry {
    uint8_t pkg[32];
    uint8_t original[32];
    uint64_t stored_ms; /* monotonic; 0 = empty slot */
} seal__server_pkg_entry;

#define SEAL__SERVER_CERT_CACHE_SLOTS 1024

struct seal_server {
    seal_server_config cfg; /* copy, secrets included (wiped by seal_server_free) */
    seal_chain *chain;
    bool mutexes;
    /* package id -> original id (1 h, 1000 entries, oldest evicted) */
    pthread_mutex_t pkg_mu;
    seal__server_pkg_entry pkg_cache[SEAL__SERVER_PKG_CACHE_ENTRIES];
    /* reference gas price, refreshed every cfg.rgp_update_interval_ms */
    pthread_mutex_t rgp_mu;
    uint64_t rgp;
    uint64_t rgp_fetched_ms; /* monotonic; 0 = never */
    bool rgp_refreshing;
    /* the chain's latest checkpoint (metrics), refreshed at most every rgp_update_interval */
    pthread_mutex_t cp_mu;
    seal_chain_info cp;
    uint64_t cp_fetched_ms; /* monotonic; 0 = never */
    bool cp_known, cp_refreshing;
    /* certificates whose user signature verified, until they expire (direct-mapped by a hash
     * of everything the signature covers): a session's requests verify it once */
    pthread_mutex_t cert_mu;
    struct {
        uint8_t key[32];
        uint64_t expires_ms; /* 0 = empty */
    } cert_cache[SEAL__SERVER_CERT_CACHE_SLOTS];
    /* proofs of possession of the key server objects served (read-only after create) */
    struct {
        uint8_t object_id[32];
        uint8_t pop[48];
    } pops[SEAL_SERVER_MAX_CLIENTS + 1];
    size_t n_pops;
    seal__committee_server *committee; /* Committee mode */
    struct seal__server_audit *audit;  /* the audit log, when attached (server_audit.c) */
    /* cross-request batching of the per-id crypto (server_batch.c); NULL when the arithmetic
     * backend has no multi-buffer engine (nothing to gain) */
    struct seal__key_batcher *batcher;
};

/* ---- cross-request batching of the per-id crypto (server_batch.c) ---- */

/* One request's share of the work: usk = msk H1(ids[i]) encrypted to enc_key into c0[i], c1[i]. */
typedef struct seal__key_work {
    size_t n;
    const uint8_t *const *ids;
    const size_t *lens;
    const seal_scalar *msk;
    const seal_g1 *enc_key;
    uint8_t (*c0)[48];
    uint8_t (*c1)[48];
} seal__key_work;

typedef struct seal__key_batcher seal__key_batcher;
/* At most max_running passes at once (one per core); a short pass waits at most wait_us
 * (<= 1000) for more ids while other requests are on their way (see server_batch.c). */
seal__key_batcher *seal__key_batcher_new(unsigned max_running, uint32_t wait_us);
void seal__key_batcher_free(seal__key_batcher *b);
/* Runs w's ids with those of concurrent requests; returns when all of w's are done. */
SEAL_MUST_CHECK seal_err seal__key_batcher_run(seal__key_batcher *b, const seal__key_work *w);
/* Requests that passed parsing and have not reached the crypto (the wait policy's signal). */
void seal__key_batcher_upstream(seal__key_batcher *b, int delta);
/* Passes run, ids done and the times a runner held a short pass back for more ids, so far. */
void seal__key_batcher_stats(seal__key_batcher *b, uint64_t *passes, uint64_t *items,
                             uint64_t *waits);

/* Replaces resp's body with a copy of body[0..len) and sets status and content type (static).
 * Out of memory: 503 with an empty body. */
void seal__server_respond(seal_server_response *resp, unsigned status, const char *content_type,
                          const char *body, size_t len);
/* Sets resp's body to the compact dump of j (reference stolen); 503 when j is NULL. */
void seal__server_respond_json(seal_server_response *resp, unsigned status, json_t *j);
/* The official error body {"error": kind, "message": text} with its status (PROTOCOL.md 14.6).
 * detail completes the message of kinds that take one; for the others it goes to resp->reason
 * (logs only). */
void seal__server_error(seal_server_response *resp, const char *kind, const char *detail);
/* An error body relayed as received ({"error": kind, "message": message}, e.g. a committee
 * member's), with the status of its kind (503 for kinds not in the table). */
void seal__server_error_relay(seal_server_response *resp, const char *kind, const char *message);
/* First header named `name` (case-insensitive), or NULL. */
const char *seal__server_header(const seal_server_request *req, const char *name);
uint64_t seal__server_monotonic_ms(void);
/* The header middleware of the /v1 routes (PROTOCOL.md 14.1): Client-Sdk-Version required and
 * semver, gated by Client-Sdk-Type's requirement in cfg. clients_only (an aggregator's front,
 * COMMITTEE.md 7.2): Client-Sdk-Type must be typescript, rust or python (InvalidSDKType).
 * Fills resp->sdk_type/sdk_version on success; sets the error response otherwise. */
bool seal__check_sdk_headers(const seal_server_config *cfg, bool clients_only,
                             const seal_server_request *req, seal_server_response *resp);
/* GET /health: {"name":"key-server","version":…,"status":"up"}. */
void seal__server_health(seal_server_response *resp);
uint64_t seal__server_monotonic_us(void);

/* ---- the fetch_key request (server_fetch.c), shared with the aggregator ---- */

typedef struct seal__fetch_request {
    json_t *root;
    const char *ptb_b64;
    size_t ptb_b64_len;
    uint8_t enc_key[48];
    seal_g1 enc_point; /* enc_key decoded and checked once */
    uint8_t enc_vk[96];
    uint8_t request_signature[64];
    uint8_t user[32];
    uint8_t session_vk[32];
    uint64_t creation_time;
    uint16_t ttl_min;
    uint8_t *signature;
    size_t signature_len;
    const char *mvr_name; /* NULL when absent or null */
} seal__fetch_request;

/* The JSON body as axum's Json extractor takes it (415, 400 syntax, 422 data: resp set, false).
 * On success fr holds the decoded fields; release with json_decref(fr->root) and
 * free(fr->signature) in every case. */
bool seal__fetch_parse_body(const seal_server_request *req, seal_server_response *resp,
                            seal__fetch_request *fr);
/* The PTB rules of upstream's valid_ptb.rs, in its order (InvalidPTB with the detail in resp).
 * On success *bytes (malloc'd, free()) holds the decoded PTB and *out the parsed one
 * (seal_sui_ptb_free()). */
bool seal__fetch_check_ptb(seal_server_response *resp, const seal__fetch_request *fr,
                           uint8_t **bytes, size_t *len, seal_sui_ptb **out);
/* The inner id of a checked PTB's call: its first argument's Pure bytes as BCS vector<u8>. */
bool seal__ptb_inner_id(const seal_sui_ptb *ptb, const seal_sui_command *cmd, const uint8_t **id,
                        size_t *id_len);
/* The original id of package pkg through a cache of SEAL__SERVER_PKG_CACHE_ENTRIES entries
 * guarded by mu (1 h each, oldest evicted): InvalidPackage when it is not a package, Failure when
 * the chain fails (resp set, false). */
bool seal__pkg_resolve(pthread_mutex_t *mu, seal__server_pkg_entry *cache, seal_chain *chain,
                       seal_server_response *resp, const uint8_t pkg[32], uint8_t original[32]);

/* POST /v1/fetch_key after the header middleware (server_fetch.c). */
void seal__server_fetch_key(seal_server *s, const seal_server_request *req,
                            seal_server_response *resp);

/* Committee mode routes (server_committee_http.c): GET /v1/debug/committee_partial_pk, and the
 * share a fetch_key uses (false: the response is set to the Failure). */
void seal__server_committee_debug(seal_server *s, seal_server_response *resp);
bool seal__server_committee_share(seal_server *s, seal_server_response *resp,
                                  uint8_t share[static 32]);
/* ---- configuration extensions (server_config.c) ---- */

/* The parse context of a configuration file: its YAML document and where errors go. */
typedef struct seal__cfg {
    yaml_document_t *doc;
    char *err;
    size_t err_len;
} seal__cfg;

/* Another service's configuration in the key server's format (the aggregator): the key
 * server's keys it lets through are parsed as for the key server, the others by key(). */
typedef struct seal__config_ext {
    /* adjusts the key server's defaults before parsing (NULL: none) */
    void (*defaults)(void *ctx, seal_server_config *cfg);
    /* called first for every top-level key: SEAL_OK when it took the key, SEAL_ERR_UNSUPPORTED
     * to let the key server's parser take it, any other error stops the load (message in
     * c->err, through the seal__cfg_* helpers) */
    seal_err (*key)(void *ctx, seal__cfg *c, const char *key, const yaml_node_t *key_node,
                    const yaml_node_t *value);
    void *ctx;
} seal__config_ext;

/* seal_server_config_load for a service with an extension: server_mode is not required and no
 * key is loaded. */
SEAL_MUST_CHECK seal_err seal__server_config_load_ext(seal_server_config *cfg, const char *path,
                                                      char *err, size_t err_len,
                                                      const seal__config_ext *ext);

/* The key server's node readers, for extensions: each writes "line N: key: reason" into c->err
 * on failure and returns SEAL_ERR_INVALID_ARGUMENT. */
seal_err seal__cfg_fail(seal__cfg *c, const yaml_node_t *n, const char *what);
seal_err seal__cfg_string(seal__cfg *c, const yaml_node_t *n, const char *key, char *dst,
                          size_t cap);
seal_err seal__cfg_u64(seal__cfg *c, const yaml_node_t *n, const char *key, uint64_t max,
                       uint64_t *out);
seal_err seal__cfg_object_id(seal__cfg *c, const yaml_node_t *n, const char *key,
                             uint8_t out[static 32]);
seal_err seal__cfg_duration(seal__cfg *c, const yaml_node_t *n, const char *key, uint64_t *out_ms);
seal_err seal__cfg_requirement(seal__cfg *c, const yaml_node_t *n, const char *key, char *dst,
                               size_t cap);
seal_err seal__cfg_mapping(seal__cfg *c, const yaml_node_t *n, const char *key);
/* The key of mapping pair p (a string, not repeated earlier in map). */
seal_err seal__cfg_pair_key(seal__cfg *c, const yaml_node_t *map, const yaml_node_pair_t *p,
                            const char *where, const char **out);

/* ---- semver (server_semver.c) ---- */

typedef struct seal__semver {
    uint64_t major, minor, patch;
    char pre[64]; /* pre-release identifiers ("" when none); build metadata is dropped */
} seal__semver;

/* Strict semver 2.0.0 (as Rust semver::Version::parse): X.Y.Z[-pre][+build]. */
bool seal__semver_parse(seal__semver *v, const char *text);
/* A requirement in the Rust semver crate's syntax (comma-separated comparators). */
bool seal__semver_req_valid(const char *req);
bool seal__semver_req_matches(const char *req, const seal__semver *v);

#endif
