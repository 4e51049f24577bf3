/*
 * Audit receipts in the C client (src/client/audit.c) against a real key server in process
 * (core + HTTP layer on loopback, its audit log on): a granted fetch returns keys only once the
 * record is durable and hands a verified receipt to the application; require_receipts; the
 * audit endpoints as library calls; and every way a receipt can fail the client's checks (its
 * record changed, another request's record, other ids, a changed signature, none at all when
 * receipts are required), each answer then refused with its reason.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <time.h>

#include "../../fuzz/server_fixture.h"
#include "client/internal.h"
#include "seal/audit.h"
#include "seal/keys.h"
#include "seal/sui.h"
#include "testutil.h"

static srvfix F;
static seal_audit_log *LOG;
static seal_server_http *HTTP;
static uint8_t SK[32], PK[32], SERVER_PK[96];
static char URL[64];
static char DB[256];

static int setup(void **state) {
    (void)state;
    char why[256];
    /* the HTTP layer evaluates requests at the wall clock */
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    srvfix_init_at(&F, (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u);
    if (seal_audit_keygen(SK, PK) != SEAL_OK ||
        seal_keys_public_key(SERVER_PK, F.cfg.msk) != SEAL_OK)
        return -1;
    snprintf(DB, sizeof DB, "%s/audit.db", F.dir);
    seal_audit_log_options o = {.create = true};
    if (seal_audit_log_open(&LOG, DB, SK, &o, why, sizeof why) != SEAL_OK ||
        seal_server_audit_attach(F.server, LOG, NULL) != SEAL_OK)
        return -1;
    seal_server_config hc = F.cfg;
    snprintf(hc.listen, sizeof hc.listen, "127.0.0.1:0");
    hc.metrics_host_port[0] = '\0';
    hc.threads = 2;
    hc.max_in_flight = 64;
    seal_server_http_options ho = {.log_fd = -1};
    if (seal_server_http_start_opts(&HTTP, F.server, &hc, &ho, why, sizeof why) != SEAL_OK)
        return -1;
    snprintf(URL, sizeof URL, "http://127.0.0.1:%u", (unsigned)seal_server_http_port(HTTP));
    return 0;
}

static int teardown(void **state) {
    (void)state;
    seal_server_http_stop(HTTP, 1000);
    seal_server_free(F.server);
    F.server = NULL;
    seal_audit_log_close(LOG);
    srvfix_free(&F);
    return 0;
}

static seal_client *new_client(bool require) {
    seal_client_server_config sc;
    memset(&sc, 0, sizeof sc);
    memcpy(sc.object_id, F.cfg.key_server_object_id, 32);
    sc.weight = 1;
    sc.url = URL;
    sc.public_key = SERVER_PK;
    seal_client_options o = {.chain = F.chain, .timeout_ms = 20000, .require_receipts = require};
    seal_client *c = NULL;
    assert_int_equal(seal_client_new(&c, &o, &sc, 1), SEAL_OK);
    return c;
}

static void test_fetch_with_receipt(void **state) {
    (void)state;
    seal_client_call call;
    seal_client_arg arg;
    uint8_t id[33];
    srvfix_call(&F, &call, &arg, id, 9);
    seal_client *c = new_client(true);
    seal_err fe = seal_client_fetch_keys(c, F.session, &call, 1, 1, F.now);
    if (fe != SEAL_OK)
        fail_msg("fetch: %s: %s", seal_strerror(fe), seal_client_last_error(c));
    assert_int_equal(seal_client_receipt_count(c), 1);
    const seal_client_receipt *r = seal_client_receipt_get(c, 0);
    assert_non_null(r);
    assert_memory_equal(r->server, F.cfg.key_server_object_id, 32);
    assert_memory_equal(r->audit_public_key, PK, 32);
    assert_false(r->anchored);
    assert_int_equal(seal_audit_receipt_verify(&r->receipt, PK), SEAL_OK);
    seal_audit_record rec;
    assert_int_equal(seal_audit_record_decode(&rec, r->record, r->record_len), SEAL_OK);
    assert_true(rec.granted);
    assert_memory_equal(rec.user, F.address, 32);
    assert_int_equal(rec.n_ids, 1);
    assert_memory_equal(rec.ids[0].ptr, id, 33);
    /* the record is durable and provably in the log the server publishes */
    seal_audit_tree_head h;
    uint8_t pk[32];
    assert_int_equal(seal_client_audit_head(URL, 0, &h, pk), SEAL_OK);
    assert_memory_equal(pk, PK, 32);
    assert_int_equal(seal_audit_tree_head_verify(&h, PK), SEAL_OK);
    assert_true(h.tree_size > r->receipt.seq);
    seal_audit_proof *p = malloc(sizeof *p);
    assert_int_equal(seal_client_audit_inclusion(URL, r->receipt.seq, h.tree_size, 0, p), SEAL_OK);
    assert_int_equal(seal_audit_verify_inclusion(r->receipt.leaf_hash, r->receipt.seq, h.tree_size,
                                                 (const uint8_t(*)[32])p->path, p->n, h.root),
                     SEAL_OK);
    assert_int_equal(seal_client_audit_consistency(URL, 0, h.tree_size, 0, p), SEAL_OK);
    assert_int_equal(p->n, 0);
    free(p);
    bool has_anchor = true;
    uint8_t anchor[32];
    assert_int_equal(
        seal_client_audit_key(URL, F.cfg.key_server_object_id, 0, pk, &has_anchor, anchor),
        SEAL_OK);
    assert_memory_equal(pk, PK, 32);
    assert_false(has_anchor);
    seal_client_receipts_clear(c);
    assert_int_equal(seal_client_receipt_count(c), 0);
    seal_client_free(c);
}

/* A granted answer of the core for the fixture's request, its record durable. */
static char *granted_body(size_t *len) {
    seal_server_request req;
    seal_server_response resp;
    srvfix_request(&req, &F, F.body, F.body_len);
    seal_server_handle(F.server, &req, &resp);
    seal_server_response_audit_wait(&resp);
    assert_int_equal(resp.status, 200);
    char *b = strdup(resp.body);
    *len = resp.body_len;
    seal_server_response_clear(&resp);
    return b;
}

static seal_err check(seal_client *c, const char *request, const char *body, uint8_t tag) {
    uint8_t full[65];
    memcpy(full, SEAL_LEDGER_EXAMPLES_PACKAGE, 32);
    memcpy(full + 32, F.allowlist, 32);
    full[64] = tag;
    uint8_t *ids[1] = {full};
    size_t lens[1] = {65};
    seal__client_audit_query q = {F.session, request, strlen(request), ids, lens, 1};
    c->n_errors = 0;
    return seal__client_audit_receipt(c, 0, &q, body, strlen(body));
}

static void expect_refused(seal_client *c, const char *request, const char *body, uint8_t tag,
                           const char *kind, const char *why) {
    assert_int_not_equal(check(c, request, body, tag), SEAL_OK);
    assert_int_equal(seal_client_error_count(c), 1);
    const seal_client_server_error *e = seal_client_error_get(c, 0);
    assert_string_equal(e->kind, kind);
    if (strstr(e->message, why) == NULL)
        fail_msg("expected \"%s\" in \"%s\"", why, e->message);
}

static void test_receipt_checks(void **state) {
    (void)state;
    size_t len = 0;
    char *body = granted_body(&len);
    seal_client *c = new_client(false);
    /* the fixture's request names id allowlist || 7 */
    assert_int_equal(check(c, F.body, body, 7), SEAL_OK);
    assert_int_equal(seal_client_receipt_count(c), 1);

    /* other ids than the ones asked for */
    expect_refused(c, F.body, body, 8, "InvalidReceipt", "does not describe this grant");
    /* another request than the one sent */
    char *other = strdup(F.body);
    char *p = strstr(other, "\"request_signature\":\"") + strlen("\"request_signature\":\"");
    p[1] = p[1] == 'A' ? 'B' : 'A';
    expect_refused(c, other, body, 7, "InvalidReceipt", "another request");
    free(other);
    /* the record changed (one base64 character) */
    char *bad = strdup(body);
    p = strstr(bad, "\"record\":\"") + strlen("\"record\":\"") + 20;
    *p = *p == 'A' ? 'B' : 'A';
    expect_refused(c, F.body, bad, 7, "InvalidReceipt", "not the one it signs");
    free(bad);
    /* the receipt's signature changed */
    bad = strdup(body);
    p = strstr(bad, "\"receipt\":\"") + strlen("\"receipt\":\"") + 120;
    *p = *p == 'A' ? 'B' : 'A';
    expect_refused(c, F.body, bad, 7, "InvalidReceipt", "does not verify");
    free(bad);
    /* malformed */
    expect_refused(c, F.body, "{\"decryption_keys\":[],\"audit\":{\"receipt\":\"AAAA\"}}", 7,
                   "InvalidReceipt", "malformed");
    /* no receipt: fine unless required */
    assert_int_equal(check(c, F.body, "{\"decryption_keys\":[]}", 7), SEAL_OK);
    assert_int_equal(seal_client_receipt_count(c), 1);
    seal_client_free(c);
    c = new_client(true);
    expect_refused(c, F.body, "{\"decryption_keys\":[]}", 7, "MissingReceipt", "no audit");
    seal_client_free(c);
    free(body);
}

/* Replicas of one key server keep one log each: the answer names its log's key, which the
 * client checks the receipt under even when /v1/service (another replica) advertised another. */
static void test_answer_names_its_log(void **state) {
    (void)state;
    size_t len = 0;
    char *body = granted_body(&len);
    char pk_hex[65];
    seal_hex_encode(pk_hex, PK, 32);
    assert_non_null(strstr(body, pk_hex));
    assert_non_null(strstr(body, "\"anchor\":null"));
    seal_client *c = new_client(false);
    uint8_t other_sk[32], other_pk[32];
    assert_int_equal(seal_audit_keygen(other_sk, other_pk), SEAL_OK);
    seal_memzero(other_sk, sizeof other_sk);
    /* the key of another replica's log, as if read from /v1/service earlier */
    memcpy(c->servers[0].audit_pk, other_pk, 32);
    c->servers[0].audit_anchored = false;
    c->servers[0].audit_state = 1;
    assert_int_equal(check(c, F.body, body, 7), SEAL_OK);
    assert_int_equal(seal_client_receipt_count(c), 1);
    assert_memory_equal(seal_client_receipt_get(c, 0)->audit_public_key, PK, 32);
    assert_memory_equal(c->servers[0].audit_pk, PK, 32);

    /* an answer naming a key its receipt is not signed under */
    char other_hex[65];
    seal_hex_encode(other_hex, other_pk, 32);
    char *bad = strdup(body);
    memcpy(strstr(bad, pk_hex), other_hex, 64);
    expect_refused(c, F.body, bad, 7, "InvalidReceipt", "does not verify");
    /* a malformed key or anchor */
    memcpy(strstr(bad, other_hex), "zz", 2);
    expect_refused(c, F.body, bad, 7, "InvalidReceipt", "malformed");
    free(bad);
    bad = strdup(body);
    memcpy(strstr(bad, "\"anchor\":null"), "\"anchor\":1234", 13);
    expect_refused(c, F.body, bad, 7, "InvalidReceipt", "malformed");
    free(bad);

    /* an answer naming no key (an older server): the key /v1/service gave is used */
    bad = strdup(body);
    char *k = strstr(bad, ",\"public_key\":");
    memmove(k, k + strlen(",\"public_key\":\"0x\"") + 64,
            strlen(k + strlen(",\"public_key\":\"0x\"") + 64) + 1);
    assert_null(strstr(bad, "public_key"));
    memcpy(c->servers[0].audit_pk, other_pk, 32);
    expect_refused(c, F.body, bad, 7, "InvalidReceipt", "does not verify");
    c->servers[0].audit_state = 0; /* read again: this server's /v1/service names PK */
    assert_int_equal(check(c, F.body, bad, 7), SEAL_OK);
    free(bad);
    seal_client_free(c);
    free(body);
}

static void test_request_digest(void **state) {
    (void)state;
    uint8_t a[32], b[32];
    assert_int_equal(seal_client_request_digest(a, F.body, F.body_len), SEAL_OK);
    size_t len = 0;
    char *body = granted_body(&len);
    json_t *j = json_loads(body, 0, NULL);
    uint8_t rec[4096];
    size_t n = 0;
    const char *r = json_string_value(json_object_get(json_object_get(j, "audit"), "record"));
    assert_int_equal(seal_sui_base64_decode(rec, sizeof rec, &n, r, strlen(r)), SEAL_OK);
    seal_audit_record d;
    assert_int_equal(seal_audit_record_decode(&d, rec, n), SEAL_OK);
    assert_memory_equal(d.request_digest, a, 32);
    json_decref(j);
    free(body);
    assert_int_not_equal(seal_client_request_digest(b, "{}", 2), SEAL_OK);
    assert_int_not_equal(seal_client_request_digest(b, "[", 1), SEAL_OK);
}

/* A client that leaves while its granted answer waits for the log's commit: the record is still
 * written, and the server still stops (the held answer's slot is released). The log's writer is
 * held back by an exclusive lock on its database meanwhile. */
static void test_client_gone_while_held(void **state) {
    (void)state;
    seal_audit_tree_head before, after;
    assert_int_equal(seal_audit_log_head(LOG, &before), SEAL_OK);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(DB, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "BEGIN EXCLUSIVE", NULL, NULL, NULL), SQLITE_OK);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET,
                             .sin_port = htons(seal_server_http_port(HTTP)),
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    char head[512];
    int n = snprintf(head, sizeof head,
                     "POST /v1/fetch_key HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     "Client-Sdk-Version: 1.4.12\r\nContent-Length: %zu\r\n\r\n",
                     F.body_len);
    assert_int_equal(write(fd, head, (size_t)n), n);
    assert_int_equal(write(fd, F.body, F.body_len), (ssize_t)F.body_len);
    usleep(300000);            /* the core answers; the answer waits for the commit */
    struct linger lg = {1, 0}; /* a reset, as load tools leave */
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    close(fd);
    usleep(100000);
    assert_int_equal(sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    for (int i = 0; i < 500; i++) {
        assert_int_equal(seal_audit_log_head(LOG, &after), SEAL_OK);
        if (after.tree_size > before.tree_size)
            break;
        usleep(10000);
    }
    assert_int_equal(after.tree_size, before.tree_size + 1);
    /* the teardown stops the server: it must not wait for the abandoned answer */
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fetch_with_receipt),     cmocka_unit_test(test_receipt_checks),
        cmocka_unit_test(test_answer_names_its_log),   cmocka_unit_test(test_request_digest),
        cmocka_unit_test(test_client_gone_while_held),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
