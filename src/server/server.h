/*
 * The key server, split in two layers:
 *   core (server_core.c, server_config.c, ...): configuration, keys, and the handling of one
 *        request, independent of any HTTP library: routing, header checks and SDK version
 *        gates, fetch_key validation in the specified order, policy evaluation through a
 *        seal_chain, the response body. Pure function of (state, request) -> response.
 *   http (server_http.c, ...): libmicrohttpd, CORS, body limit, the metrics endpoint, logs,
 *        rate limit and in-flight cap, graceful shutdown; translates each HTTP request into a
 *        seal_server_request and the seal_server_response back.
 * PROTOCOL.md sections 14-17, 20-22.
 */
#ifndef SEAL_SERVER_H
#define SEAL_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "seal/chain.h"
#include "seal/error.h"
#include "server/server_audit.h"

#define SEAL_SERVER_BODY_MAX_BYTES (180u * 1024u) /* larger bodies: 413 */
#define SEAL_SERVER_VERSION "0.6.10"              /* X-KeyServer-Version we announce */
#define SEAL_SERVER_MAX_CLIENTS 64                /* Permissioned mode */
#define SEAL_SERVER_MAX_PACKAGES 64               /* package ids per Permissioned client */

/* ---- configuration (server_config.c; YAML, PROTOCOL.md 21 plus our keys) ------------------- */

typedef enum seal_server_mode {
    SEAL_SERVER_OPEN = 0,
    SEAL_SERVER_PERMISSIONED = 1,
    SEAL_SERVER_COMMITTEE = 2 /* a member of a committee (server_committee.c) */
} seal_server_mode;

#define SEAL_SERVER_MAX_SHARES 8

/* server_mode: !Committee (spec/COMMITTEE.md 6.1) and its shares. */
typedef struct seal_server_committee_config {
    uint8_t member_address[32];
    bool rotation;           /* committee_state: !Rotation {target_version} (else Active) */
    uint32_t target_version; /* Rotation */
    bool enable_event_monitoring;
    uint64_t poll_interval_ms; /* ours: committee_poll_interval (default 30 s, as upstream) */
    char share_dir[512];       /* ours: master_share_dir, files MASTER_SHARE_V<v> (0600) */
    /* secrets: MASTER_SHARE_V<v> from the environment or share_dir */
    size_t n_shares;
    uint32_t share_versions[SEAL_SERVER_MAX_SHARES];
    uint8_t shares[SEAL_SERVER_MAX_SHARES][32];
} seal_server_committee_config;

typedef struct seal_server_client {
    char name[64];
    uint8_t key_server_object_id[32];
    uint8_t package_ids[SEAL_SERVER_MAX_PACKAGES][32];
    size_t n_package_ids;
    uint64_t derivation_index; /* Derived key: msk = derive(seed, index) */
    bool imported;             /* Imported key: msk from the environment variable env_var */
    char env_var[128];         /* Imported */
    bool disabled;             /* !Exported: the key was handed out; the client is not served */
    bool has_msk;              /* msk is set (Derived or Imported) */
    unsigned line;             /* line of the entry in the YAML (messages) */
    uint8_t msk[32];           /* secret, filled at load */
} seal_server_client;

typedef struct seal_server_config {
    /* upstream keys */
    uint8_t seal_package[32]; /* network: !Devnet {seal_package}; Testnet/Mainnet ids fixed */
    char network[16];         /* "Testnet", "Mainnet", "Devnet", "Custom" */
    seal_server_mode mode;
    uint8_t key_server_object_id[32];                    /* Open; Committee: key_server_obj_id */
    seal_server_client clients[SEAL_SERVER_MAX_CLIENTS]; /* Permissioned */
    size_t n_clients;
    char ts_sdk_version_requirement[64];
    char rust_sdk_version_requirement[64];
    char python_sdk_version_requirement[64];
    char aggregator_version_requirement[64];
    char metrics_host_port[128]; /* "" disables the metrics listener */
    uint64_t rgp_update_interval_ms;
    uint64_t allowed_staleness_ms;
    uint64_t session_key_ttl_max_ms;
    uint32_t rpc_timeout_ms;
    uint32_t rpc_retries;
    /* ours */
    char listen[128]; /* "127.0.0.1:2024" */
    char chain[1024]; /* seal_chain_open spec: "embedded:DIR", "http(s)://…" (gRPC) or
                         "jsonrpc+http(s)://…" */
    seal_chain_grpc_transport grpc_transport; /* grpc_transport: web (default), native, web-h2 */
    /* "Name: value" sent to the full node with every request (full_node_rpc_api_name/_key, or
     * env FULL_NODE_RPC_API_NAME/_KEY as upstream); "" when none. Secret: wiped, never logged. */
    char api_key_header[4352];
    uint32_t threads;                 /* HTTP worker threads */
    uint32_t max_in_flight;           /* global cap on requests being processed; beyond: 503 */
    uint32_t rate_limit_per_ip_per_s; /* 0: no limit; beyond: 429 */
    uint32_t rate_limit_burst;
    uint32_t rate_limit_ipv6_prefix; /* IPv6 clients share a bucket per prefix of this many bits
                                        (1..128; 0 is taken as 64); IPv4 clients: per address */
    uint32_t chain_max_in_flight;    /* concurrent requests towards the full node */
    /* cross-request batching of the per-id crypto with the ifma backends: how long a short pass
     * may wait for ids of requests still on their way (0..1000 us; docs/server.md) */
    uint32_t crypto_batch_wait_us;
    char key_file[512]; /* master_key_file (Open) or seed_file (Permissioned), or "" */
    seal_server_committee_config committee; /* Committee mode (shares: secret) */
    /* secrets (Open mode master key) */
    uint8_t msk[32];
    bool has_msk;
    seal_server_audit_config audit; /* `audit:` (docs/audit.md); its key is a secret */
} seal_server_config;

/* Loads and validates a YAML config. Master keys come from the environment (MASTER_KEY, the
 * clients' env vars, as upstream) or from `master_key_file:` (must not be group/world readable).
 * On error returns SEAL_ERR_INVALID_ARGUMENT (or IO) and writes "line N: reason" into err. */
SEAL_MUST_CHECK seal_err seal_server_config_load(seal_server_config *cfg, const char *path,
                                                 char *err, size_t err_len);
/* Wipes the secrets. */
void seal_server_config_clear(seal_server_config *cfg);

/* The chain layer's options a configuration asks for (rpc_config timeout and retries,
 * chain_max_in_flight, grpc_transport, the full node's API key): what `seal server` and `seal
 * aggregator` open their chain with. The options borrow cfg's API key header. */
void seal_server_chain_options(const seal_server_config *cfg, seal_chain_options *out);

/* ---- the host (server_host.c) -------------------------------------------------------------- */

/* Disables core dumps (RLIMIT_CORE 0) and makes the process undumpable (PR_SET_DUMPABLE 0: no
 * ptrace attach by the same user). Call before any secret is loaded. Errors: SEAL_ERR_IO with
 * the reason in why. */
SEAL_MUST_CHECK seal_err seal_server_protect_process(char *why, size_t why_len);
/* Wipes in place and removes from the environment the variables keys are read from:
 * MASTER_KEY, the imported clients' variables, every MASTER_SHARE_V<v>, FULL_NODE_RPC_API_KEY.
 * Call after a successful seal_server_config_load (nothing reads them later). */
void seal_server_config_scrub_env(const seal_server_config *cfg);
/* A seal_server_config in locked memory excluded from core dumps (util/secmem.h), zeroed;
 * seal_server_config_free wipes and releases it. NULL when out of memory. */
seal_server_config *seal_server_config_new(void);
void seal_server_config_free(seal_server_config *cfg);

/* ---- core ---------------------------------------------------------------------------------- */

typedef struct seal_server seal_server;

/* Creates the request handler. Takes ownership of nothing: cfg is copied (its secrets too, wiped
 * by seal_server_free), chain must outlive the server. Thread-safe after creation. */
SEAL_MUST_CHECK seal_err seal_server_create(seal_server **out, const seal_server_config *cfg,
                                            seal_chain *chain);
/* seal_server_create, with the reason of a failure written into why (one line, no secret): a
 * committee member checks its share against the chain at creation. */
SEAL_MUST_CHECK seal_err seal_server_create_ex(seal_server **out, const seal_server_config *cfg,
                                               seal_chain *chain, char *why, size_t why_len);
void seal_server_free(seal_server *s);
/* Committee mode: fn(ctx) is called (from a background thread) when the committee state
 * becomes unusable during a rotation (the on-chain version went elsewhere, or the new share does
 * not match); seal_server_failed then tells why. Upstream's server exits then. */
void seal_server_on_fatal(seal_server *s, void (*fn)(void *ctx), void *ctx);
bool seal_server_failed(seal_server *s, char *why, size_t why_len);
/* Appends the committee gauges (committee_mode_version, committee_mode_state: 0 serving,
 * 1 waiting for a rotation, 2 failed) to a Prometheus text (*text malloc'd, grown); nothing
 * outside committee mode. */
SEAL_MUST_CHECK seal_err seal_server_committee_metrics(seal_server *s, char **text, size_t *len);

typedef struct seal_server_header {
    const char *name; /* as received; matched case-insensitively */
    const char *value;
} seal_server_header;

typedef struct seal_server_request {
    const char *method; /* "GET", "POST", "OPTIONS", ... */
    const char *path;   /* without the query string */
    const char *query;  /* raw query string without '?', or NULL */
    const seal_server_header *headers;
    size_t n_headers;
    const uint8_t *body;
    size_t body_len;
    uint64_t now_ms; /* wall clock of the request (tests pass fixed times) */
} seal_server_request;

typedef struct seal_server_response {
    unsigned status; /* HTTP status */
    char *body;      /* malloc'd JSON (or text), owned by the response */
    size_t body_len;
    const char *content_type; /* static string */
    bool version_headers;     /* add X-KeyServer-Version / X-KeyServer-GitVersion */
    const char *error_kind;   /* static: "NoAccess", ... or NULL on success (metrics, logs) */
    const char *route;        /* static: "/v1/fetch_key", ..., "unknown" (metrics label) */
    size_t n_ids;             /* fetch_key: number of ids answered */
    char sdk_type[16];        /* for the client_sdk_version metric ("" when the headers failed) */
    char sdk_version[32];     /* normalized "X.Y.Z" (components capped at 20) or "other" */
    /* Why a request failed, for the logs only (never sent, never secret): e.g. "unsupported
     * signature scheme", "Fullnode is stale", the chain's error message. "" when none. */
    char reason[192];
    /* fetch_key timings for the check_policy_duration / fetch_pkg_ids_duration metrics (0 when
     * the step did not run), and whether the answer is a Failure because the chain's clock lags
     * (requests_failed_due_to_staleness). */
    uint32_t fetch_pkg_ids_us;
    uint32_t check_policy_us;
    bool stale;
    /* Audit log (docs/audit.md): a granted answer must not leave before its record is durable:
     * the HTTP layer holds it until audit_pending resolves (other callers:
     * seal_server_response_audit_wait). audit_receipt: the X-Seal-Audit-Receipt header value
     * ("" when none). */
    struct seal_audit_pending *audit_pending;
    char audit_receipt[192];
} seal_server_response;

/* What the metrics report about the chain: the requests the chain layer made by protocol, and
 * the chain's latest checkpoint (seal_chain_service_info, read at most once per
 * rgp_update_interval; a failed read keeps the last one). The caller's thread may block on the
 * chain for up to the chain timeout. */
typedef struct seal_server_chain_status {
    seal_chain_stats stats;
    bool has_checkpoint;
    uint64_t checkpoint_height;
    uint64_t checkpoint_timestamp_ms;
} seal_server_chain_status;
void seal_server_chain_status_get(seal_server *s, seal_server_chain_status *out);

/* Handles one request (never fails: every outcome, including internal errors, is a response).
 * Does not handle CORS preflight or body limits: the HTTP layer does. */
void seal_server_handle(seal_server *s, const seal_server_request *req, seal_server_response *resp);
void seal_server_response_clear(seal_server_response *resp);

/* ---- http (server_http.c) ------------------------------------------------------------------ */

typedef struct seal_server_http seal_server_http;

/* Starts listening (cfg->listen, cfg->metrics_host_port) with cfg->threads workers. */
SEAL_MUST_CHECK seal_err seal_server_http_start(seal_server_http **out, seal_server *core,
                                                const seal_server_config *cfg, char *err,
                                                size_t err_len);
/* The bound port (useful with port 0). */
uint16_t seal_server_http_port(const seal_server_http *h);
/* Graceful stop: refuse new connections, let in-flight requests finish (up to grace_ms), free. */
void seal_server_http_stop(seal_server_http *h, uint32_t grace_ms);

/* ---- Prometheus text (server_metrics.c), for services that add their own families ---------- */

typedef struct seal__prom {
    char *p;
    size_t len, cap;
    bool failed; /* out of memory: the text is dropped */
} seal__prom;

#define SEAL__PROM_BUCKETS 14 /* duration histograms: 13 bounds in ms (1 .. 10000) and +Inf */

__attribute__((format(printf, 2, 3))) void seal__prom_printf(seal__prom *o, const char *fmt, ...);
void seal__prom_header(seal__prom *o, const char *name, const char *type, const char *help);
/* A duration histogram in ms (buckets non-cumulative, as seal__prom_observe fills them); labels
 * is "" or a label list without braces ("member=\"a\""). */
void seal__prom_histogram(seal__prom *o, const char *name, const char *labels,
                          const uint64_t buckets[static SEAL__PROM_BUCKETS], uint64_t count,
                          double sum);
void seal__prom_observe(uint64_t buckets[static SEAL__PROM_BUCKETS], double ms);
typedef void (*seal__prom_extra_fn)(void *ctx, seal__prom *out);

/* The key server's chain families into out: chain_requests_total{protocol}, and when known
 * chain_checkpoint_height and chain_checkpoint_age_millis (seal_server_chain_status_get; the
 * caller's thread may wait on the chain). */
void seal_server_chain_metrics(seal_server *s, seal__prom *out);
/* The cross-request batching families (server_batch.c), when batching is on:
 * key_batch_passes_total, key_batch_ids_total, key_batch_holds_total. */
void seal_server_batch_metrics(seal_server *s, seal__prom *out);

/* ---- a generic front: the key server and the aggregator share the HTTP layer ---------------- */

typedef void (*seal_server_http_handler)(void *ctx, const seal_server_request *req,
                                         seal_server_response *resp);

typedef struct seal_server_http_service {
    const char *name;                /* "key-server", "aggregator": the start log line */
    seal_server_http_handler handle; /* every request but CORS preflights and refused ones */
    void *ctx;
    seal__prom_extra_fn metrics; /* families appended to /metrics, or NULL */
    void *metrics_ctx;
} seal_server_http_service;

/* Tunables of the HTTP layer that are not in the configuration file; a zeroed struct gives the
 * defaults (docs/server.md, "HTTP, operations, metrics"). */
typedef struct seal_server_http_options {
    uint32_t request_timeout_ms; /* a connection must deliver each whole request (headers and
                                    body) within this delay of opening or of its previous
                                    response, else it is closed (slowloris); idle keep-alive
                                    connections are closed after it too. 0: 10000 */
    uint32_t connection_limit;   /* open connections at most (beyond: they wait in the listen
                                    backlog), split evenly between the workers. 0: 1024 */
    uint32_t rate_table_size;    /* client IPs the rate limiter remembers (LRU). 0: 4096 */
    int log_fd;                  /* JSON log lines go here; 0: stderr; -1: no logs */
} seal_server_http_options;

/* seal_server_http_start with options (NULL: the defaults). */
SEAL_MUST_CHECK seal_err seal_server_http_start_opts(seal_server_http **out, seal_server *core,
                                                     const seal_server_config *cfg,
                                                     const seal_server_http_options *opts,
                                                     char *err, size_t err_len);
/* The same front for another service: the handler answers every request that passes the
 * layer's checks (CORS preflight, rate limit, in-flight cap, body limit); cfg gives listen,
 * metrics_host_port, threads, max_in_flight and rate_limit. */
SEAL_MUST_CHECK seal_err seal_server_http_start_service(seal_server_http **out,
                                                        const seal_server_http_service *svc,
                                                        const seal_server_config *cfg,
                                                        const seal_server_http_options *opts,
                                                        char *err, size_t err_len);
/* The bound port of the metrics listener (0 when metrics_host_port is empty). */
uint16_t seal_server_http_metrics_port(const seal_server_http *h);

#endif
