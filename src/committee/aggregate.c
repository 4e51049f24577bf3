/* Committee partial keys: Lagrange at zero, batch verification, combination (COMMITTEE.md 2.7,
 * 7.4, 7.5). Public data only: variable time. */
#include <string.h>

#include "seal/bls12_381.h"
#include "seal/committee_aggregate.h"
#include "seal/util.h"

seal_err seal_committee_lagrange_at_zero(seal_scalar *lambdas, const uint16_t *party_ids, size_t n,
                                         size_t threshold) {
    if (n > 0 && n <= SEAL_COMMITTEE_MAX_PARTIES) {
        memset(lambdas, 0, n * sizeof *lambdas);
    }
    if (threshold < 1 || threshold > SEAL_COMMITTEE_MAX_PARTIES || n != threshold) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    for (size_t i = 0; i < n; i++) {
        if (party_ids[i] == UINT16_MAX) {
            return SEAL_ERR_INVALID_ARGUMENT;
        }
        for (size_t j = 0; j < i; j++) {
            if (party_ids[j] == party_ids[i]) {
                return SEAL_ERR_INVALID_ARGUMENT;
            }
        }
    }
    /* lambda_i = num / den_i with num = prod_j x_j and den_i = x_i * prod_{j != i} (x_j - x_i):
     * one product of all points, the denominators inverted together (Montgomery's trick). */
    seal_scalar num, acc, inv, xi, xj, d;
    seal_scalar_from_u64(&num, 1);
    for (size_t j = 0; j < n; j++) {
        seal_scalar_from_u64(&xj, (uint64_t)party_ids[j] + 1);
        seal_scalar_mul(&num, &num, &xj);
    }
    for (size_t i = 0; i < n; i++) {
        seal_scalar_from_u64(&xi, (uint64_t)party_ids[i] + 1);
        lambdas[i] = xi;
        for (size_t j = 0; j < n; j++) {
            if (j != i) {
                seal_scalar_from_u64(&xj, (uint64_t)party_ids[j] + 1);
                seal_scalar_sub(&d, &xj, &xi);
                seal_scalar_mul(&lambdas[i], &lambdas[i], &d);
            }
        }
    }
    /* prefix products in place of an array: acc_i = den_0 ... den_i, then walk back. */
    seal_scalar prefix[SEAL_COMMITTEE_MAX_PARTIES];
    seal_scalar_from_u64(&acc, 1);
    for (size_t i = 0; i < n; i++) {
        prefix[i] = acc;
        seal_scalar_mul(&acc, &acc, &lambdas[i]);
    }
    seal_scalar_inv(&inv, &acc);
    seal_scalar_mul(&inv, &inv, &num);
    for (size_t i = n; i-- > 0;) {
        seal_scalar den = lambdas[i];
        seal_scalar_mul(&lambdas[i], &inv, &prefix[i]);
        seal_scalar_mul(&inv, &inv, &den);
    }
    return SEAL_OK;
}

seal_err seal_committee_verify_partial_keys(const seal_g1 *c1, const seal_g1 *c2,
                                            const seal_g1 *gid, size_t n, const seal_g2 *vk,
                                            const seal_g2 *partial_pk, const seal_rng *rng) {
    if (n == 0 || n > SEAL_COMMITTEE_MAX_BATCH) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    if (seal_g2_is_identity(vk) || seal_g2_is_identity(partial_pk)) {
        return SEAL_ERR_IDENTITY;
    }
    for (size_t k = 0; k < n; k++) {
        if (seal_g1_is_identity(&c1[k]) || seal_g1_is_identity(&c2[k])) {
            return SEAL_ERR_IDENTITY;
        }
    }
    seal_g1 p[3];
    seal_g2 q[3];
    if (n == 1) {
        p[0] = c2[0];
        p[1] = c1[0];
        p[2] = gid[0];
    } else {
        seal_scalar w[SEAL_COMMITTEE_MAX_BATCH];
        uint8_t buf[32] = {0};
        for (size_t k = 0; k < n; k++) {
            seal_err err = seal_rng_fill(rng, buf + 16, 16);
            if (err != SEAL_OK) {
                return err;
            }
            if (seal_scalar_from_bytes(&w[k], buf) != SEAL_OK) {
                return SEAL_ERR_INVALID_ARGUMENT; /* a 128-bit value is always below r */
            }
        }
        seal_g1_msm_vartime(&p[0], c2, w, n);
        seal_g1_msm_vartime(&p[1], c1, w, n);
        seal_g1_msm_vartime(&p[2], gid, w, n);
    }
    /* e(c2, G2gen) == e(c1, vk) * e(gid, pk)  <=>  e(c2, -G2gen) * e(c1, vk) * e(gid, pk) == 1 */
    seal_g2_generator(&q[0]);
    seal_g2_neg(&q[0], &q[0]);
    q[1] = *vk;
    q[2] = *partial_pk;
    return seal_pairing_product_is_one(p, q, 3) ? SEAL_OK : SEAL_ERR_INVALID_KEY;
}

void seal_committee_combine(seal_g1 *c1_out, seal_g1 *c2_out, const seal_scalar *lambdas,
                            const seal_g1 *c1, const seal_g1 *c2, size_t t) {
    seal_g1_msm_vartime(c1_out, c1, lambdas, t);
    seal_g1_msm_vartime(c2_out, c2, lambdas, t);
}

seal_err seal_committee_aggregate(uint8_t c1_out[static 48], uint8_t c2_out[static 48],
                                  size_t threshold, const uint16_t *party_ids,
                                  const uint8_t (*c1)[48], const uint8_t (*c2)[48], size_t n) {
    seal_scalar lambdas[SEAL_COMMITTEE_MAX_PARTIES];
    seal_g1 a, b, ra, rb;
    memset(c1_out, 0, 48);
    memset(c2_out, 0, 48);
    seal_err err = seal_committee_lagrange_at_zero(lambdas, party_ids, n, threshold);
    if (err != SEAL_OK) {
        return err;
    }
    /* one point at a time (no arrays of points on the stack) */
    seal_g1_identity(&ra);
    seal_g1_identity(&rb);
    for (size_t i = 0; i < n; i++) {
        if ((err = seal_g1_decompress(&a, c1[i])) != SEAL_OK ||
            (err = seal_g1_decompress(&b, c2[i])) != SEAL_OK) {
            return err;
        }
        seal_g1_mul_vartime(&a, &a, &lambdas[i]);
        seal_g1_mul_vartime(&b, &b, &lambdas[i]);
        seal_g1_add(&ra, &ra, &a);
        seal_g1_add(&rb, &rb, &b);
    }
    seal_g1_compress(c1_out, &ra);
    seal_g1_compress(c2_out, &rb);
    return SEAL_OK;
}
