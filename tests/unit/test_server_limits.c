/* The key server's overload limits (src/server/server_http_rate.c, server_http.c): the per-client
 * rate limiter's key (IPv6 prefix, IPv4-mapped addresses), its bounded table (eviction cannot
 * hand a throttled client a fresh bucket), and the in-flight cap under contention, both on the
 * admission primitive and through the HTTP layer with many simultaneous requests. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"
#include "seal/chain.h"
#include "seal/keys.h"
#include "seal/util.h"
#include "server/server.h"
#include "server/server_http_internal.h"

/* ---- rate limiter keys --------------------------------------------------------------------- */

static void key_v6(const char *text, unsigned prefix, uint8_t key[16]) {
    struct sockaddr_in6 s6;
    memset(&s6, 0, sizeof s6);
    s6.sin6_family = AF_INET6;
    assert_int_equal(inet_pton(AF_INET6, text, &s6.sin6_addr), 1);
    seal__rate_client_key((const struct sockaddr *)&s6, prefix, key);
}

static void key_v4(const char *text, unsigned prefix, uint8_t key[16]) {
    struct sockaddr_in s4;
    memset(&s4, 0, sizeof s4);
    s4.sin_family = AF_INET;
    assert_int_equal(inet_pton(AF_INET, text, &s4.sin_addr), 1);
    seal__rate_client_key((const struct sockaddr *)&s4, prefix, key);
}

static void test_key_ipv6_prefix(void **state) {
    (void)state;
    uint8_t a[16], b[16];
    /* one /64: one key, whatever the interface identifier */
    key_v6("2001:db8:0:1::1", 64, a);
    key_v6("2001:db8:0:1:ffff:ffff:ffff:ffff", 64, b);
    assert_memory_equal(a, b, 16);
    /* neighbouring /64s differ at 64 bits, share a /48 */
    key_v6("2001:db8:0:2::1", 64, b);
    assert_memory_not_equal(a, b, 16);
    key_v6("2001:db8:0:1::1", 48, a);
    key_v6("2001:db8:0:2::1", 48, b);
    assert_memory_equal(a, b, 16);
    key_v6("2001:db8:1:1::1", 48, b);
    assert_memory_not_equal(a, b, 16);
    /* a prefix that is not a multiple of 8 */
    key_v6("2001:db8:0:1::", 63, a);
    key_v6("2001:db8:0:0::", 63, b);
    assert_memory_equal(a, b, 16);
    key_v6("2001:db8:0:2::", 63, b);
    assert_memory_not_equal(a, b, 16);
    /* 128: every address on its own */
    key_v6("2001:db8:0:1::1", 128, a);
    key_v6("2001:db8:0:1::2", 128, b);
    assert_memory_not_equal(a, b, 16);
    /* IPv4 clients keep their whole address, also when they reach an IPv6 socket mapped (the
     * prefix would otherwise put every IPv4 client into one bucket) */
    key_v6("::ffff:10.0.0.1", 64, a);
    key_v6("::ffff:10.0.0.2", 64, b);
    assert_memory_not_equal(a, b, 16);
    key_v4("10.0.0.1", 64, b);
    assert_memory_equal(a, b, 16);
    key_v4("10.0.0.2", 64, a);
    assert_memory_not_equal(a, b, 16);
    seal__rate_client_key(NULL, 64, a);
    memset(b, 0, 16);
    assert_memory_equal(a, b, 16);
}

/* Many addresses of one /64 share one bucket: the burst, not the burst per address. */
static void test_rate_many_addresses_one_prefix(void **state) {
    (void)state;
    seal__rate *rt = NULL;
    assert_int_equal(seal__rate_new(&rt, 1, 3, 4096), SEAL_OK);
    uint64_t t = 5000000;
    int passed = 0;
    for (unsigned i = 0; i < 1000; i++) {
        char text[64];
        snprintf(text, sizeof text, "2001:db8:0:1:%x:%x::%x", i * 7919u & 0xffffu, i >> 4, i);
        uint8_t k[16];
        key_v6(text, 64, k);
        passed += seal__rate_allow(rt, k, t) ? 1 : 0;
    }
    assert_int_equal(passed, 3);
    assert_int_equal(seal__rate_size(rt), 1);
    /* another /64 has its own bucket */
    uint8_t other[16];
    key_v6("2001:db8:0:2::1", 64, other);
    assert_true(seal__rate_allow(rt, other, t));
    seal__rate_free(rt);
}

/* ---- rate limiter table -------------------------------------------------------------------- */

static void key_n(uint32_t i, uint8_t k[16]) {
    memset(k, 0, 16);
    k[0] = 0x20;
    memcpy(k + 4, &i, sizeof i);
}

/* A full table of throttled clients: a flood of new addresses neither resets them to a full
 * bucket nor gets more than one burst between all of them. */
static void test_rate_eviction_keeps_throttled(void **state) {
    (void)state;
    seal__rate *rt = NULL;
    assert_int_equal(seal__rate_new(&rt, 1, 2, 4), SEAL_OK);
    uint64_t t = 7000000;
    uint8_t k[16];
    for (uint32_t c = 0; c < 4; c++) {
        key_n(c, k);
        assert_true(seal__rate_allow(rt, k, t));
        assert_true(seal__rate_allow(rt, k, t));
        assert_false(seal__rate_allow(rt, k, t)); /* drained */
    }
    int newcomers = 0;
    for (uint32_t i = 100; i < 10100; i++) {
        key_n(i, k);
        newcomers += seal__rate_allow(rt, k, t + (i - 100)) ? 1 : 0; /* 10 ms in all */
    }
    assert_true(newcomers <= 2);
    assert_int_equal(seal__rate_size(rt), 4);
    for (uint32_t c = 0; c < 4; c++) {
        key_n(c, k);
        assert_false(seal__rate_allow(rt, k, t + 10000)); /* still throttled */
    }
    /* Once a remembered client's bucket has filled up again (burst / rate = 2 s), forgetting it
     * changes nothing: a newcomer takes its place and gets a bucket of its own. */
    uint64_t later = t + 10000 + 2100000;
    key_n(99999, k);
    assert_true(seal__rate_allow(rt, k, later));
    assert_true(seal__rate_allow(rt, k, later));
    assert_false(seal__rate_allow(rt, k, later));
    assert_int_equal(seal__rate_size(rt), 4);
    seal__rate_free(rt);
}

/* A remembered client that is not throttled is forgotten for a newcomer only when its bucket is
 * full (forgetting it is then the same as remembering it); the table stays bounded. */
static void test_rate_table_bounded(void **state) {
    (void)state;
    seal__rate *rt = NULL;
    assert_int_equal(seal__rate_new(&rt, 1, 1, 2), SEAL_OK);
    uint8_t a[16], b[16], c[16];
    key_n(1, a);
    key_n(2, b);
    key_n(3, c);
    uint64_t t = 1000000;
    assert_true(seal__rate_allow(rt, a, t));
    assert_false(seal__rate_allow(rt, a, t)); /* a: bucket empty */
    assert_true(seal__rate_allow(rt, b, t));
    assert_int_equal(seal__rate_size(rt), 2);
    assert_true(seal__rate_allow(rt, c, t));           /* the shared bucket of newcomers */
    assert_false(seal__rate_allow(rt, a, t));          /* a not forgotten */
    assert_true(seal__rate_allow(rt, a, t + 1000000)); /* refilled after 1 s */
    for (uint32_t i = 0; i < 1000; i++) {
        uint8_t k[16];
        key_n(1000 + i, k);
        (void)seal__rate_allow(rt, k, t + 5000000 + i * 1000000);
    }
    assert_int_equal(seal__rate_size(rt), 2);
    seal__rate_free(rt);
}

/* ---- in-flight slots ----------------------------------------------------------------------- */

#define SLOT_THREADS 4
#define SLOT_MAX 1u

typedef struct slot_ctx {
    atomic_uint slots;
    atomic_int holders; /* counted only by those that got a slot */
    atomic_int peak;
    atomic_bool go;
    int rounds;
} slot_ctx;

static void *slot_main(void *arg) {
    slot_ctx *s = arg;
    while (!atomic_load(&s->go)) {
    }
    for (int i = 0; i < s->rounds; i++) {
        if (!seal__slot_take(&s->slots, SLOT_MAX)) {
            continue;
        }
        int now = atomic_fetch_add(&s->holders, 1) + 1;
        int p = atomic_load(&s->peak);
        while (now > p && !atomic_compare_exchange_weak(&s->peak, &p, now)) {
        }
        atomic_fetch_sub(&s->holders, 1);
        seal__slot_release(&s->slots);
    }
    return NULL;
}

/* Threads taking and releasing slots as fast as they can: never more than max holders. */
static void test_slots_under_contention(void **state) {
    (void)state;
    slot_ctx s;
    atomic_init(&s.slots, 0u);
    atomic_init(&s.holders, 0);
    atomic_init(&s.peak, 0);
    atomic_init(&s.go, false);
    s.rounds = 2000000;
    pthread_t th[SLOT_THREADS];
    for (int i = 0; i < SLOT_THREADS; i++) {
        assert_int_equal(pthread_create(&th[i], NULL, slot_main, &s), 0);
    }
    atomic_store(&s.go, true);
    for (int i = 0; i < SLOT_THREADS; i++) {
        pthread_join(th[i], NULL);
    }
    assert_int_equal(atomic_load(&s.slots), 0);
    assert_true(atomic_load(&s.peak) >= 1);
    assert_true(atomic_load(&s.peak) <= (int)SLOT_MAX);
}

/* ---- in-flight cap through HTTP ------------------------------------------------------------ */

static char g_dir[64];
static seal_chain *g_chain;
static seal_server_config g_cfg;
static seal_server *g_core;

static int setup(void **state) {
    (void)state;
    char spec[128];
    if (!tu_tempdir(g_dir, sizeof g_dir, "seal_srvlim_")) {
        return -1;
    }
    snprintf(spec, sizeof spec, "embedded:%s", g_dir);
    seal_chain_options copts;
    memset(&copts, 0, sizeof copts);
    copts.create = true;
    if (seal_chain_open(&g_chain, spec, &copts) != SEAL_OK) {
        return -1;
    }
    memset(&g_cfg, 0, sizeof g_cfg);
    uint8_t pk[96];
    if (seal_keys_generate(g_cfg.msk, pk, NULL) != SEAL_OK) {
        return -1;
    }
    g_cfg.has_msk = true;
    g_cfg.mode = SEAL_SERVER_OPEN;
    g_cfg.key_server_object_id[31] = 0xcd;
    snprintf(g_cfg.network, sizeof g_cfg.network, "Devnet");
    snprintf(g_cfg.listen, sizeof g_cfg.listen, "127.0.0.1:0");
    snprintf(g_cfg.ts_sdk_version_requirement, sizeof g_cfg.ts_sdk_version_requirement, ">=0.0.0");
    g_cfg.threads = 4;
    g_cfg.rate_limit_ipv6_prefix = 64;
    if (seal_server_create(&g_core, &g_cfg, g_chain) != SEAL_OK) {
        return -1;
    }
    return 0;
}

static int teardown(void **state) {
    (void)state;
    seal_server_free(g_core);
    seal_chain_close(g_chain);
    seal_server_config_clear(&g_cfg);
    return tu_rmtree(g_dir);
}

static int connect_to(uint16_t port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    return fd;
}

#define HTTP_CONNS 48
#define HTTP_MAX 3u

/* HTTP_CONNS connections send the headers of a fetch_key request (its body pending, so an
 * admitted request stays in flight) at the same moment, over four workers: exactly HTTP_MAX are
 * admitted, every other one is answered 503 at once. */
static void test_in_flight_cap_simultaneous(void **state) {
    (void)state;
    seal_server_config *cfg = malloc(sizeof *cfg);
    assert_non_null(cfg);
    memcpy(cfg, &g_cfg, sizeof *cfg);
    cfg->max_in_flight = HTTP_MAX;
    seal_server_http_options o;
    memset(&o, 0, sizeof o);
    o.log_fd = -1;
    seal_server_http *h = NULL;
    char err[256] = "";
    assert_int_equal(seal_server_http_start_opts(&h, g_core, cfg, &o, err, sizeof err), SEAL_OK);
    uint16_t port = seal_server_http_port(h);
    const char *head = "POST /v1/fetch_key HTTP/1.1\r\nHost: x\r\n"
                       "Content-Type: application/json\r\nClient-Sdk-Type: typescript\r\n"
                       "Client-Sdk-Version: 1.4.12\r\nContent-Length: 20\r\n\r\n";
    int fd[HTTP_CONNS];
    for (int i = 0; i < HTTP_CONNS; i++) {
        fd[i] = connect_to(port);
    }
    for (int i = 0; i < HTTP_CONNS; i++) {
        assert_true(send(fd[i], head, strlen(head), MSG_NOSIGNAL) == (ssize_t)strlen(head));
    }
    /* every refused connection gets its 503 within a few seconds; the admitted ones wait */
    int refused = 0;
    bool answered[HTTP_CONNS] = {false};
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        for (int i = 0; i < HTTP_CONNS; i++) {
            struct pollfd p = {fd[i], POLLIN, 0};
            if (answered[i] || poll(&p, 1, 0) <= 0) {
                continue;
            }
            char buf[2048];
            ssize_t k = recv(fd[i], buf, sizeof buf - 1, 0);
            assert_true(k > 12);
            buf[k] = '\0';
            assert_true(strncmp(buf, "HTTP/1.1 503", 12) == 0);
            answered[i] = true;
            refused++;
        }
        clock_gettime(CLOCK_MONOTONIC, &t1);
        double el = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
        if (refused > HTTP_CONNS - (int)HTTP_MAX || el > 5.0 ||
            (refused == HTTP_CONNS - (int)HTTP_MAX && el > 1.0)) {
            break;
        }
        struct timespec nap = {0, 5000000};
        nanosleep(&nap, NULL);
    }
    assert_int_equal(refused, HTTP_CONNS - (int)HTTP_MAX);
    for (int i = 0; i < HTTP_CONNS; i++) {
        close(fd[i]);
    }
    seal_server_http_stop(h, 1000);
    seal_memzero(cfg, sizeof *cfg);
    free(cfg);
}

int main(void) {
    const struct CMUnitTest unit[] = {
        cmocka_unit_test(test_key_ipv6_prefix),
        cmocka_unit_test(test_rate_many_addresses_one_prefix),
        cmocka_unit_test(test_rate_eviction_keeps_throttled),
        cmocka_unit_test(test_rate_table_bounded),
        cmocka_unit_test(test_slots_under_contention),
    };
    const struct CMUnitTest http[] = {
        cmocka_unit_test(test_in_flight_cap_simultaneous),
    };
    int failed = cmocka_run_group_tests_name("limits", unit, NULL, NULL);
    failed += cmocka_run_group_tests_name("http", http, setup, teardown);
    return failed;
}
