/* Phase C of the DKG (and of a rotation) for one member: every check of upstream's
 * process_dkg_messages and process_message_with_checks, in its order, then the completion. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "committee/internal.h"

void seal_dkg_output_clear(seal_dkg_output *out) {
    if (out == NULL) {
        return;
    }
    free(out->partial_pks);
    seal_memzero(out, sizeof *out);
}

#define FAIL(err, problem, party, ...) seal__dkg_fail(report, err, problem, party, __VA_ARGS__)

/* Fresh DKG: exactly one message per party; rotation: exactly old_threshold messages, all from
 * continuing members. msgs are sorted by sender and distinct. */
static seal_err check_count(seal_dkg_report *report, const seal_dkg_committee *c,
                            seal_dkg_message *const *msgs, size_t n_msgs) {
    char list[160];
    size_t o = 0;
    list[0] = '\0';
    if (c->old_threshold != 0) {
        if (n_msgs != c->old_threshold) {
            return FAIL(SEAL_ERR_INVALID_KEY, SEAL_DKG_WRONG_COUNT, -1,
                        "key rotation requires exactly %u messages from continuing members, got "
                        "%zu",
                        (unsigned)c->old_threshold, n_msgs);
        }
        int32_t first = -1;
        for (size_t i = 0; i < n_msgs; i++) {
            uint16_t s = msgs[i]->sender;
            if (s >= c->n || c->new_to_old[s] < 0) {
                if (first < 0) {
                    first = s;
                }
                if (o + 8 < sizeof list) {
                    o += (size_t)snprintf(list + o, sizeof list - o, "%s%u", o ? ", " : "",
                                          (unsigned)s);
                }
            }
        }
        if (first >= 0) {
            return FAIL(SEAL_ERR_INVALID_KEY, SEAL_DKG_NOT_CONTINUING, first,
                        "key rotation messages must come from continuing members; not continuing: "
                        "party %s",
                        list);
        }
        return SEAL_OK;
    }
    if (n_msgs != c->n) {
        /* Name the parties without a message (when every sender is a party). */
        size_t i = 0;
        for (uint16_t p = 0; p < c->n; p++) {
            while (i < n_msgs && msgs[i]->sender < p) {
                i++;
            }
            if ((i == n_msgs || msgs[i]->sender != p) && o + 8 < sizeof list) {
                o +=
                    (size_t)snprintf(list + o, sizeof list - o, "%s%u", o ? ", " : "", (unsigned)p);
            }
        }
        return FAIL(SEAL_ERR_INVALID_KEY, SEAL_DKG_WRONG_COUNT, -1,
                    "a fresh DKG requires %u messages (one from each party), got %zu%s%s",
                    (unsigned)c->n, n_msgs, o ? "; missing: party " : "", list);
    }
    return SEAL_OK;
}

/* The checks anyone can run on one message (everything but the own share), in upstream's order:
 * signature, [rotation: vss_pk[0] == old partial pk], NIZK, then the sanity checks. */
static seal_err check_public(seal_dkg_report *report, const seal_dkg_committee *c,
                             const seal_dkg_ro *base, const seal_dkg_message *m) {
    const uint16_t s = m->sender;
    uint8_t *payload = NULL, nizk[SEAL_DKG_DL_PROOF_BYTES], sig[48];
    size_t payload_len;
    seal_dkg_ro ro;
    seal_err err;
    if (s >= c->n) {
        return FAIL(SEAL_ERR_INVALID_KEY, SEAL_DKG_UNKNOWN_SENDER, s,
                    "party %u: no such party in a committee of %u (no signing key registered)",
                    (unsigned)s, (unsigned)c->n);
    }
    memcpy(nizk, m->raw + m->msg_len + 48, sizeof nizk);
    memcpy(sig, m->raw + m->msg_len, sizeof sig);
    if ((err = seal__dkg_signature_payload(&payload, &payload_len, c->id, m->raw, m->msg_len,
                                           nizk)) != SEAL_OK) {
        return err;
    }
    err = seal_dkg_bls_verify(sig, c->signing_pks[s], payload, payload_len);
    free(payload);
    if (err == SEAL_ERR_NO_MEMORY) {
        return err;
    }
    if (err != SEAL_OK) {
        return FAIL(SEAL_ERR_INVALID_SIGNATURE, SEAL_DKG_BAD_SIGNATURE, s,
                    "party %u: the message signature does not verify with its registered signing "
                    "key",
                    (unsigned)s);
    }
    if (m->vss_len == 0) {
        return FAIL(SEAL_ERR_INVALID_KEY, SEAL_DKG_WRONG_VSS_LENGTH, s,
                    "party %u: vss_pk has 0 coefficients, expected %u", (unsigned)s,
                    (unsigned)c->threshold);
    }
    if (c->old_threshold != 0) {
        uint8_t c0[96];
        int32_t old_id = c->new_to_old[s];
        seal_g2_compress(c0, &m->vss[0]);
        if (memcmp(c0, c->old_partial_pks[old_id], 96) != 0) {
            return FAIL(SEAL_ERR_INVALID_KEY, SEAL_DKG_OLD_PK_MISMATCH, s,
                        "party %u: vss_pk[0] is not the old partial public key of old party %d "
                        "(key rotation verification failed)",
                        (unsigned)s, (int)old_id);
        }
    }
    if ((err = seal_dkg_ro_nizk(&ro, base, s)) != SEAL_OK) {
        return err;
    }
    err = seal_dkg_dl_verify(&m->nizk, &m->vss[0], &ro);
    if (err == SEAL_ERR_CRYPTO_LIB) {
        return err;
    }
    if (err != SEAL_OK) {
        return FAIL(SEAL_ERR_INVALID_KEY, SEAL_DKG_BAD_NIZK, s,
                    "party %u: the proof of possession of the secret (NIZK) does not verify",
                    (unsigned)s);
    }
    if (m->vss_len != c->threshold) {
        return FAIL(SEAL_ERR_INVALID_KEY, SEAL_DKG_WRONG_VSS_LENGTH, s,
                    "party %u: vss_pk has %zu coefficients, expected the threshold %u", (unsigned)s,
                    m->vss_len, (unsigned)c->threshold);
    }
    if (seal_g2_is_identity(&m->vss[0])) {
        return FAIL(SEAL_ERR_INVALID_KEY, SEAL_DKG_ZERO_SECRET, s,
                    "party %u: vss_pk[0] is the identity", (unsigned)s);
    }
    if (m->n_encs != c->n) {
        return FAIL(SEAL_ERR_INVALID_KEY, SEAL_DKG_WRONG_CIPHERTEXTS, s,
                    "party %u: %zu encrypted shares, expected one per party (%u)", (unsigned)s,
                    m->n_encs, (unsigned)c->n);
    }
    if ((err = seal_dkg_ro_encryption(&ro, base, s)) != SEAL_OK) {
        return err;
    }
    err = seal_dkg_ecies_verify(&m->hdr, &ro);
    if (err == SEAL_ERR_CRYPTO_LIB) {
        return err;
    }
    if (err != SEAL_OK) {
        return FAIL(SEAL_ERR_INVALID_KEY, SEAL_DKG_BAD_ECIES_PROOF, s,
                    "party %u: the proof of the encryption's ephemeral key does not verify",
                    (unsigned)s);
    }
    for (size_t j = 0; j < m->n_encs; j++) {
        if (m->enc_lens[j] == 0) {
            return FAIL(SEAL_ERR_INVALID_KEY, SEAL_DKG_BAD_ECIES_PROOF, s,
                        "party %u: the encrypted share for party %zu is empty", (unsigned)s, j);
        }
    }
    return SEAL_OK;
}

seal_err seal_dkg_process(seal_dkg_output *out, seal_dkg_report *report,
                          const seal_dkg_committee *c, uint16_t my_id,
                          const uint8_t enc_sk[static 32], const uint8_t *const *raw,
                          const size_t *lens, size_t n_msgs, const seal_rng *rng) {
    seal_dkg_message **msgs = NULL;
    seal_scalar sk, *shares = NULL, share;
    seal_g2 *vss = NULL, q;
    const seal_g2 **dealer_vss = NULL;
    uint16_t *senders = NULL;
    seal_dkg_ro base;
    seal_g1 p;
    uint8_t pkb[48];
    seal_err err;

    memset(out, 0, sizeof *out);
    seal__dkg_report_init(report);
    if (rng == NULL) {
        rng = seal_rng_system();
    }
    if ((err = seal__dkg_committee_check(report, c)) != SEAL_OK) {
        return err;
    }
    if (my_id >= c->n) {
        return FAIL(SEAL_ERR_INVALID_ARGUMENT, SEAL_DKG_NOT_A_MEMBER, -1,
                    "party %u is not in a committee of %u", (unsigned)my_id, (unsigned)c->n);
    }
    err = seal_scalar_from_bytes(&sk, enc_sk);
    if (err == SEAL_OK) {
        seal_g1_mul_gen(&p, &sk);
        seal_g1_compress(pkb, &p);
        if (!seal__dkg_reveal(seal_ct_memeq(pkb, c->enc_pks[my_id], 48))) {
            err = SEAL_ERR_INVALID_KEY;
        }
    }
    if (err != SEAL_OK) {
        err = FAIL(SEAL_ERR_INVALID_ARGUMENT, SEAL_DKG_NOT_A_MEMBER, my_id,
                   "the encryption key is not the one registered for party %u", (unsigned)my_id);
        goto out;
    }

    if (n_msgs > SEAL_DKG_MAX_PARTIES) {
        err = FAIL(SEAL_ERR_INVALID_KEY, SEAL_DKG_WRONG_COUNT, -1,
                   "%zu messages: more than a committee can have (%u)", n_msgs,
                   (unsigned)SEAL_DKG_MAX_PARTIES);
        goto out;
    }
    /* Parse, reject duplicate senders, sort, hash, count. */
    if ((msgs = calloc(n_msgs ? n_msgs : 1, sizeof *msgs)) == NULL) {
        err = SEAL_ERR_NO_MEMORY;
        goto out;
    }
    for (size_t i = 0; i < n_msgs; i++) {
        if ((err = seal_dkg_message_parse(&msgs[i], raw[i], lens[i])) != SEAL_OK) {
            if (err != SEAL_ERR_NO_MEMORY) {
                err = FAIL(SEAL_ERR_INVALID_ENCODING, SEAL_DKG_MALFORMED, -1,
                           "message %zu does not parse as a DKG SignedMessage: %s", i + 1,
                           seal_strerror(err));
            }
            goto out;
        }
    }
    for (size_t i = 0; i < n_msgs; i++) {
        for (size_t j = 0; j < i; j++) {
            if (msgs[j]->sender == msgs[i]->sender) {
                err = FAIL(SEAL_ERR_INVALID_KEY, SEAL_DKG_DUPLICATE_SENDER, msgs[i]->sender,
                           "duplicate DKG message from party %u", (unsigned)msgs[i]->sender);
                goto out;
            }
        }
    }
    if ((err = seal_dkg_messages_hash(out->messages_hash, msgs, n_msgs)) != SEAL_OK ||
        (err = check_count(report, c, msgs, n_msgs)) != SEAL_OK) {
        goto out;
    }

    /* Every message: the public checks, then my share against the commitment. */
    shares = malloc((n_msgs ? n_msgs : 1) * sizeof *shares);
    senders = malloc((n_msgs ? n_msgs : 1) * sizeof *senders);
    dealer_vss = malloc((n_msgs ? n_msgs : 1) * sizeof *dealer_vss);
    vss = malloc(c->threshold * sizeof *vss);
    if (!shares || !senders || !dealer_vss || !vss) {
        err = SEAL_ERR_NO_MEMORY;
        goto out;
    }
    seal_dkg_ro_base(&base, c->id);
    for (size_t i = 0; i < n_msgs; i++) {
        const seal_dkg_message *m = msgs[i];
        if ((err = check_public(report, c, &base, m)) != SEAL_OK) {
            goto out;
        }
        if ((err = seal__dkg_receive_share(&shares[i], report, &base, m, my_id, &sk, rng)) !=
            SEAL_OK) {
            goto out;
        }
        senders[i] = m->sender;
        dealer_vss[i] = m->vss;
    }

    /* Completion: fresh DKG sums the polynomials; rotation interpolates them. */
    if (c->old_threshold != 0) {
        err = seal__dkg_rotation_combine(&share, vss, c, senders, dealer_vss, shares, n_msgs);
        if (err != SEAL_OK) {
            goto out;
        }
    } else {
        seal_scalar_from_u64(&share, 0);
        for (size_t k = 0; k < c->threshold; k++) {
            seal_g2_identity(&vss[k]);
        }
        for (size_t i = 0; i < n_msgs; i++) {
            seal_scalar_add(&share, &share, &shares[i]);
            for (size_t k = 0; k < c->threshold; k++) {
                seal_g2_add(&vss[k], &vss[k], &dealer_vss[i][k]);
            }
        }
    }
    seal_g2_compress(out->pk, &vss[0]);
    if (c->old_threshold != 0 && memcmp(out->pk, c->pk, 96) != 0) {
        err = FAIL(SEAL_ERR_INVALID_KEY, SEAL_DKG_PK_MISMATCH, -1,
                   "the rotated commitment's constant term is not the key server's pk");
        goto out;
    }
    if ((out->partial_pks = malloc((size_t)c->n * sizeof *out->partial_pks)) == NULL) {
        err = SEAL_ERR_NO_MEMORY;
        goto out;
    }
    for (uint16_t i = 0; i < c->n; i++) {
        seal__dkg_poly_eval_g2(&q, vss, c->threshold, (uint64_t)i + 1);
        seal_g2_compress(out->partial_pks[i], &q);
    }
    out->n = c->n;
    out->my_id = my_id;
    seal_scalar_to_bytes(out->share, &share);
out:
    if (err != SEAL_OK) {
        seal_dkg_output_clear(out);
    }
    if (shares != NULL) {
        seal_memzero(shares, (n_msgs ? n_msgs : 1) * sizeof *shares);
    }
    seal_memzero(&share, sizeof share);
    seal_memzero(&sk, sizeof sk);
    for (size_t i = 0; msgs != NULL && i < n_msgs; i++) {
        seal_dkg_message_free(msgs[i]);
    }
    free(msgs);
    free(shares);
    free(senders);
    free(dealer_vss);
    free(vss);
    return err;
}
