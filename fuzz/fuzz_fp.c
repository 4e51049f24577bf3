/* Differential test of the base-field backends: the selected implementation (mulx/adcx/adox
 * assembly when built with SEAL_ASM, see seal_bls_backend()) against the portable C one
 * (seal__fp_*_portable), on fuzzed operands. Also: safegcd inversion against the Fermat
 * reference and the variable-time inverse, square roots square back, and canonical byte
 * round trips. Input: two 48-byte operands (little-endian limbs, reduced below p by clearing
 * the top limb when needed) and a 4-byte small multiplier. */
#include "bls/internal.h"
#include "fuzz_common.h"

static bool lt_p(const fp *a) {
    for (int i = 5; i >= 0; i--) {
        if (a->l[i] != seal__fp_p[i]) {
            return a->l[i] < seal__fp_p[i];
        }
    }
    return false;
}

static void load(fp *out, const uint8_t in[48]) {
    for (size_t i = 0; i < 6; i++) {
        uint64_t v = 0;
        for (size_t j = 0; j < 8; j++) {
            v |= (uint64_t)in[8 * i + j] << (8 * j);
        }
        out->l[i] = v;
    }
    if (!lt_p(out)) {
        out->l[5] &= 0x0fffffffffffffffULL; /* p's top limb is 0x1a01..., so this is < p */
    }
}

static bool eq(const fp *a, const fp *b) {
    return memcmp(a->l, b->l, sizeof a->l) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    uint8_t buf[100] = {0};
    memcpy(buf, data, size < sizeof buf ? size : sizeof buf);
    fp a, b, r1, r2, t;
    load(&a, buf);
    load(&b, buf + 48);
    uint64_t k = (uint64_t)buf[96] | (uint64_t)buf[97] << 8 | (uint64_t)buf[98] << 16 |
                 (uint64_t)buf[99] << 24;
    uint64_t w1[12], w2[12];

    seal__fp_mul(&r1, &a, &b);
    seal__fp_mul_portable(&r2, &a, &b);
    FUZZ_ASSERT(eq(&r1, &r2) && lt_p(&r1));
    seal__fp_sqr(&r1, &a);
    seal__fp_sqr_portable(&r2, &a);
    FUZZ_ASSERT(eq(&r1, &r2) && lt_p(&r1));
    seal__fp_mul(&t, &a, &a);
    FUZZ_ASSERT(eq(&r1, &t));
    seal__fp_mul384(w1, &a, &b);
    seal__fp_mul384_portable(w2, &a, &b);
    FUZZ_ASSERT(memcmp(w1, w2, sizeof w1) == 0);
    seal__fp_redc(&r1, w1);
    seal__fp_redc_portable(&r2, w1);
    FUZZ_ASSERT(eq(&r1, &r2) && lt_p(&r1));
    seal__fp_mul(&t, &a, &b);
    FUZZ_ASSERT(eq(&r1, &t));
    seal__fp_sqr384(w1, &b);
    seal__fp_sqr384_portable(w2, &b);
    FUZZ_ASSERT(memcmp(w1, w2, sizeof w1) == 0);
    seal__fp_add(&r1, &a, &b);
    seal__fp_add_portable(&r2, &a, &b);
    FUZZ_ASSERT(eq(&r1, &r2) && lt_p(&r1));
    seal__fp_sub(&r1, &a, &b);
    seal__fp_sub_portable(&r2, &a, &b);
    FUZZ_ASSERT(eq(&r1, &r2) && lt_p(&r1));
    seal__fp_add(&t, &r1, &b);
    FUZZ_ASSERT(eq(&t, &a));
    seal__fp_mul_small(&r1, &a, k);
    seal__fp_mul_small_portable(&r2, &a, k);
    FUZZ_ASSERT(eq(&r1, &r2) && lt_p(&r1));

    /* unreduced operands below 2p are accepted by mul (a + p when that stays below 2^384) */
    fp ap = a;
    unsigned __int128 c = 0;
    for (size_t i = 0; i < 6; i++) {
        c += (unsigned __int128)ap.l[i] + seal__fp_p[i];
        ap.l[i] = (uint64_t)c;
        c >>= 64;
    }
    seal__fp_mul(&r1, &ap, &b);
    seal__fp_mul_portable(&r2, &ap, &b);
    FUZZ_ASSERT(eq(&r1, &r2));
    seal__fp_mul(&t, &a, &b);
    FUZZ_ASSERT(eq(&r1, &t));

    seal__fp_inv(&r1, &a);
    seal__fp_inv_portable(&r2, &a);
    FUZZ_ASSERT(eq(&r1, &r2));
    seal__fp_inv_vartime(&r2, &a);
    FUZZ_ASSERT(eq(&r1, &r2));
    if (!seal__fp_is_zero(&a)) {
        seal__fp_mul(&t, &a, &r1);
        FUZZ_ASSERT(seal__fp_equal(&t, &seal__fp_one));
    }

    bool sq = seal__fp_is_square(&a);
    bool has = seal__fp_sqrt(&r1, &a);
    FUZZ_ASSERT(sq == has);
    if (has) {
        seal__fp_sqr(&t, &r1);
        FUZZ_ASSERT(seal__fp_equal(&t, &a));
    }

    uint8_t be[48], be2[48];
    seal__fp_to_bytes(be, &a);
    FUZZ_ASSERT(seal__fp_from_bytes(&t, be));
    FUZZ_ASSERT(seal__fp_equal(&t, &a));
    seal__fp_to_bytes(be2, &t);
    FUZZ_ASSERT(memcmp(be, be2, 48) == 0);
    return 0;
}
