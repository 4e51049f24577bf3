/* The DKG of fastcrypto-tbls dkg_v1 as Seal runs it (COMMITTEE.md 3): the committee's data, a
 * dealer's signed message, and phase C (verification of every message in upstream's order, then
 * the optimistic completion). Rotation specifics are in rotation.c, complaints in complaint.c. */
#include <stdlib.h>
#include <string.h>

#include "committee/internal.h"
#include "seal/keys.h"
#include "seal/bcs.h"
#include "seal/committee_aggregate.h"

/* ---- the committee ------------------------------------------------------------------------ */

#define committee_fail(r, ...)                                                                     \
    seal__dkg_fail(r, SEAL_ERR_INVALID_ARGUMENT, SEAL_DKG_BAD_COMMITTEE, -1, __VA_ARGS__)

seal_err seal__dkg_committee_check(seal_dkg_report *r, const seal_dkg_committee *c) {
    seal_g1 p;
    seal_g2 q;
    if (c->n == 0 || c->n > SEAL_DKG_MAX_PARTIES) {
        return committee_fail(r, "the committee has %u members (1 to %u allowed)", (unsigned)c->n,
                              (unsigned)SEAL_DKG_MAX_PARTIES);
    }
    if (c->threshold < 2 || c->threshold > c->n) {
        return committee_fail(r, "threshold %u is not in 2..%u", (unsigned)c->threshold,
                              (unsigned)c->n);
    }
    for (uint16_t i = 0; i < c->n; i++) {
        if (seal_g1_decompress(&p, c->enc_pks[i]) != SEAL_OK || seal_g1_is_identity(&p)) {
            return committee_fail(r, "party %u: the registered encryption key is not a G1 point",
                                  (unsigned)i);
        }
        if (seal_g2_decompress(&q, c->signing_pks[i]) != SEAL_OK || seal_g2_is_identity(&q)) {
            return committee_fail(r, "party %u: the registered signing key is not a G2 point",
                                  (unsigned)i);
        }
    }
    if (c->old_threshold == 0) {
        return SEAL_OK;
    }
    if (c->old_threshold < 2 || c->old_n < c->old_threshold || c->old_n > SEAL_DKG_MAX_PARTIES) {
        return committee_fail(r, "rotation: old threshold %u does not fit an old committee of %u",
                              (unsigned)c->old_threshold, (unsigned)c->old_n);
    }
    if (c->old_threshold > SEAL_COMMITTEE_MAX_PARTIES) {
        return committee_fail(
            r, "rotation: old threshold %u is above the %u shares interpolated at once",
            (unsigned)c->old_threshold, (unsigned)SEAL_COMMITTEE_MAX_PARTIES);
    }
    size_t continuing = 0;
    for (uint16_t i = 0; i < c->n; i++) {
        int32_t o = c->new_to_old[i];
        if (o < 0) {
            continue;
        }
        if (o >= c->old_n) {
            return committee_fail(r, "rotation: party %u maps to no old party", (unsigned)i);
        }
        for (uint16_t j = 0; j < i; j++) {
            if (c->new_to_old[j] == o) {
                return committee_fail(r, "rotation: two parties map to old party %d", (int)o);
            }
        }
        continuing++;
    }
    if (continuing < c->old_threshold) {
        return committee_fail(
            r, "rotation: only %zu members continue, fewer than the old threshold %u", continuing,
            (unsigned)c->old_threshold);
    }
    for (uint16_t i = 0; i < c->old_n; i++) {
        if (seal_g2_decompress(&q, c->old_partial_pks[i]) != SEAL_OK) {
            return committee_fail(r, "rotation: old partial pk %u is not a G2 point", (unsigned)i);
        }
    }
    if (seal_g2_decompress(&q, c->pk) != SEAL_OK || seal_g2_is_identity(&q)) {
        return committee_fail(r, "rotation: the key server pk is not a G2 point");
    }
    return SEAL_OK;
}

seal_err seal_dkg_committee_check(const seal_dkg_committee *c) {
    return seal__dkg_committee_check(NULL, c);
}

/* ---- dealing ------------------------------------------------------------------------------ */

seal_err seal_dkg_create_message_with(uint8_t **out, size_t *out_len, seal_dkg_report *report,
                                      const seal_dkg_committee *c, uint16_t my_id,
                                      const seal_dkg_keys *keys, const uint8_t *old_share,
                                      const seal_dkg_dealer_randomness *rnd) {
    const size_t n = c->n, t = c->threshold;
    seal_dkg_ro base, e, nz;
    seal_scalar *coeffs = NULL, f;
    seal_g2 *vss = NULL;
    seal_g1 *pks = NULL;
    uint8_t *plain = NULL, *encbuf = NULL, *msg = NULL, *payload = NULL, *signed_msg = NULL;
    uint8_t **encs = NULL;
    const uint8_t **msgs = NULL;
    size_t *lens = NULL;
    seal_dkg_dl_proof nizk;
    uint8_t nizk_bytes[SEAL_DKG_DL_PROOF_BYTES], sig[48], proof[SEAL_DKG_DDH_PROOF_BYTES];
    seal_dkg_ecies_header hdr;
    size_t payload_len = 0;
    seal_err err;

    *out = NULL;
    *out_len = 0;
    seal__dkg_report_init(report);
    if ((err = seal__dkg_committee_check(report, c)) != SEAL_OK) {
        return err;
    }
    if (my_id >= n) {
        return seal__dkg_fail(report, SEAL_ERR_INVALID_ARGUMENT, SEAL_DKG_NOT_A_MEMBER, -1,
                              "party %u is not in a committee of %zu", my_id, n);
    }
    if (seal_dkg_keys_check(keys) != SEAL_OK) {
        return seal__dkg_fail(report, SEAL_ERR_INVALID_ARGUMENT, SEAL_DKG_NOT_A_MEMBER, my_id,
                              "the DKG keys are inconsistent (a public key does not match its "
                              "secret key)");
    }
    if (memcmp(keys->enc_pk, c->enc_pks[my_id], 48) != 0 ||
        memcmp(keys->signing_pk, c->signing_pks[my_id], 96) != 0) {
        return seal__dkg_fail(report, SEAL_ERR_INVALID_ARGUMENT, SEAL_DKG_NOT_A_MEMBER, my_id,
                              "the DKG keys are not the ones registered for party %u", my_id);
    }
    coeffs = malloc(t * sizeof *coeffs);
    if (coeffs == NULL) {
        err = SEAL_ERR_NO_MEMORY;
        goto out;
    }
    memcpy(coeffs, rnd->coeffs, t * sizeof *coeffs);
    if ((err = seal__dkg_dealer_secret(report, c, my_id, old_share, coeffs)) != SEAL_OK) {
        goto out;
    }

    /* The commitment and the shares f(j + 1), one 33-byte plaintext per party. */
    vss = malloc(t * sizeof *vss);
    pks = malloc(n * sizeof *pks);
    plain = malloc(n * SEAL_DKG_SHARE_PLAINTEXT_BYTES);
    encbuf = malloc(n * SEAL_DKG_SHARE_PLAINTEXT_BYTES);
    encs = malloc(n * sizeof *encs);
    msgs = malloc(n * sizeof *msgs);
    lens = malloc(n * sizeof *lens);
    if (!vss || !pks || !plain || !encbuf || !encs || !msgs || !lens) {
        err = SEAL_ERR_NO_MEMORY;
        goto out;
    }
    for (size_t k = 0; k < t; k++) {
        seal_g2_mul_gen(&vss[k], &coeffs[k]);
    }
    for (size_t j = 0; j < n; j++) {
        uint8_t *m = plain + j * SEAL_DKG_SHARE_PLAINTEXT_BYTES;
        seal__dkg_poly_eval_fr(&f, coeffs, t, (uint64_t)j + 1);
        m[0] = 1;
        seal_scalar_to_bytes(m + 1, &f);
        msgs[j] = m;
        lens[j] = SEAL_DKG_SHARE_PLAINTEXT_BYTES;
        encs[j] = encbuf + j * SEAL_DKG_SHARE_PLAINTEXT_BYTES;
        if ((err = seal_g1_decompress(&pks[j], c->enc_pks[j])) != SEAL_OK) {
            goto out;
        }
    }
    seal_dkg_ro_base(&base, c->id);
    if ((err = seal_dkg_ro_encryption(&e, &base, my_id)) != SEAL_OK ||
        (err = seal_dkg_ecies_encrypt(&hdr, encs, pks, msgs, lens, n, &rnd->ecies_r,
                                      &rnd->ddh_nonce, &e)) != SEAL_OK ||
        (err = seal_dkg_ro_nizk(&nz, &base, my_id)) != SEAL_OK ||
        (err = seal_dkg_dl_prove(&nizk, &coeffs[0], &vss[0], &rnd->nizk_nonce, &nz)) != SEAL_OK) {
        goto out;
    }
    seal_dkg_dl_proof_encode(nizk_bytes, &nizk);
    seal_dkg_ddh_proof_encode(proof, &hdr.proof);

    /* Message, then the signature over the payload, then SignedMessage. */
    seal_bcs_writer w;
    size_t msg_cap = 2 + 5 + 96 * t + 96 + 5 + n * (1 + SEAL_DKG_SHARE_PLAINTEXT_BYTES) +
                     SEAL_DKG_DDH_PROOF_BYTES;
    if ((signed_msg = malloc(msg_cap + 48 + SEAL_DKG_DL_PROOF_BYTES)) == NULL) {
        err = SEAL_ERR_NO_MEMORY;
        goto out;
    }
    msg = signed_msg;
    seal_bcs_writer_init(&w, msg, msg_cap);
    seal_bcs_write_u16(&w, my_id);
    seal_bcs_write_uleb128(&w, t);
    for (size_t k = 0; k < t; k++) {
        uint8_t b[96];
        seal_g2_compress(b, &vss[k]);
        seal_bcs_write_fixed(&w, b, 96);
    }
    uint8_t cb[48];
    seal_g1_compress(cb, &hdr.c);
    seal_bcs_write_fixed(&w, cb, 48);
    seal_g1_compress(cb, &hdr.c_hat);
    seal_bcs_write_fixed(&w, cb, 48);
    seal_bcs_write_uleb128(&w, n);
    for (size_t j = 0; j < n; j++) {
        seal_bcs_write_bytes(&w, encs[j], lens[j]);
    }
    seal_bcs_write_fixed(&w, proof, sizeof proof);
    if ((err = seal_bcs_writer_finish(&w)) != SEAL_OK) {
        goto out;
    }
    size_t msg_len = w.len;
    if ((err = seal__dkg_signature_payload(&payload, &payload_len, c->id, msg, msg_len,
                                           nizk_bytes)) != SEAL_OK ||
        (err = seal_dkg_bls_sign(sig, keys->signing_sk, payload, payload_len)) != SEAL_OK) {
        goto out;
    }
    memcpy(signed_msg + msg_len, sig, 48);
    memcpy(signed_msg + msg_len + 48, nizk_bytes, SEAL_DKG_DL_PROOF_BYTES);
    *out = signed_msg;
    *out_len = msg_len + 48 + SEAL_DKG_DL_PROOF_BYTES;
    signed_msg = NULL;
out:
    if (coeffs != NULL) {
        seal_memzero(coeffs, t * sizeof *coeffs);
    }
    if (plain != NULL) {
        seal_memzero(plain, n * SEAL_DKG_SHARE_PLAINTEXT_BYTES);
    }
    seal_memzero(&f, sizeof f);
    free(coeffs);
    free(vss);
    free(pks);
    free(plain);
    free(encbuf);
    free(encs);
    free(msgs);
    free(lens);
    free(payload);
    free(signed_msg);
    return err;
}

seal_err seal_dkg_create_message(uint8_t **out, size_t *out_len, seal_dkg_report *report,
                                 const seal_dkg_committee *c, uint16_t my_id,
                                 const seal_dkg_keys *keys, const uint8_t *old_share,
                                 const seal_rng *rng) {
    seal_dkg_dealer_randomness rnd;
    seal_err err = SEAL_OK;
    *out = NULL;
    *out_len = 0;
    memset(&rnd, 0, sizeof rnd);
    if (rng == NULL) {
        rng = seal_rng_system();
    }
    size_t t = c->threshold == 0 ? 1 : c->threshold;
    if ((rnd.coeffs = malloc(t * sizeof *rnd.coeffs)) == NULL) {
        return SEAL_ERR_NO_MEMORY;
    }
    /* Upstream's order: the polynomial (all t coefficients, even when the constant term is then
     * replaced by the old share), the ECIES secret, its proof's nonce, the NIZK's nonce. */
    for (size_t k = 0; k < t && err == SEAL_OK; k++) {
        err = seal_keys_random_scalar(&rnd.coeffs[k], rng);
    }
    if (err == SEAL_OK && (err = seal_keys_random_scalar(&rnd.ecies_r, rng)) == SEAL_OK &&
        (err = seal_keys_random_scalar(&rnd.ddh_nonce, rng)) == SEAL_OK &&
        (err = seal_keys_random_scalar(&rnd.nizk_nonce, rng)) == SEAL_OK) {
        err = seal_dkg_create_message_with(out, out_len, report, c, my_id, keys, old_share, &rnd);
    } else {
        seal__dkg_report_init(report);
    }
    seal_memzero(rnd.coeffs, t * sizeof *rnd.coeffs);
    free(rnd.coeffs);
    seal_memzero(&rnd, sizeof rnd);
    return err;
}
