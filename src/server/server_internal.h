/* Private to the key server core (server_core.c, server_config.c, server_fetch.c, ...). */
#ifndef SEAL_SERVER_INTERNAL_H
#define SEAL_SERVER_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

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
};

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
/* First header named `name` (case-insensitive), or NULL. */
const char *seal__server_header(const seal_server_request *req, const char *name);
uint64_t seal__server_monotonic_ms(void);
uint64_t seal__server_monotonic_us(void);

/* POST /v1/fetch_key after the header middleware (server_fetch.c). */
void seal__server_fetch_key(seal_server *s, const seal_server_request *req,
                            seal_server_response *resp);

/* Committee mode routes (server_committee_http.c): GET /v1/debug/committee_partial_pk, and the
 * share a fetch_key uses (false: the response is set to the Failure). */
void seal__server_committee_debug(seal_server *s, seal_server_response *resp);
bool seal__server_committee_share(seal_server *s, seal_server_response *resp,
                                  uint8_t share[static 32]);

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
