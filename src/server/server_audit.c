/*
 * The key server's audit log (docs/audit.md): one record per fetch_key outcome, a receipt on
 * every granted answer (header X-Seal-Audit-Receipt and the body's "audit" field), the answer
 * held until its record is durable, GET /v1/audit/{head,inclusion,consistency}, the log's key in
 * /v1/service, metrics.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "server/server.h"
#include "server/server_audit.h"
#include "server/server_internal.h"

#include "seal/bcs.h"
#include "seal/sui.h"
#include "seal/sui_tx.h"
#include "seal/util.h"

struct seal__server_audit {
    seal_audit_log *log;
    uint8_t public_key[32];
    uint8_t log_id[32];
    bool has_anchor;
    uint8_t anchor_object[32];
};

seal_err seal_server_audit_open(seal_audit_log **out, const seal_server_audit_config *cfg,
                                char *err, size_t err_len) {
    seal_audit_log_options o;
    memset(&o, 0, sizeof o);
    o.head_interval_ms = cfg->head_interval_ms;
    o.create = true;
    *out = NULL;
    if (!cfg->enabled || !cfg->has_key) {
        snprintf(err, err_len, "audit: the log is not configured");
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    return seal_audit_log_open(out, cfg->database, cfg->key, &o, err, err_len);
}

seal_err seal_server_audit_attach(seal_server *s, seal_audit_log *log,
                                  const seal_server_audit_config *cfg) {
    if (s == NULL || log == NULL)
        return SEAL_ERR_INVALID_ARGUMENT;
    struct seal__server_audit *a = calloc(1, sizeof *a);
    if (a == NULL)
        return SEAL_ERR_NO_MEMORY;
    a->log = log;
    seal_audit_log_public_key(log, a->public_key);
    seal_audit_log_id(a->log_id, a->public_key);
    if (cfg != NULL && cfg->anchor) {
        a->has_anchor = true;
        memcpy(a->anchor_object, cfg->anchor_object, 32);
    }
    free(s->audit);
    s->audit = a;
    return SEAL_OK;
}

/* ---- records ------------------------------------------------------------------------------ */

/* The key server object that answers for package (Open: the configured one). */
static bool key_server_of(const seal_server *s, const uint8_t *package, uint8_t out[32]) {
    if (s->cfg.mode == SEAL_SERVER_OPEN) {
        memcpy(out, s->cfg.key_server_object_id, 32);
        return true;
    }
    for (size_t i = 0; package != NULL && i < s->cfg.n_clients; i++) {
        const seal_server_client *cl = &s->cfg.clients[i];
        for (size_t k = 0; k < cl->n_package_ids; k++)
            if (memcmp(cl->package_ids[k], package, 32) == 0) {
                memcpy(out, cl->key_server_object_id, 32);
                return true;
            }
    }
    return false;
}

/* The inner ids of a PTB that passed the rules (the first argument of each call). */
static void record_ids(seal_audit_record *r, const seal_sui_ptb *ptb) {
    for (size_t i = 0; ptb != NULL && i < ptb->n_commands && r->n_ids < SEAL_AUDIT_MAX_IDS; i++) {
        const seal_sui_command *cmd = &ptb->commands[i];
        if (cmd->n_args == 0 || cmd->args[0].index >= ptb->n_inputs)
            continue;
        const seal_sui_call_arg *in = &ptb->inputs[cmd->args[0].index];
        seal_bcs_reader rd;
        const uint8_t *id = NULL;
        size_t id_len = 0;
        seal_bcs_reader_init(&rd, in->pure.ptr, in->pure.len);
        if (seal_bcs_read_bytes(&rd, SEAL_BCS_MAX_ULEB, &id, &id_len) != SEAL_OK)
            continue;
        r->ids[r->n_ids++] = (seal_audit_bytes){id, id_len};
    }
}

/* "0x" and 64 hex digits */
static void hex32(char out[67], const uint8_t v[32]) {
    out[0] = '0';
    out[1] = 'x';
    seal_hex_encode(out + 2, v, 32);
}

/* Adds ,"audit":{"receipt":…,"record":…,"public_key":"0x…","anchor":"0x…"|null} to the end of a
 * granted answer's JSON object. The log's key and anchor are those /v1/service advertises: replicas
 * of one key server behind a balancer keep one log each, and the client's /v1/service request may
 * reach another replica than its fetch_key request. */
static bool add_body_field(const seal_server *s, seal_server_response *resp,
                           const char *receipt_b64, const uint8_t *record, size_t record_len) {
    size_t rlen = seal_sui_base64_encoded_len(record_len);
    char *rec = malloc(rlen + 1);
    if (rec == NULL)
        return false;
    seal_sui_base64_encode(rec, record, record_len);
    char pk[67], anchor[SEAL_SUI_ADDRESS_HEX_BYTES + 2] = "null", c[224];
    hex32(pk, s->audit->public_key);
    if (s->audit->has_anchor) {
        anchor[0] = '"';
        seal_sui_address_format(anchor + 1, s->audit->anchor_object);
        strcat(anchor, "\"");
    }
    snprintf(c, sizeof c, "\",\"public_key\":\"%s\",\"anchor\":%s}}", pk, anchor);
    static const char a[] = ",\"audit\":{\"receipt\":\"", b[] = "\",\"record\":\"";
    size_t old = resp->body_len;
    if (old < 2 || resp->body[old - 1] != '}') {
        free(rec);
        return false;
    }
    size_t n = old - 1 + (sizeof a - 1) + strlen(receipt_b64) + (sizeof b - 1) + rlen + strlen(c);
    char *body = malloc(n + 1);
    if (body == NULL) {
        free(rec);
        return false;
    }
    int w = snprintf(body, n + 1, "%.*s%s%s%s%s%s", (int)(old - 1), resp->body, a, receipt_b64, b,
                     rec, c);
    free(rec);
    if (w < 0 || (size_t)w != n) {
        free(body);
        return false;
    }
    seal_memzero(resp->body, resp->body_len);
    free(resp->body);
    resp->body = body;
    resp->body_len = n;
    return true;
}

void seal_server_response_audit_failed(seal_server_response *resp) {
    if (resp->body != NULL)
        seal_memzero(resp->body, resp->body_len);
    resp->audit_receipt[0] = '\0';
    resp->n_ids = 0;
    snprintf(resp->reason, sizeof resp->reason, "audit log: the record could not be written");
    seal__server_error(resp, "Failure", NULL);
}

void seal_server_response_audit_wait(seal_server_response *resp) {
    if (resp->audit_pending == NULL)
        return;
    seal_err err = seal_audit_pending_wait(resp->audit_pending);
    resp->audit_pending = NULL;
    if (err != SEAL_OK)
        seal_server_response_audit_failed(resp);
}

void seal__server_audit_fetch(seal_server *s, const seal_server_request *req,
                              seal_server_response *resp, const seal__server_audit_facts *f) {
    seal_audit_record *r = NULL;
    seal_audit_request sr;
    uint8_t *decoded = NULL, *bytes = NULL;
    size_t len = 0;
    bool granted = resp->status == 200;
    if (s->audit == NULL)
        return;
    if ((r = calloc(1, sizeof *r)) == NULL)
        goto fail;
    /* the signed request's PTB: as decoded by the PTB rules, else decoded here, else the text */
    memset(&sr, 0, sizeof sr);
    sr.ptb = f->ptb;
    sr.ptb_len = f->ptb_len;
    if (sr.ptb == NULL) {
        size_t cap = f->ptb_b64_len / 4 * 3 + 3, n = 0;
        decoded = malloc(cap);
        if (decoded != NULL && strlen(f->ptb_b64) == f->ptb_b64_len &&
            seal_sui_base64_decode(decoded, cap, &n, f->ptb_b64, f->ptb_b64_len) == SEAL_OK) {
            sr.ptb = decoded;
            sr.ptb_len = n;
        } else {
            sr.ptb = (const uint8_t *)f->ptb_b64;
            sr.ptb_len = f->ptb_b64_len;
        }
    }
    sr.enc_key = f->enc_key;
    sr.enc_verification_key = f->enc_verification_key;
    sr.request_signature = f->request_signature;
    sr.user = f->user;
    sr.session_vk = f->session_vk;
    sr.creation_time = f->creation_time;
    sr.ttl_min = f->ttl_min;
    sr.signature = f->signature;
    sr.signature_len = f->signature_len;
    sr.mvr_name = f->mvr_name;
    seal_audit_request_digest(r->request_digest, &sr);

    r->time_ms = req->now_ms;
    r->has_key_server = key_server_of(s, f->package, r->key_server);
    memcpy(r->user, f->user, 32);
    memcpy(r->session_vk, f->session_vk, 32);
    if (f->package != NULL) {
        r->has_package = true;
        memcpy(r->package, f->package, 32);
    }
    record_ids(r, f->parsed_ptb);
    r->granted = granted;
    if (!granted)
        snprintf(r->error, sizeof r->error, "%s",
                 resp->error_kind != NULL ? resp->error_kind : "Failure");
    r->allowed_staleness_ms = s->cfg.allowed_staleness_ms;

    if (!granted) {
        /* refusals are logged without a receipt, and the answer does not wait for them */
        if (seal_audit_log_append(s->audit->log, r, NULL, NULL, NULL, NULL) != SEAL_OK &&
            resp->reason[0] == '\0')
            snprintf(resp->reason, sizeof resp->reason, "audit log: the refusal was not logged");
        goto out;
    }
    seal_audit_receipt receipt;
    seal_audit_pending *pending = NULL;
    uint8_t enc[SEAL_AUDIT_RECEIPT_BYTES];
    if (seal_audit_log_append(s->audit->log, r, &receipt, &bytes, &len, &pending) != SEAL_OK)
        goto fail;
    seal_audit_receipt_encode(enc, &receipt);
    seal_sui_base64_encode(resp->audit_receipt, enc, sizeof enc);
    resp->audit_pending = pending;
    if (!add_body_field(s, resp, resp->audit_receipt, bytes, len)) {
        /* the key is not sent: wait for the record (it is logged anyway), then fail */
        seal_audit_pending_release(pending);
        resp->audit_pending = NULL;
        goto fail;
    }
    goto out;
fail:
    if (granted)
        seal_server_response_audit_failed(resp);
out:
    free(decoded);
    free(bytes);
    if (r != NULL) {
        seal_memzero(r, sizeof *r);
        free(r);
    }
}

/* ---- /v1/service -------------------------------------------------------------------------- */

void seal__server_audit_service(seal_server *s, void *json_object) {
    json_t *obj = json_object;
    char pk[67], id[67], anchor[SEAL_SUI_ADDRESS_HEX_BYTES];
    if (s->audit == NULL || obj == NULL)
        return;
    hex32(pk, s->audit->public_key);
    hex32(id, s->audit->log_id);
    json_t *a = json_pack("{s:s, s:s}", "public_key", pk, "log_id", id);
    if (a != NULL && s->audit->has_anchor) {
        seal_sui_address_format(anchor, s->audit->anchor_object);
        json_object_set_new(a, "anchor", json_string(anchor));
    } else if (a != NULL) {
        json_object_set_new(a, "anchor", json_null());
    }
    if (a != NULL)
        json_object_set_new(obj, "audit", a);
}

/* ---- /v1/audit ---------------------------------------------------------------------------- */

static void bad_query(seal_server_response *resp, const char *message) {
    seal__server_respond_json(
        resp, 400, json_pack("{s:s, s:s}", "error", "InvalidAuditQuery", "message", message));
}

/* A decimal u64 query parameter (exactly one occurrence). */
static bool query_u64(const char *query, const char *name, uint64_t *out) {
    size_t nl = strlen(name);
    bool found = false;
    for (const char *p = query; p != NULL && *p != '\0';) {
        const char *end = strchr(p, '&');
        size_t len = end != NULL ? (size_t)(end - p) : strlen(p);
        if (len > nl && strncmp(p, name, nl) == 0 && p[nl] == '=') {
            uint64_t v = 0;
            size_t digits = len - nl - 1;
            if (found || digits == 0 || digits > 20)
                return false;
            for (size_t i = nl + 1; i < len; i++) {
                unsigned d = (unsigned)(p[i] - '0');
                if (d > 9 || v > (UINT64_MAX - d) / 10)
                    return false;
                v = v * 10 + d;
            }
            *out = v;
            found = true;
        }
        p = end != NULL ? end + 1 : NULL;
    }
    return found;
}

static json_t *path_json(const seal_audit_proof *p) {
    json_t *arr = json_array();
    for (size_t i = 0; arr != NULL && i < p->n; i++) {
        char h[67];
        hex32(h, p->path[i]);
        if (json_array_append_new(arr, json_string(h)) != 0) {
            json_decref(arr);
            return NULL;
        }
    }
    return arr;
}

static char *proof_b64(const seal_audit_proof *p) {
    uint8_t buf[1 + 32 + 16 + 2 + SEAL_AUDIT_MAX_PROOF_HASHES * 32];
    seal_bcs_writer w;
    seal_bcs_writer_init(&w, buf, sizeof buf);
    seal_audit_proof_write(&w, p);
    if (seal_bcs_writer_finish(&w) != SEAL_OK)
        return NULL;
    char *out = malloc(seal_sui_base64_encoded_len(w.len) + 1);
    if (out != NULL)
        seal_sui_base64_encode(out, buf, w.len);
    return out;
}

static void route_head(seal_server *s, seal_server_response *resp) {
    seal_audit_tree_head h;
    char id[67], pk[67], root[67], sig[131];
    uint8_t enc[SEAL_AUDIT_TREE_HEAD_BYTES];
    char b64[200];
    if (seal_audit_log_head(s->audit->log, &h) != SEAL_OK) {
        seal__server_error(resp, "Failure", "audit log unavailable");
        return;
    }
    hex32(id, h.log_id);
    hex32(pk, s->audit->public_key);
    hex32(root, h.root);
    sig[0] = '0';
    sig[1] = 'x';
    seal_hex_encode(sig + 2, h.signature, 64);
    seal_audit_tree_head_encode(enc, &h);
    seal_sui_base64_encode(b64, enc, sizeof enc);
    seal__server_respond_json(resp, 200,
                              json_pack("{s:s, s:s, s:I, s:I, s:s, s:s, s:s}", "log_id", id,
                                        "public_key", pk, "tree_size", (json_int_t)h.tree_size,
                                        "timestamp_ms", (json_int_t)h.timestamp_ms, "root_hash",
                                        root, "signature", sig, "tree_head", b64));
}

static void route_proof(seal_server *s, const seal_server_request *req, seal_server_response *resp,
                        bool inclusion) {
    const char *qa = inclusion ? "seq" : "first", *qb = inclusion ? "tree_size" : "second";
    uint64_t a = 0, b = 0;
    seal_audit_tree_head h;
    char msg[160];
    if (req->query == NULL || !query_u64(req->query, qa, &a) || !query_u64(req->query, qb, &b)) {
        snprintf(msg, sizeof msg, "expected ?%s=N&%s=M (decimal integers)", qa, qb);
        bad_query(resp, msg);
        return;
    }
    if (seal_audit_log_head(s->audit->log, &h) != SEAL_OK) {
        seal__server_error(resp, "Failure", "audit log unavailable");
        return;
    }
    if (b > h.tree_size || (inclusion ? a >= b : a > b)) {
        snprintf(msg, sizeof msg,
                 inclusion ? "need seq < tree_size <= %llu (the latest head's size)"
                           : "need first <= second <= %llu (the latest head's size)",
                 (unsigned long long)h.tree_size);
        bad_query(resp, msg);
        return;
    }
    seal_audit_proof *p = malloc(sizeof *p);
    if (p == NULL) {
        seal__server_error(resp, "Failure", "out of memory");
        return;
    }
    seal_err err = inclusion ? seal_audit_log_inclusion(s->audit->log, a, b, p)
                             : seal_audit_log_consistency(s->audit->log, a, b, p);
    json_t *path = err == SEAL_OK ? path_json(p) : NULL;
    char *b64 = err == SEAL_OK ? proof_b64(p) : NULL;
    free(p);
    if (path == NULL || b64 == NULL) {
        json_decref(path);
        free(b64);
        seal__server_error(resp, "Failure", "audit log: cannot build the proof");
        return;
    }
    json_t *j = inclusion ? json_pack("{s:I, s:I, s:o, s:s}", "leaf_index", (json_int_t)a,
                                      "tree_size", (json_int_t)b, "audit_path", path, "proof", b64)
                          : json_pack("{s:I, s:I, s:o, s:s}", "first", (json_int_t)a, "second",
                                      (json_int_t)b, "consistency_path", path, "proof", b64);
    free(b64);
    seal__server_respond_json(resp, 200, j);
}

void seal__server_audit_route(seal_server *s, const seal_server_request *req,
                              seal_server_response *resp) {
    const char *path = req->path + strlen("/v1/audit/");
    const char *m = req->method != NULL ? req->method : "";
    resp->route = "/v1/audit";
    resp->version_headers = true;
    bool head = strcmp(path, "head") == 0, inc = strcmp(path, "inclusion") == 0,
         con = strcmp(path, "consistency") == 0;
    if (!head && !inc && !con) {
        seal__server_respond(resp, 404, "text/plain; charset=utf-8", "", 0);
        return;
    }
    if (strcmp(m, "GET") != 0 && strcmp(m, "HEAD") != 0) {
        seal__server_respond(resp, 405, "text/plain; charset=utf-8", "", 0);
        return;
    }
    if (head)
        route_head(s, resp);
    else
        route_proof(s, req, resp, inc);
}

/* ---- metrics ------------------------------------------------------------------------------ */

seal_err seal_server_audit_metrics(seal_server *s, char **text, size_t *len) {
    seal_audit_log_stats st;
    size_t cap = 4096, n = 0;
    char *out = malloc(cap);
    *text = NULL;
    *len = 0;
    if (out == NULL)
        return SEAL_ERR_NO_MEMORY;
    out[0] = '\0';
    if (s == NULL || s->audit == NULL) {
        *text = out;
        return SEAL_OK;
    }
    seal_audit_log_get_stats(s->audit->log, &st);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t now = (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
    double age = now > st.head_timestamp_ms ? (double)(now - st.head_timestamp_ms) / 1000.0 : 0;
#define EMIT(...)                                                                                  \
    do {                                                                                           \
        int k = snprintf(out + n, cap - n, __VA_ARGS__);                                           \
        if (k > 0 && (size_t)k < cap - n)                                                          \
            n += (size_t)k;                                                                        \
    } while (0)
    EMIT("# HELP audit_records Records in the audit log (the latest signed head's size)\n"
         "# TYPE audit_records gauge\naudit_records %llu\n",
         (unsigned long long)st.records);
    EMIT("# HELP audit_head_age_seconds Age of the latest signed tree head\n"
         "# TYPE audit_head_age_seconds gauge\naudit_head_age_seconds %.3f\n",
         age);
    EMIT("# HELP audit_pending Records queued, not yet durable\n"
         "# TYPE audit_pending gauge\naudit_pending %llu\n",
         (unsigned long long)st.pending);
    EMIT("# HELP audit_appended_total Records queued since the server started\n"
         "# TYPE audit_appended_total counter\naudit_appended_total %llu\n",
         (unsigned long long)st.appended);
    EMIT("# HELP audit_commits_total Group commits of the audit log\n"
         "# TYPE audit_commits_total counter\naudit_commits_total %llu\n",
         (unsigned long long)st.commits);
    EMIT("# HELP audit_commit_failures_total Failed commits of the audit log\n"
         "# TYPE audit_commit_failures_total counter\naudit_commit_failures_total %llu\n",
         (unsigned long long)st.commit_failures);
    EMIT("# HELP audit_log_failed 1 when the audit log stopped (keys are then refused)\n"
         "# TYPE audit_log_failed gauge\naudit_log_failed %d\n",
         st.failed ? 1 : 0);
    EMIT("# HELP audit_commit_duration_millis Duration of a group commit (writes and fsync)\n"
         "# TYPE audit_commit_duration_millis histogram\n");
    for (size_t b = 0; b < 10; b++)
        EMIT("audit_commit_duration_millis_bucket{le=\"%g\"} %llu\n",
             SEAL_AUDIT_COMMIT_BUCKETS_MS[b], (unsigned long long)st.commit_buckets[b]);
    EMIT("audit_commit_duration_millis_bucket{le=\"+Inf\"} %llu\n"
         "audit_commit_duration_millis_sum %.3f\naudit_commit_duration_millis_count %llu\n",
         (unsigned long long)st.commit_count, st.commit_sum_ms,
         (unsigned long long)st.commit_count);
#undef EMIT
    *text = out;
    *len = n;
    return SEAL_OK;
}
