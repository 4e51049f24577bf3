/* Committee partial keys (seal/committee_aggregate.h): Lagrange at zero, batch verification and
 * combination against spec/committee.json (aggregation, rotation, upstream_e2e) and
 * spec/elgamal_committee_pop.json (committee_aggregation). */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "seal/committee_aggregate.h"
#include "seal/elgamal.h"
#include "seal/ibe.h"
#include "seal/keys.h"
#include "seal/sui.h"

static seal_err failing_fill(void *ctx, uint8_t *out, size_t len) {
    (void)ctx;
    (void)out;
    (void)len;
    return SEAL_ERR_RNG;
}

static void scalar_hex(seal_scalar *s, const char *hex) {
    uint8_t b[32];
    tu_hex(b, 32, hex, 1);
    assert_int_equal(seal_scalar_from_bytes(s, b), SEAL_OK);
}

static void g1_hex(seal_g1 *p, const char *hex) {
    uint8_t b[48];
    tu_hex(b, 48, hex, 1);
    assert_int_equal(seal_g1_decompress(p, b), SEAL_OK);
}

static void g2_hex(seal_g2 *p, const char *hex) {
    uint8_t b[96];
    tu_hex(b, 96, hex, 1);
    assert_int_equal(seal_g2_decompress(p, b), SEAL_OK);
}

static void b64_48(uint8_t out[48], const char *b64) {
    size_t got = 0;
    assert_int_equal(seal_sui_base64_decode(out, 48, &got, b64, strlen(b64)), SEAL_OK);
    assert_int_equal(got, 48);
}

/* committee.json "aggregation": two member answers (parties 2 and 0) for one id, verified
 * against the DKG's partial pks, combined byte for byte, decrypted to msk * H1(id). */
static void test_aggregation_vector(void **state) {
    (void)state;
    json_t *j = tu_load_json("spec/committee.json");
    json_t *a = json_object_get(j, "aggregation");
    json_t *dkg = json_object_get(json_object_get(j, "fresh_dkg"), "output");
    uint8_t fid[64], sk[32], ek[48], vk[96], ek2[48], vk2[96], pk[96], want_usk[48];
    size_t fl = tu_hex(fid, sizeof fid, tu_str(a, "full_id"), 0);
    tu_hex(sk, 32, tu_str(a, "eph_secret"), 1);
    tu_hex(ek, 48, tu_str(a, "enc_key"), 1);
    tu_hex(vk, 96, tu_str(a, "enc_verification_key"), 1);
    tu_hex(pk, 96, tu_str(dkg, "key_server_pk"), 1);
    tu_hex(want_usk, 48, tu_str(a, "decrypted_usk"), 1);
    assert_int_equal(seal_elgamal_public_keys(ek2, vk2, sk), SEAL_OK);
    tu_assert_bytes(ek2, ek, 48, "enc_key");
    tu_assert_bytes(vk2, vk, 96, "enc_verification_key");

    seal_g2 vkp;
    seal_g1 gid;
    assert_int_equal(seal_g2_decompress(&vkp, vk), SEAL_OK);
    assert_int_equal(seal_ibe_hash_id(&gid, fid, fl), SEAL_OK);
    json_t *resp = json_object_get(a, "member_responses");
    size_t n = json_array_size(resp);
    assert_int_equal(n, 2);
    uint16_t ids[2];
    uint8_t c1[2][48], c2[2][48];
    seal_g1 p1[2], p2[2];
    for (size_t i = 0; i < n; i++) {
        json_t *m = json_array_get(resp, i);
        ids[i] = (uint16_t)json_integer_value(json_object_get(m, "party_id"));
        tu_hex(c1[i], 48, tu_str(m, "c1"), 1);
        tu_hex(c2[i], 48, tu_str(m, "c2"), 1);
        json_t *jk = json_object_get(m, "json_encrypted_key");
        uint8_t b[48];
        b64_48(b, json_string_value(json_array_get(jk, 0)));
        tu_assert_bytes(b, c1[i], 48, "json c1");
        b64_48(b, json_string_value(json_array_get(jk, 1)));
        tu_assert_bytes(b, c2[i], 48, "json c2");
        /* The member's answer is the encryption of share * H1(id) with the recorded r. */
        uint8_t share[32], usk[48], e1[48], e2[48], r[32];
        tu_hex(share, 32,
               json_string_value(json_array_get(json_object_get(dkg, "master_shares"), ids[i])), 1);
        tu_hex(r, 32, tu_str(m, "elgamal_randomness"), 1);
        assert_int_equal(seal_keys_extract(usk, share, fid, fl), SEAL_OK);
        assert_int_equal(seal_elgamal_encrypt_with_randomness(e1, e2, ek, usk, r), SEAL_OK);
        tu_assert_bytes(e1, c1[i], 48, "member c1");
        tu_assert_bytes(e2, c2[i], 48, "member c2");
        /* 7.4 against the member's partial pk, and not against another member's. */
        seal_g2 ppk, other;
        g2_hex(&ppk,
               json_string_value(json_array_get(json_object_get(dkg, "partial_pks"), ids[i])));
        g2_hex(&other, json_string_value(json_array_get(json_object_get(dkg, "partial_pks"), 1)));
        g1_hex(&p1[i], tu_str(m, "c1"));
        g1_hex(&p2[i], tu_str(m, "c2"));
        assert_int_equal(
            seal_committee_verify_partial_keys(&p1[i], &p2[i], &gid, 1, &vkp, &ppk, NULL), SEAL_OK);
        assert_int_equal(
            seal_committee_verify_partial_keys(&p1[i], &p2[i], &gid, 1, &vkp, &other, NULL),
            SEAL_ERR_INVALID_KEY);
    }
    /* Lagrange coefficients in the order of the answers. */
    seal_scalar lambdas[2], want;
    assert_int_equal(seal_committee_lagrange_at_zero(lambdas, ids, 2, 2), SEAL_OK);
    json_t *lg = json_object_get(a, "lagrange");
    for (size_t i = 0; i < 2; i++) {
        json_t *e = json_array_get(lg, i);
        assert_int_equal(json_integer_value(json_object_get(e, "x")), ids[i] + 1);
        scalar_hex(&want, tu_str(e, "lambda"));
        assert_true(seal_scalar_equal(&lambdas[i], &want));
    }
    /* Combination, point level and byte level. */
    json_t *agg = json_object_get(a, "aggregated");
    uint8_t w1[48], w2[48], o1[48], o2[48], usk[48];
    tu_hex(w1, 48, tu_str(agg, "c1"), 1);
    tu_hex(w2, 48, tu_str(agg, "c2"), 1);
    seal_g1 r1, r2;
    seal_committee_combine(&r1, &r2, lambdas, p1, p2, 2);
    seal_g1_compress(o1, &r1);
    seal_g1_compress(o2, &r2);
    tu_assert_bytes(o1, w1, 48, "aggregated c1 (points)");
    tu_assert_bytes(o2, w2, 48, "aggregated c2 (points)");
    assert_int_equal(seal_committee_aggregate(o1, o2, 2, ids, (const uint8_t(*)[48])c1,
                                              (const uint8_t(*)[48])c2, 2),
                     SEAL_OK);
    tu_assert_bytes(o1, w1, 48, "aggregated c1");
    tu_assert_bytes(o2, w2, 48, "aggregated c2");
    json_t *jk = json_object_get(agg, "json_encrypted_key");
    b64_48(o1, json_string_value(json_array_get(jk, 0)));
    tu_assert_bytes(o1, w1, 48, "aggregated json c1");
    b64_48(o2, json_string_value(json_array_get(jk, 1)));
    tu_assert_bytes(o2, w2, 48, "aggregated json c2");
    /* The requester decrypts a normal key of the committee pk. */
    assert_int_equal(seal_elgamal_decrypt_and_verify(usk, sk, w1, w2, pk, fid, fl), SEAL_OK);
    tu_assert_bytes(usk, want_usk, 48, "decrypted usk");
    uint8_t msk[32], full[48];
    tu_hex(msk, 32, tu_str(dkg, "master_secret"), 1);
    assert_int_equal(seal_keys_extract(full, msk, fid, fl), SEAL_OK);
    tu_assert_bytes(usk, full, 48, "msk * H1(id)");
    /* The answers in the other order give the same ciphertext. */
    uint16_t rev[2] = {ids[1], ids[0]};
    uint8_t rc1[2][48], rc2[2][48];
    memcpy(rc1[0], c1[1], 48);
    memcpy(rc1[1], c1[0], 48);
    memcpy(rc2[0], c2[1], 48);
    memcpy(rc2[1], c2[0], 48);
    assert_int_equal(seal_committee_aggregate(o1, o2, 2, rev, (const uint8_t(*)[48])rc1,
                                              (const uint8_t(*)[48])rc2, 2),
                     SEAL_OK);
    tu_assert_bytes(o1, w1, 48, "reordered c1");
    tu_assert_bytes(o2, w2, 48, "reordered c2");
    json_decref(j);
}

/* elgamal_committee_pop.json "committee_aggregation": three parties, any two combine to the
 * committee key's extraction. */
static void test_pop_file_aggregation(void **state) {
    (void)state;
    json_t *j = tu_load_json("spec/elgamal_committee_pop.json");
    json_t *c = json_object_get(j, "committee_aggregation");
    uint8_t fid[64], ek[48], vk[96], sk[32], cmk[32], cpk[96], want0[48], want1[48], want_usk[48];
    size_t fl = tu_hex(fid, sizeof fid, tu_str(c, "full_id"), 0);
    tu_hex(ek, 48, tu_str(c, "enc_key"), 1);
    tu_hex(vk, 96, tu_str(c, "enc_verification_key"), 1);
    tu_hex(sk, 32, tu_str(c, "eph_secret_key"), 1);
    tu_hex(cmk, 32, tu_str(c, "committee_master_key"), 1);
    tu_hex(cpk, 96, tu_str(c, "committee_public_key"), 1);
    tu_hex(want_usk, 48, tu_str(c, "decrypted_user_secret_key"), 1);
    json_t *agg = json_object_get(c, "aggregated_encrypted_key");
    tu_hex(want0, 48, json_string_value(json_array_get(agg, 0)), 1);
    tu_hex(want1, 48, json_string_value(json_array_get(agg, 1)), 1);
    json_t *parties = json_object_get(c, "parties");
    size_t np = json_array_size(parties);
    assert_true(np >= 3 && np <= 8);
    uint8_t pc0[8][48], pc1[8][48];
    uint16_t ids[8];
    for (size_t i = 0; i < np; i++) {
        json_t *p = json_array_get(parties, i);
        uint8_t share[32], ppk[96], r[32], usk[48], c0[48], c1[48];
        ids[i] = (uint16_t)json_integer_value(json_object_get(p, "party_id"));
        tu_hex(share, 32, tu_str(p, "master_share"), 1);
        tu_hex(ppk, 96, tu_str(p, "partial_pk"), 1);
        tu_hex(r, 32, tu_str(p, "r"), 1);
        json_t *ekj = json_object_get(p, "encrypted_key");
        tu_hex(pc0[i], 48, json_string_value(json_array_get(ekj, 0)), 1);
        tu_hex(pc1[i], 48, json_string_value(json_array_get(ekj, 1)), 1);
        assert_int_equal(seal_keys_extract(usk, share, fid, fl), SEAL_OK);
        assert_int_equal(seal_elgamal_encrypt_with_randomness(c0, c1, ek, usk, r), SEAL_OK);
        tu_assert_bytes(c0, pc0[i], 48, "partial c0");
        tu_assert_bytes(c1, pc1[i], 48, "partial c1");
        assert_int_equal(seal_elgamal_verify(c0, c1, vk, ppk, fid, fl), SEAL_OK);
    }
    json_t *from = json_object_get(c, "aggregated_from_party_ids");
    json_t *lag = json_object_get(c, "lagrange_coefficients_at_0");
    size_t t = json_array_size(from);
    assert_int_equal(t, 2);
    uint8_t sc0[8][48], sc1[8][48];
    uint16_t sids[8];
    for (size_t k = 0; k < t; k++) {
        sids[k] = (uint16_t)json_integer_value(json_array_get(from, k));
        for (size_t i = 0; i < np; i++) {
            if (ids[i] == sids[k]) {
                memcpy(sc0[k], pc0[i], 48);
                memcpy(sc1[k], pc1[i], 48);
            }
        }
    }
    if (json_is_array(lag) && json_array_size(lag) == t) {
        seal_scalar l[8], w;
        assert_int_equal(seal_committee_lagrange_at_zero(l, sids, t, t), SEAL_OK);
        for (size_t k = 0; k < t; k++) {
            json_t *e = json_array_get(lag, k);
            const char *hex = json_is_string(e) ? json_string_value(e)
                                                : json_string_value(json_object_get(e, "lambda"));
            assert_non_null(hex);
            scalar_hex(&w, hex);
            assert_true(seal_scalar_equal(&l[k], &w));
        }
    }
    uint8_t a0[48], a1[48], usk[48], full[48];
    assert_int_equal(seal_committee_aggregate(a0, a1, t, sids, (const uint8_t(*)[48])sc0,
                                              (const uint8_t(*)[48])sc1, t),
                     SEAL_OK);
    tu_assert_bytes(a0, want0, 48, "aggregated c0");
    tu_assert_bytes(a1, want1, 48, "aggregated c1");
    assert_int_equal(seal_elgamal_decrypt_and_verify(usk, sk, a0, a1, cpk, fid, fl), SEAL_OK);
    tu_assert_bytes(usk, want_usk, 48, "aggregated key");
    assert_int_equal(seal_keys_extract(full, cmk, fid, fl), SEAL_OK);
    tu_assert_bytes(usk, full, 48, "equals the committee key's extraction");
    /* Every other pair gives the same key. */
    for (size_t x = 0; x < np; x++) {
        for (size_t y = 0; y < np; y++) {
            if (x == y) {
                continue;
            }
            uint16_t pair[2] = {ids[x], ids[y]};
            uint8_t q0[2][48], q1[2][48];
            memcpy(q0[0], pc0[x], 48);
            memcpy(q0[1], pc0[y], 48);
            memcpy(q1[0], pc1[x], 48);
            memcpy(q1[1], pc1[y], 48);
            assert_int_equal(seal_committee_aggregate(a0, a1, 2, pair, (const uint8_t(*)[48])q0,
                                                      (const uint8_t(*)[48])q1, 2),
                             SEAL_OK);
            assert_int_equal(seal_elgamal_decrypt(usk, sk, a0, a1), SEAL_OK);
            tu_assert_bytes(usk, full, 48, "other pair");
        }
    }
    /* Three shares of a degree-1 polynomial with threshold 3 interpolate too (any t >= degree
     * + 1 works); with threshold 2 three shares are refused, as recover_c0 does. */
    assert_int_equal(seal_committee_aggregate(a0, a1, 3, ids, (const uint8_t(*)[48])pc0,
                                              (const uint8_t(*)[48])pc1, 3),
                     SEAL_OK);
    assert_int_equal(seal_elgamal_decrypt(usk, sk, a0, a1), SEAL_OK);
    tu_assert_bytes(usk, full, 48, "three shares");
    assert_int_equal(seal_committee_aggregate(a0, a1, 2, ids, (const uint8_t(*)[48])pc0,
                                              (const uint8_t(*)[48])pc1, 3),
                     SEAL_ERR_INVALID_ARGUMENT);
    static const uint8_t zero[48];
    tu_assert_bytes(a0, zero, 48, "zeroed on failure");
    json_decref(j);
}

/* Interpolating scalars: the upstream DKG's shares (t = 2 of 3, then t = 3 of 4 after the
 * rotation) give the same master secret for every subset; the rotation vector's Lagrange
 * coefficients over old indices {2, 1}. */
static void test_lagrange_upstream_shares(void **state) {
    (void)state;
    json_t *j = tu_load_json("spec/committee.json");
    json_t *e2e = json_object_get(j, "upstream_e2e");
    seal_scalar msk;
    scalar_hex(&msk, tu_str(e2e, "derived_master_secret"));
    const char *versions[2] = {"v0", "v1"};
    for (size_t v = 0; v < 2; v++) {
        json_t *ver = json_object_get(e2e, versions[v]);
        size_t t = (size_t)json_integer_value(json_object_get(ver, "threshold"));
        json_t *shares = json_object_get(ver, "master_shares_by_party");
        size_t n = json_array_size(shares);
        assert_true(n >= t && n <= 8);
        seal_scalar s[8];
        for (size_t i = 0; i < n; i++) {
            scalar_hex(&s[i], json_string_value(json_array_get(shares, i)));
        }
        /* every t-subset in increasing order, via bit masks */
        size_t subsets = 0;
        for (unsigned mask = 0; mask < (1u << n); mask++) {
            if ((size_t)__builtin_popcount(mask) != t) {
                continue;
            }
            uint16_t ids[8];
            size_t k = 0;
            for (uint16_t i = 0; i < n; i++) {
                if (mask & (1u << i)) {
                    ids[k++] = i;
                }
            }
            seal_scalar l[8], acc, term;
            assert_int_equal(seal_committee_lagrange_at_zero(l, ids, t, t), SEAL_OK);
            seal_scalar_from_u64(&acc, 0);
            for (size_t i = 0; i < t; i++) {
                seal_scalar_mul(&term, &l[i], &s[ids[i]]);
                seal_scalar_add(&acc, &acc, &term);
            }
            assert_true(seal_scalar_equal(&acc, &msk));
            subsets++;
        }
        assert_true(subsets >= 3);
    }
    /* msk * G2gen is the committee pk. */
    uint8_t pk[96], want[96];
    seal_g2 q;
    seal_g2_mul_gen(&q, &msk);
    seal_g2_compress(pk, &q);
    tu_hex(want, 96, tu_str(e2e, "committee_pk"), 1);
    tu_assert_bytes(pk, want, 96, "committee pk");

    json_t *rot =
        json_object_get(json_object_get(j, "rotation"), "lagrange_coeffs_over_old_indices");
    json_t *xs = json_object_get(rot, "old_indices");
    json_t *ls = json_object_get(rot, "lambdas");
    size_t n = json_array_size(xs);
    assert_int_equal(n, 2);
    uint16_t ids[2];
    for (size_t i = 0; i < n; i++) {
        ids[i] = (uint16_t)(atoi(json_string_value(json_array_get(xs, i))) - 1);
    }
    seal_scalar l[2], w;
    assert_int_equal(seal_committee_lagrange_at_zero(l, ids, 2, 2), SEAL_OK);
    for (size_t i = 0; i < n; i++) {
        scalar_hex(&w, json_string_value(json_array_get(ls, i)));
        assert_true(seal_scalar_equal(&l[i], &w));
    }
    json_decref(j);
}

/* recover_c0's rules: exactly t points, distinct, index party + 1 representable. */
static void test_lagrange_rejects(void **state) {
    (void)state;
    seal_scalar l[4], one;
    seal_scalar_from_u64(&one, 1);
    const uint16_t ok[3] = {0, 1, 2};
    assert_int_equal(seal_committee_lagrange_at_zero(l, ok, 3, 3), SEAL_OK);
    assert_int_equal(seal_committee_lagrange_at_zero(l, ok, 2, 3), SEAL_ERR_INVALID_ARGUMENT);
    assert_int_equal(seal_committee_lagrange_at_zero(l, ok, 3, 2), SEAL_ERR_INVALID_ARGUMENT);
    assert_int_equal(seal_committee_lagrange_at_zero(l, ok, 0, 0), SEAL_ERR_INVALID_ARGUMENT);
    const uint16_t dup[3] = {4, 7, 4};
    assert_int_equal(seal_committee_lagrange_at_zero(l, dup, 3, 3), SEAL_ERR_INVALID_ARGUMENT);
    assert_true(seal_scalar_is_zero(&l[0]) && seal_scalar_is_zero(&l[2]));
    const uint16_t top[2] = {3, UINT16_MAX};
    assert_int_equal(seal_committee_lagrange_at_zero(l, top, 2, 2), SEAL_ERR_INVALID_ARGUMENT);
    const uint16_t high[2] = {3, UINT16_MAX - 1};
    assert_int_equal(seal_committee_lagrange_at_zero(l, high, 2, 2), SEAL_OK);
    /* a single point has coefficient 1 */
    const uint16_t single[1] = {9};
    assert_int_equal(seal_committee_lagrange_at_zero(l, single, 1, 1), SEAL_OK);
    assert_true(seal_scalar_equal(&l[0], &one));
    /* coefficients sum to 1 (interpolating the constant polynomial 1) */
    const uint16_t four[4] = {10, 3, 250, 7};
    assert_int_equal(seal_committee_lagrange_at_zero(l, four, 4, 4), SEAL_OK);
    seal_scalar sum;
    seal_scalar_from_u64(&sum, 0);
    for (size_t i = 0; i < 4; i++) {
        seal_scalar_add(&sum, &sum, &l[i]);
    }
    assert_true(seal_scalar_equal(&sum, &one));
    /* bad points at the byte level */
    uint8_t c[2][48], o1[48], o2[48];
    memset(c, 0, sizeof c);
    c[0][0] = c[1][0] = 0xc0; /* identity encodings decode */
    assert_int_equal(seal_committee_aggregate(o1, o2, 2, ok, (const uint8_t(*)[48])c,
                                              (const uint8_t(*)[48])c, 2),
                     SEAL_OK);
    c[1][0] = 0x80;
    c[1][47] = 1; /* not on the curve */
    assert_true(seal_committee_aggregate(o1, o2, 2, ok, (const uint8_t(*)[48])c,
                                         (const uint8_t(*)[48])c, 2) != SEAL_OK);
}

/* A member's answer for many ids verified in one product: all good passes; one wrong key, one
 * key for another id, swapped halves or an identity fails. */
static void test_batch_verification(void **state) {
    (void)state;
    tu_rng r;
    tu_rng_init(&r, 2024);
    seal_rng rng = {tu_rng_fill, &r};
    enum { N = 6 };
    uint8_t share[32], ppk_b[96], sk[32], ek[48], vk_b[96];
    assert_int_equal(seal_keys_generate(share, ppk_b, &rng), SEAL_OK);
    assert_int_equal(seal_elgamal_keygen(sk, ek, vk_b, &rng), SEAL_OK);
    seal_g2 ppk, vk, other_pk;
    assert_int_equal(seal_g2_decompress(&ppk, ppk_b), SEAL_OK);
    assert_int_equal(seal_g2_decompress(&vk, vk_b), SEAL_OK);
    seal_g2_generator(&other_pk);
    seal_g1 c1[N], c2[N], gid[N];
    for (size_t k = 0; k < N; k++) {
        uint8_t fid[40] = {0}, usk[48], e1[48], e2[48];
        fid[32] = (uint8_t)k;
        fid[39] = 0x5a;
        assert_int_equal(seal_keys_extract(usk, share, fid, sizeof fid), SEAL_OK);
        assert_int_equal(seal_elgamal_encrypt(e1, e2, ek, usk, &rng), SEAL_OK);
        assert_int_equal(seal_g1_decompress(&c1[k], e1), SEAL_OK);
        assert_int_equal(seal_g1_decompress(&c2[k], e2), SEAL_OK);
        assert_int_equal(seal_ibe_hash_id(&gid[k], fid, sizeof fid), SEAL_OK);
    }
    assert_int_equal(seal_committee_verify_partial_keys(c1, c2, gid, N, &vk, &ppk, &rng), SEAL_OK);
    assert_int_equal(seal_committee_verify_partial_keys(c1, c2, gid, N, &vk, &ppk, NULL), SEAL_OK);
    assert_int_equal(seal_committee_verify_partial_keys(c1, c2, gid, N, &vk, &other_pk, &rng),
                     SEAL_ERR_INVALID_KEY);
    /* one entry's key for another id */
    seal_g1 save = gid[3];
    gid[3] = gid[4];
    assert_int_equal(seal_committee_verify_partial_keys(c1, c2, gid, N, &vk, &ppk, &rng),
                     SEAL_ERR_INVALID_KEY);
    gid[3] = save;
    /* one wrong partial key (c2 shifted by a point) */
    seal_g1 g, save2 = c2[5];
    seal_g1_generator(&g);
    seal_g1_add(&c2[5], &c2[5], &g);
    assert_int_equal(seal_committee_verify_partial_keys(c1, c2, gid, N, &vk, &ppk, &rng),
                     SEAL_ERR_INVALID_KEY);
    c2[5] = save2;
    /* two wrong keys whose errors cancel in an unweighted sum are still caught */
    seal_g1_add(&c2[0], &c2[0], &g);
    seal_g1_sub(&c2[1], &c2[1], &g);
    assert_int_equal(seal_committee_verify_partial_keys(c1, c2, gid, N, &vk, &ppk, &rng),
                     SEAL_ERR_INVALID_KEY);
    seal_g1_sub(&c2[0], &c2[0], &g);
    seal_g1_add(&c2[1], &c2[1], &g);
    assert_int_equal(seal_committee_verify_partial_keys(c1, c2, gid, N, &vk, &ppk, &rng), SEAL_OK);
    /* swapped halves */
    assert_int_equal(seal_committee_verify_partial_keys(c2, c1, gid, 1, &vk, &ppk, &rng),
                     SEAL_ERR_INVALID_KEY);
    /* identities */
    seal_g1 inf;
    seal_g2 inf2;
    seal_g1_identity(&inf);
    seal_g2_identity(&inf2);
    save = c1[2];
    c1[2] = inf;
    assert_int_equal(seal_committee_verify_partial_keys(c1, c2, gid, N, &vk, &ppk, &rng),
                     SEAL_ERR_IDENTITY);
    c1[2] = save;
    save = c2[0];
    c2[0] = inf;
    assert_int_equal(seal_committee_verify_partial_keys(c1, c2, gid, 1, &vk, &ppk, &rng),
                     SEAL_ERR_IDENTITY);
    c2[0] = save;
    assert_int_equal(seal_committee_verify_partial_keys(c1, c2, gid, N, &inf2, &ppk, &rng),
                     SEAL_ERR_IDENTITY);
    assert_int_equal(seal_committee_verify_partial_keys(c1, c2, gid, N, &vk, &inf2, &rng),
                     SEAL_ERR_IDENTITY);
    /* sizes and a failing RNG */
    assert_int_equal(seal_committee_verify_partial_keys(c1, c2, gid, 0, &vk, &ppk, &rng),
                     SEAL_ERR_INVALID_ARGUMENT);
    assert_int_equal(seal_committee_verify_partial_keys(c1, c2, gid, SEAL_COMMITTEE_MAX_BATCH + 1,
                                                        &vk, &ppk, &rng),
                     SEAL_ERR_INVALID_ARGUMENT);
    seal_rng broken = {failing_fill, NULL};
    assert_int_equal(seal_committee_verify_partial_keys(c1, c2, gid, N, &vk, &ppk, &broken),
                     SEAL_ERR_RNG);
    /* a single key needs no randomness */
    assert_int_equal(seal_committee_verify_partial_keys(c1, c2, gid, 1, &vk, &ppk, &broken),
                     SEAL_OK);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_aggregation_vector),
        cmocka_unit_test(test_pop_file_aggregation),
        cmocka_unit_test(test_lagrange_upstream_shares),
        cmocka_unit_test(test_lagrange_rejects),
        cmocka_unit_test(test_batch_verification),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
