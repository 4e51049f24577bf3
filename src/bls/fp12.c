/* Fp6 = Fp2[v]/(v^3 - (u+1)) and Fp12 = Fp6[w]/(w^2 - v): the pairing tower.
 *
 * Every function is constant time and allows its output to alias any input. Multiplications use
 * Karatsuba (6 Fp2 products per Fp6 product, 3 Fp6 products per Fp12 product), Fp6 squaring is
 * Chung-Hasan SQR2, Fp12 squaring the complex method, and squaring in the cyclotomic subgroup
 * (where every GT element lives) is Granger-Scott's, 9 Fp2 squarings, or Karabina's compressed
 * form, 6. On the ADX path Fp6/Fp12 products reduce lazily (one Montgomery reduction per output
 * coordinate, see "lazy reduction" below). */
#include <string.h>

#include "bls/internal.h"

/* Frobenius coefficients in Montgomery form (R = 2^384), k = 0..11:
 * v^(p^k) = FP6_C1[k] v, (v^2)^(p^k) = FP6_C2[k] v^2, w^(p^k) = FP12_C1[k] w.
 * Generated from tests/vectors/bls12_381/constants.json (`frobenius`). */
static const fp2 FP6_C1[12] = {
    {{{0x760900000002fffdULL, 0xebf4000bc40c0002ULL, 0x5f48985753c758baULL, 0x77ce585370525745ULL,
       0x5c071a97a256ec6dULL, 0x15f65ec3fa80e493ULL}},
     {{0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL,
       0x0000000000000000ULL, 0x0000000000000000ULL}}},
    {{{0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL,
       0x0000000000000000ULL, 0x0000000000000000ULL}},
     {{0xcd03c9e48671f071ULL, 0x5dab22461fcda5d2ULL, 0x587042afd3851b95ULL, 0x8eb60ebe01bacb9eULL,
       0x03f97d6e83d050d2ULL, 0x18f0206554638741ULL}}},
    {{{0x30f1361b798a64e8ULL, 0xf3b8ddab7ece5a2aULL, 0x16a8ca3ac61577f7ULL, 0xc26a2ff874fd029bULL,
       0x3636b76660701c6eULL, 0x051ba4ab241b6160ULL}},
     {{0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL,
       0x0000000000000000ULL, 0x0000000000000000ULL}}},
    {{{0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL,
       0x0000000000000000ULL, 0x0000000000000000ULL}},
     {{0x760900000002fffdULL, 0xebf4000bc40c0002ULL, 0x5f48985753c758baULL, 0x77ce585370525745ULL,
       0x5c071a97a256ec6dULL, 0x15f65ec3fa80e493ULL}}},
    {{{0xcd03c9e48671f071ULL, 0x5dab22461fcda5d2ULL, 0x587042afd3851b95ULL, 0x8eb60ebe01bacb9eULL,
       0x03f97d6e83d050d2ULL, 0x18f0206554638741ULL}},
     {{0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL,
       0x0000000000000000ULL, 0x0000000000000000ULL}}},
    {{{0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL,
       0x0000000000000000ULL, 0x0000000000000000ULL}},
     {{0x30f1361b798a64e8ULL, 0xf3b8ddab7ece5a2aULL, 0x16a8ca3ac61577f7ULL, 0xc26a2ff874fd029bULL,
       0x3636b76660701c6eULL, 0x051ba4ab241b6160ULL}}},
    {{{0x760900000002fffdULL, 0xebf4000bc40c0002ULL, 0x5f48985753c758baULL, 0x77ce585370525745ULL,
       0x5c071a97a256ec6dULL, 0x15f65ec3fa80e493ULL}},
     {{0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL,
       0x0000000000000000ULL, 0x0000000000000000ULL}}},
    {{{0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL,
       0x0000000000000000ULL, 0x0000000000000000ULL}},
     {{0xcd03c9e48671f071ULL, 0x5dab22461fcda5d2ULL, 0x587042afd3851b95ULL, 0x8eb60ebe01bacb9eULL,
       0x03f97d6e83d050d2ULL, 0x18f0206554638741ULL}}},
    {{{0x30f1361b798a64e8ULL, 0xf3b8ddab7ece5a2aULL, 0x16a8ca3ac61577f7ULL, 0xc26a2ff874fd029bULL,
       0x3636b76660701c6eULL, 0x051ba4ab241b6160ULL}},
     {{0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL,
       0x0000000000000000ULL, 0x0000000000000000ULL}}},
    {{{0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL,
       0x0000000000000000ULL, 0x0000000000000000ULL}},
     {{0x760900000002fffdULL, 0xebf4000bc40c0002ULL, 0x5f48985753c758baULL, 0x77ce585370525745ULL,
       0x5c071a97a256ec6dULL, 0x15f65ec3fa80e493ULL}}},
    {{{0xcd03c9e48671f071ULL, 0x5dab22461fcda5d2ULL, 0x587042afd3851b95ULL, 0x8eb60ebe01bacb9eULL,
       0x03f97d6e83d050d2ULL, 0x18f0206554638741ULL}},
     {{0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL,
       0x0000000000000000ULL, 0x0000000000000000ULL}}},
    {{{0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL,
       0x0000000000000000ULL, 0x0000000000000000ULL}},
     {{0x30f1361b798a64e8ULL, 0xf3b8ddab7ece5a2aULL, 0x16a8ca3ac61577f7ULL, 0xc26a2ff874fd029bULL,
       0x3636b76660701c6eULL, 0x051ba4ab241b6160ULL}}},
};
static const fp2 FP6_C2[12] = {
    {{{0x760900000002fffdULL, 0xebf4000bc40c0002ULL, 0x5f48985753c758baULL, 0x77ce585370525745ULL,
       0x5c071a97a256ec6dULL, 0x15f65ec3fa80e493ULL}},
     {{0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL,
       0x0000000000000000ULL, 0x0000000000000000ULL}}},
    {{{0x890dc9e4867545c3ULL, 0x2af322533285a5d5ULL, 0x50880866309b7e2cULL, 0xa20d1b8c7e881024ULL,
       0x14e4f04fe2db9068ULL, 0x14e56d3f1564853aULL}},
     {{0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL,
       0x0000000000000000ULL, 0x0000000000000000ULL}}},
    {{{0xcd03c9e48671f071ULL, 0x5dab22461fcda5d2ULL, 0x587042afd3851b95ULL, 0x8eb60ebe01bacb9eULL,
       0x03f97d6e83d050d2ULL, 0x18f0206554638741ULL}},
     {{0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL,
       0x0000000000000000ULL, 0x0000000000000000ULL}}},
    {{{0x43f5fffffffcaaaeULL, 0x32b7fff2ed47fffdULL, 0x07e83a49a2e99d69ULL, 0xeca8f3318332bb7aULL,
       0xef148d1ea0f4c069ULL, 0x040ab3263eff0206ULL}},
     {{0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL,
       0x0000000000000000ULL, 0x0000000000000000ULL}}},
    {{{0x30f1361b798a64e8ULL, 0xf3b8ddab7ece5a2aULL, 0x16a8ca3ac61577f7ULL, 0xc26a2ff874fd029bULL,
       0x3636b76660701c6eULL, 0x051ba4ab241b6160ULL}},
     {{0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL,
       0x0000000000000000ULL, 0x0000000000000000ULL}}},
    {{{0xecfb361b798dba3aULL, 0xc100ddb891865a2cULL, 0x0ec08ff1232bda8eULL, 0xd5c13cc6f1ca4721ULL,
       0x47222a47bf7b5c04ULL, 0x0110f184e51c5f59ULL}},
     {{0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL,
       0x0000000000000000ULL, 0x0000000000000000ULL}}},
    {{{0x760900000002fffdULL, 0xebf4000bc40c0002ULL, 0x5f48985753c758baULL, 0x77ce585370525745ULL,
       0x5c071a97a256ec6dULL, 0x15f65ec3fa80e493ULL}},
     {{0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL,
       0x0000000000000000ULL, 0x0000000000000000ULL}}},
    {{{0x890dc9e4867545c3ULL, 0x2af322533285a5d5ULL, 0x50880866309b7e2cULL, 0xa20d1b8c7e881024ULL,
       0x14e4f04fe2db9068ULL, 0x14e56d3f1564853aULL}},
     {{0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL,
       0x0000000000000000ULL, 0x0000000000000000ULL}}},
    {{{0xcd03c9e48671f071ULL, 0x5dab22461fcda5d2ULL, 0x587042afd3851b95ULL, 0x8eb60ebe01bacb9eULL,
       0x03f97d6e83d050d2ULL, 0x18f0206554638741ULL}},
     {{0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL,
       0x0000000000000000ULL, 0x0000000000000000ULL}}},
    {{{0x43f5fffffffcaaaeULL, 0x32b7fff2ed47fffdULL, 0x07e83a49a2e99d69ULL, 0xeca8f3318332bb7aULL,
       0xef148d1ea0f4c069ULL, 0x040ab3263eff0206ULL}},
     {{0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL,
       0x0000000000000000ULL, 0x0000000000000000ULL}}},
    {{{0x30f1361b798a64e8ULL, 0xf3b8ddab7ece5a2aULL, 0x16a8ca3ac61577f7ULL, 0xc26a2ff874fd029bULL,
       0x3636b76660701c6eULL, 0x051ba4ab241b6160ULL}},
     {{0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL,
       0x0000000000000000ULL, 0x0000000000000000ULL}}},
    {{{0xecfb361b798dba3aULL, 0xc100ddb891865a2cULL, 0x0ec08ff1232bda8eULL, 0xd5c13cc6f1ca4721ULL,
       0x47222a47bf7b5c04ULL, 0x0110f184e51c5f59ULL}},
     {{0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL,
       0x0000000000000000ULL, 0x0000000000000000ULL}}},
};
static const fp2 FP12_C1[12] = {
    {{{0x760900000002fffdULL, 0xebf4000bc40c0002ULL, 0x5f48985753c758baULL, 0x77ce585370525745ULL,
       0x5c071a97a256ec6dULL, 0x15f65ec3fa80e493ULL}},
     {{0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL,
       0x0000000000000000ULL, 0x0000000000000000ULL}}},
    {{{0x07089552b319d465ULL, 0xc6695f92b50a8313ULL, 0x97e83cccd117228fULL, 0xa35baecab2dc29eeULL,
       0x1ce393ea5daace4dULL, 0x08f2220fb0fb66ebULL}},
     {{0xb2f66aad4ce5d646ULL, 0x5842a06bfc497cecULL, 0xcf4895d42599d394ULL, 0xc11b9cba40a8e8d0ULL,
       0x2e3813cbe5a0de89ULL, 0x110eefda88847fafULL}}},
    {{{0xecfb361b798dba3aULL, 0xc100ddb891865a2cULL, 0x0ec08ff1232bda8eULL, 0xd5c13cc6f1ca4721ULL,
       0x47222a47bf7b5c04ULL, 0x0110f184e51c5f59ULL}},
     {{0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL,
       0x0000000000000000ULL, 0x0000000000000000ULL}}},
    {{{0x3e2f585da55c9ad1ULL, 0x4294213d86c18183ULL, 0x382844c88b623732ULL, 0x92ad2afd19103e18ULL,
       0x1d794e4fac7cf0b9ULL, 0x0bd592fc7d825ec8ULL}},
     {{0x7bcfa7a25aa30fdaULL, 0xdc17dec12a927e7cULL, 0x2f088dd86b4ebef1ULL, 0xd1ca2087da74d4a7ULL,
       0x2da2596696cebc1dULL, 0x0e2b7eedbbfd87d2ULL}}},
    {{{0x30f1361b798a64e8ULL, 0xf3b8ddab7ece5a2aULL, 0x16a8ca3ac61577f7ULL, 0xc26a2ff874fd029bULL,
       0x3636b76660701c6eULL, 0x051ba4ab241b6160ULL}},
     {{0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL,
       0x0000000000000000ULL, 0x0000000000000000ULL}}},
    {{{0x3726c30af242c66cULL, 0x7c2ac1aad1b6fe70ULL, 0xa04007fbba4b14a2ULL, 0xef517c3266341429ULL,
       0x0095ba654ed2226bULL, 0x02e370eccc86f7ddULL}},
     {{0x82d83cf50dbce43fULL, 0xa2813e53df9d018fULL, 0xc6f0caa53c65e181ULL, 0x7525cf528d50fe95ULL,
       0x4a85ed50f4798a6bULL, 0x171da0fd6cf8eebdULL}}},
    {{{0x43f5fffffffcaaaeULL, 0x32b7fff2ed47fffdULL, 0x07e83a49a2e99d69ULL, 0xeca8f3318332bb7aULL,
       0xef148d1ea0f4c069ULL, 0x040ab3263eff0206ULL}},
     {{0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL,
       0x0000000000000000ULL, 0x0000000000000000ULL}}},
    {{{0xb2f66aad4ce5d646ULL, 0x5842a06bfc497cecULL, 0xcf4895d42599d394ULL, 0xc11b9cba40a8e8d0ULL,
       0x2e3813cbe5a0de89ULL, 0x110eefda88847fafULL}},
     {{0x07089552b319d465ULL, 0xc6695f92b50a8313ULL, 0x97e83cccd117228fULL, 0xa35baecab2dc29eeULL,
       0x1ce393ea5daace4dULL, 0x08f2220fb0fb66ebULL}}},
    {{{0xcd03c9e48671f071ULL, 0x5dab22461fcda5d2ULL, 0x587042afd3851b95ULL, 0x8eb60ebe01bacb9eULL,
       0x03f97d6e83d050d2ULL, 0x18f0206554638741ULL}},
     {{0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL,
       0x0000000000000000ULL, 0x0000000000000000ULL}}},
    {{{0x7bcfa7a25aa30fdaULL, 0xdc17dec12a927e7cULL, 0x2f088dd86b4ebef1ULL, 0xd1ca2087da74d4a7ULL,
       0x2da2596696cebc1dULL, 0x0e2b7eedbbfd87d2ULL}},
     {{0x3e2f585da55c9ad1ULL, 0x4294213d86c18183ULL, 0x382844c88b623732ULL, 0x92ad2afd19103e18ULL,
       0x1d794e4fac7cf0b9ULL, 0x0bd592fc7d825ec8ULL}}},
    {{{0x890dc9e4867545c3ULL, 0x2af322533285a5d5ULL, 0x50880866309b7e2cULL, 0xa20d1b8c7e881024ULL,
       0x14e4f04fe2db9068ULL, 0x14e56d3f1564853aULL}},
     {{0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL,
       0x0000000000000000ULL, 0x0000000000000000ULL}}},
    {{{0x82d83cf50dbce43fULL, 0xa2813e53df9d018fULL, 0xc6f0caa53c65e181ULL, 0x7525cf528d50fe95ULL,
       0x4a85ed50f4798a6bULL, 0x171da0fd6cf8eebdULL}},
     {{0x3726c30af242c66cULL, 0x7c2ac1aad1b6fe70ULL, 0xa04007fbba4b14a2ULL, 0xef517c3266341429ULL,
       0x0095ba654ed2226bULL, 0x02e370eccc86f7ddULL}}},
};

/* ---- lazy reduction (x86-64 builds) ----
 * Fp6 products accumulate unreduced 768-bit Fp2 products and reduce each output coordinate
 * once: 6 Montgomery reductions per Fp6 product instead of 12. A double-width value stands for
 * its residue mod p and is kept in [0, p 2^384), the input range of the reduction: subtractions
 * add p 2^384 back when they go negative (seal__fp_sub768_adx), additions take it off when they
 * reach it (x2_add). Products of operands below 2p are below 4p^2 < p 2^384. */
#if defined(SEAL_HAVE_X86_ASM) && SEAL_HAVE_X86_ASM
#define SEAL_TOWER_LAZY 1
#include "bls/fp_asm.h"

typedef struct {
    uint64_t l[12];
} fpx2;
typedef struct {
    fpx2 c0, c1;
} fp2x2;

/* w = x + y mod p 2^384 (x, y < p 2^384). w may be x or y. */
SEAL_FP_ASM_INLINE void x2_add(fpx2 *w, const fpx2 *x, const fpx2 *y) {
    seal__fp_add768_adx(w->l, x->l, y->l);
}

SEAL_FP_ASM_INLINE void x2_sub(fpx2 *w, const fpx2 *x, const fpx2 *y) {
    seal__fp_sub768_adx(w->l, x->l, y->l, ~(uint64_t)0);
}

SEAL_FP_ASM_INLINE void fp2x2_add(fp2x2 *r, const fp2x2 *a, const fp2x2 *b) {
    x2_add(&r->c0, &a->c0, &b->c0);
    x2_add(&r->c1, &a->c1, &b->c1);
}

SEAL_FP_ASM_INLINE void fp2x2_sub(fp2x2 *r, const fp2x2 *a, const fp2x2 *b) {
    x2_sub(&r->c0, &a->c0, &b->c0);
    x2_sub(&r->c1, &a->c1, &b->c1);
}

/* r = a (u + 1) = (a0 - a1) + (a0 + a1) u. */
SEAL_FP_ASM_INLINE void fp2x2_mul_by_nonresidue(fp2x2 *r, const fp2x2 *a) {
    fpx2 t;
    x2_sub(&t, &a->c0, &a->c1);
    x2_add(&r->c1, &a->c0, &a->c1);
    r->c0 = t;
}

/* Unreduced product of reduced a, b: Karatsuba with three 384-bit products. */
static void fp2x2_mul(fp2x2 *r, const fp2 *a, const fp2 *b) {
    fpx2 t0, t1, t2;
    fp sa, sb;
    seal__fp_mul384_x86(t0.l, &a->c0, &b->c0);
    seal__fp_mul384_x86(t1.l, &a->c1, &b->c1);
    seal__fp_add_nr_adx(&sa, &a->c0, &a->c1);
    seal__fp_add_nr_adx(&sb, &b->c0, &b->c1);
    seal__fp_mul384_x86(t2.l, &sa, &sb);
    /* a0 b1 + a1 b0 = (a0 + a1)(b0 + b1) - a0 b0 - a1 b1, exact (non-negative, < 2p^2) */
    seal__fp_sub768_adx(t2.l, t2.l, t0.l, 0);
    seal__fp_sub768_adx(r->c1.l, t2.l, t1.l, 0);
    x2_sub(&r->c0, &t0, &t1);
}

SEAL_FP_ASM_INLINE void fp2x2_redc(fp2 *r, const fp2x2 *a) {
    seal__fp_redc_x86(&r->c0, a->c0.l);
    seal__fp_redc_x86(&r->c1, a->c1.l);
}
#endif

/* ---- Fp6 ---- */

void seal__fp6_add(fp6 *out, const fp6 *a, const fp6 *b) {
    seal__fp2_add(&out->c0, &a->c0, &b->c0);
    seal__fp2_add(&out->c1, &a->c1, &b->c1);
    seal__fp2_add(&out->c2, &a->c2, &b->c2);
}

void seal__fp6_sub(fp6 *out, const fp6 *a, const fp6 *b) {
    seal__fp2_sub(&out->c0, &a->c0, &b->c0);
    seal__fp2_sub(&out->c1, &a->c1, &b->c1);
    seal__fp2_sub(&out->c2, &a->c2, &b->c2);
}

void seal__fp6_neg(fp6 *out, const fp6 *a) {
    seal__fp2_neg(&out->c0, &a->c0);
    seal__fp2_neg(&out->c1, &a->c1);
    seal__fp2_neg(&out->c2, &a->c2);
}

/* (a0 + a1 v + a2 v^2)(b0 + b1 v + b2 v^2) with v^3 = xi:
 * c0 = a0 b0 + xi (a1 b2 + a2 b1), c1 = a0 b1 + a1 b0 + xi a2 b2, c2 = a0 b2 + a1 b1 + a2 b0. */
#ifdef SEAL_TOWER_LAZY
typedef struct {
    fp2x2 c0, c1, c2;
} fp6x2;

static void fp6x2_add(fp6x2 *r, const fp6x2 *a, const fp6x2 *b) {
    fp2x2_add(&r->c0, &a->c0, &b->c0);
    fp2x2_add(&r->c1, &a->c1, &b->c1);
    fp2x2_add(&r->c2, &a->c2, &b->c2);
}

static void fp6x2_sub(fp6x2 *r, const fp6x2 *a, const fp6x2 *b) {
    fp2x2_sub(&r->c0, &a->c0, &b->c0);
    fp2x2_sub(&r->c1, &a->c1, &b->c1);
    fp2x2_sub(&r->c2, &a->c2, &b->c2);
}

/* r = a v = xi a2 + a0 v + a1 v^2 (r must not be a). */
static void fp6x2_mul_by_nonresidue(fp6x2 *r, const fp6x2 *a) {
    fp2x2_mul_by_nonresidue(&r->c0, &a->c2);
    r->c1 = a->c0;
    r->c2 = a->c1;
}

static void fp6x2_redc(fp6 *r, const fp6x2 *a) {
    fp2x2_redc(&r->c0, &a->c0);
    fp2x2_redc(&r->c1, &a->c1);
    fp2x2_redc(&r->c2, &a->c2);
}

/* Unreduced Karatsuba Fp6 product of reduced a, b. */
static void fp6x2_mul(fp6x2 *r, const fp6 *a, const fp6 *b) {
    fp2x2 t0, t1, t2, m;
    fp2 s, u;
    fp2x2_mul(&t0, &a->c0, &b->c0);
    fp2x2_mul(&t1, &a->c1, &b->c1);
    fp2x2_mul(&t2, &a->c2, &b->c2);

    /* c2 = (a0 + a2)(b0 + b2) - t0 - t2 + t1 */
    seal__fp2_add(&s, &a->c0, &a->c2);
    seal__fp2_add(&u, &b->c0, &b->c2);
    fp2x2_mul(&m, &s, &u);
    fp2x2_sub(&m, &m, &t0);
    fp2x2_sub(&m, &m, &t2);
    fp2x2_add(&r->c2, &m, &t1);

    /* c1 = (a0 + a1)(b0 + b1) - t0 - t1 + xi t2 */
    seal__fp2_add(&s, &a->c0, &a->c1);
    seal__fp2_add(&u, &b->c0, &b->c1);
    fp2x2_mul(&m, &s, &u);
    fp2x2_sub(&m, &m, &t0);
    fp2x2_sub(&m, &m, &t1);
    fp2x2_mul_by_nonresidue(&t2, &t2);
    fp2x2_add(&r->c1, &m, &t2);

    /* c0 = xi ((a1 + a2)(b1 + b2) - t1 - t2) + t0, t2 now holding xi t2 */
    seal__fp2_add(&s, &a->c1, &a->c2);
    seal__fp2_add(&u, &b->c1, &b->c2);
    fp2x2_mul(&m, &s, &u);
    fp2x2_sub(&m, &m, &t1);
    fp2x2_mul_by_nonresidue(&m, &m);
    fp2x2_sub(&m, &m, &t2);
    fp2x2_add(&r->c0, &m, &t0);
}

void seal__fp6_mul(fp6 *out, const fp6 *a, const fp6 *b) {
    fp6x2 r;
    fp6x2_mul(&r, a, b);
    fp6x2_redc(out, &r);
}
#else
void seal__fp6_mul(fp6 *out, const fp6 *a, const fp6 *b) {
    fp2 t0, t1, t2, s, u, c0, c1, c2;
    seal__fp2_mul(&t0, &a->c0, &b->c0);
    seal__fp2_mul(&t1, &a->c1, &b->c1);
    seal__fp2_mul(&t2, &a->c2, &b->c2);

    seal__fp2_add(&s, &a->c1, &a->c2);
    seal__fp2_add(&u, &b->c1, &b->c2);
    seal__fp2_mul(&c0, &s, &u);
    seal__fp2_sub(&c0, &c0, &t1);
    seal__fp2_sub(&c0, &c0, &t2);
    seal__fp2_mul_by_nonresidue(&c0, &c0);
    seal__fp2_add(&c0, &c0, &t0);

    seal__fp2_add(&s, &a->c0, &a->c1);
    seal__fp2_add(&u, &b->c0, &b->c1);
    seal__fp2_mul(&c1, &s, &u);
    seal__fp2_sub(&c1, &c1, &t0);
    seal__fp2_sub(&c1, &c1, &t1);
    seal__fp2_mul_by_nonresidue(&s, &t2);
    seal__fp2_add(&c1, &c1, &s);

    seal__fp2_add(&s, &a->c0, &a->c2);
    seal__fp2_add(&u, &b->c0, &b->c2);
    seal__fp2_mul(&c2, &s, &u);
    seal__fp2_sub(&c2, &c2, &t0);
    seal__fp2_sub(&c2, &c2, &t2);
    seal__fp2_add(&out->c2, &c2, &t1);
    out->c0 = c0;
    out->c1 = c1;
}
#endif

/* Chung-Hasan SQR2: s0 = a0^2, s1 = 2 a0 a1, s2 = (a0 - a1 + a2)^2, s3 = 2 a1 a2, s4 = a2^2;
 * c0 = s0 + xi s3, c1 = s1 + xi s4, c2 = s1 + s2 + s3 - s0 - s4. */
void seal__fp6_sqr(fp6 *out, const fp6 *a) {
    fp2 s0, s1, s2, s3, s4, t;
    seal__fp2_sqr(&s0, &a->c0);
    seal__fp2_mul(&s1, &a->c0, &a->c1);
    seal__fp2_dbl(&s1, &s1);
    seal__fp2_sub(&s2, &a->c0, &a->c1);
    seal__fp2_add(&s2, &s2, &a->c2);
    seal__fp2_sqr(&s2, &s2);
    seal__fp2_mul(&s3, &a->c1, &a->c2);
    seal__fp2_dbl(&s3, &s3);
    seal__fp2_sqr(&s4, &a->c2);

    seal__fp2_add(&t, &s1, &s2);
    seal__fp2_add(&t, &t, &s3);
    seal__fp2_sub(&t, &t, &s0);
    seal__fp2_sub(&out->c2, &t, &s4);
    seal__fp2_mul_by_nonresidue(&t, &s3);
    seal__fp2_add(&out->c0, &s0, &t);
    seal__fp2_mul_by_nonresidue(&t, &s4);
    seal__fp2_add(&out->c1, &s1, &t);
}

/* 1/a = (t0 + t1 v + t2 v^2)/d with t0 = a0^2 - xi a1 a2, t1 = xi a2^2 - a0 a1,
 * t2 = a1^2 - a0 a2 and d = a0 t0 + xi (a2 t1 + a1 t2). inv(0) = 0. */
void seal__fp6_inv(fp6 *out, const fp6 *a) {
    fp2 t0, t1, t2, s, d;
    seal__fp2_sqr(&t0, &a->c0);
    seal__fp2_mul(&s, &a->c1, &a->c2);
    seal__fp2_mul_by_nonresidue(&s, &s);
    seal__fp2_sub(&t0, &t0, &s);

    seal__fp2_sqr(&t1, &a->c2);
    seal__fp2_mul_by_nonresidue(&t1, &t1);
    seal__fp2_mul(&s, &a->c0, &a->c1);
    seal__fp2_sub(&t1, &t1, &s);

    seal__fp2_sqr(&t2, &a->c1);
    seal__fp2_mul(&s, &a->c0, &a->c2);
    seal__fp2_sub(&t2, &t2, &s);

    seal__fp2_mul(&d, &a->c2, &t1);
    seal__fp2_mul(&s, &a->c1, &t2);
    seal__fp2_add(&d, &d, &s);
    seal__fp2_mul_by_nonresidue(&d, &d);
    seal__fp2_mul(&s, &a->c0, &t0);
    seal__fp2_add(&d, &d, &s);
    seal__fp2_inv(&d, &d);

    seal__fp2_mul(&out->c0, &t0, &d);
    seal__fp2_mul(&out->c1, &t1, &d);
    seal__fp2_mul(&out->c2, &t2, &d);
}

/* (a0 + a1 v + a2 v^2) v = xi a2 + a0 v + a1 v^2. */
void seal__fp6_mul_by_nonresidue(fp6 *out, const fp6 *a) {
    fp2 t;
    seal__fp2_mul_by_nonresidue(&t, &a->c2);
    out->c2 = a->c1;
    out->c1 = a->c0;
    out->c0 = t;
}

/* a (b0 + b1 v): 5 Fp2 products.
 * c0 = a0 b0 + xi a2 b1, c1 = a0 b1 + a1 b0, c2 = a1 b1 + a2 b0. */
#ifdef SEAL_TOWER_LAZY
static void fp6x2_mul_by_01(fp6x2 *r, const fp6 *a, const fp2 *b0, const fp2 *b1) {
    fp2x2 t0, t1, m;
    fp2 s, u;
    fp2x2_mul(&t0, &a->c0, b0);
    fp2x2_mul(&t1, &a->c1, b1);

    seal__fp2_add(&s, &a->c1, &a->c2);
    fp2x2_mul(&m, &s, b1);
    fp2x2_sub(&m, &m, &t1);
    fp2x2_mul_by_nonresidue(&m, &m);
    fp2x2_add(&r->c0, &m, &t0);

    seal__fp2_add(&s, &a->c0, &a->c2);
    fp2x2_mul(&m, &s, b0);
    fp2x2_sub(&m, &m, &t0);
    fp2x2_add(&r->c2, &m, &t1);

    seal__fp2_add(&s, &a->c0, &a->c1);
    seal__fp2_add(&u, b0, b1);
    fp2x2_mul(&m, &s, &u);
    fp2x2_sub(&m, &m, &t0);
    fp2x2_sub(&r->c1, &m, &t1);
}

/* a (b1 v) = xi a2 b1 + a0 b1 v + a1 b1 v^2, unreduced. */
static void fp6x2_mul_by_1(fp6x2 *r, const fp6 *a, const fp2 *b1) {
    fp2x2 t;
    fp2x2_mul(&t, &a->c2, b1);
    fp2x2_mul_by_nonresidue(&r->c0, &t);
    fp2x2_mul(&r->c1, &a->c0, b1);
    fp2x2_mul(&r->c2, &a->c1, b1);
}

void seal__fp6_mul_by_01(fp6 *out, const fp6 *a, const fp2 *b0, const fp2 *b1) {
    fp6x2 r;
    fp6x2_mul_by_01(&r, a, b0, b1);
    fp6x2_redc(out, &r);
}
#else
void seal__fp6_mul_by_01(fp6 *out, const fp6 *a, const fp2 *b0, const fp2 *b1) {
    fp2 t0, t1, s, u, c0, c1;
    seal__fp2_mul(&t0, &a->c0, b0);
    seal__fp2_mul(&t1, &a->c1, b1);

    seal__fp2_add(&s, &a->c1, &a->c2);
    seal__fp2_mul(&c0, &s, b1);
    seal__fp2_sub(&c0, &c0, &t1);
    seal__fp2_mul_by_nonresidue(&c0, &c0);
    seal__fp2_add(&c0, &c0, &t0);

    seal__fp2_add(&s, &a->c0, &a->c1);
    seal__fp2_add(&u, b0, b1);
    seal__fp2_mul(&c1, &s, &u);
    seal__fp2_sub(&c1, &c1, &t0);
    seal__fp2_sub(&c1, &c1, &t1);

    seal__fp2_add(&s, &a->c0, &a->c2);
    seal__fp2_mul(&s, &s, b0);
    seal__fp2_sub(&s, &s, &t0);
    seal__fp2_add(&out->c2, &s, &t1);
    out->c0 = c0;
    out->c1 = c1;
}
#endif

/* a (b1 v) = xi a2 b1 + a0 b1 v + a1 b1 v^2: 3 Fp2 products. */
void seal__fp6_mul_by_1(fp6 *out, const fp6 *a, const fp2 *b1) {
    fp2 t0, t1, t2;
    seal__fp2_mul(&t2, &a->c2, b1);
    seal__fp2_mul(&t0, &a->c0, b1);
    seal__fp2_mul(&t1, &a->c1, b1);
    seal__fp2_mul_by_nonresidue(&out->c0, &t2);
    out->c1 = t0;
    out->c2 = t1;
}

/* a^(p^k): the Fp2 coefficients get conjugated when k is odd, then v^i picks up its table factor.
 * k is public. */
static void fp6_frobenius(fp6 *out, const fp6 *a, unsigned k) {
    if (k & 1) {
        seal__fp2_conj(&out->c0, &a->c0);
        seal__fp2_conj(&out->c1, &a->c1);
        seal__fp2_conj(&out->c2, &a->c2);
    } else {
        *out = *a;
    }
    seal__fp2_mul(&out->c1, &out->c1, &FP6_C1[k]);
    seal__fp2_mul(&out->c2, &out->c2, &FP6_C2[k]);
}

/* ---- Fp12 ---- */

void seal__fp12_one(fp12 *out) {
    memset(out, 0, sizeof *out);
    out->c0.c0.c0 = seal__fp_one;
}

bool seal__fp12_is_one(const fp12 *a) {
    fp12 one;
    seal__fp12_one(&one);
    return seal__fp12_equal(a, &one);
}

/* Constant time: compares every limb (elements are kept fully reduced). */
bool seal__fp12_equal(const fp12 *a, const fp12 *b) {
    const uint64_t *x = (const uint64_t *)a;
    const uint64_t *y = (const uint64_t *)b;
    uint64_t d = 0;
    for (size_t i = 0; i < sizeof(fp12) / sizeof(uint64_t); i++) {
        d |= x[i] ^ y[i];
    }
    return d == 0;
}

/* (a0 + a1 w)(b0 + b1 w) = a0 b0 + v a1 b1 + ((a0 + a1)(b0 + b1) - a0 b0 - a1 b1) w. */
#ifdef SEAL_TOWER_LAZY
void seal__fp12_mul(fp12 *out, const fp12 *a, const fp12 *b) {
    fp6x2 t0, t1, m, r;
    fp6 s, u;
    fp6x2_mul(&t0, &a->c0, &b->c0);
    fp6x2_mul(&t1, &a->c1, &b->c1);
    seal__fp6_add(&s, &a->c0, &a->c1);
    seal__fp6_add(&u, &b->c0, &b->c1);
    fp6x2_mul(&m, &s, &u);
    fp6x2_sub(&m, &m, &t0);
    fp6x2_sub(&m, &m, &t1);
    fp6x2_redc(&out->c1, &m);
    fp6x2_mul_by_nonresidue(&r, &t1);
    fp6x2_add(&r, &r, &t0);
    fp6x2_redc(&out->c0, &r);
}

/* f (l0 + l1 v + l4 v w): the shape of a Miller-loop line on the M-type twist. 13 Fp2 products,
 * 12 reductions. */
void seal__fp12_mul_by_014(fp12 *f, const fp2 *l0, const fp2 *l1, const fp2 *l4) {
    fp6x2 t0, t1, m, r;
    fp6 s;
    fp2 u;
    fp6x2_mul_by_01(&t0, &f->c0, l0, l1);
    fp6x2_mul_by_1(&t1, &f->c1, l4);
    seal__fp6_add(&s, &f->c0, &f->c1);
    seal__fp2_add(&u, l1, l4);
    fp6x2_mul_by_01(&m, &s, l0, &u);
    fp6x2_sub(&m, &m, &t0);
    fp6x2_sub(&m, &m, &t1);
    fp6x2_redc(&f->c1, &m);
    fp6x2_mul_by_nonresidue(&r, &t1);
    fp6x2_add(&r, &r, &t0);
    fp6x2_redc(&f->c0, &r);
}
#else
void seal__fp12_mul(fp12 *out, const fp12 *a, const fp12 *b) {
    fp6 t0, t1, s, u;
    seal__fp6_mul(&t0, &a->c0, &b->c0);
    seal__fp6_mul(&t1, &a->c1, &b->c1);
    seal__fp6_add(&s, &a->c0, &a->c1);
    seal__fp6_add(&u, &b->c0, &b->c1);
    seal__fp6_mul(&s, &s, &u);
    seal__fp6_sub(&s, &s, &t0);
    seal__fp6_sub(&out->c1, &s, &t1);
    seal__fp6_mul_by_nonresidue(&t1, &t1);
    seal__fp6_add(&out->c0, &t0, &t1);
}

/* f (l0 + l1 v + l4 v w): the shape of a Miller-loop line on the M-type twist. 13 Fp2 products. */
void seal__fp12_mul_by_014(fp12 *f, const fp2 *l0, const fp2 *l1, const fp2 *l4) {
    fp6 t0, t1, s;
    fp2 u;
    seal__fp6_mul_by_01(&t0, &f->c0, l0, l1);
    seal__fp6_mul_by_1(&t1, &f->c1, l4);
    seal__fp6_add(&s, &f->c0, &f->c1);
    seal__fp2_add(&u, l1, l4);
    seal__fp6_mul_by_01(&s, &s, l0, &u);
    seal__fp6_sub(&s, &s, &t0);
    seal__fp6_sub(&f->c1, &s, &t1);
    seal__fp6_mul_by_nonresidue(&t1, &t1);
    seal__fp6_add(&f->c0, &t0, &t1);
}
#endif

/* (a0 + a1 w)^2 = (a0 + a1)(a0 + v a1) - t - v t + 2 t w with t = a0 a1. */
void seal__fp12_sqr(fp12 *out, const fp12 *a) {
    fp6 t, s, u;
    seal__fp6_mul(&t, &a->c0, &a->c1);
    seal__fp6_add(&s, &a->c0, &a->c1);
    seal__fp6_mul_by_nonresidue(&u, &a->c1);
    seal__fp6_add(&u, &u, &a->c0);
    seal__fp6_mul(&s, &s, &u);
    seal__fp6_sub(&s, &s, &t);
    seal__fp6_add(&out->c1, &t, &t);
    seal__fp6_mul_by_nonresidue(&t, &t);
    seal__fp6_sub(&out->c0, &s, &t);
}

/* (a + b s)^2 in Fp4 = Fp2[s]/(s^2 - xi): (a^2 + xi b^2) + ((a + b)^2 - a^2 - b^2) s. */
#ifdef SEAL_TOWER_LAZY
/* Unreduced square of a reduced a: (a0 + a1)(a0 - a1) + 2 a0 a1 u, operands below 2p. */
SEAL_FP_ASM_INLINE void fp2x2_sqr(fp2x2 *r, const fp2 *a) {
    fp s, d, a0x2;
    seal__fp_add_nr_adx(&s, &a->c0, &a->c1);
    seal__fp_sub_nr_adx(&d, &a->c0, &a->c1);
    seal__fp_add_nr_adx(&a0x2, &a->c0, &a->c0);
    seal__fp_mul384_x86(r->c0.l, &s, &d);
    seal__fp_mul384_x86(r->c1.l, &a0x2, &a->c1);
}

static void fp4_sqr(fp2 *c0, fp2 *c1, const fp2 *a, const fp2 *b) {
    fp2x2 t0, t1, t2;
    fp2 s;
    fp2x2_sqr(&t0, a);
    fp2x2_sqr(&t1, b);
    seal__fp2_add(&s, a, b);
    fp2x2_sqr(&t2, &s);
    fp2x2_sub(&t2, &t2, &t0);
    fp2x2_sub(&t2, &t2, &t1);
    fp2x2_redc(c1, &t2);
    fp2x2_mul_by_nonresidue(&t1, &t1);
    fp2x2_add(&t0, &t0, &t1);
    fp2x2_redc(c0, &t0);
}
#else
static void fp4_sqr(fp2 *c0, fp2 *c1, const fp2 *a, const fp2 *b) {
    fp2 t0, t1, t2;
    seal__fp2_sqr(&t0, a);
    seal__fp2_sqr(&t1, b);
    seal__fp2_add(&t2, a, b);
    seal__fp2_sqr(&t2, &t2);
    seal__fp2_sub(&t2, &t2, &t0);
    seal__fp2_sub(c1, &t2, &t1);
    seal__fp2_mul_by_nonresidue(&t1, &t1);
    seal__fp2_add(c0, &t0, &t1);
}
#endif

/* 3 t - 2 z (minus = 1) or 3 t + 2 z (minus = 0), written into z. */
static void gs_combine(fp2 *z, const fp2 *t, int minus) {
    fp2 s;
    if (minus) {
        seal__fp2_sub(&s, t, z);
    } else {
        seal__fp2_add(&s, t, z);
    }
    seal__fp2_dbl(&s, &s);
    seal__fp2_add(z, &s, t);
}

/* Granger-Scott squaring for elements of the cyclotomic subgroup (a^(p^6+1) = 1). Over
 * Fp4 = Fp2[s], s = w^3, write a = A + B w + C w^2 with A = (g0, g3), B = (g1, g4),
 * C = (g2, g5) (g_i the coefficient of w^i). Then a^2 = A' + B' w + C' w^2 with
 * A' = 3 A^2 - 2 conj(A), B' = 3 s C^2 + 2 conj(B), C' = 3 B^2 - 2 conj(C). */
void seal__fp12_cyclotomic_sqr(fp12 *out, const fp12 *a) {
    fp2 g0 = a->c0.c0, g1 = a->c1.c0, g2 = a->c0.c1;
    fp2 g3 = a->c1.c1, g4 = a->c0.c2, g5 = a->c1.c2;
    fp2 a0, a1, b0, b1, c0, c1;
    fp4_sqr(&a0, &a1, &g0, &g3);
    fp4_sqr(&b0, &b1, &g1, &g4);
    fp4_sqr(&c0, &c1, &g2, &g5);

    gs_combine(&g0, &a0, 1);
    gs_combine(&g3, &a1, 0);
    /* s C^2 = xi c1 + c0 s */
    seal__fp2_mul_by_nonresidue(&c1, &c1);
    gs_combine(&g1, &c1, 0);
    gs_combine(&g4, &c0, 1);
    gs_combine(&g2, &b0, 1);
    gs_combine(&g5, &b1, 0);

    out->c0.c0 = g0;
    out->c1.c0 = g1;
    out->c0.c1 = g2;
    out->c1.c1 = g3;
    out->c0.c2 = g4;
    out->c1.c2 = g5;
}

/* Karabina's compressed squaring (eprint 2010/542). With g_i named as in the paper,
 * a = g0 + g2 w + g4 w^2 + g1 w^3 + g3 w^4 + g5 w^5, the pair B = (g2, g3) and C = (g4, g5) of the
 * Granger-Scott split squares on its own (B' = 3 s C^2 + 2 conj(B), C' = 3 B^2 - 2 conj(C)),
 * so four coordinates suffice: 6 Fp2 squarings instead of 9. g0 and g1 are recovered at the end
 * (seal__fp12_cyclotomic_decompress). */
void seal__fp12_cyclotomic_compress(seal__fp12_compressed *out, const fp12 *a) {
    out->g2 = a->c1.c0;
    out->g3 = a->c0.c2;
    out->g4 = a->c0.c1;
    out->g5 = a->c1.c2;
}

void seal__fp12_compressed_sqr(seal__fp12_compressed *z) {
    fp2 b0, b1, c0, c1;
    fp4_sqr(&b0, &b1, &z->g2, &z->g3);
    fp4_sqr(&c0, &c1, &z->g4, &z->g5);
    seal__fp2_mul_by_nonresidue(&c1, &c1);
    gs_combine(&z->g2, &c1, 0);
    gs_combine(&z->g3, &c0, 1);
    gs_combine(&z->g4, &b0, 1);
    gs_combine(&z->g5, &b1, 0);
}

/* g1 = (xi g5^2 + 3 g4^2 - 2 g3) / (4 g2), or 2 g4 g5 / g3 when g2 = 0 (selected in constant
 * time); g0 = (2 g1^2 + g2 g5 - 3 g3 g4) xi + 1. The n denominators share one inversion
 * (Montgomery's trick); a zero denominator (only the identity, where g2 = g3 = 0) gives g1 = 0. */
void seal__fp12_cyclotomic_decompress(fp12 *out, const seal__fp12_compressed *z, size_t n) {
    fp2 num[SEAL_FP12_DECOMPRESS_BATCH_MAX], den[SEAL_FP12_DECOMPRESS_BATCH_MAX];
    fp2 pre[SEAL_FP12_DECOMPRESS_BATCH_MAX], t, u, w;
    uint64_t den_zero[SEAL_FP12_DECOMPRESS_BATCH_MAX];
    for (size_t i = 0; i < n; i++) {
        uint64_t g2_zero = (uint64_t)seal__fp2_is_zero(&z[i].g2);
        seal__fp2_sqr(&t, &z[i].g5);
        seal__fp2_mul_by_nonresidue(&t, &t);
        seal__fp2_sqr(&u, &z[i].g4);
        seal__fp2_dbl(&w, &u);
        seal__fp2_add(&u, &u, &w);
        seal__fp2_add(&t, &t, &u);
        seal__fp2_dbl(&u, &z[i].g3);
        seal__fp2_sub(&num[i], &t, &u);
        seal__fp2_dbl(&den[i], &z[i].g2);
        seal__fp2_dbl(&den[i], &den[i]);

        seal__fp2_mul(&t, &z[i].g4, &z[i].g5);
        seal__fp2_dbl(&t, &t);
        seal__fp2_cmov(&num[i], &t, g2_zero);
        seal__fp2_cmov(&den[i], &z[i].g3, g2_zero);
        den_zero[i] = (uint64_t)seal__fp2_is_zero(&den[i]);
        seal__fp2_cmov(&den[i], &seal__fp2_one, den_zero[i]);
        if (i == 0) {
            pre[0] = den[0];
        } else {
            seal__fp2_mul(&pre[i], &pre[i - 1], &den[i]);
        }
    }
    if (n == 0) {
        return;
    }
    seal__fp2_inv(&t, &pre[n - 1]); /* 1 / (den_0 ... den_{n-1}) */
    for (size_t i = n; i-- > 0;) {
        fp2 g1, g0;
        if (i > 0) {
            seal__fp2_mul(&u, &t, &pre[i - 1]); /* 1 / den_i */
            seal__fp2_mul(&t, &t, &den[i]);
        } else {
            u = t;
        }
        seal__fp2_mul(&g1, &num[i], &u);
        seal__fp2_cmov(&g1, &seal__fp2_zero, den_zero[i]);

        seal__fp2_sqr(&g0, &g1);
        seal__fp2_dbl(&g0, &g0);
        seal__fp2_mul(&w, &z[i].g2, &z[i].g5);
        seal__fp2_add(&g0, &g0, &w);
        seal__fp2_mul(&w, &z[i].g3, &z[i].g4);
        seal__fp2_sub(&g0, &g0, &w);
        seal__fp2_dbl(&w, &w);
        seal__fp2_sub(&g0, &g0, &w);
        seal__fp2_mul_by_nonresidue(&g0, &g0);
        seal__fp2_add(&g0, &g0, &seal__fp2_one);

        out[i].c0.c0 = g0;
        out[i].c1.c1 = g1;
        out[i].c1.c0 = z[i].g2;
        out[i].c0.c2 = z[i].g3;
        out[i].c0.c1 = z[i].g4;
        out[i].c1.c2 = z[i].g5;
    }
    seal_memzero(num, sizeof num);
    seal_memzero(den, sizeof den);
    seal_memzero(pre, sizeof pre);
    seal_memzero(&t, sizeof t);
    seal_memzero(&u, sizeof u);
    seal_memzero(&w, sizeof w);
}

/* 1/(a0 + a1 w) = (a0 - a1 w)/(a0^2 - v a1^2). inv(0) = 0. */
void seal__fp12_inv(fp12 *out, const fp12 *a) {
    fp6 t0, t1;
    seal__fp6_sqr(&t0, &a->c0);
    seal__fp6_sqr(&t1, &a->c1);
    seal__fp6_mul_by_nonresidue(&t1, &t1);
    seal__fp6_sub(&t0, &t0, &t1);
    seal__fp6_inv(&t0, &t0);
    seal__fp6_mul(&out->c0, &a->c0, &t0);
    seal__fp6_mul(&out->c1, &a->c1, &t0);
    seal__fp6_neg(&out->c1, &out->c1);
}

/* a^(p^6): c0 - c1 w. */
void seal__fp12_conj(fp12 *out, const fp12 *a) {
    out->c0 = a->c0;
    seal__fp6_neg(&out->c1, &a->c1);
}

void seal__fp12_frobenius(fp12 *out, const fp12 *a, unsigned k) {
    k %= 12;
    fp6_frobenius(&out->c0, &a->c0, k);
    fp6_frobenius(&out->c1, &a->c1, k);
    seal__fp2_mul(&out->c1.c0, &out->c1.c0, &FP12_C1[k]);
    seal__fp2_mul(&out->c1.c1, &out->c1.c1, &FP12_C1[k]);
    seal__fp2_mul(&out->c1.c2, &out->c1.c2, &FP12_C1[k]);
}

void seal__fp12_cmov(fp12 *out, const fp12 *a, uint64_t bit) {
    seal__fp2_cmov(&out->c0.c0, &a->c0.c0, bit);
    seal__fp2_cmov(&out->c0.c1, &a->c0.c1, bit);
    seal__fp2_cmov(&out->c0.c2, &a->c0.c2, bit);
    seal__fp2_cmov(&out->c1.c0, &a->c1.c0, bit);
    seal__fp2_cmov(&out->c1.c1, &a->c1.c1, bit);
    seal__fp2_cmov(&out->c1.c2, &a->c1.c2, bit);
}
