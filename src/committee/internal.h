/* Internal interface of src/committee/ (the DKG and rotation). */
#ifndef SEAL_COMMITTEE_INTERNAL_H
#define SEAL_COMMITTEE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "seal/committee.h"

/* A parsed SignedMessage. raw holds the whole BCS; Message is raw[0..msg_len), the signature
 * raw[msg_len..msg_len+48), the NIZK the last 128 bytes. Ciphertexts are borrowed from raw. */
struct seal_dkg_message {
    uint8_t *raw;
    size_t raw_len;
    size_t msg_len;
    uint16_t sender;
    size_t vss_len;
    seal_g2 *vss; /* vss_len points */
    seal_dkg_ecies_header hdr;
    size_t n_encs;
    const uint8_t **encs; /* n_encs pointers into raw */
    size_t *enc_lens;
    seal_g1 signature;
    seal_dkg_dl_proof nizk;
};

/* Reveals a one-bit outcome computed from secrets that the protocol makes public anyway (a key
 * matches its registered public key, a received share matches the dealer's commitment, a secret
 * key is canonical and not zero). The bit is computed without branches; this function is the one
 * place that branches on it. It is never inlined, so the constant-time harness can declare this
 * branch (tests/ct/public_outcomes.supp) and still report every other branch on a secret. */
bool seal__dkg_reveal(bool secret_bit);

/* Writes "%s" formatted text into the report (one line) with its problem and party. Returns
 * err so callers can `return seal__dkg_fail(...)`. */
seal_err seal__dkg_fail(seal_dkg_report *r, seal_err err, seal_dkg_problem problem, int32_t party,
                        const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void seal__dkg_report_init(seal_dkg_report *r);

/* The committee's shape and keys (seal_dkg_committee_check), with a report. */
SEAL_MUST_CHECK seal_err seal__dkg_committee_check(seal_dkg_report *r, const seal_dkg_committee *c);

/* The dealer's constant term: checks the old-share rules of a rotation (required exactly for a
 * continuing member, equal to its old partial pk) and sets coeffs[0] to the old share; a fresh
 * DKG must have no old share. */
SEAL_MUST_CHECK seal_err seal__dkg_dealer_secret(seal_dkg_report *r, const seal_dkg_committee *c,
                                                 uint16_t my_id, const uint8_t *old_share,
                                                 seal_scalar *coeffs);

/* Rotation's completion: with the dealers' senders, their vss (t_new points each) and the
 * shares they gave me, the new share sum l_d s_d and commitment sum l_d vss_d[k], l_d the
 * Lagrange coefficients at 0 of the points old_id(d) + 1. */
SEAL_MUST_CHECK seal_err seal__dkg_rotation_combine(seal_scalar *share, seal_g2 *vss,
                                                    const seal_dkg_committee *c,
                                                    const uint16_t *senders,
                                                    const seal_g2 *const *dealer_vss,
                                                    const seal_scalar *shares, size_t n_dealers);

/* Decrypts party my_id's share from message m and checks it against m's commitment. On failure
 * builds the complaint (recovery package with a nonce from rng) into the report and returns
 * SEAL_ERR_INVALID_KEY with SEAL_DKG_COMPLAINT. share is secret (wiped on failure). */
SEAL_MUST_CHECK seal_err seal__dkg_receive_share(seal_scalar *share, seal_dkg_report *report,
                                                 const seal_dkg_ro *base, const seal_dkg_message *m,
                                                 uint16_t my_id, const seal_scalar *enc_sk,
                                                 const seal_rng *rng);

/* sum_k vss[k] * x^k for a public x (Horner, variable time: public data). */
void seal__dkg_poly_eval_g2(seal_g2 *out, const seal_g2 *vss, size_t t, uint64_t x);
/* f(x) = sum_k coeffs[k] x^k over Fr, constant time in the coefficients. */
void seal__dkg_poly_eval_fr(seal_scalar *out, const seal_scalar *coeffs, size_t t, uint64_t x);

/* The signed payload: BCS MessageSignaturePayload { domain, committee_id, message, nizk_proof }
 * for Message bytes msg[0..msg_len) and an encoded NIZK, into a malloc'd buffer. */
SEAL_MUST_CHECK seal_err seal__dkg_signature_payload(uint8_t **out, size_t *out_len,
                                                     const uint8_t committee_id[32],
                                                     const uint8_t *msg, size_t msg_len,
                                                     const uint8_t nizk[SEAL_DKG_DL_PROOF_BYTES]);

/* The BCS of the first element of a decrypted share buffer: exactly one canonical scalar
 * (01 || be32). false otherwise. */
bool seal__dkg_decode_share(seal_scalar *out, const uint8_t *buf, size_t len);

#endif
