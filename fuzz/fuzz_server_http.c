/* The key server's HTTP front itself (src/server/server_http.c through libmicrohttpd, in
 * process): the input is written as raw bytes to the listening socket of a running key server
 * (fuzz/server_fixture.h: Open mode on an embedded temporary ledger, two workers, no rate limit)
 * over a fresh loopback connection, followed by a complete GET /health with "Connection: close"
 * (so that a server that parsed the input answers and closes at once), and the answer read
 * until the server closes or 5 s pass (after 200 ms of silence the writing half is shut down).
 * The aggregator's front is the same layer (seal_server_http_start_service) with another
 * handler: this target covers its parsing, limits and connection handling too.
 *
 * Input: raw bytes, where "@BODY@" stands for a fetch_key body signed now (valid for 29 min),
 * "@LEN@" and "@HEXLEN@" for its length in decimal and hexadecimal (Content-Length, a chunk
 * size), so that mutated requests reach the whole handler.
 * Properties (besides ASan/UBSan): the answer is empty or starts with an HTTP/1.x status line;
 * every 64 inputs, and after any input the server did not close within the deadline, GET
 * /health still answers 200 within 5 s and the process's open descriptors stay bounded (a leak
 * per connection shows). */
#include "fuzz_common.h"
#include "fuzz_net.h"
#include "server_fixture.h"

#define ANSWER_MS 5000u
#define QUIET_MS 200u
/* appended to every input: a complete request before it is answered, then the server closes */
#define SENTINEL "GET /health HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n\r\n"
#define HEALTH_EVERY 64u

static srvfix g_fix;
static seal_server_http *g_http;
static uint16_t g_port;
static char g_len[24], g_hexlen[24];
static unsigned g_fds0;
static unsigned long g_runs;

static void cleanup(void) {
    seal_server_http_stop(g_http, 1000);
    srvfix_free(&g_fix);
}

static void health(void) {
    static const char req[] = "GET /health HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n\r\n";
    fuzz_net_answer a;
    FUZZ_ASSERT(fuzz_net_exchange(g_port, (const uint8_t *)req, sizeof req - 1, ANSWER_MS, 0, &a));
    FUZZ_ASSERT(a.len >= 12 && memcmp(a.head, "HTTP/1.1 200", 12) == 0);
    /* connections of earlier inputs may still be closing: a generous bound */
    FUZZ_ASSERT(fuzz_net_open_fds() < g_fds0 + 256);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    srvfix_init_live(&g_fix);
    srvfix_remove_at_exit(g_fix.dir);
    g_fix.cfg.max_in_flight = 64;
    snprintf(g_len, sizeof g_len, "%zu", g_fix.body_len);
    snprintf(g_hexlen, sizeof g_hexlen, "%zx", g_fix.body_len);

    seal_server_http_options o;
    memset(&o, 0, sizeof o);
    o.request_timeout_ms = 2000;
    o.log_fd = -1;
    char err[256];
    FUZZ_ASSERT(seal_server_http_start_opts(&g_http, g_fix.server, &g_fix.cfg, &o, err,
                                            sizeof err) == SEAL_OK);
    g_port = seal_server_http_port(g_http);
    atexit(cleanup);
    g_fds0 = fuzz_net_open_fds();
    health();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    size_t n1 = 0, n2 = 0, n3 = 0;
    uint8_t *a1 = fuzz_net_subst(data, size, "@BODY@", g_fix.body, &n1);
    uint8_t *a2 = fuzz_net_subst(a1, n1, "@LEN@", g_len, &n2);
    uint8_t *a3 = fuzz_net_subst(a2, n2, "@HEXLEN@", g_hexlen, &n3);
    uint8_t *req = malloc(n3 + sizeof SENTINEL);
    FUZZ_ASSERT(req != NULL);
    memcpy(req, a3, n3);
    memcpy(req + n3, SENTINEL, sizeof SENTINEL - 1);
    free(a1);
    free(a2);
    free(a3);
    fuzz_net_answer a;
    FUZZ_ASSERT(fuzz_net_exchange(g_port, req, n3 + sizeof SENTINEL - 1, ANSWER_MS, QUIET_MS, &a));
    free(req);
    FUZZ_ASSERT(fuzz_net_http1_answer(&a));
    if (!a.closed || ++g_runs % HEALTH_EVERY == 0) {
        health();
    }
    return 0;
}
