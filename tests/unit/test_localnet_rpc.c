/* `seal localnet serve`: the JSON-RPC server started in process on port 0, driven over HTTP with
 * libcurl (docs/localnet.md). */
#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"
#include "ledger_ptb.h"
#include "localnet/localnet.h"
#include "seal/chain.h"
#include "seal/keys.h"
#include "seal/ledger.h"
#include "seal/sui.h"
#include "seal/sui_sig.h"
#include "seal/sui_tx.h"

#define T0 1700000000000ull

static tu_team T;
static char g_url[64];
static uint8_t g_ks[32], g_pk[96];
static seal_localnet_rpc *g_srv;

static int setup(void **state) {
    (void)state;
    seal_ledger *l = NULL;
    seal_ledger_outcome o;
    uint8_t msk[32];
    seal_localnet_rpc_options opts;
    memset(msk, 0x42, sizeof msk);
    msk[0] = 0x11;
    if (seal_keys_public_key(g_pk, msk) != SEAL_OK)
        return -1;
    if ((l = tu_team_create(&T, "seal_rpc_", T0)) == NULL)
        return -1;
    if (seal_ledger_key_server_register(l, T.owner, "ks1", "http://127.0.0.1:1", 0, g_pk, g_ks,
                                        &o) != SEAL_OK ||
        o.status != SEAL_LEDGER_SUCCESS)
        return -1;
    seal_ledger_close(l);
    memset(&opts, 0, sizeof opts);
    opts.data_dir = T.dir;
    opts.threads = 2;
    opts.max_body = 64 * 1024;
    if (seal_localnet_rpc_start(&g_srv, &opts) != SEAL_OK)
        return -1;
    snprintf(g_url, sizeof g_url, "http://127.0.0.1:%u/", (unsigned)seal_localnet_rpc_port(g_srv));
    curl_global_init(CURL_GLOBAL_DEFAULT);
    return 0;
}

static int teardown(void **state) {
    (void)state;
    seal_localnet_rpc_stop(g_srv);
    curl_global_cleanup();
    return tu_rmtree(T.dir);
}

/* ---- HTTP ----------------------------------------------------------------------------------- */

typedef struct buf {
    char *p;
    size_t len;
} buf;

static size_t on_data(char *p, size_t size, size_t n, void *ctx) {
    buf *b = ctx;
    char *q = realloc(b->p, b->len + size * n + 1);
    if (q == NULL)
        return 0;
    memcpy(q + b->len, p, size * n);
    b->p = q;
    b->len += size * n;
    b->p[b->len] = '\0';
    return size * n;
}

static size_t on_header(char *p, size_t size, size_t n, void *ctx) {
    return on_data(p, size, n, ctx);
}

/* One HTTP request; returns the status; body/headers malloc'd into out/hdrs (may be NULL). */
static long http(const char *method, const char *body, size_t len, const char *content_type,
                 buf *out, buf *hdrs) {
    CURL *c = curl_easy_init();
    struct curl_slist *h = NULL;
    long status = 0;
    char ct[128];
    assert_non_null(c);
    memset(out, 0, sizeof *out);
    if (hdrs != NULL)
        memset(hdrs, 0, sizeof *hdrs);
    curl_easy_setopt(c, CURLOPT_URL, g_url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    if (body != NULL) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
    }
    if (content_type != NULL) {
        snprintf(ct, sizeof ct, "Content-Type: %s", content_type);
        h = curl_slist_append(h, ct);
    }
    h = curl_slist_append(h, "Origin: http://example.test");
    h = curl_slist_append(h, "Expect:");
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
    if (hdrs != NULL) {
        curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
        curl_easy_setopt(c, CURLOPT_HEADERDATA, hdrs);
    }
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
    assert_int_equal(curl_easy_perform(c), CURLE_OK);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    return status;
}

/* POSTs a JSON text and parses the answer. */
static json_t *post(const char *body) {
    buf out;
    json_error_t je;
    json_t *j;
    assert_int_equal(http("POST", body, strlen(body), "application/json", &out, NULL), 200);
    assert_non_null(out.p);
    j = json_loads(out.p, 0, &je);
    if (j == NULL)
        fail_msg("not JSON: %s", out.p);
    free(out.p);
    return j;
}

/* Calls method(params) and returns "result" (asserting there is no error). */
static json_t *call(const char *method, json_t *params) {
    char *body;
    json_t *req = json_pack("{s:s,s:i,s:s,s:o}", "jsonrpc", "2.0", "id", 7, "method", method,
                            "params", params);
    json_t *resp, *res;
    body = json_dumps(req, JSON_COMPACT);
    json_decref(req);
    resp = post(body);
    free(body);
    if (json_object_get(resp, "error") != NULL) {
        char *t = json_dumps(resp, 0);
        fail_msg("%s answered an error: %s", method, t);
    }
    assert_int_equal(json_integer_value(json_object_get(resp, "id")), 7);
    assert_string_equal(json_string_value(json_object_get(resp, "jsonrpc")), "2.0");
    res = json_incref(json_object_get(resp, "result"));
    assert_non_null(res);
    json_decref(resp);
    return res;
}

/* Calls method(params) expecting a JSON-RPC error; returns its code, message into msg. */
static int call_error(const char *method, json_t *params, char *msg, size_t cap) {
    char *body;
    json_t *req = json_pack("{s:s,s:i,s:s,s:o}", "jsonrpc", "2.0", "id", 9, "method", method,
                            "params", params);
    json_t *resp, *e;
    int code;
    body = json_dumps(req, JSON_COMPACT);
    json_decref(req);
    resp = post(body);
    free(body);
    e = json_object_get(resp, "error");
    assert_non_null(e);
    assert_null(json_object_get(resp, "result"));
    assert_int_equal(json_integer_value(json_object_get(resp, "id")), 9);
    code = (int)json_integer_value(json_object_get(e, "code"));
    snprintf(msg, cap, "%s", json_string_value(json_object_get(e, "message")));
    json_decref(resp);
    return code;
}

static json_t *hexj(const uint8_t a[32]) {
    char hex[SEAL_SUI_ADDRESS_HEX_BYTES];
    seal_sui_address_format(hex, a);
    return json_string(hex);
}

static json_t *b64j(const uint8_t *p, size_t n) {
    char *t = malloc(seal_sui_base64_encoded_len(n) + 1);
    json_t *j;
    assert_non_null(t);
    seal_sui_base64_encode(t, p, n);
    j = json_string(t);
    free(t);
    return j;
}

/* ---- transactions --------------------------------------------------------------------------- */

/* TransactionData (or TransactionKind) of examples allowlist::seal_approve(id, obj) by sender. */
static size_t approve_tx(uint8_t *out, size_t cap, const uint8_t obj[32], const uint8_t sender[32],
                         bool as_kind) {
    uint8_t id[40];
    tu_ptb b;
    uint16_t a[2];
    memcpy(id, T.al, 32);
    memset(id + 32, 0x77, 8);
    memset(&b, 0, sizeof b);
    a[0] = tu_ptb_bytes(&b, id, sizeof id);
    a[1] = tu_ptb_shared(&b, obj, 1, false);
    tu_ptb_call(&b, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "seal_approve", 2, a);
    return as_kind ? tu_ptb_kind(&b, out, cap) : tu_ptb_tx(&b, sender, 500000000, out, cap);
}

/* The verdict the chain layer derives from the ledger for the same bytes. */
static seal_chain_dry_run_result ledger_verdict(const uint8_t *tx, size_t len) {
    seal_ledger *l = NULL;
    seal_ledger_outcome o;
    seal_chain_dry_run_result v;
    assert_int_equal(seal_ledger_open_readonly(&l, T.path), SEAL_OK);
    assert_int_equal(seal_ledger_dry_run_transaction(l, tx, len, &o), SEAL_OK);
    seal_ledger_close(l);
    seal_chain_verdict_from_ledger(&v, &o);
    return v;
}

/* ---- tests ---------------------------------------------------------------------------------- */

static void test_get_object(void **state) {
    (void)state;
    seal_ledger *l = NULL;
    seal_ledger_object o;
    bool found = false;
    uint8_t got[1024];
    size_t got_len = 0;
    json_t *r, *d, *bcs, *content;
    char type[256];
    r = call("sui_getObject",
             json_pack("[o,{s:b,s:b,s:b,s:b,s:b,s:b,s:b}]", hexj(T.al), "showType", 1, "showOwner",
                       1, "showBcs", 1, "showContent", 1, "showPreviousTransaction", 1,
                       "showStorageRebate", 1, "showDisplay", 1));
    d = json_object_get(r, "data");
    assert_non_null(d);
    assert_int_equal(seal_ledger_open_readonly(&l, T.path), SEAL_OK);
    memset(&o, 0, sizeof o);
    assert_int_equal(seal_ledger_object_get(l, T.al, &o, &found), SEAL_OK);
    assert_true(found);
    seal_ledger_close(l);
    {
        uint8_t id[32], digest[32];
        assert_int_equal(seal_sui_address_parse(id, tu_str(d, "objectId")), SEAL_OK);
        assert_memory_equal(id, T.al, 32);
        assert_int_equal(strtoull(tu_str(d, "version"), NULL, 10), o.version);
        assert_int_equal(seal_sui_digest_parse(digest, tu_str(d, "digest")), SEAL_OK);
        assert_memory_equal(digest, o.digest, 32);
        assert_int_equal(seal_sui_digest_parse(digest, tu_str(d, "previousTransaction")), SEAL_OK);
        assert_memory_equal(digest, o.previous_transaction, 32);
    }
    assert_int_equal(seal_sui_type_tag_format(type, sizeof type, o.type, o.type_len, false),
                     SEAL_OK);
    assert_string_equal(tu_str(d, "type"), type);
    assert_string_equal(type, "0x5ea3::allowlist::Allowlist");
    assert_int_equal(
        json_integer_value(json_object_get(json_object_get(json_object_get(d, "owner"), "Shared"),
                                           "initial_shared_version")),
        o.owner.version);
    assert_string_equal(tu_str(d, "storageRebate"), "0");
    assert_true(json_is_null(json_object_get(json_object_get(d, "display"), "data")));
    bcs = json_object_get(d, "bcs");
    assert_string_equal(tu_str(bcs, "dataType"), "moveObject");
    assert_string_equal(tu_str(bcs, "type"), type);
    assert_true(json_is_boolean(json_object_get(bcs, "hasPublicTransfer")));
    assert_int_equal(json_integer_value(json_object_get(bcs, "version")), o.version);
    assert_int_equal(seal_sui_base64_decode(got, sizeof got, &got_len, tu_str(bcs, "bcsBytes"),
                                            strlen(tu_str(bcs, "bcsBytes"))),
                     SEAL_OK);
    assert_int_equal(got_len, o.contents_len);
    assert_memory_equal(got, o.contents, got_len);
    content = json_object_get(d, "content");
    assert_string_equal(tu_str(content, "dataType"), "moveObject");
    assert_string_equal(tu_str(json_object_get(content, "fields"), "name"), "team");
    {
        json_t *list = json_object_get(json_object_get(content, "fields"), "list");
        uint8_t m[32];
        assert_int_equal(json_array_size(list), 1);
        assert_int_equal(seal_sui_address_parse(m, json_string_value(json_array_get(list, 0))),
                         SEAL_OK);
        assert_memory_equal(m, T.member, 32);
        assert_int_equal(
            seal_sui_address_parse(
                m, tu_str(json_object_get(json_object_get(content, "fields"), "id"), "id")),
            SEAL_OK);
        assert_memory_equal(m, T.al, 32);
    }
    seal_ledger_object_clear(&o);
    json_decref(r);

    /* without options: only id, version, digest */
    r = call("sui_getObject", json_pack("[o]", hexj(T.cap)));
    d = json_object_get(r, "data");
    assert_non_null(json_object_get(d, "digest"));
    assert_null(json_object_get(d, "type"));
    assert_null(json_object_get(d, "owner"));
    assert_null(json_object_get(d, "bcs"));
    json_decref(r);

    /* owned object: AddressOwner */
    r = call("sui_getObject", json_pack("[o,{s:b}]", hexj(T.cap), "showOwner", 1));
    {
        uint8_t a[32];
        assert_int_equal(
            seal_sui_address_parse(
                a, tu_str(json_object_get(json_object_get(r, "data"), "owner"), "AddressOwner")),
            SEAL_OK);
        assert_memory_equal(a, T.owner, 32);
    }
    json_decref(r);

    /* a missing object: notExists, as Sui */
    {
        uint8_t missing[32];
        tu_addr(missing, 0x99);
        r = call("sui_getObject", json_pack("[o]", hexj(missing)));
        assert_null(json_object_get(r, "data"));
        assert_string_equal(tu_str(json_object_get(r, "error"), "code"), "notExists");
        {
            uint8_t a[32];
            assert_int_equal(
                seal_sui_address_parse(a, tu_str(json_object_get(r, "error"), "object_id")),
                SEAL_OK);
            assert_memory_equal(a, missing, 32);
        }
        json_decref(r);
    }

    /* a package: version 1, type "package", bcs dataType package */
    r = call("sui_getObject",
             json_pack("[s,{s:b,s:b,s:b}]", "0x5ea3", "showType", 1, "showBcs", 1, "showOwner", 1));
    d = json_object_get(r, "data");
    assert_string_equal(tu_str(d, "version"), "1");
    assert_string_equal(tu_str(d, "type"), "package");
    assert_string_equal(json_string_value(json_object_get(d, "owner")), "Immutable");
    assert_string_equal(tu_str(json_object_get(d, "bcs"), "dataType"), "package");
    assert_true(json_is_array(json_object_get(json_object_get(d, "bcs"), "typeOriginTable")));
    json_decref(r);
}

static void test_multi_get_objects(void **state) {
    (void)state;
    uint8_t missing[32];
    char msg[256];
    json_t *r, *ids;
    tu_addr(missing, 0x98);
    r = call("sui_multiGetObjects",
             json_pack("[[o,o,o],{s:b}]", hexj(T.al), hexj(missing), hexj(g_ks), "showType", 1));
    assert_int_equal(json_array_size(r), 3);
    assert_string_equal(tu_str(json_object_get(json_array_get(r, 0), "data"), "type"),
                        "0x5ea3::allowlist::Allowlist");
    assert_string_equal(tu_str(json_object_get(json_array_get(r, 1), "error"), "code"),
                        "notExists");
    assert_string_equal(tu_str(json_object_get(json_array_get(r, 2), "data"), "type"),
                        "0x5ea1::key_server::KeyServer");
    json_decref(r);
    /* duplicates, more than 50, bad ids */
    assert_int_equal(call_error("sui_multiGetObjects", json_pack("[[o,o]]", hexj(T.al), hexj(T.al)),
                                msg, sizeof msg),
                     -32602);
    assert_non_null(strstr(msg, "duplicates"));
    ids = json_array();
    for (uint8_t i = 0; i < 51; i++) {
        uint8_t a[32];
        tu_addr(a, i);
        json_array_append_new(ids, hexj(a));
    }
    assert_int_equal(call_error("sui_multiGetObjects", json_pack("[o]", ids), msg, sizeof msg),
                     -32602);
    assert_non_null(strstr(msg, "limit of 50"));
    assert_int_equal(call_error("sui_multiGetObjects", json_pack("[[s]]", "0xzz"), msg, sizeof msg),
                     -32602);
    assert_non_null(strstr(msg, "object_ids[0]"));
    assert_int_equal(call_error("sui_multiGetObjects", json_pack("[s]", "0x1"), msg, sizeof msg),
                     -32602);
}

static void test_dynamic_field(void **state) {
    (void)state;
    uint8_t field[32], got[32];
    char msg[256];
    json_t *r, *d, *value;
    seal_ledger_key_server_field_id(field, g_ks, 2);
    r = call("suix_getDynamicFieldObject",
             json_pack("[o,{s:s,s:s}]", hexj(g_ks), "type", "u64", "value", "2"));
    d = json_object_get(r, "data");
    assert_int_equal(seal_sui_address_parse(got, tu_str(d, "objectId")), SEAL_OK);
    assert_memory_equal(got, field, 32);
    assert_string_equal(tu_str(d, "type"),
                        "0x2::dynamic_field::Field<u64, 0x5ea1::key_server::KeyServerV2>");
    value = json_object_get(json_object_get(json_object_get(d, "content"), "fields"), "value");
    assert_string_equal(tu_str(json_object_get(value, "fields"), "name"), "ks1");
    assert_string_equal(
        tu_str(json_object_get(json_object_get(json_object_get(value, "fields"), "server_type"),
                               "fields"),
               "url"),
        "http://127.0.0.1:1");
    assert_string_equal(
        tu_str(json_object_get(json_object_get(value, "fields"), "server_type"), "variant"),
        "Independent");
    assert_int_equal(json_array_size(json_object_get(json_object_get(value, "fields"), "pk")), 96);
    json_decref(r);
    /* the same object through sui_getObject, with the KeyServerV2 BCS the SDK decodes */
    r = call("sui_getObject", json_pack("[o,{s:b}]", hexj(field), "showBcs", 1));
    {
        uint8_t bytes[512];
        size_t n = 0;
        const char *b = tu_str(json_object_get(json_object_get(r, "data"), "bcs"), "bcsBytes");
        assert_int_equal(seal_sui_base64_decode(bytes, sizeof bytes, &n, b, strlen(b)), SEAL_OK);
        /* id, name u64 2, KeyServerV2 { name "ks1", key_type 0, pk (96), Independent { url } } */
        assert_true(n > 40 + 4 + 1 + 97);
        assert_memory_equal(bytes, field, 32);
        assert_int_equal(bytes[32], 2);
        assert_int_equal(bytes[40], 3);
        assert_memory_equal(bytes + 41, "ks1", 3);
        assert_int_equal(bytes[44], 0);
        assert_int_equal(bytes[45], 96);
        assert_memory_equal(bytes + 46, g_pk, 96);
    }
    json_decref(r);
    /* a field that does not exist; bad names */
    r = call("suix_getDynamicFieldObject",
             json_pack("[o,{s:s,s:i}]", hexj(g_ks), "type", "u64", "value", 1));
    assert_string_equal(tu_str(json_object_get(r, "error"), "code"), "dynamicFieldNotFound");
    json_decref(r);
    assert_int_equal(
        call_error("suix_getDynamicFieldObject",
                   json_pack("[o,{s:s,s:s}]", hexj(g_ks), "type", "u8", "value", "300"), msg,
                   sizeof msg),
        -32602);
    assert_int_equal(call_error("suix_getDynamicFieldObject", json_pack("[o,s]", hexj(g_ks), "x"),
                                msg, sizeof msg),
                     -32602);
}

/* Dry runs answer the verdict the ledger gives (through the chain layer's mapping). */
static void test_dry_run(void **state) {
    (void)state;
    uint8_t tx[512];
    size_t n;
    json_t *r, *st;
    char msg[512];
    seal_chain_dry_run_result v;

    /* allow */
    n = approve_tx(tx, sizeof tx, T.al, T.member, false);
    v = ledger_verdict(tx, n);
    assert_int_equal(v.verdict, SEAL_CHAIN_SUCCESS);
    r = call("sui_dryRunTransactionBlock", json_pack("[o]", b64j(tx, n)));
    st = json_object_get(json_object_get(r, "effects"), "status");
    assert_string_equal(tu_str(st, "status"), "success");
    {
        uint8_t d[32], want[32];
        seal_sui_transaction_digest(want, tx, n);
        assert_int_equal(
            seal_sui_digest_parse(d, tu_str(json_object_get(r, "effects"), "transactionDigest")),
            SEAL_OK);
        assert_memory_equal(d, want, 32);
    }
    assert_true(json_is_array(json_object_get(r, "events")));
    assert_true(json_is_array(json_object_get(r, "balanceChanges")));
    assert_string_equal(tu_str(json_object_get(json_object_get(r, "input"), "transaction"), "kind"),
                        "ProgrammableTransaction");
    json_decref(r);

    /* deny: MoveAbort exactly as Sui formats it, and the same location as the ledger's */
    n = approve_tx(tx, sizeof tx, T.al, T.stranger, false);
    v = ledger_verdict(tx, n);
    assert_int_equal(v.verdict, SEAL_CHAIN_ABORT);
    r = call("sui_dryRunTransactionBlock", json_pack("[o]", b64j(tx, n)));
    st = json_object_get(json_object_get(r, "effects"), "status");
    assert_string_equal(tu_str(st, "status"), "failure");
    {
        char hex[SEAL_SUI_ADDRESS_HEX_BYTES], want[512], mod_id[256];
        seal_sui_address_format(hex, v.abort_package);
        snprintf(want, sizeof want,
                 "MoveAbort(MoveLocation { module: ModuleId { address: %s, name: "
                 "Identifier(\"%s\") }, function: 0, instruction: 0, function_name: "
                 "Some(\"%s\") }, %llu) in command %u",
                 hex + 2, v.abort_module, v.abort_function, (unsigned long long)v.abort_code,
                 (unsigned)v.command);
        assert_string_equal(tu_str(st, "error"), want);
        assert_string_equal(v.abort_module, "allowlist");
        assert_int_equal(v.abort_code, 1);
        snprintf(mod_id, sizeof mod_id, "%s::%s", hex, v.abort_module);
        assert_string_equal(
            tu_str(json_object_get(json_object_get(r, "effects"), "abortError"), "module_id"),
            mod_id);
        assert_int_equal(
            json_integer_value(json_object_get(
                json_object_get(json_object_get(r, "effects"), "abortError"), "error_code")),
            v.abort_code);
    }
    json_decref(r);

    /* an input object that does not exist: the node refuses before executing (-32602) */
    {
        uint8_t missing[32];
        char hex[SEAL_SUI_ADDRESS_HEX_BYTES];
        tu_addr(missing, 0x97);
        n = approve_tx(tx, sizeof tx, missing, T.member, false);
        v = ledger_verdict(tx, n);
        assert_int_equal(v.verdict, SEAL_CHAIN_INVALID_INPUT);
        assert_int_equal(call_error("sui_dryRunTransactionBlock", json_pack("[o]", b64j(tx, n)),
                                    msg, sizeof msg),
                         -32602);
        seal_sui_address_format(hex, missing);
        assert_non_null(strstr(msg, hex));
        assert_non_null(strstr(msg, "Could not find the referenced object"));
    }

    /* malformed bytes and wrong parameter types */
    assert_int_equal(
        call_error("sui_dryRunTransactionBlock", json_pack("[s]", "AAAA"), msg, sizeof msg),
        -32602);
    assert_int_equal(
        call_error("sui_dryRunTransactionBlock", json_pack("[s]", "not base64!"), msg, sizeof msg),
        -32602);
    assert_non_null(strstr(msg, "base64"));
    assert_int_equal(call_error("sui_dryRunTransactionBlock", json_pack("[i]", 5), msg, sizeof msg),
                     -32602);
    assert_int_equal(call_error("sui_dryRunTransactionBlock", json_pack("[]"), msg, sizeof msg),
                     -32602);
    assert_non_null(strstr(msg, "tx_bytes"));
}

static void test_dev_inspect(void **state) {
    (void)state;
    uint8_t kind[512];
    size_t n;
    json_t *r;
    char msg[256];
    n = approve_tx(kind, sizeof kind, T.al, T.member, true);
    r = call("sui_devInspectTransactionBlock", json_pack("[o,o]", hexj(T.member), b64j(kind, n)));
    assert_string_equal(tu_str(json_object_get(json_object_get(r, "effects"), "status"), "status"),
                        "success");
    assert_int_equal(json_array_size(json_object_get(r, "results")), 1);
    assert_null(json_object_get(r, "error"));
    json_decref(r);
    r = call("sui_devInspectTransactionBlock", json_pack("[o,o]", hexj(T.stranger), b64j(kind, n)));
    assert_string_equal(tu_str(json_object_get(json_object_get(r, "effects"), "status"), "status"),
                        "failure");
    assert_non_null(strstr(tu_str(r, "error"), "MoveAbort("));
    json_decref(r);
    /* named parameters, as jsonrpsee accepts them */
    r = call("sui_devInspectTransactionBlock",
             json_pack("{s:o,s:o}", "sender_address", hexj(T.member), "tx_bytes", b64j(kind, n)));
    assert_string_equal(tu_str(json_object_get(json_object_get(r, "effects"), "status"), "status"),
                        "success");
    json_decref(r);
    assert_int_equal(call_error("sui_devInspectTransactionBlock",
                                json_pack("[s,o]", "nope", b64j(kind, n)), msg, sizeof msg),
                     -32602);
    assert_non_null(strstr(msg, "sender_address"));
}

static void test_chain_info(void **state) {
    (void)state;
    json_t *r, *cp;
    seal_ledger *l = NULL;
    uint64_t count = 0;
    char msg[256];
    r = call("suix_getReferenceGasPrice", json_array());
    assert_string_equal(json_string_value(r), "1000");
    json_decref(r);
    assert_int_equal(seal_ledger_open_readonly(&l, T.path), SEAL_OK);
    assert_int_equal(seal_ledger_transaction_count(l, &count), SEAL_OK);
    seal_ledger_close(l);
    assert_true(count >= 3);
    r = call("sui_getLatestCheckpointSequenceNumber", json_array());
    assert_int_equal(strtoull(json_string_value(r), NULL, 10), count);
    json_decref(r);
    /* chain identifier = first 4 bytes of checkpoint 0's digest (as Sui) */
    r = call("sui_getChainIdentifier", json_array());
    cp = call("sui_getCheckpoint", json_pack("[s]", "0"));
    {
        uint8_t d[32];
        char want[9];
        assert_int_equal(seal_sui_digest_parse(d, tu_str(cp, "digest")), SEAL_OK);
        snprintf(want, sizeof want, "%02x%02x%02x%02x", d[0], d[1], d[2], d[3]);
        assert_string_equal(json_string_value(r), want);
    }
    json_decref(cp);
    json_decref(r);
    assert_int_equal(call_error("sui_getCheckpoint", json_pack("[s]", "99999"), msg, sizeof msg),
                     -32602);
    r = call("sui_getProtocolConfig", json_array());
    assert_string_equal(tu_str(r, "protocolVersion"), "1");
    json_decref(r);
    r = call("suix_getLatestSuiSystemState", json_array());
    assert_string_equal(tu_str(r, "epoch"), "0");
    assert_string_equal(tu_str(r, "referenceGasPrice"), "1000");
    assert_int_equal(strtoull(tu_str(r, "epochStartTimestampMs"), NULL, 10), T0);
    json_decref(r);
    r = call("suix_getBalance", json_pack("[o]", hexj(T.owner)));
    assert_string_equal(tu_str(r, "totalBalance"), "0");
    assert_string_equal(tu_str(r, "coinType"), "0x2::sui::SUI");
    json_decref(r);
    r = call("suix_getCoins", json_pack("[o,s,n,i]", hexj(T.owner), "0x2::sui::SUI", 10));
    assert_int_equal(json_array_size(json_object_get(r, "data")), 0);
    assert_true(json_is_false(json_object_get(r, "hasNextPage")));
    json_decref(r);
    assert_int_equal(call_error("suix_getCoins", json_pack("[o,s]", hexj(T.owner), "not a type"),
                                msg, sizeof msg),
                     -32602);
    assert_int_equal(call_error("suix_getBalance", json_pack("[s]", "0xnothex"), msg, sizeof msg),
                     -32602);
    r = call("rpc.discover", json_array());
    assert_true(json_array_size(json_object_get(r, "methods")) >= 10);
    json_decref(r);
}

static void test_normalized_function(void **state) {
    (void)state;
    json_t *r, *p;
    char msg[256];
    r = call("sui_getNormalizedMoveFunction",
             json_pack("[s,s,s]", "0x5ea3", "allowlist", "seal_approve"));
    assert_true(json_is_true(json_object_get(r, "isEntry")));
    assert_string_equal(tu_str(r, "visibility"), "Private");
    p = json_object_get(r, "parameters");
    assert_int_equal(json_array_size(p), 3);
    assert_string_equal(json_string_value(json_object_get(json_array_get(p, 0), "Vector")), "U8");
    {
        json_t *s = json_object_get(json_object_get(json_array_get(p, 1), "Reference"), "Struct");
        assert_string_equal(tu_str(s, "address"), "0x5ea3");
        assert_string_equal(tu_str(s, "module"), "allowlist");
        assert_string_equal(tu_str(s, "name"), "Allowlist");
    }
    json_decref(r);
    r = call("sui_getNormalizedMoveModule", json_pack("[s,s]", "0x5ea2", "whitelist"));
    assert_non_null(json_object_get(json_object_get(r, "exposedFunctions"), "seal_approve"));
    json_decref(r);
    assert_int_equal(call_error("sui_getNormalizedMoveFunction",
                                json_pack("[s,s,s]", "0x5ea3", "allowlist", "nope"), msg,
                                sizeof msg),
                     -32602);
    assert_int_equal(call_error("sui_getNormalizedMoveFunction",
                                json_pack("[s,s,s]", "0x77", "allowlist", "seal_approve"), msg,
                                sizeof msg),
                     -32602);
    assert_int_equal(call_error("sui_getNormalizedMoveFunction",
                                json_pack("[s,s,s]", "0x5ea3", "bad-name", "x"), msg, sizeof msg),
                     -32602);
}

#define NOTIFY "{\"jsonrpc\":\"2.0\",\"method\":\"suix_getReferenceGasPrice\"}"
#define CHAIN_ID "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"sui_getChainIdentifier\"}"

static void test_protocol_errors(void **state) {
    (void)state;
    json_t *r;
    buf out, hdrs;
    char msg[256];
    /* malformed JSON */
    r = post("{\"jsonrpc\":\"2.0\",");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(r, "error"), "code")),
                     -32700);
    assert_true(json_is_null(json_object_get(r, "id")));
    json_decref(r);
    /* not a request */
    r = post("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"sui_getObject\"}");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(r, "error"), "code")),
                     -32600);
    json_decref(r);
    r = post("[]");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(r, "error"), "code")),
                     -32600);
    json_decref(r);
    /* unknown method */
    assert_int_equal(call_error("sui_doesNotExist", json_array(), msg, sizeof msg), -32601);
    /* too many parameters, a parameter of the wrong type */
    assert_int_equal(call_error("suix_getReferenceGasPrice", json_pack("[i]", 1), msg, sizeof msg),
                     -32602);
    assert_int_equal(call_error("sui_getObject", json_pack("[i]", 1), msg, sizeof msg), -32602);
    assert_int_equal(
        call_error("sui_getObject", json_pack("[s,{s:i}]", "0x6", "showType", 1), msg, sizeof msg),
        -32602);
    assert_non_null(strstr(msg, "showType"));
    /* batch: answers in order, notifications unanswered */
    r = post("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"suix_getReferenceGasPrice\"},"
             "{\"jsonrpc\":\"2.0\",\"method\":\"suix_getReferenceGasPrice\"},"
             "{\"jsonrpc\":\"2.0\",\"id\":\"b\",\"method\":\"nope\"},"
             "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"sui_getObject\",\"params\":[\"0x6\"]},"
             "17]");
    assert_int_equal(json_array_size(r), 4);
    assert_string_equal(tu_str(json_array_get(r, 0), "result"), "1000");
    assert_string_equal(tu_str(json_array_get(r, 1), "id"), "b");
    assert_int_equal(
        json_integer_value(json_object_get(json_object_get(json_array_get(r, 1), "error"), "code")),
        -32601);
    assert_non_null(json_object_get(json_object_get(json_array_get(r, 2), "result"), "data"));
    assert_int_equal(
        json_integer_value(json_object_get(json_object_get(json_array_get(r, 3), "error"), "code")),
        -32600);
    json_decref(r);
    /* only notifications: empty answer */
    assert_int_equal(http("POST", NOTIFY, strlen(NOTIFY), "application/json", &out, NULL), 200);
    assert_true(out.len == 0);
    free(out.p);
    /* oversized body: 413 and -32007 */
    {
        size_t big = 80 * 1024;
        char *b = malloc(big);
        json_error_t je;
        json_t *j;
        assert_non_null(b);
        memset(b, ' ', big);
        memcpy(b, "[", 1);
        b[big - 1] = ']';
        assert_int_equal(http("POST", b, big, "application/json", &out, NULL), 413);
        free(b);
        j = json_loads(out.p, 0, &je);
        assert_non_null(j);
        assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "error"), "code")),
                         -32007);
        json_decref(j);
        free(out.p);
    }
    /* wrong content type, wrong HTTP method */
    assert_int_equal(http("POST", "{}", 2, "text/plain", &out, NULL), 415);
    free(out.p);
    assert_int_equal(http("GET", NULL, 0, NULL, &out, NULL), 405);
    free(out.p);
    /* CORS as a Sui node */
    assert_int_equal(http("OPTIONS", NULL, 0, NULL, &out, &hdrs), 200);
    assert_non_null(strcasestr(hdrs.p, "Access-Control-Allow-Origin: *"));
    assert_non_null(strcasestr(hdrs.p, "Access-Control-Allow-Methods: POST"));
    free(out.p);
    free(hdrs.p);
    assert_int_equal(http("POST", CHAIN_ID, strlen(CHAIN_ID), "application/json", &out, &hdrs),
                     200);
    assert_non_null(strcasestr(hdrs.p, "Access-Control-Allow-Origin: *"));
    assert_non_null(strcasestr(hdrs.p, "Content-Type: application/json"));
    free(out.p);
    free(hdrs.p);
}

/* The transport-free entry answers like the server; garbage never crashes it. */
static void test_handle_fuzzish(void **state) {
    (void)state;
    static const char *bodies[] = {
        "",
        "null",
        "1",
        "\"x\"",
        "{}",
        "[1,2]",
        "[[]]",
        "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"x\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"sui_getObject\",\"params\":7}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"sui_getObject\",\"params\":{\"object_id\":"
        "\"0x6\"}}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"sui_executeTransactionBlock\",\"params\":[\"AA="
        "=\",[]]}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"sui_executeTransactionBlock\",\"params\":[\"AA="
        "=\",[\"AA==\"],{},\"Bad\"]}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"sui_getTransactionBlock\",\"params\":[\"xyz\"]"
        "}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"suix_getDynamicFieldObject\",\"params\":["
        "\"0x6\",{\"type\":\"vector<u8>\",\"value\":[1,256]}]}",
    };
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        size_t n = 0;
        char *out = seal_localnet_rpc_handle(g_srv, bodies[i], strlen(bodies[i]), &n);
        json_error_t je;
        json_t *j;
        assert_non_null(out);
        j = json_loads(out, 0, &je);
        assert_non_null(j);
        if (i == 9)
            assert_non_null(json_object_get(json_object_get(j, "result"), "data"));
        else if (json_is_object(j))
            assert_non_null(json_object_get(j, "error"));
        json_decref(j);
        free(out);
    }
}

typedef struct worker {
    bool member;
    int ok;
} worker;

static void *worker_main(void *arg) {
    worker *w = arg;
    uint8_t tx[512];
    size_t n = approve_tx(tx, sizeof tx, T.al, w->member ? T.member : T.stranger, false);
    char *b64 = malloc(seal_sui_base64_encoded_len(n) + 1), body[1024];
    seal_sui_base64_encode(b64, tx, n);
    snprintf(body, sizeof body,
             "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"sui_dryRunTransactionBlock\","
             "\"params\":[\"%s\"]}",
             b64);
    free(b64);
    for (int i = 0; i < 40; i++) {
        size_t len = 0;
        char *out = seal_localnet_rpc_handle(g_srv, body, strlen(body), &len);
        if (out != NULL &&
            strstr(out, w->member ? "\"status\":\"success\"" : "\"status\":\"failure\"") != NULL)
            w->ok++;
        free(out);
    }
    return NULL;
}

static void test_concurrent_dry_runs(void **state) {
    (void)state;
    pthread_t t[4];
    worker w[4];
    for (int i = 0; i < 4; i++) {
        w[i].member = (i % 2) == 0;
        w[i].ok = 0;
        assert_int_equal(pthread_create(&t[i], NULL, worker_main, &w[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(w[i].ok, 40);
    }
}

/* ---- signed transactions ------------------------------------------------------------------ */

/* TransactionData V1 of one MoveCall examples::module::function(inputs...) by sender. */
static size_t call_tx(uint8_t *out, size_t cap, const char *module, const char *function,
                      const seal_sui_call_arg *in, size_t n_in, const uint8_t sender[32]) {
    return tu_call_tx(out, cap, sender, module, function, in, n_in, 500000000);
}

static json_t *execute_params(const uint8_t *tx, size_t n, const uint8_t *sig, size_t sig_len) {
    return json_pack("[o,[o],{s:b,s:b,s:b,s:b},s]", b64j(tx, n), b64j(sig, sig_len), "showEffects",
                     1, "showObjectChanges", 1, "showRawInput", 1, "showInput", 1,
                     "WaitForLocalExecution");
}

/* The object change of the given type ("created"/"mutated") whose objectType ends with suffix. */
static json_t *change(json_t *r, const char *kind, const char *suffix) {
    json_t *arr = json_object_get(r, "objectChanges");
    for (size_t i = 0; i < json_array_size(arr); i++) {
        json_t *c = json_array_get(arr, i);
        const char *t = json_string_value(json_object_get(c, "objectType"));
        if (strcmp(tu_str(c, "type"), kind) == 0 && t != NULL && strlen(t) >= strlen(suffix) &&
            strcmp(t + strlen(t) - strlen(suffix), suffix) == 0)
            return c;
    }
    fail_msg("no %s %s in objectChanges", kind, suffix);
    return NULL;
}

static void test_execute(void **state) {
    (void)state;
    seal_sui_keypair kp, other;
    uint8_t me[32], tx[1024], sig[SEAL_SUI_SIMPLE_SIGNATURE_MAX_BYTES], digest[32], got[32];
    uint8_t al[32], cap[32], cap_digest[32], name[8], member[32];
    size_t n, sig_len = 0;
    uint64_t cap_version, isv;
    seal_sui_call_arg in[3];
    json_t *r, *c;
    char msg[512], d58[SEAL_SUI_DIGEST_BASE58_BYTES];
    assert_int_equal(seal_sui_keypair_generate(&kp, SEAL_SUI_SCHEME_ED25519, NULL), SEAL_OK);
    assert_int_equal(seal_sui_keypair_generate(&other, SEAL_SUI_SCHEME_SECP256K1, NULL), SEAL_OK);
    seal_sui_keypair_address(me, &kp);
    tu_addr(member, 0x55);

    /* create_allowlist_entry("team2") */
    name[0] = 5;
    memcpy(name + 1, "team2", 5);
    memset(in, 0, sizeof in);
    in[0].kind = SEAL_SUI_CALL_ARG_PURE;
    in[0].pure = (seal_sui_bytes){name, 6};
    n = call_tx(tx, sizeof tx, "allowlist", "create_allowlist_entry", in, 1, me);
    assert_int_equal(seal_sui_sign_transaction(sig, &sig_len, &kp, tx, n), SEAL_OK);
    r = call("sui_executeTransactionBlock", execute_params(tx, n, sig, sig_len));
    seal_sui_transaction_digest(digest, tx, n);
    assert_int_equal(seal_sui_digest_parse(got, tu_str(r, "digest")), SEAL_OK);
    assert_memory_equal(got, digest, 32);
    assert_string_equal(tu_str(json_object_get(json_object_get(r, "effects"), "status"), "status"),
                        "success");
    assert_true(json_is_true(json_object_get(r, "confirmedLocalExecution")));
    {
        /* rawTransaction: BCS SenderSignedData [ intent 00 00 00 || tx, [sig] ] */
        const char *raw = tu_str(r, "rawTransaction");
        uint8_t *b = malloc(strlen(raw));
        size_t bl = 0;
        assert_int_equal(seal_sui_base64_decode(b, strlen(raw), &bl, raw, strlen(raw)), SEAL_OK);
        assert_int_equal(bl, 1 + 3 + n + 1 + 1 + sig_len);
        assert_int_equal(b[0], 1);
        assert_int_equal(b[1] | b[2] | b[3], 0);
        assert_memory_equal(b + 4, tx, n);
        assert_int_equal(b[4 + n], 1);
        assert_memory_equal(b + 6 + n, sig, sig_len);
        free(b);
    }
    c = change(r, "created", "::allowlist::Allowlist");
    assert_int_equal(seal_sui_address_parse(al, tu_str(c, "objectId")), SEAL_OK);
    isv = (uint64_t)json_integer_value(json_object_get(
        json_object_get(json_object_get(c, "owner"), "Shared"), "initial_shared_version"));
    assert_true(isv >= 1);
    assert_int_equal(seal_sui_address_parse(got, tu_str(c, "sender")), SEAL_OK);
    assert_memory_equal(got, me, 32);
    c = change(r, "created", "::allowlist::Cap");
    assert_int_equal(seal_sui_address_parse(cap, tu_str(c, "objectId")), SEAL_OK);
    cap_version = strtoull(tu_str(c, "version"), NULL, 10);
    assert_int_equal(seal_sui_digest_parse(cap_digest, tu_str(c, "digest")), SEAL_OK);
    assert_int_equal(
        seal_sui_address_parse(got, tu_str(json_object_get(c, "owner"), "AddressOwner")), SEAL_OK);
    assert_memory_equal(got, me, 32);
    assert_int_equal(json_array_size(json_object_get(json_object_get(r, "effects"), "created")), 2);
    json_decref(r);

    /* add(&mut Allowlist, &Cap, member) */
    memset(in, 0, sizeof in);
    in[0].kind = SEAL_SUI_CALL_ARG_OBJECT;
    in[0].object_kind = SEAL_SUI_OBJECT_SHARED;
    memcpy(in[0].object.id, al, 32);
    in[0].initial_shared_version = isv;
    in[0].mutability = SEAL_SUI_SHARED_MUTABLE;
    in[1].kind = SEAL_SUI_CALL_ARG_OBJECT;
    in[1].object_kind = SEAL_SUI_OBJECT_IMM_OR_OWNED;
    memcpy(in[1].object.id, cap, 32);
    in[1].object.version = cap_version;
    memcpy(in[1].object.digest, cap_digest, 32);
    in[2].kind = SEAL_SUI_CALL_ARG_PURE;
    in[2].pure = (seal_sui_bytes){member, 32};
    n = call_tx(tx, sizeof tx, "allowlist", "add", in, 3, me);
    /* a wrong signer, a tampered signature: refused, nothing executed */
    assert_int_equal(seal_sui_sign_transaction(sig, &sig_len, &other, tx, n), SEAL_OK);
    assert_int_equal(call_error("sui_executeTransactionBlock", execute_params(tx, n, sig, sig_len),
                                msg, sizeof msg),
                     -32002);
    assert_non_null(strstr(msg, "Invalid user signature"));
    assert_int_equal(seal_sui_sign_transaction(sig, &sig_len, &kp, tx, n), SEAL_OK);
    sig[10] ^= 1;
    assert_int_equal(call_error("sui_executeTransactionBlock", execute_params(tx, n, sig, sig_len),
                                msg, sizeof msg),
                     -32002);
    sig[10] ^= 1;
    seal_sui_transaction_digest(digest, tx, n);
    seal_sui_digest_format(d58, digest);
    assert_int_equal(call_error("sui_getTransactionBlock", json_pack("[s]", d58), msg, sizeof msg),
                     -32602);
    {
        char want[128];
        snprintf(want, sizeof want,
                 "Could not find the referenced transaction [TransactionDigest(%s)].", d58);
        assert_string_equal(msg, want);
    }
    r = call("sui_executeTransactionBlock", execute_params(tx, n, sig, sig_len));
    assert_string_equal(tu_str(json_object_get(json_object_get(r, "effects"), "status"), "status"),
                        "success");
    c = change(r, "mutated", "::allowlist::Allowlist");
    assert_int_equal(seal_sui_address_parse(got, tu_str(c, "objectId")), SEAL_OK);
    assert_memory_equal(got, al, 32);
    json_decref(r);
    /* executing the same transaction again answers the recorded effects */
    r = call("sui_executeTransactionBlock", execute_params(tx, n, sig, sig_len));
    assert_string_equal(tu_str(r, "digest"), d58);
    assert_string_equal(tu_str(json_object_get(json_object_get(r, "effects"), "status"), "status"),
                        "success");
    json_decref(r);
    r = call("sui_getTransactionBlock",
             json_pack("[s,{s:b,s:b}]", d58, "showEffects", 1, "showObjectChanges", 1));
    assert_string_equal(tu_str(r, "digest"), d58);
    assert_string_equal(tu_str(json_object_get(json_object_get(r, "effects"), "status"), "status"),
                        "success");
    assert_int_equal(seal_sui_address_parse(
                         got, tu_str(change(r, "mutated", "::allowlist::Allowlist"), "sender")),
                     SEAL_OK);
    assert_memory_equal(got, me, 32);
    json_decref(r);

    /* the new state is what dry runs see: the member is granted on the new allowlist */
    {
        uint8_t dry[512], id[40];
        size_t dn = 0;
        memcpy(id, al, 32);
        memset(id + 32, 1, 8);
        memset(in, 0, sizeof in);
        {
            uint8_t pure[64];
            seal_bcs_writer pw;
            seal_bcs_writer_init(&pw, pure, sizeof pure);
            seal_bcs_write_bytes(&pw, id, sizeof id);
            in[0].kind = SEAL_SUI_CALL_ARG_PURE;
            in[0].pure = (seal_sui_bytes){pure, pw.len};
            in[1].kind = SEAL_SUI_CALL_ARG_OBJECT;
            in[1].object_kind = SEAL_SUI_OBJECT_SHARED;
            memcpy(in[1].object.id, al, 32);
            in[1].initial_shared_version = isv;
            dn = call_tx(dry, sizeof dry, "allowlist", "seal_approve", in, 2, member);
            r = call("sui_dryRunTransactionBlock", json_pack("[o]", b64j(dry, dn)));
        }
        assert_string_equal(
            tu_str(json_object_get(json_object_get(r, "effects"), "status"), "status"), "success");
        json_decref(r);
    }

    /* an owned input at a stale version: refused before execution */
    memset(in, 0, sizeof in);
    in[0].kind = SEAL_SUI_CALL_ARG_OBJECT;
    in[0].object_kind = SEAL_SUI_OBJECT_SHARED;
    memcpy(in[0].object.id, al, 32);
    in[0].initial_shared_version = isv;
    in[0].mutability = SEAL_SUI_SHARED_MUTABLE;
    in[1].kind = SEAL_SUI_CALL_ARG_OBJECT;
    in[1].object_kind = SEAL_SUI_OBJECT_IMM_OR_OWNED;
    memcpy(in[1].object.id, cap, 32);
    in[1].object.version = cap_version;
    memcpy(in[1].object.digest, cap_digest, 32);
    in[2].kind = SEAL_SUI_CALL_ARG_PURE;
    tu_addr(member, 0x56);
    in[2].pure = (seal_sui_bytes){member, 32};
    n = call_tx(tx, sizeof tx, "allowlist", "add", in, 3, me);
    assert_int_equal(seal_sui_sign_transaction(sig, &sig_len, &kp, tx, n), SEAL_OK);
    assert_int_equal(call_error("sui_executeTransactionBlock", execute_params(tx, n, sig, sig_len),
                                msg, sizeof msg),
                     -32002);
    assert_non_null(strstr(msg, "Transaction validator signing failed"));

    /* an abort is executed and recorded with its failure status */
    in[1].object.version = 0;
    {
        /* fetch the Cap's current reference */
        json_t *o = call("sui_getObject", json_pack("[o]", hexj(cap)));
        in[1].object.version = strtoull(tu_str(json_object_get(o, "data"), "version"), NULL, 10);
        assert_int_equal(seal_sui_digest_parse(in[1].object.digest,
                                               tu_str(json_object_get(o, "data"), "digest")),
                         SEAL_OK);
        json_decref(o);
    }
    in[2].pure = (seal_sui_bytes){member, 32};
    tu_addr(member, 0x55); /* already a member: EDuplicate */
    n = call_tx(tx, sizeof tx, "allowlist", "add", in, 3, me);
    assert_int_equal(seal_sui_sign_transaction(sig, &sig_len, &kp, tx, n), SEAL_OK);
    r = call("sui_executeTransactionBlock", execute_params(tx, n, sig, sig_len));
    assert_string_equal(tu_str(json_object_get(json_object_get(r, "effects"), "status"), "status"),
                        "failure");
    assert_non_null(strstr(
        tu_str(json_object_get(json_object_get(r, "effects"), "status"), "error"), "MoveAbort("));
    json_decref(r);

    /* malformed parameters */
    assert_int_equal(call_error("sui_executeTransactionBlock", json_pack("[o,[]]", b64j(tx, n)),
                                msg, sizeof msg),
                     -32602);
    assert_int_equal(call_error("sui_executeTransactionBlock",
                                json_pack("[o,[s]]", b64j(tx, n), "%%%"), msg, sizeof msg),
                     -32602);
    assert_int_equal(call_error("sui_executeTransactionBlock",
                                json_pack("[s,[o]]", "AAAA", b64j(sig, sig_len)), msg, sizeof msg),
                     -32602);
    seal_sui_keypair_clear(&kp);
    seal_sui_keypair_clear(&other);
}

/* A body may not ask for more than 8 MiB of object contents (answers stay bounded). */
static void test_answer_limit(void **state) {
    (void)state;
    seal_ledger *l = NULL;
    seal_ledger_outcome o;
    uint8_t al[32], cap[32];
    size_t big = 200 * 1024;
    uint8_t *contents = calloc(1, big);
    char hex[SEAL_SUI_ADDRESS_HEX_BYTES], *body, *out;
    size_t len = 0, pos = 0, cap_len = 64 * 1024;
    json_t *r;
    json_error_t je;
    assert_non_null(contents);
    assert_int_equal(seal_ledger_open(&l, T.path), SEAL_OK);
    assert_int_equal(seal_ledger_allowlist_create(l, T.owner, "big", al, cap, &o), SEAL_OK);
    assert_int_equal(o.status, SEAL_LEDGER_SUCCESS);
    memcpy(contents, cap, 32);
    assert_int_equal(seal_ledger_testing_set_contents(l, cap, contents, big), SEAL_OK);
    seal_ledger_close(l);
    free(contents);
    seal_sui_address_format(hex, cap);
    /* one object of 200 KiB is fine */
    r = call("sui_getObject", json_pack("[s,{s:b}]", hex, "showBcs", 1));
    assert_true(strlen(tu_str(json_object_get(json_object_get(r, "data"), "bcs"), "bcsBytes")) >
                big);
    json_decref(r);
    /* a batch of 50 of them is not: the later answers are errors, the server stays up */
    body = malloc(cap_len);
    assert_non_null(body);
    pos += (size_t)snprintf(body + pos, cap_len - pos, "[");
    for (int i = 0; i < 50; i++)
        pos += (size_t)snprintf(body + pos, cap_len - pos,
                                "%s{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"sui_getObject\","
                                "\"params\":[\"%s\",{\"showBcs\":true}]}",
                                i ? "," : "", i, hex);
    snprintf(body + pos, cap_len - pos, "]");
    out = seal_localnet_rpc_handle(g_srv, body, strlen(body), &len);
    assert_non_null(out);
    r = json_loads(out, 0, &je);
    assert_non_null(r);
    assert_int_equal(json_array_size(r), 50);
    assert_non_null(json_object_get(json_array_get(r, 0), "result"));
    assert_int_equal(json_integer_value(
                         json_object_get(json_object_get(json_array_get(r, 49), "error"), "code")),
                     -32602);
    assert_true(len < 16u * 1024u * 1024u);
    json_decref(r);
    free(out);
    free(body);
}

static void test_start_errors(void **state) {
    (void)state;
    seal_localnet_rpc *s = NULL;
    seal_localnet_rpc_options o;
    memset(&o, 0, sizeof o);
    o.data_dir = "/nonexistent/dir";
    assert_int_equal(seal_localnet_rpc_start(&s, &o), SEAL_ERR_IO);
    assert_null(s);
    o.data_dir = T.dir;
    o.host = "not-an-ip";
    assert_int_equal(seal_localnet_rpc_start(&s, &o), SEAL_ERR_INVALID_ARGUMENT);
    /* the port in use */
    o.host = "127.0.0.1";
    o.port = seal_localnet_rpc_port(g_srv);
    assert_int_equal(seal_localnet_rpc_start(&s, &o), SEAL_ERR_IO);
    seal_localnet_rpc_stop(NULL);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_get_object),
        cmocka_unit_test(test_multi_get_objects),
        cmocka_unit_test(test_dynamic_field),
        cmocka_unit_test(test_dry_run),
        cmocka_unit_test(test_dev_inspect),
        cmocka_unit_test(test_chain_info),
        cmocka_unit_test(test_normalized_function),
        cmocka_unit_test(test_protocol_errors),
        cmocka_unit_test(test_handle_fuzzish),
        cmocka_unit_test(test_concurrent_dry_runs),
        cmocka_unit_test(test_execute),
        cmocka_unit_test(test_answer_limit),
        cmocka_unit_test(test_start_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
