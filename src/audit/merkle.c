/*
 * RFC 9162 (CT v2) Merkle trees over SHA-256: leaf and node hashing, the right-edge frontier
 * used for appends, proof generation from complete-subtree hashes (PATH and PROOF of sections
 * 2.1.3.1 and 2.1.4.1) and the RFC's verification algorithms (2.1.3.2 and 2.1.4.2).
 *
 * Every subtree the RFC's recursions name is a range D[begin:end] whose begin is a multiple of
 * the largest power of two not above its size; its hash is one stored complete subtree when the
 * size is a power of two, else the hash of its two halves split at that power: O(log n) lookups.
 */
#include <sodium.h>
#include <string.h>

#include "audit/internal.h"
#include "seal/audit.h"

void seal_audit_leaf_hash(uint8_t out[static 32], const uint8_t *data, size_t len) {
    static const uint8_t prefix = 0x00;
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, &prefix, 1);
    if (len > 0)
        crypto_hash_sha256_update(&st, data, len);
    crypto_hash_sha256_final(&st, out);
}

void seal_audit_node_hash(uint8_t out[static 32], const uint8_t left[static 32],
                          const uint8_t right[static 32]) {
    uint8_t buf[65];
    buf[0] = 0x01;
    memcpy(buf + 1, left, 32);
    memcpy(buf + 33, right, 32);
    crypto_hash_sha256(out, buf, sizeof buf);
}

void seal_audit_empty_root(uint8_t out[static 32]) {
    crypto_hash_sha256(out, (const uint8_t *)"", 0);
}

/* ---- frontier ----------------------------------------------------------------------------- */

void seal_audit_frontier_init(seal_audit_frontier *f) {
    memset(f, 0, sizeof *f);
}

seal_err seal_audit_frontier_append(seal_audit_frontier *f, const uint8_t leaf_hash[static 32],
                                    seal_audit_node_sink sink, void *ctx) {
    uint8_t h[32];
    seal_err err;
    if (f->size == UINT64_MAX)
        return SEAL_ERR_LIMIT;
    uint64_t n = f->size + 1; /* size after the append */
    memcpy(h, leaf_hash, 32);
    if (sink != NULL && (err = sink(ctx, 0, f->size, h)) != SEAL_OK)
        return err;
    unsigned k = 0;
    /* Binary increment: each set low bit of the old size merges into a larger subtree. */
    while ((f->size >> k) & 1u) {
        seal_audit_node_hash(h, f->hashes[k], h);
        k++;
        if (sink != NULL && (err = sink(ctx, k, (n >> k) - 1, h)) != SEAL_OK)
            return err;
    }
    memcpy(f->hashes[k], h, 32);
    for (unsigned j = 0; j < k; j++)
        memset(f->hashes[j], 0, 32);
    f->size = n;
    return SEAL_OK;
}

void seal_audit_frontier_root(const seal_audit_frontier *f, uint8_t out[static 32]) {
    uint8_t acc[32];
    bool any = false;
    for (unsigned k = 0; k < 64; k++) {
        if (((f->size >> k) & 1u) == 0)
            continue;
        if (any) {
            seal_audit_node_hash(acc, f->hashes[k], acc);
        } else {
            memcpy(acc, f->hashes[k], 32);
            any = true;
        }
    }
    if (any)
        memcpy(out, acc, 32);
    else
        seal_audit_empty_root(out);
}

/* ---- proofs ------------------------------------------------------------------------------- */

/* Largest power of two strictly below n (n >= 2). */
static uint64_t split_point(uint64_t n) {
    uint64_t k = 1;
    while (k < n - k)
        k <<= 1;
    return k;
}

static bool is_pow2(uint64_t n) {
    return n != 0 && (n & (n - 1)) == 0;
}

static unsigned log2_u64(uint64_t n) {
    unsigned l = 0;
    while (n > 1) {
        n >>= 1;
        l++;
    }
    return l;
}

seal_err seal_audit_range_hash(uint8_t out[static 32], seal_audit_node_source src, void *ctx,
                               uint64_t begin, uint64_t end) {
    if (begin >= end)
        return SEAL_ERR_INVALID_ARGUMENT;
    uint64_t n = end - begin;
    if (is_pow2(n) && begin % n == 0)
        return src(ctx, log2_u64(n), begin / n, out);
    /* n >= 2 here: a single leaf is always aligned. */
    uint64_t k = split_point(n);
    if (is_pow2(n))
        k = n / 2; /* unaligned complete range: split in halves (not produced by the RFC) */
    uint8_t l[32], r[32];
    seal_err err;
    if ((err = seal_audit_range_hash(l, src, ctx, begin, begin + k)) != SEAL_OK ||
        (err = seal_audit_range_hash(r, src, ctx, begin + k, end)) != SEAL_OK)
        return err;
    seal_audit_node_hash(out, l, r);
    return SEAL_OK;
}

typedef struct proof_out {
    uint8_t (*path)[32];
    size_t cap, n;
    seal_audit_node_source src;
    void *ctx;
} proof_out;

static seal_err push_range(proof_out *o, uint64_t begin, uint64_t end) {
    if (o->n >= o->cap)
        return SEAL_ERR_LIMIT;
    seal_err err = seal_audit_range_hash(o->path[o->n], o->src, o->ctx, begin, end);
    if (err == SEAL_OK)
        o->n++;
    return err;
}

/* PATH(m, D[begin:begin+n]). */
static seal_err path_rec(proof_out *o, uint64_t m, uint64_t begin, uint64_t n) {
    if (n <= 1)
        return SEAL_OK;
    uint64_t k = split_point(n);
    seal_err err;
    if (m < k) {
        if ((err = path_rec(o, m, begin, k)) != SEAL_OK)
            return err;
        return push_range(o, begin + k, begin + n);
    }
    if ((err = path_rec(o, m - k, begin + k, n - k)) != SEAL_OK)
        return err;
    return push_range(o, begin, begin + k);
}

seal_err seal_audit_inclusion_proof(uint8_t (*path)[32], size_t cap, size_t *n,
                                    seal_audit_node_source src, void *ctx, uint64_t index,
                                    uint64_t size) {
    proof_out o = {path, cap, 0, src, ctx};
    *n = 0;
    if (index >= size)
        return SEAL_ERR_INVALID_ARGUMENT;
    seal_err err = path_rec(&o, index, 0, size);
    if (err == SEAL_OK)
        *n = o.n;
    return err;
}

/* SUBPROOF(m, D[begin:begin+n], b). */
static seal_err subproof_rec(proof_out *o, uint64_t m, uint64_t begin, uint64_t n, bool b) {
    seal_err err;
    if (m == n)
        return b ? SEAL_OK : push_range(o, begin, begin + n);
    uint64_t k = split_point(n);
    if (m <= k) {
        if ((err = subproof_rec(o, m, begin, k, b)) != SEAL_OK)
            return err;
        return push_range(o, begin + k, begin + n);
    }
    if ((err = subproof_rec(o, m - k, begin + k, n - k, false)) != SEAL_OK)
        return err;
    return push_range(o, begin, begin + k);
}

seal_err seal_audit_consistency_proof(uint8_t (*path)[32], size_t cap, size_t *n,
                                      seal_audit_node_source src, void *ctx, uint64_t first,
                                      uint64_t second) {
    proof_out o = {path, cap, 0, src, ctx};
    *n = 0;
    if (first > second)
        return SEAL_ERR_INVALID_ARGUMENT;
    if (first == 0 || first == second)
        return SEAL_OK;
    seal_err err = subproof_rec(&o, first, 0, second, true);
    if (err == SEAL_OK)
        *n = o.n;
    return err;
}

/* ---- verification (RFC 9162 2.1.3.2 and 2.1.4.2, step by step) ---------------------------- */

seal_err seal_audit_verify_inclusion(const uint8_t leaf_hash[static 32], uint64_t index,
                                     uint64_t size, const uint8_t (*path)[32], size_t n,
                                     const uint8_t root[static 32]) {
    /* 1. leaf_index < tree_size */
    if (index >= size)
        return SEAL_ERR_INVALID_SIGNATURE;
    /* 2. fn = leaf_index, sn = tree_size - 1; 3. r = hash */
    uint64_t fn = index, sn = size - 1;
    uint8_t r[32];
    memcpy(r, leaf_hash, 32);
    /* 4. for each p in the path */
    for (size_t i = 0; i < n; i++) {
        if (sn == 0) /* a. */
            return SEAL_ERR_INVALID_SIGNATURE;
        if ((fn & 1u) || fn == sn) { /* b. */
            seal_audit_node_hash(r, path[i], r);
            if (!(fn & 1u)) {
                while (!(fn & 1u) && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
        } else {
            seal_audit_node_hash(r, r, path[i]);
        }
        fn >>= 1; /* c. */
        sn >>= 1;
    }
    /* 5. sn == 0 and r == root */
    return sn == 0 && memcmp(r, root, 32) == 0 ? SEAL_OK : SEAL_ERR_INVALID_SIGNATURE;
}

seal_err seal_audit_verify_consistency(uint64_t first, uint64_t second,
                                       const uint8_t first_root[static 32],
                                       const uint8_t second_root[static 32],
                                       const uint8_t (*path)[32], size_t n) {
    if (first > second)
        return SEAL_ERR_INVALID_SIGNATURE;
    if (first == second)
        return n == 0 && memcmp(first_root, second_root, 32) == 0 ? SEAL_OK
                                                                  : SEAL_ERR_INVALID_SIGNATURE;
    if (first == 0) {
        uint8_t empty[32];
        seal_audit_empty_root(empty);
        return n == 0 && memcmp(first_root, empty, 32) == 0 ? SEAL_OK : SEAL_ERR_INVALID_SIGNATURE;
    }
    /* 1. an empty path fails */
    if (n == 0)
        return SEAL_ERR_INVALID_SIGNATURE;
    /* 2. when first is a power of 2, first_hash is prepended */
    bool prepend = is_pow2(first);
    size_t total = n + (prepend ? 1 : 0);
    /* 3. fn = first - 1, sn = second - 1; 4. shift out the low set bits of fn */
    uint64_t fn = first - 1, sn = second - 1;
    while (fn & 1u) {
        fn >>= 1;
        sn >>= 1;
    }
    /* 5. fr = sr = the first value */
    uint8_t fr[32], sr[32];
    const uint8_t *c0 = prepend ? first_root : path[0];
    memcpy(fr, c0, 32);
    memcpy(sr, c0, 32);
    /* 6. each subsequent value */
    for (size_t i = 1; i < total; i++) {
        const uint8_t *c = prepend ? path[i - 1] : path[i];
        if (sn == 0) /* a. */
            return SEAL_ERR_INVALID_SIGNATURE;
        if ((fn & 1u) || fn == sn) { /* b. */
            seal_audit_node_hash(fr, c, fr);
            seal_audit_node_hash(sr, c, sr);
            if (!(fn & 1u)) {
                while (!(fn & 1u) && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
        } else {
            seal_audit_node_hash(sr, sr, c);
        }
        fn >>= 1; /* c. */
        sn >>= 1;
    }
    /* 7. fr == first_hash, sr == second_hash, sn == 0 */
    return memcmp(fr, first_root, 32) == 0 && memcmp(sr, second_root, 32) == 0 && sn == 0
               ? SEAL_OK
               : SEAL_ERR_INVALID_SIGNATURE;
}
