/* Key server core: routing, headers, fetch_key validation and answers (src/server/server_core.c,
 * server_fetch.c, docs/server.md), against an embedded chain on a temporary ledger. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"
#include "server/server.h"
#include "server/server_internal.h"
#include "ledger/internal.h"
#include "localnet/localnet.h"
#include "seal/bls12_381.h"
#include "seal/chain.h"
#include "seal/elgamal.h"
#include "seal/keys.h"
#include "seal/ledger.h"
#include "seal/sui.h"
#include "seal/sui_sig.h"
#include "seal/sui_tx.h"

#define T0 1700000000000ull
#define NOW (T0 + 60000u) /* requests are made one minute after genesis */

static char g_dir[64];
static char g_spec[128];
static seal_chain *g_chain;
static seal_server *g_srv;  /* Open */
static seal_server *g_perm; /* Permissioned: one client for the examples package */
static uint8_t g_pk[96], g_perm_pk[96];
static uint8_t g_ks_id[32], g_perm_ks_id[32];
static seal_sui_keypair g_ed, g_k1, g_r1, g_stranger, g_owner;
static uint8_t g_al[32], g_cap[32];
static uint64_t g_al_version;
static seal_server_config g_open_cfg; /* the Open server's configuration (a gRPC twin) */

/* ---- fixture -------------------------------------------------------------------------------- */

static int setup(void **state) {
    (void)state;
    char path[128];
    seal_ledger *l = NULL;
    seal_ledger_outcome o;
    tu_rng r;
    uint8_t secret[32];
    tu_rng_init(&r, 77);
    if (!tu_tempdir(g_dir, sizeof g_dir, "seal_srvcore_"))
        return -1;
    snprintf(path, sizeof path, "%s/ledger.db", g_dir);
    snprintf(g_spec, sizeof g_spec, "embedded:%s", g_dir);
    tu_rng_bytes(&r, secret, 32);
    if (seal_sui_keypair_from_secret(&g_ed, SEAL_SUI_SCHEME_ED25519, secret) != SEAL_OK)
        return -1;
    tu_rng_bytes(&r, secret, 32);
    if (seal_sui_keypair_from_secret(&g_k1, SEAL_SUI_SCHEME_SECP256K1, secret) != SEAL_OK)
        return -1;
    tu_rng_bytes(&r, secret, 32);
    if (seal_sui_keypair_from_secret(&g_r1, SEAL_SUI_SCHEME_SECP256R1, secret) != SEAL_OK)
        return -1;
    tu_rng_bytes(&r, secret, 32);
    if (seal_sui_keypair_from_secret(&g_stranger, SEAL_SUI_SCHEME_ED25519, secret) != SEAL_OK)
        return -1;
    tu_rng_bytes(&r, secret, 32);
    if (seal_sui_keypair_from_secret(&g_owner, SEAL_SUI_SCHEME_ED25519, secret) != SEAL_OK)
        return -1;
    uint8_t owner[32], ed[32], k1[32];
    seal_sui_keypair_address(owner, &g_owner);
    seal_sui_keypair_address(ed, &g_ed);
    seal_sui_keypair_address(k1, &g_k1);
    if (seal_ledger_open_ex(&l, path, T0) != SEAL_OK)
        return -1;
    if (seal_ledger_allowlist_create(l, owner, "team", g_al, g_cap, &o) != SEAL_OK ||
        o.status != SEAL_LEDGER_SUCCESS)
        return -1;
    if (seal_ledger_allowlist_add(l, owner, g_al, g_cap, ed, &o) != SEAL_OK ||
        o.status != SEAL_LEDGER_SUCCESS)
        return -1;
    if (seal_ledger_allowlist_add(l, owner, g_al, g_cap, k1, &o) != SEAL_OK ||
        o.status != SEAL_LEDGER_SUCCESS)
        return -1;
    uint8_t r1[32];
    seal_sui_keypair_address(r1, &g_r1);
    if (seal_ledger_allowlist_add(l, owner, g_al, g_cap, r1, &o) != SEAL_OK ||
        o.status != SEAL_LEDGER_SUCCESS)
        return -1;
    seal_ledger_object obj;
    bool found = false;
    if (seal_ledger_object_get(l, g_al, &obj, &found) != SEAL_OK || !found)
        return -1;
    g_al_version = obj.owner.version;
    seal_ledger_object_clear(&obj);
    seal_ledger_close(l);
    if (seal_chain_open(&g_chain, g_spec, NULL) != SEAL_OK)
        return -1;

    /* Open server. */
    seal_server_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.mode = SEAL_SERVER_OPEN;
    memcpy(cfg.seal_package, SEAL_LEDGER_SEAL_PACKAGE, 32);
    snprintf(cfg.network, sizeof cfg.network, "Devnet");
    snprintf(cfg.ts_sdk_version_requirement, 64, ">=0.4.5");
    snprintf(cfg.rust_sdk_version_requirement, 64, ">=0.0.0");
    snprintf(cfg.python_sdk_version_requirement, 64, ">=0.0.0");
    snprintf(cfg.aggregator_version_requirement, 64, ">=0.6.2");
    cfg.allowed_staleness_ms = 120000;
    cfg.session_key_ttl_max_ms = 30u * 60000u;
    cfg.rgp_update_interval_ms = 60000;
    tu_rng_bytes(&r, g_ks_id, 32);
    memcpy(cfg.key_server_object_id, g_ks_id, 32);
    if (seal_keys_generate(cfg.msk, g_pk, NULL) != SEAL_OK)
        return -1;
    cfg.has_msk = true;
    if (seal_server_create(&g_srv, &cfg, g_chain) != SEAL_OK)
        return -1;
    g_open_cfg = cfg;
    /* Permissioned server: client 0 derived from a seed, serving the examples package. */
    uint8_t seed[32];
    tu_rng_bytes(&r, seed, 32);
    seal_memzero(cfg.msk, 32);
    cfg.has_msk = false;
    cfg.mode = SEAL_SERVER_PERMISSIONED;
    cfg.n_clients = 1;
    snprintf(cfg.clients[0].name, sizeof cfg.clients[0].name, "alice");
    tu_rng_bytes(&r, g_perm_ks_id, 32);
    memcpy(cfg.clients[0].key_server_object_id, g_perm_ks_id, 32);
    memcpy(cfg.clients[0].package_ids[0], SEAL_LEDGER_EXAMPLES_PACKAGE, 32);
    cfg.clients[0].n_package_ids = 1;
    if (seal_keys_derive_master_key(cfg.clients[0].msk, seed, 0) != SEAL_OK ||
        seal_keys_public_key(g_perm_pk, cfg.clients[0].msk) != SEAL_OK)
        return -1;
    cfg.clients[0].has_msk = true;
    if (seal_server_create(&g_perm, &cfg, g_chain) != SEAL_OK)
        return -1;
    seal_server_config_clear(&cfg);
    return 0;
}

static int teardown(void **state) {
    (void)state;
    seal_server_free(g_srv);
    seal_server_free(g_perm);
    seal_chain_close(g_chain);
    seal_server_config_clear(&g_open_cfg);
    seal_sui_keypair_clear(&g_ed);
    seal_sui_keypair_clear(&g_k1);
    seal_sui_keypair_clear(&g_r1);
    return tu_rmtree(g_dir);
}

/* ---- requests ------------------------------------------------------------------------------- */

static const seal_server_header STD_HEADERS[] = {
    {"Content-Type", "application/json"},
    {"Client-Sdk-Type", "typescript"},
    {"Client-Sdk-Version", "1.4.12"},
    {"Request-Id", "5e0c7a4e-0000-4000-8000-000000000000"},
};

static void request_h(seal_server *srv, seal_server_response *resp, const char *method,
                      const char *path, const char *query, const seal_server_header *h, size_t nh,
                      const char *body, uint64_t now) {
    seal_server_request req = {0};
    req.method = method;
    req.path = path;
    req.query = query;
    req.headers = h;
    req.n_headers = nh;
    req.body = (const uint8_t *)body;
    req.body_len = body != NULL ? strlen(body) : 0;
    req.now_ms = now;
    seal_server_handle(srv, &req, resp);
}

/* What a fetch_key request is built from; build() fills defaults for a valid request. */
typedef struct fk {
    const seal_sui_keypair *user;   /* certificate.user */
    const seal_sui_keypair *signer; /* who signs the certificate (default: user) */
    uint8_t session_sk[32], session_vk[32];
    uint64_t creation;
    uint16_t ttl;
    const uint8_t *pkg; /* package of the calls (default: examples) */
    const char *function;
    size_t n_calls;
    uint8_t inner[2][40];
    size_t inner_len;
    uint8_t enc_sk[32], enc_key[48], enc_vk[96];
    bool bad_session_sig;
    bool bad_user_sig;
    const uint8_t *user_sig; /* the certificate's signature as given (a zkLogin one), and */
    size_t user_sig_len;
    const uint8_t *user_addr; /* its user */
    const char *mvr_name;
    char *ptb_b64_override;
    bool ptb_set; /* ptb/ptb_len given by the test */
    /* outputs */
    uint8_t ptb[8192];
    size_t ptb_len;
} fk;

static void fk_init(fk *f, const seal_sui_keypair *user) {
    memset(f, 0, sizeof *f);
    f->user = user;
    f->creation = NOW - 1000;
    f->ttl = 10;
    f->pkg = SEAL_LEDGER_EXAMPLES_PACKAGE;
    f->function = "seal_approve";
    f->n_calls = 1;
    for (int c = 0; c < 2; c++) {
        memcpy(f->inner[c], g_al, 32);
        memcpy(f->inner[c] + 32, "nonce", 5);
        f->inner[c][36] = (uint8_t)('0' + c);
    }
    f->inner_len = 37;
    tu_rng r;
    tu_rng_init(&r, 5);
    uint8_t seed[32];
    tu_rng_bytes(&r, seed, 32);
    memcpy(f->session_sk, seed, 32);
    assert_int_equal(seal_sui_ed25519_public_key(f->session_vk, f->session_sk), SEAL_OK);
    assert_int_equal(seal_elgamal_keygen(f->enc_sk, f->enc_key, f->enc_vk, NULL), SEAL_OK);
}

/* The PTB: n_calls x <pkg>::allowlist::<function>(Pure(inner), Shared(allowlist)). */
static void build_ptb(fk *f) {
    seal_sui_call_arg inputs[3];
    seal_sui_command cmds[2];
    seal_sui_argument args[2][2];
    uint8_t pure[2][48];
    memset(inputs, 0, sizeof inputs);
    memset(cmds, 0, sizeof cmds);
    inputs[0].kind = SEAL_SUI_CALL_ARG_OBJECT;
    inputs[0].object_kind = SEAL_SUI_OBJECT_SHARED;
    memcpy(inputs[0].object.id, g_al, 32);
    inputs[0].initial_shared_version = g_al_version;
    inputs[0].mutability = SEAL_SUI_SHARED_IMMUTABLE;
    for (size_t c = 0; c < f->n_calls; c++) {
        pure[c][0] = (uint8_t)f->inner_len;
        memcpy(pure[c] + 1, f->inner[c], f->inner_len);
        inputs[1 + c].kind = SEAL_SUI_CALL_ARG_PURE;
        inputs[1 + c].pure = (seal_sui_bytes){pure[c], 1 + f->inner_len};
        args[c][0] = (seal_sui_argument){SEAL_SUI_ARG_INPUT, (uint16_t)(1 + c), 0};
        args[c][1] = (seal_sui_argument){SEAL_SUI_ARG_INPUT, 0, 0};
        cmds[c].kind = SEAL_SUI_CMD_MOVE_CALL;
        memcpy(cmds[c].package, f->pkg, 32);
        cmds[c].module = (seal_sui_bytes){(const uint8_t *)"allowlist", 9};
        cmds[c].function = (seal_sui_bytes){(const uint8_t *)f->function, strlen(f->function)};
        cmds[c].n_args = 2;
        cmds[c].args = args[c];
    }
    seal_sui_ptb ptb = {1 + f->n_calls, inputs, f->n_calls, cmds};
    seal_bcs_writer w;
    seal_bcs_writer_init(&w, f->ptb, sizeof f->ptb);
    assert_int_equal(seal_sui_ptb_encode(&w, &ptb), SEAL_OK);
    assert_int_equal(seal_bcs_writer_finish(&w), SEAL_OK);
    f->ptb_len = w.len;
}

static char *b64(const uint8_t *p, size_t n) {
    char *s = malloc(seal_sui_base64_encoded_len(n) + 1);
    assert_non_null(s);
    seal_sui_base64_encode(s, p, n);
    return s;
}

/* The JSON body of f (ptb from build_ptb() unless already set). */
static char *build_body(fk *f) {
    if (!f->ptb_set)
        build_ptb(f);
    uint8_t user[32], pkg_for_cert[32];
    if (f->user_addr != NULL)
        memcpy(user, f->user_addr, 32);
    else
        seal_sui_keypair_address(user, f->user);
    memcpy(pkg_for_cert, f->pkg, 32);
    char msg[SEAL_SUI_CERT_MESSAGE_MAX];
    size_t msg_len = 0;
    assert_int_equal(seal_sui_certificate_message_for_package(msg, sizeof msg, &msg_len,
                                                              pkg_for_cert, f->session_vk,
                                                              f->creation, f->ttl),
                     SEAL_OK);
    if (f->bad_user_sig)
        msg[0] = 'a'; /* sign another message */
    uint8_t sig[1024];
    size_t sig_len = 0;
    assert_int_equal(seal_sui_sign_personal_message(sig, &sig_len,
                                                    f->signer != NULL ? f->signer : f->user,
                                                    (const uint8_t *)msg, msg_len),
                     SEAL_OK);
    if (f->user_sig != NULL) {
        assert_true(f->user_sig_len <= sizeof sig);
        memcpy(sig, f->user_sig, f->user_sig_len);
        sig_len = f->user_sig_len;
    }
    uint8_t signed_req[9000];
    seal_bcs_writer w;
    seal_bcs_writer_init(&w, signed_req, sizeof signed_req);
    seal_sui_request_bytes_write(&w, f->ptb, f->ptb_len, f->enc_key, f->enc_vk);
    assert_int_equal(seal_bcs_writer_finish(&w), SEAL_OK);
    uint8_t rsig[64];
    assert_int_equal(seal_sui_ed25519_sign(rsig, f->session_sk, signed_req, w.len), SEAL_OK);
    if (f->bad_session_sig)
        rsig[5] ^= 1;
    char user_hex[SEAL_SUI_ADDRESS_HEX_BYTES];
    seal_sui_address_format(user_hex, user);
    char *p = f->ptb_b64_override != NULL ? strdup(f->ptb_b64_override) : b64(f->ptb, f->ptb_len);
    char *ek = b64(f->enc_key, 48), *evk = b64(f->enc_vk, 96), *rs = b64(rsig, 64);
    char *vk = b64(f->session_vk, 32), *us = b64(sig, sig_len);
    json_t *cert =
        json_pack("{s:s, s:s, s:I, s:i, s:s}", "user", user_hex, "session_vk", vk, "creation_time",
                  (json_int_t)f->creation, "ttl_min", (int)f->ttl, "signature", us);
    assert_non_null(cert);
    json_object_set_new(cert, "mvr_name",
                        f->mvr_name != NULL ? json_string(f->mvr_name) : json_null());
    json_t *j =
        json_pack("{s:s, s:s, s:s, s:s, s:o}", "ptb", p, "enc_key", ek, "enc_verification_key", evk,
                  "request_signature", rs, "certificate", cert);
    assert_non_null(j);
    char *out = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    free(p);
    free(ek);
    free(evk);
    free(rs);
    free(vk);
    free(us);
    return out;
}

static void post(seal_server *srv, seal_server_response *resp, const char *body, uint64_t now) {
    request_h(srv, resp, "POST", "/v1/fetch_key", NULL, STD_HEADERS, 4, body, now);
}

/* Asserts an official error body. message_prefix: exact message, or a prefix when ending in
 * '*'. */
static void expect_error(seal_server_response *resp, unsigned status, const char *kind,
                         const char *message) {
    if (resp->status != status)
        fail_msg("status %u, want %u (body %s, reason %s)", resp->status, status, resp->body,
                 resp->reason);
    assert_string_equal(resp->error_kind, kind);
    if (getenv("SEAL_TEST_VERBOSE") != NULL)
        fprintf(stderr, "%u %s (reason: %s)\n", resp->status, resp->body, resp->reason);
    json_error_t je;
    json_t *j = json_loadb(resp->body, resp->body_len, 0, &je);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "error")), kind);
    const char *m = json_string_value(json_object_get(j, "message"));
    assert_non_null(m);
    size_t ml = strlen(message);
    if (ml > 0 && message[ml - 1] == '*')
        assert_int_equal(strncmp(m, message, ml - 1), 0);
    else
        assert_string_equal(m, message);
    assert_int_equal(json_object_size(j), 2);
    assert_true(resp->version_headers);
    json_decref(j);
}

static void fetch_expect(seal_server *srv, fk *f, uint64_t now, unsigned status, const char *kind,
                         const char *message) {
    char *body = build_body(f);
    seal_server_response resp;
    post(srv, &resp, body, now);
    expect_error(&resp, status, kind, message);
    seal_server_response_clear(&resp);
    free(body);
}

/* Posts f and checks every returned key: ElGamal-decrypts to a usk valid for pkg||inner under
 * pk. Returns the number of keys. */
static size_t fetch_ok(seal_server *srv, fk *f, const uint8_t pk[96]) {
    char *body = build_body(f);
    seal_server_response resp;
    post(srv, &resp, body, NOW);
    if (resp.status != 200)
        fail_msg("status %u: %s", resp.status, resp.body);
    assert_null(resp.error_kind);
    assert_true(resp.version_headers);
    assert_string_equal(resp.route, "/v1/fetch_key");
    assert_string_equal(resp.sdk_type, "typescript");
    assert_string_equal(resp.sdk_version, "1.4.12");
    assert_string_equal(resp.content_type, "application/json");
    assert_false(resp.stale);
    assert_true(resp.check_policy_us > 0);
    json_error_t je;
    json_t *j = json_loadb(resp.body, resp.body_len, 0, &je);
    assert_non_null(j);
    json_t *keys = json_object_get(j, "decryption_keys");
    assert_true(json_is_array(keys));
    assert_int_equal(json_array_size(keys), f->n_calls);
    assert_int_equal(resp.n_ids, f->n_calls);
    for (size_t i = 0; i < json_array_size(keys); i++) {
        json_t *e = json_array_get(keys, i);
        json_t *id = json_object_get(e, "id");
        uint8_t full[80];
        assert_int_equal(json_array_size(id), 32 + f->inner_len);
        for (size_t k = 0; k < json_array_size(id); k++)
            full[k] = (uint8_t)json_integer_value(json_array_get(id, k));
        tu_assert_bytes(full, SEAL_LEDGER_EXAMPLES_PACKAGE, 32, "id package");
        tu_assert_bytes(full + 32, f->inner[i], f->inner_len, "inner id");
        json_t *ek = json_object_get(e, "encrypted_key");
        assert_int_equal(json_array_size(ek), 2);
        uint8_t c0[48], c1[48], usk[48];
        size_t n = 0;
        const char *s0 = json_string_value(json_array_get(ek, 0));
        const char *s1 = json_string_value(json_array_get(ek, 1));
        assert_int_equal(seal_sui_base64_decode(c0, 48, &n, s0, strlen(s0)), SEAL_OK);
        assert_int_equal(n, 48);
        assert_int_equal(seal_sui_base64_decode(c1, 48, &n, s1, strlen(s1)), SEAL_OK);
        assert_int_equal(n, 48);
        assert_int_equal(seal_elgamal_decrypt(usk, f->enc_sk, c0, c1), SEAL_OK);
        assert_int_equal(seal_keys_verify_user_secret_key(usk, pk, full, 32 + f->inner_len),
                         SEAL_OK);
        /* ... and not under another key server's key. */
        assert_int_not_equal(seal_keys_verify_user_secret_key(usk, pk == g_pk ? g_perm_pk : g_pk,
                                                              full, 32 + f->inner_len),
                             SEAL_OK);
    }
    size_t count = json_array_size(keys);
    json_decref(j);
    seal_server_response_clear(&resp);
    free(body);
    return count;
}

/* ---- tests: routes and headers -------------------------------------------------------------- */

static void test_health(void **state) {
    (void)state;
    seal_server_response resp;
    request_h(g_srv, &resp, "GET", "/health", NULL, NULL, 0, NULL, NOW);
    assert_int_equal(resp.status, 200);
    assert_string_equal(resp.route, "/health");
    assert_null(resp.error_kind);
    assert_false(resp.version_headers);
    json_error_t je;
    json_t *j = json_loadb(resp.body, resp.body_len, 0, &je);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "name")), "key-server");
    assert_string_equal(json_string_value(json_object_get(j, "version")), SEAL_SERVER_VERSION);
    assert_string_equal(json_string_value(json_object_get(j, "status")), "up");
    assert_int_equal(json_object_size(j), 3);
    json_decref(j);
    seal_server_response_clear(&resp);
}

static void test_unknown_route(void **state) {
    (void)state;
    seal_server_response resp;
    request_h(g_srv, &resp, "GET", "/v2/whatever", NULL, STD_HEADERS, 4, NULL, NOW);
    assert_int_equal(resp.status, 404);
    assert_string_equal(resp.route, "unknown");
    assert_false(resp.version_headers);
    seal_server_response_clear(&resp);
    request_h(g_srv, &resp, "GET", "/v1/fetch_key/x", NULL, STD_HEADERS, 4, NULL, NOW);
    assert_int_equal(resp.status, 404);
    seal_server_response_clear(&resp);
    /* Wrong method on a known route: 405 after the header checks, with version headers. */
    request_h(g_srv, &resp, "GET", "/v1/fetch_key", NULL, STD_HEADERS, 4, NULL, NOW);
    assert_int_equal(resp.status, 405);
    assert_true(resp.version_headers);
    assert_string_equal(resp.route, "/v1/fetch_key");
    seal_server_response_clear(&resp);
    request_h(g_srv, &resp, "GET", "/v1/fetch_key", NULL, NULL, 0, NULL, NOW);
    expect_error(&resp, 400, "MissingRequiredHeader",
                 "Missing required header: Client-Sdk-Version");
    seal_server_response_clear(&resp);
}

static void sdk_case(const char *type, const char *version, unsigned status, const char *kind) {
    seal_server_header h[3] = {{"content-type", "application/json"}, {NULL, NULL}, {NULL, NULL}};
    size_t n = 1;
    if (type != NULL)
        h[n++] = (seal_server_header){"client-sdk-type", type};
    if (version != NULL)
        h[n++] = (seal_server_header){"CLIENT-SDK-VERSION", version};
    seal_server_response resp;
    /* /v1/service with a good id: 200 when the headers pass. */
    char q[100] = "service_id=0x";
    seal_hex_encode(q + strlen(q), g_ks_id, 32);
    request_h(g_srv, &resp, "GET", "/v1/service", q, h, n, NULL, NOW);
    if (resp.status != status)
        fail_msg("%s %s: status %u, want %u", type ? type : "-", version ? version : "-",
                 resp.status, status);
    if (kind == NULL) {
        assert_null(resp.error_kind);
    } else {
        assert_string_equal(resp.error_kind, kind);
    }
    assert_true(resp.version_headers);
    seal_server_response_clear(&resp);
}

static void test_sdk_headers(void **state) {
    (void)state;
    sdk_case("typescript", "1.4.12", 200, NULL);
    sdk_case("typescript", "0.4.5", 200, NULL);
    sdk_case("typescript", "0.4.4", 426, "DeprecatedSDKVersion");
    sdk_case("typescript", "0.4.5-rc.1", 426, "DeprecatedSDKVersion"); /* pre-release < 0.4.5 */
    sdk_case("aggregator", "0.6.1", 426, "DeprecatedSDKVersion");
    sdk_case("aggregator", "0.6.2", 200, NULL);
    sdk_case("rust", "0.0.0", 200, NULL);
    sdk_case("other-sdk", "0.0.1", 200, NULL); /* unknown types are not gated */
    sdk_case(NULL, "0.0.1", 200, NULL);
    sdk_case("typescript", "1.4", 400, "InvalidSDKVersion");
    sdk_case("typescript", "v1.4.12", 400, "InvalidSDKVersion");
    sdk_case("typescript", "01.4.12", 400, "InvalidSDKVersion");
    sdk_case("typescript", "1.4.12 ", 400, "InvalidSDKVersion");
    sdk_case(NULL, "garbage", 400, "InvalidSDKVersion");
    sdk_case("typescript", NULL, 400, "MissingRequiredHeader");
    /* The message texts. */
    seal_server_response resp;
    seal_server_header h[2] = {{"Client-Sdk-Type", "typescript"}, {"Client-Sdk-Version", "0.1.0"}};
    request_h(g_srv, &resp, "GET", "/v1/service", "service_id=0x1", h, 2, NULL, NOW);
    expect_error(&resp, 426, "DeprecatedSDKVersion", "Deprecated SDK version");
    seal_server_response_clear(&resp);
    h[1].value = "x";
    request_h(g_srv, &resp, "GET", "/v1/service", "service_id=0x1", h, 2, NULL, NOW);
    expect_error(&resp, 400, "InvalidSDKVersion", "Invalid SDK version");
    seal_server_response_clear(&resp);
}

static void test_semver_requirements(void **state) {
    (void)state;
    static const struct {
        const char *req, *ver;
        bool match;
    } cases[] = {
        {">=0.4.5", "0.4.5", true},
        {">=0.4.5", "0.4.4", false},
        {">=0.4.5", "1.0.0", true},
        {">=0.4.5", "0.5.0-alpha", false},
        {">=1.0.0, <2.0.0", "1.9.9", true},
        {">=1.0.0, <2.0.0", "2.0.0", false},
        {">=1.0.0,<2.0.0", "0.9.0", false},
        {"<1.2", "1.1.9", true},
        {"<1.2", "1.2.0", false},
        {"=1.2.3", "1.2.3", true},
        {"=1.2.3", "1.2.4", false},
        {"1.2.3", "1.9.0", true}, /* caret */
        {"1.2.3", "2.0.0", false},
        {"^0.2.3", "0.2.9", true},
        {"^0.2.3", "0.3.0", false},
        {"~1.2", "1.2.9", true},
        {"~1.2", "1.3.0", false},
        {"*", "3.1.4", true},
        {"1.*", "1.7.0", true},
        {"1.*", "2.0.0", false},
        {">=0.10.0-rc.1", "0.10.0-rc.2", true},
        {">=0.10.0-rc.1", "0.10.0-beta", false},
        {">0.4", "0.5.0", true},
        {">0.4", "0.4.9", false},
        {"<=0.4", "0.4.9", true},
        {"<=0.4", "0.5.0", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        seal__semver v;
        assert_true(seal__semver_parse(&v, cases[i].ver));
        assert_true(seal__semver_req_valid(cases[i].req));
        if (seal__semver_req_matches(cases[i].req, &v) != cases[i].match)
            fail_msg("%s matches %s: want %d", cases[i].req, cases[i].ver, cases[i].match);
    }
    static const char *bad_reqs[] = {">=",      "abc", ">=1.2.3,", ">=1..2", ">= 1.2.3 garbage",
                                     ">=01.2.3"};
    for (size_t i = 0; i < sizeof bad_reqs / sizeof bad_reqs[0]; i++)
        if (seal__semver_req_valid(bad_reqs[i]))
            fail_msg("accepted requirement %s", bad_reqs[i]);
    seal__semver v;
    assert_true(seal__semver_parse(&v, "1.2.3-alpha.1+build.5"));
    assert_string_equal(v.pre, "alpha.1");
    assert_false(seal__semver_parse(&v, "1.2.3-01"));
    assert_false(seal__semver_parse(&v, "1.2.3-"));
    assert_false(seal__semver_parse(&v, ""));
}

static void test_service(void **state) {
    (void)state;
    seal_server_response resp;
    char q[100] = "service_id=0x";
    seal_hex_encode(q + strlen(q), g_ks_id, 32);
    request_h(g_srv, &resp, "GET", "/v1/service", q, STD_HEADERS, 4, NULL, NOW);
    assert_int_equal(resp.status, 200);
    assert_string_equal(resp.route, "/v1/service");
    json_error_t je;
    json_t *j = json_loadb(resp.body, resp.body_len, 0, &je);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "service_id")), q + 11);
    const char *pop_b64 = json_string_value(json_object_get(j, "pop"));
    uint8_t pop[48];
    size_t n = 0;
    assert_int_equal(seal_sui_base64_decode(pop, 48, &n, pop_b64, strlen(pop_b64)), SEAL_OK);
    assert_int_equal(n, 48);
    assert_int_equal(seal_keys_pop_verify(pop, g_pk, g_ks_id), SEAL_OK);
    assert_int_not_equal(seal_keys_pop_verify(pop, g_perm_pk, g_ks_id), SEAL_OK);
    json_decref(j);
    seal_server_response_clear(&resp);
    /* Percent-encoded query and other parameters are fine. */
    char q2[140] = "x=1&service_id=%30x";
    seal_hex_encode(q2 + strlen(q2), g_ks_id, 32);
    request_h(g_srv, &resp, "GET", "/v1/service", q2, STD_HEADERS, 4, NULL, NOW);
    assert_int_equal(resp.status, 200);
    seal_server_response_clear(&resp);
    /* Bad ids. */
    const char *bad[] = {NULL,
                         "",
                         "service_id=",
                         "service_id=0x1",
                         "service_id=1234",
                         "service_id=0xzz",
                         "service_id=%zz",
                         "other=0x1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        request_h(g_srv, &resp, "GET", "/v1/service", bad[i], STD_HEADERS, 4, NULL, NOW);
        expect_error(&resp, 400, "InvalidServiceId", "Invalid service ID");
        seal_server_response_clear(&resp);
    }
    /* Permissioned: the client's key server object; the Open server's id is unknown there. */
    char q3[100] = "service_id=0x";
    seal_hex_encode(q3 + strlen(q3), g_perm_ks_id, 32);
    request_h(g_perm, &resp, "GET", "/v1/service", q3, STD_HEADERS, 4, NULL, NOW);
    assert_int_equal(resp.status, 200);
    j = json_loadb(resp.body, resp.body_len, 0, &je);
    pop_b64 = json_string_value(json_object_get(j, "pop"));
    assert_int_equal(seal_sui_base64_decode(pop, 48, &n, pop_b64, strlen(pop_b64)), SEAL_OK);
    assert_int_equal(seal_keys_pop_verify(pop, g_perm_pk, g_perm_ks_id), SEAL_OK);
    json_decref(j);
    seal_server_response_clear(&resp);
    request_h(g_perm, &resp, "GET", "/v1/service", q, STD_HEADERS, 4, NULL, NOW);
    expect_error(&resp, 400, "InvalidServiceId", "Invalid service ID");
    seal_server_response_clear(&resp);
}

static void test_debug_route(void **state) {
    (void)state;
    seal_server_response resp;
    request_h(g_srv, &resp, "GET", "/v1/debug/committee_partial_pk", NULL, STD_HEADERS, 4, NULL,
              NOW);
    assert_int_equal(resp.status, 400);
    assert_string_equal(resp.body, "Unsupported");
    assert_true(resp.version_headers);
    assert_string_equal(resp.route, "/v1/debug/committee_partial_pk");
    seal_server_response_clear(&resp);
    request_h(g_srv, &resp, "GET", "/v1/debug/committee_partial_pk", NULL, NULL, 0, NULL, NOW);
    assert_int_equal(resp.status, 400);
    assert_string_equal(resp.error_kind, "MissingRequiredHeader");
    seal_server_response_clear(&resp);
}

/* ---- tests: fetch_key success --------------------------------------------------------------- */

/* body with certificate.<field> replaced by v (stolen); the caller frees the result. */
static char *patch_cert(const char *body, const char *field, json_t *v) {
    json_error_t je;
    json_t *j = json_loads(body, 0, &je);
    assert_non_null(j);
    assert_int_equal(json_object_set_new(json_object_get(j, "certificate"), field, v), 0);
    char *out = json_dumps(j, JSON_COMPACT);
    assert_non_null(out);
    json_decref(j);
    return out;
}

/* The server remembers certificates whose signature verified: the same certificate again is
 * granted, and any change to what the signature covers misses the cache and is refused. */
static void test_fetch_certificate_cache(void **state) {
    (void)state;
    fk f;
    fk_init(&f, &g_ed);
    char *body = build_body(&f);
    seal_server_response resp;
    for (int round = 0; round < 2; round++) { /* verified, then remembered */
        post(g_srv, &resp, body, NOW);
        assert_int_equal(resp.status, 200);
        seal_server_response_clear(&resp);
    }
    uint8_t other[32];
    char other_hex[SEAL_SUI_ADDRESS_HEX_BYTES];
    seal_sui_keypair_address(other, &g_k1);
    seal_sui_address_format(other_hex, other);
    char *b1 = patch_cert(body, "user", json_string(other_hex));
    post(g_srv, &resp, b1, NOW);
    expect_error(&resp, 403, "InvalidSignature", "Invalid user signature");
    seal_server_response_clear(&resp);
    json_t *root = json_loads(body, 0, NULL);
    assert_non_null(root);
    json_int_t t =
        json_integer_value(json_object_get(json_object_get(root, "certificate"), "creation_time"));
    json_decref(root);
    assert_true(t > 0);
    char *b2 = patch_cert(body, "creation_time", json_integer(t - 1));
    post(g_srv, &resp, b2, NOW);
    expect_error(&resp, 403, "InvalidSignature", "Invalid user signature");
    seal_server_response_clear(&resp);
    /* The remembered certificate still meets the time checks. */
    post(g_srv, &resp, body, (uint64_t)t + 31u * 60000u);
    expect_error(&resp, 403, "InvalidCertificate", "Invalid certificate time or ttl");
    seal_server_response_clear(&resp);
    post(g_srv, &resp, body, NOW);
    assert_int_equal(resp.status, 200);
    seal_server_response_clear(&resp);
    free(b1);
    free(b2);
    free(body);
}

static void test_fetch_valid_ed25519(void **state) {
    (void)state;
    fk f;
    fk_init(&f, &g_ed);
    assert_int_equal(fetch_ok(g_srv, &f, g_pk), 1);
    fk_init(&f, &g_ed);
    f.n_calls = 2;
    assert_int_equal(fetch_ok(g_srv, &f, g_pk), 2);
}

static void test_fetch_valid_ecdsa(void **state) {
    (void)state;
    fk f;
    fk_init(&f, &g_k1);
    assert_int_equal(fetch_ok(g_srv, &f, g_pk), 1);
    fk_init(&f, &g_r1);
    assert_int_equal(fetch_ok(g_srv, &f, g_pk), 1);
}

static void test_fetch_permissioned(void **state) {
    (void)state;
    fk f;
    fk_init(&f, &g_ed);
    assert_int_equal(fetch_ok(g_perm, &f, g_perm_pk), 1);
    /* The patterns package is not one of the client's packages. */
    fk_init(&f, &g_ed);
    f.pkg = SEAL_LEDGER_PATTERNS_PACKAGE;
    fetch_expect(g_perm, &f, NOW, 400, "UnsupportedPackageId", "Unsupported package ID");
}

/* ---- tests: fetch_key errors in order ------------------------------------------------------- */

static void post_raw_expect(const char *body, const seal_server_header *h, size_t nh,
                            unsigned status, const char *text_prefix) {
    seal_server_response resp;
    request_h(g_srv, &resp, "POST", "/v1/fetch_key", NULL, h, nh, body, NOW);
    if (resp.status != status)
        fail_msg("status %u, want %u: %s", resp.status, status, resp.body);
    assert_int_equal(strncmp(resp.body, text_prefix, strlen(text_prefix)), 0);
    assert_true(resp.version_headers);
    seal_server_response_clear(&resp);
}

static void test_fetch_body_errors(void **state) {
    (void)state;
    fk f;
    fk_init(&f, &g_ed);
    char *good = build_body(&f);
    seal_server_header no_ct[2] = {STD_HEADERS[1], STD_HEADERS[2]};
    post_raw_expect(good, no_ct, 2, 415, "Expected request with `Content-Type: application/json`");
    seal_server_header text_ct[3] = {
        {"Content-Type", "text/plain"}, STD_HEADERS[1], STD_HEADERS[2]};
    post_raw_expect(good, text_ct, 3, 415, "Expected request");
    seal_server_header utf8_ct[3] = {
        {"content-type", "application/json; charset=utf-8"}, STD_HEADERS[1], STD_HEADERS[2]};
    seal_server_response resp;
    request_h(g_srv, &resp, "POST", "/v1/fetch_key", NULL, utf8_ct, 3, good, NOW);
    assert_int_equal(resp.status, 200);
    seal_server_response_clear(&resp);
    post_raw_expect("{\"ptb\": ", STD_HEADERS, 4, 400, "Failed to parse the request body as JSON");
    post_raw_expect("", STD_HEADERS, 4, 400, "Failed to parse the request body as JSON");
    post_raw_expect("[]", STD_HEADERS, 4, 422, "Failed to deserialize the JSON body");
    /* the parser's message quotes the body: the answer stays one line without control chars */
    static const char *const hostile[] = {"\x1b[2J\r\n", "{\"a\x1b\": 1, \"a\x1b\": 2}",
                                          "nul\x7f\xc2\x85", "[\"\xe2\x80\xa8\"",
                                          "{\"ptb\":\"\x01\x02\"}"};
    for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
        request_h(g_srv, &resp, "POST", "/v1/fetch_key", NULL, STD_HEADERS, 4, hostile[i], NOW);
        assert_true(resp.status == 400 || resp.status == 422);
        char *text = malloc(resp.body_len + 1);
        assert_non_null(text);
        memcpy(text, resp.body, resp.body_len);
        text[resp.body_len] = '\0';
        tu_assert_one_line(text, hostile[i]);
        tu_assert_one_line(resp.reason, hostile[i]);
        free(text);
        seal_server_response_clear(&resp);
    }
    post_raw_expect(
        "{}", STD_HEADERS, 4, 422,
        "Failed to deserialize the JSON body into the target type: missing field `ptb`");
    /* Each field with a wrong type or size. */
    static const char *fields[][2] = {
        {"ptb", "1"},
        {"enc_key", "\"AAAA\""},
        {"enc_verification_key", "7"},
        {"request_signature", "\"not base64!\""},
        {"certificate", "\"x\""},
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        json_error_t je;
        json_t *j = json_loads(good, 0, &je);
        json_object_set_new(j, fields[i][0], json_loads(fields[i][1], JSON_DECODE_ANY, &je));
        char *body = json_dumps(j, JSON_COMPACT);
        post_raw_expect(body, STD_HEADERS, 4, 422, "Failed to deserialize the JSON body");
        free(body);
        json_decref(j);
    }
    static const char *cert_fields[][2] = {
        {"user", "\"0xzz\""},      {"session_vk", "\"AAAA\""}, {"creation_time", "-1"},
        {"creation_time", "1.5"},  {"ttl_min", "65536"},       {"signature", "\"\""},
        {"signature", "\"A===\""}, {"mvr_name", "5"},
    };
    for (size_t i = 0; i < sizeof cert_fields / sizeof cert_fields[0]; i++) {
        json_error_t je;
        json_t *j = json_loads(good, 0, &je);
        json_object_set_new(json_object_get(j, "certificate"), cert_fields[i][0],
                            json_loads(cert_fields[i][1], JSON_DECODE_ANY, &je));
        char *body = json_dumps(j, JSON_COMPACT);
        post_raw_expect(body, STD_HEADERS, 4, 422, "Failed to deserialize the JSON body");
        free(body);
        json_decref(j);
    }
    /* Unknown fields are ignored (as serde does); duplicates are refused. */
    {
        json_error_t je;
        json_t *j = json_loads(good, 0, &je);
        json_object_set_new(j, "extra", json_string("ignored"));
        char *body = json_dumps(j, JSON_COMPACT);
        request_h(g_srv, &resp, "POST", "/v1/fetch_key", NULL, STD_HEADERS, 4, body, NOW);
        assert_int_equal(resp.status, 200);
        seal_server_response_clear(&resp);
        free(body);
        json_decref(j);
        size_t gl = strlen(good);
        char *dup = malloc(gl + 32);
        snprintf(dup, gl + 32, "{\"ptb\":\"AA==\",%s", good + 1);
        post_raw_expect(dup, STD_HEADERS, 4, 422, "Failed to deserialize the JSON body");
        free(dup);
    }
    free(good);
}

static void enc_key_case(const uint8_t key[48]) {
    fk f;
    fk_init(&f, &g_ed);
    memcpy(f.enc_key, key, 48);
    char *body = build_body(&f);
    post_raw_expect(body, STD_HEADERS, 4, 422,
                    "Failed to deserialize the JSON body into the target type: enc_key");
    free(body);
}

static void test_fetch_enc_keys(void **state) {
    (void)state;
    uint8_t k[48];
    seal_g1 p;
    /* identity */
    memset(k, 0, 48);
    k[0] = 0xc0;
    assert_int_equal(seal_g1_decompress(&p, k), SEAL_OK);
    enc_key_case(k);
    /* x = 0: on the curve (y^2 = 4), of order 3, not in the subgroup */
    memset(k, 0, 48);
    k[0] = 0x80;
    assert_int_equal(seal_g1_decompress(&p, k), SEAL_ERR_NOT_IN_SUBGROUP);
    enc_key_case(k);
    /* an x with no curve point */
    bool found = false;
    for (uint8_t x = 1; x < 50 && !found; x++) {
        memset(k, 0, 48);
        k[0] = 0x80;
        k[47] = x;
        found = seal_g1_decompress(&p, k) == SEAL_ERR_NOT_ON_CURVE;
    }
    assert_true(found);
    enc_key_case(k);
    /* missing compression flag */
    fk f;
    fk_init(&f, &g_ed);
    f.enc_key[0] &= 0x7f;
    char *body = build_body(&f);
    post_raw_expect(body, STD_HEADERS, 4, 422, "Failed to deserialize the JSON body");
    free(body);
    /* a G2 verification key that is the identity */
    fk_init(&f, &g_ed);
    memset(f.enc_vk, 0, 96);
    f.enc_vk[0] = 0xc0;
    body = build_body(&f);
    post_raw_expect(body, STD_HEADERS, 4, 422,
                    "Failed to deserialize the JSON body into the target type: "
                    "enc_verification_key");
    free(body);
}

static void ptb_case(const uint8_t *ptb, size_t len, const char *message) {
    fk f;
    fk_init(&f, &g_ed);
    memcpy(f.ptb, ptb, len);
    f.ptb_len = len;
    f.ptb_set = true;
    fetch_expect(g_srv, &f, NOW, 403, "InvalidPTB", message);
}

/* Encodes a PTB of n MoveCalls with custom pieces. */
typedef struct ptb_spec {
    size_t n_calls;
    const uint8_t *pkg2;         /* package of calls after the first (default: same) */
    const char *function2;       /* function of calls after the first */
    seal_sui_argument_kind arg1; /* kind of each call's second argument */
    bool first_arg_object;       /* first argument points at the object input */
    bool no_args;                /* calls have no arguments */
    bool bad_inner_bcs;          /* the id input is not a BCS vector<u8> */
    bool first_transfer;         /* command 0 is a TransferObjects */
    bool second_transfer;        /* command 1 is a TransferObjects */
} ptb_spec;

static size_t encode_ptb(uint8_t *out, size_t cap, const ptb_spec *sp) {
    static seal_sui_command cmds[128];
    static seal_sui_argument args[2];
    seal_sui_call_arg inputs[2];
    uint8_t pure[40];
    memset(inputs, 0, sizeof inputs);
    memset(cmds, 0, sizeof cmds);
    inputs[0].kind = SEAL_SUI_CALL_ARG_OBJECT;
    inputs[0].object_kind = SEAL_SUI_OBJECT_SHARED;
    memcpy(inputs[0].object.id, g_al, 32);
    inputs[0].initial_shared_version = g_al_version;
    pure[0] = 32;
    memcpy(pure + 1, g_al, 32);
    inputs[1].kind = SEAL_SUI_CALL_ARG_PURE;
    inputs[1].pure = (seal_sui_bytes){pure, sp->bad_inner_bcs ? 20u : 33u};
    args[0] = (seal_sui_argument){SEAL_SUI_ARG_INPUT, sp->first_arg_object ? 0 : 1, 0};
    args[1] = (seal_sui_argument){sp->arg1, 0, 0};
    for (size_t c = 0; c < sp->n_calls; c++) {
        if ((c == 0 && sp->first_transfer) || (c == 1 && sp->second_transfer)) {
            cmds[c].kind = SEAL_SUI_CMD_TRANSFER_OBJECTS;
            cmds[c].n_args = 1;
            cmds[c].args = args + 1;
            cmds[c].arg = (seal_sui_argument){SEAL_SUI_ARG_INPUT, 1, 0};
            continue;
        }
        cmds[c].kind = SEAL_SUI_CMD_MOVE_CALL;
        memcpy(cmds[c].package, c > 0 && sp->pkg2 != NULL ? sp->pkg2 : SEAL_LEDGER_EXAMPLES_PACKAGE,
               32);
        cmds[c].module = (seal_sui_bytes){(const uint8_t *)"allowlist", 9};
        const char *fn = c > 0 && sp->function2 != NULL ? sp->function2 : "seal_approve";
        cmds[c].function = (seal_sui_bytes){(const uint8_t *)fn, strlen(fn)};
        cmds[c].n_args = sp->no_args ? 0 : 2;
        cmds[c].args = args;
    }
    seal_sui_ptb ptb = {2, inputs, sp->n_calls, cmds};
    seal_bcs_writer w;
    seal_bcs_writer_init(&w, out, cap);
    assert_int_equal(seal_sui_ptb_encode(&w, &ptb), SEAL_OK);
    assert_int_equal(seal_bcs_writer_finish(&w), SEAL_OK);
    return w.len;
}

/* The PTB of sp, refused with InvalidPTB and message. */
static void spec_case(const ptb_spec *sp, const char *message) {
    uint8_t buf[8192];
    ptb_case(buf, encode_ptb(buf, sizeof buf, sp), message);
}

static void test_fetch_ptb_rules(void **state) {
    (void)state;
    uint8_t buf[8192];
    size_t n;
    ptb_spec sp;
    /* bad base64 */
    {
        fk f;
        fk_init(&f, &g_ed);
        f.ptb_b64_override = "AQAp*A==";
        fetch_expect(g_srv, &f, NOW, 403, "InvalidPTB", "Invalid PTB: Invalid Base64");
    }
    /* a valid PTB plus a trailing byte; a non-minimal ULEB length */
    memset(&sp, 0, sizeof sp);
    sp.n_calls = 1;
    sp.arg1 = SEAL_SUI_ARG_INPUT;
    n = encode_ptb(buf, sizeof buf, &sp);
    buf[n] = 0;
    ptb_case(buf, n + 1, "Invalid PTB: Invalid BCS");
    uint8_t nonmin[8192];
    nonmin[0] = (uint8_t)(buf[0] | 0x80);
    nonmin[1] = 0;
    memcpy(nonmin + 2, buf + 1, n - 1);
    ptb_case(nonmin, n + 1, "Invalid PTB: Invalid BCS");
    ptb_case(buf, 0, "Invalid PTB: Invalid BCS");
    /* 101 commands */
    sp.n_calls = 101;
    spec_case(&sp, "Invalid PTB: Too many commands in PTB (more than 100)");
    /* 100 is fine: 100 keys. */
    sp.n_calls = 100;
    n = encode_ptb(buf, sizeof buf, &sp);
    {
        fk f;
        fk_init(&f, &g_ed);
        memcpy(f.ptb, buf, n);
        f.ptb_len = n;
        f.ptb_set = true;
        char *body = build_body(&f);
        seal_server_response resp;
        post(g_srv, &resp, body, NOW);
        assert_int_equal(resp.status, 200);
        assert_int_equal(resp.n_ids, 100);
        json_error_t je;
        json_t *j = json_loadb(resp.body, resp.body_len, 0, &je);
        assert_int_equal(json_array_size(json_object_get(j, "decryption_keys")), 100);
        json_decref(j);
        seal_server_response_clear(&resp);
        free(body);
    }
    /* no commands */
    sp.n_calls = 0;
    spec_case(&sp, "Invalid PTB: Empty PTB input or command");
    /* first command not a MoveCall; a later one */
    memset(&sp, 0, sizeof sp);
    sp.n_calls = 2;
    sp.arg1 = SEAL_SUI_ARG_INPUT;
    sp.first_transfer = true;
    spec_case(&sp, "Invalid PTB: Invalid first command");
    sp.first_transfer = false;
    sp.second_transfer = true;
    spec_case(&sp, "Invalid PTB: Non MoveCall command");
    /* GasCoin / Result arguments */
    memset(&sp, 0, sizeof sp);
    sp.n_calls = 1;
    sp.arg1 = SEAL_SUI_ARG_GAS_COIN;
    spec_case(&sp, "Invalid PTB: Only pure inputs are allowed");
    sp.arg1 = SEAL_SUI_ARG_RESULT;
    spec_case(&sp, "Invalid PTB: Only pure inputs are allowed");
    /* no arguments; first argument an object; id not BCS vector<u8> */
    sp.arg1 = SEAL_SUI_ARG_INPUT;
    sp.no_args = true;
    spec_case(&sp, "Invalid PTB: Empty args");
    sp.no_args = false;
    sp.first_arg_object = true;
    spec_case(&sp, "Invalid PTB: Invalid first parameter for seal_approve");
    sp.first_arg_object = false;
    sp.bad_inner_bcs = true;
    spec_case(&sp, "Invalid PTB: Invalid BCS for first parameter for seal_approve");
    /* mixed packages; a function that is not seal_approve* */
    memset(&sp, 0, sizeof sp);
    sp.n_calls = 2;
    sp.arg1 = SEAL_SUI_ARG_INPUT;
    sp.pkg2 = SEAL_LEDGER_PATTERNS_PACKAGE;
    spec_case(&sp, "Invalid PTB: Invalid function or package id");
    sp.pkg2 = NULL;
    sp.function2 = "add";
    spec_case(&sp, "Invalid PTB: Invalid function or package id");
    {
        fk f;
        fk_init(&f, &g_ed);
        f.function = "approve";
        fetch_expect(g_srv, &f, NOW, 403, "InvalidPTB",
                     "Invalid PTB: Invalid function or package id");
    }
}

static void test_fetch_package_and_mvr(void **state) {
    (void)state;
    fk f;
    uint8_t unknown[32];
    memset(unknown, 0x77, 32);
    fk_init(&f, &g_ed);
    f.pkg = unknown;
    fetch_expect(g_srv, &f, NOW, 403, "InvalidPackage", "Invalid package ID");
    /* An object that is not a package. */
    fk_init(&f, &g_ed);
    f.pkg = g_al;
    fetch_expect(g_srv, &f, NOW, 403, "InvalidPackage", "Invalid package ID");
    fk_init(&f, &g_ed);
    f.mvr_name = "@my/app";
    fetch_expect(g_srv, &f, NOW, 403, "InvalidMVRName", "Invalid MVR name");
}

static void test_fetch_certificate(void **state) {
    (void)state;
    fk f;
    const char *msg = "Invalid certificate time or ttl";
    fk_init(&f, &g_ed);
    f.creation = NOW - 10 * 60000u - 1; /* expired by 1 ms */
    fetch_expect(g_srv, &f, NOW, 403, "InvalidCertificate", msg);
    fk_init(&f, &g_ed);
    f.creation = NOW - 10 * 60000u; /* exactly at the end: still valid */
    assert_int_equal(fetch_ok(g_srv, &f, g_pk), 1);
    fk_init(&f, &g_ed);
    f.creation = NOW + 1; /* in the future */
    fetch_expect(g_srv, &f, NOW, 403, "InvalidCertificate", msg);
    fk_init(&f, &g_ed);
    f.ttl = 31; /* above session_key_ttl_max (30 min) */
    fetch_expect(g_srv, &f, NOW, 403, "InvalidCertificate", msg);
    fk_init(&f, &g_ed);
    f.ttl = 30;
    assert_int_equal(fetch_ok(g_srv, &f, g_pk), 1);
    fk_init(&f, &g_ed);
    f.ttl = 65535; /* u16 overflow upstream; 64-bit here */
    fetch_expect(g_srv, &f, NOW, 403, "InvalidCertificate", msg);
}

static void test_fetch_signatures(void **state) {
    (void)state;
    fk f;
    fk_init(&f, &g_ed);
    f.bad_user_sig = true;
    fetch_expect(g_srv, &f, NOW, 403, "InvalidSignature", "Invalid user signature");
    fk_init(&f, &g_k1);
    f.bad_user_sig = true;
    fetch_expect(g_srv, &f, NOW, 403, "InvalidSignature", "Invalid user signature");
    /* Signed by another address. */
    fk_init(&f, &g_ed);
    f.signer = &g_k1;
    fetch_expect(g_srv, &f, NOW, 403, "InvalidSignature", "Invalid user signature");
    fk_init(&f, &g_ed);
    f.bad_session_sig = true;
    fetch_expect(g_srv, &f, NOW, 403, "InvalidSessionSignature", "Invalid session key signature");
    /* A request signed for other enc keys (e.g. replayed with the attacker's). */
    fk_init(&f, &g_ed);
    char *body = build_body(&f);
    uint8_t sk2[32], ek2[48], evk2[96];
    assert_int_equal(seal_elgamal_keygen(sk2, ek2, evk2, NULL), SEAL_OK);
    json_error_t je;
    json_t *j = json_loads(body, 0, &je);
    char *e = b64(ek2, 48);
    json_object_set_new(j, "enc_key", json_string(e));
    free(e);
    char *body2 = json_dumps(j, JSON_COMPACT);
    seal_server_response resp;
    post(g_srv, &resp, body2, NOW);
    expect_error(&resp, 403, "InvalidSessionSignature", "Invalid session key signature");
    seal_server_response_clear(&resp);
    json_decref(j);
    free(body);
    free(body2);
}

static void test_fetch_policy(void **state) {
    (void)state;
    fk f;
    /* Not on the allowlist. */
    fk_init(&f, &g_stranger);
    fetch_expect(g_srv, &f, NOW, 403, "NoAccess", "Access denied: *");
    /* A seal_approve* function the module does not have. */
    fk_init(&f, &g_ed);
    f.function = "seal_approve_nothing";
    fetch_expect(g_srv, &f, NOW, 403, "InvalidPTB",
                 "Invalid PTB: The seal_approve function was not found on the module");
    /* The chain's clock lags more than allowed_staleness (2 min) behind the request time. */
    fk_init(&f, &g_ed);
    f.creation = T0 + 3u * 60000u;
    char *body = build_body(&f);
    seal_server_response resp;
    post(g_srv, &resp, body, T0 + 3u * 60000u + 1000u);
    expect_error(&resp, 503, "Failure", "Internal server error, please try again later");
    assert_string_equal(resp.reason, "Fullnode is stale");
    assert_true(resp.stale);
    assert_true(resp.check_policy_us > 0);
    seal_server_response_clear(&resp);
    free(body);
    /* An id outside the allowlist's namespace. */
    fk_init(&f, &g_ed);
    f.inner[0][0] ^= 1;
    fetch_expect(g_srv, &f, NOW, 403, "NoAccess", "Access denied: *");
}

/* The official SDK's request (tests/vectors/sdk/session.json, case 0) passes every authentication
 * check; its package does not exist on this ledger, so the policy's dry run reports the missing
 * package (InvalidParameter). */
static void test_fetch_sdk_vector(void **state) {
    (void)state;
    json_t *v = tu_load_json("sdk/session.json");
    json_t *c = json_array_get(json_object_get(v, "cases"), 0);
    json_t *body = json_object_get(json_object_get(c, "fetch_key_http"), "body");
    uint64_t created = (uint64_t)json_integer_value(json_object_get(c, "creation_time_ms"));
    uint8_t pkg[32];
    assert_int_equal(seal_sui_address_parse(pkg, tu_str(c, "package_id")), SEAL_OK);
    /* The ledger's clock catches up with the vector's time (2025). */
    char path[128];
    seal_ledger *l = NULL;
    snprintf(path, sizeof path, "%s/ledger.db", g_dir);
    assert_int_equal(seal_ledger_open(&l, path), SEAL_OK);
    assert_int_equal(seal_ledger_clock_set(l, created + 60000u), SEAL_OK);
    seal_ledger_close(l);
    /* Make the package resolvable (to itself) through the server's cache. */
    g_srv->pkg_cache[999].stored_ms = seal__server_monotonic_ms();
    memcpy(g_srv->pkg_cache[999].pkg, pkg, 32);
    memcpy(g_srv->pkg_cache[999].original, pkg, 32);
    g_perm->pkg_cache[999] = g_srv->pkg_cache[999];
    char *text = json_dumps(body, JSON_COMPACT);
    seal_server_response resp;
    post(g_srv, &resp, text, created + 60000u);
    expect_error(&resp, 403, "InvalidParameter", "Invalid parameter to PTB: *");
    seal_server_response_clear(&resp);
    /* The same request after its TTL. */
    post(g_srv, &resp, text, created + 10u * 60000u + 1u);
    expect_error(&resp, 403, "InvalidCertificate", "Invalid certificate time or ttl");
    seal_server_response_clear(&resp);
    free(text);
    /* One bit of the request signature flipped. */
    json_t *b2 = json_deep_copy(body);
    char sig[100];
    snprintf(sig, sizeof sig, "%s", json_string_value(json_object_get(b2, "request_signature")));
    sig[3] = sig[3] == 'A' ? 'B' : 'A';
    json_object_set_new(b2, "request_signature", json_string(sig));
    text = json_dumps(b2, JSON_COMPACT);
    post(g_srv, &resp, text, created + 60000u);
    expect_error(&resp, 403, "InvalidSessionSignature", "Invalid session key signature");
    seal_server_response_clear(&resp);
    free(text);
    json_decref(b2);
    /* The Permissioned server does not serve that package. */
    text = json_dumps(body, JSON_COMPACT);
    post(g_perm, &resp, text, created + 60000u);
    expect_error(&resp, 400, "UnsupportedPackageId", "Unsupported package ID");
    seal_server_response_clear(&resp);
    free(text);
    memset(&g_srv->pkg_cache[999], 0, sizeof g_srv->pkg_cache[999]);
    memset(&g_perm->pkg_cache[999], 0, sizeof g_perm->pkg_cache[999]);
    json_decref(v);
}

/* Many threads on one server (and one chain): every request is answered correctly. */
typedef struct worker {
    const char *body;
    int ok;
} worker;

static void *worker_main(void *arg) {
    worker *w = arg;
    for (int i = 0; i < 10; i++) {
        seal_server_response resp;
        post(g_srv, &resp, w->body, NOW);
        if (resp.status == 200 && resp.n_ids == 1)
            w->ok++;
        seal_server_response_clear(&resp);
    }
    return NULL;
}

static void test_fetch_concurrent(void **state) {
    (void)state;
    fk f;
    fk_init(&f, &g_ed);
    char *good = build_body(&f);
    fk_init(&f, &g_stranger);
    char *denied = build_body(&f);
    pthread_t th[4];
    worker w[4];
    for (int i = 0; i < 4; i++) {
        w[i].body = i % 2 == 0 ? good : denied;
        w[i].ok = 0;
        assert_int_equal(pthread_create(&th[i], NULL, worker_main, &w[i]), 0);
    }
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_join(th[i], NULL), 0);
    assert_int_equal(w[0].ok, 10);
    assert_int_equal(w[2].ok, 10);
    assert_int_equal(w[1].ok, 0);
    assert_int_equal(w[3].ok, 0);
    free(good);
    free(denied);
    /* The same id twice gives two entries. */
    fk_init(&f, &g_ed);
    f.n_calls = 2;
    memcpy(f.inner[1], f.inner[0], sizeof f.inner[0]);
    assert_int_equal(fetch_ok(g_srv, &f, g_pk), 2);
}

/* A user whose address has aliases enabled (the alias object exists) is refused even with valid
 * signatures. The object is written straight into the ledger's store (no published entry function
 * creates it). */
static void test_fetch_address_alias(void **state) {
    (void)state;
    seal_sui_keypair kp;
    uint8_t secret[32], user[32];
    memset(secret, 0x42, 32);
    assert_int_equal(seal_sui_keypair_from_secret(&kp, SEAL_SUI_SCHEME_ED25519, secret), SEAL_OK);
    seal_sui_keypair_address(user, &kp);
    /* Before: an ordinary non-member (NoAccess). */
    fk f;
    fk_init(&f, &kp);
    fetch_expect(g_srv, &f, NOW, 403, "NoAccess", "Access denied: *");
    char path[128];
    seal_ledger *l = NULL;
    snprintf(path, sizeof path, "%s/ledger.db", g_dir);
    assert_int_equal(seal_ledger_open(&l, path), SEAL_OK);
    seal_ledger_object o;
    memset(&o, 0, sizeof o);
    seal_sui_address_alias_id(o.id, user);
    o.version = 1;
    o.owner.kind = SEAL_SUI_OWNER_SHARED;
    o.owner.version = 1;
    assert_int_equal(seal_sui_type_tag_parse(o.type, sizeof o.type, &o.type_len,
                                             "0x2::address_alias::AddressAliases"),
                     SEAL_OK);
    uint8_t contents[64];
    memcpy(contents, o.id, 32);
    memcpy(contents + 32, user, 32);
    o.contents = contents;
    o.contents_len = sizeof contents;
    assert_int_equal(seal__ledger_obj_put(&l->w, &o), SEAL_OK);
    seal_ledger_close(l);
    fk_init(&f, &kp);
    char *body = build_body(&f);
    seal_server_response resp;
    post(g_srv, &resp, body, NOW);
    expect_error(&resp, 403, "InvalidSignature", "Invalid user signature");
    assert_string_equal(resp.reason, "address aliases enabled");
    seal_server_response_clear(&resp);
    free(body);
    seal_sui_keypair_clear(&kp);
}

/* The same key server over a gRPC chain: `seal localnet serve` on this ledger, reached with
 * gRPC-web and with native gRPC. Keys are granted through SimulateTransaction (the staleness check
 * included); a zkLogin certificate goes to the node's VerifySignature, which the local chain
 * answers "zkLogin not supported": the key server keeps its "unsupported signature scheme"
 * answer. No JSON-RPC request is made. */
static void test_fetch_over_grpc(void **state) {
    (void)state;
    seal_localnet_rpc *ln = NULL;
    seal_localnet_rpc_options so = {.data_dir = g_dir, .host = "127.0.0.1", .port = 0};
    uint8_t zk[SEAL_SUI_SIMPLE_SIGNATURE_MAX_BYTES * 8], user[32];
    size_t zk_len = 0;
    json_t *v = tu_load_json("sui/sui.json");
    const char *zk_b64 =
        tu_str(json_array_get(json_object_get(v, "unsupported_signatures"), 0), "signature_b64");
    assert_int_equal(seal_sui_base64_decode(zk, sizeof zk, &zk_len, zk_b64, strlen(zk_b64)),
                     SEAL_OK);
    assert_int_equal(zk[0], SEAL_SUI_SCHEME_ZKLOGIN);
    json_decref(v);
    memset(user, 0x5a, 32);
    assert_int_equal(seal_localnet_rpc_start(&ln, &so), SEAL_OK);
    for (int t = 0; t < 2; t++) {
        char spec[64];
        seal_chain *c = NULL;
        seal_server *srv = NULL;
        seal_chain_options o = {.timeout_ms = 5000,
                                .grpc_transport =
                                    t == 0 ? SEAL_CHAIN_GRPC_WEB : SEAL_CHAIN_GRPC_NATIVE};
        snprintf(spec, sizeof spec, "http://127.0.0.1:%u", seal_localnet_rpc_port(ln));
        assert_int_equal(seal_chain_open(&c, spec, &o), SEAL_OK);
        assert_int_equal(seal_server_create(&srv, &g_open_cfg, c), SEAL_OK);
        fk f;
        fk_init(&f, &g_ed);
        assert_int_equal(fetch_ok(srv, &f, g_pk), 1);
        fk_init(&f, &g_k1);
        f.n_calls = 2;
        assert_int_equal(fetch_ok(srv, &f, g_pk), 2);
        /* not on the allowlist: the abort comes back through the simulation */
        fk_init(&f, &g_stranger);
        fetch_expect(srv, &f, NOW, 403, "NoAccess", "*");
        /* zkLogin: asked to the node */
        seal_chain_stats before, after;
        seal_chain_stats_get(c, &before);
        fk_init(&f, &g_ed);
        f.user_sig = zk;
        f.user_sig_len = zk_len;
        f.user_addr = user;
        char *body = build_body(&f);
        seal_server_response resp;
        post(srv, &resp, body, NOW);
        expect_error(&resp, 403, "InvalidSignature", "Invalid user signature");
        assert_non_null(strstr(resp.reason, "zkLogin not supported"));
        seal_server_response_clear(&resp);
        seal_chain_stats_get(c, &after);
        assert_true(after.grpc_requests >= before.grpc_requests + 2); /* alias, VerifySignature */
        assert_true(after.jsonrpc_requests == 0);
        /* the embedded chain cannot ask anyone: the same answer */
        post(g_srv, &resp, body, NOW);
        expect_error(&resp, 403, "InvalidSignature", "Invalid user signature");
        assert_string_equal(resp.reason, "unsupported signature scheme");
        seal_server_response_clear(&resp);
        free(body);
        /* the metrics report the chain */
        seal_server_chain_status st;
        seal_server_chain_status_get(srv, &st);
        assert_true(st.has_checkpoint && st.stats.jsonrpc_requests == 0);
        assert_true(st.checkpoint_timestamp_ms == T0);
        seal_server_free(srv);
        seal_chain_close(c);
    }
    seal_localnet_rpc_stop(ln);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_health),
        cmocka_unit_test(test_fetch_over_grpc),
        cmocka_unit_test(test_unknown_route),
        cmocka_unit_test(test_sdk_headers),
        cmocka_unit_test(test_semver_requirements),
        cmocka_unit_test(test_service),
        cmocka_unit_test(test_debug_route),
        cmocka_unit_test(test_fetch_valid_ed25519),
        cmocka_unit_test(test_fetch_valid_ecdsa),
        cmocka_unit_test(test_fetch_permissioned),
        cmocka_unit_test(test_fetch_body_errors),
        cmocka_unit_test(test_fetch_enc_keys),
        cmocka_unit_test(test_fetch_ptb_rules),
        cmocka_unit_test(test_fetch_package_and_mvr),
        cmocka_unit_test(test_fetch_certificate),
        cmocka_unit_test(test_fetch_signatures),
        cmocka_unit_test(test_fetch_certificate_cache),
        cmocka_unit_test(test_fetch_policy),
        cmocka_unit_test(test_fetch_concurrent),
        cmocka_unit_test(test_fetch_address_alias),
        cmocka_unit_test(test_fetch_sdk_vector),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
