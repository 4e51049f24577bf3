/* Signed transactions on the embedded ledger: seal_ledger_execute_transaction and
 * seal_ledger_transaction_get (every executable entry function through a signed
 * TransactionData, signatures, input checks, replays, failures, effects). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"
#include "seal/bls12_381.h"
#include "seal/encrypt.h"
#include "seal/keys.h"
#include "seal/ledger.h"
#include "seal/object.h"
#include "seal/sui.h"
#include "seal/sui_sig.h"
#include "seal/sui_tx.h"

#define T0 1700000000000ull

static char g_dir[64];
static char g_path[128];

static int setup(void **state) {
    (void)state;
    if (!tu_tempdir(g_dir, sizeof g_dir, "seal_ledger_exec_"))
        return -1;
    snprintf(g_path, sizeof g_path, "%s/ledger.db", g_dir);
    return 0;
}

static int teardown(void **state) {
    (void)state;
    return tu_rmtree(g_dir);
}

static seal_ledger *open_new(void) {
    seal_ledger *l = NULL;
    assert_int_equal(seal_ledger_open_ex(&l, g_path, T0), SEAL_OK);
    return l;
}

static void key(seal_sui_keypair *kp, uint8_t seed, seal_sui_scheme scheme) {
    uint8_t secret[32];
    memset(secret, seed, 32);
    assert_int_equal(seal_sui_keypair_from_secret(kp, scheme, secret), SEAL_OK);
}

/* ---- transaction builder -------------------------------------------------------------------- */

typedef struct txb {
    seal_sui_call_arg in[8];
    uint8_t pure[8][2300];
    size_t n_in;
    seal_sui_command cmd[4];
    seal_sui_argument args[4][4];
    size_t n_cmd;
    uint8_t bytes[8192];
    size_t len;
} txb;

static seal_sui_argument input(uint16_t i) {
    return (seal_sui_argument){.kind = SEAL_SUI_ARG_INPUT, .index = i};
}

static seal_sui_argument result(uint16_t i) {
    return (seal_sui_argument){.kind = SEAL_SUI_ARG_RESULT, .index = i};
}

static seal_sui_argument nested(uint16_t i, uint16_t j) {
    return (seal_sui_argument){.kind = SEAL_SUI_ARG_NESTED_RESULT, .index = i, .result_index = j};
}

static seal_sui_argument in_raw(txb *b, const uint8_t *p, size_t n) {
    memcpy(b->pure[b->n_in], p, n);
    b->in[b->n_in] =
        (seal_sui_call_arg){.kind = SEAL_SUI_CALL_ARG_PURE, .pure = {b->pure[b->n_in], n}};
    return input((uint16_t)b->n_in++);
}

static seal_sui_argument in_bytes(txb *b, const uint8_t *p, size_t n) {
    uint8_t buf[2300];
    seal_bcs_writer w;
    seal_bcs_writer_init(&w, buf, sizeof buf);
    seal_bcs_write_bytes(&w, p, n);
    assert_int_equal(seal_bcs_writer_finish(&w), SEAL_OK);
    return in_raw(b, buf, w.len);
}

static seal_sui_argument in_str(txb *b, const char *s) {
    return in_bytes(b, (const uint8_t *)s, strlen(s));
}

static seal_sui_argument in_u64(txb *b, uint64_t v) {
    uint8_t le[8];
    for (int i = 0; i < 8; i++)
        le[i] = (uint8_t)(v >> (8 * i));
    return in_raw(b, le, 8);
}

static seal_sui_argument in_shared(txb *b, const uint8_t id[32], uint64_t isv, bool mut) {
    seal_sui_call_arg *a = &b->in[b->n_in];
    memset(a, 0, sizeof *a);
    a->kind = SEAL_SUI_CALL_ARG_OBJECT;
    a->object_kind = SEAL_SUI_OBJECT_SHARED;
    memcpy(a->object.id, id, 32);
    a->initial_shared_version = isv;
    a->mutability = mut ? SEAL_SUI_SHARED_MUTABLE : SEAL_SUI_SHARED_IMMUTABLE;
    return input((uint16_t)b->n_in++);
}

/* An owned object by its current reference. */
static seal_sui_argument in_owned(txb *b, seal_ledger *l, const uint8_t id[32]) {
    seal_ledger_object o;
    bool found = false;
    assert_int_equal(seal_ledger_object_get(l, id, &o, &found), SEAL_OK);
    seal_sui_call_arg *a = &b->in[b->n_in];
    memset(a, 0, sizeof *a);
    a->kind = SEAL_SUI_CALL_ARG_OBJECT;
    a->object_kind = SEAL_SUI_OBJECT_IMM_OR_OWNED;
    memcpy(a->object.id, id, 32);
    a->object.version = o.version;
    memcpy(a->object.digest, o.digest, 32);
    seal_ledger_object_clear(&o);
    return input((uint16_t)b->n_in++);
}

static void call(txb *b, const uint8_t pkg[32], const char *module, const char *fn, size_t n,
                 const seal_sui_argument *args) {
    seal_sui_command *c = &b->cmd[b->n_cmd];
    memset(c, 0, sizeof *c);
    c->kind = SEAL_SUI_CMD_MOVE_CALL;
    memcpy(c->package, pkg, 32);
    c->module = (seal_sui_bytes){(const uint8_t *)module, strlen(module)};
    c->function = (seal_sui_bytes){(const uint8_t *)fn, strlen(fn)};
    if (n)
        memcpy(b->args[b->n_cmd], args, n * sizeof *args);
    c->n_args = n;
    c->args = b->args[b->n_cmd];
    b->n_cmd++;
}

static void split_gas(txb *b, seal_sui_argument amount) {
    seal_sui_command *c = &b->cmd[b->n_cmd];
    memset(c, 0, sizeof *c);
    c->kind = SEAL_SUI_CMD_SPLIT_COINS;
    c->arg = (seal_sui_argument){.kind = SEAL_SUI_ARG_GAS_COIN};
    b->args[b->n_cmd][0] = amount;
    c->n_args = 1;
    c->args = b->args[b->n_cmd];
    b->n_cmd++;
}

static void transfer(txb *b, seal_sui_argument obj, seal_sui_argument to) {
    seal_sui_command *c = &b->cmd[b->n_cmd];
    memset(c, 0, sizeof *c);
    c->kind = SEAL_SUI_CMD_TRANSFER_OBJECTS;
    b->args[b->n_cmd][0] = obj;
    c->n_args = 1;
    c->args = b->args[b->n_cmd];
    c->arg = to;
    b->n_cmd++;
}

/* Encodes the TransactionData (gas owner = gas_owner or the sender). */
static void encode(txb *b, const uint8_t sender[32], const uint8_t *gas_owner) {
    seal_sui_ptb ptb = {b->n_in, b->in, b->n_cmd, b->cmd};
    seal_sui_transaction_data tx;
    seal_bcs_writer w;
    memset(&tx, 0, sizeof tx);
    tx.ptb = &ptb;
    memcpy(tx.sender, sender, 32);
    memcpy(tx.gas.owner, gas_owner != NULL ? gas_owner : sender, 32);
    tx.gas.price = 1000;
    tx.gas.budget = 50000000;
    seal_bcs_writer_init(&w, b->bytes, sizeof b->bytes);
    assert_int_equal(seal_sui_transaction_data_encode(&w, &tx), SEAL_OK);
    assert_int_equal(seal_bcs_writer_finish(&w), SEAL_OK);
    b->len = w.len;
}

/* Signs with kp (the sender unless told otherwise) and executes. */
static seal_err exec_as(seal_ledger *l, txb *b, const seal_sui_keypair *signer,
                        const uint8_t sender[32], seal_ledger_effects *e) {
    uint8_t sig[SEAL_SUI_SIMPLE_SIGNATURE_MAX_BYTES];
    size_t sig_len = 0;
    encode(b, sender, NULL);
    assert_int_equal(seal_sui_sign_transaction(sig, &sig_len, signer, b->bytes, b->len), SEAL_OK);
    const uint8_t *sigs[1] = {sig};
    size_t lens[1] = {sig_len};
    return seal_ledger_execute_transaction(l, b->bytes, b->len, sigs, lens, 1, e);
}

static seal_ledger_effects g_e;

/* Executes signed by kp's own address; asserts the call itself succeeded. */
static seal_ledger_effects *exec(seal_ledger *l, txb *b, const seal_sui_keypair *kp) {
    uint8_t sender[32];
    seal_sui_keypair_address(sender, kp);
    assert_int_equal(exec_as(l, b, kp, sender, &g_e), SEAL_OK);
    return &g_e;
}

static void assert_success(const seal_ledger_effects *e) {
    if (e->outcome.status != SEAL_LEDGER_SUCCESS)
        fail_msg("status %s: %s", seal_ledger_status_name(e->outcome.status), e->outcome.message);
    assert_true(e->executed);
}

static void assert_abort(const seal_ledger_effects *e, const uint8_t pkg[32], const char *module,
                         const char *fn, uint64_t code) {
    if (e->outcome.status != SEAL_LEDGER_ABORT)
        fail_msg("status %s: %s", seal_ledger_status_name(e->outcome.status), e->outcome.message);
    assert_memory_equal(e->outcome.abort_package, pkg, 32);
    assert_string_equal(e->outcome.abort_module, module);
    assert_string_equal(e->outcome.abort_function, fn);
    assert_int_equal(e->outcome.abort_code, code);
    assert_true(e->executed);
    assert_int_equal(e->n_created + e->n_mutated + e->n_deleted, 0);
}

/* The created object of the given type name (module::Name, in the given package). */
static const seal_ledger_effect_object *created(const seal_ledger_effects *e, const char *name) {
    for (size_t i = 0; i < e->n_created; i++) {
        char t[1024];
        assert_int_equal(seal_sui_type_tag_format(t, sizeof t, e->created[i].type,
                                                  e->created[i].type_len, false),
                         SEAL_OK);
        size_t n = strlen(t), m = strlen(name);
        if (n >= m && strcmp(t + n - m, name) == 0)
            return &e->created[i];
    }
    fail_msg("no created %s", name);
    return NULL;
}

static uint64_t version_of(seal_ledger *l, const uint8_t id[32]) {
    seal_ledger_object o;
    bool found = false;
    assert_int_equal(seal_ledger_object_get(l, id, &o, &found), SEAL_OK);
    uint64_t v = o.version;
    seal_ledger_object_clear(&o);
    return v;
}

static bool exists(seal_ledger *l, const uint8_t id[32]) {
    seal_ledger_object o;
    bool found = false;
    seal_err err = seal_ledger_object_get(l, id, &o, &found);
    seal_ledger_object_clear(&o);
    assert_true(err == SEAL_OK || err == SEAL_ERR_INVALID_ARGUMENT);
    return found;
}

static uint64_t tx_count(seal_ledger *l) {
    uint64_t n = 0;
    assert_int_equal(seal_ledger_transaction_count(l, &n), SEAL_OK);
    return n;
}

/* Allowlist contents: id, name, list. */
static size_t allowlist_members(seal_ledger *l, const uint8_t id[32], uint8_t (*out)[32]) {
    seal_ledger_object o;
    bool found = false;
    seal_bcs_reader r;
    const uint8_t *name = NULL, *list = NULL;
    size_t nl = 0, n = 0;
    assert_int_equal(seal_ledger_object_get(l, id, &o, &found), SEAL_OK);
    seal_bcs_reader_init(&r, o.contents, o.contents_len);
    r.pos = 32;
    assert_int_equal(seal_bcs_read_bytes(&r, 1000, &name, &nl), SEAL_OK);
    assert_int_equal(seal_bcs_read_len(&r, 100, &n), SEAL_OK);
    assert_int_equal(seal_bcs_read_borrow(&r, &list, 32 * n), SEAL_OK);
    memcpy(out, list, 32 * n);
    seal_ledger_object_clear(&o);
    return n;
}

/* Creates an allowlist through a signed transaction. */
static void make_allowlist(seal_ledger *l, const seal_sui_keypair *kp, uint8_t al[32],
                           uint8_t cap[32], uint64_t *isv) {
    txb b;
    memset(&b, 0, sizeof b);
    seal_sui_argument a[1] = {in_str(&b, "team")};
    call(&b, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "create_allowlist_entry", 1, a);
    seal_ledger_effects *e = exec(l, &b, kp);
    assert_success(e);
    assert_int_equal(e->n_created, 2);
    const seal_ledger_effect_object *o = created(e, "::allowlist::Allowlist");
    memcpy(al, o->id, 32);
    assert_int_equal(o->owner.kind, SEAL_SUI_OWNER_SHARED);
    *isv = o->owner.version;
    memcpy(cap, created(e, "::allowlist::Cap")->id, 32);
}

static void allowlist_change(txb *b, seal_ledger *l, const char *fn, const uint8_t al[32],
                             uint64_t isv, const uint8_t cap[32], const uint8_t member[32]) {
    memset(b, 0, sizeof *b);
    seal_sui_argument a[3] = {in_shared(b, al, isv, true), in_owned(b, l, cap),
                              in_raw(b, member, 32)};
    call(b, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", fn, 3, a);
}

/* ---- tests ---------------------------------------------------------------------------------- */

static void test_allowlist_flow(void **state) {
    (void)state;
    seal_ledger *l = open_new();
    seal_sui_keypair alice;
    uint8_t al[32], cap[32], bob[32], got[4][32];
    uint64_t isv = 0;
    txb b;
    key(&alice, 1, SEAL_SUI_SCHEME_ED25519);
    memset(bob, 0xb0, 32);
    make_allowlist(l, &alice, al, cap, &isv);
    assert_int_equal(isv, 1);
    /* created ids derive from the real transaction digest */
    seal_ledger_effects first = g_e;
    uint8_t want[32];
    seal_sui_object_id_from_transaction(want, first.digest, 0);
    assert_memory_equal(al, want, 32);
    uint8_t sender[32];
    seal_sui_keypair_address(sender, &alice);
    assert_memory_equal(first.sender, sender, 32);

    allowlist_change(&b, l, "add", al, isv, cap, bob);
    seal_ledger_effects *e = exec(l, &b, &alice);
    assert_success(e);
    assert_int_equal(e->n_created, 0);
    assert_int_equal(e->n_mutated, 2);
    assert_int_equal(e->lamport_version, 2);
    assert_int_equal(version_of(l, al), 2);
    assert_int_equal(version_of(l, cap), 2);
    assert_int_equal(allowlist_members(l, al, got), 1);
    assert_memory_equal(got[0], bob, 32);
    /* mutated objects report their new digests */
    seal_ledger_object o;
    bool found = false;
    assert_int_equal(seal_ledger_object_get(l, cap, &o, &found), SEAL_OK);
    bool seen = false;
    for (size_t i = 0; i < e->n_mutated; i++)
        if (memcmp(e->mutated[i].id, cap, 32) == 0) {
            assert_memory_equal(e->mutated[i].digest, o.digest, 32);
            assert_int_equal(e->mutated[i].version, 2);
            seen = true;
        }
    assert_true(seen);
    seal_ledger_object_clear(&o);

    /* publish a blob id: a dynamic field is created */
    memset(&b, 0, sizeof b);
    seal_sui_argument p[3] = {in_shared(&b, al, isv, true), in_owned(&b, l, cap),
                              in_str(&b, "blob-1")};
    call(&b, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "publish", 3, p);
    e = exec(l, &b, &alice);
    assert_success(e);
    assert_int_equal(e->n_created, 1);
    assert_int_equal(e->created[0].owner.kind, SEAL_SUI_OWNER_OBJECT);
    assert_memory_equal(e->created[0].owner.address, al, 32);

    allowlist_change(&b, l, "remove", al, isv, cap, bob);
    e = exec(l, &b, &alice);
    assert_success(e);
    assert_int_equal(allowlist_members(l, al, got), 0);
    assert_int_equal(version_of(l, al), 4);
    seal_ledger_close(l);
}

static void test_wrong_signer(void **state) {
    (void)state;
    seal_ledger *l = open_new();
    seal_sui_keypair alice, mallory;
    uint8_t al[32], cap[32], bob[32], alice_addr[32], got[4][32];
    uint64_t isv = 0;
    seal_ledger_effects e;
    bool found = true;
    txb b;
    key(&alice, 1, SEAL_SUI_SCHEME_ED25519);
    key(&mallory, 2, SEAL_SUI_SCHEME_SECP256K1);
    seal_sui_keypair_address(alice_addr, &alice);
    memset(bob, 0xb0, 32);
    make_allowlist(l, &alice, al, cap, &isv);
    uint64_t before = tx_count(l);
    allowlist_change(&b, l, "add", al, isv, cap, bob);
    /* mallory signs a transaction whose sender is alice */
    assert_int_equal(exec_as(l, &b, &mallory, alice_addr, &e), SEAL_ERR_INVALID_SIGNATURE);
    assert_false(e.executed);
    assert_int_equal(tx_count(l), before);
    assert_int_equal(allowlist_members(l, al, got), 0);
    uint8_t digest[32];
    seal_sui_transaction_digest(digest, b.bytes, b.len);
    assert_int_equal(seal_ledger_transaction_get(l, digest, &e, &found), SEAL_OK);
    assert_false(found);
    /* no signature, a corrupted signature, two signatures */
    const uint8_t *none[1] = {NULL};
    size_t zero[1] = {0};
    assert_int_equal(seal_ledger_execute_transaction(l, b.bytes, b.len, none, zero, 0, &e),
                     SEAL_ERR_INVALID_SIGNATURE);
    uint8_t sig[SEAL_SUI_SIMPLE_SIGNATURE_MAX_BYTES];
    size_t sig_len = 0;
    assert_int_equal(seal_sui_sign_transaction(sig, &sig_len, &alice, b.bytes, b.len), SEAL_OK);
    const uint8_t *sigs[2] = {sig, sig};
    size_t lens[2] = {sig_len, sig_len};
    assert_int_equal(seal_ledger_execute_transaction(l, b.bytes, b.len, sigs, lens, 2, &e),
                     SEAL_ERR_INVALID_SIGNATURE);
    sig[10] ^= 1;
    assert_int_equal(seal_ledger_execute_transaction(l, b.bytes, b.len, sigs, lens, 1, &e),
                     SEAL_ERR_INVALID_SIGNATURE);
    lens[0] = 5;
    assert_int_equal(seal_ledger_execute_transaction(l, b.bytes, b.len, sigs, lens, 1, &e),
                     SEAL_ERR_INVALID_SIGNATURE);
    assert_int_equal(tx_count(l), before);
    /* malformed TransactionData */
    sig[10] ^= 1;
    lens[0] = sig_len;
    assert_int_equal(seal_ledger_execute_transaction(l, b.bytes, b.len - 1, sigs, lens, 1, &e),
                     SEAL_ERR_INVALID_ENCODING);
    /* the right signature works */
    assert_int_equal(seal_ledger_execute_transaction(l, b.bytes, b.len, sigs, lens, 1, &e),
                     SEAL_OK);
    assert_success(&e);
    seal_ledger_close(l);
}

static void test_sponsored_needs_both(void **state) {
    (void)state;
    seal_ledger *l = open_new();
    seal_sui_keypair alice, sponsor;
    uint8_t a_addr[32], s_addr[32], s1[SEAL_SUI_SIMPLE_SIGNATURE_MAX_BYTES],
        s2[SEAL_SUI_SIMPLE_SIGNATURE_MAX_BYTES];
    size_t l1 = 0, l2 = 0;
    seal_ledger_effects e;
    txb b;
    key(&alice, 1, SEAL_SUI_SCHEME_SECP256R1);
    key(&sponsor, 3, SEAL_SUI_SCHEME_ED25519);
    seal_sui_keypair_address(a_addr, &alice);
    seal_sui_keypair_address(s_addr, &sponsor);
    memset(&b, 0, sizeof b);
    seal_sui_argument a[1] = {in_str(&b, "sponsored")};
    call(&b, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "create_allowlist_entry", 1, a);
    encode(&b, a_addr, s_addr);
    assert_int_equal(seal_sui_sign_transaction(s1, &l1, &alice, b.bytes, b.len), SEAL_OK);
    assert_int_equal(seal_sui_sign_transaction(s2, &l2, &sponsor, b.bytes, b.len), SEAL_OK);
    const uint8_t *sigs[2] = {s2, s1};
    size_t lens[2] = {l2, l1};
    assert_int_equal(seal_ledger_execute_transaction(l, b.bytes, b.len, sigs, lens, 1, &e),
                     SEAL_ERR_INVALID_SIGNATURE);
    assert_int_equal(seal_ledger_execute_transaction(l, b.bytes, b.len, sigs + 1, lens + 1, 1, &e),
                     SEAL_ERR_INVALID_SIGNATURE);
    assert_int_equal(seal_ledger_execute_transaction(l, b.bytes, b.len, sigs, lens, 2, &e),
                     SEAL_OK);
    assert_success(&e);
    /* the created Cap goes to the sender, not the sponsor */
    const seal_ledger_effect_object *cap = created(&e, "::allowlist::Cap");
    assert_memory_equal(cap->owner.address, a_addr, 32);
    seal_ledger_close(l);
}

static void test_multisig_sender(void **state) {
    (void)state;
    seal_ledger *l = open_new();
    seal_sui_keypair k1, k2;
    seal_sui_multisig_public_key mpk;
    uint8_t ms_addr[32];
    seal_ledger_effects e;
    txb b;
    key(&k1, 5, SEAL_SUI_SCHEME_ED25519);
    key(&k2, 6, SEAL_SUI_SCHEME_SECP256K1);
    memset(&mpk, 0, sizeof mpk);
    mpk.n_members = 2;
    mpk.members[0].pk = k1.pk;
    mpk.members[0].weight = 1;
    mpk.members[1].pk = k2.pk;
    mpk.members[1].weight = 1;
    mpk.threshold = 1;
    assert_int_equal(seal_sui_multisig_address(ms_addr, &mpk), SEAL_OK);
    memset(&b, 0, sizeof b);
    seal_sui_argument a[1] = {in_str(&b, "multi")};
    call(&b, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "create_allowlist_entry", 1, a);
    encode(&b, ms_addr, NULL);
    uint8_t s[SEAL_SUI_SIMPLE_SIGNATURE_MAX_BYTES], ms_bytes[4096];
    size_t sl = 0;
    assert_int_equal(seal_sui_sign_transaction(s, &sl, &k2, b.bytes, b.len), SEAL_OK);
    seal_sui_multisig ms;
    const uint8_t *parts[1] = {s};
    size_t part_lens[1] = {sl};
    assert_int_equal(seal_sui_multisig_combine(&ms, &mpk, parts, part_lens, 1), SEAL_OK);
    seal_bcs_writer w;
    seal_bcs_writer_init(&w, ms_bytes, sizeof ms_bytes);
    assert_int_equal(seal_sui_multisig_encode(&w, &ms), SEAL_OK);
    const uint8_t *sigs[1] = {ms_bytes};
    size_t lens[1] = {w.len};
    assert_int_equal(seal_ledger_execute_transaction(l, b.bytes, b.len, sigs, lens, 1, &e),
                     SEAL_OK);
    assert_success(&e);
    /* k2's plain signature is not the multisig address's */
    const uint8_t *plain[1] = {s};
    assert_int_equal(seal_ledger_execute_transaction(l, b.bytes, b.len, plain, part_lens, 1, &e),
                     SEAL_ERR_INVALID_SIGNATURE);
    seal_ledger_close(l);
}

static void test_wrong_version_and_inputs(void **state) {
    (void)state;
    seal_ledger *l = open_new();
    seal_sui_keypair alice, bob_kp;
    uint8_t al[32], cap[32], bob[32], got[4][32];
    uint64_t isv = 0;
    seal_ledger_effects e;
    txb b, stale;
    key(&alice, 1, SEAL_SUI_SCHEME_ED25519);
    key(&bob_kp, 2, SEAL_SUI_SCHEME_ED25519);
    seal_sui_keypair_address(bob, &bob_kp);
    make_allowlist(l, &alice, al, cap, &isv);
    allowlist_change(&stale, l, "add", al, isv, cap, bob); /* built at cap version 1 */
    allowlist_change(&b, l, "add", al, isv, cap, al);
    assert_success(exec(l, &b, &alice));
    uint64_t before = tx_count(l);
    /* stale owned reference */
    seal_ledger_effects *r = exec(l, &stale, &alice);
    assert_int_equal(r->outcome.status, SEAL_LEDGER_VERSION_MISMATCH);
    assert_memory_equal(r->outcome.object_id, cap, 32);
    assert_false(r->executed);
    assert_int_equal(tx_count(l), before);
    bool found = true;
    assert_int_equal(seal_ledger_transaction_get(l, r->digest, &e, &found), SEAL_OK);
    assert_false(found);
    /* wrong initial shared version */
    allowlist_change(&b, l, "add", al, isv + 1, cap, bob);
    r = exec(l, &b, &alice);
    assert_int_equal(r->outcome.status, SEAL_LEDGER_VERSION_MISMATCH);
    /* someone else's Cap */
    allowlist_change(&b, l, "add", al, isv, cap, bob);
    uint8_t bob_addr[32];
    seal_sui_keypair_address(bob_addr, &bob_kp);
    r = exec(l, &b, &bob_kp);
    assert_int_equal(r->outcome.status, SEAL_LEDGER_WRONG_OWNER);
    /* unknown object */
    uint8_t ghost[32];
    memset(ghost, 0x77, 32);
    memset(&b, 0, sizeof b);
    seal_sui_argument a[3] = {in_shared(&b, ghost, 1, true), in_owned(&b, l, cap),
                              in_raw(&b, bob, 32)};
    call(&b, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "add", 3, a);
    r = exec(l, &b, &alice);
    assert_int_equal(r->outcome.status, SEAL_LEDGER_OBJECT_NOT_FOUND);
    assert_memory_equal(r->outcome.object_id, ghost, 32);
    /* the Clock passed mutably */
    memset(&b, 0, sizeof b);
    seal_sui_argument c[1] = {in_shared(&b, SEAL_LEDGER_CLOCK_ID, 1, true)};
    (void)c;
    call(&b, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "create_allowlist_entry", 0, NULL);
    r = exec(l, &b, &alice);
    assert_int_equal(r->outcome.status, SEAL_LEDGER_WRONG_OWNER);
    assert_int_equal(tx_count(l), before);
    assert_int_equal(allowlist_members(l, al, got), 1);
    /* the allowlist passed immutably to a &mut parameter: execution error, recorded */
    memset(&b, 0, sizeof b);
    seal_sui_argument d[3] = {in_shared(&b, al, isv, false), in_owned(&b, l, cap),
                              in_raw(&b, bob, 32)};
    call(&b, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "add", 3, d);
    r = exec(l, &b, &alice);
    assert_int_equal(r->outcome.status, SEAL_LEDGER_TYPE_MISMATCH);
    assert_true(r->executed);
    assert_int_equal(tx_count(l), before + 1);
    seal_ledger_close(l);
}

static void test_replay(void **state) {
    (void)state;
    seal_ledger *l = open_new();
    seal_sui_keypair alice;
    uint8_t al[32], cap[32], sig[SEAL_SUI_SIMPLE_SIGNATURE_MAX_BYTES];
    size_t sig_len = 0;
    uint64_t isv = 0;
    seal_ledger_effects e1, e2, e3;
    bool found = false;
    key(&alice, 1, SEAL_SUI_SCHEME_ED25519);
    make_allowlist(l, &alice, al, cap, &isv);
    e1 = g_e;
    uint64_t n = tx_count(l);
    /* same bytes again: recorded effects, nothing executed */
    txb b;
    memset(&b, 0, sizeof b);
    seal_sui_argument a[1] = {in_str(&b, "team")};
    call(&b, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "create_allowlist_entry", 1, a);
    uint8_t sender[32];
    seal_sui_keypair_address(sender, &alice);
    encode(&b, sender, NULL);
    assert_int_equal(seal_sui_sign_transaction(sig, &sig_len, &alice, b.bytes, b.len), SEAL_OK);
    const uint8_t *sigs[1] = {sig};
    assert_int_equal(seal_ledger_execute_transaction(l, b.bytes, b.len, sigs, &sig_len, 1, &e2),
                     SEAL_OK);
    assert_memory_equal(e2.digest, e1.digest, 32);
    assert_int_equal(e2.n_created, 2);
    assert_memory_equal(e2.created[0].id, e1.created[0].id, 32);
    assert_memory_equal(e2.created[1].digest, e1.created[1].digest, 32);
    assert_int_equal(tx_count(l), n);
    /* lookup, also after reopening, and from a read-only handle */
    assert_int_equal(seal_ledger_transaction_get(l, e1.digest, &e3, &found), SEAL_OK);
    assert_true(found);
    assert_int_equal(e3.outcome.status, SEAL_LEDGER_SUCCESS);
    assert_memory_equal(e3.created[0].type, e1.created[0].type, e1.created[0].type_len);
    seal_ledger_close(l);
    assert_int_equal(seal_ledger_open_readonly(&l, g_path), SEAL_OK);
    memset(&e3, 0, sizeof e3);
    assert_int_equal(seal_ledger_transaction_get(l, e1.digest, &e3, &found), SEAL_OK);
    assert_true(found);
    assert_int_equal(e3.n_created, 2);
    assert_true(e3.executed);
    /* its checkpoint: the transaction's index, the same as when it was executed */
    assert_int_equal(e3.seq, e1.seq);
    assert_int_equal(e1.seq + 1, n);
    /* the recorded bytes and signatures */
    {
        uint8_t *tx = NULL, *sb = NULL;
        size_t tl = 0, sl = 0;
        assert_int_equal(seal_ledger_transaction_bytes(l, e1.digest, &tx, &tl, &sb, &sl, &found),
                         SEAL_OK);
        assert_true(found);
        assert_int_equal(tl, b.len);
        assert_memory_equal(tx, b.bytes, b.len);
        assert_int_equal(sl, 2 + sig_len); /* vector of one vector: 01, length, bytes */
        assert_memory_equal(sb + 2, sig, sig_len);
        free(tx);
        free(sb);
        uint8_t nope[32] = {0};
        assert_int_equal(seal_ledger_transaction_bytes(l, nope, &tx, &tl, &sb, &sl, &found),
                         SEAL_OK);
        assert_false(found);
        assert_null(tx);
    }
    /* a read-only handle answers replays but executes nothing new */
    assert_int_equal(seal_ledger_execute_transaction(l, b.bytes, b.len, sigs, &sig_len, 1, &e2),
                     SEAL_OK);
    assert_memory_equal(e2.created[0].id, e1.created[0].id, 32);
    memset(&b, 0, sizeof b);
    a[0] = in_str(&b, "other");
    call(&b, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "create_allowlist_entry", 1, a);
    assert_int_equal(exec_as(l, &b, &alice, sender, &e2), SEAL_ERR_UNSUPPORTED);
    seal_ledger_close(l);
}

static void test_unknown_function_and_abort(void **state) {
    (void)state;
    seal_ledger *l = open_new();
    seal_sui_keypair alice;
    uint8_t al[32], cap[32], bob[32], other_al[32], other_cap[32], got[4][32];
    uint64_t isv = 0, isv2 = 0;
    seal_ledger_effects e;
    bool found = false;
    txb b;
    key(&alice, 1, SEAL_SUI_SCHEME_ED25519);
    memset(bob, 0xb0, 32);
    make_allowlist(l, &alice, al, cap, &isv);
    uint64_t n = tx_count(l);
    memset(&b, 0, sizeof b);
    seal_sui_argument a[1] = {in_str(&b, "x")};
    call(&b, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "create_allowlist_entry_v9", 1, a);
    seal_ledger_effects *r = exec(l, &b, &alice);
    assert_int_equal(r->outcome.status, SEAL_LEDGER_FUNCTION_NOT_FOUND);
    assert_true(r->executed);
    assert_int_equal(r->n_created, 0);
    assert_int_equal(tx_count(l), n + 1); /* recorded, as Sui records failed transactions */
    assert_int_equal(seal_ledger_transaction_get(l, r->digest, &e, &found), SEAL_OK);
    assert_true(found);
    assert_int_equal(e.outcome.status, SEAL_LEDGER_FUNCTION_NOT_FOUND);
    /* unknown module, unknown package, read-only function */
    memset(&b, 0, sizeof b);
    call(&b, SEAL_LEDGER_EXAMPLES_PACKAGE, "nope", "f", 0, NULL);
    assert_int_equal(exec(l, &b, &alice)->outcome.status, SEAL_LEDGER_FUNCTION_NOT_FOUND);
    uint8_t pkg[32];
    memset(pkg, 0x99, 32);
    memset(&b, 0, sizeof b);
    call(&b, pkg, "allowlist", "add", 0, NULL);
    assert_int_equal(exec(l, &b, &alice)->outcome.status, SEAL_LEDGER_OBJECT_NOT_FOUND);
    memset(&b, 0, sizeof b);
    call(&b, SEAL_LEDGER_PATTERNS_PACKAGE, "voting", "create_vote", 0, NULL);
    assert_int_equal(exec(l, &b, &alice)->outcome.status, SEAL_LEDGER_UNSUPPORTED);

    /* an abort leaves everything as it was, even what earlier commands did */
    allowlist_change(&b, l, "add", al, isv, cap, bob);
    assert_success(exec(l, &b, &alice));
    uint64_t v_al = version_of(l, al), v_cap = version_of(l, cap);
    n = tx_count(l);
    memset(&b, 0, sizeof b);
    seal_sui_argument x[4] = {in_shared(&b, al, isv, true), in_owned(&b, l, cap),
                              in_raw(&b, al, 32), in_raw(&b, bob, 32)};
    seal_sui_argument c1[3] = {x[0], x[1], x[2]}, c2[3] = {x[0], x[1], x[3]};
    call(&b, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "add", 3, c1); /* fine */
    call(&b, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "add", 3, c2); /* duplicate */
    r = exec(l, &b, &alice);
    assert_abort(r, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "add", 2);
    assert_int_equal(r->outcome.command, 1);
    assert_int_equal(version_of(l, al), v_al);
    assert_int_equal(version_of(l, cap), v_cap);
    assert_int_equal(allowlist_members(l, al, got), 1);
    assert_int_equal(tx_count(l), n + 1);
    /* another allowlist's Cap: EInvalidCap */
    make_allowlist(l, &alice, other_al, other_cap, &isv2);
    assert_memory_equal(other_al, al, 32); /* identical transaction: a replay, same objects */
    memset(&b, 0, sizeof b);
    a[0] = in_str(&b, "second");
    call(&b, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "create_allowlist_entry", 1, a);
    r = exec(l, &b, &alice);
    assert_success(r);
    memcpy(other_cap, created(r, "::allowlist::Cap")->id, 32);
    allowlist_change(&b, l, "remove", al, isv, other_cap, bob);
    assert_abort(exec(l, &b, &alice), SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "remove", 0);
    assert_int_equal(allowlist_members(l, al, got), 1);
    /* wrong argument kinds and counts */
    memset(&b, 0, sizeof b);
    seal_sui_argument y[3] = {in_raw(&b, al, 32), in_owned(&b, l, cap), in_raw(&b, bob, 32)};
    call(&b, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "add", 3, y);
    assert_int_equal(exec(l, &b, &alice)->outcome.status, SEAL_LEDGER_TYPE_MISMATCH);
    memset(&b, 0, sizeof b);
    seal_sui_argument z[2] = {in_shared(&b, al, isv, true), in_owned(&b, l, cap)};
    call(&b, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "add", 2, z);
    assert_int_equal(exec(l, &b, &alice)->outcome.status, SEAL_LEDGER_ARITY_MISMATCH);
    memset(&b, 0, sizeof b);
    seal_sui_argument w[3] = {in_shared(&b, al, isv, true), in_owned(&b, l, cap),
                              in_raw(&b, bob, 31)};
    call(&b, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "add", 3, w);
    assert_int_equal(exec(l, &b, &alice)->outcome.status, SEAL_LEDGER_INVALID_BCS);
    memset(&b, 0, sizeof b);
    uint8_t bad_utf8[3] = {2, 0xc3, 0x28};
    seal_sui_argument u[1] = {in_raw(&b, bad_utf8, 3)};
    call(&b, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "create_allowlist_entry", 1, u);
    assert_int_equal(exec(l, &b, &alice)->outcome.status, SEAL_LEDGER_INVALID_BCS);
    assert_int_equal(allowlist_members(l, al, got), 1);
    seal_ledger_close(l);
}

static void test_whitelist(void **state) {
    (void)state;
    seal_ledger *l = open_new();
    seal_sui_keypair alice;
    uint8_t wl[32], cap[32], bob[32];
    txb b;
    key(&alice, 1, SEAL_SUI_SCHEME_SECP256K1);
    memset(bob, 0xb0, 32);
    memset(&b, 0, sizeof b);
    call(&b, SEAL_LEDGER_PATTERNS_PACKAGE, "whitelist", "create_whitelist_entry", 0, NULL);
    seal_ledger_effects *e = exec(l, &b, &alice);
    assert_success(e);
    memcpy(wl, created(e, "::whitelist::Whitelist")->id, 32);
    memcpy(cap, created(e, "::whitelist::Cap")->id, 32);
    memset(&b, 0, sizeof b);
    seal_sui_argument a[3] = {in_shared(&b, wl, 1, true), in_owned(&b, l, cap),
                              in_raw(&b, bob, 32)};
    call(&b, SEAL_LEDGER_PATTERNS_PACKAGE, "whitelist", "add", 3, a);
    e = exec(l, &b, &alice);
    assert_success(e);
    assert_int_equal(e->n_created, 1); /* the table entry */
    uint8_t field[32];
    memcpy(field, e->created[0].id, 32);
    assert_true(exists(l, field));
    /* duplicate: abort 3 */
    memset(&b, 0, sizeof b);
    a[0] = in_shared(&b, wl, 1, true);
    a[1] = in_owned(&b, l, cap);
    a[2] = in_raw(&b, bob, 32);
    call(&b, SEAL_LEDGER_PATTERNS_PACKAGE, "whitelist", "add", 3, a);
    assert_abort(exec(l, &b, &alice), SEAL_LEDGER_PATTERNS_PACKAGE, "whitelist", "add", 3);
    /* remove: the entry is deleted */
    memset(&b, 0, sizeof b);
    a[0] = in_shared(&b, wl, 1, true);
    a[1] = in_owned(&b, l, cap);
    a[2] = in_raw(&b, bob, 32);
    call(&b, SEAL_LEDGER_PATTERNS_PACKAGE, "whitelist", "remove", 3, a);
    e = exec(l, &b, &alice);
    assert_success(e);
    assert_int_equal(e->n_deleted, 1);
    assert_memory_equal(e->deleted[0].id, field, 32);
    assert_false(exists(l, field));
    /* remove again: abort 4 */
    memset(&b, 0, sizeof b);
    a[0] = in_shared(&b, wl, 1, true);
    a[1] = in_owned(&b, l, cap);
    a[2] = in_raw(&b, bob, 32);
    call(&b, SEAL_LEDGER_PATTERNS_PACKAGE, "whitelist", "remove", 3, a);
    assert_abort(exec(l, &b, &alice), SEAL_LEDGER_PATTERNS_PACKAGE, "whitelist", "remove", 4);
    seal_ledger_close(l);
}

static void subscription_flow(bool example) {
    const uint8_t *pkg = example ? SEAL_LEDGER_EXAMPLES_PACKAGE : SEAL_LEDGER_PATTERNS_PACKAGE;
    seal_ledger *l = open_new();
    seal_sui_keypair alice, bob;
    uint8_t svc[32], svc_cap[32], bob_addr[32], carol[32], sub[32];
    txb b;
    key(&alice, 1, SEAL_SUI_SCHEME_ED25519);
    key(&bob, 2, SEAL_SUI_SCHEME_ED25519);
    seal_sui_keypair_address(bob_addr, &bob);
    memset(carol, 0xc0, 32);
    memset(&b, 0, sizeof b);
    seal_sui_argument a[3] = {in_u64(&b, 10), in_u64(&b, 60000), in_str(&b, "news")};
    call(&b, pkg, "subscription", "create_service_entry", example ? 3 : 2, a);
    seal_ledger_effects *e = exec(l, &b, &alice);
    assert_success(e);
    memcpy(svc, created(e, "::subscription::Service")->id, 32);
    assert_int_equal(e->n_created, example ? 2 : 1);
    if (example)
        memcpy(svc_cap, created(e, "::subscription::Cap")->id, 32);
    /* bob subscribes: split the gas coin, subscribe, transfer to himself */
    memset(&b, 0, sizeof b);
    split_gas(&b, in_u64(&b, 10));
    seal_sui_argument s[3] = {result(0), in_shared(&b, svc, 1, false),
                              in_shared(&b, SEAL_LEDGER_CLOCK_ID, 1, false)};
    call(&b, pkg, "subscription", "subscribe", 3, s);
    seal_sui_argument t[2] = {result(1), in_raw(&b, bob_addr, 32)};
    call(&b, pkg, "subscription", "transfer", 2, t);
    e = exec(l, &b, &bob);
    assert_success(e);
    assert_int_equal(e->n_created, 1);
    assert_int_equal(e->n_mutated, 0); /* Service and Clock are read-only inputs */
    memcpy(sub, created(e, "::subscription::Subscription")->id, 32);
    assert_memory_equal(e->created[0].owner.address, bob_addr, 32);
    assert_int_equal(version_of(l, svc), 1);
    /* wrong fee: EInvalidFee */
    memset(&b, 0, sizeof b);
    split_gas(&b, in_u64(&b, 9));
    seal_sui_argument s2[3] = {nested(0, 0), in_shared(&b, svc, 1, false),
                               in_shared(&b, SEAL_LEDGER_CLOCK_ID, 1, false)};
    call(&b, pkg, "subscription", "subscribe", 3, s2);
    t[0] = result(1);
    t[1] = in_raw(&b, bob_addr, 32);
    call(&b, pkg, "subscription", "transfer", 2, t);
    assert_abort(exec(l, &b, &bob), pkg, "subscription", "subscribe", example ? 1 : 12);
    /* a result left unused */
    memset(&b, 0, sizeof b);
    split_gas(&b, in_u64(&b, 10));
    seal_sui_argument s3[3] = {result(0), in_shared(&b, svc, 1, false),
                               in_shared(&b, SEAL_LEDGER_CLOCK_ID, 1, false)};
    call(&b, pkg, "subscription", "subscribe", 3, s3);
    e = exec(l, &b, &bob);
    assert_int_equal(e->outcome.status, SEAL_LEDGER_UNSUPPORTED);
    assert_non_null(strstr(e->outcome.message, "UnusedValueWithoutDrop"));
    /* the coin moved twice */
    memset(&b, 0, sizeof b);
    split_gas(&b, in_u64(&b, 10));
    seal_sui_argument s4[3] = {result(0), in_shared(&b, svc, 1, false),
                               in_shared(&b, SEAL_LEDGER_CLOCK_ID, 1, false)};
    call(&b, pkg, "subscription", "subscribe", 3, s4);
    call(&b, pkg, "subscription", "subscribe", 3, s4);
    assert_int_equal(exec(l, &b, &bob)->outcome.status, SEAL_LEDGER_TYPE_MISMATCH);
    /* a Subscription has no store: TransferObjects refuses it, the module's transfer works */
    memset(&b, 0, sizeof b);
    transfer(&b, in_owned(&b, l, sub), in_raw(&b, carol, 32));
    assert_int_equal(exec(l, &b, &bob)->outcome.status, SEAL_LEDGER_TYPE_MISMATCH);
    memset(&b, 0, sizeof b);
    seal_sui_argument t2[2] = {in_owned(&b, l, sub), in_raw(&b, carol, 32)};
    call(&b, pkg, "subscription", "transfer", 2, t2);
    e = exec(l, &b, &bob);
    assert_success(e);
    assert_int_equal(e->n_mutated, 1);
    assert_memory_equal(e->mutated[0].owner.address, carol, 32);
    if (example) {
        memset(&b, 0, sizeof b);
        seal_sui_argument p[3] = {in_shared(&b, svc, 1, true), in_owned(&b, l, svc_cap),
                                  in_str(&b, "blob")};
        call(&b, pkg, "subscription", "publish", 3, p);
        assert_success(exec(l, &b, &alice));
        assert_int_equal(version_of(l, svc), 2);
        memset(&b, 0, sizeof b);
        p[0] = in_shared(&b, svc, 1, true);
        p[1] = in_owned(&b, l, svc_cap);
        p[2] = in_str(&b, "blob");
        call(&b, pkg, "subscription", "publish", 3, p);
        uint8_t two[32] = {[31] = 2};
        assert_abort(exec(l, &b, &alice), two, "dynamic_field", "add", 0);
    }
    seal_ledger_close(l);
}

static void test_subscription_patterns(void **state) {
    (void)state;
    subscription_flow(false);
}

static void test_subscription_examples(void **state) {
    (void)state;
    subscription_flow(true);
}

static void test_private_data(void **state) {
    (void)state;
    seal_ledger *l = open_new();
    seal_sui_keypair alice;
    uint8_t a_addr[32], carol[32];
    txb b;
    key(&alice, 1, SEAL_SUI_SCHEME_ED25519);
    seal_sui_keypair_address(a_addr, &alice);
    memset(carol, 0xc0, 32);
    memset(&b, 0, sizeof b);
    seal_sui_argument a[2] = {in_bytes(&b, (const uint8_t *)"n1", 2),
                              in_bytes(&b, (const uint8_t *)"secret", 6)};
    call(&b, SEAL_LEDGER_PATTERNS_PACKAGE, "private_data", "store_entry", 2, a);
    seal_ledger_effects *e = exec(l, &b, &alice);
    assert_success(e);
    assert_memory_equal(created(e, "::private_data::PrivateData")->owner.address, a_addr, 32);
    /* store returns the object: transfer it (it has store) */
    memset(&b, 0, sizeof b);
    a[0] = in_bytes(&b, (const uint8_t *)"n2", 2);
    a[1] = in_bytes(&b, (const uint8_t *)"data", 4);
    call(&b, SEAL_LEDGER_PATTERNS_PACKAGE, "private_data", "store", 2, a);
    transfer(&b, result(0), in_raw(&b, carol, 32));
    e = exec(l, &b, &alice);
    assert_success(e);
    assert_int_equal(e->n_created, 1);
    assert_memory_equal(e->created[0].owner.address, carol, 32);
    seal_ledger_close(l);
}

static void test_key_server(void **state) {
    (void)state;
    seal_ledger *l = open_new();
    seal_sui_keypair alice;
    uint8_t pk[96], a_addr[32];
    seal_g2 g;
    txb b;
    key(&alice, 1, SEAL_SUI_SCHEME_ED25519);
    seal_sui_keypair_address(a_addr, &alice);
    seal_g2_generator(&g);
    seal_g2_compress(pk, &g);
    memset(&b, 0, sizeof b);
    uint8_t zero = 0, one = 1;
    seal_sui_argument a[4] = {in_str(&b, "ks1"), in_str(&b, "http://127.0.0.1:1"),
                              in_raw(&b, &zero, 1), in_bytes(&b, pk, 96)};
    call(&b, SEAL_LEDGER_SEAL_PACKAGE, "key_server", "create_and_transfer_v2_independent_server", 4,
         a);
    seal_ledger_effects *e = exec(l, &b, &alice);
    assert_success(e);
    assert_int_equal(e->n_created, 2);
    const seal_ledger_effect_object *ks = created(e, "::key_server::KeyServer");
    assert_memory_equal(ks->owner.address, a_addr, 32);
    uint8_t field[32];
    seal_ledger_key_server_field_id(field, ks->id, 2);
    assert_true(exists(l, field));
    /* key type 1: abort 1; a 95-byte key: group_ops abort */
    memset(&b, 0, sizeof b);
    a[0] = in_str(&b, "ks2");
    a[1] = in_str(&b, "http://127.0.0.1:2");
    a[2] = in_raw(&b, &one, 1);
    a[3] = in_bytes(&b, pk, 96);
    call(&b, SEAL_LEDGER_SEAL_PACKAGE, "key_server", "create_and_transfer_v2_independent_server", 4,
         a);
    assert_abort(exec(l, &b, &alice), SEAL_LEDGER_SEAL_PACKAGE, "key_server",
                 "create_and_transfer_v2_independent_server", 1);
    memset(&b, 0, sizeof b);
    a[0] = in_str(&b, "ks2");
    a[1] = in_str(&b, "http://127.0.0.1:2");
    a[2] = in_raw(&b, &zero, 1);
    a[3] = in_bytes(&b, pk, 95);
    call(&b, SEAL_LEDGER_SEAL_PACKAGE, "key_server", "create_and_transfer_v2_independent_server", 4,
         a);
    uint8_t two[32] = {[31] = 2};
    assert_abort(exec(l, &b, &alice), two, "group_ops", "from_bytes", 1);
    seal_ledger_close(l);
}

/* A Seal EncryptedObject (HMAC-CTR) for a vote: id = vote id, package 0x0, aad = voter. */
static size_t vote_ciphertext(uint8_t *out, size_t cap, const uint8_t vote[32],
                              const uint8_t voter[32], const uint8_t (*ks)[32], size_t n) {
    seal_object *e = calloc(1, sizeof *e);
    seal_g2 g;
    size_t len = 0;
    assert_non_null(e);
    seal_g2_generator(&g);
    e->id = vote;
    e->id_len = 32;
    e->n_services = n;
    for (size_t i = 0; i < n; i++) {
        memcpy(e->service_ids[i], ks[i], 32);
        e->service_indices[i] = (uint8_t)(i + 1);
        memset(e->encrypted_shares[i], (int)i, 32);
    }
    e->threshold = (uint8_t)n;
    e->ibe_type = SEAL_IBE_BONEH_FRANKLIN_BLS12381;
    seal_g2_compress(e->nonce, &g);
    e->dem = SEAL_DEM_HMAC_256_CTR;
    e->blob = voter;
    e->blob_len = 32;
    e->has_aad = true;
    e->aad = voter;
    e->aad_len = 32;
    assert_int_equal(seal_object_encode(out, cap, &len, e), SEAL_OK);
    free(e);
    return len;
}

static void test_voting_cast(void **state) {
    (void)state;
    seal_ledger *l = open_new();
    seal_sui_keypair v1, carol;
    uint8_t voters[1][32], ks[2][32], pks[2][96], vote[32], ct[2048], c_addr[32];
    seal_ledger_outcome o;
    seal_g2 g;
    txb b;
    key(&v1, 7, SEAL_SUI_SCHEME_ED25519);
    key(&carol, 8, SEAL_SUI_SCHEME_ED25519);
    seal_sui_keypair_address(voters[0], &v1);
    seal_sui_keypair_address(c_addr, &carol);
    seal_g2_generator(&g);
    for (int i = 0; i < 2; i++) {
        memset(ks[i], 0x40 + i, 32);
        seal_g2_compress(pks[i], &g);
    }
    assert_int_equal(seal_ledger_voting_create(l, c_addr, voters, 1, 2, ks, pks, 2, 2, vote, &o),
                     SEAL_OK);
    size_t n = vote_ciphertext(ct, sizeof ct, vote, voters[0], ks, 2);
    memset(&b, 0, sizeof b);
    seal_sui_argument a[2] = {in_shared(&b, vote, 1, true), in_bytes(&b, ct, n)};
    call(&b, SEAL_LEDGER_PATTERNS_PACKAGE, "voting", "cast_vote", 2, a);
    /* carol casts the voter's ciphertext: aad != sender */
    seal_ledger_effects *e = exec(l, &b, &carol);
    assert_abort(e, SEAL_LEDGER_PATTERNS_PACKAGE, "voting", "cast_vote", 1);
    assert_int_equal(version_of(l, vote), 1);
    /* the voter */
    e = exec(l, &b, &v1);
    assert_success(e);
    assert_int_equal(e->n_mutated, 1);
    assert_int_equal(version_of(l, vote), 2);
    /* malformed object */
    memset(&b, 0, sizeof b);
    a[0] = in_shared(&b, vote, 1, true);
    a[1] = in_bytes(&b, ct, n - 1);
    call(&b, SEAL_LEDGER_PATTERNS_PACKAGE, "voting", "cast_vote", 2, a);
    assert_abort(exec(l, &b, &v1), SEAL_LEDGER_SEAL_PACKAGE, "bf_hmac_encryption",
                 "parse_encrypted_object", 3);
    seal_ledger_close(l);
}

static void test_owned_inputs_bumped(void **state) {
    (void)state;
    seal_ledger *l = open_new();
    seal_sui_keypair alice;
    uint8_t al[32], cap[32], pd[32], carol[32];
    uint64_t isv = 0;
    txb b;
    key(&alice, 1, SEAL_SUI_SCHEME_ED25519);
    memset(carol, 0xc0, 32);
    make_allowlist(l, &alice, al, cap, &isv);
    memset(&b, 0, sizeof b);
    seal_sui_argument a[2] = {in_bytes(&b, (const uint8_t *)"n", 1),
                              in_bytes(&b, (const uint8_t *)"d", 1)};
    call(&b, SEAL_LEDGER_PATTERNS_PACKAGE, "private_data", "store_entry", 2, a);
    seal_ledger_effects *e = exec(l, &b, &alice);
    assert_success(e);
    memcpy(pd, e->created[0].id, 32);
    /* an owned Cap passed but unused is still bumped; TransferObjects of PrivateData */
    memset(&b, 0, sizeof b);
    seal_sui_argument c = in_owned(&b, l, cap);
    (void)c;
    transfer(&b, in_owned(&b, l, pd), in_raw(&b, carol, 32));
    e = exec(l, &b, &alice);
    assert_success(e);
    assert_int_equal(e->n_mutated, 2);
    assert_int_equal(e->lamport_version, 2);
    assert_int_equal(version_of(l, cap), 2);
    assert_int_equal(version_of(l, pd), 2);
    seal_ledger_close(l);
}

/* ---- voting::finalize_vote ---- */

typedef struct vote_setup {
    uint8_t msk[2][32], pk[2][96], ks[2][32], vote[32], keys[2][48];
    seal_sui_keypair voters[4];
} vote_setup;

/* A vote of 4 voters over 3 options with 2 key servers (threshold 2); every voter casts a
 * signed vote: options 1, 1, 2 and an invalid 7. */
static void make_vote(seal_ledger *l, vote_setup *v, uint8_t seed) {
    uint8_t addrs[4][32], creator[32], full_id[64];
    seal_ledger_outcome o;
    const uint8_t choice[4] = {1, 1, 2, 7};
    memset(creator, 0xcc, 32);
    for (int i = 0; i < 2; i++) {
        assert_int_equal(seal_keys_generate(v->msk[i], v->pk[i], NULL), SEAL_OK);
        memset(v->ks[i], seed + i, 32);
    }
    for (int i = 0; i < 4; i++) {
        key(&v->voters[i], (uint8_t)(seed + 10 + i), SEAL_SUI_SCHEME_ED25519);
        seal_sui_keypair_address(addrs[i], &v->voters[i]);
    }
    assert_int_equal(seal_ledger_voting_create(l, creator, (const uint8_t(*)[32])addrs, 4, 3,
                                               (const uint8_t(*)[32])v->ks,
                                               (const uint8_t(*)[96])v->pk, 2, 2, v->vote, &o),
                     SEAL_OK);
    assert_int_equal(o.status, SEAL_LEDGER_SUCCESS);
    memset(full_id, 0, 32);
    memcpy(full_id + 32, v->vote, 32);
    for (int i = 0; i < 2; i++)
        assert_int_equal(seal_keys_extract(v->keys[i], v->msk[i], full_id, 64), SEAL_OK);
    seal_key_server servers[2];
    for (int i = 0; i < 2; i++) {
        memcpy(servers[i].object_id, v->ks[i], 32);
        memcpy(servers[i].public_key, v->pk[i], 96);
        servers[i].weight = 1;
    }
    static const uint8_t zero[32] = {0};
    for (int i = 0; i < 4; i++) {
        uint8_t ct[1024];
        size_t n = 0;
        seal_encrypt_params p = {zero,     v->vote, 32,    servers, 2, 2, SEAL_DEM_HMAC_256_CTR,
                                 addrs[i], 32,      false, NULL};
        assert_int_equal(seal_encrypt(ct, sizeof ct, &n, NULL, &p, &choice[i], 1, NULL), SEAL_OK);
        txb b;
        memset(&b, 0, sizeof b);
        seal_sui_argument a[2] = {in_shared(&b, v->vote, 1, true), in_bytes(&b, ct, n)};
        call(&b, SEAL_LEDGER_PATTERNS_PACKAGE, "voting", "cast_vote", 2, a);
        assert_success(exec(l, &b, &v->voters[i]));
    }
}

/* finalize_vote(vote, keys[0..n), servers[0..m)) as a signed transaction. */
static seal_ledger_effects *finalize_tx(seal_ledger *l, const vote_setup *v,
                                        const uint8_t (*keys)[48], size_t n, size_t key_len,
                                        const uint8_t (*servers)[32], size_t m) {
    txb b;
    uint8_t kv[400], sv[200];
    seal_bcs_writer w;
    memset(&b, 0, sizeof b);
    seal_bcs_writer_init(&w, kv, sizeof kv);
    seal_bcs_write_uleb128(&w, n);
    for (size_t i = 0; i < n; i++)
        seal_bcs_write_bytes(&w, keys[i], key_len);
    size_t kl = w.len;
    seal_bcs_writer_init(&w, sv, sizeof sv);
    seal_bcs_write_uleb128(&w, m);
    for (size_t i = 0; i < m; i++)
        seal_bcs_write_fixed(&w, servers[i], 32);
    seal_sui_argument a[3] = {in_shared(&b, v->vote, 1, true), in_raw(&b, kv, kl),
                              in_raw(&b, sv, w.len)};
    call(&b, SEAL_LEDGER_PATTERNS_PACKAGE, "voting", "finalize_vote", 3, a);
    return exec(l, &b, &v->voters[0]);
}

static void test_voting_finalize(void **state) {
    (void)state;
    seal_ledger *l = open_new();
    vote_setup *v = calloc(1, sizeof *v), *w = calloc(1, sizeof *w);
    seal_ledger_outcome o;
    uint64_t counts[256];
    uint8_t n_options = 0, anyone[32];
    uint8_t one[32] = {[31] = 1}, two[32] = {[31] = 2};
    assert_non_null(v);
    assert_non_null(w);
    memset(anyone, 0xee, 32);
    make_vote(l, v, 0x40);
    const uint8_t(*K)[48] = (const uint8_t(*)[48])v->keys;
    const uint8_t(*S)[32] = (const uint8_t(*)[32])v->ks;
    uint64_t version = version_of(l, v->vote);
    /* fewer keys than the threshold */
    assert_abort(finalize_tx(l, v, K, 1, 48, S, 1), SEAL_LEDGER_PATTERNS_PACKAGE, "voting",
                 "finalize_vote", 4);
    /* as many key servers as keys */
    assert_abort(finalize_tx(l, v, K, 2, 48, S, 1), SEAL_LEDGER_PATTERNS_PACKAGE, "voting",
                 "finalize_vote", 0);
    /* keys in the wrong order: they do not verify */
    uint8_t swapped[2][32];
    memcpy(swapped[0], v->ks[1], 32);
    memcpy(swapped[1], v->ks[0], 32);
    assert_abort(finalize_tx(l, v, K, 2, 48, (const uint8_t(*)[32])swapped, 2),
                 SEAL_LEDGER_SEAL_PACKAGE, "bf_hmac_encryption", "verify_derived_keys", 5);
    /* a key that is not a G1 point (47 bytes) */
    assert_abort(finalize_tx(l, v, K, 2, 47, S, 2), two, "group_ops", "from_bytes", 1);
    /* a key server that is not the vote's */
    uint8_t other[2][32];
    memcpy(other[0], v->ks[0], 32);
    memset(other[1], 0x99, 32);
    assert_abort(finalize_tx(l, v, K, 2, 48, (const uint8_t(*)[32])other, 2), one, "option",
                 "destroy_some", 0x40001);
    /* the same key server twice */
    uint8_t dup_keys[2][48], dup_ks[2][32];
    memcpy(dup_keys[0], v->keys[0], 48);
    memcpy(dup_keys[1], v->keys[0], 48);
    memcpy(dup_ks[0], v->ks[0], 32);
    memcpy(dup_ks[1], v->ks[0], 32);
    assert_abort(
        finalize_tx(l, v, (const uint8_t(*)[48])dup_keys, 2, 48, (const uint8_t(*)[32])dup_ks, 2),
        SEAL_LEDGER_SEAL_PACKAGE, "bf_hmac_encryption", "assert_all_unique", 0);
    assert_int_equal(version_of(l, v->vote), version);
    /* the tally (library call): options 1, 1, 2 and an ignored 7 */
    assert_int_equal(
        seal_ledger_voting_finalize(l, anyone, v->vote, K, S, 2, counts, 256, &n_options, &o),
        SEAL_OK);
    assert_int_equal(o.status, SEAL_LEDGER_SUCCESS);
    assert_int_equal(n_options, 3);
    assert_int_equal(counts[0], 0);
    assert_int_equal(counts[1], 2);
    assert_int_equal(counts[2], 1);
    assert_int_equal(version_of(l, v->vote), version + 1);
    assert_int_equal(
        seal_ledger_voting_finalize(l, anyone, v->vote, K, S, 2, counts, 256, &n_options, &o),
        SEAL_OK);
    assert_int_equal(o.status, SEAL_LEDGER_ABORT);
    assert_int_equal(o.abort_code, 3);
    /* a second vote finalized by a signed transaction (keys in the other order are fine) */
    make_vote(l, w, 0x50);
    uint8_t rk[2][48], rs[2][32];
    memcpy(rk[0], w->keys[1], 48);
    memcpy(rk[1], w->keys[0], 48);
    memcpy(rs[0], w->ks[1], 32);
    memcpy(rs[1], w->ks[0], 32);
    seal_ledger_effects *e =
        finalize_tx(l, w, (const uint8_t(*)[48])rk, 2, 48, (const uint8_t(*)[32])rs, 2);
    assert_success(e);
    assert_int_equal(e->n_mutated, 1);
    /* the same bytes again are a replay; another transaction aborts */
    e = finalize_tx(l, w, (const uint8_t(*)[48])rk, 2, 48, (const uint8_t(*)[32])rs, 2);
    assert_success(e);
    assert_abort(
        finalize_tx(l, w, (const uint8_t(*)[48])w->keys, 2, 48, (const uint8_t(*)[32])w->ks, 2),
        SEAL_LEDGER_PATTERNS_PACKAGE, "voting", "finalize_vote", 3);
    free(v);
    free(w);
    seal_ledger_close(l);
}

/* Durability: a child executes signed transactions in a loop and reports each acknowledged
 * digest through a pipe; it is killed with SIGKILL at a random moment, repeatedly. After each
 * kill the ledger opens and every acknowledged transaction is there with its objects. */
static void test_durability_sigkill(void **state) {
    (void)state;
    seal_ledger *l = open_new();
    seal_ledger_close(l);
    seal_sui_keypair alice;
    key(&alice, 1, SEAL_SUI_SCHEME_ED25519);
    size_t total = 0;
    srand((unsigned)time(NULL));
    for (int round = 0; round < 8; round++) {
        int fds[2];
        assert_int_equal(pipe(fds), 0);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            close(fds[0]);
            seal_ledger *w = NULL;
            if (seal_ledger_open(&w, g_path) != SEAL_OK)
                _exit(2);
            for (unsigned i = 0;; i++) {
                char name[64];
                txb b;
                seal_ledger_effects e;
                uint8_t sender[32];
                memset(&b, 0, sizeof b);
                snprintf(name, sizeof name, "round %d item %u", round, i);
                seal_sui_argument a[1] = {in_str(&b, name)};
                call(&b, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "create_allowlist_entry", 1, a);
                seal_sui_keypair_address(sender, &alice);
                if (exec_as(w, &b, &alice, sender, &e) != SEAL_OK ||
                    e.outcome.status != SEAL_LEDGER_SUCCESS)
                    _exit(3);
                uint8_t ack[64];
                memcpy(ack, e.digest, 32);
                memcpy(ack + 32, e.created[0].id, 32);
                if (write(fds[1], ack, 64) != 64)
                    _exit(4);
            }
        }
        close(fds[1]);
        struct timespec ts = {0, (long)(40 + rand() % 120) * 1000000L};
        nanosleep(&ts, NULL);
        kill(pid, SIGKILL);
        int status = 0;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
        uint8_t ack[64];
        size_t acked = 0;
        assert_int_equal(seal_ledger_open(&l, g_path), SEAL_OK);
        for (;;) {
            ssize_t r = read(fds[0], ack, sizeof ack);
            if (r <= 0)
                break;
            assert_int_equal(r, 64);
            seal_ledger_effects e;
            bool found = false;
            assert_int_equal(seal_ledger_transaction_get(l, ack, &e, &found), SEAL_OK);
            assert_true(found);
            assert_int_equal(e.outcome.status, SEAL_LEDGER_SUCCESS);
            assert_true(exists(l, ack + 32));
            acked++;
        }
        close(fds[0]);
        assert_true(tx_count(l) >= total + acked);
        total = tx_count(l);
        seal_ledger_close(l);
    }
    assert_true(total > 0);
    print_message("durability: %zu transactions over 8 kills\n", total);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_allowlist_flow, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wrong_signer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sponsored_needs_both, setup, teardown),
        cmocka_unit_test_setup_teardown(test_multisig_sender, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wrong_version_and_inputs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_replay, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_function_and_abort, setup, teardown),
        cmocka_unit_test_setup_teardown(test_whitelist, setup, teardown),
        cmocka_unit_test_setup_teardown(test_subscription_patterns, setup, teardown),
        cmocka_unit_test_setup_teardown(test_subscription_examples, setup, teardown),
        cmocka_unit_test_setup_teardown(test_private_data, setup, teardown),
        cmocka_unit_test_setup_teardown(test_key_server, setup, teardown),
        cmocka_unit_test_setup_teardown(test_voting_cast, setup, teardown),
        cmocka_unit_test_setup_teardown(test_owned_inputs_bumped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_voting_finalize, setup, teardown),
        cmocka_unit_test_setup_teardown(test_durability_sigkill, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
