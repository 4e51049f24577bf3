/* Private helpers of the client layer. */
#ifndef SEAL_CLIENT_INTERNAL_H
#define SEAL_CLIENT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "seal/client.h"

#define SEAL__CLIENT_MAX_ERRORS 64

typedef struct seal__client_server {
    uint8_t object_id[32];
    uint8_t weight;
    char name[SEAL_CLIENT_NAME_MAX];
    char url[SEAL_CLIENT_URL_MAX];
    uint8_t public_key[96];
    char *api_header;  /* "Name: value" or NULL */
    bool committee;    /* KeyServerV2 Committee (or aggregator_url given): through an aggregator */
    bool explicit_url; /* url or aggregator_url given: the registry's URL is not used */
    /* audit log (audit.c): 1 once the key below was read from /v1/service (and the chain) */
    uint8_t audit_state;
    uint8_t audit_pk[32];
    bool audit_anchored;
    uint8_t audit_anchor[32];
} seal__client_server;

typedef struct seal__client_cached_key {
    uint8_t *full_id;
    size_t full_id_len;
    size_t server;
    uint8_t usk[48];
} seal__client_cached_key;

struct seal_client {
    seal_chain *chain;
    uint32_t timeout_ms;
    uint32_t max_retries;
    const seal_rng *rng;
    size_t n_servers;
    seal__client_server servers[SEAL_CLIENT_MAX_SERVERS];
    seal__client_cached_key *cache;
    size_t n_cache, cap_cache;
    seal_client_server_error errors[SEAL__CLIENT_MAX_ERRORS];
    size_t n_errors;
    char last_error[512];
    /* verified audit receipts (audit.c) */
    bool require_receipts;
    seal_client_receipt *receipts;
    size_t n_receipts, cap_receipts;
};

/* Wall-clock milliseconds since the epoch. */
uint64_t seal__client_now_ms(void);
/* Monotonic milliseconds. */
uint64_t seal__client_mono_ms(void);

/* Resolves servers[i].url / public_key / name from the chain registry (registry.c). */
SEAL_MUST_CHECK seal_err seal__client_resolve_servers(seal_client *c, const bool *need, size_t n);
/* GET /v1/service and the PoP check (fetch.c). */
SEAL_MUST_CHECK seal_err seal__client_verify_pop(seal_client *c, size_t server);

/* The cache (client.c). */
const uint8_t *seal__client_cache_find(const seal_client *c, const uint8_t *full_id, size_t len,
                                       size_t server);
SEAL_MUST_CHECK seal_err seal__client_cache_put(seal_client *c, const uint8_t *full_id, size_t len,
                                                size_t server, const uint8_t usk[static 48]);
/* Records a failure of server (index) for seal_client_errors(). */
void seal__client_record_error(seal_client *c, size_t server, seal_err err, unsigned status,
                               const char *kind, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* One request to every server lacking keys for the full ids (fetch.c). */
SEAL_MUST_CHECK seal_err seal__client_fetch_batch(seal_client *c, const seal_session *s,
                                                  const uint8_t *ptb, size_t ptb_len,
                                                  uint8_t *const *full_ids,
                                                  const size_t *full_id_lens, size_t n_ids,
                                                  unsigned threshold, uint64_t now_ms);

/* What a fetch_key request asked, for the audit receipt check (audit.c). */
typedef struct seal__client_audit_query {
    const seal_session *session;
    const char *request; /* the JSON body sent */
    size_t request_len;
    uint8_t *const *full_ids;
    const size_t *full_id_lens;
    size_t n_ids;
} seal__client_audit_query;
/* Checks and keeps the receipt of a 200 answer of server (none: fine unless receipts are
 * required). A failure is recorded (InvalidReceipt, MissingReceipt) and the answer's keys must
 * not be used. */
SEAL_MUST_CHECK seal_err seal__client_audit_receipt(seal_client *c, size_t server,
                                                    const seal__client_audit_query *q,
                                                    const char *body, size_t len);
/* curl_global_init once for the process (http.c): SEAL_ERR_IO when it failed. */
SEAL_MUST_CHECK seal_err seal__http_curl_init(void);
/* libcurl callback pieces (http.c), shared with the aggregator. Appends n bytes to a malloc'd,
 * NUL-terminated *body of *len bytes, at most max in all: false when that would pass max
 * (*too_big set) or memory fails. */
bool seal__http_body_append(char **body, size_t *len, size_t max, bool *too_big, const char *p,
                            size_t n);
/* Appends header h to *list; when memory fails, frees the whole list (each header wiped: an
 * API key may be among them), sets *list to NULL and returns false. */
struct curl_slist;
bool seal__http_header_append(struct curl_slist **list, const char *h);
/* The next finished transfer of a CURLM (removed from it): its CURLOPT_PRIVATE in *priv, its
 * CURLcode in *result and HTTP status in *status; false when none has finished. */
bool seal__http_next_done(void *multi, void **priv, int *result, long *status);
/* When the header line p[0..n) is X-KeyServer-Version, its value (trimmed, cut to cap - 1) into
 * out and true. */
bool seal__http_version_header(const char *p, size_t n, char *out, size_t cap);

/* Session internals (session.c). */
SEAL_MUST_CHECK seal_err seal__session_request_signature(const seal_session *s,
                                                         uint8_t sig[static 64], const uint8_t *ptb,
                                                         size_t ptb_len,
                                                         const uint8_t enc_key[static 48],
                                                         const uint8_t evk[static 96]);
/* Signature bytes (borrowed). */
const uint8_t *seal__session_signature(const seal_session *s, size_t *len);

#endif
