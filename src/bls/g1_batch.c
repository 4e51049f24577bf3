/* Batches of G1 work (the key server's per-id crypto): hash to G1, variable-base and fixed-base
 * scalar multiplications, and affine conversion with one shared inversion. With the ifma
 * backends the multi-buffer engine (mb.h) runs up to `lanes` of them at once; otherwise (or for
 * a short remainder, where a full engine pass would cost more than the scalar calls) each item
 * goes through the scalar functions. Results are the same either way. Constant time in the
 * values of the points and scalars; n is public. */
#include <string.h>

#include "bls/curve.h"
#include "bls/mb.h"
#include "seal/bls12_381.h"
#include "util/ct.h"

/* Below this many items in a chunk, the scalar code is faster than an 8-lane engine pass (an
 * engine pass costs about 3 scalar calls, whatever the number of lanes in use). */
#define MB_MIN_ITEMS 3

static size_t chunk_len(const seal__mb_engine *e, size_t left) {
    if (e == NULL || left < MB_MIN_ITEMS) {
        return 0;
    }
    return left < e->lanes ? left : e->lanes;
}

void seal_g1_hash_to_curve_batch(seal_g1 *out, const uint8_t *const *msgs, const size_t *msg_lens,
                                 size_t n, const uint8_t *dst, size_t dst_len) {
    const seal__mb_engine *e = seal__bls_mb();
    fp u[SEAL_MB_MAX_LANES][2];
    size_t i = 0;
    while (i < n) {
        size_t m = chunk_len(e, n - i);
        if (m == 0) {
            seal_g1_hash_to_curve(&out[i], msgs[i], msg_lens[i], dst, dst_len);
            i++;
            continue;
        }
        for (size_t k = 0; k < m; k++) {
            seal__hash_to_field_fp(u[k], msgs[i + k], msg_lens[i + k], dst, dst_len);
        }
        e->g1_hash_from_field(&out[i], (const fp(*)[2])u, m);
        i += m;
    }
    seal_memzero(u, sizeof u);
}

void seal_g1_mul_batch(seal_g1 *out, const seal_g1 *p, const seal_scalar *k, size_t n) {
    const seal__mb_engine *e = seal__bls_mb();
    size_t i = 0;
    while (i < n) {
        size_t m = chunk_len(e, n - i);
        if (m == 0) {
            seal_g1_mul(&out[i], &p[i], &k[i]);
            i++;
            continue;
        }
        e->g1_mul(&out[i], &p[i], &k[i], m);
        i += m;
    }
}

void seal_g1_mul_same_batch(seal_g1 *out, const seal_g1 *p, const seal_scalar *k, size_t n) {
    seal_g1 ps[SEAL_MB_MAX_LANES];
    const seal__mb_engine *e = seal__bls_mb();
    size_t i = 0;
    for (size_t j = 0; j < SEAL_MB_MAX_LANES; j++) {
        ps[j] = *p;
    }
    while (i < n) {
        size_t m = chunk_len(e, n - i);
        if (m == 0) {
            seal_g1_mul(&out[i], p, &k[i]);
            i++;
            continue;
        }
        e->g1_mul(&out[i], ps, &k[i], m);
        i += m;
    }
    seal_memzero(ps, sizeof ps);
}

/* ---- fixed-base tables ------------------------------------------------------------------------
 */

enum { TABLE_SCALAR = 1, TABLE_ENGINE = 2 };

struct seal_g1_table {
    int kind;
    seal_g1 base;
    union {
        seal__g1_aff t64[SEAL__GEN_WINDOWS][SEAL__GEN_ENTRIES];
        seal__mb_table t52;
    } u;
};

size_t seal_g1_table_sizeof(void) {
    return sizeof(seal_g1_table);
}

/* Affine (j + 1) 16^i P for the scalar fallback: the engine table's construction, then its
 * entries converted back. */
void seal_g1_table_init(seal_g1_table *t, const seal_g1 *p) {
    t->base = *p;
    seal__mb_table_build(&t->u.t52, p);
    if (seal__bls_mb() != NULL) {
        t->kind = TABLE_ENGINE;
        return;
    }
    /* in place: entry (i, j) of the 64-bit table is smaller than the 52-bit one and comes
     * no later in memory */
    for (size_t i = 0; i < SEAL__GEN_WINDOWS; i++) {
        for (size_t j = 0; j < SEAL__GEN_ENTRIES; j++) {
            seal__mb_aff52 e52 = t->u.t52.e[i][j];
            seal__mb_fp_from52(&t->u.t64[i][j].x, e52.x);
            seal__mb_fp_from52(&t->u.t64[i][j].y, e52.y);
        }
    }
    t->kind = TABLE_SCALAR;
}

void seal_g1_mul_table_batch(seal_g1 *out, const seal_g1_table *t, const seal_scalar *k, size_t n) {
    const seal__mb_engine *e = seal__bls_mb();
    size_t i = 0;
    while (i < n) {
        if (e != NULL && t->kind == TABLE_ENGINE) {
            /* one engine pass costs less than one scalar variable-base multiplication */
            size_t m = n - i < e->lanes ? n - i : e->lanes;
            e->g1_mul_table(&out[i], &t->u.t52, &k[i], m);
            i += m;
        } else if (t->kind == TABLE_SCALAR) {
            seal__g1_mul_fixed(&out[i], t->u.t64, &k[i]);
            i++;
        } else {
            /* an engine table used with a scalar backend (the backend changed) */
            seal_g1_mul(&out[i], &t->base, &k[i]);
            i++;
        }
    }
}

void seal_g1_mul_gen_batch(seal_g1 *out, const seal_scalar *k, size_t n) {
    const seal__mb_engine *e = seal__bls_mb();
    size_t i = 0;
    while (i < n) {
        size_t m = chunk_len(e, n - i);
        if (m == 0) {
            seal_g1_mul_gen(&out[i], &k[i]);
            i++;
            continue;
        }
        e->g1_mul_table(&out[i], &seal__mb_consts()->gen, &k[i], m);
        i += m;
    }
}

/* ---- affine conversion --------------------------------------------------------------------- */

#define AFFINE_CHUNK 16

void seal_g1_to_affine_batch(seal_g1_affine *out, const seal_g1 *p, size_t n) {
    fp pre[AFFINE_CHUNK], z[AFFINE_CHUNK], acc, inv, zi;
    for (size_t base = 0; base < n; base += AFFINE_CHUNK) {
        size_t m = n - base < AFFINE_CHUNK ? n - base : AFFINE_CHUNK;
        /* Montgomery's trick, with 1 in place of the Z of an identity (which then maps to
         * (0, 0) flagged infinity, as seal_g1_to_affine does) */
        acc = seal__fp_one;
        for (size_t i = 0; i < m; i++) {
            uint64_t inf = seal__fp_is_zero(&p[base + i].z) ? 1 : 0;
            z[i] = p[base + i].z;
            seal__fp_cmov(&z[i], &seal__fp_one, inf);
            pre[i] = acc;
            seal__fp_mul(&acc, &acc, &z[i]);
            out[base + i].infinity = inf != 0;
        }
        seal__fp_inv(&inv, &acc);
        for (size_t i = m; i-- > 0;) {
            const seal_g1 *q = &p[base + i];
            seal__fp_mul(&zi, &inv, &pre[i]);
            seal__fp_mul(&inv, &inv, &z[i]);
            seal__fp_cmov(&zi, &seal__fp_zero, out[base + i].infinity ? 1 : 0);
            seal__fp_mul(&out[base + i].x, &q->x, &zi);
            seal__fp_mul(&out[base + i].y, &q->y, &zi);
        }
    }
    seal_memzero(pre, sizeof pre);
    seal_memzero(z, sizeof z);
    seal_memzero(&acc, sizeof acc);
    seal_memzero(&inv, sizeof inv);
    seal_memzero(&zi, sizeof zi);
}
