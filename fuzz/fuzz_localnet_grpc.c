/* The local chain's sui.rpc.v2 service (src/localnet/grpc_*.c) without its transports, on a
 * temporary ledger with an allowlist whose member is the fixture's user (fuzz/server_fixture.h).
 * Input: byte 0 selects the method (12 known ones and an unknown one), byte 1 the entry: 0 the
 * request message itself (seal__lg_call_run), 1 a gRPC-web binary body, 2 a gRPC-web text body
 * (seal__localnet_grpc_answer_web: framing, Base64, then the call); the rest is the input.
 * Properties: a status in 0..16; OK answers only with a response that parses as protobuf
 * (every field, every sub-message to the depth limit) within the frame cap; an error status has
 * a message without control characters; gRPC-web OK bodies are a data frame then a
 * "grpc-status:0" trailer frame (Base64 in text mode). */
#include "fuzz_common.h"
#include "localnet/grpc.h"
#include "localnet/localnet.h"
#include "seal/sui.h"
#include "server_fixture.h"

static srvfix g_fix;
static seal_localnet_rpc *g_rpc;

static const char *const PATHS[] = {
    "/sui.rpc.v2.LedgerService/GetServiceInfo",
    "/sui.rpc.v2.LedgerService/GetObject",
    "/sui.rpc.v2.LedgerService/BatchGetObjects",
    "/sui.rpc.v2.LedgerService/GetTransaction",
    "/sui.rpc.v2.LedgerService/GetCheckpoint",
    "/sui.rpc.v2.LedgerService/GetEpoch",
    "/sui.rpc.v2.StateService/ListDynamicFields",
    "/sui.rpc.v2.MovePackageService/GetFunction",
    "/sui.rpc.v2.MovePackageService/GetPackage",
    "/sui.rpc.v2.TransactionExecutionService/SimulateTransaction",
    "/sui.rpc.v2.TransactionExecutionService/ExecuteTransaction",
    "/sui.rpc.v2.SignatureVerificationService/VerifySignature",
    "/prefix/sui.rpc.v2.LedgerService/Nope",
};
#define N_PATHS (sizeof PATHS / sizeof PATHS[0])

static void cleanup(void) {
    seal_localnet_rpc_stop(g_rpc);
    srvfix_free(&g_fix);
}

/* Walks every field of a message, descending into every LEN field that parses as one. */
static void walk(const uint8_t *p, size_t n, int depth) {
    seal__pb_reader r;
    seal__pb_field f;
    if (depth > 16)
        return;
    seal__pb_reader_init(&r, p, n);
    while (seal__pb_next(&r, &f))
        if (f.wire == SEAL__PB_LEN)
            walk(f.data, f.len, depth + 1);
}

static bool parses(const uint8_t *p, size_t n) {
    seal__pb_reader r;
    seal__pb_field f;
    seal__pb_reader_init(&r, p, n);
    while (seal__pb_next(&r, &f)) {
    }
    return seal__pb_reader_finish(&r) == SEAL_OK;
}

static void check_message(const char *m) {
    for (const char *q = m; *q; q++)
        FUZZ_ASSERT((unsigned char)*q >= 0x20 && *q != 0x7f);
}

static void write_seed(const char *dir, const char *name, const uint8_t *p, size_t n) {
    char path[512];
    snprintf(path, sizeof path, "%s/seed-%s", dir, name);
    FILE *f = fopen(path, "wb");
    FUZZ_ASSERT(f != NULL);
    FUZZ_ASSERT(fwrite(p, 1, n, f) == n);
    fclose(f);
}

/* FUZZ_WRITE_SEEDS=DIR: requests the official SDK and the key server send, for the fixture's
 * objects. */
static void write_seeds(const char *dir) {
    char al[SEAL_SUI_ADDRESS_HEX_BYTES], who[SEAL_SUI_ADDRESS_HEX_BYTES];
    uint8_t b[64];
    seal_sui_address_format(al, g_fix.allowlist);
    seal_sui_address_format(who, g_fix.address);
    /* GetObject { object_id, read_mask { "owner", "contents" } } */
    {
        seal__pb_writer w;
        seal__pb_writer_init(&w, 0);
        seal__pb_write_raw(&w, "\x01\x00", 2);
        seal__pb_write_string(&w, 1, al);
        seal__pb_begin(&w, 3);
        seal__pb_write_string(&w, 1, "owner");
        seal__pb_write_string(&w, 1, "contents");
        seal__pb_end(&w);
        FUZZ_ASSERT(seal__pb_writer_finish(&w) == SEAL_OK);
        write_seed(dir, "get-object", w.buf, w.len);
        seal__pb_writer_free(&w);
    }
    /* GetEpoch { read_mask { "reference_gas_price" } } */
    memcpy(b, "\x05\x00\x12\x15\x0a\x13reference_gas_price", 25);
    write_seed(dir, "get-epoch", b, 25);
    /* GetServiceInfo over gRPC-web text */
    memcpy(b,
           "\x00\x02"
           "AAAAAAA=",
           10);
    write_seed(dir, "service-info-text", b, 10);
    /* SimulateTransaction of allowlist::seal_approve(id, allowlist by id only), sender = user */
    {
        seal__pb_writer w;
        uint8_t id[34] = {33};
        memcpy(id + 1, g_fix.allowlist, 32);
        seal__pb_writer_init(&w, 0);
        seal__pb_write_raw(&w, "\x09\x00", 2);
        seal__pb_begin(&w, 1); /* transaction */
        seal__pb_begin(&w, 4); /* kind */
        seal__pb_write_i32(&w, 1, 1);
        seal__pb_begin(&w, 2); /* programmable_transaction */
        seal__pb_begin(&w, 1);
        seal__pb_write_bytes(&w, 2, id, sizeof id);
        seal__pb_end(&w);
        seal__pb_begin(&w, 1);
        seal__pb_write_string(&w, 3, al);
        seal__pb_end(&w);
        seal__pb_begin(&w, 2);
        seal__pb_begin(&w, 1);
        seal__pb_write_string(&w, 1, "0x5ea3");
        seal__pb_write_string(&w, 2, "allowlist");
        seal__pb_write_string(&w, 3, "seal_approve");
        for (uint32_t i = 0; i < 2; i++) {
            seal__pb_begin(&w, 5);
            seal__pb_write_i32(&w, 1, 2);
            seal__pb_write_u32(&w, 2, i);
            seal__pb_end(&w);
        }
        seal__pb_end(&w);
        seal__pb_end(&w);
        seal__pb_end(&w);
        seal__pb_end(&w);
        seal__pb_write_string(&w, 5, who);
        seal__pb_end(&w);
        FUZZ_ASSERT(seal__pb_writer_finish(&w) == SEAL_OK);
        write_seed(dir, "simulate", w.buf, w.len);
        seal__pb_writer_free(&w);
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv) {
    seal_localnet_rpc_options o;
    (void)argc;
    (void)argv;
    srvfix_init(&g_fix);
    srvfix_remove_at_exit(g_fix.dir);
    memset(&o, 0, sizeof o);
    o.data_dir = g_fix.dir;
    o.threads = 1;
    o.max_body = 256 * 1024;
    FUZZ_ASSERT(seal_localnet_rpc_start(&g_rpc, &o) == SEAL_OK);
    atexit(cleanup);
    if (getenv("FUZZ_WRITE_SEEDS") != NULL)
        write_seeds(getenv("FUZZ_WRITE_SEEDS"));
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const char *path;
    uint8_t *in;
    size_t n;
    if (size < 2)
        return 0;
    path = PATHS[data[0] % N_PATHS];
    in = fuzz_dup(data + 2, size - 2);
    n = size - 2;
    if (data[1] % 3 == 0) {
        seal__lg_call *c = malloc(sizeof *c);
        FUZZ_ASSERT(c != NULL);
        seal__lg_call_run(g_rpc, path, strlen(path), in, n, c);
        FUZZ_ASSERT(c->status <= SEAL__GRPC_STATUS_MAX);
        if (c->status == SEAL__GRPC_OK) {
            FUZZ_ASSERT(c->w.len <= SEAL__LG_MAX_RESPONSE);
            FUZZ_ASSERT(c->w.len == 0 || parses(c->w.buf, c->w.len));
            walk(c->w.buf, c->w.len, 0);
        } else {
            FUZZ_ASSERT(c->message[0] != '\0');
            check_message(c->message);
        }
        seal__lg_call_done(c);
        free(c);
    } else {
        bool text = data[1] % 3 == 2;
        seal__localnet_grpc_answer a;
        FUZZ_ASSERT(seal__localnet_grpc_answer_web(
            g_rpc, path, strlen(path), text ? "application/grpc-web-text" : "application/grpc-web",
            in, n, false, &a));
        FUZZ_ASSERT(a.status <= SEAL__GRPC_STATUS_MAX);
        if (a.status == SEAL__GRPC_OK) {
            uint8_t *raw = a.body;
            size_t len = a.len;
            seal__grpc_body body;
            FUZZ_ASSERT(a.body != NULL);
            if (text) {
                raw = malloc(a.len / 4 * 3 + 1);
                FUZZ_ASSERT(raw != NULL);
                FUZZ_ASSERT(seal__grpc_web_text_decode(raw, a.len / 4 * 3 + 1, &len,
                                                       (const char *)a.body, a.len) == SEAL_OK);
            }
            FUZZ_ASSERT(seal__grpc_body_parse(raw, len, 0, true, &body) == SEAL_OK);
            FUZZ_ASSERT(body.has_message && body.has_trailer);
            FUZZ_ASSERT(body.trailer_len == 15 &&
                        memcmp(body.trailer, "grpc-status:0\r\n", 15) == 0);
            if (text)
                free(raw);
        } else {
            FUZZ_ASSERT(a.body == NULL);
            check_message(a.message);
        }
        free(a.body);
    }
    free(in);
    return 0;
}
