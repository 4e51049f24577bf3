/*
 * The aggregator of a committee key server (spec/COMMITTEE.md 7, docs/aggregator.md): one HTTP
 * front that looks like one key server to clients, in front of the n members of a committee.
 * For each fetch_key request it validates the PTB with the key server's own rules, asks every
 * member in parallel, verifies each member's encrypted partial keys against that member's
 * on-chain partial public key and combines the first t valid answers in the exponent into one
 * encrypted key (it never sees a key in the clear and holds no key material).
 *
 * Layers, as the key server's:
 *   config (aggregator_config.c): upstream's YAML keys on top of the key server's shared ones;
 *   committee (aggregator_committee.c): the KeyServerV2 Committee snapshot read from the chain
 *        and refreshed in the background;
 *   core (aggregator_core.c, aggregator_fetch.c): routing, header checks, fan-out to the members
 *        (libcurl multi), verification, combination, error selection: seal_server_request ->
 *        seal_server_response;
 *   http: the key server's front (seal_server_http_start_service) with the aggregator's metrics.
 */
#ifndef SEAL_AGGREGATOR_H
#define SEAL_AGGREGATOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "seal/bls12_381.h"
#include "seal/chain.h"
#include "seal/error.h"
#include "server/server.h"

#define SEAL_AGGREGATOR_MAX_MEMBERS 256 /* members of a committee served */
#define SEAL_AGGREGATOR_MAX_CREDENTIALS 256
#define SEAL_AGGREGATOR_NAME_MAX 256
#define SEAL_AGGREGATOR_URL_MAX 1024
#define SEAL_AGGREGATOR_MEMBER_BODY_MAX (512u * 1024u) /* a member's answer; larger: Failure */
#define SEAL_AGGREGATOR_DEFAULT_TIMEOUT_MS 8000u
#define SEAL_AGGREGATOR_DEFAULT_REFRESH_MS 30000u

/* ---- configuration (aggregator_config.c) ---------------------------------------------------- */

/* api_credentials entry: the header a member's gateway expects. */
typedef struct seal_aggregator_credential {
    char member[SEAL_AGGREGATOR_NAME_MAX]; /* on-chain PartialKeyServer.name */
    char header[128];                      /* api_key_name */
    char value[512];                       /* api_key (secret: wiped by _config_clear) */
} seal_aggregator_credential;

typedef struct seal_aggregator_config {
    /* The keys shared with the key server: network, node_url / chain, the SDK version
     * requirements, listen, metrics_host_port, threads, max_in_flight, rate_limit, rpc_config,
     * chain_max_in_flight. PORT (environment) replaces the port of listen, as upstream. */
    seal_server_config server;
    uint8_t key_server_object_id[32];
    char key_server_version_requirement[64]; /* members' X-KeyServer-Version */
    uint32_t member_timeout_ms;              /* key_server_timeout_secs (or key_server_timeout) */
    uint32_t refresh_interval_ms;            /* committee_refresh_interval (ours) */
    size_t n_credentials;
    seal_aggregator_credential credentials[SEAL_AGGREGATOR_MAX_CREDENTIALS];
} seal_aggregator_config;

/* Loads and validates the YAML file; errors as seal_server_config_load ("line N: reason"). */
SEAL_MUST_CHECK seal_err seal_aggregator_config_load(seal_aggregator_config *cfg, const char *path,
                                                     char *err, size_t err_len);
/* Wipes the API keys. */
void seal_aggregator_config_clear(seal_aggregator_config *cfg);

/* ---- the committee -------------------------------------------------------------------------- */

typedef struct seal_aggregator_member {
    char name[SEAL_AGGREGATOR_NAME_MAX];
    char url[SEAL_AGGREGATOR_URL_MAX];
    uint8_t partial_pk[96];
    uint16_t party_id;
} seal_aggregator_member;

/* ---- core ----------------------------------------------------------------------------------- */

typedef struct seal_aggregator seal_aggregator;

/* Creates the aggregator (cfg copied, chain borrowed: it must outlive the aggregator). The
 * committee is empty until seal_aggregator_refresh or seal_aggregator_set_committee. log_fd:
 * where its JSON events go (refreshes, warnings); -1: none. */
SEAL_MUST_CHECK seal_err seal_aggregator_create(seal_aggregator **out,
                                                const seal_aggregator_config *cfg,
                                                seal_chain *chain, int log_fd);
/* Stops the refresh thread, wipes and frees (NULL is a no-op). No request may be in progress. */
void seal_aggregator_free(seal_aggregator *a);

/* Reads the committee KeyServerV2 from the chain and replaces the snapshot. On failure the
 * snapshot is kept and why says what went wrong (not a key server object, not a committee, node
 * unreachable, ...); once a committee is loaded, failures are also logged
 * (committee_refresh_failed). */
SEAL_MUST_CHECK seal_err seal_aggregator_refresh(seal_aggregator *a, char *why, size_t why_len);
/* Replaces the snapshot directly (tests; the refresh uses it too): 1 <= threshold <= n <=
 * SEAL_AGGREGATOR_MAX_MEMBERS, every partial pk a valid non-identity G2 point, party ids
 * distinct; SEAL_ERR_INVALID_ARGUMENT otherwise (snapshot kept). */
SEAL_MUST_CHECK seal_err seal_aggregator_set_committee(seal_aggregator *a, uint16_t threshold,
                                                       uint32_t version,
                                                       const seal_aggregator_member *members,
                                                       size_t n);
/* Starts the background refresh (every cfg->refresh_interval_ms, first tick after one
 * interval). */
SEAL_MUST_CHECK seal_err seal_aggregator_start_refresh(seal_aggregator *a);
/* The current snapshot's threshold, member count and version (0s when empty). */
void seal_aggregator_committee_info(seal_aggregator *a, uint16_t *threshold, size_t *n,
                                    uint32_t *version);

/* Handles one request (never fails): the seal_server_http_handler of the aggregator. Thread
 * safe. */
void seal_aggregator_handle(void *a, const seal_server_request *req, seal_server_response *resp);
/* Appends the aggregator's own metric families (per-member latency and failures, committee):
 * the seal__prom_extra_fn of the HTTP front. */
void seal_aggregator_metrics(void *a, seal__prom *out);

#endif
