/* The client with every part real, on loopback: a ledger with an allowlist and key servers
 * registered on it, three key servers (seal_server core + HTTP, configured from YAML files) on
 * the same ledger, a fourth that runs with another master key than the one it registered (a
 * liar), and a socket that accepts connections and never answers. The allowlist story: Bob (on
 * the list) decrypts, Carol is denied (NoAccess); weights; the liar detected and skipped; the
 * mute server timed out while the others suffice; a certificate the servers refuse
 * (InvalidCertificate -> expired); 150 ids in two requests. */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "committee_world.h"
#include "testutil.h"
#include "seal/chain.h"
#include "seal/client.h"
#include "seal/encrypt.h"
#include "seal/keys.h"
#include "seal/ledger.h"
#include "seal/sui.h"
#include "seal/sui_sig.h"
#include "server/server.h"

enum { KS1, KS2, KS3, LIAR, MUTE, N_KS };

typedef struct world {
    char dir[64];
    char spec[128];
    seal_ledger *ledger;
    seal_chain *chain; /* the client's */
    seal_chain *server_chain[LIAR + 1];
    seal_server *core[LIAR + 1];
    seal_server_http *http[LIAR + 1];
    int mute_fd;
    uint8_t ks[N_KS][32];
    uint8_t msk[N_KS][32], pk[N_KS][96];
    seal_sui_keypair admin, bob, carol;
    uint8_t al[32], cap[32];
} world;

static world W;

static void write_file(const char *path, const char *text, mode_t mode) {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
}

static void start_server(size_t i, uint16_t port, size_t msk_of) {
    char path[128], yaml[1024], hex[SEAL_SUI_ADDRESS_HEX_BYTES],
        seal_pkg[SEAL_SUI_ADDRESS_HEX_BYTES];
    char key[80] = "0x", err[256];
    seal_hex_encode(key + 2, W.msk[msk_of], 32);
    snprintf(path, sizeof path, "%s/ks%zu.key", W.dir, i);
    write_file(path, key, 0600);
    seal_sui_address_format(hex, W.ks[i]);
    seal_sui_address_format(seal_pkg, SEAL_LEDGER_SEAL_PACKAGE);
    snprintf(
        yaml, sizeof yaml,
        "network: !Devnet\n  seal_package: %s\nserver_mode: !Open\n  key_server_object_id: %s\n"
        "chain: %s\nlisten: 127.0.0.1:%u\nmetrics_host_port: \"\"\nmaster_key_file: %s\n"
        "threads: 2\n",
        seal_pkg, hex, W.spec, port, path);
    snprintf(path, sizeof path, "%s/ks%zu.yaml", W.dir, i);
    write_file(path, yaml, 0600);
    seal_server_config cfg;
    seal_err e = seal_server_config_load(&cfg, path, err, sizeof err);
    if (e != SEAL_OK) {
        fail_msg("config: %s", err);
    }
    assert_int_equal(seal_chain_open(&W.server_chain[i], W.spec, NULL), SEAL_OK);
    assert_int_equal(seal_server_create(&W.core[i], &cfg, W.server_chain[i]), SEAL_OK);
    e = seal_server_http_start(&W.http[i], W.core[i], &cfg, err, sizeof err);
    if (e != SEAL_OK) {
        fail_msg("http: %s", err);
    }
    seal_server_config_clear(&cfg);
}

static int setup(void **state) {
    (void)state;
    memset(&W, 0, sizeof W);
    assert_true(tu_tempdir(W.dir, sizeof W.dir, "seal_client_e2e"));
    snprintf(W.spec, sizeof W.spec, "embedded:%s", W.dir);
    char path[128];
    snprintf(path, sizeof path, "%s/ledger.db", W.dir);
    assert_int_equal(seal_ledger_open(&W.ledger, path), SEAL_OK);
    assert_int_equal(seal_sui_keypair_generate(&W.admin, SEAL_SUI_SCHEME_ED25519, NULL), SEAL_OK);
    assert_int_equal(seal_sui_keypair_generate(&W.bob, SEAL_SUI_SCHEME_SECP256K1, NULL), SEAL_OK);
    assert_int_equal(seal_sui_keypair_generate(&W.carol, SEAL_SUI_SCHEME_SECP256R1, NULL), SEAL_OK);
    uint8_t admin[32], bob[32];
    seal_sui_keypair_address(admin, &W.admin);
    seal_sui_keypair_address(bob, &W.bob);
    seal_ledger_outcome out;
    assert_int_equal(seal_ledger_allowlist_create(W.ledger, admin, "club", W.al, W.cap, &out),
                     SEAL_OK);
    assert_int_equal(out.status, SEAL_LEDGER_SUCCESS);
    assert_int_equal(seal_ledger_allowlist_add(W.ledger, admin, W.al, W.cap, bob, &out), SEAL_OK);
    assert_int_equal(out.status, SEAL_LEDGER_SUCCESS);
    uint16_t ports[N_KS];
    for (size_t i = 0; i < N_KS; i++) {
        char name[16], url[64];
        assert_int_equal(seal_keys_generate(W.msk[i], W.pk[i], NULL), SEAL_OK);
        if (i == MUTE) {
            W.mute_fd = tu_listen_any(&ports[i]);
        } else {
            ports[i] = tu_free_port();
        }
        snprintf(name, sizeof name, "ks%zu", i);
        snprintf(url, sizeof url, "http://127.0.0.1:%u", ports[i]);
        assert_int_equal(
            seal_ledger_key_server_register(W.ledger, admin, name, url, 0, W.pk[i], W.ks[i], &out),
            SEAL_OK);
        assert_int_equal(out.status, SEAL_LEDGER_SUCCESS);
    }
    for (size_t i = KS1; i <= LIAR; i++) {
        start_server(i, ports[i], i == LIAR ? KS1 : i); /* the liar serves with ks1's key */
    }
    assert_int_equal(seal_chain_open(&W.chain, W.spec, NULL), SEAL_OK);
    return 0;
}

static int teardown(void **state) {
    (void)state;
    for (size_t i = KS1; i <= LIAR; i++) {
        seal_server_http_stop(W.http[i], 1000);
        seal_server_free(W.core[i]);
        seal_chain_close(W.server_chain[i]);
    }
    close(W.mute_fd);
    seal_chain_close(W.chain);
    seal_ledger_close(W.ledger);
    seal_sui_keypair_clear(&W.admin);
    seal_sui_keypair_clear(&W.bob);
    seal_sui_keypair_clear(&W.carol);
    return tu_rmtree(W.dir);
}

/* Encrypts msg to the given servers (weights) for id = allowlist id || nonce. */
static uint8_t *encrypt_to(size_t *len, const size_t *which, const uint8_t *weights, size_t n,
                           uint8_t threshold, const uint8_t *msg, size_t msg_len) {
    seal_client_server_config cfg[4];
    memset(cfg, 0, sizeof cfg);
    for (size_t i = 0; i < n; i++) {
        memcpy(cfg[i].object_id, W.ks[which[i]], 32);
        cfg[i].weight = weights ? weights[i] : 1;
    }
    seal_client_options o = {0};
    o.chain = W.chain;
    seal_client *c = NULL;
    assert_int_equal(seal_client_new(&c, &o, cfg, n), SEAL_OK);
    seal_key_server ks[4];
    static seal_prepared_key prep[4];
    size_t got = 0, got_prep = 0;
    assert_int_equal(seal_client_key_servers(c, ks, 4, &got), SEAL_OK);
    /* the servers' keys prepared once, as a client encrypting repeatedly keeps them */
    assert_int_equal(seal_client_prepared_keys(c, prep, 4, &got_prep), SEAL_OK);
    assert_int_equal(got_prep, got);
    seal_client_free(c);
    uint8_t id[37];
    memcpy(id, W.al, 32);
    memcpy(id + 32, "nonce", 5);
    seal_encrypt_params p = {.package_id = SEAL_LEDGER_EXAMPLES_PACKAGE,
                             .id = id,
                             .id_len = sizeof id,
                             .servers = ks,
                             .n_servers = got,
                             .threshold = threshold,
                             .dem = SEAL_DEM_AES_256_GCM,
                             .prepared = prep};
    size_t cap = seal_encrypt_size(&p, msg_len);
    uint8_t *obj = malloc(cap);
    assert_int_equal(seal_encrypt(obj, cap, len, NULL, &p, msg, msg_len, NULL), SEAL_OK);
    return obj;
}

/* Decrypts obj as user with a fresh session and client; returns the error. */
static seal_err decrypt_as(const seal_sui_keypair *user, const uint8_t *obj, size_t len,
                           uint32_t timeout_ms, uint8_t **pt, size_t *pt_len, char *why,
                           size_t why_len) {
    seal_session *s = NULL;
    seal_client *c = NULL;
    seal_client_call call;
    seal_client_arg arg;
    tu_allowlist_approve_call(&call, &arg, W.al);
    assert_int_equal(seal_session_create(&s, user, SEAL_LEDGER_EXAMPLES_PACKAGE, NULL, 10, 0, NULL),
                     SEAL_OK);
    seal_client_options o = {0};
    o.chain = W.chain;
    o.timeout_ms = timeout_ms;
    o.max_retries = 1;
    assert_int_equal(seal_client_new_for_object(&c, &o, obj, len), SEAL_OK);
    seal_err err = seal_client_decrypt_with_policy(c, s, obj, len, &call, pt, pt_len, 0);
    snprintf(why, why_len, "%s", seal_client_last_error(c));
    for (size_t i = 0; i < seal_client_error_count(c); i++) {
        const seal_client_server_error *e = seal_client_error_get(c, i);
        size_t l = strlen(why);
        snprintf(why + l, why_len - l, " | %s(%u): %s", e->kind, e->http_status, e->message);
    }
    seal_client_free(c);
    seal_session_free(s);
    return err;
}

static const uint8_t MSG[] = "members only: the password is swordfish";

static void test_allowlist_story(void **state) {
    (void)state;
    size_t which[] = {KS1, KS2, KS3}, len;
    uint8_t *obj = encrypt_to(&len, which, NULL, 3, 2, MSG, sizeof MSG);
    uint8_t *pt = NULL;
    size_t pt_len = 0;
    char why[2048];
    seal_err err = decrypt_as(&W.bob, obj, len, 5000, &pt, &pt_len, why, sizeof why);
    if (err != SEAL_OK) {
        fail_msg("Bob: %s: %s", seal_strerror(err), why);
    }
    assert_int_equal(pt_len, sizeof MSG);
    assert_memory_equal(pt, MSG, sizeof MSG);
    free(pt);
    pt = NULL;
    err = decrypt_as(&W.carol, obj, len, 5000, &pt, &pt_len, why, sizeof why);
    assert_int_equal(err, SEAL_ERR_NO_ACCESS);
    assert_null(pt);
    assert_non_null(strstr(why, "NoAccess"));
    free(obj);
}

static void test_weights_liar_mute(void **state) {
    (void)state;
    uint8_t *pt = NULL;
    size_t pt_len = 0, len;
    char why[2048];
    /* ks1 has weight 2: alone it reaches the threshold 2 (the liar and the mute one fail) */
    size_t w_which[] = {KS1, LIAR, MUTE};
    uint8_t w[] = {2, 1, 1};
    uint8_t *obj = encrypt_to(&len, w_which, w, 3, 2, MSG, sizeof MSG);
    seal_err err = decrypt_as(&W.bob, obj, len, 3000, &pt, &pt_len, why, sizeof why);
    if (err != SEAL_OK) {
        fail_msg("weighted: %s: %s", seal_strerror(err), why);
    }
    assert_memory_equal(pt, MSG, sizeof MSG);
    free(pt);
    free(obj);

    /* the liar's keys do not verify against its registered key: skipped and named */
    size_t l_which[] = {LIAR, KS1, KS2};
    obj = encrypt_to(&len, l_which, NULL, 3, 3, MSG, sizeof MSG);
    pt = NULL;
    err = decrypt_as(&W.bob, obj, len, 5000, &pt, &pt_len, why, sizeof why);
    assert_int_equal(err, SEAL_ERR_INVALID_KEY);
    assert_null(pt);
    assert_non_null(strstr(why, "InvalidKey"));
    free(obj);
    obj = encrypt_to(&len, l_which, NULL, 3, 2, MSG, sizeof MSG);
    err = decrypt_as(&W.bob, obj, len, 5000, &pt, &pt_len, why, sizeof why);
    if (err != SEAL_OK) {
        fail_msg("liar 2-of-3: %s: %s", seal_strerror(err), why);
    }
    free(pt);
    free(obj);

    /* the mute server: the others suffice without waiting for it; alone it times out */
    size_t m_which[] = {MUTE, KS1, KS2};
    obj = encrypt_to(&len, m_which, NULL, 3, 2, MSG, sizeof MSG);
    uint64_t t0 = tu_now_ms();
    err = decrypt_as(&W.bob, obj, len, 20000, &pt, &pt_len, why, sizeof why);
    if (err != SEAL_OK) {
        fail_msg("mute 2-of-3: %s: %s", seal_strerror(err), why);
    }
    assert_true(tu_now_ms() - t0 < 5000);
    free(pt);
    free(obj);
    obj = encrypt_to(&len, m_which, NULL, 3, 3, MSG, sizeof MSG);
    pt = NULL;
    t0 = tu_now_ms();
    err = decrypt_as(&W.bob, obj, len, 400, &pt, &pt_len, why, sizeof why);
    assert_int_equal(err, SEAL_ERR_TIMEOUT);
    assert_true(tu_now_ms() - t0 >= 350);
    assert_non_null(strstr(why, "Timeout"));
    free(obj);
}

static void test_certificate_and_many_ids(void **state) {
    (void)state;
    seal_client_server_config cfg[3];
    memset(cfg, 0, sizeof cfg);
    for (size_t i = 0; i < 3; i++) {
        memcpy(cfg[i].object_id, W.ks[i], 32);
        cfg[i].weight = 1;
    }
    seal_client_options o = {0};
    o.chain = W.chain;
    seal_client *c = NULL;
    assert_int_equal(seal_client_new(&c, &o, cfg, 3), SEAL_OK);
    seal_client_call call;
    seal_client_arg arg;
    tu_allowlist_approve_call(&call, &arg, W.al);
    /* a session dated one minute ahead: valid here, refused by the servers */
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t now = (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
    seal_session *future = NULL;
    assert_int_equal(seal_session_create(&future, &W.bob, SEAL_LEDGER_EXAMPLES_PACKAGE, NULL, 10,
                                         now + 60000, NULL),
                     SEAL_OK);
    uint8_t id[40];
    memcpy(id, W.al, 32);
    memset(id + 32, 1, 8);
    call.id = id;
    call.id_len = sizeof id;
    assert_int_equal(seal_client_fetch_keys(c, future, &call, 1, 2, 0), SEAL_ERR_EXPIRED);
    assert_non_null(strstr(seal_client_last_error(c), "InvalidCertificate"));
    seal_session_free(future);

    /* 150 ids in one fetch: two requests, every key verified and cached */
    enum { N = 150 };
    seal_session *s = NULL;
    assert_int_equal(
        seal_session_create(&s, &W.bob, SEAL_LEDGER_EXAMPLES_PACKAGE, NULL, 10, 0, NULL), SEAL_OK);
    seal_client_call *calls = calloc(N, sizeof *calls);
    uint8_t(*ids)[40] = calloc(N, 40);
    for (size_t i = 0; i < N; i++) {
        memcpy(ids[i], W.al, 32);
        memcpy(ids[i] + 32, &i, sizeof i);
        calls[i] = call;
        calls[i].id = ids[i];
        calls[i].id_len = 40;
    }
    seal_err err = seal_client_fetch_keys(c, s, calls, N, 3, 0);
    if (err != SEAL_OK) {
        fail_msg("150 ids: %s: %s", seal_strerror(err), seal_client_last_error(c));
    }
    for (size_t i = 0; i < N; i += 37) {
        uint8_t full[72];
        seal_user_key keys[3];
        memcpy(full, SEAL_LEDGER_EXAMPLES_PACKAGE, 32);
        memcpy(full + 32, ids[i], 40);
        assert_int_equal(seal_client_cached_keys(c, full, 72, keys, 3), 3);
    }
    free(calls);
    free(ids);
    seal_session_free(s);
    seal_client_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_allowlist_story),
        cmocka_unit_test(test_weights_liar_mute),
        cmocka_unit_test(test_certificate_and_many_ids),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
