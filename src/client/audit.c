/*
 * Audit receipts in the client (docs/audit.md, "Clients"): every fetch_key answer that carries a
 * receipt is checked before its keys are used: the receipt's signature under the audit key the
 * server advertises in /v1/service (and, when the server names an AuditLog object, the key that
 * object holds on chain), the leaf hash of the record given with it, and that the record names
 * this request (its digest), this user, this package and exactly these ids, as granted. Verified
 * receipts are kept for the application (seal_client_receipt_get). Also the audit endpoints as
 * plain calls (seal_client_audit_*), for tools.
 */
#include <curl/curl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/internal.h"
#include "seal/audit_anchor.h"
#include "seal/sui.h"
#include "seal/util.h"

#define AUDIT_RESPONSE_MAX (1u << 20)
#define PTB_MAX (256u * 1024u)

/* ---- the request's digest ----------------------------------------------------------------- */

static bool b64_field(const json_t *obj, const char *key, uint8_t *out, size_t cap, size_t *n) {
    const json_t *v = json_object_get(obj, key);
    return json_is_string(v) && seal_sui_base64_decode(out, cap, n, json_string_value(v),
                                                       json_string_length(v)) == SEAL_OK;
}

static bool b64_exact(const json_t *obj, const char *key, uint8_t *out, size_t len) {
    size_t n = 0;
    return b64_field(obj, key, out, len, &n) && n == len;
}

seal_err seal_client_request_digest(uint8_t out[static 32], const char *body, size_t len) {
    seal_err err = SEAL_ERR_INVALID_ENCODING;
    uint8_t *ptb = NULL, *sig = NULL;
    uint8_t enc[48], evk[96], rsig[64], user[32], vk[32];
    json_t *j = json_loadb(body, len, JSON_REJECT_DUPLICATES, NULL);
    const json_t *cert = json_object_get(j, "certificate");
    const json_t *ptb_text = json_object_get(j, "ptb");
    const json_t *ct = json_object_get(cert, "creation_time");
    const json_t *ttl = json_object_get(cert, "ttl_min");
    const json_t *mvr = json_object_get(cert, "mvr_name");
    seal_audit_request r;
    memset(&r, 0, sizeof r);
    if (!json_is_object(cert) || !json_is_string(ptb_text) || !json_is_integer(ct) ||
        json_integer_value(ct) < 0 || !json_is_integer(ttl) || json_integer_value(ttl) < 0 ||
        json_integer_value(ttl) > 65535 ||
        (mvr != NULL && !json_is_null(mvr) && !json_is_string(mvr)))
        goto out;
    if ((ptb = malloc(PTB_MAX)) == NULL ||
        (sig = malloc(SEAL_SUI_SERIALIZED_SIGNATURE_MAX_BYTES)) == NULL) {
        err = SEAL_ERR_NO_MEMORY;
        goto out;
    }
    const json_t *user_text = json_object_get(cert, "user");
    if (!b64_field(j, "ptb", ptb, PTB_MAX, &r.ptb_len) || !b64_exact(j, "enc_key", enc, 48) ||
        !b64_exact(j, "enc_verification_key", evk, 96) ||
        !b64_exact(j, "request_signature", rsig, 64) || !json_is_string(user_text) ||
        seal_sui_address_parse(user, json_string_value(user_text)) != SEAL_OK ||
        !b64_exact(cert, "session_vk", vk, 32) ||
        !b64_field(cert, "signature", sig, SEAL_SUI_SERIALIZED_SIGNATURE_MAX_BYTES,
                   &r.signature_len))
        goto out;
    r.ptb = ptb;
    r.enc_key = enc;
    r.enc_verification_key = evk;
    r.request_signature = rsig;
    r.user = user;
    r.session_vk = vk;
    r.creation_time = (uint64_t)json_integer_value(ct);
    r.ttl_min = (uint16_t)json_integer_value(ttl);
    r.signature = sig;
    r.mvr_name = json_is_string(mvr) ? json_string_value(mvr) : NULL;
    seal_audit_request_digest(out, &r);
    err = SEAL_OK;
out:
    json_decref(j);
    free(ptb);
    free(sig);
    return err;
}

/* ---- GET on a key server ------------------------------------------------------------------ */

typedef struct buf {
    char *p;
    size_t n;
    bool too_big;
} buf;

static size_t on_data(char *p, size_t size, size_t nmemb, void *ud) {
    buf *b = ud;
    size_t n = size * nmemb;
    if (b->n + n > AUDIT_RESPONSE_MAX) {
        b->too_big = true;
        return 0;
    }
    char *q = realloc(b->p, b->n + n + 1);
    if (q == NULL)
        return 0;
    memcpy(q + b->n, p, n);
    b->p = q;
    b->n += n;
    b->p[b->n] = '\0';
    return n;
}

/* GET base + path (the base's trailing slashes dropped): the JSON object of a 200 answer. */
static seal_err http_get(const char *base, const char *path, uint32_t timeout_ms, json_t **out) {
    char url[SEAL_CLIENT_URL_MAX + 256];
    buf b = {NULL, 0, false};
    seal_err err = SEAL_ERR_IO;
    struct curl_slist *h = NULL;
    long status = 0;
    size_t l = strlen(base);
    *out = NULL;
    while (l > 0 && base[l - 1] == '/')
        l--;
    if (l > SEAL_CLIENT_URL_MAX)
        return SEAL_ERR_INVALID_ARGUMENT;
    snprintf(url, sizeof url, "%.*s%s", (int)l, base, path);
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return SEAL_ERR_IO;
    CURL *e = curl_easy_init();
    bool ok = seal__http_header_append(&h, "Client-Sdk-Type: " SEAL_CLIENT_SDK_TYPE) &&
              seal__http_header_append(&h, "Client-Sdk-Version: " SEAL_CLIENT_SDK_VERSION);
    if (e == NULL || !ok) {
        err = SEAL_ERR_NO_MEMORY;
        goto out;
    }
    curl_easy_setopt(e, CURLOPT_URL, url);
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, (long)(timeout_ms ? timeout_ms : 10000u));
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, &b);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
    CURLcode rc = curl_easy_perform(e);
    if (rc != CURLE_OK) {
        err = rc == CURLE_OPERATION_TIMEDOUT ? SEAL_ERR_TIMEOUT : SEAL_ERR_IO;
        goto out;
    }
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
    if (status != 200) {
        err = status == 404 ? SEAL_ERR_UNSUPPORTED : SEAL_ERR_KEY_SERVER;
        goto out;
    }
    *out = b.p != NULL ? json_loadb(b.p, b.n, JSON_REJECT_DUPLICATES, NULL) : NULL;
    err = json_is_object(*out) ? SEAL_OK : SEAL_ERR_INVALID_ENCODING;
    if (err != SEAL_OK) {
        json_decref(*out);
        *out = NULL;
    }
out:
    if (e != NULL)
        curl_easy_cleanup(e);
    curl_slist_free_all(h);
    free(b.p);
    return err;
}

static bool hex_field(const json_t *obj, const char *key, uint8_t out[32]) {
    const json_t *v = json_object_get(obj, key);
    return json_is_string(v) && seal_hex_decode(out, 32, json_string_value(v)) == SEAL_OK;
}

seal_err seal_client_audit_key(const char *url, const uint8_t object_id[static 32],
                               uint32_t timeout_ms, uint8_t public_key[static 32], bool *has_anchor,
                               uint8_t anchor[static 32]) {
    char path[128], hex[SEAL_SUI_ADDRESS_HEX_BYTES];
    json_t *j = NULL;
    *has_anchor = false;
    seal_sui_address_format(hex, object_id);
    snprintf(path, sizeof path, "/v1/service?service_id=%s", hex);
    seal_err err = http_get(url, path, timeout_ms, &j);
    if (err != SEAL_OK)
        return err;
    const json_t *a = json_object_get(j, "audit");
    const json_t *anc = json_object_get(a, "anchor");
    if (a == NULL) {
        err = SEAL_ERR_UNSUPPORTED; /* this server keeps no audit log */
    } else if (!hex_field(a, "public_key", public_key)) {
        err = SEAL_ERR_INVALID_ENCODING;
    } else if (json_is_string(anc)) {
        err = seal_sui_address_parse(anchor, json_string_value(anc));
        *has_anchor = err == SEAL_OK;
        if (err != SEAL_OK)
            err = SEAL_ERR_INVALID_ENCODING;
    } else if (anc != NULL && !json_is_null(anc)) {
        err = SEAL_ERR_INVALID_ENCODING;
    }
    json_decref(j);
    return err;
}

seal_err seal_client_audit_head(const char *url, uint32_t timeout_ms, seal_audit_tree_head *out,
                                uint8_t *public_key) {
    json_t *j = NULL;
    uint8_t enc[SEAL_AUDIT_TREE_HEAD_BYTES];
    seal_err err = http_get(url, "/v1/audit/head", timeout_ms, &j);
    if (err != SEAL_OK)
        return err;
    err = b64_exact(j, "tree_head", enc, sizeof enc)
              ? seal_audit_tree_head_decode(out, enc, sizeof enc)
              : SEAL_ERR_INVALID_ENCODING;
    if (err == SEAL_OK && public_key != NULL && !hex_field(j, "public_key", public_key))
        err = SEAL_ERR_INVALID_ENCODING;
    json_decref(j);
    return err;
}

static seal_err get_proof(const char *url, const char *path, uint32_t timeout_ms, size_t max_hashes,
                          seal_audit_proof *out) {
    json_t *j = NULL;
    size_t cap = 1 + 32 + 16 + 2 + SEAL_AUDIT_MAX_PROOF_HASHES * 32, n = 0;
    uint8_t *bytes = malloc(cap);
    if (bytes == NULL)
        return SEAL_ERR_NO_MEMORY;
    seal_err err = http_get(url, path, timeout_ms, &j);
    if (err == SEAL_OK)
        err = b64_field(j, "proof", bytes, cap, &n)
                  ? seal_audit_proof_decode(out, max_hashes, bytes, n)
                  : SEAL_ERR_INVALID_ENCODING;
    json_decref(j);
    free(bytes);
    return err;
}

seal_err seal_client_audit_inclusion(const char *url, uint64_t seq, uint64_t size,
                                     uint32_t timeout_ms, seal_audit_proof *out) {
    char path[128];
    snprintf(path, sizeof path, "/v1/audit/inclusion?seq=%llu&tree_size=%llu",
             (unsigned long long)seq, (unsigned long long)size);
    seal_err err = get_proof(url, path, timeout_ms, 64, out);
    if (err == SEAL_OK && (out->a != seq || out->b != size))
        err = SEAL_ERR_INVALID_ENCODING;
    return err;
}

seal_err seal_client_audit_consistency(const char *url, uint64_t first, uint64_t second,
                                       uint32_t timeout_ms, seal_audit_proof *out) {
    char path[128];
    snprintf(path, sizeof path, "/v1/audit/consistency?first=%llu&second=%llu",
             (unsigned long long)first, (unsigned long long)second);
    seal_err err = get_proof(url, path, timeout_ms, SEAL_AUDIT_MAX_PROOF_HASHES, out);
    if (err == SEAL_OK && (out->a != first || out->b != second))
        err = SEAL_ERR_INVALID_ENCODING;
    return err;
}

/* ---- receipts of fetch_key answers -------------------------------------------------------- */

size_t seal_client_receipt_count(const seal_client *c) {
    return c != NULL ? c->n_receipts : 0;
}

const seal_client_receipt *seal_client_receipt_get(const seal_client *c, size_t i) {
    return c != NULL && i < c->n_receipts ? &c->receipts[i] : NULL;
}

void seal_client_receipts_clear(seal_client *c) {
    if (c == NULL)
        return;
    for (size_t i = 0; i < c->n_receipts; i++)
        free(c->receipts[i].record);
    free(c->receipts);
    c->receipts = NULL;
    c->n_receipts = c->cap_receipts = 0;
}

/* Takes pk as the server's audit key: when the server names an AuditLog object on chain (and the
 * client has a chain), the key must be that object's. */
static seal_err adopt_audit_key(seal_client *c, size_t server, const uint8_t pk[static 32],
                                bool anchored, const uint8_t anchor[static 32], const char *where,
                                char *why, size_t why_len) {
    seal__client_server *sv = &c->servers[server];
    if (anchored && c->chain != NULL) {
        seal_ledger_audit_log log;
        seal_err err = seal_audit_anchor_read(c->chain, NULL, anchor, &log);
        if (err != SEAL_OK) {
            snprintf(why, why_len, "cannot read the server's AuditLog object on chain: %s",
                     seal_strerror(err));
            return err;
        }
        if (memcmp(log.public_key, pk, 32) != 0) {
            snprintf(why, why_len,
                     "the audit key in %s is not the one of the AuditLog object the server names "
                     "on chain",
                     where);
            return SEAL_ERR_INVALID_KEY;
        }
    }
    memcpy(sv->audit_pk, pk, 32);
    sv->audit_anchored = anchored && c->chain != NULL;
    memcpy(sv->audit_anchor, anchor, 32);
    sv->audit_state = 1;
    return SEAL_OK;
}

/* The server's audit key, once per server: /v1/service, and the AuditLog it names on chain. */
static seal_err server_audit_key(seal_client *c, size_t server, char *why, size_t why_len) {
    seal__client_server *sv = &c->servers[server];
    if (sv->audit_state == 1)
        return SEAL_OK;
    uint8_t pk[32], anchor[32] = {0};
    bool anchored = false;
    seal_err err =
        seal_client_audit_key(sv->url, sv->object_id, c->timeout_ms, pk, &anchored, anchor);
    if (err != SEAL_OK) {
        snprintf(why, why_len, "cannot read the server's audit key from /v1/service: %s",
                 err == SEAL_ERR_UNSUPPORTED ? "it advertises none" : seal_strerror(err));
        return err;
    }
    return adopt_audit_key(c, server, pk, anchored, anchor, "/v1/service", why, why_len);
}

/* The audit key a receipt is checked under. An answer that names its log's key (and anchor) is
 * checked under that key, from the same endpoint as /v1/service: replicas of one key server
 * behind a balancer keep one log each, and the two requests may reach different replicas.
 * Otherwise the key /v1/service advertises. */
static seal_err receipt_audit_key(seal_client *c, size_t server, const json_t *audit, char *why,
                                  size_t why_len) {
    seal__client_server *sv = &c->servers[server];
    const json_t *k = json_object_get(audit, "public_key"), *anc = json_object_get(audit, "anchor");
    uint8_t pk[32], anchor[32] = {0};
    if (k == NULL)
        return server_audit_key(c, server, why, why_len);
    bool anchored = json_is_string(anc);
    if (!hex_field(audit, "public_key", pk) ||
        (anchored && seal_sui_address_parse(anchor, json_string_value(anc)) != SEAL_OK) ||
        (!anchored && anc != NULL && !json_is_null(anc))) {
        snprintf(why, why_len, "the answer's audit key or anchor is malformed");
        return SEAL_ERR_INVALID_ENCODING;
    }
    if (sv->audit_state == 1 && memcmp(sv->audit_pk, pk, 32) == 0 &&
        sv->audit_anchored == (anchored && c->chain != NULL) &&
        (!sv->audit_anchored || memcmp(sv->audit_anchor, anchor, 32) == 0))
        return SEAL_OK;
    return adopt_audit_key(c, server, pk, anchored, anchor, "the answer", why, why_len);
}

/* Checks a receipt against what the client asked; why gets the reason of a refusal. */
static seal_err check_receipt(seal_client *c, size_t server, const seal__client_audit_query *q,
                              const json_t *audit, const seal_audit_receipt *rc, const uint8_t *rec,
                              size_t rec_len, char *why, size_t why_len) {
    seal__client_server *sv = &c->servers[server];
    seal_audit_record *r = NULL;
    uint8_t leaf[32], digest[32], pkg[32], user[32];
    seal_err err = receipt_audit_key(c, server, audit, why, why_len);
    if (err != SEAL_OK)
        return err;
    err = SEAL_ERR_INVALID_SIGNATURE;
    if (seal_audit_receipt_verify(rc, sv->audit_pk) != SEAL_OK) {
        snprintf(why, why_len, "the receipt's signature does not verify under the audit key");
        return err;
    }
    seal_audit_leaf_hash(leaf, rec, rec_len);
    if (memcmp(leaf, rc->leaf_hash, 32) != 0) {
        snprintf(why, why_len, "the record given with the receipt is not the one it signs");
        return err;
    }
    if ((r = malloc(sizeof *r)) == NULL)
        return SEAL_ERR_NO_MEMORY;
    seal_session_package_id(q->session, pkg);
    seal_session_address(q->session, user);
    if (seal_audit_record_decode(r, rec, rec_len) != SEAL_OK || r->seq != rc->seq) {
        snprintf(why, why_len, "the record is malformed");
        goto out;
    }
    if (seal_client_request_digest(digest, q->request, q->request_len) != SEAL_OK ||
        memcmp(digest, r->request_digest, 32) != 0) {
        snprintf(why, why_len, "the record names another request");
        goto out;
    }
    bool ids_ok = r->n_ids == q->n_ids && r->has_package && memcmp(r->package, pkg, 32) == 0;
    for (size_t i = 0; ids_ok && i < q->n_ids; i++)
        ids_ok =
            q->full_id_lens[i] == 32 + r->ids[i].len && memcmp(q->full_ids[i], pkg, 32) == 0 &&
            (r->ids[i].len == 0 || memcmp(q->full_ids[i] + 32, r->ids[i].ptr, r->ids[i].len) == 0);
    if (!r->granted || memcmp(r->user, user, 32) != 0 || !ids_ok ||
        (r->has_key_server && memcmp(r->key_server, sv->object_id, 32) != 0)) {
        snprintf(why, why_len,
                 "the record does not describe this grant (outcome, user, package, ids or key "
                 "server differ)");
        goto out;
    }
    err = SEAL_OK;
out:
    seal_memzero(r, sizeof *r);
    free(r);
    return err;
}

seal_err seal__client_audit_receipt(seal_client *c, size_t server,
                                    const seal__client_audit_query *q, const char *body,
                                    size_t len) {
    seal__client_server *sv = &c->servers[server];
    uint8_t enc[SEAL_AUDIT_RECEIPT_BYTES], *rec = NULL;
    size_t rec_len = 0;
    char why[200] = "";
    seal_audit_receipt rc;
    seal_err err = SEAL_OK;
    json_t *j = json_loadb(body, len, 0, NULL);
    const json_t *a = json_object_get(j, "audit");
    if (a == NULL) {
        if (c->require_receipts) {
            seal__client_record_error(c, server, SEAL_ERR_KEY_SERVER, 200, "MissingReceipt",
                                      "the answer carries no audit receipt");
            err = SEAL_ERR_KEY_SERVER;
        }
        goto out;
    }
    const json_t *rt = json_object_get(a, "record");
    size_t cap = json_is_string(rt) ? json_string_length(rt) / 4 * 3 + 3 : 0;
    if ((rec = malloc(cap > 0 ? cap : 1)) == NULL) {
        err = SEAL_ERR_NO_MEMORY;
        goto out;
    }
    if (!b64_exact(a, "receipt", enc, sizeof enc) ||
        seal_audit_receipt_decode(&rc, enc, sizeof enc) != SEAL_OK ||
        !b64_field(a, "record", rec, cap, &rec_len)) {
        snprintf(why, sizeof why, "the audit receipt is malformed");
        err = SEAL_ERR_INVALID_ENCODING;
    } else {
        err = check_receipt(c, server, q, a, &rc, rec, rec_len, why, sizeof why);
    }
    if (err != SEAL_OK) {
        seal__client_record_error(c, server, SEAL_ERR_KEY_SERVER, 200, "InvalidReceipt", "%s", why);
        err = SEAL_ERR_KEY_SERVER;
        goto out;
    }
    if (c->n_receipts == c->cap_receipts) {
        size_t ncap = c->cap_receipts ? 2 * c->cap_receipts : 4;
        seal_client_receipt *nr = realloc(c->receipts, ncap * sizeof *nr);
        if (nr == NULL) {
            err = SEAL_ERR_NO_MEMORY;
            goto out;
        }
        c->receipts = nr;
        c->cap_receipts = ncap;
    }
    seal_client_receipt *out = &c->receipts[c->n_receipts++];
    memset(out, 0, sizeof *out);
    memcpy(out->server, sv->object_id, 32);
    memcpy(out->audit_public_key, sv->audit_pk, 32);
    out->anchored = sv->audit_anchored;
    memcpy(out->anchor, sv->audit_anchor, 32);
    out->receipt = rc;
    out->record = rec;
    out->record_len = rec_len;
    rec = NULL;
out:
    free(rec);
    json_decref(j);
    return err;
}
