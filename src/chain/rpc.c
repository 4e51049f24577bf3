/* Sui JSON-RPC backend: libcurl (one easy handle per request) and jansson (docs/chain.md).
 *
 * Every request is bounded: at most opts.max_in_flight at once (callers wait for a slot up to the
 * request timeout), a response body of at most SEAL__CHAIN_MAX_RESPONSE_BYTES, a per-attempt
 * timeout, and retries only for transient failures (transport errors, HTTP 429 and 5xx, Sui's
 * transient JSON-RPC error -32050) with an exponential backoff from 100 ms. Every field of a
 * response is validated; anything unexpected is SEAL_ERR_IO. */
#include <curl/curl.h>
#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chain/internal.h"
#include "seal/sui.h"
#include "seal/sui_tx.h"
#include "seal/util.h"
#include "util/json.h"

#define JSONRPC_TRANSIENT (-32050)      /* Sui: transient error, retry */
#define JSONRPC_INTERNAL (-32603)       /* internal error of the node */
#define JSONRPC_METHOD_MISSING (-32601) /* method not found */

struct seal__chain_rpc {
    seal__chain_http http;
    struct curl_slist *headers;
    atomic_uint_fast64_t next_id;
};

/* ---- open / close --------------------------------------------------------------------------- */

seal_err seal__chain_rpc_open(seal__chain_rpc **out, const char *url,
                              const seal_chain_options *opts) {
    seal_err err = SEAL_OK;
    seal__chain_rpc *r = NULL;
    *out = NULL;
    if ((r = calloc(1, sizeof *r)) == NULL)
        return SEAL_ERR_NO_MEMORY;
    atomic_init(&r->next_id, 1);
    if ((err = seal__chain_http_init(&r->http, url, opts)) != SEAL_OK)
        goto out;
    {
        struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
        if (h != NULL)
            r->headers = h;
        if (h != NULL)
            h = curl_slist_append(r->headers, "Accept: application/json");
        if (h != NULL && opts->api_key_header != NULL)
            h = curl_slist_append(r->headers, opts->api_key_header);
        if (h == NULL) {
            err = SEAL_ERR_NO_MEMORY;
            goto out;
        }
    }
out:
    if (err != SEAL_OK) {
        seal__chain_rpc_close(r);
        r = NULL;
    }
    *out = r;
    return err;
}

void seal__chain_rpc_close(seal__chain_rpc *r) {
    if (r == NULL)
        return;
    seal__chain_http_destroy(&r->http);
    seal__chain_headers_free(r->headers);
    free(r);
}

uint64_t seal__chain_rpc_requests(const seal__chain_rpc *r) {
    return r == NULL ? 0 : atomic_load(&((seal__chain_rpc *)r)->http.requests);
}

/* ---- one JSON-RPC call ---------------------------------------------------------------------- */

/* What one call produced. */
typedef struct rpc_reply {
    json_t *result;                         /* "result" (owned) when the node answered with one */
    bool rpc_error;                         /* the node answered with a JSON-RPC error object */
    long rpc_code;                          /* its code */
    char message[SEAL_CHAIN_MESSAGE_BYTES]; /* RPC error text, or why SEAL_ERR_IO */
} rpc_reply;

typedef enum attempt_kind { ATTEMPT_DONE, ATTEMPT_TRANSIENT, ATTEMPT_FATAL } attempt_kind;

/* Interprets a response body as a JSON-RPC response. */
static attempt_kind parse_response(const seal__chain_body *b, long http, uint64_t id,
                                   rpc_reply *rep) {
    json_error_t je;
    json_t *doc = NULL, *v;
    attempt_kind k = ATTEMPT_FATAL;
    if (b->len == 0 ||
        (doc = seal__json_loadb((const char *)b->p, b->len, JSON_REJECT_DUPLICATES, &je)) == NULL ||
        !json_is_object(doc)) {
        if (http != 200)
            snprintf(rep->message, sizeof rep->message, "node answered HTTP %ld", http);
        else
            snprintf(rep->message, sizeof rep->message,
                     "node answered something that is not JSON-RPC");
        goto out;
    }
    v = json_object_get(doc, "id");
    if (v != NULL && json_is_integer(v) && (uint64_t)json_integer_value(v) != id) {
        snprintf(rep->message, sizeof rep->message, "node answered another request id");
        goto out;
    }
    if ((v = json_object_get(doc, "error")) != NULL) {
        json_t *code = json_object_get(v, "code"), *msg = json_object_get(v, "message");
        if (!json_is_object(v) || !json_is_integer(code)) {
            snprintf(rep->message, sizeof rep->message, "malformed JSON-RPC error from the node");
            goto out;
        }
        rep->rpc_error = true;
        rep->rpc_code = (long)json_integer_value(code);
        seal__chain_copy_message(rep->message, sizeof rep->message,
                                 json_is_string(msg) ? json_string_value(msg) : "JSON-RPC error");
        if (rep->rpc_code == JSONRPC_TRANSIENT)
            k = ATTEMPT_TRANSIENT;
        else if (rep->rpc_code == JSONRPC_INTERNAL || rep->rpc_code == JSONRPC_METHOD_MISSING)
            k = ATTEMPT_FATAL;
        else
            k = ATTEMPT_DONE;
        goto out;
    }
    if (http != 200) {
        snprintf(rep->message, sizeof rep->message, "node answered HTTP %ld", http);
        goto out;
    }
    if ((v = json_object_get(doc, "result")) == NULL) {
        snprintf(rep->message, sizeof rep->message, "JSON-RPC response without result");
        goto out;
    }
    rep->result = json_incref(v);
    k = ATTEMPT_DONE;
out:
    json_decref(doc);
    return k;
}

static attempt_kind attempt(seal__chain_rpc *r, CURL *h, const char *req, size_t req_len,
                            uint64_t id, rpc_reply *rep) {
    seal__chain_body b = {.max = SEAL__CHAIN_MAX_RESPONSE_BYTES};
    long http = 0;
    attempt_kind k = ATTEMPT_FATAL;
    CURLcode rc;
    seal__chain_http_setup(&r->http, h, r->http.url, req, req_len, r->headers, r->http.timeout_ms,
                           &b);
    curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
    rc = curl_easy_perform(h);
    if (rc == CURLE_OK)
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &http);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, NULL);
    if (b.too_big || rc == CURLE_FILESIZE_EXCEEDED) {
        snprintf(rep->message, sizeof rep->message, "node response larger than %u bytes",
                 SEAL__CHAIN_MAX_RESPONSE_BYTES);
        k = ATTEMPT_FATAL;
    } else if (rc != CURLE_OK) {
        snprintf(rep->message, sizeof rep->message, "node unreachable: %s", curl_easy_strerror(rc));
        k = (rc == CURLE_WRITE_ERROR || rc == CURLE_OUT_OF_MEMORY) ? ATTEMPT_FATAL
                                                                   : ATTEMPT_TRANSIENT;
    } else if (http == 429 || (http >= 500 && http <= 599)) {
        snprintf(rep->message, sizeof rep->message, "node answered HTTP %ld", http);
        k = ATTEMPT_TRANSIENT;
    } else {
        k = parse_response(&b, http, id, rep);
    }
    free(b.p);
    return k;
}

/* Calls method(params) (params is consumed). SEAL_OK: rep->result is set, or rep->rpc_error for
 * a JSON-RPC error the caller interprets. SEAL_ERR_IO: unreachable, timed out, transient failures
 * beyond the retries, or a malformed answer (rep->message says which). */
static seal_err rpc_call(seal__chain_rpc *r, const char *method, json_t *params, rpc_reply *rep) {
    seal_err err = SEAL_OK;
    json_t *req = NULL;
    char *text = NULL;
    uint64_t id = atomic_fetch_add(&r->next_id, 1);
    memset(rep, 0, sizeof *rep);
    if (params == NULL) {
        err = SEAL_ERR_NO_MEMORY;
        goto out;
    }
    req = json_pack("{s:s, s:I, s:s, s:O}", "jsonrpc", "2.0", "id", (json_int_t)id, "method",
                    method, "params", params);
    if (req == NULL || (text = seal__json_dumps(req, JSON_COMPACT)) == NULL) {
        err = SEAL_ERR_NO_MEMORY;
        goto out;
    }
    if (!seal__chain_http_acquire(&r->http)) {
        snprintf(rep->message, sizeof rep->message,
                 "too many requests in flight towards the node (%u)", r->http.max_in_flight);
        seal__chain_set_error("%s", rep->message);
        err = SEAL_ERR_IO;
        goto out;
    }
    {
        uint32_t backoff = SEAL__CHAIN_BACKOFF_FIRST_MS;
        attempt_kind k = ATTEMPT_FATAL;
        CURL *h = seal__chain_http_take(&r->http);
        if (h == NULL) {
            snprintf(rep->message, sizeof rep->message, "out of memory");
            err = SEAL_ERR_NO_MEMORY;
            goto release;
        }
        for (uint32_t i = 0;; i++) {
            json_decref(rep->result);
            rep->result = NULL;
            rep->rpc_error = false;
            k = attempt(r, h, text, strlen(text), id, rep);
            if (k != ATTEMPT_TRANSIENT || i >= r->http.max_retries)
                break;
            seal__chain_sleep_ms(backoff < r->http.timeout_ms ? backoff : r->http.timeout_ms);
            if (backoff < UINT32_MAX / 2)
                backoff *= 2;
        }
        if (k != ATTEMPT_DONE) {
            json_decref(rep->result);
            rep->result = NULL;
            rep->rpc_error = false;
            err = SEAL_ERR_IO;
        }
        /* keep the handle (and its live connection) unless the exchange went wrong */
        seal__chain_http_give(&r->http, h, k == ATTEMPT_DONE);
    }
release:
    if (err != SEAL_OK)
        seal__chain_set_error("%s", rep->message);
    seal__chain_http_release(&r->http);
out:
    json_decref(params);
    json_decref(req);
    free(text);
    return err;
}

/* ---- field decoding ------------------------------------------------------------------------- */

/* u64 from a decimal string (Sui's BigInt) or a non-negative JSON integer. */
static bool get_u64(const json_t *v, uint64_t *out) {
    if (json_is_integer(v) && json_integer_value(v) >= 0) {
        *out = (uint64_t)json_integer_value(v);
        return true;
    }
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        size_t n = json_string_length(v);
        uint64_t x = 0;
        if (n == 0 || n > 20 || (n > 1 && s[0] == '0'))
            return false;
        for (size_t i = 0; i < n; i++) {
            if (s[i] < '0' || s[i] > '9')
                return false;
            uint64_t d = (uint64_t)(s[i] - '0');
            if (x > (UINT64_MAX - d) / 10)
                return false;
            x = x * 10 + d;
        }
        *out = x;
        return true;
    }
    return false;
}

static bool get_address(const json_t *v, uint8_t out[32]) {
    return json_is_string(v) &&
           seal_sui_address_parse_n(out, json_string_value(v), json_string_length(v)) == SEAL_OK;
}

static bool get_digest(const json_t *v, uint8_t out[32]) {
    return json_is_string(v) && json_string_length(v) < SEAL_SUI_DIGEST_BASE58_BYTES &&
           seal_sui_digest_parse(out, json_string_value(v)) == SEAL_OK;
}

/* ObjectOwner: {"AddressOwner": A} | {"ObjectOwner": A} | {"Shared": {"initial_shared_version":
 * V}} | "Immutable" | {"ConsensusAddressOwner": {"owner": A, "start_version": V}}. */
static bool get_owner(const json_t *v, seal_sui_owner *o) {
    json_t *x;
    memset(o, 0, sizeof *o);
    if (json_is_string(v))
        return strcmp(json_string_value(v), "Immutable") == 0 &&
               (o->kind = SEAL_SUI_OWNER_IMMUTABLE, true);
    if (!json_is_object(v) || json_object_size(v) != 1)
        return false;
    if ((x = json_object_get(v, "AddressOwner")) != NULL) {
        o->kind = SEAL_SUI_OWNER_ADDRESS;
        return get_address(x, o->address);
    }
    if ((x = json_object_get(v, "ObjectOwner")) != NULL) {
        o->kind = SEAL_SUI_OWNER_OBJECT;
        return get_address(x, o->address);
    }
    if ((x = json_object_get(v, "Shared")) != NULL) {
        o->kind = SEAL_SUI_OWNER_SHARED;
        return json_is_object(x) &&
               get_u64(json_object_get(x, "initial_shared_version"), &o->version);
    }
    if ((x = json_object_get(v, "ConsensusAddressOwner")) != NULL) {
        o->kind = SEAL_SUI_OWNER_CONSENSUS_ADDRESS;
        return json_is_object(x) && get_address(json_object_get(x, "owner"), o->address) &&
               get_u64(json_object_get(x, "start_version"), &o->version);
    }
    return false;
}

/* A struct type string into its BCS TypeTag. */
static bool get_struct_type(const json_t *v, uint8_t out[SEAL_LEDGER_TYPE_MAX_BYTES], size_t *len) {
    return json_is_string(v) &&
           seal_sui_type_tag_parse(out, SEAL_LEDGER_TYPE_MAX_BYTES, len, json_string_value(v)) ==
               SEAL_OK &&
           *len > 0 && out[0] == SEAL_SUI_TYPE_STRUCT;
}

static seal_err io_error(char *msg, size_t cap, const char *what) {
    if (msg != NULL)
        seal__chain_copy_message(msg, cap, what);
    return SEAL_ERR_IO;
}

/* ---- reads ---------------------------------------------------------------------------------- */

static json_t *ids_array(const uint8_t (*ids)[32], size_t n) {
    json_t *a = json_array();
    for (size_t i = 0; a != NULL && i < n; i++) {
        char hex[SEAL_SUI_ADDRESS_HEX_BYTES];
        seal_sui_address_format(hex, ids[i]);
        if (json_array_append_new(a, json_string(hex)) != 0) {
            json_decref(a);
            a = NULL;
        }
    }
    return a;
}

/* One SuiObjectResponse into *o (*found false for notExists / deleted / a package). */
static seal_err decode_object(const json_t *resp, const uint8_t id[32], seal_ledger_object *o,
                              bool *found) {
    json_t *data, *e, *bcs;
    uint8_t got[32];
    uint64_t v2 = 0;
    size_t b64len, cap;
    *found = false;
    memset(o, 0, sizeof *o);
    if (!json_is_object(resp))
        return SEAL_ERR_IO;
    if ((e = json_object_get(resp, "error")) != NULL && !json_is_null(e)) {
        const char *code = json_string_value(json_object_get(e, "code"));
        if (code != NULL && (strcmp(code, "notExists") == 0 || strcmp(code, "deleted") == 0))
            return SEAL_OK;
        return SEAL_ERR_IO;
    }
    data = json_object_get(resp, "data");
    if (!json_is_object(data))
        return SEAL_ERR_IO;
    if (!get_address(json_object_get(data, "objectId"), got) || memcmp(got, id, 32) != 0)
        return SEAL_ERR_IO; /* an answer about another object */
    bcs = json_object_get(data, "bcs");
    if (!json_is_object(bcs))
        return SEAL_ERR_IO;
    e = json_object_get(bcs, "dataType");
    if (json_is_string(e) && strcmp(json_string_value(e), "package") == 0)
        return SEAL_OK; /* packages are not Move objects: seal_chain_resolve_package */
    if (!json_is_string(e) || strcmp(json_string_value(e), "moveObject") != 0)
        return SEAL_ERR_IO;
    memcpy(o->id, id, 32);
    if (!get_u64(json_object_get(data, "version"), &o->version) ||
        !get_u64(json_object_get(bcs, "version"), &v2) || v2 != o->version ||
        !get_digest(json_object_get(data, "digest"), o->digest) ||
        !get_owner(json_object_get(data, "owner"), &o->owner) ||
        !get_struct_type(json_object_get(data, "type"), o->type, &o->type_len) ||
        !json_is_boolean(json_object_get(bcs, "hasPublicTransfer")) ||
        !get_digest(json_object_get(data, "previousTransaction"), o->previous_transaction))
        return SEAL_ERR_IO;
    o->has_public_transfer = json_is_true(json_object_get(bcs, "hasPublicTransfer"));
    /* the BCS type must name the same type as data.type */
    {
        uint8_t t2[SEAL_LEDGER_TYPE_MAX_BYTES];
        size_t t2_len = 0;
        if (!get_struct_type(json_object_get(bcs, "type"), t2, &t2_len) || t2_len != o->type_len ||
            memcmp(t2, o->type, t2_len) != 0)
            return SEAL_ERR_IO;
    }
    e = json_object_get(bcs, "bcsBytes");
    if (!json_is_string(e))
        return SEAL_ERR_IO;
    b64len = json_string_length(e);
    if (b64len > 4 * ((SEAL_LEDGER_OBJECT_MAX_BYTES + 2) / 3))
        return SEAL_ERR_IO;
    cap = b64len / 4 * 3 + 3;
    if ((o->contents = malloc(cap)) == NULL)
        return SEAL_ERR_NO_MEMORY;
    if (seal_sui_base64_decode(o->contents, cap, &o->contents_len, json_string_value(e), b64len) !=
            SEAL_OK ||
        o->contents_len < 32 || memcmp(o->contents, id, 32) != 0) {
        seal_ledger_object_clear(o);
        return SEAL_ERR_IO; /* contents start with the object's UID */
    }
    *found = true;
    return SEAL_OK;
}

seal_err seal__chain_rpc_get_objects(seal__chain_rpc *r, const uint8_t (*ids)[32], size_t n,
                                     seal_ledger_object *out, bool *found) {
    seal_err err;
    rpc_reply rep;
    size_t i = 0;
    json_t *params = json_pack("[o, {s:b, s:b, s:b, s:b}]", ids_array(ids, n), "showBcs", 1,
                               "showOwner", 1, "showType", 1, "showPreviousTransaction", 1);
    if ((err = rpc_call(r, "sui_multiGetObjects", params, &rep)) != SEAL_OK)
        return err;
    if (rep.rpc_error || !json_is_array(rep.result) || json_array_size(rep.result) != n) {
        err = SEAL_ERR_IO;
        goto out;
    }
    for (i = 0; i < n; i++) {
        if ((err = decode_object(json_array_get(rep.result, i), ids[i], &out[i], &found[i])) !=
            SEAL_OK)
            break;
    }
    if (err != SEAL_OK) {
        for (size_t j = 0; j < i; j++) {
            if (found[j])
                seal_ledger_object_clear(&out[j]);
            found[j] = false;
        }
        found[i] = false;
    }
out:
    if (err == SEAL_ERR_IO && rep.rpc_error)
        seal__chain_set_error("node refused sui_multiGetObjects: %s", rep.message);
    else if (err == SEAL_ERR_IO)
        seal__chain_set_error("node answered a malformed sui_multiGetObjects result");
    json_decref(rep.result);
    return err;
}

/* Versions of objects (no options: every answer carries objectId and version). */
static seal_err object_versions(seal__chain_rpc *r, const uint8_t (*ids)[32], size_t n,
                                uint64_t *versions, bool *found) {
    seal_err err;
    rpc_reply rep;
    json_t *params = json_pack("[o, {}]", ids_array(ids, n));
    if ((err = rpc_call(r, "sui_multiGetObjects", params, &rep)) != SEAL_OK)
        return err;
    if (rep.rpc_error || !json_is_array(rep.result) || json_array_size(rep.result) != n) {
        err = SEAL_ERR_IO;
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_array_get(rep.result, i), *d = json_object_get(o, "data");
        uint8_t got[32];
        found[i] = false;
        if (json_is_object(d)) {
            if (!get_address(json_object_get(d, "objectId"), got) || memcmp(got, ids[i], 32) ||
                !get_u64(json_object_get(d, "version"), &versions[i])) {
                err = SEAL_ERR_IO;
                goto out;
            }
            found[i] = true;
        }
    }
out:
    json_decref(rep.result);
    return err;
}

#define MAX_ORIGINS 16

seal_err seal__chain_rpc_resolve_package(seal__chain_rpc *r, const uint8_t pkg[static 32],
                                         uint8_t original_id[static 32], uint64_t *version,
                                         bool *found) {
    seal_err err;
    rpc_reply rep;
    json_t *data, *bcs, *e, *table;
    uint8_t got[32];
    uint8_t cand[MAX_ORIGINS][32];
    size_t n_cand = 0;
    uint64_t v2 = 0;
    char hex[SEAL_SUI_ADDRESS_HEX_BYTES];
    seal_sui_address_format(hex, pkg);
    if ((err = rpc_call(r, "sui_getObject", json_pack("[s, {s:b}]", hex, "showBcs", 1), &rep)) !=
        SEAL_OK)
        return err;
    err = SEAL_ERR_IO;
    if (rep.rpc_error || !json_is_object(rep.result))
        goto out;
    if ((e = json_object_get(rep.result, "error")) != NULL && !json_is_null(e)) {
        const char *code = json_string_value(json_object_get(e, "code"));
        if (code != NULL && (strcmp(code, "notExists") == 0 || strcmp(code, "deleted") == 0))
            err = SEAL_OK; /* not found */
        goto out;
    }
    data = json_object_get(rep.result, "data");
    bcs = json_object_get(data, "bcs");
    if (!json_is_object(data) || !json_is_object(bcs) ||
        !get_address(json_object_get(data, "objectId"), got) || memcmp(got, pkg, 32) != 0 ||
        !get_u64(json_object_get(data, "version"), version))
        goto out;
    e = json_object_get(bcs, "dataType");
    if (json_is_string(e) && strcmp(json_string_value(e), "moveObject") == 0) {
        *version = 0;
        err = SEAL_OK; /* a Move object, not a package */
        goto out;
    }
    if (!json_is_string(e) || strcmp(json_string_value(e), "package") != 0 ||
        !get_address(json_object_get(bcs, "id"), got) || memcmp(got, pkg, 32) != 0 ||
        !get_u64(json_object_get(bcs, "version"), &v2) || v2 != *version)
        goto out;
    table = json_object_get(bcs, "typeOriginTable");
    if (!json_is_array(table))
        goto out;
    memcpy(original_id, pkg, 32);
    *found = true;
    err = SEAL_OK;
    if (*version == 1)
        goto out; /* first version: the original id is the package's own id (Sui) */
    /* An upgraded package: its types defined in the first version keep that version's id as
     * their origin. The candidates are the origins other than pkg; the original is the one at
     * version 1. No candidate at version 1 (system packages upgraded in place, or no type from
     * the first version): pkg itself. */
    for (size_t i = 0; i < json_array_size(table); i++) {
        json_t *t = json_array_get(table, i);
        uint8_t p[32];
        bool dup = false;
        if (!json_is_object(t) || !get_address(json_object_get(t, "package"), p)) {
            *found = false;
            err = SEAL_ERR_IO;
            goto out;
        }
        if (memcmp(p, pkg, 32) == 0)
            continue;
        for (size_t j = 0; j < n_cand; j++)
            dup |= memcmp(cand[j], p, 32) == 0;
        if (!dup && n_cand < MAX_ORIGINS)
            memcpy(cand[n_cand++], p, 32);
    }
    if (n_cand > 0) {
        uint64_t vers[MAX_ORIGINS];
        bool f[MAX_ORIGINS];
        json_decref(rep.result);
        rep.result = NULL;
        if ((err = object_versions(r, (const uint8_t(*)[32])cand, n_cand, vers, f)) != SEAL_OK) {
            *found = false;
            goto out;
        }
        for (size_t j = 0; j < n_cand; j++) {
            if (f[j] && vers[j] == 1) {
                memcpy(original_id, cand[j], 32);
                break;
            }
        }
    }
out:
    if (err == SEAL_ERR_IO && seal_chain_last_error()[0] == '\0')
        seal__chain_set_error("node answered a malformed package object");
    if (err != SEAL_OK || !*found) {
        *found = false;
        memset(original_id, 0, 32);
    }
    json_decref(rep.result);
    return err;
}

/* One call whose result is a u64 (a decimal string or a JSON integer). */
static seal_err call_u64(seal__chain_rpc *r, const char *method, json_t *params, uint64_t *out) {
    seal_err err;
    rpc_reply rep;
    *out = 0;
    if ((err = rpc_call(r, method, params, &rep)) != SEAL_OK)
        return err;
    if (rep.rpc_error || !get_u64(rep.result, out)) {
        seal__chain_set_error("node answered a malformed %s result", method);
        err = SEAL_ERR_IO;
    }
    json_decref(rep.result);
    return err;
}

seal_err seal__chain_rpc_reference_gas_price(seal__chain_rpc *r, uint64_t *out) {
    seal_err err = call_u64(r, "suix_getReferenceGasPrice", json_array(), out);
    if (err == SEAL_OK && *out == 0) {
        seal__chain_set_error("node answered a malformed reference gas price");
        err = SEAL_ERR_IO;
    }
    return err;
}

seal_err seal__chain_rpc_service_info(seal__chain_rpc *r, seal_chain_info *out) {
    seal_err err;
    rpc_reply rep;
    const char *id;
    char seq[24];
    /* the chain identifier: the first 4 bytes of checkpoint 0's digest, 8 hex digits */
    if ((err = rpc_call(r, "sui_getChainIdentifier", json_array(), &rep)) != SEAL_OK)
        return err;
    id = json_string_value(rep.result);
    if (rep.rpc_error || id == NULL || strlen(id) != 8 || strspn(id, "0123456789abcdef") != 8) {
        seal__chain_set_error("node answered a malformed chain identifier");
        json_decref(rep.result);
        return SEAL_ERR_IO;
    }
    memcpy(out->chain_short, id, 9);
    json_decref(rep.result);
    if ((err = call_u64(r, "sui_getLatestCheckpointSequenceNumber", json_array(),
                        &out->checkpoint_height)) != SEAL_OK)
        return err;
    snprintf(seq, sizeof seq, "%" PRIu64, out->checkpoint_height);
    if ((err = rpc_call(r, "sui_getCheckpoint", json_pack("[s]", seq), &rep)) != SEAL_OK)
        return err;
    if (rep.rpc_error || !json_is_object(rep.result) ||
        !get_u64(json_object_get(rep.result, "timestampMs"), &out->timestamp_ms) ||
        !get_u64(json_object_get(rep.result, "epoch"), &out->epoch)) {
        seal__chain_set_error("node answered a malformed checkpoint");
        err = SEAL_ERR_IO;
    }
    json_decref(rep.result);
    return err;
}

/* ---- execution status ----------------------------------------------------------------------- */

/* Parses `"IDENT"` at *p (quoted Move identifier) into out. */
static bool parse_quoted_ident(const char **p, char *out, size_t cap) {
    const char *s = *p, *e;
    if (*s != '"')
        return false;
    s++;
    if ((e = strchr(s, '"')) == NULL || (size_t)(e - s) >= cap ||
        seal_sui_identifier_validate((const uint8_t *)s, (size_t)(e - s)) != SEAL_OK)
        return false;
    memcpy(out, s, (size_t)(e - s));
    out[e - s] = '\0';
    *p = e + 1;
    return true;
}

static bool expect(const char **p, const char *lit) {
    size_t n = strlen(lit);
    if (strncmp(*p, lit, n) != 0)
        return false;
    *p += n;
    return true;
}

static bool parse_dec(const char **p, uint64_t *out) {
    const char *s = *p;
    uint64_t x = 0;
    if (*s < '0' || *s > '9')
        return false;
    while (*s >= '0' && *s <= '9') {
        uint64_t d = (uint64_t)(*s - '0');
        if (x > (UINT64_MAX - d) / 10)
            return false;
        x = x * 10 + d;
        s++;
    }
    *p = s;
    *out = x;
    return true;
}

/* "MoveAbort(MoveLocation { module: ModuleId { address: ADDR, name: Identifier("MOD") },
 *  function: F, instruction: I, function_name: Some("FN") }, CODE) in command N" */
static bool parse_move_abort(const char *s, seal_chain_dry_run_result *out) {
    const char *p = s, *e;
    uint64_t x = 0;
    char hex[70];
    if (!expect(&p, "MoveAbort(MoveLocation { module: ModuleId { address: "))
        return false;
    e = p;
    while ((*e >= '0' && *e <= '9') || (*e >= 'a' && *e <= 'f') || (*e >= 'A' && *e <= 'F') ||
           *e == 'x' || *e == 'X')
        e++;
    if (e == p || (size_t)(e - p) > 66)
        return false;
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
        snprintf(hex, sizeof hex, "%.*s", (int)(e - p), p);
    else
        snprintf(hex, sizeof hex, "0x%.*s", (int)(e - p), p);
    if (seal_sui_address_parse(out->abort_package, hex) != SEAL_OK)
        return false;
    p = e;
    if (!expect(&p, ", name: Identifier(") ||
        !parse_quoted_ident(&p, out->abort_module, sizeof out->abort_module) ||
        !expect(&p, ") }, function: ") || !parse_dec(&p, &x) || !expect(&p, ", instruction: ") ||
        !parse_dec(&p, &x) || !expect(&p, ", function_name: "))
        return false;
    if (expect(&p, "Some(")) {
        if (!parse_quoted_ident(&p, out->abort_function, sizeof out->abort_function) ||
            !expect(&p, ")"))
            return false;
    } else if (!expect(&p, "None")) {
        return false;
    }
    if (!expect(&p, " }, ") || !parse_dec(&p, &out->abort_code) || !expect(&p, ")"))
        return false;
    if (expect(&p, " in command ")) {
        if (!parse_dec(&p, &x) || x > UINT16_MAX)
            return false;
        out->command = (uint16_t)x;
    }
    return *p == '\0';
}

static void command_of(const char *s, seal_chain_dry_run_result *out) {
    const char *p = strstr(s, " in command ");
    uint64_t x = 0;
    if (p != NULL) {
        p += strlen(" in command ");
        if (parse_dec(&p, &x) && x <= UINT16_MAX)
            out->command = (uint16_t)x;
    }
}

/* effects.status → verdict. SEAL_ERR_IO when it is not a status. */
static seal_err parse_status(const json_t *status, seal_chain_dry_run_result *out) {
    const char *st = json_string_value(json_object_get(status, "status"));
    json_t *ev = json_object_get(status, "error");
    const char *err = json_string_value(ev);
    if (!json_is_object(status) || st == NULL)
        return io_error(out->message, sizeof out->message, "node answered a malformed status");
    if (strcmp(st, "success") == 0) {
        out->verdict = SEAL_CHAIN_SUCCESS;
        return SEAL_OK;
    }
    if (strcmp(st, "failure") != 0 || (ev != NULL && !json_is_null(ev) && err == NULL))
        return io_error(out->message, sizeof out->message, "node answered a malformed status");
    if (err == NULL)
        err = "";
    seal__chain_copy_message(out->message, sizeof out->message, err);
    if (strncmp(err, "MoveAbort(", 10) == 0) {
        seal_chain_dry_run_result a;
        memset(&a, 0, sizeof a);
        if (!parse_move_abort(err, &a))
            return io_error(out->message, sizeof out->message,
                            "node answered a malformed MoveAbort status");
        memcpy(a.message, out->message, sizeof a.message);
        a.verdict = SEAL_CHAIN_ABORT;
        *out = a;
        return SEAL_OK;
    }
    if (strncmp(err, "FunctionNotFound", 16) == 0 ||
        strstr(err, "FUNCTION_RESOLUTION_FAILURE") != NULL)
        out->verdict = SEAL_CHAIN_FUNCTION_NOT_FOUND;
    else
        out->verdict = SEAL_CHAIN_EXECUTION_ERROR;
    command_of(err, out);
    return SEAL_OK;
}

seal_err seal__chain_rpc_dry_run(seal__chain_rpc *r, const uint8_t *tx_data, size_t len,
                                 seal_chain_dry_run_result *out) {
    seal_err err;
    rpc_reply rep;
    char *b64 = NULL;
    json_t *effects;
    if (len == 0 || len > SEAL__CHAIN_MAX_RESPONSE_BYTES / 2)
        return SEAL_ERR_INVALID_ARGUMENT;
    if ((b64 = malloc(seal_sui_base64_encoded_len(len) + 1)) == NULL)
        return SEAL_ERR_NO_MEMORY;
    seal_sui_base64_encode(b64, tx_data, len);
    err = rpc_call(r, "sui_dryRunTransactionBlock", json_pack("[s]", b64), &rep);
    free(b64);
    if (err != SEAL_OK) {
        seal__chain_copy_message(out->message, sizeof out->message, rep.message);
        return err;
    }
    if (rep.rpc_error) {
        /* the node refused the transaction before executing it */
        out->verdict = SEAL_CHAIN_INVALID_INPUT;
        seal__chain_copy_message(out->message, sizeof out->message, rep.message);
        goto out;
    }
    effects = json_object_get(rep.result, "effects");
    if (!json_is_object(effects)) {
        err = io_error(out->message, sizeof out->message, "dry run answer without effects");
        goto out;
    }
    err = parse_status(json_object_get(effects, "status"), out);
out:
    if (err != SEAL_OK) {
        out->verdict = SEAL_CHAIN_EXECUTION_ERROR;
        seal__chain_set_error("%s", out->message);
    }
    json_decref(rep.result);
    return err;
}

/* ---- execution ------------------------------------------------------------------------------ */

static seal_ledger_status status_of_error(const char *e) {
    if (strstr(e, "ArithmeticError") != NULL || strstr(e, "MovePrimitiveRuntimeError") != NULL)
        return SEAL_LEDGER_ARITHMETIC_ERROR;
    if (strstr(e, "TypeMismatch") != NULL)
        return SEAL_LEDGER_TYPE_MISMATCH;
    if (strstr(e, "InvalidBCSBytes") != NULL)
        return SEAL_LEDGER_INVALID_BCS;
    if (strstr(e, "ArityMismatch") != NULL)
        return SEAL_LEDGER_ARITY_MISMATCH;
    return SEAL_LEDGER_UNSUPPORTED;
}

static bool decode_change(const json_t *c, seal_ledger_effect_object *o) {
    memset(o, 0, sizeof *o);
    return get_address(json_object_get(c, "objectId"), o->id) &&
           get_u64(json_object_get(c, "version"), &o->version) &&
           get_digest(json_object_get(c, "digest"), o->digest) &&
           get_owner(json_object_get(c, "owner"), &o->owner) &&
           get_struct_type(json_object_get(c, "objectType"), o->type, &o->type_len);
}

seal_err seal__chain_rpc_execute(seal__chain_rpc *r, const uint8_t *tx_data, size_t len,
                                 const uint8_t *const *sigs, const size_t *sig_lens, size_t n_sigs,
                                 seal_ledger_effects *out) {
    seal_err err = SEAL_OK;
    rpc_reply rep;
    char *b64 = NULL;
    json_t *sig_arr = NULL, *params = NULL, *effects, *changes, *v;
    uint8_t digest[32];
    memset(&rep, 0, sizeof rep);
    if ((err = seal__chain_execute_prepare(tx_data, len, SEAL__CHAIN_MAX_RESPONSE_BYTES / 2, sigs,
                                           sig_lens, n_sigs, digest, out)) != SEAL_OK)
        return err;
    if ((sig_arr = json_array()) == NULL)
        return SEAL_ERR_NO_MEMORY;
    for (size_t i = 0; i < n_sigs; i++) {
        char *s;
        if ((s = malloc(seal_sui_base64_encoded_len(sig_lens[i]) + 1)) == NULL) {
            err = SEAL_ERR_NO_MEMORY;
            goto out;
        }
        seal_sui_base64_encode(s, sigs[i], sig_lens[i]);
        if (json_array_append_new(sig_arr, json_string(s)) != 0)
            err = SEAL_ERR_NO_MEMORY;
        free(s);
        if (err != SEAL_OK)
            goto out;
    }
    if ((b64 = malloc(seal_sui_base64_encoded_len(len) + 1)) == NULL) {
        err = SEAL_ERR_NO_MEMORY;
        goto out;
    }
    seal_sui_base64_encode(b64, tx_data, len);
    params = json_pack("[s, O, {s:b, s:b}, s]", b64, sig_arr, "showEffects", 1, "showObjectChanges",
                       1, "WaitForLocalExecution");
    if ((err = rpc_call(r, "sui_executeTransactionBlock", params, &rep)) != SEAL_OK) {
        seal__chain_copy_message(out->outcome.message, sizeof out->outcome.message, rep.message);
        goto out;
    }
    memcpy(out->digest, digest, 32);
    if (rep.rpc_error) {
        /* refused before execution (nothing recorded), as the embedded ledger reports it */
        err = seal__chain_refusal(rep.message, out);
        goto out;
    }
    out->executed = true;
    err = SEAL_ERR_IO;
    if (!json_is_object(rep.result) ||
        !get_digest(json_object_get(rep.result, "digest"), out->digest) ||
        memcmp(out->digest, digest, 32) != 0) {
        seal__chain_copy_message(out->outcome.message, sizeof out->outcome.message,
                                 "node answered another transaction digest");
        goto out;
    }
    effects = json_object_get(rep.result, "effects");
    if (!json_is_object(effects))
        goto out;
    {
        seal_chain_dry_run_result d;
        memset(&d, 0, sizeof d);
        if (parse_status(json_object_get(effects, "status"), &d) != SEAL_OK) {
            seal__chain_copy_message(out->outcome.message, sizeof out->outcome.message, d.message);
            goto out;
        }
        seal__chain_outcome_from_verdict(&out->outcome, &d, status_of_error(d.message));
    }
    changes = json_object_get(rep.result, "objectChanges");
    if (out->outcome.status == SEAL_LEDGER_SUCCESS && changes != NULL && !json_is_null(changes)) {
        if (!json_is_array(changes))
            goto out;
        for (size_t i = 0; i < json_array_size(changes); i++) {
            json_t *c = json_array_get(changes, i);
            const char *type = json_string_value(json_object_get(c, "type"));
            seal_ledger_effect_object *o = NULL;
            if (type == NULL)
                goto out;
            if (strcmp(type, "deleted") == 0 || strcmp(type, "wrapped") == 0) {
                /* objectId, version, objectType: no digest or owner */
                seal_ledger_effect_object *d;
                if (out->n_deleted == SEAL_LEDGER_EFFECTS_MAX_OBJECTS)
                    continue;
                d = &out->deleted[out->n_deleted++];
                memset(d, 0, sizeof *d);
                if (!get_address(json_object_get(c, "objectId"), d->id) ||
                    !get_u64(json_object_get(c, "version"), &d->version) ||
                    !get_struct_type(json_object_get(c, "objectType"), d->type, &d->type_len)) {
                    seal__chain_copy_message(out->outcome.message, sizeof out->outcome.message,
                                             "node answered a malformed object change");
                    goto out;
                }
                continue;
            }
            if (strcmp(type, "created") == 0 && out->n_created < SEAL_LEDGER_EFFECTS_MAX_OBJECTS)
                o = &out->created[out->n_created++];
            else if (strcmp(type, "mutated") == 0 &&
                     out->n_mutated < SEAL_LEDGER_EFFECTS_MAX_OBJECTS)
                o = &out->mutated[out->n_mutated++];
            if (o != NULL && !decode_change(c, o)) {
                seal__chain_copy_message(out->outcome.message, sizeof out->outcome.message,
                                         "node answered a malformed object change");
                goto out;
            }
            if (o != NULL && out->lamport_version == 0)
                out->lamport_version = o->version;
        }
    }
    v = json_object_get(effects, "transactionDigest");
    if (v != NULL) {
        uint8_t d2[32];
        if (!get_digest(v, d2) || memcmp(d2, digest, 32) != 0)
            goto out;
    }
    err = SEAL_OK;
out:
    if (err != SEAL_OK && err != SEAL_ERR_INVALID_ARGUMENT && err != SEAL_ERR_INVALID_SIGNATURE) {
        out->n_created = 0;
        out->n_mutated = 0;
        out->n_deleted = 0;
        out->executed = false;
        seal__chain_set_error("%s", out->outcome.message);
    }
    json_decref(sig_arr);
    json_decref(rep.result);
    free(b64);
    return err;
}
