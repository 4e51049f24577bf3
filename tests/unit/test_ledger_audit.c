/*
 * The ledger's audit_log module (src/ledger/audit_log.c, include/seal/ledger_audit.h): AuditLog
 * objects created by library calls and by signed transactions through the chain layer
 * (seal_audit_anchor_create / _post), newer heads of the key accepted, and every refusal with
 * its abort code: a key that is not 32 bytes, malformed heads, a size that does not grow, a
 * signature of another key or of other bytes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "seal/audit.h"
#include "seal/audit_anchor.h"
#include "seal/chain.h"
#include "seal/ledger.h"
#include "seal/ledger_audit.h"
#include "seal/sui_sig.h"
#include "testutil.h"

static char DIR_[256];
static seal_chain *CHAIN;
static seal_sui_keypair OPERATOR;
static uint8_t SK[32], PK[32];

static int setup(void **state) {
    (void)state;
    char spec[300];
    uint8_t secret[32];
    if (!tu_tempdir(DIR_, sizeof DIR_, "seal-ledger-audit-"))
        return -1;
    snprintf(spec, sizeof spec, "embedded:%s", DIR_);
    seal_chain_options o = {.create = true};
    if (seal_chain_open(&CHAIN, spec, &o) != SEAL_OK)
        return -1;
    memset(secret, 0x21, 32);
    if (seal_sui_keypair_from_secret(&OPERATOR, SEAL_SUI_SCHEME_ED25519, secret) != SEAL_OK)
        return -1;
    return seal_audit_keygen(SK, PK) == SEAL_OK ? 0 : -1;
}

static int teardown(void **state) {
    (void)state;
    seal_chain_close(CHAIN);
    seal_sui_keypair_clear(&OPERATOR);
    return tu_rmtree(DIR_);
}

/* A signed head of the tree of n leaves "0", "1", ... */
static void head_of(seal_audit_tree_head *h, uint64_t n, uint64_t ts, const uint8_t sk[32]) {
    seal_audit_frontier f;
    seal_audit_frontier_init(&f);
    for (uint64_t i = 0; i < n; i++) {
        uint8_t leaf[32], d = (uint8_t)i;
        seal_audit_leaf_hash(leaf, &d, 1);
        assert_int_equal(seal_audit_frontier_append(&f, leaf, NULL, NULL), SEAL_OK);
    }
    memset(h, 0, sizeof *h);
    h->tree_size = n;
    h->timestamp_ms = ts;
    seal_audit_frontier_root(&f, h->root);
    assert_int_equal(seal_audit_tree_head_sign(h, sk), SEAL_OK);
}

static void expect_abort(const seal_ledger_effects *e, uint64_t code) {
    assert_int_equal(e->outcome.status, SEAL_LEDGER_ABORT);
    assert_string_equal(e->outcome.abort_module, "audit_log");
    assert_int_equal(e->outcome.abort_code, code);
    assert_memory_equal(e->outcome.abort_package, SEAL_LEDGER_AUDIT_PACKAGE, 32);
}

static void test_signed_transactions(void **state) {
    (void)state;
    seal_ledger_effects e;
    uint8_t obj[32];
    assert_int_equal(seal_audit_anchor_create(CHAIN, &OPERATOR, NULL, PK, obj, &e), SEAL_OK);
    assert_int_equal(e.outcome.status, SEAL_LEDGER_SUCCESS);
    seal_ledger_audit_log a;
    assert_int_equal(seal_audit_anchor_read(CHAIN, NULL, obj, &a), SEAL_OK);
    assert_memory_equal(a.public_key, PK, 32);
    uint8_t id[32], empty[32];
    seal_audit_log_id(id, PK);
    assert_memory_equal(a.log_id, id, 32);
    assert_int_equal(a.head.tree_size, 0);
    seal_audit_empty_root(empty);
    assert_memory_equal(a.head.root, empty, 32);

    seal_audit_tree_head h5, h9, h9b;
    head_of(&h5, 5, 1000, SK);
    head_of(&h9, 9, 2000, SK);
    assert_int_equal(seal_audit_anchor_post(CHAIN, &OPERATOR, NULL, obj, &h5, &e), SEAL_OK);
    assert_int_equal(e.outcome.status, SEAL_LEDGER_SUCCESS);
    assert_int_equal(seal_audit_anchor_read(CHAIN, NULL, obj, &a), SEAL_OK);
    assert_int_equal(a.head.tree_size, 5);
    assert_int_equal(a.head.timestamp_ms, 1000);
    assert_memory_equal(a.head.root, h5.root, 32);
    assert_int_equal(seal_audit_tree_head_verify(&a.head, a.public_key), SEAL_OK);
    /* the same size again, a smaller one: the size must grow */
    assert_int_equal(seal_audit_anchor_post(CHAIN, &OPERATOR, NULL, obj, &h5, &e), SEAL_OK);
    expect_abort(&e, SEAL_LEDGER_AUDIT_ESIZE_NOT_GROWING);
    /* a head signed by another key */
    uint8_t sk2[32], pk2[32];
    assert_int_equal(seal_audit_keygen(sk2, pk2), SEAL_OK);
    head_of(&h9b, 9, 2000, sk2);
    assert_int_equal(seal_audit_anchor_post(CHAIN, &OPERATOR, NULL, obj, &h9b, &e), SEAL_OK);
    expect_abort(&e, SEAL_LEDGER_AUDIT_EINVALID_SIGNATURE);
    /* the key's signature over other bytes (the root changed after signing) */
    h9b = h9;
    h9b.root[0] ^= 1;
    assert_int_equal(seal_audit_anchor_post(CHAIN, &OPERATOR, NULL, obj, &h9b, &e), SEAL_OK);
    expect_abort(&e, SEAL_LEDGER_AUDIT_EINVALID_SIGNATURE);
    h9b = h9;
    h9b.timestamp_ms++;
    assert_int_equal(seal_audit_anchor_post(CHAIN, &OPERATOR, NULL, obj, &h9b, &e), SEAL_OK);
    expect_abort(&e, SEAL_LEDGER_AUDIT_EINVALID_SIGNATURE);
    /* anyone may post a valid head (the operator's key is not needed) */
    seal_sui_keypair other;
    uint8_t s[32];
    memset(s, 0x5c, 32);
    assert_int_equal(seal_sui_keypair_from_secret(&other, SEAL_SUI_SCHEME_ED25519, s), SEAL_OK);
    assert_int_equal(seal_audit_anchor_post(CHAIN, &other, NULL, obj, &h9, &e), SEAL_OK);
    assert_int_equal(e.outcome.status, SEAL_LEDGER_SUCCESS);
    assert_int_equal(seal_audit_anchor_read(CHAIN, NULL, obj, &a), SEAL_OK);
    assert_int_equal(a.head.tree_size, 9);
    seal_sui_keypair_clear(&other);
    /* not an AuditLog */
    assert_int_equal(seal_audit_anchor_read(CHAIN, NULL, SEAL_LEDGER_CLOCK_ID, &a),
                     SEAL_ERR_INVALID_ARGUMENT);
    seal_memzero(sk2, 32);
}

static void test_library_calls(void **state) {
    (void)state;
    char path[512];
    seal_ledger *l = NULL;
    seal_ledger_outcome o;
    uint8_t sender[32] = {1}, obj[32];
    snprintf(path, sizeof path, "%s/ledger.db", DIR_);
    assert_int_equal(seal_ledger_open(&l, path), SEAL_OK);
    assert_int_equal(seal_ledger_audit_log_create(l, sender, PK, 31, obj, &o), SEAL_OK);
    assert_int_equal(o.status, SEAL_LEDGER_ABORT);
    assert_int_equal(o.abort_code, SEAL_LEDGER_AUDIT_EINVALID_KEY);
    assert_int_equal(seal_ledger_audit_log_create(l, sender, PK, 32, obj, &o), SEAL_OK);
    assert_int_equal(o.status, SEAL_LEDGER_SUCCESS);
    seal_ledger_object ob;
    bool found = false;
    assert_int_equal(seal_ledger_object_get(l, obj, &ob, &found), SEAL_OK);
    assert_true(found);
    assert_int_equal(ob.owner.kind, SEAL_SUI_OWNER_SHARED);
    assert_true(seal_ledger_audit_log_type_is(ob.type, ob.type_len, SEAL_LEDGER_AUDIT_PACKAGE));
    uint64_t v1 = ob.version;
    seal_ledger_object_clear(&ob);
    seal_audit_tree_head h;
    head_of(&h, 3, 77, SK);
    assert_int_equal(seal_ledger_audit_log_anchor(l, sender, obj, &h, &o), SEAL_OK);
    assert_int_equal(o.status, SEAL_LEDGER_SUCCESS);
    assert_int_equal(seal_ledger_object_get(l, obj, &ob, &found), SEAL_OK);
    assert_true(ob.version > v1);
    seal_ledger_audit_log a;
    assert_int_equal(seal_ledger_audit_log_decode(&a, ob.contents, ob.contents_len), SEAL_OK);
    assert_int_equal(a.head.tree_size, 3);
    assert_memory_equal(a.head.signature, h.signature, 64);
    /* every strict prefix of the contents is refused */
    for (size_t k = 0; k < ob.contents_len; k++)
        assert_int_not_equal(seal_ledger_audit_log_decode(&a, ob.contents, k), SEAL_OK);
    seal_ledger_object_clear(&ob);
    /* an abort leaves the object as it was */
    assert_int_equal(seal_ledger_audit_log_anchor(l, sender, obj, &h, &o), SEAL_OK);
    assert_int_equal(o.abort_code, SEAL_LEDGER_AUDIT_ESIZE_NOT_GROWING);
    /* the package is published */
    uint8_t orig[32];
    uint64_t version = 0;
    assert_int_equal(seal_ledger_package_get(l, SEAL_LEDGER_AUDIT_PACKAGE, orig, &version, &found),
                     SEAL_OK);
    assert_true(found);
    seal_ledger_close(l);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_signed_transactions),
        cmocka_unit_test(test_library_calls),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
