/* The chain layer's Sui JSON-RPC backend against a fake node started in the test (libmicrohttpd
 * on 127.0.0.1, port 0) answering canned Sui JSON: results, each failure format, JSON-RPC
 * errors, retries, timeouts, garbage, oversized bodies, refused connections, the in-flight
 * bound. */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"
#include "fake_node.h"
#include "seal/chain.h"
#include "seal/ledger.h"
#include "seal/sui.h"
#include "seal/sui_tx.h"

/* ---- fake node ------------------------------------------------------------------------------ */

#define MAX_SCRIPT 8

typedef struct canned {
    unsigned status;
    const char *body; /* NULL: huge body */
    unsigned delay_ms;
} canned;

static struct fake {
    tu_fake_node node;
    canned script[MAX_SCRIPT]; /* answer i to request i; the last one repeats */
    size_t n_script;
    char last_method[64];
    char last_body[4096];
    char last_api_key[128];
} g;

static char *g_huge;

/* The scripted answer, with the request's id where the canned body has "id":1 (as a node
 * answers); the request's method, body and API key noted. */
static bool node_answer(struct MHD_Connection *c, const char *url, const char *req, size_t len,
                        unsigned index, tu_fake_reply *r) {
    (void)url, (void)len;
    canned a = g.script[index < g.n_script ? index : g.n_script - 1];
    long long req_id = 0;
    snprintf(g.last_body, sizeof g.last_body, "%s", req);
    {
        json_t *j = json_loads(g.last_body, 0, NULL);
        snprintf(g.last_method, sizeof g.last_method, "%s",
                 j ? json_string_value(json_object_get(j, "method")) : "");
        req_id = j ? (long long)json_integer_value(json_object_get(j, "id")) : 0;
        json_decref(j);
    }
    tu_fake_header(c, "X-Api-Key", g.last_api_key, sizeof g.last_api_key);
    const char *body = a.body ? a.body : g_huge;
    const char *at = a.body ? strstr(a.body, "\"id\":1,") : NULL;
    if (at != NULL) {
        /* answer with the request's id, as a node does */
        size_t n = strlen(body) + 32;
        char *echo = malloc(n);
        if (echo == NULL)
            return false;
        snprintf(echo, n, "%.*s\"id\":%lld,%s", (int)(at - body), body, req_id,
                 at + strlen("\"id\":1,"));
        r->resp = MHD_create_response_from_buffer(strlen(echo), echo, MHD_RESPMEM_MUST_FREE);
    } else {
        r->resp =
            MHD_create_response_from_buffer(strlen(body), (void *)body, MHD_RESPMEM_PERSISTENT);
    }
    MHD_add_response_header(r->resp, "Content-Type", "application/json");
    r->http = a.status;
    r->delay_ms = a.delay_ms;
    return true;
}

static void script(size_t n, const canned *a) {
    pthread_mutex_lock(&g.node.mu);
    memcpy(g.script, a, n * sizeof *a);
    g.n_script = n;
    tu_fake_reset_locked(&g.node);
    pthread_mutex_unlock(&g.node.mu);
}

static void answer(unsigned status, const char *body) {
    canned a = {status, body, 0};
    script(1, &a);
}

static int fake_start(void **state) {
    (void)state;
    memset(&g, 0, sizeof g);
    if (tu_fake_start(&g.node, node_answer) != 0)
        return -1;
    /* 9 MiB of JSON whitespace-padded array: larger than the 8 MiB cap */
    size_t n = 9u * 1024u * 1024u;
    if ((g_huge = malloc(n + 1)) == NULL)
        return -1;
    memset(g_huge, ' ', n);
    memcpy(g_huge, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":[", 34);
    memcpy(g_huge + n - 2, "]}", 2);
    g_huge[n] = '\0';
    return 0;
}

static int fake_stop(void **state) {
    (void)state;
    tu_fake_stop(&g.node);
    free(g_huge);
    return 0;
}

static seal_chain *open_rpc(uint32_t timeout_ms, uint32_t retries, uint32_t in_flight) {
    return tu_fake_chain_open(&g.node, "jsonrpc+http://", "", SEAL_CHAIN_JSONRPC, timeout_ms,
                              retries, in_flight);
}

/* ---- canned Sui JSON ------------------------------------------------------------------------ */

#define CLOCK_TS 1700000123456ull

static char g_clock_json[2048], g_clock1_json[2048];
static uint8_t g_digest[32], g_prev[32];

/* sui_multiGetObjects answer: the Clock, then an unknown object. */
static void build_clock_json(void) {
    uint8_t contents[40];
    char b64[64], dg[SEAL_SUI_DIGEST_BASE58_BYTES], pv[SEAL_SUI_DIGEST_BASE58_BYTES];
    memcpy(contents, SEAL_LEDGER_CLOCK_ID, 32);
    for (int i = 0; i < 8; i++)
        contents[32 + i] = (uint8_t)(CLOCK_TS >> (8 * i));
    seal_sui_base64_encode(b64, contents, sizeof contents);
    memset(g_digest, 0x11, 32);
    memset(g_prev, 0x22, 32);
    seal_sui_digest_format(dg, g_digest);
    seal_sui_digest_format(pv, g_prev);
    snprintf(g_clock_json, sizeof g_clock_json,
             "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":[{\"data\":{"
             "\"objectId\":\"0x0000000000000000000000000000000000000000000000000000000000000006\","
             "\"version\":\"7\",\"digest\":\"%s\",\"type\":\"0x2::clock::Clock\","
             "\"owner\":{\"Shared\":{\"initial_shared_version\":1}},"
             "\"previousTransaction\":\"%s\","
             "\"bcs\":{\"dataType\":\"moveObject\",\"type\":\"0x2::clock::Clock\","
             "\"hasPublicTransfer\":false,\"version\":\"7\",\"bcsBytes\":\"%s\"}}},"
             "{\"error\":{\"code\":\"notExists\",\"object_id\":\"0xeeee\"}}]}",
             dg, pv, b64);
    /* the Clock alone */
    const char *cut = strstr(g_clock_json, ",{\"error\"");
    snprintf(g_clock1_json, sizeof g_clock1_json, "%.*s]}", (int)(cut - g_clock_json),
             g_clock_json);
}

/* ---- tests ---------------------------------------------------------------------------------- */

static void test_get_objects(void **state) {
    (void)state;
    seal_chain *c = open_rpc(2000, 0, 4);
    uint8_t ids[2][32];
    seal_ledger_object o[2];
    bool found[2];
    memcpy(ids[0], SEAL_LEDGER_CLOCK_ID, 32);
    memset(ids[1], 0, 32);
    ids[1][30] = 0xee;
    ids[1][31] = 0xee;
    build_clock_json();
    answer(200, g_clock_json);
    assert_int_equal(seal_chain_get_objects(c, (const uint8_t(*)[32])ids, 2, o, found), SEAL_OK);
    assert_string_equal(g.last_method, "sui_multiGetObjects");
    assert_non_null(strstr(g.last_body, "\"showBcs\":true"));
    assert_non_null(strstr(g.last_body, "\"showOwner\":true"));
    assert_string_equal(g.last_api_key, "k3y");
    assert_true(found[0]);
    assert_false(found[1]);
    assert_int_equal(o[0].version, 7);
    assert_memory_equal(o[0].digest, g_digest, 32);
    assert_memory_equal(o[0].previous_transaction, g_prev, 32);
    assert_int_equal(o[0].owner.kind, SEAL_SUI_OWNER_SHARED);
    assert_int_equal(o[0].owner.version, 1);
    assert_false(o[0].has_public_transfer);
    assert_int_equal(o[0].contents_len, 40);
    uint8_t tag[64];
    size_t tag_len = 0;
    assert_int_equal(seal_sui_type_tag_parse(tag, sizeof tag, &tag_len, "0x2::clock::Clock"),
                     SEAL_OK);
    assert_int_equal(o[0].type_len, tag_len);
    assert_memory_equal(o[0].type, tag, tag_len);
    seal_ledger_object_clear(&o[0]);

    uint64_t t = 0;
    answer(200, g_clock1_json);
    assert_int_equal(seal_chain_clock(c, &t), SEAL_OK);
    assert_int_equal(t, CLOCK_TS);

    /* answers about other objects, or of the wrong length, are refused */
    answer(200, g_clock_json);
    memset(ids[0], 0x33, 32);
    assert_int_equal(seal_chain_get_objects(c, (const uint8_t(*)[32])ids, 2, o, found),
                     SEAL_ERR_IO);
    assert_false(found[0]);
    memcpy(ids[0], SEAL_LEDGER_CLOCK_ID, 32);
    assert_int_equal(seal_chain_get_objects(c, (const uint8_t(*)[32])ids, 1, o, found),
                     SEAL_ERR_IO);
    /* every field validated: corrupt one at a time */
    static const char *const breaks[][2] = {
        {"\"version\":\"7\",\"digest\"", "\"version\":\"x7\",\"digest\""},
        {"\"type\":\"0x2::clock::Clock\",\"owner\"", "\"type\":\"u64\",\"owner\""},
        {"{\"Shared\":{\"initial_shared_version\":1}}", "{\"Shared\":{}}"},
        {"\"hasPublicTransfer\":false", "\"hasPublicTransfer\":0"},
        {"\"dataType\":\"moveObject\"", "\"dataType\":\"other\""},
        {"\"version\":\"7\",\"bcsBytes\"", "\"version\":\"8\",\"bcsBytes\""},
        {"\"bcsBytes\":\"", "\"bcsBytes\":\"!"},
    };
    for (size_t i = 0; i < sizeof breaks / sizeof breaks[0]; i++) {
        static char bad[2048];
        const char *at = strstr(g_clock_json, breaks[i][0]);
        assert_non_null(at);
        snprintf(bad, sizeof bad, "%.*s%s%s", (int)(at - g_clock_json), g_clock_json, breaks[i][1],
                 at + strlen(breaks[i][0]));
        answer(200, bad);
        assert_int_equal(seal_chain_get_objects(c, (const uint8_t(*)[32])ids, 2, o, found),
                         SEAL_ERR_IO);
        assert_false(found[0]);
        assert_non_null(strstr(seal_chain_last_error(), "malformed"));
    }
    answer(200, g_clock_json);
    assert_int_equal(seal_chain_get_objects(c, (const uint8_t(*)[32])ids, 2, o, found), SEAL_OK);
    assert_string_equal(seal_chain_last_error(), "");
    seal_ledger_object_clear(&o[0]);
    seal_chain_close(c);
}

static void test_packages_and_gas(void **state) {
    (void)state;
    seal_chain *c = open_rpc(2000, 0, 4);
    uint8_t pkg[32], orig[32], want[32];
    uint64_t v = 0;
    bool f = false;
    memset(pkg, 0, 32);
    pkg[31] = 0xaa;
    answer(200, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"data\":{\"objectId\":\"0xaa\","
                "\"version\":\"1\",\"digest\":\"11111111111111111111111111111111\","
                "\"bcs\":{\"dataType\":\"package\",\"id\":\"0xaa\",\"version\":\"1\","
                "\"moduleMap\":{},\"typeOriginTable\":[],\"linkageTable\":{}}}}}");
    assert_int_equal(seal_chain_resolve_package(c, pkg, orig, &v, &f), SEAL_OK);
    assert_string_equal(g.last_method, "sui_getObject");
    assert_true(f);
    assert_int_equal(v, 1);
    assert_memory_equal(orig, pkg, 32);
    /* an upgraded package: the type origin at version 1 is the original id */
    canned up[2] = {
        {200,
         "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"data\":{\"objectId\":\"0xaa\","
         "\"version\":\"3\",\"digest\":\"11111111111111111111111111111111\","
         "\"bcs\":{\"dataType\":\"package\",\"id\":\"0xaa\",\"version\":\"3\",\"moduleMap\":{},"
         "\"typeOriginTable\":[{\"module_name\":\"m\",\"datatype_name\":\"A\",\"package\":\"0xbb\"}"
         ","
         "{\"module_name\":\"m\",\"datatype_name\":\"B\",\"package\":\"0xcc\"},"
         "{\"module_name\":\"n\",\"datatype_name\":\"C\",\"package\":\"0xaa\"}],"
         "\"linkageTable\":{}}}}}",
         0},
        {200,
         "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":[{\"data\":{\"objectId\":\"0xbb\","
         "\"version\":\"2\",\"digest\":\"11111111111111111111111111111111\"}},"
         "{\"data\":{\"objectId\":\"0xcc\",\"version\":\"1\","
         "\"digest\":\"11111111111111111111111111111111\"}}]}",
         0},
    };
    script(2, up);
    assert_int_equal(seal_chain_resolve_package(c, pkg, orig, &v, &f), SEAL_OK);
    assert_true(f);
    assert_int_equal(v, 3);
    memset(want, 0, 32);
    want[31] = 0xcc;
    assert_memory_equal(orig, want, 32);
    assert_int_equal(g.node.requests, 2);
    /* not a package / unknown */
    answer(200, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"data\":{\"objectId\":\"0xaa\","
                "\"version\":\"4\",\"digest\":\"11111111111111111111111111111111\","
                "\"bcs\":{\"dataType\":\"moveObject\",\"type\":\"0x2::clock::Clock\","
                "\"hasPublicTransfer\":false,\"version\":\"4\",\"bcsBytes\":\"\"}}}}");
    assert_int_equal(seal_chain_resolve_package(c, pkg, orig, &v, &f), SEAL_OK);
    assert_false(f);
    answer(200, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"error\":{\"code\":\"notExists\","
                "\"object_id\":\"0xaa\"}}}");
    assert_int_equal(seal_chain_resolve_package(c, pkg, orig, &v, &f), SEAL_OK);
    assert_false(f);
    /* an answer about another package */
    answer(200, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"data\":{\"objectId\":\"0xab\","
                "\"version\":\"1\",\"digest\":\"11111111111111111111111111111111\","
                "\"bcs\":{\"dataType\":\"package\",\"id\":\"0xab\",\"version\":\"1\","
                "\"moduleMap\":{},\"typeOriginTable\":[],\"linkageTable\":{}}}}}");
    assert_int_equal(seal_chain_resolve_package(c, pkg, orig, &v, &f), SEAL_ERR_IO);
    assert_false(f);

    uint64_t gp = 0;
    answer(200, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"750\"}");
    assert_int_equal(seal_chain_reference_gas_price(c, &gp), SEAL_OK);
    assert_string_equal(g.last_method, "suix_getReferenceGasPrice");
    assert_int_equal(gp, 750);
    answer(200, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"-3\"}");
    assert_int_equal(seal_chain_reference_gas_price(c, &gp), SEAL_ERR_IO);
    answer(200, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"99999999999999999999999\"}");
    assert_int_equal(seal_chain_reference_gas_price(c, &gp), SEAL_ERR_IO);
    seal_chain_close(c);
}

static const uint8_t TX[] = {0, 0, 1, 2, 3}; /* the fake node does not look at it */

static seal_err dry(seal_chain *c, const char *body, seal_chain_dry_run_result *r) {
    answer(200, body);
    return seal_chain_dry_run(c, TX, sizeof TX, r);
}

#define DRY_PREFIX "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"effects\":{\"status\":"

static void test_dry_run_formats(void **state) {
    (void)state;
    seal_chain *c = open_rpc(2000, 0, 4);
    seal_chain_dry_run_result r;
    uint8_t want[32];

    assert_int_equal(dry(c, DRY_PREFIX "{\"status\":\"success\"}}}}", &r), SEAL_OK);
    assert_string_equal(g.last_method, "sui_dryRunTransactionBlock");
    {
        char b64[16];
        seal_sui_base64_encode(b64, TX, sizeof TX);
        assert_non_null(strstr(g.last_body, b64));
    }
    assert_int_equal(r.verdict, SEAL_CHAIN_SUCCESS);

    assert_int_equal(dry(c,
                         DRY_PREFIX
                         "{\"status\":\"failure\",\"error\":\"MoveAbort(MoveLocation { module: "
                         "ModuleId { address: "
                         "0000000000000000000000000000000000000000000000000000000000005ea3, name: "
                         "Identifier(\\\"allowlist\\\") }, function: 2, instruction: 17, "
                         "function_name: Some(\\\"seal_approve\\\") }, 1) in command 1\"}}}}",
                         &r),
                     SEAL_OK);
    assert_int_equal(r.verdict, SEAL_CHAIN_ABORT);
    assert_memory_equal(r.abort_package, SEAL_LEDGER_EXAMPLES_PACKAGE, 32);
    assert_string_equal(r.abort_module, "allowlist");
    assert_string_equal(r.abort_function, "seal_approve");
    assert_int_equal(r.abort_code, 1);
    assert_int_equal(r.command, 1);
    assert_non_null(strstr(r.message, "MoveAbort"));

    /* 0x-prefixed address, no function name, no command, a large code */
    assert_int_equal(dry(c,
                         DRY_PREFIX
                         "{\"status\":\"failure\",\"error\":\"MoveAbort(MoveLocation { module: "
                         "ModuleId { address: 0x5ea1, name: Identifier(\\\"time\\\") }, function: "
                         "0, instruction: 9, function_name: None }, 93492)\"}}}}",
                         &r),
                     SEAL_OK);
    assert_int_equal(r.verdict, SEAL_CHAIN_ABORT);
    assert_memory_equal(r.abort_package, SEAL_LEDGER_SEAL_PACKAGE, 32);
    assert_string_equal(r.abort_module, "time");
    assert_string_equal(r.abort_function, "");
    assert_int_equal(r.abort_code, 93492);
    assert_int_equal(r.command, 0);

    /* a MoveAbort that does not parse is not trusted */
    assert_int_equal(dry(c,
                         DRY_PREFIX "{\"status\":\"failure\",\"error\":\"MoveAbort(MoveLocation { "
                                    "module: ModuleId { address: zz }, 1)\"}}}}",
                         &r),
                     SEAL_ERR_IO);
    assert_true(strlen(r.message) > 0);

    assert_int_equal(dry(c,
                         DRY_PREFIX "{\"status\":\"failure\",\"error\":\"FunctionNotFound in "
                                    "command 2\"}}}}",
                         &r),
                     SEAL_OK);
    assert_int_equal(r.verdict, SEAL_CHAIN_FUNCTION_NOT_FOUND);
    assert_int_equal(r.command, 2);
    assert_int_equal(dry(c,
                         DRY_PREFIX
                         "{\"status\":\"failure\",\"error\":\"VMVerificationOrDeserializationError "
                         "{ major_status: FUNCTION_RESOLUTION_FAILURE } in command 0\"}}}}",
                         &r),
                     SEAL_OK);
    assert_int_equal(r.verdict, SEAL_CHAIN_FUNCTION_NOT_FOUND);
    assert_int_equal(dry(c,
                         DRY_PREFIX "{\"status\":\"failure\",\"error\":\"CommandArgumentError { "
                                    "arg_idx: 1, kind: TypeMismatch } in command 0\"}}}}",
                         &r),
                     SEAL_OK);
    assert_int_equal(r.verdict, SEAL_CHAIN_EXECUTION_ERROR);
    assert_non_null(strstr(r.message, "TypeMismatch"));

    /* JSON-RPC errors: refused before execution */
    assert_int_equal(dry(c,
                         "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32602,\"message\":"
                         "\"Could not find the referenced object 0xfe at version None\"}}",
                         &r),
                     SEAL_OK);
    assert_int_equal(r.verdict, SEAL_CHAIN_INVALID_INPUT);
    assert_string_equal(r.message, "Could not find the referenced object 0xfe at version None");
    assert_int_equal(
        dry(c, "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32002,\"message\":\"x\"}}", &r),
        SEAL_OK);
    assert_int_equal(r.verdict, SEAL_CHAIN_INVALID_INPUT);
    /* a node's texts reach error messages and logs: one line, no control characters */
    assert_int_equal(dry(c,
                         "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32602,\"message\":"
                         "\"Could not find \\u001b[2J\\r\\nforged\\u2028line\\u0085\\u007f\"}}",
                         &r),
                     SEAL_OK);
    assert_int_equal(r.verdict, SEAL_CHAIN_INVALID_INPUT);
    tu_assert_one_line(r.message, "JSON-RPC error message");
    assert_non_null(strstr(r.message, "forged"));
    assert_int_equal(dry(c,
                         DRY_PREFIX "{\"status\":\"failure\",\"error\":\"InsufficientGas\\n"
                                    "\\u001b]0;title\\u0007 in command 0\"}}}}",
                         &r),
                     SEAL_OK);
    tu_assert_one_line(r.message, "failure status text");
    /* the node's own trouble is not the caller's */
    assert_int_equal(dry(c,
                         "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32603,\"message\":"
                         "\"internal\"}}",
                         &r),
                     SEAL_ERR_IO);

    /* malformed answers */
    static const char *const garbage[] = {
        "",
        "not json at all",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"effects\":{\"status\":{\"status\":\"succ",
        "[1,2,3]",
        "{\"jsonrpc\":\"2.0\",\"id\":1}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"effects\":{\"status\":\"success\"}}}",
        DRY_PREFIX "{\"status\":\"maybe\"}}}}",
        DRY_PREFIX "{\"status\":\"failure\",\"error\":7}}}}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":\"x\"}}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":1,\"result\":2}",
        "{\"jsonrpc\":\"2.0\",\"id\":999999,\"result\":{}}",
    };
    for (size_t i = 0; i < sizeof garbage / sizeof garbage[0]; i++) {
        memset(&r, 0, sizeof r);
        assert_int_equal(dry(c, garbage[i], &r), SEAL_ERR_IO);
        assert_true(strlen(r.message) > 0);
    }
    /* larger than the cap */
    canned huge = {200, NULL, 0};
    script(1, &huge);
    assert_int_equal(seal_chain_dry_run(c, TX, sizeof TX, &r), SEAL_ERR_IO);
    assert_non_null(strstr(r.message, "larger"));
    (void)want;
    seal_chain_close(c);
}

static void test_retries(void **state) {
    (void)state;
    seal_chain_dry_run_result r;
    const char *ok = DRY_PREFIX "{\"status\":\"success\"}}}}";
    canned s500[2] = {{500, "oops", 0}, {200, ok, 0}};
    canned s429[3] = {{429, "slow down", 0}, {503, "", 0}, {200, ok, 0}};
    canned s400[2] = {{400, "bad request", 0}, {200, ok, 0}};

    seal_chain *c = open_rpc(2000, 1, 4);
    script(2, s500);
    double t0 = tu_now_s();
    assert_int_equal(seal_chain_dry_run(c, TX, sizeof TX, &r), SEAL_OK);
    assert_int_equal(r.verdict, SEAL_CHAIN_SUCCESS);
    assert_int_equal(g.node.requests, 2);
    assert_true(tu_now_s() - t0 >= 0.09); /* the first backoff is 100 ms */
    /* 400 is not retried */
    script(2, s400);
    assert_int_equal(seal_chain_dry_run(c, TX, sizeof TX, &r), SEAL_ERR_IO);
    assert_int_equal(g.node.requests, 1);
    assert_non_null(strstr(r.message, "400"));
    /* more failures than retries */
    script(3, s429);
    assert_int_equal(seal_chain_dry_run(c, TX, sizeof TX, &r), SEAL_ERR_IO);
    assert_int_equal(g.node.requests, 2);
    seal_chain_close(c);

    c = open_rpc(2000, 2, 4);
    script(3, s429);
    t0 = tu_now_s();
    assert_int_equal(seal_chain_dry_run(c, TX, sizeof TX, &r), SEAL_OK);
    assert_int_equal(g.node.requests, 3);
    assert_true(tu_now_s() - t0 >= 0.29); /* 100 + 200 ms */
    seal_chain_close(c);

    /* Sui's transient JSON-RPC error is retried too */
    c = open_rpc(2000, 1, 4);
    canned transient[2] = {
        {200, "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32050,\"message\":\"busy\"}}", 0},
        {200, ok, 0}};
    script(2, transient);
    assert_int_equal(seal_chain_dry_run(c, TX, sizeof TX, &r), SEAL_OK);
    assert_int_equal(r.verdict, SEAL_CHAIN_SUCCESS);
    assert_int_equal(g.node.requests, 2);
    seal_chain_close(c);

    c = open_rpc(2000, 0, 4); /* no retries */
    script(2, s500);
    assert_int_equal(seal_chain_dry_run(c, TX, sizeof TX, &r), SEAL_ERR_IO);
    assert_int_equal(g.node.requests, 1);
    seal_chain_close(c);
}

/* A socket that listens and never accepts: the TCP handshake completes, no answer ever comes. */
static int silent_listener(uint16_t *port) {
    struct sockaddr_in a;
    socklen_t al = sizeof a;
    int s = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(s >= 0);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(s, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(listen(s, 16), 0);
    assert_int_equal(getsockname(s, (struct sockaddr *)&a, &al), 0);
    *port = ntohs(a.sin_port);
    return s;
}

static void test_timeouts_and_refusals(void **state) {
    (void)state;
    uint16_t port = 0;
    int s = silent_listener(&port);
    char url[64];
    seal_chain *c = NULL;
    seal_chain_dry_run_result r;
    seal_chain_options o = {.timeout_ms = 200, .max_retries = 1};
    snprintf(url, sizeof url, "jsonrpc+http://127.0.0.1:%u", port);
    assert_int_equal(seal_chain_open(&c, url, &o), SEAL_OK);
    double t0 = tu_now_s();
    assert_int_equal(seal_chain_dry_run(c, TX, sizeof TX, &r), SEAL_ERR_IO);
    double dt = tu_now_s() - t0;
    /* two attempts of 200 ms and one backoff of 100 ms, plus slack */
    assert_true(dt >= 0.45);
    assert_true(dt < 0.2 * 2 + 0.1 + 1.0);
    assert_non_null(strstr(r.message, "unreachable"));
    assert_non_null(strstr(seal_chain_last_error(), "unreachable"));
    uint64_t gp;
    assert_int_equal(seal_chain_reference_gas_price(c, &gp), SEAL_ERR_IO);
    assert_non_null(strstr(seal_chain_last_error(), "unreachable"));
    seal_chain_close(c);
    close(s);

    /* connection refused: the port is closed now */
    assert_int_equal(seal_chain_open(&c, url, &o), SEAL_OK);
    t0 = tu_now_s();
    assert_int_equal(seal_chain_dry_run(c, TX, sizeof TX, &r), SEAL_ERR_IO);
    assert_true(tu_now_s() - t0 < 1.0);
    assert_non_null(strstr(r.message, "unreachable"));
    seal_chain_close(c);

    /* a slow node is fine within the timeout */
    canned slow = {200, DRY_PREFIX "{\"status\":\"success\"}}}}", 100};
    c = open_rpc(1000, 0, 4);
    script(1, &slow);
    assert_int_equal(seal_chain_dry_run(c, TX, sizeof TX, &r), SEAL_OK);
    assert_int_equal(r.verdict, SEAL_CHAIN_SUCCESS);
    seal_chain_close(c);

    /* bad specs and options */
    assert_int_equal(seal_chain_open(&c, "http://", NULL), SEAL_ERR_INVALID_ARGUMENT);
    assert_int_equal(seal_chain_open(&c, "http://a b", NULL), SEAL_ERR_INVALID_ARGUMENT);
    seal_chain_options bad = {.api_key_header = "no colon"};
    assert_int_equal(seal_chain_open(&c, "http://127.0.0.1:1", &bad), SEAL_ERR_INVALID_ARGUMENT);
    bad.api_key_header = "X: a\r\nY: b";
    assert_int_equal(seal_chain_open(&c, "http://127.0.0.1:1", &bad), SEAL_ERR_INVALID_ARGUMENT);
}

typedef struct caller {
    seal_chain *c;
    seal_err err;
    seal_chain_dry_run_result r;
} caller;

static void *call_main(void *arg) {
    caller *k = arg;
    k->err = seal_chain_dry_run(k->c, TX, sizeof TX, &k->r);
    return NULL;
}

static void test_in_flight_bound(void **state) {
    (void)state;
    /* one slot, answers take 400 ms, callers wait at most 700 ms: of three simultaneous
     * callers, two are served in turn (the second waits ~400 ms) and the third gives up (its
     * slot could come only after >= 800 ms) */
    canned slow = {200, DRY_PREFIX "{\"status\":\"success\"}}}}", 400};
    seal_chain *c = open_rpc(700, 0, 1);
    pthread_t th[3];
    caller k[3];
    script(1, &slow);
    for (int i = 0; i < 3; i++) {
        memset(&k[i], 0, sizeof k[i]);
        k[i].c = c;
        assert_int_equal(pthread_create(&th[i], NULL, call_main, &k[i]), 0);
    }
    int ok = 0, gave_up = 0;
    for (int i = 0; i < 3; i++) {
        assert_int_equal(pthread_join(th[i], NULL), 0);
        if (k[i].err == SEAL_OK && k[i].r.verdict == SEAL_CHAIN_SUCCESS)
            ok++;
        else if (k[i].err == SEAL_ERR_IO && strstr(k[i].r.message, "in flight") != NULL)
            gave_up++;
    }
    assert_int_equal(ok, 2);
    assert_int_equal(gave_up, 1);
    assert_int_equal(g.node.max_active, 1);
    seal_chain_close(c);

    /* four slots: requests run side by side */
    canned quick = {200, DRY_PREFIX "{\"status\":\"success\"}}}}", 150};
    c = open_rpc(2000, 0, 4);
    script(1, &quick);
    caller m[4];
    pthread_t mt[4];
    for (int i = 0; i < 4; i++) {
        memset(&m[i], 0, sizeof m[i]);
        m[i].c = c;
        assert_int_equal(pthread_create(&mt[i], NULL, call_main, &m[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        assert_int_equal(pthread_join(mt[i], NULL), 0);
        assert_int_equal(m[i].err, SEAL_OK);
    }
    assert_true(g.node.max_active >= 2);
    assert_true(g.node.max_active <= 4);
    seal_chain_close(c);
}

/* A TransactionData V1: examples allowlist::create_allowlist_entry("team") by sender. */
static size_t create_tx(uint8_t *out, size_t cap, const uint8_t sender[32]) {
    static const uint8_t name[] = {4, 't', 'e', 'a', 'm'};
    seal_sui_call_arg in = {.kind = SEAL_SUI_CALL_ARG_PURE, .pure = {name, sizeof name}};
    seal_sui_argument arg = {.kind = SEAL_SUI_ARG_INPUT, .index = 0};
    seal_sui_command cmd;
    seal_sui_transaction_data td;
    seal_bcs_writer w;
    memset(&cmd, 0, sizeof cmd);
    cmd.kind = SEAL_SUI_CMD_MOVE_CALL;
    memcpy(cmd.package, SEAL_LEDGER_EXAMPLES_PACKAGE, 32);
    cmd.module = (seal_sui_bytes){(const uint8_t *)"allowlist", 9};
    cmd.function = (seal_sui_bytes){(const uint8_t *)"create_allowlist_entry", 22};
    cmd.n_args = 1;
    cmd.args = &arg;
    seal_sui_ptb p = {1, &in, 1, &cmd};
    memset(&td, 0, sizeof td);
    td.ptb = &p;
    memcpy(td.sender, sender, 32);
    memcpy(td.gas.owner, sender, 32);
    td.gas.price = 1000;
    td.gas.budget = 50000000;
    seal_bcs_writer_init(&w, out, cap);
    assert_int_equal(seal_sui_transaction_data_encode(&w, &td), SEAL_OK);
    assert_int_equal(seal_bcs_writer_finish(&w), SEAL_OK);
    return w.len;
}

static void test_execute(void **state) {
    (void)state;
    static char body[4096];
    uint8_t tx[512], sender[32];
    memset(sender, 0xa1, 32);
    const size_t tx_len = create_tx(tx, sizeof tx, sender);
    uint8_t sig[97];
    const uint8_t *sigs[1] = {sig};
    size_t lens[1] = {sizeof sig};
    uint8_t digest[32], objd[32];
    char dg[SEAL_SUI_DIGEST_BASE58_BYTES], od[SEAL_SUI_DIGEST_BASE58_BYTES];
    seal_ledger_effects e;
    memset(sig, 0x5c, sizeof sig);
    sig[0] = 0;
    seal_sui_blake2b256(digest, (const uint8_t *)"TransactionData::", 17, tx, tx_len);
    seal_sui_digest_format(dg, digest);
    memset(objd, 0x44, 32);
    seal_sui_digest_format(od, objd);
    snprintf(body, sizeof body,
             "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"digest\":\"%s\",\"effects\":{"
             "\"status\":{\"status\":\"success\"},\"transactionDigest\":\"%s\"},"
             "\"objectChanges\":[{\"type\":\"created\",\"sender\":\"0x1\",\"objectId\":\"0xab\","
             "\"version\":\"5\",\"digest\":\"%s\",\"owner\":{\"AddressOwner\":\"0xa1\"},"
             "\"objectType\":\"0x5ea3::allowlist::Cap\"},"
             "{\"type\":\"created\",\"sender\":\"0x1\",\"objectId\":\"0xac\",\"version\":\"5\","
             "\"digest\":\"%s\",\"owner\":{\"Shared\":{\"initial_shared_version\":\"5\"}},"
             "\"objectType\":\"0x5ea3::allowlist::Allowlist\"},"
             "{\"type\":\"mutated\",\"sender\":\"0x1\",\"objectId\":\"0x6\",\"version\":\"5\","
             "\"previousVersion\":\"4\",\"digest\":\"%s\",\"owner\":\"Immutable\","
             "\"objectType\":\"0x2::clock::Clock\"}]}}",
             dg, dg, od, od, od);
    seal_chain *c = open_rpc(2000, 0, 4);
    answer(200, body);
    assert_int_equal(seal_chain_execute(c, tx, tx_len, sigs, lens, 1, &e), SEAL_OK);
    assert_string_equal(g.last_method, "sui_executeTransactionBlock");
    assert_non_null(strstr(g.last_body, "WaitForLocalExecution"));
    assert_non_null(strstr(g.last_body, "\"showObjectChanges\":true"));
    assert_int_equal(e.outcome.status, SEAL_LEDGER_SUCCESS);
    assert_memory_equal(e.digest, digest, 32);
    assert_int_equal(e.n_created, 2);
    assert_int_equal(e.n_mutated, 1);
    assert_int_equal(e.created[0].id[31], 0xab);
    assert_int_equal(e.created[0].owner.kind, SEAL_SUI_OWNER_ADDRESS);
    assert_int_equal(e.created[1].owner.kind, SEAL_SUI_OWNER_SHARED);
    assert_int_equal(e.created[1].owner.version, 5);
    assert_int_equal(e.mutated[0].owner.kind, SEAL_SUI_OWNER_IMMUTABLE);
    assert_int_equal(e.lamport_version, 5);
    assert_true(e.executed);
    assert_memory_equal(e.sender, sender, 32);
    assert_memory_equal(e.created[0].digest, objd, 32);

    /* an abort */
    snprintf(body, sizeof body,
             "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"digest\":\"%s\",\"effects\":{"
             "\"status\":{\"status\":\"failure\",\"error\":\"MoveAbort(MoveLocation { module: "
             "ModuleId { address: 0x5ea3, name: Identifier(\\\"allowlist\\\") }, function: 3, "
             "instruction: 4, function_name: Some(\\\"add\\\") }, 2) in command 0\"}},"
             "\"objectChanges\":[]}}",
             dg);
    answer(200, body);
    assert_int_equal(seal_chain_execute(c, tx, tx_len, sigs, lens, 1, &e), SEAL_OK);
    assert_int_equal(e.outcome.status, SEAL_LEDGER_ABORT);
    assert_string_equal(e.outcome.abort_function, "add");
    assert_int_equal(e.outcome.abort_code, 2);
    assert_int_equal(e.n_created, 0);

    /* deleted objects */
    snprintf(body, sizeof body,
             "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"digest\":\"%s\",\"effects\":{"
             "\"status\":{\"status\":\"success\"}},\"objectChanges\":[{\"type\":\"deleted\","
             "\"sender\":\"0x1\",\"objectId\":\"0xad\",\"version\":\"6\","
             "\"objectType\":\"0x2::dynamic_field::Field<address, bool>\"}]}}",
             dg);
    answer(200, body);
    assert_int_equal(seal_chain_execute(c, tx, tx_len, sigs, lens, 1, &e), SEAL_OK);
    assert_int_equal(e.n_deleted, 1);
    assert_int_equal(e.deleted[0].id[31], 0xad);
    assert_int_equal(e.deleted[0].version, 6);
    assert_int_equal(e.n_created, 0);

    /* refused before execution: as the embedded ledger reports it (SEAL_OK, not executed) */
    answer(200, "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32602,\"message\":"
                "\"Could not find the referenced object 0xfe at version None\"}}");
    assert_int_equal(seal_chain_execute(c, tx, tx_len, sigs, lens, 1, &e), SEAL_OK);
    assert_int_equal(e.outcome.status, SEAL_LEDGER_OBJECT_NOT_FOUND);
    assert_false(e.executed);
    assert_memory_equal(e.digest, digest, 32);
    answer(200, "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32602,\"message\":"
                "\"Object 0xfe is not available for consumption: stale\"}}");
    assert_int_equal(seal_chain_execute(c, tx, tx_len, sigs, lens, 1, &e), SEAL_OK);
    assert_int_equal(e.outcome.status, SEAL_LEDGER_VERSION_MISMATCH);
    answer(200, "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32602,\"message\":"
                "\"Invalid params: tx_bytes is not valid base64\"}}");
    assert_int_equal(seal_chain_execute(c, tx, tx_len, sigs, lens, 1, &e),
                     SEAL_ERR_INVALID_ARGUMENT);
    /* malformed transaction bytes never reach the node */
    unsigned before = g.node.requests;
    assert_int_equal(seal_chain_execute(c, tx, tx_len - 1, sigs, lens, 1, &e),
                     SEAL_ERR_INVALID_ENCODING);
    assert_int_equal(g.node.requests, before);

    /* the node speaks of another transaction */
    uint8_t other[32];
    memset(other, 0x99, 32);
    seal_sui_digest_format(dg, other);
    snprintf(body, sizeof body,
             "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"digest\":\"%s\",\"effects\":{"
             "\"status\":{\"status\":\"success\"}}}}",
             dg);
    answer(200, body);
    assert_int_equal(seal_chain_execute(c, tx, tx_len, sigs, lens, 1, &e), SEAL_ERR_IO);
    /* refused signatures */
    answer(200, "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32002,\"message\":"
                "\"Invalid user signature: bad\"}}");
    assert_int_equal(seal_chain_execute(c, tx, tx_len, sigs, lens, 1, &e),
                     SEAL_ERR_INVALID_SIGNATURE);
    assert_non_null(strstr(e.outcome.message, "signature"));
    assert_int_equal(seal_chain_execute(c, tx, tx_len, sigs, lens, 0, &e),
                     SEAL_ERR_INVALID_ARGUMENT);
    seal_chain_close(c);
}

/* What `seal localnet serve` is to send for each ledger outcome (seal_chain_status_text_from_
 * ledger) parses back, through the RPC backend, to the verdict the embedded backend gives. */
static void test_status_text_round_trip(void **state) {
    (void)state;
    static char body[2048];
    seal_chain *c = open_rpc(2000, 0, 4);
    for (int st = SEAL_LEDGER_SUCCESS; st <= SEAL_LEDGER_ARITHMETIC_ERROR; st++) {
        for (int with_fn = 0; with_fn < 2; with_fn++) {
            seal_ledger_outcome o;
            seal_chain_dry_run_result want, got;
            char text[SEAL_CHAIN_MESSAGE_BYTES];
            json_t *doc;
            char *dumped;
            memset(&o, 0, sizeof o);
            o.status = (seal_ledger_status)st;
            o.command = st == SEAL_LEDGER_SUCCESS ? 0 : 3;
            memcpy(o.abort_package, SEAL_LEDGER_PATTERNS_PACKAGE, 32);
            strcpy(o.abort_module, "whitelist");
            strcpy(o.abort_function, with_fn ? "check_policy" : "");
            o.abort_code = 18446744073709551615ull;
            snprintf(o.message, sizeof o.message, "ledger says %d", st);
            seal_chain_verdict v = seal_chain_status_text_from_ledger(text, sizeof text, &o);
            seal_chain_verdict_from_ledger(&want, &o);
            assert_int_equal(v, want.verdict);
            if (v == SEAL_CHAIN_SUCCESS)
                doc = json_pack("{s:s, s:i, s:{s:{s:{s:s}}}}", "jsonrpc", "2.0", "id", 1, "result",
                                "effects", "status", "status", "success");
            else if (v == SEAL_CHAIN_INVALID_INPUT)
                doc = json_pack("{s:s, s:i, s:{s:i, s:s}}", "jsonrpc", "2.0", "id", 1, "error",
                                "code", -32602, "message", text);
            else
                doc = json_pack("{s:s, s:i, s:{s:{s:{s:s, s:s}}}}", "jsonrpc", "2.0", "id", 1,
                                "result", "effects", "status", "status", "failure", "error", text);
            assert_non_null(doc);
            dumped = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
            assert_non_null(dumped);
            snprintf(body, sizeof body, "%s", dumped);
            free(dumped);
            json_decref(doc);
            answer(200, body);
            assert_int_equal(seal_chain_dry_run(c, TX, sizeof TX, &got), SEAL_OK);
            assert_int_equal(got.verdict, want.verdict);
            assert_int_equal(got.abort_code, want.abort_code);
            assert_string_equal(got.abort_module, want.abort_module);
            assert_string_equal(got.abort_function, want.abort_function);
            assert_memory_equal(got.abort_package, want.abort_package, 32);
            if (v != SEAL_CHAIN_INVALID_INPUT)
                assert_int_equal(got.command, want.command);
            if (v == SEAL_CHAIN_INVALID_INPUT)
                assert_string_equal(got.message, o.message);
        }
    }
    seal_chain_close(c);
}

/* Seeded mutations of well-formed answers (byte flips, truncations, duplications): every call
 * returns SEAL_OK or SEAL_ERR_IO, never crashes, never leaks (ASan build). */
static void test_mutated_answers(void **state) {
    (void)state;
    static char body[4096];
    tu_rng rng;
    seal_chain *c = open_rpc(2000, 0, 4);
    const char *seeds[3];
    build_clock_json();
    seeds[0] = g_clock_json;
    seeds[1] = DRY_PREFIX "{\"status\":\"failure\",\"error\":\"MoveAbort(MoveLocation { module: "
                          "ModuleId { address: 0x5ea1, name: Identifier(\\\"time\\\") }, function: "
                          "0, instruction: 9, function_name: Some(\\\"f\\\") }, 93492) in command "
                          "0\"}}}}";
    seeds[2] = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"data\":{\"objectId\":\"0xaa\","
               "\"version\":\"3\",\"digest\":\"11111111111111111111111111111111\","
               "\"bcs\":{\"dataType\":\"package\",\"id\":\"0xaa\",\"version\":\"3\","
               "\"moduleMap\":{},\"typeOriginTable\":[{\"module_name\":\"m\",\"datatype_name\":"
               "\"A\",\"package\":\"0xbb\"}],\"linkageTable\":{}}}}}";
    tu_rng_init(&rng, 42);
    int ok = 0, io = 0;
    for (int it = 0; it < 300; it++) {
        const char *src = seeds[it % 3];
        size_t n = strlen(src);
        uint8_t r[4];
        tu_rng_bytes(&rng, r, sizeof r);
        memcpy(body, src, n + 1);
        size_t pos = 34 + (((size_t)r[0] << 8 | r[1]) % (n - 34)); /* keep the id prefix */
        switch (r[2] % 4) {
        case 0: /* flip one byte to something printable */
            body[pos] = (char)(0x20 + r[3] % 0x5f);
            break;
        case 1: /* truncate */
            body[pos] = '\0';
            break;
        case 2: /* delete one byte */
            memmove(body + pos, body + pos + 1, n - pos);
            break;
        default: /* duplicate a slice */
            if (n + 16 < sizeof body) {
                memmove(body + pos + 8, body + pos, n - pos + 1);
            }
            break;
        }
        answer(200, body);
        seal_err err;
        if (it % 3 == 0) {
            uint8_t ids[2][32];
            seal_ledger_object o[2];
            bool f[2];
            memcpy(ids[0], SEAL_LEDGER_CLOCK_ID, 32);
            memset(ids[1], 0, 32);
            ids[1][30] = ids[1][31] = 0xee;
            err = seal_chain_get_objects(c, (const uint8_t(*)[32])ids, 2, o, f);
            if (err == SEAL_OK)
                for (int k = 0; k < 2; k++)
                    if (f[k])
                        seal_ledger_object_clear(&o[k]);
        } else if (it % 3 == 1) {
            seal_chain_dry_run_result d;
            err = seal_chain_dry_run(c, TX, sizeof TX, &d);
            if (err == SEAL_OK)
                assert_true(d.verdict <= SEAL_CHAIN_INVALID_INPUT);
        } else {
            uint8_t pkg[32], orig[32];
            uint64_t v;
            bool f;
            memset(pkg, 0, 32);
            pkg[31] = 0xaa;
            err = seal_chain_resolve_package(c, pkg, orig, &v, &f);
        }
        assert_true(err == SEAL_OK || err == SEAL_ERR_IO);
        if (err == SEAL_OK)
            ok++;
        else
            io++;
    }
    assert_true(io > 0);
    print_message("mutated answers: %d accepted, %d refused\n", ok, io);
    seal_chain_close(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_get_objects),
        cmocka_unit_test(test_packages_and_gas),
        cmocka_unit_test(test_dry_run_formats),
        cmocka_unit_test(test_retries),
        cmocka_unit_test(test_timeouts_and_refusals),
        cmocka_unit_test(test_in_flight_bound),
        cmocka_unit_test(test_execute),
        cmocka_unit_test(test_status_text_round_trip),
        cmocka_unit_test(test_mutated_answers),
    };
    return cmocka_run_group_tests(tests, fake_start, fake_stop);
}
