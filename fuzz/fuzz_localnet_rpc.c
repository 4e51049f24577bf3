/* The local chain's JSON-RPC front, seal_localnet_rpc_handle (the transport-free entry of `seal
 * localnet serve`), on a temporary ledger with an allowlist whose member is the fixture's user
 * (fuzz/server_fixture.h; the server listens on 127.0.0.1, port 0, but the input never goes
 * through the socket). Input: the HTTP body (a request or a batch).
 * Properties: the answer is JSON; a single request gets one response object
 * {"jsonrpc": "2.0", "id", and exactly one of result / error}, errors with a known JSON-RPC
 * code; a batch gets an array of at most as many responses. Differential: for each
 * sui_dryRunTransactionBlock that succeeds, the status it reports agrees with the embedded
 * chain's dry run of the same bytes (seal_chain_dry_run), which is what a key server on
 * `embedded:` would see. */
#include <jansson.h>

#include "fuzz_common.h"
#include "localnet/localnet.h"
#include "seal/bcs.h"
#include "seal/sui.h"
#include "seal/sui_tx.h"
#include "server_fixture.h"

static srvfix g_fix;
static seal_localnet_rpc *g_rpc;
static char *g_tx_b64; /* a valid seal_approve TransactionData, base64 */

static void cleanup(void) {
    seal_localnet_rpc_stop(g_rpc);
    srvfix_free(&g_fix);
    free(g_tx_b64);
}

static bool known_code(json_int_t c) {
    return c == -32700 || c == -32600 || c == -32601 || c == -32602 || c == -32603 || c == -32000 ||
           c == -32002 || c == -32007;
}

/* The embedded chain's verdict for base64 tx bytes; false when they do not decode. */
static bool chain_verdict(const char *b64, seal_chain_verdict *v) {
    size_t n = strlen(b64), len = 0;
    uint8_t *tx = malloc(n / 4 * 3 + 4);
    FUZZ_ASSERT(tx != NULL);
    bool ok = false;
    seal_chain_dry_run_result r;
    if (seal_sui_base64_decode(tx, n / 4 * 3 + 4, &len, b64, n) == SEAL_OK &&
        seal_chain_dry_run(g_fix.chain, tx, len, &r) == SEAL_OK) {
        *v = r.verdict;
        ok = true;
    }
    free(tx);
    return ok;
}

static void check_one(const json_t *req, const json_t *resp) {
    FUZZ_ASSERT(json_is_object(resp));
    const char *v = json_string_value(json_object_get(resp, "jsonrpc"));
    FUZZ_ASSERT(v != NULL && strcmp(v, "2.0") == 0);
    const json_t *result = json_object_get(resp, "result");
    const json_t *error = json_object_get(resp, "error");
    FUZZ_ASSERT((result == NULL) != (error == NULL));
    if (error != NULL) {
        const json_t *code = json_object_get(error, "code");
        FUZZ_ASSERT(json_is_integer(code));
        if (!known_code(json_integer_value(code))) {
            fprintf(stderr, "unknown JSON-RPC code %lld\n", (long long)json_integer_value(code));
            abort();
        }
        FUZZ_ASSERT(json_is_string(json_object_get(error, "message")));
        return;
    }
    const char *method = json_string_value(json_object_get(req, "method"));
    const json_t *params = json_object_get(req, "params");
    const char *b64 = NULL;
    if (method == NULL || strcmp(method, "sui_dryRunTransactionBlock") != 0) {
        return;
    }
    if (json_is_array(params)) {
        b64 = json_string_value(json_array_get(params, 0));
    } else if (json_is_object(params)) {
        b64 = json_string_value(json_object_get(params, "tx_bytes"));
    }
    const char *status = json_string_value(
        json_object_get(json_object_get(json_object_get(result, "effects"), "status"), "status"));
    FUZZ_ASSERT(status != NULL);
    seal_chain_verdict cv;
    if (b64 != NULL && chain_verdict(b64, &cv)) {
        if ((strcmp(status, "success") == 0) != (cv == SEAL_CHAIN_SUCCESS)) {
            fprintf(stderr, "localnet says %s, the embedded chain verdict %d\n", status, (int)cv);
            abort();
        }
    }
}

static void write_seed(const char *dir, const char *name, const char *text) {
    char path[512];
    snprintf(path, sizeof path, "%s/seed-%s", dir, name);
    FILE *f = fopen(path, "wb");
    FUZZ_ASSERT(f != NULL);
    FUZZ_ASSERT(fwrite(text, 1, strlen(text), f) == strlen(text));
    fclose(f);
}

/* FUZZ_WRITE_SEEDS=DIR: the requests the official SDK and our chain backend send. */
static void write_seeds(const char *dir) {
    char al[SEAL_SUI_ADDRESS_HEX_BYTES], user[SEAL_SUI_ADDRESS_HEX_BYTES], buf[4096];
    seal_sui_address_format(al, g_fix.allowlist);
    seal_sui_address_format(user, g_fix.address);
    snprintf(buf, sizeof buf,
             "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"sui_getObject\",\"params\":[\"%s\","
             "{\"showType\":true,\"showOwner\":true,\"showContent\":true,\"showBcs\":true,"
             "\"showPreviousTransaction\":true}]}",
             al);
    write_seed(dir, "get-object", buf);
    snprintf(buf, sizeof buf,
             "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"sui_multiGetObjects\",\"params\":[[\"%s\","
             "\"0x6\",\"0x5ea3\",\"0xdead\"],{\"showBcs\":true,\"showOwner\":true,\"showType\":"
             "true,\"showPreviousTransaction\":true}]}",
             al);
    write_seed(dir, "multi-get", buf);
    snprintf(buf, sizeof buf,
             "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"suix_getDynamicFieldObject\",\"params\":["
             "\"0x77\",{\"type\":\"u64\",\"value\":\"2\"}]}");
    write_seed(dir, "dynamic-field", buf);
    snprintf(buf, sizeof buf,
             "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"sui_dryRunTransactionBlock\",\"params\":["
             "\"%s\"]}",
             g_tx_b64);
    write_seed(dir, "dry-run", buf);
    snprintf(buf, sizeof buf,
             "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"sui_dryRunTransactionBlock\",\"params\":{"
             "\"tx_bytes\":\"%s\"}}",
             g_tx_b64);
    write_seed(dir, "dry-run-named", buf);
    snprintf(buf, sizeof buf,
             "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"sui_devInspectTransactionBlock\","
             "\"params\":[\"%s\",\"AAA=\"]}",
             user);
    write_seed(dir, "dev-inspect", buf);
    snprintf(
        buf, sizeof buf,
        "[{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"suix_getReferenceGasPrice\",\"params\":[]},"
        "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"sui_getChainIdentifier\",\"params\":[]},"
        "{\"jsonrpc\":\"2.0\",\"method\":\"sui_getLatestCheckpointSequenceNumber\"}]");
    write_seed(dir, "batch", buf);
    write_seed(dir, "normalized",
               "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"sui_getNormalizedMoveFunction\","
               "\"params\":[\"0x5ea3\",\"allowlist\",\"seal_approve\"]}");
    write_seed(dir, "protocol",
               "{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":"
               "\"sui_getProtocolConfig\",\"params\":[]}");
    write_seed(dir, "checkpoint",
               "{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"sui_getCheckpoint\","
               "\"params\":[\"0\"]}");
    write_seed(dir, "tx-block",
               "{\"jsonrpc\":\"2.0\",\"id\":12,\"method\":"
               "\"sui_getTransactionBlock\",\"params\":["
               "\"11111111111111111111111111111111\",{\"showEffects\":true}]}");
    write_seed(dir, "discover", "{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"method\":\"rpc.discover\"}");
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    srvfix_init(&g_fix);
    srvfix_remove_at_exit(g_fix.dir);
    seal_localnet_rpc_options o;
    memset(&o, 0, sizeof o);
    o.data_dir = g_fix.dir;
    o.threads = 1;
    FUZZ_ASSERT(seal_localnet_rpc_start(&g_rpc, &o) == SEAL_OK);
    atexit(cleanup);
    /* a seal_approve TransactionData from the user, approved by the policy */
    seal_client_call call;
    memset(&call, 0, sizeof call);
    FUZZ_ASSERT(seal_client_call_target_parse(&call, "0x5ea3::allowlist::seal_approve") == SEAL_OK);
    uint8_t id[33];
    memcpy(id, g_fix.allowlist, 32);
    id[32] = 7;
    call.id = id;
    call.id_len = sizeof id;
    seal_client_arg arg;
    memset(&arg, 0, sizeof arg);
    arg.kind = SEAL_CLIENT_ARG_OBJECT;
    memcpy(arg.object_id, g_fix.allowlist, 32);
    call.args = &arg;
    call.n_args = 1;
    uint8_t *ptb_bytes = NULL, tx[2048];
    size_t ptb_len = 0;
    FUZZ_ASSERT(seal_client_build_ptb(&ptb_bytes, &ptb_len, g_fix.chain, &call, 1) == SEAL_OK);
    seal_sui_ptb *ptb = NULL;
    FUZZ_ASSERT(seal_sui_ptb_decode(&ptb, ptb_bytes, ptb_len) == SEAL_OK);
    seal_sui_transaction_data td;
    memset(&td, 0, sizeof td);
    td.ptb = ptb;
    memcpy(td.sender, g_fix.address, 32);
    memcpy(td.gas.owner, g_fix.address, 32);
    td.gas.price = 1000;
    td.gas.budget = 500000000;
    seal_bcs_writer w;
    seal_bcs_writer_init(&w, tx, sizeof tx);
    FUZZ_ASSERT(seal_sui_transaction_data_encode(&w, &td) == SEAL_OK);
    FUZZ_ASSERT(seal_bcs_writer_finish(&w) == SEAL_OK);
    g_tx_b64 = malloc(seal_sui_base64_encoded_len(w.len) + 1);
    FUZZ_ASSERT(g_tx_b64 != NULL);
    seal_sui_base64_encode(g_tx_b64, tx, w.len);
    seal_sui_ptb_free(ptb);
    free(ptb_bytes);
    seal_chain_verdict v;
    FUZZ_ASSERT(chain_verdict(g_tx_b64, &v) && v == SEAL_CHAIN_SUCCESS);
    if (getenv("FUZZ_WRITE_SEEDS") != NULL) {
        write_seeds(getenv("FUZZ_WRITE_SEEDS"));
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *body = (char *)fuzz_dup(data, size);
    size_t out_len = 0;
    char *out = seal_localnet_rpc_handle(g_rpc, body, size, &out_len);
    if (out != NULL) {
        FUZZ_ASSERT(strlen(out) == out_len);
        json_t *resp = json_loadb(out, out_len, 0, NULL);
        FUZZ_ASSERT(resp != NULL);
        json_t *req = json_loadb(body, size, 0, NULL);
        if (json_is_array(resp)) {
            FUZZ_ASSERT(json_is_array(req) && json_array_size(resp) <= json_array_size(req));
            for (size_t i = 0; i < json_array_size(resp); i++) {
                const json_t *r = json_array_get(resp, i);
                const json_t *match = NULL;
                /* the request with the same id (responses of a batch may come in any order) */
                for (size_t j = 0; j < json_array_size(req) && match == NULL; j++) {
                    const json_t *q = json_array_get(req, j);
                    if (json_is_object(q) &&
                        json_equal(json_object_get(q, "id"), json_object_get(r, "id"))) {
                        match = q;
                    }
                }
                check_one(match, r);
            }
        } else {
            check_one(json_is_object(req) ? req : NULL, resp);
        }
        json_decref(req);
        json_decref(resp);
        free(out);
    }
    free(body);
    return 0;
}
