/* Complaints (fastcrypto-tbls dkg_v1 Complaint): a member whose share does not decrypt or does
 * not match the dealer's commitment publishes its recovery package, which lets anyone decrypt
 * that ciphertext and see that the dealer cheated. BCS: accused_sender u16 || ephemeral key G1 ||
 * DdhTupleNizk<G1>. */
#include <stdlib.h>
#include <string.h>

#include "committee/internal.h"
#include "seal/keys.h"

/* s G2gen == sum_k vss[k] (index + 1)^k; the multiplication by the secret s is constant time. */
static bool share_matches(const seal_scalar *s, const seal_g2 *vss, size_t t, uint16_t index) {
    seal_g2 a, b;
    seal_g2_mul_gen(&a, s);
    seal__dkg_poly_eval_g2(&b, vss, t, (uint64_t)index + 1);
    bool ok = seal_g2_equal(&a, &b);
    seal_memzero(&a, sizeof a);
    return ok;
}

seal_err seal__dkg_receive_share(seal_scalar *share, seal_dkg_report *report,
                                 const seal_dkg_ro *base, const seal_dkg_message *m, uint16_t my_id,
                                 const seal_scalar *enc_sk, const seal_rng *rng) {
    const size_t len = m->enc_lens[my_id];
    seal_dkg_ro e, rec;
    seal_scalar nonce;
    seal_g1 k;
    seal_dkg_ddh_proof proof;
    uint8_t *buf = malloc(len);
    seal_err err;
    bool good = false;
    if (buf == NULL) {
        return SEAL_ERR_NO_MEMORY;
    }
    if ((err = seal_dkg_ro_encryption(&e, base, m->sender)) != SEAL_OK ||
        (err = seal_dkg_ecies_decrypt(buf, &m->hdr, enc_sk, my_id, m->encs[my_id], len, &e)) !=
            SEAL_OK) {
        goto out;
    }
    /* Both checks run whatever the first says; only their conjunction is revealed (a complaint
     * is published when it is false). */
    bool decoded = seal__dkg_decode_share(share, buf, len);
    good = seal__dkg_reveal(decoded & share_matches(share, m->vss, m->vss_len, my_id));
    if (good) {
        goto out;
    }
    /* The complaint: my recovery package for this ciphertext. */
    if ((err = seal_keys_random_scalar(&nonce, rng)) != SEAL_OK ||
        (err = seal_dkg_ro_recovery(&rec, base, my_id, m->sender)) != SEAL_OK ||
        (err = seal_dkg_ecies_recovery_create(&k, &proof, &m->hdr, enc_sk, &nonce, &rec)) !=
            SEAL_OK) {
        goto out;
    }
    err = seal__dkg_fail(report, SEAL_ERR_INVALID_KEY, SEAL_DKG_COMPLAINT, m->sender,
                         "party %u sent party %u a share that does not match its commitment "
                         "(complaint against party %u); do NOT propose on chain",
                         (unsigned)m->sender, (unsigned)my_id, (unsigned)m->sender);
    if (report != NULL) {
        report->has_complaint = true;
        report->complaint[0] = (uint8_t)m->sender;
        report->complaint[1] = (uint8_t)(m->sender >> 8);
        seal_g1_compress(report->complaint + 2, &k);
        seal_dkg_ddh_proof_encode(report->complaint + 50, &proof);
    }
out:
    seal_memzero(buf, len);
    free(buf);
    seal_memzero(&nonce, sizeof nonce);
    if (!good) {
        seal_memzero(share, sizeof *share);
    }
    return err;
}

seal_err seal_dkg_complaint_check(seal_dkg_report *report, const seal_dkg_committee *c,
                                  uint16_t accuser, const uint8_t *complaint, size_t complaint_len,
                                  const uint8_t *accused_msg, size_t msg_len) {
    seal_dkg_message *m = NULL;
    seal_dkg_ddh_proof proof;
    seal_g1 k, pk;
    seal_dkg_ro base, e, rec;
    seal_scalar s;
    uint8_t *buf = NULL;
    size_t len = 0;
    seal_err err;
    seal__dkg_report_init(report);
    if ((err = seal__dkg_committee_check(report, c)) != SEAL_OK) {
        return err;
    }
    if (accuser >= c->n) {
        return seal__dkg_fail(report, SEAL_ERR_INVALID_ARGUMENT, SEAL_DKG_UNKNOWN_SENDER, accuser,
                              "accuser %u is not a party", (unsigned)accuser);
    }
    if (complaint_len != SEAL_DKG_COMPLAINT_BYTES) {
        return seal__dkg_fail(report, SEAL_ERR_INVALID_ENCODING, SEAL_DKG_MALFORMED, accuser,
                              "the complaint has %zu bytes, expected %u", complaint_len,
                              (unsigned)SEAL_DKG_COMPLAINT_BYTES);
    }
    if (seal_g1_decompress(&k, complaint + 2) != SEAL_OK ||
        seal_dkg_ddh_proof_decode(&proof, complaint + 50) != SEAL_OK) {
        return seal__dkg_fail(report, SEAL_ERR_INVALID_ENCODING, SEAL_DKG_MALFORMED, accuser,
                              "the complaint does not parse: its ephemeral key or its proof is "
                              "not valid");
    }
    uint16_t accused = (uint16_t)(complaint[0] | complaint[1] << 8);
    if ((err = seal_dkg_message_parse(&m, accused_msg, msg_len)) != SEAL_OK) {
        return seal__dkg_fail(report, SEAL_ERR_INVALID_ENCODING, SEAL_DKG_MALFORMED, accused,
                              "the accused message does not parse: %s", seal_strerror(err));
    }
    if (m->sender != accused) {
        err = seal__dkg_fail(report, SEAL_ERR_INVALID_KEY, SEAL_DKG_COMPLAINT, accuser,
                             "the complaint accuses party %u but the message is from party %u",
                             (unsigned)accused, (unsigned)m->sender);
        goto out;
    }
    if (m->n_encs <= accuser || m->vss_len < 2) {
        err = seal__dkg_fail(report, SEAL_ERR_INVALID_KEY, SEAL_DKG_COMPLAINT, accused,
                             "the accused message has no ciphertext for party %u or no valid "
                             "commitment: it is invalid itself",
                             (unsigned)accuser);
        goto out;
    }
    seal_dkg_ro_base(&base, c->id);
    if ((err = seal_g1_decompress(&pk, c->enc_pks[accuser])) != SEAL_OK ||
        (err = seal_dkg_ro_encryption(&e, &base, accused)) != SEAL_OK ||
        (err = seal_dkg_ro_recovery(&rec, &base, accuser, accused)) != SEAL_OK) {
        goto out;
    }
    len = m->enc_lens[accuser];
    if ((buf = malloc(len ? len : 1)) == NULL) {
        err = SEAL_ERR_NO_MEMORY;
        goto out;
    }
    err = seal_dkg_ecies_recovery_decrypt(buf, &m->hdr, &k, &proof, &pk, accuser, m->encs[accuser],
                                          len, &rec, &e);
    if (err == SEAL_ERR_INVALID_KEY) {
        err = seal__dkg_fail(report, SEAL_ERR_INVALID_KEY, SEAL_DKG_COMPLAINT, accuser,
                             "the complaint of party %u is invalid: its recovery package does not "
                             "verify",
                             (unsigned)accuser);
        goto out;
    }
    if (err != SEAL_OK) {
        goto out;
    }
    /* The share is public here: the recovery package lets anyone decrypt it. */
    bool decoded = seal__dkg_decode_share(&s, buf, len);
    if (decoded && share_matches(&s, m->vss, m->vss_len, accuser)) {
        err = seal__dkg_fail(report, SEAL_ERR_INVALID_KEY, SEAL_DKG_COMPLAINT, accuser,
                             "the complaint of party %u is invalid: the share from party %u "
                             "matches its commitment",
                             (unsigned)accuser, (unsigned)accused);
        goto out;
    }
    err = seal__dkg_fail(report, SEAL_OK, SEAL_DKG_COMPLAINT, accused,
                         "the complaint holds: party %u sent party %u a bad share",
                         (unsigned)accused, (unsigned)accuser);
out:
    if (buf != NULL) {
        seal_memzero(buf, len);
    }
    free(buf);
    seal_memzero(&s, sizeof s);
    seal_dkg_message_free(m);
    return err;
}
