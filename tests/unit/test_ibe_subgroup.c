/* Seal encryption checks that every public key is in G2 on the Miller loop's final point
 * (psi(Q) == -[|x|] Q): keys on E2 but outside G2, at any position, fail the whole encryption with
 * SEAL_ERR_NOT_IN_SUBGROUP and zeroed outputs; keys in G2 encrypt shares that decrypt. */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "bls/curve.h"
#include "seal/bls12_381.h"
#include "seal/ibe.h"

#define MAX_KEYS 8
#define MAX_BAD 24

/* r, big-endian (checked below: [r] G2 generator is the identity) */
static const char *R_HEX = "73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001";

static uint8_t bad[MAX_BAD][96];
static size_t n_bad;

/* h2 / 13^2 (h2, the cofactor of G2, from constants.json; its 13-part has exponent 13): for P on
 * E2, [h2 r / 13^2] P has order 13 or 1 */
static const char *H2_OVER_169_HEX = "0008d5fc7522f6c4d5a3c5663541d68b60a5f9bdc250555d81be2a9b0c648"
                                     "3045a5b213dcb71085945e0aef29c5e8629"
                                     "edf4046db800a8373336b3150941cfdd";

/* [k] p for a big-endian k of len bytes, by double and add over E2's formulas (no GLS: valid for
 * any point of E2). */
static void mul_big(seal_g2 *out, const seal_g2 *p, const char *k_hex, size_t len) {
    uint8_t k[64];
    seal_g2 acc;
    assert_true(len <= sizeof k);
    tu_hex(k, len, k_hex, 1);
    seal_g2_identity(&acc);
    for (size_t i = 0; i < 8 * len; i++) {
        seal_g2_double(&acc, &acc);
        if ((k[i / 8] >> (7 - i % 8)) & 1) {
            seal_g2_add(&acc, &acc, p);
        }
    }
    *out = acc;
}

static void mul_by_r(seal_g2 *out, const seal_g2 *p) {
    mul_big(out, p, R_HEX, 32);
}

static void add_bad(const uint8_t enc[96]) {
    seal_g2 p;
    assert_true(n_bad < MAX_BAD);
    /* on the curve, outside G2: the public decoder refuses it, the on-curve decoder accepts it */
    assert_int_equal(seal_g2_decompress(&p, enc), SEAL_ERR_NOT_IN_SUBGROUP);
    assert_int_equal(seal__g2_decompress_on_curve(&p, enc), SEAL_OK);
    assert_false(seal_g2_is_identity(&p));
    assert_true(seal_g2_is_on_curve(&p));
    memcpy(bad[n_bad++], enc, 96);
}

static int setup(void **state) {
    (void)state;
    seal_g2 g, p;
    uint8_t enc[96];
    /* the constant r is right */
    seal_g2_generator(&g);
    mul_by_r(&p, &g);
    assert_true(seal_g2_is_identity(&p));
    /* the G2 encodings of the vectors that are on E2 but not in G2 */
    json_t *v = tu_load_json("bls12_381/pairing_vectors.json");
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(v, "malformed_encodings"), i, e) {
        if (strcmp(tu_str(e, "group"), "G2") == 0 &&
            strcmp(tu_str(e, "reason"), "not_in_subgroup") == 0 &&
            json_integer_value(json_object_get(e, "length")) == 96) {
            tu_hex(enc, 96, tu_str(e, "hex"), 1);
            add_bad(enc);
        }
    }
    json_decref(v);
    assert_true(n_bad >= 2);
    /* map_to_curve outputs without cofactor clearing, and their pure cofactor-torsion parts [r] P
     */
    for (uint8_t k = 0; k < 6; k++) {
        uint8_t msg[2] = {'q', k};
        static const uint8_t dst[] = "SEAL-TEST-FUSED-SUBGROUP";
        fp2 u[2];
        seal__hash_to_field_fp2(u, msg, sizeof msg, dst, sizeof dst - 1);
        seal__g2_map_to_curve(&p, &u[0]);
        seal_g2_compress(enc, &p);
        add_bad(enc);
        mul_by_r(&p, &p);
        if (!seal_g2_is_identity(&p)) {
            seal_g2_compress(enc, &p);
            add_bad(enc);
        }
    }
    /* a point of order 13: the Miller loop reaches T = [12] Q = -Q at its second addition, then
     * the identity, then (0 : 0 : 0), which only the Z != 0 condition rejects */
    {
        uint8_t msg[2] = {'t', 0};
        static const uint8_t dst[] = "SEAL-TEST-FUSED-SUBGROUP";
        fp2 u[2];
        seal_g2 t, q13;
        bool found = false;
        for (uint8_t k = 0; k < 8 && !found; k++) {
            msg[1] = k;
            seal__hash_to_field_fp2(u, msg, sizeof msg, dst, sizeof dst - 1);
            seal__g2_map_to_curve(&p, &u[0]);
            mul_by_r(&p, &p);
            mul_big(&q13, &p, H2_OVER_169_HEX, 64);
            if (!seal_g2_is_identity(&q13)) {
                found = true;
            }
        }
        assert_true(found);
        seal_g2_double(&t, &q13); /* [13] q13 = O: 13 = 1101b */
        seal_g2_add(&t, &t, &q13);
        seal_g2_double(&t, &t);
        seal_g2_double(&t, &t);
        seal_g2_add(&t, &t, &q13);
        assert_true(seal_g2_is_identity(&t));
        seal_g2_compress(enc, &q13);
        add_bad(enc);
    }
    return 0;
}

typedef struct {
    uint8_t pks[MAX_KEYS][96];
    uint8_t object_ids[MAX_KEYS][32];
    uint8_t indices[MAX_KEYS];
    uint8_t shares[MAX_KEYS][32];
    uint8_t nonce[96];
    uint8_t enc[MAX_KEYS][32];
    seal_scalar r;
    seal_g1 gid;
} job;

/* Key i of a job is [k_i] G2 with k_i = 2 + i (so its user key is [k_i] gid). */
static void job_init(job *j) {
    static const uint8_t dst[] = "SEAL-TEST-FUSED-GID";
    memset(j, 0, sizeof *j);
    for (size_t i = 0; i < MAX_KEYS; i++) {
        seal_scalar k;
        seal_g2 pk;
        seal_scalar_from_u64(&k, 2 + i);
        seal_g2_mul_gen(&pk, &k);
        seal_g2_compress(j->pks[i], &pk);
        memset(j->object_ids[i], (int)(0x40 + i), 32);
        j->indices[i] = (uint8_t)(i + 1);
        memset(j->shares[i], (int)(0x11 * (i + 1)), 32);
    }
    seal_scalar_from_u64(&j->r, 0x1234567890abcdefULL);
    seal_g1_hash_to_curve(&j->gid, (const uint8_t *)"id", 2, dst, sizeof dst - 1);
    memset(j->nonce, 0xaa, sizeof j->nonce);
    memset(j->enc, 0xaa, sizeof j->enc);
}

static seal_err job_run(job *j, size_t n) {
    return seal_ibe_encrypt_shares(j->nonce, j->enc, &j->r, &j->gid, (const uint8_t(*)[96])j->pks,
                                   (const uint8_t(*)[32])j->object_ids, j->indices,
                                   (const uint8_t(*)[32])j->shares, n);
}

static void assert_wiped(const job *j, size_t n) {
    static const uint8_t zero[96];
    assert_memory_equal(j->nonce, zero, 96);
    for (size_t i = 0; i < n; i++) {
        assert_memory_equal(j->enc[i], zero, 32);
    }
}

/* Every share decrypts with the user key [k] gid of the key [k] G2 it was encrypted to. */
static void assert_decrypts(const job *j, size_t n, const size_t *key_of) {
    seal_g2 u;
    uint8_t gid_bytes[48], share[32];
    assert_int_equal(seal_g2_decompress(&u, j->nonce), SEAL_OK);
    seal_g1_compress(gid_bytes, &j->gid);
    for (size_t i = 0; i < n; i++) {
        seal_scalar k;
        seal_g1 usk;
        seal_scalar_from_u64(&k, 2 + key_of[i]);
        seal_g1_mul(&usk, &j->gid, &k);
        seal_ibe_decrypt_share(share, &usk, &u, j->nonce, gid_bytes, j->object_ids[i],
                               j->indices[i], j->enc[i]);
        assert_memory_equal(share, j->shares[i], 32);
    }
}

static void test_valid_keys(void **state) {
    (void)state;
    job j;
    size_t key_of[MAX_KEYS];
    /* three distinct keys; then a weighted layout a a b c c (repeats share a pairing); then more
     * distinct keys than one batch of side-by-side pairings */
    job_init(&j);
    for (size_t i = 0; i < 3; i++) {
        key_of[i] = i;
    }
    assert_int_equal(job_run(&j, 3), SEAL_OK);
    assert_decrypts(&j, 3, key_of);

    job_init(&j);
    static const size_t weighted[5] = {0, 0, 1, 2, 2};
    for (size_t i = 5; i-- > 0;) { /* weighted[i] <= i: fill from the end */
        memcpy(j.pks[i], j.pks[weighted[i]], 96);
    }
    assert_int_equal(job_run(&j, 5), SEAL_OK);
    assert_decrypts(&j, 5, weighted);

    job_init(&j);
    for (size_t i = 0; i < MAX_KEYS; i++) {
        key_of[i] = i;
    }
    assert_int_equal(job_run(&j, MAX_KEYS), SEAL_OK);
    assert_decrypts(&j, MAX_KEYS, key_of);
}

static void test_cleared_points_accepted(void **state) {
    (void)state;
    /* map_to_curve outputs after cofactor clearing are in G2 and accepted */
    for (uint8_t k = 0; k < 4; k++) {
        uint8_t msg[2] = {'q', k};
        static const uint8_t dst[] = "SEAL-TEST-FUSED-SUBGROUP";
        fp2 u[2];
        seal_g2 p;
        job j;
        seal__hash_to_field_fp2(u, msg, sizeof msg, dst, sizeof dst - 1);
        seal__g2_map_to_curve(&p, &u[0]);
        seal__g2_clear_cofactor(&p, &p);
        assert_true(seal_g2_in_subgroup(&p));
        job_init(&j);
        seal_g2_compress(j.pks[1], &p);
        assert_int_equal(job_run(&j, 3), SEAL_OK);
    }
}

static void expect_rejected(job *j, size_t n) {
    assert_int_equal(job_run(j, n), SEAL_ERR_NOT_IN_SUBGROUP);
    assert_wiped(j, n);
}

static void test_non_subgroup_keys_rejected(void **state) {
    (void)state;
    job j;
    for (size_t b = 0; b < n_bad; b++) {
        /* first, middle, last of three */
        for (size_t pos = 0; pos < 3; pos++) {
            job_init(&j);
            memcpy(j.pks[pos], bad[b], 96);
            expect_rejected(&j, 3);
        }
        /* a weighted key repeated: g0 bad bad g1 */
        job_init(&j);
        memcpy(j.pks[1], bad[b], 96);
        memcpy(j.pks[2], bad[b], 96);
        expect_rejected(&j, 4);
        /* the only key, twice */
        job_init(&j);
        memcpy(j.pks[0], bad[b], 96);
        memcpy(j.pks[1], bad[b], 96);
        expect_rejected(&j, 2);
        /* in the second batch of side-by-side pairings */
        job_init(&j);
        memcpy(j.pks[MAX_KEYS - 1], bad[b], 96);
        expect_rejected(&j, MAX_KEYS);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_keys),
        cmocka_unit_test(test_cleared_points_accepted),
        cmocka_unit_test(test_non_subgroup_keys_rejected),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
