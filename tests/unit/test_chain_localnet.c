/* Differential test: the chain layer's network backends talking to `seal localnet serve` (started
 * in process on 127.0.0.1, port 0): JSON-RPC, gRPC-web and native gRPC give the same answers as
 * the embedded backend on the same ledger: objects, packages, clock, gas price, the chain's
 * identity, dry-run verdicts and execution effects. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"
#include "ledger_ptb.h"
#include "localnet/localnet.h"
#include "seal/chain.h"
#include "seal/ledger.h"
#include "seal/sui.h"
#include "seal/sui_sig.h"
#include "seal/sui_tx.h"
#include "seal/util.h"

#define T0 1700000000000ull

static tu_team T;
static uint8_t g_wl[32], g_wl_cap[32], g_ks[32];
static seal_localnet_rpc *g_srv;
static seal_chain *g_emb, *g_rpc, *g_grpc, *g_native;
/* the network backends, compared with the embedded one */
#define N_NET 3
static seal_chain **const g_net[N_NET] = {&g_rpc, &g_grpc, &g_native};
static const char *const g_net_name[N_NET] = {"JSON-RPC", "gRPC-web", "native gRPC"};

static int setup(void **state) {
    (void)state;
    seal_ledger_outcome o;
    char spec[160];
    seal_ledger *l = tu_team_create(&T, "seal_chainln_", T0);
    if (l == NULL)
        return -1;
    if (seal_ledger_whitelist_create(l, T.owner, g_wl, g_wl_cap, &o) != SEAL_OK ||
        o.status != SEAL_LEDGER_SUCCESS ||
        seal_ledger_whitelist_add(l, T.owner, g_wl, g_wl_cap, T.member, &o) != SEAL_OK ||
        o.status != SEAL_LEDGER_SUCCESS)
        return -1;
    {
        /* a key server (G2 generator as its public key) */
        static const char *g2 =
            "93e02b6052719f607dacd3a088274f65596bd0d09920b61ab5da61bbdc7f5049334cf11213945d57e5ac7d"
            "055d042b7e024aa2b2f08f0a91260805272dc51051c6e47ad4fa403b02b4510b647ae3d1770bac0326a805"
            "bbefd48056c8c121bdb8";
        uint8_t pk[96];
        if (seal_hex_decode(pk, sizeof pk, g2) != SEAL_OK ||
            seal_ledger_key_server_register(l, T.owner, "ks", "http://127.0.0.1:1", 0, pk, g_ks,
                                            &o) != SEAL_OK ||
            o.status != SEAL_LEDGER_SUCCESS)
            return -1;
    }
    seal_ledger_close(l);
    seal_localnet_rpc_options so = {.data_dir = T.dir, .host = "127.0.0.1", .port = 0};
    if (seal_localnet_rpc_start(&g_srv, &so) != SEAL_OK)
        return -1;
    snprintf(spec, sizeof spec, "embedded:%s", T.dir);
    if (seal_chain_open(&g_emb, spec, NULL) != SEAL_OK)
        return -1;
    snprintf(spec, sizeof spec, "jsonrpc+http://127.0.0.1:%u", seal_localnet_rpc_port(g_srv));
    seal_chain_options co = {.timeout_ms = 5000, .max_retries = 1};
    if (seal_chain_open(&g_rpc, spec, &co) != SEAL_OK)
        return -1;
    snprintf(spec, sizeof spec, "http://127.0.0.1:%u", seal_localnet_rpc_port(g_srv));
    if (seal_chain_open(&g_grpc, spec, &co) != SEAL_OK)
        return -1;
    co.grpc_transport = SEAL_CHAIN_GRPC_NATIVE;
    if (seal_chain_open(&g_native, spec, &co) != SEAL_OK)
        return -1;
    return 0;
}

static int teardown(void **state) {
    (void)state;
    seal_chain_close(g_rpc);
    seal_chain_close(g_grpc);
    seal_chain_close(g_native);
    seal_chain_close(g_emb);
    seal_localnet_rpc_stop(g_srv);
    return tu_rmtree(T.dir);
}

/* ---- transactions --------------------------------------------------------------------------- */

/* Every backend, same verdict. */
static seal_chain_verdict same_verdict(const uint8_t *tx, size_t n) {
    seal_chain_dry_run_result a, b;
    assert_int_equal(seal_chain_dry_run(g_emb, tx, n, &a), SEAL_OK);
    for (size_t k = 0; k < N_NET; k++) {
        assert_int_equal(seal_chain_dry_run(*g_net[k], tx, n, &b), SEAL_OK);
        if (a.verdict != b.verdict)
            fail_msg("embedded %d (%s) vs %s %d (%s)", a.verdict, a.message, g_net_name[k],
                     b.verdict, b.message);
        if (a.verdict != SEAL_CHAIN_SUCCESS && a.verdict != SEAL_CHAIN_INVALID_INPUT)
            assert_int_equal(a.command, b.command);
        assert_memory_equal(a.abort_package, b.abort_package, 32);
        assert_string_equal(a.abort_module, b.abort_module);
        assert_string_equal(a.abort_function, b.abort_function);
        assert_int_equal(a.abort_code, b.abort_code);
    }
    return a.verdict;
}

static void test_dry_runs(void **state) {
    (void)state;
    uint8_t tx[2048], id[40], other[32];
    memcpy(id, T.al, 32);
    memset(id + 32, 7, 8);
    memset(other, 0x5a, 32);
    int n_verdicts[5] = {0};
    static const char *const fns[] = {"seal_approve", "seal_approve_nope"};
    const uint8_t *senders[] = {T.owner, T.member, T.stranger};
    for (size_t f = 0; f < 2; f++) {
        for (size_t s = 0; s < 3; s++) {
            /* allowlist: by its shared reference, a wrong initial shared version, an unknown
             * object, the owner's Cap (owned: passes only for its owner, wrong type anyway) */
            const uint8_t *objs[] = {T.al, T.al, other, T.cap};
            const uint64_t isvs[] = {1, 9, 1, 0};
            for (size_t k = 0; k < 4; k++) {
                tu_ptb b;
                memset(&b, 0, sizeof b);
                uint16_t in[2] = {tu_ptb_bytes(&b, id, sizeof id),
                                  tu_ptb_object(&b, objs[k], isvs[k])};
                tu_ptb_call(&b, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", fns[f], 2, in);
                n_verdicts[same_verdict(tx, tu_ptb_tx(&b, senders[s], 500000000, tx, sizeof tx))]++;
            }
            /* whitelist with the staleness check first (fresh and stale) */
            for (int stale = 0; stale < 2; stale++) {
                tu_ptb b;
                memset(&b, 0, sizeof b);
                uint16_t t[3] = {tu_ptb_u64(&b, stale ? T0 + 10000000 : T0), tu_ptb_u64(&b, 1000),
                                 tu_ptb_object(&b, SEAL_LEDGER_CLOCK_ID, 1)};
                tu_ptb_call(&b, SEAL_LEDGER_SEAL_PACKAGE, "time", "check_staleness", 3, t);
                uint8_t wid[32];
                memcpy(wid, g_wl, 32);
                uint16_t in[2] = {tu_ptb_bytes(&b, wid, 32), tu_ptb_object(&b, g_wl, 1)};
                tu_ptb_call(&b, SEAL_LEDGER_PATTERNS_PACKAGE, "whitelist", fns[f], 2, in);
                n_verdicts[same_verdict(tx, tu_ptb_tx(&b, senders[s], 500000000, tx, sizeof tx))]++;
            }
        }
    }
    /* every verdict but EXECUTION_ERROR-only paths was met at least once */
    assert_true(n_verdicts[SEAL_CHAIN_SUCCESS] > 0);
    assert_true(n_verdicts[SEAL_CHAIN_ABORT] > 0);
    assert_true(n_verdicts[SEAL_CHAIN_FUNCTION_NOT_FOUND] > 0);
    assert_true(n_verdicts[SEAL_CHAIN_INVALID_INPUT] > 0);
    assert_true(n_verdicts[SEAL_CHAIN_EXECUTION_ERROR] > 0);
}

static void test_reads(void **state) {
    (void)state;
    uint8_t ids[8][32];
    size_t n = 0;
    memcpy(ids[n++], T.al, 32);
    memcpy(ids[n++], T.cap, 32);
    memcpy(ids[n++], g_wl, 32);
    memcpy(ids[n++], SEAL_LEDGER_CLOCK_ID, 32);
    memcpy(ids[n++], g_ks, 32);
    seal_ledger_key_server_field_id(ids[n++], g_ks, 2);
    memset(ids[n++], 0x77, 32);                         /* unknown */
    memcpy(ids[n++], SEAL_LEDGER_PATTERNS_PACKAGE, 32); /* a package */
    for (size_t k = 0; k < N_NET; k++) {
        seal_ledger_object a[8], b[8];
        bool fa[8], fb[8];
        assert_int_equal(seal_chain_get_objects(g_emb, (const uint8_t(*)[32])ids, n, a, fa),
                         SEAL_OK);
        assert_int_equal(seal_chain_get_objects(*g_net[k], (const uint8_t(*)[32])ids, n, b, fb),
                         SEAL_OK);
        for (size_t i = 0; i < n; i++) {
            assert_int_equal(fa[i], fb[i]);
            if (!fa[i])
                continue;
            assert_memory_equal(a[i].id, b[i].id, 32);
            assert_int_equal(a[i].version, b[i].version);
            assert_memory_equal(a[i].digest, b[i].digest, 32);
            assert_int_equal(a[i].owner.kind, b[i].owner.kind);
            assert_memory_equal(a[i].owner.address, b[i].owner.address, 32);
            assert_int_equal(a[i].owner.version, b[i].owner.version);
            assert_int_equal(a[i].type_len, b[i].type_len);
            assert_memory_equal(a[i].type, b[i].type, a[i].type_len);
            assert_int_equal(a[i].has_public_transfer, b[i].has_public_transfer);
            assert_memory_equal(a[i].previous_transaction, b[i].previous_transaction, 32);
            assert_int_equal(a[i].contents_len, b[i].contents_len);
            assert_memory_equal(a[i].contents, b[i].contents, a[i].contents_len);
            seal_ledger_object_clear(&a[i]);
            seal_ledger_object_clear(&b[i]);
        }
        assert_true(fa[0] && fa[5] && !fa[6] && !fa[7]);

        const uint8_t *pkgs[] = {SEAL_LEDGER_SEAL_PACKAGE, SEAL_LEDGER_PATTERNS_PACKAGE,
                                 SEAL_LEDGER_EXAMPLES_PACKAGE, T.al, ids[6]};
        for (size_t i = 0; i < 5; i++) {
            uint8_t oa[32], ob[32];
            uint64_t va = 0, vb = 0;
            bool pa = false, pb = false;
            assert_int_equal(seal_chain_resolve_package(g_emb, pkgs[i], oa, &va, &pa), SEAL_OK);
            assert_int_equal(seal_chain_resolve_package(*g_net[k], pkgs[i], ob, &vb, &pb), SEAL_OK);
            assert_int_equal(pa, pb);
            assert_int_equal(pa, i < 3);
            if (pa) {
                assert_memory_equal(oa, ob, 32);
                assert_int_equal(va, vb);
            }
        }
        uint64_t ta = 0, tb = 0, ga = 0, gb = 0;
        assert_int_equal(seal_chain_clock(g_emb, &ta), SEAL_OK);
        assert_int_equal(seal_chain_clock(*g_net[k], &tb), SEAL_OK);
        assert_int_equal(ta, tb);
        assert_int_equal(ta, T0);
        assert_int_equal(seal_chain_reference_gas_price(g_emb, &ga), SEAL_OK);
        assert_int_equal(seal_chain_reference_gas_price(*g_net[k], &gb), SEAL_OK);
        assert_int_equal(ga, gb);
        /* the chain's identity and latest checkpoint (JSON-RPC knows only the short id) */
        seal_chain_info ia, ib;
        assert_int_equal(seal_chain_service_info(g_emb, &ia), SEAL_OK);
        assert_int_equal(seal_chain_service_info(*g_net[k], &ib), SEAL_OK);
        assert_string_equal(ia.chain_short, ib.chain_short);
        if (*g_net[k] != g_rpc)
            assert_string_equal(ia.chain_id, ib.chain_id);
        assert_int_equal(ia.checkpoint_height, ib.checkpoint_height);
        assert_true(ia.timestamp_ms == ib.timestamp_ms);
        assert_int_equal(ia.epoch, ib.epoch);
    }
}

/* A node verifies signatures only over gRPC; the local chain has no JWKs for zkLogin. */
static void test_verify_signature(void **state) {
    (void)state;
    seal_sui_keypair kp;
    uint8_t secret[32], me[32], sig[SEAL_SUI_SIMPLE_SIGNATURE_MAX_BYTES];
    size_t sig_len = 0;
    static const char msg[] = "Accessing keys of package 0x5ea3";
    seal_chain_signature_result r;
    memset(secret, 11, 32);
    assert_int_equal(seal_sui_keypair_from_secret(&kp, SEAL_SUI_SCHEME_ED25519, secret), SEAL_OK);
    seal_sui_keypair_address(me, &kp);
    assert_int_equal(
        seal_sui_sign_personal_message(sig, &sig_len, &kp, (const uint8_t *)msg, strlen(msg)),
        SEAL_OK);
    for (int k = 1; k < N_NET; k++) {
        assert_int_equal(seal_chain_verify_signature(*g_net[k], (const uint8_t *)msg, strlen(msg),
                                                     sig, sig_len, me, &r),
                         SEAL_OK);
        assert_true(r.valid);
        /* another address: not valid */
        assert_int_equal(seal_chain_verify_signature(*g_net[k], (const uint8_t *)msg, strlen(msg),
                                                     sig, sig_len, T.owner, &r),
                         SEAL_OK);
        assert_false(r.valid);
        assert_true(r.reason[0] != '\0');
    }
    assert_int_equal(
        seal_chain_verify_signature(g_emb, (const uint8_t *)msg, strlen(msg), sig, sig_len, me, &r),
        SEAL_ERR_UNSUPPORTED_SIGNATURE_SCHEME);
    assert_int_equal(
        seal_chain_verify_signature(g_rpc, (const uint8_t *)msg, strlen(msg), sig, sig_len, me, &r),
        SEAL_ERR_UNSUPPORTED_SIGNATURE_SCHEME);
    seal_sui_keypair_clear(&kp);
}

/* Many threads through all backends at once. */
typedef struct worker {
    int failures;
} worker;

static void *worker_main(void *arg) {
    worker *w = arg;
    uint8_t tx[2048], id[40];
    memcpy(id, T.al, 32);
    memset(id + 32, 1, 8);
    tu_ptb b;
    memset(&b, 0, sizeof b);
    uint16_t in[2] = {tu_ptb_bytes(&b, id, sizeof id), tu_ptb_object(&b, T.al, 1)};
    tu_ptb_call(&b, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "seal_approve", 2, in);
    size_t n_ok = tu_ptb_tx(&b, T.member, 500000000, tx, sizeof tx);
    for (int i = 0; i < 25; i++) {
        seal_chain_dry_run_result r;
        seal_chain *c = i % 4 == 0 ? g_emb : *g_net[i % 4 - 1];
        if (seal_chain_dry_run(c, tx, n_ok, &r) != SEAL_OK || r.verdict != SEAL_CHAIN_SUCCESS)
            w->failures++;
    }
    return NULL;
}

static void test_concurrent(void **state) {
    (void)state;
    pthread_t th[4];
    worker w[4];
    memset(w, 0, sizeof w);
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&th[i], NULL, worker_main, &w[i]), 0);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(pthread_join(th[i], NULL), 0);
        assert_int_equal(w[i].failures, 0);
    }
}

typedef struct burst {
    seal_chain *c;
    const uint8_t *tx;
    size_t n;
    int calls;
    int failures;
} burst;

static void *burst_main(void *arg) {
    burst *b = arg;
    for (int i = 0; i < b->calls; i++) {
        seal_chain_dry_run_result r;
        if (seal_chain_dry_run(b->c, b->tx, b->n, &r) != SEAL_OK || r.verdict != SEAL_CHAIN_SUCCESS)
            b->failures++;
    }
    return NULL;
}

/* Sequential dry-run latency of each backend (printed; asserted only to be sane). */
static void test_latency(void **state) {
    (void)state;
    uint8_t tx[2048], id[40];
    memcpy(id, T.al, 32);
    memset(id + 32, 2, 8);
    tu_ptb b;
    memset(&b, 0, sizeof b);
    uint16_t in[2] = {tu_ptb_bytes(&b, id, sizeof id), tu_ptb_object(&b, T.al, 1)};
    tu_ptb_call(&b, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "seal_approve", 2, in);
    size_t n = tu_ptb_tx(&b, T.member, 500000000, tx, sizeof tx);
    seal_chain *cs[4] = {g_emb, g_rpc, g_grpc, g_native};
    static const char *const names[4] = {"embedded", "JSON-RPC", "gRPC-web", "native gRPC"};
    double us[4];
    for (int k = 0; k < 4; k++) {
        seal_chain_dry_run_result r;
        assert_int_equal(seal_chain_dry_run(cs[k], tx, n, &r), SEAL_OK); /* warm */
        double t0 = tu_now_s();
        for (int i = 0; i < 200; i++) {
            assert_int_equal(seal_chain_dry_run(cs[k], tx, n, &r), SEAL_OK);
            assert_int_equal(r.verdict, SEAL_CHAIN_SUCCESS);
        }
        us[k] = (tu_now_s() - t0) / 200 * 1e6;
        assert_true(us[k] > 0);
    }
    print_message("dry run, sequential (us/call): %s %.1f, %s %.1f, %s %.1f, %s %.1f\n", names[0],
                  us[0], names[1], us[1], names[2], us[2], names[3], us[3]);
    /* 4 threads at once through each backend */
    for (int k = 0; k < 4; k++) {
        pthread_t th[4];
        burst bs[4];
        double t0 = tu_now_s();
        for (int i = 0; i < 4; i++) {
            bs[i] = (burst){cs[k], tx, n, 200, 0};
            assert_int_equal(pthread_create(&th[i], NULL, burst_main, &bs[i]), 0);
        }
        for (int i = 0; i < 4; i++) {
            assert_int_equal(pthread_join(th[i], NULL), 0);
            assert_int_equal(bs[i].failures, 0);
        }
        us[k] = 800 / (tu_now_s() - t0);
    }
    print_message("dry run, 4 threads (calls/s): %s %.0f, %s %.0f, %s %.0f, %s %.0f\n", names[0],
                  us[0], names[1], us[1], names[2], us[2], names[3], us[3]);
}

/* ---- signed transactions: the RPC effects equal the ledger's record ---------------------------
 */

static seal_err execute(seal_chain *c, const seal_sui_keypair *kp, const uint8_t *tx, size_t n,
                        seal_ledger_effects *e) {
    uint8_t sig[SEAL_SUI_SIMPLE_SIGNATURE_MAX_BYTES];
    size_t sig_len = 0;
    assert_int_equal(seal_sui_sign_transaction(sig, &sig_len, kp, tx, n), SEAL_OK);
    const uint8_t *sigs[1] = {sig};
    size_t lens[1] = {sig_len};
    return seal_chain_execute(c, tx, n, sigs, lens, 1, e);
}

static void same_objects(const seal_ledger_effect_object *a, const seal_ledger_effect_object *b,
                         size_t n) {
    for (size_t i = 0; i < n; i++) {
        /* the same set, maybe in another order */
        size_t j = 0;
        while (j < n && memcmp(a[i].id, b[j].id, 32) != 0)
            j++;
        assert_true(j < n);
        assert_int_equal(a[i].version, b[j].version);
        assert_int_equal(a[i].type_len, b[j].type_len);
        assert_memory_equal(a[i].type, b[j].type, a[i].type_len);
    }
}

static void same_effects(const seal_ledger_effects *a, const seal_ledger_effects *b) {
    assert_int_equal(a->outcome.status, b->outcome.status);
    assert_memory_equal(a->digest, b->digest, 32);
    assert_int_equal(a->executed, b->executed);
    assert_memory_equal(a->sender, b->sender, 32);
    if (a->outcome.status == SEAL_LEDGER_ABORT) {
        assert_int_equal(a->outcome.abort_code, b->outcome.abort_code);
        assert_string_equal(a->outcome.abort_module, b->outcome.abort_module);
        assert_string_equal(a->outcome.abort_function, b->outcome.abort_function);
        assert_memory_equal(a->outcome.abort_package, b->outcome.abort_package, 32);
    }
    assert_int_equal(a->n_created, b->n_created);
    assert_int_equal(a->n_mutated, b->n_mutated);
    assert_int_equal(a->n_deleted, b->n_deleted);
    same_objects(a->created, b->created, a->n_created);
    same_objects(a->mutated, b->mutated, a->n_mutated);
    same_objects(a->deleted, b->deleted, a->n_deleted);
    for (size_t i = 0; i < a->n_created; i++) {
        for (size_t j = 0; j < b->n_created; j++) {
            if (memcmp(a->created[i].id, b->created[j].id, 32) == 0) {
                assert_memory_equal(a->created[i].digest, b->created[j].digest, 32);
                assert_int_equal(a->created[i].owner.kind, b->created[j].owner.kind);
                assert_memory_equal(a->created[i].owner.address, b->created[j].owner.address, 32);
                assert_int_equal(a->created[i].owner.version, b->created[j].owner.version);
            }
        }
    }
}

/* The effects of tx executed through `first` (in a), then replayed through every other backend
 * (answered from the ledger's record, or refused the same way): all equal. */
static void everywhere(seal_chain *first, const seal_sui_keypair *kp, const uint8_t *tx, size_t n,
                       seal_ledger_effects *a, seal_ledger_effects *b) {
    seal_chain *all[4] = {g_emb, g_rpc, g_grpc, g_native};
    assert_int_equal(execute(first, kp, tx, n, a), SEAL_OK);
    for (int k = 0; k < 4; k++) {
        if (all[k] == first)
            continue;
        assert_int_equal(execute(all[k], kp, tx, n, b), SEAL_OK);
        same_effects(a, b);
    }
}

static void test_execute(void **state) {
    (void)state;
    seal_sui_keypair kp;
    uint8_t secret[32], me[32], tx[1024], al[32] = {0}, cap[32] = {0};
    seal_ledger_effects *a = malloc(sizeof *a), *b = malloc(sizeof *b);
    assert_non_null(a);
    assert_non_null(b);
    memset(secret, 9, 32);
    assert_int_equal(seal_sui_keypair_from_secret(&kp, SEAL_SUI_SCHEME_ED25519, secret), SEAL_OK);
    seal_sui_keypair_address(me, &kp);

    /* create through the node; the same transaction on the embedded ledger is answered from
     * its record: the node's effects must be the ledger's */
    tu_ptb t;
    memset(&t, 0, sizeof t);
    uint8_t name[5] = {4, 'c', 'r', 'e', 'w'};
    uint16_t in0 = tu_ptb_raw(&t, name, sizeof name);
    tu_ptb_call(&t, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "create_allowlist_entry", 1, &in0);
    size_t n = tu_ptb_tx(&t, me, 500000000, tx, sizeof tx);
    everywhere(g_rpc, &kp, tx, n, a, b);
    assert_int_equal(a->outcome.status, SEAL_LEDGER_SUCCESS);
    assert_true(a->executed);
    assert_int_equal(a->n_created, 2);
    /* a second allowlist created through gRPC first */
    memset(&t, 0, sizeof t);
    uint8_t name2[5] = {4, 'g', 'r', 'p', 'c'};
    in0 = tu_ptb_raw(&t, name2, sizeof name2);
    tu_ptb_call(&t, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "create_allowlist_entry", 1, &in0);
    n = tu_ptb_tx(&t, me, 500000000, tx, sizeof tx);
    everywhere(g_grpc, &kp, tx, n, b, a);
    assert_int_equal(b->outcome.status, SEAL_LEDGER_SUCCESS);
    assert_int_equal(b->n_created, 2);
    /* back to the first one's effects */
    memset(&t, 0, sizeof t);
    in0 = tu_ptb_raw(&t, name, sizeof name);
    tu_ptb_call(&t, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "create_allowlist_entry", 1, &in0);
    n = tu_ptb_tx(&t, me, 500000000, tx, sizeof tx);
    assert_int_equal(execute(g_emb, &kp, tx, n, a), SEAL_OK);
    for (size_t i = 0; i < 2; i++)
        memcpy(a->created[i].owner.kind == SEAL_SUI_OWNER_SHARED ? al : cap, a->created[i].id, 32);

    /* add me through the embedded backend, replay through the node */
    seal_ledger_object ao, co;
    bool fa = false, fc = false;
    assert_int_equal(seal_chain_get_objects(g_rpc, (const uint8_t(*)[32]) & al, 1, &ao, &fa),
                     SEAL_OK);
    assert_int_equal(seal_chain_get_objects(g_rpc, (const uint8_t(*)[32]) & cap, 1, &co, &fc),
                     SEAL_OK);
    assert_true(fa && fc);
    memset(&t, 0, sizeof t);
    uint16_t ins[3];
    ins[0] = tu_ptb_object(&t, al, ao.owner.version);
    t.in[ins[0]].mutability = SEAL_SUI_SHARED_MUTABLE;
    ins[1] = tu_ptb_object(&t, cap, 0);
    t.in[ins[1]].object.version = co.version;
    memcpy(t.in[ins[1]].object.digest, co.digest, 32);
    ins[2] = tu_ptb_raw(&t, me, 32);
    tu_ptb_call(&t, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "add", 3, ins);
    n = tu_ptb_tx(&t, me, 500000000, tx, sizeof tx);
    everywhere(g_native, &kp, tx, n, a, b);
    assert_int_equal(a->outcome.status, SEAL_LEDGER_SUCCESS);

    /* the same add with the Cap's old reference: refused before execution on both */
    assert_int_equal(execute(g_rpc, &kp, tx, n, a), SEAL_OK); /* replay: recorded */
    memset(&t, 0, sizeof t);
    ins[0] = tu_ptb_object(&t, al, ao.owner.version);
    t.in[ins[0]].mutability = SEAL_SUI_SHARED_MUTABLE;
    ins[1] = tu_ptb_object(&t, cap, 0);
    t.in[ins[1]].object.version = co.version; /* stale now */
    memcpy(t.in[ins[1]].object.digest, co.digest, 32);
    uint8_t someone[32];
    tu_addr(someone, 0x44);
    ins[2] = tu_ptb_raw(&t, someone, 32);
    tu_ptb_call(&t, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "add", 3, ins);
    n = tu_ptb_tx(&t, me, 500000000, tx, sizeof tx);
    everywhere(g_grpc, &kp, tx, n, a, b);
    assert_false(a->executed);
    assert_int_not_equal(a->outcome.status, SEAL_LEDGER_SUCCESS);

    /* adding me twice aborts (EDuplicate): the node's abort equals the ledger's record */
    seal_ledger_object_clear(&co);
    assert_int_equal(seal_chain_get_objects(g_emb, (const uint8_t(*)[32]) & cap, 1, &co, &fc),
                     SEAL_OK);
    memset(&t, 0, sizeof t);
    ins[0] = tu_ptb_object(&t, al, ao.owner.version);
    t.in[ins[0]].mutability = SEAL_SUI_SHARED_MUTABLE;
    ins[1] = tu_ptb_object(&t, cap, 0);
    t.in[ins[1]].object.version = co.version;
    memcpy(t.in[ins[1]].object.digest, co.digest, 32);
    ins[2] = tu_ptb_raw(&t, me, 32);
    tu_ptb_call(&t, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "add", 3, ins);
    n = tu_ptb_tx(&t, me, 500000000, tx, sizeof tx);
    everywhere(g_grpc, &kp, tx, n, a, b);
    assert_int_equal(a->outcome.status, SEAL_LEDGER_ABORT);
    assert_true(a->executed);

    /* a signature by another key: refused the same way */
    seal_sui_keypair other;
    memset(secret, 10, 32);
    assert_int_equal(seal_sui_keypair_from_secret(&other, SEAL_SUI_SCHEME_ED25519, secret),
                     SEAL_OK);
    assert_int_equal(execute(g_rpc, &other, tx, n, a), SEAL_ERR_INVALID_SIGNATURE);
    assert_int_equal(execute(g_emb, &other, tx, n, b), SEAL_ERR_INVALID_SIGNATURE);
    assert_int_equal(execute(g_grpc, &other, tx, n, b), SEAL_ERR_INVALID_SIGNATURE);
    assert_int_equal(execute(g_native, &other, tx, n, b), SEAL_ERR_INVALID_SIGNATURE);

    seal_ledger_object_clear(&ao);
    seal_ledger_object_clear(&co);
    seal_sui_keypair_clear(&kp);
    seal_sui_keypair_clear(&other);
    free(a);
    free(b);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reads),      cmocka_unit_test(test_dry_runs),
        cmocka_unit_test(test_concurrent), cmocka_unit_test(test_latency),
        cmocka_unit_test(test_execute),    cmocka_unit_test(test_verify_signature),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
