/* Key rotation (COMMITTEE.md 4): continuing members deal their old share to the new committee,
 * and the new shares and commitment are the Lagrange combination, at the dealers' old indices,
 * of what they dealt, so the committee's secret and pk stay the same. */
#include <stdlib.h>
#include <string.h>

#include "committee/internal.h"
#include "seal/committee_aggregate.h"

seal_err seal__dkg_dealer_secret(seal_dkg_report *r, const seal_dkg_committee *c, uint16_t my_id,
                                 const uint8_t *old_share, seal_scalar *coeffs) {
    seal_scalar s;
    seal_g2 p;
    uint8_t pb[96];
    if (c->old_threshold == 0) {
        if (old_share != NULL) {
            return seal__dkg_fail(r, SEAL_ERR_INVALID_ARGUMENT, SEAL_DKG_BAD_OLD_SHARE, my_id,
                                  "an old share is given but this is a fresh DKG, not a rotation");
        }
        return SEAL_OK;
    }
    int32_t old_id = c->new_to_old[my_id];
    if (old_id < 0) {
        if (old_share != NULL) {
            return seal__dkg_fail(r, SEAL_ERR_INVALID_ARGUMENT, SEAL_DKG_BAD_OLD_SHARE, my_id,
                                  "party %u is a new member of the rotation: it has no old share",
                                  (unsigned)my_id);
        }
        return seal__dkg_fail(r, SEAL_ERR_INVALID_ARGUMENT, SEAL_DKG_NOT_CONTINUING, my_id,
                              "party %u is a new member: in a rotation only continuing members "
                              "send messages",
                              (unsigned)my_id);
    }
    if (old_share == NULL) {
        return seal__dkg_fail(r, SEAL_ERR_INVALID_ARGUMENT, SEAL_DKG_BAD_OLD_SHARE, my_id,
                              "party %u continues from old party %d: its old share is required",
                              (unsigned)my_id, (int)old_id);
    }
    seal_err err = seal_scalar_from_bytes(&s, old_share);
    if (err == SEAL_OK) {
        seal_g2_mul_gen(&p, &s);
        seal_g2_compress(pb, &p);
        if (!seal__dkg_reveal(seal_ct_memeq(pb, c->old_partial_pks[old_id], 96))) {
            err = SEAL_ERR_INVALID_KEY;
        }
    }
    if (err != SEAL_OK) {
        seal_memzero(&s, sizeof s);
        return seal__dkg_fail(r, SEAL_ERR_INVALID_ARGUMENT, SEAL_DKG_BAD_OLD_SHARE, my_id,
                              "the old share does not match the old partial public key of old "
                              "party %d",
                              (int)old_id);
    }
    coeffs[0] = s;
    seal_memzero(&s, sizeof s);
    return SEAL_OK;
}

seal_err seal__dkg_rotation_combine(seal_scalar *share, seal_g2 *vss, const seal_dkg_committee *c,
                                    const uint16_t *senders, const seal_g2 *const *dealer_vss,
                                    const seal_scalar *shares, size_t n_dealers) {
    seal_scalar *lambda = malloc(n_dealers * sizeof *lambda);
    uint16_t *old_ids = calloc(n_dealers ? n_dealers : 1, sizeof *old_ids);
    seal_scalar term;
    seal_g2 g;
    seal_err err = SEAL_OK;
    if (lambda == NULL || old_ids == NULL) {
        err = SEAL_ERR_NO_MEMORY;
        goto out;
    }
    for (size_t d = 0; d < n_dealers; d++) {
        old_ids[d] = (uint16_t)c->new_to_old[senders[d]];
    }
    if ((err = seal_committee_lagrange_at_zero(lambda, old_ids, n_dealers, n_dealers)) != SEAL_OK) {
        goto out;
    }
    seal_scalar_from_u64(share, 0);
    for (size_t d = 0; d < n_dealers; d++) {
        seal_scalar_mul(&term, &lambda[d], &shares[d]);
        seal_scalar_add(share, share, &term);
    }
    for (size_t k = 0; k < c->threshold; k++) {
        seal_g2_identity(&vss[k]);
        for (size_t d = 0; d < n_dealers; d++) {
            seal_g2_mul_vartime(&g, &dealer_vss[d][k], &lambda[d]);
            seal_g2_add(&vss[k], &vss[k], &g);
        }
    }
out:
    seal_memzero(&term, sizeof term);
    free(lambda);
    free(old_ids);
    return err;
}
