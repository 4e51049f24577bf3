/* The C client with a committee key server (COMMITTEE.md 8): the committee of committee_world.h
 * behind a real aggregator served over HTTP on loopback, next to an independent key server.
 * Keys through the aggregator verified against the committee's pk; an object encrypted 2-of-2 to
 * {committee, independent} decrypted; weights across server kinds; a user the policy denies; a
 * member down; the SDK headers the client sends to aggregators (proved by the aggregator's
 * gate); no /v1/service for committee servers; aggregator_url refused for a server given as
 * independent. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "committee_world.h"
#include "aggregator/aggregator.h"
#include "seal/client.h"
#include "seal/encrypt.h"
#include "seal/keys.h"
#include "seal/sui.h"
#include "server/server.h"

static const uint8_t COMMITTEE_ID[32] = {[0] = 0xcc, [31] = 0x01};
static const uint8_t INDEP_ID[32] = {[0] = 0x1d, [31] = 0x02};

typedef struct front {
    seal_aggregator *agg;
    seal_server_http *http;
    char url[64];
} front;

/* An aggregator over members urls[0..2] (t = 2), served on a free port. ts_requirement: the
 * aggregator's gate for TypeScript clients. */
static void front_start(front *f, const char urls[3][64], const char *ts_requirement) {
    seal_aggregator_config *cfg = calloc(1, sizeof *cfg);
    cw_aggregator_config(cfg, ts_requirement, 3000, 3, -1);
    snprintf(cfg->server.listen, sizeof cfg->server.listen, "127.0.0.1:0");
    cfg->server.threads = 2;
    cfg->server.max_in_flight = 64;
    seal_aggregator_member ms[3];
    cw_members(ms, urls, 3);
    assert_int_equal(seal_aggregator_create(&f->agg, cfg, CW.chain, -1), SEAL_OK);
    assert_int_equal(seal_aggregator_set_committee(f->agg, 2, 0, ms, 3), SEAL_OK);
    seal_server_http_service svc = {"aggregator", seal_aggregator_handle, f->agg,
                                    seal_aggregator_metrics, f->agg};
    seal_server_http_options ho = {0};
    ho.log_fd = -1;
    char err[256];
    if (seal_server_http_start_service(&f->http, &svc, &cfg->server, &ho, err, sizeof err) !=
        SEAL_OK) {
        fail_msg("aggregator front: %s", err);
    }
    snprintf(f->url, sizeof f->url, "http://127.0.0.1:%u", seal_server_http_port(f->http));
    seal_aggregator_config_clear(cfg);
    free(cfg);
}

static void front_stop(front *f) {
    seal_server_http_stop(f->http, 1000);
    seal_aggregator_free(f->agg);
    memset(f, 0, sizeof *f);
}

/* The approve call for the allowlist and the id allowlist || "doc". */
static void approve_call(seal_client_call *call, seal_client_arg *arg, uint8_t id[36]) {
    cw_approve_call(call, arg, id, "doc", 3);
}

/* Server configs: the committee through aggregator_url, the independent server by URL. */
static void configs(seal_client_server_config cfg[2], const front *f, uint8_t w_committee,
                    uint8_t w_indep, char indep_url[64]) {
    memset(cfg, 0, 2 * sizeof *cfg);
    memcpy(cfg[0].object_id, COMMITTEE_ID, 32);
    cfg[0].weight = w_committee;
    cfg[0].aggregator_url = f->url;
    cfg[0].public_key = CW.committee_pk;
    cfg[0].api_key_name = "X-API-Key";
    cfg[0].api_key = "client-key";
    cw_real_url(indep_url, CW_INDEP);
    memcpy(cfg[1].object_id, INDEP_ID, 32);
    cfg[1].weight = w_indep;
    cfg[1].url = indep_url;
    cfg[1].public_key = CW.indep_pk;
}

static seal_err fetch_as(const seal_sui_keypair *user, seal_client *c, unsigned threshold) {
    seal_session *s = NULL;
    seal_client_call call;
    seal_client_arg arg;
    uint8_t id[36];
    approve_call(&call, &arg, id);
    assert_int_equal(seal_session_create(&s, user, SEAL_LEDGER_EXAMPLES_PACKAGE, NULL, 10, 0, NULL),
                     SEAL_OK);
    seal_err err = seal_client_fetch_keys(c, s, &call, 1, threshold, 0);
    seal_session_free(s);
    return err;
}

static void full_id(uint8_t out[67]) {
    memcpy(out, SEAL_LEDGER_EXAMPLES_PACKAGE, 32);
    memcpy(out + 32, CW.al, 32);
    memcpy(out + 64, "doc", 3);
}

/* What each test starts from: the aggregator front over members 0..2 (member `down` replaced by
 * a port nobody listens on; -1: none) gating TypeScript clients with ts_requirement, the server
 * configs (committee weight w_committee, independent weight 1), client options on CW.chain. */
typedef struct scene {
    char urls[3][64], indep_url[64];
    front f;
    seal_client_server_config cfg[2];
    seal_client_options o;
} scene;

static void scene_start(scene *w, int down, const char *ts_requirement, uint8_t w_committee) {
    memset(w, 0, sizeof *w);
    cw_good_urls(w->urls);
    if (down >= 0) {
        cw_down_url(w->urls[down]);
    }
    front_start(&w->f, w->urls, ts_requirement);
    configs(w->cfg, &w->f, w_committee, 1, w->indep_url);
    w->o.chain = CW.chain;
}

/* A client over the first n server configs of w (fails the test when it cannot be made). */
static seal_client *client(const scene *w, size_t n) {
    seal_client *c = NULL;
    if (seal_client_new(&c, &w->o, w->cfg, n) != SEAL_OK) {
        fail_msg("%s", seal_client_creation_error());
    }
    return c;
}

/* Fails the test with the client's last error unless err is SEAL_OK. */
static void assert_client_ok(seal_err err, seal_client *c) {
    if (err != SEAL_OK) {
        fail_msg("%s: %s", seal_strerror(err), seal_client_last_error(c));
    }
}

static void test_keys_through_the_aggregator(void **state) {
    (void)state;
    scene w;
    scene_start(&w, -1, ">=0.10.0", 1);
    w.o.verify_pop = true; /* checked for the independent server only */
    seal_client *c = client(&w, 1);
    seal_client_server_info info;
    assert_int_equal(seal_client_server_get(c, 0, &info), SEAL_OK);
    assert_true(info.committee);
    assert_string_equal(info.url, w.f.url);
    assert_client_ok(fetch_as(&CW.bob, c, 1), c);
    /* the combined key is the committee's: msk * H1(id) */
    uint8_t fid[67], want[48];
    seal_user_key got;
    full_id(fid);
    assert_int_equal(seal_keys_extract(want, CW.master_secret, fid, sizeof fid), SEAL_OK);
    assert_int_equal(seal_client_cached_keys(c, fid, sizeof fid, &got, 1), 1);
    assert_memory_equal(got.key, want, 48);
    seal_client_free(c);

    /* Carol is not on the list: the members' NoAccess comes back through the aggregator */
    c = client(&w, 1);
    assert_int_equal(fetch_as(&CW.carol, c, 1), SEAL_ERR_NO_ACCESS);
    assert_true(seal_client_error_count(c) >= 1);
    assert_string_equal(seal_client_error_get(c, 0)->kind, "NoAccess");
    seal_client_free(c);
    front_stop(&w.f);
}

/* An object encrypted 2-of-2 to {committee, independent} and decrypted; one member down. */
static void test_mixed_object(void **state) {
    (void)state;
    scene w;
    scene_start(&w, 1, ">=0.10.0", 1);
    seal_key_server ks[2];
    memcpy(ks[0].object_id, COMMITTEE_ID, 32);
    memcpy(ks[0].public_key, CW.committee_pk, 96);
    ks[0].weight = 1;
    memcpy(ks[1].object_id, INDEP_ID, 32);
    memcpy(ks[1].public_key, CW.indep_pk, 96);
    ks[1].weight = 1;
    uint8_t id[36];
    seal_client_call call;
    seal_client_arg arg;
    approve_call(&call, &arg, id);
    static const uint8_t MSG[] = "for the committee and one more";
    seal_encrypt_params p = {.package_id = SEAL_LEDGER_EXAMPLES_PACKAGE,
                             .id = id,
                             .id_len = 35,
                             .servers = ks,
                             .n_servers = 2,
                             .threshold = 2,
                             .dem = SEAL_DEM_AES_256_GCM};
    size_t cap = seal_encrypt_size(&p, sizeof MSG), len = 0;
    uint8_t *obj = malloc(cap);
    assert_int_equal(seal_encrypt(obj, cap, &len, NULL, &p, MSG, sizeof MSG, NULL), SEAL_OK);
    w.o.server_settings = w.cfg;
    w.o.n_server_settings = 2;
    seal_client *c = NULL;
    if (seal_client_new_for_object(&c, &w.o, obj, len) != SEAL_OK) {
        fail_msg("%s", seal_client_creation_error());
    }
    seal_session *s = NULL;
    assert_int_equal(
        seal_session_create(&s, &CW.bob, SEAL_LEDGER_EXAMPLES_PACKAGE, NULL, 10, 0, NULL), SEAL_OK);
    uint8_t *pt = NULL;
    size_t pt_len = 0;
    assert_client_ok(seal_client_decrypt_with_policy(c, s, obj, len, &call, &pt, &pt_len, 0), c);
    assert_int_equal(pt_len, sizeof MSG);
    assert_memory_equal(pt, MSG, sizeof MSG);
    free(pt);
    seal_session_free(s);
    seal_client_free(c);
    free(obj);
    front_stop(&w.f);
}

/* Weights across kinds (8.2): committee weight 2 meets threshold 2 alone; without it the
 * independent server's weight 1 does not. */
static void test_weights(void **state) {
    (void)state;
    scene w;
    scene_start(&w, -1, ">=0.10.0", 2);
    seal_client *c = client(&w, 2);
    assert_int_equal(fetch_as(&CW.bob, c, 2), SEAL_OK);
    uint8_t fid[67];
    seal_user_key got[2];
    full_id(fid);
    /* the committee alone sufficed: at most the committee's key, maybe the independent one too
     * (both asked at once) */
    size_t n = seal_client_cached_keys(c, fid, sizeof fid, got, 2);
    assert_true(n >= 1);
    seal_client_free(c);
    /* the aggregator gone: weight 1 < 2 (the client reports the committee's connection
     * failure) */
    char url[64];
    snprintf(url, sizeof url, "%s", w.f.url);
    front_stop(&w.f);
    w.cfg[0].aggregator_url = url;
    c = client(&w, 2);
    assert_int_equal(fetch_as(&CW.bob, c, 2), SEAL_ERR_IO);
    assert_string_equal(seal_client_error_get(c, 0)->kind, "ConnectionFailed");
    seal_client_free(c);
}

/* The client announces typescript 1.4.12 to aggregators: accepted by the default gate, refused
 * by a gate above it (what the aggregator checks is what we send). */
static void test_sdk_headers(void **state) {
    (void)state;
    scene w;
    scene_start(&w, -1, ">=1.4.12", 1);
    seal_client *c = client(&w, 1);
    assert_int_equal(fetch_as(&CW.bob, c, 1), SEAL_OK);
    seal_client_free(c);
    front_stop(&w.f);
    scene_start(&w, -1, ">=1.4.13", 1);
    c = client(&w, 1);
    assert_int_equal(fetch_as(&CW.bob, c, 1), SEAL_ERR_KEY_SERVER);
    assert_string_equal(seal_client_error_get(c, 0)->kind, "DeprecatedSDKVersion");
    seal_client_free(c);
    front_stop(&w.f);
}

/* aggregator_url and url together are refused; aggregator_url on a server the registry shows
 * as independent is refused (as the SDK). */
static void test_config_errors(void **state) {
    (void)state;
    seal_client_server_config cfg;
    memset(&cfg, 0, sizeof cfg);
    memcpy(cfg.object_id, INDEP_ID, 32);
    cfg.weight = 1;
    cfg.url = "http://127.0.0.1:1";
    cfg.aggregator_url = "http://127.0.0.1:2";
    cfg.public_key = CW.indep_pk;
    seal_client *c = NULL;
    seal_client_options o = {0};
    o.chain = CW.chain;
    assert_int_equal(seal_client_new(&c, &o, &cfg, 1), SEAL_ERR_INVALID_ARGUMENT);
    /* a registered independent server named with an aggregator URL */
    uint8_t admin[32], ks[32];
    seal_ledger_outcome out;
    seal_sui_keypair_address(admin, &CW.admin);
    char url[64];
    cw_real_url(url, CW_INDEP);
    assert_int_equal(
        seal_ledger_key_server_register(CW.ledger, admin, "indep", url, 0, CW.indep_pk, ks, &out),
        SEAL_OK);
    assert_int_equal(out.status, SEAL_LEDGER_SUCCESS);
    memset(&cfg, 0, sizeof cfg);
    memcpy(cfg.object_id, ks, 32);
    cfg.weight = 1;
    cfg.aggregator_url = "http://127.0.0.1:2";
    o.chain = CW.chain;
    assert_int_equal(seal_client_new(&c, &o, &cfg, 1), SEAL_ERR_INVALID_ARGUMENT);
    assert_non_null(strstr(seal_client_creation_error(), "not a committee"));
    /* the same server without it resolves as before */
    cfg.aggregator_url = NULL;
    assert_int_equal(seal_client_new(&c, &o, &cfg, 1), SEAL_OK);
    seal_client_server_info info;
    assert_int_equal(seal_client_server_get(c, 0, &info), SEAL_OK);
    assert_false(info.committee);
    assert_string_equal(info.url, url);
    seal_client_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keys_through_the_aggregator),
        cmocka_unit_test(test_mixed_object),
        cmocka_unit_test(test_weights),
        cmocka_unit_test(test_sdk_headers),
        cmocka_unit_test(test_config_errors),
    };
    return cmocka_run_group_tests(tests, cw_setup, cw_teardown);
}
