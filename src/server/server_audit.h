/*
 * The key server's audit log (docs/audit.md, "The key server"): configuration, the record of
 * every fetch_key outcome, receipts on granted answers, the public /v1/audit routes, the audit
 * fields of /v1/service, metrics, periodic anchoring on chain.
 */
#ifndef SEAL_SERVER_AUDIT_H
#define SEAL_SERVER_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "seal/audit.h"
#include "seal/chain.h"
#include "seal/error.h"

/* The `audit:` section of the configuration. */
typedef struct seal_server_audit_config {
    bool enabled;       /* the section is present and `enabled` is not false */
    char database[512]; /* SQLite file of the log (created when missing) */
    char key_file[512]; /* Ed25519 audit key, `seal keygen --audit`, mode 0600 */
    uint64_t head_interval_ms;
    uint8_t key[32]; /* secret, loaded from key_file */
    bool has_key;
    /* anchoring on chain (anchor: {object, key_file, interval}) */
    bool anchor;
    uint8_t anchor_object[32]; /* the AuditLog object */
    char anchor_key_file[512]; /* suiprivkey1… of the account that signs the transactions */
    uint64_t anchor_interval_ms;
} seal_server_audit_config;

struct seal_server;
struct seal_server_response;
struct seal_server_request;
struct seal_audit_pending;

/* Opens the log of cfg (created when missing), with its integrity check; err gets the reason. */
SEAL_MUST_CHECK seal_err seal_server_audit_open(seal_audit_log **out,
                                                const seal_server_audit_config *cfg, char *err,
                                                size_t err_len);
/* Attaches an open log to the core: every fetch_key outcome from now on is recorded in it. The
 * log is borrowed (it must outlive the core). */
SEAL_MUST_CHECK seal_err seal_server_audit_attach(struct seal_server *s, seal_audit_log *log,
                                                  const seal_server_audit_config *cfg);
/* For callers of seal_server_handle other than the HTTP layer: when resp carries a record that
 * must be durable before the answer leaves, waits for it; if it could not be written, the answer
 * becomes 503 Failure (the keys are wiped). */
void seal_server_response_audit_wait(struct seal_server_response *resp);
/* Replaces a granted answer whose record could not be written by 503 Failure (keys wiped). */
void seal_server_response_audit_failed(struct seal_server_response *resp);
/* The log's metrics in the Prometheus text format, malloc'd ("" when the log is off). */
SEAL_MUST_CHECK seal_err seal_server_audit_metrics(struct seal_server *s, char **text, size_t *len);

/* Anchoring on chain (server_anchor.c), when cfg->anchor: checks that the log extends the head
 * the AuditLog object holds (else the database was rolled back or replaced: refused), then
 * posts the latest head every anchor_interval when it grew, signed with the key of
 * anchor_key_file; one JSON log line per anchor to log_fd. *out stays NULL without anchor. */
typedef struct seal_server_anchor seal_server_anchor;
SEAL_MUST_CHECK seal_err seal_server_anchor_start(seal_server_anchor **out, seal_audit_log *log,
                                                  seal_chain *chain,
                                                  const seal_server_audit_config *cfg, int log_fd,
                                                  char *err, size_t err_len);
void seal_server_anchor_stop(seal_server_anchor *a);

/* ---- hooks of the core (server_core.c, server_fetch.c) ------------------------------------ */

/* What fetch_key knew of a request whose body had the request's shape. */
typedef struct seal__server_audit_facts {
    const char *ptb_b64;
    size_t ptb_b64_len;
    const uint8_t *ptb; /* decoded PTB once it passed the PTB rules, else NULL */
    size_t ptb_len;
    const void *parsed_ptb; /* const seal_sui_ptb *, likewise */
    const uint8_t *enc_key, *enc_verification_key, *request_signature, *user, *session_vk;
    uint64_t creation_time;
    uint16_t ttl_min;
    const uint8_t *signature;
    size_t signature_len;
    const char *mvr_name;
    const uint8_t *package; /* original id once resolved, else NULL */
} seal__server_audit_facts;

/* Records the outcome in resp (granted: queued with a receipt and a pending handle in resp;
 * refused: queued without). */
void seal__server_audit_fetch(struct seal_server *s, const struct seal_server_request *req,
                              struct seal_server_response *resp,
                              const seal__server_audit_facts *facts);
/* GET /v1/audit/... (head, inclusion, consistency). */
void seal__server_audit_route(struct seal_server *s, const struct seal_server_request *req,
                              struct seal_server_response *resp);
/* Adds "audit": {public_key, log_id, anchor} to a /v1/service answer object. */
void seal__server_audit_service(struct seal_server *s, void *json_object);

#endif
