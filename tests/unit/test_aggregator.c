/* The aggregator core (src/aggregator/, COMMITTEE.md 7) against members on loopback: three real
 * key servers holding the shares of spec/committee.json's DKG (an Open key server whose master
 * key is a share answers exactly what a committee member answers), a fourth with a wrong share
 * (a lying member), and scripted sockets (a member that hangs, answers garbage, an error body,
 * an old version, records the headers it receives). Every branch of 7.3 (header checks, PTB,
 * credentials, transport errors, relayed errors, version, ids, verification, early stops) and
 * 7.6 (majority error) is exercised, plus the configuration file and the metrics. */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"
#include "committee_world.h"
#include "aggregator/aggregator.h"
#include "aggregator/internal.h"
#include "seal/ibe.h"
#include "seal/chain.h"
#include "seal/client.h"
#include "seal/elgamal.h"
#include "seal/keys.h"
#include "seal/ledger.h"
#include "seal/sui.h"
#include "seal/sui_sig.h"
#include "server/server.h"

#define TIMEOUT_MS 1500u /* the members' timeout in these tests (8 s by default) */

/* ---- aggregators ---------------------------------------------------------------------------- */

/* An aggregator without a committee, with the credentials of m0..m<n_credentials-1> but skip
 * (-1: none). */
static seal_aggregator *aggregator_bare(size_t n_credentials, int skip) {
    seal_aggregator_config *cfg = calloc(1, sizeof *cfg);
    cw_aggregator_config(cfg, ">=0.10.0", TIMEOUT_MS, n_credentials, skip);
    seal_aggregator *a = NULL;
    assert_int_equal(seal_aggregator_create(&a, cfg, CW.chain, -1), SEAL_OK);
    seal_aggregator_config_clear(cfg);
    free(cfg);
    return a;
}

/* Loads the committee of members urls[0..n-1] (cw_members), threshold t, version 0. */
static void load_committee(seal_aggregator *a, const char urls[][64], size_t n, uint16_t t) {
    seal_aggregator_member ms[8];
    cw_members(ms, urls, n);
    assert_int_equal(seal_aggregator_set_committee(a, t, 0, ms, n), SEAL_OK);
}

/* An aggregator over n members at urls[0..n-1] (party ids 0..n-1, names m0.., the DKG's partial
 * pk of party i % 3), threshold t, with credentials for every name but `skip` (-1: none). */
static seal_aggregator *aggregator_n(const char urls[][64], size_t n, uint16_t t, int skip) {
    seal_aggregator *a = aggregator_bare(n, skip);
    load_committee(a, urls, n, t);
    return a;
}

static seal_aggregator *aggregator(const char urls[3][64], int skip) {
    return aggregator_n(urls, 3, 2, skip);
}

/* An aggregator over members 0..2 (their URLs written into urls), every credential. */
static seal_aggregator *good_aggregator(char urls[3][64]) {
    cw_good_urls(urls);
    return aggregator(urls, -1);
}

/* ---- requests ------------------------------------------------------------------------------- */

typedef struct request {
    char *body;
    size_t body_len;
    uint8_t eg_sk[32];
    seal_server_header headers[8];
    size_t n_headers;
    uint8_t full_id[2][80];
    size_t full_id_len[2];
    size_t n_ids;
} request;

/* A fetch_key request of user for n_ids ids (allowlist id || "a"/"b"), the same id twice when
 * dup. */
static void make_request(request *rq, const seal_sui_keypair *user, size_t n_ids, bool dup) {
    memset(rq, 0, sizeof *rq);
    seal_session *s = NULL;
    assert_int_equal(seal_session_create(&s, user, SEAL_LEDGER_EXAMPLES_PACKAGE, NULL, 10, 0, NULL),
                     SEAL_OK);
    seal_client_call calls[2];
    seal_client_arg args[2];
    uint8_t ids[2][33];
    for (size_t i = 0; i < n_ids; i++) {
        uint8_t suffix = dup ? 'a' : (uint8_t)('a' + i);
        cw_approve_call(&calls[i], &args[i], ids[i], &suffix, 1);
        memcpy(rq->full_id[i], SEAL_LEDGER_EXAMPLES_PACKAGE, 32);
        memcpy(rq->full_id[i] + 32, ids[i], 33);
        rq->full_id_len[i] = 65;
    }
    rq->n_ids = dup ? 1 : n_ids;
    uint8_t *ptb = NULL;
    size_t ptb_len = 0;
    assert_int_equal(seal_client_build_ptb(&ptb, &ptb_len, CW.chain, calls, n_ids), SEAL_OK);
    uint8_t ek[48], vk[96];
    assert_int_equal(seal_elgamal_keygen(rq->eg_sk, ek, vk, NULL), SEAL_OK);
    assert_int_equal(seal_client_request_json(&rq->body, &rq->body_len, s, ptb, ptb_len, ek, vk, 0),
                     SEAL_OK);
    free(ptb);
    seal_session_free(s);
    rq->headers[0] = (seal_server_header){"Content-Type", "application/json"};
    rq->headers[1] = (seal_server_header){"Client-Sdk-Type", "typescript"};
    rq->headers[2] = (seal_server_header){"Client-Sdk-Version", "1.4.12"};
    rq->headers[3] = (seal_server_header){"Request-Id", "req-1234"};
    rq->n_headers = 4;
}

static void request_free(request *rq) {
    free(rq->body);
    seal_memzero(rq->eg_sk, 32);
}

static void send_request(seal_aggregator *a, const request *rq, const char *method,
                         const char *path, seal_server_response *resp) {
    seal_server_request req;
    memset(&req, 0, sizeof req);
    req.method = method;
    req.path = path;
    req.headers = rq->headers;
    req.n_headers = rq->n_headers;
    req.body = (const uint8_t *)(rq->body != NULL ? rq->body : "");
    req.body_len = rq->body_len;
    seal_aggregator_handle(a, &req, resp);
}

static void fetch(seal_aggregator *a, const request *rq, seal_server_response *resp) {
    send_request(a, rq, "POST", "/v1/fetch_key", resp);
}

/* A 200 answer with one verified key per expected id, in any order. */
static void assert_keys(const request *rq, const seal_server_response *resp) {
    if (resp->status != 200) {
        fail_msg("HTTP %u: %.*s (%s)", resp->status, (int)resp->body_len, resp->body, resp->reason);
    }
    seal_client_encrypted_key *keys = NULL;
    size_t n = 0;
    char why[128];
    assert_int_equal(
        seal_client_response_parse(&keys, &n, 10, resp->body, resp->body_len, why, sizeof why),
        SEAL_OK);
    assert_int_equal(n, rq->n_ids);
    for (size_t k = 0; k < n; k++) {
        bool matched = false;
        for (size_t i = 0; i < rq->n_ids; i++) {
            matched |= keys[k].full_id_len == rq->full_id_len[i] &&
                       memcmp(keys[k].full_id, rq->full_id[i], rq->full_id_len[i]) == 0;
        }
        if (!matched) {
            fail_msg("unexpected id of %zu bytes, last %02x; body %.*s", keys[k].full_id_len,
                     keys[k].full_id[keys[k].full_id_len - 1], (int)resp->body_len, resp->body);
        }
        uint8_t usk[48];
        assert_int_equal(seal_elgamal_decrypt_and_verify(usk, rq->eg_sk, keys[k].c0, keys[k].c1,
                                                         CW.committee_pk, keys[k].full_id,
                                                         keys[k].full_id_len),
                         SEAL_OK);
    }
    free(keys);
}

/* An error answer {"error": kind, "message": ...} with status. */
static void assert_error(const seal_server_response *resp, unsigned status, const char *kind) {
    char k[64] = "", m[256] = "";
    if (resp->status != status) {
        fail_msg("want %u %s, got %u: %.*s (%s)", status, kind, resp->status, (int)resp->body_len,
                 resp->body, resp->reason);
    }
    if (kind == NULL) {
        return;
    }
    assert_int_equal(
        seal_client_error_body_parse(k, sizeof k, m, sizeof m, resp->body, resp->body_len),
        SEAL_OK);
    assert_string_equal(k, kind);
}

/* rq asked of a: a 200 answer with rq's keys. */
static void fetch_keys(seal_aggregator *a, const request *rq) {
    seal_server_response resp;
    fetch(a, rq, &resp);
    assert_keys(rq, &resp);
    seal_server_response_clear(&resp);
}

/* rq asked of a: the error kind with status (assert_error). */
static void fetch_error(seal_aggregator *a, const request *rq, unsigned status, const char *kind) {
    seal_server_response resp;
    fetch(a, rq, &resp);
    assert_error(&resp, status, kind);
    seal_server_response_clear(&resp);
}

/* rq asked of a fresh aggregator over the members at urls[0..n-1] (threshold 2, every
 * credential): a 200 answer with rq's keys. */
static void expect_keys(const char urls[][64], size_t n, const request *rq) {
    seal_aggregator *a = aggregator_n(urls, n, 2, -1);
    fetch_keys(a, rq);
    seal_aggregator_free(a);
}

/* The same, answered with the error kind and status (assert_error); body_has (NULL: no check): a
 * text the answer's body holds. */
static void expect_error(const char urls[][64], size_t n, const request *rq, unsigned status,
                         const char *kind, const char *body_has) {
    seal_aggregator *a = aggregator_n(urls, n, 2, -1);
    seal_server_response resp;
    fetch(a, rq, &resp);
    assert_error(&resp, status, kind);
    if (body_has != NULL && strstr(resp.body, body_has) == NULL) {
        fail_msg("no \"%s\" in %.*s", body_has, (int)resp.body_len, resp.body);
    }
    seal_server_response_clear(&resp);
    seal_aggregator_free(a);
}

/* ---- tests ---------------------------------------------------------------------------------- */

static void test_all_members_good(void **state) {
    (void)state;
    char urls[3][64];
    seal_aggregator *a = good_aggregator(urls);
    request rq;
    seal_server_response resp;
    make_request(&rq, &CW.bob, 2, false);
    fetch(a, &rq, &resp);
    assert_keys(&rq, &resp);
    assert_true(resp.version_headers);
    assert_int_equal(resp.n_ids, 2);
    seal_server_response_clear(&resp);
    request_free(&rq);
    /* one id */
    make_request(&rq, &CW.bob, 1, false);
    fetch_keys(a, &rq);
    request_free(&rq);
    seal_aggregator_free(a);
}

/* n - t members down, hanging, lying or answering garbage: the others suffice. */
static void test_tolerated_faults(void **state) {
    (void)state;
    cw_mock *hang = cw_mock_start(CW_MOCK_HANG, 0, NULL, "");
    cw_mock *garbage =
        cw_mock_start(CW_MOCK_SCRIPT, 200, "X-KeyServer-Version: 0.6.10\r\n", "{not json");
    char urls[3][64];
    request rq;
    seal_server_response resp;
    make_request(&rq, &CW.bob, 1, false);
    const char *what[] = {"down", "hang", "liar", "garbage", "no credentials"};
    for (size_t f = 0; f < 5; f++) {
        cw_real_url(urls[0], CW_M0);
        cw_real_url(urls[2], CW_M2);
        int skip = -1;
        switch (f) {
        case 0:
            cw_down_url(urls[1]);
            break;
        case 1:
            cw_mock_url(urls[1], hang);
            break;
        case 2:
            cw_real_url(urls[1], CW_LIAR);
            break;
        case 3:
            cw_mock_url(urls[1], garbage);
            break;
        default:
            cw_real_url(urls[1], CW_M1);
            skip = 1;
        }
        seal_aggregator *a = aggregator(urls, skip);
        uint64_t t0 = tu_now_ms();
        fetch(a, &rq, &resp);
        uint64_t ms = tu_now_ms() - t0;
        print_message("  faulty member %s: HTTP %u in %llu ms\n", what[f], resp.status,
                      (unsigned long long)ms);
        assert_keys(&rq, &resp);
        /* the hanging member does not hold the answer: t others answered first */
        assert_true(ms < TIMEOUT_MS);
        seal_server_response_clear(&resp);
        seal_aggregator_free(a);
    }
    request_free(&rq);
    cw_mock_stop(hang);
    cw_mock_stop(garbage);
}

/* Fewer than t usable members: Failure, after the timeout when a member hangs, at once when t
 * is out of reach. */
static void test_threshold_not_reached(void **state) {
    (void)state;
    cw_mock *hang = cw_mock_start(CW_MOCK_HANG, 0, NULL, "");
    char urls[3][64];
    request rq;
    seal_server_response resp;
    make_request(&rq, &CW.bob, 1, false);
    /* good, liar, hang: the liar fails, the hang decides after the timeout */
    cw_real_url(urls[0], CW_M0);
    cw_real_url(urls[1], CW_LIAR);
    cw_mock_url(urls[2], hang);
    seal_aggregator *a = aggregator(urls, -1);
    uint64_t t0 = tu_now_ms();
    fetch(a, &rq, &resp);
    uint64_t ms = tu_now_ms() - t0;
    print_message("  good + liar + hang: HTTP %u in %llu ms (%s)\n", resp.status,
                  (unsigned long long)ms, resp.reason);
    assert_error(&resp, 503, "Failure");
    assert_true(ms >= TIMEOUT_MS - 50 && ms < TIMEOUT_MS + 3000);
    assert_string_equal(resp.error_kind, "Failure");
    seal_server_response_clear(&resp);
    seal_aggregator_free(a);
    /* hang, down, down: out of reach once the two refusals arrive, without waiting */
    cw_mock_url(urls[0], hang);
    cw_down_url(urls[1]);
    cw_down_url(urls[2]);
    a = aggregator(urls, -1);
    t0 = tu_now_ms();
    fetch(a, &rq, &resp);
    ms = tu_now_ms() - t0;
    assert_error(&resp, 503, "Failure");
    assert_true(ms < TIMEOUT_MS);
    seal_server_response_clear(&resp);
    seal_aggregator_free(a);
    /* no member has credentials: nobody is called */
    cw_mock *counted = cw_mock_start(CW_MOCK_SCRIPT, 200, NULL, "{}");
    cw_real_url(urls[0], CW_M0);
    cw_mock_url(urls[1], counted);
    cw_real_url(urls[2], CW_M2);
    a = aggregator_bare(0, -1);
    load_committee(a, urls, 3, 2);
    fetch_error(a, &rq, 503, "Failure");
    seal_aggregator_free(a);
    struct timespec pause = {0, 200 * 1000000L};
    nanosleep(&pause, NULL);
    assert_int_equal(atomic_load(&counted->requests), 0);
    cw_mock_stop(counted);
    /* no committee loaded */
    a = aggregator_bare(0, -1);
    fetch_error(a, &rq, 503, "Failure");
    seal_aggregator_free(a);
    request_free(&rq);
    cw_mock_stop(hang);
}

/* 7.6: the members' verdict comes back when they agree (NoAccess for a user not on the list);
 * the most frequent kind wins, with the first message of that kind. */
static void test_error_selection(void **state) {
    (void)state;
    char urls[3][64];
    request rq;
    seal_server_response resp;
    cw_good_urls(urls);
    make_request(&rq, &CW.carol, 1, false);
    expect_error(urls, 3, &rq, 403, "NoAccess", "Access denied");
    request_free(&rq);

    cw_mock *cert = cw_mock_start(CW_MOCK_SCRIPT, 403, NULL,
                                  "{\"error\":\"InvalidCertificate\",\"message\":\"first cert\"}");
    cw_mock *cert2 =
        cw_mock_start(CW_MOCK_SCRIPT, 403, NULL,
                      "{\"error\":\"InvalidCertificate\",\"message\":\"second cert\"}");
    cw_mock *weird =
        cw_mock_start(CW_MOCK_SCRIPT, 418, NULL, "{\"error\":\"Weird\",\"message\":\"x\"}");
    cw_mock *badkind =
        cw_mock_start(CW_MOCK_SCRIPT, 403, NULL, "{\"error\":\"No Access\",\"message\":\"x\"}");
    cw_mock *nomsg = cw_mock_start(CW_MOCK_SCRIPT, 403, NULL, "{\"error\":\"NoAccess\"}");
    cw_mock *plain = cw_mock_start(CW_MOCK_SCRIPT, 500, NULL, "oops");
    make_request(&rq, &CW.bob, 1, false);
    /* 2 of 5: the fan-out stops after 4 errors (t out of reach), so 3 of them at least are of
     * the kind 4 members answer */
    char urls5[5][64];
    cw_mock_url(urls5[0], cert);
    cw_mock_url(urls5[1], cert2);
    cw_down_url(urls5[2]);
    cw_mock_url(urls5[3], cert);
    cw_mock_url(urls5[4], cert2);
    seal_aggregator *a = aggregator_n(urls5, 5, 2, -1);
    fetch(a, &rq, &resp);
    assert_error(&resp, 403, "InvalidCertificate");
    assert_true(strstr(resp.body, "first cert") != NULL ||
                strstr(resp.body, "second cert") != NULL);
    seal_server_response_clear(&resp);
    seal_aggregator_free(a);
    /* one relayed kind against four Failures made by the aggregator (no error body, no message,
     * connection refused): Failure with upstream's message */
    cw_mock_url(urls5[0], cert);
    cw_mock_url(urls5[1], plain);
    cw_mock_url(urls5[2], nomsg);
    cw_down_url(urls5[3]);
    cw_mock_url(urls5[4], plain);
    expect_error(urls5, 5, &rq, 503, "Failure", "Internal server error, please try again later");
    /* two members of three answering the same error: that error (the third is not needed) */
    cw_mock_url(urls[0], cert);
    cw_mock_url(urls[1], cert);
    cw_real_url(urls[2], CW_M2);
    expect_error(urls, 3, &rq, 403, "InvalidCertificate", NULL);
    /* an unknown kind is relayed with 503; a kind that is not an identifier is not */
    for (size_t k = 0; k < 5; k++) {
        cw_mock_url(urls5[k], k == 2 ? badkind : weird);
    }
    expect_error(urls5, 5, &rq, 503, "Weird", NULL);
    for (size_t k = 0; k < 5; k++) {
        cw_mock_url(urls5[k], k == 2 ? weird : badkind);
    }
    expect_error(urls5, 5, &rq, 503, "Failure", NULL);
    request_free(&rq);
    cw_mock_stop(cert);
    cw_mock_stop(cert2);
    cw_mock_stop(weird);
    cw_mock_stop(badkind);
    cw_mock_stop(nomsg);
    cw_mock_stop(plain);
}

/* 2xx answers that do not count: version header missing or too old, wrong ids, duplicates. */
static void test_bad_answers(void **state) {
    (void)state;
    request rq;
    seal_server_response resp;
    make_request(&rq, &CW.bob, 1, false);
    /* A well-formed answer of a real member for this request, replayed with other headers. */
    char urls[3][64];
    cw_mock *rec =
        cw_mock_start(CW_MOCK_SCRIPT, 403, NULL, "{\"error\":\"NoAccess\",\"message\":\"m\"}");
    cw_real_url(urls[0], CW_M0);
    cw_mock_url(urls[1], rec);
    cw_real_url(urls[2], CW_M2);
    expect_keys(urls, 3, &rq);

    /* what the members receive: with one member good and one down, the answer waits for the
     * recording member (with two down, its request could be cancelled before it is read) */
    cw_real_url(urls[0], CW_M0);
    cw_mock_url(urls[1], rec);
    cw_down_url(urls[2]);
    seal_aggregator *a = aggregator(urls, -1);
    fetch(a, &rq, &resp);
    seal_server_response_clear(&resp);
    seal_aggregator_free(a);
    assert_true(atomic_load(&rec->requests) >= 1);
    pthread_mutex_lock(&rec->mu);
    const char *r = rec->last_request;
    assert_true(strncmp(r, "POST /v1/fetch_key HTTP/1.1\r\n", 29) == 0);
    assert_non_null(strcasestr(r, "\r\nClient-Sdk-Type: aggregator\r\n"));
    assert_non_null(strcasestr(r, "\r\nClient-Sdk-Version: 0.6.10\r\n"));
    assert_non_null(strcasestr(r, "\r\nRequest-Id: req-1234\r\n"));
    assert_non_null(strcasestr(r, "\r\nX-API-Key: secret-1\r\n"));
    assert_non_null(strcasestr(r, "\r\nContent-Type: application/json\r\n"));
    const char *body = strstr(r, "\r\n\r\n");
    assert_non_null(body);
    json_t *j = json_loads(body + 4, 0, NULL);
    assert_non_null(j);
    assert_true(json_is_string(json_object_get(j, "ptb")));
    assert_true(json_is_null(json_object_get(json_object_get(j, "certificate"), "mvr_name")));
    json_decref(j);
    pthread_mutex_unlock(&rec->mu);
    cw_mock_stop(rec);

    /* Answers from the members with wrong headers or contents: each counts as a Failure. */
    static const char *const versions[] = {"", "X-KeyServer-Version: 0.5.9\r\n",
                                           "X-KeyServer-Version: banana\r\n"};
    for (size_t v = 0; v < 3; v++) {
        cw_mock *m1 = cw_mock_start(CW_MOCK_SCRIPT, 200, versions[v], "{\"decryption_keys\":[]}");
        cw_mock *m2 = cw_mock_start(CW_MOCK_SCRIPT, 200, versions[v], "{\"decryption_keys\":[]}");
        cw_real_url(urls[0], CW_M0);
        cw_mock_url(urls[1], m1);
        cw_mock_url(urls[2], m2);
        expect_error(urls, 3, &rq, 503, "Failure", NULL);
        cw_mock_stop(m1);
        cw_mock_stop(m2);
    }
    /* a key for an id nobody asked for, and the same id twice */
    char other[1024], twice[2048];
    snprintf(other, sizeof other,
             "{\"decryption_keys\":[{\"id\":[%s1],\"encrypted_key\":[\"%s\",\"%s\"]}]}",
             "0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,",
             "l/HTpzGX15QmlWOMT6msD8NojE0RTMk2iBGmTVQu/ZsRGZ0ujWhjHZDdD1YBy64B",
             "l/HTpzGX15QmlWOMT6msD8NojE0RTMk2iBGmTVQu/ZsRGZ0ujWhjHZDdD1YBy64B");
    cw_mock *m1 = cw_mock_start(CW_MOCK_SCRIPT, 200, "X-KeyServer-Version: 0.6.10\r\n", other);
    snprintf(twice, sizeof twice, "{\"decryption_keys\":[]}");
    cw_mock *m2 = cw_mock_start(CW_MOCK_SCRIPT, 200, "X-KeyServer-Version: 0.6.10\r\n", twice);
    cw_real_url(urls[0], CW_M0);
    cw_mock_url(urls[1], m1);
    cw_mock_url(urls[2], m2);
    expect_error(urls, 3, &rq, 503, "Failure", NULL);
    cw_mock_stop(m1);
    cw_mock_stop(m2);
    request_free(&rq);

    /* A PTB naming the same id twice: members answer two entries for one expected id, so no
     * member counts (upstream's behaviour). */
    make_request(&rq, &CW.bob, 2, true);
    cw_good_urls(urls);
    expect_error(urls, 3, &rq, 503, "Failure", NULL);
    request_free(&rq);
}

/* 7.2: routes, the body before the headers, the client SDK headers, the PTB. */
static void test_front(void **state) {
    (void)state;
    char urls[3][64];
    seal_aggregator *a = good_aggregator(urls);
    request rq;
    seal_server_response resp;
    make_request(&rq, &CW.bob, 1, false);
    send_request(a, &rq, "GET", "/v1/service", &resp);
    assert_int_equal(resp.status, 400);
    assert_int_equal(resp.body_len, 11);
    assert_memory_equal(resp.body, "Unsupported", 11);
    assert_true(resp.version_headers);
    seal_server_response_clear(&resp);
    send_request(a, &rq, "GET", "/health", &resp);
    assert_int_equal(resp.status, 200);
    assert_false(resp.version_headers);
    /* mysten-service's HealthResponse of the key-server crate, which holds the aggregator */
    json_t *health = json_loadb(resp.body, resp.body_len, 0, NULL);
    assert_non_null(health);
    assert_int_equal(json_object_size(health), 3);
    assert_string_equal(json_string_value(json_object_get(health, "name")), "key-server");
    assert_string_equal(json_string_value(json_object_get(health, "version")), "0.6.10");
    assert_string_equal(json_string_value(json_object_get(health, "status")), "up");
    json_decref(health);
    seal_server_response_clear(&resp);
    send_request(a, &rq, "GET", "/v1/fetch_key", &resp);
    assert_int_equal(resp.status, 405);
    seal_server_response_clear(&resp);
    send_request(a, &rq, "POST", "/v1/debug/committee_partial_pk", &resp);
    assert_int_equal(resp.status, 404);
    seal_server_response_clear(&resp);

    /* header checks (after the body) */
    struct {
        const char *type, *version;
        unsigned status;
        const char *kind;
    } cases[] = {
        {NULL, "1.4.12", 400, "InvalidSDKType"},
        {"aggregator", "0.6.10", 400, "InvalidSDKType"},
        {"c", "0.1.0", 400, "InvalidSDKType"},
        {"typescript", NULL, 400, "MissingRequiredHeader"},
        {"typescript", "1.4", 400, "InvalidSDKVersion"},
        {"typescript", "0.9.9", 426, "DeprecatedSDKVersion"},
        {"rust", "0.0.1", 200, NULL},
        {"python", "2.0.0", 200, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        request h = rq;
        h.n_headers = 0;
        h.headers[h.n_headers++] = (seal_server_header){"Content-Type", "application/json"};
        if (cases[i].type != NULL) {
            h.headers[h.n_headers++] = (seal_server_header){"Client-Sdk-Type", cases[i].type};
        }
        if (cases[i].version != NULL) {
            h.headers[h.n_headers++] = (seal_server_header){"Client-Sdk-Version", cases[i].version};
        }
        fetch(a, &h, &resp);
        if (cases[i].kind == NULL) {
            assert_keys(&rq, &resp);
        } else {
            assert_error(&resp, cases[i].status, cases[i].kind);
        }
        seal_server_response_clear(&resp);
    }
    /* body problems come first, headers or not */
    request b = rq;
    b.n_headers = 0;
    fetch(a, &b, &resp);
    assert_int_equal(resp.status, 415);
    seal_server_response_clear(&resp);
    b.headers[b.n_headers++] = (seal_server_header){"Content-Type", "application/json"};
    b.body = "{\"ptb\":";
    b.body_len = strlen(b.body);
    fetch(a, &b, &resp);
    assert_int_equal(resp.status, 400);
    seal_server_response_clear(&resp);
    b.body = "{}";
    b.body_len = 2;
    fetch(a, &b, &resp);
    assert_int_equal(resp.status, 422);
    seal_server_response_clear(&resp);
    /* an invalid PTB (not base64) and an unknown package */
    char *bad = strdup(rq.body);
    char *p = strstr(bad, "\"ptb\":\"");
    assert_non_null(p);
    p[7] = '!';
    b = rq;
    b.body = bad;
    fetch_error(a, &b, 403, "InvalidPTB");
    free(bad);
    request_free(&rq);
    seal_aggregator_free(a);
}

/* The snapshot rules and the metrics. */
static void test_committee_and_metrics(void **state) {
    (void)state;
    char urls[3][64];
    seal_aggregator *a = good_aggregator(urls);
    seal_aggregator_member ms[3];
    cw_members(ms, urls, 3);
    assert_int_equal(seal_aggregator_set_committee(a, 0, 0, ms, 3), SEAL_ERR_INVALID_ARGUMENT);
    assert_int_equal(seal_aggregator_set_committee(a, 4, 0, ms, 3), SEAL_ERR_INVALID_ARGUMENT);
    ms[2].party_id = 1;
    assert_int_equal(seal_aggregator_set_committee(a, 2, 0, ms, 3), SEAL_ERR_INVALID_ARGUMENT);
    ms[2].party_id = 2;
    memset(ms[2].partial_pk, 0, 96);
    ms[2].partial_pk[0] = 0xc0; /* the identity */
    assert_int_equal(seal_aggregator_set_committee(a, 2, 0, ms, 3), SEAL_ERR_INVALID_ARGUMENT);
    uint16_t t;
    size_t n;
    uint32_t v;
    seal_aggregator_committee_info(a, &t, &n, &v);
    assert_int_equal(t, 2);
    assert_int_equal(n, 3);
    /* a partial pk on chain that does not match the member: its answers never count */
    memcpy(ms[2].partial_pk, CW.partial_pk[0], 96);
    assert_int_equal(seal_aggregator_set_committee(a, 2, 7, ms, 3), SEAL_OK);
    seal_aggregator_committee_info(a, &t, &n, &v);
    assert_int_equal(v, 7);
    request rq;
    seal_server_response resp;
    make_request(&rq, &CW.bob, 1, false);
    fetch(a, &rq, &resp);
    assert_keys(&rq, &resp); /* m0 and m1 */
    seal_server_response_clear(&resp);
    request_free(&rq);
    /* a refresh that fails (no such key server on the chain) keeps the snapshot */
    char why[256];
    assert_int_not_equal(seal_aggregator_refresh(a, why, sizeof why), SEAL_OK);
    assert_non_null(strstr(why, "no such key server"));
    seal_aggregator_committee_info(a, &t, &n, &v);
    assert_true(t == 2 && n == 3 && v == 7);
    seal__prom o = {malloc(4096), 0, 4096, false};
    o.p[0] = '\0';
    seal_aggregator_metrics(a, &o);
    assert_false(o.failed);
    assert_non_null(strstr(o.p, "committee_threshold 2\n"));
    assert_non_null(strstr(o.p, "committee_version 7\n"));
    assert_non_null(strstr(o.p, "key_server_fetch_duration_millis_count{key_server_name=\"m0\"}"));
    assert_non_null(strstr(o.p, "expected_key_ids_per_request_count 1\n"));
    assert_non_null(strstr(o.p, "committee_refreshes{outcome=\"failed\"} 1\n"));
    free(o.p);
    seal_aggregator_free(a);
}

/* The YAML file: upstream's keys, ours, the shared ones, refusals. */
static void test_config(void **state) {
    (void)state;
    char path[128], err[256];
    snprintf(path, sizeof path, "%s/agg.yaml", CW.dir);
    seal_aggregator_config *cfg = calloc(1, sizeof *cfg);
    cw_write_file(path,
                  "network: Testnet\n"
                  "key_server_object_id: '0xb012378c9f3799fb5b1a7083da74a4069e3c3f1c93de0b2721"
                  "2a5799ce1e1e98'\n"
                  "api_credentials:\n"
                  "  server-0:\n    api_key_name: X-API-Key\n    api_key: k0\n"
                  "  server-1:\n    api_key_name: Authorization\n    api_key: Bearer t\n"
                  "key_server_timeout_secs: 3\n"
                  "rpc_config:\n  timeout: 20s\n"
                  "listen: 127.0.0.1:2024\n"
                  "metrics_host_port: \"\"\n");
    unsetenv("PORT");
    unsetenv("NODE_URL");
    if (seal_aggregator_config_load(cfg, path, err, sizeof err) != SEAL_OK) {
        fail_msg("%s", err);
    }
    assert_int_equal(cfg->n_credentials, 2);
    assert_string_equal(cfg->credentials[1].member, "server-1");
    assert_string_equal(cfg->credentials[1].header, "Authorization");
    assert_string_equal(cfg->credentials[1].value, "Bearer t");
    assert_int_equal(cfg->member_timeout_ms, 3000);
    assert_int_equal(cfg->refresh_interval_ms, 30000);
    assert_string_equal(cfg->server.ts_sdk_version_requirement, ">=0.10.0");
    assert_string_equal(cfg->key_server_version_requirement, ">=0.6.2");
    assert_string_equal(cfg->server.chain, "https://fullnode.testnet.sui.io:443");
    assert_int_equal(cfg->server.rpc_timeout_ms, 20000);
    assert_string_equal(cfg->server.metrics_host_port, "");
    seal_aggregator_config_clear(cfg);
    setenv("PORT", "3111", 1);
    if (seal_aggregator_config_load(cfg, path, err, sizeof err) != SEAL_OK) {
        fail_msg("%s", err);
    }
    assert_string_equal(cfg->server.listen, "127.0.0.1:3111");
    seal_aggregator_config_clear(cfg);
    unsetenv("PORT");
    /* ours: a timeout in ms, the refresh interval, the chain spec */
    cw_write_file(path, "network: !Devnet\n  seal_package: 0x2\nkey_server_object_id: 0x1\n"
                        "key_server_timeout: 250ms\ncommittee_refresh_interval: 2s\n"
                        "chain: http://127.0.0.1:9000\nts_sdk_version_requirement: '>=1.0.0'\n"
                        "key_server_version_requirement: '>=0.6.0'\n");
    if (seal_aggregator_config_load(cfg, path, err, sizeof err) != SEAL_OK) {
        fail_msg("%s", err);
    }
    assert_int_equal(cfg->member_timeout_ms, 250);
    assert_int_equal(cfg->refresh_interval_ms, 2000);
    assert_string_equal(cfg->server.chain, "http://127.0.0.1:9000");
    assert_string_equal(cfg->server.ts_sdk_version_requirement, ">=1.0.0");
    assert_string_equal(cfg->key_server_version_requirement, ">=0.6.0");
    seal_aggregator_config_clear(cfg);
    struct {
        const char *yaml, *want;
    } bad[] = {
        {"network: Testnet\n", "missing key key_server_object_id"},
        {"key_server_object_id: 0x1\n", "missing key network"},
        {"network: Testnet\nkey_server_object_id: 0x1\nserver_mode: !Open\n  key_server_object_id: "
         "0x1\n",
         "not an aggregator key"},
        {"network: Testnet\nkey_server_object_id: 0x1\nmaster_key_file: /x\n",
         "not an aggregator key"},
        {"network: Testnet\nkey_server_object_id: 0x1\nbogus: 1\n", "unknown key bogus"},
        {"network: Testnet\nkey_server_object_id: 0x1\napi_credentials:\n  a:\n    api_key: k\n",
         "needs api_key_name and api_key"},
        {"network: Testnet\nkey_server_object_id: 0x1\napi_credentials:\n  a:\n    api_key_name: "
         "'X Y'\n    api_key: k\n",
         "not an HTTP header name"},
        {"network: Testnet\nkey_server_object_id: 0x1\nkey_server_timeout_secs: 0\n", "at least 1"},
        {"network: Testnet\nkey_server_object_id: 0x1\nkey_server_timeout_secs: 2\n"
         "key_server_timeout: 1s\n",
         "use one"},
        {"network: Testnet\nkey_server_object_id: 0x1\nkey_server_version_requirement: banana\n",
         "not a semver requirement"},
        {"network: Testnet\nkey_server_object_id: nope\n", "not an object id"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cw_write_file(path, bad[i].yaml);
        err[0] = '\0';
        seal_err e = seal_aggregator_config_load(cfg, path, err, sizeof err);
        if (e != SEAL_ERR_INVALID_ARGUMENT) {
            fail_msg("case %zu: %s (%s)", i, seal_strerror(e), err);
        }
        if (strstr(err, bad[i].want) == NULL) {
            fail_msg("case %zu: \"%s\" lacks \"%s\"", i, err, bad[i].want);
        }
    }
    /* the API key is never quoted in an error */
    cw_write_file(path, "network: Testnet\nkey_server_object_id: 0x1\napi_credentials:\n  a:\n"
                        "    api_key_name: X-K\n    api_key: \"sec\\tret\"\n");
    assert_int_equal(seal_aggregator_config_load(cfg, path, err, sizeof err),
                     SEAL_ERR_INVALID_ARGUMENT);
    assert_null(strstr(err, "sec"));
    free(cfg);
}

/* seal__agg_check_answer on spec/committee.json's aggregation vector: member 2's genuine answer
 * passes; its halves swapped fail the pairing check; another id, no key, a second key for the
 * same id fail before it. And the error-body parser. */
static void test_answer_checks(void **state) {
    (void)state;
    json_t *j = tu_load_json("spec/committee.json");
    json_t *a = json_object_get(j, "aggregation");
    json_t *m = json_array_get(json_object_get(a, "member_responses"), 0);
    json_t *o = json_object_get(json_object_get(j, "fresh_dkg"), "output");
    assert_int_equal(json_integer_value(json_object_get(m, "party_id")), 2);
    uint8_t id[36], vkb[96], pkb[96];
    assert_int_equal(tu_hex(id, sizeof id, tu_str(a, "full_id"), 1), 36);
    tu_hex(vkb, 96, tu_str(a, "enc_verification_key"), 1);
    tu_hex(pkb, 96, json_string_value(json_array_get(json_object_get(o, "partial_pks"), 2)), 1);
    seal_g2 vk, pk;
    seal_g1 gid, c1, c2;
    assert_int_equal(seal_g2_decompress(&vk, vkb), SEAL_OK);
    assert_int_equal(seal_g2_decompress(&pk, pkb), SEAL_OK);
    assert_int_equal(seal_ibe_hash_id(&gid, id, 36), SEAL_OK);
    json_t *ek = json_object_get(m, "json_encrypted_key");
    const char *b1 = json_string_value(json_array_get(ek, 0));
    const char *b2 = json_string_value(json_array_get(ek, 1));
    char idlist[200] = "", body[1024];
    for (size_t i = 0; i < 36; i++) {
        size_t l = strlen(idlist);
        snprintf(idlist + l, sizeof idlist - l, "%s%u", i ? "," : "", (unsigned)id[i]);
    }
    uint8_t *ids[1] = {id};
    size_t lens[1] = {36};
    bool invalid_key = true;
    snprintf(body, sizeof body,
             "{\"decryption_keys\":[{\"id\":[%s],\"encrypted_key\":[\"%s\",\"%s\"]}]}", idlist, b1,
             b2);
    assert_null(seal__agg_check_answer(body, strlen(body), ids, lens, 1, &gid, &vk, &pk, &c1, &c2,
                                       &invalid_key));
    assert_false(invalid_key);
    uint8_t got[48], want[48];
    seal_g1_compress(got, &c1);
    tu_hex(want, 48, tu_str(m, "c1"), 1);
    assert_memory_equal(got, want, 48);
    snprintf(body, sizeof body,
             "{\"decryption_keys\":[{\"id\":[%s],\"encrypted_key\":[\"%s\",\"%s\"]}]}", idlist, b2,
             b1);
    assert_non_null(seal__agg_check_answer(body, strlen(body), ids, lens, 1, &gid, &vk, &pk, &c1,
                                           &c2, &invalid_key));
    assert_true(invalid_key);
    const char *bad[] = {
        "{\"decryption_keys\":[]}",
        "{\"decryption_keys\":[{\"id\":[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,"
        "0,0,"
        "0,1,2,3,5],\"encrypted_key\":[\"o4C822wQMqP3vL0imy7hQ+"
        "GN4URSHWWtR4jZdDc3liXH2mMYHHBUG9u3G7jqjkKS\","
        "\"o4C822wQMqP3vL0imy7hQ+GN4URSHWWtR4jZdDc3liXH2mMYHHBUG9u3G7jqjkKS\"]}]}",
        "not json",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_non_null(seal__agg_check_answer(bad[i], strlen(bad[i]), ids, lens, 1, &gid, &vk, &pk,
                                               &c1, &c2, &invalid_key));
        assert_false(invalid_key);
    }
    /* the same id twice for two expected ids */
    uint8_t id2[36];
    memcpy(id2, id, 36);
    id2[35] ^= 1;
    uint8_t *ids2[2] = {id, id2};
    size_t lens2[2] = {36, 36};
    seal_g1 gid2[2] = {gid, gid}, c12[2], c22[2];
    snprintf(body, sizeof body,
             "{\"decryption_keys\":[{\"id\":[%s],\"encrypted_key\":[\"%s\",\"%s\"]},{\"id\":[%s],"
             "\"encrypted_key\":[\"%s\",\"%s\"]}]}",
             idlist, b1, b2, idlist, b1, b2);
    const char *p = seal__agg_check_answer(body, strlen(body), ids2, lens2, 2, gid2, &vk, &pk, c12,
                                           c22, &invalid_key);
    assert_non_null(p);
    assert_string_equal(p, "the same id twice");
    json_decref(j);
    /* error bodies */
    char kind[SEAL__AGG_KIND_MAX], msg[SEAL__AGG_MESSAGE_MAX];
    const char *e = "{\"error\":\"NoAccess\",\"message\":\"a\\nb\"}";
    assert_true(seal__agg_parse_error_body(kind, msg, e, strlen(e)));
    assert_string_equal(kind, "NoAccess");
    assert_string_equal(msg, "a b");
    e = "{\"error\":\"No Access\",\"message\":\"x\"}";
    assert_false(seal__agg_parse_error_body(kind, msg, e, strlen(e)));
    e = "{\"error\":\"NoAccess\"}";
    assert_false(seal__agg_parse_error_body(kind, msg, e, strlen(e)));
    e = "{\"error\":\"NoAccess\",\"message\":5}";
    assert_false(seal__agg_parse_error_body(kind, msg, e, strlen(e)));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_all_members_good),      cmocka_unit_test(test_tolerated_faults),
        cmocka_unit_test(test_threshold_not_reached), cmocka_unit_test(test_error_selection),
        cmocka_unit_test(test_bad_answers),           cmocka_unit_test(test_front),
        cmocka_unit_test(test_committee_and_metrics), cmocka_unit_test(test_config),
        cmocka_unit_test(test_answer_checks),
    };
    return cmocka_run_group_tests(tests, cw_setup, cw_teardown);
}
