/*
 * Committee (MPC) key servers: the arithmetic an aggregator or a client needs to turn t members'
 * encrypted partial keys into one encrypted user secret key (spec/COMMITTEE.md 2.7, 7.4, 7.5).
 *
 *   member i (party id p, evaluation point x = p + 1, share s_i, partial pk pk_i = s_i*G2gen)
 *   answers, for each full id, the ElGamal encryption (c1, c2) = (r*G1gen, r*enc_key +
 *   s_i*H1(full_id)) of its partial key under the requester's enc_key.
 *
 *   verification (7.4):  e(c2, G2gen) == e(c1, vk) * e(H1(full_id), pk_i), where vk is the
 *                        request's enc_verification_key; c1, c2, vk and pk_i must not be the
 *                        identity;
 *   combination (7.5):   C1 = sum l_p*c1_p, C2 = sum l_p*c2_p over exactly t members, with l_p
 *                        the Lagrange coefficients at 0 of the points x_p = p + 1; then
 *                        C2 - sk*C1 = msk*H1(full_id), checked by the requester against the
 *                        committee's pk like any key server's answer.
 *
 * Everything here works on public data (points and party ids received from the network), so
 * the functions are variable time. Nothing allocates or does I/O.
 */
#ifndef SEAL_COMMITTEE_AGGREGATE_H
#define SEAL_COMMITTEE_AGGREGATE_H

#include <stddef.h>
#include <stdint.h>

#include "seal/bls12_381.h"
#include "seal/error.h"
#include "seal/util.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Most shares interpolated at once (the threshold of a committee), and most keys verified in one
 * batch (a fetch_key request names at most 100 ids). */
#define SEAL_COMMITTEE_MAX_PARTIES 256
#define SEAL_COMMITTEE_MAX_BATCH 128

/*
 * Lagrange coefficients at zero: lambdas[i] = prod_{j != i} x_j / (x_j - x_i) mod r, with
 * x_i = party_ids[i] + 1 (the share index of party i). The rules of fastcrypto's recover_c0:
 * exactly `threshold` points (n == threshold), 1 <= threshold <= SEAL_COMMITTEE_MAX_PARTIES,
 * party ids distinct and below 65535 (x_i non-zero in u16); SEAL_ERR_INVALID_ARGUMENT otherwise
 * (lambdas then zeroed). Used for the combination below and for key rotation (new share =
 * sum lambda_d * f_d(j + 1) over the dealers' old party ids, COMMITTEE.md 4.5).
 */
SEAL_MUST_CHECK seal_err seal_committee_lagrange_at_zero(seal_scalar *lambdas,
                                                         const uint16_t *party_ids, size_t n,
                                                         size_t threshold);

/*
 * Verifies the n encrypted partial keys of one member (7.4) in one product of three pairings:
 * with 128-bit random weights w_k drawn from rng (NULL: the system RNG; not drawn when n == 1),
 *   e(sum w_k c2_k, -G2gen) * e(sum w_k c1_k, vk) * e(sum w_k gid_k, partial_pk) == 1,
 * which holds for all k with overwhelming probability only if each entry verifies.
 * gid[k] = H1(full_id_k) (seal_ibe_hash_id). Points must be decoded (subgroup-checked).
 * SEAL_ERR_IDENTITY when vk, partial_pk or any c1/c2 is the identity, SEAL_ERR_INVALID_KEY when
 * the check fails, SEAL_ERR_INVALID_ARGUMENT when n is 0 or above SEAL_COMMITTEE_MAX_BATCH,
 * SEAL_ERR_RNG.
 */
SEAL_MUST_CHECK seal_err seal_committee_verify_partial_keys(const seal_g1 *c1, const seal_g1 *c2,
                                                            const seal_g1 *gid, size_t n,
                                                            const seal_g2 *vk,
                                                            const seal_g2 *partial_pk,
                                                            const seal_rng *rng);

/* The combination in the exponent (7.5) for one id with coefficients from
 * seal_committee_lagrange_at_zero: c1_out = sum lambdas[i]*c1[i], c2_out likewise (t >= 1). */
void seal_committee_combine(seal_g1 *c1_out, seal_g1 *c2_out, const seal_scalar *lambdas,
                            const seal_g1 *c1, const seal_g1 *c2, size_t t);

/*
 * Byte-level combination of one id, upstream's aggregate_encrypted: the t = n compressed
 * ciphertexts of members party_ids[i] combined into one (c1_out, c2_out). Argument errors as
 * seal_committee_lagrange_at_zero, decoding errors (SEAL_ERR_*) for bad points; outputs zeroed
 * on failure. Verify each member's answer first (seal_committee_verify_partial_keys or
 * seal_elgamal_verify).
 */
SEAL_MUST_CHECK seal_err seal_committee_aggregate(uint8_t c1_out[static 48],
                                                  uint8_t c2_out[static 48], size_t threshold,
                                                  const uint16_t *party_ids,
                                                  const uint8_t (*c1)[48], const uint8_t (*c2)[48],
                                                  size_t n);

#ifdef __cplusplus
}
#endif
#endif
