/* The key server's HTTP layer (src/server/server_http.c): started in process on 127.0.0.1 port 0
 * with a real core on a temporary embedded ledger, driven with libcurl and raw sockets. Every
 * hostile input is followed by a /health check. */
#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"
#include "seal/bcs.h"
#include "seal/chain.h"
#include "seal/elgamal.h"
#include "seal/keys.h"
#include "seal/ledger.h"
#include "seal/sui.h"
#include "seal/sui_sig.h"
#include "seal/util.h"
#include "server/server.h"
#include "server/server_http_internal.h"

static char g_dir[64];
static seal_chain *g_chain;
static seal_server_config g_cfg;
static seal_server *g_core;

/* ---- fixture ------------------------------------------------------------------------------- */

static int setup(void **state) {
    (void)state;
    char path[160], yaml[2048], hex[65], spec[128];
    uint8_t msk[32], pk[96];
    if (!tu_tempdir(g_dir, sizeof g_dir, "seal_srvhttp_")) {
        return -1;
    }
    snprintf(spec, sizeof spec, "embedded:%s", g_dir);
    seal_chain_options copts;
    memset(&copts, 0, sizeof copts);
    copts.create = true;
    if (seal_chain_open(&g_chain, spec, &copts) != SEAL_OK) {
        return -1;
    }
    if (seal_keys_generate(msk, pk, NULL) != SEAL_OK) {
        return -1;
    }
    seal_hex_encode(hex, msk, 32);
    snprintf(path, sizeof path, "%s/ks.key", g_dir);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0 || dprintf(fd, "0x%s\n", hex) < 0) {
        return -1;
    }
    close(fd);
    seal_memzero(msk, sizeof msk);
    seal_memzero(hex, sizeof hex);
    seal_hex_encode(hex, SEAL_LEDGER_SEAL_PACKAGE, 32);
    snprintf(yaml, sizeof yaml,
             "network: !Devnet\n"
             "  seal_package: 0x%s\n"
             "server_mode: !Open\n"
             "  key_server_object_id: 0x00000000000000000000000000000000000000000000000000000000"
             "0000abcd\n"
             "chain: %s\n"
             "listen: 127.0.0.1:0\n"
             "metrics_host_port: 127.0.0.1:0\n"
             "threads: 2\n"
             "master_key_file: %s\n",
             hex, spec, path);
    snprintf(path, sizeof path, "%s/server.yaml", g_dir);
    FILE *f = fopen(path, "w");
    if (f == NULL || fputs(yaml, f) < 0) {
        return -1;
    }
    fclose(f);
    char err[256] = "";
    if (seal_server_config_load(&g_cfg, path, err, sizeof err) != SEAL_OK) {
        fprintf(stderr, "config: %s\n", err);
        return -1;
    }
    if (seal_server_create(&g_core, &g_cfg, g_chain) != SEAL_OK) {
        return -1;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    return 0;
}

static int teardown(void **state) {
    (void)state;
    seal_server_free(g_core);
    seal_chain_close(g_chain);
    seal_server_config_clear(&g_cfg);
    if (tu_rmtree(g_dir) != 0) {
        return -1;
    }
    curl_global_cleanup();
    return 0;
}

static seal_server_http *start(const seal_server_config *cfg, const seal_server_http_options *o) {
    seal_server_http *h = NULL;
    char err[256] = "";
    seal_server_http_options def;
    memset(&def, 0, sizeof def);
    def.log_fd = -1;
    seal_err e =
        seal_server_http_start_opts(&h, g_core, cfg, o != NULL ? o : &def, err, sizeof err);
    if (e != SEAL_OK) {
        fprintf(stderr, "start: %s\n", err);
    }
    assert_int_equal(e, SEAL_OK);
    assert_true(seal_server_http_port(h) != 0);
    return h;
}

static void sleep_ms(long ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* ---- libcurl client ------------------------------------------------------------------------ */

typedef struct http_result {
    long status;
    char body[65536];
    size_t body_len;
    char headers[16384];
    size_t headers_len;
    CURLcode code;
} http_result;

static size_t on_body(char *p, size_t sz, size_t n, void *ud) {
    http_result *r = ud;
    size_t len = sz * n;
    size_t room = sizeof r->body - 1 - r->body_len;
    size_t k = len < room ? len : room;
    memcpy(r->body + r->body_len, p, k);
    r->body_len += k;
    r->body[r->body_len] = '\0';
    return len;
}

static size_t on_header(char *p, size_t sz, size_t n, void *ud) {
    http_result *r = ud;
    size_t len = sz * n;
    size_t room = sizeof r->headers - 1 - r->headers_len;
    size_t k = len < room ? len : room;
    memcpy(r->headers + r->headers_len, p, k);
    r->headers_len += k;
    r->headers[r->headers_len] = '\0';
    return len;
}

/* headers: NULL-terminated list of "Name: value". body NULL: no body. */
static http_result *req(uint16_t port, const char *method, const char *path,
                        const char *const *headers, const void *body, size_t body_len) {
    http_result *r = calloc(1, sizeof *r);
    assert_non_null(r);
    char url[512];
    snprintf(url, sizeof url, "http://127.0.0.1:%u%s", (unsigned)port, path);
    CURL *c = curl_easy_init();
    assert_non_null(c);
    struct curl_slist *hl = NULL;
    for (size_t i = 0; headers != NULL && headers[i] != NULL; i++) {
        hl = curl_slist_append(hl, headers[i]);
    }
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    if (strcmp(method, "HEAD") == 0) {
        curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    }
    if (body != NULL) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
    }
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 10000L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    r->code = curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
    curl_slist_free_all(hl);
    curl_easy_cleanup(c);
    return r;
}

static http_result *get(uint16_t port, const char *path) {
    return req(port, "GET", path, NULL, NULL, 0);
}

/* The value of a response header (case-insensitive name), copied into buf, or NULL. */
static const char *hdr(const http_result *r, const char *name, char *buf, size_t cap) {
    size_t nl = strlen(name);
    const char *p = r->headers;
    while (*p != '\0') {
        const char *eol = strstr(p, "\r\n");
        size_t ll = eol != NULL ? (size_t)(eol - p) : strlen(p);
        if (ll > nl && strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
            const char *v = p + nl + 1;
            while (*v == ' ') {
                v++;
            }
            size_t vl = ll - (size_t)(v - p);
            if (vl >= cap) {
                vl = cap - 1;
            }
            memcpy(buf, v, vl);
            buf[vl] = '\0';
            return buf;
        }
        if (eol == NULL) {
            break;
        }
        p = eol + 2;
    }
    return NULL;
}

static void assert_healthy(uint16_t port) {
    http_result *r = get(port, "/health");
    assert_int_equal(r->code, CURLE_OK);
    assert_int_equal(r->status, 200);
    assert_non_null(strstr(r->body, "\"status\":\"up\""));
    free(r);
}

static const char *const sdk_headers[] = {"Client-Sdk-Type: typescript",
                                          "Client-Sdk-Version: 1.4.12", NULL};
static const char *const sdk_json_headers[] = {"Client-Sdk-Type: typescript",
                                               "Client-Sdk-Version: 1.4.12",
                                               "Content-Type: application/json", NULL};

/* ---- raw sockets --------------------------------------------------------------------------- */

static int raw_connect(uint16_t port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static void raw_send(int fd, const char *s, size_t n) {
    size_t off = 0;
    while (off < n) {
        ssize_t k = send(fd, s + off, n - off, MSG_NOSIGNAL);
        assert_true(k > 0);
        off += (size_t)k;
    }
}

/* Reads until the peer closes, a complete response (headers + Content-Length body) arrived, or
 * timeout_ms passed. Returns the bytes read (NUL-terminated in buf); *closed tells whether the
 * peer closed or reset the connection. */
static size_t raw_read(int fd, char *buf, size_t cap, int timeout_ms, bool *closed) {
    size_t len = 0;
    double end = tu_now_s() + timeout_ms / 1000.0;
    *closed = false;
    buf[0] = '\0';
    for (;;) {
        int left = (int)((end - tu_now_s()) * 1000);
        if (left <= 0) {
            break;
        }
        struct pollfd p = {fd, POLLIN, 0};
        if (poll(&p, 1, left) <= 0) {
            continue;
        }
        ssize_t k = recv(fd, buf + len, cap - 1 - len, 0);
        if (k <= 0) {
            *closed = true;
            break;
        }
        len += (size_t)k;
        buf[len] = '\0';
        char *eoh = strstr(buf, "\r\n\r\n");
        if (eoh != NULL) {
            const char *cl = strcasestr(buf, "Content-Length:");
            size_t want = cl != NULL ? (size_t)strtoul(cl + 15, NULL, 10) : 0;
            if (len >= (size_t)(eoh + 4 - buf) + want) {
                break;
            }
        }
    }
    return len;
}

/* ---- a valid signed fetch_key request ------------------------------------------------------ */

/* The JSON body of a request for k ids u64_le(first_t + i) under the patterns package's
 * tle::seal_approve (released: the ledger's clock is past every such T), signed by a fresh user
 * and session key. malloc'd. */
static char *signed_fetch_body(uint64_t first_t, size_t k) {
    uint8_t ptb[4096], reqb[4400], esk[32], ek[48], evk[96], user_addr[32], rsig[64];
    seal_sui_keypair user, session;
    assert_int_equal(seal_sui_keypair_generate(&user, SEAL_SUI_SCHEME_ED25519, NULL), SEAL_OK);
    assert_int_equal(seal_sui_keypair_generate(&session, SEAL_SUI_SCHEME_ED25519, NULL), SEAL_OK);
    assert_int_equal(seal_elgamal_keygen(esk, ek, evk, NULL), SEAL_OK);
    seal_sui_keypair_address(user_addr, &user);
    seal_bcs_writer w;
    seal_bcs_writer_init(&w, ptb, sizeof ptb);
    seal_bcs_write_uleb128(&w, k + 1);
    for (size_t i = 0; i < k; i++) {
        uint8_t id[9] = {8};
        for (int b = 0; b < 8; b++) {
            id[1 + b] = (uint8_t)((first_t + i) >> (8 * b));
        }
        seal_bcs_write_u8(&w, 0);
        seal_bcs_write_bytes(&w, id, sizeof id);
    }
    seal_bcs_write_u8(&w, 1);
    seal_bcs_write_u8(&w, 1);
    seal_bcs_write_fixed(&w, SEAL_LEDGER_CLOCK_ID, 32);
    seal_bcs_write_u64(&w, 1);
    seal_bcs_write_u8(&w, 0);
    seal_bcs_write_uleb128(&w, k);
    for (size_t i = 0; i < k; i++) {
        seal_bcs_write_u8(&w, 0);
        seal_bcs_write_fixed(&w, SEAL_LEDGER_PATTERNS_PACKAGE, 32);
        seal_bcs_write_bytes(&w, (const uint8_t *)"tle", 3);
        seal_bcs_write_bytes(&w, (const uint8_t *)"seal_approve", 12);
        seal_bcs_write_uleb128(&w, 0);
        seal_bcs_write_uleb128(&w, 2);
        seal_bcs_write_u8(&w, 1);
        seal_bcs_write_u16(&w, (uint16_t)i);
        seal_bcs_write_u8(&w, 1);
        seal_bcs_write_u16(&w, (uint16_t)k);
    }
    assert_int_equal(seal_bcs_writer_finish(&w), SEAL_OK);
    size_t ptb_len = w.len;
    seal_bcs_writer_init(&w, reqb, sizeof reqb);
    seal_sui_request_bytes_write(&w, ptb, ptb_len, ek, evk);
    assert_int_equal(seal_bcs_writer_finish(&w), SEAL_OK);
    assert_int_equal(seal_sui_ed25519_sign(rsig, session.secret, reqb, w.len), SEAL_OK);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t creation = (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u - 1000u;
    char msg[SEAL_SUI_CERT_MESSAGE_MAX];
    size_t msg_len = 0, cert_sig_len = 0;
    uint8_t cert_sig[SEAL_SUI_SIMPLE_SIGNATURE_MAX_BYTES];
    assert_int_equal(seal_sui_certificate_message_for_package(msg, sizeof msg, &msg_len,
                                                              SEAL_LEDGER_PATTERNS_PACKAGE,
                                                              session.pk.bytes, creation, 10),
                     SEAL_OK);
    assert_int_equal(seal_sui_sign_personal_message(cert_sig, &cert_sig_len, &user,
                                                    (const uint8_t *)msg, msg_len),
                     SEAL_OK);
    char user_hex[SEAL_SUI_ADDRESS_HEX_BYTES], vk64[64], sig64[160], ek64[80], evk64[160],
        rsig64[100], ptb64[6000];
    seal_sui_address_format(user_hex, user_addr);
    seal_sui_base64_encode(vk64, session.pk.bytes, 32);
    seal_sui_base64_encode(sig64, cert_sig, cert_sig_len);
    seal_sui_base64_encode(ek64, ek, 48);
    seal_sui_base64_encode(evk64, evk, 96);
    seal_sui_base64_encode(rsig64, rsig, 64);
    seal_sui_base64_encode(ptb64, ptb, ptb_len);
    char *body = malloc(8192);
    assert_non_null(body);
    snprintf(body, 8192,
             "{\"ptb\":\"%s\",\"enc_key\":\"%s\",\"enc_verification_key\":\"%s\","
             "\"request_signature\":\"%s\",\"certificate\":{\"user\":\"%s\","
             "\"session_vk\":\"%s\",\"creation_time\":%llu,\"ttl_min\":10,"
             "\"signature\":\"%s\",\"mvr_name\":null}}",
             ptb64, ek64, evk64, rsig64, user_hex, vk64, (unsigned long long)creation, sig64);
    seal_sui_keypair_clear(&user);
    seal_sui_keypair_clear(&session);
    seal_memzero(esk, sizeof esk);
    return body;
}

/* ---- tests --------------------------------------------------------------------------------- */

static void test_health_and_cors(void **state) {
    (void)state;
    seal_server_http *h = start(&g_cfg, NULL);
    uint16_t port = seal_server_http_port(h);
    char b[256];
    http_result *r = get(port, "/health");
    assert_int_equal(r->status, 200);
    assert_non_null(strstr(r->body, "key-server"));
    assert_string_equal(hdr(r, "Access-Control-Allow-Origin", b, sizeof b), "*");
    assert_string_equal(hdr(r, "Access-Control-Expose-Headers", b, sizeof b), "*");
    assert_null(hdr(r, "X-KeyServer-Version", b, sizeof b)); /* not on /health */
    free(r);

    /* preflight */
    const char *const pre[] = {"Origin: https://app.example", "Access-Control-Request-Method: POST",
                               "Access-Control-Request-Headers: content-type,client-sdk-version",
                               NULL};
    r = req(port, "OPTIONS", "/v1/fetch_key", pre, NULL, 0);
    assert_int_equal(r->status, 200);
    assert_int_equal(r->body_len, 0);
    assert_string_equal(hdr(r, "Access-Control-Allow-Origin", b, sizeof b), "*");
    assert_string_equal(hdr(r, "Access-Control-Allow-Methods", b, sizeof b), "*");
    assert_string_equal(hdr(r, "Access-Control-Allow-Headers", b, sizeof b), "*");
    assert_non_null(hdr(r, "Vary", b, sizeof b));
    free(r);

    /* an OPTIONS that is not a preflight goes to the core like any request */
    r = req(port, "OPTIONS", "/health", NULL, NULL, 0);
    assert_null(hdr(r, "Access-Control-Allow-Methods", b, sizeof b));
    assert_string_equal(hdr(r, "Access-Control-Allow-Origin", b, sizeof b), "*");
    free(r);
    seal_server_http_stop(h, 1000);
}

static void test_version_headers_on_errors(void **state) {
    (void)state;
    seal_server_http *h = start(&g_cfg, NULL);
    uint16_t port = seal_server_http_port(h);
    char b[256];
    /* an error of the core: no Client-Sdk-Version, 400 MissingRequiredHeader */
    const char *const json_only[] = {"Content-Type: application/json", NULL};
    http_result *r0 = req(port, "POST", "/v1/fetch_key", json_only, "{}", 2);
    assert_int_equal(r0->status, 400);
    assert_non_null(strstr(r0->body, "MissingRequiredHeader"));
    assert_string_equal(hdr(r0, "X-KeyServer-Version", b, sizeof b), SEAL_SERVER_VERSION);
    assert_non_null(hdr(r0, "X-KeyServer-GitVersion", b, sizeof b));
    assert_string_equal(hdr(r0, "Access-Control-Allow-Origin", b, sizeof b), "*");
    free(r0);
    /* an error of this layer on /v1/... (413 below the core) */
    char *big = malloc(181 * 1024);
    assert_non_null(big);
    memset(big, 'a', 181 * 1024);
    http_result *r = req(port, "POST", "/v1/fetch_key", sdk_json_headers, big, 181 * 1024);
    assert_int_equal(r->status, 413);
    assert_string_equal(hdr(r, "X-KeyServer-Version", b, sizeof b), SEAL_SERVER_VERSION);
    assert_non_null(hdr(r, "X-KeyServer-GitVersion", b, sizeof b));
    assert_string_equal(hdr(r, "Access-Control-Allow-Origin", b, sizeof b), "*");
    free(r);
    /* not on other paths */
    r = req(port, "POST", "/other", sdk_json_headers, big, 181 * 1024);
    assert_int_equal(r->status, 413);
    assert_null(hdr(r, "X-KeyServer-Version", b, sizeof b));
    free(r);
    free(big);
    assert_healthy(port);
    seal_server_http_stop(h, 1000);
}

static void test_body_limit(void **state) {
    (void)state;
    seal_server_http *h = start(&g_cfg, NULL);
    uint16_t port = seal_server_http_port(h);
    size_t n = 181 * 1024;
    char *big = malloc(n);
    assert_non_null(big);
    memset(big, ' ', n);
    big[0] = '{';
    big[n - 1] = '}';
    /* with Content-Length: refused before the body is read */
    http_result *r = req(port, "POST", "/v1/fetch_key", sdk_json_headers, big, n);
    assert_int_equal(r->status, 413);
    free(r);
    /* chunked (no Content-Length): buffered up to the limit, then refused */
    const char *const chunked[] = {"Client-Sdk-Type: typescript", "Client-Sdk-Version: 1.4.12",
                                   "Content-Type: application/json", "Transfer-Encoding: chunked",
                                   NULL};
    r = req(port, "POST", "/v1/fetch_key", chunked, big, n);
    assert_int_equal(r->status, 413);
    free(r);
    /* exactly the limit passes the HTTP layer (the core then judges the JSON) */
    r = req(port, "POST", "/v1/fetch_key", sdk_json_headers, big, SEAL_SERVER_BODY_MAX_BYTES);
    assert_int_not_equal(r->status, 413);
    assert_true(r->status >= 400 && r->status < 500);
    free(r);
    /* a lying Content-Length (not a number) */
    int fd = raw_connect(port);
    const char *bad =
        "POST /v1/fetch_key HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999"
        "\r\n\r\n";
    raw_send(fd, bad, strlen(bad));
    char buf[4096];
    bool closed;
    raw_read(fd, buf, sizeof buf, 3000, &closed);
    assert_true(strncmp(buf, "HTTP/1.1 4", 10) == 0 || closed);
    close(fd);
    free(big);
    assert_healthy(port);
    seal_server_http_stop(h, 1000);
}

static void test_content_type_and_malformed_bodies(void **state) {
    (void)state;
    seal_server_http *h = start(&g_cfg, NULL);
    uint16_t port = seal_server_http_port(h);
    const char *const text_plain[] = {"Client-Sdk-Type: typescript", "Client-Sdk-Version: 1.4.12",
                                      "Content-Type: text/plain", NULL};
    http_result *r0 = req(port, "POST", "/v1/fetch_key", text_plain, "{}", 2);
    assert_int_equal(r0->status, 415); /* the JSON extractor's answer, as upstream */
    free(r0);
    assert_healthy(port);
    static const char *const bodies[] = {
        "{not json", "", "[1,2,3]", "{\"ptb\": 5}", "\"\\u0000\"", "{\"ptb\":\"AAAA\"}"};
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        http_result *r =
            req(port, "POST", "/v1/fetch_key", sdk_json_headers, bodies[i], strlen(bodies[i]));
        assert_int_equal(r->code, CURLE_OK);
        assert_true(r->status >= 400 && r->status < 500);
        free(r);
        assert_healthy(port);
    }
    /* a NUL byte in the middle of the body */
    http_result *r = req(port, "POST", "/v1/fetch_key", sdk_json_headers, "{\"a\0\":1}", 8);
    assert_true(r->status >= 400 && r->status < 500);
    free(r);
    assert_healthy(port);
    seal_server_http_stop(h, 1000);
}

static void test_hostile_requests(void **state) {
    (void)state;
    seal_server_http_options o;
    memset(&o, 0, sizeof o);
    o.log_fd = -1;
    o.request_timeout_ms = 1500; /* what the parser leaves waiting is cut by the deadline */
    seal_server_http *h = start(&g_cfg, &o);
    uint16_t port = seal_server_http_port(h);
    char buf[8192];
    bool closed;
    static const char *const garbage[] = {
        "BLAH\r\n\r\n",
        "GET /health HTTP/9.9\r\n\r\n",
        "GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
        "POST /v1/fetch_key HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        "\x00\x01\x02\x03\r\n\r\n",
        "GET /health HTTP/1.1\r\nHost: x\r\nBad Header Without Colon\r\n\r\n",
    };
    for (size_t i = 0; i < sizeof garbage / sizeof garbage[0]; i++) {
        int fd = raw_connect(port);
        assert_true(fd >= 0);
        raw_send(fd, garbage[i], i == 4 ? 8 : strlen(garbage[i]));
        raw_read(fd, buf, sizeof buf, 5000, &closed);
        /* either an HTTP error or a closed connection, never a hang */
        if (!closed && strncmp(buf, "HTTP/1.", 7) != 0) {
            fail_msg("garbage %zu: neither answered nor closed (%.40s)", i, buf);
        }
        close(fd);
        assert_healthy(port);
    }
    /* 150 headers (more than the core is given) and one 70 KB header line */
    char *many = malloc(200000);
    assert_non_null(many);
    size_t len = (size_t)sprintf(many, "GET /health HTTP/1.1\r\nHost: x\r\n");
    for (int i = 0; i < 150; i++) {
        len += (size_t)sprintf(many + len, "X-H%d: v\r\n", i);
    }
    len += (size_t)sprintf(many + len, "\r\n");
    int fd = raw_connect(port);
    raw_send(fd, many, len);
    raw_read(fd, buf, sizeof buf, 3000, &closed);
    assert_true(strncmp(buf, "HTTP/1.1 431", 12) == 0 || strncmp(buf, "HTTP/1.1 4", 10) == 0);
    close(fd);
    len = (size_t)sprintf(many, "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ");
    memset(many + len, 'b', 70000);
    len += 70000;
    len += (size_t)sprintf(many + len, "\r\n\r\n");
    fd = raw_connect(port);
    send(fd, many, len, MSG_NOSIGNAL); /* the server may stop reading */
    raw_read(fd, buf, sizeof buf, 3000, &closed);
    assert_true(closed || strncmp(buf, "HTTP/1.1 4", 10) == 0);
    close(fd);
    free(many);
    assert_healthy(port);
    seal_server_http_stop(h, 1000);
}

static void test_slowloris(void **state) {
    (void)state;
    seal_server_http_options o;
    memset(&o, 0, sizeof o);
    o.log_fd = -1;
    o.request_timeout_ms = 1500;
    seal_server_http *h = start(&g_cfg, &o);
    uint16_t port = seal_server_http_port(h);
    const char *slow =
        "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaa\r\n\r\n";
    int fd = raw_connect(port);
    double t0 = tu_now_s();
    size_t sent = 0;
    bool cut = false;
    char buf[1024];
    /* one byte every 250 ms (the inactivity timeout alone would never fire) */
    while (sent < strlen(slow) && tu_now_s() - t0 < 8) {
        if (send(fd, slow + sent, 1, MSG_NOSIGNAL) != 1) {
            cut = true;
            break;
        }
        sent++;
        struct pollfd p = {fd, POLLIN, 0};
        if (poll(&p, 1, 250) > 0) {
            ssize_t k = recv(fd, buf, sizeof buf, 0);
            assert_true(k <= 0); /* no response: the connection is closed */
            cut = true;
            break;
        }
        if (sent % 2 == 0) {
            assert_healthy(port); /* other clients are served meanwhile */
        }
    }
    double dt = tu_now_s() - t0;
    assert_true(cut);
    assert_true(sent < strlen(slow));
    assert_true(dt >= 1.4 && dt < 4.0);
    close(fd);
    assert_healthy(port);

    /* a slow body is cut the same way */
    fd = raw_connect(port);
    const char *head =
        "POST /v1/fetch_key HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Client-Sdk-Version: 1.4.12\r\nContent-Length: 50\r\n\r\n{";
    raw_send(fd, head, strlen(head));
    bool closed;
    t0 = tu_now_s();
    raw_read(fd, buf, sizeof buf, 5000, &closed);
    assert_true(closed);
    assert_true(tu_now_s() - t0 < 4.0);
    close(fd);
    assert_healthy(port);
    seal_server_http_stop(h, 1000);
}

static long metric_value(uint16_t mport, const char *line_prefix) {
    http_result *r = get(mport, "/metrics");
    assert_int_equal(r->status, 200);
    long v = -1;
    char needle[256];
    snprintf(needle, sizeof needle, "\n%s", line_prefix); /* a sample line, not # HELP */
    const char *p = strstr(r->body, needle);
    if (p != NULL) {
        v = strtol(p + strlen(needle), NULL, 10);
    }
    free(r);
    return v;
}

static void test_rate_limit(void **state) {
    (void)state;
    seal_server_config *cfg = malloc(sizeof *cfg);
    assert_non_null(cfg);
    memcpy(cfg, &g_cfg, sizeof *cfg);
    cfg->rate_limit_per_ip_per_s = 1;
    cfg->rate_limit_burst = 3;
    seal_server_http *h = start(cfg, NULL);
    uint16_t port = seal_server_http_port(h);
    char b[128];
    int limited = 0, passed = 0;
    double t0 = tu_now_s();
    for (int i = 0; i < 12; i++) {
        http_result *r = req(port, "GET", "/v1/service?service_id=0x1", sdk_headers, NULL, 0);
        if (r->status == 429) {
            limited++;
            assert_non_null(strstr(r->body, "\"error\":\"TooManyRequests\""));
            assert_string_equal(hdr(r, "X-KeyServer-Version", b, sizeof b), SEAL_SERVER_VERSION);
            assert_string_equal(hdr(r, "Content-Type", b, sizeof b), "application/json");
        } else {
            passed++;
        }
        free(r);
    }
    double elapsed = tu_now_s() - t0;
    /* burst 3, one more token a second: at most 3 + elapsed + 1 pass, whatever the machine's
     * speed; the first 3 always pass */
    assert_true(passed >= 3);
    assert_true((double)passed <= 4.0 + elapsed);
    assert_true(elapsed > 8.0 || limited >= 1);
    assert_healthy(port); /* /health is not limited */
    assert_true(metric_value(seal_server_http_metrics_port(h),
                             "http_requests_total{route=\"/v1/service\",status=\"429\"} ") ==
                limited);
    sleep_ms(1100);
    http_result *r = req(port, "GET", "/v1/service?service_id=0x1", sdk_headers, NULL, 0);
    assert_int_not_equal(r->status, 429);
    free(r);
    seal_server_http_stop(h, 1000);
    seal_memzero(cfg, sizeof *cfg);
    free(cfg);
}

typedef struct partial {
    uint16_t port;
    int fd;
} partial;

/* Sends the headers and the first byte of a 20-byte fetch_key body: the request is in flight. */
static int partial_start(uint16_t port) {
    int fd = raw_connect(port);
    assert_true(fd >= 0);
    const char *head =
        "POST /v1/fetch_key HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Client-Sdk-Type: typescript\r\nClient-Sdk-Version: 1.4.12\r\n"
        "Content-Length: 20\r\n\r\n{";
    raw_send(fd, head, strlen(head));
    return fd;
}

static void partial_finish(int fd) {
    const char *rest = "\"ptb\":\"\",\"xy\":1000}"; /* 19 bytes: completes the body */
    raw_send(fd, rest, strlen(rest));
}

static void wait_in_flight(uint16_t mport, long want) {
    for (int i = 0; i < 200; i++) {
        if (metric_value(mport, "http_request_in_flight{route=\"/v1/fetch_key\"} ") == want) {
            return;
        }
        sleep_ms(10);
    }
    fail_msg("in-flight gauge never reached %ld", want);
}

static void test_in_flight_cap(void **state) {
    (void)state;
    seal_server_config *cfg = malloc(sizeof *cfg);
    assert_non_null(cfg);
    memcpy(cfg, &g_cfg, sizeof *cfg);
    cfg->max_in_flight = 1;
    cfg->threads = 2;
    seal_server_http *h = start(cfg, NULL);
    uint16_t port = seal_server_http_port(h), mport = seal_server_http_metrics_port(h);
    int fd = partial_start(port);
    wait_in_flight(mport, 1);
    http_result *r = req(port, "GET", "/v1/service?service_id=0x1", sdk_headers, NULL, 0);
    assert_int_equal(r->status, 503);
    assert_non_null(strstr(r->body, "\"error\":\"Failure\""));
    free(r);
    assert_healthy(port); /* /health is not capped */
    partial_finish(fd);
    char buf[4096];
    bool closed;
    raw_read(fd, buf, sizeof buf, 5000, &closed);
    assert_true(strncmp(buf, "HTTP/1.1 4", 10) == 0); /* the core judged it (bad request) */
    close(fd);
    wait_in_flight(mport, 0);
    r = req(port, "GET", "/v1/service?service_id=0x1", sdk_headers, NULL, 0);
    assert_int_not_equal(r->status, 503);
    free(r);
    seal_server_http_stop(h, 1000);
    seal_memzero(cfg, sizeof *cfg);
    free(cfg);
}

typedef struct stopper {
    seal_server_http *h;
    uint32_t grace;
    double took;
} stopper;

static void *stop_thread(void *arg) {
    stopper *s = arg;
    double t0 = tu_now_s();
    seal_server_http_stop(s->h, s->grace);
    s->took = tu_now_s() - t0;
    return NULL;
}

static void test_graceful_stop(void **state) {
    (void)state;
    seal_server_http *h = start(&g_cfg, NULL);
    uint16_t port = seal_server_http_port(h), mport = seal_server_http_metrics_port(h);
    int fd = partial_start(port);
    wait_in_flight(mport, 1);
    stopper s = {h, 5000, 0};
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, stop_thread, &s), 0);
    sleep_ms(300);
    int fd2 = raw_connect(port); /* no longer accepting */
    assert_true(fd2 < 0);
    partial_finish(fd);
    char buf[4096];
    bool closed;
    raw_read(fd, buf, sizeof buf, 5000, &closed);
    assert_true(strncmp(buf, "HTTP/1.1 4", 10) == 0); /* answered, not cut */
    assert_non_null(strcasestr(buf, "Connection: close"));
    close(fd);
    pthread_join(t, NULL);
    assert_true(s.took < 4.0); /* returned when the request finished, not at the grace end */

    /* a request that never finishes: stop returns after the grace period */
    h = start(&g_cfg, NULL);
    port = seal_server_http_port(h);
    mport = seal_server_http_metrics_port(h);
    fd = partial_start(port);
    wait_in_flight(mport, 1);
    double t0 = tu_now_s();
    seal_server_http_stop(h, 300);
    double took = tu_now_s() - t0;
    assert_true(took >= 0.29 && took < 3.0);
    close(fd);
}

static void test_metrics(void **state) {
    (void)state;
    seal_server_http *h = start(&g_cfg, NULL);
    uint16_t port = seal_server_http_port(h), mport = seal_server_http_metrics_port(h);
    assert_true(mport != 0 && mport != port);
    for (int i = 0; i < 3; i++) {
        assert_healthy(port);
    }
    http_result *r = req(port, "POST", "/v1/fetch_key", sdk_json_headers, "{bad", 4);
    unsigned bad_status = (unsigned)r->status;
    free(r);
    r = get(port, "/nowhere");
    unsigned unknown_status = (unsigned)r->status;
    free(r);
    /* A request is counted, and leaves the in-flight gauge, in the HTTP library's completion
     * callback, which may run after the client read the answer: read the metrics until the
     * last request shows (5 s at most), then check everything. */
    for (int tries = 0;; tries++) {
        r = get(mport, "/metrics");
        assert_int_equal(r->status, 200);
        if ((strstr(r->body, "http_request_in_flight{route=\"/v1/fetch_key\"} 0\n") != NULL &&
             strstr(r->body, "http_requests_total{route=\"unknown\"") != NULL) ||
            tries == 100) {
            break;
        }
        free(r);
        struct timespec pause = {0, 50 * 1000000L};
        nanosleep(&pause, NULL);
    }
    char b[128], line[256];
    assert_non_null(strstr(hdr(r, "Content-Type", b, sizeof b), "text/plain"));
    assert_non_null(strstr(r->body, "http_requests_total{route=\"/health\",status=\"200\"} 3\n"));
    snprintf(line, sizeof line, "http_requests_total{route=\"/v1/fetch_key\",status=\"%u\"} 1\n",
             bad_status);
    assert_non_null(strstr(r->body, line));
    snprintf(line, sizeof line, "http_requests_total{route=\"unknown\",status=\"%u\"} 1\n",
             unknown_status);
    assert_non_null(strstr(r->body, line));
    assert_non_null(strstr(r->body, "total_requests 1\n"));
    assert_non_null(strstr(r->body, "key_server_version{version=\"" SEAL_SERVER_VERSION "\"} 1\n"));
    assert_non_null(strstr(
        r->body, "http_request_duration_millis_count{route=\"/health\",status=\"200\"} 3\n"));
    assert_non_null(strstr(
        r->body,
        "http_request_duration_millis_bucket{route=\"/health\",status=\"200\",le=\"+Inf\"} 3\n"));
    assert_non_null(strstr(r->body, "http_request_in_flight{route=\"/v1/fetch_key\"} 0\n"));
    assert_non_null(
        strstr(r->body, "client_sdk_version{sdk_type=\"typescript\",version=\"1.4.12\"}"));
    assert_non_null(strstr(r->body, "\nuptime "));
    assert_non_null(strstr(r->body, "# TYPE http_request_duration_millis histogram\n"));
    assert_non_null(strstr(r->body, "# TYPE check_policy_duration histogram\n"));
    assert_non_null(strstr(r->body, "\nfetch_pkg_ids_duration_bucket{le=\"+Inf\"} "));
    assert_non_null(strstr(r->body, "\nrequests_failed_due_to_staleness 0\n"));
    free(r);
    r = get(mport, "/other");
    assert_int_equal(r->status, 404);
    free(r);
    seal_server_http_stop(h, 1000);
}

static void test_log_lines(void **state) {
    (void)state;
    char path[160];
    snprintf(path, sizeof path, "%s/log.jsonl", g_dir);
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    seal_server_http_options o;
    memset(&o, 0, sizeof o);
    o.log_fd = fd;
    seal_server_http *h = start(&g_cfg, &o);
    uint16_t port = seal_server_http_port(h);
    const char *const hs[] = {"Request-Id: abc\"\\\x01-42", "Client-Sdk-Type: typescript",
                              "Client-Sdk-Version: 1.4.12", "Content-Type: application/json", NULL};
    http_result *r = req(port, "POST", "/v1/fetch_key", hs, "{\"secret\":\"s3cr3t\"}", 19);
    unsigned status = (unsigned)r->status;
    free(r);
    assert_healthy(port);
    seal_server_http_stop(h, 1000);
    close(fd);

    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[4096];
    int n = 0, requests = 0;
    bool saw_start = false, saw_stop = false, saw_fetch = false;
    while (fgets(line, sizeof line, f) != NULL) {
        n++;
        assert_null(strstr(line, "s3cr3t")); /* bodies are never logged */
        json_error_t je;
        json_t *j = json_loads(line, 0, &je);
        assert_non_null(j); /* every line is JSON */
        const char *ev = json_string_value(json_object_get(j, "event"));
        assert_non_null(ev);
        assert_non_null(json_string_value(json_object_get(j, "time")));
        if (strcmp(ev, "start") == 0) {
            saw_start = true;
            assert_int_equal(json_integer_value(json_object_get(j, "port")), port);
        } else if (strcmp(ev, "stop") == 0) {
            saw_stop = true;
        } else if (strcmp(ev, "request") == 0) {
            requests++;
            const char *route = json_string_value(json_object_get(j, "route"));
            if (strcmp(route, "/v1/fetch_key") == 0) {
                saw_fetch = true;
                assert_string_equal(json_string_value(json_object_get(j, "request_id")),
                                    "abc\"\\\x01-42");
                assert_int_equal(json_integer_value(json_object_get(j, "status")), status);
                assert_string_equal(json_string_value(json_object_get(j, "client_ip")),
                                    "127.0.0.1");
                assert_string_equal(json_string_value(json_object_get(j, "sdk_type")),
                                    "typescript");
                assert_string_equal(json_string_value(json_object_get(j, "sdk_version")), "1.4.12");
                assert_true(json_is_real(json_object_get(j, "duration_ms")));
                assert_non_null(json_object_get(j, "error"));
            }
        }
        json_decref(j);
    }
    fclose(f);
    assert_true(saw_start && saw_stop && saw_fetch);
    assert_int_equal(requests, 2);
    assert_int_equal(n, 4);
}

static void test_bad_listen(void **state) {
    (void)state;
    seal_server_config *cfg = malloc(sizeof *cfg);
    assert_non_null(cfg);
    static const char *const bad[] = {"127.0.0.1",   "127.0.0.1:99999", "nohost.invalid:80",
                                      "127.0.0.1:x", "[::1:80",         ":80"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        memcpy(cfg, &g_cfg, sizeof *cfg);
        snprintf(cfg->listen, sizeof cfg->listen, "%s", bad[i]);
        seal_server_http *h = NULL;
        char err[256] = "";
        assert_int_not_equal(seal_server_http_start(&h, g_core, cfg, err, sizeof err), SEAL_OK);
        assert_null(h);
        assert_non_null(strstr(err, "listen"));
    }
    /* a port already in use */
    memcpy(cfg, &g_cfg, sizeof *cfg);
    seal_server_http *h1 = start(cfg, NULL);
    snprintf(cfg->listen, sizeof cfg->listen, "127.0.0.1:%u", (unsigned)seal_server_http_port(h1));
    seal_server_http *h2 = NULL;
    char err[256] = "";
    assert_int_equal(seal_server_http_start(&h2, g_core, cfg, err, sizeof err), SEAL_ERR_IO);
    assert_null(h2);
    seal_server_http_stop(h1, 100);
    seal_server_http_stop(NULL, 100);
    seal_memzero(cfg, sizeof *cfg);
    free(cfg);
}

/* Many clients at once on few threads: every answer correct. */
typedef struct hammer {
    uint16_t port;
    int ok;
} hammer;

static void *hammer_main(void *arg) {
    hammer *hm = arg;
    for (int i = 0; i < 25; i++) {
        http_result *r = get(hm->port, "/health");
        if (r->status == 200 && strstr(r->body, "\"status\":\"up\"") != NULL) {
            hm->ok++;
        }
        free(r);
    }
    return NULL;
}

static void test_concurrent_clients(void **state) {
    (void)state;
    seal_server_http *h = start(&g_cfg, NULL);
    hammer hm[8];
    pthread_t t[8];
    for (int i = 0; i < 8; i++) {
        hm[i].port = seal_server_http_port(h);
        hm[i].ok = 0;
        assert_int_equal(pthread_create(&t[i], NULL, hammer_main, &hm[i]), 0);
    }
    for (int i = 0; i < 8; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(hm[i].ok, 25);
    }
    assert_true(metric_value(seal_server_http_metrics_port(h),
                             "http_requests_total{route=\"/health\",status=\"200\"} ") == 200);
    seal_server_http_stop(h, 1000);
}

static void test_fetch_key_success(void **state) {
    (void)state;
    seal_server_http *h = start(&g_cfg, NULL);
    uint16_t port = seal_server_http_port(h), mport = seal_server_http_metrics_port(h);
    char b[128];
    static const size_t ks[] = {1, 3};
    for (size_t t = 0; t < 2; t++) {
        char *body = signed_fetch_body(100 * (t + 1), ks[t]);
        http_result *r = req(port, "POST", "/v1/fetch_key", sdk_json_headers, body, strlen(body));
        assert_int_equal(r->status, 200);
        assert_string_equal(hdr(r, "X-KeyServer-Version", b, sizeof b), SEAL_SERVER_VERSION);
        assert_string_equal(hdr(r, "Access-Control-Allow-Origin", b, sizeof b), "*");
        json_error_t je;
        json_t *j = json_loads(r->body, 0, &je);
        assert_non_null(j);
        json_t *keys = json_object_get(j, "decryption_keys");
        assert_int_equal(json_array_size(keys), ks[t]);
        for (size_t i = 0; i < ks[t]; i++) {
            json_t *id = json_object_get(json_array_get(keys, i), "id");
            /* full id = patterns package || u64_le(T) */
            assert_int_equal(json_array_size(id), 40);
            assert_int_equal(json_integer_value(json_array_get(id, 32)),
                             (100 * (t + 1) + i) & 0xff);
        }
        json_decref(j);
        free(r);
        free(body);
    }
    assert_int_equal(metric_value(mport, "total_requests "), 2);
    assert_int_equal(metric_value(mport, "requests_per_number_of_ids_count "), 2);
    assert_int_equal(metric_value(mport, "requests_per_number_of_ids_sum "), 4);
    assert_int_equal(
        metric_value(mport, "http_requests_total{route=\"/v1/fetch_key\",status=\"200\"} "), 2);
    seal_server_http_stop(h, 1000);
}

/* The metrics module alone: timings, staleness, label sanitising and bounded label sets. */
static void test_metrics_module(void **state) {
    (void)state;
    seal__metrics *m = NULL;
    assert_int_equal(seal__metrics_new(&m), SEAL_OK);
    seal__metrics_obs o;
    memset(&o, 0, sizeof o);
    o.route = SEAL__ROUTE_FETCH_KEY;
    o.status = 503;
    o.duration_ms = 3.5;
    o.error_kind = "Failure";
    o.reason = "Fullnode is stale";
    o.check_policy_us = 2500;
    o.fetch_pkg_ids_us = 40;
    o.sdk_type = "type\"script\n";
    o.sdk_version = "1.4.12";
    seal__metrics_observe(m, &o);
    for (int i = 0; i < 100; i++) { /* more SDK pairs and statuses than the tables hold */
        char v[16];
        snprintf(v, sizeof v, "9.9.%d", i);
        o.sdk_type = "rust";
        o.sdk_version = v;
        o.status = (unsigned)(200 + i);
        o.reason = NULL;
        o.check_policy_us = 0;
        o.fetch_pkg_ids_us = 0;
        seal__metrics_observe(m, &o);
    }
    char *text = NULL;
    size_t len = 0;
    assert_int_equal(seal__metrics_render(m, &text, &len), SEAL_OK);
    assert_int_equal(strlen(text), len);
    assert_non_null(strstr(text, "\ncheck_policy_duration_count 1\n"));
    assert_non_null(strstr(text, "\ncheck_policy_duration_bucket{le=\"2\"} 0\n"));
    assert_non_null(strstr(text, "\ncheck_policy_duration_bucket{le=\"5\"} 1\n"));
    assert_non_null(strstr(text, "\nfetch_pkg_ids_duration_count 1\n"));
    assert_non_null(strstr(text, "\nrequests_failed_due_to_staleness 1\n"));
    assert_non_null(strstr(text, "\ninternal_errors{internal_error_type=\"Failure\"} 101\n"));
    assert_non_null(
        strstr(text, "client_sdk_version{sdk_type=\"type_script_\",version=\"1.4.12\"} 1\n"));
    assert_non_null(strstr(text, "client_sdk_version{sdk_type=\"other\",version=\"other\"} "));
    assert_non_null(strstr(text, "http_requests_total{route=\"/v1/fetch_key\",status=\"other\"} "));
    /* bounded: 64 SDK pairs and 16 statuses per route at most */
    size_t sdk_lines = 0, status_lines = 0;
    for (const char *p = text; (p = strstr(p, "\nclient_sdk_version{")) != NULL; p++) {
        sdk_lines++;
    }
    for (const char *p = text;
         (p = strstr(p, "\nhttp_requests_total{route=\"/v1/fetch_key\"")) != NULL; p++) {
        status_lines++;
    }
    assert_int_equal(sdk_lines, 64);
    assert_int_equal(status_lines, 16);
    free(text);
    seal__metrics_free(m);
}

/* A client that closes its side before its request is handled: the core is not run, the request
 * is counted as 499, the connection is closed without an answer. */
static void test_client_gone(void **state) {
    (void)state;
    seal_server_http *h = start(&g_cfg, NULL);
    uint16_t port = seal_server_http_port(h), mport = seal_server_http_metrics_port(h);
    char *body = signed_fetch_body(7, 1);
    char *msg = malloc(strlen(body) + 512);
    assert_non_null(msg);
    int n = sprintf(msg,
                    "POST /v1/fetch_key HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    "Client-Sdk-Type: typescript\r\nClient-Sdk-Version: 1.4.12\r\n"
                    "Content-Length: %zu\r\n\r\n%s",
                    strlen(body), body);
    int gone = 0;
    for (int i = 0; i < 5; i++) {
        int fd = raw_connect(port);
        /* all but the last byte, wait until the request is in flight, then the last byte and
         * the end of the stream together */
        raw_send(fd, msg, (size_t)n - 1);
        wait_in_flight(mport, 1);
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_CORK, &one, sizeof one);
        raw_send(fd, msg + n - 1, 1);
        shutdown(fd, SHUT_WR);
        char buf[4096];
        bool closed;
        raw_read(fd, buf, sizeof buf, 5000, &closed);
        if (buf[0] == '\0') {
            gone++;
            assert_true(closed);
        }
        close(fd);
        wait_in_flight(mport, 0);
    }
    long counted =
        metric_value(mport, "http_requests_total{route=\"/v1/fetch_key\",status=\"499\"} ");
    assert_true(gone >= 1);
    assert_int_equal(counted, gone);
    assert_int_equal(metric_value(mport, "total_requests "), 5);
    free(msg);
    free(body);
    assert_healthy(port);
    seal_server_http_stop(h, 1000);
}

/* The connection limit: connections beyond it wait (in the kernel's backlog), and the request
 * deadline frees the slots of connections that never send a request. */
static void test_connection_limit(void **state) {
    (void)state;
    seal_server_http_options o;
    memset(&o, 0, sizeof o);
    o.log_fd = -1;
    o.connection_limit = 3;
    o.request_timeout_ms = 1500;
    seal_server_config *cfg = malloc(sizeof *cfg);
    assert_non_null(cfg);
    memcpy(cfg, &g_cfg, sizeof *cfg);
    cfg->threads = 1; /* libmicrohttpd splits the limit between its workers */
    seal_server_http *h = start(cfg, &o);
    uint16_t port = seal_server_http_port(h);
    int fds[3];
    for (int i = 0; i < 3; i++) {
        fds[i] = raw_connect(port);
        assert_true(fds[i] >= 0);
    }
    sleep_ms(200);
    /* the fourth connection waits in the listen backlog until the deadline of the idle ones
     * frees a slot */
    double t0 = tu_now_s();
    http_result *r = get(port, "/health");
    double waited = tu_now_s() - t0;
    assert_int_equal(r->code, CURLE_OK);
    assert_int_equal(r->status, 200);
    assert_true(waited > 1.0);
    free(r);
    for (int i = 0; i < 3; i++) {
        char buf[64];
        bool closed;
        raw_read(fds[i], buf, sizeof buf, 1000, &closed);
        assert_true(closed);
        close(fds[i]);
    }
    assert_healthy(port);
    seal_server_http_stop(h, 1000);
    seal_memzero(cfg, sizeof *cfg);
    free(cfg);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_health_and_cors),
        cmocka_unit_test(test_version_headers_on_errors),
        cmocka_unit_test(test_body_limit),
        cmocka_unit_test(test_content_type_and_malformed_bodies),
        cmocka_unit_test(test_hostile_requests),
        cmocka_unit_test(test_slowloris),
        cmocka_unit_test(test_rate_limit),
        cmocka_unit_test(test_in_flight_cap),
        cmocka_unit_test(test_graceful_stop),
        cmocka_unit_test(test_metrics),
        cmocka_unit_test(test_log_lines),
        cmocka_unit_test(test_bad_listen),
        cmocka_unit_test(test_concurrent_clients),
        cmocka_unit_test(test_fetch_key_success),
        cmocka_unit_test(test_metrics_module),
        cmocka_unit_test(test_client_gone),
        cmocka_unit_test(test_connection_limit),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
