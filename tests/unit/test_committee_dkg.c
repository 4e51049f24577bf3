/* The DKG and rotation in process: whole ceremonies (3 members t = 2, 5 members t = 3), a
 * rotation 2-of-3 -> 3-of-4 that keeps the key, and dealers that cheat or go missing. */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "committee/internal.h"
#include "seal/committee.h"
#include "seal/committee_aggregate.h"

#define MAXN 8

static seal_err rng_fill(void *ctx, uint8_t *out, size_t len) {
    tu_rng_bytes(ctx, out, len);
    return SEAL_OK;
}

typedef struct cmt {
    seal_dkg_committee c;
    uint8_t enc_pks[MAXN][48], signing_pks[MAXN][96], old_pks[MAXN][96];
    int32_t new_to_old[MAXN];
    seal_dkg_keys keys[MAXN];
} cmt;

static void cmt_init(cmt *m, uint16_t n, uint16_t t, uint8_t id_byte, const seal_rng *rng) {
    memset(m, 0, sizeof *m);
    memset(m->c.id, id_byte, 32);
    m->c.n = n;
    m->c.threshold = t;
    for (uint16_t i = 0; i < n; i++) {
        assert_int_equal(seal_dkg_keys_generate(&m->keys[i], rng), SEAL_OK);
        memcpy(m->enc_pks[i], m->keys[i].enc_pk, 48);
        memcpy(m->signing_pks[i], m->keys[i].signing_pk, 96);
    }
    m->c.enc_pks = (const uint8_t(*)[48])m->enc_pks;
    m->c.signing_pks = (const uint8_t(*)[96])m->signing_pks;
    m->c.new_to_old = m->new_to_old;
    m->c.old_partial_pks = (const uint8_t(*)[96])m->old_pks;
}

typedef struct msgs {
    uint8_t *p[MAXN];
    size_t len[MAXN];
    size_t n;
} msgs;

static void msgs_free(msgs *ms) {
    for (size_t i = 0; i < ms->n; i++) {
        free(ms->p[i]);
    }
    ms->n = 0;
}

static void deal(msgs *ms, const cmt *m, uint16_t id, const uint8_t *old_share,
                 const seal_rng *rng) {
    seal_dkg_report rep;
    seal_err err = seal_dkg_create_message(&ms->p[ms->n], &ms->len[ms->n], &rep, &m->c, id,
                                           &m->keys[id], old_share, rng);
    if (err != SEAL_OK) {
        fail_msg("party %u: %s", id, rep.text);
    }
    ms->n++;
}

/* Every party processes ms; all agree; returns the outputs. */
static void process_all(seal_dkg_output *outs, const cmt *m, const msgs *ms, const seal_rng *rng) {
    for (uint16_t p = 0; p < m->c.n; p++) {
        seal_dkg_report rep;
        seal_err err = seal_dkg_process(&outs[p], &rep, &m->c, p, m->keys[p].enc_sk,
                                        (const uint8_t *const *)ms->p, ms->len, ms->n, rng);
        if (err != SEAL_OK) {
            fail_msg("party %u: %s", p, rep.text);
        }
        assert_int_equal(outs[p].n, m->c.n);
        assert_memory_equal(outs[p].pk, outs[0].pk, 96);
        assert_memory_equal(outs[p].messages_hash, outs[0].messages_hash, 32);
        assert_memory_equal(outs[p].partial_pks, outs[0].partial_pks, (size_t)m->c.n * 96);
        /* My share is the secret behind my partial pk. */
        seal_scalar s;
        seal_g2 q;
        uint8_t b[96];
        assert_int_equal(seal_scalar_from_bytes(&s, outs[p].share), SEAL_OK);
        seal_g2_mul_gen(&q, &s);
        seal_g2_compress(b, &q);
        assert_memory_equal(b, outs[0].partial_pks[p], 96);
    }
}

/* Lagrange interpolation at 0 of the shares of the given parties. */
static void interpolate(seal_scalar *out, const seal_dkg_output *outs, const uint16_t *parties,
                        size_t k) {
    seal_scalar l[MAXN], s, term;
    assert_int_equal(seal_committee_lagrange_at_zero(l, parties, k, k), SEAL_OK);
    seal_scalar_from_u64(out, 0);
    for (size_t i = 0; i < k; i++) {
        assert_int_equal(seal_scalar_from_bytes(&s, outs[parties[i]].share), SEAL_OK);
        seal_scalar_mul(&term, &l[i], &s);
        seal_scalar_add(out, out, &term);
    }
}

static bool secret_is_pk(const seal_scalar *s, const uint8_t pk[96]) {
    seal_g2 q;
    uint8_t b[96];
    seal_g2_mul_gen(&q, s);
    seal_g2_compress(b, &q);
    return memcmp(b, pk, 96) == 0;
}

static void outs_clear(seal_dkg_output *outs, size_t n) {
    for (size_t i = 0; i < n; i++) {
        seal_dkg_output_clear(&outs[i]);
    }
}

static void fresh_dkg(uint16_t n, uint16_t t, uint64_t seed) {
    tu_rng r;
    tu_rng_init(&r, seed);
    seal_rng rng = {rng_fill, &r};
    cmt m;
    msgs ms = {0};
    seal_dkg_output outs[MAXN];
    cmt_init(&m, n, t, 0x11, &rng);
    for (uint16_t d = 0; d < n; d++) {
        deal(&ms, &m, d, NULL, &rng);
    }
    process_all(outs, &m, &ms, &rng);
    /* The first t parties and the last t rebuild the same secret, whose G2 multiple is pk;
     * t - 1 of them do not. */
    uint16_t first[MAXN], last[MAXN];
    for (uint16_t i = 0; i < t; i++) {
        first[i] = i;
        last[i] = (uint16_t)(n - t + i);
    }
    seal_scalar a, b;
    interpolate(&a, outs, first, t);
    interpolate(&b, outs, last, t);
    assert_true(seal_scalar_equal(&a, &b));
    assert_true(secret_is_pk(&a, outs[0].pk));
    interpolate(&b, outs, first, (size_t)t - 1);
    assert_false(seal_scalar_equal(&a, &b));
    outs_clear(outs, n);
    msgs_free(&ms);
}

static void test_dkg_3_of_2(void **state) {
    (void)state;
    fresh_dkg(3, 2, 1);
}

static void test_dkg_5_of_3(void **state) {
    (void)state;
    fresh_dkg(5, 3, 2);
}

/* 2-of-3 -> 3-of-4: new party 0 = old party 1, new party 1 = old party 0, new parties 2 and 3
 * join, old party 2 leaves (upstream's end-to-end test). The old committee's pk stays. */
static void test_rotation_2of3_to_3of4(void **state) {
    (void)state;
    tu_rng r;
    tu_rng_init(&r, 3);
    seal_rng rng = {rng_fill, &r};
    cmt old, nw;
    msgs ms = {0};
    seal_dkg_output oo[MAXN], no[MAXN];
    cmt_init(&old, 3, 2, 0x22, &rng);
    for (uint16_t d = 0; d < 3; d++) {
        deal(&ms, &old, d, NULL, &rng);
    }
    process_all(oo, &old, &ms, &rng);
    msgs_free(&ms);
    uint16_t all_old[2] = {0, 2};
    seal_scalar msk, got;
    interpolate(&msk, oo, all_old, 2);

    cmt_init(&nw, 4, 3, 0x44, &rng);
    nw.c.old_threshold = 2;
    nw.c.old_n = 3;
    memcpy(nw.old_pks, oo[0].partial_pks, 3 * 96);
    memcpy(nw.c.pk, oo[0].pk, 96);
    int32_t map[4] = {1, 0, -1, -1};
    memcpy(nw.new_to_old, map, sizeof map);
    assert_int_equal(seal_dkg_committee_check(&nw.c), SEAL_OK);

    /* New members have nothing to deal; continuing ones must give their old share. */
    seal_dkg_report rep;
    uint8_t *p;
    size_t pl;
    assert_int_equal(seal_dkg_create_message(&p, &pl, &rep, &nw.c, 2, &nw.keys[2], NULL, &rng),
                     SEAL_ERR_INVALID_ARGUMENT);
    assert_int_equal(rep.problem, SEAL_DKG_NOT_CONTINUING);
    assert_int_equal(seal_dkg_create_message(&p, &pl, &rep, &nw.c, 0, &nw.keys[0], NULL, &rng),
                     SEAL_ERR_INVALID_ARGUMENT);
    assert_int_equal(rep.problem, SEAL_DKG_BAD_OLD_SHARE);
    assert_int_equal(
        seal_dkg_create_message(&p, &pl, &rep, &nw.c, 0, &nw.keys[0], oo[0].share, &rng),
        SEAL_ERR_INVALID_ARGUMENT); /* party 0's old share is old party 1's */
    assert_int_equal(rep.problem, SEAL_DKG_BAD_OLD_SHARE);
    assert_int_equal(
        seal_dkg_create_message(&p, &pl, &rep, &old.c, 0, &old.keys[0], oo[0].share, &rng),
        SEAL_ERR_INVALID_ARGUMENT); /* no old share in a fresh DKG */
    assert_int_equal(rep.problem, SEAL_DKG_BAD_OLD_SHARE);

    /* Exactly t_old = 2 dealers: new parties 0 and 1. */
    deal(&ms, &nw, 1, oo[0].share, &rng);
    deal(&ms, &nw, 0, oo[1].share, &rng);
    process_all(no, &nw, &ms, &rng);
    assert_memory_equal(no[0].pk, oo[0].pk, 96);
    for (uint16_t skip = 0; skip < 4; skip++) {
        uint16_t ps[3];
        size_t k = 0;
        for (uint16_t i = 0; i < 4; i++) {
            if (i != skip) {
                ps[k++] = i;
            }
        }
        interpolate(&got, no, ps, 3);
        assert_true(seal_scalar_equal(&got, &msk));
    }
    uint16_t two[2] = {2, 3};
    interpolate(&got, no, two, 2);
    assert_false(seal_scalar_equal(&got, &msk));

    /* Three messages (more than t_old) or one from a new member are refused. */
    msgs extra = ms;
    extra.n = 1;
    seal_dkg_output bad;
    assert_int_equal(seal_dkg_process(&bad, &rep, &nw.c, 2, nw.keys[2].enc_sk,
                                      (const uint8_t *const *)extra.p, extra.len, extra.n, &rng),
                     SEAL_ERR_INVALID_KEY);
    assert_int_equal(rep.problem, SEAL_DKG_WRONG_COUNT);
    /* A new member that pretends to continue from old party 2 with its real share. */
    cmt liar = nw;
    liar.c.new_to_old = liar.new_to_old;
    liar.c.enc_pks = (const uint8_t(*)[48])liar.enc_pks;
    liar.c.signing_pks = (const uint8_t(*)[96])liar.signing_pks;
    liar.c.old_partial_pks = (const uint8_t(*)[96])liar.old_pks;
    liar.new_to_old[2] = 2;
    msgs lm = {0};
    deal(&lm, &nw, 0, oo[1].share, &rng);
    deal(&lm, &liar, 2, oo[2].share, &rng);
    assert_int_equal(seal_dkg_process(&bad, &rep, &nw.c, 3, nw.keys[3].enc_sk,
                                      (const uint8_t *const *)lm.p, lm.len, lm.n, &rng),
                     SEAL_ERR_INVALID_KEY);
    assert_int_equal(rep.problem, SEAL_DKG_NOT_CONTINUING);
    assert_int_equal(rep.party, 2);
    msgs_free(&lm);
    /* A continuing dealer whose constant term is not its old share. */
    memcpy(liar.old_pks[0], oo[2].partial_pks[2], 96);
    liar.new_to_old[2] = -1;
    deal(&lm, &nw, 0, oo[1].share, &rng);
    deal(&lm, &liar, 1, oo[2].share, &rng);
    assert_int_equal(seal_dkg_process(&bad, &rep, &nw.c, 3, nw.keys[3].enc_sk,
                                      (const uint8_t *const *)lm.p, lm.len, lm.n, &rng),
                     SEAL_ERR_INVALID_KEY);
    assert_int_equal(rep.problem, SEAL_DKG_OLD_PK_MISMATCH);
    assert_int_equal(rep.party, 1);
    msgs_free(&lm);

    outs_clear(oo, 3);
    outs_clear(no, 4);
    msgs_free(&ms);
}

/* ---- cheating and missing dealers --------------------------------------------------------- */

/* Signs the (modified) Message part of sm again with the dealer's key, as a cheating dealer
 * would. */
static void resign(uint8_t *sm, size_t len, const cmt *m, uint16_t dealer) {
    seal_dkg_message *pm;
    uint8_t *payload;
    size_t pl;
    assert_int_equal(seal_dkg_message_parse(&pm, sm, len), SEAL_OK);
    assert_int_equal(
        seal__dkg_signature_payload(&payload, &pl, m->c.id, sm, pm->msg_len, sm + pm->msg_len + 48),
        SEAL_OK);
    assert_int_equal(seal_dkg_bls_sign(sm + pm->msg_len, m->keys[dealer].signing_sk, payload, pl),
                     SEAL_OK);
    free(payload);
    seal_dkg_message_free(pm);
}

static seal_err run(seal_dkg_report *rep, const cmt *m, uint16_t me, const msgs *ms,
                    const seal_rng *rng) {
    seal_dkg_output out;
    seal_err err = seal_dkg_process(&out, rep, &m->c, me, m->keys[me].enc_sk,
                                    (const uint8_t *const *)ms->p, ms->len, ms->n, rng);
    if (err == SEAL_OK) {
        seal_dkg_output_clear(&out);
    } else {
        seal_dkg_output zero;
        memset(&zero, 0, sizeof zero);
        assert_memory_equal(&out, &zero, sizeof out);
    }
    return err;
}

static void test_bad_share_complaint(void **state) {
    (void)state;
    tu_rng r;
    tu_rng_init(&r, 4);
    seal_rng rng = {rng_fill, &r};
    cmt m;
    msgs ms = {0};
    seal_dkg_report rep;
    cmt_init(&m, 3, 2, 0x55, &rng);
    for (uint16_t d = 0; d < 3; d++) {
        deal(&ms, &m, d, NULL, &rng);
    }
    /* Dealer 1 gives party 2 a wrong share: flip the last ciphertext byte (CTR flips the same
     * plaintext bit) and sign again. */
    seal_dkg_message *pm;
    assert_int_equal(seal_dkg_message_parse(&pm, ms.p[1], ms.len[1]), SEAL_OK);
    size_t off = (size_t)(pm->encs[2] - pm->raw) + pm->enc_lens[2] - 1;
    seal_dkg_message_free(pm);
    ms.p[1][off] ^= 0x01;
    resign(ms.p[1], ms.len[1], &m, 1);
    /* Parties 0 and 1 are fine; party 2 complains about party 1. */
    assert_int_equal(run(&rep, &m, 0, &ms, &rng), SEAL_OK);
    assert_int_equal(run(&rep, &m, 2, &ms, &rng), SEAL_ERR_INVALID_KEY);
    assert_int_equal(rep.problem, SEAL_DKG_COMPLAINT);
    assert_int_equal(rep.party, 1);
    assert_true(rep.has_complaint);
    assert_non_null(strstr(rep.text, "party 1"));
    /* Anyone can check the complaint: it holds against party 1 ... */
    seal_dkg_report chk;
    assert_int_equal(seal_dkg_complaint_check(&chk, &m.c, 2, rep.complaint, sizeof rep.complaint,
                                              ms.p[1], ms.len[1]),
                     SEAL_OK);
    assert_int_equal(chk.party, 1);
    /* ... it is unfounded against an honest dealer, or under another accuser's name. */
    uint8_t forged[SEAL_DKG_COMPLAINT_BYTES];
    memcpy(forged, rep.complaint, sizeof forged);
    forged[0] = 0;
    assert_int_equal(
        seal_dkg_complaint_check(&chk, &m.c, 2, forged, sizeof forged, ms.p[0], ms.len[0]),
        SEAL_ERR_INVALID_KEY);
    assert_int_equal(seal_dkg_complaint_check(&chk, &m.c, 0, rep.complaint, sizeof rep.complaint,
                                              ms.p[1], ms.len[1]),
                     SEAL_ERR_INVALID_KEY);
    /* An honest party's genuine recovery package for an honest message: unfounded. */
    msgs_free(&ms);
}

static void test_bad_nizk_signature_vss_ecies(void **state) {
    (void)state;
    tu_rng r;
    tu_rng_init(&r, 5);
    seal_rng rng = {rng_fill, &r};
    cmt m;
    msgs ms = {0};
    seal_dkg_report rep;
    cmt_init(&m, 3, 2, 0x66, &rng);
    for (uint16_t d = 0; d < 3; d++) {
        deal(&ms, &m, d, NULL, &rng);
    }
    assert_int_equal(run(&rep, &m, 0, &ms, &rng), SEAL_OK);
    seal_dkg_message *pm;
    assert_int_equal(seal_dkg_message_parse(&pm, ms.p[2], ms.len[2]), SEAL_OK);
    size_t msg_len = pm->msg_len;
    seal_dkg_message_free(pm);
    uint8_t *orig = malloc(ms.len[2]);
    memcpy(orig, ms.p[2], ms.len[2]);

    /* Bad signature: party 0's signature on party 2's message. */
    assert_int_equal(seal_dkg_message_parse(&pm, ms.p[0], ms.len[0]), SEAL_OK);
    memcpy(ms.p[2] + msg_len, ms.p[0] + pm->msg_len, 48);
    seal_dkg_message_free(pm);
    assert_int_equal(run(&rep, &m, 1, &ms, &rng), SEAL_ERR_INVALID_SIGNATURE);
    assert_int_equal(rep.problem, SEAL_DKG_BAD_SIGNATURE);
    assert_int_equal(rep.party, 2);

    /* Bad NIZK: party 0's proof in party 2's message, signed by party 2. */
    memcpy(ms.p[2], orig, ms.len[2]);
    assert_int_equal(seal_dkg_message_parse(&pm, ms.p[0], ms.len[0]), SEAL_OK);
    memcpy(ms.p[2] + msg_len + 48, ms.p[0] + pm->msg_len + 48, 128);
    seal_dkg_message_free(pm);
    resign(ms.p[2], ms.len[2], &m, 2);
    assert_int_equal(run(&rep, &m, 1, &ms, &rng), SEAL_ERR_INVALID_KEY);
    assert_int_equal(rep.problem, SEAL_DKG_BAD_NIZK);
    assert_int_equal(rep.party, 2);

    /* Bad ECIES proof: c_hat replaced by c. */
    memcpy(ms.p[2], orig, ms.len[2]);
    size_t c_off = 2 + 1 + 96 * 2;
    memcpy(ms.p[2] + c_off + 48, ms.p[2] + c_off, 48);
    resign(ms.p[2], ms.len[2], &m, 2);
    assert_int_equal(run(&rep, &m, 1, &ms, &rng), SEAL_ERR_INVALID_KEY);
    assert_int_equal(rep.problem, SEAL_DKG_BAD_ECIES_PROOF);
    assert_int_equal(rep.party, 2);
    memcpy(ms.p[2], orig, ms.len[2]);
    free(orig);

    /* Wrong vss length: party 2 deals with threshold 3 in a 2-of-3 committee. */
    cmt t3 = m;
    t3.c.threshold = 3;
    t3.c.enc_pks = (const uint8_t(*)[48])t3.enc_pks;
    t3.c.signing_pks = (const uint8_t(*)[96])t3.signing_pks;
    free(ms.p[2]);
    ms.n = 2;
    deal(&ms, &t3, 2, NULL, &rng);
    assert_int_equal(run(&rep, &m, 0, &ms, &rng), SEAL_ERR_INVALID_KEY);
    assert_int_equal(rep.problem, SEAL_DKG_WRONG_VSS_LENGTH);
    assert_int_equal(rep.party, 2);

    /* Wrong ciphertext count: party 2 deals to a committee with a fourth member. */
    cmt four;
    cmt_init(&four, 4, 2, 0x66, &rng);
    for (size_t i = 0; i < 3; i++) {
        memcpy(four.enc_pks[i], m.enc_pks[i], 48);
        memcpy(four.signing_pks[i], m.signing_pks[i], 96);
        four.keys[i] = m.keys[i];
    }
    free(ms.p[2]);
    ms.n = 2;
    deal(&ms, &four, 2, NULL, &rng);
    assert_int_equal(run(&rep, &m, 0, &ms, &rng), SEAL_ERR_INVALID_KEY);
    assert_int_equal(rep.problem, SEAL_DKG_WRONG_CIPHERTEXTS);
    assert_int_equal(rep.party, 2);

    /* Party 3 of that committee is no party here (its message replaces party 2's). */
    free(ms.p[2]);
    ms.n = 2;
    deal(&ms, &four, 3, NULL, &rng);
    assert_int_equal(run(&rep, &m, 0, &ms, &rng), SEAL_ERR_INVALID_KEY);
    assert_int_equal(rep.problem, SEAL_DKG_UNKNOWN_SENDER);
    assert_int_equal(rep.party, 3);
    msgs_free(&ms);
}

static void test_missing_duplicate_malformed(void **state) {
    (void)state;
    tu_rng r;
    tu_rng_init(&r, 6);
    seal_rng rng = {rng_fill, &r};
    cmt m;
    msgs ms = {0};
    seal_dkg_report rep;
    cmt_init(&m, 3, 2, 0x77, &rng);
    for (uint16_t d = 0; d < 3; d++) {
        deal(&ms, &m, d, NULL, &rng);
    }
    msgs two = ms;
    two.p[1] = ms.p[2];
    two.len[1] = ms.len[2];
    two.n = 2;
    assert_int_equal(run(&rep, &m, 0, &two, &rng), SEAL_ERR_INVALID_KEY);
    assert_int_equal(rep.problem, SEAL_DKG_WRONG_COUNT);
    assert_non_null(strstr(rep.text, "missing: party 1"));
    msgs dup = ms;
    dup.p[2] = ms.p[0];
    dup.len[2] = ms.len[0];
    assert_int_equal(run(&rep, &m, 1, &dup, &rng), SEAL_ERR_INVALID_KEY);
    assert_int_equal(rep.problem, SEAL_DKG_DUPLICATE_SENDER);
    assert_int_equal(rep.party, 0);
    msgs trunc = ms;
    trunc.len[1]--;
    assert_int_equal(run(&rep, &m, 1, &trunc, &rng), SEAL_ERR_INVALID_ENCODING);
    assert_int_equal(rep.problem, SEAL_DKG_MALFORMED);
    /* Keys that are not the registered ones. */
    seal_dkg_output out;
    assert_int_equal(seal_dkg_process(&out, &rep, &m.c, 0, m.keys[1].enc_sk,
                                      (const uint8_t *const *)ms.p, ms.len, ms.n, &rng),
                     SEAL_ERR_INVALID_ARGUMENT);
    assert_int_equal(rep.problem, SEAL_DKG_NOT_A_MEMBER);
    uint8_t *p;
    size_t pl;
    assert_int_equal(seal_dkg_create_message(&p, &pl, &rep, &m.c, 0, &m.keys[1], NULL, &rng),
                     SEAL_ERR_INVALID_ARGUMENT);
    assert_int_equal(rep.problem, SEAL_DKG_NOT_A_MEMBER);
    /* A committee with threshold 1 or above n. */
    cmt bad = m;
    bad.c.threshold = 1;
    assert_int_equal(seal_dkg_committee_check(&bad.c), SEAL_ERR_INVALID_ARGUMENT);
    bad.c.threshold = 4;
    assert_int_equal(seal_dkg_committee_check(&bad.c), SEAL_ERR_INVALID_ARGUMENT);
    msgs_free(&ms);
}

/* ---- primitives -------------------------------------------------------------------------------
 */

static void test_keys_json(void **state) {
    (void)state;
    tu_rng r;
    tu_rng_init(&r, 7);
    seal_rng rng = {rng_fill, &r};
    seal_dkg_keys k, k2;
    char buf[1024];
    size_t len;
    assert_int_equal(seal_dkg_keys_generate(&k, &rng), SEAL_OK);
    assert_int_equal(seal_dkg_keys_to_json(buf, sizeof buf, &len, &k), SEAL_OK);
    assert_int_equal(len, strlen(buf));
    assert_int_equal(strncmp(buf, "{\n  \"enc_sk\": \"0x", 17), 0);
    assert_int_equal(seal_dkg_keys_from_json(&k2, buf, len), SEAL_OK);
    assert_memory_equal(&k, &k2, sizeof k);
    /* Compact, reordered, extra keys: accepted. */
    char alt[1024];
    char esk[65], epk[97], ssk[65], spk[193];
    seal_hex_encode(esk, k.enc_sk, 32);
    seal_hex_encode(epk, k.enc_pk, 48);
    seal_hex_encode(ssk, k.signing_sk, 32);
    seal_hex_encode(spk, k.signing_pk, 96);
    snprintf(alt, sizeof alt,
             "{\"signing_pk\":\"%s\",\"note\":\"x\",\"enc_pk\":\"0x%s\",\"signing_sk\":\"%s\","
             "\"enc_sk\":\"%s\"}",
             spk, epk, ssk, esk);
    assert_int_equal(seal_dkg_keys_from_json(&k2, alt, strlen(alt)), SEAL_OK);
    assert_memory_equal(&k, &k2, sizeof k);
    /* Mismatched public key, missing field, trailing junk, truncated. */
    k2 = k;
    k2.enc_pk[5] ^= 1;
    assert_int_equal(seal_dkg_keys_check(&k2), SEAL_ERR_INVALID_KEY);
    assert_int_equal(seal_dkg_keys_to_json(buf, sizeof buf, &len, &k), SEAL_OK);
    char *p = strstr(buf, "\"signing_sk\"");
    p[1] = 'x';
    assert_int_equal(seal_dkg_keys_from_json(&k2, buf, len), SEAL_ERR_INVALID_ENCODING);
    assert_int_equal(seal_dkg_keys_to_json(buf, sizeof buf, &len, &k), SEAL_OK);
    assert_int_equal(seal_dkg_keys_from_json(&k2, buf, len - 1), SEAL_ERR_INVALID_ENCODING);
    buf[len] = 'x';
    assert_int_equal(seal_dkg_keys_from_json(&k2, buf, len + 1), SEAL_ERR_INVALID_ENCODING);
    seal_memzero(buf, sizeof buf);
    assert_int_equal(seal_dkg_keys_to_json(buf, 100, &len, &k), SEAL_ERR_LIMIT);
    seal_dkg_keys_clear(&k);
}

static void test_proof_decoding_rules(void **state) {
    (void)state;
    uint8_t b[128] = {0};
    seal_dkg_dl_proof dl;
    seal_dkg_ddh_proof ddh;
    seal_g2 q;
    seal_g1 p;
    seal_scalar one;
    seal_scalar_from_u64(&one, 1);
    /* A = identity or z = 0 are refused, a valid pair decodes. */
    seal_g2_identity(&q);
    seal_g2_compress(b, &q);
    seal_scalar_to_bytes(b + 96, &one);
    assert_int_equal(seal_dkg_dl_proof_decode(&dl, b), SEAL_ERR_INVALID_ENCODING);
    seal_g2_generator(&q);
    seal_g2_compress(b, &q);
    assert_int_equal(seal_dkg_dl_proof_decode(&dl, b), SEAL_OK);
    memset(b + 96, 0, 32);
    assert_int_equal(seal_dkg_dl_proof_decode(&dl, b), SEAL_ERR_INVALID_ENCODING);
    seal_g1_generator(&p);
    seal_g1_compress(b, &p);
    seal_g1_compress(b + 48, &p);
    seal_scalar_to_bytes(b + 96, &one);
    assert_int_equal(seal_dkg_ddh_proof_decode(&ddh, b), SEAL_OK);
    seal_g1_identity(&p);
    seal_g1_compress(b + 48, &p);
    assert_int_equal(seal_dkg_ddh_proof_decode(&ddh, b), SEAL_ERR_INVALID_ENCODING);
    /* BLS: a signature verifies only for its message and key. */
    uint8_t sk[32] = {0}, pk[96], sig[48];
    sk[31] = 7;
    assert_int_equal(seal_dkg_bls_public_key(pk, sk), SEAL_OK);
    assert_int_equal(seal_dkg_bls_sign(sig, sk, (const uint8_t *)"abc", 3), SEAL_OK);
    assert_int_equal(seal_dkg_bls_verify(sig, pk, (const uint8_t *)"abc", 3), SEAL_OK);
    assert_int_equal(seal_dkg_bls_verify(sig, pk, (const uint8_t *)"abd", 3),
                     SEAL_ERR_INVALID_SIGNATURE);
    memset(sk, 0, 32);
    assert_int_equal(seal_dkg_bls_sign(sig, sk, (const uint8_t *)"abc", 3), SEAL_ERR_INVALID_KEY);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dkg_3_of_2),
        cmocka_unit_test(test_dkg_5_of_3),
        cmocka_unit_test(test_rotation_2of3_to_3of4),
        cmocka_unit_test(test_bad_share_complaint),
        cmocka_unit_test(test_bad_nizk_signature_vss_ecies),
        cmocka_unit_test(test_missing_duplicate_malformed),
        cmocka_unit_test(test_keys_json),
        cmocka_unit_test(test_proof_decoding_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
