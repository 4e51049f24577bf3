/* The multi-buffer engine: the same G1 work on SEAL_MB lanes at once (independent inputs per
 * lane), in radix 2^52 so that AVX-512 IFMA multiplies all lanes in one instruction stream.
 *
 * The engine is one source (mb_engine.inc) compiled twice: with IFMA intrinsics (mb_ifma.c,
 * only called when the CPU reports AVX-512F/VL/DQ and IFMA) and with the portable emulation of
 * the same vector operations (mb_emu.c: same control flow and memory accesses, used by the
 * constant-time check under valgrind and by the tests on machines without IFMA).
 * seal__bls_mb() returns the engine selected by seal_bls_set_backend (NULL for the scalar
 * backends, where the batch functions of g1_batch.c loop over the scalar code instead).
 *
 * Every entry point takes n <= lanes inputs (n is public; missing lanes are filled with copies
 * of lane 0 and their results dropped) and is constant time in the inputs' values. */
#ifndef SEAL_BLS_MB_H
#define SEAL_BLS_MB_H

#include <stddef.h>
#include <stdint.h>

#include "bls/internal.h"

#define SEAL_MB_MAX_LANES 8

/* An affine point in the engine's radix-2^52 Montgomery form (R = 2^416, coordinates < p,
 * 8 limbs of 52 bits, little-endian): the entries of fixed-base tables. */
typedef struct seal__mb_aff52 {
    uint64_t x[8], y[8];
} seal__mb_aff52;

/* A fixed-base table: entry [i][j] = (j + 1) 16^i P (the layout of the generator tables). */
#define SEAL_MB_TABLE_WINDOWS 64
#define SEAL_MB_TABLE_ENTRIES 8
typedef struct seal__mb_table {
    seal__mb_aff52 e[SEAL_MB_TABLE_WINDOWS][SEAL_MB_TABLE_ENTRIES];
} seal__mb_table;

typedef struct seal__mb_engine {
    const char *name;
    size_t lanes;
    /* Field kernels on n lanes (tests): out[i] = a[i] b[i], a[i]^2, and the pow used by the
     * square roots (a^((p-3)/4)). Canonical Montgomery (R = 2^384) in and out. */
    void (*fp_mul)(fp *out, const fp *a, const fp *b, size_t n);
    void (*fp_sqr)(fp *out, const fp *a, size_t n);
    void (*fp_pow_sqrt_ratio)(fp *out, const fp *a, size_t n);
    /* out[i] = map_to_curve(u[i][0]) + map_to_curve(u[i][1]) cleared of the cofactor: the
     * RFC 9380 hash to G1 after hash_to_field. */
    void (*g1_hash_from_field)(seal_g1 *out, const fp (*u)[2], size_t n);
    /* out[i] = k[i] p[i] (p[i] in G1; GLV like seal_g1_mul). */
    void (*g1_mul)(seal_g1 *out, const seal_g1 *p, const seal_scalar *k, size_t n);
    /* out[i] = k[i] P for the point P of the table t. */
    void (*g1_mul_table)(seal_g1 *out, const seal__mb_table *t, const seal_scalar *k, size_t n);
} seal__mb_engine;

extern const seal__mb_engine seal__mb_engine_ifma;
extern const seal__mb_engine seal__mb_engine_emu;

/* The engine in use, or NULL (backends portable and adx). */
const seal__mb_engine *seal__bls_mb(void);

/* The lines of a Miller loop for the tower kernels: next(ctx, l, i, add) writes the line of
 * pair i's next doubling (add = 0) or addition (add = 1) step, as (l0, l1, l4) before the
 * products by the G1 point's coordinates (the layout of seal_g2_prepared). */
typedef void (*seal__mb_line_fn)(void *ctx, fp2 l[3], size_t i, int add);
#define SEAL_MB_MILLER_MAX 8

/* Kernels on 4 lanes (mb_tower.inc, mb_tower_g1.inc): the independent Fp products inside one
 * tower operation of the pairing, or one G1 doubling or addition, share a 4-lane
 * multiplication. Same results as the scalar code. */
typedef struct seal__mb_tower {
    /* out[k] = a[k]^((p-3)/4) for two values (the square roots of hash to G2's two maps). */
    void (*fp_pow_sqrt_ratio_x2)(fp out[2], const fp a[2]);
    /* n Jacobian doublings of a point of the twist (g2.c's jac_dbl n times). */
    void (*g2_jac_dbl_n)(seal_g2 *p, unsigned n);
    /* n compressed cyclotomic squarings of z (seal__fp12_compressed_sqr n times). */
    void (*compressed_sqr_n)(seal__fp12_compressed *z, unsigned n);
    /* saved[k] = z squared 2^j times, for the six set bits j = 16, 48, 57, 60, 62, 63 of |x|. */
    void (*cyclo_exp_abs_x_saves)(seal__fp12_compressed saved[6], const seal__fp12_compressed *z);
    /* The Miller loop of p and the prepared q, unconjugated, with f kept in lanes throughout
     * (its squarings and sparse line products; seal__miller_loop_prepared_affine's loop).
     * Ignores the infinity flags: the caller replaces the result by 1 for them. */
    void (*miller_loop_prepared)(fp12 *out, const seal_g1_affine *p, const seal_g2_prepared *q);
    /* The shared Miller loop of n <= SEAL_MB_MILLER_MAX pairs, unconjugated, f in lanes: per
     * bit of |x| one squaring (none while f = 1), the n doubling lines, then the n addition
     * lines when the bit is set, each line from next() (requested in that order, at most two
     * ahead of its use) times the coordinates of p[i]. The infinity flags are ignored: next()
     * gives the line 1 (l0 = 1, l1 = l4 = 0) for the pairs to skip. */
    void (*miller_loop)(fp12 *out, const seal_g1_affine *p, size_t n, seal__mb_line_fn next,
                        void *ctx);
    /* out = k1 p + k2 phi2(p) with g1.c's constant-time ladder (joint Booth width 5, complete
     * projective formulas), the products of each doubling and addition four at a time
     * (mb_tower_g1.inc); k1, k2 < 2^128 from seal__g1_glv_split. */
    void (*g1_mul_glv)(seal_g1 *out, const seal_g1 *p, const uint64_t k1[2], const uint64_t k2[2]);
    /* out = [|x|]^times p (seal__g1_mul_by_x_abs applied times times), same formulas. */
    void (*g1_mul_by_x_abs)(seal_g1 *out, const seal_g1 *p, unsigned times);
    /* out = k P for the point P of the fixed-base table t (seal__g1_mul_fixed's windows). */
    void (*g1_mul_table)(seal_g1 *out, const seal__mb_table *t, const seal_scalar *k);
} seal__mb_tower;

extern const seal__mb_tower seal__mb_tower_ifma;
extern const seal__mb_tower seal__mb_tower_emu;

/* The tower kernels in use, or NULL (backends portable and adx). */
const seal__mb_tower *seal__bls_tower(void);
/* true when the scalar field arithmetic uses mulx/adcx/adox. */
extern int seal__bls_adx;

/* ---- shared by both builds of the engine (mb_common.c, compiled without AVX-512) ---- */

/* Montgomery R = 2^384 (canonical) -> the 52-bit limbs of the R = 2^416 form (canonical), and
 * back from a value below 2p. One scalar multiplication each. */
void seal__mb_fp_to52(uint64_t out[8], const fp *a);
void seal__mb_fp_from52(fp *out, const uint64_t in[8]);

/* Constants of the curve code in engine form, converted once (thread-safe). */
typedef struct seal__mb_consts_t {
    uint64_t one[8]; /* R mod p */
    uint64_t sswu_a[8], sswu_b[8], sswu_z[8], sswu_sqrt_minus_z[8];
    uint64_t iso_x_num[12][8], iso_x_den[10][8], iso_y_num[16][8], iso_y_den[15][8];
    uint64_t beta2[8];
    seal__mb_table gen; /* seal__g1_gen_table */
} seal__mb_consts_t;
const seal__mb_consts_t *seal__mb_consts(void);

/* Affine P (not the identity) -> its table (64 windows of 8 multiples; see seal__mb_table). */
void seal__mb_table_build(seal__mb_table *t, const seal_g1 *p);

#endif
