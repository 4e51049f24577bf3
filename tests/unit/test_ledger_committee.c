/* The native seal_committee package on the ledger through signed transactions: publish with an
 * UpgradeCap, a fresh DKG committee finalized into a committee KeyServer (dynamic object field of
 * the committee), rotations 2-of-3 -> 3-of-4 -> 2-of-3 keeping the KeyServer and its pk, member
 * URL updates, the upgrade vote with Upgrade / commit, and the abort code and location of every
 * check of upstream's committee_tests.move expected failures (MystenLabs/seal
 * move/committee/tests at ddc7e5d6) plus the group_ops and dynamic_field ones. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "ledger/committee.h"
#include "seal/bls12_381.h"
#include "seal/committee_onchain.h"
#include "seal/ledger.h"
#include "seal/sui.h"
#include "seal/sui_sig.h"
#include "seal/sui_tx.h"

#define T0 1700000000000ull
#define NKEYS 7

static char g_dir[64], g_path[128];
static seal_ledger *g_l;
static seal_sui_keypair g_kp[NKEYS]; /* 0..5 members A..F, 6 an outsider */
static uint8_t g_addr[NKEYS][32];
static uint8_t g_enc[NKEYS][48], g_sig[NKEYS][96];
static const uint8_t FRAMEWORK[32] = {[31] = 2};

enum { A, B, C, D, E, F, X };

/* ---- transactions --------------------------------------------------------------------------- */

typedef struct txb {
    seal_sui_call_arg in[12];
    uint8_t *pure[12];
    size_t n_in;
    seal_sui_command cmd[6];
    seal_sui_argument args[6][6];
    seal_sui_bytes modules[6][1];
    uint8_t deps[6][3][32];
    size_t n_cmd;
} txb;

static void txb_free(txb *b) {
    for (size_t i = 0; i < b->n_in; i++)
        free(b->pure[i]);
    memset(b, 0, sizeof *b);
}

static seal_sui_argument input(size_t i) {
    return (seal_sui_argument){.kind = SEAL_SUI_ARG_INPUT, .index = (uint16_t)i};
}

static seal_sui_argument result(size_t i) {
    return (seal_sui_argument){.kind = SEAL_SUI_ARG_RESULT, .index = (uint16_t)i};
}

static seal_sui_argument in_raw(txb *b, const uint8_t *p, size_t n) {
    b->pure[b->n_in] = malloc(n ? n : 1);
    assert_non_null(b->pure[b->n_in]);
    memcpy(b->pure[b->n_in], p, n);
    b->in[b->n_in] =
        (seal_sui_call_arg){.kind = SEAL_SUI_CALL_ARG_PURE, .pure = {b->pure[b->n_in], n}};
    return input(b->n_in++);
}

static seal_sui_argument in_bytes(txb *b, const void *p, size_t n) {
    uint8_t buf[4096];
    seal_bcs_writer w;
    seal_bcs_writer_init(&w, buf, sizeof buf);
    seal_bcs_write_bytes(&w, p, n);
    assert_int_equal(seal_bcs_writer_finish(&w), SEAL_OK);
    return in_raw(b, buf, w.len);
}

static seal_sui_argument in_str(txb *b, const char *s) {
    return in_bytes(b, s, strlen(s));
}

static seal_sui_argument in_u16(txb *b, uint16_t v) {
    uint8_t le[2] = {(uint8_t)v, (uint8_t)(v >> 8)};
    return in_raw(b, le, 2);
}

static seal_sui_argument in_addrs(txb *b, const int *who, size_t n) {
    uint8_t buf[1 + 32 * 16];
    assert_true(n < 16);
    buf[0] = (uint8_t)n;
    for (size_t i = 0; i < n; i++)
        memcpy(buf + 1 + 32 * i, g_addr[who[i]], 32);
    return in_raw(b, buf, 1 + 32 * n);
}

static seal_sui_argument in_vec_bytes(txb *b, const uint8_t (*items)[96], size_t n,
                                      size_t item_len) {
    uint8_t buf[2048];
    seal_bcs_writer w;
    seal_bcs_writer_init(&w, buf, sizeof buf);
    seal_bcs_write_uleb128(&w, n);
    for (size_t i = 0; i < n; i++)
        seal_bcs_write_bytes(&w, items[i], item_len);
    assert_int_equal(seal_bcs_writer_finish(&w), SEAL_OK);
    return in_raw(b, buf, w.len);
}

static seal_sui_argument in_object(txb *b, const uint8_t id[32], bool mut) {
    seal_ledger_object o;
    bool found = false;
    assert_int_equal(seal_ledger_object_get(g_l, id, &o, &found), SEAL_OK);
    seal_sui_call_arg *a = &b->in[b->n_in];
    memset(a, 0, sizeof *a);
    a->kind = SEAL_SUI_CALL_ARG_OBJECT;
    memcpy(a->object.id, id, 32);
    if (o.owner.kind == SEAL_SUI_OWNER_SHARED) {
        a->object_kind = SEAL_SUI_OBJECT_SHARED;
        a->initial_shared_version = o.owner.version;
        a->mutability = mut ? SEAL_SUI_SHARED_MUTABLE : SEAL_SUI_SHARED_IMMUTABLE;
    } else {
        a->object_kind = SEAL_SUI_OBJECT_IMM_OR_OWNED;
        a->object.version = o.version;
        memcpy(a->object.digest, o.digest, 32);
    }
    seal_ledger_object_clear(&o);
    return input(b->n_in++);
}

static seal_sui_command *add(txb *b, seal_sui_command_kind kind, size_t n,
                             const seal_sui_argument *args) {
    seal_sui_command *c = &b->cmd[b->n_cmd];
    memset(c, 0, sizeof *c);
    c->kind = kind;
    if (n > 0) {
        memcpy(b->args[b->n_cmd], args, n * sizeof *args);
    }
    c->args = b->args[b->n_cmd];
    c->n_args = n;
    b->n_cmd++;
    return c;
}

static void call(txb *b, const uint8_t pkg[32], const char *fn, size_t n,
                 const seal_sui_argument *args) {
    seal_sui_command *c = add(b, SEAL_SUI_CMD_MOVE_CALL, n, args);
    memcpy(c->package, pkg, 32);
    c->module = (seal_sui_bytes){(const uint8_t *)"seal_committee", 14};
    c->function = (seal_sui_bytes){(const uint8_t *)fn, strlen(fn)};
}

static void set_marker(txb *b, seal_sui_command *c) {
    size_t k = (size_t)(c - b->cmd);
    b->modules[k][0] = (seal_sui_bytes){(const uint8_t *)"seal_committee", 14};
    c->modules = b->modules[k];
    c->n_modules = 1;
    memset(b->deps[k], 0, sizeof b->deps[k]);
    b->deps[k][0][31] = 1;
    b->deps[k][1][31] = 2;
    memcpy(b->deps[k][2], SEAL_LEDGER_SEAL_PACKAGE, 32);
    c->deps = (const uint8_t(*)[32])b->deps[k];
    c->n_deps = 3;
}

static void publish(txb *b) {
    set_marker(b, add(b, SEAL_SUI_CMD_PUBLISH, 0, NULL));
}

static void transfer_result(txb *b, size_t cmd, int to) {
    seal_sui_argument r = result(cmd);
    seal_sui_command *c = add(b, SEAL_SUI_CMD_TRANSFER_OBJECTS, 1, &r);
    c->arg = in_raw(b, g_addr[to], 32);
}

static seal_ledger_effects g_fx;
static bool g_dry; /* run(): dry-run the transaction instead (outcome in g_fx.outcome) */

/* Signs with member who and executes; returns the outcome status (effects in g_fx). */
static seal_ledger_status run(txb *b, int who) {
    seal_sui_ptb ptb = {b->n_in, b->in, b->n_cmd, b->cmd};
    seal_sui_transaction_data tx;
    seal_bcs_writer w;
    static uint32_t nonce;
    uint8_t bytes[16384], sig[SEAL_SUI_SIMPLE_SIGNATURE_MAX_BYTES], vd[41] = {0};
    size_t sig_len = 0;
    memset(&tx, 0, sizeof tx);
    tx.ptb = &ptb;
    memcpy(tx.sender, g_addr[who], 32);
    memcpy(tx.gas.owner, g_addr[who], 32);
    tx.gas.price = 1000;
    tx.gas.budget = 1000000;
    vd[4] = 32;
    nonce++;
    memcpy(vd + 37, &nonce, 4);
    tx.expiration.kind = SEAL_SUI_EXPIRATION_VALID_DURING;
    tx.expiration.raw = (seal_sui_bytes){vd, sizeof vd};
    seal_bcs_writer_init(&w, bytes, sizeof bytes);
    assert_int_equal(seal_sui_transaction_data_encode(&w, &tx), SEAL_OK);
    assert_int_equal(seal_bcs_writer_finish(&w), SEAL_OK);
    assert_int_equal(seal_sui_sign_transaction(sig, &sig_len, &g_kp[who], bytes, w.len), SEAL_OK);
    const uint8_t *sigs[1] = {sig};
    if (g_dry) {
        memset(&g_fx, 0, sizeof g_fx);
        assert_int_equal(seal_ledger_dry_run_transaction(g_l, bytes, w.len, &g_fx.outcome),
                         SEAL_OK);
        g_fx.executed = true;
        txb_free(b);
        return g_fx.outcome.status;
    }
    assert_int_equal(seal_ledger_execute_transaction(g_l, bytes, w.len, sigs, &sig_len, 1, &g_fx),
                     SEAL_OK);
    txb_free(b);
    return g_fx.outcome.status;
}

static void expect_abort(txb *b, int who, const uint8_t *pkg, const char *module,
                         const char *function, uint64_t code) {
    seal_ledger_status s = run(b, who);
    if (s != SEAL_LEDGER_ABORT)
        fail_msg("expected abort %s::%s %llu, got %s: %s", module, function,
                 (unsigned long long)code, seal_ledger_status_name(s), g_fx.outcome.message);
    assert_string_equal(g_fx.outcome.abort_module, module);
    assert_string_equal(g_fx.outcome.abort_function, function);
    assert_int_equal(g_fx.outcome.abort_code, code);
    assert_memory_equal(g_fx.outcome.abort_package, pkg, 32);
    assert_true(g_fx.executed);
}

static void expect_ok(txb *b, int who) {
    seal_ledger_status s = run(b, who);
    if (s != SEAL_LEDGER_SUCCESS)
        fail_msg("expected success, got %s: %s", seal_ledger_status_name(s), g_fx.outcome.message);
}

static const uint8_t *created(const char *suffix) {
    for (size_t i = 0; i < g_fx.n_created; i++) {
        char t[SEAL_SUI_TYPE_TAG_TEXT_MAX];
        if (seal_sui_type_tag_format(t, sizeof t, g_fx.created[i].type, g_fx.created[i].type_len,
                                     false) != SEAL_OK)
            continue;
        size_t n = strlen(t), m = strlen(suffix);
        if (n >= m && strcmp(t + n - m, suffix) == 0)
            return g_fx.created[i].id;
    }
    return NULL;
}

/* ---- fixture -------------------------------------------------------------------------------- */

static int setup(void **state) {
    (void)state;
    if (!tu_tempdir(g_dir, sizeof g_dir, "seal_ledger_committee_"))
        return -1;
    snprintf(g_path, sizeof g_path, "%s/ledger.db", g_dir);
    if (seal_ledger_open_ex(&g_l, g_path, T0) != SEAL_OK)
        return -1;
    for (int i = 0; i < NKEYS; i++) {
        uint8_t secret[32];
        seal_scalar s;
        seal_g1 p1;
        seal_g2 p2;
        memset(secret, 0x40 + i, 32);
        if (seal_sui_keypair_from_secret(&g_kp[i], SEAL_SUI_SCHEME_ED25519, secret) != SEAL_OK)
            return -1;
        seal_sui_keypair_address(g_addr[i], &g_kp[i]);
        seal_scalar_from_u64(&s, 1000 + (uint64_t)i);
        seal_g1_mul_gen(&p1, &s);
        seal_g1_compress(g_enc[i], &p1);
        seal_g2_mul_gen(&p2, &s);
        seal_g2_compress(g_sig[i], &p2);
    }
    return 0;
}

static int teardown(void **state) {
    (void)state;
    seal_ledger_close(g_l);
    for (int i = 0; i < NKEYS; i++)
        seal_sui_keypair_clear(&g_kp[i]);
    return tu_rmtree(g_dir);
}

/* A G2 point k·G2 (compressed). */
static void g2(uint8_t out[96], uint64_t k) {
    seal_scalar s;
    seal_g2 p;
    seal_scalar_from_u64(&s, k);
    seal_g2_mul_gen(&p, &s);
    seal_g2_compress(out, &p);
}

typedef struct committee {
    uint8_t pkg[32], id[32], cap[32];
} committee;

/* Publishes a package (its UpgradeCap to `who`). */
static void publish_package(int who, uint8_t pkg[32], uint8_t cap[32]) {
    txb b = {0};
    seal_ledger_object o;
    bool found = false;
    seal_onchain_upgrade_cap uc;
    publish(&b);
    transfer_result(&b, 0, who);
    expect_ok(&b, who);
    const uint8_t *id = created("::package::UpgradeCap");
    assert_non_null(id);
    memcpy(cap, id, 32);
    assert_int_equal(seal_ledger_object_get(g_l, cap, &o, &found), SEAL_OK);
    assert_int_equal(o.owner.kind, SEAL_SUI_OWNER_ADDRESS);
    assert_memory_equal(o.owner.address, g_addr[who], 32);
    assert_int_equal(seal_onchain_upgrade_cap_decode(&uc, o.contents, o.contents_len), SEAL_OK);
    assert_int_equal(uc.version, 1);
    assert_int_equal(uc.policy, 0);
    memcpy(pkg, uc.package, 32);
    seal_ledger_object_clear(&o);
    uint8_t original[32];
    uint64_t version = 0;
    assert_int_equal(seal_ledger_package_get(g_l, pkg, original, &version, &found), SEAL_OK);
    assert_true(found);
    assert_memory_equal(original, pkg, 32);
    assert_int_equal(version, 1);
}

/* Publish and init_committee in one PTB (as a coordinator does). */
static seal_ledger_status new_committee(committee *c, int who, uint16_t t, const int *members,
                                        size_t n) {
    txb b = {0};
    seal_ledger_status s;
    publish_package(who, c->pkg, c->cap);
    seal_sui_argument a2[3] = {in_object(&b, c->cap, false), in_u16(&b, t),
                               in_addrs(&b, members, n)};
    call(&b, c->pkg, "init_committee", 3, a2);
    s = run(&b, who);
    if (s == SEAL_LEDGER_SUCCESS) {
        const uint8_t *id = created("::seal_committee::Committee");
        assert_non_null(id);
        memcpy(c->id, id, 32);
    }
    return s;
}

static void reg(const committee *c, int who, const char *name) {
    txb b = {0};
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%d", 9000 + who);
    seal_sui_argument a[5] = {in_object(&b, c->id, true), in_bytes(&b, g_enc[who], 48),
                              in_bytes(&b, g_sig[who], 96), in_str(&b, url), in_str(&b, name)};
    call(&b, c->pkg, "register", 5, a);
    expect_ok(&b, who);
}

static void load_committee(const uint8_t id[32], seal_ledger_object *o,
                           seal_onchain_committee *cm) {
    bool found = false;
    assert_int_equal(seal_ledger_object_get(g_l, id, o, &found), SEAL_OK);
    assert_int_equal(seal_onchain_committee_decode(cm, o->contents, o->contents_len), SEAL_OK);
}

static void propose_tx(txb *b, const committee *c, const uint8_t (*pks)[96], size_t n,
                       const uint8_t pk[96], uint8_t hash_byte) {
    uint8_t hash[32];
    memset(hash, hash_byte, 32);
    seal_sui_argument a[4] = {in_object(b, c->id, true), in_vec_bytes(b, pks, n, 96),
                              in_bytes(b, pk, 96), in_bytes(b, hash, 32)};
    call(b, c->pkg, "propose", 4, a);
}

static void rotate_tx(txb *b, const committee *c, const uint8_t old[32], const uint8_t (*pks)[96],
                      size_t n, uint8_t hash_byte) {
    uint8_t hash[32];
    memset(hash, hash_byte, 32);
    seal_sui_argument a[4] = {in_object(b, c->id, true), in_vec_bytes(b, pks, n, 96),
                              in_bytes(b, hash, 32), in_object(b, old, true)};
    call(b, c->pkg, "propose_for_rotation", 4, a);
}

/* The KeyServer of a finalized committee: its id (through the field), checks of the owner
 * chain and the V2 contents. */
static void key_server_of(const uint8_t committee_id[32], uint8_t ks[32],
                          seal_onchain_key_server_v2 *v2, seal_ledger_object *v2_obj) {
    seal_ledger_object field, o;
    bool found = false;
    uint8_t fid[32], got_fid[32], value[32];
    const uint8_t *name = NULL;
    uint64_t first = 0, last = 0, vname = 0;
    seal_onchain_key_server_field_id(fid, committee_id);
    assert_int_equal(seal_ledger_object_get(g_l, fid, &field, &found), SEAL_OK);
    assert_int_equal(field.owner.kind, SEAL_SUI_OWNER_OBJECT);
    assert_memory_equal(field.owner.address, committee_id, 32);
    assert_int_equal(seal_onchain_dof_field_decode(got_fid, &name, 32, value, field.contents,
                                                   field.contents_len),
                     SEAL_OK);
    assert_memory_equal(got_fid, fid, 32);
    assert_memory_equal(name, committee_id, 32);
    memcpy(ks, value, 32);
    seal_ledger_object_clear(&field);
    assert_int_equal(seal_ledger_object_get(g_l, ks, &o, &found), SEAL_OK);
    assert_int_equal(o.owner.kind, SEAL_SUI_OWNER_OBJECT);
    assert_memory_equal(o.owner.address, fid, 32); /* owned by the Field */
    assert_int_equal(
        seal_onchain_key_server_decode(got_fid, &first, &last, o.contents, o.contents_len),
        SEAL_OK);
    assert_int_equal(first, 2);
    assert_int_equal(last, 2);
    seal_ledger_object_clear(&o);
    seal_ledger_key_server_field_id(fid, ks, 2);
    assert_int_equal(seal_ledger_object_get(g_l, fid, v2_obj, &found), SEAL_OK);
    assert_int_equal(seal_onchain_key_server_v2_field_decode(v2, got_fid, &vname, v2_obj->contents,
                                                             v2_obj->contents_len),
                     SEAL_OK);
    assert_int_equal(vname, 2);
}

/* A finalized 2-of-3 committee [A, B, C], registered in the order C, A, B; pk = 7·G2, partial
 * pks 11, 12, 13. */
static void finalized(committee *c) {
    int members[3] = {A, B, C};
    uint8_t pks[3][96], pk[96];
    assert_int_equal(new_committee(c, A, 2, members, 3), SEAL_LEDGER_SUCCESS);
    reg(c, C, "node-c");
    reg(c, A, "node-a");
    reg(c, B, "node-b");
    for (int i = 0; i < 3; i++)
        g2(pks[i], 11 + (uint64_t)i);
    g2(pk, 7);
    for (int who = 0; who < 3; who++) {
        txb b = {0};
        propose_tx(&b, c, (const uint8_t(*)[96])pks, 3, pk, 0x33);
        expect_ok(&b, members[who]);
    }
}

/* ---- tests ---------------------------------------------------------------------------------- */

static void test_fresh_dkg(void **state) {
    (void)state;
    committee c;
    seal_ledger_object o, v2o;
    seal_onchain_committee cm;
    seal_onchain_key_server_v2 v2;
    uint8_t ks[32], pk[96], p1[96];
    int members[3] = {A, B, C};
    assert_int_equal(new_committee(&c, A, 2, members, 3), SEAL_LEDGER_SUCCESS);
    /* the cap is wrapped in the UpgradeManager, a dynamic object field of the committee */
    bool found = true;
    assert_int_equal(seal_ledger_object_get(g_l, c.cap, &o, &found), SEAL_ERR_INVALID_ARGUMENT);
    assert_false(found);
    uint8_t umf[32], umf_id[32], um_id[32];
    const uint8_t *name = NULL;
    seal_onchain_upgrade_manager_field_id(umf, c.id, c.pkg);
    assert_int_equal(seal_ledger_object_get(g_l, umf, &o, &found), SEAL_OK);
    assert_memory_equal(o.owner.address, c.id, 32);
    assert_int_equal(
        seal_onchain_dof_field_decode(umf_id, &name, 1, um_id, o.contents, o.contents_len),
        SEAL_OK);
    assert_int_equal(name[0], 0);
    seal_ledger_object_clear(&o);
    seal_onchain_upgrade_manager um;
    assert_int_equal(seal_ledger_object_get(g_l, um_id, &o, &found), SEAL_OK);
    assert_memory_equal(o.owner.address, umf, 32);
    assert_int_equal(seal_onchain_upgrade_manager_decode(&um, o.contents, o.contents_len), SEAL_OK);
    assert_memory_equal(um.cap.id, c.cap, 32);
    assert_memory_equal(um.cap.package, c.pkg, 32);
    assert_false(um.has_proposal);
    seal_onchain_upgrade_manager_clear(&um);
    seal_ledger_object_clear(&o);

    load_committee(c.id, &o, &cm);
    assert_int_equal(o.owner.kind, SEAL_SUI_OWNER_SHARED);
    assert_int_equal(cm.state, SEAL_ONCHAIN_STATE_INIT);
    assert_int_equal(cm.threshold, 2);
    assert_int_equal(cm.n_members, 3);
    assert_false(cm.has_old_committee_id);
    seal_onchain_committee_clear(&cm);
    seal_ledger_object_clear(&o);

    reg(&c, C, "node-c");
    reg(&c, A, "node-a");
    reg(&c, B, "node-b");
    load_committee(c.id, &o, &cm);
    assert_int_equal(cm.n_infos, 3);
    assert_memory_equal(cm.infos[0].address, g_addr[C], 32); /* insertion order */
    seal_onchain_committee_clear(&cm);
    seal_ledger_object_clear(&o);

    uint8_t pks[3][96];
    for (int i = 0; i < 3; i++)
        g2(pks[i], 11 + (uint64_t)i);
    g2(pk, 7);
    for (int who = 0; who < 3; who++) {
        txb b = {0};
        propose_tx(&b, &c, (const uint8_t(*)[96])pks, 3, pk, 0x33);
        expect_ok(&b, members[who]);
        load_committee(c.id, &o, &cm);
        if (who < 2) {
            assert_int_equal(cm.state, SEAL_ONCHAIN_STATE_POST_DKG);
            assert_int_equal(cm.n_approvals, (size_t)who + 1);
            assert_int_equal(cm.n_infos, 3);
        } else {
            assert_int_equal(cm.state, SEAL_ONCHAIN_STATE_FINALIZED);
        }
        seal_onchain_committee_clear(&cm);
        seal_ledger_object_clear(&o);
    }
    key_server_of(c.id, ks, &v2, &v2o);
    char hex[SEAL_SUI_ADDRESS_HEX_BYTES];
    seal_sui_address_format(hex, c.id);
    assert_int_equal(v2.name.len, 64);
    assert_memory_equal(v2.name.ptr, hex + 2, 64);
    assert_int_equal(v2.key_type, 0);
    assert_memory_equal(v2.pk.ptr, pk, 96);
    assert_int_equal(v2.server_type, SEAL_ONCHAIN_SERVER_COMMITTEE);
    assert_int_equal(v2.version, 0);
    assert_int_equal(v2.threshold, 2);
    assert_int_equal(v2.n_partial, 3);
    const char *names[3] = {"node-a", "node-b", "node-c"};
    for (size_t i = 0; i < 3; i++) {
        char url[64];
        snprintf(url, sizeof url, "http://127.0.0.1:%d", 9000 + members[i]);
        assert_int_equal(v2.partial[i].party_id, i);
        assert_int_equal(v2.partial[i].name.len, strlen(names[i]));
        assert_memory_equal(v2.partial[i].name.ptr, names[i], strlen(names[i]));
        assert_memory_equal(v2.partial[i].url.ptr, url, strlen(url));
        assert_memory_equal(v2.partial[i].partial_pk.ptr, pks[i], 96);
    }
    seal_onchain_key_server_v2_clear(&v2);
    seal_ledger_object_clear(&v2o);

    /* update_member_url: party of the sender */
    txb b = {0};
    seal_sui_argument a[2] = {in_object(&b, c.id, true), in_str(&b, "https://b.example")};
    call(&b, c.pkg, "update_member_url", 2, a);
    expect_ok(&b, B);
    key_server_of(c.id, ks, &v2, &v2o);
    assert_int_equal(v2.partial[1].url.len, 17);
    assert_memory_equal(v2.partial[1].url.ptr, "https://b.example", 17);
    assert_memory_equal(v2.partial[0].url.ptr, "http://127.0.0.1:9000", 21);
    seal_onchain_key_server_v2_clear(&v2);
    seal_ledger_object_clear(&v2o);
    (void)p1;
}

static void test_init_aborts(void **state) {
    (void)state;
    committee c;
    int three[3] = {A, B, C}, dup[3] = {A, B, A};
    struct {
        uint16_t t;
        const int *m;
        size_t n;
        const char *module, *fn;
        uint64_t code;
    } cases[] = {
        {0, three, 3, "seal_committee", "init_internal", 2},
        {1, three, 3, "seal_committee", "init_internal", 2},
        {4, three, 3, "seal_committee", "init_internal", 2},
        {2, dup, 3, "vec_set", "insert", 0},
        {2, three, 0, "seal_committee", "init_internal", 2},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(new_committee(&c, A, cases[i].t, cases[i].m, cases[i].n),
                         SEAL_LEDGER_ABORT);
        assert_string_equal(g_fx.outcome.abort_module, cases[i].module);
        assert_string_equal(g_fx.outcome.abort_function, cases[i].fn);
        assert_int_equal(g_fx.outcome.abort_code, cases[i].code);
        assert_memory_equal(g_fx.outcome.abort_package,
                            strcmp(cases[i].module, "vec_set") == 0 ? FRAMEWORK : c.pkg, 32);
    }
    /* an UpgradeCap of another package: EWrongUpgradeCap */
    committee other;
    publish_package(A, other.pkg, other.cap);
    publish_package(A, c.pkg, c.cap);
    txb b = {0};
    seal_sui_argument a[3] = {in_object(&b, other.cap, false), in_u16(&b, 2),
                              in_addrs(&b, three, 3)};
    call(&b, c.pkg, "init_committee", 3, a);
    expect_abort(&b, A, c.pkg, "seal_committee", "init_committee", 15);
    /* publish and init in one PTB need the package id up front: a Publish of anything else is
     * refused */
    memset(&b, 0, sizeof b);
    seal_sui_command *cmd = add(&b, SEAL_SUI_CMD_PUBLISH, 0, NULL);
    set_marker(&b, cmd);
    b.modules[0][0] = (seal_sui_bytes){(const uint8_t *)"other", 5};
    assert_int_equal(run(&b, A), SEAL_LEDGER_UNSUPPORTED);
    /* an unused UpgradeCap (not transferred) is refused as Sui does */
    memset(&b, 0, sizeof b);
    publish(&b);
    assert_int_equal(run(&b, A), SEAL_LEDGER_UNSUPPORTED);
}

static void test_register_aborts(void **state) {
    (void)state;
    committee c;
    int members[3] = {A, B, C};
    assert_int_equal(new_committee(&c, A, 2, members, 3), SEAL_LEDGER_SUCCESS);
    txb b = {0};
    /* non-member */
    seal_sui_argument a[5] = {in_object(&b, c.id, true), in_bytes(&b, g_enc[X], 48),
                              in_bytes(&b, g_sig[X], 96), in_str(&b, "u"), in_str(&b, "x")};
    call(&b, c.pkg, "register", 5, a);
    expect_abort(&b, X, c.pkg, "seal_committee", "register", 0);
    /* invalid points: group_ops before anything else (even for a non-member) */
    uint8_t bad[96];
    memset(bad, 0xff, sizeof bad);
    memset(&b, 0, sizeof b);
    seal_sui_argument a2[5] = {in_object(&b, c.id, true), in_bytes(&b, bad, 48),
                               in_bytes(&b, g_sig[X], 96), in_str(&b, "u"), in_str(&b, "x")};
    call(&b, c.pkg, "register", 5, a2);
    expect_abort(&b, X, FRAMEWORK, "group_ops", "from_bytes", 1);
    memset(&b, 0, sizeof b);
    seal_sui_argument a3[5] = {in_object(&b, c.id, true), in_bytes(&b, g_enc[A], 48),
                               in_bytes(&b, g_sig[A], 95), in_str(&b, "u"), in_str(&b, "x")};
    call(&b, c.pkg, "register", 5, a3);
    expect_abort(&b, A, FRAMEWORK, "group_ops", "from_bytes", 1);
    /* already registered, then a taken name */
    reg(&c, A, "node-a");
    memset(&b, 0, sizeof b);
    seal_sui_argument a4[5] = {in_object(&b, c.id, true), in_bytes(&b, g_enc[A], 48),
                               in_bytes(&b, g_sig[A], 96), in_str(&b, "u"), in_str(&b, "other")};
    call(&b, c.pkg, "register", 5, a4);
    expect_abort(&b, A, c.pkg, "seal_committee", "register", 4);
    memset(&b, 0, sizeof b);
    seal_sui_argument a5[5] = {in_object(&b, c.id, true), in_bytes(&b, g_enc[B], 48),
                               in_bytes(&b, g_sig[B], 96), in_str(&b, "u"), in_str(&b, "node-a")};
    call(&b, c.pkg, "register", 5, a5);
    expect_abort(&b, B, c.pkg, "seal_committee", "register", 9);
    /* not in Init: after the first proposal */
    reg(&c, B, "node-b");
    reg(&c, C, "node-c");
    uint8_t pks[3][96], pk[96];
    for (int i = 0; i < 3; i++)
        g2(pks[i], 21 + (uint64_t)i);
    g2(pk, 5);
    propose_tx(&b, &c, (const uint8_t(*)[96])pks, 3, pk, 1);
    expect_ok(&b, A);
    memset(&b, 0, sizeof b);
    seal_sui_argument a6[5] = {in_object(&b, c.id, true), in_bytes(&b, g_enc[B], 48),
                               in_bytes(&b, g_sig[B], 96), in_str(&b, "u"), in_str(&b, "node-x")};
    call(&b, c.pkg, "register", 5, a6);
    expect_abort(&b, B, c.pkg, "seal_committee", "register", 8);
    /* update_member_url before finalization: no KeyServer field */
    memset(&b, 0, sizeof b);
    seal_sui_argument a7[2] = {in_object(&b, c.id, true), in_str(&b, "u")};
    call(&b, c.pkg, "update_member_url", 2, a7);
    expect_abort(&b, B, FRAMEWORK, "dynamic_field", "borrow_child_object_mut", 1);
}

static void test_propose_aborts(void **state) {
    (void)state;
    committee c;
    int members[3] = {A, B, C};
    uint8_t pks[3][96], pk[96], pk2[96], bad[3][96];
    for (int i = 0; i < 3; i++)
        g2(pks[i], 31 + (uint64_t)i);
    g2(pk, 3);
    g2(pk2, 4);
    memcpy(bad, pks, sizeof bad);
    bad[1][5] ^= 1;
    assert_int_equal(new_committee(&c, A, 2, members, 3), SEAL_LEDGER_SUCCESS);
    reg(&c, A, "node-a");
    reg(&c, B, "node-b");
    txb b = {0};
    /* not all registered */
    propose_tx(&b, &c, (const uint8_t(*)[96])pks, 3, pk, 1);
    expect_abort(&b, A, c.pkg, "seal_committee", "propose_internal", 5);
    reg(&c, C, "node-c");
    /* non-member, wrong count, invalid partial pk */
    propose_tx(&b, &c, (const uint8_t(*)[96])pks, 3, pk, 1);
    expect_abort(&b, X, c.pkg, "seal_committee", "propose_internal", 0);
    propose_tx(&b, &c, (const uint8_t(*)[96])pks, 2, pk, 1);
    expect_abort(&b, A, c.pkg, "seal_committee", "propose_internal", 7);
    propose_tx(&b, &c, (const uint8_t(*)[96])bad, 3, pk, 1);
    expect_abort(&b, A, FRAMEWORK, "group_ops", "from_bytes", 1);
    /* first proposal, then mismatches and a duplicate approval */
    propose_tx(&b, &c, (const uint8_t(*)[96])pks, 3, pk, 1);
    expect_ok(&b, A);
    propose_tx(&b, &c, (const uint8_t(*)[96])pks, 3, pk2, 1);
    expect_abort(&b, B, c.pkg, "seal_committee", "propose_internal", 7);
    propose_tx(&b, &c, (const uint8_t(*)[96])pks, 3, pk, 2);
    expect_abort(&b, B, c.pkg, "seal_committee", "propose_internal", 7);
    uint8_t swapped[3][96];
    memcpy(swapped[0], pks[1], 96);
    memcpy(swapped[1], pks[0], 96);
    memcpy(swapped[2], pks[2], 96);
    propose_tx(&b, &c, (const uint8_t(*)[96])swapped, 3, pk, 1);
    expect_abort(&b, B, c.pkg, "seal_committee", "propose_internal", 7);
    propose_tx(&b, &c, (const uint8_t(*)[96])pks, 3, pk, 1);
    expect_abort(&b, A, c.pkg, "seal_committee", "propose_internal", 6);
    propose_tx(&b, &c, (const uint8_t(*)[96])pks, 3, pk, 1);
    expect_ok(&b, B);
    propose_tx(&b, &c, (const uint8_t(*)[96])pks, 3, pk, 1);
    expect_ok(&b, C);
    /* finalized: EInvalidState */
    propose_tx(&b, &c, (const uint8_t(*)[96])pks, 3, pk, 1);
    expect_abort(&b, C, c.pkg, "seal_committee", "propose_internal", 8);
    /* update_member_url by a non-member */
    seal_sui_argument a[2] = {in_object(&b, c.id, true), in_str(&b, "u")};
    call(&b, c.pkg, "update_member_url", 2, a);
    expect_abort(&b, X, c.pkg, "seal_committee", "update_member_url", 0);
}

/* init_rotation(old, t, members) by `who`. */
static seal_ledger_status init_rotation(committee *n, const committee *old, int who, uint16_t t,
                                        const int *members, size_t count) {
    txb b = {0};
    seal_sui_argument a[3] = {in_object(&b, old->id, false), in_u16(&b, t),
                              in_addrs(&b, members, count)};
    memcpy(n->pkg, old->pkg, 32);
    call(&b, old->pkg, "init_rotation", 3, a);
    seal_ledger_status s = run(&b, who);
    if (s == SEAL_LEDGER_SUCCESS) {
        const uint8_t *id = created("::seal_committee::Committee");
        assert_non_null(id);
        memcpy(n->id, id, 32);
    }
    return s;
}

static void test_rotation(void **state) {
    (void)state;
    committee c0, c1, c2, bad;
    seal_ledger_object o, v2o;
    seal_onchain_committee cm;
    seal_onchain_key_server_v2 v2;
    uint8_t ks0[32], ks[32], pk[96];
    finalized(&c0);
    key_server_of(c0.id, ks0, &v2, &v2o);
    memcpy(pk, v2.pk.ptr, 96);
    seal_onchain_key_server_v2_clear(&v2);
    seal_ledger_object_clear(&v2o);

    /* aborts of init_rotation */
    int too_few[3] = {A, D, E}, newm[4] = {B, A, D, E};
    assert_int_equal(init_rotation(&bad, &c0, A, 3, too_few, 3), SEAL_LEDGER_ABORT);
    assert_string_equal(g_fx.outcome.abort_function, "init_rotation");
    assert_int_equal(g_fx.outcome.abort_code, 3);
    assert_int_equal(init_rotation(&bad, &c0, D, 3, newm, 4), SEAL_LEDGER_ABORT);
    assert_int_equal(g_fx.outcome.abort_code, 0);
    assert_int_equal(init_rotation(&bad, &c0, A, 5, newm, 4), SEAL_LEDGER_ABORT);
    assert_string_equal(g_fx.outcome.abort_function, "init_internal");
    assert_int_equal(g_fx.outcome.abort_code, 2);

    /* 2-of-3 -> 3-of-4: [B, A, D, E] (C leaves, D and E join) */
    assert_int_equal(init_rotation(&c1, &c0, A, 3, newm, 4), SEAL_LEDGER_SUCCESS);
    /* a rotation committee cannot itself be rotated before it is finalized */
    assert_int_equal(init_rotation(&bad, &c1, A, 2, newm, 4), SEAL_LEDGER_ABORT);
    assert_int_equal(g_fx.outcome.abort_code, 8);
    load_committee(c1.id, &o, &cm);
    assert_true(cm.has_old_committee_id);
    assert_memory_equal(cm.old_committee_id, c0.id, 32);
    seal_onchain_committee_clear(&cm);
    seal_ledger_object_clear(&o);
    reg(&c1, B, "node-b");
    reg(&c1, A, "node-a");
    reg(&c1, D, "node-d");
    reg(&c1, E, "node-e");
    uint8_t pks[4][96];
    for (int i = 0; i < 4; i++)
        g2(pks[i], 41 + (uint64_t)i);
    txb b = {0};
    /* propose on a rotation committee: EInvalidState */
    propose_tx(&b, &c1, (const uint8_t(*)[96])pks, 4, pk, 9);
    expect_abort(&b, B, c1.pkg, "seal_committee", "propose", 8);
    /* propose_for_rotation with another committee of the package as "old" (a second rotation
     * of c0, allowed by init_rotation): EInvalidState */
    committee twin, other;
    assert_int_equal(init_rotation(&twin, &c0, B, 2, newm, 4), SEAL_LEDGER_SUCCESS);
    rotate_tx(&b, &c1, twin.id, (const uint8_t(*)[96])pks, 4, 9);
    expect_abort(&b, B, c1.pkg, "seal_committee", "check_rotation_consistency", 8);
    /* a committee of another package is another type */
    finalized(&other);
    rotate_tx(&b, &c1, other.id, (const uint8_t(*)[96])pks, 4, 9);
    assert_int_equal(run(&b, B), SEAL_LEDGER_TYPE_MISMATCH);
    /* the same object twice: an input error, refused before anything runs */
    rotate_tx(&b, &c1, c1.id, (const uint8_t(*)[96])pks, 4, 9);
    assert_int_equal(run(&b, B), SEAL_LEDGER_WRONG_OWNER);
    /* the old committee passed by reference where it is taken by value */
    {
        uint8_t hash[32];
        memset(hash, 9, 32);
        seal_sui_argument a[4] = {in_object(&b, c1.id, true),
                                  in_vec_bytes(&b, (const uint8_t(*)[96])pks, 4, 96),
                                  in_bytes(&b, hash, 32), in_object(&b, c0.id, false)};
        call(&b, c1.pkg, "propose_for_rotation", 4, a);
        assert_int_equal(run(&b, B), SEAL_LEDGER_TYPE_MISMATCH);
    }
    for (int i = 0; i < 4; i++) {
        rotate_tx(&b, &c1, c0.id, (const uint8_t(*)[96])pks, 4, 9);
        expect_ok(&b, newm[i]);
        bool found = false;
        if (seal_ledger_object_get(g_l, c0.id, &o, &found) == SEAL_OK)
            seal_ledger_object_clear(&o);
        assert_int_equal(found, i < 3); /* the old committee is deleted at the last approval */
        if (i < 3) {
            /* the KeyServer went back to the old committee */
            key_server_of(c0.id, ks, &v2, &v2o);
            assert_memory_equal(ks, ks0, 32);
            assert_int_equal(v2.version, 0);
            seal_onchain_key_server_v2_clear(&v2);
            seal_ledger_object_clear(&v2o);
        }
    }
    key_server_of(c1.id, ks, &v2, &v2o);
    assert_memory_equal(ks, ks0, 32);
    assert_memory_equal(v2.pk.ptr, pk, 96);
    assert_int_equal(v2.version, 1);
    assert_int_equal(v2.threshold, 3);
    assert_int_equal(v2.n_partial, 4);
    assert_memory_equal(v2.partial[2].name.ptr, "node-d", 6);
    assert_memory_equal(v2.partial[3].partial_pk.ptr, pks[3], 96);
    seal_onchain_key_server_v2_clear(&v2);
    seal_ledger_object_clear(&v2o);
    /* the twin rotation can never finalize now: its old committee is gone */
    {
        uint8_t hash[32];
        memset(hash, 9, 32);
        seal_sui_argument a[4] = {in_object(&b, twin.id, true),
                                  in_vec_bytes(&b, (const uint8_t(*)[96])pks, 4, 96),
                                  in_bytes(&b, hash, 32), in_object(&b, c1.id, true)};
        memcpy(b.in[3].object.id, c0.id, 32);
        call(&b, twin.pkg, "propose_for_rotation", 4, a);
        assert_int_equal(run(&b, B), SEAL_LEDGER_OBJECT_NOT_FOUND);
    }
    /* the UpgradeManager moved */
    uint8_t umf[32];
    bool found = false;
    seal_onchain_upgrade_manager_field_id(umf, c1.id, c1.pkg);
    assert_int_equal(seal_ledger_object_get(g_l, umf, &o, &found), SEAL_OK);
    seal_ledger_object_clear(&o);
    seal_onchain_upgrade_manager_field_id(umf, c0.id, c0.pkg);
    assert_int_equal(seal_ledger_object_get(g_l, umf, &o, &found), SEAL_ERR_INVALID_ARGUMENT);

    /* 3-of-4 -> 2-of-3: [E, D, F] keeps only 2 of the 3 old members needed */
    int third[3] = {E, D, F};
    assert_int_equal(init_rotation(&c2, &c1, D, 2, third, 3), SEAL_LEDGER_ABORT);
    assert_int_equal(g_fx.outcome.abort_code, 3);
    third[2] = B;
    assert_int_equal(init_rotation(&c2, &c1, D, 2, third, 3), SEAL_LEDGER_SUCCESS);
    reg(&c2, E, "e");
    reg(&c2, D, "d");
    reg(&c2, B, "b");
    for (int i = 0; i < 3; i++)
        g2(pks[i], 51 + (uint64_t)i);
    for (int i = 0; i < 3; i++) {
        rotate_tx(&b, &c2, c1.id, (const uint8_t(*)[96])pks, 3, 7);
        expect_ok(&b, third[i]);
    }
    key_server_of(c2.id, ks, &v2, &v2o);
    assert_memory_equal(ks, ks0, 32);
    assert_memory_equal(v2.pk.ptr, pk, 96);
    assert_int_equal(v2.version, 2);
    assert_int_equal(v2.threshold, 2);
    assert_int_equal(v2.n_partial, 3);
    assert_memory_equal(v2.partial[0].name.ptr, "e", 1);
    seal_onchain_key_server_v2_clear(&v2);
    seal_ledger_object_clear(&v2o);
    (void)C;
}

static void vote(const committee *c, int who, const char *fn, const uint8_t *digest, size_t len,
                 seal_ledger_status want, uint64_t code) {
    txb b = {0};
    seal_sui_argument a[2] = {in_object(&b, c->id, true), {0}};
    size_t n = 1;
    if (digest != NULL) {
        a[1] = in_bytes(&b, digest, len);
        n = 2;
    }
    call(&b, c->pkg, fn, n, a);
    if (want == SEAL_LEDGER_ABORT) {
        expect_abort(&b, who, c->pkg, "seal_committee", fn, code);
    } else {
        expect_ok(&b, who);
    }
}

/* authorize_upgrade -> Upgrade -> commit_upgrade in one PTB. */
static seal_ledger_status upgrade(const committee *c, int who, uint8_t deps_changed) {
    txb b = {0};
    seal_sui_argument a[1] = {in_object(&b, c->id, true)};
    call(&b, c->pkg, "authorize_upgrade", 1, a);
    seal_sui_command *up = add(&b, SEAL_SUI_CMD_UPGRADE, 0, NULL);
    set_marker(&b, up);
    if (deps_changed)
        b.deps[1][2][0] ^= deps_changed;
    memcpy(up->package, c->pkg, 32);
    up->arg = result(0);
    seal_sui_argument a2[2] = {input(0), result(1)};
    call(&b, c->pkg, "commit_upgrade", 2, a2);
    return run(&b, who);
}

static void upgrade_manager(const committee *c, seal_onchain_upgrade_manager *m,
                            seal_ledger_object *o) {
    uint8_t umf[32], fid[32], id[32];
    const uint8_t *name = NULL;
    bool found = false;
    seal_onchain_upgrade_manager_field_id(umf, c->id, c->pkg);
    assert_int_equal(seal_ledger_object_get(g_l, umf, o, &found), SEAL_OK);
    assert_int_equal(seal_onchain_dof_field_decode(fid, &name, 1, id, o->contents, o->contents_len),
                     SEAL_OK);
    seal_ledger_object_clear(o);
    assert_int_equal(seal_ledger_object_get(g_l, id, o, &found), SEAL_OK);
    assert_int_equal(seal_onchain_upgrade_manager_decode(m, o->contents, o->contents_len), SEAL_OK);
}

static void test_upgrade_vote(void **state) {
    (void)state;
    committee c, young;
    int members[3] = {A, B, C};
    uint8_t digest[32], other[32], deps[3][32] = {{0}};
    deps[0][31] = 1;
    deps[1][31] = 2;
    memcpy(deps[2], SEAL_LEDGER_SEAL_PACKAGE, 32);
    assert_int_equal(seal_ledger_committee_package_digest(digest, (const uint8_t(*)[32])deps, 3),
                     SEAL_OK);
    memset(other, 0x5a, 32);
    /* not finalized */
    assert_int_equal(new_committee(&young, A, 2, members, 3), SEAL_LEDGER_SUCCESS);
    vote(&young, A, "approve_digest_for_upgrade", digest, 32, SEAL_LEDGER_ABORT, 8);
    finalized(&c);
    vote(&c, X, "approve_digest_for_upgrade", digest, 32, SEAL_LEDGER_ABORT, 10);
    vote(&c, X, "reject_digest_for_upgrade", NULL, 0, SEAL_LEDGER_ABORT, 10);
    vote(&c, A, "approve_digest_for_upgrade", digest, 31, SEAL_LEDGER_ABORT, 11);
    vote(&c, A, "reject_digest_for_upgrade", NULL, 0, SEAL_LEDGER_ABORT, 12);
    vote(&c, A, "authorize_upgrade", NULL, 0, SEAL_LEDGER_ABORT, 12);
    vote(&c, A, "reset_proposal", NULL, 0, SEAL_LEDGER_ABORT, 12);
    vote(&c, A, "approve_digest_for_upgrade", digest, 32, SEAL_LEDGER_SUCCESS, 0);
    vote(&c, B, "approve_digest_for_upgrade", other, 32, SEAL_LEDGER_ABORT, 12);
    vote(&c, B, "approve_digest_for_upgrade", digest, 31, SEAL_LEDGER_ABORT, 11);
    /* one approval of two needed (the PTB fails, nothing changes) */
    assert_int_equal(upgrade(&c, A, 0), SEAL_LEDGER_ABORT);
    assert_string_equal(g_fx.outcome.abort_function, "authorize_upgrade");
    assert_int_equal(g_fx.outcome.abort_code, 13);
    vote(&c, B, "reject_digest_for_upgrade", NULL, 0, SEAL_LEDGER_SUCCESS, 0);
    vote(&c, A, "reset_proposal", NULL, 0, SEAL_LEDGER_ABORT, 13);
    vote(&c, B, "approve_digest_for_upgrade", digest, 32, SEAL_LEDGER_SUCCESS, 0);
    seal_onchain_upgrade_manager m;
    seal_ledger_object o;
    upgrade_manager(&c, &m, &o);
    assert_true(m.has_proposal);
    assert_int_equal(m.proposal_version, 2);
    assert_int_equal(m.n_votes, 2); /* B's vote replaced, not added */
    assert_int_equal(seal_onchain_upgrade_manager_count(&m, SEAL_ONCHAIN_APPROVE), 2);
    seal_onchain_upgrade_manager_clear(&m);
    seal_ledger_object_clear(&o);
    /* a package whose digest differs from the approved one */
    assert_int_equal(upgrade(&c, C, 0x10), SEAL_LEDGER_UNSUPPORTED);
    assert_non_null(strstr(g_fx.outcome.message, "digest"));
    /* the upgrade: a member, not necessarily an approver */
    assert_int_equal(upgrade(&c, C, 0), SEAL_LEDGER_SUCCESS);
    upgrade_manager(&c, &m, &o);
    assert_false(m.has_proposal);
    assert_int_equal(m.cap.version, 2);
    uint8_t original[32];
    uint64_t version = 0;
    bool found = false;
    assert_memory_not_equal(m.cap.package, c.pkg, 32);
    assert_int_equal(seal_ledger_package_get(g_l, m.cap.package, original, &version, &found),
                     SEAL_OK);
    assert_true(found);
    assert_memory_equal(original, c.pkg, 32);
    assert_int_equal(version, 2);
    /* the new version serves the same objects */
    committee up = c;
    memcpy(up.pkg, m.cap.package, 32);
    seal_onchain_upgrade_manager_clear(&m);
    seal_ledger_object_clear(&o);
    vote(&up, A, "approve_digest_for_upgrade", other, 32, SEAL_LEDGER_SUCCESS, 0);
    upgrade_manager(&c, &m, &o);
    assert_int_equal(m.proposal_version, 3);
    seal_onchain_upgrade_manager_clear(&m);
    seal_ledger_object_clear(&o);
    vote(&up, A, "reject_digest_for_upgrade", NULL, 0, SEAL_LEDGER_SUCCESS, 0);
    vote(&up, B, "reject_digest_for_upgrade", NULL, 0, SEAL_LEDGER_SUCCESS, 0);
    vote(&up, C, "reset_proposal", NULL, 0, SEAL_LEDGER_SUCCESS, 0);
    upgrade_manager(&c, &m, &o);
    assert_false(m.has_proposal);
    seal_onchain_upgrade_manager_clear(&m);
    seal_ledger_object_clear(&o);
    /* init_committee with the cap of an upgraded package: EWrongUpgradeCap (the cap names the
     * current version, the type its original id) needs a free cap; covered in test_init_aborts */
}

/* Dry runs reach the committee functions (as a node's dry run of the same transaction) and
 * change nothing. */
static void test_dry_run(void **state) {
    (void)state;
    committee c;
    int members[3] = {A, B, C};
    seal_ledger_object before, after;
    bool found = false;
    uint64_t n0 = 0, n1 = 0;
    assert_int_equal(new_committee(&c, A, 2, members, 3), SEAL_LEDGER_SUCCESS);
    assert_int_equal(seal_ledger_object_get(g_l, c.id, &before, &found), SEAL_OK);
    assert_int_equal(seal_ledger_transaction_count(g_l, &n0), SEAL_OK);
    g_dry = true;
    txb b = {0};
    seal_sui_argument a[5] = {in_object(&b, c.id, true), in_bytes(&b, g_enc[X], 48),
                              in_bytes(&b, g_sig[X], 96), in_str(&b, "u"), in_str(&b, "x")};
    call(&b, c.pkg, "register", 5, a);
    expect_abort(&b, X, c.pkg, "seal_committee", "register", 0);
    reg(&c, A, "node-a"); /* dry: succeeds, changes nothing */
    memset(&b, 0, sizeof b);
    publish(&b);
    transfer_result(&b, 0, A);
    expect_ok(&b, A);
    g_dry = false;
    assert_int_equal(seal_ledger_object_get(g_l, c.id, &after, &found), SEAL_OK);
    assert_int_equal(after.version, before.version);
    assert_int_equal(after.contents_len, before.contents_len);
    assert_memory_equal(after.contents, before.contents, before.contents_len);
    assert_int_equal(seal_ledger_transaction_count(g_l, &n1), SEAL_OK);
    assert_int_equal(n1, n0);
    seal_ledger_object_clear(&before);
    seal_ledger_object_clear(&after);
    /* a read-only handle (what `seal localnet serve` and the key server dry-run with) */
    seal_ledger *rw = g_l, *ro = NULL;
    assert_int_equal(seal_ledger_open_readonly(&ro, g_path), SEAL_OK);
    g_l = ro;
    g_dry = true;
    memset(&b, 0, sizeof b);
    seal_sui_argument a2[5] = {in_object(&b, c.id, true), in_bytes(&b, g_enc[B], 48),
                               in_bytes(&b, g_sig[B], 96), in_str(&b, "u"), in_str(&b, "node-b")};
    call(&b, c.pkg, "register", 5, a2);
    expect_ok(&b, B);
    g_dry = false;
    g_l = rw;
    seal_ledger_close(ro);
    assert_int_equal(seal_ledger_transaction_count(g_l, &n1), SEAL_OK);
    assert_int_equal(n1, n0);
    reg(&c, A, "node-a"); /* really now */
}

/* seal::key_server's committee functions and their aborts (key_server.move: EInvalidVersion 2,
 * EInvalidServerType 3, EInvalidThreshold 4, EInvalidPartyId 5, EDuplicateName 6, group_ops 1),
 * called directly inside a ledger transaction: the committee module never passes them values
 * that fail these checks (its own checks come first), so they are reached here. */
static void ks_expect(seal__committee_ctx *c, const char *fn, uint64_t code) {
    assert_int_equal(c->out->status, SEAL_LEDGER_ABORT);
    assert_string_equal(c->out->abort_module,
                        strcmp(fn, "from_bytes") == 0 ? "group_ops" : "key_server");
    assert_string_equal(c->out->abort_function, fn);
    assert_int_equal(c->out->abort_code, code);
    seal__ledger_outcome_set(c->out, SEAL_LEDGER_SUCCESS, "success");
}

static void test_key_server_functions(void **state) {
    (void)state;
    seal__ledger_tx t;
    seal_ledger_outcome out;
    seal__committee_ctx c;
    seal_ledger_object ks;
    uint8_t pk[96], pks[3][96], bad[96], indep[32];
    seal_onchain_partial_key_server list[3];
    memset(&out, 0, sizeof out);
    seal__ledger_outcome_set(&out, SEAL_LEDGER_SUCCESS, "success");
    g2(pk, 77);
    memset(bad, 0xff, sizeof bad);
    for (uint16_t i = 0; i < 3; i++) {
        g2(pks[i], 80u + i);
        list[i].name = (seal_sui_bytes){(const uint8_t *)(i == 0 ? "a" : i == 1 ? "b" : "c"), 1};
        list[i].url = (seal_sui_bytes){(const uint8_t *)"u", 1};
        list[i].partial_pk = (seal_sui_bytes){pks[i], 96};
        list[i].party_id = i;
    }
    /* an independent KeyServer to update (EInvalidServerType) */
    assert_int_equal(
        seal_ledger_key_server_register(g_l, g_addr[A], "ind", "http://i", 0, pk, indep, &out),
        SEAL_OK);
    assert_int_equal(seal__ledger_tx_begin(g_l, &t, "test", g_addr[A]), SEAL_OK);
    seal__ledger_tx_set_lamport(&t, 1000);
    memset(&c, 0, sizeof c);
    c.t = &t;
    c.sender = g_addr[A];
    c.out = &out;
    memset(&ks, 0, sizeof ks);
    /* create_committee_v2 */
    assert_int_equal(
        seal__key_server_create_committee_v2(&c, (const uint8_t *)"n", 1, 2, bad, 96, list, 3, &ks),
        SEAL_OK);
    ks_expect(&c, "from_bytes", 1);
    assert_int_equal(
        seal__key_server_create_committee_v2(&c, (const uint8_t *)"n", 1, 1, pk, 96, list, 3, &ks),
        SEAL_OK);
    ks_expect(&c, "validate_partial_key_servers", 4);
    assert_int_equal(
        seal__key_server_create_committee_v2(&c, (const uint8_t *)"n", 1, 4, pk, 96, list, 3, &ks),
        SEAL_OK);
    ks_expect(&c, "validate_partial_key_servers", 4);
    list[2].party_id = 1;
    assert_int_equal(
        seal__key_server_create_committee_v2(&c, (const uint8_t *)"n", 1, 2, pk, 96, list, 3, &ks),
        SEAL_OK);
    ks_expect(&c, "validate_partial_key_servers", 5);
    list[2].party_id = 2;
    list[2].name = list[0].name;
    assert_int_equal(
        seal__key_server_create_committee_v2(&c, (const uint8_t *)"n", 1, 2, pk, 96, list, 3, &ks),
        SEAL_OK);
    ks_expect(&c, "validate_partial_key_servers", 6);
    list[2].name = (seal_sui_bytes){(const uint8_t *)"c", 1};
    assert_int_equal(
        seal__key_server_create_committee_v2(&c, (const uint8_t *)"n", 1, 2, pk, 96, list, 3, &ks),
        SEAL_OK);
    assert_int_equal(out.status, SEAL_LEDGER_SUCCESS);
    ks.owner.kind = SEAL_SUI_OWNER_ADDRESS; /* the caller places it (a DOF for committees) */
    memcpy(ks.owner.address, g_addr[A], 32);
    assert_int_equal(seal__committee_put(&c, &ks, ks.contents, ks.contents_len), SEAL_OK);
    /* update_partial_key_servers: validation first, then the server type */
    assert_int_equal(seal__key_server_update_partial_key_servers(&c, indep, 3, list, 2), SEAL_OK);
    ks_expect(&c, "validate_partial_key_servers", 4);
    assert_int_equal(seal__key_server_update_partial_key_servers(&c, indep, 2, list, 3), SEAL_OK);
    ks_expect(&c, "assert_committee_server_v2", 3);
    assert_int_equal(seal__key_server_update_partial_key_servers(&c, ks.id, 3, list, 3), SEAL_OK);
    assert_int_equal(out.status, SEAL_LEDGER_SUCCESS);
    /* update_member_url */
    assert_int_equal(seal__key_server_update_member_url(&c, indep, (const uint8_t *)"x", 1, 0),
                     SEAL_OK);
    ks_expect(&c, "assert_committee_server_v2", 3);
    assert_int_equal(seal__key_server_update_member_url(&c, ks.id, (const uint8_t *)"x", 1, 3),
                     SEAL_OK);
    ks_expect(&c, "update_member_url", 5);
    assert_int_equal(seal__key_server_update_member_url(&c, ks.id, (const uint8_t *)"x", 1, 2),
                     SEAL_OK);
    assert_int_equal(out.status, SEAL_LEDGER_SUCCESS);
    /* the result: version 1, threshold 3, party 2's URL changed */
    uint8_t fid[32], got[32];
    uint64_t name = 0;
    bool found = false;
    seal_ledger_object f;
    seal_onchain_key_server_v2 v2;
    seal_ledger_key_server_field_id(fid, ks.id, 2);
    assert_int_equal(seal__ledger_obj_get(&t.l->w, fid, &f, &found), SEAL_OK);
    assert_true(found);
    assert_int_equal(
        seal_onchain_key_server_v2_field_decode(&v2, got, &name, f.contents, f.contents_len),
        SEAL_OK);
    assert_int_equal(v2.version, 1);
    assert_int_equal(v2.threshold, 3);
    assert_int_equal(v2.partial[2].url.len, 1);
    assert_int_equal(v2.partial[2].url.ptr[0], 'x');
    seal_onchain_key_server_v2_clear(&v2);
    seal_ledger_object_clear(&f);
    /* a KeyServer whose versions exclude V2: EInvalidVersion */
    seal_ledger_object k;
    assert_int_equal(seal__ledger_obj_get(&t.l->w, ks.id, &k, &found), SEAL_OK);
    k.contents[32] = 1;
    k.contents[40] = 1; /* first = last = 1 */
    assert_int_equal(seal__ledger_obj_put(&t.l->w, &k), SEAL_OK);
    seal_ledger_object_clear(&k);
    assert_int_equal(seal__key_server_update_member_url(&c, ks.id, (const uint8_t *)"x", 1, 0),
                     SEAL_OK);
    ks_expect(&c, "assert_committee_server_v2", 2);
    seal_ledger_object_clear(&ks);
    seal__ledger_tx_rollback(&t);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fresh_dkg),       cmocka_unit_test(test_init_aborts),
        cmocka_unit_test(test_register_aborts), cmocka_unit_test(test_propose_aborts),
        cmocka_unit_test(test_rotation),        cmocka_unit_test(test_upgrade_vote),
        cmocka_unit_test(test_dry_run),         cmocka_unit_test(test_key_server_functions),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
