/*
 * POST /v1/fetch_key (PROTOCOL.md 13-15, docs/server.md "Validation order"): the JSON body, the
 * PTB rules, package resolution (cached), the mode check, the certificate, the user and session
 * signatures, the policy dry run with the staleness check, and the ElGamal-encrypted keys.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "server/server.h"
#include "server/server_internal.h"

#include "seal/bcs.h"
#include "seal/bls12_381.h"
#include "seal/elgamal.h"
#include "seal/ibe.h"
#include "seal/keys.h"
#include "seal/sui.h"
#include "seal/sui_sig.h"
#include "seal/sui_tx.h"
#include "seal/util.h"
#include "util/json.h"

#define MAX_PTB_COMMANDS 100
/* The dry run's gas budget in computation units (upstream MystenLabs/seal PR #597: the cost of
 * ~50,000 units, above any policy observed, independent of the load on the chain); the budget
 * in MIST is this times the reference gas price. */
#define GAS_BUDGET_UNITS 55000u
#define STALENESS_ABORT_CODE 93492u
#define TEXT_PLAIN "text/plain; charset=utf-8"

/* ---- the JSON body (axum's Json extractor: 415, 400 syntax, 422 data) ---------------------- */

static bool content_type_is_json(const char *ct) {
    if (ct == NULL)
        return false;
    while (*ct == ' ')
        ct++;
    size_t len = strcspn(ct, ";");
    while (len > 0 && ct[len - 1] == ' ')
        len--;
    const char *slash = memchr(ct, '/', len);
    if (slash == NULL || (size_t)(slash - ct) != strlen("application") ||
        strncasecmp(ct, "application", strlen("application")) != 0)
        return false;
    const char *sub = slash + 1;
    size_t sub_len = len - (size_t)(sub - ct);
    if (sub_len == 4 && strncasecmp(sub, "json", 4) == 0)
        return true;
    /* application/<anything>+json */
    return sub_len > 5 && strncasecmp(sub + sub_len - 5, "+json", 5) == 0;
}

static bool reject_data(seal_server_response *resp, const char *fmt, const char *field) {
    char msg[256];
    char detail[160];
    snprintf(detail, sizeof detail, fmt, field);
    seal_text_one_line(detail); /* jansson's messages quote the body */
    snprintf(msg, sizeof msg, "Failed to deserialize the JSON body into the target type: %s",
             detail);
    seal__server_respond(resp, 422, TEXT_PLAIN, msg, strlen(msg));
    snprintf(resp->reason, sizeof resp->reason, "%s", detail);
    return false;
}

static bool get_str(seal_server_response *resp, const json_t *obj, const char *key,
                    const char **out, size_t *len) {
    const json_t *v = json_object_get(obj, key);
    if (v == NULL)
        return reject_data(resp, "missing field `%s`", key);
    if (!json_is_string(v))
        return reject_data(resp, "%s: invalid type, expected a string", key);
    *out = json_string_value(v);
    *len = json_string_length(v);
    return true;
}

/* A base64 field of exactly n bytes. */
static bool get_b64_fixed(seal_server_response *resp, const json_t *obj, const char *key,
                          uint8_t *out, size_t n) {
    const char *text = NULL;
    size_t len = 0, got = 0;
    if (!get_str(resp, obj, key, &text, &len))
        return false;
    if (seal_sui_base64_decode(out, n, &got, text, len) != SEAL_OK || got != n)
        return reject_data(resp, "%s: invalid value, expected base64 of the right length", key);
    return true;
}

static bool get_uint(seal_server_response *resp, const json_t *obj, const char *key, uint64_t max,
                     uint64_t *out) {
    const json_t *v = json_object_get(obj, key);
    if (v == NULL)
        return reject_data(resp, "missing field `%s`", key);
    if (!json_is_integer(v) || json_integer_value(v) < 0 || (uint64_t)json_integer_value(v) > max)
        return reject_data(resp, "%s: invalid value, expected an unsigned integer in range", key);
    *out = (uint64_t)json_integer_value(v);
    return true;
}

bool seal__fetch_parse_body(const seal_server_request *req, seal_server_response *resp,
                            seal__fetch_request *fr) {
    json_error_t je;
    if (!content_type_is_json(seal__server_header(req, "Content-Type"))) {
        static const char msg[] = "Expected request with `Content-Type: application/json`";
        seal__server_respond(resp, 415, TEXT_PLAIN, msg, sizeof msg - 1);
        return false;
    }
    fr->root =
        seal__json_loadb((const char *)req->body, req->body_len, JSON_REJECT_DUPLICATES, &je);
    if (fr->root == NULL) {
        char msg[320];
        if (strstr(je.text, "duplicate") != NULL)
            return reject_data(resp, "%s", je.text);
        snprintf(msg, sizeof msg,
                 "Failed to parse the request body as JSON: %s at line %d column %d", je.text,
                 je.line, je.column);
        seal_text_one_line(msg); /* "... near '<bytes of the body>'" */
        seal__server_respond(resp, 400, TEXT_PLAIN, msg, strlen(msg));
        return false;
    }
    if (!json_is_object(fr->root))
        return reject_data(resp, "%s", "invalid type, expected a FetchKeyRequest object");
    if (!get_str(resp, fr->root, "ptb", &fr->ptb_b64, &fr->ptb_b64_len))
        return false;
    if (!get_b64_fixed(resp, fr->root, "enc_key", fr->enc_key, 48))
        return false;
    seal_err err = seal_g1_decompress(&fr->enc_point, fr->enc_key);
    if (err != SEAL_OK || seal_g1_is_identity(&fr->enc_point))
        return reject_data(resp,
                           "%s: invalid value, not a G1 element of the prime-order subgroup "
                           "(or the identity)",
                           "enc_key");
    if (!get_b64_fixed(resp, fr->root, "enc_verification_key", fr->enc_vk, 96))
        return false;
    seal_g2 g2;
    err = seal_g2_decompress(&g2, fr->enc_vk);
    if (err != SEAL_OK || seal_g2_is_identity(&g2))
        return reject_data(resp,
                           "%s: invalid value, not a G2 element of the prime-order subgroup "
                           "(or the identity)",
                           "enc_verification_key");
    if (!get_b64_fixed(resp, fr->root, "request_signature", fr->request_signature, 64))
        return false;
    const json_t *cert = json_object_get(fr->root, "certificate");
    if (cert == NULL)
        return reject_data(resp, "missing field `%s`", "certificate");
    if (!json_is_object(cert))
        return reject_data(resp, "%s: invalid type, expected a Certificate object", "certificate");
    const char *text = NULL;
    size_t len = 0;
    if (!get_str(resp, cert, "user", &text, &len))
        return false;
    if (strlen(text) != len || seal_sui_address_parse(fr->user, text) != SEAL_OK)
        return reject_data(resp, "%s: invalid value, expected a Sui address", "certificate.user");
    if (!get_b64_fixed(resp, cert, "session_vk", fr->session_vk, 32))
        return false;
    uint64_t v = 0;
    if (!get_uint(resp, cert, "creation_time", UINT64_MAX, &fr->creation_time))
        return false;
    if (!get_uint(resp, cert, "ttl_min", UINT16_MAX, &v))
        return false;
    fr->ttl_min = (uint16_t)v;
    if (!get_str(resp, cert, "signature", &text, &len))
        return false;
    fr->signature = malloc(len / 4 * 3 + 3);
    if (fr->signature == NULL) {
        seal__server_error(resp, "Failure", "out of memory");
        return false;
    }
    if (seal_sui_base64_decode(fr->signature, SEAL_SUI_SERIALIZED_SIGNATURE_MAX_BYTES,
                               &fr->signature_len, text, len) != SEAL_OK ||
        fr->signature_len == 0)
        return reject_data(resp, "%s: invalid value, expected a base64 Sui signature",
                           "certificate.signature");
    const json_t *mvr = json_object_get(cert, "mvr_name");
    if (mvr != NULL && !json_is_null(mvr)) {
        if (!json_is_string(mvr))
            return reject_data(resp, "%s: invalid type, expected a string or null",
                               "certificate.mvr_name");
        fr->mvr_name = json_string_value(mvr);
    }
    return true;
}

/* ---- PTB rules (upstream valid_ptb.rs, in its order) ---------------------------------------- */

static bool starts_with(seal_sui_bytes b, const char *prefix) {
    size_t n = strlen(prefix);
    return b.len >= n && memcmp(b.ptr, prefix, n) == 0;
}

/* The inner id of a call: its first argument's Pure bytes decoded as BCS vector<u8>. */
bool seal__ptb_inner_id(const seal_sui_ptb *ptb, const seal_sui_command *cmd, const uint8_t **id,
                        size_t *id_len) {
    const seal_sui_call_arg *in = &ptb->inputs[cmd->args[0].index];
    seal_bcs_reader r;
    seal_bcs_reader_init(&r, in->pure.ptr, in->pure.len);
    return seal_bcs_read_bytes(&r, SEAL_BCS_MAX_ULEB, id, id_len) == SEAL_OK &&
           seal_bcs_reader_finish(&r) == SEAL_OK;
}

bool seal__fetch_check_ptb(seal_server_response *resp, const seal__fetch_request *fr,
                           uint8_t **bytes, size_t *len, seal_sui_ptb **out) {
    uint8_t *buf = NULL;
    seal_sui_ptb *ptb = NULL;
    const char *detail = NULL;
    size_t n = 0;
    buf = malloc(fr->ptb_b64_len / 4 * 3 + 3);
    if (buf == NULL) {
        seal__server_error(resp, "Failure", "out of memory");
        return false;
    }
    if (strlen(fr->ptb_b64) != fr->ptb_b64_len ||
        seal_sui_base64_decode(buf, fr->ptb_b64_len / 4 * 3 + 3, &n, fr->ptb_b64,
                               fr->ptb_b64_len) != SEAL_OK) {
        detail = "Invalid Base64";
        goto out;
    }
    if (seal_sui_ptb_decode(&ptb, buf, n) != SEAL_OK) {
        detail = "Invalid BCS";
        goto out;
    }
    /* Canonical: re-encoding gives the same bytes (the session signs these bytes). */
    {
        uint8_t *re = malloc(n > 0 ? n : 1);
        seal_bcs_writer w;
        bool same = false;
        if (re != NULL) {
            seal_bcs_writer_init(&w, re, n);
            same = seal_sui_ptb_encode(&w, ptb) == SEAL_OK &&
                   seal_bcs_writer_finish(&w) == SEAL_OK && w.len == n && memcmp(re, buf, n) == 0;
        }
        free(re);
        if (!same) {
            detail = "Invalid BCS";
            goto out;
        }
    }
    if (ptb->n_commands > MAX_PTB_COMMANDS) {
        detail = "Too many commands in PTB (more than 100)";
        goto out;
    }
    if (ptb->n_inputs == 0 || ptb->n_commands == 0) {
        detail = "Empty PTB input or command";
        goto out;
    }
    if (ptb->commands[0].kind != SEAL_SUI_CMD_MOVE_CALL) {
        detail = "Invalid first command";
        goto out;
    }
    for (size_t i = 0; i < ptb->n_commands && detail == NULL; i++) {
        const seal_sui_command *cmd = &ptb->commands[i];
        if (cmd->kind != SEAL_SUI_CMD_MOVE_CALL) {
            detail = "Non MoveCall command";
            break;
        }
        for (size_t a = 0; a < cmd->n_args; a++)
            if (cmd->args[a].kind != SEAL_SUI_ARG_INPUT) {
                detail = "Only pure inputs are allowed";
                break;
            }
        if (detail != NULL)
            break;
        if (cmd->n_args == 0) {
            detail = "Empty args";
            break;
        }
        if (cmd->args[0].index >= ptb->n_inputs ||
            ptb->inputs[cmd->args[0].index].kind != SEAL_SUI_CALL_ARG_PURE) {
            detail = "Invalid first parameter for seal_approve";
            break;
        }
        const uint8_t *id = NULL;
        size_t id_len = 0;
        if (!seal__ptb_inner_id(ptb, cmd, &id, &id_len)) {
            detail = "Invalid BCS for first parameter for seal_approve";
            break;
        }
        if (!starts_with(cmd->function, "seal_approve") ||
            memcmp(cmd->package, ptb->commands[0].package, 32) != 0) {
            detail = "Invalid function or package id";
            break;
        }
    }
out:
    if (detail != NULL) {
        seal__server_error(resp, "InvalidPTB", detail);
        seal_sui_ptb_free(ptb);
        free(buf);
        return false;
    }
    *bytes = buf;
    *len = n;
    *out = ptb;
    return true;
}

/* ---- package resolution (cached) ------------------------------------------------------------ */

bool seal__pkg_resolve(pthread_mutex_t *mu, seal__server_pkg_entry *cache, seal_chain *chain,
                       seal_server_response *resp, const uint8_t pkg[32], uint8_t original[32]) {
    uint64_t now = seal__server_monotonic_ms();
    bool hit = false;
    pthread_mutex_lock(mu);
    for (size_t i = 0; i < SEAL__SERVER_PKG_CACHE_ENTRIES; i++) {
        seal__server_pkg_entry *e = &cache[i];
        if (e->stored_ms != 0 && now - e->stored_ms < SEAL__SERVER_PKG_CACHE_TTL_MS &&
            memcmp(e->pkg, pkg, 32) == 0) {
            memcpy(original, e->original, 32);
            hit = true;
            break;
        }
    }
    pthread_mutex_unlock(mu);
    if (hit)
        return true;
    uint64_t version = 0;
    bool found = false;
    seal_err err = seal_chain_resolve_package(chain, pkg, original, &version, &found);
    if (err != SEAL_OK) {
        char why[160];
        snprintf(why, sizeof why, "Failed to resolve package id: %s", seal_strerror(err));
        seal__server_error(resp, "Failure", why);
        return false;
    }
    if (!found) {
        seal__server_error(resp, "InvalidPackage", NULL);
        return false;
    }
    pthread_mutex_lock(mu);
    size_t slot = 0;
    for (size_t i = 0; i < SEAL__SERVER_PKG_CACHE_ENTRIES; i++) {
        const seal__server_pkg_entry *e = &cache[i];
        if (e->stored_ms == 0 || now - e->stored_ms >= SEAL__SERVER_PKG_CACHE_TTL_MS ||
            memcmp(e->pkg, pkg, 32) == 0) {
            slot = i;
            break;
        }
        if (e->stored_ms < cache[slot].stored_ms)
            slot = i; /* oldest so far */
    }
    memcpy(cache[slot].pkg, pkg, 32);
    memcpy(cache[slot].original, original, 32);
    cache[slot].stored_ms = now > 0 ? now : 1;
    pthread_mutex_unlock(mu);
    return true;
}

/* ---- reference gas price (refreshed every rgp_update_interval) ------------------------------ */

static seal_err reference_gas_price(seal_server *s, uint64_t *out) {
    uint64_t now = seal__server_monotonic_ms();
    if (now == 0)
        now = 1;
    pthread_mutex_lock(&s->rgp_mu);
    bool fresh = s->rgp_fetched_ms != 0 && now - s->rgp_fetched_ms < s->cfg.rgp_update_interval_ms;
    bool someone_refreshing = s->rgp_refreshing && s->rgp_fetched_ms != 0;
    if (fresh || someone_refreshing) {
        *out = s->rgp;
        pthread_mutex_unlock(&s->rgp_mu);
        return SEAL_OK;
    }
    s->rgp_refreshing = true;
    pthread_mutex_unlock(&s->rgp_mu);
    uint64_t price = 0;
    seal_err err = seal_chain_reference_gas_price(s->chain, &price);
    pthread_mutex_lock(&s->rgp_mu);
    s->rgp_refreshing = false;
    if (err == SEAL_OK) {
        s->rgp = price;
        s->rgp_fetched_ms = now;
    } else if (s->rgp_fetched_ms != 0) {
        err = SEAL_OK; /* keep the last known price; retried on the next request */
    }
    *out = s->rgp;
    pthread_mutex_unlock(&s->rgp_mu);
    return err;
}

/* ---- policy: the dry run with the staleness check (PROTOCOL.md 15.1) ----------------------- */

static bool check_policy(seal_server *s, seal_server_response *resp, const seal_sui_ptb *ptb,
                         const uint8_t sender[32], uint64_t now_ms) {
    static const uint8_t CLOCK[32] = {[31] = 6};
    static const char MODULE[] = "time";
    static const char FUNCTION[] = "check_staleness";
    seal_sui_call_arg *inputs = NULL;
    seal_sui_command *commands = NULL;
    uint8_t *tx = NULL;
    uint8_t now_le[8], allowed_le[8];
    seal_sui_argument args[3];
    bool ok = false;
    uint64_t price = 0;
    seal_err err = reference_gas_price(s, &price);
    if (err != SEAL_OK) {
        char why[160];
        snprintf(why, sizeof why, "Failed to get the reference gas price: %s", seal_strerror(err));
        seal__server_error(resp, "Failure", why);
        goto out;
    }
    inputs = calloc(ptb->n_inputs + 3, sizeof *inputs);
    commands = calloc(ptb->n_commands + 1, sizeof *commands);
    if (inputs == NULL || commands == NULL) {
        seal__server_error(resp, "Failure", "out of memory");
        goto out;
    }
    memcpy(inputs, ptb->inputs, ptb->n_inputs * sizeof *inputs);
    size_t n_inputs = ptb->n_inputs;
    for (int i = 0; i < 8; i++) {
        now_le[i] = (uint8_t)(now_ms >> (8 * i));
        allowed_le[i] = (uint8_t)(s->cfg.allowed_staleness_ms >> (8 * i));
    }
    size_t idx_now = n_inputs++;
    inputs[idx_now].kind = SEAL_SUI_CALL_ARG_PURE;
    inputs[idx_now].pure = (seal_sui_bytes){now_le, 8};
    size_t idx_allowed = n_inputs++;
    inputs[idx_allowed].kind = SEAL_SUI_CALL_ARG_PURE;
    inputs[idx_allowed].pure = (seal_sui_bytes){allowed_le, 8};
    size_t idx_clock = SIZE_MAX;
    for (size_t i = 0; i < ptb->n_inputs; i++)
        if (ptb->inputs[i].kind == SEAL_SUI_CALL_ARG_OBJECT &&
            ptb->inputs[i].object_kind == SEAL_SUI_OBJECT_SHARED &&
            memcmp(ptb->inputs[i].object.id, CLOCK, 32) == 0) {
            idx_clock = i;
            break;
        }
    if (idx_clock == SIZE_MAX) {
        idx_clock = n_inputs++;
        inputs[idx_clock].kind = SEAL_SUI_CALL_ARG_OBJECT;
        inputs[idx_clock].object_kind = SEAL_SUI_OBJECT_SHARED;
        memcpy(inputs[idx_clock].object.id, CLOCK, 32);
        inputs[idx_clock].initial_shared_version = 1;
        inputs[idx_clock].mutability = SEAL_SUI_SHARED_IMMUTABLE;
    }
    if (n_inputs > UINT16_MAX + 1u) {
        seal__server_error(resp, "InvalidPTB", "Index out of bounds");
        goto out;
    }
    args[0] = (seal_sui_argument){SEAL_SUI_ARG_INPUT, (uint16_t)idx_now, 0};
    args[1] = (seal_sui_argument){SEAL_SUI_ARG_INPUT, (uint16_t)idx_allowed, 0};
    args[2] = (seal_sui_argument){SEAL_SUI_ARG_INPUT, (uint16_t)idx_clock, 0};
    commands[0].kind = SEAL_SUI_CMD_MOVE_CALL;
    memcpy(commands[0].package, s->cfg.seal_package, 32);
    commands[0].module = (seal_sui_bytes){(const uint8_t *)MODULE, sizeof MODULE - 1};
    commands[0].function = (seal_sui_bytes){(const uint8_t *)FUNCTION, sizeof FUNCTION - 1};
    commands[0].n_args = 3;
    commands[0].args = args;
    memcpy(commands + 1, ptb->commands, ptb->n_commands * sizeof *commands);
    seal_sui_ptb dry = {n_inputs, inputs, ptb->n_commands + 1, commands};
    seal_sui_transaction_data td;
    memset(&td, 0, sizeof td);
    td.ptb = &dry;
    memcpy(td.sender, sender, 32);
    memcpy(td.gas.owner, sender, 32);
    td.gas.price = price;
    td.gas.budget = price > UINT64_MAX / GAS_BUDGET_UNITS ? UINT64_MAX : price * GAS_BUDGET_UNITS;
    td.expiration.kind = SEAL_SUI_EXPIRATION_NONE;
    seal_bcs_writer w;
    seal_bcs_writer_init(&w, NULL, 0);
    err = seal_sui_transaction_data_encode(&w, &td);
    if (err != SEAL_OK && err != SEAL_ERR_LIMIT) {
        seal__server_error(resp, "InvalidParameter", seal_strerror(err));
        goto out;
    }
    size_t tx_len = w.len;
    tx = malloc(tx_len);
    if (tx == NULL) {
        seal__server_error(resp, "Failure", "out of memory");
        goto out;
    }
    seal_bcs_writer_init(&w, tx, tx_len);
    if (seal_sui_transaction_data_encode(&w, &td) != SEAL_OK ||
        seal_bcs_writer_finish(&w) != SEAL_OK) {
        seal__server_error(resp, "Failure", "transaction encoding failed");
        goto out;
    }
    seal_chain_dry_run_result r;
    memset(&r, 0, sizeof r);
    err = seal_chain_dry_run(s->chain, tx, tx_len, &r);
    if (err == SEAL_ERR_IO || err == SEAL_ERR_TIMEOUT || err == SEAL_ERR_NO_MEMORY) {
        char why[160];
        snprintf(why, sizeof why, "Simulate transaction failed (%s)", seal_strerror(err));
        seal__server_error(resp, "Failure", why);
        goto out;
    }
    if (err != SEAL_OK) {
        /* The node refused the transaction as malformed (InvalidArgument upstream). */
        seal__server_error(resp, "InvalidParameter", seal_strerror(err));
        goto out;
    }
    r.message[sizeof r.message - 1] = '\0';
    switch (r.verdict) {
    case SEAL_CHAIN_SUCCESS:
        ok = true;
        break;
    case SEAL_CHAIN_ABORT:
        if (r.abort_code == STALENESS_ABORT_CODE && strcmp(r.abort_module, MODULE) == 0 &&
            memcmp(r.abort_package, s->cfg.seal_package, 32) == 0) {
            seal__server_error(resp, "Failure", "Fullnode is stale");
            resp->stale = true;
            break;
        }
        if (r.message[0] != '\0') {
            seal__server_error(resp, "NoAccess", r.message);
        } else {
            char msg[SEAL_CHAIN_MESSAGE_BYTES + 64];
            snprintf(msg, sizeof msg, "MoveAbort in %s::%s with code %llu in command %u",
                     r.abort_module, r.abort_function, (unsigned long long)r.abort_code,
                     (unsigned)r.command);
            seal__server_error(resp, "NoAccess", msg);
        }
        break;
    case SEAL_CHAIN_FUNCTION_NOT_FOUND:
        seal__server_error(resp, "InvalidPTB",
                           "The seal_approve function was not found on the module");
        break;
    case SEAL_CHAIN_INVALID_INPUT:
        seal__server_error(resp, "InvalidParameter",
                           r.message[0] != '\0' ? r.message : "invalid input");
        break;
    case SEAL_CHAIN_EXECUTION_ERROR:
    default:
        seal__server_error(resp, "NoAccess", r.message[0] != '\0' ? r.message : "execution error");
        break;
    }
out:
    free(tx);
    free(inputs);
    free(commands);
    return ok;
}

/* ---- signatures ----------------------------------------------------------------------------- */

static bool check_certificate_time(const seal_server *s, seal_server_response *resp,
                                   const seal__fetch_request *fr, uint64_t now_ms) {
    uint64_t ttl_ms = (uint64_t)fr->ttl_min * 60000u;
    const char *why = NULL;
    if (ttl_ms > s->cfg.session_key_ttl_max_ms)
        why = "session key TTL above session_key_ttl_max";
    else if (fr->creation_time > now_ms)
        why = "certificate created in the future";
    else if (now_ms - fr->creation_time > ttl_ms)
        why = "certificate expired";
    if (why == NULL)
        return true;
    seal__server_error(resp, "InvalidCertificate", why);
    return false;
}

/* The verified-certificate cache key: a hash of everything the user's signature covers and of
 * the signature itself (user, package, session key, creation time, TTL, signature bytes). */
static void cert_cache_key(uint8_t key[32], const seal__fetch_request *fr,
                           const uint8_t first_pkg[32]) {
    uint8_t head[32 + 32 + 32 + 8 + 2 + 8];
    memcpy(head, fr->user, 32);
    memcpy(head + 32, first_pkg, 32);
    memcpy(head + 64, fr->session_vk, 32);
    for (int i = 0; i < 8; i++) {
        head[96 + i] = (uint8_t)(fr->creation_time >> (8 * i));
        head[106 + i] = (uint8_t)((uint64_t)fr->signature_len >> (8 * i));
    }
    head[104] = (uint8_t)fr->ttl_min;
    head[105] = (uint8_t)(fr->ttl_min >> 8);
    seal_sui_blake2b256(key, head, sizeof head, fr->signature, fr->signature_len);
    if (fr->mvr_name != NULL) /* the message then names the MVR name */
        seal_sui_blake2b256(key, key, 32, (const uint8_t *)fr->mvr_name, strlen(fr->mvr_name));
}

static size_t cert_cache_slot(const uint8_t key[32]) {
    return ((size_t)key[0] | (size_t)key[1] << 8) % SEAL__SERVER_CERT_CACHE_SLOTS;
}

static bool cert_cache_hit(seal_server *s, const uint8_t key[32], uint64_t now_ms) {
    size_t slot = cert_cache_slot(key);
    bool hit;
    pthread_mutex_lock(&s->cert_mu);
    hit = s->cert_cache[slot].expires_ms > now_ms && memcmp(s->cert_cache[slot].key, key, 32) == 0;
    pthread_mutex_unlock(&s->cert_mu);
    return hit;
}

static void cert_cache_put(seal_server *s, const uint8_t key[32], uint64_t expires_ms) {
    size_t slot = cert_cache_slot(key);
    pthread_mutex_lock(&s->cert_mu);
    memcpy(s->cert_cache[slot].key, key, 32);
    s->cert_cache[slot].expires_ms = expires_ms;
    pthread_mutex_unlock(&s->cert_mu);
}

/* Users with address aliases enabled are refused (their signatures may come from keys other
 * than the address's). */
static bool check_no_alias(seal_server *s, seal_server_response *resp,
                           const seal__fetch_request *fr) {
    uint8_t alias[32];
    seal_ledger_object obj;
    bool found = false;
    memset(&obj, 0, sizeof obj);
    seal_sui_address_alias_id(alias, fr->user);
    seal_err err = seal_chain_get_objects(s->chain, (const uint8_t(*)[32])alias, 1, &obj, &found);
    if (err != SEAL_OK) {
        char why[160];
        snprintf(why, sizeof why, "Failed to check address aliases: %s", seal_strerror(err));
        seal__server_error(resp, "Failure", why);
        return false;
    }
    if (found) {
        seal_ledger_object_clear(&obj);
        seal__server_error(resp, "InvalidSignature", "address aliases enabled");
        return false;
    }
    return true;
}

/* A zkLogin signature of the certificate, verified by the full node (its JWKs and the proof),
 * as upstream's key server does: VerifySignature on a gRPC chain. SEAL_OK: valid;
 * SEAL_ERR_UNSUPPORTED_SIGNATURE_SCHEME: the chain cannot verify it (the embedded ledger,
 * JSON-RPC, or a node without JWKs such as `seal localnet serve`); anything else: invalid, with
 * the node's reason in resp->reason. An RPC failure is an invalid signature too (upstream). */
static seal_err verify_on_node(seal_server *s, seal_server_response *resp,
                               const seal__fetch_request *fr, const char *pkg_name) {
    char msg[SEAL_SUI_CERT_MESSAGE_MAX];
    size_t n = 0;
    seal_chain_signature_result r;
    seal_err err = seal_sui_certificate_message(msg, sizeof msg, &n, pkg_name, fr->session_vk,
                                                fr->creation_time, fr->ttl_min);
    if (err != SEAL_OK)
        return err;
    err = seal_chain_verify_signature(s->chain, (const uint8_t *)msg, n, fr->signature,
                                      fr->signature_len, fr->user, &r);
    if (err == SEAL_ERR_UNSUPPORTED_SIGNATURE_SCHEME)
        return err;
    if (err != SEAL_OK) {
        snprintf(resp->reason, sizeof resp->reason, "signature check on the full node failed: %.*s",
                 (int)(sizeof resp->reason - 48), seal_chain_last_error());
        return SEAL_ERR_INVALID_SIGNATURE;
    }
    if (r.valid)
        return SEAL_OK;
    snprintf(resp->reason, sizeof resp->reason, "full node: %.*s", (int)(sizeof resp->reason - 16),
             r.reason);
    /* a node without JWKs (the local chain) says it cannot verify zkLogin at all */
    return strstr(r.reason, "not supported") != NULL ? SEAL_ERR_UNSUPPORTED_SIGNATURE_SCHEME
                                                     : SEAL_ERR_INVALID_SIGNATURE;
}

static bool check_signatures(seal_server *s, seal_server_response *resp,
                             const seal__fetch_request *fr, const uint8_t first_pkg[32],
                             const uint8_t *ptb, size_t ptb_len, uint64_t now_ms) {
    char pkg_name[SEAL_SUI_ADDRESS_HEX_BYTES];
    uint8_t *msg = NULL, ckey[32];
    bool ok = false, alias_checked = false;
    seal_err err = SEAL_OK;
    /* A session sends many requests with one certificate: its signature is verified once and
     * remembered until the certificate expires (only successes are remembered; the time checks
     * run before, on every request). */
    cert_cache_key(ckey, fr, first_pkg);
    bool cached = cert_cache_hit(s, ckey, now_ms);
    if (!cached) {
        seal_sui_address_format(pkg_name, first_pkg);
        err = seal_sui_certificate_verify(fr->user, pkg_name, fr->session_vk, fr->creation_time,
                                          fr->ttl_min, fr->signature, fr->signature_len);
        if (err == SEAL_ERR_UNSUPPORTED_SIGNATURE_SCHEME && fr->signature_len > 0 &&
            fr->signature[0] == SEAL_SUI_SCHEME_ZKLOGIN) {
            /* upstream looks the alias up before asking the node */
            if (!check_no_alias(s, resp, fr))
                goto out;
            alias_checked = true;
            err = verify_on_node(s, resp, fr, pkg_name);
        }
        if (err == SEAL_OK)
            cert_cache_put(s, ckey, fr->creation_time + (uint64_t)fr->ttl_min * 60000u);
    }
    if (err != SEAL_OK) {
        /* (the node's reason, when it gave one, stays in resp->reason for the log) */
        seal__server_error(resp, "InvalidSignature",
                           err == SEAL_ERR_UNSUPPORTED_SIGNATURE_SCHEME
                               ? "unsupported signature scheme"
                               : "user signature does not verify");
        goto out;
    }
    if (!alias_checked && !check_no_alias(s, resp, fr))
        goto out;
    /* Session signature over BCS{ptb, enc_key, enc_verification_key}. */
    seal_bcs_writer w;
    seal_bcs_writer_init(&w, NULL, 0);
    seal_sui_request_bytes_write(&w, ptb, ptb_len, fr->enc_key, fr->enc_vk);
    size_t n = w.len;
    msg = malloc(n);
    if (msg == NULL) {
        seal__server_error(resp, "Failure", "out of memory");
        goto out;
    }
    seal_bcs_writer_init(&w, msg, n);
    seal_sui_request_bytes_write(&w, ptb, ptb_len, fr->enc_key, fr->enc_vk);
    if (seal_bcs_writer_finish(&w) != SEAL_OK ||
        seal_sui_ed25519_verify(fr->request_signature, fr->session_vk, msg, n) != SEAL_OK) {
        seal__server_error(resp, "InvalidSessionSignature", "session signature does not verify");
        goto out;
    }
    ok = true;
out:
    free(msg);
    return ok;
}

/* ---- response ------------------------------------------------------------------------------- */

/* Requests with at least this many ids build a fixed-base table of enc_key for their ElGamal
 * encryptions (bench/README.md: server_key_us against server_key_table_us). */
#define ENC_TABLE_MIN_IDS 24

/* The per-id crypto of a request: whole passes of 8 ids, and requests with a table, run in this
 * thread; the rest joins the ids of concurrent requests (server_batch.c) when batching is on. */
static seal_err extract_encrypt(seal_server *sv, uint8_t (*c0)[48], uint8_t (*c1)[48],
                                const seal_scalar *msk, const seal__fetch_request *fr,
                                const seal_g1_table *table, uint8_t **full, const size_t *full_len,
                                size_t n) {
    size_t own = sv->batcher == NULL || table != NULL ? n : n - n % 8;
    seal_err err = SEAL_OK;
    if (own > 0)
        err = seal_elgamal_extract_encrypt_batch(c0, c1, msk, &fr->enc_point, table,
                                                 (const uint8_t *const *)full, full_len, own, NULL);
    if (err == SEAL_OK && own < n) {
        seal__key_work w = {n - own,        (const uint8_t *const *)full + own,
                            full_len + own, msk,
                            &fr->enc_point, c0 + own,
                            c1 + own};
        err = seal__key_batcher_run(sv->batcher, &w);
    }
    return err;
}

static bool respond_keys(seal_server *sv, seal_server_response *resp, const seal__fetch_request *fr,
                         const seal_sui_ptb *ptb, const uint8_t first_pkg[32],
                         const uint8_t msk[32]) {
    seal_scalar s;
    char b0[72], b1[72];
    size_t n = ptb->n_commands;
    uint8_t **full = calloc(n ? n : 1, sizeof *full);
    size_t *full_len = calloc(n ? n : 1, sizeof *full_len);
    uint8_t(*c0)[48] = malloc((n ? n : 1) * sizeof *c0);
    uint8_t(*c1)[48] = malloc((n ? n : 1) * sizeof *c1);
    seal_g1_table *table = NULL;
    bool ok = false;
    json_t *keys = json_array();
    json_t *root = NULL;
    /* The master key is parsed once, enc_key decoded once for the request; the ids are
     * extracted and encrypted together (several at a time on the multi-buffer engine). */
    if (keys == NULL || full == NULL || full_len == NULL || c0 == NULL || c1 == NULL ||
        seal_scalar_from_bytes(&s, msk) != SEAL_OK || seal_scalar_is_zero(&s))
        goto fail;
    for (size_t i = 0; i < n; i++) {
        const uint8_t *id = NULL;
        size_t id_len = 0;
        if (!seal__ptb_inner_id(ptb, &ptb->commands[i], &id, &id_len))
            goto fail; /* checked before */
        full[i] = malloc(32 + id_len);
        if (full[i] == NULL ||
            seal_keys_full_id(full[i], 32 + id_len, &full_len[i], first_pkg, id, id_len) != SEAL_OK)
            goto fail;
    }
    if (n >= ENC_TABLE_MIN_IDS && (table = malloc(seal_g1_table_sizeof())) != NULL)
        seal_g1_table_init(table, &fr->enc_point);
    if (extract_encrypt(sv, c0, c1, &s, fr, table, full, full_len, n) != SEAL_OK)
        goto fail;
    for (size_t i = 0; i < n; i++) {
        json_t *idv = json_array();
        if (idv == NULL)
            goto fail;
        for (size_t k = 0; k < full_len[i]; k++) {
            if (json_array_append_new(idv, json_integer(full[i][k])) != 0) {
                json_decref(idv); /* a short id would name another identity */
                goto fail;
            }
        }
        seal_sui_base64_encode(b0, c0[i], 48);
        seal_sui_base64_encode(b1, c1[i], 48);
        json_t *entry = json_pack("{s:o, s:[s,s]}", "id", idv, "encrypted_key", b0, b1);
        if (entry == NULL || json_array_append_new(keys, entry) != 0)
            goto fail;
    }
    root = json_pack("{s:o}", "decryption_keys", keys);
    keys = NULL;
    if (root == NULL)
        goto fail;
    seal__server_respond_json(resp, 200, root);
    ok = true;
    goto out;
fail:
    seal__server_error(resp, "Failure", "key extraction or encryption failed");
out:
    seal_memzero(&s, sizeof s);
    json_decref(keys);
    for (size_t i = 0; full != NULL && i < n; i++)
        free(full[i]);
    free(full);
    free(full_len);
    free(c0);
    free(c1);
    free(table);
    return ok;
}

/* ---- the handler ---------------------------------------------------------------------------- */

static uint32_t elapsed_us(uint64_t t0) {
    uint64_t d = seal__server_monotonic_us() - t0;
    return d > UINT32_MAX ? UINT32_MAX : (uint32_t)d;
}

void seal__server_fetch_key(seal_server *s, const seal_server_request *req,
                            seal_server_response *resp) {
    seal__fetch_request fr;
    seal_sui_ptb *ptb = NULL;
    uint8_t *ptb_bytes = NULL;
    size_t ptb_len = 0;
    uint8_t first_pkg[32];
    const uint8_t *msk = NULL;
    uint8_t share[32];
    bool parsed = false, pkg_known = false; /* for the audit record */
    bool upstream = false; /* counted as on its way to the crypto (server_batch.c) */
    memset(&fr, 0, sizeof fr);
    if (!seal__fetch_parse_body(req, resp, &fr))
        goto out;
    parsed = true;
    if (s->batcher != NULL) {
        seal__key_batcher_upstream(s->batcher, 1);
        upstream = true;
    }
    if (!seal__fetch_check_ptb(resp, &fr, &ptb_bytes, &ptb_len, &ptb))
        goto out;
    resp->n_ids = ptb->n_commands;
    uint64_t t0 = seal__server_monotonic_us();
    bool resolved = seal__pkg_resolve(&s->pkg_mu, s->pkg_cache, s->chain, resp,
                                      ptb->commands[0].package, first_pkg);
    resp->fetch_pkg_ids_us = elapsed_us(t0);
    if (!resolved)
        goto out;
    pkg_known = true;
    if (s->cfg.mode == SEAL_SERVER_OPEN) {
        msk = s->cfg.msk;
    } else if (s->cfg.mode == SEAL_SERVER_COMMITTEE) {
        if (!seal__server_committee_share(s, resp, share))
            goto out;
        msk = share; /* the partial key s_i·H1(id) comes out of the same path */
    } else {
        for (size_t i = 0; i < s->cfg.n_clients && msk == NULL; i++) {
            const seal_server_client *cl = &s->cfg.clients[i];
            if (cl->disabled || !cl->has_msk)
                continue;
            for (size_t k = 0; k < cl->n_package_ids; k++)
                if (memcmp(cl->package_ids[k], first_pkg, 32) == 0) {
                    msk = cl->msk;
                    break;
                }
        }
        if (msk == NULL) {
            seal__server_error(resp, "UnsupportedPackageId", NULL);
            goto out;
        }
    }
    if (fr.mvr_name != NULL) {
        seal__server_error(resp, "InvalidMVRName",
                           "MVR names cannot be resolved on this chain (no MVR registry)");
        goto out;
    }
    if (!check_certificate_time(s, resp, &fr, req->now_ms))
        goto out;
    if (!check_signatures(s, resp, &fr, first_pkg, ptb_bytes, ptb_len, req->now_ms))
        goto out;
    t0 = seal__server_monotonic_us();
    bool granted = check_policy(s, resp, ptb, fr.user, req->now_ms);
    resp->check_policy_us = elapsed_us(t0);
    if (!granted)
        goto out;
    if (upstream)
        seal__key_batcher_upstream(s->batcher, -1);
    upstream = false;
    (void)respond_keys(s, resp, &fr, ptb, first_pkg, msk);
out:
    if (upstream)
        seal__key_batcher_upstream(s->batcher, -1);
    seal_memzero(share, sizeof share);
    if (parsed && s->audit != NULL) { /* the outcome's record (server_audit.c) */
        seal__server_audit_facts af = {
            fr.ptb_b64,   fr.ptb_b64_len,   ptb_bytes,        ptb_len,
            ptb,          fr.enc_key,       fr.enc_vk,        fr.request_signature,
            fr.user,      fr.session_vk,    fr.creation_time, fr.ttl_min,
            fr.signature, fr.signature_len, fr.mvr_name,      pkg_known ? first_pkg : NULL};
        seal__server_audit_fetch(s, req, resp, &af);
    }
    seal_sui_ptb_free(ptb);
    free(ptb_bytes);
    free(fr.signature);
    json_decref(fr.root);
}
