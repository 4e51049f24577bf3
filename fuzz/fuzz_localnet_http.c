/* The local chain's listening socket itself (`seal localnet serve`, in process): the input is
 * written as raw bytes to a running local chain (fuzz/server_fixture.h's ledger, two workers)
 * over a fresh loopback connection (an HTTP/1.1 input followed by a complete GET /metrics with
 * "Connection: close", so that the server answers and closes at once), and the answer read
 * until the server closes or 5 s pass (after 200 ms of silence the writing half is shut down).
 * The socket speaks JSON-RPC and gRPC-web over HTTP/1.1 (libmicrohttpd, src/localnet/server.c)
 * and native gRPC over HTTP/2 cleartext with prior knowledge (nghttp2, src/localnet/grpc_h2.c),
 * told apart by the first bytes (src/localnet/listen.c): both paths are reached.
 *
 * Properties (besides ASan/UBSan): an input that does not start with (a prefix of) the HTTP/2
 * preface gets an empty answer or one starting with an HTTP/1.x status line; one that starts
 * with the whole preface gets an empty answer or HTTP/2 frames, the first a SETTINGS frame on
 * stream 0; every 64 inputs, and after any input the server did not close within the deadline,
 * a JSON-RPC request still answers 200 within 5 s and the open descriptors stay bounded. */
#include "fuzz_common.h"
#include "fuzz_net.h"
#include "localnet/localnet.h"
#include "server_fixture.h"

#define ANSWER_MS 5000u
#define QUIET_MS 200u
/* appended to every HTTP/1.1 input: a complete request, then the server closes */
#define SENTINEL "GET /metrics HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n\r\n"
#define HEALTH_EVERY 64u
#define PREFACE "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
#define PREFACE_LEN (sizeof PREFACE - 1)

static srvfix g_fix;
static seal_localnet_rpc *g_rpc;
static uint16_t g_port;
static unsigned g_fds0;
static unsigned long g_runs;

static void cleanup(void) {
    seal_localnet_rpc_stop(g_rpc);
    srvfix_free(&g_fix);
}

static void health(void) {
    static const char body[] =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"sui_getChainIdentifier\"}";
    char req[256];
    int n = snprintf(req, sizeof req,
                     "POST / HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n"
                     "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
                     sizeof body - 1, body);
    fuzz_net_answer a;
    FUZZ_ASSERT(fuzz_net_exchange(g_port, (const uint8_t *)req, (size_t)n, ANSWER_MS, 0, &a));
    FUZZ_ASSERT(a.len >= 12 && memcmp(a.head, "HTTP/1.1 200", 12) == 0);
    FUZZ_ASSERT(fuzz_net_open_fds() < g_fds0 + 256);
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
    o.threads = 2;
    o.max_body = 256 * 1024;
    FUZZ_ASSERT(seal_localnet_rpc_start(&g_rpc, &o) == SEAL_OK);
    g_port = seal_localnet_rpc_port(g_rpc);
    atexit(cleanup);
    g_fds0 = fuzz_net_open_fds();
    health();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    bool h2 = size >= PREFACE_LEN && memcmp(data, PREFACE, PREFACE_LEN) == 0;
    bool undecided = size < PREFACE_LEN && memcmp(data, PREFACE, size) == 0;
    size_t extra = h2 || undecided ? 0 : sizeof SENTINEL - 1;
    uint8_t *req = malloc(size + extra + 1);
    FUZZ_ASSERT(req != NULL);
    if (size > 0) {
        memcpy(req, data, size);
    }
    memcpy(req + size, SENTINEL, extra);
    fuzz_net_answer a;
    FUZZ_ASSERT(fuzz_net_exchange(g_port, req, size + extra, ANSWER_MS, QUIET_MS, &a));
    free(req);
    if (h2) {
        /* frame header: length (3), type 4 = SETTINGS, flags, stream 0 */
        FUZZ_ASSERT(a.len == 0 || (a.len >= 9 && a.head[3] == 4 && (a.head[5] & 0x7f) == 0 &&
                                   a.head[6] == 0 && a.head[7] == 0 && a.head[8] == 0));
    } else if (!undecided) {
        FUZZ_ASSERT(fuzz_net_http1_answer(&a));
    }
    if (!a.closed || ++g_runs % HEALTH_EVERY == 0) {
        health();
    }
    return 0;
}
