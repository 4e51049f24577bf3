/*
 * The key server's audit log (src/server/server_audit.c, docs/audit.md): a granted fetch_key
 * answer carries a receipt (X-Seal-Audit-Receipt and the body's "audit" field) whose record names
 * the request (its digest recomputed here from the JSON the client sent) and which the log proves
 * included; a refusal is logged without a receipt; GET /v1/audit/{head,inclusion,consistency};
 * the audit key in /v1/service; metrics; a record that cannot be written turns the answer into
 * 503 Failure with no key in it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "../../fuzz/server_fixture.h"
#include "seal/audit.h"
#include "seal/sui.h"
#include "testutil.h"

static srvfix F;
static seal_audit_log *LOG;
static uint8_t SK[32], PK[32];
static char DB[256];

static int setup(void **state) {
    (void)state;
    char why[256];
    srvfix_init(&F);
    if (seal_audit_keygen(SK, PK) != SEAL_OK)
        return -1;
    snprintf(DB, sizeof DB, "%s/audit.db", F.dir);
    seal_audit_log_options o = {.create = true};
    if (seal_audit_log_open(&LOG, DB, SK, &o, why, sizeof why) != SEAL_OK)
        return -1;
    seal_server_audit_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.anchor = true;
    memset(cfg.anchor_object, 0xa1, 32);
    return seal_server_audit_attach(F.server, LOG, &cfg) == SEAL_OK ? 0 : -1;
}

static int teardown(void **state) {
    (void)state;
    seal_server_free(F.server);
    F.server = NULL;
    seal_audit_log_close(LOG);
    srvfix_free(&F);
    return 0;
}

static void get(seal_server_response *resp, const char *path, const char *query) {
    seal_server_request req;
    memset(&req, 0, sizeof req);
    req.method = "GET";
    req.path = path;
    req.query = query;
    req.now_ms = F.now;
    seal_server_handle(F.server, &req, resp);
}

static json_t *body_json(const seal_server_response *resp) {
    json_error_t je;
    json_t *j = json_loadb(resp->body, resp->body_len, 0, &je);
    assert_non_null(j);
    return j;
}

static size_t b64_decode(uint8_t *out, size_t cap, const char *text) {
    size_t n = 0;
    assert_int_equal(seal_sui_base64_decode(out, cap, &n, text, strlen(text)), SEAL_OK);
    return n;
}

/* The request digest, recomputed from the JSON body the client sent. */
static void digest_of_body(uint8_t out[32], const char *body, size_t len) {
    json_error_t je;
    json_t *j = json_loadb(body, len, 0, &je);
    assert_non_null(j);
    json_t *cert = json_object_get(j, "certificate");
    static uint8_t ptb[4096], sig[256];
    uint8_t enc[48], evk[96], rsig[64], user[32], vk[32];
    seal_audit_request r;
    memset(&r, 0, sizeof r);
    r.ptb = ptb;
    r.ptb_len = b64_decode(ptb, sizeof ptb, tu_str(j, "ptb"));
    assert_int_equal(b64_decode(enc, 48, tu_str(j, "enc_key")), 48);
    assert_int_equal(b64_decode(evk, 96, tu_str(j, "enc_verification_key")), 96);
    assert_int_equal(b64_decode(rsig, 64, tu_str(j, "request_signature")), 64);
    assert_int_equal(seal_sui_address_parse(user, tu_str(cert, "user")), SEAL_OK);
    assert_int_equal(b64_decode(vk, 32, tu_str(cert, "session_vk")), 32);
    r.enc_key = enc;
    r.enc_verification_key = evk;
    r.request_signature = rsig;
    r.user = user;
    r.session_vk = vk;
    r.creation_time = (uint64_t)json_integer_value(json_object_get(cert, "creation_time"));
    r.ttl_min = (uint16_t)json_integer_value(json_object_get(cert, "ttl_min"));
    r.signature = sig;
    r.signature_len = b64_decode(sig, sizeof sig, tu_str(cert, "signature"));
    seal_audit_request_digest(out, &r);
    json_decref(j);
}

static void wait_size(uint64_t size) {
    seal_audit_tree_head h;
    for (int i = 0; i < 2000; i++) {
        assert_int_equal(seal_audit_log_head(LOG, &h), SEAL_OK);
        if (h.tree_size >= size)
            return;
        usleep(2000);
    }
    fail_msg("the log did not reach %llu records", (unsigned long long)size);
}

static void test_granted_receipt(void **state) {
    (void)state;
    seal_server_request req;
    seal_server_response resp;
    srvfix_request(&req, &F, F.body, F.body_len);
    seal_server_handle(F.server, &req, &resp);
    assert_int_equal(resp.status, 200);
    assert_non_null(resp.audit_pending);
    assert_true(strlen(resp.audit_receipt) > 0);
    seal_server_response_audit_wait(&resp);
    assert_int_equal(resp.status, 200);
    assert_null(resp.audit_pending);

    /* the header's receipt and the body's are the same, and verify */
    json_t *j = body_json(&resp);
    json_t *audit = json_object_get(j, "audit");
    assert_non_null(audit);
    assert_non_null(json_object_get(j, "decryption_keys"));
    assert_string_equal(tu_str(audit, "receipt"), resp.audit_receipt);
    uint8_t enc[SEAL_AUDIT_RECEIPT_BYTES], rec[4096], leaf[32];
    assert_int_equal(b64_decode(enc, sizeof enc, resp.audit_receipt), sizeof enc);
    seal_audit_receipt rc;
    assert_int_equal(seal_audit_receipt_decode(&rc, enc, sizeof enc), SEAL_OK);
    assert_int_equal(seal_audit_receipt_verify(&rc, PK), SEAL_OK);
    size_t rlen = b64_decode(rec, sizeof rec, tu_str(audit, "record"));
    seal_audit_leaf_hash(leaf, rec, rlen);
    assert_memory_equal(leaf, rc.leaf_hash, 32);

    /* the record names this request, this user, the package and the id */
    seal_audit_record r;
    assert_int_equal(seal_audit_record_decode(&r, rec, rlen), SEAL_OK);
    assert_true(r.granted);
    assert_int_equal(r.seq, rc.seq);
    assert_int_equal(r.time_ms, F.now);
    assert_true(r.has_key_server);
    assert_memory_equal(r.key_server, F.cfg.key_server_object_id, 32);
    assert_memory_equal(r.user, F.address, 32);
    assert_true(r.has_package);
    assert_memory_equal(r.package, SEAL_LEDGER_EXAMPLES_PACKAGE, 32);
    assert_int_equal(r.n_ids, 1);
    assert_int_equal(r.ids[0].len, 33);
    assert_memory_equal(r.ids[0].ptr, F.allowlist, 32);
    assert_int_equal(r.allowed_staleness_ms, 120000);
    uint8_t d[32];
    digest_of_body(d, F.body, F.body_len);
    assert_memory_equal(r.request_digest, d, 32);
    json_decref(j);

    /* the log proves it */
    seal_audit_tree_head h;
    assert_int_equal(seal_audit_log_head(LOG, &h), SEAL_OK);
    seal_audit_proof *p = malloc(sizeof *p);
    assert_int_equal(seal_audit_log_inclusion(LOG, rc.seq, h.tree_size, p), SEAL_OK);
    assert_int_equal(seal_audit_verify_inclusion(rc.leaf_hash, rc.seq, h.tree_size,
                                                 (const uint8_t(*)[32])p->path, p->n, h.root),
                     SEAL_OK);
    free(p);
    seal_server_response_clear(&resp);
}

static void test_refused_logged(void **state) {
    (void)state;
    seal_audit_tree_head before;
    assert_int_equal(seal_audit_log_head(LOG, &before), SEAL_OK);
    /* a signature that does not verify: InvalidSessionSignature */
    char *bad = strdup(F.body);
    char *sig = strstr(bad, "\"request_signature\":\"");
    assert_non_null(sig);
    sig += strlen("\"request_signature\":\"");
    sig[0] = sig[0] == 'A' ? 'B' : 'A';
    seal_server_request req;
    seal_server_response resp;
    srvfix_request(&req, &F, bad, strlen(bad));
    seal_server_handle(F.server, &req, &resp);
    assert_int_equal(resp.status, 403);
    assert_null(resp.audit_pending);
    assert_string_equal(resp.audit_receipt, "");
    seal_server_response_clear(&resp);
    wait_size(before.tree_size + 1);
    uint8_t *bytes = NULL;
    size_t len = 0;
    seal_audit_record r;
    assert_int_equal(seal_audit_log_record(LOG, before.tree_size, &bytes, &len), SEAL_OK);
    assert_int_equal(seal_audit_record_decode(&r, bytes, len), SEAL_OK);
    assert_false(r.granted);
    assert_string_equal(r.error, "InvalidSessionSignature");
    uint8_t d[32];
    digest_of_body(d, bad, strlen(bad));
    assert_memory_equal(r.request_digest, d, 32);
    free(bytes);
    free(bad);
    /* a body that is not a request is not logged (no signed request to name) */
    assert_int_equal(seal_audit_log_head(LOG, &before), SEAL_OK);
    srvfix_request(&req, &F, "{}", 2);
    seal_server_handle(F.server, &req, &resp);
    assert_int_equal(resp.status, 422);
    seal_server_response_clear(&resp);
    usleep(20000);
    seal_audit_tree_head after;
    assert_int_equal(seal_audit_log_head(LOG, &after), SEAL_OK);
    assert_int_equal(after.tree_size, before.tree_size);
}

static void test_routes(void **state) {
    (void)state;
    seal_server_response resp;
    seal_server_request req;
    /* at least two records */
    srvfix_request(&req, &F, F.body, F.body_len);
    seal_server_handle(F.server, &req, &resp);
    seal_server_response_audit_wait(&resp);
    assert_int_equal(resp.status, 200);
    seal_server_response_clear(&resp);

    get(&resp, "/v1/audit/head", NULL);
    assert_int_equal(resp.status, 200);
    assert_true(resp.version_headers);
    json_t *j = body_json(&resp);
    uint8_t enc[SEAL_AUDIT_TREE_HEAD_BYTES];
    assert_int_equal(b64_decode(enc, sizeof enc, tu_str(j, "tree_head")), sizeof enc);
    seal_audit_tree_head h;
    assert_int_equal(seal_audit_tree_head_decode(&h, enc, sizeof enc), SEAL_OK);
    assert_int_equal(seal_audit_tree_head_verify(&h, PK), SEAL_OK);
    assert_int_equal((uint64_t)json_integer_value(json_object_get(j, "tree_size")), h.tree_size);
    assert_true(h.tree_size >= 2);
    json_decref(j);
    seal_server_response_clear(&resp);

    char q[128];
    snprintf(q, sizeof q, "seq=0&tree_size=%llu", (unsigned long long)h.tree_size);
    get(&resp, "/v1/audit/inclusion", q);
    assert_int_equal(resp.status, 200);
    j = body_json(&resp);
    uint8_t pbytes[4096], *rec = NULL, leaf[32];
    size_t plen = b64_decode(pbytes, sizeof pbytes, tu_str(j, "proof"));
    seal_audit_proof *p = malloc(sizeof *p);
    assert_int_equal(seal_audit_proof_decode(p, 64, pbytes, plen), SEAL_OK);
    assert_int_equal(p->n, json_array_size(json_object_get(j, "audit_path")));
    size_t rlen = 0;
    assert_int_equal(seal_audit_log_record(LOG, 0, &rec, &rlen), SEAL_OK);
    seal_audit_leaf_hash(leaf, rec, rlen);
    free(rec);
    assert_int_equal(seal_audit_verify_inclusion(leaf, 0, h.tree_size,
                                                 (const uint8_t(*)[32])p->path, p->n, h.root),
                     SEAL_OK);
    json_decref(j);
    seal_server_response_clear(&resp);

    snprintf(q, sizeof q, "first=1&second=%llu", (unsigned long long)h.tree_size);
    get(&resp, "/v1/audit/consistency", q);
    assert_int_equal(resp.status, 200);
    j = body_json(&resp);
    plen = b64_decode(pbytes, sizeof pbytes, tu_str(j, "proof"));
    assert_int_equal(seal_audit_proof_decode(p, 128, pbytes, plen), SEAL_OK);
    assert_int_equal(p->a, 1);
    assert_int_equal(p->b, h.tree_size);
    json_decref(j);
    free(p);
    seal_server_response_clear(&resp);

    /* malformed and out-of-range queries: 400 with a reason */
    const char *bad[][2] = {
        {"/v1/audit/inclusion", NULL},
        {"/v1/audit/inclusion", "seq=0"},
        {"/v1/audit/inclusion", "seq=-1&tree_size=2"},
        {"/v1/audit/inclusion", "seq=2&tree_size=2"},
        {"/v1/audit/inclusion", "seq=0&tree_size=99999999"},
        {"/v1/audit/inclusion", "seq=0&seq=1&tree_size=2"},
        {"/v1/audit/inclusion", "seq=99999999999999999999999&tree_size=2"},
        {"/v1/audit/consistency", "first=3&second=2"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        get(&resp, bad[i][0], bad[i][1]);
        assert_int_equal(resp.status, 400);
        j = body_json(&resp);
        assert_string_equal(tu_str(j, "error"), "InvalidAuditQuery");
        json_decref(j);
        seal_server_response_clear(&resp);
    }
    get(&resp, "/v1/audit/records", NULL);
    assert_int_equal(resp.status, 404);
    seal_server_response_clear(&resp);
    seal_server_request post;
    memset(&post, 0, sizeof post);
    post.method = "POST";
    post.path = "/v1/audit/head";
    seal_server_handle(F.server, &post, &resp);
    assert_int_equal(resp.status, 405);
    seal_server_response_clear(&resp);
}

static void test_service_and_metrics(void **state) {
    (void)state;
    seal_server_response resp;
    seal_server_request req;
    memset(&req, 0, sizeof req);
    req.method = "GET";
    req.path = "/v1/service";
    req.query = "service_id=0x7777777777777777777777777777777777777777777777777777777777777777";
    req.headers = F.headers;
    req.n_headers = 2;
    seal_server_handle(F.server, &req, &resp);
    assert_int_equal(resp.status, 200);
    json_t *j = body_json(&resp);
    json_t *a = json_object_get(j, "audit");
    assert_non_null(a);
    uint8_t pk[32], id[32], want_id[32];
    tu_hex(pk, 32, tu_str(a, "public_key"), 1);
    assert_memory_equal(pk, PK, 32);
    tu_hex(id, 32, tu_str(a, "log_id"), 1);
    seal_audit_log_id(want_id, PK);
    assert_memory_equal(id, want_id, 32);
    assert_string_equal(tu_str(a, "anchor"),
                        "0xa1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1");
    assert_non_null(json_object_get(j, "pop"));
    json_decref(j);
    seal_server_response_clear(&resp);

    char *text = NULL;
    size_t len = 0;
    assert_int_equal(seal_server_audit_metrics(F.server, &text, &len), SEAL_OK);
    assert_non_null(strstr(text, "audit_records "));
    assert_non_null(strstr(text, "audit_head_age_seconds "));
    assert_non_null(strstr(text, "audit_commit_duration_millis_count "));
    free(text);
}

/* When the record cannot be written the key does not leave: 503 Failure, body wiped. */
static void test_failed_record(void **state) {
    (void)state;
    seal_server_request req;
    seal_server_response resp;
    srvfix_request(&req, &F, F.body, F.body_len);
    seal_server_handle(F.server, &req, &resp);
    assert_int_equal(resp.status, 200);
    seal_audit_pending_release(resp.audit_pending);
    resp.audit_pending = NULL;
    seal_server_response_audit_failed(&resp);
    assert_int_equal(resp.status, 503);
    assert_null(strstr(resp.body, "decryption_keys"));
    assert_null(strstr(resp.body, "encrypted_key"));
    assert_string_equal(resp.error_kind, "Failure");
    assert_string_equal(resp.audit_receipt, "");
    seal_server_response_clear(&resp);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_granted_receipt), cmocka_unit_test(test_refused_logged),
        cmocka_unit_test(test_routes),          cmocka_unit_test(test_service_and_metrics),
        cmocka_unit_test(test_failed_record),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
