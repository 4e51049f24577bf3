/* Hostile input to a running `seal server` (the CLI binary, started as a separate process on
 * 127.0.0.1 port 0) on an embedded temporary ledger with one allowlist (fuzz/server_fixture.h at
 * the wall clock). Each case sends one request, checks its status and error kind, and then
 * checks that GET /health still answers 200; at the end the valid request must still be
 * answered with keys that verify. Complements tests/unit/test_server_core.c (core validation
 * order, one case per rule) and tests/unit/test_server_http.c (HTTP parser abuse, limits) by
 * running the list end to end against the real process.
 * Usage: hostile_server PATH/TO/seal. Prints one line per case and "N cases, N failed". */
#include <curl/curl.h>
#include <errno.h>
#include <jansson.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "seal/bcs.h"
#include "seal/bls12_381.h"
#include "seal/keys.h"
#include "seal/sui.h"
#include "seal/sui_tx.h"
#include "server_fixture.h"

static srvfix g_fix;
static uint8_t g_pk[96];
static uint16_t g_port;
static pid_t g_pid;
static int g_cases, g_failed;
static FILE *g_out;

typedef struct reply {
    long status;
    char *body;
    size_t len;
} reply;

static size_t on_data(char *p, size_t size, size_t n, void *ctx) {
    reply *r = ctx;
    size_t k = size * n;
    char *b = realloc(r->body, r->len + k + 1);
    if (b == NULL) {
        return 0;
    }
    memcpy(b + r->len, p, k);
    r->body = b;
    r->len += k;
    r->body[r->len] = '\0';
    return k;
}

static const char *const SDK_HEADERS[] = {"Client-Sdk-Type: typescript",
                                          "Client-Sdk-Version: 1.4.12",
                                          "Content-Type: application/json", NULL};

/* One request; headers NULL-terminated ("Name: value"). */
static reply http(const char *method, const char *path, const char *const *headers,
                  const char *body, size_t len) {
    reply r = {0, NULL, 0};
    CURL *h = curl_easy_init();
    SRVFIX_CHECK(h != NULL);
    char url[256];
    snprintf(url, sizeof url, "http://127.0.0.1:%u%s", g_port, path);
    struct curl_slist *hl = NULL;
    for (size_t i = 0; headers != NULL && headers[i] != NULL; i++) {
        hl = curl_slist_append(hl, headers[i]);
    }
    hl = curl_slist_append(hl, "Expect:");
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hl);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &r);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 20000L);
    if (body != NULL) {
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)len);
    }
    if (curl_easy_perform(h) == CURLE_OK) {
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r.status);
    }
    curl_slist_free_all(hl);
    curl_easy_cleanup(h);
    return r;
}

static bool healthy(void) {
    reply r = http("GET", "/health", NULL, NULL, 0);
    bool ok = r.status == 200 && r.body != NULL && strstr(r.body, "\"up\"") != NULL;
    free(r.body);
    return ok;
}

/* The number of keys of a 200 answer that decrypt and verify (-1: not a keys answer). */
static long verified_keys(const reply *r) {
    seal_client_encrypted_key *keys = NULL;
    size_t n = 0;
    if (r->body == NULL ||
        seal_client_response_parse(&keys, &n, 100, r->body, r->len, NULL, 0) != SEAL_OK) {
        return -1;
    }
    long good = 0;
    for (size_t i = 0; i < n; i++) {
        uint8_t usk[48];
        if (seal_elgamal_decrypt(usk, g_fix.eg_sk, keys[i].c0, keys[i].c1) == SEAL_OK &&
            seal_keys_verify_user_secret_key(usk, g_pk, keys[i].full_id, keys[i].full_id_len) ==
                SEAL_OK) {
            good++;
        }
    }
    free(keys);
    return good;
}

/* Records a case: want_status (0: any 4xx), want_kind (NULL: not checked), want_keys (>= 0: a
 * 200 with that many verified keys). */
static void expect(const char *name, reply r, long want_status, const char *want_kind,
                   long want_keys) {
    bool ok = want_status == 0 ? (r.status >= 400 && r.status < 500) : r.status == want_status;
    if (ok && want_kind != NULL) {
        json_t *j = r.body != NULL ? json_loads(r.body, 0, NULL) : NULL;
        const char *k = json_string_value(json_object_get(j, "error"));
        ok = k != NULL && strcmp(k, want_kind) == 0;
        json_decref(j);
    }
    if (ok && want_keys >= 0) {
        ok = verified_keys(&r) == want_keys;
    }
    bool up = healthy();
    g_cases++;
    if (!ok || !up) {
        g_failed++;
    }
    printf("%s %-58s HTTP %ld%s%.*s\n", ok && up ? "ok  " : "FAIL", name, r.status,
           up ? "" : " (health check failed)", ok ? 0 : 160, r.body ? r.body : "");
    free(r.body);
}

static reply post(const char *body, size_t len) {
    return http("POST", "/v1/fetch_key", SDK_HEADERS, body, len);
}

static reply post_calls(const seal_session *s, const seal_client_call *calls, size_t n,
                        const uint8_t *enc_key, const uint8_t *enc_vk) {
    char *body = NULL;
    size_t len = 0;
    SRVFIX_CHECK(srvfix_body(&g_fix, s, calls, n, enc_key, enc_vk, &body, &len) == SEAL_OK);
    reply r = post(body, len);
    free(body);
    return r;
}

/* A body for the calls signed by s as a client at time at_ms would send it (the client refuses
 * to sign for a session it considers expired at its own clock). */
static reply post_calls_at(const seal_session *s, const seal_client_call *calls, size_t n,
                           uint64_t at_ms) {
    uint8_t *ptb = NULL;
    size_t ptb_len = 0, len = 0;
    char *body = NULL;
    SRVFIX_CHECK(seal_client_build_ptb(&ptb, &ptb_len, g_fix.chain, calls, n) == SEAL_OK);
    SRVFIX_CHECK(seal_client_request_json(&body, &len, s, ptb, ptb_len, g_fix.enc_key, g_fix.enc_vk,
                                          at_ms) == SEAL_OK);
    reply r = post(body, len);
    free(body);
    free(ptb);
    return r;
}

/* The valid body with one JSON field replaced (certificate fields as "certificate.x"). */
static reply post_patched(const char *field, json_t *value) {
    json_t *doc = json_loads(g_fix.body, 0, NULL);
    json_t *parent = doc;
    if (strncmp(field, "certificate.", 12) == 0) {
        parent = json_object_get(doc, "certificate");
        field += 12;
    }
    json_object_set_new(parent, field, value);
    char *text = json_dumps(doc, JSON_COMPACT);
    reply r = post(text, strlen(text));
    free(text);
    json_decref(doc);
    return r;
}

/* A fetch_key body for a raw PTB, signed by the fixture's session. */
static reply post_ptb(const uint8_t *ptb, size_t len) {
    char *body = NULL;
    size_t blen = 0;
    SRVFIX_CHECK(seal_client_request_json(&body, &blen, g_fix.session, ptb, len, g_fix.enc_key,
                                          g_fix.enc_vk, g_fix.now) == SEAL_OK);
    reply r = post(body, blen);
    free(body);
    return r;
}

static uint64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void start_server(const char *seal) {
    char cfg[256], key[80];
    snprintf(cfg, sizeof cfg, "%s/server.yaml", g_fix.dir);
    FILE *f = fopen(cfg, "w");
    SRVFIX_CHECK(f != NULL);
    fprintf(f,
            "network: !Devnet\n  seal_package: "
            "0x0000000000000000000000000000000000000000000000000000000000005ea1\n"
            "server_mode: !Open\n  key_server_object_id: 0x%s\n"
            "chain: embedded:%s\nlisten: 127.0.0.1:0\nmetrics_host_port: 127.0.0.1:0\n"
            "threads: 2\n",
            "7777777777777777777777777777777777777777777777777777777777777777", g_fix.dir);
    fclose(f);
    seal_hex_encode(key + 2, g_fix.cfg.msk, 32);
    key[0] = '0';
    key[1] = 'x';
    int out[2];
    SRVFIX_CHECK(pipe(out) == 0);
    g_pid = fork();
    SRVFIX_CHECK(g_pid >= 0);
    if (g_pid == 0) {
        char log[160];
        snprintf(log, sizeof log, "%s/server.log", g_fix.dir);
        FILE *lf = fopen(log, "w");
        if (lf != NULL) {
            dup2(fileno(lf), 2);
        }
        dup2(out[1], 1);
        close(out[0]);
        setenv("MASTER_KEY", key, 1);
        execl(seal, seal, "server", "--config", cfg, (char *)NULL);
        _exit(127);
    }
    close(out[1]);
    g_out = fdopen(out[0], "r"); /* kept open while the server runs */
    char line[256];
    SRVFIX_CHECK(g_out != NULL && fgets(line, sizeof line, g_out) != NULL);
    unsigned port = 0;
    SRVFIX_CHECK(sscanf(line, "ready http://127.0.0.1:%u", &port) == 1 && port > 0);
    g_port = (uint16_t)port;
}

/* A raw request on a socket: answered with an HTTP status line or closed, never a hang. */
static reply raw(const char *bytes, size_t len) {
    reply r = {0, NULL, 0};
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(g_port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    struct timeval tv = {5, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) == 0) {
        (void)send(fd, bytes, len, MSG_NOSIGNAL);
        char buf[512];
        ssize_t n = recv(fd, buf, sizeof buf - 1, 0);
        if (n == 0) {
            r.status = 499; /* closed without an answer: acceptable */
        } else if (n > 12 && strncmp(buf, "HTTP/1.", 7) == 0) {
            buf[n] = '\0';
            r.status = strtol(buf + 9, NULL, 10);
        }
    }
    close(fd);
    return r;
}

static void g1_not_in_subgroup(uint8_t k[48]) {
    seal_g1 p;
    memset(k, 0, 48);
    k[0] = 0x80; /* x = 0: y^2 = 4, a point of order 3 */
    SRVFIX_CHECK(seal_g1_decompress(&p, k) == SEAL_ERR_NOT_IN_SUBGROUP);
}

static bool g2_find(uint8_t k[96], seal_err want) {
    seal_g2 p;
    for (unsigned x = 1; x < 4096; x++) {
        memset(k, 0, 96);
        k[0] = 0x80;
        k[94] = (uint8_t)(x >> 8);
        k[95] = (uint8_t)x;
        if (seal_g2_decompress(&p, k) == want) {
            return true;
        }
    }
    return false;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: hostile_server PATH/TO/seal\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    setvbuf(stdout, NULL, _IOLBF, 0);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    srvfix_init_at(&g_fix, now_ms());
    srvfix_remove_at_exit(g_fix.dir); /* also when a check fails */
    SRVFIX_CHECK(seal_keys_public_key(g_pk, g_fix.cfg.msk) == SEAL_OK);
    start_server(argv[1]);

    seal_client_call calls[101];
    seal_client_arg args[101];
    uint8_t ids[101][33];
    for (size_t i = 0; i < 101; i++) {
        srvfix_call(&g_fix, &calls[i], &args[i], ids[i], (uint8_t)i);
    }

    /* baseline, replay, reorder */
    expect("valid request", post(g_fix.body, g_fix.body_len), 200, NULL, 1);
    expect("replay of the same request (valid within the TTL)", post(g_fix.body, g_fix.body_len),
           200, NULL, 1);
    expect("second of two requests sent in reverse order",
           post_calls(NULL, &calls[9], 1, NULL, NULL), 200, NULL, 1);
    expect("first of two requests sent in reverse order",
           post_calls(NULL, &calls[8], 1, NULL, NULL), 200, NULL, 1);
    /* duplicate ids, call counts */
    seal_client_call dup[2] = {calls[5], calls[5]};
    expect("the same id twice in one PTB (answered twice)", post_calls(NULL, dup, 2, NULL, NULL),
           200, NULL, 2);
    expect("100 calls (the limit)", post_calls(NULL, calls, 100, NULL, NULL), 200, NULL, 100);
    {
        /* the client refuses to build more than 100 calls: the PTB of 100 plus one more */
        uint8_t *p100 = NULL;
        size_t len100 = 0;
        seal_sui_ptb *p = NULL;
        SRVFIX_CHECK(seal_client_build_ptb(&p100, &len100, g_fix.chain, calls, 100) == SEAL_OK);
        SRVFIX_CHECK(seal_sui_ptb_decode(&p, p100, len100) == SEAL_OK && p->n_commands == 100);
        seal_sui_command cmds[101];
        memcpy(cmds, p->commands, 100 * sizeof cmds[0]);
        cmds[100] = cmds[99];
        seal_sui_ptb p101 = *p;
        p101.commands = cmds;
        p101.n_commands = 101;
        uint8_t *enc = malloc(len100 + 4096);
        SRVFIX_CHECK(enc != NULL);
        seal_bcs_writer w;
        seal_bcs_writer_init(&w, enc, len100 + 4096);
        SRVFIX_CHECK(seal_sui_ptb_encode(&w, &p101) == SEAL_OK);
        SRVFIX_CHECK(seal_bcs_writer_finish(&w) == SEAL_OK);
        expect("101 calls", post_ptb(enc, w.len), 403, "InvalidPTB", -1);
        free(enc);
        seal_sui_ptb_free(p);
        free(p100);
    }

    /* points */
    uint8_t k1[48], k2[96];
    g1_not_in_subgroup(k1);
    expect("enc_key of order 3 (outside G1)", post_calls(NULL, calls, 1, k1, NULL), 0, NULL, -1);
    memset(k1, 0, 48);
    k1[0] = 0xc0;
    expect("enc_key = identity (small order 1)", post_calls(NULL, calls, 1, k1, NULL), 0, NULL, -1);
    SRVFIX_CHECK(g2_find(k2, SEAL_ERR_NOT_IN_SUBGROUP));
    expect("enc_verification_key on E2 outside G2", post_calls(NULL, calls, 1, NULL, k2), 0, NULL,
           -1);
    SRVFIX_CHECK(g2_find(k2, SEAL_ERR_NOT_ON_CURVE));
    expect("enc_verification_key not on the curve", post_calls(NULL, calls, 1, NULL, k2), 0, NULL,
           -1);
    memset(k2, 0, 96);
    k2[0] = 0xc0;
    expect("enc_verification_key = identity", post_calls(NULL, calls, 1, NULL, k2), 0, NULL, -1);

    /* certificates */
    seal_session *s = NULL;
    SRVFIX_CHECK(seal_session_create(&s, &g_fix.user, SEAL_LEDGER_EXAMPLES_PACKAGE, NULL, 10,
                                     g_fix.now + 120000, NULL) == SEAL_OK);
    expect("certificate from the future (+2 min, validly signed)",
           post_calls_at(s, calls, 1, g_fix.now + 121000), 403, "InvalidCertificate", -1);
    seal_session_free(s);
    SRVFIX_CHECK(seal_session_create(&s, &g_fix.user, SEAL_LEDGER_EXAMPLES_PACKAGE, NULL, 1,
                                     g_fix.now - 61000, NULL) == SEAL_OK);
    expect("expired certificate (TTL 1 min, 61 s old)",
           post_calls_at(s, calls, 1, g_fix.now - 40000), 403, "InvalidCertificate", -1);
    seal_session_free(s);
    expect("ttl_min 65535 (u16 overflow upstream)",
           post_patched("certificate.ttl_min", json_integer(65535)), 403, "InvalidCertificate", -1);
    expect("ttl_min 65536 (not a u16)", post_patched("certificate.ttl_min", json_integer(65536)), 0,
           NULL, -1);
    expect("creation_time -1", post_patched("certificate.creation_time", json_integer(-1)), 0, NULL,
           -1);
    /* signatures */
    seal_sui_keypair other;
    uint8_t sec[32];
    memset(sec, 0x43, 32);
    SRVFIX_CHECK(seal_sui_keypair_from_secret(&other, SEAL_SUI_SCHEME_ED25519, sec) == SEAL_OK);
    SRVFIX_CHECK(seal_session_create(&s, &other, SEAL_LEDGER_EXAMPLES_PACKAGE, NULL, 10,
                                     g_fix.now - 1000, NULL) == SEAL_OK);
    expect("a validly signed user who is not on the allowlist", post_calls(s, calls, 1, NULL, NULL),
           403, "NoAccess", -1);
    {
        /* the other user's validly signed request claiming to be the member */
        char *body = NULL, uaddr[SEAL_SUI_ADDRESS_HEX_BYTES];
        size_t len = 0;
        SRVFIX_CHECK(srvfix_body(&g_fix, s, calls, 1, NULL, NULL, &body, &len) == SEAL_OK);
        json_t *doc = json_loads(body, 0, NULL);
        seal_sui_address_format(uaddr, g_fix.address);
        json_object_set_new(json_object_get(doc, "certificate"), "user", json_string(uaddr));
        char *text = json_dumps(doc, JSON_COMPACT);
        expect("certificate.user set to a member, signed by a non-member", post(text, strlen(text)),
               403, "InvalidSignature", -1);
        free(text);
        json_decref(doc);
        free(body);
    }
    seal_session_free(s);
    seal_sui_keypair_clear(&other);
    {
        /* the session signature of another request (id tag 3) on the valid body */
        char *body = NULL;
        size_t len = 0;
        SRVFIX_CHECK(srvfix_body(&g_fix, NULL, &calls[3], 1, NULL, NULL, &body, &len) == SEAL_OK);
        json_t *doc = json_loads(body, 0, NULL);
        expect("request_signature of another request",
               post_patched("request_signature",
                            json_incref(json_object_get(doc, "request_signature"))),
               403, "InvalidSessionSignature", -1);
        json_decref(doc);
        free(body);
    }

    /* non-canonical BCS */
    uint8_t *ptb = NULL, buf[512];
    size_t plen = 0;
    SRVFIX_CHECK(seal_client_build_ptb(&ptb, &plen, g_fix.chain, calls, 1) == SEAL_OK);
    memcpy(buf, ptb, plen);
    buf[plen] = 0;
    expect("PTB with a trailing byte (re-signed)", post_ptb(buf, plen + 1), 403, "InvalidPTB", -1);
    /* inputs count 02 written as the non-minimal ULEB 82 00 */
    SRVFIX_CHECK(ptb[0] == 0x02);
    buf[0] = 0x82;
    buf[1] = 0x00;
    memcpy(buf + 2, ptb + 1, plen - 1);
    expect("PTB with a non-minimal ULEB128 length (re-signed)", post_ptb(buf, plen + 1), 403,
           "InvalidPTB", -1);
    free(ptb);

    /* bodies and headers */
    char *big = malloc(200 * 1024);
    SRVFIX_CHECK(big != NULL);
    memset(big, ' ', 200 * 1024);
    big[0] = '{';
    big[200 * 1024 - 1] = '}';
    expect("200 KiB body (limit 180 KiB)", post(big, 200 * 1024), 413, NULL, -1);
    free(big);
    expect("malformed JSON", post("{\"ptb\": ", 8), 0, NULL, -1);
    expect("JSON of the wrong type", post("[]", 2), 0, NULL, -1);
    static const char *const no_version[] = {"Client-Sdk-Type: typescript",
                                             "Content-Type: application/json", NULL};
    expect("missing Client-Sdk-Version",
           http("POST", "/v1/fetch_key", no_version, g_fix.body, g_fix.body_len), 400,
           "MissingRequiredHeader", -1);
    static const char *const bad_version[] = {"Client-Sdk-Type: typescript",
                                              "Client-Sdk-Version: 1.x.\xff",
                                              "Content-Type: application/json", NULL};
    expect("Client-Sdk-Version not semver (with a 0xff byte)",
           http("POST", "/v1/fetch_key", bad_version, g_fix.body, g_fix.body_len), 400,
           "InvalidSDKVersion", -1);
    static const char *const old_version[] = {"Client-Sdk-Type: typescript",
                                              "Client-Sdk-Version: 0.1.0",
                                              "Content-Type: application/json", NULL};
    expect("deprecated TypeScript SDK version",
           http("POST", "/v1/fetch_key", old_version, g_fix.body, g_fix.body_len), 426,
           "DeprecatedSDKVersion", -1);
    static const char *const text_type[] = {"Client-Sdk-Type: typescript",
                                            "Client-Sdk-Version: 1.4.12",
                                            "Content-Type: text/plain", NULL};
    expect("Content-Type text/plain",
           http("POST", "/v1/fetch_key", text_type, g_fix.body, g_fix.body_len), 415, NULL, -1);
    /* libmicrohttpd reads the path up to the NUL: /health answers; anything but a crash or a
     * hang is fine here */
    static const char req_nul[] = "GET /health\0 HTTP/1.1\r\nHost: x\r\n\r\n";
    reply r = raw(req_nul, sizeof req_nul - 1);
    expect("request line with a NUL byte (raw socket)", r, r.status > 0 ? r.status : 1, NULL, -1);
    static const char cl_huge[] =
        "POST /v1/fetch_key HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n";
    r = raw(cl_huge, sizeof cl_huge - 1);
    expect("Content-Length beyond 64 bits (raw socket)", r, r.status == 499 ? 499 : 0, NULL, -1);
    static const char two_cl[] = "POST /v1/fetch_key HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
                                 "Content-Length: 3\r\n\r\n{}";
    r = raw(two_cl, sizeof two_cl - 1);
    expect("two Content-Length headers (raw socket)", r, r.status == 499 ? 499 : 0, NULL, -1);
    expect("GET on /v1/fetch_key", http("GET", "/v1/fetch_key", SDK_HEADERS, NULL, 0), 0, NULL, -1);
    /* and the server still works */
    expect("valid request after all of the above", post(g_fix.body, g_fix.body_len), 200, NULL, 1);

    kill(g_pid, SIGTERM);
    int status = 0;
    SRVFIX_CHECK(waitpid(g_pid, &status, 0) == g_pid);
    bool clean = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    fclose(g_out);
    printf("%s server stopped on SIGTERM with exit status 0\n", clean ? "ok  " : "FAIL");
    srvfix_free(&g_fix);
    curl_global_cleanup();
    printf("%d cases, %d failed\n", g_cases, g_failed + (clean ? 0 : 1));
    return g_failed == 0 && clean ? 0 : 1;
}
