/* Rules of the embedded ledger matched to Sui after a review of the native Move modules: the
 * dry run refuses the Clock passed mutably and repeated object inputs before running anything
 * (as the signed path does); finalize_vote takes only a Vote (an Allowlist whose contents parse
 * as a Vote is a TypeMismatch); finalize_vote does not count votes whose shares lie on a
 * polynomial of too high degree (Move's decryption refuses them); String arguments of the
 * library's entry points must be UTF-8. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "craft.h"
#include "testutil.h"
#include "ledger_ptb.h"
#include "seal/bcs.h"
#include "seal/keys.h"
#include "seal/ledger.h"
#include "seal/object.h"
#include "seal/sui_tx.h"
#include "seal/util.h"

#define T0 1700000000000ull

static char g_dir[64];
static char g_path[128];
static int g_n;

static int setup(void **state) {
    (void)state;
    return tu_tempdir(g_dir, sizeof g_dir, "seal_ledger_rules_") ? 0 : -1;
}

static int teardown(void **state) {
    (void)state;
    return tu_rmtree(g_dir);
}

/* A fresh ledger per test. */
static seal_ledger *open_new(void) {
    seal_ledger *l = NULL;
    snprintf(g_path, sizeof g_path, "%s/ledger%d.db", g_dir, g_n++);
    assert_int_equal(seal_ledger_open_ex(&l, g_path, T0), SEAL_OK);
    return l;
}

static void test_dry_run_clock_by_mut(void **state) {
    (void)state;
    seal_ledger *l = open_new();
    uint8_t alice[32], id[8];
    seal_ledger_outcome o;
    tu_ptb b;
    tu_addr(alice, 1);
    for (int k = 0; k < 8; k++)
        id[k] = (uint8_t)((T0 - 1) >> (8 * k));
    memset(&b, 0, sizeof b);
    uint16_t i0 = tu_ptb_bytes(&b, id, 8), i1 = tu_ptb_shared(&b, SEAL_LEDGER_CLOCK_ID, 1, false);
    tu_ptb_call(&b, SEAL_LEDGER_PATTERNS_PACKAGE, "tle", "seal_approve", 2,
                (const uint16_t[]){i0, i1});
    assert_int_equal(tu_ptb_dry(l, &b, alice, &o), SEAL_LEDGER_SUCCESS);
    /* the same call with the Clock as a mutable shared input: refused before running */
    memset(&b, 0, sizeof b);
    i0 = tu_ptb_bytes(&b, id, 8);
    i1 = tu_ptb_shared(&b, SEAL_LEDGER_CLOCK_ID, 1, true);
    tu_ptb_call(&b, SEAL_LEDGER_PATTERNS_PACKAGE, "tle", "seal_approve", 2,
                (const uint16_t[]){i0, i1});
    assert_int_equal(tu_ptb_dry(l, &b, alice, &o), SEAL_LEDGER_WRONG_OWNER);
    assert_memory_equal(o.object_id, SEAL_LEDGER_CLOCK_ID, 32);
    assert_non_null(strstr(o.message, "immutable reference"));
    seal_ledger_close(l);
}

static void test_dry_run_repeated_object_input(void **state) {
    (void)state;
    seal_ledger *l = open_new();
    uint8_t alice[32], al[32], cap[32], id[33];
    seal_ledger_outcome o;
    tu_ptb b;
    tu_addr(alice, 1);
    assert_int_equal(seal_ledger_allowlist_create(l, alice, "list", al, cap, &o), SEAL_OK);
    assert_int_equal(o.status, SEAL_LEDGER_SUCCESS);
    assert_int_equal(seal_ledger_allowlist_add(l, alice, al, cap, alice, &o), SEAL_OK);
    assert_int_equal(o.status, SEAL_LEDGER_SUCCESS);
    memcpy(id, al, 32);
    id[32] = 7;
    /* one input per call: granted */
    memset(&b, 0, sizeof b);
    uint16_t i0 = tu_ptb_bytes(&b, id, 33), i1 = tu_ptb_shared(&b, al, 1, false);
    tu_ptb_call(&b, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "seal_approve", 2,
                (const uint16_t[]){i0, i1});
    tu_ptb_call(&b, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "seal_approve", 2,
                (const uint16_t[]){i0, i1});
    assert_int_equal(tu_ptb_dry(l, &b, alice, &o), SEAL_LEDGER_SUCCESS);
    /* the same object as two inputs: refused before running */
    memset(&b, 0, sizeof b);
    i0 = tu_ptb_bytes(&b, id, 33);
    i1 = tu_ptb_shared(&b, al, 1, false);
    uint16_t i2 = tu_ptb_shared(&b, al, 1, false);
    tu_ptb_call(&b, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "seal_approve", 2,
                (const uint16_t[]){i0, i1});
    tu_ptb_call(&b, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "seal_approve", 2,
                (const uint16_t[]){i0, i2});
    assert_int_equal(tu_ptb_dry(l, &b, alice, &o), SEAL_LEDGER_WRONG_OWNER);
    assert_memory_equal(o.object_id, al, 32);
    assert_non_null(strstr(o.message, "duplicate object input"));
    seal_ledger_close(l);
}

/* ---- finalize_vote -------------------------------------------------------------------------- */

/* An Allowlist { id, name: 5 bytes, list: 5 addresses } is 32 + 1 + 5 + 1 + 160 bytes, which
 * also parse as Vote { id, voters: 5 addresses, options, votes: [], is_finalized: false,
 * key_servers: [], public_keys: [], threshold: 0 } with the last 6 bytes of the last member. */
static void test_finalize_vote_needs_a_vote(void **state) {
    (void)state;
    seal_ledger *l = open_new();
    uint8_t alice[32], al[32], cap[32], member[32];
    seal_ledger_outcome o;
    assert_int_equal(seal_ledger_allowlist_create(l, alice, "vote!", al, cap, &o), SEAL_OK);
    assert_int_equal(o.status, SEAL_LEDGER_SUCCESS);
    for (int i = 0; i < 5; i++) {
        memset(member, 0x10 + i, 32);
        if (i == 4) {
            static const uint8_t tail[6] = {3, 0, 0, 0, 0, 0};
            memcpy(member + 26, tail, 6);
        }
        assert_int_equal(seal_ledger_allowlist_add(l, alice, al, cap, member, &o), SEAL_OK);
        assert_int_equal(o.status, SEAL_LEDGER_SUCCESS);
    }
    seal_ledger_object before, after;
    bool found = false;
    assert_int_equal(seal_ledger_object_get(l, al, &before, &found), SEAL_OK);
    assert_true(found);
    assert_int_equal(before.contents_len, 32 + 1 + 5 + 1 + 160);
    uint64_t counts[256];
    uint8_t n_options = 0;
    assert_int_equal(
        seal_ledger_voting_finalize(l, alice, al, NULL, NULL, 0, counts, 256, &n_options, &o),
        SEAL_OK);
    assert_int_equal(o.status, SEAL_LEDGER_TYPE_MISMATCH);
    assert_memory_equal(o.object_id, al, 32);
    assert_int_equal(seal_ledger_object_get(l, al, &after, &found), SEAL_OK);
    assert_int_equal(after.version, before.version);
    assert_int_equal(after.contents_len, before.contents_len);
    assert_memory_equal(after.contents, before.contents, before.contents_len);
    seal_ledger_object_clear(&before);
    seal_ledger_object_clear(&after);
    seal_ledger_close(l);
}

/* A vote of 3 key servers, threshold 2: one voter's encrypted vote is built with shares on a
 * polynomial of degree 2. With all three keys it used to decrypt (to option 1) and be counted;
 * Move's decryption refuses it (degree >= threshold), so it is not counted. The honest vote of
 * the other voter is. */
static void test_finalize_vote_degree(void **state) {
    (void)state;
    seal_ledger *l = open_new();
    uint8_t creator[32], voters[2][32], ks[3][32], msk[3][32], pk[3][96], usk[3][48];
    uint8_t vote[32], full_id[64], indices[3] = {1, 2, 3};
    seal_ledger_outcome o;
    static const uint8_t zero[32] = {0};
    tu_addr(creator, 9);
    tu_addr(voters[0], 1);
    tu_addr(voters[1], 2);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(seal_keys_generate(msk[i], pk[i], NULL), SEAL_OK);
        memset(ks[i], 0x40 + i, 32);
    }
    assert_int_equal(seal_ledger_voting_create(l, creator, (const uint8_t(*)[32])voters, 2, 3,
                                               (const uint8_t(*)[32])ks, (const uint8_t(*)[96])pk,
                                               3, 2, vote, &o),
                     SEAL_OK);
    assert_int_equal(o.status, SEAL_LEDGER_SUCCESS);
    memcpy(full_id + 32, vote, 32);
    memset(full_id, 0, 32);
    for (int i = 0; i < 3; i++)
        assert_int_equal(seal_keys_extract(usk[i], msk[i], full_id, 64), SEAL_OK);

    /* voter 0: degree 2, option 1 */
    uint8_t coef[3][32], shares[3][32], ct[1024];
    tu_rng rng;
    tu_rng_init(&rng, 11);
    tu_rng_bytes(&rng, (uint8_t *)coef, sizeof coef);
    coef[2][5] |= 1;
    tu_craft_poly_shares(shares, indices, 3, (const uint8_t(*)[32])coef, 3);
    static const uint8_t option1 = 1, option2 = 2;
    tu_craft c;
    memset(&c, 0, sizeof c);
    memcpy(c.package_id, zero, 32);
    c.id = vote;
    c.id_len = 32;
    c.n = 3;
    c.threshold = 2;
    c.ids = (const uint8_t(*)[32])ks;
    c.pks = (const uint8_t(*)[96])pk;
    c.indices = indices;
    c.shares = (const uint8_t(*)[32])shares;
    memcpy(c.base_key, coef[0], 32);
    tu_rng_bytes(&rng, c.randomness, 32);
    c.randomness[0] &= 0x3f;
    c.msg = &option1;
    c.msg_len = 1;
    c.aad = voters[0];
    c.aad_len = 32;
    size_t n = tu_craft_object(ct, sizeof ct, &c);
    assert_int_equal(seal_ledger_voting_cast(l, voters[0], vote, ct, n, &o), SEAL_OK);
    assert_int_equal(o.status, SEAL_LEDGER_SUCCESS);
    /* voter 1: an honest vote (degree 1), option 2 */
    tu_craft_poly_shares(shares, indices, 3, (const uint8_t(*)[32])coef, 2);
    c.msg = &option2;
    c.aad = voters[1];
    n = tu_craft_object(ct, sizeof ct, &c);
    assert_int_equal(seal_ledger_voting_cast(l, voters[1], vote, ct, n, &o), SEAL_OK);
    assert_int_equal(o.status, SEAL_LEDGER_SUCCESS);

    uint64_t counts[256];
    uint8_t n_options = 0;
    assert_int_equal(seal_ledger_voting_finalize(l, creator, vote, (const uint8_t(*)[48])usk,
                                                 (const uint8_t(*)[32])ks, 3, counts, 256,
                                                 &n_options, &o),
                     SEAL_OK);
    assert_int_equal(o.status, SEAL_LEDGER_SUCCESS);
    assert_int_equal(n_options, 3);
    assert_int_equal(counts[1], 0); /* the degree-2 vote is not counted */
    assert_int_equal(counts[2], 1);
    seal_ledger_close(l);
}

/* ---- String arguments ----------------------------------------------------------------------- */

static void test_string_arguments_utf8(void **state) {
    (void)state;
    seal_ledger *l = open_new();
    uint8_t alice[32], al[32], cap[32], svc[32], scap[32], ks[32], pk[96], msk[32];
    seal_ledger_outcome o;
    uint64_t count = 0, after = 0;
    tu_addr(alice, 1);
    assert_int_equal(seal_keys_generate(msk, pk, NULL), SEAL_OK);
    static const char *const bad[] = {"\xff", "a\xc0\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80",
                                      "ok\xe2\x82"};
    assert_int_equal(seal_ledger_transaction_count(l, &count), SEAL_OK);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(seal_ledger_allowlist_create(l, alice, bad[i], al, cap, &o), SEAL_OK);
        assert_int_equal(o.status, SEAL_LEDGER_INVALID_BCS);
        assert_int_equal(
            seal_ledger_example_service_create(l, alice, 1, 1000, bad[i], svc, scap, &o), SEAL_OK);
        assert_int_equal(o.status, SEAL_LEDGER_INVALID_BCS);
        assert_int_equal(
            seal_ledger_key_server_register(l, alice, bad[i], "http://x", 0, pk, ks, &o), SEAL_OK);
        assert_int_equal(o.status, SEAL_LEDGER_INVALID_BCS);
        assert_int_equal(seal_ledger_key_server_register(l, alice, "ks", bad[i], 0, pk, ks, &o),
                         SEAL_OK);
        assert_int_equal(o.status, SEAL_LEDGER_INVALID_BCS);
    }
    assert_int_equal(seal_ledger_transaction_count(l, &after), SEAL_OK);
    assert_int_equal(after, count); /* nothing recorded */
    /* valid UTF-8 (multi-byte included) passes */
    assert_int_equal(
        seal_ledger_allowlist_create(l, alice, "caf\xc3\xa9 \xf0\x9f\x94\x92", al, cap, &o),
        SEAL_OK);
    assert_int_equal(o.status, SEAL_LEDGER_SUCCESS);
    assert_int_equal(seal_ledger_example_service_create(l, alice, 1, 1000, "s", svc, scap, &o),
                     SEAL_OK);
    assert_int_equal(o.status, SEAL_LEDGER_SUCCESS);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(seal_ledger_allowlist_publish(l, alice, al, cap, bad[i], &o), SEAL_OK);
        assert_int_equal(o.status, SEAL_LEDGER_INVALID_BCS);
        assert_int_equal(seal_ledger_example_service_publish(l, alice, svc, scap, bad[i], &o),
                         SEAL_OK);
        assert_int_equal(o.status, SEAL_LEDGER_INVALID_BCS);
    }
    assert_int_equal(seal_ledger_allowlist_publish(l, alice, al, cap, "blob", &o), SEAL_OK);
    assert_int_equal(o.status, SEAL_LEDGER_SUCCESS);
    seal_memzero(msk, sizeof msk);
    seal_ledger_close(l);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dry_run_clock_by_mut),
        cmocka_unit_test(test_dry_run_repeated_object_input),
        cmocka_unit_test(test_finalize_vote_needs_a_vote),
        cmocka_unit_test(test_finalize_vote_degree),
        cmocka_unit_test(test_string_arguments_utf8),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
