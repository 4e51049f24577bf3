/* Allocation fault injection: runs one operation of the library with allocation number N
 * failing, for N = 1 .. (allocations of a successful run), once failing only the Nth allocation
 * and once failing it and every later one. Each run must either return an error or succeed with
 * exactly the output of the reference run; it must never crash, and under ASan never leak. The
 * run after the last fault point (nothing injected) must succeed.
 *
 * The HTTP scenarios go through sockets: server_http posts the fixture's fetch_key request to
 * the key server's listening socket (every allocation of the process counted: the HTTP layer
 * and the core in the server's threads), localnet_http the JSON-RPC batch of localnet_rpc to
 * the local chain's socket, client_fetch runs the client's parallel fetch (two servers at once
 * through libcurl multi; only the client thread's allocations counted) against that key
 * server. A faulted request must end in an error status, a closed connection or a client
 * error, within 30 s (no hang), and the next request must succeed.
 *
 * Usage: fault_alloc SCENARIO   (fault_alloc list prints the scenarios)
 * Prints: fault SCENARIO: allocations=A points=P errors=E survived=S
 *   A: allocations of a successful run; P: runs with an injected failure (2 A); E: runs that
 *   returned an error; S: runs that absorbed the failure and still produced the reference
 *   output. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "failalloc.h"
#include "fault_util.h"
#include "seal/bcs.h"
#include "seal/chain.h"
#include "seal/encrypt.h"
#include "seal/keys.h"
#include "seal/ledger.h"
#include "seal/object.h"
#include "seal/sui_tx.h"
#include <jansson.h>

#include "fuzz_net.h"
#include "localnet/localnet.h"
#include "seal/sui.h"
#include "seal/util.h"
#include "server_fixture.h"

#define T0 1700000000000ull

/* ASan + UBSan builds (where the leak checks happen) run the slowest scenarios at every other
 * fault point to stay within a CI budget; the ordinary build tries every point. */
#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED 1
#endif
#endif
#ifndef SANITIZED
#define SANITIZED 0
#endif

/* ---- deterministic randomness ------------------------------------------------------------- */

typedef struct det_rng {
    uint64_t s;
} det_rng;

static seal_err det_fill(void *ctx, uint8_t *out, size_t len) {
    det_rng *r = ctx;
    for (size_t i = 0; i < len; i++) {
        r->s ^= r->s << 13;
        r->s ^= r->s >> 7;
        r->s ^= r->s << 17;
        out[i] = (uint8_t)(r->s >> 24);
    }
    return SEAL_OK;
}

/* ---- shared fixtures ---------------------------------------------------------------------- */

static const uint8_t PKG[32] = {0x5e, 0xa1, 0x01};
static const uint8_t INNER_ID[5] = {1, 2, 3, 4, 5};
static const uint8_t MSG[] = "fault injection: the plaintext must come back exactly";

static seal_key_server g_servers[3];
static seal_user_key g_usk[3];
static uint8_t g_obj_aes[1024], g_obj_hmac[1024];
static size_t g_obj_aes_len, g_obj_hmac_len;

static char g_dir[64];
static char g_db[128];
static char g_template[128];
static uint8_t g_owner[32], g_alice[32], g_bob[32], g_al[32], g_cap[32];
static uint8_t g_ptb[1024];
static size_t g_ptb_len;
static uint8_t g_tx[1200];
static size_t g_tx_len;

static void keys_init(void) {
    det_rng r = {0x0123456789abcdefull};
    seal_rng rng = {det_fill, &r};
    uint8_t full_id[64];
    size_t full_len = 0;
    CHECK(seal_keys_full_id(full_id, sizeof full_id, &full_len, PKG, INNER_ID, sizeof INNER_ID) ==
          SEAL_OK);
    for (size_t i = 0; i < 3; i++) {
        uint8_t msk[32];
        memset(g_servers[i].object_id, (int)(0x10 + i), 32);
        g_servers[i].weight = 1;
        CHECK(seal_keys_generate(msk, g_servers[i].public_key, &rng) == SEAL_OK);
        memcpy(g_usk[i].object_id, g_servers[i].object_id, 32);
        CHECK(seal_keys_extract(g_usk[i].key, msk, full_id, full_len) == SEAL_OK);
    }
}

static seal_encrypt_params enc_params(seal_dem_type dem) {
    seal_encrypt_params p;
    memset(&p, 0, sizeof p);
    p.package_id = PKG;
    p.id = INNER_ID;
    p.id_len = sizeof INNER_ID;
    p.servers = g_servers;
    p.n_servers = 3;
    p.threshold = 2;
    p.dem = dem;
    return p;
}

static seal_err do_encrypt(seal_dem_type dem, uint8_t *out, size_t cap, size_t *out_len) {
    det_rng r = {0xfeedfacecafebeefull};
    seal_rng rng = {det_fill, &r};
    seal_encrypt_params p = enc_params(dem);
    uint8_t key[32];
    return seal_encrypt(out, cap, out_len, key, &p, MSG, sizeof MSG, &rng);
}

static void addr(uint8_t out[32], uint8_t b) {
    memset(out, 0, 32);
    out[0] = 0xa0;
    out[31] = b;
}

/* A PTB calling examples::allowlist::seal_approve(id = al || 7, allowlist). */
static void ptb_build(void) {
    uint8_t id[33], pure[40];
    memcpy(id, g_al, 32);
    id[32] = 7;
    seal_bcs_writer w;
    seal_bcs_writer_init(&w, pure, sizeof pure);
    seal_bcs_write_bytes(&w, id, sizeof id);
    CHECK(seal_bcs_writer_finish(&w) == SEAL_OK);
    seal_sui_call_arg in[2];
    memset(in, 0, sizeof in);
    in[0].kind = SEAL_SUI_CALL_ARG_PURE;
    in[0].pure = (seal_sui_bytes){pure, w.len};
    in[1].kind = SEAL_SUI_CALL_ARG_OBJECT;
    in[1].object_kind = SEAL_SUI_OBJECT_SHARED;
    memcpy(in[1].object.id, g_al, 32);
    in[1].initial_shared_version = 1;
    in[1].mutability = SEAL_SUI_SHARED_IMMUTABLE;
    seal_sui_argument args[2] = {{.kind = SEAL_SUI_ARG_INPUT, .index = 0},
                                 {.kind = SEAL_SUI_ARG_INPUT, .index = 1}};
    seal_sui_command cmd;
    memset(&cmd, 0, sizeof cmd);
    cmd.kind = SEAL_SUI_CMD_MOVE_CALL;
    memcpy(cmd.package, SEAL_LEDGER_EXAMPLES_PACKAGE, 32);
    cmd.module = (seal_sui_bytes){(const uint8_t *)"allowlist", 9};
    cmd.function = (seal_sui_bytes){(const uint8_t *)"seal_approve", 12};
    cmd.n_args = 2;
    cmd.args = args;
    seal_sui_ptb p = {2, in, 1, &cmd};
    seal_bcs_writer_init(&w, g_ptb, sizeof g_ptb);
    CHECK(seal_sui_ptb_encode(&w, &p) == SEAL_OK);
    CHECK(seal_bcs_writer_finish(&w) == SEAL_OK);
    g_ptb_len = w.len;

    seal_sui_transaction_data tx;
    memset(&tx, 0, sizeof tx);
    tx.ptb = &p;
    memcpy(tx.sender, g_alice, 32);
    memcpy(tx.gas.owner, g_alice, 32);
    tx.gas.price = 1000;
    tx.gas.budget = 50000000;
    seal_bcs_writer_init(&w, g_tx, sizeof g_tx);
    CHECK(seal_sui_transaction_data_encode(&w, &tx) == SEAL_OK);
    CHECK(seal_bcs_writer_finish(&w) == SEAL_OK);
    g_tx_len = w.len;
}

/* A ledger with an allowlist (owner, cap) holding alice, saved as a template. */
static void ledger_init(void) {
    fault_mkdtemp(g_dir, sizeof g_dir, "seal_fault");
    snprintf(g_db, sizeof g_db, "%s/ledger.db", g_dir);
    snprintf(g_template, sizeof g_template, "%s/template.db", g_dir);
    addr(g_owner, 1);
    addr(g_alice, 2);
    addr(g_bob, 3);
    seal_ledger *l = NULL;
    seal_ledger_outcome o;
    CHECK(seal_ledger_open_ex(&l, g_template, T0) == SEAL_OK);
    CHECK(seal_ledger_allowlist_create(l, g_owner, "team", g_al, g_cap, &o) == SEAL_OK);
    CHECK(o.status == SEAL_LEDGER_SUCCESS);
    CHECK(seal_ledger_allowlist_add(l, g_owner, g_al, g_cap, g_alice, &o) == SEAL_OK);
    CHECK(o.status == SEAL_LEDGER_SUCCESS);
    seal_ledger_close(l);
    fault_copy_file(g_template, g_db);
    ptb_build();
}

static void ledger_cleanup(void) {
    if (g_dir[0] != '\0') {
        fault_rm_db(g_db);
        fault_rm_db(g_template);
        rmdir(g_dir);
    }
}

/* Dry run of the seal_approve PTB for sender on a fresh handle (no fault injection). */
static seal_ledger_status approve_status(const uint8_t sender[32]) {
    seal_ledger *l = NULL;
    seal_ledger_outcome o;
    CHECK(seal_ledger_open_ex(&l, g_db, T0) == SEAL_OK);
    CHECK(seal_ledger_dry_run(l, g_ptb, g_ptb_len, sender, &o) == SEAL_OK);
    seal_ledger_close(l);
    return o.status;
}

/* ---- scenarios: each returns the operation's seal_err and sets *ok when the output is the
 * reference output (only looked at when the operation succeeded) ------------------------------ */

static seal_err sc_encrypt(seal_dem_type dem, const uint8_t *ref, size_t ref_len, bool *ok) {
    uint8_t out[1024];
    size_t n = 0;
    memset(out, 0, sizeof out);
    seal_err e = do_encrypt(dem, out, sizeof out, &n);
    *ok = e == SEAL_OK && n == ref_len && memcmp(out, ref, n) == 0;
    if (e != SEAL_OK) {
        /* the contract: on error the output is zeroed */
        for (size_t i = 0; i < sizeof out; i++) {
            CHECK(out[i] == 0);
        }
    }
    return e;
}

static seal_err sc_encrypt_aes(bool *ok) {
    return sc_encrypt(SEAL_DEM_AES_256_GCM, g_obj_aes, g_obj_aes_len, ok);
}

static seal_err sc_encrypt_hmac(bool *ok) {
    return sc_encrypt(SEAL_DEM_HMAC_256_CTR, g_obj_hmac, g_obj_hmac_len, ok);
}

static seal_err sc_decrypt(const uint8_t *obj, size_t len, bool *ok) {
    uint8_t out[256];
    size_t n = 0;
    seal_decrypt_params p;
    memset(&p, 0, sizeof p);
    p.keys = g_usk;
    p.n_keys = 3;
    p.public_keys = g_servers;
    p.n_public_keys = 3;
    seal_err e = seal_decrypt(out, sizeof out, &n, obj, len, &p);
    *ok = e == SEAL_OK && n == sizeof MSG && memcmp(out, MSG, n) == 0;
    if (e != SEAL_OK) {
        CHECK(n == 0);
        for (size_t i = 0; i < sizeof out; i++) {
            CHECK(out[i] == 0);
        }
    }
    return e;
}

static seal_err sc_decrypt_aes(bool *ok) {
    return sc_decrypt(g_obj_aes, g_obj_aes_len, ok);
}

static seal_err sc_decrypt_hmac(bool *ok) {
    return sc_decrypt(g_obj_hmac, g_obj_hmac_len, ok);
}

static seal_err sc_object_decode(bool *ok) {
    seal_object o;
    seal_err e = seal_object_decode(&o, g_obj_aes, g_obj_aes_len);
    *ok = e == SEAL_OK && o.threshold == 2 && o.n_services == 3;
    return e;
}

static seal_err sc_ptb_decode(bool *ok) {
    seal_sui_ptb *p = NULL;
    seal_err e = seal_sui_ptb_decode(&p, g_ptb, g_ptb_len);
    *ok = false;
    if (e == SEAL_OK) {
        uint8_t out[1024];
        seal_bcs_writer w;
        seal_bcs_writer_init(&w, out, sizeof out);
        *ok = seal_sui_ptb_encode(&w, p) == SEAL_OK && seal_bcs_writer_finish(&w) == SEAL_OK &&
              w.len == g_ptb_len && memcmp(out, g_ptb, w.len) == 0;
    } else {
        CHECK(p == NULL);
    }
    seal_sui_ptb_free(p);
    return e;
}

static seal_err sc_txdata_decode(bool *ok) {
    seal_sui_transaction_data *t = NULL;
    seal_err e = seal_sui_transaction_data_decode(&t, g_tx, g_tx_len);
    *ok = false;
    if (e == SEAL_OK) {
        uint8_t out[1200];
        seal_bcs_writer w;
        seal_bcs_writer_init(&w, out, sizeof out);
        *ok = seal_sui_transaction_data_encode(&w, t) == SEAL_OK &&
              seal_bcs_writer_finish(&w) == SEAL_OK && w.len == g_tx_len &&
              memcmp(out, g_tx, w.len) == 0;
    } else {
        CHECK(t == NULL);
    }
    seal_sui_transaction_data_free(t);
    return e;
}

/* Opens the existing ledger, dry-runs seal_approve for alice (approved) and bob (denied). */
static seal_err sc_ledger_dry_run(bool *ok) {
    seal_ledger *l = NULL;
    seal_ledger_outcome oa, ob, ot;
    *ok = false;
    seal_err e = seal_ledger_open_ex(&l, g_db, T0);
    if (e != SEAL_OK) {
        CHECK(l == NULL);
        return e;
    }
    if ((e = seal_ledger_dry_run(l, g_ptb, g_ptb_len, g_alice, &oa)) != SEAL_OK) {
        goto out;
    }
    if ((e = seal_ledger_dry_run(l, g_ptb, g_ptb_len, g_bob, &ob)) != SEAL_OK) {
        goto out;
    }
    if ((e = seal_ledger_dry_run_transaction(l, g_tx, g_tx_len, &ot)) != SEAL_OK) {
        goto out;
    }
    *ok = oa.status == SEAL_LEDGER_SUCCESS && ob.status == SEAL_LEDGER_ABORT &&
          ob.abort_code == 1 && ot.status == SEAL_LEDGER_SUCCESS;
out:
    seal_ledger_close(l);
    return e;
}

/* Creates a new ledger (genesis) where none exists. A failed creation may leave a partial
 * file; the next successful open must still produce a complete genesis. */
static seal_err sc_ledger_create(bool *ok) {
    seal_ledger *l = NULL;
    *ok = false;
    seal_err e = seal_ledger_open_ex(&l, g_db, T0);
    if (e == SEAL_OK) {
        uint64_t clock = 0;
        bool found = false;
        uint8_t orig[32];
        uint64_t ver = 0;
        e = seal_ledger_clock_get(l, &clock);
        if (e == SEAL_OK) {
            e = seal_ledger_package_get(l, SEAL_LEDGER_EXAMPLES_PACKAGE, orig, &ver, &found);
        }
        *ok = e == SEAL_OK && clock == T0 && found && ver == 1;
    }
    seal_ledger_close(l);
    return e;
}

/* Adds bob to the allowlist. Checked afterwards (fault-free): an acknowledged add is durable,
 * a failed one left either nothing or the whole change. */
static seal_err sc_ledger_write(bool *ok) {
    seal_ledger *l = NULL;
    seal_ledger_outcome o;
    *ok = false;
    seal_err e = seal_ledger_open_ex(&l, g_db, T0);
    if (e == SEAL_OK) {
        e = seal_ledger_allowlist_add(l, g_owner, g_al, g_cap, g_bob, &o);
        *ok = e == SEAL_OK && o.status == SEAL_LEDGER_SUCCESS;
    }
    seal_ledger_close(l);
    return e;
}

static seal_err sc_chain_dry_run(bool *ok) {
    seal_chain *c = NULL;
    seal_chain_dry_run_result r;
    char spec[96];
    snprintf(spec, sizeof spec, "embedded:%s", g_dir);
    *ok = false;
    seal_err e = seal_chain_open(&c, spec, NULL);
    if (e != SEAL_OK) {
        CHECK(c == NULL);
        return e;
    }
    e = seal_chain_dry_run(c, g_tx, g_tx_len, &r);
    if (e == SEAL_OK) {
        uint8_t ids[1][32];
        seal_ledger_object obj;
        bool found = false;
        memcpy(ids[0], g_al, 32);
        e = seal_chain_get_objects(c, (const uint8_t(*)[32])ids, 1, &obj, &found);
        if (e == SEAL_OK) {
            *ok = r.verdict == SEAL_CHAIN_SUCCESS && found && obj.version >= 1;
            if (found) {
                seal_ledger_object_clear(&obj);
            }
        }
    }
    seal_chain_close(c);
    return e;
}

/* The key server core on the fixture's ledger (fuzz/server_fixture.h): the valid fetch_key
 * request. seal_server_handle never fails: a response with the reference status (and, for 200,
 * keys that decrypt and verify) is a success; any other well-formed error response is an
 * error; a 200 where the reference was not, or keys that do not verify, is a wrong output. */
static srvfix g_srv;
static bool g_srv_init;
static unsigned g_srv_status;
static uint8_t g_srv_pk[96];

/* A fetch_key answer body with one key that decrypts with f's ElGamal key and verifies against
 * pk. */
static bool keys_verify(const srvfix *f, const uint8_t pk[96], const char *body, size_t len) {
    seal_client_encrypted_key *keys = NULL;
    size_t n = 0;
    bool ok = seal_client_response_parse(&keys, &n, 100, body, len, NULL, 0) == SEAL_OK && n == 1;
    for (size_t i = 0; ok && i < n; i++) {
        uint8_t usk[48];
        seal_err e1 = seal_elgamal_decrypt(usk, f->eg_sk, keys[i].c0, keys[i].c1);
        seal_err e2 =
            seal_keys_verify_user_secret_key(usk, pk, keys[i].full_id, keys[i].full_id_len);
        if (getenv("FAULT_DEBUG"))
            fprintf(stderr, "decrypt %d verify %d\n", e1, e2);
        ok = e1 == SEAL_OK && e2 == SEAL_OK;
    }
    free(keys);
    return ok;
}

static bool srv_keys_verify(const seal_server_response *r) {
    return keys_verify(&g_srv, g_srv_pk, r->body, r->body_len);
}

static seal_err sc_server_handle(bool *ok) {
    seal_server_request req;
    seal_server_response r;
    memset(&r, 0, sizeof r);
    srvfix_request(&req, &g_srv, g_srv.body, g_srv.body_len);
    seal_server_handle(g_srv.server, &req, &r);
    bool armed = fa_pause(); /* the checks below allocate: not part of the operation */
    CHECK(r.route != NULL);
    CHECK(r.body != NULL || r.body_len == 0);
    if (g_srv_status == 0) {
        g_srv_status = r.status; /* the reference run */
    }
    seal_err e = SEAL_OK;
    *ok = r.status == g_srv_status && (r.status != 200 || srv_keys_verify(&r));
    if (!*ok && r.status == g_srv_status && getenv("FAULT_DEBUG") != NULL) {
        fprintf(stderr, "status %u body %.*s\n", r.status, (int)r.body_len, r.body ? r.body : "");
    }
    if (r.status != g_srv_status) {
        /* an error response instead: never a success that the reference was not */
        CHECK(r.status != 200);
        CHECK(r.status >= 400 && r.status <= 599);
        e = SEAL_ERR_INTERNAL;
    }
    fa_resume(armed);
    seal_server_response_clear(&r);
    return e;
}

static void server_init(void) {
    if (!g_srv_init) {
        srvfix_init(&g_srv);
        srvfix_remove_at_exit(g_srv.dir); /* also when a check fails */
        CHECK(seal_keys_public_key(g_srv_pk, g_srv.cfg.msk) == SEAL_OK);
        g_srv_init = true;
    }
}

/* The client's parser of a fetch_key answer with three keys. */
static const char *const RESPONSE =
    "{\"decryption_keys\":["
    "{\"id\":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,"
    "31,32,7],\"encrypted_key\":["
    "\"qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq\","
    "\"u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7\"]},"
    "{\"id\":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,"
    "31,32,8],\"encrypted_key\":["
    "\"zMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzM\","
    "\"3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d\"]},"
    "{\"id\":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,"
    "31,32],\"encrypted_key\":["
    "\"7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u\","
    "\"////////////////////////////////////////////////////////////////\"]}]}";

static seal_err sc_client_response(bool *ok) {
    seal_client_encrypted_key *keys = NULL;
    size_t n = 0;
    char why[128];
    seal_err e =
        seal_client_response_parse(&keys, &n, 10, RESPONSE, strlen(RESPONSE), why, sizeof why);
    *ok = false;
    if (e == SEAL_OK) {
        *ok = n == 3 && keys[0].full_id_len == 33 && keys[0].full_id[32] == 7 &&
              keys[1].full_id[32] == 8 && keys[2].full_id_len == 32 && keys[0].c0[0] == 0xaa &&
              keys[0].c1[0] == 0xbb && keys[1].c0[0] == 0xcc && keys[1].c1[0] == 0xdd &&
              keys[2].c0[0] == 0xee && keys[2].c1[47] == 0xff;
    } else {
        CHECK(keys == NULL);
    }
    free(keys);
    return e;
}

/* The local chain's JSON-RPC handler (seal_localnet_rpc_handle) on the fixture's ledger: a
 * batch of sui_getObject, sui_multiGetObjects and sui_dryRunTransactionBlock. An answer equal
 * to the reference is a success; NULL, or a JSON-RPC error answer, is an error; an answer
 * without an object's "content" is counted (see sc_localnet_rpc); any other answer fails. */
static seal_localnet_rpc *g_rpc;
static char *g_rpc_req;
static char *g_rpc_ref;
static unsigned long g_rpc_partial;

static void localnet_init(void) {
    server_init();
    seal_localnet_rpc_options o;
    memset(&o, 0, sizeof o);
    o.data_dir = g_srv.dir;
    o.threads = 1;
    CHECK(seal_localnet_rpc_start(&g_rpc, &o) == SEAL_OK);
    char al[SEAL_SUI_ADDRESS_HEX_BYTES];
    seal_sui_address_format(al, g_srv.allowlist);
    /* the dry run: the PTB of the fixture's request inside a TransactionData */
    json_t *body = json_loads(g_srv.body, 0, NULL);
    const char *ptb_b64 = json_string_value(json_object_get(body, "ptb"));
    uint8_t ptb[1024], tx[1400];
    size_t ptb_len = 0;
    CHECK(seal_sui_base64_decode(ptb, sizeof ptb, &ptb_len, ptb_b64, strlen(ptb_b64)) == SEAL_OK);
    seal_sui_ptb *p = NULL;
    CHECK(seal_sui_ptb_decode(&p, ptb, ptb_len) == SEAL_OK);
    seal_sui_transaction_data td;
    memset(&td, 0, sizeof td);
    td.ptb = p;
    memcpy(td.sender, g_srv.address, 32);
    memcpy(td.gas.owner, g_srv.address, 32);
    td.gas.price = 1000;
    td.gas.budget = 500000000;
    seal_bcs_writer w;
    seal_bcs_writer_init(&w, tx, sizeof tx);
    CHECK(seal_sui_transaction_data_encode(&w, &td) == SEAL_OK);
    CHECK(seal_bcs_writer_finish(&w) == SEAL_OK);
    char tx_b64[2000];
    seal_sui_base64_encode(tx_b64, tx, w.len);
    seal_sui_ptb_free(p);
    json_decref(body);
    g_rpc_req = malloc(8192);
    CHECK(g_rpc_req != NULL);
    snprintf(g_rpc_req, 8192,
             "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"sui_getObject\",\"params\":[\"%s\","
             "{\"showBcs\":true,\"showOwner\":true,\"showType\":true,\"showContent\":true}]},"
             "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"sui_multiGetObjects\",\"params\":[["
             "\"%s\",\"0x6\"],{\"showBcs\":true,\"showOwner\":true}]},"
             "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"sui_dryRunTransactionBlock\","
             "\"params\":[\"%s\"]}]",
             al, al, tx_b64);
}

/* An answer of the local chain to g_rpc_req (NULL: none) against the reference (the first
 * answer judged). */
static seal_err localnet_judge(const char *out, bool *ok) {
    seal_err e = SEAL_OK;
    *ok = false;
    if (g_rpc_ref == NULL) {
        CHECK(out != NULL && strstr(out, "\"error\"") == NULL);
        g_rpc_ref = strdup(out);
        CHECK(g_rpc_ref != NULL);
    }
    if (out == NULL) {
        e = SEAL_ERR_NO_MEMORY;
    } else if (strcmp(out, g_rpc_ref) == 0) {
        *ok = true;
    } else {
        /* Not the reference. Every entry must be a JSON-RPC error or equal to the reference
         * entry of the same id; an entry left out of the batch, or an object answered without
         * its "content", is a failure (a partial answer would look like a smaller truth). */
        json_t *j = json_loads(out, 0, NULL);
        json_t *ref = json_loads(g_rpc_ref, 0, NULL);
        bool whole = json_is_object(j) && json_object_get(j, "error") != NULL;
        if (whole) {
            json_decref(j); /* one error for the whole batch (it could not be read) */
            j = json_array();
        }
        if (j == NULL || !json_is_array(j) || ref == NULL) {
            fprintf(stderr, "localnet answered text that is not a batch answer: %s\n", out);
            exit(1);
        }
        bool partial = !whole && json_array_size(j) != json_array_size(ref);
        for (size_t i = 0; i < json_array_size(j); i++) {
            json_t *ent = json_array_get(j, i);
            if (json_object_get(ent, "error") != NULL) {
                continue;
            }
            json_t *want = NULL;
            for (size_t k = 0; k < json_array_size(ref) && want == NULL; k++) {
                if (json_equal(json_object_get(json_array_get(ref, k), "id"),
                               json_object_get(ent, "id"))) {
                    want = json_array_get(ref, k);
                }
            }
            json_t *got_data = json_object_get(json_object_get(ent, "result"), "data");
            if (want != NULL && got_data != NULL && json_object_get(got_data, "content") == NULL) {
                json_object_del(json_object_get(json_object_get(want, "result"), "data"),
                                "content");
                partial = true;
            }
            if (want == NULL || !json_equal(ent, want)) {
                fprintf(stderr, "localnet answered a different success: %s\n", out);
                exit(1);
            }
        }
        g_rpc_partial += partial;
        if (partial) {
            fprintf(stderr, "localnet answered a partial success: %s\n", out);
            exit(1);
        }
        json_decref(ref);
        json_decref(j);
        e = SEAL_ERR_INTERNAL;
    }
    return e;
}

static seal_err sc_localnet_rpc(bool *ok) {
    size_t len = 0;
    char *out = seal_localnet_rpc_handle(g_rpc, g_rpc_req, strlen(g_rpc_req), &len);
    bool armed = fa_pause();
    seal_err e = localnet_judge(out, ok);
    free(out);
    fa_resume(armed);
    return e;
}

/* ---- the HTTP fronts: bytes through the listening sockets of the key server and the local
 * chain (libmicrohttpd's own allocations are not counted: it has no allocator hook), and the
 * client's parallel fetch (libcurl multi, counted through curl_global_init_mem) against the key
 * server running in this process --------------------------------------------------------------- */

#define HTTP_ANSWER_MS 30000u
#define HTTP_ANSWER_MAX 65536u

static srvfix g_live; /* at the wall clock: the HTTP front reads it */
static bool g_live_init;
static seal_server_http *g_http;
static uint16_t g_http_port;
static uint8_t g_live_pk[96];
static char *g_http_req;
static size_t g_http_req_len;
static uint8_t g_answer[HTTP_ANSWER_MAX + 1];

static void live_init(void) {
    if (g_live_init) {
        return;
    }
    srvfix_init_live(&g_live);
    srvfix_remove_at_exit(g_live.dir);
    seal_server_http_options o;
    memset(&o, 0, sizeof o);
    o.log_fd = -1;
    char err[256];
    CHECK(seal_server_http_start_opts(&g_http, g_live.server, &g_live.cfg, &o, err, sizeof err) ==
          SEAL_OK);
    g_http_port = seal_server_http_port(g_http);
    CHECK(seal_keys_public_key(g_live_pk, g_live.cfg.msk) == SEAL_OK);
    g_http_req = malloc(g_live.body_len + 512);
    CHECK(g_http_req != NULL);
    int n = snprintf(g_http_req, g_live.body_len + 512,
                     "POST /v1/fetch_key HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                     "Content-Type: application/json\r\nClient-Sdk-Type: typescript\r\n"
                     "Client-Sdk-Version: 1.4.12\r\nContent-Length: %zu\r\n\r\n%s",
                     g_live.body_len, g_live.body);
    CHECK(n > 0);
    g_http_req_len = (size_t)n;
    g_live_init = true;
}

/* One request over a fresh connection: the status (0: closed without an answer) and the body
 * (NUL-terminated, in g_answer). The server must answer or close within HTTP_ANSWER_MS. */
static unsigned http_call(uint16_t port, const char *req, size_t len, const char **body,
                          size_t *body_len) {
    fuzz_net_answer a;
    CHECK(fuzz_net_exchange_full(port, (const uint8_t *)req, len, HTTP_ANSWER_MS, 0, &a, g_answer,
                                 HTTP_ANSWER_MAX));
    if (!a.closed) {
        fprintf(stderr, "the server neither answered nor closed within %u ms\n", HTTP_ANSWER_MS);
        exit(1);
    }
    CHECK(a.len <= HTTP_ANSWER_MAX);
    g_answer[a.len] = '\0';
    *body = "";
    *body_len = 0;
    if (a.len == 0) {
        return 0;
    }
    CHECK(fuzz_net_http1_answer(&a));
    const char *end = strstr((const char *)g_answer, "\r\n\r\n");
    CHECK(end != NULL);
    *body = end + 4;
    *body_len = a.len - (size_t)(end + 4 - (const char *)g_answer);
    return (unsigned)(g_answer[9] - '0') * 100u + (unsigned)(g_answer[10] - '0') * 10u +
           (unsigned)(g_answer[11] - '0');
}

/* POST /v1/fetch_key through the key server's socket: 200 with keys that verify is a success;
 * an error status or a closed connection is an error; anything else fails the test. */
static seal_err sc_server_http(bool *ok) {
    const char *body = NULL;
    size_t len = 0;
    unsigned status = http_call(g_http_port, g_http_req, g_http_req_len, &body, &len);
    bool armed = fa_pause();
    seal_err e = SEAL_ERR_INTERNAL;
    *ok = false;
    if (status == 200) {
        *ok = keys_verify(&g_live, g_live_pk, body, len);
        if (!*ok) {
            fprintf(stderr, "key server answered 200 with keys that do not verify: %s\n", body);
            exit(1);
        }
        e = SEAL_OK;
    } else {
        if (getenv("FAULT_DEBUG") != NULL) {
            fprintf(stderr, "status %u: %s\n", status, body);
        }
        CHECK(status == 0 || (status >= 400 && status <= 599));
    }
    fa_resume(armed);
    return e;
}

/* The next request after a fault: answered 200 with keys that verify. */
static void after_server_http(seal_err e, bool ok) {
    (void)e;
    (void)ok;
    bool again = false;
    CHECK(sc_server_http(&again) == SEAL_OK && again);
}

/* The JSON-RPC batch of sc_localnet_rpc through the local chain's socket. */
static char *g_lh_req;
static size_t g_lh_req_len;

static void localnet_http_init(void) {
    size_t n = strlen(g_rpc_req);
    g_lh_req = malloc(n + 256);
    CHECK(g_lh_req != NULL);
    int k = snprintf(g_lh_req, n + 256,
                     "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                     "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
                     n, g_rpc_req);
    CHECK(k > 0);
    g_lh_req_len = (size_t)k;
}

static seal_err sc_localnet_http(bool *ok) {
    const char *body = NULL;
    size_t len = 0;
    unsigned status = http_call(seal_localnet_rpc_port(g_rpc), g_lh_req, g_lh_req_len, &body, &len);
    bool armed = fa_pause();
    seal_err e = SEAL_ERR_INTERNAL;
    *ok = false;
    if (status == 200 && len > 0) {
        e = localnet_judge(body, ok);
    } else {
        /* closed, a server error, or 200 with nothing (the handler had no memory for it) */
        CHECK(status == 0 || status == 200 || (status >= 500 && status <= 599));
    }
    fa_resume(armed);
    return e;
}

static void after_localnet_http(seal_err e, bool ok) {
    (void)e;
    (void)ok;
    bool again = false;
    CHECK(sc_localnet_http(&again) == SEAL_OK && again);
}

/* The client fetches the key of the allowlist's id from two key servers at once (the server of
 * this process under two object ids, threshold 2): client creation and the whole fetch. Only
 * this thread's allocations are counted (the server runs in its own threads). Success: both
 * keys cached (the client verified them). */
static seal_err sc_client_fetch(bool *ok) {
    seal_client_server_config sv[2];
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%u", (unsigned)g_http_port);
    memset(sv, 0, sizeof sv);
    for (int i = 0; i < 2; i++) {
        memset(sv[i].object_id, 0x71 + i, 32);
        sv[i].weight = 1;
        sv[i].url = url;
        sv[i].public_key = g_live_pk;
    }
    seal_client_options o;
    memset(&o, 0, sizeof o);
    o.chain = g_live.chain;
    o.timeout_ms = HTTP_ANSWER_MS;
    seal_client *c = NULL;
    seal_client_call call;
    seal_client_arg arg;
    uint8_t id[33];
    *ok = false;
    seal_err e = seal_client_new(&c, &o, sv, 2);
    if (e == SEAL_OK) {
        srvfix_call(&g_live, &call, &arg, id, 7);
        e = seal_client_fetch_keys(c, g_live.session, &call, 1, 2, 0);
        bool armed = fa_pause();
        uint8_t full_id[65];
        seal_user_key keys[2];
        memcpy(full_id, SEAL_LEDGER_EXAMPLES_PACKAGE, 32);
        memcpy(full_id + 32, id, 33);
        size_t n = seal_client_cached_keys(c, full_id, sizeof full_id, keys, 2);
        *ok = e == SEAL_OK && n == 2;
        seal_memzero(keys, sizeof keys);
        fa_resume(armed);
    } else {
        CHECK(c == NULL);
    }
    seal_client_free(c);
    return e;
}

/* ---- driver ------------------------------------------------------------------------------- */

typedef struct scenario {
    const char *name;
    seal_err (*run)(bool *ok);
    void (*before)(void);               /* fault-free reset before each run, or NULL */
    void (*after)(seal_err e, bool ok); /* fault-free verification after each run, or NULL */
    bool needs_ledger;
    bool alloc_free;                 /* the operation must not allocate at all */
    unsigned long persistent_stride; /* persistent mode tries every k-th point (slow ones) */
    bool this_thread;                /* count only the test thread's allocations */
    unsigned long sanitized_stride;  /* ASan builds try every k-th point (0: every point) */
} scenario;

static void reset_db(void) {
    fault_rm_db(g_db);
    fault_copy_file(g_template, g_db);
}

static void remove_db(void) {
    fault_rm_db(g_db);
}

static void after_write(seal_err e, bool ok) {
    seal_ledger_status s = approve_status(g_bob);
    if (e == SEAL_OK && ok) {
        CHECK(s == SEAL_LEDGER_SUCCESS); /* acknowledged: durable */
    } else {
        CHECK(s == SEAL_LEDGER_SUCCESS || s == SEAL_LEDGER_ABORT); /* all or nothing */
    }
    CHECK(approve_status(g_alice) == SEAL_LEDGER_SUCCESS); /* earlier state intact */
}

static void after_create(seal_err e, bool ok) {
    (void)e;
    (void)ok;
    /* whatever a failed creation left, a fault-free open must give a complete ledger */
    bool again = false;
    CHECK(sc_ledger_create(&again) == SEAL_OK && again);
}

static const scenario SCENARIOS[] = {
    {"encrypt_aes", sc_encrypt_aes, NULL, NULL, false, false, 0, false, 0},
    {"encrypt_hmac", sc_encrypt_hmac, NULL, NULL, false, false, 0, false, 0},
    {"decrypt_aes", sc_decrypt_aes, NULL, NULL, false, false, 0, false, 0},
    {"decrypt_hmac", sc_decrypt_hmac, NULL, NULL, false, false, 0, false, 0},
    {"object_decode", sc_object_decode, NULL, NULL, false, true, 0, false, 0},
    {"ptb_decode", sc_ptb_decode, NULL, NULL, true, false, 0, false, 0},
    {"txdata_decode", sc_txdata_decode, NULL, NULL, true, false, 0, false, 0},
    {"ledger_dry_run", sc_ledger_dry_run, NULL, NULL, true, false, 0, false, 0},
    {"ledger_create", sc_ledger_create, remove_db, after_create, true, false, 4, false, 0},
    {"ledger_write", sc_ledger_write, reset_db, after_write, true, false, 2, false, 0},
    {"chain_dry_run", sc_chain_dry_run, NULL, NULL, true, false, 0, false, 0},
    {"server_handle", sc_server_handle, NULL, NULL, false, false, 0, false, 0},
    {"client_response", sc_client_response, NULL, NULL, false, false, 0, false, 0},
    {"localnet_rpc", sc_localnet_rpc, NULL, NULL, false, false, 0, false, 0},
    {"server_http", sc_server_http, NULL, after_server_http, false, false, 0, false, 3},
    {"localnet_http", sc_localnet_http, NULL, after_localnet_http, false, false, 0, false, 3},
    {"client_fetch", sc_client_fetch, NULL, NULL, false, false, 0, true, 3},
};

static void arm(const scenario *sc, unsigned long n, bool persistent) {
    if (sc->this_thread) {
        fa_arm_this_thread(n, persistent);
    } else {
        fa_arm(n, persistent);
    }
}

static int run_scenario(const scenario *sc) {
    bool ok = false;
    if (sc->before) {
        sc->before();
    }
    /* warm-up: lazy initialisation in the libraries (OpenSSL algorithm fetches, ...) */
    CHECK(sc->run(&ok) == SEAL_OK && ok);
    if (sc->before) {
        sc->before();
    }
    arm(sc, 0, false);
    seal_err e = sc->run(&ok);
    unsigned long total = fa_disarm();
    CHECK(e == SEAL_OK && ok);
    if (sc->alloc_free) {
        CHECK(total == 0);
    }
    unsigned long points = 0, errors = 0, survived = 0;
    for (int persistent = 0; persistent < 2; persistent++) {
        unsigned long stride = persistent && sc->persistent_stride ? sc->persistent_stride : 1;
        if (!persistent && sc->persistent_stride && SANITIZED) {
            stride = 2; /* the slow ledger scenarios under ASan: every other point */
        }
        if (sc->sanitized_stride && SANITIZED) {
            stride = sc->sanitized_stride; /* the HTTP scenarios under ASan */
        }
        for (unsigned long n = 1; n <= total; n += stride) {
            if (sc->before) {
                sc->before();
            }
            arm(sc, n, persistent != 0);
            ok = false;
            e = sc->run(&ok);
            fa_disarm();
            if (!fa_injected()) {
                /* fewer allocations this time (a cache filled): nothing was tested */
                CHECK(e == SEAL_OK && ok);
                continue;
            }
            points++;
            if (e == SEAL_OK) {
                if (!ok) {
                    fprintf(stderr,
                            "%s: allocation %lu%s failed but the run reported success "
                            "with a wrong output\n",
                            sc->name, n, persistent ? "+" : "");
                    exit(1);
                }
                survived++;
            } else {
                errors++;
            }
            if (sc->after) {
                sc->after(e, ok);
            }
        }
    }
    /* the injection must be able to make the operation fail */
    CHECK(total == 0 || errors > 0);
    /* after every fault, nothing injected: the run succeeds with the reference output (its
     * allocation count may differ: a failed run can leave a cache to refill) */
    if (sc->before) {
        sc->before();
    }
    arm(sc, 0, false);
    e = sc->run(&ok);
    fa_disarm();
    CHECK(e == SEAL_OK && ok);
    printf("fault %s: allocations=%lu points=%lu errors=%lu survived=%lu\n", sc->name, total,
           points, errors, survived);
    return 0;
}

int main(int argc, char **argv) {
    fa_install();
    size_t n_sc = sizeof SCENARIOS / sizeof SCENARIOS[0];
    if (argc != 2) {
        fprintf(stderr, "usage: fault_alloc SCENARIO|list|all\n");
        return 2;
    }
    if (strcmp(argv[1], "list") == 0) {
        for (size_t i = 0; i < n_sc; i++) {
            printf("%s\n", SCENARIOS[i].name);
        }
        return 0;
    }
    keys_init();
    CHECK(do_encrypt(SEAL_DEM_AES_256_GCM, g_obj_aes, sizeof g_obj_aes, &g_obj_aes_len) == SEAL_OK);
    CHECK(do_encrypt(SEAL_DEM_HMAC_256_CTR, g_obj_hmac, sizeof g_obj_hmac, &g_obj_hmac_len) ==
          SEAL_OK);
    int found = 0;
    for (size_t i = 0; i < n_sc; i++) {
        if (strcmp(argv[1], "all") != 0 && strcmp(argv[1], SCENARIOS[i].name) != 0) {
            continue;
        }
        found = 1;
        if (SCENARIOS[i].needs_ledger && g_dir[0] == '\0') {
            ledger_init();
        }
        if (SCENARIOS[i].run == sc_server_handle) {
            server_init();
        }
        if (SCENARIOS[i].run == sc_localnet_rpc || SCENARIOS[i].run == sc_localnet_http) {
            if (g_rpc == NULL) {
                localnet_init();
            }
        }
        if (SCENARIOS[i].run == sc_localnet_http && g_lh_req == NULL) {
            localnet_http_init();
        }
        if (SCENARIOS[i].run == sc_server_http || SCENARIOS[i].run == sc_client_fetch) {
            live_init();
        }
        run_scenario(&SCENARIOS[i]);
    }
    ledger_cleanup();
    if (g_rpc != NULL) {
        printf("fault localnet_rpc: partial answers (an entry or an object's content left out): "
               "%lu\n",
               g_rpc_partial);
    }
    seal_localnet_rpc_stop(g_rpc);
    free(g_rpc_req);
    free(g_lh_req);
    if (g_live_init) {
        seal_server_http_stop(g_http, 1000);
        free(g_http_req);
        srvfix_free(&g_live);
    }
    free(g_rpc_ref);
    if (g_srv_init) {
        srvfix_free(&g_srv);
    }
    if (!found) {
        fprintf(stderr, "fault_alloc: unknown scenario %s\n", argv[1]);
        return 2;
    }
    return 0;
}
