/*
 * The audit log's Merkle tree against known answers computed independently from RFC 9162's
 * definitions (tests/audit/merkle_kat.py -> tests/vectors/audit/merkle_kat.txt): the root of
 * every tree size up to 300, every inclusion proof and every consistency proof of those trees
 * (compared through digests of all proofs of a size), each proof verified with the RFC's
 * algorithms, and every alteration of every proof of the trees up to ALTER_MAX leaves (each
 * hash changed, a hash missing or added, another index, size, leaf or root) refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <sodium.h>

#include "seal/audit.h"
#include "seal/util.h"
#include "testutil.h"

#define MAX_LEAVES 300
/* Altered proofs are tried for every size up to this bound (smaller under the sanitizers). */
#if defined(__SANITIZE_ADDRESS__)
#define ALTER_MAX 64
#else
#define ALTER_MAX 160
#endif

typedef struct mem_tree {
    /* levels[L][i]: the complete subtree (L, i) */
    uint8_t (*levels[10])[32];
    size_t counts[10];
} mem_tree;

static seal_err sink(void *ctx, unsigned level, uint64_t index, const uint8_t hash[static 32]) {
    mem_tree *t = ctx;
    if (level >= 10 || index != t->counts[level])
        return SEAL_ERR_INTERNAL;
    memcpy(t->levels[level][index], hash, 32);
    t->counts[level]++;
    return SEAL_OK;
}

static seal_err source(void *ctx, unsigned level, uint64_t index, uint8_t out[static 32]) {
    const mem_tree *t = ctx;
    if (level >= 10 || index >= t->counts[level])
        return SEAL_ERR_INVALID_ARGUMENT;
    memcpy(out, t->levels[level][index], 32);
    return SEAL_OK;
}

typedef struct kat {
    uint8_t root[32], inclusion[32], consistency[32];
} kat;

static kat KAT[MAX_LEAVES + 1];
static uint8_t LEAF_HASH[MAX_LEAVES][32];
static uint8_t ROOTS[MAX_LEAVES + 1][32];
static mem_tree TREE;

static void leaf_data(uint8_t *out, size_t *len, uint32_t i) {
    *len = 0;
    for (uint32_t r = 0; r < i % 5; r++)
        for (int b = 0; b < 4; b++)
            out[(*len)++] = (uint8_t)(i >> (8 * b));
}

static int setup(void **state) {
    (void)state;
    char path[512];
    snprintf(path, sizeof path, "%s/audit/merkle_kat.txt", SEAL_VECTOR_DIR);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return -1;
    char line[512];
    size_t n = 0;
    while (fgets(line, sizeof line, f) != NULL && n <= MAX_LEAVES) {
        unsigned size = 0;
        char a[65], b[65], c[65];
        if (sscanf(line, "%u %64s %64s %64s", &size, a, b, c) != 4 || size != n ||
            seal_hex_decode(KAT[n].root, 32, a) != SEAL_OK ||
            seal_hex_decode(KAT[n].inclusion, 32, b) != SEAL_OK ||
            seal_hex_decode(KAT[n].consistency, 32, c) != SEAL_OK) {
            fclose(f);
            return -1;
        }
        n++;
    }
    fclose(f);
    if (n != MAX_LEAVES + 1)
        return -1;
    for (int l = 0; l < 10; l++) {
        TREE.levels[l] = calloc(MAX_LEAVES, 32);
        if (TREE.levels[l] == NULL)
            return -1;
    }
    seal_audit_frontier fr;
    seal_audit_frontier_init(&fr);
    seal_audit_frontier_root(&fr, ROOTS[0]);
    for (uint32_t i = 0; i < MAX_LEAVES; i++) {
        uint8_t d[32];
        size_t len = 0;
        leaf_data(d, &len, i);
        seal_audit_leaf_hash(LEAF_HASH[i], d, len);
        if (seal_audit_frontier_append(&fr, LEAF_HASH[i], sink, &TREE) != SEAL_OK)
            return -1;
        seal_audit_frontier_root(&fr, ROOTS[i + 1]);
    }
    return 0;
}

static int teardown(void **state) {
    (void)state;
    for (int l = 0; l < 10; l++)
        free(TREE.levels[l]);
    return 0;
}

static void test_roots(void **state) {
    (void)state;
    for (uint64_t n = 0; n <= MAX_LEAVES; n++) {
        tu_assert_bytes(ROOTS[n], KAT[n].root, 32, "frontier root");
        if (n > 0) {
            uint8_t r[32];
            assert_int_equal(seal_audit_range_hash(r, source, &TREE, 0, n), SEAL_OK);
            tu_assert_bytes(r, KAT[n].root, 32, "root from complete subtrees");
        }
    }
    uint8_t empty[32];
    seal_audit_empty_root(empty);
    tu_assert_bytes(empty, KAT[0].root, 32, "empty root");
}

static void digest_add(crypto_hash_sha256_state *st, uint64_t m, const uint8_t (*path)[32],
                       size_t n) {
    uint8_t head[9];
    for (int i = 0; i < 8; i++)
        head[i] = (uint8_t)(m >> (8 * i));
    head[8] = (uint8_t)n;
    crypto_hash_sha256_update(st, head, 9);
    for (size_t i = 0; i < n; i++)
        crypto_hash_sha256_update(st, path[i], 32);
}

/* An altered inclusion proof must fail: every hash with one bit flipped, one hash missing or
 * added, and the index, size, leaf and root changed. */
static void inclusion_alterations(uint64_t m, uint64_t n, uint8_t (*path)[32], size_t len) {
    for (size_t i = 0; i < len; i++) {
        for (int bit = 7; bit < 8; bit++) {
            path[i][i % 32] ^= (uint8_t)(1u << bit);
            assert_int_not_equal(seal_audit_verify_inclusion(
                                     LEAF_HASH[m], m, n, (const uint8_t(*)[32])path, len, ROOTS[n]),
                                 SEAL_OK);
            path[i][i % 32] ^= (uint8_t)(1u << bit);
        }
    }
    if (len > 0) {
        assert_int_not_equal(seal_audit_verify_inclusion(
                                 LEAF_HASH[m], m, n, (const uint8_t(*)[32])path, len - 1, ROOTS[n]),
                             SEAL_OK);
        assert_int_not_equal(seal_audit_verify_inclusion(LEAF_HASH[m], m, n,
                                                         (const uint8_t(*)[32])path + 1, len - 1,
                                                         ROOTS[n]),
                             SEAL_OK);
    }
    memcpy(path[len], path[len > 0 ? len - 1 : 0], 32);
    if (len == 0)
        memcpy(path[0], LEAF_HASH[m], 32);
    assert_int_not_equal(seal_audit_verify_inclusion(LEAF_HASH[m], m, n, (const uint8_t(*)[32])path,
                                                     len + 1, ROOTS[n]),
                         SEAL_OK);
    for (uint64_t other = 0; other < n; other++) {
        if (other != m && memcmp(LEAF_HASH[other], LEAF_HASH[m], 32) != 0) {
            assert_int_not_equal(seal_audit_verify_inclusion(LEAF_HASH[other], m, n,
                                                             (const uint8_t(*)[32])path, len,
                                                             ROOTS[n]),
                                 SEAL_OK);
            break;
        }
    }
    if (m + 1 < n)
        assert_int_not_equal(seal_audit_verify_inclusion(LEAF_HASH[m], m + 1, n,
                                                         (const uint8_t(*)[32])path, len, ROOTS[n]),
                             SEAL_OK);
    if (m > 0)
        assert_int_not_equal(seal_audit_verify_inclusion(LEAF_HASH[m], m - 1, n,
                                                         (const uint8_t(*)[32])path, len, ROOTS[n]),
                             SEAL_OK);
    /* other sizes, with their true roots */
    if (n < MAX_LEAVES)
        assert_int_not_equal(seal_audit_verify_inclusion(LEAF_HASH[m], m, n + 1,
                                                         (const uint8_t(*)[32])path, len,
                                                         ROOTS[n + 1]),
                             SEAL_OK);
    if (m + 1 < n)
        assert_int_not_equal(seal_audit_verify_inclusion(LEAF_HASH[m], m, n - 1,
                                                         (const uint8_t(*)[32])path, len,
                                                         ROOTS[n - 1]),
                             SEAL_OK);
    assert_int_not_equal(seal_audit_verify_inclusion(LEAF_HASH[m], m, n, (const uint8_t(*)[32])path,
                                                     len, ROOTS[n - 1]),
                         SEAL_OK);
    /* an index at or past the size is refused whatever the proof */
    assert_int_not_equal(
        seal_audit_verify_inclusion(LEAF_HASH[m], n, n, (const uint8_t(*)[32])path, len, ROOTS[n]),
        SEAL_OK);
}

static void test_inclusion(void **state) {
    (void)state;
    uint8_t path[SEAL_AUDIT_MAX_PROOF_HASHES + 1][32];
    size_t total = 0;
    for (uint64_t n = 0; n <= MAX_LEAVES; n++) {
        crypto_hash_sha256_state st;
        crypto_hash_sha256_init(&st);
        for (uint64_t m = 0; m < n; m++) {
            size_t len = 0;
            assert_int_equal(seal_audit_inclusion_proof(path, 64, &len, source, &TREE, m, n),
                             SEAL_OK);
            digest_add(&st, m, (const uint8_t(*)[32])path, len);
            assert_int_equal(seal_audit_verify_inclusion(LEAF_HASH[m], m, n,
                                                         (const uint8_t(*)[32])path, len, ROOTS[n]),
                             SEAL_OK);
            if (n <= ALTER_MAX)
                inclusion_alterations(m, n, path, len);
            total++;
        }
        uint8_t d[32];
        crypto_hash_sha256_final(&st, d);
        tu_assert_bytes(d, KAT[n].inclusion, 32, "digest of the inclusion proofs");
        size_t len = 0;
        assert_int_not_equal(seal_audit_inclusion_proof(path, 64, &len, source, &TREE, n, n),
                             SEAL_OK);
    }
    assert_int_equal(total, (size_t)MAX_LEAVES * (MAX_LEAVES + 1) / 2);
}

static void consistency_alterations(uint64_t m, uint64_t n, uint8_t (*path)[32], size_t len) {
    for (size_t i = 0; i < len; i++) {
        path[i][(i * 7) % 32] ^= 0x80;
        assert_int_not_equal(seal_audit_verify_consistency(m, n, ROOTS[m], ROOTS[n],
                                                           (const uint8_t(*)[32])path, len),
                             SEAL_OK);
        path[i][(i * 7) % 32] ^= 0x80;
    }
    if (len > 0) {
        assert_int_not_equal(seal_audit_verify_consistency(m, n, ROOTS[m], ROOTS[n],
                                                           (const uint8_t(*)[32])path, len - 1),
                             SEAL_OK);
        assert_int_not_equal(seal_audit_verify_consistency(m, n, ROOTS[m], ROOTS[n],
                                                           (const uint8_t(*)[32])path + 1, len - 1),
                             SEAL_OK);
    }
    memcpy(path[len], ROOTS[m], 32);
    assert_int_not_equal(seal_audit_verify_consistency(m, n, ROOTS[m], ROOTS[n],
                                                       (const uint8_t(*)[32])path, len + 1),
                         SEAL_OK);
    /* other roots, sizes */
    if (m > 1 || (m == 1 && n > 1))
        assert_int_not_equal(seal_audit_verify_consistency(m, n, ROOTS[m - 1], ROOTS[n],
                                                           (const uint8_t(*)[32])path, len),
                             SEAL_OK);
    if (n > m)
        assert_int_not_equal(seal_audit_verify_consistency(m, n, ROOTS[m], ROOTS[n - 1],
                                                           (const uint8_t(*)[32])path, len),
                             SEAL_OK);
    /* other sizes, with their true roots */
    if (m + 1 < n)
        assert_int_not_equal(seal_audit_verify_consistency(m + 1, n, ROOTS[m + 1], ROOTS[n],
                                                           (const uint8_t(*)[32])path, len),
                             SEAL_OK);
    if (m > 1)
        assert_int_not_equal(seal_audit_verify_consistency(m - 1, n, ROOTS[m - 1], ROOTS[n],
                                                           (const uint8_t(*)[32])path, len),
                             SEAL_OK);
    if (m + 1 < n)
        assert_int_not_equal(seal_audit_verify_consistency(m, n - 1, ROOTS[m], ROOTS[n - 1],
                                                           (const uint8_t(*)[32])path, len),
                             SEAL_OK);
    if (n < MAX_LEAVES)
        assert_int_not_equal(seal_audit_verify_consistency(m, n + 1, ROOTS[m], ROOTS[n + 1],
                                                           (const uint8_t(*)[32])path, len),
                             SEAL_OK);
    /* a first tree larger than the second is refused */
    assert_int_not_equal(
        seal_audit_verify_consistency(n + 1, n, ROOTS[n], ROOTS[n], (const uint8_t(*)[32])path, 0),
        SEAL_OK);
}

static void test_consistency(void **state) {
    (void)state;
    uint8_t path[SEAL_AUDIT_MAX_PROOF_HASHES + 1][32];
    size_t total = 0;
    for (uint64_t n = 0; n <= MAX_LEAVES; n++) {
        crypto_hash_sha256_state st;
        crypto_hash_sha256_init(&st);
        for (uint64_t m = 1; m <= n; m++) {
            size_t len = 0;
            assert_int_equal(seal_audit_consistency_proof(path, SEAL_AUDIT_MAX_PROOF_HASHES, &len,
                                                          source, &TREE, m, n),
                             SEAL_OK);
            digest_add(&st, m, (const uint8_t(*)[32])path, len);
            assert_int_equal(seal_audit_verify_consistency(m, n, ROOTS[m], ROOTS[n],
                                                           (const uint8_t(*)[32])path, len),
                             SEAL_OK);
            if (n <= ALTER_MAX)
                consistency_alterations(m, n, path, len);
            total++;
        }
        uint8_t d[32];
        crypto_hash_sha256_final(&st, d);
        tu_assert_bytes(d, KAT[n].consistency, 32, "digest of the consistency proofs");
        /* the empty tree is consistent with every tree; with an empty proof only */
        size_t len = 1;
        assert_int_equal(seal_audit_consistency_proof(path, SEAL_AUDIT_MAX_PROOF_HASHES, &len,
                                                      source, &TREE, 0, n),
                         SEAL_OK);
        assert_int_equal(len, 0);
        assert_int_equal(
            seal_audit_verify_consistency(0, n, ROOTS[0], ROOTS[n], (const uint8_t(*)[32])path, 0),
            SEAL_OK);
        if (n > 0) {
            assert_int_not_equal(seal_audit_verify_consistency(0, n, ROOTS[1], ROOTS[n],
                                                               (const uint8_t(*)[32])path, 0),
                                 SEAL_OK);
            memcpy(path[0], ROOTS[n], 32);
            assert_int_not_equal(seal_audit_verify_consistency(0, n, ROOTS[0], ROOTS[n],
                                                               (const uint8_t(*)[32])path, 1),
                                 SEAL_OK);
        }
    }
    assert_int_equal(total, (size_t)MAX_LEAVES * (MAX_LEAVES + 1) / 2);
}

/* A wrong or missing node from the source surfaces as an error, not a wrong proof. */
static void test_source_errors(void **state) {
    (void)state;
    uint8_t path[64][32];
    size_t len = 0;
    assert_int_not_equal(seal_audit_inclusion_proof(path, 64, &len, source, &TREE, 3, 400),
                         SEAL_OK);
    assert_int_equal(seal_audit_inclusion_proof(path, 2, &len, source, &TREE, 3, 300),
                     SEAL_ERR_LIMIT);
    assert_int_equal(seal_audit_consistency_proof(path, 64, &len, source, &TREE, 5, 4),
                     SEAL_ERR_INVALID_ARGUMENT);
    uint8_t r[32];
    assert_int_equal(seal_audit_range_hash(r, source, &TREE, 4, 4), SEAL_ERR_INVALID_ARGUMENT);
}

/* The frontier reports each completed subtree once, in order, and refuses to overflow. */
static void test_frontier(void **state) {
    (void)state;
    for (int l = 0; l < 10; l++)
        assert_int_equal(TREE.counts[l], MAX_LEAVES >> l);
    seal_audit_frontier f;
    seal_audit_frontier_init(&f);
    f.size = UINT64_MAX;
    assert_int_equal(seal_audit_frontier_append(&f, LEAF_HASH[0], NULL, NULL), SEAL_ERR_LIMIT);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roots),         cmocka_unit_test(test_frontier),
        cmocka_unit_test(test_inclusion),     cmocka_unit_test(test_consistency),
        cmocka_unit_test(test_source_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
