/* The parts of the multi-buffer engine that both builds share, compiled without AVX-512 (this
 * file runs on every CPU): conversions between the library's Montgomery form (R = 2^384,
 * 64-bit limbs) and the engine's (R = 2^416, 52-bit limbs), the curve constants and the
 * generator table in engine form (converted once), and fixed-base tables of other points. */
#include <pthread.h>
#include <string.h>

#include "bls/curve.h"
#include "bls/mb.h"
#include "seal/bls12_381.h"

#define M52 ((uint64_t)0xfffffffffffffULL)

/* 2^416 mod p: seal__fp_mul(a R, 2^416) = a 2^416 mod p, the R52 form as a plain integer. */
static const fp TO52_F = {{0x44f6480ea8e9b9afULL, 0xa96f7d65766c8fe4ULL, 0xe82efd4228b540feULL,
                           0x6723e5f0ade53b2eULL, 0x25ff6eb6fdd4230aULL, 0x14c8ee06ef23c24aULL}};
/* 2^352: seal__fp_mul(y, 2^352) = y / 2^32 mod p turns a 2^416 back into a 2^384. */
static const fp FROM52_F = {{0, 0, 0, 0, 0, 0x0000000100000000ULL}};

void seal__mb_fp_to52(uint64_t out[8], const fp *a) {
    fp t;
    seal__fp_mul(&t, a, &TO52_F);
    for (int i = 0; i < 8; i++) {
        unsigned bit = 52u * (unsigned)i, w = bit / 64, sh = bit % 64;
        uint64_t v = w < 6 ? t.l[w] >> sh : 0;
        if (sh > 12 && w + 1 < 6) {
            v |= t.l[w + 1] << (64 - sh);
        }
        out[i] = v & M52;
    }
    seal_memzero(&t, sizeof t);
}

void seal__mb_fp_from52(fp *out, const uint64_t in[8]) {
    fp t;
    memset(&t, 0, sizeof t);
    for (int i = 0; i < 8; i++) {
        unsigned bit = 52u * (unsigned)i, w = bit / 64, sh = bit % 64;
        t.l[w] |= in[i] << sh;
        if (sh > 12 && w + 1 < 6) {
            t.l[w + 1] |= in[i] >> (64 - sh);
        }
    }
    seal__fp_mul(out, &t, &FROM52_F);
    seal_memzero(&t, sizeof t);
}

#define TW SEAL_MB_TABLE_WINDOWS
#define TE SEAL_MB_TABLE_ENTRIES

/* Stores the projective X and Y of entry k in the entry itself (an fp fits in the 52-bit
 * limbs' place) until the shared inversion turns them into affine engine form. */
static void entry_put(seal__mb_table *t, fp *zs, size_t k, const seal_g1 *q) {
    memcpy(t->e[k / TE][k % TE].x, q->x.l, sizeof q->x.l);
    memcpy(t->e[k / TE][k % TE].y, q->y.l, sizeof q->y.l);
    zs[k] = q->z;
}

void seal__mb_table_build(seal__mb_table *t, const seal_g1 *p) {
    /* (j + 1) 16^i P: per window 2B, 3B .. 8B from B = 16^i P, then 16^(i+1) P = 2 (8B). The
     * point is public (the generator, a requester's key): plain Montgomery trick. */
    fp zs[TW * TE], pre[TW * TE], acc = seal__fp_one, inv;
    seal_g1 b = *p, w, prev;
    for (size_t i = 0; i < TW; i++) {
        entry_put(t, zs, i * TE, &b);
        seal_g1_double(&w, &b);
        entry_put(t, zs, i * TE + 1, &w);
        for (size_t j = 2; j < TE; j++) {
            prev = w;
            seal_g1_add(&w, &prev, &b);
            entry_put(t, zs, i * TE + j, &w);
        }
        seal_g1_double(&b, &w);
    }
    for (size_t k = 0; k < TW * TE; k++) {
        pre[k] = acc;
        seal__fp_mul(&acc, &acc, &zs[k]);
    }
    seal__fp_inv_vartime(&inv, &acc);
    for (size_t k = TW * TE; k-- > 0;) {
        fp zi, x, y;
        seal__mb_aff52 *e = &t->e[k / TE][k % TE];
        seal__fp_mul(&zi, &inv, &pre[k]);
        seal__fp_mul(&inv, &inv, &zs[k]);
        memcpy(x.l, e->x, sizeof x.l);
        memcpy(y.l, e->y, sizeof y.l);
        seal__fp_mul(&x, &x, &zi);
        seal__fp_mul(&y, &y, &zi);
        seal__mb_fp_to52(e->x, &x);
        seal__mb_fp_to52(e->y, &y);
    }
}

static seal__mb_consts_t consts;
static pthread_once_t consts_once = PTHREAD_ONCE_INIT;

static void consts_init(void) {
    seal__mb_consts_t *c = &consts;
    seal__mb_fp_to52(c->one, &seal__fp_one);
    seal__mb_fp_to52(c->sswu_a, &seal__sswu_g1_a);
    seal__mb_fp_to52(c->sswu_b, &seal__sswu_g1_b);
    seal__mb_fp_to52(c->sswu_z, &seal__sswu_g1_z);
    seal__mb_fp_to52(c->sswu_sqrt_minus_z, &seal__sswu_g1_sqrt_minus_z);
    for (int i = 0; i < 12; i++) {
        seal__mb_fp_to52(c->iso_x_num[i], &seal__iso_g1_x_num[i]);
    }
    for (int i = 0; i < 10; i++) {
        seal__mb_fp_to52(c->iso_x_den[i], &seal__iso_g1_x_den[i]);
    }
    for (int i = 0; i < 16; i++) {
        seal__mb_fp_to52(c->iso_y_num[i], &seal__iso_g1_y_num[i]);
    }
    for (int i = 0; i < 15; i++) {
        seal__mb_fp_to52(c->iso_y_den[i], &seal__iso_g1_y_den[i]);
    }
    seal__mb_fp_to52(c->beta2, &seal__g1_beta2);
    for (size_t i = 0; i < TW; i++) {
        for (size_t j = 0; j < TE; j++) {
            seal__mb_fp_to52(c->gen.e[i][j].x, &seal__g1_gen_table[i][j].x);
            seal__mb_fp_to52(c->gen.e[i][j].y, &seal__g1_gen_table[i][j].y);
        }
    }
}

const seal__mb_consts_t *seal__mb_consts(void) {
    pthread_once(&consts_once, consts_init);
    return &consts;
}
