/* The embedded ledger: store, genesis, native policy modules, dry runs, durability. */
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"
#include "ledger_ptb.h"
#include "seal/bls12_381.h"
#include "seal/ledger.h"
#include "seal/object.h"
#include "seal/sui.h"
#include "seal/sui_tx.h"

#define T0 1700000000000ull

static char g_dir[64];
static char g_path[128];

static int setup(void **state) {
    (void)state;
    if (!tu_tempdir(g_dir, sizeof g_dir, "seal_ledger_"))
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

static void assert_abort(const seal_ledger_outcome *o, const uint8_t pkg[32], const char *module,
                         const char *function, uint64_t code) {
    assert_int_equal(o->status, SEAL_LEDGER_ABORT);
    assert_memory_equal(o->abort_package, pkg, 32);
    assert_string_equal(o->abort_module, module);
    assert_string_equal(o->abort_function, function);
    assert_int_equal(o->abort_code, code);
}

static uint64_t version_of(seal_ledger *l, const uint8_t id[32]) {
    seal_ledger_object o;
    bool found = false;
    assert_int_equal(seal_ledger_object_get(l, id, &o, &found), SEAL_OK);
    uint64_t v = o.version;
    /* The stored digest is the digest of the object's BCS. */
    static uint8_t buf[65536];
    uint8_t d[32];
    seal_bcs_writer w;
    seal_bcs_writer_init(&w, buf, sizeof buf);
    assert_int_equal(seal_ledger_object_bcs(&o, &w), SEAL_OK);
    assert_int_equal(seal_bcs_writer_finish(&w), SEAL_OK);
    seal_sui_object_digest(d, buf, w.len);
    assert_memory_equal(d, o.digest, 32);
    seal_sui_object so;
    assert_int_equal(seal_sui_object_decode(&so, buf, w.len), SEAL_OK);
    assert_int_equal(so.version, v);
    seal_ledger_object_clear(&o);
    return v;
}

/* ---- tests ---------------------------------------------------------------------------------- */

static void test_genesis(void **state) {
    (void)state;
    seal_ledger *l = open_new();
    uint8_t orig[32], pv[32];
    uint64_t ver = 0, ts = 0, n = 7;
    bool found = false;
    const uint8_t *pkgs[] = {SEAL_LEDGER_SEAL_PACKAGE, SEAL_LEDGER_PATTERNS_PACKAGE,
                             SEAL_LEDGER_EXAMPLES_PACKAGE};
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(seal_ledger_package_get(l, pkgs[i], orig, &ver, &found), SEAL_OK);
        assert_true(found);
        assert_memory_equal(orig, pkgs[i], 32);
        assert_int_equal(ver, 1);
    }
    assert_int_equal(seal_ledger_package_get(l, SEAL_LEDGER_CLOCK_ID, orig, &ver, &found), SEAL_OK);
    assert_false(found);
    assert_int_equal(seal_ledger_clock_get(l, &ts), SEAL_OK);
    assert_int_equal(ts, T0);
    seal_ledger_object o;
    assert_int_equal(seal_ledger_object_get(l, SEAL_LEDGER_CLOCK_ID, &o, &found), SEAL_OK);
    assert_int_equal(o.owner.kind, SEAL_SUI_OWNER_SHARED);
    assert_int_equal(o.owner.version, 1);
    assert_int_equal(o.version, 1);
    char type[128];
    assert_int_equal(seal_sui_type_tag_format(type, sizeof type, o.type, o.type_len, false),
                     SEAL_OK);
    assert_string_equal(type, "0x2::clock::Clock");
    seal_ledger_object_clear(&o);
    (void)version_of(l, SEAL_LEDGER_CLOCK_ID);
    seal_ledger_subscription_package_version_id(pv);
    assert_int_equal(seal_ledger_object_get(l, pv, &o, &found), SEAL_OK);
    assert_int_equal(o.owner.kind, SEAL_SUI_OWNER_SHARED);
    assert_int_equal(o.contents_len, 40);
    seal_ledger_object_clear(&o);
    uint8_t missing[32] = {9};
    assert_int_equal(seal_ledger_object_get(l, missing, &o, &found), SEAL_ERR_INVALID_ARGUMENT);
    assert_false(found);
    assert_int_equal(seal_ledger_transaction_count(l, &n), SEAL_OK);
    assert_int_equal(n, 0);
    assert_int_equal(seal_ledger_clock_advance(l, 5), SEAL_OK);
    assert_int_equal(seal_ledger_clock_set(l, T0), SEAL_ERR_INVALID_ARGUMENT);
    assert_int_equal(version_of(l, SEAL_LEDGER_CLOCK_ID), 2);
    seal_ledger_close(l);
    /* Reopening does not re-run genesis. */
    assert_int_equal(seal_ledger_open_ex(&l, g_path, 1), SEAL_OK);
    assert_int_equal(seal_ledger_clock_get(l, &ts), SEAL_OK);
    assert_int_equal(ts, T0 + 5);
    seal_ledger_close(l);
    seal_ledger *ro = NULL;
    assert_int_equal(seal_ledger_open_readonly(&ro, g_path), SEAL_OK);
    assert_int_equal(seal_ledger_clock_advance(ro, 1), SEAL_ERR_UNSUPPORTED);
    assert_int_equal(seal_ledger_clock_get(ro, &ts), SEAL_OK);
    assert_int_equal(ts, T0 + 5);
    seal_ledger_close(ro);
}

static void wl_approve_ptb(tu_ptb *b, const uint8_t wl[32], const uint8_t *id, size_t id_len) {
    memset(b, 0, sizeof *b);
    uint16_t a[2] = {tu_ptb_bytes(b, id, id_len), tu_ptb_shared(b, wl, 1, false)};
    tu_ptb_call(b, SEAL_LEDGER_PATTERNS_PACKAGE, "whitelist", "seal_approve", 2, a);
}

static void test_whitelist(void **state) {
    (void)state;
    seal_ledger *l = open_new();
    uint8_t owner[32], alice[32], bob[32], wl[32], cap[32], wl2[32], cap2[32], id[40];
    seal_ledger_outcome o;
    tu_ptb b;
    tu_addr(owner, 1);
    tu_addr(alice, 2);
    tu_addr(bob, 3);
    assert_int_equal(seal_ledger_whitelist_create(l, owner, wl, cap, &o), SEAL_OK);
    assert_int_equal(o.status, SEAL_LEDGER_SUCCESS);
    assert_int_equal(seal_ledger_whitelist_create(l, owner, wl2, cap2, &o), SEAL_OK);
    assert_memory_not_equal(wl, wl2, 32);
    assert_int_equal(version_of(l, wl), 1);
    assert_int_equal(seal_ledger_whitelist_add(l, owner, wl, cap, alice, &o), SEAL_OK);
    assert_int_equal(o.status, SEAL_LEDGER_SUCCESS);
    assert_int_equal(version_of(l, wl), 2);
    assert_int_equal(version_of(l, cap), 2);
    memcpy(id, wl, 32);
    memcpy(id + 32, "nonce123", 8);
    /* grant: member, id prefixed by the whitelist id (also exactly the id) */
    wl_approve_ptb(&b, wl, id, 40);
    assert_int_equal(tu_ptb_dry(l, &b, alice, &o), SEAL_LEDGER_SUCCESS);
    wl_approve_ptb(&b, wl, id, 32);
    assert_int_equal(tu_ptb_dry(l, &b, alice, &o), SEAL_LEDGER_SUCCESS);
    /* deny: non-member; wrong prefix; id shorter than the prefix */
    wl_approve_ptb(&b, wl, id, 40);
    tu_ptb_dry(l, &b, bob, &o);
    assert_abort(&o, SEAL_LEDGER_PATTERNS_PACKAGE, "whitelist", "seal_approve", 1);
    id[0] ^= 1;
    wl_approve_ptb(&b, wl, id, 40);
    tu_ptb_dry(l, &b, alice, &o);
    assert_abort(&o, SEAL_LEDGER_PATTERNS_PACKAGE, "whitelist", "seal_approve", 1);
    id[0] ^= 1;
    wl_approve_ptb(&b, wl, id, 31);
    tu_ptb_dry(l, &b, alice, &o);
    assert_abort(&o, SEAL_LEDGER_PATTERNS_PACKAGE, "whitelist", "seal_approve", 1);
    /* alice is not in the other whitelist */
    memcpy(id, wl2, 32);
    wl_approve_ptb(&b, wl2, id, 40);
    tu_ptb_dry(l, &b, alice, &o);
    assert_abort(&o, SEAL_LEDGER_PATTERNS_PACKAGE, "whitelist", "seal_approve", 1);
    memcpy(id, wl, 32);
    /* entry-function aborts */
    assert_int_equal(seal_ledger_whitelist_add(l, owner, wl, cap, alice, &o), SEAL_OK);
    assert_abort(&o, SEAL_LEDGER_PATTERNS_PACKAGE, "whitelist", "add", 3);
    assert_int_equal(seal_ledger_whitelist_remove(l, owner, wl, cap, bob, &o), SEAL_OK);
    assert_abort(&o, SEAL_LEDGER_PATTERNS_PACKAGE, "whitelist", "remove", 4);
    assert_int_equal(seal_ledger_whitelist_add(l, owner, wl, cap2, bob, &o), SEAL_OK);
    assert_abort(&o, SEAL_LEDGER_PATTERNS_PACKAGE, "whitelist", "add", 2);
    assert_int_equal(seal_ledger_whitelist_remove(l, owner, wl, cap2, alice, &o), SEAL_OK);
    assert_abort(&o, SEAL_LEDGER_PATTERNS_PACKAGE, "whitelist", "remove", 2);
    assert_int_equal(seal_ledger_whitelist_add(l, bob, wl, cap, bob, &o), SEAL_OK);
    assert_int_equal(o.status, SEAL_LEDGER_WRONG_OWNER);
    assert_memory_equal(o.object_id, cap, 32);
    assert_int_equal(seal_ledger_whitelist_add(l, owner, cap, cap, bob, &o), SEAL_OK);
    assert_int_equal(o.status, SEAL_LEDGER_WRONG_OWNER); /* Cap is not shared */
    assert_int_equal(seal_ledger_whitelist_add(l, owner, wl, wl, bob, &o), SEAL_OK);
    assert_int_equal(o.status, SEAL_LEDGER_WRONG_OWNER); /* Whitelist is not owned */
    /* failed calls changed nothing */
    assert_int_equal(version_of(l, wl), 2);
    /* remove: alice loses access */
    assert_int_equal(seal_ledger_whitelist_remove(l, owner, wl, cap, alice, &o), SEAL_OK);
    assert_int_equal(o.status, SEAL_LEDGER_SUCCESS);
    assert_int_equal(version_of(l, wl), 3);
    wl_approve_ptb(&b, wl, id, 40);
    tu_ptb_dry(l, &b, alice, &o);
    assert_abort(&o, SEAL_LEDGER_PATTERNS_PACKAGE, "whitelist", "seal_approve", 1);
    assert_int_equal(seal_ledger_whitelist_add(l, owner, wl, cap, alice, &o), SEAL_OK);
    assert_int_equal(tu_ptb_dry(l, &b, alice, &o), SEAL_LEDGER_SUCCESS);
    /* a Whitelist of another version: abort 5 in check_policy */
    seal_ledger_object w;
    bool found = false;
    assert_int_equal(seal_ledger_object_get(l, wl, &w, &found), SEAL_OK);
    w.contents[32] = 2;
    assert_int_equal(seal_ledger_testing_set_contents(l, wl, w.contents, w.contents_len), SEAL_OK);
    seal_ledger_object_clear(&w);
    tu_ptb_dry(l, &b, alice, &o);
    assert_abort(&o, SEAL_LEDGER_PATTERNS_PACKAGE, "whitelist", "check_policy", 5);
    seal_ledger_close(l);
}

static void test_account_based_and_tle(void **state) {
    (void)state;
    seal_ledger *l = open_new();
    uint8_t alice[32], bob[32], id[9];
    seal_ledger_outcome o;
    tu_ptb b;
    tu_addr(alice, 2);
    tu_addr(bob, 3);
    memset(&b, 0, sizeof b);
    uint16_t a[1] = {tu_ptb_bytes(&b, alice, 32)};
    tu_ptb_call(&b, SEAL_LEDGER_PATTERNS_PACKAGE, "account_based", "seal_approve", 1, a);
    assert_int_equal(tu_ptb_dry(l, &b, alice, &o), SEAL_LEDGER_SUCCESS);
    tu_ptb_dry(l, &b, bob, &o);
    assert_abort(&o, SEAL_LEDGER_PATTERNS_PACKAGE, "account_based", "seal_approve", 1);
    memset(&b, 0, sizeof b);
    a[0] = tu_ptb_bytes(&b, alice, 31);
    tu_ptb_call(&b, SEAL_LEDGER_PATTERNS_PACKAGE, "account_based", "seal_approve", 1, a);
    tu_ptb_dry(l, &b, alice, &o);
    assert_abort(&o, SEAL_LEDGER_PATTERNS_PACKAGE, "account_based", "seal_approve", 1);

    /* tle: id = BCS(u64 T) */
    uint64_t cases[3] = {T0 - 1, T0, T0 + 10};
    for (int i = 0; i < 3; i++) {
        for (int k = 0; k < 8; k++)
            id[k] = (uint8_t)(cases[i] >> (8 * k));
        memset(&b, 0, sizeof b);
        uint16_t t[2] = {tu_ptb_bytes(&b, id, 8),
                         tu_ptb_shared(&b, SEAL_LEDGER_CLOCK_ID, 1, false)};
        tu_ptb_call(&b, SEAL_LEDGER_PATTERNS_PACKAGE, "tle", "seal_approve", 2, t);
        if (i < 2) {
            assert_int_equal(tu_ptb_dry(l, &b, alice, &o), SEAL_LEDGER_SUCCESS);
        } else {
            tu_ptb_dry(l, &b, alice, &o);
            assert_abort(&o, SEAL_LEDGER_PATTERNS_PACKAGE, "tle", "seal_approve", 77);
            assert_int_equal(seal_ledger_clock_advance(l, 10), SEAL_OK);
            assert_int_equal(tu_ptb_dry(l, &b, alice, &o), SEAL_LEDGER_SUCCESS);
        }
    }
    /* leftovers: 77; short id: sui::bcs::peel_u64 aborts (0x2::bcs, code 0) */
    memset(&b, 0, sizeof b);
    uint16_t t[2] = {tu_ptb_bytes(&b, id, 9), tu_ptb_shared(&b, SEAL_LEDGER_CLOCK_ID, 1, false)};
    tu_ptb_call(&b, SEAL_LEDGER_PATTERNS_PACKAGE, "tle", "seal_approve", 2, t);
    tu_ptb_dry(l, &b, alice, &o);
    assert_abort(&o, SEAL_LEDGER_PATTERNS_PACKAGE, "tle", "seal_approve", 77);
    memset(&b, 0, sizeof b);
    t[0] = tu_ptb_bytes(&b, id, 7);
    t[1] = tu_ptb_shared(&b, SEAL_LEDGER_CLOCK_ID, 1, false);
    tu_ptb_call(&b, SEAL_LEDGER_PATTERNS_PACKAGE, "tle", "seal_approve", 2, t);
    tu_ptb_dry(l, &b, alice, &o);
    uint8_t two[32] = {[31] = 2};
    assert_abort(&o, two, "bcs", "peel_u64", 0);
    seal_ledger_close(l);
}

static void sub_ptb(tu_ptb *b, seal_ledger *l, const uint8_t *id, size_t id_len,
                    const uint8_t sub[32], const uint8_t svc[32], uint64_t svc_isv) {
    uint8_t pv[32];
    seal_ledger_subscription_package_version_id(pv);
    memset(b, 0, sizeof *b);
    uint16_t a[5] = {tu_ptb_bytes(b, id, id_len), tu_ptb_shared(b, pv, 1, false),
                     tu_ptb_owned(b, l, sub), tu_ptb_shared(b, svc, svc_isv, false),
                     tu_ptb_shared(b, SEAL_LEDGER_CLOCK_ID, 1, false)};
    tu_ptb_call(b, SEAL_LEDGER_PATTERNS_PACKAGE, "subscription", "seal_approve", 5, a);
}

static void test_subscription(void **state) {
    (void)state;
    seal_ledger *l = open_new();
    uint8_t owner[32], alice[32], bob[32], svc[32], svc2[32], sub[32], sub2[32], id[36];
    seal_ledger_outcome o;
    tu_ptb b;
    tu_addr(owner, 1);
    tu_addr(alice, 2);
    tu_addr(bob, 3);
    assert_int_equal(seal_ledger_subscription_create_service(l, owner, 10, 100, svc, &o), SEAL_OK);
    assert_int_equal(o.status, SEAL_LEDGER_SUCCESS);
    assert_int_equal(seal_ledger_subscription_create_service(l, owner, 10, 100, svc2, &o), SEAL_OK);
    assert_int_equal(seal_ledger_subscription_subscribe(l, alice, svc, 9, sub, &o), SEAL_OK);
    assert_abort(&o, SEAL_LEDGER_PATTERNS_PACKAGE, "subscription", "subscribe", 12);
    assert_int_equal(seal_ledger_subscription_subscribe(l, alice, svc, 10, sub, &o), SEAL_OK);
    assert_int_equal(o.status, SEAL_LEDGER_SUCCESS);
    assert_int_equal(version_of(l, sub), 2); /* max(service 1, clock 1) + 1 */
    assert_int_equal(seal_ledger_subscription_subscribe(l, alice, svc2, 10, sub2, &o), SEAL_OK);
    memcpy(id, svc, 32);
    memcpy(id + 32, "abcd", 4);
    sub_ptb(&b, l, id, 36, sub, svc, 1);
    assert_int_equal(tu_ptb_dry(l, &b, alice, &o), SEAL_LEDGER_SUCCESS);
    /* not the owner of the subscription */
    assert_int_equal(tu_ptb_dry(l, &b, bob, &o), SEAL_LEDGER_WRONG_OWNER);
    assert_memory_equal(o.object_id, sub, 32);
    /* id of another service */
    id[0] ^= 1;
    sub_ptb(&b, l, id, 36, sub, svc, 1);
    tu_ptb_dry(l, &b, alice, &o);
    assert_abort(&o, SEAL_LEDGER_PATTERNS_PACKAGE, "subscription", "seal_approve", 77);
    id[0] ^= 1;
    /* subscription of another service */
    sub_ptb(&b, l, id, 36, sub2, svc, 1);
    tu_ptb_dry(l, &b, alice, &o);
    assert_abort(&o, SEAL_LEDGER_PATTERNS_PACKAGE, "subscription", "seal_approve", 77);
    /* expiry: valid through created_at + ttl, denied after */
    sub_ptb(&b, l, id, 36, sub, svc, 1);
    assert_int_equal(seal_ledger_clock_advance(l, 100), SEAL_OK);
    assert_int_equal(tu_ptb_dry(l, &b, alice, &o), SEAL_LEDGER_SUCCESS);
    assert_int_equal(seal_ledger_clock_advance(l, 1), SEAL_OK);
    tu_ptb_dry(l, &b, alice, &o);
    assert_abort(&o, SEAL_LEDGER_PATTERNS_PACKAGE, "subscription", "seal_approve", 77);
    /* stale reference to the owned subscription */
    b.in[2].object.version += 1;
    assert_int_equal(tu_ptb_dry(l, &b, alice, &o), SEAL_LEDGER_VERSION_MISMATCH);
    /* wrong initial shared version of the service */
    sub_ptb(&b, l, id, 36, sub, svc, 7);
    assert_int_equal(tu_ptb_dry(l, &b, alice, &o), SEAL_LEDGER_VERSION_MISMATCH);
    /* PackageVersion of another version: abort 5 in check_policy */
    uint8_t pv[32], c[40];
    seal_ledger_subscription_package_version_id(pv);
    memcpy(c, pv, 32);
    memset(c + 32, 0, 8);
    c[32] = 2;
    assert_int_equal(seal_ledger_testing_set_contents(l, pv, c, 40), SEAL_OK);
    sub_ptb(&b, l, id, 36, sub, svc, 1);
    tu_ptb_dry(l, &b, alice, &o);
    assert_abort(&o, SEAL_LEDGER_PATTERNS_PACKAGE, "subscription", "check_policy", 5);
    seal_ledger_close(l);
}

static void test_private_data(void **state) {
    (void)state;
    seal_ledger *l = open_new();
    uint8_t alice[32], bob[32], obj[32], id[40];
    seal_ledger_outcome o;
    tu_ptb b;
    tu_addr(alice, 2);
    tu_addr(bob, 3);
    assert_int_equal(seal_ledger_private_data_store(l, alice, (const uint8_t *)"nonce", 5,
                                                    (const uint8_t *)"data", 4, obj, &o),
                     SEAL_OK);
    assert_int_equal(o.status, SEAL_LEDGER_SUCCESS);
    memcpy(id, alice, 32);
    memcpy(id + 32, "nonce", 5);
    memset(&b, 0, sizeof b);
    uint16_t a[2] = {tu_ptb_bytes(&b, id, 37), tu_ptb_owned(&b, l, obj)};
    tu_ptb_call(&b, SEAL_LEDGER_PATTERNS_PACKAGE, "private_data", "seal_approve", 2, a);
    assert_int_equal(tu_ptb_dry(l, &b, alice, &o), SEAL_LEDGER_SUCCESS);
    assert_int_equal(tu_ptb_dry(l, &b, bob, &o), SEAL_LEDGER_WRONG_OWNER);
    /* the key server clears references: version 0 and a zero digest mean "current" */
    b.in[1].object.version = 0;
    memset(b.in[1].object.digest, 0, 32);
    assert_int_equal(tu_ptb_dry(l, &b, alice, &o), SEAL_LEDGER_SUCCESS);
    for (size_t n = 36; n <= 38; n += 2) {
        memset(&b, 0, sizeof b);
        a[0] = tu_ptb_bytes(&b, id, n);
        a[1] = tu_ptb_owned(&b, l, obj);
        tu_ptb_call(&b, SEAL_LEDGER_PATTERNS_PACKAGE, "private_data", "seal_approve", 2, a);
        tu_ptb_dry(l, &b, alice, &o);
        assert_abort(&o, SEAL_LEDGER_PATTERNS_PACKAGE, "private_data", "seal_approve", 77);
    }
    seal_ledger_close(l);
}

static void test_examples(void **state) {
    (void)state;
    seal_ledger *l = open_new();
    uint8_t owner[32], alice[32], bob[32], al[32], cap[32], al2[32], cap2[32], id[33];
    uint8_t svc[32], scap[32], sub[32];
    seal_ledger_outcome o;
    tu_ptb b;
    tu_addr(owner, 1);
    tu_addr(alice, 2);
    tu_addr(bob, 3);
    assert_int_equal(seal_ledger_allowlist_create(l, owner, "team", al, cap, &o), SEAL_OK);
    assert_int_equal(seal_ledger_allowlist_create(l, owner, "other", al2, cap2, &o), SEAL_OK);
    assert_int_equal(seal_ledger_allowlist_add(l, owner, al, cap, alice, &o), SEAL_OK);
    assert_int_equal(seal_ledger_allowlist_add(l, owner, al, cap, bob, &o), SEAL_OK);
    assert_int_equal(o.status, SEAL_LEDGER_SUCCESS);
    assert_int_equal(seal_ledger_allowlist_add(l, owner, al, cap, alice, &o), SEAL_OK);
    assert_abort(&o, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "add", 2);
    assert_int_equal(seal_ledger_allowlist_add(l, owner, al, cap2, alice, &o), SEAL_OK);
    assert_abort(&o, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "add", 0);
    assert_int_equal(seal_ledger_allowlist_remove(l, owner, al, cap2, alice, &o), SEAL_OK);
    assert_abort(&o, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "remove", 0);
    memcpy(id, al, 32);
    id[32] = 7;
    memset(&b, 0, sizeof b);
    uint16_t a[4] = {tu_ptb_bytes(&b, id, 33), tu_ptb_shared(&b, al, 1, false)};
    tu_ptb_call(&b, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "seal_approve", 2, a);
    assert_int_equal(tu_ptb_dry(l, &b, alice, &o), SEAL_LEDGER_SUCCESS);
    assert_int_equal(tu_ptb_dry(l, &b, bob, &o), SEAL_LEDGER_SUCCESS);
    tu_ptb_dry(l, &b, owner, &o);
    assert_abort(&o, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "seal_approve", 1);
    assert_int_equal(seal_ledger_allowlist_remove(l, owner, al, cap, alice, &o), SEAL_OK);
    assert_int_equal(o.status, SEAL_LEDGER_SUCCESS);
    tu_ptb_dry(l, &b, alice, &o);
    assert_abort(&o, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "seal_approve", 1);
    assert_int_equal(tu_ptb_dry(l, &b, bob, &o), SEAL_LEDGER_SUCCESS);
    /* the Allowlist's list keeps BCS vector<address> order */
    seal_ledger_object obj;
    bool found = false;
    assert_int_equal(seal_ledger_object_get(l, al, &obj, &found), SEAL_OK);
    assert_int_equal(obj.contents_len, 32 + 5 + 1 + 32);
    assert_memory_equal(obj.contents + 32, "\x04team\x01", 6);
    assert_memory_equal(obj.contents + 38, bob, 32);
    seal_ledger_object_clear(&obj);

    assert_int_equal(seal_ledger_example_service_create(l, owner, 5, 50, "svc", svc, scap, &o),
                     SEAL_OK);
    /* publish: a String -> u64 3 dynamic field on the Allowlist / Service */
    uint64_t v0 = version_of(l, al);
    assert_int_equal(seal_ledger_allowlist_publish(l, owner, al, cap, "blob-1", &o), SEAL_OK);
    assert_int_equal(o.status, SEAL_LEDGER_SUCCESS);
    assert_int_equal(version_of(l, al), v0 + 1);
    assert_int_equal(seal_ledger_allowlist_publish(l, owner, al, cap, "blob-1", &o), SEAL_OK);
    uint8_t fw[32] = {[31] = 2};
    assert_abort(&o, fw, "dynamic_field", "add", 0);
    assert_int_equal(seal_ledger_allowlist_publish(l, owner, al, cap2, "blob-2", &o), SEAL_OK);
    assert_abort(&o, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "publish", 0);
    assert_int_equal(seal_ledger_example_service_publish(l, owner, svc, cap, "blob-1", &o),
                     SEAL_OK);
    assert_int_equal(o.status, SEAL_LEDGER_TYPE_MISMATCH); /* an allowlist Cap */
    assert_int_equal(seal_ledger_example_service_publish(l, owner, svc, scap, "blob-1", &o),
                     SEAL_OK);
    assert_int_equal(o.status, SEAL_LEDGER_SUCCESS);
    {
        /* field id from its definition: key type 0x1::string::String, key BCS("blob-1") */
        uint8_t tag[128], fid[32];
        size_t tl = 0;
        assert_int_equal(seal_sui_type_tag_parse(tag, sizeof tag, &tl, "0x1::string::String"),
                         SEAL_OK);
        assert_int_equal(seal_sui_dynamic_field_id(fid, al, tag, tl,
                                                   (const uint8_t *)"\x06"
                                                                    "blob-1",
                                                   7),
                         SEAL_OK);
        seal_ledger_object f;
        assert_int_equal(seal_ledger_object_get(l, fid, &f, &found), SEAL_OK);
        char type[256];
        assert_int_equal(seal_sui_type_tag_format(type, sizeof type, f.type, f.type_len, false),
                         SEAL_OK);
        assert_string_equal(type, "0x2::dynamic_field::Field<0x1::string::String, u64>");
        assert_int_equal(f.contents_len, 32 + 7 + 8);
        assert_int_equal(f.contents[39], 3);
        assert_int_equal(f.owner.kind, SEAL_SUI_OWNER_OBJECT);
        assert_memory_equal(f.owner.address, al, 32);
        seal_ledger_object_clear(&f);
    }
    assert_int_equal(seal_ledger_example_subscribe(l, alice, svc, 4, sub, &o), SEAL_OK);
    assert_abort(&o, SEAL_LEDGER_EXAMPLES_PACKAGE, "subscription", "subscribe", 1);
    assert_int_equal(seal_ledger_example_subscribe(l, alice, svc, 5, sub, &o), SEAL_OK);
    memcpy(id, svc, 32);
    memset(&b, 0, sizeof b);
    a[0] = tu_ptb_bytes(&b, id, 33);
    a[1] = tu_ptb_owned(&b, l, sub);
    a[2] = tu_ptb_shared(&b, svc, 1, false);
    a[3] = tu_ptb_shared(&b, SEAL_LEDGER_CLOCK_ID, 1, false);
    tu_ptb_call(&b, SEAL_LEDGER_EXAMPLES_PACKAGE, "subscription", "seal_approve", 4, a);
    assert_int_equal(tu_ptb_dry(l, &b, alice, &o), SEAL_LEDGER_SUCCESS);
    assert_int_equal(seal_ledger_clock_advance(l, 51), SEAL_OK);
    tu_ptb_dry(l, &b, alice, &o);
    assert_abort(&o, SEAL_LEDGER_EXAMPLES_PACKAGE, "subscription", "seal_approve", 2);
    seal_ledger_close(l);
}

/* A Seal EncryptedObject (HMAC-CTR) for a vote: id = vote id, package 0x0, aad = voter. */
static size_t vote_ciphertext(uint8_t *out, size_t cap, const uint8_t vote[32],
                              const uint8_t voter[32], const uint8_t (*ks)[32], size_t n,
                              uint8_t threshold, uint8_t dem, bool aad) {
    seal_object *e = calloc(1, sizeof *e);
    seal_g2 g;
    size_t len = 0;
    assert_non_null(e);
    seal_g2_generator(&g);
    e->version = 0;
    e->id = vote;
    e->id_len = 32;
    e->n_services = n;
    for (size_t i = 0; i < n; i++) {
        memcpy(e->service_ids[i], ks[i], 32);
        e->service_indices[i] = (uint8_t)(i + 1);
        memset(e->encrypted_shares[i], (int)i, 32);
    }
    e->threshold = threshold;
    e->ibe_type = SEAL_IBE_BONEH_FRANKLIN_BLS12381;
    seal_g2_compress(e->nonce, &g);
    e->dem = (seal_dem_type)dem;
    e->blob = voter; /* any 32 bytes */
    e->blob_len = 32;
    e->has_aad = aad;
    e->aad = voter;
    e->aad_len = aad ? 32 : 0;
    assert_int_equal(seal_object_encode(out, cap, &len, e), SEAL_OK);
    free(e);
    return len;
}

static void test_voting(void **state) {
    (void)state;
    seal_ledger *l = open_new();
    uint8_t voters[2][32], ks[2][32], pks[2][96], vote[32], carol[32], ct[2048];
    seal_ledger_outcome o;
    tu_ptb b;
    seal_g2 g;
    seal_g2_generator(&g);
    tu_addr(voters[0], 2);
    tu_addr(voters[1], 3);
    tu_addr(carol, 4);
    for (int i = 0; i < 2; i++) {
        memset(ks[i], 0x40 + i, 32);
        seal_g2_compress(pks[i], &g);
    }
    assert_int_equal(seal_ledger_voting_create(l, carol, voters, 2, 3, ks, pks, 2, 3, vote, &o),
                     SEAL_ERR_INVALID_ARGUMENT);
    assert_int_equal(seal_ledger_voting_create(l, carol, voters, 2, 3, ks, pks, 2, 2, vote, &o),
                     SEAL_OK);
    assert_int_equal(o.status, SEAL_LEDGER_SUCCESS);
    memset(&b, 0, sizeof b);
    uint16_t a[2] = {tu_ptb_bytes(&b, vote, 32), tu_ptb_shared(&b, vote, 1, false)};
    tu_ptb_call(&b, SEAL_LEDGER_PATTERNS_PACKAGE, "voting", "seal_approve", 2, a);
    tu_ptb_dry(l, &b, carol, &o);
    assert_abort(&o, SEAL_LEDGER_PATTERNS_PACKAGE, "voting", "seal_approve", 2);
    /* cast_vote aborts */
    size_t n =
        vote_ciphertext(ct, sizeof ct, vote, voters[0], ks, 2, 2, SEAL_DEM_HMAC_256_CTR, true);
    assert_int_equal(seal_ledger_voting_cast(l, voters[1], vote, ct, n, &o), SEAL_OK);
    assert_abort(&o, SEAL_LEDGER_PATTERNS_PACKAGE, "voting", "cast_vote", 1); /* aad */
    assert_int_equal(seal_ledger_voting_cast(l, voters[0], vote, ct, n - 1, &o), SEAL_OK);
    assert_abort(&o, SEAL_LEDGER_SEAL_PACKAGE, "bf_hmac_encryption", "parse_encrypted_object", 3);
    n = vote_ciphertext(ct, sizeof ct, vote, voters[0], ks, 2, 2, SEAL_DEM_AES_256_GCM, true);
    assert_int_equal(seal_ledger_voting_cast(l, voters[0], vote, ct, n, &o), SEAL_OK);
    assert_abort(&o, SEAL_LEDGER_SEAL_PACKAGE, "bf_hmac_encryption", "parse_encrypted_object", 3);
    n = vote_ciphertext(ct, sizeof ct, vote, voters[0], ks, 2, 1, SEAL_DEM_HMAC_256_CTR, true);
    assert_int_equal(seal_ledger_voting_cast(l, voters[0], vote, ct, n, &o), SEAL_OK);
    assert_abort(&o, SEAL_LEDGER_PATTERNS_PACKAGE, "voting", "cast_vote", 1); /* threshold */
    n = vote_ciphertext(ct, sizeof ct, vote, voters[0], ks, 1, 1, SEAL_DEM_HMAC_256_CTR, true);
    assert_int_equal(seal_ledger_voting_cast(l, voters[0], vote, ct, n, &o), SEAL_OK);
    assert_abort(&o, SEAL_LEDGER_PATTERNS_PACKAGE, "voting", "cast_vote", 1); /* services */
    n = vote_ciphertext(ct, sizeof ct, vote, voters[0], ks, 2, 2, SEAL_DEM_HMAC_256_CTR, false);
    assert_int_equal(seal_ledger_voting_cast(l, voters[0], vote, ct, n, &o), SEAL_OK);
    uint8_t one[32] = {[31] = 1};
    assert_abort(&o, one, "option", "borrow", 0x40001);
    n = vote_ciphertext(ct, sizeof ct, vote, carol, ks, 2, 2, SEAL_DEM_HMAC_256_CTR, true);
    assert_int_equal(seal_ledger_voting_cast(l, carol, vote, ct, n, &o), SEAL_OK);
    assert_abort(&o, one, "option", "destroy_some", 0x40001); /* not a voter */
    /* first vote: still not done */
    n = vote_ciphertext(ct, sizeof ct, vote, voters[0], ks, 2, 2, SEAL_DEM_HMAC_256_CTR, true);
    assert_int_equal(seal_ledger_voting_cast(l, voters[0], vote, ct, n, &o), SEAL_OK);
    assert_int_equal(o.status, SEAL_LEDGER_SUCCESS);
    assert_int_equal(version_of(l, vote), 2);
    assert_int_equal(seal_ledger_voting_cast(l, voters[0], vote, ct, n, &o), SEAL_OK);
    assert_abort(&o, one, "option", "fill", 0x40000);
    tu_ptb_dry(l, &b, carol, &o);
    assert_abort(&o, SEAL_LEDGER_PATTERNS_PACKAGE, "voting", "seal_approve", 2);
    n = vote_ciphertext(ct, sizeof ct, vote, voters[1], ks, 2, 2, SEAL_DEM_HMAC_256_CTR, true);
    assert_int_equal(seal_ledger_voting_cast(l, voters[1], vote, ct, n, &o), SEAL_OK);
    assert_int_equal(o.status, SEAL_LEDGER_SUCCESS);
    assert_int_equal(version_of(l, vote), 3);
    /* all voted: anyone may decrypt with id = vote id */
    assert_int_equal(tu_ptb_dry(l, &b, carol, &o), SEAL_LEDGER_SUCCESS);
    memset(&b, 0, sizeof b);
    a[0] = tu_ptb_bytes(&b, vote, 31);
    a[1] = tu_ptb_shared(&b, vote, 1, false);
    tu_ptb_call(&b, SEAL_LEDGER_PATTERNS_PACKAGE, "voting", "seal_approve", 2, a);
    tu_ptb_dry(l, &b, carol, &o);
    assert_abort(&o, SEAL_LEDGER_PATTERNS_PACKAGE, "voting", "seal_approve", 1);
    seal_ledger_close(l);
}

static void test_key_server_registry(void **state) {
    (void)state;
    seal_ledger *l = open_new();
    uint8_t op[32], pk[96], bad[96], ks[32], fid[32], pre[1 + 32 + 8 + 8 + 1];
    seal_ledger_outcome o;
    seal_g2 g;
    bool found = false;
    tu_addr(op, 9);
    seal_g2_generator(&g);
    seal_g2_compress(pk, &g);
    memset(bad, 0xff, sizeof bad);
    assert_int_equal(seal_ledger_key_server_register(l, op, "s1", "http://x", 1, pk, ks, &o),
                     SEAL_OK);
    assert_abort(&o, SEAL_LEDGER_SEAL_PACKAGE, "key_server",
                 "create_and_transfer_v2_independent_server", 1);
    uint8_t two[32] = {[31] = 2};
    assert_int_equal(seal_ledger_key_server_register(l, op, "s1", "http://x", 0, bad, ks, &o),
                     SEAL_OK);
    assert_abort(&o, two, "group_ops", "from_bytes", 1);
    assert_int_equal(
        seal_ledger_key_server_register(l, op, "s1", "http://127.0.0.1:2024", 0, pk, ks, &o),
        SEAL_OK);
    assert_int_equal(o.status, SEAL_LEDGER_SUCCESS);
    seal_ledger_object obj;
    assert_int_equal(seal_ledger_object_get(l, ks, &obj, &found), SEAL_OK);
    assert_int_equal(obj.owner.kind, SEAL_SUI_OWNER_ADDRESS);
    assert_memory_equal(obj.owner.address, op, 32);
    assert_true(obj.has_public_transfer);
    assert_int_equal(obj.contents_len, 48);
    assert_int_equal(obj.contents[32], 2);
    assert_int_equal(obj.contents[40], 2);
    char type[256];
    assert_int_equal(seal_sui_type_tag_format(type, sizeof type, obj.type, obj.type_len, false),
                     SEAL_OK);
    assert_string_equal(type, "0x5ea1::key_server::KeyServer");
    seal_ledger_object_clear(&obj);
    /* field id = BLAKE2b-256(f0 || parent || u64_le(8) || u64_le(2) || 02) (PROTOCOL.md 16.1) */
    memset(pre, 0, sizeof pre);
    pre[0] = 0xf0;
    memcpy(pre + 1, ks, 32);
    pre[33] = 8;
    pre[41] = 2;
    pre[49] = 0x02;
    seal_sui_blake2b256(fid, pre, sizeof pre, NULL, 0);
    uint8_t fid2[32];
    seal_ledger_key_server_field_id(fid2, ks, 2);
    assert_memory_equal(fid, fid2, 32);
    assert_int_equal(seal_ledger_object_get(l, fid, &obj, &found), SEAL_OK);
    assert_int_equal(obj.owner.kind, SEAL_SUI_OWNER_OBJECT);
    assert_memory_equal(obj.owner.address, ks, 32);
    assert_int_equal(seal_sui_type_tag_format(type, sizeof type, obj.type, obj.type_len, false),
                     SEAL_OK);
    assert_string_equal(type, "0x2::dynamic_field::Field<u64, 0x5ea1::key_server::KeyServerV2>");
    /* Field { id, name: 2, value: { "s1", 0, pk, Independent { url } } } */
    seal_bcs_reader r;
    const uint8_t *p = NULL;
    size_t n = 0;
    uint64_t v = 0;
    uint8_t u8 = 0;
    uint32_t variant = 9;
    seal_bcs_reader_init(&r, obj.contents, obj.contents_len);
    assert_int_equal(seal_bcs_read_borrow(&r, &p, 32), SEAL_OK);
    assert_memory_equal(p, fid, 32);
    assert_int_equal(seal_bcs_read_u64(&r, &v), SEAL_OK);
    assert_int_equal(v, 2);
    assert_int_equal(seal_bcs_read_bytes(&r, 64, &p, &n), SEAL_OK);
    assert_int_equal(n, 2);
    assert_memory_equal(p, "s1", 2);
    assert_int_equal(seal_bcs_read_u8(&r, &u8), SEAL_OK);
    assert_int_equal(u8, 0);
    assert_int_equal(seal_bcs_read_bytes(&r, 96, &p, &n), SEAL_OK);
    assert_int_equal(n, 96);
    assert_memory_equal(p, pk, 96);
    assert_int_equal(seal_bcs_read_variant(&r, 2, &variant), SEAL_OK);
    assert_int_equal(variant, 0);
    assert_int_equal(seal_bcs_read_bytes(&r, 64, &p, &n), SEAL_OK);
    assert_int_equal(n, 21);
    assert_memory_equal(p, "http://127.0.0.1:2024", 21);
    assert_int_equal(seal_bcs_reader_finish(&r), SEAL_OK);
    seal_ledger_object_clear(&obj);
    (void)version_of(l, fid);
    seal_ledger_close(l);
}

static void test_evaluation_errors(void **state) {
    (void)state;
    seal_ledger *l = open_new();
    uint8_t owner[32], wl[32], cap[32], id[32], missing[32] = {0x77};
    seal_ledger_outcome o;
    tu_ptb b;
    tu_addr(owner, 1);
    assert_int_equal(seal_ledger_whitelist_create(l, owner, wl, cap, &o), SEAL_OK);
    assert_int_equal(seal_ledger_whitelist_add(l, owner, wl, cap, owner, &o), SEAL_OK);
    memcpy(id, wl, 32);
    wl_approve_ptb(&b, missing, id, 32);
    assert_int_equal(tu_ptb_dry(l, &b, owner, &o), SEAL_LEDGER_OBJECT_NOT_FOUND);
    assert_memory_equal(o.object_id, missing, 32);
    /* a Cap where a Whitelist is expected */
    memset(&b, 0, sizeof b);
    uint16_t a[6] = {tu_ptb_bytes(&b, id, 32), tu_ptb_owned(&b, l, cap)};
    tu_ptb_call(&b, SEAL_LEDGER_PATTERNS_PACKAGE, "whitelist", "seal_approve", 2, a);
    assert_int_equal(tu_ptb_dry(l, &b, owner, &o), SEAL_LEDGER_TYPE_MISMATCH);
    /* the shared whitelist passed as an owned object */
    memset(&b, 0, sizeof b);
    a[0] = tu_ptb_bytes(&b, id, 32);
    a[1] = tu_ptb_owned(&b, l, wl);
    tu_ptb_call(&b, SEAL_LEDGER_PATTERNS_PACKAGE, "whitelist", "seal_approve", 2, a);
    assert_int_equal(tu_ptb_dry(l, &b, owner, &o), SEAL_LEDGER_WRONG_OWNER);
    /* an owned object passed as shared */
    memset(&b, 0, sizeof b);
    a[0] = tu_ptb_bytes(&b, id, 32);
    a[1] = tu_ptb_shared(&b, cap, 1, false);
    tu_ptb_call(&b, SEAL_LEDGER_PATTERNS_PACKAGE, "whitelist", "seal_approve", 2, a);
    assert_int_equal(tu_ptb_dry(l, &b, owner, &o), SEAL_LEDGER_WRONG_OWNER);
    /* pure where an object is expected, object where a pure is expected */
    memset(&b, 0, sizeof b);
    a[0] = tu_ptb_bytes(&b, id, 32);
    tu_ptb_call(&b, SEAL_LEDGER_PATTERNS_PACKAGE, "whitelist", "seal_approve", 2,
                (uint16_t[]){0, 0});
    assert_int_equal(tu_ptb_dry(l, &b, owner, &o), SEAL_LEDGER_TYPE_MISMATCH);
    memset(&b, 0, sizeof b);
    a[0] = tu_ptb_shared(&b, wl, 1, false);
    tu_ptb_call(&b, SEAL_LEDGER_PATTERNS_PACKAGE, "whitelist", "seal_approve", 2,
                (uint16_t[]){0, 0});
    assert_int_equal(tu_ptb_dry(l, &b, owner, &o), SEAL_LEDGER_TYPE_MISMATCH);
    /* pure bytes that are not a vector<u8> */
    memset(&b, 0, sizeof b);
    a[0] = tu_ptb_raw(&b, (const uint8_t *)"\x05\x01", 2);
    a[1] = tu_ptb_shared(&b, wl, 1, false);
    tu_ptb_call(&b, SEAL_LEDGER_PATTERNS_PACKAGE, "whitelist", "seal_approve", 2, a);
    assert_int_equal(tu_ptb_dry(l, &b, owner, &o), SEAL_LEDGER_INVALID_BCS);
    /* arity */
    memset(&b, 0, sizeof b);
    a[0] = tu_ptb_bytes(&b, id, 32);
    tu_ptb_call(&b, SEAL_LEDGER_PATTERNS_PACKAGE, "whitelist", "seal_approve", 1, a);
    assert_int_equal(tu_ptb_dry(l, &b, owner, &o), SEAL_LEDGER_ARITY_MISMATCH);
    /* unknown function / module / package; state-changing function */
    const char *names[4][2] = {{"whitelist", "seal_approve_x"},
                               {"nope", "seal_approve"},
                               {"whitelist", "add"},
                               {"whitelist", "seal_approve"}};
    const seal_ledger_status want[4] = {SEAL_LEDGER_FUNCTION_NOT_FOUND,
                                        SEAL_LEDGER_FUNCTION_NOT_FOUND, SEAL_LEDGER_UNSUPPORTED,
                                        SEAL_LEDGER_OBJECT_NOT_FOUND};
    for (int i = 0; i < 4; i++) {
        memset(&b, 0, sizeof b);
        a[0] = tu_ptb_bytes(&b, id, 32);
        a[1] = tu_ptb_shared(&b, wl, 1, false);
        tu_ptb_call(&b, i == 3 ? missing : SEAL_LEDGER_PATTERNS_PACKAGE, names[i][0], names[i][1],
                    2, a);
        assert_int_equal(tu_ptb_dry(l, &b, owner, &o), want[i]);
    }
    /* the key server's staleness check, then the policy */
    for (int i = 0; i < 3; i++) {
        uint64_t now = i == 0 ? T0 + 120000 : (i == 1 ? T0 + 120001 : T0 - 5);
        memset(&b, 0, sizeof b);
        a[0] = tu_ptb_bytes(&b, id, 32);
        a[1] = tu_ptb_shared(&b, wl, 1, false);
        a[2] = tu_ptb_u64(&b, now);
        a[3] = tu_ptb_u64(&b, 120000);
        a[4] = tu_ptb_shared(&b, SEAL_LEDGER_CLOCK_ID, 1, false);
        tu_ptb_call(&b, SEAL_LEDGER_SEAL_PACKAGE, "time", "check_staleness", 3, a + 2);
        tu_ptb_call(&b, SEAL_LEDGER_PATTERNS_PACKAGE, "whitelist", "seal_approve", 2, a);
        if (i == 1) {
            tu_ptb_dry(l, &b, owner, &o);
            assert_abort(&o, SEAL_LEDGER_SEAL_PACKAGE, "time", "check_staleness", 93492);
            assert_int_equal(o.command, 0);
        } else {
            assert_int_equal(tu_ptb_dry(l, &b, owner, &o), SEAL_LEDGER_SUCCESS);
        }
    }
    /* the policy failing in the second command */
    uint8_t bob[32];
    tu_addr(bob, 3);
    tu_ptb_dry(l, &b, bob, &o);
    assert_abort(&o, SEAL_LEDGER_PATTERNS_PACKAGE, "whitelist", "seal_approve", 1);
    assert_int_equal(o.command, 1);
    /* the same PTB as TransactionKind and as TransactionData (sender taken from it) */
    {
        uint8_t tx[4096];
        seal_bcs_writer w;
        seal_sui_ptb p = {b.n_in, b.in, b.n_cmd, b.cmd};
        size_t kind_len = tu_ptb_kind(&b, tx, sizeof tx);
        assert_int_equal(seal_ledger_dry_run_kind(l, tx, kind_len, owner, &o), SEAL_OK);
        assert_int_equal(o.status, SEAL_LEDGER_SUCCESS);
        assert_int_equal(seal_ledger_dry_run_kind(l, tx, kind_len, bob, &o), SEAL_OK);
        assert_abort(&o, SEAL_LEDGER_PATTERNS_PACKAGE, "whitelist", "seal_approve", 1);
        seal_sui_transaction_data td;
        memset(&td, 0, sizeof td);
        td.ptb = &p;
        memcpy(td.gas.owner, owner, 32);
        td.gas.price = 1000;
        td.gas.budget = 500000000;
        td.expiration.kind = SEAL_SUI_EXPIRATION_NONE;
        for (int who = 0; who < 2; who++) {
            memcpy(td.sender, who ? bob : owner, 32);
            seal_bcs_writer_init(&w, tx, sizeof tx);
            assert_int_equal(seal_sui_transaction_data_encode(&w, &td), SEAL_OK);
            assert_int_equal(seal_ledger_dry_run_transaction(l, tx, w.len, &o), SEAL_OK);
            if (who == 0)
                assert_int_equal(o.status, SEAL_LEDGER_SUCCESS);
            else
                assert_abort(&o, SEAL_LEDGER_PATTERNS_PACKAGE, "whitelist", "seal_approve", 1);
        }
        assert_int_equal(seal_ledger_dry_run_transaction(l, tx, w.len - 1, &o),
                         SEAL_ERR_INVALID_ENCODING);
    }
    /* malformed PTB bytes */
    assert_int_equal(seal_ledger_dry_run(l, (const uint8_t *)"\x01", 1, owner, &o),
                     SEAL_ERR_INVALID_ENCODING);
    seal_ledger_close(l);
}

static void test_reopen_keeps_state(void **state) {
    (void)state;
    seal_ledger *l = open_new();
    uint8_t owner[32], alice[32], wl[32], cap[32], id[32];
    uint64_t n = 0;
    seal_ledger_outcome o;
    tu_ptb b;
    tu_addr(owner, 1);
    tu_addr(alice, 2);
    assert_int_equal(seal_ledger_whitelist_create(l, owner, wl, cap, &o), SEAL_OK);
    assert_int_equal(seal_ledger_whitelist_add(l, owner, wl, cap, alice, &o), SEAL_OK);
    assert_int_equal(seal_ledger_clock_advance(l, 1000), SEAL_OK);
    uint64_t v = version_of(l, wl);
    seal_ledger_close(l);
    assert_int_equal(seal_ledger_open(&l, g_path), SEAL_OK);
    assert_int_equal(seal_ledger_transaction_count(l, &n), SEAL_OK);
    assert_int_equal(n, 3);
    assert_int_equal(version_of(l, wl), v);
    uint64_t ts = 0;
    assert_int_equal(seal_ledger_clock_get(l, &ts), SEAL_OK);
    assert_int_equal(ts, T0 + 1000);
    memcpy(id, wl, 32);
    wl_approve_ptb(&b, wl, id, 32);
    assert_int_equal(tu_ptb_dry(l, &b, alice, &o), SEAL_LEDGER_SUCCESS);
    seal_ledger_close(l);
}

static void test_schema_checks(void **state) {
    (void)state;
    seal_ledger *l = open_new();
    seal_ledger_close(l);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(g_path, &db), SQLITE_OK);
    char *mode = NULL;
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    mode = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    assert_string_equal(mode, "wal");
    free(mode);
    assert_int_equal(sqlite3_exec(db, "UPDATE meta SET value = 99 WHERE key = 'schema_version'",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(seal_ledger_open(&l, g_path), SEAL_ERR_UNSUPPORTED);
    assert_null(l);
    assert_int_equal(seal_ledger_open_readonly(&l, g_path), SEAL_ERR_UNSUPPORTED);
    assert_null(l);
    /* not a database */
    char junk[160];
    snprintf(junk, sizeof junk, "%s/junk.db", g_dir);
    FILE *f = fopen(junk, "wb");
    assert_non_null(f);
    for (int i = 0; i < 200; i++)
        fputs("not a database ", f);
    fclose(f);
    assert_int_equal(seal_ledger_open(&l, junk), SEAL_ERR_IO);
    assert_null(l);
    snprintf(junk, sizeof junk, "%s/absent.db", g_dir);
    assert_int_equal(seal_ledger_open_readonly(&l, junk), SEAL_ERR_IO);
}

/* WAL: readers see every commit and are not blocked by an open write transaction. */
static void test_readers_and_writer(void **state) {
    (void)state;
    seal_ledger *l = open_new(), *ro = NULL;
    uint8_t owner[32], alice[32], wl[32], cap[32], id[32];
    seal_ledger_outcome o;
    tu_ptb b;
    tu_addr(owner, 1);
    tu_addr(alice, 2);
    assert_int_equal(seal_ledger_open_readonly(&ro, g_path), SEAL_OK);
    assert_int_equal(seal_ledger_whitelist_create(l, owner, wl, cap, &o), SEAL_OK);
    memcpy(id, wl, 32);
    wl_approve_ptb(&b, wl, id, 32);
    tu_ptb_dry(ro, &b, alice, &o);
    assert_abort(&o, SEAL_LEDGER_PATTERNS_PACKAGE, "whitelist", "seal_approve", 1);
    assert_int_equal(seal_ledger_whitelist_add(l, owner, wl, cap, alice, &o), SEAL_OK);
    assert_int_equal(tu_ptb_dry(ro, &b, alice, &o), SEAL_LEDGER_SUCCESS);
    /* another connection holds the write lock with an uncommitted change */
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(g_path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "BEGIN IMMEDIATE; DELETE FROM objects;", NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(tu_ptb_dry(ro, &b, alice, &o), SEAL_LEDGER_SUCCESS);
    assert_int_equal(tu_ptb_dry(l, &b, alice, &o), SEAL_LEDGER_SUCCESS);
    assert_int_equal(sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(tu_ptb_dry(ro, &b, alice, &o), SEAL_LEDGER_SUCCESS);
    seal_ledger_close(ro);
    seal_ledger_close(l);
}

/* A child commits transactions in a loop and reports each acknowledged one through a pipe;
 * after SIGKILL every reported transaction must be in the reopened ledger. */
static void test_durability_sigkill(void **state) {
    (void)state;
    seal_ledger *l = open_new();
    seal_ledger_close(l);
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        seal_ledger *cl = NULL;
        uint8_t owner[32], wl[32], cap[32];
        seal_ledger_outcome o;
        tu_addr(owner, 1);
        if (seal_ledger_open(&cl, g_path) != SEAL_OK)
            _exit(2);
        for (;;) {
            if (seal_ledger_whitelist_create(cl, owner, wl, cap, &o) != SEAL_OK ||
                o.status != SEAL_LEDGER_SUCCESS)
                _exit(3);
            if (write(fds[1], wl, 32) != 32)
                _exit(4);
        }
    }
    close(fds[1]);
    uint8_t(*ids)[32] = malloc(4096 * 32);
    size_t n = 0;
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (;;) {
        uint8_t buf[32];
        size_t got = 0;
        while (got < 32) {
            ssize_t r = read(fds[0], buf + got, 32 - got);
            assert_true(r > 0);
            got += (size_t)r;
        }
        memcpy(ids[n++], buf, 32);
        clock_gettime(CLOCK_MONOTONIC, &now);
        double ms =
            (double)(now.tv_sec - start.tv_sec) * 1e3 + (double)(now.tv_nsec - start.tv_nsec) / 1e6;
        if (n == 4096 || (n >= 20 && ms > 300))
            break;
    }
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    assert_true(WIFSIGNALED(status));
    close(fds[0]);
    assert_int_equal(seal_ledger_open(&l, g_path), SEAL_OK);
    uint64_t count = 0;
    assert_int_equal(seal_ledger_transaction_count(l, &count), SEAL_OK);
    assert_true(count >= n);
    for (size_t i = 0; i < n; i++) {
        seal_ledger_object o;
        bool found = false;
        assert_int_equal(seal_ledger_object_get(l, ids[i], &o, &found), SEAL_OK);
        seal_ledger_object_clear(&o);
    }
    printf("# durability: %zu acknowledged transactions survived SIGKILL (%llu committed)\n", n,
           (unsigned long long)count);
    free(ids);
    seal_ledger_close(l);
}

/* Throughput of in-process whitelist seal_approve dry runs (informational). */
static void test_dry_run_rate(void **state) {
    (void)state;
    seal_ledger *l = open_new();
    uint8_t owner[32], wl[32], cap[32], id[40] = {0}, buf[512];
    seal_ledger_outcome o;
    tu_ptb b;
    tu_addr(owner, 1);
    assert_int_equal(seal_ledger_whitelist_create(l, owner, wl, cap, &o), SEAL_OK);
    assert_int_equal(seal_ledger_whitelist_add(l, owner, wl, cap, owner, &o), SEAL_OK);
    memcpy(id, wl, 32);
    wl_approve_ptb(&b, wl, id, 40);
    seal_bcs_writer w;
    seal_sui_ptb p = {b.n_in, b.in, b.n_cmd, b.cmd};
    seal_bcs_writer_init(&w, buf, sizeof buf);
    assert_int_equal(seal_sui_ptb_encode(&w, &p), SEAL_OK);
    const int iters = 5000;
    struct timespec s, e;
    clock_gettime(CLOCK_MONOTONIC, &s);
    for (int i = 0; i < iters; i++) {
        assert_int_equal(seal_ledger_dry_run(l, buf, w.len, owner, &o), SEAL_OK);
        assert_int_equal(o.status, SEAL_LEDGER_SUCCESS);
    }
    clock_gettime(CLOCK_MONOTONIC, &e);
    double sec = (double)(e.tv_sec - s.tv_sec) + (double)(e.tv_nsec - s.tv_nsec) / 1e9;
    printf("# whitelist seal_approve dry runs: %.0f/s\n", iters / sec);
    seal_ledger_close(l);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_genesis, setup, teardown),
        cmocka_unit_test_setup_teardown(test_whitelist, setup, teardown),
        cmocka_unit_test_setup_teardown(test_account_based_and_tle, setup, teardown),
        cmocka_unit_test_setup_teardown(test_subscription, setup, teardown),
        cmocka_unit_test_setup_teardown(test_private_data, setup, teardown),
        cmocka_unit_test_setup_teardown(test_examples, setup, teardown),
        cmocka_unit_test_setup_teardown(test_voting, setup, teardown),
        cmocka_unit_test_setup_teardown(test_key_server_registry, setup, teardown),
        cmocka_unit_test_setup_teardown(test_evaluation_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reopen_keeps_state, setup, teardown),
        cmocka_unit_test_setup_teardown(test_schema_checks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_readers_and_writer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_durability_sigkill, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dry_run_rate, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
