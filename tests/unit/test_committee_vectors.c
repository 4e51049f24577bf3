/* The DKG and rotation against tests/vectors/spec/committee.json: the upstream end-to-end shares,
 * and the worked 3-member DKG and rotation byte for byte (random-oracle prefixes, ECIES, proofs,
 * Message / payload / SignedMessage BCS, signatures, message files, messages_hash, outputs). */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "committee/internal.h"
#include "seal/committee.h"
#include "seal/committee_aggregate.h"

#define MAXN 8

typedef struct fixture {
    seal_dkg_committee c;
    uint8_t enc_pks[MAXN][48], signing_pks[MAXN][96], old_pks[MAXN][96];
    int32_t new_to_old[MAXN];
    seal_dkg_keys keys[MAXN];
} fixture;

static void scalar_hex(seal_scalar *s, const char *hex) {
    uint8_t b[32];
    tu_hex(b, 32, hex, 1);
    assert_int_equal(seal_scalar_from_bytes(s, b), SEAL_OK);
}

static void load_members(fixture *f, const json_t *members, const char *id_hex) {
    size_t i;
    json_t *m;
    memset(f, 0, sizeof *f);
    tu_hex(f->c.id, 32, id_hex, 1);
    json_array_foreach(members, i, m) {
        assert_int_equal((size_t)json_integer_value(json_object_get(m, "party_id")), i);
        tu_hex(f->enc_pks[i], 48, tu_str(m, "enc_pk_onchain"), 1);
        tu_hex(f->signing_pks[i], 96, tu_str(m, "signing_pk_onchain"), 1);
        tu_hex(f->keys[i].enc_sk, 32, tu_str(m, "enc_sk"), 1);
        tu_hex(f->keys[i].signing_sk, 32, tu_str(m, "signing_sk"), 1);
        memcpy(f->keys[i].enc_pk, f->enc_pks[i], 48);
        memcpy(f->keys[i].signing_pk, f->signing_pks[i], 96);
        assert_int_equal(seal_dkg_keys_check(&f->keys[i]), SEAL_OK);
    }
    f->c.n = (uint16_t)json_array_size(members);
    f->c.enc_pks = (const uint8_t(*)[48])f->enc_pks;
    f->c.signing_pks = (const uint8_t(*)[96])f->signing_pks;
}

/* Builds a dealer's randomness from its vector entry (coefficients freed by the caller). */
static void load_randomness(seal_dkg_dealer_randomness *r, const json_t *d) {
    const json_t *cs = json_object_get(d, "poly_coeffs");
    r->coeffs = calloc(json_array_size(cs), sizeof *r->coeffs);
    assert_non_null(r->coeffs);
    for (size_t k = 0; k < json_array_size(cs); k++) {
        scalar_hex(&r->coeffs[k], json_string_value(json_array_get(cs, k)));
    }
    scalar_hex(&r->ecies_r, tu_str(d, "ecies_r"));
    scalar_hex(&r->ddh_nonce, tu_str(d, "ddh_nonce"));
    scalar_hex(&r->nizk_nonce, tu_str(d, "nizk_nonce"));
}

static void assert_hex(const uint8_t *got, size_t len, const char *want_hex, const char *what) {
    size_t wl;
    uint8_t *want = tu_hex_alloc(want_hex, &wl);
    assert_int_equal(len, wl);
    tu_assert_bytes(got, want, len, what);
    free(want);
}

/* ---- upstream_e2e --------------------------------------------------------------------------- */

static void interpolate(seal_scalar *out, const json_t *shares, const uint16_t *parties, size_t t) {
    seal_scalar l[4], s, term;
    assert_int_equal(seal_committee_lagrange_at_zero(l, parties, t, t), SEAL_OK);
    seal_scalar_from_u64(out, 0);
    for (size_t i = 0; i < t; i++) {
        scalar_hex(&s, json_string_value(json_array_get(shares, parties[i])));
        seal_scalar_mul(&term, &l[i], &s);
        seal_scalar_add(out, out, &term);
    }
}

static void test_upstream_e2e(void **state) {
    (void)state;
    json_t *j = tu_load_json("spec/committee.json");
    const json_t *u = json_object_get(j, "upstream_e2e");
    uint8_t pk[96], b[96], sb[32];
    seal_scalar msk, got;
    seal_g2 q;
    tu_hex(pk, 96, tu_str(u, "committee_pk"), 1);
    scalar_hex(&msk, tu_str(u, "derived_master_secret"));
    seal_g2_mul_gen(&q, &msk);
    seal_g2_compress(b, &q);
    tu_assert_bytes(b, pk, 96, "msk * G2gen == committee pk");
    /* v0: every pair of the three shares; v1: every triple of the four. */
    const json_t *v0 = json_object_get(json_object_get(u, "v0"), "master_shares_by_party");
    const json_t *v1 = json_object_get(json_object_get(u, "v1"), "master_shares_by_party");
    const json_t *p0 = json_object_get(json_object_get(u, "v0"), "partial_pks_by_party");
    const json_t *p1 = json_object_get(json_object_get(u, "v1"), "partial_pks_by_party");
    for (uint16_t a = 0; a < 3; a++) {
        for (uint16_t c = (uint16_t)(a + 1); c < 3; c++) {
            uint16_t ps[2] = {a, c};
            interpolate(&got, v0, ps, 2);
            assert_true(seal_scalar_equal(&got, &msk));
        }
    }
    for (uint16_t skip = 0; skip < 4; skip++) {
        uint16_t ps[3];
        size_t k = 0;
        for (uint16_t p = 0; p < 4; p++) {
            if (p != skip) {
                ps[k++] = p;
            }
        }
        interpolate(&got, v1, ps, 3);
        assert_true(seal_scalar_equal(&got, &msk));
    }
    /* Two shares only do not give the secret of a 3-of-4 sharing. */
    uint16_t two[2] = {0, 1};
    interpolate(&got, v1, two, 2);
    assert_false(seal_scalar_equal(&got, &msk));
    /* Each partial pk is share * G2gen. */
    for (size_t i = 0; i < 7; i++) {
        const json_t *sh = i < 3 ? v0 : v1;
        const json_t *pp = i < 3 ? p0 : p1;
        size_t idx = i < 3 ? i : i - 3;
        tu_hex(sb, 32, json_string_value(json_array_get(sh, idx)), 1);
        seal_scalar s;
        assert_int_equal(seal_scalar_from_bytes(&s, sb), SEAL_OK);
        seal_g2_mul_gen(&q, &s);
        seal_g2_compress(b, &q);
        assert_hex(b, 96, json_string_value(json_array_get(pp, idx)), "partial pk");
    }
    json_decref(j);
}

/* ---- fresh_dkg ------------------------------------------------------------------------------ */

static void test_fresh_dkg_pieces(void **state) {
    (void)state;
    json_t *j = tu_load_json("spec/committee.json");
    const json_t *fd = json_object_get(j, "fresh_dkg");
    fixture f;
    load_members(&f, json_object_get(fd, "members"), tu_str(fd, "committee_id"));
    f.c.threshold = (uint16_t)json_integer_value(json_object_get(fd, "t"));
    seal_dkg_ro base, e, ro;
    seal_dkg_ro_base(&base, f.c.id);
    assert_string_equal(base.prefix, tu_str(fd, "random_oracle_prefix"));
    size_t i;
    json_t *d;
    json_array_foreach(json_object_get(fd, "dealers"), i, d) {
        uint16_t sender = (uint16_t)json_integer_value(json_object_get(d, "sender"));
        assert_int_equal(sender, i);
        assert_int_equal(seal_dkg_ro_encryption(&e, &base, sender), SEAL_OK);
        assert_string_equal(e.prefix, tu_str(d, "encryption_ro_prefix"));
        seal_dkg_dealer_randomness r;
        load_randomness(&r, d);

        /* ECIES pieces: c, g_hat, c_hat and the DDH challenge. */
        uint8_t b[96], h[64];
        seal_g1 c, gh, ch;
        seal_g1_mul_gen(&c, &r.ecies_r);
        seal_g1_compress(b, &c);
        assert_hex(b, 48, tu_str(d, "c"), "c");
        assert_int_equal(seal_dkg_ro_extend(&ro, &e, "g_hat"), SEAL_OK);
        assert_int_equal(seal_dkg_ro_eval(h, &ro, b, 48), SEAL_OK);
        seal_g1_hash_to_curve(&gh, h, 64, (const uint8_t *)SEAL_DKG_BLS_DST,
                              strlen(SEAL_DKG_BLS_DST));
        seal_g1_compress(b, &gh);
        assert_hex(b, 48, tu_str(d, "g_hat"), "g_hat");
        seal_g1_mul(&ch, &gh, &r.ecies_r);
        seal_g1_compress(b, &ch);
        assert_hex(b, 48, tu_str(d, "c_hat"), "c_hat");

        /* The whole signed message, then its parts. */
        uint8_t *sm;
        size_t sm_len;
        seal_dkg_report rep;
        assert_int_equal(seal_dkg_create_message_with(&sm, &sm_len, &rep, &f.c, sender,
                                                      &f.keys[sender], NULL, &r),
                         SEAL_OK);
        assert_hex(sm, sm_len, tu_str(d, "signed_message_bcs"), "SignedMessage");
        seal_dkg_message *m;
        assert_int_equal(seal_dkg_message_parse(&m, sm, sm_len), SEAL_OK);
        assert_hex(m->raw, m->msg_len, tu_str(d, "message_bcs"), "Message");
        assert_hex(m->raw + m->msg_len, 48, tu_str(d, "signature"), "signature");
        assert_hex(m->raw + m->msg_len + 48, 128, tu_str(d, "nizk_bcs"), "nizk");
        uint8_t *payload;
        size_t pl;
        assert_int_equal(seal__dkg_signature_payload(&payload, &pl, f.c.id, m->raw, m->msg_len,
                                                     m->raw + m->msg_len + 48),
                         SEAL_OK);
        assert_hex(payload, pl, tu_str(d, "signature_payload_bcs"), "payload");
        assert_int_equal(
            seal_dkg_bls_verify(m->raw + m->msg_len, f.signing_pks[sender], payload, pl), SEAL_OK);
        free(payload);

        /* DDH challenge: recomputed from the proof's commitments. */
        uint8_t chal_in[6 * 48];
        seal_g1 g;
        seal_g1_generator(&g);
        seal_g1_compress(chal_in, &g);
        seal_g1_compress(chal_in + 48, &gh);
        seal_g1_compress(chal_in + 96, &c);
        seal_g1_compress(chal_in + 144, &ch);
        seal_g1_compress(chal_in + 192, &m->hdr.proof.a);
        seal_g1_compress(chal_in + 240, &m->hdr.proof.b);
        assert_int_equal(seal_dkg_ro_extend(&ro, &e, "zk"), SEAL_OK);
        assert_int_equal(seal_dkg_ro_eval(h, &ro, chal_in, sizeof chal_in), SEAL_OK);
        seal_scalar chal;
        seal_scalar_from_bytes_wide(&chal, h, 64);
        seal_scalar_to_bytes(b, &chal);
        assert_hex(b, 32, tu_str(d, "ddh_challenge"), "DDH challenge");
        assert_int_equal(seal_dkg_ecies_verify(&m->hdr, &e), SEAL_OK);

        /* NIZK challenge and verification. */
        uint8_t nz_in[3 * 96];
        seal_g2 g2;
        seal_g2_generator(&g2);
        seal_g2_compress(nz_in, &g2);
        seal_g2_compress(nz_in + 96, &m->vss[0]);
        seal_g2_compress(nz_in + 192, &m->nizk.a);
        assert_int_equal(seal_dkg_ro_nizk(&ro, &base, sender), SEAL_OK);
        assert_int_equal(seal_dkg_ro_eval(h, &ro, nz_in, sizeof nz_in), SEAL_OK);
        seal_scalar_from_bytes_wide(&chal, h, 64);
        seal_scalar_to_bytes(b, &chal);
        assert_hex(b, 32, tu_str(d, "nizk_challenge"), "NIZK challenge");
        assert_int_equal(seal_dkg_dl_verify(&m->nizk, &m->vss[0], &ro), SEAL_OK);

        /* Plaintexts and ciphertexts per recipient; each recipient decrypts its own. */
        const json_t *pts = json_object_get(d, "encs_plaintexts");
        const json_t *cts = json_object_get(d, "encs");
        assert_int_equal(m->n_encs, json_array_size(cts));
        for (size_t k = 0; k < m->n_encs; k++) {
            uint8_t pt[33];
            seal_scalar sk;
            assert_hex(m->encs[k], m->enc_lens[k], json_string_value(json_array_get(cts, k)),
                       "ciphertext");
            scalar_hex(&sk, json_string_value(json_object_get(
                                json_array_get(json_object_get(fd, "members"), k), "enc_sk")));
            assert_int_equal(
                seal_dkg_ecies_decrypt(pt, &m->hdr, &sk, k, m->encs[k], m->enc_lens[k], &e),
                SEAL_OK);
            assert_hex(pt, 33, json_string_value(json_array_get(pts, k)), "plaintext");
        }

        /* The message file, as the vector writes it, and as upstream writes it. */
        char *js;
        assert_int_equal(seal_dkg_message_file_to_json(&js, sm, sm_len), SEAL_OK);
        const char *want = tu_str(d, "message_file_json");
        uint8_t *back;
        size_t back_len;
        assert_int_equal(seal_dkg_message_file_from_json(&back, &back_len, want, strlen(want)),
                         SEAL_OK);
        assert_int_equal(back_len, sm_len);
        assert_memory_equal(back, sm, sm_len);
        free(back);
        /* Upstream (serde_json::to_string_pretty) writes the same object over three lines; the
         * vector has the compact form. Same JSON value, same message. */
        assert_int_equal(strncmp(js, "{\n  \"message\": \"", 16), 0);
        assert_int_equal(strlen(js), strlen(want) + 5);
        assert_int_equal(strncmp(js + 16, want + 12, 2 * sm_len), 0);
        assert_int_equal(seal_dkg_message_file_from_json(&back, &back_len, js, strlen(js)),
                         SEAL_OK);
        assert_int_equal(back_len, sm_len);
        free(back);
        free(js);
        seal_dkg_message_free(m);
        free(sm);
        free(r.coeffs);
    }
    json_decref(j);
}

/* Creates every dealer's message of a section into msgs (malloc'd). */
static void deal_all(uint8_t **msgs, size_t *lens, const fixture *f, const json_t *dealers,
                     const json_t *old_shares) {
    size_t i;
    json_t *d;
    json_array_foreach(dealers, i, d) {
        uint16_t sender = (uint16_t)json_integer_value(json_object_get(d, "sender"));
        seal_dkg_dealer_randomness r;
        seal_dkg_report rep;
        uint8_t old[32];
        const uint8_t *op = NULL;
        load_randomness(&r, d);
        if (old_shares != NULL) {
            tu_hex(old, 32,
                   json_string_value(json_array_get(old_shares, (size_t)f->new_to_old[sender])), 1);
            op = old;
        }
        assert_int_equal(seal_dkg_create_message_with(&msgs[i], &lens[i], &rep, &f->c, sender,
                                                      &f->keys[sender], op, &r),
                         SEAL_OK);
        assert_hex(msgs[i], lens[i], tu_str(d, "signed_message_bcs"), "SignedMessage");
        free(r.coeffs);
    }
}

static void check_outputs(const fixture *f, const json_t *output, const json_t *hash_hex,
                          uint8_t **msgs, size_t *lens, size_t n_msgs, const char *pk_key) {
    const json_t *shares = json_object_get(output, "master_shares");
    const json_t *pps = json_object_get(output, "partial_pks");
    for (uint16_t p = 0; p < f->c.n; p++) {
        seal_dkg_output out;
        seal_dkg_report rep;
        seal_err err = seal_dkg_process(&out, &rep, &f->c, p, f->keys[p].enc_sk,
                                        (const uint8_t *const *)msgs, lens, n_msgs, NULL);
        if (err != SEAL_OK) {
            fail_msg("party %u: %s", p, rep.text);
        }
        assert_hex(out.messages_hash, 32, json_string_value(hash_hex), "messages_hash");
        assert_hex(out.pk, 96, tu_str(output, pk_key), "key server pk");
        assert_hex(out.share, 32, json_string_value(json_array_get(shares, p)), "share");
        assert_int_equal(out.n, json_array_size(pps));
        for (uint16_t i = 0; i < out.n; i++) {
            assert_hex(out.partial_pks[i], 96, json_string_value(json_array_get(pps, i)),
                       "partial pk");
        }
        seal_dkg_output_clear(&out);
    }
}

static void test_fresh_dkg_process(void **state) {
    (void)state;
    json_t *j = tu_load_json("spec/committee.json");
    const json_t *fd = json_object_get(j, "fresh_dkg");
    fixture f;
    uint8_t *msgs[MAXN];
    size_t lens[MAXN];
    load_members(&f, json_object_get(fd, "members"), tu_str(fd, "committee_id"));
    f.c.threshold = (uint16_t)json_integer_value(json_object_get(fd, "t"));
    deal_all(msgs, lens, &f, json_object_get(fd, "dealers"), NULL);
    /* Any order of the files gives the same result (sorted by sender). */
    uint8_t *rev[3] = {msgs[2], msgs[0], msgs[1]};
    size_t rlen[3] = {lens[2], lens[0], lens[1]};
    check_outputs(&f, json_object_get(fd, "output"), json_object_get(fd, "messages_hash"), rev,
                  rlen, 3, "key_server_pk");
    /* The master secret behind the outputs. */
    seal_scalar msk;
    seal_g2 q;
    uint8_t b[96];
    scalar_hex(&msk, tu_str(json_object_get(fd, "output"), "master_secret"));
    seal_g2_mul_gen(&q, &msk);
    seal_g2_compress(b, &q);
    assert_hex(b, 96, tu_str(json_object_get(fd, "output"), "key_server_pk"), "msk * G2gen");
    for (size_t i = 0; i < 3; i++) {
        free(msgs[i]);
    }
    json_decref(j);
}

/* ---- rotation ------------------------------------------------------------------------------- */

static void test_rotation(void **state) {
    (void)state;
    json_t *j = tu_load_json("spec/committee.json");
    const json_t *fd = json_object_get(j, "fresh_dkg");
    const json_t *ro = json_object_get(j, "rotation");
    const json_t *fout = json_object_get(fd, "output");
    fixture f;
    uint8_t *msgs[MAXN];
    size_t lens[MAXN];
    load_members(&f, json_object_get(ro, "new_members_keys"), tu_str(ro, "new_committee_id"));
    f.c.threshold = (uint16_t)json_integer_value(json_object_get(ro, "new_t"));
    f.c.old_threshold = (uint16_t)json_integer_value(json_object_get(ro, "old_t"));
    const json_t *old_pps = json_object_get(fout, "partial_pks");
    f.c.old_n = (uint16_t)json_array_size(old_pps);
    for (uint16_t i = 0; i < f.c.old_n; i++) {
        tu_hex(f.old_pks[i], 96, json_string_value(json_array_get(old_pps, i)), 1);
    }
    f.c.old_partial_pks = (const uint8_t(*)[96])f.old_pks;
    tu_hex(f.c.pk, 96, tu_str(fout, "key_server_pk"), 1);
    for (uint16_t i = 0; i < f.c.n; i++) {
        char key[8];
        snprintf(key, sizeof key, "%u", i);
        const json_t *o = json_object_get(json_object_get(ro, "new_to_old"), key);
        f.new_to_old[i] = o ? (int32_t)json_integer_value(o) : -1;
    }
    f.c.new_to_old = f.new_to_old;
    assert_int_equal(seal_dkg_committee_check(&f.c), SEAL_OK);

    /* The Lagrange coefficients over the dealers' old indices. */
    const json_t *lc = json_object_get(ro, "lagrange_coeffs_over_old_indices");
    uint16_t old_ids[2];
    seal_scalar l[2];
    uint8_t b[32];
    for (size_t i = 0; i < 2; i++) {
        unsigned long x = strtoul(
            json_string_value(json_array_get(json_object_get(lc, "old_indices"), i)), NULL, 10);
        /* The vector lists the dealers' old indices (old party id + 1) in dealer order. */
        assert_int_equal(x, (unsigned long)f.new_to_old[i] + 1);
        old_ids[i] = (uint16_t)(x - 1);
    }
    assert_int_equal(seal_committee_lagrange_at_zero(l, old_ids, 2, 2), SEAL_OK);
    for (size_t i = 0; i < 2; i++) {
        seal_scalar_to_bytes(b, &l[i]);
        assert_hex(b, 32, json_string_value(json_array_get(json_object_get(lc, "lambdas"), i)),
                   "lambda");
    }

    deal_all(msgs, lens, &f, json_object_get(ro, "dealers"),
             json_object_get(fout, "master_shares"));
    check_outputs(&f, json_object_get(ro, "output"), json_object_get(ro, "messages_hash"), msgs,
                  lens, 2, "key_server_pk_unchanged");
    for (size_t i = 0; i < 2; i++) {
        free(msgs[i]);
    }
    json_decref(j);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_upstream_e2e),
        cmocka_unit_test(test_fresh_dkg_pieces),
        cmocka_unit_test(test_fresh_dkg_process),
        cmocka_unit_test(test_rotation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
